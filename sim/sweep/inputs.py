"""The duties of a set of plans: what a template's ``cleared_by`` may name."""

from __future__ import annotations

from ..plan import ResponsePlan


def duty_ids(plans) -> set[str]:
    ids: set[str] = set()
    for plan in plans.values():
        if isinstance(plan, ResponsePlan):
            ids.update(d.id for unit in plan.units for d in unit.duties)
            ids.update(d.id for d in plan.headquarters.duties)
    return ids
