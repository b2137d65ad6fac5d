"""A YAML syntax error reads in the reader's language, at its line and column, and an
error repeats at most the first characters of a value from the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.errors import ECHO_CHARS, InputError, echoed
from sim.inputs.loader import load_plan_text
from sim.inputs.yaml_source import parse
from sim.inputs.yaml_words import syntax_detail, value_reason


def problem(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse(text, "a.yaml")
    return caught.value


def test_an_unclosed_brace_reads_in_chinese_and_in_english_at_its_position():
    error = problem("{{")
    assert error.render("zh") == "a.yaml:1:3: YAML 语法错误：读取花括号或方括号中的值时：这里应有一个值，却遇到了文件结尾"
    assert error.render("en") == ("a.yaml:1:3: YAML syntax error: reading a value in braces or brackets: "
                                  "a value was expected here, but found the end of the file")


def test_a_line_starting_with_a_tab_says_to_indent_with_spaces():
    error = problem("\tid: x\n")
    assert error.render("zh") == ("a.yaml:1:1: YAML 语法错误：读取下一个记号时："
                                  "这里有一个制表符（Tab）：YAML 不能用制表符缩进，请改用空格")
    assert error.render("en") == ("a.yaml:1:1: YAML syntax error: reading the next token: "
                                  "there is a tab here: YAML cannot indent with tabs; use spaces")


@pytest.mark.parametrize(("text", "where", "zh", "en"), [
    ("a: b: c\n", "1:5", "这里不能出现“键: 值”", "a 'key: value' is not allowed here"),
    ("a: b\nc\n", "3:1", "读取一个键时：找不到应有的冒号“:”", "reading a key: the expected ':' is missing"),
    ('a: "abc\n', "2:1", "读取带引号的文字时：文件在此意外结束：引号没有闭合",
     "reading a quoted text: the file ends here unexpectedly: a quote is not closed"),
    ("a: *nope\n", "1:4", "未定义的别名 'nope'：前面没有用 & 定义这个锚点", "undefined alias 'nope'"),
    ("a: [b\n", "2:1", "读取方括号列表 [ … ] 时：应为逗号“,”或右方括号“]”，却遇到了文件结尾",
     "expected ',' or ']', but found the end of the file"),
    ("a: {b: c d: e}\n", "1:11", "应为逗号“,”或右花括号“}”，却遇到了“:”", "expected ',' or '}', but found ':'"),
    ("a:\n  - b\n c: d\n", "3:2", "这一段应在此结束（缩进是否对齐？），却遇到了新的“键: 值”",
     "this block should end here (is the indentation aligned?), but found a new 'key: value'"),
    ("a: 1\n---\nb: 2\n", "2:1", "一个文件只能有一个文档：这里又开始了另一个文档",
     "a file holds a single document: another document starts here"),
    ("a: &x 1\nb: &x 2\n", "2:4", "锚点 'x' 定义了两次：这里是第二次", "the anchor 'x' is defined twice"),
    ('a: "\\q"\n', "1:6", "未知的转义字符 'q'", "unknown escape character 'q'"),
    ("%YAML 2.0\n---\na: 1\n", "1:1", "不支持的 YAML 版本（应为 1.x）", "an unsupported YAML version"),
    ("a: |0\n  x\n", "1:5", "缩进指示应为 1 到 9，却是 0", "an indentation indicator is 1 to 9, not 0"),
])
def test_each_syntax_error_pyyaml_gives_reads_in_both_languages(text, where, zh, en):
    error = problem(text)
    assert error.render("zh").startswith(f"a.yaml:{where}: YAML 语法错误：") and zh in error.render("zh")
    assert error.render("en").startswith(f"a.yaml:{where}: YAML syntax error: ") and en in error.render("en")
    chinese = error.render("zh").removeprefix(f"a.yaml:{where}: ")
    words = set(re.findall(r"[A-Za-z]{2,}", re.sub(r"'[^']*'", "", chinese)))  # a quoted value is the file's own
    assert words <= {"YAML", "Tab"}, chinese


def test_a_sentence_pyyaml_adds_later_still_shows_after_the_parser_says():
    detail = syntax_detail("while reading something new", "found a novelty")
    assert detail.zh == "解析器报告：while reading something new：解析器报告：found a novelty"
    assert detail.en == "the parser says: while reading something new: the parser says: found a novelty"
    known_context = syntax_detail("while parsing a flow mapping", "found a novelty")
    assert known_context.zh == "读取花括号映射 { … } 时：解析器报告：found a novelty"


def test_a_value_is_echoed_up_to_forty_characters_then_an_ellipsis():
    assert echoed("short") == "'short'"
    assert echoed("x" * 100) == "'" + "x" * (ECHO_CHARS - 1) + "…"
    assert echoed("y" * ECHO_CHARS, quoted=False) == "y" * ECHO_CHARS


def test_a_two_hundred_thousand_character_value_is_not_repeated_in_the_error():
    plan = "id: p\nkind: response_plan\ntitle: " + "9x" * 100_000 + "\n"
    with pytest.raises(InputError) as caught:
        load_plan_text(plan.replace("title: ", "bounds: "), "p.yaml")
    for language in ("zh", "en"):
        shown = caught.value.render(language)
        assert "9x" * 30 not in shown and "9x9x9x" in shown and "…" in shown, shown[:300]
        assert len(shown) < 3000


def test_a_long_duplicate_key_and_an_unreadable_long_value_are_shortened():
    key = "k" * 500
    error = problem(f"{key}: 1\n{key}: 2\n")
    assert error.render("zh") == f"a.yaml:2:1: {'k' * ECHO_CHARS}…: 重复的键 '{'k' * (ECHO_CHARS - 1)}…（第一次定义在第 1 行）"
    error = problem("a: !!int " + "z" * 5000 + "\n")
    assert len(error.render("en")) < 400 and "…" in error.render("en")


def test_a_reason_a_value_cannot_be_read_that_is_not_in_the_catalogue_still_shows():
    reason = value_reason("a constructor's new complaint")
    assert reason.zh == "解析器报告：a constructor's new complaint"
    assert reason.en == "the parser says: a constructor's new complaint"


def test_a_long_unknown_tag_is_shortened_like_any_value_from_the_file():
    error = problem("a: !" + "t" * 300 + " x\n")
    assert error.render("zh") == f"a.yaml:1:4: a: 无法读取值 'x'：未知的标签 '!{'t' * (ECHO_CHARS - 2)}…"


FIRE_BAN = Path(__file__).resolve().parent.parent / "plans" / "guyang-fire-ban-2023.yaml"


def typed_with_full_width_colon(old: str, new: str) -> tuple[str, int]:
    """The fire-ban plan with one line typed as a Chinese input method types it, and that line."""
    text = FIRE_BAN.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new), text[: text.index(old) + 1].count("\n") + 1  # old begins with the line break before its line


def load_refused(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        load_plan_text(text, "guyang-fire-ban-2023.yaml")
    return caught.value


@pytest.mark.parametrize(("old", "new", "key", "col"), [
    ("\nid: guyang-fire-ban-2023\n", "\nid： guyang-fire-ban-2023\n", "id", 3),  # the parser stops on the next line
    ("\n  zh: 固阳县人民政府关于对全县", "\n  zh：固阳县人民政府关于对全县", "zh", 5),  # within a mapping, no space after
    ("\nkind: ban_notice\n", "\nkind：ban_notice\n", "kind", 5),
])
def test_a_key_typed_with_a_full_width_colon_is_pointed_at_and_told_to_use_the_half_width_one(old, new, key, col):
    text, line = typed_with_full_width_colon(old, new)
    (problem,) = load_refused(text).problems
    assert (problem.line, problem.col, problem.path) == (line, col, "")
    assert problem.render("zh").endswith(
        f"YAML 语法错误：“{key}”后面是全角冒号“：”，YAML 不把它读作“键: 值”：键后的冒号须为半角“:”（写作“{key}: ”）")
    assert problem.render("en").endswith(
        f"YAML syntax error: '{key}' is followed by the full-width colon '：', which YAML does not read as "
        f"'key: value': a key's colon must be the half-width ':' (write '{key}: ')")


def test_a_key_typed_with_a_full_width_colon_that_reads_as_a_text_is_pointed_at_where_validation_refuses_it():
    text = FIRE_BAN.read_text(encoding="utf-8")
    start = text.index("\ntitle:\n") + 1
    end = text.index("\n", text.index("  en:", start)) + 1
    edited = text[:start] + "title:\n  zh： 固阳县防火戒严通告\n" + text[end:]  # title: the text "zh： 固阳县…"
    (problem,) = load_refused(edited).problems
    line = edited[:start].count("\n") + 2
    assert (problem.line, problem.col, problem.path) == (line, 5, "title")
    assert "“zh”后面是全角冒号“：”" in problem.render("zh")
    assert "'zh' is followed by the full-width colon '：'" in problem.render("en")


@pytest.mark.parametrize(("text", "where"), [
    ("a: 说明：见下\nb: c: d\n", "2:5"),  # a full-width colon inside a value is text, not the error's cause
    ("a: b\nc: d\nnote: 1\ne: f: g\n", "4:5"),
])
def test_a_syntax_error_near_a_full_width_colon_that_is_no_key_s_keeps_the_parser_s_words(text, where):
    error = problem(text)
    assert error.render("en").startswith(f"a.yaml:{where}: YAML syntax error: a 'key: value' is not allowed here")
    assert "：' " not in error.render("en")


def test_a_full_width_colon_in_a_valid_text_is_no_problem():
    assert parse("a: 说明：见下\nb: |\n  Note：kept as written\n", "a.yaml")[0] == {
        "a": "说明：见下", "b": "Note：kept as written\n"}
