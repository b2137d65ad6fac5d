"""Units at work: every duty whose trigger fires becomes a process of its unit.

A duty's trigger names a phase (``incident``, ``warning``, ``response`` with an optional
``min_level``, ``termination``) and the conditions it ``requires`` (a duty that carries
out a measure also needs the measure's conditions). While it holds, the duty runs: it
takes ``amount`` of its resource from the scenario's pool — waiting in line when the
pool is empty, which shows as a span whose start is after its request — works its
hours (times the unit's random work factor), gives the resource back and, if it repeats,
starts again every ``repeat_every_h`` until the trigger no longer holds. A duty that can
never get its resource (none in the scenario, or fewer than it needs), or that was still
waiting when its trigger ended, is reported as unmet.
"""

from __future__ import annotations

import simpy

from .rules import DutySpec


class Duties:
    """The duties of one plan and their processes."""

    def __init__(self, sim, runner, skip: str | None):
        self.sim = sim
        self.runner = runner
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
        #: specs not busy, in plan order (rebuilt after a duty stopped and may start again)
        self._idle: list[DutySpec] = list(self.specs)
        self._stopped = False

    def active(self, spec: DutySpec) -> bool:
        runner = self.runner
        on = spec.on
        if on == "response":
            ok = runner.level is not None and runner.rank >= spec.min_rank
        elif on == "incident":
            ok = runner.incident_active
        elif on == "warning":
            ok = runner.warning_active
        else:
            ok = runner.terminated_at is not None and runner.max_rank >= spec.min_rank
        return ok and self.sim.conditions >= spec.requires

    def refresh(self) -> None:
        """Start every duty whose trigger now holds and that is not already at work."""
        runner = self.runner
        response = runner.rank if runner.level is not None else -1
        incident = 0 if runner.incident_active else -1
        warning = 0 if runner.warning_active else -1
        termination = runner.max_rank if runner.terminated_at is not None else -1
        seen = (response, incident, warning, termination, self.sim.conditions_version)
        if seen == self._seen:
            return  # triggers depend on nothing else: what was idle stays idle
        self._seen = seen
        if self._stopped:
            self._idle = [spec for spec in self.specs if spec.index not in self.busy]
            self._stopped = False
        phase = {"response": response, "incident": incident, "warning": warning, "termination": termination}
        present = self.sim.conditions
        busy = self.busy
        process = self.sim.env.process
        idle = []
        for spec in self._idle:
            if phase[spec.on] < spec.min_rank or not present >= spec.requires:
                idle.append(spec)
                continue
            busy.add(spec.index)
            self.running.add(spec.index)
            process(self._work(spec))
        self._idle = idle

    def _stop(self, i: int, outcome: set | None) -> None:
        """A duty's process ends: done for good (``outcome``) or idle until triggered again."""
        self.running.discard(i)
        if outcome is None:
            self.busy.discard(i)
            self._stopped = True
            self._seen = object()  # a new identity: the next refresh runs, running duties recheck
        else:
            outcome.add(i)

    def _work(self, spec: DutySpec):
        sim = self.sim
        env = sim.env
        i = spec.index
        plan = self.runner.compiled.id
        unit, duty_id = spec.unit, spec.duty.id
        now = env.now
        sim.rec.event(now, unit, duty_id, spec.text, spec.source, plan,
                      {"measure": spec.measure} if spec.measure else None)
        task = spec.duty.task
        if task is None:
            self._stop(i, self.done)
            return
        timeout, active, spans = env.timeout, self.active, sim.rec.spans
        factor = sim.streams.factors("work:" + unit, sim.work_sigma)
        hours, amount, repeat, resource = task.hours, task.amount, task.repeat_every_h, task.resource
        pool = sim.pools.get(resource) if resource else None
        checked = self._seen  # the trigger held when that refresh ran; it can change only with it
        started = False
        while True:
            requested = start = now
            if resource is not None:
                have = pool.capacity if pool is not None else 0
                if have < amount:
                    self.unmet[i] = (requested, f"needs {amount} {resource}, the scenario has {have}")
                    self._stop(i, self.done)
                    return
                if i not in self.started:
                    self.waiting.setdefault(i, requested)
                yield pool.get(amount)
                start = env.now
                if self._seen is not checked:
                    checked = self._seen
                    if not active(spec):
                        pool.put(amount)
                        break
            if not started:
                started = True
                self.started.setdefault(i, start)
            duration = hours * factor()
            yield timeout(duration)
            end = start + duration  # what the environment's clock now reads
            if pool is not None:
                pool.put(amount)
            spans.append((unit, duty_id, resource, requested, start, end, plan, None))
            if sim.clearing:
                sim.duty_done(duty_id, unit, plan)
            if repeat is None:
                self._stop(i, self.done)
                return
            if repeat > duration:
                yield timeout(repeat - duration)
                now = env.now
            else:
                now = end
            if self._seen is not checked:
                checked = self._seen
                if not active(spec):
                    break
        self._stop(i, None)

    def unmet_duties(self) -> list[dict]:
        """Duties triggered but never carried out, with why."""
        found = []
        for spec in self.specs:
            i = spec.index
            if i in self.unmet:
                t, reason = self.unmet[i]
            elif i in self.waiting and i not in self.started:
                resource = spec.duty.task.resource
                t, reason = self.waiting[i], (f"still waiting for {resource}" if i in self.running
                                              else f"its trigger ended while it waited for {resource}")
            else:
                continue
            found.append({"plan": self.runner.compiled.id, "unit": spec.unit, "duty": spec.duty.id,
                          "t_h": t, "reason": reason})
        return found


class Pools:
    """One SimPy container per resource the scenario counts, made when first asked for
    (a count of 0 means none: no pool). ``get`` answers like a dict's."""

    def __init__(self, env: simpy.Environment, counts: dict[str, int]):
        self.env = env
        self.counts = counts
        self._made: dict[str, simpy.Container] = {}

    def get(self, resource: str) -> simpy.Container | None:
        pool = self._made.get(resource)
        if pool is None:
            count = self.counts.get(resource, 0)
            if count <= 0:
                return None
            pool = self._made[resource] = simpy.Container(self.env, capacity=count, init=count)
        return pool
