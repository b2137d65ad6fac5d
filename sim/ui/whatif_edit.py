"""What a planner may change in a what-if copy of a plan, found in the plan itself.

For a response plan the form offers every threshold bound the plan states — of every severity
level, of when its incident begins (``onset``), of each termination condition, of the warning
trigger and of the warning's escalation, and the hours a condition must have held — and every
reporting time (each hop, the decision, the adjustment decision); for a ban notice, the edge
band of every zone rule and requirement and the fine ranges (dates are changed in the YAML
editor). Which fields exist is read from the parsed YAML, so any plan of the shape gets its
own form. Each field names the YAML path
it edits (:func:`sim.ui.yaml_edit.set_scalars`).

The YAML is read as typed, before it validates (the list of changed numbers is shown beside
the loader's errors), so the walk reads only what has the shape it looks for: a list where
a list belongs, a name where a name does, a finite number where a number does; anything
else is the loader's to report, at its line.
"""

from __future__ import annotations

import copy
import difflib
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..inputs import Path_
from ..messages import joined, shortened
from .i18n import pick, tr
from ..plan.common import Bounds
from ..plan.criteria import MetricThreshold, kind_of
from ..report import figure_name, name_of
from .describe import criterion_text, metric_unit


@dataclass(frozen=True)
class Field:
    """One editable number: its group (``thresholds`` / ``reporting``), path, label, value;
    a threshold bound also names its metric, its owner, where within the owner it applies and
    the branch it sits in; ``unit`` is what follows a value where the
    label does not already say it (a reporting time's hours, in a list of changes)."""

    group: str
    path: Path_
    label: str
    value: float
    metric: str = ""
    unit: str = ""
    #: What a threshold bound belongs to (a severity level, the warning trigger): one form row
    #: each, or one for each ``row`` of it.
    owner: str = ""
    #: Where a threshold bound applies within its owner: the grid scope it reads and the bounds
    #: of the other figures beside it (a load bracket), empty for the area's own grid alone. Two
    #: bounds of different levels meet as neighbours (:func:`neighbours`) only where this is the same.
    where: tuple = ()
    #: The branch of the owner's criterion the bound sits in (a grid's row of a table by scope).
    row: Path_ = ()
    #: Whether the number is a bound of a count (a figure whose unit is ``count``), which the
    #: form takes in whole numbers only, and what the bound means in its figure's own terms.
    whole: bool = False
    help: str = ""


@dataclass(frozen=True)
class _Bound:
    """A metric threshold inside a criterion: its path and mapping, the grid scope it reads (the
    nearest ``grid:`` around it), the thresholds it holds together with in an ``all_of`` (a
    grid's load bracket), and the branch of the criterion it sits in (the outermost part that
    names a grid or joins thresholds: one row of the form)."""

    path: Path_
    threshold: Mapping
    grid: Any = None
    beside: tuple[Mapping, ...] = ()
    branch: Path_ = ()


def _listed(value: Any) -> list:
    """``value`` when it is a list, else no items (a list's place holding a number or a word)."""
    return value if isinstance(value, list) else []


def _amount(value: Any) -> float | None:
    """``value`` as a form's number: a finite int or float (not a yes-or-no); else None (a
    list, a word, ``.nan``, or an integer too long for a float)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if number - number == 0 else None


def _scalar(value: Any) -> Any:
    """``value`` when a key may hold it (text, a number, none), else as it is written: what
    the form groups bounds by must be hashable whatever was typed."""
    return value if value is None or isinstance(value, (str, int, float)) else repr(value)


def _criterion_bounds(node: Any, path: Path_, grid: Any = None, beside: tuple[Mapping, ...] = (),
                      branch: Path_ | None = None) -> Iterator[_Bound]:
    """Every metric threshold inside a criterion, and every condition held for a while (its
    ``for_h``), as a :class:`_Bound`, each part read as the loader reads it (:func:`kind_of`),
    as :func:`sim.plan.criteria.walk` walks a loaded one."""
    if not isinstance(node, Mapping):
        return
    grid = _scalar(node.get("grid", grid))
    if branch is None and ("grid" in node or "all_of" in node):
        branch = path
    kind = kind_of(node)
    if kind == "metric" and "metric" in node:
        yield _Bound(path, node, grid, beside, branch or ())
    elif kind == "held":  # the figures' bounds inside, then how long they must hold
        yield from _criterion_bounds(node.get("held"), path + ("held",), grid, beside, branch)
        yield _Bound(path, node, grid, beside, branch or ())
    elif kind in ("any_of", "all_of"):
        children = _listed(node.get(kind))
        for i, child in enumerate(children):
            together = beside
            if kind == "all_of":
                together += tuple(c for j, c in enumerate(children) if j != i and isinstance(c, Mapping) and "metric" in c)
            yield from _criterion_bounds(child, path + (kind, i), grid, together, branch)


def _bounds_of(threshold: Mapping) -> tuple:
    return tuple(_scalar(threshold.get(bound)) for bound in ("metric", "min", "max"))


def _beside_text(beside: tuple[Mapping, ...], plan: Any, language: str) -> str:
    """The thresholds a bound holds together with, in the Plans page's words (``电网负荷 ≥ 20000MW``)."""
    said = []
    for threshold in beside:
        try:
            said.append(criterion_text(MetricThreshold(**{k: threshold[k] for k in ("metric", "min", "max")
                                                          if k in threshold}), plan, language))
        except ValueError:  # a threshold the editor left unreadable: the loader says so
            continue
    return joined(said, language)


