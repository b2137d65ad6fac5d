"""The drill's evaluation report (处置评估报告), as an emergency office files it.

The 2009 drill guide's 总结报告 has an overview (基本概要), the problems found (发现的
问题), lessons (经验教训) and recommendations (工作建议); the 2013 应急预案管理办法
第23条 asks a drill evaluation to judge the plan's soundness and workability as well as
how it was carried out; HSEEP rates each objective on four grades. So the report gives:

* 基本概要 — the drill, its scenario and plan (and any fire-ban notice the scenario runs beside
  it, which no one plays: the engine acts it as written), when it ran in scenario time, who played;
* scores by objective (“x / y met” and a rating on the stated four-grade scale) and by unit;
* the outcome beside the plan's own run of the same scenario (the answer key);
* the findings, graded 不足项 / 整改项 / 改进项 and attributed to the plan or to the
  players, each with its clause (:mod:`sim.drills.findings`);
* 经验教训 and 工作建议;
* the improvement plan filed for this drill, and what became of the earlier drills' items;
* for a fork, the comparison with the drill it came from;
* the timeline — the scenario's and the facilitator's injects, the engine's key events, the
  key entries of the documents no one plays (unscored), every player's action — and every
  expected action with its outcome.

Every moment is the scenario's clock time; every unit is named. Rendered as Markdown and
as an HTML page that prints on A4 by the same renderers as the run reports.
"""

from __future__ import annotations

from functools import cache

from ..clock import clock, date_time, duration
from ..event_kinds import NOT_CLAUSES, VERBS, clause_label
from ..event_text import attempt_places, entry_words, event_text
from ..messages import joined, own, pick, text, with_unit
from ..report import Section, key_events, level_name, render_html, render_markdown
from . import objectives as objectives_mod
from .actions import plan_order
from .dossier import Dossier, bare
from .evaluate import Evaluation, Score
from .findings import attribution_label, grade_label
from .improvement import status_label as improvement_status
from .replay import AnswerKey, Replay


#: Engine verbs shown in the timeline beside the participants' actions.
TIMELINE_VERBS = frozenset({
    "forecast", "hazard_begins", "hazard_ends", "fault", "incident_opened", "incident_closed", "classified",
    "declare_response", "adjustment_proposed", "adjust_response", "end_response", "repaired", "backup_out_of_fuel",
})


#: The engine's entries of a level decision, each the answer to a player's action of its kind
#: (:data:`sim.event_kinds.VERBS`: declare, adjust, end) when the unit is played.
LEVEL_DECISIONS = frozenset({"declare_response", "adjust_response", "end_response"})
#: A player's actions of those decisions, by kind.
LEVEL_KINDS = frozenset(VERBS[verb] for verb in LEVEL_DECISIONS)


def label(key: str, language: str, **fmt) -> str:
    """The report's label ``key`` (``drill_report.`` in the one catalogue, sim.messages; a
    whole key such as ``drill.due`` for a word other faces show too)."""
    return own("drill_report.", key, language, **fmt)


def status_label(status: str, language: str) -> str:
    return text(f"drill_status.{status}", language)


def rating_label(rating: str | None, language: str) -> str:
    return text(f"drill_rating.{rating or 'none'}", language)


def percent(value: float | None, language: str) -> str:
    """A score as a share (``87.5 %``), or ``—`` where nothing was scored yet: the one writing
    of a drill's score, in its report, on its console and on the command line."""
    return "—" if value is None else with_unit(f"{value:g}", "%", language)


