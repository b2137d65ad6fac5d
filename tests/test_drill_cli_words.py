"""What the drill command line says: verbs that exist, ``--lang`` anywhere, names where
people read them (the id only as the value to type), words for states and defaults,
full-width punctuation in Chinese, and refusals that name the option at fault."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from sim.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, (*path, name))


PARSERS = dict(_parsers(build_parser()))
VERBS = {path[1] for path in PARSERS if len(path) == 2 and path[0] == "drill"}


def _help(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
    return capsys.readouterr().out


def _drill(tmp_path, capsys, *more: str) -> tuple[list[str], dict[str, str]]:
    """A Chengnan drill with Ann as the power company: the command line's start and its shell lines."""
    base = ["drill", "--db", f"sqlite:///{tmp_path / 'cli.sqlite'}"]
    assert main([*base, "new", str(SCENARIO), "--name", "CLI", "--role", "power_company=Ann", *more, "--export"]) == 0
    out = capsys.readouterr().out
    return base, dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines())


def test_the_readme_table_lists_exactly_the_drill_verbs_the_command_line_takes():
    row = re.search(r"`python -m sim drill ([a-z|\\-]+) \.\.\.`", README)
    assert row and set(row[1].split("\\|")) == VERBS


def test_every_drill_verb_the_readme_and_the_help_name_is_one_the_command_line_takes(capsys):
    named = set(re.findall(r"(?:`|python -m sim )drill ([a-z][a-z-]*)", README))
    for path in (p for p in PARSERS if p[:1] == ("drill",)):
        for language in ("zh", "en"):
            named |= set(re.findall(r"`drill ([a-z][a-z-]*)", _help(capsys, ["--lang", language, *path, "--help"])))
    assert named and named <= VERBS, named - VERBS


@pytest.mark.parametrize("path", [p for p in PARSERS if p], ids=" ".join)
def test_every_command_and_drill_verb_takes_lang_after_it(path):
    assert any("--lang" in action.option_strings for action in PARSERS[path]._actions)


