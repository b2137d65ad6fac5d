"""Figures come from where the plan says; conditions may have to hold for a while; every
severity threshold cites its clause; declared values catch misspellings where they are written.

The cases are variants of the national example (``plans/examples``), written to a
temporary folder with the same layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.engine.run import run_scenario
from sim.errors import InputError
from sim.inputs.loader import load_plan
from sim.inputs import load_case

EXAMPLES = Path(__file__).resolve().parent.parent / "plans" / "examples"
JOINING_ROW = {"zh": "把情景的事实与一个数值联系起来的测试行。", "en": "A test row joining a scenario's fact to a figure."}
PLAN, AREA, SCENARIO = "national-blackout-2015", "mengxi", "mengxi-ice-storm"


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _variant(tmp_path, plan=None, area=None, scenario=None):
    """The example's files in ``tmp_path`` after the given functions changed their data."""
    files = {tmp_path / f"{PLAN}.yaml": (EXAMPLES / f"{PLAN}.yaml", plan),
             tmp_path / "areas" / f"{AREA}.yaml": (EXAMPLES / "areas" / f"{AREA}.yaml", area),
             tmp_path / "scenarios" / f"{SCENARIO}.yaml": (EXAMPLES / "scenarios" / f"{SCENARIO}.yaml", scenario)}
    for target, (source, change) in files.items():
        data = _read(source)
        if change:
            change(data)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return tmp_path / "scenarios" / f"{SCENARIO}.yaml"


def _run(path):
    scenario, plans, area = load_case(path)
    return run_scenario(scenario, plans, area, 7)


def _classified(result):
    return [(e["t_h"], e["severity"]) for e in result["events"] if e["action"] == "classified"]


def _level(data, level_id):
    return next(level for level in data["severity_levels"] if level["id"] == level_id)


def test_a_level_that_must_hold_for_two_hours_is_met_two_hours_after_its_figures(tmp_path):
    def held(data):
        general = _level(data, "general")
        general["criteria"] = {"held": general["criteria"], "for_h": 2}

    classified = _classified(_run(_variant(tmp_path, plan=held)))
    assert classified[0] == (6.0, "general")  # the county went dark at 4 h


def test_a_condition_broken_before_its_time_is_not_met(tmp_path):
    def held(data):
        general = _level(data, "general")
        general["criteria"] = {"held": general["criteria"], "for_h": 200}

    assert all(severity != "general" for _, severity in _classified(_run(_variant(tmp_path, plan=held))))


def _plant_dark_plan(data):
    data["metrics"].append({"id": "important_plant_dark", "name": {"zh": "重要发电厂停电", "en": "An important plant dark"},
                            "unit": "bool", "from": "scenario"})
    _level(data, "especially_major")["criteria"]["any_of"].append(
        {"all_of": [  # the grid's figure, and the scenario's fact about the incident
            {"grid": "provincial", "metric": "load_shed_pct", "min": 5,
             "assumption": JOINING_ROW},
            {"metric": "important_plant_dark", "min": 1, "assumption": JOINING_ROW}]})


def test_a_fact_the_scenario_sets_mid_incident_is_graded_from_then_on(tmp_path):
    def plant_dark(data):
        data["injects"].append({"id": "plant-dark", "at_h": 12, "kind": "figure", "figure": "important_plant_dark",
                                "value": 1, "text": {"zh": "重要发电厂停电", "en": "An important plant goes dark"}})

    result = _run(_variant(tmp_path, plan=_plant_dark_plan, scenario=plant_dark))
    assert (12.0, "especially_major") in _classified(result)
    assert result["summary"]["max_response_level"] == "I"
    assert "important_plant_dark" in result["timeseries"][-1]


def test_a_figure_no_plan_reads_from_the_scenario_is_refused(tmp_path):
    def typo(data):
        data["figures"] = {"important_plant_drak": 0}

    with pytest.raises(InputError, match="no plan of the scenario reads the figure 'important_plant_drak'"):
        load_case(_variant(tmp_path, plan=_plant_dark_plan, scenario=typo))



