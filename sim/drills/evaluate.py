"""Scoring a drill against the plan: every expected action, whether it happened, how early or late.

The plan is the answer key. What a participant was expected to do, and by when, is read
off the drill's own replay — the questions the engine put to the participant's unit
(:class:`~sim.drills.policy.Ask`: warning steps, report hops, duties whose triggers fired,
steps that fell due, and the steps a missed one held up),
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
``open``           —       due, but its time is not up yet
``not_reached``    —       the plan's run has it; this drill never got there
=================  ======  ====================================================================

A unit's score is its points over its scored actions, in percent; the overall score
is the same over every played unit. Deviations list everything that broke a clause —
lateness, wrong levels, premature termination, skipped hops, duties never started,
crews sent out of priority order, actions the plan did not call for — each with the
clause it breaks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..clock import clock, duration
from ..engine.rules import compiled
from ..messages import said, section
from .actions import deciders
from .policy import Ask
from .replay import AnswerKey, Replay

#: Questions asked one by one (each answered by one logged action), and those of them
#: that have a place in a sequence (4.2.1's steps, 4.3's hops) that acting early skips.
ASKED = ("warning_step", "lift_warning", "report", "duty", "step")
IN_ORDER = ("warning_step", "lift_warning", "report")
POINTS = {"on_time": 1.0, "late": 0.5, "out_of_order": 0.5, "wrong": 0.0, "premature": 0.0, "missed": 0.0}
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
    players: dict[str, str]
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


class _Judge:
    """The evaluation of one replay, built up step by step."""

    def __init__(self, state: Replay, key: AnswerKey):
        self.state = state
        self.key = key
        self.plan = state.inputs.plan
        self.compiled = compiled(self.plan)
        self.policy = state.policy
        self.now = state.now_h
        self.start = state.inputs.scenario.start
        self.ended = state.ended
        self.grace = float(state.record.settings.get("grace_h", 0.0))
        self.cat = state.catalogue
        self.actions = [a for a in state.record.actions if a.role is not None and a.kind != "note"]
        self.used: set[int] = set()
        self.items: list[Item] = []
        self.deviations: list[Deviation] = []
        self.labels: dict[tuple[str, str], Text] = {}
        for specs in self.cat.specs.values():
            for spec in specs:
                for choice in spec.choices:
                    self.labels[(spec.kind, choice.value)] = choice.label
        self.levels = {level.id: level for level in self.plan.response_levels}
        self.severities = {level.id: level for level in self.plan.severity_levels}
        #: per step, the steps that come after it in its sequence: one unit's steps of a
        #: list run in order (warning actions, county actions, after-action), and the
        #: warning's escalation runs as one sequence.
        self.followers: dict[str, list] = {}
        warning = self.plan.warning
        sequences = [seq for steps in (warning.actions, self.plan.response_actions, self.plan.after_action)
                     for seq in self.compiled.by_unit(steps)] + [warning.escalate]
        for seq in sequences:
            for i, step in enumerate(seq):
                self.followers[step.id] = seq[i + 1:]

    # --- helpers --------------------------------------------------------------------
    def at(self, t: float | None) -> str:
        """A moment as the scenario's clock time (what every text of the evaluation shows)."""
        return clock(self.start, t)

    def played(self, role: str, t: float) -> bool:
        return self.policy.player(role, t) is not None

    def name(self, role: str) -> Text:
        return self.cat.unit_name(role)

    def label(self, kind: str, key: str | None) -> Text:
        kind_label = _t(*_kind_label(kind))
        if key is not None and kind in ("declare", "adjust") and key in self.levels:
            name = self.levels[key].name
            return _say("kind_level", kind=kind_label, level=_t(name.zh, name.en))
        if key is not None and (kind, key) in self.labels:
            return self.labels[(kind, key)]
        return kind_label

    def level_name(self, level: str | None) -> Text:
        if level is None or level not in self.levels:
            return _say("no_level")
        return _t(self.levels[level].name.zh, self.levels[level].name.en)

    def severity_name(self, severity: str | None) -> Text:
        if severity is None or severity not in self.severities:
            return _say("below_every_level")
        name = self.severities[severity].name
        return _t(name.zh, name.en)

    def expected_level(self, severity: str | None, current: str | None) -> str | None:
        level = self.compiled.response_for(severity)
        if level is None and current is not None:
            return self.compiled.lowest_level
        return level

    def deviate(self, t: float, role: str, kind: str, clause: str, text: Text) -> None:
        self.deviations.append(Deviation(t, role, kind, clause, text))

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

    def unsettled(self, item: Item, what: Text) -> None:
        """An expected action nobody took: open while its time runs, missed after."""
        if self.now <= item.due_h + item.allowed_h + EPS and not self.ended:
            item.status = "open"
            return
        item.status = "missed"
        item.person = self.lapsed_by(item)
        who = self.name(item.role)
        self.deviate(item.due_h, item.role, "missed", item.clause, _say(
            "missed", who=who, what=what, due=self.at(item.due_h)))

    def lapsed_by(self, item: Item) -> str | None:
        """Who let a missed ``item`` lapse: whoever played its role when its time ran out."""
        return self.policy.player(item.role, min(item.due_h + item.allowed_h, self.now)) or None

    def mine(self, role: str, kind: str, **args) -> list:
        return [a for a in self.actions
                if a.role == role and a.kind == kind and all(a.args.get(k) == v for k, v in args.items())]

    # --- the expected actions -------------------------------------------------------
    def asked(self) -> None:
        """The questions the engine put to played units: warning steps, lifting the
        warning, report hops (each with the plan's hours for it), and starting a duty
        or carrying out a step when its trigger fired (with the drill's grace)."""
        steps = {s.id: s for s in [*self.plan.warning.issue, self.plan.warning.lift]}
        hops = {h.id: h for h in self.plan.reporting.hops}
        for ask in self.policy.asks:
            if ask.kind not in ASKED or not self.played(ask.role, ask.t_h):
                continue
            if ask.kind in ("duty", "step"):
                clause = self._clause_of(ask.kind, ask.key)
            else:
                clause = _clause(hops[ask.key] if ask.kind == "report" else steps[ask.key])
            allowed = allowance(self.plan, ask.kind, ask.key, self.grace)
            item = Item(ask.role, ask.kind, ask.key, self.label(ask.kind, ask.key), clause, ask.t_h, allowed)
            self.items.append(item)
            if ask.seq is not None:
                action = next(a for a in self.actions if a.seq == ask.seq)
                # Starting a duty ahead of its trigger is a standing order, not a skipped step.
                if action.at_h < ask.t_h - EPS and ask.kind in IN_ORDER:
                    self.used.add(action.seq)
                    item.person, item.done_h, item.seq, item.status = action.person, action.at_h, action.seq, "out_of_order"
                    self.skipped(item, ask)
                else:
                    self.settle(item, action)
            elif ask.answered:  # handed back to the engine before anyone answered
                if ask.answered_h <= ask.t_h + item.allowed_h + EPS:
                    self.items.remove(item)  # in time: the engine took it over, nobody's fault
                    continue
                item.status = "missed"  # the player held it up until the hand-back
                item.person = self.lapsed_by(item)
                who = self.name(item.role)
                self.deviate(item.due_h, item.role, "missed", item.clause, _say(
                    "handed_back", who=who, label=item.label, back=self.at(ask.answered_h), due=self.at(item.due_h)))
            elif ask.kind == "duty":
                self.unsettled(item, _say("duty_not_started", label=item.label))
            elif ask.kind == "step":
                self.unsettled(item, _say("step_not_done", label=item.label))
                if item.status == "missed":
                    self.held_up(item)
            else:
                self.unsettled(item, _say("not_reported" if ask.kind == "report" else "not_done", label=item.label))

    def held_up(self, missed: Item) -> None:
        """The steps a missed step held up, each missed as well.

        A sequence's next step falls due only when the one before it is done, so the
        engine never asks for what comes after a step nobody carried out; left out, a
        unit that stops at its first step would be judged on that one step alone.
        """
        asked = {ask.key for ask in self.policy.asks if ask.kind == "step"}
        for rank, step in enumerate(self.followers.get(missed.key, ()), start=missed.rank + 1):
            if step.id in asked or not self.played(step.unit, missed.due_h):
                continue
            item = Item(step.unit, "step", step.id, self.label("step", step.id), _clause(step), missed.due_h,
                        self.grace, "missed", held_up_by=missed.key, rank=rank,
                        note=_say("turn_never_came", before=missed.label))
            item.person = self.lapsed_by(item)
            self.items.append(item)
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
        decision = self.plan.reporting.decision
        ask = next((a for a in self.policy.asks if a.kind == "declare"), None)
        role = ask.role if ask is not None else decision.unit  # the level's declarer, as the engine asked
        declared = self.mine(role, "declare")
        if ask is None or not self.played(role, ask.t_h):
            if ask is None and declared and self.played(role, declared[0].at_h):
                self.wrong_level(declared[0], "declare", _clause(decision))
            return
        arrived = self.policy.runner.received.get(role, ask.t_h)
        item = Item(role, "declare", ask.expected, self.label("declare", ask.expected), _clause(decision), arrived,
                    allowance(self.plan, "declare", None, self.grace))
        self.items.append(item)
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
        got, want = self.level_name(action.args["level"]), self.level_name(expected)
        severity = self.severity_name(snap.severity if snap else None)
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
        self.items.append(item)
        self.level_deviation(action, expected, snap, clause)

    def adjustments(self) -> None:
        """Each stretch in which the level in force differs from the classification's."""
        adjustment = self.plan.adjustment
        runner = self.policy.runner
        clause = _clause(adjustment)
        rows = self.state.result["timeseries"]
        # (start, end, expected): a stretch in which ``expected`` was due and not in force;
        # it ends when the level in force or the level due changes (inf: still going)
        episodes: list[list] = []
        for row in rows:
            level = row["response_level"]
            expected = self.expected_level(row["classification"], level) if level is not None else None
            if episodes and episodes[-1][1] == math.inf and (expected != episodes[-1][2] or expected == level):
                episodes[-1][1] = row["t_h"]
            if expected is None or expected == level:
                continue
            if episodes and episodes[-1][1] == math.inf:
                continue  # the same stretch goes on
            # who decides: whoever does at the level in force when the stretch began
            episodes.append([row["t_h"], math.inf, expected, runner.decider("adjust", level)])
        roles = sorted({episode[3] for episode in episodes} | {u for u in deciders(self.plan, "adjust")})
        for start, end, expected, role in episodes:
            if not self.played(role, start):
                continue
            item = Item(role, "adjust", expected, self.label("adjust", expected), clause, start,
                        allowance(self.plan, "adjust", None, self.grace))
            self.items.append(item)
            # only an adjustment made while the stretch lasted answers it (the one that ended it, at most)
            done = next((a for a in self.mine(role, "adjust", level=expected)
                         if a.seq not in self.used and start - EPS <= a.at_h <= end + EPS), None)
            if done is not None:
                self.settle(item, done)
            else:
                self.unsettled(item, _say("never_adjusted", level=self.level_name(expected)))
        for action in (a for role in roles for a in self.mine(role, "adjust")):
            role = action.role
            if action.seq not in self.used and self.played(role, action.at_h):
                # A change of level answered the instant it fell due leaves no stretch in
                # the time series (the row of that hour already shows the new level); the
                # state the player acted on shows it was due.
                snap = self.policy.snapshots.get(action.seq)
                level = action.args["level"]
                if snap is not None and snap.level not in (None, level) \
                        and self.expected_level(snap.severity, snap.level) == level:
                    item = Item(role, "adjust", level, self.label("adjust", level), clause, action.at_h,
                                allowance(self.plan, "adjust", None, self.grace))
                    self.items.append(item)
                    self.settle(item, action)
                else:
                    self.wrong_level(action, "adjust", clause)

    def termination(self) -> None:
        termination = self.plan.termination
        clause = _clause(termination)
        ask = next((a for a in self.policy.asks if a.kind == "end"), None)
        role = ask.role if ask is not None else termination.decided_by  # who ends at the level in force
        ends = [a for a in self.mine(role, "end") if self.played(role, a.at_h)]
        for action in ends:
            snap = self.policy.snapshots.get(action.seq)
            if snap is None or snap.terminated:
                continue
            failed = [c for c, test in self.compiled.termination if not test(snap.values)]
            if not failed:
                continue
            self.used.add(action.seq)
            self.items.append(Item(role, "end", None, self.label("end", None), clause, action.at_h, 0.0, "premature",
                                   action.person, action.at_h, action.seq))
            who = self.name(role)
            self.deviate(action.at_h, role, "premature_end", clause, _say(
                "premature_end", who=who, at=self.at(action.at_h),
                conditions=_t("；".join(c.text.zh for c in failed), "; ".join(c.text.en for c in failed))))
        if ask is None or not self.played(role, ask.t_h) or (ends and all(a.seq in self.used for a in ends)):
            return  # a premature order that took effect once the conditions held is scored as premature
        item = Item(role, "end", None, self.label("end", None), clause, ask.t_h, self.grace)
        self.items.append(item)
        proper = next((a for a in ends if a.seq not in self.used), None)
        if proper is not None:
            self.settle(item, proper)
        else:
            self.unsettled(item, _say("never_ended"))

    def dispatches(self) -> None:
        role = self.cat.crews_unit
        spec = next((s for s in self.cat.for_role(role) if s.kind == "dispatch"), None) if role else None
        if spec is None:
            return
        due: dict[str, float] = {}
        for ask in self.policy.asks:
            if ask.kind != "dispatch" or ask.expected is None or not self.played(role, ask.t_h):
                continue
            for element in ask.extra["candidates"]:
                due.setdefault(element, ask.t_h)
            if ask.seq is not None and ask.answer != ask.expected:
                who, sent, waited = self.name(role), self.label("dispatch", ask.answer), self.label("dispatch", ask.expected)
                self.deviate(ask.t_h, role, "priority", spec.clause, _say("priority", who=who, sent=sent, waited=waited))
        for rank, (element, t) in enumerate(due.items()):  # in priority order, as the candidates came
            name = self.label("dispatch", element)
            label = _say("dispatch", element=name)
            item = Item(role, "dispatch", element, label, spec.clause, t, self.grace, rank=rank)
            self.items.append(item)
            action = next((a for a in self.mine(role, "dispatch", element=element) if a.seq not in self.used), None)
            if action is not None:
                self.settle(item, action)
            else:
                self.unsettled(item, _say("not_dispatched", element=name))

    def _clause_of(self, kind: str, key: str) -> str:
        for spec in self.cat.specs.values():
            for s in spec:
                if s.kind == kind:
                    for choice in s.choices:
                        if choice.value == key:
                            return choice.clause
        return ""

    def not_reached(self) -> None:
        """The plan's run asked these of played units; this drill never got that far."""
        asked = {(a.kind, a.key) for a in self.policy.asks}
        for ask in self.key.asks:
            if ask.kind not in ("warning_step", "lift_warning", "report", "declare", "end"):
                continue  # duties and steps follow from these; listing them too would drown them
            if (ask.kind, ask.key) in asked or ask.t_h > self.now or not self.played(ask.role, ask.t_h):
                continue
            asked.add((ask.kind, ask.key))
            label = self.label(ask.kind, ask.key if ask.kind != "declare" else ask.expected)
            self.items.append(Item(ask.role, ask.kind, ask.key, label, "", ask.t_h, 0.0, "not_reached",
                                   note=_say("not_reached", at=self.at(ask.t_h))))

    def extras(self) -> None:
        """Participant actions that answer nothing the plan asked at the time."""
        for action in self.actions:
            if action.seq in self.used or not self.played(action.role, action.at_h):
                continue
            if action.kind in ASKED and any(a.seq == action.seq for a in self.policy.asks):
                continue
            key = next(iter(action.args.values()), None) if action.args else None
            label = self.label(action.kind, key)
            who = self.name(action.role)
            if action.kind == "report" and key not in {a.key for a in self.policy.asks if a.kind == "report"}:
                # a hop sent though the report never reached its sender: the chain was jumped (4.3)
                hop = next(h for h in self.plan.reporting.hops if h.id == key)
                self.used.add(action.seq)
                self.items.append(Item(action.role, "report", key, label, _clause(hop), action.at_h, 0.0,
                                       "out_of_order", action.person, action.at_h, action.seq))
                self.deviate(action.at_h, action.role, "skipped", _clause(hop), _say(
                    "report_never_received", who=who, label=label, at=self.at(action.at_h)))
                continue
            self.deviate(action.at_h, action.role, "not_required", self._clause_of(action.kind, key) if key else "", _say(
                "not_required", who=who, label=label, at=self.at(action.at_h)))

    # --- results ------------------------------------------------------------------------
    def evaluation(self) -> Evaluation:
        self.asked()
        self.declaration()
        self.adjustments()
        self.termination()
        self.dispatches()
        self.not_reached()
        self.extras()
        self.items.sort(key=lambda i: (i.due_h, i.role, i.kind, i.rank, i.key or ""))
        self.deviations.sort(key=lambda d: (d.t_h, d.role, d.kind))
        # everyone who played a role, in the order they took it over
        players = {role: "、".join(dict.fromkeys(person for person, _, _ in stints))
                   for role, stints in self.state.record.stints().items()}
        for role in {i.role for i in self.items}:
            players.setdefault(role, "")
        scores: dict[str, Score] = {}
        for item in self.items:
            if item.points is None:
                continue
            score = scores.get(item.role, Score(0.0, 0))
            scores[item.role] = Score(score.points + item.points, score.count + 1)
        overall = Score(sum(s.points for s in scores.values()), sum(s.count for s in scores.values()))
        evaluation = Evaluation(self.now, self.ended, self.items, self.deviations, scores, overall, players)
        evaluation.went_well = self.went_well(scores)
        evaluation.improvements = self.improvements()
        return evaluation

    def went_well(self, scores: Mapping[str, Score]) -> list[Text]:
        lines = []
        for role, score in sorted(scores.items()):
            on_time = [i for i in self.items if i.role == role and i.status == "on_time"]
            if not on_time:
                continue
            who = self.name(role)
            if score.count and score.points == score.count:
                lines.append(_say("all_on_time", who=who, n=len(on_time)))
            else:
                lines.append(_say("some_on_time", who=who, n=len(on_time), count=score.count))
        return lines

    def improvements(self) -> list[Text]:
        seen: dict[tuple[str, str], list[Deviation]] = {}
        for deviation in self.deviations:
            seen.setdefault((deviation.role, deviation.kind), []).append(deviation)
        lines = []
        for (role, kind), group in seen.items():
            who = self.name(role)
            clauses = sorted({d.clause for d in group if d.clause})
            cite = _t(f"（{'、'.join(clauses)}）", f" ({', '.join(clauses)})") if clauses else ""
            lines.append(_say("advice", who=who, advice=_t(*ADVICE[kind]), cite=cite, n=len(group)))
        return lines


def allowance(plan, kind: str, key: str | None, grace: float) -> float:
    """Hours the plan allows for an expected action from the moment it falls due: its own
    hours where the plan gives them (a warning step, a report hop, declaring, adjusting),
    else the drill's grace."""
    if kind in ("warning_step", "lift_warning"):
        rule = next((s for s in [*plan.warning.issue, plan.warning.lift] if s.id == key), None)
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


def _clause(rule: Any) -> str:
    source = getattr(rule, "source", None)
    return source.clause if source is not None else "assumption"


def evaluate(state: Replay, key: AnswerKey) -> Evaluation:
    """Score the drill as it stands in ``state`` against the plan."""
    return _Judge(state, key).evaluation()
