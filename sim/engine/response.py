"""One response plan at work: warning, reporting, classification, levels, termination.

Everything here follows the plan file; the code only knows the *shape* of a plan:

* **Warning** (4.2): a forecast whose metrics meet ``warning.trigger`` starts the
  ``warning.issue`` steps in order (each its unit's hours), and beside them the
  ``warning.alongside`` steps, each its unit's to take or decline without holding up the
  warning; once published, the ``warning.actions`` and every duty triggered on the
  warning follow. A forecast that meets ``escalate_if`` starts the ``escalate`` steps at
  once: they are the forecaster's own duty, not held until a warning is approved. If the
  forecast window passes without an outage, the issuer lifts it (``warning.lift``, 4.2.3
  谁发布、谁解除). For a plan that states its onset, the warning is also lifted once the
  incident is over (never while it holds) and the window has passed; a blackout plan's
  warning that led to a response ends with it. Lifting is the lifting unit's decision,
  asked of the policy. Once lifted, a new forecast may issue a new warning. A step that
  ``requires`` conditions absent when it comes due is skipped.
* **Reporting** (4.3): when the outage begins, the report travels along
  ``reporting.hops`` — a hop leaves once its sender has the report, takes its hours and
  is held back while its ``only_if`` fails (tested on the metrics plus the context
  ``severity``, the event's severity so far), and tested again whenever that rises. The
  response can start only when the report has reached ``reporting.decision.unit`` and
  that unit has taken its decision hours (and has reached the level's declarer, if
  another unit declares it).
* **Levels** (5.1): the incident is classified whenever the metrics change (the most
  severe level whose criteria hold). The event's severity is the highest reached; the
  current classification is kept beside it. The response starts at the classified level.
  A later change of classification is put to whoever decides at the level in force
  (``adjusted_by``, the level's commander by default — alternatives resolved by the
  scenario's ``commanders`` or a drill's player), who decides after
  ``adjustment.decision_hours`` — to avoid under- and over-response, as the plan asks;
  the policy gives the decision, so a drill's player takes it. Once started it does not
  drop below the lowest level until it ends. Below the lowest level there is no response;
  the ``discretion`` unit may start a local one when its test holds, and a level's
  ``escalation`` lets its unit ask the higher authority to take over once its conditions
  are present — as the level is reached, or later while it is in force: both are that
  unit's decisions, asked of the policy.
* **Measures and duties** (5.2, 5.3, 附件2): at the start every measure whose conditions
  are present is activated, the actions once the response starts begin, and every duty whose trigger holds
  starts as a process of its unit (:mod:`sim.engine.units`).
* **Termination** (5.4): only when every ``termination.conditions`` check holds, and
  after the ``confirmations`` due at the level in force (a headquarters' decision); then
  the duties triggered on termination and the ``after_action`` steps (6.x).
* **Incidents**: an incident begins when the figures hold (:meth:`PlanRunner.incident_holds`)
  while none is under way, and is over once they no longer hold, no secondary incident is
  open and its response, if any, has ended. A later rise begins a new incident, numbered in
  the log and handled anew (:meth:`PlanRunner._anew`); its severity, level and phases are
  its own, while the summary keeps the run's highest and first (:meth:`PlanRunner.summary`).

The people's decisions on the way go through the simulation's
:class:`~sim.engine.policy.Policy`.
"""

from __future__ import annotations

from ..messages import bilingual
from ..plan.criteria import SEVERITY
from .rules import CompiledPlan, clause
from .schedule import Event, Process, signal
from .units import Duties


