"""The sweep benchmark (a section of ``python -m sim bench``): parallel efficiency, memory, Dask.

The same replications of the shipped random-blackout template run serially (one process)
and on a pool of ``workers`` processes, in alternating rounds over the same replication
ranges, so that a shared machine's changing load falls on both sides alike;
``sweep_parallel_efficiency`` is serial time over ``workers`` × pool time. Then a Dask
LocalCluster of as many single-threaded worker processes and a pool kept warm run the
same rounds alternately; ``dask_vs_pool_ratio`` is Dask's time over that pool's (both
started beforehand; the cluster's start-up is reported apart as ``dask_start_s``).
Every mode must give the same rows.

``others_cpu_cores`` (and ``dask_others_cpu_cores``) is how many cores other programs
used meanwhile: on a shared machine the timings are only meaningful when it is near 0.

Memory is the peak of the summed resident set sizes (RSS) of this process and all its
descendants, sampled by a separate watcher process every quarter second. RSS counts
pages that forked workers share with their parent once per process, so ``peak_rss_mb``
is an upper bound of the memory really used; ``peak_pss_mb`` (proportional set size:
a shared page split among its sharers) is the memory really used. Rows are kept as
fingerprints, not rows, so the figures are what a sweep of any length needs.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time

from ..inputs.layout import scenario_file

#: The template the benchmark sweeps.
TEMPLATE = scenario_file("random-blackout")
#: Alternating serial/pool rounds.
ROUNDS = 3
#: Seconds between memory samples (each costs the watcher a few milliseconds of CPU).
SAMPLE_S = 0.25
#: The sweep size the headline time is scaled to.
REFERENCE_RUNS = 10_000


def _watch(pid: int, stop, conn) -> None:
    import psutil

    me = multiprocessing.current_process().pid
    root = psutil.Process(pid)
    peak_rss = peak_pss = 0
    while True:
        rss = pss = 0
        for process in [root, *root.children(recursive=True)]:
            if process.pid == me:
                continue
            try:
                info = process.memory_full_info()
            except psutil.Error:
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        if stop.wait(SAMPLE_S):
            break
    conn.send((peak_rss, peak_pss))


class PeakMemory:
    """Peak summed RSS and PSS (MB) of this process tree while the block runs."""

    def __enter__(self):
        import os

        context = multiprocessing.get_context("fork")
        self._stop = context.Event()
        self._receive, send = context.Pipe(duplex=False)
        self._watcher = context.Process(target=_watch, args=(os.getpid(), self._stop, send), daemon=True)
        self._watcher.start()
        self.rss_mb = self.pss_mb = 0.0
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        rss, pss = self._receive.recv()
        self.rss_mb, self.pss_mb = rss / 1e6, pss / 1e6
        self._watcher.join()


class Fingerprints:
    """A sink that keeps one SHA-256 per row (not the rows): enough to tell whether two
    modes gave identical rows, in a few hundred kilobytes for ten thousand rows."""

    def __init__(self):
        self.digests: list[bytes] = []

    def __call__(self, batch) -> None:
        self.digests.extend(hashlib.sha256(repr(arms).encode("utf-8")).digest() for arms in batch)


def _serial(job, start: int, stop: int) -> list[bytes]:
    from .executor import run

    prints = Fingerprints()
    run(job, stop - start, first=start, sink=prints)
    return prints.digests


def _serial_in_child(job, start: int, stop: int) -> list[bytes]:
    """Replications ``start … stop - 1`` one after the other in one forked process.

    Serial work runs in a child, not here, so that this process stays as small as it is in
    a real sweep: the pool's workers are forked from it and the memory figure sums them.
    The child starts like a pool worker, so both sides pay the same start-up.
    """
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as one:
        return one.submit(_serial, job, start, stop).result()


class Background:
    """How many cores other programs kept busy while the block ran (on a shared machine a
    parallel efficiency means little unless this is near 0): all the CPU time the machine
    spent, less this process's and its finished children's, over the wall time."""

    def __enter__(self):
        import psutil

        self._start = (time.perf_counter(), _busy(psutil.cpu_times()), _own())
        return self

    def __exit__(self, *exc) -> None:
        import psutil

        wall, busy, own = self._start
        self.cores = max(0.0, ((_busy(psutil.cpu_times()) - busy) - (_own() - own)) / (time.perf_counter() - wall))


def _busy(times) -> float:
    return times.user + times.system + getattr(times, "nice", 0.0) + getattr(times, "irq", 0.0) + getattr(
        times, "softirq", 0.0)


def _own() -> float:
    import os

    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def sweep(runs: int, workers: int = 2) -> dict[str, float]:
    """:func:`measure` in a fresh interpreter, started like ``python -m sim sweep``: the
    memory figures are then a sweep's, not those of whatever this process ran before."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", __name__, str(runs), str(workers)], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"the sweep benchmark failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout)


