"""The model of an incident-response plan (应急预案), such as the blackout plan.

The sections follow the usual structure of a Chinese emergency plan: 总则 (document,
severity levels), 组织体系 (units, headquarters), 监测预警和信息报告 (warning,
reporting chain), 应急响应 (response levels, measures, termination), 后期处置
(after-action) and 保障措施 (support resources). Nothing in here is specific to
Guyang or to blackouts: metrics, levels, units and resources are all named by the file.

Timing and workload the plan leaves open (how long a report takes to travel, how long
a repair crew works on a feeder) are fields of the rules themselves, each marked as an
``assumption`` so a planner can see and change them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, NamedTuple

from pydantic import AliasChoices, Field, model_validator

from ..bounds import MAX_COUNT, MAX_HOURS, MIN_REPEAT_H, Hours, PositiveHours
from ..messages import Message
from .accounting import Accounted
from .common import Assumption, Bounds, Cited, Document, Id, NamedCondition, NonEmpty, Source, StrictModel, Text
from .criteria import Criterion

#: Where the value of a figure a plan reads comes from: computed by the engine as the
#: incident unfolds (:data:`sim.plan.figures.FIGURES`), given by the scenario (fixed,
#: or set and changed by its injects), or read from the area (a grid's scope or load).
FigureSource = Literal["engine", "scenario", "area"]


class FigureRange(StrictModel):
    """The values a figure can take, both ends included: a fact of the quantity (a rainfall,
    a load or a count of people is never below 0), not a rule of the plan, so it cites
    nothing. A value given outside it (to classify, in a scenario's figures or injects) is
    a typing slip, refused where it is given; a threshold outside it could never decide."""

    min: float | None = Field(default=None, description="The least value the figure can take (included).")
    max: float | None = Field(default=None, description="The greatest value the figure can take (included).")

    @model_validator(mode="after")
    def _stated(self):
        if self.min is None and self.max is None:
            raise ValueError(Message("model.figure_range_empty"))
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(Message("model.inverted_range", min=f"{self.min:g}", max=f"{self.max:g}"))
        return self


class Metric(StrictModel):
    """A quantity the plan's criteria test (e.g. ``load_shed_pct``), and where its value comes from."""

    id: Id
    name: Text
    unit: NonEmpty | Text = Field(
        description="'%' (a share, 0–100), 'bool' (0/1), 'count' (0 or more), 'MW', 'mm', … — written alike in either "
                    "language; a unit that is a word (户, 人, 起) as {zh, en}, shown in the reader's language.")
    range_: FigureRange | None = Field(
        default=None, alias="range",
        description="The values the figure can take, e.g. {min: 0} for a rainfall or a load: a fact of the quantity, "
        "cited to nothing. Omitted: what its unit allows ('%' 0–100, 'bool' 0–1, 'count' 0 or more; any other unit "
        "any number). A side left out is the unit's.",
    )
    from_: FigureSource | None = Field(
        default=None, alias="from",
        description="engine (the default: the engine computes it), scenario (the scenario gives it, fixed or by "
        "injects) or area (read from the area's grids).",
    )
    source: Source | None = None
    assumption: Assumption | None = None

    model_config = StrictModel.model_config | {"populate_by_name": True}

    @property
    def origin(self) -> str:
        return self.from_ or "engine"


class ContextValue(StrictModel):
    """One value a categorical fact may take (a grid scope: ``provincial``, ``capital_city``)."""

    id: Id
    name: Text


class ContextFigure(StrictModel):
    """A categorical fact the plan's criteria test, with the values it may take.

    Declaring the values makes a misspelt one (``capitol_city``) an error where it is
    written, in the plan, the scenario or the area, instead of a silent "below every level".
    """

    id: Id
    name: Text
    from_: Literal["scenario", "area"] = Field(
        default="scenario", alias="from",
        description="scenario (its `context`, or injects) or area (grid_scope: each grid's scope).",
    )
    values: list[ContextValue] = Field(min_length=1)
    source: Source | None = None
    assumption: Assumption | None = None

    model_config = StrictModel.model_config | {"populate_by_name": True}


class Unit(StrictModel):
    """An organisation that appears in the plan: member unit, government, enterprise."""

    id: Id
    name: Text
    kind: Literal["member", "government", "command", "enterprise", "external", "public"]
    duties: list[Duty] = Field(default_factory=list)
    source: Source | None = None
    assumption: Assumption | None = None


Phase = Literal["incident", "warning", "response", "termination"]


class Trigger(StrictModel):
    """When a duty or action starts.

    ``on`` names the phase, or several (a monitoring duty that runs from a warning and
    also in an outage that came without one); ``min_level`` restricts ``response`` (and
    ``termination``, by the highest level reached) to a level at least as high, ``levels``
    to the levels listed ("Ⅰ、Ⅱ级响应时"); ``requires`` lists incident conditions that
    must be present (``heating_season``, ``fire``, ``earthquake``, …), set by the scenario.
    """

    on: Phase | list[Phase]
    min_level: Id | None = None
    levels: list[Id] = Field(default_factory=list, description="Only at these response levels (empty: any).")
    requires: list[Id] = Field(default_factory=list)
    source: Source | None = None
    assumption: Assumption | None = None

    @property
    def phases(self) -> tuple[str, ...]:
        """The phases in which the trigger holds, as a tuple."""
        return (self.on,) if isinstance(self.on, str) else tuple(self.on)


class Task(Cited):
    """The work one execution of a duty takes: duration, resources, repetition."""

    hours: PositiveHours
    resource: Id | None = None
    amount: int = Field(default=1, ge=1, le=MAX_COUNT)
    repeat_every_h: float | None = Field(default=None, ge=MIN_REPEAT_H, le=MAX_HOURS)


#: What ``left_to_unit`` says, in the schema as in the models.
LEFT_TO_UNIT = ("The plan leaves whether to do it to its unit's judgement (视情况, 必要时, 根据需要, or a "
                "decision-maker's approval): the plan's own run does it when it comes due, and in a drill the "
                "unit's player may decline it.")


class Duty(Cited):
    """One duty of a unit (附件2 三), with when it starts and what it takes.

    ``left_to_unit`` marks a duty the plan leaves to its unit's judgement (视情况, 必要时,
    根据需要): the trigger says when the question comes up, and the unit decides. The
    plan's own run always does it; a drill's player may decline it, which is judged as
    the unit's call, not as a lapse (:mod:`sim.drills.evaluate`).
    """

    id: Id
    text: Text
    measure: Id | None = Field(default=None, description="The response measure this duty carries out.")
    trigger: Trigger | None = None
    task: Task | None = None
    left_to_unit: bool = Field(default=False, description=LEFT_TO_UNIT)


class SeverityLevel(Cited):
    """An incident severity level (事件分级) and the criteria that meet it."""

    id: Id
    name: Text
    criteria: Criterion


class Escalation(Cited):
    """Who may ask a higher authority to take over, and whom.

    ``requires`` lists the incident conditions under which the request is made (a plan's
    "when necessary", which a scenario marks); empty: whenever the level is reached.
    ``sets`` lists the conditions present once the request has been made (the higher
    authority forms its headquarters): what requires them waits for the requesting unit's
    decision, and does not happen when it decides not to ask.
    """

    by: Id
    to: Id
    text: Text
    requires: list[Id] = Field(default_factory=list)
    sets: list[Id] = Field(default_factory=list, description="Conditions present once the request is made.")


class Role(Cited):
    """Who takes one decision at a response level: one unit, or alternatives (a county
    **or** a town government) of which the scenario names one (its ``commanders``), else
    a drill's player of one of them, else the first."""

    units: list[Id] = Field(min_length=1)


class ResponseLevel(Cited):
    """A response level (应急响应级别): which severity starts it and who acts at it.

    ``commanders`` are alternatives when there are several (the county government **or**
    the towns' governments command, by the event's extent): one of them commands, named
    by the scenario (or a drill's player), else the first. The decisions may be given per level: ``declared_by`` (default: the unit the
    report must reach, ``reporting.decision``), ``adjusted_by`` — who decides to change the
    level while this one is in force (default: ``adjustment.decided_by``, else this level's
    commander) — and ``ended_by`` (default: ``termination.decided_by``).
    """

    id: Id
    name: Text
    severity: Id
    commanders: list[Id] = Field(min_length=1, description="Who commands; several are alternatives.")
    declared_by: Role | None = None
    adjusted_by: Role | None = None
    ended_by: Role | None = None
    escalation: Escalation | None = None


class Discretion(Cited):
    """A response some unit *may* start although no severity level is met (5.1 ¶2)."""

    unit: Id
    text: Text
    criteria: Criterion | None = None


class Onset(Cited):
    """When the plan's incident begins (事件发生): its reporting chain starts and its level is
    decided. A plan whose hazard is not the power network (a flood, an epidemic) says what
    its incident is in its own figures — a rainfall, a count of casualties — which the
    scenario sets as the incident unfolds (``figure`` injects). A plan that says nothing
    begins when the engine's own hazard, the power network, sheds load. Once the incident is
    over, a warning the plan issued is put to the unit that lifts it, and a later rise of the
    figures is a new incident, handled anew (:mod:`sim.engine.response`)."""

    text: Text = Field(description="The plan's words for the incident beginning (发生暴雨洪涝灾害).")
    criteria: Criterion = Field(description="The figures that mean the incident has begun; it is over once they no "
                                "longer hold, no secondary incident is open and its response, if it started one, has "
                                "ended: a later rise is a new incident.")


#: What an adjustment's ``left_to_unit`` says, in the schema as in the models.
ADJUSTING_LEFT_TO_UNIT = ("The plan leaves adjusting the level to the deciding unit's judgement (可视…调整): the plan's "
                          "own run raises the level when the figures rise and lowers it when they fall, and in a drill a "
                          "player who keeps the level in force instead is not marked as missing the change. A level declared "
                          "too high or too low, which the figures never called for, stays due to be put right.")


class Adjustment(Cited):
    """How the response level follows the metrics once started (5.1 ¶3): a decision.

    When the classification changes the change is put to whoever decides at the level in
    force (the level's ``adjusted_by``, else ``decided_by``, else the level's commander),
    who takes ``decision_hours`` to decide; never an automatic switch. ``left_to_unit``
    marks a plan that leaves it to that unit's judgement (可视): raising the level once the
    figures rise above the level in force, or lowering it once they fall below what the
    event's severity called for, is then the unit's call.
    """

    text: Text
    decided_by: Id | None = Field(
        default=None, description="Who adjusts at every level; omitted: as each level says, else its commander."
    )
    decision_hours: Hours
    left_to_unit: bool = Field(default=False, description=ADJUSTING_LEFT_TO_UNIT)


class Headquarters(Cited):
    """The command headquarters (指挥部): leaders, office, its duties.

    ``unit`` is the plan unit that stands for the headquarters itself, if the plan lists
    one: its duties are that unit's, so whoever plays the headquarters in a drill carries
    them out. A plan without one leaves them to the office unit, which runs the
    headquarters' day-to-day work.
    """

    name: Text
    commander: Text
    deputies: list[Text] = Field(default_factory=list)
    unit: Id | None = None
    office_unit: Id
    members: list[Id]
    duties: list[Duty] = Field(default_factory=list)

    @property
    def duty_owner(self) -> str:
        """The unit that carries out the headquarters' duties."""
        return self.unit or self.office_unit


class Step(Cited):
    """One step of a procedure carried out by a unit (warning, an action once the response starts, after-action).

    ``requires`` lists incident conditions without which the step is skipped when it
    comes due (a step only for an outage that crosses regional borders, say).
    ``left_to_unit`` marks a step the plan leaves to its unit's judgement, as for a duty.
    """

    id: Id
    unit: Id
    text: Text
    hours: Hours = 0
    notify: list[Id] = Field(default_factory=list)
    requires: list[Id] = Field(default_factory=list)
    left_to_unit: bool = Field(default=False, description=LEFT_TO_UNIT)


#: How the steps of one of a plan's lists follow one another once the list is due, as the
#: engine runs them: ``chain``, in turn, a declined step ending the list and what it leads
#: to (the warning's issue: a proposal not approved publishes nothing); ``single``, one step
#: decided on its own (the warning's lift); ``in_turn``, in turn, each carried out or
#: declined on its own (the forecaster's escalation); ``by_unit``, each unit's steps in turn
#: and the units side by side; ``by_level``, in turn, only those due at the response level in
#: force (the confirmations before the end). Written once here, so that whatever offers,
#: judges or checks the steps reads it off :meth:`ResponsePlan.step_lists` instead of
#: knowing each list by name.
StepOrder = Literal["chain", "single", "in_turn", "by_unit", "by_level"]


class StepList(NamedTuple):
    """One of a plan's lists of steps: where it sits (``path``, the field names from the top
    of the plan, as a finding names them: ``("warning", "issue")``), the plan's own list of
    ``steps`` (a field that holds a single step, the warning's lift, as a list of one) and
    the ``order`` its steps follow."""

    path: tuple[str, ...]
    steps: list[Step]
    order: StepOrder

    def placed(self) -> Iterator[tuple[tuple, Step]]:
        """Each step with its own path: the list's path and its index, or the list's path
        alone for a field that holds a single step, so a finding points at the step's place
        in the file."""
        if self.order == "single":
            yield from ((self.path, step) for step in self.steps)
        else:
            yield from ((self.path + (i,), step) for i, step in enumerate(self.steps))


class Warning(StrictModel):
    """预警: who proposes, assesses, approves and publishes; what follows; who lifts it.

    ``alongside`` are steps the plan has taken beside the proposal, each on its own (a power
    company telling key users as it sees fit, 视情通知重要电力用户): they start from the
    forecast with the proposal, and a unit that declines one skips that step alone — the
    warning goes on, where a declined ``issue`` step stops it.

    ``escalate`` is the forecaster's own duty when the forecast meets ``escalate_if`` (a
    power company reporting a possible major event to its regulators): it starts from the
    forecast, whether or not a warning is approved and published.
    """

    trigger: Criterion = Field(description="Forecast metrics at which the power company proposes a warning.")
    issue: list[Step] = Field(min_length=1, description="Propose → assess → approve → publish, in order.")
    alongside: list[Step] = Field(
        default_factory=list,
        description="Steps taken beside the proposal when the forecast is made, each on its own (a forecaster "
        "telling key users as it sees fit): declining one skips it alone and the warning goes on.")
    escalate_if: Criterion | None = None
    escalate: list[Step] = Field(default_factory=list)
    actions: list[Step] = Field(default_factory=list)
    lift: Step

    def step_lists(self) -> list[StepList]:
        """Each of the warning's step lists, its path from the warning, in the order the plan
        writes them: the one place a new list of the warning is added (see
        :meth:`ResponsePlan.step_lists`)."""
        return [StepList(("issue",), self.issue, "chain"), StepList(("alongside",), self.alongside, "by_unit"),
                StepList(("escalate",), self.escalate, "in_turn"), StepList(("actions",), self.actions, "by_unit"),
                StepList(("lift",), [self.lift], "single")]

    def steps(self) -> list[Step]:
        """Every step of the warning, in the order the plan writes its lists."""
        return [step for steps in self.step_lists() for step in steps.steps]


class Hop(Cited):
    """One hop of the information-reporting chain (信息报告)."""

    id: Id
    from_: Id = Field(alias="from")
    to: list[Id] = Field(min_length=1)
    hours: Hours
    only_if: Criterion | None = None

    model_config = StrictModel.model_config | {"populate_by_name": True}


class Decision(Cited):
    """Who decides to start the response once the report reaches them, and how long it takes."""

    unit: Id
    hours: Hours


class Reporting(StrictModel):
    """信息报告: the hops, and the decision a report must reach before a response starts.

    A hop's ``only_if`` may test the incident's metrics or the context ``severity`` (the
    event's severity level id, the highest reached), e.g. "初判为重大 … 向市人民政府报告";
    a hop it holds back is tested again whenever the severity rises.
    """

    hops: list[Hop] = Field(min_length=1)
    decision: Decision


class Measure(Cited):
    """A response measure (响应措施, 5.2.x) and the units that carry it out."""

    id: Id
    name: Text
    units: list[Id] = Field(min_length=1)
    actions: list[Text] = Field(min_length=1)
    requires: list[Id] = Field(default_factory=list)
    levels: list[Id] = Field(default_factory=list, description="Only at these response levels (empty: any).")


class TerminationCondition(Cited):
    """One of the conditions that must all hold before the response may end."""

    id: Id
    text: Text
    check: Criterion


class Confirmation(Step):
    """A unit's decision that must come before the response is ended (a headquarters
    decides to end the plan, then the government ends the response), at the response
    ``levels`` listed (empty: every level)."""

    levels: list[Id] = Field(default_factory=list)


class Termination(Cited):
    """5.4: the conditions that must all hold, the confirmations that come first, and who ends it."""

    decided_by: Id
    conditions: list[TerminationCondition] = Field(min_length=1)
    confirmations: list[Confirmation] = Field(default_factory=list)


class Resource(Cited):
    """Something a scenario can count and the engine can run out of (保障措施)."""

    id: Id
    name: Text
    provided_by: list[Id] = Field(min_length=1)


class ResponsePlan(Accounted):
    """An emergency response plan: levels, units, chains, measures, termination."""

    id: Id
    kind: Literal["response_plan"]
    title: Text
    document: Document
    metrics: list[Metric] = Field(min_length=1)
    contexts: list[ContextFigure] | None = Field(
        default=None, description="The categorical facts the criteria test and the values each may take.")
    conditions: list[NamedCondition] = Field(
        default_factory=list,
        description="Names of the incident conditions that triggers, measures and steps require "
        "(heating_season: 采暖期), so people read a name where the plan writes an id.")
    bounds: Bounds
    onset: Onset | None = Field(
        default=None, description="When the plan's incident begins, in its own figures; omitted: when the "
        "power network sheds load (the engine's hazard).")
    severity_levels: list[SeverityLevel] = Field(
        min_length=1, description="Most severe first; the highest level met wins."
    )
    response_levels: list[ResponseLevel] = Field(min_length=1, description="Highest first.")
    discretion: Discretion | None = None
    no_response: Text | None = Field(
        default=None, description="The plan's own words for an incident that starts no response "
        "(default: 未启动应急响应 No response started).")
    adjustment: Adjustment
    units: list[Unit] = Field(min_length=1)
    headquarters: Headquarters
    warning: Warning
    reporting: Reporting
    measures: list[Measure] = Field(default_factory=list)
    response_actions: list[Step] = Field(
        default_factory=list,
        validation_alias=AliasChoices("response_actions", "county_actions"),
        # Stored under the key older plan files used, so that a plan's digest (which runs
        # record) stays what it was when the key was renamed.
        serialization_alias="county_actions",
        description="Steps the plan's own level of government takes once the response starts (a county's "
        "县级层面应对, a province's 省级层面应对).",
    )
    termination: Termination
    after_action: list[Step] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)

    model_config = StrictModel.model_config | {"populate_by_name": True}

    def role(self, level: ResponseLevel, decision: str) -> list[str]:
        """The units that may take ``decision`` (``command``, ``declare``, ``adjust``,
        ``end``) at ``level``: one unit, or alternatives of which one acts."""
        if decision == "command":
            return list(level.commanders)
        given = {"declare": level.declared_by, "adjust": level.adjusted_by, "end": level.ended_by}[decision]
        if given is not None:
            return list(given.units)
        if decision == "declare":
            return [self.reporting.decision.unit]
        if decision == "end":
            return [self.termination.decided_by]
        return [self.adjustment.decided_by] if self.adjustment.decided_by else list(level.commanders)

    def duty_lists(self) -> list[tuple[tuple, str, list[Duty]]]:
        """Each list of duties with where it sits in the plan (its path) and the unit that
        carries its duties out: every unit's own, in plan order, then the headquarters'
        (carried out by its ``duty_owner``). The one walk over all of a plan's duties."""
        return [*((("units", i), unit.id, unit.duties) for i, unit in enumerate(self.units)),
                (("headquarters",), self.headquarters.duty_owner, self.headquarters.duties)]

    def headquarters_duties(self) -> list[Duty]:
        """The headquarters' duties wherever the plan writes them: in its own ``duties`` or under
        the unit it acts as (``headquarters.unit``), which a plan author may equally choose."""
        acting = next((unit for unit in self.units if unit.id == self.headquarters.unit), None)
        return [*self.headquarters.duties, *(acting.duties if acting is not None else ())]

    def step_lists(self) -> list[StepList]:
        """Each list of steps with where it sits in the plan (its path) and the order its steps
        follow, in plan order: the warning's, the response's actions, the confirmations before
        its end and the after-action steps. The one walk over all of a plan's step lists, for
        what needs them apart (which kind of question a drill puts for a step, which steps
        follow which, where a finding points); a list added to the model is added here."""
        return [*(steps._replace(path=("warning", *steps.path)) for steps in self.warning.step_lists()),
                StepList(("response_actions",), self.response_actions, "by_unit"),
                StepList(("termination", "confirmations"), self.termination.confirmations, "by_level"),
                StepList(("after_action",), self.after_action, "by_unit")]

    def all_steps(self) -> list[Step]:
        """Every step of the plan, flat, in :meth:`step_lists`'s order."""
        return [step for steps in self.step_lists() for step in steps.steps]

    def all_duties(self) -> list[tuple[str, Duty]]:
        """Every duty with the unit that carries it out, in :meth:`duty_lists`'s order."""
        return [(owner, duty) for _, owner, duties in self.duty_lists() for duty in duties]

    def incident_criteria(self) -> list:
        """The criteria tested on the incident as it unfolds: the levels, the onset, the
        discretion, the report hops and termination (the warning trigger reads the forecast instead)."""
        criteria = [level.criteria for level in self.severity_levels]
        if self.onset is not None:
            criteria.append(self.onset.criteria)
        criteria += [c.check for c in self.termination.conditions]
        criteria += [hop.only_if for hop in self.reporting.hops if hop.only_if is not None]
        if self.discretion is not None and self.discretion.criteria is not None:
            criteria.append(self.discretion.criteria)
        return criteria


Unit.model_rebuild()
