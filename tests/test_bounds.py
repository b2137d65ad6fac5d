"""A file that validates runs: the extreme values the schemas allow go through ``run``.

Each case takes a shipped scenario, sets some numbers to the largest (or smallest) value
its model allows (:mod:`sim.bounds`), and runs it: the run must finish with a result,
never an OverflowError, a MemoryError or a run without end. Values one step past a bound
are refused by ``validate`` at their line.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from sim import bounds
from sim.cli import main
from sim.engine.run import run_scenario
from sim.fire.summary import AreaSeries
from sim.inputs import load_case
from sim.inputs.fire_ban import MIN_STEP_MIN
from sim.inputs.yaml_source import parse, read_text

ROOT = Path(__file__).resolve().parent.parent
WINTER = "winter-ice-storm"
QINGMING = "qingming-tomb-sweeping"
TEMPLATE = "random-blackout"

LONGEST = {"dist": "lognormal", "median": bounds.MAX_HOURS, "sigma": bounds.MAX_SIGMA,
           "assumption": {"zh": "模式允许的最长抢修时间", "en": "the longest repair the schema allows"}}


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    """A copy of the shipped plans, areas and scenarios that a case may change."""
    folder = tmp_path_factory.mktemp("bounds") / "plans"
    shutil.copytree(ROOT / "plans", folder, ignore=shutil.ignore_patterns("examples"))
    return folder


def edited(plans: Path, scenario: str, change) -> Path:
    """The shipped scenario with ``change(data)`` applied, written beside it."""
    data, _ = parse(read_text(ROOT / "plans" / "scenarios" / f"{scenario}.yaml"), scenario)
    change(data)
    path = plans / "scenarios" / f"{scenario}-extreme.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def every(items, **values):
    for item in items:
        item.update(values)


def longest_repairs(data):
    data["restoration"]["repair_h"] = {"substation": LONGEST, "feeder": LONGEST}
    data["restoration"].update(hazard_factor=bounds.MAX_FACTOR, switching_h=bounds.MAX_HOURS)


def strongest_injects(data):
    for inject in data["injects"]:
        if "severity" in inject or inject["kind"] in ("fault", "incident"):
            inject["severity"] = bounds.MAX_FACTOR
        if inject["kind"] in ("demand", "supply"):
            inject["factor"] = bounds.MAX_FACTOR
        if "duration_h" in inject:
            inject["duration_h"] = bounds.MAX_HOURS
        if inject["kind"] == "forecast":
            inject["valid_h"] = bounds.MAX_HOURS


def most_resources(data):
    data["resources"] = {key: bounds.MAX_COUNT for key in data["resources"]}


def widest_spread(data):
    data["stochastic"].update(work_time_sigma=2, report_delay_sigma=2)


def latest_start(data):
    data["start"] = bounds.LATEST_MOMENT.replace(hour=0, minute=0, second=0)


def fastest_fuels(data):
    every(data["fire_ban"]["fuels"], r0_m_per_min=bounds.MAX_SPREAD_M_PER_MIN, wind_coeff=bounds.MAX_WIND_COEFF,
          lb_per_ms=10.0)


def strongest_wind(data):
    for regime in data["fire_ban"]["weather"]["regimes"]:
        regime["wind_ms"] = {"min": bounds.MAX_WIND_MS, "max": bounds.MAX_WIND_MS}
    every(data["fire_ban"]["weather"]["diurnal"]["hours"], wind_factor=3.0)


def most_attempts_allowed(data):
    """Rates that bring the expected attempts to just under the engine's limit."""
    section = data["fire_ban"]
    days = (section["dates"]["end"] - section["dates"]["start"]).days + 1
    rates = [rate for spec in section["activities"] for rate in spec["rates"]]
    for spec in section["activities"]:
        spec["calendar"] = []
    every(rates, per_day=int(bounds.MAX_ATTEMPTS / days / len(rates)))


def fires_unchecked(data):
    """Every attempt starts a fire that nothing contains, stepped as finely as allowed, for one day."""
    section = data["fire_ban"]
    data["horizon_h"] = 24
    section["dates"]["end"] = section["dates"]["start"]
    section["step_min"] = MIN_STEP_MIN
    for spec in section["activities"]:
        spec.update(ignition_p=1.0, compliance=0.0)
    every(section["ignition"]["moisture"], factor=bounds.MAX_FACTOR)
    section["ignition"]["moisture"][-1]["below_pct"] = bounds.MAX_MOISTURE_PCT
    section["ignition"]["off_season_factor"] = bounds.MAX_FACTOR
    every(section["ignition"]["seasons"], factor=bounds.MAX_FACTOR)
    every(section["patrols"], teams=0)
    every(section["checkpoints"], turn_back_p=0.0)
    every(section["crews"], count=0)


