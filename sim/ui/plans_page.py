"""The Plans page: every rule of a plan, in tables and diagrams, its clause beside it.

Response plans show levels and thresholds, response levels, the command structure,
units and duties, the reporting chain, warning, measures, termination and resources;
ban notices show the calendar, zones, rules, penalties, requirements and contacts. Both
show their coverage: clause by clause, the rules that carry it or why it is not modelled.
Duties are listed as text, unit by unit, rather than tabled: read in full, they are what the
page's readers come for, and a table's cells would cut them short.
"""

from __future__ import annotations

import streamlit as st

from ..clock import duration
from ..bans import fine_range, no_penalty
from ..memo import digest
from ..messages import joined, text
from ..plan import BanNotice, ResponsePlan
from ..plan.response_plan import Step, Warning as PlanWarning
from ..report import name_of, severity_name
from . import charts, choices, data
from .coverage_view import coverage_view
from .describe import (citation, metric_unit, metric_values, area_text, assumption_note, condition_names,
                       criterion_notes, criterion_text, names, period_text, source_cell, source_cells, task_text,
                       threshold_notes, trigger_text, unit_names)
from .i18n import bi, lang, pair, pick, t, tr
from .table_layout import unbroken
from .widgets import bicols, chart, dot_edge_label, dot_escape, dot_label, markdown_plain, sections, table

RESPONSE_SECTIONS = ("plans.levels", "plans.response", "plans.command", "plans.duties", "plans.reporting",
                     "kind.warning", "plans.measures", "part.termination", "plans.resources", "plans.coverage")
BAN_SECTIONS = ("plans.calendar", "plans.zones", "plans.rules", "common.penalties", "plans.requirements",
                "plans.contacts", "plans.coverage")


def render() -> None:
    st.title(t("nav.plans"))
    loaded = data.plans()
    data.show_problems(loaded.problems, t("common.load_errors"))
    if not loaded.items:
        st.info(t("common.no_plans", folder=data.folders("plan", lang())))
        return
    language = lang()
    order = data.listed_plans(loaded)
    plan_id = choices.selectbox(
        st, t("plans.pick"), order, key="plans.plan",
        format_func=lambda key: bi(loaded.items[key].title, language),
    )
    plan = loaded.items[plan_id]
    document_header(plan, language)
    if isinstance(plan, ResponsePlan):
        section = sections("plans.section.response", RESPONSE_SECTIONS)
        RESPONSE_VIEWS[section](plan, language)
    elif isinstance(plan, BanNotice):
        section = sections("plans.section.ban", BAN_SECTIONS)
        BAN_VIEWS[section](plan, language)


def document_header(plan, language: str) -> None:
    document = plan.document
    st.subheader(bi(plan.title, language))
    facts = [
        f"**{t('common.issuer')}**{t('common.colon')}{bi(document.issuer, language)}",
        f"**{t('common.issued')}**{t('common.colon')}{document.issued or t('common.not_stated')}",
        f"**{t('common.effective')}**{t('common.colon')}{document.effective or t('common.not_stated')}",
    ]
    if document.number:
        facts.insert(1, f"**{t('common.number')}**{t('common.colon')}{document.number}")
    st.markdown(" · ".join(facts))
    st.caption(f"{t('common.source')}{t('common.colon')}{document.source.line(language)}")
    if document.assumption:  # what the dates rest on where the document does not print them
        st.caption(assumption_note(document.assumption, language))
    for discrepancy in document.discrepancies:  # another official text that disagrees, on record
        st.warning(f"**{t('plans.discrepancy')}**{t('common.colon')}{bi(discrepancy.text, language, sep=' — ')}  \n"
                   f"{discrepancy.source.line(language)}")


# -- response plans -----------------------------------------------------------------------


