"""A response plan prepared for running: criteria compiled to closures, ids indexed.

The plan models are pydantic objects; calling ``criterion.holds`` walks them each time.
The engine tests the same criteria after every change of the metrics, so each plan is
compiled once into plain closures and lookup tables and cached for the life of the
plan object (a benchmark or a parameter sweep runs the same plan thousands of times).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..memo import cached
from ..messages import bilingual, listed, said
from ..plan.common import Bounds
from ..plan.criteria import Held, MetricThreshold, figure_key, grids_of, inputs, walk
from ..plan.response_plan import Duty, ResponsePlan
from ..severity import compile_criterion
from .recorder import COLUMNS, event_template, span_template

Test = Callable[[Mapping], bool]

#: Trigger states remembered per plan (a run sees a dozen; a sweep a few hundred at most).
_TRIGGER_STATES = 4096
#: Classifications remembered per plan, by the values they read; the table starts afresh when full.
_CLASSIFIED = 4096
_UNSEEN = object()


def compile_test(criterion, bounds: Bounds) -> Test:
    """A closure equivalent to ``criterion.holds(values, bounds)`` (built on :mod:`sim.severity`)."""
    held = compile_criterion(criterion, bounds)
    return lambda values: held(values) is not None


def clause(item) -> str:
    """The clause a rule cites, or ``assumption`` where the document is silent."""
    source = getattr(item, "source", None)
    return source.clause if source is not None else "assumption"


@dataclass(frozen=True)
class DutySpec:
    """A duty with what the engine needs at hand; ``unit`` performs it."""

    index: int
    unit: str
    duty: Duty
    on: tuple  # the phases in which its trigger holds
    min_rank: int
    ranks: frozenset | None  # the response levels (ranks) it is limited to, or None: any
    requires: frozenset  # the trigger's conditions and those of the measure it carries out
    measure: str | None
    text: dict
    source: str
    stream: str  # the unit's random stream of work times
    # the duty's id and its task, at hand (hours None: no task)
    id: str
    hours: float | None
    amount: int
    resource: str | None
    repeat: float | None
    span: dict = field(compare=False)  # its spans' template (:func:`~sim.engine.recorder.span_template`)
    begun: dict = field(compare=False)  # its start's log entry (:func:`~sim.engine.recorder.event_template`)


class CompiledPlan:
    def __init__(self, plan: ResponsePlan):
        self.plan = plan
        self.id = plan.id
        bounds = plan.bounds
        self.severity_names = {level.id: bilingual(level.name) for level in plan.severity_levels}
        count = len(plan.response_levels)
        self.levels = {level.id: level for level in plan.response_levels}
        #: what a change of level logs, made once: each level's name, and its request to
        #: escalate (if it has one)
        self.level_names = {level.id: bilingual(level.name) for level in plan.response_levels}
        self.escalation_texts = {level.id: bilingual(level.escalation.text) for level in plan.response_levels
                                 if level.escalation is not None}
        self.level_rank = {level.id: count - i for i, level in enumerate(plan.response_levels)}
        self.level_for_severity = {level.severity: level.id for level in plan.response_levels}
        self.lowest_level = plan.response_levels[-1].id
        self.units = {unit.id: unit for unit in plan.units}
        self.warning_trigger = compile_test(plan.warning.trigger, bounds)
        self.escalate_if = compile_test(plan.warning.escalate_if, bounds) if plan.warning.escalate_if else None
        self.hop_tests = [compile_test(h.only_if, bounds) if h.only_if else None for h in plan.reporting.hops]
        self._hop_messages: list[dict | None] = [None] * len(plan.reporting.hops)
        self.termination = [(c, compile_test(c.check, bounds)) for c in plan.termination.conditions]
        self.discretion_test = (
            compile_test(plan.discretion.criteria, bounds)
            if plan.discretion and plan.discretion.criteria
            else None
        )
        measure_requires = {m.id: tuple(m.requires) for m in plan.measures}
        #: the response levels (ranks) a measure is limited to ("Ⅰ、Ⅱ级响应时"), and so its duties
        measure_levels = {m.id: frozenset(self.level_rank[level] for level in m.levels)
                          for m in plan.measures if m.levels}
        #: per level: who may take each decision there (one unit, or alternatives)
        self.roles = {level.id: {decision: tuple(plan.role(level, decision))
                                 for decision in ("command", "declare", "adjust", "end")}
                      for level in plan.response_levels}
        duties: list[DutySpec] = []
        for unit_id, duty in plan.all_duties():
            trigger = duty.trigger
            if trigger is None and duty.measure is None:
                continue  # a standing duty: nothing in an incident starts it
            if trigger is None:  # carries out a measure: runs while the response does
                on, min_rank, requires, ranks = ("response",), 0, (), None
            else:
                on, requires = trigger.phases, tuple(trigger.requires)
                min_rank = self.level_rank.get(trigger.min_level, 0) if trigger.min_level else 0
                ranks = frozenset(self.level_rank[level] for level in trigger.levels) or None
            measure_ranks = measure_levels.get(duty.measure)
            if measure_ranks is not None:
                ranks = measure_ranks if ranks is None else ranks & measure_ranks
            requires = frozenset(requires + measure_requires.get(duty.measure, ()))
            task = duty.task
            resource = task.resource if task else None
            duties.append(
                DutySpec(len(duties), unit_id, duty, on, min_rank, ranks, requires,
                         duty.measure, bilingual(duty.text), clause(duty), "work:" + unit_id, duty.id,
                         task.hours if task else None, task.amount if task else 0,
                         resource, task.repeat_every_h if task else None,
                         span_template(unit_id, duty.id, resource, plan.id),
                         event_template(unit_id, duty.id, bilingual(duty.text), clause(duty), plan.id,
                                        {"measure": duty.measure} if duty.measure else None))
            )
        self.duties = duties
        #: the random streams of the duties' work times, in plan order (the first block of
        #: each is drawn at once: :meth:`~sim.engine.units.Duties.draw_ahead`)
        self.work_streams = tuple(dict.fromkeys(spec.stream for spec in duties if spec.hours is not None))
        self._without: dict[str | None, list[DutySpec]] = {}
        self._triggered: dict[tuple, frozenset] = {}
        # by the id of a step (list) of this plan, kept with the object itself
        self._steps: dict[int, tuple] = {}
        self._by_unit: dict[int, tuple] = {}
        measure_units: dict[str, set[str]] = {}  # measure id -> units that have a duty carrying it out
        for spec in duties:
            if spec.measure:
                measure_units.setdefault(spec.measure, set()).add(spec.unit)
        #: per measure: its id, the conditions it requires, the ranks of the levels it is
        #: limited to (None: any), its name and its actions as log texts, its clause, its
        #: units, and those of them that no duty carries it out for — plain values, looked
        #: at after every change of the conditions
        self.measures = [
            (measure.id, tuple(measure.requires), measure_levels.get(measure.id), bilingual(measure.name),
             listed(measure.actions, "common.clause_sep"), clause(measure), tuple(measure.units),
             tuple(u for u in measure.units if u not in measure_units.get(measure.id, ())))
            for measure in plan.measures
        ]
        #: the clause each measure cites, and each duty's: its measure's when it carries one
        #: out (a repair is the measure's work), its own otherwise — what the engine's own
        #: events cite when they do a duty's or a measure's work
        self.measure_clause = {measure.id: clause(measure) for measure in plan.measures}
        self.duty_clause = {duty.id: self.measure_clause.get(duty.measure) or clause(duty)
                            for _, duty in plan.all_duties()}
        severity_order = [level.id for level in plan.severity_levels]
        self.severity_rank = {sid: len(severity_order) - i for i, sid in enumerate(severity_order)}
        self.severity_levels = {level.id: level for level in plan.severity_levels}
        self._severity_tests = [(level.id, compile_criterion(level.criteria, bounds)) for level in plan.severity_levels]
        #: whether the plan's incident has begun, by its own figures (None: when load is shed)
        self.onset = compile_test(plan.onset.criteria, bounds) if plan.onset is not None else None
        self.onset_text = bilingual(plan.onset.text) if plan.onset is not None else None
        #: the metrics and contexts the severity criteria read: a classification depends on nothing else
        self._severity_inputs = tuple(sorted({name for level in plan.severity_levels for name in inputs(level.criteria)}))
        self._classified: dict[tuple, str | None] = {}
        #: the lists of grids of the scopes the severity criteria name: an area with several
        #: grids of one scope gives their figures instead (:func:`~sim.plan.criteria.grids_of`)
        scopes = sorted({grid for level in plan.severity_levels for _, _, grid in walk(level.criteria) if grid})
        self._grid_lists = tuple(grids_of(scope) for scope in scopes)
        self._inputs_of_grids: dict[tuple, tuple[str, ...]] = {}
        #: the held-for conditions of the criteria tested on the incident: the key of the
        #: value that says how long each has held, the condition itself, and the hours it must
        self.held = []
        #: the figures those criteria read (``figure@scope`` for another grid's), in order
        self.figures_read = []
        graded: list[str] = []
        levels = len(plan.severity_levels)  # incident_criteria() lists the levels' criteria first
        for n, criterion in enumerate(plan.incident_criteria()):
            for _, part, grid in walk(criterion):
                if isinstance(part, Held) and all(part.key() != key for key, _, _ in self.held):
                    self.held.append((part.key(), compile_criterion(part.held, bounds, grid), part.for_h))
                elif isinstance(part, MetricThreshold):
                    key = figure_key(part.metric, grid)
                    if key not in self.figures_read:
                        self.figures_read.append(key)
                    if n < levels and key not in graded:
                        graded.append(key)
        #: the figures the severity levels read, in the order the levels first test them: what
        #: the plan grades an incident on, which every face shows first (a flood plan's rainfall)
        self.graded = tuple(graded)
        #: those the time series does not record already
        self.extra_columns = tuple(key for key in self.figures_read if key not in COLUMNS)

    def step(self, step) -> tuple[str, dict, str, dict]:
        """A plan step's random stream of work times, its text, its clause and its spans'
        template (named as a duty's, without a resource)."""
        found = self._steps.get(id(step))
        if found is None or found[0] is not step:
            found = self._steps[id(step)] = (step, ("work:" + step.unit, bilingual(step.text), clause(step),
                                                    span_template(step.unit, step.id, None, self.id)))
        return found[1]

    def hop_message(self, i: int) -> dict:
        """What the log says when hop ``i`` of the reporting chain is sent ("A reports to B, C")."""
        found = self._hop_messages[i]
        if found is None:
            hop = self.plan.reporting.hops[i]
            sender = bilingual(self.units[hop.from_].name)
            to = [bilingual(self.units[u].name) for u in hop.to]
            found = self._hop_messages[i] = said("log.reports_to", sender=sender, receivers=listed(to))
        return found

    def by_unit(self, steps: list) -> list[list]:
        """``steps`` grouped by unit, units in order of their first step, each unit's in order."""
        found = self._by_unit.get(id(steps))
        if found is None or found[0] is not steps:
            groups: dict[str, list] = {}
            for step in steps:
                groups.setdefault(step.unit, []).append(step)
            found = self._by_unit[id(steps)] = (steps, list(groups.values()))
        return found[1]

    def duties_except(self, skip: str | None) -> list[DutySpec]:
        """The triggered duties but ``skip`` (a duty the engine carries out itself, e.g. repairs)."""
        found = self._without.get(skip)
        if found is None:
            found = self._without[skip] = [spec for spec in self.duties if spec.duty.id != skip]
        return found

    def triggered(self, skip: str | None, phases: tuple[int, int, int, int], present: frozenset) -> frozenset:
        """Indexes of the duties (but ``skip``) whose trigger holds: ``phases`` gives the
        response rank (-1 without a response), then 0 or -1 for an active incident, an
        issued warning, and the highest rank reached once terminated or -1; ``present``
        the incident conditions. The answer depends on nothing else, so it is kept for
        the next run that is in the same state."""
        key = (skip, phases, present)
        found = self._triggered.get(key)
        if found is None:
            if len(self._triggered) >= _TRIGGER_STATES:
                self._triggered.clear()
            phase = dict(zip(("response", "incident", "warning", "termination"), phases))
            found = self._triggered[key] = frozenset(
                spec.index for spec in self.duties_except(skip)
                if present >= spec.requires and any(_holds(spec, on, phase[on]) for on in spec.on))
        return found

    def classify(self, values: Mapping) -> str | None:
        """The most severe level whose criteria hold (as :func:`sim.severity.classify`
        decides, without collecting the clauses behind the answer).

        The answer depends only on the values the criteria read, and a run classifies
        the same few dozen states over and over (every replication of a sweep too), so
        it is kept by those values."""
        key = tuple(map(values.get, self._severity_inputs))  # numbers and context ids
        if self._grid_lists:
            lists = tuple(map(values.get, self._grid_lists))
            if any(lists):
                key = lists + tuple(map(values.get, self._inputs_for(lists)))
        found = self._classified.get(key, _UNSEEN)
        if found is _UNSEEN:
            if len(self._classified) >= _CLASSIFIED:
                self._classified.clear()
            found = self._classified[key] = self._classify(values)
        return found

    def classified_on(self, values: Mapping) -> dict:
        """The values :meth:`classify` reads, by key (each scope's list of grids, when it has
        several, and every figure, context and duration read from them): what an observer
        keeps to say later which part of a level's criteria held and with what figure."""
        keys = self._severity_inputs
        if self._grid_lists:
            lists = tuple(map(values.get, self._grid_lists))
            if any(lists):
                keys = self._grid_lists + self._inputs_for(lists)
        return {key: values.get(key) for key in keys}

    def _inputs_for(self, lists: tuple) -> tuple[str, ...]:
        """The severity inputs when some scopes have several grids (``lists``, in the order of
        ``_grid_lists``): each such scope's figures are read from each of its grids."""
        found = self._inputs_of_grids.get(lists)
        if found is None:
            grids = {key.partition(":")[2]: names for key, names in zip(self._grid_lists, lists) if names}
            found = []
            for key in self._severity_inputs:
                name, _, scope = key.partition("@")
                if scope in grids:
                    found.extend(figure_key(name, grid) for grid in grids[scope])
                else:
                    found.append(key)
            found = self._inputs_of_grids[lists] = tuple(found)
        return found

    def _classify(self, values: Mapping) -> str | None:
        for severity, held in self._severity_tests:
            if held(values) is not None:
                return severity
        return None

    def response_for(self, severity: str | None) -> str | None:
        return self.level_for_severity.get(severity) if severity else None


def _holds(spec: DutySpec, on: str, value: int) -> bool:
    """Whether a duty's trigger holds in phase ``on``, whose value is ``value`` (the level's
    rank for ``response`` and ``termination``, 0 or -1 for the others)."""
    if value < spec.min_rank:
        return False
    return spec.ranks is None or on not in ("response", "termination") or value in spec.ranks


def compiled(plan: ResponsePlan) -> CompiledPlan:
    return cached(plan, CompiledPlan)
