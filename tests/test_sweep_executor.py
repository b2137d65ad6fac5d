"""Executors: the same rows in-process, on a pool of 2, on a Dask LocalCluster, in any batch size."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sim.sweep import output
from sim.sweep.executor import Job, batches, run
from sim.inputs import load_case
from sim.sweep.rows import columns

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "plans" / "scenarios" / "random-blackout.yaml"
N = 12


@pytest.fixture(scope="module")
def job():
    case = load_case(TEMPLATE, template=True)
    return Job((case,), 3, columns([case.plans], case.scenario.plans))


@pytest.fixture(scope="module")
def serial(job):
    return run(job, N)


def test_batches_cover_every_replication_once():
    assert list(batches(10, 1, 4)) == [(0, 4), (4, 8), (8, 10)]
    assert list(batches(5, 2, 2, first=7)) == [(7, 9), (9, 11), (11, 12)]
    parts = list(batches(10_000, 2))
    assert parts[0][0] == 0 and parts[-1][1] == 10_000
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:]))
    assert 1 < len(parts) < 10_000  # batched, neither one task nor one per replication


def test_batches_of_an_enormous_sweep_are_made_one_at_a_time():
    parts = batches(10**15, 2)
    assert next(parts) == (0, 50) and next(parts) == (50, 100)


@pytest.mark.parametrize("runs", [10**8, 10**15])
@pytest.mark.parametrize("workers", [1, 2])
def test_a_sweep_of_a_hundred_million_or_ten_to_the_fifteen_replications_starts_at_once(job, workers, runs):
    class Enough(Exception):
        pass

    received = []

    def sink(rows):
        received.extend(rows)
        raise Enough

    with pytest.raises(Enough):
        run(job, runs, workers=workers, batch=2, sink=sink)
    assert [arms[0][0] for arms in received] == [0, 1]


def test_rows_are_sorted_and_complete(job, serial):
    names = job.layout.names
    assert [arms[0][0] for arms in serial] == list(range(N))
    assert all(len(arms) == 1 and len(arms[0]) == len(names) for arms in serial)
    assert {"hours_at_I", "hours_at_II", "hours_at_III", "unit_hours_power_company"} <= set(names)
    assert len(set(names)) == len(names)
    responded = [dict(zip(names, arms[0])) for arms in serial if arms[0][names.index("max_level")] is not None]
    assert responded, "some replication should reach a response level"
    for row in responded:
        total = sum(row[f"hours_at_{level}"] for level in ("I", "II", "III"))
        assert total == pytest.approx(row["response_h"], abs=0.01)


def test_batch_size_does_not_change_rows(job, serial):
    assert run(job, N, batch=1) == serial
    assert run(job, N, batch=5) == serial


def test_a_range_is_the_same_as_in_the_whole(job, serial):
    assert run(job, 4, first=5) == serial[5:9]


def test_two_workers_give_the_same_rows(job, serial):
    progress = []
    assert run(job, N, workers=2, batch=3, progress=progress.append) == serial
    assert sum(progress) == N and len(progress) == 4


def test_dask_local_cluster_gives_the_same_rows(job, serial):
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None,
                                       scheduler_kwargs={"dashboard_address": ":0"})
    with cluster, distributed.Client(cluster) as client:
        assert run(job, N, dask=client, batch=4) == serial


def test_rows_stream_to_a_sink_in_order(job, serial):
    received = []
    assert run(job, N, workers=2, batch=2, sink=received.append) is None
    assert [rows for batch in received for rows in batch] == serial
    assert all(len(batch) <= 2 for batch in received)


def test_csv_is_stable(job, serial):
    rows = [arms[0] for arms in serial]
    texts = []
    for _ in range(2):
        stream = io.StringIO()
        with output.Writer(stream, job.layout.names) as writer:
            writer.write(rows[:5])
            writer.write(rows[5:])
        texts.append(stream.getvalue())
    lines = texts[0].splitlines()
    assert lines[0].split(",")[:3] == ["replication", "seed", "cause"]
    assert len(lines) == N + 1 and texts[0] == texts[1]
    stream = io.StringIO()
    with output.Writer(stream, ["a", "b", "c"]) as writer:
        writer.write([(None, True, 1.5)])
    assert stream.getvalue() == "a,b,c\n,true,1.5\n"


def test_a_file_appears_only_when_complete(job, serial, tmp_path):
    path = tmp_path / "rows.csv"
    with pytest.raises(RuntimeError):
        with output.Writer(path, job.layout.names) as writer:
            writer.write([serial[0][0]])
            raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []
    with output.Writer(path, job.layout.names) as writer:
        writer.write([arms[0] for arms in serial])
    assert [p.name for p in tmp_path.iterdir()] == ["rows.csv"]


def test_parquet_keeps_the_rows_and_their_types(job, serial, tmp_path, monkeypatch):
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr(output, "ROW_GROUP", 5)  # several row groups
    rows = [arms[0] for arms in serial]
    path = tmp_path / "rows.parquet"
    with output.Writer(path, job.layout.names) as writer:
        writer.write(rows[:7])
        writer.write(rows[7:])
    table = pq.read_table(path)
    assert table.column_names == list(job.layout.names)
    assert pq.ParquetFile(path).metadata.num_row_groups == 3
    assert table.column("replication").to_pylist() == list(range(N))
    assert table.column("max_level").to_pylist() == [r[job.layout.names.index("max_level")] for r in rows]
    types = {field.name: str(field.type) for field in table.schema}
    assert (types["seed"], types["cause"], types["fire_period"], types["response_h"]) == (
        "int64", "string", "bool", "double")


def test_a_csv_file_starts_with_the_byte_order_mark_excel_needs_and_stdout_does_not(job, serial, tmp_path):
    path = tmp_path / "rows.csv"
    with output.Writer(path, job.layout.names) as writer:
        writer.write([arms[0] for arms in serial])
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfreplication,seed,") and data.count(b"\xef\xbb\xbf") == 1
    stream = io.StringIO()
    with output.Writer(stream, job.layout.names) as writer:
        writer.write([arms[0] for arms in serial])
    assert data.decode("utf-8-sig") == stream.getvalue() and stream.getvalue().startswith("replication,")
