"""A drill's header shows the figures the plan grades on first, by their names.

The console, the desks and ``drill status`` read the incident's figures from one function
(:func:`sim.drills.views.figures`): a flood plan's drill leads with the rainfall, the
county's blackout drill with its load shed and customers out, as its plan names them.
"""

from __future__ import annotations

from pathlib import Path

from flood_fixtures import flood_plan, folder
from sim.drills import control, db, views

ROOT = Path(__file__).resolve().parent.parent


def drill_state(tmp_path: Path, scenario: Path, roles: dict, hours: float):
    engine = db.open_database(f"sqlite:///{tmp_path / 'figures.sqlite'}")
    drill = control.create(engine, scenario, name="Figures", roles=roles)
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=hours)
    return control.assess(engine, drill.id)[0]


def test_a_flood_drill_shows_the_rainfall_first_and_the_grids_figures_after_it(tmp_path):
    unit = flood_plan()["units"][0]["id"]
    state = drill_state(tmp_path, folder(tmp_path / "plans", [(2, 120)]), {unit: "Ann"}, 3)
    shown = views.figures(state, "zh")
    assert shown[0] == ("24小时降雨量", "120 mm")
    assert [name for name, _ in shown[1:]] == ["减供负荷比例", "停电用户比例"]  # the example county's names
    assert views.figures(state, "en")[0] == ("Rainfall in 24 hours", "120 mm")


def test_the_countys_blackout_drill_shows_the_figures_its_plan_grades_on_by_their_names(tmp_path):
    scenario = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
    state = drill_state(tmp_path, scenario, {"county_government": "Cai"}, 1)
    assert [name for name, _ in views.figures(state, "zh")] == ["减供负荷比例", "停电供电用户比例"]
    assert all(value.endswith(" %") for _, value in views.figures(state, "zh"))
