"""Paired replications: the same seeds under two versions of the plans, outcome by outcome.

A what-if question ("what if the county reported in 1 hour instead of 2?") is answered by
running one scenario under the original and the edited plans with the *same* seeds. The
engine draws each source of randomness from its own named stream, so a seed gives both
versions the same incident — the same damaged feeders, the same repair times — and a
difference in outcome is the plan's doing, not luck (common random numbers).

:func:`paired` only needs two functions ``seed -> result``; how the runs are made (one by
one, cached, in parallel) is the caller's choice, so a sweep module can replace the loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from statistics import fmean

from .report import hours_at_levels, incidents_opened, unit_hours
from .sweep.compare import Interval, differences, interval

#: The secondary-incident kind counted as a fire when a run has no fire-ban summary.
FIRE = "fire"
#: Hours closer than this are the same hours (results are rounded to 3 decimals).
TOLERANCE_H = 1e-6


@dataclass(frozen=True)
class Outcome:
    """What a planner compares between two versions of a plan, for one run."""

    max_level: str | None
    hours_at: dict[str, float] = field(default_factory=dict)
    level_changes: int = 0
    termination_h: float | None = None
    unit_hours: float = 0.0
    fires: int = 0
    burned_ha: float = 0.0


def outcome(result: Mapping) -> Outcome:
    """The measures of one run; fires come from the fire-ban summary when the run has one
    (every fire started), else from the secondary incidents of kind ``fire``."""
    summary = result.get("summary") or {}
    fires = (summary.get("fire") or {}).get("fires")
    return Outcome(
        max_level=summary.get("max_response_level"),
        hours_at=hours_at_levels(result),
        level_changes=len(summary.get("level_changes") or []),
        termination_h=summary.get("terminated_at_h"),
        unit_hours=unit_hours(result),
        fires=fires["started"] if fires else incidents_opened(result, FIRE),
        burned_ha=fires.get("hectares_burned", 0.0) if fires else 0.0,
    )


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= TOLERANCE_H


def changes(a: Outcome, b: Outcome) -> tuple[str, ...]:
    """The measures that differ between two outcomes (``hours_at:<level>`` per level)."""
    changed = []
    if a.max_level != b.max_level:
        changed.append("max_level")
    for level in sorted(set(a.hours_at) | set(b.hours_at)):
        if not _same(a.hours_at.get(level, 0.0), b.hours_at.get(level, 0.0)):
            changed.append(f"hours_at:{level}")
    if a.level_changes != b.level_changes:
        changed.append("level_changes")
    if not _same(a.termination_h, b.termination_h):
        changed.append("termination_h")
    if not _same(a.unit_hours, b.unit_hours):
        changed.append("unit_hours")
    if a.fires != b.fires:
        changed.append("fires")
    if not _same(a.burned_ha, b.burned_ha):
        changed.append("burned_ha")
    return tuple(changed)


@dataclass(frozen=True)
class Pair:
    seed: int
    original: Outcome
    edited: Outcome

    @property
    def changed(self) -> tuple[str, ...]:
        return changes(self.original, self.edited)


def paired(seeds: Iterable[int], run_original: Callable[[int], Mapping], run_edited: Callable[[int], Mapping],
           progress: Callable[[int, int], None] | None = None) -> list[Pair]:
    """Run both versions on every seed; ``progress(done, total)`` after each run."""
    seeds = list(seeds)
    total, done, pairs = 2 * len(seeds), 0, []
    for seed in seeds:
        outcomes = []
        for run in (run_original, run_edited):
            outcomes.append(outcome(run(seed)))
            done += 1
            if progress is not None:
                progress(done, total)
        pairs.append(Pair(seed, *outcomes))
    return pairs


@dataclass(frozen=True)
class Comparison:
    """One measure across the replications: original and edited means, how often it
    differs, and the paired difference (edited − original, over the pairs where both
    runs have a value) with its 95 % confidence interval — the same statistics a sweep's
    comparison gives, so a planner can tell a real change from the spread of the runs."""

    measure: str
    original: float | None
    edited: float | None
    differs: int
    difference: Interval


def compare(pairs: list[Pair], levels: Iterable[str]) -> list[Comparison]:
    """Means per measure over the pairs (termination over the runs that terminated).

    ``levels`` are the plan's response levels, highest first: the highest level reached is
    compared by rank (1 = the lowest level, 0 = no response), and hours are listed per level.
    """
    levels = list(levels)
    rank = {level: len(levels) - i for i, level in enumerate(levels)}

    def mean(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return fmean(present) if present else None

    def row(measure: str, get: Callable[[Outcome], float | None]) -> Comparison:
        a = [get(p.original) for p in pairs]
        b = [get(p.edited) for p in pairs]
        differs = sum(1 for x, y in zip(a, b) if not _same(x, y))
        return Comparison(measure, mean(a), mean(b), differs, interval(differences(a, b)))

    rows = [row("max_level", lambda o: float(rank.get(o.max_level, 0)))]
    rows += [row(f"hours_at:{level}", lambda o, level=level: o.hours_at.get(level, 0.0)) for level in levels]
    rows += [
        row("level_changes", lambda o: float(o.level_changes)),
        row("termination_h", lambda o: o.termination_h),
        row("unit_hours", lambda o: o.unit_hours),
        row("fires", lambda o: float(o.fires)),
        row("burned_ha", lambda o: o.burned_ha),
    ]
    return rows
