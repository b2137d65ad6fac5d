"""The scenario model: an incident to run through one or more plans.

A scenario file (``plans/scenarios/<id>.yaml``) names the plans it runs under, the area
model, a start date-time and a horizon, and then tells the story as **injects** — timed
events the exercise director feeds in:

* ``forecast`` — a forecast (weather, load) with the metrics the plan's warning trigger
  tests; if nothing happens within ``valid_h`` the warning is lifted;
* ``hazard`` — weather or another ongoing cause (ice storm, heat wave); while it lasts
  the hazard is not cleared (5.4 (3)) and its ``conditions`` are present;
* ``fault`` — equipment out of service: listed substations and feeders, and optionally
  a random share of some feeders (the damage stream decides which); ``damaged: false``
  means tripped but intact, re-energised by switching without a crew;
* ``incident`` — a secondary incident (a fire, a traffic jam): its kind (and any further
  ``conditions``) are present while it is open, it may damage equipment (which cannot be repaired while it is open)
  and it closes when a plan duty handles it (``cleared_by``) or after ``duration_h``;
* ``condition`` — any incident condition for a while (a public-opinion surge);
* ``demand`` / ``supply`` — demand or upstream capacity scaled for a while (a summer peak,
  a transformer trip); the dispatcher sheds load in reverse restoration priority;
* ``generation`` — power plants of the area trip (非计划停运) for a while: their capacity
  is lost to the grid (the dispatcher sheds what no longer fits) and counts as tripped;
* ``figure`` — a figure or fact the plans read from the scenario set to a value (an
  important power plant blacks out: ``important_plant_dark = 1``), from then on;
* ``message`` — a message to the players and nothing more (a journalist calls, residents
  complain): a drill delivers it to the units in ``to``; the incident runs on unchanged.

The rest are the numbers the plans leave open: how many of each plan resource there are
(repair crews, generators, …), the random work and repair times, and the incident's
conditions (``heating_season`` comes from the date and the area's heating season unless
set here). Cross-references to the area and the plans are checked by
:func:`reference_problems` once all three are loaded.

A ``fire_ban`` section (:mod:`sim.inputs.fire_ban`) tells a story of another kind: people
attempting outdoor fire under the ban notices, patrols, fires and crews; a fire that
reaches a power-line corridor opens a secondary incident for the response plans. A
scenario tells its story by injects, by a ``fire_ban`` section or by both.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterator, Mapping
from statistics import NormalDist
from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from ..bounds import (EARLIEST_MOMENT, LATEST_MOMENT, MAX_FACTOR, MAX_HOURS, MAX_SIGMA, Count)
from ..errors import echoed
from ..findings import IN_AREA, Finding, choices, ids, label, named, repeated, unknown
from ..messages import Message
from ..plan import ResponsePlan
from ..plan.response_plan import Metric
from ..plan.common import Cited, Id, StrictModel, Text
from ..plan.criteria import GRID_SCOPE, ContextTest, Held, MetricThreshold, walk
from ..plan.figures import AREA_FIGURES, FIGURES
from ..severity import metric_range, range_words
from .fire_ban import FireBan
from .fire_ban_references import reference_problems as fire_ban_problems
from .workload import workload_problems
from .template import IncidentTemplate




class Distribution(Cited):
    """A random duration in hours: ``fixed`` (value), ``lognormal`` (median, sigma),
    ``triangular`` (min, mode, max) or ``uniform`` (min, max)."""

    dist: Literal["fixed", "lognormal", "triangular", "uniform"]
    value: float | None = Field(default=None, gt=0, le=MAX_HOURS)
    median: float | None = Field(default=None, gt=0, le=MAX_HOURS)
    sigma: float | None = Field(default=None, ge=0, le=MAX_SIGMA)
    min: float | None = Field(default=None, ge=0, le=MAX_HOURS)
    mode: float | None = Field(default=None, ge=0, le=MAX_HOURS)
    max: float | None = Field(default=None, gt=0, le=MAX_HOURS)

    @model_validator(mode="after")
    def _parameters(self):
        needed = {
            "fixed": ("value",),
            "lognormal": ("median", "sigma"),
            "triangular": ("min", "mode", "max"),
            "uniform": ("min", "max"),
        }[self.dist]
        given = {k for k in ("value", "median", "sigma", "min", "mode", "max") if getattr(self, k) is not None}
        missing = [k for k in needed if k not in given]
        if missing:
            raise ValueError(Message("model.distribution_needs", dist=self.dist, what=", ".join(missing)))
        extra = sorted(given - set(needed))
        if extra:
            raise ValueError(Message("model.distribution_takes_no", dist=self.dist, what=", ".join(extra)))
        if self.dist in ("triangular", "uniform"):
            mode = self.mode if self.mode is not None else self.min
            if not self.min <= mode <= self.max or self.min == self.max:
                raise ValueError(Message("model.min_mode_max"))
        return self

    def quantile(self, u: float) -> float:
        """The duration at probability ``u`` in (0, 1): one uniform draw gives one sample."""
        if self.dist == "fixed":
            return self.value
        if self.dist == "lognormal":
            return self.median * math.exp(self.sigma * _normal_quantile(u))
        if self.dist == "uniform":
            return self.min + u * (self.max - self.min)
        lo, mode, hi = self.min, self.mode, self.max
        cut = (mode - lo) / (hi - lo)
        if u < cut:
            return lo + math.sqrt(u * (hi - lo) * (mode - lo))
        return hi - math.sqrt((1 - u) * (hi - lo) * (hi - mode))


def _normal_quantile(u: float) -> float:
    return NormalDist().inv_cdf(min(max(u, 1e-12), 1 - 1e-12))


class RepairTimes(StrictModel):
    """Crew hours to repair one damaged substation or feeder."""

    substation: Distribution
    feeder: Distribution


class Restoration(Cited):
    """How the power company restores supply: which plan resource the crews are, how long
    repairs and switching take, and how much a hazard still raging slows the crews."""

    resource: Id = Field(description="The plan resource that repair crews are (its count is under `resources`).")
    duty: Id | None = Field(
        default=None, description="The plan duty the repairs carry out; spans are named after it, and repairs, "
        "switching and load shedding cite the clause of its measure (or its own)."
    )
    backup_measure: Id | None = Field(
        default=None, description="The plan measure under which key users run their own backup power; starting "
        "it and running out of fuel cite its clause."
    )
    supply_duty: Id | None = Field(
        default=None, description="The plan duty whose resource units (mobile generators) each power one key user "
        "without grid power while it works: users with no power at all first, then those burning their own fuel, "
        "the one whose fuel runs out soonest first, ties in the area's priority order and then the area file's order; "
        "a powered user spares its own fuel. The duty takes the generators that are free, up to its amount, and a "
        "generator whose user gets the grid back goes at once to the next user waiting."
    )
    repair_h: RepairTimes
    switching_h: float = Field(ge=0, le=MAX_HOURS, description="Hours to re-energise an intact element by switching.")
    hazard_factor: float = Field(default=1.0, ge=1, le=MAX_FACTOR, description="Repair times are multiplied by this while a hazard lasts.")


class Stochastic(Cited):
    """Spread of the plan's own durations: each task's and each report hop's hours are
    multiplied by a lognormal factor with median 1 and these sigmas (0: as written)."""

    work_time_sigma: float = Field(default=0.0, ge=0, le=2)
    report_delay_sigma: float = Field(default=0.0, ge=0, le=2)


class InjectBase(StrictModel):
    id: Id
    at_h: float = Field(ge=0, le=MAX_HOURS, description="Hours after the scenario start.")
    text: Text


class Forecast(InjectBase):
    """A forecast whose metrics the plans' warning triggers test."""

    kind: Literal["forecast"]
    metrics: dict[Id, float | Id] = Field(min_length=1)
    valid_h: float = Field(gt=0, le=MAX_HOURS, description="If no outage begins within this window, the warning is lifted; "
                         "under a plan with an onset, once it has passed and no incident is under way.")


