"""Statistics of paired replications, and a lowered threshold flagged replication by replication."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sim.inputs.loader import load_text
from sim.plan import PLAN_ADAPTER
from sim.sweep.compare import (
    CHUNK, Pairs, incomplete_beta, interval, level_rank, t_cdf, t_quantile,
)
from sim.sweep.executor import Job, run
from sim.inputs import load_case
from sim.sweep.rows import columns

ROOT = Path(__file__).resolve().parent.parent


def paired_report(header, baseline, variant, levels, incidents_per_year=None) -> dict:
    """The report of two arms' rows, added pair by pair as the compare command's sink does."""
    pairs = Pairs(header, levels)
    for a, b in zip(baseline, variant, strict=True):
        pairs.add(a, b)
    return pairs.report(incidents_per_year)
TEMPLATE = ROOT / "plans" / "scenarios" / "random-blackout.yaml"
PLAN = ROOT / "plans" / "guyang-blackout-2023.yaml"


@pytest.mark.parametrize("df, expected", [
    (1, 12.706204736), (2, 4.302652730), (5, 2.570581836), (10, 2.228138852), (30, 2.042272456), (120, 1.979930405),
])
def test_t_quantile_matches_tables(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-8)
    assert t_quantile(0.025, df) == pytest.approx(-expected, abs=1e-8)
    assert t_cdf(expected, df) == pytest.approx(0.975, abs=1e-10)


def test_t_quantile_tends_to_the_normal_and_rejects_bad_input():
    assert t_quantile(0.975, 1e5) == pytest.approx(1.959963985, abs=1e-4)
    assert t_quantile(0.5, 7) == pytest.approx(0.0, abs=1e-10)
    with pytest.raises(ValueError):
        t_quantile(1.0, 3)
    with pytest.raises(ValueError):
        t_quantile(0.9, 0)


def test_incomplete_beta_known_values():
    assert incomplete_beta(1, 1, 0.3) == pytest.approx(0.3)  # uniform
    assert incomplete_beta(2, 3, 0.4) == pytest.approx(0.5248)  # 1 - (0.6^4 + 4*0.4*0.6^3)
    assert incomplete_beta(2, 3, 0.0) == 0.0 and incomplete_beta(2, 3, 1.0) == 1.0


def test_interval_of_a_known_sample():
    # mean 3, sd sqrt(2.5), t(0.975, 4) = 2.776445105
    result = interval([1.0, 2.0, 3.0, 4.0, 5.0])
    half = 2.776445105 * math.sqrt(2.5) / math.sqrt(5)
    assert (result.n, result.mean) == (5, 3.0)
    assert result.sd == pytest.approx(math.sqrt(2.5))
    assert (result.low, result.high) == (pytest.approx(3 - half), pytest.approx(3 + half))
    assert result.excludes_zero


def test_interval_edges():
    assert interval([]).mean is None
    single = interval([2.5])
    assert (single.n, single.mean, single.low) == (1, 2.5, None)
    flat = interval([0.0, 0.0, 0.0])
    assert (flat.low, flat.high) == (0.0, 0.0) and not flat.excludes_zero
    around = interval([-1.0, 1.0, -1.0, 1.0])
    assert around.low < 0 < around.high and not around.excludes_zero


def test_levels_rank_from_no_response_up_to_the_highest():
    levels = ["I", "II", "III"]
    assert [level_rank(x, levels) for x in (None, "III", "II", "I")] == [0, 1, 2, 3]


def test_paired_report_on_rows():
    header = ("replication", "cause", "max_level", "hours_at_II", "response_h", "level_changes", "unit_hours",
              "unmet_duties", "warning_issued_at_h", "response_started_at_h", "terminated_at_h", "unit_hours_police")
    base = [(0, "x", "III", 0.0, 10.0, 1, 50.0, 0, None, 1.0, 11.0, 5.0),
            (1, "y", None, 0.0, None, 0, 0.0, 0, None, None, None, 0.0),
            (2, "z", "III", 0.0, 20.0, 1, 80.0, 0, 2.0, 1.0, 21.0, 8.0)]
    variant = [(0, "x", "II", 4.0, 10.0, 2, 58.0, 0, None, 1.0, 11.0, 9.0),
               base[1],
               (2, "z", "III", 0.0, 20.0, 1, 80.0, 0, 2.0, 1.0, 21.0, 8.0)]
    report = paired_report(header, base, variant, ["I", "II", "III"], incidents_per_year=4)
    assert report["changed"] == [{"replication": 0, "cause": "x", "baseline": "III", "variant": "II"}]
    assert report["transitions"] == [{"from": "III", "to": "II", "count": 1}]
    assert report["changed_share"] == pytest.approx(1 / 3)
    assert report["changed_per_year"] == pytest.approx(4 / 3)
    by_name = {m["measure"]: m for m in report["measures"]}
    assert by_name["hours_at_II"]["mean"] == pytest.approx(4 / 3)
    assert by_name["response_h"]["n"] == 3  # no response counts as 0 hours
    assert by_name["warning_issued_at_h"]["n"] == 1  # a time that did not happen is left out
    assert by_name["max_level_rank"]["baseline"] == pytest.approx(2 / 3)
    assert report["units"][0]["measure"] == "police" and report["units"][0]["mean"] == pytest.approx(4 / 3)
    assert [e["level"] for e in report["levels"]] == ["I", "II", "III", None]
    with pytest.raises(ValueError):
        paired_report(header, base, list(reversed(variant)), ["I", "II", "III"])


def test_lowering_the_level_ii_threshold_changes_replications_on_common_random_numbers():
    case = load_case(TEMPLATE, template=True)
    text = PLAN.read_text(encoding="utf-8")
    # 附件1: serious from 40 % load shed, general below it; the variant moves both bounds to 30 %.
    edited = text.replace("          min: 40\n", "          min: 30\n", 1).replace("          max: 40\n", "          max: 30\n", 1)
    changed_lines = [(a, b) for a, b in zip(text.splitlines(), edited.splitlines()) if a != b]
    assert [b.strip() for _, b in changed_lines] == ["min: 30", "max: 30"]
    plan = load_text(edited, "variant.yaml", PLAN_ADAPTER)
    variant = case.changed(plans={plan.id: plan})
    job = Job((case, variant), 1, columns([case.plans, variant.plans], case.scenario.plans))
    names = job.layout.names
    rows = run(job, 40, workers=2)
    first_outcome = names.index("max_severity")
    for base_row, variant_row in rows:  # common random numbers: the same incident and seed in both arms
        assert base_row[:first_outcome] == variant_row[:first_outcome]
    report = paired_report(names, [r[0] for r in rows], [r[1] for r in rows], ["I", "II", "III"])
    assert report["changed"], "a 30 % threshold should raise some incident from Level III to II"
    for entry in report["changed"]:
        assert (entry["baseline"], entry["variant"]) == ("III", "II")
        assert 30 <= entry["peak_load_shed_pct"] < 40  # between the old and the new threshold
    hours_ii = next(m for m in report["measures"] if m["measure"] == "hours_at_II")
    assert hours_ii["mean"] > 0
    unchanged = set(range(40)) - {e["replication"] for e in report["changed"]}
    for i in unchanged:
        low = rows[i][0][names.index("peak_load_shed_pct")] < 30
        if low and rows[i][0][names.index("peak_customers_out_pct")] < 50:
            assert rows[i][0] == rows[i][1]  # below both thresholds the variant changes nothing


def synthetic_rows(n: int, seed: int = 3):
    """``n`` pairs of rows with varied, sometimes missing values; every fifth pair's level changes."""
    import random

    rng = random.Random(seed)
    header = ("replication", "cause", "max_level", "hours_at_II", "response_h", "warning_issued_at_h",
              "unit_hours_police")
    base, variant = [], []
    for i in range(n):
        warning = None if rng.random() < 0.3 else rng.uniform(0, 5)
        response = rng.uniform(0, 100)
        base.append((i, "x", "III", 0.0, response, warning, rng.uniform(0, 10)))
        variant.append((i, "x", "II" if i % 5 == 0 else "III", rng.uniform(0, 3), response + rng.gauss(1, 2),
                        None if rng.random() < 0.3 else rng.uniform(0, 5), rng.uniform(0, 10)))
    return header, base, variant


