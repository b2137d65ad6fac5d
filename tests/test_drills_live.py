"""A page's live replay runs on from its last look and reaches the state a fresh replay reaches."""

from __future__ import annotations

import pytest

from sim.drills import control, db
from sim.drills.evaluate import evaluate
from sim.drills.replay import LiveReplay, answer_key, replay
from sim.engine.recorder import dumps
from test_drills_scripted import SCENARIO, play


def _same_as_fresh(record: db.DrillRecord, times: list[float]) -> int:
    """Look at the drill at each of ``times`` through one live replay; every look must equal a
    fresh replay, and the evaluation carried on with it must equal one made from scratch.
    Returns how many looks ran on from the last instead of from hour 0."""
    live, key, ran_on = LiveReplay(), answer_key(record), 0
    for t in times:
        seen = record.as_at(t)
        before = live.kept.sim if live.kept else None
        state, fresh = live.replay(seen), replay(seen)
        ran_on += state.sim is before
        assert dumps(state.result) == dumps(fresh.result), t
        assert state.policy.asks == fresh.policy.asks and state.policy.snapshots == fresh.policy.snapshots, t
        assert state.next_event_h() == fresh.next_event_h(), t
        assert evaluate(state, key, live) == evaluate(fresh, key) == evaluate(state, key), t
    return ran_on


def test_a_live_replay_of_the_scripted_drill_equals_a_fresh_one_at_every_look(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'l.sqlite'}")
    record = db.load_drill(engine, play(engine).id)
    times = [i * 0.25 for i in range(97)]  # every quarter hour over the day, actions in between
    assert _same_as_fresh(record, times) == len(times) - 1  # every look but the first runs on, actions included


@pytest.mark.parametrize("step", [0.1, 1.0, 7.0])
def test_a_live_replay_of_a_long_drill_equals_a_fresh_one_whatever_the_step(tmp_path, step):
    engine = db.open_database(f"sqlite:///{tmp_path / 'l.sqlite'}")
    scenario = SCENARIO.parent / "winter-ice-storm.yaml"
    made = control.create(engine, scenario, name="Long", roles={"power_company": "Ann", "county_government": "Cai"})
    control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="warning_step",
                args={"step": "warning.propose"})
    control.advance(engine, made.id, key=made.facilitator_key, hours=30)
    control.assign(engine, made.id, "county_government", None, key=made.facilitator_key)  # the engine catches up
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    record = db.load_drill(engine, made.id)
    times = [min(i * step, 60.0) for i in range(int(60 / step) + 1)]
    assert _same_as_fresh(record, times) >= len(times) - 4


def test_a_live_replay_runs_on_for_a_new_action_and_starts_again_for_a_hand_back_or_another_drill(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'l.sqlite'}")
    made = control.create(engine, SCENARIO, name="Again", roles={"power_company": "Ann"})
    live = LiveReplay()
    control.advance(engine, made.id, key=made.facilitator_key, hours=1)
    first = control.assess(engine, made.id, live)[0]
    control.advance(engine, made.id, key=made.facilitator_key, hours=1)  # a clock move: runs on
    assert control.assess(engine, made.id, live)[0].sim is first.sim
    control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="warning_step",
                args={"step": "warning.propose"})  # an action at the clock: enters the running replay
    acted = control.assess(engine, made.id, live)[0]
    assert acted.sim is first.sim and dumps(acted.result) == dumps(replay(db.load_drill(engine, made.id)).result)
    control.assign(engine, made.id, "power_company", None, key=made.facilitator_key)  # handed back: from hour 0
    again = control.assess(engine, made.id, live)[0]
    assert again.sim is not first.sim and dumps(again.result) == dumps(replay(db.load_drill(engine, made.id)).result)
    other = control.create(engine, SCENARIO, name="Other", roles={})
    assert control.assess(engine, other.id, live)[0].sim is not again.sim


def test_a_live_replay_starts_again_when_the_drill_is_looked_at_before_its_clock(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'l.sqlite'}")
    record = db.load_drill(engine, play(engine).id)
    acted = [a for a in record.actions if a.role is not None]
    live = LiveReplay()
    late = live.replay(record.as_at(acted[-1].at_h))
    earlier = live.replay(record.as_at(acted[0].at_h))  # an earlier moment (a fork): a shorter log
    assert earlier.sim is not late.sim
    assert dumps(earlier.result) == dumps(replay(record.as_at(acted[0].at_h)).result)


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_an_evaluation_carried_on_through_a_messy_drill_equals_one_judged_from_scratch_at_every_look(tmp_path, seed):
    """Participants doing some tasks, late or never, and actions the plan did not ask for,
    a role handed to someone else: the evaluation kept with the live replay judges only
    what changed, and at every look equals an evaluation of a fresh replay from scratch."""
    import random

    from sim.drills import views
    from sim.errors import InputError

    rng = random.Random(seed)
    engine = db.open_database(f"sqlite:///{tmp_path / 'm.sqlite'}")
    roles = {"power_company": "Ann", "county_government": "Cai", "industry_tech": "Ding"}
    made = control.create(engine, SCENARIO.parent / "winter-ice-storm.yaml", name="Messy", roles=roles,
                          seed=seed, settings={"grace_h": 0.25})
    keys = dict(made.keys)
    live, carried = LiveReplay(), 0
    for _ in range(30):
        before = (live.kept.sim, live.judge) if live.kept else (None, None)
        state, key, evaluation = control.assess(engine, made.id, live)
        assert evaluation == evaluate(replay(db.load_drill(engine, made.id)), key)
        if state.sim is before[0]:  # the replay ran on: so did its evaluation
            assert live.judge is before[1]
            carried += 1
        if evaluation.ended:
            break
        for role in roles:
            for item in views.tasks(evaluation, role):
                args = views.task_args(state, item)
                if args is not None and rng.random() < 0.6:
                    control.act(engine, made.id, role=role, key=keys[role], kind=item.kind, args=args)
        if rng.random() < 0.2:  # something the plan gives the unit, whether asked or not
            role = rng.choice(list(roles))
            spec = rng.choice([s for s in state.catalogue.for_role(role) if s.kind != "note"])
            args = {} if spec.arg is None else {spec.arg: rng.choice(spec.choices).value} if spec.choices else None
            if args is not None:
                try:
                    control.act(engine, made.id, role=role, key=keys[role], kind=spec.kind, args=args)
                except InputError:
                    pass  # refused (the response already ended…): nothing logged
        if rng.random() < 0.1:  # handed over to the other of two people
            person = "Ehe" if db.load_drill(engine, made.id).player("industry_tech") == "Ding" else "Ding"
            keys["industry_tech"] = control.assign(engine, made.id, "industry_tech", person,
                                                   key=made.facilitator_key).key
        control.advance(engine, made.id, key=made.facilitator_key, hours=rng.choice([0.25, 0.5, 1.0, 3.0]))
    assert carried >= 10
