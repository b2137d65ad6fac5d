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

from .spec import ActivitySpec, FireBan, Place, Scripted


@dataclass(slots=True)
class Attempt:
    index: int
    t_h: float
    moment: dt.datetime
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

    @property
    def day(self) -> dt.date:
        return self.moment.date()


def busy_factor(spec: ActivitySpec, day: dt.date) -> float:
    factor = 1.0
    for busy in spec.calendar:
        if busy.dates.start <= day <= busy.dates.end:
            factor *= busy.factor
    return factor


def generate(section: FireBan, start: dt.datetime, horizon_h: float, streams) -> list[Attempt]:
    """Every attempt of the run in time order (random ones, then the scripted ones)."""
    places = {p.id: p for p in section.places}
    specs = {s.activity: s for s in section.activities}
    cells: list[tuple[dt.date, ActivitySpec, Place]] = []
    rates: list[float] = []
    for day in section.days():
        for spec in section.activities:
            factor = busy_factor(spec, day)
            for rate in spec.rates:
                cells.append((day, spec, places[rate.place]))
                rates.append(rate.per_day * factor)
    counts = streams.generator("fire.attempts").poisson(rates).tolist() if rates else []
    drawn = [cell for cell, count in zip(cells, counts) for _ in range(count)]
    n = len(drawn) + len(section.scripted)
    detectors, crews = len(section.detection), len(section.crews)
    timing = streams.generator("fire.timing").random((n, 3)).tolist()
    distance = streams.generator("fire.distance").random(n).tolist()
    comply = streams.generator("fire.compliance").random(n).tolist()
    checkpoint = streams.generator("fire.checkpoint").random(n).tolist()
    patrol = streams.generator("fire.patrol").random((n, 2)).tolist()
    ignite = streams.generator("fire.ignition").random(n).tolist()
    enforce = streams.generator("fire.enforcement").random((n, 4)).tolist()
    detect = streams.generator("fire.detection").random((n, detectors)).tolist()
    response = streams.generator("fire.response").random((n, crews + 1)).tolist()

    attempts: list[Attempt] = []

    def add(i, moment, spec, place, distance_m, duration_h, ignite_after_h, scripted):
        t_h = (moment - start).total_seconds() / 3600.0
        if not 0 <= t_h < horizon_h:
            return
        attempts.append(Attempt(
            i, t_h, moment, spec, place, distance_m, duration_h, ignite_after_h, scripted,
            comply[i], checkpoint[i], patrol[i][0], patrol[i][1], ignite[i],
            enforce[i][0], enforce[i][1], enforce[i][2], enforce[i][3],
            detect[i], response[i][:crews], response[i][crews],
        ))

    for i, (day, spec, place) in enumerate(drawn):
        u_hour, u_duration, u_moment = timing[i]
        hours = spec.hours.start_h + u_hour * spec.hours.length_h  # past 24: after midnight
        moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hours)
        duration = spec.duration_h.at(u_duration)
        add(i, moment, spec, place, place.distance_m.at(distance[i]), duration, u_moment * duration, None)
    for k, script in enumerate(section.scripted):
        i = len(drawn) + k
        moment = start + dt.timedelta(hours=script.at_h)
        after = 0.0 if script.ignites else timing[i][2] * script.duration_h
        add(i, moment, specs[script.activity], places[script.place], script.distance_m, script.duration_h, after,
            script)
    attempts.sort(key=lambda a: (a.t_h, a.index))
    return attempts
