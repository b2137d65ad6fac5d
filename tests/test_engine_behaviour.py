"""What the engine promises, checked on the mini plan (exact hours) and the shipped scenarios."""

from __future__ import annotations

import pytest
from engine_fixtures import mini, mini_injects, shipped

from sim.engine.policy import Policy
from sim.engine.recorder import dumps
from sim.engine.run import Simulation, run_scenario
from sim.engine.schedule import answer_later, call_later
from sim.plan import ResponsePlan

SCENARIOS = ["winter-ice-storm", "summer-peak-overload", "construction-cable-strike", "substation-fire"]


def _plan(plans) -> ResponsePlan:
    return next(p for p in plans.values() if isinstance(p, ResponsePlan))


def _row_at(rows, t):
    """The time-series row in force at ``t`` (rows hold from their t_h on)."""
    return [r for r in rows if r["t_h"] <= t][-1]


# --- determinism and stepping ---------------------------------------------------------


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not():
    inputs = shipped("winter-ice-storm")
    first, second = dumps(run_scenario(*inputs, seed=7)), dumps(run_scenario(*inputs, seed=7))
    assert first == second
    assert dumps(run_scenario(*inputs, seed=8)) != first


def test_running_in_slices_gives_the_same_result_as_in_one_go():
    inputs = shipped("winter-ice-storm")
    sim = Simulation(*inputs, 7)
    for until in (1, 12.5, 14, 30, 100):
        sim.run(until=until)
        assert sim.now == until
    sim.run()
    assert dumps(sim.result()) == dumps(run_scenario(*inputs, seed=7))


def test_a_run_stopped_early_reports_what_happened_so_far():
    result = run_scenario(*mini(), seed=7, until=7.5)
    assert result["summary"]["end_h"] == 7.5
    assert result["summary"]["terminated_at_h"] is None
    assert result["timeseries"][-1]["response_level"] == "I"


# --- termination (5.4) ----------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("seed", [1, 7, 23])
def test_termination_never_before_all_conditions_hold(name, seed):
    scenario, plans, area = shipped(name)
    plan = _plan(plans)
    result = run_scenario(scenario, plans, area, seed)
    rows = result["timeseries"]
    started, ended = result["summary"]["response_started_at_h"], result["summary"]["terminated_at_h"]

    def all_hold(row) -> bool:
        return all(c.check.holds(row, plan.bounds) for c in plan.termination.conditions)

    if ended is not None:
        assert all_hold(_row_at(rows, ended))
    if started is not None:
        before = [r for r in rows if started <= r["t_h"] < (ended if ended is not None else float("inf"))]
        assert before and not any(all_hold(r) for r in before)


def test_an_open_secondary_incident_keeps_the_response_going():
    # Without a patrol car nobody clears the jam: grid back, hazard gone, but no termination.
    result = run_scenario(*mini(resources={"crew": 1, "patrol": 0}), seed=7)
    assert result["summary"]["terminated_at_h"] is None
    assert result["summary"]["final"]["open_secondary_incidents"] == 1
    unmet = {d["duty"]: d["reason"] for d in result["summary"]["unmet_duties"]}
    assert unmet["police.traffic"] == {"kind": "short_of", "resource": "patrol", "amount": 1, "have": 0}


# --- levels (5.1) -----------------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_level_never_lags_the_classification_by_more_than_the_chain(name):
    scenario, plans, area = shipped(name)
    plan = _plan(plans)
    result = run_scenario(scenario, plans, area, 7)
    events, rows = result["events"], result["timeseries"]
    level_of = {level.severity: level.id for level in plan.response_levels}
    lowest = plan.response_levels[-1].id
    decision = plan.reporting.decision
    arrival = min((e["t_h"] for e in events if e["plan"] == plan.id and decision.unit in (e.get("to") or [])),
                  default=None)
    incident = result["summary"]["incident_started_at_h"]
    declared = result["summary"]["response_started_at_h"]
    if declared is not None:
        # The chain as it ran (hop hours with their spread), then the decision (at most 3 × its hours).
        assert declared - incident <= (arrival - incident) + 3 * decision.hours
    mismatch_since = None
    for row in rows:
        if declared is None or row["t_h"] < declared or result["summary"]["terminated_at_h"] is not None \
                and row["t_h"] >= result["summary"]["terminated_at_h"]:
            continue
        target = level_of.get(row["classification"]) or lowest
        if target != row["response_level"]:
            mismatch_since = row["t_h"] if mismatch_since is None else mismatch_since
        else:
            if mismatch_since is not None:
                assert row["t_h"] - mismatch_since <= plan.adjustment.decision_hours + 1e-9
            mismatch_since = None


