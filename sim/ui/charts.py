"""Plotly figures of plans and results; pure functions from models or result dicts.

Colours follow the order of the plan's own lists (most severe first), never the names of
any particular plan's levels, so any plan of the same shape draws the same way.

A result's time axes read in scenario clock time (:mod:`sim.clock`) and span the incident
— from the start to the last thing that happened — not the whole horizon, which is a
limit, not a story. Counts get whole-number axes, yes-or-no figures 是 / 否. Given ``cursor_h``, every result figure
marks that moment (the walk-through's current step).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..clock import DAY_FORMAT, FORMAT, TIME_FORMAT, clock, moment
from ..event_text import fire_names, of_fire
from ..engine.rules import compiled
from ..messages import joined
from ..names import Names
from ..plan.criteria import GRID_SCOPE, AllOf, AnyOf, ContextTest, Held, MetricThreshold, figure_key
from ..plan.figures import GRID_SHOWN, is_grid_figure
from ..report import figure_name, figure_unit, figure_value
from ..severity import metric_range
from .describe import metric_unit
from .i18n import pick, tr
from .table_layout import FONT_PX, PAD_PX, WRAP_SLACK_PX, text_px, wrapped
from .text_width import drawn_width

#: Most severe first (red) to least (blue), then greys for anything beyond.
SEVERITY_COLOURS = ["#c0392b", "#e67e22", "#f1c40f", "#2e86c1", "#7f8c8d", "#95a5a6"]
SERIES_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]


def level_colour(rank: int) -> str:
    return SEVERITY_COLOURS[min(rank, len(SEVERITY_COLOURS) - 1)]


def _thresholds(criterion: Any, context: Mapping[str, Any] | None,
                grid: str | None = None) -> Iterable[tuple[MetricThreshold, str | None]]:
    """Every metric threshold of a criterion with the grid (by scope) it reads."""
    grid = getattr(criterion, "grid", None) or grid
    if isinstance(criterion, Held):
        yield from _thresholds(criterion.held, context, grid)
    elif isinstance(criterion, MetricThreshold):
        yield criterion, grid
    elif isinstance(criterion, AnyOf):
        for child in criterion.any_of:
            yield from _thresholds(child, context, grid)
    elif isinstance(criterion, AllOf):
        tests = [c for c in criterion.all_of if isinstance(c, ContextTest)]
        if context is not None and not all(c.holds(context, None, grid) for c in tests):
            return  # a row for another grid scope (or another context)
        for child in criterion.all_of:
            yield from _thresholds(child, context, grid)


def threshold_bands(plan: Any, context: Mapping[str, Any] | None = None
                    ) -> dict[str, list[tuple[int, Any, float | None, float | None]]]:
    """Figure → [(rank, level, min, max)] for every metric threshold of every severity level.

    A figure is a metric of one grid (``load_shed_pct`` of the area's own grid,
    ``load_shed_pct@provincial`` of its provincial grid), the key the result's time series
    uses, so each grid's figure is drawn against the bands of its own scope. With
    ``context`` (a scenario's ``{grid_scope: county}``), rows that test another context are
    left out and rows of the incident's own grid scope read its own figures."""
    bands: dict[str, list[tuple[int, Any, float | None, float | None]]] = {}
    for rank, level in enumerate(plan.severity_levels):
        for threshold, grid in _thresholds(level.criteria, context):
            own = context is not None and grid is not None and context.get(GRID_SCOPE) == grid
            key = figure_key(threshold.metric, None if own else grid)
            bands.setdefault(key, []).append((rank, level, threshold.min, threshold.max))
    return bands


def banded_key(column: str) -> str:
    """The band key of a time-series column: a figure of one of several grids of a scope
    (``load_shed_pct@other_city:tianshui``) is drawn against its scope's bands."""
    return column.partition(":")[0] if "@" in column else column


def _open_end(values: list[float | None]) -> float:
    finite = [v for v in values if v is not None]
    top = max(finite) if finite else 1.0
    return top * 1.25 if top > 0 else 1.0


def threshold_band_figure(plan: Any, language: str) -> go.Figure:
    """One row per metric; a bar per severity level spanning its range (open ends shaded to the edge).
    A yes-or-no figure has no range to draw (the criteria say 是 or 否): it has no row."""
    metrics = {m.id: m for m in plan.metrics}
    bands = {key: entries for key, entries in threshold_bands(plan).items()
             if getattr(metrics.get(key.partition("@")[0]), "unit", None) != "bool"}
    ids = [m for m in metrics if m in bands] + [m for m in bands if m not in metrics]
    units = {m: tr("common.aside", language, text=metric_unit(metrics[m.partition("@")[0]].unit, language))
             if m.partition("@")[0] in metrics else "" for m in ids}
    titles = [figure_name(m, plan, language) + units[m] for m in ids]
    rows = max(len(ids), 1)
    fig = make_subplots(rows=rows, cols=1, subplot_titles=titles or [""], vertical_spacing=0.5 / rows)
    shown: set[int] = set()
    for row, metric in enumerate(ids, start=1):
        entries = bands[metric]
        edge = _open_end([v for _, _, lo, hi in entries for v in (lo, hi)])
        floor, ceiling = _range(metrics.get(metric.partition("@")[0]))
        for rank, level, low, high in entries:
            # an open end runs to the end of the figure's range (a share's 100 %), where it has one
            start = low if low is not None else (floor if math.isfinite(floor) else 0.0)
            end = high if high is not None else (ceiling if math.isfinite(ceiling) else edge)
            name = pick(level.name, language)
            label = f"{'' if low is None else f'{low:g}'} – {'' if high is None else f'{high:g}'}"
            fig.add_trace(
                go.Bar(
                    x=[end - start], base=[start], y=[name], orientation="h",
                    marker_color=level_colour(rank), name=name, legendgroup=name,
                    showlegend=rank not in shown, text=[label], textposition="inside",
                    hovertemplate=f"{name}: {label}<extra></extra>",
                ),
                row=row, col=1,
            )
            shown.add(rank)
    order = [pick(level.name, language) for level in plan.severity_levels]
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)))
    fig.update_layout(barmode="overlay", height=210 * rows + 60,
                      margin=dict(l=10, r=10, t=40, b=10), legend_title_text=tr("common.level", language))
    return fig


