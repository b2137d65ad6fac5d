"""A compiled plan answers as the plan's models do: classification kept by the values it reads.

The engine classifies after every change and remembers each answer by the metrics and
contexts the severity criteria read; an answer taken from that table must be the one
the criteria give, whatever else the values hold.
"""

from __future__ import annotations

import itertools

from engine_fixtures import shipped

from sim.engine.rules import compiled
from sim.plan import ResponsePlan
from sim.severity import classify


def test_a_remembered_classification_is_the_plans_own():
    _, plans, _ = shipped("winter-ice-storm")
    plan = next(p for p in plans.values() if isinstance(p, ResponsePlan))
    compiled_plan = compiled(plan)
    grid_scopes = [None, "county", "town", "unknown"]
    shares = [0.0, 5.0, 10.0, 20.0, 30.0, 40.0, 60.0, 100.0]
    seen = set()
    for scope, shed, out, noise in itertools.product(grid_scopes, shares, shares, (0.0, 1.0)):
        values = {"load_shed_pct": shed, "customers_out_pct": out, "grid_scope": scope,
                  "key_users_dark": noise, "unrelated": noise}
        expected = classify(plan, values).severity
        seen.add(expected)
        assert compiled_plan.classify(values) == expected, values
        assert compiled_plan.classify(dict(values)) == expected, values  # the remembered answer
    assert None in seen and len(seen) == len(plan.severity_levels) + 1  # every level and none


def test_the_headquarters_duties_are_the_headquarters_units_or_else_its_offices():
    """附件2 二: the headquarters' own duties; a drill's headquarters player carries them out."""
    _, plans, _ = shipped("winter-ice-storm")
    plan = next(p for p in plans.values() if isinstance(p, ResponsePlan))
    hq_duties = {d.id for d in plan.headquarters.duties}
    owners = {spec.unit for spec in compiled(plan).duties if spec.duty.id in hq_duties}
    assert plan.headquarters.unit == "headquarters" and owners == {"headquarters"}
    data = plan.model_dump(by_alias=True, exclude_none=True)
    del data["headquarters"]["unit"]
    bare = ResponsePlan.model_validate(data)
    owners = {spec.unit for spec in compiled(bare).duties if spec.duty.id in hq_duties}
    assert owners == {plan.headquarters.office_unit}
