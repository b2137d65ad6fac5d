"""The ``template:`` section of a scenario file: how to draw plausible incidents.

A scenario tells one story. A planner who moves a threshold wants to know what changes
over the incidents a county may plausibly meet, so a *template* scenario adds a section
that says how to draw them; the rest of the file (plans, area, horizon, resources,
restoration, the spread of work times) is shared by every drawn incident, and its
``injects`` are one representative incident so that the file still runs on its own.

One incident is drawn in this order (each step from the replication's own random
generator, see :mod:`sim.inputs.generator`):

1. the **cause**, by the causes' weights (the plan's risk sources, 3.1);
2. the **season**, by the cause's ``season_weights`` (default: the seasons' weights),
   then a month of the season and a day and hour in it;
3. the **weather** (or other natural hazard) by its weight in that season, among the
   weather the cause allows; it may bring a hazard with conditions, slow repairs and
   be forecast;
4. the **damage**: towns hit, substations and feeders out, damaged or only tripped, a
   repair-time multiplier; and load or supply changes (a peak, a lost transformer);
5. **fires**: a Poisson count whose mean grows in the fire period and in dry, windy
   weather; and other **secondary** conditions, each with its probability.

Every number is data with its ``source`` or ``assumption``; the code knows none of them.
Names the template uses (seasons in ``season_weights``, weather in a cause's
``weather``, the fire duty) are checked by :func:`template_problems`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..bounds import MAX_COUNT, MAX_FACTOR, MAX_HOURS, MAX_KV, MAX_SIGMA
from ..errors import echoed
from ..findings import Finding, named, unknown
from ..messages import Message
from ..plan.ban_notice import MonthDay
from ..plan.common import Cited, Id, StrictModel, Text

#: Relative weights compare with each other only; a bound keeps their sum a number.
MAX_WEIGHT = 1e9
Weight = Annotated[float, Field(ge=0, le=MAX_WEIGHT)]
#: Secondary fires expected in one incident at the most (mean × the largest factors):
#: each one is an inject the engine runs.
MAX_FIRES = 1_000
Probability = Annotated[float, Field(ge=0, le=1)]

_PARAMETERS = {
    "fixed": ("value",),
    "uniform": ("min", "max"),
    "triangular": ("min", "mode", "max"),
    "lognormal": ("median", "sigma"),
    "integers": ("min", "max"),
    "poisson": ("mean",),
}


class Draw(Cited):
    """A number drawn once per incident: ``fixed`` (value), ``uniform`` (min, max),
    ``triangular`` (min, mode, max), ``lognormal`` (median, sigma; optional ``max``
    caps it), ``integers`` (min … max, both included) or ``poisson`` (mean)."""

    dist: Literal["fixed", "uniform", "triangular", "lognormal", "integers", "poisson"]
    value: float | None = Field(default=None, ge=0, le=MAX_HOURS)
    min: float | None = Field(default=None, ge=0, le=MAX_HOURS)
    mode: float | None = Field(default=None, ge=0, le=MAX_HOURS)
    max: float | None = Field(default=None, ge=0, le=MAX_HOURS)
    median: float | None = Field(default=None, gt=0, le=MAX_HOURS)
    sigma: float | None = Field(default=None, ge=0, le=MAX_SIGMA)
    mean: float | None = Field(default=None, ge=0, le=MAX_FIRES)

    @model_validator(mode="after")
    def _parameters(self):
        needed = _PARAMETERS[self.dist]
        optional = ("max",) if self.dist == "lognormal" else ()
        given = {k for k in ("value", "min", "mode", "max", "median", "sigma", "mean") if getattr(self, k) is not None}
        missing = [k for k in needed if k not in given]
        if missing:
            raise ValueError(Message("model.draw_needs", dist=self.dist, what=", ".join(missing)))
        extra = sorted(given - set(needed) - set(optional))
        if extra:
            raise ValueError(Message("model.draw_takes_no", dist=self.dist, what=", ".join(extra)))
        if self.dist in ("uniform", "triangular", "integers"):
            mode = self.mode if self.mode is not None else self.min
            if not self.min <= mode <= self.max or (self.dist != "integers" and self.min == self.max):
                raise ValueError(Message("model.min_mode_max"))
        if self.dist == "integers" and not (float(self.min).is_integer() and float(self.max).is_integer()):
            raise ValueError(Message("model.integers_whole"))
        if self.dist == "lognormal" and self.max is not None and self.max < self.median:
            raise ValueError(Message("model.cap_below_median"))
        return self

    def sample(self, rng) -> float:
        """One draw from ``rng`` (a numpy Generator); always exactly one call on ``rng``."""
        dist = self.dist
        if dist == "fixed":
            rng.random()  # keep one call per draw, so a fixed number shifts no later draw
            return float(self.value)
        if dist == "uniform":
            return float(rng.uniform(self.min, self.max))
        if dist == "triangular":
            return float(rng.triangular(self.min, self.mode, self.max))
        if dist == "lognormal":
            value = self.median * math.exp(self.sigma * float(rng.standard_normal()))
            return min(value, self.max) if self.max is not None else value
        if dist == "integers":
            return float(rng.integers(int(self.min), int(self.max) + 1))
        return float(rng.poisson(self.mean))


class Season(Cited):
    """A season: its months and how often an incident falls in it (absent other weights)."""

    id: Id
    name: Text
    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(min_length=1)
    weight: Weight


class Forecast(Cited):
    """An outage announced in advance: with ``probability`` the forecast comes ``lead_h``
    before it, its metrics the outage's own times an ``error`` factor, valid until
    ``lead_h`` plus ``valid_extra_h``."""

    probability: Probability
    lead_h: Draw
    error: Draw
    valid_extra_h: float = Field(gt=0, le=MAX_HOURS)


class Weather(Cited):
    """The weather or other natural hazard when the outage begins.

    ``hazard_h`` makes it a hazard lasting that long (not cleared until it ends, 5.4 (3))
    with its ``conditions`` present meanwhile; ``repair_slowdown`` multiplies repair times
    while it lasts; ``fire_factor`` multiplies the mean number of fires.
    """

    id: Id
    name: Text
    season_weights: dict[Id, Weight] = Field(min_length=1)
    conditions: list[Id] = Field(default_factory=list)
    hazard_h: Draw | None = None
    repair_slowdown: float = Field(default=1.0, ge=1, le=MAX_FACTOR)
    forecast: Forecast | None = None
    fire_factor: float = Field(default=1.0, ge=0, le=MAX_FACTOR)


class Damage(Cited):
    """What goes out: ``towns`` hit (drawn uniformly from the area's towns and parks),
    ``substations`` out among the hit towns' stations up to ``max_kv``, each feeder of
    the hit towns out with probability ``feeder_share``; each element is damaged (a crew
    repairs it, ``severity`` times the usual time) with probability ``damaged``, else
    only tripped (switching brings it back)."""

    towns: Draw
    substations: Draw | None = None
    max_kv: float | None = Field(default=None, gt=0, le=MAX_KV)
    feeder_share: Draw | None = None
    damaged: Probability
    severity: Draw

    @model_validator(mode="after")
    def _something(self):
        if self.substations is None and self.feeder_share is None:
            raise ValueError(Message("model.damage_what"))
        return self


class Change(Cited):
    """Demand or upstream supply multiplied by ``factor`` for ``duration_h``."""

    factor: Draw
    duration_h: Draw


class Cause(Cited):
    """A risk source of the plan (3.1) and the incidents it brings.

    ``weather`` limits the weather it happens in (absent: any). ``forecast`` is the
    cause's own forecast (a load forecast), or ``weather`` to use the weather's.
    """

    id: Id
    name: Text
    weight: Weight
    season_weights: dict[Id, Weight] | None = Field(default=None, min_length=1)
    weather: list[Id] | None = Field(default=None, min_length=1)
    damage: Damage | None = None
    demand: Change | None = None
    supply: Change | None = None
    forecast: Forecast | Literal["weather"] | None = None
    fire_factor: float = Field(default=1.0, ge=0, le=MAX_FACTOR)

    @model_validator(mode="after")
    def _effect(self):
        if self.damage is None and self.demand is None and self.supply is None:
            raise ValueError(Message("model.cause_what"))
        return self


class FirePeriod(Cited):
    """The fire period (防火期) as month-days; a start after the end crosses the new year."""

    start: MonthDay
    end: MonthDay
    condition: Id = Field(description="The incident condition present when the incident starts in the period.")

    def contains(self, day: dt.date) -> bool:
        key = f"{day.month:02d}-{day.day:02d}"
        if self.start <= self.end:
            return self.start <= key <= self.end
        return key >= self.start or key <= self.end


class Fires(Cited):
    """Secondary fires: a Poisson count with mean ``mean`` × the weather's and the cause's
    ``fire_factor`` × ``period_factor`` in the fire period; each opens ``at_h`` after the
    outage, is a condition ``incident`` while open, and closes when ``cleared_by`` (a
    plan duty) has handled it or after ``duration_h``."""

    incident: Id
    mean: float = Field(ge=0, le=MAX_FIRES)
    period: FirePeriod
    period_factor: float = Field(ge=0, le=MAX_FACTOR)
    at_h: Draw
    duration_h: Draw
    cleared_by: Id | None = None
    text: Text


class Secondary(Cited):
    """Another secondary incident (a traffic jam at dead signals, an accident at a plant)
    that comes with ``probability`` (only with ``causes`` if listed), ``at_h`` after the
    outage; its ``incident`` kind and ``conditions`` are present while it is open, and it
    closes when ``cleared_by`` (a plan duty) has handled it or after ``duration_h``."""

    incident: Id
    probability: Probability
    causes: list[Id] | None = Field(default=None, min_length=1)
    at_h: Draw
    duration_h: Draw
    cleared_by: Id | None = None
    conditions: list[Id] = Field(default_factory=list)
    text: Text


class Rate(Cited):
    """How many incidents of the template's kind a year the county may expect."""

    value: float = Field(gt=0, le=MAX_COUNT)


class IncidentTemplate(StrictModel):
    """How to draw one plausible incident per replication (see the module docstring)."""

    text: Text
    incidents_per_year: Rate
    forecast_metrics: dict[Id, Id] = Field(
        default_factory=dict,
        description="Forecast metric → the grid metric it forecasts, e.g. forecast_load_shed_pct: load_shed_pct.",
    )
    seasons: list[Season] = Field(min_length=1)
    weather: list[Weather] = Field(min_length=1)
    causes: list[Cause] = Field(min_length=1)
    fires: Fires | None = None
    secondary: list[Secondary] = Field(default_factory=list)


def template_problems(template: IncidentTemplate, duties: set[str] | None = None) -> list[Finding]:
    """Names the template uses must exist, and every cause must be drawable; paths are
    inside the scenario file (``template.…``). ``duties`` are the plans' duty ids."""
    return list(_problems(template, duties))


def _duplicates(items, path: tuple) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            yield path + (i, "id"), Message("xref.duplicate_id", id=echoed(item.id))
        seen.add(item.id)


def _problems(template: IncidentTemplate, duties: set[str] | None) -> Iterator[Finding]:
    root = ("template",)
    yield from _duplicates(template.seasons, root + ("seasons",))
    yield from _duplicates(template.weather, root + ("weather",))
    yield from _duplicates(template.causes, root + ("causes",))
    seasons = {s.id: s for s in template.seasons}
    weather = {w.id: w for w in template.weather}
    months = [m for s in template.seasons for m in s.months]
    if len(months) != len(set(months)):
        yield root + ("seasons",), Message("xref.month_twice")
    if not any(s.weight > 0 for s in template.seasons):
        yield root + ("seasons",), Message("xref.seasons_weightless")
    if not any(c.weight > 0 for c in template.causes):
        yield root + ("causes",), Message("xref.causes_weightless")
    if template.fires is not None:
        fires = template.fires
        most = (fires.mean * max(w.fire_factor for w in template.weather) * max(c.fire_factor for c in template.causes)
                * max(fires.period_factor, 1.0))
        if most > MAX_FIRES:
            yield root + ("fires", "mean"), Message("xref.template_fires", most=f"{most:,.0f}", limit=f"{MAX_FIRES:,}")
    for i, item in enumerate(template.weather):
        for key in item.season_weights:
            if key not in seasons:
                yield root + ("weather", i, "season_weights", key), unknown("season", key, seasons)
    for i, cause in enumerate(template.causes):
        path = root + ("causes", i)
        for key in cause.season_weights or {}:
            if key not in seasons:
                yield path + ("season_weights", key), unknown("season", key, seasons)
        for j, wid in enumerate(cause.weather or []):
            if wid not in weather:
                yield path + ("weather", j), unknown("weather", wid, weather)
        if cause.weight == 0:
            continue
        allowed = [weather[w] for w in (cause.weather or weather) if w in weather]
        for season in template.seasons:
            season_weight = cause.season_weights.get(season.id, 0) if cause.season_weights else season.weight
            if season_weight > 0 and not any(w.season_weights.get(season.id, 0) > 0 for w in allowed):
                yield path + ("weather",), Message("xref.no_weather_in_season", season=named(season))
        if cause.season_weights is not None and not any(v > 0 for v in cause.season_weights.values()):
            yield path + ("season_weights",), Message("xref.seasons_weightless")
        if cause.forecast == "weather" and not any(w.forecast for w in allowed):
            yield path + ("forecast",), Message("xref.no_forecast_weather")
    causes = {c.id: c for c in template.causes}
    for i, item in enumerate(template.secondary):
        for j, cid in enumerate(item.causes or []):
            if cid not in causes:
                yield root + ("secondary", i, "causes", j), unknown("cause", cid, causes)
    if duties is None:
        return
    clearing = [(root + ("secondary", i, "cleared_by"), s.cleared_by) for i, s in enumerate(template.secondary)]
    if template.fires is not None:
        clearing.append((root + ("fires", "cleared_by"), template.fires.cleared_by))
    for path, duty in clearing:
        if duty is not None and duty not in duties:
            yield path, Message("xref.unknown_duty", value=echoed(duty))

