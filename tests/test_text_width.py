"""The one estimate of how wide a text is drawn (sim.ui.text_width), which sizes both the
tables' columns and the room a graph keeps for an edge's label."""

from __future__ import annotations

import math

import pytest

from sim.ui.table_layout import FONT_PX, text_px
from sim.ui.text_width import drawn_width
from sim.ui.widgets import GRAPH_TEXT_SIZE, dot_edge_label

#: Texts of the plans as Chromium draws them in Source Sans at 14 px (canvas measureText), in pixels.
MEASURED_14PX = {
    "Publicity Department of the County Party Committee": 307.6,
    "Guyang Branch of the Baotou Power Supply Company": 312.4,
    "County Meteorological Bureau": 176.6,
    "The power authority assesses the risk": 218.0,
    "Baotou Municipal People's Government": 230.2,
    "包头供电公司固阳县分公司": 168.0,
}
#: The reporting chain's edge labels as the Plans page draws them (their SVG boxes), in points.
MEASURED_LABELS = {"30 分钟": 31.2, "1 小时": 26.4, "30 min": 27.6, "仅当：事件级别 ∈ {重大大面积停电事件}": 172.6,
                   "Only if: Severity ∈ {Major large-area blackout}": 182.7}


def test_a_chinese_character_is_drawn_an_em_wide_at_any_size():
    assert drawn_width("预案", 14) == 28
    assert drawn_width("预案：", 9.6) == pytest.approx(3 * 9.6)


def test_the_width_grows_with_the_size_of_the_type():
    text = "County Meteorological Bureau 县气象局"
    assert drawn_width(text, 28) == pytest.approx(2 * drawn_width(text, 14))


def test_a_thin_letter_counts_less_than_a_round_one_and_a_broad_one_more():
    assert drawn_width(" ", 1) < drawn_width("i", 1) < drawn_width("t", 1) < drawn_width("a", 1)
    assert drawn_width("a", 1) < drawn_width("H", 1) < drawn_width("m", 1) < drawn_width("中", 1)


@pytest.mark.parametrize("text, drawn", MEASURED_14PX.items())
def test_a_plans_text_is_estimated_within_a_few_percent_of_its_width_as_drawn(text, drawn):
    assert 0.97 <= drawn_width(text, 14) / drawn <= 1.06


def test_a_table_cell_counts_its_text_by_the_same_estimate_in_its_14_px_type():
    for text in MEASURED_14PX:
        assert text_px(text) == math.ceil(drawn_width(text, FONT_PX))


@pytest.mark.parametrize("label, drawn", MEASURED_LABELS.items())
def test_an_edge_label_keeps_room_for_its_text_as_the_page_draws_it(label, drawn):
    kept = int(dot_edge_label([label]).split('width="')[1].split('"')[0])
    assert kept == math.ceil(drawn_width(label, GRAPH_TEXT_SIZE))
    assert kept >= drawn