class Hazard(InjectBase):
    """Weather or another ongoing cause; not cleared (5.4 (3)) until it ends."""

    kind: Literal["hazard"]
    duration_h: float = Field(gt=0, le=MAX_HOURS)
    conditions: list[Id] = Field(default_factory=list)


class RandomDamage(StrictModel):
    """Each listed feeder is damaged with ``probability`` (drawn from the damage stream)."""

    feeders: list[Id] = Field(min_length=1)
    probability: float = Field(gt=0, le=1)


class Fault(InjectBase):
    """Substations and feeders taken out of service; ``severity`` scales their repair time."""

    kind: Literal["fault"]
    substations: list[Id] = Field(default_factory=list)
    feeders: list[Id] = Field(default_factory=list)
    random: RandomDamage | None = None
    damaged: bool = True
    severity: float = Field(default=1.0, gt=0, le=MAX_FACTOR)

    @model_validator(mode="after")
    def _something(self):
        if not (self.substations or self.feeders or self.random):
            raise ValueError(Message("model.fault_what"))
        return self


class Incident(InjectBase):
    """A secondary incident; its ``incident`` kind (e.g. ``fire``) is a condition while it is open."""

    kind: Literal["incident"]
    incident: Id
    conditions: list[Id] = Field(
        default_factory=list, description="Further conditions present while it is open (e.g. production_accident)."
    )
    damages: list[Id] = Field(default_factory=list, description="Substations or feeders it puts out of service.")
    severity: float = Field(default=1.0, gt=0, le=MAX_FACTOR)
    cleared_by: Id | None = Field(default=None, description="The plan duty whose work closes it.")
    duration_h: float | None = Field(default=None, gt=0, le=MAX_HOURS, description="It closes by itself after this long.")

    @model_validator(mode="after")
    def _closes(self):
        if self.cleared_by is None and self.duration_h is None:
            raise ValueError(Message("model.incident_end"))
        return self


