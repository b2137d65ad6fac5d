"""The incident conditions a case can set, and the check that each one has a name.

A condition is an id (``weather_disaster``) that a plan's duties, measures and steps
require, and that the case sets: the scenario (its ``conditions``, its injects, its
incident template, its fire bans) and the area (what its key users lose when dark, what
a fire in one of its corridors brings). Every face reads a condition by its name, and a
condition set under a name that nothing requires or names is nearly always a typo that
would make nothing happen. So each condition a case can set must be named by a plan of
the scenario or by the area (each lists ``conditions``: id and name); the one condition
the engine derives itself, the heating season (from the area's dates), is named by the
product. A condition named nowhere is reported where it is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import echoed
from ..event_kinds import ENGINE_CONDITIONS
from ..findings import IN_AREA, Finding, choices
from ..messages import Message


def set_by(scenario, area) -> Iterator[tuple[tuple, str]]:
    """Every condition the case can set, with the path where it is written (a path in the
    area file starts with :data:`~sim.findings.IN_AREA`)."""
    for key in scenario.conditions:
        yield ("conditions", key), key
    for i, inject in enumerate(scenario.injects):
        path = ("injects", i)
        if inject.kind == "condition":
            yield path + ("condition",), inject.condition
        elif inject.kind == "incident":
            yield path + ("incident",), inject.incident
        if inject.kind in ("hazard", "incident"):
            for j, condition in enumerate(inject.conditions):
                yield path + ("conditions", j), condition
    template = scenario.template
    if template is not None:
        for i, weather in enumerate(template.weather):
            for j, condition in enumerate(weather.conditions):
                yield ("template", "weather", i, "conditions", j), condition
        if template.fires is not None:
            yield ("template", "fires", "incident"), template.fires.incident
        for i, item in enumerate(template.secondary):
            yield ("template", "secondary", i, "incident"), item.incident
            for j, condition in enumerate(item.conditions):
                yield ("template", "secondary", i, "conditions", j), condition
    fire_ban = scenario.fire_ban
    if fire_ban is not None:
        for i, season in enumerate(fire_ban.ignition.seasons):
            if season.condition is not None:
                yield ("fire_ban", "ignition", "seasons", i, "condition"), season.condition
        if fire_ban.cascade is not None:
            yield ("fire_ban", "cascade", "incident"), fire_ban.cascade.incident
    if area is not None:
        for i, user in enumerate(area.key_users):
            for j, condition in enumerate(user.outage_conditions):
                yield (IN_AREA, "key_users", i, "outage_conditions", j), condition
        if fire_ban is not None and fire_ban.cascade is not None:  # a corridor's conditions come with the cascade
            for i, corridor in enumerate(area.corridors):
                for j, condition in enumerate(corridor.conditions):
                    yield (IN_AREA, "corridors", i, "conditions", j), condition


def named(plans: Mapping[str, Any], scenario, area) -> dict[str, Any]:
    """Condition id -> what names it (a plan's or the area's entry), for the scenario's plans
    and the area; a plan's name first."""
    found: dict[str, Any] = {}
    for plan_id in scenario.plans:
        for condition in getattr(plans.get(plan_id), "conditions", None) or ():
            found.setdefault(condition.id, condition)
    for condition in getattr(area, "conditions", None) or ():
        found.setdefault(condition.id, condition)
    return found


def condition_problems(scenario, plans: Mapping[str, Any], area) -> list[Finding]:
    """Each condition the case sets that no plan of the scenario and not the area names."""
    known = named(plans, scenario, area)
    return [(path, Message("xref.unnamed_condition", value=echoed(condition), choices=choices(known)))
            for path, condition in set_by(scenario, area)
            if condition not in known and condition not in ENGINE_CONDITIONS]
