"""How the app's tables size their columns and rows (sim.ui.widgets): short columns as wide as
their text, long texts wrapped in wide columns, rows as tall as the wrapped text needs.

pandas 3 gives a text column the dtype ``str`` (not ``object``): every frame here is built the
way the pages build theirs, and the dtype is checked, so that a text column is never missed.
"""

from __future__ import annotations

import json
import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from sim.ui.table_layout import (FIT_PX, FONT_NAMES, MAX_LINES, PAD_PX, WRAP_LEAST_PX, cell_fonts, column_widths, cut,
                                 shown_text, text_px, wrapped, wrapped_row_height)

#: A run log's row: clock time, unit, kind of entry and a long description.
LOG_ROW = {"时间": "01-14 18:34", "单位": "包头供电公司固阳县分公司", "事件": "预警",
           "说明": "将有关情况报告电力管理部门，提出预警信息发布建议，并视情通知重要电力用户"}


def log(rows: int = 12) -> pd.DataFrame:
    data = pd.DataFrame([LOG_ROW] * rows)
    assert all(pd.api.types.is_string_dtype(data[c]) and data[c].dtype != object for c in data.columns)
    return data


def test_a_long_text_column_of_dtype_str_gets_a_row_taller_than_one_line():
    data = log()
    text = shown_text(data)
    height = wrapped_row_height(text, column_widths(text))
    assert height is not None and height > 64  # Streamlit wraps cell text only in rows over 4 rem


def test_short_columns_are_as_wide_as_their_text_and_the_long_one_wraps_in_what_they_leave_of_a_laptop_page():
    widths = column_widths(shown_text(log()))
    assert widths["时间"] == text_px("01-14 18:34") + 2 * PAD_PX + 6
    assert widths["事件"] < widths["单位"] < widths["说明"]
    assert sum(widths.values()) <= FIT_PX[0]  # the description in full view on a 1,024 px screen
    assert len(wrapped(LOG_ROW["说明"], widths["说明"])) > 1


def test_the_row_height_is_counted_at_the_columns_width():
    data = log()
    text = shown_text(data)
    widths = column_widths(text)
    wide = wrapped_row_height(text, widths | {"单位": 200, "说明": 600})
    narrow = wrapped_row_height(text, widths | {"单位": 200, "说明": 180})
    assert wide is None  # 36 characters fit one line of a 600 px column
    assert narrow is not None and narrow > 64


def test_a_table_whose_cells_all_fit_one_line_keeps_streamlits_own_row_height_and_widths_fit_its_text():
    data = pd.DataFrame({"单位": ["县气象局", "县水务局"], "得分率": ["50 %", "100 %"]})
    text = shown_text(data)
    widths = column_widths(text)
    assert wrapped_row_height(text, widths) is None
    assert all(width >= text_px(column) + 2 * PAD_PX for column, width in widths.items())


def test_a_rare_long_text_is_cut_where_the_rows_end_rather_than_making_every_row_tall():
    data = pd.DataFrame({"时间": ["01-14 18:00"] * 30, "说明": ["县人民政府批准发布预警"] * 29 + ["很长的说明" * 80]})
    text = shown_text(data)
    widths = column_widths(text)
    assert widths["说明"] < 400
    assert wrapped_row_height(text, widths) is None  # 29 of 30 rows fit one line


def test_a_row_grows_to_at_most_the_lines_the_table_allows():
    data = pd.DataFrame({"说明": ["很长的说明" * 80] * 5, "原文": ["很长的原文" * 80] * 5})
    text = shown_text(data)
    assert wrapped_row_height(text, column_widths(text)) == 20 * MAX_LINES + 10


def test_a_header_is_never_narrower_than_its_column():
    data = pd.DataFrame({"95 % interval (* excludes 0)": ["[-0.10, +0.25] *"], "Replications changed": [3]})
    widths = column_widths(shown_text(data))
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
    widths = column_widths(shown_text(data))
    assert widths["Unit"] < text_px(units[0]) + 2 * PAD_PX
    assert len(wrapped(units[0], widths["Unit"])) <= MAX_LINES


