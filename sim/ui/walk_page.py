"""The Walk-through page (trainers): step through a run's log with a class.

At each entry the page shows the state at that moment, why the entry happened (the plan
rule, its clause and original text, in Chinese and English), what each unit should be
doing next, and every chart of the run with a cursor at that moment. A class rarely wants
all of a run's entries: *key events* keeps the warning, each report hop, declaring,
adjusting and ending the response, escalation and backup fuel running out; a unit filter
keeps one unit's entries; *next decision* jumps to the next decision the plan leaves to a
person; autoplay steps on its own at a chosen pace. The handout is the shown entries as a
printable page (:mod:`sim.ui.walk_handout`). The page keeps, per run, the entry and the
filters the trainer left, so looking at the Run page (or any other) and coming back
returns there.

The run is the last one of the Run page when scenario and seed match (so an uploaded plan
is walked through as run), otherwise the shipped plans' run, from the cache.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping

import streamlit as st

from .. import clock as scenario_clock
from ..bounds import MAX_SEED
from ..clock import clock
from ..errors import InputError
from ..event_kinds import crew_parts, is_decision, is_key, kind_name, kind_of, left_to_units, plan_kinds
from ..event_rules import explain, title_in_run
from ..event_text import attempt_places, entry_words
from ..plan import ResponsePlan
from ..messages import joined
from ..names import Names
from ..report import figure_name, figure_now, level_name, name_of, severity_name
from . import choices, data, runs
from .describe import source_cells, trigger_text
from .i18n import LANGUAGES, bi, lang, pair, pick, t
from ..plan.figures import is_grid_figure
from .charts import grid_columns, metric_columns
from .run_page import (CHARTS, LAST, chart_order, departure_notice, drawn_notice, file_stem, figures_at, fire_only,
                       grid_names, names_of, open_run, primary_plan, replication_input)
from .walk import (busy_at, conditions_at, due_duties, entry_grounds, entry_incident, fire_at, given_conditions,
                   ground_lines, published_of, row_at, warning_at)
from .walk_handout import handout_html
from .widgets import bicols, chart, download, metric_row, said_back, table, whole_number

CURRENT = "walk.current"
#: The current entry: its 1-based number in the whole log (kept across filters).
INDEX = "walk.i"
#: The run (its key) whose entry :data:`INDEX` holds.
WALKED = "walk.walked"
#: Where the trainer was in each run walked through this session: run key → the entry and
#: the filters. Plain session state: Streamlit forgets a widget's value once another page
#: has run without it, and a trainer who looks at the Run page comes back to the same entry.
PLACES = "walk.places"
#: The filters kept with the entry (widget keys).
FILTERS = ("walk.key_only", "walk.units")
PLAYING = "walk.playing"
TICKED = "walk.ticked"
#: Seconds per step that autoplay offers.
SPEEDS = (0.5, 1.0, 2.0, 4.0)


def render() -> None:
    st.title(t("nav.walk"))
    scenarios = data.scenarios()
    if not scenarios.items:
        data.show_problems(scenarios.problems, t("common.load_errors"))
        st.info(t("common.no_scenarios", folder=data.folders("scenario", lang())))
        return
    language = lang()
    last = st.session_state.get(LAST)
    ids = list(scenarios.items)
    if "walk.scenario" not in st.session_state:
        follow(last, ids, data.featured(scenarios))
    left, middle, right = st.columns([3, 1, 1])
    with left:
        scenario_id = choices.selectbox(st, t("common.scenario"), ids, key="walk.scenario",
                                        format_func=lambda s: bi(scenarios.items[s].title, language))
    with middle:
        seed = whole_number(st, t("common.seed"), "walk.seed", 0, MAX_SEED, value=1)
    replication = replication_input(scenarios.items[scenario_id], right, "walk.replication")
    if seed is None or replication is None:
        return
    run = current_run(scenario_id, seed, replication, last)
    if run is None:
        return
    drawn_notice(run, language)
    departure_notice(run, language)
    resume(run)
    events = run["result"].get("events") or []
    if not events:
        st.info(t("walk.no_events"))
        return
    shown = filters(run, events, language)
    if not shown:
        st.info(t("walk.none_shown"))
        return
    controls(run, events, shown)
    remember(run)
    show_step(run, events, shown, language)


def follow(last: dict | None, ids: list[str], featured: str) -> None:
    """Point the page's pickers at the Run page's last run (or the featured scenario)."""
    known = last is not None and last["case"].scenario.id in ids
    st.session_state["walk.scenario"] = last["case"].scenario.id if known else featured
    st.session_state["walk.seed"] = last["seed"] if known else 1
    st.session_state["walk.replication"] = last["replication"] if known else 0


def _same(run: dict | None, scenario_id: str, seed: int, replication: int) -> bool:
    return (run is not None and run["case"].scenario.id == scenario_id and run["seed"] == seed
            and run["replication"] == replication)


def current_run(scenario_id: str, seed: int, replication: int, last: dict | None) -> dict | None:
    """The run to walk through, kept in the session so stepping never re-fetches it."""
    if _same(last, scenario_id, seed, replication):
        return last
    held = st.session_state.get(CURRENT)
    if _same(held, scenario_id, seed, replication):
        return held
    try:
        case = runs.case(scenario_id, replication=replication)
        bar = st.progress(0.0, text=t("run.progress", pct=0))
        result = runs.run(case, seed,
                          progress=lambda f: bar.progress(f, text=t("run.progress", pct=int(f * 100))))
        bar.empty()
    except InputError as error:
        data.show_problems(error.problems, t("run.error"))
        return None
    held = runs.held_run(case, seed, result)
    st.session_state[CURRENT] = held
    return held


def resume(run: dict) -> None:
    """Open a run at the entry the trainer was on in it (and with the filters then set), or
    at its first entry: after another page, or another run, the entry shown is this run's."""
    if st.session_state.get(WALKED) == run["key"] and INDEX in st.session_state:
        return
    place = st.session_state.get(PLACES, {}).get(run["key"], {})
    st.session_state[INDEX] = place.get(INDEX, 1)
    for key in FILTERS:
        if key not in st.session_state and key in place:
            st.session_state[key] = place[key]
    st.session_state[WALKED] = run["key"]


