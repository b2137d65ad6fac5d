"""After-action reports from a run's result: what happened, when, who worked, what failed.

Everything here is a pure function of a result dictionary (the format documented in
:mod:`sim.engine`), optionally with the plans, area and scenario it came from so that
ids read as names. The app offers the report as Markdown and as a printable HTML page;
drills reuse the same functions on their own results.

The measures (hours at each response level, unit-hours, queueing) are computed here once
and by the sweep rows (:mod:`sim.sweep.rows`) that every comparison compares.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .clock import clock, date_time, duration
from .event_kinds import ENGINE_CONDITIONS, ENGINE_WORK, clause_label, kind_name, kind_of, plan_kinds
from .event_rules import entry_clause, explain
from .event_text import attempt_places, entry_words, fire_names, of_fire, unmet_reason
from .markdown import markdown_plain
from .memo import digest
from .plan.criteria import GRID_SCOPE, MetricThreshold, figure_key, range_text, walk
from .plan.figures import GRID_SHOWN
from .messages import HTML_LANG, LANGUAGES, joined, other_language, own, pick, said, text, wide, with_unit
from .names import Names

#: Engine verbs that are worth a line in a report's timeline (others — feeder switching,
#: each reclassification — stay in the full event log).
KEY_ACTIONS = frozenset({
    "declare_response", "adjust_response", "end_response", "activate_measure", "discretionary_response",
    "request_escalation", "incident_begun", "incident_over", "incident_opened", "incident_closed", "backup_out_of_fuel", "lost_power", "no_crews",
})
#: A timeline longer than this is cut (the CSV download has every entry).
TIMELINE_LIMIT = 200


def seed_said(result: dict, language: str) -> str:
    """The seed a reader types to run the same incident again, with the replication when it
    is not the first (``drawn_from``: see :meth:`sim.inputs.case.Draw.stamp`); the engine's
    own seed for a result that does not say."""
    drawn = result.get("drawn_from")
    if not drawn:
        return str(result.get("seed", ""))
    if not drawn.get("replication"):
        return str(drawn.get("seed"))
    return label("seed_replication", language, seed=drawn.get("seed"), replication=drawn.get("replication"))


def label(key: str, language: str, **fmt: Any) -> str:
    """The report's label ``key`` (``report.`` in the one catalogue, sim.messages; a whole
    key such as ``common.clause`` for a word other faces show too)."""
    return own("report.", key, language, **fmt)


# -- measures ------------------------------------------------------------------------------


def hours_at_levels(result: Mapping) -> dict[str, float]:
    """Hours spent at each response level (from the time series; ``None`` — no response — left out)."""
    rows = result.get("timeseries") or []
    end = (result.get("summary") or {}).get("end_h")
    if end is None:
        end = result.get("horizon_h", rows[-1]["t_h"] if rows else 0.0)
    hours: dict[str, float] = {}
    for row, following in zip(rows, list(rows[1:]) + [None]):
        stop = following["t_h"] if following is not None else end
        level = row.get("response_level")
        if level is not None and stop > row["t_h"]:
            hours[level] = hours.get(level, 0.0) + (stop - row["t_h"])
    return hours


@dataclass(frozen=True)
class Workload:
    """One unit's work: executions, hours worked, hours queued for resources."""

    unit: str
    tasks: int
    unit_hours: float
    waited_h: float
    max_wait_h: float


def workloads(result: Mapping) -> list[Workload]:
    """Per unit, from the result's task spans; busiest first. One pass, each unit's sums kept
    as they go, adding in the spans' order (as :func:`hours_by_unit` adds the hours)."""
    sums: dict[str, list] = {}  # unit -> [tasks, hours, waited, longest wait]
    for span in result.get("spans") or []:
        unit, requested, start, end = span["unit"], span["requested_h"], span["start_h"], span["end_h"]
        wait = start - requested
        if wait < 0:
            wait = 0.0
        found = sums.get(unit)
        if found is None:
            sums[unit] = [1, end - start, wait, wait]
        else:
            found[0] += 1
            found[1] += end - start
            found[2] += wait
            if wait > found[3]:
                found[3] = wait
    loads = [Workload(unit, *found) for unit, found in sums.items()]
    return sorted(loads, key=lambda w: (-w.unit_hours, w.unit))


def hours_by_unit(spans: Iterable[tuple[str, float, float]]) -> dict[str, float]:
    """Each unit's hours worked, from spans given as ``(unit, start_h, end_h)`` in the order
    they were recorded (a result's, or a run's as recorded:
    :func:`sim.engine.recorder.work_spans`): the one workload figure a sweep's row reads.
    A sweep sums it for every replication, so it sums nothing else; the hours are added in
    the spans' order, as :func:`workloads` adds them, so the two agree to the bit."""
    hours: dict[str, float] = {}
    get = hours.get
    for unit, start, end in spans:
        hours[unit] = get(unit, 0.0) + (end - start)
    return hours