def test_the_mini_response_starts_exactly_when_the_chain_allows():
    result = run_scenario(*mini(), seed=7)
    # fault 4 h; hops 0.5 + 1; decision 0.5 → 6 h. Severity drops at 8 h; adjustment 1 h → 9 h.
    assert result["summary"]["response_started_at_h"] == 6.0
    assert result["summary"]["level_changes"][1]["t_h"] == 9.0


def test_below_the_lowest_level_the_town_may_act_at_its_discretion():
    small = {"id": "cable", "at_h": 1, "kind": "fault", "text": {"zh": "电缆被挖断", "en": "Cable cut"},
             "feeders": ["f-key"], "severity": 3}
    scenario, plans, area = mini_injects(extra=[small])
    quiet = run_scenario(scenario, plans, area, 7)
    assert quiet["summary"]["level_changes"] == [] and quiet["summary"]["discretion_at_h"] is None
    noisy = scenario.model_copy(update={"context": {"social_impact": "significant"}})
    result = run_scenario(noisy, plans, area, 7)
    assert result["summary"]["level_changes"] == []
    assert result["summary"]["discretion_at_h"] == 3.0  # reported to the county by 2.5 h, decided 0.5 h later
    acted = [e for e in result["events"] if e["action"] == "discretionary_response"]
    assert [(e["unit"], e["source"]) for e in acted] == [("town", "5.1")]


class _Declines(Policy):
    """Answers no where the plan leaves a yes or no to a unit: no local response below the
    lowest level, no request to the higher authority."""

    def use_discretion(self, sim, plan):
        return False

    def request_escalation(self, sim, plan, level, escalation):
        return False


class _AnswersLater(Policy):
    """Takes two hours over each of those decisions, then says yes (a person, not the plan)."""

    def use_discretion(self, sim, plan):
        return answer_later(sim.env, 2.0, True)

    def request_escalation(self, sim, plan, level, escalation):
        return answer_later(sim.env, 2.0, True)


def _discretion_case():
    small = {"id": "cable", "at_h": 1, "kind": "fault", "text": {"zh": "电缆被挖断", "en": "Cable cut"},
             "feeders": ["f-key"], "severity": 3}
    scenario, plans, area = mini_injects(extra=[small])
    return scenario.model_copy(update={"context": {"social_impact": "significant"}}), plans, area


def test_a_unit_that_declines_its_discretion_starts_no_local_response():
    result = run_scenario(*_discretion_case(), 7, policy=_Declines())
    assert result["summary"]["discretion_at_h"] is None
    assert not any(e["action"] == "discretionary_response" for e in result["events"])


class _DeclinesThenWakes(_Declines):
    """Says no, notes when it is asked, and an hour later wakes the level decision (as a drill's
    hand-back of another role or another player's order does)."""

    def __init__(self):
        self.asked = []

    def use_discretion(self, sim, plan):
        self.asked.append(sim.now)
        runner = next(r for r in sim.runners if r.id == plan.id)
        call_later(sim.env, 1.0, runner.wake)
        return False


def test_a_unit_that_declined_is_not_asked_again_while_its_test_keeps_holding():
    policy = _DeclinesThenWakes()
    result = run_scenario(*_discretion_case(), 7, policy=policy)
    assert policy.asked == [3.0]  # not again at 4 h: the same situation, the same question
    assert result["summary"]["discretion_at_h"] is None


