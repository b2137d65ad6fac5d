"""How the app's tables size their columns and rows (sim.ui.widgets): short columns as wide as
their text, long texts wrapped in wide columns, rows as tall as the wrapped text needs.

pandas 3 gives a text column the dtype ``str`` (not ``object``): every frame here is built the
way the pages build theirs, and the dtype is checked, so that a text column is never missed.
"""

from __future__ import annotations

import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from sim.ui.table_layout import (FIT_PX, MAX_LINES, PAD_PX, UNBROKEN_MAX_PX, column_widths, text_px, wrapped,
                                 wrapped_row_height)

#: A run log's row: clock time, unit, kind of entry and a long description.
LOG_ROW = {"时间": "01-14 18:34", "单位": "包头供电公司固阳县分公司", "事件": "预警",
           "说明": "将有关情况报告电力管理部门，提出预警信息发布建议，并视情通知重要电力用户"}


def log(rows: int = 12) -> pd.DataFrame:
    data = pd.DataFrame([LOG_ROW] * rows)
    assert all(pd.api.types.is_string_dtype(data[c]) and data[c].dtype != object for c in data.columns)
    return data


def test_a_long_text_column_of_dtype_str_gets_a_row_taller_than_one_line():
    data = log()
    height = wrapped_row_height(data, column_widths(data))
    assert height is not None and height > 64  # Streamlit wraps cell text only in rows over 4 rem


def test_short_columns_are_as_wide_as_their_text_and_the_long_one_wraps_in_what_they_leave_of_a_laptop_page():
    widths = column_widths(log())
    assert widths["时间"] == text_px("01-14 18:34") + 2 * PAD_PX + 6
    assert widths["事件"] < widths["单位"] < widths["说明"]
    assert sum(widths.values()) <= FIT_PX[0]  # the description in full view on a 1,024 px screen
    assert len(wrapped(LOG_ROW["说明"], widths["说明"])) > 1


def test_the_row_height_is_counted_at_the_columns_width():
    data = log()
    widths = column_widths(data)
    wide = wrapped_row_height(data, widths | {"单位": 200, "说明": 600})
    narrow = wrapped_row_height(data, widths | {"单位": 200, "说明": 180})
    assert wide is None  # 36 characters fit one line of a 600 px column
    assert narrow is not None and narrow > 64


def test_a_table_whose_cells_all_fit_one_line_keeps_streamlits_own_row_height_and_widths_fit_its_text():
    data = pd.DataFrame({"单位": ["县气象局", "县水务局"], "得分率": ["50 %", "100 %"]})
    widths = column_widths(data)
    assert wrapped_row_height(data, widths) is None
    assert all(width >= text_px(column) + 2 * PAD_PX for column, width in widths.items())


def test_a_rare_long_text_is_cut_where_the_rows_end_rather_than_making_every_row_tall():
    data = pd.DataFrame({"时间": ["01-14 18:00"] * 30, "说明": ["县人民政府批准发布预警"] * 29 + ["很长的说明" * 80]})
    widths = column_widths(data)
    assert widths["说明"] < 400
    assert wrapped_row_height(data, widths) is None  # 29 of 30 rows fit one line


def test_a_row_grows_to_at_most_the_lines_the_table_allows():
    data = pd.DataFrame({"说明": ["很长的说明" * 80] * 5, "原文": ["很长的原文" * 80] * 5})
    assert wrapped_row_height(data, column_widths(data)) == 20 * MAX_LINES + 10


def test_a_header_is_never_narrower_than_its_column():
    data = pd.DataFrame({"95 % interval (* excludes 0)": ["[-0.10, +0.25] *"], "Replications changed": [3]})
    widths = column_widths(data)
    assert all(width >= text_px(column) + 2 * PAD_PX for column, width in widths.items())


def test_english_breaks_between_words_and_chinese_between_any_two_characters():
    assert wrapped("Guyang Branch of the Baotou Power Supply Company", 132) == [
        "Guyang Branch of ", "the Baotou Power ", "Supply Company"]
    assert wrapped("包头供电公司固阳县分公司", 120) == ["包头供电公司固", "阳县分公司"]
    assert "".join(wrapped("Supercalifragilisticexpialidocious", 80)) == "Supercalifragilisticexpialidocious"


def test_an_english_unit_column_wraps_narrower_than_its_longest_name_and_shows_it_on_the_rows_lines():
    units = ["Guyang Branch of the Baotou Power Supply Company", "County Meteorological Bureau"] * 6
    data = pd.DataFrame({"Time": ["07-18 16:00"] * 12, "Unit": units,
                         "Message": ["the duty “Find and remove hazards” was never started (due from 07-18 16:00)"] * 12})
    widths = column_widths(data)
    assert widths["Unit"] < text_px(units[0]) + 2 * PAD_PX
    assert len(wrapped(units[0], widths["Unit"])) <= MAX_LINES


def test_on_a_chinese_page_an_english_aside_stays_on_one_line_and_leaves_the_row_height_to_the_chinese():
    # Streamlit's table, having drawn Chinese first, does not break an English line: counting
    # its lines would make rows tall for text drawn on one line.
    aside = "Report to the power authority, propose a warning and alert important users"
    data = pd.DataFrame({"时间": ["01-14 18:38"] * 5, "说明": ["县人民政府批准发布预警"] * 5, "说明 (English)": [aside] * 5})
    widths = column_widths(data, breaks_latin=False)
    assert widths["说明 (English)"] == min(text_px(aside) + 2 * PAD_PX + 6, UNBROKEN_MAX_PX)
    assert wrapped_row_height(data, widths, breaks_latin=False) is None
    assert wrapped_row_height(data, column_widths(data), breaks_latin=True) is not None  # an English page wraps it


def frame_app():
    import pandas as pd

    from sim.ui.widgets import frame

    row = {"时间": "01-14 18:34", "单位": "包头供电公司固阳县分公司",
           "说明": "将有关情况报告电力管理部门，提出预警信息发布建议，并视情通知重要电力用户"}
    frame(pd.DataFrame([row] * 5), style=lambda r: ["color: red"] * len(r))


def test_a_drawn_table_carries_the_widths_and_the_row_height_the_helper_decides():
    at = AppTest.from_function(frame_app).run()
    assert not at.exception
    shown = at.dataframe[0]
    data = shown.value
    widths = json.loads(shown.proto.columns)
    chinese = column_widths(data, breaks_latin=False)  # the page opens in Chinese
    assert {column: widths[column]["width"] for column in data.columns} == chinese
    assert shown.proto.row_height == wrapped_row_height(data, chinese, breaks_latin=False) > 64
