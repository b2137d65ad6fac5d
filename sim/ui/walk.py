"""Reading a result event by event: the rule behind an entry, the state at a moment, what is due.

A trainer stepping through an incident asks three things at each entry of the log: *why*
did this happen (the plan rule behind it, its clause and original text), *what does the
situation look like* now (metrics, levels, warning, who is at work) and *what should each
unit be doing next* (duties whose trigger holds but that have not started). All three are
answered from the result and the plans alone, without re-running anything: the state the
engine recorded as it ran (``observed``, :mod:`sim.engine.observer`) says which conditions
were present, which duties were due and where each stood (queued, working, between
rounds, done); nothing here re-derives what the engine decided.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..event_kinds import NOT_CLAUSES, clause_label
from ..plan import BanNotice, ResponsePlan
from .i18n import pick, tr


# -- the rule behind an event -------------------------------------------------------------------


def rules_by_id(plan: ResponsePlan) -> dict[str, Any]:
    """Every rule of a plan that the engine logs under its own id (hops, steps, duties, …)."""
    table: dict[str, Any] = {}
    warning = plan.warning
    groups = [plan.reporting.hops, warning.issue, warning.escalate, warning.actions, [warning.lift],
              plan.response_actions, plan.after_action, plan.measures, plan.severity_levels, plan.response_levels,
              [duty for _, duty in plan.all_duties()], plan.resources]
    for group in groups:
        for rule in group:
            table.setdefault(rule.id, rule)
    return table


def notice_rules_by_id(notice: BanNotice) -> dict[str, Any]:
    """Every cited item of a ban notice by id: rules, requirements, penalties, contacts, duties."""
    table: dict[str, Any] = {}
    for group in (notice.rules, notice.requirements, notice.penalties, notice.contacts, notice.periods,
                  notice.zones, notice.units):
        for item in group:
            table.setdefault(item.id, item)
    for _, duty in notice.all_duties():
        table.setdefault(duty.id, duty)
    return table


def _rules(plan: Any) -> Iterator[Any]:
    if isinstance(plan, BanNotice):
        yield from notice_rules_by_id(plan).values()
        return
    yield from rules_by_id(plan).values()
    yield from (c for c in plan.termination.conditions)
    yield plan.termination
    yield plan.adjustment
    yield plan.bounds
    if plan.discretion:
        yield plan.discretion


@dataclass(frozen=True)
class Explanation:
    """The rule an event follows: its source (clause, original quote), its assumption, its
    text in both languages; ``clause`` alone for an entry whose clause names no rule."""

    clause: str
    assumption: Any  # {zh, en} (a model) or None
    text: Any  # {zh, en} (a model or a dict) or None
    source: Any = None  # the Source itself, or None

    @property
    def quote(self) -> str:
        return self.source.quote if self.source is not None else ""

    @property
    def where(self) -> str:
        """Where the rule stands (:attr:`sim.plan.common.Source.where`), or the entry's own clause."""
        return self.source.where if self.source is not None else self.clause

    def quoted(self, language: str, brackets: bool = True) -> str:
        """The original words as every face shows them (:meth:`sim.plan.common.Source.quoted`); empty for none."""
        return self.source.quoted(language, brackets) if self.source is not None else ""


def _explained(rule: Any, text: Any = None) -> Explanation:
    source = getattr(rule, "source", None)
    name = text or getattr(rule, "text", None) or getattr(rule, "name", None)
    return Explanation(clause=source.clause if source else "", assumption=getattr(rule, "assumption", None),
                       text=name, source=source)


def explain(event: Mapping, plans: Mapping[str, Any]) -> Explanation | None:
    """The plan rule behind a log entry, found by the event's plan and action, else its clause.

    Engine verbs name their rule in the entry (``declare_response`` → the level it
    declares, ``classified`` → the severity level, ``activate_measure`` → the measure);
    plan steps, hops and duties are logged under their own ids. Entries without a rule of
    their own (a key user starting its backup power, a mobile generator arriving) are
    matched to the first rule of any plan with the same clause, and read that rule's
    words: the entry's own text names who it happened to, not what the plan says.
    """
    plan = plans.get(event.get("plan")) if event.get("plan") else None
    action = event.get("action")
    if isinstance(plan, ResponsePlan):
        rule = _rule_for(event, action, plan)
        if rule is not None:
            return _explained(rule, event.get("text"))
        duty = rules_by_id(plan).get(event.get("duty"))
        if duty is not None:  # the engine's work under a duty: the entry names whom it served, the duty says why
            return _explained(duty)
    if isinstance(plan, BanNotice):
        rule = _notice_rule_for(event, action, plan)
        if rule is not None:
            return _explained(rule, event.get("text"))
    clause = event.get("source")
    if not clause or clause in NOT_CLAUSES:  # no clause of a plan to look up
        return None
    candidates = [plan] if isinstance(plan, (ResponsePlan, BanNotice)) else []
    candidates += [p for p in plans.values() if isinstance(p, (ResponsePlan, BanNotice)) and p is not plan]
    for candidate in candidates:
        for rule in _rules(candidate):
            source = getattr(rule, "source", None)
            if source is not None and source.clause == clause:
                return _explained(rule)
    return Explanation(clause, None, event.get("text"))


