"""``python -m sim bench``: how fast the engine runs a replication, against bare SimPy."""

from __future__ import annotations

import argparse

from ..messages import BOTH, text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bench",
        help=text("cli.command.bench", BOTH),
        description="Run the benchmarks of sim.bench: the shipped winter ice storm replicated --runs times, "
        "and a bare SimPy loop with as many events in the same process. Prints replication_ms_median and "
        "engine_vs_simpy_ratio (engine events/s over bare-loop events/s) among others. The loading section "
        "loads the longest shipped plan 20 times with the C-accelerated YAML parser and with the pure-Python one: "
        "plan_load_ms_median (target <= 40 ms), plan_load_pure_python_ms_median. The whatif section times 1,000 "
        "paired replications of the random-blackout template as the What-if page runs them (whatif_pairs_s, on a "
        "local pool of 2). The drill section looks at a played winter ice storm every half hour as a page does: "
        "the CPU time of one look through the live replay at 30, 60, 120 and 240 h (drill_live_ms_per_look_*, flat "
        "as the drill grows) against one assessment from hour 0 (drill_fresh_ms_*). The sweep section runs "
        "--sweep-runs replications of the random-blackout template serially, on 2 processes and on a Dask "
        "LocalCluster: sweep_parallel_efficiency, sweep_10k_s, peak_rss_mb, dask_vs_pool_ratio. --only NAME runs "
        "one section.",
    )
    parser.add_argument("--runs", type=_runs, default=200, metavar="N", help="replications per benchmark (default 200)")
    parser.add_argument("--sweep-runs", type=_runs, metavar="N",
                        help="replications of the sweep benchmark (default 10,000; serial, a pool of 2 and Dask)")
    parser.add_argument("--only", type=_benchmark, metavar="NAME",
                        help="run only the benchmark NAME, one section (e.g. replication)")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.set_defaults(run=run)


def _benchmark(text: str) -> str:
    from ..bench import names

    known = names()
    if text not in known:
        raise argparse.ArgumentTypeError(f"unknown benchmark {text!r}; choose from {', '.join(known)}")
    return text


def _runs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"needs at least one run, got {value}")
    return value


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
