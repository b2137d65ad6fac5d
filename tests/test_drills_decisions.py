"""A response below the lowest level and a request to the higher government are the
decisions of the unit the plan names: a participant playing it takes them.

In the cable strike the outage stays below the general level while its social impact is
significant: the town government may start a response of its own (the plan's
``discretion``). In the winter ice storm the county government reaches level I with the
city's headquarters needed: it asks the city government to take over (the level's
``escalation``). Nobody plays the unit: the engine answers as the plan does. Someone plays
it: nothing happens until they decide, the evaluation judges them against the plan, and a
role handed back lets the engine answer what waited. The plan leaves both to the unit (可,
必要时): a player may decline either, the engine then does nothing, and the decline is the
unit's call — neither done nor missed; deciding nothing at all is missed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sim.drills import control, db, objectives, offer, report, views
from sim.errors import InputError
from sim.drills.replay import replay

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "plans" / "scenarios"
TOWN, COUNTY = "town_government", "county_government"


def _drill(tmp_path, scenario: str, roles) -> tuple:
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    return engine, control.create(engine, SCENARIOS / f"{scenario}.yaml", name="Decisions", roles=roles)


def _to(engine, drill: control.NewDrill, hours: float) -> None:
    now = db.load_drill(engine, drill.id).clock.now()
    if hours > now:
        control.advance(engine, drill.id, key=drill.facilitator_key, hours=hours - now)


def _logged(state, action: str) -> list[tuple[float, str]]:
    return [(e["t_h"], e["unit"]) for e in state.result["events"] if e["action"] == action]


def _item(evaluation, kind: str):
    return next(i for i in evaluation.items if i.kind == kind)


# --- the discretionary response below the lowest level ----------------------------------


def _asked_at(tmp_path) -> float:
    """When the plan's own run asks the town government (nobody plays it): it starts at once."""
    tmp_path.mkdir(exist_ok=True)
    engine, drill = _drill(tmp_path, "construction-cable-strike", {})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state = replay(db.load_drill(engine, drill.id))
    (asked,) = [a for a in state.policy.asks if a.kind == "discretion"]
    assert (asked.role, asked.by) == (TOWN, "engine")
    assert _logged(state, "discretionary_response") == [(asked.t_h, TOWN)]
    return asked.t_h


def test_unplayed_the_town_starts_its_response_as_the_plan_says(tmp_path):
    assert _asked_at(tmp_path) > 0


def test_played_the_town_is_asked_and_its_decision_starts_the_response(tmp_path):
    asked = _asked_at(tmp_path / "plain")
    engine, drill = _drill(tmp_path, "construction-cable-strike", {TOWN: "Lin"})
    _to(engine, drill, asked + 0.25)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "discretionary_response") == []  # waiting for Lin, not decided for her
    item = _item(evaluation, "discretion")
    assert (item.role, item.status, item.clause) == (TOWN, "open", "5.1")
    assert item.due_h == asked
    assert "discretion" in [s.kind for s in offer.open_specs(state, TOWN)]

    control.act(engine, drill.id, role=TOWN, key=drill.keys[TOWN], kind="discretion")
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "discretionary_response") == [(asked + 0.25, TOWN)]
    assert state.result["summary"]["discretion_at_h"] == asked + 0.25
    item = _item(evaluation, "discretion")
    assert (item.status, item.person, item.done_h) == ("on_time", "Lin", asked + 0.25)
    assert "discretion" not in [s.kind for s in offer.open_specs(state, TOWN)]  # taken once


def test_a_town_that_never_decides_starts_no_response_and_misses_the_decision(tmp_path):
    engine, drill = _drill(tmp_path, "construction-cable-strike", {TOWN: "Lin"})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "discretionary_response") == []
    assert state.result["summary"]["discretion_at_h"] is None
    item = _item(evaluation, "discretion")
    assert (item.status, item.person) == ("missed", "Lin")
    (missed,) = [d for d in evaluation.deviations if d.kind == "undecided" and d.role == TOWN and d.clause == "5.1"]
    assert "the plan's answer is to take it, and it lets the unit decline it, but not leave it undecided" in missed.text["en"]
    assert "预案的答案是采取，也允许本单位决定不采取" in missed.text["zh"]