def fires_at_their_bound(data):
    """As many fires as a run may expect, every one burning to the end of a one-hour run."""
    section = data["fire_ban"]
    data["horizon_h"] = 1
    section["dates"]["end"] = section["dates"]["start"]
    section["step_min"] = MIN_STEP_MIN
    rates = [rate for spec in section["activities"] for rate in spec["rates"]]
    for spec in section["activities"]:
        spec.update(calendar=[], hours={"start_h": 0, "end_h": 1}, duration_h={"min": 0.01, "max": 0.01},
                    ignition_p=1.0, compliance=0.0)
    every(section["ignition"]["moisture"], factor=1.0)
    section["ignition"]["off_season_factor"] = 1.0
    every(section["ignition"]["seasons"], factor=1.0)
    section["ignition"]["moisture"][-1]["below_pct"] = bounds.MAX_MOISTURE_PCT
    every(section["fuels"], ignition_factor=1.0)
    every(section["patrols"], teams=0)
    every(section["checkpoints"], turn_back_p=0.0)
    every(rates, per_day=bounds.MAX_FIRES / len(rates))


def corridors_all_round(data):
    """Every place within reach of as many corridors as allowed, in every direction, some at a
    few metres, in dry fuel: fires trip lines and open incidents that damage what the lines supply."""
    fires_unchecked(data)
    for regime in data["fire_ban"]["weather"]["regimes"]:
        regime["fuel_moisture_pct"] = {"min": 0, "max": 0}
    corridors = ["corridor-110-park", "corridor-110-huaishuo", "corridor-110-xiashihao",
                 "corridor-10-xidoupu-villages"]
    for place in data["fire_ban"]["places"]:
        place["corridors"] = [{"corridor": corridors[k % len(corridors)], "distance_m": 1.0 + 1000 * (bounds.MAX_REACHES - 1 - k),
                               "bearing_deg": 36 * k} for k in range(bounds.MAX_REACHES)]


def most_scripted(data):
    """As many scripted fires as a section may hold, spread over the run."""
    section = data["fire_ban"]
    section["scripted"] = [{"id": f"scripted-{k}", "text": {"zh": "脚本中的火", "en": "A scripted fire"},
                            "at_h": data["horizon_h"] * k / bounds.MAX_ITEMS, "place": section["places"][0]["id"],
                            "activity": section["activities"][0]["activity"], "ignites": True}
                           for k in range(bounds.MAX_ITEMS)]


def largest_crews(data):
    every(data["fire_ban"]["crews"], count=bounds.MAX_CREWS, per_fire=bounds.MAX_PER_FIRE)


def slowest_crews(data):
    every(data["fire_ban"]["crews"], turnout_h=bounds.MAX_HOURS)