def levels_view(plan: ResponsePlan, language: str) -> None:
    bounds = plan.bounds
    st.markdown(
        f"**{t('part.bounds')}**{t('common.colon')}"
        + t("plans.bounds_text",
            lower=t("plans.includes" if bounds.lower_inclusive else "plans.excludes"),
            upper=t("plans.includes" if bounds.upper_inclusive else "plans.excludes"))
    )
    st.caption(" · ".join(v for v in source_cells(bounds, language).values() if v))
    noted = any(criterion_notes(level.criteria, language) for level in plan.severity_levels)
    rows = [
        {**bicols(t("common.level"), level.name, language),
         t("plans.criteria"): criterion_text(level.criteria, plan, language),
         **({t("common.note"): "\n".join(criterion_notes(level.criteria, language))} if noted else {}),
         **source_cells(level, language)}
        for level in plan.severity_levels
    ]
    table(rows, key="plans.levels.table")
    onset_view(plan, language)
    st.markdown(f"#### {t('plans.levels_chart')}")
    chart(st, _cached_band_figure(digest(plan), language, plan), key="plans.levels.chart")
    st.markdown(f"#### {t('plans.metrics')}")
    table([{**bicols(t("common.name"), m.name, language), t("plans.metric_unit"): metric_unit(m.unit, language),
            t("plans.metric_values"): metric_values(m, language)} for m in plan.metrics])


@st.cache_resource(show_spinner=False, max_entries=32)
def _cached_band_figure(key: str, language: str, _plan: ResponsePlan):
    return charts.threshold_band_figure(_plan, language)


def onset_view(plan: ResponsePlan, language: str) -> None:
    """When the plan's incident begins: its own figures when it says (a flood plan's
    rainfall), else the power network shedding load, the engine's own hazard."""
    st.markdown(f"#### {t('plans.onset')}")
    onset = plan.onset
    if onset is None:
        st.markdown(t("plans.onset_network"))
        return
    st.markdown(f"{bi(onset.text, language, sep=' — ')}  \n"
                f"{t('plans.criteria')}{t('common.colon')}{criterion_text(onset.criteria, plan, language)}")
    _threshold_notes(onset.criteria, plan, language)
    _cite(onset, language)


def response_view(plan: ResponsePlan, language: str) -> None:
    units = unit_names(plan)
    rows = []
    for level in plan.response_levels:
        escalation = ""
        if level.escalation:
            escalation = (f"{name_of(units, level.escalation.by, language)} → "
                          f"{name_of(units, level.escalation.to, language)}{tr('common.colon', language)}"
                          f"{pick(level.escalation.text, language)}")
            if level.escalation.requires:
                requires = condition_names(plan, level.escalation.requires, language)
                escalation += tr("common.aside", language, text=tr("common.labelled", language,
                                                                   label=tr("plans.requires", language), text=requires))
        rows.append({
            **bicols(t("common.level"), level.name, language),
            t("plans.severity"): severity_name(plan, level.severity, language, ""),
            # several commanders are alternatives: one of them commands, as the scenario says
            t("plans.commanders"): tr("common.or", language).join(
                name_of(units, u, language) for u in level.commanders),
            **{t(label): tr("common.or", language).join(name_of(units, u, language) for u in plan.role(level, decision))
               for decision, label in (("declare", "plans.declared_by"), ("adjust", "plans.adjusted_by"),
                                       ("end", "plans.ended_by"))},
            t("plans.escalation"): escalation,
            **source_cells(level, language),
        })
    table(rows, key="plans.response.table")
    if plan.discretion:
        d = plan.discretion
        st.markdown(f"#### {t('plans.discretion')}")
        st.markdown(f"**{name_of(units, d.unit, language)}**{t('common.colon')}{bi(d.text, language, sep=' — ')}")
        if d.criteria:
            st.markdown(f"{t('plans.criteria')}{t('common.colon')}{criterion_text(d.criteria, plan, language)}")
            for note in criterion_notes(d.criteria, language):
                st.caption(note)
        _cite(d, language)
    a = plan.adjustment
    st.markdown(f"#### {t('plans.adjustment')}")
    decided = name_of(units, a.decided_by, language) if a.decided_by else t("plans.decided_by_level")
    st.markdown(f"{bi(a.text, language, sep=' — ')}  \n**{t('common.decided_by')}**{t('common.colon')}"
                f"{decided} · {_decision_time(a.decision_hours, language)}")
    _cite(a, language)