def test_a_town_that_declines_starts_no_response_and_its_decline_is_its_call_not_a_miss(tmp_path):
    asked = _asked_at(tmp_path / "plain")
    engine, drill = _drill(tmp_path, "construction-cable-strike", {TOWN: "Lin"})
    _to(engine, drill, asked + 0.25)
    state, _, _ = control.assess(engine, drill.id)
    offered = [s.kind for s in offer.open_specs(state, TOWN)]
    assert offered.index("decline_discretion") == offered.index("discretion") + 1  # the choice, side by side

    control.act(engine, drill.id, role=TOWN, key=drill.keys[TOWN], kind="decline_discretion")
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, key, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "discretionary_response") == []  # the engine did as the town decided
    assert state.result["summary"]["discretion_at_h"] is None
    (ask,) = [a for a in state.policy.asks if a.kind == "discretion"]
    assert (ask.by, ask.answer, ask.answered_h) == ("Lin", False, asked + 0.25)
    assert [(a.role, a.kind, a.person, a.at_h) for a in state.record.actions if a.role == TOWN] == [
        (TOWN, "decline_discretion", "Lin", asked + 0.25)]
    item = _item(evaluation, "discretion")
    assert (item.status, item.person, item.done_h, item.clause, item.points) == ("declined", "Lin", asked + 0.25, "5.1", None)
    assert item.note == {"zh": "已决定不采取——预案将此交由本单位决定（5.1），不计为未办",
                         "en": "declined — the plan leaves this to the unit (5.1); not a miss"}
    assert not [d for d in evaluation.deviations if d.role == TOWN]
    assert TOWN not in evaluation.scores and evaluation.overall.count == 0  # nothing scored, nothing lowered
    (command,) = [p for p in objectives.progress(objectives.of_scenario(state.inputs.scenario), evaluation)
                  if p.objective.key == "command"]
    assert (command.met, command.due) == (0, 0)
    (row,) = views.decisions(state, evaluation, "en")
    assert (row["Played by"], row["Assessment"]) == ("Lin", item.note["en"])
    assert next(r for r in views.overview(state, evaluation, "en") if r["Played by"] == "Lin")["Declined"] == 1
    assert not {"discretion", "decline_discretion"} & {s.kind for s in offer.open_specs(state, TOWN)}
    said = report.markdown(state, key, evaluation, "en")
    assert "Start a response below the lowest level — declined — the plan leaves this to the unit (5.1); not a miss" in said
    assert "Decline a response below the lowest level | 5.1 | declined |" in said  # the timeline's row of Lin's action


def test_a_town_that_declines_after_its_deadline_is_told_it_decided_late_and_still_scores_nothing(tmp_path):
    asked = _asked_at(tmp_path / "plain")
    engine, drill = _drill(tmp_path, "construction-cable-strike", {TOWN: "Lin"})
    _to(engine, drill, asked + 1.0)
    control.act(engine, drill.id, role=TOWN, key=drill.keys[TOWN], kind="decline_discretion")
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "discretionary_response") == []
    assert (_item(evaluation, "discretion").status, _item(evaluation, "discretion").points) == ("declined", None)
    (late,) = [d for d in evaluation.deviations if d.role == TOWN]
    assert (late.kind, late.clause, late.t_h) == ("late", "5.1", asked + 1.0)
    assert "declined “Start a response below the lowest level” only at" in late.text["en"] and "30 min late" in late.text["en"]
    assert TOWN not in evaluation.scores  # the lateness is said, not scored: a decline owes no points
    (row,) = views.decisions(state, evaluation, "en")  # the facilitator reading the decisions sees it too
    assert row["Assessment"] == "declined, 30 min late — the plan leaves this to the unit (5.1); not a miss"
    (row,) = views.decisions(state, evaluation, "zh")
    assert row["评定"] == "已决定不采取，但晚 30 分钟——预案将此交由本单位决定（5.1），不计为未办"


def test_a_town_that_declined_cannot_take_the_response_on_the_same_question(tmp_path):
    asked = _asked_at(tmp_path / "plain")
    engine, drill = _drill(tmp_path, "construction-cable-strike", {TOWN: "Lin"})
    _to(engine, drill, asked + 0.25)
    control.act(engine, drill.id, role=TOWN, key=drill.keys[TOWN], kind="decline_discretion")
    try:
        control.act(engine, drill.id, role=TOWN, key=drill.keys[TOWN], kind="discretion")
    except InputError as refused:
        assert "the unit decided this at" in str(refused)
        assert "(Decline a response below the lowest level); it is not logged again" in str(refused)
    else:
        raise AssertionError("a second answer to the town's question was logged")
    assert [a.kind for a in db.load_drill(engine, drill.id).actions if a.role == TOWN] == ["decline_discretion"]


