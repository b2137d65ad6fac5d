"""Static checks of a valid plan: mistakes that load cleanly but make a plan wrong.

The loader already rejects unknown ids and malformed values. What it cannot see is a
plan that is *consistent but broken*: severity bands that leave a gap ("what is a 40 %
load shed?") or overlap, a level no incident can reach, a measure no unit carries out,
a member unit without a duty, a termination condition that can never hold, a report
chain that never reaches whoever decides. Each check returns ``(path, message)``
findings, as :mod:`sim.references` does, so the command can point at lines.

Criteria are reasoned about as unions of *boxes* (disjunctive normal form): a box
constrains some metrics to intervals and some contexts to sets of ids, everything else
free. A box is empty when an interval is empty once clipped to the metric's possible
values (a share is 0–100); a lower level is unreachable when every point of its boxes
lies in a higher level's box, which is decided exactly by testing one point per cell of
the grid the higher levels' cut points draw inside the box.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .errors import echoed
from .messages import LANGUAGES, Message, bilingual, listed, pick
from .plan import BanNotice, ResponsePlan
from .plan.common import Bounds
from .plan.criteria import GRID_SCOPE, SEVERITY, AllOf, AnyOf, ContextTest, Held, MetricThreshold, figure_key
from .report import hop_name
from .severity import metric_range

Finding = tuple[tuple, str]

#: Above these sizes a reachability question is left unanswered rather than slow.
MAX_BOXES = 4096
MAX_POINTS = 100_000


def lint_plan(plan: ResponsePlan | BanNotice) -> list[Finding]:
    """Every finding for one plan, in the order of the plan's sections."""
    if isinstance(plan, ResponsePlan):
        return list(_response_plan(plan))
    return list(_ban_notice(plan))


# ---- what people call things ------------------------------------------------------------

#: Characters of a duty's or a condition's text a finding quotes: enough to find it.
_QUOTED_CHARS = 30


def _quoted(text) -> dict[str, str]:
    """A duty's or a termination condition's ``{zh, en}`` text, quoted and cut short: they
    have no name, and their id is what a file says, not what a planner reads."""
    return {language: f"“{echoed(pick(text, language), quoted=False, limit=_QUOTED_CHARS)}”"
            for language in LANGUAGES}


class _Names:
    """Findings name a plan's figures, levels, units and measures as the plan names them
    (``减供负荷比例``, ``较大大面积停电事件``), never by id: an id is what a file says,
    a name is what a planner reads. A figure of another grid (``load_shed_pct@provincial``)
    is its figure's name with the grid scope's name; an id the plan does not name stays
    as written, since it is then the only thing that identifies it."""

    def __init__(self, plan: ResponsePlan | BanNotice):
        contexts = getattr(plan, "contexts", None) or []
        self.figures = {m.id: m.name for m in getattr(plan, "metrics", None) or []}
        self.figures.update((c.id, c.name) for c in contexts)
        self.values = {(c.id, v.id): v.name for c in contexts for v in c.values}
        self.items = {}
        for group in ("severity_levels", "units", "measures", "activities", "zones", "penalties"):
            for item in getattr(plan, group, None) or []:
                self.items.setdefault((group, item.id), item.name)

    def figure(self, key: str):
        figure, _, grid = key.partition("@")
        name = bilingual(self.figures[figure]) if figure in self.figures else figure
        if not grid:
            return name
        scope, colon, instance = grid.partition(":")
        where = self.value(GRID_SCOPE, scope)
        if colon:
            where = Message("lint.grid_instance", scope=where, grid=instance)
        return Message("lint.figure_of_grid", figure=name, grid=where)

    def value(self, context: str, value: str):
        name = self.values.get((context.partition("@")[0], value))
        return bilingual(name) if name is not None else value

    def of(self, group: str, item_id: str):
        name = self.items.get((group, item_id))
        return bilingual(name) if name is not None else item_id

    def level(self, level_id: str):
        return self.of("severity_levels", level_id)

    def unit(self, unit_id: str):
        return self.of("units", unit_id)

    def hop(self, hop) -> dict[str, str]:
        """A report hop, which has no name, by who reports to whom."""
        return hop_name(hop, {unit_id: name for (group, unit_id), name in self.items.items() if group == "units"})


