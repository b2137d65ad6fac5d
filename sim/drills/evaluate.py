"""Scoring a drill against the plan: every expected action, whether it happened, how early or late.

The plan is the answer key. What a participant was expected to do, and by when, is read
off the drill's own replay — the questions the engine put to the participant's unit
(:class:`~sim.drills.policy.Ask`: warning steps, report hops, duties whose triggers fired,
steps that fell due, and the steps a missed one held up, a response below the lowest
level when the plan's test for it held, a request to the higher government when its
conditions held),
the moments the classification and the level in force parted ways — so each unit is
measured from the moment *it* could act, not from when it would have in a perfect run
(a late report upstream does not make every unit downstream late). Decisions the
plan's own run reaches but this drill never did (a report that never arrived) are
listed as *not reached*, not scored.

Each expected action gets a status:

=================  ======  ====================================================================
status             points  meaning
=================  ======  ====================================================================
``on_time``        1       done within the plan's hours for it (or the drill's grace)
``late``           ½       done, but later than that
``out_of_order``   ½       done before its turn: a hop or a warning step skipped (4.3, 4.2.1)
``wrong``          0       a level that does not match the classification (附件1, 5.1)
``premature``      0       the response ended before every termination condition held (5.4)
``missed``         0       never done, and its time is up
``declined``       —       the plan leaves it to the unit (可, 必要时, 视情况) and its player declined it
``open``           —       due, but its time is not up yet
``not_reached``    —       the plan's run has it; this drill never got there
=================  ======  ====================================================================

A decision the plan leaves to the unit — a response below the lowest level, a request to
the higher government, a duty or step marked ``left_to_unit``, a change of level after the
figures moved under an adjustment marked so (可视…调整) — has two right answers:
taking it (judged as any action is, on time or late) and declining it (``declined``:
neither done nor missed, scored as nothing, cited to the clause that leaves it to the
unit; made after its time, a late deviation as well). Deciding nothing by the time it is
due is ``missed``, as any unanswered question is (:meth:`_Judge.declined` says why) — but for
a change of level, which the player declines by keeping the level in force
(:meth:`_Judge.kept`).

A unit's score is its points over its scored actions, in percent; the overall score
is the same over every played unit. Deviations list everything that broke a clause —
lateness, wrong levels, premature termination, skipped hops, duties never started,
crews sent out of priority order, actions the plan did not call for — each with the
clause it breaks.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..clock import clock, duration
from ..engine.rules import clause as _clause, compiled
from ..memo import cached
from ..messages import LANGUAGES, listed, said, section, text
from ..report import level_name, severity_name
from .actions import CALLS, OWN_QUESTIONS, decision_of, declines, deciders, own_question_steps, plan_order
from .policy import Ask
from .replay import AnswerKey, LiveReplay, Replay

#: Questions asked one by one (each answered by one logged action), and those of them
#: that have a place in a sequence (4.2.1's steps, 4.3's hops) that acting early skips.
ASKED = ("warning_step", "lift_warning", "report", "duty", "step", "discretion", "escalate")
IN_ORDER = ("warning_step", "lift_warning", "report")
POINTS = {"on_time": 1.0, "late": 0.5, "out_of_order": 0.5, "wrong": 0.0, "premature": 0.0, "missed": 0.0}
#: Statuses of expected actions that count in nothing a unit owed: the drill never got
#: there, or the unit declined what the plan leaves to it.
NOT_OWED = ("not_reached", "declined")
#: What to do about each kind of deviation (a recommendation of the evaluation report).
ADVICE: dict[str, tuple[str, str]] = section("drill_advice.")  # in the one catalogue, sim.messages
#: Times closer than this are the same instant (the engine's floats are exact; the log's
#: clock readings are sums of floats).
EPS = 1e-9

Text = Mapping[str, str]


@dataclass
class Item:
    """One action the plan expected of a played unit, and what became of it."""

    role: str
    kind: str
    key: str | None
    label: Text
    clause: str
    due_h: float
    allowed_h: float
    status: str = "open"
    person: str | None = None
    done_h: float | None = None
    seq: int | None = None
    note: Text | None = None
    #: the step whose miss kept this one from falling due (nothing its player can do now)
    held_up_by: str | None = None
    #: order among items due at the same hour: crews are due in the plan's priority order
    rank: int = 0

    @property
    def delay_h(self) -> float | None:
        return None if self.done_h is None else self.done_h - self.due_h

    @property
    def points(self) -> float | None:
        return POINTS.get(self.status)


@dataclass(frozen=True)
class Deviation:
    t_h: float
    role: str
    kind: str
    clause: str
    text: Text


@dataclass(frozen=True)
class Score:
    points: float
    count: int

    @property
    def percent(self) -> float | None:
        return None if self.count == 0 else round(100.0 * self.points / self.count, 1)


@dataclass
class Evaluation:
    now_h: float
    ended: bool
    items: list[Item]
    deviations: list[Deviation]
    scores: dict[str, Score]
    overall: Score
    players: dict[str, tuple[str, ...]]  # role -> everyone who played it, in the order they took it over
    went_well: list[Text] = field(default_factory=list)
    improvements: list[Text] = field(default_factory=list)

    def for_role(self, role: str) -> list[Item]:
        return [i for i in self.items if i.role == role]


def _t(zh: str, en: str) -> dict[str, str]:
    """A pair of texts from the plans or the catalogue, or a value that reads differently
    in each language (a duration, a joined list)."""
    return {"zh": zh, "en": en}


def _say(key: str, **values: Any) -> Text:
    """The catalogue's sentence ``drill_eval.<key>`` as a ``{zh, en}`` text."""
    return said(f"drill_eval.{key}", **values)


