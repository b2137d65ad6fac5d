"""``python -m sim validate FILE...``: check plan, scenario and area files."""

from __future__ import annotations

import argparse

from ..messages import BOTH, text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "validate",
        help=text("cli.command.validate", BOTH),
        description="Validate YAML files: plans (plans/*.yaml), scenarios (plans/scenarios/) and areas "
        "(plans/areas/). The folder tells the kind; elsewhere the content does (a plan has `kind:`, a "
        "scenario `plans:` and `area:`, an area `substations:` and `feeders:`). A scenario is checked "
        "against the plans and area it names, found as `run` finds them. A plan's id must equal its file name "
        "in a directory given here (plans are found there by id); a plan file named on its own may have any "
        "name (an edited copy). Prints FILE:LINE:COL: path: "
        "message for every problem. Exit 0 when all are valid, 2 otherwise.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="YAML files or directories of them")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..inputs.case import load_any
    from ..inputs.loader import expand

    problems = set()
    files = expand(args.files, allow_empty=False)
    for file, in_directory in files:
        try:
            load_any(file, in_directory)
        except InputError as error:
            problems.update(error.problems)  # a scenario repeats its plans' problems
    if problems:
        raise InputError(list(problems))
    print(text("cli.files_valid", args.lang, n=len(files)))
    return 0