def remember(run: dict) -> None:
    """Keep where the trainer is in this run, for :func:`resume`."""
    places = st.session_state.setdefault(PLACES, {})
    places[run["key"]] = {key: st.session_state[key] for key in (INDEX, *FILTERS) if key in st.session_state}


def filters(run: dict, events: list[dict], language: str) -> list[int]:
    """The mode (every entry or key events) and the unit filter; the numbers of the entries shown."""
    kinds = plan_kinds(run["plans"])
    named = names_of(run).of("unit")
    units = sorted({e.get("unit") for e in events if e.get("unit")}, key=lambda u: name_of(named, u, language, "—"))
    left, right = st.columns([1, 2], vertical_alignment="bottom")  # the switch level with the filter's box
    key_only = left.toggle(t("walk.key_events"), key="walk.key_only")
    chosen = choices.multiselect(
        right, t("run.filter_unit"), units, key="walk.units", placeholder=t("common.all_units"),
        format_func=lambda u: name_of(named, u, language, "—"),
        select_all=False)  # Streamlit's "Select all" is English only, and all is no filter
    return [i + 1 for i, e in enumerate(events)
            if (not key_only or is_key(e, kinds)) and (not chosen or e.get("unit") in chosen)]


def _snap(shown: list[int]) -> None:
    """Keep the current entry on one that is shown: the first shown at or after it, else the last."""
    current = int(st.session_state.get(INDEX, 1))
    st.session_state[INDEX] = current if current in shown else next((n for n in shown if n >= current), shown[-1])


def _move(shown: list[int], delta: int) -> None:
    position = shown.index(st.session_state[INDEX]) + delta
    _to(shown[min(max(position, 0), len(shown) - 1)])


def _to(number: int) -> None:
    st.session_state[INDEX] = number
    _moved()


