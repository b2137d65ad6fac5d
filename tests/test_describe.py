"""Plan rules in words (the Plans page): every length of time reads as people say it."""

from __future__ import annotations

import pytest

from sim.plan.common import Source
from sim.plan.response_plan import Task
from sim.ui.describe import task_text

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