def _forecast(data) -> dict:
    return next(inject for inject in data["injects"] if inject["kind"] == "forecast")


def test_a_forecast_figure_no_plan_s_warning_reads_is_refused_where_the_forecast_gives_it(tmp_path):
    def typo(data):
        _forecast(data)["metrics"] = {"forecast_load_shed": 8}

    path = _variant(tmp_path, scenario=typo)
    with pytest.raises(InputError) as raised:
        load_case(path)
    (problem,) = raised.value.problems
    index = [inject["kind"] for inject in _read(path)["injects"]].index("forecast")
    assert problem.path == f"injects.{index}.metrics.forecast_load_shed"
    assert problem.message.en == ("no warning of the scenario's plans reads the figure 'forecast_load_shed' "
                                            "from a forecast, so it issues no warning (they read: Forecast load shed "
                                            "(typed as forecast_load_shed_pct))")


def test_a_forecast_of_the_figure_the_warning_reads_is_taken(tmp_path):
    load_case(_variant(tmp_path))  # the example's forecast_load_shed_pct: 8


@pytest.mark.parametrize("where", ["figures", "inject", "forecast"])
def test_a_number_written_in_words_for_a_figure_a_plan_tests_against_numbers_is_refused_naming_the_figure(tmp_path,
                                                                                                         where):
    def in_words(data):
        if where == "figures":
            data["figures"] = {"important_plant_dark": "yes"}
        elif where == "inject":
            _set_at_start(data)
            data["injects"].append({"id": "plant-dark", "at_h": 12, "kind": "figure", "figure": "important_plant_dark",
                                    "value": "yes", "text": {"zh": "重要发电厂停电", "en": "An important plant goes dark"}})
        else:
            _set_at_start(data)
            _forecast(data)["metrics"] = {"forecast_load_shed_pct": "high"}

    with pytest.raises(InputError) as raised:
        load_case(_variant(tmp_path, plan=_plant_dark_plan, scenario=in_words))
    (problem,) = raised.value.problems
    figure, value = (("Forecast load shed (typed as forecast_load_shed_pct)", "'high'") if where == "forecast"
                     else ("An important plant dark (typed as important_plant_dark)", "'yes'"))
    assert problem.message.en == (f"{figure} is a number: write it as one (1 or 0 for a yes/no fact), not "
                                            f"{value}; a value in words never meets a criterion that tests it")


def test_a_figure_a_plan_reads_from_the_scenario_that_the_scenario_never_sets_is_refused_at_the_plan_that_reads_it(
        tmp_path):
    path = _variant(tmp_path, plan=_plant_dark_plan)
    with pytest.raises(InputError) as raised:
        load_case(path)
    (problem,) = raised.value.problems
    plans_line = next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                      if line.startswith("plans:"))
    assert (problem.file, problem.path, problem.line) == (str(path), "plans.0", plans_line + 1)
    said = raised.value.render("both")
    assert "从情景读取数据 重要发电厂停电（键入 important_plant_dark），但情景从未设定它" in said
    assert "reads the figure An important plant dark (typed as important_plant_dark) from the scenario, which never sets it" in said
    assert said.index("从未设定") < said.index("never sets")


def _set_at_start(data):
    data["figures"] = {"important_plant_dark": 0}


def _set_by_inject(data):
    data["injects"].append({"id": "plant-dark", "at_h": 12, "kind": "figure", "figure": "important_plant_dark",
                            "value": 1, "text": {"zh": "重要发电厂停电", "en": "An important plant goes dark"}})


def _read_by_no_criterion(data):
    _level(data, "especially_major")["criteria"]["any_of"].pop()


@pytest.mark.parametrize("plan, scenario", [(_plant_dark_plan, _set_at_start), (_plant_dark_plan, _set_by_inject),
                                            (lambda data: (_plant_dark_plan(data), _read_by_no_criterion(data)), None)],
                         ids=["set at the start", "set by an inject", "read by no criterion"])