def test_lang_after_a_drill_verb_is_the_same_as_before_it(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    fac = ["--key", made["FACILITATOR_KEY"]]
    places = [lambda argv: [*base, "--lang", "en", *argv], lambda argv: [*base, *argv, "--lang", "en"],
              lambda argv: ["--lang", "en", *base, *argv]]
    for argv in (["list"], ["status", "1"]):
        outs = []
        for place in places:
            assert main(place(argv)) == 0
            outs.append(capsys.readouterr().out)
        assert outs[0] == outs[1] == outs[2] and not re.search(r"[\u4e00-\u9fff]", outs[0])
    for i, place in enumerate(places):  # each hand-over is an action of its own
        assert main(place(["assign", "1", "--role", "power_company", "--person", f"P{i}", *fac])) == 0
        assert not re.search(r"[\u4e00-\u9fff]", capsys.readouterr().out)
    # the link sheet follows --lang wherever it stands, the program's before the command too
    sheet = tmp_path / "sheet.html"
    assert main(["--lang", "en", *base, "rekey", "1", "--all", "--sheet", str(sheet), *fac]) == 0
    assert 'lang="en"' in sheet.read_text(encoding="utf-8")
    assert main([*base, "rekey", "1", "--all", "--sheet", str(sheet), *fac, "--lang", "zh"]) == 0
    assert 'lang="zh-CN"' in sheet.read_text(encoding="utf-8")


def test_the_link_sheet_of_rekey_is_in_both_languages_by_default_and_in_the_one_lang_picks(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    fac = ["--key", made["FACILITATOR_KEY"]]
    sheets = {}
    for language in ("both", "zh", "en"):
        sheet = tmp_path / f"{language}.html"
        picked = [] if language == "both" else ["--lang", language]  # both is what no --lang gives
        assert main([*base, "rekey", "1", "--all", "--sheet", str(sheet), *fac, *picked]) == 0
        sheets[language] = sheet.read_text(encoding="utf-8").split("<body>")[1]
    capsys.readouterr()
    assert "参演人员：Ann · Played by: Ann" in sheets["both"] and "演练参演链接单：CLI · Participant links: CLI" in sheets["both"]
    assert "链接含密钥" in sheets["both"] and "Each link carries a secret key" in sheets["both"]
    assert "参演人员：Ann" in sheets["zh"] and "Played by" not in sheets["zh"]
    assert "Played by: Ann" in sheets["en"] and not re.search(r"[\u4e00-\u9fff]", sheets["en"])


def test_the_improvement_help_says_each_status_in_words_beside_the_value_typed(capsys):
    zh = re.sub(r"\s+", "", _help(capsys, ["--lang", "zh", "drill", "improvement", "--help"]))
    en = re.sub(r"\s+", " ", _help(capsys, ["--lang", "en", "drill", "improvement", "--help"]))
    assert "待整改（键入open）；整改中（键入in_progress）；已完成（键入closed）" in zh  # spaces taken out above
    assert "open; in progress (typed as in_progress); closed" in en


def test_the_act_help_says_each_action_in_words_beside_the_value_typed(capsys):
    zh = re.sub(r"\s+", "", _help(capsys, ["--lang", "zh", "drill", "act", "--help"]))
    assert "要采取的行动：预警发布环节（键入warning_step）；解除预警（键入lift_warning）；" in zh and "记录（键入note）" in zh


def test_wrapped_chinese_help_never_ends_a_line_on_an_opening_bracket():
    from sim.command_line import wrap

    lines = wrap("要采取的行动：预警发布环节（键入 warning_step）；解除预警（键入 lift_warning）", 30)
    assert "".join(lines) == "要采取的行动：预警发布环节（键入 warning_step）；解除预警（键入 lift_warning）"
    assert not [line for line in lines if line.endswith("（")] and lines[1].startswith("（")


def test_a_facilitator_who_gives_no_name_is_logged_by_the_word_for_them_as_the_help_says(tmp_path, capsys):
    from sim.drills import db

    zh = re.sub(r"\s+", "", _help(capsys, ["--lang", "zh", "drill", "new", "--help"]))
    assert "不填：记为“导调”" in zh and "facilitator）" not in zh
    url = f"sqlite:///{tmp_path / 'f.sqlite'}"
    assert main(["drill", "--db", url, "new", str(SCENARIO), "--name", "A"]) == 0
    assert main(["drill", "--db", url, "--lang", "en", "new", str(SCENARIO), "--name", "B"]) == 0
    engine = db.open_database(url)
    assert [db.load_drill(engine, i).facilitator for i in (1, 2)] == ["导调", "Facilitator"]


@pytest.mark.parametrize("at, message", [
    ("07-18 13:00", "--at: a drill forks at a moment it has played (07-18 12:00 to 07-18 12:00), not at 07-18 13:00"),
    ("5", "--at: a drill forks at a moment it has played"),
    ("99999999999999", "--at: no such date or time: '99999999999999'"),
    ("07-32 10:00", "--at: no such date or time"),
    ("soon", "--at: a time is written MM-DD HH:MM"),
])
def test_a_fork_at_a_time_it_cannot_take_names_the_at_option(tmp_path, capsys, at, message):
    base, made = _drill(tmp_path, capsys)
    assert main([*base, "--lang", "en", "fork", "1", "--at", at, "--key", made["FACILITATOR_KEY"]]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"command line: {message}"), err


POWER = ("包头供电公司固阳县分公司", "Guyang Branch of the Baotou Power Supply Company")
SCENARIO_TITLE = ("演练：雷暴致城南110千伏变电站停电", "Drill: a thunderstorm takes out the Chengnan 110 kV substation")


def test_drill_new_assign_and_rekey_show_each_role_by_its_units_name_with_the_id_to_type(tmp_path, capsys):
    base = ["drill", "--db", f"sqlite:///{tmp_path / 'n.sqlite'}", "--lang", "zh"]
    assert main([*base, "new", str(SCENARIO), "--name", "CLI", "--role", "power_company=Ann"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^包头供电公司固阳县分公司（键入 power_company）：--key \w{32}$", out, re.M)
    key = re.search(r"^导调密钥（[^\n]*）：(\w{32})$", out, re.M)[1]
    assert main([*base, "assign", "1", "--role", "power_company", "--person", "Bo", "--key", key]) == 0
    out = capsys.readouterr().out
    assert "包头供电公司固阳县分公司 由 Bo 扮演" in out  # who plays it now is read, not typed
    assert re.search(r"^包头供电公司固阳县分公司（键入 power_company） · Bo：--key \w{32}$", out, re.M)
    assert main([*base[:3], "--lang", "en", "rekey", "1", "--all", "--key", key]) == 0
    assert re.search(rf"^{POWER[1]} \(typed as power_company\) · Bo: --key \w{{32}}$", capsys.readouterr().out, re.M)


def test_the_drill_list_names_the_scenario_and_says_the_clocks_mode_in_words(tmp_path, capsys):
    base, _ = _drill(tmp_path, capsys)
    assert main([*base, "list", "--lang", "zh"]) == 0
    zh = capsys.readouterr().out
    assert f"{SCENARIO_TITLE[0]}（键入 drill-chengnan-storm） / CLI" in zh and "暂停" in zh and "paused" not in zh
    assert zh.splitlines()[0].split() == ["编号", "时钟", "模式", "人数", "行动数", "情景", "/", "名称"]
    assert main([*base, "list", "--lang", "en"]) == 0
    assert f"{SCENARIO_TITLE[1]} (typed as drill-chengnan-storm) / CLI" in capsys.readouterr().out


def test_status_and_improvements_headings_name_the_drill_and_its_scenario(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    assert main([*base, "status", "1", "--lang", "zh"]) == 0
    assert capsys.readouterr().out.startswith(f"演练 1：CLI · {SCENARIO_TITLE[0]}\n")
    assert main([*base, "advance", "1", "--to-end", "--key", made["FACILITATOR_KEY"]]) == 0
    assert main([*base, "improve", "1", "--key", made["FACILITATOR_KEY"]]) == 0
    capsys.readouterr()
    assert main([*base, "improvements", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"drill 1: CLI · {SCENARIO_TITLE[1]}\n")
    assert re.search(r"^  #1 \[[^]]+ · [^]]+\] [\w.]+ · \D[^·]* · \d{4}-\d\d-\d\d · open$", out, re.M)
    assert main([*base, "improvements", "--drill", "9" * 30, "--lang", "en"]) == 0  # no drill's id: none, as for 2
    assert capsys.readouterr().out == "no improvement items\n"


def test_objectives_are_listed_by_their_text_not_their_ids(tmp_path, capsys):
    base, _ = _drill(tmp_path, capsys)
    assert main([*base, "objectives", "1", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    assert lines[0] == "  Test proposing, assessing, approving and publishing the warning (4.2.1) · 0 / 1 met"
    assert not [line for line in lines if re.match(r"^\s+(warning|reporting|response|duties):", line)]


@pytest.mark.parametrize("argv, zh, en", [
    (["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=x", "--key", "guess"],
     f"key: 密钥不是{POWER[0]}当前参演人员的", f"key: the key is not that of the present player of {POWER[1]}:"),
    (["status", "1", "--role", "ghost"], "--role: 'ghost' 不是《固阳县大面积停电事件应急预案（2023年版）》中的单位（角色：县委宣传部（键入 publicity_dept）；",
     f"{POWER[1]} (typed as power_company); "),
    (["new", str(SCENARIO), "--name", "x", "--role", "ghost=X"],
     "role: 'ghost' 不是《固阳县大面积停电事件应急预案（2023年版）》中的单位（角色：",
     "'ghost' is not a unit of the Guyang County Large-Area Blackout Emergency Plan (2023 edition) (roles: "),
    (["act", "1", "--role", "ghost", "--action", "note", "--key", "guess"], f"；{POWER[0]}（键入 power_company）；",
     f"; {POWER[1]} (typed as power_company); "),
    (["act", "1", "--role", "power_company", "--action", "fly", "--key", "guess"],
     "未知的行动 'fly'（行动：预警发布环节（键入 warning_step）；", "(actions: Warning step (typed as warning_step); "),
    (["act", "1", "--role", "power_company", "--action", "declare", "--key", "guess"],
     f"--action: 预案没有把启动应急响应（键入 declare）交给{POWER[0]}（其行动：预警发布环节（键入 warning_step）；",
     f"--action: the plan does not give Declare the response (typed as declare) to {POWER[1]} (its actions: "),
    (["act", "1", "--role", "power_company", "--action", "note", "--key", "guess"],
     "--arg text: 记录（键入 note）需要 --arg text=…", "--arg text: Note (typed as note) needs --arg text=…"),
    (["act", "1", "--role", "power_company", "--action", "report", "--arg", "x=1", "--key", "guess"],
     "--arg: 信息报告（键入 report）不接受参数 x（只接受 hop=…）", "--arg: Report (typed as report) takes no argument x (only hop=…)"),
    (["status", "1", "--role", "public"], "--role: 社会公众（键入 public） 在演练 1 中不作任何决策（角色：",
     "--role: The public (typed as public) takes no decision in drill 1 (roles: "),
    (["new", str(SCENARIO), "--name", "x", "--role", "public=X"],
     "--role: 社会公众（键入 public） 在《固阳县大面积停电事件应急预案（2023年版）》下不作任何决策",
     "--role: The public (typed as public) takes no decision under the Guyang County"),
    (["assign", "1", "--role", "power_company", "--person", "Ann", "--key", "FAC"],
     f"role: 演练 1 中的{POWER[0]}已由 'Ann' 扮演", f"role: {POWER[1]} in drill 1: 'Ann' already plays it"),
])
def test_a_refusal_names_units_and_actions_with_the_ids_to_type_beside_them(tmp_path, capsys, argv, zh, en):
    base, made = _drill(tmp_path, capsys)
    argv = [made["FACILITATOR_KEY"] if word == "FAC" else word for word in argv]
    for language, expected in (("zh", zh), ("en", en)):
        assert main([*base, "--lang", language, *argv]) == 2
        err = capsys.readouterr().err
        assert expected in err, err


THUNDERSTORM = ("强雷暴和短时大风（键入 thunderstorm）", "Severe thunderstorm with strong gusts (typed as thunderstorm)")
THUNDERSTORM_TITLE = ("强雷暴和短时大风", "Severe thunderstorm with strong gusts")
LIGHTNING = ("雷击致城南110千伏变电站主变跳闸受损，城南片区及西斗铺镇停电（键入 chengnan-lightning）",
             "Lightning damages the Chengnan 110 kV substation's transformer; the south of the seat and Xidoupu "
             "lose supply (typed as chengnan-lightning)")


def _refused(capsys, argv: list[str]) -> dict[str, str]:
    """What ``argv`` prints on standard error in each language, each run refused with exit 2."""
    said = {}
    for language in ("zh", "en", "both"):
        assert main([*argv, "--lang", language]) == 2
        out, said[language] = capsys.readouterr()
        assert out == ""
    return said


@pytest.mark.parametrize("sheet", ["folder", "no-such-folder/links.html"])
def test_a_link_sheet_that_cannot_be_written_is_refused_before_any_key_changes(tmp_path, capsys, sheet):
    base, made = _drill(tmp_path, capsys)
    (tmp_path / "folder").mkdir()
    said = _refused(capsys, [*base, "rekey", "1", "--all", "--key", made["FACILITATOR_KEY"], "--sheet", str(tmp_path / sheet)])
    assert said["en"].startswith(f"{tmp_path / sheet}: cannot write the link sheet: "), said["en"]
    assert main([*base, "act", "1", "--role", "power_company", "--action", "note", "--arg", "text=still mine",
                 "--key", made["KEY_power_company"]]) == 0  # the old key still works: nothing was re-issued


def test_releasing_an_inject_the_drill_lacks_lists_those_left_to_release_by_title_beside_their_keys(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    said = _refused(capsys, [*base, "release", "1", "nope", "--key", made["FACILITATOR_KEY"]])
    assert said["zh"] == f"命令行: INJECT: 演练 1 中没有情景通报 'nope'（可下达：{THUNDERSTORM[0]}；{LIGHTNING[0]}）\n"
    assert said["en"] == f"command line: INJECT: drill 1 has no inject 'nope' (to release: {THUNDERSTORM[1]}; {LIGHTNING[1]})\n"
    assert said["both"].startswith("命令行 · command line: INJECT: 演练 1 中没有情景通报 'nope'（") and " · drill 1 has no" in said["both"]


def test_releasing_an_inject_when_none_is_left_to_release_says_so(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    assert main([*base, "advance", "1", "--hours", "5", "--key", made["FACILITATOR_KEY"]]) == 0
    capsys.readouterr()
    said = _refused(capsys, [*base, "release", "1", "nope", "--key", made["FACILITATOR_KEY"]])
    assert said["zh"] == "命令行: INJECT: 演练 1 中没有情景通报 'nope'，也已没有待下达的情景通报\n"
    assert said["en"] == "command line: INJECT: drill 1 has no inject 'nope', and none is left to release\n"


def test_releasing_an_inject_twice_names_it_by_its_title_and_when_it_was_released(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    release = [*base, "release", "1", "thunderstorm", "--key", made["FACILITATOR_KEY"]]
    assert main([*release, "--lang", "zh"]) == 0
    assert capsys.readouterr().out.endswith(f"07-18 12:00：情景通报“{THUNDERSTORM_TITLE[0]}”已提前下达\n")  # as the page says it
    said = _refused(capsys, release)
    assert said["zh"] == f"命令行: INJECT: 演练 1 的情景通报“{THUNDERSTORM_TITLE[0]}”已于 07-18 12:00 提前下达\n"
    assert said["en"] == f"command line: INJECT: inject {THUNDERSTORM_TITLE[1]} of drill 1 was already released at 07-18 12:00\n"


def test_releasing_an_inject_delivered_on_schedule_names_it_by_its_title_and_when_it_was_delivered(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    assert main([*base, "advance", "1", "--hours", "3.5", "--key", made["FACILITATOR_KEY"]]) == 0
    capsys.readouterr()
    said = _refused(capsys, [*base, "release", "1", "thunderstorm", "--key", made["FACILITATOR_KEY"]])
    assert said["zh"] == f"命令行: INJECT: 演练 1 的情景通报“{THUNDERSTORM_TITLE[0]}”已于 07-18 15:00 按计划下达\n"
    assert said["en"] == (f"command line: INJECT: inject {THUNDERSTORM_TITLE[1]} of drill 1 was already delivered on "
                          "schedule at 07-18 15:00\n")


@pytest.mark.parametrize("argv, zh, en", [
    (["new", str(SCENARIO), "--name", " "], "--name: 演练需要名称", "--name: a drill needs a name"),
    (["new", str(SCENARIO), "--name", "x", "--facilitator", " "], "--facilitator: 导调人员需要姓名",
     "--facilitator: the facilitator needs a name"),
    (["new", str(SCENARIO), "--name", "x", "--seed", "-1"], "--seed: 种子应为 0 到", "--seed: a seed is an integer"),
    (["new", str(SCENARIO), "--name", "x", "--grace-h", "-1"], "--grace-h: 无时限环节的宽限应为 0 到 100000 之间的小时数，而不是 -1.0",
     "--grace-h: the grace for steps without a time of their own must be a number of hours from 0 to 100000, not -1.0"),
    (["new", str(SCENARIO), "--name", "x", "--grace-h", "1e308"], "--grace-h: 无时限环节的宽限应为 0 到 100000 之间的小时数，而不是 1e+308",
     "--grace-h: the grace for steps without a time of their own must be a number of hours from 0 to 100000, not 1e+308"),
    (["new", str(SCENARIO), "--name", "x", "--role", "power_company=A\x07"], "--role power_company: 第 2 个字符是控制字符",
     "--role power_company: character 2 is the control character"),
    (["new", str(SCENARIO), "--name", "x", "--role", "power_company= "], "--role power_company: 等号后面没有内容（为空或只有空格）",
     "--role power_company: nothing follows the = (it is empty or only spaces)"),
    (["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=   "],
     "--arg text: 等号后面没有内容（为空或只有空格）", "--arg text: nothing follows the = (it is empty or only spaces)"),
    (["act", "9", "--role", "power_company", "--action", "note", "--arg", "text=x"], "DRILL: 没有编号为 9 的演练",
     "DRILL: no drill with id 9"),
    (["act", "1", "--role", "ghost", "--action", "note"], "--role: 'ghost' 不是", "--role: 'ghost' is not a unit"),
    (["act", "1", "--role", "power_company", "--action", "fly"], "--action: 未知的行动 'fly'", "--action: unknown action 'fly'"),
    (["act", "1", "--role", "power_company", "--action", "report", "--arg", "hop=zz"], "--arg hop: hop 'zz' 不是",
     "--arg hop: hop 'zz' is not one of the choices"),
    (["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=a\x00"], "--arg text: 第 2 个字符是空字符",
     "--arg text: character 2 is NUL"),
    (["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=x", "--key", "guess"],
     "--key: 密钥不是", "--key: the key is not"),
    (["assign", "1", "--role", "ghost", "--key", "FAC"], "--role: 'ghost' 不是《固阳县大面积停电事件应急预案（2023年版）》中的单位（角色：", "--role: 'ghost' is not a unit of"),
    (["assign", "1", "--role", "industry_tech", "--person", "B\x00", "--key", "FAC"], "--person: 第 2 个字符是空字符",
     "--person: character 2 is NUL"),
    (["assign", "1", "--role", "industry_tech", "--key", "FAC"], "--role: 演练 1 中的县工科局（电力管理部门）已由推演引擎按预案办理",
     "--role: County Bureau of Industry and Science & Technology (power authority) in drill 1: the engine already"),
    (["assign", "1", "--role", "power_company", "--person", "  ", "--key", "FAC"],
     "--person: 没有给出姓名（为空或只有空格）；要把角色交还推演引擎，请不写 --person",
     "--person: no name is given (it is empty or only spaces); to hand the role back to the engine, leave --person out"),
    (["rekey", "1", "--role", "industry_tech", "--key", "FAC"], "--role: 演练 1 中无人扮演县工科局",
     "--role: nobody plays County Bureau"),
    (["rekey", "1", "--role", "ghost", "--key", "FAC"], "--role: 'ghost' 不是《固阳县大面积停电事件应急预案（2023年版）》中的单位（角色：", "--role: 'ghost' is not a unit of"),
    (["release", "1", "thunderstorm", "--key", "guess"], "--key: 需要演练 1 的导调密钥", "--key: this needs the facilitator's key"),
    (["advance", "1", "--hours", "0", "--key", "FAC"], "--hours: 推进需要大于 0、至多 100000 的小时数，而不是 0.0",
     "--hours: advance needs a number of hours above 0 and at most 100000, not 0.0"),
    (["advance", "1", "--hours", "1e9", "--key", "FAC"], "--hours: 推进需要大于 0、至多 100000 的小时数，而不是 1000000000.0",
     "--hours: advance needs a number of hours above 0 and at most 100000, not 1000000000.0"),
    (["advance", "1", "--step", "--key", "guess"], "--key: 需要演练 1 的导调密钥", "--key: this needs the facilitator's key"),
    (["objectives", "1", "--share", "yes", "--key", "guess"], "--key: 需要演练 1 的导调密钥", "--key: this needs"),
    (["improve", "1", "--key", "guess"], "--key: 需要演练 1 的导调密钥", "--key: this needs"),
    (["improvement", "7", "--key", "FAC"], "ITEM: 没有编号为 7 的改进项", "ITEM: no improvement item 7"),
    (["improvement", "9" * 30, "--key", "FAC"], f"ITEM: 没有编号为 {'9' * 30} 的改进项",  # wider than the id column
     f"ITEM: no improvement item {'9' * 30}"),
    (["status", "9" * 30], f"DRILL: 没有编号为 {'9' * 30} 的演练", f"DRILL: no drill with id {'9' * 30}"),
    (["fork", "1", "--at", "07-18 12:00", "--key", "guess"], "--key: 需要演练 1 的导调密钥", "--key: this needs"),
])
def test_each_drill_verbs_refusal_names_the_option_it_is_about(tmp_path, capsys, argv, zh, en):
    base, made = _drill(tmp_path, capsys)
    argv = [made["FACILITATOR_KEY"] if word == "FAC" else word for word in argv]
    said = _refused(capsys, [*base, *argv])
    assert said["zh"].startswith(f"命令行: {zh}"), said["zh"]
    assert said["en"].startswith(f"command line: {en}"), said["en"]
    assert said["both"].startswith(f"命令行 · command line: {zh}") and f" · {en.split(': ', 1)[1]}" in said["both"]


@pytest.mark.parametrize("level, zh, en", [
    ("IX", "--arg level: level 'IX' 不是固阳县人民政府的可选项；可选：Ⅰ级应急响应（键入 I）；",
     "--arg level: level 'IX' is not one of the choices of Guyang County People's Government; one of: Level I response (typed as I); "),
    ("III", "--action: 固阳县人民政府尚未接到事件报告，现在（07-18 12:00）还不能启动响应",
     "--action: the report of the event has not reached Guyang County People's Government yet"),
])
def test_a_declaration_refused_names_the_level_argument_or_the_action(tmp_path, capsys, level, zh, en):
    base, made = _drill(tmp_path, capsys, "--role", "county_government=Cai")
    said = _refused(capsys, [*base, "act", "1", "--role", "county_government", "--action", "declare",
                             "--arg", f"level={level}", "--key", made["KEY_county_government"]])
    assert said["zh"].startswith(f"命令行: {zh}"), said["zh"]
    assert said["en"].startswith(f"command line: {en}"), said["en"]


@pytest.mark.parametrize("argv", [
    ["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=x", "--key", "ANN"],
    ["advance", "1", "--hours", "1", "--key", "FAC"],
    ["release", "1", "thunderstorm", "--key", "FAC"],
])
def test_acting_on_a_drill_that_has_ended_names_the_drill(tmp_path, capsys, argv):
    base, made = _drill(tmp_path, capsys)
    assert main([*base, "advance", "1", "--to-end", "--key", made["FACILITATOR_KEY"]]) == 0
    capsys.readouterr()
    argv = [{"FAC": made["FACILITATOR_KEY"], "ANN": made["KEY_power_company"]}.get(word, word) for word in argv]
    said = _refused(capsys, [*base, *argv])
    assert said["zh"].startswith("命令行: DRILL: 演练 1 已结束（时钟已到终点 07-19 12:00）\n"), said["zh"]
    assert said["en"].startswith("command line: DRILL: drill 1 has ended (its clock is at the end, 07-19 12:00)\n")


def test_an_improvement_item_given_a_unit_the_plan_lacks_names_the_unit_option_and_lists_the_units_by_name(
        tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    fac = ["--key", made["FACILITATOR_KEY"]]
    assert main([*base, "advance", "1", "--to-end", *fac]) == 0 and main([*base, "improve", "1", *fac]) == 0
    capsys.readouterr()
    said = _refused(capsys, [*base, "improvement", "1", "--unit", "ghost", *fac])
    assert said["zh"].startswith("命令行: --unit: 'ghost' 不是《固阳县大面积停电事件应急预案（2023年版）》中的单位（单位：")
    assert POWER[0] + "（键入 power_company）；" in said["zh"]
    assert said["en"].startswith("command line: --unit: 'ghost' is not a unit of the ")
    assert f"; {POWER[1]} (typed as power_company); " in said["en"]


@pytest.mark.parametrize("typed", [POWER[0], POWER[1].lower(), "供电公司", "power_company"])
def test_an_improvement_item_takes_its_unit_by_name_in_either_language_as_a_role_is_taken(tmp_path, capsys, typed):
    base, made = _drill(tmp_path, capsys)
    fac = ["--key", made["FACILITATOR_KEY"]]
    assert main([*base, "advance", "1", "--to-end", *fac]) == 0 and main([*base, "improve", "1", *fac]) == 0
    capsys.readouterr()
    assert main([*base, "improvement", "1", "--unit", typed, *fac, "--lang", "zh"]) == 0
    assert f"#1：待整改 · {POWER[0]} · 期限" in capsys.readouterr().out


def test_an_improvement_item_refuses_a_part_of_a_name_several_units_share_listing_them(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    fac = ["--key", made["FACILITATOR_KEY"]]
    assert main([*base, "advance", "1", "--to-end", *fac]) == 0 and main([*base, "improve", "1", *fac]) == 0
    capsys.readouterr()
    said = _refused(capsys, [*base, "improvement", "1", "--unit", "县", *fac])
    assert said["zh"].startswith("命令行: --unit: '县' 可指多个：") and "（键入 county_government）" in said["zh"]
    assert said["en"].startswith("command line: --unit: '县' could be any of ")


def test_a_refusal_of_the_scenario_file_keeps_its_file_line_and_column(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text(SCENARIO.read_text(encoding="utf-8").replace("at_h: 3\n", "at_h: soon\n", 1), encoding="utf-8")
    said = _refused(capsys, ["drill", "--db", f"sqlite:///{tmp_path / 'f.sqlite'}", "new", str(broken), "--name", "x"])
    assert re.match(rf"{re.escape(str(broken))}:\d+:\d+: injects\.", said["en"]), said["en"]
    assert "command line" not in said["zh"]


#: What a Chinese line may hold in ASCII: commands and values to type, links, keys, clock
#: times, numbers, clause numbers and the ids typed beside names.
_TYPED_PARTS = re.compile(r"python -m sim .*$|--\w[\w-]*(?: \S+)?|\S+://\S+|`[^`]*`|（[\w.-]+）|\w+=\S*|"
                          r"\d\d-\d\d \d\d:\d\d|[\w.#+-]+|\s+|[·–→/%…—]", re.M | re.ASCII)


def test_chinese_drill_output_uses_full_width_punctuation(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    fac = ["--key", made["FACILITATOR_KEY"]]
    zh = [*base, "--lang", "zh"]
    outputs = []
    for argv in (["new", str(SCENARIO), "--name", "二", "--role", "power_company=Ann"], ["list"], ["status", "1"],
                 ["assign", "1", "--role", "power_company", "--person", "Bo", *fac], ["rekey", "1", "--all", *fac],
                 ["release", "1", "thunderstorm", *fac], ["advance", "1", "--hours", "1", *fac],
                 ["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=x", "--key", "guess"],
                 ["objectives", "1"], ["advance", "1", "--to-end", *fac], ["improve", "1", *fac], ["improvements"],
                 ["improvement", "1", "--status", "closed", *fac],
                 ["fork", "1", "--at", "07-18 12:00", *fac], ["fork", "1", "--at", "07-19 13:00", *fac]):
        main([*zh, *argv])
        out, err = capsys.readouterr()
        outputs += (out + err).splitlines()
    # a refusal's "FILE: path: " is the error form's (its colons ASCII in every language)
    left = {line: _TYPED_PARTS.sub("", re.sub(r"^(drill|命令行): [^:]*: ", "", line)) for line in outputs}
    assert len(outputs) > 40 and not {line: rest for line, rest in left.items() if re.search(r"[,:;()\[\]!?]", rest)}


@pytest.mark.parametrize("language, said", [("zh", "【不足项 · 预案】假设 · "), ("en", "[deficiency · the plan] Assumption · ")])
def test_an_improvement_item_laid_at_an_assumption_says_so_in_words_as_the_pages_do(language, said):
    import datetime as dt
    from types import SimpleNamespace

    from sim.commands.drill import _item_line
    from sim.event_rules import clause_where

    item = SimpleNamespace(id=7, grade="deficiency", attribution="plan", clause="assumption", unit="power_company",
                           due=dt.date(2027, 1, 2), status="open", action={"zh": "补写替代手段", "en": "Write the fallback"},
                           found={"zh": "无替代手段", "en": "no fallback"})
    line = _item_line(item, language, lambda unit: "Power", lambda clause: clause_where(clause, {}, language))
    assert said in line and "assumption" not in line


def test_an_improvement_item_whose_action_was_written_only_in_chinese_shows_the_chinese_to_an_english_reader():
    import datetime as dt
    from types import SimpleNamespace

    from sim.commands.drill import _item_line
    from sim.messages import pick

    action = {"zh": "补写替代手段", "en": ""}  # a facilitator left the English empty
    item = SimpleNamespace(id=7, grade="deficiency", attribution="plan", clause="5.1", unit="power_company",
                           due=dt.date(2027, 1, 2), status="open", action=action, found={"zh": "无替代手段", "en": ""})
    line = _item_line(item, "en", lambda unit: "Power", lambda clause: clause)
    assert line.endswith("\n      补写替代手段") and line.endswith(pick(action, "en"))  # the one fallback rule


def test_what_a_verb_reports_done_names_things_without_ids_and_what_is_to_be_typed_is_said_to_be_typed(tmp_path,
                                                                                                      capsys):
    base, made = _drill(tmp_path, capsys)
    assert main([*base, "--lang", "en", "status", "1"]) == 0
    status = capsys.readouterr().out
    assert status.splitlines()[0] == f"drill 1: CLI · {SCENARIO_TITLE[1]}"  # a heading is read: no scenario id
    assert f"{POWER[1]} (typed as power_company) · " in status  # the role as --role takes it
    assert f"{THUNDERSTORM_TITLE[1]} (typed as thunderstorm) → " in status  # the inject as release takes it
    assert main([*base, "--lang", "zh", "status", "1"]) == 0
    assert f"{THUNDERSTORM_TITLE[0]}（键入 thunderstorm） → " in capsys.readouterr().out
    fac = ["--key", made["FACILITATOR_KEY"]]
    done = []
    for argv in (["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=x", "--key",
                  made["KEY_power_company"]], ["release", "1", "thunderstorm", *fac],
                 ["assign", "1", "--role", "power_company", *fac]):
        assert main([*base, "--lang", "en", *argv]) == 0
        done.append(capsys.readouterr().out)
    assert f"{POWER[1]} · Ann: Note: x" in done[0] and f"“{THUNDERSTORM_TITLE[1]}” released early" in done[1]
    assert f"{POWER[1]} is played by the engine" in done[2]
    assert not [line for line in "".join(done).splitlines() if re.search(r"power_company|\(thunderstorm|typed as", line)]


@pytest.mark.parametrize("language, engine", [("zh", "推演引擎（按预案办理）"), ("en", "the engine (as the plan says)")])
def test_a_role_handed_back_is_played_by_the_engine_in_the_same_words_in_assign_and_status(tmp_path, capsys, language, engine):
    base, made = _drill(tmp_path, capsys)
    assert main([*base, "--lang", language, "assign", "1", "--role", "power_company", "--key", made["FACILITATOR_KEY"]]) == 0
    assert re.search(rf" {re.escape(engine)}( |$)", capsys.readouterr().out, re.M)
    assert main([*base, "--lang", language, "status", "1", "--role", "power_company"]) == 0
    status = capsys.readouterr().out
    assert re.search(rf"\(typed as power_company\) · {re.escape(engine)}$|（键入 power_company） · {re.escape(engine)}$", status, re.M), status


def test_the_database_may_be_named_after_the_verb_as_well_as_before_it_and_after_wins(tmp_path, capsys):
    here, there = f"sqlite:///{tmp_path / 'here.sqlite'}", f"sqlite:///{tmp_path / 'there.sqlite'}"
    assert main(["drill", "new", str(SCENARIO), "--name", "After", "--db", here, "--lang", "en"]) == 0
    capsys.readouterr()
    assert main(["drill", "--lang", "en", "list", "--db", here]) == 0
    assert "After" in capsys.readouterr().out
    assert main(["drill", "--db", here, "--lang", "en", "list", "--db", there]) == 0
    assert "no drills" in capsys.readouterr().out
    assert main(["drill", "--db", here, "--lang", "en", "list"]) == 0
    assert "After" in capsys.readouterr().out


def test_improvement_items_alike_in_clause_unit_and_action_are_told_apart_by_what_each_found(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys, "--role", "county_government=Cai")
    fac = ["--key", made["FACILITATOR_KEY"]]
    assert main([*base, "advance", "1", "--to-end", *fac]) == 0
    assert main([*base, "improve", "1", *fac, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    items = out.split("\n  #")[1:]
    actions = [item.splitlines()[-1] for item in items]
    alike = [item for item in items if actions.count(item.splitlines()[-1]) > 1]
    assert alike, out  # the plan's stalled steps: one advice, one clause, one office
    found = [line.strip() for item in alike for line in item.splitlines() if line.strip().startswith("发现：")]
    assert len(found) == len(alike) and len(set(found)) == len(found), out


def test_the_status_heads_the_drills_injects_as_the_console_does_facilitators_ones_included(tmp_path, capsys):
    from sim.messages import text

    base, made = _drill(tmp_path, capsys)
    assert main([*base, "status", "1", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert f"\n{text('drill.injects', 'en')}:\n" in out and "\nInjects:\n" in out and "Scenario inject:" not in out
    assert main([*base, "status", "1", "--lang", "zh"]) == 0
    assert "\n情景通报：\n" in capsys.readouterr().out


def test_an_empty_person_given_to_assign_keeps_the_player_and_leaving_it_out_hands_the_role_back(tmp_path, capsys):
    from sim.drills import db

    base, made = _drill(tmp_path, capsys)
    fac = ["--key", made["FACILITATOR_KEY"]]
    assert main([*base, "assign", "1", "--role", "power_company", "--person", "", *fac]) == 2  # "$NAME" left empty
    capsys.readouterr()
    assert db.load_drill(db.open_database(base[2]), 1).player("power_company") == "Ann"
    assert main([*base, "assign", "1", "--role", "power_company", *fac, "--lang", "en"]) == 0
    assert db.load_drill(db.open_database(base[2]), 1).player("power_company") is None


def test_a_player_at_the_command_line_reads_the_units_inbox_in_its_status_as_the_desk_shows_it(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    assert main([*base, "status", "1", "--role", "power_company", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    inbox = out.split("\n  Inbox:\n", 1)[1]
    # newest first: the question the forecast puts to the unit, then the forecast
    assert inbox.startswith("    07-18 12:00  The plan: Yours to decide: Alert the important power users as it sees "
                            "fit (4.2.1).")
    assert "\n    07-18 12:00  Scenario inject: A severe thunderstorm is forecast for the afternoon" in inbox
    assert "\n      Forecast load shed: 20 %\n" in inbox  # a forecast's figures, each on its line under it
    assert main([*base, "status", "1", "--role", "power_company", "--lang", "zh"]) == 0
    assert "\n    07-18 12:00  情景通报：气象局预报午后强雷暴" in capsys.readouterr().out
    assert main([*base, "status", "1", "--lang", "en"]) == 0
    assert "Inbox:" not in capsys.readouterr().out  # the facilitator's overview lists the injects instead


def test_an_action_for_a_role_nobody_plays_is_refused_as_unplayed_before_its_step_is_looked_at(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys, "--role", "county_government=Cai")
    capsys.readouterr()
    said = _refused(capsys, [*base, "act", "1", "--role", "industry_tech", "--action", "step", "--arg", "step=nosuch",
                             "--key", made["KEY_county_government"]])
    assert said["zh"] == "命令行: --role: 演练 1 中无人扮演县工科局（电力管理部门），由推演引擎按预案办理\n"
    assert said["en"] == ("command line: --role: nobody plays County Bureau of Industry and Science & Technology "
                          "(power authority) in drill 1: the engine acts for it as the plan says\n")


def test_an_action_for_a_role_someone_plays_with_a_step_of_no_list_is_refused_at_the_step(tmp_path, capsys):
    base, made = _drill(tmp_path, capsys)
    said = _refused(capsys, [*base, "act", "1", "--role", "power_company", "--action", "step", "--arg", "step=nosuch",
                             "--key", made["KEY_power_company"]])
    from sim.drills import db

    assert said["en"].startswith("command line: --arg step: ")
    assert len(db.load_drill(db.open_database(base[2]), 1).actions) == 1  # Ann's assignment, and nothing else


@pytest.mark.parametrize("typed", [POWER[0], POWER[1].upper(), "供电公司"])
def test_drill_new_takes_a_role_by_its_units_name_in_either_language_or_the_part_only_it_has(tmp_path, capsys, typed):
    base = ["drill", "--db", f"sqlite:///{tmp_path / 'n.sqlite'}", "--lang", "zh"]
    assert main([*base, "new", str(SCENARIO), "--name", "CLI", "--role", f"{typed}=Ann"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^包头供电公司固阳县分公司（键入 power_company）：--key \w{32}$", out, re.M)


def test_drill_new_refuses_a_part_of_a_name_several_roles_share_listing_them(tmp_path, capsys):
    base = ["drill", "--db", f"sqlite:///{tmp_path / 'n.sqlite'}", "--lang", "zh"]
    assert main([*base, "new", str(SCENARIO), "--name", "CLI", "--role", "县=Ann"]) == 2
    err = capsys.readouterr().err
    assert "'县' 可指多个：" in err and "（键入 power_company）" in err


COUNTY = ("固阳县人民政府", "Guyang County People's Government")


@pytest.mark.parametrize("typed", [POWER[0], POWER[1].lower(), "供电公司", "power_company"])
def test_status_assign_and_rekey_take_a_role_by_its_units_name_in_either_language_as_drill_new_does(
        tmp_path, capsys, typed):
    base, made = _drill(tmp_path, capsys)
    fac = ["--key", made["FACILITATOR_KEY"]]
    assert main([*base, "status", "1", "--role", typed, "--lang", "zh"]) == 0
    assert "\n包头供电公司固阳县分公司（键入 power_company） · Ann\n" in capsys.readouterr().out
    assert main([*base, "rekey", "1", "--role", typed, *fac, "--lang", "zh"]) == 0
    assert re.search(r"^包头供电公司固阳县分公司（键入 power_company） · Ann：--key \w{32}\n.*role=power_company&",
                     capsys.readouterr().out, re.M)
    assert main([*base, "assign", "1", "--role", typed, "--person", "Bo", *fac, "--lang", "zh"]) == 0
    assert re.search(r"^包头供电公司固阳县分公司（键入 power_company） · Bo：--key \w{32}\n.*role=power_company&",
                     capsys.readouterr().out, re.M)


@pytest.mark.parametrize("role, level", [
    (COUNTY[0], "Ⅲ级应急响应"),
    (COUNTY[1].upper(), "level iii response"),
    ("county_government", "Ⅲ级"),  # the part of the Chinese name only one level has
    ("county_government", "III"),
])
def test_act_takes_its_role_and_a_level_by_name_in_either_language_as_well_as_by_id(tmp_path, capsys, role, level):
    base = ["drill", "--db", f"sqlite:///{tmp_path / 'n.sqlite'}"]  # the engine plays the power company
    assert main([*base, "new", str(SCENARIO), "--name", "CLI", "--role", "county_government=Cai", "--export"]) == 0
    made = dict(line.removeprefix("export ").split("=", 1) for line in capsys.readouterr().out.splitlines())
    assert main([*base, "advance", "1", "--to", "07-18 17:30", "--key", made["FACILITATOR_KEY"]]) == 0
    capsys.readouterr()
    assert main([*base, "act", "1", "--role", role, "--action", "declare", "--arg", f"level={level}",
                 "--key", made["KEY_county_government"], "--lang", "zh"]) == 0
    assert "固阳县人民政府·Cai：启动应急响应：Ⅲ级应急响应" in capsys.readouterr().out


@pytest.mark.parametrize("argv, zh, en", [
    (["act", "1", "--role", "county_government", "--action", "declare", "--arg", "level=级", "--key", "CAI"],
     "--arg level: '级' 可指多个：Ⅰ级应急响应（键入 I）；Ⅱ级应急响应（键入 II）；Ⅲ级应急响应（键入 III）；请写出全名或标识",
     "--arg level: '级' could be any of Level I response (typed as I); Level II response (typed as II); "
     "Level III response (typed as III); give the full name or the id"),
    (["act", "1", "--role", "county_government", "--action", "declare", "--arg", "level=Ⅳ级应急响应", "--key", "CAI"],
     "--arg level: level 'Ⅳ级应急响应' 不是固阳县人民政府的可选项；可选：Ⅰ级应急响应（键入 I）；",
     "--arg level: level 'Ⅳ级应急响应' is not one of the choices of Guyang County People's Government; one of: "),
    (["act", "1", "--role", "县", "--action", "note", "--arg", "text=x", "--key", "CAI"],
     "--role: '县' 可指多个：", "--role: '县' could be any of "),
    (["act", "1", "--role", "县政府", "--action", "note", "--arg", "text=x", "--key", "CAI"],
     "--role: '县政府' 不是《固阳县大面积停电事件应急预案（2023年版）》中的单位（单位：县委宣传部（键入 publicity_dept）；",
     "--role: '县政府' is not a unit of the Guyang County"),
    (["status", "1", "--role", "县"], "--role: '县' 可指多个：", "--role: '县' could be any of "),
    (["status", "1", "--role", "Guyang County"], "--role: 'Guyang County' 不是《固阳县大面积停电事件应急预案（2023年版）》中的单位（角色：",
     "--role: 'Guyang County' is not a unit of the Guyang County Large-Area Blackout Emergency Plan (2023 edition) (roles: "),
    (["assign", "1", "--role", "电力", "--person", "Bo", "--key", "FAC"], "--role: '电力' 可指多个：",
     "--role: '电力' could be any of "),
    (["rekey", "1", "--role", "Power Company", "--key", "FAC"], "--role: 'Power Company' 不是《固阳县大面积停电事件应急预案（2023年版）》中的单位",
     "--role: 'Power Company' is not a unit of the Guyang County Large-Area Blackout Emergency Plan (2023 edition)"),
])
def test_a_name_that_fits_several_or_none_is_refused_at_its_option_listing_the_valid_names(tmp_path, capsys, argv,
                                                                                            zh, en):
    base, made = _drill(tmp_path, capsys, "--role", "county_government=Cai")
    argv = [{"FAC": made["FACILITATOR_KEY"], "CAI": made["KEY_county_government"]}.get(word, word) for word in argv]
    said = _refused(capsys, [*base, *argv])
    assert said["zh"].startswith(f"命令行: {zh}"), said["zh"]
    assert said["en"].startswith(f"command line: {en}"), said["en"]
