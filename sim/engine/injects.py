"""The scenario's injects, fed into the simulation at their times.

Each inject is a callback at its time (no process of its own). What an inject does to
the grid and the incident goes through the simulation's public methods —
:meth:`~sim.engine.run.Simulation.damage`, :meth:`~sim.engine.run.Simulation.open_incident`,
:meth:`~sim.engine.run.Simulation.set_condition` — the same ones another plan's
process (a fire spreading into a line corridor) would call.
"""

from __future__ import annotations

from ..memo import cached
from ..messages import bilingual
from ..plan.criteria import figure_key
from ..inputs.scenario import (ConditionInject, Demand, Fault, FigureInject, Forecast, GenerationTrip, Hazard, Incident,
                        Notice, SupplyChange)
from .schedule import call_later


def schedule(sim) -> None:
    for inject in sim.scenario.injects:
        call_later(sim.env, inject.at_h, lambda inject=inject: _fire(sim, inject))


def _later(sim, hours: float, action) -> None:
    call_later(sim.env, hours, action)


def _fire(sim, inject) -> None:
    log = sim.rec.event
    now = sim.env.now
    name = cached(inject.text, bilingual)  # the same in every replication: made once
    if isinstance(inject, Forecast):
        log(now, "scenario", "forecast", name, "scenario", None, {"inject": inject.id, "metrics": dict(inject.metrics)})
        for runner in sim.runners:
            runner.forecast(inject)
    elif isinstance(inject, Hazard):
        log(now, "scenario", "hazard_begins", name, "scenario", None, {"inject": inject.id})
        sim.hazards_active += 1
        for condition in inject.conditions:
            sim.set_condition(condition, True)
        sim.changed()

        def end() -> None:
            log(sim.env.now, "scenario", "hazard_ends", name, "scenario", None, {"inject": inject.id})
            sim.hazards_active -= 1  # logged, then acted on: an observer sees it over from its entry on
            for condition in inject.conditions:
                sim.set_condition(condition, False)
            sim.changed()

        _later(sim, inject.duration_h, end)
    elif isinstance(inject, Fault):
        elements = list(inject.substations) + list(inject.feeders)
        if inject.random is not None:
            draws = sim.streams.uniforms("damage", len(inject.random.feeders))
            elements += [f for f, u in zip(inject.random.feeders, draws) if u < inject.random.probability and f not in elements]
        log(now, "scenario", "fault", name, "scenario", None,
            {"inject": inject.id, "elements": elements, "damaged": inject.damaged})
        sim.damage(elements, severity=inject.severity, damaged=inject.damaged)
    elif isinstance(inject, Incident):
        sim.open_incident(inject.incident, text=name, damages=inject.damages, conditions=inject.conditions,
                          severity=inject.severity,
                          cleared_by=inject.cleared_by, duration_h=inject.duration_h, incident_id=inject.id)
    elif isinstance(inject, ConditionInject):
        log(now, "scenario", "condition_begins", name, "scenario", None,
            {"inject": inject.id, "condition": inject.condition})
        sim.set_condition(inject.condition, True)
        sim.changed()
        if inject.duration_h is not None:

            def end() -> None:
                log(sim.env.now, "scenario", "condition_ends", name, "scenario", None,
                    {"inject": inject.id, "condition": inject.condition})
                sim.set_condition(inject.condition, False)  # logged, then acted on, as it began
                sim.changed()

            _later(sim, inject.duration_h, end)
    elif isinstance(inject, GenerationTrip):
        log(now, "scenario", "generation_trip", name, "scenario", None,
            {"inject": inject.id, "generators": list(inject.generators)})
        sim.trip_plants(inject.generators, True)
        if inject.duration_h is not None:

            def end() -> None:
                log(sim.env.now, "scenario", "generation_back", name, "scenario", None,
                    {"inject": inject.id, "generators": list(inject.generators)})
                sim.trip_plants(inject.generators, False)

            _later(sim, inject.duration_h, end)
    elif isinstance(inject, FigureInject):
        key = figure_key(inject.figure, inject.grid)
        log(now, "scenario", "figure_set", name, "scenario", None, {"inject": inject.id, "figure": key,
                                                                    "value": inject.value})
        sim.set_figure(key, inject.value)
    elif isinstance(inject, Notice):
        log(now, "scenario", "message", name, "scenario", None, {"inject": inject.id})
    elif isinstance(inject, (Demand, SupplyChange)):
        attribute = "demand_factor" if isinstance(inject, Demand) else "supply_factor"
        active = sim.scalings.setdefault(attribute, {})
        log(now, "scenario", f"{inject.kind}_change", name, "scenario", None, {"inject": inject.id, "factor": inject.factor})
        active[inject.id] = inject.factor
        _set_factor(sim, attribute)

        def end() -> None:
            del active[inject.id]
            log(sim.env.now, "scenario", f"{inject.kind}_change_ends", name, "scenario", None, {"inject": inject.id})
            _set_factor(sim, attribute)

        _later(sim, inject.duration_h, end)


def _set_factor(sim, attribute: str) -> None:
    product = 1.0
    for factor in sim.scalings[attribute].values():
        product *= factor
    setattr(sim.grid, attribute, product)
    sim.changed()
