"""Restart a drill from any moment: a fork with the same seed and the log up to that time.

A trainer's favourite question after a drill is “what if the county had declared at
two o'clock?”. A fork answers it: a new drill on the same stored inputs and seed, its
clock paused at the chosen moment, holding the original's log up to that moment (every
action, assignment, release and facilitator inject, in order) and the roles as they
were held then. Replaying it gives the original's incident up to the fork exactly — the
engine is deterministic — so only the decisions taken after it differ. The fork keeps
the drill it came from and when (``drill_options``), so its report can compare itself
with the original, and carries the original's improvement items that are not closed yet
and whose finding the fork has reached (it happened at or before the fork's moment).
Like a new drill, a fork has keys of its own: one for its facilitator
and one for each role's holder (:mod:`sim.drills.keys`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from ..clock import clock
from ..messages import Message, text
from . import db, keys
from .paper_tables import improvements as improvements_table
from .paper_tables import objectives as objectives_table
from .paper_tables import options as options_table
from .paper_tables import read_options, write_options
from .refusals import refused
from .text import checked, limit_of



def fork(engine: Engine, drill_id: int, at_h: float, *, key: str | None, name: str | None = None,
         language: str = "zh") -> keys.NewDrill:
    """A new drill that is ``drill_id`` up to ``at_h`` hours, paused there; its id and keys
    (the facilitator's of the original). Without a ``name`` it is named after the original
    in ``language`` (:func:`default_name`); a typed one is checked at the door
    (:func:`sim.drills.text.checked`), before anything is read or written."""
    typed = checked(name or "", "name", limit=limit_of(db.drills.c.name)).strip()
    db.require_facilitator(engine, drill_id, key)
    record = db.load_drill(engine, drill_id)
    start = _start(record)
    played = record.clock.now()
    if not 0 <= at_h <= played:
        raise refused("at", Message("drill_fork.outside", at=clock(start, at_h), start=clock(start, 0),
                                    now=clock(start, played)))
    # the original's name, with the moment, may be longer than a name can be: cut to fit
    name = typed or default_name(record.name, clock(start, at_h), language)[:limit_of(db.drills.c.name)]
    kept = [a for a in record.actions if a.at_h <= at_h and a.kind != "clock"]
    holders = {role: person for role, stints in record.stints().items()
               for person, since, until in stints if since <= at_h and (until is None or until > at_h)}
    options = read_options(engine, drill_id)
    found = found_at(engine, drill_id)
    facilitator_key = keys.new_key()
    role_keys = {role: keys.new_key() for role in sorted(holders)}
    with db.writing(engine) as connection:
        new_id = connection.execute(insert(db.drills).values(
            name=name, scenario=record.scenario, inputs=dict(record.inputs), seed=record.seed,
            replication=record.replication, settings=dict(record.settings), end_h=record.clock.end_h, clock_h=at_h,
            clock_running=False, clock_rate=record.clock.rate, clock_anchor=record.clock.anchor, clock_seen=None,
            next_seq=max((a.seq for a in kept), default=0),
            created=db._now(), facilitator=record.facilitator, facilitator_key=keys.digest(facilitator_key),
        ).returning(db.drills.c.id)).scalar_one()
        for role, person in sorted(holders.items()):
            connection.execute(insert(db.participants).values(drill_id=new_id, role=role, person=person,
                                                              key=keys.digest(role_keys[role])))
        for inject in record.injects:
            released = inject.released_h if inject.released_h is not None and inject.released_h <= at_h else None
            if inject.at_h is None and released is None:
                continue  # a facilitator's message sent after the fork: not part of its past
            connection.execute(insert(db.injects).values(
                drill_id=new_id, key=inject.key, at_h=inject.at_h, roles=list(inject.roles), title=dict(inject.title),
                body=dict(inject.body), released_h=released))
        for action in kept:  # under their own numbers: a facilitator's inject is keyed by its action's
            connection.execute(insert(db.actions).values(
                drill_id=new_id, seq=action.seq, at_h=action.at_h, wall=action.wall, role=action.role, person=action.person,
                kind=action.kind, args=dict(action.args)))
        rows = connection.execute(select(objectives_table).where(objectives_table.c.drill_id == drill_id)).mappings().all()
        for row in rows:
            connection.execute(insert(objectives_table).values(
                drill_id=new_id, position=row["position"], key=row["key"], text=row["text"], actions=row["actions"],
                units=row["units"]))
        _carry_open_items(connection, drill_id, new_id, found, at_h)
        write_options(connection, new_id, share_objectives=options.share_objectives, parent_id=drill_id, fork_h=at_h)
    return keys.NewDrill(new_id, facilitator_key, role_keys)


def default_name(original: str, at: str, language: str) -> str:
    """A fork's name when the facilitator gives none: the original's, and the moment it is
    replayed from, in the language of the page or command that made it — both (``both``)
    inside one pair of brackets: ``演练（自 07-18 14:00 重演 · replayed from 07-18 14:00）``."""
    replayed = text("drill_fork.replayed", language, clock=at)
    return text("drill_fork.name", "en" if language == "en" else "zh", name=original, replayed=replayed)


def found_at(engine: Engine, drill_id: int) -> dict[str, float]:
    """When each finding of the drill first showed (its key → hours), as the drill's
    evaluation finds it now: the log only grows, so a finding keeps the moment it showed."""
    from .control import assess
    from .findings import findings

    state, key, evaluation = assess(engine, drill_id)
    return {finding.key: finding.t_h for finding in findings(state, key, evaluation)}


def _carry_open_items(connection, drill_id: int, new_id: int, found: dict[str, float], at_h: float) -> None:
    """The original's improvement items not yet closed go on with the fork, as they stand
    (unit, due date, status), each remembering the item it carries on
    (:attr:`sim.drills.improvement.Improvement.carried_from`): the fork is the same drill
    played again, and what it was to put right is still to be put right — up to the fork.

    An item whose finding showed after ``at_h`` stays behind: the fork has not got there,
    and may never (its players may do better). An item tied to no moment (``found`` does
    not know its finding any more) goes on: nothing shows it lies beyond the fork, and an
    open item left behind would be follow-up work lost without a word, while one carried
    too many is in plain sight in the fork's list, to be closed there."""
    rows = connection.execute(select(improvements_table).where(
        improvements_table.c.drill_id == drill_id, improvements_table.c.status != "closed")
        .order_by(improvements_table.c.id)).mappings().all()
    for row in rows:
        if found.get(row["finding"], at_h) > at_h:
            continue
        connection.execute(insert(improvements_table).values(
            drill_id=new_id, finding=row["finding"], attribution=row["attribution"], grade=row["grade"],
            clause=row["clause"], text={**dict(row["text"]), "carried_from": row["id"]}, unit=row["unit"],
            due=row["due"], status=row["status"], updated=row["updated"]))


def _start(record: db.DrillRecord):
    from .inputs import of_drill

    return of_drill(record).scenario.start


@dataclass(frozen=True)
class Lineage:
    """Where a fork came from: the original drill and the moment of the fork."""

    parent_id: int
    fork_h: float


def lineage(engine: Engine, drill_id: int) -> Lineage | None:
    options = read_options(engine, drill_id)
    if options.parent_id is None or options.fork_h is None:
        return None
    return Lineage(options.parent_id, options.fork_h)


@dataclass(frozen=True)
class Forked:
    """A drill forked from another: its id, its name and the moment of the original it starts from."""

    id: int
    name: str
    fork_h: float


def forks_of(engine: Engine, drill_id: int) -> list[Forked]:
    """The drills forked from ``drill_id``, the earliest moment first (then the first made):
    its console and desks name them, so the people of the original know the drill goes on
    elsewhere from that moment."""
    query = (select(db.drills.c.id, db.drills.c.name, options_table.c.fork_h)
             .join(options_table, options_table.c.drill_id == db.drills.c.id)
             .where(options_table.c.parent_id == drill_id, options_table.c.fork_h.is_not(None))
             .order_by(options_table.c.fork_h, db.drills.c.id))
    with db.reading(engine) as connection:
        return [Forked(row.id, row.name, float(row.fork_h)) for row in connection.execute(query)]
