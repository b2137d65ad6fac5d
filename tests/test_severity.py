"""Severity classification under the Guyang plan (附件1) and a national-style plan.

Every threshold is tested on both sides and at equality ("以上含本数, 以下不含本数");
the expected levels are written here from the documents, not computed from the YAML.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.inputs.loader import load_plan
from sim.severity import classify, undecided

ROOT = Path(__file__).resolve().parent.parent
GUYANG = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
NATIONAL = load_plan(ROOT / "tests" / "data" / "national-style-plan.yaml")

#: 附件1 levels and the 5.1 response each starts.
RESPONSE = {"major": "I", "serious": "II", "general": "III", None: None}
#: Least to most severe, for "never decreases".
ORDER = [None, "general", "serious", "major"]


@pytest.mark.parametrize("load_shed, severity", [
    (0, None), (19.99, None), (20, "general"), (39.99, "general"), (40, "serious"),
    (59.99, "serious"), (60, "major"), (100, "major"),
])
def test_load_shed_thresholds(load_shed, severity):
    result = classify(GUYANG, {"load_shed_pct": load_shed, "customers_out_pct": 0})
    assert (result.severity, result.response_level) == (severity, RESPONSE[severity])


@pytest.mark.parametrize("customers_out, severity", [
    (0, None), (29.99, None), (30, "general"), (49.99, "general"), (50, "serious"),
    (69.99, "serious"), (70, "major"), (100, "major"),
])
def test_customers_out_thresholds(customers_out, severity):
    result = classify(GUYANG, {"load_shed_pct": 0, "customers_out_pct": customers_out})
    assert (result.severity, result.response_level) == (severity, RESPONSE[severity])


def test_the_more_severe_of_the_two_criteria_wins():
    result = classify(GUYANG, {"load_shed_pct": 25, "customers_out_pct": 72})
    assert (result.severity, result.response_level, result.rank) == ("major", "I", 0)
    assert [(leaf.key, leaf.min, leaf.max) for leaf in result.matched] == [("customers_out_pct", 70, None)]
    assert [(s.clause, s.quote) for s in result.sources] == [
        ("附件1 一", "固阳县电网:减供负荷 60%以上,或 70%以上供电用户停电。"),
        ("附件1 一", "70%以上供电用户停电"),
        ("5.1", "初判发生重大大面积停电事件,启动Ⅰ级应急响应,由县人民政府负责指挥应对处置工作。"),
    ]


def test_both_criteria_held_are_both_cited():
    result = classify(GUYANG, {"load_shed_pct": 45, "customers_out_pct": 55})
    assert result.severity == "serious"
    assert [leaf.key for leaf in result.matched] == ["load_shed_pct", "customers_out_pct"]
    assert [s.quote for s in result.sources][1:3] == ["减供负荷 40%以上 60%以下", "50%以上 70%以下供电用户停电"]


@pytest.mark.parametrize("values", [
    {}, {"load_shed_pct": None}, {"load_shed_pct": "45"}, {"load_shed_pct": math.nan},
    {"forecast_load_shed_pct": 80},
])
def test_missing_or_unusable_figures_meet_no_level(values):
    result = classify(GUYANG, values)
    assert result == classify(GUYANG, {"load_shed_pct": 0})
    assert (result.severity, result.response_level, result.rank, result.sources) == (None, None, None, ())


def test_one_figure_is_enough_for_a_first_report():
    assert classify(GUYANG, {"customers_out_pct": 51}).severity == "serious"


@pytest.mark.parametrize("values, expected", [
    ({}, {"customers_out_pct": ["major", "serious", "general"], "load_shed_pct": ["major", "serious", "general"]}),
    ({"load_shed_pct": 19.99}, {"customers_out_pct": ["major", "serious", "general"]}),
    ({"load_shed_pct": 20}, {"customers_out_pct": ["major", "serious"]}),
    ({"load_shed_pct": 59.99}, {"customers_out_pct": ["major"]}),
    ({"load_shed_pct": 60}, {}),
    ({"customers_out_pct": 69.99}, {"load_shed_pct": ["major"]}),
    ({"customers_out_pct": 70}, {}),
    ({"load_shed_pct": 0, "customers_out_pct": 0}, {}),
])
def test_undecided_names_the_figures_that_could_change_the_answer(values, expected):
    assert undecided(GUYANG, values) == expected


@settings(max_examples=300, deadline=None)
@given(load=st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False)),
       customers=st.floats(min_value=0, max_value=100, allow_nan=False))
def test_a_decided_answer_stands_whatever_the_missing_figure(load, customers):
    given_ = {} if load is None else {"load_shed_pct": load}
    if not undecided(GUYANG, given_):
        assert classify(GUYANG, dict(given_, customers_out_pct=customers)).severity == classify(GUYANG, given_).severity


def test_undecided_follows_the_grid_scope_of_a_national_style_plan():
    values = {"grid_scope": "provincial", "grid_load_mw": 25000, "load_shed_pct": 13}
    assert undecided(NATIONAL, values) == {"generation_tripped_pct": ["especially_major"]}
    assert undecided(NATIONAL, dict(values, generation_tripped_pct=0)) == {}
    assert "grid_load_mw" in undecided(NATIONAL, {"grid_scope": "county", "load_shed_pct": 45})


share = st.floats(min_value=0, max_value=100, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(load=share, customers=share, rise=st.floats(min_value=0, max_value=100), which=st.sampled_from(["load_shed_pct", "customers_out_pct"]))
def test_classification_never_decreases_when_a_metric_rises(load, customers, rise, which):
    before = {"load_shed_pct": load, "customers_out_pct": customers}
    after = dict(before, **{which: min(100.0, before[which] + rise)})
    assert ORDER.index(classify(GUYANG, after).severity) >= ORDER.index(classify(GUYANG, before).severity)


@settings(max_examples=300, deadline=None)
@given(load=share, customers=share)
def test_compiled_criteria_agree_with_the_models(load, customers):
    values = {"load_shed_pct": load, "customers_out_pct": customers}
    expected = next((lv.id for lv in GUYANG.severity_levels if lv.criteria.holds(values, GUYANG.bounds)), None)
    assert classify(GUYANG, values).severity == expected


# ---- national-style plan: grid scope and load brackets --------------------------------

NATIONAL_RESPONSE = {"especially_major": "I", "major": "II", "serious": "III", "general": "IV", None: None}


@pytest.mark.parametrize("scope, load_mw, metrics, severity", [
    # regional grid: 30 / 10 / 7 / 4 %
    ("regional", None, {"load_shed_pct": 30}, "especially_major"),
    ("regional", None, {"load_shed_pct": 29.99}, "major"),
    ("regional", None, {"load_shed_pct": 10}, "major"),
    ("regional", None, {"load_shed_pct": 9.99}, "serious"),
    ("regional", None, {"load_shed_pct": 7}, "serious"),
    ("regional", None, {"load_shed_pct": 6.99}, "general"),
    ("regional", None, {"load_shed_pct": 4}, "general"),
    ("regional", None, {"load_shed_pct": 3.99}, None),
    # provincial grid: the load bracket picks the row
    ("provincial", 20000, {"load_shed_pct": 13}, "major"),
    ("provincial", 20000, {"load_shed_pct": 12.99}, "serious"),
    ("provincial", 19999.9, {"load_shed_pct": 13}, "serious"),
    ("provincial", 19999.9, {"load_shed_pct": 16}, "major"),
    ("provincial", 19999.9, {"load_shed_pct": 40}, "especially_major"),
    ("provincial", 20000, {"load_shed_pct": 30}, "especially_major"),
    ("provincial", 4999, {"load_shed_pct": 40}, "serious"),
    ("provincial", 5000, {"load_shed_pct": 40}, "especially_major"),
    ("provincial", 999, {"load_shed_pct": 40}, "serious"),
    ("provincial", 999, {"load_shed_pct": 39.99}, "general"),
    ("provincial", None, {"load_shed_pct": 50}, None),  # every load-shed row needs the grid load
    # the extra metric
    ("provincial", None, {"generation_tripped_pct": 60}, "especially_major"),
    ("provincial", None, {"generation_tripped_pct": 59.99}, "major"),
    ("provincial", None, {"generation_tripped_pct": 40}, "major"),
    ("provincial", None, {"generation_tripped_pct": 39.99}, None),
    ("regional", None, {"generation_tripped_pct": 80}, None),
    # capital city: 2000 MW splits the rows; customers count too
    ("capital_city", 2000, {"customers_out_pct": 70}, "especially_major"),
    ("capital_city", 1999, {"customers_out_pct": 70}, "major"),
    ("capital_city", 1999, {"customers_out_pct": 49.99}, "serious"),
    ("capital_city", 2000, {"load_shed_pct": 59.99}, "major"),
    ("capital_city", 2000, {"load_shed_pct": 10}, "general"),
    # other cities at 600 MW, county-level cities at 150 MW
    ("other_city", 600, {"load_shed_pct": 60}, "major"),
    ("other_city", 599, {"load_shed_pct": 60}, "serious"),
    ("other_city", 599, {"customers_out_pct": 30}, "general"),
    ("county", 150, {"load_shed_pct": 60}, "serious"),
    ("county", 149, {"load_shed_pct": 60}, "general"),
    ("county", 150, {"customers_out_pct": 50}, "general"),
    ("county", 150, {"load_shed_pct": 39.99}, None),
    (None, 25000, {"load_shed_pct": 80}, None),  # no scope, no row applies
])
def test_national_style_plan(scope, load_mw, metrics, severity):
    values = dict(metrics)
    if scope is not None:
        values["grid_scope"] = scope
    if load_mw is not None:
        values["grid_load_mw"] = load_mw
    result = classify(NATIONAL, values)
    assert (result.severity, result.response_level) == (severity, NATIONAL_RESPONSE[severity])


def test_national_style_sources_include_the_context_that_held():
    result = classify(NATIONAL, {"grid_scope": "provincial", "grid_load_mw": 25000, "load_shed_pct": 14})
    assert [(leaf.key, leaf.allowed) for leaf in result.matched if leaf.is_context] == [("grid_scope", ("provincial",))]
    assert {leaf.key for leaf in result.matched} == {"grid_scope", "grid_load_mw", "load_shed_pct"}
    assert result.sources[0].quote == "重大大面积停电事件"