def sections(state: Replay, key: AnswerKey, evaluation: Evaluation, language: str = "zh",
             dossier: Dossier | None = None) -> list[Section]:
    L = lambda k, **f: label(k, language, **f)  # noqa: E731
    dossier = dossier or bare(state, key, evaluation)
    record, inputs = state.record, state.inputs
    plan, scenario = inputs.plan, inputs.scenario
    start = scenario.start
    at = lambda t: clock(start, t)  # noqa: E731
    names = state.names()
    units = {u.id for u in plan.units}
    by_plan = plan_order(plan)
    logged = names.of("unit")
    #: a clause the drill keeps, cited as the engine's entries are (its records keep the clause
    #: number alone; the drill's plan says where its rule stands): in a table's Clause column,
    #: the clause first; in a sentence, after the title of another document it stands in
    cite = cache(lambda clause: inputs.cite(clause, language, clause_first=True))

    def name(unit: str) -> str:
        """A plan unit's name, or the area's name of a key user the engine logs under its id."""
        if unit not in units and unit in logged:
            return pick(logged[unit], language)
        return pick(state.catalogue.unit_name(unit), language)

    progress = objectives_mod.progress(dossier.objectives, evaluation)
    colon = text("common.colon", language)
    grades = {g: sum(1 for f in dossier.findings if f.grade == g) for g in ("deficiency", "rectify", "improve")}
    overview = [
        (L("name"), record.name),
        (L("common.scenario"), pick(scenario.title, language)),
        *inputs.documents_said(L("plan"), language),
        (L("drill.start"), date_time(start, 0)),
        (L("drill.clock"), L("clock_value", now=at(evaluation.now_h), end=at(record.clock.end_h))),
        (L("common.state"), L("drill.ended") if evaluation.ended else L("running")),
        (L("players"), joined((f"{name(p.role)}{colon}{p.person}" for p in record.participants), language) or "—"),
        (L("drill.overall"), percent(evaluation.overall.percent, language)),
        (L("objectives_met"), joined((f"{pick(p.objective.text, language)} {objectives_mod.met_line(p, language)}"
                                      for p in progress), language, "common.clause_sep")),
        (L("findings_count"), joined((f"{grade_label(g, language)} {n}" for g, n in grades.items()), language)),
        (L("drill.grace"), duration(record.grace_h, language)),
        (L("common.seed"), str(record.seed)),
    ]
    if inputs.replication_told is not None:
        overview.append((L("common.replication"), str(inputs.replication_told)))
    if inputs.drawn_told is not None:
        overview.append((L("drill.drawn"), pick(inputs.drawn_told, language)))
    if dossier.original is not None:
        overview.append((L("forked_from"), L("forked_value", name=dossier.original.state.record.name,
                                             clock=at(dossier.original.fork_h))))
    out = [Section(L("overview"), pairs=overview)]
    out.append(Section(L("players"), header=[L("common.unit"), L("person"), L("played")], rows=[
        # a player who still holds the role has played it up to the drill's clock, its end once it has ended
        [name(role), person, f"{at(since)} – {at(until if until is not None else evaluation.now_h)}"]
        for role, stints in sorted(record.stints().items(), key=lambda pair: by_plan(pair[0]))
        for person, since, until in stints
    ]))

    out.append(Section(L("by_objective"), header=[L("drill.objective"), L("met"), L("drill.score"), L("rating")], rows=[
        [pick(p.objective.text, language), objectives_mod.met_line(p, language), percent(p.percent, language),
         rating_label(objectives_mod.rating(p), language)] for p in progress
    ], note=rating_label("scale", language)))
    # every role a person played, even one the drill never asked anything of (nothing scored: —)
    unscored = Score(0.0, 0)
    rows = [[name(role), joined(evaluation.players.get(role, ()), language), str(score.count),
             f"{score.points:g}" if score.count else "—", percent(score.percent, language)]
            for role in sorted(set(evaluation.scores) | set(record.stints()), key=by_plan)
            for score in (evaluation.scores.get(role, unscored),)]
    overall = evaluation.overall
    rows.append([L("drill.overall"), "", str(overall.count), f"{overall.points:g}", percent(overall.percent, language)])
    out.append(Section(L("by_unit"), header=[L(k) for k in ("common.unit", "person", "scored", "points", "drill.score")],
                       rows=rows))

    drill, plan_run = state.result["summary"], key.result["summary"]
    level = lambda lid: level_name(plan, lid, language)  # noqa: E731
    out.append(Section(L("outcome"), header=[L("item"), L("drill"), L("key")], rows=[
        [L("common.warning_issued"), at(drill.get("warning_issued_at_h")), at(plan_run.get("warning_issued_at_h"))],
        [L("common.response_started"), at(drill.get("response_started_at_h")), at(plan_run.get("response_started_at_h"))],
        [L("max_level"), level(drill.get("max_response_level")), level(plan_run.get("max_response_level"))],
        [L("common.terminated"), at(drill.get("terminated_at_h")), at(plan_run.get("terminated_at_h"))],
    ]))

    out.append(Section(L("findings"), header=[L(k) for k in ("grade", "attribution", "common.time", "common.unit",
                                                              "common.clause", "drill.what")],
                       rows=[[grade_label(f.grade, language), attribution_label(f.attribution, language), at(f.t_h),
                              name(f.role), cite(f.clause), pick(f.text, language)]
                             for f in dossier.findings]))
    lessons = [pick(x, language) for x in evaluation.went_well]
    for p in progress:
        grade = objectives_mod.rating(p)
        if grade is not None:
            lessons.append(L("lesson", objective=pick(p.objective.text, language), rating=rating_label(grade, language),
                             met=objectives_mod.met_line(p, language)))
    out.append(Section(L("lessons"), header=[L("item")], rows=[[x] for x in lessons]))
    advice = [pick(x, language) for x in evaluation.improvements]
    advice += [L("assumed_advice", what=pick(f.advice, language)) if f.clause == "assumption"
               else L("plan_advice", clause=inputs.cite(f.clause, language), what=pick(f.advice, language))
               for f in dossier.findings if f.attribution == "plan"]
    out.append(Section(L("recommendations"), header=[L("item")], rows=[[x] for x in dict.fromkeys(advice)]))

    out.append(Section(L("improvement_plan"), header=[L(k) for k in (
            "drill.item_number", "grade", "drill.responsible", "drill.improvement_action", "common.clause",
            "drill.due_date", "status")], rows=[
        [f"#{i.id}", grade_label(i.grade, language), name(i.unit), pick(i.action, language), cite(i.clause),
         i.due.isoformat(), improvement_status(i.status, language)] for i in dossier.filed
    ]))
    if dossier.earlier:
        out.append(Section(L("earlier"), header=[L(k) for k in (
                "drill.item_number", "drill.drill", "drill.responsible", "drill.improvement_action", "common.clause",
                "status")], rows=[
            [f"#{i.id}", i.drill_name, name(i.unit), pick(i.action, language), cite(i.clause),
             improvement_status(i.status, language)] for i in dossier.earlier
        ]))
    if dossier.original is not None:
        out.append(_comparison(state, key, evaluation, dossier, language, name, at, level))

    by_seq = {item.seq: item for item in evaluation.items if item.seq is not None}
    played, plan_run = _played_levels(state, key, names, language, at)
    timeline: list[tuple[float, int, list[str]]] = []
    for inject in record.injects:
        released = inject.release_h()
        if released is None or released > evaluation.now_h:
            continue
        source = L("drill.own_inject") if inject.at_h is None else L("drill.scenario_inject")
        timeline.append((released, 0, [at(released), source, f"{pick(inject.title, language)} → "
                                       + joined((name(r) for r in inject.roles), language), "", ""]))
    acted = _acted(state)
    places = attempt_places(state.result["events"])  # a penalty's place, as every log says it
    for event in state.result["events"]:
        if (event["action"] in TIMELINE_VERBS and id(event) not in played) or id(event) in acted:
            unit = event["unit"]
            # the model and the scenario in the run's log's words, a clause where its rule stands, as the log cites it
            who = clause_label(unit, language) if unit in NOT_CLAUSES else name(unit)
            what = pick(entry_words(event, names, places), language) or event["action"]
            # an entry of a document no one plays is cited with that document's title (after the
            # clause, as every table's Clause column), as in every multi-plan run's log; the played
            # plan's, as the drill's own clauses are cited
            row = [at(event["t_h"]), who, what, inputs.cite_entry(event, language, clause_first=True), ""]
            timeline.append((event["t_h"], 1, row))
    for action in record.actions:
        if action.role is None:
            continue
        item = by_seq.get(action.seq)
        what = pick(state.catalogue.action_label(action.role, action.kind, action.args), language)
        if action.seq in plan_run:
            what += text("common.aside", language, text=plan_run[action.seq])
        timeline.append((action.at_h, 2, [at(action.at_h), f"{name(action.role)} · {action.person}", what,
                                          cite(item.clause) if item else "", status_label(item.status, language) if item else ""]))
    timeline.sort(key=lambda entry: (entry[0], entry[1]))
    out.append(Section(L("timeline"), header=[L(k) for k in ("common.time", "who", "drill.what", "common.clause",
                                                              "drill.assessment")],
                       rows=[row for _, _, row in timeline]))

    out.append(Section(L("expected"), header=[L(k) for k in ("drill.due", "common.unit", "drill.what", "common.clause",
                                                              "drill.deadline", "done", "person", "status")], rows=[
        [at(i.due_h), name(i.role), pick(i.label, language) + (f" — {pick(i.note, language)}" if i.note else ""),
         cite(i.clause), at(i.due_h + i.allowed_h) if i.status != "not_reached" else "—", at(i.done_h), i.person or "",
         status_label(i.status, language)]
        for i in evaluation.items
    ]))
    return out


