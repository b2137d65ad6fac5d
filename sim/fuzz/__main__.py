"""``python -m sim.fuzz``: an open-ended fuzzing campaign against the loader.

Mutants of every shipped file (:mod:`sim.fuzz`) are loaded on all cores (``--workers``),
input ``i`` drawn from ``(--seed, i)`` alone, so a run is the same on any number of
cores; ``--start`` resumes a campaign at the first input an earlier run did not try. Without
``--inputs`` it runs until interrupted (Ctrl-C or SIGTERM); either way it ends by printing
the inputs tried, which ones, the rate and the crashes. Each crash — an exception other
than the loader's own error — is saved under ``--crashes`` as the mutant's bytes
(``NUMBER-FILE``) and its traceback (``NUMBER-FILE.txt``), to become a test. Exit 0
when nothing crashed, 1 otherwise, 2 for a bad option.
"""

from __future__ import annotations

import argparse
import itertools
import random
import signal
import sys
import time
from pathlib import Path

from ..command_line import Parser, cores, count, random_seed, workers
from ..messages import BOTH, Message
from . import draw, mutate, outcome, seeds

#: Inputs one worker takes at a time: large enough to keep the pool busy, small enough
#: that an interrupted campaign has counted nearly all it tried.
CHUNK = 200
#: Seconds between progress lines.
PROGRESS_S = 60.0


def mutant(seed: int, index: int) -> tuple[bytes, object]:
    """Input ``index`` of the campaign with ``seed``: a seed file and its mutant bytes."""
    files = seeds()
    rng = random.Random(f"{seed}:{index}")
    file = files[index % len(files)]
    return mutate(file.data, draw(rng)), file


def try_chunk(job: tuple[int, int, int]) -> tuple[int, list[tuple[int, str, bytes, str]]]:
    """Load inputs ``start`` to ``start + count``; the crashes as (index, file, bytes, traceback)."""
    seed, start, count = job
    crashes = []
    for index in range(start, start + count):
        data, file = mutant(seed, index)
        failure = outcome(data, file)
        if failure is not None:
            crashes.append((index, file.path.name, data, failure))
    return count, crashes


def parser() -> argparse.ArgumentParser:
    options = Parser(prog="python -m sim.fuzz", description=Message("cli.fuzz.about"))
    options.add_argument("--inputs", type=count(1), metavar="N", help=Message("cli.fuzz.inputs"))
    options.add_argument("--start", type=count(0), default=0, metavar="I", help=Message("cli.fuzz.start"))
    options.add_argument("--seed", type=random_seed, default=0, metavar="S", help=Message("cli.fuzz.seed"))
    options.add_argument("--workers", type=workers, default=cores(), metavar="K", help=Message("cli.fuzz.workers"))
    options.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"), metavar="DIR",
                         help=Message("cli.fuzz.crashes"))
    options.add_argument("--lang", choices=("zh", "en", BOTH), default=BOTH, help=Message("cli.lang"))
    return options


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    end = None if args.inputs is None else args.start + args.inputs
    starts = itertools.count(args.start, CHUNK) if end is None else range(args.start, end, CHUNK)
    jobs = ((args.seed, start, CHUNK if end is None else min(CHUNK, end - start)) for start in starts)
    tried = crashed = 0
    began = last = time.monotonic()
    pool = None
    default = signal.getsignal(signal.SIGTERM)
    try:
        if args.workers == 1:
            results = map(try_chunk, jobs)
        else:
            import multiprocessing

            pool = multiprocessing.get_context("fork").Pool(args.workers)
            results = pool.imap(try_chunk, jobs)
        signal.signal(signal.SIGTERM, _interrupt)  # after the fork: workers keep the default
        for count, crashes in results:
            tried += count
            crashed += len(crashes)
            for index, name, data, failure in crashes:
                save(args.crashes, index, name, data, failure)
            if time.monotonic() - last >= PROGRESS_S:
                last = time.monotonic()
                print(summary(args.start, tried, last - began, crashed), file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, default)
        if pool is not None:
            pool.terminate()
    print(summary(args.start, tried, time.monotonic() - began, crashed))
    return 1 if crashed else 0


def save(folder: Path, index: int, name: str, data: bytes, failure: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{index}-{name}").write_bytes(data)
    (folder / f"{index}-{name}.txt").write_text(failure, encoding="utf-8")


def _interrupt(signum, frame) -> None:
    """SIGTERM (a job scheduler's stop) ends the campaign as Ctrl-C does, with its summary."""
    raise KeyboardInterrupt


def summary(start: int, tried: int, seconds: float, crashed: int) -> str:
    """The campaign's account: how many inputs, which (so a later run can resume), rate, crashes."""
    rate = tried / seconds if seconds > 0 else 0.0
    span = f"inputs {start:,} to {start + tried - 1:,}" if tried else "none"
    return (f"inputs tried: {tried:,} ({span}); rate: {rate:,.0f} inputs/s over {seconds:,.0f} s; "
            f"crashes: {crashed:,}")


if __name__ == "__main__":
    sys.exit(main())
