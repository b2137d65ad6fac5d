"""The drill's after-action report, in the manner of the plan's 6.1 处置评估报告.

6.1 asks for an evaluation of how the incident was handled, its losses and effects, and
clear improvement measures. For an exercise that is: what was played and by whom, the
scores, the timeline, every expected action with its outcome, the deviations with the
clause each breaks, what went well, and the improvement items — and, beside the
drill's outcome, the plan's own run of the same scenario (the answer key). Rendered as
Markdown and as a printable HTML page by the same renderers as the run reports.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..event_text import event_text
from ..report import Section, names_from, render_html, render_markdown
from .evaluate import Evaluation
from .replay import AnswerKey, Replay
from ..messages import section

LABELS: dict[str, tuple[str, str]] = section("drill_report.")  # in the one catalogue, sim.messages

STATUS: dict[str, tuple[str, str]] = section("drill_status.")  # in the one catalogue, sim.messages

#: Engine verbs shown in the timeline beside the participants' actions.
TIMELINE_VERBS = frozenset({
    "forecast", "hazard_begins", "hazard_ends", "fault", "incident_opened", "incident_closed", "classified",
    "declare_response", "adjust_response", "end_response", "repaired", "backup_out_of_fuel",
})


def label(key: str, language: str) -> str:
    zh, en = LABELS[key]
    return zh if language == "zh" else en


def status_label(status: str, language: str) -> str:
    zh, en = STATUS[status]
    return zh if language == "zh" else en


def _pick(text, language: str) -> str:
    if not text:
        return ""
    if isinstance(text, Mapping):
        return text.get(language) or text.get("zh") or ""
    return getattr(text, language, None) or str(text)  # a plan's Text, or a plain string


def _h(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def sections(state: Replay, key: AnswerKey, evaluation: Evaluation, language: str = "zh") -> list[Section]:
    L = lambda k: label(k, language)  # noqa: E731
    record, inputs = state.record, state.inputs
    plan, scenario = inputs.plan, inputs.scenario
    names = names_from([plan], inputs.area, scenario)
    units = {u.id for u in plan.units}

    def name(unit: str) -> str:
        """A plan unit's name, or the area's name of a key user the engine logs under its id."""
        if unit not in units and unit in names:
            return _pick(names[unit], language)
        return _pick(state.catalogue.unit_name(unit), language)
    out = [Section(L("overview"), pairs=[
        (L("name"), record.name),
        (L("scenario"), f"{_pick({'zh': scenario.title.zh, 'en': scenario.title.en}, language)} `{scenario.id}`"),
        (L("plan"), f"{_pick({'zh': plan.title.zh, 'en': plan.title.en}, language)} `{plan.id}`"),
        (L("seed"), str(record.seed)),
        (L("start"), scenario.start.isoformat()),
        (L("clock"), f"{evaluation.now_h:.2f} / {record.clock.end_h:g}"),
        (L("state"), L("ended") if evaluation.ended else L("running")),
        (L("grace"), f"{record.settings.get('grace_h', 0):g}"),
    ])]
    out.append(Section(L("players"), header=[L("unit"), L("person"), L("played")], rows=[
        [f"{name(role)} ({role})", person, f"{_h(start)}–{_h(end) if end is not None else ''}"]
        for role, stints in sorted(record.stints().items()) for person, start, end in stints
    ]))
    rows = [[f"{name(role)} ({role})", evaluation.players.get(role, ""), str(score.count), f"{score.points:g}",
             "—" if score.percent is None else f"{score.percent:g} %"]
            for role, score in sorted(evaluation.scores.items())]
    overall = evaluation.overall
    rows.append([L("overall"), "", str(overall.count), f"{overall.points:g}",
                 "—" if overall.percent is None else f"{overall.percent:g} %"])
    out.append(Section(L("scores"), header=[L("unit"), L("person"), L("scored"), L("points"), L("score")], rows=rows))

    drill, plan_run = state.result["summary"], key.result["summary"]
    level = lambda lid: next((_pick({"zh": lv.name.zh, "en": lv.name.en}, language)  # noqa: E731
                              for lv in plan.response_levels if lv.id == lid), "—")
    out.append(Section(L("outcome"), header=[L("item"), L("drill"), L("key")], rows=[
        [L("warning_issued"), _h(drill.get("warning_issued_at_h")), _h(plan_run.get("warning_issued_at_h"))],
        [L("response_started"), _h(drill.get("response_started_at_h")), _h(plan_run.get("response_started_at_h"))],
        [L("max_level"), level(drill.get("max_response_level")), level(plan_run.get("max_response_level"))],
        [L("terminated"), _h(drill.get("terminated_at_h")), _h(plan_run.get("terminated_at_h"))],
    ]))

    by_seq = {item.seq: item for item in evaluation.items if item.seq is not None}
    timeline: list[tuple[float, int, list[str]]] = []
    for event in state.result["events"]:
        if event["action"] in TIMELINE_VERBS:
            unit = event["unit"]
            who = L("engine") if unit == "model" else name(unit) if unit != "scenario" else L("scenario")
            what = _pick(event_text(event, names), language) or event["action"]
            source = str(event.get("source", ""))
            source = L("model") if source == "model" else L("scenario") if source == "scenario" else source
            timeline.append((event["t_h"], 0, [_h(event["t_h"]), who, what, source, ""]))
    for action in record.actions:
        if action.role is None:
            continue
        item = by_seq.get(action.seq)
        what = _pick(state.catalogue.action_label(action.role, action.kind, action.args), language)
        timeline.append((action.at_h, 1, [_h(action.at_h), f"{name(action.role)} · {action.person}", what,
                                          item.clause if item else "", status_label(item.status, language) if item else ""]))
    timeline.sort(key=lambda entry: (entry[0], entry[1]))
    out.append(Section(L("timeline"), header=[L("time"), L("who"), L("what"), L("clause"), L("result")],
                       rows=[row for _, _, row in timeline]))

    out.append(Section(L("expected"), header=[L("due"), L("unit"), L("what"), L("clause"), L("allowed"), L("done"),
                                              L("person"), L("delay"), L("status")], rows=[
        [_h(i.due_h), name(i.role), _pick(i.label, language) + (f" — {_pick(i.note, language)}" if i.note else ""),
         i.clause, _h(i.allowed_h if i.status != "not_reached" else None), _h(i.done_h), i.person or "",
         _h(i.delay_h), status_label(i.status, language)]
        for i in evaluation.items
    ]))
    out.append(Section(L("deviations"), header=[L("time"), L("unit"), L("clause"), L("what")], rows=[
        [_h(d.t_h), name(d.role), d.clause, _pick(d.text, language)] for d in evaluation.deviations
    ]))
    out.append(Section(L("went_well"), header=[L("item")], rows=[[_pick(x, language)] for x in evaluation.went_well]))
    out.append(Section(L("improvements"), header=[L("item")],
                       rows=[[_pick(x, language)] for x in evaluation.improvements]))
    return out


def title(state: Replay, language: str) -> str:
    return f"{label('title', language)} — {state.record.name}"


def markdown(state: Replay, key: AnswerKey, evaluation: Evaluation, language: str = "zh") -> str:
    return render_markdown(title(state, language), sections(state, key, evaluation, language), language)


def html(state: Replay, key: AnswerKey, evaluation: Evaluation, language: str = "zh") -> str:
    return render_html(title(state, language), sections(state, key, evaluation, language), language)
