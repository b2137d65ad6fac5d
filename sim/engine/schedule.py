"""The engine's one door to SimPy's clock: everything that waits, waits through here.

The engine runs on a SimPy environment, and only this module reaches into it: its queue
of pending events, its counter and its clock. Everything else schedules through the
names below, so a change of how the engine waits (or of SimPy itself) is a change here.

* :func:`environment` makes the clock; :func:`run` advances it to a time, as
  ``env.run(until=...)`` does and in the same order, with the event loop inline (the
  loop is most of what a replication costs besides the plan logic); :func:`settle`
  processes what is due exactly at the clock; :func:`drop_pending` forgets every pending
  event (a run that is released); :func:`scheduled` counts the events scheduled so far.
* :class:`Due` calls a function at a time (:func:`call_later`); :func:`answer_later` is
  an event that carries a value at a time (a person's answer); :func:`signal` is an
  event that something triggers (a report's arrival, a wake-up).
* :class:`Timer` is one event object scheduled again each time it has been processed:
  the engine's routine work (a duty working and resting, a crew's repair, the
  dispatcher) is a timer whose callbacks are its next step, and waits without
  allocating anything but its queue entry.
* :class:`Process` runs a plan process — a warning being issued, one unit's steps, a
  report passed along a hop, the level decision — written once as a generator that
  yields what it waits for: a number of hours, an event, or a decision. A decision the
  policy gives at once comes straight back into the generator; one a person takes later
  is an event, and the generator resumes when it is taken. So the plan's own run and a
  drill go through the same code, and a participant's decision enters the engine at the
  same place as the plan's.

Priorities: ``urgent`` puts a wait ahead of the ordinary events due at the same time,
where SimPy puts the start of a new process; :data:`LAST` puts a :class:`Due` behind
every ordinary event of its instant, even those scheduled during it: a reading taken
there sees the instant settled (a drill reads the state a participant acted on as the
participant saw it).
"""

from __future__ import annotations

from collections import deque
from heapq import heappop, heappush, heappushpop

import simpy
from simpy.core import NORMAL, URGENT
from simpy.events import AnyOf, Event

#: The priority of a :class:`Due` processed after everything else due at its time.
LAST = NORMAL + 1

__all__ = ["LAST", "Due", "Event", "Pool", "Process", "Timer", "answer_later", "call_later", "drop_pending", "either",
           "environment", "run", "scheduled", "settle", "signal", "upcoming"]


# --- the clock ------------------------------------------------------------------------
class Clock(simpy.Environment):
    """SimPy's environment with its hour a plain attribute, ``now``.

    SimPy keeps the hour in ``_now`` behind a ``now`` property; the engine reads the
    hour hundreds of times per replication, and a property costs a function call each
    time. Here ``now`` holds the hour itself and ``_now`` is the property, for SimPy's
    own code (``timeout``), which the engine seldom runs.

    Besides SimPy's heap it keeps the entries scheduled for the present instant in two
    lanes (see :func:`_process`); ``schedule``, ``peek`` and ``step`` — what SimPy's own
    events and ``env.run`` use — read them too, so a SimPy event and an ``env.run`` keep
    their places among the engine's."""

    now = 0.0  # the class's default: the instance's own value is set in __init__

    @property
    def _now(self) -> float:
        return self.now

    @_now.setter
    def _now(self, hour: float) -> None:
        self.now = hour

    def __init__(self):
        super().__init__()
        #: the entries due now, ahead of (``firsts``) or among (``nows``) the ordinary
        #: events of this instant, in the order they were scheduled (see :func:`_process`)
        self.firsts: deque[tuple] = deque()
        self.nows: deque[tuple] = deque()

    def schedule(self, event: Event, priority: int = NORMAL, delay: float = 0) -> None:
        """SimPy's own ``schedule`` (an event succeeds, a timeout is made), reading ``now``."""
        entry = (self.now + delay, priority, next(self._eid), event)
        if delay:
            heappush(self._queue, entry)
        elif priority == NORMAL:
            self.nows.append(entry)
        elif priority == URGENT:
            self.firsts.append(entry)
        else:
            heappush(self._queue, entry)

    def peek(self) -> float:
        """The hour of the next pending event (infinity when there is none)."""
        if self.firsts or self.nows:
            return self.now
        return super().peek()

    def step(self) -> None:
        """SimPy's own ``step`` (which ``env.run`` calls), taking the next entry as the door's
        loop does."""
        if not (self.firsts or self.nows or self._queue):
            raise simpy.core.EmptySchedule
        self.now, _, _, event = _pop(self)
        callbacks, event.callbacks = event.callbacks, None
        try:
            for callback in callbacks:
                wake = callback(event)
                if wake is not None:  # a timer's lone step waits again (see Timer)
                    heappush(self._queue, (wake, NORMAL, next(self._eid), event))
        except simpy.core.StopSimulation:
            event.callbacks = callbacks[callbacks.index(callback) + 1:]
            self.schedule(event, -1)  # as SimPy does: ahead of everything, when the run resumes
            raise
        if not event._ok and not hasattr(event, "_defused"):
            exc = type(event._value)(*event._value.args)
            exc.__cause__ = event._value
            raise exc


