"""Text typed into a drill, checked at the door: the same rules on SQLite and PostgreSQL.

Names, notes and injects are read back by every page and report for as long as the
drill is kept, so one bad string would break the drill for everyone. Refused, with a
message saying what and where:

* bytes that are not UTF-8 — on the command line they arrive as lone surrogates (Python
  keeps undecodable bytes that way, e.g. from a GBK terminal); lone surrogates themselves;
* NUL and other control characters (a note may hold line breaks and tabs);
* the invisible characters that change the order text is drawn in (:data:`BIDI_CONTROLS`):
  a right-to-left override in an inject's title turns the rest of its line round on
  the console and in the report;
* text longer than its column: PostgreSQL would refuse it with a database error while
  SQLite would keep it, so the limit is checked here, the same for both.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import Column

from ..errors import InputError
from ..messages import Message
from .refusals import refused

#: The longest note, inject title or inject text (stored in JSON columns, which have no
#: width of their own): a page of text.
TEXT_LIMIT = 4000

#: The bidirectional controls: the embeddings and overrides (U+202A–U+202E), the isolates
#: (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). The marks override nothing,
#: but they too reorder what stands beside them (a clock time's digits and punctuation),
#: are invisible, and have no use in the Chinese and English a drill is played in; so a
#: drill's text holds none of them, and what it says is drawn in the order it was typed.
BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                                 0x200E, 0x200F, 0x061C))


def limit_of(column: Column) -> int:
    """The width of a string column, in characters (both databases count characters)."""
    return column.type.length


def checked(value: object, path: str, *, limit: int, multiline: bool = False) -> str:
    """``value`` when it is text a drill can keep; else an :class:`InputError` naming ``path``."""
    if not isinstance(value, str):
        raise _refused(path, "drill_text.not_text", kind=type(value).__name__)
    for index, char in enumerate(value, start=1):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # how Python keeps an undecodable byte of the command line
            raise _refused(path, "drill_text.not_utf8", at=index, byte=f"{code - 0xDC00:02x}")
        if 0xD800 <= code <= 0xDFFF:
            raise _refused(path, "drill_text.surrogate", at=index, code=f"{code:04X}")
        if char == "\0":
            raise _refused(path, "drill_text.nul", at=index)
        if char in BIDI_CONTROLS:
            raise _refused(path, "drill_text.bidi", at=index, code=f"{code:04X}")
        if unicodedata.category(char) == "Cc" and not (multiline and char in "\t\n\r"):
            raise _refused(path, "drill_text.control", at=index, code=f"{code:04X}")
    if len(value) > limit:
        raise _refused(path, "drill_text.too_long", length=len(value), limit=limit)
    return value


def _refused(path: str, key: str, **values) -> InputError:
    return refused(path, Message(key, **values))