def test_a_long_english_text_is_drawn_in_a_font_of_its_own_and_a_chinese_one_or_a_short_one_in_the_tables():
    # Streamlit's table counts how many characters a line holds from the average width of all
    # it has measured in a font: after Chinese, too few for English, which it then leaves unbroken.
    aside = "Report to the power authority, propose a warning and alert important users"
    data = pd.DataFrame({"时间": ["01-14 18:38"] * 5, "说明": ["将有关情况报告电力管理部门，提出预警信息发布建议"] * 5,
                         "说明 (English)": [aside] * 5})
    text = shown_text(data)
    widths = column_widths(text)
    fonts = cell_fonts(text, widths)
    assert set(fonts["说明 (English)"]) == {f"font-weight: {FONT_NAMES[0][1]}"}
    assert set(fonts["说明"]) == set(fonts["时间"]) == {""}
    assert len(wrapped(aside, widths["说明 (English)"])) > 1
    assert wrapped_row_height(text, widths) > 64  # its lines count, as they are drawn
    assert cell_fonts(text[["时间", "说明"]], widths) is None  # a table of Chinese is given no style


def test_each_font_name_holds_texts_whose_characters_are_wider_than_its_widest_over_one_and_a_half():
    # A line is counted as 1.5 times the characters the name's average fits: a text narrower
    # than that average over 1.5 would be measured as fitting and left on one line.
    lows = [0.0] + [below for below, _ in FONT_NAMES]
    highs = [below for below, _ in FONT_NAMES] + [text_px("应")]
    assert all(1.5 * low >= high for low, high in zip(lows[1:], highs[1:]))
    english = "Report to the power authority, propose a warning and alert important users"
    assert 1.5 * text_px(english) / len(english) > FONT_NAMES[0][0]


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
    text = shown_text(data)
    widths = json.loads(shown.proto.columns)
    decided = column_widths(text)
    assert {column: widths[column]["width"] for column in data.columns} == decided
    assert shown.proto.row_height == wrapped_row_height(text, decided) > 64


def test_a_table_of_wrapped_rows_shows_up_to_ten_of_them_rather_than_the_five_of_streamlits_own_height(monkeypatch):
    from sim.ui import widgets

    drawn: dict = {}
    monkeypatch.setattr(widgets.st, "dataframe", lambda *args, **kwargs: drawn.update(kwargs))
    widgets.frame(log(9))
    row = drawn["row_height"]
    assert row > 64 and drawn["height"] == 9 * row + 35 + 2 > 400  # every row; 400 px held five
    widgets.frame(log(30))
    assert drawn["height"] == 10 * row + 35 + 2  # ten, then a scroll
    widgets.frame(log(30), height=520)
    assert drawn["height"] == 520  # a page's own height stands
    widgets.frame(pd.DataFrame({"时间": ["01-14 18:34"] * 30}))
    assert drawn["row_height"] is None and drawn["height"] == "auto"  # one-line rows: Streamlit's ten


def test_the_what_if_means_table_ends_in_view_on_a_1400_px_laptop_in_either_language():
    """At 1,400 px with the sidebar open the page is 938 px wide: the English means table,
    fitted to a 1,440 px screen's 976, lost its last column (Replications changed) past the edge."""
    from sim.messages import text

    for language in ("zh", "en"):
        columns = [text(key, language) for key in ("whatif.measure", "whatif.original", "whatif.edited",
                                                   "whatif.difference", "whatif.interval", "whatif.n_pairs",
                                                   "whatif.changed_in")]
        labels = ["Highest response level (rank)", "Time at Level III response",
                  "Time from the start to the end of the response", "Unit-hours", "Level changes"]
        cells = ["6 h 31 min", "263 h 39 min", "+15 h 47 min", "[+43 min, +30 h 50 min] *", 60, 2]
        data = pd.DataFrame([dict(zip(columns, [label, *cells])) for label in labels])
        assert sum(column_widths(shown_text(data)).values()) <= FIT_PX[1] <= 1400 - 462 - 2


def test_a_number_is_joined_to_its_unit_where_a_table_draws_it_and_its_data_keeps_the_plain_space(monkeypatch):
    from sim.ui import widgets
    from sim.ui.table_layout import unbroken

    said = "县工科局“将有关情况报告电力管理部门”于 07-18 13:06 完成，应在 07-18 12:30 前，晚 36 分钟"
    assert unbroken(said).endswith("晚 36\u00a0分钟") and "于 07-\u206018\u00a013:06 完成" in unbroken(said)  # a clock time whole
    assert unbroken("条款：4.2.1 · 原文") == "条款：4.2.1 · 原文"  # a separator after a number is no unit
    assert unbroken("Forecast load shed: 20 %; 1 h 30 min") == "Forecast load shed: 20\u00a0%; 1\u00a0h 30\u00a0min"
    for width in range(120, 400, 4):  # wherever the line ends, 36 goes with its unit and 07-18 with its hour
        assert not any(line.rstrip().endswith(("36", "07-18", "07-", "07-\u2060")) for line in wrapped(unbroken(said), width))
    drawn: list = []
    monkeypatch.setattr(widgets.st, "dataframe", lambda shown, **kwargs: drawn.append(shown))
    widgets.frame(pd.DataFrame({"评定": [said]}))
    assert drawn[0].data["评定"][0] == said  # what a download or a test reads
    assert "晚 36\u00a0分钟" in drawn[0].to_html()  # what the table draws


