"""What each role of a drill can do, read off the plan: the action catalogue.

A role is a unit of the plan. The plan gives every decision to one unit — who proposes
and publishes a warning (4.2.1), who passes the report on at each hop (4.3), who
declares (5.1), adjusts (5.1 ¶3) and ends (5.4) the response, who may start one below
the lowest level (the plan's ``discretion``), who asks the higher government to take
over (a level's ``escalation``), who dispatches the repair
crews (5.2.1), who carries out each duty (附件2) and each of the plan's other steps (in
any list :meth:`~sim.plan.response_plan.ResponsePlan.step_lists` walks). The catalogue
lists exactly those, so a participant is offered their own unit's decisions and nothing
else, and a command-line action that names another unit's decision is refused with the
list of what the role may do.

Action kinds (the ``ACTION`` of ``python -m sim drill act``) and their argument:

=======================  ============  ==========================================================
``warning_step``         ``step``      a step of issuing the warning (propose, assess, approve, publish)
``lift_warning``         —             lift the warning (谁发布、谁解除)
``report``               ``hop``       pass the report along a hop of the reporting chain
``declare``              ``level``     declare the response level
``adjust``               ``level``     adjust the response level
``end``                  —             end the response
``discretion``           —             start a response below the lowest level (a plan's 可…启动)
``escalate``             ``level``     ask the higher government to take over at a level (必要时…报请)
``decline_discretion``   —             decide not to start a response below the lowest level
``decline_escalate``     ``level``     decide not to ask the higher government to take over at a level
``decline_duty``         ``duty``      decide not to do a duty the plan leaves to the unit (视情况, 必要时)
``decline_step``         ``step``      decide not to carry out a step the plan leaves to the unit
``decline_warning_step`` ``step``      decide not to take a warning step the plan leaves to the unit (an approval)
``decline_lift_warning`` —             decide not to lift the warning, when the plan leaves lifting it to the unit
``dispatch``             ``element``   send a repair crew to a damaged substation or feeder
``duty``                 ``duty``      start a duty of the unit (附件2)
``step``                 ``step``      carry out a step of any list but the warning's chain and its lift: one taken
                                       beside the proposal, the forecaster's escalation, an action once the warning
                                       is published, an action once the response starts, a confirmation before the
                                       response ends, an after-action step
``note``                 ``text``      a note in the log (a situation report); not scored
=======================  ============  ==========================================================

Some of these the plan leaves to the unit. Two always are (:data:`CALLS`): it *may* start
a response below the lowest level (可…启动) and asks the higher government *when
necessary* (必要时…报请). A duty or a step is when the plan marks it ``left_to_unit``
(视情况派出工作组, 必要时召开新闻发布会, an approval by a named decision-maker). Not doing
such a thing is then a decision of its own, not a lapse, so each has an answer that
declines it (:data:`DECLINES`), offered beside it to the same unit with the same argument
and clause — for exactly the choices the plan leaves to the unit
(:meth:`Catalogue.answers`): the engine is answered no, and the evaluation judges the
decline as the unit's call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, get_args

from ..engine.rules import clause as _clause
from ..errors import echoed
from ..plan.response_plan import ResponsePlan, Step
from ..messages import LANGUAGES, Message, bilingual, listed, said, section, typed
from ..names import ids_by_name, named_id
from ..inputs.scenario import DecisionKind
from .refusals import refused

#: The decisions that are the unit's call whenever they come up: a response below the
#: lowest level (可…启动) and the request to the higher government (必要时…报请).
CALLS = ("discretion", "escalate")

#: Each kind of decision that can be left to the unit -> the kind of action that declines
#: it: an answer to the same question, saying no. Besides :data:`CALLS`, a duty or step
#: is left to the unit where the plan marks it ``left_to_unit``.
DECLINES = {kind: f"decline_{kind}" for kind in (*CALLS, "duty", "step", "warning_step", "lift_warning")}

#: The questions a drill asks of a step by a kind of their own, by the order its list
#: follows (:data:`~sim.plan.response_plan.StepOrder`): a link of the warning's chain
#: (``warning_step``: declining one stops the warning) and the warning's lift
#: (``lift_warning``), as the engine asks its policy of them. Every other step is a
#: ``step``, carried out or declined on its own.
OWN_QUESTIONS = {"chain": "warning_step", "single": "lift_warning"}

#: a decline -> the decision it answers
_DECLINED = {decline: decision for decision, decline in DECLINES.items()}

#: the plan's decisions (the scenario's objectives are judged on these), the answers that
#: decline those the plan leaves to the unit, and a free note
KINDS = (*get_args(DecisionKind), *DECLINES.values(), "note")


def decision_of(kind: str) -> str:
    """The decision an action of ``kind`` answers: a decline's, else its own."""
    return _DECLINED.get(kind, kind)


