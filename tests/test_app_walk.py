"""The Walk-through page and the functions behind it: state, the rule behind an entry, what is due."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import ROOT, run_page, walk_page
from sim.clock import clock, moment
from sim.engine.run import run_scenario
from sim.event_kinds import clause_label, is_decision, is_key, kind_of, left_to_units, plan_kinds
from sim.event_rules import explain, grounds, logged_rules
from sim.inputs import load_case
from sim.messages import MESSAGES, text
from sim.report import figure_now
from sim.ui.walk_handout import handout_html
from sim.ui.walk_page import INDEX, PLAYING, TICKED, autoplay_step
from sim.ui.walk import busy_at, conditions_at, due_duties, plan_state_at, row_at, warning_at

SCENARIO = "winter-ice-storm"
SCENARIO_FILE = ROOT / "plans" / "scenarios" / f"{SCENARIO}.yaml"

pytestmark = pytest.mark.skipif(not SCENARIO_FILE.exists(), reason="the winter ice storm scenario is not shipped")


@pytest.fixture(scope="module")
def run():
    scenario, plans, area = load_case(SCENARIO_FILE)
    return scenario, plans, area, run_scenario(scenario, plans, area, 1, observe=True)


def heading(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### "))


# -- pure functions ------------------------------------------------------------------------------


def test_row_at_is_the_row_in_force(run):
    *_, result = run
    rows = result["timeseries"]
    second = rows[1]
    assert row_at(result, second["t_h"]) == second
    assert row_at(result, second["t_h"] - 1e-9) == rows[0]
    assert row_at(result, 1e9) == rows[-1]


def test_the_warning_shown_is_the_one_the_engine_recorded_at_that_moment(run):
    *_, result = run
    issued = result["summary"]["warning_issued_at_h"]
    assert warning_at(result, issued - 1e-9) == "none"
    assert warning_at(result, issued) == "issued"
    ended = result["summary"]["terminated_at_h"]
    assert warning_at(result, ended - 1e-9) == "issued"
    assert warning_at(result, ended) == "ended"  # with the response: nobody lifted it
    assert result["summary"]["warning_lifted_at_h"] is None


def test_a_result_that_was_not_observed_shows_no_warning(run):
    *_, result = run
    unobserved = {key: value for key, value in result.items() if key != "observed"}
    assert warning_at(unobserved, result["summary"]["warning_issued_at_h"]) == "none"


def test_busy_units_are_working_or_queued_exactly_inside_their_spans(run):
    *_, result = run
    span = next(s for s in result["spans"] if s["end_h"] > s["start_h"])
    mid = (span["start_h"] + span["end_h"]) / 2
    assert any(b["duty"] == span["duty"] and b["state"] == "working" for b in busy_at(result, mid))
    assert not any(b is span for b in busy_at(result, span["end_h"]))
    queued = [s for s in result["spans"] if s["start_h"] > s["requested_h"]]
    if queued:
        s = queued[0]
        at = (s["requested_h"] + s["start_h"]) / 2
        assert any(b["duty"] == s["duty"] and b["state"] == "queued" for b in busy_at(result, at))


def test_every_plan_entry_is_explained_by_its_own_rule(run):
    scenario, plans, area, result = run
    plan = plans["guyang-blackout-2023"]
    table = logged_rules(plan)
    for event in result["events"]:
        if event["plan"] == plan.id and event["action"] in table:
            why = explain(event, plans)
            rule = table[event["action"]]
            assert why.clause == (rule.source.clause if rule.source else "")
            assert why.quote == (rule.source.quote if rule.source else "")
    declared = next(e for e in result["events"] if e["action"] == "declare_response")
    why = explain(declared, plans)
    level = next(r for r in plan.response_levels if r.id == declared["to"])
    assert (why.clause, why.quote) == (level.source.clause, level.source.quote)
    assert explain({"t_h": 0, "unit": "scenario", "action": "fault", "source": "scenario", "plan": None}, plans) is None


def test_due_duties_hold_their_trigger_and_are_not_done(run):
    scenario, plans, area, result = run
    plan = plans["guyang-blackout-2023"]
    start = result["summary"]["response_started_at_h"]
    before = {d.id for _, d, _ in due_duties(plan, result, start - 1e-6)}
    after = due_duties(plan, result, start)
    response_duties = {d.id for _, d, _ in after if d.trigger.on == "response"}
    assert response_duties and not (response_duties & before)
    assert {status for _, _, status in after} <= {"pending", "queued", "working", "repeating", "unmet"}
    assert scenario.restoration.duty not in {d.id for _, d, _ in after}


def states_of(result, plan_id, duty_id):
    """The states the engine recorded for one duty, in order: (t_h, state)."""
    return [(e["t_h"], e["state"]) for e in result["observed"]["duties"]
            if (e["plan"], e["duty"]) == (plan_id, duty_id)]


def test_a_duty_that_waited_for_a_crew_shows_queued_then_working(run):
    scenario, plans, area, result = run
    plan = plans["guyang-blackout-2023"]
    duty_ids = {d.id for unit in plan.units for d in unit.duties}
    span = next(s for s in result["spans"] if s["start_h"] > s["requested_h"] and s["duty"] in duty_ids)
    states = states_of(result, plan.id, span["duty"])
    assert (span["requested_h"], "queued") in states and (span["start_h"], "working") in states
    assert states.index((span["start_h"], "working")) == states.index((span["requested_h"], "queued")) + 1
    waiting = (span["requested_h"] + span["start_h"]) / 2
    working = (span["start_h"] + span["end_h"]) / 2
    for t, state, since, until in ((waiting, "queued", span["requested_h"], span["start_h"]),
                                   (working, "working", span["start_h"], span["end_h"])):
        assert (span["duty"], state) in {(d.id, s) for _, d, s in due_duties(plan, result, t)}
        shown = next(b for b in busy_at(result, t) if b["duty"] == span["duty"])
        assert (shown["state"], shown["since_h"], shown["until_h"]) == (state, since, until)


def test_a_duty_still_at_work_when_the_run_ends_shows_as_working_at_the_last_step():
    summer = ROOT / "plans" / "scenarios" / "summer-peak-overload.yaml"
    scenario, plans, area = load_case(summer)
    result = run_scenario(scenario, plans, area, 1, observe=True)
    end = result["summary"]["end_h"]
    last = {}
    for entry in result["observed"]["duties"]:
        last[(entry["plan"], entry["duty"])] = entry
    at_work = [e for e in last.values() if e["state"] == "working" and e["until_h"] > end]
    assert at_work, "the scenario ends with a duty at work"
    entry = at_work[0]
    # its round has no span (a span is written when a round ends) …
    assert not any(s["duty"] == entry["duty"] and s["start_h"] == entry["t_h"] for s in result["spans"])
    # … yet the last step shows it at work, since the engine recorded it starting
    plan = plans[entry["plan"]]
    assert (entry["duty"], "working") in {(d.id, s) for _, d, s in due_duties(plan, result, end)}
    shown = next(b for b in busy_at(result, end) if b["duty"] == entry["duty"])
    assert (shown["state"], shown["since_h"], shown["until_h"]) == ("working", entry["t_h"], entry["until_h"])


def test_due_duties_agree_with_every_finished_round_at_every_step(run):
    """Where the spans (rounds already over) say a duty was working or queued, the
    recorded state says so too; between the rounds of a repeating duty it is repeating."""
    scenario, plans, area, result = run
    plan = plans["guyang-blackout-2023"]
    repeating = {d.id for unit in plan.units for d in unit.duties if d.task and d.task.repeat_every_h is not None}
    spans = [s for s in result["spans"] if s["plan"] == plan.id]
    checked = set()
    for t in sorted({e["t_h"] for e in result["events"]}):
        for _, duty, state in due_duties(plan, result, t):
            mine = [s for s in spans if s["duty"] == duty.id]
            if any(s["start_h"] <= t < s["end_h"] for s in mine):
                assert state == "working", (t, duty.id)
            elif any(s["requested_h"] <= t < s["start_h"] for s in mine):
                assert state == "queued", (t, duty.id)
            elif duty.id in repeating and any(s["end_h"] <= t for s in mine) \
                    and any(s["requested_h"] > t for s in mine):
                assert state == "repeating", (t, duty.id)
            checked.add(state)
    assert {"working", "repeating"} <= checked


def test_conditions_include_the_hazard_while_it_lasts(run):
    scenario, plans, area, result = run
    hazard = next(i for i in scenario.injects if i.kind == "hazard" and i.conditions)
    assert set(hazard.conditions) <= conditions_at(result, hazard.at_h)
    assert not set(hazard.conditions) & conditions_at(result, hazard.at_h + hazard.duration_h) \
        - {n for n, on in scenario.conditions.items() if on}


def test_the_engine_records_each_plans_levels_and_due_duties_as_it_runs(run):
    scenario, plans, area, result = run
    plan_id = "guyang-blackout-2023"
    states = result["observed"]["plans"][plan_id]
    assert [s["t_h"] for s in states] == sorted(s["t_h"] for s in states)
    declared = result["summary"]["level_changes"][0]
    at_declaration = plan_state_at(result, plan_id, declared["t_h"])
    assert at_declaration["response_level"] == declared["to"] and "response" in at_declaration["phases"]
    assert plan_state_at(result, plan_id, -1.0) == {}
    ended = result["summary"]["terminated_at_h"]
    assert "termination" in plan_state_at(result, plan_id, ended)["phases"]
    # what the time series says of the first plan, at every time it has a row
    last = {row["t_h"]: row for row in result["timeseries"]}
    for t, row in last.items():
        state = plan_state_at(result, plan_id, t)
        assert ((state["severity"], state["classification"], state["response_level"])
                == (row["severity"], row["classification"], row["response_level"]))


def _declared_and_asked(result: dict) -> tuple[int, int]:
    """The declaration's index in the log and that of the request, in its minute, that has
    the city form its headquarters."""
    events = result["events"]
    declared = next(i for i, e in enumerate(events) if e["action"] == "declare_response")
    asked = next(i for i, e in enumerate(events) if e["action"] == "request_escalation")
    assert declared < asked and events[declared]["t_h"] == events[asked]["t_h"]  # one instant, two entries
    return declared, asked


def test_the_city_headquarters_is_formed_from_the_request_that_forms_it_not_from_the_declaration_before_it(run):
    scenario, plans, area, result = run
    declared, asked = _declared_and_asked(result)
    event = result["events"][declared]
    plan = plans[event["plan"]]
    formed = set(next(level for level in plan.response_levels if level.id == event["to"]).escalation.sets)
    t = event["t_h"]
    assert formed and not formed & conditions_at(result, t, declared + 1)
    assert formed <= conditions_at(result, t, asked + 1)
    assert formed <= conditions_at(result, t)  # as the instant ended, which the page used to show at the declaration
    # what waits for the city's headquarters is not due at the declaration, only later in its minute
    waiting = {d.id for _, _, duties in plan.duty_lists() for d in duties if formed & set(d.trigger.requires)}
    assert waiting and not waiting & {d.id for _, d, _ in due_duties(plan, result, t, declared + 1)}
    assert waiting <= {d.id for _, d, _ in due_duties(plan, result, t)}
    # and the level is the declaration's from its entry on, not from the entry before it
    assert plan_state_at(result, plan.id, t, declared)["response_level"] is None
    assert plan_state_at(result, plan.id, t, declared + 1)["response_level"] == event["to"]
    assert row_at(result, t, declared)["response_level"] is None
    assert row_at(result, t, declared + 1)["response_level"] == event["to"]


def test_the_figures_at_an_entry_are_those_the_change_it_logged_left_and_its_levels_those_logged_by_then(run):
    scenario, plans, area, result = run
    events = result["events"]
    fault = next(i for i, e in enumerate(events) if e["action"] == "fault")
    classified = next(i for i, e in enumerate(events) if e["action"] == "classified")
    t = events[fault]["t_h"]
    assert fault < classified and events[classified]["t_h"] == t
    before, at_fault, at_class = (row_at(result, t, n) for n in (fault, fault + 1, classified + 1))
    assert before["load_shed_pct"] == 0 and at_fault["load_shed_pct"] == row_at(result, t)["load_shed_pct"] > 0
    assert at_fault["severity"] is None and at_class["severity"] == events[classified]["severity"]


def test_a_run_not_observed_carries_no_observed_state(run):
    scenario, plans, area, _ = run
    assert "observed" not in run_scenario(scenario, plans, area, 1, until=2.0)


# -- the page ------------------------------------------------------------------------------------


def test_next_previous_and_jump_to_a_clock_time(run):
    *_, result = run
    events = result["events"]
    start = result["start"]
    at = walk_page(SCENARIO, 1)
    assert heading(at) == f"### 第 1 / {len(events)} 个事件 · {clock(start, events[0]['t_h'])}"
    at.button(key="walk.next").click().run()
    at.button(key="walk.next").click().run()
    assert heading(at).startswith(f"### 第 3 / {len(events)} 个事件")
    at.button(key="walk.prev").click().run()
    assert heading(at).startswith(f"### 第 2 / {len(events)} 个事件")
    target = result["summary"]["response_started_at_h"]
    at.text_input(key="walk.jump").set_value(clock(start, target)).run()
    index = next(i for i, e in enumerate(events) if e["t_h"] >= target - 1 / 60)
    assert heading(at) == f"### 第 {index + 1} / {len(events)} 个事件 · {clock(start, events[index]['t_h'])}"
    assert not at.exception


def test_the_jump_box_empties_once_it_has_jumped_and_shows_the_time_of_the_entry_shown(run):
    """A time left in the box after the walk moved on (the next decision, the next entry)
    would read as where the walk stands: the box empties when it has jumped, and its
    greyed hint is the time of the entry shown."""
    _, _, _, result = run
    events, start = result["events"], result["start"]
    at = walk_page(SCENARIO, 1)
    at.text_input(key="walk.jump").set_value(clock(start, result["summary"]["response_started_at_h"])).run()
    assert at.text_input(key="walk.jump").value == ""
    at.button(key="walk.next").click().run()
    shown = int(at.session_state["walk.i"])
    assert at.text_input(key="walk.jump").placeholder == clock(start, events[shown - 1]["t_h"])
    assert not at.exception


def test_a_refused_time_stays_to_be_corrected_until_the_walk_moves_another_way():
    at = walk_page(SCENARIO, 1)
    at.text_input(key="walk.jump").set_value("明天").run()
    assert at.text_input(key="walk.jump").value == "明天" and at.error
    at.button(key="walk.next").click().run()
    assert at.text_input(key="walk.jump").value == "" and not at.error


def test_a_time_that_is_not_a_time_is_refused_with_a_message():
    at = walk_page(SCENARIO, 1)
    at.text_input(key="walk.jump").set_value("明天").run()
    assert "明天" in at.error[0].value and heading(at).startswith("### 第 1 /")


def test_a_long_paste_that_is_not_a_time_is_repeated_only_in_part():
    at = walk_page(SCENARIO, 1)
    at.text_input(key="walk.jump").set_value("x" * 5000).run()
    said = at.error[0].value
    assert "x" * 40 + "…" in said and "x" * 41 not in said


def test_a_time_typed_as_markdown_is_repeated_as_typed_never_as_a_link():
    at = walk_page(SCENARIO, 1)
    at.text_input(key="walk.jump").set_value("[点我](http://example.com)").run()
    said = at.error[0].value
    assert "\\[点我\\](http\u2060\\://example.com)" in said and "[点我](http" not in said


def test_key_events_mode_keeps_the_fault_the_grading_the_warning_reports_declarations_and_fuel(run):
    scenario, plans, area, result = run
    kinds = plan_kinds(plans)
    wanted = [e for e in result["events"] if is_key(e, kinds)]
    at = walk_page(SCENARIO, 1)
    at.toggle(key="walk.key_only").set_value(True).run()
    assert heading(at).startswith(f"### 第 1 / {len(wanted)} 个事件")
    assert {kind_of(e, kinds) for e in wanted} >= {"warning", "report", "declare", "adjust", "end", "fuel"}
    assert {e["action"] for e in wanted} >= {"fault", "classified"}  # what set it going, and its first grading
    assert len(wanted) < len(result["events"]) / 2


def test_next_decision_jumps_to_the_declaration(run):
    scenario, plans, area, result = run
    events = result["events"]
    declared = next(i for i, e in enumerate(events) if e["action"] == "declare_response")
    kinds, left = plan_kinds(plans), left_to_units(plans)
    at = walk_page(SCENARIO, 1)
    while at.session_state["walk.i"] < declared + 1:
        at.button(key="walk.next_decision").click().run()
        assert is_decision(events[at.session_state["walk.i"] - 1], kinds, left)
    assert at.session_state["walk.i"] == declared + 1
    assert "启动响应" in at.info[0].value


def test_next_decision_stops_at_a_step_the_plan_leaves_to_its_unit(run):
    """视情况成立工作组 (5.3.2) is the county government's to decide, as much as a level is."""
    scenario, plans, area, result = run
    events = result["events"]
    kinds, left = plan_kinds(plans), left_to_units(plans)
    left_steps = [i for i, e in enumerate(events) if (e.get("plan"), e["action"]) in left]
    assert left_steps, "the ice storm's run takes a step the plan leaves to its unit"
    first = left_steps[0]
    before = max(i for i, e in enumerate(events[:first]) if is_decision(e, kinds, left)) if any(
        is_decision(e, kinds, left) for e in events[:first]) else None
    at = walk_page(SCENARIO, 1)
    if before is not None:
        at.session_state["walk.i"] = before + 1
        at.run()
    at.button(key="walk.next_decision").click().run()
    assert at.session_state["walk.i"] == first + 1


