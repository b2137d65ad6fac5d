"""Rows to a file: CSV (always available) or Parquet (the ``parquet`` extra).

CSV cells are written the same way every time: empty for a missing value, ``true`` /
``false`` for booleans, Python's shortest round-trip form for the (already rounded)
floats — so one seed gives one byte sequence. Parquet keeps types (floats, integers,
strings with nulls) for pandas and notebooks on thousands of rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from .executor import MissingExtra


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_text(header: Sequence[str], rows: Sequence[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in r] for r in rows)
    return buffer.getvalue()


def write(path: str | Path, header: Sequence[str], rows: Sequence[tuple]) -> None:
    """Write ``rows`` to ``path``: Parquet if it ends in ``.parquet``, else CSV."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        _parquet(path, header, rows)
    else:
        path.write_text(csv_text(header, rows), encoding="utf-8")


def check(path: str | Path) -> None:
    """Fail before a long run, not after it, when ``path`` needs a missing extra."""
    if Path(path).suffix.lower() == ".parquet":
        _pyarrow()


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtra("writing Parquet", "parquet") from None
    return pa, pq


def _parquet(path: Path, header: Sequence[str], rows: Sequence[tuple]) -> None:
    pa, pq = _pyarrow()
    columns = list(zip(*rows)) if rows else [()] * len(header)
    arrays = []
    for column in columns:
        # One type per column: whole numbers in a column that also holds fractions become floats.
        floats = any(isinstance(v, float) for v in column)
        arrays.append(pa.array([float(v) if floats and type(v) is int else v for v in column]))
    pq.write_table(pa.Table.from_arrays(arrays, names=list(header)), path)
