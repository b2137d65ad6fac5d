"""Criteria: the conditions a severity level, a termination condition or a trigger tests.

A criterion is one of

* a **metric threshold** — ``{metric: load_shed_pct, min: 40, max: 60}``; whether the
  ends are included is the plan's :class:`~sim.plan.common.Bounds`;
* a **context test** — ``{context: grid_scope, in: [provincial, regional]}``, for
  categorical facts about the incident such as which grid it hit (national-style plans
  set different thresholds for regional, provincial, capital-city and county grids);
* ``{any_of: [...]}`` — alternatives (附件1: "减供负荷…或…供电用户停电");
* ``{all_of: [...]}`` — conditions that must hold together (5.4, or "grid scope is
  provincial **and** grid load ≥ 20 000 MW **and** load shed ≥ 13 %").

A metric that the incident does not report makes its threshold false, never an error:
classification must work on partial information, as a first report (初判) does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, Tag, model_validator

from .common import Assumption, Bounds, Id, NonEmpty, Source, StrictModel

Values = Mapping[str, Any]


class MetricThreshold(StrictModel):
    """A numeric metric within ``[min, max)`` (ends as the plan's bounds say)."""

    metric: Id
    min: float | None = None
    max: float | None = None
    source: Source | None = None
    assumption: Assumption | None = Field(
        default=None, description="Why the number was chosen where the document states none."
    )

    @model_validator(mode="after")
    def _range(self):
        if self.min is None and self.max is None:
            raise ValueError("a threshold needs `min`, `max` or both")
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError(f"inverted range: min ({self.min:g}) must be below max ({self.max:g})")
        return self

    def holds(self, values: Values, bounds: Bounds) -> bool:
        value = values.get(self.metric)
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
    source: Source | None = None

    model_config = StrictModel.model_config | {"populate_by_name": True}

    def holds(self, values: Values, bounds: Bounds) -> bool:
        return values.get(self.context) in self.in_

    def metrics(self) -> set[str]:
        return set()


class AnyOf(StrictModel):
    """At least one of the listed criteria holds."""

    any_of: list[Criterion] = Field(min_length=1)
    note: NonEmpty | None = None

    def holds(self, values: Values, bounds: Bounds) -> bool:
        return any(c.holds(values, bounds) for c in self.any_of)

    def metrics(self) -> set[str]:
        return set().union(*(c.metrics() for c in self.any_of))


class AllOf(StrictModel):
    """Every listed criterion holds."""

    all_of: list[Criterion] = Field(min_length=1)
    note: NonEmpty | None = None

    def holds(self, values: Values, bounds: Bounds) -> bool:
        return all(c.holds(values, bounds) for c in self.all_of)

    def metrics(self) -> set[str]:
        return set().union(*(c.metrics() for c in self.all_of))


def _criterion_kind(data: Any) -> str:
    """Pick the criterion model by its distinctive key, so errors name one model only."""
    if isinstance(data, Mapping):
        return next((key for key in ("any_of", "all_of", "context") if key in data), "metric")
    return {AnyOf: "any_of", AllOf: "all_of", ContextTest: "context"}.get(type(data), "metric")


Criterion = Annotated[
    Union[
        Annotated[MetricThreshold, Tag("metric")],
        Annotated[ContextTest, Tag("context")],
        Annotated[AnyOf, Tag("any_of")],
        Annotated[AllOf, Tag("all_of")],
    ],
    Discriminator(_criterion_kind),
]

AnyOf.model_rebuild()
AllOf.model_rebuild()

__all__ = ["AllOf", "AnyOf", "ContextTest", "Criterion", "MetricThreshold"]