def _threshold_notes(criterion, plan, language: str) -> None:
    """How the plan's words are read as the criterion (its groups' notes), then the clause
    or the assumption of each threshold, under the criterion they belong to."""
    for note in [*criterion_notes(criterion, language), *threshold_notes(criterion, plan, language)]:
        st.caption(note)


def _decision_time(hours: float, language: str) -> str:
    """How long a decision takes, under its label: a bare length of time beside a unit's
    name does not say what it measures."""
    return f"**{tr('plans.decision_time', language)}**{tr('common.colon', language)}{unbroken(duration(hours, language))}"


def _cite(rule, language: str) -> None:
    st.caption(citation(rule, language))


def command_view(plan: ResponsePlan, language: str) -> None:
    hq = plan.headquarters
    units = unit_names(plan)
    st.markdown(f"**{bi(hq.name, language)}**")
    st.markdown(f"**{t('plans.commander')}**{t('common.colon')}{bi(hq.commander, language)}")
    if hq.deputies:
        st.markdown(f"**{t('plans.deputies')}**{t('common.colon')}" + text("common.clause_sep", language).join(bi(d, language) for d in hq.deputies))
    st.markdown(f"**{t('plans.office')}**{t('common.colon')}{name_of(units, hq.office_unit, language)}")
    _cite(hq, language)
    st.graphviz_chart(command_dot(plan, language), width="stretch")
    st.markdown(f"#### {t('plans.hq_duties')}")
    st.markdown(unbroken(numbered_duties(plan, plan.headquarters_duties(), language)) or t("common.none"))


def command_dot(plan: ResponsePlan, language: str) -> str:
    """The headquarters, its leaders, office and member units as a DOT graph."""
    hq = plan.headquarters
    units = {u.id: u for u in plan.units}
    lines = ["digraph command {", "rankdir=LR;", 'node [shape=box, style="rounded,filled", fillcolor="#f4f6f7", fontsize=10];']
    lines.append(f'hq [label="{dot_label(hq.name, language)}", fillcolor="#fadbd8"];')
    lines.append(f'commander [label="{dot_escape(t("plans.commander"))}\\n{dot_label(hq.commander, language)}", fillcolor="#fdebd0"];')
    lines.append("commander -> hq;")
    for i, deputy in enumerate(hq.deputies):
        lines.append(f'deputy{i} [label="{dot_escape(t("plans.deputies"))}\\n{dot_label(deputy, language)}", fillcolor="#fdebd0"];')
        lines.append(f"deputy{i} -> hq [style=dashed];")
    office = units.get(hq.office_unit)
    lines.append(f'"u:{hq.office_unit}" [label="{dot_escape(t("plans.office"))}\\n'
                 f'{dot_label(office.name, language) if office else hq.office_unit}", fillcolor="#d6eaf8"];')
    lines.append(f'hq -> "u:{hq.office_unit}";')
    for member in hq.members:
        if member == hq.office_unit:
            continue
        unit = units.get(member)
        lines.append(f'"u:{member}" [label="{dot_label(unit.name, language) if unit else member}"];')
        lines.append(f'hq -> "u:{member}";')
    lines.append("}")
    return "\n".join(lines)


def duty_text(plan: ResponsePlan, duty, language: str) -> str:
    """A duty in Markdown, every word of it whole: its text in the reader's language, the other
    language under it, when it starts and what it takes (with the assumption behind that), then
    the clause and original words it comes from. A table's cells would cut such texts, or draw
    every row as tall as the longest."""
    first, second = pair(duty.text, language)
    lines = [markdown_plain(first)]
    if second and second != first:
        lines.append(f":gray[{markdown_plain(second)}]")
    said = [tr("common.labelled", language, label=tr(key, language), text=value) for key, value in (
        ("plans.trigger", trigger_text(duty.trigger, plan, language)), ("common.task", task_text(duty.task, plan, language)))
        if value]
    if duty.left_to_unit:
        said.append(tr("plans.left_to_unit", language))
    if said:
        lines.append(markdown_plain(" · ".join(said)))
    if duty.task is not None and duty.task.assumption:  # the work a duty takes is mostly assumed: say why
        lines.append(f":gray[{markdown_plain(assumption_note(duty.task.assumption, language))}]")
    return "  \n".join(lines + _cited(duty, language))


