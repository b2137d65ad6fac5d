"""``python -m sim bench --only NAME``: one benchmark section, or a clear refusal."""

from __future__ import annotations

import json

import pytest

from sim import bench
from sim.cli import main


def test_only_runs_the_named_section_alone(capsys, monkeypatch):
    ran = []

    def fake(name):
        def benchmark(runs: int) -> dict:
            ran.append((name, runs))
            return {"runs": runs}
        return benchmark

    monkeypatch.setattr(bench, "BENCHMARKS", [("replication", fake("replication")), ("sweep", fake("sweep"))])
    assert main(["bench", "--only", "replication", "--runs", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"replication": {"runs": 3}}
    assert ran == [("replication", 3)]

    assert main(["bench", "--only", "sweep", "--sweep-runs", "5"]) == 0
    assert capsys.readouterr().out == "[sweep]\n  runs: 5\n"
    assert ran[1:] == [("sweep", 5)]


def test_only_runs_the_real_replication_benchmark(capsys):
    assert main(["bench", "--only", "replication", "--runs", "1", "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert list(metrics) == ["replication"] and metrics["replication"]["runs"] == 1
    assert metrics["replication"]["events_per_replication"] > 0


def test_an_unknown_benchmark_is_refused_with_the_known_names(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["bench", "--only", "nosuch"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--only" in err and "unknown benchmark 'nosuch'" in err and "replication, loading, whatif, drill, sweep" in err


def test_run_all_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="unknown benchmark 'nosuch'"):
        bench.run_all(1, only="nosuch")


def test_the_whatif_benchmark_compares_paired_replications_of_the_template():
    metrics = bench.whatif(4)
    assert metrics["whatif_runs"] == 4 and metrics["whatif_pairs_s"] > 0
    assert 0 <= metrics["whatif_changed"] <= 4


def test_the_help_of_only_lists_the_section_names_from_the_table_of_benchmarks(capsys, monkeypatch):
    monkeypatch.setattr(bench, "BENCHMARKS", [("alpha", None), ("beta", None)])
    with pytest.raises(SystemExit) as caught:
        main(["bench", "--help", "--lang", "en"])
    assert caught.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "one section: one of alpha, beta" in help_text and "replication" not in help_text.split("--only NAME")[-1]
