"""Plotly figures of plans and results; pure functions from models or result dicts.

Colours follow the order of the plan's own lists (most severe first), never the names of
any particular plan's levels, so any plan of the same shape draws the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..plan.criteria import AllOf, AnyOf, MetricThreshold
from .i18n import pick, tr

#: Most severe first (red) to least (blue), then greys for anything beyond.
SEVERITY_COLOURS = ["#c0392b", "#e67e22", "#f1c40f", "#2e86c1", "#7f8c8d", "#95a5a6"]
SERIES_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]


def level_colour(rank: int) -> str:
    return SEVERITY_COLOURS[min(rank, len(SEVERITY_COLOURS) - 1)]


def _thresholds(criterion: Any) -> Iterable[MetricThreshold]:
    if isinstance(criterion, MetricThreshold):
        yield criterion
    elif isinstance(criterion, AnyOf):
        for child in criterion.any_of:
            yield from _thresholds(child)
    elif isinstance(criterion, AllOf):
        for child in criterion.all_of:
            yield from _thresholds(child)


def threshold_bands(plan: Any) -> dict[str, list[tuple[int, Any, float | None, float | None]]]:
    """Metric id → [(rank, level, min, max)] for every metric threshold of every severity level."""
    bands: dict[str, list[tuple[int, Any, float | None, float | None]]] = {}
    for rank, level in enumerate(plan.severity_levels):
        for threshold in _thresholds(level.criteria):
            bands.setdefault(threshold.metric, []).append((rank, level, threshold.min, threshold.max))
    return bands


def _open_end(values: list[float | None]) -> float:
    finite = [v for v in values if v is not None]
    top = max(finite) if finite else 1.0
    return top * 1.25 if top > 0 else 1.0


def threshold_band_figure(plan: Any, language: str) -> go.Figure:
    """One row per metric; a bar per severity level spanning its range (open ends shaded to the edge)."""
    bands = threshold_bands(plan)
    metrics = {m.id: m for m in plan.metrics}
    ids = [m for m in metrics if m in bands] + [m for m in bands if m not in metrics]
    titles = [f"{pick(metrics[m].name, language)} ({metrics[m].unit})" if m in metrics else m for m in ids]
    fig = make_subplots(rows=max(len(ids), 1), cols=1, subplot_titles=titles or [""], vertical_spacing=0.12)
    shown: set[int] = set()
    for row, metric in enumerate(ids, start=1):
        entries = bands[metric]
        edge = _open_end([v for _, _, lo, hi in entries for v in (lo, hi)])
        for rank, level, low, high in entries:
            start = low if low is not None else 0.0
            end = high if high is not None else edge
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
    fig.update_layout(barmode="overlay", height=170 * max(len(ids), 1) + 60,
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
                    hovertemplate=f"{label}: {start:%m-%d} – {end:%m-%d}<extra></extra>",
                )
            )
    fig.update_xaxes(type="date", range=[f"{year}-01-01", f"{year + 1}-01-01"], dtick="M1", tickformat="%m-%d")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
    fig.update_layout(
        barmode="overlay", height=80 + 40 * max(len(labels), 1), margin=dict(l=10, r=10, t=30, b=10),
        title=f"{year}",
    )
    return fig
