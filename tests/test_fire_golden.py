"""Golden summaries of the three fire-ban scenarios at seed 7.

A change in the plans, the area, the scenarios, the fire model or the engine that moves
any figure of a summary shows here as a diff against ``tests/golden/<scenario>-seed7.summary.json``.
When the change is intended, rewrite them with ``TUIYAN_UPDATE_GOLDEN=1 pytest
tests/test_fire_golden.py`` and review the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sim.engine.recorder import dumps
from sim.engine.run import run_scenario
from sim.inputs import load_case

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SCENARIOS = ["qingming-tomb-sweeping", "spring-festival-fireworks", "grassland-fire-line-trip"]


def result_of(name: str, seed: int = 7) -> dict:
    scenario, plans, area = load_case(ROOT / "plans" / "scenarios" / f"{name}.yaml")
    return run_scenario(scenario, plans, area, seed)


@pytest.mark.parametrize("name", SCENARIOS)
def test_summary_matches_the_golden_file(name):
    text = dumps(result_of(name)["summary"], indent=1) + "\n"
    path = GOLDEN / f"{name}-seed7.summary.json"
    if os.environ.get("TUIYAN_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_same_seed_gives_the_same_bytes(name):
    assert dumps(result_of(name)) == dumps(result_of(name))


def test_the_golden_stories():
    """What each golden file says, in words a trainer would check."""
    qingming, festival, grassland = (json.loads((GOLDEN / f"{n}-seed7.summary.json").read_text(encoding="utf-8"))["fire"]
                                     for n in SCENARIOS)
    # 清明: violations in the zones and in the 500 m band, straw burning beyond the band (county-wide ban),
    # and paper burnt beyond the band is legal
    zones = qingming["violations"]["by_activity_zone"]
    assert set(zones) == {"barbecue", "outdoor_smoking", "ridge_burning", "straw_burning", "tomb_paper_burning"}
    assert zones["tomb_paper_burning"].keys() == {"ecological_redline", "grassland_subsidy_area"}
    assert set(qingming["legal"]) == {"tomb_paper_burning"}
    places = qingming["violations"]["by_place"]
    assert places["subsidy-graves"] > 0 and places["redline-edge-graves"] > 0  # inside, and within 500 m
    assert "village-graves" not in places  # 0.5–2 km out: burning paper there breaks no notice
    assert places["farmland-outside"] > 0  # but burning straw does, anywhere in the county
    serious = qingming["fines"]["by_penalty"]["guyang-straw-burning-ban-2023/serious_case_fine"]
    assert 500 * serious["count"] <= serious["yuan"] <= 2000 * serious["count"]  # 四: 500元以上2000元以下
    # Spring Festival: only inside Baotou's two zones, stopped by the units item 26 names
    assert set(festival["violations"]["by_zone"]) == {"baotou_central_districts", "tuyou_salaqi_goumen"}
    assert set(festival["caught"]["by_unit"]) == {"city_urban_management", "district_governments"}
    assert set(festival["caught"]["by_duty"]) == {"city_urban_management/act_against_fireworks_and_bonfires",
                                                  "district_governments/organise_implementation"}
    assert festival["fines"]["count"] == 0  # the notice states no penalty
    assert festival["patrol_hours"]["by_patrol"]["town-fire-patrols"] == 0  # no Guyang lockdown in 2025
    # the drill: one major fire that reached the park's corridor
    (fire,) = [f for f in grassland["fires"]["list"] if f["corridors"]]
    assert fire["corridors"] == ["corridor-110-park"] and fire["major_h"] is not None
