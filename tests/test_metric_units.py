"""A figure's unit reads in the reader's language: a unit that is a word (户, 人, 起) may be
given as ``{zh, en}``, and one written alike in both (``%``, ``MW``) stays a plain string. A number
stands a space before its unit, but for a Chinese unit in Chinese (``2起``, ``20000 MW``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.errors import InputError
from sim.inputs.loader import load_text
from sim.messages import with_unit
from sim.plan import PLAN_ADAPTER
from sim.report import figure_titled, figure_value
from sim.ui.describe import criterion_text, metric_unit

GUYANG = (Path(__file__).resolve().parent.parent / "plans" / "guyang-blackout-2023.yaml").read_text(encoding="utf-8")
COUNTED = "  - id: open_secondary_incidents\n    name: {zh: \"未处置完成的重大次生衍生事故数\", en: \"Major secondary incidents still being handled\"}\n    unit: count\n"


def _plan(unit: str):
    """The blackout plan with its count of open secondary incidents given ``unit`` as written."""
    assert COUNTED in GUYANG
    plan = load_text(GUYANG.replace(COUNTED, COUNTED.replace("unit: count", f"unit: {unit}")), "plan.yaml",
                     PLAN_ADAPTER)
    metric = next(m for m in plan.metrics if m.id == "open_secondary_incidents")
    check = next(c.check for c in plan.termination.conditions if getattr(c.check, "metric", None) == metric.id)
    return plan, metric, check


@pytest.mark.parametrize("language, said", [("zh", "起"), ("en", "incidents")])
def test_a_unit_given_in_both_languages_reads_in_the_readers_language_wherever_a_figure_is_shown(language, said):
    plan, metric, check = _plan("{zh: 起, en: incidents}")
    number = {"zh": "2起", "en": "2 incidents"}[language]
    assert figure_value(metric, 2, language) == number  # the report, the walk-through, classify
    assert metric_unit(metric.unit, language) == said  # the Plans page, the What-if editor, the charts
    assert figure_titled(metric.id, plan, language).endswith(said + {"zh": "）", "en": ")"}[language])  # a chart's heading
    assert criterion_text(check, plan, language).endswith(f"< {number.replace('2', '1')}")  # a criterion in words


@pytest.mark.parametrize("language, number, criterion", [("zh", "2起", "< 1起"), ("en", "2 起", "< 1 起")])
def test_a_unit_written_as_one_string_reads_as_written_in_either_language(language, number, criterion):
    plan, metric, check = _plan("起")
    assert figure_value(metric, 2, language) == number
    assert metric_unit(metric.unit, language) == "起"
    assert criterion_text(check, plan, language).endswith(criterion)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_latin_unit_stands_a_space_after_its_number_in_chinese_as_in_english(language):
    plan, metric, check = _plan("MW")
    assert figure_value(metric, 2, language) == "2 MW"
    assert criterion_text(check, plan, language).endswith("< 1 MW")
    assert figure_value(metric.model_copy(update={"unit": "%"}), 47.7, language) == "47.7 %"  # as the Walk-through shows it


@pytest.mark.parametrize("language, unit, joined", [
    ("zh", "起", "2起"), ("zh", "户", "2户"), ("zh", "MW", "2 MW"), ("zh", "%", "2 %"), ("zh", "mm", "2 mm"),
    ("en", "incidents", "2 incidents"), ("en", "MW", "2 MW"), ("en", "%", "2 %"), ("en", "起", "2 起"),
    ("zh", "", "2"), ("en", "", "2")])
def test_a_number_joins_a_chinese_unit_in_chinese_and_stands_apart_from_every_other_unit(language, unit, joined):
    assert with_unit("2", unit, language) == joined


def test_a_unit_given_in_one_language_of_two_is_refused_at_its_line():
    with pytest.raises(InputError) as caught:
        _plan("{zh: 起}")
    assert any(p.startswith(f"plan.yaml:{GUYANG.split(COUNTED)[0].count(chr(10)) + 3}:5: metrics.") and "'en'" in p
               for p in map(str, caught.value.problems)), caught.value.problems
