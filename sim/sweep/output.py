"""Rows to CSV (always available) or Parquet (the ``parquet`` extra), as they arrive.

A sweep hands its rows over batch by batch in replication order; the writer puts them
out at once, so ten thousand or a million rows never sit in memory together. A file is
written under a temporary name and renamed when complete: an interrupted sweep leaves
no half file that looks finished.

CSV is written by the one CSV writer (:class:`sim.downloads.CsvRows`): cells the same way
every time, so one seed gives one byte sequence, and a ``.csv`` file starts with the UTF-8
byte-order mark that Excel on a Chinese Windows needs; CSV on stdout has none, for the
programs it is piped into. Parquet has a fixed schema per column
(:func:`sim.sweep.rows.column_type`), the same for every sweep of the same plans.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..downloads import CsvRows
from ..messages import Message
from .executor import MissingExtra
from .rows import column_type

#: Rows per Parquet row group: a few megabytes in memory at a time.
ROW_GROUP = 2048


#: The file types ``--out`` writes, by suffix.
SUFFIXES = (".csv", ".parquet")


def check(path: str | Path) -> None:
    """Fail before a long run, not after it: an unknown suffix (``rows.txt`` would get CSV
    it does not announce), or a Parquet file without its extra installed."""
    from ..command_line import refuse_suffix

    refuse_suffix(str(path), SUFFIXES)
    if Path(path).suffix.lower() == ".parquet":
        _pyarrow()


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtra(Message("sweep.writing_parquet"), "parquet") from None
    return pa, pq


class Writer:
    """Writes rows to ``target`` — a text stream (CSV), or a path ending in ``.parquet``
    (Parquet) or ``.csv`` (CSV; :func:`check` it first). Use as a context manager;
    ``write`` is a sink."""

    def __init__(self, target: str | Path | TextIO, header: Sequence[str]):
        self.header = list(header)
        self.path = None if hasattr(target, "write") else Path(target)
        self.partial = None if self.path is None else self.path.with_name(self.path.name + ".part")
        self.parquet = self.path is not None and self.path.suffix.lower() == ".parquet"
        self.pending: list[tuple] = []
        self.stream = None
        self.table_writer = None
        if self.parquet:
            pa, pq = _pyarrow()
            self._pa = pa
            types = {"string": pa.string(), "int64": pa.int64(), "bool": pa.bool_(), "float64": pa.float64()}
            self.schema = pa.schema([(name, types[column_type(name)]) for name in self.header])
            self.table_writer = pq.ParquetWriter(self.partial, self.schema)
        else:
            self.stream = target if self.path is None else open(self.partial, "w", encoding="utf-8", newline="")
            self.csv = CsvRows(self.stream, mark=self.path is not None)  # a file is for Excel; stdout for pipes

    def write(self, rows: Sequence[tuple]) -> None:
        if not self.parquet:
            if not self.csv.started:  # the header waits for the first rows: a failed start prints nothing
                self.csv.write([self.header])
            self.csv.write(rows)
            return
        self.pending.extend(rows)
        while len(self.pending) >= ROW_GROUP:
            self._flush(self.pending[:ROW_GROUP])
            del self.pending[:ROW_GROUP]

    def _flush(self, rows: list[tuple]) -> None:
        pa = self._pa
        columns = list(zip(*rows))
        arrays = [pa.array(column, type=field.type) for column, field in zip(columns, self.schema)]
        self.table_writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self.parquet:
            if self.pending and kind is None:
                self._flush(self.pending)
            self.table_writer.close()
        else:
            if kind is None and not self.csv.started:
                self.csv.write([self.header])
            if self.path is not None:
                self.stream.close()
            else:
                self.stream.flush()
        if self.partial is not None:
            if kind is None:
                os.replace(self.partial, self.path)
            else:
                self.partial.unlink(missing_ok=True)
