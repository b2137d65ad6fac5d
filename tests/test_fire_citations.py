"""A fire's log entries cite what they follow, on every face that explains an entry.

The relay of a 12119 call, the dispatch of crews, a crew, the watchers, a power-line
corridor and the fire's handing over to the blackout plan are items of the scenario or
the area, not of any plan: each entry carries its own clause and quote, or the
assumption it rests on, so the Run log, the walk-through and the reports show those
rather than another rule's words of the same clause, or a bare "assumption".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.engine.run import run_scenario
from sim.event_rules import entry_clause, explain
from sim.inputs import load_case

ROOT = Path(__file__).resolve().parent.parent


def story_at(seed: int):
    case = load_case(ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml")
    draw = case.draw(seed)
    result = run_scenario(draw.scenario, case.plans, case.area, draw.seed)
    return draw.scenario.fire_ban, case.plans, case.area, result["events"]


@pytest.fixture(scope="module")
def story():
    return story_at(7)


@pytest.fixture(scope="module")
def traced_story():
    """A run in which a fire started in a lockdown zone is traced to its offender, so the
    lockdown's own penalty (for a fire caused) is imposed."""
    return story_at(1)


def first(events, action, **where):
    return next(e for e in events if e["action"] == action and all(e.get(k) == v for k, v in where.items()))


def test_the_relay_of_a_12119_call_quotes_its_own_words_not_the_call_s(story):
    section, plans, _, events = story
    why = explain(first(events, "relay_report"), plans)
    assert why.quote == section.reporting.relay.source.quote
    assert why.quote != next(r for r in plans[section.reporting.plan].requirements
                             if r.id == section.reporting.requirement).source.quote


def test_an_order_to_the_fire_quotes_the_turnout_sentence(story):
    section, plans, _, events = story
    for action in ("dispatch_crews", "dispatch_reinforcements"):
        why = explain(first(events, action), plans)
        assert why.quote == section.reporting.dispatch_source.source.quote
        # the scenario cites a clause of the notice it is logged under, named since the run holds several plans
        title = plans[first(events, action)["plan"]].title.zh
        assert entry_clause(first(events, action), why, "zh") == f"{title} {section.reporting.dispatch_source.source.clause}"


def test_a_crew_and_the_watchers_show_the_assumption_they_rest_on(story):
    section, plans, _, events = story
    for crew in section.crews:
        arrived = [e for e in events if e["action"] == "crew_arrived" and e.get("crew") == crew.id]
        if not arrived:
            continue
        why = explain(arrived[0], plans)
        assert why.assumption == crew.assumption.model_dump()
        expected = f"{plans[arrived[0]['plan']].title.zh} {crew.source.clause}" if crew.source else "假设"
        assert entry_clause(arrived[0], why, "zh") == expected
    seen = first(events, "fire_seen")
    detector = next(d for d in section.detection if d.id == seen["detector"])
    assert explain(seen, plans).assumption == detector.assumption.model_dump()


def test_the_line_trip_that_hands_over_to_the_blackout_plan_shows_why_in_both_languages(story):
    section, plans, area, events = story
    trip = first(events, "line_tripped")
    corridor = next(c for c in area.corridors if c.id == trip["corridor"])
    why = explain(trip, plans)
    assert why.assumption == corridor.assumption.model_dump() and why.text is None  # the entry says what happened
    assert entry_clause(trip, why, "en") == "Assumption"
    opened = first(events, "incident_opened", kind=section.cascade.incident)
    assert explain(opened, plans).assumption == section.cascade.assumption.model_dump()


def test_a_checkpoint_s_entry_says_whom_it_turned_back_from_where_and_cites_the_entry_requirement(story):
    section, plans, _, events = story
    back = next(e for e in events if e.get("outcome") == "turned_back")
    checkpoint = next(c for c in section.checkpoints if c.id == back["checkpoint"])
    place = next(p for p in section.places if p.id == back["place"])
    requirement = next(r for r in plans[checkpoint.plan].requirements if r.id == checkpoint.requirement)
    assert back["text"]["zh"].startswith(f"{checkpoint.name.zh}劝返一名前往{place.name.zh}")
    assert back["text"]["zh"] != requirement.text.zh and place.name.en in back["text"]["en"]
    assert explain(back, plans).quote == requirement.source.quote


def test_a_violation_stopped_and_its_penalty_say_which_period_put_the_rule_in_force_then(story, traced_story):
    from sim.event_rules import grounds
    from sim.ui.walk_handout import plan_says

    for action, (section, plans, _, events) in (("stop_violation", story), ("penalty", traced_story)):
        entry = first(events, action, plan=section.reporting.plan)  # the lockdown's: the straw ban names no period
        notice = plans[entry["plan"]]
        (period,) = [p for p in notice.periods if p.id in entry["periods"]]
        ((kind, ground),) = grounds(entry, plans)
        assert kind == "period" and ground.text.zh == f"{period.name.zh}（{period.dates.start}至{period.dates.end}）"
        assert ground.source.quote == period.source.quote
        said = plan_says(explain(entry, plans), entry["text"], entry, plans, "zh")
        assert f"当时有效的时段：{ground.text.zh}（{notice.title.zh} {period.source.clause} 「{period.source.quote}」）" in said