def _pop(env: Clock) -> tuple:
    """The next entry: the earlier of the heap's first and the first of the entries due now."""
    queue = env._queue
    lane = env.firsts or env.nows
    if not lane:
        return heappop(queue)
    if queue and queue[0] < lane[0]:
        return heappop(queue)
    return lane.popleft()


def environment() -> Clock:
    """A new clock at hour 0."""
    return Clock()


def run(env: simpy.Environment, until: float) -> None:
    """Process every event due before ``until`` (hours; later than now), then set the clock
    to ``until`` — exactly what ``env.run(until=until)`` does: SimPy stops at an urgent
    event it schedules at ``until``, so what is due then (an urgent event scheduled
    before the call excepted) waits for the next run. The stop takes its numbers from
    the counter as SimPy's does (one when scheduled, one when SimPy puts it back on the
    queue with nothing left to call), so that the events' numbers are the same either way."""
    _process(env, (until, URGENT, next(env._eid), _stop_event(env)))
    env.now = until
    next(env._eid)


def upcoming(env: simpy.Environment) -> float:
    """The hour of the next pending event (infinity when there is none)."""
    return env.peek()


def settle(env: simpy.Environment, at: float) -> None:
    """Process everything due at or before ``at`` (the clock already at ``at``), including
    what is scheduled for ``at`` meanwhile."""
    _process(env, (at, LAST + 1, -1, _stop_event(env)))  # behind every priority; numbered by no one


class _Stop(Exception):
    """The stop event has come up: the loop is over."""


def _stop(_event) -> None:
    raise _Stop


def _stop_event(env) -> Event:
    """An event that ends :func:`_process` when it comes up (SimPy's stop event)."""
    stop = Event(env)
    stop._ok, stop._value = True, None
    stop.callbacks = (_stop,)
    return stop


def _process(env, stop_entry: tuple) -> None:
    """Process the events of ``env`` in their order until ``stop_entry`` (put on the queue
    here) comes up, as SimPy's ``env.step`` does one by one — the loop is most of what
    a replication costs besides the plan logic, so it is written out once here:

    * the entries due now that are scheduled while the instant is processed (a pool
      serving a request, a process starting, a wait of no time: a third of a
      replication's events) wait in the clock's two lanes, ``firsts`` (urgent) and
      ``nows`` (ordinary), in the order they were numbered, rather than on the heap: a
      heap entry due now climbs the whole heap on the way in and sinks through it on the
      way out. The next entry is the earlier of a lane's first and the heap's first (one
      comparison, in SimPy's order: hour, priority, number), so the order is the heap's;
    * the stop ends the loop by raising, so that no event is compared with it;
    * a lone callback (nearly every event has one) is called without a loop;
    * a timer's step may return the hour of its next wait (see :class:`Timer`), which
      is scheduled here as :meth:`Timer.at` would, without a call. When no entry waits in
      a lane — most of the time — the next entry is then the earlier of that wait and
      the heap's first: ``heappushpop`` puts the one on the heap and takes the other off
      in one pass through it, where a push and the next pop would make two, and the
      inner loop goes on with it at once;
    * no event of the engine's fails — nothing here calls ``fail``, and an error in a plan
      process is raised from its step, where it happens — so the loop does not look at
      each event for a failure to raise, as ``env.step`` does.
    """
    queue = env._queue
    numbers = env._eid
    firsts, nows = env.firsts, env.nows
    heappush(queue, stop_entry)
    try:
        while True:
            lane = firsts or nows  # as _pop, written out: it runs for every event
            if lane:
                entry = lane[0]
                top = queue[0]
                if top[0] > entry[0] or entry < top:  # the hours first: they nearly always differ
                    lane.popleft()
                else:
                    entry = heappop(queue)
            else:
                entry = heappop(queue)
            while True:  # the entry, then the next one while a timer's wait hands it over
                env.now, _, _, event = entry
                callbacks, event.callbacks = event.callbacks, None
                try:
                    (callback,) = callbacks
                except ValueError:
                    for callback in callbacks:
                        callback(event)
                    break
                wake = callback(event)
                if wake is None:
                    break
                # the timer waits again, its callbacks set
                if firsts or nows:
                    heappush(queue, (wake, NORMAL, next(numbers), event))
                    break
                entry = heappushpop(queue, (wake, NORMAL, next(numbers), event))
    except _Stop:
        pass


