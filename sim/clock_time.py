"""Clock times: what people read instead of hours since the scenario's start.

A scenario starts at a date and time (``start``); the engine counts hours from there.
People in an exercise read the wall clock of the story — “07-18 14:30”, not “2.50 h” —
so every time shown to a person goes through :func:`clock_time`, and every time a
person types (a spreadsheet's 时间 column, a fork's moment) through :func:`parse_clock_time`.
"""

from __future__ import annotations

import datetime as dt
import math
import re

#: month-day hour:minute, the form shown everywhere (the year is the scenario's)
FORMAT = "%m-%d %H:%M"

_TYPED = re.compile(r"^\s*(?:(\d{4})-)?(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
_HOURS = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def at(start: dt.datetime, t_h: float) -> dt.datetime:
    """The moment ``t_h`` hours after ``start``, to the second (float noise rounded off)."""
    return start + dt.timedelta(seconds=round(t_h * 3600))


def clock_time(start: dt.datetime, t_h: float | None) -> str:
    """``t_h`` hours after ``start`` as “MM-DD HH:MM” (“—” for no time)."""
    if t_h is None or not math.isfinite(t_h):
        return "—"
    return at(start, t_h).strftime(FORMAT)


def duration(hours: float | None) -> str:
    """A length of time as people say it: “30 分钟 min”, “2 小时 h”, “1 小时 30 分钟 h min”."""
    if hours is None or not math.isfinite(hours):
        return "—"
    minutes = round(hours * 60)
    h, m = divmod(minutes, 60)
    if h and m:
        return f"{h} 小时 {m} 分钟 ({h} h {m} min)"
    if h:
        return f"{h} 小时 ({h} h)"
    return f"{m} 分钟 ({m} min)"


def parse_clock_time(start: dt.datetime, text: str) -> float:
    """Hours after ``start`` of a typed time: “07-18 14:30”, “2024-07-18 14:30” or plain hours
    (“2.5”). Raises ``ValueError`` with a message in both languages."""
    if isinstance(text, dt.datetime):
        moment = text
    else:
        value = str(text).strip()
        if _HOURS.match(value):
            return float(value)
        found = _TYPED.match(value)
        if not found:
            raise ValueError(f"时间应写作“月-日 时:分”，如 {clock_time(start, 0)}，而不是 {value!r} / "
                             f"a time is written MM-DD HH:MM, e.g. {clock_time(start, 0)}, not {value!r}")
        year, month, day, hour, minute, second = found.groups()
        try:
            moment = dt.datetime(int(year) if year else start.year, int(month), int(day), int(hour), int(minute),
                                 int(second or 0))
        except ValueError:
            raise ValueError(f"没有这个时间：{value!r} / no such date or time: {value!r}") from None
        if not year and moment < start - dt.timedelta(days=183):
            moment = moment.replace(year=start.year + 1)  # a story that runs over new year
    if moment.tzinfo is not None and start.tzinfo is None:
        moment = moment.replace(tzinfo=None)
    return (moment - start).total_seconds() / 3600.0
