"""Every face names an id of a run among the things of its kind: ids are unique only within
their kind in a plan, so a duty, a measure and a unit may share one, and each still reads as
what it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sim import report
from sim.engine.run import run_scenario
from sim.engine.summary import summary_text
from sim.event_text import event_text
from sim.inputs import load_case
from sim.inputs.loader import load_plan
from sim.messages import pick
from sim.ui import charts

MINI = Path(__file__).resolve().parent / "data" / "engine" / "plans"


@pytest.fixture(scope="module")
def clashing(tmp_path_factory):
    """The test plan with a duty called as a measure is (``power``, the bureau's coordination),
    a measure called as a unit is (``county``, heat) and a duty called as another measure is
    (``order``, the police patrol), run without patrol cars so that the patrol goes unmet."""
    root = tmp_path_factory.mktemp("clash")
    shutil.copytree(MINI, root / "plans")
    plan_file = root / "plans" / "mini-plan.yaml"
    text = plan_file.read_text(encoding="utf-8")
    renamed = (text.replace("- id: bureau.coordinate\n", "- id: power\n")
               .replace("- id: heat\n", "- id: county\n").replace("measure: heat\n", "measure: county\n")
               .replace("- id: police.patrol\n", "- id: order\n"))
    plan_file.write_text(renamed, encoding="utf-8")
    scenario_file = root / "plans" / "scenarios" / "mini-storm.yaml"
    scenario_file.write_text(scenario_file.read_text(encoding="utf-8").replace("patrol: 1}", "patrol: 0}"),
                             encoding="utf-8")
    scenario, plans, area = load_case(scenario_file)
    plan = plans["mini-plan"]
    duties, measures = {d.id for _, d in plan.all_duties()}, {m.id for m in plan.measures}
    assert {"power", "order"} <= duties & measures and "county" in measures & {u.id for u in plan.units}
    result = run_scenario(scenario, plans, area, 7, observe=True)  # as the Walk-through runs it
    assert {"power", "county", "order"} <= set(result["summary"]["measures_activated"])
    assert any(d["duty"] == "order" for d in result["summary"]["unmet_duties"])
    return scenario, plans, area, result


def _section(sections, title: str):
    return next(s for s in sections if s.title == title)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_after_action_report_names_a_measure_as_the_measure_and_an_unmet_duty_as_the_duty(clashing, language):
    scenario, plans, area, result = clashing
    plan = plans["mini-plan"]
    measures = {m.id: m.name for m in plan.measures}
    duties = {duty.id: duty.text for _, duty in plan.all_duties()}
    units = {u.id: u.name for u in plan.units}
    sections = report.sections(result, plans=plans, area=area, scenario=scenario, language=language)
    listed = [row[0] for row in _section(sections, report.label("measures", language)).rows]
    assert report._bi(measures["county"], language) in listed
    assert report._bi(units["county"], language) not in listed
    unmet = _section(sections, report.label("unmet", language)).rows
    assert [row[1] for row in unmet if row[1].startswith(pick(duties["order"], language))]
    assert not [row for row in unmet if row[1].startswith(pick(measures["order"], language))]


def test_the_run_summary_names_an_unmet_duty_as_the_duty_not_the_measure_of_its_id(clashing):
    scenario, plans, area, result = clashing
    plan = plans["mini-plan"]
    patrol = {duty.id: duty.text for _, duty in plan.all_duties()}["order"]
    order = next(m.name for m in plan.measures if m.id == "order")
    said = summary_text(result, scenario, plans, area, language="en")
    assert f"Police: {patrol.en} — " in said and f": {order.en} — " not in said


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_run_pages_task_chart_names_a_duty_as_the_duty_not_the_measure_of_its_id(clashing, language):
    scenario, plans, area, result = clashing
    plan = plans["mini-plan"]
    coordinate = {duty.id: duty.text for _, duty in plan.all_duties()}["power"]
    repair = next(m.name for m in plan.measures if m.id == "power")
    figure = charts.gantt_figure(result, report.names_from(plans, area, scenario, result), language)
    hovers = [text.split("<br>")[0] for trace in figure.data for text in trace.hovertext]
    assert pick(coordinate, language) in hovers and pick(repair, language) not in hovers


def test_each_kind_keeps_its_own_name_for_an_id_another_kind_shares(clashing):
    scenario, plans, area, result = clashing
    plan = plans["mini-plan"]
    names = report.names_from(plans, area, scenario, result)
    duty = {d.id: d.text for _, d in plan.all_duties()}["power"]
    measure = next(m.name for m in plan.measures if m.id == "power")
    assert names.of("duty")["power"] == duty and names.of("measure")["power"] == measure
    assert names.of("unit")["county"].en == "County" and names.of("measure")["county"].en == "Heat"


def test_a_proposed_change_of_level_names_response_levels_where_severity_levels_share_their_ids():
    plan = load_plan(MINI / "mini-plan.yaml")
    same = plan.model_copy(update={"severity_levels": [
        level.model_copy(update={"id": response.id}) for level, response in zip(plan.severity_levels, plan.response_levels)]})
    words = event_text({"action": "adjustment_proposed", "from": "I", "to": "II", "severity": "I"},
                       report.names_from([same]))
    assert words["en"] == "Put to the decision: change the response from Level I to Level II"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_walk_throughs_table_of_who_is_at_work_names_a_duty_as_the_duty_not_the_measure_of_its_id(clashing, language):
    from sim.ui.walk import busy_at
    from sim.ui.walk_page import _work_name

    scenario, plans, area, result = clashing
    plan = plans["mini-plan"]
    coordinate = {duty.id: duty.text for _, duty in plan.all_duties()}["power"]
    names = report.names_from(plans, area, scenario, result)
    start = next(s["start_h"] for s in result["spans"] if s["duty"] == "power")
    busy = [b for b in busy_at(result, start) if b["duty"] == "power"]
    assert busy and _work_name(names, busy[0], language) == pick(coordinate, language)
