"""How far the facilitator's “advance” may move the clock: never past a deadline.

Moving the clock is the facilitator's, but a participant must get the chance to act
before their time runs out: eleven tasks that fall due at one hour and are all overdue
after the next click teach nothing. So the console's default step stops at the next
deadline of an open task (its due time plus what the plan allows), if that comes
before the hours asked for; the command line's ``advance --hours`` still moves exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from .evaluate import EPS, Evaluation, Item


@dataclass(frozen=True)
class Stop:
    """Where the clock goes, and the task whose deadline stopped it there (None: the hours asked)."""

    to_h: float
    deadline: Item | None = None


def next_stop(evaluation: Evaluation, hours: float, end_h: float) -> Stop:
    """``hours`` on from the evaluation's clock, or the first open deadline before that."""
    now = evaluation.now_h
    wanted = min(now + hours, end_h)
    open_items = [i for i in evaluation.items if i.status == "open" and i.due_h + i.allowed_h > now + EPS]
    first = min(open_items, key=lambda i: i.due_h + i.allowed_h, default=None)
    if first is not None and first.due_h + first.allowed_h < wanted - EPS:
        return Stop(first.due_h + first.allowed_h, first)
    return Stop(wanted)