def _comparison(state, key, evaluation, dossier, language, name, at, level) -> Section:
    """This fork beside the drill it came from: scores and outcome."""
    L = lambda k, **f: label(k, language, **f)  # noqa: E731
    original = dossier.original
    theirs, ours = original.state.result["summary"], state.result["summary"]
    rows = [[L("drill.overall"), percent(original.evaluation.overall.percent, language), percent(evaluation.overall.percent, language)]]
    for role in sorted(set(original.evaluation.scores) | set(evaluation.scores), key=plan_order(state.inputs.plan)):
        before, after = original.evaluation.scores.get(role), evaluation.scores.get(role)
        rows.append([name(role), percent(before.percent if before else None, language), percent(after.percent if after else None, language)])
    rows += [
        [L("common.warning_issued"), at(theirs.get("warning_issued_at_h")), at(ours.get("warning_issued_at_h"))],
        [L("common.response_started"), at(theirs.get("response_started_at_h")), at(ours.get("response_started_at_h"))],
        [L("max_level"), level(theirs.get("max_response_level")), level(ours.get("max_response_level"))],
        [L("common.terminated"), at(theirs.get("terminated_at_h")), at(ours.get("terminated_at_h"))],
        [L("deviations"), str(len(original.evaluation.deviations)), str(len(evaluation.deviations))],
    ]
    return Section(L("comparison", clock=at(original.fork_h)), header=[L("item"), L("original"), L("fork")], rows=rows)


