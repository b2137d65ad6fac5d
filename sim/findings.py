"""Cross-reference findings in the catalogue's words, naming things as people read them.

A plan's own checks (:mod:`sim.references`) and the checks a Case runs once its files are
loaded (the scenario against its plans and area, the area, the fire-ban section and the
template within) report each finding as ``(path, Message)``, so a reader sees it in the
language they chose. Within a message a
thing that exists is named as its file names it, beside the id the file types
(``固阳县（键入 guyang）``); an id that names nothing is quoted as the user typed it; and a
list of what may be typed gives every choice by its name with its id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .errors import dotted, echoed
from .messages import LANGUAGES, Message, joined, pick, typed

Finding = tuple[tuple, Message]

#: The first step of the path of a finding about the area file rather than the scenario (a
#: grid scope the plans do not know is wrong where the area writes it, not where the
#: scenario names the area): :func:`sim.inputs.case.located` reports it at the area's line.
IN_AREA = "<area>"


def label(item: Any) -> dict[str, str] | None:
    """What people call ``item``, ``{zh, en}``: its name or title, else its text cut short
    (a duty or a requirement has a text, not a name); None when it has none of them."""
    for field, limit in (("name", None), ("title", None), ("text", 40)):
        value = getattr(item, field, None)
        if hasattr(value, "zh") and hasattr(value, "en"):
            return {language: pick(value, language) if limit is None else
                    echoed(pick(value, language), quoted=False, limit=limit) for language in LANGUAGES}
    return None


def named(item: Any, key: str | None = None) -> dict[str, str]:
    """``item`` by its name with the id its file types (``key``, else its ``id``)."""
    return typed([(key or item.id, label(item))])


def choices(items: Mapping[str, Any] | Iterable[Any]) -> dict[str, str] | Message:
    """What may be typed: each item (``{id: item}``, or items with an ``id``) by its name
    with its id, in the order given — the file's own, so a plan's levels read from the most
    severe down as the plan writes them, not by their ids; "none defined" when there is none."""
    pairs = items.items() if isinstance(items, Mapping) else ((item.id, item) for item in items)
    by_id = dict(pairs)
    if not by_id:
        return Message("ref.none_defined")
    return typed([(key, label(item)) for key, item in by_id.items()])


def ids(values: Iterable[str]) -> dict[str, str] | Message:
    """Ids that have no names (the engine's figures), listed; "none defined" when there is none."""
    values = sorted(values)
    if not values:
        return Message("ref.none_defined")
    return {language: joined(values, language) for language in LANGUAGES}


def unknown(what: str | Message, value: str, items) -> Message:
    """``value``, typed where a ``what`` (a ``ref.what.*`` key's last part, or the kind of
    thing as a message: "the values of grid_scope") is named, names none of ``items``: the
    reader is told the choices by name."""
    kind = what if isinstance(what, Message) else Message(f"ref.what.{what}")
    return Message("ref.unknown", what=kind, value=echoed(value), choices=choices(items))


def repeated(items: Iterable[Any], path: tuple, what: Message, key: str = "id") -> Iterator[Finding]:
    """Each of ``items`` (at ``path``, a list of the file's) whose ``key`` an earlier one already
    has: refused where it is given again, naming where it was given first, so a reader goes
    from one to the other (the first may be hundreds of lines above)."""
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in first:
            yield path + (i, key), Message("ref.duplicate", what=what, id=echoed(value),
                                           first=dotted(path + (first[value],)))
        else:
            first[value] = i
