"""Pydantic's validation errors in the reader's language, translated by error type.

Pydantic words its errors in English ("Input should be a valid number"); each error also
has a stable *type* (``float_parsing``) and its values (``ctx``: ``{"gt": 0}``). The
catalogue holds a Chinese and an English text per type (``pydantic.<type>``), so a
planner's mistake reads in either language. A model's own check raises ``ValueError``
with a :class:`~sim.messages.Message`, which is passed through as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .bounds import REASONS
from .errors import echoed
from .messages import MESSAGES, Message


def validation_message(item: Mapping[str, Any]) -> Message | str:
    """The message of one ``ValidationError.errors()`` item, in both languages."""
    kind, loc, value = item["type"], item["loc"], item.get("input")
    ctx = item.get("ctx") or {}
    if kind in ("missing", "union_tag_not_found"):
        field = loc[-1] if kind == "missing" else ctx["discriminator"].strip("'")
        return Message("input.missing", field=repr(field))
    if kind == "extra_forbidden":
        return Message("input.unknown_key", key=echoed(loc[-1]))
    if kind == "union_tag_invalid":
        return Message("input.unknown_tag", field=ctx["discriminator"].strip("'"), tag=echoed(ctx["tag"]),
                       expected=ctx["expected_tags"])
    if kind in ("value_error", "assertion_error"):
        error = ctx.get("error")
        if isinstance(error, Exception) and error.args and isinstance(error.args[0], Message):
            return error.args[0]
        return item["msg"].removeprefix("Value error, ")  # a check not yet worded in the catalogue
    if f"pydantic.{kind}" not in MESSAGES:
        return item["msg"]  # a type no plan field can produce today
    message = Message(f"pydantic.{kind}", **{k: _plain(v) for k, v in ctx.items() if k != "error"})
    if kind.endswith(("_type", "_parsing")) and not isinstance(value, (Mapping, list)):
        return Message("input.got", message=message, got=echoed(value))
    reason = _reason(kind, loc)
    if reason is not None:
        return Message("input.because", message=message, reason=Message(reason))
    return message


#: The errors of a value past a bound of :mod:`sim.bounds`: below its lower bound, above its upper.
_BELOW = frozenset({"greater_than", "greater_than_equal"})
_ABOVE = frozenset({"less_than", "less_than_equal"})


def _reason(kind: str, loc: tuple) -> str | None:
    """The catalogue key of why the bound a value passed is there, if the bounds say."""
    if kind == "too_long":
        return "bound.list"
    names = [part for part in loc if isinstance(part, str)]
    if not names or kind not in _BELOW | _ABOVE:
        return None
    below, above = REASONS.get(names[-1], (None, None))
    return below if kind in _BELOW else above


def _plain(value: Any) -> Any:
    """A bound as pydantic writes it: ``1``, not ``1.0``."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
