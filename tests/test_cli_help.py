"""``--help`` of every command in Chinese and English, from the catalogue; argparse's own
words (usage, headings, its error sentences) too."""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

import pytest

from sim.cli import build_parser, main
from sim.command_line import wrap
from sim.fuzz.__main__ import main as fuzz_main
from sim.fuzz.__main__ import parser as fuzz_parser
from sim.messages import Message

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(words before --help, parser) of the program and every command and drill verb under it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from commands(child, (*path, name))


EVERY = [path for path, _ in commands(build_parser())]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _help(capsys, run, argv) -> str:
    with pytest.raises(SystemExit) as stop:
        run(argv)
    assert stop.value.code == 0
    return capsys.readouterr().out


def _parser(path):
    return dict(commands(build_parser()))[path]


def test_the_walk_reaches_every_command_and_every_drill_verb():
    assert {"run", "compare", "sweep", "validate", "lint", "check", "zones", "classify", "coverage", "bench",
            "drill"} <= {p[0] for p in EVERY if p}
    assert {p[1] for p in EVERY if len(p) == 2} >= {"script", "import-msel", "new", "list", "act", "status",
                                                      "assign", "rekey", "release", "advance", "report", "objectives",
                                                      "improve", "improvements", "improvement", "fork"}


@pytest.mark.parametrize("path", EVERY, ids=lambda p: " ".join(p) or "python -m sim")
def test_every_commands_help_describes_it_and_each_option_in_chinese_and_english(capsys, monkeypatch, path):
    monkeypatch.setenv("COLUMNS", "100")
    parser = _parser(path)
    described = [a.help for a in parser._actions if a.help is not argparse.SUPPRESS and a.help]
    assert all(isinstance(words, Message) for words in described), [w for w in described if not isinstance(w, Message)]
    both = _flat(_help(capsys, main, [*path, "--help"]))
    zh = _flat(_help(capsys, main, ["--lang", "zh", *path, "--help"]))
    en = _help(capsys, main, ["--lang", "en", *path, "--help"])
    for words in described + ([parser.description] if parser.description else []):
        assert _flat(words.zh) in zh and _flat(words.zh) in both and _flat(words.en) in both
        assert _flat(words.en) not in zh or words.en == words.zh
    assert "用法：" in zh and "选项" in zh and "options:" not in zh and "usage:" not in zh
    assert en.startswith("usage: python -m sim") and "options:" in en and "用法" not in en


@pytest.mark.parametrize("path", [p for p in EVERY if p], ids=lambda p: " ".join(p))
def test_a_help_line_fits_the_terminal_however_much_chinese_it_holds(capsys, monkeypatch, path):
    monkeypatch.setenv("COLUMNS", "80")
    for line in _help(capsys, main, ["--lang", "zh", *path, "--help"]).splitlines():
        width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        assert width <= 80 or " " not in line.strip()[40:], line


def test_the_fuzzing_campaigns_help_is_in_both_languages(capsys):
    out = _help(capsys, fuzz_main, ["--help"])
    assert "模糊测试" in out and "Fuzz the loader" in out and "保存导致崩溃的输入的目录" in out


def test_wrapping_breaks_chinese_between_characters_and_keeps_punctuation_with_its_text():
    lines = wrap("按情景所列的预案推演一个情景，输出摘要：关键时刻。", 20)
    assert all(sum(2 if CHINESE.match(c) else 1 for c in line) <= 22 for line in lines)
    assert not any(line[0] in "，。：" for line in lines) and "".join(lines) == "按情景所列的预案推演一个情景，输出摘要：关键时刻。"
    assert wrap("stop after H hours (default: the horizon)", 20) == ["stop after H hours", "(default: the", "horizon)"]


@pytest.mark.parametrize(("argv", "zh", "en"), [
    (["nosuch"], "COMMAND: 无效的取值 'nosuch'（可选：", "COMMAND: invalid choice: 'nosuch' (choose from"),
    (["run", "x.yaml", "--seed"], "--seed: 需要一个值", "--seed: expected one argument"),
    (["drill", "status", "x"], "DRILL: 应为整数，实际为 'x'", "DRILL: expected a whole number, got 'x'"),
    (["drill", "advance", "1", "--hours", "1", "--step"], "--step: 不能与 --hours 同时使用",
     "--step: not allowed with argument --hours"),
    (["run", "x.yaml", "--seed", "1", "--bogus"], "--bogus: 不是本命令的选项", "--bogus: not an option of this command"),
    (["run", "x.yaml"], "--seed: 必须给出", "--seed: required"),
    (["lint", "--"], "PLAN: 必须给出", "PLAN: required"),
    (["run", "x.yaml", "--seed", "-1"], "--seed: 种子不能为负数", "--seed: a seed must not be negative"),
    (["classify", "p.yaml", "--metric", "x"], "--metric: 应写作 标识=值", "--metric: expected ID=VALUE"),
])
def test_argparses_own_messages_read_in_the_chosen_language_in_the_error_form(capsys, argv, zh, en):
    for language, expected in (("zh", zh), ("en", en)):
        with pytest.raises(SystemExit) as stop:
            main(["--lang", language, *argv])
        err = capsys.readouterr().err
        where = "命令行" if language == "zh" else "command line"  # the reader's word for it, as for the message
        assert stop.value.code == 2 and err.startswith(f"{where}: {expected}"), err
        if language == "zh":
            assert not re.search(r"\b(invalid|expected|argument|required|choose)\b", err), err
    with pytest.raises(SystemExit):
        main(argv)
    err = capsys.readouterr().err
    assert zh.split(": ", 1)[1] in err and en.split(": ", 1)[1] in err


