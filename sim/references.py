"""Cross-reference checks: every id a plan mentions must be defined in that plan.

Pydantic checks each value's shape; it cannot know that ``commanders: [county_gov]``
names a unit that does not exist. These checks run after validation and return
``(path, message)`` pairs, which the loader turns into ``FILE:LINE:COL`` problems. A
list of valid choices names each by its name beside the id the file types, as a Case's
checks do (:mod:`sim.findings`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from .errors import dotted, echoed
from .event_kinds import ENGINE_CONDITIONS
from .findings import Finding, choices, named, repeated, unknown
from .messages import Message
from .plan import BanNotice, ResponsePlan
from .plan.criteria import GRID_SCOPE, SEVERITY, ContextTest, MetricThreshold, walk
from .severity import metric_range


def plan_reference_problems(plan: ResponsePlan | BanNotice) -> list[Finding]:
    if isinstance(plan, ResponsePlan):
        return list(_response_plan(plan))
    return list(_ban_notice(plan))


def _duplicates(items: Iterable, path: tuple, what: str | Message) -> Iterator[Finding]:
    return repeated(items, path, _what(what))


def _what(what: str | Message) -> Message:
    """The kind of thing a finding is about: a ``ref.what.*`` key's last part (``unit``), or
    the kind as a message already (the values of one context)."""
    return what if isinstance(what, Message) else Message(f"ref.what.{what}")


def _values_of(context: Any) -> Message:
    """The kind "a value of this context", the context named as people read it."""
    return Message("ref.value_of", context=named(context))


def _by_id(items: Iterable) -> dict[str, Any]:
    return {item.id: item for item in items}


def _known(items: Mapping[str, Any], value: str | None, path: tuple, what: str | Message) -> Iterator[Finding]:
    """``value``, where it is given, names one of ``items`` (id → item); else the choices by name."""
    if value is not None and value not in items:
        yield path, unknown(what, value, items)


def _known_all(items: Mapping[str, Any], values: Iterable[str], path: tuple, what: str | Message) -> Iterator[Finding]:
    for i, value in enumerate(values):
        yield from _known(items, value, path + (i,), what)


def _criterion_metrics(criterion, metrics: Mapping[str, Any], path: tuple, contexts: dict | None = None,
                       cite: bool = False) -> Iterator[Finding]:
    """Unknown metrics; with declared ``contexts`` (id → context), unknown contexts,
    context values and grid scopes; with ``cite``, thresholds that cite nothing."""
    scopes = _by_id(contexts[GRID_SCOPE].values) if contexts and GRID_SCOPE in contexts else None
    for where, part, _ in walk(criterion, path):
        grid = getattr(part, "grid", None)
        if grid is not None and scopes is not None and grid not in scopes:
            yield where + ("grid",), Message("ref.unknown_grid", grid=echoed(grid), scopes=choices(scopes))
        if isinstance(part, MetricThreshold):
            yield from _known(metrics, part.metric, where + ("metric",), "metric")
            if part.metric in metrics:
                yield from _bounds_possible(part, metrics[part.metric], where)
            if cite and part.source is None and part.assumption is None:
                metric = named(metrics[part.metric]) if part.metric in metrics else echoed(part.metric)
                yield where, Message("ref.threshold_uncited", metric=metric)
        elif isinstance(part, ContextTest) and contexts is not None and part.context != SEVERITY:
            if part.context not in contexts:
                yield where + ("context",), Message("ref.unknown_context", context=echoed(part.context),
                                                    contexts=choices(contexts))
            else:
                context = contexts[part.context]
                yield from _known_all(_by_id(context.values), part.in_, where + ("in",), _values_of(context))


def _bounds_possible(part: MetricThreshold, metric: Any, where: tuple) -> Iterator[Finding]:
    """A threshold's bounds are values its metric can take (a share 0–100, a count or a load
    not below 0; the schema already refuses what is not a finite number): a bound outside
    them is a typing slip that would make a level hold for every incident, or for none,
    with nothing else to show for it."""
    low, high = metric_range(metric)
    for bound in ("min", "max"):
        value = getattr(part, bound)
        if value is None or low <= value <= high:
            continue
        if math.isfinite(high):
            message = Message("ref.threshold_outside", metric=named(metric), value=f"{value:g}", low=f"{low:g}",
                              high=f"{high:g}")
        else:
            message = Message("ref.threshold_below", metric=named(metric), value=f"{value:g}", low=f"{low:g}")
        yield where + (bound,), message


def _unnamed_conditions(model: Any, named: Mapping[str, Any], path: tuple = ()) -> Iterator[Finding]:
    """Every condition a duty, measure, step or request ``requires`` or a request ``sets``
    (wherever in the plan) must be one the plan names under ``conditions`` (or one the
    engine sets and names itself, the heating season): one it does not is nearly always a
    typo, and would keep what requires it from ever happening."""
    if isinstance(model, BaseModel):
        for field in type(model).model_fields:
            value = getattr(model, field)
            if field in ("requires", "sets") and isinstance(value, list):
                for i, condition in enumerate(value):
                    if condition not in named and condition not in ENGINE_CONDITIONS:
                        yield path + (field, i), Message("ref.unnamed_condition", value=echoed(condition),
                                                         choices=choices(named))
            else:
                yield from _unnamed_conditions(value, named, path + (field,))
    elif isinstance(model, (list, tuple)):
        for i, item in enumerate(model):
            yield from _unnamed_conditions(item, named, path + (i,))


def _response_plan(plan: ResponsePlan) -> Iterator[Finding]:
    units = _by_id(plan.units)
    metrics = _by_id(plan.metrics)
    severities = _by_id(plan.severity_levels)
    levels = _by_id(plan.response_levels)
    measures = _by_id(plan.measures)
    resources = _by_id(plan.resources)

    yield from _duplicates(plan.units, ("units",), "unit")
    yield from _duplicates(plan.metrics, ("metrics",), "metric")
    yield from _duplicates(plan.severity_levels, ("severity_levels",), "severity_level")
    yield from _duplicates(plan.response_levels, ("response_levels",), "response_level")
    yield from _duplicates(plan.measures, ("measures",), "measure")
    yield from _duplicates(plan.resources, ("resources",), "resource")
    yield from _logged_id_duplicates(plan)
    yield from _duplicates(plan.conditions, ("conditions",), "condition")
    yield from _unnamed_conditions(plan, _by_id(plan.conditions))

    contexts = None if plan.contexts is None else _by_id(plan.contexts)
    if plan.contexts is not None:
        yield from _duplicates(plan.contexts, ("contexts",), "context")
        for i, context in enumerate(plan.contexts):
            yield from _duplicates(context.values, ("contexts", i, "values"), _values_of(context))

    for i, level in enumerate(plan.severity_levels):
        yield from _criterion_metrics(level.criteria, metrics, ("severity_levels", i, "criteria"), contexts, cite=True)
    for i, level in enumerate(plan.response_levels):
        path = ("response_levels", i)
        yield from _known(severities, level.severity, path + ("severity",), "severity_level")
        yield from _known_all(units, level.commanders, path + ("commanders",), "unit")
        for key in ("declared_by", "adjusted_by", "ended_by"):
            role = getattr(level, key)
            if role is not None:
                yield from _known_all(units, role.units, path + (key, "units"), "unit")
        if level.escalation:
            yield from _known(units, level.escalation.by, path + ("escalation", "by"), "unit")
            yield from _known(units, level.escalation.to, path + ("escalation", "to"), "unit")
    if plan.onset is not None:
        yield from _criterion_metrics(plan.onset.criteria, metrics, ("onset", "criteria"), contexts)
    if plan.discretion:
        yield from _known(units, plan.discretion.unit, ("discretion", "unit"), "unit")
        if plan.discretion.criteria:
            yield from _criterion_metrics(plan.discretion.criteria, metrics, ("discretion", "criteria"), contexts)
    if plan.adjustment.decided_by is not None:
        yield from _known(units, plan.adjustment.decided_by, ("adjustment", "decided_by"), "unit")

    def duties(owner_path: tuple, duty_list) -> Iterator[Finding]:
        for j, duty in enumerate(duty_list):
            path = owner_path + ("duties", j)
            yield from _known(measures, duty.measure, path + ("measure",), "measure")
            if duty.trigger:
                yield from _known(levels, duty.trigger.min_level, path + ("trigger", "min_level"), "response_level")
                yield from _known_all(levels, duty.trigger.levels, path + ("trigger", "levels"), "response_level")
            if duty.task:
                yield from _known(resources, duty.task.resource, path + ("task", "resource"), "resource")

    for path, _, duty_list in plan.duty_lists():
        yield from duties(path, duty_list)
    hq = plan.headquarters
    yield from _known(units, hq.office_unit, ("headquarters", "office_unit"), "unit")
    if hq.unit is not None:
        yield from _known(units, hq.unit, ("headquarters", "unit"), "unit")
    yield from _known_all(units, hq.members, ("headquarters", "members"), "unit")

    for step_list in plan.step_lists():
        for path, step in step_list.placed():
            yield from _known(units, step.unit, path + ("unit",), "unit")
            yield from _known_all(units, step.notify, path + ("notify",), "unit")

    warning = plan.warning
    yield from _criterion_metrics(warning.trigger, metrics, ("warning", "trigger"), contexts)
    if warning.escalate_if:
        yield from _criterion_metrics(warning.escalate_if, metrics, ("warning", "escalate_if"), contexts)

    for i, hop in enumerate(plan.reporting.hops):
        path = ("reporting", "hops", i)
        yield from _known(units, hop.from_, path + ("from",), "unit")
        yield from _known_all(units, hop.to, path + ("to",), "unit")
        if hop.only_if:
            yield from _criterion_metrics(hop.only_if, metrics, path + ("only_if",), contexts)
    yield from _known(units, plan.reporting.decision.unit, ("reporting", "decision", "unit"), "unit")

    for i, measure in enumerate(plan.measures):
        yield from _known_all(units, measure.units, ("measures", i, "units"), "unit")
        yield from _known_all(levels, measure.levels, ("measures", i, "levels"), "response_level")
    yield from _known(units, plan.termination.decided_by, ("termination", "decided_by"), "unit")
    for i, confirmation in enumerate(plan.termination.confirmations):
        yield from _known_all(levels, confirmation.levels, ("termination", "confirmations", i, "levels"),
                              "response_level")
    for i, condition in enumerate(plan.termination.conditions):
        yield from _criterion_metrics(condition.check, metrics, ("termination", "conditions", i, "check"), contexts)
    for i, resource in enumerate(plan.resources):
        yield from _known_all(units, resource.provided_by, ("resources", i, "provided_by"), "unit")


def _logged_id_duplicates(plan: ResponsePlan) -> Iterator[Finding]:
    """No two of a plan's steps (in any of its lists), report hops and duties share an id.

    A run logs each of them under its own id as the entry's action, and everything after
    reads the entry back by that id alone: its kind (:func:`sim.event_kinds.plan_kinds`), the
    rule it cites (:func:`sim.event_rules.logged_rules`), the name a report gives it
    (:func:`sim.report.names_from`), a step's or a duty's state the observer keeps; and a drill
    asks every step outside the warning's chain and lift as one kind, ``step``, by its id, and
    finds the steps that follow a missed one by the id. Two of them with one id would load
    and then one would stand for both without a word, so the three kinds are one set of ids.
    A log entry names the plan's other things (a unit, a level, a measure) in fields of their
    own rather than as its action, so those ids are checked within their own list (above).

    An id is refused where it is given again, in the order the plan's parts are defined (the
    order its schema and every shipped plan write them), and the message names where it was
    given first."""
    order = list(type(plan).model_fields)
    given = [*((path + ("duties", j), "duty", duty) for path, _, duties in plan.duty_lists()
               for j, duty in enumerate(duties)),
             *((path, "step", step) for steps in plan.step_lists() for path, step in steps.placed()),
             *((("reporting", "hops", i), "hop", hop) for i, hop in enumerate(plan.reporting.hops))]
    yield from _given_again(sorted(given, key=lambda found: order.index(found[0][0])), "ref.id_given")


def _notice_duty_duplicates(notice: BanNotice) -> Iterator[Finding]:
    """No two of a ban notice's duties, under one unit or two, share an id.

    A log entry records the duty it was done under by its id alone (a patrol's stop of a
    violation), and everything after reads it back by that id: its kind
    (:func:`sim.event_kinds.plan_kinds`), the rule an entry logged under it cites
    (:func:`sim.event_rules.explain`), the name a report gives it (:func:`sim.report.names_from`).
    Two duties with one id would load and then one would stand for both without a word, so
    the id is refused where it is given again, naming where it was given first, as a response
    plan's steps, hops and duties are (:func:`_logged_id_duplicates`)."""
    yield from _given_again(((("units", i, "duties", j), "duty", duty) for i, unit in enumerate(notice.units)
                             for j, duty in enumerate(unit.duties)), "ref.notice_duty_given")


