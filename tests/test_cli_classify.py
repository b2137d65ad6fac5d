"""``python -m sim classify`` as a user runs it: JSON, bilingual text, bad flags → exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
GUYANG = str(ROOT / "plans" / "guyang-blackout-2023.yaml")
NATIONAL = str(ROOT / "tests" / "data" / "national-style-plan.yaml")
GAZETTE = "固阳县大面积停电事件应急预案（2023年版）"


def classify_json(capsys, *argv: str) -> dict:
    status = main(["classify", *argv, "--json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    return json.loads(out)


def rejected(capsys, *argv: str) -> str:
    """Exit status 2, from argparse (a malformed flag) or from the command (a flag the plan cannot use)."""
    try:
        status = main(["classify", *argv, "--lang", "en"])
    except SystemExit as exit_:
        status = exit_.code
    assert status == 2
    return capsys.readouterr().err


def test_json_names_level_response_and_sources(capsys):
    data = classify_json(capsys, GUYANG, "--metric", "load_shed_pct=25", "--metric", "customers_out_pct=72")
    assert (data["severity"], data["response_level"]) == ("major", "I")
    assert data["severity_name"] == {"zh": "重大大面积停电事件", "en": "Major large-area blackout"}
    assert [c["id"] for c in data["commanders"]] == ["county_government"]
    assert data["sources"] == [
        {"document": GAZETTE, "clause": "附件1 一", "quote": "固阳县电网:减供负荷 60%以上,或 70%以上供电用户停电。"},
        {"document": GAZETTE, "clause": "附件1 一", "quote": "70%以上供电用户停电"},
        {"document": GAZETTE, "clause": "5.1", "quote": "初判发生重大大面积停电事件,启动Ⅰ级应急响应,由县人民政府负责指挥应对处置工作。"},
    ]
    assert data["matched"] == [{"metric": "customers_out_pct", "value": 72.0, "min": 70.0, "max": None}]


@pytest.mark.parametrize("load_shed, severity, response", [
    ("19.99", None, None), ("20", "general", "III"), ("40", "serious", "II"), ("60", "major", "I"),
])
def test_json_at_the_thresholds(capsys, load_shed, severity, response):
    data = classify_json(capsys, GUYANG, "--metric", f"load_shed_pct={load_shed}", "--metric", "customers_out_pct=0")
    assert (data["severity"], data["response_level"]) == (severity, response)


def test_below_every_level_is_null_and_points_at_the_discretion(capsys):
    data = classify_json(capsys, GUYANG, "--metric", "load_shed_pct=5", "--metric", "customers_out_pct=29.9")
    assert (data["severity"], data["response_level"], data["sources"]) == (None, None, [])
    assert data["discretion"]["unit"] == "town_government"


@pytest.mark.parametrize("load_shed, severity, discretion", [("19.99", None, True), ("20", "general", None)])
def test_below_every_level_a_context_the_discretion_tests_puts_the_choice_to_its_unit(capsys, load_shed, severity,
                                                                                      discretion):
    data = classify_json(capsys, GUYANG, "--metric", f"load_shed_pct={load_shed}", "--metric", "customers_out_pct=0",
                         "--context", "social_impact=significant")
    assert data["severity"] == severity
    assert data.get("discretion", {}).get("criteria_met") is discretion
    if discretion:
        assert data["discretion"]["source"]["clause"] == "5.1" and data["discretion"]["missing"] == []


def test_below_every_level_without_the_context_the_discretion_tests_says_it_is_not_given(capsys):
    data = classify_json(capsys, GUYANG, "--metric", "load_shed_pct=5", "--metric", "customers_out_pct=5")
    assert (data["discretion"]["criteria_met"], data["discretion"]["missing"]) == (None, ["social_impact"])
    assert main(["classify", GUYANG, "--metric", "load_shed_pct=5", "--metric", "customers_out_pct=5", "--lang", "zh"]) == 0
    (line,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("未达分级标准时")]
    assert line.startswith("未达分级标准时：未给出 对社会的影响（键入 social_impact）：若满足条件，由事发地")
    assert line.endswith("决定是否启动应急响应")


def test_plain_output_is_bilingual(capsys):
    assert main(["classify", GUYANG, "--metric", "load_shed_pct=45", "--metric", "customers_out_pct=10"]) == 0
    out = capsys.readouterr().out
    for text in ("较大大面积停电事件", "Serious large-area blackout", "Ⅱ级应急响应", "Level II response",
                 "附件1 二", "「减供负荷 40%以上 60%以下」", "固阳县人民政府"):
        assert text in out


@pytest.mark.parametrize("language", ["both", "zh", "en"])
@pytest.mark.parametrize("load_shed, written", [(45, "= 45 ∈ [40, 60)"), (80, "= 80 ≥ 60")])
def test_a_criterion_met_writes_its_bounds_in_signs_that_read_alike_in_every_language(capsys, language, load_shed, written):
    """Two bounds are one interval: a word for "and" between them would be one language's
    inside a line of the other, or both languages' at once."""
    assert main(["classify", GUYANG, "--lang", language, "--metric", f"load_shed_pct={load_shed}",
                 "--metric", "customers_out_pct=10"]) == 0
    (met,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  • ") and "load_shed_pct" in line]
    assert met.endswith(written)


def test_grid_scope_and_load(capsys):
    data = classify_json(capsys, NATIONAL, "--grid-scope", "provincial", "--grid-load-mw", "25000",
                         "--metric", "load_shed_pct=13", "--metric", "generation_tripped_pct=0")
    assert (data["severity"], data["response_level"]) == ("major", "II")
    assert data["values"] == {"load_shed_pct": 13.0, "generation_tripped_pct": 0.0, "grid_load_mw": 25000.0,
                              "grid_scope": "provincial"}
    assert {"context": "grid_scope", "value": "provincial", "in": ["provincial"]} in data["matched"]


@pytest.mark.parametrize("argv, message", [
    (["--metric", "load_shed_pct"], "expected ID=VALUE"),
    (["--metric", "=5"], "expected ID=VALUE"),
    (["--metric", "load_shed_pct=lots"], "expected a number"),
    (["--metric", "load_shed_pct=nan"], "expected a finite number"),
    (["--metric", "load_shedding=5"], "unknown metric 'load_shedding'"),
    (["--metric", "load_shed_pct=120"], "must lie in [0, 100]"),
    (["--metric", "load_shed_pct=5", "--metric", "load_shed_pct=6"], "given twice"),
    (["--grid-scope", "county"], "no levels that depend on the grid scope"),
    (["--grid-load-mw", "300"], "unknown metric 'grid_load_mw'"),
    (["--held-h", "-1"], "--held-h: must be at least 0, got -1"),
    (["--metric", "load_shed_pct@=5"], "'load_shed_pct@' names no grid scope after '@'; write load_shed_pct@SCOPE=VALUE"),
    (["--metric", "load_shed_pct@:x=5"], "'load_shed_pct@:x' names no grid scope after '@'"),
])
def test_bad_flags_exit_2(capsys, argv, message):
    assert message in rejected(capsys, GUYANG, *argv)


@pytest.mark.parametrize("typed", ["减供负荷比例", "Load shed (share of the county grid's load)",
                                   "load shed (SHARE of the county grid's load)", "LOAD_SHED_PCT"])
def test_a_figure_is_taken_by_its_chinese_or_english_name_as_check_takes_an_activity(capsys, typed):
    by_id = classify_json(capsys, GUYANG, "--metric", "load_shed_pct=45", "--metric", "customers_out_pct=10")
    by_name = classify_json(capsys, GUYANG, "--metric", f"{typed}=45", "--metric", "customers_out_pct=10")
    assert by_name == by_id
    assert by_name["values"] == {"load_shed_pct": 45.0, "customers_out_pct": 10.0}
    assert (by_name["severity"], by_name["response_level"]) == ("serious", "II")


def test_the_part_of_a_chinese_name_only_one_figure_has_finds_that_figure(capsys):
    data = classify_json(capsys, GUYANG, "--metric", "load_shed_pct=5", "--metric", "停电供电用户=72")
    assert data["values"]["customers_out_pct"] == 72.0 and data["severity"] == "major"


def test_the_part_of_a_chinese_name_several_figures_have_lists_them_by_name_with_their_ids(capsys):
    err = rejected(capsys, GUYANG, "--metric", "减供负荷=25", "--metric", "customers_out_pct=72")
    assert err.startswith("command line: --metric: '减供负荷' could be any of Forecast load shed (typed as "
                          "forecast_load_shed_pct); Shed load restored (typed as load_restored_pct); Load shed (share "
                          "of the county grid's load) (typed as load_shed_pct); give the full name or the id")


def test_a_grid_s_figure_is_taken_by_its_name_before_the_at_sign(capsys):
    plan = str(ROOT / "plans" / "examples" / "liangshan-blackout-2023.yaml")
    common = ("--metric", "customers_out_pct=20", "--metric", "hq_rates_serious=0")
    by_id = classify_json(capsys, plan, *common, "--metric", "load_shed_pct=30", "--metric", "load_shed_pct@county_seat=70")
    by_name = classify_json(capsys, plan, *common, "--metric", "减供负荷比例=30", "--metric", "减供负荷比例@county_seat=70")
    assert by_name == by_id and by_name["values"]["load_shed_pct@county_seat"] == 70.0


def test_a_figure_typed_once_by_id_and_once_by_name_is_given_twice(capsys):
    err = rejected(capsys, GUYANG, "--metric", "load_shed_pct=5", "--metric", "减供负荷比例=6")
    assert err.startswith("command line: --metric: metric 'load_shed_pct' is given twice")


def test_an_unknown_figure_name_lists_the_names_and_ids_that_may_be_typed(capsys):
    assert main(["classify", GUYANG, "--metric", "降雨量=5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("命令行 · command line: --metric: 预案 固阳县大面积停电事件应急预案（2023年版） 没有指标 '降雨量'；"
                          "可用的名称（标识）：减供负荷比例（键入 load_shed_pct）；停电供电用户比例（键入 customers_out_pct）")
    assert ("unknown metric '降雨量' for plan Guyang County Large-Area Blackout Emergency Plan (2023 edition); "
            "valid names (ids): Load shed (share of the county grid's load) (typed as load_shed_pct)") in err


def test_classify_and_check_read_a_typed_name_by_one_function():
    """One reading of a typed name: the two commands cannot drift apart in what they accept."""
    import sim.bans
    import sim.commands.classify
    from sim.names import named_id

    assert sim.bans.named_id is named_id and sim.commands.classify.named_id is named_id


def test_unknown_grid_scope_exits_2(capsys):
    err = rejected(capsys, NATIONAL, "--grid-scope", "municipality")
    assert "unknown value 'municipality' of the grid scope" in err and "capital_city" in err


def test_a_figure_with_nothing_after_its_at_sign_is_told_the_scopes_its_plan_reads(capsys):
    plan = str(ROOT / "plans" / "examples" / "national-blackout-2015.yaml")
    err = rejected(capsys, plan, "--metric", "load_shed_pct@=5")
    assert "names no grid scope after '@'" in err
    assert "Provincial grid (typed as provincial)" in err and "Regional grid (typed as regional)" in err


def test_ban_notice_is_not_classified(capsys):
    notice = ROOT / "plans" / "guyang-fire-ban-2023.yaml"
    err = rejected(capsys, str(notice))
    assert err.startswith(f"{notice}:5:1: kind: a ban_notice has no severity levels; classify takes a response plan")


def test_a_ban_notice_given_to_classify_is_refused_in_the_readers_language(capsys):
    notice = ROOT / "plans" / "guyang-fire-ban-2023.yaml"
    assert main(["--lang", "zh", "classify", str(notice), "--metric", "load_shed_pct=25"]) == 2
    assert capsys.readouterr().err == (f"{notice}:5:1: kind: ban_notice 没有事件分级；classify 只判定响应预案"
                                       "（kind: response_plan）\n")


@pytest.mark.parametrize("argv, expected", [
    (["--metric", "load_shedding=5"], "command line: --metric: unknown metric 'load_shedding'"),
    (["--grid-load-mw", "300"], "command line: --grid-load-mw: unknown metric 'grid_load_mw'"),
    (["--grid-scope", "county"], "command line: --grid-scope: plan Guyang County Large-Area Blackout Emergency "
                                 "Plan (2023 edition) has no levels"),
])
def test_flags_the_plan_cannot_use_are_labelled_with_the_command_line(capsys, argv, expected):
    assert rejected(capsys, GUYANG, *argv).startswith(expected)


def test_a_refused_figure_reads_in_chinese_and_english_by_default(capsys):
    assert main(["classify", GUYANG, "--metric", "load_shed_pct=500"]) == 2
    assert capsys.readouterr().err == ("命令行 · command line: --metric: 减供负荷比例（键入 load_shed_pct）为 500 %；应在 [0, 100] 之内 · "
                                       "Load shed (share of the county grid's load) (typed as load_shed_pct) is 500 %; it must lie in [0, 100]\n")


@pytest.mark.parametrize("argv, said", [
    ((GUYANG, "--metric", "open_secondary_incidents=-1"),
     "命令行 · command line: --metric: 未处置完成的重大次生衍生事故数（键入 open_secondary_incidents）为 -1；应不小于 0 · "
     "Major secondary incidents still being handled (typed as open_secondary_incidents) is -1; it must be 0 or more\n"),
    ((NATIONAL, "--grid-load-mw", "-5"),
     "命令行 · command line: --grid-load-mw: 事件前电网负荷（键入 grid_load_mw）为 -5 MW；应不小于 0 · "
     "Grid load before the incident (typed as grid_load_mw) is -5 MW; it must be 0 or more\n"),
])
def test_a_figure_below_a_range_with_no_top_is_told_its_least_value_in_each_language_s_words(capsys, argv, said):
    """No infinity as a bound, and no English unit word inside the Chinese."""
    assert main(["classify", *argv]) == 2
    assert capsys.readouterr().err == said


def _rainfall_plan(tmp_path, stated: dict | None) -> str:
    """The national-style plan with a rainfall it grades on, its range as ``stated`` (None: none stated)."""
    import yaml

    data = yaml.safe_load(Path(NATIONAL).read_text(encoding="utf-8"))
    data["metrics"].append({"id": "rain_mm", "name": {"zh": "24小时降雨量", "en": "Rainfall in 24 hours"}, "unit": "mm",
                            **({"range": stated} if stated is not None else {})})
    data["severity_levels"][0]["criteria"] = {"any_of": [data["severity_levels"][0]["criteria"], {
        "metric": "rain_mm", "min": 250, "assumption": {"zh": "测试用的降雨量标准。", "en": "A rainfall row for the test."}}]}
    path = tmp_path / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("typed", ["rain_mm", "24小时降雨量"])
def test_a_negative_rainfall_is_refused_naming_the_figure_and_the_range_its_plan_states(tmp_path, capsys, typed):
    plan = _rainfall_plan(tmp_path, {"min": 0})
    assert main(["classify", plan, "--metric", f"{typed}=-5", "--grid-scope", "provincial"]) == 2
    assert capsys.readouterr().err == ("命令行 · command line: --metric: 24小时降雨量（键入 rain_mm）为 -5 mm；应不小于 0 · "
                                       "Rainfall in 24 hours (typed as rain_mm) is -5 mm; it must be 0 or more\n")


def test_a_rainfall_with_no_stated_range_is_read_as_typed_even_below_zero(tmp_path, capsys):
    plan = _rainfall_plan(tmp_path, None)
    data = classify_json(capsys, plan, "--metric", "rain_mm=-5", "--grid-scope", "provincial", "--grid-load-mw", "25000",
                         "--metric", "load_shed_pct=1", "--metric", "generation_tripped_pct=0")
    assert data["values"]["rain_mm"] == -5.0


def test_a_rainfall_at_its_least_value_is_taken(tmp_path, capsys):
    plan = _rainfall_plan(tmp_path, {"min": 0})
    data = classify_json(capsys, plan, "--metric", "rain_mm=0", "--grid-scope", "provincial", "--grid-load-mw", "25000",
                         "--metric", "load_shed_pct=1", "--metric", "generation_tripped_pct=0")
    assert data["values"]["rain_mm"] == 0.0


def test_missing_plan_is_bad_input_without_traceback(tmp_path, capsys):
    assert main(["classify", str(tmp_path / "none.yaml"), "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'none.yaml'}: no such file"


def test_real_process_exit_codes():
    ok = subprocess.run([sys.executable, "-m", "sim", "classify", GUYANG, "--metric", "customers_out_pct=50",
                         "--metric", "load_shed_pct=10", "--json"],
                        capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and json.loads(ok.stdout)["response_level"] == "II"
    bad = subprocess.run([sys.executable, "-m", "sim", "classify", GUYANG, "--metric", "nope=1"],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "unknown metric 'nope'" in bad.stderr


# A figure the criteria test is never read as zero when it could change the answer.


def missing(capsys, *argv: str) -> list[str]:
    assert main(["classify", *argv, "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err.splitlines()


def test_no_figures_at_all_names_every_figure_the_levels_test(capsys):
    assert missing(capsys, GUYANG) == [
        "command line: --metric: Customers without power (typed as customers_out_pct) is missing, and it could make the "
        "incident Major large-area blackout, Serious large-area blackout or General large-area blackout; "
        "give --metric customers_out_pct=VALUE",
        "command line: --metric: Load shed (share of the county grid's load) (typed as load_shed_pct) is missing, and it "
        "could make the incident Major large-area blackout, Serious large-area blackout or General large-area "
        "blackout; give --metric load_shed_pct=VALUE",
    ]


@pytest.mark.parametrize("load_shed", ["59.99", "45", "40"])
def test_a_figure_that_could_raise_the_level_is_required(capsys, load_shed):
    assert missing(capsys, GUYANG, "--metric", f"load_shed_pct={load_shed}") == [
        "command line: --metric: Customers without power (typed as customers_out_pct) is missing, and it could make the "
        "incident Major large-area blackout; give --metric customers_out_pct=VALUE"]


def test_a_figure_that_cannot_change_the_answer_may_be_left_out(capsys):
    data = classify_json(capsys, GUYANG, "--metric", "load_shed_pct=60")
    assert data["severity"] == "major"


def test_a_missing_grid_load_is_not_below_every_level(capsys):
    err = missing(capsys, NATIONAL, "--metric", "load_shed_pct=45", "--grid-scope", "county")
    assert any(line.startswith("command line: --metric: ") and "(typed as grid_load_mw) is missing" in line for line in err), err
    assert not any("below" in line for line in err)


def test_a_missing_context_names_its_flag_and_values(capsys):
    err = missing(capsys, NATIONAL, "--metric", "load_shed_pct=45", "--metric", "customers_out_pct=0",
                  "--metric", "grid_load_mw=100", "--metric", "generation_tripped_pct=0")
    assert err == ["command line: --grid-scope: grid_scope is missing, and it could make the incident "
                   "Especially major blackout, Major blackout, Serious blackout or General blackout; give "
                   "--grid-scope SCOPE (one of regional; provincial; capital_city; other_city; county)"]


def test_context_flag_is_the_general_form_of_grid_scope(capsys):
    figures = ["--grid-load-mw", "25000", "--metric", "load_shed_pct=13", "--metric", "generation_tripped_pct=0"]
    by_flag = classify_json(capsys, NATIONAL, "--grid-scope", "provincial", *figures)
    by_context = classify_json(capsys, NATIONAL, "--context", "grid_scope=provincial", *figures)
    assert by_flag == by_context


@pytest.mark.parametrize("argv, message", [
    (["--context", "weather=storm"], "has no levels that depend on the context 'weather'"),
    (["--context", "grid_scope"], "expected ID=VALUE"),
    (["--context", "grid_scope=county", "--grid-scope", "county"], "the grid scope is given twice"),
])
def test_bad_context_flags_exit_2(capsys, argv, message):
    assert message in rejected(capsys, NATIONAL, *argv)


def test_valid_values_are_listed_by_name_with_what_to_type_in_the_chosen_language(capsys):
    assert main(["classify", GUYANG, "--metric", "load_shedding=5", "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "减供负荷比例（键入 load_shed_pct）；停电供电用户比例（键入 customers_out_pct）" in err
    assert "固阳县大面积停电事件应急预案（2023年版）" in err and "guyang-blackout-2023" not in err


@pytest.mark.parametrize("language, shown, hidden", [("zh", "重大大面积停电事件", "Major"), ("en", "Major large-area blackout", "重大")])
def test_the_answer_names_levels_and_figures_in_the_language_asked(capsys, language, shown, hidden):
    from e2e.id_shapes import ids_in

    assert main(["classify", GUYANG, "--metric", "load_shed_pct=65", "--metric", "customers_out_pct=10",
                 "--lang", language]) == 0
    out = capsys.readouterr().out
    answer = out.split("\n", 2)[2].split("依据" if language == "zh" else "Sources")[0]  # past the typed input
    assert shown in out and hidden not in answer and "[major]" not in out
    assert ids_in(answer.replace("load_shed_pct", "")) == []  # the figure met, as typed, beside its name


@pytest.mark.parametrize("language, severity, response", [("zh", "事件级别：", "响应级别："),
                                                          ("en", "Severity: ", "Response level: ")])
def test_the_answer_calls_severity_and_response_level_by_the_words_the_run_and_the_pages_use(capsys, language,
                                                                                              severity, response):
    from sim.messages import text

    assert main(["classify", GUYANG, "--metric", "load_shed_pct=45", "--metric", "customers_out_pct=10",
                 "--lang", language]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert severity + "较大大面积停电事件" in lines or severity + "Serious large-area blackout" in lines
    assert any(line.startswith(response) for line in lines), lines
    # the same words as the Walk-through's state, the run summary's and the drills' boards
    assert severity.rstrip(": ：") == text("common.severity", language)
    assert response.rstrip(": ：") == text("common.response_level", language)


LIANGSHAN = ROOT / "plans" / "examples" / "liangshan-blackout-2023.yaml"


@pytest.mark.parametrize("language, grid", [("zh", "减供负荷比例 · 梁山县城电网"), ("en", "Load shed · The county seat's grid")])
def test_a_figure_of_a_grid_within_the_area_is_named_with_its_grid_where_it_is_met(capsys, language, grid):
    from sim.cli import main

    assert main(["classify", str(LIANGSHAN), "--lang", language, "--metric", "load_shed_pct=30", "--metric",
                 "customers_out_pct=20", "--metric", "hq_rates_serious=0", "--metric", "load_shed_pct@county_seat=70"]) == 0
    met = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  • ") and "@county_seat" in line]
    assert met and all(grid in line for line in met)


@pytest.mark.parametrize("language, said", [("zh", "= 1（是）"), ("en", "= 1 (yes)")])
def test_a_yes_or_no_fact_met_reads_yes_beside_the_one_it_was_typed_as_not_a_comparison(capsys, language, said):
    assert main(["classify", str(LIANGSHAN), "--lang", language, "--metric", "load_shed_pct=10", "--metric",
                 "customers_out_pct=20", "--metric", "hq_rates_serious=1", "--metric", "load_shed_pct@county_seat=10"]) == 0
    (met,) = [line for line in capsys.readouterr().out.splitlines() if "hq_rates_serious）" in line or "hq_rates_serious)" in line]
    assert met.endswith(said) and "≥" not in met


@pytest.mark.parametrize("key, flag", [("cli.classify.context", "--context"), ("cli.classify.metric", "--metric")])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_helps_examples_are_each_taken_by_a_shipped_plan_that_grades_by_them(capsys, key, flag, language):
    """``provincial`` is a grid scope, not a level, and no scope the Guyang plan grades by:
    the help says its example holds in a plan that grades by the grid's scope, and a shipped
    plan does take every example (it asks for the figures still missing, never refuses one)."""
    import re

    from sim.messages import text

    said = text(key, language)
    examples = re.findall(r"[a-z_]+(?:@[a-z_]+(?::[a-z]+)?)?=[a-z0-9]+", said)
    assert examples
    argv = [item for example in examples for item in (flag, example)]

    def refused(plan: Path) -> list[str]:
        status = main(["classify", str(plan), *argv, "--lang", "en"])
        err = capsys.readouterr().err.splitlines()
        assert status in (0, 2)
        return [line for line in err if f"{flag}: " in line and " is missing" not in line]

    shipped = sorted((ROOT / "plans").glob("*blackout*.yaml")) + sorted((ROOT / "plans" / "examples").glob("*.yaml"))
    assert any(not refused(plan) for plan in shipped)
    if key.endswith("context"):
        assert refused(Path(GUYANG)) and ("电网范围分级" in said if language == "zh" else "grades by the grid's scope" in said)



@pytest.mark.parametrize("argv, said", [
    (("--context", "social_impact=significant"), "its criteria hold: whether to start a response is for {unit} to decide"),
    ((), "social_impact) not given: if its criteria hold, whether to start a response is for {unit} to decide"),
])
def test_the_unit_a_choice_below_the_levels_falls_to_is_named_where_its_number_moves_no_verb(capsys, argv, said):
    """A plan may name the unit by a plural (the town governments): the sentence reads the
    same whether the name is one body or several."""
    unit = classify_json(capsys, GUYANG, "--metric", "load_shed_pct=5", "--metric", "customers_out_pct=5",
                         *argv)["discretion"]["unit_name"]["en"]
    assert main(["classify", GUYANG, "--lang", "en", "--metric", "load_shed_pct=5", "--metric", "customers_out_pct=5",
                 *argv]) == 0
    (line,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Below the levels")]
    assert line.endswith(said.format(unit=unit))


def test_a_part_that_met_the_level_on_an_assumption_is_told_with_it_in_both_languages(tmp_path, capsys):
    plan = _rainfall_plan(tmp_path, {"min": 0})
    assert main(["classify", plan, "--metric", "rain_mm=300", "--grid-scope", "provincial"]) == 0
    assert "  • 假设 Assumption: 测试用的降雨量标准。 / A rainfall row for the test." in capsys.readouterr().out
    assert main(["classify", plan, "--metric", "rain_mm=300", "--grid-scope", "provincial", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["assumptions"] == [{"zh": "测试用的降雨量标准。", "en": "A rainfall row for the test."}]
