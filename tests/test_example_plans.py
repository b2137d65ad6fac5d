"""The example plans of other levels of government run end to end with no code of their own.

``plans/examples/`` holds the national plan (国办函〔2015〕134号), graded on every grid an
incident touches, with a provincial grid and an ice storm to run it on; Gansu's provincial plan,
with a supply crisis; and Liangshan county's, with a thunderstorm over the county seat. Each
one's seed-7 summary is recorded like the shipped scenarios' (rerun with
``TUIYAN_UPDATE_GOLDEN=1`` to accept an intended change).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_fixtures import matches_golden

from sim.cli import main
from sim.engine.run import run_scenario
from sim.lint import lint_plan
from sim.inputs.loader import load_plan
from sim.inputs import load_case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "plans" / "examples"
NATIONAL = EXAMPLES / "national-blackout-2015.yaml"
ICE_STORM = EXAMPLES / "scenarios" / "mengxi-ice-storm.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"


def seed_seven(path: Path) -> tuple:
    """A scenario's plans and its run under seed 7, the seed its golden summary is recorded at."""
    scenario, plans, area = load_case(path)
    return plans, run_scenario(scenario, plans, area, 7)


@pytest.fixture(scope="module")
def ice_storm():
    return seed_seven(ICE_STORM)


def test_the_national_plan_validates_and_lints_clean(capsys):
    assert main(["validate", str(NATIONAL), str(EXAMPLES / "areas"), str(EXAMPLES / "scenarios")]) == 0
    assert lint_plan(load_plan(NATIONAL, require_stem=False)) == []


def test_classify_and_run_accept_the_same_national_plan_file(capsys, ice_storm):
    assert main(["classify", str(NATIONAL), "--grid-scope", "capital_city", "--grid-load-mw", "4000",
                 "--metric", "load_shed_pct=45", "--metric", "customers_out_pct=1"]) == 0
    assert "事件级别 Severity: 重大大面积停电事件 Major large-area blackout\n" in capsys.readouterr().out
    _, result = ice_storm
    assert result["summary"]["max_severity"] == "major"


@pytest.mark.parametrize("load_mw, shed, severity", [
    (4000, 60, "especially_major"), (4000, 59.99, "major"), (4000, 40, "major"), (4000, 39.99, "serious"),
    (1999.9, 40, "major"), (1999.9, 39.99, "serious"), (4000, 10, "general"), (4000, 9.99, None),
])
def test_the_capital_grid_is_graded_on_both_sides_of_each_threshold(load_mw, shed, severity):
    from sim.severity import classify

    plan = load_plan(NATIONAL, require_stem=False)
    values = {"grid_load_mw@capital_city": load_mw, "load_shed_pct@capital_city": shed,
              "customers_out_pct@capital_city": 0.0}
    assert classify(plan, values).severity == severity


def test_the_ice_storm_reaches_level_four_then_two_led_by_the_province_and_ends(ice_storm):
    plans, result = ice_storm
    summary, events = result["summary"], result["events"]
    assert [c["to"] for c in summary["level_changes"]] == ["IV", "II", "IV", None]
    declared = next(e for e in events if e["action"] == "declare_response")
    assert (declared["to"], declared["unit"]) == ("IV", "provincial_government")
    raised = next(e for e in events if e["action"] == "adjust_response" and e["to"] == "II")
    assert raised["commander"] == "provincial_government" and raised["severity"] == "major"
    # the county's grid went dark first (general), then the capital's lost 45 % (major)
    classified = [(e["t_h"], e["severity"]) for e in events if e["action"] == "classified"]
    assert classified[:2] == [(4.0, "general"), (8.0, "major")]
    assert summary["measures_activated"] == ["grid_repair", "secondary_incidents", "public_order"]
    assert summary["terminated_at_h"] is not None


