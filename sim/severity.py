"""Severity classification: which level an incident's figures meet, and on what grounds.

A plan lists its severity levels most severe first; the first level whose criteria hold
wins, and the response level that names it starts. The answer carries the clauses that
decided it — the level's own source and the source of every threshold or context test
that held — so a planner can check a classification against the text.

The engine classifies after every change of an incident's metrics, so criteria are
compiled once per plan into plain closures over floats and tuples: a call walks no
pydantic model and creates none.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .memo import cached
from .messages import Message
from .plan import ResponsePlan
from .plan.common import Bounds, Source
from .plan.criteria import HELD_H, AllOf, AnyOf, ContextTest, MetricThreshold, figure_key, grids_of
from .plan.criteria import Held as HeldFor
from .plan.response_plan import Metric

#: The leaves of a criterion that held, or ``None`` when the criterion does not hold.
Held = tuple["Leaf", ...] | None


@dataclass(frozen=True, slots=True)
class Leaf:
    """A threshold or context test as compiled: what it tests and where it comes from (its
    clause and quote, or the assumption it rests on)."""

    key: str
    min: float | None = None
    max: float | None = None
    allowed: tuple[str, ...] = ()
    source: Source | None = None
    assumption: Any = None  # {zh, en} (a model) or None

    @property
    def is_context(self) -> bool:
        return bool(self.allowed)


@dataclass(frozen=True, slots=True)
class Classification:
    """The level an incident meets: ids (``None`` below every level) and the grounds."""

    severity: str | None
    response_level: str | None
    #: Position of the severity level in the plan, 0 the most severe; ``None`` when none is met.
    rank: int | None
    #: The level's source, then the sources of the leaves that held, then the response level's.
    sources: tuple[Source, ...]
    #: The thresholds and context tests that held.
    matched: tuple[Leaf, ...]


#: The values a figure of a unit can take when its plan states no ``range``: a share is
#: 0–100, a yes/no fact 0–1, a count never below 0 — what the unit means, in every plan.
#: Any other unit says nothing of the quantity (a power flow in MW may run either way): the
#: plan's ``range`` says it (a load ``{min: 0}``).
UNIT_RANGES = {"%": (0.0, 100.0), "bool": (0.0, 1.0), "count": (0.0, math.inf)}


def metric_range(metric: Metric) -> tuple[float, float]:
    """The values a metric can take (both ends included): its plan's ``range``, a side it
    leaves out as its unit allows (:data:`UNIT_RANGES`, else any number)."""
    low, high = UNIT_RANGES.get(metric.unit, (-math.inf, math.inf))
    stated = metric.range_
    if stated is None:
        return low, high
    return (low if stated.min is None else stated.min), (high if stated.max is None else stated.max)


def range_words(metric: Metric) -> Message:
    """The values ``metric`` can take as a refusal of a value outside them says them:
    ``在 [0, 100] 之内`` / ``lie in [0, 100]``, ``不小于 0`` / ``be 0 or more``, ``不大于 50`` /
    ``be 50 or less`` — one wording for classify and for a scenario's figures."""
    low, high = metric_range(metric)
    if math.isfinite(low) and math.isfinite(high):
        return Message("figure.range_within", low=f"{low:g}", high=f"{high:g}")
    if math.isfinite(low):
        return Message("figure.range_at_least", low=f"{low:g}")
    return Message("figure.range_at_most", high=f"{high:g}")


