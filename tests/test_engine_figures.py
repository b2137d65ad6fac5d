"""A plan run on the engine may test only the figures the engine computes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from sim.engine.run import Simulation
from sim.plan.figures import FIGURES
from sim.errors import InputError
from sim.inputs import load_case

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"
PLAN = ROOT / "plans" / "guyang-blackout-2023.yaml"


def test_the_listed_figures_are_the_ones_the_engine_computes():
    scenario, plans, area = load_case(SCENARIO)
    sim = Simulation(scenario, plans, area, 7)
    sim.run(until=20)
    assert set(sim.values) == set(FIGURES)


def test_a_plan_testing_a_figure_the_engine_does_not_compute_is_refused(tmp_path, capsys):
    renamed = tmp_path / "guyang-blackout-2023.yaml"
    renamed.write_text(PLAN.read_text(encoding="utf-8").replace("load_shed_pct", "load_cut_pct"), encoding="utf-8")
    with pytest.raises(InputError, match="tests the figure 'load_cut_pct', which the engine does not compute"):
        load_case(SCENARIO, [renamed])
    assert main(["run", str(SCENARIO), "--seed", "1", "--plan", str(renamed)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{SCENARIO.relative_to(ROOT)}:") or str(SCENARIO) in err
    assert ": plans.0: 预案 固阳县大面积停电事件应急预案（2023年版）（键入 guyang-blackout-2023） 检验的数据 'load_cut_pct'" in err
    assert "plan Guyang County Large-Area Blackout Emergency Plan (2023 edition) (typed as guyang-blackout-2023) tests the figure 'load_cut_pct'" in err