class PlanRunner:
    def __init__(self, sim, compiled: CompiledPlan, skip_duty: str | None):
        self.sim = sim
        self.compiled = compiled
        self.plan = compiled.plan
        self.id = compiled.id
        self.level: str | None = None
        self.rank = 0
        self.max_level: str | None = None
        self.severity: str | None = None
        self.max_severity: str | None = None
        #: the highest severity and response level of the whole run (the summary's)
        self.highest_severity: str | None = None
        self.highest_level: str | None = None
        self.level_changes: list[tuple] = []
        self.started_at: float | None = None
        self.terminated_at: float | None = None
        self.warning_state: str | None = None
        self.warning_issued_at: float | None = None
        self.warning_lifted_at: float | None = None
        #: the end of the window of the forecast the warning answers
        self._warning_until = 0.0
        #: the warning's lift has been put to its unit and is not done or declined yet
        self._lifting = False
        self.escalated = False
        #: the forecast whose warning a unit declined to carry on, until a forecast brings a new situation
        self._warning_declined = None
        #: the conditions of the level in force's escalation held at the last look
        self._escalation_held = False
        #: the level whose escalation its unit has been asked about, while the answer is awaited
        self._escalation_pending: str | None = None
        self.incident_at: float | None = None
        self.incident_over = False
        #: how many incidents have begun: the one under way, or the last, is this number
        self.incidents = 0
        #: no incident is under way: before the first, or once the last is over
        self.quiet = True
        self.over_at: float | None = None
        #: who declared the incident's response and who ended it (the summary's ``incidents``)
        self.declared_by: str | None = None
        self.ended_by: str | None = None
        #: the incidents before the one under way, or the last (see :meth:`_record`)
        self._past: list[dict] = []
        self.discretion_at: float | None = None
        #: the discretion unit has been asked and its answer is awaited
        self._discretion_asked = False
        #: the discretion unit said no, and the test has held since
        self._discretion_declined = False
        #: the scenario's choice among alternatives, by level
        self.choice = sim.scenario.commanders
        #: report hops held back by their ``only_if``, tested again when the severity rises
        self._held: list[tuple[int, object]] = []
        #: the level last put to the decider, while it stands
        self._proposed: str | None = None
        #: termination confirmations (or the end's decision) under way / confirmations done while the conditions hold
        self._confirming = False
        self._confirmed = False
        self.received: dict[str, float] = {}
        #: each incident's ``received``, by when it began (the last is ``received`` itself)
        self._reports: list[tuple[float, dict[str, float]]] = []
        self._arrivals: dict = {}
        self._wake = None
        self.activated: list[str] = []
        #: the measures activated in the incident under way (``activated``: in the run)
        self._measures_on: set[str] = set()
        self._measures_seen: int | None = None  # the conditions (version) measures were last checked against
        self.duties = Duties(sim, self, skip_duty)
        #: the plan processes under way (see :meth:`_start`)
        self._processes: list[Process] = []

    def release(self) -> None:
        """Drop what ties the runner to the simulation, and the processes waiting for its
        wake-up or a report's arrival (see :meth:`sim.engine.run.Simulation.close`)."""
        self.duties.release()
        for event in (self._wake, *self._arrivals.values()):
            if event is not None:
                event.callbacks = None
        for process in self._processes:
            process.release()
        self.sim = self._wake = None
        self._arrivals = {}
        self._processes = []

    def _start(self, generator) -> None:
        """Run a plan process (a generator of what it waits for: see
        :class:`~sim.engine.schedule.Process`) from now on."""
        self._processes.append(Process(self.sim.env, generator))

    # --- state ------------------------------------------------------------------------
    @property
    def incident_active(self) -> bool:
        """From the outage (or a secondary incident) until the response ends, or — when no
        response started — until supply is back and no secondary incident is open."""
        begun = self.incident_at is not None or self.sim.values["open_secondary_incidents"] > 0
        return begun and self.terminated_at is None and not self.incident_over

    @property
    def max_rank(self) -> int:
        return self.compiled.level_rank[self.max_level] if self.max_level else 0

    @property
    def warning_active(self) -> bool:
        return self.warning_state == "issued" and self.terminated_at is None

    @property
    def warning_shown(self) -> str:
        """The warning as observers name it: ``issued`` while it is in force, ``lifted``
        once its issuer lifted it (4.2.3's 谁发布、谁解除, logged as the lift step), ``ended``
        once the response it led to ended — no one lifted it, and the result's time of the
        lift stays empty, so the two must not read alike — ``none`` before it is issued."""
        if self.warning_active:
            return "issued"
        return {"issued": "ended", "lifted": "lifted"}.get(self.warning_state, "none")

    def _log(self, unit, action, text_=None, source="model", extra=None) -> None:
        self.sim.rec.event(self.sim.env.now, unit, action, text_, source, self.id, extra)

    # --- who acts ---------------------------------------------------------------------
    def decider(self, decision: str, level: str) -> str:
        """The unit that takes ``decision`` (``command``, ``declare``, ``adjust``, ``end``)
        at ``level``: the plan's one unit; among alternatives, the one the scenario names,
        else the one a drill's player plays (when exactly one is), else the first."""
        units = self.compiled.roles[level][decision]
        if len(units) == 1:
            return units[0]
        chosen = self.choice.get(level)
        if chosen in units:
            return chosen
        sim = self.sim
        if sim is None or sim.policy is None:  # released: the plan's and the scenario's answer
            return units[0]
        played = [unit for unit in units if sim.policy.plays(sim, unit)]
        return played[0] if len(played) == 1 else units[0]

    # --- warning (4.2) ------------------------------------------------------------------
    def forecast(self, inject) -> None:
        values = dict(self.sim.context)
        values.update(inject.metrics)
        if (self.warning_state in (None, "lifted") and self.compiled.warning_trigger(values)
                and self._new_situation(inject)):
            self._warning_declined = None
            self.warning_state = "issuing"
            self._warning_until = inject.at_h + inject.valid_h
            self._start(self._issue(inject))
            self._steps_by_unit(self.plan.warning.alongside)
        escalate = self.compiled.escalate_if
        if not self.escalated and escalate is not None and escalate(values):
            self.escalated = True
            self._start(self._escalate())

    def _new_situation(self, inject) -> bool:
        """Whether a forecast that meets the trigger puts the warning to the units again after
        one of them declined it (a warning step the plan leaves to its unit, such as an
        approval asked for "when necessary"). The plan asks for a warning on a unit's
        judgement of the forecast, and the decliner weighed that judgement: a later forecast
        is the same situation while the declined one's window (``valid_h``) lasts and none of
        its figures is higher, and is not put again — the units would be asked the question
        they have answered. A forecast past that window, or with a figure higher than the
        declined one's (a graver judgement), is a new situation: the warning is proposed,
        assessed and put for approval again, and the steps beside it come up again, as on a
        first forecast."""
        declined = self._warning_declined
        if declined is None:
            return True
        if self.sim.env.now >= declined.at_h + declined.valid_h:
            return True
        return any(value > declined.metrics.get(metric, float("-inf")) for metric, value in inject.metrics.items())

    def _issue(self, inject):
        sim = self.sim
        warning = self.plan.warning
        for step in warning.issue:
            if not (yield sim.policy.warning_step(sim, self.plan, step)):
                self.warning_state = None
                self._warning_declined = inject
                return
            yield from self._step(step)
        self.warning_state = "issued"
        if self.warning_issued_at is None:
            self.warning_issued_at = sim.env.now
        else:  # a new warning after one was lifted: what the last one set going is due again
            self.duties.again(("warning",))
        self._steps_by_unit(warning.actions)
        self.refresh()
        self._start(self._lift_when_quiet())

    def _escalate(self):
        for step in self.plan.warning.escalate:
            yield from self._carry_out(step)

    def _lift_when_quiet(self):
        """Once the forecast's window has passed, the warning is put to its lifting unit if
        nothing came of it. For a plan that states its onset, nothing is under way then: an
        incident still under way has its warning lifted when it is over (:meth:`_over`).
        For a plan whose incident is the network's, no incident has begun: once one has, the
        warning led to the response and ends with it (``ended``, :attr:`warning_shown`)."""
        sim = self.sim
        end = self._warning_until
        if end > sim.env.now:
            yield end - sim.env.now
        if self.plan.onset is None and self.incident_at is not None:
            return
        yield from self._lift()

    def _lift(self):
        """The warning's lift (4.2.3 谁发布、谁解除): put to its unit, as the plan leaves it to
        that unit's assessment, while the warning is in force and no incident is under way;
        then the lift step, carried out by the unit the plan names. A no leaves the warning
        in force (a plan with an onset asks again when its next incident is over)."""
        if self.warning_state != "issued" or self._lifting or not self.quiet:
            return
        sim = self.sim
        self._lifting = True
        lift = yield sim.policy.lift_warning(sim, self.plan)
        if not lift or not self.quiet or self.warning_state != "issued":
            self._lifting = False
            return
        yield from self._step(self.plan.warning.lift)
        self._lifting = False
        self.warning_state = "lifted"
        self.escalated = False  # the forecast is over: the next one is weighed anew
        if self.warning_lifted_at is None:
            self.warning_lifted_at = sim.env.now
        self.refresh()

    # --- steps --------------------------------------------------------------------------
    def _step(self, step):
        """A plan step: its unit works its hours (a span), then the step is logged as done."""
        sim = self.sim
        compiled = self.compiled.step(step)  # looked up once for the hours and the log
        if step.hours:
            start = sim.env.now
            hours = self._step_hours(step, compiled[0])
            if sim.observer is not None:
                sim.observer.duty(start, self.id, step.unit, step.id, "working", start + hours)
            yield hours
            self._step_done(step, compiled, start)
            if sim.observer is not None:
                sim.observer.duty(sim.env.now, self.id, step.unit, step.id, "done")
        else:
            self._step_done(step, compiled, None)

    def _step_hours(self, step, stream: str) -> float:
        """The hours a step with work takes this time (its unit's random factor drawn
        from ``stream``, the one the unit's duties draw from)."""
        factor = self.duties.multipliers(stream)
        return step.hours * (factor.pop() if factor else factor.next())

    def _step_done(self, step, compiled: tuple, start: float | None) -> None:
        """A step ends: its span (when it took time, from ``start``) and its log entry
        (``compiled``: the step as :meth:`~sim.engine.rules.CompiledPlan.step` gives it)."""
        rec = self.sim.rec
        now = self.sim.env.now
        _, text_, source, span = compiled
        if start is not None:
            rec.spans.flat.extend((span, start, start, now))
        rec.events.flat.extend((now, step.unit, step.id, text_, source, self.id,
                                {"notify": list(step.notify)} if step.notify else None))

    def _steps_by_unit(self, steps) -> None:
        """Steps of different units run side by side; one unit's steps run in order."""
        for unit_steps in self.compiled.by_unit(steps):
            self._start(self._sequence(unit_steps))

    def _sequence(self, steps):
        for step in steps:
            yield from self._carry_out(step)

    def _carry_out(self, step):
        """A step the policy is asked about first: its unit may be played by a person.
        A step whose conditions are absent when it comes due is skipped, unasked."""
        sim = self.sim
        if step.requires and not sim.conditions.issuperset(step.requires):
            return
        if (yield sim.policy.carry_out_step(sim, self.plan, step)):
            yield from self._step(step)

    # --- reporting (4.3) --------------------------------------------------------------
    def incident_holds(self, values) -> bool:
        """Whether the figures say the plan's incident is under way: when the plan states its
        onset, the onset holds or the figures meet one of its levels (a flash flood's deaths
        grade it although the rain never reached the onset); else the engine's hazard, the
        power network, sheds load."""
        onset = self.compiled.onset
        if onset is None:
            return values["shed_mw"] > 0
        return onset(values) or self.compiled.classify(values) is not None

    def on_incident(self) -> None:
        """An incident begins (the figures hold while none is under way): the reporting chain
        starts and the level decision waits for the report. A run may hold several: one that
        begins after the last is over is handled anew (:meth:`_anew`), and its entry in the
        log carries its number."""
        sim = self.sim
        number = self.incidents + 1
        # logged, then acted on (as every entry is): an observer sees the incident from its entry on
        if self.plan.onset is not None:  # the plan's own figures said so: the reader is told which rule
            self._log("model", "incident_begun", self.compiled.onset_text, clause(self.plan.onset), {"number": number})
        elif number > 1:  # the first is told by the load shed; a later one by its number too
            self._log("model", "incident_begun", None, "model", {"number": number})
        if self.incidents:
            self._anew()
        self.incidents = number
        self.quiet = False
        self.incident_at = sim.env.now
        self._reports.append((self.incident_at, self.received))
        hops = self.plan.reporting.hops
        receivers = {unit for hop in hops for unit in hop.to}
        for hop in hops:
            if hop.from_ not in receivers:
                self._receive(hop.from_)
        for i, hop in enumerate(hops):
            self._start(self._hop(i, hop, number))
        self._start(self._decide(number))

    def _anew(self) -> None:
        """A new incident after the last is over: what the last one's handling latched is
        let go, so that the report travels the chain again, the incident is classified
        afresh, its level is declared by the deciding unit, its duties and measures are due
        again and it ends again. What the run keeps: the changes of level, the measures
        activated, the warning (still in force unless it was lifted) and the last incident's
        times (:meth:`_record`), from which the summary takes the run's first and highest.
        Processes of the last incident still waiting know its number and stop."""
        self._past.append(self._record())
        self.incident_over = False
        self.started_at = self.terminated_at = self.over_at = self.discretion_at = None
        self.declared_by = self.ended_by = None
        self.max_level = self.severity = self.max_severity = None
        self._discretion_asked = self._discretion_declined = False
        self._escalation_held = False
        self._escalation_pending = None
        self._held = []
        self._proposed = None
        self._confirming = self._confirmed = False
        self.received = {}
        self._arrivals = {}
        self._wake = None
        self._measures_on = set()
        self._measures_seen = None
        self.duties.again(("incident", "response", "termination"))

    def received_by(self, t_h: float) -> dict[str, float]:
        """When each unit had the report of the incident under way at ``t_h`` (the last one
        begun by then; the first's before any): a run may hold several, each reported anew."""
        found = self._reports[0][1] if self._reports else self.received
        for begun, received in self._reports:
            if begun > t_h:
                break
            found = received
        return found

    def begun_at(self) -> list[float]:
        """When each incident of the run so far began, in order (the first is number 1): a
        drill's evaluation judges each incident's declaration within its own."""
        return [begun for begun, _ in self._reports]

    def _record(self) -> dict:
        """The incident under way, or the last, as the summary lists it."""
        return {"number": self.incidents, "begun_at_h": self.incident_at, "response_started_at_h": self.started_at,
                "terminated_at_h": self.terminated_at, "over_at_h": self.over_at, "discretion_at_h": self.discretion_at,
                "max_severity": self.max_severity, "max_response_level": self.max_level,
                "declared_by": self.declared_by, "ended_by": self.ended_by}

    def _over(self) -> None:
        """The incident is over: its figures no longer hold, no secondary incident is open and
        its response, if it started one, has ended. A later rise begins a new incident. A
        plan that states its onset says so in the log, and the warning it issued, if still
        in force and its forecast's window has passed, is put to its lifting unit."""
        if self.plan.onset is not None:  # logged, then acted on: an observer sees it over from its entry on
            extra = {"number": self.incidents}
            if self.terminated_at is not None:
                extra["responded"] = True
            self._log("model", "incident_over", None, clause(self.plan.onset), extra)  # where its figures said it began
        self.incident_over = self.quiet = True
        self.over_at = self.sim.env.now
        self.escalated = False  # the forecast's incident is over: the next forecast is weighed anew
        if self.plan.onset is None:
            return
        if self.warning_state == "issued" and self._warning_until <= self.sim.env.now:
            self._start(self._lift())

    def _arrival(self, unit: str):
        event = self._arrivals.get(unit)
        if event is None:
            event = self._arrivals[unit] = signal(self.sim.env)
        return event

    def _receive(self, unit: str) -> None:
        if unit not in self.received:
            self.received[unit] = self.sim.env.now
            self._arrival(unit).succeed()

    def _hop(self, i: int, hop, number: int):
        yield self._arrival(hop.from_)
        if number != self.incidents:
            return  # a report of an incident that is over: the next one's chain is its own
        if not self._hop_passes(i):
            self._held.append((i, hop))
            return
        yield from self._send(i, hop, number)

    def _send(self, i: int, hop, number: int):
        """Hop ``i`` of incident ``number``'s report: not delivered into a later incident's chain."""
        sim = self.sim
        if not (yield sim.policy.send_report(sim, self.plan, hop)):
            return
        if hop.hours:
            yield self._hop_hours(hop)
        if number == self.incidents:
            self._hop_sent(i, hop)

    def _hop_passes(self, i: int) -> bool:
        """Whether hop ``i`` is sent: its ``only_if`` on the metrics and the event's severity."""
        test = self.compiled.hop_tests[i]
        if test is None:
            return True
        values = dict(self.sim.values)
        values[SEVERITY] = self.max_severity
        return test(values)

    def _release_held(self) -> None:
        """The severity rose: the hops held back by their ``only_if`` that now pass are sent
        (an event that grows to the severity a report is for is reported when it does)."""
        if not self._held or self.terminated_at is not None:
            return
        held, self._held = self._held, []
        for i, hop in held:
            if not self._hop_passes(i):
                self._held.append((i, hop))
            else:
                self._start(self._send(i, hop, self.incidents))

    def _hop_hours(self, hop) -> float:
        sim = self.sim
        return hop.hours * sim.streams.factor("report", sim.report_sigma)

    def _hop_sent(self, i: int, hop) -> None:
        """The report has gone along hop ``i``: logged, and its receivers have it."""
        self._log(hop.from_, hop.id, self.compiled.hop_message(i), clause(hop), {"to": list(hop.to)})
        for unit in hop.to:
            self._receive(unit)

    # --- levels (5.1) -------------------------------------------------------------------
    def on_values(self, values) -> None:
        severity = self.compiled.classify(values)
        if severity != self.severity:
            # each change is logged, then made: an observer sees the new class from its entry on
            rank = self.compiled.severity_rank
            highest = self.max_severity
            if severity is not None and (highest is None or rank[severity] > rank[highest]):
                # the event's severity rises: it never falls back as power returns
                level = self.compiled.severity_levels[severity]
                self._log("model", "classified", self.compiled.severity_names[severity], clause(level),
                          {"severity": severity, "from": highest})
                self.severity = self.max_severity = severity
                top = self.highest_severity
                if top is None or rank[severity] > rank[top]:
                    self.highest_severity = severity
                self._release_held()
            else:
                # the figures now meet a lower level (or none): shown beside the event's severity
                self._log("model", "reclassified" if severity is not None else "below_levels", None, "model",
                          {"classification": severity, "severity": highest})
                self.severity = severity
            self.wake()
        if not self.quiet and (self.started_at is None or self.terminated_at is not None):
            self._check_over(values)
        self.check_termination(values)

    def _check_over(self, values) -> None:
        """Whether the incident, which has started no response or whose response has ended,
        is now over (:meth:`_over`)."""
        if values["open_secondary_incidents"] == 0 and not self.incident_holds(values):
            self._over()

    def wake(self) -> None:
        if self._wake is not None and not self._wake.triggered:
            self._wake.succeed()

    def _classified_level(self) -> str | None:
        """The response level the current classification calls for (the lowest while a
        response is in force and the figures meet no level)."""
        classified = self.compiled.response_for(self.severity)
        if classified is None and self.level is not None:
            classified = self.compiled.lowest_level
        return classified

    def _target(self) -> str | None:
        return self.sim.policy.response_level(self.sim, self.plan, self.level, self._classified_level())

    def _propose(self) -> float:
        """After a wake-up: when the classification calls for another level than the one
        in force, the change is put to whoever decides at this level (logged once per
        proposal). The hours before the decision: the plan's, unless a person decides."""
        level = self.level
        if level is None:
            return 0.0
        proposed = self._classified_level()
        if proposed == level:
            self._proposed = None
        elif proposed != self._proposed:
            self._proposed = proposed
            self._log(self.decider("adjust", level), "adjustment_proposed", None, clause(self.plan.adjustment),
                      {"from": level, "to": proposed, "classification": self.severity, "severity": self.max_severity})
        return self._adjust_delay()

    def _decide(self, number: int):
        """The level decision of incident ``number``: from the report's arrival at the deciding
        unit until the response ends, or until a later incident has begun (whose own decision
        takes over: this one stops where it resumes)."""
        sim = self.sim
        env = sim.env
        decision = self.plan.reporting.decision
        yield self._arrival(decision.unit)
        # The plan's time to decide stands for a decision-maker the engine plays; a person
        # playing the unit takes their own time, asked the moment the report arrives.
        if decision.hours and not sim.policy.plays(sim, decision.unit):
            yield decision.hours * sim.streams.factor("work:" + decision.unit, sim.work_sigma)
        delay = 0.0
        while self.terminated_at is None and self.incidents == number:
            target = yield self._target()
            if self.incidents != number:
                break
            if target == self.level or (target is None and self.level is not None):
                if self.level is None:
                    self._consider_discretion()
                self._wake = signal(env)
                yield self._wake
                if self.incidents != number:
                    break
                delay = self._propose()
                continue
            if delay:
                yield delay
                if self.terminated_at is not None or self.incidents != number:
                    break
                target = yield self._target()
                if self.incidents != number:
                    break
                if target == self.level or (target is None and self.level is not None):
                    continue
            if self.level is None:
                declarer = self.decider("declare", target)
                if declarer not in self.received:  # the level's declarer must have the report too
                    yield self._arrival(declarer)
                    if self.terminated_at is not None or self.incidents != number:
                        break
            self._set_level(target)
            delay = self._adjust_delay()

    def _adjust_delay(self) -> float:
        """Hours before a change of level is decided: the plan's, unless a person decides."""
        sim = self.sim
        if self.level is not None and sim.policy.plays(sim, self.decider("adjust", self.level)):
            return 0.0
        return self.plan.adjustment.decision_hours

    def _set_level(self, new: str) -> None:
        sim = self.sim
        old = self.level
        level = self.compiled.levels[new]
        if old is None:
            unit, action, source = self.decider("declare", new), "declare_response", clause(level)
        else:
            unit, action, source = self.decider("adjust", old), "adjust_response", clause(self.plan.adjustment)
        # logged, then made: an observer sees the new level from this entry on, not before it
        self._log(unit, action, self.compiled.level_names[new], source,
                  {"from": old, "to": new, "classification": self.severity, "severity": self.max_severity,
                   "commander": self.decider("command", new)})
        self._proposed = None
        rank = self.compiled.level_rank[new]
        self.level, self.rank = new, rank
        if self.max_level is None or rank > self.compiled.level_rank[self.max_level]:
            self.max_level = new
            if self.highest_level is None or rank > self.compiled.level_rank[self.highest_level]:
                self.highest_level = new
        first = self.started_at is None
        if first:
            self.started_at, self.declared_by = sim.env.now, unit
        self.level_changes.append((sim.env.now, old, new, unit))
        self._escalation_held = False  # the new level's escalation has not been looked at
        self._consider_escalation(ask=old is None or rank > self.compiled.level_rank[old])
        if first:
            self._steps_by_unit(self.plan.response_actions)
        self.refresh()
        sim.record_row()
        self.check_termination(sim.values)

    def _consider_escalation(self, ask: bool = True) -> None:
        """Put the level in force's escalation (a plan's 必要时…报请) to its unit when its
        conditions come to be present: as the level is reached from below with them present,
        or later while it is in force — "when necessary" may arise at any time, not only as
        the level starts. Whether to ask the higher authority is that unit's decision: it is
        asked once each time the conditions come to hold (after a no, again only once they
        have stopped holding and hold anew), never while its answer for this level is
        awaited. A level entered from above (``ask`` false) is not put with the conditions
        already present: the level above had the higher authority asked, and that stands."""
        esc = self.compiled.levels[self.level].escalation
        if esc is None:
            return
        sim = self.sim
        holds = sim.conditions.issuperset(esc.requires)
        came = holds and not self._escalation_held
        self._escalation_held = holds
        if came and ask and self._escalation_pending != self.level:
            level = self._escalation_pending = self.level
            number = self.incidents
            self._decided(sim.policy.request_escalation(sim, self.plan, level, esc),
                          lambda asked: self._escalation_answered(level, esc, asked, number))

    def _escalation_answered(self, level: str, esc, asked, number: int) -> None:
        """The requesting unit's answer: the request to the higher authority is logged if it
        says yes before the response of incident ``number`` has ended."""
        if number != self.incidents:
            return  # the answer about an incident that is over: the next one was asked anew
        if self._escalation_pending == level:
            self._escalation_pending = None
        if asked and self.terminated_at is None:
            self._log(esc.by, "request_escalation", self.compiled.escalation_texts[level], clause(esc), {"to": esc.to})
            if esc.sets:  # the higher authority takes over: what waits for it may start
                sim = self.sim
                for condition in esc.sets:
                    sim.set_condition(condition, True)
                sim.refresh()
                sim.record_row()

    def _consider_discretion(self) -> None:
        """Below the lowest level, with the discretion's test met, its unit is asked whether
        it starts a local response — never again while its answer is awaited, and after a no
        not again until the test has stopped holding and holds anew: the unit weighed the
        situation, and is asked again when the situation is a new one, not at each change
        of the figures (a person in a drill would be asked the same question over and over)."""
        sim = self.sim
        discretion = self.plan.discretion
        if (discretion is None or self.discretion_at is not None or self._discretion_asked
                or not self.incident_active):
            return
        test = self.compiled.discretion_test
        if not (test(sim.values) if test is not None else sim.values["shed_mw"] > 0):
            self._discretion_declined = False
            return
        if self._discretion_declined:
            return
        self._discretion_asked = True
        number = self.incidents
        self._decided(sim.policy.use_discretion(sim, self.plan), lambda taken: self._discretion_answered(taken, number))

    def _discretion_answered(self, taken, number: int) -> None:
        """The discretion unit's answer: a local response starts if it says yes while no
        level is in force and the incident (``number``) lasts; a no stands while the test holds."""
        if number != self.incidents:
            return  # the answer about an incident that is over: the next one is asked anew
        self._discretion_asked = False
        self._discretion_declined = not taken
        if taken and self.level is None and self.incident_active:
            discretion = self.plan.discretion
            self.discretion_at = self.sim.env.now
            self._log(discretion.unit, "discretionary_response", bilingual(discretion.text), clause(discretion))

    def _decided(self, answer, act) -> None:
        """Act on a decision the policy gave with ``act(answer)``: at once when it answered
        at once — nothing is scheduled, so a plain run keeps the events it had before the
        decision was asked — or, when the answer is an event (a person's, to come), in a
        plan process (:meth:`_start`) that waits for it, as every other decision does."""
        if isinstance(answer, Event):
            self._start(self._answered(answer, act))
        else:
            act(answer)

    def _answered(self, answer, act):
        act((yield answer))

    # --- measures and duties ------------------------------------------------------------
    def refresh(self) -> None:
        """Activate measures whose conditions are now present, put the level's escalation to
        its unit when its conditions have come, and start triggered duties."""
        # Activation (and the escalation) needs a response and the conditions, nothing else:
        # with the conditions as the last refresh saw them, nothing further can be due.
        seen = (self.sim.conditions_version, self.rank)
        if self.level is not None and self._measures_seen != seen:
            self._measures_seen = seen
            present = self.sim.conditions
            commander = self.decider("command", self.level)
            for measure, requires, ranks, name, actions, source, units, uncovered in self.compiled.measures:
                if (measure in self._measures_on or not present.issuperset(requires)
                        or (ranks is not None and self.rank not in ranks)):
                    continue
                self._measures_on.add(measure)
                if measure not in self.activated:
                    self.activated.append(measure)
                self._log(commander, "activate_measure", name, source, {"measure": measure, "units": list(units)})
                for unit in uncovered:
                    self._log(unit, "carry_out_measure", actions, source, {"measure": measure})
            self._consider_escalation()
        self.duties.refresh()

    # --- termination (5.4) --------------------------------------------------------------
    def check_termination(self, values) -> None:
        if self.level is None or self.terminated_at is not None or self._confirming:
            return
        if not self._termination_holds(values):
            self._confirmed = False  # a confirmation holds only while the conditions do
            return
        if not self._confirmed:
            due = [c for c in self.plan.termination.confirmations
                   if not c.levels or self.level in c.levels]
            if due:
                self._confirming = True
                self._start(self._confirm(due))
                return
        sim = self.sim
        answer = sim.policy.end_response(sim, self.plan)
        if isinstance(answer, Event):  # a person's, to come: no second question meanwhile
            self._confirming = True
            self._start(self._end_when_answered(answer))
        elif answer:
            self._end()

    def _termination_holds(self, values) -> bool:
        """Whether every termination condition holds (5.4)."""
        return all(test(values) for _, test in self.compiled.termination)

    def _end_when_answered(self, answer):
        """The decider's later answer: end if it is yes and every termination condition
        still holds then; a no, or conditions that no longer hold, leave the response in
        force, and the question is put again at the next change of the figures."""
        ended = yield answer
        self._confirming = False
        if self.terminated_at is not None or self.level is None:
            return
        if not self._termination_holds(self.sim.values):
            self._confirmed = False  # as check_termination does: the confirmations are due again
        elif ended:
            self._end()

    def _end(self) -> None:
        """The response ends now (5.4): the level goes, the after-action steps are due."""
        sim = self.sim
        termination = self.plan.termination
        old = self.level
        ender = self.decider("end", old)
        self._log(ender, "end_response", None, clause(termination),  # logged, then made (as a new level is)
                  {"from": old, "conditions": [c.id for c, _ in self.compiled.termination]})
        self.level, self.rank = None, 0
        self.terminated_at = sim.env.now
        self.ended_by = ender
        self.level_changes.append((sim.env.now, old, None, ender))
        self.wake()
        self.refresh()
        self._steps_by_unit(self.plan.after_action)
        self._check_over(sim.values)  # the figures that ended it may say the incident is over too
        sim.record_row()

    def _confirm(self, confirmations):
        """The confirmations that come before the end (a headquarters decides to end, then
        the unit that ends the response does), in order; then the end is due if the
        conditions still hold."""
        for step in confirmations:
            yield from self._carry_out(step)
        self._confirming = False
        if self.terminated_at is None:
            self._confirmed = True
            self.check_termination(self.sim.values)

    def summary(self, unmet: list[dict] | None = None) -> dict:
        """This plan's part of the result's summary; ``unmet``: its unmet duties, when
        the caller has already collected them.

        Over a run that holds several incidents, the highest severity and level are the
        run's highest, and each time is its first in the run: the first incident's start,
        the first declaration and the end of that first response (so a sweep's response
        hours are the first response's), the first warning issued and the first lifted.
        ``incidents``, present only when there were several, lists each with its own
        times, severity and highest level (:meth:`_record`)."""
        incidents = [*self._past, self._record()]

        def first(key: str):  # the run's first: a later incident's time is in ``incidents``
            return next((incident[key] for incident in incidents if incident[key] is not None), None)

        found = {
            "plan": self.id,
            "max_response_level": self.highest_level,
            "max_severity": self.highest_severity,
            "level_changes": [{"t_h": t, "from": a, "to": b, "by": by} for t, a, b, by in self.level_changes],
            "warning_issued_at_h": self.warning_issued_at,
            "warning_lifted_at_h": self.warning_lifted_at,
            "incident_started_at_h": first("begun_at_h"),
            "response_started_at_h": first("response_started_at_h"),
            "terminated_at_h": first("terminated_at_h"),
            "discretion_at_h": first("discretion_at_h"),
            "measures_activated": list(self.activated),
            "unmet_duties": self.duties.unmet_duties() if unmet is None else unmet,
        }
        if len(incidents) > 1:
            found["incidents"] = incidents
        return found