def test_the_unit_filter_keeps_one_units_entries(run):
    *_, result = run
    unit = "power_company"
    theirs = [i + 1 for i, e in enumerate(result["events"]) if e.get("unit") == unit]
    at = walk_page(SCENARIO, 1)
    at.multiselect(key="walk.units").set_value([unit]).run()
    assert heading(at).startswith(f"### 第 1 / {len(theirs)} 个事件")
    assert at.session_state["walk.i"] == theirs[0]


def test_every_chart_has_a_cursor_at_the_current_entry(run):
    at = walk_page(SCENARIO, 1)
    at.button(key="walk.next").click().run()
    charts = at.get("plotly_chart")
    assert len(charts) >= 4
    for chart in charts:
        figure = json.loads(chart.proto.spec)
        assert any(shape.get("type") == "line" and shape.get("line", {}).get("dash") == "dash"
                   for shape in figure["layout"].get("shapes", [])), figure["layout"].get("title")


def test_autoplay_starts_and_pauses():
    at = walk_page(SCENARIO, 1)
    at.button(key="walk.play").click().run()
    assert at.session_state["walk.playing"] is True
    at.button(key="walk.pause").click().run()
    assert at.session_state["walk.playing"] is False


def test_autoplay_steps_once_per_interval_of_the_chosen_pace_and_stops_at_the_last_entry():
    state = {INDEX: 3, PLAYING: True, TICKED: 100.0}
    shown = [1, 3, 4, 9]  # the entries the filters show: autoplay steps over these only
    assert not autoplay_step(state, shown, 2.0, 101.0) and state[INDEX] == 3  # half the pace: not yet
    assert not autoplay_step(state, shown, 2.0, 101.7) and state[INDEX] == 3  # just under 0.9 of it
    assert autoplay_step(state, shown, 2.0, 102.0) and (state[INDEX], state[PLAYING]) == (4, True)
    assert not autoplay_step(state, shown, 2.0, 103.0) and state[INDEX] == 4  # the pace counts from the step
    assert autoplay_step(state, shown, 2.0, 104.0) and (state[INDEX], state[PLAYING]) == (9, False)
    state[PLAYING] = True  # a stray tick at the end stays there, and stops
    assert autoplay_step(state, shown, 2.0, 106.0) and (state[INDEX], state[PLAYING]) == (9, False)