#: Form groups in the order they are shown, with their label keys.
GROUPS = (("thresholds", "whatif.thresholds"), ("reporting", "whatif.reporting"),
          ("buffers", "whatif.buffers"), ("fines", "whatif.fines"))


def count_help(bound: str, value: float, plan: Any, language: str) -> str:
    """What a bound of a count means in the count's own terms, as the plan's bounds read it
    (附件1: 以上含本数, 以下不含本数): an upper bound of 1 that excludes the number itself
    is "at most 0", none open; and that a count is typed in whole numbers."""
    bounds = getattr(plan, "bounds", None) or Bounds.model_construct()
    if bound == "max":
        included = bounds.upper_inclusive
        count = math.floor(value) if included else math.ceil(value) - 1
    else:
        included = bounds.lower_inclusive
        count = math.ceil(value) if included else math.floor(value) + 1
    means = tr(f"whatif.count_{bound}", language, n=f"{value:g}", m=count,
               included=tr("whatif.includes" if included else "whatif.excludes", language))
    return tr("whatif.count_help", language, means=means)


def editable_fields(data: Mapping, plan: Any, language: str) -> list[Field]:
    """The form's fields for parsed plan YAML ``data`` (``plan`` gives names for labels)."""
    if not isinstance(data, Mapping):
        return []
    if data.get("kind") == "ban_notice":
        return _notice_fields(data, plan, language)
    metrics = {m.id: m for m in plan.metrics}
    units = {u.id: u.name for u in plan.units}
    fields: list[Field] = []

    def unit_name(unit: Any) -> str:
        """A unit as the plan names it; an id the plan lacks, or anything else, as typed."""
        return name_of(units, _scalar(unit), language)

    def thresholds(owner: str, criterion: Any, path: Path_) -> None:
        for found in _criterion_bounds(criterion, path):
            leaf, grid = found.threshold, found.grid
            if kind_of(leaf) == "held":  # how long it must hold: hours, beside the figures' bounds
                value = _amount(leaf.get("for_h"))
                if value is not None:
                    fields.append(Field("thresholds", found.path + ("for_h",),
                                        f"{owner} · {tr('whatif.held_for', language)}", value,
                                        owner=owner, row=found.branch))
                continue
            metric = metrics.get(_scalar(leaf.get("metric")))
            if metric is not None and metric.unit == "bool":
                continue  # a fact that holds or not has no number to move: its rule is edited in the YAML
            metric_name = figure_name(f"{leaf.get('metric')}@{grid}" if grid else str(leaf.get("metric")), plan, language)
            unit = tr("common.aside", language, text=metric_unit(metric.unit, language)) if metric else ""
            bracket = _beside_text(found.beside, plan, language)
            where = (grid, tuple(sorted(map(_bounds_of, found.beside), key=str))) if grid or found.beside else ()
            whole = metric is not None and metric.unit == "count"
            for bound in ("min", "max"):
                value = _amount(leaf.get(bound))
                if value is not None:
                    label = f"{owner} · {metric_name}{unit} · {tr(f'whatif.{bound}', language)}"
                    if bracket:
                        label += tr("common.aside", language, text=bracket)
                    fields.append(Field("thresholds", found.path + (bound,), label, value,
                                        metric=str(leaf.get("metric")), owner=owner, where=where, row=found.branch,
                                        whole=whole, help=count_help(bound, value, plan, language) if whole else ""))

    # In the plan's order of events: the incident begins, is graded, ends; then the forecast's.
    onset = data.get("onset")
    if isinstance(onset, Mapping):
        thresholds(tr("whatif.onset", language), onset.get("criteria"), ("onset", "criteria"))
    for i, level in enumerate(_listed(data.get("severity_levels"))):
        if isinstance(level, Mapping):
            name = plan.severity_levels[i].name if i < len(plan.severity_levels) else str(level.get("id", ""))
            thresholds(pick(name, language), level.get("criteria"), ("severity_levels", i, "criteria"))
    termination = data.get("termination")
    conditions = _listed(termination.get("conditions")) if isinstance(termination, Mapping) else []
    texts = {c.id: c.text for c in plan.termination.conditions}
    for i, condition in enumerate(conditions):
        if isinstance(condition, Mapping):  # each condition by its words: a plan may end on several
            said = _short(name_of(texts, _scalar(condition.get("id", i)), language))
            thresholds(f"{tr('whatif.termination', language)} · {said}", condition.get("check"),
                       ("termination", "conditions", i, "check"))
    warning = data.get("warning")
    if isinstance(warning, Mapping):
        thresholds(tr("plans.warning_trigger", language), warning.get("trigger"), ("warning", "trigger"))
        thresholds(tr("whatif.warning_escalation", language), warning.get("escalate_if"), ("warning", "escalate_if"))

    # A reporting time is said as the log says the hop ("A reports to B"; an arrow would read as
    # the change's own "old → new"), naming the first few it reports to; a decision with its
    # decider aside; its hours follow the value.
    hours = tr("whatif.hours_unit", language)
    reporting = data.get("reporting")
    if isinstance(reporting, Mapping):
        for i, hop in enumerate(_listed(reporting.get("hops"))):
            value = _amount(hop.get("hours")) if isinstance(hop, Mapping) else None
            if value is not None:
                source = unit_name(hop.get("from"))
                receivers = [unit_name(u) for u in _listed(hop.get("to"))]
                shown = receivers if len(receivers) <= _RECEIVERS + 1 else receivers[:_RECEIVERS]  # "1 more" says less
                targets = joined(shown, language)
                if len(shown) < len(receivers):
                    targets = tr("whatif.receivers_more", language, text=targets, n=len(receivers))
                fields.append(Field("reporting", ("reporting", "hops", i, "hours"),
                                    tr("log.reports_to", language, sender=source, receivers=targets),
                                    value, unit=hours))
        decision = reporting.get("decision")
        value = _amount(decision.get("hours")) if isinstance(decision, Mapping) else None
        if value is not None:
            who = unit_name(decision.get("unit"))
            fields.append(Field("reporting", ("reporting", "decision", "hours"),
                                tr("part.decision", language) + tr("common.aside", language, text=who),
                                value, unit=hours))
    adjustment = data.get("adjustment")
    value = _amount(adjustment.get("decision_hours")) if isinstance(adjustment, Mapping) else None
    if value is not None:
        decider = adjustment.get("decided_by")  # none: whoever decides at each level
        who = unit_name(decider) if decider else tr("whatif.decided_by_level", language)
        fields.append(Field("reporting", ("adjustment", "decision_hours"),
                            tr("plans.adjustment", language) + tr("common.aside", language, text=who),
                            value, unit=hours))
    return fields


