"""Options and the run loop that ``sweep`` and ``compare`` share.

Where the replications run is an option, never a different answer: ``--workers K``
(a local process pool; 1 runs in this process), ``--dask local`` (a Dask LocalCluster
of K worker processes) or ``--dask ADDRESS`` (an existing scheduler, whose workers must
have this package installed). The rows are the same in every case.
"""

from __future__ import annotations

import argparse
import sys

from ..bounds import MAX_COUNT, MAX_RUNS
from ..command_line import cores, count, random_seed, workers
from ..messages import Message, render
from .executor import ClusterError, MissingExtra


def add_run_options(parser: argparse.ArgumentParser, plan_help: str = "cli.option.plan") -> None:
    """The scenario and how to run its replications: any scenario, a template (a new incident
    drawn per replication) or a story (the same incident under a new seed per replication,
    :meth:`sim.inputs.Case.draw`). ``plan_help`` says what ``--plan`` replaces: the scenario's
    plan, as ``run --plan`` does, or in ``compare`` the plan of both arms."""
    parser.add_argument("scenario", metavar="SCENARIO", help=Message("cli.sweep.scenario"))
    parser.add_argument("--runs", type=count(1, maximum=MAX_RUNS), required=True, metavar="N", help=Message("cli.sweep.runs"))
    parser.add_argument("--seed", type=random_seed, required=True, metavar="S", help=Message("cli.sweep.seed"))
    parser.add_argument("--plan", action="append", default=[], metavar="FILE", help=Message(plan_help))
    parser.add_argument("--workers", type=workers, metavar="K", help=Message("cli.sweep.workers"))
    parser.add_argument("--dask", metavar="ADDRESS", help=Message("cli.sweep.dask"))
    parser.add_argument("--batch", type=count(1), metavar="B", help=Message("cli.sweep.batch"))
    parser.add_argument("--no-progress", action="store_true", help=Message("cli.sweep.no_progress"))


def execute(job, args, sink) -> None:
    """Run the job as the options say, handing rows to ``sink`` in replication order.

    Raises :class:`MissingExtra` or :class:`ClusterError` (see :func:`unavailable`).
    """
    from tqdm import tqdm

    from .executor import dask_client, run

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    with tqdm(total=args.runs, unit="run", file=sys.stderr, disable=True if args.no_progress else None,
              dynamic_ncols=True) as bar:
        if args.dask:
            with dask_client(args.dask, args.workers or cores()) as client:
                run(job, args.runs, dask=client, batch=args.batch, progress=bar.update, sink=sink)
        else:
            run(job, args.runs, workers=args.workers or 1, batch=args.batch, progress=bar.update, sink=sink)


#: What the commands catch around :func:`execute`.
UNAVAILABLE = (MissingExtra, ClusterError)


def unavailable(error: Exception, language: str) -> int:
    """Report a missing extra or an unreachable cluster, in ``language``; exit status 2."""
    print(f"python -m sim: {render(error.args[0], language)}", file=sys.stderr)
    return 2


def add_resource_option(parser: argparse.ArgumentParser, help_key: str) -> None:
    """``--resource ID=N`` (repeatable): another count of one of the scenario's resources
    (crews, generators, vehicles…), as the What-if page's resource fields set it."""
    parser.add_argument("--resource", type=_resource, action="append", default=[], metavar="ID=N",
                        help=Message(help_key))


def _resource(text: str) -> tuple[str, int]:
    from ..command_line import type_error
    from ..errors import echoed

    rid, equals, number = text.partition("=")
    if not equals or not rid.strip():
        raise type_error("cli.resource_form", got=echoed(text))
    return rid.strip(), count(0, maximum=MAX_COUNT)(number.strip())


def resource_counts(case, given: list[tuple[str, int]]) -> dict[str, int]:
    """The counts ``--resource`` gave, each of a resource the scenario counts; one it does not
    count is refused, naming those it does (by name, with the id to type)."""
    from ..errors import InputError, option_problem
    from ..messages import LANGUAGES, joined
    from ..report import name_of, names_from

    names = names_from(case.plans).of("resource")
    counted = sorted(case.scenario.resources)
    unknown = [rid for rid, _ in given if rid not in case.scenario.resources]
    if unknown:
        offered = {language: joined([f"{name_of(names, rid, language)} ({rid})" for rid in counted], language)
                   for language in LANGUAGES}
        raise InputError([option_problem("--resource", Message("cli.unknown_resource", resource=rid, names=offered))
                          for rid in unknown])
    return dict(given)