def test_autoplay_on_the_page_advances_at_the_chosen_speed_and_stops_at_the_end():
    at = walk_page(SCENARIO, 1)
    at.selectbox(key="walk.speed").set_value(4.0).run()
    first = at.session_state[INDEX]
    at.button(key="walk.play").click().run()
    at.session_state[TICKED] = at.session_state[TICKED] - 2.0  # 2 s on, half the chosen 4 s
    at.run()
    assert at.session_state[INDEX] == first and at.session_state[PLAYING] is True
    at.session_state[TICKED] = at.session_state[TICKED] - 4.0  # a whole interval on
    at.run()
    second = at.session_state[INDEX]
    assert second > first and at.session_state[PLAYING] is True
    assert "第 2 / " in heading(at)
    last = len(at.session_state["walk.current"]["result"]["events"])  # no filter: every entry is shown
    at.session_state[INDEX] = last - 1
    at.session_state[TICKED] = at.session_state[TICKED] - 4.0
    at.run()
    assert (at.session_state[INDEX], at.session_state[PLAYING]) == (last, False) and not at.exception
    assert not any(b.key == "walk.pause" for b in at.button)


def test_the_handout_gives_each_steps_clause_in_both_languages(run):
    scenario, plans, area, result = run
    at = walk_page(SCENARIO, 1)
    at.toggle(key="walk.key_only").set_value(True).run()
    held = at.session_state["walk.current"]
    kinds = plan_kinds(plans)
    shown = [e for e in result["events"] if is_key(e, kinds)]
    page = handout_html(held, shown, "zh")
    declared = next(e for e in shown if e["action"] == "declare_response")
    level = next(r for r in plans["guyang-blackout-2023"].response_levels if r.id == declared["to"])
    assert level.name.zh in page and level.name.en in page and level.source.clause in page
    assert page.count("<tr>") == len(shown) + 1
    assert "size: A4" in page


