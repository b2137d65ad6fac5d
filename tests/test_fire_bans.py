"""The notices apply in the simulation exactly inside their dates and zones.

A drill's scripted attempts go through the same judgement as everyone else's (only the
compliance and checkpoint chances are skipped), so scripted attempts on both sides of
every boundary — the first and last day of a lockdown window, the 500 m band, a ban
period that crosses the new year, the edge of a zone without a band — show what the
simulation made of them in ``summary.fire.scripted`` and in the violation counts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from sim.inputs.loader import load_area
from sim.engine.run import Simulation, run_scenario
from sim.inputs.loader import load_model, load_plan
from sim.plan import PLAN_ADAPTER
from sim.inputs.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "plans" / "scenarios"
LOCKDOWN = "guyang-fire-ban-2023/lockdown_no_outdoor_fire"
STRAW = "guyang-straw-burning-ban-2023/no_open_straw_burning"
FIREWORKS = "baotou-fireworks-ban-2024/no_fireworks_or_bonfires_in_zones"


def scenario_data(name: str) -> dict:
    return yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))


def only_scripted(data: dict, start: dt.datetime, days: int, scripted: list[dict]) -> Scenario:
    """The scenario moved to ``start`` for ``days`` days, with no random attempts but ``scripted``."""
    section = data["fire_ban"]
    end = start.date() + dt.timedelta(days=days - 1)
    data["start"] = start
    data["horizon_h"] = days * 24
    section["dates"] = {"start": start.date(), "end": end}
    regime = section["weather"]["regimes"][-1]
    regime["dates"] = {"start": start.date(), "end": end}
    section["weather"]["regimes"] = [regime]
    for activity in section["activities"]:
        activity.pop("calendar", None)
        for rate in activity["rates"]:
            rate["per_day"] = 0
    section["scripted"] = scripted
    return Scenario.model_validate(data)


def run(scenario: Scenario, seed: int = 7, replace: dict | None = None) -> dict:
    plans = {pid: load_plan(ROOT / "plans" / f"{pid}.yaml") for pid in scenario.plans}
    plans.update(replace or {})
    area = load_area(ROOT / "plans" / "areas" / f"{scenario.area}.yaml")
    return run_scenario(scenario, plans, area, seed)


def attempt(sid: str, at: dt.datetime, start: dt.datetime, place: str, activity: str, distance_m: float) -> dict:
    return {"id": sid, "text": {"zh": sid, "en": sid}, "at_h": (at - start).total_seconds() / 3600,
            "place": place, "activity": activity, "distance_m": distance_m, "duration_h": 0.1}


def outcomes(result: dict) -> dict[str, list[str]]:
    return {s["id"]: s["rules"] for s in result["summary"]["fire"]["scripted"]}


def test_the_autumn_lockdown_holds_from_its_first_to_its_last_day_and_to_500_m():
    start = dt.datetime(2023, 11, 5)
    t = dt.datetime
    scripted = [
        attempt("day-before", t(2023, 11, 5, 23, 50), start, "redline-edge-graves", "tomb_paper_burning", 0),
        attempt("first-day", t(2023, 11, 6, 0, 10), start, "redline-edge-graves", "tomb_paper_burning", 0),
        attempt("at-500-m", t(2023, 11, 10, 10), start, "redline-edge-graves", "tomb_paper_burning", 500),
        attempt("past-500-m", t(2023, 11, 10, 10), start, "redline-edge-graves", "tomb_paper_burning", 500.5),
        attempt("last-day", t(2023, 11, 16, 23, 50), start, "redline-edge-graves", "tomb_paper_burning", 200),
        attempt("day-after", t(2023, 11, 17, 0, 10), start, "redline-edge-graves", "tomb_paper_burning", 0),
    ]
    result = run(only_scripted(scenario_data("grassland-fire-line-trip"), start, 13, scripted))
    assert outcomes(result) == {
        "day-before": [], "first-day": [LOCKDOWN], "at-500-m": [LOCKDOWN], "past-500-m": [],
        "last-day": [LOCKDOWN], "day-after": [],
    }
    fire = result["summary"]["fire"]
    assert fire["violations"]["by_activity_zone"] == {"tomb_paper_burning": {"ecological_redline": 3}}
    assert fire["legal"] == {"tomb_paper_burning": 3}


def test_the_straw_ban_holds_every_day_anywhere_in_the_county_and_adds_to_the_lockdown():
    start = dt.datetime(2023, 11, 5)
    t = dt.datetime
    scripted = [
        attempt("in-band-in-lockdown", t(2023, 11, 10, 11), start, "xidoupu-farmland", "straw_burning", 100),
        attempt("far-in-lockdown", t(2023, 11, 10, 11), start, "xidoupu-farmland", "straw_burning", 3000),
        attempt("far-after-lockdown", t(2023, 11, 17, 11), start, "xidoupu-farmland", "straw_burning", 3000),
        attempt("smoking-far", t(2023, 11, 10, 11), start, "xidoupu-farmland", "outdoor_smoking", 3000),
    ]
    result = run(only_scripted(scenario_data("grassland-fire-line-trip"), start, 13, scripted))
    assert outcomes(result) == {
        "in-band-in-lockdown": [LOCKDOWN, STRAW], "far-in-lockdown": [STRAW], "far-after-lockdown": [STRAW],
        "smoking-far": [],
    }


def test_the_fireworks_ban_crosses_the_new_year_and_stops_at_the_zone_edge():
    start = dt.datetime(2024, 12, 24)
    t = dt.datetime
    scripted = [
        attempt("eve-of-ban", t(2024, 12, 24, 23, 50), start, "baotou-central", "fireworks", 0),
        attempt("first-day", t(2024, 12, 25, 0, 10), start, "baotou-central", "fireworks", 0),
        attempt("new-year", t(2025, 1, 1, 0, 0), start, "baotou-central", "fireworks", 0),
        attempt("just-outside", t(2025, 1, 28, 23), start, "baotou-fringe", "fireworks", 0.1),
        attempt("salaqi-wanghuo", t(2025, 1, 28, 20), start, "salaqi-goumen", "festival_bonfire", 0),
        attempt("last-day", t(2025, 2, 15, 23, 50), start, "baotou-central", "festival_bonfire", 0),
        attempt("day-after", t(2025, 2, 16, 0, 10), start, "baotou-central", "fireworks", 0),
        attempt("guyang-village", t(2025, 1, 28, 23), start, "guyang-village-grassland", "fireworks", 0),
    ]
    result = run(only_scripted(scenario_data("spring-festival-fireworks"), start, 55, scripted))
    assert outcomes(result) == {
        "eve-of-ban": [], "first-day": [FIREWORKS], "new-year": [FIREWORKS], "just-outside": [],
        "salaqi-wanghuo": [FIREWORKS], "last-day": [FIREWORKS], "day-after": [],
        "guyang-village": [],  # the 2023 lockdown windows do not reach 2025
    }


def lockdown_liabilities(result: dict) -> list[dict]:
    """The penalty entries of the lockdown notice's clause 三（六）, liability for a fire caused."""
    return [e for e in result["events"]
            if e["action"] == "penalty" and e["plan"] == "guyang-fire-ban-2023"]