def test_a_discretion_answered_later_starts_the_local_response_when_the_unit_answers():
    result = run_scenario(*_discretion_case(), 7, policy=_AnswersLater())
    assert result["summary"]["discretion_at_h"] == 5.0  # asked at 3 h, as the plan's own run decides
    acted = [e for e in result["events"] if e["action"] == "discretionary_response"]
    assert [(e["t_h"], e["unit"]) for e in acted] == [(5.0, "town")]


def test_the_plans_own_answer_requests_escalation_and_a_unit_that_declines_requests_none():
    inputs = shipped("winter-ice-storm")
    plain = [e for e in run_scenario(*inputs, 7)["events"] if e["action"] == "request_escalation"]
    declined = run_scenario(*inputs, 7, policy=_Declines())
    assert len(plain) == 1 and plain[0]["t_h"] == declined["summary"]["response_started_at_h"]
    assert not any(e["action"] == "request_escalation" for e in declined["events"])
    assert declined["summary"]["max_response_level"] == _plan(inputs.plans).response_levels[0].id


def test_a_request_for_escalation_answered_later_is_logged_when_the_unit_answers():
    inputs = shipped("winter-ice-storm")
    result = run_scenario(*inputs, 7, policy=_AnswersLater())
    asked = [e for e in result["events"] if e["action"] == "request_escalation"]
    assert [e["t_h"] for e in asked] == [result["summary"]["response_started_at_h"] + 2.0]
    assert asked[0]["unit"] == _plan(inputs.plans).response_levels[0].escalation.by


class _DeclinesEscalation(Policy):
    """Says no to every request to the higher authority, noting when it is asked."""

    def __init__(self):
        self.asked = []

    def request_escalation(self, sim, plan, level, escalation):
        self.asked.append(sim.now)
        return False


def test_a_unit_that_declined_the_request_is_asked_again_only_when_the_need_arises_anew():
    """The need (5.1 必要时, a condition) arises at 16 h under Level I, goes at 18 h and arises
    again at 20 h: the county, which said no, is asked at 16 h and at 20 h — not at each
    change in between while the need stands (seed 7: Level I from 13.8 h to 26.4 h)."""
    scenario, plans, area = shipped("winter-ice-storm")
    text = {"zh": "需报请市级指挥", "en": "The city is needed"}
    needs = [{"id": f"need-{at}", "kind": "condition", "at_h": at, "condition": "city_escalation", "text": text,
              "duration_h": hours} for at, hours in ((16.0, 2.0), (20.0, None))]
    late = scenario.model_validate({**scenario.model_dump(), "conditions": {**scenario.conditions,
                                                                            "city_escalation": False},
                                    "injects": [*scenario.model_dump()["injects"], *needs]})
    policy = _DeclinesEscalation()
    result = run_scenario(late, plans, area, 7, policy=policy)
    assert policy.asked == [16.0, 20.0]
    assert not any(e["action"] == "request_escalation" for e in result["events"])


def _formed_by_the_request(plan) -> list:
    """The duties that wait for what the request sets (the higher authority's headquarters)."""
    sets = set(plan.response_levels[0].escalation.sets)
    return [d.id for u in plan.units for d in u.duties if d.trigger and sets & set(d.trigger.requires)]


def test_what_the_higher_authority_does_waits_for_the_request_and_never_comes_without_it():
    inputs = shipped("winter-ice-storm")
    waiting = _formed_by_the_request(_plan(inputs.plans))
    assert waiting  # the city's headquarters leading the response

    def first(result, duty):
        return next((e["t_h"] for e in result["events"] if e["action"] == duty), None)

    plain, later = run_scenario(*inputs, 7), run_scenario(*inputs, 7, policy=_AnswersLater())
    declined = run_scenario(*inputs, 7, policy=_Declines())
    for duty in waiting:
        assert first(plain, duty) == plain["summary"]["response_started_at_h"]  # asked at once: formed at once
        assert first(later, duty) == later["summary"]["response_started_at_h"] + 2.0  # formed when asked
        assert first(declined, duty) is None  # never asked, never formed