def _acted(state: Replay) -> set[int]:
    """The run's key entries (:func:`sim.report.key_events`, as the after-action report and the
    Walk-through select them) of the documents no one plays (:attr:`Inputs.acted`), by ``id``:
    those logged under such a document — a fire seen, the 12119 relay, crews sent and at the
    fire, a violation stopped, a penalty — and the engine's entries of no document about a fire
    (its start, the lines it trips, which hands the incident over to the played plan). Listed
    in the timeline, never scored. None for a drill on a scenario of one document."""
    return {id(event) for event in key_events(state.result) if state.inputs.of_acted(event)}


def _played_levels(state: Replay, key: AnswerKey, names, language: str, at) -> tuple[set[int], dict[int, str]]:
    """The level decisions players took — declaring, adjusting or ending the response — which
    the timeline lists once, as the player's action: the drill's own log entry of each (by
    ``id``), left out beside it, even where it came later (an end ordered before the
    termination conditions held is logged when they do); and, by the action's number, what
    the plan's own run did in that decision's place where it did otherwise — another time
    or another level (预案推演：07-18 18:00 Ⅲ级应急响应) — or that it took no such decision
    (:func:`counterparts`)."""
    taken = [a for a in state.record.actions if a.role is not None and a.kind in LEVEL_KINDS]
    ours = state.policy.plan_id
    drill, plan = ([e for e in run["events"] if e.get("plan") == ours] for run in (state.result, key.result))
    hidden = {id(event) for event in _answering(taken, drill)}
    said: dict[int, str] = {}
    for action, other in zip(taken, counterparts(taken, drill, plan)):
        if other is None:
            said[action.seq] = label("plan_run_none", language)
        elif (at(other["t_h"]), other.get("to")) != (at(action.at_h), action.args.get("level")):
            said[action.seq] = label("plan_run", language,
                                     what=f"{at(other['t_h'])} {pick(event_text(other, names), language)}")
    return hidden, said