def test_a_compare_of_many_chunks_gives_the_intervals_of_the_whole_sequence():
    import statistics

    n = 2 * CHUNK + 37
    header, base, variant = synthetic_rows(n)
    report = paired_report(header, base, variant, ["I", "II", "III"])
    by_name = {m["measure"]: m for m in report["measures"]}
    responses = [b[4] - a[4] for a, b in zip(base, variant)]
    whole = interval(responses)
    assert by_name["response_h"]["n"] == n
    assert by_name["response_h"]["mean"] == pytest.approx(statistics.fmean(responses), rel=1e-12)
    assert by_name["response_h"]["sd"] == pytest.approx(statistics.stdev(responses), rel=1e-12)
    assert (by_name["response_h"]["low"], by_name["response_h"]["high"]) == (
        pytest.approx(whole.low, rel=1e-12), pytest.approx(whole.high, rel=1e-12))
    warnings = [b[5] - a[5] for a, b in zip(base, variant) if a[5] is not None and b[5] is not None]
    assert by_name["warning_issued_at_h"]["n"] == len(warnings) < n  # a pair with a missing time is left out
    assert by_name["warning_issued_at_h"]["mean"] == pytest.approx(statistics.fmean(warnings), rel=1e-12)
    assert by_name["warning_issued_at_h"]["baseline"] == pytest.approx(
        statistics.fmean(a[5] for a in base if a[5] is not None), rel=1e-12)
    assert by_name["max_level_rank"]["mean"] == pytest.approx(len(range(0, n, 5)) / n, rel=1e-12)
    assert [e["replication"] for e in report["changed"]] == list(range(0, n, 5))
    assert report["levels"][1:3] == [{"level": "II", "baseline": 0, "variant": len(range(0, n, 5))},
                                     {"level": "III", "baseline": n, "variant": n - len(range(0, n, 5))}]