# --- measures and duties ----------------------------------------------------------------


def test_every_unit_of_an_activated_measure_acts_for_it():
    scenario, plans, area = shipped("winter-ice-storm")
    plan = _plan(plans)
    result = run_scenario(scenario, plans, area, 7)
    measures = {m.id: m for m in plan.measures}
    activated = [e["measure"] for e in result["events"] if e["action"] == "activate_measure"]
    assert activated
    acting = {(e["unit"], e.get("measure")) for e in result["events"]}
    restoration_unit = next(r.provided_by[0] for r in plan.resources if r.id == scenario.restoration.resource)
    for measure_id in activated:
        for unit in measures[measure_id].units:
            duties = [d for u in plan.units if u.id == unit for d in u.duties if d.measure == measure_id]
            runnable = [d for d in duties if d.trigger is None or set(d.trigger.requires) <= set(_present(scenario))]
            if runnable or not duties:
                assert (unit, measure_id) in acting or unit == restoration_unit, (unit, measure_id)


def _present(scenario) -> list[str]:
    """Conditions the winter storm has for certain at seed 7 (explicit, season, the storm, the jam,
    the city's headquarters formed at the county's request, which the plan's own answer makes)."""
    return [*scenario.conditions, "heating_season", "weather_disaster", "traffic_jam", "city_headquarters_formed"]


def test_duties_run_only_when_their_conditions_are_present():
    scenario, plans, area = shipped("winter-ice-storm")
    plan = _plan(plans)
    result = run_scenario(scenario, plans, area, 7)
    started = {e["action"] for e in result["events"]}
    present = set(_present(scenario)) | {"water_outage"}
    for unit in plan.units:
        for duty in unit.duties:
            if duty.trigger and not set(duty.trigger.requires) <= present:
                assert duty.id not in started, duty.id


def test_heat_measures_only_in_the_heating_season():
    january = run_scenario(*mini(), seed=7)
    assert "heat" in january["summary"]["measures_activated"]
    july = run_scenario(*mini(start="2024-07-10T00:00:00"), seed=7)
    assert "heat" not in july["summary"]["measures_activated"]
    assert not any(e["action"] == "county.heat" for e in july["events"])
    told = run_scenario(*mini(conditions={"heating_season": False}), seed=7)
    assert "heat" not in told["summary"]["measures_activated"]


# --- restoration (5.2.1, 5.2.2) ---------------------------------------------------------


def test_key_users_are_restored_before_ordinary_feeders_when_crews_are_scarce():
    fault = {"id": "lines-down", "at_h": 1, "kind": "fault", "text": {"zh": "多条线路故障", "en": "Lines down"},
             "feeders": ["f-c", "f-b", "f-a", "f-key"]}
    result = run_scenario(*mini_injects(extra=[fault]), seed=7)
    order = [e["element"] for e in result["events"] if e["action"] == "repair_start"]
    # f-key carries the hospital (priority 1) though the feeder itself is priority 3;
    # then the area file's order: f-a (2), f-b (4), f-c (5).
    assert order == ["f-key", "f-a", "f-b", "f-c"]


def test_crews_go_where_supply_can_come_back_first():
    fault = {"id": "down", "at_h": 1, "kind": "fault", "text": {"zh": "故障", "en": "Faults"},
             "substations": ["s-north"], "feeders": ["f-c"]}
    # f-c hangs off s-north: repairing it first would bring nothing back.
    result = run_scenario(*mini_injects(extra=[fault]), seed=7)
    assert [e["element"] for e in result["events"] if e["action"] == "repair_start"] == ["s-north", "f-c"]


