"""The drill's papers on the Facilitator and Participant pages.

Before: the 演练方案 and 演练脚本 (MSEL) of the chosen scenario, to download. During: the
objectives with “x / y met”, live, for the facilitator and — when the facilitator allows
— for the participants; the facilitator edits the objectives. After: the improvement
plan (file the findings, track each item's unit, due date and status, open a draft of
the plan on the What-if page for an item about the plan), the earlier drills' items,
and a fork of the drill from any moment. The domain is :mod:`sim.drills`; this module
only lays it out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from ..clock import clock, parse
from ..drills import dossier, findings, fork, improvement, msel_xlsx, objectives, script
from ..drills.actions import KIND_LABELS
from ..drills.refusals import refused
from ..errors import InputError
from ..messages import LANGUAGES
from . import choices
from .form_errors import readable
from .i18n import lang, pick, t
from .widgets import download, form, frame, link_number, markdown_plain


def _error(error: InputError, fields: dict[str, str] | None = None) -> None:
    """A refusal, said by the labels of the form's ``fields`` (domain name → label), as on every drill page."""
    st.error(readable(error, lang(), fields or {}))


def _done(state, what: str) -> None:
    """A facilitator's change confirmed: what, by whom, at what clock time of the drill."""
    st.success(t("drill_confirm.by", what=what, person=markdown_plain(state.record.facilitator),
                 clock=clock(state.inputs.scenario.start, state.now_h)), icon=":material/check_circle:")


def open_drill(select_key: str, drill: int) -> None:
    """Make ``drill`` the one the page shows from its next run (a new drill, a fork): the
    URL names it, and the drill picker takes it up before it is drawn."""
    st.query_params["drill"] = str(drill)
    st.session_state[f"{select_key}.open"] = drill


# ------------------------------------------------------------------------------ before


@st.cache_data(show_spinner=False, max_entries=16)
def _papers(path: str, digest: str, seed: int, replication: int, language: str) -> tuple[str, str, bytes, str]:
    """Markdown, HTML and XLSX of a scenario's drill papers for the incident of ``seed`` and
    ``replication``, and what a template drew for it (empty for a story) (``digest``: the
    file's content, for the cache)."""
    papers = script.build(path, seed=seed, replication=replication)
    return (script.markdown(papers, language), script.html(papers, language), msel_xlsx.write_msel(papers, language),
            pick(papers.inputs.drawn_told, language))


