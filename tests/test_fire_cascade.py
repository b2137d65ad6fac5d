"""A fire that reaches a power-line corridor hands the incident to the blackout plan.

The drill's story at seed 7 (fire, 12119, crews, leaders, line trip, Level II) is pinned
event by event with the plan and clause of each step; and the response level follows
the load the tripped lines take with them, as the blackout plan's own 附件1 criteria
classify it — from no county response, through III and II, to I.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sim.inputs.loader import load_area
from sim.engine.run import run_scenario
from sim.inputs.network import topology
from sim.engine.rules import compiled
from sim.fire.report import fire_text
from sim.inputs.loader import load_plan
from sim.inputs.loader import load_scenario
from sim.inputs.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml"
AREA = load_area(ROOT / "plans" / "areas" / "guyang.yaml")


def plans_of(scenario):
    return {pid: load_plan(ROOT / "plans" / f"{pid}.yaml") for pid in scenario.plans}


@pytest.fixture(scope="module")
def drill():
    scenario = load_scenario(SCENARIO)
    plans = plans_of(scenario)
    return scenario, plans, run_scenario(scenario, plans, AREA, 7)


def first(events, action, **fields):
    for event in events:
        if event["action"] == action and all(event.get(k) == v for k, v in fields.items()):
            return event
    raise AssertionError(f"no {action} {fields}")


def test_the_drill_runs_from_the_grave_fire_to_a_level_ii_response(drill):
    _, _, result = drill
    events = result["events"]
    story = [
        first(events, "fire_started", fire="fire-1"),
        first(events, "fire_seen", fire="fire-1"),
        first(events, "report_fire", fire="fire-1"),
        first(events, "relay_report", fire="fire-1"),
        first(events, "dispatch_crews", fire="fire-1"),
        first(events, "crew_arrived", fire="fire-1"),
        first(events, "line_tripped", fire="fire-1"),
        first(events, "classified", severity="serious"),
        first(events, "declare_response", to="II"),
        first(events, "fire_contained", fire="fire-1"),
        first(events, "incident_closed", incident="fire-1@corridor-110-park"),
        first(events, "repair_start", element="sub-110-park"),
    ]
    times = [e["t_h"] for e in story]
    assert times == sorted(times)
    fire_ban, blackout = "guyang-fire-ban-2023", "guyang-blackout-2023"
    assert [(e["plan"], e["source"]) for e in story[:5]] == [
        (None, "scenario"), (fire_ban, "assumption"), (fire_ban, "三（七）"), (fire_ban, "三（七）"), (fire_ban, "三（七）")]
    assert story[2]["to"] == ["fire_alarm_12119"]
    assert story[3]["to"] == ["county_fire_hq_office", "county_forestry_bureau", "county_police"]
    assert story[3]["on_duty"] is True  # 10:53 on a weekday, and the 24-hour duty is in force anyway
    assert (story[6]["corridor"], story[6]["supplies"], story[6]["source"]) == (
        "corridor-110-park", ["sub-110-park"], "assumption")
    assert (story[7]["plan"], story[7]["source"]) == (blackout, "附件1 二")
    assert (story[8]["plan"], story[8]["source"], story[8]["unit"]) == (blackout, "5.1", "county_government")
    leaders = first(events, "leaders_on_scene", fire="fire-1")
    assert (leaders["plan"], leaders["source"], leaders["unit"]) == (fire_ban, "三（三）", "county_fire_hq")
    assert first(events, "major_fire")["t_h"] <= leaders["t_h"]
    # the blackout plan's units take over in the same log: the fire squadron and the forestry bureau
    for duty in ("fire_rescue.firefighting", "forestry_grassland.tree_clearing", "forestry_grassland.fire_prevention"):
        event = first(events, duty)
        assert (event["plan"], event["source"]) == (blackout, "附件2 三")
        assert event["t_h"] >= story[6]["t_h"]
    summary = result["summary"]
    assert (summary["max_severity"], summary["max_response_level"]) == ("serious", "II")
    fire = summary["fire"]["fires"]["list"][0]
    assert fire["corridors"] == ["corridor-110-park"] and fire["major_h"] is not None
    assert summary["fire"]["scripted"][0]["rules"] == ["guyang-fire-ban-2023/lockdown_no_outdoor_fire"]


def test_every_event_names_its_plan_and_clause(drill):
    _, plans, result = drill
    for event in result["events"]:
        assert event["source"], event
        assert event["plan"] is None or event["plan"] in plans, event


def test_the_terminal_log_tells_the_story_with_its_sources(drill):
    scenario, plans, result = drill
    text = fire_text(result, scenario, plans, AREA)
    numbers = {p["id"]: i for i, p in enumerate(result["plans"], 1)}
    fire_ban, blackout = numbers["guyang-fire-ban-2023"], numbers["guyang-blackout-2023"]
    for needle in ("拨打森林草原火情报警电话（12119）报告火情", f"[{fire_ban}] 三（七）",
                   "火头烧至县城至金山产业园110千伏线路走廊，线路跳闸", f"[{blackout}] 5.1",
                   "Ⅱ级应急响应 / Level II response", f"[{blackout}] 附件2 三"):
        assert needle in text


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_terminal_log_lists_whom_a_report_reached_as_the_language_joins_names(drill, language):
    from sim.messages import joined, pick
    from sim.report import names_from

    scenario, plans, result = drill
    text = fire_text(result, scenario, plans, AREA, language)
    units = names_from(plans, AREA, scenario, result).of("unit")
    relay = first(result["events"], "relay_report", fire="fire-1")
    said = [pick(units[u], language) for u in relay["to"]]
    between = {"zh": "、", "en": ", "}[language]  # 县森林草原防火指挥部办公室、县林业和草原局、县公安局
    assert f"[→ {joined(said, language)}]" in text and joined(said, language) == between.join(said)
    if language == "zh":
        assert ", ".join(said) not in text


def lost_load(corridors: list[str]) -> dict:
    """The blackout plan's metrics with the corridors' supplies out, from the area file alone."""
    topo = topology(AREA)
    out: set[int] = set()
    for corridor in AREA.corridors:
        if corridor.id in corridors:
            for element in corridor.supplies:
                out |= set(topo.below[element]) if element in topo.below else {topo.feeders.index(element)}
    load = sum(topo.load)
    return {"load_shed_pct": 100 * sum(topo.load[i] for i in out) / load,
            "customers_out_pct": 100 * sum(topo.customers[i] for i in out) / sum(topo.customers)}


def the_fire_reaches(corridors: list[str]) -> dict:
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    section = data["fire_ban"]
    for activity in section["activities"]:
        for rate in activity["rates"]:
            rate["per_day"] = 0
    place = next(p for p in section["places"] if p["id"] == "park-north-graves")
    place["corridors"] = [{"corridor": c, "distance_m": 2000, "bearing_deg": 135} for c in corridors]
    scenario = Scenario.model_validate(data)
    return run_scenario(scenario, plans_of(scenario), AREA, 7)


@pytest.mark.parametrize("corridors, level", [
    (["corridor-110-huaishuo"], None),
    (["corridor-110-huaishuo", "corridor-110-xiashihao"], "III"),
    (["corridor-110-park"], "II"),
    (["corridor-110-park", "corridor-110-huaishuo", "corridor-110-xiashihao"], "I"),
])
def test_the_response_level_follows_the_lost_load(corridors, level):
    blackout = compiled(load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml"))
    metrics = lost_load(corridors)
    severity = blackout.classify(metrics)
    assert blackout.response_for(severity) == level
    result = the_fire_reaches(corridors)
    trip = first(result["events"], "line_tripped")
    row = [r for r in result["timeseries"] if r["t_h"] <= trip["t_h"]][-1]
    assert row["load_shed_pct"] == pytest.approx(metrics["load_shed_pct"])
    assert row["customers_out_pct"] == pytest.approx(metrics["customers_out_pct"])
    assert result["summary"]["max_severity"] == severity
    assert result["summary"]["max_response_level"] == level
    assert sorted(result["summary"]["fire"]["fires"]["corridors_reached"]) == sorted(corridors)


def test_several_crews_of_one_kind_arriving_together_are_each_named_by_their_number_and_a_lone_crew_by_its_name(drill):
    scenario, _, result = drill
    arrived = [e for e in result["events"] if e["action"] == "crew_arrived"]
    kinds = {crew.id: crew for crew in scenario.fire_ban.crews}
    for event in arrived:
        crew = kinds[event["crew"]]
        text = event["text"]["zh"]
        if crew.per_fire == 1:
            assert text == f"{crew.name.zh}到达火场"
        else:
            assert text.startswith(f"{crew.name.zh}第 ") and text.endswith(" 支到达火场")
    several = [e for e in arrived if kinds[e["crew"]].per_fire > 1]
    assert several and len({e["text"]["zh"] for e in several}) == len(several)  # no two lines alike


def test_the_violations_by_place_are_listed_with_the_readers_list_separator():
    scenario = load_scenario(ROOT / "plans" / "scenarios" / "qingming-tomb-sweeping.yaml")
    plans = plans_of(scenario)
    result = run_scenario(scenario, plans, AREA, 3)
    by_place = result["summary"]["fire"]["violations"]["by_activity_place"]
    assert [p for p in by_place.values() if len(p) > 1]  # some activity broke the bans at more than one place
    for language, sep, other in (("zh", "、", ", "), ("en", ", ", "、")):
        lines = fire_text(result, scenario, plans, AREA, language).splitlines()
        start = next(i for i, line in enumerate(lines) if line.strip() in ("违规（按活动、地点）", "Violations by activity and place"))
        listed = [line for line in lines[start + 1:start + 1 + len(by_place)] if line.count(" ") > 3]
        several = [line for line in listed if sum(ch.isdigit() for ch in line.split("：" if language == "zh" else ": ")[-1]) > 1]
        assert any(sep in line for line in several) and not any(other in line for line in listed), listed


def test_a_violation_beyond_every_band_reads_at_its_place_not_in_the_zone_it_is_measured_from():
    scenario = load_scenario(ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml")
    plans = plans_of(scenario)
    result = run_scenario(scenario, plans, AREA, 7)
    violations = result["summary"]["fire"]["violations"]
    outside = next(p for p in scenario.fire_ban.places if p.distance_m.min >= 500 and violations["by_place"].get(p.id))
    zone = next(z for n in plans.values() if hasattr(n, "zones") for z in n.zones if z.id == outside.zone)
    said = fire_text(result, scenario, plans, AREA, "zh")
    section = said[said.index("违规（按活动、地点）"):said.index("火灾 ")]
    assert f"{outside.name.zh} {violations['by_place'][outside.id]}" in section
    assert not re.search(rf"(：|、){zone.name.zh} \d", section), section  # never counted as inside the zone


def test_places_whose_english_names_hold_a_comma_are_listed_so_each_name_stays_whole():
    scenario = load_scenario(ROOT / "plans" / "scenarios" / "qingming-tomb-sweeping.yaml")
    plans = plans_of(scenario)
    result = run_scenario(scenario, plans, AREA, 3)
    first, second = scenario.fire_ban.places[:2]
    renamed = [place.model_copy(update={"name": place.name.model_copy(update={"en": f"Graves, {place.id}"})})
               for place in scenario.fire_ban.places]
    scenario = scenario.model_copy(update={"fire_ban": scenario.fire_ban.model_copy(update={"places": renamed})})
    by_place = result["summary"]["fire"]["violations"]["by_activity_place"]
    activity = next(iter(by_place))
    by_place.clear()
    by_place[activity] = {first.id: 2, second.id: 3}
    said = {language: fire_text(result, scenario, plans, AREA, language) for language in ("zh", "en")}
    assert f"Graves, {first.id} 2; Graves, {second.id} 3" in said["en"], said["en"]
    assert f"{first.name.zh} 2、{second.name.zh} 3" in said["zh"], said["zh"]


@pytest.mark.parametrize("language, said", [("zh", "巡护工时 "), ("en", "patrol team-hours ")])
def test_the_fire_texts_patrol_team_hours_read_as_hours_and_minutes_not_decimal_hours(language, said):
    from sim.clock import duration

    scenario = load_scenario(ROOT / "plans" / "scenarios" / "qingming-tomb-sweeping.yaml")
    plans = plans_of(scenario)
    result = run_scenario(scenario, plans, AREA, 3)
    patrol = result["summary"]["fire"]["patrol_hours"]["total"]
    assert patrol
    line = next(line for line in fire_text(result, scenario, plans, AREA, language).splitlines() if said in line)
    assert line.endswith(said + duration(patrol, language)) and duration(patrol, language) != f"{patrol:.0f}", line