def test_the_lockdown_liability_follows_a_fire_caused_and_not_a_violation_stopped_before_any_fire():
    start = dt.datetime(2023, 11, 10)
    t = dt.datetime
    data = scenario_data("grassland-fire-line-trip")
    for activity in data["fire_ban"]["activities"]:
        activity["ignition_p"] = 0  # only the scripted attempt that ignites starts a fire
    patrol = data["fire_ban"]["patrols"][0]
    patrol["spot_rate_per_h"] = 1000  # every violation in the patrols' shift is caught at once
    data["fire_ban"]["enforcement"]["identified_p"] = 1  # and every offender is known
    stopped = attempt("stopped", t(2023, 11, 10, 10), start, "redline-edge-graves", "tomb_paper_burning", 0)
    burned = dict(attempt("burned", t(2023, 11, 10, 10), start, "park-north-graves", "tomb_paper_burning", 0),
                  ignites=True)
    result = run(only_scripted(data, start, 2, [stopped, burned]))
    scripted = {s["id"]: s for s in result["summary"]["fire"]["scripted"]}
    assert scripted["stopped"]["caught_h"] is not None and scripted["stopped"]["fire"] is None
    assert scripted["burned"]["fire"] is not None
    # 三（六）: liability where the acts listed cause a fire; the stopped violation gets none
    assert [(e["zone"], e.get("fire"), e["when"]) for e in lockdown_liabilities(result)] == [
        ("grassland_subsidy_area", scripted["burned"]["fire"], ["caught", "fire"])]


@pytest.mark.parametrize("name", ["qingming-tomb-sweeping", "spring-festival-fireworks", "grassland-fire-line-trip"])
def test_every_shipped_scenario_applies_the_lockdown_liability_only_to_a_fire_caused(name):
    (mapping,) = [m for m in scenario_data(name)["fire_ban"]["enforcement"]["penalties"]
                  if m["penalty"] == "lockdown_violation_liability"]
    assert "fire" in mapping["when"]