def _segments(period: Any, year: int) -> list[tuple[dt.date, dt.date]]:
    """The days of ``year`` a period covers, as [start, end] segments (both included)."""
    if period.dates is not None:
        start = max(period.dates.start, dt.date(year, 1, 1))
        end = min(period.dates.end, dt.date(year, 12, 31))
        return [(start, end)] if start <= end else []
    first = _month_day(year, period.annual.start)
    last = _month_day(year, period.annual.end)
    if first <= last:
        return [(first, last)]
    return [(dt.date(year, 1, 1), last), (first, dt.date(year, 12, 31))]


def _month_day(year: int, text: str) -> dt.date:
    month, day = int(text[:2]), int(text[3:])
    if (month, day) == (2, 29) and not _leap(year):
        return dt.date(year, 2, 28)
    return dt.date(year, month, day)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def ban_years(plan: Any) -> list[int]:
    """The years a notice's fixed dates touch, or its effective year for annual-only notices."""
    years = {plan.document.effective.year}
    for period in plan.periods:
        if period.dates is not None:
            years.update(range(period.dates.start.year, period.dates.end.year + 1))
    return sorted(years)


def ban_calendar_figure(plan: Any, year: int, language: str) -> go.Figure:
    """A year strip: each period a bar; fixed-date windows (lockdowns) red, annual periods amber."""
    fig = go.Figure()
    labels = []
    for period in plan.periods:
        label = pick(period.name, language)
        labels.append(label)
        fixed = period.dates is not None
        for start, end in _segments(period, year):
            stop = end + dt.timedelta(days=1)
            fig.add_trace(
                go.Bar(
                    base=[start.isoformat()],
                    x=[(stop - start).days * 86_400_000],
                    y=[label], orientation="h",
                    marker_color="#c0392b" if fixed else "#f0b429",
                    showlegend=False,
                    hovertemplate=f"{label}: {start.strftime(DAY_FORMAT)} – {end.strftime(DAY_FORMAT)}<extra></extra>",
                )
            )
    fig.update_xaxes(type="date", range=[f"{year}-01-01", f"{year + 1}-01-01"], dtick="M1", tickformat=DAY_FORMAT)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
    fig.update_layout(
        barmode="overlay", height=80 + 40 * max(len(labels), 1), margin=dict(l=10, r=10, t=30, b=10),
        title=f"{year}",
    )
    return fig


