"""Plan rules as readable text: criteria, triggers, areas, periods and their sources.

The app never shows a rule without the clause it comes from, so every table row built
here carries :func:`source_cells` beside it. Functions take the language explicitly
(``"zh"`` or ``"en"``) so they can be tested without a running app.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..bans import period_span
from ..clock import duration
from ..messages import joined, said
from ..plan.common import Bounds
from ..plan.criteria import GRID_SCOPE, SEVERITY, AllOf, AnyOf, ContextTest, Held, MetricThreshold, range_text, walk
from ..report import figure_value, level_name, name_of
from ..severity import metric_range
from .i18n import pick, tr


def assumption_note(assumption: Any, language: str) -> str:
    """An assumption (``{zh, en}``) as a note in the reader's language: ``假设：…``; empty for none."""
    if not assumption:
        return ""
    return tr("common.labelled", language, label=tr("common.assumption", language), text=pick(assumption, language))


def source_cells(rule: Any, language: str, plan: Any = None) -> dict[str, str]:
    """The clause and the original text of a cited rule (or its assumption), as two cells;
    the clause before ``plan``, its plan's title, where one is given (a run of several plans:
    :func:`sim.event_rules.title_in_run`), and before the title of another document it stands
    in: a table's Clause column is narrow, and the clause first is read whatever the title's
    length (:func:`sim.plan.common.in_document`).

    A rule may carry both a source and an assumption (the quote, and how it was read);
    then the assumption follows the quote so the reader sees both.
    """
    source = getattr(rule, "source", None)
    return {tr("common.clause", language): source.at(language, plan, clause_first=True) if source is not None else "",
            tr("common.quote", language): _grounds(rule, language, lambda cited: cited.quoted(language, brackets=False))}


def source_cell(rule: Any, language: str) -> dict[str, str]:
    """The clause and the original text of a cited rule as one cell, the clause first
    (``5.3.1：视情况派出…``): :func:`source_cells` for a table with no room for two."""
    clause, quote = source_cells(rule, language).values()
    said = tr("common.labelled", language, label=clause, text=quote) if clause and quote else clause or quote
    return {tr("common.clause_quote", language): said}


def citation(rule: Any, language: str) -> str:
    """Where a rule comes from, as prose under it: its clause and its original words, each
    labelled, then on a line of its own its assumption under its label; a rule resting on an assumption alone
    reads as one, never under the label of the original text."""
    return _grounds(rule, language, lambda cited: " · ".join(
        tr("common.labelled", language, label=tr(f"common.{label}", language), text=said)
        for label, said in (("clause", cited.at(language)), ("quote", cited.quoted(language, brackets=False)))))


def threshold_notes(criterion: Any, plan: Any, language: str) -> list[str]:
    """Each threshold of a criterion that carries its own source or assumption, in words
    with its clause and quote, then its assumption: a number the document does not state
    is shown as assumed, never as quoted."""
    notes = [(leaf, _grounds(leaf, language, lambda cited: cited.line(language))) for leaf in _leaves(criterion)]
    return [f"{criterion_text(leaf, plan, language)} — {grounds}" for leaf, grounds in notes if grounds]


def criterion_notes(criterion: Any, language: str) -> list[str]:
    """How the plan's words are read as a group of criteria (its ``note``: 较大影响 is a
    judgement a scenario states, not a number), each group's, outermost first, labelled in
    the reader's language: shown beside the criteria, so that whoever reads them knows why
    a row reads as it does."""
    return [tr("common.labelled", language, label=tr("common.note", language), text=pick(group.note, language))
            for _, group, _ in walk(criterion) if isinstance(group, (AnyOf, AllOf)) and group.note]


def _grounds(rule: Any, language: str, said: Callable[[Any], str]) -> str:
    """What a rule rests on, a line each: its source as ``said`` words it, then its assumption."""
    source = getattr(rule, "source", None)
    lines = [said(source) if source is not None else "", assumption_note(getattr(rule, "assumption", None), language)]
    return "\n".join(line for line in lines if line)


def _leaves(criterion: Any) -> list[Any]:
    if isinstance(criterion, (AnyOf, AllOf)):
        children = criterion.any_of if isinstance(criterion, AnyOf) else criterion.all_of
        return [leaf for child in children for leaf in _leaves(child)]
    return [criterion]


def names(items: Any) -> dict[str, Any]:
    """Id → name (a ``Text``) of a list of models that have ``id`` and ``name``."""
    return {item.id: item.name for item in items}


def unit_names(plan: Any) -> dict[str, Any]:
    return names(plan.units)


def criterion_text(criterion: Any, plan: Any, language: str) -> str:
    """A criterion in words, with ≥/>/</≤ as the plan's bounds say (以上含本数…)."""
    metrics = {m.id: m for m in getattr(plan, "metrics", [])}
    metrics.update({f"context:{c.id}": c for c in getattr(plan, "contexts", None) or []})
    if f"context:{SEVERITY}" not in metrics and getattr(plan, "severity_levels", None):
        # a reporting hop's condition on the incident's severity, by the plan's level names
        metrics[f"context:{SEVERITY}"] = _Named(said("common.severity"),
                                                plan.severity_levels)
    bounds: Bounds | None = getattr(plan, "bounds", None)
    return _criterion(criterion, metrics, bounds, language, top=True)


@dataclass(frozen=True)
class _Named:
    """A context the engine gives rather than the plan declares, shaped as a declared one:
    its name and its values (each with ``id`` and ``name``)."""

    name: dict
    values: Any