def test_backup_power_runs_until_the_fuel_is_gone():
    result = run_scenario(*mini(), seed=7)
    assert result["backup_fuel"]["hospital"] == [
        {"t_h": 0.0, "fuel_h": 3.0, "state": "grid"},
        {"t_h": 4.0, "fuel_h": 3.0, "state": "backup"},
        {"t_h": 7.0, "fuel_h": 0.0, "state": "dark"},
        {"t_h": 8.0, "fuel_h": 0.0, "state": "grid"},
    ]
    dark = [e for e in result["events"] if e["unit"] == "hospital"]
    assert [e["action"] for e in dark] == ["backup_power_started", "backup_out_of_fuel", "grid_supply_restored"]


def test_overload_sheds_feeders_in_reverse_priority_and_brings_them_back():
    scenario, plans, area = shipped("summer-peak-overload")
    result = run_scenario(scenario, plans, area, 7)
    shed = [e["element"] for e in result["events"] if e["action"] == "shed_load"]
    back = {e["element"] for e in result["events"] if e["action"] == "restore_shed_load"}
    priority = {f.id: f.priority for f in area.feeders}
    first = shed[0]
    assert priority[first] == max(priority.values())
    assert set(shed) == back
    assert result["summary"]["final"]["load_shed_pct"] == 0


# --- plugging in and common random numbers -------------------------------------------------


def test_another_process_can_damage_the_grid_and_the_plan_takes_over():
    scenario, plans, area = mini_injects("forecast")
    sim = Simulation(scenario, plans, area, 7)

    def wildfire():
        yield sim.env.timeout(2)
        sim.open_incident("fire", text={"zh": "山火烧断线路", "en": "A wildfire burns the lines"},
                          damages=["s-root"], duration_h=3, unit="fire_model", source="model")

    sim.env.process(wildfire())
    result = sim.run().result()
    opened = next(e for e in result["events"] if e["action"] == "incident_opened")
    assert (opened["t_h"], opened["unit"], opened["kind"]) == (2, "fire_model", "fire")
    assert result["summary"]["response_started_at_h"] == 4.0  # 2 h + the chain and the decision
    repair = next(e for e in result["events"] if e["action"] == "repair_start")
    assert repair["t_h"] == 5.0  # not while the fire burns (closed after 3 h)
    assert result["summary"]["terminated_at_h"] is not None


def test_two_versions_of_a_plan_see_the_same_incident():
    scenario, plans, area = shipped("winter-ice-storm")
    plan = _plan(plans)
    slower = plan.model_copy(update={"reporting": plan.reporting.model_copy(
        update={"decision": plan.reporting.decision.model_copy(update={"hours": 3.0})})})
    a = run_scenario(scenario, plans, area, 7)
    b = run_scenario(scenario, {plan.id: slower}, area, 7)
    faults = lambda r: [e["elements"] for e in r["events"] if e["action"] == "fault"]  # noqa: E731
    repairs = lambda r: {s["element"]: round(s["end_h"] - s["start_h"], 9) for s in r["spans"] if "element" in s}  # noqa: E731
    assert faults(a) == faults(b)
    assert repairs(a) == repairs(b)
    assert b["summary"]["response_started_at_h"] > a["summary"]["response_started_at_h"]


class _Hesitant(Policy):
    """Never publishes a warning: the drill participant who does not pick up."""

    def warning_step(self, sim, plan, step):
        return step.id != "warning.publish"


def test_a_policy_replaces_the_plans_own_decisions():
    result = run_scenario(*mini(), seed=7, policy=_Hesitant())
    assert result["summary"]["warning_issued_at_h"] is None
    assert not any(e["action"] == "bureau.watch" for e in result["events"])
    assert result["summary"]["response_started_at_h"] == 6.0


def test_a_duty_still_queued_at_the_end_is_unmet():
    # One car: the patrol holds it 6–9 h; the run stops at 8 h with the traffic duty in line.
    result = run_scenario(*mini(), seed=7, until=8)
    unmet = {d["duty"]: (d["t_h"], d["reason"]) for d in result["summary"]["unmet_duties"]}
    assert unmet == {"police.traffic": (6.0, {"kind": "waiting", "resource": "patrol"})}