def entry_clause(event: Mapping, why: Explanation | None, language: str) -> str:
    """The clause a log entry follows, as the log and the handout show it: where its rule
    stands (:func:`explain`), else in words what the entry follows instead (the model, the
    scenario, an assumption)."""
    return (why.where if why is not None else "") or clause_label(str(event.get("source") or ""), language)


#: Engine verbs that set a response level on a classification (the same for every plan).
_ON_CLASSIFICATION = ("declare_response", "adjustment_proposed", "adjust_response")


def grounds(event: Mapping, plans: Mapping[str, Any]) -> list[tuple[str, Explanation]]:
    """What an entry acted on besides its own rule, each as ``(kind, explanation)``: the
    severity level the figures met when a response level is declared, put to the decision
    or adjusted (``classification``: its band is what makes it *this* level), and the
    termination conditions that held when the response ended (``condition``)."""
    plan = plans.get(event.get("plan")) if event.get("plan") else None
    if not isinstance(plan, ResponsePlan):
        return []
    found: list[tuple[str, Explanation]] = []
    if event.get("action") in _ON_CLASSIFICATION and event.get("classification"):
        level = next((level for level in plan.severity_levels if level.id == event["classification"]), None)
        if level is not None:
            found.append(("classification", _explained(level)))
    if event.get("action") == "end_response":
        held = set(event.get("conditions") or ())
        found += [("condition", _explained(condition)) for condition in plan.termination.conditions
                  if condition.id in held]
    return found


def ground_text(ground: Explanation, language: str) -> str:
    """A level's band or a condition the entry acted on: its words, then its citation aside."""
    cited = ground.source.line(language) if ground.source is not None else ""
    return pick(ground.text, language) + (tr("common.aside", language, text=cited) if cited else "")


def _notice_rule_for(event: Mapping, action: str, notice: BanNotice) -> Any:
    """The notice item an entry acts on: its own id, the penalty or the first rule it names."""
    table = notice_rules_by_id(notice)
    if action in table:
        return table[action]
    if event.get("penalty") in table:
        return table[event["penalty"]]
    for ref in event.get("rules") or []:
        plan_id, _, rule_id = str(ref).rpartition("/")
        if plan_id in ("", notice.id) and rule_id in table:
            return table[rule_id]
    return None


def _rule_for(event: Mapping, action: str, plan: ResponsePlan) -> Any:
    table = rules_by_id(plan)
    if action in table:
        return table[action]
    if action == "declare_response":
        return table.get(event.get("to"))
    if action == "adjust_response":
        return plan.adjustment
    if action == "end_response":
        return plan.termination
    if action == "classified":
        return table.get(event.get("severity"))
    if action == "reclassified":
        return table.get(event.get("classification"))
    if action == "adjustment_proposed":
        return plan.adjustment
    if action in ("activate_measure", "carry_out_measure"):
        return table.get(event.get("measure"))
    if action == "request_escalation":
        return next((level.escalation for level in plan.response_levels
                     if level.escalation and level.escalation.by == event.get("unit")), None)
    if action == "discretionary_response":
        return plan.discretion
    return None


# -- the state at a moment -----------------------------------------------------------------------


def row_at(result: Mapping, t: float) -> Mapping:
    """The time-series row in force at ``t`` (rows hold from their ``t_h`` on)."""
    rows = result.get("timeseries") or []
    if not rows:
        return {}
    times = [row["t_h"] for row in rows]
    return rows[max(bisect.bisect_right(times, t) - 1, 0)]


def warning_at(result: Mapping, t: float) -> str:
    """The primary plan's warning at ``t`` — ``issued``, ``lifted`` or ``none`` — as the
    engine recorded it (``observed``; ``none`` when the result was not observed)."""
    plan_id = (result.get("summary") or {}).get("plan")
    return plan_state_at(result, plan_id, t).get("warning", "none") if plan_id else "none"


