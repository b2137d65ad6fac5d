"""``python -m sim run SCENARIO --seed N``: run a scenario through its plans.

The scenario names its plans and its area (:func:`sim.inputs.load_case` finds and checks
them). ``--replication I`` (default 0) is the replication row I of ``sweep SCENARIO --seed N``
ran (:meth:`sim.inputs.Case.draw`), so the two give the same outcome: for a template the
incident drawn for that row, with its engine seed; for a story the same story under that
row's engine seed (the summary says which replication it is when I is not 0). ``--plan FILE`` replaces the plan of the same
id with a planner's edited copy, whatever the file is called; a file whose id is not
one of the scenario's plans is refused rather than silently ignored. ``--resource ID=N`` sets the count
of one of the scenario's resources (as ``compare --resource`` sets the edited arm's). The summary is printed
in Chinese and English, or the one ``--lang`` picks (:mod:`sim.engine.summary`); ``--out``
writes the whole result as byte-stable JSON.
"""

from __future__ import annotations

import argparse

from ..cli_words import Words
from ..command_line import random_seed, replication, type_error
from ..errors import echoed
from ..messages import Message, render
from ..sweep.options import add_resource_option


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help=Message("cli.command.run"), description=Message("cli.run.about"))
    parser.add_argument("scenario", metavar="SCENARIO", help=Message("cli.run.scenario"))
    parser.add_argument("--seed", type=random_seed, required=True, metavar="N", help=Message("cli.run.seed"))
    parser.add_argument("--plan", action="append", default=[], metavar="FILE", help=Message("cli.option.plan"))
    add_resource_option(parser, "cli.option.resource")
    parser.add_argument("--replication", type=replication, default=0, metavar="I", help=Message("cli.run.replication"))
    parser.add_argument("--until", type=_hours, metavar="H", help=Message("cli.run.until"))
    parser.add_argument("--out", metavar="FILE.json", help=Message("cli.run.out"))
    parser.set_defaults(run=run)


def _hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise type_error("cli.hours", got=echoed(text)) from None
    if not value > 0 or value == float("inf"):
        raise type_error("cli.positive_hours", got=echoed(text))
    return value


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..engine.recorder import dumps
    from ..engine.run import run_scenario
    from ..engine.summary import summary_text
    from ..errors import InputError, Problem, system_reason
    from ..inputs import load_case
    from ..sweep.options import resource_counts
    from ..sweep.words import drawn_facts

    shipped = load_case(args.scenario, args.plan, replication=args.replication)
    case = shipped.changed(resources=resource_counts(shipped, args.resource))
    draw = case.draw(args.seed)
    scenario, plans, area = draw.scenario, case.plans, case.area
    result = draw.stamp(run_scenario(scenario, plans, area, draw.seed, until=args.until))
    drawn = ""
    if case.is_template:
        words = Words(args.lang)
        drawn = words.head("run.drawn_label") + render(
            Message("run.drawn", replication=draw.replication, scenario=case.scenario.title.model_dump(), seed=args.seed,
                    facts=drawn_facts(case.scenario.template, draw.facts)), args.lang)
    elif draw.replication:  # the summary's seed is the engine's: say which row of a sweep it is
        words = Words(args.lang)
        drawn = words.head("run.story_replication_label") + render(
            Message("run.story_replication", replication=draw.replication, scenario=case.scenario.title.model_dump(),
                    seed=args.seed, engine=draw.seed), args.lang)
    if args.out:
        try:
            Path(args.out).write_text(dumps(result) + "\n", encoding="utf-8")
        except OSError as error:
            raise InputError([Problem(args.out, 0, 0, "", Message("output.cannot_write", reason=system_reason(error, writing=True)))]) from None
    if case.scenario.resources != shipped.scenario.resources:  # say it above the result, as the Run page does
        print(render(_other_counts(shipped, case), args.lang))
    print(summary_text(result, scenario, plans, area, drawn, args.lang), end="")
    if "fire" in result["summary"]:
        from ..fire.report import fire_text

        print(fire_text(result, scenario, plans, area, args.lang), end="")
    return 0


def _other_counts(shipped, case) -> Message:
    """That the run's resource counts are not the scenario's, naming each changed count."""
    from ..messages import LANGUAGES, joined, text
    from ..report import name_of, names_from

    names = names_from(case.plans).of("resource")
    changed = [(rid, n) for rid, n in sorted(case.scenario.resources.items()) if shipped.scenario.resources.get(rid) != n]
    return Message("run.edited_resources", changes={language: joined(
        [text("run.count_change", language, resource=name_of(names, rid, language),
              shipped=shipped.scenario.resources.get(rid), now=n) for rid, n in changed], language)
        for language in LANGUAGES})
