"""The What-if page (planners): edit a copy of a plan, see the diff, compare paired runs.

The edited copy is YAML text held in the session (one per plan). The form changes numbers
in that text in place (:mod:`sim.ui.yaml_edit`) and the YAML editor edits it freely; both
go through the loader, whose errors are shown with their line numbers. Resource counts
belong to the scenario, so they are edited beside the comparison, per scenario.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from .. import pairing
from ..errors import InputError
from ..plan import BanNotice, ResponsePlan
from . import data, runs
from .i18n import bi, lang, pick, t
from .whatif_edit import GROUPS, editable_fields, unified_diff
from .widgets import sections, table
from .yaml_edit import set_scalars

SECTIONS = ("whatif.form", "whatif.yaml")
COMPARE = "whatif.compare"


def _text_key(plan_id: str) -> str:
    """The edited text (plain session state: it outlives the editor widget)."""
    return f"whatif.text.{plan_id}"


def _editor_key(plan_id: str) -> str:
    return f"whatif.editor.{plan_id}"


def _set_text(plan_id: str, text: str) -> None:
    """Replace the edited text; the editor and the form re-read it on the next run."""
    st.session_state[_text_key(plan_id)] = text
    st.session_state.pop(_editor_key(plan_id), None)
    _clear_form(plan_id)


def _editor_changed(plan_id: str) -> None:
    st.session_state[_text_key(plan_id)] = st.session_state[_editor_key(plan_id)]
    _clear_form(plan_id)


def _field_key(plan_id: str, path: tuple) -> str:
    return f"whatif.f.{plan_id}." + ".".join(map(str, path))


def _clear_form(plan_id: str) -> None:
    """Forget the form's values so they are read again from the (changed) text."""
    prefix = f"whatif.f.{plan_id}."
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]


def _apply_form(plan_id: str, fields: list) -> None:
    """Write the form's numbers into the edited text (a form-submit callback)."""
    changes = {}
    for field in fields:
        value = st.session_state.get(_field_key(plan_id, field.path))
        if value is not None and float(value) != field.value:
            changes[field.path] = float(value)
    try:
        _set_text(plan_id, set_scalars(st.session_state[_text_key(plan_id)], changes, plan_id))
    except InputError as error:
        st.session_state["whatif.form_error"] = [str(p) for p in error.problems]


def _reset(plan_id: str, original: str) -> None:
    _set_text(plan_id, original)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("whatif.r.")]:
        del st.session_state[key]


def render() -> None:
    st.title(t("whatif.title"))
    loaded = data.plans()
    order = sorted(loaded.items, key=lambda key: (not isinstance(loaded.items[key], ResponsePlan), key))
    plans = {key: loaded.items[key] for key in order}
    if not plans:
        data.show_problems(loaded.problems, t("common.load_errors"))
        st.info(t("common.no_plans"))
        return
    language = lang()
    plan_id = st.selectbox(t("whatif.plan"), list(plans), key="whatif.plan",
                           format_func=lambda p: bi(plans[p].title, language))
    original = loaded.paths[plan_id].read_text(encoding="utf-8")
    text_key = _text_key(plan_id)
    if text_key not in st.session_state:
        st.session_state[text_key] = original

    section = sections("whatif.section", SECTIONS)
    if section == "whatif.form":
        edit_form(plan_id, plans[plan_id], language)
    else:
        editor_key = _editor_key(plan_id)
        if editor_key not in st.session_state:
            st.session_state[editor_key] = st.session_state[text_key]
        st.text_area(t("whatif.editor"), key=editor_key, height=480, on_change=_editor_changed, args=(plan_id,))
    edited_text = st.session_state[text_key]
    st.button(t("whatif.reset"), key="whatif.reset", on_click=_reset, args=(plan_id, original))

    edited, problems = runs.parse_plan(edited_text, f"{plan_id}.yaml")
    if problems:
        data.show_problems(list(problems), t("whatif.invalid"))
        edited = None
    elif edited.id != plan_id:
        st.error(t("whatif.id_changed", old=plan_id, new=edited.id))
        edited = None
    elif edited_text != original:
        findings = _lint(edited_text, f"{plan_id}.yaml", edited)
        if findings:
            st.warning(t("whatif.lint") + "\n\n" + data.problem_markdown(list(findings)))

    st.markdown(f"#### {t('whatif.diff')}")
    diff = _diff(original, edited_text, f"plans/{plan_id}.yaml")
    if diff:
        st.code(diff, language="diff")
    else:
        st.caption(t("whatif.no_diff"))
    st.download_button(t("whatif.download"), edited_text, f"{plan_id}.yaml", "application/x-yaml",
                       key="whatif.download")
    if edited is not None:
        compare_section(plan_id, plans[plan_id], edited, language)