def numbered_duties(plan: ResponsePlan, duties, language: str) -> str:
    """``duties`` in Markdown, numbered from 1, each whole (:func:`duty_text`): a unit's, or
    the headquarters'."""
    return "\n\n".join(f"**{i}.** {duty_text(plan, duty, language)}" for i, duty in enumerate(duties, 1))


def _cited(rule, language: str) -> list[str]:
    """The clause and original words of a rule (or its assumption), as grey Markdown lines."""
    return [f":gray[{markdown_plain(line)}]" for line in citation(rule, language).splitlines() if line]


def unit_duties(plan: ResponsePlan, query: str, language: str) -> list[tuple]:
    """Each unit with its duties that a search text finds, in the plan's order: a duty is found
    by its unit's name or id, its unit's kind or any of its own words; a unit without duties by
    its name, id, kind or clause. Units with nothing found are left out."""
    query = query.lower()
    found = []
    for unit in plan.units:
        named = " ".join([unit.id, unit.name.zh, unit.name.en, tr(f"plans.unit_kind.{unit.kind}", language)])
        if not unit.duties:
            if query in " ".join([named, *source_cells(unit, language).values()]).lower():
                found.append((unit, []))
            continue
        duties = [duty for duty in unit.duties
                  if not query or query in f"{named} {_duty_words(plan, duty, language)}".lower()]
        if duties:
            found.append((unit, duties))
    return found


def _duty_words(plan: ResponsePlan, duty, language: str) -> str:
    """Every word a duty shows, to search in."""
    return " ".join([duty.text.zh, duty.text.en, trigger_text(duty.trigger, plan, language),
                     task_text(duty.task, plan, language), assumption_note(duty.task and duty.task.assumption, language),
                     tr("plans.left_to_unit", language) if duty.left_to_unit else "",
                     *source_cells(duty, language).values()])


def unit_text(plan: ResponsePlan, unit, duties, language: str) -> str:
    """A unit and its ``duties`` in Markdown: its name in both languages and its kind, then each
    duty numbered (:func:`duty_text`); a unit without duties, with where the plan names it."""
    first, second = pair(unit.name, language)
    aside = " · ".join(v for v in (second if second != first else "", tr(f"plans.unit_kind.{unit.kind}", language)) if v)
    head = f"**{markdown_plain(first)}** :gray[{markdown_plain(aside)}]"
    if not duties:
        return "  \n".join([head, f":gray[{markdown_plain(tr('plans.no_duties', language))}]", *_cited(unit, language)])
    return f"{head}\n\n{numbered_duties(plan, duties, language)}"


def duties_view(plan: ResponsePlan, language: str) -> None:
    query = st.text_input(t("plans.search_duties"), key="plans.duties.search").strip()
    found = unit_duties(plan, query, language)
    st.caption(t("plans.n_duties", n=sum(len(duties) for _, duties in found)))
    for unit, duties in found:
        st.container(border=True).markdown(unbroken(unit_text(plan, unit, duties, language)))


def reporting_view(plan: ResponsePlan, language: str) -> None:
    st.graphviz_chart(reporting_dot(plan, language), width="stretch")
    units = unit_names(plan)
    rows = [
        {t("plans.hop"): i + 1,
         t("plans.from"): name_of(units, hop.from_, language),
         t("plans.to"): joined((name_of(units, u, language) for u in hop.to), language),
         t("plans.time_limit"): duration(hop.hours, language),
         t("plans.only_if"): criterion_text(hop.only_if, plan, language) if hop.only_if else "",
         **source_cells(hop, language)}
        for i, hop in enumerate(plan.reporting.hops)
    ]
    table(rows, key="plans.reporting.table")
    decision = plan.reporting.decision
    st.markdown(f"**{t('part.decision')}**{t('common.colon')}{name_of(units, decision.unit, language)} · "
                f"{_decision_time(decision.hours, language)}")
    _cite(decision, language)


