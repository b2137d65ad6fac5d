"""``python -m sim validate FILE...``: check plan, scenario and area files; a library's folder
with the scenarios and areas in its subfolders."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..messages import Message, text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("validate", help=Message("cli.command.validate"), description=Message("cli.validate.about"))
    parser.add_argument("files", nargs="+", metavar="FILE", help=Message("cli.validate.files"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..inputs.case import load_any
    from ..inputs import expand, is_dir
    from ..inputs.layout import with_parts

    problems: dict = {}
    asked = [part for name in args.files for part in (with_parts(Path(name)) if is_dir(name) else [Path(name)])]
    files = list(dict.fromkeys(expand(asked, allow_empty=False)))  # a folder named with its library only once
    for file, in_directory in files:
        try:
            load_any(file, in_directory)
        except InputError as error:
            for problem in error.problems:  # a scenario repeats its plans' problems, under the path it found them by
                # the same file named relative or absolute; links are not followed (one may loop back on itself)
                same = (os.path.abspath(problem.file), problem.line, problem.col, problem.path, problem.message)
                problems.setdefault(same, problem)
    if problems:
        raise InputError(list(problems.values()))
    print(text("cli.files_valid", args.lang, n=len(files)))
    return 0
