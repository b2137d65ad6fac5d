"""The names a run's ids read as (名称), kept by kind: a unit, a duty, a measure, a level.

A result writes ids — who acted, which duty, which measure was activated — and every face
reads them as names. Ids are unique only within their kind in a plan: a duty may be called
as a measure is, a measure as a unit. So names are kept by kind, and a face reads an id
among the names of its kind (:meth:`Names.of`), as a log entry's rule is found among the
rules of its kind (:func:`sim.event_rules.logged_rules`); one table of every kind would
name both of two things with one id as whichever was named first.
:func:`sim.report.names_from` gives a run's names.

The other way round, a person may type a thing by its name where a file writes its id
(``check --activity 上坟烧纸``, ``classify --metric 减供负荷比例=25``): :func:`ids_by_name`
and :func:`named_id` read what was typed, the same way for every command that takes names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .messages import pick

#: What a run's ids can be, each a set of ids of its own:
#:
#: * ``unit`` — whoever a result says acted or was told: a plan's units and contacts (a fire
#:   relayed by the contact who took the call is logged under the contact), the area's key
#:   users (whose power the engine logs under them) and a fire-ban scenario's crews and posts;
#: * ``duty`` — a plan's duties, with its steps and report hops, which share their set of
#:   ids (a run logs each under its id as an entry's action, a span's work), and the
#:   engine's own work (fighting a fire);
#: * ``element`` — the area's substations, feeders, towns and line corridors;
#: * ``place`` — where a fire-ban scenario's people attempt outdoor fire;
#: * ``incident`` — the secondary incidents a run opened;
#: * ``fire`` — a run's fires by their number in order of ignition (火情1, Fire 1), when it
#:   held more than one, so that each fire's entries say which fire they are of;
#: * the rest as the plans, the area and the scenario call them.
KINDS = ("plan", "unit", "severity_level", "response_level", "measure", "resource", "activity", "zone", "period",
         "condition", "duty", "element", "place", "inject", "incident",
         "fire")


class Names:
    """Id → ``{zh, en}`` name, kind by kind (:data:`KINDS`)."""

    def __init__(self) -> None:
        self._kinds: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}

    def add(self, kind: str, key: str, name: Any) -> None:
        """``key``, of ``kind``, reads as ``name``, unless its kind named it before (a unit
        that two plans both list reads as the first plan names it)."""
        self._kinds[kind].setdefault(key, name)

    def of(self, kind: str) -> Mapping[str, Any]:
        """The names of one kind by id."""
        return self._kinds[kind]


def ids_by_name(names: Mapping[str, Iterable[Any]]) -> dict[str, str]:
    """Id by what may be typed for it: the id and the English name (both case-insensitive)
    and the Chinese name, of each id's names (``{zh, en}``, a mapping or a plan's text); a name two ids share finds
    neither, so a typed name never silently picks one of two things."""
    found: dict[str, str | None] = {}
    for key, texts in names.items():
        texts = list(texts)
        for name in {key.casefold(), *(pick(t, "zh") for t in texts), *(pick(t, "en").casefold() for t in texts)}:
            found[name] = key if found.get(name, key) == key else None
    return {name: key for name, key in found.items() if key is not None}


def named_id(ids: Mapping[str, str], value: str) -> tuple[str | None, list[str]]:
    """The id ``value`` names among ``ids`` (:func:`ids_by_name`) — an id or a whole name, else
    the one id whose Chinese name contains it (``白彦沟`` for 大青山国家级自然保护区白彦沟) — and,
    when it names several, their ids (sorted), for the person to choose from."""
    found = ids.get(value) or ids.get(value.casefold())
    if found is not None or not value.strip():
        return found, []
    candidates = sorted({key for name, key in ids.items() if value in name and not name.isascii()})
    return (candidates[0], []) if len(candidates) == 1 else (None, candidates)
