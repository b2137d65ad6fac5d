"""Injects in a drill: a scenario inject released ahead of schedule happens when released.

The Chengnan lightning strike is scheduled at 4 h. A facilitator who releases it at
3 h means the substation to fail at 3 h: the outage, the power company's report hop
and the plan's own answer key all move with it; the message reaches the power company
at 3 h. A facilitator's own inject is a message only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.drills import control, db, views
from sim.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"


def _outage(result) -> float:
    return result["summary"]["incident_started_at_h"]


def test_an_inject_released_early_happens_when_released(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, SCENARIO, name="Early", roles={"power_company": "Ann"})
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=3.0)
    control.release(engine, drill.id, "chengnan-lightning", key=drill.facilitator_key)
    state, key, evaluation = control.assess(engine, drill.id)
    assert _outage(state.result) == 3.0 and _outage(key.result) == 3.0
    report = next(i for i in evaluation.items if i.kind == "report")
    assert (report.role, report.due_h, report.status) == ("power_company", 3.0, "open")
    inbox = views.inbox(state, "power_company", "en")
    assert any(m.t_h == 3.0 and "Lightning" in m.text for m in inbox)


def test_on_schedule_and_the_facilitators_own_inject_change_nothing(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, SCENARIO, name="On time", roles={})
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=5.0)
    with pytest.raises(InputError, match="was already delivered on schedule at 07-18 16:00"):
        control.release(engine, drill.id, "chengnan-lightning", key=drill.facilitator_key)  # already out
    control.send_inject(engine, drill.id, key=drill.facilitator_key, roles=["power_company"],
                  title={"zh": "舆情", "en": "Rumours"}, body={"zh": "网上传言", "en": "Rumours online"})
    state, key, _ = control.assess(engine, drill.id)
    assert _outage(state.result) == 4.0 and _outage(key.result) == 4.0


def test_a_facilitators_notice_reaches_the_inbox_with_its_title_first_then_its_body_in_either_language(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, SCENARIO, name="Notice", roles={"power_company": "Ann"})
    control.send_inject(engine, drill.id, key=drill.facilitator_key, roles=["power_company"],
                        title={"zh": "舆情通报", "en": "Rumours"}, body={"zh": "网上传言停电三天", "en": "Talk of a three-day outage"})
    control.send_inject(engine, drill.id, key=drill.facilitator_key, roles=["power_company"],
                        title={"zh": "请加快", "en": "Hurry up"}, body={"zh": "", "en": ""})
    state, _, _ = control.assess(engine, drill.id)
    said = {language: [m.text for m in views.inbox(state, "power_company", language) if m.source == views.label(
        "facilitator", language)] for language in ("zh", "en")}
    assert said["zh"] == ["请加快", "舆情通报：网上传言停电三天"]  # newest first, though sent the same minute
    assert said["en"] == ["Hurry up", "Rumours: Talk of a three-day outage"]


def test_a_scenario_inject_whose_body_opens_with_its_title_is_not_titled_twice(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, SCENARIO, name="Forecast", roles={"power_company": "Ann"})
    state, _, _ = control.assess(engine, drill.id)
    forecast = views.inbox(state, "power_company", "zh")[-1].text
    assert forecast.startswith("气象局预报午后强雷暴，供电公司研判可能造成一般大面积停电\n")
    assert forecast.count("气象局预报午后强雷暴") == 1


def test_a_forecasts_figures_reach_the_inbox_with_the_plans_unit_and_no_needless_decimal(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, SCENARIO, name="Figures", roles={"power_company": "Ann"})
    state, _, _ = control.assess(engine, drill.id)
    zh, en = (views.inbox(state, "power_company", language)[-1].text.splitlines() for language in ("zh", "en"))
    assert zh[1:] == ["研判可能减供负荷比例：20 %", "研判可能停电用户比例：40 %"]
    assert en[1:] == ["Forecast load shed: 20 %", "Forecast customers without power: 40 %"]


def test_a_figure_is_said_by_the_unit_its_plan_gives_it():
    from types import SimpleNamespace

    from sim.report import figure_value

    assert [figure_value(SimpleNamespace(unit=unit), value, "zh") for unit, value in
            (("%", 20.0), ("MW", 12.5), ("count", 3.0), ("bool", 1.0), ("bool", 0.0))] == ["20 %", "12.5 MW", "3", "是", "否"]
    assert figure_value(SimpleNamespace(unit="bool"), 1.0, "en") == "yes"
    assert figure_value(SimpleNamespace(unit="%"), "provincial", "en") == "provincial"  # a context's value, as it is