def _joined(parts: list, separator: str) -> dict[str, str]:
    """Messages (or names) as one text per language, joined by the catalogue's ``separator``."""
    return listed(parts, separator)


# ---- intervals and boxes --------------------------------------------------------------

@dataclass(frozen=True)
class Interval:
    lo: float
    lo_in: bool
    hi: float
    hi_in: bool

    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_in and self.hi_in))

    def __and__(self, other: Interval) -> Interval:
        if self.lo != other.lo:
            lo, lo_in = max((self.lo, self.lo_in), (other.lo, other.lo_in), key=lambda e: e[0])
        else:
            lo, lo_in = self.lo, self.lo_in and other.lo_in
        if self.hi != other.hi:
            hi, hi_in = min((self.hi, self.hi_in), (other.hi, other.hi_in), key=lambda e: e[0])
        else:
            hi, hi_in = self.hi, self.hi_in and other.hi_in
        return Interval(lo, lo_in, hi, hi_in)

    def __contains__(self, value: float) -> bool:
        above = value > self.lo or (value == self.lo and self.lo_in)
        below = value < self.hi or (value == self.hi and self.hi_in)
        return above and below


#: A box: metric id → Interval, context id → frozenset of allowed ids.
Box = dict[str, "Interval | frozenset"]


def _threshold_interval(t: MetricThreshold, bounds: Bounds) -> Interval:
    lo, lo_in = (-math.inf, False) if t.min is None else (t.min, bounds.lower_inclusive)
    hi, hi_in = (math.inf, False) if t.max is None else (t.max, bounds.upper_inclusive)
    return Interval(lo, lo_in, hi, hi_in)


def _meet(a: Box, b: Box) -> Box:
    box = dict(a)
    for key, value in b.items():
        box[key] = box[key] & value if key in box else value
    return box


def boxes(criterion, bounds: Bounds, grid: str | None = None) -> list[Box] | None:
    """The criterion as a union of boxes; ``None`` if there would be more than MAX_BOXES.

    A figure of another grid is its own axis (``load_shed_pct@capital_city``); a
    held-for condition is read as its condition (how long it holds is not a figure).
    """
    grid = getattr(criterion, "grid", None) or grid
    if isinstance(criterion, MetricThreshold):
        return [{figure_key(criterion.metric, grid): _threshold_interval(criterion, bounds)}]
    if isinstance(criterion, ContextTest):
        return [{figure_key(criterion.context, grid): frozenset(criterion.in_)}]
    if isinstance(criterion, Held):
        return boxes(criterion.held, bounds, grid)
    if isinstance(criterion, AnyOf):
        result: list[Box] = []
        for child in criterion.any_of:
            part = boxes(child, bounds, grid)
            if part is None:
                return None
            result += part
        return result if len(result) <= MAX_BOXES else None
    result = [{}]
    for child in criterion.all_of:
        part = boxes(child, bounds, grid)
        if part is None or len(result) * len(part) > MAX_BOXES:
            return None
        result = [_meet(a, b) for a in result for b in part]
    return result


def _clip(box: Box, ranges: Mapping[str, Interval]) -> Box:
    """The box within the values its figures can take (a figure of another grid, ``m@scope``,
    takes the values of ``m``)."""
    clipped = {}
    for key, value in box.items():
        domain = ranges.get(key.partition("@")[0])
        clipped[key] = value & domain if isinstance(value, Interval) and domain is not None else value
    return clipped


def _box_empty(box: Box) -> bool:
    return any(v.empty() if isinstance(v, Interval) else not v for v in box.values())


def _inside(point: Mapping[str, object], box: Box) -> bool:
    for key, allowed in box.items():
        value = point.get(key)
        if value is None or value not in allowed:
            return False
    return True


