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
