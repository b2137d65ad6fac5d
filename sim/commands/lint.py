"""``python -m sim lint PLAN...``: find mistakes that load cleanly but make a plan wrong.

Exit 0 when every plan is clean, 1 when any finding is printed, 2 when a file does not
even load (then the loader's problems are printed instead).
"""

from __future__ import annotations

import argparse

from ..messages import Message, text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("lint", help=Message("cli.command.lint"), description=Message("cli.lint.about"))
    parser.add_argument("plans", nargs="+", metavar="PLAN", help=Message("cli.lint.plans"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import InputError, Problem
    from ..lint import lint_plan
    from ..inputs import expand, load_plan, locate

    findings: list[Problem] = []
    invalid: list[Problem] = []
    files = expand(args.plans, allow_empty=False)
    for file, in_directory in files:
        name = str(file)
        try:
            plan = load_plan(file, require_stem=in_directory)
        except InputError as error:
            invalid.extend(error.problems)
            continue
        found = lint_plan(plan)
        if found:
            findings += locate(found, name).problems
    if invalid:
        raise InputError(invalid)
    for problem in sorted(findings):
        print(problem.render(args.lang))
    if findings:
        return 1
    print(text("cli.plans_clean", args.lang, n=len(files)))
    return 0
