"""Callbacks at a time on the SimPy clock: the engine's cheapest way to wait.

A :class:`Due` is an ordinary SimPy event, scheduled on the environment's queue and
processed by ``env.step`` like any other, that is already triggered when made and
calls one function when its time comes — a timeout with its callback built in. The
engine's routine work (a duty working and resting, a pool serving its queue) waits on
these instead of running as generator processes, which would add a generator, the
process's bookkeeping and its own end event to every wait.

``urgent`` puts it ahead of the ordinary events due at the same time, where SimPy puts
the start of a new process, so that work handed over this way starts exactly when a
process would have.
"""

from __future__ import annotations

from simpy.core import NORMAL, URGENT
from simpy.events import Event


class Due(Event):
    def __init__(self, env, delay: float, callback, urgent: bool = False):
        self.env = env
        self.callbacks = [callback]
        self._value = None
        self._ok = True
        env.schedule(self, URGENT if urgent else NORMAL, delay)
