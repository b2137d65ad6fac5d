"""Choices across a language switch (Streamlit AppTest): the choice stays, and its text follows.

A browser shows a chosen option by the text the server last sent with the value: after a
switch each choice widget must send its value again under its new label (``set_value``),
or the browser goes on showing the first language's text. These tests read what the server
sends; the browser test ``tests/e2e/test_language_switch_browser.py`` reads what is shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import walk_page
from sim.ui.i18n import STATE_KEY

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "winter-ice-storm"


def _every_kind_of_choice() -> None:
    """A page with each kind of choice, its options named in the session's language."""
    import streamlit as st

    from sim.ui import choices
    from sim.ui.i18n import lang

    words = {"zh": {"a": "甲", "b": "乙", "c": "丙"}, "en": {"a": "Alpha", "b": "Beta", "c": "Gamma"}}[lang()]

    def named(option: str) -> str:
        return words[option]

    options = ["a", "b", "c"]
    choices.selectbox(st, "box", options, key="box", index=1, format_func=named)
    choices.radio(st, "radio", options, key="radio", format_func=named)
    choices.multiselect(st, "many", options, key="many", default=["a"], format_func=named)
    choices.select_slider(st, "slider", options, key="slider", format_func=named)
    choices.segmented_control(st, "sections", options, key="sections", default="a", format_func=named)


def _chosen_then_switched() -> AppTest:
    at = AppTest.from_function(_every_kind_of_choice)
    at.run()
    at.selectbox(key="box").set_value("c")
    at.radio(key="radio").set_value("b")
    at.multiselect(key="many").set_value(["b", "c"])
    at.select_slider(key="slider").set_value("c")
    at.get("button_group")[0].set_value("b")
    at.run()
    at.session_state[STATE_KEY] = "en"
    at.run()
    assert not at.exception
    return at


def test_every_choice_is_kept_across_a_language_switch():
    at = _chosen_then_switched()
    assert at.selectbox(key="box").value == "c"
    assert at.radio(key="radio").value == "b"
    assert at.multiselect(key="many").value == ["b", "c"]
    assert at.select_slider(key="slider").value == "c"
    assert at.get("button_group")[0].value == "b"
    assert [at.session_state[key] for key in ("box", "radio", "many", "slider", "sections")] == [
        "c", "b", ["b", "c"], "c", "b"]


def test_after_a_switch_every_choice_is_sent_again_under_its_label_in_the_new_language():
    at = _chosen_then_switched()
    box, radio, many, slider = (at.selectbox(key="box"), at.radio(key="radio"), at.multiselect(key="many"),
                                at.select_slider(key="slider"))
    assert box.options == radio.options == ["Alpha", "Beta", "Gamma"]
    assert (box.proto.set_value, box.proto.raw_value) == (True, "Gamma")
    assert (radio.proto.set_value, radio.proto.raw_value) == (True, "Beta")
    assert (many.proto.set_value, list(many.proto.raw_values)) == (True, ["Beta", "Gamma"])
    assert (slider.proto.set_value, list(slider.proto.raw_value)) == (True, ["Gamma"])
    sections = at.get("button_group")[0].proto
    assert (sections.set_value, list(sections.raw_values)) == (True, ["Beta"])


def test_a_run_in_the_same_language_sends_no_choice_again():
    at = _chosen_then_switched()
    at.run()
    assert not at.selectbox(key="box").proto.set_value
    assert not at.radio(key="radio").proto.set_value
    assert not at.multiselect(key="many").proto.set_value
    assert not at.select_slider(key="slider").proto.set_value
    assert at.selectbox(key="box").value == "c"


@pytest.mark.skipif(not (ROOT / "plans" / "scenarios" / f"{SCENARIO}.yaml").exists(),
                    reason="the winter ice storm scenario is not shipped")
def test_a_walk_through_switched_to_english_keeps_its_scenario_speed_filter_and_place_and_shows_them_in_english():
    at = walk_page(SCENARIO)
    at.selectbox(key="walk.speed").set_value(4.0).run()
    at.multiselect(key="walk.units").set_value(["power_company"]).run()
    at.button(key="walk.next").click().run()
    place = at.session_state["walk.i"]
    at.sidebar.radio(key=STATE_KEY).set_value("en").run()
    assert not at.exception
    speed, scenario, units = at.selectbox(key="walk.speed"), at.selectbox(key="walk.scenario"), at.multiselect(key="walk.units")
    assert (speed.value, scenario.value, units.value, at.session_state["walk.i"]) == (4.0, SCENARIO, ["power_company"], place)
    assert (speed.proto.set_value, speed.proto.raw_value) == (True, "4 s")
    assert scenario.proto.raw_value.startswith("Winter ice storm")
    assert list(units.proto.raw_values) == ["Guyang Branch of the Baotou Power Supply Company"]


def _empty_boxes() -> None:
    import streamlit as st

    from sim.ui import choices

    choices.selectbox(st, "box", ["a", "b"], key="box", index=None)
    choices.multiselect(st, "many", ["a", "b"], key="many")
    choices.multiselect(st, "filter", ["a", "b"], key="filter", placeholder="all")


def test_an_empty_box_asks_in_the_reader_s_language_unless_the_page_says_what_empty_means():
    at = AppTest.from_function(_empty_boxes)
    at.run()
    assert (at.selectbox(key="box").proto.placeholder, at.multiselect(key="many").proto.placeholder) == ("请选择", "请选择")
    assert at.multiselect(key="filter").proto.placeholder == "all"
    at.session_state[STATE_KEY] = "en"
    at.run()
    assert at.selectbox(key="box").proto.placeholder == "Choose an option"