def test_a_figure_from_the_scenario_is_accepted_when_the_scenario_sets_it_or_no_criterion_reads_it(
        tmp_path, plan, scenario):
    assert load_case(_variant(tmp_path, plan=plan, scenario=scenario)).scenario.id == SCENARIO

def test_tripped_generation_is_a_figure_and_sheds_what_no_longer_fits(tmp_path):
    def plants(data):
        data["supply"]["capacity_mw"] = 20000
        data["generators"] = [{"id": "plant-a", "name": {"zh": "甲电厂", "en": "Plant A"}, "town": "ordos",
                               "capacity_mw": 10000, "assumption": {"zh": "测试用的一座大型电厂", "en": "One large plant for the test."}}]

    def trip(data):
        data["injects"] = [{"id": "trip", "at_h": 5, "kind": "generation", "generators": ["plant-a"], "duration_h": 10,
                            "text": {"zh": "机组非计划停运", "en": "Units trip"}}]

    def reads(data):
        data["metrics"].append({"id": "generation_tripped_pct", "name": {"zh": "机组非计划停运容量比例", "en": "Generation tripped"},
                                "unit": "%"})
        data["termination"]["conditions"][0]["check"] = {"all_of": [
            {"metric": "grid_backbone_restored", "min": 1}, {"metric": "generation_tripped_pct", "max": 1}]}

    result = _run(_variant(tmp_path, plan=reads, area=plants, scenario=trip))
    row = [r for r in result["timeseries"] if r["t_h"] <= 6][-1]
    assert row["generation_tripped_pct"] == 100.0
    # whole supply areas are shed, lowest priority and largest first, until the rest fits in 20 000 MW
    assert 100 * (26030 - 20000) / 26030 <= row["load_shed_pct"] < 100
    assert result["summary"]["max_severity"] == "especially_major"  # a provincial grid over 20 000 MW losing 30 %+
    assert result["timeseries"][-1]["generation_tripped_pct"] == 0.0


def test_a_severity_threshold_without_a_citation_is_refused_at_its_line_naming_its_figure_as_the_plan_does(tmp_path):
    def uncited(data):
        del _level(data, "general")["criteria"]["any_of"][0]["all_of"][0]["source"]

    _variant(tmp_path, plan=uncited)
    with pytest.raises(InputError, match=r"severity_levels\.3\.criteria\.any_of\.0\.all_of\.0: the threshold on "
                                         r"Load shed \(share of the grid's load\) \(typed as load_shed_pct\) cites nothing"):
        load_plan(tmp_path / f"{PLAN}.yaml")


@pytest.mark.parametrize("bound, value, said", [
    ("min", -0.5, r"min: Load shed \(share of the grid's load\) \(typed as load_shed_pct\) lies between 0 and 100; "
                  r"a bound of -0.5 is outside it"),
    ("max", 100.5, r"max: Load shed .* lies between 0 and 100; a bound of 100.5 is outside it"),
    ("max", float("nan"), r"max: should be a finite number"),
    ("min", -1, r"min: The grid's load \(typed as grid_load_mw\) is never below 0; a bound of -1 cannot be"),
])
def test_a_threshold_beyond_what_its_figure_can_take_is_refused_at_its_bound(tmp_path, bound, value, said):
    row = 4 if "grid_load_mw" in said else 0  # the rows of the smallest grids read the grid's load

    def beyond(data):
        _level(data, "general")["criteria"]["any_of"][row]["all_of"][0][bound] = value

    _variant(tmp_path, plan=beyond)
    with pytest.raises(InputError, match=rf"severity_levels\.3\.criteria\.any_of\.{row}\.all_of\.0\." + said):
        load_plan(tmp_path / f"{PLAN}.yaml")


