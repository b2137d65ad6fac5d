"""The drill pages of the app: the facilitator's console, the participant's desk, the projector.

Every browser reads the drill from the database and every click is one committed write
(:mod:`sim.drills.control`), so any number of browsers on one server — the facilitator
on a projector, each participant on a laptop — see the same drill. The live parts are
``st.fragment(run_every=…)``: they re-read and replay the drill every few seconds
without rerunning the page, so a form being filled in is not disturbed.

The drill, role and key a page uses are in the URL: the facilitator's link
(``facilitator?drill=3&key=…``) runs the drill, each participant's link
(``participant?drill=3&role=power_company&key=…``) acts for that role and no other. A page
without its key shows nothing of the drill but how to get in — the participant's page
nothing of any drill, not even the list: a key typed there finds its own drill and
role; every write checks the key again in its own transaction (:mod:`sim.drills.db`).
An archived drill is listed only when asked for, and its console and desks offer no change. The projector view
(``projector?drill=3&key=…``) is the facilitator's too.

Every action taken on a page is confirmed (what, by whom, at what clock time) in a toast
and in a spot that survives the page's refreshes; a desk remembers, in its session, which
messages it has shown, and raises a toast and a highlight for each one that is new.
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from ..drills import control, db, keeper, keys, link_sheet, offer, pace, projector, report, script, views
from ..drills.replay import LiveReplay
from ..bounds import MAX_FACTOR, MAX_HOURS
from ..clock import duration
from ..errors import InputError
from ..messages import MESSAGES, joined, shortened, text
from ..report import level_name, severity_name
from . import choices, data, drill_papers
from .form_errors import readable
from .i18n import bi, lang, pick
from .run_page import replication_input
from .table_layout import unbroken
from .widgets import download, form, frame, link_number, markdown_plain, metric_row, number, said_back, whole_number

#: How often the live parts re-read the drill.
REFRESH = "2s"
#: How long a new message stays highlighted on a desk (wall seconds): long enough to be
#: seen by someone who looked away, short enough that the next one stands out.
HIGHLIGHT_S = 60.0
#: The highlight of a new message.
NEW_STYLE = "background-color: #fff3b0"
#: How much of a message its toast and its inbox row say, in the width of Latin letters (a
#: Chinese character counts two): 120 characters of Chinese, 240 letters of English, some
#: eight lines of the toast either way, a forecast with its figures whole; a message cut
#: there is read whole below the inbox's table.
SHORT_WIDTH = 240
#: How much of such a message's first line names its whole text's expander.
TITLE_WIDTH = 60
#: The own inject form's texts (field → widget key), emptied once it is sent (a refusal keeps them to put right).
OWN_INJECT_TEXTS = {field: f"own_inject_{field}" for field in ("title_zh", "title_en", "body_zh", "body_en")}
#: Where a session keeps the facilitator's name, given once, for the next drill it creates.
FACILITATOR_NAME = "drill_facilitator_name"


def t(key: str, **fmt: Any) -> str:
    """The page's label ``key`` (``drill_page.``, else the drills' ``drill.``, in the one
    catalogue; a whole key such as ``common.time`` for a word other faces show too)."""
    own = f"drill_page.{key}"
    return text(key if "." in key else own if own in MESSAGES else f"drill.{key}", lang(), **fmt)


@st.cache_resource
def _database(url: str):
    engine = db.open_database(url)
    keeper.keep(engine)  # this server keeps the running clocks while it lives
    return engine


def database():
    """The drills' database. When it cannot be opened (a mistyped ``TUIYAN_DB_URL``, a server
    that does not answer) the page says why, in the reader's language, and goes no further:
    nothing on it could work; the next run tries again."""
    try:
        return _database(db.database_url())
    except InputError as error:
        data.show_problems(error.problems, t("no_database"))
        st.stop()


def _table(rows: list[dict], whole: str | None = None) -> None:
    """``rows`` as a table (its column ``whole`` shown whole within a phone's screen: :func:`frame`), or "none"."""
    if rows:
        frame(pd.DataFrame(rows), whole=whole)
    else:
        st.caption(text("common.none", lang()))


def app_base() -> str:
    """This app's address as the browser sees it, for the links the facilitator hands out."""
    url = st.context.url
    if not url:
        return keys.DEFAULT_APP_URL
    return url.split("?", 1)[0].rsplit("/", 1)[0]


def _live(drill: int) -> LiveReplay:
    """This session's replay of ``drill``, kept between its refreshes (each runs on from the last)."""
    return st.session_state.setdefault(f"drill_live.{drill}", LiveReplay())


def _guard(action, fields: dict[str, str] | None = None) -> Any:
    """Run a write; show bad input as a message, never a traceback: each problem said by
    the label of the form's field it is about (``fields``: the domain's name of a field →
    its label on this form), without the command line's location and flags."""
    try:
        return action()
    except InputError as error:
        st.error(readable(error, lang(), fields or {}))
        return None


def _act(drill: int, action, fields: dict[str, str] | None = None) -> None:
    """Take a desk's action and confirm it (:func:`_confirm`), or keep its refusal in the
    page's confirmation spot until the person acts again or dismisses it: a refusal drawn
    where it was clicked went with the desk's next refresh, half a second later."""
    st.session_state.pop("drill_refused", None)
    try:
        done = action()
    except InputError as error:
        st.session_state["drill_refused"] = (drill, error, fields or {})
        st.rerun()
    _confirm(drill, done)


def pick_drill(key: str, none_yet: str = "no_drills") -> int | None:
    """The drill this page shows: from the URL, or chosen here (and then put in the URL);
    without any drill, the message ``none_yet`` says where one is made (the page by the
    name its menu entry and title show). An archived drill is listed only when the box that
    asks for them is ticked, or when the URL names it (its link still opens it)."""
    every = db.list_drills(database(), archived=True)
    if not every:
        st.info(t(none_yet, page=text("nav.facilitator", lang())))
        return None
    wanted = st.query_params.get("drill")
    number = link_number(wanted)
    if wanted is not None and number not in {d["id"] for d in every}:
        st.error(t("unknown_drill", drill=said_back(wanted)))  # a wrong link says so, and opens nothing else
        return None
    show_archived = any(d["archived"] for d in every) and st.checkbox(t("show_archived"), key=f"{key}.archived")
    drills = [d for d in every if show_archived or not d["archived"] or d["id"] == number]
    if not drills:
        st.info(t("all_archived"))
        return None
    ids = [d["id"] for d in drills]
    titles = data.scenarios().items
    scenario = lambda d: pick(titles[d["scenario"]].title, lang()) if d["scenario"] in titles else d["scenario"]  # noqa: E731
    names = {d["id"]: t("drill_option_archived" if d["archived"] else "drill_option", id=d["id"], name=d["name"],
                        scenario=scenario(d)) for d in drills}
    if st.session_state.get(key, ids[0]) not in ids:
        del st.session_state[key]  # an archived drill chosen before the box was cleared: the list's first
    index = ids.index(number) if wanted and number in ids else 0
    opened = st.session_state.pop(f"{key}.open", None)
    if opened in ids:
        st.session_state[key] = opened  # a drill just made here opens at once
    chosen = choices.selectbox(st, t("drill.drill"), ids, index=index, format_func=names.get, key=key)
    if st.query_params.get("drill") != str(chosen):
        st.query_params["drill"] = str(chosen)
    return chosen


# --------------------------------------------------------------------------- facilitator


def render_facilitator() -> None:
    st.title(text("nav.facilitator", lang()))
    with st.expander(t("new"), expanded=not db.list_drills(database())):
        _new_drill_form()
    drill = pick_drill("facilitator_drill", "no_drills_above")  # the form to make one is on this page
    if drill is None:
        return
    access = _facilitator_key(drill)
    if access is None:
        return
    documents = st.container()  # which documents the drill runs, once the drill is read below
    _links_panel(drill)
    st.markdown(f"[{t('projector_link')}]({keys.projector_link(app_base(), drill, access, lang())})")
    record = db.load_drill(database(), drill)
    _forks_notice(drill, record)
    # Once the drill has ended the clock, the injects and the roles refuse every change: their
    # controls are not drawn, and this says why once. Kept for the live part, which draws the
    # page again when the drill ends while it is open. An archived drill refuses them too.
    ended = st.session_state[f"console_closed.{drill}"] = record.clock.now() >= record.clock.end_h
    st.session_state[f"console_archived.{drill}"] = record.archived
    clicked = st.session_state.pop(_CONSOLE_CLICKED, None)
    if record.archived:
        st.info(t("console_archived"))
    elif ended:
        end = views.moment(record, record.clock.end_h)
        st.info(t("console_ended", end=end))
        if clicked is not None and clicked[0] == drill:  # on a console drawn before the end
            st.warning(t("console_unlogged", what=t(clicked[1]), end=end))
    else:
        _clock_controls(drill, access)
    _show_confirmation(drill)
    _live_overview(drill)
    left, right = st.columns(2)
    with left:
        _roles(drill, access, ended)
    with right:
        _injects(drill, access, ended or record.archived)
    state, key, evaluation = control.assess(database(), drill, _live(drill))
    colon = text("common.colon", lang())
    documents.markdown("  \n".join(f"**{label}**{colon}{value}"
                                   for label, value in state.inputs.documents_said(t("drill_report.plan"), lang())))
    if not record.archived:
        drill_papers.objectives_editor(database(), drill, state, access)
    # The report sits above the improvement plan but is written after the plan's buttons
    # are handled, so a report downloaded right after an item is filed or updated has it.
    report_spot = st.container()
    drill_papers.improvement_plan(database(), drill, state, key, evaluation, access, record.archived)
    with report_spot:
        _report_downloads(drill, state, key, evaluation)
    drill_papers.fork_form(database(), drill, state, _opened, access)
    _archive_panel(drill, access, record)


def _forks_notice(drill: int, record: db.DrillRecord) -> None:
    """Say on the console and the desks which drills were forked from this one, by name, and
    at what moment of it (its clock time): its people would otherwise not know the drill
    goes on elsewhere."""
    from ..drills import fork

    for child in fork.forks_of(database(), drill):
        st.info(t("forked_into", clock=views.moment(record, child.fork_h), name=markdown_plain(child.name)),
                icon=":material/call_split:")


def _archive_panel(drill: int, key: str, record: db.DrillRecord) -> None:
    """Archive the drill, after a second click that names it, or restore an archived one;
    either is confirmed as every console action is (what, by whom, at what clock time)."""
    st.subheader(t("archive_title"))
    asked = f"archive_asked.{drill}"
    if record.archived:
        st.session_state.pop(asked, None)
        if st.button(t("restore"), key=f"restore_{drill}"):
            _changed(drill, lambda: control.archive(database(), drill, key=key, restore=True))
        return
    st.caption(t("archive_caption"))
    if not st.session_state.get(asked):
        if st.button(t("archive"), key=f"archive_{drill}"):
            st.session_state[asked] = True
            st.rerun()
        return
    st.warning(t("archive_confirm", name=markdown_plain(record.name)))
    yes, no = st.columns(2)
    if yes.button(t("archive_yes"), key=f"archive_yes_{drill}", type="primary"):
        st.session_state.pop(asked, None)
        _changed(drill, lambda: control.archive(database(), drill, key=key))
    if no.button(t("archive_no"), key=f"archive_no_{drill}"):
        st.session_state.pop(asked, None)
        st.rerun()


def _changed(drill: int, change) -> None:
    """A change that redraws the whole console (archived or restored): confirmed, then the page
    again; a refusal stays where it was clicked."""
    done = _guard(change)
    if done is not None:
        _confirm(drill, done)
        st.rerun()


def _facilitator_key(drill: int) -> str | None:
    """The facilitator's key of ``drill``, from the URL or typed in; None (and a note) without it."""
    key = st.query_params.get("key")
    if key:
        holder = _guard(lambda: db.key_holder(database(), drill, key))
        if holder is not None and holder[0] is None:
            return key
        if holder is None:
            st.warning(t("wrong_key"))
        else:  # a participant's: it opens their desk alone
            role, person = holder
            unit = pick(control.catalogue_of(db.load_drill(database(), drill)).unit_name(role), lang())
            st.warning(t("participant_key_here", unit=unit, person=markdown_plain(person)))
            st.markdown(f"[{t('open_desk')}]({keys.participant_link(app_base(), drill, role, key, lang())})")
    else:
        st.info(t("need_facilitator_key"))
    typed = st.text_input(t("key"), type="password", key="facilitator_key")
    if typed and typed != key:
        st.query_params["key"] = typed
        st.rerun()
    return None


def _new_drill_form() -> None:
    """Scenario, seed and replication first (the drill papers of the incident they draw, to
    download), then the players, picked from the plan's units by name."""
    language = lang()
    loaded = data.scenarios()
    models = {loaded.paths[s]: loaded.items[s] for s in loaded.items}  # as every page lists them, the county's first
    paths = list(models)
    first = paths.index(loaded.paths[data.featured(loaded)]) if models else 0
    scenario = choices.selectbox(st, t("common.scenario"), paths, index=first, key="new_scenario",
                                 format_func=lambda p: bi(models[p].title, language))
    if scenario is None:
        return
    left, right = st.columns(2)
    seed = whole_number(left, t("common.seed"), "new_seed", 0, control.MAX_SEED, value=1)
    replication = replication_input(models[scenario], right, "new_replication")
    if seed is None or replication is None:
        return
    drill_papers.script_downloads(scenario, seed, replication)
    try:
        units = script.roles_of(scenario)
    except InputError as error:
        st.error(error.render(language))
        return
    # Streamlit's own "Select all" is English only: the page's button does it in the reader's language.
    st.button(t("all_roles"), key="new_roles_all", on_click=lambda: st.session_state.update(new_roles=list(units)))
    chosen = choices.multiselect(st, t("roles"), list(units), format_func=lambda u: pick(units[u], language),
                                 key="new_roles", placeholder=t("pick_roles"), select_all=False)
    with form("new_drill"):
        name = st.text_input(t("name"))
        # empty until the facilitator gives their name; the name given last in this session after that
        facilitator = st.text_input(t("facilitator_name"), value=st.session_state.get(FACILITATOR_NAME, ""))
        grace = number(st, t("grace"), "new_grace", 0.0, MAX_HOURS, value=control.DEFAULT_SETTINGS["grace_h"], step=0.25,
                       help=t("grace_help"))
        people = {unit: st.text_input(t("person_for", unit=pick(units[unit], language)), key=f"new_person_{unit}")
                  for unit in chosen}
        if st.form_submit_button(t("create")) and grace is not None:
            fields = {"name": t("name"), "facilitator": t("facilitator_name"),
                      **{f"role.{unit}": t("person_for", unit=pick(units[unit], language)) for unit in chosen}}
            made = _guard(lambda: control.create(database(), scenario, name=name, roles=people, seed=seed,
                                                 replication=replication, settings={"grace_h": float(grace)},
                                                 facilitator=facilitator), fields)
            if made is not None:
                st.session_state[FACILITATOR_NAME] = facilitator.strip()
                _opened(made)


def _opened(made: keys.NewDrill) -> None:
    """A drill just made here (created or forked): the console opens it with its facilitator's
    key, and keeps its keys for this session (the database keeps only their digests). Each
    link's holder is the one the drill records — typed on the form, or carried by a fork."""
    record = db.load_drill(database(), made.id)
    drill_papers.open_drill("facilitator_drill", made.id)
    st.query_params["key"] = made.facilitator_key
    st.session_state["drill_created"] = made.id
    st.session_state[f"drill_links.{made.id}"] = {
        "facilitator": made.facilitator_key,
        "roles": {role: (record.player(role) or "", key) for role, key in made.keys.items()},
    }


def _remember_link(drill: int, role: str, person: str, key: str) -> None:
    """A link just issued for ``role`` (a new holder, a renewed link): on the panel and the sheet."""
    links = st.session_state.setdefault(f"drill_links.{drill}", {"facilitator": None, "roles": {}})
    links["roles"][role] = (person, key)


def _links_panel(drill: int) -> None:
    """The links this session knows for ``drill`` — made here, so only the facilitator sees
    them: each role's unit, person, full URL (with a copy button) and QR code, and the
    printable sheet of them all. The database keeps only the keys' digests, so they are
    shown in the session that made them and never again. Each link opens in the page's
    language as it is now (switch it, and the links and the sheet follow)."""
    links = st.session_state.get(f"drill_links.{drill}")
    if not links:
        return
    language = lang()
    if st.session_state.get("drill_created") == drill:
        st.success(t("created", id=drill))
    record = db.load_drill(database(), drill)
    cat = control.catalogue_of(record)
    base = app_base()
    entries = [link_sheet.Entry(cat.unit_name(role), person, keys.participant_link(base, drill, role, key, language))
               for role, (person, key) in links["roles"].items()]
    opened = drill in (st.session_state.get("drill_created"), st.session_state.pop("drill_reissued", None))
    with st.expander(t("links"), expanded=opened):
        if links.get("facilitator"):
            st.caption(t("your_link"))
            st.code(keys.facilitator_link(base, drill, links["facilitator"], language), language=None)
        st.caption(t("copy_hint"))
        for entry in entries:
            with st.container(border=True):
                qr, words = st.columns([1, 4])
                qr.image(link_sheet.qr_png(entry.url), width=150)
                words.markdown(f"**{pick(entry.unit, language)}** · {markdown_plain(entry.person)}")
                words.code(entry.url, language=None)
        if entries:
            download(st, t("sheet"), link_sheet.html(record.name, entries, language), f"drill-{drill}-links.html",
                     "text/html", key=f"link_sheet_{drill}")


def _confirm(drill: int, action: db.Action | list[db.Action] | None, stop: pace.Stop | None = None) -> None:
    """Confirm a logged action — what, by whom, at what clock time — as a toast and, from
    the page's next run on, in the page's confirmation spot (``stop``: where the clock
    stopped and why); one click that logged several (every role's new link) confirms each.
    A refused action (None, or none at all) confirms nothing. The spot keeps the actions
    and the stop, not their words, so it says them in the language the page is in now."""
    actions = [action] if isinstance(action, db.Action) else list(action or [])
    if not actions:
        return
    state, _, _ = control.assess(database(), drill, _live(drill))
    st.session_state.pop("drill_refused", None)
    st.session_state["drill_confirmed"] = (drill, actions, stop)
    st.toast(_confirmed(state, actions), icon=":material/check_circle:")
    st.rerun()


def _confirmed(state, actions: list[db.Action]) -> str:
    """The confirmation of ``actions``, one a line, in the page's language."""
    return "  \n".join(markdown_plain(views.confirmation(state, action, lang())) for action in actions)


def _show_confirmation(drill: int, state=None) -> None:
    """The last action this session took on ``drill``, confirmed in the page's language
    (kept across the page's refreshes; once the drill's clock has moved past it, said grey
    as done before, with how long ago, no longer as a fresh green confirmation; ``state``: the drill as the caller has it, if it does),
    or the refusal of the last it tried (:func:`_act`), until it is dismissed."""
    refused = st.session_state.get("drill_refused")
    if refused and refused[0] == drill:
        _, error, fields = refused
        st.error(readable(error, lang(), fields))
        st.button(t("dismiss"), key="drill_refused_dismiss", on_click=lambda: st.session_state.pop("drill_refused", None))
        return
    confirmed = st.session_state.get("drill_confirmed")
    if not confirmed or confirmed[0] != drill:
        return
    _, actions, stop = confirmed
    state = state if state is not None else control.assess(database(), drill, _live(drill))[0]
    since = state.now_h - max(a.at_h for a in actions)
    if round(since * 60) > 0:  # the clock has moved on: said as what was done before, and how long ago
        st.caption(t("done_before", ago=duration(since, lang()), what=_confirmed(state, actions)))
        return
    st.success(_confirmed(state, actions), icon=":material/check_circle:")
    note = _stop_note(state, stop) if stop is not None else None
    if note:
        st.info(note)


#: Where a session keeps the console's last click on a control the end closes, (drill, its
#: label's key), from the control's callback to the run it starts: on a console drawn before
#: the drill ended, that run draws the control no more, and the click is answered from here.
_CONSOLE_CLICKED = "console_clicked"


def _console_click(drill: int, label: str) -> None:
    """Keep a console control's click for the run it starts (see :data:`_CONSOLE_CLICKED`)."""
    st.session_state[_CONSOLE_CLICKED] = (drill, label)


def _clock_controls(drill: int, key: str) -> None:
    """The clock's buttons: those that need no number on one line, each as wide as its words in
    either language; below, each number beside the button it goes with, level with its box."""
    engine = database()
    plain = st.container(horizontal=True)
    if plain.button(t("common.pause"), key="clock_pause", on_click=_console_click, args=(drill, "common.pause")):
        _confirm(drill, _guard(lambda: control.pause(engine, drill, key=key)))
    if plain.button(t("realtime"), key="clock_realtime", on_click=_console_click, args=(drill, "realtime")):
        _confirm(drill, _guard(lambda: control.run_clock(engine, drill, key=key, rate=1.0)))
    if plain.button(t("step"), key="clock_step", on_click=_console_click, args=(drill, "step")):
        _confirm(drill, _guard(lambda: control.step(engine, drill, key=key)))
    if plain.button(t("to_end"), key="clock_end", on_click=_console_click, args=(drill, "to_end")):
        _confirm(drill, _guard(lambda: control.advance(engine, drill, key=key, to_end=True)))
    cols = st.columns(4, vertical_alignment="bottom")
    rate = number(cols[0], t("rate"), "clock_rate", 1.0, MAX_FACTOR * 10, value=60.0, step=10.0)
    if cols[1].button(t("accelerate"), key="clock_accelerate", on_click=_console_click,
                      args=(drill, "accelerate")) and rate is not None:
        _confirm(drill, _guard(lambda: control.run_clock(engine, drill, key=key, rate=float(rate))))
    hours = number(cols[2], t("advance_h"), "clock_hours", 0.05, MAX_HOURS, value=1.0, step=0.25)
    if cols[3].button(t("advance"), key="clock_advance", on_click=_console_click,
                      args=(drill, "advance")) and hours is not None:
        moved = _guard(lambda: control.advance_paced(engine, drill, key=key, hours=float(hours), live=_live(drill)))
        _confirm(drill, *(moved or (None,)))
    with st.expander(t("clock_help_title")):
        st.markdown(t("clock_help"))


def _stop_note(state, stop: pace.Stop) -> str | None:
    """Why the Advance stopped before the hours asked for (None: it went the whole way)."""
    if stop.reason == "hours":
        return None
    what = pick(stop.what, lang())
    key = {"deadline": "stopped_at", "due": "stopped_for_due", "inject": "stopped_for_inject"}[stop.reason]
    return t(key, clock=views.at(state, stop.to_h), task=what)


def _clock_line(state) -> None:
    drill_clock = state.record.clock
    st.metric(t("drill.clock"), t("clock_value", now=views.at(state, state.now_h), end=views.at(state, drill_clock.end_h),
                            mode=views.clock_mode(drill_clock, lang())))


def _incident_metrics(state) -> None:
    language = lang()
    now = views.metrics(state)
    shown = views.figures(state, language)  # those the plan grades on first: a flood plan's rainfall
    if shown:
        metric_row(shown)
    # Levels are long names ("General large-area blackout"), which a metric's large type would run
    # over the next column and hide: lines, as on the Walk-through.
    named = [(t("common.severity"), severity_name(state.inputs.plan, now["severity"], language)),
             (t("common.response_level"), level_name(state.inputs.plan, now["level"], language))]
    colon = text("common.colon", language)
    st.markdown("  \n".join(f"**{label}**{colon}{value}" for label, value in named))


@st.fragment(run_every=REFRESH)
def _live_overview(drill: int) -> None:
    language = lang()
    state, _key, evaluation = control.assess(database(), drill, _live(drill))
    if state.ended and not st.session_state.get(f"console_closed.{drill}", True):
        st.rerun()  # the clock ran to the end while the console was open: the page again, without its controls
    if state.record.archived != st.session_state.get(f"console_archived.{drill}", state.record.archived):
        st.rerun()  # archived or restored on another console: the page again, with its controls or without
    _clock_line(state)
    _incident_metrics(state)
    st.subheader(t("overview"))
    overall = evaluation.overall.percent
    st.caption(f"{t('drill.overall')}{text('common.colon', lang())}{report.percent(overall, lang())}")
    _table(views.overview(state, evaluation, language))
    drill_papers.objectives_progress(database(), drill, state, evaluation)
    st.subheader(t("deviations"))
    _table([{views.label("common.time", language): views.at(state, d.t_h),
             views.label("common.unit", language): pick(state.catalogue.unit_name(d.role), language),
             views.label("common.clause", language): state.inputs.cite(d.clause, language, clause_first=True),
             views.label("message", language): pick(d.text, language)} for d in evaluation.deviations])
    decided = views.decisions(state, evaluation, language)
    if decided:
        st.subheader(t("left_to_units"))
        _table(decided)
    st.subheader(t("feed"))
    st.caption(t("feed_caption"))
    _table(views.engine_feed(state, language))


def _roles(drill: int, key: str, ended: bool) -> None:
    """Who plays which unit; assigning a role (not once the drill has ended) and a new link for a
    player (neither while it is archived)."""
    engine = database()
    record = db.load_drill(engine, drill)
    cat = control.catalogue_of(record)
    language = lang()
    role_label = lambda r: pick(cat.unit_name(r), language)  # noqa: E731
    st.subheader(t("assign"))
    _table([{views.label("common.unit", language): pick(cat.unit_name(p.role), language),
             views.label("player", language): p.person} for p in record.participants])
    if not ended and not record.archived:
        with form("assign_role"):
            role = choices.selectbox(st, t("drill.role"), cat.roles, format_func=role_label, key="assign_role_unit")
            person = st.text_input(t("person"), key="assign_role_person")
            if st.form_submit_button(t("apply"), on_click=_console_click, args=(drill, "apply")):
                handed = _guard(lambda: control.assign(engine, drill, role, person, key=key),
                                {"role": t("drill.role"), "person": t("person")})
                if handed is not None:
                    if handed.key is not None:
                        _remember_link(drill, role, person.strip(), handed.key)
                    _confirm(drill, handed.action)
    played = [p.role for p in record.participants]
    if played and not record.archived:
        with form("new_link"):
            every = ""  # the choice that re-issues every played role's link (a new sheet for the room)
            role = choices.selectbox(st, t("new_link"), [*played, every] if len(played) > 1 else played,
                                     format_func=lambda r: t("every_role") if r == every else role_label(r),
                                     key="new_link_role")
            if st.form_submit_button(t("issue")):
                issued = []  # each link re-issued, confirmed each (a refusal stops the rest, and is shown)
                for one in played if role == every else [role]:
                    fresh = _guard(lambda: control.new_link(engine, drill, one, key=key))
                    if fresh is None:
                        break
                    issued.append(fresh.action)
                    _remember_link(drill, one, record.player(one) or "", fresh.key)
                    st.session_state["drill_reissued"] = drill  # the links panel opens on the new link
                _confirm(drill, issued)


def _injects(drill: int, key: str, ended: bool) -> None:
    """The drill's injects, each released or when it is due; releasing one early and sending
    one's own (neither once the drill has ended)."""
    engine = database()
    record = db.load_drill(engine, drill)
    language = lang()
    now = record.clock.now()
    st.subheader(t("injects"))
    cat = control.catalogue_of(record)
    named = lambda role: pick(cat.unit_name(role), language)  # noqa: E731
    for inject in record.injects:
        when = t("released") if inject.visible(now) else t("scheduled", t=views.moment(record, inject.at_h or 0.0))
        row = st.container(horizontal=True, vertical_alignment="center")  # the button as wide as its words
        row.markdown(f"**{markdown_plain(pick(inject.title, language))}** · {joined((named(r) for r in inject.roles), language)} · {when}",
                     width="stretch")
        if not ended and not inject.visible(now) and row.button(t("release"), key=f"release_{inject.key}",
                                                                     on_click=_console_click, args=(drill, "release")):
            # confirmed only when it went through: a refusal stays on the page
            _confirm(drill, _guard(lambda inject=inject.key: control.release(engine, drill, inject, key=key)))
    if ended:
        return
    _empty_once_sent("own_inject_sent", OWN_INJECT_TEXTS.values())
    with form("own_inject"):
        st.markdown(f"**{t('drill.own_inject')}**")
        roles = choices.multiselect(st, t("to_roles"), cat.roles, format_func=named, key="own_inject_roles",
                                    placeholder=text("common.none", lang()), select_all=False)
        title_zh, title_en = (st.text_input(t(field), key=OWN_INJECT_TEXTS[field]) for field in ("title_zh", "title_en"))
        body_zh, body_en = (st.text_area(t(field), key=OWN_INJECT_TEXTS[field]) for field in ("body_zh", "body_en"))
        if st.form_submit_button(t("send"), on_click=_console_click, args=(drill, "send")):
            fields = {"roles": t("to_roles"), "title.zh": t("title_zh"), "title.en": t("title_en"),
                      "body.zh": t("body_zh"), "body.en": t("body_en")}
            sent = _guard(lambda: control.send_inject(engine, drill, key=key, roles=roles,
                                                      title={"zh": title_zh or title_en, "en": title_en or title_zh},
                                                      body={"zh": body_zh or body_en, "en": body_en or body_zh}),
                          fields)
            if sent is not None:
                st.session_state["own_inject_sent"] = True
            _confirm(drill, sent)


def _empty_once_sent(flag: str, boxes) -> None:
    """Empty a form's text ``boxes`` (widget keys) once what they held was sent (``flag`` set
    by the send), so a second click or Enter sends nothing twice. Written empty, not dropped:
    a browser goes on showing, and sends again, the text of a box whose value was dropped."""
    if st.session_state.pop(flag, False):
        for box in boxes:
            st.session_state[box] = ""


def _report_downloads(drill: int, state, key, evaluation) -> None:
    language = lang()
    st.subheader(t("report"))
    papers = drill_papers.report_dossier(database(), state, key, evaluation)
    cols = st.columns(2)
    download(cols[0], t("download_md"), report.markdown(state, key, evaluation, language, papers),
             f"drill-{drill}-report.md", "text/markdown")
    download(cols[1], t("download_html"), report.html(state, key, evaluation, language, papers),
             f"drill-{drill}-report.html", "text/html")


# --------------------------------------------------------------------------- projector


#: The projector's board: the open tasks on one screen, read from the back of a room. Sized
#: by the screen's height (``vh``), so :data:`BOARD_ROWS` rows fit under the clock at any
#: resolution: the clock beside the level, then the tasks, one row each, a unit's and a
#: task's words cut after two lines; a deadline and the time left stay on one line each ("07-18 16:30",
#: "已超时 4 小时").
BOARD_CSS = """<style>
.board { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: #111; }
.board .top { display: flex; align-items: center; gap: 4vw; }
.board .clock { font-size: min(13vw, 15vh); font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; }
.board .date { font-size: min(2.4vw, 3vh); color: #555; }
.board .level { font-size: min(4vw, 5vh); font-weight: 700; color: #c0392b; margin: .1em 0; }
.board h3 { font-size: min(2.4vw, 3.6vh); margin: 1.2vh 0 .4vh; padding: 0; }
.board table { width: 100%; border-collapse: collapse; font-size: min(2.1vw, 3vh); line-height: 1.25; }
.board td, .board th { border-bottom: 1px solid #ccc; padding: .15em .4em; text-align: left; vertical-align: top; }
.board .unit div, .board .task div { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.board .late { color: #c0392b; font-weight: 700; }
.board .when { white-space: nowrap; }
.board .unit { min-width: 6em; max-width: 22vw; }
.board .more { color: #555; font-size: min(2vw, 2.8vh); margin: .4vh 0 0; }
</style>"""
#: How many tasks the board shows, the nearest deadline first: as many as :data:`BOARD_CSS`
#: fits on a 16:9 screen under the clock, each of two lines; the rest are counted ("+3 more").
BOARD_ROWS = 7


#: The wall's page is the board alone: no sidebar, header, toolbar or navigation, the
#: whole width, the drill's name small above the board. Only on this page, only while
#: it shows a board (a page still asking for the drill or the key keeps its frame).
KIOSK_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2rem; max-width: 100%; }
[data-testid="stMain"] h1 { font-size: 1.4rem; padding: 0; color: #555; }
</style>"""


def render_projector() -> None:
    """The drill on the wall: the facilitator's (it needs their key), refreshing on its own.
    With the drill and the facilitator's key in its link it is a kiosk: the board alone,
    in the language of the link's ``lang`` (``…&lang=en``) or of the session."""
    drill, key = link_number(st.query_params.get("drill")), st.query_params.get("key")
    if drill is not None and key:
        record = _guard(lambda: db.load_drill(database(), drill)) if drill in {
            d["id"] for d in db.list_drills(database(), archived=True)} else None
        holder = _guard(lambda: db.key_holder(database(), drill, key)) if record is not None else None
        if holder is not None and holder[0] is None:
            st.html(KIOSK_CSS)
            st.title(markdown_plain(record.name))
            _board(drill)
            return
    st.title(text("nav.projector", lang()))
    drill = pick_drill("projector_drill")
    if drill is None:
        return
    if _facilitator_key(drill) is None:
        return
    _board(drill)


@st.fragment(run_every=REFRESH)
def _board(drill: int) -> None:
    language = lang()
    state, _key, evaluation = control.assess(database(), drill, _live(drill))
    board = projector.board(state, evaluation, language)
    esc = html.escape
    shown = board.countdowns[:BOARD_ROWS]  # the nearest deadlines (the overdue first): the board sorts them
    rows = "".join(
        f'<tr><td class="unit"><div>{esc(c.unit)}</div></td><td class="task"><div>{esc(c.task)}</div></td>'
        f'<td class="when">{esc(c.deadline)}</td><td class="when{" late" if c.left_h < 0 else ""}">'
        f"{esc(t('over' if c.left_h < 0 else 'left', left=c.left))}</td></tr>" for c in shown)
    head = "".join(f'<th class="{kind}">{esc(h)}</th>' for kind, h in (
        ("unit", views.label("common.unit", language)), ("task", views.label("common.task", language)),
        ("when", views.label("by", language)), ("when", t("time_left"))))
    more = len(board.countdowns) - len(shown)
    tasks = (f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>" if rows
             else f"<p>{esc(t('ended') if board.ended else t('no_countdowns'))}</p>")
    if more:
        tasks += f'<p class="more">{esc(t("more_tasks", n=more))}</p>'
    st.html(f'{BOARD_CSS}<div class="board"><div class="top"><div class="clock">{esc(board.time)}</div><div>'
            f'<div class="date">{esc(board.date)} · {esc(board.mode)}</div>'
            f'<div class="level">{esc(views.label("common.response_level", language))} · {esc(board.level)}</div>'
            f'<div class="date">{esc(views.label("common.severity", language))} · {esc(board.severity)}</div>'
            f"</div></div><h3>{esc(t('countdowns'))}</h3>{tasks}</div>")


# --------------------------------------------------------------------------- participant


def render_participant() -> None:
    """A desk, opened by the key in its link (or typed here): the key says the drill and the
    role. Without a key the page says how to get in and shows nothing of any drill — not
    even their names, which are the office's, not every visitor's."""
    st.title(text("nav.participant", lang()))
    key = st.query_params.get("key")
    if not key:
        _ask_for_key()
        return
    wanted_drill = st.query_params.get("drill")
    if wanted_drill is None:  # a key typed alone: it says its drill (and its role, below)
        found = db.whose_key(database(), key)
        if found is None:
            st.warning(t("no_such_key"))
            _ask_for_key()
            return
        st.query_params["drill"] = str(found[0])
        wanted_drill = str(found[0])
    drill = link_number(wanted_drill)
    if drill is None or drill not in {d["id"] for d in db.list_drills(database(), archived=True)}:
        st.error(t("unknown_drill", drill=said_back(wanted_drill)))  # a wrong link says so, and opens nothing else
        return
    wanted = st.query_params.get("role")
    if wanted is not None and db.load_drill(database(), drill).player(wanted) is None:
        _unplayed(drill, wanted)  # a wrong link opens nobody's desk
        return
    holder = _guard(lambda: db.key_holder(database(), drill, key))
    if holder is not None and holder[0] is None:  # the facilitator's: it opens their pages, not a desk
        st.warning(t("facilitator_key_here"))
        st.markdown(f"[{t('open_console')}]({keys.facilitator_link(app_base(), drill, key, lang())})")
        return
    if holder is None:
        _not_this_desk(drill, key, wanted)
        return
    role, person = holder
    st.session_state[f"desk_held.{drill}"] = (keys.digest(key), role)
    if st.query_params.get("role") != role:
        st.query_params["role"] = role  # the key says which role this is, whatever the link said
    record = db.load_drill(database(), drill)
    language = lang()
    cat = control.catalogue_of(record)
    st.markdown(f"**{t('pick_role')}**{text('common.colon', language)}{t('playing_as', person=markdown_plain(person), unit=pick(cat.unit_name(role), language))}")
    _forks_notice(drill, record)
    # whether the page is drawn for a drill that has ended (no form): its live part reruns it when it ends
    st.session_state[f"desk_closed.{drill}"] = record.clock.now() >= record.clock.end_h
    # and whether for an archived one (no form either): likewise when it is archived or restored
    st.session_state[f"desk_archived.{drill}"] = record.archived
    _desk(drill, role, key)
    _action_form(drill, role, key)


def _ask_for_key() -> None:
    """What a participant does to get in: open their link, or type the key the facilitator
    gave them (which then opens the desk it is for)."""
    st.info(t("need_participant_key"))
    typed = st.text_input(t("key"), type="password", key="participant_key").strip()
    if typed and typed != st.query_params.get("key"):
        st.query_params.pop("drill", None)  # the key says its drill: a drill in the link is not looked at
        st.query_params.pop("role", None)
        st.query_params["key"] = typed
        st.rerun()


def _not_this_desk(drill: int, key: str, role: str | None) -> None:
    """Say why a key opens no desk. The key this session's desk played ``role`` with, and
    plays it no more (handed on, or renewed), says so and who plays it now; any other key
    that matches nothing (a guess, or an old link opened afresh: the drill keeps only the
    present keys' digests) is told that it does not belong to the drill or works no more."""
    record = db.load_drill(database(), drill)
    person = record.player(role) if role else None
    if person is None or st.session_state.get(f"desk_held.{drill}") != (keys.digest(key), role):
        st.warning(t("wrong_key"))
        return
    st.warning(t("link_lapsed", unit=pick(control.catalogue_of(record).unit_name(role), lang()),
                 person=markdown_plain(person)))


def _unplayed(drill: int, role: str) -> None:
    """Say that a link's role is played by nobody: the unit by its name when it is one of
    the plan's, else that the link names no role of the drill (its text is not repeated)."""
    cat = control.catalogue_of(db.load_drill(database(), drill))
    if role in {unit.id for unit in cat.plan.units}:
        st.error(t("unknown_role", unit=pick(cat.unit_name(role), lang()), drill=drill))
    else:
        st.error(t("no_such_role", drill=drill))


@st.fragment(run_every=REFRESH)
def _desk(drill: int, role: str, key: str) -> None:
    language = lang()
    if (db.key_holder(database(), drill, key) or (None,))[0] != role:
        st.rerun()  # the role was handed on or its link renewed: the whole page again, saying so
    state, _key, evaluation = control.assess(database(), drill, _live(drill))
    archived = state.record.archived
    if archived != st.session_state.get(f"desk_archived.{drill}", archived):
        st.rerun()  # archived or restored while the desk was open: the whole page again, with its form or without
    _clock_line(state)
    _incident_metrics(state)
    _show_confirmation(drill, state)
    if archived:
        st.info(t("desk_archived"))
    clicked = st.session_state.pop(_CLICKED, None)
    if state.ended:
        if clicked is not None and clicked[0] == drill:  # drawn before the end, clicked after it
            st.session_state[_UNLOGGED] = clicked
        if not st.session_state.get(f"desk_closed.{drill}"):
            st.rerun()  # the drill ended while the desk was open: the whole page again, without its form
        st.info(t("ended"))
        unlogged = st.session_state.get(_UNLOGGED)
        if unlogged is not None and unlogged[0] == drill:
            _, kind, args = unlogged
            st.warning(t("ended_unlogged", end=views.at(state, state.record.clock.end_h),
                         what=markdown_plain(pick(state.catalogue.action_label(role, kind, args), language))))
    if drill_papers.objectives_shared(database(), drill):
        drill_papers.objectives_progress(database(), drill, state, evaluation)
    st.subheader(t("tasks"))
    todo = views.tasks(evaluation, role)
    if not todo:
        st.caption(t("no_tasks"))
    # a decision the plan leaves to the unit is answered either way: taken, or declined
    answered = [list(zip(("do", "decline"), state.catalogue.answers(item.kind, item.key))) for item in todo]
    # every row split as the widest is, so that each row's first button stands under the one above
    widths = [5] + [1] * max(map(len, answered), default=0)
    for item, answers in zip(todo, answered):
        cols = st.columns(widths)
        overdue = f" · **{t('overdue')}**" if item.status == "missed" else ""
        cols[0].markdown(unbroken(f"{pick(views.task_label(item), language)} · {state.inputs.cite(item.clause, language)} · "
                                  f"{views.label('due', language)} {views.at(state, item.due_h)} · "
                                  f"{views.label('by', language)} {views.at(state, item.due_h + item.allowed_h)}{overdue}"))
        args = views.task_args(state, item)
        for col, (answer, kind) in zip(cols[1:], answers):
            if (args is not None and not archived and offer.is_open(state, role, kind, args)
                    and col.button(t(answer), key=f"{answer}_{item.kind}_{item.key}_{item.due_h}",
                                   help=t("decline_help") if answer == "decline" else None,
                                   on_click=_clicking, args=(drill, kind, args))):
                _act(drill, lambda: control.act(database(), drill, role=role, key=key, kind=kind, args=args,
                                                live=_live(drill)))
    st.subheader(t("inbox"))
    _inbox(drill, role, state, language)
    st.subheader(t("timeline"))
    # a player reads their timeline for what they did, whole on a phone as the inbox's messages are
    _table(views.own_timeline(state, evaluation, role, language), whole=views.label("action", language))


#: Where a session keeps the desk's last click, (drill, kind, args), from its button's callback
#: to the run it starts: a click on a desk drawn before the drill ended reaches a run that
#: draws no button any more, whose return value would have carried it.
_CLICKED = "desk_clicked"
#: Where a session keeps the click that came after the end, to say on the desk that it was not logged.
_UNLOGGED = "desk_unlogged"


def _clicking(drill: int, kind: str, args: Mapping[str, str]) -> None:
    """Keep a desk's click for the run it starts (a button's or the form's callback)."""
    st.session_state[_CLICKED] = (drill, kind, dict(args))


def _submitting(drill: int, kind: str, arg: str | None) -> None:
    """Keep the desk form's action as sent: its kind and the choice of its argument ``arg``
    (a note's text is not kept: the note is named by its kind)."""
    chosen = st.session_state.get(f"act_arg_{kind}")
    _clicking(drill, kind, {arg: chosen} if arg is not None and chosen is not None else {})


def _inbox(drill: int, role: str, state, language: str) -> None:
    """The desk's inbox, newest first. What arrived since the desk last looked raises a toast
    and stays highlighted for :data:`HIGHLIGHT_S` seconds; what was there on the desk's
    first look in this session is not news. The message comes before who sent it, and shows
    whole within a phone's screen: a player reads the table for it."""
    messages = views.inbox(state, role, language)
    seen_key, marks_key = f"desk_seen.{drill}.{role}", f"desk_new.{drill}.{role}"
    arrived = views.fresh(messages, st.session_state.get(seen_key))
    st.session_state[seen_key] = {m.key for m in messages}
    marks: dict[str, float] = st.session_state.setdefault(marks_key, {})
    now = time.time()
    for message in arrived:
        marks[message.key] = now
        said = shortened(_one_line(message.text, language), SHORT_WIDTH)
        st.toast(t("new_message", text=markdown_plain(said)), icon=":material/mail:")
    new = {key for key, since in marks.items() if now - since < HIGHLIGHT_S}
    if new:
        st.warning(t("new_count", n=sum(1 for m in messages if m.key in new)), icon=":material/mark_email_unread:")
    if not messages:
        st.caption(text("common.none", lang()))
        return
    mark, said = t("new_mark"), views.label("message", language)
    previews = [shortened(_one_line(m.text, language), SHORT_WIDTH) for m in messages]
    table = pd.DataFrame([{mark: "●" if m.key in new else "", views.label("common.time", language): views.at(state, m.t_h),
                           said: preview, views.label("from", language): m.source}
                          for m, preview in zip(messages, previews)])
    frame(table, style=lambda row: [NEW_STYLE if row[mark] else ""] * len(row), whole=said)
    for message, preview in zip(messages, previews):
        if preview != _one_line(message.text, language):  # cut in its row: here whole, line by line
            title = shortened(message.text.splitlines()[0], TITLE_WIDTH)
            with st.expander(t("whole_message", time=views.at(state, message.t_h), title=markdown_plain(title)),
                             key=f"whole_{drill}_{role}_{message.key}"):
                st.markdown("  \n".join(markdown_plain(line) for line in message.text.splitlines()))


def _one_line(message: str, language: str) -> str:
    """A message's lines (a forecast's figures) as clauses of one line: a table's cell and a
    toast draw no line breaks, and run the lines into one another ("…possible Forecast load shed")."""
    return joined(message.splitlines(), language, "common.clause_sep")


def _action_form(drill: int, role: str, key: str) -> None:
    """The role's decisions open now (:mod:`sim.drills.offer`: none already taken or waiting
    to take effect), each with its open choices; a choice kept from before that is no
    longer open gives way to the first open one. Once the drill has ended there is nothing
    left to decide: the desk says it has ended, and offers no form the drill would refuse; nor
    while the drill is archived."""
    language = lang()
    state = _live(drill).replay(db.load_drill(database(), drill))
    if state.ended or state.record.archived:
        return
    specs = offer.open_specs(state, role)
    _forget_closed("act_kind", [s.kind for s in specs])
    for spec in specs:
        _forget_closed(f"act_arg_{spec.kind}", [c.value for c in spec.choices])
    st.subheader(t("act"))
    kind = choices.selectbox(st, t("drill.action"), [s.kind for s in specs], key="act_kind",
                             format_func=lambda k: text(f"drill_action.{k}", language))
    spec = next(s for s in specs if s.kind == kind)
    _empty_once_sent("act_sent", ["act_text"])
    with form("act_form"):
        args: dict[str, str] = {}
        label = t("note_text") if spec.arg == "text" else t("argument")
        fields = {f"args.{spec.arg}": label}  # a refusal of the action's one argument, by its label
        if spec.arg == "text":
            args["text"] = st.text_input(label, key="act_text")
        elif spec.arg is not None:
            values = [c.value for c in spec.choices]
            labels = {c.value: f"{pick(c.label, language)} · {state.inputs.cite(c.clause, language)}"
                      for c in spec.choices}
            args[spec.arg] = choices.selectbox(st, label, values, format_func=labels.get, key=f"act_arg_{kind}")
        if st.form_submit_button(t("submit"), on_click=_submitting, args=(drill, kind, spec.arg)):
            def send() -> db.Action:
                done = control.act(database(), drill, role=role, key=key, kind=kind, args=args, live=_live(drill))
                st.session_state["act_sent"] = True  # logged: a refusal keeps the words to put right
                return done

            _act(drill, send, fields)


def _forget_closed(key: str, values: list) -> None:
    """Replace a choice this session kept under ``key`` that is not among ``values`` any more
    by the first of them. Written, not dropped: a browser keeps the text it drew for a choice
    until the value is sent again, so a dropped one went on showing the step just taken (不采取
    Decline) while the form beneath it, and its Submit, were another action's."""
    if key in st.session_state and values and st.session_state[key] not in values:
        st.session_state[key] = values[0]
