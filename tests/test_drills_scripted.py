"""A scripted drill end to end: three participants play the Chengnan thunderstorm drill.

The script (hours on the drill clock):

* 0.25 the power company proposes the warning (asked at 0, allowed 0.5 h: on time);
* 1.00 the bureau assesses it (asked 0.75, allowed 1 h: on time);
* 2.25 the county government approves it (asked 2.0, allowed 1 h: on time);
* 4.00 the outage; the power company reports at once and sends a crew to the
  substation (both on time);
* 4.25 the bureau reports on to the county although the power company's report only
  arrives at 4.5 (a skipped hop, 4.3); the power company starts its fault analysis;
* 4.50 the bureau publishes the warning, asked at 3.25 with 0.5 h allowed (late, 4.2.1),
  and tells the other county departments as the report reaches it (on time, 4.3);
* 6.00 the county government declares Level II for a general event (wrong level, 5.1);
  as the commander of Level II it is also the one to adjust it (5.1; no headquarters
  exists below Level I, 2.1), and it never does: the level stays II (a missed adjustment);
* 8.00 the county government ends the response while the substation is still under
  repair (premature, 5.4); the order takes effect once the conditions hold (10 h).
"""

from __future__ import annotations

import re
import json
import time
from collections import Counter
from pathlib import Path

import pytest

from drill_fixtures import db_url  # noqa: F401  (fixture)
from sim.cli import main
from sim.drills import control, db, report
from sim.drills.replay import answer_key, replay
from sim.engine.recorder import dumps
from sim.engine.run import run_scenario
from sim.errors import InputError
from sim.inputs import load_case

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
ROLES = {"power_company": "Ann", "industry_tech": "Bo", "county_government": "Cai"}

SCRIPT = [
    (0.25, "power_company", "warning_step", {"step": "warning.propose"}),
    (0.25, "power_company", "decline_step", {"step": "warning.alert_key_users"}),  # its call (视情通知)
    (1.0, "industry_tech", "warning_step", {"step": "warning.assess"}),
    (2.25, "county_government", "warning_step", {"step": "warning.approve"}),
    (4.0, "power_company", "report", {"hop": "report.power_company"}),
    (4.0, "power_company", "dispatch", {"element": "sub-110-chengnan"}),
    (4.25, "industry_tech", "report", {"hop": "report.industry_tech"}),
    (4.25, "power_company", "duty", {"duty": "power_company.fault_analysis"}),
    (4.5, "industry_tech", "warning_step", {"step": "warning.publish"}),
    (4.5, "industry_tech", "report", {"hop": "report.industry_tech_departments"}),
    (6.0, "county_government", "declare", {"level": "II"}),
    (8.0, "county_government", "end", {}),
]

#: (role, kind, key) -> (status, due_h, done_h) of every decision the script answers.
DECISIONS = {
    ("power_company", "warning_step", "warning.propose"): ("on_time", 0.0, 0.25),
    ("power_company", "step", "warning.alert_key_users"): ("declined", 0.0, 0.25),
    ("industry_tech", "warning_step", "warning.assess"): ("on_time", 0.75, 1.0),
    ("county_government", "warning_step", "warning.approve"): ("on_time", 2.0, 2.25),
    ("industry_tech", "warning_step", "warning.publish"): ("late", 3.25, 4.5),
    ("power_company", "report", "report.power_company"): ("on_time", 4.0, 4.0),
    ("power_company", "dispatch", "sub-110-chengnan"): ("on_time", 4.0, 4.0),
    ("power_company", "duty", "power_company.fault_analysis"): ("on_time", 4.0, 4.25),
    ("industry_tech", "report", "report.industry_tech"): ("out_of_order", 4.5, 4.25),
    ("industry_tech", "report", "report.industry_tech_departments"): ("on_time", 4.5, 4.5),
    ("county_government", "declare", "III"): ("wrong", 5.5, 6.0),
    ("county_government", "end", None): ("premature", 8.0, 8.0),
}


def _to(engine, drill: control.NewDrill, hours: float) -> None:
    now = db.load_drill(engine, drill.id).clock.now()
    if hours > now:
        control.advance(engine, drill.id, key=drill.facilitator_key, hours=hours - now)


def play(engine, script=SCRIPT) -> control.NewDrill:
    drill = control.create(engine, SCENARIO, name="Scripted", roles=ROLES)
    for at, role, kind, args in script:
        _to(engine, drill, at)
        control.act(engine, drill.id, role=role, key=drill.keys[role], kind=kind, args=args)
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    return drill


