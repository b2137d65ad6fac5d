"""Units at work: every duty whose trigger fires is set to work by its unit.

A duty's trigger names a phase (``incident``, ``warning``, ``response`` with an optional
``min_level``, ``termination``) and the conditions it ``requires`` (a duty that carries
out a measure also needs the measure's conditions). While it holds, the duty runs: it
takes ``amount`` of its resource from the scenario's pool — waiting in line when the
pool is empty, which shows as a span whose start is after its request — works its
hours (times the unit's random work factor), gives the resource back and, if it repeats,
starts again every ``repeat_every_h`` until the trigger no longer holds. A duty that can
never get its resource (none in the scenario, or fewer than it needs), or that was still
waiting when its trigger ended, is reported as unmet. A duty done once is not started
again while its phase lasts; a new incident (or a new warning) lets the duties of its
phases start again (:meth:`Duties.again`), their unmet record staying the first.

A run that is observed (``observe=True``) also records each duty's state as it changes —
pending, queued, working, repeating, done, unmet, stopped, declined (its unit said no:
not asked again while its trigger holds) (:mod:`sim.engine.observer`);
a run that is not pays one check of ``watch`` per round.
"""

from __future__ import annotations

from .rules import DutySpec
from .schedule import Event, Pool, Timer
from .streams import Multipliers