def test_state_and_why_at_the_declaration(run):
    scenario, plans, area, result = run
    events = result["events"]
    index = next(i for i, e in enumerate(events) if e["action"] == "declare_response")
    at = walk_page(SCENARIO, 1)
    at.select_slider(key="walk.i").set_value(index + 1).run()
    row = row_at(result, events[index]["t_h"])
    metrics = {m.label: m.value for m in at.metric}
    plan = plans["guyang-blackout-2023"]
    assert list(metrics)[:2] == ["减供负荷比例", "停电供电用户比例"]  # the figures the plan grades on, by its names
    assert metrics["减供负荷比例"] == figure_now("load_shed_pct", plan, row["load_shed_pct"], "zh")
    assert metrics["减供负荷比例"] == f"{round(row['load_shed_pct'], 1):g} %"
    level = next(r for r in plans["guyang-blackout-2023"].response_levels if r.id == events[index]["to"])
    assert f"**响应级别**：{level.name.zh}" in next(m.value for m in at.markdown if m.value.startswith("**事件级别**"))
    why = next(m.value for m in at.markdown if m.value.startswith("**条款**"))
    assert level.source.clause in why and level.source.quote in why
    assert f"**English**：{level.name.en}" in why


def _conditions_line(at: AppTest, label: str) -> str:
    state = next(m.value for m in at.markdown if "**事件级别**" in m.value or "**Severity**" in m.value)
    (line,) = [part for part in state.split("  \n") if part.startswith(label)]
    return line


def test_at_the_declaration_the_state_shows_no_city_headquarters_until_the_request_that_forms_it(run):
    """Next decision three times reaches the Level I declaration (01-15 08:07): the city's
    headquarters is not formed there, only from the county's request in the same minute;
    the scenario's own call on the city is said to be the scenario's."""
    scenario, plans, area, result = run
    declared, asked = _declared_and_asked(result)
    at = walk_page(SCENARIO, 1)
    for _ in range(3):
        at.button(key="walk.next_decision").click().run()
    assert at.session_state["walk.i"] == declared + 1 and "01-15 08:07" in heading(at)
    line = _conditions_line(at, "**此刻的事件条件**：")
    assert "市指挥部已成立" not in line and "需报请市级指挥（情景设定）" in line and "交通拥堵" in line
    assert f"**响应级别**：{next(r for r in plans['guyang-blackout-2023'].response_levels if r.id == 'I').name.zh}" in \
        next(m.value for m in at.markdown if m.value.startswith("**事件级别**"))
    while at.session_state["walk.i"] < asked + 1:
        at.button(key="walk.next").click().run()
    line = _conditions_line(at, "**此刻的事件条件**：")
    assert "市指挥部已成立、" in line and "市指挥部已成立（" not in line  # the run's doing, not the scenario's
    at.sidebar.radio(key="lang").set_value("en").run()
    line = _conditions_line(at, "**Incident conditions now**")
    assert "The city's headquarters is needed (set by the scenario)" in line
    assert "The city's headquarters is formed (" not in line and not at.exception


def test_the_state_names_the_incident_conditions_present_at_the_moment_in_each_language(run):
    scenario, plans, area, result = run
    events = result["events"]
    index = next(i for i, e in enumerate(events) if e["action"] == "hazard_begins")
    present = conditions_at(result, events[index]["t_h"])
    assert {"heating_season", "weather_disaster"} <= present
    at = walk_page(SCENARIO, 1)

    def conditions_line(start: str) -> str:
        state = next(m.value for m in at.markdown if "**事件级别**" in m.value or "**Severity**" in m.value)
        (line,) = [part for part in state.split("  \n") if part.startswith(start)]
        return line

    # before the storm: the heating season, and the scenario's call on the city, each said to be the scenario's
    assert conditions_line("**此刻的事件条件**：") == "**此刻的事件条件**：采暖期（情景设定）、需报请市级指挥（情景设定）"
    at.select_slider(key="walk.i").set_value(index + 1).run()
    line = conditions_line("**此刻的事件条件**：")
    assert "采暖期" in line and "气象灾害" in line and "weather_disaster" not in line
    at.sidebar.radio(key="lang").set_value("en").run()
    line = conditions_line("**Incident conditions now**")
    assert "Heating season" in line and "Weather disaster" in line
    assert not at.exception


def test_language_switch_on_the_walk_through():
    at = walk_page(SCENARIO, 1)
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Walk-through"
    assert heading(at).startswith("### Event 1 of")