class ConditionInject(InjectBase):
    """An incident condition (e.g. ``public_opinion``) present for ``duration_h`` (or to the end)."""

    kind: Literal["condition"]
    condition: Id
    duration_h: float | None = Field(default=None, gt=0, le=MAX_HOURS)


class Demand(InjectBase):
    """Demand multiplied by ``factor`` for ``duration_h`` (a heat wave's air conditioning)."""

    kind: Literal["demand"]
    factor: float = Field(gt=0, le=MAX_FACTOR)
    duration_h: float = Field(gt=0, le=MAX_HOURS)


class SupplyChange(InjectBase):
    """Upstream capacity multiplied by ``factor`` for ``duration_h`` (a transformer trip)."""

    kind: Literal["supply"]
    factor: float = Field(gt=0, le=MAX_FACTOR)
    duration_h: float = Field(gt=0, le=MAX_HOURS)


class GenerationTrip(InjectBase):
    """The area's power plants ``generators`` trip for ``duration_h`` (to the end when omitted)."""

    kind: Literal["generation"]
    generators: list[Id] = Field(min_length=1)
    duration_h: float | None = Field(default=None, gt=0, le=MAX_HOURS)


class FigureInject(InjectBase):
    """A figure (or fact) the plans read from the scenario takes ``value`` from now on."""

    kind: Literal["figure"]
    figure: Id
    value: float | Id
    grid: Id | None = Field(default=None, description="The scope of the grid it belongs to; omitted: the area's own.")


class Notice(InjectBase):
    """A message and nothing more: the drill's desks of ``to`` receive it (a drill script's new row)."""

    kind: Literal["message"]
    to: list[Id] = Field(default_factory=list, description="The units a drill delivers it to "
                                                            "(default: the unit that reports first under the plan).")


#: The decisions the plan gives its units, by kind: what a drill's objectives are judged on.
DecisionKind = Literal["warning_step", "lift_warning", "report", "declare", "adjust", "end", "discretion", "escalate",
                       "dispatch", "duty", "step"]


class Objective(StrictModel):
    """An exercise objective (演练目标): what a drill on this scenario sets out to test,
    judged on the plan's expected actions of the listed kinds (of the listed units, or of all)."""

    id: Id
    text: Text
    actions: list[DecisionKind] = Field(min_length=1, description="Kinds of expected action that show it is met.")
    units: list[Id] = Field(default_factory=list, description="Only these units' actions (default: every unit's).")