def drop_pending(env: simpy.Environment) -> None:
    """Forget every pending event and whom it would call: the run will not go on, and
    nothing it holds needs to stay reachable from the queue."""
    for queue in (env._queue, env.firsts, env.nows):
        for entry in queue:
            entry[3].callbacks = None
        queue.clear()


def scheduled(env: simpy.Environment) -> int:
    """How many events ``env`` has scheduled so far (SimPy numbers them in order)."""
    return next(env._eid)


# --- waiting --------------------------------------------------------------------------
class Due(Event):
    """An event that calls ``callback`` in ``delay`` hours: a timeout with its callback
    built in, already triggered when made. The callback returns None (as every callback
    the door calls does, but a timer's step: see :class:`Timer`)."""

    _value = None  # what SimPy's triggered, successful event holds, shared by the class
    _ok = True

    def __init__(self, env, delay: float, callback, priority: int = NORMAL):
        self.env = env
        self.callbacks = [callback]
        if delay or priority != NORMAL:
            heappush(env._queue, (env.now + delay, priority, next(env._eid), self))
        else:
            env.nows.append((env.now, NORMAL, next(env._eid), self))


def call_later(env, delay: float, function) -> None:
    """Call ``function()`` in ``delay`` hours, as an ordinary event of that time (what it
    returns is dropped: see :class:`Timer` for what a returned hour would mean)."""

    def call(_event) -> None:
        function()

    Due(env, delay, call)


def answer_later(env, delay: float, value=None) -> Event:
    """An event that happens in ``delay`` hours with ``value``: an answer given then."""
    return env.timeout(delay, value=value)


def either(env, *events: Event) -> Event:
    """An event that happens as soon as one of ``events`` has; its value holds those that
    have (``event in value``)."""
    return AnyOf(env, events)


def signal(env) -> Event:
    """An event that nothing has triggered yet (``succeed()`` triggers it now)."""
    return Event(env)


class Timer(Event):
    """One event object that an owner waiting for one thing at a time schedules again
    each time it has been processed. Each wait is its own entry in the queue, numbered
    by the environment and processed at its time; its callbacks are the owner's next
    step. A duty's timer waits hundreds of times per replication, so :meth:`at` takes a
    shared tuple of callbacks and allocates nothing but the entry.

    A step that is the timer's lone callback and ends by waiting again may instead set
    the timer's callbacks and return the hour it waits until: the door's loop schedules
    the timer as :meth:`at` would, at the same place in the order (nothing else is
    scheduled between the step's end and the loop's), without another call. Every other
    callback returns None."""

    _value = None  # a successful event without a value, as SimPy marks one (shared by the class)
    _ok = True

    def __init__(self, env):
        self.env = env
        self.callbacks = None  # processed, nothing pending

    def after(self, delay: float, callback, urgent: bool = False) -> None:
        """Call ``callback(self)`` in ``delay`` hours (the timer must not be pending)."""
        self.callbacks = [callback]
        env = self.env
        if delay:
            heappush(env._queue, (env.now + delay, URGENT if urgent else NORMAL, next(env._eid), self))
        elif urgent:
            env.firsts.append((env.now, URGENT, next(env._eid), self))
        else:
            env.nows.append((env.now, NORMAL, next(env._eid), self))

    def at(self, t: float, callbacks: tuple) -> None:
        """Call each of ``callbacks`` with the timer at hour ``t`` (not before now)."""
        self.callbacks = callbacks
        env = self.env
        if t == env.now:
            env.nows.append((t, NORMAL, next(env._eid), self))
        else:
            heappush(env._queue, (t, NORMAL, next(env._eid), self))

    def first(self, callbacks: tuple) -> None:
        """Call each of ``callbacks`` with the timer now, ahead of the ordinary events due now
        (where SimPy starts a process)."""
        self.callbacks = callbacks
        env = self.env
        env.firsts.append((env.now, URGENT, next(env._eid), self))


class Process(Timer):
    """A plan process: a generator run from now on, ahead of the ordinary events due now
    (where SimPy starts a process). What it yields is what it waits for:

    * a number: that many hours;
    * an event: until it has happened (at once if it already has); its value is sent back;
    * anything else — a decision the policy gave at once — comes straight back.

    So ``answer = yield policy.carry_out_step(...)`` takes the plan's answer and a
    person's alike. It schedules what a SimPy process would, at the same moments, save
    the event a finished process is (which nobody here waits for).

    A wait of some hours is the process's own timer, which its step, the timer's lone
    callback, hands back to the door's loop as the hour it waits until (see
    :class:`Timer`); a step resumed by another event schedules the timer itself.
    """

    __slots__ = ("generator",)

    def __init__(self, env, generator):
        super().__init__(env)
        self.generator = generator
        self.first(_STEP)

    def _step(self, _event=None, value=None) -> float | None:
        """Run the generator to its next wait: the hour it waits until when it waits some
        hours (the timer's callbacks set), else None."""
        generator = self.generator
        while True:
            try:
                what = generator.send(value)
            except StopIteration:
                self.generator = None
                return None
            kind = type(what)
            if kind is float or kind is int:
                self.callbacks = _STEP
                return self.env.now + what
            if isinstance(what, Event):
                if what.callbacks is not None:
                    what.callbacks.append(self._resume)
                    return None
                value = what._value  # it has happened already
                continue
            value = what

    def _resume(self, event: Event) -> None:
        wake = self._step(None, event._value)
        if wake is not None:  # called by another event than the timer: it schedules its wait here
            self.at(wake, _STEP)

    def release(self) -> None:
        """Drop the generator (a run that is released)."""
        self.generator = None