def test_a_threshold_at_either_end_of_what_its_figure_can_take_is_accepted(tmp_path):
    def ends(data):
        _level(data, "general")["criteria"]["any_of"][0]["all_of"][0].update({"min": 0, "max": 100})

    _variant(tmp_path, plan=ends)
    assert load_plan(tmp_path / f"{PLAN}.yaml").id == PLAN


def test_a_document_date_may_be_unstated_with_an_assumption_only(tmp_path):
    def unstated(data):
        del data["document"]["issued"]

    _variant(tmp_path, plan=unstated)
    with pytest.raises(InputError, match="issued not given"):
        load_plan(tmp_path / f"{PLAN}.yaml")

    def explained(data):
        unstated(data)
        data["document"]["assumption"] = {"zh": "公报转载的文本未载明印发日期。",
                                          "en": "The reprint in the gazette does not carry the date of issue."}

    _variant(tmp_path, plan=explained)
    assert load_plan(tmp_path / f"{PLAN}.yaml").document.issued is None


def test_units_triggers_and_metrics_accept_an_assumption(tmp_path):
    def assumed(data):
        data["units"][0]["assumption"] = {"zh": "只在国务院决定时才成立指挥部。",
                                          "en": "The headquarters is set up only when the State Council decides."}
        duty = data["units"][1]["duties"][0]
        duty["trigger"]["assumption"] = {"zh": "无论响应级别如何，该局都参与每一次响应。",
                                         "en": "The administration follows every response, whatever its level."}
        data["metrics"][0]["assumption"] = {"zh": "减供负荷以事件发生前的负荷为基准计算。",
                                            "en": "Load shed is measured against the load just before the incident."}

    _variant(tmp_path, plan=assumed)
    assert load_plan(tmp_path / f"{PLAN}.yaml").units[0].assumption.en.startswith("The headquarters")


def test_a_misspelt_grid_scope_is_refused_where_it_is_written(tmp_path):
    def misspelt(data):
        _level(data, "major")["criteria"]["any_of"][5]["grid"] = "capitol_city"

    _variant(tmp_path, plan=misspelt)
    with pytest.raises(InputError, match=r"severity_levels\.1\.criteria\.any_of\.5\.grid: unknown grid scope "
                                         r"'capitol_city'"):
        load_plan(tmp_path / f"{PLAN}.yaml")


def test_an_area_grid_of_a_scope_the_plan_does_not_know_is_refused_at_the_area_line_that_writes_it(tmp_path):
    def misspelt(data):
        data["grids"][0]["scope"] = "capitol_city"

    scenario = _variant(tmp_path, area=misspelt)
    area = tmp_path / "areas" / f"{AREA}.yaml"
    line = next(n for n, text in enumerate(area.read_text(encoding="utf-8").splitlines(), 1) if "capitol_city" in text)
    column = area.read_text(encoding="utf-8").splitlines()[line - 1].index("scope:") + 1
    with pytest.raises(InputError) as error:
        load_case(scenario)
    (problem,) = error.value.problems
    assert (problem.file, problem.line, problem.col, problem.path) == (str(area), line, column, "grids.0.scope")
    assert "scope 'capitol_city', which plan " in str(problem) and "(typed as national-blackout-2015) does not know" in str(problem)


def test_classify_asks_how_long_the_figures_have_held_when_it_could_decide(tmp_path, capsys):
    from sim.cli import main

    def held(data):
        general = _level(data, "general")
        general["criteria"] = {"held": general["criteria"], "for_h": 2}

    _variant(tmp_path, plan=held)
    plan = str(tmp_path / f"{PLAN}.yaml")
    figures = ["--grid-scope", "county_city", "--grid-load-mw", "100", "--metric", "load_shed_pct=50",
               "--metric", "customers_out_pct=0"]
    assert main(["classify", plan, *figures]) == 2
    assert "how long the figures have held is missing" in capsys.readouterr().err
    assert main(["classify", plan, *figures, "--held-h", "2", "--json"]) == 0
    assert '"severity": "general"' in capsys.readouterr().out
    assert main(["classify", plan, *figures, "--held-h", "1.99", "--json"]) == 0
    assert '"severity": null' in capsys.readouterr().out


