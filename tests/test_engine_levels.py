"""Who acts at each response level, and how the level changes: always by a decision.

The mini storm (tests/data/engine) under variations of the mini plan: the report reaches
the county at 5.5 h, Level I is declared at 6.0 h, the classification drops to general
at 8.0 h when the root substation is repaired and to nothing at 10.0 h, and the response
ends at 11.0 h when the traffic jam is cleared. Every expectation below follows from the
plan file by hand.
"""

from __future__ import annotations

import yaml
from engine_fixtures import MINI, mini, mini_injects

from sim.engine.policy import Policy
from sim.engine.run import run_scenario
from sim.engine.schedule import answer_later
from sim.engine.rules import compile_test
from sim.inputs import load_case
from sim.inputs.layout import scenario_file
from sim.inputs.loader import load_plan
from sim.plan import ResponsePlan
from sim.inputs.scenario import Scenario, reference_problems

MINI_PLAN = MINI / "mini-plan.yaml"


def with_plan(change, scenario_changes: dict | None = None):
    """The mini storm under the mini plan as ``change(data)`` edits it."""
    scenario, plans, area = mini(**(scenario_changes or {}))
    data = yaml.safe_load(MINI_PLAN.read_text(encoding="utf-8"))
    change(data)
    return scenario, {**plans, "mini-plan": ResponsePlan.model_validate(data)}, area


def level(data, level_id):
    return next(lv for lv in data["response_levels"] if lv["id"] == level_id)


def events(result, *actions):
    return [(e["t_h"], e["unit"], e["action"]) for e in result["events"] if e["action"] in actions]


DECISIONS = ("adjustment_proposed", "adjust_response", "declare_response", "end_response")


# --- adjusting the level: a decision of whoever decides at the level in force -------------

def test_a_change_of_classification_is_put_to_the_levels_own_decider_and_decided_after_the_decision_time():
    def change(data):
        del data["adjustment"]["decided_by"]
        level(data, "I")["adjusted_by"] = {"units": ["bureau"], "source": {"clause": "附件", "quote": "指挥部决定调整"}}
    result = run_scenario(*with_plan(change), seed=7)
    assert events(result, *DECISIONS) == [
        (6.0, "county", "declare_response"),
        (8.0, "bureau", "adjustment_proposed"),  # put to Level I's decider when the figures drop
        (9.0, "bureau", "adjust_response"),  # decided an hour later (adjustment.decision_hours)
        (11.0, "county", "end_response"),
    ]


def test_without_a_decider_of_its_own_a_level_is_adjusted_by_its_commander():
    def change(data):
        del data["adjustment"]["decided_by"]
        level(data, "I")["commanders"] = ["town"]
    result = run_scenario(*with_plan(change), seed=7)
    assert events(result, "adjustment_proposed", "adjust_response") == [
        (8.0, "town", "adjustment_proposed"), (9.0, "town", "adjust_response")]


def test_the_plans_one_decider_adjusts_at_every_level_when_it_names_one():
    result = run_scenario(*mini(), seed=7)  # adjustment.decided_by: county
    assert events(result, "adjust_response") == [(9.0, "county", "adjust_response")]


class KeepsTheLevel(Policy):
    """A decider who, asked to change the level, keeps it."""

    def response_level(self, sim, plan, current, classified):
        return classified if current is None else current


def test_the_level_changes_only_when_its_decider_decides_so():
    result = run_scenario(*mini(), seed=7, policy=KeepsTheLevel())
    assert events(result, "adjustment_proposed", "adjust_response") == [(8.0, "county", "adjustment_proposed")]
    assert [(c["t_h"], c["from"], c["to"]) for c in result["summary"]["level_changes"]] == [
        (6.0, None, "I"), (11.0, "I", None)]


def test_the_event_keeps_its_highest_severity_with_the_current_classification_beside_it():
    result = run_scenario(*mini(), seed=7)
    assert events(result, "classified", "reclassified", "below_levels") == [
        (4.0, "model", "classified"), (8.0, "model", "reclassified"), (10.0, "model", "below_levels")]
    reclassified = next(e for e in result["events"] if e["action"] == "reclassified")
    assert (reclassified["classification"], reclassified["severity"]) == ("general", "major")
    rows = {row["t_h"]: row for row in result["timeseries"]}
    assert (rows[4.0]["severity"], rows[4.0]["classification"]) == ("major", "major")
    assert (rows[8.0]["severity"], rows[8.0]["classification"]) == ("major", "general")
    assert (rows[10.0]["severity"], rows[10.0]["classification"]) == ("major", None)
    assert result["summary"]["max_severity"] == "major"


