"""``python -m sim sweep SCENARIO --runs N --seed S``: thousands of replications, one row each.

A template scenario's ``template:`` section says how to draw an incident; replication
``i`` draws its incident and its engine seed from ``(S, i)`` alone. Any other scenario
tells one story (a grassland fire, a festival's fire lockdown); replication ``i`` runs that
story under its own engine seed, so the rows show the spread of its outcomes (fires, area
burned, fines, levels). Either way replication ``i`` is :meth:`sim.inputs.Case.draw`'s, the
one ``compare`` and ``run --replication i`` run, and the rows are the same on one process,
on a pool of K, or on a Dask cluster. A story's rows have no columns of drawn facts
(cause, season, weather, start…): nothing was drawn, and a spreadsheet of blank columns
says nothing. Rows go to ``--out`` (CSV or
Parquet) or, without it, as CSV to stdout; a progress bar goes to stderr.

A file is for people as well as programs (a CSV is opened in Excel): after each column of
ids (the level reached, the cause drawn…) it holds a column of their names in the
reader's language (``--lang``; Chinese when both are asked for), and after each column of
hours since the incident's start (``terminated_at_h``) the moment on the clock
(``terminated_at``, ``2024-01-15 06:35``; a story's clock starts at its scenario's ``start``),
the minute ``run`` prints for that replication (the row's, written from the engine's hour
before it is rounded). Stdout, read by programs, keeps the ids and hours alone.

Interrupted (Ctrl-C), a sweep says how far it got and that its output is not whole: a file
is not written at all (:class:`sim.sweep.output.Writer` removes its partial copy), rows on
stdout are only the first ones; the exit status is 130.
"""

from __future__ import annotations

import argparse

from ..sweep.options import add_resource_option, add_run_options

from ..messages import LANGUAGES, Message, render, text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("sweep", help=Message("cli.command.sweep"), description=Message("cli.sweep.about"),
                            epilog=_columns)
    add_run_options(parser)
    add_resource_option(parser, "cli.option.resource")
    parser.add_argument("--out", metavar="FILE", help=Message("cli.sweep.out"))
    parser.set_defaults(run=run)


def _columns(language: str) -> str:
    """The columns of a sweep's rows, one a line, in ``language``."""
    import shutil

    from ..command_line import wrap
    from ..messages import section, text

    width = shutil.get_terminal_size().columns - 2 - 27  # as argparse measures the terminal
    lines = []
    for name in section("sweep.column."):
        first, *more = wrap(text(f"sweep.column.{name}", language), max(width, 20))
        lines += [f"  {name:24} {first}", *(" " * 27 + line for line in more)]
    note = wrap(text("cli.sweep.drawn_columns", language), max(width + 25, 40))
    return text("cli.sweep.columns", language) + ":\n" + "\n".join(lines + [""] + [f"  {line}" for line in note])


def run(args: argparse.Namespace) -> int:
    import sys
    from collections import Counter

    from ..errors import InputError, Problem, system_reason
    from ..sweep import output
    from ..inputs import load_case, resolved
    from ..report import level_name
    from ..sweep.executor import Job, MissingExtra
    from ..sweep.options import UNAVAILABLE, execute, resource_counts, unavailable
    from ..sweep.rows import columns, for_programs, primary, readable
    from ..sweep.words import readable_row

    if args.out is not None:
        try:
            output.check(args.out)
        except MissingExtra as error:
            return unavailable(error, args.lang)
        if not resolved(args.out).parent.is_dir():
            raise InputError([Problem(args.out, 0, 0, "", Message("output.cannot_write", reason=Message("os_error.no_directory")))])
    case = load_case(args.scenario, args.plan)
    case = case.changed(resources=resource_counts(case, args.resource))
    scenario, plans = case.scenario, case.plans
    job = Job((case,), args.seed, columns([plans], scenario.plans, case.is_template))
    plan = primary(plans, scenario.plans)
    header = job.layout.names
    level_at, incidents_at = header.index("max_level"), header.index("incidents")
    levels: Counter = Counter()
    incidents: Counter = Counter()  # replications by how many incidents each held
    for_people = readable_row(header, scenario.template, plan, args.lang if args.lang in LANGUAGES else "zh")
    programs_header, for_programs_row = for_programs(header)
    shown, shown_row = (programs_header, for_programs_row) if args.out is None else (readable(header), for_people)
    try:
        with output.Writer(args.out if args.out is not None else sys.stdout, shown) as writer:

            def sink(batch) -> None:
                rows = [arms[0] for arms in batch]
                levels.update(row[level_at] for row in rows)
                incidents.update(row[incidents_at] for row in rows)
                writer.write([shown_row(row) for row in rows])

            execute(job, args, sink)
    except KeyboardInterrupt:
        done = sum(levels.values())
        message = (Message("sweep.interrupted_stdout", done=done, n=args.runs) if args.out is None else
                   Message("sweep.interrupted_file", done=done, n=args.runs, out=args.out))
        print(f"\npython -m sim: {render(message, args.lang)}", file=sys.stderr)
        raise
    except UNAVAILABLE as error:
        return unavailable(error, args.lang)
    except OSError as error:
        if args.out is None:
            raise  # stdout closed by its reader: the command line ends quietly (sim.cli)
        raise InputError([Problem(args.out, 0, 0, "", Message("output.cannot_write", reason=system_reason(error, writing=True)))]) from None
    if args.out is None:
        return 0
    order = [level.id for level in (plan.response_levels if plan else [])] + [None]
    counts = {language: text("common.comma", language).join(
        f"{level_name(plan, level, language, text('common.none', language))}{text('common.colon', language)}"
        f"{levels.get(level, 0)}" for level in order) for language in LANGUAGES}
    print(render(Message("sweep.written", n=sum(levels.values()), seed=args.seed, out=args.out), args.lang))
    print(render(Message("sweep.highest", counts=counts), args.lang))
    held = {language: text("common.comma", language).join(
        f"{k}{text('common.colon', language)}{incidents[k]}" for k in sorted(incidents)) for language in LANGUAGES}
    print(render(Message("sweep.incidents", counts=held), args.lang))
    return 0