def test_a_chinese_quote_followed_by_a_long_english_reading_is_named_for_its_english():
    """Streamlit measures each line from where the last one ended: the English after a Chinese
    quote, counted by the average of texts as wide as the whole cell, was judged to fit and cut."""
    quote = "视情况派出部门工作组赴现场指导协调事件应对等工作"
    reading = ("Assumption: Whether to send a group is the bureau's judgement, which a drill player may "
               "decline; the plan's own run assumes one is always sent.")
    data = pd.DataFrame({"原文": [f"{quote} {reading}"] * 3})
    fonts = cell_fonts(shown_text(data), {"原文": 200})
    assert list(fonts["原文"]) == [f"font-weight: {FONT_NAMES[0][1]}"] * 3


def test_a_table_whose_long_columns_would_not_fit_a_desktop_at_their_floors_gets_them_narrower_rather_than_past_its_edge():
    long = "根据需要会同当地人民政府成立现场指挥部，负责现场应对处置的组织指挥工作"
    data = pd.DataFrame([{f"列{i}": long for i in range(7)} | {"时长": "2 小时"}] * 4)
    widths = column_widths(shown_text(data))
    assert sum(widths.values()) <= FIT_PX[1] and min(widths.values()) >= text_px("2 小时")


def test_a_table_draws_each_cell_as_the_text_its_widths_and_fonts_were_decided_from(monkeypatch):
    """A cell's shown text is written once per draw: a number to four decimals, a missing value
    as nothing, a number joined to its unit; the widths are those of that text and the table draws it."""
    from sim.ui import widgets

    data = pd.DataFrame({"说明": ["晚 36 分钟", None], "比例": [0.123456789, 2.0], "次数": [3, 4]})
    text = shown_text(data)
    assert text.to_dict("list") == {"说明": ["晚 36\u00a0分钟", ""], "比例": ["0.1235", "2"], "次数": ["3", "4"]}
    drawn: list = []
    monkeypatch.setattr(widgets.st, "dataframe", lambda shown, **kwargs: drawn.append((shown, kwargs)))
    widgets.frame(data)
    shown, kwargs = drawn[0]
    assert {column: config["width"] for column, config in kwargs["column_config"].items()} == column_widths(text)
    html = shown.to_html()
    assert all(cell in html for cell in ("晚 36\u00a0分钟", "0.1235", ">2<", ">3<")) and "nan" not in html
    assert shown.data.equals(data)  # what a download or a test reads keeps its own values


def test_two_values_of_a_column_that_compare_equal_are_each_drawn_as_their_own_text(monkeypatch):
    """A styled table writes each cell from its own value: True and 1 (equal to Python) in one
    column read "True" and "1", not one of them twice."""
    from sim.ui import widgets

    data = pd.DataFrame({"值": [True, 1, "1 h"]})
    drawn: list = []
    monkeypatch.setattr(widgets.st, "dataframe", lambda shown, **kwargs: drawn.append(shown))
    widgets.frame(data)
    cells = re.findall(r">([^<]*)</td>", drawn[0].to_html())
    assert cells == ["True", "1", "1\u00a0h"]


def test_a_squeezed_table_keeps_its_first_column_wide_enough_for_each_rows_name_where_the_page_allows():
    """The Walk-through's duties due name a unit in each row: the rarest long name (one row of
    twelve) still reads whole on the row's lines when the other long columns are squeezed."""
    longest = "County Bureau of Industry and Science & Technology"
    duty = "Check and monitor major hazard sources, key targets and critical infrastructure"
    quote = "加强重大危险源、重要目标、重大关键基础设施隐患排查与监测预警"
    rows = [{"Unit": longest if i == 0 else "Guyang Branch of the Baotou Power Supply Company", "Duty": duty,
             "Duty (中文)": quote, "State": "working", "Trigger": "on a warning or when the incident occurs",
             "Clause": "Annex 2, III · Guyang County Large-Area Blackout Emergency Plan (2023 edition)",
             "Original text": quote} for i in range(12)]
    widths = column_widths(shown_text(pd.DataFrame(rows)))
    assert len(wrapped(longest, widths["Unit"])) <= MAX_LINES and sum(widths.values()) <= FIT_PX[1]
    assert min(widths.values()) >= text_px("working")