Inject = Annotated[
    Union[Forecast, Hazard, Fault, Incident, ConditionInject, Demand, SupplyChange, GenerationTrip, FigureInject, Notice],
    Field(discriminator="kind"),
]


class Scenario(StrictModel):
    """An incident to run: plans, area, start, injects, resources and random parameters."""

    id: Id
    title: Text
    description: Text
    featured: bool = Field(
        default=False, description="The scenario the app's Run page opens on: one that shows the product (else the first)."
    )
    plans: list[Id] = Field(min_length=1, description="Ids of the plans the incident runs under.")
    area: Id = Field(description="The area model, plans/areas/<id>.yaml.")
    start: dt.datetime = Field(ge=EARLIEST_MOMENT, le=LATEST_MOMENT,
                               description="When the incident begins (between 1900 and 2199).")
    horizon_h: float = Field(gt=0, le=24 * 365)
    conditions: dict[Id, bool] = Field(
        default_factory=dict,
        description="Incident conditions set explicitly; heating_season is derived from the date if absent.",
    )
    context: dict[Id, Id] = Field(
        default_factory=dict, description="Categorical facts criteria may test, e.g. grid_scope: county."
    )
    figures: dict[Id, float | Id] | None = Field(
        default=None, description="Figures the plans read from the scenario, as they stand at the start "
        "(`figure` injects change them).")
    resources: dict[Id, Count] = Field(
        default_factory=dict, description="How many of each plan resource there are."
    )
    commanders: dict[Id, Id] = Field(
        default_factory=dict,
        description="Response level → the unit that acts at it, where the plan gives alternatives "
        "(县 or 镇 by the incident's extent); a level not named here: a drill's player of one of them, else the first.",
    )
    restoration: Restoration
    stochastic: Stochastic
    injects: list[Inject] = Field(default_factory=list)
    objectives: list[Objective] = Field(
        default_factory=list,
        description="Exercise objectives (演练目标) a drill on this scenario is judged on; default: one per kind of decision.",
    )
    fire_ban: FireBan | None = Field(
        default=None,
        description="Fire bans on the ground: attempts, violations, fires, crews, cascade (see sim.inputs.fire_ban).",
    )
    template: IncidentTemplate | None = Field(
        default=None,
        description="How `python -m sim sweep` draws one plausible incident per replication (see sim.inputs.template).",
    )

    @model_validator(mode="after")
    def _story(self):
        if not self.injects and self.fire_ban is None:
            raise ValueError(Message("model.scenario_story"))
        return self

    def reference_problems(self) -> list[Finding]:
        """Problems inside the file alone (duplicate inject ids, injects past the horizon)."""
        found: list[Finding] = list(repeated(self.injects, ("injects",), Message("ref.what.inject")))
        for i, inject in enumerate(self.injects):
            if inject.at_h >= self.horizon_h:
                found.append((("injects", i, "at_h"), Message("xref.after_horizon", at=f"{inject.at_h:g}",
                                                              horizon=f"{self.horizon_h:g}")))
        found += repeated(self.objectives, ("objectives",), Message("ref.what.objective"))
        return found


def reference_problems(scenario: Scenario, plans: Mapping[str, object], area) -> list[Finding]:
    """Everything the scenario names must exist: plans, resources, duties, area elements.

    A finding whose path starts with :data:`IN_AREA` is about the area file, at the rest of
    its path."""
    return list(_references(scenario, plans, area))


