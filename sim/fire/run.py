"""Fire bans on the ground, inside a simulation: attempts, violations, fires, crews.

:class:`FireBanRun` plugs a scenario's ``fire_ban`` section into a
:class:`~sim.engine.run.Simulation`. It uses only the simulation's public parts — its
clock, through :mod:`sim.engine.schedule` as the engine does (its processes, timers and
crew pools), the random streams, the event recorder, the observer when the run is
observed (each crew's state as it changes) and
:meth:`~sim.engine.run.Simulation.open_incident` / ``close_incident`` / ``in_service`` /
``set_condition`` — so the blackout plan (or any response plan of the scenario) takes
over in the same run when a fire trips a line.

The story of one attempt (all chances drawn up front, :mod:`sim.fire.attempts`):

1. The notices judge it (:mod:`sim.fire.judge`, i.e. :func:`sim.bans.check`). A legal
   attempt goes ahead; a prohibited one is given up by the share who comply.
2. A violator heading into a control zone meets the checkpoints while their entry
   requirement (防火通行证) is in force, and may be turned back.
3. Patrols on shift at the place spot it at their combined rate; a violation spotted
   before it sets anything alight is stopped. The penalties of the rules it broke
   follow, each applied when the circumstances the scenario maps it to hold.
4. Otherwise it may start a fire (chance by activity, season, fuel moisture and fuel).
   The fire grows (:mod:`sim.fire.spread`); it is seen after the watchers' delays, the
   finder calls 12119, the centre relays the report to the duty lines (slower off
   hours unless the 24-hour duty requirement is in force), the dispatcher sends the
   crews. A fire that passes the major threshold brings the leaders to the scene
   (when the plan's requirement is in force) and the reinforcements.
5. A fire that reaches a power-line corridor before it is contained trips the lines:
   a secondary incident damages what they supply, and the response plan reacts to the
   lost load. The incident closes when the fire is contained; then crews repair. A
   corridor stays out from its trip until the fires burning in it are contained and what
   it supplies is back in service: another fire that reaches it meanwhile trips nothing
   and opens no incident — it is logged as reaching lines already out, and the incident
   stays open until that fire too is contained, since no crew goes into a corridor still
   burning. Once the corridor is back, a fire that reaches it trips it again.

Every event names its unit, the plan and the clause it acts on (``assumption`` where
the scenario fills a gap, ``scenario`` for a drill's scripted attempt, ``model`` for
the fire's physics); a step that follows an item of the scenario or the area rather than
of a plan (a relay, a crew, a corridor) carries that item's citation (``cites``), and a
ban entry the periods that put its rule in force that day (``periods``). Whether a
notice's requirement holds is judged at the moment of each step.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict

from ..engine.recorder import span_template
from ..engine.rules import clause as _clause
from ..engine.schedule import Pool, Process, call_later, either, signal
from ..event_kinds import SUPPRESS_FIRE, crew_key, crew_parts
from ..event_rules import citation
from ..messages import bilingual, listed, said, within_aside
from ..plan import BanNotice
from .attempts import Attempt, generate
from .judge import Judge, Verdict
from ..inputs.fire_ban import Crew, FireBan
from .spread import Front, Fuel
from .summary import AreaSeries, summarise
from .weather import WeatherTable, angle_from_head


def _hour(moment: dt.datetime) -> float:
    return moment.hour + moment.minute / 60.0 + (moment.second + moment.microsecond / 1e6) / 3600.0


class Fire:
    """One fire's state while it burns."""

    __slots__ = ("id", "attempt", "verdict", "front", "forest", "ignited_h", "seen_h", "reported_h", "relayed_h",
                 "arrived_h", "contained_h", "out_h", "major_h", "line_rate", "incidents", "corridors",
                 "reported", "out", "traced", "caught_h")

    def __init__(self, fid: str, attempt: Attempt, verdict: Verdict, front: Front, forest: bool, now: float, env):
        self.id = fid
        self.attempt = attempt
        self.verdict = verdict
        self.front = front
        self.forest = forest
        self.ignited_h = now
        self.seen_h = self.reported_h = self.relayed_h = self.arrived_h = None
        self.contained_h = self.out_h = self.major_h = None
        self.line_rate = 0.0
        self.incidents: list[str] = []
        self.corridors: list[str] = []
        self.reported = signal(env)
        self.out = signal(env)
        self.traced = False
        self.caught_h: float | None = None


