"""What the engine's own events say, in both languages.

An event the plan causes carries the plan's text (a duty, a step, a level's name). The
engine's own bookkeeping — a crew starting or finishing a repair, load shed and given
back, the classification falling below every level, the response ended, a secondary
incident closed — carries only its action id and its fields, to keep a replication's
result small. A reader is shown these words instead of the bare id; they are the
engine's vocabulary, the same for every plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from .messages import LANGUAGES, filled, pick, section
from .names import Names

#: action -> (Chinese, English); ``{field}`` is filled from the event
WORDS: dict[str, tuple[str, str]] = section("event.")  # in the one catalogue, sim.messages
#: why a duty went unmet, by the ``kind`` of a result's unmet-duty ``reason``
UNMET: dict[str, tuple[str, str]] = section("unmet.")
#: The kind (:data:`sim.names.KINDS`) of what each field these words name holds (the
#: others are numbers): an id may be another kind's too, so each is read among its own.
FIELD_KINDS = {"element": "element", "resource": "resource", "classification": "severity_level",
               "severity": "severity_level", "from": "response_level", "to": "response_level",
               "incident": "incident", "unit": "unit"}


def event_text(event: Mapping, names: Names | None = None) -> dict[str, str] | None:
    """The engine's words for the event's action, the event's own text (a name) filling
    their ``{name}``; else the event's own text (the plan's words); else None.

    ``names`` (:func:`sim.report.names_from`) turns the ids in the event's fields — a
    substation, a feeder, an incident — into names in each language, each among the names
    of its kind (:data:`FIELD_KINDS`).
    """
    text = event.get("text")
    words = WORDS.get(_wording(event))
    if words is None or (text and "{name}" not in words[0]):
        return text or None
    out = {}
    for lang, template in zip(LANGUAGES, words):
        fields = _Fields({key: _named(key, value, names, lang) for key, value in event.items()})
        if text:
            fields["name"] = pick(text, lang)
        out[lang] = filled(template, fields)
    return out


def _wording(event: Mapping) -> Any:
    """The key of an entry's words: its action's, except for a change of level proposed while
    the figures meet no level (``classification`` recorded empty), whose words say why the
    level proposed is the plan's lowest rather than "as classified"; an incident that begins
    after an earlier one was over, whose words give its number (by the plan's onset, or by
    load shed again for a plan that states none); and an incident over after its response
    ended, whose words do not say it started none."""
    action = event.get("action")
    if action == "adjustment_proposed" and "classification" in event and event["classification"] is None:
        return "adjustment_proposed_below_levels"
    if action == "incident_begun" and event.get("number", 1) > 1:
        return "incident_begun_again" if event.get("text") else "incident_begun_again_shed"
    if action == "incident_over" and event.get("responded"):
        return "incident_over_responded"
    return action


def unmet_reason(reason: Mapping, names: Names | None = None) -> dict[str, str]:
    """Why a duty went unmet (a result's ``unmet_duties[i].reason``, ``{kind, ...}``) in
    both languages, its unit and resource by their names (``names`` as for :func:`event_text`)."""
    words = UNMET[reason["kind"]]
    return {lang: filled(template, _Fields({key: _named(key, value, names, lang) for key, value in reason.items()}))
            for lang, template in zip(LANGUAGES, words)}


def _named(key: str, value: Any, names: Names | None, lang: str) -> Any:
    """The field ``key``'s ``value`` by its name, if it names something that has one."""
    if names is None or key not in FIELD_KINDS or not isinstance(value, str):
        return value
    found = names.of(FIELD_KINDS[key]).get(value)
    return value if found is None else pick(found, lang) or value


class _Fields(dict):
    """An event's fields for filling its words; a field the event lacks reads as “—”."""

    def __missing__(self, key: str) -> str:
        return "—"
