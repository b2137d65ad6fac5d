"""``python -m sim run SCENARIO --seed N``: run a scenario through its plans.

The scenario names its plans and its area (:func:`sim.inputs.load_case` finds and checks
them). A template scenario runs one drawn incident: ``--replication I`` (default 0) is
the incident row I of ``sweep TEMPLATE --seed N`` ran, with the same engine seed, so the
two give the same outcome. ``--plan FILE`` replaces the plan of the same
id with a planner's edited copy, whatever the file is called; a file whose id is not
one of the scenario's plans is refused rather than silently ignored. The summary is printed
in Chinese and English; ``--out`` writes the whole result as byte-stable JSON.
"""

from __future__ import annotations

import argparse

from ..command_line import count

from ..messages import BOTH, text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "run",
        help=text("cli.command.run", BOTH),
        description="Run a scenario (plans/scenarios/*.yaml) through the plans it names on the SimPy engine "
        "and print a summary: key times, response levels over time, backup power that ran dry, unmet duties. "
        "The same scenario, plans and seed always give the same result. Exit 0 on a run, 2 on bad input.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario file, e.g. plans/scenarios/winter-ice-storm.yaml")
    parser.add_argument("--seed", type=_seed, required=True, metavar="N", help="random seed (an integer ≥ 0)")
    parser.add_argument("--plan", action="append", default=[], metavar="FILE",
                        help="a plan file that replaces the scenario's plan of the same id (repeatable); "
                        "its id must be one of the scenario's plans")
    parser.add_argument("--replication", type=count(0), default=0, metavar="I",
                        help="for a template scenario: run the incident drawn for replication I of a sweep with "
                        "the same --seed (default 0); for any other scenario, the engine seed N + I")
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
    from ..inputs import load_case

    case = load_case(args.scenario, args.plan)
    draw = case.draw(args.seed, args.replication)
    scenario, plans, area = draw.scenario, case.plans, case.area
    result = run_scenario(scenario, plans, area, draw.seed, until=args.until)
    drawn = ""
    if case.is_template:
        facts = ", ".join(f"{value}" for value in draw.facts[:4])
        drawn = (f"抽样 Drawn       replication {draw.replication} of {case.scenario.id} under seed {args.seed} "
                 f"(as row {draw.replication} of `sweep --seed {args.seed}`): {facts}")
    if args.out:
        try:
            Path(args.out).write_text(dumps(result) + "\n", encoding="utf-8")
        except OSError as error:
            raise InputError([Problem(args.out, 0, 0, "", f"cannot write: {error.strerror}")]) from None
    print(summary_text(result, scenario, plans, area, drawn), end="")
    if "fire" in result["summary"]:
        from ..fire.report import fire_text

        print(fire_text(result, scenario, plans, area), end="")
    return 0
