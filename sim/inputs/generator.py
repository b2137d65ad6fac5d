"""One plausible incident per replication, drawn from a template scenario.

Replication ``i`` of a sweep with seed ``s`` gets two independent keys derived from
``(s, i)`` alone — ``SeedSequence(s, spawn_key=(i, 0))`` for drawing the incident and
``SeedSequence(s, spawn_key=(i, 1))`` for the engine's own seed — never from a counter
shared along a batch. So replication 17 is the same incident whether it runs first or
last, alone or in a batch of a hundred, on one process or on a cluster; and a baseline
and a variant plan run on the same seed meet the same 10 000 incidents (common random
numbers): any difference between them is the plans' doing.

The draw order is fixed and documented in :mod:`sim.inputs.template`. A drawn incident
becomes an ordinary :class:`~sim.inputs.scenario.Scenario` (the template's shared parts, a
start date in the drawn season, the drawn injects), which the engine runs as it runs
any scenario; :class:`Incident` also keeps the draw's facts for the result rows.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

from .network import Grid
from .scenario import Fault, Forecast, Hazard, Incident as IncidentInject, Demand, Scenario, SupplyChange
from .template import Cause, IncidentTemplate, Weather

#: The facts of a draw, in the order rows carry them (see :mod:`sim.sweep.rows`).
FACTS = (
    "cause", "season", "weather", "start", "fire_period", "towns_hit", "substations_out", "feeders_out",
    "elements_damaged", "repair_severity", "demand_factor", "supply_factor", "forecast_lead_h", "fires",
    "secondary",
)


def replication_keys(seed: int, replication: int) -> tuple[np.random.Generator, int]:
    """The incident's random generator and the engine's seed for one replication."""
    incident = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(replication, 0))))
    return incident, engine_seed(seed, replication)


def engine_seed(seed: int, replication: int) -> int:
    """The engine's seed of replication ``replication`` under ``seed``: its own stream of
    ``(seed, replication)``, so that two seeds' replications share no engine seed (``seed +
    replication`` would make seed 2's rows seed 1's rows shifted by one)."""
    words = np.random.SeedSequence(seed, spawn_key=(replication, 1)).generate_state(2, np.uint32)
    return (int(words[0]) << 32 | int(words[1])) >> 1  # 63 bits: a signed 64-bit integer in any file


@dataclass(frozen=True)
class Incident:
    """A drawn incident: the scenario to run, the engine seed, and what was drawn."""

    replication: int
    seed: int
    scenario: Scenario
    facts: tuple


class _Choice:
    """A categorical draw by weights: one uniform number, a bisection."""

    def __init__(self, items: list, weights: list[float]):
        pairs = [(item, w) for item, w in zip(items, weights) if w > 0]
        self.items = [item for item, _ in pairs]
        self.cumulative = list(accumulate(w for _, w in pairs))

    def __call__(self, rng: np.random.Generator):
        u = rng.random() * self.cumulative[-1]
        return self.items[min(bisect.bisect_right(self.cumulative, u), len(self.items) - 1)]


class Generator:
    """Draws incidents from a template scenario on its area (plans are not needed)."""

    def __init__(self, scenario: Scenario, area):
        if scenario.template is None:
            raise ValueError(f"scenario {scenario.id!r} has no `template:` section")
        self.base = scenario
        self.area = area
        template: IncidentTemplate = scenario.template
        self.template = template
        self.year = scenario.start.year
        self.causes = _Choice(template.causes, [c.weight for c in template.causes])
        self.seasons: dict[str, _Choice] = {}
        self.weather: dict[tuple[str, str], _Choice] = {}
        season_ids = [s.id for s in template.seasons]
        for cause in template.causes:
            if cause.season_weights:
                self.seasons[cause.id] = _Choice(template.seasons, [cause.season_weights.get(s, 0.0) for s in season_ids])
            else:
                self.seasons[cause.id] = _Choice(template.seasons, [s.weight for s in template.seasons])
            allowed = [w for w in template.weather if cause.weather is None or w.id in cause.weather]
            for season in template.seasons:
                weights = [w.season_weights.get(season.id, 0.0) for w in allowed]
                if any(weights):
                    self.weather[cause.id, season.id] = _Choice(allowed, weights)
        self.towns = [t.id for t in area.towns]
        self.feeders_of = {t: [f.id for f in area.feeders if f.town == t] for t in self.towns}
        self.stations_of = {t: [(s.id, s.kv) for s in area.substations if s.town == t] for t in self.towns}
        self.feeder_set = frozenset(f.id for f in area.feeders)

    def incident(self, seed: int, replication: int) -> Incident:
        """Replication ``replication``'s incident under sweep seed ``seed``."""
        rng, engine_seed = replication_keys(seed, replication)
        template = self.template
        cause: Cause = self.causes(rng)
        season = self.seasons[cause.id](rng)
        month = season.months[int(rng.integers(len(season.months)))]
        day = 1 + int(rng.integers(calendar.monthrange(self.year, month)[1]))
        start = dt.datetime(self.year, month, day, int(rng.integers(24)))
        weather: Weather = self.weather[cause.id, season.id](rng)
        horizon = self.base.horizon_h

        forecast = cause.forecast if cause.forecast != "weather" else weather.forecast
        lead = error = None
        if forecast is not None and rng.random() < forecast.probability:
            lead = forecast.lead_h.sample(rng)
            error = forecast.error.sample(rng)
            forecast_valid = lead + forecast.valid_extra_h
        forecast_made = lead is not None and lead < horizon
        outage_at = lead if forecast_made else 0.0

        injects: list = []
        if weather.hazard_h is not None:
            injects.append(Hazard(id="hazard", kind="hazard", at_h=outage_at, text=weather.name,
                                  duration_h=weather.hazard_h.sample(rng), conditions=list(weather.conditions)))
        damaged: list[str] = []
        tripped: list[str] = []
        towns_hit = 0
        substations_out = feeders_out = 0
        severity = 1.0
        if cause.damage is not None:
            spec = cause.damage
            towns_hit = max(1, min(int(spec.towns.sample(rng)), len(self.towns)))
            hit = [self.towns[k] for k in sorted(rng.choice(len(self.towns), towns_hit, replace=False).tolist())]
            out: list[str] = []
            if spec.substations is not None:
                stations = [sid for t in hit for sid, kv in self.stations_of[t] if spec.max_kv is None or kv <= spec.max_kv]
                count = min(int(spec.substations.sample(rng)), len(stations))
                if count:
                    out += [stations[k] for k in sorted(rng.choice(len(stations), count, replace=False).tolist())]
                substations_out = len(out)
            feeders = [f for t in hit for f in self.feeders_of[t]]
            if spec.feeder_share is not None and feeders:
                share = spec.feeder_share.sample(rng)
                chosen = [f for f, u in zip(feeders, rng.random(len(feeders)).tolist()) if u < share]
                out += chosen
                feeders_out = len(chosen)
            if not out and feeders:  # the incident must take something out: one feeder of a hit town
                out.append(feeders[int(rng.integers(len(feeders)))])
                feeders_out = 1
            for element, u in zip(out, rng.random(len(out)).tolist()):
                (damaged if u < spec.damaged else tripped).append(element)
            severity = spec.severity.sample(rng)
            if damaged:
                injects.append(Fault(id="damage", kind="fault", at_h=outage_at, text=cause.name,
                                     substations=[e for e in damaged if e not in self.feeder_set],
                                     feeders=[e for e in damaged if e in self.feeder_set], severity=severity))
            if tripped:
                injects.append(Fault(id="trip", kind="fault", at_h=outage_at, text=cause.name, damaged=False,
                                     substations=[e for e in tripped if e not in self.feeder_set],
                                     feeders=[e for e in tripped if e in self.feeder_set]))
        demand = supply = 1.0
        if cause.demand is not None:
            demand = cause.demand.factor.sample(rng)
            injects.append(Demand(id="demand", kind="demand", at_h=outage_at, text=cause.name, factor=demand,
                                  duration_h=cause.demand.duration_h.sample(rng)))
        if cause.supply is not None:
            supply = cause.supply.factor.sample(rng)
            injects.append(SupplyChange(id="supply", kind="supply", at_h=outage_at, text=cause.name, factor=supply,
                                        duration_h=cause.supply.duration_h.sample(rng)))
        if forecast_made:
            values = self._forecast_values(damaged + tripped, demand, supply, error)
            injects.insert(0, Forecast(id="forecast", kind="forecast", at_h=0.0, text=weather.name if cause.forecast == "weather" else cause.name,
                                       metrics=values, valid_h=forecast_valid))

        conditions = dict(self.base.conditions)
        in_period = False
        fires = 0
        if template.fires is not None:
            spec = template.fires
            in_period = spec.period.contains(start.date())
            if in_period:
                conditions[spec.period.condition] = True
            mean = spec.mean * weather.fire_factor * cause.fire_factor * (spec.period_factor if in_period else 1.0)
            for k in range(int(rng.poisson(mean))):
                at = outage_at + spec.at_h.sample(rng)
                duration = spec.duration_h.sample(rng)
                if at < horizon:
                    fires += 1
                    injects.append(IncidentInject(id=f"fire-{k + 1}", kind="incident", at_h=at, text=spec.text,
                                                  incident=spec.incident, cleared_by=spec.cleared_by,
                                                  duration_h=duration))
        secondary = []
        for item in template.secondary:
            if item.causes is not None and cause.id not in item.causes:
                continue
            happens = rng.random() < item.probability
            at = outage_at + item.at_h.sample(rng)
            duration = item.duration_h.sample(rng)
            if happens and at < horizon:
                secondary.append(item.incident)
                injects.append(IncidentInject(id=f"secondary-{item.incident}", kind="incident", at_h=at, text=item.text,
                                              incident=item.incident, conditions=list(item.conditions),
                                              cleared_by=item.cleared_by, duration_h=duration))
        restoration = self.base.restoration
        if weather.repair_slowdown != restoration.hazard_factor and weather.hazard_h is not None:
            restoration = restoration.model_copy(update={"hazard_factor": weather.repair_slowdown})
        scenario = self.base.model_copy(update={
            "id": f"{self.base.id}.r{replication}",
            "start": start,
            "conditions": conditions,
            "restoration": restoration,
            "injects": injects,
            "template": None,
        })
        facts = (
            cause.id, season.id, weather.id, start.isoformat(), in_period, towns_hit, substations_out, feeders_out,
            len(damaged), severity if damaged else None, demand, supply, lead if forecast_made else None, fires,
            ";".join(secondary),
        )
        return Incident(replication, engine_seed, scenario, facts)

    def _forecast_values(self, out: list[str], demand: float, supply: float, error: float) -> dict:
        """The forecast metrics: what the outage will really do, times the forecast error."""
        grid = Grid(self.area)
        grid.tripped.update(out)
        grid.demand_factor = demand
        grid.supply_factor = supply
        grid.update()
        return {name: grid.metrics[metric] * error for name, metric in self.template.forecast_metrics.items()}