def compile_criterion(criterion, bounds: Bounds, grid: str | None = None,
                      bound: Mapping[str, str] | None = None) -> Callable[[Mapping[str, Any]], Held]:
    """Turn a criterion into a function of the values returning the leaves that held.

    A missing or non-numeric metric, and NaN, make a threshold false: classification
    works on partial reports. ``grid`` is the grid (by scope) the criterion reads unless
    it names one itself; a held-for condition holds once its duration, the value named
    by :meth:`~sim.plan.criteria.Held.key` (or ``held_h``), reaches ``for_h``.

    The part that names a scope holds when it holds for one grid of that scope (the
    values list them under :func:`~sim.plan.criteria.grids_of` when there are several);
    ``bound`` maps the scopes an enclosing part already chose a grid of to that grid, so
    every figure inside reads the same grid.
    """
    own = getattr(criterion, "grid", None)
    bound = bound or {}
    if own is not None and own not in bound:
        return _each_grid(criterion, bounds, own, bound)
    scope = own or grid
    if isinstance(criterion, MetricThreshold):
        return _threshold(criterion, bounds, bound.get(scope, scope))
    if isinstance(criterion, ContextTest):
        key, allowed = figure_key(criterion.context, bound.get(scope, scope)), frozenset(criterion.in_)
        leaf = (Leaf(key, allowed=tuple(criterion.in_), source=criterion.source, assumption=criterion.assumption),)

        def context(values: Mapping[str, Any]) -> Held:
            return leaf if values.get(key) in allowed else None

        return context
    if isinstance(criterion, HeldFor):
        inner, key, hours = compile_criterion(criterion.held, bounds, scope, bound), criterion.key(), criterion.for_h

        def held(values: Mapping[str, Any]) -> Held:
            found = inner(values)
            if found is None:
                return None
            lasted = values.get(key)
            if lasted is None:
                lasted = values.get(HELD_H)
            return found if lasted is not None and lasted >= hours else None

        return held
    if isinstance(criterion, AnyOf):
        parts = tuple(compile_criterion(c, bounds, scope, bound) for c in criterion.any_of)

        def any_of(values: Mapping[str, Any]) -> Held:
            held: Held = None
            for part in parts:
                found = part(values)
                if found is not None:
                    held = found if held is None else held + found
            return held

        return any_of
    if isinstance(criterion, AllOf):
        parts = tuple(compile_criterion(c, bounds, scope, bound) for c in criterion.all_of)

        def all_of(values: Mapping[str, Any]) -> Held:
            held: tuple[Leaf, ...] = ()
            for part in parts:
                found = part(values)
                if found is None:
                    return None
                held += found
            return held

        return all_of
    raise TypeError(f"not a criterion: {type(criterion).__name__}")


def _each_grid(criterion, bounds: Bounds, scope: str, bound: Mapping[str, str]) -> Callable[[Mapping[str, Any]], Held]:
    """A criterion naming ``scope``, tested on each grid of that scope the values list (the
    leaves of every grid it holds for), or on the one grid ``name@scope`` when none are listed."""
    single = compile_criterion(criterion, bounds, scope, {**bound, scope: scope})
    listed = grids_of(scope)
    each: dict[str, Callable] = {}  # grid -> the criterion compiled for it, as grids are met

    def any_grid(values: Mapping[str, Any]) -> Held:
        grids = values.get(listed)
        if grids is None:
            return single(values)
        held: Held = None
        for name in grids:
            test = each.get(name)
            if test is None:
                test = each[name] = compile_criterion(criterion, bounds, scope, {**bound, scope: name})
            found = test(values)
            if found is not None:
                held = found if held is None else held + found
        return held

    return any_grid


def _threshold(criterion: MetricThreshold, bounds: Bounds, grid: str | None) -> Callable[[Mapping[str, Any]], Held]:
    key = figure_key(criterion.metric, grid)
    low = -math.inf if criterion.min is None else criterion.min
    high = math.inf if criterion.max is None else criterion.max
    leaf = (Leaf(key, criterion.min, criterion.max, source=criterion.source, assumption=criterion.assumption),)
    low_in, high_in = bounds.lower_inclusive, bounds.upper_inclusive

    # Comparisons are written so that NaN fails every one of them.
    if low_in and not high_in:
        def test(v) -> bool:
            return low <= v < high
    elif low_in and high_in:
        def test(v) -> bool:
            return low <= v <= high
    elif high_in:
        def test(v) -> bool:
            return low < v <= high
    else:
        def test(v) -> bool:
            return low < v < high

    def threshold(values: Mapping[str, Any]) -> Held:
        value = values.get(key)
        if value is None or isinstance(value, str):
            return None
        return leaf if test(value) else None

    return threshold


class _Compiled:
    """A plan's severity levels as closures, with what a classification reports about each."""

    __slots__ = ("levels",)

    def __init__(self, plan: ResponsePlan):
        response = {}
        for level in plan.response_levels:
            response.setdefault(level.severity, level)
        self.levels = []
        for rank, level in enumerate(plan.severity_levels):
            start = response.get(level.id)
            self.levels.append((
                level.id,
                compile_criterion(level.criteria, plan.bounds),
                start.id if start else None,
                rank,
                level.source,
                start.source if start else None,
            ))


