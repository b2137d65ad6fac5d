"""The Guyang blackout plan file: the 21 member units and their duties, citations, ids.

Expectations are written out here from the plan's text (附件2 三, 5.1, 5.4 …), not read
back from the YAML, so an edit that drops a unit, a duty or a condition fails a test.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from pydantic import BaseModel

from sim.inputs.loader import load_plan
from sim.plan.common import Cited, Source
from sim.plan.criteria import AllOf, MetricThreshold
from sim.plan.response_plan import Duty, Hop, Step

ROOT = Path(__file__).resolve().parent.parent
PLAN_FILE = ROOT / "plans" / "guyang-blackout-2023.yaml"

#: 附件2 三, in the plan's order: unit id → (name as the plan writes it, number of duties
#: the file splits its paragraph into).
MEMBERS = {
    "publicity_dept": ("县委宣传部", 3),
    "cyberspace_office": ("县委网信办", 4),
    "industry_tech": ("县工科局", 8),
    "dev_reform": ("县发展改革委", 4),
    "public_security": ("县公安局", 6),
    "civil_affairs": ("县民政局", 2),
    "finance": ("县财政局", 1),
    "natural_resources": ("县自然资源局", 4),
    "ecology_environment": ("县生态环境局", 2),
    "housing_construction": ("县住房和城乡建设局", 3),
    "transport": ("县交通运输局", 1),
    "water": ("县水务局", 3),
    "health": ("县卫生健康委", 3),
    "commerce": ("县商务局", 2),
    "emergency_management": ("县应急管理局", 3),
    "culture_tourism_radio": ("县文旅广电局", 2),
    "forestry_grassland": ("县林草局", 3),
    "fire_rescue": ("县消防救援中队", 2),
    "meteorology": ("县气象局", 3),
    "power_company": ("包头供电公司固阳县分公司", 12),
    "generators": ("相关发电企业", 5),
}

OTHER_UNITS = {
    "headquarters", "county_government", "town_government", "city_government", "city_headquarters",
    "higher_power_authority", "im_energy_bureau", "nea_north_china", "city_dev_reform_commission",
    "power_dispatch", "key_power_users", "expert_group", "insurers",
    "telecom_unicom", "telecom_mobile", "telecom_telecom", "public",
}

TOWNS = ["金山镇", "下湿壕镇", "银号镇", "怀朔镇", "兴顺西镇", "西斗铺镇"]


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN_FILE)


def walk(node, path=()):
    """Every pydantic model in the plan, with its path."""
    if isinstance(node, BaseModel):
        yield path, node
        for name in type(node).model_fields:
            yield from walk(getattr(node, name), path + (name,))
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            yield from walk(item, path + (i,))


def test_first_line_names_the_schema():
    assert PLAN_FILE.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=../schema/plan.schema.json"


def test_document(plan):
    doc = plan.document
    assert doc.issuer.zh == "固阳县人民政府办公室"
    assert doc.issued == dt.date(2023, 6, 13)
    assert doc.effective == dt.date(2023, 6, 13)
    assert (doc.source.clause, doc.source.quote) == ("8.4", "本预案自印发之日起实施。")


def test_all_21_member_units_with_their_duties(plan):
    members = {u.id: u for u in plan.units if u.kind == "member"}
    assert list(members) == list(MEMBERS)
    for unit_id, (name, duties) in MEMBERS.items():
        unit = members[unit_id]
        assert unit.name.zh.startswith(name)
        assert len(unit.duties) == duties, unit_id
        assert unit.source.clause == "附件2 三"


def test_units_the_plan_names_outside_the_member_list(plan):
    assert {u.id for u in plan.units if u.kind != "member"} == OTHER_UNITS
    town = next(u for u in plan.units if u.id == "town_government")
    assert all(t in town.name.zh for t in TOWNS)


def test_headquarters(plan):
    hq = plan.headquarters
    assert hq.commander.zh.startswith("乔建军")
    assert [d.zh.split()[0] for d in hq.deputies] == ["白云翔", "菅秀蔚", "赵立", "刘峰"]
    assert hq.office_unit == "industry_tech"
    assert hq.members == list(MEMBERS)


def test_every_id_is_unique_across_the_plan(plan):
    ids = [getattr(model, "id") for _, model in walk(plan) if isinstance(getattr(model, "id", None), str)]
    repeated = [i for i, n in Counter(ids).items() if n > 1]
    assert repeated == []


def test_duty_ids_are_prefixed_by_their_unit(plan):
    for unit in plan.units:
        for duty in unit.duties:
            assert duty.id.startswith(unit.id + "."), duty.id
    assert all(d.id.startswith("headquarters.") for d in plan.headquarters.duties)


def test_every_duty_has_a_quote_a_trigger_and_an_assumed_task(plan):
    duties = [model for _, model in walk(plan) if isinstance(model, Duty)]
    assert len(duties) > 90
    for duty in duties:
        assert duty.source is not None and duty.source.quote, duty.id
        assert duty.trigger is not None, duty.id
        assert duty.task is not None and duty.task.assumption, duty.id


def test_every_rule_is_cited_and_every_assumed_number_says_why(plan):
    for path, model in walk(plan):
        if isinstance(model, Cited):
            assert model.source is not None or model.assumption, path
        if isinstance(model, (Step, Hop)) and model.hours:
            assert model.assumption, f"{path}: hours without an assumption"


def test_measures_5_2_1_to_5_2_6_and_heat_needs_the_heating_season(plan):
    clauses = {m.source.clause for m in plan.measures}
    assert clauses == {"5.2.1", "5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.6"}
    heat = next(m for m in plan.measures if m.id == "living_heat")
    assert heat.requires == ["heating_season"]


def test_duties_use_the_resources_their_work_needs(plan):
    tasks = {d.id: d.task for _, d in walk(plan) if isinstance(d, Duty)}
    assert tasks["power_company.grid_repair"].resource == "repair_crew"
    assert tasks["power_company.key_load_supply"].resource == "emergency_generator"
    assert tasks["water.emergency_supply"].resource == "water_truck"
    assert tasks["public_security.site_security"].resource == "police_patrol"
    assert tasks["fire_rescue.firefighting"].resource == "fire_engine"
    triggers = {d.id: d.trigger for _, d in walk(plan) if isinstance(d, Duty)}
    assert triggers["fire_rescue.firefighting"].requires == ["fire"]
    assert triggers["emergency_management.earthquake_survey"].requires == ["earthquake"]
    assert triggers["housing_construction.heat_supply"].requires == ["heating_season"]
    assert triggers["health.medical_rescue"].requires == ["injuries"]


def test_response_levels(plan):
    levels = {r.id: r for r in plan.response_levels}
    assert [(r.id, r.severity) for r in plan.response_levels] == [("I", "major"), ("II", "serious"), ("III", "general")]
    assert levels["I"].commanders == ["county_government"]
    assert (levels["I"].escalation.by, levels["I"].escalation.to) == ("county_government", "city_government")
    assert levels["III"].commanders == ["county_government", "town_government"]
    assert plan.discretion.unit == "town_government"


def test_reporting_chain(plan):
    hops = {h.id: h for h in plan.reporting.hops}
    first = plan.reporting.hops[0]
    assert first.from_ == "power_company"
    assert set(first.to) == {"industry_tech", "town_government", "im_energy_bureau", "nea_north_china"}
    city = hops["report.county_to_city"]
    assert (city.from_, city.to) == ("county_government", ["city_government"])
    assert city.only_if.context == "severity" and city.only_if.in_ == ["major"]
    assert plan.reporting.decision.unit == "county_government"


def test_warning_is_issued_in_order_and_lifted_by_its_issuer(plan):
    w = plan.warning
    assert [(s.unit, s.id) for s in w.issue] == [
        ("power_company", "warning.propose"), ("industry_tech", "warning.assess"),
        ("county_government", "warning.approve"), ("industry_tech", "warning.publish"),
    ]
    assert w.issue[0].notify == ["industry_tech"]
    # 视情通知重要电力用户 is the power company's call beside the proposal, not a link of the chain
    assert [(s.unit, s.id, s.notify, s.left_to_unit) for s in w.alongside] == [
        ("power_company", "warning.alert_key_users", ["key_power_users"], True)]
    assert w.lift.unit == w.issue[-1].unit
    assert set(w.escalate[0].notify) == {"im_energy_bureau", "nea_north_china"}


def test_termination_has_the_four_conditions_of_5_4(plan):
    t = plan.termination
    assert t.decided_by == "county_government"
    first, second, third, fourth = (c.check for c in t.conditions)
    assert (first.metric, first.min, first.max) == ("grid_backbone_restored", 1, None)
    assert isinstance(second, AllOf)
    assert [(c.metric, c.min) for c in second.all_of] == [("load_restored_pct", 80), ("key_load_restored_pct", 90)]
    assert (third.metric, third.min) == ("hazard_cleared", 1)
    assert isinstance(fourth, MetricThreshold) and (fourth.metric, fourth.min, fourth.max) == ("open_secondary_incidents", None, 1)


def _source_text() -> str | None:
    """The gazette the plan was published in, if the source documents are at hand."""
    folder = Path(os.environ.get("TUIYAN_SEEDS", ROOT.parent / "shared" / "seeds"))
    for file in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        text = file.read_text(encoding="utf-8")
        if "固阳县大面积停电事件应急预案" in text and "附件 1" in text:
            return text
    return None


def _normal(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return text.translate(str.maketrans("，：；（）", ",:;()"))


def test_every_quote_of_the_plan_is_in_the_gazette(plan):
    text = _source_text()
    if text is None:
        pytest.skip("source gazettes not available (set TUIYAN_SEEDS)")
    body = _normal(text)
    quotes = {(path, m.quote) for path, m in walk(plan) if isinstance(m, Source)}
    missing = [(p, q) for p, q in quotes if _normal(q) not in body]
    assert missing == []
