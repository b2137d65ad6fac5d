"""A plan's step lists are walked in one place (:meth:`ResponsePlan.step_lists`): what
offers, judges or checks the steps reads them from there, so the walk must hold every
field of the model that holds steps."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Union, get_args, get_origin

from pydantic import BaseModel

from sim.event_kinds import STEP_KINDS, plan_kinds
from sim.inputs.loader import load_plan
from sim.plan import ResponsePlan
from sim.plan.response_plan import Step

ROOT = Path(__file__).resolve().parent.parent


def step_fields(model: type[BaseModel], path: tuple = (), seen: frozenset = frozenset()) -> list[tuple]:
    """The paths of every field under ``model`` whose type is a step or a list of steps; a
    field inside the items of a list is marked ``*``, a place no walk of whole lists names."""
    found = []
    for name, field in model.model_fields.items():
        kinds, inside = [field.annotation], path + (name,)
        while kinds:
            kind = kinds.pop()
            if get_origin(kind) in (Union, types.UnionType):
                kinds.extend(get_args(kind))
            elif get_origin(kind) is list:
                (item,) = get_args(kind)
                if isinstance(item, type) and issubclass(item, Step):
                    found.append(inside)
                elif isinstance(item, type) and issubclass(item, BaseModel) and item not in seen:
                    found += step_fields(item, inside + ("*",), seen | {model})
            elif isinstance(kind, type) and issubclass(kind, Step):
                found.append(inside)
            elif isinstance(kind, type) and issubclass(kind, BaseModel) and kind not in seen:
                found += step_fields(kind, inside, seen | {model})
    return found


def test_the_walk_over_a_plans_step_lists_holds_every_field_of_the_model_that_holds_steps():
    plan = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
    walked = [steps.path for steps in plan.step_lists()]
    assert sorted(walked) == sorted(step_fields(ResponsePlan))
    assert len(set(walked)) == len(walked)


def test_the_walk_gives_each_list_as_the_plan_holds_it_and_every_step_once_in_plan_order():
    plan = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
    for steps in plan.step_lists():
        held = plan
        for name in steps.path:
            held = getattr(held, name)
        if steps.order == "single":
            assert steps.steps == [held]
        else:
            assert steps.steps is held  # the list itself, so what is cached by the list stays found
    assert plan.all_steps() == [step for steps in plan.step_lists() for step in steps.steps]
    assert plan.warning.steps() == [step for steps in plan.step_lists() if steps.path[0] == "warning"
                                    for step in steps.steps]



def test_each_step_the_walk_places_is_found_at_its_path_in_the_plan():
    plan = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
    placed = [(path, step) for steps in plan.step_lists() for path, step in steps.placed()]
    for path, step in placed:
        held = plan
        for part in path:
            held = held[part] if isinstance(part, int) else getattr(held, part)
        assert held is step, path
    assert [step for _, step in placed] == plan.all_steps()


def test_every_step_of_a_plan_reads_in_the_log_as_the_kind_of_the_part_of_the_plan_its_list_sits_in():
    plan = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
    kinds = plan_kinds([plan])
    assert {steps.path[0] for steps in plan.step_lists()} == set(STEP_KINDS)
    for steps in plan.step_lists():
        assert {kinds[plan.id, step.id] for step in steps.steps} <= {STEP_KINDS[steps.path[0]]}
    assert {kinds[plan.id, step.id] for step in plan.termination.confirmations} == {"end"}