def _moved() -> None:
    """The entry shown was chosen another way than by typing a time: the time typed before,
    and any complaint about it, no longer say where the walk stands."""
    st.session_state["walk.jump"] = ""
    st.session_state.pop("walk.jump_error", None)
    st.session_state.pop(JUMPED_OUTSIDE, None)


#: ``st.session_state`` entry: (catalogue key, time typed, entry gone to) when the time typed
#: lay before the first entry shown or after the last, and the walk went to that entry instead;
#: said while the walk stays on that entry.
JUMPED_OUTSIDE = "walk.jumped_outside"


def _jump(run: dict, shown: list[int], events: list[dict]) -> None:
    """Go to the first shown entry at or after the typed time (clock time or hours since the
    start); a time before the first entry shown or after the last goes to that entry, and the
    page says so (:data:`JUMPED_OUTSIDE`) rather than seem to have found the time."""
    typed = st.session_state.get("walk.jump", "").strip()
    st.session_state.pop("walk.jump_error", None)
    st.session_state.pop(JUMPED_OUTSIDE, None)
    if not typed:
        return
    start = run["scenario"].start
    try:
        hours = scenario_clock.parse(start, typed)
    except ValueError:
        st.session_state["walk.jump_error"] = typed
        return
    first, last = events[shown[0] - 1]["t_h"], events[shown[-1] - 1]["t_h"]
    # the first entry's minute as its clock shows it (seconds dropped) is not before it
    if scenario_clock.moment(start, hours) < scenario_clock.moment(start, first).replace(second=0, microsecond=0):
        st.session_state[JUMPED_OUTSIDE] = ("walk.jump_before", typed, shown[0])
    elif hours > last:
        st.session_state[JUMPED_OUTSIDE] = ("walk.jump_after", typed, shown[-1])
    st.session_state[INDEX] = next((n for n in shown if events[n - 1]["t_h"] >= hours), shown[-1])
    st.session_state["walk.jump"] = ""  # done: the field shows where the walk now stands (its placeholder)


def _play(on: bool) -> None:
    st.session_state[PLAYING] = on
    st.session_state[TICKED] = time.monotonic()


def controls(run: dict, events: list[dict], shown: list[int]) -> None:
    _snap(shown)
    if st.session_state.get(PLAYING, False):
        _autoplay(shown)  # before the entry slider: a step writes the entry the slider holds
    current = st.session_state[INDEX]
    position = shown.index(current)
    kinds = plan_kinds(run["plans"])
    left = left_to_units(run["plans"])
    decision = next((n for n in shown if n > current and is_decision(events[n - 1], kinds, left)), None)
    playing = st.session_state.get(PLAYING, False)
    cols = st.columns([1, 1, 1.4, 1.2, 1.2], vertical_alignment="bottom")  # the buttons level with the pace box
    cols[0].button(t("walk.prev"), key="walk.prev", on_click=_move, args=(shown, -1), disabled=position == 0)
    cols[1].button(t("walk.next"), key="walk.next", on_click=_move, args=(shown, 1),
                   disabled=position == len(shown) - 1)
    cols[2].button(t("walk.next_decision"), key="walk.next_decision", on_click=_to, args=(decision or current,),
                   disabled=decision is None)
    if playing:
        cols[3].button(t("common.pause"), key="walk.pause", on_click=_play, args=(False,))
    else:
        cols[3].button(t("walk.play"), key="walk.play", on_click=_play, args=(True,),
                       disabled=position == len(shown) - 1)
    paces = {s: t("clock.seconds", s=f"{s:g}") for s in SPEEDS}  # worded now, in the language of this run
    choices.selectbox(cols[4], t("walk.speed"), SPEEDS, index=1, key="walk.speed", format_func=paces.get)
    # the box level with the slider's track, also when its label wraps onto a second line (1024 px)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    if len(shown) > 1:
        choices.select_slider(
            left, t("walk.event_slider"), shown, key=INDEX,
            format_func=lambda n: f"{shown.index(n) + 1} · {clock(run['result']['start'], events[n - 1]['t_h'])}",
            on_change=_moved)
    right.text_input(t("walk.jump"), key="walk.jump", placeholder=clock(run["result"]["start"], events[current - 1]["t_h"]),
                     on_change=_jump, args=(run, shown, events))
    key, typed, gone_to = st.session_state.get(JUMPED_OUTSIDE) or (None, None, None)
    if gone_to == current:
        st.info(t(key, value=said_back(typed), when=clock(run["result"]["start"], events[current - 1]["t_h"])))
    if st.session_state.get("walk.jump_error"):
        st.error(t("walk.jump_bad", value=said_back(st.session_state["walk.jump_error"]),
                   example=clock(run["result"]["start"], 0)))


