"""Everything a ``fire_ban`` section names must exist: zones, activities, units, clauses.

Run with the scenario's other cross-reference checks once the plans and the area are
loaded; each finding is ``(path, message)`` with the path from the scenario's root, so
the loader can point at the line. A penalty of a notice that the section does not map
to circumstances is a finding too: otherwise it would silently never be applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from ..errors import echoed
from ..findings import Finding, choices, named, repeated, unknown
from ..messages import Message
from ..plan import BanNotice

ROOT = ("fire_ban",)


def reference_problems(scenario, plans: Mapping[str, object], area) -> list[Finding]:
    section = scenario.fire_ban
    if section is None:
        return []
    return list(_section(scenario, section, plans, area))


def run_dates(scenario) -> tuple[dt.date, dt.date]:
    """The first and the last day of the scenario's run."""
    return scenario.start.date(), (scenario.start + dt.timedelta(hours=scenario.horizon_h)).date()


def within_run(scenario) -> bool:
    """The fire-ban section's dates lie within the run (so it has at most a year of days)."""
    start, end = run_dates(scenario)
    return start <= scenario.fire_ban.dates.start and scenario.fire_ban.dates.end <= end


def _known(items: Mapping[str, object], value: str | None, path: tuple, what: str) -> Iterator[Finding]:
    if value is not None and value not in items:
        yield ROOT + path, unknown(what, value, items)


def _duplicates(items: list, key: str, path: tuple, what: str) -> Iterator[Finding]:
    return repeated(items, ROOT + path, Message(f"ref.what.{what}"), key)


def _by_id(items) -> dict[str, object]:
    return {item.id: item for item in items}


def _plan_parts(plan) -> dict[str, dict[str, object]]:
    """The parts of ``plan`` a section may name, by kind and id (a duty as ``unit/duty``)."""
    return {
        "unit": _by_id(getattr(plan, "units", [])),
        "duty": {f"{u.id}/{d.id}": d for u in getattr(plan, "units", []) for d in u.duties},
        "requirement": _by_id(getattr(plan, "requirements", [])),
        "contact": _by_id(getattr(plan, "contacts", [])),
        "period": _by_id(getattr(plan, "periods", [])),
        "penalty": _by_id(getattr(plan, "penalties", [])),
    }