@st.cache_resource(show_spinner=False, max_entries=32)
def _form_fields(text: str, plan_id: str, language: str, _plan: ResponsePlan | BanNotice) -> tuple[list, tuple]:
    """The form's fields for a text (parsing a long plan with positions is the slow part)."""
    from ..yaml_source import parse

    try:
        parsed, _ = parse(text, f"{plan_id}.yaml")
    except InputError as error:
        return [], tuple(error.problems)
    return editable_fields(parsed, _plan, language), ()


@st.cache_resource(show_spinner=False, max_entries=32)
def _lint(text: str, name: str, _plan: ResponsePlan | BanNotice) -> tuple:
    return runs.lint_findings(text, name, _plan)


@st.cache_resource(show_spinner=False, max_entries=32)
def _diff(original: str, edited: str, name: str) -> str:
    return unified_diff(original, edited, name)


def edit_form(plan_id: str, plan: ResponsePlan | BanNotice, language: str) -> None:
    errors = st.session_state.pop("whatif.form_error", None)
    if errors:
        st.error("\n".join(f"- `{e}`" for e in errors))
    fields, problems = _form_fields(st.session_state[_text_key(plan_id)], plan_id, language, plan)
    if problems:
        data.show_problems(list(problems), t("whatif.invalid"))
        return
    with st.form(key=f"whatif.form.{plan_id}"):
        for group, title in GROUPS:
            group_fields = [f for f in fields if f.group == group]
            if not group_fields:
                continue
            st.markdown(f"**{t(title)}**")
            cols = st.columns(3)
            for i, field in enumerate(group_fields):
                key = _field_key(plan_id, field.path)
                if key not in st.session_state:
                    st.session_state[key] = field.value
                cols[i % 3].number_input(field.label, min_value=0.0, step=0.5 if group != "fines" else 100.0,
                                         key=key, format="%g")
        st.form_submit_button(t("whatif.apply"), on_click=_apply_form, args=(plan_id, fields))


def _scenarios_using(plan_id: str) -> dict:
    return {sid: s for sid, s in data.scenarios().items.items() if plan_id in s.plans}


def compare_section(plan_id: str, plan: ResponsePlan | BanNotice, edited: ResponsePlan | BanNotice,
                    language: str) -> None:
    st.markdown(f"### {t('whatif.compare_title')}")
    scenarios = _scenarios_using(plan_id)
    if not scenarios:
        st.info(t("whatif.scenario_na"))
        return
    scenario_id = st.selectbox(t("whatif.scenario"), list(scenarios), key="whatif.scenario",
                               format_func=lambda s: bi(scenarios[s].title, language))
    scenario = scenarios[scenario_id]
    shipped = data.plans().items
    response = [shipped[pid] for pid in scenario.plans if isinstance(shipped.get(pid), ResponsePlan)]
    # Levels and resources are named by the scenario's (first) response plan.
    reference = plan if isinstance(plan, ResponsePlan) else (response[0] if response else None)
    resource_names = {r.id: r.name for p in response for r in p.resources}
    st.markdown(f"**{t('whatif.resources')}**")
    counts = {}
    cols = st.columns(4)
    for i, (rid, count) in enumerate(sorted(scenario.resources.items())):
        label = pick(resource_names[rid], language) if rid in resource_names else rid
        counts[rid] = int(cols[i % 4].number_input(label, min_value=0, value=int(count), step=1,
                                                   key=f"whatif.r.{scenario_id}.{rid}"))
    changed_resources = {rid: n for rid, n in counts.items() if n != scenario.resources.get(rid)}
    if changed_resources:
        table([{t("whatif.resource_resource"): pick(resource_names.get(rid, rid), language) if rid in resource_names else rid,
                t("whatif.original"): scenario.resources.get(rid), t("whatif.edited"): n}
               for rid, n in changed_resources.items()], key="whatif.resources.diff")

    cols = st.columns(3)
    replications = int(cols[0].number_input(t("whatif.replications"), min_value=1, max_value=200, value=10,
                                            step=1, key="whatif.n"))
    first = int(cols[1].number_input(t("whatif.first_seed"), min_value=0, max_value=2**31 - 1, value=1, step=1,
                                     key="whatif.seed"))
    request = (hashlib.sha256(st.session_state[_text_key(plan_id)].encode("utf-8")).hexdigest(),
               scenario_id, tuple(sorted(changed_resources.items())), first, replications)
    if cols[2].button(t("whatif.compare"), type="primary", key="whatif.go"):
        run_comparison(request, scenario_id, plan_id, edited, changed_resources, first, replications)
    held = st.session_state.get(COMPARE)
    if held and held["request"] == request:
        show_comparison(held["pairs"], reference, language)


