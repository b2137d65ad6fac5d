"""What a run leaves behind: the event log, the time series, the task spans, backup fuel.

During a run everything is recorded as plain values (no dicts, no models): a
replication records a few thousand entries and must stay cheap. The event log and the
spans, the bulk of it, are kept flat in one list each (:class:`Entries`) rather than
as a tuple per entry: a tuple is an object the garbage collector counts and walks, and
hundreds of them per replication made it run several times as often. :func:`collect`
turns them into the result dictionary, and :func:`dumps` writes it as byte-stable JSON
(sorted keys, floats rounded to a fixed number of decimals). A run taken in slices (a
drill assessed as it goes) is collected again and again: each entry is turned into its
dictionary once, the first time, so that collecting costs what was recorded since.
"""

from __future__ import annotations

import json
from itertools import islice
from operator import itemgetter
from typing import Any

#: Decimals kept for every float in a result (hours to 3.6 s, percentages to 0.001).
DECIMALS = 3

#: The time-series columns, in order (each row is a tuple of these).
COLUMNS = (
    "t_h",
    "load_shed_pct",
    "customers_out_pct",
    "load_restored_pct",
    "key_load_restored_pct",
    "grid_backbone_restored",
    "hazard_cleared",
    "open_secondary_incidents",
    "key_users_on_backup",
    "key_users_dark",
    "severity",
    "classification",
    "response_level",
)


class Entries:
    """Entries of ``width`` fields each, kept one after the other in the list ``flat``.

    ``append(entry)`` takes a tuple of the fields; iterating gives them back as tuples.
    Hot paths extend ``flat`` with the fields directly. One flat list rather than a tuple
    per entry: a tuple is an object to allocate, count and free, and a replication
    records hundreds of entries; the fields are read back once, in order, when the
    result is collected (:func:`collect`), straight from the list.
    """

    __slots__ = ("width", "flat")

    def __init__(self, width: int):
        self.width = width
        self.flat: list = []

    def append(self, entry: tuple) -> None:
        if len(entry) != self.width:
            raise ValueError(f"an entry has {self.width} fields, got {len(entry)}")
        self.flat.extend(entry)

    def __len__(self) -> int:
        return len(self.flat) // self.width

    def __iter__(self):
        return self.since(0)

    def since(self, count: int):
        """The entries from the ``count``-th on, read from the list in place."""
        fields = iter(self.flat) if not count else islice(self.flat, count * self.width, None)
        return zip(*[fields] * self.width)


class Recorder:
    def __init__(self):
        #: (t_h, unit, action, text|None, source, plan|None, extra|None), or for an event
        #: logged from a template (:func:`event_template`): (t_h, None, template, None...)
        self.events = Entries(7)
        #: rows as in ``columns``: COLUMNS, then every other figure the plans read
        self.rows: list[tuple] = []
        self.columns: tuple[str, ...] = COLUMNS
        #: (template, requested_h, start_h, end_h): the template (:func:`span_template`) is
        #: the same for every span of one duty, made once
        self.spans = Entries(4)
        #: key user -> [(t_h, fuel_h_left, state)]
        self.fuel: dict[str, list[tuple]] = {}
        #: what :func:`collect` made so far: event and span dicts, and (row, dict) pairs
        self.made_events: list[dict] = []
        self.made_spans: list[dict] = []
        self.made_rows: list[tuple[tuple, dict]] = []

    def event(self, t, unit, action, text=None, source="model", plan=None, extra=None) -> None:
        self.events.flat.extend((t, unit, action, text, source, plan, extra))

    def row(self, row: tuple) -> None:
        """Append a time-series row; a row at the same time replaces the previous one."""
        rows = self.rows
        if rows:
            last = rows[-1]
            if last[1:] == row[1:]:
                return
            if last[0] == row[0]:
                rows[-1] = row
                if len(rows) > 1 and rows[-2][1:] == row[1:]:
                    rows.pop()
                return
        rows.append(row)


def event_template(unit: str, action: str, text: dict | None, source: str, plan: str | None,
                   extra: dict | None) -> dict:
    """An event's dictionary in the result but for its time: made once for an event logged
    again and again (a duty set to work), which is then logged as ``(t_h, None, template,
    None, None, None, None)`` and copied when collected, as :func:`span_template`'s are."""
    template = {"t_h": None, "unit": unit, "action": action, "source": source, "plan": plan}
    if text is not None:
        template["text"] = text
    if extra:
        template.update(extra)
    return template


