"""The improvement plan (改进计划): each finding of a drill becomes a tracked action.

An evaluation is only worth its follow-up. Each finding of a drill
(:mod:`sim.drills.findings`) is filed as an improvement item with the unit responsible
for it, a due date and a status (待整改 open, 整改中 in progress, 已完成 closed), stored
with the drill. A finding about the players is the played unit's to act on; a finding
about the plan is the headquarters office's, which keeps the plan — and it opens a
draft variant of the plan on the What-if page (:func:`whatif_link`).

Items are listed across drills, and a drill shows the items of the earlier drills of
the same scenario: which were closed before it, and which are still open.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from ..errors import echoed
from ..messages import LANGUAGES, Message, section, text, typed
from . import db
from .actions import Catalogue
from .findings import Finding
from .paper_tables import improvements as table
from .refusals import refused

#: status -> (Chinese, English)
STATUSES: dict[str, tuple[str, str]] = section("drill_improvement_status.")  # in the one catalogue, sim.messages
#: Days from filing to the default due date.
DUE_DAYS = 30


@dataclass(frozen=True)
class Improvement:
    id: int
    drill_id: int
    drill_name: str
    scenario: str
    finding: str
    attribution: str
    grade: str
    clause: str
    text: Mapping[str, str]
    unit: str
    due: dt.date
    status: str
    updated: dt.datetime

    @property
    def action(self) -> Mapping[str, str]:
        """What is to be done (the finding's recommendation)."""
        return self.text["action"]

    @property
    def found(self) -> Mapping[str, str]:
        """What the drill found."""
        return self.text["finding"]

    @property
    def carried_from(self) -> int | None:
        """The item of the original drill this one carries on (a fork's), if any."""
        return self.text.get("carried_from")



def responsible(finding: Finding, plan) -> str:
    """Who acts on a finding: the played unit, or for the plan the headquarters office that keeps it."""
    return finding.role if finding.attribution == "players" else plan.headquarters.office_unit


def file(engine: Engine, drill_id: int, findings: Sequence[Finding], plan, *, key: str | None,
         today: dt.date | None = None) -> list[Improvement]:
    """File each finding not yet filed for the drill as an open item, due in :data:`DUE_DAYS` days
    (the facilitator's). Refused on an archived drill, as every change to it is: the items
    filed are its improvement plan, which its report shows. Its items filed before it was
    archived are still followed up (:func:`update_item`)."""
    today = today or dt.date.today()
    now = dt.datetime.now(dt.timezone.utc)
    with db.writing(engine) as connection:
        db.facilitator_writing(connection, drill_id, key)
        filed = set(connection.execute(select(table.c.finding).where(table.c.drill_id == drill_id)).scalars())
        for finding in findings:
            if finding.key in filed:
                continue
            connection.execute(insert(table).values(
                drill_id=drill_id, finding=finding.key, attribution=finding.attribution, grade=finding.grade,
                clause=finding.clause, text={"action": dict(finding.advice), "finding": dict(finding.text)},
                unit=responsible(finding, plan), due=today + dt.timedelta(days=DUE_DAYS), status="open", updated=now))
    return listing(engine, drill_id=drill_id)


def _due_date(due: dt.date | str, was: dt.date, created: dt.datetime) -> dt.date:
    """``due`` as a date (``YYYY-MM-DD`` when typed), refused when it is written otherwise,
    names a day no calendar has (``2026-02-30``), or is moved to a day before the drill was
    held: an item is what to do after the drill, so a due date before it is a slip of the
    keyboard (``0001-01-01``). The drill's date is the earliest any calendar showed when it
    was made (UTC−12), so no facilitator's own today is refused, wherever the server stands;
    the item's date as it was (``was``) stands, as a page sends it back with a new status."""
    if isinstance(due, str):
        typed_due = due.strip()
        try:
            due = dt.date.fromisoformat(typed_due)
        except ValueError:
            if _ISO_DATE.fullmatch(typed_due):  # written as asked, but the month has no such day
                raise refused("due", Message("drill_improvement.no_such_due", due=echoed(typed_due))) from None
            raise refused("due", Message("drill_improvement.bad_due", due=repr(due))) from None
    held = (created.astimezone(dt.timezone.utc) - dt.timedelta(hours=12)).date()
    if due != was and due < held:
        raise refused("due", Message("drill_improvement.due_before", due=due.isoformat(), held=held.isoformat()))
    return due


#: A date as ``--due`` takes it, ``2026-03-31``: the shape alone, whether or not the day exists.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def update_item(engine: Engine, item_id: int, *, key: str | None, status: str | None = None,
                unit: str | None = None, due: dt.date | str | None = None,
                catalogue: Catalogue | None = None) -> Improvement:
    """Change an item's status, responsible unit or due date; the facilitator's of the item's
    drill. ``unit`` is the plan's unit it names, its id or its name in either language, read
    by ``catalogue`` (the drill's) as every ``--role`` is read, and refused as they are when it
    names several units or none. An archived drill's items are followed up as before: what is to be
    done after a drill goes on after it is tidied away (the drill's own record is not changed)."""
    item = get(engine, item_id)
    db.require_facilitator(engine, item.drill_id, key)
    values: dict = {}
    if status is not None:
        if status not in STATUSES:
            raise refused("status", Message("drill_improvement.bad_status", status=repr(status), statuses=typed(
                (s, dict(zip(LANGUAGES, words))) for s, words in STATUSES.items())))
        values["status"] = status
    if unit is not None:
        values["unit"] = catalogue.unit_of(unit, "unit") if catalogue is not None else unit
    if due is not None:
        values["due"] = _due_date(due, item.due, db.load_drill(engine, item.drill_id).created)
    with db.writing(engine) as connection:
        found = connection.execute(select(table.c.id).where(table.c.id == item_id)).one_or_none()
        if found is None:
            raise refused("improvement", Message("drill_improvement.unknown", id=item_id))
        if values:
            values["updated"] = dt.datetime.now(dt.timezone.utc)
            connection.execute(update(table).where(table.c.id == item_id).values(**values))
    return get(engine, item_id)


