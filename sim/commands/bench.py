"""``python -m sim bench``: how fast the engine runs a replication, against bare SimPy."""

from __future__ import annotations

import argparse

from ..bounds import MAX_RUNS
from ..command_line import count, type_error
from ..errors import echoed
from ..messages import Message


def register(sub: argparse._SubParsersAction) -> None:
    from ..bench import names

    parser = sub.add_parser("bench", help=Message("cli.command.bench"), description=Message("cli.bench.about"))
    parser.add_argument("--runs", type=count(1, maximum=MAX_RUNS), default=200, metavar="N", help=Message("cli.bench.runs"))
    parser.add_argument("--sweep-runs", type=count(1, maximum=MAX_RUNS), metavar="N", help=Message("cli.bench.sweep_runs"))
    parser.add_argument("--only", type=_benchmark, metavar="NAME", help=Message("cli.bench.only", names=", ".join(names())))
    parser.add_argument("--json", action="store_true", help=Message("cli.option.json"))
    parser.set_defaults(run=run)


def _benchmark(text: str) -> str:
    from ..bench import names

    known = names()
    if text not in known:
        raise type_error("cli.unknown_benchmark", got=echoed(text), known=", ".join(known))
    return text


def run(args: argparse.Namespace) -> int:
    import json

    from ..bench import run_all

    results = run_all(args.runs, {"sweep": args.sweep_runs} if args.sweep_runs else None, args.only)
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
        return 0
    for name, metrics in results.items():
        print(f"[{name}]")
        for key, value in metrics.items():
            print(f"  {key}: {value:.4g}" if isinstance(value, float) else f"  {key}: {value}")
    return 0
