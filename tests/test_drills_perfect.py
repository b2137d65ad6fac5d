"""A participant who does each task the moment it falls due scores 100 % with no deviation.

The tasks a player is shown (``drill status``, the Participant page) and the evaluation
read the same state: an action taken at the hour a task fell due is judged on the state
of that hour once everything due then has happened — the report that just arrived,
the repair just finished — as the player saw it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.drills import control, db, views
from sim.drills.replay import LiveReplay

SCENARIOS = Path(__file__).resolve().parent.parent / "plans" / "scenarios"
ROLES = {"power_company": "Ann", "county_government": "Bo", "industry_tech": "Cai", "headquarters": "Di",
         "housing_construction": "Eli", "public_security": "Fan"}


@pytest.mark.parametrize("name", ["drill-chengnan-storm", "winter-ice-storm"])
def test_doing_every_task_when_it_falls_due_scores_full_marks(tmp_path, name):
    """Declaring as the report arrives (at the level the figures call for, which the task
    leaves to the player), adjusting as the classification moves, sending
    crews in the order shown, ending as the last condition comes to hold: all on time."""
    engine = db.open_database(f"sqlite:///{tmp_path / 'p.sqlite'}")
    drill = control.create(engine, SCENARIOS / f"{name}.yaml", name="Perfect", roles=ROLES)
    acted = 0
    live = LiveReplay()  # as the Participant page looks: run on from the last look while nobody acts
    for _ in range(2000):
        state, _, evaluation = control.assess(engine, drill.id, live)
        if evaluation.ended:
            break
        todo = [(role, item) for role in ROLES for item in views.tasks(evaluation, role)]
        for role, item in todo:
            args = views.task_args(state, item)
            if item.kind in views.JUDGED:  # the level is the player's to judge: this one judges as the figures say
                assert args is None and views.task_label(item) != item.label
                args = {"level": item.key}
            assert args is not None, item
            control.act(engine, drill.id, role=role, key=drill.keys[role], kind=item.kind, args=args)
            acted += 1
        if not todo:
            control.step(engine, drill.id, key=drill.facilitator_key)
    state, _, evaluation = control.assess(engine, drill.id)
    assert evaluation.ended and acted >= 40
    assert evaluation.deviations == []
    assert {i.status for i in evaluation.items} == {"on_time"}
    assert evaluation.overall.percent == 100.0
    kinds = {i.kind for i in evaluation.items}
    assert {"warning_step", "report", "declare", "duty", "step", "end"} <= kinds
    if name == "winter-ice-storm":
        assert {"adjust", "dispatch"} <= kinds


def test_the_level_to_declare_is_the_players_to_judge_and_no_task_or_board_gives_it_away(tmp_path):
    """The declarer's task says "declare the response", not the level the figures call for
    (the answer the drill scores), on the desk, in ``drill status`` and on the projector,
    and offers no button that declares it for the player; the report keeps the answer."""
    from sim.drills.projector import board

    engine = db.open_database(f"sqlite:///{tmp_path / 'j.sqlite'}")
    drill = control.create(engine, SCENARIOS / "drill-chengnan-storm.yaml", name="Judged", roles=ROLES)
    for _ in range(200):
        state, _, evaluation = control.assess(engine, drill.id)
        declare = [i for role in ROLES for i in views.tasks(evaluation, role) if i.kind == "declare"]
        if declare:
            break
        for role in ROLES:  # everything else done as it falls due, so the report reaches the declarer
            for item in views.tasks(evaluation, role):
                control.act(engine, drill.id, role=role, key=drill.keys[role], kind=item.kind,
                            args=views.task_args(state, item))
        control.step(engine, drill.id, key=drill.facilitator_key)
    (item,) = declare
    level = state.inputs.plan.response_levels
    names = {name for lv in level for name in (lv.name.zh, lv.name.en)}
    assert item.key in {lv.id for lv in level}  # the answer key knows the level
    assert views.task_args(state, item) is None  # the player picks it
    said = [views.task_label(item)["zh"], views.task_label(item)["en"],
            *(c.task for language in ("zh", "en") for c in board(state, evaluation, language).countdowns)]
    assert not [text for text in said for name in names if name in text]
