"""Each incident of a run that held several, as people read it: ``run``'s summary, the Run
page, the after-action report and the Walk-through.

The flood plan of ``flood_fixtures`` meets two storms separated by a dry spell (as in
``test_engine_incidents``): each face lists both incidents in order, with the clock times
they began and were over, their highest severity and response level and the units that
declared and ended each response, by name, from the one function that names them
(:func:`sim.report.incidents`). A run of one incident reads as before.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_engine_incidents import TWO_STORMS

from app_pages import page, run_page
from flood_fixtures import folder
from sim.clock import clock
from sim.engine.run import run_scenario
from sim.engine.summary import summary_text
from sim.inputs import load_case
from sim.inputs.layout import LIBRARY_ENV
from sim.messages import pick
from sim.report import incident_lines, level_name, markdown, names_from, severity_name
from sim.ui.run_page import LAST
from sim.ui.walk_page import CURRENT

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"


@pytest.fixture(scope="module")
def storms(tmp_path_factory):
    """The two storms' library folder, its case and its run (seed 1)."""
    path = folder(tmp_path_factory.mktemp("flood"), TWO_STORMS)
    case = load_case(path)
    return path, case, run_scenario(case.scenario, case.plans, case.area, 1, observe=True)


def expected(case, result, language: str) -> list[tuple]:
    """Each incident's number, clock times, level names and units' names, read off the summary."""
    start, units = result["start"], names_from(case.plans, case.area, case.scenario, result).of("unit")
    return [(i["number"], clock(start, i["begun_at_h"]), clock(start, i["over_at_h"]),
             severity_name(case.plans, i["max_severity"], language),
             level_name(case.plans, i["max_response_level"], language),
             pick(units[i["declared_by"]], language), pick(units[i["ended_by"]], language))
            for i in result["summary"]["incidents"]]


def test_the_run_summary_lists_both_storms_in_order_with_clock_times_levels_and_units_by_name(storms):
    _, case, result = storms
    for language, number in (("zh", "第{n}起事件："), ("en", "Incident {n}: ")):
        text = summary_text(result, case.scenario, case.plans, case.area, language=language)
        lines = [line.strip() for line in text.splitlines()]
        heading = lines.index("各起事件" if language == "zh" else "Each incident")
        listed = lines[heading + 1:heading + 3]
        assert len(expected(case, result, language)) == 2
        for line, (n, began, over, severity, level, declared, ended) in zip(listed, expected(case, result, language)):
            assert line.startswith(number.format(n=n))
            assert all(part in line for part in (began, over, severity, level, declared, ended))
            assert not re.search(r"\d\s*(h\b|小时)", line)  # clock times, never hours since the start


def test_the_run_summary_in_both_languages_gives_each_incident_in_chinese_then_english(storms):
    _, case, result = storms
    text = summary_text(result, case.scenario, case.plans, case.area)
    lines = [line.strip() for line in text.splitlines()]
    heading = lines.index("各起事件 Each incident")
    assert [line.split("：")[0].split(":")[0] for line in lines[heading + 1:heading + 5]] == [
        "第1起事件", "Incident 1", "第2起事件", "Incident 2"]
    assert lines[heading + 5] == ""


def test_a_shipped_scenario_of_one_incident_lists_no_incidents_and_its_summary_reads_as_before():
    case = load_case(SHIPPED)
    result = run_scenario(case.scenario, case.plans, case.area, 7)
    assert "incidents" not in result["summary"]
    assert incident_lines(result, case.plans, names_from(case.plans, case.area, case.scenario, result)) == []
    text = summary_text(result, case.scenario, case.plans, case.area)
    assert "各起事件" not in text and "起事件：" not in text
    # the key times are followed, as before, by the run's highest levels
    lines = text.splitlines()
    ended = lines.index(next(line for line in lines if line.startswith("  响应终止")))
    assert lines[ended + 1] == "" and lines[ended + 2].startswith("最高事件级别")
    assert "## 各起事件" not in markdown(result, plans=case.plans, area=case.area, scenario=case.scenario)


