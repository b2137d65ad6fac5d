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
        plan = runner.compiled.plan
        measures = {m.id: tuple(m.requires) for m in plan.measures}
        self.specs = [spec for spec in runner.compiled.duties if spec.duty.id != skip]
        self.requires = {
            spec.index: spec.requires + tuple(c for c in measures.get(spec.measure, ()) if c not in spec.requires)
            for spec in self.specs
        }
        self.running: set[int] = set()
        self.done: set[int] = set()
        self.started: dict[int, float] = {}
        self.waiting: dict[int, float] = {}
        self.unmet: dict[int, tuple[float, str]] = {}

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
        if not ok:
            return False
        present = self.sim.conditions
        return all(c in present for c in self.requires[spec.index])

    def refresh(self) -> None:
        """Start every duty whose trigger now holds and that is not already at work."""
        for spec in self.specs:
            i = spec.index
            if i in self.running or i in self.done or i in self.unmet:
                continue
            if self.active(spec):
                self.running.add(i)
                self.sim.env.process(self._work(spec))

    def _work(self, spec: DutySpec):
        sim = self.sim
        env = sim.env
        i = spec.index
        plan = self.runner.compiled.id
        sim.rec.event(env.now, spec.unit, spec.duty.id, spec.text, spec.source, plan,
                      {"measure": spec.measure} if spec.measure else None)
        task = spec.duty.task
        if task is None:
            self.done.add(i)
            self.running.discard(i)
            return
        resource = task.resource
        pool = sim.pools.get(resource) if resource else None
        while True:
            requested = env.now
            if resource is not None:
                have = pool.capacity if pool is not None else 0
                if have < task.amount:
                    self.unmet[i] = (requested, f"needs {task.amount} {resource}, the scenario has {have}")
                    break
                self.waiting.setdefault(i, requested)
                yield pool.get(task.amount)
                if not self.active(spec):
                    pool.put(task.amount)
                    break
                self.waiting.pop(i, None)
            start = env.now
            self.started.setdefault(i, start)
            yield env.timeout(task.hours * sim.streams.factor("work:" + spec.unit, sim.work_sigma))
            if pool is not None:
                pool.put(task.amount)
            sim.rec.spans.append((spec.unit, spec.duty.id, resource, requested, start, env.now, plan, None))
            sim.duty_done(spec.duty.id, spec.unit, plan)
            if task.repeat_every_h is None:
                self.done.add(i)
                break
            wait = task.repeat_every_h - (env.now - start)
            if wait > 0:
                yield env.timeout(wait)
            if not self.active(spec):
                break
        self.running.discard(i)

    def unmet_duties(self) -> list[dict]:
        """Duties triggered but never carried out, with why."""
        found = []
        for spec in self.specs:
            i = spec.index
            if i in self.unmet:
                t, reason = self.unmet[i]
            elif i in self.waiting and i not in self.started:
                t, reason = self.waiting[i], f"still waiting for {spec.duty.task.resource}"
            else:
                continue
            found.append({"plan": self.runner.compiled.id, "unit": spec.unit, "duty": spec.duty.id,
                          "t_h": t, "reason": reason})
        return found


def pools(env: simpy.Environment, counts: dict[str, int]) -> dict[str, simpy.Container]:
    """One pool per resource the scenario counts (a count of 0 means none: no pool)."""
    return {rid: simpy.Container(env, capacity=n, init=n) for rid, n in counts.items() if n > 0}