def measure(runs: int, workers: int = 2) -> dict[str, float]:
    """Serial against ``workers`` processes and against Dask on ``runs`` replications."""
    from .executor import Job, MissingExtra, dask_client, local_pool, run
    from ..inputs import load_case
    from .rows import columns

    case = load_case(TEMPLATE, template=True)
    job = Job((case,), 1, columns([case.plans], case.scenario.plans))
    run(job, 1)  # warm the caches (compiled plan, topology) that forked workers inherit
    bounds = [round(runs * k / ROUNDS) for k in range(ROUNDS + 1)]
    rounds = list(zip(bounds, bounds[1:]))
    serial_s = pool_s = 0.0
    serial: list[bytes] = []
    pooled = Fingerprints()
    background = Background()
    with background, PeakMemory() as memory:
        for start, stop in rounds:
            t = time.perf_counter()
            serial += _serial_in_child(job, start, stop)
            serial_s += time.perf_counter() - t
            t = time.perf_counter()
            run(job, stop - start, first=start, workers=workers, sink=pooled)
            pool_s += time.perf_counter() - t
    metrics = {
        "sweep_runs": float(runs),
        "workers": float(workers),
        "sweep_serial_s": serial_s,
        "sweep_pool_s": pool_s,
        "sweep_parallel_efficiency": serial_s / (workers * pool_s),
        "sweep_10k_s": pool_s * REFERENCE_RUNS / runs,
        "peak_rss_mb": memory.rss_mb,
        "peak_pss_mb": memory.pss_mb,
        "rows_identical": float(serial == pooled.digests),
        "others_cpu_cores": background.cores,
    }
    # Dask against the pool, both started beforehand and interleaved round by round like
    # serial against pool above. The pool is forked before the Dask client starts threads.
    warm, on_dask = Fingerprints(), Fingerprints()
    warm_s = dask_s = 0.0
    background = Background()
    try:
        with background, local_pool(job, workers) as pool:
            run(job, workers, pool=pool, workers=workers)  # start the pool's processes
            begin = time.perf_counter()
            with dask_client("local", workers) as client:
                dask_start_s = time.perf_counter() - begin
                for start, stop in rounds:
                    t = time.perf_counter()
                    run(job, stop - start, first=start, pool=pool, workers=workers, sink=warm)
                    warm_s += time.perf_counter() - t
                    t = time.perf_counter()
                    run(job, stop - start, first=start, dask=client, sink=on_dask)
                    dask_s += time.perf_counter() - t
    except MissingExtra:
        return metrics
    metrics.update({
        "dask_start_s": dask_start_s,
        "dask_s": dask_s,
        "dask_warm_pool_s": warm_s,
        "dask_vs_pool_ratio": dask_s / warm_s,
        "dask_others_cpu_cores": background.cores,
        "rows_identical": float(serial == pooled.digests == warm.digests == on_dask.digests),
    })
    return metrics


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure(int(sys.argv[1]), int(sys.argv[2]))))