class Duties:
    """The duties of one plan and their executions."""

    def __init__(self, sim, runner, skip: str | None):
        self.sim = sim
        self.runner = runner
        self.plan = runner.compiled.id
        self.specs = runner.compiled.duties_except(skip)
        self.running: set[int] = set()
        self.done: set[int] = set()
        self.started: dict[int, float] = {}
        self.waiting: dict[int, float] = {}
        self.unmet: dict[int, tuple[float, str]] = {}
        #: running, done or unmet: not to be started again
        self.busy: set[int] = set()
        #: the state the last refresh saw; triggers depend on nothing else
        self._seen: object = object()
        #: the duties whose trigger held at that refresh. Whatever changes a trigger (a
        #: level, the warning, the incident, a condition) is followed by a refresh in the
        #: same callback, so a duty at work that looks again reads its trigger here.
        self._triggered: frozenset[int] = frozenset()
        self._skip = skip
        #: duties whose unit was asked to start them and has not answered: since when
        self.pending: dict[int, float] = {}
        #: duties whose unit answered no: not asked again until their trigger has lapsed
        #: (a unit that weighed the situation is asked again when it is a new one)
        self.declined: set[int] = set()
        # What every duty that starts looks up, at hand.
        self.events, self.spans = sim.rec.events.flat, sim.rec.spans.flat
        self.factors = sim.streams.factors(sim.work_sigma)
        #: whether the plan's work has drawn nothing yet (see :meth:`draw_ahead`)
        self.undrawn = True
        self.pools, self.clearing = sim.pools, sim.clearing
        #: the duty whose resource units power key users while it works (the scenario's
        #: ``restoration.supply_duty``), by index
        supply = sim.scenario.restoration.supply_duty
        self.supply = next((spec.index for spec in self.specs if spec.id == supply), None)
        #: the observer's record of duty states, when the run is observed
        self.watch = sim.observer.duty if sim.observer is not None else None

    @property
    def triggered(self) -> frozenset[int]:
        """The duties (by index) whose trigger held at the last refresh."""
        return self._triggered

    def refresh(self) -> None:
        """Start every duty whose trigger now holds and that is not already at work."""
        runner = self.runner
        sim = self.sim
        response = runner.rank if runner.level is not None else -1
        incident = 0 if runner.incident_active else -1
        warning = 0 if runner.warning_active else -1
        termination = runner.max_rank if runner.terminated_at is not None else -1
        seen = (response, incident, warning, termination, sim.conditions_version)
        if seen == self._seen:
            return  # triggers depend on nothing else: what was idle stays idle
        self._seen = seen
        compiled = runner.compiled
        triggered = self._triggered = compiled.triggered(self._skip, seen[:4], sim.conditions)
        if sim.observer is not None:
            sim.observer.look(sim)
        if self.declined:
            lapsed = self.declined - triggered
            self.declined -= lapsed
            self.busy -= lapsed
        start = triggered - self.busy
        if not start:
            return
        self.busy |= start
        self.running |= start
        duties = compiled.duties
        self.draw_ahead([duties[i].stream for i in start if duties[i].hours is not None])
        for i in sorted(start):  # in plan order
            (_SupplyWork if i == self.supply else _Work)(self, duties[i])

    def again(self, phases: tuple[str, ...]) -> None:
        """A new incident (``incident``, ``response``, ``termination``) or a new warning
        (``warning``): the duties done in the last one whose trigger names one of ``phases``
        may start again when it holds (their unmet record, if any, stays the first)."""
        duties = self.runner.compiled.duties
        anew = {i for i in self.done if any(on in phases for on in duties[i].on)}
        if anew:
            self.done -= anew
            self.busy -= anew
            self._seen = object()  # a new identity: the next refresh looks again

    def draw_ahead(self, streams: list[str] | tuple = ()) -> None:
        """Draw work times ahead, in one numpy round: the first time the plan's work draws (a
        step, or the first duties that start), the first block of every one of its work
        streams (:attr:`~sim.engine.rules.CompiledPlan.work_streams`); after that, the next
        block of each of ``streams`` that has none left (units set to work together).

        A response that starts sets most units to work within hours: one numpy round for
        them all costs far less than one per unit as each starts, the more so late in a
        run, when numpy's code has left the processor's caches. A block depends only on its
        stream and its number, not on when it is drawn, so the numbers are the same either
        way."""
        if self.undrawn:
            self.undrawn = False
            streams = self.runner.compiled.work_streams
        if len(streams) > 1:
            self.sim.streams.prefetch(streams, self.sim.work_sigma)

    def multipliers(self, stream: str) -> Multipliers:
        """The work-time multipliers of ``stream`` (a plan step's unit's), drawn ahead as
        :meth:`draw_ahead` says."""
        self.draw_ahead()
        return self.factors[stream]

    def release(self) -> None:
        """Drop what ties the duties to the simulation (see :meth:`sim.engine.run.Simulation.close`)."""
        self.sim = self.runner = None

    def _stop(self, i: int, outcome: set | None) -> None:
        """A duty's work ends: done for good (``outcome``) or idle until triggered again."""
        self._idle(i, "stopped" if outcome is None else "unmet" if i in self.unmet else "done")
        if outcome is None:
            self.busy.discard(i)
            self._seen = object()  # a new identity: the next refresh runs, running duties recheck
        else:
            outcome.add(i)

    def _decline(self, i: int) -> None:
        """The unit answered no: the duty is not started, nor asked about again while its
        trigger holds (:meth:`refresh` lets it go once the trigger has lapsed)."""
        self._idle(i, "declined")
        self.declined.add(i)

    def _idle(self, i: int, state: str) -> None:
        """The duty is no longer at work, in ``state`` (for the observer, when the run is observed)."""
        self.running.discard(i)
        if self.watch is not None:
            spec = self.runner.compiled.duties[i]
            self.watch(self.sim.env.now, self.plan, spec.unit, spec.id, state)

    def unmet_duties(self) -> list[dict]:
        """Duties triggered but never carried out, with why: ``reason`` is ``{kind, ...}``,
        ``short_of`` (``resource``, ``amount`` it needs, ``have`` in the scenario),
        ``not_started`` (``unit`` never set to work on it), ``waiting`` (still waiting for
        ``resource``) or ``trigger_ended`` (its trigger ended while it waited for
        ``resource``) — ids, which the faces name in the reader's language."""
        found = []
        duties = self.runner.compiled.duties
        # In plan order; of the duties that waited for their resource, those that started have
        # nothing to report.
        for i in sorted(self.unmet.keys() | self.pending.keys() | (self.waiting.keys() - self.started.keys())):
            spec = duties[i]
            if i in self.unmet:
                t, reason = self.unmet[i]
            elif i in self.pending:
                t, reason = self.pending[i], {"kind": "not_started", "unit": spec.unit}
            else:
                t, reason = self.waiting[i], {"kind": "waiting" if i in self.running else "trigger_ended",
                                              "resource": spec.resource}
            found.append({"plan": self.plan, "unit": spec.unit, "duty": spec.id, "t_h": t, "reason": reason})
        return found