# -- results ---------------------------------------------------------------------------------

def _range(metric: Any) -> tuple[float, float]:
    """The values a figure can take (:func:`sim.severity.metric_range`): its plan's ``range``,
    else its unit's; a figure no plan declares is one of the grid's shares, 0–100."""
    return metric_range(metric) if metric is not None else (0.0, 100.0)


def _end(result: Mapping) -> float:
    summary = result.get("summary") or {}
    return float(summary.get("end_h") or result.get("horizon_h") or 0.0)


def incident_end(result: Mapping) -> float:
    """The hour the incident is over: the last change of its state (or of a fire) or the end of
    the response, with a margin, within the run. After-action work that goes on for days
    afterwards runs off the right edge rather than squeezing the incident into a sliver."""
    summary = result.get("summary") or {}
    rows = result.get("timeseries") or []
    fire = [row["t_h"] for row in result.get("fire") or [] if row.get("burning")]
    marks = [rows[-1]["t_h"] if rows else 0.0, summary.get("terminated_at_h") or 0.0, max(fire, default=0.0)]
    if not any(marks):
        marks.append(max((e["t_h"] for e in result.get("events") or []), default=0.0))
    last = max(marks)
    end = max(last * 1.1, last + 1.0)
    return min(end, _end(result)) if _end(result) else end


def _at(result: Mapping, hours: Iterable[float]) -> list[dt.datetime]:
    """Hours since the start as the scenario's clock."""
    start = result.get("start")
    return [moment(start, h) for h in hours]


def _time_axis(fig: go.Figure, result: Mapping, language: str, cursor_h: float | None = None,
               **where: Any) -> None:
    """A time axis in clock time spanning the incident (and the cursor, when it is later)."""
    end = incident_end(result)
    if cursor_h is not None and cursor_h > end * 0.97:
        end = cursor_h * 1.05 + 1.0
    first, last = _at(result, (0.0, end))
    fig.update_xaxes(type="date", range=[first, last], tickformat=f"{DAY_FORMAT}\n{TIME_FORMAT}", hoverformat=FORMAT,
                     **where)


def _time_title(fig: go.Figure, language: str, **where: Any) -> None:
    fig.update_xaxes(title_text=tr("clock.axis", language), **where)


