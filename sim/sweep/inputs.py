"""Loading a template scenario with its area and plans, and a variant of one of them.

All checks happen here, in the parent, before any worker starts: the scenario and its
cross-references (:func:`sim.scenario.load_inputs`), the plan files that replace
shipped plans (:func:`sim.scenario.edited_plans`: each must replace one of the
scenario's plans, or a misspelt id would run the baseline silently and report "no
change"), and the template's own
names (:func:`sim.sweep.template.template_problems`). Every problem is an
:class:`~sim.errors.InputError` pointing at its file, line and column.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Problem
from ..plan import ResponsePlan
from ..loader import locate
from ..scenario import edited_plans, load_inputs, reference_problems
from .template import template_problems


def duty_ids(plans: dict) -> set[str]:
    ids: set[str] = set()
    for plan in plans.values():
        if isinstance(plan, ResponsePlan):
            ids.update(d.id for unit in plan.units for d in unit.duties)
            ids.update(d.id for d in plan.headquarters.duties)
    return ids


def _replacing(scenario, plans: dict, area, path, files) -> dict:
    """``plans`` with each file's plan in place of the plan of its id, checked against the scenario."""
    plans = {**plans, **edited_plans(scenario, files)}
    findings = reference_problems(scenario, plans, area) + template_problems(scenario.template, duty_ids(plans))
    if findings:
        raise locate(findings, path)
    return plans


def load_template(path: str | Path, plan_files=()) -> tuple:
    """``(scenario, plans, area)`` of a template scenario; ``plan_files`` replace plans by id."""
    scenario, plans, area = load_inputs(path)
    if scenario.template is None:
        raise InputError([Problem(str(path), 1, 1, "template",
                                  "not a template: add a `template:` section that says how to draw incidents "
                                  "(see plans/scenarios/random-blackout.yaml)")])
    return scenario, _replacing(scenario, plans, area, path, plan_files), area


def load_variant(path: str | Path, variant: str | Path, plan_files=()) -> tuple:
    """``(scenario, area, baseline plans, variant plans)``: the variant file replaces the
    plan of its id, and the template must still fit it (duties it names, resources)."""
    scenario, baseline, area = load_template(path, plan_files)
    return scenario, area, baseline, _replacing(scenario, baseline, area, path, [variant])
