"""Mobile generators: the supply duty's resource units power key users while it works.

In the winter ice storm every key user is on its own backup from the outage at 12 h.
When the response starts, the power company's duty to keep power to key customers
(附件2 三) takes its two mobile generators to the users whose own fuel runs out soonest
— the telecom hub (six hours, the shortest) and then, of the two alloy plants with ten
hours each, the first in the area file; when an alloy plant gets the grid back its
generator goes at once to the next user still on its own fuel. A powered user burns
none of its own fuel.

Who gets a generator is :meth:`~sim.engine.restoration.KeyUsers.waiting`: users with no
power at all, then the one whose fuel runs out soonest, then the area's priority, then
the area file's order.
"""

from __future__ import annotations

from pathlib import Path

from sim.engine.run import Simulation, run_scenario
from sim.inputs import load_case

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"
#: The winter storm with four mobile generators free to go round (the shipped scenario gets
#: only one through the ice, which the heating and broadcasting duties hold first).
STORM_TEXT = SCENARIO.read_text(encoding="utf-8").replace("  emergency_generator: 1\n", "  emergency_generator: 4\n")
DRILL = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
SUPPLY = "power_company.key_load_supply"


def _mobile(result) -> list[tuple[float, str, str]]:
    return [(e["t_h"], e["action"], e["user"]) for e in result["events"] if e["action"].startswith("mobile_generator")]


def _connected(result) -> list[tuple[float, str]]:
    return [(t, user) for t, action, user in _mobile(result) if action == "mobile_generator_connected"]


def _state_at(result, user: str, t: float) -> str:
    """The user's supply once everything at ``t`` has happened."""
    return [p["state"] for p in result["backup_fuel"][user] if p["t_h"] <= t][-1]


def _storm():
    """The winter storm's inputs with four generators."""
    scenario, plans, area = load_case(SCENARIO)
    return scenario.model_copy(update={"resources": {**scenario.resources, "emergency_generator": 4}}), plans, area