#: How many of a hop's receivers a label names before saying how many more there are.
_RECEIVERS = 3


#: The other end of a band: a level's lower bound meets the next level's upper bound.
_OPPOSITE = {"min": "max", "max": "min"}


#: The most columns of bounds the form lines up; beyond, each row lists its own bounds.
_COLUMNS = 6


def threshold_rows(fields: list[Field]) -> list[list[Field | None]]:
    """The threshold bounds as rows of a table: one row per level (or trigger), one column
    per metric and bound (lower, then upper) that the severity levels use, so that a
    planner reads each level across and each bound down; a row with bounds of other
    metrics (the warning's forecast) lists them from the left. A level graded on several grids
    has a row per grid (and load bracket); a row that would hold two bounds in one column, and
    every row when the columns would be too many to read (a plan of many figures), lists its
    bounds from the left, so that every bound has its field."""
    bounds = [f for f in fields if f.group == "thresholds"]
    metrics = list(dict.fromkeys(f.metric for f in bounds if f.path[0] == "severity_levels"))
    slots = [(metric, bound) for metric in metrics for bound in ("min", "max")]
    slots = [slot for slot in slots if any((f.metric, f.path[-1]) == slot for f in bounds)]
    rows = []
    for owner in dict.fromkeys((f.owner, f.row) for f in bounds):  # a level, or a level's branch for one grid, a row
        own = [f for f in bounds if (f.owner, f.row) == owner]
        taken = [(f.metric, f.path[-1]) for f in own]
        if len(slots) <= _COLUMNS and len(set(taken)) == len(taken) and all(slot in slots for slot in taken):
            row: list[Field | None] = [None] * len(slots)
            for f in own:
                row[slots.index((f.metric, f.path[-1]))] = f
            rows.append(row)
        else:
            rows.append(list(own))
    return rows