def test_the_time_series_records_every_grid_figure_the_plan_reads(ice_storm):
    _, result = ice_storm
    at_nine = [row for row in result["timeseries"] if row["t_h"] <= 9][-1]
    assert at_nine["load_shed_pct@capital_city"] == pytest.approx(45.0)
    assert at_nine["load_shed_pct@county_city"] == pytest.approx(100.0)
    assert at_nine["load_shed_pct@provincial"] == pytest.approx(100 * 1930 / 26030)
    assert at_nine["grid_load_mw@capital_city"] == pytest.approx(4000.0)


def test_golden_summary_of_the_ice_storm(ice_storm):
    matches_golden(ice_storm[1]["summary"], GOLDEN / "mengxi-ice-storm-seed7.summary.json")


def test_a_run_that_starts_no_response_says_so_in_the_plans_own_words(ice_storm):
    from sim.engine.summary import summary_text

    plans, result = ice_storm
    scenario, _, area = load_case(ICE_STORM)
    quiet = {**result, "summary": {**result["summary"], "level_changes": []}}
    plan = plans["national-blackout-2015"]
    assert "  未启动应急响应 No response started\n" in summary_text(quiet, scenario, plans, area)
    worded = plan.model_copy(update={"no_response": plan.no_response.model_copy(update={"zh": "未启动省级响应",
                                                                                        "en": "No provincial response"})})
    text = summary_text(quiet, scenario, {plan.id: worded}, area)
    assert "  未启动省级响应 No provincial response\n" in text and "县级" not in text


def test_a_severity_level_named_like_a_response_level_reads_as_a_severity(ice_storm):
    from sim.engine.summary import summary_text

    plans, result = ice_storm
    scenario, _, area = load_case(ICE_STORM)
    plan = plans["national-blackout-2015"]
    # a plan that calls its severity levels Ⅰ–Ⅳ, as its response levels
    renamed = plan.model_copy(update={"severity_levels": [
        level.model_copy(update={"id": rid}) for level, rid in zip(plan.severity_levels, ["I", "II", "III", "IV"])]})
    summary = {**result["summary"], "max_severity": "II"}
    text = summary_text({**result, "summary": summary}, scenario, {plan.id: renamed}, area)
    assert "最高事件级别 Highest severity: 重大大面积停电事件 Major large-area blackout" in text
    assert "最高响应级别 Highest response level: Ⅱ级应急响应 Level II response" in text
    from sim import report  # the after-action report reads each as what it is too

    page = report.markdown({**result, "summary": summary}, plans={plan.id: renamed}, area=area, scenario=scenario,
                           language="en")
    assert "- **Highest severity**: Major large-area blackout" in page
    assert "- **Highest response level**: Level II response" in page


# ---- a four-level provincial plan: 甘肃省大面积停电事件应急预案 --------------------------------

GANSU = EXAMPLES / "gansu-blackout-2016.yaml"
CRISIS = EXAMPLES / "scenarios" / "gansu-supply-crisis.yaml"


@pytest.fixture(scope="module")
def crisis():
    return seed_seven(CRISIS)


def test_the_provincial_plan_validates_and_lints_clean():
    assert main(["validate", str(GANSU)]) == 0
    assert lint_plan(load_plan(GANSU, require_stem=False)) == []


@pytest.mark.parametrize("values, severity", [
    # 2.1.1: 40 % shed **and** an important plant dark **and** key equipment damaged
    ({"load_shed_pct@provincial": 40, "important_plant_dark": 1, "key_equipment_damaged": 1}, "especially_major"),
    ({"load_shed_pct@provincial": 39.99, "important_plant_dark": 1, "key_equipment_damaged": 1}, "major"),
    ({"load_shed_pct@provincial": 40, "important_plant_dark": 1, "key_equipment_damaged": 0}, "major"),
    # 2.1.3: 60 % of capacity tripped **and** half the load rationed; 2.2.3: 40–60 % tripped
    ({"generation_tripped_pct@provincial": 60, "load_shed_pct@provincial": 50}, "especially_major"),
    ({"generation_tripped_pct@provincial": 60, "load_shed_pct@provincial": 10}, "major"),
    ({"generation_tripped_pct@provincial": 40, "load_shed_pct@provincial": 0}, "major"),
    ({"generation_tripped_pct@provincial": 39.99, "load_shed_pct@provincial": 0}, None),
    # 2.3.1 / 2.2.1 on the provincial grid, 2.3.4 on a county-level city's above 150 MW
    ({"load_shed_pct@provincial": 12}, "serious"), ({"load_shed_pct@provincial": 16}, "major"),
    ({"grid_load_mw@county_city": 200, "load_shed_pct@county_city": 60, "customers_out_pct@county_city": 0}, "serious"),
    ({"grid_load_mw@county_city": 200, "load_shed_pct@county_city": 59.99, "customers_out_pct@county_city": 0}, "general"),
])
def test_the_provincial_table_on_both_sides_of_its_conjunctions(values, severity):
    from sim.severity import classify

    assert classify(load_plan(GANSU, require_stem=False), values).severity == severity


