"""The Guyang blackout plan does what its text says, clause by clause (the fidelity audit).

Each test names the clause it holds the file to. Runs are the shipped scenarios at seed 7,
sometimes with a condition, a choice or a decision-maker's answer changed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from app_pages import app as open_app
from engine_fixtures import shipped

from sim.engine.policy import Policy
from sim.engine.run import run_scenario
from sim.plan.criteria import AnyOf, MetricThreshold
from sim.inputs.scenario import reference_problems

PLAN_ID = "guyang-blackout-2023"


@pytest.fixture(scope="module")
def storm():
    return tuple(shipped("winter-ice-storm"))


@pytest.fixture(scope="module")
def storm_run(storm):
    return run_scenario(*storm, seed=7)


def plan_of(inputs):
    return inputs[1][PLAN_ID]


def at(result, action):
    return [e for e in result["events"] if e["action"] == action]


def changed(inputs, **update):
    scenario, plans, area = inputs
    return scenario.model_copy(update=update), plans, area


# --- 1. 5.1 可视…调整: a decision of whoever commands the level in force ----------------------

def test_level_I_is_adjusted_by_the_headquarters_and_levels_II_and_III_by_their_commander(storm):
    plan = plan_of(storm)
    levels = {level.id: level for level in plan.response_levels}
    assert plan.adjustment.decided_by is None
    assert plan.role(levels["I"], "adjust") == ["headquarters"]
    assert plan.role(levels["II"], "adjust") == ["county_government"]
    assert plan.role(levels["III"], "adjust") == ["county_government", "town_government"]


def test_in_the_ice_storm_each_change_of_level_is_proposed_then_decided_an_hour_later_by_the_levels_decider(storm_run):
    proposed = [(e["t_h"], e["unit"], e["from"], e["to"]) for e in at(storm_run, "adjustment_proposed")]
    decided = [(e["t_h"], e["unit"], e["from"], e["to"]) for e in at(storm_run, "adjust_response")]
    assert [(unit, a, b) for _, unit, a, b in decided] == [
        ("headquarters", "I", "II"), ("county_government", "II", "III")]
    for (t_proposed, *who_what), (t_decided, *decision) in zip(proposed[-2:], decided):
        assert who_what == decision and t_decided == pytest.approx(t_proposed + 1.0)


def test_no_headquarters_is_credited_before_level_I_forms_it_or_after_it_ends(storm_run):
    changes = storm_run["summary"]["level_changes"]
    formed = next(c["t_h"] for c in changes if c["to"] == "I")
    left = next(c["t_h"] for c in changes if c["from"] == "I")
    decisions = [e for e in storm_run["events"] if e["unit"] == "headquarters"
                 and e["action"] in ("adjustment_proposed", "adjust_response", "declare_response", "end_response")]
    assert decisions and all(formed <= e["t_h"] <= left for e in decisions)


def test_the_ice_storm_stays_a_major_event_while_power_returns(storm_run):
    assert [e["severity"] for e in at(storm_run, "classified")] == ["major"]
    last = storm_run["timeseries"][-1]
    assert (last["severity"], last["classification"]) == ("major", None)
    assert {e["severity"] for e in at(storm_run, "reclassified")} == {"major"}


# --- 2. 8.4 本预案自印发之日起实施 ----------------------------------------------------------

def test_the_plan_takes_effect_on_its_issue_date_and_keeps_the_interpretations_date_as_a_discrepancy(storm):
    document = plan_of(storm).document
    assert document.effective == document.issued == dt.date(2023, 6, 13)
    (discrepancy,) = document.discrepancies
    assert "2023 年 6 月 12 日" in discrepancy.source.quote
    assert "政策解读" in discrepancy.source.document.zh and "6月12日" in discrepancy.text.zh


# --- 3. 4.3 初判为重大…向市人民政府报告 ------------------------------------------------------

def test_a_major_blackout_is_reported_to_the_city_and_a_serious_one_is_not(storm_run):
    assert len(at(storm_run, "report.county_to_city")) == 1
    fire = run_scenario(*shipped("substation-fire"), seed=7)
    assert fire["summary"]["max_severity"] == "serious" and at(fire, "report.county_to_city") == []


# --- 4. 4.2.1: the power company's own report on a possible major blackout ----------------

class DeclinesTheWarning(Policy):
    def warning_step(self, sim, plan, step):
        return step.id != "warning.approve"


def test_the_power_companys_report_to_the_region_goes_from_its_forecast_not_from_the_countys_warning(storm, storm_run):
    (report,) = at(storm_run, "warning.report_region")
    (propose,) = at(storm_run, "warning.propose")
    assert report["t_h"] < storm_run["summary"]["warning_issued_at_h"]
    assert report["t_h"] == pytest.approx(propose["t_h"], abs=0.3)  # both half an hour's work from the forecast
    declined = run_scenario(*storm, seed=7, policy=DeclinesTheWarning())
    assert declined["summary"]["warning_issued_at_h"] is None
    assert [e["t_h"] for e in at(declined, "warning.report_region")] == [report["t_h"]]


class KeepsTheKeyUsersUninformed(Policy):
    def carry_out_step(self, sim, plan, step):
        return step.id != "warning.alert_key_users"


def test_the_power_company_tells_the_key_users_as_it_sees_fit_and_not_telling_them_leaves_the_warning_going(
        storm, storm_run):
    (alert,) = at(storm_run, "warning.alert_key_users")
    (forecast,) = at(storm_run, "forecast")
    assert (alert["unit"], alert["notify"], alert["t_h"]) == ("power_company", ["key_power_users"], forecast["t_h"])
    (propose,) = at(storm_run, "warning.propose")
    assert propose["notify"] == ["industry_tech"]
    quiet = run_scenario(*storm, seed=7, policy=KeepsTheKeyUsersUninformed())
    assert at(quiet, "warning.alert_key_users") == []
    assert quiet["summary"]["warning_issued_at_h"] == storm_run["summary"]["warning_issued_at_h"]


# --- 5. 4.2.2 县人民政府启动应急响应，跨区域的同时启动应急合作和联动机制 ------------------------

def test_the_county_starts_its_warning_response_and_the_cross_regional_mechanism_only_across_borders(storm, storm_run):
    assert [e["unit"] for e in at(storm_run, "warning.county_response")] == ["county_government"]
    assert at(storm_run, "warning.cross_region_cooperation") == []
    scenario = storm[0]
    across = run_scenario(*changed(storm, conditions={**scenario.conditions, "cross_region": True}), seed=7)
    assert [e["unit"] for e in at(across, "warning.cross_region_cooperation")] == ["county_government"]


# --- 6. thresholds 4.2.1 does not state are assumptions -----------------------------------

def test_the_warning_thresholds_4_2_1_does_not_state_are_assumptions_not_quotes(storm):
    warning = plan_of(storm).warning
    for criterion in (warning.trigger, warning.escalate_if):
        assert isinstance(criterion, AnyOf)
        for threshold in criterion.any_of:
            assert isinstance(threshold, MetricThreshold)
            assert threshold.source is None and f"{threshold.min:g} %" in threshold.assumption.en


def test_the_plans_page_shows_each_warning_threshold_with_its_assumption():
    app = open_app(timeout=60)
    app.selectbox(key="plans.plan").set_value(PLAN_ID).run()
    app.button_group(key="plans.section.response").set_value("kind.warning").run()
    assert not app.exception
    captions = " ".join(c.value for c in app.caption)
    assert captions.count("假设") >= 4 and "附件1 一" in captions and "20 %" in captions


# --- 7. 5.3.2 总结 after the response ------------------------------------------------------

def test_the_summary_report_is_written_after_the_response_ends(storm_run):
    (span,) = [s for s in storm_run["spans"] if s["duty"] == "county.summary_report"]
    assert span["start_h"] >= storm_run["summary"]["terminated_at_h"]


# --- 8. 6.3 保险机构…理赔 once ---------------------------------------------------------------

def test_the_insurers_claims_are_one_task(storm, storm_run):
    ids = [s["duty"] for s in storm_run["spans"] if s["unit"] == "insurers"]
    assert ids == ["insurers.claims"]
    assert "after.insurance_claims" not in {step.id for step in plan_of(storm).after_action}


# --- 9. 5.2.3 应急供水: the condition the plan does not name is an assumption ------------------

def test_emergency_water_says_why_it_waits_for_a_water_outage(storm):
    water = next(m for m in plan_of(storm).measures if m.id == "living_water")
    named = next(c.name for c in plan_of(storm).conditions if c.id == "water_outage")
    assert water.requires == ["water_outage"]
    assert f'"{named.en}"' in water.assumption.en and f"“{named.zh}”" in water.assumption.zh  # by name, not id
    assert "5.2.3 sets no condition" in water.assumption.en


# --- 10. 5.1 县人民政府或各镇人民政府 -------------------------------------------------------

def test_level_III_is_commanded_by_the_county_or_the_town_as_the_scenario_says():
    peak = tuple(shipped("summer-peak-overload"))
    assert peak[0].commanders == {"III": "county_government"}
    (county,) = at(run_scenario(*peak, seed=7), "declare_response")
    assert (county["to"], county["commander"]) == ("III", "county_government")
    town = run_scenario(*changed(peak, commanders={"III": "town_government"}), seed=7)
    (declared,) = at(town, "declare_response")
    assert (declared["unit"], declared["commander"]) == ("county_government", "town_government")
    assert {e["unit"] for e in at(town, "activate_measure")} == {"town_government"}


def test_only_the_county_or_the_town_may_command_level_III():
    scenario, plans, area = changed(tuple(shipped("summer-peak-overload")), commanders={"III": "city_government"})
    ((path, message),) = reference_problems(scenario, plans, area)
    assert path == ("commanders", "III")
    assert message.startswith("'city_government' is not among those who may act at Level III response (typed as III)")
    assert message.zh.startswith("'city_government' 不在可于Ⅲ级应急响应（键入 III）行事的单位之中")


# --- 11. monitoring without a warning -------------------------------------------------------

MONITORING = ("water.hydrology", "power_company.grid_monitoring", "power_company.hazard_inspection")


def test_monitoring_duties_also_run_in_an_outage_that_came_without_a_warning():
    fire = run_scenario(*shipped("substation-fire"), seed=7)
    assert fire["summary"]["warning_issued_at_h"] is None
    started = {e["action"]: e["t_h"] for e in fire["events"] if e["action"] in MONITORING}
    assert set(started) == set(MONITORING)
    assert all(t == fire["summary"]["incident_started_at_h"] for t in started.values())


def test_monitoring_duties_start_from_the_warning_when_one_came_first(storm_run):
    started = {e["action"]: e["t_h"] for e in storm_run["events"] if e["action"] in MONITORING}
    assert set(started.values()) == {storm_run["summary"]["warning_issued_at_h"]}


# --- 12. 5.4 (4) 重大次生衍生事故处置完成: none open ------------------------------------------

def test_the_fourth_termination_condition_holds_with_no_incident_open_under_the_plans_own_bounds(storm):
    """An upper bound of 1 reads "fewer than one" because the plan's upper bounds exclude the
    number itself (附件1 以下不含本数): a whole count of incidents, none open."""
    from sim.engine.rules import compile_test

    plan = plan_of(storm)
    check = plan.termination.conditions[3].check
    assert check.assumption and "whole numbers" in check.assumption.en and "exclude" in check.assumption.en
    assert not plan.bounds.upper_inclusive
    test = compile_test(check, plan.bounds)
    assert (test({"open_secondary_incidents": 0.0}), test({"open_secondary_incidents": 1.0})) == (True, False)


# --- 13. 2.1, 2.3, 4.1, 4.3, 7.3 and the order of the headquarters' decision and the end -----

def test_towns_and_on_scene_headquarters_are_formed_only_where_the_scenario_needs_them(storm, storm_run):
    assert at(storm_run, "county.onsite_headquarters") == [] == at(storm_run, "county.authorise_town_headquarters")
    scenario = storm[0]
    needed = run_scenario(*changed(storm, conditions={**scenario.conditions, "onsite_command_needed": True,
                                                        "town_command_needed": True}), seed=7)
    for action, clause in (("county.onsite_headquarters", "2.3"), ("county.authorise_town_headquarters", "2.1")):
        (event,) = at(needed, action)
        assert (event["unit"], event["source"], event["notify"]) == ("county_government", clause, ["town_government"])


def test_whether_to_form_them_where_needed_is_the_county_governments_call(storm):
    """根据需要 (2.3) and 必要时可授权 (2.1): the scene's or the town's need is the scenario's, the
    decision the county government's, which a drill player may decline."""
    steps = {step.id: step for step in plan_of(storm).response_actions}
    for step in ("county.onsite_headquarters", "county.authorise_town_headquarters"):
        assert steps[step].left_to_unit and steps[step].unit == "county_government"
        assert "county government's judgement" in steps[step].assumption.en


