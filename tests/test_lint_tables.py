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
    assert (("severity_levels", 3, "criteria"),
            "gap: load_shed_pct@provincial from 11 to 12 meets neither general nor serious "
            "where grid_load_mw@provincial 5000–20000") in found


def test_a_misspelt_scope_leaves_its_grids_ungraded_and_lint_says_where(tmp_path):
    found = _lint(tmp_path, NATIONAL_STYLE, "{context: grid_scope, in: [capital_city]}",
                  "{context: grid_scope, in: [capitol_city]}", after="- id: major")
    messages = [message for _, message in found]
    assert any(m.startswith("gap: load_shed_pct from 40 to 60 meets neither serious nor especially_major where "
                            "grid_scope = capital_city") for m in messages)
    assert any("where grid_scope = capitol_city" in m for m in messages)


def test_a_narrowed_discretion_band_is_found(tmp_path):
    found = _lint(tmp_path, GUYANG, "max: 20", "max: 15", after="discretion:")
    assert found == [(("discretion", "criteria"),
                      "gap: an incident with load_shed_pct = 15, customers_out_pct = 0, social_impact = significant "
                      "meets no level and lies outside the discretionary band")]


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
    assert (("severity_levels", 3, "criteria", "any_of", 0),
            "row 1 of level 'general' can never decide: every case it covers already meets a more severe level") in found
