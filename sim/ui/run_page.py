"""The Run page: pick a scenario and a seed (optionally an edited plan), run, watch, download.

An edited plan is an input of the page, like the seed: an upload, or the edit of a run
another page opened here (the What-if page's replication), which every Run keeps until the
reader drops it; an upload that does not load holds Run back.

The last result is kept in the session with what produced it, so reruns (a filter, a
language switch) redraw without simulating; figures and downloads are cached per result
and language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from ..bounds import MAX_REPLICATION, MAX_SEED
from ..clock import clock
from ..downloads import excel_csv
from ..event_kinds import kind_name, kind_of, plan_kinds
from ..errors import InputError
from ..event_text import attempt_places, entry_words
from ..plan import ResponsePlan
from ..plan.figures import GRID_SHOWN, is_grid_figure
from ..report import figure_titled, incident_lines, level_name, name_of, names_from, severity_name
from ..inputs import decode
from . import charts, choices, data, runs
from ..messages import joined
from ..names import Names
from .i18n import bi, lang, pick, t, tr
from .widgets import bicols, chart, download, frame, markdown_plain, metric_row, upload_mb, whole_number
from ..event_rules import entry_clause, explain
from .walk import entry_incident

#: Session keys of the last run, shared with the walk-through page.
LAST = "run.last"


def render() -> None:
    st.title(t("nav.run"))
    scenarios = data.scenarios()
    data.show_problems(scenarios.problems, t("common.load_errors"))
    if not scenarios.items:
        st.info(t("common.no_scenarios", folder=data.folders("scenario", lang())))
        return
    language = lang()
    left, middle, right = st.columns([3, 1, 1])
    ids = list(scenarios.items)
    with left:
        scenario_id = choices.selectbox(st, t("common.scenario"), ids, index=ids.index(data.featured(scenarios)),
                                        key="run.scenario",
                                        format_func=lambda s: bi(scenarios.items[s].title, language))
    with middle:
        seed = whole_number(st, t("common.seed"), "run.seed", 0, MAX_SEED, value=1)
    scenario = scenarios.items[scenario_id]
    replication = replication_input(scenario, right, "run.replication")
    with st.expander(t("run.scenario_desc")):
        st.markdown(bi(scenario.description, language, sep="\n\n"))
    edited, held_back = page_case(scenario_id, language)
    refused = seed is None or replication is None or held_back
    if st.button(t("run.button"), type="primary", key="run.go", disabled=refused):
        start_run(scenario_id, seed, replication, edited)
    last = st.session_state.get(LAST)
    if not last:
        st.caption(t("run.no_result"))
        return
    show_result(last, language)


def page_case(scenario_id: str, language: str) -> tuple[Any | None, bool]:
    """The Case the page runs, but for its replication: the scenario's with the uploaded plan
    and the edit an opened run left (:func:`open_run`) in place of the published ones —
    ``None`` when neither is there — and whether Run is held back. One path builds it, the
    shipped Case with plans and counts changed (:func:`sim.ui.runs.case`), as every face does.

    An upload that does not load, or that the scenario's Case refuses (its id is not one of
    the scenario's plans, what the scenario names in it is not there: the command line's
    check), is shown with its lines and holds Run back until it is fixed or removed, as the
    What-if page holds back Compare while its YAML has errors: run anyway, the shipped plans'
    result would read as the upload's."""
    upload, broken = uploaded_plan(language)
    plans, counts = held_edit(scenario_id)
    if upload is not None:
        plans = {**plans, upload.id: upload}
    edited = None
    if not broken and (plans or counts):
        try:
            edited = runs.case(scenario_id, plans, counts)
        except InputError as error:
            data.show_problems(error.problems, t("run.upload_bad" if upload is not None else "run.edit_bad"))
            broken = True
    if upload is not None and not broken:
        st.success(t("run.upload_ok", plan=pick(upload.title, language)))
    edit_notice(scenario_id, edited, language)
    return edited, broken