def _whole_numbers(fig: go.Figure, values: Iterable[float], **where: Any) -> None:
    """A count axis with whole-number ticks only."""
    top = max([0.0, *values])
    fig.update_yaxes(tickformat="d", dtick=max(1, int(top // 6) or 1), rangemode="tozero", **where)


def _cursor(fig: go.Figure, result: Mapping, cursor_h: float | None, subplots: bool = False) -> None:
    """A vertical line at the walk-through's current step, on every subplot."""
    if cursor_h is None:
        return
    x = _at(result, [cursor_h])[0].timestamp() * 1000
    line = dict(color="#222", width=2, dash="dash")
    if not subplots:
        fig.add_vline(x=x, line=line)
        return
    # one line per subplot, set at once (plotly's own "every row" re-checks every shape per row)
    lines = [dict(type="line", xref=axis.plotly_name.replace("axis", ""), x0=x, x1=x,
                  yref=f"{axis.anchor} domain", y0=0, y1=1, line=line) for axis in fig.select_xaxes()]
    fig.update_layout(shapes=[*fig.layout.shapes, *lines])


def _bar(result: Mapping, start_h: float, end_h: float) -> tuple[str, float]:
    """A bar on a clock-time axis: its start as a moment and its length in milliseconds."""
    return _at(result, [start_h])[0].isoformat(), (end_h - start_h) * 3_600_000


def _step_xy(result: Mapping, column: str) -> tuple[list[float], list[Any]]:
    """A time-series column as step points (each value holds until the next row), to the end."""
    rows = result.get("timeseries") or []
    xs = [row["t_h"] for row in rows]
    ys = [row.get(column) for row in rows]
    if rows:
        xs.append(max(_end(result), xs[-1]))
        ys.append(ys[-1])
    return xs, ys


def metric_columns(result: Mapping, plan: Any) -> list[str]:
    """The time-series columns of the figures the plan grades on (the compiled plan's
    ``graded``, in its order; a figure of a scope of several grids, one column per grid), else
    the grid's (:data:`~sim.plan.figures.GRID_SHOWN`)."""
    rows = result.get("timeseries") or []
    present = list(rows[0]) if rows else []
    graded = compiled(plan).graded if plan is not None else ()
    columns = [c for key in graded for c in present if banded_key(c) == key]  # each of several grids too
    return columns or [m for m in GRID_SHOWN if m in present]


def grid_columns(result: Mapping, plan: Any) -> list[str]:
    """The area's grid's figures (:data:`~sim.plan.figures.GRID_SHOWN`) for a chart of their
    own, below the figures the plan grades on: an area always has a grid, but a plan graded
    on none of its figures (a flood plan's rainfall) does not lead with them. None when the
    plan's own chart shows a grid's figures already."""
    graded = metric_columns(result, plan)
    if any(is_grid_figure(column) for column in graded):
        return []
    rows = result.get("timeseries") or []
    return [m for m in GRID_SHOWN if rows and m in rows[0]]


#: The height of one row of the figures chart, and the gap between two rows (their titles sit in
#: it): a gap of fixed pixels, so that a plan reading a dozen figures keeps each row readable
#: where a fixed share of the height would leave no room (Plotly refuses it past ten rows).
ROW_PX = 260
GAP_PX = 56


#: How near two band labels' tops may be on a row of the figures chart, as a share of the row's
#: range, before the lower would be drawn over the higher: a line of 10 px type on a row of
#: :data:`ROW_PX`, with room to spare.
LABEL_GAP = 0.08


def band_labels(labels: list[tuple[float, str]], span: float, language: str) -> list[tuple[float, str]]:
    """Band labels ``(top, name)`` of one row as drawn: labels whose tops are nearer than
    :data:`LABEL_GAP` of the row's ``span`` (levels that share an edge, a figure whose bands
    several levels test alike) are one label, at the highest top, naming each level once."""
    drawn: list[tuple[float, list[str]]] = []
    for top, name in sorted(labels, key=lambda label: -label[0]):
        if drawn and drawn[-1][0] - top < LABEL_GAP * span:
            if name not in drawn[-1][1]:
                drawn[-1][1].append(name)
        else:
            drawn.append((top, [name]))
    return [(top, joined(names, language)) for top, names in drawn]


def load_figure(result: Mapping, plan: Any, language: str, context: Mapping[str, Any] | None = None,
                cursor_h: float | None = None, grid_names: Mapping[str, Any] | None = None,
                columns: list[str] | None = None) -> go.Figure:
    """Each figure the plan grades on over time (or ``columns``: the grid's, :func:`grid_columns`),
    one row each (rows of :data:`ROW_PX`, :data:`GAP_PX` apart), over the severity bands of the
    incident's context; a yes-or-no figure's axis reads 是 / 否 (yes / no), a count's whole
    numbers, any other's the metric's unit, within the values the figure can take (its
    ``range``: a rainfall never below 0, a share never above 100 %). ``grid_names`` (the
    area's grids' names by id) names each of several grids of a scope."""
    columns = metric_columns(result, plan) if columns is None else columns
    metrics = {m.id: m for m in plan.metrics} if plan is not None else {}
    bands = threshold_bands(plan, context if context is not None else {}) if plan is not None else {}
    bands = {c: bands[banded_key(c)] for c in columns if banded_key(c) in bands}
    titles = [figure_name(c, plan, language, grid_names) for c in columns]
    rows = max(len(columns), 1)
    height = ROW_PX * rows + 40
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=True, subplot_titles=titles or [""],
                        vertical_spacing=GAP_PX / height)
    shapes: list[dict] = []
    notes: list[dict] = []
    for row, column in enumerate(columns, start=1):
        xs, ys = _step_xy(result, column)
        numbers = [v for v in ys if isinstance(v, (int, float))]
        edges = [v for _, _, low, high in bands.get(column, []) for v in (low, high) if v is not None]
        metric = column.partition("@")[0]
        floor, ceiling = _range(metrics.get(metric))
        # From the figure's least value (or the incident's, where its range has none) up to the
        # incident's peak and the next band edge above it, within its range: the axis fits the
        # incident and never shows a value the figure cannot take.
        bottom = floor if math.isfinite(floor) else min(numbers + [0.0])
        peak = max(numbers + [bottom])
        above = [e for e in edges if e > peak]
        shown_top = max(peak + 0.15 * abs(peak - bottom), min(above) * 1.1 if above else bottom)
        shown_top = min(shown_top, ceiling) if shown_top > bottom else bottom + 1.0
        # The trace goes first: plotly skips shapes on subplots that have no trace yet.
        fig.add_trace(go.Scatter(x=_at(result, xs), y=ys, mode="lines", line_shape="hv", name=titles[row - 1],
                                 line=dict(color=SERIES_COLOURS[(row - 1) % len(SERIES_COLOURS)], width=2.5)),
                      row=row, col=1)
        axis = "" if row == 1 else str(row)
        labels: list[tuple[float, str]] = []
        for rank, level, low, high in bands.get(column, []):
            if low is not None and low >= shown_top:
                continue
            top = min(high, shown_top) if high is not None else shown_top
            shapes.append(dict(type="rect", xref=f"x{axis} domain", x0=0, x1=1, yref=f"y{axis}",
                               y0=low if low is not None else bottom, y1=top, fillcolor=level_colour(rank), opacity=0.15,
                               line_width=0, layer="below"))
            labels.append((top, pick(level.name, language)))
        notes += [dict(xref=f"x{axis} domain", x=0, yref=f"y{axis}", y=top, xanchor="left", yanchor="top",
                       text=said, showarrow=False, font=dict(size=10))
                  for top, said in band_labels(labels, shown_top, language)]
        unit = figure_unit(column, plan)
        if unit == "bool":  # a fact that holds or not: read as yes and no, never as halves
            fig.update_yaxes(tickvals=[0, 1], ticktext=[figure_value(metrics[metric], v, language) for v in (0, 1)],
                             range=[-0.1, 1.1], row=row, col=1)
            continue
        fig.update_yaxes(title_text=metric_unit(unit, language), range=[bottom, shown_top], row=row, col=1)
        if unit == "count":
            _whole_numbers(fig, numbers, row=row, col=1)
    # The bands and their names as a severity band's rectangle and label on each row, set at
    # once: adding them one by one re-checks every shape before it, which took seconds for a
    # plan graded on many grids (and each step of the walk-through draws this chart again).
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *notes])
    _time_axis(fig, result, language, cursor_h)
    _time_title(fig, language, row=rows, col=1)
    _cursor(fig, result, cursor_h, subplots=True)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), showlegend=False)
    return fig


