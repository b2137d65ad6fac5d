"""What the drill pages show, as plain rows: the overview, a role's inbox, tasks and timeline.

Pure functions of a replay and its evaluation, so tests call them without a browser and
the facilitator's and participants' pages stay thin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..clock import clock
from .actions import KIND_LABELS
from .evaluate import Evaluation, Item
from .inputs import of_drill
from .replay import Replay
from .report import percent
from ..messages import own, pick, text
from ..plan.figures import GRID_SHOWN
from ..report import figure_name, figure_now


def label(key: str, language: str, **fmt: Any) -> str:
    """The drills' label ``key`` (``drill.``; a whole key such as ``common.time`` for a word
    other faces show too)."""
    return own("drill.", key, language, **fmt)


def at(state: Replay, t_h: float | None) -> str:
    """A moment of the drill as the scenario's clock time (what people read, never hours)."""
    return clock(state.inputs.scenario.start, t_h)


def moment(record, t_h: float | None) -> str:
    """The same, from a drill's stored record (when no replay is at hand)."""
    return clock(of_drill(record).scenario.start, t_h)


def clock_mode(clock, language: str) -> str:
    """Paused, real time or ×N, in words; a running clock no server keeps says so; a clock
    at the scenario's end has ended, whether it was paused there or ran into it."""
    if clock.now() >= clock.end_h:
        return label("ended", language)
    if not clock.running:
        return label("paused", language)
    mode = rate_words(clock.rate, language)
    if clock.stalled():
        mode += label("stalled", language)
    return mode


def rate_words(rate: float, language: str) -> str:
    """A running clock's speed: real time, or ×N."""
    return label("real_time", language) if rate == 1 else f"×{rate:g}"


def metrics(state: Replay) -> dict[str, Any]:
    """The incident now: classification and level in force (its figures: :func:`figures`)."""
    runner = state.policy.runner
    return {
        "severity": runner.severity,
        "level": runner.level,
    }


def figures(state: Replay, language: str) -> list[tuple[str, str]]:
    """The incident's figures now, by name with their values: those the plan grades on first
    (the compiled plan's ``graded``: a flood plan's rainfall, each of several grids of a scope
    apart), then the grid's that it does not grade on (:data:`~sim.plan.figures.GRID_SHOWN`),
    as the console's header and ``drill status`` show them."""
    values = state.sim.values
    plan = state.inputs.plan
    graded = state.policy.runner.compiled.graded
    keys = [key for figure in graded for key in ([figure] if figure in values else
                                                 sorted(k for k in values if k.startswith(figure + ":")))]
    keys += [key for key in GRID_SHOWN if key not in keys and key in values]
    return [(figure_name(key, plan, language), figure_now(key, plan, values[key], language))
            for key in keys if isinstance(values[key], (int, float))]


def overview(state: Replay, evaluation: Evaluation, language: str) -> list[dict[str, Any]]:
    """One row per role that takes decisions: who plays it and how its actions stand."""
    rows = []
    for role in state.catalogue.roles:
        items = evaluation.for_role(role)
        player = state.record.player(role)
        if player is None and not items:
            continue
        count = lambda *statuses: sum(1 for i in items if i.status in statuses)  # noqa: E731
        score = evaluation.scores.get(role)
        rows.append({
            label("common.unit", language): pick(state.catalogue.unit_name(role), language),
            label("player", language): player or label("engine", language),
            label("done", language): count("on_time", "late", "out_of_order", "wrong", "premature"),
            label("open", language): count("open"),
            label("late", language): count("late", "out_of_order"),
            label("missed", language): count("missed"),
            label("declined", language): count("declined"),
            label("score", language): percent(None if score is None else score.percent, language),
        })
    return rows


def decisions(state: Replay, evaluation: Evaluation, language: str) -> list[dict[str, Any]]:
    """The decisions the plan leaves to the units (a response below the lowest level, a
    request to the higher government, a duty or step it marks ``left_to_unit``, and a
    raising or lowering its adjustment leaves to the unit once kept, declined), each as
    it stands: taken, declined, still open or never decided, a decline said by its note
    (the clause that leaves it to the unit). A decline is no deviation, so the
    facilitator reads it here. When it was asked, by when it was due and when it was
    decided are three columns: one time beside "declined" read as the moment of the
    decline, and a late decline's lateness counts from the second (the desk's "By")."""
    from .report import status_label

    return [{label("due", language): at(state, item.due_h),
             label("by", language): at(state, item.due_h + item.allowed_h),
             label("decided_at", language): "—" if item.done_h is None else at(state, item.done_h),
             label("common.unit", language): pick(state.catalogue.unit_name(item.role), language),
             label("player", language): item.person or "",
             label("action", language): pick(item.label, language),
             label("common.clause", language): state.inputs.cite(item.clause, language, clause_first=True),
             label("assessment", language): pick(item.note, language) if item.note else status_label(item.status, language)}
            for item in evaluation.items
            if (state.catalogue.left_to_unit(item.kind, item.key) or item.status == "declined")
            and item.status != "not_reached"]