def _candidates(interval: Interval, cuts: list[float]) -> list[float]:
    """One value in each cell that ``cuts`` draw inside ``interval``."""
    inner = sorted({c for c in cuts if interval.lo <= c <= interval.hi and math.isfinite(c)})
    ends = [e for e in (interval.lo, interval.hi) if math.isfinite(e)]
    marks = sorted(set(inner) | set(ends))
    points = set(marks)
    points.update((a + b) / 2 for a, b in itertools.pairwise(marks))
    if marks:
        points.update((marks[0] - 1, marks[-1] + 1))
    else:
        points.add(0.0)
    return sorted(p for p in points if p in interval)


def _witness(box: Box, higher: list[Box]) -> dict | None | bool:
    """A point of ``box`` outside every ``higher`` box; ``False`` if none, ``None`` if too many to try.

    Keys the box leaves free stay absent: an absent metric or context fails every test,
    so absence is the surest way out of the higher boxes.
    """
    axes = []
    for key, allowed in box.items():
        if isinstance(allowed, Interval):
            cuts = [e for h in higher if isinstance(h.get(key), Interval) for e in (h[key].lo, h[key].hi)]
            axes.append([(key, v) for v in _candidates(allowed, cuts)])
        else:
            axes.append([(key, v) for v in sorted(allowed)])
    if math.prod(len(a) for a in axes) > MAX_POINTS:
        return None
    for combo in itertools.product(*axes):
        point = dict(combo)
        if not any(_inside(point, h) for h in higher):
            return point
    return False


def _ranges(plan: ResponsePlan) -> dict[str, Interval]:
    return {m.id: Interval(*_closed(metric_range(m))) for m in plan.metrics}


def _closed(bounds: tuple[float, float]) -> tuple[float, bool, float, bool]:
    lo, hi = bounds
    return lo, math.isfinite(lo), hi, math.isfinite(hi)


def can_hold(criterion, plan: ResponsePlan) -> bool | None:
    """Whether some values meet ``criterion`` (``None``: too large to decide)."""
    found = boxes(criterion, plan.bounds)
    if found is None:
        return None
    ranges = _ranges(plan)
    return any(not _box_empty(_clip(b, ranges)) for b in found)


# ---- response plans -------------------------------------------------------------------

def _response_plan(plan: ResponsePlan) -> Iterator[Finding]:
    simple = all(_simple_bands(level.criteria) is not None for level in plan.severity_levels)
    yield from _bands(plan) if simple else _slices(plan)
    yield from _reachability(plan)
    yield from _rows(plan)
    yield from _discretion_band(plan)
    yield from _unstarted_levels(plan)
    yield from _measures(plan)
    yield from _units(plan)
    yield from _other_criteria(plan)
    yield from _termination(plan)
    yield from _reporting(plan)


def _simple_bands(criteria) -> dict[str, tuple[int | None, MetricThreshold]] | None:
    """``{metric: (index in any_of or None, threshold)}`` if the level is one band per metric."""
    if isinstance(criteria, MetricThreshold):
        return {criteria.metric: (None, criteria)}
    if isinstance(criteria, AnyOf) and all(isinstance(c, MetricThreshold) for c in criteria.any_of):
        metrics = [c.metric for c in criteria.any_of]
        if len(set(metrics)) == len(metrics):
            return {c.metric: (i, c) for i, c in enumerate(criteria.any_of)}
    return None


def _band_path(level: int, index: int | None, end: str) -> tuple:
    path = ("severity_levels", level, "criteria")
    return path + (("any_of", index, end) if index is not None else (end,))