def _given_again(given: Iterable[tuple[tuple, str, Any]], key: str) -> Iterator[Finding]:
    """Each of ``given`` (its path, its kind, the item, in the order the file writes them) whose
    id an earlier one already has, refused at its own id with the message ``key``, which names
    where and as what the id was given first."""
    first: dict[str, tuple[tuple, str]] = {}
    for path, what, item in given:
        if item.id in first:
            where, kind = first[item.id]
            yield path + ("id",), Message(key, what=_what(what), id=echoed(item.id), first=dotted(where),
                                          first_what=_what(kind))
        else:
            first[item.id] = path, what


def _ban_notice(plan: BanNotice) -> Iterator[Finding]:
    if plan.document.effective is None:
        yield ("document", "effective"), Message("ref.effective_missing")
    jurisdictions = _by_id(plan.jurisdictions)
    activities = _by_id(plan.activities)
    periods = _by_id(plan.periods)
    zones = _by_id(plan.zones)
    penalties = _by_id(plan.penalties)
    for key, what in (("jurisdictions", "jurisdiction"), ("activities", "activity"), ("periods", "period"),
                      ("zones", "zone"), ("rules", "rule"), ("penalties", "penalty"),
                      ("requirements", "requirement"), ("contacts", "contact"), ("units", "unit")):
        yield from _duplicates(getattr(plan, key), (key,), what)
    yield from _notice_duty_duplicates(plan)
    for i, jurisdiction in enumerate(plan.jurisdictions):
        yield from _known(jurisdictions, jurisdiction.part_of, ("jurisdictions", i, "part_of"), "jurisdiction")
    for i, activity in enumerate(plan.activities):
        yield from _known(activities, activity.kind_of, ("activities", i, "kind_of"), "activity")
    for i, zone in enumerate(plan.zones):
        yield from _known(jurisdictions, zone.jurisdiction, ("zones", i, "jurisdiction"), "jurisdiction")
    for i, rule in enumerate(plan.rules):
        path = ("rules", i)
        yield from _known_all(periods, rule.periods, path + ("periods",), "period")
        yield from _area(rule.area, zones, jurisdictions, path + ("area",))
        yield from _known_all(activities, rule.prohibited, path + ("prohibited",), "activity")
        yield from _known_all(penalties, rule.penalties, path + ("penalties",), "penalty")
    units = _by_id(plan.units)
    for i, penalty in enumerate(plan.penalties):
        yield from _known(units, penalty.issued_by, ("penalties", i, "issued_by"), "unit")
    for i, requirement in enumerate(plan.requirements):
        yield from _known_all(periods, requirement.periods, ("requirements", i, "periods"), "period")
        if requirement.area:
            yield from _area(requirement.area, zones, jurisdictions, ("requirements", i, "area"))


def _area(area, zones: Mapping[str, Any], jurisdictions: Mapping[str, Any], path: tuple) -> Iterator[Finding]:
    yield from _known_all(zones, area.zones, path + ("zones",), "zone")
    yield from _known(jurisdictions, area.jurisdiction, path + ("jurisdiction",), "jurisdiction")
