"""Lint reads grading tables of any shape: every scope × load bracket × figure, the
discretionary band below the lowest level, and rows that can never decide."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.lint import lint_plan
from sim.inputs.loader import load_plan

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "plans" / "examples" / "national-blackout-2015.yaml"
NATIONAL_STYLE = ROOT / "tests" / "data" / "national-style-plan.yaml"
GUYANG = ROOT / "plans" / "guyang-blackout-2023.yaml"


def _lint(tmp_path, source: Path, old: str, new: str, after: str = "") -> list:
    text = source.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    assert old in text[start:], old
    changed = text[:start] + text[start:].replace(old, new, 1)
    path = tmp_path / source.name
    path.write_text(changed, encoding="utf-8")
    return lint_plan(load_plan(path, require_stem=False))


@pytest.mark.parametrize("path", [NATIONAL, NATIONAL_STYLE, GUYANG])
def test_the_shipped_tables_lint_clean(path):
    assert lint_plan(load_plan(path, require_stem=False)) == []


def test_a_deliberate_gap_in_one_load_bracket_is_found(tmp_path):
    found = _lint(tmp_path, NATIONAL, "{metric: load_shed_pct, min: 6, max: 12,", "{metric: load_shed_pct, min: 6, max: 11,")
    assert [(path, m.zh, m.en) for path, m in found if "11 到 12" in m.zh] == [
        (("severity_levels", 3, "criteria"),
         "缺口：省、自治区电网的减供负荷比例从 11 到 12 既不属于一般大面积停电事件，也不属于较大大面积停电事件"
         "（当 省、自治区电网的电网负荷在 5000–20000）",
         "gap: Load shed (share of the grid's load) of the Provincial grid from 11 to 12 meets neither "
         "General large-area blackout nor Serious large-area blackout where The grid's load of the Provincial grid "
         "5000–20000")]


def test_a_misspelt_scope_leaves_its_grids_ungraded_and_lint_says_where(tmp_path):
    found = _lint(tmp_path, NATIONAL_STYLE, "{context: grid_scope, in: [capital_city]}",
                  "{context: grid_scope, in: [capitol_city]}", after="- id: major")
    messages = [message for _, message in found]
    assert any(m.startswith("gap: Load shed from 40 to 60 meets neither Serious blackout nor Especially major "
                            "blackout where grid_scope = capital_city") for m in messages)
    assert any(m.zh.startswith("缺口：减供负荷比例从 40 到 60 既不属于较大大面积停电事件，也不属于特别重大大面积停电事件"
                               "（当 grid_scope为capital_city") for m in messages)
    assert any("where grid_scope = capitol_city" in m for m in messages)


def test_a_narrowed_discretion_band_is_found(tmp_path):
    found = _lint(tmp_path, GUYANG, "max: 20", "max: 15", after="discretion:")
    assert [(path, m.zh, m.en) for path, m in found] == [
        (("discretion", "criteria"),
         "缺口：事件（减供负荷比例为 15，停电供电用户比例为 0，对社会的影响为较大影响）不属于任何级别，也不在酌情启动响应的范围内",
         "gap: an incident with Load shed (share of the county grid's load) = 15, Customers without power = 0, "
         "Impact on society = Significant meets no level and lies outside the discretionary band")]


def test_a_discretion_band_starting_above_nothing_leaves_no_gap_below_its_own_lower_edge(tmp_path):
    """Below the band the plan asks nothing of anyone: an incident of no load shed at all is
    nothing happening, not a gap in the levels."""
    assert _lint(tmp_path, GUYANG, "max: 20", "min: 5\n        max: 20", after="discretion:") == []


def test_a_discretion_band_starting_above_nothing_that_stops_short_of_the_lowest_level_leaves_a_gap(tmp_path):
    found = _lint(tmp_path, GUYANG, "max: 20", "min: 5\n        max: 15", after="discretion:")
    assert [(path, m.en) for path, m in found] == [
        (("discretion", "criteria"),
         "gap: an incident with Load shed (share of the county grid's load) = 15, Customers without power = 0, "
         "Impact on society = Significant meets no level and lies outside the discretionary band")]


def test_a_discretion_band_reaching_the_lowest_level_leaves_no_gap(tmp_path):
    assert _lint(tmp_path, GUYANG, "max: 20", "max: 25", after="discretion:") == []


def test_a_row_every_case_of_which_meets_a_more_severe_level_can_never_decide(tmp_path):
    row = ("        - grid: provincial\n          all_of:\n"
           "            - {metric: grid_load_mw, min: 20000, assumption: {zh: 误写入较低级别的一行, en: A row written by mistake into a lower level.}}\n"
           "            - {metric: load_shed_pct, min: 45, assumption: {zh: 误写入较低级别的一行, "
           "en: A row written by mistake into a lower level.}}\n")
    text = NATIONAL.read_text(encoding="utf-8")
    start = text.index("  - id: general\n")
    anchor = text.index("      any_of:\n", start) + len("      any_of:\n")
    path = tmp_path / "with-row.yaml"
    path.write_text(text[:anchor] + row + text[anchor:], encoding="utf-8")
    found = lint_plan(load_plan(path, require_stem=False))
    rows = [(path, m.zh, m.en) for path, m in found if path == ("severity_levels", 3, "criteria", "any_of", 0)]
    assert rows == [(("severity_levels", 3, "criteria", "any_of", 0),
                     "事件级别“一般大面积停电事件”的第 1 条标准永远不起作用：它涵盖的每种情况都已达到更严重的级别",
                     "row 1 of the severity level “General large-area blackout” can never decide: every case it covers "
                     "already meets a more severe level")]
