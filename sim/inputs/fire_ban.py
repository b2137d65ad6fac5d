"""The ``fire_ban:`` section of a scenario: people, patrols, fires, crews.

A ban notice says what is prohibited, where and when; this section says what happens
on the ground, as data a planner can read and change:

* ``places`` — where people attempt outdoor fire: a zone of a ban notice and a band of
  distances from its edge (``{min: 0, max: 0}`` is inside), the fuel there and the
  power-line corridors of the area within reach;
* ``activities`` — for each activity (a ban notice's activity id) the attempts per day
  at each place, a calendar of busy days (清明, 寒衣节, 春节), the hours of the day, how
  long it lasts, the chance it starts a fire and the share of people who comply when
  it is prohibited;
* ``weather`` and ``fuels`` — daily wind and fuel moisture, the hours' pattern, and the
  fire-behaviour numbers of each fuel (:mod:`sim.fire.spread`);
* ``ignition`` — how the season (a plan's period, e.g. the county fire period) and the
  fuel moisture scale the chance that an attempt starts a fire;
* ``patrols``, ``checkpoints``, ``detection`` — who catches violations and who sees fires;
* ``reporting``, ``crews``, ``command`` — the 12119 call and its relay to the duty
  lines, the fire crews, and the leaders who go to a major fire;
* ``enforcement`` — which circumstance each penalty of the notices answers to;
* ``scripted`` — attempts a drill wants for certain (the fire that trips the line).

Everything prohibited or required is decided by :func:`sim.bans.check` on the plans;
nothing here restates a rule of a notice. Numbers the notices leave open carry an
``assumption`` (or a ``source`` where a document gives them).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..bounds import (MAX_CREWS, MAX_FACTOR, MAX_ITEMS, MAX_PER_FIRE, MAX_HOURS, MAX_METRES, MAX_MOISTURE_PCT,
                      MAX_PER_DAY, MAX_REACHES, MAX_SPREAD_M_PER_MIN, MAX_WIND_COEFF, MAX_WIND_MS)
from ..messages import Message
from ..plan.ban_notice import DateRange
from ..plan.common import Cited, Id, StrictModel, Text

Probability = Annotated[float, Field(ge=0, le=1)]
#: Length-to-breadth ratio gained per m/s of wind, and the diurnal factor on the day's wind:
#: together with the wind coefficient they keep a fire's spread inside a float's range.
MAX_LB_PER_MS = 10.0
MAX_DIURNAL_WIND_FACTOR = 3.0
#: A fire's area (a county is some hundred thousand hectares) and what restoring one costs.
MAX_HECTARES = 10_000_000.0
MAX_YUAN_PER_HA = 100_000_000.0
#: The shortest step of a fire's growth: a front moves metres a minute, so a finer step
#: changes nothing a planner reads, while every fire takes one step of work per step until
#: it is contained (a step near zero would never reach the end of the run).
MIN_STEP_MIN = 1.0
Hour = Annotated[float, Field(ge=0, le=24)]

#: What a penalty can answer to. ``caught``: a violation was stopped or traced;
#: ``serious``: the case was judged serious (情节严重); ``fire``: the violation started a
#: fire; ``major_fire``: that fire became major; ``forest_damage``: it burned forest;
#: ``obstruction``: the offender refused or obstructed the inspectors.
Circumstance = Literal["caught", "serious", "fire", "major_fire", "forest_damage", "obstruction"]


class Span(StrictModel):
    """A closed interval of numbers: a uniform draw between ``min`` and ``max``."""

    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self):
        if self.min > self.max:
            raise ValueError(Message("model.inverted_range", min=f"{self.min:g}", max=f"{self.max:g}"))
        return self

    def at(self, u: float) -> float:
        return self.min + u * (self.max - self.min)


class HoursSpan(Span):
    """A span of hours."""

    min: float = Field(ge=0, le=MAX_HOURS)
    max: float = Field(ge=0, le=MAX_HOURS)


class MetresSpan(Span):
    """A span of distances in metres."""

    min: float = Field(ge=0, le=MAX_METRES)
    max: float = Field(ge=0, le=MAX_METRES)


class WindSpan(Span):
    """A span of wind speeds in m/s."""

    min: float = Field(ge=0, le=MAX_WIND_MS)
    max: float = Field(ge=0, le=MAX_WIND_MS)


class DegreesSpan(Span):
    """A span of compass directions in degrees."""

    min: float = Field(ge=0, le=360)
    max: float = Field(ge=0, le=360)


class MoistureSpan(Span):
    """A span of fuel moisture in percent of dry weight."""

    min: float = Field(ge=0, le=MAX_MOISTURE_PCT)
    max: float = Field(ge=0, le=MAX_MOISTURE_PCT)


class Hours(StrictModel):
    """Hours of the clock from ``start_h`` to ``end_h``; an end before the start runs past
    midnight, and an end equal to the start (0 to 24) is the whole day."""

    start_h: Hour
    end_h: Hour

    def contains(self, hour: float) -> bool:
        if self.start_h < self.end_h:
            return self.start_h <= hour < self.end_h
        if self.start_h > self.end_h:
            return hour >= self.start_h or hour < self.end_h
        return True

    @property
    def length_h(self) -> float:
        return (self.end_h - self.start_h) % 24 or 24.0


class CorridorReach(StrictModel):
    """A power-line corridor within reach of a place: how far, and in which direction."""

    corridor: Id
    distance_m: float = Field(gt=0, le=MAX_METRES)
    bearing_deg: float = Field(ge=0, lt=360, description="Direction from the place to the corridor, clockwise from north.")


class Place(Cited):
    """Where attempts happen: a zone of a notice and a band of distances outside its edge."""

    id: Id
    name: Text
    zone: Id
    distance_m: MetresSpan = Field(description="Distance outside the zone's edge; {min: 0, max: 0} is inside.")
    fuel: Id
    corridors: list[CorridorReach] = Field(default_factory=list, max_length=MAX_REACHES)

    @model_validator(mode="after")
    def _non_negative(self):
        if self.distance_m.min < 0:
            raise ValueError(Message("model.distance_negative"))
        return self


class Fuel(Cited):
    """Fire behaviour of a fuel type (:mod:`sim.fire.spread`) and what burning it means."""

    id: Id
    name: Text
    r0_m_per_min: float = Field(gt=0, le=MAX_SPREAD_M_PER_MIN, description="Head-fire rate without wind in fully dry fuel.")
    wind_coeff: float = Field(ge=0, le=MAX_WIND_COEFF, description="Exponential wind coefficient, per m/s.")
    moisture_extinction_pct: float = Field(gt=0, le=MAX_MOISTURE_PCT)
    lb_per_ms: float = Field(ge=0, le=MAX_LB_PER_MS, description="Length-to-breadth ratio gained per m/s of wind.")
    ignition_factor: float = Field(default=1.0, ge=0, le=MAX_FACTOR)
    forest: bool = Field(default=False, description="Burning it damages forest (森林、林木受到毁坏).")


class Regime(Cited):
    """Daily weather over a date range: each day draws wind, direction and moisture uniformly."""

    dates: DateRange
    wind_ms: WindSpan
    wind_from_deg: DegreesSpan
    fuel_moisture_pct: MoistureSpan


class HourPattern(StrictModel):
    """From ``from_h`` on: the day's wind times ``wind_factor``, moisture plus ``moisture_add_pct``."""

    from_h: Hour
    wind_factor: float = Field(ge=0, le=MAX_DIURNAL_WIND_FACTOR)
    moisture_add_pct: float = Field(default=0.0, ge=-MAX_MOISTURE_PCT, le=MAX_MOISTURE_PCT)


