"""Running many replications: in-process, on a local process pool, or on Dask.

Work is cut into batches of consecutive replications; a task runs one batch and returns
its rows. A replication costs a few milliseconds, so a task per replication would spend
as much on scheduling as on simulating; a batch of up to fifty (two hundred on Dask,
whose tasks cost more) keeps the overhead near a percent while leaving enough tasks
for the workers to finish together.

Each worker holds a :class:`Job` — one :class:`~sim.inputs.Case` per arm (the
baseline, a variant) and the seed — received once (the pool's initializer, or Dask's ``scatter`` with
``broadcast``) and parsed once in the parent, so no worker reads or validates a file.
Plans compile once per worker too (the engine caches compiled plans per object).

Every replication's incident and engine seed depend only on ``(seed, replication)``
(:meth:`sim.inputs.Case.draw`) and rows are rounded in the worker, so
the rows — sorted by replication — are identical whatever the executor, the number of
workers or the batch size. A compare runs both arms of a replication in the same task,
on the one incident drawn for it.
"""

from __future__ import annotations

import importlib
import itertools
import math
import multiprocessing
import secrets
import socket
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from ..engine.run import run_for_row
from ..inputs import Case
from ..errors import connection_reason, echoed
from ..messages import Message
from .rows import Columns, row

#: Batches per worker when the batch size is chosen automatically (enough to balance the
#: end of the run), and the bounds of that choice.
BATCHES_PER_WORKER = 32
MAX_BATCH = 50
#: A Dask task costs a scheduler round trip and a transfer, several milliseconds more than
#: a pool task, so Dask gets fewer, larger batches.
DASK_BATCHES_PER_WORKER = 8
DASK_MAX_BATCH = 200
#: Batches submitted ahead per worker: enough to keep every worker busy, few enough that
#: the futures and the rows that arrived early stay a handful, whatever the sweep's size.
IN_FLIGHT_PER_WORKER = 4
#: Seconds to wait for a remote Dask scheduler.
CONNECT_TIMEOUT_S = 10

Rows = list[tuple[tuple, ...]]  # per replication: one row per arm


class MissingExtra(Exception):
    """An optional dependency is not installed; its message (a catalogue message, in both
    languages) says which extra to install."""

    def __init__(self, what: str, extra: str):
        super().__init__(Message("sweep.missing_extra", what=what, extra=extra))


class ClusterError(Exception):
    """A Dask scheduler that cannot be reached, or workers that cannot run the engine."""


@dataclass(frozen=True)
class Job:
    """Everything a worker needs: each arm's Case, the seed, the row layout."""

    arms: tuple[Case, ...]
    seed: int
    layout: Columns
    token: str = field(default_factory=lambda: secrets.token_hex(8))


# --- in a worker -------------------------------------------------------------------------

_WORKER: dict = {}


def _prepare(job: Job) -> Job:
    """The job, held once per worker process (its Cases keep their incident generators)."""
    if _WORKER.get("token") != job.token:
        _WORKER.clear()
        _WORKER.update(token=job.token, job=job)
    return _WORKER["job"]


def run_batch(job: Job, start: int, stop: int) -> Rows:
    """Replications ``start`` … ``stop - 1``: one tuple of rows (one per arm) each.

    Arms that share a scenario (they differ in their plans only) share its draw."""
    job = _prepare(job)
    out = []
    for replication in range(start, stop):
        draws: dict[int, object] = {}
        rows = []
        for case in job.arms:
            draw = draws.get(id(case.scenario))
            if draw is None:
                draw = draws[id(case.scenario)] = case.changed(replication=replication).draw(job.seed)
            result, work = run_for_row(draw.scenario, case.plans, case.area, draw.seed)
            rows.append(row(replication, draw.seed, draw.facts, result, job.layout, work))
        out.append(tuple(rows))
    return out


def _init_pool_worker(job: Job) -> None:
    _prepare(job)


def _pool_batch(token: str, start: int, stop: int) -> Rows:
    if _WORKER.get("token") != token:
        raise RuntimeError("this pool's workers hold another job (make the pool with local_pool(job, ...))")
    return run_batch(_WORKER["job"], start, stop)


# --- in the parent -------------------------------------------------------------------------