def _copy(tmp_path, scenario_text: str | None = None, area_text: str | None = None, name: str = SCENARIO.name) -> Path:
    """A scenario (the winter storm unless ``scenario_text`` is given), its plan and area
    beside each other in ``tmp_path``, edited; ``name`` is the scenario's file name."""
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "areas").mkdir()
    area = area_text if area_text is not None else (ROOT / "plans" / "areas" / "guyang.yaml").read_text(encoding="utf-8")
    (tmp_path / "areas" / "guyang.yaml").write_text(area, encoding="utf-8")
    (tmp_path / "guyang-blackout-2023.yaml").write_text((ROOT / "plans" / "guyang-blackout-2023.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")
    text = scenario_text if scenario_text is not None else STORM_TEXT
    path = tmp_path / "scenarios" / name
    path.write_text(text, encoding="utf-8")
    return path


# --- who gets a generator -------------------------------------------------------------


def test_the_order_is_dark_then_least_fuel_then_priority_then_area_order():
    scenario, plans, area = _storm()
    sim = Simulation(scenario, plans, area, 7)
    sim.run(until=2.0)  # all on the grid still
    users = sim.key_users
    k = {u.id: i for i, u in enumerate(area.key_users)}
    priority = {u.id: u.priority for u in area.key_users}
    # the area as the test reads it: priorities 1 and 2, file order as listed
    assert [u.id for u in area.key_users] == ["county-hospital", "county-government", "water-works", "heating-station",
                                              "public-security", "telecom-hub", "smelter", "alloy-plant-a",
                                              "alloy-plant-b"]
    assert (priority["county-government"], priority["alloy-plant-b"], priority["smelter"]) == (2, 2, 1)

    def put(user, state, since=0.0, fuel=0.0):
        users.state[k[user]], users.since[k[user]], users.fuel[k[user]] = state, since, fuel

    put("county-government", "dark")
    put("telecom-hub", "dark")
    put("alloy-plant-b", "dark")
    put("public-security", "dark")
    put("heating-station", "backup", since=0.0, fuel=3.0)   # empty at 3 h
    put("smelter", "backup", since=1.0, fuel=4.0)           # empty at 5 h
    put("county-hospital", "backup", since=0.0, fuel=20.0)  # empty at 20 h: highest priority, most fuel
    put("alloy-plant-a", "mobile", since=0.0, fuel=1.0)     # has a generator already
    put("water-works", "grid", fuel=16.0)                   # has the grid
    order = [area.key_users[i].id for i in users.waiting()]
    assert order == [
        # dark, whatever their fuel: priority 1 (in file order), then priority 2 (in file order)
        "public-security", "telecom-hub", "county-government", "alloy-plant-b",
        # on their own fuel: soonest empty first, however high the priority of the others
        "heating-station", "smelter", "county-hospital",
    ]
    # two users whose fuel runs out at the same moment: the area's priority, not the file order
    put("county-government", "backup", since=2.0, fuel=3.0)  # empty at 5 h like the smelter
    order = [area.key_users[i].id for i in users.waiting()]
    assert order.index("smelter") < order.index("county-government") < order.index("county-hospital")
    # the same, same priority: the area file's order
    put("alloy-plant-b", "backup", since=1.0, fuel=4.0)
    put("smelter", "backup", since=0.0, fuel=5.0)
    put("water-works", "backup", since=2.0, fuel=3.0)
    order = [area.key_users[i].id for i in users.waiting() if users.state[i] == "backup"]
    assert order[:5] == ["heating-station", "water-works", "smelter", "county-government", "alloy-plant-b"]
    sim.close()


def test_generators_go_first_to_the_users_whose_fuel_runs_out_soonest():
    scenario, plans, area = _storm()
    result = run_scenario(scenario, plans, area, 7)
    started = result["summary"]["response_started_at_h"]
    connected = _connected(result)
    first = [(t, user) for t, user in connected if t == connected[0][0]]
    assert first[0][0] == started
    # every user went on its own backup at the same moment (none dark yet): least fuel first,
    # the area's priority and then the file order among equals — not the highest in priority
    assert {p[1]["t_h"] for p in result["backup_fuel"].values()} == {12.0}
    ranked = sorted(range(len(area.key_users)),
                    key=lambda k: (area.key_users[k].backup.fuel_hours, area.key_users[k].priority, k))
    assert [user for _, user in first] == [area.key_users[k].id for k in ranked[:2]] == ["telecom-hub", "alloy-plant-a"]
    by_priority = sorted(range(len(area.key_users)), key=lambda k: (area.key_users[k].priority, k))
    assert [user for _, user in first] != [area.key_users[k].id for k in by_priority[:2]]
    # the telecom hub, which would run dry at 18 h, is reached first and never runs dry
    assert result["summary"]["key_users_out_of_fuel"] == []
    supply = next(e for e in result["events"] if e["action"] == "mobile_generator_connected")
    assert (supply["unit"], supply["source"]) == ("power_company", "附件2 三")


def test_a_dark_user_comes_before_users_with_less_fuel_and_higher_priority(tmp_path):
    """The telecom hub with one hour of fuel and the lowest priority is dark when the
    response starts: it gets the first generator; the second goes to the least fuel."""
    area_text = (ROOT / "plans" / "areas" / "guyang.yaml").read_text(encoding="utf-8")
    start = area_text.index("  - id: telecom-hub")
    block = area_text[start:area_text.index("  - id: ", start + 1)]
    assert "    priority: 1\n" in block and "fuel_hours: 6\n" in block
    edited = block.replace("    priority: 1\n", "    priority: 9\n").replace("fuel_hours: 6\n", "fuel_hours: 1\n")
    path = _copy(tmp_path, area_text=area_text.replace(block, edited))
    scenario, plans, area = load_case(path)
    result = run_scenario(scenario, plans, area, 7)
    started = result["summary"]["response_started_at_h"]
    dry = result["summary"]["key_users_out_of_fuel"]
    assert dry[0] == {"user": "telecom-hub", "t_h": 13.0} and dry[0]["t_h"] < started
    first = [(t, user) for t, user in _connected(result) if t == started]
    assert [user for _, user in first] == ["telecom-hub", "alloy-plant-a"]


# --- a generator set free goes at once to the next user ------------------------------


def test_a_generator_whose_user_gets_the_grid_back_goes_at_once_to_a_user_waiting():
    scenario, plans, area = _storm()
    result = run_scenario(scenario, plans, area, 7)
    rounds = [(s["start_h"], s["end_h"]) for s in result["spans"] if s["duty"] == SUPPLY]
    connected = _connected(result)
    back = {e["unit"]: e["t_h"] for e in result["events"] if e["action"] == "grid_supply_restored"}
    # alloy plant A had a generator and gets the grid back in the middle of a round
    t = back["alloy-plant-a"]
    assert _state_at(result, "alloy-plant-a", t - 1e-9) == "mobile"
    assert any(start < t < end for start, end in rounds) and t not in {start for start, _ in rounds}
    # the public security bureau, still on its own fuel, gets that generator at once
    assert _state_at(result, "public-security", t - 1e-9) == "backup"
    assert (t, "public-security") in connected
    assert _state_at(result, "public-security", t) == "mobile"
    # and burns no fuel of its own from then on
    points = result["backup_fuel"]["public-security"]
    at = next(i for i, p in enumerate(points) if p["t_h"] == t)
    assert points[at]["fuel_h"] == points[at + 1]["fuel_h"]


def test_a_generator_whose_user_gets_the_grid_back_stays_idle_when_nobody_waits():
    scenario, plans, area = _storm()
    result = run_scenario(scenario, plans, area, 7)
    last = max(e["t_h"] for e in result["events"] if e["action"] == "grid_supply_restored")
    assert all(_state_at(result, u.id, last) == "grid" for u in area.key_users)
    rounds = [(s["start_h"], s["end_h"]) for s in result["spans"] if s["duty"] == SUPPLY]
    assert any(start < last < end for start, end in rounds)  # the duty still holds its generators
    assert [c for c in _connected(result) if c[0] >= last] == []  # nobody is waiting: nobody connected


def test_a_user_losing_supply_while_a_generator_powers_nobody_gets_it_at_once():
    scenario, plans, area = _storm()
    alone = run_scenario(scenario, plans, area, 7)
    rounds = [(s["start_h"], s["end_h"]) for s in alone["spans"] if s["duty"] == SUPPLY]
    assert any(start < 34.0 < end for start, end in rounds)
    assert all(_state_at(alone, u.id, 34.0) == "grid" for u in area.key_users)
    sim = Simulation(scenario, plans, area, 7)
    sim.run(until=34.0)  # every key user is back on the grid; the duty's round runs on, its generators idle
    sim.damage(["f-cn-01"], damaged=False)  # the telecom hub's and the police's feeder trips
    result = sim.result()
    sim.close()
    # the telecom hub has less fuel left than the police: it comes first
    assert [(t, user) for t, user in _connected(result) if t == 34.0] == [(34.0, "telecom-hub"),
                                                                        (34.0, "public-security")]
    assert _state_at(result, "telecom-hub", 34.0) == _state_at(result, "public-security", 34.0) == "mobile"


def test_a_round_with_fewer_generators_keeps_the_users_with_the_least_fuel():
    """A round that holds one generator where the last held two keeps the user with less
    of its own fuel to fall back on; the other falls back on its fuel."""
    scenario, plans, area = _storm()
    sim = Simulation(scenario, plans, area, 7)
    sim.run(until=15.0)  # the first round: the telecom hub and alloy plant A powered
    users = sim.key_users
    (work,) = users.mobile
    names = [area.key_users[k].id for k in work.users]
    assert names == ["telecom-hub", "alloy-plant-a"]
    assert users.fuel[work.users[0]] < users.fuel[work.users[1]]
    work.amount = 1  # as if this round had got one generator
    users.connect(work)
    result = sim.result()
    sim.close()
    assert [area.key_users[k].id for k in work.users] == ["telecom-hub"]
    assert [(t, a, u) for t, a, u in _mobile(result) if t == 15.0] == [(15.0, "mobile_generator_left", "alloy-plant-a")]
    assert _state_at(result, "alloy-plant-a", 15.0) == "backup"


# --- the duty takes the generators that are free ---------------------------------------


def test_the_supply_duty_takes_the_one_generator_left_in_the_drill():
    """In the Chengnan drill the scenario has two generators; at the response the radio's
    transmitter duty (earlier in the plan) takes one for its four-hour shift. The supply
    duty asks for two but each powers a user on its own: it takes the one that is free
    and sends it to the telecom hub, whose six hours of batteries would run out at 10 h."""
    scenario, plans, area = load_case(DRILL)
    assert scenario.resources["emergency_generator"] == 2
    result = run_scenario(scenario, plans, area, 7)
    started = result["summary"]["response_started_at_h"]
    radio = [s for s in result["spans"] if s["resource"] == "emergency_generator" and s["duty"] != SUPPLY]
    assert radio and radio[0]["start_h"] == started
    supply = [s for s in result["spans"] if s["duty"] == SUPPLY]
    assert supply and supply[0]["start_h"] == supply[0]["requested_h"] == started  # no wait for the second
    assert _connected(result) == [(started, "telecom-hub")]  # one generator: the user with the least fuel
    assert result["summary"]["key_users_out_of_fuel"] == []
    assert SUPPLY not in {d["duty"] for d in result["summary"]["unmet_duties"]}


def test_the_supply_duty_waits_when_no_generator_is_free(tmp_path):
    """With one generator, taken by the radio's duty, the supply duty waits in line for it."""
    text = DRILL.read_text(encoding="utf-8").replace("  emergency_generator: 2\n", "  emergency_generator: 1\n")
    scenario, plans, area = load_case(_copy(tmp_path, scenario_text=text, name=DRILL.name))
    result = run_scenario(scenario, plans, area, 7)
    assert _connected(result) == []
    unmet = next(d for d in result["summary"]["unmet_duties"] if d["duty"] == SUPPLY)
    assert unmet["reason"] == {"kind": "trigger_ended", "resource": "emergency_generator"}
    assert [f["user"] for f in result["summary"]["key_users_out_of_fuel"]] == ["telecom-hub"]


# --- fuel --------------------------------------------------------------------------------


def test_a_powered_user_spares_its_fuel():
    scenario, plans, area = _storm()
    result = run_scenario(scenario, plans, area, 7)
    for user, points in result["backup_fuel"].items():
        for before, after in zip(points, points[1:]):
            if before["state"] in ("mobile", "grid", "dark"):
                assert after["fuel_h"] == before["fuel_h"], (user, before, after)  # nothing burnt meanwhile


def test_without_a_supply_duty_nobody_gets_a_generator_and_the_telecom_hub_runs_dry(tmp_path):
    text = STORM_TEXT.replace("  supply_duty: power_company.key_load_supply\n", "")
    result = run_scenario(*load_case(_copy(tmp_path, scenario_text=text)), 7)
    assert _mobile(result) == []
    dry = result["summary"]["key_users_out_of_fuel"]
    assert [d["user"] for d in dry] == ["telecom-hub"] and dry[0]["t_h"] == 18.0  # six hours from 12 h
    back = next(e["t_h"] for e in result["events"] if e["action"] == "grid_supply_restored" and e["unit"] == "telecom-hub")
    assert dry[0]["t_h"] < back
