"""Trace tests of the states an observed run records for the crews sent to a fire
(sim.engine.observer), as the Walk-through reads them (sim.ui.walk.busy_at)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app_pages import walk_page
from sim.engine.recorder import dumps
from sim.event_kinds import crew_parts
from sim.report import names_from
from sim.engine.run import run_scenario
from sim.inputs import load_case
from sim.ui.walk import busy_at
from sim.ui.walk_page import _work_name

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml"
SEED = 7
DUTY = "suppress_fire"

pytestmark = pytest.mark.skipif(not SCENARIO.exists(), reason="the grassland fire scenario is not shipped")


@pytest.fixture(scope="module")
def case():
    return load_case(SCENARIO)


@pytest.fixture(scope="module")
def whole(case):
    scenario, plans, area = case
    return run_scenario(scenario, plans, area, SEED, observe=True)


def crew_spans(result: dict) -> list[dict]:
    return [s for s in result["spans"] if s["duty"] == DUTY]


def crews_busy(result: dict, t: float) -> list[dict]:
    return [b for b in busy_at(result, t) if b["duty"] == DUTY]


def crew_states(result: dict) -> dict[str, list[tuple[float, str]]]:
    """Each crew sent to the first fire: the states recorded for it, in order."""
    states: dict[str, list[tuple[float, str]]] = {}
    for entry in result["observed"]["duties"]:
        if entry["duty"] == DUTY and entry["element"] == "fire-1":
            states.setdefault(entry["crew"], []).append((entry["t_h"], entry["state"]))
    return states


def test_observing_a_fire_ban_run_does_not_change_it(case, whole):
    scenario, plans, area = case
    plain = run_scenario(scenario, plans, area, SEED)
    assert dumps(plain) == dumps({k: v for k, v in whole.items() if k != "observed"})


def test_a_crew_still_on_the_fire_when_the_run_is_cut_shows_as_working(case, whole):
    scenario, plans, area = case
    spans = crew_spans(whole)
    first = min(s["start_h"] for s in spans)
    ended = min(s["end_h"] for s in spans)
    cut = (first + ended) / 2
    result = run_scenario(scenario, plans, area, SEED, until=cut, observe=True)
    assert not crew_spans(result), "no crew has finished, so no crew has a span yet"
    busy = crews_busy(result, cut)
    at_work = [s for s in spans if s["start_h"] <= cut < s["end_h"]]
    assert busy and len(busy) == len(at_work)
    assert {b["state"] for b in busy} == {"working"} and {b["until_h"] for b in busy} == {None}
    assert sorted(b["since_h"] for b in busy) == sorted(s["start_h"] for s in at_work)
    assert {(b["plan"], b["unit"], b["element"]) for b in busy} == {(s["plan"], s["unit"], s["element"])
                                                                    for s in at_work}


def test_crews_at_work_agree_with_the_spans_of_their_finished_work_at_every_moment(whole):
    spans = crew_spans(whole)
    moments = sorted({t for s in spans for t in (s["start_h"], (s["start_h"] + s["end_h"]) / 2, s["end_h"])})
    for t in moments:
        busy = crews_busy(whole, t)
        at_work = [s for s in spans if s["start_h"] <= t < s["end_h"]]
        assert sorted((b["since_h"], b["until_h"]) for b in busy) == sorted((s["start_h"], s["end_h"]) for s in at_work)
        assert {b["state"] for b in busy} <= {"working"}


def test_a_crew_that_finished_is_done_and_no_longer_at_work(whole):
    states = crew_states(whole)
    out = max(s["end_h"] for s in crew_spans(whole) if s["element"] == "fire-1")
    assert len(states) == sum(1 for s in crew_spans(whole) if s["element"] == "fire-1")
    for crew, recorded in states.items():
        assert [state for _, state in recorded] == ["working", "done"], crew
        assert recorded[-1][0] == out
    assert not [b for b in crews_busy(whole, out) if b["element"] == "fire-1"]


def test_a_crew_waiting_for_a_free_one_is_queued_and_stops_when_the_fire_is_out_first(case):
    scenario, plans, area = case
    fire_ban = scenario.fire_ban
    short = next(c for c in fire_ban.crews if c.per_fire > 1 and c.on == "report")
    crews = [c.model_copy(update={"count": 1}) if c is short else c for c in fire_ban.crews]
    one_crew = scenario.model_copy(update={"fire_ban": fire_ban.model_copy(update={"crews": crews})})
    result = run_scenario(one_crew, plans, area, SEED, observe=True)
    states = crew_states(result)
    first, second = f"{short.id}#1", f"{short.id}#2"
    (asked, _), (out, _) = states[second]
    assert [state for _, state in states[second]] == ["queued", "stopped"]
    assert states[first] == [(asked, "working"), (out, "done")]
    waiting = crews_busy(result, (asked + out) / 2)
    shown = next(b for b in waiting if b["crew"] == second)
    assert (shown["state"], shown["since_h"], shown["until_h"]) == ("queued", asked, out)
    assert not [b for b in crews_busy(result, out) if b["element"] == "fire-1"]
    # it never worked, so it has no span: the spans alone would never have shown it waiting
    assert len([s for s in crew_spans(result) if s["element"] == "fire-1"]) == len(states) - 1


def test_the_walk_through_names_each_crew_at_work_by_its_work_its_kind_and_its_number(case, whole):
    """People read names: the busy table shows "扑救火灾 · <crew kind> 2", never the ids."""
    scenario, plans, area = case
    names = names_from(plans, area, scenario, whole)
    spans = crew_spans(whole)
    t = min(s["start_h"] for s in spans) + 1e-6
    crews = {crew.id: crew for crew in scenario.fire_ban.crews}
    for busy in crews_busy(whole, t):
        kind, number = crew_parts(busy["crew"])
        for language, work in (("zh", "扑救火灾"), ("en", "Fighting the fire")):
            shown = _work_name(names, busy, language)
            assert shown == f"{work} · {getattr(crews[kind].name, language)} {number}"
            assert DUTY not in shown and kind not in shown


def test_the_walk_through_page_of_a_fire_shows_crews_by_name():
    at = walk_page(SCENARIO.stem, SEED)
    result = run_scenario(*load_case(SCENARIO), SEED, observe=True)
    index = next(i for i, e in enumerate(result["events"]) if e["action"] == "crew_arrived")
    at.select_slider(key="walk.i").set_value(index + 1).run()
    busy = next(d.value for d in at.dataframe if "至" in d.value.columns)
    duties = [str(v) for v in busy["职责"]]
    assert any(v.startswith("扑救火灾 · ") for v in duties), duties
    assert not any(DUTY in v for v in duties) and not at.exception
