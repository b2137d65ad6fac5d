"""What the facilitator and the participants do to a drill, checked before it is logged.

These functions are the one way in for the command line and the app alike: each checks
its input against the plan (a role is a unit of the plan, an action is one the plan
gives that unit, its argument one of the unit's choices), then makes exactly one write
(:mod:`sim.drills.db`), so a participant's click is committed the moment it is made.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from ..errors import InputError, Problem
from ..inputs.scenario import Fault, Forecast
from . import db
from .actions import Catalogue
from .inputs import rebuild, snapshot
from .evaluate import Evaluation, evaluate
from .replay import AnswerKey, Replay, answer_key, drill_catalogue, replay, simulate

#: Settings a facilitator may give a drill, with their defaults.
DEFAULT_SETTINGS = {
    # Hours a participant has for a decision the plan gives no time of its own (starting a
    # duty, dispatching a crew, ending the response) before it counts as late; an
    # exercise convention the facilitator sets, not a rule of the plan.
    "grace_h": 0.5,
}


#: The largest seed a drill keeps (the database stores it as a signed 64-bit integer).
MAX_SEED = 2**63 - 1


def _problem(path: str, message: str) -> InputError:
    return InputError([Problem("drill", 0, 0, path, message)])


def catalogue_of(record: db.DrillRecord) -> Catalogue:
    inputs = rebuild(record.inputs)
    sim, _ = simulate(inputs, record.seed, (), 0.0)
    return drill_catalogue(inputs, sim)


def create(engine: Engine, scenario_path: str | Path, *, name: str, roles: Mapping[str, str], seed: int = 1,
           settings: Mapping[str, Any] | None = None, by: str = "facilitator") -> int:
    """A new drill on a scenario file: inputs copied in, roles checked, scenario injects scheduled."""
    if not name.strip():
        raise _problem("name", "a drill needs a name")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise _problem("seed", f"a seed is an integer from 0 to {MAX_SEED}, not {seed!r}")
    texts = snapshot(scenario_path)
    inputs = rebuild(texts)
    sim, _ = simulate(inputs, seed, (), 0.0)
    cat = drill_catalogue(inputs, sim)
    for role, person in roles.items():
        if role not in cat.roles:
            raise _problem("role", f"{role!r} takes no decision under plan {inputs.plan.id!r} "
                                   f"(roles: {', '.join(cat.roles)})")
        if not person.strip():
            raise _problem("role", f"role {role!r} needs a person's name")
    merged = dict(DEFAULT_SETTINGS)
    for key, value in (settings or {}).items():
        if key not in DEFAULT_SETTINGS:
            raise _problem("settings", f"unknown setting {key!r} (settings: {', '.join(DEFAULT_SETTINGS)})")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
            raise _problem("settings", f"{key} must be a number of hours ≥ 0, not {value!r}")
        merged[key] = float(value)
    return db.create_drill(
        engine,
        name=name.strip(),
        scenario=inputs.scenario.id,
        inputs=texts,
        seed=seed,
        end_h=inputs.scenario.horizon_h,
        roles={role: person.strip() for role, person in roles.items()},
        scheduled=scheduled_injects(inputs),
        settings=merged,
        by=by,
    )


def scheduled_injects(inputs) -> list[dict[str, Any]]:
    """The scenario's injects as messages to the unit the plan makes the first to know.

    A forecast goes to the unit that proposes the warning (the first step of issuing
    it); everything that happens to the grid goes to the unit that sends the first
    report (4.3: the power company reports first). The facilitator can release any of
    them early or add messages of their own.
    """
    plan = inputs.plan
    metric_names = {m.id: m.name for m in plan.metrics}
    proposer = plan.warning.issue[0].unit
    reporter = plan.reporting.hops[0].from_
    items = []
    for inject in inputs.scenario.injects:
        zh, en = [inject.text.zh], [inject.text.en]
        if isinstance(inject, Forecast):
            for metric, value in inject.metrics.items():
                name = metric_names.get(metric)
                zh.append(f"{name.zh if name else metric}：{value}")
                en.append(f"{name.en if name else metric}: {value}")
        if isinstance(inject, Fault):
            elements = [*inject.substations, *inject.feeders]
            if elements:
                zh.append("停运设备：" + "、".join(elements))
                en.append("Out of service: " + ", ".join(elements))
        items.append({
            "key": inject.id,
            "at_h": inject.at_h,
            "roles": [proposer if isinstance(inject, Forecast) else reporter],
            "title": {"zh": inject.text.zh, "en": inject.text.en},
            "body": {"zh": "\n".join(zh), "en": "\n".join(en)},
        })
    return items


def act(engine: Engine, drill_id: int, *, role: str, kind: str, args: Mapping[str, str] | None = None,
        person: str | None = None) -> db.Action:
    """A participant's action, checked against the plan and the role's player, then logged."""
    record = db.load_drill(engine, drill_id)
    cat = catalogue_of(record)
    clean = cat.validate(role, kind, args or {})
    player = record.player(role)
    if player is None:
        raise _problem("role", f"nobody plays {role!r} in drill {drill_id}: the engine acts for it "
                               f"(players: {', '.join(f'{p.role}={p.person}' for p in record.participants) or 'none'})")
    if person is not None and person != player:
        raise _problem("role", f"{role!r} is played by {player!r}, not {person!r}")
    if record.clock.now() >= record.clock.end_h:
        raise _problem("clock", f"drill {drill_id} has ended (its clock is at the end, {record.clock.end_h:g} h)")
    return db.record_action(engine, drill_id, role=role, person=player, kind=kind, args=clean)


def assign(engine: Engine, drill_id: int, role: str, person: str | None, *, by: str = "facilitator") -> db.Action:
    """Give a role to a person, or (``person`` empty) back to the engine."""
    record = db.load_drill(engine, drill_id)
    cat = catalogue_of(record)
    if role not in cat.roles:
        raise _problem("role", f"{role!r} takes no decision under this drill's plan (roles: {', '.join(cat.roles)})")
    return db.assign_role(engine, drill_id, role, (person or "").strip() or None, by=by)


def advance(engine: Engine, drill_id: int, *, hours: float | None = None, to_end: bool = False,
            by: str = "facilitator") -> db.Action:
    """Move the clock forward by ``hours`` or to the end of the scenario."""
    if to_end:
        record = db.load_drill(engine, drill_id)
        return db.set_clock(engine, drill_id, person=by, to_h=record.clock.end_h)
    if hours is None or not 0 < hours < math.inf:
        raise _problem("hours", f"advance needs a positive number of hours, not {hours!r}")
    return db.set_clock(engine, drill_id, person=by, advance_h=float(hours))


def step(engine: Engine, drill_id: int, *, by: str = "facilitator") -> db.Action:
    """Move the clock to the engine's next event (one step of the incident)."""
    state = replay(db.load_drill(engine, drill_id))
    return db.set_clock(engine, drill_id, person=by, to_h=state.next_event_h())


def run_clock(engine: Engine, drill_id: int, *, rate: float, by: str = "facilitator") -> db.Action:
    """Let the clock run: ``rate`` scenario seconds per wall second (1 = real time)."""
    if not 0 < rate < math.inf:
        raise _problem("rate", f"the clock rate must be positive, not {rate!r}")
    return db.set_clock(engine, drill_id, person=by, running=True, rate=float(rate))


def pause(engine: Engine, drill_id: int, *, by: str = "facilitator") -> db.Action:
    return db.set_clock(engine, drill_id, person=by, running=False)


def assess(engine: Engine, drill_id: int) -> tuple[Replay, AnswerKey, Evaluation]:
    """The drill as it stands now, the plan's own run, and the evaluation of the one against the other."""
    record = db.load_drill(engine, drill_id)
    state = replay(record)
    key = answer_key(record)
    return state, key, evaluate(state, key)