def test_the_lessons_list_the_roles_in_the_plans_unit_order_as_the_report_lists_units(db_url):
    engine = db.open_database(db_url)
    drill = play(engine)
    state, key, evaluation = control.assess(engine, drill.id)
    units = [u.id for u in state.inputs.plan.units]
    played = sorted(ROLES, key=units.index)
    assert played != sorted(ROLES)  # the plan does not list these units by their ids
    assert len(evaluation.went_well) == len(played)  # each did something on time
    for language in ("zh", "en"):
        named = [state.catalogue.unit_name(role)[language] for role in played]
        lessons = [line[language] for line in evaluation.went_well]
        assert [lesson.split("：" if language == "zh" else ":")[0] for lesson in lessons] == named
        said = report.markdown(state, key, evaluation, language)
        lessons_section = said[said.index(report.label("lessons", language)):]
        assert sorted(named, key=lessons_section.index) == named  # the report's lessons in that order too


def test_scripted_drill_scores_and_deviations(db_url):
    engine = db.open_database(db_url)
    drill = play(engine)
    state, key, evaluation = control.assess(engine, drill.id)
    assert evaluation.ended and evaluation.now_h == 24.0

    summary = state.result["summary"]
    assert [(c["t_h"], c["from"], c["to"]) for c in summary["level_changes"]] == [
        (6.0, None, "II"), (10.0, "II", None)]

    answered = {(i.role, i.kind, i.key): (i.status, i.due_h, i.done_h) for i in evaluation.items
                if i.status != "missed"}
    assert answered == DECISIONS

    # Every other expected action of the three played units is a duty or step never done,
    # and the adjustment to Level III the county government, commanding Level II, never made.
    missed = [i for i in evaluation.items if i.status == "missed"]
    assert {i.kind for i in missed} == {"duty", "step", "adjust"}
    adjust = next(i for i in missed if i.kind == "adjust")
    assert (adjust.role, adjust.key, adjust.due_h) == ("county_government", "III", 6.0)
    # A played unit's duty starts when its player starts it, not when its trigger fires:
    # the fault analysis is the only one of them that ran, from 4.25 h.
    started = {(e["unit"], e["action"]): e["t_h"] for e in state.result["events"] if e["unit"] in ROLES}
    duty_or_step = {(i.role, i.key) for i in evaluation.items if i.kind in ("duty", "step")}
    assert {pair: started[pair] for pair in duty_or_step if pair in started} == {
        ("power_company", "power_company.fault_analysis"): 4.25}
    declined = [i for i in evaluation.items if i.status == "declined"]
    assert [(i.role, i.key) for i in declined] == [("power_company", "warning.alert_key_users")]
    assert len(missed) == len(duty_or_step) - 2 + 1  # all but the fault analysis and the declined alert, and the adjustment
    never = {(d["unit"], d["duty"]) for d in summary["unmet_duties"] if d["reason"]["kind"] == "not_started"}
    assert never == {(i.role, i.key) for i in missed if i.kind == "duty"}

    points = {"power_company": 4.0, "industry_tech": 3.0, "county_government": 1.0}
    for role, score in evaluation.scores.items():
        count = sum(1 for i in evaluation.items if i.role == role and i.points is not None)
        assert (score.points, score.count) == (points[role], count)
    assert evaluation.overall.points == 8.0
    assert evaluation.overall.count == len(DECISIONS) - 1 + len(missed)  # a decline the plan allows is not scored
    assert evaluation.overall.percent == round(100 * 8.0 / evaluation.overall.count, 1)

    kinds = Counter(d.kind for d in evaluation.deviations)
    assert kinds == {"skipped": 1, "late": 1, "wrong_level": 1, "premature_end": 1, "missed": len(missed)}
    clauses = {d.kind: d.clause for d in evaluation.deviations if d.kind != "missed"}
    assert clauses == {"skipped": "4.3", "late": "4.2.1", "wrong_level": "5.1", "premature_end": "5.4"}
    premature = next(d for d in evaluation.deviations if d.kind == "premature_end")
    assert "Grid backbone" in premature.text["en"] and "80 % of shed load" in premature.text["en"]
    assert "hazard" not in premature.text["en"].lower()  # the storm was over by 8 h: that condition held

    # The answer key is the plan's own run: Level III declared at 6 h, ended at 10 h.
    plan_run = key.result["summary"]
    assert plan_run["response_started_at_h"] == 6.0 and plan_run["max_response_level"] == "III"