def busy_at(result: Mapping, t: float) -> list[dict]:
    """Who is at work at ``t``: ``{unit, duty, plan, state, since_h, until_h}`` (and
    ``element``, ``crew`` where the engine recorded them), ``state`` ``working`` or
    ``queued`` (for a resource); ``until_h`` is None when the run ended before that state
    did.

    Every kind of work — duties, plan steps, repairs, fire crews — is read from the states
    the engine recorded as it ran (``observed``), so work still going on, or still waiting,
    when the run ended is there (the spans, written as each piece of work ends, would miss
    it); a result that was not observed shows nobody."""
    return [{**entry, "since_h": entry["t_h"], "until_h": until}
            for entry, until in _duty_states_at(result, t).values()
            if entry["state"] in ("working", "queued") and (until is None or t < until)]


def _observed_at(rows: list, t: float) -> Mapping | None:
    """The entry of an ``observed`` series in force at ``t`` (entries hold from their ``t_h`` on)."""
    if not rows:
        return None
    times = [row["t_h"] for row in rows]
    index = bisect.bisect_right(times, t) - 1
    return rows[index] if index >= 0 else None


def conditions_at(result: Mapping, t: float) -> set[str]:
    """Incident conditions present at ``t``, as the engine recorded them (``observed``)."""
    entry = _observed_at((result.get("observed") or {}).get("conditions") or [], t)
    return set(entry["present"]) if entry else set()


def plan_state_at(result: Mapping, plan_id: str, t: float) -> Mapping:
    """A plan's severity, response level, trigger phases and due duties at ``t``, as the
    engine recorded them (``observed``; empty when the result was not observed)."""
    entry = _observed_at(((result.get("observed") or {}).get("plans") or {}).get(plan_id) or [], t)
    return entry or {}


# -- what is due ------------------------------------------------------------------------------


def _duty_entries(result: Mapping) -> list:
    return (result.get("observed") or {}).get("duties") or []


def _key(entry: Mapping) -> tuple:
    """What one piece of work is known by: its plan, its duty (or step) and, for a repair
    or a fire, the element; for a fire, also which of the crews sent to it."""
    return entry.get("plan"), entry["duty"], entry.get("element"), entry.get("crew")


def _duty_states_at(result: Mapping, t: float) -> dict[tuple, tuple[Mapping, float | None]]:
    """(plan, duty, element, crew) → (the state entry the engine recorded last at or before ``t``, when
    that state ended: its ``until_h`` if it has one, else the duty's next entry's time,
    else None)."""
    entries = _duty_entries(result)
    now = bisect.bisect_right([entry["t_h"] for entry in entries], t)
    states: dict[tuple, tuple[Mapping, float | None]] = {}
    for entry in entries[:now]:
        states[_key(entry)] = (entry, entry.get("until_h"))
    unended = {key for key, (entry, until) in states.items() if until is None}
    for entry in entries[now:]:
        if not unended:
            break
        key = _key(entry)
        if key in unended and entry["t_h"] > t:
            unended.discard(key)
            states[key] = (states[key][0], entry["t_h"])
    return states


#: What a due duty shows for the state the engine last recorded (``done`` ones are not shown;
#: one stopped while its trigger holds again has not started again).
_SHOWN = {"pending": "pending", "queued": "queued", "working": "working", "repeating": "repeating",
          "unmet": "unmet", "stopped": "pending"}


def due_duties(plan: ResponsePlan, result: Mapping, t: float) -> list[tuple[Any, Any, str]]:
    """(unit, duty, state) for the duties the engine found due at ``t`` (their trigger held)
    that are not done, ``state`` as the engine recorded it (``pending`` when it has not
    started): ``pending``, ``queued``, ``working``, ``repeating`` (between rounds) or
    ``unmet``; ``unit`` is ``None`` for the headquarters' own duties."""
    due_ids = set(plan_state_at(result, plan.id, t).get("due") or ())
    states = _duty_states_at(result, t)
    due = []
    shown_as = [*plan.units, None]  # the headquarters' own duties are shown as theirs, not a unit's
    for unit, (_, _, duties) in zip(shown_as, plan.duty_lists(), strict=True):
        for duty in duties:
            if duty.id not in due_ids:
                continue
            recorded = states.get((plan.id, duty.id, None, None))
            state = _SHOWN.get(recorded[0]["state"]) if recorded else "pending"
            if state is not None:
                due.append((unit, duty, state))
    return due
