"""The sweep and compare commands: identical output on any executor, errors as FILE:LINE:COL, exit 2."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from e2e.id_shapes import ids_in
from sim.cli import main
from sim.inputs.generator import engine_seed
from sim.messages import text

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = str(ROOT / "plans" / "scenarios" / "random-blackout.yaml")
STORY = str(ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml")
VARIANT = str(ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml")


def output(capsys, *argv: str) -> tuple[int, str, str]:
    status = main([*argv, "--no-progress"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def at_the_minute_of(start, hours: str, written: str) -> bool:
    """Whether a file's clock time is the minute of the moment its column of hours gives: the
    engine's hour falls in that minute, and the file's hour is it to a thousandth (±1.8 s),
    so both are empty or the hours read from ``start`` fall between 1.8 s before the minute
    and 1.8 s after its end."""
    import datetime as dt

    if not hours or not written:
        return hours == written
    after = start + dt.timedelta(hours=float(hours)) - dt.datetime.strptime(written, "%Y-%m-%d %H:%M")
    return dt.timedelta(seconds=-1.8) <= after < dt.timedelta(seconds=61.8)


@pytest.fixture(scope="module")
def in_process_cluster():
    """A Dask scheduler with two in-process workers: its address stands for a remote cluster."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None,
                                  scheduler_kwargs={"dashboard_address": ":0"}) as cluster:
        yield cluster.scheduler_address


def test_sweep_csv_is_identical_serial_and_on_two_workers(capsys):
    status, serial, _ = output(capsys, "sweep", TEMPLATE, "--runs", "8", "--seed", "4")
    assert status == 0
    assert serial.splitlines()[0].startswith("replication,seed,cause,season,weather")
    assert [line.split(",")[0] for line in serial.splitlines()[1:]] == [str(i) for i in range(8)]
    status, pooled, _ = output(capsys, "sweep", TEMPLATE, "--runs", "8", "--seed", "4", "--workers", "2", "--batch", "3")
    assert (status, pooled) == (0, serial)


def test_sweep_writes_csv_and_parquet_files(capsys, tmp_path):
    status, out, _ = output(capsys, "sweep", TEMPLATE, "--runs", "6", "--seed", "2", "--out", str(tmp_path / "rows.csv"))
    assert status == 0 and "6 replications" in out and "highest response level" in out
    written = (tmp_path / "rows.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbfreplication,")  # Excel on a Chinese Windows reads it as UTF-8
    assert len(written.decode("utf-8-sig").splitlines()) == 7
    pq = pytest.importorskip("pyarrow.parquet")
    status, _, _ = output(capsys, "sweep", TEMPLATE, "--runs", "6", "--seed", "2", "--out", str(tmp_path / "rows.parquet"))
    assert status == 0 and pq.read_table(tmp_path / "rows.parquet").num_rows == 6


def test_a_sweep_file_names_each_id_beside_it_in_the_readers_language_and_stdout_keeps_the_ids(capsys, tmp_path):
    import csv
    import io

    status, ids, _ = output(capsys, "sweep", TEMPLATE, "--runs", "6", "--seed", "1")
    assert status == 0 and "max_level_name" not in ids
    by_id = list(csv.DictReader(io.StringIO(ids)))
    for language, expect in (("zh", {"max_level": ("III", "Ⅲ级应急响应"), "max_severity": ("general", "一般大面积停电事件"),
                                     "cause": ("peak_load", "高峰负荷"), "weather": ("cold_snap", "寒潮")}),
                             ("en", {"max_level": ("III", "Level III response"), "season": ("winter", "Winter")})):
        out = tmp_path / f"rows-{language}.csv"
        status, printed, _ = output(capsys, "--lang", language, "sweep", TEMPLATE, "--runs", "6", "--seed", "1",
                                    "--out", str(out))
        assert status == 0
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        header = list(rows[0])
        for column in ("cause", "season", "weather", "secondary", "max_severity", "max_level"):
            assert header[header.index(column) + 1] == f"{column}_name"
        kept = lambda row: {k: v for k, v in row.items() if not k.endswith(("_name", "_at")) and k != "start"}  # noqa: E731
        assert [kept(row) for row in rows] == [kept(row) for row in by_id]  # ids unchanged (start is a moment)
        assert all(rows[5][column] == id_ and rows[5][f"{column}_name"] == name
                   for column, (id_, name) in expect.items())
        nothing = rows[0]
        assert nothing["max_level"] == "" and nothing["max_level_name"] == {"zh": "未启动响应", "en": "no response"}[language]
        assert nothing["secondary"] == "traffic_jam" and nothing["secondary_name"] != "traffic_jam"
    assert "Level III response: 1, none: 5" in printed