def _autoplay(shown: list[int]) -> None:
    """Step on every ``walk.speed`` seconds until the last shown entry (a fragment that reruns the page)."""
    interval = float(st.session_state.get("walk.speed") or 1.0)

    @st.fragment(run_every=interval)
    def tick() -> None:
        if autoplay_step(st.session_state, shown, interval, time.monotonic()):
            st.rerun()

    tick()


def autoplay_step(state: MutableMapping, shown: list[int], interval: float, now: float) -> bool:
    """One tick of autoplay at ``now`` (seconds of a monotonic clock): once ``interval``
    has passed since the last step (a tenth less, for a timer that fires a little early),
    go to the next shown entry, and stop playing on the last. Whether it stepped.

    The clock is a parameter so that the pace is tested without waiting for it."""
    if now - state.get(TICKED, 0.0) < interval * 0.9:
        return False
    state[TICKED] = now
    position = shown.index(state[INDEX])
    if position < len(shown) - 1:
        state[INDEX] = shown[position + 1]
    state[PLAYING] = position + 1 < len(shown) - 1
    return True


#: How many of the figures the plan grades on the state shows as large numbers; the rest
#: (a plan graded on a dozen grids) as lines below them.
LEAD = 4


def graded_figures(run: dict, row: dict, language: str) -> list[tuple[str, str, str]]:
    """The figures the primary plan grades severity by (:func:`~sim.ui.charts.metric_columns`:
    the compiled plan's, in its order), as they stand in ``row``: each named as its chart row is
    (a grid's figure names its grid) with its value in the plan's unit and its column, so the state shows
    first what a level is set by — a flood's rainfall, the county seat's grid dark while the
    county's own load shed is low, a headquarters' rating."""
    plan = primary_plan(run)
    if plan is None:
        return []
    metrics = {metric.id: metric for metric in plan.metrics}
    grids = grid_names(run)
    shown = []
    for column in metric_columns(run["result"], plan):
        metric = metrics.get(column.partition("@")[0])
        if metric is not None and row.get(column) is not None:
            shown.append((figure_name(column, plan, language, grids), figure_now(column, plan, row[column], language),
                          column))
    return shown


def state_numbers(run: dict, row: dict, now: float, language: str, entry: int | None = None) -> tuple[list, list, list]:
    """The state's large numbers, in the order a class reads them: the figures the plan grades
    on first (:data:`LEAD` of them), then the grid's that the plan does not grade on (an area
    always has a grid) and its key users on backup; the fire bans' figures (fires burning,
    area burned, fires, violations stopped, penalties so far: as of the log's ``entry``-th
    entry, when given) when the scenario has fire bans; and the other figures the plan grades on, as lines. A fire ban's run in which the grid
    shed nothing shows none of the grid's figures."""
    graded = graded_figures(run, row, language)
    alone = fire_only(run)
    if alone:
        graded = [figure for figure in graded if not is_grid_figure(figure[2])]
    lead = [(name, value) for name, value, _ in graded[:LEAD]]
    if not alone:
        plan = primary_plan(run)
        lead += [(figure_name(column, plan, language), figure_now(column, plan, row.get(column) or 0.0, language))
                 for column in grid_columns(run["result"], plan)]
        lead.append((t("walk.on_backup"),
                     f"{int(row.get('key_users_on_backup') or 0)} / {int(row.get('key_users_dark') or 0)}"))
    fire: list[list] = []  # two rows: a half page's column holds three numbers side by side
    if run["scenario"].fire_ban is not None:
        now_fire = fire_at(run["result"], now, entry)
        fire = [[(t("run.burning"), str(now_fire["burning"])),
                 (t("measure.hectares_burned"), f"{now_fire['burned_ha']:.1f}")],
                [(t("common.fires_started"), str(now_fire["fires_started"])),
                 (t("common.caught"), str(now_fire["caught"])),
                 (t("run.penalties"), str(now_fire["penalties"]))]]
    return lead, fire, [(name, value) for name, value, _ in graded[LEAD:]]


