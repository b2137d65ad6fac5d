"""The plan rule behind a log entry: its clause, its original words, the document it stands in.

A log entry records the clause of the rule it follows (``source``) and, for a plan's own
step, hop or duty, that rule's id. Every face that cites an entry — the Run log, the
walk-through and its handout, the after-action reports of a run and of a drill — finds the
rule here and cites it by :class:`sim.plan.common.Source`'s one wording, so a rule that
stands in another document is given with that document's title wherever it is shown. A
drill's own records (expected actions, findings, improvement items) keep a clause number
alone; :func:`clause_where` cites it the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .bans import period_named
from .event_kinds import NOT_CLAUSES, clause_label
from .plan import BanNotice, ResponsePlan
from .plan.common import Source


def rules_by_id(plan: ResponsePlan) -> dict[str, Any]:
    """Every rule of a plan that the engine logs under its own id (hops, steps, duties, …)."""
    table: dict[str, Any] = {}
    groups = [plan.reporting.hops, plan.all_steps(), plan.measures, plan.severity_levels, plan.response_levels,
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

    def at(self, language: str) -> str:
        """Where the rule stands (:meth:`sim.plan.common.Source.at`), or the entry's own clause,
        as a reader of ``language`` reads it."""
        if self.source is not None:
            return self.source.at(language)
        return clause_label(self.clause, language) if self.clause else ""

    def quoted(self, language: str, brackets: bool = True) -> str:
        """The original words as every face shows them (:meth:`sim.plan.common.Source.quoted`); empty for none."""
        return self.source.quoted(language, brackets) if self.source is not None else ""


def _explained(rule: Any, text: Any = None) -> Explanation:
    source = getattr(rule, "source", None)
    name = text or getattr(rule, "text", None) or getattr(rule, "name", None)
    return Explanation(clause=source.clause if source else "", assumption=getattr(rule, "assumption", None),
                       text=name, source=source)


def citation(item: Any) -> dict:
    """What a log entry records of the item it follows when no plan holds that item — a
    scenario's relay, crew or watchers, an area's power-line corridor: its source and its
    assumption as plain data (``cites``), which :func:`explain` reads back. Looking the entry
    up by its clause would find another rule of that clause (the 12119 call for the relay)."""
    found = {}
    if item.source is not None:
        found["source"] = item.source.model_dump(exclude_none=True)
    if item.assumption is not None:
        found["assumption"] = item.assumption.model_dump()
    return found


def explain(event: Mapping, plans: Mapping[str, Any]) -> Explanation | None:
    """The plan rule behind a log entry, found by the event's plan and action, else its clause.

    Engine verbs name their rule in the entry (``declare_response`` → the level it
    declares, ``classified`` → the severity level, ``activate_measure`` → the measure);
    plan steps, hops and duties are logged under their own ids. Entries without a rule of
    their own (a key user starting its backup power, a mobile generator arriving) are
    matched to the first rule of any plan with the same clause, and read that rule's
    words: the entry's own text names who it happened to, not what the plan says. An entry
    that carries its own citation (:func:`citation`) reads that.
    """
    cites = event.get("cites")
    if cites:
        source = Source.model_validate(cites["source"]) if "source" in cites else None
        return Explanation(clause=source.clause if source else "", assumption=cites.get("assumption"),
                           text=None, source=source)  # the entry's own words already say what happened
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
    return (why.at(language) if why is not None else "") or clause_label(str(event.get("source") or ""), language)


def clause_where(clause: str, plans: Mapping[str, Any], language: str) -> str:
    """A clause a drill keeps (an expected action's, a finding's, an improvement item's: the
    clause number alone, as its records store it) cited as a log entry that follows it is
    (:func:`entry_clause`): where the first rule of ``plans`` with that clause stands, after
    another document's title when it stands in one; else in words what stands in its place
    (an assumption)."""
    entry = {"source": clause}
    return entry_clause(entry, explain(entry, plans), language)


#: Engine verbs that set a response level on a classification (the same for every plan).
_ON_CLASSIFICATION = ("declare_response", "adjustment_proposed", "adjust_response")


def grounds(event: Mapping, plans: Mapping[str, Any]) -> list[tuple[str, Explanation]]:
    """What an entry acted on besides its own rule, each as ``(kind, explanation)``: the
    severity level the figures met when a response level is declared, put to the decision
    or adjusted (``classification``: its band is what makes it *this* level), the
    termination conditions that held when the response ended (``condition``), and for a
    ban notice's entry (a violation stopped, a penalty) the periods that put its rule in
    force that day (``period``, by name and days: why then)."""
    plan = plans.get(event.get("plan")) if event.get("plan") else None
    if isinstance(plan, BanNotice):
        held = set(event.get("periods") or ())
        return [("period", _explained(period, period_named(period))) for period in plan.periods if period.id in held]
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