def _references(scenario: Scenario, plans: Mapping[str, object], area) -> Iterator[Finding]:
    response = [p for p in plans.values() if isinstance(p, ResponsePlan)]
    for i, plan_id in enumerate(scenario.plans):
        if plan_id not in plans:
            yield ("plans", i), Message("xref.plan_not_loaded", id=echoed(plan_id))
    if area is not None and scenario.area != area.id:
        yield ("area",), Message("xref.area_id", found=echoed(area.id), area=label(area), id=echoed(scenario.area))
    resources = {r.id: r for p in response for r in p.resources}
    every_duty = [d for p in response for _, d in p.all_duties()]
    duties = {d.id: d for d in reversed(every_duty)}  # an id defined twice: its first duty
    for key in scenario.resources:
        if key not in resources:
            yield ("resources", key), unknown("resource", key, resources)
    if scenario.restoration.resource not in resources:
        yield ("restoration", "resource"), unknown("resource", scenario.restoration.resource, resources)
    if scenario.restoration.duty is not None and scenario.restoration.duty not in duties:
        yield ("restoration", "duty"), Message("xref.unknown_duty", value=echoed(scenario.restoration.duty))
    supply = scenario.restoration.supply_duty
    if supply is not None:
        found = duties.get(supply)
        if found is None:
            yield ("restoration", "supply_duty"), Message("xref.unknown_duty", value=echoed(supply))
        elif found.task is None or found.task.resource is None:
            yield ("restoration", "supply_duty"), Message("xref.duty_no_resource", duty=named(found))
    measures = {m.id: m for p in response for m in p.measures}
    if scenario.restoration.backup_measure is not None and scenario.restoration.backup_measure not in measures:
        yield ("restoration", "backup_measure"), unknown("measure", scenario.restoration.backup_measure, measures)
    units = {u.id: u for p in response for u in p.units}
    for level_id, unit in scenario.commanders.items():
        levels = [level for p in response for level in p.response_levels if level.id == level_id]
        if not levels:
            known = {level.id: level for p in response for level in p.response_levels}
            yield ("commanders", level_id), unknown("response_level", level_id, known)
        elif not any(unit in p.role(level, decision) for p in response for level in levels
                     for decision in ("command", "declare", "adjust", "end") if level in p.response_levels):
            able = {u: units.get(u) for p in response for level in levels if level in p.response_levels
                    for u in p.role(level, "command")}
            yield ("commanders", level_id), Message("xref.not_a_commander", unit=echoed(unit), level=named(levels[0]),
                                                    choices=choices(able))
    for i, objective in enumerate(scenario.objectives):
        for j, unit in enumerate(objective.units):
            if unit not in units:
                yield ("objectives", i, "units", j), unknown("unit", unit, units)
    for i, inject in enumerate(scenario.injects):
        for j, unit in enumerate(inject.to if isinstance(inject, Notice) else ()):
            if unit not in units:
                yield ("injects", i, "to", j), unknown("unit", unit, units)
    yield from _untested_figures(scenario, plans, response, area)
    if scenario.fire_ban is not None:
        yield from fire_ban_problems(scenario, plans, area)
    yield from workload_problems(scenario, every_duty, area)
    if area is None:
        return
    elements = area.element_ids()
    feeders = {f.id for f in area.feeders}
    substations = {s.id for s in area.substations}
    for i, inject in enumerate(scenario.injects):
        path = ("injects", i)
        if isinstance(inject, Fault):
            for key, known_ids in (("substations", substations), ("feeders", feeders)):
                for j, value in enumerate(getattr(inject, key)):
                    if value not in known_ids:
                        yield path + (key, j), _not_in_area(key[:-1], value, area)
            if inject.random:
                for j, value in enumerate(inject.random.feeders):
                    if value not in feeders:
                        yield path + ("random", "feeders", j), _not_in_area("feeder", value, area)
        elif isinstance(inject, GenerationTrip):
            plants = {g.id: g for g in area.generators or ()}
            for j, value in enumerate(inject.generators):
                if value not in plants:
                    yield path + ("generators", j), Message(
                        "xref.unknown_in_area_choices", what=Message("ref.what.power_plant"), value=echoed(value),
                        area=named(area), choices=choices(plants))
        elif isinstance(inject, Incident):
            for j, value in enumerate(inject.damages):
                if value not in elements:
                    yield path + ("damages", j), _not_in_area("element", value, area)
            if inject.cleared_by is not None and inject.cleared_by not in duties:
                yield path + ("cleared_by",), Message("xref.unknown_duty", value=echoed(inject.cleared_by))


