"""The area model: the towns, the distribution network and the key power users of a county.

A plan says *who* does *what* when the load shed crosses a threshold; the engine also
needs *what* there is to lose: substations and feeders carrying load (MW) and customers,
the key power users (重要电力用户) on them with their on-site backup power, which areas
are key areas, and in which order the power company restores supply (5.2.1 优先恢复重要
电力用户和重点地区). That is the area file (``plans/areas/<id>.yaml``).

Real distribution networks are not published. An area file therefore rests on a few
public facts (``facts``, each with its ``source``) and otherwise on plausible numbers,
each record carrying an ``assumption`` that says why its numbers were chosen, so a
planner with the real network can replace them.

Topology is deliberately simple: a substation is fed by at most one upstream substation
(``fed_by``), a feeder hangs off one substation, a key user sits on one feeder. A
substation out of service takes every substation and feeder below it with it.

``corridors`` are the power-line corridors (线路走廊) that cross open country: which
lines run in them and what those lines supply. A grass fire that reaches a corridor
trips its lines, and what they supply goes out (:mod:`sim.fire`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Literal

from pydantic import Field

from ..bounds import MAX_COUNT, MAX_ELEMENTS, MAX_FACTOR, MAX_HOURS, MAX_KV, MAX_MW, MAX_PEOPLE
from ..errors import echoed
from ..findings import Finding, named, unknown
from ..messages import Message
from ..plan.ban_notice import MonthDay
from ..plan.common import Cited, Id, NamedCondition, NonEmpty, StrictModel, Text



class Fact(Cited):
    """A public fact the model rests on (population, supply area, …), with its source."""

    id: Id
    text: Text
    value: float | None = None
    unit: NonEmpty | None = None


class HeatingSeason(Cited):
    """The heating season (采暖期) as month-days; a start after the end crosses the new year.

    5.2.3 asks for heat supply "采暖期内"; scenarios derive their ``heating_season``
    condition from their start date and this range unless they set it explicitly.
    """

    start: MonthDay
    end: MonthDay

    def contains(self, day: dt.date) -> bool:
        key = f"{day.month:02d}-{day.day:02d}"
        if self.start <= self.end:
            return self.start <= key <= self.end
        return key >= self.start or key <= self.end


class Supply(Cited):
    """What the upstream grid can deliver into the area's network (MW).

    When demand exceeds it (a summer peak), the dispatcher sheds feeders in reverse
    restoration priority (有序用电) until the rest fits.
    """

    capacity_mw: float = Field(gt=0, le=MAX_MW)


class Town(Cited):
    """A town (镇) or an industrial park: the places feeders serve."""

    id: Id
    name: Text
    kind: Literal["town", "industrial_park"]
    population: int = Field(default=0, ge=0, le=MAX_PEOPLE)


class Substation(Cited):
    """A substation; ``fed_by`` names the upstream substation it depends on (none: the grid)."""

    id: Id
    name: Text
    kv: float = Field(gt=0, le=MAX_KV)
    town: Id
    fed_by: Id | None = None


class Feeder(Cited):
    """A distribution feeder (or a dedicated industrial line) with its load and customers.

    ``priority`` orders restoration: 1 is restored first. ``key_area`` marks a key area
    (重点地区) in the sense of 5.2.1 and 5.4 (2); its load counts as key load.
    """

    id: Id
    name: Text
    substation: Id
    town: Id
    load_mw: float = Field(gt=0, le=MAX_MW)
    customers: int = Field(ge=0, le=MAX_PEOPLE)
    priority: int = Field(ge=1, le=MAX_COUNT)
    key_area: bool = False


class Backup(Cited):
    """On-site emergency power (自备应急电源) of a key user and how long its fuel lasts."""

    name: Text
    fuel_hours: float = Field(ge=0, le=MAX_HOURS)


class KeyUser(Cited):
    """A key power user (重要电力用户) on a feeder; its feeder's load counts as key load.

    ``outage_conditions`` are incident conditions present while the user has no power at
    all (neither grid nor backup), e.g. ``water_outage`` while the water works is dark;
    plan duties that ``require`` them start then.
    """

    id: Id
    name: Text
    category: Id
    feeder: Id
    load_mw: float = Field(ge=0, le=MAX_MW)
    priority: int = Field(ge=1, le=MAX_COUNT)
    high_risk: bool = False
    backup: Backup | None = None
    outage_conditions: list[Id] = Field(default_factory=list)


class Corridor(Cited):
    """A power-line corridor across open country and what its lines supply.

    When a fire reaches it, the lines trip and ``supplies`` (substations or feeders) go
    out of service until the fire is contained and a crew has inspected and repaired
    them (``severity`` scales the repair time); ``conditions`` are incident conditions
    present while the fire is open (burnt trees on the lines: ``trees_on_lines``).
    """

    id: Id
    name: Text
    kv: float = Field(gt=0, le=MAX_KV)
    lines: list[Text] = Field(min_length=1, description="The lines that run in the corridor.")
    supplies: list[Id] = Field(min_length=1)
    severity: float = Field(default=1.0, gt=0, le=MAX_FACTOR)
    conditions: list[Id] = Field(default_factory=list)


class GridPart(Cited):
    """A grid within or around the area's own (a city grid holding the county's; a county
    seat's grid inside it), with its own figures.

    It covers the feeders of ``towns`` (omitted: the whole area). ``load_mw`` and
    ``customers`` are the grid's own totals when it is larger than what the area models
    (a provincial grid around one county); omitted, they are its feeders' sums. Plans
    name a grid by its ``scope``; an area may hold several grids of one scope (two cities
    of a province), and a plan's row for that scope is then tested on each of them.
    """

    id: Id
    name: Text
    scope: Id
    towns: list[Id] | None = None
    within: Id | None = Field(default=None, description="The grid it lies in (another grid's id).")
    load_mw: float | None = Field(default=None, gt=0, le=MAX_MW)
    customers: int | None = Field(default=None, gt=0, le=MAX_PEOPLE)


class Generator(Cited):
    """A power plant's generating units in a town; a ``generation`` inject trips them."""

    id: Id
    name: Text
    town: Id
    capacity_mw: float = Field(gt=0, le=MAX_MW)


