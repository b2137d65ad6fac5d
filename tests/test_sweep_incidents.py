"""How many incidents a replication held: a sweep row's ``incidents``, the count a sweep file's
summary gives, and the measure a comparison reports and counts as changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.inputs import load_case
from sim.report import incident_count
from sim.sweep.compare import Pairs
from sim.sweep.executor import Job, run_batch
from sim.sweep.rows import column_type, columns
from sim.sweep.words import changes_text

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "plans" / "scenarios"
TEMPLATE = str(SCENARIOS / "random-blackout.yaml")


def row_of(scenario: str, seed: int, replication: int) -> dict:
    """Row ``replication`` of ``sweep SCENARIO --seed SEED``, by column."""
    case = load_case(scenario)
    job = Job((case,), seed, columns([case.plans], case.scenario.plans, case.is_template))
    (arms,) = run_batch(job, replication, replication + 1)
    return dict(zip(job.layout.names, arms[0]))


def test_a_replication_with_two_incidents_has_2_in_its_row():
    """Row 153 of the random county blackout under seed 1: an incident from the start to
    07:30, and a second from 21:08, as `run --replication 153` lists them."""
    row = row_of(TEMPLATE, 1, 153)
    assert row["incidents"] == 2
    assert row["incident_started_at_h"] == 0.0  # the times are the first incident's
    assert row_of(TEMPLATE, 1, 152)["incidents"] == 1


def test_a_replication_with_no_incident_has_0_in_its_row():
    """The Spring Festival fireworks under seed 7 shed no load: the blackout plan's incident
    never begins, and the fires the scenario opens are not counted."""
    row = row_of(str(SCENARIOS / "spring-festival-fireworks.yaml"), 7, 0)
    assert row["incidents"] == 0 and row["incident_started_at_h"] is None
    assert column_type("incidents") == "int64"


def test_an_incident_begun_at_the_very_start_counts_and_none_begun_does_not():
    assert incident_count({"incident_started_at_h": 0.0}) == 1  # hour 0 is a beginning, not a missing one
    assert incident_count({"incident_started_at_h": None}) == 0
    assert incident_count({}) == 0  # no response plan ran
    listed = [{"number": n, "begun_at_h": float(n)} for n in (1, 2, 3)]
    assert incident_count({"incident_started_at_h": 1.0, "incidents": listed}) == 3


def test_the_comparison_reports_incidents_per_replication_and_counts_a_split_incident_as_changed():
    """An edit that splits replication 1's one long event into two responses: the mean per
    replication under each plan, the paired interval, and the replication changed with it."""
    header = ("replication", "max_level", "level_changes", "incidents")
    base = [(0, "III", 1, 1), (1, "III", 1, 1), (2, None, 0, 0), (3, "III", 1, 1)]
    variant = [(0, "III", 1, 1), (1, "III", 2, 2), (2, None, 0, 0), (3, "III", 1, 1)]
    pairs = Pairs(header, ["I", "II", "III"])
    for a, b in zip(base, variant):
        pairs.add(a, b)
    report = pairs.report()
    measure = next(m for m in report["measures"] if m["measure"] == "incidents")
    assert (measure["baseline"], measure["variant"], measure["mean"]) == pytest.approx((0.75, 1.0, 0.25))
    assert measure["n"] == 4 and measure["low"] < 0.25 < measure["high"] and measure["changed"] == 1
    assert report["changed_count"] == 1
    changes = report["changed"][0]["changes"]
    assert report["changed"][0]["replication"] == 1
    assert {"measure": "incidents", "baseline": 1, "variant": 2} in changes
    said = changes_text(changes, None, "zh")
    assert "事件起数：1 → 2" in said
    assert "Incidents: 1 → 2" in changes_text(changes, None, "en")


def test_compare_json_reports_the_incidents_per_replication(capsys):
    variant = str(ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml")
    status = main(["compare", TEMPLATE, "--variant", variant,
                   "--runs", "3", "--seed", "1", "--json", "--no-progress"])
    assert status == 0
    report = json.loads(capsys.readouterr().out)
    measure = next(m for m in report["measures"] if m["measure"] == "incidents")
    assert (measure["baseline"], measure["variant"], measure["n"], measure["changed"]) == (1.0, 1.0, 3, 0)
    assert not measure["idle"]


def test_a_sweep_file_is_followed_by_how_many_replications_held_each_number_of_incidents(capsys, tmp_path):
    """Three replications of the Qingming fire lockdown under seed 1: the county's grid sheds
    load once in two of them, and in the third again after the first incident was over."""
    status = main(["--lang", "both", "sweep", str(SCENARIOS / "qingming-tomb-sweeping.yaml"), "--runs", "3",
                   "--seed", "1", "--out", str(tmp_path / "rows.csv"), "--no-progress"])
    assert status == 0
    printed = capsys.readouterr().out
    assert "事件起数（起数：重复数） — 1：2，2：1" in printed
    assert "incidents (incidents: replications) — 1: 2, 2: 1" in printed
