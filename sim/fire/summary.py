"""What a run's fire bans came to: ``summary.fire`` and the ``fire`` time series.

The summary answers the planner's questions in counts and hours: who tried, who broke
the bans (by activity, zone and place — a place is a zone and a band of distances from
its edge), who was caught, by which unit carrying out which duty, what fires started and
from what, how many hectares burned, how long from ignition to the 12119 call and to
containment, which lines tripped, what fines and referrals followed, and how many
team-hours the patrols put in. The series is the area burned over time, for a chart.
"""

from __future__ import annotations

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


def area_series(entries: list[tuple]) -> list[dict]:
    """Rows ``{t_h, burned_ha, burning}``: total area burned and fires still spreading,
    one row per moment anything changed (the state from ``t_h`` on)."""
    areas: dict[int, float] = {}
    total = 0.0
    burning = 0
    rows: list[dict] = []
    for t, k, area, delta in sorted(entries, key=lambda e: (e[0], e[1])):
        total += area - areas.get(k, 0.0)
        areas[k] = area
        burning += delta
        row = {"t_h": t, "burned_ha": total, "burning": burning}
        if rows and rows[-1]["t_h"] == t:
            rows[-1] = row
        else:
            rows.append(row)
    return rows
