"""Why a level: the walk-through names the figures that met it, the rule that keeps the lowest
level when none is met, and the time the plan gives to decide.

A trainer asks "why did Level II start here?" and the answer must be checkable against the
plan: which part of the band held, with which figure, its value then and the threshold, each
with its own clause; and a change of level proposed while the figures meet no level must say
why it is the lowest level rather than read "as classified"."""

from __future__ import annotations

from pathlib import Path

import pytest

from app_pages import walk_page
from sim.clock import clock, duration
from sim.engine.run import run_scenario
from sim.event_rules import explain, grounds
from sim.event_text import event_text
from sim.inputs import load_case
from sim.plan.criteria import range_text
from sim.report import criterion_met, names_from
from sim.severity import Leaf
from sim.ui.runs import held_run
from sim.ui.walk import classified_on_at, entry_grounds, ground_lines, row_at
from sim.ui.walk_handout import handout_html

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "plans" / "scenarios"
EXAMPLES = ROOT / "plans" / "examples" / "scenarios"


def observed(path: Path, seed: int = 7):
    case = load_case(path)
    draw = case.draw(seed)
    return case, run_scenario(draw.scenario, case.plans, case.area, draw.seed, observe=True)


@pytest.fixture(scope="module")
def substation_fire():
    return observed(SCENARIOS / "substation-fire.yaml")


@pytest.fixture(scope="module")
def ice_storm():
    return observed(SCENARIOS / "winter-ice-storm.yaml")


@pytest.fixture(scope="module")
def liangshan():
    return observed(EXAMPLES / "liangshan-thunderstorm.yaml")


def first(result: dict, action: str, **fields) -> dict:
    return next(e for e in result["events"] if e["action"] == action and all(e.get(k) == v for k, v in fields.items()))


def walked(case, result: dict, seed: int = 7) -> dict:
    """The run as the Walk-through holds it."""
    return held_run(case, seed, result)


def lines(case, result, event, language: str) -> list[tuple[str, str]]:
    plan = case.plans[event["plan"]]
    return [line for kind, ground in entry_grounds(walked(case, result), event)
            for line in ground_lines(kind, ground, plan, language)]


def test_the_engine_records_the_values_each_plans_classification_read_as_they_change(substation_fire):
    case, result = substation_fire
    declared = first(result, "declare_response")
    values = classified_on_at(result, declared["plan"], declared["t_h"])
    assert values["load_shed_pct"] == row_at(result, declared["t_h"])["load_shed_pct"]
    entries = result["observed"]["classified_on"][declared["plan"]]
    assert all(a["values"] != b["values"] for a, b in zip(entries, entries[1:]))  # one entry per change
    assert classified_on_at(result, declared["plan"], -1.0) is None  # nothing before the run's first look


@pytest.mark.parametrize("language, said", [
    ("zh", "当时成立的分级条件：减供负荷比例 47.7 % ∈ [40 %, 60 %)（附件1 二 「减供负荷 40%以上 60%以下」）"),
    ("en", "What held then: Load shed (share of the county grid's load) 47.7 % ∈ [40 %, 60 %) "
           "(Annex 1, II 「减供负荷 40%以上 60%以下」)"),
])
def test_the_declarations_why_names_the_figure_its_value_then_and_the_threshold_it_crossed(substation_fire, language, said):
    case, result = substation_fire
    declared = first(result, "declare_response", to="II")
    shown = {f"{label}：{words}" if language == "zh" else f"{label}: {words}"
             for label, words in lines(case, result, declared, language)}
    assert said in shown


def test_the_part_that_held_is_the_engines_own_leaf_with_the_value_the_time_series_recorded(substation_fire):
    case, result = substation_fire
    declared = first(result, "declare_response")
    ((kind, band), *_) = entry_grounds(walked(case, result), declared)
    assert kind == "classification" and band.met
    plan = case.plans[declared["plan"]]
    level = next(level for level in plan.severity_levels if level.id == declared["classification"])
    for leaf, value in band.met:
        part = next(p for p in level.criteria.any_of if getattr(p, "metric", None) == leaf.key)
        assert (leaf.min, leaf.max, leaf.source) == (part.min, part.max, part.source)
        assert value == row_at(result, declared["t_h"])[leaf.key]


def test_a_band_quoted_only_by_its_lead_in_names_the_headquarters_rating_that_met_it(liangshan):
    case, result = liangshan
    proposed = first(result, "adjustment_proposed", classification="serious")
    plan = case.plans[proposed["plan"]]
    level = next(level for level in plan.severity_levels if level.id == "serious")
    rating = next(part for part in level.criteria.any_of if part.metric == "hq_rates_serious")
    said = dict(lines(case, result, proposed, "zh"))
    assert said["当时成立的分级条件"] == f"县指挥部研究确定为较大事件：是（{rating.source.line('zh')}）"
    assert level.source.quote in said["当时的分级"]  # the lead-in stays the band's own citation


def test_a_part_resting_on_an_assumption_says_it_beside_its_figure(liangshan):
    case, _ = liangshan
    plan = next(p for p in case.plans.values() if getattr(p, "severity_levels", None))
    level = next(level for level in plan.severity_levels if level.id == "serious")
    seat = next(part for part in level.criteria.any_of if getattr(part, "grid", None) == "county_seat")
    band = grounds({"action": "declare_response", "plan": plan.id, "to": "II", "classification": "serious"},
                   case.plans, {"load_shed_pct@county_seat": 45.0})[0][1]
    ((leaf, value),) = band.met
    (_, said) = ground_lines("classification", band, plan, "en")[1]
    assert value == 45.0 and seat.assumption.en in said and seat.source.quote in said


