"""Any bytes end in data or in ``FILE:LINE:COL: path: message`` — never another exception.

Each hostile input found by fuzzing the shipped files is a test here, run with the
C-accelerated parser and with the pure-Python one alike (the ``parser`` fixture).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from sim.inputs import yaml_source
from sim.cli import main
from sim.errors import InputError
from sim.inputs.loader import load_text
from sim.plan import PLAN_ADAPTER
from sim.inputs.yaml_source import MAX_DEPTH, decode, parse, read_text

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(ROOT.glob("plans/**/*.yaml"))
GOOD = (Path(__file__).parent / "data" / "minimal-ban.yaml").read_text(encoding="utf-8")


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request, monkeypatch):
    """Run the test with each YAML parser the loader can use."""
    if request.param == "libyaml":
        if yaml_source.FAST_LOADER is None:
            pytest.skip("PyYAML was built without libyaml")
    else:
        monkeypatch.setattr(yaml_source, "FAST_LOADER", None)
    return request.param


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse(text, "a.yaml")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\x7f", "\ufffe", "\ud800"])
def test_a_character_yaml_does_not_allow_is_reported_at_its_line_and_column(parser, char):
    found = problems(f"a: 1\nb: x{char}y\n")
    assert len(found) == 1 and found[0].startswith(f"a.yaml:2:5: character U+{ord(char):04X} is not allowed in YAML")


@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\u200f", "\u061c"])
def test_an_invisible_direction_control_is_refused_at_its_line_and_column_in_both_languages(parser, char):
    with pytest.raises(InputError) as caught:
        parse(f"a: 1\nname: {{zh: 城南{char}站, en: x}}\n", "a.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.col) == (2, 14)
    assert f"U+{ord(char):04X}" in problem.message.in_language("en") and "direction" in problem.message.in_language("en")
    assert "显示方向" in problem.message.in_language("zh")


def test_text_a_person_writes_with_joiners_and_emoji_still_reads(parser):
    assert parse("name: 值班\u200d人员 👩\u200d🚒\n", "a.yaml")[0] == {"name": "值班\u200d人员 👩\u200d🚒"}


def test_a_control_character_says_where_it_usually_comes_from(parser):
    assert "pasted in from a word processor or a PDF" in problems("title: 标题\x1b\n")[0]


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        ("2023-02-30", "这个月没有这一天", "the month has no such day"),
        ("2023-13-01", "月份应在 1 到 12 之间", "the month must be from 1 to 12"),
        ("2023-01-01T24:00:00", "小时应在 0 到 23 之间", "the hour must be from 0 to 23"),
        ("0000-01-01", "年份 0 超出范围", "the year 0 is out of range"),
        ("!!int abc", "不是整数", "not a whole number"),
        ("!!float abc", "不是数", "not a number"),
        ("!!timestamp abc", "不是日期或时间", "not a date or a time"),
        ("!!binary abc", "不是有效的 base64 数据", "not valid base64 data"),
        ("!!map abc", "标签要求映射，这里却是单个值", "the tag needs a mapping, but this is a single value"),
        ("!unknown abc", "未知的标签 '!unknown'", "unknown tag '!unknown'"),
        ("!!python/object:os abc", "未知的标签 'tag:yaml.org,2002:python/object:os'",
         "unknown tag 'tag:yaml.org,2002:python/object:os'"),
    ],
)
def test_a_value_its_constructor_refuses_is_reported_at_the_value_in_either_language(parser, value, zh, en):
    with pytest.raises(InputError) as caught:
        parse(f"id: x\nstart: {value}\n", "a.yaml")
    (found,) = caught.value.problems
    shown = repr(value.split()[-1])
    assert found.render("en") == f"a.yaml:2:8: start: cannot read value {shown}: {en}" + (
        " (written 2023-01-15 or 2023-01-15T08:00:00)" if "timestamp" in value else "")
    assert found.render("zh").startswith(f"a.yaml:2:8: start: 无法读取值 {shown}：{zh}")


def test_a_bad_date_is_an_input_error_in_validate(parser, tmp_path, capsys):
    scenario = tmp_path / "a.yaml"
    scenario.write_text("plans: [x]\narea: y\nstart: 2023-02-30\n", encoding="utf-8")
    assert main(["validate", str(scenario), "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith(f"{scenario}:3:8: start: cannot read value '2023-02-30'")


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_a_value_more_levels_deep_than_the_limit_is_refused_where_it_starts(parser, shape):
    levels = MAX_DEPTH + 1  # keys or indexes from the top to the innermost value
    if shape == "flow":
        text = "[" * (levels + 1) + "]" * (levels + 1)
        where = f"1:{levels + 1}"
    else:
        text = "".join(f"{' ' * i}k:\n" for i in range(levels)) + " " * levels + "k: 1\n"
        where = f"{levels}:{levels}"  # the key of the value too deep
    found = problems(text)
    assert len(found) == 1 and found[0].startswith(f"a.yaml:{where}:") and "nest deeper than 100 levels" in found[0]


def test_a_value_as_many_levels_deep_as_the_limit_is_read(parser):
    data, _ = parse("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "a.yaml")
    for _ in range(MAX_DEPTH):
        data = data[0]
    assert data == []


def test_nesting_far_beyond_any_recursion_limit_is_refused(parser):
    assert problems("[" * 100_000) == ["a.yaml:1:102: values nest deeper than 100 levels"]


def test_aliases_that_nest_deeper_than_the_limit_are_refused(parser):
    lines = ["a0: &a0 [1]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, MAX_DEPTH + 2)]
    assert any("nest deeper than 100 levels" in p for p in problems("\n".join(lines)))


@pytest.mark.parametrize("text", ["a: &a [*a]", "a: &a {b: *a}", "a: &a [1, [2, *a]]"])
def test_a_recursive_alias_is_refused(parser, text):
    found = problems(text)
    assert len(found) == 1 and "a recursive alias: the value anchored here contains itself" in found[0]


def test_an_alias_used_twice_is_not_mistaken_for_a_recursive_one(parser):
    assert parse("a: &a [1]\nb: [*a, *a]\n", "a.yaml")[0] == {"a": [1], "b": [[1], [1]]}


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unusual_line_separators_do_not_shift_line_numbers(parser, separator):
    text = f"a: 'x{separator}y'\nb: 1\nc: {{d: 1, d: 2}}\n"
    found = problems(text)
    assert found == ["a.yaml:3:11: c.d: duplicate key 'd' (first defined at line 3)"]


def test_a_line_separator_inside_a_line_gives_the_column_an_editor_shows(parser):
    _, positions = parse("a: x\u2028b: 1\n", "a.yaml")
    assert positions[("b",)] == (1, 6)


def test_windows_and_old_mac_line_ends_count_as_one_line_each(parser):
    _, positions = parse("a: 1\r\nb: 2\rc: 3\n", "a.yaml")
    assert [positions[(key,)] for key in "abc"] == [(1, 1), (2, 1), (3, 1)]


def test_a_byte_order_mark_does_not_move_the_first_line(parser):
    _, positions = parse("\ufeffa: 1\nb: 2\n", "a.yaml")
    assert positions[("a",)] == (1, 1) and positions[("b",)] == (2, 1)


def test_a_syntax_error_reads_the_same_with_either_parser(monkeypatch):
    text = GOOD.replace("[spring]", "[spring")
    with_libyaml = problems(text)
    monkeypatch.setattr(yaml_source, "FAST_LOADER", None)
    assert problems(text) == with_libyaml and with_libyaml[0].startswith("a.yaml:26:9: YAML syntax error")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_both_parsers_give_every_shipped_file_the_same_data_and_positions(monkeypatch, path):
    if yaml_source.FAST_LOADER is None:
        pytest.skip("PyYAML was built without libyaml")
    text = read_text(path)
    fast = parse(text, path.name)
    monkeypatch.setattr(yaml_source, "FAST_LOADER", None)
    assert parse(text, path.name) == fast


def test_text_with_a_lone_surrogate_from_an_editor_is_refused_not_crashed(parser):
    assert "U+DC80" in load_problems("a: '\udc80'\n")[0]


def load_problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_text(text, "a.yaml", PLAN_ADAPTER)
    return [str(p) for p in caught.value.problems]


def test_bytes_that_are_not_utf8_are_reported_at_their_line_and_column():
    with pytest.raises(InputError, match=r"^up.yaml:2:5: not UTF-8 text \(byte 11\)$"):
        decode(b"a: 1\nb: \xe4\xb8\xad\xff", "up.yaml")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "plan.yaml"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="plan.yaml: not a regular file"):
        read_text(pipe)


def test_an_endless_device_is_refused_without_reading_it(capsys):
    assert main(["validate", "/dev/zero", "--lang", "en"]) == 2
    assert capsys.readouterr().err == ("/dev/zero: not a regular file (a pipe, a device or a socket); "
                                       "give a YAML file\n")


LONG = "x" * 300 + ".yaml"


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", LONG],
        ["lint", LONG],
        ["zones", "--plans", LONG],
        ["check", "--date", "2023-04-01", "--activity", "straw_burning", "--plans", LONG],
        ["run", "--seed", "1", LONG],
        ["drill", "--db", "sqlite://", "new", LONG, "--name", "x"],
    ],
    ids=lambda argv: argv[0],
)
def test_an_over_long_file_name_is_an_input_error_in_every_command(capsys, argv):
    assert main(["--lang", "en", *argv]) == 2
    assert capsys.readouterr().err == f"{LONG}: cannot read: the file name is too long\n"


def test_a_directory_is_refused_as_a_file(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)



@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "2200-01-01"])
def test_a_scenario_starting_outside_the_calendar_is_refused_at_its_start(tmp_path, capsys, start):
    scenarios = tmp_path / "plans" / "scenarios"
    scenarios.mkdir(parents=True)
    for folder in ("", "areas/"):
        for file in (ROOT / "plans" / folder).glob("*.yaml"):
            (scenarios.parent / folder).mkdir(exist_ok=True)
            (scenarios.parent / folder / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    shipped = ROOT / "plans" / "scenarios" / "qingming-tomb-sweeping.yaml"
    text = shipped.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("start:"))
    scenario = scenarios / "fire.yaml"
    scenario.write_text(re.sub(r"(?m)^start: .*$", f"start: {start}", text), encoding="utf-8")
    assert main(["run", "--seed", "1", str(scenario), "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith(f"{scenario}:{line}:1: start: should be")
