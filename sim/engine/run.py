"""Build a simulation from a scenario, its plans and its area; run it; collect the result.

:class:`Simulation` holds the shared state — the grid, the incident conditions, the
secondary incidents, the resource pools — and one :class:`~sim.engine.response.PlanRunner`
per response plan of the scenario. Any change (an inject, a repair, a key user's fuel
running out) ends in :meth:`Simulation.changed`, which recomputes the metrics once,
lets every plan re-classify and re-check termination, starts newly triggered duties and
records a time-series row.

Its inputs come checked (:class:`sim.inputs.Case`). It can be run in one go (:func:`run_scenario`) or in slices (``sim.run(until=t)``
repeatedly), which is how a trainer's walk-through or a drill steps through an
incident; :meth:`Simulation.result` can be taken at any point.
"""

from __future__ import annotations

from ..event_kinds import HEATING_SEASON
from ..fire.run import FireBanRun
from ..plan import ResponsePlan
from . import injects
from ..inputs.network import Grid
from .observer import Observer
from .grids import GridFigures
from .policy import Policy
from .recorder import COLUMNS, Recorder, collect, work_spans
from .response import PlanRunner
from .restoration import KeyUsers, Restoration
from ..memo import cached, digest
from ..report import hours_by_unit
from .rules import compiled
from . import schedule
from .streams import Streams
from .units import Pools

#: Bumped when the result format changes incompatibly.
FORMAT = 1


