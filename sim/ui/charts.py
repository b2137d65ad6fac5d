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
    rows = max(len(ids), 1)
    fig = make_subplots(rows=rows, cols=1, subplot_titles=titles or [""], vertical_spacing=0.5 / rows)
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


# -- results ---------------------------------------------------------------------------------

#: Time-series columns drawn against the bands when the plan's criteria do not name any.
DEFAULT_METRICS = ("load_shed_pct", "customers_out_pct")


def _end(result: Mapping) -> float:
    summary = result.get("summary") or {}
    return float(summary.get("end_h") or result.get("horizon_h") or 0.0)


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
    """The time-series columns the plan's severity criteria test (else load shed and customers out)."""
    rows = result.get("timeseries") or []
    present = set(rows[0]) if rows else set()
    banded = [m for m in threshold_bands(plan) if m in present] if plan is not None else []
    return banded or [m for m in DEFAULT_METRICS if m in present]


def load_figure(result: Mapping, plan: Any, language: str) -> go.Figure:
    """Each banded metric over time, one row each, over its severity bands."""
    columns = metric_columns(result, plan)
    metrics = {m.id: m for m in plan.metrics} if plan is not None else {}
    bands = threshold_bands(plan) if plan is not None else {}
    titles = [pick(metrics[c].name, language) if c in metrics else c for c in columns]
    fig = make_subplots(rows=max(len(columns), 1), cols=1, shared_xaxes=True, subplot_titles=titles or [""],
                        vertical_spacing=0.1)
    for row, column in enumerate(columns, start=1):
        xs, ys = _step_xy(result, column)
        top = max([100.0] + [v for v in ys if isinstance(v, (int, float))])
        # The trace goes first: plotly skips shapes on subplots that have no trace yet.
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line_shape="hv", name=titles[row - 1],
                                 line=dict(color=SERIES_COLOURS[(row - 1) % len(SERIES_COLOURS)], width=2.5)),
                      row=row, col=1)
        for rank, level, low, high in bands.get(column, []):
            fig.add_hrect(y0=low if low is not None else 0.0, y1=high if high is not None else top,
                          fillcolor=level_colour(rank), opacity=0.15, line_width=0, layer="below", row=row, col=1,
                          annotation_text=pick(level.name, language), annotation_position="top left",
                          annotation_font_size=10)
        unit = metrics[column].unit if column in metrics else ""
        fig.update_yaxes(title_text=unit, rangemode="tozero", row=row, col=1)
    fig.update_xaxes(title_text=tr("common.time_h", language), row=max(len(columns), 1), col=1)
    fig.update_layout(height=260 * max(len(columns), 1) + 40, margin=dict(l=10, r=10, t=40, b=10), showlegend=False)
    return fig


