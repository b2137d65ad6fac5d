"""The engine's own grid work cites the plan's clauses, read from the plan, not written in code.

Repairs, switching and load shedding are the restoration duty's work, so they cite the
clause of the measure that duty carries out (5.2.1 in Guyang's plan); key users' backup
power cites the measure the scenario names for it (5.2.2). Another plan's numbering
shows in the log as that plan's; a scenario that names no backup measure cites ``model``.
"""

from __future__ import annotations

from pathlib import Path

from sim.engine.run import run_scenario
from sim.inputs import load_case

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"
PLAN = ROOT / "plans" / "guyang-blackout-2023.yaml"
GRID_WORK = {"repair_start", "repaired", "switch_in", "shed_load", "restore_shed_load", "grid_supply_restored"}
BACKUP = {"backup_power_started", "backup_out_of_fuel"}


def _sources(result) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for event in result["events"]:
        if event["action"] in GRID_WORK | BACKUP:
            found.setdefault(event["action"], set()).add(event["source"])
    return found


def test_guyang_cites_5_2_1_and_5_2_2():
    sources = _sources(run_scenario(*load_case(SCENARIO), 7))
    assert {a for a in sources if a in GRID_WORK} >= {"repair_start", "repaired", "grid_supply_restored"}
    assert all(sources[a] == {"5.2.1"} for a in sources if a in GRID_WORK)
    assert sources["backup_power_started"] == sources["backup_out_of_fuel"] == {"5.2.2"}


def test_another_numbering_and_no_backup_measure(tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    renumbered = text.replace('source: {clause: "5.2.1", quote: "电力企业迅速组织力量抢修受损电网设备设施"}',
                              'source: {clause: "6.3.1", quote: "电力企业迅速组织力量抢修受损电网设备设施"}')
    assert renumbered != text
    plan = tmp_path / "guyang-blackout-2023.yaml"
    plan.write_text(renumbered, encoding="utf-8")
    scenario_text = SCENARIO.read_text(encoding="utf-8").replace("  backup_measure: key_user_response\n", "")
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (tmp_path / "areas").mkdir()
    (tmp_path / "areas" / "guyang.yaml").write_text((ROOT / "plans" / "areas" / "guyang.yaml").read_text(encoding="utf-8"),
                                                    encoding="utf-8")
    (scenarios / SCENARIO.name).write_text(scenario_text, encoding="utf-8")
    sources = _sources(run_scenario(*load_case(scenarios / SCENARIO.name), 7))
    assert all(sources[a] == {"6.3.1"} for a in sources if a in GRID_WORK)
    assert sources["backup_power_started"] == {"model"}