def test_a_compare_reports_the_same_whatever_batches_the_rows_arrive_in():
    header, base, variant = synthetic_rows(CHUNK + 300)
    reports = []
    for size in (1, 7, 50, len(base)):
        pairs = Pairs(header, ["I", "II", "III"])
        for k in range(0, len(base), size):
            pairs.extend(list(zip(base[k:k + size], variant[k:k + size])))
        reports.append(pairs.report())
    assert all(report == reports[0] for report in reports[1:])


def test_a_compare_holds_the_same_memory_for_ten_times_the_replications():
    import tracemalloc

    header = ("replication", "cause", "max_level", "hours_at_II", "response_h", "unit_hours_police")
    pairs = Pairs(header, ["I", "II", "III"])

    def add(first: int, count: int) -> None:
        for i in range(first, first + count):
            row = (i, "x", "III", 0.0, float(i % 97), float(i % 13))
            pairs.add(row, row)

    tracemalloc.start()
    try:
        add(0, 2 * CHUNK)
        after_few = tracemalloc.get_traced_memory()[0]
        add(2 * CHUNK, 20 * CHUNK)
        after_many = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert after_many - after_few < 100_000  # bytes: a few chunks' statistics, not 20,000 pairs of values
    assert pairs.report()["n"] == 22 * CHUNK


def test_compare_and_the_what_if_page_name_every_measure_from_one_catalogue():
    """One set of outcome measures, one name each: the command line's table and the What-if
    page read the same catalogue entry, and every measure compared has one."""
    from sim.inputs.loader import load_plan
    from sim.messages import MESSAGES
    from sim.sweep.compare import MEASURES, measure_label

    plan = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
    for measure in ["max_level_rank", *(name for name, _ in MEASURES)]:
        assert (measure_label(measure, plan, "zh"), measure_label(measure, plan, "en")) == MESSAGES[f"measure.{measure}"]
    assert measure_label("hours_at_II", plan, "zh") == "Ⅱ级应急响应 持续小时数"
    assert measure_label("hours_at_II", plan, "en") == "Hours at Level II response"
    assert measure_label("hours_at_II", None, "en") == "Hours at II"


def test_the_what_if_variant_differs_from_the_shipped_plan_only_in_the_lowered_threshold():
    """The variant every compare example uses is the shipped plan with one boundary moved: a variant
    left behind as the plan evolves would credit the threshold with every other difference."""
    variant = (ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml").read_text(encoding="utf-8")
    plan = PLAN.read_text(encoding="utf-8")
    body = "\n".join(line for line in variant.splitlines() if not line.startswith("#"))
    expected = "\n".join(line for line in plan.splitlines() if not line.startswith("#"))
    serious = "- metric: load_shed_pct\n          min: 40\n          max: 60"
    general = "- metric: load_shed_pct\n          min: 20\n          max: 40"
    assert expected.count(serious) == 1 and expected.count(general) == 1
    expected = expected.replace(serious, serious.replace("min: 40", "min: 35"))
    expected = expected.replace(general, general.replace("max: 40", "max: 35"))
    assert body == expected


def test_a_verdict_where_every_replication_changed_says_no_word_of_the_other_none():
    from sim.sweep.words import verdict

    plan = load_case(Path(__file__).resolve().parent.parent / "plans" / "scenarios" / "winter-ice-storm.yaml").plans[
        "guyang-blackout-2023"]
    report = {"n": 3, "measures": [], "changed": [{}, {}, {}],
              "transitions": [{"from": None, "to": plan.response_levels[-1].id, "count": 3}]}
    level = plan.response_levels[-1].name
    assert verdict(report, plan, "zh", False) == f"3 次重复中，3 次重复由未启动响应升为{level.zh}。"
    assert verdict(report, plan, "en", False) == f"Of 3 replications, 3 replications went up from no response to {level.en}."
    report = {**report, "n": 4}
    assert verdict(report, plan, "zh", False).endswith("；其余 1 次重复最高响应级别不变。")
