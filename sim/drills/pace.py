"""How far the facilitator's “advance” and “single step” may move the clock: never past a deadline.

Moving the clock is the facilitator's, but a participant must get the chance to act
before their time runs out: eleven tasks that fall due at one hour and are all overdue
after the next click teach nothing. So the console's Advance stops, before the hours
asked for, at whichever comes first:

* the deadline of an open task (its due time plus what the plan allows);
* the moment a new task falls due for a played unit (found by running the engine on
  from now over the drill's log: the same run the drill will make, as it is deterministic);
* the delivery of a scheduled inject to a desk.

A single step goes to the engine's next event, or to an open deadline if that comes
first. The command line's ``advance --hours`` still moves exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..engine.schedule import settle, upcoming
from ..messages import said
from .evaluate import EPS, Evaluation, Item
from .replay import Replay, replay


@dataclass(frozen=True)
class Stop:
    """Where the clock goes and why: ``reason`` is ``hours`` (as asked), ``deadline``,
    ``due`` (a new task) or ``inject``; ``what`` the task or inject, ``{zh, en}``."""

    to_h: float
    reason: str = "hours"
    what: Any = None
    deadline: Item | None = None


def first_deadline(evaluation: Evaluation) -> Item | None:
    """The open task whose deadline comes next (None: no task is open)."""
    now = evaluation.now_h
    open_items = [i for i in evaluation.items if i.status == "open" and i.due_h + i.allowed_h > now + EPS]
    return min(open_items, key=lambda i: i.due_h + i.allowed_h, default=None)


def next_stop(state: Replay, evaluation: Evaluation, hours: float) -> Stop:
    """``hours`` on from the drill's clock, or the first deadline, new task or inject before that."""
    now = evaluation.now_h
    wanted = min(now + hours, state.record.clock.end_h)
    stops = [Stop(wanted)]
    first = first_deadline(evaluation)
    if first is not None:
        stops.append(Stop(first.due_h + first.allowed_h, "deadline", first.label, first))
    for inject in state.record.injects:
        delivered = inject.release_h()
        if delivered is not None and now + EPS < delivered:
            stops.append(Stop(delivered, "inject", inject.title))
    task = _next_task(state, now, wanted)
    if task is not None:
        stops.append(task)
    return min(stops, key=lambda s: (s.to_h, s.reason == "hours"))


def step_stop(state: Replay, evaluation: Evaluation) -> Stop:
    """The engine's next event, or the first open deadline when that comes sooner."""
    stop = Stop(state.next_event_h())
    first = first_deadline(evaluation)
    if first is not None and first.due_h + first.allowed_h < stop.to_h - EPS:
        return Stop(first.due_h + first.allowed_h, "deadline", first.label, first)
    return stop


def _next_task(state: Replay, now: float, until: float) -> Stop | None:
    """When the next task falls due for a played unit before ``until``: the engine run on
    from ``now`` over the drill's log, instant by instant, until it asks a player something."""
    ahead = replay(state.record, until=now)
    env, asks = ahead.sim.env, ahead.policy.asks
    seen = len(asks)
    while (instant := upcoming(env)) < until - EPS:
        settle(env, instant)  # everything due at that instant, as a replay to it would
        new = [a for a in asks[seen:] if not a.answered and a.t_h > now + EPS]
        if new:
            ask = new[0]
            spec = next((s for s in ahead.catalogue.for_role(ask.role) if s.kind == ask.kind), None)
            args = {spec.arg: ask.key} if spec is not None and spec.arg and ask.key is not None else {}
            unit, task = ahead.catalogue.unit_name(ask.role), ahead.catalogue.action_label(ask.role, ask.kind, args)
            return Stop(ask.t_h, "due", said("common.labelled", label=unit, text=task))
        seen = len(asks)
    return None
