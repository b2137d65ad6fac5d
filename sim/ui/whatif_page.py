"""The What-if page (planners): edit a copy of a plan, see the diff, compare paired runs.

The edited copy is YAML text held in the session (one per plan). The form changes numbers
in that text in place (:mod:`sim.ui.yaml_edit`) and the YAML editor edits it freely; both
go through the loader, whose errors are shown with their line numbers. Resource counts
belong to the scenario, so they are edited beside the comparison, per scenario.
"""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from ..bounds import MAX_COUNT, MAX_SEED
from ..errors import InputError
from ..event_kinds import clause_label
from ..inputs import dotted, locate, read_text, shown_name
from ..messages import Message, figure, joined
from ..plan import BanNotice, ResponsePlan
from ..report import name_of, names_from
from ..sweep.compare import measure_label
from ..sweep.words import (TOP_UNITS, changes_text, drawn_name, extra_work, happened_lines,
                           how_many_changed, idle_line, paired, peak_label, peak_value, report_json,
                           shown_peaks, told_measures, verdict)
from . import choices, data, runs
from .form_errors import field_said
from .i18n import bi, lang, pick, t
from .whatif_edit import (GROUPS, changed_fields, editable_fields, neighbours, numbers_say_it_all, threshold_rows,
                          unified_diff)
from .widgets import clearable_number, download, form, markdown_plain, said_back, sections, table, whole_number
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
    """Forget the form's values so they are read again from the (changed) text, and what the
    form refused of them."""
    prefix = f"whatif.f.{plan_id}."
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]
    if st.session_state.get(REFUSED, (None,))[0] == plan_id:
        del st.session_state[REFUSED]


def _contiguous_key(plan_id: str) -> str:
    return f"whatif.contiguous.{plan_id}"


def _apply_form(plan_id: str, fields: list) -> None:
    """Write the form's numbers into the edited text (a form-submit callback); a changed
    level bound moves the neighbouring level's bound with it when the planner keeps the
    levels contiguous, and is otherwise offered (:func:`_move_neighbours`).

    The numbers are the loader's to check, as the YAML editor's are: the edit is made on a
    copy and loaded, and a problem at a number the edit changed (or at the bound it holds
    with) is said under that number's field, and nothing is applied (:func:`_refusals`). An
    emptied field asks for a number, and a count's bound a whole number."""
    typed = {field.path: st.session_state.get(_field_key(plan_id, field.path)) for field in fields}
    empty = {field.path: (None, field.path, Message("input.number_needed")) for field in fields
             if typed[field.path] is None}
    if empty:
        st.session_state[REFUSED] = (plan_id, empty)
        return
    fractional = {field.path: (typed[field.path], field.path, Message("whatif.whole_count")) for field in fields
                  if field.whole and not float(typed[field.path]).is_integer()}
    if fractional:  # a count's bound in the count's own terms: whole numbers
        st.session_state[REFUSED] = (plan_id, fractional)
        return
    changes = {field.path: float(typed[field.path]) for field in fields if float(typed[field.path]) != field.value}
    moved = neighbours(fields, changes)
    contiguous = st.session_state.get(_contiguous_key(plan_id), True)
    applied = {**changes, **({path: value for path, (_, value) in moved.items()} if contiguous else {})}
    text = st.session_state[_text_key(plan_id)]
    try:  # the numbers typed first, as the YAML editor would take them; then with the bounds they move
        edited = set_scalars(text, changes, plan_id)
        refused = _refusals(edited, plan_id, fields, changes, typed)
        if not refused and applied != changes:
            edited = set_scalars(text, applied, plan_id)
            refused = _refusals(edited, plan_id, fields, applied, typed)
    except InputError as error:
        st.session_state[FORM_ERROR] = error.problems
        return
    if refused:
        st.session_state[REFUSED] = (plan_id, refused)
        return
    if contiguous:
        st.session_state[MOVED] = [(field.label, field.value, value) for field, value in moved.values()]
    else:
        st.session_state[OFFER] = (plan_id, {path: value for path, (_, value) in moved.items()},
                                   [(field.label, field.value, value) for field, value in moved.values()])
    _set_text(plan_id, edited)