class Simulation:
    def __init__(self, scenario, plans: dict, area, seed: int, *, policy: Policy | None = None,
                 observe: bool = False):
        self.closed = False
        self.scenario = scenario
        self.plans = plans
        self.area = area
        self.seed = int(seed)
        self.env = schedule.environment()
        self.streams = Streams(self.seed)
        self.rec = Recorder()
        #: what observers read at any moment, recorded as it changes (:mod:`sim.engine.observer`)
        self.observer = Observer(self) if observe else None
        self.policy = policy or Policy()
        self.work_sigma = scenario.stochastic.work_time_sigma
        self.report_sigma = scenario.stochastic.report_delay_sigma
        self.context = dict(scenario.context)
        #: the figures the plans read from the scenario, as they stand now (``figure`` injects set them)
        self.given = dict(scenario.figures or {})
        self.grid = Grid(area)
        self.grid_figures = cached(area, GridFigures)  # built once per area: a sweep runs the same one
        self.grid.generation_mw = self.grid_figures.total_capacity
        self.plants_tripped: dict[str, int] = {}  # power plant -> how many injects hold it tripped
        self.tripped: set[str] = set()
        self.generation_tripped_pct = 0.0
        self.pools = Pools(self.env, scenario.resources)
        self.scalings: dict[str, dict] = {}  # demand_factor / supply_factor -> {inject id: factor}
        self.hazards_active = 0
        self.incidents: dict[str, dict] = {}
        self.open_incidents = 0  # how many of them are open: every change reads it
        self.clearing: dict[str, list[str]] = {}  # duty id -> open incidents it closes
        self._condition_count: dict[str, int] = {}
        #: the conditions present now: a new frozenset at each change, so that whoever keeps
        #: it (the duties' triggers, by state) keeps what it saw
        self.conditions: frozenset[str] = frozenset()
        self.conditions_version = 0  # bumped whenever a condition appears or goes
        for name, present in scenario.conditions.items():
            if present:
                self.set_condition(name, True)
        if HEATING_SEASON not in scenario.conditions and area.heating_season.contains(scenario.start.date()):
            self.set_condition(HEATING_SEASON, True)
        restoration = scenario.restoration
        response_plans = [plan for plan in (plans[pid] for pid in scenario.plans) if isinstance(plan, ResponsePlan)]
        self.runners = [PlanRunner(self, compiled(plan), restoration.duty) for plan in response_plans]
        #: held-for conditions of every plan (key, condition, hours) and when each began to hold
        self.held = {key: (test, hours) for runner in self.runners for key, test, hours in runner.compiled.held}
        self.held_since: dict[str, float] = {}
        #: the time series' columns beyond the usual ones: every other figure a plan reads
        extra = [key for runner in self.runners for key in runner.compiled.extra_columns]
        self.extra_columns = self.grid_figures.columns(tuple(dict.fromkeys(extra))) if extra else ()
        if extra:
            self.rec.columns = COLUMNS + self.extra_columns
        crews_unit, crews_plan = restoration.resource, None
        for plan in response_plans:
            for resource in plan.resources:
                if resource.id == restoration.resource and crews_plan is None:
                    crews_unit, crews_plan = resource.provided_by[0], plan.id
        # What the engine's own grid work cites: repairs, switching and load shedding the
        # restoration duty's clause, key users' backup power the scenario's backup measure's.
        repair_clause = backup_clause = "model"
        for runner in self.runners:
            repair_clause = runner.compiled.duty_clause.get(restoration.duty, repair_clause)
            backup_clause = runner.compiled.measure_clause.get(restoration.backup_measure, backup_clause)
        self.restoration = Restoration(self, crews_unit, crews_plan, repair_clause)
        self.key_users = KeyUsers(self, area, repair_clause, backup_clause)
        self.values: dict = {}
        self._update_values()
        self.record_row()
        injects.schedule(self)
        #: The scenario's fire bans on the ground (sim.fire), plugged in through the public methods.
        self.fire_ban = None
        if scenario.fire_ban is not None:
            self.fire_ban = FireBanRun(self, scenario.fire_ban)

    # --- time ---------------------------------------------------------------------------
    @property
    def now(self) -> float:
        return self.env.now

    @property
    def horizon(self) -> float:
        return self.scenario.horizon_h

    def run(self, until: float | None = None) -> "Simulation":
        """Advance to ``until`` (hours; at most the horizon), or to the horizon."""
        if self.closed:
            raise RuntimeError("this simulation was closed")
        target = self.horizon if until is None else min(float(until), self.horizon)
        if target > self.env.now:
            schedule.run(self.env, target)
        return self

    # --- state changes ------------------------------------------------------------------
    def set_condition(self, name: str, present: bool) -> None:
        """Count a source of a condition in or out; it is present while any source is."""
        count = self._condition_count.get(name, 0) + (1 if present else -1)
        self._condition_count[name] = max(count, 0)
        present = count > 0
        if present != (name in self.conditions):
            self.conditions_version += 1
            self.conditions = self.conditions | {name} if present else self.conditions - {name}

    def damage(self, elements, *, severity: float = 1.0, damaged: bool = True) -> None:
        """Put substations or feeders out of service: damaged (a crew repairs it; ``severity``
        scales the repair time) or tripped (switching brings it back)."""
        for element in elements:
            if damaged:
                self.grid.damaged[element] = max(severity, self.grid.damaged.get(element, 0.0))
                self.restoration.damage(element)
            elif element not in self.grid.damaged:
                self.grid.tripped.add(element)
                self.restoration.trip(element)
        self.changed()

    def in_service(self, elements) -> bool:
        """Whether every one of ``elements`` is in service: none damaged, none tripped."""
        grid = self.grid
        return not any(element in grid.damaged or element in grid.tripped for element in elements)

    def open_incident(self, kind: str, *, text: dict, damages=(), conditions=(), severity: float = 1.0,
                      cleared_by: str | None = None, duration_h: float | None = None,
                      incident_id: str | None = None, unit: str = "scenario", source: str = "scenario",
                      plan: str | None = None, cites: dict | None = None, fields: dict | None = None) -> str:
        """Open a secondary incident: ``kind`` and ``conditions`` are present while it is
        open, ``damages`` go out of service and cannot be repaired until it closes. It
        closes when an execution of duty ``cleared_by`` ends, or after ``duration_h``,
        whichever is first; ``cites`` is what its entry follows when no plan holds it
        (:func:`sim.event_rules.citation`), ``fields`` what else its entry says (the fire
        that opened it). Returns the incident's id."""
        iid = incident_id or f"{kind}-{len(self.incidents) + 1}"
        self.incidents[iid] = {"kind": kind, "damages": tuple(damages), "conditions": (kind, *conditions),
                               "cleared_by": cleared_by,
                               "open": True, "opened_h": self.env.now}
        extra = {**(fields or {}), "incident": iid, "kind": kind, "damages": list(damages)}
        if cites:
            extra["cites"] = cites
        self.rec.event(self.env.now, unit, "incident_opened", text, source, plan, extra)
        self.open_incidents += 1
        for condition in self.incidents[iid]["conditions"]:
            self.set_condition(condition, True)
        if cleared_by is not None:
            self.clearing.setdefault(cleared_by, []).append(iid)
        if duration_h is not None:
            schedule.call_later(self.env, duration_h, lambda: self.close_incident(iid))
        if damages:
            self.damage(damages, severity=severity)
        else:
            self.changed()
        return iid

    def close_incident(self, iid: str, *, by: tuple[str, str, str] | None = None) -> None:
        """Close an open secondary incident (``by``: unit, duty and plan that closed it)."""
        incident = self.incidents[iid]
        if not incident["open"]:
            return
        incident["open"] = False
        self.open_incidents -= 1
        incident["closed_h"] = self.env.now
        unit, duty, plan = by or ("scenario", None, None)
        extra = {"incident": iid, "kind": incident["kind"]}
        if duty:
            extra["duty"] = duty
        self.rec.event(self.env.now, unit, "incident_closed", None, "scenario" if by is None else "model", plan, extra)
        for condition in incident["conditions"]:
            self.set_condition(condition, False)
        self.restoration.wake()
        self.changed()

    def duty_done(self, duty_id: str, unit: str, plan: str) -> None:
        """An execution of a duty ended: it closes the open incidents it handles."""
        handled = self.clearing.pop(duty_id, None)
        for iid in handled or ():
            self.close_incident(iid, by=(unit, duty_id, plan))

    def blocked_elements(self) -> set[str]:
        """Elements damaged by a secondary incident that is still open: no crew may go in."""
        if not self.open_incidents:
            return set()  # asked at every look for work, and nearly always so
        return {e for i in self.incidents.values() if i["open"] for e in i["damages"]}

    def changed(self) -> None:
        """Recompute after any change: metrics, classification, termination, duties, row."""
        if self.observer is not None:
            self.observer.changing()
        grid = self.grid
        shed, back = grid.update()
        now = self.env.now
        if shed or back:  # the dispatcher seldom sheds or restores load
            feeders = grid.topo.feeders
            unit, plan, source = self.restoration.unit, self.restoration.plan_id, self.restoration.source
            for i in shed:
                self.rec.event(now, unit, "shed_load", None, source, plan, {"element": feeders[i]})
            for i in back:
                self.rec.event(now, unit, "restore_shed_load", None, source, plan, {"element": feeders[i]})
        self.key_users.update()
        self._update_values()
        values = self.values
        for runner in self.runners:
            if runner.quiet and runner.incident_holds(values):
                runner.on_incident()
        for runner in self.runners:
            runner.on_values(values)
        self.refresh()
        self.record_row()

    def refresh(self) -> None:
        for runner in self.runners:
            runner.refresh()

    def trip_plants(self, plants, tripped: bool) -> None:
        """Power plants trip (or run again): their capacity leaves (or rejoins) the supply."""
        for plant in plants:
            count = self.plants_tripped.get(plant, 0) + (1 if tripped else -1)
            self.plants_tripped[plant] = max(count, 0)
        self.tripped = {p for p, n in self.plants_tripped.items() if n > 0}
        figures = self.grid_figures
        self.generation_tripped_pct = figures.tripped_pct(self.tripped)
        self.grid.generation_mw = sum(mw for p, mw in figures.capacity.items() if p not in self.tripped)
        self.changed()

    def set_figure(self, name: str, value) -> None:
        """A figure the plans read from the scenario takes a new value (a ``figure`` inject)."""
        self.given[name] = value
        self.changed()

    def _update_values(self) -> None:
        on_backup, dark = self.key_users.counts()
        metrics = self.grid.metrics
        self.values = values = {
            **self.context, **self.given, **metrics,
            "hazard_cleared": 0.0 if self.hazards_active else 1.0,
            "open_secondary_incidents": float(self.open_incidents),
            "key_users_on_backup": float(on_backup),
            "key_users_dark": float(dark),
            "grid_load_mw": metrics["demand_mw"],
            "generation_tripped_pct": self.generation_tripped_pct,
        }
        if self.grid_figures.scoped:
            values.update(self.grid_figures.by_scope(values, self.grid, self.tripped))
        if self.held:
            self._update_held(values)

    def _update_held(self, values: dict) -> None:
        """How long each held-for condition has held now; when one begins to hold, the
        moment it will have held long enough is a change to look at again."""
        now = self.env.now
        for key, (test, hours) in self.held.items():
            if test(values) is None:
                self.held_since.pop(key, None)
                values[key] = 0.0
                continue
            since = self.held_since.get(key)
            if since is None:
                since = self.held_since[key] = now
                schedule.call_later(
                    self.env, hours, lambda key=key, since=since: self.held_since.get(key) == since and self.changed())
            values[key] = now - since

    def record_row(self) -> None:
        self.rec.row(self.row())
        if self.observer is not None:
            self.observer.look(self, settled=True)

    def row(self) -> tuple:
        """The time series' row as things stand now (its columns: the recorder's)."""
        v = self.values
        primary = self.runners[0] if self.runners else None
        row = (
            self.env.now, v["load_shed_pct"], v["customers_out_pct"], v["load_restored_pct"],
            v["key_load_restored_pct"], v["grid_backbone_restored"], v["hazard_cleared"],
            v["open_secondary_incidents"], v["key_users_on_backup"], v["key_users_dark"],
            primary.max_severity if primary else None, primary.severity if primary else None,
            primary.level if primary else None,
        )
        if self.extra_columns:
            row += tuple(v.get(key) for key in self.extra_columns)
        return row

    def close(self) -> None:
        """Release the run once its result is taken; it can then neither run nor report.

        A simulation is a graph of cycles — SimPy's pending events hold their
        environment and the callbacks of the plan runners, the runners hold the
        simulation — so, left alone, only the garbage collector frees it, walking every
        object it holds (the event log, the spans, the streams) at a later collection,
        at many times what freeing them costs. close() drops the pending events and the
        components' ties to the simulation, so that it is freed as soon as it is no
        longer referenced. :func:`run_scenario` closes its simulation.
        """
        if self.closed:
            return
        self.closed = True
        schedule.drop_pending(self.env)
        self.pools.release()
        for runner in self.runners:
            runner.release()
        self.restoration.release()
        self.key_users.release()
        if self.observer is not None:
            self.observer.release()
        if self.fire_ban is not None:
            self.fire_ban.sim = None
        self.fire_ban = self.policy = None

    # --- result -------------------------------------------------------------------------
    def result(self, log: bool = True) -> dict:
        """The result so far (see :mod:`sim.engine` for the format); without ``log``, without
        its event log and spans (:func:`~sim.engine.recorder.collect`)."""
        if self.closed:
            raise RuntimeError("this simulation was closed")
        data = collect(self.rec, log)
        unmet = [runner.duties.unmet_duties() for runner in self.runners]
        primary = self.runners[0].summary(unmet[0]) if self.runners else {}
        summary = dict(primary)
        summary["unmet_duties"] = [d for found in unmet for d in found]
        summary["key_users_out_of_fuel"] = list(self.key_users.out_of_fuel)
        summary["end_h"] = self.env.now
        summary["final"] = {key: self.values[key] for key in (
            "load_shed_pct", "customers_out_pct", "load_restored_pct", "key_load_restored_pct",
            "grid_backbone_restored", "hazard_cleared", "open_secondary_incidents")}
        if len(self.runners) > 1:
            summary["by_plan"] = {runner.id: runner.summary() for runner in self.runners}
        if self.observer is not None:
            data["observed"] = self.observer.collect()
        if self.fire_ban is not None:
            summary["fire"] = self.fire_ban.summary()
            data["fire"] = self.fire_ban.timeseries()
        data.update({
            "format": FORMAT,
            "seed": self.seed,
            "scenario": {"id": self.scenario.id, "sha256": digest(self.scenario)},
            "area": {"id": self.area.id, "sha256": digest(self.area)},
            "plans": [{"id": pid, "sha256": digest(self.plans[pid])} for pid in self.scenario.plans],
            "start": self.scenario.start.isoformat(),
            "horizon_h": self.horizon,
            "summary": summary,
        })
        return data


    def for_row(self) -> tuple[dict, dict[str, float]]:
        """What a sweep's row reads of the run (:func:`sim.sweep.rows.row`): the result
        without its event log and spans, and each unit's hours summed from the spans as
        recorded. A sweep runs thousands of replications, and the dicts of the log and the
        spans, which its rows never read, would be a tenth of each one's cost."""
        if self.closed:
            raise RuntimeError("this simulation was closed")
        return self.result(log=False), hours_by_unit(work_spans(self.rec))


def run_for_row(scenario, plans: dict, area, seed: int) -> tuple[dict, dict[str, float]]:
    """Run ``scenario`` to its horizon for a sweep's row: :meth:`Simulation.for_row`."""
    simulation = Simulation(scenario, plans, area, seed)
    outcome = simulation.run().for_row()
    simulation.close()
    return outcome


def run_scenario(scenario, plans: dict, area, seed: int, *, until: float | None = None,
                 policy: Policy | None = None, observe: bool = False) -> dict:
    """Run ``scenario`` under ``plans`` (id → plan) on ``area`` with ``seed``; the result dict
    (with ``observed`` when ``observe``: see :mod:`sim.engine.observer`)."""
    simulation = Simulation(scenario, plans, area, seed, policy=policy, observe=observe)
    result = simulation.run(until).result()
    simulation.close()
    return result
