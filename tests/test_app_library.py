"""The app reads a county's own library of plans, scenarios and areas, named by ``TUIYAN_PLANS``.

A county that encodes its plan keeps its files in a folder laid out as ``plans/`` is (plans
at the top, ``scenarios/`` and ``areas/`` beneath) and points the app at it, with no code
change; the example plans of other governments are such a folder.
"""

from __future__ import annotations

import os
from pathlib import Path


from app_pages import app, page
from sim.inputs.layout import LIBRARY_ENV
from sim.inputs.loader import load_scenario
from sim.ui.run_page import LAST

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "plans" / "examples"
THUNDERSTORM = load_scenario(EXAMPLES / "scenarios" / "liangshan-thunderstorm.yaml")
EXAMPLE_TITLES = [load_scenario(path).title.zh for path in sorted((EXAMPLES / "scenarios").glob("*.yaml"))]
COUNTY_TITLES = [load_scenario(path).title.zh for path in sorted((ROOT / "plans" / "scenarios").glob("*.yaml"))]


def test_the_run_page_lists_and_runs_the_scenarios_of_the_library_the_variable_names(monkeypatch):
    monkeypatch.setenv(LIBRARY_ENV, str(EXAMPLES))
    at = page("run")
    options = at.selectbox(key="run.scenario").options
    assert any(option.startswith(THUNDERSTORM.title.zh) for option in options)
    assert not any("固阳" in option for option in options)
    at.selectbox(key="run.scenario").set_value("liangshan-thunderstorm")
    at.button(key="run.go").click().run()
    assert not at.exception
    held = at.session_state[LAST]
    assert held["scenario"] == THUNDERSTORM
    assert held["result"]["summary"]["max_severity"] == "major"


def test_the_plans_page_shows_the_plans_of_the_library_the_variable_names(monkeypatch):
    monkeypatch.setenv(LIBRARY_ENV, str(EXAMPLES))
    options = app().selectbox(key="plans.plan").options
    assert any(option.startswith("梁山县大面积停电事件应急预案") for option in options)
    assert not any(option.startswith("固阳县") for option in options)


def test_a_library_without_scenarios_says_which_folder_it_looked_in(monkeypatch, tmp_path):
    monkeypatch.setenv(LIBRARY_ENV, str(tmp_path))
    at = page("run")
    assert str(tmp_path / "scenarios") in at.info[0].value
    assert "plans/scenarios/" not in at.info[0].value


def test_a_library_without_plans_says_which_folder_it_looked_in(monkeypatch, tmp_path):
    monkeypatch.setenv(LIBRARY_ENV, str(tmp_path))
    message = app().info[0].value
    assert str(tmp_path) in message
    assert not message.startswith("plans/")  # not the shipped folder it named before


def places(options: list[str]) -> list[str]:
    """Which library each offered scenario comes from, in the order offered."""
    return ["example" if any(option.startswith(title) for title in EXAMPLE_TITLES) else
            "county" if any(option.startswith(title) for title in COUNTY_TITLES) else "?" for option in options]


def test_several_libraries_joined_by_the_path_separator_are_listed_in_the_order_named(monkeypatch):
    monkeypatch.setenv(LIBRARY_ENV, os.pathsep.join([str(EXAMPLES), str(ROOT / "plans")]))
    found = places(page("run").selectbox(key="run.scenario").options)
    assert found == ["example"] * len(EXAMPLE_TITLES) + ["county"] * len(COUNTY_TITLES)


def test_the_libraries_looked_in_are_all_named_when_none_holds_a_scenario(monkeypatch, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    monkeypatch.setenv(LIBRARY_ENV, os.pathsep.join([str(first), str(second)]))
    message = page("run").info[0].value
    assert str(first / "scenarios") in message and str(second / "scenarios") in message


def test_without_the_variable_the_pages_offer_the_countys_scenarios_then_the_examples(monkeypatch):
    monkeypatch.delenv(LIBRARY_ENV, raising=False)
    found = places(page("run").selectbox(key="run.scenario").options)
    assert found == ["county"] * len(COUNTY_TITLES) + ["example"] * len(EXAMPLE_TITLES)


def test_a_plan_of_the_same_id_in_a_later_library_is_reported_at_its_id_and_the_first_is_read(monkeypatch, tmp_path):
    import shutil

    first, second = tmp_path / "ours", tmp_path / "theirs"
    for library in (first, second):
        (library / "scenarios").mkdir(parents=True)
        shutil.copy(EXAMPLES / "liangshan-blackout-2023.yaml", library)
    copy = second / "liangshan-blackout-2023.yaml"
    copy.write_text(copy.read_text(encoding="utf-8").replace("梁山县大面积停电事件应急预案\n", "别的标题\n", 1),
                    encoding="utf-8")
    monkeypatch.setenv(LIBRARY_ENV, os.pathsep.join([str(first), str(second)]))
    at = app()
    assert at.selectbox(key="plans.plan").options == ["梁山县大面积停电事件应急预案 · Liangshan County Large-Area Blackout Emergency Plan"]
    line = next(i for i, text in enumerate(copy.read_text(encoding="utf-8").splitlines(), start=1) if text.startswith("id:"))
    [said] = [e.value for e in at.error]
    assert f"liangshan-blackout-2023.yaml:{line}:" in said and "已有同一标识 'liangshan-blackout-2023'" in said
