"""The engine's people-decisions, taken by the drill's participants.

:class:`DrillPolicy` is the :class:`~sim.engine.policy.Policy` a drill runs the engine
with. When the engine asks for a decision the plan gives to a unit:

* if nobody plays that unit at that moment, the plan's own answer is given at once;
* if a participant already took that decision (an action that has entered the engine),
  it is given at once — acting *before* being asked (reporting before the report
  reached you) is allowed and shows in the evaluation (declaring a level is not: the
  drill refuses it before the report reaches the declarer, :func:`sim.drills.control.told`);
* otherwise the engine waits (an event) until the participant's action enters or until
  the role is handed back to the engine, whichever comes first. A decision nobody has
  taken yet keeps the engine waiting, as an unanswered telephone would.

A participant's action enters the engine through one door, :meth:`DrillPolicy.add`: at
its hour, behind everything else due at that instant (the state its player saw), it
answers the question waiting for it, or stands until asked. The policy never looks
ahead in the log for actions, so a replay that has run to its clock takes an action
logged at or after that clock exactly as a replay from hour 0 with the whole log
would: a drill's state is assessed by running on, not by starting again
(:class:`~sim.drills.replay.LiveReplay`). Who plays which role is known ahead (a
question put to a role that is handed back later is answered by the engine then).

Replaying the log of one drill always asks the same questions in the same order, so a
drill's state is a deterministic function of its inputs, seed, clock and log. Every
question is recorded as an :class:`Ask` — the answer key the evaluation reads: when the
question came up, what the plan's answer was, who answered, when and what.

Starting a response below the lowest level (the plan's ``discretion``: its unit *may*)
and asking the higher government to take over (a level's ``escalation``: 必要时) are
questions to the unit the plan names, asked when the plan's test or conditions hold;
the participant answers by taking the decision or by declining it
(:data:`~sim.drills.actions.DECLINES`). Either answer enters by the same door and
answers the same question: a decline answers no, so the engine starts no local response
and sends no request, as it would for a plan whose unit said no.

Duties (附件2) and steps (warning actions, the county's actions of 5.3, the
after-action of 6.x) are questions too: a played unit's duty does not start when its
trigger fires but when the participant starts it (a duty started before its trigger
is a standing order, taken up the moment the trigger fires); a duty whose trigger
fires again later is asked again. One the plan leaves to the unit (``left_to_unit``)
may be declined the same way: the engine is answered no.

Level decisions are a standing state, not a queue: the level due is the last one a
participant declared or adjusted to in the incident under way (a run may hold several,
each declared anew: a level set in an earlier one does not declare the next), until the
engine takes it or a later change of level overtakes it (:func:`spent`): the decision of
the unit deciding at a level the player's change led to stands, and is not undone by it. Ending the response is asked once, when the
termination conditions first hold in each incident, and waits for the decider's order like any other
question (an order given earlier stands until the conditions hold). Dispatching crews is
re-checked at the moment of the participant's action (the engine's crew wake-up), so it
takes effect then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..engine.policy import Policy
from ..engine.schedule import LAST, Due, call_later, signal
from ..plan.response_plan import ResponsePlan
from .actions import decision_of, declines
from .db import Action


def spent(action: Action, level_changes: Sequence[tuple]) -> bool:
    """Whether a participant's declaration or adjustment ``action`` no longer stands: the
    engine took it (the level changed to it as it entered, or since), or a later change of
    level overtook it (whoever decides at the level then in force decided after it). It
    takes effect once: a level it set and a later decision lowered is not set again by it,
    as an order carried out is not carried out again."""
    level = action.args.get("level")
    return any(t_h > action.at_h or (t_h == action.at_h and new == level) for t_h, _, new, *_ in level_changes)


@dataclass
class Ask:
    """One question the engine asked: ``expected`` is the plan's answer. A question put anew
    in each incident (declaring, changing the level, ending, a report hop, a duty, a step)
    carries the number of the incident it was put in, ``extra["incident"]``."""

    kind: str
    key: str | None
    role: str
    t_h: float
    expected: Any
    by: str = "engine"
    answer: Any = None
    answered_h: float | None = None
    seq: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        return self.answered_h is not None


@dataclass(frozen=True)
class Snapshot:
    """The incident as it stood when a participant acted (for judging the action)."""

    values: dict
    severity: str | None
    level: str | None
    received: frozenset
    terminated: bool


@dataclass
class _Waiting:
    """A question put to a person, waiting for their action (or the role's hand-back)."""

    ask: Ask
    key_arg: str | None
    answer: Any  # the event the engine waits on


class DrillPolicy(Policy):
    def __init__(self, plan: ResponsePlan, actions: Sequence[Action]):
        self.plan = plan
        self.plan_id = plan.id
        self.default = Policy()
        #: the log to enter at :meth:`install`
        self.log = tuple(actions)
        #: the participants' actions that have entered the engine, in the order they did
        self.actions: list[Action] = []
        #: role -> [(t_h, person or None)], in log order
        self.assignments: dict[str, list[tuple[float, str | None]]] = {}
        for action in actions:
            if action.kind == "assign":
                self.assignments.setdefault(action.args["role"], []).append((action.at_h, action.args.get("person")))
        self.consumed: set[int] = set()
        self.asks: list[Ask] = []
        self.snapshots: dict[int, Snapshot] = {}
        #: questions waiting for a person's action, in the order asked
        self.waiting: list[_Waiting] = []
        #: the question of ending the response, once asked in each incident: number -> question
        self._end_asks: dict[int, Ask] = {}
        #: the level change last recorded as the engine's answer while it is pending: (how many
        #: changes the level in force had then, the level due)
        self._engine_change: tuple[int, str | None] | None = None
        self.sim = None

    # --- who plays what, when -----------------------------------------------------------
    def player(self, role: str, t: float) -> str | None:
        person = None
        for at, who in self.assignments.get(role, ()):
            if at <= t:
                person = who
        return person

    def _handback(self, role: str, t: float) -> float | None:
        """The first moment after ``t`` at which nobody plays ``role`` any more."""
        for at, who in self.assignments.get(role, ()):
            if at > t and not who:
                return at
        return None

    def _mine(self, role: str, kinds: tuple[str, ...], key_arg: str | None = None, key: str | None = None):
        """``role``'s actions that answer decisions of ``kinds`` (a decline answers its decision)."""
        return [a for a in self.actions
                if a.role == role and decision_of(a.kind) in kinds and (key_arg is None or a.args.get(key_arg) == key)]

    # --- installation: the log enters the engine ------------------------------------------
    def install(self, sim) -> None:
        """Let the log enter the engine, each action at its hour, and wake the engine at
        each hand-back of a role."""
        self.sim = sim
        self.runner = next(r for r in sim.runners if r.id == self.plan_id)
        for action in self.log:
            if action.role is not None:
                self.add(action)
        for changes in self.assignments.values():
            for at, who in changes:
                if not who:
                    call_later(sim.env, at, lambda: self._poke(("end", "dispatch", "adjust")))

    def add(self, action: Action) -> None:
        """The door through which a participant's action enters the engine: at its hour
        (not before the engine's clock), after everything else due at that instant — it
        is taken on the state its player saw then, as `drill status` showed it."""
        env = self.sim.env
        Due(env, action.at_h - env.now, lambda _: self._enter(action), LAST)

    def admits(self, action: Action, now_h: float) -> bool:
        """Whether ``action``, logged after a replay ran to ``now_h``, can enter this
        replay as it would a replay from hour 0: a participant's action at or after the
        clock, or a role given to a person after it. A role handed back to the engine
        changes questions already asked (the engine answers them then): not admitted."""
        if action.role is not None:
            return action.at_h >= now_h
        return action.kind == "assign" and bool(action.args.get("person")) and action.at_h > now_h

    def admit(self, action: Action) -> None:
        """Take a later entry of the log (see :meth:`admits`) into a replay under way."""
        if action.role is not None:
            self.add(action)
        else:
            self.assignments.setdefault(action.args["role"], []).append((action.at_h, action.args.get("person")))

    def _enter(self, action: Action) -> None:
        self._snapshot(action)
        self.actions.append(action)
        for waiting in self.waiting:
            ask = waiting.ask
            if (ask.role == action.role and ask.kind == decision_of(action.kind)
                    and (waiting.key_arg is None or action.args.get(waiting.key_arg) == ask.key)):
                self.waiting.remove(waiting)
                answer = action.args["level"] if ask.kind in ("declare", "adjust") else not declines(action.kind)
                if ask.kind not in ("declare", "adjust"):
                    self._take(ask, action, action.at_h, answer)
                waiting.answer.succeed(answer)
                break
        self._poke((action.kind,))

    def _snapshot(self, action: Action) -> None:
        """The state ``action`` was taken on, kept once: as its instant settled, just
        before it takes effect."""
        if action.seq in self.snapshots:
            return
        sim, runner = self.sim, self.runner
        self.snapshots[action.seq] = Snapshot(
            values=dict(sim.values),
            severity=runner.severity,
            level=runner.level,
            received=frozenset(runner.received),
            terminated=runner.terminated_at is not None,
        )

    def _poke(self, kinds: tuple[str, ...]) -> None:
        sim, runner = self.sim, self.runner
        if "end" in kinds:
            runner.check_termination(sim.values)
        if "dispatch" in kinds:
            sim.restoration.wake()
        if "adjust" in kinds or "declare" in kinds:
            runner.wake()

    # --- answering ----------------------------------------------------------------------
    def _wait(self, sim, ask: Ask, key_arg: str | None, expected):
        """Wait for the person playing ``ask.role``: their action answers, or the engine
        with ``expected`` when the role is handed back first."""
        waiting = _Waiting(ask, key_arg, signal(sim.env))
        self.waiting.append(waiting)
        back = self._handback(ask.role, sim.now)
        if back is not None:
            call_later(sim.env, back - sim.now, lambda: self._handed_back(waiting, back, expected))
        return waiting.answer

    def _handed_back(self, waiting: _Waiting, back: float, expected) -> None:
        if waiting in self.waiting:
            self.waiting.remove(waiting)
            if waiting.ask.kind not in ("declare", "adjust"):
                self._engine(waiting.ask, back, expected)
            waiting.answer.succeed(expected)

    def _queued(self, sim, kind: str, key: str | None, role: str, key_arg: str | None, expected,
                anew: bool = False):
        """A decision answered by one action (consumed), or by the plan if unplayed. One put
        ``anew`` in each incident (a report hop, a duty, a step) carries the number of the
        incident it was put in (``extra["incident"]``), as a declaration and an end do."""
        now = sim.now
        ask = Ask(kind, key, role, now, expected, extra={"incident": self.runner.incidents} if anew else {})
        self.asks.append(ask)
        done = next((a for a in self._mine(role, (kind,), key_arg, key) if a.seq not in self.consumed), None)
        if done is not None:
            return self._take(ask, done, now, not declines(done.kind))
        if self.player(role, now) is None:
            return self._engine(ask, now, expected)
        return self._wait(sim, ask, key_arg, expected)

    def _take(self, ask: Ask, action: Action, at: float, answer):
        self.consumed.add(action.seq)
        ask.by, ask.answer, ask.answered_h, ask.seq = action.person, answer, at, action.seq
        return answer
    @staticmethod
    def _engine(ask: Ask, at: float, answer):
        ask.by, ask.answer, ask.answered_h = "engine", answer, at
        return answer

    def warning_step(self, sim, plan, step):
        if plan.id != self.plan_id:
            return self.default.warning_step(sim, plan, step)
        return self._queued(sim, "warning_step", step.id, step.unit, "step", True)

    def lift_warning(self, sim, plan):
        if plan.id != self.plan_id:
            return self.default.lift_warning(sim, plan)
        return self._queued(sim, "lift_warning", plan.warning.lift.id, plan.warning.lift.unit, None, True)

    def send_report(self, sim, plan, hop):
        if plan.id != self.plan_id:
            return self.default.send_report(sim, plan, hop)
        return self._queued(sim, "report", hop.id, hop.from_, "hop", True, anew=True)

    def response_level(self, sim, plan, current, classified):
        if plan.id != self.plan_id:
            return self.default.response_level(sim, plan, current, classified)
        now = sim.now
        kind = "declare" if current is None else "adjust"
        # who decides at the level in force (declaring: at the level the classification calls for)
        role = self.runner.decider(kind, current if current is not None else classified or plan.response_levels[-1].id)
        # A declaration is due once the classification calls for a level: below every level the
        # plan's answer is no response, and nothing is asked of the declarer until one is due.
        # Each incident of the run asks its own (``extra["incident"]``: its number).
        incident = self.runner.incidents
        if (current is None and classified is not None and self.player(role, now) is not None
                and not any(a.kind == "declare" and a.extra.get("incident") == incident for a in self.asks)):
            self.asks.append(Ask("declare", None, role, now, classified, extra={"incident": incident}))
        # the incident under way's own: a level set in an earlier incident does not declare this one
        began = self.runner.incident_at
        mine = [a for a in self._mine(role, (kind,)) if began is None or a.at_h >= began]
        standing = mine[-1] if mine else None
        if (standing is not None and standing.args["level"] != current
                and not spent(standing, self.runner.level_changes)):
            return standing.args["level"]
        if self.player(role, now) is None:
            self._engine_level(kind, role, now, current, classified)
            return classified
        if current is None and classified is None:
            # no level to declare: the engine waits for the figures to call for one, or for the
            # player's own declaration (either wakes it), rather than for an answer none is due
            return None
        # the decider's next declaration or adjustment answers (not an answer key entry of its own)
        return self._wait(sim, Ask(kind, None, role, now, classified), None, classified)

    def _engine_level(self, kind: str, role: str, now: float, current, classified) -> None:
        """Record the engine's answer to a change of level once: when it is first due. The
        engine asks again when the plan's hours to decide (``adjustment.decision_hours``)
        have passed, to find the change still due before it makes it; that second asking is
        the same change, not a second one (the drill script lists each change once, due
        when the figures first called for it, as the evaluation judges a player's)."""
        if classified == current:
            self._engine_change = None
            return
        change = (len(self.runner.level_changes), classified)  # the level in force as set last, and the one due
        if self._engine_change != change:
            self._engine_change = change
            self.asks.append(Ask(kind, None, role, now, classified, "engine", classified, now,
                                 extra={"incident": self.runner.incidents}))

    def end_response(self, sim, plan):
        """Asked once in each incident (``extra["incident"]``: its number), when the
        termination conditions first hold: the plan's answer when nobody plays the decider,
        the decider's order when they gave it already in that incident (an order given
        before the conditions held stands until they do; one given in an earlier incident
        ended that one), else the engine waits for the order, or for the role's hand-back.
        An answer that found the conditions gone ends the response when they hold again."""
        if plan.id != self.plan_id:
            return self.default.end_response(sim, plan)
        now = sim.now
        runner = self.runner
        role = runner.decider("end", runner.level) if runner.level is not None else plan.termination.decided_by
        incident = runner.incidents
        ask = self._end_asks.get(incident)
        if ask is None:
            ask = self._end_asks[incident] = Ask("end", None, role, now, True, extra={"incident": incident})
            self.asks.append(ask)
        if ask.answered:
            return True
        if self.player(role, now) is None:
            return self._engine(ask, now, True)
        began = runner.incident_at
        ended = next((a for a in self._mine(role, ("end",)) if a.seq not in self.consumed
                      and (began is None or a.at_h >= began)), None)
        if ended is not None:
            return self._take(ask, ended, ended.at_h, True)
        return self._wait(sim, ask, None, True)

    def use_discretion(self, sim, plan):
        if plan.id != self.plan_id:
            return self.default.use_discretion(sim, plan)
        return self._queued(sim, "discretion", None, plan.discretion.unit, None, True)

    def request_escalation(self, sim, plan, level, escalation):
        if plan.id != self.plan_id:
            return self.default.request_escalation(sim, plan, level, escalation)
        return self._queued(sim, "escalate", level, escalation.by, "level", True)

    def plays(self, sim, unit):
        return self.player(unit, sim.now) is not None

    def start_duty(self, sim, plan, duty):
        if plan.id != self.plan_id:
            return True
        return self._queued(sim, "duty", duty.id, duty.unit, "duty", True, anew=True)

    def carry_out_step(self, sim, plan, step):
        if plan.id != self.plan_id:
            return True
        return self._queued(sim, "step", step.id, step.unit, "step", True, anew=True)

    def next_repair(self, sim, candidates):
        role = sim.restoration.unit
        now = sim.now
        expected = candidates[0] if candidates else None
        ask = Ask("dispatch", expected, role, now, expected, extra={"candidates": list(candidates)})
        self.asks.append(ask)
        if self.player(role, now) is None:
            return self._engine(ask, now, expected)
        for action in self._mine(role, ("dispatch",)):
            if action.seq in self.consumed:
                continue
            if action.args["element"] in candidates:
                return self._take(ask, action, now, action.args["element"])
        return None
