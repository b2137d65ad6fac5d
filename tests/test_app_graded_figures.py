"""The Run and Walk-through pages lead with the figures the plan grades on, not the grid's.

Another county's flood plan grades its incident on rainfall: the Run page's first chart is
the rainfall, named by the plan's name with its unit, the grid's load shed and customers
out a chart of their own below it; the Walk-through's state shows the rainfall first. The
county's blackout plan grades on the grid's own figures, and they still lead there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app_pages import chart_heading, chart_headings, page, run_page
from flood_fixtures import folder
from sim.inputs.layout import LIBRARY_ENV
from sim.messages import text

RAIN = [(2, 120), (30, 10)]


@pytest.fixture
def flood_library(monkeypatch, tmp_path) -> Path:
    folder(tmp_path, RAIN)
    monkeypatch.setenv(LIBRARY_ENV, str(tmp_path))
    return tmp_path


def test_the_run_page_of_a_flood_heads_its_first_chart_with_the_rainfall_by_name_and_unit(flood_library):
    at = run_page("flood", 1)
    said = chart_headings(at)
    assert said.index(chart_heading("load")) < said.index(chart_heading("grid"))  # the grid below, not first
    assert "24小时降雨量（mm）" in [c.value for c in at.caption]
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert "Rainfall in 24 hours (mm)" in [c.value for c in at.caption]
    assert chart_heading("load", "en") in chart_headings(at, "en")


def test_the_run_page_of_the_countys_blackout_plan_draws_no_second_chart_of_the_grid():
    at = run_page("winter-ice-storm")
    assert chart_heading("grid") not in chart_headings(at)
    assert any(c.value.startswith("减供负荷比例（%）") for c in at.caption)


def test_the_walk_through_of_a_flood_shows_the_rainfall_first_in_its_state(flood_library):
    at = page("walk")
    at.selectbox(key="walk.scenario").set_value("flood")
    at.number_input(key="walk.seed").set_value(1).run()
    at.text_input(key="walk.jump").set_value("07-21 19:00").run()  # the scenario starts at 16:00, the rain comes at 2 h
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels[0] == "24小时降雨量" and at.metric[0].value == "120 mm"
    assert labels.index("24小时降雨量") < labels.index("减供负荷比例")  # the grid's figures after it
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.metric[0].label == "Rainfall in 24 hours"


def test_a_walk_through_of_a_fire_ban_whose_grid_sheds_nothing_shows_the_fires_not_the_grid():
    at = page("walk")
    at.selectbox(key="walk.scenario").set_value("qingming-tomb-sweeping")
    at.number_input(key="walk.seed").set_value(7).run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert text("run.burning", "zh") in labels and text("measure.hectares_burned", "zh") in labels
    assert "减供负荷比例" not in labels and text("walk.on_backup", "zh") not in labels
