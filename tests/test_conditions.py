"""Every incident condition a case can set, or a plan can require, has a name people read.

A condition named nowhere is nearly always a typo (``weather_disater``) that would make
nothing happen — a duty that never starts, a measure never activated — so it is refused
where it is written, in the reader's language; and the Walk-through shows the conditions
present at a moment by their names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from project_fixtures import edited, project  # noqa: F401  (project is a fixture)

from sim.cli import main
from sim.errors import InputError
from sim.event_kinds import ENGINE_CONDITIONS
from sim.inputs import load_case
from sim.inputs.case import source_texts, stored_case
from sim.inputs.conditions import named, set_by
from sim.inputs.layout import scenario_file
from sim.inputs.loader import load_text
from sim.messages import pick
from sim.plan import PLAN_ADAPTER
from sim.report import names_from

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "plans" / "scenarios").glob("*.yaml")) + sorted(
    (ROOT / "plans" / "examples" / "scenarios").glob("*.yaml"))


def refused(capsys, file: Path, language: str) -> list[str]:
    """The error lines ``run`` prints for ``file`` in ``language`` (it must refuse it with exit 2)."""
    status = main(["run", str(file), "--seed", "1", "--lang", language])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    return err.splitlines()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_condition_a_shipped_scenario_can_set_has_a_name_in_both_languages(path):
    case = load_case(path)
    names = names_from(case.plans, case.area, case.scenario).of("condition")
    for where, condition in set_by(case.scenario, case.area):
        assert condition in names, (where, condition)
        assert all(pick(names[condition], language) not in ("", condition) for language in ("zh", "en"))


def test_a_hazard_setting_a_misspelt_condition_is_refused_at_its_line_in_the_readers_language(project, capsys):
    file = project / "scenarios" / "winter-ice-storm.yaml"
    line = edited(file, "    conditions: [weather_disaster]\n", "    conditions: [weather_disater]\n")
    for language, start in (("zh", "injects.1.conditions.0: 事件条件 'weather_disater' 没有名称："),
                            ("en", "injects.1.conditions.0: incident condition 'weather_disater' has no name: ")):
        rows = [row for row in refused(capsys, file, language) if row.startswith(f"{file}:{line}:")]
        assert rows and rows[0].split(": ", 1)[1].startswith(start), rows
    # the conditions that are named are offered by their names, with the ids to type
    (row,) = [row for row in refused(capsys, file, "zh") if "weather_disater" in row]
    assert "气象灾害（键入 weather_disaster）" in row


def test_the_same_condition_correctly_spelt_runs(project, capsys):
    file = project / "scenarios" / "winter-ice-storm.yaml"
    assert main(["run", str(file), "--seed", "1", "--lang", "en"]) == 0
    capsys.readouterr()


def test_a_key_user_outage_condition_named_nowhere_is_refused_at_the_areas_line(project, capsys):
    area = project / "areas" / "guyang.yaml"
    line = edited(area, "    outage_conditions: [water_outage]\n", "    outage_conditions: [water_cut]\n")
    rows = refused(capsys, project / "scenarios" / "winter-ice-storm.yaml", "en")
    assert any(row.startswith(f"{area}:{line}:") and "key_users." in row and "'water_cut' has no name" in row
               for row in rows), rows


def test_a_condition_the_area_names_itself_needs_no_name_in_any_plan(project, capsys):
    """Both sides: the area's own ``conditions`` name telecom_outage; without that entry the
    same area is refused."""
    file = project / "scenarios" / "winter-ice-storm.yaml"
    assert main(["run", str(file), "--seed", "1", "--lang", "en"]) == 0
    capsys.readouterr()
    edited(project / "areas" / "guyang.yaml", "  - {id: telecom_outage, name: {zh: 通信中断, en: Telecom outage}}\n", "")
    assert any("'telecom_outage' has no name" in row for row in refused(capsys, file, "en"))


def test_a_template_weather_setting_a_condition_named_nowhere_is_refused_in_the_template(project, capsys):
    file = project / "scenarios" / "random-blackout.yaml"
    line = edited(file, "      conditions: [weather_disaster]\n", "      conditions: [blizzard]\n")
    rows = refused(capsys, file, "en")
    assert any(row.startswith(f"{file}:{line}:") and ": template.weather." in row and "'blizzard' has no name" in row
               for row in rows), rows


def plan_problems(old: str, new: str) -> list[str]:
    text = (ROOT / "plans" / "guyang-blackout-2023.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    with pytest.raises(InputError) as caught:
        load_text(text.replace(old, new), "plan.yaml", PLAN_ADAPTER, "plan")
    return [str(problem) for problem in caught.value.problems]


def test_a_duty_requiring_a_condition_its_plan_does_not_name_is_refused_at_the_requirement():
    problems = plan_problems('requires: [traffic_jam]}', 'requires: [traffic_jams]}')
    assert any(": units." in p and ".trigger.requires.0: incident condition 'traffic_jams' has no name" in p
               for p in problems), problems


def test_a_plan_that_no_longer_names_a_condition_it_requires_is_refused():
    problems = plan_problems("  - {id: traffic_jam, name: {zh: 交通拥堵, en: Traffic congestion}}\n", "")
    assert any("'traffic_jam' has no name" in p for p in problems), problems


def test_the_heating_season_needs_no_name_in_a_plan_as_the_engine_sets_and_names_it():
    text = (ROOT / "plans" / "guyang-blackout-2023.yaml").read_text(encoding="utf-8")
    old = "  - {id: heating_season, name: {zh: 采暖期, en: Heating season}}\n"
    assert "heating_season" in ENGINE_CONDITIONS and old in text and "requires: [heating_season]" in text
    plan = load_text(text.replace(old, ""), "plan.yaml", PLAN_ADAPTER, "plan")
    assert "heating_season" not in {c.id for c in plan.conditions}
    assert names_from([plan]).of("condition")["heating_season"] == {"zh": "采暖期", "en": "Heating season"}


def test_a_plans_name_for_a_condition_comes_before_the_areas():
    case = load_case(scenario_file("winter-ice-storm"))
    found = named(case.plans, case.scenario, case.area)
    assert found["water_outage"].name.zh == "停水"  # the plan's
    assert found["telecom_outage"].name.en == "Telecom outage"  # the area's


def test_a_drill_stored_before_conditions_needed_names_still_replays():
    """A drill keeps the texts of its inputs; one stored with an area that did not yet name
    its key users' conditions is not refused later (a name changes nothing that runs)."""
    texts = source_texts(load_case(scenario_file("winter-ice-storm")))
    (area,) = [name for name in texts if name.startswith("areas/")]
    names = "  - {id: telecom_outage, name: {zh: 通信中断, en: Telecom outage}}\n"
    assert names in texts[area]
    case = stored_case({**texts, area: texts[area].replace(names, "")})
    assert "telecom_outage" not in {c.id for c in case.area.conditions}
    assert case.scenario.id == "winter-ice-storm"
