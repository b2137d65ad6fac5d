"""Changing one number in a YAML text without touching anything else.

A planner's what-if copy must stay the same file: comments, quotes, anchors and layout
kept, so the diff against the original shows exactly the numbers that changed and the
downloaded copy reads like the shipped one. Re-dumping parsed YAML would lose all of
that, so the form edits the text itself: the parser's positions give the line and column
of the key, and only the scalar after ``key:`` is replaced.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import InputError, Problem
from ..messages import Message
from ..inputs import Path_, dotted, parse

_SCALAR = re.compile(r"[^\s,}\]#]+")


def format_number(value: float) -> str:
    """A number as YAML would be written by hand: ``40``, ``0.5``, ``1e-06``."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def set_scalars(text: str, changes: Mapping[Path_, float], name: str = "edit") -> str:
    """``text`` with the scalar at each path replaced; every path must already hold a scalar.

    Raises :class:`InputError` when a path does not exist or is not a plain scalar after
    ``key:`` on one line (the form only offers paths this can edit).
    """
    if not changes:
        return text
    _, positions = parse(text, name)
    lines = text.splitlines(keepends=True)
    problems: list[Problem] = []
    # Edit from the end of each line backwards so earlier columns stay valid.
    ordered = sorted(changes.items(), key=lambda item: positions.get(item[0], (0, 0)), reverse=True)
    for path, value in ordered:
        if path not in positions or not path or isinstance(path[-1], int):
            problems.append(Problem(name, 0, 0, dotted(path), Message("input.no_key_to_edit")))
            continue
        line, col = positions[path]
        row = lines[line - 1]
        key = re.compile(re.escape(str(path[-1])) + r"""["']?\s*:[ \t]*""")
        start = col - 1
        if row[start:start + 1] in ('"', "'"):
            start += 1
        found = key.match(row, start)
        scalar = _SCALAR.match(row, found.end()) if found else None
        if scalar is None:
            problems.append(Problem(name, line, col, dotted(path), Message("input.not_a_plain_number")))
            continue
        lines[line - 1] = row[:scalar.start()] + format_number(value) + row[scalar.end():]
    if problems:
        raise InputError(problems)
    return "".join(lines)
