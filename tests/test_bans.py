"""The ban notices applied to activities at places on days.

The shipped notices are the fixtures: the dates, zones and distances below are the
ones the notices print, tested on both sides of every boundary. Small synthetic
notices test what the shipped ones cannot (jurisdiction chains, clashes between files).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

import sim.bans
from sim.bans import check, load_ban_notices, zones
from sim.errors import InputError
from sim.inputs.loader import load_plans
from sim.plan import BanNotice

ROOT = Path(__file__).resolve().parent.parent
FIRE = "guyang-fire-ban-2023"
STRAW = "guyang-straw-burning-ban-2023"
FIREWORKS = "baotou-fireworks-ban-2024"
FILES = [ROOT / "plans" / f"{name}.yaml" for name in (FIRE, STRAW, FIREWORKS)]

FIRE_ZONES = [
    "baiyangou", "maanshan", "qin_great_wall", "zhao_great_wall", "honghuaaobao", "chunkunshan",
    "daxianshan", "xieheyi", "qifenzi", "erxiang_south_slope", "ecological_redline",
    "forestry_project_area", "grassland_subsidy_area",
]
FIRE_ACTIVITIES = [
    "outdoor_smoking", "wild_cooking", "straw_burning", "ridge_burning", "tomb_paper_burning",
    "fireworks", "sky_lantern", "bonfire_party", "barbecue", "festival_bonfire",
]
BAOTOU_ZONES = ["baotou_central_districts", "tuyou_salaqi_goumen"]


@pytest.fixture(scope="module")
def plans():
    return load_plans(FILES)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def rule_ids(result) -> set[tuple[str, str]]:
    return {(r.plan, r.rule.id) for r in result.rules}


def period_state(result, period_id: str) -> bool:
    (state,) = [s for s in result.periods if s.period.id == period_id]
    return state.in_force


# ---------------------------------------------------------------- fire lockdown


@pytest.mark.parametrize(
    "day, prohibited",
    [
        ("2023-03-14", False), ("2023-03-15", True), ("2023-05-31", True), ("2023-06-01", False),
        ("2023-11-05", False), ("2023-11-06", True), ("2023-11-16", True), ("2023-11-17", False),
        ("2024-04-01", False),  # the windows are 2023's only
    ],
)
def test_lockdown_windows_both_ends(plans, day, prohibited):
    result = check(plans, d(day), "fireworks", "baiyangou")
    assert result.prohibited is prohibited
    assert ((FIRE, "lockdown_no_outdoor_fire") in rule_ids(result)) is prohibited


@pytest.mark.parametrize(
    "day, in_force",
    [("2023-09-14", False), ("2023-09-15", True), ("2023-12-31", True), ("2024-01-01", True),
     ("2024-05-31", True), ("2024-06-01", False), ("2024-02-29", True)],
)
def test_county_fire_period_crosses_the_new_year(plans, day, in_force):
    assert period_state(check(plans, d(day), "barbecue", "maanshan"), "county_fire_period") is in_force


@pytest.mark.parametrize(
    "day, spring, autumn",
    [("2023-03-14", False, False), ("2023-03-15", True, False), ("2023-06-15", True, False),
     ("2023-06-16", False, False), ("2023-09-14", False, False), ("2023-09-15", False, True),
     ("2023-11-15", False, True), ("2023-11-16", False, False)],
)
def test_autonomous_region_fire_periods(plans, day, spring, autumn):
    result = check(plans, d(day), "barbecue", "maanshan")
    assert period_state(result, "region_fire_period_spring") is spring
    assert period_state(result, "region_fire_period_autumn") is autumn



@pytest.mark.parametrize("day, prohibited", [("2023-03-14", False), ("2023-03-15", True)])
def test_a_rule_reads_its_periods_once_whether_or_not_they_hold_that_day(plans, day, prohibited, monkeypatch):
    walked = []
    walk = sim.bans._periods_in_force

    def counted(notice, period_ids, date):
        walked.append(id(period_ids))
        return walk(notice, period_ids, date)

    monkeypatch.setattr(sim.bans, "_periods_in_force", counted)
    result = check(plans, d(day), "fireworks", "baiyangou")
    assert result.prohibited is prohibited
    (lockdown,) = [r for r in plans[FIRE].rules if r.id == "lockdown_no_outdoor_fire"]
    assert walked.count(id(lockdown.periods)) == 1
    assert max(Counter(walked).values()) == 1

def test_in_the_county_fire_period_but_not_a_lockdown_window(plans):
    result = check(plans, d("2023-10-01"), "barbecue", "daxianshan")
    assert not result.prohibited
    assert period_state(result, "county_fire_period")
    assert not period_state(result, "lockdown_2023_spring")
    assert not period_state(result, "lockdown_2023_autumn")


@pytest.mark.parametrize(
    "distance, prohibited",
    [(None, True), (0, True), (499, True), (500, True), (500.5, False), (501, False)],
)
def test_500_m_band_beyond_the_edge_includes_500(plans, distance, prohibited):
    result = check(plans, d("2023-04-01"), "outdoor_smoking", "qin_great_wall", distance)
    assert result.prohibited is prohibited
    if not prohibited:
        assert [(e.plan, e.rule.id) for e in result.elsewhere] == [(FIRE, "lockdown_no_outdoor_fire")]


@pytest.mark.parametrize("zone", FIRE_ZONES)
def test_every_control_zone_is_its_own_zone_under_the_lockdown(plans, zone):
    result = check(plans, d("2023-05-01"), "sky_lantern", zone)
    assert rule_ids(result) == {(FIRE, "lockdown_no_outdoor_fire")}
    assert result.place.plan == FIRE and result.place.jurisdiction == "guyang"


@pytest.mark.parametrize("activity", FIRE_ACTIVITIES)
def test_every_outdoor_fire_is_prohibited_in_a_control_zone_during_lockdown(plans, activity):
    assert (FIRE, "lockdown_no_outdoor_fire") in rule_ids(check(plans, d("2023-11-10"), activity, "xieheyi", 250))


def test_with_no_place_a_zone_rule_depends_on_the_place_and_names_its_zones(plans):
    result = check(plans, d("2023-04-01"), "fireworks")
    assert not result.prohibited and result.answer == "depends_on_place"
    (rule,) = result.depends
    assert rule.plan == FIRE and set(rule.rule.area.zones) == set(FIRE_ZONES) and rule.rule.area.buffer_m == 500
    assert "取决于地点" in rule.where.zh and "白彦沟" in rule.where.zh and "500" in rule.where.zh
    assert "Baiyangou" in rule.where.en and result.elsewhere == ()


def test_lockdown_penalty_names_the_liability_laws(plans):
    (applied,) = check(plans, d("2023-04-01"), "tomb_paper_burning", "chunkunshan").rules
    (penalty,) = applied.penalties
    for law in ("刑法", "治安管理处罚法", "行政处罚法", "森林防火条例", "内蒙古自治区森林草原防火条例", "责任追究办法"):
        assert law in penalty.legal_basis.zh
    assert applied.to_dict()["clause"] == "三（一）"


def test_lockdown_requirements_inside_a_zone(plans):
    inside = {r.id for _, r in check(plans, d("2023-04-01"), "barbecue", "daxianshan").requirements}
    assert {"entry_permit", "vehicle_fire_device", "leader_duty_24h", "zero_report", "leaders_on_scene",
            "guardian_supervision"} <= inside
    band = {r.id for _, r in check(plans, d("2023-04-01"), "barbecue", "daxianshan", 300).requirements}
    assert "entry_permit" not in band and "vehicle_fire_device" not in band and "leader_duty_24h" in band
    after = {r.id for _, r in check(plans, d("2023-06-01"), "barbecue", "daxianshan").requirements}
    assert not after & {"entry_permit", "vehicle_fire_device", "leader_duty_24h", "zero_report"}


def test_fire_contacts(plans):
    phones = {c.phone for plan, c in check(plans, d("2023-04-01"), "barbecue", "baiyangou").contacts if plan == FIRE}
    assert phones == {"12119", "0472-8113344", "0472-8119362", "0472-8122150"}


# ---------------------------------------------------------------- straw ban


@pytest.mark.parametrize("day", ["2023-03-20", "2023-07-01", "2024-01-01", "2030-12-31"])
@pytest.mark.parametrize("activity", ["straw_burning", "ridge_burning"])
def test_with_no_place_a_jurisdiction_rule_depends_on_the_place_and_names_its_jurisdiction(plans, day, activity):
    result = check(plans, d(day), activity)
    assert result.answer == "depends_on_place" and result.rules == ()
    (rule,) = [r for r in result.depends if r.plan == STRAW]
    assert rule.rule.id == "no_open_straw_burning"
    assert rule.where.zh == "取决于地点：在固阳县境内禁止" and "Guyang County" in rule.where.en


@pytest.mark.parametrize("zone, distance", [("baiyangou", None), ("zhao_great_wall", 5000), ("ecological_redline", 0)])
def test_straw_ban_in_a_guyang_zone_at_any_distance(plans, zone, distance):
    result = check(plans, d("2023-08-01"), "straw_burning", zone, distance)
    assert rule_ids(result) == {(STRAW, "no_open_straw_burning")}


@pytest.mark.parametrize("zone", BAOTOU_ZONES)
def test_straw_ban_does_not_reach_a_baotou_zone(plans, zone):
    result = check(plans, d("2025-01-01"), "straw_burning", zone)
    assert not result.prohibited
    assert [(e.plan, e.rule.id) for e in result.elsewhere] == [(STRAW, "no_open_straw_burning")]


def test_straw_penalties(plans):
    (applied,) = check(plans, d("2023-09-01"), "straw_burning", "baiyangou").rules
    by_id = {p.id: p for p in applied.penalties}
    assert (by_id["serious_case_fine"].fine_yuan.min, by_id["serious_case_fine"].fine_yuan.max) == (500, 2000)
    assert "第一百一十九条" in by_id["serious_case_fine"].legal_basis.zh
    assert by_id["forest_damage"].restoration_cost_multiple_max == 3
    assert by_id["forest_damage"].issued_by == "forestry_authority"
    assert by_id["obstruction"].referral is None and by_id["obstruction"].issued_by == "police"
    assert by_id["fire_serious_loss"].referral == "judiciary"
    assert by_id["order_to_stop"].issued_by == "towns_and_departments"
    data = applied.to_dict()
    assert "500–2,000 yuan" in data["penalty"]["en"] and "3×" in data["penalty"]["en"]
    assert {p["referral"] for p in data["penalties"]} == {None, "judiciary"}


def test_straw_reporting_lines(plans):
    phones = {c.phone for plan, c in check(plans, d("2023-09-01"), "straw_burning", "qifenzi").contacts if plan == STRAW}
    assert phones == {"6111028", "8113344", "8120119", "2877717", "8112033"}


def test_straw_burning_in_a_control_zone_during_lockdown_breaks_both_notices(plans):
    result = check(plans, d("2023-04-01"), "straw_burning", "baiyangou")
    assert rule_ids(result) == {(FIRE, "lockdown_no_outdoor_fire"), (STRAW, "no_open_straw_burning")}


@pytest.mark.parametrize("day, prohibited", [("2023-03-19", False), ("2023-03-20", True)])
def test_a_notice_applies_only_from_its_effective_date(plans, day, prohibited):
    result = check(plans, d(day), "straw_burning", "honghuaaobao", 2000)
    assert result.prohibited is prohibited
    assert rule_ids(result) == ({(STRAW, "no_open_straw_burning")} if prohibited else set())
    starts = [n for n in result.not_yet_in_force if n.plan == STRAW]
    assert bool(starts) is not prohibited
    if starts:
        assert starts[0].effective == d("2023-03-20")
        assert any("2023-03-20" in n.zh and "禁止露天焚烧农作物秸秆" in n.zh and "2023-03-20" in n.en
                   for n in result.notes)
        assert result.contacts == () and result.requirements == ()


def test_a_notice_not_yet_in_force_has_no_requirements_in_force(plans):
    before = check(plans, d("2023-03-12"), "barbecue", "baiyangou")
    assert before.requirements_in_force == () and before.rules == ()
    assert [n.plan for n in before.not_yet_in_force] == [FIRE]


# ---------------------------------------------------------------- fireworks ban


@pytest.mark.parametrize("zone", BAOTOU_ZONES)
@pytest.mark.parametrize("activity", ["fireworks", "festival_bonfire"])
@pytest.mark.parametrize(
    "day, prohibited",
    [("2024-12-24", False), ("2024-12-25", True), ("2025-02-15", True), ("2025-02-16", False)],
)
def test_fireworks_ban_period_and_zones(plans, zone, activity, day, prohibited):
    result = check(plans, d(day), activity, zone)
    assert result.prohibited is prohibited
    assert rule_ids(result) == ({(FIREWORKS, "no_fireworks_or_bonfires_in_zones")} if prohibited else set())


def test_fireworks_zones_have_no_band(plans):
    assert not check(plans, d("2025-01-01"), "fireworks", "tuyou_salaqi_goumen", 1).prohibited


def test_fireworks_ban_does_not_reach_guyang(plans):
    result = check(plans, d("2025-01-01"), "fireworks", "baiyangou")
    assert not result.prohibited
    assert {(e.plan, e.rule.id) for e in result.elsewhere} == {(FIREWORKS, "no_fireworks_or_bonfires_in_zones")}


def test_fireworks_in_a_guyang_control_zone_during_lockdown_via_the_fire_notice(plans):
    result = check(plans, d("2023-11-06"), "fireworks", "erxiang_south_slope", 100)
    assert rule_ids(result) == {(FIRE, "lockdown_no_outdoor_fire")}


def test_fireworks_zone_boundaries_in_the_notices_order(plans):
    by_id = {z["id"]: z for z in zones(plans)}
    central = [b["zh"] for b in by_id["baotou_central_districts"]["boundary"]]
    assert central[:3] == ["滨河西路", "黄河大街", "白云鄂博路"] and central[-2:] == ["110国道", "复兴大街"]
    assert len(central) == 22 and central.count("稀土大街") == 2 and central.count("民生大街") == 2
    tuyou = [b["zh"] for b in by_id["tuyou_salaqi_goumen"]["boundary"]]
    assert tuyou == ["水涧沟河槽", "西环路", "南环路", "云川路", "东二环（旧）", "土默特大街", "110国道"]
    assert by_id["tuyou_salaqi_goumen"]["jurisdiction"] == "tumed_right_banner"


def test_fireworks_units_cite_the_2018_plan(plans):
    units = {u.id: u for u in plans[FIREWORKS].units}
    assert set(units) == {"city_urban_management", "city_police", "city_work_safety", "city_quality_supervision",
                          "city_industry_commerce", "district_governments"}
    for unit in units.values():
        assert "包府发〔2018〕60号" in unit.source.document.zh


def test_fireworks_notice_lists_no_contacts(plans):
    assert check(plans, d("2025-01-01"), "fireworks", "baotou_central_districts").contacts == ()


# ---------------------------------------------------------------- zones and input


def test_zones_lists_every_zone_with_its_plan(plans):
    rows = zones(plans)
    assert sorted(r["id"] for r in rows) == sorted(FIRE_ZONES + BAOTOU_ZONES)
    assert {r["plan"] for r in rows if r["id"] in FIRE_ZONES} == {FIRE}
    assert {r["plan"] for r in rows if r["id"] in BAOTOU_ZONES} == {FIREWORKS}


@pytest.mark.parametrize(
    "kwargs, path, fragment",
    [
        ({"activity": "kite_flying"}, "activity", "valid names (ids): Barbecue (typed as barbecue); Bonfire party (typed as bonfire_party)"),
        ({"activity": "fireworks", "zone": "atlantis"}, "zone",
         "valid names (ids): Baiyangou, Daqingshan National Nature Reserve (typed as baiyangou); Parts of Kundulun"),
        ({"activity": "fireworks", "zone": "maanshan", "distance_m": -1}, "distance_m", "0 or more"),
        ({"activity": "fireworks", "zone": "maanshan", "distance_m": float("nan")}, "distance_m", "0 or more"),
        ({"activity": "fireworks", "distance_m": 10}, "distance_m", "give the zone"),
    ],
)
def test_bad_input_is_a_clear_error(plans, kwargs, path, fragment):
    with pytest.raises(InputError) as error:
        check(plans, d("2023-04-01"), **kwargs)
    (problem,) = error.value.problems
    assert problem.path == path and fragment in problem.message


def test_response_plans_are_skipped(plans):
    class NotANotice:
        id = "some-response-plan"

    assert check([*plans.values(), NotANotice()], d("2023-04-01"), "fireworks", "maanshan").prohibited


def test_the_answer_is_deterministic(plans):
    first = check(plans, d("2023-04-01"), "straw_burning", "baiyangou", 10).to_dict()
    assert first == check(plans, d("2023-04-01"), "straw_burning", "baiyangou", 10).to_dict()


def test_load_ban_notices_skips_response_plans_without_validating_them(tmp_path):
    (tmp_path / "broken-response.yaml").write_text("kind: response_plan\nid: broken-response\n", encoding="utf-8")
    (tmp_path / f"{STRAW}.yaml").write_text((ROOT / "plans" / f"{STRAW}.yaml").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    assert [n.id for n in load_ban_notices([tmp_path])] == [STRAW]


def test_load_ban_notices_reports_a_broken_notice(tmp_path):
    (tmp_path / "broken-ban.yaml").write_text("kind: ban_notice\nid: broken-ban\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_ban_notices([tmp_path])


def test_load_ban_notices_needs_at_least_one(tmp_path):
    with pytest.raises(InputError, match="no ban notice"):
        load_ban_notices([tmp_path])


# ---------------------------------------------------------------- jurisdictions (synthetic notices)


def notice(plan_id: str, jurisdictions: list[dict], zones_: list[dict], area: dict) -> BanNotice:
    cite = {"clause": "一", "quote": "测试条款"}
    return BanNotice.model_validate({
        "id": plan_id,
        "kind": "ban_notice",
        "title": {"zh": "测试", "en": "Test"},
        "document": {"title": {"zh": "测试", "en": "Test"}, "issuer": {"zh": "测试", "en": "Test"},
                     "issued": "2024-01-01", "effective": "2024-01-01", "source": cite},
        "jurisdictions": jurisdictions,
        "activities": [{"id": "fireworks", "name": {"zh": "燃放烟花爆竹", "en": "Fireworks"}}],
        "zones": [{**z, "name": {"zh": z["id"], "en": z["id"]}, "kind": "test", "source": cite} for z in zones_],
        "rules": [{"id": "ban", "text": {"zh": "禁止", "en": "Ban"}, "area": area, "prohibited": ["fireworks"],
                   "source": cite}],
    })


CITY, COUNTY, TOWN = ({"id": "city", "name": {"zh": "市", "en": "City"}},
                      {"id": "county", "name": {"zh": "县", "en": "County"}, "part_of": "city"},
                      {"id": "town", "name": {"zh": "镇", "en": "Town"}, "part_of": "county"})


def test_jurisdiction_rules_reach_down_part_of_chains_but_not_sideways():
    city_ban = notice("city-ban", [CITY], [], {"jurisdiction": "city"})
    county_ban = notice("county-ban", [COUNTY, CITY], [], {"jurisdiction": "county"})
    places = notice("places", [TOWN, COUNTY, CITY, {"id": "other", "name": {"zh": "他县", "en": "Other"},
                                                    "part_of": "city"}],
                    [{"id": "in_town"}, {"id": "in_other", "jurisdiction": "other"}, {"id": "in_city",
                                                                                       "jurisdiction": "city"}],
                    {"zones": ["in_town"]})
    plans = [city_ban, county_ban, places]
    day = d("2024-06-01")
    assert {r.plan for r in check(plans, day, "fireworks", "in_town").rules} == {"city-ban", "county-ban", "places"}
    assert {r.plan for r in check(plans, day, "fireworks", "in_other").rules} == {"city-ban"}
    assert {r.plan for r in check(plans, day, "fireworks", "in_city").rules} == {"city-ban"}


def test_a_zone_defined_by_two_notices_is_an_error():
    a = notice("a", [CITY], [{"id": "square"}], {"zones": ["square"]})
    b = notice("b", [CITY], [{"id": "square"}], {"zones": ["square"]})
    with pytest.raises(InputError, match="zone id 'square' is also defined by 'a'"):
        check([a, b], d("2024-06-01"), "fireworks")


def test_notices_that_disagree_on_part_of_are_an_error():
    a = notice("a", [COUNTY, CITY], [], {"jurisdiction": "county"})
    b = notice("b", [{**COUNTY, "part_of": None}], [], {"jurisdiction": "county"})
    with pytest.raises(InputError, match="part of"):
        check([a, b], d("2024-06-01"), "fireworks")


def test_a_category_one_notice_defines_reaches_an_activity_another_names():
    category = notice("county-ban", [COUNTY, CITY], [], {"jurisdiction": "county"})
    category = category.model_copy(update={
        "activities": [*category.activities,
                       category.activities[0].model_copy(update={"id": "open_fire",
                                                                 "name": category.activities[0].name.model_copy(
                                                                     update={"zh": "野外用火", "en": "Open fire"})})],
    })
    category.activities[0] = category.activities[0].model_copy(update={"kind_of": "open_fire"})
    category.rules[0] = category.rules[0].model_copy(update={"prohibited": ["open_fire"]})
    other = notice("city-list", [CITY], [], {"jurisdiction": "city"})
    other.rules[0] = other.rules[0].model_copy(update={"periods": []})
    day = d("2024-06-01")
    town = notice("places", [TOWN, COUNTY, CITY], [{"id": "in_town"}], {"zones": ["in_town"]})
    town.rules.clear()
    assert {r.plan for r in check([category, town], day, "fireworks", "in_town").rules} == {"county-ban"}
    assert {r.plan for r in check([category, town], day, "野外用火", "in_town").rules} == {"county-ban"}


def test_the_list_of_activities_offers_the_listed_ones_first_and_labels_a_category_as_the_check_s_answer_does(plans):
    offered = sim.bans.activity_choices(plans)
    day = d("2023-04-05")
    answers = {a: check(plans, day, a) for a in offered}
    categories = [a for a in offered if answers[a].activity_is_category]
    assert categories and offered[categories[0]].zh == "其他野外用火活动（通告未逐一列出的）"
    assert list(offered)[-len(categories):] == categories
    assert all(offered[a] == answers[a].activity_label for a in offered)


def test_the_list_of_activities_is_offered_before_the_check_refuses_notices_that_clash():
    a = notice("a", [CITY], [{"id": "square"}], {"zones": ["square"]})
    b = notice("b", [CITY], [{"id": "square"}], {"zones": ["square"]})
    assert "fireworks" in sim.bans.activity_choices([a, b])


# ---------------------------------------------------------------- what the notices say, and no more


def test_the_fire_office_duty_phone_is_for_reporting_fires_not_entry_approval(plans):
    office = next(c for c in plans[FIRE].contacts if c.id == "county_fire_hq_office")
    assert office.purpose.zh == "报告火情（值班电话）" and "approv" not in office.purpose.en


@pytest.mark.parametrize("day, in_force", [("2023-03-14", False), ("2023-03-15", True), ("2023-06-01", False)])
def test_reporting_a_fire_holds_during_the_lockdown_under_its_heading(plans, day, in_force):
    result = check(plans, d(day), "barbecue", "baiyangou")
    assert ("report_fire" in {r.id for _, r in result.requirements_in_force}) is in_force
    (requirement,) = [r for r in plans[FIRE].requirements if r.id == "report_fire"]
    assert "(5) and (7)" in requirement.assumption.en


def test_requirements_contacts_and_units_are_only_those_of_the_notices_that_apply(plans):
    outside_lockdown = check(plans, d("2023-07-01"), "barbecue", "baiyangou")
    assert outside_lockdown.requirements == () and outside_lockdown.contacts == () and outside_lockdown.units == ()
    straw = check(plans, d("2023-07-01"), "straw_burning", "baiyangou")
    assert {plan for plan, _ in (*straw.requirements, *straw.contacts, *straw.units)} == {STRAW}
    assert {r.id for _, r in straw.requirements} == {"report_burning", "stop_burning"}


def test_inferences_about_who_acts_are_recorded_as_assumptions(plans):
    straw = {p.id: p for p in plans[STRAW].penalties}
    assert straw["serious_case_fine"].assumption and "fine" in straw["serious_case_fine"].assumption.en
    assert straw["obstruction"].issued_by == "police" and straw["obstruction"].referral is None
    (hq,) = [u for u in plans[FIRE].units if u.id == "county_fire_hq"]
    assert hq.duties[0].assumption and "pass" in hq.duties[0].text.en


def test_the_fire_penalty_keeps_its_condition_that_a_fire_results(plans):
    (penalty,) = plans[FIRE].penalties
    assert penalty.applies_when.zh.endswith("造成森林草原火灾的") and "fire results" in penalty.applies_when.en
    assert "造成森林草原火灾的" in penalty.source.quote


def test_the_baotou_effective_date_rests_on_a_recorded_assumption(plans):
    document = plans[FIREWORKS].document
    assert document.effective == d("2024-12-24") and "signed" in document.assumption.en


def test_every_listed_outdoor_fire_is_of_the_kind_the_lockdown_prohibits(plans):
    (rule,) = plans[FIRE].rules
    assert rule.prohibited == ["outdoor_fire_use"]
    kinds = {a.id: a.kind_of for a in plans[FIRE].activities}
    assert all(kinds[a] == "outdoor_fire_use" for a in FIRE_ACTIVITIES)


# ---------------------------------------------------------------- why today, and what follows


@pytest.mark.parametrize("day, period, days", [
    ("2023-03-15", "lockdown_2023_spring", "2023-03-15至2023-05-31"),
    ("2023-05-31", "lockdown_2023_spring", "2023-03-15至2023-05-31"),
    ("2023-11-06", "lockdown_2023_autumn", "2023-11-06至2023-11-16"),
    ("2023-11-16", "lockdown_2023_autumn", "2023-11-06至2023-11-16"),
])
def test_a_rule_in_force_names_the_period_that_puts_it_in_force_that_day_with_its_days(plans, day, period, days):
    (applied,) = check(plans, d(day), "tomb_paper_burning", "grassland_subsidy_area").rules
    assert [p.id for p in applied.periods] == [period]
    name = next(p.name for p in plans[FIRE].periods if p.id == period)
    assert applied.when.zh == f"{name.zh}（{days}）"
    assert days.replace("至", " to ") in applied.when.en and name.en in applied.when.en


def test_a_rule_with_no_period_holds_every_day_since_its_notice_took_effect_and_says_so(plans):
    (applied,) = check(plans, d("2023-03-20"), "straw_burning", "honghuaaobao", 2000).rules
    assert applied.periods == ()
    assert "2023-03-20" in applied.when.zh and "未规定时段" in applied.when.zh
    assert "2023-03-20" in applied.when.en and "no period" in applied.when.en


def test_a_rule_with_no_penalty_says_its_notice_sets_none_and_names_the_laws_it_rests_on(plans):
    (applied,) = check(plans, d("2025-01-01"), "fireworks", "baotou_central_districts").rules
    assert applied.penalties == ()
    assert applied.penalty_note.zh.startswith("本通告未规定处罚")
    for basis in plans[FIREWORKS].legal_bases:
        assert f"《{basis.name.zh}》" in applied.penalty_note.zh and basis.name.en in applied.penalty_note.en
    (lockdown,) = check(plans, d("2023-04-01"), "barbecue", "baiyangou").rules
    assert lockdown.penalties and lockdown.penalty_note is None


def test_the_json_answer_carries_why_today_and_the_penalty_note(plans):
    data = check(plans, d("2025-02-15"), "festival_bonfire", "tuyou_salaqi_goumen").to_dict()
    (rule,) = data["rules"]
    assert rule["periods"] == ["ban_2024_2025"] and "2024-12-25至2025-02-15" in rule["when"]["zh"]
    assert rule["penalty_note"]["en"].startswith("This notice sets no penalty")


@pytest.mark.parametrize("notice", [FIRE, STRAW, FIREWORKS])
def test_a_notice_s_effective_date_the_text_does_not_print_rests_on_a_recorded_assumption(plans, notice):
    document = plans[notice].document
    assert document.effective == document.issued
    assert document.assumption is not None and str(document.effective.day) in document.assumption.zh


@pytest.mark.parametrize("notice", [FIRE, STRAW, FIREWORKS])
def test_every_activity_a_notice_prohibits_cites_its_clause_or_says_why_it_belongs(plans, notice):
    for activity in plans[notice].activities:
        assert activity.source is not None or activity.assumption is not None, activity.id


@pytest.mark.parametrize("day, zone, distance, said", [
    ("2023-11-17", "baiyangou", None, True),   # the day after the autumn lockdown
    ("2023-03-14", "baiyangou", 500, True),    # the day before the spring one, at the band's edge
    ("2023-11-16", "baiyangou", None, False),  # its last day: prohibited, nothing to explain
    ("2023-11-17", "baiyangou", 501, False),   # beyond the band the rule would not hold on any day
])
def test_a_day_outside_a_rule_s_periods_says_when_the_rule_would_hold_at_this_place(plans, day, zone, distance, said):
    result = check(plans, d(day), "tomb_paper_burning", zone, distance)
    title = plans[FIRE].title
    notes = [n for n in result.notes if title.zh in n.zh]
    assert bool(notes) is said and result.prohibited is (day == "2023-11-16")
    if said:
        (note,) = notes
        assert "2023-03-15至2023-05-31" in note.zh and "2023-11-06至2023-11-16" in note.zh and day in note.zh
        assert title.en in note.en and "2023-11-06 to 2023-11-16" in note.en and day in note.en


def test_a_note_names_a_notice_by_its_title_in_each_language_s_title_marks(plans):
    title = plans[FIRE].title
    before = check(plans, d("2023-03-01"), "tomb_paper_burning", "baiyangou", None).notes  # before it took effect
    outside = check(plans, d("2023-06-01"), "tomb_paper_burning", "baiyangou", None).notes  # between its periods
    for notes in (before, outside):
        assert any(f"《{title.zh}》" in n.zh for n in notes) and any(f"“{title.en}”" in n.en for n in notes)


def test_after_the_fireworks_ban_period_the_answer_says_when_it_held(plans):
    result = check(plans, d("2025-02-16"), "fireworks", "baotou_central_districts")
    assert not result.prohibited
    assert any("2024-12-25至2025-02-15" in n.zh and "2025-02-16" in n.zh for n in result.notes)


def test_with_no_place_a_day_outside_the_periods_claims_nothing_about_a_place(plans):
    result = check(plans, d("2023-11-17"), "tomb_paper_burning")
    assert result.answer == "not_prohibited"
    assert not any(plans[FIRE].title.zh in n.zh for n in result.notes)


def test_the_straw_bans_numbers_are_as_the_notice_prints_them_and_their_area_code_is_an_assumption_of_each(plans):
    """The notice (六) gives no area code: the phone is what it prints; 0472 is stated as an
    assumption, with the county's other notice that prints one, never written into the number."""
    contacts = [c for plan, c in check(plans, d("2023-09-01"), "straw_burning", "qifenzi").contacts if plan == STRAW]
    assert contacts and all(c.phone in c.source.quote and not c.phone.startswith("0472") for c in contacts)
    assert all(c.assumption and "0472" in c.assumption.zh and "0472" in c.assumption.en for c in contacts)