#: The size of the reporting chain's edge labels (a hop's time limit and condition), in points, as
#: graphviz lays them out; the page draws them at :data:`sim.ui.widgets.GRAPH_TEXT_SIZE`.
EDGE_FONT = 9


def reporting_dot(plan: ResponsePlan, language: str) -> str:
    """The reporting hops as a DOT graph; the deciding unit is drawn bold."""
    units = {u.id: u for u in plan.units}
    decision = plan.reporting.decision
    seen: set[str] = set()
    lines = ["digraph reporting {", "rankdir=LR;", 'node [shape=box, style="rounded,filled", fillcolor="#f4f6f7", fontsize=10];',
             f"edge [fontsize={EDGE_FONT}];"]

    def node(unit_id: str) -> None:
        if unit_id in seen:
            return
        seen.add(unit_id)
        unit = units.get(unit_id)
        label = dot_label(unit.name, language) if unit else dot_escape(unit_id)
        extra = ', penwidth=2.5, fillcolor="#fadbd8"' if unit_id == decision.unit else ""
        lines.append(f'"{unit_id}" [label="{label}"{extra}];')

    for hop in plan.reporting.hops:
        node(hop.from_)
        for target in hop.to:
            node(target)
            said = [duration(hop.hours, language)]
            if hop.only_if:
                said.append(tr("common.labelled", language, label=tr("plans.only_if", language),
                               text=criterion_text(hop.only_if, plan, language)))
            style = ", style=dashed" if hop.only_if else ""
            lines.append(f'"{hop.from_}" -> "{target}" [label={dot_edge_label(said)}{style}];')
    node(decision.unit)
    time = tr("common.labelled", language, label=tr("plans.decision_time", language),
              text=duration(decision.hours, language))
    lines.append(f'decision [shape=ellipse, label="{dot_escape(tr("part.decision", language))}\\n{dot_escape(time)}", fillcolor="#fdebd0"];')
    lines.append(f'"{decision.unit}" -> decision;')
    lines.append("}")
    return "\n".join(lines)


def _step_rows(plan: ResponsePlan, steps, language: str) -> list[dict]:
    """One row a step, in a table that ends in a desktop's view in either language. Whether a
    step is the unit's call is said first among what it requires (a column of its own, empty
    but for a few rows, pushed the clause past the page's edge), and the clause opens its
    original text, as a trainer reads them out together."""
    units = unit_names(plan)
    sep = tr("common.clause_sep", language)
    return [
        {t("plans.step"): i + 1,
         t("common.unit"): name_of(units, step.unit, language),
         **bicols(t("common.text"), step.text, language),
         t("common.duration"): duration(step.hours, language),
         t("plans.notify"): joined((name_of(units, u, language) for u in step.notify), language),
         t("plans.requires"): sep.join(filter(None, (t("plans.may_decline") if step.left_to_unit else "",
                                                     condition_names(plan, step.requires, language)))),
         **source_cell(step, language)}
        for i, step in enumerate(steps)
    ]


def steps_as_taken(warning: PlanWarning) -> list[Step]:
    """The warning's steps in the order they are taken, as its table numbers them: a step taken
    beside the proposal (``alongside``) right after the proposal, the first ``issue`` step, both
    taken when the forecast is made; the others as the plan writes its lists
    (:meth:`sim.plan.response_plan.Warning.steps`). In that order every ``issue`` step came
    first, and a step taken with the proposal was numbered after the warning's publication."""
    beside = {step.id for step in warning.alongside}
    rest = [step for step in warning.steps() if step.id not in beside]
    after = rest.index(warning.issue[0]) + 1
    return [*rest[:after], *warning.alongside, *rest[after:]]