def incident_count(summary: Mapping) -> int:
    """How many incidents a run held: incidents of the first response plan, each begun when
    the plan's onset held (or the figures met one of its severity levels; without an onset,
    when load was first shed) while none was under way, so a rise after the last one was over
    counts anew (:meth:`sim.engine.response.PlanRunner.on_incident`). Secondary incidents the
    scenario opens (a fire, a landslide) are not counted: they happen within an incident.
    0 when the figures never rose to one (or no response plan ran), 1 for a run whose summary
    lists no ``incidents``, else the number it lists."""
    listed = summary.get("incidents")
    if listed:
        return len(listed)
    return 0 if summary.get("incident_started_at_h") is None else 1


def unit_hours(result: Mapping) -> float:
    return sum(s["end_h"] - s["start_h"] for s in result.get("spans") or [])


def key_events(result: Mapping) -> list[Mapping]:
    """Timeline entries: everything the plan says (it has text) and the engine's key verbs."""
    return [e for e in result.get("events") or [] if e.get("action") in KEY_ACTIONS or
            (e.get("text") is not None and e.get("source") not in ("model",))]


# -- names -----------------------------------------------------------------------------------


#: The kind (:data:`sim.names.KINDS`) of what each group of a plan names.
PLAN_GROUPS = {"units": "unit", "severity_levels": "severity_level", "response_levels": "response_level",
               "measures": "measure", "resources": "resource", "activities": "activity", "zones": "zone",
               "periods": "period", "contacts": "unit", "conditions": "condition"}
#: The kind of what each group of an area names.
AREA_GROUPS = {"key_users": "unit", "feeders": "element", "substations": "element", "towns": "element",
               "corridors": "element", "conditions": "condition"}


def names_from(plans: Mapping | Iterable | None = None, area: Any = None, scenario: Any = None,
               result: Mapping | None = None) -> Names:
    """The names of everything a result names, by kind (:class:`sim.names.Names`): units,
    levels, measures, duties, steps, report hops, contacts, key users, the scenario's fire
    crews, watchers, patrols, checkpoints and places, and the work the engine does itself
    (fighting a fire); with ``result``, the secondary incidents it opened (by what opened
    them: "the fire reaches the line corridor") and, when it held more than one fire, its
    fires by their numbers (:func:`sim.event_text.fire_names`)."""
    values = list(plans.values() if isinstance(plans, Mapping) else (plans or []))
    names = Names()
    for plan in values:
        names.add("plan", plan.id, plan.title)
    for plan in values:
        for group, kind in PLAN_GROUPS.items():
            for item in getattr(plan, group, None) or []:
                names.add(kind, item.id, item.name)
        for _, duty in plan.all_duties():
            names.add("duty", duty.id, duty.text)
        warning = getattr(plan, "warning", None)
        if warning is not None:
            for step in plan.all_steps():
                names.add("duty", step.id, step.text)
            for hop in plan.reporting.hops:
                names.add("duty", hop.id, hop_name(hop, names.of("unit")))
    if area is not None:
        for group, kind in AREA_GROUPS.items():
            for item in getattr(area, group, None) or []:
                names.add(kind, item.id, item.name)
    if scenario is not None:
        for inject in scenario.injects:
            names.add("inject", inject.id, inject.text)
        fire_ban = getattr(scenario, "fire_ban", None)
        if fire_ban is not None:  # who acts on the ground without a plan unit is logged under its own id
            for item in [*fire_ban.crews, *fire_ban.detection, *fire_ban.patrols, *fire_ban.checkpoints]:
                names.add("unit", item.id, item.name)
            for place in fire_ban.places:
                names.add("place", place.id, place.name)
    for work, key in ENGINE_WORK.items():
        names.add("duty", work, said(key))
    for condition, key in ENGINE_CONDITIONS.items():
        names.add("condition", condition, said(key))
    events = (result or {}).get("events") or []
    for fire, name in fire_names(events).items():
        names.add("fire", fire, name)
    for event in events:
        if event.get("action") == "incident_opened" and event.get("text"):
            names.add("incident", event["incident"], of_fire(event, event["text"], names.of("fire")))
    return names


def level_name(plans: Any, level: str | None, language: str, missing: str = "—") -> str:
    """A response level by the name its plan gives it, in ``language``: every face names a
    response level here. ``plans``: one plan, several (a list, or id → plan), or none; no
    level (no response yet) reads as ``missing``, an id no plan knows as itself."""
    return _level_name(plans, "response_levels", level, language, missing)


def severity_name(plans: Any, severity: str | None, language: str, missing: str = "—") -> str:
    """A severity level by the name its plan gives it, as :func:`level_name` a response level."""
    return _level_name(plans, "severity_levels", severity, language, missing)


