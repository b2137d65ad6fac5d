"""One Case: a checked, immutable scenario with the plans and the area it runs on.

A Case is built once, by :func:`load_case`, from a scenario file — with a planner's
edited plans in place of the shipped ones of the same id and other resource counts —
and every cross-reference between the three is checked then, so whatever takes a Case
(a run, a sweep, a comparison, a drill) never meets a dangling id.

A run of a Case is one *replication* of it, drawn by :meth:`Case.draw` from a seed:

* for a template scenario (a ``template:`` section) replication *i* under seed *s* is
  the incident the sweep draws for row *i* (:mod:`sim.sweep.generator`), with its own
  engine seed derived from ``(s, i)``; so ``run TEMPLATE --seed S --replication I``
  reproduces row *I* of ``sweep TEMPLATE --seed S``;
* any other scenario tells one story: replication *i* is that story under engine seed
  ``s + i`` (replication 0 is the seed itself).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem


class Plans(Mapping):
    """The plans of a Case by id, in the scenario's order; read-only (and picklable, so a
    Case travels to worker processes and Dask workers as it is)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any]):
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Plans({list(self._items)})"


@dataclass(frozen=True)
class Draw:
    """One replication of a Case: the scenario the engine runs, its engine seed, and what
    was drawn (the sweep's fact columns; all empty for a scenario that is not a template)."""

    replication: int
    seed: int
    scenario: Any
    facts: tuple


@dataclass(frozen=True, eq=False)
class Case:
    """A scenario with its plans (``{id: plan}``, in the scenario's order) and its area,
    checked against each other; ``source`` is the scenario's file, for messages."""

    scenario: Any
    plans: Plans
    area: Any
    source: str = ""

    @property
    def is_template(self) -> bool:
        return self.scenario.template is not None

    @cached_property
    def _generator(self):
        from ..sweep.generator import Generator

        return Generator(self.scenario, self.area)

    def changed(self, plans: Mapping[str, Any] | None = None, resources: Mapping[str, int] | None = None) -> "Case":
        """This Case with edited plans in place of those of their ids and other resource
        counts, checked again; the same Case when nothing changes. The scenario object is
        kept when only plans change, so two arms of a comparison share each draw."""
        counts = {rid: int(n) for rid, n in (resources or {}).items() if self.scenario.resources.get(rid) != int(n)}
        if not plans and not counts:
            return self
        scenario = self.scenario
        if counts:
            scenario = scenario.model_copy(update={"resources": {**scenario.resources, **counts}})
        chosen = dict(self.plans)
        for plan_id, plan in (plans or {}).items():
            if plan_id not in scenario.plans:
                from ..loader import locate

                raise locate([(("plans",), f"plan id {plan_id!r} is not one of the scenario's plans "
                                           f"({', '.join(scenario.plans)}); an edited copy keeps the id of the "
                                           "plan it replaces")], self.source)
            chosen[plan_id] = plan
        self._check(scenario, chosen)
        return Case(scenario, Plans(chosen), self.area, self.source)

    def _check(self, scenario, plans: Mapping[str, Any]) -> None:
        """Cross-references of the scenario (and its template) to these plans and the area."""
        from ..loader import locate
        from ..scenario import reference_problems
        from ..sweep.inputs import duty_ids
        from ..sweep.template import template_problems

        findings = reference_problems(scenario, plans, self.area)
        if scenario.template is not None:
            findings += template_problems(scenario.template, duty_ids(plans))
        if findings:
            raise locate(findings, self.source)

    def draw(self, seed: int, replication: int = 0) -> Draw:
        """Replication ``replication`` under ``seed`` (see the module's docstring)."""
        if self.is_template:
            incident = self._generator.incident(seed, replication)
            return Draw(replication, incident.seed, incident.scenario, incident.facts)
        return Draw(replication, int(seed) + int(replication), self.scenario, _no_facts())


def _no_facts() -> tuple:
    from ..sweep.generator import FACTS

    return (None,) * len(FACTS)


def load_case(path: str | Path, plan_files=(), *, plans: Mapping[str, Any] | None = None,
              resources: Mapping[str, int] | None = None, template: bool = False) -> Case:
    """The Case of a scenario file.

    ``plan_files`` are plan files (a planner's edited copies, any file name) and ``plans``
    plan models (an edited plan already parsed) that replace the scenario's plans of
    their ids; an id the scenario does not use is an error, not ignored (a misspelt id
    would otherwise run the shipped plan and report it as the edited one). ``resources``
    changes resource counts. ``template`` True refuses a scenario without a ``template:``
    section (a sweep draws its incidents from one). Every problem is an
    :class:`InputError` at its file, line and column.
    """
    from ..scenario import load_inputs

    scenario, loaded, area = load_inputs(path, plan_files)
    if template and scenario.template is None:
        raise InputError([Problem(str(path), 1, 1, "template",
                                  "not a template: add a `template:` section that says how to draw incidents "
                                  "(see plans/scenarios/random-blackout.yaml)")])
    case = Case(scenario, Plans(loaded), area, str(path))
    if scenario.template is not None:
        case._check(scenario, loaded)
    return case.changed(plans, resources)


def plan_files(case: Case, files) -> dict:
    """Plan files (a planner's edited copies, any file name) by the id of the scenario's
    plan each replaces, ready for :meth:`Case.changed`; an id the scenario does not use,
    or given twice, is an :class:`InputError` at the file's ``id``."""
    from ..scenario import edited_plans

    return edited_plans(case.scenario, files)
