"""``python -m sim run SCENARIO --seed N``: run a scenario through its plans.

The scenario names its plans and its area; they are read from beside it (plans in
``plans/``, the area in ``plans/areas/``). ``--plan FILE`` replaces the plan of the same
id with a planner's edited copy, whatever the file is called; a file whose id is not
one of the scenario's plans is refused rather than silently ignored. The summary is printed
in Chinese and English; ``--out`` writes the whole result as byte-stable JSON.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "run",
        help="run a scenario through its plans and print a bilingual summary",
        description="Run a scenario (plans/scenarios/*.yaml) through the plans it names on the SimPy engine "
        "and print a summary: key times, response levels over time, backup power that ran dry, unmet duties. "
        "The same scenario, plans and seed always give the same result. Exit 0 on a run, 2 on bad input.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario file, e.g. plans/scenarios/winter-ice-storm.yaml")
    parser.add_argument("--seed", type=_seed, required=True, metavar="N", help="random seed (an integer ≥ 0)")
    parser.add_argument("--plan", action="append", default=[], metavar="FILE",
                        help="a plan file that replaces the scenario's plan of the same id (repeatable); "
                        "its id must be one of the scenario's plans")
    parser.add_argument("--until", type=_hours, metavar="H", help="stop after H hours (default: the scenario's horizon)")
    parser.add_argument("--out", metavar="FILE.json", help="write the full result as JSON")
    parser.set_defaults(run=run)


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"a seed must not be negative, got {value}")
    return value


def _hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of hours, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of hours, got {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..engine import dumps, run_scenario
    from ..engine.summary import summary_text
    from ..errors import InputError, Problem
    from ..scenario import load_inputs

    scenario, plans, area = load_inputs(args.scenario, args.plan)
    result = run_scenario(scenario, plans, area, args.seed, until=args.until)
    if args.out:
        try:
            Path(args.out).write_text(dumps(result) + "\n", encoding="utf-8")
        except OSError as error:
            raise InputError([Problem(args.out, 0, 0, "", f"cannot write: {error.strerror}")]) from None
    print(summary_text(result, scenario, plans, area), end="")
    if "fire" in result["summary"]:
        from ..fire.report import fire_text

        print(fire_text(result, scenario, plans, area), end="")
    return 0
