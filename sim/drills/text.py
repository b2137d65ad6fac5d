"""Text typed into a drill, checked at the door: the same rules on SQLite and PostgreSQL.

Names, notes and injects are read back by every page and report for as long as the
drill is kept, so one bad string would break the drill for everyone. Refused, with a
message saying what and where:

* bytes that are not UTF-8 — on the command line they arrive as lone surrogates (Python
  keeps undecodable bytes that way, e.g. from a GBK terminal); lone surrogates themselves;
* NUL and other control characters (a note may hold line breaks and tabs);
* text longer than its column: PostgreSQL would refuse it with a database error while
  SQLite would keep it, so the limit is checked here, the same for both.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import Column

from ..errors import InputError, Problem

#: The longest note, inject title or inject text (stored in JSON columns, which have no
#: width of their own): a page of text.
TEXT_LIMIT = 4000


def limit_of(column: Column) -> int:
    """The width of a string column, in characters (both databases count characters)."""
    return column.type.length


def checked(value: object, path: str, *, limit: int, multiline: bool = False) -> str:
    """``value`` when it is text a drill can keep; else an :class:`InputError` naming ``path``."""
    if not isinstance(value, str):
        raise _refused(path, f"应为文字，而不是 {type(value).__name__}", f"expected text, not {type(value).__name__}")
    for index, char in enumerate(value):
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            raise _refused(path, f"第 {index + 1} 个字符处的字节 0x{code - 0xDC00:02x} 不是 UTF-8 编码（请将终端设为 UTF-8）",
                           f"byte 0x{code - 0xDC00:02x} at character {index + 1} is not UTF-8 "
                           f"(set the terminal to UTF-8)")
        if 0xD800 <= code <= 0xDFFF:
            raise _refused(path, f"第 {index + 1} 个字符是孤立的代理码位 U+{code:04X}，不是有效文字",
                           f"character {index + 1} is a lone surrogate U+{code:04X}, not valid text")
        if char == "\0":
            raise _refused(path, f"第 {index + 1} 个字符是空字符（NUL）", f"character {index + 1} is NUL")
        if unicodedata.category(char) == "Cc" and not (multiline and char in "\t\n\r"):
            raise _refused(path, f"第 {index + 1} 个字符是控制字符 U+{code:04X}",
                           f"character {index + 1} is the control character U+{code:04X}")
    if len(value) > limit:
        raise _refused(path, f"长度 {len(value)} 个字符，最多 {limit} 个",
                       f"{len(value)} characters long, at most {limit} allowed")
    return value


def _refused(path: str, zh: str, en: str) -> InputError:
    return InputError([Problem("drill", 0, 0, path, f"{zh} / {en}")])
