"""The catalogue: every text exists in both languages, is used, and formats the same way in each."""

from __future__ import annotations

import ast
import pickle
import re
import string
from pathlib import Path

from sim import messages
from sim.messages import MESSAGES, Message, render, section, text
from sim.plan.common import Text
from sim.ui.i18n import bi, pair, pick, tr

SIM = Path(__file__).resolve().parent.parent / "sim"
#: Catalogue sections a module reads as its own table (key without the prefix).
TABLES = {"event.": "event_text.py", "report.": "report.py", "drill.": "drills/views.py", "drill_page.": "ui/drill_pages.py",
          "drill_action.": "drills/actions.py", "drill_report.": "drills/report.py",
          "drill_status.": "drills/report.py", "drill_script.": "drills/script.py", "msel.column.": "drills/msel_xlsx.py",
          "drill_grade.": "drills/findings.py", "drill_attribution.": "drills/findings.py",
          "drill_improvement_status.": "drills/improvement.py", "drill_rating.": "drills/objectives.py",
          "drill_advice.": "drills/evaluate.py", "unmet.": "event_text.py"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _quoted(word: str, source: str) -> bool:
    return f'"{word}"' in source or f"'{word}'" in source


def test_every_message_has_both_languages_with_the_same_placeholders():
    for key, (zh, en) in MESSAGES.items():
        assert zh.strip() and en.strip(), key
        assert _fields(zh) == _fields(en), key


def test_every_message_is_used_somewhere_in_the_product():
    sources = {p.relative_to(SIM).as_posix(): p.read_text(encoding="utf-8") for p in SIM.rglob("*.py")
               if p.name != "messages.py"}
    catalogue = (SIM / "messages.py").read_text(encoding="utf-8")
    sources["messages.py"] = catalogue[catalogue.index("\n}\n"):]  # the catalogue's own functions, not its table
    everything = "\n".join(sources.values())
    # keys built at run time: f"walk.{status}", f"walk.warning.{state}", f"measure.{measure}"
    dynamic = set(re.findall(r'f["\']([a-z_.]+\.)\{', everything))
    # ... and tables read whole from the catalogue: section("clause_part.")
    dynamic |= set(re.findall(r'section\(["\']([a-z_.]+\.)["\']\)', everything))

    def used(key: str) -> bool:
        if _quoted(key, everything) or any(key.startswith(p) for p in dynamic):
            return True
        prefix = next((p for p in TABLES if key.startswith(p)), None)
        return prefix is not None and _quoted(key[len(prefix):], sources[TABLES[prefix]] + everything)

    assert sorted(k for k in MESSAGES if not used(k)) == []


def test_translate_and_bilingual_text():
    assert tr("nav.plans", "zh") == "预案" and tr("nav.plans", "en") == "Plans"
    assert tr("whatif.means", "en", n=3) == "Means over 3 paired replications"
    text_ = Text(zh="指挥部", en="Headquarters")
    assert pair(text_, "zh") == ("指挥部", "Headquarters")
    assert pair({"zh": "指挥部", "en": "Headquarters"}, "en") == ("Headquarters", "指挥部")
    assert bi(text_, "en") == "Headquarters · 指挥部"
    assert bi(Text(zh="12119", en="12119"), "zh") == "12119"
    assert pick(text_, "zh") == "指挥部" and pair(None, "zh") == ("", "")


def test_the_one_pick_reads_the_other_language_where_the_chosen_one_is_missing():
    assert [pick({"zh": "指挥部"}, "en"), pick({"en": "Headquarters"}, "zh"), pick({"zh": "", "en": "HQ"}, "zh")] == [
        "指挥部", "Headquarters", "HQ"]
    assert [pick(Text(zh="指挥部", en="Headquarters"), language) for language in ("zh", "en")] == ["指挥部", "Headquarters"]
    assert pick(Message("nav.plans"), "zh") == "预案"  # a message in the reader's language, not its English
    assert [pick("12119", "en"), pick(None, "zh"), pick({}, "zh")] == ["12119", "", ""]
    assert pair({"zh": "指挥部"}, "en") == ("指挥部", "指挥部") and bi({"zh": "指挥部"}, "en") == "指挥部"


def test_every_face_picks_a_language_with_the_catalogues_pick_and_defines_none_of_its_own():
    own = sorted(p.relative_to(SIM).as_posix() for p in SIM.rglob("*.py")
                 if re.search(r"^def _?pick\(", p.read_text(encoding="utf-8"), re.M))
    assert own == ["messages.py"] and pick is messages.pick

#: The names a language a reader chose goes by in the sources (``language``, ``lang``,
#: ``self.language``, ``Words.in_line``).
LANGUAGE_NAMES = {"language", "lang", "in_line"}


def _a_language(node: ast.AST) -> bool:
    return ((isinstance(node, ast.Name) and node.id in LANGUAGE_NAMES)
            or (isinstance(node, ast.Attribute) and node.attr in LANGUAGE_NAMES))


def _a_pair(node: ast.AST) -> bool:
    """A dict written out as ``{"zh": …, "en": …}``."""
    return (isinstance(node, ast.Dict) and len(node.keys) == 2
            and {getattr(k, "value", None) for k in node.keys} == {"zh", "en"})


def own_language_readers(source: str) -> list[int]:
    """Lines that read one language of a bilingual text without :func:`sim.messages.pick`:
    ``getattr(text, language)``, or a pair written out to choose from
    (``{"zh": zh, "en": en}.get(language, …)``, ``{…}[language]``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                and len(node.args) >= 2 and _a_language(node.args[1])):
            found.append(node.lineno)
        elif isinstance(node, ast.Subscript) and _a_pair(node.value):
            found.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _a_pair(node.func.value):
            found.append(node.lineno)
    return found


def hand_made_pairs(source: str) -> list[int]:
    """Lines that copy a bilingual text into a ``{zh, en}`` dict by hand (``{"zh": t.zh,
    "en": t.en}``) instead of :func:`sim.messages.bilingual`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if _a_pair(node) and all(isinstance(v, ast.Attribute) for v in node.values):
            fields = {k.value: v for k, v in zip(node.keys, node.values)}
            if (fields["zh"].attr, fields["en"].attr) == ("zh", "en") and ast.dump(fields["zh"].value) == ast.dump(
                    fields["en"].value):
                found.append(node.lineno)
    return found


def test_no_module_but_the_catalogue_reads_one_language_of_a_bilingual_text_its_own_way():
    own = {p.relative_to(SIM).as_posix(): lines for p in sorted(SIM.rglob("*.py")) if p.name != "messages.py"
           if (lines := own_language_readers(p.read_text(encoding="utf-8")))}
    assert own == {}


def test_no_module_but_the_catalogue_copies_a_bilingual_text_into_a_pair_by_hand():
    own = {p.relative_to(SIM).as_posix(): lines for p in sorted(SIM.rglob("*.py")) if p.name != "messages.py"
           if (lines := hand_made_pairs(p.read_text(encoding="utf-8")))}
    assert own == {}


def test_the_checks_for_own_readers_and_hand_made_pairs_see_what_they_look_for():
    assert own_language_readers("a = getattr(name, language)\nb = {'zh': zh, 'en': en}.get(self.language, zh)\n"
                                "c = {'zh': x, 'en': y}[lang]\nd = pick(name, language)\n") == [1, 2, 3]
    assert hand_made_pairs("a = {'zh': t.name.zh, 'en': t.name.en}\nb = {'zh': t.zh, 'en': u.en}\n"
                           "c = bilingual(t)\n") == [1]


def test_both_languages_read_chinese_first_and_once_where_they_read_the_same():
    name = Text(zh="指挥部", en="Headquarters")
    assert [messages.shown(name, language) for language in ("zh", "en", "both")] == [
        "指挥部", "Headquarters", "指挥部 · Headquarters"]
    assert messages.shown({"zh": "12119", "en": "12119"}, "both") == "12119"
    assert messages.shown({"zh": "指挥部"}, "both", " ") == "指挥部"  # the one language given, not "指挥部 指挥部"
    assert messages.shown(Message("nav.plans"), "both", " / ") == "预案 / Plans"
    assert [messages.read_in(language) for language in ("zh", "en", "both")] == [("zh",), ("en",), ("zh", "en")]


def test_a_bilingual_text_of_any_kind_becomes_the_same_plain_pair():
    pair_ = {"zh": "指挥部", "en": "Headquarters"}
    assert messages.bilingual(Text(**pair_)) == messages.bilingual(pair_) == pair_
    assert type(messages.bilingual(Text(**pair_))) is dict
    assert messages.bilingual(Message("nav.plans")) == {"zh": "预案", "en": "Plans"}
    assert messages.bilingual({"zh": "指挥部"}) == {"zh": "指挥部", "en": "指挥部"}


def test_a_list_of_valid_values_names_a_value_named_in_one_language_in_the_other_rather_than_by_its_id():
    assert messages.typed([("hq", {"zh": "指挥部"})])["en"] == "指挥部 (typed as hq)"
    assert messages.typed([("hq", None)]) == {"zh": "hq", "en": "hq"}


def test_none_and_no_response_each_have_one_entry_in_the_catalogue_that_every_face_uses():
    keys: dict[tuple[str, str], list[str]] = {}
    for key, words in MESSAGES.items():
        keys.setdefault(words, []).append(key)
    assert keys[("无", "none")] == ["common.none"]
    assert keys[("未启动响应", "no response")] == ["common.no_response"]


#: Wordings that stand under more than one key, each because the keys name different things.
SAME_WORDS_ON_PURPOSE = {
    # a table by id names each id itself: "report" is a kind of log entry (kind.) and an
    # action a drill's participant takes (drill_action.)
    ("信息报告", "Report"): ["kind.report", "drill_action.report"],
    # the parts of a plan, looked up by part: a response plan's criteria and a ban's check
    ("判定条件", "Condition"): ["part.criteria", "part.check"],
    # the Plans page's name in the menu, and the plans a run used in its report
    ("预案", "Plans"): ["nav.plans", "report.plans"],
    # a unit that acts (an organisation), and the unit a figure is measured in (MW, %)
    ("单位", "Unit"): ["common.unit", "plans.metric_unit"],
}


def test_each_wording_stands_under_one_key_unless_the_keys_name_different_things():
    keys: dict[tuple[str, str], list[str]] = {}
    for key, words in MESSAGES.items():
        keys.setdefault(words, []).append(key)
    assert {words: found for words, found in keys.items() if len(found) > 1} == SAME_WORDS_ON_PURPOSE


#: A level's name as a message takes it; a plan names its levels whole (Ⅱ级应急响应 /
#: Level II response, or 橙色 / Orange), so no wording says "level" again right before one.
_LEVEL = r"\{(?:level|levels|severity|above|other)\}"


def test_no_wording_says_level_right_before_a_level_s_own_name_in_either_language():
    doubled = {key for key, (zh, en) in MESSAGES.items()
               if re.search(r"级别?" + _LEVEL, zh) or re.search(r"\b[Ll]evels? " + _LEVEL, en)}
    assert sorted(doubled) == []


def test_a_face_names_a_shared_word_by_its_whole_key_and_its_own_words_by_their_short_key():
    from sim.drills import report, script, views
    from sim.report import label

    assert [label("common.clause", "en"), report.label("common.clause", "zh"), script.label("msel.column.sender", "en"),
            views.label("drill.due", "zh")] == ["Clause", "条款", "Sender", "应办时间"]
    assert label("hours", "en") == text("report.hours", "en")


def test_a_message_is_its_english_text_and_knows_its_chinese():
    message = Message("run.upload_ok", plan="p")
    assert message == "Using the uploaded plan “p” in place of the library's own."
    assert message.in_language("zh") == "已使用上传的预案《p》替换原预案。"
    assert render(message, "both") == f"{message.zh} · {message.en}"
    assert pickle.loads(pickle.dumps(message)).zh == message.zh


def test_a_module_table_is_a_section_of_the_catalogue():
    assert section("event.")["repaired"] == MESSAGES["event.repaired"]
    assert text("drill_status.late", "zh") == "迟办"


def test_each_page_is_titled_with_the_label_its_menu_entry_shows_in_either_language(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from sim.drills import db
    from sim.ui.shell import PAGES

    monkeypatch.setenv(db.URL_ENV, f"sqlite:///{tmp_path / 'empty.sqlite'}")  # the drill pages open with no drill
    for script, _, label, _ in PAGES:
        for language in ("zh", "en"):
            at = AppTest.from_file(str(SIM.parent / "app.py"), default_timeout=120)
            at.query_params["lang"] = language
            at.run()
            at.switch_page(f"sim/ui/pages/{script}")
            at.run()
            assert not at.exception and at.title[0].value == text(label, language), (script, language)


def test_a_list_of_names_that_hold_commas_is_joined_with_semicolons_in_english_and_with_enumeration_commas_in_chinese():
    from sim.messages import joined, listed

    assert joined(["Barbecue", "Bonfire party"], "en") == "Barbecue, Bonfire party"
    held = ["Baiyangou, Daqingshan National Nature Reserve", "Ma'anshan, Daqingshan National Nature Reserve"]
    assert joined(held, "en") == "Baiyangou, Daqingshan National Nature Reserve; Ma'anshan, Daqingshan National Nature Reserve"
    assert joined(["城北一回（医院、政府）", "城南二回（居民、学校）"], "zh") == "城北一回（医院、政府）、城南二回（居民、学校）"
    assert listed([{"zh": "甲", "en": held[0]}, {"zh": "乙", "en": "Qin wall"}])["en"] == f"{held[0]}; Qin wall"


#: The calls that take a whole catalogue key, or (the faces' label functions) a whole key when
#: it has a dot: a dotted key given to any of them must be in the catalogue.
_KEYED_CALLS = {"Message", "message", "t", "tr", "bi", "label", "L", "own", "shown"}
_DOTTED_KEY = re.compile(r"[a-z_]+(\.[a-z0-9_]+)+")


def test_every_dotted_key_a_face_names_by_its_letters_is_in_the_catalogue():
    missing = []
    for path in SIM.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            key = node.args[0].value
            if name in _KEYED_CALLS and isinstance(key, str) and _DOTTED_KEY.fullmatch(key) and key not in MESSAGES:
                missing.append(f"{path.relative_to(SIM)}:{node.lineno}: {key}")
    assert missing == []


def test_a_word_marked_with_its_count_reads_singular_for_one_and_plural_for_none_and_many():
    template = "{n} {n:file|files} valid"
    assert [messages.filled(template, {"n": n}) for n in (0, 1, 2)] == ["0 files valid", "1 file valid", "2 files valid"]
    assert messages.filled(template, {"n": "1"}) == "1 file valid"  # a count given as it is written
    assert messages.filled(template, {"n": 1.5}) == "1.5 files valid"
    assert messages.filled("{m:g} {m:hour|hours}, {x:,.0f}", {"m": 1.0, "x": 1234.5}) == "1 hour, 1,234"


def test_an_english_count_agrees_with_its_word_while_the_chinese_reads_as_before():
    english = {n: text("cli.files_valid", "en", n=n) for n in (0, 1, 2)}
    assert english == {0: "0 files valid", 1: "1 file valid", 2: "2 files valid"}
    assert [text("cli.files_valid", "zh", n=n) for n in (0, 1, 2)] == ["0 个文件有效", "1 个文件有效", "2 个文件有效"]
    assert text("cli.files_valid", "both", n=1) == "1 个文件有效 · 1 file valid"

    def script(n: int) -> Message:
        return Message("drill_cli.script_written", out="s.xlsx", injects=n, rows=n, objectives=n)

    assert [script(n).en for n in (0, 1, 2)] == [
        "drill script written to s.xlsx: 0 injects, 0 rows, 0 objectives",
        "drill script written to s.xlsx: 1 inject, 1 row, 1 objective",
        "drill script written to s.xlsx: 2 injects, 2 rows, 2 objectives"]
    assert [script(n).zh for n in (0, 1, 2)] == [f"演练脚本已写入 s.xlsx：情景注入 {n} 条，{n} 行，目标 {n} 项" for n in (0, 1, 2)]
    assert Message("drill_cli.script_written", out="s.xlsx", injects=1, rows=2, objectives=0).en == (
        "drill script written to s.xlsx: 1 inject, 2 rows, 0 objectives")  # each word agrees with its own count
    assert [text("drill_page.new_count", "en", n=n) for n in (0, 1, 2)] == [
        "0 new messages, marked in yellow", "1 new message, marked in yellow", "2 new messages, marked in yellow"]
    assert pickle.loads(pickle.dumps(Message("cli.plans_clean", n=1))).en == "1 plan clean"


def test_a_sweep_a_comparison_a_units_duties_and_a_players_actions_read_singular_for_one_and_plural_for_two():
    def en(key: str, **values) -> list[str]:
        return [text(key, "en", **{name: n if value is None else value for name, value in values.items()})
                for n in (1, 2)]

    assert en("sweep.written", n=None, seed=3, out="r.csv") == ["1 replication (seed 3) → r.csv",
                                                                 "2 replications (seed 3) → r.csv"]
    assert en("compare.run", scenario="S", n=None, seed=1) == [
        "S: 1 replication, seed 1, common random numbers", "S: 2 replications, seed 1, common random numbers"]
    assert en("plans.n_duties", n=None) == ["1 duty", "2 duties"]
    assert en("drill_eval.all_on_time", who="Ann", n=None) == ["Ann: 1 of 1 action on time, as the plan asks",
                                                               "Ann: 2 of 2 actions on time, as the plan asks"]
    assert en("drill_eval.some_on_time", who="Ann", n=0, count=None) == ["Ann: 0 of 1 action on time",
                                                                         "Ann: 0 of 2 actions on time"]
    assert text("sweep.interrupted_stdout", "en", done=1, n=2).startswith(
        "interrupted: the output holds the first 1 row of 2 replications only")


def test_no_english_text_leaves_a_plural_to_the_reader_and_no_chinese_text_marks_one():
    """"file(s)" is what a count reads like without the catalogue's ``{n:file|files}``;
    Chinese counts with a measure word, never with a plural."""
    assert [key for key, (_, en) in MESSAGES.items() if re.search(r"\w\((s|es)\)", en)] == []
    assert [key for key, (zh, _) in MESSAGES.items()
            if any(spec and "|" in spec for _, _, spec, _ in string.Formatter().parse(zh))] == []
