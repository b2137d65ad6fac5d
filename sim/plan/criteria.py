"""Criteria: the conditions a severity level, a termination condition or a trigger tests.

A criterion is one of

* a **metric threshold** — ``{metric: load_shed_pct, min: 40, max: 60}``; whether the
  ends are included is the plan's :class:`~sim.plan.common.Bounds`;
* a **context test** — ``{context: grid_scope, in: [provincial, regional]}``, for
  categorical facts about the incident such as which grid it hit (national-style plans
  set different thresholds for regional, provincial, capital-city and county grids);
* ``{any_of: [...]}`` — alternatives (附件1: "减供负荷…或…供电用户停电");
* ``{all_of: [...]}`` — conditions that must hold together (5.4, or "grid scope is
  provincial **and** grid load ≥ 20 000 MW **and** load shed ≥ 13 %");
* ``{held: <criterion>, for_h: 0.5}`` — a condition that must have held without a
  break for a while ("持续 30 分钟以上").

A threshold or a test reads the area's own grid unless it names another by its scope
(``grid: capital_city``): an area may hold grids within grids (a provincial grid, the
capital city's inside it), and a plan knows them by the kinds of grid it grades, not
by an area's ids. ``any_of`` and ``all_of`` may name the grid for all they contain.
An area may hold several grids of one scope (two cities of a province): the part of a
criterion that names the scope then holds when it holds for one of them, all its figures
read from that same grid (a city's load bracket and that city's shed), so the incident is
graded on the worst grid that qualifies.

A metric that the incident does not report makes its threshold false, never an error:
classification must work on partial information, as a first report (初判) does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, Tag, model_validator

from ..bounds import PositiveHours
from ..messages import Message, with_unit
from .common import Assumption, Bounds, Id, Source, StrictModel, Text

Values = Mapping[str, Any]

#: The context that says which kind of grid a grid is (``provincial``, ``county``): an
#: area's grids state it, and a criterion names another grid by it.
GRID_SCOPE = "grid_scope"

#: The context a reporting hop's ``only_if`` may test besides the plan's own: the incident's
#: highest severity level so far (one of the plan's severity level ids).
SEVERITY = "severity"


def figure_key(name: str, grid: str | None) -> str:
    """The key under which a figure (or context) of a grid is found among an incident's values:
    the bare name for the area's own grid, ``name@scope`` for the grid of that scope, and
    ``name@scope:id`` for grid ``id`` when the area has several grids of that scope."""
    return name if grid is None else f"{name}@{grid}"


def grid_instance(scope: str, grid_id: str) -> str:
    """How one of several grids of a scope is named in figure keys (``other_city:tianshui``)."""
    return f"{scope}:{grid_id}"


def grids_of(scope: str) -> str:
    """The key of the value listing the grids of ``scope`` (as :func:`grid_instance` names
    them) when an incident has several; absent when it has one, read as ``name@scope``."""
    return f"grids_of:{scope}"


def range_text(low: float | None, high: float | None, bounds: Bounds | None, unit: str = "",
               language: str = "en") -> str:
    """A threshold's bounds as the plan's :class:`Bounds` read them, in signs every language
    reads alike: ``≥ 100`` for one bound, ``∈ [100, 180)`` for two (a bracket where the range
    takes the number itself, a parenthesis where it does not), so that no word of one language
    stands between the bounds of a line written in another, or in both. ``unit`` (in
    ``language``) follows each number as :func:`sim.messages.with_unit` joins them (``20000 MW``,
    ``< 0.5起``, ``< 0.5 incidents``). The one writing of a criterion's bounds, in every face."""
    bounds = bounds or Bounds.model_construct()  # a file with no criteria of its own reads them as the default
    def said(number: float) -> str:
        return with_unit(f"{number:g}", unit, language)
    if low is not None and high is not None:
        return (f"∈ {'[' if bounds.lower_inclusive else '('}{said(low)}, "
                f"{said(high)}{']' if bounds.upper_inclusive else ')'}")
    if low is not None:
        return f"{'≥' if bounds.lower_inclusive else '>'} {said(low)}"
    return f"{'≤' if bounds.upper_inclusive else '<'} {said(high)}"


class MetricThreshold(StrictModel):
    """A numeric metric within ``[min, max)`` (ends as the plan's bounds say)."""

    metric: Id
    min: float | None = None
    max: float | None = None
    grid: Id | None = Field(default=None, description="The scope of the grid it reads; omitted: the area's own grid.")
    source: Source | None = None
    assumption: Assumption | None = None

    @model_validator(mode="after")
    def _range(self):
        if self.min is None and self.max is None:
            raise ValueError(Message("model.threshold_bounds"))
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError(Message("model.threshold_inverted", min=f"{self.min:g}", max=f"{self.max:g}"))
        return self

    def holds(self, values: Values, bounds: Bounds, grid: str | None = None) -> bool:
        """The plain reading of the threshold (the engine runs a compiled equivalent,
        :func:`sim.severity.compile_criterion`)."""
        value = values.get(figure_key(self.metric, self.grid or grid))
        if value is None or isinstance(value, str):
            return False
        value = float(value)
        if self.min is not None and (value < self.min or (value == self.min and not bounds.lower_inclusive)):
            return False
        if self.max is not None and (value > self.max or (value == self.max and not bounds.upper_inclusive)):
            return False
        return True

    def metrics(self) -> set[str]:
        return {self.metric}


