"""Invariants checked on many generated cases (hypothesis), beyond the shipped examples.

* Another plan's classification (the national-style table: grid scope, grid size,
  several metrics) never gets less severe as a figure of the incident gets worse.
* An annual ban period, wrapping over the new year or not, holds on exactly the days
  from its start to its end, walking the calendar.
* The rows of a sweep do not depend on how the replications are cut into batches or
  in which order the batches come back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sim.inputs.loader import load_plan
from sim.plan.ban_notice import AnnualRange, Period
from sim.severity import classify
from sim.sweep.executor import _InOrder

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = load_plan(ROOT / "tests" / "data" / "national-style-plan.yaml")
SCOPES = ["regional", "provincial", "capital_city", "other_city", "county"]
#: least to most severe
ORDER = [None, *reversed([level.id for level in NATIONAL.severity_levels])]
WORSENING = ["load_shed_pct", "customers_out_pct", "generation_tripped_pct"]

share = st.floats(min_value=0, max_value=100, allow_nan=False)


@settings(max_examples=400, deadline=None)
@given(scope=st.sampled_from(SCOPES), load=st.floats(min_value=0, max_value=60_000, allow_nan=False),
       figures=st.fixed_dictionaries({m: share for m in WORSENING}), metric=st.sampled_from(WORSENING),
       worse=share)
def test_a_worse_figure_is_never_a_milder_level(scope, load, figures, metric, worse):
    values = {"grid_scope": scope, "grid_load_mw": load, **figures}
    before = classify(NATIONAL, values)
    values[metric] = max(figures[metric], worse)
    after = classify(NATIONAL, values)
    assert ORDER.index(after.severity) >= ORDER.index(before.severity)
    # the response started is the one the plan ties to the level, whichever row decided it
    starts = {level.severity: level.id for level in NATIONAL.response_levels}
    assert after.response_level == starts.get(after.severity)


month_day = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2000, 12, 31)).map(lambda d: d.strftime("%m-%d"))


def _walk(start: str, end: str) -> set[str]:
    """Every month-day from ``start`` to ``end`` inclusive, stepping through a leap year and
    wrapping past 12-31 when the end comes first."""
    day = dt.date(2000, int(start[:2]), int(start[3:]))
    days = {start}
    while day.strftime("%m-%d") != end:
        day += dt.timedelta(days=1)
        if day.year == 2001:
            day = dt.date(2000, 1, 1)
        days.add(day.strftime("%m-%d"))
    return days


@settings(max_examples=300, deadline=None)
@given(start=month_day, end=month_day, day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)))
def test_an_annual_period_holds_from_its_start_to_its_end(start, end, day):
    period = Period(id="p", name={"zh": "期", "en": "period"}, annual=AnnualRange(start=start, end=end),
                    assumption={"zh": "生成的时段", "en": "a generated period"})
    assert period.contains(day) == (day.strftime("%m-%d") in _walk(start, end))


@settings(max_examples=200, deadline=None)
@given(data=st.data(), n=st.integers(min_value=1, max_value=40), size=st.integers(min_value=1, max_value=9))
def test_batches_come_out_in_replication_order_whatever_order_they_arrive_in(data, n, size):
    parts = [(start, min(start + size, n)) for start in range(0, n, size)]
    received: list[int] = []
    ordered = _InOrder(0, received.extend)
    for start, stop in data.draw(st.permutations(parts)):
        ordered.put(start, stop, list(range(start, stop)))
    assert received == list(range(n))
