"""Sweep and compare rows hold the peak of each figure the plan grades on that is not the grid's.

A flood plan grades on rainfall: every row of its sweep holds the largest rainfall
(``peak_rain_mm``), and a comparison lists it beside each changed replication, by the
figure's name and unit, on the command line as on the What-if page (one set of outcome
measures, :mod:`sim.sweep.rows`). A plan graded on the grid's figures alone — every shipped
scenario's — gets no such column: its rows are as they were.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from flood_fixtures import PLAN, flood_plan, folder
from sim.cli import main
from sim.inputs import load_case
from sim.sweep.rows import OUTCOME, PEAK, columns
from sim.sweep.words import peak_label, peak_value

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "plans" / "scenarios").glob("*.yaml"))
RAIN = [(2, 120), (6, 180), (30, 10)]


def output(capsys, *argv: str) -> tuple[int, str]:
    status = main([*argv, "--no-progress"])
    return status, capsys.readouterr().out


@pytest.fixture
def flood(tmp_path) -> Path:
    return folder(tmp_path, RAIN)


def test_every_row_of_a_flood_plans_sweep_holds_its_largest_rainfall_after_the_grids_peaks(capsys, flood):
    status, printed = output(capsys, "sweep", str(flood), "--runs", "3", "--seed", "1")
    assert status == 0
    header, *rows = list(csv.reader(io.StringIO(printed)))
    assert header.index("peak_rain_mm") == header.index(OUTCOME[-1]) + 1  # after the outcomes, before the levels' hours
    assert len(rows) == 3 and {row[header.index("peak_rain_mm")] for row in rows} == {"180.0"}
    assert [name for name in header if name.startswith(PEAK)] == [
        "peak_load_shed_pct", "peak_customers_out_pct", "peak_rain_mm"]


@pytest.mark.parametrize("scenario", SHIPPED, ids=lambda path: path.stem)
def test_a_shipped_scenarios_rows_gain_no_peak_column(scenario):
    case = load_case(scenario)
    layout = columns([case.plans], case.scenario.plans, case.is_template)
    assert layout.peaks == ()
    assert [name for name in layout.names if name.startswith(PEAK)] == ["peak_load_shed_pct", "peak_customers_out_pct"]


def test_a_comparison_of_flood_plans_lists_the_largest_rainfall_beside_each_changed_replication(capsys, flood, tmp_path):
    variant = flood_plan()
    variant["severity_levels"][1]["criteria"]["min"] = 200  # 180 mm no longer serious: the band above moves too
    variant["severity_levels"][0]["criteria"]["min"] = 250
    variant["severity_levels"][2]["criteria"]["max"] = 200
    path = tmp_path / "variant" / f"{PLAN}.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(variant, allow_unicode=True), encoding="utf-8")
    status, printed = output(capsys, "compare", str(flood), "--variant", str(path), "--runs", "2", "--seed", "1", "--json")
    assert status == 0
    changed = json.loads(printed)["changed"]
    assert changed and all(entry["peak_rain_mm"] == 180 for entry in changed)
    status, printed = output(capsys, "--lang", "zh", "compare", str(flood), "--variant", str(path), "--runs", "2",
                             "--seed", "1")
    assert status == 0 and "最大24小时降雨量（mm）" in printed and "180 mm" in printed
    status, printed = output(capsys, "--lang", "en", "compare", str(flood), "--variant", str(path), "--runs", "2",
                             "--seed", "1")
    assert status == 0 and "Peak Rainfall in 24 hours (mm)" in printed


def test_the_grids_peaks_keep_their_catalogue_heading_and_two_places():
    plan = load_case(SHIPPED[0]).plan
    assert peak_label("peak_load_shed_pct", plan, "zh") == "最大减供负荷 %"
    assert peak_value("peak_load_shed_pct", 47.5, plan, "zh") == "47.50"