def _named(name: Callable[..., str], plan: Any, level: str | None, missing: str = "common.none") -> Text:
    """A level by its plan's name (:func:`~sim.report.level_name` or :func:`~sim.report.severity_name`)
    as a ``{zh, en}`` text for a sentence; no level as the catalogue's ``missing``."""
    return {language: name(plan, level, language, text(missing, language)) for language in LANGUAGES}


class _Judge:
    """The evaluation of one replay, kept and carried on as the replay runs on.

    Judging an expected action that is settled — done, or answered by the engine at a
    hand-back, or a crew sent — gives the same item and the same deviations whenever it
    is judged, so each is judged once and kept (a *final* entry); only what is still
    open (a question nobody has answered yet, the level decisions, the end, the
    actions that answer nothing yet) is judged again at each look. A look at a drill
    that runs on therefore costs what changed since the last one, not the drill so far.

    Every entry carries the place it has in the evaluation's order: the sort of the
    items (by due time, unit, kind, rank, key) and of the deviations (by time, unit,
    kind), ties kept in the order the plan's questions came up, phase by phase
    (questions, declaration, adjustments, end, crews, not reached, extras).
    """

    def __init__(self, state: Replay, key: AnswerKey):
        self.key = key
        self.plan = state.inputs.plan
        self.compiled = compiled(self.plan)
        self.policy = state.policy
        self.start = state.inputs.scenario.start
        self.grace = state.record.grace_h
        self.cat = state.catalogue
        self.cite = state.inputs.cite
        self.labels: dict[tuple[str, str], Text] = {}
        for specs in self.cat.specs.values():
            for spec in specs:
                for choice in spec.choices:
                    self.labels[(spec.kind, choice.value)] = choice.label
        self.levels = {level.id: level for level in self.plan.response_levels}
        self.steps = cached(self.plan, own_question_steps)
        self.hops = {h.id: h for h in self.plan.reporting.hops}
        #: per step, the steps that come after it in its sequence, as its list's order has the
        #: engine run them: one unit's steps of a ``by_unit`` list in turn, an ``in_turn`` list
        #: as one sequence. The warning's chain and lift are questions of their own, and which
        #: confirmations follow one another depends on the level in force.
        self.followers: dict[str, list] = {}
        step_lists = self.plan.step_lists()
        sequences = [seq for steps in step_lists if steps.order == "by_unit"
                     for seq in self.compiled.by_unit(steps.steps)]
        sequences += [steps.steps for steps in step_lists if steps.order == "in_turn"]
        for seq in sequences:
            for i, step in enumerate(seq):
                self.followers[step.id] = seq[i + 1:]
        self.crews = self.cat.crews_unit
        self.crew_spec = (next((s for s in self.cat.for_role(self.crews) if s.kind == "dispatch"), None)
                          if self.crews else None)
        self.adjusters = set(deciders(self.plan, "adjust"))
        #: the plan's own run's questions that can be *not reached*: duties and steps follow from
        #: these, and are listed only in an incident the drill never began (:meth:`not_reached`)
        self.reachable = [a for a in key.asks if a.kind in (
            "warning_step", "lift_warning", "report", "declare", "end", "discretion", "escalate", "duty", "step")]
        self._texts: dict[tuple, Text] = {}
        self._clauses: dict[tuple[str, str, str | None], str] = {}

        # --- what it has read of the log and of the replay
        self.read = 0  # entries of the record's log read
        self.last_seq: int | None = None
        self.actions: list = []  # the participants' actions (not their notes), in log order
        self.by_seq: dict[int, Any] = {}
        self.by_role: dict[tuple[str, str], list] = {}
        self.players: dict[str, tuple[str, ...]] = {}
        self.asks_read = 0
        self.asked_keys: set[tuple[str, str | None, int | None]] = set()  # kind, key, incident
        self.asked_steps: set[str | None] = set()
        self.report_keys: set[str | None] = set()
        self.consumed: set[int] = set()  # actions a played question took
        self.declare_asks: dict[int, Ask] = {}  # incident number -> the first declaration asked in it
        self.end_asks: dict[int, Ask] = {}  # incident number -> the question of ending its response
        self.pending_asks: list[int] = []  # questions to played units not settled yet
        self.crews_due: dict[str, tuple[float, int]] = {}  # element -> (when its crew fell due, its rank)
        self.crews_pending: list[str] = []
        self.candidates: dict[int, Any] = {}  # actions that may yet answer nothing: seq -> action
        # the level stretches, read row by row (see :meth:`adjustments`)
        self.rows: list[dict] = []
        self.marks: list[tuple[int, float | None, str | None]] = []
        #: the level in force while it has been the one due since it was set (:meth:`moved`)
        self.held: str | None = None
        self.episodes: list[list] = []

        # --- the final entries, in evaluation order
        self.item_keys: list[tuple] = []
        self.final_items: list[Item] = []
        self.deviation_keys: list[tuple] = []
        self.final_deviations: list[Deviation] = []
        self.final_used: set[int] = set()
        self.final_points: dict[str, list] = {}  # role -> [points, count, on_time, first item key]
        self.final_groups: dict[tuple[str, str], list] = {}  # (role, kind) -> [first key, count, clauses]
        self.final_roles: set[str] = set()
        self.last: tuple | None = None  # (now, log read, evaluation) of the last look

    def follows(self, state: Replay, key: AnswerKey) -> bool:
        """Whether ``state`` is this judge's replay run on: the same simulation and answer key,
        not earlier, its log the one read so far and perhaps more."""
        actions = state.record.actions
        return (state.policy is self.policy and key is self.key and state.now_h >= self.now
                and state.record.grace_h == self.grace
                and len(actions) >= self.read
                and (self.read == 0 or actions[self.read - 1].seq == self.last_seq))

    now = -math.inf

    # --- helpers --------------------------------------------------------------------
    def at(self, t: float | None) -> str:
        """A moment as the scenario's clock time (what every text of the evaluation shows)."""
        return clock(self.start, t)

    def played(self, role: str, t: float) -> bool:
        return self.policy.player(role, t) is not None

    def name(self, role: str) -> Text:
        return self.cat.unit_name(role)

    def label(self, kind: str, key: str | None) -> Text:
        known = self._texts.get(("label", kind, key))
        if known is None:
            known = self._texts[("label", kind, key)] = self._label(kind, key)
        return known

    def _label(self, kind: str, key: str | None) -> Text:
        kind_label = _t(*_kind_label(kind))
        if key is not None and kind in ("declare", "adjust") and key in self.levels:
            return _say("kind_level", kind=kind_label, level=_named(level_name, self.plan, key))
        if key is not None and (kind, key) in self.labels:
            return self.labels[(kind, key)]
        return kind_label

    def clause_of(self, role: str, kind: str, key: str | None) -> str:
        """The clause the catalogue cites for an action (:meth:`~sim.drills.actions.Catalogue.clause_of`),
        looked up once: a question still open is judged again at every look."""
        known = self._clauses.get((role, kind, key))
        if known is None:
            known = self._clauses[(role, kind, key)] = self.cat.clause_of(role, kind, key)
        return known

    def expected_level(self, severity: str | None, current: str | None) -> str | None:
        level = self.compiled.response_for(severity)
        if level is None and current is not None:
            return self.compiled.lowest_level
        return level

    def is_used(self, seq: int) -> bool:
        return seq in self.used or seq in self.final_used

    def add_item(self, item: Item) -> None:
        self.items.append((item, self.place))
        self.place = (*self.place[:-1], self.place[-1] + 1)

    def deviate(self, t: float, role: str, kind: str, clause: str, text: Text) -> None:
        self.deviations.append((Deviation(t, role, kind, clause, text), self.place))
        self.place = (*self.place[:-1], self.place[-1] + 1)

    def settle(self, item: Item, action) -> None:
        """Mark ``item`` done by ``action``: on time (early counts) or late against its allowance."""
        self.used.add(action.seq)
        item.person, item.done_h, item.seq = action.person, action.at_h, action.seq
        if action.at_h - item.due_h <= item.allowed_h + EPS:
            item.status = "on_time"
        else:
            item.status = "late"
            who = self.name(item.role)
            late = action.at_h - item.due_h - item.allowed_h
            self.deviate(action.at_h, item.role, "late", item.clause, _say(
                "late", who=who, label=item.label, at=self.at(action.at_h), due=self.at(item.due_h + item.allowed_h),
                late=_t(duration(late, "zh"), duration(late, "en"))))

    def unsettled(self, item: Item, what: Text, kind: str = "missed") -> None:
        """An expected action nobody took: open while its time runs, missed after. Its
        deviation's ``kind`` is ``undecided`` for a decision the plan leaves to the unit, whose
        advice is to decide (take or decline), not to do."""
        if self.now <= item.due_h + item.allowed_h + EPS and not self.ended:
            item.status = "open"
            return
        item.status = "missed"
        item.person = self.lapsed_by(item)
        who = self.name(item.role)
        self.deviate(item.due_h, item.role, kind, item.clause, _say(
            "missed", who=who, what=what, due=self.at(item.due_h)))

    def lapsed_by(self, item: Item) -> str | None:
        """Who let a missed ``item`` lapse: whoever played its role when its time ran out."""
        return self.policy.player(item.role, min(item.due_h + item.allowed_h, self.now)) or None

    def mine(self, role: str, kind: str, **args) -> list:
        return [a for a in self.by_role.get((role, kind), ())
                if all(a.args.get(k) == v for k, v in args.items())]

    # --- reading what is new ----------------------------------------------------------
    def read_log(self, record) -> None:
        """Take in the log's entries since the last look."""
        actions = record.actions
        handed = False
        for action in actions[self.read:]:
            if action.kind == "assign":
                handed = True
            if action.role is None or action.kind == "note":
                continue
            self.actions.append(action)
            self.by_seq[action.seq] = action
            self.by_role.setdefault((action.role, action.kind), []).append(action)
            if self.played(action.role, action.at_h):
                self.candidates[action.seq] = action
        if len(actions) > self.read:
            self.read, self.last_seq = len(actions), actions[-1].seq
        if handed:  # everyone who played a role, in the order they took it over
            self.players = {role: tuple(dict.fromkeys(person for person, _, _ in stints))
                            for role, stints in record.stints().items()}

    def read_asks(self) -> None:
        """Take in the questions the engine asked since the last look."""
        asks = self.policy.asks
        for index in range(self.asks_read, len(asks)):
            ask = asks[index]
            self.asked_keys.add(_asked(ask))
            if ask.kind == "step":
                self.asked_steps.add(ask.key)
            elif ask.kind == "report":
                self.report_keys.add(ask.key)
            elif ask.kind == "declare":
                self.declare_asks.setdefault(ask.extra.get("incident", 1), ask)
            elif ask.kind == "end":
                self.end_asks.setdefault(ask.extra.get("incident", 1), ask)
            elif ask.kind == "dispatch":
                self.crew_asked(index, ask)
            if ask.kind in ASKED:
                if ask.seq is not None:
                    self.consumed.add(ask.seq)
                if self.played(ask.role, ask.t_h):
                    self.pending_asks.append(index)
        self.asks_read = len(asks)

    # --- the expected actions -------------------------------------------------------
    def asked(self) -> None:
        """The questions the engine put to played units: warning steps, lifting the
        warning, report hops (each with the plan's hours for it), and starting a duty
        or carrying out a step when its trigger fired (with the drill's grace). A
        question answered is judged once and kept."""
        asks = self.policy.asks
        still = []
        for index in self.pending_asks:
            ask = asks[index]
            final = ask.answered
            if final:
                self.begin_final()
            self.place = (0, index, 0)
            self.ask(ask)
            if final:
                if ask.seq is not None:
                    self.consumed.add(ask.seq)
                self.keep()
            else:
                still.append(index)
        self.pending_asks = still

    def ask(self, ask: Ask) -> None:
        if ask.kind == "report":
            clause = _clause(self.hops[ask.key])
        elif ask.kind in OWN_QUESTIONS.values():
            clause = _clause(self.steps[ask.kind, ask.key])
        else:  # a duty, a step, the discretion, an escalation: the clause the catalogue cites for it
            clause = self.clause_of(ask.role, ask.kind, ask.key)
        allowed = allowance(self.plan, ask.kind, ask.key, self.grace)
        item = Item(ask.role, ask.kind, ask.key, self.label(ask.kind, ask.key), clause, ask.t_h, allowed)
        if ask.seq is not None:
            self.add_item(item)
            action = self.by_seq[ask.seq]
            if declines(action.kind):
                self.declined(item, action)
            # Starting a duty ahead of its trigger is a standing order, not a skipped step.
            elif action.at_h < ask.t_h - EPS and ask.kind in IN_ORDER:
                self.used.add(action.seq)
                item.person, item.done_h, item.seq, item.status = action.person, action.at_h, action.seq, "out_of_order"
                self.skipped(item, ask)
            else:
                self.settle(item, action)
        elif ask.answered:  # handed back to the engine before anyone answered
            if ask.answered_h <= ask.t_h + item.allowed_h + EPS:
                return  # in time: the engine took it over, nobody's fault
            self.add_item(item)
            item.status = "missed"  # the player held it up until the hand-back
            item.person = self.lapsed_by(item)
            who = self.name(item.role)
            self.deviate(item.due_h, item.role, "missed", item.clause, _say(
                "handed_back", who=who, label=item.label, back=self.at(ask.answered_h), due=self.at(item.due_h)))
        elif ask.kind in ("duty", "step"):
            self.add_item(item)
            # one the plan leaves to the unit was to be decided, taken or declined, not "done"
            undecided = self.cat.left_to_unit(ask.kind, ask.key)
            said = "undecided" if undecided else "duty_not_started" if ask.kind == "duty" else "step_not_done"
            self.unsettled(item, _say(said, label=item.label), "undecided" if undecided else "missed")
            if ask.kind == "step" and item.status == "missed":
                self.held_up(item)
        elif ask.kind in CALLS:
            self.add_item(item)
            self.unsettled(item, _say("undecided", label=item.label), "undecided")
        else:
            self.add_item(item)
            self.unsettled(item, _say("not_reported" if ask.kind == "report" else "not_done", label=item.label))

    def declined(self, item: Item, action) -> None:
        """A decision the plan leaves to the unit, declined by its player: the unit's call.

        可…启动 (may start) and 必要时…报请 (when necessary, ask) make declining as right as
        taking, so a decline breaks no clause and scores nothing either way; the note says
        so, citing the clause that leaves it to the unit. Its time still runs as the
        take's does: a decline made after it is a late deviation (which a late take is
        too), still scoring nothing — else declining late would be the way out of a
        lapse — and its note says how late, for whoever reads the decisions rather than
        the deviations. Deciding nothing is another matter: the engine waits on the unit as on an
        unanswered telephone, the local response neither starts nor is knowingly forgone,
        and the clause's decision is never taken — so silence is missed, like any question
        left unanswered, and its deviation says the plan's own answer (:meth:`ask`).
        """
        self.used.add(action.seq)
        item.person, item.done_h, item.seq, item.status = action.person, action.at_h, action.seq, "declined"
        clause = _t(self.cite(item.clause, "zh"), self.cite(item.clause, "en"))
        late = action.at_h - item.due_h - item.allowed_h
        if late > EPS:
            lateness = _t(duration(late, "zh"), duration(late, "en"))
            item.note = self.text("declined_late_note", clause=clause, late=lateness)
            self.deviate(action.at_h, item.role, "late", item.clause, _say(
                "declined_late", who=self.name(item.role), label=item.label, at=self.at(action.at_h),
                due=self.at(item.due_h + item.allowed_h), late=lateness))
        else:
            item.note = self.text("declined", clause=clause)

    def held_up(self, missed: Item) -> None:
        """The steps a missed step held up, each missed as well.

        A sequence's next step falls due only when the one before it is done, so the
        engine never asks for what comes after a step nobody carried out; left out, a
        unit that stops at its first step would be judged on that one step alone.
        """
        for rank, step in enumerate(self.followers.get(missed.key, ()), start=missed.rank + 1):
            if step.id in self.asked_steps or not self.played(step.unit, missed.due_h):
                continue
            item = Item(step.unit, "step", step.id, self.label("step", step.id), _clause(step), missed.due_h,
                        self.grace, "missed", held_up_by=missed.key, rank=rank,
                        note=_say("turn_never_came", before=missed.label))
            item.person = self.lapsed_by(item)
            self.add_item(item)
            who = self.name(step.unit)
            self.deviate(missed.due_h, step.unit, "missed", item.clause, _say(
                "held_up", who=who, label=item.label, before=missed.label))

    def skipped(self, item: Item, ask: Ask) -> None:
        who = self.name(item.role)
        if item.kind == "report":
            text = _say("report_early", who=who, label=item.label, done=self.at(item.done_h), arrived=self.at(ask.t_h))
        else:
            text = _say("step_early", who=who, label=item.label, done=self.at(item.done_h), after=self.at(ask.t_h))
        self.deviate(item.done_h, item.role, "skipped", item.clause, text)

    def declaration(self) -> None:
        """Each incident's declaration, against that incident's own: a run may hold several,
        each declared anew (:meth:`declared_in`), so a player who declared the first and
        never the second has missed the second."""
        for number, since, until in self.incidents():
            self.place = (1, number, 0)
            self.declared_in(self.declare_asks.get(number), since, until)

    def incidents(self) -> list[tuple[int, float, float]]:
        """Each incident of the run so far, as (number, from, until): the first from the
        start, each until the next began (the last, on); a run of none yet is one."""
        begun = self.policy.runner.begun_at()
        return [(number, begun[number - 1] if number > 1 else -math.inf,
                 begun[number] if number < len(begun) else math.inf)
                for number in range(1, len(begun) + 1 if begun else 2)]

    def declared_in(self, ask: Ask | None, since: float, until: float) -> None:
        """One incident's declaration: the question the engine put when its classification
        first called for a level (``ask``), answered by the first declaration its declarer
        made while the incident was the last begun (from ``since`` to ``until``)."""
        decision = self.plan.reporting.decision
        role = ask.role if ask is not None else decision.unit  # the level's declarer, as the engine asked
        declared = [a for a in self.mine(role, "declare") if since <= a.at_h < until]
        if ask is None or not self.played(role, ask.t_h):
            if ask is None and declared and self.played(role, declared[0].at_h):
                self.wrong_level(declared[0], "declare", _clause(decision))
            return
        # due once the declarer has the report and a level is called for, whichever comes later
        due = max(self.policy.runner.received_by(ask.t_h).get(role, ask.t_h), ask.t_h)
        item = Item(role, "declare", ask.expected, self.label("declare", ask.expected), _clause(decision), due,
                    allowance(self.plan, "declare", None, self.grace))
        self.add_item(item)
        if not declared:
            self.unsettled(item, _say("never_declared"))
            return
        first = declared[0]
        snap = self.policy.snapshots.get(first.seq)
        expected = self.expected_level(snap.severity if snap else None, None)
        item.key = expected
        item.label = self.label("declare", expected)
        if first.args["level"] != expected:
            self.used.add(first.seq)
            item.person, item.done_h, item.seq, item.status = first.person, first.at_h, first.seq, "wrong"
            self.level_deviation(first, expected, snap, item.clause)
        elif snap is not None and role not in snap.received:
            self.used.add(first.seq)
            item.person, item.done_h, item.seq, item.status = first.person, first.at_h, first.seq, "out_of_order"
            who = self.name(role)
            self.deviate(first.at_h, role, "skipped", item.clause, _say("declared_early", who=who, at=self.at(first.at_h)))
        else:
            self.settle(item, first)

    def level_deviation(self, action, expected: str | None, snap, clause: str) -> None:
        who = self.name(action.role)
        got, want = _named(level_name, self.plan, action.args["level"]), _named(level_name, self.plan, expected)
        severity = _named(severity_name, self.plan, snap.severity if snap else None, "drill_eval.below_every_level")
        self.deviate(action.at_h, action.role, "wrong_level", clause, _say(
            "wrong_level", who=who, got=got, at=self.at(action.at_h), severity=severity, want=want))

    def wrong_level(self, action, kind: str, clause: str) -> None:
        snap = self.policy.snapshots.get(action.seq)
        expected = self.expected_level(snap.severity if snap else None, snap.level if snap else None)
        if action.args["level"] == expected:
            return
        self.used.add(action.seq)
        item = Item(action.role, kind, expected, self.label(kind, expected), clause, action.at_h, 0.0, "wrong",
                    action.person, action.at_h, action.seq)
        self.add_item(item)
        self.level_deviation(action, expected, snap, clause)

    def stretches(self, rows: list[dict]) -> list[list]:
        """The stretches in which the level in force differs from the classification's:
        [start, end (inf: still going), level due, who decides, whether the figures moved
        since the level in force was right: ``"fell"``, ``"rose"`` or None (:meth:`moved`)].
        Read row by row as the
        time series grows; only its last rows can change between looks (a row at the
        same hour replaces the one before), so reading resumes at the first row that is
        not the one read before, from the stretches as they stood after the row before it."""
        read, marks, episodes = self.rows, self.marks, self.episodes
        kept = min(len(read), len(rows))
        while kept and read[kept - 1] is not rows[kept - 1]:
            kept -= 1
        if kept < len(read):
            count, end, self.held = marks[kept - 1] if kept else (0, None, None)
            del episodes[count:], read[kept:], marks[kept:]
            if count:
                episodes[-1][1] = end
        runner = self.policy.runner
        for row in rows[kept:]:
            level = row["response_level"]
            expected = self.expected_level(row["classification"], level) if level is not None else None
            if episodes and episodes[-1][1] == math.inf and (expected != episodes[-1][2] or expected == level):
                episodes[-1][1] = row["t_h"]
            if not (expected is None or expected == level) and not (episodes and episodes[-1][1] == math.inf):
                # who decides: whoever does at the level in force when the stretch began
                episodes.append([row["t_h"], math.inf, expected, runner.decider("adjust", level),
                                 self.moved(expected, level, row["severity"])])
            self.held = level if level is not None and (expected == level or self.held == level) else None
            read.append(row)
            marks.append((len(episodes), episodes[-1][1] if episodes else None, self.held))
        return episodes

    def moved(self, expected: str, level: str, severity: str | None) -> str | None:
        """Whether changing ``level`` to ``expected`` follows figures that moved, as the plan's
        可视…调整 has the level follow them: ``"fell"`` when the level due ranks below the one in
        force and below the one the event's severity calls for (so a level declared too high,
        which the severity never called for, is not such a case); ``"rose"`` when it ranks
        above the one in force and that one was due since it was set (so a level declared or
        adjusted too low, which the figures never called for, is not such a case either)."""
        rank = self.compiled.level_rank
        if rank[expected] > rank[level]:
            return "rose" if self.held == level else None
        called = self.compiled.response_for(severity)
        return "fell" if called is None or rank[expected] < rank[called] else None

    def adjustments(self, rows: list[dict]) -> None:
        """Each stretch in which the level in force differs from the classification's. A
        lowering after the figures fell, or a raising after they rose, in a plan that leaves
        adjusting to the unit's judgement (``adjustment.left_to_unit``: 可视), not made is the
        unit's call (:meth:`kept`)."""
        self.place = (2, 0)
        clause = _clause(self.plan.adjustment)
        episodes = self.stretches(rows)
        roles = sorted({episode[3] for episode in episodes} | self.adjusters)
        for start, end, expected, role, moved in episodes:
            if not self.played(role, start):
                continue
            item = Item(role, "adjust", expected, self.label("adjust", expected), clause, start,
                        allowance(self.plan, "adjust", None, self.grace))
            self.add_item(item)
            # only an adjustment made while the stretch lasted answers it (the one that ended it, at most)
            done = next((a for a in self.mine(role, "adjust", level=expected)
                         if not self.is_used(a.seq) and start - EPS <= a.at_h <= end + EPS), None)
            if done is not None:
                self.settle(item, done)
            elif moved and self.plan.adjustment.left_to_unit:
                self.kept(item, end, moved)
            else:
                self.unsettled(item, _say("never_adjusted", level=_named(level_name, self.plan, expected)))
        for action in (a for role in roles for a in self.mine(role, "adjust")):
            role = action.role
            if not self.is_used(action.seq) and self.played(role, action.at_h):
                # A change of level answered the instant it fell due leaves no stretch in
                # the time series (the row of that hour already shows the new level); the
                # state the player acted on shows it was due.
                snap = self.policy.snapshots.get(action.seq)
                level = action.args["level"]
                if snap is not None and snap.level not in (None, level) \
                        and self.expected_level(snap.severity, snap.level) == level:
                    item = Item(role, "adjust", level, self.label("adjust", level), clause, action.at_h,
                                allowance(self.plan, "adjust", None, self.grace))
                    self.add_item(item)
                    self.settle(item, action)
                else:
                    self.wrong_level(action, "adjust", clause)

    def kept(self, item: Item, end: float, moved: str) -> None:
        """A lowering (the figures ``moved``: ``"fell"``) or a raising (``"rose"``) the plan leaves
        to the unit, not made: open while its time runs, then the unit's decision to keep the
        level in force — not a miss, scored nothing, its note saying which change it forwent,
        citing the clause and saying what the plan's own run did instead (its first change
        of level or end from the stretch's start)."""
        by = item.due_h + item.allowed_h
        if self.now <= by + EPS and not self.ended and end == math.inf:
            item.status = "open"
            return
        item.status, item.person, item.done_h = "declined", self.lapsed_by(item), min(by, end, self.now)
        run = next((a for a in self.key.asks if a.kind in ("adjust", "end") and a.t_h >= item.due_h - EPS), None)
        what = (self.label(run.kind, run.expected if run.kind == "adjust" else None) if run is not None
                else item.label)
        clause = _t(self.cite(item.clause, "zh"), self.cite(item.clause, "en"))
        item.note = self.text("kept_level" if moved == "fell" else "kept_level_unraised", clause=clause,
                              at=self.at(run.t_h if run is not None else item.due_h), run=what)

    def termination(self) -> None:
        """Each incident's end, against that incident's own question (:meth:`ended_in`), as
        each declaration is judged: ending the first says nothing of the second."""
        for number, since, until in self.incidents():
            self.place = (3, number, 0)
            self.ended_in(self.end_asks.get(number), since, until)

    def ended_in(self, ask: Ask | None, since: float, until: float) -> None:
        """One incident's end: the question put when its termination conditions first held
        (``ask``), answered by its decider's orders given while it was the last begun."""
        termination = self.plan.termination
        clause = _clause(termination)
        role = ask.role if ask is not None else termination.decided_by  # who ends at the level in force
        ends = [a for a in self.mine(role, "end") if self.played(role, a.at_h) and since <= a.at_h < until]
        for action in ends:
            snap = self.policy.snapshots.get(action.seq)
            if snap is None or snap.terminated:
                continue
            failed = [c for c, test in self.compiled.termination if not test(snap.values)]
            if not failed:
                continue
            self.used.add(action.seq)
            self.add_item(Item(role, "end", None, self.label("end", None), clause, action.at_h, 0.0, "premature",
                               action.person, action.at_h, action.seq))
            who = self.name(role)
            self.deviate(action.at_h, role, "premature_end", clause, _say(
                "premature_end", who=who, at=self.at(action.at_h),
                conditions=listed((c.text for c in failed), "common.clause_sep")))
        if ask is None or not self.played(role, ask.t_h) or (ends and all(self.is_used(a.seq) for a in ends)):
            return  # a premature order that took effect once the conditions held is scored as premature
        item = Item(role, "end", None, self.label("end", None), clause, ask.t_h, self.grace)
        self.add_item(item)
        proper = next((a for a in ends if not self.is_used(a.seq)), None)
        if proper is not None:
            self.settle(item, proper)
        else:
            self.unsettled(item, _say("never_ended"))

    def crew_asked(self, index: int, ask: Ask) -> None:
        """A crew question as it comes in: its elements fall due (the first time each is a
        candidate); a crew sent out of priority order is a deviation, at once and for good."""
        role, spec = self.crews, self.crew_spec
        if spec is None or ask.expected is None or not self.played(role, ask.t_h):
            return
        for element in ask.extra["candidates"]:
            if element not in self.crews_due:
                self.crews_due[element] = (ask.t_h, len(self.crews_due))  # due, rank
                self.crews_pending.append(element)
        if ask.seq is not None and ask.answer != ask.expected:
            self.begin_final()
            self.place = (4, 0, index, 0)
            who, sent, waited = self.name(role), self.label("dispatch", ask.answer), self.label("dispatch", ask.expected)
            self.deviate(ask.t_h, role, "priority", spec.clause, _say("priority", who=who, sent=sent, waited=waited))
            self.keep()

    def dispatches(self) -> None:
        """Each element a crew fell due for, in priority order: settled once a crew is sent."""
        role, spec = self.crews, self.crew_spec
        if spec is None:
            return
        still = []
        for element in self.crews_pending:
            due, rank = self.crews_due[element]
            name = self.label("dispatch", element)
            item = Item(role, "dispatch", element, self.text("dispatch", element=name), spec.clause, due, self.grace,
                        rank=rank)
            action = next((a for a in self.mine(role, "dispatch", element=element) if not self.is_used(a.seq)), None)
            if action is not None:
                self.begin_final()
                self.place = (4, 1, rank, 0)
                self.add_item(item)
                self.settle(item, action)
                self.keep()
            else:
                self.place = (4, 1, rank, 0)
                self.add_item(item)
                self.unsettled(item, _say("not_dispatched", element=name))
                still.append(element)
        self.crews_pending = still

    def not_reached(self) -> None:
        """The plan's run asked these of played units; this drill never got that far: among
        them, every question of an incident the drill never began (its declaration, its
        report's hops, its duties and steps, its end). A duty or step of an incident the
        drill is in follows from the questions before it, which say where the drill stopped
        (a step a missed one held up is missed, :meth:`held_up`)."""
        self.place = (5, 0)
        listed: set[tuple[str, str | None, int | None]] = set()
        begun = self.policy.runner.incidents
        for ask in self.reachable:
            seen = _asked(ask)
            if seen in self.asked_keys or seen in listed or ask.t_h > self.now or not self.played(ask.role, ask.t_h):
                continue
            if ask.kind in ("duty", "step") and ask.extra.get("incident", 0) <= begun:
                continue
            listed.add(seen)
            label = self.label(ask.kind, ask.key if ask.kind != "declare" else ask.expected)
            self.add_item(Item(ask.role, ask.kind, ask.key, label, "", ask.t_h, 0.0, "not_reached",
                               note=_say("not_reached", at=self.at(ask.t_h))))

    def extras(self) -> None:
        """Participant actions that answer nothing the plan asked at the time. An action
        a question took, or a settled entry used, never will: it is no longer looked at."""
        self.place = (6, 0)
        for seq, action in list(self.candidates.items()):
            if seq in self.final_used or (decision_of(action.kind) in ASKED and seq in self.consumed):
                del self.candidates[seq]
                continue
            if seq in self.used or declines(action.kind):
                continue  # declining what nobody has asked yet breaks no clause: it waits to answer
            key = next(iter(action.args.values()), None) if action.args else None
            label = self.label(action.kind, key)
            who = self.name(action.role)
            if action.kind == "report" and key not in self.report_keys:
                # a hop sent though the report never reached its sender: the chain was jumped (4.3)
                hop = self.hops[key]
                self.used.add(action.seq)
                self.add_item(Item(action.role, "report", key, label, _clause(hop), action.at_h, 0.0,
                                   "out_of_order", action.person, action.at_h, action.seq))
                self.deviate(action.at_h, action.role, "skipped", _clause(hop), _say(
                    "report_never_received", who=who, label=label, at=self.at(action.at_h)))
                continue
            self.deviate(action.at_h, action.role, "not_required", self.clause_of(action.role, action.kind, key),
                         _say("not_required", who=who, label=label, at=self.at(action.at_h)))

    # --- final entries --------------------------------------------------------------
    def begin_final(self) -> None:
        """What is judged from here to :meth:`keep` is settled: kept, not judged again."""
        self._open = (self.items, self.deviations, self.used)
        self.items, self.deviations, self.used = [], [], set()

    def keep(self) -> None:
        for item, place in self.items:
            at = bisect.bisect(self.item_keys, key := _item_order(item, place))
            self.item_keys.insert(at, key)
            self.final_items.insert(at, item)
            self.final_roles.add(item.role)
            if item.points is not None:
                totals = self.final_points.setdefault(item.role, [0.0, 0, 0, key])
                totals[0] += item.points
                totals[1] += 1
                totals[2] += item.status == "on_time"
                totals[3] = min(totals[3], key)
        for deviation, place in self.deviations:
            at = bisect.bisect(self.deviation_keys, key := _deviation_order(deviation, place))
            self.deviation_keys.insert(at, key)
            self.final_deviations.insert(at, deviation)
            group = self.final_groups.setdefault((deviation.role, deviation.kind), [key, 0, set()])
            group[0] = min(group[0], key)
            group[1] += 1
            if deviation.clause:
                group[2].add(deviation.clause)
        self.final_used |= self.used
        self.items, self.deviations, self.used = self._open

    # --- results ------------------------------------------------------------------------
    def evaluation(self, state: Replay) -> Evaluation:
        """The evaluation of ``state`` (this judge's replay, run on to a later look)."""
        record = state.record
        if self.last is not None and self.last[0] == state.now_h and self.last[1] == len(record.actions) \
                and state.ended == self.last[2].ended:
            return self.last[2]
        self.now, self.ended = state.now_h, state.ended
        self.items, self.deviations, self.used = [], [], set()
        self.read_log(record)
        self.read_asks()
        self.asked()
        self.declaration()
        self.adjustments(state.result["timeseries"])
        self.termination()
        self.dispatches()
        self.not_reached()
        self.extras()
        items = _merged(self.item_keys, self.final_items, [(_item_order(i, p), i) for i, p in self.items])
        deviations = _merged(self.deviation_keys, self.final_deviations,
                             [(_deviation_order(d, p), d) for d, p in self.deviations])
        players = dict(self.players)
        for role in self.final_roles | {i.role for i, _ in self.items}:
            players.setdefault(role, ())
        totals = {role: list(values) for role, values in self.final_points.items()}
        for item, place in self.items:
            if item.points is None:
                continue
            key = _item_order(item, place)
            values = totals.setdefault(item.role, [0.0, 0, 0, key])
            values[0] += item.points
            values[1] += 1
            values[2] += item.status == "on_time"
            values[3] = min(values[3], key)
        ordered = sorted(totals, key=lambda role: totals[role][3])  # as the items first show them
        scores = {role: Score(totals[role][0], totals[role][1]) for role in ordered}
        overall = Score(sum(s.points for s in scores.values()), sum(s.count for s in scores.values()))
        evaluation = Evaluation(self.now, self.ended, items, deviations, scores, overall, players)
        evaluation.went_well = self.went_well(scores, {role: values[2] for role, values in totals.items()})
        evaluation.improvements = self.improvements()
        self.last = (self.now, len(record.actions), evaluation)
        return evaluation

    def went_well(self, scores: Mapping[str, Score], on_time: Mapping[str, int]) -> list[Text]:
        """What each role did on time, the roles in the plan's unit order, as the report lists units."""
        lines = []
        by_plan = plan_order(self.plan)
        for role, score in sorted(scores.items(), key=lambda pair: by_plan(pair[0])):
            if not on_time[role]:
                continue
            who = self.name(role)
            if score.count and score.points == score.count:
                lines.append(self.text("all_on_time", who=who, n=on_time[role]))
            else:
                lines.append(self.text("some_on_time", who=who, n=on_time[role], count=score.count))
        return lines

    def improvements(self) -> list[Text]:
        groups = {group: [values[0], values[1], values[2]] for group, values in self.final_groups.items()}
        for deviation, place in self.deviations:
            key = _deviation_order(deviation, place)
            values = groups.get((deviation.role, deviation.kind))
            if values is None:
                values = groups[(deviation.role, deviation.kind)] = [key, 0, set()]
            else:
                values[2] = set(values[2])
            values[0] = min(values[0], key)
            values[1] += 1
            if deviation.clause:
                values[2].add(deviation.clause)
        lines = []
        for (role, kind), (_, n, found) in sorted(groups.items(), key=lambda group: group[1][0]):
            clauses = tuple(sorted(found))
            cite = said("common.aside", text=listed(_t(self.cite(c, "zh"), self.cite(c, "en")) for c in clauses)) if clauses else ""
            lines.append(self.text("advice", who=self.name(role), advice=_t(*ADVICE[kind]), cite=cite, n=n))
        return lines

    def text(self, key: str, **values: Any) -> Text:
        """The catalogue's sentence, made once for the same values."""
        known = (key, *((k, tuple(v.items()) if isinstance(v, Mapping) else v) for k, v in values.items()))
        text = self._texts.get(known)
        if text is None:
            text = self._texts[known] = _say(key, **values)
        return text


