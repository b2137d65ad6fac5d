"""Before a drill: the drill plan and script (MSEL) from a scenario, and an edited MSEL read back."""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sim.cli import main
from sim.drills import msel_xlsx, script
from sim.engine.run import run_scenario
from sim.errors import InputError
from sim.inputs import load_case
from sim.inputs.loader import load_scenario
from test_drill_papers import in_other_document

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"


@pytest.fixture(scope="module")
def papers():
    return script.build(SCENARIO)


def _laid_out(tmp_path: Path) -> Path:
    """A copy of the plans directory, so an imported scenario loads with its plan and area."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    return tmp_path / "plans" / "scenarios" / SCENARIO.name


def _sheet(papers, tmp_path: Path, edit=None) -> Path:
    book = load_workbook(io.BytesIO(msel_xlsx.write_msel(papers)))
    if edit is not None:
        edit(book.active)
    path = tmp_path / "msel.xlsx"
    book.save(path)
    return path


def _tested(papers, expected) -> list[str]:
    return [o.key for o in papers.objectives if o.covers(expected)]


def test_the_script_lists_every_inject_at_its_clock_time_with_the_actions_expected_after_it(papers):
    assert [(row.key, papers.clock(row.at_h)) for row in papers.injects] == [
        ("storm-forecast", "07-18 12:00"), ("thunderstorm", "07-18 15:00"), ("chengnan-lightning", "07-18 16:00")]
    forecast, _storm, fault = papers.injects
    first = forecast.expected[0]
    assert (first.role, first.kind, first.key, first.clause) == ("power_company", "warning_step", "warning.propose", "4.2.1")
    assert papers.clock(first.due_h + first.allowed_h) == "07-18 12:30"
    assert _tested(papers, first) == ["warning"]
    report = next(e for e in fault.expected if e.kind == "report")
    assert (report.role, report.clause, papers.clock(report.due_h)) == ("power_company", "4.3", "07-18 16:00")
    assert _tested(papers, report) == ["reporting"]
    declare = next(e for e in fault.expected if e.kind == "declare")
    assert declare.role == "county_government" and _tested(papers, declare) == ["command"]


def test_the_drill_plan_has_objectives_units_roles_and_a_schedule_in_clock_times(papers):
    text = script.markdown(papers, "zh")
    for heading in ("## 演练目标", "## 参演单位及任务", "## 角色分工", "## 日程安排", "## 演练脚本"):
        assert heading in text
    assert "检验停电信息逐级报告的时效（4.3）" in text
    assert "| 07-18 16:00 | 下达情景：雷击致城南110千伏变电站主变跳闸受损" in text
    assert "power_company" not in text  # names, never ids
    english = script.html(papers, "en")
    assert "Test that the outage is reported hop by hop in time (4.3)" in english and "07-19 12:00" in english


def test_the_drill_plan_names_its_area_in_the_language_chosen(papers):
    assert "- **区域**：固阳县\n" in script.markdown(papers, "zh")
    assert "- **Area**: Guyang County\n" in script.markdown(papers, "en")


def test_a_scenario_without_objectives_gets_one_per_kind_of_decision():
    papers = script.build(ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml")
    assert [o.key for o in papers.objectives] == ["warning", "reporting", "command", "restoration", "duties"]
    assert all(_tested(papers, e) for e in papers.expected())


def test_the_msel_workbook_has_one_row_per_inject_and_expected_action_under_bilingual_headers(papers, tmp_path):
    sheet = load_workbook(_sheet(papers, tmp_path)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号 No.", "事件编号 Inject id", "时间 Time")
    assert len(rows) - 1 == sum(max(1, len(r.expected)) for r in papers.injects)
    assert rows[1][1:3] == ("storm-forecast", "07-18 12:00")


@pytest.mark.parametrize(("language", "head", "sender", "expected_of"), [
    ("zh", "时间", "导调组", "包头供电公司固阳县分公司"),
    ("en", "Time", "Exercise control", "Guyang Branch of the Baotou Power Supply Company"),
    ("both", "时间 Time", "导调组\nExercise control", "包头供电公司固阳县分公司\nGuyang Branch of the Baotou Power Supply Company"),
])
def test_the_msel_workbook_speaks_the_language_asked_for_with_the_content_in_both(papers, language, head, sender,
                                                                                   expected_of):
    book = load_workbook(io.BytesIO(msel_xlsx.write_msel(papers, language)))
    rows = list(book.active.iter_rows(values_only=True))
    columns = dict(zip(msel_xlsx.COLUMNS, rows[0]))
    assert columns["time"] == head and book.active.title == msel_xlsx.sheet_title(language)
    first = dict(zip(msel_xlsx.COLUMNS, rows[1]))
    assert (first["sender"], first["expected_by"]) == (sender, expected_of)
    assert first["content_zh"].startswith("气象局预报") and first["content_en"].startswith("A severe thunderstorm")
    every = " ".join(str(v) for row in rows for v in row if v is not None)
    assert ("Exercise control" in every) == (language != "zh") and ("导调组" in every) == (language != "en")


@pytest.mark.parametrize("language", ["zh", "en", "both"])
def test_an_msel_in_any_language_reads_back_and_a_new_row_may_name_units_in_english(papers, tmp_path, language):
    def edit(sheet):
        sheet.append([99, "press-call", "07-18 16:30", "", "Guyang Branch of the Baotou Power Supply Company\n"
                      "County Culture, Tourism, Radio and Television Bureau\n包头供电公司固阳县分公司", "",
                      "记者来电", "A journalist calls"])

    book = load_workbook(io.BytesIO(msel_xlsx.write_msel(papers, language)))
    edit(book.active)
    sheet = tmp_path / f"msel-{language}.xlsx"
    book.save(sheet)
    scenario = _laid_out(tmp_path)
    scenario.write_text(msel_xlsx.import_msel(scenario, sheet), encoding="utf-8")
    press = next(i for i in load_case(scenario).scenario.injects if i.id == "press-call")
    assert press.to == ["power_company", "culture_tourism_radio"]  # each unit once, its English name whole


@pytest.mark.parametrize("typed", [2024, 3.5, "true", "null"])
def test_a_new_inject_whose_id_a_spreadsheet_holds_as_a_number_or_a_yaml_word_is_written_as_that_text(papers,
                                                                                                   tmp_path, typed):
    def edit(sheet):
        sheet.append([99, typed, "07-18 16:30", "", "包头供电公司固阳县分公司", "", "记者来电", "A journalist calls"])

    scenario = _laid_out(tmp_path)
    scenario.write_text(msel_xlsx.import_msel(scenario, _sheet(papers, tmp_path, edit)), encoding="utf-8")
    assert load_case(scenario).scenario.injects[-1].id == str(typed)


def test_an_older_sheet_headed_in_both_languages_still_reads_back(papers, tmp_path):
    def edit(sheet):
        sheet["G1"].value = "内容 Content"  # the Chinese content's header before it said which language

    scenario = _laid_out(tmp_path)
    assert msel_xlsx.import_msel(scenario, _sheet(papers, tmp_path, edit)) == scenario.read_text(encoding="utf-8")


def test_the_command_writes_the_msel_workbook_in_the_language_of_lang(tmp_path, capsys):
    out = tmp_path / "msel.xlsx"
    assert main(["drill", "script", str(SCENARIO), "--format", "xlsx", "--out", str(out), "--lang", "en"]) == 0
    assert load_workbook(out).active["C1"].value == "Time"
    assert main(["drill", "script", str(SCENARIO), "--format", "xlsx", "--out", str(out)]) == 0
    assert load_workbook(out).active["C1"].value == "时间 Time"  # both, unless one is asked for


def test_an_msel_written_and_read_back_leaves_the_scenario_as_it_was(papers, tmp_path):
    scenario = _laid_out(tmp_path)
    sheet = _sheet(papers, tmp_path)
    assert load_workbook(sheet).sheetnames == [msel_xlsx.sheet_title()]  # a story draws nothing: no sheet of a draw
    text = msel_xlsx.import_msel(scenario, sheet)
    assert text == scenario.read_text(encoding="utf-8")  # byte for byte, comments and all
    scenario.write_text(text, encoding="utf-8")
    after, _, _ = load_case(scenario)
    assert after == load_scenario(SCENARIO)


def test_an_inject_moved_and_reworded_in_the_sheet_is_moved_and_reworded_in_the_scenario(papers, tmp_path):
    def edit(sheet):
        for row in sheet.iter_rows(min_row=2):
            if row[1].value == "thunderstorm":
                row[2].value, row[6].value, row[7].value = "07-18 14:30", "强雷暴", "A severe thunderstorm"

    scenario = _laid_out(tmp_path)
    scenario.write_text(msel_xlsx.import_msel(scenario, _sheet(papers, tmp_path, edit)), encoding="utf-8")
    storm = next(i for i in load_case(scenario).scenario.injects if i.id == "thunderstorm")
    assert (storm.at_h, storm.text.zh, storm.text.en) == (2.5, "强雷暴", "A severe thunderstorm")


def test_a_time_that_is_not_a_clock_time_is_reported_at_its_row_and_column(papers, tmp_path):
    def edit(sheet):
        sheet["C3"].value = "half past two"

    with pytest.raises(InputError) as caught:
        msel_xlsx.import_msel(SCENARIO, _sheet(papers, tmp_path, edit))
    problem = caught.value.problems[0]
    assert (problem.line, problem.col, problem.path) == (3, 3, "time")
    assert "月-日 时:分" in problem.render("zh") and "MM-DD HH:MM" in problem.render("en")


def test_a_cell_with_a_control_that_turns_text_right_to_left_is_reported_at_its_row_and_column(papers, tmp_path,
                                                                                               capsys):
    def edit(sheet):
        sheet["H3"].value = "A \u202ethunderstorm"  # the English content of the second row
        sheet["G4"].value = "雷暴\u2067来袭"  # the Chinese content of the third

    sheet = _sheet(papers, tmp_path, edit)
    with pytest.raises(InputError) as caught:
        msel_xlsx.import_msel(SCENARIO, sheet)
    english, chinese = caught.value.problems
    assert (english.line, english.col, english.path, chinese.line, chinese.col, chinese.path) == (
        3, 8, "content_en", 4, 7, "content_zh")
    assert "character 3 is U+202E, an invisible control" in english.render("en")
    assert "第 3 个字符是改变文字显示方向的不可见控制字符 U+2067" in chinese.render("zh")
    before = SCENARIO.read_bytes()
    assert main(["drill", "import-msel", str(SCENARIO), str(sheet), "--out", str(tmp_path / "out.yaml")]) == 2
    said = capsys.readouterr().err
    assert f"{sheet}:3:8: content_en:" in said and f"{sheet}:4:7: content_zh:" in said, said
    assert SCENARIO.read_bytes() == before and not (tmp_path / "out.yaml").exists()


def test_an_msel_cell_in_chinese_and_english_with_emoji_and_zero_width_joiners_is_read_back_as_written(papers,
                                                                                                       tmp_path):
    words = "雷暴 Thunderstorm 值班\u200d人员 👩\u200d🚒"

    def edit(sheet):
        for row in sheet.iter_rows(min_row=2):
            if row[1].value == "thunderstorm":
                row[6].value = row[7].value = words

    scenario = _laid_out(tmp_path)
    scenario.write_text(msel_xlsx.import_msel(scenario, _sheet(papers, tmp_path, edit)), encoding="utf-8")
    storm = next(i for i in load_case(scenario).scenario.injects if i.id == "thunderstorm")
    assert storm.text.zh == storm.text.en == words


def test_rows_of_one_inject_that_disagree_are_refused_naming_the_first_row(papers, tmp_path):
    def edit(sheet):
        sheet["C3"].value = "07-18 12:15"  # row 2 still says 12:00 for the same inject

    with pytest.raises(InputError) as caught:
        msel_xlsx.import_msel(SCENARIO, _sheet(papers, tmp_path, edit))
    problem = caught.value.problems[0]
    assert (problem.line, problem.col) == (3, 3) and "row 2" in problem.message


def test_a_time_after_the_scenario_ends_is_refused(papers, tmp_path):
    def edit(sheet):
        for row in sheet.iter_rows(min_row=2):
            if row[1].value == "thunderstorm":
                row[2].value = "07-20 09:00"

    with pytest.raises(InputError) as caught:
        msel_xlsx.import_msel(SCENARIO, _sheet(papers, tmp_path, edit))
    assert "within the scenario" in caught.value.problems[0].message


def test_a_time_after_the_scenario_ends_is_refused_in_clock_times(papers, tmp_path):
    def edit(sheet):
        sheet["C2"].value = "07-20 09:00"

    with pytest.raises(InputError) as caught:
        msel_xlsx.import_msel(SCENARIO, _sheet(papers, tmp_path, edit))
    assert caught.value.problems[0].message.in_language("zh") == (
        "时间须在情景开始（07-18 12:00）与结束（07-19 12:00）之间，而此处为 07-20 09:00")


def test_a_new_row_adds_a_message_inject_to_the_units_it_names_and_keeps_every_comment(papers, tmp_path):
    def edit(sheet):
        sheet.append([99, "press-call", "07-18 16:30", "", "固阳县人民政府、Guyang Branch of the Baotou Power Supply Company",
                      "", "记者来电询问停电范围", "A journalist asks how far the outage reaches"])
        sheet.append([100, "residents", "07-18 17:00", "", "", "", "居民投诉", "Residents complain"])
        for row in sheet.iter_rows(min_row=2):
            if row[1].value == "thunderstorm":
                row[2].value, row[6].value = "07-18 14:30", "强雷暴（修改）"

    scenario = _laid_out(tmp_path)
    before = scenario.read_text(encoding="utf-8")
    after = msel_xlsx.import_msel(scenario, _sheet(papers, tmp_path, edit))
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and comments == [line for line in after.splitlines() if line.lstrip().startswith("#")]
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert [b.strip() for _, b in changed] == ["at_h: 2.5", 'text: {zh: "强雷暴（修改）", en: Severe thunderstorm with strong gusts}']
    scenario.write_text(after, encoding="utf-8")
    case = load_case(scenario)
    press = next(i for i in case.scenario.injects if i.id == "press-call")
    assert (press.kind, press.at_h, press.to, press.text.zh) == ("message", 4.5, ["county_government", "power_company"],
                                                                 "记者来电询问停电范围")
    quiet = next(i for i in case.scenario.injects if i.id == "residents")
    assert quiet.to == []
    papers = script.build(scenario)
    row = next(r for r in papers.injects if r.key == "press-call")
    assert set(row.roles) == {"county_government", "power_company"}  # the drill delivers it to both desks
    assert next(r for r in papers.injects if r.key == "residents").roles == ("power_company",)  # the first reporter


def test_a_new_row_naming_an_unknown_unit_or_a_bad_id_is_refused_at_its_row_and_column(papers, tmp_path):
    def edit(sheet):
        sheet.append([99, "press-call", "07-18 16:30", "", "县电视台", "", "记者来电", "A journalist calls"])
        sheet.append([100, "bad id!", "07-18 17:00", "", "", "", "居民投诉", "Residents complain"])

    with pytest.raises(InputError) as caught:
        msel_xlsx.import_msel(SCENARIO, _sheet(papers, tmp_path, edit))
    found = [(p.line, p.col, p.path) for p in caught.value.problems]
    rows = load_workbook(_sheet(papers, tmp_path, edit)).active.max_row
    assert found == [(rows - 1, 5, "to"), (rows, 2, "inject")]  # the cells of the receiving unit and of the id
    assert "县电视台" in caught.value.problems[0].message


def test_the_engine_runs_a_message_inject_as_a_logged_event_and_nothing_else(papers, tmp_path):
    def edit(sheet):
        sheet.append([99, "press-call", "07-18 16:30", "", "固阳县人民政府", "", "记者来电", "A journalist calls"])

    scenario = _laid_out(tmp_path)
    plain = run_scenario(*load_case(scenario), seed=7)
    scenario.write_text(msel_xlsx.import_msel(scenario, _sheet(papers, tmp_path, edit)), encoding="utf-8")
    told = run_scenario(*load_case(scenario), seed=7)
    extra = [e for e in told["events"] if e not in plain["events"]]
    assert [(e["action"], e["t_h"], e["inject"]) for e in extra] == [("message", 4.5, "press-call")]


def test_a_renamed_column_is_found_through_the_mapping_and_missing_otherwise(papers, tmp_path, capsys):
    def edit(sheet):
        sheet["C1"].value = "开始时间"

    sheet = _sheet(papers, tmp_path, edit)
    assert main(["drill", "import-msel", str(SCENARIO), str(sheet)]) == 2
    assert "msel.xlsx:1:1: time:" in capsys.readouterr().err
    assert main(["drill", "import-msel", str(SCENARIO), str(sheet), "--column", "time=开始时间"]) == 0
    assert "storm-forecast" in capsys.readouterr().out


def test_a_file_that_is_not_a_workbook_is_an_error_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "notes.xlsx"
    bad.write_bytes(b"\xff\x00 not a zip")
    assert main(["drill", "import-msel", str(SCENARIO), str(bad)]) == 2
    assert "not an XLSX workbook" in capsys.readouterr().err


def test_the_command_writes_the_script_as_markdown_html_and_a_workbook(tmp_path, capsys):
    for fmt in ("md", "html", "xlsx"):
        out = tmp_path / f"script.{fmt}"
        assert main(["drill", "script", str(SCENARIO), "--format", fmt, "--out", str(out)]) == 0
        assert out.stat().st_size > 0
    assert "情景注入 3 条" in capsys.readouterr().out  # in the language of --lang (zh)
    assert main(["drill", "script", str(SCENARIO), "--format", "xlsx"]) == 2
    assert "XLSX 工作簿需要 --out FILE" in capsys.readouterr().err  # in the language of --lang (zh)


def test_a_template_scenario_is_refused_by_import_msel_at_its_template_key_in_both_languages(tmp_path, capsys):
    """Every drill of a template plays a drawn incident, never the file's injects: a sheet
    written back there would change no drill, so the import says so instead of writing."""
    template = ROOT / "plans" / "scenarios" / "random-blackout.yaml"
    before = template.read_bytes()
    sheet = _sheet(script.build(template, seed=1), tmp_path)
    with pytest.raises(InputError) as caught:
        msel_xlsx.import_msel(template, sheet)
    problem = caught.value.problems[0]
    line = template.read_text(encoding="utf-8").splitlines().index("template:") + 1
    assert (problem.file, problem.line, problem.path) == (str(template), line, "template")
    assert "不能写回模板情景" in problem.render("zh") and "cannot be written back" in problem.render("en")
    assert main(["--lang", "en", "drill", "import-msel", str(template), str(sheet), "--out", str(tmp_path / "x.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{template}:{line}:1: template: every drill of a template scenario draws its incident")
    assert not (tmp_path / "x.yaml").exists() and template.read_bytes() == before


def test_the_scripts_clauses_name_the_other_document_a_rule_stands_in(papers):
    """The MSEL's clause column and the units' tasks cite an expected action's rule where it
    stands, as the drill report does: a rule of another document, with that document's title."""
    other = "某市应急预案实施方案"
    plan = in_other_document(papers.inputs.plan, other)
    moved = dataclasses.replace(papers, inputs=dataclasses.replace(papers.inputs, case=papers.inputs.case.changed(
        plans={plan.id: plan})))
    clauses = [row[8] for row in script.msel_rows(moved, "zh") if row[8]]
    # the MSEL's clause column, as every table's, gives the clause first, the document's title after it
    assert clauses and all(c.endswith(f" · {other}") for c in clauses)
    assert f"4.2.1 · {other}" in clauses and "4.2.1" in [row[8] for row in script.msel_rows(papers, "zh")]
    units = next(s for s in script.plan_sections(moved, "en") if s.title == script.label("units", "en"))
    assert all(f"{other} " in row[2] for row in units.rows)


