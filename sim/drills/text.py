"""Text typed into a drill, checked at the door: the same rules on SQLite and PostgreSQL.

Names, notes and injects are read back by every page and report for as long as the
drill is kept, so one bad string would break the drill for everyone. Refused, with a
message saying what and where:

* bytes that are not UTF-8 — on the command line they arrive as lone surrogates (Python
  keeps undecodable bytes that way, e.g. from a GBK terminal); lone surrogates themselves;
* NUL and other control characters (a note may hold line breaks and tabs);
* the invisible characters that change the order text is drawn in
  (:data:`sim.characters.BIDI_CONTROLS`): a right-to-left override in an inject's title
  turns the rest of its line round on the console and in the report;
* text longer than its column: PostgreSQL would refuse it with a database error while
  SQLite would keep it, so the limit is checked here, the same for both.

A face checks what it was given with :func:`checked` first, naming the field the way its
form or option does; a file read in (an MSEL workbook) asks :func:`fault` of each cell and
says the cell. The tables themselves hold their text in :class:`CheckedString` and
:class:`CheckedJSON` columns, which put every value bound for the database through the
same check: a write that reaches them with text nobody checked — a caller yet to be
written, a field forgotten — is refused whole, naming the column's field, and stores
nothing (:func:`sim.drills.db.writing` rolls it back). So no way in can skip the check.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import JSON, Column, String
from sqlalchemy.types import TypeDecorator

from ..characters import BIDI_CONTROLS
from ..messages import Message
from .refusals import refused

#: The longest note, inject title or inject text (stored in JSON columns, which have no
#: width of their own): a page of text.
TEXT_LIMIT = 4000

def limit_of(column: Column) -> int:
    """The width of a string column, in characters (both databases count characters)."""
    return column.type.length


def checked(value: object, path: str, *, limit: int, multiline: bool = False) -> str:
    """``value`` when it is text a drill can keep; else an :class:`InputError` naming ``path``."""
    found = fault(value, limit=limit, multiline=multiline)
    if found is not None:
        raise refused(path, found)
    return value


def fault(value: object, *, limit: int, multiline: bool = False) -> Message | None:
    """What is wrong with ``value`` as text a drill keeps (and where in it), or None when nothing is."""
    if not isinstance(value, str):
        return Message("drill_text.not_text", kind=type(value).__name__)
    for index, char in enumerate(value, start=1):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # how Python keeps an undecodable byte of the command line
            return Message("drill_text.not_utf8", at=index, byte=f"{code - 0xDC00:02x}")
        if 0xD800 <= code <= 0xDFFF:
            return Message("drill_text.surrogate", at=index, code=f"{code:04X}")
        if char == "\0":
            return Message("drill_text.nul", at=index)
        if char in BIDI_CONTROLS:
            return Message("drill_text.bidi", at=index, code=f"{code:04X}")
        if unicodedata.category(char) == "Cc" and not (multiline and char in "\t\n\r"):
            return Message("drill_text.control", at=index, code=f"{code:04X}")
    if len(value) > limit:
        return Message("drill_text.too_long", length=len(value), limit=limit)
    return None


class CheckedString(TypeDecorator):
    """A string column of a drill table: a value bound for it (stored, or compared with
    what is stored) is one line of text :func:`checked` accepts, within the column's
    width; else the statement is refused, naming ``field`` (a field of
    :mod:`sim.drills.refusals`)."""

    impl = String
    cache_ok = True

    def __init__(self, length: int, field: str):
        super().__init__(length)
        self.field = field

    def process_bind_param(self, value: Any, dialect) -> Any:
        return None if value is None else checked(value, self.field, limit=self.impl.length)


class CheckedJSON(TypeDecorator):
    """A JSON column of a drill table: every string in a value bound for it, keys and items
    alike, is text :func:`checked` accepts (line breaks and tabs allowed, at most
    :data:`TEXT_LIMIT` characters); else the statement is refused, naming ``field`` and
    the keys down to the string (``title.zh``, ``args.text``)."""

    impl = JSON
    cache_ok = True

    def __init__(self, field: str):
        super().__init__()
        self.field = field

    def process_bind_param(self, value: Any, dialect) -> Any:
        _check_inside(value, self.field)
        return value


def _check_inside(value: Any, path: str) -> None:
    """Check every string inside a JSON value, named by the keys down to it (a list's items
    by their list's name); numbers and the like are not text and pass."""
    if isinstance(value, str):
        checked(value, path, limit=TEXT_LIMIT, multiline=True)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                checked(key, path, limit=TEXT_LIMIT)
            _check_inside(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for item in value:
            _check_inside(item, path)