def neighbours(fields: list[Field], changes: Mapping[Path_, float]) -> dict[Path_, tuple[Field, float]]:
    """The bounds that move with the changed ones so that severity levels stay contiguous:
    where a changed bound of one level met the opposite bound of another level on the same
    metric in the same place (``where``: the same grid scope and load bracket; 较大 ``min: 40``
    and 一般 ``max: 40``), that bound, with the new value. Bounds the
    planner changed too are left as they were changed."""
    levels = [f for f in fields if f.group == "thresholds" and f.path[0] == "severity_levels"]
    moved: dict[Path_, tuple[Field, float]] = {}
    for field in levels:
        if field.path not in changes:
            continue
        for other in levels:
            if (other.path[1] != field.path[1] and other.metric == field.metric and other.where == field.where
                    and other.value == field.value
                    and other.path[-1] == _OPPOSITE.get(field.path[-1]) and other.path not in changes):
                moved[other.path] = (other, changes[field.path])
    return moved


def _notice_fields(data: Mapping, notice: Any, language: str) -> list[Field]:
    texts = {item.id: item.text for item in [*notice.rules, *notice.requirements, *notice.penalties]}
    fields: list[Field] = []

    def item_name(item: Mapping, i: int) -> str:
        """A rule, requirement or penalty by its words; one the notice lacks by its id as typed."""
        return name_of(texts, _scalar(item.get("id", i)), language)

    for key in ("rules", "requirements"):
        for i, item in enumerate(_listed(data.get(key))):
            area = item.get("area") if isinstance(item, Mapping) else None
            value = _amount(area.get("buffer_m")) if isinstance(area, Mapping) else None
            if value is not None:
                fields.append(Field("buffers", (key, i, "area", "buffer_m"),
                                    f"{_short(item_name(item, i))} · {tr('whatif.edge_band', language)}", value))
    for i, penalty in enumerate(_listed(data.get("penalties"))):
        fine = penalty.get("fine_yuan") if isinstance(penalty, Mapping) else None
        if not isinstance(fine, Mapping):
            continue
        for bound in ("min", "max"):
            value = _amount(fine.get(bound))
            if value is not None:
                fields.append(Field("fines", ("penalties", i, "fine_yuan", bound),
                                    f"{_short(item_name(penalty, i))} · {tr(f'whatif.fine_{bound}', language)}", value))
    return fields


#: How much of a rule's text a form label keeps, in the width of Latin letters (a Chinese
#: character counts two): forty characters of Chinese, eighty letters of English — enough
#: to tell the rules apart in either language.
_LABEL_WIDTH = 80


def _short(words: str) -> str:
    """A rule's text cut for a label (the whole text is on the Fire bans page)."""
    return shortened(words, _LABEL_WIDTH)


def changed_fields(before: list[Field], after: list[Field]) -> list[tuple[Field, float]]:
    """The form's numbers that differ between two versions of a plan, as (field as it was,
    new value), in the form's order: what a planner changed, in the words of the form.
    A number that exists in one version only (a level added in the YAML) is not among
    them; the line-by-line diff shows it."""
    now = {field.path: field.value for field in after}
    return [(field, now[field.path]) for field in before if field.path in now and now[field.path] != field.value]


def numbers_say_it_all(before: Any, after: Any, changed: list[tuple[Field, float]]) -> bool:
    """Whether the parsed plan ``after`` is ``before`` with only the ``changed`` numbers
    changed: when it is not (a date, a text, a level added in the YAML), the page says that
    more changed than its list of numbers shows. Comments and layout do not count."""
    if before is None or after is None:
        return False
    expected = copy.deepcopy(before)
    for field, value in changed:
        node = expected
        for step in field.path[:-1]:
            node = node[step]
        node[field.path[-1]] = value
    return expected == after


def unified_diff(original: str, edited: str, name: str) -> str:
    """A unified diff of two YAML texts, empty when they are equal."""
    return "\n".join(difflib.unified_diff(
        original.splitlines(), edited.splitlines(), f"a/{name}", f"b/{name}", lineterm="",
    ))