def test_sweeps_help_lists_every_column_in_the_chosen_language(capsys):
    zh = _help(capsys, main, ["--lang", "zh", "sweep", "--help"])
    en = _help(capsys, main, ["--lang", "en", "sweep", "--help"])
    assert "各列：" in zh and "处于各响应级别的小时数" in zh and "hours spent at each response level" in en


def test_every_column_a_sweep_writes_is_described():
    from sim.messages import section
    from sim.sweep.rows import FACTS, OUTCOME

    described = section("sweep.column.")
    assert {"replication", "seed", *FACTS, *OUTCOME} <= described.keys()
    assert {"hours_at_<level>", "unit_hours_<unit>"} <= described.keys()


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["drill", "--help"], ["drill", "status", "--help"]])
def test_chinese_help_ends_its_headings_in_the_full_width_colon(capsys, argv):
    zh = _help(capsys, main, ["--lang", "zh", *argv])
    headings = [line for line in zh.splitlines() if line.rstrip().endswith(("：", ":")) and not line.startswith(" ")]
    assert "选项：" in headings and not [h for h in headings if h.endswith(":")]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_drill_scripts_help_names_the_sheet_a_templates_workbook_adds_as_the_workbook_titles_it(
        capsys, monkeypatch, tmp_path, language):
    from openpyxl import load_workbook

    monkeypatch.setenv("COLUMNS", "100")
    out = tmp_path / "msel.xlsx"
    template = Path(__file__).resolve().parent.parent / "plans" / "scenarios" / "random-blackout.yaml"
    assert main(["--lang", language, "drill", "script", str(template), "--format", "xlsx", "--out", str(out)]) == 0
    drawn = load_workbook(out).sheetnames[1]  # the template's draw, after the MSEL sheet
    capsys.readouterr()
    assert _flat(f"“{drawn}”") in _flat(_help(capsys, main, ["--lang", language, "drill", "script", "--help"]))


ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("language", ["zh", "en"])
def test_sweep_and_compare_say_a_plan_file_they_take_keeps_the_id_of_one_of_the_scenarios_plans(capsys, language):
    """``--plan`` of sweep and compare refuses a plan the scenario does not run, as ``run --plan``
    does, and their help says so as run's does."""
    said = {"zh": "其标识须是情景所列预案之一", "en": "its id must be one of the scenario's plans"}[language]
    stranger = str(ROOT / "plans" / "baotou-fireworks-ban-2024.yaml")  # a plan the ice storm does not run
    storm = str(ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml")
    for argv in (["sweep", storm, "--runs", "1", "--seed", "1", "--no-progress"],
                 ["compare", storm, "--runs", "1", "--seed", "1", "--no-progress", "--resource", "repair_crew=2"]):
        assert _flat(said) in _flat(_help(capsys, main, ["--lang", language, argv[0], "--help"]))
        assert main(["--lang", language, *argv, "--plan", stranger]) == 2
        assert "baotou-fireworks-ban-2024" in capsys.readouterr().err


def test_compare_runs_a_plan_file_in_both_arms_as_its_help_says(capsys):
    import json

    variant = str(ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml")
    assert "in both arms" in _help(capsys, main, ["--lang", "en", "compare", "--help"])
    assert main(["--lang", "en", "compare", str(ROOT / "plans" / "scenarios" / "random-blackout.yaml"), "--runs", "1",
                 "--seed", "1", "--no-progress", "--plan", variant, "--resource", "repair_crew=2", "--json"]) == 0
    run = json.loads(capsys.readouterr().out)["run"]
    assert run["baseline"] == run["variant"]  # the same plan, the variant file's, on either side


@pytest.mark.parametrize("command", ["sweep", "compare"])
def test_the_help_of_a_command_a_ctrl_c_stops_gives_the_exit_status_it_then_ends_with(capsys, command):
    """Both say 130 and what is said then (see test_sweep_interrupted for the status itself)."""
    for language, said in (("zh", "被中断（Ctrl-C）时说明完成了多少次重复"), ("en", "interrupted (Ctrl-C), it says how many")):
        shown = _flat(_help(capsys, main, ["--lang", language, command, "--help"]))
        assert _flat(said) in shown and ("返回130。" in shown if language == "zh" else "exits130." in shown)


@pytest.mark.parametrize(("finding", "zh", "en"), [
    ("lint.gap_discretion", "止于最低级别之前的酌情启动响应区间", "a discretionary band that stops short of the lowest level"),
    ("lint.row_never_met", "分级标准", "criteria rows that can never be met"),
    ("lint.never_holds", "永远不会成立的预警、酌情启动响应和报告条件",
     "warning, discretionary-response and report conditions that can never hold"),
    ("lint.unit_no_part", "没有职责的单位", "units without duties"),
    ("lint.unused", "禁火通告：没有规定使用的活动、区域和处罚", "Ban notices: activities, zones and penalties no rule uses"),
])
def test_lints_help_names_each_kind_of_finding_lint_makes(capsys, finding, zh, en):
    assert f'Message("{finding}"' in (ROOT / "sim" / "lint.py").read_text(encoding="utf-8")
    assert _flat(zh) in _flat(_help(capsys, main, ["--lang", "zh", "lint", "--help"]))
    assert _flat(en) in _flat(_help(capsys, main, ["--lang", "en", "lint", "--help"]))