def _refusals(edited: str, plan_id: str, fields: list, applied: dict, typed: dict) -> dict:
    """The loader's problems with the ``edited`` text at the numbers ``applied``, by the path of
    the field each is said under: ``(the value the field held, the path of the number it is
    about, the loader's message)``. A problem of a threshold as a whole (a lower bound above the
    upper) is its changed bounds'; one at a neighbouring bound moved along is said under that
    bound and under the bound whose change moved it. Problems elsewhere in the text are left to
    the page, which shows the loader's errors at their lines."""
    _, problems = runs.parse_plan(edited, f"{plan_id}.yaml")
    about: dict[str, list] = {}
    for field in fields:
        if field.path in applied:
            about.setdefault(dotted(field.path), []).append(field)
            about.setdefault(dotted(field.path[:-1]), []).append(field)
    moved_by = {field.path: [other for other in fields if other.path in typed and other.path != field.path
                             and float(typed[other.path]) != other.value and other.metric == field.metric
                             and float(typed[other.path]) == applied[field.path]]
                for field in fields if field.path in applied and float(typed[field.path]) == field.value}
    refused: dict = {}
    for problem in problems:
        for field in about.get(problem.path, []):
            for shown in (field, *moved_by.get(field.path, ())):
                refused.setdefault(shown.path, (typed[shown.path], field.path, problem.message))
    return refused


#: Session keys: the neighbouring bounds moved by the last edit, and those offered; the
#: problems of the last edit, and the numbers it refused (the plan's id, and each field's path
#: → the value refused, the path of the number it is about — named by its label in the
#: language of the moment it is shown — and why).
MOVED = "whatif.moved"
OFFER = "whatif.offer"
FORM_ERROR = "whatif.form_error"
REFUSED = "whatif.refused"


def _move_neighbours(plan_id: str, changes: dict) -> None:
    """Move the offered neighbouring bounds too (a button callback)."""
    st.session_state.pop(OFFER, None)
    try:
        _set_text(plan_id, set_scalars(st.session_state[_text_key(plan_id)], changes, plan_id))
    except InputError as error:
        st.session_state[FORM_ERROR] = error.problems


def _changes_text(moves: list) -> str:
    language = lang()
    return joined((f"{label}{t('common.colon')}{figure(old, language)} → {figure(new, language)}"
                   for label, old, new in moves), language)


def show_neighbours(plan_id: str) -> None:
    """What the last edit did to neighbouring bounds, or the offer to move them."""
    moved = st.session_state.pop(MOVED, None)
    if moved:
        st.info(t("whatif.moved", fields=_changes_text(moved)))
    offer = st.session_state.get(OFFER)
    if offer and offer[0] == plan_id and offer[1]:
        st.warning(t("whatif.offer", fields=_changes_text(offer[2])))
        st.button(t("whatif.move_neighbours"), key="whatif.move_neighbours", on_click=_move_neighbours,
                  args=(plan_id, offer[1]))


def _reset(plan_id: str, original: str) -> None:
    _set_text(plan_id, original)
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("whatif.r.")]:
        del st.session_state[key]


def render() -> None:
    st.title(t("nav.whatif"))
    loaded = data.plans()
    plans = {key: loaded.items[key] for key in data.listed_plans(loaded)}
    if not plans:
        data.show_problems(loaded.problems, t("common.load_errors"))
        st.info(t("common.no_plans", folder=data.folders("plan", lang())))
        return
    language = lang()
    _improvement_draft(plans, language)
    plan_id = choices.selectbox(st, t("whatif.plan"), list(plans), key="whatif.plan",
                                format_func=lambda p: bi(plans[p].title, language))
    original = read_text(loaded.paths[plan_id])
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
        data.show_problems(id_changed(plan_id, edited.id, edited_text), t("whatif.invalid"))
        edited = None
    elif edited_text != original:
        findings = runs.lint_findings(edited_text, f"{plan_id}.yaml", edited)
        if findings:
            st.warning(t("whatif.lint") + "\n\n" + data.problem_markdown(list(findings)))

    show_changes(plan_id, plans[plan_id], original, edited_text, language)
    # a plan that does not load is not offered as a file to use: the download waits until it does
    download(st, t("whatif.download"), edited_text, f"{plan_id}.yaml", "application/x-yaml", key="whatif.download",
             held_back=None if edited is not None else t("whatif.download_held"))
    if edited is not None:
        compare_section(plan_id, plans[plan_id], edited, language)


