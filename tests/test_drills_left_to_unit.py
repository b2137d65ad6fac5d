"""Duties and steps the plan leaves to their unit's judgement (``left_to_unit``: 视情况,
必要时, 根据需要, an approval) are the unit's call in a drill: its player may decline one.

The plan's own run does them when they come due, as before. A player who declines one is
judged by the unit's call (declined, citing the clause), not as having missed it; the engine
then does not do it — a declined approval publishes no warning, a declined step is not
carried out and the sequence goes on with the next one, a declined duty does not start and
is not asked about again while its trigger holds. Only what the plan leaves to the unit can
be declined.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app_pages import page
from sim.drills import control, db, views
from sim.drills.actions import catalogue
from sim.drills.findings import findings
from sim.errors import InputError
from sim.inputs import load_plan

ROOT = Path(__file__).resolve().parent.parent
STORM = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"
COUNTY, PUBLICITY = "county_government", "publicity_dept"


def _declinable(cat, role: str, kind: str) -> list[str]:
    spec = next((s for s in cat.for_role(role) if s.kind == kind), None)
    return [c.value for c in spec.choices] if spec is not None else []


def test_the_catalogue_offers_a_decline_for_exactly_what_the_plan_leaves_to_the_unit():
    plan = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
    cat = catalogue(plan, None, {}, "")
    assert _declinable(cat, "industry_tech", "decline_step") == ["county.bureau_working_group"]
    assert _declinable(cat, COUNTY, "decline_step") == ["county.onsite_headquarters",
                                                        "county.authorise_town_headquarters", "county.working_groups"]
    assert _declinable(cat, COUNTY, "decline_warning_step") == ["warning.approve"]
    assert _declinable(cat, "power_company", "decline_step") == ["warning.alert_key_users"]
    assert _declinable(cat, "power_company", "decline_warning_step") == []  # its proposal is not its call
    assert _declinable(cat, PUBLICITY, "decline_duty") == ["publicity_dept.press_conference"]
    assert _declinable(cat, "dev_reform", "decline_duty") == ["dev_reform.price_intervention",
                                                             "dev_reform.grain_reserve"]
    assert not any(s.kind == "decline_lift_warning" for specs in cat.specs.values() for s in specs)
    assert cat.answers("step", "county.working_groups") == ("step", "decline_step")
    assert cat.answers("step", "county.consultation") == ("step",)
    assert cat.answers("discretion", None) == ("discretion", "decline_discretion")


def test_a_step_the_plan_does_not_leave_to_the_unit_cannot_be_declined():
    plan = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
    cat = catalogue(plan, None, {}, "")
    with pytest.raises(InputError, match="args.step") as refused:
        cat.validate(COUNTY, "decline_step", {"step": "county.consultation"})
    assert "county.working_groups" in str(refused.value)  # the one it may decline


def _drill(tmp_path, role: str, person: str):
    engine = db.open_database(f"sqlite:///{tmp_path / 'left.sqlite'}")
    return engine, control.create(engine, STORM, name="Left to the unit", roles={role: person})


def _to(engine, drill, hours: float) -> None:
    now = db.load_drill(engine, drill.id).clock.now()
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=hours - now)


def _item(evaluation, kind: str, key: str):
    return next(i for i in evaluation.items if (i.kind, i.key) == (kind, key))


def test_a_county_that_declines_to_approve_the_warning_publishes_none_and_it_is_its_call(tmp_path):
    engine, drill = _drill(tmp_path, COUNTY, "Zhao")
    _to(engine, drill, 1.75)  # the bureau has assessed and asked the county to approve
    control.act(engine, drill.id, role=COUNTY, key=drill.keys[COUNTY], kind="decline_warning_step",
                args={"step": "warning.approve"})
    _to(engine, drill, 6.0)
    state, _, evaluation = control.assess(engine, drill.id)
    logged = [e["action"] for e in state.result["events"]]
    assert "warning.assess" in logged
    assert "warning.approve" not in logged and "warning.publish" not in logged
    item = _item(evaluation, "warning_step", "warning.approve")
    assert (item.status, item.person, item.points) == ("declined", "Zhao", None)
    assert "4.2.1" in item.note["zh"]
    assert not [d for d in evaluation.deviations if d.role == COUNTY and d.t_h < 6.0]


def test_a_power_company_that_does_not_alert_the_key_users_still_sees_the_warning_published_and_it_is_its_call(
        tmp_path):
    engine, drill = _drill(tmp_path, "power_company", "Qian")
    key = drill.keys["power_company"]
    _to(engine, drill, 0.25)  # the forecast came at 0 h: propose the warning, and tell the key users or not
    control.act(engine, drill.id, role="power_company", key=key, kind="decline_step",
                args={"step": "warning.alert_key_users"})
    control.act(engine, drill.id, role="power_company", key=key, kind="warning_step",
                args={"step": "warning.propose"})
    control.act(engine, drill.id, role="power_company", key=key, kind="step", args={"step": "warning.report_region"})
    _to(engine, drill, 6.0)
    state, _, evaluation = control.assess(engine, drill.id)
    logged = [e["action"] for e in state.result["events"]]
    assert "warning.alert_key_users" not in logged
    assert "warning.publish" in logged, "declining the side notice does not stop the warning (4.2.1)"
    told = {unit for e in state.result["events"] for unit in e.get("notify") or ()}
    assert "key_power_users" not in told and "industry_tech" in told
    item = _item(evaluation, "step", "warning.alert_key_users")
    assert (item.status, item.person, item.points) == ("declined", "Qian", None)
    assert "4.2.1" in item.note["zh"]
    assert not [d for d in evaluation.deviations if d.role == "power_company" and d.t_h < 1.0]


def test_a_power_company_that_never_decides_on_telling_the_key_users_missed_a_decision_not_a_task(tmp_path):
    engine, drill = _drill(tmp_path, "power_company", "Qian")
    control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="warning_step",
                args={"step": "warning.propose"})
    _to(engine, drill, 2.0)
    _, _, evaluation = control.assess(engine, drill.id)
    assert _item(evaluation, "step", "warning.alert_key_users").status == "missed"
    (said,) = [d.text["en"] for d in evaluation.deviations if "Alert the important power users" in d.text["en"]]
    assert ": no decision on “Alert the important power users as it sees fit”: the plan's answer is to take it" in said
    assert "never carried out" not in said


def test_an_undecided_decision_is_a_finding_to_rectify_whose_advice_is_to_decide_not_to_cover_every_duty(tmp_path):
    engine, drill = _drill(tmp_path, "power_company", "Qian")
    control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="warning_step",
                args={"step": "warning.propose"})
    _to(engine, drill, 2.0)
    state, key, evaluation = control.assess(engine, drill.id)
    (found,) = [f for f in findings(state, key, evaluation) if f.role == "power_company" and f.clause == "4.2.1"
                and f.kind == "undecided"]
    assert found.grade == "rectify" and found.attribution == "players"
    assert found.advice == {"zh": "对预案交由本单位决定的事项，在时限内作出决定：采取，或决定不采取",
                            "en": "decide in time on what the plan leaves to the unit: take it, or decline it"}


def test_a_publicity_department_that_declines_the_press_conference_holds_none_and_is_asked_once(tmp_path):
    engine, drill = _drill(tmp_path, PUBLICITY, "Wu")
    _to(engine, drill, 14.5)  # a Level I response since 14.1 h: the conference is due
    control.act(engine, drill.id, role=PUBLICITY, key=drill.keys[PUBLICITY], kind="decline_duty",
                args={"duty": "publicity_dept.press_conference"})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    asks = [a for a in state.policy.asks if a.key == "publicity_dept.press_conference"]
    assert len(asks) == 1, "declined once, not asked again while the response is at Level II or above"
    assert not [s for s in state.result["spans"] if s["duty"] == "publicity_dept.press_conference"]
    item = _item(evaluation, "duty", "publicity_dept.press_conference")
    assert (item.status, item.points) == ("declined", None)
    other = _item(evaluation, "duty", "publicity_dept.information_release")
    assert other.status == "missed"  # not left to the unit: never started is missed


def test_a_county_that_declines_the_working_groups_skips_that_step_and_is_asked_the_next(tmp_path):
    engine, drill = _drill(tmp_path, COUNTY, "Zhao")
    key = drill.keys[COUNTY]
    _to(engine, drill, 13.75)  # the report has reached the county
    control.act(engine, drill.id, role=COUNTY, key=key, kind="declare", args={"level": "I"})
    _to(engine, drill, 14.0)
    control.act(engine, drill.id, role=COUNTY, key=key, kind="step", args={"step": "county.consultation"})
    _to(engine, drill, 16.0)
    control.act(engine, drill.id, role=COUNTY, key=key, kind="decline_step", args={"step": "county.working_groups"})
    _to(engine, drill, 16.5)
    state, _, evaluation = control.assess(engine, drill.id)
    logged = [e["action"] for e in state.result["events"]]
    assert "county.consultation" in logged and "county.working_groups" not in logged
    assert _item(evaluation, "step", "county.working_groups").status == "declined"
    asked = [a.key for a in state.policy.asks if a.kind == "step" and a.role == COUNTY]
    assert asked[asked.index("county.working_groups") + 1] == "county.relay_instructions"


def test_the_desk_offers_decline_beside_do_it_only_for_the_duty_left_to_the_unit(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    monkeypatch.setenv(db.URL_ENV, url)
    engine = db.open_database(url)
    drill = control.create(engine, STORM, name="Desk", roles={PUBLICITY: "Wu"})
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=14.5)
    at = page("participant", drill=str(drill.id), role=PUBLICITY, key=drill.keys[PUBLICITY])
    keys = [b.key for b in at.button if b.key]
    assert any(k.startswith("decline_duty_publicity_dept.press_conference") for k in keys), keys
    assert any(k.startswith("do_duty_publicity_dept.information_release") for k in keys), keys
    assert not any(k.startswith("decline_duty_publicity_dept.information_release") for k in keys)
    next(b for b in at.button if b.key and b.key.startswith("decline_duty_publicity_dept.press_conference")).click().run()
    assert not at.exception
    actions = db.load_drill(engine, drill.id).actions
    assert [(a.kind, a.args, a.person) for a in actions if a.role == PUBLICITY] == [
        ("decline_duty", {"duty": "publicity_dept.press_conference"}, "Wu")]


def test_the_county_governments_inbox_says_the_approval_is_its_to_decide_when_it_is_asked(tmp_path):
    from sim.drills import views

    engine, drill = _drill(tmp_path, COUNTY, "Zhao")
    _to(engine, drill, 1.0)  # the bureau is still assessing: nothing asked yet
    state, _, _ = control.assess(engine, drill.id)
    assert not [m for m in views.inbox(state, COUNTY, "en") if m.key.startswith("ask:")]
    _to(engine, drill, 1.75)
    state, _, _ = control.assess(engine, drill.id)
    (asked,) = [m for m in views.inbox(state, COUNTY, "en") if m.key.startswith("ask:")]
    (approval,) = [a for a in state.policy.asks if a.kind == "warning_step" and a.key == "warning.approve"]
    assert (asked.t_h, asked.source) == (approval.t_h, "The plan")
    assert asked.text == ("Yours to decide: The county government approves the warning (4.2.1). "
                          "The plan leaves it to your unit: do it or decline it")
    (said,) = [m for m in views.inbox(state, COUNTY, "zh") if m.key == asked.key]  # the same message either way
    assert said.text == "请作出决定：县人民政府批准发布预警（4.2.1）。预案交由本单位决定：可以办理，也可以决定不采取"
    assert not [m for m in views.inbox(state, "industry_tech", "en") if m.key.startswith("ask:")]  # the county's alone


def _second_forecast(tmp_path, at_h: float, metrics: str, first_valid_h: int = 12) -> Path:
    """The Chengnan storm drill with the forecast updated at ``at_h`` (its figures ``metrics``)."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    path = tmp_path / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
    text = path.read_text(encoding="utf-8")
    first = "    metrics: {forecast_load_shed_pct: 20, forecast_customers_out_pct: 40}\n    valid_h: 12\n"
    assert first in text
    path.write_text(text.replace(first, first.replace("valid_h: 12", f"valid_h: {first_valid_h}") + (
        f"  - id: storm-forecast-update\n    at_h: {at_h}\n    kind: forecast\n"
        "    text: {zh: 气象局更新雷暴预报, en: The weather service updates its thunderstorm forecast}\n"
        f"    metrics: {metrics}\n    valid_h: 12\n")), encoding="utf-8")
    return path


