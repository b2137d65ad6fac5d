"""How much work a run will be, estimated from its files and bounded before it starts.

A file that validates must run to its end in bounded time and memory. Each number of a
scenario is bounded on its own (:mod:`sim.bounds`), but a run's work is a product of
numbers: the fires a fire-ban section expects times the steps each may burn, the fires
times the crews sent to each, the days times the places people attempt fire at, the
changes of the network times its elements, the plans' repeating duties over the horizon.
Each product is estimated here from the
files alone, as an upper bound (the highest chance of an attempt starting a fire, a
fire that burns to the end of the run, every listed element damaged), and a scenario
whose estimate passes the engine's bound is refused at the line to change, with the
figures and the reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..bounds import (MAX_ATTEMPTS, MAX_CREW_TRIPS, MAX_FIRE_STEPS, MAX_FIRES, MAX_NETWORK_CHANGES,
                      MAX_NETWORK_WORK, MAX_RATE_DAYS, MAX_REPEATS)
from ..messages import Message
from .fire_ban_references import within_run

Finding = tuple[tuple, Message]


def _n(value: float) -> str:
    return f"{value:,.0f}"


def workload_problems(scenario, duties, area) -> Iterator[Finding]:
    """The products of the scenario (with its plans' ``duties`` and its area, once loaded)
    past the engine's bounds."""
    repeats = sum(scenario.horizon_h / duty.task.repeat_every_h for duty in duties
                  if duty.task is not None and duty.task.repeat_every_h)
    if repeats > MAX_REPEATS:
        yield ("horizon_h",), Message("workload.repeats", repeats=_n(repeats), limit=_n(MAX_REPEATS))
    fires = 0.0
    if scenario.fire_ban is not None and within_run(scenario):
        fires = yield from _fire_ban(scenario, scenario.fire_ban)
    if area is not None:
        yield from _network(scenario, area, fires)


def expected_fires(section) -> float:
    """Fires the section expects at the most: each activity's expected attempts times its
    highest chance of starting a fire (the largest season, moisture and fuel factors), and
    every scripted attempt."""
    days = section.days()
    ignition = section.ignition
    season = max([s.factor for s in ignition.seasons] + [ignition.off_season_factor])
    moisture = max(m.factor for m in ignition.moisture)
    fuels = {f.id: f.ignition_factor for f in section.fuels}
    places = {p.id: p.fuel for p in section.places}
    total = float(len(section.scripted))
    for spec in section.activities:
        fuel = max((fuels.get(places.get(rate.place), 1.0) for rate in spec.rates), default=1.0)
        total += spec.expected_attempts(days) * min(1.0, spec.ignition_p * season * moisture * fuel)
    return total


def _fire_ban(scenario, section) -> Iterator[Finding]:
    root = ("fire_ban",)
    days = section.days()
    cells = len(days) * sum(len(spec.rates) for spec in section.activities)
    if cells > MAX_RATE_DAYS:
        yield root + ("activities",), Message("workload.rate_days", days=_n(len(days)), cells=_n(cells),
                                              limit=_n(MAX_RATE_DAYS))
    attempts = sum(spec.expected_attempts(days) for spec in section.activities)
    if attempts > MAX_ATTEMPTS:
        yield root + ("activities",), Message("workload.attempts", attempts=_n(attempts), limit=_n(MAX_ATTEMPTS))
    fires = expected_fires(section)
    if fires > MAX_FIRES:
        yield root + ("activities",), Message("workload.fires", fires=_n(fires), limit=_n(MAX_FIRES))
    steps = scenario.horizon_h * 60.0 / section.step_min
    if fires * steps > MAX_FIRE_STEPS:
        yield root + ("step_min",), Message("workload.fire_steps", fires=_n(fires), steps=_n(steps),
                                            product=_n(fires * steps), limit=_n(MAX_FIRE_STEPS))
    per_fire = sum(crew.per_fire for crew in section.crews if crew.count > 0)
    if fires * per_fire > MAX_CREW_TRIPS:
        yield root + ("crews",), Message("workload.crew_trips", fires=_n(fires), per_fire=_n(per_fire),
                                         product=_n(fires * per_fire), limit=_n(MAX_CREW_TRIPS))
    return fires


def _network(scenario, area, fires: float) -> Iterator[Finding]:
    elements = len(area.substations) + len(area.feeders)
    changes = len(scenario.injects)
    for inject in scenario.injects:
        for key in ("substations", "feeders", "damages"):
            changes += len(getattr(inject, key, ()))
        random = getattr(inject, "random", None)
        if random is not None:
            changes += len(random.feeders)
    section = scenario.fire_ban
    if section is not None and section.cascade is not None:
        supplies = {c.id: len(c.supplies) + 1 for c in area.corridors}
        reach = max((sum(supplies.get(r.corridor, 0) for r in place.corridors) for place in section.places), default=0)
        changes += fires * reach
    if changes > MAX_NETWORK_CHANGES:
        yield ("injects",), Message("workload.network_changes", changes=_n(changes), limit=_n(MAX_NETWORK_CHANGES))
    elif changes * elements > MAX_NETWORK_WORK:
        yield ("injects",), Message("workload.network_work", changes=_n(changes), elements=_n(elements),
                                    product=_n(changes * elements), limit=_n(MAX_NETWORK_WORK))