def test_a_town_that_declined_is_not_asked_again_when_another_role_is_handed_back(tmp_path):
    """A hand-back wakes the engine's level decision (here the finance bureau's, which reports
    nothing); the town's no stands while its test holds, and nobody asks it the same again."""
    asked = _asked_at(tmp_path / "plain")
    engine, drill = _drill(tmp_path, "construction-cable-strike", {TOWN: "Lin", "finance": "Ann"})
    _to(engine, drill, asked + 0.25)
    control.act(engine, drill.id, role=TOWN, key=drill.keys[TOWN], kind="decline_discretion")
    _to(engine, drill, asked + 1.0)
    control.assign(engine, drill.id, "finance", None, key=drill.facilitator_key)
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    assert [(a.t_h, a.by, a.answer) for a in state.policy.asks if a.kind == "discretion"] == [(asked, "Lin", False)]
    assert _item(evaluation, "discretion").status == "declined"
    assert not [d for d in evaluation.deviations if d.role == TOWN]


def test_the_town_handed_back_to_the_engine_starts_the_response_then(tmp_path):
    asked = _asked_at(tmp_path / "plain")
    engine, drill = _drill(tmp_path, "construction-cable-strike", {TOWN: "Lin"})
    _to(engine, drill, asked + 1.0)
    control.assign(engine, drill.id, TOWN, None, key=drill.facilitator_key)
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "discretionary_response") == [(asked + 1.0, TOWN)]
    item = _item(evaluation, "discretion")
    assert (item.status, item.done_h) == ("missed", None)  # Lin held it past its grace until the hand-back


# --- the request to the higher government ------------------------------------------------


def _county_declares(tmp_path):
    """The county government, played, declares level I once the report has reached it."""
    engine, drill = _drill(tmp_path, "winter-ice-storm", {COUNTY: "Wu"})
    _to(engine, drill, 14.0)
    state, _, _ = control.assess(engine, drill.id)
    assert COUNTY in state.policy.runner.received and _logged(state, "declare_response") == []
    control.act(engine, drill.id, role=COUNTY, key=drill.keys[COUNTY], kind="declare", args={"level": "I"})
    _to(engine, drill, 14.5)
    return engine, drill


def test_played_the_county_is_asked_and_its_request_goes_to_the_city(tmp_path):
    engine, drill = _county_declares(tmp_path)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "declare_response") == [(14.0, COUNTY)]
    assert _logged(state, "request_escalation") == []  # the county decides, not the engine
    item = _item(evaluation, "escalate")
    assert (item.role, item.key, item.status, item.due_h, item.clause) == (COUNTY, "I", "open", 14.0, "5.1")
    offered = next(s for s in offer.open_specs(state, COUNTY) if s.kind == "escalate")
    assert [c.value for c in offered.choices] == ["I"]

    control.act(engine, drill.id, role=COUNTY, key=drill.keys[COUNTY], kind="escalate", args={"level": "I"})
    _to(engine, drill, 15.0)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "request_escalation") == [(14.5, COUNTY)]
    item = _item(evaluation, "escalate")
    assert (item.status, item.person, item.done_h) == ("on_time", "Wu", 14.5)  # within the drill's grace of 0.5 h


