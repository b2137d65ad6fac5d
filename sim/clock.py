"""Scenario clock time: how every moment of a run is shown to a person.

The engine counts hours from the scenario's start (``t_h``); people read the clock on the
wall. Every face — tables, charts, logs, reports, drills — turns ``t_h`` into a time
here, so all of them show the same moment the same way: ``01-15 06:35`` (month-day and
time; the year is the scenario's), with the elapsed hours beside it where a reader
compares moments (``01-15 06:35 (+14.2 h)``).
"""

from __future__ import annotations

import datetime as dt

from .messages import text

#: How a moment reads: month-day hour:minute.
FORMAT = "%m-%d %H:%M"


def moment(start: dt.datetime | str, t_h: float) -> dt.datetime:
    """The wall-clock moment ``t_h`` hours after ``start`` (a datetime or its ISO text)."""
    if isinstance(start, str):
        start = dt.datetime.fromisoformat(start)
    return start + dt.timedelta(hours=float(t_h))


def clock(start: dt.datetime | str, t_h: float | None) -> str:
    """``t_h`` as scenario clock time, ``01-15 06:35``; ``—`` for a moment that never came."""
    if t_h is None:
        return "—"
    return moment(start, t_h).strftime(FORMAT)


def clock_elapsed(start: dt.datetime | str, t_h: float | None, language: str) -> str:
    """Clock time with the hours since the start beside it: ``01-15 06:35 (+14.2 h)``."""
    if t_h is None:
        return "—"
    return text("clock.elapsed", language, clock=clock(start, t_h), hours=f"{float(t_h):.1f}")