# --- alternatives: the scenario, else a drill's player, else the first -------------------

def _alternatives(data):
    del data["adjustment"]["decided_by"]
    level(data, "I")["commanders"] = ["county", "town"]


def test_alternative_commanders_are_resolved_by_the_scenario():
    result = run_scenario(*with_plan(_alternatives, {"commanders": {"I": "town"}}), seed=7)
    declared = next(e for e in result["events"] if e["action"] == "declare_response")
    assert (declared["unit"], declared["commander"]) == ("county", "town")  # the county declares, the town commands
    assert events(result, "adjust_response") == [(9.0, "town", "adjust_response")]
    assert {e["unit"] for e in result["events"] if e["action"] == "activate_measure"} == {"town"}


def test_without_the_scenarios_word_the_first_alternative_commands():
    result = run_scenario(*with_plan(_alternatives), seed=7)
    declared = next(e for e in result["events"] if e["action"] == "declare_response")
    assert declared["commander"] == "county"
    assert events(result, "adjust_response") == [(9.0, "county", "adjust_response")]


class PlaysTheTown(Policy):
    """A drill in which a person plays the town government (and answers at once)."""

    def plays(self, sim, unit):
        return unit == "town"


def test_a_drill_player_of_one_alternative_commands_when_the_scenario_does_not_say():
    result = run_scenario(*with_plan(_alternatives), seed=7, policy=PlaysTheTown())
    # the person decides in their own time: here at once, not after the plan's hour
    assert events(result, "adjustment_proposed", "adjust_response") == [
        (8.0, "town", "adjustment_proposed"), (8.0, "town", "adjust_response")]


def test_the_scenarios_word_wins_over_who_plays():
    result = run_scenario(*with_plan(_alternatives, {"commanders": {"I": "county"}}), seed=7, policy=PlaysTheTown())
    assert events(result, "adjust_response") == [(9.0, "county", "adjust_response")]


def test_a_scenario_may_name_only_a_level_the_plans_have_and_a_unit_that_may_act_there():
    scenario, plans, area = with_plan(_alternatives)
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    for commanders, expected in (({"I": "town"}, []),
                                 ({"I": "city"}, ["'city' is not among those who may act at Level I"]),
                                 ({"IV": "town"}, ["unknown response level 'IV'"])):
        found = reference_problems(Scenario.model_validate({**data, "commanders": commanders}), plans, area)
        assert [message.split(" (")[0] for _, message in found] == expected


def test_a_level_declared_by_another_unit_waits_until_the_report_reaches_it():
    def change(data):
        level(data, "I")["declared_by"] = {"units": ["city"], "source": {"clause": "5.1", "quote": "市政府启动"}}
    result = run_scenario(*with_plan(change), seed=7)
    # the city hears at 6.5 h (the county's report, 1 h after it reached the county at 5.5 h)
    assert events(result, "report.city", "declare_response") == [
        (6.5, "county", "report.city"), (6.5, "city", "declare_response")]


# --- measures and duties by level ---------------------------------------------------------

def test_a_measure_limited_to_some_levels_is_activated_only_at_them():
    def change(data):
        next(m for m in data["measures"] if m["id"] == "heat")["levels"] = ["II"]
    result = run_scenario(*with_plan(change), seed=7)
    activated = [(e["t_h"], e["measure"]) for e in result["events"] if e["action"] == "activate_measure"]
    assert activated == [(6.0, "power"), (6.0, "order"), (9.0, "heat")]
    assert events(result, "county.heat") == [(9.0, "county", "county.heat")]  # its duty with it


def test_a_duty_limited_to_some_levels_runs_only_at_them():
    def change(data):
        duty = next(u for u in data["units"] if u["id"] == "bureau")["duties"][1]
        duty["trigger"]["levels"] = ["II"]
    result = run_scenario(*with_plan(change), seed=7)
    assert events(result, "bureau.coordinate") == [(9.0, "bureau", "bureau.coordinate")]
    unlimited = run_scenario(*mini(), seed=7)
    assert events(unlimited, "bureau.coordinate")[0] == (6.0, "bureau", "bureau.coordinate")