def batches(n: int, workers: int, size: int | None = None, first: int = 0, *,
            per_worker: int = BATCHES_PER_WORKER, largest: int = MAX_BATCH) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` ranges covering ``first … first + n - 1``, made one at a time (a
    sweep of 10¹⁵ replications holds one range, not all of them); ``size`` None chooses
    one: about ``per_worker`` batches per worker, of at most ``largest``."""
    if size is None:
        size = max(1, min(largest, math.ceil(n / (max(workers, 1) * per_worker))))
    end = first + n
    return ((start, min(start + size, end)) for start in range(first, end, size))


def run(job: Job, n: int, *, first: int = 0, workers: int = 1, dask=None, pool: ProcessPoolExecutor | None = None,
        batch: int | None = None, progress: Callable[[int], None] | None = None,
        sink: Callable[[Rows], None] | None = None) -> Rows | None:
    """Run replications ``first … first + n - 1``, in replication order.

    Without ``sink`` the rows are returned as a list. With it, ``sink(rows)`` receives them
    batch by batch in replication order as soon as the batches before have arrived, and
    nothing is kept: memory stays bounded by a few batches whatever ``n``.

    ``dask`` is a ``dask.distributed.Client``, or ``pool`` a pool of ``workers`` made by
    :func:`local_pool` for this job (kept warm between runs); otherwise ``workers`` > 1
    uses a new local process pool and 1 runs in this process. ``progress(k)`` is called
    as each batch of ``k`` replications completes.
    """
    collected: Rows = []
    if dask is not None:
        parts = batches(n, _dask_workers(dask), batch, first,
                        per_worker=DASK_BATCHES_PER_WORKER, largest=DASK_MAX_BATCH)
    else:
        parts = batches(n, workers, batch, first)
    ordered = _InOrder(first, sink or collected.extend)

    def done(start: int, stop: int, rows: Rows) -> None:
        ordered.put(start, stop, rows)
        if progress:
            progress(stop - start)

    if dask is not None:
        _on_dask(dask, job, parts, done, IN_FLIGHT_PER_WORKER * _dask_workers(dask))
    elif pool is not None:
        _on_pool(pool, job, parts, done, IN_FLIGHT_PER_WORKER * workers)
    elif workers > 1:
        with local_pool(job, workers) as fresh:
            _on_pool(fresh, job, parts, done, IN_FLIGHT_PER_WORKER * workers)
    else:
        for start, stop in parts:
            done(start, stop, run_batch(job, start, stop))
        _WORKER.clear()
    return None if sink else collected


class _InOrder:
    """Hands batches on in replication order, holding only those that arrived early (at
    most the batches in flight)."""

    def __init__(self, first: int, emit: Callable[[Rows], None]):
        self.next = first
        self.held: dict[int, tuple[int, Rows]] = {}
        self.emit = emit

    def put(self, start: int, stop: int, rows: Rows) -> None:
        self.held[start] = (stop, rows)
        while self.next in self.held:
            self.next, rows = self.held.pop(self.next)
            self.emit(rows)


def _dask_workers(client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def _context():
    """Fork where the platform has it: workers start at once and inherit the parsed job."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else "spawn")


def local_pool(job: Job, workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers hold ``job`` (use as a context manager)."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                               initializer=_init_pool_worker, initargs=(job,))


def _on_pool(pool: ProcessPoolExecutor, job: Job, parts: Iterator[tuple[int, int]], done, window: int) -> None:
    """Run the batches on the pool, ``window`` at a time: submitting them all at once
    would hold a future per batch, however many there are."""
    pending: dict = {}

    def submit(count: int) -> None:
        for start, stop in itertools.islice(parts, count):
            pending[pool.submit(_pool_batch, job.token, start, stop)] = (start, stop)

    submit(window)
    while pending:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            start, stop = pending.pop(future)
            done(start, stop, future.result())
        submit(len(finished))


def _on_dask(client, job: Job, parts: Iterator[tuple[int, int]], done, window: int) -> None:
    """As :func:`_on_pool`, on a Dask cluster: ``window`` tasks in flight."""
    from dask.distributed import as_completed

    shared = client.scatter(job, broadcast=True, hash=False)
    where: dict = {}

    def submit(count: int) -> list:
        futures = []
        for start, stop in itertools.islice(parts, count):
            future = client.submit(run_batch, shared, start, stop, pure=False)
            where[future.key] = (start, stop)
            futures.append(future)
        return futures

    running = as_completed(submit(window))
    for future in running:
        start, stop = where.pop(future.key)
        rows = future.result()
        future.release()
        done(start, stop, rows)
        for follower in submit(1):
            running.add(follower)


def _resolve(address: str) -> None:
    """Look the scheduler's host name up before Dask tries it: Dask retries a name that
    does not exist until its timeout and then says only that it timed out, where the
    resolver says at once that there is no such host (raised as ``socket.gaierror``)."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location) if scheme in ("tcp", "tls") else (None, None)
    except ValueError:
        return  # an address Dask itself may read otherwise, or refuse in its own way
    if host is not None:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def dask_client(address: str, workers: int):
    """A Dask client: ``local`` starts a LocalCluster of ``workers`` single-threaded
    processes (closed with the client); anything else is a scheduler address."""
    try:
        import logging

        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise MissingExtra("--dask", "dask") from None
    if address == "local":
        import dask

        # No dashboard, and no statistical profiler sampling the stack of every task every
        # 10 ms (it competes for the GIL with the simulation); every task handed to the
        # workers at once (no scheduler round trip between two batches: they are all alike);
        # the scheduler's health endpoints on any free port, not on a shared 8787.
        settings = {"distributed.worker.profile.enabled": False, "distributed.scheduler.worker-saturation": math.inf}
        with dask.config.set(settings):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                   scheduler_kwargs={"dashboard_address": ":0"}, silence_logs=logging.ERROR)
        owned = _Owned(Client(cluster), cluster)
        owned.client.wait_for_workers(workers)
    else:
        try:
            _resolve(address)
            owned = _Owned(Client(address, timeout=CONNECT_TIMEOUT_S), None)
        except (OSError, TimeoutError) as error:
            raise ClusterError(Message("sweep.no_scheduler", address=echoed(address),
                                       reason=connection_reason(error))) from None
        except ValueError:  # not an address at all (``nonsense:::``)
            raise ClusterError(Message("sweep.bad_scheduler_address", address=echoed(address))) from None
        except Exception:  # noqa: BLE001 — something answered, but not a scheduler: whatever its bytes make Dask raise
            raise ClusterError(Message("sweep.not_a_scheduler", address=echoed(address))) from None
    # Import the engine on every worker now: a worker without this package fails here, and
    # the imports are not counted against the first batches.
    try:
        owned.client.run(importlib.import_module, __name__)
    except ImportError as error:
        owned.__exit__()
        missing = error.name or __name__.partition(".")[0]  # the module, not the library's English sentence
        raise ClusterError(Message("sweep.workers_cannot_import", module=missing)) from None
    return owned


class _Owned:
    """A client (and the cluster it started) closed together, as a context manager."""

    def __init__(self, client, cluster):
        self.client = client
        self.cluster = cluster

    def __enter__(self):
        return self.client

    def __exit__(self, *exc) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