def undecided(plan: ResponsePlan, values: Mapping[str, Any]) -> dict[str, list[str]]:
    """The figures missing from ``values`` that could change :func:`classify`'s answer.

    :func:`classify` reads a missing figure as a threshold not met, which the engine
    needs for partial first reports; a person classifying by hand needs the opposite:
    to be told which figure is missing before "below every level" is believed. Each
    criterion is read three-valued (met, not met, open); a level that is open while
    no more severe level is met could be the answer. Returns each missing metric or
    context id with the levels it could decide, in plan order; empty when the answer
    stands whatever the missing figures are.
    """
    missing: dict[str, list[str]] = {}
    for level in plan.severity_levels:
        state, keys = _known(level.criteria, values, plan.bounds)
        if state is True:
            break
        for key in sorted(keys):
            missing.setdefault(key, []).append(level.id)
    return missing


def discretion_holds(plan: ResponsePlan, values: Mapping[str, Any]) -> tuple[bool | None, list[str]]:
    """Whether ``values`` meet the criteria of the plan's discretion (a response a named unit
    *may* start below every level, e.g. 5.1 ¶2 可…启动): True, False, or None with the missing
    figures that decide it. Meeting them is no response: it puts the choice to that unit.
    A discretion without criteria holds for any incident below the levels."""
    criteria = plan.discretion.criteria if plan.discretion is not None else None
    if criteria is None:
        return plan.discretion is not None, []
    state, keys = _known(criteria, values, plan.bounds)
    return state, sorted(keys)


def _known(criterion, values: Mapping[str, Any], bounds: Bounds, grid: str | None = None,
           bound: Mapping[str, str] | None = None) -> tuple[bool | None, frozenset[str]]:
    """Whether a criterion holds — ``None`` when it depends on missing figures, with their ids.
    ``grid`` and ``bound`` are as :func:`compile_criterion` takes them."""
    own = getattr(criterion, "grid", None)
    bound = bound or {}
    if own is not None and own not in bound:  # met on one grid of the scope decides; else open if one is
        grids = values.get(grids_of(own)) or (own,)
        missing: set[str] = set()
        for name in grids:
            state, keys = _known(criterion, values, bounds, own, {**bound, own: name})
            if state is True:
                return True, frozenset()
            missing |= keys
        return (None, frozenset(missing)) if missing else (False, frozenset())
    scope = own or grid
    if isinstance(criterion, (MetricThreshold, ContextTest)):
        name = criterion.metric if isinstance(criterion, MetricThreshold) else criterion.context
        key = figure_key(name, bound.get(scope, scope))
        if values.get(key) is None:
            return None, frozenset({key})
        return compile_criterion(criterion, bounds, scope, bound)(values) is not None, frozenset()
    if isinstance(criterion, HeldFor):
        state, keys = _known(criterion.held, values, bounds, scope, bound)
        if state is not True:
            return state, keys
        if values.get(criterion.key()) is None and values.get(HELD_H) is None:
            return None, frozenset({HELD_H})
        return compile_criterion(criterion, bounds, scope, bound)(values) is not None, frozenset()
    decisive = isinstance(criterion, AnyOf)  # one child met decides any_of; one not met decides all_of
    missing = set()
    for child in criterion.any_of if decisive else criterion.all_of:
        state, keys = _known(child, values, bounds, scope, bound)
        if state is decisive:
            return decisive, frozenset()
        missing |= keys
    return (None, frozenset(missing)) if missing else (not decisive, frozenset())


def classify(plan: ResponsePlan, values: Mapping[str, Any]) -> Classification:
    """Classify an incident: ``values`` maps metric ids to numbers and contexts to ids."""
    for severity, test, response, rank, level_source, response_source in cached(plan, _Compiled).levels:
        held = test(values)
        if held is None:
            continue
        sources: list[Source] = [level_source] if level_source is not None else []
        for leaf in held:  # by identity: equal-looking sources of two leaves are both kept
            if leaf.source is not None and all(leaf.source is not s for s in sources):
                sources.append(leaf.source)
        if response_source is not None:
            sources.append(response_source)
        return Classification(severity, response, rank, tuple(sources), held)
    return Classification(None, None, None, (), ())