def test_a_sweep_file_gives_each_time_as_a_date_and_time_from_its_own_replications_start_and_stdout_keeps_hours(
        capsys, tmp_path):
    import csv
    import datetime as dt
    import io

    from sim.inputs import load_case

    status, hours, _ = output(capsys, "sweep", TEMPLATE, "--runs", "6", "--seed", "1")
    assert status == 0 and "_at," not in hours.splitlines()[0]
    out = tmp_path / "rows.csv"
    assert output(capsys, "sweep", TEMPLATE, "--runs", "6", "--seed", "1", "--out", str(out))[0] == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    header = list(rows[0])
    timed = [column for column in header if column.endswith("_at_h")]
    assert timed and all(header[header.index(column) + 1] == column[:-2] for column in timed)
    assert len({row["start"] for row in rows}) == 6  # each replication drew its own start
    case = load_case(TEMPLATE, template=True)
    for i, row in enumerate(rows):
        start = case.changed(replication=i).draw(1).scenario.start  # the engine's own start of that replication
        for column in timed:
            assert at_the_minute_of(start, row[column], row[column[:-2]]), (i, column)
    began = [row["incident_started_at"] for row in rows if row["incident_started_at"]]
    assert len(began) >= 2 and sorted(began) == sorted(began, key=dt.datetime.fromisoformat)  # text order is time order
    pq = pytest.importorskip("pyarrow.parquet")
    assert output(capsys, "sweep", TEMPLATE, "--runs", "6", "--seed", "1", "--out", str(tmp_path / "rows.parquet"))[0] == 0
    table = pq.read_table(tmp_path / "rows.parquet")
    for column in ("incident_started_at", "warning_issued_at"):  # a moment that never came is a null
        assert table.column(column).to_pylist() == [row[column] or None for row in rows]


@pytest.mark.parametrize("scenario, seed", [(STORY, 1), (STORY, 4), (TEMPLATE, 2)])
def test_each_clock_time_of_a_sweep_file_is_the_minute_run_prints_for_the_same_replication(
        capsys, tmp_path, scenario, seed):
    """Row 0 of the grassland fire under seed 1 ends its response 49.6499… h after the start:
    01:38 on the clock, 49.65 h in the row, which read back as a clock time would be 01:39."""
    import csv
    import io

    from sim.clock import clock_of
    from sim.sweep.rows import TIMED

    out = tmp_path / "rows.csv"
    assert output(capsys, "sweep", scenario, "--runs", "3", "--seed", str(seed), "--out", str(out))[0] == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    labels = {"warning_issued_at_h": "common.warning_issued", "warning_lifted_at_h": "report.warning_lifted",
              "incident_started_at_h": "report.incident_started", "response_started_at_h": "common.response_started",
              "terminated_at_h": "common.terminated"}
    assert set(labels) == set(TIMED)
    for replication, row in enumerate(rows):
        assert main(["--lang", "en", "run", scenario, "--seed", str(seed), "--replication", str(replication)]) == 0
        printed = capsys.readouterr().out
        for column, label in labels.items():
            at = row[column.removesuffix("_h")]
            assert f"  {text(label, 'en')}: {clock_of(at) if at else '—'}\n" in printed, (replication, column)
    if scenario == STORY and seed == 1:
        assert rows[0]["terminated_at_h"] == "49.65" and rows[0]["terminated_at"] == "2023-11-14 01:38"


def test_a_sweep_file_writes_each_start_as_its_at_columns_write_a_moment_and_stdout_keeps_iso(capsys, tmp_path):
    """A spreadsheet user reads ``start`` beside ``incident_started_at``: the same
    ``2024-01-15 07:30`` form, from the same formatter; programs reading stdout keep ISO."""
    import csv
    import datetime as dt
    import io

    from sim.clock import DATE_TIME_FORMAT

    status, printed, _ = output(capsys, "sweep", TEMPLATE, "--runs", "4", "--seed", "3")
    assert status == 0
    iso = [row["start"] for row in csv.DictReader(io.StringIO(printed))]
    assert all("T" in start for start in iso)
    out = tmp_path / "rows.csv"
    assert output(capsys, "sweep", TEMPLATE, "--runs", "4", "--seed", "3", "--out", str(out))[0] == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [row["start"] for row in rows] == [dt.datetime.fromisoformat(start).strftime(DATE_TIME_FORMAT)
                                            for start in iso]
    zero = next(row for row in rows if row["incident_started_at_h"] and float(row["incident_started_at_h"]) == 0)
    assert zero["start"] == zero["incident_started_at"]
    pq = pytest.importorskip("pyarrow.parquet")
    assert output(capsys, "sweep", TEMPLATE, "--runs", "4", "--seed", "3", "--out", str(tmp_path / "rows.parquet"))[0] == 0
    assert pq.read_table(tmp_path / "rows.parquet").column("start").to_pylist() == [row["start"] for row in rows]