def levels_figure(result: Mapping, plan: Any, language: str) -> go.Figure:
    """The current classification and the response level over time as steps; the y axis
    names the levels (the event's severity is the highest the first reaches)."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=[tr("walk.classification", language), tr("walk.response", language)])
    none = tr("common.none", language)
    for row, (column, levels) in enumerate((("classification", plan.severity_levels),
                                            ("response_level", plan.response_levels)), start=1):
        count = len(levels)
        rank = {level.id: count - i for i, level in enumerate(levels)}
        xs, ys = _step_xy(result, column)
        fig.add_trace(go.Scatter(x=xs, y=[rank.get(v, 0) for v in ys], mode="lines", line_shape="hv",
                                 line=dict(color=SEVERITY_COLOURS[0] if row == 1 else SERIES_COLOURS[0], width=2.5),
                                 name=tr("walk.classification" if row == 1 else "walk.response", language),
                                 hovertemplate="%{x:.2f} h<extra></extra>"), row=row, col=1)
        fig.update_yaxes(tickvals=list(range(count + 1)),
                         ticktext=[none] + [pick(level.name, language) for level in reversed(levels)],
                         range=[-0.3, count + 0.3], row=row, col=1)
    fig.update_xaxes(title_text=tr("common.time_h", language), row=2, col=1)
    fig.update_layout(height=420, margin=dict(l=10, r=10, t=40, b=10), showlegend=False)
    return fig


def gantt_figure(result: Mapping, names: Mapping[str, Any], language: str) -> go.Figure:
    """Every task execution as a bar per unit; the wait for a resource (requested → start) before it."""
    spans = result.get("spans") or []
    units = sorted({s["unit"] for s in spans}, key=lambda u: min(s["requested_h"] for s in spans if s["unit"] == u))
    label = {u: pick(names[u], language) if u in names else u for u in units}
    work_x, work_base, work_y, work_text = [], [], [], []
    wait_x, wait_base, wait_y, wait_text = [], [], [], []
    for s in spans:
        duty = pick(names[s["duty"]], language) if s["duty"] in names else s["duty"]
        work_x.append(s["end_h"] - s["start_h"])
        work_base.append(s["start_h"])
        work_y.append(label[s["unit"]])
        work_text.append(f"{duty}<br>{s['start_h']:.2f} – {s['end_h']:.2f} h")
        if s["start_h"] > s["requested_h"]:
            wait_x.append(s["start_h"] - s["requested_h"])
            wait_base.append(s["requested_h"])
            wait_y.append(label[s["unit"]])
            wait_text.append(f"{duty}<br>{s['requested_h']:.2f} → {s['start_h']:.2f} h")
    fig = go.Figure()
    fig.add_trace(go.Bar(x=wait_x, base=wait_base, y=wait_y, orientation="h", name=tr("run.queued", language),
                         marker=dict(color="#f5b041", pattern_shape="/"), hovertext=wait_text,
                         hovertemplate="%{hovertext}<extra></extra>"))
    fig.add_trace(go.Bar(x=work_x, base=work_base, y=work_y, orientation="h", name=tr("run.working", language),
                         marker_color="#2e86c1", hovertext=work_text, hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_yaxes(categoryorder="array", categoryarray=[label[u] for u in reversed(units)])
    fig.update_xaxes(title_text=tr("common.time_h", language), range=[0, _end(result)])
    fig.update_layout(barmode="overlay", height=max(260, 26 * len(units) + 100), margin=dict(l=10, r=10, t=30, b=10),
                      legend=dict(orientation="h", y=1.02, yanchor="bottom"))
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


def fuel_figure(result: Mapping, names: Mapping[str, Any], language: str) -> go.Figure:
    fig = go.Figure()
    end = _end(result)
    for i, (user, points) in enumerate(sorted((result.get("backup_fuel") or {}).items())):
        xs, ys = fuel_points(points, end)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=pick(names[user], language) if user in names else user,
                                 line=dict(color=SERIES_COLOURS[i % len(SERIES_COLOURS)])))
    fig.update_xaxes(title_text=tr("common.time_h", language))
    fig.update_yaxes(title_text=tr("run.fuel_h", language), rangemode="tozero")
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=30, b=10))
    return fig


def has_fire(result: Mapping) -> bool:
    """Whether the run burned anything: the engine's ``fire`` series (area burned over time)."""
    return bool(result.get("fire"))


def fire_figure(result: Mapping, language: str) -> go.Figure:
    """Hectares burned (all fires together) and the number of fires burning, over time."""
    rows = result.get("fire") or []
    xs = [row["t_h"] for row in rows]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=xs, y=[row.get("burned_ha", 0.0) for row in rows], mode="lines",
                             name=tr("run.burned_ha", language), fill="tozeroy",
                             line=dict(color=SEVERITY_COLOURS[0])), secondary_y=False)
    fig.add_trace(go.Scatter(x=xs, y=[row.get("burning", 0) for row in rows], mode="lines", line_shape="hv",
                             name=tr("run.burning", language), line=dict(color=SEVERITY_COLOURS[1], dash="dot")),
                  secondary_y=True)
    fig.update_xaxes(title_text=tr("common.time_h", language), range=[0, _end(result)])
    fig.update_yaxes(title_text="ha", rangemode="tozero", secondary_y=False)
    fig.update_yaxes(title_text=tr("run.burning", language), rangemode="tozero", secondary_y=True)
    fig.update_layout(height=340, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=1.08))
    return fig


def incident_spans(result: Mapping) -> list[dict]:
    """Secondary incidents (a fire, …) from the log: id, kind, opened and closed hours."""
    spans: dict[str, dict] = {}
    for event in result.get("events") or []:
        if event.get("action") == "incident_opened":
            spans[event["incident"]] = {"incident": event["incident"], "kind": event.get("kind", ""),
                                        "text": event.get("text"), "opened_h": event["t_h"], "closed_h": None}
        elif event.get("action") == "incident_closed" and event.get("incident") in spans:
            spans[event["incident"]]["closed_h"] = event["t_h"]
    return list(spans.values())


def incidents_figure(result: Mapping, language: str) -> go.Figure:
    """Each secondary incident as a bar from when it opened to when it closed (or the end)."""
    end = _end(result)
    fig = go.Figure()
    for i, span in enumerate(incident_spans(result)):
        stop = span["closed_h"] if span["closed_h"] is not None else end
        name = f"{span['kind']} · {span['incident']}"
        fig.add_trace(go.Bar(x=[stop - span["opened_h"]], base=[span["opened_h"]], y=[name], orientation="h",
                             marker_color=SEVERITY_COLOURS[i % 3], showlegend=False,
                             hovertext=[pick(span["text"], language) if span["text"] else name],
                             hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_xaxes(title_text=tr("common.time_h", language), range=[0, end])
    fig.update_layout(barmode="overlay", height=120 + 40 * len(fig.data), margin=dict(l=10, r=10, t=30, b=10))
    return fig
