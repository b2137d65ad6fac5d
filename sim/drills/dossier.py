"""Everything filed with a drill that its evaluation report shows beside the evaluation itself.

The report (:mod:`sim.drills.report`) is a pure function of what it is given; this module
gathers, from the database, the parts that are not the replay: the drill's objectives
(as the facilitator set them), its findings, its improvement items and those of the
earlier drills of the same scenario, and — for a fork — the original drill evaluated
as it stands, to compare with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from ..errors import InputError
from . import db
from . import objectives as objectives_mod
from .evaluate import Evaluation, evaluate
from .findings import Finding, findings
from .fork import lineage
from .improvement import Improvement, earlier, listing
from .replay import AnswerKey, Replay, answer_key, replay


@dataclass(frozen=True)
class Original:
    """The drill a fork came from, as it stands, and the moment of the fork."""

    state: Replay
    key: AnswerKey
    evaluation: Evaluation
    fork_h: float


@dataclass(frozen=True)
class Dossier:
    objectives: tuple[objectives_mod.Objective, ...]
    findings: tuple[Finding, ...]
    filed: tuple[Improvement, ...] = field(default_factory=tuple)
    earlier: tuple[Improvement, ...] = field(default_factory=tuple)
    original: Original | None = None


def bare(state: Replay, key: AnswerKey, evaluation: Evaluation) -> Dossier:
    """What can be said without the database: the scenario's objectives and the findings."""
    return Dossier(tuple(objectives_mod.of_scenario(state.inputs.scenario)), tuple(findings(state, key, evaluation)))


def gather(engine: Engine, state: Replay, key: AnswerKey, evaluation: Evaluation) -> Dossier:
    drill_id = state.record.id
    origin = lineage(engine, drill_id)
    original = None
    if origin is not None:
        try:
            record = db.load_drill(engine, origin.parent_id)
        except InputError:  # the original was deleted: the fork stands alone
            record = None
        if record is not None:
            parent = replay(record)
            parent_key = answer_key(record)
            original = Original(parent, parent_key, evaluate(parent, parent_key), origin.fork_h)
    return Dossier(
        tuple(objectives_mod.of_drill(engine, drill_id, state.inputs.scenario)),
        tuple(findings(state, key, evaluation)),
        tuple(listing(engine, drill_id=drill_id)),
        tuple(earlier(engine, drill_id)),
        original,
    )
