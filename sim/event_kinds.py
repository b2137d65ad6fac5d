"""What kind of thing each log entry is: a warning step, a report, a declaration, a duty, …

A log entry's ``action`` is an id — a plan's own (a warning step, a reporting hop, a
duty) or an engine verb (``declare_response``). People read the kind instead
(``预警`` / ``Warning``, ``信息报告`` / ``Report``), and the walk-through shows only the
*key* events a class discusses (:func:`is_key`) — what set the incident going, its
beginning and first grading, the warning, each report hop, declaring, adjusting and
ending the response, escalation, backup fuel running out, a fire's turning points, a ban
enforced — and jumps between the *decisions* the plan leaves to a person (:func:`is_decision`). Which plan ids are which kind is read from the
plans, so any plan of the same shape sorts its events the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from .clauses import in_english
from .messages import section, shown, text

#: Work the engine itself does rather than a plan's duty (it appears in spans and in the
#: observed duty states as the duty), by id → the catalogue entry that names it.
SUPPRESS_FIRE = "suppress_fire"
ENGINE_WORK: dict[str, str] = {SUPPRESS_FIRE: "work.suppress_fire"}
#: The incident condition the engine derives from the scenario's date and the area's heating
#: season; conditions the engine itself sets, by id → the catalogue entry that names it
#: (a plan or an area that names one names it in its own words).
HEATING_SEASON = "heating_season"
ENGINE_CONDITIONS: dict[str, str] = {HEATING_SEASON: "condition.heating_season"}


def crew_key(kind: str, number: int) -> str:
    """Which crew sent to a fire a piece of work is: the ``number``-th of its ``kind`` (a
    fire-ban crew's id), as the observed duty states record it (``crew``)."""
    return f"{kind}#{number}"


def crew_parts(key: str) -> tuple[str, str]:
    """:func:`crew_key`'s kind and number back."""
    kind, _, number = key.partition("#")
    return kind, number

#: Engine verbs (the same for every plan) by kind.
VERBS: dict[str, str] = {
    "forecast": "inject", "fault": "inject", "hazard_begins": "inject", "hazard_ends": "inject",
    "demand_change": "inject", "demand_change_ends": "inject", "supply_change": "inject",
    "supply_change_ends": "inject",
    "classified": "classified", "reclassified": "classified", "below_levels": "classified",
    "declare_response": "declare", "discretionary_response": "declare",
    "adjustment_proposed": "adjust", "adjust_response": "adjust", "end_response": "end", "request_escalation": "escalation",
    "activate_measure": "measure", "carry_out_measure": "measure",
    "repair_start": "repair", "repaired": "repair", "switch_in": "repair", "no_crews": "repair",
    "shed_load": "load", "restore_shed_load": "load",
    "backup_power_started": "supply", "grid_supply_restored": "supply", "lost_power": "supply",
    "mobile_generator_connected": "supply", "mobile_generator_left": "supply",
    "backup_out_of_fuel": "fuel",
    "incident_begun": "onset", "incident_over": "onset", "incident_opened": "incident", "incident_closed": "incident",
    "fire_started": "fire", "fire_seen": "fire", "fire_contained": "fire", "fire_out": "fire",
    "major_fire": "fire", "line_tripped": "fire", "line_already_out": "fire", "crew_arrived": "fire", "dispatch_crews": "fire",
    "dispatch_reinforcements": "fire", "leaders_on_scene": "fire", "entry_permit": "fire",
    "relay_report": "report", "report_fire": "report",
    "stop_violation": "enforcement", "penalty": "enforcement", "trace_offender": "enforcement",
}

#: What a class walks through in key-events mode.
KEY_KINDS = frozenset({"warning", "report", "declare", "adjust", "end", "escalation", "fuel", "enforcement"})
#: Engine verbs a class walks through in key-events mode although the rest of their kind is
#: routine: what sets the incident going on the ground (a fault, a hazard, a secondary
#: incident, a fire), its beginning and first grading under a plan, and a fire's turning
#: points — the line it trips hands over to the blackout plan.
KEY_VERBS = frozenset({"fault", "hazard_begins", "incident_begun", "incident_over", "classified", "incident_opened",
                       "fire_started", "major_fire", "line_tripped", "fire_contained", "fire_out"})
#: Decisions the plan leaves to a person (a named unit decides); so is every step and duty
#: the plan leaves to its unit's judgement (``left_to_unit``: 视情况, 必要时).
DECISION_KINDS = frozenset({"declare", "adjust", "end", "escalation"})


#: The kind of a plan's logged step, by the part of the plan its list sits in (the head of
#: its path in :meth:`~sim.plan.response_plan.ResponsePlan.step_lists`): a confirmation is
#: the decision that comes before the end, so it reads as the end's.
STEP_KINDS = {"warning": "warning", "response_actions": "response_action", "termination": "end",
              "after_action": "after_action"}


def plan_kinds(plans: Mapping[str, Any] | Iterable[Any]) -> dict[tuple[str, str], str]:
    """Plan ids logged as actions, by kind: warning steps, hops, duties, actions once the
    response starts, after-action; each under its plan, ``(plan id, id)``. Ids are unique only
    within a plan: two plans of one scenario may call a step of one and a duty of the other
    alike, and a log entry names the plan it was logged under (``plan``), so an id is read
    among its own plan's (:func:`kind_of`)."""
    table: dict[tuple[str, str], str] = {}
    for plan in plans.values() if isinstance(plans, Mapping) else plans:
        if getattr(plan, "warning", None) is not None:
            for steps in plan.step_lists():
                for step in steps.steps:
                    table.setdefault((plan.id, step.id), STEP_KINDS[steps.path[0]])
            for hop in plan.reporting.hops:
                table.setdefault((plan.id, hop.id), "report")
        for _, duty in plan.all_duties():
            table.setdefault((plan.id, duty.id), "duty")
    return table


def kind_of(event: Mapping, kinds: Mapping[tuple[str, str], str]) -> str:
    """The kind of one log entry: its action among the ids of the plan it names
    (:func:`plan_kinds`), else the engine's verb; ``other`` for an action neither names."""
    action = event.get("action", "")
    return kinds.get((event.get("plan"), action)) or VERBS.get(action, "other")


def left_to_units(plans: Mapping[str, Any] | Iterable[Any]) -> frozenset[tuple[str, str]]:
    """The steps and duties each plan leaves to its unit's judgement, as ``(plan id, id)``:
    logged under their ids, they are decisions a person takes as much as declaring a level."""
    found: set[tuple[str, str]] = set()
    for plan in plans.values() if isinstance(plans, Mapping) else plans:
        if getattr(plan, "warning", None) is not None:
            found.update((plan.id, step.id) for step in plan.all_steps() if step.left_to_unit)
        found.update((plan.id, duty.id) for _, duty in plan.all_duties() if getattr(duty, "left_to_unit", False))
    return frozenset(found)


def is_key(event: Mapping, kinds: Mapping[tuple[str, str], str]) -> bool:
    """Whether a class walks through the entry in key-events mode (:data:`KEY_KINDS`, :data:`KEY_VERBS`)."""
    return kind_of(event, kinds) in KEY_KINDS or event.get("action") in KEY_VERBS


def is_decision(event: Mapping, kinds: Mapping[tuple[str, str], str], left: frozenset[tuple[str, str]]) -> bool:
    """Whether the entry is a decision the plan leaves to a person: a level declared,
    adjusted or ended, an escalation, or a step or duty left to its unit (``left``:
    :func:`left_to_units`)."""
    return kind_of(event, kinds) in DECISION_KINDS or (event.get("plan"), event.get("action")) in left


def kind_name(kind: str, language: str) -> str:
    """The kind as people say it, in ``language``."""
    return text(f"kind.{kind}", language)


#: What a log entry's or an expected action's ``source`` says when it is not a clause of a
#: plan: the engine's own reading, the scenario, or an assumption where the plan is silent —
#: and who logs an entry when no unit does (the model, the scenario): the catalogue entry
#: that names each, for every face.
NOT_CLAUSES = {"model": "log.model", "scenario": "common.scenario", "assumption": "common.assumption"}


#: The named parts of a document (序言) as an English reader reads them: Chinese -> English.
_PARTS = dict(section("clause_part.").values())


@lru_cache(maxsize=4096)
def _in_english(clause: str) -> str:
    """:func:`sim.clauses.in_english` of a clause, worked out once: a run's log cites a few
    dozen clauses hundreds of times."""
    return in_english(clause, _PARTS)


def clause_label(clause: str, language: str) -> str:
    """A clause as people read it: the one function every face cites a clause through.

    In words what stands in place of a clause (which also names who logs an entry when no
    unit does: the model, the scenario); else the clause, in Chinese as the document numbers
    it (附件2 三（一）) and in English as :func:`sim.clauses.in_english` renders that
    numbering (Annex 2, III(1)); for a reader of both, both."""
    if clause in NOT_CLAUSES:
        return text(NOT_CLAUSES[clause], language)
    return shown({"zh": clause, "en": _in_english(clause)}, language)