def test_after_action_report_in_both_formats(db_url):
    engine = db.open_database(db_url)
    drill = play(engine)
    state, key, evaluation = control.assess(engine, drill.id)
    md = report.markdown(state, key, evaluation, "zh")
    for heading in ("一、基本概要", "二、按目标评定", "三、按单位得分", "五、发现的问题", "六、经验教训", "七、工作建议",
                    "九、事件经过", "十、预案要求的行动"):
        assert f"## {heading}" in md
    assert "| 07-18 16:30 | 县工科局（电力管理部门） · Bo |" in md
    assert "提前终止" in md and "级别不符" in md and "越级/顺序错误" in md
    assert "| 情景 |" in md and "| scenario |" not in md and "| model |" not in md  # sources in the reader's words
    page = report.html(state, key, evaluation, "en")
    assert page.startswith("<!DOCTYPE html>") and "<h2>5. Findings</h2>" in page and "@media print" in page
    assert "wrong level" in page and "Cai" in page


def test_the_state_is_a_deterministic_function_of_the_log(db_url):
    engine = db.open_database(db_url)
    drill = play(engine)
    record = db.load_drill(engine, drill.id)
    first, second = replay(record), replay(record)
    assert dumps(first.result) == dumps(second.result)
    middle = replay(record, until=5.0)
    assert middle.result["summary"]["response_started_at_h"] is None
    assert dumps(replay(record, until=5.0).result) == dumps(middle.result)


def test_nobody_playing_is_the_plan_itself(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, SCENARIO, name="Unplayed", roles={})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    record = db.load_drill(engine, drill.id)
    scenario, plans, area = load_case(SCENARIO)
    plain = run_scenario(scenario, plans, area, record.seed)
    assert dumps(replay(record).result) == dumps(plain)
    assert dumps(answer_key(record).result) == dumps(plain)
    _, _, evaluation = control.assess(engine, drill.id)
    assert evaluation.items == [] and evaluation.overall.percent is None


def test_an_unanswered_report_keeps_the_engine_waiting(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, SCENARIO, name="Silent", roles={"power_company": "Ann", "industry_tech": "Bo"})
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=4.25)
    state, _, evaluation = control.assess(engine, drill.id)
    report_item = next(i for i in evaluation.items if i.kind == "report")
    assert (report_item.role, report_item.status, report_item.due_h) == ("power_company", "open", 4.0)
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    assert state.result["summary"]["response_started_at_h"] is None  # the report never left
    statuses = {(i.role, i.kind, i.key): i.status for i in evaluation.items if i.kind == "report"}
    assert statuses == {("power_company", "report", "report.power_company"): "missed",
                        ("industry_tech", "report", "report.industry_tech"): "not_reached",
                        ("industry_tech", "report", "report.industry_tech_departments"): "not_reached"}


def test_a_role_handed_back_is_played_by_the_engine_from_then_on(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, SCENARIO, name="Handback", roles={"power_company": "Ann"})
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=4.5)
    control.assign(engine, drill.id, "power_company", None, key=drill.facilitator_key)
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    reports = [e for e in state.result["events"] if e["action"] == "report.power_company"]
    assert [e["t_h"] for e in reports] == [5.0]  # sent by the engine at the hand-back, 0.5 h on the way
    with pytest.raises(Exception, match="nobody plays Guyang Branch of the Baotou Power Supply Company in drill"):
        control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="report", args={"hop": "report.power_company"})


def test_actions_the_plan_does_not_give_a_role_are_refused(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, SCENARIO, name="Refusals", roles=ROLES)
    own = drill.keys
    cases = [
        (dict(role="power_company", kind="declare", args={"level": "I"}), "does not give Declare the response \\(typed as declare\\) to Guyang Branch of the Baotou Power Supply Company"),
        (dict(role="county_government", kind="declare", args={"level": "IV"}), "'IV' is not one of"),
        (dict(role="county_government", kind="declare", args={}), "needs --arg level="),
        (dict(role="county_government", kind="end", args={"x": "1"}), "takes no argument x"),
        (dict(role="nobody", kind="end", args={}), "'nobody' is not a unit"),
        (dict(role="power_company", kind="fly", args={}), "unknown action 'fly'"),
    ]
    for kwargs, message in cases:
        with pytest.raises(InputError, match=message):
            control.act(engine, drill.id, key=own.get(kwargs["role"]), **kwargs)
    # Bo's key, the facilitator's, none, a made-up one: none of them acts for Ann's role.
    for key in (own["industry_tech"], drill.facilitator_key, None, "guess"):
        with pytest.raises(InputError) as refused:
            control.act(engine, drill.id, role="power_company", key=key, kind="note", args={"text": "x"})
        assert refused.value.render("both") == (
            "drill: key: 密钥不是包头供电公司固阳县分公司当前参演人员的：只能用本角色的参演链接或 --key 行动 · "
            "the key is not that of the present player of Guyang Branch of the Baotou Power Supply Company: act with "
            "the role's own link or --key")
    assert [a.kind for a in db.load_drill(engine, drill.id).actions] == ["assign"] * 3


