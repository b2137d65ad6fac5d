"""What the engine's own events say, in both languages.

An event the plan causes carries the plan's text (a duty, a step, a level's name). The
engine's own bookkeeping — a crew starting or finishing a repair, load shed and given
back, the classification falling below every level, the response ended, a secondary
incident closed — carries only its action id and its fields, to keep a replication's
result small. A secondary incident opened carries what opened it (a fault's, a fire's
words), which its own words name beside its kind, so that it does not read as the entry
that opened it. A reader is shown these words instead of the bare id; they are the
engine's vocabulary, the same for every plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from .messages import LANGUAGES, Message, bilingual, filled, listed, pick, said, section, within_aside
from .names import Names

#: action -> (Chinese, English); ``{field}`` is filled from the event
WORDS: dict[str, tuple[str, str]] = section("event.")  # in the one catalogue, sim.messages
#: why a duty went unmet, by the ``kind`` of a result's unmet-duty ``reason``
UNMET: dict[str, tuple[str, str]] = section("unmet.")
#: The kind (:data:`sim.names.KINDS`) of what each field these words name holds (the
#: others are numbers): an id may be another kind's too, so each is read among its own.
FIELD_KINDS = {"element": "element", "resource": "resource", "classification": "severity_level",
               "severity": "severity_level", "from": "response_level", "to": "response_level",
               "incident": "incident", "unit": "unit", "kind": "condition"}


def event_text(event: Mapping, names: Names | None = None) -> dict[str, str] | None:
    """The engine's words for the event's action, the event's own text (a name) filling
    their ``{name}``; else the event's own text (the plan's words); else None.

    ``names`` (:func:`sim.report.names_from`) turns the ids in the event's fields — a
    substation, a feeder, an incident — into names in each language, each among the names
    of its kind (:data:`FIELD_KINDS`), and names the fire an entry belongs to when the run
    held several (:func:`of_fire`): before the entry's words, or before its own text where
    the words name it (a secondary incident opened by the fire, as its name reads).
    """
    text = event.get("text")
    words = WORDS.get(_wording(event))
    fires = names.of("fire") if names is not None else {}
    if words is None or (text and "{name}" not in words[0]):
        return of_fire(event, text, fires) if text else None
    out = {}
    named = of_fire(event, text, fires) if text else None  # the fire's name goes with the words it opened
    for lang, template in zip(LANGUAGES, words):
        fields = _Fields({key: _named(key, value, names, lang) for key, value in event.items()})
        if named:
            fields["name"] = pick(named, lang)
        out[lang] = filled(template, fields)
    return out if named else of_fire(event, out, fires)


def fire_names(events) -> dict[str, Message]:
    """Each fire of a run that held more than one, by its id: its name by its number in order
    of ignition (火情1, Fire 1), which its entries are prefixed with (:func:`of_fire`); none
    for a run with one fire or none, whose entries read as they were recorded."""
    fires = [event["fire"] for event in events if event.get("action") == "fire_started" and event.get("fire")]
    if len(fires) < 2:
        return {}
    return {fire: Message("fire_log.numbered", n=number) for number, fire in enumerate(fires, 1)}


def of_fire(event: Mapping, text: Any, fires: Mapping[str, Any]) -> Any:
    """``text``, what an entry says, after the name of the fire it belongs to (its ``fire``,
    among ``fires``: :func:`fire_names`) when the run held several (``火情2：火场得到控制``);
    as it is otherwise."""
    fire = fires.get(event.get("fire"))
    return text if fire is None else said("fire_log.of_fire", fire=fire, text=text)


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


def fine_imposed(event: Mapping) -> Message | None:
    """The fine a penalty's entry imposed (its ``fine_yuan``: a draw within the penalty's range,
    or a multiple of the restoration cost), as every face says it (``罚款 1,234 元``); None for a
    penalty that sets no fine (an order to stop, liability) and for any other entry. The
    penalty's own words state only the range the fine is drawn from."""
    if event.get("action") != "penalty" or event.get("fine_yuan") is None:
        return None
    return Message("fire.text.fine", yuan=format(event["fine_yuan"], ","))


def attempt_places(events) -> dict[int, str]:
    """Where each attempt at outdoor fire was made (its place's id), by the attempt's number,
    from the first entry of it that names its place (a violation stopped, a fire started). A
    penalty's entry names only the zone, and a place beyond a zone's edge (graves within 500 m
    of a red line) would read as one inside it."""
    found: dict[int, str] = {}
    for event in events:
        if event.get("attempt") is not None and event.get("place"):
            found.setdefault(event["attempt"], event["place"])
    return found


def penalty_case(event: Mapping, names: Names | None = None, place: str | None = None) -> dict[str, str] | None:
    """A penalty entry's case in both languages, by name: the fine imposed (:func:`fine_imposed`)
    and the case — the activity, the place (``place``, from :func:`attempt_places`; else the
    zone the entry names, in the case's aside: :func:`sim.messages.within_aside`) and the
    circumstances the penalty answered to (the entry's ``when``: caught, a serious case, a
    fire, …). None for any other entry."""
    if event.get("action") != "penalty":
        return None
    where = within_aside(_name(names, "place", place) if place else _name(names, "zone", event.get("zone")))
    case = Message("penalty.case", activity=_name(names, "activity", event.get("activity")), where=where,
                   when=listed(Message(f"circumstance.{c}") for c in event.get("when") or ()))
    fine = fine_imposed(event)
    return listed([fine, case] if fine is not None else [case], "common.clause_sep")


def entry_words(event: Mapping, names: Names | None = None, places: Mapping[int, str] | None = None,
                fallback: Mapping | None = None) -> dict[str, str] | None:
    """What a log entry says, as every face that reads a run's log says it (the Run page's log
    and its CSV, the Walk-through and its handout, the after-action report's timeline, the
    command line's fire story): its words (:func:`event_text`, else ``fallback``), and for a
    penalty after them the fine imposed and its case (:func:`penalty_case`; ``places`` from
    :func:`attempt_places` over the whole log), since the penalty's own words state only the
    range its fine is drawn from."""
    said = event_text(event, names) or fallback
    case = penalty_case(event, names, (places or {}).get(event.get("attempt")))
    if case is None:
        return said
    return listed([part for part in (said, case) if part], "common.clause_sep")


def _name(names: Names | None, kind: str, key: str | None) -> dict[str, str]:
    """``key`` of ``kind`` by its name in both languages; an id no name is known for, as itself."""
    found = names.of(kind).get(key) if names is not None and key is not None else None
    return bilingual(found if found is not None else (key or "—"))


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
