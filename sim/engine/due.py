"""Callbacks at a time on the SimPy clock: the engine's cheapest way to wait.

A :class:`Due` is an ordinary SimPy event, scheduled on the environment's queue and
processed by ``env.step`` like any other, that is already triggered when made and
calls one function when its time comes — a timeout with its callback built in. The
engine's routine work (a duty working and resting, a pool serving its queue) waits on
these instead of running as generator processes, which would add a generator, the
process's bookkeeping and its own end event to every wait.

``urgent`` puts it ahead of the ordinary events due at the same time, where SimPy puts
the start of a new process, so that work handed over this way starts exactly when a
process would have. :data:`LAST` puts a :class:`Due` behind every ordinary event of its
instant, even those scheduled during it: a reading taken there sees the instant settled
(a drill reads the state a participant acted on as the participant saw it).

A :class:`Timer` is the same for an owner that waits for one thing at a time (a duty at
work is one): one event object scheduled again each time it has been processed, instead
of a new one per wait. Each wait is still its own entry in the queue, numbered by the
environment and processed by ``env.step`` at its time. A duty's timer is scheduled
hundreds of times per replication, so ``after`` pushes the entry itself — the
``(time, priority, number, event)`` that ``Environment.schedule`` pushes, on the same
queue and counter — rather than through another call.
"""

from __future__ import annotations

from heapq import heappush

from simpy.core import NORMAL, URGENT
from simpy.events import Event


#: The priority of a :class:`Due` processed after everything else due at its time.
LAST = NORMAL + 1


class Due(Event):
    def __init__(self, env, delay: float, callback, priority: int = NORMAL):
        self.env = env
        self.callbacks = [callback]
        self._value = None
        self._ok = True
        heappush(env._queue, (env._now + delay, priority, next(env._eid), self))  # env.schedule


class Timer(Event):
    def __init__(self, env):
        self.env = env
        self.callbacks = None  # processed, nothing pending
        self._value = None
        self._ok = True

    def after(self, delay: float, callback, urgent: bool = False) -> None:
        """Call ``callback`` in ``delay`` hours (the timer must not be pending)."""
        self.callbacks = [callback]
        env = self.env
        heappush(env._queue, (env._now + delay, URGENT if urgent else NORMAL, next(env._eid), self))