def conditions_said(result: dict, now: float, entry: int, names: Names, language: str) -> str:
    """The incident conditions present as the log's ``entry``-th entry left them, by name:
    first those the run brought about, then those the scenario gives (present from its
    start: :func:`~sim.ui.walk.given_conditions`), each said to be the scenario's, so that a
    class does not read a setting of the exercise as something a unit did."""
    present = conditions_at(result, now, entry)
    given = given_conditions(result, now, entry)
    named = lambda c: name_of(names.of("condition"), c, language)  # noqa: E731
    said = sorted(named(c) for c in present - given)
    said += sorted(named(c) + t("common.aside", text=t("walk.given")) for c in present & given)
    return joined(said, language) or "—"


def show_step(run: dict, events: list[dict], shown: list[int], language: str) -> None:
    result, plans = run["result"], run["plans"]
    names = names_of(run)
    number = st.session_state[INDEX]
    event = events[number - 1]
    now = event["t_h"]
    kinds = plan_kinds(plans)
    st.markdown(f"### {t('walk.event', i=shown.index(number) + 1, n=len(shown), when=clock(result['start'], now))}")
    words = entry_words(event, names, attempt_places(events))  # a penalty's with its fine and case
    text = bi(words, language, sep=" / ") if words else ""
    st.info(f"**{name_of(names.of('unit'), event.get('unit'), language, '—')}** · {kind_name(kind_of(event, kinds), language)}"
            + (f"\n\n{text}" if text else ""))

    left, right = st.columns(2)
    with left:
        st.markdown(f"#### {t('walk.state')}")
        # the state as this entry left it: not what later entries of the same minute did
        row = row_at(result, now, number)
        lead, fire, graded = state_numbers(run, row, now, language, number)
        for numbers in (lead, *fire):
            if numbers:
                metric_row(numbers)
        if graded:
            st.markdown(f"**{t('walk.graded')}**  \n" + "  \n".join(f"{name}{t('common.colon')}{value}"
                                                                     for name, value in graded))
        # Levels are long names, which a metric's large type would run into its neighbour: lines.
        named = [
            (t("common.severity"), severity_name(plans, row.get("severity"), language)),
            (t("walk.classification"), severity_name(plans, row.get("classification"), language)),
            (t("common.response_level"), level_name(plans, row.get("response_level"), language)),
            (t("kind.warning"), t(f"walk.warning.{warning_at(result, now, number)}")),
            # what the duties' and measures' triggers read besides the level and the warning
            (t("walk.conditions"), conditions_said(result, now, number, names, language)),
        ]
        incident = entry_incident(result, event, language)  # which of several incidents the entry belongs to
        if incident is not None:
            named.insert(0, (t("walk.incident"), incident))
        st.markdown("  \n".join(f"**{label}**{t('common.colon')}{value}" for label, value in named))
    with right:
        st.markdown(f"#### {t('walk.why')}")
        why = explain(event, plans)
        if why is None:
            st.caption(t("walk.by_assumption" if event.get("source") == "assumption" else "walk.no_source"))
        else:
            zh, en = pair(why.text, "zh")
            said = []  # (label, text), each shown as **label**：text
            clause = why.at(language)
            if clause:
                said.append((t("common.clause"), clause))
            if why.quote:
                said.append((t("common.quote"), why.quoted(language)))
            # what the entry acted on (the band the figures met, the conditions that held) next to its clause
            plan, grids = plans.get(event.get("plan")), grid_names(run)
            published = published_of(run, plan, data.plans().items)
            for kind, ground in entry_grounds(run, event, number):
                said += ground_lines(kind, ground, plan, language, grids, published)
            if zh:
                said.append((LANGUAGES["zh"], zh))
            if en:
                said.append((LANGUAGES["en"], en))
            if why.assumption:
                said.append((t("common.assumption"), pick(why.assumption, language)))
            lines = [f"**{label}**{t('common.colon')}{words}" for label, words in said]
            st.markdown("  \n".join(lines))

    charts_at(run, now, language)

    st.markdown(f"#### {t('walk.busy')}")
    busy = busy_at(result, now, number)
    start = result["start"]
    if busy:
        table([{t("common.unit"): name_of(names.of("unit"), b["unit"], language, "—"),
                t("kind.duty"): _work_name(names, b, language),
                t("common.state"): t(f"walk.{b['state']}"),
                t("walk.since"): clock(start, b["since_h"]),
                t("walk.until"): clock(start, b["until_h"])}
               for b in busy], key="walk.busy.table")
    else:
        st.caption(t("walk.nobody_busy"))

    st.markdown(f"#### {t('walk.next_duties')}")
    due = []
    for plan in plans.values():
        if not isinstance(plan, ResponsePlan):
            continue
        for unit, duty, status in due_duties(plan, result, now, number):
            due.append({t("common.unit"): pick(unit.name, language) if unit else pick(plan.headquarters.name, language),
                        **bicols(t("kind.duty"), duty.text, language),
                        t("common.state"): t(f"walk.{status}"),
                        t("plans.trigger"): trigger_text(duty.trigger, plan, language),
                        **source_cells(duty, language, title_in_run(plan, plans))})
    if due:
        table(due, key="walk.due.table")
    else:
        st.caption(t("walk.nothing_next"))

    left, right = st.columns(2)
    download(left, t("walk.handout"), handout_html(run, [events[n - 1] for n in shown], language,
                                                  key_only=bool(st.session_state.get("walk.key_only")),
                                                  units=tuple(st.session_state.get("walk.units") or ())),
             f"{file_stem(run)}-handout.html", "text/html", key="walk.handout")
    if right.button(t("walk.open_run"), key="walk.open_run", icon=":material/play_circle:"):
        open_on_run_page(run)