def _bands(plan: ResponsePlan) -> Iterator[Finding]:
    """Where every level is "any of single-metric bands", adjacent bands must meet exactly."""
    shapes = [_simple_bands(level.criteria) for level in plan.severity_levels]
    if any(shape is None for shape in shapes):
        return
    ranges = _ranges(plan)
    b = plan.bounds
    named = _Names(plan)
    names = [named.level(level.id) for level in plan.severity_levels]
    metrics = list(dict.fromkeys(m for shape in shapes for m in shape))
    for metric in metrics:
        name = named.figure(metric)
        chain = [(i, *shape[metric]) for i, shape in enumerate(shapes) if metric in shape]
        top_level, top_index, top = chain[0]
        domain = ranges.get(metric)
        if top.max is not None and domain is not None and (top.max < domain.hi or (top.max == domain.hi and not b.upper_inclusive)):
            yield (_band_path(top_level, top_index, "max"),
                   Message("lint.gap_top", metric=name, value=f"{top.max:g}", level=names[top_level]))
        for (hi_level, hi_index, higher), (lo_level, lo_index, lower) in itertools.pairwise(chain):
            if lower.max is None:
                yield (_band_path(lo_level, lo_index, "min"),
                       Message("lint.overlap_no_upper", metric=name, level=names[lo_level], other=names[hi_level]))
            elif higher.min is None:
                yield (_band_path(hi_level, hi_index, "max"),
                       Message("lint.overlap_no_lower", metric=name, level=names[hi_level], other=names[lo_level]))
            elif lower.max < higher.min:
                yield (_band_path(lo_level, lo_index, "max"),
                       Message("lint.gap_between", metric=name, low=f"{lower.max:g}", high=f"{higher.min:g}",
                               level=names[lo_level], other=names[hi_level]))
            elif lower.max > higher.min:
                yield (_band_path(lo_level, lo_index, "max"),
                       Message("lint.overlap_between", metric=name, low=f"{higher.min:g}", high=f"{lower.max:g}",
                               level=names[lo_level], other=names[hi_level]))
            elif b.upper_inclusive and b.lower_inclusive:
                yield (_band_path(lo_level, lo_index, "max"),
                       Message("lint.overlap_at", metric=name, value=f"{lower.max:g}", level=names[lo_level],
                               other=names[hi_level]))
            elif not b.upper_inclusive and not b.lower_inclusive:
                yield (_band_path(lo_level, lo_index, "max"),
                       Message("lint.gap_at", metric=name, value=f"{lower.max:g}", level=names[lo_level],
                               other=names[hi_level]))


def _reachability(plan: ResponsePlan) -> Iterator[Finding]:
    ranges = _ranges(plan)
    named = _Names(plan)
    higher: list[Box] = []
    for i, level in enumerate(plan.severity_levels):
        found = boxes(level.criteria, plan.bounds)
        if found is None:
            return  # too large to reason about; later levels depend on this one
        live = [box for box in (_clip(b, ranges) for b in found) if not _box_empty(box)]
        path = ("severity_levels", i, "criteria")
        if not live:
            yield path, Message("lint.level_never_met", level=named.level(level.id))
        else:
            witnesses = [_witness(box, higher) for box in live]
            if all(w is False for w in witnesses):
                above = _joined([named.level(lv.id) for lv in plan.severity_levels[:i]], "common.list_sep")
                yield path, Message("lint.level_unreachable", level=named.level(level.id), above=above)
        higher += live


def _level_boxes(plan: ResponsePlan) -> list[tuple[int, Box]] | None:
    """Every level's boxes within the figures' possible values, with the level's index."""
    ranges = _ranges(plan)
    found: list[tuple[int, Box]] = []
    for i, level in enumerate(plan.severity_levels):
        part = boxes(level.criteria, plan.bounds)
        if part is None:
            return None
        found += [(i, box) for box in (_clip(b, ranges) for b in part) if not _box_empty(box)]
    return found


def _cell(value: float, cuts: list[float]) -> str:
    """The cell of ``cuts`` that holds ``value``, as "a–b" (an end missing when unbounded)."""
    below = max((c for c in cuts if c <= value), default=None)
    above = min((c for c in cuts if c > value), default=None)
    return f"{'' if below is None else f'{below:g}'}–{'' if above is None else f'{above:g}'}"


