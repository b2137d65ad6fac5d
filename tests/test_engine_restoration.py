"""The dispatcher when the scenario counts no crews: it says so once and repairs nothing."""

from __future__ import annotations

from engine_fixtures import shipped

from sim.engine.run import run_scenario
from sim.inputs.scenario import Scenario


def test_without_crews_nothing_is_repaired_and_it_is_said_once():
    scenario, plans, area = shipped("winter-ice-storm")
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    crews = data["restoration"]["resource"]
    data["resources"] = {name: count for name, count in data["resources"].items() if name != crews}
    result = run_scenario(Scenario.model_validate(data), plans, area, 7)
    said = [e for e in result["events"] if e["action"] == "no_crews"]
    assert len(said) == 1 and said[0]["resource"] == crews
    assert not [e for e in result["events"] if e["action"] in ("repair_start", "repaired")]
    assert not [s for s in result["spans"] if s["resource"] == crews]
    assert result["summary"]["final"]["grid_backbone_restored"] == 0.0  # the damaged substations stay out