def test_a_result_not_observed_names_the_band_but_claims_no_figure(substation_fire):
    case, result = substation_fire
    declared = first(result, "declare_response")
    bare = {k: v for k, v in result.items() if k != "observed"}
    ((kind, band), *_) = entry_grounds(walked(case, bare), declared)
    assert kind == "classification" and band.met == ()


def test_a_value_just_under_a_bound_it_does_not_reach_never_reads_as_that_bound(substation_fire):
    case, _ = substation_fire
    plan = case.plans["guyang-blackout-2023"]
    leaf = Leaf("load_shed_pct", 40, 60)
    assert criterion_met(leaf, 59.97, plan, "en").endswith(f"59.97 % {range_text(40, 60, plan.bounds, '%', 'en')}")
    assert " 40 % " in criterion_met(leaf, 40.0, plan, "en")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_declaration_says_how_long_the_plan_gives_its_decider_and_on_what_grounds(substation_fire, language):
    case, result = substation_fire
    declared = first(result, "declare_response")
    plan = case.plans[declared["plan"]]
    decision = plan.reporting.decision
    ((kind, time),) = [(k, g) for k, g in entry_grounds(walked(case, result), declared) if k == "decision"]
    (_, said), = ground_lines(kind, time, plan, language)
    assert duration(decision.hours, language) in said
    level = next(level for level in plan.response_levels if level.id == declared["to"])
    assert level.source.quote in said and getattr(decision.assumption, language) in said  # the level declared's rule
    hop = next(e for e in result["events"] if decision.unit in (e.get("to") or ()))  # the report reaching the decider
    assert clock(result["start"], hop["t_h"]) in said and hop["t_h"] < declared["t_h"]


def test_the_time_to_decide_says_a_run_draws_it_only_when_the_scenario_spreads_working_times(substation_fire):
    case, result = substation_fire
    declared = first(result, "declare_response")
    run = walked(case, result)
    plan = case.plans[declared["plan"]]
    spread = run["scenario"].stochastic.work_time_sigma
    ((_, time),) = [(k, g) for k, g in entry_grounds(run, declared) if k == "decision"]
    assert spread > 0 and "办事快慢" in time.text["zh"]
    steady = {**run, "scenario": run["scenario"].model_copy(
        update={"stochastic": run["scenario"].stochastic.model_copy(update={"work_time_sigma": 0.0})})}
    ((_, time),) = [(k, g) for k, g in entry_grounds(steady, declared) if k == "decision"]
    assert "办事快慢" not in time.text["zh"] and duration(plan.reporting.decision.hours, "zh") in time.text["zh"]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_handouts_declaration_row_carries_the_figures_that_held_and_the_time_to_decide(substation_fire, language):
    case, result = substation_fire
    declared = first(result, "declare_response")
    page = handout_html(held_run(case, 7, result), [declared], language)
    for label, said in lines(case, result, declared, language):
        assert said in page.replace("&#x27;", "'").replace("&quot;", '"')


def test_a_level_proposed_while_the_figures_meet_no_level_says_why_it_is_the_lowest(ice_storm):
    case, result = ice_storm
    proposed = first(result, "adjustment_proposed", classification=None)
    plan = case.plans[proposed["plan"]]
    assert proposed["to"] == plan.response_levels[-1].id  # what the engine does: the lowest level
    words = event_text(proposed, names_from(case.plans))
    assert "按当前分级" not in words["zh"] and "低于各级分级标准" in words["zh"] and "最低一级" in words["zh"]
    assert "meet no severity level" in words["en"] and "lowest level" in words["en"]
    ((kind, why),) = entry_grounds(walked(case, result), proposed)
    assert kind == "no_level" and why.source == plan.termination.source
    lowest = plan.response_levels[-1].name
    (label, said), = ground_lines(kind, why, plan, "zh")
    assert lowest.zh in said and plan.termination.source.quote in said and "终止条件" in said
    (label, said), = ground_lines(kind, why, plan, "en")
    assert lowest.en in said and "termination conditions" in said
    assert explain(proposed, case.plans).source == plan.adjustment.source  # the entry's own rule stays 5.1


def test_a_level_proposed_as_classified_keeps_its_words(liangshan):
    case, result = liangshan
    proposed = first(result, "adjustment_proposed", classification="serious")
    assert event_text(proposed, names_from(case.plans))["zh"].startswith("按当前分级提请")


def test_the_walk_through_page_shows_at_the_declaration_the_figure_that_met_the_band_and_the_time_to_decide(
        substation_fire):
    case, result = substation_fire
    events = result["events"]
    index = next(i for i, e in enumerate(events) if e["action"] == "declare_response")
    at = walk_page("substation-fire", 7)
    at.select_slider(key="walk.i").set_value(index + 1).run()
    assert not at.exception
    why = next(m.value for m in at.markdown if m.value.startswith("**条款**"))
    for label, said in lines(case, result, events[index], "zh"):
        assert f"**{label}**：{said}" in why
    assert "**当时成立的分级条件**：减供负荷比例 47.7 %" in why and "**决定用时**：" in why


def test_a_context_that_held_is_named_with_the_name_of_its_value():
    from sim.inputs import load_plan

    plan = load_plan(ROOT / "plans" / "examples" / "national-blackout-2015.yaml")
    scope = next(c for c in plan.contexts if c.id == "grid_scope")
    value = scope.values[1]
    leaf = Leaf("grid_scope@provincial", allowed=(value.id,))
    assert criterion_met(leaf, value.id, plan, "zh") == f"{scope.name.zh}：{value.name.zh}"
    assert criterion_met(leaf, value.id, plan, "en") == f"{scope.name.en}: {value.name.en}"