def _not_in_area(what: str, value: str, area) -> Message:
    """An element an inject names that the area does not have (the area's substations and
    feeders are too many to list: its file lists them)."""
    return Message("xref.unknown_in_area", what=Message(f"ref.what.{what}"), value=echoed(value), area=named(area))


def _untested_figures(scenario: Scenario, plans: Mapping[str, object], response: list, area) -> Iterator[Finding]:
    """Every figure a plan reads must come from where the plan says: a figure the engine
    does not compute, or the area does not give, would never meet its criterion; a figure
    the scenario sets must be one a plan reads from the scenario; a declared context's
    value (a grid scope) must be one the plan knows."""
    given: dict[str, object] = {}  # figure id -> the metric or context a plan reads it as from the scenario
    forecast: dict[str, object] = {}  # figure id -> the metric or context a plan's warning reads it as from a forecast
    vocabularies: dict[str, list[tuple[object, object, dict]]] = {}  # context id -> (plan, context, its values)
    for i, plan_id in enumerate(scenario.plans):
        plan = plans.get(plan_id)
        if plan not in response:
            continue
        origin = {m.id: m.origin for m in plan.metrics}
        for metric in sorted(set().union(*(c.metrics() for c in plan.incident_criteria()))):
            where = origin.get(metric, "engine")
            if where == "engine" and metric not in FIGURES:
                yield ("plans", i), Message("xref.figure_not_computed", plan=named(plan), figure=echoed(metric),
                                            known=ids(FIGURES))
            elif where == "area" and metric not in AREA_FIGURES:
                yield ("plans", i), Message("xref.figure_not_in_area", plan=named(plan), figure=echoed(metric),
                                            known=ids(AREA_FIGURES))
        for metric in plan.metrics:
            if metric.origin == "scenario":
                given.setdefault(metric.id, metric)
        for key, read in _forecast_read(plan).items():
            forecast.setdefault(key, read)
        for context in plan.contexts or ():
            if context.from_ == "scenario":
                given.setdefault(context.id, context)
            vocabularies.setdefault(context.id, []).append((plan, context, {v.id: v for v in context.values}))
            if context.from_ == "area" and context.id in scenario.context:
                yield ("context", context.id), Message("xref.context_from_area", context=named(context),
                                                       plan=named(plan))

    def known_value(name: str, value, path: tuple) -> Iterator[Finding]:
        for plan, context, values in vocabularies.get(name, ()):
            if value not in values:
                yield path, Message("xref.unknown_value", context=named(context), value=echoed(value),
                                    plan=named(plan), choices=choices(values))

    def a_number(read, value, path: tuple) -> Iterator[Finding]:
        """A figure a plan tests against numbers, given in words, would never meet its criterion;
        given as a number it cannot take (a negative rainfall, a share above 100), it is a typing
        slip that would decide a level, or none, with nothing to show for it."""
        if isinstance(read, Metric) and isinstance(value, str):
            yield path, Message("xref.figure_not_a_number", figure=named(read), value=echoed(value))
        elif isinstance(read, Metric):
            low, high = metric_range(read)
            if not low <= value <= high:
                yield path, Message("xref.figure_out_of_range", figure=named(read), value=f"{value:g}",
                                    range=range_words(read))

    for name, value in scenario.context.items():
        yield from known_value(name, value, ("context", name))
    for name, value in (scenario.figures or {}).items():
        if name not in given:
            yield ("figures", name), Message("xref.figure_not_read", figure=echoed(name), known=choices(given))
        yield from known_value(name, value, ("figures", name))
        yield from a_number(given.get(name), value, ("figures", name))
    for i, inject in enumerate(scenario.injects):
        if isinstance(inject, FigureInject):
            if inject.figure not in given:
                yield ("injects", i, "figure"), Message("xref.figure_not_read", figure=echoed(inject.figure),
                                                        known=choices(given))
            yield from known_value(inject.figure, inject.value, ("injects", i, "value"))
            yield from a_number(given.get(inject.figure), inject.value, ("injects", i, "value"))
        elif isinstance(inject, Forecast):
            for name, value in inject.metrics.items():
                if name not in forecast:
                    yield ("injects", i, "metrics", name), Message("xref.forecast_not_read", figure=echoed(name),
                                                                   known=choices(forecast))
                yield from known_value(name, value, ("injects", i, "metrics", name))
                yield from a_number(forecast.get(name), value, ("injects", i, "metrics", name))
    if area is not None:
        yield from _one_grid_only(scenario, [plans[p] for p in scenario.plans if plans.get(p) in response], area)
    if area is not None and GRID_SCOPE in vocabularies:
        for plan, _, values in vocabularies[GRID_SCOPE]:
            scopes = ([((IN_AREA, "grid_scope"), area.grid_scope)] if area.grid_scope else [])
            scopes += [((IN_AREA, "grids", i, "scope"), grid.scope) for i, grid in enumerate(area.grids or ())]
            for path, scope in scopes:
                if scope not in values:
                    yield path, Message("xref.scope_unknown", area=named(area), scope=echoed(scope), plan=named(plan),
                                        choices=choices(values))