def levels_figure(result: Mapping, plan: Any, language: str, cursor_h: float | None = None) -> go.Figure:
    """The current classification and the response level over time as steps; the y axis
    names the levels (the event's severity is the highest the first reaches)."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=[tr("walk.classification", language), tr("common.response_level", language)])
    none = tr("common.none", language)
    for row, (column, levels) in enumerate((("classification", plan.severity_levels),
                                            ("response_level", plan.response_levels)), start=1):
        count = len(levels)
        rank = {level.id: count - i for i, level in enumerate(levels)}
        xs, ys = _step_xy(result, column)
        fig.add_trace(go.Scatter(x=_at(result, xs), y=[rank.get(v, 0) for v in ys], mode="lines", line_shape="hv",
                                 line=dict(color=SEVERITY_COLOURS[0] if row == 1 else SERIES_COLOURS[0], width=2.5),
                                 name=tr("walk.classification" if row == 1 else "common.response_level", language),
                                 hovertemplate=f"%{{x|{FORMAT}}}<extra></extra>"), row=row, col=1)
        fig.update_yaxes(tickvals=list(range(count + 1)),
                         ticktext=[none] + [pick(level.name, language) for level in reversed(levels)],
                         range=[-0.3, count + 0.3], row=row, col=1)
    _time_axis(fig, result, language, cursor_h)
    _time_title(fig, language, row=2, col=1)
    _cursor(fig, result, cursor_h, subplots=True)
    fig.update_layout(height=420, margin=dict(l=10, r=10, t=40, b=10), showlegend=False)
    return fig


#: A row name of the task chart drawn wider than this, in pixels of Plotly's 12 px type, is set
#: on two lines: the longest (a town government listing its six towns) is wider than a phone.
LABEL_PX, LABEL_FONT_PX = 200, 12
#: The task chart writes each unit's name inside the chart, above its bars, so that the timeline
#: has the chart's whole width (names beside it left a phone's timeline a few dozen pixels, its
#: clock times crowded over each other): a row is a line of name per line and a bar, in pixels;
#: the bar takes this share of a row, at its foot, the name the half above the bar's gap.
ROW_LINE_PX, ROW_BAR_PX = 14, 16
BAR_WIDTH = 0.34


def two_lines(label: str) -> str:
    """``label`` as a row name: on two lines of about half its width each (broken between
    Chinese characters or English words) when it is wider than :data:`LABEL_PX`."""
    if drawn_width(label, LABEL_FONT_PX) <= LABEL_PX:
        return label
    lines = wrapped(label, text_px(label) // 2 + 2 * PAD_PX + WRAP_SLACK_PX + FONT_PX)
    return "<br>".join([lines[0].rstrip(), "".join(lines[1:]).strip()])


#: The row Plotly's toolbar (its modebar) takes at a chart's top right, in pixels; a legend
#: above the plot sits in the row under it: at a phone's 390 px the toolbar spans most of
#: the chart's width, and a legend beside it was drawn over its buttons.
TOOLBAR_PX = 30
#: One line of a legend laid out across the chart, in pixels.
LEGEND_ROW_PX = 28


def _legend_above(fig: go.Figure, height: int) -> None:
    """A legend across the top of ``fig``, under the toolbar's row rather than beside it (a
    top margin for both), the plot keeping the ``height`` it had without them (pixels)."""
    top = TOOLBAR_PX + LEGEND_ROW_PX
    fig.update_layout(height=height + top, margin=dict(l=10, r=10, t=top, b=10),
                      legend=dict(orientation="h", x=0, xanchor="left", y=1, yanchor="bottom"))


def gantt_figure(result: Mapping, names: Names, language: str, cursor_h: float | None = None,
                 units: Iterable[str] | None = None) -> go.Figure:
    """Every task execution as a bar per unit; the wait for a resource (requested → start) before it.
    With ``units``, only those units' rows.

    A unit's row comes where its first request does; units first asked at one moment (the
    many a plan's start calls at once) come in the order the plans list them, then by id, so
    one seed draws one chart in every process, never in the order a set of ids happens to
    iterate in."""
    wanted = set(units) if units is not None else None
    spans = [s for s in result.get("spans") or [] if wanted is None or s["unit"] in wanted]
    units, duties = names.of("unit"), names.of("duty")
    first: dict[str, float] = {}
    for s in spans:
        first[s["unit"]] = min(first.get(s["unit"], s["requested_h"]), s["requested_h"])
    listed = {u: i for i, u in enumerate(units)}
    order = sorted(first, key=lambda u: (first[u], listed.get(u, len(listed)), u))
    label = {u: two_lines(pick(units[u], language) if u in units else u) for u in order}
    start = result.get("start")
    work: dict[str, list] = {"x": [], "base": [], "y": [], "text": []}
    wait: dict[str, list] = {"x": [], "base": [], "y": [], "text": []}
    for s in spans:
        duty = pick(duties[s["duty"]], language) if s["duty"] in duties else s["duty"]
        for into, begin, end, sep in ((work, s["start_h"], s["end_h"], " – "), (wait, s["requested_h"], s["start_h"], " → ")):
            if end <= begin:
                continue
            base, length = _bar(result, begin, end)
            into["x"].append(length)
            into["base"].append(base)
            into["y"].append(label[s["unit"]])
            into["text"].append(f"{duty}<br>{clock(start, begin)}{sep}{clock(start, end)}")
    fig = go.Figure()
    fig.add_trace(go.Bar(x=wait["x"], base=wait["base"], y=wait["y"], orientation="h", name=tr("run.queued", language),
                         marker=dict(color="#f5b041", pattern_shape="/"), hovertext=wait["text"],
                         hovertemplate="%{hovertext}<extra></extra>"))
    fig.add_trace(go.Bar(x=work["x"], base=work["base"], y=work["y"], orientation="h", name=tr("run.working", language),
                         marker_color="#2e86c1", hovertext=work["text"], hovertemplate="%{hovertext}<extra></extra>"))
    lines = max((text.count("<br>") + 1 for text in label.values()), default=1)
    fig.update_traces(width=BAR_WIDTH, offset=-0.5)  # each bar at the foot of its row, under the row's name
    fig.update_yaxes(categoryorder="array", categoryarray=[label[u] for u in reversed(order)],
                     ticklabelposition="inside top", ticklabeloverflow="allow", ticks="", showgrid=False,
                     tickfont=dict(size=LABEL_FONT_PX), range=[-0.5, len(order) - 0.5])
    _time_axis(fig, result, language, cursor_h)
    fig.update_xaxes(tickangle=0)  # the clock times side by side, never slanted over each other
    _time_title(fig, language)
    _cursor(fig, result, cursor_h)
    row = ROW_LINE_PX * lines + ROW_BAR_PX
    fig.update_layout(barmode="overlay")
    _legend_above(fig, max(230, row * len(order) + 70))
    return fig


def fuel_points(points: list[Mapping], end: float) -> tuple[list[float], list[float]]:
    """Fuel hours left over time: flat on grid or dark, falling one hour per hour on backup."""
    xs, ys = [], []
    for point, following in zip(points, list(points[1:]) + [None]):
        stop = following["t_h"] if following is not None else end
        xs.append(point["t_h"])
        ys.append(point["fuel_h"])
        burn = point["state"] == "backup"
        xs.append(stop)
        ys.append(max(point["fuel_h"] - (stop - point["t_h"]), 0.0) if burn else point["fuel_h"])
    return xs, ys


#: Dashes after the colours run out, so the ninth line is not the first one's twin.
SERIES_DASHES = ["solid", "dash", "dot", "dashdot"]


def series_line(i: int) -> dict[str, str]:
    """The ``i``-th line of a chart of many: a colour of :data:`SERIES_COLOURS`, then the
    same colours dashed, so no two lines of one chart look alike."""
    return dict(color=SERIES_COLOURS[i % len(SERIES_COLOURS)],
                dash=SERIES_DASHES[i // len(SERIES_COLOURS) % len(SERIES_DASHES)])


def fuel_paths(result: Mapping) -> list[tuple[list[str], list[float], list[float]]]:
    """Each key user's fuel hours over time (:func:`fuel_points`), the users whose lines are
    the same drawn as one: (users, hours since start, fuel hours). Two users with the same
    tank and the same outage (the county offices and the smelter's security loads in the ice
    storm) would otherwise draw one line exactly over the other, and the one beneath would
    not be seen at all."""
    end = _end(result)
    paths: dict[tuple, list[str]] = {}
    for user, points in sorted((result.get("backup_fuel") or {}).items()):
        xs, ys = fuel_points(points, end)
        paths.setdefault((tuple(xs), tuple(ys)), []).append(user)
    return [(users, list(xs), list(ys)) for (xs, ys), users in paths.items()]


def fuel_figure(result: Mapping, names: Names, language: str,
                cursor_h: float | None = None) -> go.Figure:
    """Backup fuel hours left per key user; users whose lines coincide share one line, named
    by all of them (``县政府机关、电解铝企业（保安负荷）``), so every user is in the legend
    and every line can be seen."""
    fig = go.Figure()
    top = 0.0
    users_named = names.of("unit")  # key users are among who a run logs (sim.names.KINDS)
    for i, (users, xs, ys) in enumerate(fuel_paths(result)):
        name = joined((pick(users_named[u], language) if u in users_named else u for u in users), language)
        fig.add_trace(go.Scatter(x=_at(result, xs), y=ys, mode="lines", name=name, line=series_line(i),
                                 hovertemplate=tr("run.fuel_hover", language, name=name, hours="%{y:.1f}") + "<extra></extra>"))
        top = max(top, *ys)
    _time_axis(fig, result, language, cursor_h)
    _time_title(fig, language)
    _cursor(fig, result, cursor_h)
    # a little below zero, so a tank that ran dry draws its line above the axis, not on it
    fig.update_yaxes(title_text=tr("run.fuel_h", language), range=[-0.03 * (top or 1), 1.05 * (top or 1)])
    # the legend names every line, the only one too (plotly leaves a lone line's legend out)
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=30, b=10), showlegend=True)
    return fig


def has_fire(result: Mapping) -> bool:
    """Whether the run burned anything: the engine's ``fire`` series (area burned over time)."""
    return bool(result.get("fire"))