def _rows(engine: Engine, *where) -> list[Improvement]:
    with db.reading(engine) as connection:
        rows = connection.execute(
            select(table, db.drills.c.name, db.drills.c.scenario)
            .join(db.drills, db.drills.c.id == table.c.drill_id)
            .where(*where)
            .order_by(table.c.drill_id.desc(), table.c.id)
        ).mappings().all()
    return [Improvement(r["id"], r["drill_id"], r["name"], r["scenario"], r["finding"], r["attribution"], r["grade"],
                        r["clause"], dict(r["text"]), r["unit"], r["due"], r["status"], r["updated"]) for r in rows]


def get(engine: Engine, item_id: int) -> Improvement:
    found = _rows(engine, table.c.id == item_id) if db.storable_id(item_id) else []
    if not found:
        raise refused("improvement", Message("drill_improvement.unknown", id=item_id))
    return found[0]


def listing(engine: Engine, *, drill_id: int | None = None, scenario: str | None = None) -> list[Improvement]:
    """Items across drills (newest drill first), or of one drill, or of one scenario's drills."""
    where = []
    if drill_id is not None:
        if not db.storable_id(drill_id):
            return []
        where.append(table.c.drill_id == drill_id)
    if scenario is not None:
        where.append(db.drills.c.scenario == scenario)
    return _rows(engine, *where)


def earlier(engine: Engine, drill_id: int) -> list[Improvement]:
    """The items of the earlier drills of the same scenario: what this drill follows up
    (an item this drill carries on as its own — a fork's — is listed once, as its own)."""
    record = db.load_drill(engine, drill_id)
    carried = {i.carried_from for i in listing(engine, drill_id=drill_id)}
    return [i for i in listing(engine, scenario=record.scenario) if i.drill_id < drill_id and i.id not in carried]


def whatif_link(item: Improvement, language: str | None = None) -> str | None:
    """The What-if page opening a draft variant of the plan for an item about the plan, in
    ``language`` when given (``&lang=``), as the drill's other links: a draft opened from an
    English page reads in English."""
    if item.attribution != "plan":
        return None
    return f"whatif?{urlencode({'improvement': item.id, **({'lang': language} if language else {})})}"


def status_label(status: str, language: str) -> str:
    return text(f"drill_improvement_status.{status}", language)
