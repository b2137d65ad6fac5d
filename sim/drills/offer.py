"""What a role may do now: the decisions of its catalogue still open at the drill's clock.

The catalogue (:mod:`sim.drills.actions`) lists every decision the plan gives a unit, at
any time; this narrows it to the moment, read off the replay. A decision the plan asks
for once is taken once: a second one would be logged as a success, cited by no clause
and judged by nothing. So a decision is closed

* a report hop — before the incident has happened: there is nothing to report yet;
* asking the higher government at a level (or declining to) — while that level is not in
  force: the plan asks it of the response at that level;
* a step, a duty, a report hop, lifting the warning, starting a response below the
  lowest level, asking the higher government at a level — while one of the role's actions for
  it stands, logged and not yet taken up by the engine (acting before being asked is
  allowed, twice is not), and once it was answered (by a player or by the engine)
  with nobody asking for it again since (a duty whose trigger fires again is asked again) —
  in the incident under way: a later incident asks its report hops, duties and steps anew
  (``extra["incident"]``), so one answered in an earlier incident is open again, while one
  asked during the warning, before any incident (number 0), stays answered until the engine
  asks it again;
  a decision the plan leaves to the unit and its decline are one question, so taking it
  and declining it open and close together (the first answer is the unit's decision);
* a crew to an element — while a dispatch there stands, not yet taken up;
* declaring a level — once the role has declared in the incident under way, a level is in
  force or the response ended (a later incident is declared anew);
* adjusting — while no level is in force or after the end; to the level in force, ever;
  to the level of the role's adjustment still waiting to take effect (logged, with no
  change of level since), while it waits;
* ending — while no level is in force, once the role has ended the incident under way's
  response, or after the end (a later incident is ended anew).

A note is always open. Open is not right: a decision taken before it is due, or the
wrong level, is open and the evaluation judges it. The participant's form offers what is
open (:func:`open_specs`); :func:`sim.drills.control.act` refuses the rest
(:func:`refuse_closed`), for the page and the command line alike, and logs nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from ..clock import clock
from ..messages import LANGUAGES, Message
from ..report import level_name
from .actions import ActionSpec, decision_of, declines
from .policy import spent
from .refusals import refused
from .replay import Replay

#: The decisions the engine asks for by a key, once per asking: kind -> the argument naming the key.
ASKED = {"warning_step": "step", "lift_warning": None, "report": "hop", "duty": "duty", "step": "step",
         "discretion": None, "escalate": "level"}


def open_specs(state: Replay, role: str) -> list[ActionSpec]:
    """``role``'s actions open now: each kind with the choices still open, a kind with none left out."""
    specs = []
    for spec in state.catalogue.for_role(role):
        if spec.arg is None or not spec.choices:
            if _closed(state, role, spec.kind, {}) is None:
                specs.append(spec)
            continue
        choices = tuple(c for c in spec.choices if _closed(state, role, spec.kind, {spec.arg: c.value}) is None)
        if choices:
            specs.append(replace(spec, choices=choices))
    return specs


def is_open(state: Replay, role: str, kind: str, args: Mapping[str, str]) -> bool:
    """Whether ``role`` may take this action now (its arguments checked already)."""
    return _closed(state, role, kind, args) is None


def refuse_closed(state: Replay, role: str, kind: str, args: Mapping[str, str]) -> None:
    """Refuse an action of ``role`` that is no longer open (its arguments checked already),
    saying why; about the action's argument when it has one, else the action."""
    why = _closed(state, role, kind, args)
    if why is not None:
        spec = next(s for s in state.catalogue.for_role(role) if s.kind == kind)
        raise refused(f"args.{spec.arg}" if spec.arg else "action", why)