@pytest.mark.parametrize(
    ("scenario", "change"),
    [
        (WINTER, longest_repairs),
        (WINTER, strongest_injects),
        (WINTER, most_resources),
        (WINTER, widest_spread),
        (WINTER, latest_start),
        (QINGMING, fastest_fuels),
        (QINGMING, strongest_wind),
        (QINGMING, slowest_crews),
        (QINGMING, most_attempts_allowed),
        (QINGMING, largest_crews),
        (QINGMING, longest_repairs),
        (QINGMING, fires_unchecked),
        (QINGMING, fires_at_their_bound),
        (QINGMING, corridors_all_round),
        (QINGMING, most_scripted),
    ],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_the_extreme_values_a_scenario_may_hold_run_to_a_result(plans, capsys, scenario, change):
    path = edited(plans, scenario, change)
    assert main(["validate", str(path), "--lang", "en"]) == 0, capsys.readouterr().err
    assert main(["run", str(path), "--seed", "1", "--lang", "en"]) == 0, capsys.readouterr().err


def test_the_fire_series_holds_a_row_per_step_of_the_run_however_many_fires_burn(plans):
    path = edited(plans, QINGMING, fires_unchecked)
    result = run_scenario(*load_case(path), 1)
    fires = result["summary"]["fire"]["fires"]
    assert fires["started"] > 1 and fires["still_burning"] == fires["started"]
    rows = result["fire"]
    assert len(rows) <= 24 * 60 / MIN_STEP_MIN + 1
    assert rows[-1]["burning"] == fires["started"]
    assert rows[-1]["burned_ha"] == pytest.approx(fires["hectares_burned"])


def test_a_long_run_keeps_its_fire_series_within_the_chart_rows():
    series = AreaSeries(step_h=0.1, horizon_h=24 * 365)
    for k in range(100_000):  # two fires stepping on their own clocks all year
        series.change(k * 0.0876 + 0.03, grown_ha=1.0, burning=1 if k < 2 else 0)
    rows = series.as_rows()
    assert len(rows) <= AreaSeries.MAX_ROWS + 1
    assert rows[-1] == {"t_h": pytest.approx(99_999 * 0.0876 + 0.03, abs=series.resolution_h),
                        "burned_ha": 100_000.0, "burning": 2}
    assert all(a["t_h"] < b["t_h"] for a, b in zip(rows, rows[1:]))


def test_the_extreme_draws_a_template_may_hold_sweep_to_rows(plans, capsys):
    def change(data):
        longest_repairs(data)
        template = data["template"]
        fires = template.get("fires")
        if fires is not None:
            factors = (max(w.get("fire_factor", 1.0) for w in template["weather"])
                       * max(c.get("fire_factor", 1.0) for c in template["causes"]) * max(fires["period_factor"], 1.0))
            fires["mean"] = int(1000 / factors)

    path = edited(plans, TEMPLATE, change)
    assert main(["sweep", str(path), "--runs", "2", "--seed", "1", "--no-progress", "--lang", "en"]) == 0, \
        capsys.readouterr().err


def more_fires_than_the_bound(data):
    fires_at_their_bound(data)
    every([r for s in data["fire_ban"]["activities"] for r in s["rates"]], per_day=bounds.MAX_FIRES)


def fires_every_minute_for_two_weeks(data):
    data["fire_ban"]["step_min"] = MIN_STEP_MIN
    every(data["fire_ban"]["activities"], ignition_p=1.0)


def every_crew_to_every_fire(data):
    fires_at_their_bound(data)
    every(data["fire_ban"]["crews"], count=1, per_fire=bounds.MAX_PER_FIRE)


def a_year_of_places(data):
    """Attempts drawn every day of a year at a hundred places for each of three activities."""
    data["horizon_h"] = 24 * 365
    section = data["fire_ban"]
    section["dates"]["end"] = section["dates"]["start"] + dt.timedelta(days=364)
    for spec in section["activities"][:3]:
        spec["rates"] = [{"place": spec["rates"][0]["place"], "per_day": 0.0}] * bounds.MAX_ITEMS


def too_many_corridors(data):
    reach = {"corridor": "corridor-110-park", "distance_m": 1000, "bearing_deg": 0}
    data["fire_ban"]["places"][0]["corridors"] = [reach] * (bounds.MAX_REACHES + 1)


def faults_past_the_network_bound(data):
    """Faults that list one feeder over and over: more damage than a run may log."""
    per_fault = 1_000
    data["injects"] += [{"id": f"fault-{k}", "at_h": 1, "kind": "fault", "text": {"zh": "故障", "en": "A fault"},
                         "feeders": ["f-cb-01"] * per_fault} for k in range(bounds.MAX_NETWORK_CHANGES // per_fault + 1)]


@pytest.mark.parametrize(
    ("scenario", "change", "message"),
    [
        (WINTER, lambda d: d["restoration"]["repair_h"]["substation"].update(sigma=bounds.MAX_SIGMA + 0.5),
         "restoration.repair_h.substation.sigma: should be at most 3"),
        (WINTER, lambda d: d["restoration"].update(hazard_factor=bounds.MAX_FACTOR * 10),
         "restoration.hazard_factor: should be at most 1,000"),
        (WINTER, lambda d: d.update(start="9999-12-31T00:00:00"), "start: should be at most"),
        (WINTER, lambda d: d["resources"].update(repair_crew=bounds.MAX_COUNT + 1),
         "resources.repair_crew: should be at most 100,000"),
        (WINTER, lambda d: d.update(horizon_h=float("inf")), "horizon_h: should be a finite number"),
        (QINGMING, lambda d: every([r for s in d["fire_ban"]["activities"] for r in s["rates"]], per_day=10_000),
         "attempts expected over the run"),
        (QINGMING, lambda d: d["fire_ban"]["activities"][0]["calendar"][0].update(factor=1e6),
         "should be at most 1,000"),
        (QINGMING, lambda d: d["fire_ban"].update(step_min=MIN_STEP_MIN / 2),
         "fire_ban.step_min: should be at least 1"),
        (WINTER, lambda d: d["restoration"]["repair_h"]["substation"].update(sigma=1000),
         "restoration.repair_h.substation.sigma: should be at most 3"),
        (QINGMING, more_fires_than_the_bound, "fires expected (the attempts times their highest chance of starting "
                                              "a fire, plus the scripted attempts); the engine takes at most 2,000"),
        (QINGMING, fires_every_minute_for_two_weeks, "each of which may burn to the end of the run in 20,160 steps"),
        (QINGMING, every_crew_to_every_fire, "crews sent to each make"),
        (QINGMING, a_year_of_places, "365 days times the activities' place entries make"),
        (QINGMING, too_many_corridors, "fire_ban.places.0.corridors: should have 10 or fewer items, not 11"),
        (WINTER, faults_past_the_network_bound, "changes of the network over the run"),
    ],
    ids=["sigma", "hazard-factor", "start", "resources", "infinite-horizon", "attempts", "busy-factor", "fire-step",
         "sigma-1000", "fires", "fire-steps", "crew-trips", "attempt-cells", "corridors", "network-changes"],
)
def test_a_value_past_its_bound_is_refused_at_its_line(plans, capsys, scenario, change, message):
    path = edited(plans, scenario, change)
    assert main(["validate", str(path), "--lang", "en"]) == 2
    assert message in capsys.readouterr().err


def with_elements(tmp_path, count: int) -> Path:
    """A copy of the plans whose area has ``count`` substations and feeders (feeders added)."""
    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", folder, ignore=shutil.ignore_patterns("examples"))
    area_file = folder / "areas" / "guyang.yaml"
    area, _ = parse(read_text(area_file), "guyang")
    first = area["feeders"][0]
    extra = count - len(area["substations"]) - len(area["feeders"])
    area["feeders"] += [{**first, "id": f"f-extra-{k}", "key_area": False} for k in range(extra)]
    area_file.write_text(yaml.safe_dump(area, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_an_area_with_more_elements_than_the_engine_takes_is_refused(tmp_path, capsys):
    plans = with_elements(tmp_path, bounds.MAX_ELEMENTS + 1)
    assert main(["validate", str(plans / "areas" / "guyang.yaml"), "--lang", "en"]) == 2
    assert "the area has 2,001 substations and feeders; the engine takes at most 2,000" in capsys.readouterr().err


def test_faults_across_the_largest_area_run_and_are_bounded_by_the_network_work(tmp_path, capsys):
    plans = with_elements(tmp_path, bounds.MAX_ELEMENTS)
    area, _ = parse(read_text(plans / "areas" / "guyang.yaml"), "guyang")
    everything = {"substations": [s["id"] for s in area["substations"]], "feeders": [f["id"] for f in area["feeders"]]}
    faults = bounds.MAX_NETWORK_WORK // bounds.MAX_ELEMENTS // bounds.MAX_ELEMENTS

    def change(count):
        def faults_everywhere(data):
            data["injects"] += [{"id": f"fault-{k}", "at_h": 1 + k, "kind": "fault", "severity": 0.01,
                                 "text": {"zh": "全网故障", "en": "Everything fails"}, **everything}
                                for k in range(count)]
        return faults_everywhere

    assert main(["validate", str(edited(plans, WINTER, change(faults - 1))), "--lang", "en"]) == 0, capsys.readouterr().err
    assert main(["validate", str(edited(plans, WINTER, change(faults + 1))), "--lang", "en"]) == 2
    assert "substations and feeders make" in capsys.readouterr().err
    assert main(["run", str(edited(plans, WINTER, change(1))), "--seed", "1", "--lang", "en"]) == 0, \
        capsys.readouterr().err


@pytest.mark.parametrize(
    ("scenario", "change", "zh", "en"),
    [
        (QINGMING, lambda d: d["fire_ban"].update(step_min=0.5), "应大于或等于 1：火场至少每分钟推进一步",
         "should be at least 1: a fire steps at least a minute at a time"),
        (QINGMING, lambda d: d.update(horizon_h=24 * 366), "应小于或等于 8760：一次推演最长一年",
         "should be at most 8,760: a run lasts at most a year"),
        (WINTER, lambda d: d["restoration"]["repair_h"]["feeder"].update(sigma=1000), "对数正态分布的 σ 为 3 时",
         "should be at most 3: a lognormal σ of 3 is already a factor of 20"),
        (QINGMING, too_many_corridors, "推演对每次尝试、每一步或每次变化都要遍历这个列表",
         "a run goes through this list for every attempt, step or change"),
    ],
    ids=["step", "horizon", "sigma", "list"],
)
def test_a_value_past_a_bound_says_why_the_bound_is_there_in_both_languages(plans, capsys, scenario, change, zh, en):
    path = edited(plans, scenario, change)
    assert main(["validate", str(path), "--lang", "both"]) == 2
    err = capsys.readouterr().err
    assert zh in err and en in err


def test_a_value_below_a_bound_kept_for_the_engine_says_no_reason_meant_for_the_other_side(plans, capsys):
    path = edited(plans, WINTER, lambda d: d.update(horizon_h=0))
    assert main(["validate", str(path), "--lang", "en"]) == 2
    assert capsys.readouterr().err.endswith("horizon_h: should be greater than 0\n")


def with_repeats(tmp_path, every_h: float, duties: int | None = None) -> Path:
    """A copy of the plans whose blackout plan repeats the first ``duties`` repeating duties
    (all of them when None) every ``every_h`` hours."""
    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", folder, ignore=shutil.ignore_patterns("examples"))
    plan = folder / "guyang-blackout-2023.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(re.sub(r"repeat_every_h: [0-9.]+", f"repeat_every_h: {every_h}", text, count=duties or 0),
                    encoding="utf-8")
    return folder


def test_a_duty_repeated_more_often_than_its_bound_is_refused_at_its_line_with_the_reason(tmp_path, capsys):
    plans = with_repeats(tmp_path, bounds.MIN_REPEAT_H / 2, duties=1)
    assert main(["validate", str(plans / "guyang-blackout-2023.yaml"), "--lang", "en"]) == 2
    assert ("repeat_every_h: should be at least 0.1: a duty repeats at most every six "
            "minutes") in capsys.readouterr().err


def test_a_duty_repeated_as_often_as_allowed_runs_to_a_result(tmp_path, capsys):
    plans = with_repeats(tmp_path, bounds.MIN_REPEAT_H, duties=1)
    assert main(["run", str(plans / "scenarios" / f"{WINTER}.yaml"), "--seed", "1", "--lang", "en"]) == 0, \
        capsys.readouterr().err


def test_duties_repeating_past_the_bound_over_a_run_are_refused_at_the_horizon(tmp_path, capsys):
    plans = with_repeats(tmp_path, bounds.MIN_REPEAT_H)
    assert main(["validate", str(plans / "scenarios" / f"{WINTER}.yaml"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "horizon_h: the plans' repeating duties start" in err and "the engine takes at most 100,000" in err


@pytest.mark.parametrize(("plan", "pattern", "field"), [
    ("guyang-blackout-2023.yaml", r"(?m)^(\s+hours: )[0-9.]+$", "hours"),  # the first duty's task
    ("guyang-blackout-2023.yaml", r"(decision_hours: )[0-9.]+", "decision_hours"),
    ("guyang-straw-burning-ban-2023.yaml", r"(max: )[0-9.]+", "fine_yuan.max"),
])
def test_a_plan_s_hours_and_fines_are_bounded_like_a_scenario_s_and_an_infinite_one_is_refused(
        tmp_path, capsys, plan, pattern, field):
    """A plan's figures go into the run as a scenario's do: an hour past the engine's bound or a
    fine past what is written exactly is refused at its line, not run or rounded."""
    folder = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", folder, ignore=shutil.ignore_patterns("examples"))
    path = folder / plan
    original = path.read_text(encoding="utf-8")
    largest = bounds.MAX_YUAN if field.startswith("fine") else bounds.MAX_HOURS
    for value, status in ((largest, 0), (largest * 10, 2), (".inf", 2)):
        path.write_text(re.sub(pattern, rf"\g<1>{value}", original, count=1), encoding="utf-8")
        assert main(["validate", str(path), "--lang", "en"]) == status, capsys.readouterr().err
        err = capsys.readouterr().err
        if status:
            assert re.search(rf"{re.escape(plan)}:\d+:\d+: \S*{re.escape(field)}: should be (at most|a finite number)", err), err