def fire_rows(result: Mapping) -> list[Mapping]:
    """The ``fire`` series from the run's start: its rows begin when the first fire ignites,
    and before it no land had burned and no fire was burning, so a row at 0 h says so: the
    count of fires burning rises from 0 at the ignition instead of beginning in mid-air."""
    rows = list(result.get("fire") or [])
    if rows and rows[0]["t_h"] > 0:
        rows.insert(0, {"t_h": 0.0, "burned_ha": 0.0, "burning": 0})
    return rows


def fire_figure(result: Mapping, language: str, cursor_h: float | None = None) -> go.Figure:
    """Hectares burned (all fires together) and the number of fires burning, over time."""
    rows = fire_rows(result)
    xs = _at(result, [row["t_h"] for row in rows])
    burning = [row.get("burning", 0) for row in rows]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=xs, y=[row.get("burned_ha", 0.0) for row in rows], mode="lines",
                             name=tr("measure.hectares_burned", language), fill="tozeroy",
                             line=dict(color=SEVERITY_COLOURS[0])), secondary_y=False)
    fig.add_trace(go.Scatter(x=xs, y=burning, mode="lines", line_shape="hv",
                             name=tr("run.burning", language), line=dict(color=SEVERITY_COLOURS[1], dash="dot")),
                  secondary_y=True)
    _time_axis(fig, result, language, cursor_h)
    _time_title(fig, language)
    _cursor(fig, result, cursor_h)
    fig.update_yaxes(title_text="ha", rangemode="tozero", secondary_y=False)
    fig.update_yaxes(title_text=tr("run.burning", language), secondary_y=True)
    _whole_numbers(fig, burning, secondary_y=True)
    _legend_above(fig, 310)
    return fig