def uploaded_plan(language: str) -> tuple[Any | None, bool]:
    """The uploaded plan, when one is uploaded and loads, and whether an upload was refused
    (its problems shown in the reader's language)."""
    upload = st.file_uploader(t("run.upload", mb=upload_mb()), type=["yaml", "yml"], key="run.upload")
    if upload is None:
        return None, False
    try:
        text = decode(upload.getvalue(), upload.name)
    except InputError as error:
        data.show_problems(error.problems, t("run.upload_bad"))
        return None, True
    plan, problems = runs.parse_plan(text, upload.name)
    if problems:
        data.show_problems(list(problems), t("run.upload_bad"))
        return None, True
    return plan, False


#: Session key of the edit the page runs under until the reader drops it: the edited plans
#: and resource counts of a run another page opened here (:func:`open_run`), with the
#: scenario they were opened on.
EDIT = "run.edit"


def open_run(held: dict) -> None:
    """Show ``held``, a run another page made (a What-if replication, the Walk-through's run),
    on the Run page with the inputs that made it: its scenario, seed and replication in the
    fields and, when it departs from what is shipped (:func:`sim.ui.runs.departures`: an
    edited plan, other resource counts), that edit held as an input of the page. Pressing
    Run again then runs under the same edit, rather than quietly under the published plan,
    until the reader chooses the published plan (:func:`edit_notice`)."""
    scenario_id = held["case"].scenario.id
    st.session_state[LAST] = held
    st.session_state["run.scenario"] = scenario_id
    st.session_state["run.seed"] = held["seed"]
    st.session_state["run.replication"] = held["replication"]
    plans, counts = held.get("departures") or ((), {})
    if plans or counts:
        st.session_state[EDIT] = {"scenario": scenario_id, "departures": (plans, counts)}
    else:
        st.session_state.pop(EDIT, None)