def _answering(taken, events: list[dict]) -> list[dict]:
    """The drill's log entries (``events``: the played plan's) of level decisions that answer
    a player's action in ``taken``: each the first entry, in log order, of the action's kind
    by its unit, at or after it, in the same incident. An entry no such action is left for is
    the engine's own decision, for a unit nobody played then (a role handed back), and keeps
    its place in the timeline."""
    free = list(taken)
    answering = []
    for event in events:
        if event["action"] not in LEVEL_DECISIONS:
            continue
        number = _incident(events, event["t_h"])
        action = next((a for a in free if a.role == event["unit"] and a.kind == VERBS[event["action"]]
                       and a.at_h <= event["t_h"] and _incident(events, a.at_h) == number), None)
        if action is not None:
            free.remove(action)
            answering.append(event)
    return answering


def counterparts(taken, drill: list[dict], plan: list[dict]) -> list[dict | None]:
    """For each player's level decision in ``taken`` (declare, adjust, end), the plan's own
    run's decision in its place, or None where that run took none left for it: one of the
    same kind, of the same incident where both logs number them (``drill`` and ``plan``, the
    two runs' entries of the played plan, each numbering its own), nearest in time. Each of the
    plan's decisions is set beside one action, the nearest pairs first, and in their order:
    a player who skipped the plan's first adjustment has their two set beside its second
    and third, and a third adjustment of theirs, after those, beside none — not beside the
    first, which came before them."""
    decided = [e for e in plan if e["action"] in LEVEL_DECISIONS]
    pairs = sorted((abs(e["t_h"] - a.at_h), i, j) for i, a in enumerate(taken) for j, e in enumerate(decided)
                   if VERBS[e["action"]] == a.kind and _same(_incident(drill, a.at_h), _incident(plan, e["t_h"])))
    found: dict[int, int] = {}
    for _, i, j in pairs:
        crossing = any((i - k) * (j - m) < 0 for k, m in found.items() if taken[k].kind == taken[i].kind)
        if i not in found and j not in found.values() and not crossing:
            found[i] = j
    return [decided[found[i]] if i in found else None for i in range(len(taken))]


def _incident(events: list[dict], t_h: float) -> int | None:
    """The number of the incident a log holds at ``t_h``: its last ``incident_begun`` at or
    before it; None before the first, or in a log that numbers none."""
    number = None
    for event in events:
        if event["t_h"] > t_h:
            break
        if event["action"] == "incident_begun":
            number = event.get("number")
    return number


def _same(one: int | None, other: int | None) -> bool:
    """Whether two incident numbers may be the same incident: equal, or one of them unknown."""
    return one is None or other is None or one == other


def title(state: Replay, language: str) -> str:
    return f"{label('title', language)} — {state.record.name}"


def markdown(state: Replay, key: AnswerKey, evaluation: Evaluation, language: str = "zh",
             dossier: Dossier | None = None) -> str:
    return render_markdown(title(state, language), sections(state, key, evaluation, language, dossier), language)


def html(state: Replay, key: AnswerKey, evaluation: Evaluation, language: str = "zh",
         dossier: Dossier | None = None) -> str:
    return render_html(title(state, language), sections(state, key, evaluation, language, dossier), language)