def fire_season_at(start: dt.datetime, hours: list[float]) -> list[bool]:
    scenario = only_scripted(scenario_data("grassland-fire-line-trip"), start, 2, [])
    plans = {pid: load_plan(ROOT / "plans" / f"{pid}.yaml") for pid in scenario.plans}
    area = load_area(ROOT / "plans" / "areas" / "guyang.yaml")
    sim = Simulation(scenario, plans, area, 7)
    found = []
    for h in hours:
        sim.run(until=h)
        found.append("fire_season" in sim.conditions)
    return found


@pytest.mark.parametrize("start, expected", [
    (dt.datetime(2023, 12, 31), [True, True]),   # 12-31 → 01-01: the county period crosses the new year
    (dt.datetime(2024, 5, 31), [True, False]),   # its last day, then 06-01
    (dt.datetime(2024, 9, 14), [False, True]),   # 09-14, then its first day
])
def test_the_county_fire_period_sets_the_fire_season_day_by_day(start, expected):
    assert fire_season_at(start, [12, 36]) == expected


def test_a_planners_extended_lockdown_passed_as_a_plan_copy_applies_to_6_15(tmp_path):
    text = (ROOT / "plans" / "guyang-fire-ban-2023.yaml").read_text(encoding="utf-8")
    old = "dates: {start: 2023-03-15, end: 2023-05-31}"
    assert text.count(old) == 1
    copy = tmp_path / "lockdown-to-june-15.yaml"
    copy.write_text(text.replace(old, "dates: {start: 2023-03-15, end: 2023-06-15}"), encoding="utf-8")
    extended = load_model(copy, PLAN_ADAPTER)
    start = dt.datetime(2023, 6, 10)
    t = dt.datetime
    scripted = [
        attempt("june-10", t(2023, 6, 10, 9), start, "subsidy-graves", "tomb_paper_burning", 0),
        attempt("june-15", t(2023, 6, 15, 9), start, "subsidy-graves", "tomb_paper_burning", 0),
        attempt("june-16", t(2023, 6, 16, 9), start, "subsidy-graves", "tomb_paper_burning", 0),
    ]
    scenario = only_scripted(scenario_data("qingming-tomb-sweeping"), start, 7, scripted)
    assert outcomes(run(scenario)) == {"june-10": [], "june-15": [], "june-16": []}
    assert outcomes(run(scenario, replace={extended.id: extended})) == {
        "june-10": [LOCKDOWN], "june-15": [LOCKDOWN], "june-16": []}


def relay_of(result: dict) -> dict:
    return next(e for e in result["events"] if e["action"] == "relay_report")


@pytest.mark.parametrize("day, on_duty", [
    (dt.datetime(2023, 11, 16), False),  # the lockdown's last day: its 24-hour duty ends at midnight
    (dt.datetime(2023, 11, 5), True),    # the eve of the lockdown: its 24-hour duty begins at midnight
], ids=["lockdown's last day", "lockdown's eve"])
def test_a_fire_lit_at_ten_to_midnight_is_reported_after_midnight_under_the_next_day_s_24_hour_duty_or_its_absence(
        day, on_duty):
    scripted = [{**attempt("late-evening", day.replace(hour=23, minute=50), day, "park-north-graves",
                           "tomb_paper_burning", 0), "ignites": True}]
    relay = relay_of(run(only_scripted(scenario_data("grassland-fire-line-trip"), day, 2, scripted)))
    assert 0 <= relay["t_h"] - 24 < 8  # on the next day, before office hours
    assert relay["on_duty"] is on_duty


def test_a_run_that_starts_in_the_evening_judges_each_attempt_on_the_calendar_day_it_falls_on():
    start = dt.datetime(2023, 11, 16, 20, 0)
    scripted = [
        attempt("last-minutes", dt.datetime(2023, 11, 16, 23, 55), start, "redline-edge-graves", "tomb_paper_burning", 0),
        attempt("first-minutes-after", dt.datetime(2023, 11, 17, 0, 5), start, "redline-edge-graves",
                "tomb_paper_burning", 0),
    ]
    data = scenario_data("grassland-fire-line-trip")
    scenario = only_scripted(data, start, 2, scripted)
    assert outcomes(run(scenario)) == {"last-minutes": [LOCKDOWN], "first-minutes-after": []}