def show_changes(plan_id: str, plan: ResponsePlan | BanNotice, original: str, edited: str, language: str) -> None:
    """What differs from the original: the numbers the planner changed, named as the form
    names them, then every changed line of the YAML (folded when the numbers say it all)."""
    st.markdown(f"#### {t('whatif.diff')}")
    diff = _diff(original, edited, shown_name(data.plans().paths[plan_id]))
    if not diff:
        st.caption(t("whatif.no_diff"))
        return
    before, _ = _form_fields(original, plan_id, language, plan)
    after, _ = _form_fields(edited, plan_id, language, plan)
    changed = changed_fields(before, after)
    more = not numbers_say_it_all(_parsed(original, plan_id)[0], _parsed(edited, plan_id)[0], changed)
    if changed:
        st.markdown(t("whatif.changed_numbers") + "\n\n"
                    + "\n".join(f"- {field.label}{t('common.colon')}{figure(field.value, language)} → "
                                f"{figure(value, language)}{field.unit}" for field, value in changed))
        if more:
            st.caption(t("whatif.changed_more"))
    else:
        st.caption(t("whatif.changed_elsewhere"))
    with st.expander(t("whatif.yaml_diff"), expanded=more):  # folded only when the numbers say it all
        st.code(diff, language="diff")


def _improvement_draft(plans, language: str) -> None:
    """Opened from a drill's improvement item about the plan (``?improvement=N``): say which
    finding the draft answers, and start on the drill's plan."""
    wanted = st.query_params.get("improvement")
    if not wanted:
        return
    from .drill_papers import improvement_for_whatif

    found = improvement_for_whatif(wanted)
    if found is None:
        st.error(t("drill_papers.no_item", item=said_back(wanted)))
        return
    item, plan_id = found
    if plan_id in plans and st.session_state.get("whatif.draft_for") != item.id:
        st.session_state["whatif.plan"] = plan_id  # once: the planner may switch plans afterwards
        st.session_state["whatif.draft_for"] = item.id
    st.info(t("drill_papers.whatif_banner", id=item.id, clause=clause_label(item.clause, language),
              action=pick(item.action, language)) + "\n\n"
            + t("drill_papers.whatif_found", drill=item.drill_name, finding=pick(item.found, language)))


@st.cache_resource(show_spinner=False, max_entries=32)
def _parsed(text: str, plan_id: str) -> tuple[Any, tuple]:
    """A text's parsed YAML and no problems, or None and its problems: parsed once for the
    form and for the list of changes (parsing a long plan with positions is the slow part)."""
    from ..inputs import parse

    try:
        return parse(text, f"{plan_id}.yaml")[0], ()
    except InputError as error:
        return None, tuple(error.problems)


@st.cache_resource(show_spinner=False, max_entries=32)
def _form_fields(text: str, plan_id: str, language: str, _plan: ResponsePlan | BanNotice) -> tuple[list, tuple]:
    """The form's fields for a text, or none and the text's problems."""
    parsed, problems = _parsed(text, plan_id)
    return (editable_fields(parsed, _plan, language), ()) if parsed is not None else ([], problems)


@st.cache_resource(show_spinner=False, max_entries=32)
def _diff(original: str, edited: str, name: str) -> str:
    return unified_diff(original, edited, name)


def edit_form(plan_id: str, plan: ResponsePlan | BanNotice, language: str) -> None:
    data.show_problems(st.session_state.pop(FORM_ERROR, []), t("whatif.invalid"))
    fields, problems = _form_fields(st.session_state[_text_key(plan_id)], plan_id, language, plan)
    if problems:
        data.show_problems(list(problems), t("whatif.invalid"))
        return
    if not fields:  # an Apply button that could change nothing would seem to do nothing
        st.info(t("whatif.no_fields", editor=t("whatif.yaml")))
        return
    refused, labels = _refused(plan_id), {field.path: field.label for field in fields}
    with form(f"whatif.form.{plan_id}"):
        for group, title in GROUPS:
            group_fields = [f for f in fields if f.group == group]
            if not group_fields:
                continue
            st.markdown(f"**{t(title)}**")
            if group == "thresholds":  # a level a row, each bound in its column
                rows = threshold_rows(group_fields)
            else:
                rows = [group_fields[i:i + 3] for i in range(0, len(group_fields), 3)]
            for row in rows:
                for col, field in zip(st.columns(max(len(r) for r in rows), vertical_alignment="bottom"), row):
                    if field is not None:
                        _number_field(col, plan_id, field, refused, labels)
        if any(f.group == "thresholds" for f in fields):
            st.checkbox(t("whatif.contiguous"), value=True, key=_contiguous_key(plan_id))
        st.form_submit_button(t("whatif.apply"), on_click=_apply_form, args=(plan_id, fields))
    still = [path for path, (value, *_) in refused.items() if st.session_state.get(_field_key(plan_id, path)) == value]
    if still:  # beside the button: the form may be longer than the screen
        st.error(t("whatif.refused", n=len(still)))
    show_neighbours(plan_id)