def test_the_after_action_report_lists_both_storms_in_a_table_named_as_the_summary_names_them(storms):
    _, case, result = storms
    for language, title in (("zh", "## 各起事件"), ("en", "## Each incident")):
        report = markdown(result, plans=case.plans, area=case.area, scenario=case.scenario, language=language)
        section = report.split(title + "\n", 1)[1].split("\n## ", 1)[0]
        rows = [row for row in section.splitlines() if row.startswith("| ") and "---" not in row][1:]
        assert len(rows) == 2
        for row, (n, began, over, severity, level, declared, ended) in zip(rows, expected(case, result, language)):
            cells = [cell.strip() for cell in row.strip("|").split("|")]
            number = f"第{n}起事件" if language == "zh" else f"Incident {n}"
            assert cells == [number, began, over, severity, level, declared, ended]


def library_page(monkeypatch, path: Path, name: str) -> AppTest:
    monkeypatch.setenv(LIBRARY_ENV, str(path.parent.parent))  # the storms' folder, laid out as plans/
    return page(name)


def test_the_run_page_lists_both_storms_as_the_run_summary_does(storms, monkeypatch):
    path, case, _ = storms
    at = library_page(monkeypatch, path, "run")
    at.selectbox(key="run.scenario").set_value("flood")
    at.number_input(key="run.seed").set_value(1)
    at.button(key="run.go").click().run()
    assert not at.exception
    result = at.session_state[LAST]["result"]
    names = names_from(case.plans, case.area, case.scenario, result)
    assert "#### 各起事件" in [m.value for m in at.markdown]
    listed = next(m.value for m in at.markdown if m.value.startswith("- 第1起事件"))
    assert listed == "\n".join(f"- {line['zh']}" for line in incident_lines(result, case.plans, names))
    assert all(began in listed for _, began, *_ in expected(case, result, "zh"))
    at.sidebar.radio(key="lang").set_value("en").run()
    assert any(m.value.startswith("- Incident 1: began ") and "\n- Incident 2: began " in m.value for m in at.markdown)


def test_the_walk_through_says_which_storm_an_entry_belongs_to_as_the_result_recorded_it(storms, monkeypatch):
    path, _, _ = storms
    at = library_page(monkeypatch, path, "walk")
    at.selectbox(key="walk.scenario").set_value("flood")
    at.number_input(key="walk.seed").set_value(1).run()
    events = at.session_state[CURRENT]["result"]["events"]
    second = next(i for i, e in enumerate(events) if e["action"] == "incident_begun" and e["number"] == 2)
    before = max(i for i, e in enumerate(events) if e["t_h"] < events[second]["t_h"])  # the dry spell's last entry

    def state() -> str:
        return next(m.value for m in at.markdown if "**事件级别**" in m.value or "**Severity**" in m.value)

    at.select_slider(key="walk.i").set_value(before + 1).run()  # the slider counts from 1
    assert state().startswith("**所属事件**：第1起事件  \n")
    at.select_slider(key="walk.i").set_value(second + 1).run()
    assert state().startswith("**所属事件**：第2起事件  \n")
    at.sidebar.radio(key="lang").set_value("en").run()
    assert state().startswith("**Incident**: Incident 2  \n")
    assert not at.exception


