"""A figure's unit reads in the reader's language: a unit that is a word (户, 人, 起) may be
given as ``{zh, en}``, and one written alike in both (``%``, ``MW``) stays a plain string."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.errors import InputError
from sim.inputs.loader import load_text
from sim.plan import PLAN_ADAPTER
from sim.report import figure_value
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
    assert figure_value(metric, 2, language) == f"2 {said}"  # the report, the walk-through, classify
    assert metric_unit(metric.unit, language) == said  # the Plans page, the What-if editor, the charts
    assert criterion_text(check, plan, language).endswith(f"0.5{said}")  # a criterion in words, as range_text writes it


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_unit_written_as_one_string_reads_as_written_in_either_language(language):
    plan, metric, check = _plan("起")
    assert figure_value(metric, 2, language) == "2 起"
    assert metric_unit(metric.unit, language) == "起"
    assert criterion_text(check, plan, language).endswith("0.5起")


def test_a_unit_given_in_one_language_of_two_is_refused_at_its_line():
    with pytest.raises(InputError) as caught:
        _plan("{zh: 起}")
    assert any(p.startswith(f"plan.yaml:{GUYANG.split(COUNTED)[0].count(chr(10)) + 3}:5: metrics.") and "'en'" in p
               for p in map(str, caught.value.problems)), caught.value.problems
