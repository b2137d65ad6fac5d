"""A drill's objectives (演练目标) and how far each is met, live.

An objective says what the exercise sets out to test — “the outage is reported hop by
hop in time” — and is judged on the plan's expected actions of some kinds (reports),
optionally of some units. The scenario file states its objectives; a scenario that
states none gets one per kind of decision the plan gives (warning, reporting,
response decisions, crews, duties and steps). The facilitator may edit a drill's
objectives; the edited list is stored with the drill and replaces the scenario's.

“x / y met”: of the ``y`` expected actions an objective covers that have fallen due so
far, ``x`` were done on time (an action still open counts in ``y`` and not yet in ``x``;
a decision the plan leaves to the unit and its player declined counts in neither).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import get_args

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from ..messages import LANGUAGES, Message, bilingual, said, text
from ..inputs.scenario import DecisionKind
from . import db
from .actions import typed_kinds
from .evaluate import NOT_OWED, Evaluation, Item
from .paper_tables import objectives as table
from .paper_tables import read_options, write_options
from .refusals import refused
from .text import TEXT_LIMIT, checked, limit_of

DECISIONS = get_args(DecisionKind)

#: Objectives of a scenario that states none: one per group of the plan's decisions
#: (their texts are ``drill_objective.<key>`` in the catalogue).
DEFAULTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("warning", ("warning_step", "lift_warning")),
    ("reporting", ("report",)),
    ("command", ("declare", "adjust", "end", "discretion", "escalate")),
    ("restoration", ("dispatch",)),
    ("duties", ("duty", "step")),
)


@dataclass(frozen=True)
class Objective:
    key: str
    text: Mapping[str, str]
    actions: tuple[str, ...]
    units: tuple[str, ...] = ()

    def covers(self, item: Item) -> bool:
        """Whether ``item`` (an expected action) is one this objective is judged on."""
        return item.kind in self.actions and (not self.units or item.role in self.units)


@dataclass(frozen=True)
class Progress:
    objective: Objective
    items: tuple[Item, ...] = field(default_factory=tuple)

    @property
    def due(self) -> int:
        """The covered actions that fell due, less what was not owed (a decision declined)."""
        return sum(1 for i in self.items if i.status not in NOT_OWED)

    @property
    def met(self) -> int:
        return sum(1 for i in self.items if i.status == "on_time")

    @property
    def percent(self) -> float | None:
        """Points over scored actions, as the unit scores are (late counts half)."""
        scored = [i.points for i in self.items if i.points is not None]
        return None if not scored else round(100.0 * sum(scored) / len(scored), 1)


def of_scenario(scenario) -> list[Objective]:
    """The scenario's own objectives, or the defaults."""
    if scenario.objectives:
        return [Objective(o.id, bilingual(o.text), tuple(o.actions), tuple(o.units))
                for o in scenario.objectives]
    return [Objective(key, said(f"drill_objective.{key}"),
                      kinds) for key, kinds in DEFAULTS]


def of_drill(engine: Engine, drill_id: int, scenario) -> list[Objective]:
    """The drill's objectives: as the facilitator edited them, else the scenario's."""
    with db.reading(engine) as connection:
        rows = connection.execute(
            select(table).where(table.c.drill_id == drill_id).order_by(table.c.position)
        ).mappings().all()
    if not rows:
        return of_scenario(scenario)
    return [Objective(r["key"], dict(r["text"]), tuple(r["actions"]), tuple(r["units"])) for r in rows]



#: The key an objective added on a page gets (``objective-3``): the facilitator names an
#: objective by its text, and the key only tells the drill's objectives apart.
NEW_KEY = "objective-{n}"


def _fresh_key(n: int, taken: set[str]) -> str:
    while NEW_KEY.format(n=n) in taken:
        n += 1
    return NEW_KEY.format(n=n)


