"""The Chinese texts of the shipped plans, scenarios and areas carry no stray spaces, and
their English texts cite clauses as an English reader reads them.

YAML turns each line break of a plain or folded text into a space, so a Chinese sentence
wrapped over several lines in a file reads "变电站 及多条线路" on screen. Chinese puts no
space between words and none after its punctuation; the few spaces the texts mean are the
gazettes' own: a member's name before their title, and a clause number beside its heading
or its document ("附件2 三 消防救援", "三（一） 大力倡导文明祭祀", "秸秆禁烧通告 四").

An English text cites a clause the way the English faces print it (:func:`sim.clauses.in_english`:
"Annex 2, III 消防救援", "III(1)", "4.4(1)"), not in the gazette's numbering ("附件2 三", "三（一）"),
which an English reader cannot read as a number; the Chinese words it quotes stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

PLANS = Path(__file__).resolve().parent.parent / "plans"

#: A Chinese character or a full-width mark (CJK punctuation, full-width forms, “”‘’—…).
WIDE = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2014\u2018-\u201d\u2026]"
#: Sentence punctuation and closing marks after which Chinese never puts a space.
MARKS = "，、；：。！？）》」』】”’"
#: A clause number of a gazette: 四, 三（一）.
CLAUSE_NUMBER = r"[一二三四五六七八九十]+(?:（[一二三四五六七八九十]+）)?"
#: The space follows a clause number that starts the text or a reference: "四 责令…",
#: "3.1 一 把…", "附件2 三 消防救援", "（三（一） 大力倡导…".
AFTER_CLAUSE_NUMBER = re.compile(f"(?:^|[ （：]){CLAUSE_NUMBER}$")
#: The space precedes a clause of the document just named: "134号 附件1", "秸秆禁烧通告 四，".
BEFORE_CLAUSE = re.compile(r"^(?:附件\d|[一二三四五六七八九十]+(?=[ ，）]))")
#: The gazette's member list writes a name, a space, then the title: "赵立 县应急管理局局长".
NAME_AND_TITLE = re.compile(r"^[\u4e00-\u9fff]{2,3} [^ ]+$")
#: A clause cited in the gazette's numbering: an annex (附件1), or Chinese numerals standing on their
#: own, alone or with their bracketed parts (四, 三（六）, （三）, (一)). Numerals inside a run of Chinese
#: are the quoted words of a document (统一领导, 举报宣传（六）使), not a citation.
CN_NUMERAL = "[一二三四五六七八九十]+"
CN_LABEL = f"{CN_NUMERAL}(?:[（(]{CN_NUMERAL}[）)])*|[（(]{CN_NUMERAL}[）)]"
CHINESE_NUMBERING = re.compile(rf"附件\s*\d+(?:\s+{CN_NUMERAL})?|(?<!{WIDE})(?:{CN_LABEL})(?![\u3400-\u9fff])")


def texts(node, language: str, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text in ``language`` (``zh`` or ``en``) below ``node`` with the path of keys that leads to it."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == language and isinstance(value, str):
                yield path, value
            else:
                yield from texts(value, language, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, language, f"{path}[{index}]")


def stray_spaces(text: str, path: str) -> list[str]:
    """The spaces of ``text`` that Chinese does not put there, each shown in its context."""
    found = []
    for space in re.finditer(" +", text):
        before, after = text[:space.start()], text[space.end():]
        if before.endswith(tuple(MARKS)):
            # Only a clause number's closing bracket may stand before a space: "三（一） 大力…".
            if AFTER_CLAUSE_NUMBER.search(before):
                continue
        elif not (re.search(f"{WIDE}$", before) and re.match(WIDE, after)):
            continue
        elif (AFTER_CLAUSE_NUMBER.search(before) or BEFORE_CLAUSE.match(after)
              or ("headquarters" in path and NAME_AND_TITLE.match(text))):
            continue
        found.append(text[max(0, space.start() - 8):space.end() + 8])
    return found


def chinese_numbering(text: str) -> list[str]:
    """The clause numbers of an English ``text`` written as the gazette writes them, each in its context."""
    return [text[max(0, found.start() - 12):found.end() + 12] for found in CHINESE_NUMBERING.finditer(text)]


def shipped_texts(language: str = "zh") -> list[tuple[str, str, str]]:
    return [(str(file.relative_to(PLANS.parent)), path, text)
            for file in sorted(PLANS.rglob("*.yaml"))
            for path, text in texts(yaml.safe_load(file.read_text(encoding="utf-8")), language)]


def test_the_plans_directory_holds_chinese_texts_to_check():
    files = {file for file, _, _ in shipped_texts()}
    assert len(files) == len(list(PLANS.rglob("*.yaml"))) and len(shipped_texts()) > 1000


def test_no_chinese_text_of_a_plan_scenario_or_area_has_a_space_chinese_does_not_write():
    stray = [f"{file}: {path}: …{context}…" for file, path, text in shipped_texts("zh")
             for context in stray_spaces(text, path)]
    assert stray == []


@pytest.mark.parametrize(("text", "path"), [
    ("次日清晨覆冰导致县城220千伏变电站 及多条线路受损", "description"),
    ("常住人口11.53万人、 供电面积近5千平方公里", "notice"),
    ("调度拉限河西工业负荷（重大，Ⅱ级响应）； 随后陇东火电基地也停机", "description"),
    ("赵立 县应急管理局局长", "description"),
])
def test_a_space_left_by_a_wrapped_line_is_found(text, path):
    assert stray_spaces(text, path) != []


@pytest.mark.parametrize(("text", "path"), [
    ("乔建军 固阳县政府党组成员、金山产业园管理办主任", "headquarters.commander"),
    ("赵立 县应急管理局局长", "headquarters.deputies[2]"),
    ("组织救援（附件2 三 消防救援）。", "rules[0].assumption"),
    ("冰冻灾害几乎总能预报（3.1 一 把雨雪冰冻列为自然灾害之一）。", "template"),
    ("四 责令每个被发现的违法者停止违法行为。", "injects[0]"),
    ("开展宣传（三（一） 大力倡导文明祭祀），大多数", "injects[1]"),
    ("国家分级表的一般级别（国办函〔2015〕134号 附件1 四），省级预案", "levels[0]"),
    ("烧毁它会损害森林（秸秆禁烧通告 四，《森林法》第七十四条）。", "fires"),
])
def test_a_gazettes_own_space_after_a_name_or_beside_a_clause_number_is_kept(text, path):
    assert stray_spaces(text, path) == []


def test_no_english_text_of_a_plan_scenario_or_area_cites_a_clause_in_chinese_numbering():
    english = shipped_texts("en")
    assert len(english) > 1000
    cited = [f"{file}: {path}: …{context}…" for file, path, text in english
             for context in chinese_numbering(text)]
    assert cited == []


@pytest.mark.parametrize("text", [
    "a forecast of the general level's 20 % load shed (附件1 三) is read as a possible blackout.",
    "the member units' duties of 附件2.",
    "三（六） ends its list of acts with \"造成森林草原火灾的\"",
    "The national plan's 4.4 (一).",
    "Clauses III(2), （三）, (5) and (7) state no dates of their own",
    "they stand under the heading 三、防火戒严要求",
    "the county-wide straw ban (一) and the reporting campaign (VI) deter half of them.",
    "Ice storms are nearly always forecast (3.1 一 names 雨雪冰冻 among the natural disasters).",
    "Burning it damages the forest (straw notice 四, Forest Law 74).",
])
def test_a_clause_cited_in_chinese_numbering_in_an_english_text_is_found(text):
    assert chinese_numbering(text) != []


@pytest.mark.parametrize("text", [
    "At level I the headquarters decides (Annex 2, II 决定调整相应应急响应级别; 2.1 forms it only for a major blackout",
    "The fire is a secondary incident of the blackout (Annex 2, III 消防救援).",
    "the 文明祭祀 campaign (III(1) 大力倡导文明祭祀) most of them give up burning paper.",
    "Clauses III(2), (3), (5) and (7) stand under the heading III 防火戒严要求",
    "The national plan's 4.4(1); the heat is the hazard not yet cleared (5.4 (3)).",
    "(3.1 I names 雨雪冰冻 among the natural disasters); the straw ban (I) and the campaign (VI)",
    "adds 相关电力企业 on demand (可增加…相关电力企业负责同志); 一般 is the general level, 统一领导 its principle",
    "the order the notice quotes (全县秸秆禁烧令（一）和举报宣传（六）使其中一半不再烧)",
])
def test_an_english_texts_quoted_chinese_words_and_english_clause_numbers_are_not_taken_for_chinese_numbering(text):
    assert chinese_numbering(text) == []