def test_sweep_help_says_what_the_clock_time_columns_of_a_file_hold(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "sweep", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "<column>_at in an --out file only: after each …_at_h column" in said
    assert "a column of clock date-times (…_at) after each column of hours (…_at_h)" in said


def test_the_highest_levels_line_uses_full_width_punctuation_in_chinese(capsys, tmp_path):
    status, printed, _ = output(capsys, "--lang", "zh", "sweep", TEMPLATE, "--runs", "6", "--seed", "1",
                                "--out", str(tmp_path / "rows.csv"))
    assert status == 0
    assert "最高响应级别 — Ⅰ级应急响应：0，Ⅱ级应急响应：0，Ⅲ级应急响应：1，无：5" in printed


def test_a_comparison_where_no_units_hours_change_says_so_rather_than_printing_an_empty_table(capsys):
    same = str(ROOT / "plans" / "guyang-blackout-2023.yaml")
    status, out, _ = output(capsys, "--lang", "zh", "compare", TEMPLATE, "--variant", same, "--runs", "3", "--seed", "1")
    assert status == 0
    assert out.rstrip().endswith("谁承担额外工作：没有单位的工时因修改而改变。")
    status, out, _ = output(capsys, "--lang", "en", "compare", TEMPLATE, "--variant", VARIANT, "--runs", "40", "--seed", "1")
    assert status == 0 and "Who carries the extra work: unit-hours per incident" in out and "No unit's hours" not in out
    assert "Unit" in out and "Blackout expert group" in out  # units by name


@pytest.mark.parametrize("language, said", [
    ("zh", "按每年 {rate} 起事件计（情景模板的假设：{assumption}），约每年"),
    ("en", "a year at {rate} incidents a year (the scenario template's assumption: {assumption})"),
])
def test_compare_says_the_incidents_a_year_it_counts_are_the_templates_assumption(capsys, language, said):
    from sim.inputs import load_case
    from sim.messages import pick

    rate = load_case(TEMPLATE).scenario.template.incidents_per_year
    status, out, _ = output(capsys, "--lang", language, "compare", TEMPLATE, "--variant", VARIANT, "--runs", "30",
                            "--seed", "1")
    assert status == 0
    assert said.format(rate=f"{rate.value:g}", assumption=pick(rate.assumption, language)) in " ".join(out.split())


def test_a_templates_rate_from_a_source_is_said_with_its_clause_and_quote():
    from sim.inputs.template import Rate
    from sim.plan.common import Source
    from sim.sweep.compare import rate_basis

    rate = Rate(value=4, source=Source(clause="3.1", quote="全县每年约发生四起"))
    basis = rate_basis(rate)
    assert basis["zh"].startswith("情景模板的出处：3.1") and "全县每年约发生四起" in basis["zh"]
    assert basis["en"].startswith("the scenario template's source: ") and "全县每年约发生四起" in basis["en"]


def test_compare_is_identical_serial_pool_and_dask(capsys, in_process_cluster):
    base = ("compare", TEMPLATE, "--variant", VARIANT, "--runs", "24", "--seed", "1")
    status, text, _ = output(capsys, *base)
    assert status == 0
    assert "Replications whose outcome changed" in text and "Paired differences" in text
    assert "Who carries the extra work" in text
    # names in both languages: levels, measures, units, what each replication drew; no ids
    assert "Ⅱ级应急响应 Level II response" in text
    assert "Ⅱ级应急响应持续时长 Time at Level II response" in text
    assert "响应持续时长 Length of response" in text
    assert ids_in(text.replace(VARIANT, "")) == []  # the file as typed aside
    results = []
    for extra in ((), ("--workers", "2"), ("--dask", in_process_cluster)):
        status, out, _ = output(capsys, *base, *extra, "--json")
        assert status == 0
        results.append(json.loads(out))
    assert results[0] == results[1] == results[2]
    report = results[0]
    assert report["n"] == 24 and report["run"]["seed"] == 1
    assert {m["measure"] for m in report["measures"]} >= {"max_level_rank", "response_h", "hours_at_II", "unit_hours"}
    assert report["run"]["baseline"][0]["sha256"] != report["run"]["variant"][0]["sha256"]


def test_dask_local_starts_its_own_cluster(capsys):
    pytest.importorskip("dask.distributed")
    status, serial, _ = output(capsys, "sweep", TEMPLATE, "--runs", "4", "--seed", "9")
    status, on_dask, _ = output(capsys, "sweep", TEMPLATE, "--runs", "4", "--seed", "9", "--dask", "local", "--workers", "1")
    assert (status, on_dask) == (0, serial)


def test_dask_local_starts_its_workers_after_the_app_has_run_in_the_same_process(capsys):
    """Streamlit makes app.py the process's main module; a Dask worker, started by spawn,
    imports that module again and must not build the app's pages there."""
    pytest.importorskip("dask.distributed")
    from streamlit.testing.v1 import AppTest

    AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    status, on_dask, _ = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "9", "--dask", "local",
                                "--workers", "1")
    assert status == 0 and on_dask == output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "9")[1]