def incident_spans(result: Mapping) -> list[dict]:
    """Secondary incidents (a fire, …) from the log: id, kind, what opened it (after the
    fire that did, when the run held several: :func:`~sim.event_text.of_fire`), opened and
    closed hours."""
    spans: dict[str, dict] = {}
    events = result.get("events") or []
    fires = fire_names(events)
    for event in events:
        if event.get("action") == "incident_opened":
            text = event.get("text")
            spans[event["incident"]] = {"incident": event["incident"], "kind": event.get("kind", ""),
                                        "text": of_fire(event, text, fires) if text else None,
                                        "opened_h": event["t_h"], "closed_h": None}
        elif event.get("action") == "incident_closed" and event.get("incident") in spans:
            spans[event["incident"]]["closed_h"] = event["t_h"]
    return list(spans.values())


def incidents_figure(result: Mapping, language: str, cursor_h: float | None = None) -> go.Figure:
    """Each secondary incident as a bar from when it opened to when it closed (or the end)."""
    end = _end(result)
    fig = go.Figure()
    for i, span in enumerate(incident_spans(result)):
        stop = span["closed_h"] if span["closed_h"] is not None else end
        what = pick(span["text"], language) if span["text"] else tr("kind.incident", language)
        name = f"{i + 1}. {what}"
        base, length = _bar(result, span["opened_h"], stop)
        fig.add_trace(go.Bar(x=[length], base=[base], y=[name], orientation="h",
                             marker_color=SEVERITY_COLOURS[i % 3], showlegend=False,
                             hovertext=[what], hovertemplate="%{hovertext}<extra></extra>"))
    _time_axis(fig, result, language, cursor_h)
    _time_title(fig, language)
    _cursor(fig, result, cursor_h)
    fig.update_layout(barmode="overlay", height=120 + 40 * len(fig.data), margin=dict(l=10, r=10, t=30, b=10))
    return fig