def _context_name(metrics: dict, context: str, value: str | None, language: str) -> str:
    """A context (``grid_scope``) or one of its values (``provincial``) by the name the plan gives it."""
    figure = metrics.get(f"context:{context}")
    if figure is None:
        return value or context
    if value is None:
        return pick(figure.name, language)
    return next((pick(v.name, language) for v in figure.values if v.id == value), value)


#: Metric units that are words, not symbols: a yes/no figure and a count, said in the reader's language.
WORDED_UNITS = ("bool", "count")


def metric_unit(unit: Any, language: str) -> str:
    """A metric's unit as the reader says it (``%`` and ``MW`` stay as they are, a unit given
    as ``{zh, en}`` reads in the reader's language): the one wording the Plans page, the
    What-if editor and the charts give it."""
    return tr(f"plans.metric_unit.{unit}", language) if unit in WORDED_UNITS else pick(unit, language)


def metric_values(metric: Any, language: str) -> str:
    """The values a metric can take (:func:`sim.severity.metric_range`) as the Plans page lists
    them beside its unit — ``0–100``, ``≥ 0``, ``≤ 2000``, or any number when neither its plan
    nor its unit bounds it: what a value given to classify or by a scenario must lie in."""
    low, high = metric_range(metric)
    if math.isfinite(low) and math.isfinite(high):
        return f"{low:g}–{high:g}"
    if math.isfinite(low) or math.isfinite(high):
        return f"≥ {low:g}" if math.isfinite(low) else f"≤ {high:g}"
    return tr("plans.metric_any", language)


def _criterion(criterion: Any, metrics: dict, bounds: Bounds | None, language: str, top: bool) -> str:
    grid = getattr(criterion, "grid", None)
    if grid is not None:  # the grid (by its scope) the criterion reads
        inner = _criterion(criterion.model_copy(update={"grid": None}), metrics, bounds, language, top)
        return f"[{_context_name(metrics, GRID_SCOPE, grid, language)}] {inner}"
    if isinstance(criterion, Held):
        inner = _criterion(criterion.held, metrics, bounds, language, top=False)
        return tr("describe.held", language, inner=inner, held=duration(criterion.for_h, language))
    if isinstance(criterion, MetricThreshold):
        metric = metrics.get(criterion.metric)
        label = pick(metric.name, language) if metric else criterion.metric
        if metric is not None and metric.unit == "bool":  # a fact: it holds or it does not
            holds = criterion.min is not None and criterion.min > 0
            return tr("common.labelled", language, label=label, text=figure_value(metric, float(holds), language))
        unit = pick(metric.unit, language) if metric and metric.unit not in WORDED_UNITS else ""
        return f"{label} {range_text(criterion.min, criterion.max, bounds, unit, language)}"
    if isinstance(criterion, ContextTest):
        values = tr("common.or", language).join(_context_name(metrics, criterion.context, v, language)
                                                for v in criterion.in_)
        return tr("describe.one_of", language, context=_context_name(metrics, criterion.context, None, language),
                  values=values)
    if isinstance(criterion, (AnyOf, AllOf)):
        children = criterion.any_of if isinstance(criterion, AnyOf) else criterion.all_of
        joiner = tr("describe.any_of" if isinstance(criterion, AnyOf) else "describe.all_of", language)
        text = joiner.join(_criterion(c, metrics, bounds, language, top=False) for c in children)
        return text if top or len(children) == 1 else tr("describe.group", language, text=text)
    return str(criterion)


def trigger_text(trigger: Any, plan: Any, language: str) -> str:
    """When a duty starts: phase, lowest response level, required conditions."""
    if trigger is None:
        return ""
    text = tr("common.or", language).join(tr(f"trigger.phase.{phase}", language) for phase in trigger.phases)
    if trigger.min_level:
        level = level_name(plan, trigger.min_level, language)
        text += tr("describe.min_level", language, level=level)
    if trigger.levels:
        levels = joined((level_name(plan, level, language) for level in trigger.levels), language)
        text += tr("describe.only_levels", language, levels=levels)
    if trigger.requires:
        text += tr("describe.needs", language, needs=condition_names(plan, trigger.requires, language))
    return text


def condition_names(plan: Any, conditions: Any, language: str) -> str:
    """Incident conditions by the names the plan gives them (an unnamed one by its id)."""
    named = names(getattr(plan, "conditions", None) or [])
    return joined((name_of(named, c, language) for c in conditions), language)


def task_text(task: Any, plan: Any, language: str) -> str:
    if task is None:
        return ""
    parts = [duration(task.hours, language)]
    if task.resource:
        resource = name_of(names(plan.resources), task.resource, language)
        parts.append(f"{resource} × {task.amount}")
    if task.repeat_every_h:
        parts.append(tr("describe.repeat", language, every=duration(task.repeat_every_h, language)))
    return tr("common.comma", language).join(parts)


def period_text(period: Any, language: str) -> str:
    """A ban period's days as the ban check writes them (:func:`sim.bans.period_span`)."""
    return pick(period_span(period), language)


def area_text(area: Any, plan: Any, language: str) -> str:
    """Where a ban rule holds: its zones (and edge buffer) or its jurisdiction."""
    if area is None:
        return name_of(names(plan.jurisdictions), plan.jurisdictions[0].id, language)
    if area.jurisdiction:
        return name_of(names(plan.jurisdictions), area.jurisdiction, language)
    zones = names(plan.zones)
    text = joined((name_of(zones, z, language) for z in area.zones), language)
    if area.buffer_m:
        text = tr("describe.buffered", language, zones=text, buffer=tr("plans.buffer", language, m=area.buffer_m))
    return text