class Diurnal(Cited):
    hours: list[HourPattern] = Field(min_length=1, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _from_midnight(self):
        starts = [h.from_h for h in self.hours]
        if starts[0] != 0 or starts != sorted(set(starts)):
            raise ValueError(Message("model.hours_increase"))
        return self


class Weather(StrictModel):
    """Daily regimes (the first that covers a day applies) and the pattern of the hours."""

    regimes: list[Regime] = Field(min_length=1, max_length=MAX_ITEMS)
    diurnal: Diurnal


class Busy(Cited):
    """Days on which attempts are ``factor`` times the usual rate (清明, 寒衣节, 除夕…)."""

    dates: DateRange
    factor: float = Field(ge=0, le=MAX_FACTOR)


class Rate(StrictModel):
    place: Id
    per_day: float = Field(ge=0, le=MAX_PER_DAY)


class ActivitySpec(Cited):
    """How often, when and how people attempt one activity, and how often it starts a fire."""

    activity: Id
    rates: list[Rate] = Field(min_length=1, max_length=MAX_ITEMS)
    calendar: list[Busy] = Field(default_factory=list, max_length=MAX_ITEMS)
    hours: Hours
    duration_h: HoursSpan
    ignition_p: Probability = Field(description="Chance that one attempt starts a fire, at season and moisture factor 1.")
    compliance: Probability = Field(description="Share of people who give up the attempt because it is prohibited there.")

    def busy_factor(self, day: dt.date) -> float:
        """How many times the usual rate people attempt it on ``day`` (busy days multiply)."""
        factor = 1.0
        for busy in self.calendar:
            if busy.dates.start <= day <= busy.dates.end:
                factor *= busy.factor
        return factor

    def expected_attempts(self, days: list[dt.date]) -> float:
        """Attempts expected at all its places over ``days``."""
        per_day = sum(rate.per_day for rate in self.rates)
        return sum(per_day * self.busy_factor(day) for day in days)


class SeasonFactor(Cited):
    """While a plan's period is in force, ignition chances are multiplied by ``factor``
    and the incident ``condition`` (e.g. ``fire_season``), if given, is present."""

    plan: Id
    period: Id
    factor: float = Field(ge=0, le=MAX_FACTOR)
    condition: Id | None = None


class MoistureFactor(StrictModel):
    below_pct: float = Field(gt=0, le=MAX_MOISTURE_PCT)
    factor: float = Field(ge=0, le=MAX_FACTOR)


class Ignition(Cited):
    seasons: list[SeasonFactor] = Field(default_factory=list, max_length=MAX_ITEMS)
    off_season_factor: float = Field(ge=0, le=MAX_FACTOR, description="Factor on days no listed period is in force.")
    moisture: list[MoistureFactor] = Field(min_length=1, max_length=MAX_ITEMS, description="By fuel moisture at the attempt, first match.")


class Acting(Cited):
    """Something a unit of a plan does, carrying out one of its ``duty`` (if the plan lists
    duties); ``requirement`` (of the same plan) limits it to where and when that requirement
    is in force."""

    id: Id
    name: Text
    plan: Id | None = None
    unit: Id | None = None
    duty: Id | None = None
    requirement: Id | None = None

    @model_validator(mode="after")
    def _unit_of_plan(self):
        if (self.unit or self.requirement) and not self.plan:
            raise ValueError(Message("model.needs_plan"))
        if self.duty and not self.unit:
            raise ValueError(Message("model.needs_unit"))
        return self


class Patrol(Acting):
    """Teams that patrol places during a shift and stop the prohibited fire use they see."""

    places: list[Id] = Field(min_length=1, max_length=MAX_ITEMS)
    teams: int = Field(ge=0, le=MAX_CREWS)
    shift: Hours
    spot_rate_per_h: float = Field(ge=0, le=MAX_FACTOR, description="Violations one team spots per hour at one of its places.")


class Checkpoint(Acting):
    """Gates of the control zones, checking entry passes while ``requirement`` is in force."""

    places: list[Id] = Field(min_length=1, max_length=MAX_ITEMS)
    turn_back_p: Probability


class Detector(Acting):
    """Who sees a fire: watchtowers, patrols, villagers; each after a delay while on watch."""

    places: list[Id] = Field(default_factory=list, max_length=MAX_ITEMS, description="Empty: every place.")
    hours: Hours
    delay_h: HoursSpan


class Relay(Cited):
    """The 12119 centre passes the report to the duty lines; off duty hours it takes longer
    unless the plan's 24-hour duty requirement is in force."""

    to: list[Id] = Field(min_length=1, max_length=MAX_ITEMS, description="Contacts of the plan that receive the report.")
    hours: float = Field(ge=0, le=MAX_HOURS)
    off_duty_hours: float = Field(ge=0, le=MAX_HOURS)
    office_hours: Hours
    duty_requirement: Id | None = None


class Reporting(Cited):
    """How a seen fire is reported: the finder calls a contact, which relays it."""

    plan: Id
    requirement: Id = Field(description="The plan's requirement to report a fire (cited on the call).")
    call: Id = Field(description="The contact the finder calls (12119).")
    call_hours: float = Field(ge=0, le=MAX_HOURS)
    relay: Relay
    dispatcher: Id = Field(description="The plan unit that orders the crews out once the report is in.")
    dispatch_source: Cited = Field(description="Where the plan says crews set out on the order.")


class Crew(Cited):
    """A kind of fire crew: how many, how fast they arrive, how much line they build."""

    id: Id
    name: Text
    plan: Id | None = None
    unit: Id | None = None
    count: int = Field(ge=0, le=MAX_CREWS)
    per_fire: int = Field(default=1, ge=1, le=MAX_PER_FIRE)
    on: Literal["report", "major"] = Field(description="Sent on the first report, or when the fire becomes major.")
    turnout_h: float = Field(ge=0, le=MAX_HOURS)
    travel_h: HoursSpan
    line_m_per_h: float = Field(gt=0, le=MAX_METRES)


class Command(Cited):
    """A major fire (重大火情): leaders go to the scene (the plan's requirement) and reinforcements are sent."""

    plan: Id
    unit: Id
    requirement: Id
    major_area_ha: float = Field(gt=0, le=MAX_HECTARES)
    mop_up_h: HoursSpan


class PenaltyWhen(Cited):
    """A penalty of a notice applies when all its circumstances hold."""

    plan: Id
    penalty: Id
    when: list[Circumstance] = Field(min_length=1)


class Enforcement(Cited):
    """How cases turn out; ``unit`` of ``plan`` traces the people who started fires unseen."""

    plan: Id
    unit: Id
    serious_p: Probability
    fire_is_serious: bool = Field(description="A violation that started a fire is judged serious.")
    obstruction_p: Probability
    identified_p: Probability = Field(description="Chance an offender who started a fire unseen is traced.")
    restoration_cost_yuan_per_ha: float = Field(ge=0, le=MAX_YUAN_PER_HA)
    penalties: list[PenaltyWhen] = Field(default_factory=list, max_length=MAX_ITEMS)


class Cascade(Cited):
    """A fire that reaches a power-line corridor opens a secondary incident of this kind."""

    incident: Id


class Scripted(StrictModel):
    """An attempt a drill wants for certain; ``ignites`` makes it start a fire at once."""

    id: Id
    text: Text
    at_h: float = Field(ge=0, le=MAX_HOURS)
    place: Id
    activity: Id
    distance_m: float = Field(default=0.0, ge=0, le=MAX_METRES)
    duration_h: float = Field(default=1.0, gt=0, le=MAX_HOURS)
    ignites: bool = False
    wind_from_deg: float | None = Field(default=None, ge=0, lt=360, description="Overrides the day's wind direction.")


class FireBan(StrictModel):
    """Fire bans on the ground: attempts, violations, fires, suppression, cascade."""

    dates: DateRange
    step_min: float = Field(default=6.0, ge=MIN_STEP_MIN, le=60, description="Minutes per step of a fire's growth.")
    places: list[Place] = Field(min_length=1, max_length=MAX_ITEMS)
    fuels: list[Fuel] = Field(min_length=1, max_length=MAX_ITEMS)
    weather: Weather
    activities: list[ActivitySpec] = Field(min_length=1, max_length=MAX_ITEMS)
    ignition: Ignition
    patrols: list[Patrol] = Field(default_factory=list, max_length=MAX_ITEMS)
    checkpoints: list[Checkpoint] = Field(default_factory=list, max_length=MAX_ITEMS)
    detection: list[Detector] = Field(min_length=1, max_length=MAX_ITEMS)
    reporting: Reporting
    crews: list[Crew] = Field(default_factory=list, max_length=MAX_ITEMS)
    command: Command
    enforcement: Enforcement
    cascade: Cascade | None = None
    scripted: list[Scripted] = Field(default_factory=list, max_length=MAX_ITEMS)

    def days(self) -> list[dt.date]:
        n = (self.dates.end - self.dates.start).days + 1
        return [self.dates.start + dt.timedelta(days=i) for i in range(n)]
