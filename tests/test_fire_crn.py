"""Common random numbers: lifting the lockdown never means fewer fires on the same seed.

The variant is a copy of the lockdown notice with its 2023 lockdown windows removed; it
replaces the notice the way ``--plan`` does. The rule and the requirements that held in
those windows only (patrols, checkpoints, the 24-hour duty) are then in force on no day.
Every attempt draws its numbers whatever the notices make of it, so both runs see the
very same attempts; the ban can only deter, turn back or stop some of them, so every
fire of the ban run is also a fire of the lifted run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim.inputs.loader import load_area
from sim.bans import check
from sim.engine.run import run_scenario
from sim.inputs.loader import load_plan
from sim.inputs.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
NOTICE = "guyang-fire-ban-2023"
WINDOWS = {"lockdown_2023_spring", "lockdown_2023_autumn"}


def lifted(notice):
    """The notice without its lockdown windows."""
    return notice.model_copy(update={"periods": [p for p in notice.periods if p.id not in WINDOWS]})


def runs(name: str, seed: int) -> tuple[dict, dict]:
    scenario = load_scenario(ROOT / "plans" / "scenarios" / f"{name}.yaml")
    plans = {pid: load_plan(ROOT / "plans" / f"{pid}.yaml") for pid in scenario.plans}
    area = load_area(ROOT / "plans" / "areas" / "guyang.yaml")
    ban = run_scenario(scenario, plans, area, seed)
    variant = dict(plans, **{NOTICE: lifted(plans[NOTICE])})
    return ban, run_scenario(scenario, variant, area, seed)


def test_the_lifted_copy_has_no_lockdown_left():
    notice = load_plan(ROOT / "plans" / f"{NOTICE}.yaml")
    copy = lifted(notice)
    assert {p.id for p in notice.periods} - {p.id for p in copy.periods} == WINDOWS
    for day in (dt.date(2023, 3, 15), dt.date(2023, 4, 5), dt.date(2023, 11, 13)):
        before = check([notice], day, "tomb_paper_burning", "chunkunshan", 0)
        after = check([copy], day, "tomb_paper_burning", "chunkunshan", 0)
        assert before.prohibited and not after.prohibited
        assert {r.id for _, r in before.requirements} >= {"fire_patrol", "entry_permit", "leader_duty_24h"}
        # 三（二）–（七） state no dates of their own: under the heading 三 they hold in the windows only
        assert after.requirements_in_force == ()


@pytest.mark.parametrize("name, seeds", [("qingming-tomb-sweeping", (1, 2, 3)), ("grassland-fire-line-trip", (7,))])
def test_lifting_the_lockdown_never_means_fewer_fires(name, seeds):
    more = 0
    for seed in seeds:
        ban, free = runs(name, seed)
        b, f = ban["summary"]["fire"], free["summary"]["fire"]
        assert b["attempts"] == f["attempts"]  # the same people at the same places
        assert f["violations"]["by_activity"].get("tomb_paper_burning", 0) == 0
        ignited_ban = {fire["attempt"] for fire in b["fires"]["list"]}
        ignited_free = {fire["attempt"] for fire in f["fires"]["list"]}
        assert ignited_ban <= ignited_free
        assert f["fires"]["started"] >= b["fires"]["started"]
        more += f["fires"]["started"] - b["fires"]["started"]
    if name == "qingming-tomb-sweeping":
        assert more > 0, "over these seeds the lockdown prevents at least one fire"
