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
    """Declaring as the report arrives, adjusting as the classification moves, sending
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