def _level_name(plans: Any, group: str, key: str | None, language: str, missing: str) -> str:
    """Looked up among ``group`` alone, not among every name of :func:`names_from`: a plan may
    give a severity level and a response level the same id (Ⅰ级 for both), and each must
    read as what it is."""
    if key is None:
        return missing
    if isinstance(plans, Mapping):
        plans = plans.values()
    elif not isinstance(plans, (list, tuple)):
        plans = [] if plans is None else [plans]
    return next((pick(level.name, language) for plan in plans for level in getattr(plan, group, None) or []
                 if level.id == key), key)


def hop_name(hop: Any, names: Mapping[str, Any]) -> dict[str, str]:
    """A reporting hop by who reports to whom: ``县工科局 → 县人民政府``."""
    def who(unit: str, language: str) -> str:
        return name_of(names, unit, language)

    return {language: f"{who(hop.from_, language)} → {joined((who(u, language) for u in hop.to), language)}"
            for language in LANGUAGES}


def _bi(value: Any, language: str) -> str:
    """Chosen language first, the other in brackets as the chosen language writes an aside
    (``冬季冰冻雨雪灾害（Winter ice storm）``, ``Winter ice storm (冬季冰冻雨雪灾害)``)."""
    if value is None or isinstance(value, str):
        return value or ""
    other = other_language(language)
    first, second = pick(value, language), pick(value, other)
    return first + text("common.aside", language, text=second) if second and second != first else first


def name_of(names: Mapping, key: Any, language: str, missing: str = "", aside: bool = False) -> str:
    """An id of a plan or a result read by its name in ``language`` (``names``: id → ``{zh, en}``,
    the names of its kind, as :func:`names_from` gives them: ``names.of("duty")``), with
    ``aside`` the other language after it as an aside (:func:`_bi`); the model and the
    scenario in words; no id as ``missing``. Every face that shows a result names its ids here.

    :func:`names_from` names every id a run writes, so an id with no name is one whose plan,
    area or scenario the reader did not pass (a result read on its own): it reads as itself,
    the one thing known of it, rather than as nothing."""
    if key is None:
        return missing
    if key in names:
        return _bi(names[key], language) if aside else pick(names[key], language)
    return clause_label(str(key), language)  # the model, the scenario: in words


@dataclass(frozen=True)
class Incident:
    """One incident of a run that held several, named in one language: the summary's
    ``incidents`` entry with its times on the scenario's clock, its levels by their plan's
    names and the units by theirs (``None`` for what did not happen: no response, or a
    response or an incident still going at the end)."""

    number: int
    began: str
    over: str | None
    severity: str
    level: str | None
    declared_by: str | None
    ended_by: str | None


def incidents(result: Mapping, plans: Any, names: Names, language: str) -> list[Incident]:
    """Each incident of the run in order, named in ``language`` (empty for a run of one: its
    summary says it all). The one place that turns the summary's ``incidents`` into what people
    read, which ``run``'s summary, the Run page and the after-action report all show
    (:func:`incident_lines`, or the report's table of these)."""
    start = result.get("start")
    units = names.of("unit")
    at = lambda t_h: clock(start, t_h) if t_h is not None else None  # noqa: E731
    unit = lambda key: name_of(units, key, language) if key is not None else None  # noqa: E731
    return [Incident(
        number=item["number"], began=clock(start, item["begun_at_h"]), over=at(item.get("over_at_h")),
        severity=severity_name(plans, item.get("max_severity"), language, text("common.none", language)),
        level=level_name(plans, item["max_response_level"], language) if item.get("max_response_level") else None,
        declared_by=unit(item.get("declared_by")), ended_by=unit(item.get("ended_by")))
        for item in (result.get("summary") or {}).get("incidents") or []]


def incident_lines(result: Mapping, plans: Any, names: Names) -> list[dict[str, str]]:
    """Each incident of the run as one ``{zh, en}`` sentence (``第2起事件：04-05 16:42发生，…``):
    when it began and was over, its highest severity and response level, who declared and
    who ended its response (:func:`incidents`); none for a run of one incident."""
    by_language = {language: incidents(result, plans, names, language) for language in LANGUAGES}
    return [{language: _incident_line(by_language[language][i], language) for language in LANGUAGES}
            for i in range(len(by_language["zh"]))]


def _incident_line(one: Incident, language: str) -> str:
    facts = [text("incidents.span", language, began=one.began, over=one.over) if one.over
             else text("incidents.span_open", language, began=one.began)]
    if one.level is None:
        facts.append(text("incidents.no_response", language, severity=one.severity,
                          no_response=text("common.no_response", language)))
    else:
        facts.append(text("incidents.levels", language, severity=one.severity, level=one.level))
        declared = one.declared_by or "—"
        facts.append(text("incidents.response", language, declared=declared, ended=one.ended_by) if one.ended_by
                     else text("incidents.response_open", language, declared=declared))
    return text("incidents.line", language, incident=text("incidents.number", language, number=one.number),
                facts=text("common.clause_sep", language).join(facts))


