"""The names a run's ids read as (名称), kept by kind: a unit, a duty, a measure, a level.

A result writes ids — who acted, which duty, which measure was activated — and every face
reads them as names. Ids are unique only within their kind in a plan: a duty may be called
as a measure is, a measure as a unit. So names are kept by kind, and a face reads an id
among the names of its kind (:meth:`Names.of`), as a log entry's rule is found among the
rules of its kind (:func:`sim.event_rules.logged_rules`); one table of every kind would
name both of two things with one id as whichever was named first.
:func:`sim.report.names_from` gives a run's names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
#: * the rest as the plans, the area and the scenario call them.
KINDS = ("plan", "unit", "severity_level", "response_level", "measure", "resource", "activity", "zone", "period",
         "condition", "duty", "element", "place", "inject", "incident")


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