def test_classify_and_run_accept_the_same_provincial_plan_file(capsys, crisis):
    assert main(["classify", str(GANSU), "--grid-scope", "provincial", "--metric", "load_shed_pct=45",
                 "--metric", "important_plant_dark=1", "--metric", "key_equipment_damaged=1"]) == 0
    assert "事件级别 Severity: 特别重大大面积停电事件 Especially major large-area blackout\n" in capsys.readouterr().out
    assert crisis[1]["summary"]["max_severity"] == "especially_major"


def test_the_supply_crisis_goes_to_level_two_then_one_led_by_the_province_and_ends(crisis):
    _, result = crisis
    summary, events = result["summary"], result["events"]
    assert [c["to"] for c in summary["level_changes"]] == ["II", "I", "II", None]
    declared = next(e for e in events if e["action"] == "declare_response")
    assert (declared["unit"], declared["to"], declared["commander"]) == ("provincial_headquarters", "II",
                                                                         "provincial_headquarters")
    classified = [(e["t_h"], e["severity"]) for e in events if e["action"] == "classified"]
    assert classified[:2] == [(3.0, "major"), (6.0, "especially_major")]  # half tripped; then 78 % and 73 % shed
    fact = next(e for e in events if e["action"] == "figure_set")
    assert (fact["t_h"], fact["figure"], fact["value"]) == (6.5, "important_plant_dark", 1.0)
    assert summary["terminated_at_h"] == pytest.approx(21.0)


def test_the_crisis_time_series_records_capacity_tripped_and_the_plants_fact(crisis):
    _, result = crisis
    at = {row["t_h"]: row for row in result["timeseries"]}
    worst = [row for t, row in at.items() if 6.5 <= t < 12][-1]
    assert worst["generation_tripped_pct@provincial"] == pytest.approx(100 * 14000 / 18000)
    assert worst["important_plant_dark"] == 1.0
    assert result["timeseries"][-1]["generation_tripped_pct@provincial"] == 0.0


def test_golden_summary_of_the_supply_crisis(crisis):
    matches_golden(crisis[1]["summary"], GOLDEN / "gansu-supply-crisis-seed7.summary.json")


def test_compiled_grid_rows_agree_with_the_plain_reading_of_the_models():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sim.severity import classify

    plans = [load_plan(NATIONAL, require_stem=False), load_plan(GANSU, require_stem=False)]
    scopes = ["provincial", "capital_city", "other_city", "county_city"]
    share = st.floats(min_value=0, max_value=100)
    figures = st.fixed_dictionaries({
        f"{name}@{scope}": strategy for scope in scopes
        for name, strategy in (("load_shed_pct", share), ("customers_out_pct", share),
                               ("generation_tripped_pct", share),
                               ("grid_load_mw", st.sampled_from([100, 150, 599, 600, 1999, 2000, 5000, 20000, 30000])))
    } | {"important_plant_dark": st.sampled_from([0, 1]), "key_equipment_damaged": st.sampled_from([0, 1])})

    @settings(max_examples=200, deadline=None)
    @given(values=figures)
    def agree(values):
        for plan in plans:
            expected = next((lv.id for lv in plan.severity_levels if lv.criteria.holds(values, plan.bounds)), None)
            assert classify(plan, values).severity == expected

    agree()