def _refused(plan_id: str) -> dict:
    """The numbers the last Apply refused on this plan's form (:func:`_refusals`)."""
    held = st.session_state.get(REFUSED)
    return held[1] if held and held[0] == plan_id else {}


def _number_field(col, plan_id: str, field, refused: dict, labels: dict) -> None:
    """A number of the form; unbounded, as the loader bounds it (a value it refuses is said
    under the field on applying, never ignored), and empty when emptied; a count's bound
    steps by one and says in its help what it means in the count's own terms. The refusal stays
    under the field as long as the field holds the value refused."""
    key = _field_key(plan_id, field.path)
    step = 100.0 if field.group == "fines" else 1.0 if field.whole else 0.5
    clearable_number(col, field.label, key, field.value, step=step, format="%g", help=field.help or None)
    if field.path in refused and st.session_state.get(key) == refused[field.path][0]:
        _, about, message = refused[field.path]
        col.error(markdown_plain(field_said(labels.get(about, field.label), message, lang())))


def _scenarios_using(plan_id: str) -> dict:
    return {sid: s for sid, s in data.scenarios().items.items() if plan_id in s.plans}


#: Most replications a comparison may ask for, and the count from which it runs on the
#: local process pool (below it, starting the workers costs more than it saves).
MAX_REPLICATIONS = 10_000
POOL_FROM = 100


def compare_section(plan_id: str, plan: ResponsePlan | BanNotice, edited: ResponsePlan | BanNotice,
                    language: str) -> None:
    st.markdown(f"### {t('common.paired_comparison')}")
    scenarios = _scenarios_using(plan_id)
    if not scenarios:
        st.info(t("whatif.scenario_na"))
        return
    scenario_id = choices.selectbox(st, t("whatif.scenario"), list(scenarios), key="whatif.scenario",
                                    format_func=lambda s: bi(scenarios[s].title, language))
    scenario = scenarios[scenario_id]
    shipped = data.plans().items
    response = [shipped[pid] for pid in scenario.plans if isinstance(shipped.get(pid), ResponsePlan)]
    # Levels are named by the scenario's (first) response plan.
    reference = plan if isinstance(plan, ResponsePlan) else (response[0] if response else None)
    # Its own response plans name every resource it counts: loading its case (as the comparison does) refuses
    # a scenario that counts one they do not name.
    resource_names = names_from(response).of("resource")
    st.markdown(f"**{t('whatif.resources')}**")
    counts = {}
    resources = sorted(scenario.resources.items())
    for first in range(0, len(resources), 4):  # a row of four, each row's fields on one line however their names wrap
        for col, (rid, count) in zip(st.columns(4, vertical_alignment="bottom"), resources[first:first + 4]):
            label = name_of(resource_names, rid, language)
            counts[rid] = whole_number(col, label, f"whatif.r.{scenario_id}.{rid}", 0, MAX_COUNT, value=int(count))
    if None in counts.values():
        return  # a count out of range: its field says so
    changed_resources = {rid: n for rid, n in counts.items() if n != scenario.resources.get(rid)}
    if changed_resources:
        table([{t("whatif.resource_resource"): name_of(resource_names, rid, language),
                t("whatif.original"): scenario.resources.get(rid), t("whatif.edited"): n}
               for rid, n in changed_resources.items()], key="whatif.resources.diff")

    arms = checked_arms(scenario_id, plan_id, edited, changed_resources)
    st.caption(t("whatif.template_note" if scenario.template is not None else "whatif.story_note"))
    cols = st.columns(3, vertical_alignment="bottom")  # the button level with the fields beside it
    replications = whole_number(cols[0], t("whatif.replications"), "whatif.n", 1, MAX_REPLICATIONS, value=10)
    seed = whole_number(cols[1], t("common.seed"), "whatif.seed", 0, MAX_SEED, value=1)
    if replications is None or seed is None:
        return
    request = (hashlib.sha256(st.session_state[_text_key(plan_id)].encode("utf-8")).hexdigest(),
               scenario_id, tuple(sorted(changed_resources.items())), seed, replications)
    if cols[2].button(t("whatif.compare"), type="primary", key="whatif.go", disabled=arms is None):
        run_comparison(request, scenario_id, *arms, seed, replications)
    held = st.session_state.get(COMPARE)
    if held and held["request"] == request:
        show_comparison(held, reference, language)