def run_comparison(request: tuple, scenario_id: str, plan_id: str, edited: ResponsePlan | BanNotice,
                   resources: dict, first: int, replications: int) -> None:
    try:
        scenario, plans, area = runs.inputs(scenario_id)
        scenario_b, plans_b, area_b = runs.inputs(scenario_id, {plan_id: edited}, resources)
    except InputError as error:
        data.show_problems(error.problems, t("run.error"))
        return
    bar = st.progress(0.0, text=t("run.progress", pct=0))

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("run.progress", pct=int(100 * done / total)))

    try:
        pairs = pairing.paired(
            range(first, first + replications),
            lambda seed: runs.run(scenario, plans, area, seed),
            lambda seed: runs.run(scenario_b, plans_b, area_b, seed),
            progress,
        )
    except InputError as error:
        bar.empty()
        data.show_problems(error.problems, t("run.error"))
        return
    bar.empty()
    st.session_state[COMPARE] = {"request": request, "pairs": pairs}


def measure_label(measure: str, plan: ResponsePlan | None, language: str) -> str:
    if measure.startswith("hours_at:"):
        level = measure.split(":", 1)[1]
        names = {r.id: r.name for r in plan.response_levels} if plan is not None else {}
        return t("whatif.hours_at", level=pick(names[level], language) if level in names else level)
    return t(f"whatif.{measure}")


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def show_comparison(pairs: list, plan: ResponsePlan | None, language: str) -> None:
    levels = [r.id for r in plan.response_levels] if plan is not None else []
    rows = []
    for c in pairing.compare(pairs, levels):
        d = c.difference
        spread = "—" if d.low is None else f"[{d.low:.2f}, {d.high:.2f}]" + (" *" if d.excludes_zero else "")
        rows.append({t("whatif.measure"): measure_label(c.measure, plan, language),
                     t("whatif.original"): _fmt(c.original), t("whatif.edited"): _fmt(c.edited),
                     t("whatif.difference"): _fmt(d.mean), t("whatif.interval"): spread,
                     t("whatif.n_differ"): f"{c.differs} / {len(pairs)}"})
    st.markdown(f"#### {t('whatif.means', n=len(pairs))}")
    st.caption(t("whatif.rank_note"))
    table(rows, key="whatif.compare.table")
    st.markdown(f"#### {t('whatif.changed')}")
    changed = [p for p in pairs if p.changed]
    if not changed:
        st.success(t("whatif.none_changed"))
        return
    names = {r.id: r.name for r in plan.response_levels} if plan is not None else {}
    level = lambda lid: pick(names[lid], language) if lid in names else (lid or "—")  # noqa: E731
    table([{t("common.seed"): p.seed,
            t("whatif.what_changed"): ", ".join(measure_label(m, plan, language) for m in p.changed),
            f"{t('whatif.max_level')} ({t('whatif.original')})": level(p.original.max_level),
            f"{t('whatif.max_level')} ({t('whatif.edited')})": level(p.edited.max_level),
            f"{t('whatif.termination_h')} ({t('whatif.original')})": _fmt(p.original.termination_h),
            f"{t('whatif.termination_h')} ({t('whatif.edited')})": _fmt(p.edited.termination_h)}
           for p in changed], key="whatif.changed.table")