def test_the_power_company_shares_information_and_the_bureau_tells_the_other_departments(storm, storm_run):
    (sharing,) = at(storm_run, "power_company.information_sharing")
    assert (sharing["source"], sharing["t_h"]) == ("4.1", storm_run["summary"]["warning_issued_at_h"])
    (told,) = at(storm_run, "report.industry_tech_departments")
    (county,) = at(storm_run, "report.industry_tech")
    assert told["source"] == "4.3" and "public_security" in told["to"] and told["t_h"] > county["t_h"] - 1.5
    members = set(plan_of(storm).headquarters.members) - {"industry_tech", "power_company"}
    assert set(told["to"]) == members


def test_the_police_keep_rescue_vehicles_moving_first(storm_run):
    (event,) = at(storm_run, "public_security.priority_passage")
    assert event["source"] == "7.3" and event["t_h"] == storm_run["summary"]["response_started_at_h"]


class StaysAtLevelI(Policy):
    """A headquarters that never lowers the level."""

    def response_level(self, sim, plan, current, classified):
        return classified if current is None else current


def test_a_level_I_response_is_ended_by_the_county_after_the_headquarters_decides_to_end_it(storm):
    result = run_scenario(*storm, seed=7, policy=StaysAtLevelI())
    (decided,) = at(result, "headquarters.termination_decision")
    (ended,) = at(result, "end_response")
    assert (decided["unit"], decided["source"], ended["unit"], ended["from"]) == (
        "headquarters", "附件2 二", "county_government", "I")
    assert ended["t_h"] == decided["t_h"] and result["events"].index(decided) < result["events"].index(ended)