def figure_name(key: str, plan: Any, language: str, grid_names: Mapping[str, Any] | None = None) -> str:
    """A figure's name: the metric's (for a grid's figure the plan does not declare, the
    catalogue's), and the grid's scope by its name when it is not the area's own; a figure of one of several grids of a scope adds that grid's name (``grid_names``: the
    area's grids by id)."""
    metric, _, grid = key.partition("@")
    metrics = {m.id: m for m in getattr(plan, "metrics", None) or []}
    name = (pick(metrics[metric].name, language) if metric in metrics
            else text(GRID_SHOWN[metric], language) if metric in GRID_SHOWN else metric)
    if not grid:
        return name
    scope, _, grid_id = grid.partition(":")
    scopes = {v.id: v.name for c in getattr(plan, "contexts", None) or [] if c.id == GRID_SCOPE for v in c.values}
    title = f"{name} · {pick(scopes[scope], language) if scope in scopes else scope}"
    if grid_id:
        found = (grid_names or {}).get(grid_id)
        title += f" · {pick(found, language) if found is not None else grid_id}"
    return title


def _metrics(plans: Any) -> dict[str, Any]:
    values = plans.values() if isinstance(plans, Mapping) else (plans or [])
    return {m.id: m for plan in values for m in getattr(plan, "metrics", None) or []}


def _final_figures(result: Mapping, metrics: Mapping[str, Any]) -> dict[str, tuple[Any, float]]:
    """The figures the plans grade on as the run ended, each with its metric: the engine's
    (the summary's ``final``) and the plans' own that the time series records (a flood plan's
    rainfall) — those the plans name, so that a plan not about the power network is not
    shown the network's figures by their ids."""
    last = (result.get("timeseries") or [{}])[-1]
    found = {**(result.get("summary") or {}).get("final", {}),
             **{key: last.get(key) for key in metrics if isinstance(last.get(key), (int, float))}}
    return {key: (metrics[key], value) for key, value in found.items() if value is not None and key in metrics}


def _figure(metric: Any, key: str, value: float, language: str) -> str:
    """``name = value`` of a figure as its reader says it: a yes/no figure as yes or no, a
    figure with a unit symbol (%, MW) with it."""
    if metric is None:
        return f"{key} = {value:g}"
    return f"{pick(metric.name, language)} = {figure_value(metric, value, language)}"


def figure_value(metric: Any, value: float | str, language: str) -> str:
    """A value of the plan's ``metric`` as its reader says it: yes or no for a yes/no
    figure, a count as a number, else the number with the plan's unit (``20 %``,
    ``35 MW``), never a needless ``.0``; a value that is no number (a context's) as it is."""
    if isinstance(value, str):
        return value
    unit = metric.unit
    return (label("yes" if value else "no", language) if unit == "bool" else
            f"{value:g}" if unit == "count" else with_unit(f"{value:g}", pick(unit, language), language))


def figure_unit(key: str, plan: Any) -> str:
    """A figure's unit: its metric's, or a share (``%``) for a grid's figure the plan does not
    declare (:data:`~sim.plan.figures.GRID_SHOWN`)."""
    metric = _metrics([plan]).get(key.partition("@")[0])
    return metric.unit if metric is not None else "%"


def figure_titled(key: str, plan: Any, language: str, grid_names: Mapping[str, Any] | None = None) -> str:
    """``24小时降雨量（mm）`` / ``Rainfall in 24 hours (mm)``: a figure's name (:func:`figure_name`)
    and its unit, as a heading names what a chart or a column holds (a count's unit in words,
    a yes/no figure with none to say)."""
    unit = figure_unit(key, plan)
    name = figure_name(key, plan, language, grid_names)
    if unit == "bool":
        return name
    return name + text("common.aside", language, text=text("plans.metric_unit.count", language) if unit == "count"
                       else pick(unit, language))


def figure_now(key: str, plan: Any, value: float, language: str) -> str:
    """A figure's value as a state shows it (the Walk-through's, a drill's): in its unit
    (:func:`figure_value`), a number of the incident to one decimal (``47.7 %``, ``120 mm``)."""
    metric = _metrics([plan]).get(key.partition("@")[0])
    if metric is None:
        return with_unit(f"{round(value, 1):g}", figure_unit(key, plan), language)
    return figure_value(metric, value if metric.unit in ("bool", "count") else round(value, 1), language)