def _slices(plan: ResponsePlan) -> Iterator[Finding]:
    """Gaps and overlaps along every figure, in every slice the other conditions cut.

    A national-style table grades each grid scope and load bracket on its own bands of
    load shed (or customers out). For each figure, the rows that bound it are grouped by
    the cells of everything else they test (a scope, a bracket of grid load); within a
    cell the levels' bands must meet: a value between two bands meets no level (a gap),
    a value in bands of two levels is graded twice (an overlap), and the most severe band
    must run to the figure's top (a share to 100 %).
    """
    found = _level_boxes(plan)
    if found is None:
        return
    ranges = _ranges(plan)
    named = _Names(plan)
    names = [named.level(level.id) for level in plan.severity_levels]
    found_where: dict[tuple, list[tuple]] = {}  # (path, what) -> the cells it is found in
    axes = dict.fromkeys(k for _, box in found for k, v in box.items() if isinstance(v, Interval))
    for axis in axes:
        rows = [(i, box) for i, box in found if isinstance(box.get(axis), Interval)]
        dims = list(dict.fromkeys(k for _, box in rows for k in box if k != axis))
        choices, cuts_of = [], {}
        for dim in dims:
            values = [box[dim] for _, box in rows if dim in box]
            if isinstance(values[0], Interval):
                cuts = sorted({e for v in values for e in (v.lo, v.hi) if math.isfinite(e)})
                cuts_of[dim] = cuts
                domain = ranges.get(dim.partition("@")[0], Interval(-math.inf, False, math.inf, False))
                choices.append(_candidates(domain, cuts))
            else:
                choices.append(sorted(set().union(*values)))
        if math.prod(len(c) for c in choices) > MAX_POINTS:
            continue
        top = ranges.get(axis.partition("@")[0])
        for combo in itertools.product(*choices):
            point = dict(zip(dims, combo))
            bands = sorted(((box[axis], i, frozenset(box)) for i, box in rows
                            if all(_inside({k: point[k]}, {k: v}) for k, v in box.items() if k != axis)),
                           key=lambda b: (b[0].lo, not b[0].lo_in))
            if not bands:
                continue
            where = tuple((k, _cell(v, cuts_of[k]), None) if k in cuts_of else (k, None, v) for k, v in point.items())
            for path, what in _chain(named.figure(axis), bands, names, top):
                cells = found_where.setdefault((path, what), [])
                if where and where not in cells:
                    cells.append(where)
    for (path, what), cells in found_where.items():
        if not cells:
            yield path, what
            continue
        more = Message("lint.more", n=len(cells) - 3) if len(cells) > 3 else ""
        shown = [_joined([_where(named, *part) for part in cell], "common.comma") for cell in cells[:3]]
        yield path, Message("lint.found_where", what=what, cells=_joined(shown, "lint.cell_sep"), more=more)


def _where(named: _Names, key: str, cell: str | None, value) -> Message:
    """One condition of a slice: a figure's cell between cut points, or a context's value."""
    if cell is not None:
        return Message("lint.figure_within", figure=named.figure(key), cell=cell)
    return Message("lint.figure_is", figure=named.figure(key), value=named.value(key, value))


