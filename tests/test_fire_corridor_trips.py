"""A corridor out is not tripped again, and a run with several fires says which fire each entry is of.

Two drill fires are lit at the same graves, the corridor of the park's 110 kV lines 600 m
down-wind of them, and nothing else happens: the second fire reaches the corridor while
the first one burns there, while the lines it tripped are under repair, or once they are
back. Only the last trips them again. When the run held two fires, every entry of a fire
(and the secondary incident it opened) is named after its fire, numbered in order of
ignition; a run with one fire reads as it was recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.engine.run import run_scenario
from sim.event_text import entry_words
from sim.fire.report import fire_text
from sim.inputs.loader import load_area, load_plan
from sim.inputs.scenario import Scenario
from sim.report import names_from
from sim.ui.charts import incident_spans
from sim.ui.walk import busy_at
from sim.ui.walk_page import _work_name

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml"
AREA = load_area(ROOT / "plans" / "areas" / "guyang.yaml")
CORRIDOR = "corridor-110-park"
PLACE = "park-north-graves"


def drill_fires(at_hours: list[float]):
    """The drill with its scripted fire lit at each of ``at_hours`` and no other attempt."""
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    section = data["fire_ban"]
    for activity in section["activities"]:
        for rate in activity["rates"]:
            rate["per_day"] = 0
    place = next(p for p in section["places"] if p["id"] == PLACE)
    place["corridors"] = [{"corridor": CORRIDOR, "distance_m": 600, "bearing_deg": 135}]
    scripted = section["scripted"][0]
    section["scripted"] = [{**scripted, "id": f"{scripted['id']}-{i}", "at_h": at} for i, at in enumerate(at_hours, 1)]
    scenario = Scenario.model_validate(data)
    plans = {pid: load_plan(ROOT / "plans" / f"{pid}.yaml") for pid in scenario.plans}
    return scenario, plans, run_scenario(scenario, plans, AREA, 7)


def of(result: dict, *actions: str) -> list[dict]:
    return [e for e in result["events"] if e["action"] in actions]


def at(result: dict, action: str, **fields) -> float:
    return next(e["t_h"] for e in of(result, action) if all(e.get(k) == v for k, v in fields.items()))


@pytest.fixture(scope="module")
def both_burning():
    return drill_fires([33.0, 35.0])


def test_a_fire_reaching_a_corridor_another_fire_tripped_does_not_trip_it_again_nor_open_a_second_incident(
        both_burning):
    _, _, result = both_burning
    assert [e["fire"] for e in of(result, "line_tripped")] == ["fire-1"]
    assert [e["incident"] for e in of(result, "incident_opened")] == [f"fire-1@{CORRIDOR}"]
    reached = of(result, "line_already_out")
    assert [(e["fire"], e["corridor"]) for e in reached] == [("fire-2", CORRIDOR)]
    assert reached[0]["text"]["zh"].endswith("线路已停运，未再跳闸")
    fires = result["summary"]["fire"]["fires"]
    assert [f["incidents"] for f in fires["list"]] == [[f"fire-1@{CORRIDOR}"], []]
    assert fires["corridors_reached"] == [CORRIDOR, CORRIDOR]  # both fires reached it
    assert max(r["open_secondary_incidents"] for r in result["timeseries"]) == 1


def test_the_incident_stays_open_until_the_last_fire_in_the_corridor_is_contained(both_burning):
    _, _, result = both_burning
    first, second = at(result, "fire_contained", fire="fire-1"), at(result, "fire_contained", fire="fire-2")
    assert first < second
    assert [e["t_h"] for e in of(result, "incident_closed")] == [second]  # no crew goes in while fire 2 burns
    assert at(result, "repair_start", element="sub-110-park") == second


def test_a_fire_reaching_the_corridor_while_its_lines_are_under_repair_does_not_trip_them():
    _, _, result = drill_fires([33.0, 42.0])
    closed, repaired = at(result, "incident_closed"), at(result, "repaired", element="sub-110-park")
    reached = at(result, "line_already_out", fire="fire-2")
    assert closed < reached < repaired
    assert len(of(result, "line_tripped")) == len(of(result, "incident_opened")) == 1


def test_once_the_tripped_lines_are_repaired_a_fire_reaching_the_corridor_trips_them_again():
    _, _, result = drill_fires([33.0, 43.5])
    trips = of(result, "line_tripped")
    assert [e["fire"] for e in trips] == ["fire-1", "fire-2"]
    assert at(result, "repaired", element="sub-110-park") < trips[1]["t_h"]
    assert [e["incident"] for e in of(result, "incident_opened")] == [f"fire-1@{CORRIDOR}", f"fire-2@{CORRIDOR}"]
    assert not of(result, "line_already_out")


def test_two_fires_entries_are_numbered_in_order_of_ignition(both_burning):
    scenario, plans, result = both_burning
    names = names_from(plans, AREA, scenario, result)
    for event in result["events"]:
        if event.get("fire") and event["action"] != "incident_opened":
            number = {"fire-1": 1, "fire-2": 2}[event["fire"]]
            words = entry_words(event, names)
            assert words["zh"].startswith(f"火情{number}："), words
            assert words["en"].startswith(f"Fire {number}: "), words
    opened = entry_words(of(result, "incident_opened")[0], names)  # the incident named as its fire's
    assert opened["zh"].startswith("次生事件发生：火灾（火情1：火头烧至"), opened
    contained = of(result, "fire_contained")
    assert [entry_words(e, names)["zh"] for e in contained] == ["火情1：火场得到控制", "火情2：火场得到控制"]
    closed = of(result, "incident_closed")[0]
    assert entry_words(closed, names)["en"].startswith("Secondary incident dealt with: Fire 1: The fire reaches")
    text = fire_text(result, scenario, plans, AREA, "zh")
    assert "火情2：火头烧至县城至金山产业园110千伏线路走廊，线路已停运，未再跳闸" in text
    assert [span["text"]["zh"][:4] for span in incident_spans(result)] == ["火情1："]


def test_a_run_with_one_fire_reads_as_recorded_without_a_number():
    scenario, plans, result = drill_fires([33.0])
    names = names_from(plans, AREA, scenario, result)
    fire_entries = [e for e in result["events"] if e.get("fire")]
    assert fire_entries
    for event in fire_entries:
        words = entry_words(event, names)
        assert "火情1" not in words["zh"] and "Fire 1" not in words["en"], words
    assert incident_spans(result)[0]["text"] == of(result, "incident_opened")[0]["text"]


def test_the_walk_through_names_the_fire_each_crew_at_work_fights_when_two_fires_burn():
    scenario, plans, _ = drill_fires([33.0, 35.0])
    result = run_scenario(scenario, plans, AREA, 7, observe=True)
    names = names_from(plans, AREA, scenario, result)
    t = at(result, "crew_arrived", fire="fire-2") + 1e-6
    crews = [b for b in busy_at(result, t) if b["duty"] == "suppress_fire"]
    shown = {_work_name(names, b, "zh").split(" · ")[1] for b in crews}
    assert shown == {"火情1", "火情2"}, shown
