"""A run may hold more than one incident of a plan, and a warning ends when its incident is over.

The flood plan of ``test_engine_onset`` (rainfall bands, the onset at 25 mm, the response
ended once the rain is under it) meets two storms separated by a dry spell: the second is
handled as the plan says, anew, and the summary keeps the run's highest and first.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from test_engine_onset import ONSET_MM, PLAN, actions, flood_plan, folder, run

from sim.engine.policy import Policy
from sim.engine.run import Simulation
from sim.event_text import event_text
from sim.inputs import load_case

#: two storms: 120 mm (the serious band) from 2 h, dry from 12 h, 300 mm (the major band) from 30 h, dry from 40 h
TWO_STORMS = [(2, 120), (12, 10), (30, 300), (40, 5)]
FIRST, SECOND = (2.0, 12.0), (30.0, 40.0)


def within(events: list[dict], span: tuple[float, float]) -> list[dict]:
    return [e for e in events if span[0] <= e["t_h"] <= span[1]]


def with_forecast(path: Path, *, at_h: float = 0.5, valid_h: float = 6.0, more: tuple = ()) -> Path:
    """The scenario at ``path`` with a forecast that meets the plan's warning trigger at
    ``at_h`` (and at each hour of ``more``), valid for ``valid_h`` hours."""
    trigger = flood_plan()["warning"]["trigger"]
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, at in enumerate((at_h, *more)):
        scenario["injects"].append({
            "id": f"forecast-{i}", "at_h": at, "kind": "forecast", "valid_h": valid_h,
            "metrics": {trigger["metric"]: trigger["min"] + 5},
            "text": {"zh": "气象部门发布暴雨预警", "en": "The weather service warns of a rainstorm"}})
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    return path


def deciders(decision: str, level: str) -> list[str]:
    """The units the flood plan names for ``decision`` at ``level``."""
    from sim.plan import ResponsePlan

    plan = ResponsePlan.model_validate(flood_plan())
    return plan.role(next(lvl for lvl in plan.response_levels if lvl.id == level), decision)


def level_for(severity: str) -> str:
    return next(lvl["id"] for lvl in flood_plan()["response_levels"] if lvl["severity"] == severity)


def test_a_flood_with_two_storms_separated_by_a_dry_spell_gets_two_numbered_incidents(tmp_path):
    result = run(folder(tmp_path, TWO_STORMS))
    begun = actions(result, "incident_begun")
    assert [(e["t_h"], e["number"]) for e in begun] == [(2.0, 1), (30.0, 2)]
    over = actions(result, "incident_over")
    assert [(e["t_h"], e["number"], e.get("responded")) for e in over] == [(12.0, 1, True), (40.0, 2, True)]
    assert event_text(begun[1])["zh"] == "事件再次发生（第2起）：发生暴雨洪涝灾害"
    assert event_text(over[1])["en"].endswith("and its response has ended")


def test_each_storm_has_its_own_report_chain_classification_and_level_declared_by_the_plans_deciding_unit(tmp_path):
    result = run(folder(tmp_path, TWO_STORMS))
    hops = [hop["id"] for hop in flood_plan()["reporting"]["hops"]]
    events = result["events"]
    for span in (FIRST, SECOND):
        sent = [e["action"] for e in within(events, span) if e["action"] in hops]
        assert sorted(set(sent)) == sorted(hops)  # the whole chain, in each storm
    assert [(e["t_h"], e["severity"]) for e in actions(result, "classified")] == [(2.0, "serious"), (30.0, "major")]
    declared = actions(result, "declare_response")
    assert [e["to"] for e in declared] == [level_for("serious"), level_for("major")]
    assert FIRST[0] < declared[0]["t_h"] < FIRST[1] and SECOND[0] < declared[1]["t_h"] < SECOND[1]
    for e in declared:
        assert [e["unit"]] == deciders("declare", e["to"])
        assert e["t_h"] > max(x["t_h"] for x in events if x["action"] in hops and x["t_h"] <= e["t_h"]) - 1e-9
    ended = actions(result, "end_response")
    assert [e["t_h"] for e in ended] == [12.0, 40.0]
    assert [e["unit"] for e in ended] == [deciders("end", e["from"])[0] for e in ended]


def test_the_second_storm_sets_its_duties_and_measures_going_again(tmp_path):
    result = run(folder(tmp_path, TWO_STORMS))
    duties = {d["id"] for unit in flood_plan()["units"] for d in unit.get("duties", ())}
    first = [e["action"] for e in within(result["events"], FIRST) if e["action"] in duties]
    second = [e["action"] for e in within(result["events"], SECOND) if e["action"] in duties]
    assert first and sorted(second) == sorted(first)
    measures = actions(result, "activate_measure")
    assert [e["measure"] for e in within(measures, SECOND)] == [e["measure"] for e in within(measures, FIRST)]
    assert len(result["summary"]["measures_activated"]) == len(within(measures, FIRST))  # each once in the summary


def test_the_summary_keeps_the_runs_highest_level_and_first_times_and_lists_each_incident(tmp_path):
    result = run(folder(tmp_path, TWO_STORMS))
    summary = result["summary"]
    declared = actions(result, "declare_response")
    assert summary["max_severity"] == "major" and summary["max_response_level"] == level_for("major")
    assert summary["incident_started_at_h"] == 2.0
    assert summary["response_started_at_h"] == declared[0]["t_h"] and summary["terminated_at_h"] == 12.0
    assert [(i["number"], i["begun_at_h"], i["response_started_at_h"], i["terminated_at_h"], i["max_severity"],
             i["max_response_level"]) for i in summary["incidents"]] == [
        (1, 2.0, declared[0]["t_h"], 12.0, "serious", level_for("serious")),
        (2, 30.0, declared[1]["t_h"], 40.0, "major", level_for("major"))]


def test_each_incident_in_the_summary_names_the_units_that_declared_and_ended_its_response(tmp_path):
    result = run(folder(tmp_path, TWO_STORMS))
    declared, ended = actions(result, "declare_response"), actions(result, "end_response")
    assert [(i["declared_by"], i["ended_by"]) for i in result["summary"]["incidents"]] == [
        (d["unit"], e["unit"]) for d, e in zip(declared, ended, strict=True)]


def test_a_run_with_one_incident_has_no_list_of_incidents_in_its_summary(tmp_path):
    result = run(folder(tmp_path, [(2, 120), (12, 10)]))
    assert "incidents" not in result["summary"]


def test_a_second_rise_just_under_the_onset_starts_nothing_and_one_at_it_begins_a_second_incident(tmp_path):
    under = run(folder(tmp_path / "under", [(2, 120), (12, 10), (30, ONSET_MM - 0.1)]))
    at = run(folder(tmp_path / "at", [(2, 120), (12, 10), (30, ONSET_MM)]))
    assert [e["t_h"] for e in actions(under, "incident_begun")] == [2.0]
    assert len(actions(under, "declare_response")) == 1
    assert [e["t_h"] for e in actions(at, "incident_begun")] == [2.0, 30.0]
    assert len(actions(at, "declare_response")) == 1  # 25 mm meets no level: the second begins, no response


def test_a_rise_before_the_incident_is_over_belongs_to_it_even_after_its_response_has_ended(tmp_path):
    """With the response ended once the rain is under 60 mm, 40 mm still holds the onset: the
    incident is not over, and rain rising again to 120 mm is the same incident, not a second
    one; it is over once the rain is under the onset."""
    plan = flood_plan()
    plan["termination"]["conditions"][0]["check"] = {"metric": "rain_mm", "max": 60}
    path = folder(tmp_path, [(2, 120), (12, 40), (20, 120), (30, 10)])
    (tmp_path / f"{PLAN}.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    result = run(path)
    assert [e["t_h"] for e in actions(result, "end_response")] == [12.0]
    assert [(e["t_h"], e["number"]) for e in actions(result, "incident_begun")] == [(2.0, 1)]
    assert [(e["t_h"], e["number"]) for e in actions(result, "incident_over")] == [(30.0, 1)]
    assert len(actions(result, "declare_response")) == 1


def lifts(result: dict) -> list[dict]:
    lift = flood_plan()["warning"]["lift"]["id"]
    return [e for e in result["events"] if e["action"] == lift]


def test_the_warning_is_lifted_by_the_plans_lifting_unit_once_the_incident_is_over_not_while_it_holds(tmp_path):
    """The forecast's window ends at 6.5 h, in the middle of the storm: the warning stays; it is
    lifted when the incident is over, at 12 h, by the unit the plan names for lifting it."""
    result = run(with_forecast(folder(tmp_path, [(2, 120), (12, 10)]), valid_h=6))
    lifted = lifts(result)
    assert [(e["t_h"], e["unit"]) for e in lifted] == [(12.0, flood_plan()["warning"]["lift"]["unit"])]
    assert result["summary"]["warning_issued_at_h"] < 2.5 and result["summary"]["warning_lifted_at_h"] == 12.0


def test_a_warning_whose_window_outlasts_the_incident_is_lifted_when_the_window_ends(tmp_path):
    result = run(with_forecast(folder(tmp_path, [(2, 120), (12, 10)]), valid_h=20))
    assert [e["t_h"] for e in lifts(result)] == [20.5]


def test_while_the_incident_holds_the_warning_is_in_force_and_after_the_lift_it_reads_lifted(tmp_path):
    scenario, plans, area = load_case(with_forecast(folder(tmp_path, [(2, 120), (12, 10)]), valid_h=6))
    simulation = Simulation(scenario, plans, area, 1)
    runner = simulation.runners[0]
    simulation.run(11.9)
    assert runner.warning_state == "issued" and not runner.quiet
    simulation.run(12.5)
    assert runner.warning_shown == "lifted" and runner.quiet
    simulation.close()


class _KeepsTheWarning(Policy):
    """The lifting unit, asked, keeps the warning in force."""

    def __init__(self):
        self.asked: list[float] = []

    def lift_warning(self, sim, plan) -> bool:
        self.asked.append(sim.now)
        return False


def test_lifting_the_warning_after_the_incident_is_the_lifting_units_decision(tmp_path):
    scenario, plans, area = load_case(with_forecast(folder(tmp_path, [(2, 120), (12, 10)]), valid_h=6))
    policy = _KeepsTheWarning()
    simulation = Simulation(scenario, plans, area, 1, policy=policy)
    result = simulation.run().result()
    simulation.close()
    assert policy.asked == [12.0]
    assert not lifts(result) and result["summary"]["warning_lifted_at_h"] is None


def test_a_forecast_after_the_lift_issues_a_new_warning_for_the_second_storm(tmp_path):
    result = run(with_forecast(folder(tmp_path, TWO_STORMS), valid_h=6, more=(27.0,)))
    publish = flood_plan()["warning"]["issue"][-1]["id"]
    published = [e["t_h"] for e in result["events"] if e["action"] == publish]
    assert len(published) == 2 and 27.0 < published[1] < 30.0
    assert [e["t_h"] for e in lifts(result)] == [12.0, 40.0]
    assert result["summary"]["warning_issued_at_h"] == published[0]
    assert result["summary"]["warning_lifted_at_h"] == 12.0  # the first lift


def test_two_storms_give_the_same_result_twice(tmp_path):
    from sim.engine.recorder import dumps

    path = with_forecast(folder(tmp_path, TWO_STORMS), valid_h=6, more=(27.0,))
    assert dumps(run(path)) == dumps(run(path))


def test_a_plan_without_an_onset_begins_a_second_incident_when_load_is_lost_again_after_the_first_is_over():
    """The mini plan's incident is the network's: a line cut at 2 h and repaired, cut again at
    30 h — the second loss of load is incident 2, reported along the chain again."""
    from engine_fixtures import mini_injects
    from sim.engine.run import run_scenario

    cuts = [{"id": f"cut-{i}", "at_h": at, "kind": "fault", "feeders": ["f-b"],
             "text": {"zh": "线路故障", "en": "A line fails"}} for i, at in enumerate((2, 30))]
    scenario, plans, area = mini_injects(extra=cuts)
    result = run_scenario(scenario, plans, area, 1)
    begun = actions(result, "incident_begun")
    assert [(e["t_h"], e["number"]) for e in begun] == [(30.0, 2)]  # the first is told by the loss of load
    assert event_text(begun[0])["en"] == "Load is shed again: incident 2 begins"
    hops = {hop.id for hop in plans[scenario.plans[0]].reporting.hops}
    sent = [e["t_h"] for e in result["events"] if e["action"] in hops]
    assert any(t < 30 for t in sent) and any(t >= 30 for t in sent)
    assert [i["begun_at_h"] for i in result["summary"]["incidents"]] == [2.0, 30.0]


def test_the_walk_through_says_when_the_second_storms_own_report_reached_the_decider(tmp_path):
    from sim.ui.walk import report_reached

    path = folder(tmp_path, TWO_STORMS)
    scenario, plans, area = load_case(path)
    result = run(path)
    plan = plans[scenario.plans[0]]
    decider = plan.reporting.decision.unit
    hops = {hop.id for hop in plan.reporting.hops if decider in hop.to}
    arrivals = [e["t_h"] for e in result["events"] if e["action"] in hops]
    declared = actions(result, "declare_response")
    assert [report_reached(result, plan, e["t_h"]) for e in declared] == arrivals
    assert within([{"t_h": arrivals[1]}], SECOND)


def test_who_had_each_storms_report_is_kept_by_storm_for_a_drills_evaluation(tmp_path):
    scenario, plans, area = load_case(folder(tmp_path, TWO_STORMS))
    simulation = Simulation(scenario, plans, area, 1)
    runner = simulation.runners[0]
    result = simulation.run().result()
    simulation.close()
    decider = plans[scenario.plans[0]].reporting.decision.unit
    declared = [e["t_h"] for e in actions(result, "declare_response")]
    first, second = (runner.received_by(t)[decider] for t in declared)
    assert FIRST[0] <= first <= declared[0] and SECOND[0] <= second <= declared[1]
    assert runner.received_by(20.0) is runner.received_by(declared[0])  # the dry spell: the first storm's
