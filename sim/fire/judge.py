"""Is this attempt prohibited, and what follows? :func:`sim.bans.check`, remembered.

Every attempt in a run is judged by :func:`sim.bans.check` on its date, zone, distance
from the zone's edge and activity — the same function the ``check`` command and the
app use, so the simulation cannot drift from the notices. A check costs about a tenth
of a millisecond; a sweep judges millions of attempts. The answer depends on the
distance only through which ``buffer_m`` bands it lies in (a zone rule holds up to
``buffer_m`` beyond the edge, a jurisdiction rule anywhere in the jurisdiction), so
answers are remembered per date, activity, zone and band, and the first distance seen
in a band stands for the band.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..bans import check
from ..engine.rules import clause
from ..plan import BanNotice
from ..plan.ban_notice import Penalty


@dataclass(frozen=True, slots=True)
class AppliedRule:
    plan: str
    rule: str
    clause: str
    penalties: tuple[Penalty, ...]
    periods: tuple[str, ...] = ()  # the rule's periods in force on the day: why it holds then


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the notices say about one attempt: the rules that prohibit it and the
    requirements in force at that place on that day, as ``(plan, id)`` pairs."""

    prohibited: bool
    rules: tuple[AppliedRule, ...]
    requirements: frozenset[tuple[str, str]]


class Judge:
    def __init__(self, plans: Mapping[str, object]):
        self.notices = [p for p in plans.values() if isinstance(p, BanNotice)]
        self._bands: dict[str, list[float]] = {}
        for notice in self.notices:
            areas = [rule.area for rule in notice.rules] + [r.area for r in notice.requirements if r.area]
            for area in areas:
                for zone in area.zones:
                    self._bands.setdefault(zone, []).append(area.buffer_m)
        for zone, bands in self._bands.items():
            self._bands[zone] = sorted(set(bands))
        self._memo: dict[tuple, Verdict] = {}

    def __call__(self, date: dt.date, activity: str, zone: str, distance_m: float) -> Verdict:
        band = bisect.bisect_left(self._bands.get(zone, ()), distance_m)
        key = (date, activity, zone, band)
        verdict = self._memo.get(key)
        if verdict is None:
            verdict = self._memo[key] = self._check(date, activity, zone, distance_m)
        return verdict

    def requirement_in_force(self, date: dt.date, activity: str, zone: str, plan: str, requirement: str) -> bool:
        return (plan, requirement) in self(date, activity, zone, 0.0).requirements

    def _check(self, date, activity, zone, distance_m) -> Verdict:
        result = check(self.notices, date, activity, zone, distance_m)
        rules = tuple(
            AppliedRule(r.plan, r.rule.id, clause(r.rule), r.penalties, tuple(p.id for p in r.periods))
            for r in result.rules
        )
        return Verdict(result.prohibited, rules, frozenset((plan, req.id) for plan, req in result.requirements_in_force))