def handout_cells(page: str) -> tuple[list[str], list[list[str]]]:
    """A handout's step table: its headers and the cells of each row, as text."""
    import html

    steps = page[page.index("<th>"):]
    headers = [html.unescape(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", steps, re.S)]
    rows = [[html.unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", steps, re.S)]
    return headers, [row for row in rows if row]


@pytest.mark.parametrize("language, column, first, second", [
    ("zh", "所属事件", "第1起事件", "第2起事件"), ("en", "Incident", "Incident 1", "Incident 2")])
def test_the_walk_through_handout_says_which_storm_each_entry_belongs_to_as_the_page_does(
        storms, language, column, first, second):
    from sim.ui.runs import held_run
    from sim.ui.walk_handout import INCIDENT_WIDTHS, handout_html

    _, case, result = storms
    events = result["events"]
    begun = next(i for i, e in enumerate(events) if e["action"] == "incident_begun" and e["number"] == 2)
    dry = max(i for i, e in enumerate(events) if e["t_h"] < events[begun]["t_h"])  # the dry spell's last entry
    page = handout_html(held_run(case, 1, result), [events[dry], events[begun]], language)
    headers, rows = handout_cells(page)
    assert sum(INCIDENT_WIDTHS) == 100 and page.count("<col ") == len(INCIDENT_WIDTHS) == len(headers)
    at = headers.index(column)
    assert at == 1  # beside the clock time
    assert [row[at] for row in rows] == [first, second]


def test_the_handout_of_a_shipped_scenario_of_one_incident_has_no_incident_column():
    from sim.ui.runs import held_run
    from sim.ui.walk_handout import STEP_WIDTHS, handout_html

    case = load_case(SHIPPED)
    result = run_scenario(case.scenario, case.plans, case.area, 7)
    page = handout_html(held_run(case, 7, result), result["events"][:3], "zh")
    headers, rows = handout_cells(page)
    assert "所属事件" not in headers and len(headers) == len(STEP_WIDTHS) == page.count("<col ")
    assert all(len(row) == len(STEP_WIDTHS) for row in rows)


BLACKOUTS = ROOT / "plans" / "scenarios" / "random-blackout.yaml"


def csv_rows(data: bytes) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("language, column, first, second", [
    ("zh", "所属事件", "第1起事件", "第2起事件"), ("en", "Incident", "Incident 1", "Incident 2")])
def test_the_run_pages_log_and_its_csv_say_which_incident_each_entry_belongs_to_as_the_handout_does(
        language, column, first, second):
    """Replication 153 of the random county blackout under seed 1 held two incidents (as
    ``run --seed 1 --replication 153`` lists them): the log on the page, its CSV download
    and the Walk-through's handout of the same entries name each entry's alike."""
    from sim.ui.run_page import downloads
    from sim.ui.walk_handout import handout_html

    at = run_page("random-blackout", 1, language, replication=153)
    held = at.session_state[LAST]
    events = held["result"]["events"]
    assert len(held["result"]["summary"]["incidents"]) == 2
    header, *rows = csv_rows(downloads(held["key"], language, _last=held)["csv"])
    assert header.index(column) == 1 and len(rows) == len(events)  # beside the clock time, as the handout has it
    said = [row[1] for row in rows]
    begun = next(i for i, e in enumerate(events) if e.get("action") == "incident_begun")
    began = events[begun]["t_h"]  # the load shed that began the second incident is its first entry
    assert said == [first if e["t_h"] < began else second for e in events] and first in said
    _, handed = handout_cells(handout_html(held, events, language))
    assert said == [row[1] for row in handed]
    table = next(d.value for d in at.dataframe if column in d.value.columns)
    assert list(table.columns) == header and list(table[column]) == said


def test_the_csv_of_a_run_of_one_incident_has_no_incident_column_and_reads_as_before():
    from sim.messages import LANGUAGE_NAMES, text
    from sim.ui.run_page import downloads

    at = page("run")
    at.selectbox(key="run.scenario").set_value("winter-ice-storm")
    at.number_input(key="run.seed").set_value(7)
    at.button(key="run.go").click().run()
    held = at.session_state[LAST]
    assert not at.exception and "incidents" not in held["result"]["summary"]
    for language in ("zh", "en"):
        header, *rows = csv_rows(downloads(held["key"], language, _last=held)["csv"])
        said = {key: text(key, language) for key in ("common.time", "common.unit", "common.event",
                                                      "common.description", "common.clause", "common.quote")}
        other = text("common.aside", language, text=LANGUAGE_NAMES["en" if language == "zh" else "zh"])
        assert header == [said["common.time"], said["common.unit"], said["common.event"], said["common.description"],
                          said["common.description"] + other, said["common.clause"], said["common.quote"]]
        assert text("walk.incident", language) not in header
        assert len(rows) == len(held["result"]["events"]) and all(len(row) == len(header) for row in rows)