def check(objectives: Sequence[Objective], units: Iterable[str]) -> list[Objective]:
    """Objectives as typed by a facilitator, checked: text a drill can keep
    (:func:`sim.drills.text.checked`; a text refused names ``objectives.<n>.<language>``),
    both texts, at least one kind of action (as a scenario's objective: an objective judged
    on nothing would never be met), known kinds and units. One without a key gets a fresh
    one; keys are not repeated."""
    known = set(units)
    taken = {o.key.strip() for o in objectives}
    seen: set[str] = set()
    clean = []
    for n, objective in enumerate(objectives, start=1):
        where = f"objectives.{n}"
        checked(objective.key, where, limit=limit_of(table.c.key))
        for language in LANGUAGES:  # what the facilitator typed, said at its position in its own box
            checked(objective.text.get(language) or "", f"{where}.{language}", limit=TEXT_LIMIT)
        key = objective.key.strip() or _fresh_key(n, taken | seen)
        if key in seen:
            raise refused(where, Message("drill_objective.twice", key=repr(key)))
        seen.add(key)
        zh, en = (objective.text.get("zh") or "").strip(), (objective.text.get("en") or "").strip()
        if not (zh or en):
            raise refused(where, Message("drill_objective.no_text", key=repr(key)))
        if not objective.actions:
            raise refused(where, Message("drill_objective.no_actions", name={"zh": zh or en, "en": en or zh}))
        unknown = [k for k in objective.actions if k not in DECISIONS]
        if unknown:
            raise refused(where, Message("drill_objective.unknown_kind", kind=repr(unknown[0]),
                                         kinds=typed_kinds(DECISIONS)))
        strangers = [u for u in objective.units if u not in known]
        if strangers:
            raise refused(where, Message("drill_objective.unknown_unit", unit=repr(strangers[0])))
        clean.append(Objective(key, {"zh": zh or en, "en": en or zh}, tuple(objective.actions), tuple(objective.units)))
    return clean


def save(engine: Engine, drill_id: int, objectives: Sequence[Objective], units: Iterable[str], *,
         key: str | None) -> list[Objective]:
    """Replace the drill's objectives with ``objectives`` (the facilitator's; checked first,
    nothing is written on an error); refused on an archived drill, checked in the write's
    own transaction."""
    with db.writing(engine) as connection:
        db.facilitator_writing(connection, drill_id, key)
        clean = check(objectives, units)
        connection.execute(delete(table).where(table.c.drill_id == drill_id))
        for position, objective in enumerate(clean):
            connection.execute(insert(table).values(
                drill_id=drill_id, position=position, key=objective.key, text=dict(objective.text),
                actions=list(objective.actions), units=list(objective.units)))
    return clean


def shared(engine: Engine, drill_id: int) -> bool:
    """Whether the facilitator lets participants see the objectives' progress."""
    return read_options(engine, drill_id).share_objectives


def share(engine: Engine, drill_id: int, on: bool, *, key: str | None) -> None:
    with db.writing(engine) as connection:
        db.facilitator_writing(connection, drill_id, key)
        write_options(connection, drill_id, share_objectives=bool(on))


def progress(objectives: Sequence[Objective], evaluation: Evaluation) -> list[Progress]:
    """Each objective with the expected actions it covers so far."""
    return [Progress(o, tuple(i for i in evaluation.items if o.covers(i))) for o in objectives]


def met_line(entry: Progress, language: str) -> str:
    """“x / y met” in words."""
    return text("drill_objective.met", language, met=entry.met, due=entry.due)


#: The four-grade scale each objective is rated on (after HSEEP's P/S/M/U), by the
#: objective's score (points over scored actions, late counting half): at least this
#: many percent for each grade, the first that fits.
RATINGS: tuple[tuple[str, float], ...] = (("P", 90.0), ("S", 70.0), ("M", 40.0), ("U", 0.0))


def rating(entry: Progress) -> str | None:
    """P 完全达成, S 基本达成, M 部分达成 or U 未能达成; None while nothing is scored."""
    percent = entry.percent
    if percent is None:
        return None
    return next(grade for grade, floor in RATINGS if percent >= floor)
