"""What the projector shows a room during a drill: the clock, the level, every countdown.

A room follows a drill on the wall: a large clock in the scenario's time (HH:MM, as on
the wall of an emergency office, never hours since the start), the response level in
force and, for every task now due, the unit, the task and the time left to its deadline
(or how long it is overdue), the nearest deadline first. A pure function of a replay and
its evaluation, like :mod:`sim.drills.views`; the page lays it out large.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import clock, day_and_time, duration
from .evaluate import Evaluation
from .replay import Replay
from ..messages import pick
from ..report import level_name, severity_name
from .views import clock_mode, task_label, tasks

@dataclass(frozen=True)
class Countdown:
    unit: str
    person: str
    task: str
    clause: str
    deadline: str
    #: hours to the deadline; below zero, overdue by that much
    left_h: float
    #: the time left (or overdue) in words: ``25 分钟`` / ``1 h 30 min``
    left: str


@dataclass(frozen=True)
class Board:
    time: str
    date: str
    mode: str
    level: str
    severity: str
    ended: bool
    countdowns: tuple[Countdown, ...]


def board(state: Replay, evaluation: Evaluation, language: str) -> Board:
    """The projector's board for ``language``: names and clock times only."""
    start = state.inputs.scenario.start
    date, time = day_and_time(start, state.now_h)
    runner = state.policy.runner
    cat = state.catalogue
    due = [item for role in cat.roles for item in tasks(evaluation, role)]
    due.sort(key=lambda i: (i.due_h + i.allowed_h, i.rank, i.role))
    countdowns = tuple(
        Countdown(unit=pick(cat.unit_name(item.role), language), person=state.record.player(item.role) or "",
                  task=pick(task_label(item), language), clause=item.clause,
                  deadline=clock(start, item.due_h + item.allowed_h),
                  left_h=item.due_h + item.allowed_h - state.now_h,
                  left=duration(abs(item.due_h + item.allowed_h - state.now_h), language))
        for item in due)
    return Board(time=time, date=date,
                 mode=clock_mode(state.record.clock, language),
                 level=level_name(state.inputs.plan, runner.level, language),
                 severity=severity_name(state.inputs.plan, runner.severity, language),
                 ended=state.ended, countdowns=countdowns)
