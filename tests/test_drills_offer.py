"""What a role may do now: a decision already taken, or waiting to take effect, is neither
offered again nor logged again; every decision still open is offered, wrong ones included."""

from __future__ import annotations

import re
import threading

import pytest

from drill_fixtures import db_url  # noqa: F401  (fixture)
from sim.cli import main
from sim.drills import control, db, offer
from sim.drills.replay import replay
from sim.errors import InputError
from test_drills_scripted import ROLES, SCENARIO, _to


@pytest.fixture
def made(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'offer.sqlite'}")
    return engine, control.create(engine, SCENARIO, name="Offer", roles=ROLES)


def _open(engine, drill, role) -> dict[str, list[str | None]]:
    """The role's open actions: kind -> its open choices (None: a kind without choices)."""
    state = replay(db.load_drill(engine, drill.id))
    return {s.kind: [c.value for c in s.choices] or [None] for s in offer.open_specs(state, role)}


def _act(engine, drill, role, kind, **args):
    return control.act(engine, drill.id, role=role, key=drill.keys[role], kind=kind, args=args)


def _logged(engine, drill) -> int:
    return len(db.load_drill(engine, drill.id).actions)


def test_a_warning_step_already_proposed_is_not_offered_again_and_a_repeat_is_refused_in_both_languages(made):
    engine, drill = made
    _to(engine, drill, 0.25)
    assert "warning.propose" in _open(engine, drill, "power_company")["warning_step"]
    _act(engine, drill, "power_company", "warning_step", step="warning.propose")
    assert "warning_step" not in _open(engine, drill, "power_company")  # its only step is done
    before = _logged(engine, drill)
    with pytest.raises(InputError) as refusal:
        _act(engine, drill, "power_company", "warning_step", step="warning.propose")
    zh, en = refusal.value.render("zh"), refusal.value.render("en")
    assert "drill: args.step: “预警发布环节：将有关情况报告电力管理部门" in zh and "已于 07-18 12:15 完成，不再重复记录" in zh
    assert re.search(r"“Warning step: .*” was done at 07-18 12:15; it is not logged again", en), en
    assert _logged(engine, drill) == before  # nothing logged


def test_a_step_approved_by_its_unit_is_no_longer_offered_while_the_next_steps_still_are(made):
    engine, drill = made
    for at, role, step in ((0.25, "power_company", "warning.propose"), (1.0, "industry_tech", "warning.assess"),
                           (2.25, "county_government", "warning.approve")):
        _to(engine, drill, at)
        _act(engine, drill, role, "warning_step", step=step)
    assert "warning.approve" not in _open(engine, drill, "county_government").get("warning_step", [])
    assert _open(engine, drill, "industry_tech")["warning_step"] == ["warning.publish"]  # assessed; publishing is open
    with pytest.raises(InputError, match="The county government approves the warning” was done at 07-18 14:15"):
        control.act(engine, drill.id, role="county_government", key=drill.keys["county_government"],
                    kind="warning_step", args={"step": "warning.approve"})


def test_a_warning_step_taken_before_it_was_asked_is_said_done_at_the_time_it_was_taken(made):
    """The approval taken at 13:15, before the bureau's assessment put it at 14:00, answers
    the question when it comes: a repeat is told the time it was taken, not when the
    question came."""
    engine, drill = made
    for at, role, step in ((0.25, "power_company", "warning.propose"), (1.0, "industry_tech", "warning.assess"),
                           (1.25, "county_government", "warning.approve")):
        _to(engine, drill, at)
        _act(engine, drill, role, "warning_step", step=step)
    _to(engine, drill, 2.5)
    with pytest.raises(InputError) as refusal:
        _act(engine, drill, "county_government", "warning_step", step="warning.approve")
    assert "was done at 07-18 13:15; it is not logged again" in refusal.value.render("en")
    assert "已于 07-18 13:15 完成" in refusal.value.render("zh")


def test_an_action_taken_before_it_is_asked_stands_once_and_its_repeat_is_refused(made):
    engine, drill = made
    _to(engine, drill, 1.0)
    duty = "power_company.fault_analysis"  # falls due with the outage at 16:00
    assert duty in _open(engine, drill, "power_company")["duty"]  # acting ahead is allowed: a standing order
    _act(engine, drill, "power_company", "duty", duty=duty)  # no outage yet: it stands
    assert duty not in _open(engine, drill, "power_company")["duty"]
    with pytest.raises(InputError, match=re.escape("was logged at 07-18 13:00 and is waiting to take effect")):
        control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="duty",
                    args={"duty": duty})


def test_a_crew_is_not_sent_twice_to_one_element_while_its_first_dispatch_stands(made):
    engine, drill = made
    _to(engine, drill, 1.0)
    _act(engine, drill, "power_company", "dispatch", element="sub-110-chengnan")
    still = _open(engine, drill, "power_company")["dispatch"]
    assert "sub-110-chengnan" not in still and "sub-110-chengbei" in still
    with pytest.raises(InputError, match="args.element: .*waiting to take effect"):
        control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="dispatch",
                    args={"element": "sub-110-chengnan"})