# An area may hold several grids of one scope: two cities of one province.

def _second_city(data):
    data["grids"].append({"id": "ordos", "name": {"zh": "鄂尔多斯市电网", "en": "Ordos city grid"},
                          "scope": "other_city", "towns": ["ordos"],
                          "assumption": {"zh": "鄂尔多斯是包头旁的另一个设区的市。",
                                         "en": "Ordos is a second city with districts beside Baotou."}})


def _baotou_dark_only(data):
    data["injects"] = [i for i in data["injects"] if i["id"] not in ("guyang-dark", "hohhot-industry-dark")]
    data["injects"].append({"id": "baotou-urban-dark", "at_h": 4, "kind": "fault",
                            "text": {"zh": "包头城区供电区线路覆冰跳闸", "en": "Iced lines trip in Baotou's urban supply area"},
                            "feeders": ["baotou-urban"]})


def test_an_area_may_hold_two_grids_of_one_scope(tmp_path):
    from sim.inputs.loader import load_area

    _variant(tmp_path, area=_second_city)
    area = load_area(tmp_path / "areas" / f"{AREA}.yaml")
    assert [g.id for g in area.grids if g.scope == "other_city"] == ["baotou_and_region", "ordos"]


def test_a_city_hit_is_graded_on_its_own_figures_and_the_untouched_city_on_its_own(tmp_path):
    result = _run(_variant(tmp_path, area=_second_city, scenario=_baotou_dark_only))
    # Baotou's grid: 1.2 million of its 1.318 million customers out, a city above 600 MW: major
    assert _classified(result)[0] == (4.0, "major")
    at_five = [row for row in result["timeseries"] if row["t_h"] <= 5][-1]
    assert at_five["customers_out_pct@other_city:baotou_and_region"] == pytest.approx(100 * 1_200_000 / 1_318_000)
    assert at_five["load_shed_pct@other_city:ordos"] == 0.0
    assert "load_shed_pct@other_city" not in at_five


def test_the_worst_of_two_cities_decides_the_level():
    from sim.severity import classify

    plan = load_plan(EXAMPLES / f"{PLAN}.yaml", require_stem=False)
    lists = {"grids_of:other_city": ("other_city:a", "other_city:b")}
    city = {"a": {"grid_load_mw": 900, "load_shed_pct": 45, "customers_out_pct": 0},  # serious on its own
            "b": {"grid_load_mw": 900, "load_shed_pct": 65, "customers_out_pct": 0}}  # major on its own
    values = {f"{k}@other_city:{c}": v for c, figures in city.items() for k, v in figures.items()} | lists
    result = classify(plan, values)
    assert result.severity == "major"
    assert {leaf.key for leaf in result.matched} == {"grid_load_mw@other_city:b", "load_shed_pct@other_city:b"}
    city["b"]["load_shed_pct"] = 30  # now general on its own: the serious city decides
    values = {f"{k}@other_city:{c}": v for c, figures in city.items() for k, v in figures.items()} | lists
    assert classify(plan, values).severity == "serious"
    # one city's load bracket never combines with the other city's shed
    city = {"a": {"grid_load_mw": 900, "load_shed_pct": 0, "customers_out_pct": 0},
            "b": {"grid_load_mw": 400, "load_shed_pct": 65, "customers_out_pct": 0}}
    values = {f"{k}@other_city:{c}": v for c, figures in city.items() for k, v in figures.items()} | lists
    assert classify(plan, values).severity == "serious"  # b below 600 MW: 40 % or more is serious, not major


