"""The What-if page offers every threshold a plan states: a flood plan's onset and termination.

Another county's flood plan (``flood_fixtures``) says in its own figures when its incident
begins (25 mm of rain in 24 hours) and when its response may end (the rain back under 25 mm).
Both are numbers of the form, named by what they are, checked by the loader as the severity
bands are, and compared as any edit is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from app_pages import whatif_page
from flood_fixtures import ONSET_MM, PLAN, RAIN, flood_plan, folder
from sim.inputs.layout import LIBRARY_ENV
from sim.messages import text
from sim.ui.runs import parse_plan
from sim.ui.widgets import markdown_plain
from sim.ui.yaml_edit import set_scalars

ONSET = f"whatif.f.{PLAN}.onset.criteria.min"
TERMINATION = f"whatif.f.{PLAN}.termination.conditions.0.check.max"


@pytest.fixture
def flood_library(monkeypatch, tmp_path) -> Path:
    folder(tmp_path, [(2, 120), (30, 10)])
    monkeypatch.setenv(LIBRARY_ENV, str(tmp_path))
    return tmp_path


def apply(at: AppTest) -> None:
    next(b for b in at.button if b.label == text("whatif.apply", at.session_state["lang"])).click().run()
    assert not at.exception


def rainfall(language: str) -> str:
    """The rainfall as a label names it: the plan's name, its unit in the reader's brackets."""
    return RAIN["name"][language] + text("common.aside", language, text=RAIN["unit"])


def onset_label(language: str) -> str:
    return f"{text('whatif.onset', language)} · {rainfall(language)} · {text('whatif.min', language)}"


def changed_numbers(at: AppTest, language: str) -> str:
    return next(m.value for m in at.markdown if m.value.startswith(text("whatif.changed_numbers", language)))


def test_the_onset_threshold_edited_on_the_form_is_named_by_its_label_in_both_languages_and_compared(flood_library):
    at = whatif_page(PLAN)
    assert at.number_input(key=ONSET).label == onset_label("zh") and at.number_input(key=ONSET).value == ONSET_MM
    at.number_input(key=ONSET).set_value(ONSET_MM + 15)
    apply(at)
    assert not at.error
    assert f"- {onset_label('zh')}：{ONSET_MM} → {ONSET_MM + 15}" in changed_numbers(at, "zh")
    assert f"+    min: {ONSET_MM + 15}" in at.code[0].value
    at.selectbox(key="whatif.scenario").set_value("flood")
    at.number_input(key="whatif.n").set_value(2)
    at.button(key="whatif.go").click().run()
    assert not at.exception and at.session_state["whatif.compare"]["report"]["measures"]
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.number_input(key=ONSET).label == onset_label("en")
    assert f"- {onset_label('en')}: {ONSET_MM} → {ONSET_MM + 15}" in changed_numbers(at, "en")


def test_a_termination_threshold_the_loader_refuses_is_said_under_its_field_and_one_it_takes_is_applied(flood_library):
    """A rainfall can be no less than 0 mm (its range): -1 as the end's upper bound is refused
    under the field, named by its label, and nothing is applied; 0 is taken."""
    at = whatif_page(PLAN)
    label = at.number_input(key=TERMINATION).label
    eases = flood_plan()["termination"]["conditions"][0]["text"]["zh"]
    assert label == f"{text('whatif.termination', 'zh')} · {eases} · {rainfall('zh')} · {text('whatif.max', 'zh')}"
    at.number_input(key=TERMINATION).set_value(-1.0)
    apply(at)
    errors = [e.value for e in at.error]
    assert errors[0].startswith(f"{label}：") and "termination" not in errors[0]
    assert errors[1:] == [text("whatif.refused", "zh", n=1)]
    assert not at.code
    at.number_input(key=TERMINATION).set_value(0.0)
    apply(at)
    assert not at.error
    assert f"- {label}：{ONSET_MM} → 0" in changed_numbers(at, "zh")


@pytest.fixture
def held_library(flood_library) -> Path:
    """The flood plan whose response may end once the rain has stayed under its bound for six hours."""
    path = flood_library / f"{PLAN}.yaml"
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    condition = plan["termination"]["conditions"][0]
    condition["check"] = {"held": condition["check"], "for_h": 6}
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return flood_library


def test_how_long_a_termination_condition_must_hold_is_a_number_of_the_form_refused_at_zero_and_taken_above(held_library):
    """A condition held for a while (持续…以上) has two numbers: the rainfall's bound inside it
    and the hours it must hold, which the loader takes above 0 only."""
    at = whatif_page(PLAN)
    inside = at.number_input(key=f"whatif.f.{PLAN}.termination.conditions.0.check.held.max")
    assert inside.value == ONSET_MM and inside.label.endswith(f"{rainfall('zh')} · {text('whatif.max', 'zh')}")
    key = f"whatif.f.{PLAN}.termination.conditions.0.check.for_h"
    label = at.number_input(key=key).label
    assert label.startswith(text("whatif.termination", "zh")) and label.endswith(text("whatif.held_for", "zh"))
    at.number_input(key=key).set_value(0.0)
    apply(at)
    edited = set_scalars((held_library / f"{PLAN}.yaml").read_text(encoding="utf-8"),
                         {("termination", "conditions", 0, "check", "for_h"): 0.0})
    said = parse_plan(edited, f"{PLAN}.yaml")[1][0].message.in_language("zh")  # the YAML editor's words
    assert [e.value for e in at.error] == [f"{label}：{markdown_plain(said)}", text("whatif.refused", "zh", n=1)]
    assert not at.code
    at.number_input(key=key).set_value(0.5)
    apply(at)
    assert not at.error
    assert f"- {label}：6 → 0.5" in changed_numbers(at, "zh")