def test_levels_are_declared_once_adjusted_to_another_level_and_ended_once_while_one_is_in_force(made):
    engine, drill = made
    county = lambda: _open(engine, drill, "county_government")  # noqa: E731
    assert "adjust" not in county() and "end" not in county() and county()["declare"] == ["I", "II", "III"]
    for at, role, kind, args in ((4.0, "power_company", "report", {"hop": "report.power_company"}),
                                 (4.5, "industry_tech", "report", {"hop": "report.industry_tech"}),
                                 (5.5, "county_government", "declare", {"level": "III"})):
        _to(engine, drill, at)
        _act(engine, drill, role, kind, **args)
    _to(engine, drill, 5.75)
    assert "declare" not in county() and county()["adjust"] == ["I", "II"] and county()["end"] == [None]
    with pytest.raises(InputError, match="Level III response is already in force; there is no adjusting to the same level"):
        control.act(engine, drill.id, role="county_government", key=drill.keys["county_government"], kind="adjust",
                    args={"level": "III"})
    with pytest.raises(InputError, match="“Declare the response: Level III response” was done at 07-18 17:30"):
        control.act(engine, drill.id, role="county_government", key=drill.keys["county_government"], kind="declare",
                    args={"level": "II"})
    _act(engine, drill, "county_government", "end")
    assert "end" not in county()
    assert county()["note"] == [None]  # a note is always open


def test_the_command_line_refuses_a_repeated_action_with_exit_2_and_the_same_words(made, capsys):
    engine, drill = made
    _to(engine, drill, 0.25)
    argv = ["drill", "--db", str(engine.url), "act", str(drill.id), "--role", "power_company", "--action", "warning_step",
            "--arg", "step=warning.propose", "--key", drill.keys["power_company"]]
    assert main(argv) == 0
    capsys.readouterr()
    assert main(argv) == 2
    said = capsys.readouterr().err
    assert "--arg step: “预警发布环节：" in said and "已于 07-18 12:15 完成，不再重复记录" in said, said
    assert len([a for a in db.load_drill(engine, drill.id).actions if a.kind == "warning_step"]) == 1


def test_an_adjustment_to_the_level_of_one_still_waiting_to_take_effect_is_refused_and_not_offered(made):
    engine, drill = made
    county = lambda: _open(engine, drill, "county_government")  # noqa: E731
    for at, role, kind, args in ((4.0, "power_company", "report", {"hop": "report.power_company"}),
                                 (4.5, "industry_tech", "report", {"hop": "report.industry_tech"}),
                                 (5.5, "county_government", "declare", {"level": "III"}),
                                 (5.75, "county_government", "adjust", {"level": "I"})):
        _to(engine, drill, at)
        _act(engine, drill, role, kind, **args)
    _to(engine, drill, 6.0)
    _act(engine, drill, "county_government", "adjust", level="II")  # level I is the headquarters' to change: it waits
    assert replay(db.load_drill(engine, drill.id)).policy.runner.level == "I"
    assert county()["adjust"] == ["III"]
    before = _logged(engine, drill)
    with pytest.raises(InputError) as refused:
        control.act(engine, drill.id, role="county_government", key=drill.keys["county_government"], kind="adjust",
                    args={"level": "II"})
    zh, en = refused.value.render("zh"), refused.value.render("en")
    assert "drill: args.level: “调整响应级别：" in zh and "已于 07-18 18:00 记录，正等待执行，不再重复记录" in zh, zh
    assert "“Adjust the level: Level II response” was logged at 07-18 18:00 and is waiting to take effect" in en, en
    assert _logged(engine, drill) == before
    _act(engine, drill, "county_government", "adjust", level="III")  # another level is a change of mind: taken
    assert _logged(engine, drill) == before + 1


def test_a_report_hop_before_the_incident_is_neither_offered_nor_logged_and_is_open_once_it_happens(made):
    """A hop passes the incident on: at 07-18 13:00, three hours before the outage, the power
    company has nothing to report, and a report sent then would have answered the chain's
    question when it came, as if on time. From the outage on (16:00) it is open."""
    engine, drill = made
    _to(engine, drill, 1.0)
    assert "report" not in _open(engine, drill, "power_company")
    before = _logged(engine, drill)
    with pytest.raises(InputError) as refusal:
        _act(engine, drill, "power_company", "report", hop="report.power_company")
    assert "事件尚未发生，还没有可报告的情况" in refusal.value.render("zh")
    assert "nothing has happened yet to report" in refusal.value.render("en")
    assert _logged(engine, drill) == before
    _to(engine, drill, 4.0)
    assert _open(engine, drill, "power_company")["report"] == ["report.power_company"]