def _new_drill(capsys, url: str, *more: str) -> dict[str, str]:
    """``drill new --export`` on the Chengnan drill with Ann as the power company: its shell lines, as a dict."""
    assert main(["drill", "--db", url, "new", str(SCENARIO), "--name", "CLI", "--role", "power_company=Ann",
                 *more, "--export"]) == 0
    out, err = capsys.readouterr()
    assert "drill 1 created" in err and "/participant?drill=1&role=power_company&key=" in err
    return dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines())


def test_command_line_drill(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    base = ["drill", "--db", url]
    made = _new_drill(capsys, url, "--role", "county_government=Cai", "--grace-h", "0.25")
    assert set(made) == {"DRILL", "FACILITATOR_KEY", "KEY_power_company", "KEY_county_government"}
    fac = ["--key", made["FACILITATOR_KEY"]]
    assert main(base + ["advance", "1", "--step"] + fac) == 0  # the step stops at Ann's first deadline: her call
    assert "clock 07-18 12:00 -> 07-18 12:15" in capsys.readouterr().out  # on telling the key users (0.25 h grace)
    assert main(base + ["act", "1", "--role", "power_company", "--action", "decline_step",
                        "--arg", "step=warning.alert_key_users", "--key", made["KEY_power_company"]]) == 0
    assert "Ann: Decline a step: Alert the important power users as it sees fit" in capsys.readouterr().out
    assert main(base + ["advance", "1", "--step"] + fac) == 0  # then at her deadline to propose
    assert "clock 07-18 12:15 -> 07-18 12:30" in capsys.readouterr().out
    assert main(base + ["advance", "1", "--step"] + fac) == 0  # the engine waits for Ann: next is the storm at 3 h
    assert main(base + ["act", "1", "--role", "power_company", "--action", "warning_step",
                        "--arg", "step=warning.propose", "--key", made["KEY_power_company"]]) == 0
    out = capsys.readouterr().out
    assert "clock 07-18 12:30 -> 07-18 15:00" in out
    # The confirmation names the unit, the person and what was done: read, not typed from, so no id.
    assert ("#7 at 07-18 15:00: Guyang Branch of the Baotou Power Supply Company · Ann: "
            "Warning step: Report to the power authority and propose a warning") in out
    assert main(base + ["list"]) == 0
    out = capsys.readouterr().out  # the scenario by its title, beside the id --scenario takes; the mode in words
    assert "Drill: a thunderstorm takes out the Chengnan 110 kV substation (typed as drill-chengnan-storm) / CLI" in out
    assert "演练：雷暴致城南110千伏变电站停电（键入 drill-chengnan-storm） / CLI" in out and "暂停" in out

    # What is due, with the command that does it; the facilitator releases an inject early
    # and hands a role back to the engine.
    assert main(base + ["status", "1", "--lang", "en", "--role", "power_company"]) == 0
    out = capsys.readouterr().out
    assert "clock 07-18 15:00 (ends 07-19 12:00) · paused" in out and "Guyang Branch of the Baotou Power Supply Company" in out
    assert "python -m sim drill act 1 --role power_company" not in out  # nothing due until the outage
    assert main(base + ["release", "1", "chengnan-lightning"] + fac) == 0
    assert "inject “Lightning damages the Chengnan 110 kV substation's transformer" in capsys.readouterr().out
    assert main(base + ["status", "1"]) == 0
    out = capsys.readouterr().out
    assert "（键入 chengnan-lightning） → " in out and "已下达 07-18 15:00" in out and "(typed as thunderstorm) → " in out
    assert main(base + ["assign", "1", "--role", "county_government"] + fac) == 0
    assert "Guyang County People's Government is played by the engine" in capsys.readouterr().out
    assert main(base + ["assign", "1", "--role", "county_government", "--person", "Dai", "--url", "http://10.0.0.5:8501"]
                + fac) == 0
    out = capsys.readouterr().out
    assert "Guyang County People's Government is played by Dai" in out
    assert "http://10.0.0.5:8501/participant?drill=1&role=county_government&key=" in out
    dai = out.split("--key ", 1)[1].split()[0]
    assert main(base + ["act", "1", "--role", "county_government", "--key", made["KEY_county_government"],
                        "--action", "note", "--arg", "text=Cai again"]) == 2  # Cai's key lapsed with the role
    assert main(base + ["act", "1", "--role", "county_government", "--key", dai, "--action", "note",
                        "--arg", "text=Dai here"]) == 0
    assert "County People's Government · Dai: Note: Dai here" in capsys.readouterr().out
    assert db.load_drill(db.open_database(url), 1).player("county_government") == "Dai"
    assert main(base + ["rekey", "1", "--role", "county_government"] + fac) == 0
    renewed = capsys.readouterr().out.split("--key ", 1)[1].split()[0]
    assert main(base + ["act", "1", "--role", "county_government", "--key", dai, "--action", "note",
                        "--arg", "text=x"]) == 2  # the renewed link replaces the old one
    assert main(base + ["act", "1", "--role", "county_government", "--key", renewed, "--action", "note",
                        "--arg", "text=y"]) == 0
    assert main(base + ["advance", "1", "--hours", "1.2"] + fac) == 0
    assert main(base + ["status", "1", "--role", "power_company", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "--action report --arg hop=report.power_company" in out
    assert "--action duty --arg duty=power_company.fault_analysis" in out
    assert main(base + ["advance", "1", "--to-end"] + fac) == 0
    target = tmp_path / "aar.html"
    assert main(base + ["report", "1", "--format", "html", "--out", str(target), "--lang", "en"]) == 0
    assert "report written to" in capsys.readouterr().out
    assert "<h1>Exercise evaluation report — CLI</h1>" in target.read_text(encoding="utf-8")
    assert main(base + ["report", "1"]) == 0  # both languages by default, as the rest of the command line
    out = capsys.readouterr().out
    assert out.startswith("# 演练处置评估报告 — CLI") and "\n---\n\n# Exercise evaluation report — CLI" in out
    assert main(base + ["report", "1", "--lang", "zh"]) == 0
    assert "Exercise evaluation report" not in capsys.readouterr().out
    assert main(base + ["status", "1", "--role", "power_company"]) == 0
    out = capsys.readouterr().out
    assert "包头供电公司固阳县分公司" in out and "Guyang Branch of the Baotou Power Supply Company" in out


@pytest.mark.parametrize("argv, message", [
    (["act", "1", "--role", "power_company", "--action", "report", "--arg", "hop"], "expected --arg K=V"),
    (["act", "1", "--role", "power_company", "--action", "report", "--arg", "hop=x"], "'x' is not one of"),
    (["act", "7", "--role", "power_company", "--action", "end"], "no drill with id 7"),
    (["act", str(2**63 + 1), "--role", "power_company", "--action", "end"], f"no drill with id {2**63 + 1}"),
    (["status", str(2**64)], f"没有编号为 {2**64} 的演练"),  # status and report speak --lang, both by default
    (["report", "-1"], "没有编号为 -1 的演练"),
    (["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=x"], "key: 密钥不是包头供电公司固阳县分公司当前参演人员的"),
    (["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=x", "--key", "FAC"],
     "the key is not that of the present player of Guyang Branch of the Baotou Power Supply Company"),
    (["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=bad\udcffbyte", "--key", "ANN"],
     "--arg text: 第 4 个字符处的字节 0xff 不是 UTF-8 编码"),
    (["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=a\0b", "--key", "ANN"],
     "character 2 is NUL"),
    (["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=\ud800", "--key", "ANN"],
     "lone surrogate U+D800"),
    (["act", "1", "--role", "power_company", "--action", "note", "--arg", "text=" + "长" * 4001, "--key", "ANN"],
     "4001 characters long, at most 4000"),
    (["advance", "1", "--hours", "1"], "this needs the facilitator's key of drill 1"),
    (["advance", "1", "--hours", "1", "--key", "ANN"], "需要演练 1 的导调密钥"),
    (["release", "1", "chengnan-lightning", "--key", "ANN"], "facilitator's key"),
    (["assign", "1", "--role", "power_company", "--key", "ANN"], "facilitator's key"),
    (["rekey", "1", "--role", "power_company", "--key", "ANN"], "facilitator's key"),
    (["assign", "1", "--role", "county_government", "--person", "x" * 201, "--key", "FAC"],
     "person: 长度 201 个字符，最多 200 个"),
    (["assign", "1", "--role", "county_government", "--person", "Tab\tbed", "--key", "FAC"],
     "control character U+0009"),
    (["advance", "1", "--hours", "0", "--key", "FAC"], "a number of hours above 0 and at most 100000, not 0.0"),
    (["advance", "1", "--hours", "nan", "--key", "FAC"], "a number of hours above 0 and at most 100000, not nan"),
    (["advance", "1", "--hours", "inf", "--key", "FAC"], "a number of hours above 0 and at most 100000, not inf"),
    (["advance", "1", "--hours", "100000.5", "--key", "FAC"], "a number of hours above 0 and at most 100000, not 100000.5"),
    (["new", str(SCENARIO), "--name", "x", "--grace-h", "100000.5"], "from 0 to 100000, not 100000.5"),
    (["new", str(SCENARIO), "--name", "x", "--grace-h", "1e8"], "from 0 to 100000, not 100000000.0"),
    (["new", str(SCENARIO), "--name", "x" * 201], "name: 长度 201 个字符"),
    (["new", str(SCENARIO), "--name", "x", "--role", "power_company=A\0nn"], "--role power_company: 第 2 个字符是空字符"),
    (["new", str(SCENARIO), "--name", "x", "--seed", "-5"], "a seed is an integer from 0"),
    (["new", str(SCENARIO), "--name", "x", "--seed", str(2**64)], "a seed is an integer from 0"),
    (["new", str(SCENARIO), "--name", "x", "--grace-h", "nan"], "must be a number of hours"),
    (["new", "nope.yaml", "--name", "x"], "no such scenario file"),
    (["new", str(SCENARIO), "--name", "x", "--role", "ghost=X"], "'ghost' is not a unit of"),
    (["new", str(SCENARIO), "--name", "x", "--grace-h", "-1"], "must be a number of hours"),
    (["report", "1", "--out", "/nonexistent/dir/r.md"], "无法写入报告"),
    (["release", "1", "nosuch", "--key", "FAC"], "drill 1 has no inject 'nosuch'"),
    (["status", "1", "--role", "nobody"], "'nobody' 不是《固阳县大面积停电事件应急预案（2023年版）》中的单位"),
    (["new", str(SCENARIO), "--name", " "], "命令行 · command line: --name: 演练需要名称 · a drill needs a name"),
    (["--lang", "zh", "new", str(SCENARIO), "--name", "x", "--seed", "-5"], "--seed: 种子应为 0 到"),
    (["--lang", "zh", "act", "1", "--role", "power_company", "--action", "fly"], "--action: 未知的行动 'fly'"),
    (["assign", "1", "--role", "nobody", "--person", "X", "--key", "FAC"], "'nobody' is not a unit of"),
])
def test_command_line_bad_input_exits_2_and_logs_nothing(tmp_path, capsys, argv, message):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    made = _new_drill(capsys, url)
    argv = [{"FAC": made["FACILITATOR_KEY"], "ANN": made["KEY_power_company"]}.get(a, a) for a in argv]
    assert main(["drill", "--db", url] + argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(db.load_drill(db.open_database(url), 1).actions) == 1  # Ann's assignment, and nothing else


def test_a_database_that_is_not_sqlite_is_an_input_error(tmp_path, capsys):
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100, encoding="utf-8")
    assert main(["drill", "--db", f"sqlite:///{text}", "--lang", "en", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"command line: --db: cannot open database 'sqlite:///{text}': this file is not an SQLite database")
    assert main(["drill", "--db", f"sqlite:///{text}", "--lang", "zh", "list"]) == 2
    assert capsys.readouterr().err.startswith(f"命令行: --db: 无法打开数据库 'sqlite:///{text}'：")
    assert text.read_text(encoding="utf-8") == "not a database\n" * 100  # untouched


def test_an_ended_drill_refuses_to_move_on_and_logs_nothing(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'end.sqlite'}"
    made = _new_drill(capsys, url)
    fac, ann = ["--key", made["FACILITATOR_KEY"]], ["--key", made["KEY_power_company"]]
    assert main(["drill", "--db", url, "advance", "1", "--to-end"] + fac) == 0
    engine = db.open_database(url)
    logged = len(db.load_drill(engine, 1).actions)
    inject = db.load_drill(engine, 1).injects[0].key
    capsys.readouterr()
    for argv in (["advance", "1", "--hours", "1"], ["advance", "1", "--step"], ["advance", "1", "--to-end"],
                 ["release", "1", inject], ["assign", "1", "--role", "power_company"]):
        assert main(["drill", "--db", url] + argv + fac) == 2
        assert "drill 1 has ended (its clock is at the end, 07-19 12:00)" in capsys.readouterr().err
    assert main(["drill", "--db", url, "act", "1", "--role", "power_company", "--action", "note",
                 "--arg", "text=late"] + ann) == 2
    assert "演练 1 已结束" in capsys.readouterr().err
    with pytest.raises(InputError, match="has ended"):
        control.send_inject(engine, 1, key=made["FACILITATOR_KEY"], roles=["power_company"],
                            title={"zh": "x", "en": "x"}, body={"zh": "x", "en": "x"})
    assert len(db.load_drill(engine, 1).actions) == logged


def test_command_line_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["drill", "advance", "1"])
    assert stop.value.code == 2
    assert capsys.readouterr().err == ("命令行 · command line: --hours --to --to-end --step: "
                                       "必须给出其中之一 · one of these is required\n")


def test_a_drill_keeps_the_inputs_it_was_created_with(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, SCENARIO, name="Frozen", roles={})
    stored = db.load_drill(engine, drill.id).inputs
    assert set(stored) == {"scenarios/drill-chengnan-storm.yaml", "areas/guyang.yaml", "guyang-blackout-2023.yaml"}
    assert stored["scenarios/drill-chengnan-storm.yaml"] == SCENARIO.read_text(encoding="utf-8")
    assert json.loads(json.dumps(stored)) == stored


#: How long a participant's process may take to start, open the database and take its ten
#: actions: seconds on an idle machine, many times that on two cores shared by several test runs.
PARTICIPANT_S = 600


def _participant(url: str, drill: control.NewDrill, role: str, start, done) -> None:
    """Ten notes of ``role``'s player, from the moment both players are ready. Puts the role on
    ``done`` when all ten are logged, or what went wrong, as the participant would have been
    told, so that the test says it rather than only that a process failed."""
    try:
        engine = db.open_database(url)
        start.wait()
        for i in range(10):
            control.act(engine, drill.id, role=role, key=drill.keys[role], kind="note", args={"text": f"{role} {i}"})
    except BaseException as error:
        done.put(f"{role}: {type(error).__name__}: {error}")
        raise
    done.put(role)


def _word(done, workers) -> str:
    """The next participant process's word on ``done``, waited for as long as a loaded machine
    needs (:data:`PARTICIPANT_S`), but no longer once a process has ended without one."""
    import queue

    deadline = time.monotonic() + PARTICIPANT_S
    while time.monotonic() < deadline:
        try:
            return done.get(timeout=1)
        except queue.Empty:
            ended = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
            if ended:
                try:
                    return done.get(timeout=1)  # a word sent just before the end
                except queue.Empty:
                    pytest.fail(f"a participant's process ended with exit code {ended[0]} and no word")
    pytest.fail(f"no participant's process had its word in {PARTICIPANT_S} s")


def test_two_participants_acting_at_once_from_two_processes(db_url):
    import multiprocessing

    engine = db.open_database(db_url)
    drill = control.create(engine, SCENARIO, name="Crowded", roles=ROLES)
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=1.5)
    context = multiprocessing.get_context("spawn")
    start, done = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_participant, args=(db_url, drill, role, start, done))
               for role in ("power_company", "industry_tech")]
    for worker in workers:
        worker.start()
    try:
        said = []
        for _ in workers:
            said.append(_word(done, workers))
            if said[-1] not in ROLES:
                start.abort()  # the other is not left waiting for it
        assert sorted(said) == ["industry_tech", "power_company"]
        for worker in workers:
            worker.join(PARTICIPANT_S)
            assert worker.exitcode == 0
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.kill()
                worker.join()
    notes = [a for a in db.load_drill(engine, drill.id).actions if a.kind == "note"]
    assert len(notes) == 20 and {a.at_h for a in notes} == {1.5}
    for role, person in (("power_company", "Ann"), ("industry_tech", "Bo")):
        assert [a.args["text"] for a in notes if a.role == role] == [f"{role} {i}" for i in range(10)]
        assert {a.person for a in notes if a.role == role} == {person}
    seqs = [a.seq for a in db.load_drill(engine, drill.id).actions]
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_bad_database_url_names_where_it_came_from(capsys, monkeypatch):
    assert main(["drill", "--db", "nosuch://x", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("命令行 · command line: --db: 无法使用数据库 URL 'nosuch://x'：") and "cannot use database URL 'nosuch://x'" in err
    monkeypatch.setenv(db.URL_ENV, "nosuch://y")
    assert main(["drill", "list"]) == 2
    assert capsys.readouterr().err.startswith(f"{db.URL_ENV}: 无法使用数据库 URL 'nosuch://y'")


def test_a_name_with_markup_stays_text_in_both_reports(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'm.sqlite'}")
    drill = control.create(engine, SCENARIO, name="<script>alert(1)</script> & co", roles={})
    state, key, evaluation = control.assess(engine, drill.id)
    md = report.markdown(state, key, evaluation, "en")
    assert "\\<script>alert(1)\\</script> & co" in md and not re.search(r"(?<!\\)<script", md)
    assert "<script>" not in report.html(state, key, evaluation, "en")


def test_every_text_of_the_evaluation_reads_wholly_in_each_language(tmp_path):
    """Deviations, findings, what went well and what to improve are catalogue sentences
    filled per language: the English has no Chinese in it, and the Chinese is Chinese."""
    from sim.drills import findings

    engine = db.open_database(f"sqlite:///{tmp_path / 'words.sqlite'}")
    drill = play(engine)
    state, key, evaluation = control.assess(engine, drill.id)
    found = findings.findings(state, key, evaluation)
    texts = ([d.text for d in evaluation.deviations] + evaluation.went_well + evaluation.improvements
             + [i.label for i in evaluation.items] + [f.text for f in found] + [f.advice for f in found])
    assert len(texts) > 20 and any(f.attribution == "plan" for f in found)
    chinese = re.compile(r"[\u4e00-\u9fff（）：；]")
    clauses = sorted({i.clause for i in evaluation.items if i.clause}, key=len, reverse=True)

    def without_clauses(text: str) -> str:  # a clause is cited as the document numbers it (附件2 三)
        for clause in clauses:
            text = text.replace(clause, "")
        return text

    assert [t["en"] for t in texts if chinese.search(without_clauses(t["en"]))] == []
    assert [t["zh"] for t in texts if not chinese.search(t["zh"])] == []
    report_en = report.markdown(state, key, evaluation, "en")
    assert "held up by" in report_en or "late" in report_en


def test_a_grace_of_the_largest_hours_is_taken_and_its_drill_reports_and_a_move_that_long_goes_to_the_end(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'grace.sqlite'}"
    made = _new_drill(capsys, url, "--grace-h", "100000")
    fac = ["--key", made["FACILITATOR_KEY"]]
    assert db.load_drill(db.open_database(url), 1).grace_h == 100_000
    assert main(["drill", "--db", url, "advance", "1", "--hours", "100000", *fac, "--lang", "en"]) == 0
    assert "clock 07-18 12:00 -> 07-19 12:00" in capsys.readouterr().out
    assert main(["drill", "--db", url, "status", "1", "--lang", "en"]) == 0
    assert main(["drill", "--db", url, "report", "1", "--lang", "en"]) == 0
    assert "- **Grace for steps without a time of their own**: 100000 h\n" in capsys.readouterr().out


def test_a_time_typed_past_the_scenarios_end_moves_the_clock_to_its_end(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'to.sqlite'}"
    made = _new_drill(capsys, url)
    assert main(["drill", "--db", url, "advance", "1", "--to", "50000000", "--key", made["FACILITATOR_KEY"],
                 "--lang", "en"]) == 0
    assert "clock 07-18 12:00 -> 07-19 12:00" in capsys.readouterr().out


def test_a_drill_stored_with_a_grace_past_every_calendar_reads_as_the_largest_and_still_shows_its_status_and_report(
        tmp_path, capsys):
    from sqlalchemy import update

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    made = _new_drill(capsys, url)
    engine = db.open_database(url)
    with engine.begin() as connection:  # as a drill made before grace was bounded keeps it
        connection.execute(update(db.drills).where(db.drills.c.id == 1).values(settings={"grace_h": 1e308}))
    assert db.load_drill(engine, 1).grace_h == 100_000
    assert main(["drill", "--db", url, "advance", "1", "--hours", "4", "--key", made["FACILITATOR_KEY"]]) == 0
    assert main(["drill", "--db", url, "act", "1", "--role", "power_company", "--key", made["KEY_power_company"],
                 "--action", "dispatch", "--arg", "element=sub-110-chengnan"]) == 0
    for verb in ("status", "report"):
        assert main(["drill", "--db", url, verb, "1", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "- **Grace for steps without a time of their own**: 100000 h\n" in out


def test_the_report_of_a_drill_on_several_plans_names_what_the_other_plans_units_did_not_their_ids(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'qingming.sqlite'}")
    made = control.create(engine, ROOT / "plans" / "scenarios" / "qingming-tomb-sweeping.yaml", name="Q", roles={})
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    state, key, evaluation = control.assess(engine, made.id)
    paper = report.markdown(state, key, evaluation, "en")
    line = next(line for line in paper.splitlines() if "Secondary incident dealt with" in line)
    assert line.startswith("| 04-05 17:54 | County forest and grassland fire headquarters | Secondary incident dealt with: "
                           "Fire 5: The fire reaches the Xidoupu villages 10 kV line corridor; its lines trip |")
    assert "county\\_fire\\_hq" not in paper and "@corridor" not in paper


def test_a_report_to_a_file_named_for_another_format_is_refused_before_the_drill_is_read(tmp_path, capsys):
    out = tmp_path / "report.md"
    assert main(["drill", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}", "report", "1", "--format", "html",
                 "--out", str(out), "--lang", "en"]) == 2
    assert capsys.readouterr().err == f"command line: --out: {str(out)!r}: expected a file name ending in .html / .htm\n"
    assert not out.exists()
