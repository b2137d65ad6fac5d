"""Drills in a database: every participant's action committed the moment it is taken.

An exercise is run by several people at once — a facilitator and the participants, in
several browsers or shells — and must survive a crashed server. So the database, not a
process, holds a drill: its inputs, who plays which unit, its injects, its clock and an
append-only log of actions. Anything else (the incident's state, the inbox of a role,
the score) is rebuilt from those rows by replaying the engine deterministically.

The database is a SQLite file by default (``drills.sqlite`` in the working directory)
or any SQLAlchemy URL in ``TUIYAN_DB_URL`` (PostgreSQL through ``postgresql+psycopg://``).
The schema is created and upgraded by the Alembic migrations in ``migrations/`` the
first time a process opens the database.

Concurrency: every write is one short transaction that starts by incrementing the
drill's ``next_seq`` counter (``UPDATE … RETURNING``). That row lock (PostgreSQL) or the
database write lock taken up front (SQLite ``BEGIN IMMEDIATE``; readers are never
blocked in WAL mode) serialises writers to one drill, so two participants clicking at
the same moment get consecutive sequence numbers and both actions are kept; the
unique ``(drill_id, seq)`` constraint guards the invariant.

Who may write is checked inside that same transaction, after the lock: the key an
action carries (:mod:`sim.drills.keys`) must be the facilitator's or that of the role's
present holder, and the drill must not have ended nor been archived. A role handed to someone else, or
the clock moved to the end, in a racing transaction is therefore seen by the next
writer — an action is never logged under a person who no longer holds the role, nor
after the end. Whether a decision is still open is the plan's to say, not the store's:
the caller checks it and names the log it read (:func:`record_action`), and a write that
finds more logged since has the caller check again after the lock. A refused write rolls
back and logs nothing.

The clock is stored as an anchor: the scenario time ``clock_h`` at wall time
``clock_anchor`` plus a ``rate`` (1 = real time, N = N× accelerated) while running. The
current scenario time is a function of the row and the wall clock, so every reader
sees the same time without a process ticking it.

A running clock reads on only while a drill server is alive to keep it: the server
writes its sign of life, ``clock_seen``, every :data:`HEARTBEAT_S` seconds
(:mod:`sim.drills.keeper`), and the clock never reads past ``clock_seen`` +
:data:`STALL_S`. A killed server therefore stops the clock within seconds, not at the
end of the scenario with every participant's decision overdue; the server that comes
back resumes it from where it stood and logs how long it stood still.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    UniqueConstraint,
    create_engine,
    event,
    false,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError, StatementError

from ..bounds import MAX_HOURS
from ..errors import InputError, Problem, echoed
from ..messages import Message, typed
from . import db_reasons, keys
from .refusals import refused
from .text import CheckedJSON, CheckedString

DEFAULT_URL = "sqlite:///drills.sqlite"
URL_ENV = "TUIYAN_DB_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Alembic's version table, named for this package so a shared database can hold others.
VERSION_TABLE = "drills_alembic_version"
#: How long a SQLite writer waits for another writer before giving up (milliseconds).
BUSY_TIMEOUT_MS = 30_000
#: How often a drill server writes a running clock's sign of life (seconds).
HEARTBEAT_S = 2.0
#: How long a running clock reads on without a sign of life (seconds): five missed
#: heartbeats, so a busy moment does not stop it, while a dead server costs the drill
#: at most this long on its clock (times the rate).
STALL_S = 10.0
#: The largest drill id (the id columns are 32-bit integers on PostgreSQL).
MAX_ID = 2**31 - 1

metadata = MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
    }
)

drills = Table(
    "drills",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", CheckedString(200, "name"), nullable=False),
    Column("scenario", CheckedString(500, "scenario"), nullable=False),
    #: the scenario's files, word for word (a drill replays them exactly): the loader checks
    #: them and says a problem at its line, so this one column of text is not checked again
    Column("inputs", JSON, nullable=False),
    Column("seed", BigInteger, nullable=False),
    #: which of the scenario's replications the drill plays (:meth:`sim.inputs.Case.draw`);
    #: 0 for a drill made before drills kept one
    Column("replication", Integer, nullable=False, server_default="0"),
    Column("settings", CheckedJSON("settings"), nullable=False),
    Column("end_h", Float, nullable=False),
    Column("clock_h", Float, nullable=False),
    Column("clock_running", Boolean, nullable=False),
    Column("clock_rate", Float, nullable=False),
    Column("clock_anchor", Float, nullable=False),
    Column("clock_seen", Float, nullable=True),
    Column("next_seq", Integer, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("facilitator", CheckedString(200, "facilitator"), nullable=False, server_default="facilitator"),
    #: the digest of the facilitator's key (None: a drill made before drills had keys)
    Column("facilitator_key", CheckedString(keys.DIGEST_LENGTH, "key"), nullable=True),
    #: tidied away by its facilitator: out of the lists unless asked for, and closed to every
    #: change until restored (:func:`set_archived`); read and reported as any other
    Column("archived", Boolean, nullable=False, server_default=false()),
)

participants = Table(
    "drill_participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("drill_id", Integer, ForeignKey("drills.id", ondelete="CASCADE"), nullable=False),
    Column("role", CheckedString(80, "role"), nullable=False),
    Column("person", CheckedString(200, "person"), nullable=False),
    #: the digest of the holder's key: a new holder gets a new key, the last one's lapses
    Column("key", CheckedString(keys.DIGEST_LENGTH, "key"), nullable=True),
    UniqueConstraint("drill_id", "role"),
)

injects = Table(
    "drill_injects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("drill_id", Integer, ForeignKey("drills.id", ondelete="CASCADE"), nullable=False),
    Column("key", CheckedString(80, "inject"), nullable=False),
    Column("at_h", Float, nullable=True),
    Column("roles", CheckedJSON("roles"), nullable=False),
    Column("title", CheckedJSON("title"), nullable=False),
    Column("body", CheckedJSON("body"), nullable=False),
    Column("released_h", Float, nullable=True),
    UniqueConstraint("drill_id", "key"),
)

actions = Table(
    "drill_actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("drill_id", Integer, ForeignKey("drills.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("at_h", Float, nullable=False),
    Column("wall", DateTime(timezone=True), nullable=False),
    Column("role", CheckedString(80, "role"), nullable=True),
    Column("person", CheckedString(200, "person"), nullable=False),
    Column("kind", CheckedString(80, "action"), nullable=False),
    Column("args", CheckedJSON("args"), nullable=False),
    UniqueConstraint("drill_id", "seq"),
)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class Clock:
    """Scenario time as a function of wall time (see the module docstring)."""

    at_h: float
    running: bool
    rate: float
    anchor: float
    end_h: float
    #: the wall time a server last kept the clock (None: never; it reads on from the anchor)
    seen: float | None = None

    def now(self, wall: float | None = None) -> float:
        if not self.running:
            return self.at_h
        wall = time.time() if wall is None else wall
        if self.seen is not None:
            wall = min(wall, self.seen + STALL_S)
        elapsed = wall - self.anchor
        return min(self.end_h, self.at_h + max(0.0, elapsed) * self.rate / 3600.0)

    def stalled(self, wall: float | None = None) -> bool:
        """Whether the clock runs but stands still: no server has kept it for :data:`STALL_S`."""
        wall = time.time() if wall is None else wall
        return self.running and self.seen is not None and wall - self.seen > STALL_S

    @property
    def mode(self) -> str:
        if not self.running:
            return "paused"
        return "real time" if self.rate == 1 else f"×{self.rate:g}"


@dataclass(frozen=True)
class Participant:
    role: str
    person: str


@dataclass(frozen=True)
class Inject:
    key: str
    at_h: float | None
    roles: tuple[str, ...]
    title: Mapping[str, str]
    body: Mapping[str, str]
    released_h: float | None

    def release_h(self) -> float | None:
        """When the inject reaches its roles: on schedule or when released, whichever first."""
        times = [t for t in (self.at_h, self.released_h) if t is not None]
        return min(times) if times else None

    def visible(self, now_h: float) -> bool:
        release = self.release_h()
        return release is not None and release <= now_h


@dataclass(frozen=True)
class Action:
    seq: int
    at_h: float
    wall: dt.datetime
    role: str | None
    person: str
    kind: str
    args: Mapping[str, Any]


@dataclass(frozen=True)
class DrillRecord:
    """Everything stored about one drill, as read in one snapshot."""

    id: int
    name: str
    scenario: str
    inputs: Mapping[str, str]
    seed: int
    settings: Mapping[str, Any]
    created: dt.datetime
    clock: Clock
    facilitator: str
    participants: tuple[Participant, ...] = ()
    injects: tuple[Inject, ...] = ()
    actions: tuple[Action, ...] = field(default_factory=tuple)
    #: which replication of its scenario the drill plays under its seed (a template's drawn incident)
    replication: int = 0
    #: whether its facilitator has archived it (:func:`set_archived`): readable, closed to changes
    archived: bool = False

    def player(self, role: str) -> str | None:
        return next((p.person for p in self.participants if p.role == role), None)

    @property
    def last_seq(self) -> int:
        """The sequence number of the last action logged (0: none): a write that finds the
        drill's counter past it knows something was logged since this record was read."""
        return self.actions[-1].seq if self.actions else 0

    @property
    def grace_h(self) -> float:
        """Hours a participant has for a decision the plan gives no time of its own (the
        facilitator's setting), read within :data:`~sim.bounds.MAX_HOURS`: a drill is never
        given more (:func:`sim.drills.control.create` refuses it), but one stored before that
        bound, with a grace past any calendar, means the same as the bound, never late
        within the drill, and is read so rather than breaking its status, report and pages."""
        return min(float(self.settings.get("grace_h", 0.0)), MAX_HOURS)

    def as_at(self, t_h: float) -> "DrillRecord":
        """The drill as it was read when its clock stood, paused, at ``t_h``: what had been
        logged and released by then (a replay of the past, for tests and benchmarks)."""
        injects = tuple(replace(i, released_h=None) if i.released_h is not None and i.released_h > t_h else i
                        for i in self.injects)
        return replace(self, actions=tuple(a for a in self.actions if a.at_h <= t_h), injects=injects,
                       clock=Clock(t_h, False, 1.0, 0.0, self.clock.end_h))

    def roles_of(self, person: str) -> list[str]:
        return [p.role for p in self.participants if p.person == person]

    def stints(self) -> dict[str, list[tuple[str, float, float | None]]]:
        """Who played each role when, from the log: role -> [(person, from_h, to_h or None)]
        (a role handed to someone else, or back to the engine, ends a stint)."""
        found: dict[str, list[list]] = {}
        for action in self.actions:
            if action.kind != "assign":
                continue
            role, person = action.args["role"], action.args.get("person")
            spans = found.setdefault(role, [])
            if spans and spans[-1][2] is None:
                spans[-1][2] = action.at_h
            if person:
                spans.append([person, action.at_h, None])
        return {role: [tuple(s) for s in spans] for role, spans in found.items() if spans}


