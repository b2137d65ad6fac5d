"""The Case: one checked, immutable set of inputs every face starts from."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sim.engine.recorder import dumps
from sim.engine.run import run_scenario
from sim.errors import InputError
from sim.inputs import load_case, source_texts, stored_case
from sim.inputs.generator import engine_seed
from sim.inputs.loader import load_plan

ROOT = Path(__file__).resolve().parent.parent
STORM = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"
TEMPLATE = ROOT / "plans" / "scenarios" / "random-blackout.yaml"
PLAN = ROOT / "plans" / "guyang-blackout-2023.yaml"


def test_a_case_cannot_be_changed_in_place():
    case = load_case(STORM)
    with pytest.raises(dataclasses.FrozenInstanceError):
        case.scenario = None
    with pytest.raises(TypeError):
        case.plans["guyang-blackout-2023"] = None


def test_a_scenario_file_that_is_not_there_is_an_input_error_that_names_the_file():
    with pytest.raises(InputError, match=r"winter-ice-stom\.yaml: no such file"):
        load_case(STORM.with_name("winter-ice-stom.yaml"))


def test_changed_resources_and_plans_give_a_new_checked_case_and_leave_the_old_one():
    case = load_case(STORM)
    crews = next(iter(case.scenario.resources))
    fewer = case.changed(resources={crews: 0})
    assert fewer.scenario.resources[crews] == 0 and case.scenario.resources[crews] != 0
    assert case.changed() is case and case.changed(resources={crews: case.scenario.resources[crews]}) is case
    edited = case.changed(plans={"guyang-blackout-2023": load_plan(PLAN)})
    assert edited.scenario is case.scenario  # only plans changed: both arms share each draw
    with pytest.raises(InputError) as caught:
        case.changed(plans={"no-such-plan": load_plan(PLAN)})
    assert "the scenario has no plan with the id 'no-such-plan'" in str(caught.value) and str(STORM) in str(caught.value)


def test_a_case_kept_as_texts_runs_exactly_as_the_files_did():
    case = load_case(STORM)
    texts = source_texts(case)
    assert sorted(texts) == ["areas/guyang.yaml", "guyang-blackout-2023.yaml", "scenarios/winter-ice-storm.yaml"]
    assert dumps(run_scenario(*stored_case(texts), 3)) == dumps(run_scenario(*case, 3))
    broken = {**texts, "guyang-blackout-2023.yaml": texts["guyang-blackout-2023.yaml"].replace("id: guyang-blackout-2023",
                                                                                              "id: other", 1)}
    with pytest.raises(InputError, match="guyang-blackout-2023.yaml"):
        stored_case(broken)
    with pytest.raises(InputError) as caught:
        stored_case({name: text for name, text in texts.items() if not name.startswith("scenarios/")})
    assert caught.value.problems[0].message.in_language("zh") == "演练所存的输入文件中没有唯一的情景文件，无法重放该演练"


def test_replication_i_of_a_story_is_the_story_under_a_seed_of_its_own_and_of_a_template_a_new_incident():
    story = load_case(STORM, replication=3)
    draw = story.draw(7)
    assert (draw.replication, draw.seed, draw.scenario) == (3, engine_seed(7, 3), story.scenario)
    assert set(draw.facts) == {None} and draw.seed not in (7, 10)
    assert load_case(STORM).draw(7).seed == 7  # replication 0: the story under the seed as typed
    template = load_case(TEMPLATE, template=True)
    first, second = template.draw(1), template.changed(replication=1).draw(1)
    assert first.scenario.id == "random-blackout.r0" and first.facts != second.facts
    again = load_case(TEMPLATE, replication=1).draw(1)
    assert (again.replication, again.facts, again.seed) == (1, second.facts, second.seed)


def test_a_negative_replication_is_refused_when_the_case_is_built():
    with pytest.raises(InputError, match="replication -1 is negative"):
        load_case(STORM, replication=-1)
