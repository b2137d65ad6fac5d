"""A drill's inputs — scenario, area and plans — stored as text with the drill, and the
incident it plays, drawn from them.

A drill may run for days and is scored at the end; editing a plan file in the
meantime must not change what the participants were playing against. So the texts of
every file the scenario uses are copied into the database when the drill is created,
and every replay rebuilds the Case from those copies (:func:`sim.inputs.stored_case`:
validated exactly as the files were, the same loader, the same cross-reference checks).

A drill also keeps its seed and its replication, and plays the Case's draw of them
(:meth:`sim.inputs.Case.draw`): for a template scenario the incident that ``run
TEMPLATE --seed S --replication I`` runs, with its start, its injects and its engine
seed; for any other scenario its one story, under the seed itself at replication 0.
Everything that replays or describes a drill takes its incident from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..event_rules import clause_where, entry_clause, explain
from ..messages import Message, joined, pick, text
from ..plan import ResponsePlan
from ..sweep.words import drawn_facts


@dataclass(frozen=True)
class Inputs:
    """What a drill plays: its Case (the plans and the area) and the Case's draw (the
    scenario the engine runs, the engine seed, what a template drew)."""

    case: Any
    draw: Any

    @property
    def scenario(self):
        """The scenario the engine runs: a template's drawn incident, any other scenario itself."""
        return self.draw.scenario

    @property
    def plans(self) -> Mapping[str, Any]:
        return self.case.plans

    @property
    def area(self):
        return self.case.area

    @property
    def seed(self) -> int:
        """The engine's seed of the draw (for replication 0 of a story, the drill's own seed)."""
        return self.draw.seed

    @property
    def replication_told(self) -> int | None:
        """The replication a paper names beside the seed, to draw the incident again: a
        template's (which incident was drawn), a story's other than 0; ``None`` where the
        seed alone says it (a story's replication 0)."""
        told = self.case.is_template or self.draw.replication
        return self.draw.replication if told else None

    @property
    def drawn_told(self) -> dict[str, str] | None:
        """What a template drew — cause, season, weather and start, by name, in both languages
        (:func:`sim.sweep.words.drawn_facts`, as ``run`` says it) — for a paper to say beside
        the replication; ``None`` for a story, which draws nothing."""
        return drawn_facts(self.case.scenario.template, self.draw.facts) if self.case.is_template else None

    @property
    def plan(self) -> ResponsePlan:
        """The response plan the drill plays: the scenario's first (the engine's primary plan)."""
        return next(p for p in (self.plans[i] for i in self.scenario.plans) if isinstance(p, ResponsePlan))

    @property
    def acted(self) -> list:
        """The scenario's documents beside the plan the drill plays — a fire-ban notice beside
        the blackout plan — in the scenario's order. No one plays their units: the engine asks
        their processes no decision through its policy (:mod:`sim.engine.policy`), so it carries
        them out as they are written."""
        played = self.plan
        return [plan for plan in (self.plans[i] for i in self.scenario.plans) if plan is not played]

    @property
    def documents(self) -> Mapping[str, Any]:
        """Every document the scenario runs, by id: what an entry of the run is cited against
        where it may be another document's than the played plan's (:func:`sim.event_rules.explain`
        then names its document's title)."""
        return {i: self.plans[i] for i in self.scenario.plans}

    def documents_said(self, plan_label: str, language: str) -> list[tuple[str, str]]:
        """Every document the drill runs, as its papers and its console name them: the plan it
        plays under ``plan_label``; then, where the scenario runs others, their titles under one
        label that says the engine acts them as written, no one playing them."""
        said = [(plan_label, pick(self.plan.title, language))]
        if self.acted:
            said.append((text("drill.acted", language),
                         joined((pick(plan.title, language) for plan in self.acted), language)))
        return said

    def cite(self, clause: str, language: str, clause_first: bool = False) -> str:
        """A clause the drill keeps (an expected action's, a finding's, an improvement item's),
        cited where the drill's plan's rule stands, as the engine's entries are cited: the one
        way the drill's papers, pages and commands cite it; in a table's Clause column
        (``clause_first``), the clause before the title of another document it stands in."""
        plan = self.plan
        return clause_where(clause, {plan.id: plan}, language, clause_first)

    def of_acted(self, event: Mapping) -> bool:
        """Whether a log entry of the drill's run is one of the documents no one plays
        (:attr:`acted`): logged under such a document, or the engine's entry of no document
        about a fire (its start, the lines it trips). None is, in a drill of one document."""
        others = {plan.id for plan in self.acted}
        plan = event.get("plan")
        return bool(others) and (plan in others or (plan is None and bool(event.get("fire"))))

    def cite_entry(self, event: Mapping, language: str, clause_first: bool = False) -> str:
        """A log entry of the drill's run cited as the drill's faces cite it (the report's
        timeline, the console's feed): an entry of a document no one plays (:meth:`of_acted`)
        as the run's log cites it, after its document's title (before it in a table's Clause
        column, ``clause_first``); any other where the played plan's rule stands, as the
        drill's own clauses are cited (:meth:`cite`)."""
        plan = self.plan
        plans = self.documents if self.of_acted(event) else {plan.id: plan}
        return entry_clause(event, explain(event, plans), language, clause_first)


def snapshot(scenario_path: str | Path) -> dict[str, str]:
    """The texts of a scenario file and of the area and plan files it names (validated first)."""
    from ..inputs import load_case, source_texts

    path = Path(scenario_path)
    try:
        missing = not path.is_file()
    except (OSError, ValueError):  # a name the system refuses (too long, a NUL): the loader says why
        missing = False
    if missing:
        raise InputError([Problem(str(path), 0, 0, "", Message("drill_refusal.no_scenario"))])
    case = load_case(path)
    if case.plan is None:
        raise InputError([Problem(str(path), 0, 0, "plans", Message("drill_refusal.no_response_plan"))])
    return source_texts(case)


def drawn(texts: Mapping[str, str], seed: int, replication: int = 0) -> Inputs:
    """The incident a drill on the stored ``texts`` plays under ``seed`` and ``replication``."""
    from ..inputs import stored_case

    case = stored_case(texts).changed(replication=replication)
    return Inputs(case, case.draw(seed))


def of_drill(record) -> Inputs:
    """The incident a stored drill plays (its texts, seed and replication)."""
    return drawn(record.inputs, record.seed, record.replication)