def _chain(axis, bands: list, names: list, top: Interval | None) -> Iterator[Finding]:
    """Gaps and overlaps between the sorted ``bands`` (interval, level index, what the row
    tests) of one figure (``axis``, by its name). Two bands overlap only when their rows test the same figures:
    rows of alternatives ("减供负荷…或…供电用户停电") of two levels may both hold at once,
    and the most severe level wins, as the plan means."""
    (_, reach_level, reach_keys), (hi, hi_in) = bands[0], (bands[0][0].hi, bands[0][0].hi_in)
    for band, level, keys in bands[1:]:
        path = ("severity_levels", reach_level, "criteria")
        if band.lo > hi or (band.lo == hi and not (hi_in or band.lo_in)):
            yield path, Message("lint.gap_between", metric=axis, low=f"{hi:g}", high=f"{band.lo:g}",
                                level=names[reach_level], other=names[level])
        elif level != reach_level and keys == reach_keys and (band.lo < hi or (band.lo == hi and hi_in and band.lo_in)):
            upper = min(hi, band.hi)
            yield path, Message("lint.overlap_between", metric=axis, low=f"{band.lo:g}", high=f"{upper:g}",
                                level=names[level], other=names[reach_level])
        if band.hi > hi or (band.hi == hi and band.hi_in):
            hi, hi_in, reach_level, reach_keys = band.hi, band.hi_in, level, keys
    if top is not None and math.isfinite(top.hi) and (hi < top.hi or (hi == top.hi and not hi_in and top.hi_in)):
        yield ("severity_levels", reach_level, "criteria"), Message("lint.gap_above", metric=axis, value=f"{hi:g}")


def _rows(plan: ResponsePlan) -> Iterator[Finding]:
    """A row of a level (an ``any_of`` alternative) that can never decide: it can never be
    met, or every case it covers meets a more severe level already."""
    ranges = _ranges(plan)
    named = _Names(plan)
    higher: list[Box] = []
    for i, level in enumerate(plan.severity_levels):
        criteria = level.criteria
        own = boxes(criteria, plan.bounds)
        if own is None:
            return
        if isinstance(criteria, AnyOf) and len(criteria.any_of) > 1:
            for j, row in enumerate(criteria.any_of):
                part = boxes(row, plan.bounds, criteria.grid)
                if part is None:
                    continue
                live = [box for box in (_clip(b, ranges) for b in part) if not _box_empty(box)]
                path = ("severity_levels", i, "criteria", "any_of", j)
                if not live:
                    yield path, Message("lint.row_never_met", row=j + 1, level=named.level(level.id))
                elif higher and all(_witness(box, higher) is False for box in live):
                    yield path, Message("lint.row_shadowed", row=j + 1, level=named.level(level.id))
        higher += [box for box in (_clip(b, ranges) for b in own) if not _box_empty(box)]


def _discretion_band(plan: ResponsePlan) -> Iterator[Finding]:
    """The discretionary band should reach up to the lowest level: an incident from the band's
    own lower edge to every level's lowest edge, with the band's other conditions (a
    significant social impact), must fall in it. Below the band's lower edge the plan asks
    nothing (a band from 3 waterlogged points leaves 0, 1 or 2 to routine work, and 0 of every
    figure is nothing happening at all), so that is no gap. (A gap between two levels is
    :func:`_slices`' and :func:`_bands`' to find.)"""
    discretion = plan.discretion
    if discretion is None or discretion.criteria is None:
        return
    found = _level_boxes(plan)
    band = boxes(discretion.criteria, plan.bounds)
    if found is None or band is None:
        return
    ranges = _ranges(plan)
    named = _Names(plan)
    band = [box for box in (_clip(b, ranges) for b in band) if not _box_empty(box)]
    others = [box for _, box in found] + band
    lowest: dict[str, float] = {}  # figure -> the lowest edge of any level's band of it
    for _, box in found:
        for key, value in box.items():
            if isinstance(value, Interval) and math.isfinite(value.lo):
                lowest[key] = min(lowest.get(key, math.inf), value.lo)
    for box in band:
        domain: Box = {}
        for key, value in box.items():
            if isinstance(value, Interval):
                full = ranges.get(key.partition("@")[0], Interval(-math.inf, False, math.inf, False))
                domain[key] = full & Interval(value.lo, value.lo_in, lowest.get(key, math.inf), False)
            else:
                domain[key] = value
        if _box_empty(domain):
            continue
        witness = _witness(domain, others)
        if witness:
            shown = [Message("lint.figure_equals", figure=named.figure(k), value=f"{v:g}") if isinstance(v, float)
                     else Message("lint.figure_is", figure=named.figure(k), value=named.value(k, v))
                     for k, v in witness.items()]
            yield (("discretion", "criteria"),
                   Message("lint.gap_discretion", figures=_joined(shown, "common.comma")))
            return