def test_ban_notice_entries_are_explained_by_the_notice():
    fire_file = ROOT / "plans" / "scenarios" / "qingming-tomb-sweeping.yaml"
    if not fire_file.exists():
        pytest.skip("no fire-ban scenario shipped")
    scenario, plans, area = load_case(fire_file)
    result = run_scenario(scenario, plans, area, 1)
    penalty = next(e for e in result["events"] if e["action"] == "penalty")
    notice = plans[penalty["plan"]]
    item = next(p for p in notice.penalties if p.id == penalty["penalty"])
    why = explain(penalty, plans)
    assert (why.clause, why.quote) == (item.source.clause, item.source.quote)
    stop = next(e for e in result["events"] if e["action"] == "stop_violation")
    rule = next(r for r in plans[stop["plan"]].rules if stop["rules"][0].endswith("/" + r.id))
    assert explain(stop, plans).quote == rule.source.quote
    modelled = next(e for e in result["events"] if e["source"] == "assumption" and e["plan"] is None)
    assumed = explain(modelled, plans)  # the scenario's own assumption, which no plan holds
    assert assumed.source is None and assumed.assumption == modelled["cites"]["assumption"]


def test_the_walk_through_opens_on_the_run_pages_last_run():
    at = run_page()
    at.switch_page("sim/ui/pages/walk.py").run()
    assert not at.exception
    assert heading(at).startswith("### 第 1 /")