def test_a_response_ended_below_level_I_needs_no_headquarters_decision(storm_run):
    assert at(storm_run, "headquarters.termination_decision") == []
    assert [e["unit"] for e in at(storm_run, "end_response")] == ["county_government"]


# --- 14. the words of the hops and duties ----------------------------------------------------

def test_the_bureaus_immediate_report_has_its_own_assumption_and_duties_keep_their_words(storm):
    plan = plan_of(storm)
    hops = {hop.id: hop for hop in plan.reporting.hops}
    bureau = hops["report.industry_tech"]
    assert "立即" in bureau.source.quote and "立即" in bureau.assumption.en
    assert "国家规定的时限" not in bureau.assumption.en
    duties = {d.id: d for u in plan.units for d in u.duties}
    assert "会同县工科局" in duties["cyberspace_office.opinion_monitoring"].text.zh
    assert "会同县工科局" in duties["cyberspace_office.opinion_monitoring"].source.quote
    assert "《中华人民共和国价格法》" in duties["dev_reform.price_intervention"].text.zh
    assert "按照《中华人民共和国价格法》规定" in duties["dev_reform.price_intervention"].source.quote


# --- how the new entries read in the walk-through --------------------------------------------

def test_a_proposal_reads_as_an_adjustment_and_a_lower_classification_as_a_classification(storm):
    from sim.event_kinds import DECISION_KINDS, kind_of, plan_kinds

    kinds = plan_kinds(storm[1])
    assert kind_of({"action": "adjustment_proposed"}, kinds) == "adjust" in DECISION_KINDS
    assert kind_of({"action": "reclassified"}, kinds) == kind_of({"action": "below_levels"}, kinds) == "classified"
    decision = {"plan": PLAN_ID, "action": "headquarters.termination_decision"}
    assert kind_of(decision, kinds) == "end"  # the decision before the end


