"""Scenario clock time: how every moment of a run is shown to a person.

The engine counts hours from the scenario's start (``t_h``); people read the clock on the
wall. Every face — tables, charts, logs, reports, drills — turns ``t_h`` into a time
here, so all of them show the same moment the same way: ``01-15 06:35`` (month-day and
time; the year is the scenario's) — never hours since the start, which nobody in an
emergency office reads off a wall.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from .errors import echoed
from .messages import Message, text

#: A time of day as the wall clock shows it, and a day as the calendar beside it does.
TIME_FORMAT = "%H:%M"
DATE_FORMAT = "%Y-%m-%d"
#: A day within the scenario's year: month-day.
DAY_FORMAT = "%m-%d"
#: How a moment reads: month-day hour:minute. Charts write their time axes with these
#: formats too (Plotly reads the same directives).
FORMAT = f"{DAY_FORMAT} {TIME_FORMAT}"


def moment(start: dt.datetime | str, t_h: float) -> dt.datetime:
    """The wall-clock moment ``t_h`` hours after ``start`` (a datetime or its ISO text)."""
    if isinstance(start, str):
        start = dt.datetime.fromisoformat(start)
    return start + dt.timedelta(hours=float(t_h))


def clock(start: dt.datetime | str | None, t_h: float | None) -> str:
    """``t_h`` as scenario clock time, ``01-15 06:35``; ``—`` for a moment that never came."""
    if t_h is None:
        return "—"
    if start is None:  # a result that does not say when it started (a hand-made one): hours it is
        return f"+{float(t_h):.1f} h"
    return moment(start, t_h).strftime(FORMAT)


#: How a moment reads in a file a spreadsheet sorts, and where a run or a drill starts: the
#: full date first, to the minute, ``2024-01-15 06:35``.
DATE_TIME_FORMAT = f"{DATE_FORMAT} {TIME_FORMAT}"


def date_time(start: dt.datetime | str | None, t_h: float | None) -> str | None:
    """``t_h`` as a full date and time, ``2024-01-15 06:35``: where a run or a drill starts
    (``date_time(start, 0)``), and every moment of a file people sort (a sweep file in Excel:
    text in this order sorts as time does, across months and years); ``None`` (an empty cell,
    a null) for a moment that never came."""
    if t_h is None or start is None:
        return None
    return moment(start, t_h).strftime(DATE_TIME_FORMAT)


def clock_of(written: str) -> str:
    """A moment written as :func:`date_time` writes it (``2024-01-15 06:35``: a sweep row's
    clock time, made once from the engine's hour) as :func:`clock` shows it (``01-15 06:35``)."""
    return dt.datetime.strptime(written, DATE_TIME_FORMAT).strftime(FORMAT)


def day_and_time(start: dt.datetime | str, t_h: float) -> tuple[str, str]:
    """The day and the time of day ``t_h`` hours after ``start``, ``("2024-07-18", "20:30")``:
    a large wall clock with the calendar beside it (a drill's projector)."""
    at = moment(start, t_h)
    return at.strftime(DATE_FORMAT), at.strftime(TIME_FORMAT)


def duration(hours: float | None, language: str, signed: bool = False, seconds: bool = False) -> str:
    """A length of time as people say it: ``30 分钟`` / ``30 min``, ``1 小时 30 分钟`` / ``1 h 30 min``.

    A length less than none (one plan's time less another's) reads ``-1 小时 15 分钟``, and
    ``signed`` writes a longer one ``+1 小时 15 分钟`` too, as a paired difference shows its
    direction; what rounds to no minute reads ``0 分钟`` either way, with no direction.
    ``seconds`` says it to the second (``1 小时 8 分 17 秒`` / ``1 h 8 m 17 s``), where minutes are too coarse
    (two means and their difference, each rounded to the minute, that do not add up)."""
    unit = 3600 if seconds else 60
    if hours is None or not math.isfinite(hours * unit):  # a length past any clock (1e308 h) has no minutes either
        return "—"
    count = round(hours * unit)
    sign = "-" if count < 0 else "+" if signed and count else ""
    minutes, s = divmod(abs(count), 60) if seconds else (abs(count), 0)
    h, m = divmod(minutes, 60)
    if s:
        key = "clock.hours_minutes_seconds" if h else "clock.minutes_seconds" if m else "clock.seconds"
    else:
        key = "clock.hours_minutes" if h and m else "clock.hours" if h else "clock.minutes"
    return sign + text(key, language, h=h, m=m, s=s)


_TYPED = re.compile(r"^\s*(?:(\d{4})-)?(\d{1,2})-(\d{1,2})[ T](\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?\s*$")
#: The same moment as a Chinese reader writes it: ``11月13日 14:26``, ``2024年11月13日14时26分``,
#: ``13日14时`` (in the month the run is in); the day ends in 日 or 号, the hour in 时 or 点,
#: a half hour is 半, a colon may be full-width. The hour is of a 24-hour day (no 上午/下午).
_CHINESE = re.compile(
    r"^\s*(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*[日号]\s*"
    r"(\d{1,2})\s*(?:[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?|[时点]\s*(?:(\d{1,2})\s*分?|(半))?(?:\s*(\d{1,2})\s*秒)?)\s*$")
_HOURS = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def _typed_fields(value: str) -> tuple[str | None, str | None, str, str, str, str | None] | None:
    """(year, month, day, hour, minute, second) of a typed moment in either form, the
    year and month ``None`` where left out; ``None`` for what is not a moment."""
    found = _TYPED.match(value)
    if found:
        return found.groups()
    found = _CHINESE.match(value)
    if not found:
        return None
    year, month, day, hour, minute, second, minute_cn, half, second_cn = found.groups()
    return year, month, day, hour, minute or minute_cn or ("30" if half else "0"), second or second_cn


def parse(start: dt.datetime, typed) -> float:
    """Hours after ``start`` of a time a person typed or a spreadsheet holds: ``07-18 14:30``,
    ``2024-07-18 14:30``, ``7月18日 14:30``, ``18日14时``, a datetime, or plain hours (``2.5``).
    Left out, the year is the run's (the next, for a run over new year) and the month the
    one the run starts in (the next, for a day before the start's: a run over a month's end).

    Raises ``ValueError`` carrying a :class:`~sim.messages.Message` (both languages; the
    caller adds where it was typed and shows it in the reader's).
    """
    if isinstance(typed, dt.datetime):
        found_moment = typed.replace(tzinfo=None) if start.tzinfo is None else typed
    else:
        value = str(typed).strip()
        if _HOURS.match(value):
            hours = float(value)
            try:
                moment(start, hours)  # so many hours that no calendar holds the moment: no time at all
            except OverflowError:
                raise ValueError(Message("clock.no_such_time", value=echoed(value))) from None
            return hours
        fields = _typed_fields(value)
        if fields is None:
            raise ValueError(Message("clock.not_a_time", example=clock(start, 0), value=echoed(value)))
        year, month, day, hour, minute, second = fields
        try:
            found_moment = dt.datetime(int(year) if year else start.year, int(month) if month else start.month,
                                       int(day), int(hour), int(minute), int(second or 0))
        except ValueError:
            raise ValueError(Message("clock.no_such_time", value=echoed(value))) from None
        if not month and found_moment.date() < start.date():
            found_moment = _next_month(found_moment, value)  # a run over a month's end
        elif not year and found_moment < start - dt.timedelta(days=183):
            found_moment = found_moment.replace(year=start.year + 1)  # a story that runs over new year
    return (found_moment - start).total_seconds() / 3600.0


def _next_month(at: dt.datetime, value: str) -> dt.datetime:
    """The same day and time a month later (``31日`` where the next month has no 31st: no such time)."""
    year, month = (at.year + 1, 1) if at.month == 12 else (at.year, at.month + 1)
    try:
        return at.replace(year=year, month=month)
    except ValueError:
        raise ValueError(Message("clock.no_such_time", value=echoed(value))) from None