def test_a_penalty_line_says_who_imposes_it_the_fine_the_multiple_and_the_referral_in_one_aside_then_its_clause():
    from sim.bans import penalty_line
    from sim.plan.ban_notice import Penalty
    from sim.plan.common import Range, Source, Text

    penalty = Penalty(id="every_part", text=Text(zh="处以罚款", en="A fine"),
                      applies_when=Text(zh="情节严重的", en="In a serious case"),
                      legal_basis=Text(zh="本通告第四条", en="Clause 4 of this notice"), fine_yuan=Range(min=500, max=2000),
                      restoration_cost_multiple_max=3, referral="judiciary", source=Source(clause="四", quote="处以罚款"))
    line = penalty_line(penalty, Text(zh="林业主管部门", en="Forestry authority"))
    assert line.render("zh") == ("情节严重的：处以罚款（实施单位：林业主管部门；罚款500–2000元；罚款至多为恢复费用的3倍；"
                                 "移送司法机关）（四）")
    assert line.render("en") == ("In a serious case: A fine (imposed by: Forestry authority; fine 500–2,000 yuan; "
                                 "fine up to 3× the restoration cost; referred to the judicial authorities) (IV)")
    assert line.render("zh", cited=False, label=lambda when: f"<{when}>") == (
        "<情节严重的>：处以罚款（实施单位：林业主管部门；罚款500–2000元；罚款至多为恢复费用的3倍；移送司法机关）")


def test_checks_summary_of_a_rules_penalties_is_each_penalty_line_without_its_issuer_or_clause(plans):
    from sim.bans import penalty_line

    (applied,) = check(plans, d("2023-09-01"), "straw_burning", "baiyangou").rules
    summary = applied.to_dict()["penalty"]
    for language, sep in (("zh", "；"), ("en", " | ")):
        assert summary[language] == sep.join(penalty_line(p).render(language, cited=False) for p in applied.penalties)
    assert "实施单位" not in summary["zh"] and "（四）" not in summary["zh"]