LIANGSHAN = EXAMPLES / "liangshan-blackout-2023.yaml"
THUNDERSTORM = EXAMPLES / "scenarios" / "liangshan-thunderstorm.yaml"


@pytest.fixture(scope="module")
def thunderstorm():
    return seed_seven(THUNDERSTORM)


def test_the_county_plan_validates_and_lints_clean(capsys):
    assert main(["validate", str(LIANGSHAN), str(EXAMPLES / "areas" / "liangshan.yaml"), str(THUNDERSTORM)]) == 0
    assert lint_plan(load_plan(LIANGSHAN, require_stem=False)) == []


@pytest.mark.parametrize("county, customers, seat, rated, severity", [
    (60, 0, 0, 0, "major"), (59.99, 0, 0, 0, "serious"), (0, 70, 0, 0, "major"), (0, 50, 0, 0, "serious"),
    (0, 49.99, 0, 0, "general"), (0, 39.99, 0, 0, None), (20, 0, 0, 0, "general"), (19.99, 0, 0, 0, None),
    (30, 0, 60, 0, "major"), (30, 0, 59.99, 0, "serious"), (0, 0, 40, 0, "serious"), (0, 0, 39.99, 0, None),
    (10, 10, 10, 1, "serious"), (60, 0, 0, 1, "major"),
])
def test_the_county_grid_the_county_seats_grid_and_the_headquarters_judgement_each_grade(
        county, customers, seat, rated, severity):
    from sim.severity import classify

    plan = load_plan(LIANGSHAN, require_stem=False)
    values = {"load_shed_pct": county, "customers_out_pct": customers, "load_shed_pct@county_seat": seat,
              "hq_rates_serious": rated}
    assert classify(plan, values).severity == severity


def test_the_thunderstorm_goes_to_level_one_on_the_county_seats_grid_then_two_on_the_headquarters_judgement(
        thunderstorm):
    _, result = thunderstorm
    summary, events = result["summary"], result["events"]
    assert [c["to"] for c in summary["level_changes"]] == ["I", "II", None]
    declared = next(e for e in events if e["action"] == "declare_response")
    assert (declared["to"], declared["unit"]) == ("I", "county_headquarters")
    first = next(row for row in result["timeseries"] if row["load_shed_pct@county_seat"] == 100)
    assert first["load_shed_pct"] < 40  # the county's grid alone would be general
    lowered = next(e for e in events if e["action"] == "adjust_response")
    assert (lowered["to"], lowered["classification"]) == ("II", "serious")
    then = [row for row in result["timeseries"] if row["t_h"] <= lowered["t_h"]][-1]
    assert then["load_shed_pct"] < 20 and then["customers_out_pct"] < 40 and then["hq_rates_serious"] == 1


def test_golden_summary_of_the_thunderstorm(thunderstorm):
    matches_golden(thunderstorm[1]["summary"], GOLDEN / "liangshan-thunderstorm-seed7.summary.json")


@pytest.mark.parametrize("scenario, severity, changes", [
    (ICE_STORM, "重大大面积停电事件", ["— → Ⅳ级应急响应", "Ⅳ级应急响应 Level IV response → Ⅱ级应急响应", "→ 终止 ended"]),
    (CRISIS, "特别重大大面积停电事件", ["— → Ⅱ级应急响应", "Ⅱ级应急响应 Level II response → Ⅰ级应急响应", "→ 终止 ended"]),
    (THUNDERSTORM, "重大大面积停电事件 Major large-area blackout",
     ["— → Ⅰ级应急响应", "Ⅰ级应急响应 Level I response → Ⅱ级应急响应", "→ 终止 ended"]),
])
def test_the_readme_run_commands_of_the_examples_run_end_to_end(capsys, scenario, severity, changes):
    assert main(["run", str(scenario), "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert f"最高事件级别 Highest severity: {severity}" in out
    assert all(change in out for change in changes)
