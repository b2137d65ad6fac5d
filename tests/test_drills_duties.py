"""A played unit's duties and steps start when its player starts them.

In the Chengnan drill the outage at 4 h fires the power company's fault analysis
(附件2 三, one hour of work) and, once a level is declared, the county actions of 5.3
fall to the bureau one after another. Nobody plays a unit: the engine starts them at
once, as the plan says. Someone plays it: the work waits for that person, starts when
they start it (its span and log entry at that moment), and counts as late after the
drill's grace; handing the role back lets the engine start what was waiting.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.drills import control, db
from sim.drills.replay import replay
from sim.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
FAULT = "power_company.fault_analysis"


def _to(engine, drill: control.NewDrill, hours: float) -> None:
    now = db.load_drill(engine, drill.id).clock.now()
    if hours > now:
        control.advance(engine, drill.id, key=drill.facilitator_key, hours=hours - now)


def _fault_analysis(result) -> tuple[list[float], list[tuple[float, float]]]:
    starts = [e["t_h"] for e in result["events"] if e["action"] == FAULT]
    spans = [(s["requested_h"], s["start_h"]) for s in result["spans"] if s["duty"] == FAULT]
    return starts, spans


def _drill(tmp_path, roles) -> tuple:
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    return engine, control.create(engine, SCENARIO, name="Duties", roles=roles)


def test_unplayed_the_duty_starts_with_its_trigger(tmp_path):
    engine, drill = _drill(tmp_path, {})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    starts, spans = _fault_analysis(replay(db.load_drill(engine, drill.id)).result)
    assert starts == [4.0] and spans == [(4.0, 4.0)]


def test_played_the_duty_waits_for_its_player(tmp_path):
    engine, drill = _drill(tmp_path, {"power_company": "Ann"})
    _to(engine, drill, 4.25)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _fault_analysis(state.result) == ([], [])
    item = next(i for i in evaluation.items if i.key == FAULT)
    assert (item.kind, item.status, item.due_h) == ("duty", "open", 4.0)

    _to(engine, drill, 5.0)
    control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="duty", args={"duty": FAULT})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    starts, spans = _fault_analysis(state.result)
    assert starts == [5.0] and spans == [(5.0, 5.0)]
    item = next(i for i in evaluation.items if i.key == FAULT)
    assert (item.status, item.due_h, item.done_h) == ("late", 4.0, 5.0)  # grace 0.5 h
    assert FAULT not in {d["duty"] for d in state.result["summary"]["unmet_duties"]}


def test_a_duty_started_ahead_of_its_trigger_runs_when_the_trigger_fires(tmp_path):
    engine, drill = _drill(tmp_path, {"power_company": "Ann"})
    _to(engine, drill, 3.0)
    control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="duty", args={"duty": FAULT})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _fault_analysis(state.result)[0] == [4.0]
    item = next(i for i in evaluation.items if i.key == FAULT)
    assert (item.status, item.done_h) == ("on_time", 3.0)


def test_never_started_it_is_unmet_and_missed(tmp_path):
    engine, drill = _drill(tmp_path, {"power_company": "Ann"})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _fault_analysis(state.result) == ([], [])
    unmet = next(d for d in state.result["summary"]["unmet_duties"] if d["duty"] == FAULT)
    assert (unmet["t_h"], unmet["reason"]) == (4.0, {"kind": "not_started", "unit": "power_company"})
    item = next(i for i in evaluation.items if i.key == FAULT)
    assert item.status == "missed"
    assert any(d.kind == "missed" and "Analyse the fault" in d.text["en"] for d in evaluation.deviations)


def _handed_back_at(tmp_path, hours: float):
    """Ann plays the power company until ``hours``, then the engine; the drill run to its end."""
    engine, drill = _drill(tmp_path, {"power_company": "Ann"})
    _to(engine, drill, hours)
    control.assign(engine, drill.id, "power_company", None, key=drill.facilitator_key)
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    return state, evaluation


def test_handing_the_role_back_lets_the_engine_start_what_waited(tmp_path):
    state, evaluation = _handed_back_at(tmp_path, 6.0)
    assert _fault_analysis(state.result)[0] == [6.0]
    # Ann held it up from 4 h (0.5 h allowed) until the hand-back: missed, not forgotten
    item = next(i for i in evaluation.items if i.key == FAULT)
    assert (item.status, item.due_h, item.done_h) == ("missed", 4.0, None)
    assert any("not done until the role was handed back to the engine at 07-18 18:00" in d.text["en"]
               for d in evaluation.deviations)


def test_handing_a_role_back_in_time_is_nobodys_fault(tmp_path):
    state, evaluation = _handed_back_at(tmp_path, 4.25)
    assert _fault_analysis(state.result)[0] == [4.25]
    assert all(i.key != FAULT for i in evaluation.items)  # the engine took it over within its time


def _bureau_reports(engine, drill: control.NewDrill) -> None:
    """The bureau plays its part of the warning and passes the report on, each when asked."""
    for at, kind, args in [(0.5, "warning_step", {"step": "warning.assess"}),
                           (2.5, "warning_step", {"step": "warning.publish"}),
                           (4.5, "report", {"hop": "report.industry_tech"})]:
        _to(engine, drill, at)
        control.act(engine, drill.id, role="industry_tech", key=drill.keys["industry_tech"], kind=kind, args=args)


def test_a_played_units_steps_wait_for_it_in_order(tmp_path):
    engine, drill = _drill(tmp_path, {"industry_tech": "Bo"})
    _bureau_reports(engine, drill)
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    # Nobody carried out the bureau's first county action, so its later ones never fell
    # due; they are missed too, each naming the step that held it up.
    steps = {i.key: i for i in evaluation.items if i.kind == "step" and i.key.startswith("county.bureau")}
    assert {key: i.status for key, i in steps.items()} == {
        "county.bureau_tracking": "missed", "county.bureau_working_group": "missed", "county.bureau_support": "missed"}
    assert steps["county.bureau_tracking"].note is None
    assert "county.bureau_tracking" not in steps["county.bureau_support"].note["en"]  # named by its label
    support = steps["county.bureau_support"].label["en"]
    assert [d.kind for d in evaluation.deviations if support in d.text["en"]] == ["missed"]
    assert "held up by" in next(d.text["en"] for d in evaluation.deviations if support in d.text["en"])
    assert not [e for e in state.result["events"] if e["action"].startswith("county.bureau")]


def test_a_step_carried_out_by_its_player(tmp_path):
    engine, drill = _drill(tmp_path, {"industry_tech": "Bo"})
    _bureau_reports(engine, drill)
    plain = replay(db.load_drill(engine, drill.id), until=24.0).result
    declared = next(e["t_h"] for e in plain["events"] if e["action"] == "declare_response")
    _to(engine, drill, declared + 0.25)
    control.act(engine, drill.id, role="industry_tech", key=drill.keys["industry_tech"], kind="step", args={"step": "county.bureau_tracking"})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    done = [e["t_h"] for e in state.result["events"] if e["action"] == "county.bureau_tracking"]
    assert len(done) == 1 and done[0] > declared + 0.25  # the step's hour of work from the action on
    item = next(i for i in evaluation.items if i.key == "county.bureau_tracking")
    assert (item.status, item.due_h, item.done_h) == ("on_time", declared, declared + 0.25)
    assert any(i.key == "county.bureau_working_group" for i in evaluation.items)  # the next one fell due


def test_a_role_passed_on_credits_each_player_for_their_stint(tmp_path):
    from sim.drills import report

    engine, drill = _drill(tmp_path, {"power_company": "Ann"})
    control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="warning_step", args={"step": "warning.propose"})
    control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="step",
                args={"step": "warning.alert_key_users"})
    _to(engine, drill, 2.0)
    dan = control.assign(engine, drill.id, "power_company", "Dan", key=drill.facilitator_key).key
    _to(engine, drill, 4.0)
    with pytest.raises(InputError, match="not that of the present player of Guyang Branch of the Baotou Power Supply Company"):  # Ann's key lapsed
        control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="note",
                    args={"text": "still me"})
    control.act(engine, drill.id, role="power_company", key=dan, kind="report", args={"hop": "report.power_company"})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, key, evaluation = control.assess(engine, drill.id)
    assert db.load_drill(engine, drill.id).stints() == {"power_company": [("Ann", 0.0, 2.0), ("Dan", 2.0, None)]}
    assert evaluation.players["power_company"] == ("Ann", "Dan")
    done = {i.key: i.person for i in evaluation.items if i.done_h is not None}
    assert done == {"warning.propose": "Ann", "warning.alert_key_users": "Ann", "report.power_company": "Dan"}
    lapsed = {i.person for i in evaluation.items if i.status == "missed"}
    assert lapsed == {"Dan"}  # what ran out on Dan's watch is Dan's
    md = report.markdown(state, key, evaluation, "en")
    assert "| Guyang Branch of the Baotou Power Supply Company | Ann | 07-18 12:00 – 07-18 14:00 |" in md
    assert "| Guyang Branch of the Baotou Power Supply Company | Dan | 07-18 14:00 – 07-19 12:00 |" in md  # to the end
    assert "| Guyang Branch of the Baotou Power Supply Company | Ann, Dan |" in md  # the scores by unit
    assert "| 包头供电公司固阳县分公司 | Ann、Dan |" in report.markdown(state, key, evaluation, "zh")


def test_an_english_report_lists_and_cites_in_english_and_a_chinese_one_in_chinese(tmp_path):
    from sim.drills import report

    engine, drill = _drill(tmp_path, {"power_company": "Ann", "county_government": "Cai"})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, key, evaluation = control.assess(engine, drill.id)
    overview = lambda md: md.split("\n## ", 2)[1]  # noqa: E731  the report's first section
    english, chinese = report.markdown(state, key, evaluation, "en"), report.markdown(state, key, evaluation, "zh")
    said = overview(english)
    assert ("Guyang County People's Government: Cai, Guyang Branch of the Baotou Power Supply Company: Ann"
            in said), said
    assert not set("：、；，") & set(said), said
    assert ", item to rectify " in said and "; Test " in said, said  # the findings' and the objectives' lists
    advice = [line for line in english.splitlines() if "this time" in line]
    assert advice and all("附件" not in line for line in advice), advice
    assert any("Annex 2, III" in line for line in advice), advice
    assert "包头供电公司固阳县分公司：Ann" in overview(chinese)
    assert any("附件2 三" in line for line in chinese.splitlines() if "本次" in line)


def test_the_headquarters_player_holds_the_headquarters_duties(tmp_path):
    engine, drill = _drill(tmp_path, {"headquarters": "Hu"})
    cat = control.catalogue_of(db.load_drill(engine, drill.id))
    duties = {c.value for s in cat.specs["headquarters"] if s.kind == "duty" for c in s.choices}
    office = {c.value for s in cat.specs["industry_tech"] if s.kind == "duty" for c in s.choices}
    assert "headquarters.unified_command" in duties and not any(d.startswith("headquarters.") for d in office)


def test_a_report_sent_though_the_report_never_reached_its_sender_jumps_the_chain(tmp_path):
    engine, drill = _drill(tmp_path, {"power_company": "Ann", "industry_tech": "Bo"})
    _to(engine, drill, 4.25)  # the outage is at 4 h; the power company never reports it
    control.act(engine, drill.id, role="industry_tech", key=drill.keys["industry_tech"], kind="report", args={"hop": "report.industry_tech"})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    _, _, evaluation = control.assess(engine, drill.id)
    jumped = next(i for i in evaluation.items if i.role == "industry_tech" and i.kind == "report")
    assert (jumped.status, jumped.done_h, jumped.points) == ("out_of_order", 4.25, 0.5)
    skipped = [d for d in evaluation.deviations if d.role == "industry_tech" and d.kind in ("skipped", "not_required")]
    assert [(d.kind, d.clause) for d in skipped] == [("skipped", jumped.clause)] and "4.3" in jumped.clause
    assert "a hop of the chain was skipped" in skipped[0].text["en"]
    unsent = next(i for i in evaluation.items if i.role == "power_company" and i.kind == "report")
    assert unsent.status == "missed"
