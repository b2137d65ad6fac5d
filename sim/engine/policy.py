"""The decisions a plan assigns to people, in one replaceable object.

The plan says who proposes, approves and publishes a warning, who passes a report on,
who declares, adjusts and ends a response level, who may start a response below the
lowest level and who asks a higher authority to take over, which unit carries out each duty and
each step of the county's actions and the after-action, and the power company
dispatches its crews. The engine asks a :class:`Policy` at each of those moments. The default policy
acts exactly as the plan says (and dispatches crews in the area file's priority order),
so a plain run shows the plan itself; a drill or a trainer's walk-through substitutes
another policy — one that waits for a person's answer, or deliberately delays a report —
without touching the engine.

Each method gets the :class:`~sim.engine.run.Simulation` (for ``now``, ``values``,
``conditions``) and the :class:`~sim.plan.response_plan.ResponsePlan` concerned.

A person does not answer at the instant the engine asks. ``warning_step``,
``lift_warning``, ``send_report``, ``response_level``, ``end_response``, ``use_discretion``,
``request_escalation``, ``start_duty`` and ``carry_out_step`` may therefore answer
later: they return an event (e.g. ``sim.engine.schedule.answer_later(sim.env, delay,
answer)``) and the engine waits for it and takes its value as the answer. An answer given
at once and one given later take the same path through the engine
(:class:`~sim.engine.schedule.Process`), so every method is asked of every policy, the
plan's own included. ``use_discretion`` and ``request_escalation`` are asked while the
level decision is under way, which must not wait for them: an answer given at once is
taken there, one given later in a plan process of its own that waits for it.
"""

from __future__ import annotations


class Policy:
    def plays(self, sim, unit: str) -> bool:
        """Whether a person plays ``unit`` now: then the plan's own time for its decisions
        (deciding on the level, adjusting it) gives way to the person's."""
        return False

    def warning_step(self, sim, plan, step) -> bool:
        """Carry out a step of issuing a warning (propose, assess, approve, publish)? False stops the issue."""
        return True

    def lift_warning(self, sim, plan) -> bool:
        """Lift the warning now that the forecast window passed without an outage, or (a plan
        that states its onset) the incident it warned of is over (4.2.3, 经研判…由发布单位宣布解除)?
        False keeps it in force; for a plan with an onset it is asked again when its next
        incident is over."""
        return True

    def send_report(self, sim, plan, hop) -> bool:
        """Pass the report along this hop of the reporting chain (4.3)?"""
        return True

    def response_level(self, sim, plan, current: str | None, classified: str | None) -> str | None:
        """The response level to declare or adjust to; the plan's answer is the classified one (5.1)."""
        return classified

    def end_response(self, sim, plan) -> bool:
        """End the response now that every termination condition holds (5.4)? A later answer
        ends it only if the conditions still hold when it comes; after a no the question is
        put again at the next change of the figures."""
        return True

    def use_discretion(self, sim, plan) -> bool:
        """Below the lowest level, with the figures meeting the plan's ``discretion`` test, does
        its unit start a local response (a plan's 可…启动: the unit may, and decides)? The
        plan's answer: yes. After a no, asked again only once the test has stopped holding
        and holds anew."""
        return True

    def request_escalation(self, sim, plan, level: str, escalation) -> bool:
        """Now that ``level`` is in force with the ``escalation``'s conditions present (reached
        with them, or they came while it is in force), does its unit (``escalation.by``) ask
        the higher authority (``escalation.to``) to take over (a plan's 必要时…报请: the
        requesting unit's decision, not a switch)? The plan's answer: yes."""
        return True

    def start_duty(self, sim, plan, duty) -> bool:
        """Does the unit set to work on this duty (a :class:`~sim.engine.rules.DutySpec`) now
        that its trigger holds? False leaves it idle until its trigger holds anew."""
        return True

    def carry_out_step(self, sim, plan, step) -> bool:
        """Does the unit carry out this step (one beside the warning's proposal, the
        forecaster's escalation, a warning action, an action once the response starts, a
        confirmation before its end, an after-action step) now that it is due? False skips it."""
        return True

    def next_repair(self, sim, candidates: list[str]) -> str | None:
        """Which damaged element a free crew takes; ``candidates`` come in the area's priority order."""
        return candidates[0] if candidates else None
