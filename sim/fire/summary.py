"""What a run's fire bans came to: ``summary.fire`` and the ``fire`` time series.

The summary answers the planner's questions in counts and hours: who tried, who broke
the bans (by activity, zone and place — a place is a zone and a band of distances from
its edge, so a place beyond every band is counted under the zone it is measured from,
and read by its place), who was caught, by which unit carrying out which duty, what fires started and
from what, how many hectares burned, how long from ignition to the 12119 call and to
containment, which lines tripped, what fines and referrals followed, and how many
team-hours the patrols put in. The series (:class:`AreaSeries`) is the area burned
over time, for a chart.
"""

from __future__ import annotations

import math
from collections import Counter


def _counts(counter: Counter) -> dict:
    return {key: counter[key] for key in sorted(counter)}


def _spread(values: list[float]) -> dict:
    return {"n": len(values), "mean": sum(values) / len(values) if values else None,
            "max": max(values) if values else None}


def summarise(run) -> dict:
    counts = run.counts
    fires = run.fires
    by_zone: Counter = Counter()
    for zones in run.by_activity_zone.values():
        by_zone.update(zones)
    report_times = [f.reported_h - f.ignited_h for f in fires if f.reported_h is not None]
    contain_times = [f.contained_h - f.ignited_h for f in fires if f.contained_h is not None]
    hours = run.patrol_hours()
    section = run.section
    return {
        "dates": {"start": section.dates.start.isoformat(), "end": section.dates.end.isoformat()},
        "attempts": {"total": sum(counts["attempts"].values()), "by_activity": _counts(counts["attempts"])},
        "legal": _counts(counts["legal"]),
        "deterred": _counts(counts["deterred"]),
        "turned_back": {"total": sum(counts["turned_back"].values()), "by_zone": _counts(counts["turned_back"])},
        "violations": {
            "total": sum(counts["violations"].values()),
            "by_activity": _counts(counts["violations"]),
            "by_zone": _counts(by_zone),
            "by_place": _counts(counts["violations_by_place"]),
            "by_activity_zone": {a: _counts(z) for a, z in sorted(run.by_activity_zone.items())},
            "by_activity_place": {a: _counts(p) for a, p in sorted(run.by_activity_place.items())},
        },
        "caught": {"total": sum(counts["caught"].values()), "by_activity": _counts(counts["caught"]),
                   "by_unit": _counts(counts["caught_by"]), "by_duty": _counts(counts["caught_by_duty"]),
                   "traced_after_fire": _counts(counts["traced"])},
        "fires": {
            "started": len(fires),
            "by_activity": _counts(counts["fires"]),
            "from_violations": sum(1 for f in fires if f.verdict.prohibited),
            "major": sum(1 for f in fires if f.major_h is not None),
            "still_burning": sum(1 for f in fires if f.contained_h is None),
            "hectares_burned": sum(f.front.area_ha for f in fires),
            "forest_hectares_burned": sum(f.front.area_ha for f in fires if f.forest),
            "corridors_reached": [c for f in fires for c in f.corridors],
            "list": [_fire(f) for f in fires],
        },
        "ignition_to_report_h": _spread(report_times),
        "ignition_to_containment_h": _spread(contain_times),
        "fines": {
            "total_yuan": sum(yuan for _, yuan in run.fines.values()),
            "count": sum(n for n, _ in run.fines.values()),
            "by_penalty": {key: {"count": n, "yuan": yuan} for key, (n, yuan) in sorted(run.fines.items())},
        },
        "referrals": _counts(run.referrals),
        "patrol_hours": {"total": sum(hours.values()), "by_patrol": dict(sorted(hours.items()))},
        "scripted": [run.scripted[i] for i in sorted(run.scripted)],
    }


def _fire(fire) -> dict:
    a = fire.attempt
    return {
        "id": fire.id,
        "attempt": a.index,
        "activity": a.activity,
        "place": a.place.id,
        "zone": a.place.zone,
        "prohibited": fire.verdict.prohibited,
        "ignition_h": fire.ignited_h,
        "seen_h": fire.seen_h,
        "reported_h": fire.reported_h,
        "relayed_h": fire.relayed_h,
        "first_crew_h": fire.arrived_h,
        "major_h": fire.major_h,
        "contained_h": fire.contained_h,
        "out_h": fire.out_h,
        "hectares": fire.front.area_ha,
        "corridors": list(fire.corridors),
        "incidents": list(fire.incidents),
        "offender_known": fire.traced,
    }


class AreaSeries:
    """The ``fire`` series, kept as the fires burn: rows ``{t_h, burned_ha, burning}``,
    the total area burned and the fires still spreading, each row the state from ``t_h`` on.

    Every fire steps on its own clock (from its ignition), so a row per change would be a
    row per fire and step: tens of thousands of fires burning for weeks would fill the
    memory with a chart nobody can read. The series is therefore kept on a grid — the
    fires' step, or coarser when the run is so long that it would give more than
    :data:`MAX_ROWS` rows — and a change is shown at the first grid moment at or after it
    (a fire that ignites at 12.37 h with 6-minute steps burns from 12.4 h on the chart).
    Memory is bounded by the run's length, whatever the number of fires; the summary's
    figures are exact and do not come from here.
    """

    #: A chart is a few thousand pixels wide: more rows than this show nothing more.
    MAX_ROWS = 10_000

    __slots__ = ("resolution_h", "rows", "_burned", "_burning")

    def __init__(self, step_h: float, horizon_h: float):
        self.resolution_h = max(step_h, horizon_h / self.MAX_ROWS)
        self.rows: list[tuple[float, float, int]] = []
        self._burned = 0.0
        self._burning = 0

    def change(self, t_h: float, grown_ha: float = 0.0, burning: int = 0) -> None:
        """At ``t_h`` the fires together grew by ``grown_ha`` and ``burning`` more (or fewer) burn."""
        self._burned += grown_ha
        self._burning += burning
        moment = math.ceil(t_h / self.resolution_h - 1e-9) * self.resolution_h
        row = (moment, self._burned, self._burning)
        if self.rows and self.rows[-1][0] == moment:
            self.rows[-1] = row
        else:
            self.rows.append(row)

    def as_rows(self) -> list[dict]:
        return [{"t_h": t, "burned_ha": burned, "burning": burning} for t, burned, burning in self.rows]
