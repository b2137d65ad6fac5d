"""A plan's levels by the names it gives them: one pair of functions that every face calls."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.inputs.loader import load_plan
from sim.report import level_name, severity_name

ROOT = Path(__file__).resolve().parent.parent
SIM = ROOT / "sim"


@pytest.fixture(scope="module")
def plan():
    return load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")


def test_a_level_reads_by_its_plans_name_from_one_plan_a_list_or_a_case_of_plans(plan):
    for plans in (plan, [plan], {plan.id: plan}):
        assert level_name(plans, "III", "zh") == "Ⅲ级应急响应" and level_name(plans, "III", "en") == "Level III response"
        assert severity_name(plans, "general", "zh") == "一般大面积停电事件"


def test_no_level_reads_as_the_faces_own_word_and_an_id_no_plan_knows_as_itself(plan):
    assert level_name(plan, None, "zh") == severity_name(plan, None, "en") == "—"
    assert level_name(plan, None, "en", "no response") == "no response"
    assert level_name(plan, "V", "zh") == "V" and level_name(None, "III", "zh") == "III"


def test_a_severity_level_and_a_response_level_with_the_same_id_each_read_as_what_they_are(plan):
    same = plan.model_copy(update={"severity_levels": [
        level.model_copy(update={"id": response.id}) for level, response in zip(plan.severity_levels, plan.response_levels)]})
    assert severity_name(same, "I", "zh") == "重大大面积停电事件" and level_name(same, "I", "zh") == "Ⅰ级应急响应"


def test_no_face_looks_up_a_level_name_of_its_own():
    own = sorted(f"{p.relative_to(SIM).as_posix()}: {name}" for p in SIM.rglob("*.py")
                 for name in re.findall(r"^\s*def (_?(?:level|severity)_names?)\(", p.read_text(encoding="utf-8"), re.M))
    assert own == ["report.py: _level_name", "report.py: level_name", "report.py: severity_name"]
