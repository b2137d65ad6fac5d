"""The Run page of a fire ban's run: its fires lead when the grid shed nothing, and the log
reads each penalty's fine and case by name; a run whose grid shed load keeps the grid first."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import ROOT, chart_heading, chart_headings, chart_tabs, run_page, walk_page
from sim.engine.run import run_scenario
from sim.inputs import load_case
from sim.messages import pick, text
from sim.plan.figures import GRID_SHOWN
from sim.report import names_from

SCENARIOS = ROOT / "plans" / "scenarios"
FIRE = "qingming-tomb-sweeping"
#: Seeds of the fire ban's scenario: one whose grid shed nothing and which fined someone,
#: and one whose fires tripped a line and shed load.
NO_SHED, SHED = 2, 1

pytestmark = pytest.mark.skipif(not (SCENARIOS / f"{FIRE}.yaml").exists(), reason="no fire-ban scenario shipped")


def engine_run(scenario_id: str, seed: int):
    scenario, plans, area = load_case(SCENARIOS / f"{scenario_id}.yaml")
    result = run_scenario(scenario, plans, area, seed)
    return result, names_from(plans, area, scenario, result)


def shed_load(result: dict) -> bool:
    return any(row.get(key) for row in result.get("timeseries") or [] for key in GRID_SHOWN)


def first_chart_traces(at: AppTest) -> set[str]:
    return {trace.get("name") for trace in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]}


def test_a_fire_ban_run_whose_grid_shed_nothing_leads_with_its_fires_and_penalties_and_leaves_the_grid_out():
    result, _ = engine_run(FIRE, NO_SHED)
    fire = result["summary"]["fire"]
    assert not shed_load(result) and fire["fines"]["total_yuan"] > 0
    at = run_page(FIRE, NO_SHED, timeout=180)
    headings = chart_headings(at)
    assert headings[0] == chart_heading("fire")
    assert chart_heading("grid") not in headings and chart_heading("load") not in headings
    # nor the blackout plan's levels, which it never set, nor key users' fuel, never drawn on
    assert not any(row["severity"] or row["response_level"] for row in result["timeseries"])
    assert chart_heading("levels") not in headings and chart_heading("fuel") not in headings
    assert first_chart_traces(at) == {text("measure.hectares_burned", "zh"), text("run.burning", "zh")}
    # the fires and the penalties are the first numbers read
    first = [(m.label, m.value) for m in at.metric[:6]]
    assert first == [("违规用火", str(fire["violations"]["total"])), ("当场制止", str(fire["caught"]["total"])),
                     ("起火次数", str(fire["fires"]["started"])),
                     ("过火面积（公顷）", f"{fire['fires']['hectares_burned']:.1f}"),
                     ("处罚（次）", str(fire["fines"]["count"])), ("罚款（元）", f"{fire['fines']['total_yuan']:,}")]


def test_a_penalty_s_fine_activity_place_and_circumstances_read_in_the_log_by_name_in_either_language():
    result, names = engine_run(FIRE, NO_SHED)
    events = result["events"]
    row, fined = next((i, e) for i, e in enumerate(events) if e["action"] == "penalty" and e.get("fine_yuan"))
    place = next(e["place"] for e in events if e.get("attempt") == fined["attempt"] and e.get("place"))
    at = run_page(FIRE, NO_SHED, timeout=180)
    for language in ("zh", "en"):
        at.sidebar.radio(key="lang").set_value(language).run()
        said = text("common.description", language)
        log = next(d.value for d in at.dataframe if said in d.value.columns)
        line = log[said].iloc[row]
        assert text("fire.text.fine", language, yuan=f"{fined['fine_yuan']:,}") in line
        assert pick(fined["text"], language) in line  # the range the penalty states, before the fine imposed
        assert pick(names.of("activity")[fined["activity"]], language) in line
        assert pick(names.of("place")[place], language) in line
        assert all(text(f"circumstance.{c}", language) in line for c in fined["when"])
        assert fined["activity"] not in line and place not in line  # names, never ids
    assert not at.exception


@pytest.mark.parametrize("scenario_id, seed", [(FIRE, SHED), ("winter-ice-storm", 1)])
def test_a_run_whose_grid_shed_load_keeps_the_grid_s_charts_first(scenario_id, seed):
    result, _ = engine_run(scenario_id, seed)
    assert shed_load(result)
    at = run_page(scenario_id, seed, timeout=180)
    headings = chart_headings(at)
    assert headings[0] == chart_heading("load")
    assert text("common.load_shed", "zh") in " ".join(first_chart_traces(at))
    if result.get("fire"):  # the fires follow the plan's charts
        assert headings.index(chart_heading("fire")) > headings.index(chart_heading("levels"))
    assert at.metric[0].label == text("measure.max_level", "zh")


def test_the_walk_through_of_a_fire_ban_run_whose_grid_shed_nothing_tabs_its_fires_first_as_the_run_page_does():
    result, _ = engine_run(FIRE, NO_SHED)
    assert not shed_load(result)
    tabs = chart_tabs(walk_page(FIRE, NO_SHED, timeout=180))
    assert tabs[0] == chart_heading("fire")
    assert chart_heading("grid") not in tabs and chart_heading("load") not in tabs
    assert chart_heading("levels") not in tabs and chart_heading("fuel") not in tabs


def test_the_walk_through_of_a_run_whose_grid_shed_load_tabs_the_plans_figures_first():
    result, _ = engine_run(FIRE, SHED)
    assert shed_load(result)
    assert chart_tabs(walk_page(FIRE, SHED, timeout=180))[0] == chart_heading("load")
