"""A participant's change of level takes effect once: the engine takes it, and a later
decision of the unit the plan names at the level it led to stands.

In the winter ice storm the county government, played, declares level II and at once
raises it to level I. At level I the county's headquarters decides changes of level:
when the figures call for level II again it lowers the response, and the county's
raise, already carried out, does not raise it again — no change back and forth every
hour, and the county is asked once whether the city should take over."""

from __future__ import annotations

from pathlib import Path

from sim.drills import control, db, offer
from sim.drills.policy import spent

SCENARIO = Path(__file__).resolve().parent.parent / "plans" / "scenarios" / "winter-ice-storm.yaml"
COUNTY = "county_government"
AT_0731 = 13.5 + 1 / 60  # 01-15 07:31, the scenario starting at 01-14 18:00


def _to(engine, drill, hours: float) -> None:
    now = db.load_drill(engine, drill.id).clock.now()
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=hours - now)


def _act(engine, drill, kind: str, level: str) -> None:
    control.act(engine, drill.id, role=COUNTY, key=drill.keys[COUNTY], kind=kind, args={"level": level})


def test_a_raise_carried_out_once_does_not_overrule_the_headquarters_later_lowering_every_hour(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    drill = control.create(engine, SCENARIO, name="Level once", roles={COUNTY: "陈县长"})
    _to(engine, drill, AT_0731)
    _act(engine, drill, "declare", "II")
    _act(engine, drill, "adjust", "I")
    _to(engine, drill, 27.0)  # 01-15 21:00
    state, _, _ = control.assess(engine, drill.id)
    runner = state.policy.runner
    changes = [(round(t, 2), old, new, by) for t, old, new, by in runner.level_changes]
    assert changes == [(13.52, None, "II", COUNTY), (13.52, "II", "I", COUNTY), (23.61, "I", "II", "headquarters")]
    assert runner.level == "II"  # the headquarters' lowering stands until 21:00
    events = [e for e in state.result["events"] if e["action"] in ("declare_response", "adjust_response")]
    assert len(events) == 3  # one line for each change, none repeated hourly
    assert len([a for a in state.policy.asks if a.kind == "escalate"]) == 1  # asked once in the incident
    # spent, the county's raise no longer waits: raising to level I again is the county's new decision
    assert "I" in [c.value for s in offer.open_specs(state, COUNTY) if s.kind == "adjust" for c in s.choices]


def _adjustment(at_h: float, level: str) -> db.Action:
    return db.Action(seq=1, at_h=at_h, wall=None, role=COUNTY, person="陈县长", kind="adjust", args={"level": level})


def test_an_adjustment_is_spent_once_the_level_changed_to_it_or_changed_after_it_and_not_before():
    raise_ = _adjustment(5.0, "I")
    assert not spent(raise_, [(4.0, None, "II", COUNTY)])  # logged after the last change: it stands
    assert not spent(raise_, [(5.0, None, "II", COUNTY)])  # a change of its instant came before it entered
    assert spent(raise_, [(5.0, "II", "I", COUNTY)])  # taken by the engine as it entered
    assert spent(raise_, [(6.0, "II", "III", "headquarters")])  # overtaken by a later decision