def test_classification_over_several_grids_of_a_scope_is_the_worst_of_each_alone():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sim.severity import classify

    plans = [load_plan(EXAMPLES / f"{PLAN}.yaml", require_stem=False),
             load_plan(EXAMPLES / "gansu-blackout-2016.yaml", require_stem=False)]
    share = st.floats(min_value=0, max_value=100)
    city = st.fixed_dictionaries({"load_shed_pct": share, "customers_out_pct": share,
                                  "grid_load_mw": st.sampled_from([100, 599, 600, 1999, 2000, 30000])})

    @settings(max_examples=150, deadline=None)
    @given(cities=st.lists(city, min_size=1, max_size=3), provincial=share)
    def worst(cities, provincial):
        base = {"load_shed_pct@provincial": provincial, "grid_load_mw@provincial": 15000,
                "important_plant_dark": 0, "key_equipment_damaged": 0}
        for plan in plans:
            ranks = {level.id: i for i, level in enumerate(plan.severity_levels)}
            alone = [classify(plan, base | {f"{k}@other_city": v for k, v in c.items()}).severity for c in cities]
            together = base | {"grids_of:other_city": tuple(f"other_city:{i}" for i in range(len(cities)))}
            together |= {f"{k}@other_city:{i}": v for i, c in enumerate(cities) for k, v in c.items()}
            met = [s for s in alone if s is not None]
            expected = min(met, key=ranks.get) if met else None
            assert classify(plan, together).severity == expected

    worst()


def test_classify_takes_several_grids_of_a_scope_by_name(capsys):
    from sim.cli import main

    plan = str(EXAMPLES / f"{PLAN}.yaml")
    city = lambda name, load, shed: ["--metric", f"grid_load_mw@other_city:{name}={load}",  # noqa: E731
                                     "--metric", f"load_shed_pct@other_city:{name}={shed}",
                                     "--metric", f"customers_out_pct@other_city:{name}=0"]
    assert main(["classify", plan, *city("tianshui", 900, 65), *city("dingxi", 400, 10), "--json"]) == 0
    assert '"severity": "major"' in capsys.readouterr().out
    assert main(["classify", plan, *city("tianshui", 900, 10), "--metric", "load_shed_pct@other_city=65"]) == 2
    assert "given both with and without a name" in capsys.readouterr().err


def test_a_figure_the_scenario_sets_for_a_scope_of_several_grids_is_refused(tmp_path):
    def set_for_city(data):
        data["injects"].append({"id": "city-figure", "at_h": 2, "kind": "figure", "figure": "load_shed_pct",
                                "value": 10, "grid": "other_city", "text": {"zh": "城市减供负荷", "en": "A city sheds load"}})

    with pytest.raises(InputError, match="several grids of scope 'other_city'"):
        load_case(_variant(tmp_path, area=_second_city, scenario=set_for_city))


def test_a_condition_that_must_hold_on_a_scope_of_several_grids_is_refused_at_the_area(tmp_path):
    def held(data):
        general = _level(data, "general")
        general["criteria"] = {"held": general["criteria"], "for_h": 2}

    with pytest.raises(InputError) as error:
        load_case(_variant(tmp_path, plan=held, area=_second_city))
    problems = [p for p in error.value.problems if "must hold for 2 h" in str(p)]
    assert problems and all(p.file.endswith(f"areas/{AREA}.yaml") and p.path == "grids" for p in problems)
    assert any("scope 'other_city'" in str(p) for p in problems)


# A figure's range (``range:``) is a fact of the quantity the plan states, read wherever a value of it is given.

RAINFALL = {"id": "rain_mm", "name": {"zh": "24小时降雨量", "en": "Rainfall in 24 hours"}, "unit": "mm",
            "from": "scenario"}


def _rainfall_plan(stated: dict | None):
    def change(data):
        data["metrics"].append(RAINFALL | ({"range": stated} if stated is not None else {}))
        _level(data, "especially_major")["criteria"]["any_of"].append(
            {"metric": "rain_mm", "min": 250, "assumption": JOINING_ROW})
    return change


