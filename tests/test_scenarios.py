"""The shipped scenarios tell their stories, and their seed-7 summaries stay as recorded
(a template's, for the incidents its replications 0 and 3 draw).

A golden summary that no longer matches means the engine, the plan, the area or the
scenario changed behaviour. If the change is intended, rerun with
``TUIYAN_UPDATE_GOLDEN=1`` and commit the new files with the change that caused them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_fixtures import SHIPPED, matches_golden, shipped

from sim.engine.run import run_scenario
from sim.errors import InputError
from sim.plan import ResponsePlan
from sim.inputs import load_case
from sim.inputs.loader import load_scenario
from sim.inputs.scenario import ConditionInject

GOLDEN = Path(__file__).resolve().parent / "golden"
NAMES = ["winter-ice-storm", "summer-peak-overload", "construction-cable-strike", "substation-fire",
         "drill-chengnan-storm"]
#: The template scenario and the replications whose drawn incidents are kept as golden results.
TEMPLATE, REPLICATIONS = "random-blackout", (0, 3)


@pytest.fixture(scope="module")
def runs():
    results = {}
    for name in NAMES:
        scenario, plans, area = shipped(name)
        results[name] = (scenario, plans, area, run_scenario(scenario, plans, area, 7))
    return results


def _plan(plans) -> ResponsePlan:
    return next(p for p in plans.values() if isinstance(p, ResponsePlan))


def _first(events, action, **fields):
    return next((e for e in events if e["action"] == action and all(e.get(k) == v for k, v in fields.items())), None)


@pytest.mark.parametrize("name", NAMES)
def test_golden_summary(runs, name):
    matches_golden(runs[name][3]["summary"], GOLDEN / f"{name}-seed7.summary.json")


@pytest.mark.parametrize("replication", REPLICATIONS)
def test_a_template_replications_drawn_incident_keeps_its_golden_summary(replication):
    case = shipped(TEMPLATE).changed(replication=replication)
    draw = case.draw(7)
    result = draw.stamp(run_scenario(draw.scenario, case.plans, case.area, draw.seed))
    summary = {"drawn_from": result["drawn_from"], "start": result["start"], "facts": list(draw.facts),
               **result["summary"]}
    matches_golden(summary, GOLDEN / f"{TEMPLATE}-seed7-replication{replication}.summary.json")


def test_winter_ice_storm_reaches_level_one_and_steps_down(runs):
    scenario, plans, area, result = runs["winter-ice-storm"]
    plan = _plan(plans)
    levels = [level.id for level in plan.response_levels]
    summary, events = result["summary"], result["events"]
    assert area.heating_season.contains(scenario.start.date())
    assert [c["to"] for c in summary["level_changes"]] == [*levels, None]  # I, II, III, end
    assert summary["max_response_level"] == levels[0]
    assert summary["warning_issued_at_h"] < summary["incident_started_at_h"] < summary["response_started_at_h"] \
        < summary["terminated_at_h"]
    assert "living_heat" in summary["measures_activated"]
    on_backup = {e["unit"] for e in events if e["action"] == "backup_power_started"}
    assert {"county-hospital", "water-works", "heating-station"} <= on_backup
    # Backup fuel (5.2.2): one mobile generator reaches the seat through the ice, and the
    # heating and broadcasting duties hold it first; the telecom hub's six hours run out
    # long before its feeder is back, and the generator reaches it only after that.
    ran_dry = summary["key_users_out_of_fuel"]
    assert [item["user"] for item in ran_dry] == ["telecom-hub"]
    for item in ran_dry:
        back = _first(events, "grid_supply_restored", unit=item["user"])
        assert back is not None and item["t_h"] < back["t_h"]
        reached = _first(events, "mobile_generator_connected", user=item["user"])
        assert reached is not None and item["t_h"] < reached["t_h"] < back["t_h"]
    assert _first(events, "request_escalation") is not None  # Level I: the county asks the city


def test_the_county_asks_the_city_only_when_the_scenario_says_it_is_necessary():
    """5.1: "必要时" the county asks the city to take over; without city_escalation it does not."""
    scenario, plans, area = shipped("winter-ice-storm")
    assert scenario.conditions["city_escalation"]
    quiet = scenario.model_copy(update={"conditions": {**scenario.conditions, "city_escalation": False}})
    result = run_scenario(quiet, plans, area, 7)
    assert result["summary"]["max_response_level"] == _plan(plans).response_levels[0].id
    assert _first(result["events"], "request_escalation") is None


def _need_arises(at_h: float):
    """The winter ice storm where the county's need of the city (5.1 必要时) arises only at
    ``at_h``, as a condition inject, rather than from the start."""
    scenario, plans, area = shipped("winter-ice-storm")
    need = ConditionInject(id="city-needed", kind="condition", at_h=at_h, condition="city_escalation",
                           text={"zh": "需报请市级指挥", "en": "The city is needed"})
    late = scenario.model_copy(update={"conditions": {**scenario.conditions, "city_escalation": False},
                                       "injects": [*scenario.injects, need]})
    return late, plans, area


def test_the_county_asks_the_city_when_the_need_arises_while_level_one_is_in_force():
    """5.1 "必要时": a need that arises after Level I started is put to the county then, not
    only a need present as the level starts (seed 7: Level I from 13.8 h to 26.4 h)."""
    scenario, plans, area = _need_arises(20.0)
    result = run_scenario(scenario, plans, area, 7)
    top = _plan(plans).response_levels[0]
    assert result["summary"]["level_changes"][0]["to"] == top.id
    asked = [e for e in result["events"] if e["action"] == "request_escalation"]
    assert [(e["t_h"], e["unit"], e["to"]) for e in asked] == [(20.0, top.escalation.by, top.escalation.to)]


def test_a_need_that_arises_once_level_one_has_stepped_down_asks_no_one():
    """The request belongs to Level I: the same need arising at 30 h, under Level II (which
    has no escalation), is not put to anyone."""
    scenario, plans, area = _need_arises(30.0)
    result = run_scenario(scenario, plans, area, 7)
    assert [c["to"] for c in result["summary"]["level_changes"]][:2] == [
        level.id for level in _plan(plans).response_levels[:2]]
    assert _first(result["events"], "request_escalation") is None


def test_summer_peak_overload_is_a_general_blackout(runs):
    scenario, plans, area, result = runs["summer-peak-overload"]
    plan = _plan(plans)
    summary = result["summary"]
    assert not area.heating_season.contains(scenario.start.date())
    assert [c["to"] for c in summary["level_changes"]] == [plan.response_levels[-1].id, None]
    assert summary["max_severity"] == plan.severity_levels[-1].id
    assert summary["warning_issued_at_h"] < summary["incident_started_at_h"]
    assert "living_heat" not in summary["measures_activated"]
    assert _first(result["events"], "shed_load") is not None


def test_construction_cable_strike_stays_with_the_town(runs):
    scenario, plans, area, result = runs["construction-cable-strike"]
    plan = _plan(plans)
    summary = result["summary"]
    assert summary["level_changes"] == [] and summary["max_severity"] is None
    assert summary["response_started_at_h"] is None
    local = _first(result["events"], "discretionary_response")
    assert local is not None and local["unit"] == plan.discretion.unit
    assert summary["discretion_at_h"] == local["t_h"]
    assert summary["final"]["load_shed_pct"] == 0  # the power company still repairs the cable


def test_substation_fire_brings_the_fire_squadron_and_the_emergency_bureau(runs):
    scenario, plans, area, result = runs["substation-fire"]
    plan = _plan(plans)
    summary, events = result["summary"], result["events"]
    assert summary["max_response_level"] == plan.response_levels[1].id
    by_name = {u.name.zh: u.id for u in plan.units}
    fire, emergency = by_name["县消防救援中队"], by_name["县应急管理局"]
    assert any(s["unit"] == fire for s in result["spans"])
    assert any(s["unit"] == emergency for s in result["spans"])
    opened, closed = _first(events, "incident_opened"), _first(events, "incident_closed")
    assert closed["unit"] == fire and opened["t_h"] < closed["t_h"]
    repair = _first(events, "repair_start", element="sub-110-park")
    assert repair["t_h"] >= closed["t_h"]  # no crew in a burning substation
    assert summary["terminated_at_h"] >= _first(events, "repaired", element="sub-110-park")["t_h"]


# --- bad scenario files -----------------------------------------------------------------


def _errors(tmp_path, old: str, new: str, name: str = "winter-ice-storm") -> tuple[list[str], str, int]:
    """Write an edited copy of a shipped scenario beside the shipped plans; return its problems."""
    text = (SHIPPED / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    bad = text.replace(old, new, 1)
    scenarios = tmp_path / "plans" / "scenarios"
    scenarios.mkdir(parents=True)
    (tmp_path / "plans" / "areas").mkdir()
    (tmp_path / "plans" / "areas" / "guyang.yaml").write_text(
        (SHIPPED.parent / "areas" / "guyang.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for plan in SHIPPED.parent.glob("*.yaml"):
        (tmp_path / "plans" / plan.name).write_text(plan.read_text(encoding="utf-8"), encoding="utf-8")
    path = scenarios / f"{name}.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_case(path)
    line = bad[: bad.index(new.strip().splitlines()[0].strip())].count("\n") + 1 if new.strip() else 0
    return [str(p) for p in caught.value.problems], str(path), line


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    pytest.param("horizon_h: 240", "horizon_h: soon", "horizon_h", "should be a number", id="type"),
    pytest.param("  - id: ice-storm\n", "  - id: ice-storm\n    colour: grey\n", "injects.1.colour", "unknown key 'colour'",
                 id="unknown key"),
    pytest.param("    feeders: [f-cb-03]", "    feeders: [f-cb-99]", "injects.4.feeders.0", "unknown feeder 'f-cb-99'",
                 id="unknown feeder"),
    pytest.param("plans: [guyang-blackout-2023]", "plans: [guyang-blackout-2099]", "plans.0",
                 "no plan with id 'guyang-blackout-2099'", id="unknown plan"),
    pytest.param("  repair_crew: 6", "  repair_crews: 6", "resources.repair_crews", "unknown resource 'repair_crews'",
                 id="unknown resource"),
    pytest.param("      median: 8\n      sigma: 0.3\n", "      median: 8\n", "restoration.repair_h.substation",
                 "a lognormal distribution needs sigma", id="incomplete distribution"),
    pytest.param("    cleared_by: public_security.traffic\n    duration_h: 10\n", "",
                 "injects.5", "needs `cleared_by`", id="incident that never closes"),
    pytest.param("    cleared_by: public_security.traffic", "    cleared_by: public_security.tea",
                 "injects.5.cleared_by", "unknown duty 'public_security.tea'", id="unknown duty"),
    pytest.param("  - id: traffic-jam\n    at_h: 14", "  - id: traffic-jam\n    at_h: 300", "injects.5.at_h",
                 "is not before the horizon", id="after the horizon"),
    pytest.param("  - id: traffic-jam", "  - id: ice-storm", "injects.5.id", "duplicate inject id 'ice-storm'",
                 id="duplicate inject"),
])
def test_bad_scenarios_are_reported_at_their_lines(tmp_path, old, new, where, message):
    problems, path, _ = _errors(tmp_path, old, new)
    hits = [p for p in problems if f": {where}: " in p and message in p]
    assert hits, problems
    file, line, col = hits[0].split(": ")[0].rsplit(":", 2)
    assert file == path and int(line) > 1 and int(col) >= 1


def test_an_error_points_at_the_line_of_the_wrong_value(tmp_path):
    problems, path, line = _errors(tmp_path, "    feeders: [f-cb-03]", "    feeders: [f-cb-99]")
    assert any(p.startswith(f"{path}:{line}:") for p in problems), (problems, line)


def test_load_scenario_reads_every_shipped_scenario():
    for name in NAMES:
        assert load_scenario(SHIPPED / f"{name}.yaml").id == name