def test_a_county_that_declines_sends_no_request_to_the_city_and_is_not_judged_to_have_missed_it(tmp_path):
    engine, drill = _county_declares(tmp_path)
    control.act(engine, drill.id, role=COUNTY, key=drill.keys[COUNTY], kind="decline_escalate", args={"level": "I"})
    _to(engine, drill, 20.0)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "request_escalation") == []  # the engine did as the county decided
    (ask,) = [a for a in state.policy.asks if a.kind == "escalate"]
    assert (ask.key, ask.by, ask.answer) == ("I", "Wu", False)
    assert [(a.kind, a.args, a.person) for a in state.record.actions if a.role == COUNTY] == [
        ("declare", {"level": "I"}, "Wu"), ("decline_escalate", {"level": "I"}, "Wu")]
    item = _item(evaluation, "escalate")
    assert (item.key, item.status, item.person, item.done_h, item.points) == ("I", "declined", "Wu", 14.5, None)
    assert not [d for d in evaluation.deviations if d.role == COUNTY and d.clause == item.clause and d.kind == "missed"]
    assert "escalate" not in {s.kind for s in offer.open_specs(state, COUNTY)}
    # confirmed by the level declined at, not by the request's own words ("…: at Level I, ask the city…")
    (declined,) = [a for a in state.record.actions if a.kind == "decline_escalate"]
    assert views.confirmation(state, declined, "zh").startswith("已记录：决定不报请上级政府指挥：Ⅰ级")
    assert "Decline to ask the higher government to take over: Level I response (Wu, " in views.confirmation(
        state, declined, "en")


def test_a_county_that_never_decides_on_the_request_misses_it_and_is_told_the_plans_answer(tmp_path):
    engine, drill = _county_declares(tmp_path)
    _to(engine, drill, 20.0)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "request_escalation") == []
    item = _item(evaluation, "escalate")
    assert (item.status, item.person, item.points) == ("missed", "Wu", 0.0)
    (missed,) = [d for d in evaluation.deviations if d.role == COUNTY and d.kind == "undecided" and d.clause == item.clause]
    assert "the plan's answer is to take it" in missed.text["en"]


def test_the_county_handed_back_to_the_engine_requests_then(tmp_path):
    engine, drill = _county_declares(tmp_path)
    control.assign(engine, drill.id, COUNTY, None, key=drill.facilitator_key)
    _to(engine, drill, 15.0)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "request_escalation") == [(14.5, COUNTY)]
    assert not [i for i in evaluation.items if i.kind == "escalate"]  # taken over within its time: nobody's fault


# --- the command line ------------------------------------------------------------------


def _town_asked_on_the_command_line(tmp_path, capsys):
    """A drill made on the command line with the town played by Lin, advanced just past the
    moment the town is asked: the command's first words and the keys it exported."""
    from sim.cli import main

    base = ["drill", "--db", f"sqlite:///{tmp_path / 'cli.sqlite'}", "--lang", "en"]
    assert main([*base, "new", str(SCENARIOS / "construction-cable-strike.yaml"), "--name", "CLI",
                 "--role", f"{TOWN}=Lin", "--export"]) == 0
    shell = dict(line.removeprefix("export ").split("=", 1) for line in capsys.readouterr().out.splitlines()
                 if line.startswith("export "))
    asked = _asked_at(tmp_path / "plain")
    assert main([*base, "advance", "1", "--hours", str(asked + 0.25), "--key", shell["FACILITATOR_KEY"]]) == 0
    capsys.readouterr()
    return base, shell


def test_the_command_line_offers_the_towns_discretion_as_a_task_and_takes_it(tmp_path, capsys):
    from sim.cli import main

    base, shell = _town_asked_on_the_command_line(tmp_path, capsys)
    assert main([*base, "status", "1", "--role", TOWN]) == 0
    status = capsys.readouterr().out
    assert "Start a response below the lowest level (5.1)" in status
    assert f"python -m sim drill act 1 --role {TOWN} --key … --action discretion\n" in status
    assert main([*base, "act", "1", "--role", TOWN, "--key", shell[f"KEY_{TOWN}"], "--action", "discretion"]) == 0
    assert "Lin: Start a response below the lowest level" in capsys.readouterr().out
    engine = db.open_database(f"sqlite:///{tmp_path / 'cli.sqlite'}")
    assert [(a.role, a.kind, a.person) for a in db.load_drill(engine, 1).actions if a.role == TOWN] == [
        (TOWN, "discretion", "Lin")]