@dataclass(frozen=True)
class Message:
    t_h: float
    source: str
    text: str
    #: what the message is, the same in either language: a desk remembers what it has shown by it
    key: str = ""


def inbox(state: Replay, role: str, language: str) -> list[Message]:
    """What has reached ``role`` by now, newest first: injects, reports, levels, measures,
    warnings, and each decision the plan leaves to the unit as it is put to its player
    (an approval asked for, a duty 必要时): a task row alone is easy to miss, a message
    is announced."""
    now = state.now_h
    cat = state.catalogue
    name = lambda unit: pick(cat.unit_name(unit), language)  # noqa: E731
    messages = []
    for inject in state.record.injects:
        if role in inject.roles and inject.visible(now):
            source = label("drill.scenario_inject", language) if inject.at_h is not None else label("facilitator", language)
            messages.append(Message(inject.release_h(), source, inject_text(inject, language), f"inject:{inject.key}"))
    for number, event in enumerate(state.result["events"]):
        action, t = event["action"], event["t_h"]
        if role in event.get("to", ()) and event["unit"] in {u.id for u in state.inputs.plan.units}:
            # the sender is the message's source: the line says what came, by the clause it follows
            text = label("report_from", language, clause=state.inputs.cite(event["source"], language))
        elif action in ("declare_response", "adjust_response"):
            text = label("level_set", language, what=pick(event.get("text"), language))
        elif action == "end_response":
            text = label("level_end", language)
        elif action == "activate_measure" and role in event.get("units", ()):
            text = label("measure", language, what=pick(event.get("text"), language))
        elif role in event.get("notify", ()):
            text = label("warning", language, what=pick(event.get("text"), language))
        else:
            continue
        messages.append(Message(t, name(event["unit"]), text, f"event:{number}:{action}"))
    for ask in state.policy.asks:
        if ask.role != role or (ask.kind, ask.key) not in cat.left or (ask.by == "engine" and ask.answered_h == ask.t_h):
            continue  # another's, not the unit's call, or the engine's at once (nobody played the role then)
        what = label("yours_to_decide", language, what=pick(cat.words_of(role, ask.kind, ask.key), language),
                     clause=state.inputs.cite(cat.clause_of(role, ask.kind, ask.key), language))
        messages.append(Message(ask.t_h, label("the_plan", language), what, f"ask:{ask.kind}:{ask.key}:{ask.t_h!r}"))
    # Newest first. They were gathered injects, then the log's entries, then the questions:
    # turned round, at one instant the questions put to the unit read first, then the log's
    # entries (latest first), then the injects — a question follows from the entry or the
    # inject that raised it (a forecast), an entry from the inject that set it off. A notice
    # the facilitator sends later in the same minute reads under them all the same.
    messages.sort(key=lambda m: m.t_h)
    messages.reverse()
    return messages


def inject_text(inject, language: str) -> str:
    """An inject as its roles read it: its title, then its body (``标题：正文``). A
    scenario's inject opens its body with its title (the MSEL reads the details off the
    lines after it), so its body is said alone; a title or a body alone is said alone."""
    title, body = pick(inject.title, language), pick(inject.body, language)
    if not title.strip() or body == title or body.startswith(title + "\n"):
        return body or title
    if not body.strip():
        return title
    return text("common.labelled", language, label=title, text=body)


def fresh(messages: list[Message], seen: set[str] | None) -> list[Message]:
    """The messages a desk has not shown yet (``seen``: the keys it has shown; None: it
    has shown nothing yet, and what is there on its first look is not news)."""
    if seen is None:
        return []
    return [m for m in messages if m.key not in seen]


def engine_feed(state: Replay, language: str, limit: int = 40) -> list[dict[str, Any]]:
    """What the units nobody plays did, as the engine played them by the plan: newest
    first, each with its clock time, the unit's name and what it did (the plan's words)."""
    from ..event_text import event_text

    units = {u.id for u in state.inputs.plan.units}
    played = {p.role for p in state.record.participants}
    names = state.names()
    cat = state.catalogue
    rows = []
    for event in reversed(state.result["events"]):
        unit = event.get("unit")
        if unit not in units or unit in played:
            continue
        what = pick(event_text(event, names), language)
        if not what:
            continue
        rows.append({label("common.time", language): at(state, event["t_h"]),
                     label("common.unit", language): pick(cat.unit_name(unit), language),
                     label("action", language): what,
                     label("common.clause", language): state.inputs.cite_entry(event, language, clause_first=True)})
        if len(rows) >= limit:
            break
    return rows


