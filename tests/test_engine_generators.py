"""Mobile generators: the supply duty's resource units power key users while it works.

In the winter ice storm every key user is on its own backup from the outage at 12 h.
When the response starts, the power company's duty to keep power to key customers
(附件2 三) takes its two mobile generators to the two users highest in priority; at
the next round the users back on the grid give theirs up, and the telecom hub, dark
since its fuel ran out, gets one. A powered user burns none of its own fuel.
"""

from __future__ import annotations

from pathlib import Path

from sim.engine import run_scenario
from sim.scenario import load_inputs

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"


def _mobile(result) -> list[tuple[float, str, str]]:
    return [(e["t_h"], e["action"], e["user"]) for e in result["events"] if e["action"].startswith("mobile_generator")]


def test_generators_go_to_the_users_highest_in_priority_and_then_to_the_dark():
    scenario, plans, area = load_inputs(SCENARIO)
    result = run_scenario(scenario, plans, area, 7)
    started = result["summary"]["response_started_at_h"]
    events = _mobile(result)
    first = [(t, user) for t, action, user in events if action == "mobile_generator_connected" and t == events[0][0]]
    assert first[0][0] >= started
    # every user is on its own backup then (none dark yet): the two highest in priority
    ranked = sorted(range(len(area.key_users)), key=lambda k: (area.key_users[k].priority, k))
    assert [user for _, user in first] == [area.key_users[k].id for k in ranked[:2]]
    connected = [user for _, action, user in events if action == "mobile_generator_connected"]
    out = [f["user"] for f in result["summary"]["key_users_out_of_fuel"]]
    assert out and out[0] in connected  # the user that ran dry is reached later
    supply = next(e for e in result["events"] if e["action"] == "mobile_generator_connected")
    assert (supply["unit"], supply["source"]) == ("power_company", "附件2 三")


def test_a_powered_user_spares_its_fuel():
    scenario, plans, area = load_inputs(SCENARIO)
    result = run_scenario(scenario, plans, area, 7)
    for user, points in result["backup_fuel"].items():
        for before, after in zip(points, points[1:]):
            if before["state"] in ("mobile", "grid", "dark"):
                assert after["fuel_h"] == before["fuel_h"], (user, before, after)  # nothing burnt meanwhile


def test_without_a_supply_duty_nobody_gets_a_generator(tmp_path):
    text = SCENARIO.read_text(encoding="utf-8").replace("  supply_duty: power_company.key_load_supply\n", "")
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "areas").mkdir()
    (tmp_path / "areas" / "guyang.yaml").write_text((ROOT / "plans" / "areas" / "guyang.yaml").read_text(encoding="utf-8"),
                                                    encoding="utf-8")
    (tmp_path / "guyang-blackout-2023.yaml").write_text((ROOT / "plans" / "guyang-blackout-2023.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")
    (tmp_path / "scenarios" / SCENARIO.name).write_text(text, encoding="utf-8")
    result = run_scenario(*load_inputs(tmp_path / "scenarios" / SCENARIO.name), 7)
    assert _mobile(result) == []
