"""A drill's state: the engine replayed from the start to the drill clock with the log.

Nothing about the incident is stored; it is recomputed. A replay builds the models from
the drill's stored inputs and draws its incident from them (:func:`~sim.drills.inputs.of_drill`:
a template's incident for the drill's seed and replication) — a scenario inject the
facilitator released ahead of its schedule happens when released — runs the engine with a
:class:`~sim.drills.policy.DrillPolicy` over the logged actions up to the clock, and
processes everything that happens exactly at the clock (an action logged at the current
instant is part of the state). A page
keeps its replay (:class:`LiveReplay`) and runs it on: the actions logged since enter
the running replay through the policy's door, so a refresh costs the stretch since the
last one, not the drill so far.

The answer key is the same scenario replayed with nobody playing: the plan's own run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from ..engine.rules import clause
from ..engine.run import Simulation
from ..engine.schedule import settle, upcoming
from ..names import Names
from ..report import names_from
from .actions import Catalogue, catalogue
from .db import DrillRecord
from .inputs import Inputs, drawn, of_drill
from .policy import DrillPolicy


@dataclass
class Replay:
    record: DrillRecord
    inputs: Inputs
    catalogue: Catalogue
    sim: Simulation
    policy: DrillPolicy
    now_h: float
    result: dict

    @property
    def ended(self) -> bool:
        """The clock reached the end of the scenario."""
        return self.now_h >= self.record.clock.end_h

    def names(self) -> Names:
        """The names of everything the drill's run names, by kind, as every face that shows a run
        names it (:func:`sim.report.names_from`, as the Run page does): every plan of the
        scenario (a fire-ban notice beside the blackout plan, not the drill's plan alone), its
        area, its injects and the secondary incidents the run opened."""
        return names_from(self.inputs.plans, self.inputs.area, self.inputs.scenario, self.result)

    def next_event_h(self) -> float:
        """When the engine next has something to do (a step of the clock), capped at the end."""
        next_h = upcoming(self.sim.env)
        return min(next_h, self.record.clock.end_h) if math.isfinite(next_h) else self.record.clock.end_h


def simulate(inputs: Inputs, actions, until: float) -> tuple[Simulation, DrillPolicy]:
    """The drawn incident (its scenario, under its engine seed) run with ``actions`` to ``until``."""
    policy = DrillPolicy(inputs.plan, actions)
    sim = Simulation(inputs.scenario, inputs.plans, inputs.area, inputs.seed, policy=policy)
    policy.install(sim)
    _advance(sim, until)
    return sim, policy


def _advance(sim: Simulation, until: float) -> None:
    """Run to ``until`` and through everything that happens exactly then (an action logged
    at the current instant is part of the state). Advancing in steps ends in the same state
    as advancing at once: the engine's events, and their order, do not depend on where a
    run stopped."""
    sim.run(until=until)
    settle(sim.env, until)


def drill_catalogue(inputs: Inputs, sim: Simulation) -> Catalogue:
    area = inputs.area
    elements = {e.id: e.name for e in [*area.substations, *area.feeders]}
    restoration = inputs.scenario.restoration
    duty = next((d for _, d in inputs.plan.all_duties() if d.id == restoration.duty), None)
    return catalogue(inputs.plan, sim.restoration.unit, elements, clause(duty))


def released_early(record: DrillRecord) -> tuple[tuple[str, float], ...]:
    """The scenario injects the facilitator released ahead of schedule, and when."""
    return tuple(sorted((i.key, i.released_h) for i in record.injects
                        if i.at_h is not None and i.released_h is not None and i.released_h < i.at_h))


def with_releases(inputs: Inputs, early: tuple[tuple[str, float], ...]) -> Inputs:
    """The inputs with each inject released early moved to its release: a facilitator who
    releases “the substation catches fire” now means it to happen now."""
    if not early:
        return inputs
    when = dict(early)
    scenario = inputs.scenario
    injects = [i.model_copy(update={"at_h": when[i.id]}) if i.id in when else i for i in scenario.injects]
    return replace(inputs, draw=replace(inputs.draw, scenario=scenario.model_copy(update={"injects": injects})))


def replay(record: DrillRecord, until: float | None = None) -> Replay:
    """The drill as it stands at ``until`` (default: its clock now)."""
    inputs = with_releases(of_drill(record), released_early(record))
    now = record.clock.now() if until is None else min(until, record.clock.end_h)
    sim, policy = simulate(inputs, record.actions, now)
    return Replay(record, inputs, drill_catalogue(inputs, sim), sim, policy, now, sim.result())


class LiveReplay:
    """A drill's replay kept between assessments, for a page that reassesses every few seconds.

    :func:`replay` runs the engine from hour 0 each time, so a page refreshing a running
    drill would pay, at every refresh, for everything that happened so far: over the
    drill, the square of its length. This keeps the last replay and runs the same
    simulation on from where it stopped: a participant's action logged since enters it
    through the policy's door (:meth:`~sim.drills.policy.DrillPolicy.add`), as it enters
    a replay from hour 0, so the state is the one a fresh replay would reach (a test
    compares them), at the cost of the stretch since the last look. Only what the
    running replay cannot take — an entry of the log earlier than its clock (a fork), a
    role handed back to the engine, an inject released early, another drill — replays
    from the start.

    One object serves one reader at a time (a page's session): the simulation it keeps
    moves on under the replays it handed out before.
    """

    def __init__(self) -> None:
        self._kept: tuple | None = None  # (what it replayed, what the engine read of the log, the replay)
        #: the evaluation kept with the replay, carried on at the next look (:func:`sim.drills.evaluate.evaluate`)
        self.judge: object | None = None

    @property
    def kept(self) -> Replay | None:
        """The replay it keeps (the last one handed out), if any."""
        return self._kept[2] if self._kept else None

    def replay(self, record: DrillRecord) -> Replay:
        now = record.clock.now()
        # what the engine reads of the record: a clock move or a facilitator's message changes none of it
        engine_reads = tuple(a for a in record.actions if a.role is not None or a.kind == "assign")
        same = (record.id, record.seed, record.replication, record.inputs, released_early(record))
        kept = self._kept
        state = None
        if kept is not None and kept[0] == same and now >= kept[2].now_h:
            read, last = kept[1], kept[2]
            new = engine_reads[len(read):]
            if engine_reads[:len(read)] == read and all(last.policy.admits(a, last.now_h) for a in new):
                for action in new:
                    last.policy.admit(action)
                if now > last.now_h or new:
                    _advance(last.sim, now)
                    state = Replay(record, last.inputs, last.catalogue, last.sim, last.policy, now, last.sim.result())
                else:
                    state = Replay(record, last.inputs, last.catalogue, last.sim, last.policy, now, last.result)
        if state is None:
            state = replay(record)
        self._kept = (same, engine_reads, state)
        return state


@dataclass(frozen=True)
class AnswerKey:
    """The plan's own run of the scenario: every question and the plan's answer, and the result."""

    asks: tuple
    result: dict


def answer_key(record: DrillRecord) -> AnswerKey:
    return _answer_key(_freeze(record.inputs), record.seed, record.replication, record.clock.end_h,
                       released_early(record))


def _freeze(inputs) -> tuple:
    return tuple(sorted(inputs.items()))


@lru_cache(maxsize=8)
def _answer_key(inputs: tuple, seed: int, replication: int, end_h: float, early: tuple) -> AnswerKey:
    models = with_releases(drawn(dict(inputs), seed, replication), early)
    sim, policy = simulate(models, (), end_h)
    return AnswerKey(tuple(policy.asks), sim.result())