def test_the_plans_page_shows_the_effective_date_and_the_interpretations_other_date():
    app = open_app(timeout=60)
    app.selectbox(key="plans.plan").set_value(PLAN_ID).run()
    assert not app.exception
    assert any("2023-06-13" in m.value for m in app.markdown)
    (warning,) = [w.value for w in app.warning if "文本不一致" in w.value]
    assert "2023年6月12日" in warning and "自 2023 年 6 月 12 日起实施" in warning


def test_the_plans_page_says_why_each_duty_takes_the_work_it_does(storm):
    from sim.ui.plans_page import duty_text
    from sim.ui.widgets import markdown_plain

    plan = plan_of(storm)
    for unit in plan.units:
        for duty in unit.duties:
            if duty.task is not None and duty.task.assumption:
                assert f":gray[{markdown_plain(f'假设：{duty.task.assumption.zh}')}]" in duty_text(plan, duty, "zh"), duty.id


# --- 2.2 一旦发生跨区域大面积停电事件时立即启动 --------------------------------------------------

def test_a_town_starts_the_cross_regional_mechanism_at_an_outage_across_borders_even_without_a_warning():
    fire = tuple(shipped("substation-fire"))
    assert at(run_scenario(*fire, seed=7), "town_government.cross_region_mechanism") == []
    scenario = fire[0]
    across = run_scenario(*changed(fire, conditions={**scenario.conditions, "cross_region": True}), seed=7)
    summary = across["summary"]
    assert summary["warning_issued_at_h"] is None
    started = at(across, "town_government.cross_region_mechanism")
    assert [(e["unit"], e["t_h"]) for e in started] == [("town_government", summary["incident_started_at_h"])]
    assert started[0]["t_h"] < summary["response_started_at_h"]