class _Work(Timer):
    """A duty at work from its trigger until it stops: the unit decides to set to work,
    then it takes the resource, works, gives it back, rests until the next repeat, and
    again while the trigger holds.

    It runs as callbacks rather than as a plan process: a hundred duties start when a
    response begins and each repeats for days. It is itself the one event it waits on, a
    :class:`~sim.engine.schedule.Timer` scheduled again each time it has been processed,
    with a callback tuple shared by every duty (``_BEGIN``, ``_WORKED``, ``_RESTED``...)
    so that a wait allocates nothing but its queue entry. A duty waiting for its
    resource waits in the pool's line the same way (:meth:`Pool.request`). The clock is
    not read back after a wait: it reads what the wait was scheduled for.

    The unit's decision to set to work is the policy's (asked when it is made): the plan's own
    answer comes at once and the work starts ahead of the ordinary events due now, as a
    process would; a person's comes later, as an event.

    Every step that ends by starting the work (:meth:`_work`) hands the hour the work
    ends back up to the callback that the door's loop called, which returns it: the loop
    schedules the timer there (see :class:`~sim.engine.schedule.Timer`). Starting the work
    is always the last thing such a step schedules, so the wait keeps its place in the
    order, and the hundred-odd works of a replication cost no call to schedule them. A
    step that does not end in work returns None.
    """

    __slots__ = ("duties", "spec", "spans", "clearing", "pool", "factor", "checked", "started",
                 "requested", "start", "duration", "hours", "amount", "resource", "repeat", "unit", "duty", "plan", "span",
                 "watch")

    def __init__(self, duties: Duties, spec: DutySpec):
        sim = duties.sim
        Timer.__init__(self, sim.env)
        self.duties = duties
        self.spec = spec
        self.watch = duties.watch
        # Ask the policy whether the unit sets to work; wait for a later answer.
        answer = sim.policy.start_duty(sim, duties.runner.plan, spec)
        if isinstance(answer, Event):
            duties.pending[spec.index] = self.env.now
            if self.watch is not None:
                self.watch(self.env.now, duties.plan, spec.unit, spec.id, "pending")
            self.checked = duties._seen
            answer.callbacks.append(self._answered)
        elif answer:
            self.first(_BEGIN)
        else:
            duties._decline(spec.index)

    def _answered(self, event) -> None:
        """The unit's answer came: start if the trigger still holds, else go idle."""
        duties, i = self.duties, self.spec.index
        if duties.sim is None:
            return  # the simulation was closed while the question stood
        duties.pending.pop(i, None)
        still = duties._seen is self.checked or i in duties._triggered
        if not still:  # the trigger ended while the question stood: idle, asked anew when it holds again
            duties._stop(i, None)
        elif event.value:
            wake = self._begin()
            if wake is not None:  # not the loop's callback for this timer: schedule the work's end here
                self.at(wake, self.callbacks)
        else:
            duties._decline(i)

    def _begin(self) -> float | None:
        duties, spec = self.duties, self.spec
        now = self.env.now
        duties.events.extend((now, None, spec.begun, None, None, None, None))  # its log entry, from its template
        if spec.hours is None:
            duties._stop(spec.index, duties.done)
            return None
        self.unit, self.duty, self.plan, self.span = spec.unit, spec.id, duties.plan, spec.span
        self.spans = duties.spans
        self.clearing = duties.clearing
        self.factor = duties.factors[spec.stream]
        self.hours, self.amount, self.resource, self.repeat = spec.hours, spec.amount, spec.resource, spec.repeat
        self.pool = duties.pools.get(spec.resource) if spec.resource else None
        self.checked = duties._seen  # the trigger held when that refresh ran; it can change only with it
        self.started = False
        return self._request(now)

    def _request(self, now: float) -> float | None:
        self.requested = now
        if self.resource is None:
            return self._work(now)
        duties, i, pool = self.duties, self.spec.index, self.pool
        have = pool.capacity if pool is not None else 0
        if have < self.amount:
            if i not in duties.unmet:  # the first time it went unmet (a later incident's again)
                duties.unmet[i] = (now, {"kind": "short_of", "resource": self.resource, "amount": self.amount,
                                         "have": have})
            duties._stop(i, duties.done)
            return None
        if i not in duties.started:
            duties.waiting.setdefault(i, now)
        if self.watch is not None and (pool.waiting or pool.level < self.amount):
            self.watch(now, self.plan, self.unit, self.duty, "queued")
        pool.request(self, self.amount, _GOT)
        return None

    def _got(self) -> float | None:
        duties = self.duties
        if duties._seen is not self.checked:
            self.checked = duties._seen
            if self.spec.index not in duties._triggered:
                self.pool.put(self.amount)
                duties._stop(self.spec.index, None)
                return None
        return self._work(self.env.now)

    def _work(self, start: float) -> float:
        """The work starts at ``start``: the hour it ends, for the loop to schedule (see the class)."""
        if not self.started:
            self.started = True
            self.duties.started.setdefault(self.spec.index, start)
        self.start = start
        factor = self.factor
        self.duration = duration = self.hours * (factor.pop() if factor else factor.next())
        if self.watch is not None:
            self.watch(start, self.plan, self.unit, self.duty, "working", start + duration)
        self.callbacks = _WORKED
        return start + duration

    def _worked(self) -> float | None:
        start, duration = self.start, self.duration
        end = start + duration
        if self.pool is not None:
            self.pool.put(self.amount)
        self.spans.extend((self.span, self.requested, start, end))
        if self.duty in self.clearing:  # it closes an open incident
            self.duties.sim.duty_done(self.duty, self.unit, self.plan)
        repeat = self.repeat
        if repeat is None:
            duties = self.duties
            duties._stop(self.spec.index, duties.done)
            return None
        if repeat > duration:
            rest = repeat - duration
            self.start = at = end + rest  # the time the rest ends: the next request's
            if self.watch is not None:
                self.watch(end, self.plan, self.unit, self.duty, "repeating", at)
            self.callbacks = _RESTED
            return at  # the door schedules the rest's end (see Timer)
        return self._again(end)

    def _rested(self) -> float | None:
        now = self.start
        duties = self.duties
        if duties._seen is not self.checked:
            self.checked = duties._seen
            if self.spec.index not in duties._triggered:
                duties._stop(self.spec.index, None)
                return None
        if self.resource is not None:
            return self._request(now)
        # The common case, inline: no resource to wait for.
        self.requested = now
        factor = self.factor  # what is left of its block, or the next block
        self.duration = duration = self.hours * (factor.pop() if factor else factor.next())
        if self.watch is not None:
            self.watch(now, self.plan, self.unit, self.duty, "working", now + duration)
        self.callbacks = _WORKED
        return now + duration  # the door schedules the work's end (see Timer)

    def _again(self, now: float) -> float | None:
        duties = self.duties
        if duties._seen is not self.checked:
            self.checked = duties._seen
            if self.spec.index not in duties._triggered:
                duties._stop(self.spec.index, None)
                return None
        return self._request(now)