def test_the_script_says_which_expected_actions_the_unit_may_also_decline():
    storm = script.build(ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml")
    expected = {row[7] for row in script.msel_rows(storm, "en") if row[6] == "Publicity Department of the County Party Committee"}
    conference = next(e for e in expected if "press conference" in e)
    assert conference.endswith("(the unit may also decline it)")
    assert not any(e.endswith("decline it)") for e in expected - {conference}), expected
    zh = [row[7] for row in script.msel_rows(storm, "zh")]
    assert any(e.endswith("（本单位也可决定不采取）") and "新闻发布会" in e for e in zh)


@pytest.mark.parametrize("option, value, said", [
    ("--seed", "-3", "--seed: a seed is an integer from 0 to 9223372036854775807, not -3"),
    ("--seed", "9223372036854775808", "--seed: a seed is an integer from 0 to 9223372036854775807, not 9223372036854775808"),
    ("--seed", "99999999999999999999999", "--seed: a seed is an integer from 0 to 9223372036854775807"),
    ("--replication", "2147483648", "--replication: a replication is an integer from 0 to 2147483647, not 2147483648"),
])
def test_a_script_on_a_seed_or_replication_no_drill_could_play_is_refused_as_drill_new_refuses_it(
        capsys, option, value, said):
    assert main(["drill", "script", str(SCENARIO), option, value, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"command line: {said}") and "Traceback" not in err


def test_a_script_on_the_largest_seed_and_replication_a_drill_keeps_is_written(capsys):
    assert main(["drill", "script", str(SCENARIO), "--seed", "9223372036854775807", "--replication", "2147483647",
                 "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("# Drill plan")


@pytest.mark.parametrize("fmt, name", [("xlsx", "x.md"), ("md", "x.xlsx"), ("html", "x.md"), ("xlsx", "x")])
def test_a_script_to_a_file_named_for_another_format_is_refused_and_nothing_is_written(tmp_path, capsys, fmt, name):
    out = tmp_path / name
    assert main(["drill", "script", str(SCENARIO), "--format", fmt, "--out", str(out), "--lang", "en"]) == 2
    wanted = {"md": ".md", "html": ".html / .htm", "xlsx": ".xlsx"}[fmt]
    assert capsys.readouterr().err == f"command line: --out: {str(out)!r}: expected a file name ending in {wanted}\n"
    assert not out.exists()


@pytest.mark.parametrize("fmt, name", [("xlsx", "msel.XLSX"), ("md", "script.md"), ("html", "script.htm")])
def test_a_script_to_a_file_named_for_its_format_in_any_case_is_written(tmp_path, capsys, fmt, name):
    out = tmp_path / name
    assert main(["drill", "script", str(SCENARIO), "--format", fmt, "--out", str(out)]) == 0
    assert out.stat().st_size > 0


def test_the_msel_lists_each_change_of_level_once_due_when_the_figures_first_called_for_it(tmp_path, capsys):
    """The plan's own run asks a change of level twice — when the figures call for it and,
    the plan's hour to decide later, before it makes it; the script lists it once, due at
    the first asking (as the evaluation judges a player's adjustment)."""
    storm = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"
    out = tmp_path / "script.md"
    assert main(["drill", "script", str(storm), "--lang", "en", "--out", str(out)]) == 0
    rows = [[cell.strip() for cell in line.split("|")[1:-1]] for line in out.read_text(encoding="utf-8").splitlines()
            if "| Adjust the level:" in line]
    assert [(row[6], row[7], row[9]) for row in rows] == [
        ("Guyang County Blackout Emergency Headquarters", "Adjust the level: Level II response", "01-15 16:26"),
        ("Guyang County People's Government", "Adjust the level: Level III response", "01-15 22:20")]
