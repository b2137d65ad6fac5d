"""Who tries to light a fire, where and when: every attempt of a run, drawn up front.

For each day, activity and place the number of attempts is Poisson with the place's
rate times the day's calendar factor. Each attempt then gets its moment (uniform in the
activity's hours), its distance from the zone's edge (uniform in the place's band), its
duration, and one uniform number for every later chance it meets — compliance, the
checkpoint, the patrols, ignition, the enforcement outcome, who sees the fire and how
fast the crews come. Each kind of chance has its own stream (``fire.attempts``,
``fire.timing``, ``fire.distance``, ``fire.compliance``, ``fire.checkpoint``,
``fire.patrol``, ``fire.ignition``, ``fire.enforcement``, ``fire.detection``,
``fire.response``), and every attempt takes its numbers whether it needs them or not.

That is what makes plan variants comparable (common random numbers): the attempts do
not depend on the plans, so a variant with the lockdown lifted sees the very same
people at the very same graves on the very same windy afternoon, and differs only in
what the notices make of them. Attempts outside the scenario's horizon are dropped
after their numbers are drawn, so the horizon does not shift anyone else's numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

from ..inputs.fire_ban import ActivitySpec, FireBan, Place, Scripted


@dataclass(slots=True)
class Attempt:
    index: int
    t_h: float
    day: dt.date
    hour: float
    spec: ActivitySpec
    place: Place
    distance_m: float
    duration_h: float
    ignite_after_h: float
    scripted: Scripted | None
    u_comply: float
    u_checkpoint: float
    u_catch: float
    u_patrol: float
    u_ignite: float
    u_serious: float
    u_obstruct: float
    u_identify: float
    u_fine: float
    u_detect: list[float]
    u_travel: list[float]
    u_mop_up: float

    @property
    def activity(self) -> str:
        return self.spec.activity


def generate(section: FireBan, start: dt.datetime, horizon_h: float, streams) -> list[Attempt]:
    """Every attempt of the run in time order (random ones, then the scripted ones)."""
    places = {p.id: p for p in section.places}
    specs = {s.activity: s for s in section.activities}
    midnight = dt.datetime.combine(start.date(), dt.time())
    offset_h = (start - midnight).total_seconds() / 3600.0  # the start's hour of the day
    cells: list[tuple[ActivitySpec, Place]] = []
    columns: list[tuple[float, ...]] = []  # per cell: rate, midnight (h from start), hour span, duration and distance spans
    for day in section.days():
        day_h = (dt.datetime.combine(day, dt.time()) - start).total_seconds() / 3600.0
        for spec in section.activities:
            factor = spec.busy_factor(day)
            for rate in spec.rates:
                place = places[rate.place]
                cells.append((spec, place))
                columns.append((rate.per_day * factor, day_h, spec.hours.start_h, spec.hours.length_h,
                                spec.duration_h.min, spec.duration_h.max, place.distance_m.min, place.distance_m.max))
    table = np.array(columns, dtype=float).reshape(-1, 8)
    counts = streams.generator("fire.attempts").poisson(table[:, 0]) if len(table) else np.zeros(0, dtype=int)
    cell = np.repeat(np.arange(len(cells)), counts)
    drawn = len(cell)
    n = drawn + len(section.scripted)
    detectors, crews = len(section.detection), len(section.crews)
    timing = streams.generator("fire.timing").random((n, 3))
    distance = streams.generator("fire.distance").random(n)
    comply = streams.generator("fire.compliance").random(n).tolist()
    checkpoint = streams.generator("fire.checkpoint").random(n).tolist()
    patrol = streams.generator("fire.patrol").random((n, 2)).tolist()
    ignite = streams.generator("fire.ignition").random(n).tolist()
    enforce = streams.generator("fire.enforcement").random((n, 4)).tolist()
    detect = streams.generator("fire.detection").random((n, detectors)).tolist()
    response = streams.generator("fire.response").random((n, crews + 1)).tolist()

    rows = table[cell]
    t_h = rows[:, 1] + rows[:, 2] + timing[:drawn, 0] * rows[:, 3]  # hours past 24: after midnight
    duration = rows[:, 4] + timing[:drawn, 1] * (rows[:, 5] - rows[:, 4])
    after = timing[:drawn, 2] * duration
    dist = rows[:, 6] + distance[:drawn] * (rows[:, 7] - rows[:, 6])
    scripted: list[tuple] = []
    for k, script in enumerate(section.scripted):
        u_after = timing[drawn + k, 2]
        scripted.append((drawn + k, script.at_h, specs[script.activity], places[script.place], script.distance_m,
                         script.duration_h, 0.0 if script.ignites else u_after * script.duration_h, script))
    random_ones = zip(range(drawn), t_h.tolist(), (cells[c] for c in cell.tolist()), dist.tolist(),
                      duration.tolist(), after.tolist())
    everything = [(i, t, spec, place, d, dur, aft, None) for i, t, (spec, place), d, dur, aft in random_ones]
    everything += scripted
    everything.sort(key=itemgetter(1, 0))  # by time, then by draw

    attempts: list[Attempt] = []
    first_day = start.date()
    for i, t, spec, place, d, dur, aft, script in everything:
        if not 0 <= t < horizon_h:
            continue
        clock = offset_h + t
        days, hour = divmod(clock, 24.0)
        attempts.append(Attempt(
            i, t, first_day + dt.timedelta(days=int(days)), hour, spec, place, d, dur, aft, script,
            comply[i], checkpoint[i], patrol[i][0], patrol[i][1], ignite[i],
            enforce[i][0], enforce[i][1], enforce[i][2], enforce[i][3],
            detect[i], response[i][:crews], response[i][crews],
        ))
    return attempts
