"""The catalogue: every text exists in both languages, is used, and formats the same way in each."""

from __future__ import annotations

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

def test_a_message_is_its_english_text_and_knows_its_chinese():
    message = Message("run.upload_ok", plan="p")
    assert message == "Using the uploaded plan “p” in place of the shipped one."
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