class ContextTest(StrictModel):
    """A categorical fact of the incident (e.g. ``grid_scope``) is one of ``in``."""

    context: Id
    in_: list[Id] = Field(alias="in", min_length=1)
    grid: Id | None = Field(default=None, description="The scope of the grid it reads; omitted: the area's own grid.")
    source: Source | None = None
    assumption: Assumption | None = None

    model_config = StrictModel.model_config | {"populate_by_name": True}

    def holds(self, values: Values, bounds: Bounds, grid: str | None = None) -> bool:
        return values.get(figure_key(self.context, self.grid or grid)) in self.in_

    def metrics(self) -> set[str]:
        return set()


class AnyOf(StrictModel):
    """At least one of the listed criteria holds."""

    any_of: list[Criterion] = Field(min_length=1)
    grid: Id | None = Field(default=None, description="The grid (by scope) its parts read unless they name one.")
    note: Text | None = Field(default=None, description=(
        "How the plan's words are read as these criteria, as {zh, en}: shown beside them."))

    def holds(self, values: Values, bounds: Bounds, grid: str | None = None) -> bool:
        return any(c.holds(values, bounds, self.grid or grid) for c in self.any_of)

    def metrics(self) -> set[str]:
        return set().union(*(c.metrics() for c in self.any_of))


class AllOf(StrictModel):
    """Every listed criterion holds."""

    all_of: list[Criterion] = Field(min_length=1)
    grid: Id | None = Field(default=None, description="The grid (by scope) its parts read unless they name one.")
    note: Text | None = Field(default=None, description=(
        "How the plan's words are read as these criteria, as {zh, en}: shown beside them."))

    def holds(self, values: Values, bounds: Bounds, grid: str | None = None) -> bool:
        return all(c.holds(values, bounds, self.grid or grid) for c in self.all_of)

    def metrics(self) -> set[str]:
        return set().union(*(c.metrics() for c in self.all_of))


class Held(StrictModel):
    """A condition that must have held, without a break, for ``for_h`` hours (持续…以上)."""

    held: Criterion
    for_h: PositiveHours = Field(description="Hours the condition must have held.")
    source: Source | None = None
    assumption: Assumption | None = None

    def holds(self, values: Values, bounds: Bounds, grid: str | None = None) -> bool:
        lasted = values.get(self.key())
        if lasted is None:
            lasted = values.get(HELD_H)
        return self.held.holds(values, bounds, grid) and lasted is not None and lasted >= self.for_h

    def metrics(self) -> set[str]:
        return self.held.metrics()

    def key(self) -> str:
        """The value that says how long the condition has held, in hours.

        The engine sets it for each such condition of a run; a person classifying by hand
        gives one duration for all (``held_h``). It is named after the condition's content,
        so that the same condition in two places shares one clock.
        """
        content = self.held.model_dump_json(by_alias=True, exclude_none=True)
        return "held_h:" + hashlib.sha256(f"{content}|{self.for_h!r}".encode()).hexdigest()[:12]


#: The value a person classifying by hand gives for every held condition at once.
HELD_H = "held_h"


def children(criterion) -> list:
    """The criteria directly inside a criterion (none for a threshold or a test)."""
    if isinstance(criterion, AnyOf):
        return list(criterion.any_of)
    if isinstance(criterion, AllOf):
        return list(criterion.all_of)
    if isinstance(criterion, Held):
        return [criterion.held]
    return []


def child_key(criterion) -> str | None:
    """The key under which a criterion holds its children, as paths name them."""
    return {AnyOf: "any_of", AllOf: "all_of", Held: "held"}.get(type(criterion))


def walk(criterion, path: tuple = (), grid: str | None = None):
    """Every criterion inside ``criterion`` (itself first) with its path and the grid it reads."""
    grid = getattr(criterion, "grid", None) or grid
    yield path, criterion, grid
    key = child_key(criterion)
    if key == "held":
        yield from walk(criterion.held, path + ("held",), grid)
    elif key is not None:
        for i, child in enumerate(children(criterion)):
            yield from walk(child, path + (key, i), grid)


def inputs(criterion) -> set[str]:
    """The keys of the values a criterion reads: its figures and contexts (``name@scope`` for
    another grid's) and the durations of its held-for conditions."""
    found: set[str] = set()
    for _, part, grid in walk(criterion):
        if isinstance(part, MetricThreshold):
            found.add(figure_key(part.metric, grid))
        elif isinstance(part, ContextTest):
            found.add(figure_key(part.context, grid))
        elif isinstance(part, Held):
            found.add(part.key())
    return found


def kind_of(data: Any) -> str:
    """Pick the criterion model by its distinctive key, so errors name one model only: the key
    (``any_of``, ``all_of``, ``held``, ``context``, else ``metric``) under which a criterion is
    read, typed YAML or a model alike, so a walk of a plan's text before it loads (the What-if
    form's) reads each part as the loader will."""
    if isinstance(data, Mapping):
        return next((key for key in ("any_of", "all_of", "held", "context") if key in data), "metric")
    return {AnyOf: "any_of", AllOf: "all_of", Held: "held", ContextTest: "context"}.get(type(data), "metric")


Criterion = Annotated[
    Union[
        Annotated[MetricThreshold, Tag("metric")],
        Annotated[ContextTest, Tag("context")],
        Annotated[AnyOf, Tag("any_of")],
        Annotated[AllOf, Tag("all_of")],
        Annotated[Held, Tag("held")],
    ],
    Discriminator(kind_of),
]

AnyOf.model_rebuild()
AllOf.model_rebuild()
Held.model_rebuild()

__all__ = ["GRID_SCOPE", "AllOf", "AnyOf", "ContextTest", "Criterion", "HELD_H", "Held", "MetricThreshold", "children",
           "figure_key", "inputs", "kind_of", "walk"]
