"""Pydantic's validation errors in the reader's language, translated by error type.

Pydantic words its errors in English ("Input should be a valid number"); each error also
has a stable *type* (``float_parsing``) and its values (``ctx``: ``{"gt": 0}``).
:data:`WORDED` names, for every type a plan's field can produce, the catalogue entry that
words it plainly in Chinese and in English ("should be a number"), so a planner's mistake
reads the same in either language and never in pydantic's own English; types a reader is
told alike (a number that is missing or unreadable) share an entry. The bounds in a
message are written as people write them (:func:`sim.messages.figure`). A model's own
check raises ``ValueError`` with a :class:`~sim.messages.Message`, which is passed
through as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .bounds import REASONS
from .errors import echoed
from .messages import LANGUAGES, Message, figure, listed
from .plan.common import ID_PATTERN

#: pydantic error type -> the catalogue entry (``pydantic.*``) that says it, in both languages.
WORDED = {
    "float_type": "pydantic.number",
    "float_parsing": "pydantic.number",
    "int_type": "pydantic.whole_number",
    "int_parsing": "pydantic.whole_number",
    "int_from_float": "pydantic.int_from_float",
    "bool_type": "pydantic.true_or_false",
    "bool_parsing": "pydantic.true_or_false",
    "string_type": "pydantic.text",
    "dict_type": "pydantic.mapping",
    "model_type": "pydantic.mapping",
    "model_attributes_type": "pydantic.mapping",
    "list_type": "pydantic.list",
    "tuple_type": "pydantic.list",
    "set_type": "pydantic.list",
    "date_type": "pydantic.date",
    "date_parsing": "pydantic.valid_date",
    "date_from_datetime_parsing": "pydantic.valid_date",
    "date_from_datetime_inexact": "pydantic.date_without_time",
    "datetime_type": "pydantic.datetime",
    "datetime_parsing": "pydantic.valid_datetime",
    "datetime_from_date_parsing": "pydantic.valid_datetime",
    "greater_than": "pydantic.greater_than",
    "greater_than_equal": "pydantic.greater_than_equal",
    "less_than": "pydantic.less_than",
    "less_than_equal": "pydantic.less_than_equal",
    "multiple_of": "pydantic.multiple_of",
    "finite_number": "pydantic.finite_number",
    "too_short": "pydantic.too_short",
    "too_long": "pydantic.too_long",
    "string_too_short": "pydantic.string_too_short",
    "string_too_long": "pydantic.string_too_long",
    "string_pattern_mismatch": "pydantic.string_pattern_mismatch",
    "literal_error": "pydantic.one_of",
    "enum": "pydantic.one_of",
}

#: Patterns a reader is told in words rather than as the regular expression: an id's
#: (a Chinese planner writing ``id: 红色`` is told where the Chinese goes).
PATTERNS = {ID_PATTERN: "pydantic.id"}


def validation_message(item: Mapping[str, Any]) -> Message | str:
    """The message of one ``ValidationError.errors()`` item, in both languages."""
    kind, loc, value = item["type"], item["loc"], item.get("input")
    ctx = item.get("ctx") or {}
    if kind in ("missing", "union_tag_not_found"):
        field = loc[-1] if kind == "missing" else ctx["discriminator"].strip("'")
        return Message("input.missing", field=repr(field))
    if kind == "extra_forbidden":
        key = loc[-1]
        if value is None and isinstance(key, str) and " " in key.strip():
            # {en: Water rises, over the warning level}: the comma in unquoted text made a key of the rest
            return Message("input.unknown_key_comma", key=echoed(key))
        return Message("input.unknown_key", key=echoed(key))
    if kind == "union_tag_invalid":
        return Message("input.unknown_tag", field=ctx["discriminator"].strip("'"), tag=echoed(ctx["tag"]),
                       expected=ctx["expected_tags"])
    if kind in ("value_error", "assertion_error"):
        error = ctx.get("error")
        if isinstance(error, Exception) and error.args and isinstance(error.args[0], Message):
            return error.args[0]
        return item["msg"].removeprefix("Value error, ")  # a check not yet worded in the catalogue
    if kind not in WORDED:
        return item["msg"]  # a type no plan field can produce today
    if kind in ("literal_error", "enum"):
        # pydantic lists the allowed values in English ("'a', 'b' or 'c'"): listed again in each language
        allowed = re.findall(r"'((?:[^'\\]|\\.)*)'", ctx.get("expected", ""))
        if len(allowed) > 1:
            message = Message("pydantic.one_of_list", expected=listed(f"'{one}'" for one in allowed))
            return Message("input.got", message=message, got=echoed(value))
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERNS:  # said in words, not as a regex
        return Message("input.got", message=Message(PATTERNS[ctx["pattern"]]), got=echoed(value))
    message = Message(WORDED[kind], **{k: _plain(v) for k, v in ctx.items() if k != "error"})
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
    """A bound as people write it in each language (``1``, not ``1.0``; ``100,000`` or
    ``10万``, not ``100000``); any other value of the error as it is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value and abs(value) != float("inf"):
        return {language: figure(value, language) for language in LANGUAGES}
    return value