def _declined_then_forecast_again(tmp_path, scenario: Path):
    """The county declines the warning; the forecast is updated at 2.5 h: what is put to whom after it."""
    engine = db.open_database(f"sqlite:///{tmp_path / 'again.sqlite'}")
    drill = control.create(engine, scenario, name="Forecast again", roles={COUNTY: "Zhao", "power_company": "Qian"})
    key = drill.keys["power_company"]
    for kind, step in (("step", "warning.alert_key_users"), ("warning_step", "warning.propose")):
        control.act(engine, drill.id, role="power_company", key=key, kind=kind, args={"step": step})
    _to(engine, drill, 1.5)  # the bureau has assessed and asked the county to approve
    control.act(engine, drill.id, role=COUNTY, key=drill.keys[COUNTY], kind="decline_warning_step",
                args={"step": "warning.approve"})
    _to(engine, drill, 2.5)
    _, _, evaluation = control.assess(engine, drill.id)
    return {(i.key, i.due_h) for i in views.tasks(evaluation, "power_company")}


def test_a_forecast_no_graver_than_the_declined_one_within_its_window_asks_nobody_again(tmp_path):
    scenario = _second_forecast(tmp_path, 2.5, "{forecast_load_shed_pct: 20, forecast_customers_out_pct: 35}")
    assert _declined_then_forecast_again(tmp_path, scenario) == set()


