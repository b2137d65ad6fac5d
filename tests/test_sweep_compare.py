"""Statistics of paired replications, and a lowered threshold flagged replication by replication."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from sim.inputs.loader import load_text
from sim.plan import PLAN_ADAPTER
from sim.sweep.compare import (
    CHUNK, KEPT, Pairs, incomplete_beta, interval, level_rank, t_cdf, t_quantile,
)
from sim.sweep.executor import Job, run
from sim.inputs import load_case
from sim.sweep.rows import columns
from sim.sweep.words import changes_text, happened_lines

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
    assert report["changed"] == [{"replication": 0, "cause": "x", "baseline": "III", "variant": "II", "changes": [
        {"measure": "max_level", "baseline": "III", "variant": "II"},
        {"measure": "hours_at_II", "baseline": 0.0, "variant": 4.0},
        {"measure": "level_changes", "baseline": 1, "variant": 2},
        {"measure": "unit_hours", "baseline": 50.0, "variant": 58.0}]}]  # each unit's hours are in the total
    assert report["changed_count"] == 1
    assert report["transitions"] == [{"from": "III", "to": "II", "count": 1}]
    assert report["changed_share"] == pytest.approx(1 / 3)
    assert report["changed_per_year"] == pytest.approx(4 / 3)
    by_name = {m["measure"]: m for m in report["measures"]}
    assert by_name["hours_at_II"]["mean"] == pytest.approx(4 / 3)
    assert by_name["response_h"]["n"] == 3  # no response counts as 0 hours
    assert by_name["warning_issued_at_h"]["n"] == 1  # a time that did not happen is left out
    assert by_name["max_level_rank"]["baseline"] == pytest.approx(2 / 3)
    assert report["units"][0]["measure"] == "police" and report["units"][0]["mean"] == pytest.approx(4 / 3)
    assert report["units"][0]["changed"] == 1  # counted as every measure is, though not told among the changes
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
    raised = [entry for entry in report["changed"] if entry["baseline"] != entry["variant"]]
    assert raised, "a 30 % threshold should raise some incident from Level III to II"
    for entry in raised:
        assert (entry["baseline"], entry["variant"]) == ("III", "II")
        assert 30 <= entry["peak_load_shed_pct"] < 40  # between the old and the new threshold
    for entry in report["changed"]:
        assert entry["peak_load_shed_pct"] >= 30  # a replication that never sheds 30 % changes in nothing
        if entry not in raised:  # Level II in both: declared sooner, as the load shed passes 30 % on its way to 40 %
            hours = {c["measure"]: c for c in entry["changes"]}["hours_at_II"]
            assert hours["variant"] > hours["baseline"]
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
    assert by_name["warning_issued_at_h"]["baseline"] == pytest.approx(  # over the same pairs as the difference
        statistics.fmean(a[5] for a, b in zip(base, variant) if a[5] is not None and b[5] is not None), rel=1e-12)
    assert by_name["warning_issued_at_h"]["happened"]["baseline"] == sum(a[5] is not None for a in base)
    assert by_name["max_level_rank"]["mean"] == pytest.approx(len(range(0, n, 5)) / n, rel=1e-12)
    assert report["changed_count"] == n  # every response's length moved; the first KEPT are listed
    assert [e["replication"] for e in report["changed"]] == list(range(KEPT))
    assert [e["replication"] for e in report["changed"] if e["baseline"] != e["variant"]] == list(range(0, KEPT, 5))
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
    assert measure_label("hours_at_II", plan, "zh") == "Ⅱ级应急响应持续时长"
    assert measure_label("hours_at_II", plan, "en") == "Time at Level II response"
    assert measure_label("hours_at_II", None, "en") == "Time at II"


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
    report = {"n": 3, "measures": [], "changed": [{}, {}, {}], "changed_count": 3,
              "transitions": [{"from": None, "to": plan.response_levels[-1].id, "count": 3}]}
    level = plan.response_levels[-1].name
    assert verdict(report, plan, "zh", False) == f"3 次重复中，3 次重复由未启动响应升为{level.zh}。"
    assert verdict(report, plan, "en", False) == f"Of 3 replications, 3 replications went up from no response to {level.en}."
    report = {**report, "n": 4}
    assert verdict(report, plan, "zh", False).endswith("；其余 1 次重复最高响应级别不变。")


FIRE_HEADER = ("replication", "max_level", "unit_hours", "fires_started", "hectares_burned", "fines_yuan",
               "warning_issued_at_h")


def test_a_replication_whose_level_stays_but_whose_fires_or_fines_change_is_changed_with_what_changed():
    base = [(0, None, 10.0, 3, 12.0, 500, None), (1, None, 10.0, 1, 2.5, 0, None), (2, "III", 40.0, 0, 0.0, 0, 3.0)]
    variant = [(0, None, 10.0, 2, 8.5, 500, None), (1, None, 10.0, 1, 2.5, 1000, None), base[2]]
    report = paired_report(FIRE_HEADER, base, variant, ["I", "II", "III"])
    assert report["transitions"] == [] and report["changed_count"] == 2
    assert [(e["replication"], e["changes"]) for e in report["changed"]] == [
        (0, [{"measure": "fires_started", "baseline": 3, "variant": 2},
             {"measure": "hectares_burned", "baseline": 12.0, "variant": 8.5}]),
        (1, [{"measure": "fines_yuan", "baseline": 0, "variant": 1000}])]
    counts = {m["measure"]: m["changed"] for m in report["measures"]}
    assert counts == {"max_level_rank": 0, "unit_hours": 0, "fires_started": 1, "hectares_burned": 1, "fines_yuan": 1,
                      "warning_issued_at_h": 0}


def test_a_measure_that_is_zero_or_absent_in_every_replication_of_both_arms_is_idle_and_any_other_is_not():
    base = [(0, "III", 40.0, 0, 0.0, 0, None), (1, None, 10.0, 0, 0.0, 500, None)]
    variant = [(0, "II", 40.0, 0, 0.0, 0, None), (1, None, 12.0, 0, 0.0, 0, None)]
    report = paired_report(FIRE_HEADER, base, variant, ["I", "II", "III"])
    idle = {m["measure"]: m["idle"] for m in report["measures"]}
    assert idle == {"max_level_rank": False, "unit_hours": False, "fires_started": True, "hectares_burned": True,
                    "fines_yuan": False, "warning_issued_at_h": True}  # fines: 500 in one arm only


def test_a_time_that_happens_under_one_plan_only_is_a_change_though_it_has_no_difference():
    base = [(0, "III", 40.0, 0, 0.0, 0, 3.0)]
    variant = [(0, "III", 40.0, 0, 0.0, 0, None)]
    report = paired_report(FIRE_HEADER, base, variant, ["I", "II", "III"])
    assert report["changed"][0]["changes"] == [{"measure": "warning_issued_at_h", "baseline": 3.0, "variant": None}]
    warning = next(m for m in report["measures"] if m["measure"] == "warning_issued_at_h")
    assert warning["n"] == 0 and warning["changed"] == 1  # no pair to difference, yet it changed


def test_a_compare_keeps_the_first_changed_replications_and_counts_them_all(monkeypatch):
    import sim.sweep.compare as compare

    monkeypatch.setattr(compare, "KEPT", 4)
    pairs = Pairs(FIRE_HEADER, ["I", "II", "III"])
    for i in range(10):
        pairs.add((i, None, 1.0, 1, 1.0, 0, None), (i, None, 1.0, 1 + i % 2, 1.0, 0, None))
    report = pairs.report(incidents_per_year=2)
    assert [e["replication"] for e in report["changed"]] == [1, 3, 5, 7]
    assert report["changed_count"] == 5 and report["changed_share"] == 0.5 and report["changed_per_year"] == 1.0


@pytest.mark.parametrize("language, expected", [
    ("zh", "最高响应级别：Ⅲ级应急响应 → Ⅱ级应急响应；火灾次数：3 → 2；过火面积（公顷）：12.00 → 8.50；"
           "罚款总额（元）：500 → 1000；开始至发布预警的时长：3 小时 15 分钟 → 未发生"),
    ("en", "Highest response level: Level III response → Level II response; Fires: 3 → 2; Area burned (ha): 12.00 → 8.50; "
           "Fines (yuan): 500 → 1000; Time from the start to the warning: 3 h 15 min → did not happen"),
])
def test_what_a_replication_changed_reads_as_names_and_figures_in_the_readers_language(language, expected):
    from sim.sweep.words import changes_text

    plan = load_case(ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml").plans["guyang-blackout-2023"]
    changes = [{"measure": "max_level", "baseline": "III", "variant": "II"},
               {"measure": "fires_started", "baseline": 3, "variant": 2},
               {"measure": "hectares_burned", "baseline": 12.0, "variant": 8.5},
               {"measure": "fines_yuan", "baseline": 500, "variant": 1000},
               {"measure": "warning_issued_at_h", "baseline": 3.25, "variant": None}]
    assert changes_text(changes, plan, language) == expected


def test_a_verdict_counts_the_replications_that_changed_in_other_outcomes_and_names_the_most_changed_measures():
    from sim.sweep.words import verdict

    report = {"n": 5, "changed": [{}] * 3, "changed_count": 3, "transitions": [],
              "measures": [{"measure": "max_level_rank", "changed": 0, "excludes_zero": False},
                           {"measure": "fires_started", "changed": 1, "excludes_zero": False},
                           {"measure": "fines_yuan", "changed": 3, "excludes_zero": True},
                           {"measure": "unit_hours", "changed": 0, "excludes_zero": False}]}
    assert verdict(report, None, "zh", False) == (
        "5 次重复中，最高响应级别均未改变。 结果有改变的共 3 次重复，改变最多的指标：罚款总额（元）（3 次）、火灾次数（1 次）。"
        " 差值的 95% 置信区间不含 0 的指标：罚款总额（元）。")
    assert verdict(report, None, "en", False) == (
        "Of 5 replications, none changed its highest response level. 3 replications changed in some outcome, most "
        "often: Fines (yuan) (in 3), Fires (in 1). Measures whose 95 % interval of the difference excludes 0: Fines (yuan).")


def test_a_time_that_happens_more_often_under_one_plan_has_arm_means_whose_gap_is_the_paired_difference():
    """A response that starts in 3 incidents under the original and in all 4 under the edited
    plan: the edited mean is not that of other incidents (which read 26 → 14 beside a
    difference of 0), and how often it happened under each plan is reported and said."""
    base = [(0, "III", 40.0, 0, 0.0, 0, 20.0), (1, "III", 40.0, 0, 0.0, 0, 30.0),
            (2, "III", 40.0, 0, 0.0, 0, 28.0), (3, None, 10.0, 0, 0.0, 0, None)]
    variant = [*base[:3], (3, "II", 10.0, 0, 0.0, 0, 2.0)]
    report = paired_report(FIRE_HEADER, base, variant, ["I", "II", "III"])
    warning = next(m for m in report["measures"] if m["measure"] == "warning_issued_at_h")
    assert (warning["baseline"], warning["variant"], warning["mean"], warning["n"]) == (26.0, 26.0, 0.0, 3)
    assert warning["happened"] == {"baseline": 3, "variant": 4}
    assert warning["changed"] == 1 and not warning["idle"]
    assert happened_lines([warning], None, "zh") == [
        "开始至发布预警的时长：原预案下发生于 3 次重复，修改后 4 次；表中均值与差值取两种预案下都发生的 3 次"]


def test_a_time_that_happens_under_the_edited_plan_only_is_not_left_out_as_idle():
    base = [(0, None, 10.0, 0, 0.0, 0, None)]
    variant = [(0, "II", 10.0, 0, 0.0, 0, 2.0)]
    warning = next(m for m in paired_report(FIRE_HEADER, base, variant, ["I", "II", "III"])["measures"]
                   if m["measure"] == "warning_issued_at_h")
    assert not warning["idle"] and warning["happened"] == {"baseline": 0, "variant": 1}


@pytest.mark.parametrize("language, expected", [
    ("zh", "启动响应：未发生 → 09-07 07:07；响应终止：09-08 21:30 → 09-08 19:15"),
    ("en", "Response started: did not happen → 09-07 07:07; Response ended: 09-08 21:30 → 09-08 19:15"),
])
def test_a_changed_replications_moments_read_as_the_clock_times_of_its_rows_as_the_run_page_shows_them(
        language, expected):
    changes = [{"measure": "response_started_at_h", "baseline": None, "variant": 2.1167,
                "baseline_at": None, "variant_at": "2024-09-07 07:07"},
               {"measure": "terminated_at_h", "baseline": 40.5, "variant": 38.25,
                "baseline_at": "2024-09-08 21:30", "variant_at": "2024-09-08 19:15"}]
    assert changes_text(changes, None, language) == expected


def test_a_changed_moment_keeps_the_minute_its_row_holds_not_the_one_its_rounded_hour_would_give():
    """49.6499… h after 2023-11-12 00:00 is 01:38 on the clock, as ``run`` prints it; its row
    holds 49.65 h, which read as a clock time would be 01:39."""
    header = ("replication", "max_level", "terminated_at_h", "terminated_at")
    report = paired_report(header, [(0, "II", 49.65, "2023-11-14 01:38")], [(0, "II", 50.0, "2023-11-14 02:00")],
                           ["I", "II", "III"])
    change = report["changed"][0]["changes"][0]
    assert change == {"measure": "terminated_at_h", "baseline": 49.65, "variant": 50.0,
                      "baseline_at": "2023-11-14 01:38", "variant_at": "2023-11-14 02:00"}
    assert changes_text([change], None, "en") == "Response ended: 11-14 01:38 → 11-14 02:00"


@pytest.mark.parametrize("language, mean, spread, arms", [
    ("zh", "+1 小时 15 分钟", "[-8 分钟, +2 小时 33 分钟]", ("4 小时 30 分钟", "5 小时 45 分钟")),
    ("en", "+1 h 15 min", "[-8 min, +2 h 33 min]", ("4 h 30 min", "5 h 45 min")),
])
def test_a_length_of_time_compared_reads_in_hours_and_minutes_with_its_interval_in_the_readers_language(
        language, mean, spread, arms):
    from sim.sweep.words import paired

    m = {"measure": "response_h", "baseline": 4.5, "variant": 5.75, "mean": 1.25, "low": -0.13, "high": 2.55}
    assert paired(m, language) == {"baseline": arms[0], "variant": arms[1], "mean": mean, "interval": spread}
    count = {**m, "measure": "level_changes"}  # not a length of time: two places, as before
    assert paired(count, language) == {"baseline": "4.50", "variant": "5.75", "mean": "+1.25", "interval": "[-0.13, +2.55]"}


@pytest.mark.parametrize("language, hours, expected", [
    ("zh", True, "[+<1 分钟, +4 分钟]"),
    ("en", True, "[+<1 min, +4 min]"),
    ("en", False, "[+<0.01, +0.07]"),
])
def test_the_end_of_an_interval_that_excludes_zero_never_reads_zero_even_when_it_rounds_to_nothing(
        language, hours, expected):
    from sim.sweep.words import paired

    m = {"measure": "unit_hours_expert_group", "baseline": 0.5, "variant": 0.533, "mean": 0.033,
         "low": 0.0004, "high": 0.067, "excludes_zero": True}
    assert paired(m, language, hours)["interval"] == expected
    below = {**m, "baseline": 0.533, "variant": 0.5, "low": -0.067, "high": -0.0004, "mean": -0.033}
    assert paired(below, language, hours)["interval"].endswith(("-<1 分钟]", "-<1 min]", "-<0.01]"))
    across = {**m, "low": -0.0004, "excludes_zero": False}  # an interval across 0 may well end at 0
    assert paired(across, language, hours)["interval"].startswith(("[0 分钟", "[0 min", "[0.00"))


def test_a_difference_of_time_that_rounds_to_no_minute_has_no_direction_and_a_shorter_one_reads_minus():
    from sim.clock import duration

    assert [duration(h, "en", signed=True) for h in (0.004, -0.004, 0.0)] == ["0 min"] * 3
    assert [duration(h, "zh", signed=True) for h in (-1.25, 2.0, 0.5)] == ["-1 小时 15 分钟", "+2 小时", "+30 分钟"]
    assert duration(-0.5, "en") == "-30 min"  # not divmod's -1 h 30 min


def test_a_length_of_time_past_any_clock_reads_as_none_rather_than_breaking_the_page_that_shows_it():
    from sim.clock import duration

    assert [duration(h, "zh") for h in (1e308, -1e308, float("inf"), float("nan"), None)] == ["—"] * 5
    assert duration(1e6, "en") == "1000000 h"  # large, but on a clock


def _adds_up(said: dict[str, str]) -> bool:
    """Whether the edited mean less the original, as shown, is the difference shown."""
    base, variant, mean = (Decimal(said[key]) for key in ("baseline", "variant", "mean"))
    return variant - base == mean


def test_means_whose_two_place_rounding_would_not_add_up_are_shown_to_the_place_at_which_they_do():
    """0.415 → 0.43 with a paired difference of 0.015: rounded each on its own to two places,
    the table read 0.41 → 0.43 beside +0.01, and a planner who subtracts found 0.02."""
    from sim.sweep.words import paired

    m = {"measure": "max_level_rank", "baseline": 0.415, "variant": 0.43, "mean": 0.015, "low": -0.002,
         "high": 0.032, "excludes_zero": False}
    assert (f"{m['baseline']:.2f}", f"{m['variant']:.2f}", f"{m['mean']:+.2f}") == ("0.41", "0.43", "+0.01")
    assert paired(m, "zh") == {"baseline": "0.415", "variant": "0.430", "mean": "+0.015", "interval": "[0.00, +0.03]"}
    # the other side: means that add up to two places keep two places
    kept = {**m, "baseline": 0.395, "variant": 0.41}
    assert paired(kept, "zh") == {"baseline": "0.40", "variant": "0.41", "mean": "+0.01", "interval": "[0.00, +0.03]"}


@pytest.mark.parametrize("language, expected", [
    ("zh", {"baseline": "10 分 36 秒", "variant": "11 分 24 秒", "mean": "+48 秒", "interval": "[0 分钟, +2 分钟]"}),
    ("en", {"baseline": "10 m 36 s", "variant": "11 m 24 s", "mean": "+48 s", "interval": "[0 min, +2 min]"}),
])
def test_lengths_of_time_whose_minutes_would_not_add_up_are_said_to_the_second(language, expected):
    from sim.sweep.words import paired

    m = {"measure": "response_h", "baseline": 636 / 3600, "variant": 684 / 3600, "mean": 48 / 3600,
         "low": -12 / 3600, "high": 108 / 3600, "excludes_zero": False}
    assert paired(m, language) == expected  # to the minute: 11 → 11 beside +1
    whole = {**m, "baseline": 0.5, "variant": 0.75, "mean": 0.25, "low": 0.1, "high": 0.4}
    assert paired(whole, language)["mean"] == ("+15 分钟" if language == "zh" else "+15 min")


def test_the_shown_means_of_any_pair_differ_by_the_shown_difference():
    from sim.sweep.words import paired

    rng = np.random.default_rng(3)
    for base, variant in rng.uniform(-50, 50, size=(2000, 2)):
        m = {"measure": "hectares_burned", "baseline": float(base), "variant": float(variant),
             "mean": float(variant - base), "low": None, "high": None}
        assert _adds_up(paired(m, "en")), m
