"""What the facilitator and the participants do to a drill, checked before it is logged.

These functions are the one way in for the command line and the app alike: each checks
its text at the door (:mod:`sim.drills.text`) and its input against the plan (a role is
a unit of the plan, an action is one the plan gives that unit, its argument one of the
unit's choices), then makes exactly one write (:mod:`sim.drills.db`), so a participant's
click is committed the moment it is made. Every write carries a key
(:mod:`sim.drills.keys`): the facilitator's to run the drill, a role's to act for it;
the write checks it in its own transaction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from ..bounds import MAX_HOURS, MAX_REPLICATION, MAX_SEED  # a drill keeps the seeds and replications every face takes
from ..clock import clock
from ..engine.rules import clause
from ..errors import InputError, Problem, echoed
from ..messages import LANGUAGES, Message, bilingual, listed, pick, said, typed
from ..report import figure_value
from ..inputs.scenario import Fault, Forecast, Notice
from . import db, keys, pace
from .actions import Catalogue
from .inputs import drawn, of_drill, snapshot
from .evaluate import Evaluation, evaluate
from .replay import AnswerKey, LiveReplay, Replay, answer_key, drill_catalogue, replay, simulate
from .keys import NewDrill
from .offer import refuse_closed
from .text import TEXT_LIMIT, checked, fault, limit_of
from .refusals import refusal, refused

#: Settings a facilitator may give a drill, with their defaults.
DEFAULT_SETTINGS = {
    # Hours a participant has for a decision the plan gives no time of its own (starting a
    # duty, dispatching a crew, ending the response) before it counts as late; an
    # exercise convention the facilitator sets, not a rule of the plan.
    "grace_h": 0.5,
}




def _setting(key: str) -> Message:
    """A setting of :data:`DEFAULT_SETTINGS` in words (``drill_setting.<key>``)."""
    return Message(f"drill_setting.{key}")


def draw_refusals(seed: object, replication: object) -> list[Problem]:
    """The refusals of a seed and a replication a drill cannot keep (:data:`MAX_SEED`,
    :data:`MAX_REPLICATION`): a drill is made on them, and its papers
    (:func:`sim.drills.script.build`) are written on them, so both refuse the same ones in
    the same words before any incident is drawn."""
    problems = []
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        problems.append(refusal("seed", Message("drill_refusal.seed", max=MAX_SEED, seed=repr(seed))))
    if isinstance(replication, bool) or not isinstance(replication, int) or not 0 <= replication <= MAX_REPLICATION:
        problems.append(refusal("replication", Message(
            "drill_refusal.replication", max=MAX_REPLICATION, replication=repr(replication))))
    return problems


def catalogue_of(record: db.DrillRecord) -> Catalogue:
    inputs = of_drill(record)
    sim, _ = simulate(inputs, (), 0.0)
    return drill_catalogue(inputs, sim)


def create(engine: Engine, scenario_path: str | Path, *, name: str, roles: Mapping[str, str], seed: int = 1,
           replication: int = 0, settings: Mapping[str, Any] | None = None,
           facilitator: str = "facilitator") -> NewDrill:
    """A new drill on a scenario file: inputs copied in, roles checked, the incident of
    ``seed`` and ``replication`` drawn (a template's, as ``run --replication`` draws it),
    its injects scheduled, a key made for the facilitator and for each role's player."""
    # Every field a person typed is looked at before any is refused, so that one answer
    # names every field to mend (an empty name and an empty facilitator together).
    problems = []

    def look(value: object, path: str, limit: int, blank: Message | None = None) -> None:
        found = fault(value, limit=limit)
        if found is None and blank is not None and not value.strip():
            found = blank
        if found is not None:
            problems.append(refusal(path, found))

    look(name, "name", limit_of(db.drills.c.name), Message("drill_refusal.name"))
    look(facilitator, "facilitator", limit_of(db.drills.c.facilitator), Message("drill_refusal.facilitator_name"))
    for role, person in roles.items():
        look(role, "role", limit_of(db.participants.c.role))
        look(person, f"role.{role}", limit_of(db.participants.c.person))
    problems += draw_refusals(seed, replication)
    if any(problem.path in ("seed", "replication") for problem in problems):
        raise InputError(problems)  # no incident to draw: the roles cannot be looked at
    texts = snapshot(scenario_path)
    inputs = drawn(texts, seed, replication)
    _refuse_unkept_injects(inputs, scenario_path)
    sim, _ = simulate(inputs, (), 0.0)
    cat = drill_catalogue(inputs, sim)
    by_id: dict[str, str] = {}  # each role by its id, however it was typed (its id or its unit's name)
    for typed_role, person in roles.items():
        role, several = cat.role_named(typed_role)
        if several:
            problems.append(refusal("role", Message("common.several", value=echoed(typed_role),
                                                    ids=cat.typed_units(several))))
        elif role is None:
            problems.append(refusal("role", cat.not_a_role(typed_role)))
        elif isinstance(person, str) and not person.strip():
            problems.append(refusal(f"role.{role}", Message("drill_refusal.person", role=cat.unit_name(role))))
        else:
            by_id[role] = person
    if problems:
        raise InputError(problems)
    roles = by_id
    facilitator = facilitator.strip()
    merged = dict(DEFAULT_SETTINGS)
    for key, value in (settings or {}).items():
        if key not in DEFAULT_SETTINGS:
            raise refused("settings", Message("drill_refusal.unknown_setting", key=repr(key),
                                              settings=typed((k, _setting(k)) for k in DEFAULT_SETTINGS)))
        # bounded as every duration of the inputs is (sim.bounds): a grace past the calendar
        # would put a deadline at a moment no clock can show
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_HOURS:
            raise refused(f"settings.{key}", Message("drill_refusal.setting_hours", setting=_setting(key),
                                                     value=repr(value), max=f"{MAX_HOURS:g}"))
        merged[key] = float(value)
    facilitator_key = keys.new_key()
    role_keys = {role: keys.new_key() for role in roles}
    drill_id = db.create_drill(
        engine,
        name=name.strip(),
        scenario=inputs.case.scenario.id,
        inputs=texts,
        seed=seed,
        replication=replication,
        end_h=inputs.scenario.horizon_h,
        roles={role: person.strip() for role, person in roles.items()},
        scheduled=scheduled_injects(inputs),
        settings=merged,
        facilitator=facilitator,
        facilitator_key=facilitator_key,
        role_keys=role_keys,
    )
    return NewDrill(drill_id, facilitator_key, role_keys)


def _refuse_unkept_injects(inputs, scenario_path: str | Path) -> None:
    """A story's injects become the drill's messages, read on every page and report: a text
    of one that a drill cannot keep (:func:`sim.drills.text.fault`) is refused at its line
    of the scenario file, where it is to be put right, before anything is stored. A
    template's injects are drawn from its words, not written out; the tables check those."""
    if inputs.case.is_template:
        return
    from ..inputs import locate

    findings = [(("injects", n, "text", language), found) for n, inject in enumerate(inputs.scenario.injects)
                for language in LANGUAGES
                if (found := fault(pick(inject.text, language), limit=TEXT_LIMIT, multiline=True)) is not None]
    if findings:
        raise locate(findings, scenario_path)


def scheduled_injects(inputs) -> list[dict[str, Any]]:
    """The scenario's injects as messages to the unit the plan makes the first to know.

    A forecast goes to the unit that proposes the warning (the first step of issuing
    it); everything that happens to the grid goes to the unit that sends the first
    report (4.3: the power company reports first); a message goes to the units it names
    (to the first reporter when it names none). The facilitator can release any of
    them early or add messages of their own.
    """
    plan = inputs.plan
    metrics = {m.id: m for m in plan.metrics}
    element_names = {e.id: e.name for e in [*inputs.area.substations, *inputs.area.feeders]}
    proposer = plan.warning.issue[0].unit
    reporter = plan.reporting.hops[0].from_
    items = []
    for inject in inputs.scenario.injects:
        lines = [inject.text]  # bilingual texts, one line of the body each
        if isinstance(inject, Forecast):
            for key, value in inject.metrics.items():
                metric = metrics.get(key)
                figure = ({language: figure_value(metric, value, language) for language in LANGUAGES} if metric
                          else str(value))
                lines.append(said("common.labelled", label=bilingual(metric.name) if metric else key, text=figure))
        if isinstance(inject, Fault):
            names = [element_names[e] for e in [*inject.substations, *inject.feeders] if e in element_names]
            if names:
                lines.append(said("drill_inject.out_of_service", elements=listed(names)))
        items.append({
            "key": inject.id,
            "at_h": inject.at_h,
            "roles": (list(inject.to) or [reporter]) if isinstance(inject, Notice)
                     else [proposer if isinstance(inject, Forecast) else reporter],
            "title": bilingual(inject.text),
            "body": {language: "\n".join(pick(line, language) for line in lines) for language in LANGUAGES},
        })
    return items


def act(engine: Engine, drill_id: int, *, role: str, key: str | None, kind: str,
        args: Mapping[str, str] | None = None, live: LiveReplay | None = None) -> db.Action:
    """A participant's action, checked against the plan and against the moment (a decision
    already taken, or waiting to take effect, is not taken again: :mod:`sim.drills.offer`),
    then logged under the person who holds ``role`` with ``key`` (refused without it, or
    after the end). A page passes its :class:`LiveReplay` to read the moment off."""
    clean_args = {}
    for name, value in (args or {}).items():
        checked(name, "args", limit=limit_of(db.actions.c.kind))
        clean_args[name] = checked(value, f"args.{name}", limit=TEXT_LIMIT, multiline=True)
    checked(role, "role", limit=limit_of(db.participants.c.role))
    checked(kind, "action", limit=limit_of(db.actions.c.kind))
    record = db.load_drill(engine, drill_id)
    cat = catalogue_of(record)
    # who acts comes before what they do: a role nobody plays is said so, whatever its action
    # (the log checks it again, in the transaction that writes the action)
    role = cat.unit_of(role)
    if record.player(role) is None:
        raise refused("role", Message("drill_refusal.nobody_plays", role=cat.unit_name(role), drill=drill_id))
    clean = cat.validate(role, kind, clean_args)

    def still_open(now: db.DrillRecord) -> None:
        state = live.replay(now) if live is not None else replay(now)
        if kind == "declare":
            told(state, role, cat)
        refuse_closed(state, role, kind, clean)

    holder = db.key_holder(engine, drill_id, key)
    if holder is not None and holder[0] == role and record.clock.now() < record.clock.end_h:
        # the key and the clock are the log's to refuse, in its own words
        still_open(record)
    # looked at again in the write's transaction when anything was logged since (a second tab's same click)
    return db.record_action(engine, drill_id, role=role, key=key, kind=kind, args=clean, name=cat.unit_name(role),
                            checked=(record.last_seq, still_open))


def told(state: Replay, role: str, cat: Catalogue) -> None:
    """Refuse a declaration by a unit that has not been told of the event yet.

    A level is started on the first assessment of the event (初判) by a unit that has the
    report: the engine's decider waits for the report to reach it, and a declaration
    made before that would be held, unseen, until the report arrives. So it is refused,
    saying what the unit is waiting for, and nothing is logged."""
    if role in state.policy.runner.received:
        return
    plan = state.inputs.plan
    senders = [cat.unit_name(hop.from_) for hop in plan.reporting.hops if role in hop.to]
    raise refused("action", Message(
        "drill_refusal.not_told", unit=cat.unit_name(role), clock=clock(state.inputs.scenario.start, state.now_h),
        senders=listed(senders),
        clause=clause(plan.reporting.decision)))


@dataclass(frozen=True)
class Handed:
    """A role given to someone: the logged ``assign`` and the new holder's key (None: the engine)."""

    action: db.Action
    key: str | None


def assign(engine: Engine, drill_id: int, role: str, person: str | None, *, key: str | None) -> Handed:
    """Give a role to a person with a new key (the previous holder's lapses), or (``person``
    empty) back to the engine; the facilitator's."""
    checked(role, "role", limit=limit_of(db.participants.c.role))
    person = checked(person or "", "person", limit=limit_of(db.participants.c.person)).strip() or None
    cat = catalogue_of(db.load_drill(engine, drill_id))
    role = cat.role_of(role)
    new_key = keys.new_key() if person else None
    return Handed(db.assign_role(engine, drill_id, role, person, key=key, new_key=new_key, name=cat.unit_name(role)),
                  new_key)


def new_link(engine: Engine, drill_id: int, role: str, *, key: str | None) -> Handed:
    """A new key for the present player of ``role`` (their link was lost or leaked); the
    old key stops working. The facilitator's; the logged ``rekey`` and the new key."""
    checked(role, "role", limit=limit_of(db.participants.c.role))
    cat = catalogue_of(db.load_drill(engine, drill_id))
    role = cat.role_of(role)
    fresh = keys.new_key()
    return Handed(db.replace_key(engine, drill_id, role, key=key, new_key=fresh, name=cat.unit_name(role)), fresh)


def archive(engine: Engine, drill_id: int, *, key: str | None, restore: bool = False) -> db.Action:
    """Tidy the drill away (out of the lists unless asked for, closed to changes, readable and
    reported as before), or with ``restore`` bring it back; the facilitator's, logged."""
    return db.set_archived(engine, drill_id, not restore, key=key)


def release(engine: Engine, drill_id: int, inject: str, *, key: str | None) -> db.Action:
    """Release a scheduled inject to its roles now; the facilitator's."""
    checked(inject, "inject", limit=limit_of(db.injects.c.key))
    return db.release_inject(engine, drill_id, inject, key=key)


def send_inject(engine: Engine, drill_id: int, *, key: str | None, roles: list[str], title: Mapping[str, str],
                body: Mapping[str, str]) -> db.Action:
    """The facilitator's own message to some roles, released at once."""
    cat = catalogue_of(db.load_drill(engine, drill_id))
    for role in roles:
        checked(role, "roles", limit=limit_of(db.participants.c.role))
    roles = [cat.role_of(role, "roles") for role in roles]
    if not roles:
        raise refused("roles", Message("drill_refusal.inject_roles"))
    title = {lang: checked(text, f"title.{lang}", limit=TEXT_LIMIT) for lang, text in title.items()}
    body = {lang: checked(text, f"body.{lang}", limit=TEXT_LIMIT, multiline=True) for lang, text in body.items()}
    if not any(t.strip() for t in title.values()):
        raise refused("title", Message("drill_refusal.inject_title"))
    return db.add_inject(engine, drill_id, key=key, roles=list(roles), title=title, body=body)


def advance(engine: Engine, drill_id: int, *, key: str | None, hours: float | None = None,
            to_end: bool = False) -> db.Action:
    """Move the clock forward by ``hours`` or to the end of the scenario; the facilitator's.

    The hours are bounded as every duration of the inputs is (:data:`~sim.bounds.MAX_HOURS`,
    far past any scenario's end, where every move stops): more is a typing slip, refused."""
    if to_end:
        record = db.load_drill(engine, drill_id)
        return db.set_clock(engine, drill_id, key=key, to_h=record.clock.end_h)
    _refuse_hours(hours)
    return db.set_clock(engine, drill_id, key=key, advance_h=float(hours))


def _refuse_hours(hours: object) -> None:
    """Refuse hours an advance cannot move: none, not a number, or past :data:`~sim.bounds.MAX_HOURS`."""
    if hours is None or isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 < hours <= MAX_HOURS:
        raise refused("hours", Message("drill_refusal.advance_hours", hours=repr(hours), max=f"{MAX_HOURS:g}"))


def advance_paced(engine: Engine, drill_id: int, *, key: str | None, hours: float,
                  live: LiveReplay | None = None) -> tuple[db.Action, pace.Stop]:
    """The console's Advance: at most ``hours``, stopping first at an open task's deadline, a
    task falling due or an inject's delivery (:func:`sim.drills.pace.next_stop`); the
    facilitator's. The move, and where and why it stopped.

    Where it stops is worked out again in the move's transaction when the log moved since
    the look, so two consoles advancing at once stop where two clicks one after the other
    would, never the second past a deadline by the hours the first look left it."""
    _refuse_hours(hours)
    stops = []

    def stop(now: db.DrillRecord) -> float:
        state, _, evaluation = _assessed(now, live)
        stops.append(pace.next_stop(state, evaluation, float(hours)))
        return stops[-1].to_h

    record = db.load_drill(engine, drill_id)
    action = db.set_clock(engine, drill_id, key=key, to_h=stop(record), checked=(record.last_seq, stop))
    return action, stops[-1]


def step(engine: Engine, drill_id: int, *, key: str | None) -> db.Action:
    """Move the clock to the engine's next event (one step of the incident), or to an open
    task's deadline when that comes first (:func:`sim.drills.pace.step_stop`); the facilitator's."""
    holder = db.key_holder(engine, drill_id, key)
    if holder is None or holder[0] is not None:  # not the facilitator's key: refused before a replay is spent
        return db.set_clock(engine, drill_id, key=key)

    def stop(now: db.DrillRecord) -> float:
        state, _, evaluation = _assessed(now)
        return pace.step_stop(state, evaluation).to_h

    record = db.load_drill(engine, drill_id)
    # worked out again in the move's transaction when the log moved since (a second console's same click)
    return db.set_clock(engine, drill_id, key=key, to_h=stop(record), checked=(record.last_seq, stop))


def run_clock(engine: Engine, drill_id: int, *, key: str | None, rate: float) -> db.Action:
    """Let the clock run: ``rate`` scenario seconds per wall second (1 = real time); the facilitator's."""
    if not 0 < rate < math.inf:
        raise refused("rate", Message("drill_refusal.rate", rate=repr(rate)))
    return db.set_clock(engine, drill_id, key=key, running=True, rate=float(rate))


def pause(engine: Engine, drill_id: int, *, key: str | None) -> db.Action:
    return db.set_clock(engine, drill_id, key=key, running=False)


def assess(engine: Engine, drill_id: int, live: LiveReplay | None = None) -> tuple[Replay, AnswerKey, Evaluation]:
    """The drill as it stands now, the plan's own run, and the evaluation of the one against the other.

    A page that assesses the same drill again and again passes its :class:`LiveReplay`,
    which runs on from the last assessment instead of from hour 0, and keeps the
    evaluation with it so that only what changed since is judged again."""
    return _assessed(db.load_drill(engine, drill_id), live)


def _assessed(record: db.DrillRecord, live: LiveReplay | None = None) -> tuple[Replay, AnswerKey, Evaluation]:
    """:func:`assess` of a drill as read (by a page, or by a write's own transaction)."""
    state = live.replay(record) if live is not None else replay(record)
    key = answer_key(record)
    return state, key, evaluate(state, key, live)