def test_a_duty_triggered_on_a_warning_or_an_incident_also_runs_in_an_outage_without_a_warning():
    def both(data):
        next(u for u in data["units"] if u["id"] == "bureau")["duties"][0]["trigger"]["on"] = ["warning", "incident"]
    _, plans, area = with_plan(both)
    no_warning, plain, _ = mini_injects("gale", "root-down", "jam")  # no forecast: no warning
    assert events(run_scenario(no_warning, plans, area, seed=7), "bureau.watch") == [(4.0, "bureau", "bureau.watch")]
    assert events(run_scenario(no_warning, plain, area, seed=7), "bureau.watch") == []  # on: warning alone


def test_a_step_whose_conditions_are_absent_when_it_comes_due_is_skipped():
    def needs(condition):
        def change(data):
            data["response_actions"].insert(0, {
                "id": "county.gale_watch", "unit": "county", "text": {"zh": "大风观察", "en": "Watch the gale"},
                "hours": 1, "requires": [condition], "source": {"clause": "5.3", "quote": "视情况"}})
        return change
    during_the_gale = run_scenario(*with_plan(needs("gale")), seed=7)
    assert events(during_the_gale, "county.gale_watch", "county.consult") == [
        (7.0, "county", "county.gale_watch"), (9.0, "county", "county.consult")]
    without_a_flood = run_scenario(*with_plan(needs("flood")), seed=7)
    assert events(without_a_flood, "county.gale_watch", "county.consult") == [(8.0, "county", "county.consult")]


# --- reports held back by their test ------------------------------------------------------

GROWS = [
    {"id": "b", "at_h": 4, "kind": "fault", "text": {"zh": "二线故障", "en": "Line B fails"}, "feeders": ["f-b"]},
    {"id": "c", "at_h": 5.75, "kind": "fault", "text": {"zh": "三线故障", "en": "Line C fails"}, "feeders": ["f-c"]},
]


def test_a_report_held_back_by_its_test_is_sent_when_the_severity_rises():
    result = run_scenario(*mini_injects(extra=GROWS), seed=7)
    # general when the county hears (5.5 h); major at 5.75 h; the city is told an hour later
    assert events(result, "classified", "report.bureau", "report.city") == [
        (4.0, "model", "classified"), (5.5, "bureau", "report.bureau"),
        (5.75, "model", "classified"), (6.75, "county", "report.city")]


def test_a_report_whose_test_never_holds_is_never_sent():
    result = run_scenario(*mini_injects(extra=GROWS[:1]), seed=7)
    assert events(result, "report.city") == []


# --- the forecaster's own escalation ------------------------------------------------------

def _escalation(data):
    data["warning"]["escalate_if"] = {"metric": "forecast_load_shed_pct", "min": 50}
    data["warning"]["escalate"] = [{"id": "warning.report_up", "unit": "grid", "text": {"zh": "上报", "en": "Report up"},
                                    "hours": 0.5, "source": {"clause": "4.2", "quote": "报告上级"}}]


class RefusesToPublish(Policy):
    def warning_step(self, sim, plan, step):
        return step.id != "warning.publish"


def test_the_escalation_report_leaves_from_the_forecast_whatever_becomes_of_the_warning():
    published = run_scenario(*with_plan(_escalation), seed=7)
    assert events(published, "warning.propose", "warning.report_up", "warning.publish") == [
        (0.5, "grid", "warning.propose"), (0.5, "grid", "warning.report_up"), (1.5, "county", "warning.publish")]
    refused = run_scenario(*with_plan(_escalation), seed=7, policy=RefusesToPublish())
    assert events(refused, "warning.report_up", "warning.publish") == [(0.5, "grid", "warning.report_up")]
    assert refused["summary"]["warning_issued_at_h"] is None


# --- ending: confirmations first ----------------------------------------------------------

def _confirmed_by_bureau(levels):
    def change(data):
        data["termination"]["confirmations"] = [{
            "id": "bureau.confirm_end", "unit": "bureau", "levels": levels, "hours": 1,
            "text": {"zh": "决定终止", "en": "Decide to end"}, "source": {"clause": "附件", "quote": "决定终止"}}]
    return change


