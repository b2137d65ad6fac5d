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


def test_the_improvement_help_says_each_status_in_words_beside_the_value_typed(capsys):
    zh = re.sub(r"\s+", "", _help(capsys, ["--lang", "zh", "drill", "improvement", "--help"]))
    en = re.sub(r"\s+", " ", _help(capsys, ["--lang", "en", "drill", "improvement", "--help"]))
    assert "待整改（open）；整改中（in_progress）；已完成（closed）" in zh
    assert "open; in progress (in_progress); closed" in en


def test_a_facilitator_who_gives_no_name_is_logged_by_the_word_for_them_as_the_help_says(tmp_path, capsys):
    from sim.drills import db

    zh = re.sub(r"\s+", "", _help(capsys, ["--lang", "zh", "drill", "new", "--help"]))
    assert "不填：记为“导调人员”" in zh and "facilitator）" not in zh
    url = f"sqlite:///{tmp_path / 'f.sqlite'}"
    assert main(["drill", "--db", url, "new", str(SCENARIO), "--name", "A"]) == 0
    assert main(["drill", "--db", url, "--lang", "en", "new", str(SCENARIO), "--name", "B"]) == 0
    engine = db.open_database(url)
    assert [db.load_drill(engine, i).facilitator for i in (1, 2)] == ["导调人员", "Facilitator"]


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