class _Trip:
    """A corridor out since a fire tripped it: the secondary incident the trip opened (None
    without a cascade) and the fires burning in the corridor, that one and any that reached
    it while it was out. The corridor is back once none of them burns and what it supplies
    is in service again."""

    __slots__ = ("incident", "fires")

    def __init__(self, incident: str | None, fire: Fire):
        self.incident = incident
        self.fires = [fire]


class FireBanRun:
    def __init__(self, sim, section: FireBan):
        self.sim = sim
        self.section = section
        self.env = sim.env
        self.rec = sim.rec
        self.start: dt.datetime = sim.scenario.start
        self.judge = Judge(sim.plans)
        self.plans = sim.plans
        self.places = {p.id: p for p in section.places}
        self.fuels = {f.id: f for f in section.fuels}
        self.fronts = {f.id: Fuel(f.r0_m_per_min, f.wind_coeff, f.moisture_extinction_pct, f.lb_per_ms)
                       for f in section.fuels}
        self.corridors = {c.id: c for c in sim.area.corridors}
        self.penalty_when = {(p.plan, p.penalty): frozenset(p.when) for p in section.enforcement.penalties}
        self.weather = WeatherTable(section, sim.streams.generator("fire.weather"))
        self.crews = {c.id: Pool(self.env, c.count) for c in section.crews if c.count > 0}
        #: the observer's record of each crew's state, when the run is observed
        self.watch = sim.observer.duty if sim.observer is not None else None
        self._names()
        self.attempts = generate(section, self.start, sim.scenario.horizon_h, sim.streams)
        self.fires: list[Fire] = []
        #: each corridor tripped and not yet back -> its trip (:class:`_Trip`)
        self.trips: dict[str, _Trip] = {}
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.by_activity_zone: dict[str, Counter] = defaultdict(Counter)
        self.by_activity_place: dict[str, Counter] = defaultdict(Counter)
        self.fines: dict[str, list] = {}
        self.referrals: Counter = Counter()
        self.series = AreaSeries(section.step_min / 60.0, sim.scenario.horizon_h)
        self.scripted: dict[int, dict] = {}  # attempt index -> what became of a drill's scripted attempt
        self._seasons_by_day: dict[dt.date, float] = {}
        self._cites: dict[int, dict] = {}  # id of a scenario's or area's item -> its citation, made once
        Process(self.env, self._walk())
        self._season_conditions()

    # --- names -------------------------------------------------------------------------
    def _names(self) -> None:
        self.activity_names: dict[str, dict] = {}
        for plan in self.plans.values():
            if isinstance(plan, BanNotice):
                for activity in plan.activities:
                    self.activity_names.setdefault(activity.id, bilingual(activity.name))

    def _within(self, activity: str) -> dict:
        """An activity's name inside a sentence: its English name, written as a heading
        (``Burning straw``), in lower case after the sentence's subject (``stopped burning straw``)."""
        name = self.activity_names[activity]
        return {"zh": name["zh"], "en": name["en"].lower()}

    def _plan_item(self, plan_id: str, group: str, item_id: str):
        plan = self.plans[plan_id]
        return next(item for item in getattr(plan, group) if item.id == item_id)

    def _duty(self, plan_id: str, unit_id: str, duty_id: str):
        unit = self._plan_item(plan_id, "units", unit_id)
        return next(d for d in unit.duties if d.id == duty_id)

    def _log(self, unit, action, text, source, plan, extra, cites=None) -> None:
        """Record an entry; ``cites`` is the scenario's or the area's own item the step follows
        (a relay, a crew, a corridor), whose clause and quote or assumption the entry carries,
        since no plan holds it (:func:`sim.event_rules.citation`)."""
        if cites is not None:
            found = self._cites.get(id(cites))
            if found is None:
                found = self._cites[id(cites)] = citation(cites)
            extra = {**extra, "cites": found}
        self.rec.event(self.env.now, unit, action, text, source, plan, extra)

    def _moment(self, t_h: float) -> dt.datetime:
        return self.start + dt.timedelta(hours=t_h)

    # --- seasons as incident conditions -------------------------------------------------
    def _season_conditions(self) -> None:
        """A season entry with a ``condition`` (e.g. ``fire_season``) makes that incident
        condition present while the plan's period is in force, day by day."""
        seasons = [s for s in self.section.ignition.seasons if s.condition]
        if seasons:
            Process(self.env, self._seasons(seasons))

    def _seasons(self, seasons):
        present: dict[int, bool] = {}
        while True:
            day = self._moment(self.env.now).date()
            for i, season in enumerate(seasons):
                now_in = self._period(season.plan, season.period).contains(day)
                if present.get(i, False) != now_in:
                    self.sim.set_condition(season.condition, now_in)
                    present[i] = now_in
                    self.sim.changed()
            midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
            yield (midnight - self._moment(self.env.now)).total_seconds() / 3600.0

    def _period(self, plan_id: str, period_id: str):
        return self._plan_item(plan_id, "periods", period_id)

    # --- attempts ----------------------------------------------------------------------
    def _walk(self):
        env = self.env
        for attempt in self.attempts:
            if attempt.t_h > env.now:
                yield attempt.t_h - env.now
            self._attempt(attempt)

    def _attempt(self, a: Attempt) -> None:
        counts = self.counts
        activity, zone = a.activity, a.place.zone
        counts["attempts"][activity] += 1
        verdict = self.judge(a.day, activity, zone, a.distance_m)
        scripted = a.scripted is not None
        if scripted:
            self.scripted[a.index] = {
                "id": a.scripted.id, "t_h": a.t_h, "activity": activity, "place": a.place.id, "zone": zone,
                "distance_m": a.distance_m, "prohibited": verdict.prohibited,
                "rules": [f"{r.plan}/{r.rule}" for r in verdict.rules], "caught_h": None, "fire": None}
        if not verdict.prohibited:
            counts["legal"][activity] += 1
            self._maybe_ignite(a, verdict, catch_after=math.inf)
            return
        if not scripted and a.u_comply < a.spec.compliance:
            counts["deterred"][activity] += 1
            return
        checkpoint = self._checkpoint(a, verdict)
        if checkpoint is not None and not scripted and a.u_checkpoint < checkpoint.turn_back_p:
            counts["turned_back"][zone] += 1
            requirement = self._plan_item(checkpoint.plan, "requirements", checkpoint.requirement)
            text = said("fire_log.turned_back", checkpoint=bilingual(checkpoint.name), place=within_aside(a.place.name),
                        activity=self._within(activity))
            self._log(checkpoint.unit or checkpoint.id, checkpoint.requirement, text,
                      _clause(requirement), checkpoint.plan,
                      {"checkpoint": checkpoint.id, "attempt": a.index, "activity": activity, "zone": zone,
                       "place": a.place.id, "outcome": "turned_back"})
            return
        counts["violations"][activity] += 1
        counts["violations_by_place"][a.place.id] += 1
        self.by_activity_zone[activity][zone] += 1
        self.by_activity_place[activity][a.place.id] += 1
        catch_after, patrol = self._patrol(a, verdict)
        self._maybe_ignite(a, verdict, catch_after, patrol)
        if catch_after < a.duration_h and not self._ignites_before(a, catch_after):
            call_later(self.env, catch_after, lambda: self._caught(a, verdict, patrol, None))

    def _checkpoint(self, a: Attempt, verdict: Verdict):
        if a.distance_m > 0:
            return None
        for checkpoint in self.section.checkpoints:
            if a.place.id in checkpoint.places and (checkpoint.plan, checkpoint.requirement) in verdict.requirements:
                return checkpoint
        return None

    def _patrol(self, a: Attempt, verdict: Verdict):
        """Hours until a patrol spots the violation (inf if none is about), and which patrol."""
        hour = a.hour
        rates = []
        for patrol in self.section.patrols:
            if a.place.id not in patrol.places or not patrol.shift.contains(hour):
                continue
            if patrol.requirement and (patrol.plan, patrol.requirement) not in verdict.requirements:
                continue
            rates.append((patrol, patrol.teams * patrol.spot_rate_per_h / len(patrol.places)))
        total = sum(rate for _, rate in rates)
        if total <= 0:
            return math.inf, None
        after = -math.log(1.0 - a.u_catch) / total
        pick = a.u_patrol * total
        for patrol, rate in rates:
            pick -= rate
            if pick < 0:
                return after, patrol
        return after, rates[-1][0]

    def _season_factor(self, day: dt.date) -> float:
        factor = self._seasons_by_day.get(day)
        if factor is None:
            ignition = self.section.ignition
            found = [s.factor for s in ignition.seasons if self._period(s.plan, s.period).contains(day)]
            factor = self._seasons_by_day[day] = max(found) if found else ignition.off_season_factor
        return factor

    def _ignition_p(self, a: Attempt) -> float:
        _, moisture = self.weather.at(a.day, a.hour)
        moisture_factor = next((m.factor for m in self.section.ignition.moisture if moisture < m.below_pct), 0.0)
        fuel = self.fuels[a.place.fuel]
        return min(1.0, a.spec.ignition_p * self._season_factor(a.day) * moisture_factor * fuel.ignition_factor)

    def _ignites_before(self, a: Attempt, catch_after: float) -> bool:
        if a.scripted is not None and a.scripted.ignites:
            return True
        return a.u_ignite < self._ignition_p(a) and a.ignite_after_h < catch_after

    def _maybe_ignite(self, a: Attempt, verdict: Verdict, catch_after: float, patrol=None) -> None:
        if not self._ignites_before(a, catch_after):
            return

        def ignite():
            fire = self._ignite(a, verdict)
            if catch_after < a.duration_h:
                fire.caught_h = a.t_h + catch_after
                call_later(self.env, max(catch_after - a.ignite_after_h, 0.0),
                           lambda: self._caught(a, verdict, patrol, fire))

        call_later(self.env, a.ignite_after_h, ignite)

    # --- enforcement -------------------------------------------------------------------
    def _caught(self, a: Attempt, verdict: Verdict, patrol, fire: Fire | None) -> None:
        if a.index in self.scripted:
            self.scripted[a.index]["caught_h"] = self.env.now
        self.counts["caught"][a.activity] += 1
        unit = patrol.unit or patrol.id
        self.counts["caught_by"][unit] += 1
        first = verdict.rules[0]
        name = bilingual(patrol.name)
        text = said("fire_log.caught", patrol=name, place=within_aside(a.place.name), activity=self._within(a.activity))
        extra = {"attempt": a.index, "activity": a.activity, "zone": a.place.zone, "place": a.place.id,
                 "distance_m": a.distance_m, "rules": [f"{r.plan}/{r.rule}" for r in verdict.rules],
                 "periods": list(first.periods), "patrol": patrol.id}
        if fire is not None:
            extra["fire"] = fire.id
        if patrol.duty:
            self.counts["caught_by_duty"][f"{patrol.unit}/{patrol.duty}"] += 1
            duty = self._duty(patrol.plan, patrol.unit, patrol.duty)
            extra.update({"duty": duty.id, "duty_clause": _clause(duty), "duty_text": bilingual(duty.text)})
        self._log(unit, "stop_violation", text, first.clause, first.plan, extra)
        if fire is None:
            self._penalise(a, verdict, unit, self._circumstances(a, None))

    def _circumstances(self, a: Attempt, fire: Fire | None) -> set[str]:
        enforcement = self.section.enforcement
        present = {"caught"}
        if a.u_serious < enforcement.serious_p or (fire is not None and enforcement.fire_is_serious):
            present.add("serious")
        if a.u_obstruct < enforcement.obstruction_p:
            present.add("obstruction")
        if fire is not None:
            present.add("fire")
            if fire.major_h is not None:
                present.add("major_fire")
            if fire.forest and fire.front.area_ha > 0:
                present.add("forest_damage")
        return present

    def _penalise(self, a: Attempt, verdict: Verdict, unit: str, present: set[str], fire: Fire | None = None) -> None:
        for rule in verdict.rules:
            for penalty in rule.penalties:
                when = self.penalty_when.get((rule.plan, penalty.id))
                if when is None or not when <= present:
                    continue
                fine = self._fine(a, penalty, fire)
                key = f"{rule.plan}/{penalty.id}"
                entry = self.fines.setdefault(key, [0, 0])
                entry[0] += 1
                entry[1] += fine or 0
                if penalty.referral:
                    self.referrals[penalty.referral] += 1
                extra = {"attempt": a.index, "activity": a.activity, "zone": a.place.zone, "penalty": penalty.id,
                         "when": sorted(when), "periods": list(rule.periods)}
                if fine is not None:
                    extra["fine_yuan"] = fine
                if penalty.referral:
                    extra["referral"] = penalty.referral
                if fire is not None:
                    extra["fire"] = fire.id
                self._log(penalty.issued_by or unit, "penalty", bilingual(penalty.text), _clause(penalty), rule.plan,
                          extra)

    def _fine(self, a: Attempt, penalty, fire: Fire | None) -> int | None:
        """A fine within the penalty's stated range; a multiple of the restoration cost for forest."""
        if penalty.fine_yuan is not None:
            low = penalty.fine_yuan.min or 0.0
            high = penalty.fine_yuan.max if penalty.fine_yuan.max is not None else low
            return round(low + a.u_fine * (high - low))
        if penalty.restoration_cost_multiple_max and fire is not None and fire.forest:
            cost = fire.front.area_ha * self.section.enforcement.restoration_cost_yuan_per_ha
            return round(a.u_fine * penalty.restoration_cost_multiple_max * cost)
        return None

    # --- fires -------------------------------------------------------------------------
    def _ignite(self, a: Attempt, verdict: Verdict) -> Fire:
        env = self.env
        place = a.place
        wind_from = a.scripted.wind_from_deg if a.scripted and a.scripted.wind_from_deg is not None \
            else self.weather.wind_from_deg(a.day)
        targets = {reach.corridor: (reach.distance_m, angle_from_head(reach.bearing_deg, wind_from))
                   for reach in place.corridors}
        fuel = self.fuels[place.fuel]
        fire = Fire(f"fire-{len(self.fires) + 1}", a, verdict, Front(self.fronts[place.fuel], targets), fuel.forest,
                    env.now, env)
        self.fires.append(fire)
        if a.index in self.scripted:
            self.scripted[a.index]["fire"] = fire.id
        self.counts["fires"][a.activity] += 1
        self.series.change(env.now, burning=1)
        activity = self.activity_names[a.activity]
        text = said("fire_log.fire_started", place=within_aside(place.name), activity=activity)
        scripted = a.scripted is not None
        extra = {"fire": fire.id, "attempt": a.index, "activity": a.activity, "zone": place.zone, "place": place.id,
                 "fuel": place.fuel, "prohibited": verdict.prohibited,
                 "rules": [f"{r.plan}/{r.rule}" for r in verdict.rules], "wind_from_deg": wind_from}
        if scripted:
            extra["inject"] = a.scripted.id
            text = bilingual(a.scripted.text)
        self._log("scenario" if scripted else "model", "fire_started", text,
                  "scenario" if scripted else _clause(a.spec), None, extra, None if scripted else a.spec)
        seen = self._seen_after(a, fire)
        if seen is not None:
            detector, delay = seen
            call_later(env, delay, lambda: Process(env, self._report(fire, detector)))
        Process(env, self._burn(fire))
        return fire

    def _in_force(self, fire: Fire, plan: str, requirement: str) -> bool:
        """Whether a notice's requirement holds at the fire's place now, not on the day it was lit:
        a fire lit on the last evening of a lockdown and reported after midnight is reported
        without the lockdown's 24-hour duty, one lit the evening before it with that duty."""
        a = fire.attempt
        day = self._moment(self.env.now).date()
        return (plan, requirement) in self.judge(day, a.activity, a.place.zone, a.distance_m).requirements

    def _seen_after(self, a: Attempt, fire: Fire):
        """(detector, hours after ignition) of the first to see the fire, or None."""
        best = None
        now = self.env.now
        for detector, u in zip(self.section.detection, a.u_detect):
            if detector.places and a.place.id not in detector.places:
                continue
            if detector.requirement and not self._in_force(fire, detector.plan, detector.requirement):
                continue
            hour = _hour(self._moment(now))
            wait = 0.0 if detector.hours.contains(hour) else (detector.hours.start_h - hour) % 24.0
            after = wait + detector.delay_h.at(u)
            if best is None or after < best[1]:
                best = (detector, after)
        return best

    def _report(self, fire: Fire, detector):
        env = self.env
        reporting = self.section.reporting
        plan = reporting.plan
        fire.seen_h = env.now
        unit = detector.unit or detector.id
        self._log(unit, "fire_seen", said("fire_log.fire_seen", detector=bilingual(detector.name)),
                  _clause(detector), detector.plan,
                  {"fire": fire.id, "detector": detector.id, "area_ha": fire.front.area_ha}, detector)
        if reporting.call_hours:
            yield reporting.call_hours
        fire.reported_h = env.now
        contact = self._plan_item(plan, "contacts", reporting.call)
        requirement = self._plan_item(plan, "requirements", reporting.requirement)
        self._log(unit, reporting.requirement,
                  said("fire_log.reported", contact=bilingual(contact.name), phone=contact.phone),
                  _clause(requirement), plan, {"fire": fire.id, "to": [contact.id]})
        relay = reporting.relay
        hour = _hour(self._moment(env.now))
        on_duty = relay.office_hours.contains(hour) or (
            relay.duty_requirement is not None
            and self._in_force(fire, plan, relay.duty_requirement))
        hours = relay.hours if on_duty else relay.off_duty_hours
        if hours:
            yield hours
        fire.relayed_h = env.now
        receivers = [self._plan_item(plan, "contacts", c) for c in relay.to]
        self._log(contact.id, "relay_report",
                  said("fire_log.relayed", contact=bilingual(contact.name), receivers=listed(bilingual(r.name) for r in receivers)),
                  _clause(relay), plan, {"fire": fire.id, "to": list(relay.to), "on_duty": on_duty}, relay)
        if fire.out.triggered:
            return
        self._dispatch(fire, "report")
        fire.reported.succeed()

    def _dispatch(self, fire: Fire, on: str) -> None:
        reporting = self.section.reporting
        crews = [c for c in self.section.crews if c.on == on and c.id in self.crews]
        action = "dispatch_crews" if on == "report" else "dispatch_reinforcements"
        self._log(reporting.dispatcher, action,
                  said("fire_log.dispatched",
                       crews=listed(said("fire_log.crews", crew=bilingual(c.name), count=c.per_fire) for c in crews)),
                  _clause(reporting.dispatch_source), reporting.plan,
                  {"fire": fire.id, "crews": [c.id for c in crews]}, reporting.dispatch_source)
        for crew in crews:
            k = self.section.crews.index(crew)
            for n in range(1, crew.per_fire + 1):
                Process(self.env, self._crew(fire, crew, fire.attempt.u_travel[k], crew_key(crew.id, n)))

    def _crew(self, fire: Fire, crew: Crew, u_travel: float, which: str):
        """One crew sent to a fire (``which`` of those sent of its kind): it waits in its
        pool's line for a free crew, unless the fire is out first; travels, works the line
        until the fire is out, and is free again. An observed run records each of these
        states as it begins (:mod:`sim.engine.observer`): working has no end known in
        advance, since it lasts until the fire is out."""
        env = self.env
        pool = self.crews[crew.id]
        watch = self.watch
        unit = crew.unit or crew.id
        requested = env.now
        if watch is not None and (pool.waiting or pool.level < 1):
            watch(requested, crew.plan, unit, SUPPRESS_FIRE, "queued", None, fire.id, which)
        request = pool.get(1)
        got = yield either(env, request, fire.out)
        if request not in got:
            pool.withdraw(request, 1)
            if watch is not None:
                watch(env.now, crew.plan, unit, SUPPRESS_FIRE, "stopped", None, fire.id, which)
            return
        start = env.now
        if watch is not None:
            watch(start, crew.plan, unit, SUPPRESS_FIRE, "working", None, fire.id, which)
        yield crew.turnout_h + crew.travel_h.at(u_travel)
        if not fire.front.contained:
            if fire.arrived_h is None:
                fire.arrived_h = env.now
            fire.line_rate += crew.line_m_per_h
            arrived = (said("fire_log.crew_arrived", crew=bilingual(crew.name)) if crew.per_fire == 1 else  # else: which one
                       said("fire_log.crew_arrived_nth", crew=bilingual(crew.name), n=crew_parts(which)[1]))
            self._log(unit, "crew_arrived", arrived, _clause(crew), crew.plan,
                      {"fire": fire.id, "crew": crew.id, "area_ha": fire.front.area_ha,
                       "perimeter_m": fire.front.perimeter_m}, crew)
            yield fire.out
        self.rec.spans.append((span_template(unit, SUPPRESS_FIRE, crew.id, crew.plan, fire.id),
                               requested, start, env.now))
        pool.put(1)
        if watch is not None:
            watch(env.now, crew.plan, unit, SUPPRESS_FIRE, "done", None, fire.id, which)

    def _burn(self, fire: Fire):
        env = self.env
        step = self.section.step_min / 60.0
        front = fire.front
        command = self.section.command
        while not front.contained:
            moment = self._moment(env.now)
            wind, moisture = self.weather.at(moment.date(), _hour(moment))
            yield step
            before = front.area_ha
            for corridor in front.step(step, wind, moisture, fire.line_rate):
                self._trip(fire, corridor)
            self.series.change(env.now, front.area_ha - before)
            if fire.major_h is None and front.area_ha >= command.major_area_ha:
                fire.major_h = env.now
                Process(env, self._major(fire))
        fire.contained_h = env.now
        self.series.change(env.now, burning=-1)
        self._log("model", "fire_contained", said("fire_log.contained"), "model", None,
                  {"fire": fire.id, "area_ha": front.area_ha, "perimeter_m": front.perimeter_m,
                   "line_m": front.line_m})
        for corridor_id in fire.corridors:
            trip = self.trips[corridor_id]
            trip.fires.remove(fire)
            if not trip.fires and trip.incident is not None:
                self.sim.close_incident(trip.incident, by=(command.unit, "fire_contained", command.plan))
        self._settle(fire)
        yield command.mop_up_h.at(fire.attempt.u_mop_up)
        fire.out_h = env.now
        self._log("model", "fire_out", said("fire_log.out"), "model", None,
                  {"fire": fire.id})
        fire.out.succeed()

    def _major(self, fire: Fire):
        command = self.section.command
        self._log("model", "major_fire",
                  said("fire_log.major", area=f"{command.major_area_ha:g}"),
                  _clause(command), command.plan, {"fire": fire.id, "area_ha": fire.front.area_ha}, command)
        if not fire.reported.triggered:
            yield fire.reported
        if fire.front.contained:
            return
        if self._in_force(fire, command.plan, command.requirement):
            requirement = self._plan_item(command.plan, "requirements", command.requirement)
            self._log(command.unit, command.requirement, bilingual(requirement.text), _clause(requirement),
                      command.plan, {"fire": fire.id})
        self._dispatch(fire, "major")

    def _trip(self, fire: Fire, corridor_id: str) -> None:
        """The fire reaches a corridor: it trips the lines, unless they are still out from an
        earlier trip (:class:`_Trip`), when it joins the fires that keep the corridor out."""
        corridor = self.corridors[corridor_id]
        fire.corridors.append(corridor_id)
        extra = {"fire": fire.id, "corridor": corridor.id, "kv": corridor.kv, "supplies": list(corridor.supplies)}
        trip = self.trips.get(corridor_id)
        if trip is not None and (trip.fires or not self.sim.in_service(corridor.supplies)):
            trip.fires.append(fire)
            self._log("model", "line_already_out", said("fire_log.line_already_out", corridor=bilingual(corridor.name)),
                      _clause(corridor), None, extra, corridor)
            return
        cascade = self.section.cascade
        text = said("fire_log.line_tripped", corridor=bilingual(corridor.name))
        self._log("model", "line_tripped", text, _clause(corridor), None, extra, corridor)
        iid = None
        if cascade is not None:
            iid = self.sim.open_incident(cascade.incident, text=text, damages=corridor.supplies,
                                         conditions=corridor.conditions, severity=corridor.severity,
                                         incident_id=f"{fire.id}@{corridor.id}", unit="model",
                                         source=_clause(cascade), plan=None, cites=citation(cascade),
                                         fields={"fire": fire.id})
            fire.incidents.append(iid)
        self.trips[corridor_id] = _Trip(iid, fire)

    def _settle(self, fire: Fire) -> None:
        """Once the fire is contained, the offender who started it is dealt with (if known)."""
        a = fire.attempt
        if not fire.verdict.prohibited:
            return
        enforcement = self.section.enforcement
        if fire.caught_h is None and a.u_identify >= enforcement.identified_p:
            return
        fire.traced = True
        unit = enforcement.unit
        if fire.caught_h is None:
            self.counts["traced"][a.activity] += 1
            rule = fire.verdict.rules[0]
            self._log(unit, "trace_offender", said("fire_log.trace_offender"),
                      _clause(enforcement), enforcement.plan,
                      {"fire": fire.id, "attempt": a.index, "activity": a.activity, "rule": f"{rule.plan}/{rule.rule}"},
                      enforcement)
        self._penalise(a, fire.verdict, unit, self._circumstances(a, fire), fire)

    # --- result ------------------------------------------------------------------------
    def patrol_hours(self) -> dict[str, float]:
        """Team-hours on patrol within the run, per patrol, on the days its requirement is in force."""
        section = self.section
        begin, end = 0.0, min(self.env.now, self.sim.scenario.horizon_h)
        activity = section.activities[0].activity
        hours: dict[str, float] = {}
        for patrol in section.patrols:
            zone = self.places[patrol.places[0]].zone
            total = 0.0
            for day in section.days():
                if patrol.requirement and not self.judge.requirement_in_force(
                        day, activity, zone, patrol.plan, patrol.requirement):
                    continue
                shift_start = (dt.datetime.combine(day, dt.time()) - self.start).total_seconds() / 3600.0 \
                    + patrol.shift.start_h
                shift_end = shift_start + patrol.shift.length_h
                total += max(0.0, min(shift_end, end) - max(shift_start, begin)) * patrol.teams
            hours[patrol.id] = total
        return hours

    def summary(self) -> dict:
        return summarise(self)

    def timeseries(self) -> list[dict]:
        return self.series.as_rows()
