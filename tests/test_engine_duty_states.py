"""Trace tests of the duty states an observed run records as they happen (sim.engine.observer)."""

from __future__ import annotations

import pytest
import yaml

from engine_fixtures import MINI, mini, mini_injects, shipped
from sim.engine.policy import Policy
from sim.engine.run import Simulation
from sim.engine.schedule import Event
from sim.plan import ResponsePlan
from sim.ui.walk import busy_at, due_duties

PLAN = "mini-plan"


class AskPerson(Policy):
    """A person holds the unit of ``asked`` (answers later, through ``questions``) and declines ``declined``."""

    def __init__(self, asked: str, declined: str):
        self.asked, self.declined = asked, declined
        self.questions: list[Event] = []
        self.declined_at: list[float] = []

    def start_duty(self, sim, plan, duty):
        if duty.id == self.declined:
            self.declined_at.append(sim.now)
            return False
        if duty.id == self.asked:
            question = Event(sim.env)
            self.questions.append(question)
            return question
        return True


def states(result, duty_id):
    return [(e["t_h"], e["state"]) for e in result["observed"]["duties"] if (e["plan"], e["duty"]) == (PLAN, duty_id)]


def test_a_duty_its_unit_has_not_answered_reads_pending_then_working_once_the_unit_says_yes():
    scenario, plans, area = mini()
    policy = AskPerson("grid.report", "bureau.watch")
    simulation = Simulation(scenario, plans, area, 1, policy=policy, observe=True)
    simulation.run(until=5.0)  # the incident (from 4 h) holds the duty's trigger until 11 h
    assert policy.questions, "the incident began and the unit was asked"
    asked_at = states(simulation.result(), "grid.report")[0][0]
    assert states(simulation.result(), "grid.report") == [(asked_at, "pending")]
    now = simulation.now
    policy.questions[0].succeed(True)
    simulation.run(until=now + 0.25)
    result = simulation.result()
    assert states(result, "grid.report")[-1] == (now, "working")
    shown = {d.id: s for _, d, s in due_duties(plans[PLAN], result, now + 0.25)}
    assert shown["grid.report"] == "working"
    simulation.close()


def test_a_duty_its_unit_declines_reads_declined_while_it_is_due_and_is_not_asked_again_meanwhile():
    scenario, plans, area = mini()
    policy = AskPerson("none", "bureau.watch")
    simulation = Simulation(scenario, plans, area, 1, policy=policy, observe=True)
    result = simulation.run().result()
    simulation.close()
    declined = states(result, "bureau.watch")
    assert declined == [(t, "declined") for t in policy.declined_at]
    assert len(policy.declined_at) == 1, "asked once while its trigger held, though the figures changed many times"
    t = declined[0][0]
    shown = {d.id: s for _, d, s in due_duties(plans[PLAN], result, t)}
    assert shown.get("bureau.watch") == "declined"
    assert "bureau.watch" not in {u["duty"] for u in result["summary"]["unmet_duties"]}


def test_a_repeating_duty_rests_between_rounds_until_its_next_round():
    scenario, plans, area = mini()
    simulation = Simulation(scenario, plans, area, 1, observe=True)
    result = simulation.run().result()
    simulation.close()
    entries = [e for e in result["observed"]["duties"] if (e["plan"], e["duty"]) == (PLAN, "grid.report")]
    rests = [i for i, e in enumerate(entries) if e["state"] == "repeating"]
    assert rests
    for i in rests:
        worked, rest = entries[i - 1], entries[i]
        assert worked["state"] == "working" and rest["t_h"] == worked["until_h"]
        assert rest["until_h"] == worked["t_h"] + 3  # repeat_every_h
        if i + 1 < len(entries):
            assert entries[i + 1]["t_h"] == rest["until_h"]


def test_a_repair_is_queued_from_its_damage_then_working_then_done_as_its_span_says():
    scenario, plans, area = shipped("substation-fire")  # the substation waits for its fire to be out
    simulation = Simulation(scenario, plans, area, 1, observe=True)
    result = simulation.run().result()
    simulation.close()
    span = next(s for s in result["spans"] if s.get("element") and s["start_h"] > s["requested_h"])
    entries = [(e["t_h"], e["state"], e.get("until_h")) for e in result["observed"]["duties"]
               if (e["duty"], e.get("element")) == (span["duty"], span["element"])]
    at = entries.index((span["requested_h"], "queued", None))
    assert entries[at:at + 3] == [(span["requested_h"], "queued", None),
                                  (span["start_h"], "working", pytest.approx(span["end_h"])),
                                  (span["end_h"], "done", None)]
    shown = next(b for b in busy_at(result, (span["requested_h"] + span["start_h"]) / 2)
                 if b.get("element") == span["element"])
    assert (shown["state"], shown["since_h"], shown["until_h"]) == ("queued", span["requested_h"], span["start_h"])


def test_a_plan_step_still_at_work_when_the_run_ends_is_at_work_at_the_last_step():
    scenario, plans, area = shipped("winter-ice-storm")
    simulation = Simulation(scenario, plans, area, 1, observe=True)
    result = simulation.run().result()
    simulation.close()
    end = result["summary"]["end_h"]
    last = {}
    for entry in result["observed"]["duties"]:
        last[(entry["plan"], entry["duty"], entry.get("element"))] = entry
    steps = {step.id for plan in plans.values() if hasattr(plan, "after_action") for step in plan.after_action}
    going = [e for e in last.values() if e["duty"] in steps and e["state"] == "working" and e["until_h"] > end]
    assert going, "an after-action step outlasts the run"
    assert not any(s["duty"] == going[0]["duty"] for s in result["spans"])  # no span: the step never ended
    busy = {(b["duty"], b["state"]) for b in busy_at(result, end)}
    assert {(e["duty"], "working") for e in going} <= busy


def test_a_declined_duty_is_asked_again_once_its_trigger_has_lapsed_and_holds_anew():
    """The unit weighed one situation: a new gale is a new one."""
    text = (MINI / "mini-plan.yaml").read_text(encoding="utf-8")
    text = text.replace('trigger: {"on": warning}', 'trigger: {"on": incident, requires: [gale]}', 1)
    plan = ResponsePlan.model_validate(yaml.safe_load(text))
    gales = [{"id": f"gale-{i}", "at_h": at, "kind": "hazard", "text": {"zh": "大风", "en": "Gale"},
              "duration_h": hours, "conditions": ["gale"]} for i, (at, hours) in enumerate([(4.5, 1.5), (7, 1)])]
    scenario, _, area = mini_injects("forecast", "root-down", extra=gales)
    policy = AskPerson("none", "bureau.watch")
    simulation = Simulation(scenario, {PLAN: plan}, area, 1, policy=policy, observe=True)
    result = simulation.run().result()
    simulation.close()
    assert policy.declined_at == [4.5, 7.0]
    assert states(result, "bureau.watch") == [(4.5, "declined"), (7.0, "declined")]