def criterion_met(leaf: Any, value: Any, plan: Any, language: str, grid_names: Mapping[str, Any] | None = None) -> str:
    """A part of a level's criteria that held (a :class:`sim.severity.Leaf`) as a reader checks
    it against the plan: the figure by its name, its ``value`` then and the bounds it met
    (``减供负荷 47.7 % ∈ [40 %, 60 %)``, written by :func:`~sim.plan.criteria.range_text`),
    a yes/no figure as yes or no, a context by the name of its value."""
    name, _, _ = leaf.key.partition("@")
    if leaf.is_context:
        context = next((c for c in getattr(plan, "contexts", None) or [] if c.id == name), None)
        found = next((v.name for v in context.values if v.id == value), None) if context else None
        return text("common.labelled", language, label=pick(context.name, language) if context else name,
                    text=pick(found, language) if found is not None else str(value))
    metric = _metrics([plan]).get(name)
    title = figure_name(leaf.key, plan, language, grid_names)
    if metric is None or value is None:
        return f"{title} {range_text(leaf.min, leaf.max, plan.bounds)}"
    if metric.unit == "bool":
        return text("common.labelled", language, label=title, text=figure_value(metric, value, language))
    shown = value if metric.unit == "count" else _near(value, (leaf.min, leaf.max))
    unit = "" if metric.unit == "count" else pick(metric.unit, language)
    return f"{title} {figure_value(metric, shown, language)} {range_text(leaf.min, leaf.max, plan.bounds, unit, language)}"


def published_range(leaf: Any, plan: Any, published: Any, language: str) -> str | None:
    """The bounds ``published`` (the plan as published) gives the part ``leaf`` of ``plan``
    (an edited copy of it) tests, written as :func:`criterion_met` writes them, when an edit
    moved them; None when it did not, or when the published plan has no part of the same
    figure, clause and quote (an upload that rewrote the rule). A class reading an edited
    plan's outcome beside the plan's quote must see which number is not the plan's."""
    if published is None or leaf.is_context or leaf.source is None:
        return None
    found = {(part.min, part.max) for criteria in published.incident_criteria() for _, part, grid in walk(criteria)
             if isinstance(part, MetricThreshold) and part.source == leaf.source and figure_key(part.metric, grid) == leaf.key}
    if len(found) != 1:
        return None
    (low, high), = found
    if (low, high) == (leaf.min, leaf.max):
        return None
    metric = _metrics([plan]).get(leaf.key.partition("@")[0])
    unit = "" if metric is None or metric.unit == "count" else pick(metric.unit, language)
    return range_text(low, high, published.bounds, unit, language)


def _near(value: float, bounds: tuple) -> float:
    """``value`` to one decimal, or to as many more as keep it apart from a bound it is not
    (59.97 % under a bound of 60 % must not read 60 %)."""
    for places in range(1, 7):
        shown = round(value, places)
        if all(bound is None or bound == value or shown != bound for bound in bounds):
            return shown
    return value


def _mean_time(value: Any, language: str) -> str:
    """A mean length of time as people say it (``6 小时 54 分钟``), or that none was reached."""
    return label("common.did_not_happen", language) if value is None else duration(value, language)


# -- the report as rows, then as Markdown or HTML ----------------------------------------------


def _by_id(plans: Any) -> dict[str, Any]:
    """``plans`` (id → plan, or a list, or none) by id."""
    values = plans.values() if isinstance(plans, Mapping) else (plans or [])
    table: dict[str, Any] = {}
    for plan in values:
        if getattr(plan, "id", None) is not None:
            table.setdefault(plan.id, plan)
    return table


def _plan(plans: Any, plan_id: str) -> Any:
    """The plan ``plan_id`` among ``plans`` (id → plan, or a list), or ``None``."""
    return _by_id(plans).get(plan_id)


def edited_copy(sha256: str | None, shipped: Any) -> bool:
    """Whether the plan a run used, of digest ``sha256``, is an edited copy rather than
    ``shipped``, the plan of its id as published (``None``: none is published, nothing to
    compare with). Every face that says a run used an edited plan asks here."""
    return shipped is not None and digest(shipped) != sha256


def _plan_line(entry: Mapping, plan: Any, shipped: Any, names: Names, language: str) -> str:
    """A plan as a records office files it: its title, its document number and issue date,
    and whether the run used an edited copy rather than the plan as published. The digest
    that proves which copy was used stays in the result (``plans[].sha256``): people do not
    read hashes."""
    facts = []
    document = getattr(plan, "document", None)
    if document is not None and document.number:
        facts.append(document.number)
    if document is not None and document.issued is not None:
        facts.append(label("plan_issued", language, date=document.issued.isoformat()))
    if edited_copy(entry.get("sha256"), shipped):
        facts.append(label("plan_edited", language))
    name = name_of(names.of("plan"), entry["id"], language)
    return name + (text("common.aside", language, text=text("common.comma", language).join(facts)) if facts else "")


