"""A plan whose hazard is not the power network says when its incident begins.

Another county's flood plan grades its incident on rainfall, a figure the scenario sets as
the storm unfolds. Its ``onset`` says what the incident is in those figures: the reporting
chain starts and the level is decided when it holds, as a blackout plan's do when load is
shed. The flood plan here is the example county's blackout plan with its grading replaced
by rainfall bands (so every other section is a real plan's), in a folder of its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from flood_fixtures import EXAMPLES, ONSET_MM, PLAN, WHY, flood_plan, folder
from sim.engine.run import Simulation, run_scenario
from sim.errors import InputError
from sim.inputs import load_case


def run(path: Path) -> dict:
    scenario, plans, area = load_case(path)
    return run_scenario(scenario, plans, area, 1)


def actions(result: dict, action: str) -> list[dict]:
    return [e for e in result["events"] if e["action"] == action]


def test_a_flood_plan_starts_reporting_and_a_response_when_the_rain_meets_its_onset_and_a_level(tmp_path):
    result = run(folder(tmp_path, [(2, 120), (30, 10)]))
    begun = actions(result, "incident_begun")
    assert [e["t_h"] for e in begun] == [2.0]
    assert begun[0]["source"] == "assumption"
    assert begun[0]["text"] == {"zh": "发生暴雨洪涝灾害", "en": "A rainstorm floods the county"}
    summary = result["summary"]
    assert summary["incident_started_at_h"] == 2.0
    assert summary["max_severity"] == "serious"  # 120 mm: the band from 100 to 250
    assert summary["max_response_level"] is not None
    declared = actions(result, "declare_response")
    assert declared and declared[0]["t_h"] >= 2.0
    hops = [e for e in result["events"] if e["action"] in {hop["id"] for hop in flood_plan()["reporting"]["hops"]}]
    assert hops and min(e["t_h"] for e in hops) >= 2.0
    assert actions(result, "end_response")  # the rain eased at 30 h: the response was ended


def test_rain_just_under_the_onset_begins_no_incident_and_rain_at_it_does(tmp_path):
    under = run(folder(tmp_path / "under", [(2, ONSET_MM - 0.1)]))
    at = run(folder(tmp_path / "at", [(2, ONSET_MM)]))
    assert not actions(under, "incident_begun") and under["summary"]["incident_started_at_h"] is None
    assert [e["t_h"] for e in actions(at, "incident_begun")] == [2.0]
    assert not actions(at, "declare_response")  # 25 mm meets no level: the incident begins, no response


def test_an_incident_that_met_no_level_is_over_once_the_rain_falls_below_the_onset_and_the_log_says_so(tmp_path):
    scenario, plans, area = load_case(folder(tmp_path, [(2, 30), (5, 5)]))
    simulation = Simulation(scenario, plans, area, 1)
    runner = simulation.runners[0]
    simulation.run(4)
    assert runner.incident_at == 2.0 and runner.incident_active
    simulation.run(6)
    assert runner.incident_over and not runner.incident_active
    over = actions(simulation.result(), "incident_over")
    assert [(e["t_h"], e["source"]) for e in over] == [(5.0, "assumption")]
    simulation.close()


DEATHS = {"id": "deaths", "name": {"zh": "死亡失踪人数", "en": "Dead or missing"}, "unit": "count",
          "from": "scenario", "assumption": WHY}


def test_a_level_met_by_a_figure_the_onset_does_not_read_begins_the_incident(tmp_path):
    """A flash flood kills three while the rain stays under the onset: the plan's top level
    is met, and an incident the plan grades is an incident."""
    plan = flood_plan()
    plan["metrics"].append(DEATHS)
    top = plan["severity_levels"][0]
    top["criteria"] = {"any_of": [top["criteria"], {"metric": "deaths", "min": 3, "assumption": WHY}]}
    path = folder(tmp_path, [(2, 10), (3, 0)])
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    scenario["figures"]["deaths"] = 0
    scenario["injects"][1].update(figure="deaths", value=3, text={"zh": "山洪致3人死亡", "en": "A flash flood kills three"})
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    (tmp_path / f"{PLAN}.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    result = run(path)
    assert [e["t_h"] for e in actions(result, "incident_begun")] == [3.0]
    assert result["summary"]["max_severity"] == "major" and actions(result, "declare_response")


def test_without_an_onset_the_same_rain_starts_nothing_as_the_power_network_sheds_no_load(tmp_path):
    result = run(folder(tmp_path, [(2, 120)], onset=False))
    assert result["summary"]["incident_started_at_h"] is None
    assert not actions(result, "incident_begun") and not actions(result, "declare_response")


def test_a_scenario_that_never_gives_the_onsets_figure_is_refused_naming_it(tmp_path):
    plan = flood_plan()
    for level in plan["severity_levels"]:
        level["criteria"] = {"metric": "load_shed_pct", "min": 10, "assumption": WHY}
    plan["termination"]["conditions"][0]["check"] = {"metric": "load_shed_pct", "max": 1}
    path = folder(tmp_path, [(2, 0)], start=None)
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    scenario["injects"] = [{"id": "wind", "at_h": 2, "kind": "fault", "feeders": ["west-rural"],
                            "text": {"zh": "大风", "en": "Gale"}}]
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    (tmp_path / f"{PLAN}.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_case(path)
    assert "rain_mm" in str(raised.value)


def test_an_onset_reading_a_figure_the_plan_does_not_declare_is_refused_at_its_path(tmp_path):
    plan = flood_plan()
    plan["onset"]["criteria"] = {"metric": "rainfal_mm", "min": ONSET_MM}
    path = tmp_path / f"{PLAN}.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    from sim.inputs import load_plan

    with pytest.raises(InputError) as raised:
        load_plan(path)
    assert "onset" in str(raised.value) and "rainfal_mm" in str(raised.value)


def _plans_page(monkeypatch, library: Path):
    from app_pages import app
    from sim.inputs.layout import LIBRARY_ENV

    monkeypatch.setenv(LIBRARY_ENV, str(library))
    return app()


def test_the_plans_page_shows_when_a_flood_plans_incident_begins_and_why(monkeypatch, tmp_path):
    folder(tmp_path, [(2, 120)])
    at = _plans_page(monkeypatch, tmp_path)
    shown = "\n".join(m.value for m in at.markdown)
    assert "事件发生" in shown and "发生暴雨洪涝灾害" in shown
    assert "24小时降雨量" in shown and "25" in shown  # the onset's threshold, by the figure's name
    assert "测试用的洪涝预案分级" in "\n".join(c.value for c in at.caption)  # its assumption


def test_the_plans_page_says_a_plan_without_an_onset_begins_when_load_is_shed(monkeypatch):
    at = _plans_page(monkeypatch, EXAMPLES)
    assert any("电网减供负荷即为事件发生" in m.value for m in at.markdown)


def test_the_plans_page_says_who_declares_adjusts_and_ends_each_level(monkeypatch, tmp_path):
    plan = flood_plan()
    top = plan["response_levels"][0]
    top["declared_by"] = {"units": ["county_headquarters"], "assumption": WHY}
    folder(tmp_path, [(2, 120)])
    (tmp_path / f"{PLAN}.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    at = _plans_page(monkeypatch, tmp_path)
    at.button_group(key="plans.section.response").set_value("plans.response").run()
    table = next(df.value for df in at.dataframe if "启动由" in df.value.columns)
    assert {"启动由", "调整级别由", "终止由"} <= set(table.columns)
    assert "县大面积停电应急指挥部" in table["启动由"].iloc[0]


def test_the_report_of_a_flood_ends_with_its_rainfall_by_name_not_the_networks_figures_by_id(tmp_path):
    from sim.report import markdown

    path = folder(tmp_path, [(2, 120), (30, 10)])
    scenario, plans, area = load_case(path)
    report = markdown(run_scenario(scenario, plans, area, 1), plans=plans, area=area, scenario=scenario)
    final = next(line for line in report.splitlines() if "结束时" in line)
    assert "24小时降雨量 = 10 mm" in final
    assert "load_shed_pct" not in report and "grid_backbone_restored" not in report
