"""A Case's cross-reference errors read in the reader's language: Chinese under ``--lang zh``,
English under ``--lang en``, each at ``FILE:LINE:COL: path:``, and every one from the catalogue;
a plan's own cross-reference errors name the choices the same way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from project_fixtures import edited, project  # noqa: F401  (project is a fixture)

from sim.cli import main
from sim.errors import InputError
from sim.inputs import load_case
from sim.inputs.area import Area
from sim.inputs.loader import load_plan
from sim.inputs.case import _checked
from sim.inputs.loader import load_text
from sim.messages import MESSAGES, Message
from sim.plan import PLAN_ADAPTER

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "sim" / "inputs"
#: The modules whose checks a Case runs once its files are loaded, a plan's own checks, and
#: the words they share.
CHECKS = tuple(INPUTS / name for name in ("case.py", "scenario.py", "area.py", "fire_ban_references.py",
                                          "template.py", "conditions.py")) + (ROOT / "sim" / "references.py", ROOT / "sim" / "findings.py")


def errors(capsys, file: Path, language: str) -> tuple[int, str]:
    status = main(["run", str(file), "--seed", "1", "--lang", language])
    return status, capsys.readouterr().err


# (scenario, the text changed, what it becomes, the path of the finding, its start in Chinese, in English)
CASES = [
    pytest.param("winter-ice-storm", "area: guyang", "area: nowhere", "area",
                 "没有标识为 'nowhere' 的区域：查找的是 ", "no area with id 'nowhere': looked for ", id="unknown area"),
    pytest.param("winter-ice-storm", "plans: [guyang-blackout-2023]", "plans: [guyang-blackout-2099]", "plans.0",
                 "没有标识为 'guyang-blackout-2099' 的预案：查找的是 ", "no plan with id 'guyang-blackout-2099': looked for ",
                 id="unknown plan"),
    pytest.param("winter-ice-storm", "  repair_crew: 6", "  repair_crews: 6", "resources.repair_crews",
                 "未知的资源 'repair_crews'（已定义：", "unknown resource 'repair_crews' (defined: ", id="unknown resource"),
    pytest.param("winter-ice-storm", "cleared_by: public_security.traffic", "cleared_by: public_security.tea",
                 "injects.5.cleared_by", "未知的职责 'public_security.tea'（情景的预案都没有定义它）",
                 "unknown duty 'public_security.tea' (no plan of the scenario defines it)", id="unknown duty"),
    pytest.param("drill-chengnan-storm", "    actions: [report]\n", "    actions: [report]\n    units: [power_companie]\n",
                 "objectives.1.units.0", "未知的单位 'power_companie'（已定义：", "unknown unit 'power_companie' (defined: ",
                 id="unknown unit"),
    pytest.param("grassland-fire-line-trip", "zone: ecological_redline", "zone: nowhere", "fire_ban.places.1.zone",
                 "未知的区域 'nowhere'（已定义：", "unknown zone 'nowhere' (defined: ", id="unknown fire-ban zone"),
]


@pytest.mark.parametrize(("scenario", "old", "new", "path", "zh", "en"), CASES)
def test_a_cross_reference_error_reads_in_chinese_under_lang_zh_and_in_english_under_lang_en(
        project, capsys, scenario, old, new, path, zh, en):
    file = project / "scenarios" / f"{scenario}.yaml"
    line = edited(file, old, new)
    for language, start in (("zh", zh), ("en", en)):
        status, err = errors(capsys, file, language)
        assert status == 2 and "Traceback" not in err
        (found,) = [row for row in err.splitlines() if row.startswith(f"{file}:{line}:")]
        where, at, message = found.split(": ", 2)
        assert where.removeprefix(f"{file}:{line}:").isdigit()  # FILE:LINE:COL
        assert at.startswith(path) and message.startswith(start), found
        assert " · " not in found  # the one language chosen


def test_the_zones_a_misspelt_zone_could_have_meant_are_named_as_people_read_them_with_their_ids(project, capsys):
    file = project / "scenarios" / "grassland-fire-line-trip.yaml"
    edited(file, "zone: ecological_redline", "zone: nowhere")
    _, zh = errors(capsys, file, "zh")
    _, en = errors(capsys, file, "en")
    assert "生态红线区（键入 ecological_redline）" in zh
    assert "Ecological red-line areas (typed as ecological_redline)" in en


def test_an_error_in_the_area_file_a_case_checks_is_said_at_its_line_in_the_readers_language(project, capsys):
    area = project / "areas" / "guyang.yaml"
    text = area.read_text(encoding="utf-8")
    old = "substation: sub-110-chengbei"
    line = text[: text.index(old)].count("\n") + 1
    area.write_text(text.replace(old, "substation: sub-110-nowhere", 1), encoding="utf-8")
    file = project / "scenarios" / "winter-ice-storm.yaml"
    for language, start in (("zh", "未知的变电站 'sub-110-nowhere'（已定义："),
                            ("en", "unknown substation 'sub-110-nowhere' (defined: ")):
        status, err = errors(capsys, file, language)
        assert status == 2
        assert any(row.startswith(f"{area}:{line}:") and f"substation: {start}" in row for row in err.splitlines()), err


def test_every_finding_of_a_broken_case_is_a_catalogue_message_in_both_languages(project):
    """A scenario with many wrong references at once: each finding is a catalogue entry,
    not English text, and its Chinese is not its English."""
    file = project / "scenarios" / "grassland-fire-line-trip.yaml"
    for old, new in (("zone: ecological_redline", "zone: nowhere"), ("to: [county_fire_hq_office,", "to: [nobody,"),
                     ("requirement: leaders_on_scene", "requirement: leaders_at_home"),
                     ("{corridor: corridor-110-huaishuo,", "{corridor: corridor-999,")):
        edited(file, old, new)
    with pytest.raises(InputError) as caught:
        load_case(file)
    problems = caught.value.problems
    assert len(problems) >= 4
    for problem in problems:
        assert isinstance(problem.message, Message) and problem.message.key in MESSAGES
        assert problem.message.zh != problem.message.en


def test_an_area_whose_id_differs_from_the_scenarios_is_named_in_both_languages(project):
    scenario = load_case(project / "scenarios" / "winter-ice-storm.yaml")
    area = load_text((project / "areas" / "guyang.yaml").read_text(encoding="utf-8").replace("id: guyang", "id: elsewhere", 1),
                     "guyang.yaml", Area, "area")
    with pytest.raises(InputError) as caught:
        _checked(scenario.scenario, dict(scenario.plans), area, scenario.source)
    (message,) = [p.message for p in caught.value.problems if p.path == "area"]
    assert message.zh == "区域文件的标识是 'elsewhere'（固阳县），不是 'guyang'"
    assert message.en == "the area file's id is 'elsewhere' (Guyang County), not 'guyang'"


def plan_findings(file: str, old: str, new: str) -> list[Message]:
    """What the plan ``file`` (under plans/) is told, with the first ``old`` replaced by ``new``."""
    text = (ROOT / "plans" / file).read_text(encoding="utf-8")
    assert old in text, old
    with pytest.raises(InputError) as caught:
        load_text(text.replace(old, new, 1), Path(file).name, PLAN_ADAPTER, "plan")
    return [problem.message for problem in caught.value.problems]


def test_a_plan_naming_a_unit_it_does_not_define_is_told_its_units_by_name_with_the_ids_to_type():
    (message,) = plan_findings("guyang-blackout-2023.yaml", "commanders: [county_government]", "commanders: [county_govt]")
    assert message.key == "ref.unknown"
    assert message.zh.startswith("未知的单位 'county_govt'（已定义：") and "固阳县人民政府（键入 county_government）；" in message.zh
    assert message.en.startswith("unknown unit 'county_govt' (defined: ")
    assert "Guyang County People's Government (typed as county_government); " in message.en


def test_a_misspelt_grid_scope_is_told_the_plans_scopes_by_name_with_the_ids_to_type():
    (message,) = plan_findings("examples/national-blackout-2015.yaml", "- grid: regional", "- grid: regionl")
    assert message.zh.startswith("未知的电网范围 'regionl'（预案的 grid_scope 取值：")
    assert "区域性电网（键入 regional）" in message.zh and "县级市电网（键入 county_city）" in message.zh
    assert "Regional grid (typed as regional)" in message.en and "County-level city's grid (typed as county_city)" in message.en


def test_a_misspelt_context_value_is_told_the_context_and_its_values_by_name():
    (message,) = plan_findings("guyang-blackout-2023.yaml", "        in: [significant]", "        in: [signifcant]")
    assert message.zh == "未知的对社会的影响（键入 social_impact）的取值 'signifcant'（已定义：较大影响（键入 significant））"
    assert message.en == ("unknown value of Impact on society (typed as social_impact) 'signifcant' "
                          "(defined: Significant (typed as significant))")


def test_a_misspelt_context_is_told_the_plans_contexts_by_name():
    (message,) = plan_findings("guyang-blackout-2023.yaml", "      - context: social_impact", "      - context: social_impacts")
    assert message.zh == "未知的情形 'social_impacts'（预案的情形：对社会的影响（键入 social_impact））"
    assert message.en == "unknown context 'social_impacts' (the plan's contexts: Impact on society (typed as social_impact))"


def test_the_levels_a_misspelt_level_could_have_meant_are_listed_in_the_plan_s_order_not_by_their_ids():
    (message,) = plan_findings("guyang-blackout-2023.yaml", "    severity: serious\n", "    severity: grave\n")
    names = {level.id: level.name.en for level in load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml").severity_levels}
    assert message.en == ("unknown severity level 'grave' (defined: "
                          + "; ".join(f"{name} (typed as {level})" for level, name in names.items()) + ")")
    assert list(names) == ["major", "serious", "general"]  # not general, major, serious


def test_a_duplicate_id_in_a_ban_notice_names_the_kind_of_thing_in_each_language():
    (message,) = plan_findings("guyang-fire-ban-2023.yaml", "  - id: outdoor_smoking", "  - id: outdoor_fire_use")
    assert message.zh == "活动编号 'outdoor_fire_use' 重复：已在 activities.0 处给出"
    assert message.en == "duplicate activity id 'outdoor_fire_use': already given at activities.0"


@pytest.mark.parametrize("file, old, new, where, said", [
    ("guyang-blackout-2023.yaml", "  - id: II\n", "  - id: I\n", "response_levels.1.id",
     "duplicate response level id 'I': already given at response_levels.0"),
    ("guyang-blackout-2023.yaml", "  - id: serious\n", "  - id: major\n", "severity_levels.1.id",
     "duplicate severity level id 'major': already given at severity_levels.0"),
])
def test_an_id_given_twice_is_refused_where_it_is_given_again_naming_where_it_was_given_first(file, old, new, where,
                                                                                             said):
    text = (ROOT / "plans" / file).read_text(encoding="utf-8")
    assert old in text, old
    with pytest.raises(InputError) as caught:
        load_text(text.replace(old, new, 1), Path(file).name, PLAN_ADAPTER, "plan")
    assert [(p.path, p.message.en) for p in caught.value.problems if p.path == where] == [(where, said)]


def _findings_in_english(path: Path) -> list[str]:
    """Findings a module yields or appends as text: a ``(path, message)`` tuple whose message
    is a string literal or an f-string rather than a catalogue entry."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        pairs = []
        if isinstance(node, (ast.Yield, ast.YieldFrom)) and isinstance(node.value, ast.Tuple):
            pairs.append(node.value)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "append" and node.args \
                and isinstance(node.args[0], ast.Tuple):
            pairs.append(node.args[0])
        for pair in pairs:
            for element in pair.elts[1:]:
                texts = [n for n in ast.walk(element) if isinstance(n, ast.JoinedStr)
                         or (isinstance(n, ast.Constant) and isinstance(n.value, str) and " " in n.value)]
                if texts and not (isinstance(element, ast.Call) and getattr(element.func, "id", "") == "Message"):
                    found.append(f"{path.name}:{pair.lineno}")
    return found