#: How much of what was done a confirmation repeats, in the width of Latin letters (60
#: Chinese characters): enough to know the note or choice again; the timeline holds it whole.
CONFIRM_WIDTH = 120


def confirmation(state: Replay, action, language: str) -> str:
    """A logged action confirmed in words: what was done (its first line, cut short: a
    4,000-character note is not said again at the top of the desk), by whom, at what clock time."""
    from ..messages import shortened, text

    lines = _what(state, action, language).splitlines() or [""]
    what = shortened(lines[0], CONFIRM_WIDTH)
    if len(lines) > 1 and not what.endswith("…"):
        what += "…"
    return text("drill_confirm.line", language, what=what, person=action.person, clock=at(state, action.at_h))


def _what(state: Replay, action, language: str) -> str:
    from ..messages import text

    args = action.args
    cat = state.catalogue
    if action.role is not None:
        return pick(cat.action_label(action.role, action.kind, args), language)
    if action.kind == "clock":
        if args.get("to_h", 0.0) > args.get("from_h", 0.0):
            return text("drill_confirm.clock_to", language, clock=at(state, args["to_h"]))
        if not args.get("running"):
            return text("drill_confirm.paused", language)
        return text("drill_confirm.running", language, mode=rate_words(args.get("rate", 1.0), language))
    if action.kind in ("release", "inject"):
        inject = next((i for i in state.record.injects if i.key == args.get("inject")), None)
        return text(f"drill_confirm.{action.kind}", language, title=pick(inject.title if inject else "", language))
    if action.kind in ("assign", "rekey"):
        unit = pick(cat.unit_name(args.get("role", "")), language)
        if action.kind == "rekey":
            return text("drill_confirm.rekey", language, unit=unit, person=args.get("person") or "")
        if args.get("person"):
            return text("drill_confirm.assign", language, unit=unit, person=args["person"])
        return text("drill_confirm.unassign", language, unit=unit)
    if action.kind in ("archive", "restore"):
        return text(f"drill_confirm.{action.kind}", language)
    return text("drill_confirm.other", language, kind=action.kind)


def tasks(evaluation: Evaluation, role: str) -> list[Item]:
    """What ``role`` should do now: due and not done (still open, or overdue but not too late to do)."""
    if evaluation.ended:
        return []
    return [i for i in evaluation.for_role(role) if i.status in ("open", "missed") and i.held_up_by is None]


#: Decisions whose answer is the player's judgement: the level to declare, or to adjust to.
#: The level the figures call for is the answer key the drill is scored against, so a task
#: names the decision, not that level, and offers no button that takes it for the player.
JUDGED = frozenset({"declare", "adjust"})


def task_label(item: Item) -> dict[str, str]:
    """A task as its player reads it: what to do, without the answer (:data:`JUDGED`)."""
    if item.kind in JUDGED:
        zh, en = KIND_LABELS[item.kind]
        return {"zh": zh, "en": en}
    return item.label


def task_args(state: Replay, item: Item) -> dict[str, str] | None:
    """The arguments of the action that settles a task, when the task names it exactly
    (a hop to send, a step to take…); None when the player must choose (a level to
    declare: :data:`JUDGED`)."""
    if item.kind in JUDGED:
        return None
    spec = next((s for s in state.catalogue.for_role(item.role) if s.kind == item.kind), None)
    if spec is None:
        return None
    if spec.arg is None:
        return {}
    return {spec.arg: item.key} if item.key is not None else None


def command_args(state: Replay, item: Item, kind: str) -> dict[str, str]:
    """The arguments to type for the action ``kind`` that answers a task, as a command line
    shows them: the task's own (:func:`task_args`) when it names them, else each argument
    the action takes, its value left for the player to choose (``level=…``: the refusal
    of a command without it lists the choices)."""
    spec = next((s for s in state.catalogue.for_role(item.role) if s.kind == kind), None)
    if spec is None or spec.arg is None:
        return {}
    exact = task_args(state, item) or {}  # a decline names what it declines as the task's own action does
    return {spec.arg: exact.get(spec.arg, "…")}


def own_timeline(state: Replay, evaluation: Evaluation, role: str, language: str) -> list[dict[str, Any]]:
    """The role's own actions with how each was judged, in order: what was done right after
    when, before who did it, so that a phone's screen shows it from its first line."""
    from .report import status_label

    judged = {i.seq: i for i in evaluation.items if i.seq is not None}
    rows = []
    for action in state.record.actions:
        if action.role != role:
            continue
        item = judged.get(action.seq)
        rows.append({
            label("common.time", language): at(state, action.at_h),
            label("action", language): pick(state.catalogue.action_label(role, action.kind, action.args), language),
            label("player", language): action.person,
            label("common.clause", language): state.inputs.cite(item.clause, language, clause_first=True) if item else "",
            label("assessment", language): status_label(item.status, language) if item else "",
        })
    return rows