def held_edit(scenario_id: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The edited plans by id and the resource counts the page holds for ``scenario_id``
    (:func:`open_run`); none for another scenario, whose counts and plans they are not."""
    edit = st.session_state.get(EDIT)
    if not edit or edit["scenario"] != scenario_id:
        return {}, {}
    plans, counts = edit["departures"]
    return {plan.id: plan for plan in plans}, {rid: now for rid, (_, now) in counts.items()}


def edit_notice(scenario_id: str, edited: Any | None, language: str) -> None:
    """Say, above Run, that the page runs under an edit it holds (:func:`held_edit`), naming
    what differs as a result's notice does (:func:`departure_lines`), with a button that
    drops it and goes back to the published plan and the scenario's counts."""
    edit = st.session_state.get(EDIT)
    if not edit or edit["scenario"] != scenario_id:
        return
    plans, counts = edit["departures"]
    lines = departure_lines((plans, counts), lambda: _case_names(scenario_id, edited), language, "run.edit_plans",
                            "run.edit_resources")
    st.info("\n\n".join(lines), icon=":material/edit_note:")
    label = "run.use_published" if not counts else "run.use_shipped_counts" if not plans else "run.use_published_all"
    st.button(t(label), key="run.use_published", on_click=st.session_state.pop, args=(EDIT, None))


def _case_names(scenario_id: str, edited: Any | None) -> Names:
    """The names of the Case the page runs (``edited``), or of the scenario's shipped Case while
    an upload holds Run back; none when neither loads (the ids are then shown as they are)."""
    try:
        case = edited if edited is not None else runs.case(scenario_id)
    except InputError:
        return Names()
    return names_from(case.plans, case.area, case.scenario)


def replication_input(scenario: Any, column, key: str) -> int | None:
    """Which replication to run: row *i* of a sweep or a What-if comparison with the same
    seed (a template's drawn incident; a story under that row's engine seed). ``None`` for
    a number out of range (refused with a message)."""
    helped = "run.replication_help" if scenario.template is not None else "run.replication_help_story"
    return whole_number(column, t("common.replication"), key, 0, MAX_REPLICATION, value=0, help=t(helped))



def start_run(scenario_id: str, seed: int, replication: int, edited: Any | None = None) -> None:
    """Run (or fetch from the cache) and keep the result in the session: the shipped
    scenario's Case, or ``edited`` (the Case the page's upload and held edit made, already
    checked: :func:`page_case`)."""
    try:
        case = (edited.changed(replication=replication) if edited is not None
                else runs.case(scenario_id, replication=replication))
    except InputError as error:
        data.show_problems(error.problems, t("run.error"))
        return
    bar = st.progress(0.0, text=t("run.progress", pct=0))
    try:
        result = runs.run(case, seed,
                          progress=lambda f: bar.progress(f, text=t("run.progress", pct=int(f * 100))))
    except InputError as error:
        bar.empty()
        data.show_problems(error.problems, t("run.error"))
        return
    bar.progress(1.0, text=t("run.done"))
    st.session_state[LAST] = runs.held_run(case, seed, result)


def primary_plan(last: dict) -> ResponsePlan | None:
    return next((p for p in last["plans"].values() if isinstance(p, ResponsePlan)), None)


def names_of(last: dict) -> Names:
    return names_from(last["plans"], last["area"], last["scenario"], last["result"])


def file_stem(last: dict) -> str:
    """How a run's downloads begin (Run page files, the Walk-through's handout): the scenario,
    the seed and, where it says which incident was drawn, the replication, so two
    replications' files never take each other's name (``random-blackout-seed7-replication3``)."""
    told = last["case"].is_template or last["replication"]
    return f"{last['case'].scenario.id}-seed{last['seed']}" + (f"-replication{last['replication']}" if told else "")


def drawn_said(last: dict, language: str) -> str | None:
    """The incident a template's replication drew — cause, season, weather and start, by
    name — as ``run`` prints it (:func:`sim.ui.runs.held_run`); ``None`` for a story. The
    replication's number alone does not tell a class which incident it is walking through."""
    return pick(last["drawn"], language) if last.get("drawn") else None


def drawn_notice(last: dict, language: str) -> None:
    """The Run and Walk-through pages' line under a run's name: which incident was drawn."""
    said = drawn_said(last, language)
    if said:
        st.markdown(f"**{t('drill.drawn')}**{t('common.colon')}{markdown_plain(said)}")


def departure_notice(last: dict, language: str) -> None:
    """Say, above a result, that it ran under an edited plan or other resource counts than
    the shipped scenario's (:func:`sim.ui.runs.departures`), naming what differs: the Run
    and Walk-through pages show runs the What-if page and an upload made too."""
    lines = departure_lines(last.get("departures") or ((), {}), lambda: names_of(last), language,
                            "run.edited_plans", "run.edited_resources")
    if lines:
        st.warning("\n\n".join(lines), icon=":material/edit_note:")


def departure_lines(departures: tuple, names: Callable[[], Names], language: str, plans_key: str,
                    counts_key: str) -> list[str]:
    """The sentences that name where a run, or the page's next run, departs from what is
    shipped: the edited plans by title (``plans_key``) and each changed resource count by
    its name (``counts_key``; ``names()`` gives the names, asked only when a count changed)."""
    plans, counts = departures
    lines = []
    if plans:
        lines.append(t(plans_key, plans=joined(
            [t("common.titled", title=pick(p.title, language)) for p in plans], language)))
    if counts:
        resources = names().of("resource")
        lines.append(t(counts_key, changes=joined(
            [t("run.count_change", resource=name_of(resources, rid, language), shipped=old, now=new)
             for rid, (old, new) in counts.items()], language)))
    return lines


def show_result(last: dict, language: str) -> None:
    result = last["result"]
    names = names_of(last)
    summary = result.get("summary") or {}
    drawn = f" · {t('common.replication')} {last['replication']}" if last["case"].is_template or last["replication"] else ""
    st.subheader(f"{t('run.summary')} — {pick(last['scenario'].title, language)} · {t('common.seed')} {last['seed']}"
                 + drawn)
    drawn_notice(last, language)
    departure_notice(last, language)
    st.page_link("sim/ui/pages/walk.py", label=t("run.walk_this"), icon=":material/footprint:")  # it opens on this run
    fire, alone = fire_numbers(summary), fire_only(last)
    if fire and alone:  # a fire ban's run whose grid shed nothing: its fires and penalties first
        metric_row(fire)
    # as `run` and the after-action report say them, none included
    metric_row([(t("measure.max_level"), level_name(last["plans"], summary.get("max_response_level"), language,
                                                     t("common.no_response"))),
                (t("common.max_severity"), severity_name(last["plans"], summary.get("max_severity"), language,
                                                         t("common.none")))])
    start = result.get("start")
    if summary.get("response_started_at_h") is None and summary.get("discretion_at_h") is not None:
        # no level was reached, but the local government responded at its discretion: say when
        began = (t("summary.discretion"), clock(start, summary["discretion_at_h"]))
    else:
        began = (t("common.response_started"), clock(start, summary.get("response_started_at_h")))
    metric_row([began, (t("common.terminated"), clock(start, summary.get("terminated_at_h"))),
                (t("common.out_of_fuel"), str(len(summary.get("key_users_out_of_fuel") or [])))])
    each = incident_lines(result, last["plans"], names)  # a run of several incidents: each, as `run` lists them
    if each:
        st.markdown(f"#### {t('incidents.title')}")
        st.markdown("\n".join(f"- {markdown_plain(pick(line, language))}" for line in each))

    if fire and not alone:
        metric_row(fire)

    figures = _figures(last["key"], language, _last=last)
    for key in chart_order(last, figures):
        st.markdown(f"#### {t(CHARTS[key])}")
        if key == "load":
            st.caption(graded_said(last, language))
        chart(st, figures[key], key=f"run.chart.{key}")

    st.markdown(f"#### {t('run.log')}")
    log = event_log(last["key"], language, _last=last)
    # each entry's unit by its id ("" for none), so that a filter set in one language holds in the other
    entries = [e.get("unit") or "" for e in result.get("events") or []]
    unit_name = lambda u: name_of(names.of("unit"), u or None, language, "—")  # noqa: E731
    chosen = choices.multiselect(st, t("run.filter_unit"), logged_units(entries, unit_name), key="run.log.units",
                                 format_func=unit_name, placeholder=t("common.all_units"),
                                 select_all=False)  # Streamlit's "Select all" is English only, and all is no filter
    shown = log[[unit in chosen for unit in entries]] if chosen else log
    frame(shown, key="run.log.table", height=520)

    st.markdown(f"#### {t('run.downloads')}")
    files = downloads(last["key"], language, _last=last)
    stem = file_stem(last)
    row = st.container(horizontal=True)  # each button as wide as its words, none cut short
    download(row, t("run.dl_json"), files["json"], f"{stem}.json", "application/json", key="run.dl.json")
    download(row, t("run.dl_csv"), files["csv"], f"{stem}-events.csv", "text/csv", key="run.dl.csv")
    download(row, t("run.dl_md"), files["md"], f"{stem}-report.md", "text/markdown", key="run.dl.md")
    download(row, t("run.dl_html"), files["html"], f"{stem}-report.html", "text/html", key="run.dl.html")


#: The Run page's charts by key (:func:`figures_at`), each with its heading, in the order a run
#: whose grid shed load reads them: the plan's own figures and the grid's first.
CHARTS = {"load": "run.graded", "grid": "run.grid", "levels": "run.levels", "gantt": "run.gantt", "fuel": "run.fuel",
          "fire": "run.fire", "incidents": "run.incidents"}
#: The charts of the fires, which lead in a fire ban's run whose grid shed nothing.
FIRE_CHARTS = ("fire", "incidents")


def chart_order(run: dict, figures: dict) -> list[str]:
    """The charts of a run the Run page draws, in order: :data:`CHARTS`' order, but in a fire
    ban's run whose grid shed nothing (:func:`fire_only`) the fires burning and the area burned
    first, then the secondary incidents they opened, where a blackout's run reads its load shed."""
    result = run["result"]
    keys = [key for key in CHARTS if key in figures and (key != "fuel" or _drew_on_backup(result))]
    if fire_only(run):
        # nor the response plan's levels where it never classified anything: a line at "none"
        keys = [key for key in keys if key in FIRE_CHARTS] + [key for key in keys if key not in FIRE_CHARTS and (
            key != "levels" or _classified(result))]
    return keys


def _drew_on_backup(result: dict) -> bool:
    """Whether any key user was ever off the grid (on its backup, or dark): a chart of backup
    fuel that stayed full, every user on the grid throughout, says nothing."""
    return any(row.get("state") != "grid" for rows in (result.get("backup_fuel") or {}).values() for row in rows)


def _classified(result: dict) -> bool:
    """Whether the response plans classified an event or set a level at any moment."""
    return any(row.get("severity") or row.get("response_level") for row in result.get("timeseries") or [])


def fire_only(run: dict) -> bool:
    """Whether the run is a fire ban's alone: its scenario acts out fire bans and its grid shed
    no load at any moment, so the grid's figures, at 0 throughout, say nothing of it (the Run
    page and the Walk-through's state then leave them out)."""
    rows = run["result"].get("timeseries") or []
    return run["scenario"].fire_ban is not None and not any(row.get(key) for row in rows for key in GRID_SHOWN)


def fire_numbers(summary: dict) -> list[tuple[str, str]]:
    """The fire bans' figures of a run's summary, for a row of metrics: violations, those
    stopped on the spot, fires, hectares burned, penalties and fines; none for a run without
    fire bans."""
    fire = summary.get("fire")
    if not fire:
        return []
    fires, fines = fire.get("fires") or {}, fire.get("fines") or {}
    return [(t("common.violations"), str((fire.get("violations") or {}).get("total", 0))),
            (t("common.caught"), str((fire.get("caught") or {}).get("total", 0))),
            (t("common.fires_started"), str(fires.get("started", 0))),
            (t("measure.hectares_burned"), f"{fires.get('hectares_burned', 0.0):.1f}"),
            # penalties beside fines: most penalties (liability, an order to stop) carry no fine
            (t("run.penalties"), str(fines.get("count", 0))),
            (t("run.fines"), f"{fines.get('total_yuan', 0):,.0f}")]


def logged_units(entries: list[str], unit_name) -> list[str]:
    """The units a log's ``entries`` name, each once, by name; two of one name (a plan's unit
    and a contact the plans call alike) in the order the log first names them, never in the
    order a set of ids iterates in, which differs from process to process."""
    return sorted(dict.fromkeys(entries), key=unit_name)


@st.cache_resource(show_spinner=False, max_entries=32)
def _figures(key: str, language: str, _last: dict) -> dict:
    """All figures of one result in one language (built once, drawn on every rerun)."""
    return figures_at(_last, language, None, without_grid=fire_only(_last))


def grid_names(run: dict) -> dict:
    """The names of the run's area's grids by id, which name a figure of one of several grids."""
    return {grid.id: grid.name for grid in run["area"].grids or ()} if run.get("area") is not None else {}


def graded_said(run: dict, language: str) -> str:
    """What the chart of the figures the plan grades on draws, by name and unit: those figures
    (``24小时降雨量（mm）``), where the chart's rows name each without its unit; in a fire ban's
    run whose grid shed nothing, those that are not the grid's, as the Run page draws them."""
    plan, grids = primary_plan(run), grid_names(run)
    return joined([figure_titled(c, plan, language, grids)
                   for c in graded_columns(run, fire_only(run))], language)


def graded_columns(run: dict, without_grid: bool = False) -> list[str]:
    """The columns of the figures the primary plan grades on (:func:`~sim.ui.charts.metric_columns`);
    ``without_grid``, only those that are not the grid's."""
    columns = charts.metric_columns(run["result"], primary_plan(run))
    return [c for c in columns if not is_grid_figure(c)] if without_grid else columns


def figures_at(run: dict, language: str, cursor_h: float | None, without_grid: bool = False) -> dict:
    """Every figure of a run; with ``cursor_h``, each marks that moment (the walk-through's step).
    ``without_grid`` (a fire ban's run whose grid shed nothing, on the Run page) leaves the
    grid's figures out: its chart, and the rows of the plan's chart that are the grid's (the
    plan's chart too when all of them are)."""
    result, plan = run["result"], primary_plan(run)
    names = names_of(run)
    figures = {"gantt": charts.gantt_figure(result, names, language, cursor_h),
               "fuel": charts.fuel_figure(result, names, language, cursor_h)}
    if plan is not None:
        graded = graded_columns(run, without_grid)
        if graded or not without_grid:
            figures["load"] = charts.load_figure(result, plan, language, run["scenario"].context, cursor_h,
                                                 grid_names(run), graded)
        grid = [] if without_grid else charts.grid_columns(result, plan)
        if grid:  # the grid's figures, below those the plan grades on
            figures["grid"] = charts.load_figure(result, plan, language, run["scenario"].context, cursor_h,
                                                 grid_names(run), grid)
        figures["levels"] = charts.levels_figure(result, plan, language, cursor_h)
    if charts.has_fire(result):
        figures["fire"] = charts.fire_figure(result, language, cursor_h)
    if charts.incident_spans(result):
        figures["incidents"] = charts.incidents_figure(result, language, cursor_h)
    return figures


@st.cache_resource(show_spinner=False, max_entries=32)
def event_log(key: str, language: str, _last: dict) -> pd.DataFrame:
    """The event log as a table: clock time, the incident of a run of several (as the
    Walk-through's handout names it, :func:`~sim.ui.walk.entry_incident`), unit, kind of entry,
    text (both languages; a penalty's with the fine imposed and its case, :func:`~sim.event_text.entry_words`),
    clause and quote. The page's table and the CSV download are this one table."""
    T = lambda key: tr(key, language)  # noqa: E731  (its headers too: it is cached by language, not by the session's)
    names = names_of(_last)
    kinds = plan_kinds(_last["plans"])
    start = _last["result"].get("start")
    events = _last["result"].get("events") or []
    places = attempt_places(events)
    rows = []
    for event in events:
        why = explain(event, _last["plans"])
        said = entry_words(event, names, places, why.text if why else None)
        incident = entry_incident(_last["result"], event, language)  # None in a run of one incident: no column
        rows.append({
            T("common.time"): clock(start, event["t_h"]),
            **({T("walk.incident"): incident} if incident is not None else {}),
            T("common.unit"): name_of(names.of("unit"), event.get("unit"), language, "—"),
            T("common.event"): kind_name(kind_of(event, kinds), language),
            **bicols(T("common.description"), said, language),
            T("common.clause"): entry_clause(event, why, language, clause_first=True),
            T("common.quote"): (why.quoted(language, brackets=False) or pick(why.assumption, language)) if why else "",
        })
    return pd.DataFrame(rows)


@st.cache_resource(show_spinner=False, max_entries=32)
def downloads(key: str, language: str, _last: dict) -> dict[str, str]:
    """The four downloads of a result (JSON, log CSV, report as Markdown and HTML)."""
    from .. import report
    from ..engine.recorder import dumps

    result = _last["result"]
    context = dict(plans=_last["plans"], area=_last["area"], scenario=_last["scenario"], shipped=data.plans().items,
                   drawn=_last.get("drawn"), language=language)
    return {
        "json": dumps(result, indent=1),
        "csv": excel_csv(event_log(key, language, _last=_last)),
        "md": report.markdown(result, **context),
        "html": report.html(result, **context),
    }