def span_template(unit: str, duty: str, resource: str | None, plan: str | None, element: str | None = None) -> dict:
    """A span's dictionary in the result but for its times (requested, started, ended):
    made once for whatever works many times (a duty, a plan step) and copied for each of
    its spans, which costs far less than making the dictionary anew."""
    template = {"unit": unit, "duty": duty, "resource": resource, "requested_h": None, "start_h": None, "end_h": None,
                "plan": plan}
    if element is not None:
        template["element"] = element
    return template


def collect(recorder: Recorder, log: bool = True) -> dict[str, Any]:
    """The recorded entries as lists of dicts (the ``events``/``timeseries``/``spans``/``backup_fuel``
    keys); entries collected before are not made again. Without ``log``, the event log and the
    spans are left out: a sweep's row reads neither (it sums the spans as recorded:
    :func:`work_spans`), and their few hundred dicts are a tenth of what a replication costs."""
    rows = _rows(recorder)
    fuel = {user: [{"t_h": t, "fuel_h": fuel, "state": state} for t, fuel, state in points]
            for user, points in recorder.fuel.items()}
    if not log:
        return {"timeseries": rows, "backup_fuel": fuel}
    return {"events": _events(recorder), "timeseries": rows, "spans": _spans(recorder), "backup_fuel": fuel}


def work_spans(recorder: Recorder):
    """Each span as recorded, as ``(unit, start_h, end_h)``: what :func:`sim.report.hours_by_unit`
    sums, without making the span's dict (the flat list read in strides, in C)."""
    flat = recorder.spans.flat
    return zip(map(itemgetter("unit"), flat[0::4]), flat[2::4], flat[3::4])


def _events(recorder: Recorder) -> list[dict]:
    # A replication makes hundreds of these dicts, and they are a good part of what it costs.
    events = recorder.made_events
    append = events.append
    for t, unit, action, text, source, plan, extra in recorder.events.since(len(events)):
        if unit is None:  # logged from a template, in ``action``
            event = action.copy()
            event["t_h"] = t
        elif text is None:
            event = ({"t_h": t, "unit": unit, "action": action, "source": source, "plan": plan, **extra} if extra else
                     {"t_h": t, "unit": unit, "action": action, "source": source, "plan": plan})
        else:
            event = ({"t_h": t, "unit": unit, "action": action, "source": source, "plan": plan, "text": text, **extra}
                     if extra else
                     {"t_h": t, "unit": unit, "action": action, "source": source, "plan": plan, "text": text})
        append(event)
    return list(events)


def _spans(recorder: Recorder) -> list[dict]:
    spans = recorder.made_spans
    append = spans.append
    for template, requested, start, end in recorder.spans.since(len(spans)):
        span = template.copy()  # a copy of a dict is made at a third of the cost of a new one
        span["requested_h"] = requested
        span["start_h"] = start
        span["end_h"] = end
        append(span)
    return list(spans)


def _rows(recorder: Recorder) -> list[dict]:
    # Only the last rows can have changed since (a row at the same time replaces the one
    # before, or goes): the rows made before are kept up to the last that is still the very
    # tuple it was made from.
    made, rows = recorder.made_rows, recorder.rows
    kept = min(len(made), len(rows))
    while kept and made[kept - 1][0] is not rows[kept - 1]:
        kept -= 1
    del made[kept:]
    columns = recorder.columns
    made.extend((row, dict(zip(columns, row))) for row in rows[kept:])
    return [row for _, row in made]


def rounded(value: Any) -> Any:
    """``value`` with every float rounded to :data:`DECIMALS` (and -0.0 written as 0.0)."""
    if isinstance(value, float):
        return round(value, DECIMALS) + 0.0
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(item) for item in value]
    return value


def dumps(result: dict[str, Any], *, indent: int | None = None) -> str:
    """Byte-stable JSON: sorted keys, rounded floats, UTF-8 text kept readable."""
    return json.dumps(rounded(result), sort_keys=True, ensure_ascii=False, indent=indent,
                      separators=(",", ": ") if indent else (",", ":"))
