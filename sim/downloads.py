"""Files a person downloads, in the shape their everyday programs open correctly.

Every CSV the product writes — the Run page's event log, a sweep's rows — goes through
:class:`CsvRows`, so all of them read the same way: cells written the same way every time
(empty for a missing value, ``true`` / ``false`` for booleans, Python's shortest
round-trip form for numbers), and a file meant for a person starts with a UTF-8
byte-order mark: Excel on a Chinese Windows reads a CSV without one in the local code
page (GBK) and shows the Chinese as garbage; with the mark it reads UTF-8. (Printable
pages are A4: see the style of :func:`sim.report.render_html`.)
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

import pandas as pd

#: The byte-order mark, which Excel takes as the sign of UTF-8.
BOM = "\ufeff"


def cell(value: Any) -> str:
    """One CSV cell: the same text for the same value, every time."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class CsvRows:
    """Rows written to a text stream as CSV; with ``mark`` (a file a person opens) the
    first row is preceded by the byte-order mark. Nothing is written before the first
    row, so a command that fails before it has no output."""

    def __init__(self, stream: TextIO, mark: bool = True):
        self.stream, self.mark = stream, mark
        self.writer = csv.writer(stream, lineterminator="\n")
        self.started = False

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        if not self.started:
            if self.mark:
                self.stream.write(BOM)
            self.started = True
        self.writer.writerows([cell(v) for v in row] for row in rows)


def excel_csv(frame: pd.DataFrame) -> bytes:
    """A table as CSV bytes that Excel opens with its Chinese intact."""
    out = io.StringIO()
    rows = CsvRows(out)
    rows.write([list(frame.columns)])
    rows.write(frame.itertuples(index=False, name=None))
    return out.getvalue().encode("utf-8")
