"""The example plans of other levels of government run end to end with no code of their own.

``plans/examples/`` holds the national plan (国办函〔2015〕134号), graded on every grid an
incident touches, with a provincial grid and an ice storm to run it on. Its seed-7 summary
is recorded like the shipped scenarios' (rerun with ``TUIYAN_UPDATE_GOLDEN=1`` to accept an
intended change).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sim.cli import main
from sim.engine import dumps, run_scenario
from sim.lint import lint_plan
from sim.loader import load_plan
from sim.scenario import load_inputs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "plans" / "examples"
NATIONAL = EXAMPLES / "national-blackout-2015.yaml"
ICE_STORM = EXAMPLES / "scenarios" / "mengxi-ice-storm.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def ice_storm():
    scenario, plans, area = load_inputs(ICE_STORM)
    return plans, run_scenario(scenario, plans, area, 7)


def test_the_national_plan_validates_and_lints_clean(capsys):
    assert main(["validate", str(NATIONAL), str(EXAMPLES / "areas"), str(EXAMPLES / "scenarios")]) == 0
    assert lint_plan(load_plan(NATIONAL, require_stem=False)) == []


def test_classify_and_run_accept_the_same_national_plan_file(capsys, ice_storm):
    assert main(["classify", str(NATIONAL), "--grid-scope", "capital_city", "--grid-load-mw", "4000",
                 "--metric", "load_shed_pct=45", "--metric", "customers_out_pct=1"]) == 0
    assert "重大大面积停电事件 Major large-area blackout [major]" in capsys.readouterr().out
    _, result = ice_storm
    assert result["summary"]["max_severity"] == "major"


@pytest.mark.parametrize("load_mw, shed, severity", [
    (4000, 60, "especially_major"), (4000, 59.99, "major"), (4000, 40, "major"), (4000, 39.99, "serious"),
    (1999.9, 40, "major"), (1999.9, 39.99, "serious"), (4000, 10, "general"), (4000, 9.99, None),
])
def test_the_capital_grid_is_graded_on_both_sides_of_each_threshold(load_mw, shed, severity):
    from sim.severity import classify

    plan = load_plan(NATIONAL, require_stem=False)
    values = {"grid_load_mw@capital_city": load_mw, "load_shed_pct@capital_city": shed,
              "customers_out_pct@capital_city": 0.0}
    assert classify(plan, values).severity == severity


def test_the_ice_storm_reaches_level_four_then_two_led_by_the_province_and_ends(ice_storm):
    plans, result = ice_storm
    summary, events = result["summary"], result["events"]
    assert [c["to"] for c in summary["level_changes"]] == ["IV", "II", "IV", None]
    declared = next(e for e in events if e["action"] == "declare_response")
    assert (declared["to"], declared["unit"]) == ("IV", "provincial_government")
    raised = next(e for e in events if e["action"] == "adjust_response" and e["to"] == "II")
    assert raised["commanders"] == ["provincial_government"] and raised["severity"] == "major"
    # the county's grid went dark first (general), then the capital's lost 45 % (major)
    classified = [(e["t_h"], e["severity"]) for e in events if e["action"] == "classified"]
    assert classified[:2] == [(4.0, "general"), (8.0, "major")]
    assert summary["measures_activated"] == ["grid_repair", "secondary_incidents", "public_order"]
    assert summary["terminated_at_h"] is not None


def test_the_time_series_records_every_grid_figure_the_plan_reads(ice_storm):
    _, result = ice_storm
    at_nine = [row for row in result["timeseries"] if row["t_h"] <= 9][-1]
    assert at_nine["load_shed_pct@capital_city"] == pytest.approx(45.0)
    assert at_nine["load_shed_pct@county_city"] == pytest.approx(100.0)
    assert at_nine["load_shed_pct@provincial"] == pytest.approx(100 * 1930 / 26030)
    assert at_nine["grid_load_mw@capital_city"] == pytest.approx(4000.0)


def test_golden_summary_of_the_ice_storm(ice_storm):
    summary = dumps(ice_storm[1]["summary"], indent=2) + "\n"
    path = GOLDEN / "mengxi-ice-storm-seed7.summary.json"
    if os.environ.get("TUIYAN_UPDATE_GOLDEN"):
        path.write_text(summary, encoding="utf-8")
    assert summary == path.read_text(encoding="utf-8")