def test_an_unreachable_dask_scheduler_is_said_in_the_readers_language_without_the_librarys_english(capsys):
    pytest.importorskip("dask.distributed")
    status, out, err = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "1", "--dask", "tcp://127.0.0.1:1",
                              "--lang", "zh")
    assert (status, out) == (2, "")
    # Dask retries until its timeout; on a busy machine its last try may time out before
    # the refusal comes back, so either of the two system reasons may be the one said.
    assert err in ("python -m sim: 无法连接地址为 'tcp://127.0.0.1:1' 的 Dask 调度器：对方拒绝连接：该地址和端口上没有服务在运行\n",
                   "python -m sim: 无法连接地址为 'tcp://127.0.0.1:1' 的 Dask 调度器：连接超时，对方没有应答\n")
    status, _, err = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "1", "--dask", "tcp://127.0.0.1:1",
                            "--lang", "en")
    assert err.endswith(("connection refused: no service is running at that address and port\n",
                         text("os_error.timed_out", "en") + "\n"))
    assert "Timed out" not in err and "Traceback" not in err


def test_a_dask_scheduler_host_that_does_not_exist_is_said_at_once_rather_than_after_a_timeout(capsys):
    pytest.importorskip("dask.distributed")
    status, out, err = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "1", "--dask",
                              "tcp://scheduler.invalid:8786", "--lang", "zh")
    assert (status, out) == (2, "")
    assert err == f"python -m sim: 无法连接地址为 'tcp://scheduler.invalid:8786' 的 Dask 调度器：{text('os_error.unknown_host', 'zh')}\n"
    status, _, err = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "1", "--dask",
                            "scheduler.invalid:8786", "--lang", "en")
    assert err.endswith(text("os_error.unknown_host", "en") + "\n") and "timed out" not in err


def test_a_dask_address_that_is_no_address_at_all_is_refused_in_words():
    pytest.importorskip("dask.distributed")
    from sim.sweep.executor import ClusterError, dask_client

    with pytest.raises(ClusterError) as refused:
        dask_client("nonsense:::", 1)
    assert refused.value.args[0].zh.startswith("'nonsense:::' 不是 Dask 调度器的地址")


def test_a_service_at_the_address_that_is_not_a_dask_scheduler_is_said_in_words(capsys):
    """A web server (or anything else) at the address answers with bytes Dask reads as an
    absurd message length, and Dask fails however it fails (here: asking for exabytes)."""
    pytest.importorskip("dask.distributed")
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def answer() -> None:
        for _ in range(4):  # the client may try more than once
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n" * 8)

    threading.Thread(target=answer, daemon=True).start()
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    try:
        status, out, err = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "1", "--dask", address,
                                  "--lang", "zh")
    finally:
        server.close()
    assert (status, out) == (2, "")
    assert "上有服务应答，但它不是 Dask 调度器" in err and "Traceback" not in err


def test_missing_dask_is_a_clear_message(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as if not installed
    status, out, err = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "1", "--dask", "local")
    assert status == 2 and out == ""
    assert "install 'tuiyan[dask]'" in err and "Traceback" not in err


def test_missing_pyarrow_is_reported_before_running(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    status, _, err = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "1", "--out", str(tmp_path / "x.parquet"))
    assert status == 2 and "install 'tuiyan[parquet]'" in err
    assert not (tmp_path / "x.parquet").exists()


def test_bad_template_is_reported_at_its_line(capsys, tmp_path):
    (tmp_path / "scenarios").mkdir()
    shutil.copytree(ROOT / "plans" / "areas", tmp_path / "areas")
    shutil.copy(ROOT / "plans" / "guyang-blackout-2023.yaml", tmp_path)
    text = Path(TEMPLATE).read_text(encoding="utf-8").replace("damaged: 0.85", "damaged: 1.85")
    bad = tmp_path / "scenarios" / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "damaged: 1.85" in row)
    status, out, err = output(capsys, "sweep", str(bad), "--runs", "2", "--seed", "1")
    assert status == 2 and out == ""
    assert err.startswith(f"{bad}:{line}:")
    assert "template.causes.0.damage.damaged: 应小于或等于 1 · should be at most 1" in err


def test_variant_of_an_unknown_plan_is_reported_at_its_id(capsys, tmp_path):
    variant = tmp_path / "other.yaml"
    variant.write_text(Path(VARIANT).read_text(encoding="utf-8").replace(
        "id: guyang-blackout-2023", "id: some-other-plan", 1), encoding="utf-8")
    line = next(i for i, row in enumerate(variant.read_text(encoding="utf-8").splitlines(), 1) if row.startswith("id:"))
    status, _, err = output(capsys, "compare", TEMPLATE, "--variant", str(variant), "--runs", "2", "--seed", "1")
    assert status == 2
    assert err.startswith(f"{variant}:{line}:1: id: 本情景没有 id 为 'some-other-plan' 的预案；本情景的预案：固阳县大面积停电事件应急预案")


