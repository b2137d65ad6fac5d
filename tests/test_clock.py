"""Reading a time a person typed (:func:`sim.clock.parse`): the forms a Chinese reader writes
beside the month-day form, all meaning the same moment of the run."""

from __future__ import annotations

import datetime as dt

import pytest

from sim.clock import parse
from sim.messages import render

START = dt.datetime(2024, 11, 12, 8, 0)
#: 11-13 14:26, hours after the start.
AT = 30 + 26 / 60


@pytest.mark.parametrize("typed", [
    "11-13 14:26", "2024-11-13 14:26", "11-13T14:26", "11-13 14：26",
    "11月13日 14:26", "11月13日14:26", "11月13日 14：26", "2024年11月13日 14:26", "2024年11月13日14时26分",
    "11月13日14点26分", "13日14时26分", "13号 14点26", " 13日 14:26 ",
])
def test_every_usual_way_of_writing_a_moment_reads_as_the_same_moment(typed):
    assert parse(START, typed) == pytest.approx(AT)


def test_an_hour_alone_a_half_hour_and_seconds_read_as_a_chinese_reader_means_them():
    assert parse(START, "13日14时") == pytest.approx(30)
    assert parse(START, "13日14点半") == pytest.approx(30.5)
    assert parse(START, "13日14时26分30秒") == pytest.approx(AT + 30 / 3600)
    assert parse(START, "11-13 14:26:30") == pytest.approx(AT + 30 / 3600)


def test_plain_hours_and_a_datetime_still_read_as_before():
    assert parse(START, "2.5") == 2.5
    assert parse(START, dt.datetime(2024, 11, 13, 14, 26)) == pytest.approx(AT)


def test_a_day_without_its_month_before_the_starts_day_is_in_the_next_month_and_a_month_before_the_start_in_the_next_year():
    assert parse(START, "1日 08:00") == pytest.approx((dt.datetime(2024, 12, 1, 8) - START).total_seconds() / 3600)
    assert parse(dt.datetime(2024, 12, 30, 8), "1月2日 08:00") == pytest.approx(3 * 24)
    assert parse(START, "12日 07:00") == -1  # the start's own day: an hour before the start, not next month


@pytest.mark.parametrize("typed", ["13日", "明天", "14:26", "13日 25:00", "11月31日 10:00", "11-13 14:26 下午"])
def test_what_is_not_a_moment_is_refused_with_a_message_in_both_languages(typed):
    with pytest.raises(ValueError) as refused:
        parse(START, typed)
    message = refused.value.args[0]
    assert all(typed.strip() in render(message, language) for language in ("zh", "en"))