_STEP = (Process._step,)


# --- holding resources ----------------------------------------------------------------
class Pool:
    """A count of interchangeable resources (crews, vehicles, generators) taken and given
    back: the one way the engine holds them.

    It behaves as a SimPy ``Container`` that is only ever given back what was taken: a
    request is served as soon as its amount is free — at once, in the order asked, a
    request that cannot be served holding up those behind it — and ``put(amount)`` gives
    it back, the waiting requests being served when that put's own event is processed.
    The events are scheduled exactly where the container schedules them; what is left
    out is the container's general machinery (put queues, process bookkeeping), which
    the engine never needs and a replication would pay for at every request.

    A plan process waits with ``yield pool.get(amount)`` (an event); a timer with
    :meth:`request`, which schedules the timer itself.
    """

    __slots__ = ("env", "capacity", "level", "waiting", "serving")

    def __init__(self, env, count: int):
        self.env = env
        self.capacity = count
        self.level = count
        self.waiting: deque[tuple[int, Event]] | None = None  # made when someone first waits
        self.serving: _Serving | None = None  # made at the first put

    def get(self, amount: int) -> Event:
        """An event that happens once ``amount`` is taken."""
        event = Event(self.env)
        self.request(event, amount, event.callbacks)
        return event

    def request(self, event: Event, amount: int, callbacks) -> None:
        """Take ``amount`` for ``event``, which calls ``callbacks`` once it is scheduled, at
        once or when served: a timer waits so, as its own event (a duty's round asks for
        its resource; ``get`` makes a new event for a plan process)."""
        event.callbacks = callbacks
        waiting = self.waiting
        if not waiting and self.level >= amount:
            self.level -= amount
            event._ok = True
            event._value = None
            env = self.env
            env.nows.append((env.now, NORMAL, next(env._eid), event))
        else:
            if waiting is None:
                waiting = self.waiting = deque()
            waiting.append((amount, event))
            self._serve(None)

    def withdraw(self, event: Event, amount: int) -> None:
        """Take back the request ``event`` for ``amount``: out of the line if it still waits
        (those behind it are looked at when this is processed, as after a put), given
        back if it was served."""
        waiting = self.waiting
        for i, (_, queued) in enumerate(waiting or ()):
            if queued is event:
                del waiting[i]
                self.put(0)  # nothing given back: the line is looked at as after a put
                return
        self.put(amount)

    def put(self, amount: int) -> None:
        """Give ``amount`` back; whoever waits for it is served when this put is processed
        (see :class:`_Serving`)."""
        self.level += amount
        serving = self.serving
        if serving is None:
            serving = self.serving = _Serving(self)
        serving.pending += 1
        serving.callbacks = _SERVE
        env = self.env
        env.nows.append((env.now, NORMAL, next(env._eid), serving))

    def _serve(self, _event) -> None:
        waiting = self.waiting
        env = self.env
        while waiting:
            amount, event = waiting[0]
            if self.level < amount:
                return
            self.level -= amount
            waiting.popleft()
            event._ok = True
            event._value = None
            env.nows.append((env.now, NORMAL, next(env._eid), event))

    def release(self) -> None:
        """Drop the requests still waiting and whom they would resume (a run that is released)."""
        for _, event in self.waiting or ():
            event.callbacks = None
        self.waiting = self.serving = None


class _Serving(Timer):
    """A pool's one event for serving its line after a put: scheduled once for every put
    (or withdrawal), an ordinary event due at once, exactly where a new event would be;
    ``pending`` counts its entries not yet processed, and each one processed sets the
    callbacks again for the next. A duty gives its resource back at the end of every
    round, so a put allocates nothing but its queue entry."""

    __slots__ = ("pool", "pending")

    def __init__(self, pool: Pool):
        super().__init__(pool.env)
        self.pool = pool
        self.pending = 0

    def _processed(self) -> None:
        self.pending -= 1
        if self.pending:
            self.callbacks = _SERVE  # another of its entries is still to come
        pool = self.pool
        if pool.waiting:  # mostly no one waits: no call
            pool._serve(None)


_SERVE = (_Serving._processed,)
