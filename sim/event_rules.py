"""The plan rule behind a log entry: its clause, its original words, the document it stands in.

A log entry records the clause of the rule it follows (``source``) and, for a plan's own
step, hop or duty, that rule's id. Every face that cites an entry — the Run log, the
walk-through and its handout, the after-action reports of a run and of a drill — finds the
rule here and cites it by :class:`sim.plan.common.Source`'s one wording, so a rule that
stands in another document is given with that document's title wherever it is shown, and
where a run holds more than one plan every rule's clause is given after its plan's title
(the plans' clauses share their numbers). A drill's own records (expected actions, findings,
improvement items) keep a clause number alone; :func:`clause_where` cites it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .bans import period_named
from .clock import duration
from .event_kinds import NOT_CLAUSES, clause_label
from .memo import cached
from .messages import LANGUAGES, bilingual, said
from .plan import BanNotice, ResponsePlan
from .plan.common import Source, in_document
from .severity import compile_criterion


def logged_rules(plan: ResponsePlan) -> dict[str, Any]:
    """The rules a run logs under their own id as an entry's action, by id: the plan's report
    hops, steps and duties, one set of ids (:func:`sim.references._logged_id_duplicates`).

    Every other kind keeps ids of its own, which may be any of these: a measure, a severity
    level or a response level may share its id with a duty. An entry names those in fields
    of their own, looked up among that kind alone (:func:`_with_id`), never in one table of
    every kind, where the first with the id would be cited for both."""
    duties = (duty for _, duty in plan.all_duties())
    return {rule.id: rule for rule in (*plan.reporting.hops, *plan.all_steps(), *duties)}


def _with_id(rules: Iterable[Any], rule_id: Any) -> Any:
    """The rule of ``rules`` (all of one kind) with ``rule_id``, or None."""
    return next((rule for rule in rules if rule.id == rule_id), None)


def _rules(plan: Any) -> Iterator[Any]:
    """Every rule of a plan, each kind in turn, for an entry found by its clause alone."""
    if isinstance(plan, BanNotice):
        for group in (plan.rules, plan.requirements, plan.penalties, plan.contacts, plan.periods, plan.zones,
                      plan.units):
            yield from group
        yield from (duty for _, duty in plan.all_duties())
        return
    for group in (plan.reporting.hops, plan.all_steps(), plan.measures, plan.severity_levels, plan.response_levels,
                  (duty for _, duty in plan.all_duties()), plan.resources):
        yield from group
    yield from (c for c in plan.termination.conditions)
    yield plan.termination
    yield plan.adjustment
    yield plan.bounds
    if plan.onset:
        yield plan.onset
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
    #: for a severity level an entry acted on: the parts of its criteria that held at that
    #: moment, each ``(leaf, value)`` (:class:`sim.severity.Leaf`, the figure's value then)
    met: tuple = ()
    #: the title of the plan that holds the rule, where the run holds more than one document:
    #: their clauses share numbers (5.1 of the blackout plan is not 5.1 of a ban notice)
    document: Any = None

    @property
    def quote(self) -> str:
        return self.source.quote if self.source is not None else ""

    def at(self, language: str, clause_first: bool = False) -> str:
        """Where the rule stands (:meth:`sim.plan.common.Source.at`), or the entry's own clause,
        as a reader of ``language`` reads it; after its plan's title when the run holds several
        (before it in a table's Clause column, ``clause_first``)."""
        if self.source is not None:
            return self.where(self.source, language, clause_first)
        if not self.clause:
            return ""
        clause = clause_label(self.clause, language)
        return in_document(self.document, clause, language, clause_first) if self.document is not None else clause

    def where(self, source: Source, language: str, clause_first: bool = False) -> str:
        """Where ``source`` stands — the rule's own, or a part of the rule's (a row of a level's
        criteria) — after its plan's title when the run holds several documents."""
        return source.at(language, self.document, clause_first)

    def line(self, source: Source, language: str) -> str:
        """``source`` on one line (:meth:`sim.plan.common.Source.line`), where :meth:`where` says."""
        return source.line(language, self.document)

    def quoted(self, language: str, brackets: bool = True) -> str:
        """The original words as every face shows them (:meth:`sim.plan.common.Source.quoted`); empty for none."""
        return self.source.quoted(language, brackets) if self.source is not None else ""


def _explained(rule: Any, text: Any = None, met: tuple = (), document: Any = None) -> Explanation:
    source = getattr(rule, "source", None)
    name = text or getattr(rule, "text", None) or getattr(rule, "name", None)
    return Explanation(clause=source.clause if source else "", assumption=getattr(rule, "assumption", None),
                       text=name, source=source, met=met, document=document)


def title_in_run(plan: Any, plans: Mapping[str, Any]) -> Any:
    """``plan``'s title when ``plans`` (a run's) hold more than one document, else None: a
    clause is told apart from another document's of the same number only where there is one
    (every face that cites a rule of a run's plan gives it to :meth:`Source.at`)."""
    documents = {p.id for p in plans.values() if isinstance(p, (ResponsePlan, BanNotice))}
    return plan.title if plan is not None and len(documents) > 1 else None


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
    that carries its own citation (:func:`citation`) reads that, a clause of the plan it is
    logged under unless it names another document.
    """
    plan = plans.get(event.get("plan")) if event.get("plan") else None
    title = title_in_run(plan, plans) if isinstance(plan, (ResponsePlan, BanNotice)) else None
    cites = event.get("cites")
    if cites:
        source = Source.model_validate(cites["source"]) if "source" in cites else None
        return Explanation(clause=source.clause if source else "", assumption=cites.get("assumption"),
                           text=None, source=source, document=title)  # the entry's own words say what happened
    action = event.get("action")
    if isinstance(plan, ResponsePlan):
        rule = _rule_for(event, action, plan)
        if rule is not None:
            return _explained(rule, event.get("text"), document=title)
        duty = _with_id((duty for _, duty in plan.all_duties()), event.get("duty"))
        if duty is not None:  # the engine's work under a duty: the entry names whom it served, the duty says why
            return _explained(duty, document=title)
    if isinstance(plan, BanNotice):
        rule = _notice_rule_for(event, action, plan)
        if rule is not None:
            return _explained(rule, event.get("text"), document=title)
    clause = event.get("source")
    if not clause or clause in NOT_CLAUSES:  # no clause of a plan to look up
        return None
    candidates = [plan] if isinstance(plan, (ResponsePlan, BanNotice)) else []
    candidates += [p for p in plans.values() if isinstance(p, (ResponsePlan, BanNotice)) and p is not plan]
    for candidate in candidates:
        for rule in _rules(candidate):
            source = getattr(rule, "source", None)
            if source is not None and source.clause == clause:
                return _explained(rule, document=title_in_run(candidate, plans))
    return Explanation(clause, None, event.get("text"), document=title)


def entry_clause(event: Mapping, why: Explanation | None, language: str, clause_first: bool = False) -> str:
    """The clause a log entry follows, as the log and the handout show it: where its rule
    stands (:func:`explain`; the clause before its plan's title in a table's Clause column,
    ``clause_first``), else in words what the entry follows instead (the model, the
    scenario, an assumption)."""
    return ((why.at(language, clause_first) if why is not None else "")
            or clause_label(str(event.get("source") or ""), language))


def clause_where(clause: str, plans: Mapping[str, Any], language: str, clause_first: bool = False) -> str:
    """A clause a drill keeps (an expected action's, a finding's, an improvement item's: the
    clause number alone, as its records store it) cited as a log entry that follows it is
    (:func:`entry_clause`): where the first rule of ``plans`` with that clause stands, after
    another document's title when it stands in one (before it in a table's Clause column,
    ``clause_first``); else in words what stands in its place (an assumption)."""
    entry = {"source": clause}
    return entry_clause(entry, explain(entry, plans), language, clause_first)


#: Engine verbs that set a response level on a classification (the same for every plan).
_ON_CLASSIFICATION = ("declare_response", "adjustment_proposed", "adjust_response")


def grounds(event: Mapping, plans: Mapping[str, Any], values: Mapping[str, Any] | None = None,
            ) -> list[tuple[str, Explanation]]:
    """What an entry acted on besides its own rule, each as ``(kind, explanation)``: the
    severity level the figures met when a response level is declared, put to the decision
    or adjusted (``classification``: its band is what makes it *this* level; with
    ``values``, the values its criteria read at the entry's moment, also the parts of them
    that held, by :func:`sim.severity.compile_criterion`, so a class sees which figure
    crossed which threshold), or, when the figures met no level, the termination that keeps
    a response at the plan's lowest level until it ends (``no_level``); the time the plan
    gives its decider once the report arrives, when a response is declared (``decision``);
    the termination conditions that held when the response ended (``condition``), and for
    a ban notice's entry (a violation stopped, a penalty) the periods that put its rule in
    force that day (``period``, by name and days: why then)."""
    plan = plans.get(event.get("plan")) if event.get("plan") else None
    if not isinstance(plan, (ResponsePlan, BanNotice)):
        return []
    title = title_in_run(plan, plans)
    if isinstance(plan, BanNotice):
        held = set(event.get("periods") or ())
        return [("period", _explained(period, period_named(period), document=title))
                for period in plan.periods if period.id in held]
    found: list[tuple[str, Explanation]] = []
    action = event.get("action")
    if action in _ON_CLASSIFICATION and event.get("classification"):
        level = _with_id(plan.severity_levels, event["classification"])
        if level is not None:
            found.append(("classification", _explained(level, met=_met(level, plan, values), document=title)))
    elif action in _ON_CLASSIFICATION and "classification" in event:
        # The figures meet no level, yet a level is set: the engine keeps a response in force
        # at the lowest level, since only the termination (its conditions all held) ends it.
        lowest = _with_id(plan.response_levels, event.get("to"))
        if lowest is not None:
            why = said("walk.no_level", level=bilingual(lowest.name))
            found.append(("no_level", _explained(plan.termination, why, document=title)))
    if action == "declare_response":
        found.append(("decision", _decision(plan, _with_id(plan.response_levels, event.get("to")), title)))
    if event.get("action") == "end_response":
        held = set(event.get("conditions") or ())
        found += [("condition", _explained(condition, document=title)) for condition in plan.termination.conditions
                  if condition.id in held]
    return found


def _decision(plan: ResponsePlan, level: Any, title: Any) -> Explanation:
    """The time the plan gives its decider to start a response, cited by the rule that starts
    the level declared: who declares it (the level's ``declared_by``), else the level's own
    words. The plan gives its decision once for every level, and its source may be one
    level's sentence (who starts Level I): a Level II declaration cited by it would quote
    the Level I rule. The decision's own source stands only where the level cites none; its
    assumption (the hours the plan does not set) is the decision's either way."""
    decision = plan.reporting.decision
    decider = _with_id(plan.units, decision.unit)
    words = said("walk.decision_time", unit=bilingual(decider.name) if decider is not None else decision.unit,
                 hours={language: duration(decision.hours, language) for language in LANGUAGES})
    rules = (getattr(level, "declared_by", None), level, decision)
    source = next((rule.source for rule in rules if getattr(rule, "source", None) is not None), None)
    return Explanation(clause=source.clause if source else "", assumption=decision.assumption, text=words,
                       source=source, document=title)


def _met(level: Any, plan: ResponsePlan, values: Mapping[str, Any] | None) -> tuple:
    """The parts of ``level``'s criteria that held on ``values`` (the values they read at one
    moment), each ``(leaf, value)``, as the engine's own compiled criterion finds them; none
    without values, or when they do not hold on them."""
    if not values:
        return ()
    held = cached(plan, _compiled_levels)[level.id](values)
    return tuple((leaf, values.get(leaf.key)) for leaf in held or ())


def _compiled_levels(plan: ResponsePlan) -> dict[str, Any]:
    """Each severity level's criteria compiled (:func:`sim.severity.compile_criterion`), once per plan."""
    return {level.id: compile_criterion(level.criteria, plan.bounds) for level in plan.severity_levels}


def _notice_rule_for(event: Mapping, action: str, notice: BanNotice) -> Any:
    """The notice item an entry acts on, each among the items of its kind: the requirement or
    the duty it carries out (logged under its id, as :func:`sim.event_kinds.plan_kinds` reads
    it), the penalty it issues or the first rule it names."""
    done = _with_id(notice.requirements, action) or _with_id((duty for _, duty in notice.all_duties()), action)
    if done is not None:
        return done
    penalty = _with_id(notice.penalties, event.get("penalty"))
    if penalty is not None:
        return penalty
    for ref in event.get("rules") or []:
        plan_id, _, rule_id = str(ref).rpartition("/")
        rule = _with_id(notice.rules, rule_id) if plan_id in ("", notice.id) else None
        if rule is not None:
            return rule
    return None


def _rule_for(event: Mapping, action: str, plan: ResponsePlan) -> Any:
    """The plan rule an entry follows: its own, logged under its id, or the one of the kind its
    verb names (the level declared, the severity level met, the measure taken)."""
    rule = cached(plan, logged_rules).get(action)  # once per plan, not once per entry
    if rule is not None:
        return rule
    if action == "declare_response":
        return _with_id(plan.response_levels, event.get("to"))
    if action == "adjust_response":
        return plan.adjustment
    if action == "end_response":
        return plan.termination
    if action == "classified":
        return _with_id(plan.severity_levels, event.get("severity"))
    if action in ("incident_begun", "incident_over"):
        return plan.onset
    if action == "reclassified":
        return _with_id(plan.severity_levels, event.get("classification"))
    if action == "adjustment_proposed":
        return plan.adjustment
    if action in ("activate_measure", "carry_out_measure"):
        return _with_id(plan.measures, event.get("measure"))
    if action == "request_escalation":
        return next((level.escalation for level in plan.response_levels
                     if level.escalation and level.escalation.by == event.get("unit")), None)
    if action == "discretionary_response":
        return plan.discretion
    return None
