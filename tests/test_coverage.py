"""Clause coverage: the splitter reads any numbered document; every clause of the four
shipped documents is cited by a rule or listed as not modelled, with the reason.

The splitter is tested on small synthetic documents (both sides of its sequence rule);
the shipped plans against their gazettes when those are present (as the quote test does).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from sim.clauses import CLOSING, PREAMBLE, extent, split
from sim.cli import main
from sim.coverage import Finding, _citers, coverage, find_source, rule_label
from sim.inputs.loader import load_plan
from sim.messages import Message

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("TUIYAN_SEEDS", ROOT.parent / "shared" / "seeds"))
#: Each shipped plan and a phrase only its gazette holds.
DOCUMENTS = {
    "guyang-blackout-2023": "固阳县大面积停电事件应急预案",
    "guyang-fire-ban-2023": "关于对全县重点森林草原实施防火戒严的通告",
    "guyang-straw-burning-ban-2023": "关于禁止露天焚烧农作物秸秆的通告",
    "baotou-fireworks-ban-2024": "禁止燃放烟花爆竹、堆燃旺火",
}


def gazette(phrase: str) -> Path | None:
    for file in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        if phrase in file.read_text(encoding="utf-8"):
            return file
    return None


def labels(text: str) -> list[str]:
    return [c.label for c in split(text.splitlines())]


# ---------------------------------------------------------------- splitting


NESTED = """某某办法

为了测试，制定本办法。

一、总则

1.1 目的

本办法用于测试。

1.2 依据

（1）第一项；

（2）第二项。

二、措施

（一）第一款规定了措施，措施应当执行。

（二）第二款规定了另一措施。

1.第一目说明细节。

2.第二目说明细节。

附件 1:

分级标准

一、重大事件