def test_no_finding_of_a_case_check_is_english_text_instead_of_a_catalogue_entry():
    assert [hit for path in CHECKS for hit in _findings_in_english(path)] == []


def test_the_english_text_check_sees_an_f_string_finding(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('def f(x):\n    yield ("a",), f"unknown {x!r}"\n    found.append((("b",), "no such thing"))\n',
                      encoding="utf-8")
    assert _findings_in_english(module) == ["m.py:2", "m.py:3"]


def test_the_run_page_says_a_cross_reference_error_of_an_uploaded_plan_in_the_language_chosen():
    from app_pages import page

    plan = (ROOT / "plans" / "guyang-blackout-2023.yaml").read_text(encoding="utf-8")
    assert plan.count("- id: public_security.traffic\n") == 1
    renamed = plan.replace("- id: public_security.traffic\n", "- id: public_security.traffic_control\n")
    at = page("run")
    at.selectbox(key="run.scenario").set_value("winter-ice-storm")
    at.file_uploader(key="run.upload").set_value(("mine.yaml", renamed.encode("utf-8"), "application/x-yaml")).run()
    for language, said in (("zh", ": injects.5.cleared_by: 未知的职责 'public_security.traffic'（情景的预案都没有定义它）"),
                           ("en", ": injects.5.cleared_by: unknown duty 'public_security.traffic' "
                                  "(no plan of the scenario defines it)")):
        at.sidebar.radio(key="lang").set_value(language).run()
        assert not at.exception and at.button(key="run.go").disabled  # said at once; Run waits for a fix
        shown = at.error[0].value
        assert "winter-ice-storm.yaml:" in shown and said in shown, shown


@pytest.mark.parametrize(("old", "new"), [
    ("sets: [city_headquarters_formed]", "sets: [city_headquarters_formd]"),
    ("requires: [city_headquarters_formed]", "requires: [city_headquarters_formd]"),
])
def test_a_condition_a_request_sets_or_a_duty_requires_must_be_one_the_plan_names(old, new):
    """A misspelt condition would leave what requires it waiting for ever, and the request setting nothing."""
    (message,) = plan_findings("guyang-blackout-2023.yaml", old, new)
    assert message.key == "ref.unnamed_condition"
    assert message.en.startswith("incident condition 'city_headquarters_formd' has no name")
    assert "市指挥部已成立" in message.zh or "city_headquarters_formed" in message.zh


def test_a_warning_lift_that_tells_a_unit_the_plan_does_not_define_is_told_so_at_that_unit():
    text = (ROOT / "plans" / "guyang-blackout-2023.yaml").read_text(encoding="utf-8")
    old = "  lift:\n    id: warning.lift\n    unit: industry_tech\n    notify: [public, power_company"
    assert old in text
    with pytest.raises(InputError) as caught:
        load_text(text.replace(old, old.replace("power_company", "power_companie"), 1),
                  "guyang-blackout-2023.yaml", PLAN_ADAPTER, "plan")
    (problem,) = caught.value.problems
    assert problem.path == "warning.lift.notify.1"
    assert problem.message.en.startswith("unknown unit 'power_companie' (defined: ")