@pytest.mark.parametrize("argv", [
    ("sweep", TEMPLATE, "--runs", "0", "--seed", "1"),
    ("sweep", TEMPLATE, "--runs", "3", "--seed", "-1"),
    ("sweep", TEMPLATE, "--runs", "3"),
    ("sweep", TEMPLATE, "--runs", "3", "--seed", "1", "--workers", "0"),
])
def test_bad_flags_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    assert caught.value.code == 2
    assert capsys.readouterr().err.startswith("命令行 · command line: --")


def test_unwritable_output_exits_2(capsys, tmp_path):
    status, _, err = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "1",
                            "--out", str(tmp_path / "missing" / "rows.csv"))
    assert status == 2 and "the directory to write into does not exist" in err


@pytest.mark.parametrize("name", ["rows.txt", "rows", "rows.csv.bak"])
def test_an_output_name_of_no_known_type_is_refused(capsys, tmp_path, name):
    status, out, err = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "1", "--out", str(tmp_path / name))
    assert status == 2 and out == ""
    assert err.startswith(f"命令行 · command line: --out: '{tmp_path / name}'：文件名应以 .csv / .parquet 结尾 · "
                          f"'{tmp_path / name}': expected a file name ending in .csv / .parquet")
    assert list(tmp_path.iterdir()) == []


def test_a_plan_file_that_replaces_nothing_is_an_error(capsys):
    other = str(ROOT / "plans" / "guyang-fire-ban-2023.yaml")
    status, _, err = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "1", "--plan", other)
    assert status == 2
    assert f"{other}:" in err and "the scenario has no plan with the id 'guyang-fire-ban-2023'; its plans are Guyang" in err


def test_run_of_a_template_replication_reproduces_that_row_of_the_sweep(capsys, tmp_path):
    status, csv, _ = output(capsys, "sweep", TEMPLATE, "--runs", "6", "--seed", "5")
    assert status == 0
    header, *rows = [line.split(",") for line in csv.splitlines()]
    for replication in (0, 4):
        out = tmp_path / f"r{replication}.json"
        assert main(["run", TEMPLATE, "--seed", "5", "--replication", str(replication), "--out", str(out)]) == 0
        printed = capsys.readouterr().out
        assert f"replication {replication} of Random county blackout under seed 5" in printed
        result = json.loads(out.read_text(encoding="utf-8"))
        row = dict(zip(header, rows[replication]))
        assert result["seed"] == int(row["seed"])
        assert result["start"].replace(" ", "T").startswith(row["start"])
        summary = result["summary"]
        assert (summary["max_response_level"] or "") == row["max_level"]
        assert (summary["max_severity"] or "") == row["max_severity"]
        for key in ("warning_issued_at_h", "response_started_at_h", "terminated_at_h"):
            assert ("" if summary[key] is None else float(summary[key])) == ("" if row[key] == "" else float(row[key]))


def test_every_outcome_column_of_a_sweep_row_comes_back_from_the_run_of_that_replication(capsys, tmp_path):
    """Row I of the sweep, rebuilt from the file `run --replication I --out` wrote: the same
    seed and every outcome column (to the file's 3 decimals); the incident's
    own columns are the row's."""
    from sim.inputs import load_case
    from sim.inputs.generator import FACTS
    from sim.sweep.rows import columns, for_programs, row

    status, csv, _ = output(capsys, "sweep", TEMPLATE, "--runs", "5", "--seed", "3")
    assert status == 0
    header, *rows = [line.split(",") for line in csv.splitlines()]
    case = load_case(TEMPLATE)
    layout = columns([case.plans], case.scenario.plans)
    assert list(for_programs(layout.names)[0]) == header
    for replication, shown in enumerate(dict(zip(header, values)) for values in rows):
        out = tmp_path / f"r{replication}.json"
        assert main(["run", TEMPLATE, "--seed", "3", "--replication", str(replication), "--out", str(out)]) == 0
        capsys.readouterr()
        result = json.loads(out.read_text(encoding="utf-8"))
        rebuilt = dict(zip(layout.names, row(replication, result["seed"], tuple(shown[name] for name in FACTS),
                                             result, layout)))
        spans = [span["unit"] for span in result["spans"]]
        for name in header:
            want, got = shown[name], rebuilt[name]
            if isinstance(got, float):
                # A sum of hours read back from the file carries each span's rounding (±0.001).
                summed = spans.count(name.removeprefix("unit_hours_")) if name.startswith("unit_hours_") else \
                    len(spans) if name == "unit_hours" else 0
                assert float(want) == pytest.approx(got, abs=0.002 + 0.001 * summed), (replication, name)
            else:
                assert want == ("" if got is None else str(got)), (replication, name)