def _closed(state: Replay, role: str, kind: str, args: Mapping[str, str]) -> Message | None:
    """Why the action is closed now, or None when it is open."""
    if kind == "note":
        return None
    what = state.catalogue.action_label(role, kind, args)
    at = lambda t_h: clock(state.inputs.scenario.start, t_h)  # noqa: E731
    standing = _standing(state, role, kind, args)
    if standing is not None:  # said by the answer that stands: the same action, or the other answer
        return Message("drill_refusal.standing", what=state.catalogue.action_label(role, standing.kind, standing.args),
                       clock=at(standing.at_h))
    runner = state.policy.runner
    decision = decision_of(kind)
    if decision in ASKED:
        if decision == "report" and runner.incident_at is None:
            # a report hop passes on the incident: before it there is nothing to pass on, and a
            # report sent then would answer the chain's question when it came, as if on time
            return Message("drill_refusal.nothing_to_report", what=what)
        key = args.get(ASKED[decision]) if ASKED[decision] else _unkeyed(state, decision)
        if decision == "escalate" and key != runner.level:
            # the plan asks the higher government at a level in force (必要时): before it, or once
            # the response left it, there is no such request to make
            return Message("drill_refusal.level_not_in_force", what=what, level=_named(state, key))
        incident = runner.incidents
        asks = [a for a in state.policy.asks if a.kind == decision and a.key == key and _asked_now(a, incident)]
        if asks and all(a.answered for a in asks):
            answer = next((a for a in state.record.actions if a.seq == asks[-1].seq), None)
            # said at the time the player took it — an action taken before it was asked answers
            # the question when it comes, later — or, answered by the engine, when it did
            taken = at(answer.at_h if answer is not None else asks[-1].answered_h)
            if answer is not None and declines(answer.kind):  # the unit's call: declined, not done
                return Message("drill_refusal.decided_already", clock=taken,
                               what=state.catalogue.action_label(role, answer.kind, answer.args))
            return Message("drill_refusal.done_already", what=what, clock=taken)
        return None
    if kind == "dispatch":
        return None
    if runner.terminated_at is not None:
        return Message("drill_refusal.response_ended", what=what, clock=at(runner.terminated_at))
    level = _named(state, runner.level)
    # declaring and ending are once per incident: a run may hold several, each declared and ended anew
    since = runner.incident_at if runner.incident_at is not None else -math.inf
    if kind == "declare":
        declared = next((a for a in state.record.actions if a.role == role and a.kind == "declare"
                         and a.at_h >= since), None)
        if declared is not None:
            return Message("drill_refusal.done_already", what=state.catalogue.action_label(role, kind, declared.args),
                           clock=at(declared.at_h))
        if runner.level is not None:
            return Message("drill_refusal.level_in_force", level=level)
        return None
    if runner.level is None:
        return Message("drill_refusal.no_level", what=what)
    if kind == "adjust" and args.get("level") == runner.level:
        return Message("drill_refusal.same_level", level=level)
    waiting = _waiting_adjustment(state, role) if kind == "adjust" else None
    if waiting is not None and waiting.args.get("level") == args.get("level"):
        return Message("drill_refusal.standing", what=what, clock=at(waiting.at_h))
    if kind == "end":
        ended = next((a for a in state.record.actions if a.role == role and a.kind == "end" and a.at_h >= since), None)
        if ended is not None:
            return Message("drill_refusal.done_already", what=what, clock=at(ended.at_h))
    return None


def _asked_now(ask, incident: int) -> bool:
    """Whether ``ask`` is a question of the incident under way (number ``incident``): one put
    anew in each incident (:class:`~sim.drills.policy.Ask`) is of the incident it was put in,
    and one put during the warning, before any incident (number 0), stays the warning's,
    which a new incident does not ask again; a question put once in the run is always of it."""
    number = ask.extra.get("incident")
    return number is None or number in (0, incident)


def _unkeyed(state: Replay, kind: str) -> str | None:
    """The key the engine asks a decision with no argument by: the warning's lift step; a
    plan has one discretion, asked with none."""
    return state.inputs.plan.warning.lift.id if kind == "lift_warning" else None


def _standing(state: Replay, role: str, kind: str, args: Mapping[str, str]):
    """The role's logged answer to the same question as this action that the engine has not
    taken up yet, if any: the same action, or (a decision the plan leaves to the unit) the other answer."""
    decision = decision_of(kind)
    if decision not in (*ASKED, "dispatch"):
        return None
    consumed = state.policy.consumed
    return next((a for a in state.record.actions if a.role == role and decision_of(a.kind) == decision
                 and a.seq not in consumed and all(a.args.get(name) == value for name, value in args.items())), None)


def _waiting_adjustment(state: Replay, role: str):
    """The role's last adjustment when it has not taken effect: its level is not the one in
    force and it is not spent (:func:`~sim.drills.policy.spent`: the level has not changed
    since it was logged — a decider at another level, or a delay of the engine, holds it);
    None otherwise."""
    last = next((a for a in reversed(state.record.actions) if a.role == role and a.kind == "adjust"), None)
    runner = state.policy.runner
    if last is None or last.args.get("level") == runner.level or spent(last, runner.level_changes):
        return None
    return last


def _named(state: Replay, level: str | None) -> dict[str, str]:
    """A response level by the plan's name for it (:func:`sim.report.level_name`), in both languages."""
    return {language: level_name(state.inputs.plan, level, language, "") for language in LANGUAGES}