class Area(StrictModel):
    """A county's towns, network and key power users, as the engine needs them."""

    id: Id
    name: Text
    notice: Text = Field(description="What the model is and is not (e.g. that the real network is not public).")
    facts: list[Fact] = Field(default_factory=list)
    heating_season: HeatingSeason
    supply: Supply
    towns: list[Town] = Field(min_length=1)
    substations: list[Substation] = Field(min_length=1)
    feeders: list[Feeder] = Field(min_length=1)
    key_users: list[KeyUser] = Field(default_factory=list, max_length=MAX_ELEMENTS)
    corridors: list[Corridor] = Field(default_factory=list, max_length=MAX_ELEMENTS)
    grid_scope: Id | None = Field(default=None, description="The kind of grid the area's own is (e.g. county).")
    grids: list[GridPart] | None = Field(default=None, description="Grids within or around the area's own.")
    generators: list[Generator] | None = Field(
        default=None, description="Power plants in the area; their capacity adds to `supply` while they run.")
    conditions: list[NamedCondition] = Field(
        default_factory=list, max_length=MAX_ELEMENTS,
        description="Names of the incident conditions its key users and corridors set that the plans do not "
        "name (telecom_outage: 通信中断), so people read a name where the area writes an id.")

    def element_ids(self) -> set[str]:
        """Ids that injects may damage: substations and feeders."""
        return {s.id for s in self.substations} | {f.id for f in self.feeders}

    def reference_problems(self) -> list[Finding]:
        """Cross-references inside the file, as ``(path, message)`` pairs."""
        return list(_references(self))


def _duplicates(groups: Iterable[tuple[str, list]]) -> Iterator[Finding]:
    counts = Counter(item.id for _, items in groups for item in items)
    for key, items in groups:
        for i, item in enumerate(items):
            if counts[item.id] > 1:
                yield (key, i, "id"), Message("xref.duplicate_id", id=echoed(item.id))
                counts[item.id] = 0


def _known(items: dict, value: str | None, path: tuple, what: str) -> Iterator[Finding]:
    if value is not None and value not in items:
        yield path, unknown(what, value, items)


def _references(area: Area) -> Iterator[Finding]:
    elements = len(area.substations) + len(area.feeders)
    if elements > MAX_ELEMENTS:
        yield ("feeders",), Message("workload.elements", elements=f"{elements:,}", limit=f"{MAX_ELEMENTS:,}")
    yield from _duplicates(
        [("towns", area.towns), ("substations", area.substations), ("feeders", area.feeders), ("key_users", area.key_users),
         ("corridors", area.corridors), ("conditions", area.conditions)]
    )
    towns = {t.id: t for t in area.towns}
    substations = {s.id: s for s in area.substations}
    feeders = {f.id: f for f in area.feeders}
    for i, sub in enumerate(area.substations):
        yield from _known(towns, sub.town, ("substations", i, "town"), "town")
        yield from _known(substations, sub.fed_by, ("substations", i, "fed_by"), "substation")
    parents = {s.id: s.fed_by for s in area.substations}
    for i, sub in enumerate(area.substations):
        seen, node = set(), sub.id
        while node is not None and node in parents and node not in seen:
            seen.add(node)
            node = parents[node]
        if node is not None and node in seen:
            yield ("substations", i, "fed_by"), Message("xref.fed_in_loop", substation=named(sub))
    for i, feeder in enumerate(area.feeders):
        yield from _known(substations, feeder.substation, ("feeders", i, "substation"), "substation")
        yield from _known(towns, feeder.town, ("feeders", i, "town"), "town")
    for i, user in enumerate(area.key_users):
        yield from _known(feeders, user.feeder, ("key_users", i, "feeder"), "feeder")
        if user.feeder in feeders and user.load_mw > feeders[user.feeder].load_mw:
            feeder = feeders[user.feeder]
            yield (("key_users", i, "load_mw"),
                   Message("xref.key_user_load", user=named(user), load=f"{user.load_mw:g}", feeder=named(feeder),
                           feeder_load=f"{feeder.load_mw:g}"))
    elements = {**substations, **feeders}
    for i, corridor in enumerate(area.corridors):
        for j, element in enumerate(corridor.supplies):
            yield from _known(elements, element, ("corridors", i, "supplies", j), "element")
    grids = area.grids or []
    yield from _duplicates([("grids", grids), ("generators", area.generators or [])])
    grid_ids = {g.id: g for g in grids}
    for i, grid in enumerate(grids):
        for j, town in enumerate(grid.towns or ()):
            yield from _known(towns, town, ("grids", i, "towns", j), "town")
        yield from _known(grid_ids, grid.within, ("grids", i, "within"), "grid")
    for i, generator in enumerate(area.generators or ()):
        yield from _known(towns, generator.town, ("generators", i, "town"), "town")