def _section(scenario, section, plans, area) -> Iterator[Finding]:
    notices = [p for p in plans.values() if isinstance(p, BanNotice)]
    zones = {z.id: z for n in notices for z in n.zones}
    activities = {a.id: a for n in notices for a in n.activities}
    parts = {pid: _plan_parts(plan) for pid, plan in plans.items()}
    places = _by_id(section.places)
    fuels = _by_id(section.fuels)
    corridors = _by_id(area.corridors) if area is not None else None
    specs = {s.activity: activities.get(s.activity) for s in section.activities}

    def in_plan(plan_id, kind, value, path):
        if plan_id in parts and value is not None and value not in parts[plan_id][kind]:
            yield ROOT + path, Message("xref.unknown_in_plan", what=Message(f"ref.what.{kind}"), value=echoed(value),
                                       plan=named(plans[plan_id]), choices=choices(parts[plan_id][kind]))

    def plan_known(plan_id, path):
        yield from _known(plans, plan_id, path, "plan")

    for key, what in (("places", "place"), ("fuels", "fuel"), ("patrols", "patrol"),
                      ("checkpoints", "checkpoint"), ("detection", "detector"), ("crews", "crew"),
                      ("scripted", "scripted")):
        yield from _duplicates(getattr(section, key), "id", (key,), what)
    yield from _duplicates(section.activities, "activity", ("activities",), "activity")

    if not within_run(scenario):
        start, end = run_dates(scenario)
        yield ROOT + ("dates",), Message("xref.dates_outside_run", start=section.dates.start, end=section.dates.end,
                                         run_start=start, run_end=end)

    for i, place in enumerate(section.places):
        yield from _known(zones, place.zone, ("places", i, "zone"), "zone")
        yield from _known(fuels, place.fuel, ("places", i, "fuel"), "fuel")
        if corridors is not None:
            for j, reach in enumerate(place.corridors):
                yield from _known(corridors, reach.corridor, ("places", i, "corridors", j, "corridor"),
                                  "area_corridor")
    for i, spec in enumerate(section.activities):
        yield from _known(activities, spec.activity, ("activities", i, "activity"), "activity")
        for j, rate in enumerate(spec.rates):
            yield from _known(places, rate.place, ("activities", i, "rates", j, "place"), "place")

    for day in section.days() if within_run(scenario) else ():
        if not any(r.dates.start <= day <= r.dates.end for r in section.weather.regimes):
            yield ROOT + ("weather", "regimes"), Message("xref.no_regime", day=day)
            break

    for i, season in enumerate(section.ignition.seasons):
        path = ("ignition", "seasons", i)
        yield from plan_known(season.plan, path + ("plan",))
        yield from in_plan(season.plan, "period", season.period, path + ("period",))

    for key in ("patrols", "checkpoints", "detection"):
        for i, item in enumerate(getattr(section, key)):
            path = (key, i)
            if item.plan is not None:
                yield from plan_known(item.plan, path + ("plan",))
                yield from in_plan(item.plan, "unit", item.unit, path + ("unit",))
                if (item.duty is not None and item.plan in parts and item.unit in parts[item.plan]["unit"]
                        and f"{item.unit}/{item.duty}" not in parts[item.plan]["duty"]):
                    unit = parts[item.plan]["unit"][item.unit]
                    yield ROOT + path + ("duty",), Message("xref.unit_has_no_duty", unit=named(unit),
                                                           plan=named(plans[item.plan]), duty=echoed(item.duty),
                                                           choices=choices(unit.duties))
                yield from in_plan(item.plan, "requirement", item.requirement, path + ("requirement",))
            for j, place in enumerate(getattr(item, "places", [])):
                yield from _known(places, place, path + ("places", j), "place")
    for i, checkpoint in enumerate(section.checkpoints):
        if checkpoint.requirement is None:
            yield ROOT + ("checkpoints", i), Message("xref.checkpoint_requirement")

    reporting = section.reporting
    yield from plan_known(reporting.plan, ("reporting", "plan"))
    yield from in_plan(reporting.plan, "requirement", reporting.requirement, ("reporting", "requirement"))
    yield from in_plan(reporting.plan, "contact", reporting.call, ("reporting", "call"))
    for j, contact in enumerate(reporting.relay.to):
        yield from in_plan(reporting.plan, "contact", contact, ("reporting", "relay", "to", j))
    yield from in_plan(reporting.plan, "requirement", reporting.relay.duty_requirement,
                       ("reporting", "relay", "duty_requirement"))
    yield from in_plan(reporting.plan, "unit", reporting.dispatcher, ("reporting", "dispatcher"))

    for i, crew in enumerate(section.crews):
        if crew.plan is not None:
            yield from plan_known(crew.plan, ("crews", i, "plan"))
            yield from in_plan(crew.plan, "unit", crew.unit, ("crews", i, "unit"))

    command = section.command
    yield from plan_known(command.plan, ("command", "plan"))
    yield from in_plan(command.plan, "unit", command.unit, ("command", "unit"))
    yield from in_plan(command.plan, "requirement", command.requirement, ("command", "requirement"))

    enforcement = section.enforcement
    yield from plan_known(enforcement.plan, ("enforcement", "plan"))
    yield from in_plan(enforcement.plan, "unit", enforcement.unit, ("enforcement", "unit"))
    mapped = set()
    for i, entry in enumerate(enforcement.penalties):
        path = ("enforcement", "penalties", i)
        yield from plan_known(entry.plan, path + ("plan",))
        yield from in_plan(entry.plan, "penalty", entry.penalty, path + ("penalty",))
        mapped.add((entry.plan, entry.penalty))
    for notice in notices:
        for rule in notice.rules:
            if not specs.keys() & set(rule.prohibited):
                continue
            for penalty in rule.penalties:
                if (notice.id, penalty) not in mapped:
                    penalties = _by_id(notice.penalties)
                    yield ROOT + ("enforcement", "penalties"), Message(
                        "xref.penalty_needs_when", notice=named(notice), rule=named(rule),
                        penalty=named(penalties[penalty]) if penalty in penalties else echoed(penalty))
                    mapped.add((notice.id, penalty))

    for i, script in enumerate(section.scripted):
        path = ("scripted", i)
        yield from _known(places, script.place, path + ("place",), "place")
        yield from _known(specs, script.activity, path + ("activity",), "activity")
        if script.at_h >= scenario.horizon_h:
            yield ROOT + path + ("at_h",), Message("xref.after_horizon", at=f"{script.at_h:g}",
                                                  horizon=f"{scenario.horizon_h:g}")