def checked_arms(scenario_id: str, plan_id: str, edited: ResponsePlan | BanNotice,
                 resources: dict) -> tuple[Any, Any] | None:
    """The two arms of a comparison on the chosen scenario — its shipped Case and that Case
    with the edited plan and resource counts — checked as soon as the scenario is chosen,
    by the Case's own check as the Run page checks an upload (:func:`sim.ui.runs.case`, the
    shipped Case loaded and checked once per file version; the edited plan's references
    checked against it on each rerun, a fraction of a millisecond). ``None`` when either is
    refused, its problems shown in the reader's language, so that Compare is not offered
    for a comparison that could only fail."""
    try:
        baseline = runs.case(scenario_id)
    except InputError as error:
        data.show_problems(error.problems, t("whatif.scenario_bad"))
        return None
    try:
        return baseline, baseline.changed(plans={plan_id: edited}, resources=resources)
    except InputError as error:
        data.show_problems(error.problems, t("whatif.case_refused"))
        return None


def run_comparison(request: tuple, scenario_id: str, baseline: Any, variant: Any, seed: int,
                   replications: int) -> None:
    """``baseline`` against ``variant`` (the edited plan and resource counts, both already
    checked: :func:`checked_arms`) on ``replications`` paired replications, as ``python -m
    sim compare`` does, on the local process pool."""
    import os

    from ..sweep.compare import compare_cases
    from ..sweep.executor import run

    bar = st.progress(0.0, text=t("whatif.progress", done=0, n=replications))
    done = [0]

    def progress(k: int) -> None:
        done[0] += k
        bar.progress(done[0] / replications, text=t("whatif.progress", done=done[0], n=replications))

    workers = (os.cpu_count() or 1) if replications >= POOL_FROM else 1
    try:
        report = compare_cases(baseline, variant, seed,
                               lambda job, sink: run(job, replications, workers=workers, progress=progress, sink=sink))
    except InputError as error:
        bar.empty()
        data.show_problems(error.problems, t("run.error"))
        return
    bar.empty()
    st.session_state[COMPARE] = {"request": request, "report": report, "baseline": baseline, "variant": variant,
                                 "seed": seed, "scenario_id": scenario_id}


def _figures(m: dict, language: str, hours: bool | None = None) -> dict[str, str]:
    """A paired measure's columns, as the measures and the units tables show them (``compare``'s
    words, :func:`sim.sweep.words.paired`: a length of time as people say it): each arm's
    mean, the mean difference and its interval, starred when it excludes 0."""
    said = paired(m, language, hours)
    spread = said["interval"] + (" *" if m["low"] is not None and m["excludes_zero"] else "")
    return {t("whatif.original"): said["baseline"], t("whatif.edited"): said["variant"],
            t("whatif.difference"): said["mean"], t("whatif.interval"): spread}


