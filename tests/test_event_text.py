"""Every event a reader sees has words in both languages, not a bare action id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.engine.run import run_scenario
from sim.event_text import FIELD_KINDS, UNMET, WORDS, entry_words, event_text, unmet_reason
from sim.inputs import load_case
from sim.messages import pick
from sim.names import Names
from sim.report import names_from

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(p for p in (ROOT / "plans" / "scenarios").glob("*.yaml") if p.stem != "random-blackout")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_event_of_a_shipped_scenario_has_words(path):
    scenario, plans, area = load_case(path)
    for event in run_scenario(scenario, plans, area, 7)["events"]:
        text = event_text(event)
        assert text is not None, event
        assert text["zh"].strip() and text["en"].strip() and "{" not in text["zh"] + text["en"], event


def test_the_plans_own_text_comes_first_and_fields_fill_the_engines_words():
    own = {"zh": "故障分析与研判", "en": "Analyse the fault"}
    assert event_text({"action": "power_company.fault_analysis", "text": own}) is own
    assert event_text({"action": "repaired", "element": "sub-110-park"}) == {
        "zh": "sub-110-park抢修完成", "en": "sub-110-park repaired"}
    assert event_text({"action": "repair_start"})["en"] == "A repair crew starts work on —"
    assert event_text({"action": "something_else"}) is None
    assert set(WORDS) >= {"repair_start", "repaired", "shed_load", "restore_shed_load", "end_response"}


def test_a_hazard_ending_does_not_read_as_it_beginning():
    storm = {"zh": "强雷暴和短时大风", "en": "Thunderstorm and gusts"}
    assert event_text({"action": "hazard_begins", "text": storm}) is storm
    assert event_text({"action": "hazard_ends", "text": storm}) == {
        "zh": "强雷暴和短时大风结束", "en": "Over: Thunderstorm and gusts"}


def named(kind: str, names: dict) -> Names:
    """``names`` (id → ``{zh, en}``), all of one kind."""
    out = Names()
    for key, name in names.items():
        out.add(kind, key, name)
    return out


def test_ids_in_the_engines_words_read_as_names_when_names_are_given():
    names = named("element", {"sub-110-chengnan": {"zh": "城南110千伏变电站", "en": "Chengnan 110 kV substation"}})
    event = {"action": "repaired", "element": "sub-110-chengnan"}
    assert event_text(event, names) == {"zh": "城南110千伏变电站抢修完成", "en": "Chengnan 110 kV substation repaired"}
    assert event_text(event)["en"] == "sub-110-chengnan repaired"  # without names, the id


def test_an_unmet_duty_says_why_in_both_languages_with_the_unit_and_resource_by_name():
    names = Names()
    names.add("unit", "power_company", {"zh": "供电公司", "en": "the power company"})
    names.add("resource", "emergency_generator", {"zh": "应急发电车", "en": "mobile generators"})
    assert unmet_reason({"kind": "not_started", "unit": "power_company"}, names) == {
        "zh": "供电公司始终未着手办理", "en": "the power company never set to work on it"}
    assert unmet_reason({"kind": "short_of", "resource": "emergency_generator", "amount": 2, "have": 1}, names) == {
        "zh": "应急发电车不足：需要 2，情景中只有 1", "en": "short of mobile generators: needs 2, the scenario has 1"}
    one = unmet_reason({"kind": "short_of", "resource": "emergency_generator", "amount": 1, "have": 0}, names)
    assert one["en"] == "short of mobile generators: needs 1, the scenario has 0"  # no "1 … generators" to agree
    assert unmet_reason({"kind": "waiting", "resource": "emergency_generator"}, names)["en"] == (
        "still waiting for mobile generators")
    assert unmet_reason({"kind": "trigger_ended", "resource": "emergency_generator"}, names)["zh"] == (
        "等待应急发电车期间触发条件已不再成立")


def test_a_repair_reads_as_one_chinese_sentence_without_a_space_before_the_substations_name():
    names = named("element", {"sub-110-chengnan": {"zh": "城南110千伏变电站", "en": "Chengnan 110 kV substation"}})
    started = event_text({"action": "repair_start", "element": "sub-110-chengnan"}, names)
    assert started == {"zh": "抢修队伍开始抢修城南110千伏变电站", "en": "A repair crew starts work on Chengnan 110 kV substation"}


@pytest.mark.parametrize("language, said", [
    ("zh", "次生事件发生：火灾（火头烧至线路走廊，线路跳闸）"),
    ("en", "Secondary incident begins: Fire (The fire reaches the line corridor; its lines trip)"),
])
def test_a_secondary_incident_opened_names_its_kind_and_what_opened_it(language, said):
    names = named("condition", {"fire": {"zh": "火灾", "en": "Fire"}})
    trip = {"zh": "火头烧至线路走廊，线路跳闸", "en": "The fire reaches the line corridor; its lines trip"}
    opened = {"action": "incident_opened", "incident": "fire-1@corridor", "kind": "fire", "text": trip}
    assert event_text(opened, names)[language] == said


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_grassland_fire_s_secondary_incident_does_not_read_as_the_line_trip_that_opened_it(language):
    scenario, plans, area = load_case(ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml")
    result = run_scenario(scenario, plans, area, 1)
    names = names_from(plans, area, scenario, result)
    events = result["events"]
    (i, opened), *_ = [(i, e) for i, e in enumerate(events) if e["action"] == "incident_opened"]
    trip = events[i - 1]
    assert trip["action"] == "line_tripped" and trip["t_h"] == opened["t_h"]
    tripped, begun = (entry_words(e, names)[language] for e in (trip, opened))
    assert begun != tripped and tripped in begun
    assert pick(names.of("condition")[opened["kind"]], language) in begun.replace(tripped, "")  # 火灾 / Fire, by name
    assert opened["incident"] not in begun


def test_every_field_the_engines_words_fill_in_is_a_number_or_an_id_read_among_its_kind():
    fields = {field for words in (*WORDS.values(), *UNMET.values()) for template in words
              for field in re.findall(r"\{(\w+)\}", template)}
    # the event's own text, and counts (an incident's number among the run's)
    assert fields - set(FIELD_KINDS) == {"name", "amount", "have", "number"}


def test_a_penalty_at_a_place_whose_name_holds_an_aside_reads_with_a_comma_within_the_cases_brackets_in_english():
    from sim.event_text import penalty_case

    names = named("place", {"farmland": {"zh": "西斗铺镇农田（管制区外）", "en": "Xidoupu farmland (outside the control zones)"}})
    names.add("activity", "straw", {"zh": "焚烧秸秆", "en": "Burning crop straw"})
    case = penalty_case({"action": "penalty", "activity": "straw", "when": ["serious"]}, names, "farmland")
    assert "Burning crop straw (Xidoupu farmland, outside the control zones), applied because" in case["en"]
    assert "焚烧秸秆（西斗铺镇农田（管制区外）），适用情形" in case["zh"]  # the Chinese as it is written


def test_a_name_without_an_aside_of_its_own_reads_within_an_aside_as_it_is_written():
    from sim.messages import within_aside

    plain = {"zh": "金山以北草原补奖区坟地", "en": "Graves in the grassland subsidy area north of Jinshan"}
    assert within_aside(plain) == plain
    assert within_aside({"zh": "甲（乙）丙（丁）", "en": "A (b) and C (d"})["en"] == "A, b and C (d"  # an unclosed bracket stays


def test_backup_power_running_out_reads_without_a_possessive_after_the_key_users_bracket():
    user = {"zh": "铝厂（保安负荷）", "en": "Aluminium smelter (security loads)"}
    assert event_text({"action": "backup_out_of_fuel", "text": user}) == {
        "zh": "铝厂（保安负荷）自备电源燃料耗尽", "en": "The backup power of Aluminium smelter (security loads) runs out of fuel"}


def test_a_fire_an_activity_starts_names_its_place_in_an_aside_rather_than_after_a_second_at():
    """The activity says where it happens (burning paper offerings at graves); the place, a
    name with its own capital, follows in brackets, and the Chinese reads as before."""
    case = load_case(Path(__file__).resolve().parent.parent / "plans" / "scenarios" / "grassland-fire-line-trip.yaml")
    draw = case.draw(1)
    result = run_scenario(draw.scenario, case.plans, case.area, draw.seed)
    names = names_from(case.plans, case.area, draw.scenario, result)
    started = [e for e in result["events"] if e["action"] == "fire_started" and e.get("inject") is None]
    assert started
    for event in started:
        activity, place = (names.of(kind)[event[kind]] for kind in ("activity", "place"))
        assert event["text"] == {"zh": f"{pick(place, 'zh')}{pick(activity, 'zh')}引发火灾",
                                 "en": f"{pick(activity, 'en')} starts a fire ({pick(place, 'en')})"}