def plans_said(result: Mapping, plans: Any, shipped: Any, names: Names, language: str, numbered: bool = False) -> str:
    """The plans a result ran under, each as :func:`_plan_line` files it, in one line
    (the report's facts and the walk-through handout); ``numbered``, each after its number in
    the run (``[2] …``), as a table that cites a plan by its number names it."""
    return text("common.clause_sep", language).join(
        f"[{number}] " * numbered + _plan_line(entry, _plan(plans, entry["id"]), _plan(shipped, entry["id"]), names, language)
        for number, entry in enumerate(result.get("plans") or [], start=1))


@dataclass(frozen=True)
class Section:
    title: str
    pairs: list[tuple[str, str]] | None = None  # key-value facts
    header: list[str] | None = None  # a table
    rows: list[list[str]] | None = None
    note: str = ""
    #: Each column's share of a printed table's width (percent), for a table whose short
    #: columns (a time, a clause) would otherwise be squeezed to a character a line by long text beside them.
    widths: tuple[int, ...] | None = None


def sections(result: Mapping, *, plans=None, area=None, scenario=None, shipped=None, drawn=None,
             language: str = "zh") -> list[Section]:
    """The report's content, independent of its format. ``shipped`` (id → plan) are the plans
    as published with the project: a plan of the run that differs from its shipped version is
    said to be an edited copy. ``drawn`` is the incident a template's replication drew, in both
    languages (:func:`sim.sweep.words.drawn_facts`, as ``run``, the Run and Walk-through pages,
    the handout and a drill's papers say it; ``None`` for a story): the seed and replication
    alone do not tell a reader which incident the report is about."""
    names = names_from(plans, area, scenario, result)
    summary = result.get("summary") or {}
    L = lambda key, **fmt: label(key, language, **fmt)  # noqa: E731
    out: list[Section] = []

    start = result.get("start")
    at = lambda t_h: clock(start, t_h) if t_h is not None else L("common.did_not_happen")  # noqa: E731
    # Without its model a scenario or an area has no name here, and its row is left out (people read names, not ids).
    scenario_name = _bi(scenario.title, language) if scenario is not None else None
    area_name = _bi(area.name, language) if area is not None else None
    run_facts = [
        (L("common.scenario"), scenario_name),
        (L("plans"), plans_said(result, plans, shipped, names, language)),
        (L("area"), area_name),
        (L("common.seed"), seed_said(result, language)),
        (L("drill.drawn"), pick(drawn, language) if drawn else None),
        (L("start"), date_time(start, 0) or ""),
        (L("horizon"), duration(result.get("horizon_h", 0), language)),  # a length as people say it, not bare hours
    ]
    out.append(Section(L("run"), pairs=[(key, value) for key, value in run_facts if value is not None]))

    outcome = [
        (L("common.max_severity"), severity_name(plans, summary.get("max_severity"), language, text("common.none", language))),
        (L("measure.max_level"), level_name(plans, summary.get("max_response_level"), language, text("common.no_response", language))),
        (L("common.warning_issued"), at(summary.get("warning_issued_at_h"))),
        (L("warning_lifted"), at(summary.get("warning_lifted_at_h"))),
        (L("incident_started"), at(summary.get("incident_started_at_h"))),
        (L("common.response_started"), at(summary.get("response_started_at_h"))),
        (L("common.terminated"), at(summary.get("terminated_at_h"))),
        (L("end"), at(summary.get("end_h"))),
    ]
    final = _final_figures(result, _metrics(plans))
    if final:
        outcome.append((L("final"), text("common.clause_sep", language).join(
            _figure(metric, key, value, language) for key, (metric, value) in final.items())))
    out.append(Section(L("outcome"), pairs=outcome))
    each = incidents(result, plans, names, language)  # a run of several incidents: each, as `run` lists them
    if each:
        none = text("common.no_response", language)
        out.append(Section(L("incidents.title"), header=[
            L("common.event"), L("incidents.began"), L("incidents.over"), L("common.max_severity"),
            L("measure.max_level"), L("incidents.declared_by"), L("incidents.ended_by")], rows=[
            [L("incidents.number", number=one.number), one.began, one.over or L("incidents.not_over"), one.severity,
             one.level or none, one.declared_by or "—",
             one.ended_by or (L("incidents.not_ended") if one.declared_by else "—")]
            for one in each]))

    changes = summary.get("level_changes") or []
    out.append(Section(L("levels"), header=[L("common.time"), L("from"), L("to"), L("common.decided_by")], rows=[
        [clock(start, c["t_h"]), level_name(plans, c.get("from"), language),
         level_name(plans, c.get("to"), language, text("summary.ended", language)),  # as `run` says the end
         name_of(names.of("unit"), c.get("by"), language) or "—"]
        for c in changes
    ]))
    hours = hours_at_levels(result)
    out.append(Section(L("hours_at"), header=[L("common.level"), L("hours")], rows=[
        [level_name(plans, level, language), duration(h, language)] for level, h in hours.items()
    ]))
    out.append(Section(L("measures"), rows=[[name_of(names.of("measure"), m, language, aside=True)]
                                                for m in summary.get("measures_activated") or []],
                       header=[L("measures")]))
    out.append(Section(L("workload"), header=[L("common.unit"), L("tasks"), L("unit_hours"), L("waited"), L("max_wait")], rows=[
        [name_of(names.of("unit"), w.unit, language), str(w.tasks), duration(w.unit_hours, language), duration(w.waited_h, language),
         duration(w.max_wait_h, language)]
        for w in workloads(result)
    ]))
    out.append(Section(L("unmet"), header=[L("common.unit"), L("kind.duty"), L("common.time"), L("reason")], rows=[
        [name_of(names.of("unit"), d["unit"], language), name_of(names.of("duty"), d["duty"], language, aside=True),
         clock(start, d["t_h"]),
         pick(unmet_reason(d["reason"], names), language)]
        for d in summary.get("unmet_duties") or []
    ]))
    out.append(Section(L("common.out_of_fuel"), header=[L("user"), L("common.time")], rows=[
        [name_of(names.of("unit"), f["user"], language), clock(start, f["t_h"])] for f in summary.get("key_users_out_of_fuel") or []
    ]))
    fire = summary.get("fire")
    if fire:
        out.append(Section(L("fire"), pairs=fire_facts(fire, language, names)))
    events = key_events(result)
    kinds = plan_kinds(plans or {})
    by_id = _by_id(plans)
    places = attempt_places(result.get("events") or ())  # a penalty's with its fine and case, as every log says it
    out.append(Section(
        L("timeline"), header=[L("common.time"), L("common.unit"), L("common.event"), L("common.clause"), L("common.description")],
        rows=[[clock(start, e["t_h"]), name_of(names.of("unit"), e.get("unit"), language), kind_name(kind_of(e, kinds), language),
               entry_clause(e, explain(e, by_id), language, clause_first=True), _bi(entry_words(e, names, places), language)]
              for e in events[:TIMELINE_LIMIT]],
        note=L("cut", n=TIMELINE_LIMIT) if len(events) > TIMELINE_LIMIT else "",
    ))
    return out