class _SupplyWork(_Work):
    """The duty whose resources — mobile generators — power key users while it works.

    Each generator powers one key user on its own, so the duty does not wait for its
    whole ``amount`` as other duties do: each round it takes the generators that are
    free, up to its amount (when none is, it waits in the pool's line for one, and once
    served takes whatever else is free then and wanted by nobody in line). ``amount`` is
    what it holds this round; ``spec.amount`` what it asks for.

    Each time it holds its generators, every one of them powers one key user without
    grid power (:meth:`~sim.engine.restoration.KeyUsers.connect`); a generator whose user
    gets grid power back goes at once to the next user waiting, if any. When it gives
    the generators back their users are let go at the end of that instant, unless the
    duty took them again at once (a refuelling round that follows on) and so keeps its
    users.
    """

    __slots__ = ("users", "connected")

    def __init__(self, duties: Duties, spec: DutySpec):
        self.users: list[int] = []  # the key users its generators power, by index
        self.connected = False
        super().__init__(duties, spec)

    def _request(self, now: float) -> float | None:
        pool, want = self.pool, self.spec.amount
        if pool is None or self.resource is None:
            self.amount = want  # none in the scenario: reported as unmet
        else:
            free = pool.level if not pool.waiting else 0
            self.amount = min(want, free) if free > 0 else 1
        return _Work._request(self, now)

    def _work(self, start: float) -> float:
        pool, want = self.pool, self.spec.amount
        if pool is not None and self.amount < want and pool.level > 0 and not pool.waiting:
            more = min(want - self.amount, pool.level)  # free now and nobody waits for it
            pool.level -= more
            self.amount += more
        self.duties.sim.key_users.connect(self)
        end = _Work._work(self, start)
        self.callbacks = _SUPPLY_WORKED
        return end

    def _supply_worked(self) -> None:
        self.connected = False
        wake = _Work._worked(self)
        if wake is not None:  # the rest or the next round, scheduled before the generators' users are let go
            self.at(wake, self.callbacks)
        self.duties.sim.key_users.disconnect(self)


# What a duty at work does when its wait ends (``env.step`` calls it with the duty, its event).
_BEGIN = (_Work._begin,)
_GOT = (_Work._got,)
_WORKED = (_Work._worked,)
_RESTED = (_Work._rested,)
_SUPPLY_WORKED = (_SupplyWork._supply_worked,)


class Pools:
    """One :class:`Pool` per resource the scenario counts, made when first asked for
    (a count of 0 means none: no pool). ``get`` answers like a dict's."""

    def __init__(self, env, counts: dict[str, int]):
        self.env = env
        self.counts = counts
        self._made: dict[str, Pool] = {}

    def get(self, resource: str) -> Pool | None:
        pool = self._made.get(resource)
        if pool is None:
            count = self.counts.get(resource, 0)
            if count <= 0:
                return None
            pool = self._made[resource] = Pool(self.env, count)
        return pool

    def release(self) -> None:
        """Drop the requests still waiting and whom they would resume (see
        :meth:`sim.engine.run.Simulation.close`)."""
        for pool in self._made.values():
            pool.release()