def declines(kind: str) -> bool:
    """Whether an action of ``kind`` answers its decision no (a decline)."""
    return kind in _DECLINED

#: kind -> (Chinese, English) label
KIND_LABELS: dict[str, tuple[str, str]] = section("drill_action.")  # in the one catalogue, sim.messages


@dataclass(frozen=True)
class Choice:
    value: str
    label: Mapping[str, str]
    clause: str
    #: the name a person may type for it besides its value, where that is not its label
    #: (an escalation's level, whose label says whom it asks)
    name: Mapping[str, str] | None = None


@dataclass(frozen=True)
class ActionSpec:
    """One kind of action a role may take; ``arg`` names its argument, ``choices`` its values."""

    kind: str
    role: str
    arg: str | None
    choices: tuple[Choice, ...] = ()
    clause: str = ""

    @property
    def label(self) -> Mapping[str, str]:
        zh, en = KIND_LABELS[self.kind]
        return {"zh": zh, "en": en}


@dataclass(frozen=True)
class Catalogue:
    plan: ResponsePlan
    crews_unit: str | None
    specs: dict[str, list[ActionSpec]] = field(default_factory=dict)
    #: the decisions the plan leaves to the unit, as (kind, key): the key the engine asks
    #: it by (:class:`~sim.drills.policy.Ask`): its choice, the lift step's id for lifting
    #: the warning, None for the discretion
    left: frozenset[tuple[str, str | None]] = frozenset()

    def left_to_unit(self, kind: str, key: str | None) -> bool:
        """Whether the plan leaves the decision (``kind``, its choice ``key``) to the unit."""
        return (kind, key) in self.left

    def answers(self, kind: str, key: str | None) -> tuple[str, ...]:
        """The kinds of action that answer a task (``kind``, its choice ``key``): its
        own, and after it the decline where the plan leaves the decision to the unit."""
        return (kind, DECLINES[kind]) if (kind, key) in self.left else (kind,)

    @property
    def roles(self) -> list[str]:
        """Roles that take at least one scored decision, in the plan's unit order."""
        return [u.id for u in self.plan.units if any(s.kind != "note" for s in self.specs.get(u.id, []))]

    def unit_named(self, typed: str, among: Iterable[str]) -> tuple[str | None, list[str]]:
        """The unit of ``among`` that ``typed`` names — its id, or its name in either language,
        as ``check`` and ``classify`` read names (:func:`sim.names.named_id`) — and, when it
        names several, their ids. An id typed as it is written is that unit, whatever another's name."""
        among = set(among)
        if typed in among:
            return typed, []
        return named_id(ids_by_name({u.id: [u.name] for u in self.plan.units if u.id in among}), typed)

    def role_named(self, typed: str) -> tuple[str | None, list[str]]:
        """The role ``typed`` names (:meth:`unit_named` among :attr:`roles`)."""
        return self.unit_named(typed, self.roles)

    def unit_of(self, typed: str, path: str = "role") -> str:
        """The plan's unit ``typed`` names, as every command's ``--role`` takes it (and an
        improvement item's unit, refused at ``path``): refused when it names several (listing
        them) or none (listing the plan's units)."""
        units = [u.id for u in self.plan.units]
        return self._one_named(typed, units, path, lambda: Message(
            "drill_refusal.not_a_unit", role=repr(typed), plan=self.plan_title, units=self.typed_units(units)))

    def role_of(self, typed: str, path: str = "role", drill: int | None = None) -> str:
        """The role ``typed`` names, as :meth:`unit_of` but among the roles: refused at ``path``
        listing the roles (of the drill numbered ``drill``, when given)."""
        return self._one_named(typed, self.roles, path, lambda: self.not_a_role(typed, drill))

    def not_a_role(self, typed: str, drill: int | None = None) -> Message:
        """Why ``typed`` names no role: it names a unit of the plan that takes no decision
        (in the drill numbered ``drill``, when given), or it names no unit of the plan at
        all; either way the roles there are to play are listed."""
        roles = self.typed_units(self.roles)
        if self.unit_named(typed, (u.id for u in self.plan.units))[0] is None:
            return Message("drill_refusal.unknown_role", role=self.as_typed(typed), plan=self.plan_title, roles=roles)
        if drill is None:
            return Message("drill_refusal.no_decision", role=self.as_typed(typed), plan=self.plan_title, roles=roles)
        return Message("drill_refusal.no_decision_in", role=self.as_typed(typed), drill=drill, roles=roles)

    def _one_named(self, typed: str, among: list[str], path: str, missing) -> str:
        found, several = self.unit_named(typed, among)
        if several:
            raise refused(path, Message("common.several", value=echoed(typed), ids=self.typed_units(several)))
        if found is None:
            raise refused(path, missing())
        return found

    def unit_name(self, unit: str) -> Mapping[str, str]:
        found = next((u for u in self.plan.units if u.id == unit), None)
        return bilingual(found.name) if found else {"zh": unit, "en": unit}

    def typed_units(self, units: list[str]) -> dict[str, str]:
        """Units as people read them, each beside the id it is typed as (``县人民政府（键入 county_government）``):
        for the lists of valid roles a refusal gives."""
        return typed((unit, self.unit_name(unit)) for unit in units)

    @property
    def plan_title(self) -> Mapping[str, str]:
        return bilingual(self.plan.title)

    def action_label(self, role: str, kind: str, args: Mapping[str, str]) -> Mapping[str, str]:
        """What a logged action did, in words: the kind, and the plan's text for its argument."""
        zh, en = KIND_LABELS.get(kind, (kind, kind))
        spec = next((s for s in self.for_role(role) if s.kind == kind), None)
        value = args.get(spec.arg) if spec is not None and spec.arg else None
        if value is None:
            return {"zh": zh, "en": en}
        choice = next((c for c in spec.choices if c.value == value), None)
        text = choice.label if choice is not None else {"zh": str(value), "en": str(value)}
        return said("common.labelled", label={"zh": zh, "en": en}, text=text)

    def for_role(self, role: str) -> list[ActionSpec]:
        return self.specs.get(role, [])

    def clause_of(self, role: str, kind: str, key: str | None) -> str:
        """The clause of an action: its choice's (a hop, a duty, a step, an escalation) or its kind's."""
        spec, choice = self._choice(role, kind, key)
        if spec is None:
            return ""
        return choice.clause if choice is not None else spec.clause

    def words_of(self, role: str, kind: str, key: str | None) -> Mapping[str, str]:
        """What a decision (``kind``, its choice ``key``) is about, in words: the plan's text
        of the choice (the duty, the step), or the kind's label when it has no choice."""
        _, choice = self._choice(role, kind, key)
        if choice is not None:
            return choice.label
        zh, en = KIND_LABELS.get(kind, (kind, kind))
        return {"zh": zh, "en": en}

    def _choice(self, role: str, kind: str, key: str | None) -> tuple[ActionSpec | None, Choice | None]:
        spec = next((s for s in self.for_role(role) if s.kind == kind), None)
        if spec is None:
            return None, None
        return spec, next((c for c in spec.choices if c.value == key), None)

    def refuse_unless_unit(self, role: str) -> None:
        """Refuse a role that is no unit of the plan, naming the units there are."""
        units = [u.id for u in self.plan.units]
        if role not in units:
            raise refused("role", Message("drill_refusal.not_a_unit", role=repr(role), plan=self.plan_title,
                                          units=self.typed_units(units)))

    def validate(self, role: str, kind: str, args: Mapping[str, str]) -> dict[str, str]:
        """The action's arguments, checked against what the plan lets ``role`` do; a refusal
        names the action by its words beside the value typed after ``--action``, and is about
        ``args`` (an argument the action does not take) or ``args.<its argument>``."""
        self.refuse_unless_unit(role)
        if kind not in KINDS:
            raise refused("action", Message("drill_refusal.unknown_action", kind=repr(kind),
                                            kinds=typed_kinds(KINDS)))
        named = typed_kinds([kind])
        spec = next((s for s in self.for_role(role) if s.kind == kind), None)
        if spec is None:
            allowed = typed_kinds(s.kind for s in self.for_role(role))
            raise refused("action", Message("drill_refusal.not_given", kind=named, role=self.unit_name(role),
                                            allowed=allowed))
        extra = sorted(set(args) - ({spec.arg} if spec.arg else set()))
        if extra:
            raise refused("args", Message("drill_refusal.only_argument" if spec.arg else "drill_refusal.no_argument",
                                          kind=named, extra=", ".join(extra), arg=spec.arg))
        if spec.arg is None:
            return {}
        where = f"args.{spec.arg}"
        value = args.get(spec.arg)
        if value is None or not str(value).strip():
            raise refused(where, Message("drill_refusal.needs_choice" if spec.choices else "drill_refusal.needs_argument",
                                         kind=named, arg=spec.arg, choices=_options(spec)))
        value = str(value).strip()
        # a value typed as written is that choice; else the name people read it by, as --role takes a unit
        if spec.choices and value not in {c.value for c in spec.choices}:
            found, several = named_id(ids_by_name({c.value: [c.name or c.label] for c in spec.choices}), value)
            if several:
                raise refused(where, Message("common.several", value=echoed(value), ids=_options(spec, several)))
            if found is None:
                raise refused(where, Message("drill_refusal.not_a_choice", arg=spec.arg, value=repr(value),
                                             role=self.unit_name(role), choices=_options(spec)))
            value = found
        return {spec.arg: value}

    def as_typed(self, unit: str) -> Mapping[str, str] | str:
        """A unit a person typed, as a refusal repeats it: by its name beside the id when it
        is one of the plan's units (``保险机构（insurers）``), else quoted as typed."""
        if any(u.id == unit for u in self.plan.units):
            return self.typed_units([unit])
        return repr(unit)