def fire_facts(fire: Mapping, language: str, names: Names) -> list[tuple[str, str]]:
    """The fire-ban summary of a run (``summary.fire``) as key facts; ``names`` name the
    line corridors the fires reached."""
    L = lambda key: label(key, language)  # noqa: E731
    fires = fire.get("fires") or {}
    report_h = (fire.get("ignition_to_report_h") or {}).get("mean")
    contain_h = (fire.get("ignition_to_containment_h") or {}).get("mean")
    return [
        (L("attempts"), str((fire.get("attempts") or {}).get("total", 0))),
        (L("common.violations"), str((fire.get("violations") or {}).get("total", 0))),
        (L("common.caught"), str((fire.get("caught") or {}).get("total", 0))),
        (L("common.fires_started"), str(fires.get("started", 0))),
        (L("major_fires"), str(fires.get("major", 0))),
        (L("measure.hectares_burned"), f"{fires.get('hectares_burned', 0.0):.1f}"),
        (L("to_report"), _mean_time(report_h, language)),
        (L("to_containment"), _mean_time(contain_h, language)),
        (L("lines_tripped"), joined((
            name_of(names.of("element"), corridor, language) for corridor in fires.get("corridors_reached") or []), language) or text("common.none", language)),
        (L("fines"), f"{(fire.get('fines') or {}).get('count', 0)} · {(fire.get('fines') or {}).get('total_yuan', 0):,.0f}"),
    ]


def _md_cell(value: Any) -> str:
    return markdown_plain(value).replace("|", "\\|").replace("\n", " ")


def markdown(result: Mapping, *, plans=None, area=None, scenario=None, shipped=None, drawn=None,
             language: str = "zh") -> str:
    """The after-action report as Markdown (``shipped``, ``drawn``: see :func:`sections`)."""
    return render_markdown(label("title", language), sections(result, plans=plans, area=area, scenario=scenario,
                                                              shipped=shipped, drawn=drawn, language=language),
                           language)