def _unstarted_levels(plan: ResponsePlan) -> Iterator[Finding]:
    started = {r.severity for r in plan.response_levels}
    for i, level in enumerate(plan.severity_levels):
        if level.id not in started:
            yield ("severity_levels", i, "id"), Message("lint.level_starts_nothing", level=bilingual(level.name))


def _owned_duties(plan: ResponsePlan) -> Iterator[tuple[str, tuple, object]]:
    for i, unit in enumerate(plan.units):
        for j, duty in enumerate(unit.duties):
            yield unit.id, ("units", i, "duties", j), duty


def _measures(plan: ResponsePlan) -> Iterator[Finding]:
    named = _Names(plan)
    carried: dict[str, set[str]] = {}
    listed = {m.id: set(m.units) for m in plan.measures}
    for unit_id, path, duty in _owned_duties(plan):
        if duty.measure is None:
            continue
        carried.setdefault(duty.measure, set()).add(unit_id)
        if duty.measure in listed and unit_id not in listed[duty.measure]:
            yield path + ("measure",), Message("lint.measure_unlisted_unit", duty=_quoted(duty.text),
                                                measure=named.of("measures", duty.measure), unit=named.unit(unit_id))
    for i, measure in enumerate(plan.measures):
        doers = carried.get(measure.id, set())
        if not doers & set(measure.units):
            yield ("measures", i, "units"), Message("lint.measure_undone", measure=bilingual(measure.name), id=measure.id)
            continue
        for j, unit_id in enumerate(measure.units):
            if unit_id not in doers:
                yield ("measures", i, "units", j), Message("lint.measure_unit_idle", unit=named.unit(unit_id),
                                                            measure=bilingual(measure.name))


def _referenced_units(plan: ResponsePlan) -> set[str]:
    """Units the plan gives a role other than duties: commands, reports, steps, resources."""
    refs: set[str] = set()
    for level in plan.response_levels:
        for decision in ("command", "declare", "adjust", "end"):
            refs.update(plan.role(level, decision))
        if level.escalation:
            refs.update((level.escalation.by, level.escalation.to))
    if plan.discretion:
        refs.add(plan.discretion.unit)
    refs.update((plan.headquarters.office_unit, plan.headquarters.duty_owner))
    refs.update(plan.headquarters.members)
    for step in plan.all_steps():
        refs.add(step.unit)
        refs.update(step.notify)
    for hop in plan.reporting.hops:
        refs.add(hop.from_)
        refs.update(hop.to)
    refs.add(plan.reporting.decision.unit)
    for measure in plan.measures:
        refs.update(measure.units)
    refs.add(plan.termination.decided_by)
    for resource in plan.resources:
        refs.update(resource.provided_by)
    return refs


def _units(plan: ResponsePlan) -> Iterator[Finding]:
    refs = _referenced_units(plan)
    for i, unit in enumerate(plan.units):
        if unit.duties:
            continue
        if unit.kind == "member":
            yield ("units", i, "duties"), Message("lint.member_no_duty", unit=bilingual(unit.name))
        elif unit.id not in refs:
            yield ("units", i, "id"), Message("lint.unit_no_part", unit=bilingual(unit.name))