def _options(spec: ActionSpec, values: Iterable[str] | None = None) -> dict[str, str]:
    """A decision's choices (those of ``values``, else all) as people read them, each beside
    the value typed after ``--arg``."""
    return typed((c.value, c.label) for c in spec.choices if values is None or c.value in values)


def typed_kinds(kinds) -> dict[str, str]:
    """Kinds of action by their words, each beside the value typed after ``--action``."""
    return typed((kind, dict(zip(LANGUAGES, KIND_LABELS[kind]))) for kind in kinds)


def catalogue(plan: ResponsePlan, crews_unit: str | None, elements: Mapping[str, Any],
              dispatch_clause: str) -> Catalogue:
    """Every role's actions under ``plan``; ``crews_unit`` dispatches crews to ``elements``
    (id → name; ``dispatch_clause``: the clause of the repair duty the crews carry out)."""
    specs: dict[str, list[ActionSpec]] = {}
    left: set[tuple[str, str | None]] = set()

    def add(role: str, kind: str, arg: str | None, choice: Choice | None, clause: str,
            left_to_unit: bool = False, key: str | None = None) -> None:
        """``key``: what the engine asks a decision without a choice by (the warning's lift step)."""
        if left_to_unit:
            left.add((kind, choice.value if choice is not None else key))
        role_specs = specs.setdefault(role, [])
        spec = next((s for s in role_specs if s.kind == kind), None)
        if spec is None:
            role_specs.append(ActionSpec(kind, role, arg, (choice,) if choice else (), clause))
        elif choice is not None and choice.value not in {c.value for c in spec.choices}:
            role_specs[role_specs.index(spec)] = ActionSpec(kind, role, arg, spec.choices + (choice,), spec.clause)

    for (kind, _), step in own_question_steps(plan).items():
        if kind == "warning_step":  # a link of the warning's chain: one of the kind's choices
            add(step.unit, kind, "step", Choice(step.id, bilingual(step.text), _clause(step)), _clause(step),
                step.left_to_unit)
        else:  # the lift: a question without choices, asked by its step's id
            add(step.unit, kind, None, None, _clause(step), step.left_to_unit, step.id)
    for hop in plan.reporting.hops:
        names = [next(u.name for u in plan.units if u.id == to) for to in hop.to]
        label = said("drill_choice.report_to", receivers=listed(names))
        add(hop.from_, "report", "hop", Choice(hop.id, label, _clause(hop)), _clause(hop))
    levels = [Choice(level.id, bilingual(level.name), _clause(level)) for level in plan.response_levels]
    levels_by_id = {level.value: level for level in levels}
    decision = plan.reporting.decision
    # every unit that may declare, adjust or end at some level (alternatives included)
    declarers = deciders(plan, "declare")
    adjusters = deciders(plan, "adjust")
    for level in levels:
        for unit in declarers:
            add(unit, "declare", "level", level, _clause(decision))
        for unit in adjusters:
            add(unit, "adjust", "level", level, _clause(plan.adjustment))
    for unit in deciders(plan, "end"):
        add(unit, "end", None, None, _clause(plan.termination))
    if plan.discretion is not None:
        add(plan.discretion.unit, "discretion", None, None, _clause(plan.discretion), True)
    for level in plan.response_levels:
        esc = level.escalation
        if esc is not None:
            to = next(u.name for u in plan.units if u.id == esc.to)
            label = said("drill_choice.escalate_at", level=bilingual(level.name), to=bilingual(to))
            add(esc.by, "escalate", "level", Choice(level.id, label, _clause(esc), bilingual(level.name)), _clause(esc),
                True)
    if crews_unit is not None:
        for element, name in elements.items():
            choice = Choice(element, bilingual(name), dispatch_clause)  # a person picks by name; the CLI lists ids
            add(crews_unit, "dispatch", "element", choice, dispatch_clause)
    for unit_id, duty in plan.all_duties():
        if duty.trigger is not None:
            add(unit_id, "duty", "duty", Choice(duty.id, bilingual(duty.text), _clause(duty)), _clause(duty),
                duty.left_to_unit)
    for steps in plan.step_lists():
        if steps.order in OWN_QUESTIONS:  # the warning's chain and lift, asked above by kinds of their own
            continue
        for step in steps.steps:
            add(step.unit, "step", "step", Choice(step.id, bilingual(step.text), _clause(step)), _clause(step),
                step.left_to_unit)
    for role_specs in specs.values():  # each decision left to the unit, with its decline beside it
        for spec in list(role_specs):
            if spec.arg is None and not any(kind == spec.kind for kind, _ in left):
                continue
            # only the choices the plan leaves to the unit
            choices = tuple(c for c in spec.choices if (spec.kind, c.value) in left)
            if spec.arg is not None and not choices:
                continue
            decline = replace(spec, kind=DECLINES[spec.kind], choices=choices)
            if spec.arg == "level":  # declined at a level: named by the level, as the request's own words
                # ("at Level I, ask the city…") after "decline to ask" would read as asked
                decline = replace(decline, choices=tuple(replace(c, label=levels_by_id[c.value].label)
                                                         for c in choices))
            role_specs.insert(role_specs.index(spec) + 1, decline)
    for unit in plan.units:
        if unit.id in specs:
            add(unit.id, "note", "text", None, "")
    return Catalogue(plan, crews_unit, specs, frozenset(left))


def own_question_steps(plan: ResponsePlan) -> dict[tuple[str, str], Step]:
    """The steps a drill asks by a kind of their own (:data:`OWN_QUESTIONS`), by that kind
    and the step's id: the rule a question of such a kind is about, for its clause and hours."""
    return {(OWN_QUESTIONS[steps.order], step.id): step
            for steps in plan.step_lists() if steps.order in OWN_QUESTIONS for step in steps.steps}


def plan_order(plan: ResponsePlan) -> Callable[[str], tuple[int, str]]:
    """A sort key putting units in the order the plan lists them (what its readers know, and
    the order of :attr:`Catalogue.roles`), a unit it does not list (a key user the engine
    logs) after them: every list of units a drill shows is in this order."""
    place = {u.id: i for i, u in enumerate(plan.units)}
    return lambda unit: (place.get(unit, len(place)), unit)


def deciders(plan: ResponsePlan, decision: str) -> list[str]:
    """The units that may take ``decision`` at any level of ``plan``, in plan order."""
    found: list[str] = []
    for level in plan.response_levels:
        for unit in plan.role(level, decision):
            if unit not in found:
                found.append(unit)
    return found