def test_asking_the_city_before_the_response_at_that_level_is_refused_and_once_it_is_asked_is_taken(tmp_path):
    engine, drill = _drill(tmp_path, "winter-ice-storm", {COUNTY: "Wu"})
    _to(engine, drill, 13.5)  # 01-15 07:30: no response yet, the level I request has nothing to ask for
    state, _, _ = control.assess(engine, drill.id)
    assert state.policy.runner.level is None
    assert not {"escalate", "decline_escalate"} & {s.kind for s in offer.open_specs(state, COUNTY)}
    for kind in ("escalate", "decline_escalate"):
        with pytest.raises(InputError) as refusal:
            control.act(engine, drill.id, role=COUNTY, key=drill.keys[COUNTY], kind=kind, args={"level": "I"})
        assert "drill: args.level: Ⅰ级应急响应未在实施，“" in refusal.value.render("zh")
        assert "Level I response is not in force; “" in refusal.value.render("en")
    assert [a for a in db.load_drill(engine, drill.id).actions if a.role == COUNTY] == []  # nothing logged

    _to(engine, drill, 14.0)  # the report has reached the county: it declares level I
    control.act(engine, drill.id, role=COUNTY, key=drill.keys[COUNTY], kind="declare", args={"level": "I"})
    _to(engine, drill, 14.5)  # level I in force, the county asked: its request is taken
    control.act(engine, drill.id, role=COUNTY, key=drill.keys[COUNTY], kind="escalate", args={"level": "I"})
    _to(engine, drill, 15.0)
    state, _, _ = control.assess(engine, drill.id)
    assert _logged(state, "request_escalation") == [(14.5, COUNTY)]


def test_the_command_line_offers_the_countys_request_to_the_city_with_the_level_to_type(tmp_path, capsys):
    from sim.cli import main

    engine, drill = _county_declares(tmp_path)
    assert main(["drill", "--db", f"sqlite:///{tmp_path / 'd.sqlite'}", "--lang", "zh", "status", str(drill.id),
                 "--role", COUNTY]) == 0
    status = capsys.readouterr().out
    assert "Ⅰ级应急响应时报请包头市人民政府指挥（5.1）" in status
    assert f"--role {COUNTY} --key … --action escalate --arg level=I\n" in status
    assert f"--role {COUNTY} --key … --action decline_escalate --arg level=I\n" in status


def test_the_command_line_offers_the_towns_decline_and_its_status_then_says_it_was_the_towns_call(tmp_path, capsys):
    from sim.cli import main

    base, shell = _town_asked_on_the_command_line(tmp_path, capsys)
    assert main([*base, "status", "1", "--role", TOWN]) == 0
    assert f"--role {TOWN} --key … --action decline_discretion\n" in capsys.readouterr().out
    assert main([*base, "act", "1", "--role", TOWN, "--key", shell[f"KEY_{TOWN}"], "--action", "decline_discretion"]) == 0
    assert "Lin: Decline a response below the lowest level" in capsys.readouterr().out
    assert main([*base, "status", "1", "--role", TOWN]) == 0
    status = capsys.readouterr().out
    assert "Start a response below the lowest level · Lin: declined — the plan leaves this to the unit (5.1); not a miss" in status
    assert "--action discretion" not in status and "--action decline_discretion" not in status


# --- ending the response -------------------------------------------------------------------


def _end_asked(tmp_path) -> tuple[float, str]:
    """When the plan's own run asks to end the winter ice storm's response, and whom."""
    tmp_path.mkdir(exist_ok=True)
    engine, drill = _drill(tmp_path, "winter-ice-storm", {})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state = replay(db.load_drill(engine, drill.id))
    (asked,) = [a for a in state.policy.asks if a.kind == "end"]
    assert asked.by == "engine" and _logged(state, "end_response") == [(asked.t_h, asked.role)]
    return asked.t_h, asked.role


def _ender_played_from(tmp_path, hours: float, role: str):
    """The winter ice storm with ``role`` given to Ann at ``hours``, before the question comes."""
    engine, drill = _drill(tmp_path, "winter-ice-storm", {})
    _to(engine, drill, hours)
    handed = control.assign(engine, drill.id, role, "Ann", key=drill.facilitator_key)
    return engine, drill, handed.key


def test_ending_the_response_waits_for_the_deciders_order_and_ends_at_it(tmp_path):
    asked, role = _end_asked(tmp_path / "plain")
    engine, drill, key = _ender_played_from(tmp_path, asked - 1.0, role)
    _to(engine, drill, asked + 2.0)
    state, _, _ = control.assess(engine, drill.id)
    assert _logged(state, "end_response") == []  # the question waits for Ann; nothing decides for her
    assert state.result["summary"]["terminated_at_h"] is None
    control.act(engine, drill.id, role=role, key=key, kind="end")
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    assert _logged(state, "end_response") == [(asked + 2.0, role)]
    item = _item(evaluation, "end")
    assert (item.person, item.done_h, item.due_h) == ("Ann", asked + 2.0, asked)