def test_two_replications_of_a_template_are_two_different_incidents(capsys):
    assert main(["run", TEMPLATE, "--seed", "1", "--replication", "0"]) == 0
    first = capsys.readouterr().out
    assert main(["run", TEMPLATE, "--seed", "1", "--replication", "1"]) == 0
    second = capsys.readouterr().out
    assert first.splitlines()[3] != second.splitlines()[3]  # the drawn cause, season, weather and start


def test_a_negative_replication_is_refused(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["run", TEMPLATE, "--seed", "1", "--replication", "-1"])
    assert caught.value.code == 2
    assert "--replication" in capsys.readouterr().err


def test_compare_in_chinese_states_the_what_if_pages_verdict_and_no_english(capsys):
    from sim.inputs import load_case
    from sim.sweep.rows import primary
    from sim.sweep.words import verdict

    argv = ("compare", TEMPLATE, "--variant", VARIANT, "--runs", "60", "--seed", "1")
    status, text, _ = output(capsys, *argv, "--lang", "zh")
    assert status == 0
    _, report, _ = output(capsys, *argv, "--json")
    case = load_case(TEMPLATE, template=True)
    said = verdict(json.loads(report), primary(case.plans, case.scenario.plans), "zh", True)
    assert said.startswith("60 起中，1 起由Ⅲ级应急响应升为Ⅱ级应急响应") and f"  {said}\n" in text
    assert "自然灾害" in text and "natural_disaster" not in text  # what the replication drew, by name
    assert not any(word in text.replace(VARIANT, "") for word in ("Level", "replications", "baseline", "variant", "Hours"))


def test_a_blackout_comparison_leaves_the_fire_measures_out_of_its_table_and_names_them_in_one_line(capsys):
    status, text, _ = output(capsys, "compare", TEMPLATE, "--variant", VARIANT, "--runs", "60", "--seed", "1",
                             "--lang", "en")
    assert status == 0
    lines = text.splitlines()
    assert not any(line.lstrip().startswith(("Fires ", "Area burned", "Fines")) for line in lines)
    idle = next(line for line in lines if line.lstrip().startswith("Measures not listed"))
    assert "Fires, Area burned (ha), Violations, Violations caught, Fines (yuan), Patrol team-hours." in idle
    assert any(line.lstrip().startswith("Unit-hours ") for line in lines)
    extra = lines[next(i for i, line in enumerate(lines) if line.startswith("Who carries the extra work")) + 1]
    assert "changed" not in extra  # a unit's hours are not counted as changes: no empty column for them


@pytest.mark.parametrize("template, moved, rest", [(True, "1 incident went up", "the other 59 incidents kept"),
                                                   (False, "1 replication went up", "the other 59 replications kept")])
def test_compare_in_english_counts_one_incident_or_replication_in_the_singular(capsys, template, moved, rest):
    from sim.inputs import load_case
    from sim.sweep.rows import primary
    from sim.sweep.words import verdict

    _, report, _ = output(capsys, "compare", TEMPLATE, "--variant", VARIANT, "--runs", "60", "--seed", "1", "--json")
    case = load_case(TEMPLATE, template=True)
    said = verdict(json.loads(report), primary(case.plans, case.scenario.plans), "en", template)
    assert said.startswith("Of 60 ") and moved in said and rest in said


# --- a story scenario (no template): the same story under a new engine seed per replication ---



def test_a_sweep_of_a_story_scenario_is_byte_identical_serial_on_a_pool_and_on_dask(capsys, tmp_path,
                                                                                     in_process_cluster):
    base = ("sweep", STORY, "--runs", "6", "--seed", "4")
    status, serial, _ = output(capsys, *base)
    assert status == 0
    assert [line.split(",")[:2] for line in serial.splitlines()[1:]] == \
        [[str(i), str(4 if i == 0 else engine_seed(4, i))] for i in range(6)]
    assert len({line.split(",", 2)[2] for line in serial.splitlines()[1:]}) > 1  # the outcomes spread
    for extra in (("--workers", "2", "--batch", "4"), ("--dask", in_process_cluster)):
        assert output(capsys, *base, *extra) == (0, serial, "")
    files = []
    for extra in ((), ("--workers", "2", "--batch", "4")):
        out = tmp_path / f"rows{len(files)}.csv"
        assert output(capsys, *base, *extra, "--out", str(out))[0] == 0
        files.append(out.read_bytes())
    assert files[0] == files[1]


def test_two_seeds_sweeps_of_a_story_share_no_run():
    """A story's replication i > 0 runs under an engine seed derived from the seed and i, not
    seed + i: else seed 2's rows would be seed 1's rows shifted by one."""
    from sim.inputs import load_case

    case = load_case(STORY)
    seeds = [{case.changed(replication=i).draw(seed).seed for i in range(200)} for seed in (1, 2)]
    assert not seeds[0] & seeds[1]
    assert case.draw(1).seed == 1  # replication 0: the story as `run --seed 1` runs it