def test_a_forecast_with_a_higher_figure_than_the_declined_one_is_a_new_situation_put_again(tmp_path):
    scenario = _second_forecast(tmp_path, 2.5, "{forecast_load_shed_pct: 21, forecast_customers_out_pct: 40}")
    assert _declined_then_forecast_again(tmp_path, scenario) == {("warning.alert_key_users", 2.5),
                                                                 ("warning.propose", 2.5)}


def test_the_same_forecast_once_the_declined_ones_window_has_passed_is_a_new_situation_put_again(tmp_path):
    scenario = _second_forecast(tmp_path, 2.5, "{forecast_load_shed_pct: 20, forecast_customers_out_pct: 40}",
                                first_valid_h=2)
    assert _declined_then_forecast_again(tmp_path, scenario) == {("warning.alert_key_users", 2.5),
                                                                 ("warning.propose", 2.5)}


def test_the_report_lists_each_warning_step_once_at_the_time_it_was_taken_when_the_forecast_is_only_updated(
        tmp_path):
    """An update of the forecast that the county's decline already weighed put the proposal and
    the alert to the power company again, and the report listed each of them at two clock times."""
    from sim.drills import report

    scenario = _second_forecast(tmp_path, 2.5, "{forecast_load_shed_pct: 20, forecast_customers_out_pct: 40}")
    _declined_then_forecast_again(tmp_path, scenario)
    engine = db.open_database(f"sqlite:///{tmp_path / 'again.sqlite'}")
    state, key, evaluation = control.assess(engine, 1)
    expected = report.markdown(state, key, evaluation, "en").split("## 10.")[1]
    rows = [line for line in expected.splitlines() if "propose a warning" in line or "Alert the important" in line]
    assert [row.split(" | ")[0] + " | " + row.split(" | ")[5] for row in rows] == ["| 07-18 12:00 | 07-18 12:00"] * 2