def script_downloads(scenario: Path, seed: int, replication: int) -> None:
    """The 演练方案 and 演练脚本 of ``scenario`` for a drill with ``seed`` and ``replication``:
    Markdown, printable HTML and the MSEL workbook; on a template, the incident they are about."""
    try:
        digest = hashlib.sha256(Path(scenario).read_bytes()).hexdigest()
        md, html, xlsx, drawn = _papers(str(scenario), digest, seed, replication, lang())
    except InputError as error:
        _error(error)
        return
    stem = Path(scenario).stem
    st.caption(t("drill_papers.script_caption"))
    if drawn:
        st.caption(t("drill_papers.drawn", facts=drawn))
    row = st.container(horizontal=True)  # each button as wide as its words, none cut short
    download(row, t("drill_papers.script_md"), md, f"{stem}-script.md", "text/markdown", key="script_md")
    download(row, t("drill_papers.script_html"), html, f"{stem}-script.html", "text/html", key="script_html")
    download(row, t("drill_papers.script_xlsx"), xlsx, f"{stem}-msel.xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="script_xlsx")


# ------------------------------------------------------------------------------ during


def objectives_progress(engine, drill: int, state, evaluation) -> None:
    """Each objective with “x / y met” (live: called from the pages' refreshing parts)."""
    language = lang()
    goals = objectives.of_drill(engine, drill, state.inputs.scenario)
    st.markdown(f"**{t('drill.objectives')}**")
    for entry in objectives.progress(goals, evaluation):
        share = entry.met / entry.due if entry.due else 0.0
        st.progress(share, text=f"{markdown_plain(pick(entry.objective.text, language))} · {objectives.met_line(entry, language)}")


def objectives_shared(engine, drill: int) -> bool:
    return objectives.shared(engine, drill)


def objectives_editor(engine, drill: int, state, key: str) -> None:
    """The facilitator's edit of the drill's objectives — each by its text, kinds of action
    (at least one) and units (none: every unit) picked by name — and whether participants
    see them. An objective left without text is dropped; the empty row at the end adds one.
    Objectives' keys never show: each row keeps its own, a new one gets one when saved."""
    language = lang()
    cat = state.catalogue
    units = [u.id for u in state.inputs.plan.units]
    goals = objectives.of_drill(engine, drill, state.inputs.scenario)
    kind_name = lambda k: pick(dict(zip(LANGUAGES, KIND_LABELS[k])), language)  # noqa: E731
    with st.expander(t("drill_papers.edit_objectives")):
        shared = st.toggle(t("drill_papers.share"), value=objectives.shared(engine, drill), key=f"share_{drill}")
        if shared != objectives.shared(engine, drill):
            try:
                objectives.share(engine, drill, shared, key=key)
            except InputError as error:
                _error(error)
            else:
                _done(state, t("drill_papers.shared_on" if shared else "drill_papers.shared_off"))
        with form(f"objectives_{drill}"):
            typed, fields = [], {}
            for n, goal in enumerate([*goals, objectives.Objective("", {"zh": "", "en": ""}, ())]):
                cols = st.columns(4)
                zh = cols[0].text_input(t("drill_papers.col_zh"), goal.text["zh"], key=f"objective_{drill}_{n}_zh")
                en = cols[1].text_input(t("drill_papers.col_en"), goal.text["en"], key=f"objective_{drill}_{n}_en")
                kinds = choices.multiselect(cols[2], t("drill_papers.col_actions"), list(objectives.DECISIONS),
                                            default=list(goal.actions), format_func=kind_name,
                                            key=f"objective_{drill}_{n}_kinds",
                                            placeholder=t("drill_papers.pick_actions"), select_all=False)
                only = choices.multiselect(cols[3], t("drill_papers.col_units"), units, default=list(goal.units),
                                           format_func=lambda u: pick(cat.unit_name(u), language),
                                           key=f"objective_{drill}_{n}_units",
                                           placeholder=t("drill_papers.any"), select_all=False)
                if zh.strip() or en.strip():
                    typed.append(objectives.Objective(goal.key, {"zh": zh, "en": en}, tuple(kinds), tuple(only)))
                    # a text refused is said by its row of the form and its box (rows left empty are dropped)
                    fields.update({f"objectives.{len(typed)}.{language}": t("drill_papers.objective_box", n=n + 1,
                                                                             box=t(f"drill_papers.col_{language}"))
                                   for language in LANGUAGES})
            if st.form_submit_button(t("drill_papers.save_objectives")):
                try:
                    objectives.save(engine, drill, typed, units, key=key)
                except InputError as error:
                    _error(error, fields)
                else:
                    _done(state, t("drill_papers.saved_objectives", n=len(typed)))


# ------------------------------------------------------------------------------ after


def report_dossier(engine, state, key, evaluation):
    return dossier.gather(engine, state, key, evaluation)


def improvement_plan(engine, drill: int, state, answers, evaluation, key: str, archived: bool = False) -> None:
    """File the findings as tracked items (not on an archived drill, which refuses it); each
    item's unit, due date and status; the earlier drills' items."""
    language = lang()
    cat = state.catalogue
    name = lambda unit: pick(cat.unit_name(unit), language)  # noqa: E731
    st.subheader(t("drill_papers.improvements"))
    if not archived and st.button(t("drill_papers.file"), key=f"file_{drill}"):
        try:
            filed = improvement.file(engine, drill, findings.findings(state, answers, evaluation), state.inputs.plan,
                                     key=key)
        except InputError as error:
            _error(error)
        else:
            _done(state, t("drill_papers.filed", n=len(filed)))
    items = improvement.listing(engine, drill_id=drill)
    statuses = list(improvement.STATUSES)
    for item in items:
        cols = st.columns([5, 2, 2, 2])
        link = improvement.whatif_link(item, language)
        draft = f" · [{t('drill_papers.draft')}]({link})" if link else ""
        if item.carried_from is not None:
            draft += f" · {t('drill_papers.carried', id=item.carried_from)}"
        cols[0].markdown(f"**#{item.id}** {findings.grade_label(item.grade, language)} · "
                         f"{findings.attribution_label(item.attribution, language)} · "
                         f"{state.inputs.cite(item.clause, language)} · "
                         f"{name(item.unit)}{draft}\n\n"  # what was found, then what to do (items alike differ in the first)
                         f"{markdown_plain(t('drill_papers.item_found', finding=pick(item.found, language)))}  \n"
                         f"{markdown_plain(pick(item.action, language))}")
        status = choices.selectbox(cols[1], t("common.status"), statuses, index=statuses.index(item.status),
                                   key=f"status_{item.id}",
                                   format_func=lambda s: improvement.status_label(s, language))
        due = cols[2].date_input(t("drill.due_date"), value=item.due, key=f"due_{item.id}")
        if cols[3].button(t("drill_papers.update"), key=f"update_{item.id}"):
            try:
                improvement.update_item(engine, item.id, key=key, status=status,
                                        due=due if isinstance(due, dt.date) else None)
            except InputError as error:
                _error(error)
            else:
                _done(state, t("drill_papers.updated", id=item.id))
    earlier = improvement.earlier(engine, drill)
    if earlier:
        st.markdown(f"**{t('drill_papers.earlier')}**")
        frame(pd.DataFrame([{
            t("drill.item_number"): f"#{i.id}", t("drill.drill"): i.drill_name,
            t("drill.responsible"): name(i.unit), t("drill.improvement_action"): pick(i.action, language),
            t("common.status"): improvement.status_label(i.status, language),
        } for i in earlier]))


def fork_form(engine, drill: int, state, opened, key: str) -> None:
    """Start a new drill from a moment of this one (same seed, its log up to then);
    ``opened(made)`` opens the fork and shows its keys (:class:`sim.drills.keys.NewDrill`)."""
    start = state.inputs.scenario.start
    with form(f"fork_{drill}"):
        st.markdown(f"**{t('drill_papers.fork')}**")
        st.caption(t("drill_papers.fork_caption"))
        typed = st.text_input(t("drill_papers.fork_at"), value=clock(start, state.now_h))
        name = st.text_input(t("drill_papers.fork_name"))
        if st.form_submit_button(t("drill_papers.fork_go")):
            fields = {"at": t("drill_papers.fork_at"), "name": t("drill_papers.fork_name")}
            try:
                at_h = parse(start, typed)
            except ValueError as error:  # said by the field's label, as the drill's own refusals are
                _error(refused("at", error.args[0]), fields)
                return
            try:
                made = fork.fork(engine, drill, at_h, key=key, name=name, language=lang())
            except InputError as error:
                _error(error, fields)
                return
            opened(made)
            st.rerun()


def improvement_for_whatif(wanted: str):
    """The improvement item a What-if link names, with its drill's plan id; None if there is none."""
    from ..drills import db
    from ..drills.inputs import of_drill

    number = link_number(wanted)
    if number is None:
        return None
    try:  # a database that cannot be opened holds no item either
        engine = db.open_database()
        item = improvement.get(engine, number)
        plan_id = of_drill(db.load_drill(engine, item.drill_id)).plan.id
    except InputError:
        return None
    return item, plan_id