def show_comparison(held: dict, plan: ResponsePlan | None, language: str) -> None:
    report = held["report"]
    template = held["baseline"].is_template
    st.info(verdict(report, plan, language, template))
    download(st, t("whatif.download_compare"), report_json(report, held["baseline"]),
             f"compare-{held['scenario_id']}-seed{held['seed']}-{report['n']}.json", "application/json",
             key="whatif.dl.compare")
    rows = []
    told, idle = told_measures(report)
    for m in told:
        rows.append({t("whatif.measure"): measure_label(m["measure"], plan, language), **_figures(m, language),
                     t("whatif.n_pairs"): m["n"], t("whatif.changed_in"): m["changed"]})
    st.markdown(f"#### {t('whatif.means', n=report['n'])}")
    st.caption(t("whatif.rank_note"))
    table(rows, key="whatif.compare.table", height="content")  # every measure in view, none behind a scroll
    for line in happened_lines(told, plan, language):
        st.caption(line)
    if idle:
        st.caption(idle_line(idle, plan, language))
    _extra_work(held, language)
    st.markdown(f"#### {t('whatif.changed')}")
    st.caption(t("whatif.changed_about"))
    changed = report["changed"]
    if not changed:
        st.success(t("whatif.none_changed"))
        return
    st.markdown(how_many_changed(report, language))
    if report["changed_count"] > len(changed):
        st.caption(t("whatif.changed_kept", count=report["changed_count"], kept=len(changed)))
    peaks = shown_peaks(changed)
    drawn = held["baseline"].scenario.template
    table([{t("common.replication"): entry["replication"],
            **({t(f"whatif.{fact}"): drawn_name(drawn, fact, entry.get(fact), language)
                for fact in ("cause", "season", "weather")} if template else {}),
            **{peak_label(peak, plan, language): peak_value(peak, entry.get(peak), plan, language) for peak in peaks},
            t("whatif.what_changed"): changes_text(entry["changes"], plan, language)}
           for entry in changed], key="whatif.changed.table")
    open_replication(held, [entry["replication"] for entry in changed])


def _extra_work(held: dict, language: str) -> None:
    """Who carries the extra work, as ``compare`` lists it: each unit's unit-hours per
    incident under both plans, most extra first."""
    report, case = held["report"], held["baseline"]
    st.markdown(f"#### {t('compare.extra_work')}")
    units = extra_work(report, case.plans)
    if not units:
        st.caption(t("compare.no_extra_work"))
        return
    st.caption(t("compare.extra_work_about", top=TOP_UNITS))
    table([{t("common.unit"): pick(name, language), **_figures(m, language, hours=True)} for name, m in units],
          key="whatif.extra_work.table", height="content")


def id_changed(plan_id: str, new: str, edited_text: str) -> list:
    """The edited plan took another id: a problem at the line of its ``id``, as the loader
    reports every other (the comparison needs the plan it replaces)."""
    return list(locate([(("id",), Message("whatif.id_changed", old=plan_id, new=new))], f"{plan_id}.yaml",
                        edited_text).problems)


def open_replication(held: dict, replications: list[int]) -> None:
    """Open one changed replication, under either arm, in the Run or the Walk-through page."""
    which, under = st.columns([1, 2], vertical_alignment="bottom")
    chosen = choices.selectbox(which, t("whatif.open_which"), replications, key="whatif.open.replication")
    arms = {"variant": t("whatif.edited"), "baseline": t("whatif.original")}  # worded in the language of this run
    arm = choices.radio(under, t("whatif.open_arm"), tuple(arms), key="whatif.open.arm", horizontal=True,
                        format_func=arms.get)
    buttons = st.container(horizontal=True)  # each button as wide as its words, none cut short
    for page, label in (("run", "whatif.open_run"), ("walk", "whatif.open_walk")):
        if buttons.button(t(label), key=f"whatif.open.{page}"):
            _open(held, int(chosen), arm, page)


def _open(held: dict, replication: int, arm: str, page: str) -> None:
    """Run one replication under one arm and open it; the Run page holds the arm's edit as its
    input (:func:`sim.ui.run_page.open_run`), so that running it again keeps the edit."""
    from .run_page import open_run

    case, seed = held[arm].changed(replication=replication), held["seed"]
    bar = st.progress(0.0, text=t("run.progress", pct=0))
    result = runs.run(case, seed, progress=lambda f: bar.progress(f, text=t("run.progress", pct=int(f * 100))))
    bar.empty()
    open_run(runs.held_run(case, seed, result))
    for key in ("walk.scenario", "walk.seed", "walk.replication", "walk.current", "walk.i"):
        st.session_state.pop(key, None)
    st.switch_page(f"sim/ui/pages/{page}.py")