# ----------------------------------------------------------------------- engines


def database_url() -> str:
    return os.environ.get(URL_ENV) or DEFAULT_URL


def open_database(url: str | None = None, *, flag: str | None = None) -> Engine:
    """An engine on ``url`` (default: ``TUIYAN_DB_URL`` or ``drills.sqlite``), migrated to head.

    A URL that cannot be used is an input error naming where it came from: the command
    line's ``flag`` when it was given there, else the environment variable. Engines are
    cached per URL within a process; a forked child must open its own.
    """
    try:
        return _open(url or database_url(), os.getpid())
    except _Unusable as error:
        message = error.args[0]
        where = Problem("command line", 0, 0, flag, message) if flag else Problem(URL_ENV, 0, 0, "", message)
        raise InputError([where]) from None


#: How much of a database URL a refusal repeats: the whole of any URL a person types.
URL_CHARS = 200


def _url_said(url: str) -> str:
    """A database URL as a refusal repeats it, whether SQLAlchemy could read it or not: its
    start, its password as ``***`` (as SQLAlchemy writes a URL it opened; a refusal is shown
    on every drill page, and in a shell's history)."""
    hidden = re.sub(r"(://[^:/@\s]*:).*@", r"\1***@", url)  # up to the last @: a password may hold one
    return echoed(hidden, limit=URL_CHARS)