def render_markdown(title: str, report: Iterable[Section], language: str) -> str:
    """Sections as a Markdown document (shared by run reports and drill reports)."""
    lines = [f"# {markdown_plain(title)}", ""]
    for section in report:
        lines += [f"## {section.title}", ""]
        if section.pairs is not None:
            lines += [f"- **{key}**{text('common.colon', language)}{markdown_plain(value)}" for key, value in section.pairs]
        elif not section.rows:
            lines.append(f"_{text('common.none', language)}_")
        else:
            lines.append("| " + " | ".join(map(_md_cell, section.header)) + " |")
            lines.append("|" + "---|" * len(section.header))
            lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in section.rows]
        if section.note:
            lines += ["", section.note]
        lines.append("")
    return "\n".join(lines)


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 60em; color: #222; line-height: 1.45; }
h1 { border-bottom: 3px solid #c0392b; padding-bottom: .2em; }
h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { border: 1px solid #bbb; padding: .25em .5em; text-align: left; vertical-align: top;
         overflow-wrap: break-word; white-space: pre-line; }
table.fixed { table-layout: fixed; }
th.short, td.short { white-space: nowrap; }
thead { display: table-header-group; }
th { background: #f3f3f3; }
dl { display: grid; grid-template-columns: fit-content(40%) minmax(0, 1fr); gap: .2em 1em; }
dt { font-weight: bold; }
dd { margin: 0; }
dt, dd, h1, h2 { overflow-wrap: anywhere; }
.note, .none { color: #666; font-style: italic; }
@page { size: A4; margin: 15mm 12mm; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } h2 { break-after: avoid; }
               tr { break-inside: avoid; } }
"""


def html(result: Mapping, *, plans=None, area=None, scenario=None, shipped=None, drawn=None,
         language: str = "zh") -> str:
    """The after-action report as a self-contained, printable HTML page (``shipped``, ``drawn``: see :func:`sections`)."""
    return render_html(label("title", language), sections(result, plans=plans, area=area, scenario=scenario,
                                                          shipped=shipped, drawn=drawn, language=language), language)


#: A column of a printed table whose every cell is at most this many ems wide (a time, a
#: clause, a grade, a name of a few characters) keeps each on one line: long text beside it
#: would otherwise squeeze it to a character a line (``07-18`` over ``16:00``, 不 over 足 over 项).
SHORT_EMS = 7
#: How much of an em a character that is not wide takes, about (a letter, a digit, a sign).
NARROW_EM = 0.55


def _ems(cell: str) -> float:
    return sum(1.0 if wide(c) else NARROW_EM for c in cell)


def _short_columns(section: Section) -> set[int]:
    """The columns of a table without widths of its own whose cells are all short (:data:`SHORT_EMS`)."""
    if section.widths:
        return set()
    return {i for i in range(len(section.header)) if all(_ems(str(row[i])) <= SHORT_EMS for row in section.rows)}


#: A run of this many characters with nowhere to break a line (a name typed without spaces, a
#: link) gets a place to break every :data:`RUN_STEP` characters. Chinese text is not such a
#: run: a line may break between any two of its characters.
LONG_RUN = 25
RUN_STEP = 20
_LONG_RUN = re.compile(rf"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]{{{LONG_RUN},}}")


def _breakable(value: str) -> str:
    """``value`` as HTML text, with a line break allowed (``<wbr>``) every :data:`RUN_STEP`
    characters of a run too long to have one. A printed table's columns are as wide as their
    longest unbreakable run (CSS that breaks anywhere would also break ordinary words in
    narrow columns), so a 200-character name typed without spaces made a report 2,600 px
    wide, past the A4 page; ordinary words are left whole."""
    out, at = [], 0
    for run in _LONG_RUN.finditer(value):
        out.append(html_lib.escape(value[at:run.start()]))
        word = run.group()
        out.append("<wbr>".join(html_lib.escape(word[i:i + RUN_STEP]) for i in range(0, len(word), RUN_STEP)))
        at = run.end()
    out.append(html_lib.escape(value[at:]))
    return "".join(out)


def render_html(title: str, report: Iterable[Section], language: str) -> str:
    """Sections as a self-contained, printable HTML page (shared by run reports and drill reports)."""
    esc = _breakable
    body = [f"<h1>{esc(title)}</h1>"]
    for section in report:
        body.append(f"<h2>{esc(section.title)}</h2>")
        if section.pairs is not None:
            body.append("<dl>" + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v).replace('`', '')}</dd>"
                                         for k, v in section.pairs) + "</dl>")
        elif not section.rows:
            body.append(f'<p class="none">{esc(text("common.none", language))}</p>')
        else:
            short = _short_columns(section)
            mark = lambda i: ' class="short"' if i in short else ""  # noqa: E731
            head = "".join(f"<th{mark(i) if _ems(h) <= SHORT_EMS else ''}>{esc(h)}</th>"
                           for i, h in enumerate(section.header))
            rows = "".join("<tr>" + "".join(f"<td{mark(i)}>{esc(c)}</td>" for i, c in enumerate(row)) + "</tr>"
                           for row in section.rows)
            cols = ('<colgroup>' + "".join(f'<col style="width:{w}%">' for w in section.widths) + "</colgroup>"
                    if section.widths else "")
            fixed = ' class="fixed"' if section.widths else ""
            body.append(f"<table{fixed}>{cols}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        if section.note:
            body.append(f'<p class="note">{esc(section.note)}</p>')
    return (f'<!DOCTYPE html>\n<html lang="{HTML_LANG.get(language, "en")}"><head><meta charset="utf-8">'
            f"<title>{html_lib.escape(title)}</title><style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