#: The one-time decisions raced below: the moment each is open, who takes it, and what
#: comes before it (hours on the drill clock, role, kind, arguments).
RACED = {
    "warning step": ((), (0.25, "power_company", "warning_step", {"step": "warning.propose"})),
    "declaring": (((4.0, "power_company", "report", {"hop": "report.power_company"}),
                   (4.5, "industry_tech", "report", {"hop": "report.industry_tech"})),
                  (5.5, "county_government", "declare", {"level": "III"})),
    "ending": (((4.0, "power_company", "report", {"hop": "report.power_company"}),
                (4.5, "industry_tech", "report", {"hop": "report.industry_tech"}),
                (5.5, "county_government", "declare", {"level": "III"})),
               (5.75, "county_government", "end", {})),
}


def _together(monkeypatch, write: str, do) -> list:
    """Run ``do()`` in two threads at once, each held after its look at the drill until both
    have looked, just before the store's ``write`` (``db.record_action``, ``db.set_clock``):
    the race is certain, not left to timing. What each call returned or raised, in the order
    they ended."""
    lined_up, written = threading.Barrier(2, timeout=60), getattr(db, write)

    def after_the_look(*positional, **named):
        lined_up.wait()
        return written(*positional, **named)

    monkeypatch.setattr(db, write, after_the_look)
    outcomes = []

    def call() -> None:
        try:
            outcomes.append(do())
        except InputError as refusal:
            outcomes.append(refusal)

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return outcomes


@pytest.mark.parametrize("decision", list(RACED))
def test_one_decision_clicked_in_two_tabs_at_once_is_logged_once_and_the_other_click_is_refused(
        db_url, monkeypatch, decision):
    """Two tabs of one participant's link, each its own connection, send the same decision
    together: both find it open, then both write. Whether it is still open must be decided
    in the transaction that writes it, or the log holds it twice and the report judges the
    second as an action the plan did not ask for. The barrier holds each click between its
    look at the drill and its write, so the race is certain, not left to timing."""
    engine = db.open_database(db_url)
    drill = control.create(engine, SCENARIO, name="Two tabs", roles=ROLES)
    before, (at, role, kind, args) = RACED[decision]
    for when, who, what, given in before:
        _to(engine, drill, when)
        _act(engine, drill, who, what, **given)
    _to(engine, drill, at)
    outcomes = _together(monkeypatch, "record_action", lambda: control.act(
        engine, drill.id, role=role, key=drill.keys[role], kind=kind, args=args))
    logged = [a for a in db.load_drill(engine, drill.id).actions if a.role == role and a.kind == kind]
    assert len(logged) == 1, logged
    (refusal,) = [o for o in outcomes if isinstance(o, InputError)]
    assert [o.seq for o in outcomes if not isinstance(o, InputError)] == [logged[0].seq]
    assert re.search(r"was (done|logged) at 07-18 \d\d:\d\d", refusal.render("en")), refusal.render("en")


def test_single_step_clicked_in_two_consoles_at_once_steps_twice_as_two_clicks_one_after_the_other_do(
        db_url, monkeypatch):
    """Each Single step goes to the next stop from where the clock stands. Two consoles that
    both looked before either moved the clock would both send it to the same stop: the
    second would log a move that moves nothing. Where the clock goes must be worked out
    again in the transaction that moves it when the log moved since the look."""
    engine = db.open_database(db_url)
    drill = control.create(engine, SCENARIO, name="Two consoles", roles=ROLES)
    moves = _together(monkeypatch, "set_clock", lambda: control.step(engine, drill.id, key=drill.facilitator_key))
    moves.sort(key=lambda action: action.seq)
    assert [(m.args["from_h"], m.args["to_h"]) for m in moves] == [(0.0, 0.5), (0.5, 3.0)]  # as the console test steps
    assert db.load_drill(engine, drill.id).clock.now() == 3.0


def test_advance_clicked_in_two_consoles_at_once_stops_where_two_clicks_one_after_the_other_stop(db_url, monkeypatch):
    """The console's Advance stops at the next deadline, task or inject. Two consoles that
    looked before either moved the clock must not carry the second move past a stop the
    first one reached: the stop is worked out again in the transaction that moves the clock."""
    engine = db.open_database(db_url)
    serial = control.create(engine, SCENARIO, name="One console", roles=ROLES)
    expected = [control.advance_paced(engine, serial.id, key=serial.facilitator_key, hours=1.0)[0] for _ in range(2)]
    drill = control.create(engine, SCENARIO, name="Two consoles", roles=ROLES)
    moves = [moved for moved, *_ in _together(monkeypatch, "set_clock", lambda: control.advance_paced(
        engine, drill.id, key=drill.facilitator_key, hours=1.0))]
    moves.sort(key=lambda action: action.seq)
    stops = [(m.args["from_h"], m.args["to_h"]) for m in moves]
    assert stops == [(e.args["from_h"], e.args["to_h"]) for e in expected] and stops[0][1] < stops[1][1], stops