class _Unusable(Exception):
    """A database URL that names no usable database (the message says why)."""


#: The engines :func:`open_database` opened, by URL and process (a forked child opens its own).
_ENGINES: dict[tuple[str, int], Engine] = {}


def _open(url: str, pid: int) -> Engine:
    engine = _ENGINES.get((url, pid))
    if engine is None:
        engine = _ENGINES[url, pid] = _migrated(url)
    return engine


def close_databases() -> None:
    """Close every engine :func:`open_database` opened in this process, and forget them.

    An engine is kept for the life of the process: right for a command or the app, which
    open one database, but a process that opens many in turn — the tests, one database a
    test — would otherwise hold each one's pooled connections (and a deleted SQLite file's
    handles) open to its end."""
    for key in [key for key in _ENGINES if key[1] == os.getpid()]:
        _ENGINES.pop(key).dispose()


def _migrated(url: str) -> Engine:
    """A new engine on ``url``, its database migrated to head; none is left open when it
    cannot be used."""
    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as error:  # ValueError: a part it cannot read
        raise _Unusable(Message("drill_refusal.bad_url", url=_url_said(url),
                                reason=db_reasons.bad_url(error, url))) from None
    if engine.dialect.name == "sqlite":
        _sqlite_setup(engine)
    try:
        migrate(engine)
    except SQLAlchemyError as error:  # not a database (any file), unreachable, not allowed…
        engine.dispose()
        raise _Unusable(Message("drill_refusal.cannot_open", url=_url_said(engine.url.render_as_string()),
                                reason=db_reasons.cannot_open(error, engine.url))) from None
    return engine


def _sqlite_setup(engine: Engine) -> None:
    """WAL (readers never wait for the writer), a busy timeout, and explicit transactions.

    pysqlite's own transaction handling starts transactions lazily and as DEFERRED, which
    lets two writers both read and then deadlock on the upgrade to a write lock. Here
    the driver is put in autocommit mode and every transaction is begun explicitly:
    ``BEGIN IMMEDIATE`` for writes (see :func:`writing`), plain ``BEGIN`` for reads.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _switch_to_wal(cursor) -> None:
    """Put the file in WAL mode, waiting out another process doing the same.

    Switching a fresh file's journal mode needs its exclusive lock, and SQLite reports
    a competing switch as "database is locked" at once, without the busy timeout; two
    processes opening a new drill database together would otherwise lose one of them.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def migrate(engine: Engine) -> None:
    """Run the Alembic migrations to head, each in its own short write transaction.

    A migration takes the database's write lock (SQLite) or the drill tables' locks
    (PostgreSQL) while it runs, and a drill under way waits for them: run as one
    transaction, every pending migration would hold them from the first to the last.
    So each migration is its own transaction — atomic: its schema change and the new
    version are committed together or not at all — and a drill in progress waits at
    most for one migration, its writes going in between two of them.

    Several processes may open a fresh database at once (two browsers' sessions, a
    test's worker pool): each transaction first takes the write lock (SQLite) or an
    advisory lock (PostgreSQL) and reads the version again under it, so a migration
    another process has just committed is not run twice. A database already at head is
    only read.
    """
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("version_table", VERSION_TABLE)
    order = [script.revision for script in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))]
    with reading(engine) as connection:
        if _next_migration(connection, order) is None:
            return
    while _migrate_one(engine, config, order):
        pass


