"""The tables of what is filed around a drill (migration 0003): objectives, options, improvement items.

Kept apart from :mod:`sim.drills.db`, which holds what a drill *is* (inputs, clock, log),
because these rows are the office's papers about it: the objectives the facilitator set,
whether participants may see them, the drill a fork came from, and the improvement
plan. They share :data:`sim.drills.db.metadata` and its naming convention.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import (Boolean, Column, Date, DateTime, Float, ForeignKey, Integer, Table, UniqueConstraint, insert,
                        select, update)
from sqlalchemy.engine import Connection, Engine

from .db import metadata, reading
from .text import CheckedJSON, CheckedString

objectives = Table(
    "drill_objectives",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("drill_id", Integer, ForeignKey("drills.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("key", CheckedString(80, "objectives"), nullable=False),
    Column("text", CheckedJSON("objectives"), nullable=False),
    Column("actions", CheckedJSON("objectives"), nullable=False),
    Column("units", CheckedJSON("objectives"), nullable=False),
    UniqueConstraint("drill_id", "key"),
)

options = Table(
    "drill_options",
    metadata,
    Column("drill_id", Integer, ForeignKey("drills.id", ondelete="CASCADE"), primary_key=True),
    Column("share_objectives", Boolean, nullable=False),
    Column("parent_id", Integer, ForeignKey("drills.id", ondelete="SET NULL"), nullable=True),
    Column("fork_h", Float, nullable=True),
)

improvements = Table(
    "drill_improvements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("drill_id", Integer, ForeignKey("drills.id", ondelete="CASCADE"), nullable=False),
    Column("finding", CheckedString(200, "improvement"), nullable=False),
    Column("attribution", CheckedString(20, "improvement"), nullable=False),
    Column("grade", CheckedString(20, "improvement"), nullable=False),
    Column("clause", CheckedString(80, "improvement"), nullable=False),
    Column("text", CheckedJSON("improvement"), nullable=False),
    Column("unit", CheckedString(80, "unit"), nullable=False),
    Column("due", Date, nullable=False),
    Column("status", CheckedString(20, "status"), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
    UniqueConstraint("drill_id", "finding"),
)


@dataclass(frozen=True)
class Options:
    """A drill's options: participants see the objectives; the drill it was forked from, and when."""

    share_objectives: bool = False
    parent_id: int | None = None
    fork_h: float | None = None


def read_options(engine: Engine, drill_id: int) -> Options:
    with reading(engine) as connection:
        row = connection.execute(select(options).where(options.c.drill_id == drill_id)).mappings().one_or_none()
    if row is None:
        return Options()
    fork_h = row["fork_h"]
    return Options(bool(row["share_objectives"]), row["parent_id"], None if fork_h is None else float(fork_h))


def write_options(connection: Connection, drill_id: int, **values) -> None:
    """Set some of a drill's options inside the caller's write transaction (a row is made on first use)."""
    found = connection.execute(select(options.c.drill_id).where(options.c.drill_id == drill_id)).one_or_none()
    if found is None:
        connection.execute(insert(options).values(drill_id=drill_id, **{**asdict(Options()), **values}))
    else:
        connection.execute(update(options).where(options.c.drill_id == drill_id).values(**values))

