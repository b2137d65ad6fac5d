"""The Walk-through page (trainers): step through a run's log, one entry at a time.

At each entry the page shows the state at that moment, why the entry happened (the plan
rule, its clause and original text, in Chinese and English) and what each unit should be
doing next. The run is the last one of the Run page when scenario and seed match (so an
uploaded plan is walked through as run), otherwise the shipped plans' run, from the cache.
"""

from __future__ import annotations

import streamlit as st

from ..errors import InputError
from ..event_text import event_text
from ..plan import ResponsePlan
from . import data, runs
from .describe import source_cells, trigger_text
from .i18n import bi, lang, pair, pick, t
from .run_page import LAST, _name, names_of, replication_input
from .walk import busy_at, due_duties, explain, row_at, warning_at
from .widgets import bicols, table

CURRENT = "walk.current"
INDEX = "walk.i"


def render() -> None:
    st.title(t("walk.title"))
    scenarios = data.scenarios()
    if not scenarios.items:
        data.show_problems(scenarios.problems, t("common.load_errors"))
        st.info(t("common.no_scenarios"))
        return
    language = lang()
    last = st.session_state.get(LAST)
    ids = list(scenarios.items)
    if "walk.scenario" not in st.session_state:
        follow(last, ids)
    left, middle, right = st.columns([3, 1, 1])
    with left:
        scenario_id = st.selectbox(t("common.scenario"), ids, key="walk.scenario",
                                   format_func=lambda s: bi(scenarios.items[s].title, language))
    with middle:
        seed = int(st.number_input(t("common.seed"), min_value=0, max_value=2**31 - 1, step=1, key="walk.seed"))
    replication = replication_input(scenarios.items[scenario_id], right, "walk.replication")
    run = current_run(scenario_id, seed, replication, last)
    if run is None:
        return
    events = run["result"].get("events") or []
    if not events:
        st.info(t("walk.no_events"))
        return
    controls(events)
    show_step(run, events, st.session_state[INDEX] - 1, language)


def follow(last: dict | None, ids: list[str]) -> None:
    """Point the page's pickers at the Run page's last run (or the first scenario)."""
    known = last is not None and last["case"].scenario.id in ids
    st.session_state["walk.scenario"] = last["case"].scenario.id if known else ids[0]
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
        case = runs.case(scenario_id)
        bar = st.progress(0.0, text=t("run.progress", pct=0))
        result = runs.run(case, seed, replication,
                          progress=lambda f: bar.progress(f, text=t("run.progress", pct=int(f * 100))))
        bar.empty()
    except InputError as error:
        data.show_problems(error.problems, t("run.error"))
        return None
    held = runs.held_run(case, seed, replication, result)
    st.session_state[CURRENT] = held
    st.session_state[INDEX] = 1
    return held


def _step(delta: int, count: int) -> None:
    st.session_state[INDEX] = min(max(st.session_state.get(INDEX, 1) + delta, 1), count)


def _jump(times: list[float]) -> None:
    target = st.session_state.get("walk.jump", 0.0)
    st.session_state[INDEX] = next((i + 1 for i, time in enumerate(times) if time >= target), len(times))


def controls(events: list[dict]) -> None:
    count = len(events)
    st.session_state[INDEX] = min(max(int(st.session_state.get(INDEX, 1)), 1), count)
    cols = st.columns([1, 1, 4, 2])
    cols[0].button(t("walk.prev"), key="walk.prev", on_click=_step, args=(-1, count),
                   disabled=st.session_state[INDEX] <= 1)
    cols[1].button(t("walk.next"), key="walk.next", on_click=_step, args=(1, count),
                   disabled=st.session_state[INDEX] >= count)
    if count > 1:
        cols[2].slider(t("walk.event_slider"), 1, count, key=INDEX)
    cols[3].number_input(t("walk.jump"), min_value=0.0, step=1.0, key="walk.jump",
                         on_change=_jump, args=([e["t_h"] for e in events],))


def show_step(run: dict, events: list[dict], i: int, language: str) -> None:
    result, plans = run["result"], run["plans"]
    names = names_of(run)
    event = events[i]
    now = event["t_h"]
    st.markdown(f"### {t('walk.event', i=i + 1, n=len(events), t=f'{now:.2f}')}")
    words = event_text(event, names)
    text = bi(words, language, sep=" / ") if words else ""
    st.info(f"**{_name(names, event.get('unit'), language)}** · `{event.get('action', '')}`"
            + (f"\n\n{text}" if text else ""))

    left, right = st.columns(2)
    with left:
        st.markdown(f"#### {t('walk.state')}")
        row = row_at(result, now)
        cells = [
            (t("walk.load_shed"), _pct(row.get("load_shed_pct"))),
            (t("walk.customers_out"), _pct(row.get("customers_out_pct"))),
            (t("walk.severity"), _name(names, row.get("severity"), language)),
            (t("walk.classification"), _name(names, row.get("classification"), language)),
            (t("walk.response"), _name(names, row.get("response_level"), language)),
            (t("walk.warning"), t(f"walk.warning.{warning_at(result, now)}")),
            (t("walk.on_backup"), f"{int(row.get('key_users_on_backup') or 0)} / {int(row.get('key_users_dark') or 0)}"),
        ]
        for first in range(0, len(cells), 2):
            for col, (label, value) in zip(st.columns(2), cells[first:first + 2]):
                col.metric(label, value)
    with right:
        st.markdown(f"#### {t('walk.why')}")
        why = explain(event, plans)
        if why is None:
            st.caption(t("walk.by_assumption" if event.get("source") == "assumption" else "walk.no_source"))
        else:
            zh, en = pair(why.text, "zh")
            where = f"{why.document} {why.clause}".strip()
            lines = []
            if where:
                lines.append(f"**{t('common.clause')}**: {where}")
            if why.quote:
                lines.append(f"**{t('common.quote')}**: 「{why.quote}」")
            if zh:
                lines.append(f"**中文**: {zh}")
            if en:
                lines.append(f"**English**: {en}")
            if why.assumption:
                lines.append(f"**{t('common.assumption')}**: {why.assumption}")
            st.markdown("  \n".join(lines))

    st.markdown(f"#### {t('walk.busy')}")
    busy = busy_at(result, now)
    if busy:
        table([{t("common.unit"): _name(names, b["unit"], language),
                t("plans.duty"): _name(names, b["duty"], language),
                t("walk.doing"): t(f"walk.{b['state']}"),
                t("walk.since"): round(b["requested_h"] if b["state"] == "queued" else b["start_h"], 2),
                t("walk.until"): round(b["start_h"] if b["state"] == "queued" else b["end_h"], 2)}
               for b in busy], key="walk.busy.table")
    else:
        st.caption(t("walk.nobody_busy"))

    st.markdown(f"#### {t('walk.next_duties')}")
    due = []
    for plan in plans.values():
        if not isinstance(plan, ResponsePlan):
            continue
        for unit, duty, status in due_duties(plan, result, now, run["scenario"], run["area"]):
            due.append({t("common.unit"): pick(unit.name, language) if unit else pick(plan.headquarters.name, language),
                        **bicols(t("plans.duty"), duty.text, language),
                        t("walk.doing"): t(f"walk.{status}"),
                        t("plans.trigger"): trigger_text(duty.trigger, plan, language),
                        **source_cells(duty, language)})
    if due:
        table(due, key="walk.due.table")
    else:
        st.caption(t("walk.nothing_next"))


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1f} %"