def _migrate_one(engine: Engine, config, order: list[str]) -> bool:
    """Run the next pending migration in a write transaction of its own; whether any is left."""
    from alembic import command

    with writing(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        step = _next_migration(connection, order)
        if step is None:
            return False
        config.attributes["connection"] = connection
        command.upgrade(config, step)
        return step != order[-1]


def _next_migration(connection: Connection, order: list[str]) -> str | None:
    """The revision after the database's own (``order``: base to head), None at head."""
    from alembic.runtime.migration import MigrationContext

    current = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision()
    at = order.index(current) + 1 if current is not None else 0
    return order[at] if at < len(order) else None


#: An arbitrary constant naming this package's migration lock among PostgreSQL advisory locks.
_LOCK_KEY = 0x7475_6979_616E


@contextlib.contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction (SQLite: ``BEGIN IMMEDIATE``), committed on leaving the block;
    rolled back whole when a value is refused (:func:`_refusals_unwrapped`)."""
    with _refusals_unwrapped(), engine.connect() as connection:
        connection.execution_options(write=True)
        with connection.begin():
            yield connection


@contextlib.contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read transaction: one consistent snapshot of the drill."""
    with _refusals_unwrapped(), engine.connect() as connection:
        with connection.begin():
            yield connection


@contextlib.contextmanager
def _refusals_unwrapped() -> Iterator[None]:
    """A value a text column refused (:mod:`sim.drills.text`) said as the refusal it is:
    SQLAlchemy hands it on wrapped in a ``StatementError`` with the statement's text, which
    is for a programmer, not for the person who typed the value."""
    try:
        yield
    except StatementError as error:
        if isinstance(error.orig, InputError):
            raise error.orig from None
        raise


# ------------------------------------------------------------------------ writes


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def create_drill(
    engine: Engine,
    *,
    name: str,
    scenario: str,
    inputs: Mapping[str, str],
    seed: int,
    end_h: float,
    roles: Mapping[str, str],
    scheduled: list[Mapping[str, Any]],
    facilitator_key: str,
    role_keys: Mapping[str, str],
    settings: Mapping[str, Any] | None = None,
    facilitator: str = "facilitator",
    replication: int = 0,
) -> int:
    """Store a new drill, paused at 0 h, with its scheduled injects and the digests of its
    keys (the facilitator's, and ``role_keys[role]`` for each role's player); each initial
    role assignment is logged as an ``assign`` action (the log tells who played what, when)."""
    with writing(engine) as connection:
        drill_id = connection.execute(
            insert(drills)
            .values(
                name=name,
                scenario=scenario,
                inputs=dict(inputs),
                seed=seed,
                replication=replication,
                settings=dict(settings or {}),
                end_h=end_h,
                clock_h=0.0,
                clock_running=False,
                clock_rate=1.0,
                clock_anchor=time.time(),
                clock_seen=None,
                next_seq=len(roles),
                created=_now(),
                facilitator=facilitator,
                facilitator_key=keys.digest(facilitator_key),
            )
            .returning(drills.c.id)
        ).scalar_one()
        for seq, (role, person) in enumerate(roles.items(), start=1):
            connection.execute(insert(participants).values(drill_id=drill_id, role=role, person=person,
                                                           key=keys.digest(role_keys[role])))
            _log(connection, drill_id, seq, 0.0, None, facilitator, "assign", {"role": role, "person": person})
        for item in scheduled:
            connection.execute(insert(injects).values(drill_id=drill_id, released_h=None, **item))
    return drill_id


@dataclass(frozen=True)
class _Locked:
    """A drill as its write transaction found it, after taking the lock and a sequence number."""

    id: int
    seq: int
    clock: Clock
    facilitator: str
    facilitator_key: str | None
    archived: bool = False


def _take_seq(connection: Connection, drill_id: int) -> _Locked:
    """Lock the drill, take its next sequence number and read its clock (first statement)."""
    _check_id(drill_id)
    row = connection.execute(
        update(drills)
        .where(drills.c.id == drill_id)
        .values(next_seq=drills.c.next_seq + 1)
        .returning(
            drills.c.next_seq,
            drills.c.clock_h,
            drills.c.clock_running,
            drills.c.clock_rate,
            drills.c.clock_anchor,
            drills.c.end_h,
            drills.c.clock_seen,
            drills.c.facilitator,
            drills.c.facilitator_key,
            drills.c.archived,
        )
    ).mappings().one_or_none()
    if row is None:
        raise _no_drill(drill_id)
    return _Locked(drill_id, row["next_seq"], _clock(row), row["facilitator"], row["facilitator_key"],
                   bool(row["archived"]))


def storable_id(number: object) -> bool:
    """Whether ``number`` is an id a row of the database can have: a whole number from 1 to
    the id column's largest. Any other (negative, or thirty digits typed) names no drill and
    no improvement item, and is never asked of the database, which would refuse it with an
    overflow."""
    return not isinstance(number, bool) and isinstance(number, int) and 1 <= number <= MAX_ID


def _check_id(drill_id: int) -> None:
    """An id no drill can have (negative, or wider than the id column) finds no drill."""
    if not storable_id(drill_id):
        raise _no_drill(drill_id)


def _no_drill(drill_id: object) -> InputError:
    return refused("drill", Message("drill_refusal.no_drill", drill=drill_id))


def _as_facilitator(drill: _Locked, key: str | None) -> str:
    """The facilitator's name, if ``key`` is the facilitator's key; else refused."""
    return _facilitator(drill.id, drill.facilitator, drill.facilitator_key, key)


def _facilitator(drill_id: int, name: str, digest: str | None, key: str | None) -> str:
    if digest is None:
        raise refused("key", Message("drill_refusal.no_keys", drill=drill_id))
    if not keys.matches(key, digest):
        raise refused("key", Message("drill_refusal.facilitator_key", drill=drill_id))
    return name


def require_facilitator(engine: Engine, drill_id: int, key: str | None) -> str:
    """The facilitator's name, if ``key`` is the facilitator's key of ``drill_id``; else
    refused. For what reads the drill and makes something new of it (a fork, a new drill
    of its own) or follows up an item it filed: an archived drill allows them, and a
    facilitator's key never changes, so reading it before the write is enough. A write to
    the drill itself checks in its own transaction (:func:`facilitator_writing`)."""
    _check_id(drill_id)
    with reading(engine) as connection:
        return _facilitator_row(connection, drill_id, key, lock=False)[0]


def facilitator_writing(connection: Connection, drill_id: int, key: str | None) -> str:
    """The facilitator's name, checked inside the write transaction ``connection`` that
    changes something kept with the drill outside its log (its objectives, whether
    participants see them, the improvement items it files), and refused on an archived
    drill. The drill's row is locked first (PostgreSQL: ``FOR UPDATE``; SQLite's write
    transaction holds the database), so an archive committed at the same moment is seen
    before the write, never after it: read before the transaction, the flag could change
    between the look and the write."""
    _check_id(drill_id)
    name, archived = _facilitator_row(connection, drill_id, key, lock=True)
    if archived:
        raise _archived(drill_id)
    return name


def _facilitator_row(connection: Connection, drill_id: int, key: str | None, *, lock: bool) -> tuple[str, bool]:
    query = select(drills.c.facilitator, drills.c.facilitator_key, drills.c.archived).where(drills.c.id == drill_id)
    row = connection.execute(query.with_for_update() if lock else query).one_or_none()
    if row is None:
        raise _no_drill(drill_id)
    return _facilitator(drill_id, row.facilitator, row.facilitator_key, key), bool(row.archived)


def _refuse_if_archived(drill: _Locked) -> None:
    """An archived drill is closed to every change until its facilitator restores it (the
    transaction rolls back); checked after the key, so a wrong key is told it is wrong."""
    if drill.archived:
        raise _archived(drill.id)


def _archived(drill_id: int) -> InputError:
    return refused("drill", Message("drill_refusal.archived", drill=drill_id))


def set_archived(engine: Engine, drill_id: int, archived: bool, *, key: str | None) -> Action:
    """Archive the drill (``archived``) or restore it; the facilitator's, logged under them
    as ``archive`` or ``restore`` at the drill's clock time. Nothing of the drill is deleted.

    Refused when the drill is already so, and archiving a running clock is refused: an
    archived drill changes no more, and a running clock would go on moving it."""
    with writing(engine) as connection:
        drill = _take_seq(connection, drill_id)
        person = _as_facilitator(drill, key)
        if drill.archived == archived:
            raise refused("drill", Message("drill_refusal.already_archived" if archived else "drill_refusal.not_archived",
                                           drill=drill_id))
        now_h = drill.clock.now()
        if archived and drill.clock.running and now_h < drill.clock.end_h:
            raise refused("drill", Message("drill_refusal.archive_running", drill=drill_id))
        connection.execute(update(drills).where(drills.c.id == drill_id).values(archived=archived))
        return _log(connection, drill_id, drill.seq, now_h, None, person, "archive" if archived else "restore", {})


def _log(connection: Connection, drill_id: int, seq: int, at_h: float, role: str | None, person: str,
         kind: str, args: Mapping[str, Any]) -> Action:
    wall = _now()
    connection.execute(
        insert(actions).values(
            drill_id=drill_id, seq=seq, at_h=at_h, wall=wall, role=role, person=person, kind=kind, args=dict(args)
        )
    )
    return Action(seq, at_h, wall, role, person, kind, dict(args))


def record_action(engine: Engine, drill_id: int, *, role: str, key: str | None, kind: str,
                  args: Mapping[str, Any], name: Mapping[str, str] | None = None,
                  checked: tuple[int, Callable[[DrillRecord], None]] | None = None) -> Action:
    """Append one action of ``role``, stamped with the drill clock at the moment it commits.

    Logged under the person who holds the role with ``key``; refused when the key is not
    the role's present holder's or the drill has ended — both read after the lock, in
    the transaction that writes the action. A refusal names the role by ``name`` (the
    unit's ``{zh, en}`` name, which the plan knows and the log does not).

    ``checked`` is the caller's look at the drill before the write: the last sequence
    number of the log it read (:attr:`DrillRecord.last_seq`) and the check it made, which
    refuses by raising. When anything was logged since, the check is made again here, on
    the drill as this transaction finds it after the lock: so two writers that both found
    an action open (the same click in two tabs) cannot both log it. The check is made
    outside the lock first so that a writer holds the lock for a replay only when the log
    moved under it."""
    with writing(engine) as connection:
        drill = _take_seq(connection, drill_id)
        holder = connection.execute(
            select(participants.c.person, participants.c.key)
            .where(participants.c.drill_id == drill_id, participants.c.role == role)
        ).one_or_none()
        if holder is None:
            raise refused("role", Message("drill_refusal.nobody_plays", role=name or repr(role), drill=drill_id))
        if not keys.matches(key, holder.key):
            raise refused("key", Message("drill_refusal.wrong_key", role=name or repr(role)))
        _refuse_if_archived(drill)
        now_h = drill.clock.now()
        _refuse_if_ended(connection, drill, now_h)
        if checked is not None and checked[0] != drill.seq - 1:
            checked[1](_read_drill(connection, drill_id))
        return _log(connection, drill_id, drill.seq, now_h, role, holder.person, kind, args)


def set_clock(engine: Engine, drill_id: int, *, key: str | None, running: bool | None = None,
              rate: float | None = None, advance_h: float | None = None, to_h: float | None = None,
              checked: tuple[int, Callable[[DrillRecord], float]] | None = None) -> Action:
    """Start, pause, change the rate of, or move forward the clock; the facilitator's, logged.

    The clock never runs backwards: a target earlier than now is ignored, and the end
    of the scenario caps every move. ``checked`` is how the caller worked out ``to_h``
    (where the next stop is, from where the clock stood): the last sequence number of the
    log it read and the working; when anything was logged since, ``to_h`` is worked out
    again on the drill as this transaction finds it, so two consoles stepping at once step
    twice, as two clicks one after the other do, rather than both to the same stop.
    """
    with writing(engine) as connection:
        drill = _take_seq(connection, drill_id)
        person = _as_facilitator(drill, key)
        _refuse_if_archived(drill)
        clock = drill.clock
        wall = time.time()
        now_h = clock.now(wall)
        target = now_h
        if running or advance_h is not None or to_h is not None:  # pausing a clock at its end is no change
            _refuse_if_ended(connection, drill, now_h)
        if checked is not None and checked[0] != drill.seq - 1:
            to_h = checked[1](_read_drill(connection, drill_id))
        if advance_h is not None:
            target = now_h + advance_h
        if to_h is not None:
            target = max(now_h, to_h)
        target = min(target, clock.end_h)
        new_running = clock.running if running is None else running
        new_rate = clock.rate if rate is None else rate
        connection.execute(
            update(drills)
            .where(drills.c.id == drill_id)
            .values(clock_h=target, clock_running=new_running, clock_rate=new_rate, clock_anchor=wall,
                    clock_seen=wall)
        )
        args = {"from_h": now_h, "to_h": target, "running": new_running, "rate": new_rate}
        return _log(connection, drill_id, drill.seq, target, None, person, "clock", args)


def _refuse_if_ended(connection: Connection, drill: _Locked, now_h: float) -> None:
    """Acting, moving the clock, assigning or sending an inject after the scenario's end
    would be logged and change nothing (or change the judging); refused instead (the
    transaction rolls back)."""
    if now_h >= drill.clock.end_h:
        raise refused("drill", Message("drill_refusal.ended", drill=drill.id,
                                       end=_clock_time(connection, drill.id, drill.clock.end_h)))


def _clock_time(connection: Connection, drill_id: int, t_h: float) -> str:
    """A moment of the drill as its scenario's clock time, for a refusal (people read clock
    times, never hours): read off the drill's stored scenario."""
    from ..clock import clock
    from .inputs import drawn

    row = connection.execute(select(drills.c.inputs, drills.c.seed, drills.c.replication)
                             .where(drills.c.id == drill_id)).one()
    try:
        start = drawn(row.inputs, row.seed, row.replication).scenario.start
    except InputError:  # a record made by hand, without a scenario to read: hours from the start
        start = None
    return clock(start, t_h)


def keep_clocks(engine: Engine, *, person: str = "server", wall: float | None = None) -> list[int]:
    """A drill server's sign of life for every running clock; returns the drills resumed.

    A clock that went without one for longer than :data:`STALL_S` (its server was down)
    stood still at ``seen + STALL_S``; it is re-anchored there, so it runs on from where
    it stood, and the stop is logged as a ``clock`` action with how long it lasted.
    """
    with reading(engine) as connection:
        running = connection.execute(select(drills.c.id).where(drills.c.clock_running.is_(True))).scalars().all()
    resumed = []
    for drill_id in running:
        with writing(engine) as connection:
            row = connection.execute(select(drills).where(drills.c.id == drill_id).with_for_update()).mappings().one()
            clock = _clock(row)
            now_wall = time.time() if wall is None else wall
            if not clock.running:
                continue  # paused since the list was read
            where = update(drills).where(drills.c.id == drill_id)
            if not clock.stalled(now_wall):
                connection.execute(where.values(clock_seen=now_wall))
                continue
            at_h = clock.now(now_wall)
            seq = connection.execute(
                where.values(next_seq=drills.c.next_seq + 1, clock_h=at_h, clock_anchor=now_wall, clock_seen=now_wall)
                .returning(drills.c.next_seq)
            ).scalar_one()
            _log(connection, drill_id, seq, at_h, None, person, "clock",
                 {"from_h": at_h, "to_h": at_h, "running": True, "rate": clock.rate,
                  "stood_still_s": round(now_wall - clock.seen - STALL_S, 1)})
            resumed.append(drill_id)
    return resumed


def release_inject(engine: Engine, drill_id: int, inject: str, *, key: str | None) -> Action:
    """Release a scheduled inject now (the facilitator's); one already released is refused."""
    with writing(engine) as connection:
        drill = _take_seq(connection, drill_id)
        person = _as_facilitator(drill, key)
        _refuse_if_archived(drill)
        now_h = drill.clock.now()
        _refuse_if_ended(connection, drill, now_h)
        found = connection.execute(
            update(injects)
            .where(injects.c.drill_id == drill_id, injects.c.key == inject, injects.c.released_h.is_(None),
                   injects.c.at_h > now_h)
            .values(released_h=now_h)
            .returning(injects.c.id)
        ).one_or_none()
        if found is None:
            _refuse_release(connection, drill_id, inject, now_h)
        return _log(connection, drill_id, drill.seq, now_h, None, person, "release", {"inject": inject})


def _refuse_release(connection: Connection, drill_id: int, inject: str, now_h: float) -> None:
    """Say why ``inject`` cannot be released: the drill has no such inject (and which it
    could release now, each by its title and then the key typed to release it), or it has
    reached its roles already (early or on schedule: said by its title alone)."""
    rows = connection.execute(
        select(injects.c.key, injects.c.title, injects.c.at_h, injects.c.released_h)
        .where(injects.c.drill_id == drill_id).order_by(injects.c.id)
    ).all()
    known = next((row for row in rows if row.key == inject), None)
    if known is None:
        waiting = [(row.key, row.title) for row in rows
                   if row.released_h is None and row.at_h is not None and row.at_h > now_h]
        if not waiting:
            raise refused("inject", Message("drill_refusal.no_inject_left", drill=drill_id, inject=echoed(inject)))
        raise refused("inject", Message("drill_refusal.no_inject", drill=drill_id, inject=echoed(inject),
                                        injects=typed(waiting)))
    named = known.title  # the inject just typed: said by its title, as the page says it
    if known.released_h is not None:
        raise refused("inject", Message("drill_refusal.released", inject=named, drill=drill_id,
                                        clock=_clock_time(connection, drill_id, known.released_h)))
    raise refused("inject", Message("drill_refusal.delivered", inject=named, drill=drill_id,
                                    clock=_clock_time(connection, drill_id, known.at_h)))


def add_inject(engine: Engine, drill_id: int, *, key: str | None, roles: list[str], title: Mapping[str, str],
               body: Mapping[str, str]) -> Action:
    """A facilitator's own inject (a message to some roles), released at once."""
    with writing(engine) as connection:
        drill = _take_seq(connection, drill_id)
        person = _as_facilitator(drill, key)
        _refuse_if_archived(drill)
        now_h = drill.clock.now()
        _refuse_if_ended(connection, drill, now_h)
        inject = f"f{drill.seq}"
        connection.execute(
            insert(injects).values(
                drill_id=drill_id, key=inject, at_h=None, roles=list(roles), title=dict(title), body=dict(body),
                released_h=now_h,
            )
        )
        return _log(connection, drill_id, drill.seq, now_h, None, person, "inject", {"inject": inject})


def assign_role(engine: Engine, drill_id: int, role: str, person: str | None, *, key: str | None,
                new_key: str | None, name: Mapping[str, str] | None = None) -> Action:
    """Give ``role`` to ``person`` with ``new_key`` (``None``: back to the engine); the
    facilitator's, logged. The previous holder's key lapses in the same transaction.

    Refused on an ended drill (it would change who is judged for what) and when the
    role is already where it would go (a stint that does not change hands), naming the
    role by ``name``."""
    with writing(engine) as connection:
        drill = _take_seq(connection, drill_id)
        by = _as_facilitator(drill, key)
        _refuse_if_archived(drill)
        _refuse_if_ended(connection, drill, drill.clock.now())
        current = connection.execute(
            select(participants.c.person).where(participants.c.drill_id == drill_id, participants.c.role == role)
        ).scalar_one_or_none()
        if current == (person or None):
            if person:
                raise refused("role", Message("drill_refusal.already_plays", role=name or repr(role), drill=drill_id,
                              person=repr(person)))
            raise refused("role", Message("drill_refusal.engine_plays", role=name or repr(role), drill=drill_id))
        connection.execute(
            participants.delete().where(participants.c.drill_id == drill_id, participants.c.role == role)
        )
        if person:
            connection.execute(insert(participants).values(drill_id=drill_id, role=role, person=person,
                                                           key=keys.digest(new_key)))
        return _log(connection, drill_id, drill.seq, drill.clock.now(), None, by, "assign",
                    {"role": role, "person": person})


def replace_key(engine: Engine, drill_id: int, role: str, *, key: str | None, new_key: str,
                name: Mapping[str, str] | None = None) -> Action:
    """A new key for the present holder of ``role`` (a lost or leaked link); the old one
    lapses. The facilitator's, logged as ``rekey`` (the log shows who was given a new
    link, and when; the key itself is never logged). A refusal names the role by ``name``."""
    with writing(engine) as connection:
        drill = _take_seq(connection, drill_id)
        by = _as_facilitator(drill, key)
        _refuse_if_archived(drill)
        changed = connection.execute(
            update(participants).where(participants.c.drill_id == drill_id, participants.c.role == role)
            .values(key=keys.digest(new_key)).returning(participants.c.person)
        ).scalar_one_or_none()
        if changed is None:
            raise refused("role", Message("drill_refusal.nobody_plays", role=name or repr(role), drill=drill_id))
        return _log(connection, drill_id, drill.seq, drill.clock.now(), None, by, "rekey",
                    {"role": role, "person": changed})


def key_holder(engine: Engine, drill_id: int, key: str | None) -> tuple[str | None, str] | None:
    """Whose ``key`` it is: ``(None, facilitator)``, ``(role, person)`` or None.

    For the pages to show a person what their key lets them do; every write checks the
    key again in its own transaction."""
    if not key:
        return None
    _check_id(drill_id)
    wanted = keys.digest(key)
    with reading(engine) as connection:
        facilitator = connection.execute(
            select(drills.c.facilitator).where(drills.c.id == drill_id, drills.c.facilitator_key == wanted)
        ).scalar_one_or_none()
        if facilitator is not None:
            return None, facilitator
        held = connection.execute(
            select(participants.c.role, participants.c.person)
            .where(participants.c.drill_id == drill_id, participants.c.key == wanted)
        ).one_or_none()
    return (held.role, held.person) if held is not None else None


def whose_key(engine: Engine, key: str | None) -> tuple[int, str | None, str] | None:
    """The drill a ``key`` is of, with whose it is there: ``(drill, None, facilitator)``,
    ``(drill, role, person)`` or None. For a page opened with a key typed alone, which is
    then told its drill by the key and nothing of any other drill; every write checks the
    key again in its own transaction."""
    if not key:
        return None
    wanted = keys.digest(key)
    with reading(engine) as connection:
        run = connection.execute(
            select(drills.c.id, drills.c.facilitator).where(drills.c.facilitator_key == wanted)
        ).first()
        if run is not None:
            return run.id, None, run.facilitator
        held = connection.execute(
            select(participants.c.drill_id, participants.c.role, participants.c.person)
            .where(participants.c.key == wanted)
        ).first()
    return (held.drill_id, held.role, held.person) if held is not None else None


# ------------------------------------------------------------------------- reads


def list_drills(engine: Engine, *, archived: bool = False) -> list[dict[str, Any]]:
    """The drills with their clocks and counts (players, and the actions players took), newest
    first: those not archived, or every one with ``archived``."""
    query = select(drills).order_by(drills.c.id.desc())
    if not archived:
        query = query.where(drills.c.archived.is_(False))
    with reading(engine) as connection:
        rows = connection.execute(query).mappings().all()
        count = dict(connection.execute(
            select(participants.c.drill_id, func.count()).group_by(participants.c.drill_id)
        ).all())
        taken = dict(connection.execute(
            select(actions.c.drill_id, func.count()).where(actions.c.role.is_not(None)).group_by(actions.c.drill_id)
        ).all())
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "scenario": row["scenario"],
            "clock": _clock(row),
            "actions": taken.get(row["id"], 0),
            "participants": count.get(row["id"], 0),
            "created": row["created"],
            "archived": bool(row["archived"]),
        }
        for row in rows
    ]