def _forecast_read(plan) -> dict[str, object]:
    """The figures a plan's warning reads from a forecast (its trigger and what escalates it),
    each with the metric or context the plan declares it as."""
    metrics = {m.id: m for m in plan.metrics}
    contexts = {c.id: c for c in plan.contexts or ()}
    read: dict[str, object] = {}
    for criterion in (plan.warning.trigger, plan.warning.escalate_if):
        for _, part, _ in walk(criterion) if criterion is not None else ():
            if isinstance(part, MetricThreshold) and part.metric in metrics:
                read.setdefault(part.metric, metrics[part.metric])
            elif isinstance(part, ContextTest) and part.context in contexts:
                read.setdefault(part.context, contexts[part.context])
    return read


def unset_figure_problems(scenario: Scenario, plans: Mapping[str, object]) -> list[Finding]:
    """Every figure a plan's incident criteria read from the scenario (``from: scenario``)
    must be set by it — at the start (``figures``) or by a ``figure`` inject. A figure
    never set is never there: each criterion testing it fails whatever happens, so a level
    the plan reaches only through it can never be decided, and the run would say nothing of
    why. The finding stands at the plan's entry in ``plans``, the plan that reads it."""
    set_here = set(scenario.figures or {}) | {i.figure for i in scenario.injects if isinstance(i, FigureInject)}
    found: list[Finding] = []
    for i, plan_id in enumerate(scenario.plans):
        plan = plans.get(plan_id)
        if not isinstance(plan, ResponsePlan):
            continue
        read = set().union(*(c.metrics() for c in plan.incident_criteria()))
        for metric in plan.metrics:
            if metric.origin == "scenario" and metric.id in read and metric.id not in set_here:
                found.append((("plans", i), Message("xref.figure_not_set", plan=named(plan), figure=named(metric))))
                set_here.add(metric.id)  # told once, at the first plan that reads it
    return found


def _one_grid_only(scenario: Scenario, plans: list, area) -> Iterator[Finding]:
    """What must name one grid cannot name a scope of which the area holds several: a figure
    the scenario sets for "the" grid of a scope, and a condition that must hold for a while
    on it (its clock is kept per condition, not per grid)."""
    count = Counter(grid.scope for grid in area.grids or ())
    count.update([area.grid_scope] if area.grid_scope else [])
    several = {scope for scope, n in count.items() if n > 1}
    if not several:
        return
    for i, inject in enumerate(scenario.injects):
        if isinstance(inject, FigureInject) and inject.grid in several:
            yield ("injects", i, "grid"), Message("xref.several_grids_figure", area=named(area),
                                                  scope=echoed(inject.grid))
    for plan in plans:
        for criterion in plan.incident_criteria():
            for _, part, grid in walk(criterion):
                scopes = {g for _, _, g in walk(part.held, (), grid) if g} if isinstance(part, Held) else set()
                for scope in sorted(scopes & several):
                    yield (IN_AREA, "grids"), Message("xref.several_grids_condition", plan=named(plan),
                                                      hours=f"{part.for_h:g}", scope=echoed(scope))