def _asked(ask: Ask) -> tuple[str, str | None, int | None]:
    """What makes a question the same in the plan's run and in the drill: its kind, its key
    and, for one put in each incident anew (declaring, ending, a report hop, a duty, a step),
    the incident's number (:class:`~sim.drills.policy.Ask`), so a hop of the second incident
    is never taken for the first's."""
    return ask.kind, ask.key, ask.extra.get("incident")


def _item_order(item: Item, place: tuple) -> tuple:
    return (item.due_h, item.role, item.kind, item.rank, item.key or "", place)


def _deviation_order(deviation: Deviation, place: tuple) -> tuple:
    return (deviation.t_h, deviation.role, deviation.kind, place)


def _merged(keys: list[tuple], final: list, pending: list[tuple[tuple, Any]]) -> list:
    """The final entries (sorted, with their ``keys``) with the pending ones put in place."""
    merged = list(final)
    for key, entry in sorted(pending, key=lambda pair: pair[0], reverse=True):
        merged.insert(bisect.bisect(keys, key), entry)
    return merged


def allowance(plan, kind: str, key: str | None, grace: float) -> float:
    """Hours the plan allows for an expected action from the moment it falls due: its own
    hours where the plan gives them (a warning step, a report hop, declaring, adjusting),
    else the drill's grace."""
    if kind in OWN_QUESTIONS.values():
        rule = cached(plan, own_question_steps).get((kind, key))  # once per plan, not once per question
    elif kind == "report":
        rule = next((h for h in plan.reporting.hops if h.id == key), None)
    elif kind == "declare":
        rule = plan.reporting.decision
    elif kind == "adjust":
        return plan.adjustment.decision_hours or grace
    else:
        rule = None
    return (getattr(rule, "hours", None) or grace) if rule is not None else grace


def _kind_label(kind: str) -> tuple[str, str]:
    from .actions import KIND_LABELS

    return KIND_LABELS[kind]


def evaluate(state: Replay, key: AnswerKey, live: LiveReplay | None = None) -> Evaluation:
    """Score the drill as it stands in ``state`` against the plan.

    Given the :class:`~sim.drills.replay.LiveReplay` that made ``state``, the evaluation is
    kept with it and carried on at the next look: only what the new actions and the time
    since change is judged again, so a page that reassesses a running drill pays for what
    happened since its last look, not for the drill so far."""
    if live is None:
        return _Judge(state, key).evaluation(state)
    judge = live.judge
    if not isinstance(judge, _Judge) or not judge.follows(state, key):
        judge = live.judge = _Judge(state, key)
    return judge.evaluation(state)