def test_a_confirmation_due_at_the_level_in_force_comes_before_the_end():
    result = run_scenario(*with_plan(_confirmed_by_bureau(["II"])), seed=7)
    assert events(result, "bureau.confirm_end", "end_response") == [
        (12.0, "bureau", "bureau.confirm_end"), (12.0, "county", "end_response")]


def test_a_confirmation_for_another_level_does_not_hold_up_the_end():
    result = run_scenario(*with_plan(_confirmed_by_bureau(["I"])), seed=7)
    assert events(result, "bureau.confirm_end", "end_response") == [(11.0, "county", "end_response")]


class DecidesToEndLater(Policy):
    """The decider answers the question of ending two hours after it is put."""

    def __init__(self, answer: bool):
        self.answer = answer

    def end_response(self, sim, plan):
        return answer_later(sim.env, 2.0, self.answer)


def test_a_decision_to_end_given_later_ends_the_response_when_it_comes():
    result = run_scenario(*mini(), seed=7, policy=DecidesToEndLater(True))
    assert events(result, "end_response") == [(13.0, "county", "end_response")]  # asked at 11.0, answered at 13.0
    assert result["summary"]["terminated_at_h"] == 13.0


def test_a_decision_not_to_end_given_later_keeps_the_response_in_force():
    result = run_scenario(*mini(), seed=7, policy=DecidesToEndLater(False))
    assert events(result, "end_response") == []
    assert result["summary"]["terminated_at_h"] is None


# --- a count of zero whatever the bounds --------------------------------------------------

def test_a_count_bound_of_one_half_means_none_open_whichever_way_the_bounds_read():
    plan = load_plan(MINI_PLAN)
    check = {"metric": "open_secondary_incidents", "max": 0.5, "assumption": {"zh": "事故数按整数计", "en": "incidents are counted in whole numbers"}}
    criterion = ResponsePlan.model_validate(
        {**plan.model_dump(mode="json", by_alias=True, exclude_none=True),
         "termination": {"decided_by": "county", "source": {"clause": "5.4", "quote": "终止"},
                         "conditions": [{"id": "t", "text": {"zh": "无", "en": "none"}, "check": check,
                                         "source": {"clause": "5.4", "quote": "处置完成"}}]}}
    ).termination.conditions[0].check
    for upper_inclusive in (False, True):
        test = compile_test(criterion, plan.bounds.model_copy(update={"upper_inclusive": upper_inclusive}))
        assert (test({"open_secondary_incidents": 0.0}), test({"open_secondary_incidents": 1.0})) == (True, False)


def test_a_level_may_be_ended_by_a_unit_of_its_own():
    def change(data):
        level(data, "II")["ended_by"] = {"units": ["town"], "source": {"clause": "5.4", "quote": "镇政府终止"}}
    result = run_scenario(*with_plan(change), seed=7)
    assert events(result, "end_response") == [(11.0, "town", "end_response")]  # ended from Level II
    assert events(run_scenario(*mini(), seed=7), "end_response") == [(11.0, "county", "end_response")]


def test_a_level_with_alternative_declarers_is_declared_by_the_one_the_scenario_names():
    def change(data):
        level(data, "I")["declared_by"] = {"units": ["county", "town"], "source": {"clause": "5.1", "quote": "县或镇启动"}}
    named = run_scenario(*with_plan(change, {"commanders": {"I": "town"}}), seed=7)
    first = run_scenario(*with_plan(change), seed=7)
    # the town had the report at 4.5 h, so it declares once the county's decision time has passed
    assert events(named, "declare_response") == [(6.0, "town", "declare_response")]
    assert events(first, "declare_response") == [(6.0, "county", "declare_response")]


def test_each_level_change_records_the_unit_that_decided_it():
    scenario, plans, area = load_case(scenario_file("winter-ice-storm"))
    result = run_scenario(scenario, plans, area, 7)
    events = {(e["t_h"], e["action"]): e["unit"] for e in result["events"]
              if e["action"] in ("declare_response", "adjust_response", "end_response")}
    changes = result["summary"]["level_changes"]
    assert changes and all(change["by"] for change in changes)
    actions = ["declare_response"] + ["adjust_response"] * (len(changes) - 2) + ["end_response"]
    assert [events[(c["t_h"], action)] for c, action in zip(changes, actions)] == [c["by"] for c in changes]