def warning_view(plan: ResponsePlan, language: str) -> None:
    warning = plan.warning
    st.markdown(f"**{t('plans.warning_trigger')}**{t('common.colon')}{criterion_text(warning.trigger, plan, language)}")
    _threshold_notes(warning.trigger, plan, language)
    steps = steps_as_taken(warning)
    if warning.escalate_if:
        st.markdown(f"**{t('plans.escalation')}**{t('common.colon')}{criterion_text(warning.escalate_if, plan, language)}")
        _threshold_notes(warning.escalate_if, plan, language)
    table(_step_rows(plan, steps, language), key="plans.warning.table")


def measures_view(plan: ResponsePlan, language: str) -> None:
    units = unit_names(plan)
    sep = tr("common.clause_sep", language)
    rows = [
        {**bicols(t("common.name"), m.name, language),
         t("common.units"): joined((name_of(units, u, language) for u in m.units), language),
         t("plans.actions"): sep.join(pick(a, language) for a in m.actions),
         t("plans.requires"): condition_names(plan, m.requires, language),
         **source_cells(m, language)}
        for m in plan.measures
    ]
    table(rows, key="plans.measures.table")
    if plan.response_actions:
        st.markdown(f"#### {t('plans.response_actions')}")
        table(_step_rows(plan, plan.response_actions, language))


def termination_view(plan: ResponsePlan, language: str) -> None:
    units = unit_names(plan)
    st.markdown(f"**{t('common.decided_by')}**{t('common.colon')}{name_of(units, plan.termination.decided_by, language)}")
    _cite(plan.termination, language)
    rows = [
        {**bicols(t("common.text"), c.text, language),
         t("plans.criteria"): criterion_text(c.check, plan, language), **source_cells(c, language)}
        for c in plan.termination.conditions
    ]
    table(rows, key="plans.termination.table")
    for c in plan.termination.conditions:
        _threshold_notes(c.check, plan, language)
    if plan.termination.confirmations:
        st.markdown(f"#### {t('plans.confirmations')}")
        table(_step_rows(plan, plan.termination.confirmations, language), key="plans.confirmations.table")
    if plan.after_action:
        st.markdown(f"#### {t('kind.after_action')}")
        table(_step_rows(plan, plan.after_action, language))


def resources_view(plan: ResponsePlan, language: str) -> None:
    units = unit_names(plan)
    rows = [
        {**bicols(t("common.name"), r.name, language),
         t("plans.provided_by"): joined((name_of(units, u, language) for u in r.provided_by), language),
         **source_cells(r, language)}
        for r in plan.resources
    ]
    table(rows, key="plans.resources.table")


RESPONSE_VIEWS = {
    "plans.levels": levels_view,
    "plans.response": response_view,
    "plans.command": command_view,
    "plans.duties": duties_view,
    "plans.reporting": reporting_view,
    "kind.warning": warning_view,
    "plans.measures": measures_view,
    "part.termination": termination_view,
    "plans.resources": resources_view,
    "plans.coverage": coverage_view,
}


# -- ban notices --------------------------------------------------------------------------


def calendar_view(plan: BanNotice, language: str) -> None:
    if plan.periods:
        years = charts.ban_years(plan)
        year = choices.selectbox(st, t("plans.year"), years, key="plans.calendar.year",
                                 index=years.index(plan.document.effective.year))
        chart(st, _cached_calendar_figure(digest(plan), year, language, plan), key="plans.calendar.chart")
    rows = [
        {**bicols(t("common.name"), p.name, language),
         t("plans.dates"): period_text(p, language), **source_cells(p, language)}
        for p in plan.periods
    ]
    table(rows, key="plans.periods.table")


@st.cache_resource(show_spinner=False, max_entries=64)
def _cached_calendar_figure(key: str, year: int, language: str, _plan: BanNotice):
    return charts.ban_calendar_figure(_plan, year, language)


