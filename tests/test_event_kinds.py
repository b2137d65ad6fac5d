"""A log entry's kind is read among the ids of the plan it was logged under: ids are unique
only within a plan, and two plans of one scenario may call a step of one and a duty of the
other alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.event_kinds import kind_of, plan_kinds
from sim.inputs.loader import load_plan

MINI = Path(__file__).resolve().parent / "data" / "engine" / "plans" / "mini-plan.yaml"


@pytest.fixture(scope="module")
def alike(tmp_path_factory):
    """The test plan, whose bureau watches the grid (duty ``bureau.watch``), and a copy of it
    whose warning is approved under that id (its own watch called ``bureau.monitor``)."""
    text = MINI.read_text(encoding="utf-8")
    other = (text.replace("id: mini-plan\n", "id: mini-other\n", 1)
             .replace("- id: bureau.watch\n", "- id: bureau.monitor\n")
             .replace("{id: warning.publish,", "{id: bureau.watch,"))
    path = tmp_path_factory.mktemp("alike") / "mini-other.yaml"
    path.write_text(other, encoding="utf-8")
    first, second = load_plan(MINI), load_plan(path)
    assert "bureau.watch" in {d.id for _, d in first.all_duties()} - {s.id for s in first.all_steps()}
    assert "bureau.watch" in {s.id for s in second.all_steps()} - {d.id for _, d in second.all_duties()}
    return first, second


@pytest.mark.parametrize("reversed_", [False, True])
def test_an_id_two_plans_give_to_a_duty_and_a_warning_step_reads_as_each_plans_own_kind(alike, reversed_):
    """The kinds were one table across the plans, the first plan's kind naming the id in
    every plan: the other plan's warning read as a duty (or its duty as a warning)."""
    plans = list(reversed(alike)) if reversed_ else list(alike)
    kinds = plan_kinds(plans)
    assert kind_of({"plan": "mini-plan", "action": "bureau.watch"}, kinds) == "duty"
    assert kind_of({"plan": "mini-other", "action": "bureau.watch"}, kinds) == "warning"
    assert kind_of({"plan": "mini-other", "action": "bureau.monitor"}, kinds) == "duty"


def test_an_engine_verb_reads_as_its_kind_and_an_action_no_plan_or_verb_names_as_other(alike):
    kinds = plan_kinds(alike)
    assert kind_of({"action": "declare_response"}, kinds) == "declare"
    assert kind_of({"plan": "mini-plan", "action": "declare_response"}, kinds) == "declare"
    assert kind_of({"action": "bureau.watch"}, kinds) == "other"  # no plan said: no plan's id
    assert kind_of({"plan": "mini-plan", "action": "nothing.of.the.kind"}, kinds) == "other"


# -- key events and decisions, on shipped scenarios ------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _run(name: str, seed: int = 7):
    from sim.engine.run import run_scenario
    from sim.inputs import load_case

    scenario, plans, area = load_case(ROOT / "plans" / "scenarios" / f"{name}.yaml")
    return plans, run_scenario(scenario, plans, area, seed)


def test_key_events_of_the_grassland_fire_hold_the_fire_and_the_line_it_trips_handing_over_to_the_blackout_plan():
    from sim.event_kinds import is_key

    plans, result = _run("grassland-fire-line-trip")
    kinds = plan_kinds(plans)
    key = {e["action"] for e in result["events"] if is_key(e, kinds)}
    assert {"fire_started", "line_tripped", "fire_contained"} <= key
    assert "crew_arrived" not in key  # a fire's routine stays out of the key events


def test_key_events_of_a_fireworks_ban_scenario_are_not_empty_and_hold_its_enforcement():
    from sim.event_kinds import is_key

    plans, result = _run("spring-festival-fireworks")
    kinds = plan_kinds(plans)
    key = [e for e in result["events"] if is_key(e, kinds)]
    assert key
    assert any(kind_of(e, kinds) == "enforcement" for e in key)


def test_a_step_the_plan_leaves_to_its_unit_is_a_decision_and_a_step_it_does_not_is_not():
    from sim.event_kinds import is_decision, left_to_units

    plan = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
    left = left_to_units([plan])
    kinds = plan_kinds([plan])
    assert (plan.id, "county.working_groups") in left
    assert is_decision({"plan": plan.id, "action": "county.working_groups"}, kinds, left)
    assert not is_decision({"plan": plan.id, "action": "county.relay_instructions"}, kinds, left)
    assert is_decision({"plan": plan.id, "action": "declare_response"}, kinds, left)
    assert all(getattr(step, "left_to_unit", False) for plan_id, step_id in left
               for step in [*plan.all_steps(), *(d for _, d in plan.all_duties())] if step.id == step_id)
