"""Plan rules in words (the Plans page): every length of time reads as people say it, and a
level reads by the plan's own name without the wording saying "level" again."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from sim.plan.common import Source
from sim.plan.response_plan import Task, Trigger
from sim.ui.describe import task_text, trigger_text

CITED = Source(clause="5.2", quote="做好事态定时评估")


@pytest.mark.parametrize(("language", "expected"), [
    ("zh", "30 分钟，每 2 小时重复"),
    ("en", "30 min, every 2 h"),
])
def test_a_repeated_task_reads_its_length_and_how_often_it_repeats_as_durations(language, expected):
    task = Task(hours=0.5, repeat_every_h=2, source=CITED)
    assert task_text(task, None, language) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("zh", "1 小时，每 1 小时 30 分钟重复"),
    ("en", "1 h, every 1 h 30 min"),
])
def test_a_repeat_of_hours_and_minutes_reads_both_not_decimal_hours(language, expected):
    task = Task(hours=1, repeat_every_h=1.5, source=CITED)
    assert task_text(task, None, language) == expected


def _levels(*names: tuple[str, str]) -> SimpleNamespace:
    """A plan that has only response levels, named ``(zh, en)`` as a county's plan names them."""
    return SimpleNamespace(response_levels=[SimpleNamespace(id=f"L{i}", name={"zh": zh, "en": en})
                                            for i, (zh, en) in enumerate(names, 1)])


@pytest.mark.parametrize(("names", "language", "expected"), [
    ((("Ⅰ级应急响应", "Level I response"), ("Ⅱ级应急响应", "Level II response")), "zh", "启动响应（Ⅱ级应急响应及以上）"),
    ((("Ⅰ级应急响应", "Level I response"), ("Ⅱ级应急响应", "Level II response")), "en",
     "when a response starts (Level II response or higher)"),
    ((("红色", "Red"), ("橙色", "Orange")), "zh", "启动响应（橙色及以上）"),
    ((("红色", "Red"), ("橙色", "Orange")), "en", "when a response starts (Orange or higher)"),
])
def test_a_lowest_response_level_reads_by_the_plan_s_own_name_whatever_it_calls_its_levels(names, language, expected):
    trigger = Trigger(on="response", min_level="L2")
    assert trigger_text(trigger, _levels(*names), language) == expected


LIANGSHAN = Path(__file__).resolve().parent.parent / "plans" / "examples" / "liangshan-blackout-2023.yaml"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_rule_resting_only_on_an_assumption_reads_as_an_assumption_not_as_original_text(language):
    from sim.inputs.loader import load_plan
    from sim.messages import text
    from sim.ui.describe import citation

    plan = load_plan(LIANGSHAN, require_stem=False)
    authority = next(unit for unit in plan.units if unit.id == "power_authority")
    said = citation(authority, language)
    assert text("common.quote", language) not in said
    assert said.startswith(text("common.assumption", language))
    quoted = next(unit for unit in plan.units if unit.id == "county_headquarters")
    said = citation(quoted, language)
    assert said.startswith(text("common.clause", language)) and text("common.quote", language) in said


@pytest.mark.parametrize("language, yes, no", [("zh", "是", "否"), ("en", "yes", "no")])
def test_a_yes_or_no_figure_in_a_criterion_reads_yes_or_no_rather_than_a_comparison_with_one(language, yes, no):
    from sim.inputs.loader import load_plan
    from sim.plan.criteria import MetricThreshold
    from sim.ui.describe import criterion_text

    plan = load_plan(LIANGSHAN, require_stem=False)
    name = next(m.name for m in plan.metrics if m.id == "hq_rates_serious")
    label = name.zh if language == "zh" else name.en
    held = criterion_text(MetricThreshold(metric="hq_rates_serious", min=1), plan, language)
    assert held.startswith(label) and held.endswith(yes) and "≥" not in held and "1" not in held
    lifted = criterion_text(MetricThreshold(metric="hq_rates_serious", max=1), plan, language)
    assert lifted.endswith(no) and "<" not in lifted


@pytest.mark.parametrize("language, expected", [
    ("zh", "事件级别为重大大面积停电事件或较大大面积停电事件"),
    ("en", "Severity is Major large-area blackout or Serious large-area blackout"),
])
def test_a_condition_on_a_fact_of_the_incident_reads_as_words_rather_than_set_notation(language, expected):
    from sim.inputs.loader import load_plan
    from sim.plan.criteria import ContextTest
    from sim.ui.describe import criterion_text

    plan = load_plan(Path(__file__).resolve().parent.parent / "plans" / "guyang-blackout-2023.yaml")
    said = criterion_text(ContextTest(context="severity", in_=["major", "serious"]), plan, language)
    assert said == expected and "∈" not in said and "{" not in said


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("lower, upper, expected", [
    (True, False, "∈ [40 %, 60 %)"), (False, True, "∈ (40 %, 60 %]"), (True, True, "∈ [40 %, 60 %]")])
def test_a_threshold_with_two_bounds_reads_as_one_interval_whose_ends_are_as_the_plan_s_bounds_say(language, lower, upper,
                                                                                                  expected):
    from sim.inputs.loader import load_plan
    from sim.plan.common import Bounds
    from sim.plan.criteria import MetricThreshold
    from sim.ui.describe import criterion_text

    plan = load_plan(Path(__file__).resolve().parent.parent / "plans" / "guyang-blackout-2023.yaml")
    plan = plan.model_copy(update={"bounds": Bounds(lower_inclusive=lower, upper_inclusive=upper, source=CITED)})
    name = next(m.name for m in plan.metrics if m.id == "load_shed_pct")
    said = criterion_text(MetricThreshold(metric="load_shed_pct", min=40, max=60), plan, language)
    assert said == f"{name.zh if language == 'zh' else name.en} {expected}"
