"""The Guyang area file: its public facts, its assumptions, and errors that point at lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim.bounds import MAX_ELEMENTS
from sim.inputs.area import Area
from sim.inputs.loader import load_area
from sim.inputs.network import Grid
from sim.errors import InputError, Problem
from sim.inputs.loader import load_text
from sim.inputs.yaml_source import dotted, parse, position

ROOT = Path(__file__).resolve().parent.parent
GUYANG = ROOT / "plans" / "areas" / "guyang.yaml"


@pytest.fixture(scope="module")
def area() -> Area:
    return load_area(GUYANG)


def test_the_six_towns_and_the_park(area):
    towns = {t.name.zh for t in area.towns}
    assert {"金山镇", "下湿壕镇", "银号镇", "怀朔镇", "兴顺西镇", "西斗铺镇", "金山产业园"} == towns
    assert sum(t.population for t in area.towns) == 115_300


def test_public_facts_are_sourced_and_everything_else_is_an_assumption(area):
    facts = {f.id: f for f in area.facts}
    assert facts["population"].value == 115_300 and facts["population"].source is not None
    assert facts["supply_area"].value == 5000
    assert "未公开" in area.notice.zh and "not public" in area.notice.en
    for group in (area.towns, area.substations, area.feeders, area.key_users):
        for item in group:
            assert item.assumption, item.id
    for user in area.key_users:
        assert user.backup is None or user.backup.assumption


def test_key_users_include_the_high_risk_smelters_of_the_park(area):
    categories = {u.category for u in area.key_users}
    assert {"hospital", "water", "heating", "government", "public_security", "telecom",
            "industrial_high_risk"} <= categories
    park = {f.id for f in area.feeders if f.town == "jinshan-park"}
    assert any(u.high_risk and u.feeder in park for u in area.key_users)


def test_key_users_come_first_in_restoration_order(area):
    feeders = {f.id: f for f in area.feeders}
    key_feeders = {u.feeder for u in area.key_users}
    worst_key = max(min(feeders[f].priority, *(u.priority for u in area.key_users if u.feeder == f))
                    for f in key_feeders)
    ordinary = [f.priority for f in area.feeders if f.id not in key_feeders and not f.key_area]
    assert worst_key < min(ordinary)


@pytest.mark.parametrize(("day", "inside"), [
    (dt.date(2024, 10, 14), False), (dt.date(2024, 10, 15), True), (dt.date(2025, 1, 1), True),
    (dt.date(2025, 4, 15), True), (dt.date(2025, 4, 16), False), (dt.date(2024, 7, 1), False),
])
def test_heating_season_crosses_the_new_year(area, day, inside):
    assert area.heating_season.contains(day) is inside


def test_a_healthy_grid_sheds_nothing_and_its_backbone_is_whole(area):
    grid = Grid(area)
    assert grid.metrics["load_shed_pct"] == 0 and grid.metrics["grid_backbone_restored"] == 1
    assert grid.metrics["demand_mw"] < area.supply.capacity_mw


def test_losing_the_220_kv_substation_darkens_the_county(area):
    grid = Grid(area)
    grid.damaged["sub-220-guyang"] = 1.0
    grid.update()
    assert grid.metrics["load_shed_pct"] == 100 and grid.metrics["customers_out_pct"] == 100


def test_the_park_alone_is_a_serious_blackout(area):
    grid = Grid(area)
    grid.damaged["sub-110-park"] = 1.0
    grid.update()
    assert 40 <= grid.metrics["load_shed_pct"] < 60


def test_the_shipped_area_remembers_as_many_grid_states_as_a_sweep_sees(area):
    assert Grid(area).topo.memo_limit == 8192


def test_a_large_area_remembers_fewer_grid_states_so_its_memory_stays_bounded(area):
    """An area at the element limit keeps some hundreds of states, not 8,192 (which took
    half a gigabyte): the table starts afresh when it holds its limit."""
    template = area.feeders[0]
    feeders = [template.model_copy(update={"id": f"feeder-{i}"}) for i in range(MAX_ELEMENTS - len(area.substations))]
    large = area.model_copy(update={"feeders": feeders, "key_users": []})
    grid = Grid(large)
    limit = grid.topo.memo_limit
    assert 16 <= limit < 1000 and limit * MAX_ELEMENTS <= 1 << 20
    for i in range(limit + 5):  # each a state of its own: one more feeder out
        grid.damaged = {f"feeder-{i}": 1.0}
        grid.update()
        assert len(grid.topo.memo) <= limit
    assert len(grid.topo.memo) < limit  # it started afresh once full


def _problems(text: str) -> list[str]:
    """Every problem of an area given as text: validation, then cross-references, with lines."""
    try:
        area = load_text(text, "area.yaml", Area)
    except InputError as error:
        return [str(p) for p in error.problems]
    _, positions = parse(text, "area.yaml")
    return [str(Problem("area.yaml", *position(positions, path), dotted(path), message))
            for path, message in area.reference_problems()]


def test_an_unknown_substation_is_reported_at_its_line():
    text = GUYANG.read_text(encoding="utf-8")
    old = "    substation: sub-110-chengbei\n    town: jinshan\n    load_mw: 6.0"
    assert old in text
    bad = text.replace(old, old.replace("sub-110-chengbei", "sub-110-nowhere"))
    line = bad[: bad.index("sub-110-nowhere")].count("\n") + 1
    found = _problems(bad)
    assert any(p.startswith(f"area.yaml:{line}:") and "feeders.0.substation: unknown substation 'sub-110-nowhere'" in p
               for p in found), found


def test_a_negative_load_is_reported_at_its_line():
    text = GUYANG.read_text(encoding="utf-8").replace("load_mw: 6.0", "load_mw: -6.0", 1)
    line = text[: text.index("load_mw: -6.0")].count("\n") + 1
    found = _problems(text)
    assert any(p.startswith(f"area.yaml:{line}:") and "feeders.0.load_mw" in p for p in found), found


def test_load_area_locates_reference_problems_in_the_file(tmp_path):
    text = GUYANG.read_text(encoding="utf-8").replace("feeder: f-cb-01", "feeder: f-none", 1)
    path = tmp_path / "guyang.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_area(path)
    line = text[: text.index("feeder: f-none")].count("\n") + 1
    assert str(caught.value.problems[0]).startswith(f"{path}:{line}:")