def test_run_replication_reproduces_a_sweep_row_of_a_story(capsys, tmp_path):
    """Row I of ``sweep STORY --seed S`` rebuilt from the file ``run STORY --seed S --replication I
    --out`` wrote: the same engine seed (S for row 0, else derived from S and I, as compare and
    the What-if page run it) and every
    column (to the file's 3 decimals); the run says which row it is."""
    from sim.inputs import load_case
    from sim.inputs.case import NO_FACTS
    from sim.sweep.rows import columns, row

    status, csv, _ = output(capsys, "sweep", STORY, "--runs", "4", "--seed", "5")
    assert status == 0
    header, *rows = [line.split(",") for line in csv.splitlines()]
    case = load_case(STORY)
    layout = columns([case.plans], case.scenario.plans, drawn=False)
    for replication in (0, 3):
        shown = dict(zip(header, rows[replication]))
        out = tmp_path / f"r{replication}.json"
        assert main(["--lang", "en", "run", STORY, "--seed", "5", "--replication", str(replication),
                     "--out", str(out)]) == 0
        printed = capsys.readouterr().out
        said = (f"Replication: replication {replication} of A grassland fire on Hanyi Festival trips a 110 kV line "
                f"under seed 5 (as row {replication} of `sweep --seed 5`): the same story under engine seed "
                f"{engine_seed(5, replication)}")
        assert (said in printed) == (replication != 0)  # replication 0 is the seed as typed: nothing to say
        result = json.loads(out.read_text(encoding="utf-8"))
        assert result["seed"] == int(shown["seed"]) == (5 if replication == 0 else engine_seed(5, replication))
        assert result["drawn_from"] == {"seed": 5, "replication": replication}
        rebuilt = dict(zip(layout.names, row(replication, result["seed"], NO_FACTS, result, layout)))
        spans = [span["unit"] for span in result["spans"]]
        for name in header:
            want, got = shown[name], rebuilt[name]
            if isinstance(got, float) and (name == "unit_hours" or name.startswith("unit_hours_")):
                # A sum of hours read back from the file carries each span's rounding (±0.001).
                summed = spans.count(name.removeprefix("unit_hours_")) if name != "unit_hours" else len(spans)
                assert float(want) == pytest.approx(got, abs=0.002 + 0.001 * summed), (replication, name)
            else:
                assert want == ("" if got is None else str(got)), (replication, name)


def test_the_header_of_a_storys_sweep_has_no_drawn_columns_and_holds_for_every_row(capsys):
    import csv
    import io

    from sim.inputs import load_case
    from sim.inputs.generator import FACTS
    from sim.sweep.rows import columns, for_programs

    for story in (STORY, str(ROOT / "plans" / "scenarios" / "qingming-tomb-sweeping.yaml")):
        status, printed, _ = output(capsys, "sweep", story, "--runs", "3", "--seed", "2")
        assert status == 0
        header, *rows = list(csv.reader(io.StringIO(printed)))
        case = load_case(story)
        assert header == list(for_programs(columns([case.plans], case.scenario.plans, drawn=False).names)[0])
        assert header[:3] == ["replication", "seed", "max_severity"] and not set(FACTS) & set(header)
        assert {"fires_started", "hectares_burned", "fines_yuan", "max_level"} <= set(header)
        assert rows and all(len(cells) == len(header) for cells in rows)
    status, printed, _ = output(capsys, "sweep", TEMPLATE, "--runs", "2", "--seed", "2")
    assert printed.startswith("replication,seed," + ",".join(FACTS) + ",max_severity,")  # a template keeps its draws


def test_out_csv_and_parquet_of_a_story_carry_names_and_clock_times_from_the_scenarios_start(capsys, tmp_path):
    import csv
    import io

    from sim.inputs import load_case
    from sim.sweep.rows import NAMED, columns, readable

    case = load_case(STORY)
    start = case.scenario.start
    header = list(readable(columns([case.plans], case.scenario.plans, drawn=False).names))
    assert "start" not in header and "cause_name" not in header
    status, hours, _ = output(capsys, "sweep", STORY, "--runs", "4", "--seed", "1")
    by_id = list(csv.DictReader(io.StringIO(hours)))
    out = tmp_path / "rows.csv"
    status, printed, _ = output(capsys, "--lang", "zh", "sweep", STORY, "--runs", "4", "--seed", "1", "--out", str(out))
    assert status == 0 and f"4 次重复（种子 1）→ {out}" in printed and "最高响应级别 — " in printed
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == header
    for column in ("max_severity", "max_level"):
        assert header[header.index(column) + 1] == f"{column}_name"
    assert not set(NAMED[:4]) & set(header)  # nothing drawn, nothing to name
    timed = [column for column in header if column.endswith("_at_h")]
    for row, ids in zip(rows, by_id):
        assert {k: v for k, v in row.items() if k in ids} == ids  # the ids and hours as stdout has them
        assert row["max_level"] == "II" and row["max_level_name"] == "Ⅱ级应急响应"
        for column in timed:
            assert at_the_minute_of(start, row[column], row[column[:-2]]), column
    assert any(row["response_started_at"] for row in rows)
    pq = pytest.importorskip("pyarrow.parquet")
    status, _, _ = output(capsys, "--lang", "en", "sweep", STORY, "--runs", "4", "--seed", "1",
                          "--out", str(tmp_path / "rows.parquet"))
    assert status == 0
    table = pq.read_table(tmp_path / "rows.parquet")
    assert table.column_names == header and table.num_rows == 4
    assert table.column("max_level_name").to_pylist() == ["Level II response"] * 4
    assert table.column("response_started_at").to_pylist() == [row["response_started_at"] or None for row in rows]
    assert table.column("fines_yuan").to_pylist() == [int(row["fines_yuan"]) for row in rows]


