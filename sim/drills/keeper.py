"""The drill server keeps the running clocks: a sign of life every few seconds.

A drill's clock is a row in the database, read by every page; it needs no process to
tick. What it does need is to stop when the server running the drill dies — otherwise
a crash at ×60 leaves the participants, when the server is back, an hour of scenario
behind with every decision overdue. So each app process runs one :class:`ClockKeeper`
per database: a daemon thread that calls :func:`sim.drills.db.keep_clocks` every
:data:`~sim.drills.db.HEARTBEAT_S` seconds. While it runs, running clocks read on;
when it is gone they stand still within :data:`~sim.drills.db.STALL_S`; the next
server's keeper resumes them from there.

A thread rather than the pages' own refreshes: a browser throttles the timers of a
tab in the background, and a drill whose every tab is hidden still runs.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from . import db

log = logging.getLogger(__name__)

_keepers: dict[str, ClockKeeper] = {}
_lock = threading.Lock()


class ClockKeeper(threading.Thread):
    def __init__(self, engine: Engine):
        super().__init__(name=f"drill clock keeper ({engine.url.render_as_string()})", daemon=True)
        self.engine = engine
        self.stopped = threading.Event()
        self._failing: str | None = None

    def run(self) -> None:
        while True:
            self.tick()
            if self.stopped.wait(db.HEARTBEAT_S):
                return

    def tick(self) -> list[int]:
        """One sign of life; a database error is logged once, and the keeper tries again."""
        try:
            resumed = db.keep_clocks(self.engine)
        except SQLAlchemyError as error:
            message = str(getattr(error, "orig", None) or error)
            if message != self._failing:
                log.warning("cannot keep the drill clocks of %s: %s", self.engine.url, message)
                self._failing = message
            return []
        self._failing = None
        for drill_id in resumed:
            log.info("drill %s: its clock stood still while no server kept it; resumed", drill_id)
        return resumed

    def stop(self) -> None:
        self.stopped.set()


def keep(engine: Engine) -> ClockKeeper:
    """The keeper of ``engine``'s database in this process, started on first call."""
    key = engine.url.render_as_string(hide_password=False)
    with _lock:
        keeper = _keepers.get(key)
        if keeper is None or not keeper.is_alive():
            keeper = _keepers[key] = ClockKeeper(engine)
            keeper.start()
    return keeper


def stop_all() -> None:
    """Stop every keeper of this process and wait for each to end (within a tick).

    A keeper lives as long as its server: right for the app, which keeps one database, but
    a process that opens many in turn — the tests, one database a test — would otherwise
    keep a thread for each, reopening its database every few seconds to its end."""
    with _lock:
        stopping = list(_keepers.values())
        _keepers.clear()
    for keeper in stopping:
        keeper.stop()
        keeper.join()
