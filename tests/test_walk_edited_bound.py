"""A class reading an edited plan's run in the Walk-through must see which number is not the
plan's: the quote beside a band that held is the published plan's words, and a bound the edit
moved says so, with the published plan's bound beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.engine.run import run_scenario
from sim.inputs import load_case
from sim.ui.runs import held_run
from sim.ui.walk import entry_grounds, ground_lines, published_of
from sim.ui.walk_handout import handout_html
from sim.ui import data

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "plans" / "scenarios" / "random-blackout.yaml"
#: the blackout plan with the Level II load-shed bound lowered from 40 % to 35 %
VARIANT = ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml"
#: a replication of seed 1 that the lowered bound takes from Level III to Level II
REPLICATION, SEED = 39, 1


def walked(plan_files=()) -> tuple[dict, dict]:
    case = load_case(TEMPLATE, plan_files, replication=REPLICATION)
    draw = case.draw(SEED)
    result = run_scenario(draw.scenario, case.plans, case.area, draw.seed, observe=True)
    run = held_run(case, SEED, result)
    declared = next(e for e in result["events"] if e["action"] == "declare_response")
    return run, declared


def met_lines(run: dict, declared: dict, language: str) -> list[str]:
    plan = run["plans"][declared["plan"]]
    published = published_of(run, plan, data.plans().items)
    return [words for kind, ground in entry_grounds(run, declared)
            for label, words in ground_lines(kind, ground, plan, language, published=published)[1:]]


@pytest.fixture(scope="module")
def edited():
    return walked([VARIANT])


@pytest.mark.parametrize("language, note", [
    ("zh", "已修改，发布的预案为 ∈ [40 %, 60 %)"),
    ("en", "edited; the published plan says ∈ [40 %, 60 %)"),
])
def test_a_bound_the_edit_moved_says_so_with_the_published_plans_bound_beside_the_quote(edited, language, note):
    run, declared = edited
    assert declared["to"] == "II"
    (line,) = [words for words in met_lines(run, declared, language) if "∈ [35 %, 60 %)" in words]
    assert note in line and "40%以上 60%以下" in line  # the quote stays the gazette's


def test_the_published_plans_own_run_says_nothing_of_an_edit():
    run, declared = walked()
    plan = run["plans"][declared["plan"]]
    assert published_of(run, plan, data.plans().items) is None
    assert not any("已修改" in words for words in met_lines(run, declared, "zh"))


def test_the_handout_of_an_edited_run_carries_the_published_bound_too(edited):
    run, declared = edited
    page = handout_html(run, [declared], "en")
    assert "edited; the published plan says ∈ [40 %, 60 %)" in page