def test_a_bad_story_is_reported_at_its_line_in_both_languages_with_exit_2(capsys, tmp_path):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    bad = tmp_path / "plans" / "scenarios" / "grassland-fire-line-trip.yaml"
    text = bad.read_text(encoding="utf-8").replace("horizon_h: 96", "horizon_h: -96")
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("horizon_h:"))
    status, out, err = output(capsys, "sweep", str(bad), "--runs", "2", "--seed", "1")
    assert status == 2 and out == ""
    assert err.startswith(f"{bad}:{line}:") and "horizon_h: " in err and " · " in err and "Traceback" not in err


def test_compare_says_every_length_of_time_in_hours_and_minutes_while_its_json_keeps_the_hours(capsys):
    """The table says the response's length, its interval and each unit's extra work as people
    say a length of time; ``--json`` keeps the numbers a program reads, unchanged."""
    argv = ("compare", TEMPLATE, "--runs", "40", "--seed", "11", "--resource", "repair_crew=2")
    status, text, _ = output(capsys, *argv, "--lang", "en")
    assert status == 0
    row = next(line for line in text.splitlines() if line.lstrip().startswith("Length of response"))
    assert re.search(r"\+1 h +\[-6 min, \+2 h 6 min\] +40 ", row), row
    assert not re.search(r"\d\.\d", row)  # no decimal hours
    status, zh, _ = output(capsys, *argv, "--lang", "zh")
    assert "+1 小时  [-6 分钟, +2 小时 6 分钟]" in zh
    status, said, _ = output(capsys, *argv, "--json")
    response = next(m for m in json.loads(said)["measures"] if m["measure"] == "response_h")
    assert (response["mean"], response["low"], response["high"]) == pytest.approx((0.997, -0.099, 2.093), abs=0.001)


def test_compare_shows_the_means_to_the_place_at_which_they_differ_by_the_difference_it_shows(capsys):
    """The highest level's means are 0.415 and 0.430 over these 200 replications, their paired
    difference 0.015: to two places they read 0.41 → 0.43 beside +0.01, so the row says them to
    three; a row whose two places add up keeps two."""
    argv = ("compare", TEMPLATE, "--variant", VARIANT, "--runs", "200", "--seed", "1")
    status, text, _ = output(capsys, *argv, "--lang", "zh")
    assert status == 0
    row = next(line for line in text.splitlines() if line.lstrip().startswith("最高响应级别（等级）"))
    assert re.search(r" 0\.415 +0\.430 +\+0\.015 +\[0\.00, \+0\.03\] +200 ", row), row  # the interval to two places
    changes = next(line for line in text.splitlines() if line.lstrip().startswith("级别变更次数"))
    assert re.search(r" 0\.40 +0\.41 +\+0\.01 ", changes), changes
    status, said, _ = output(capsys, *argv, "--json")  # the JSON keeps its numbers as they were
    level = next(m for m in json.loads(said)["measures"] if m["measure"] == "max_level_rank")
    assert (level["baseline"], level["variant"], level["mean"]) == (0.415, 0.43, 0.015)


def test_a_chinese_compare_table_keeps_its_columns_in_line_after_a_label_holding_a_roman_numeral(capsys):
    from sim.command_line import columns

    status, text, _ = output(capsys, "compare", TEMPLATE, "--variant", VARIANT, "--runs", "50", "--seed", "1",
                             "--lang", "zh")
    assert status == 0
    lines = text.splitlines()
    levels = lines[lines.index(next(line for line in lines if line.startswith("最高响应级别"))):][:5]
    head = next(i for i, line in enumerate(lines) if line.lstrip().startswith("指标 "))
    paired = lines[head:next(i for i in range(head, len(lines)) if not lines[i].rstrip().endswith(tuple("0123456789变")))]
    for table in (levels, paired):
        assert any("Ⅱ" in line for line in table)
        # Ⅱ takes one column, as wcwidth counts it, and 级 two: each row ends where its head does
        assert len({columns(line) for line in table}) == 1, "\n".join(table)
    assert columns("Ⅱ级") == 3 and columns("Ⅱ") == 1
