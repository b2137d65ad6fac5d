"""What the evaluation found (发现的问题), graded and laid at the door of the plan or of the players.

An office's evaluation report grades each finding — 不足项 (a deficiency: the objective
was put at risk), 整改项 (an item to rectify), 改进项 (an item to improve) — and, as the
2013 应急预案管理办法 第23条 asks, judges the plan itself (合理性与可操作性) as well as
how it was carried out. So every finding is attributed:

* to the **players** — a deviation of the evaluation (late, skipped, a wrong level, a
  premature end, a missed duty…), one finding per unit, kind and clause;
* to the **plan** — what no player could have done better:

  - *a duty with no means*: in the plan's own run of the scenario (everyone acting at
    once) a duty fell due and could never get the resource it needs;
  - *a deadline no unit met*: a clause none of whose expected actions in this drill was
    done in time, though two or more were done late;
  - *a clause that could not be carried out as written*: a missed step held up the steps
    after it, and the plan names nobody to carry them on.

Each finding keeps its clause, the unit it concerns and when it first showed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..clock import clock
from ..engine.rules import clause as cited_clause
from ..event_kinds import clause_label
from ..messages import LANGUAGES, listed, said, text
from .evaluate import ADVICE, Evaluation
from .replay import AnswerKey, Replay

Text = Mapping[str, str]

#: grade -> (Chinese, English): 不足项 deficiency, 整改项 item to rectify, 改进项 item to improve

#: a players' deviation kind -> its grade
PLAYER_GRADES = {
    "wrong_level": "deficiency", "premature_end": "deficiency",
    "missed": "rectify", "undecided": "rectify", "skipped": "rectify",
    "late": "improve", "priority": "improve", "not_required": "improve",
}
GRADE_ORDER = {"deficiency": 0, "rectify": 1, "improve": 2}


@dataclass(frozen=True)
class Finding:
    #: stable across drills of a scenario: ``attribution:kind:unit:clause[:what]``
    key: str
    attribution: str
    grade: str
    kind: str
    role: str
    clause: str
    t_h: float
    text: Text
    advice: Text
    count: int = 1


def _t(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def findings(state: Replay, key: AnswerKey, evaluation: Evaluation) -> list[Finding]:
    """Every finding of the drill, the gravest first, then by time."""
    found = _players(evaluation) + _no_means(state, key) + _deadlines(state, evaluation) + _held_up(state, evaluation)
    return sorted(found, key=lambda f: (GRADE_ORDER[f.grade], f.t_h, f.attribution, f.role, f.key))


def _players(evaluation: Evaluation) -> list[Finding]:
    groups: dict[tuple[str, str, str], list] = {}
    for deviation in evaluation.deviations:
        groups.setdefault((deviation.role, deviation.kind, deviation.clause), []).append(deviation)
    out = []
    for (role, kind, clause), group in groups.items():
        first = group[0]
        more = len(group) - 1
        text = first.text if not more else said("drill_finding.and_more", text=first.text, more=more)
        zh, en = ADVICE[kind]
        out.append(Finding(f"players:{kind}:{role}:{clause}", "players", PLAYER_GRADES[kind], kind, role, clause,
                           first.t_h, text, _t(zh, en), len(group)))
    return out


def _no_means(state: Replay, key: AnswerKey) -> list[Finding]:
    """Duties the plan's own run could never resource (the resource is missing or too few), by
    the drill's clock (the answer key runs to the end; a drill in progress has not got there)."""
    plan = state.inputs.plan
    resources = {r.id: r.name for r in plan.resources}
    duties = {d.id: (owner, d) for owner, d in plan.all_duties()}
    out = []
    for unmet in key.result["summary"].get("unmet_duties") or []:
        if unmet.get("plan") != plan.id or unmet["duty"] not in duties or unmet["t_h"] > state.now_h:
            continue
        role, duty = duties[unmet["duty"]]
        if duty.task is None or duty.task.resource is None:
            continue  # not a question of means
        resource = resources.get(duty.task.resource)
        what = _t(resource.zh, resource.en) if resource is not None else _t(duty.task.resource, duty.task.resource)
        clause = cited_clause(duty)
        out.append(Finding(
            f"plan:no_means:{role}:{clause}:{duty.id}", "plan", "deficiency", "no_means", role, clause, unmet["t_h"],
            said("drill_finding.no_means", duty=_t(duty.text.zh, duty.text.en), what=what),
            said("drill_finding.no_means_advice", what=what)))
    return out


def _deadlines(state: Replay, evaluation: Evaluation) -> list[Finding]:
    """Clauses none of whose expected actions was done in time, two or more of them done late
    and more of them done late than not done: a time limit that those who acted all missed
    may be the plan's to review, but actions nobody took say nothing of the limit."""
    by_clause: dict[str, list] = {}
    for item in evaluation.items:
        if item.points is not None and item.clause:
            by_clause.setdefault(item.clause, []).append(item)
    out = []
    start = state.inputs.scenario.start
    for clause, items in by_clause.items():
        late = [i for i in items if i.status == "late"]
        if len(late) < 2 or 2 * len(late) <= len(items) or any(i.status not in ("late", "missed") for i in items):
            continue  # nobody tried twice, most did nothing, or someone managed it: the players', not the plan's
        first = min(items, key=lambda i: i.due_h)
        cited = {language: clause_label(clause, language) for language in LANGUAGES}
        units = listed(state.catalogue.unit_name(role) for role in dict.fromkeys(i.role for i in items))
        # a time limit that is the model's assumption (the plan sets none) is reviewed as an assumption
        found, advice = (("drill_finding.deadline_assumed", "drill_finding.deadline_assumed_advice")
                         if clause == "assumption" else ("drill_finding.deadline", "drill_finding.deadline_advice"))
        out.append(Finding(
            f"plan:deadline:{first.role}:{clause}", "plan", "rectify", "deadline", first.role, clause, first.due_h,
            said(found, clause=cited, n=len(items), units=units, due=clock(start, first.due_h)),
            said(advice, clause=cited)))
    return out


def _held_up(state: Replay, evaluation: Evaluation) -> list[Finding]:
    """A missed step that held up the steps after it: the sequence stops with nobody to carry it on."""
    held: dict[str, list] = {}
    for item in evaluation.items:
        if item.held_up_by is not None:
            held.setdefault(item.held_up_by, []).append(item)
    out = []
    for step_key, followers in held.items():
        missed = next((i for i in evaluation.items if i.kind == "step" and i.key == step_key and i.held_up_by is None),
                      None)
        if missed is None:
            continue
        out.append(Finding(
            f"plan:held_up:{missed.role}:{missed.clause}:{step_key}", "plan", "improve", "held_up", missed.role,
            missed.clause, missed.due_h,
            said("drill_finding.held_up", step=missed.label, n=len(followers)),
            said("drill_finding.held_up_advice")))
    return out


def grade_label(grade: str, language: str) -> str:
    return text(f"drill_grade.{grade}", language)


def attribution_label(attribution: str, language: str) -> str:
    return text(f"drill_attribution.{attribution}", language)