def _other_criteria(plan: ResponsePlan) -> Iterator[Finding]:
    named = _Names(plan)
    checks = [(("warning", "trigger"), plan.warning.trigger, Message("lint.the_warning_trigger"))]
    if plan.warning.escalate_if is not None:
        checks.append((("warning", "escalate_if"), plan.warning.escalate_if, Message("lint.the_warning_escalation")))
    if plan.discretion is not None and plan.discretion.criteria is not None:
        checks.append((("discretion", "criteria"), plan.discretion.criteria, Message("lint.the_discretion")))
    for i, hop in enumerate(plan.reporting.hops):
        if hop.only_if is not None:
            checks.append((("reporting", "hops", i, "only_if"), hop.only_if, Message("lint.the_hop", hop=named.hop(hop))))
    for path, criterion, what in checks:
        if can_hold(criterion, plan) is False:
            yield path, Message("lint.never_holds", what=what)
    severities = {level.id for level in plan.severity_levels}
    for i, hop in enumerate(plan.reporting.hops):
        for leaf_path, leaf in _context_tests(hop.only_if, ("reporting", "hops", i, "only_if")):
            if leaf.context == SEVERITY:
                for value in leaf.in_:
                    if value not in severities:
                        message = Message("lint.hop_unknown_severity", hop=named.hop(hop), value=repr(value))
                        yield leaf_path + ("in",), message


def _context_tests(criterion, path: tuple) -> Iterator[tuple[tuple, ContextTest]]:
    if isinstance(criterion, ContextTest):
        yield path, criterion
    elif isinstance(criterion, (AnyOf, AllOf)):
        key = "any_of" if isinstance(criterion, AnyOf) else "all_of"
        for i, child in enumerate(getattr(criterion, key)):
            yield from _context_tests(child, path + (key, i))


def _termination(plan: ResponsePlan) -> Iterator[Finding]:
    conditions = plan.termination.conditions
    possible = [can_hold(c.check, plan) for c in conditions]
    for i, (condition, ok) in enumerate(zip(conditions, possible)):
        if ok is False:
            yield (("termination", "conditions", i, "check"),
                   Message("lint.termination_never_holds", condition=_quoted(condition.text)))
    if all(possible) and len(conditions) > 1:
        together = AllOf(all_of=[c.check for c in conditions])
        if can_hold(together, plan) is False:
            yield (("termination", "conditions"),
                   Message("lint.termination_contradict"))


def _reporting(plan: ResponsePlan) -> Iterator[Finding]:
    hops = plan.reporting.hops
    start = hops[0].from_
    reached = {start}
    queue = deque([start])
    while queue:
        unit = queue.popleft()
        for hop in hops:
            if hop.from_ == unit:
                for target in hop.to:
                    if target not in reached:
                        reached.add(target)
                        queue.append(target)
    decider = plan.reporting.decision.unit
    named = _Names(plan)
    if decider not in reached:
        yield (("reporting", "decision", "unit"),
               Message("lint.decider_unreached", start=named.unit(start), decider=named.unit(decider)))
    for i, hop in enumerate(hops):
        if hop.from_ not in reached:
            yield (("reporting", "hops", i, "from"),
                   Message("lint.hop_unreached", hop=named.hop(hop), unit=named.unit(hop.from_),
                           start=named.unit(start)))


# ---- ban notices ----------------------------------------------------------------------

def _ban_notice(plan: BanNotice) -> Iterator[Finding]:
    """Definitions no rule uses: an activity never prohibited (itself or by its ``kind_of``
    category), a zone or penalty never applied.

    Periods are exempt: notices name fire periods as background to a narrower lockdown.
    """
    used = {
        ("activities", "lint.activity"): {a for r in plan.rules for a in r.prohibited},
        ("zones", "lint.zone"): {z for r in plan.rules for z in r.area.zones},
        ("penalties", "lint.penalty"): {p for r in plan.rules for p in r.penalties},
    }
    kinds = {a.id: a.kind_of for a in plan.activities}
    prohibited = used[("activities", "lint.activity")]
    for activity in kinds:  # an activity of a prohibited kind is prohibited with it
        seen, current = set(), activity
        while current is not None and current not in seen and current not in prohibited:
            seen.add(current)
            current = kinds.get(current)
        if current in prohibited:
            prohibited.add(activity)
    for (key, what), ids in used.items():
        for i, item in enumerate(getattr(plan, key)):
            if item.id not in ids:
                yield (key, i, "id"), Message("lint.unused", what=Message(what), name=bilingual(item.name))