def open_on_run_page(run: dict) -> None:
    """Show the run walked through on the Run page (its summary, charts, log and downloads),
    with the inputs, an edit among them, that made it (:func:`~sim.ui.run_page.open_run`)."""
    open_run(run)
    st.switch_page("sim/ui/pages/run.py")


def _work_name(names: Names, busy: dict, language: str) -> str:
    """What a piece of work is, by name: the duty, what it works on (the substation or
    line a repair crew is at, the fire a crew fights), and for a fire crew which crew of
    its kind it is ("扑救火灾 · 乡镇扑火队 2"): several crews at the same duty are told apart,
    and so are the fires of a run that held several ("扑救火灾 · 火情2 · 乡镇扑火队 2")."""
    name = name_of(names.of("duty"), busy["duty"], language, "—")
    element = busy.get("element")
    for kind in ("element", "fire"):
        found = names.of(kind)
        if element and element in found:
            name = f"{name} · {name_of(found, element, language, '—')}"
            break
    crew = busy.get("crew")
    if not crew:
        return name
    kind, number = crew_parts(crew)
    return f"{name} · {name_of(names.of('unit'), kind, language, '—')} {number}".rstrip()


def charts_at(run: dict, now: float, language: str) -> None:
    """Every chart of the run the Run page draws, in its order, each with a cursor at the
    current entry (a fire ban's run whose grid shed nothing leads with its fires, as there)."""
    figures = figures_at(run, language, now, without_grid=fire_only(run))
    present = chart_order(run, figures)
    for tab, key in zip(st.tabs([t(CHARTS[key]) for key in present]), present):
        with tab:
            chart(st, figures[key], key=f"walk.chart.{key}")