def _clock(row: Mapping[str, Any]) -> Clock:
    """The clock of a drills row (SQLite hands back a REAL that holds a whole number as an int)."""
    seen = row["clock_seen"]
    return Clock(float(row["clock_h"]), bool(row["clock_running"]), float(row["clock_rate"]),
                 float(row["clock_anchor"]), float(row["end_h"]), None if seen is None else float(seen))


def load_drill(engine: Engine, drill_id: int) -> DrillRecord:
    """Read a drill and everything logged for it in one consistent snapshot."""
    _check_id(drill_id)
    with reading(engine) as connection:
        return _read_drill(connection, drill_id)


def _read_drill(connection: Connection, drill_id: int) -> DrillRecord:
    """A drill and everything logged for it, as ``connection``'s transaction sees them."""
    row = connection.execute(select(drills).where(drills.c.id == drill_id)).mappings().one_or_none()
    if row is None:
        raise _no_drill(drill_id)
    people = connection.execute(
        select(participants.c.role, participants.c.person)
        .where(participants.c.drill_id == drill_id)
        .order_by(participants.c.role)
    ).all()
    inject_rows = connection.execute(
        select(injects).where(injects.c.drill_id == drill_id).order_by(injects.c.id)
    ).mappings().all()
    action_rows = connection.execute(
        select(actions).where(actions.c.drill_id == drill_id).order_by(actions.c.seq)
    ).mappings().all()
    return DrillRecord(
        id=row["id"],
        name=row["name"],
        scenario=row["scenario"],
        inputs=row["inputs"],
        seed=row["seed"],
        replication=row["replication"],
        settings=row["settings"],
        created=_aware(row["created"]),
        clock=_clock(row),
        facilitator=row["facilitator"],
        archived=bool(row["archived"]),
        participants=tuple(Participant(p.role, p.person) for p in people),
        injects=tuple(
            Inject(i["key"], i["at_h"], tuple(i["roles"]), i["title"], i["body"], i["released_h"])
            for i in inject_rows
        ),
        actions=tuple(
            Action(a["seq"], float(a["at_h"]), _aware(a["wall"]), a["role"], a["person"], a["kind"], a["args"])
            for a in action_rows
        ),
    )


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