def zone_rows(plan: BanNotice, language: str) -> list[dict]:
    """One row per zone. A zone's name already says what kind of area it is; its ``kind``
    is an id for rules and tools, so it is not shown. Its boundary is the roads traced
    round it, in the notice's order and joined as the notice and ``python -m sim zones``
    join them (滨河西路——黄河大街——…)."""
    jurisdictions = names(plan.jurisdictions)
    return [
        {**bicols(t("common.name"), z.name, language),
         t("plans.jurisdiction"): name_of(jurisdictions, z.jurisdiction or plan.jurisdictions[0].id, language),
         t("plans.boundary"): joined((pick(b, language) for b in z.boundary), language, "zones.boundary_sep"),
         **source_cells(z, language)}
        for z in plan.zones
    ]


def zones_view(plan: BanNotice, language: str) -> None:
    if not plan.zones:
        st.info(t("plans.no_zones"))
        return
    table(zone_rows(plan, language), key="plans.zones.table")


def rules_view(plan: BanNotice, language: str) -> None:
    periods, activities, penalties = names(plan.periods), names(plan.activities), {p.id: p.text for p in plan.penalties}
    rows = [
        {**bicols(t("common.text"), r.text, language),
         t("plans.periods"): joined((name_of(periods, p, language) for p in r.periods), language) or t("bans.every_day"),
         t("plans.area"): area_text(r.area, plan, language),
         t("plans.prohibited"): joined((name_of(activities, a, language) for a in r.prohibited), language),
         t("common.penalties"): (joined((name_of(penalties, p, language) for p in r.penalties), language)
                                 or pick(no_penalty(plan), language)),
         **source_cells(r, language)}
        for r in plan.rules
    ]
    table(rows, key="plans.rules.table")
    st.markdown(f"#### {t('plans.activities')}")
    table([{**bicols(t("common.name"), a.name, language),
            t("plans.kind_of"): name_of(activities, a.kind_of, language) if a.kind_of else "",
            t("plans.covers"): joined((pick(c, language) for c in a.covers), language),
            **source_cells(a, language)} for a in plan.activities])


def penalties_view(plan: BanNotice, language: str) -> None:
    rows = [
        {**bicols(t("common.text"), p.text, language),
         t("plans.applies_when"): pick(p.applies_when, language),
         t("plans.legal_basis"): pick(p.legal_basis, language),
         t("common.fine"): fine_range(p, language) if p.fine_yuan else "",
         **source_cells(p, language)}
        for p in plan.penalties
    ]
    table(rows, key="plans.penalties.table")
    if plan.legal_bases:
        st.markdown(f"#### {t('plans.legal_bases')}")
        table([{**bicols(t("common.name"), b.name, language), t("common.source"): b.source.line(language)}
               for b in plan.legal_bases])


def requirements_view(plan: BanNotice, language: str) -> None:
    periods = names(plan.periods)
    rows = [
        {**bicols(t("common.text"), r.text, language),
         t("plans.periods"): joined((name_of(periods, p, language) for p in r.periods), language) or t("bans.every_day"),
         t("plans.area"): area_text(r.area, plan, language),
         **source_cells(r, language)}
        for r in plan.requirements
    ]
    table(rows, key="plans.requirements.table")


def contacts_view(plan: BanNotice, language: str) -> None:
    table([{**bicols(t("common.name"), c.name, language), t("plans.phone"): c.phone,
            t("plans.purpose"): pick(c.purpose, language), **source_cells(c, language)} for c in plan.contacts],
          key="plans.contacts.table")
    if plan.units:
        st.markdown(f"#### {t('common.enforcing')}")
        sep = tr("common.clause_sep", language)
        table([{**bicols(t("common.unit"), u.name, language),
                t("kind.duty"): sep.join(pick(d.text, language) for d in u.duties),
                **source_cells(u, language)} for u in plan.units])


BAN_VIEWS = {
    "plans.calendar": calendar_view,
    "plans.zones": zones_view,
    "plans.rules": rules_view,
    "common.penalties": penalties_view,
    "plans.requirements": requirements_view,
    "plans.contacts": contacts_view,
    "plans.coverage": coverage_view,
}