def _rain(value, by_inject: bool):
    def change(data):
        if by_inject:
            data["figures"] = {"rain_mm": 0}
            data["injects"].append({"id": "downpour", "at_h": 12, "kind": "figure", "figure": "rain_mm", "value": value,
                                    "text": {"zh": "特大暴雨", "en": "Torrential rain"}})
        else:
            data["figures"] = {"rain_mm": value}
    return change


@pytest.mark.parametrize("by_inject", [False, True], ids=["under figures", "by a figure inject"])
def test_a_negative_rainfall_is_refused_where_the_scenario_gives_it_naming_the_figure_and_its_range(tmp_path,
                                                                                                    by_inject):
    path = _variant(tmp_path, plan=_rainfall_plan({"min": 0}), scenario=_rain(-5, by_inject))
    with pytest.raises(InputError) as raised:
        load_case(path)
    (problem,) = raised.value.problems
    index = len(_read(path)["injects"]) - 1
    assert problem.path == (f"injects.{index}.value" if by_inject else "figures.rain_mm")
    assert problem.message.zh == "24小时降雨量（键入 rain_mm）为 -5；应不小于 0"
    assert problem.message.en == "Rainfall in 24 hours (typed as rain_mm) is -5; it must be 0 or more"


def test_a_rainfall_within_its_range_is_taken_and_one_with_no_range_may_be_any_number(tmp_path):
    load_case(_variant(tmp_path / "in", plan=_rainfall_plan({"min": 0}), scenario=_rain(0, by_inject=True)))
    load_case(_variant(tmp_path / "unstated", plan=_rainfall_plan(None), scenario=_rain(-5, by_inject=False)))


def test_a_range_closed_above_is_said_as_its_greatest_value(tmp_path):
    path = _variant(tmp_path, plan=_rainfall_plan({"max": 2000}), scenario=_rain(2500, by_inject=False))
    with pytest.raises(InputError) as raised:
        load_case(path)
    (problem,) = raised.value.problems
    assert problem.message.en == "Rainfall in 24 hours (typed as rain_mm) is 2500; it must be 2000 or less"


def test_a_forecast_figure_outside_its_unit_s_range_is_refused_where_the_forecast_gives_it(tmp_path):
    def too_much(data):
        _forecast(data)["metrics"] = {"forecast_load_shed_pct": 150}

    with pytest.raises(InputError) as raised:
        load_case(_variant(tmp_path, scenario=too_much))
    (problem,) = raised.value.problems
    assert problem.path.endswith(".metrics.forecast_load_shed_pct")
    assert problem.message.en == "Forecast load shed (typed as forecast_load_shed_pct) is 150; it must lie in [0, 100]"


@pytest.mark.parametrize("stated, said", [
    ({}, "a range needs `min`, `max` or both"),
    ({"min": 10, "max": 0}, "inverted range: min (10) must not exceed max (0)"),
])
def test_a_range_that_states_nothing_or_runs_backwards_is_refused_at_its_line(tmp_path, capsys, stated, said):
    from sim.cli import main

    _variant(tmp_path, plan=_rainfall_plan(stated), scenario=_rain(0, by_inject=False))
    plan = tmp_path / f"{PLAN}.yaml"
    assert main(["validate", str(plan), "--lang", "en"]) == 2
    line = [n for n, text in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1) if "range:" in text][-1]
    err = capsys.readouterr().err
    assert f"{plan}:{line}:" in err and said in err and "Traceback" not in err


def test_a_threshold_outside_the_range_the_plan_states_is_refused_as_one_that_could_never_decide(tmp_path):
    def below(data):
        _rainfall_plan({"min": 0})(data)
        _level(data, "especially_major")["criteria"]["any_of"][-1]["max"] = -1
        del _level(data, "especially_major")["criteria"]["any_of"][-1]["min"]

    with pytest.raises(InputError, match="Rainfall in 24 hours .* is never below 0; a bound of -1 cannot be"):
        load_plan(_variant(tmp_path, plan=below, scenario=_rain(0, by_inject=False)).parent.parent / f"{PLAN}.yaml")