减供负荷 60%以上。
"""


def test_the_splitter_reads_nested_numbering_styles_without_knowing_the_document():
    assert labels(NESTED) == [PREAMBLE, "一", "1.1", "1.2", "1.2(1)", "1.2(2)", "二", "二（一）", "二（二）",
                              "二（二）1.", "二（二）2.", "附件1", "附件1 一"]
    clauses = {c.label: c for c in split(NESTED.splitlines())}
    assert clauses["1.1"].title == "目的" and [s.text for s in clauses["1.1"].sentences] == ["本办法用于测试。"]
    assert [s.text for s in clauses["二（一）"].sentences] == ["第一款规定了措施，措施应当执行。"]
    assert clauses["附件1"].title == "分级标准" and clauses["附件1 一"].title == "重大事件"
    assert clauses[PREAMBLE].sentences[0].text == "为了测试，制定本办法。"


@pytest.mark.parametrize("line, label, is_clause", [("2.第二目。", "一2.", True), ("3.跳过一个号。", "一3.", False)])
def test_a_number_is_a_clause_only_when_it_continues_its_sequence(line, label, is_clause):
    text = "一、总则\n1.第一目。\n" + line
    assert (label in labels(text)) is is_clause


def test_a_first_number_other_than_one_is_text_not_a_clause():
    assert labels("一、附件\n附件：1. 示意图\n2. 另一示意图") == ["一"]


def test_a_bold_run_that_starts_a_clause_opens_it_even_mid_line():
    assert labels("附件 1:\n分级标准**一、重大事件**\n减供负荷 60%以上。") == ["附件1", "附件1 一"]


def test_a_percentage_or_decimal_in_a_sentence_is_not_a_clause():
    assert labels("一、总则\n0.5%的负荷。\n1.5米以内。") == ["一"]


def test_what_follows_the_last_inline_clause_is_the_closing():
    text = "一、第一条规定。\n二、本通告自发布之日起施行。\n特此通告\n某某政府\n2023年3月20日"
    clauses = split(text.splitlines())
    assert [c.label for c in clauses] == ["一", "二", CLOSING]
    assert [line.text for line in clauses[-1].lines] == ["特此通告", "某某政府", "2023年3月20日"]


def test_a_date_line_starts_the_closing_after_a_titled_clause():
    text = "一、区域\n某区域内禁止。\n2024年12月24日\n（此件公开发布）"
    assert [c.label for c in split(text.splitlines())] == ["一", CLOSING]


def test_a_sentence_broken_across_lines_is_joined():
    (clause,) = split("一、各单位要认真贯彻，执行《某法》等\n\n有关法律法规，加强巡查。".splitlines())
    assert [s.text for s in clause.sentences] == ["各单位要认真贯彻，执行《某法》等有关法律法规，加强巡查。"]


def test_the_extent_skips_a_title_repeated_in_the_table_of_contents():
    lines = ["目录", "- 3 某某通告", "", "某某通告", "一、内容。", "2023年1月1日", "其他文件"]
    assert extent(lines, "某某通告", "2023年1月1日") == (3, 5)
    assert extent(lines, "某某通告", "没有的结尾") is None


# ---------------------------------------------------------------- the shipped documents


@pytest.mark.parametrize("plan_id", sorted(DOCUMENTS))
def test_every_clause_of_each_shipped_document_is_cited_or_listed_as_not_modelled(plan_id):
    source = gazette(DOCUMENTS[plan_id])
    if source is None:
        pytest.skip("source gazettes not available (set TUIYAN_SEEDS)")
    result = coverage(load_plan(ROOT / "plans" / f"{plan_id}.yaml"), source.read_text(encoding="utf-8"))
    assert [str(f) for f in result.findings] == []
    assert result.percent == 100.0 and result.counted > 0


def test_coverage_exits_1_for_a_clause_neither_cited_nor_listed(tmp_path, capsys):
    source = gazette(DOCUMENTS["guyang-straw-burning-ban-2023"])
    if source is None:
        pytest.skip("source gazettes not available (set TUIYAN_SEEDS)")
    data = yaml.safe_load((ROOT / "plans" / "guyang-straw-burning-ban-2023.yaml").read_text(encoding="utf-8"))
    data["not_modelled"] = [e for e in data["not_modelled"] if e["clause"] != "三"]
    plan = tmp_path / "copy.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["coverage", str(plan), "--source", str(source)]) == 1
    out = capsys.readouterr().out
    assert f"{source}:317:1: 三: 既无规则引用，也未列入 not_modelled · neither cited by a rule nor listed under not_modelled" in out
    assert "✗ 三" in out and "7/8" in out
    assert main(["coverage", str(plan), "--source", str(source), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "Coverage: 7/8 clauses (87.5 %)" in out and "覆盖" not in out


def test_a_not_modelled_entry_naming_no_clause_is_a_finding_at_its_place_in_the_plan(tmp_path, capsys):
    source = gazette(DOCUMENTS["guyang-straw-burning-ban-2023"])
    if source is None:
        pytest.skip("source gazettes not available (set TUIYAN_SEEDS)")
    text = (ROOT / "plans" / "guyang-straw-burning-ban-2023.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "copy.yaml"
    plan.write_text(text.replace("  - clause: 三\n", "  - clause: 九\n"), encoding="utf-8")
    assert main(["coverage", str(plan), "--source", str(source)]) == 1
    out = capsys.readouterr().out
    assert ": not_modelled.1.clause: 文件中没有条款 '九' · the document has no clause '九'" in out


def test_coverage_json_lists_the_rules_or_the_reason_for_every_clause(capsys):
    source = gazette(DOCUMENTS["guyang-fire-ban-2023"])
    if source is None:
        pytest.skip("source gazettes not available (set TUIYAN_SEEDS)")
    assert main(["coverage", str(ROOT / "plans" / "guyang-fire-ban-2023.yaml"), "--source", str(source),
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_clause = {c["clause"]: c for c in data["clauses"]}
    assert "rules › lockdown_no_outdoor_fire" in {r["path"] for r in by_clause["三（一）"]["rules"]}
    exhortation = [s for s in by_clause["三（一）"]["sentences"] if s["not_modelled"]]
    assert exhortation[0]["not_modelled"]["reason"] == "exhortation"
    assert exhortation[0]["not_modelled"]["reason_text"] == {"zh": "倡导性表述", "en": "exhortation"}
    assert data["percent"] == 100.0 and data["findings"] == [] and data["lines"] == [251, 285]


@pytest.mark.parametrize("plan_id", sorted(DOCUMENTS))
def test_every_part_of_a_shipped_plan_that_cites_its_document_has_a_name_people_read(plan_id):
    plan = load_plan(ROOT / "plans" / f"{plan_id}.yaml")
    citers = list(_citers(plan, plan.document.source.document))
    assert citers
    for citer in citers:
        for language in ("zh", "en"):
            assert rule_label(citer, language) != citer.path, citer.path


def test_a_part_with_no_name_is_called_by_the_nearest_named_part_and_what_it_is_there():
    plan = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
    label = {c.path: (rule_label(c, "zh"), rule_label(c, "en")) for c in _citers(plan, plan.document.source.document)}
    assert label["severity_levels › major › criteria › any_of › 1"] == ("重大大面积停电事件 › 判定条件 2",
                                                                         "Major large-area blackout › Condition 2")
    assert label["reporting › decision"] == ("信息报告 › 决定启动响应", "Reporting › Decision to respond")
    assert label["reporting › hops › report.county_to_city"][0] == "固阳县人民政府 → 包头市人民政府"
    assert label["units › publicity_dept › duties › publicity_dept.opinion_guidance"][0] == "做好舆论引导工作"


def test_the_command_line_lists_a_clauses_rules_by_name_in_the_readers_language(capsys):
    source = gazette(DOCUMENTS["guyang-blackout-2023"])
    if source is None:
        pytest.skip("source gazettes not available (set TUIYAN_SEEDS)")
    assert main(["coverage", str(ROOT / "plans" / "guyang-blackout-2023.yaml"), "--source", str(source),
                 "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert " › units" not in out and "severity_levels" not in out and "report.county_to_city" not in out
    line = next(row for row in out.splitlines() if row.startswith("  ✓ 2.3 "))
    assert line == "  ✓ 2.3 现场指挥机构 — 引用：根据需要会同当地人民政府成立现场指挥部，负责现场应对处置的组织指挥工作"
    assert "      · 固阳县人民政府 → 包头市人民政府" in out.splitlines()


def test_the_gazette_found_in_a_folder_is_read_as_utf8_and_a_text_in_another_encoding_is_passed_over(tmp_path):
    plan = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
    document = f"{plan.source_text.begins}\n1 总则\n{plan.source_text.ends}\n"
    (tmp_path / "a-gbk.txt").write_bytes(document.encode("gbk"))
    (tmp_path / "b-utf8.txt").write_text(document, encoding="utf-8")
    assert find_source(plan, [tmp_path]) == tmp_path / "b-utf8.txt"
    (tmp_path / "b-utf8.txt").unlink()
    assert find_source(plan, [tmp_path]) is None


def test_a_source_that_does_not_hold_the_document_exits_2(tmp_path, capsys):
    other = tmp_path / "other.txt"
    other.write_text("一、无关的文件。\n", encoding="utf-8")
    assert main(["coverage", str(ROOT / "plans" / "guyang-fire-ban-2023.yaml"), "--source", str(other)]) == 2
    err = capsys.readouterr().err
    assert "source_text: 文本中没有该预案的文件" in err and "the text does not contain this plan's document" in err


@pytest.mark.parametrize("content", ["", "\n  \n"])
def test_an_empty_source_exits_2_saying_the_file_is_empty_not_that_the_document_is_missing(tmp_path, capsys, content):
    empty = tmp_path / "empty.txt"
    empty.write_text(content, encoding="utf-8")
    assert main(["coverage", str(ROOT / "plans" / "guyang-fire-ban-2023.yaml"), "--source", str(empty)]) == 2
    err = capsys.readouterr().err
    assert f"{empty}: 文件是空的 · the file is empty" in err and "文本中没有该预案的文件" not in err


# ---------------------------------------------------------------- any well-numbered document

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

CN = "一二三四五六七八九"


@st.composite
def documents(draw):
    """A document of 一、 chapters, each with dotted sections or （一） items, each section maybe
    with (1) items, and maybe an annex; returned with the labels it must split into."""
    lines, expected = ["某某预案", "为了测试，制定本预案。"], [PREAMBLE]
    for c in range(draw(st.integers(1, 5))):
        lines.append(f"{CN[c]}、第{CN[c]}章")
        expected.append(CN[c])
        if draw(st.booleans()):
            for s in range(draw(st.integers(0, 4))):
                lines += [f"{c + 1}.{s + 1} 第{s + 1}节", f"本节规定了第{s + 1}项事务，应当执行。"]
                expected.append(f"{c + 1}.{s + 1}")
                for i in range(draw(st.integers(0, 3))):
                    lines.append(f"({i + 1}) 第{i + 1}项要求，应当执行；")
                    expected.append(f"{c + 1}.{s + 1}({i + 1})")
        else:
            for i in range(draw(st.integers(0, 4))):
                lines.append(f"（{CN[i]}）第{CN[i]}款规定了某项措施，应当执行。")
                expected.append(f"{CN[c]}（{CN[i]}）")
    if draw(st.booleans()):
        lines += ["附件 1:", "分级标准", "一、重大", "减供负荷 60%以上。"]
        expected += ["附件1", "附件1 一"]
    return "\n\n".join(lines), expected


@settings(max_examples=60, deadline=None)
@given(documents())
def test_any_well_numbered_document_splits_into_exactly_its_clauses(document):
    text, expected = document
    found = labels(text)
    assert found == expected
    assert len(set(found)) == len(found)


def test_an_entry_for_a_clause_a_rule_now_cites_is_marked_stale_not_failed(tmp_path, capsys):
    source = gazette(DOCUMENTS["guyang-fire-ban-2023"])
    if source is None:
        pytest.skip("source gazettes not available (set TUIYAN_SEEDS)")
    data = yaml.safe_load((ROOT / "plans" / "guyang-fire-ban-2023.yaml").read_text(encoding="utf-8"))
    data["not_modelled"].append({"clause": "三（二）", "reason": "exhortation",
                                 "note": {"zh": "过时的条目", "en": "a stale entry"}})
    plan = tmp_path / "copy.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["coverage", str(plan), "--source", str(source)]) == 0
    assert "the entry is stale" in capsys.readouterr().out
    result = coverage(load_plan(plan, require_stem=False), source.read_text(encoding="utf-8"))
    (clause,) = [c for c in result.to_dict()["clauses"] if c["clause"] == "三（二）"]
    assert clause["status"] == "cited" and clause["stale_not_modelled"] is True


@pytest.mark.parametrize("language, where", [("zh", "5.4（第 12 行）: "), ("en", "5.4 (line 12): "),
                                             ("both", "5.4（第 12 行）: ")])
def test_a_clause_nothing_accounts_for_says_its_line_in_the_readers_language(language, where):
    finding = Finding(Message("coverage.unaccounted"), "5.4", 12)
    assert finding.text(language).startswith(where)
    assert "line" not in finding.text("zh")


def test_a_citation_whose_quote_and_clause_the_text_holds_nowhere_is_a_finding_naming_the_rule_not_full_coverage(
        tmp_path, capsys):
    """A plan that does not say where its document lies is read against the whole text: a text
    without its clauses used to read as 0/0 clauses, 100 %, exit 0."""
    plan_file = ROOT / "plans" / "examples" / "national-blackout-2015.yaml"
    plan = load_plan(plan_file, require_stem=False)
    assert plan.source_text is None
    other = tmp_path / "other.txt"
    other.write_text("一、无关的文件。\n", encoding="utf-8")
    assert main(["coverage", str(plan_file), "--source", str(other), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f"{other}: Power repair crews cites '电力企业应建立健全电力抢修应急专业队伍' of 6.1, but the text holds neither" in out
    assert coverage(plan, "一、无关的文件。\n", "other.txt").findings