def test_a_chinese_text_with_spaces_breaks_at_its_last_space_as_streamlits_table_breaks_it():
    """Streamlit's table ends a line after the last plain space among the characters that fit,
    Chinese too: "改变了什么" breaks at the spaces around its arrows, and counted as breaking
    anywhere it took a line more than the row showed, drawn sliced by the row's border."""
    said = "最高响应级别：Ⅲ级应急响应 → Ⅱ级应急响应；Ⅱ级应急响应持续时长：0 分钟 → 5 小时 21 分钟"
    lines = wrapped(said, 300)
    assert "".join(lines) == said and all(line.endswith(" ") for line in lines[:-1])
    assert lines[0] == "最高响应级别：Ⅲ级应急响应 → "
    assert wrapped("包头供电公司固阳县分公司", 120) == ["包头供电公司固", "阳县分公司"]  # no space: anywhere


def test_a_text_longer_than_its_rows_lines_ends_on_an_ellipsis_within_them_and_a_shorter_one_is_whole():
    long = "违反规定擅自进入防火戒严管制区用火、过失引发森林草原火灾、故意纵火、不服从防火工作人员指挥的，依法追究责任"
    cut_long = cut(long, 180, MAX_LINES)
    assert cut_long.endswith("…") and long.startswith(cut_long[:-1]) and len(wrapped(cut_long, 180)) <= MAX_LINES
    assert len(wrapped(long, 180)) > MAX_LINES
    short = "报告自治区能源局，同时报告国家能源局华北监管局"
    assert len(wrapped(short, 180)) <= MAX_LINES and cut(short, 180, MAX_LINES) == short
    assert cut(long, 180, 1) == long  # a one-line row: Streamlit cuts the line itself


def test_a_drawn_table_cuts_a_long_text_where_its_row_ends_and_keeps_the_whole_text_for_the_opened_cell(monkeypatch):
    from sim.ui import widgets

    long = "违反规定擅自进入防火戒严管制区用火、过失引发森林草原火灾、故意纵火、不服从防火工作人员指挥的，依法追究责任"
    long *= 3  # a column of 390 px at most: a text longer than three of its lines
    data = pd.DataFrame({"时间": ["01-14 18:00"] * 3, "内容": [long] * 3, "条款": ["三（六）"] * 3})
    drawn: list = []
    monkeypatch.setattr(widgets.st, "dataframe", lambda shown, **kwargs: drawn.append((shown, kwargs)))
    widgets.frame(data)
    shown, kwargs = drawn[0]
    width = kwargs["column_config"]["内容"]["width"]
    assert len(wrapped(long, width)) > MAX_LINES and kwargs["row_height"] == 20 * MAX_LINES + 10
    cells = re.findall(r">([^<]*)</td>", shown.to_html())
    assert cells[1] == cut(long, width, MAX_LINES) != long and cells[1].endswith("…")
    assert shown.data.equals(data)  # the value, which the opened cell shows, is whole


def test_a_table_of_ten_long_columns_ends_in_a_desktops_view_each_no_narrower_than_five_chinese_characters():
    """The Plans page's response levels: ten columns of names, units and quotes, each wider than
    :data:`WRAP_MIN_PX` allows beside the others, share a desktop's page rather than push the
    clause and the original text past its edge."""
    unit = "固阳县人民政府或事发地（受影响区域）镇人民政府"
    row = {"级别": "Ⅰ级应急响应", "级别（English）": "Level I response", "对应事件级别": "重大大面积停电事件",
           "指挥": unit, "启动由": unit, "调整级别由": unit, "终止由": unit,
           "提请": "固阳县人民政府 → 包头市人民政府：必要时，由县人民政府提请市人民政府启动应急响应", "条款": "5.1",
           "原文": "初判发生重大大面积停电事件，启动Ⅰ级应急响应，由县人民政府负责指挥应对处置工作。"}
    widths = column_widths(shown_text(pd.DataFrame([row] * 3)))
    assert sum(widths.values()) <= FIT_PX[1]
    assert all(widths[column] >= min(WRAP_LEAST_PX, text_px(row[column]) + 2 * PAD_PX) for column in row)