def test_the_page_shows_each_due_duty_in_the_state_the_engine_recorded(run):
    scenario, plans, area, result = run
    plan = plans["guyang-blackout-2023"]
    events = result["events"]
    declared = next(i for i, e in enumerate(events) if e["action"] == "declare_response")
    steps = [declared, (declared + len(events)) // 2, len(events) - 1]
    shown = set()
    at = walk_page(SCENARIO, 1)
    for index in steps:
        at.select_slider(key="walk.i").set_value(index + 1).run()
        t = events[index]["t_h"]
        states = [state for _, _, state in due_duties(plan, result, t, index + 1)]  # as this entry left them
        shown |= set(states)
        expected = [MESSAGES[f"walk.{state}"][0] for state in states]
        due = next((d.value for d in at.dataframe if "启动条件" in d.value.columns), None)
        assert (list(due["状态"]) if due is not None else []) == expected, t
        busy = next((d.value for d in at.dataframe if "至" in d.value.columns), None)
        assert (len(busy) if busy is not None else 0) == len(busy_at(result, t, index + 1)), t
    assert {"queued", "working", "repeating"} <= shown and not at.exception


def test_the_event_slider_counts_the_shown_entries_as_the_heading_does():
    at = walk_page(SCENARIO, 1)
    at.toggle(key="walk.key_only").set_value(True).run()
    options = at.select_slider(key=INDEX).options
    assert [int(option.split(" · ")[0]) for option in options] == list(range(1, len(options) + 1))
    assert heading(at).startswith(f"### 第 1 / {len(options)} 个事件") and not at.exception


def test_a_repair_crew_at_work_is_named_with_the_substation_or_line_it_repairs(run):
    from sim.ui.run_page import names_of
    from sim.ui.walk_page import _work_name

    scenario, plans, area, result = run
    names = names_of({"plans": plans, "area": area, "scenario": scenario, "result": result})
    start = next(e for e in result["events"] if e["action"] == "repair_start")
    busy = [b for b in busy_at(result, start["t_h"] + 0.01) if b.get("element") == start["element"]]
    element = next(s for s in area.substations + area.feeders if s.id == start["element"])
    assert busy and all(_work_name(names, b, "zh").endswith(f" · {element.name.zh}") for b in busy)
    assert all(_work_name(names, b, "en").endswith(f" · {element.name.en}") for b in busy)


def test_a_key_users_entry_is_explained_in_the_plans_words_not_by_the_users_name(run):
    scenario, plans, area, result = run
    plan = plans["guyang-blackout-2023"]
    started = next(e for e in result["events"] if e["action"] == "backup_power_started")
    why = explain(started, plans)
    assert why.clause == started["source"] and why.text != started["text"]
    mobile = next(e for e in result["events"] if e["action"] == "mobile_generator_connected")
    duty = logged_rules(plan)[mobile["duty"]]
    why = explain(mobile, plans)
    assert (why.clause, why.quote, why.text) == (duty.source.clause, duty.source.quote, duty.text)


def test_the_handout_gives_its_short_columns_room_and_each_assumption_its_own_lines(run):
    """A printed handout keeps a clock time, a unit and a clause readable beside long quotes
    (a fixed share of the page each), and sets an assumption under the quote, in the
    reader's language first and the other below it."""
    from sim.ui.walk_handout import STEP_WIDTHS

    scenario, plans, area, result = run
    from sim.ui.runs import held_run

    held = held_run(load_case(SCENARIO_FILE), 1, result)
    first = next(e for e in result["events"] if explain(e, plans) is not None and explain(e, plans).assumption)
    why = explain(first, plans)
    page = handout_html(held, [first], "zh")
    assert sum(STEP_WIDTHS) == 100 and page.count("<col ") == len(STEP_WIDTHS) and 'class="fixed"' in page
    assert f"{why.quote}\n假设：{why.assumption.zh}\n{why.assumption.en}" in page.replace("&quot;", '"').replace("&#x27;", "'")
    assert "white-space: pre-line" in page


def test_why_the_response_moved_to_level_two_names_the_band_the_figures_met_and_its_clause(run):
    """A trainer asks why Level II started here: the adjustment's clause (5.1) and, beside it,
    the severity level the figures met then, with 附件1's band in the plan's own words."""
    scenario, plans, area, result = run
    plan = plans["guyang-blackout-2023"]
    events = result["events"]
    index = next(i for i, e in enumerate(events) if e["action"] == "adjust_response")
    band = next(level for level in plan.severity_levels if level.id == events[index]["classification"])
    at = walk_page(SCENARIO, 1)
    at.select_slider(key=INDEX).set_value(index + 1).run()
    why = next(m.value for m in at.markdown if m.value.startswith("**条款**"))
    assert f"**条款**：{plan.adjustment.source.clause}" in why
    assert f"**当时的分级**：{band.name.zh}（{band.source.clause} 「{band.source.quote}」）" in why
    page = handout_html(at.session_state["walk.current"], [events[index]], "en")
    annex = clause_label(band.source.clause, "en")  # the clause in English, the quote in the plan's words
    assert annex != band.source.clause and not annex.startswith("附件")
    assert f"Classified then as: {band.name.en} ({annex} 「{band.source.quote}」)" in page


def test_the_end_of_the_response_lists_each_termination_condition_that_held(run):
    scenario, plans, area, result = run
    plan = plans["guyang-blackout-2023"]
    ended = next(e for e in result["events"] if e["action"] == "end_response")
    shown = [ground for kind, ground in grounds(ended, plans) if kind == "condition"]
    assert [g.clause for g in shown] == [c.source.clause for c in plan.termination.conditions if c.id in ended["conditions"]]
    assert shown and all(g.text for g in shown)
    opened = next(e for e in result["events"] if e["action"] == "incident_opened")
    assert grounds(opened, plans) == []


def handout_rows(page: str) -> list[list[str]]:
    """The cells of each step row of a handout, as text."""
    import html
    import re

    steps = page[page.index("<th>"):]
    return [[html.unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", steps, re.S)]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_column_of_the_handout_repeats_what_happened(run, language):
    """What happened (in both languages) stands in its own column; the plan's column quotes the
    rule and names it only where the entry's words do not already say it."""
    from sim.event_text import event_text
    from sim.ui.runs import held_run
    from sim.ui.run_page import names_of

    scenario, plans, area, result = run
    held = held_run(load_case(SCENARIO_FILE), 1, result)
    kinds = plan_kinds(plans)
    shown = [e for e in result["events"] if is_key(e, kinds)]
    rows = handout_rows(handout_html(held, shown, language))
    assert len(rows) == len(shown) and all(len(row) == 5 for row in rows)
    names = names_of(held)
    for event, (_, _, happened, _, plan) in zip(shown, rows):
        words, why = event_text(event, names), explain(event, plans)
        if why is not None and why.quote:
            assert why.quote in plan
            plan = plan.replace(why.quote, "")  # the gazette's words may hold the entry's
        if words:
            assert words["zh"] in happened and words["en"] in happened
            assert words["zh"] not in plan and words["en"] not in plan, event
    hop = next(i for i, e in enumerate(shown) if e["action"] in logged_rules(plans["guyang-blackout-2023"])
               and e.get("text") and explain(e, plans).quote)
    assert rows[hop][4].splitlines()[0].startswith(explain(shown[hop], plans).quote)  # the rule itself, first


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_handouts_end_of_response_row_quotes_each_termination_condition_that_held_with_its_clause(run, language):
    from sim.ui.runs import held_run
    from sim.ui.walk import ground_text

    scenario, plans, area, result = run
    plan = plans["guyang-blackout-2023"]
    ended = next(e for e in result["events"] if e["action"] == "end_response")
    (row,) = handout_rows(handout_html(held_run(load_case(SCENARIO_FILE), 1, result), [ended], language))
    assert all(row)
    held = [c for c in plan.termination.conditions if c.id in ended["conditions"]]
    assert held and row[3] == plan.termination.source.clause
    assert row[4].startswith(plan.termination.source.quote)
    for condition, (_, ground) in zip(held, grounds(ended, plans)):
        assert condition.source.clause in row[4] and condition.source.quote in row[4]
        assert ground_text(ground, language) in row[4]


@pytest.mark.parametrize("scenario_id", ["grassland-fire-line-trip", "qingming-tomb-sweeping"])
def test_everyone_who_acts_in_a_fire_ban_run_is_named_in_both_languages(scenario_id):
    """Villagers who see the smoke, a patrol or a checkpoint act without a plan unit and are
    logged under their own id: the walk-through, the log and the reports name them."""
    from sim.report import names_from

    path = ROOT / "plans" / "scenarios" / f"{scenario_id}.yaml"
    scenario, plans, area = load_case(path)
    result = run_scenario(scenario, plans, area, 1)
    names = names_from(plans, area, scenario, result)
    actors = {e["unit"] for e in result["events"]} - {"scenario", "model"}
    assert actors and not actors - set(names.of("unit"))


def test_the_run_walked_through_opens_on_the_run_page_and_the_run_page_links_back():
    at = walk_page(SCENARIO, 1)
    at.select_slider(key=INDEX).set_value(5).run()
    walked = at.session_state["walk.current"]
    at.button(key="walk.open_run").click().run()
    assert not at.exception
    assert at.session_state["run.last"]["result"] == walked["result"]
    assert at.title[0].value == MESSAGES["nav.run"][0]
    assert any(h.value.startswith(MESSAGES["run.summary"][0]) for h in at.subheader)
    assert [(link.proto.label, link.proto.page) for link in at.get("page_link")] == [(MESSAGES["run.walk_this"][0], "walk")]


def test_coming_back_from_the_run_page_returns_to_the_entry_and_filters_the_trainer_left():
    """Streamlit forgets a page's widgets once another page has run without them: the trainer
    who opens the run on the Run page, looks at another page and comes back is where they were."""
    at = walk_page(SCENARIO, 1)
    at.toggle(key="walk.key_only").set_value(True).run()
    at.button(key="walk.next").click().run()
    at.button(key="walk.next").click().run()
    left = heading(at)
    assert left.startswith("### 第 3 /")
    at.button(key="walk.open_run").click().run()
    at.switch_page("sim/ui/pages/whatif.py").run()
    assert INDEX not in at.session_state  # the widget's own value is gone
    at.switch_page("sim/ui/pages/walk.py").run()
    assert heading(at) == left and at.toggle(key="walk.key_only").value and not at.exception


def test_another_run_starts_at_its_first_entry_and_the_first_run_keeps_its_own():
    at = walk_page(SCENARIO, 1)
    at.select_slider(key=INDEX).set_value(9).run()
    at.number_input(key="walk.seed").set_value(2).run()
    assert heading(at).startswith("### 第 1 /")
    at.number_input(key="walk.seed").set_value(1).run()
    assert heading(at).startswith("### 第 9 /") and not at.exception


def test_the_handout_says_which_plans_ran_and_which_drawn_incident_it_walks_through():
    """A handout of a template's replication names the replication (the seed alone does not
    say which incident was drawn) and files each plan by its title, saying when it was an
    edited copy, so a class can run the same incident again."""
    from sim.ui import runs

    case = runs.case("random-blackout", replication=29)
    held = runs.held_run(case, 1, runs.run(case, 1))
    page = handout_html(held, held["result"]["events"][:3], "zh")
    plan = case.plans["guyang-blackout-2023"]
    assert "<dt>抽样编号</dt><dd>29</dd>" in page and "<dt>随机种子</dt><dd>1</dd>" in page
    assert f"<dt>预案</dt><dd>{plan.title.zh}" in page and "修改后的副本" not in page
    story = handout_html(runs.held_run(load_case(SCENARIO_FILE), 1, runs.run(load_case(SCENARIO_FILE), 1)), [], "en")
    assert "Replication" not in story


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_handout_of_several_documents_cites_each_by_its_number_and_lists_them_numbered(language):
    """The grassland fire that trips a line runs two ban notices and the blackout plan: the
    printed Clause column, a tenth of the page, gives a rule's clause and its plan's number
    (``5.1 [3]``) rather than a title of some forty characters in every row, which broke
    words mid-word (``Governm|ent``); the handout's list of plans numbers them in the same order."""
    import html

    from sim.ui import runs

    case = runs.case("grassland-fire-line-trip")
    held = runs.held_run(case, 1, runs.run(case, 1))
    events = held["result"]["events"]
    page = handout_html(held, events, language)
    titles = [case.plans[entry["id"]].title for entry in held["result"]["plans"]]
    assert len(titles) == 3
    listed = html.unescape(page[page.index("<dd>[1] "):].split("</dd>")[0])
    assert all(f"[{number}] {getattr(title, language)}" in listed for number, title in enumerate(titles, start=1))
    rows = handout_rows(page)
    cited = [row[3] for event, row in zip(events, rows) if explain(event, case.plans) is not None
             and explain(event, case.plans).document is not None]
    assert cited and all(cell.endswith(("[1]", "[2]", "[3]")) for cell in cited)
    assert {cell[-3:] for cell in cited} >= {"[1]", "[3]"}  # a ban notice's fire and the blackout plan's response
    assert not any(getattr(title, language) in row[3] for title in titles for row in rows)


def test_the_key_events_switch_and_the_jump_box_sit_level_with_the_filter_and_the_slider_beside_them():
    """Bottom-aligned rows: the "key events only" switch level with the unit filter's box, and
    the jump-to-time box level with the entry slider's track when its label wraps (1024 px)."""
    from streamlit.proto.Block_pb2 import Block

    at = walk_page(SCENARIO, 1)
    for language in ("zh", "en"):
        at.sidebar.radio(key="lang").set_value(language).run()
        held = {getattr(child, "key", None): column.proto.vertical_alignment
                for column in at.columns for child in column.children.values()}
        assert {held[key] for key in ("walk.key_only", "walk.units", "walk.i", "walk.jump")} == {
            Block.Column.VerticalAlignment.BOTTOM}, language
        assert not at.exception


def test_the_state_shows_the_county_seats_grid_that_set_level_one_among_the_figures_it_leads_with():
    """A plan graded on a grid inside the area: the walk's state names that grid's figure
    beside the area's own, so a class sees why the level is what it is."""
    at = walk_page("liangshan-thunderstorm", 7)
    case = load_case(ROOT / "plans" / "examples" / "scenarios" / "liangshan-thunderstorm.yaml")
    result = run_scenario(case.scenario, case.plans, case.area, 7)
    classified = next(i for i, e in enumerate(result["events"]) if e["action"] == "classified")
    # the classification itself: the entries of its minute before the fault show the grid still whole
    at.select_slider(key="walk.i").set_value(classified + 1).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["减供负荷比例 · 梁山县城电网"] == "100 %"
    assert list(metrics).index("减供负荷比例 · 梁山县城电网") < list(metrics).index(text("walk.on_backup", "zh"))
    at.sidebar.radio(key="lang").set_value("en").run()
    seat = next(m for m in at.metric if m.label.startswith("Load shed") and " · " in m.label)
    assert seat.value == "100 %"


def test_a_plan_graded_on_the_areas_own_figures_alone_shows_no_other_figures():
    at = walk_page(SCENARIO, 1)
    assert not any(m.value.startswith("**预案分级所依据的其他数值**") for m in at.markdown)


def test_english_chosen_on_the_walk_through_stays_english_on_the_run_page_it_opens_and_on_every_page_after():
    """Streamlit forgets the language switch's own value on a page opened by a button: the
    language is kept apart from the switch, so the class goes on reading English."""
    at = walk_page(SCENARIO, 1, "en")
    at.button(key="walk.open_run").click().run()
    assert not at.exception
    assert at.title[0].value == MESSAGES["nav.run"][1] and at.sidebar.radio(key="lang").value == "en"
    assert any(h.value.startswith(MESSAGES["run.summary"][1]) for h in at.subheader)
    at.switch_page("sim/ui/pages/plans.py").run()
    assert at.title[0].value == MESSAGES["nav.plans"][1]
    at.sidebar.radio(key="lang").set_value("zh").run()
    at.switch_page("sim/ui/pages/walk.py").run()
    assert at.title[0].value == MESSAGES["nav.walk"][0]  # and Chinese again, once chosen again


def test_the_walk_through_and_its_handout_name_the_incident_a_templates_replication_drew_in_the_readers_language():
    """The class walking replication 3 of the random county blackout under seed 7 reads which
    incident it is — a peak-load outage on a winter's cold snap at 2024-01-05 17:00 — as
    `run` prints it, on the page and on the handout, in the language chosen."""
    at = walk_page("random-blackout", 7, "en", replication=3)
    assert not at.exception
    english = "Peak load, Winter, Cold snap, 2024-01-05 17:00"
    assert f"**Drawn incident**: {english}" in [m.value for m in at.markdown]
    held = at.session_state["walk.current"]
    events = held["result"]["events"][:2]
    assert f"<dt>Drawn incident</dt><dd>{english}</dd>" in handout_html(held, events, "en")
    assert "<dt>抽取的事件</dt><dd>高峰负荷、冬季、寒潮、2024-01-05 17:00</dd>" in handout_html(held, events, "zh")
    story = walk_page(SCENARIO, 1)
    assert not [m.value for m in story.markdown if "抽取的事件" in m.value]


def test_a_time_written_the_chinese_way_jumps_where_the_month_day_form_jumps(run):
    *_, result = run
    start = result["start"]
    at_ = moment(start, result["summary"]["response_started_at_h"])
    at = walk_page(SCENARIO, 1)
    at.text_input(key="walk.jump").set_value(clock(start, result["summary"]["response_started_at_h"])).run()
    there = heading(at)
    at.button(key="walk.prev").click().run()
    for typed in (f"{at_.month}月{at_.day}日 {at_:%H:%M}", f"{at_.day}日{at_.hour}时{at_.minute}分"):
        at.button(key="walk.prev").click().run()
        at.text_input(key="walk.jump").set_value(typed).run()
        assert heading(at) == there and not at.error, typed


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_time_before_the_first_entry_or_after_the_last_goes_there_and_says_so(run, language):
    *_, result = run
    events, start = result["events"], result["start"]
    at = walk_page(SCENARIO, 1)
    at.sidebar.radio(key="lang").set_value(language).run()
    before, after = clock(start, events[0]["t_h"] - 3), clock(start, events[-1]["t_h"] + 3)
    at.text_input(key="walk.jump").set_value(before).run()
    assert heading(at).endswith(clock(start, events[0]["t_h"]))
    said_before = MESSAGES["walk.jump_before"][language == "en"].format(value=before, when=clock(start, events[0]["t_h"]))
    assert said_before in [i.value for i in at.info]
    at.text_input(key="walk.jump").set_value(after).run()
    assert heading(at).endswith(clock(start, events[-1]["t_h"]))
    said_after = MESSAGES["walk.jump_after"][language == "en"].format(value=after, when=clock(start, events[-1]["t_h"]))
    assert said_after in [i.value for i in at.info] and said_before not in [i.value for i in at.info]
    at.button(key="walk.prev").click().run()
    assert said_after not in [i.value for i in at.info]  # moved another way: the note no longer says where the walk is
    assert not at.exception


def test_the_first_entrys_own_minute_is_not_before_it(run):
    *_, result = run
    at = walk_page(SCENARIO, 1)
    at.text_input(key="walk.jump").set_value(clock(result["start"], result["events"][0]["t_h"])).run()
    assert heading(at).startswith("### 第 1 /") and not [i for i in at.info if "早于" in i.value]


def test_the_walk_through_opens_a_seed_and_replication_past_32_bits_as_the_command_line_runs_them():
    at = walk_page("random-blackout", 4_294_967_295, replication=150_000)
    assert not at.exception and not at.error
    assert at.session_state["walk.current"]["result"]["drawn_from"] == {"seed": 4_294_967_295, "replication": 150_000}


def test_the_handout_is_named_for_its_replication_and_says_which_entries_it_lists_and_when_with_the_year(monkeypatch):
    """Every replication's handout had one name, and a handout of a class's filtered walk read
    like one of every entry: the file names the replication, the header the filter and the
    year of the run's time range."""
    from html import escape

    import sim.ui.walk_page as walk_module

    handed: list[tuple[str, str]] = []

    def kept(container, label, data, file_name, mime, key=None):
        handed.append((file_name, data))

    monkeypatch.setattr(walk_module, "download", kept)
    at = walk_page("random-blackout", 7, replication=3)
    name, page = handed[-1]
    assert name == "random-blackout-seed7-replication3-handout.html"
    assert "<dt>所列事件</dt><dd>全部事件</dd>" in page
    start = at.session_state["walk.current"]["result"]["start"]
    assert f"<dd>{start[:10]} {start[11:16]} – 2024-" in page
    at.number_input(key="walk.replication").set_value(4).run()
    assert handed[-1][0] == "random-blackout-seed7-replication4-handout.html"
    held = at.session_state["walk.current"]
    unit = next(e["unit"] for e in held["result"]["events"] if e.get("unit") not in (None, "scenario", "model"))
    at.toggle(key="walk.key_only").set_value(True)
    at.multiselect(key="walk.units").set_value([unit]).run()
    named = walk_module.names_of(held).of("unit")
    assert (f"<dt>所列事件</dt><dd>只看关键事件；仅以下单位的事件：{escape(walk_module.name_of(named, unit, 'zh'))}</dd>"
            in handed[-1][1])
    english = handout_html(held, [], "en", key_only=True, units=(unit,))
    assert (f"<dt>Entries listed</dt><dd>Key events only; entries of {escape(walk_module.name_of(named, unit, 'en'))} only</dd>"
            in english)
    story = walk_page(SCENARIO, 1)
    assert handed[-1][0] == "winter-ice-storm-seed1-handout.html" and not story.exception


@pytest.mark.parametrize("scenario_id, seed, level_id, language", [
    ("grassland-fire-line-trip", 1, "II", "zh"), ("grassland-fire-line-trip", 1, "II", "en"),
    ("winter-ice-storm", 7, "I", "zh"), ("winter-ice-storm", 7, "I", "en")])
def test_the_time_to_decide_a_declaration_quotes_the_rule_of_the_level_declared(scenario_id, seed, level_id, language):
    """A trainer asks why Level II started here: under the time to decide, the page and its
    handout quote the rule that starts Level II, not the plan's first level's (the decision
    is given once for every level), with the assumption of its half hour beside it; a
    Level I declaration quotes the Level I rule."""
    from sim.ui.runs import held_run

    case = load_case(ROOT / "plans" / "scenarios" / f"{scenario_id}.yaml")
    scenario, plans, area = case
    result = run_scenario(scenario, plans, area, seed, observe=True)
    index, declared = next((i, e) for i, e in enumerate(result["events"]) if e["action"] == "declare_response")
    plan = plans[declared["plan"]]
    level = next(r for r in plan.response_levels if r.id == declared["to"])
    others = [r.source.quote for r in plan.response_levels if r.id != level_id]
    assert level.id == level_id and others
    at = walk_page(scenario_id, seed, language)
    at.select_slider(key=INDEX).set_value(index + 1).run()
    label = text("walk.grounds.decision", language)
    why = next(m.value for m in at.markdown if f"**{label}**" in m.value)
    (decision,) = [line for line in why.split("  \n") if line.startswith(f"**{label}**")]
    assert level.source.quote in decision and not any(quote in decision for quote in others)
    assert getattr(plan.reporting.decision.assumption, language) in decision
    page = handout_html(held_run(case, seed, result), [declared], language)
    line = next(line for line in page.splitlines() if label in line)
    assert level.source.quote in line and not any(quote in line for quote in others)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_in_a_run_of_several_plans_the_duties_due_and_the_log_give_the_clause_first_and_the_plans_title_after(language):
    """At the Level II declaration of the grassland fire (seed 1) the Clause column of the duties
    due, and of the Run page's log, reads the clause before the plan's title: a narrow column
    showing a few lines cuts the title's end, never the clause."""
    case = load_case(ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml")
    scenario, plans, area = case
    result = run_scenario(scenario, plans, area, 1, observe=True)
    index, declared = next((i, e) for i, e in enumerate(result["events"]) if e["action"] == "declare_response")
    title = getattr(plans[declared["plan"]].title, language)
    clause = text("common.clause", language)
    at = walk_page("grassland-fire-line-trip", 1, language)
    at.select_slider(key=INDEX).set_value(index + 1).run()
    due = next(d.value for d in at.dataframe if text("plans.trigger", language) in d.value.columns)
    assert len(due) and all(cell.endswith(f" · {title}") and not cell.startswith(title) for cell in due[clause])
    log = next(d.value for d in run_page("grassland-fire-line-trip", 1, language).dataframe
               if clause in d.value.columns and text("common.quote", language) in d.value.columns)
    level = next(r for r in plans[declared["plan"]].response_levels if r.id == declared["to"])
    assert f"{clause_label(level.source.clause, language)} · {title}" in set(log[clause])