def test_ending_the_response_left_waiting_is_the_engines_once_the_role_is_handed_back(tmp_path):
    asked, role = _end_asked(tmp_path / "plain")
    engine, drill, _ = _ender_played_from(tmp_path, asked - 1.0, role)
    _to(engine, drill, asked + 3.0)
    control.assign(engine, drill.id, role, None, key=drill.facilitator_key)
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, _ = control.assess(engine, drill.id)
    assert _logged(state, "end_response") == [(asked + 3.0, role)]
    (ask,) = [a for a in state.policy.asks if a.kind == "end"]
    assert (ask.by, ask.answered_h) == ("engine", asked + 3.0)


# --- no level called for ------------------------------------------------------------------


def test_a_county_played_through_an_outage_below_every_level_is_asked_nothing_and_loses_nothing(tmp_path):
    """Below every level the plan's answer is no response: the county's player has no
    declaration to make, is shown none to do, and ends the drill with nothing missed."""
    engine, drill = _drill(tmp_path, "construction-cable-strike", {COUNTY: "Wu"})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, key, evaluation = control.assess(engine, drill.id)
    assert not [row for row in state.result["timeseries"] if row["classification"]]
    said = report.markdown(state, key, evaluation, "en")
    assert "0 / 1 met" not in said and "never declared" not in said
    assert "| 0 / 0 met | — | not rated (nothing to score) |" in said
    assert [a for a in state.policy.asks if a.kind == "declare"] == []
    assert [i for i in evaluation.items if i.kind == "declare"] == []
    assert [d for d in evaluation.deviations if d.role == COUNTY] == []


def test_a_declaration_is_due_from_when_a_level_is_called_for_not_from_the_report_that_came_before(tmp_path):
    """The cable strike grown worse: the county has the report of the cut while the outage is
    below every level, and the park substation fails hours later, before the cut is repaired
    (after it, the failure would be a new incident with a report of its own). The declaration
    is asked for, and due from, the hour the classification first calls for a level."""
    text = (SCENARIOS / "construction-cable-strike.yaml").read_text(encoding="utf-8")
    shutil.copytree(ROOT / "plans", tmp_path / "plans")  # its plan and area beside it, as a scenario reads them
    grown = tmp_path / "plans" / "scenarios" / "construction-cable-strike.yaml"
    grown.write_text(text + """  - id: park-substation-fails
    at_h: 5
    kind: fault
    text: {zh: 园区110千伏变电站故障, en: The park 110 kV substation fails}
    substations: [sub-110-park]
""", encoding="utf-8")
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, grown, name="Decisions", roles={COUNTY: "Wu"})
    control.advance(engine, drill.id, key=drill.facilitator_key, to_end=True)
    state, _, evaluation = control.assess(engine, drill.id)
    called = min(row["t_h"] for row in state.result["timeseries"] if row["classification"])
    assert called >= 5.0
    (ask,) = [a for a in state.policy.asks if a.kind == "declare"]
    assert ask.t_h == called and ask.expected is not None
    item = _item(evaluation, "declare")
    assert (item.due_h, item.status) == (called, "missed")


def test_the_command_line_offers_the_declaration_with_its_level_left_to_type_and_a_step_with_its_own(tmp_path, capsys):
    from sim.cli import main

    engine, drill = _drill(tmp_path, "winter-ice-storm", {COUNTY: "Wu"})
    _to(engine, drill, 14.0)
    assert main(["drill", "--db", f"sqlite:///{tmp_path / 'd.sqlite'}", "--lang", "en", "status", str(drill.id),
                 "--role", COUNTY]) == 0
    status = capsys.readouterr().out
    # the level is the player's to choose: the command names the argument, and a command
    # typed without it is refused listing the levels
    assert f"--role {COUNTY} --key … --action declare --arg level=…\n" in status
    assert f"--role {COUNTY} --key … --action declare\n" not in status
    # a step is named exactly, for doing it and for declining it alike
    assert "--action warning_step --arg step=warning.approve\n" in status
    assert "--action decline_warning_step --arg step=warning.approve\n" in status
