"""Labels: every one exists in both languages, is used, and formats the same way in each."""

from __future__ import annotations

import re
import string
from pathlib import Path

from sim.plan.common import Text
from sim.ui.i18n import STRINGS, bi, pair, pick, tr

UI = Path(__file__).resolve().parent.parent / "sim" / "ui"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_label_has_both_languages_with_the_same_placeholders():
    for key, (zh, en) in STRINGS.items():
        assert zh.strip() and en.strip(), key
        assert _fields(zh) == _fields(en), key


def test_every_label_is_used_by_the_app():
    source = "\n".join(p.read_text(encoding="utf-8") for p in UI.rglob("*.py") if p.name != "i18n.py")
    # keys built at run time: f"walk.{status}", f"walk.warning.{state}", f"whatif.{measure}"
    dynamic = set(re.findall(r'f"([a-z_.]+\.)\{', source))
    used = [k for k in STRINGS if f'"{k}"' in source or f"'{k}'" in source or any(k.startswith(p) for p in dynamic)]
    unused = sorted(set(STRINGS) - set(used))
    assert unused == []


def test_translate_and_bilingual_text():
    assert tr("nav.plans", "zh") == "预案" and tr("nav.plans", "en") == "Plans"
    assert tr("whatif.means", "en", n=3) == "Means over 3 paired replications"
    text = Text(zh="指挥部", en="Headquarters")
    assert pair(text, "zh") == ("指挥部", "Headquarters")
    assert pair({"zh": "指挥部", "en": "Headquarters"}, "en") == ("Headquarters", "指挥部")
    assert bi(text, "en") == "Headquarters · 指挥部"
    assert bi(Text(zh="12119", en="12119"), "zh") == "12119"
    assert pick(text, "zh") == "指挥部" and pair(None, "zh") == ("", "")
