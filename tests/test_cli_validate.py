"""``python -m sim validate`` checks what ``run`` checks, and every command tells the kinds apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sim.cli import main
from sim.inputs.documents import KINDS, TELLING, content_kind, signature
from sim.inputs.yaml_source import parse

ROOT = Path(__file__).resolve().parent.parent
WINTER = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"
PLAN = ROOT / "plans" / "guyang-blackout-2023.yaml"
AREA = ROOT / "plans" / "areas" / "guyang.yaml"


def line_of(text: str, fragment: str) -> int:
    assert text.count(fragment) == 1, fragment
    return text[: text.index(fragment)].count("\n") + 1


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's plans/ with its scenarios and areas."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    return tmp_path / "plans"


def scenario_with(project: Path, old: str, new: str) -> tuple[Path, str]:
    text = WINTER.read_text(encoding="utf-8")
    assert old in text
    path = project / "scenarios" / "edited.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text.replace(old, new, 1)


def exit_and_err(capsys, *argv: str) -> tuple[int, str]:
    """The exit status and the errors, in English (each test's words; both languages are tested below)."""
    status = main([*argv, "--lang", "en"])
    return status, capsys.readouterr().err


@pytest.mark.parametrize(
    ("old", "new", "key", "path", "message"),
    [
        pytest.param("plans: [guyang-blackout-2023]", "plans: [guyang-blackout-2024]", "plans: [", "plans.0",
                     "no plan with id 'guyang-blackout-2024': looked for {project}/guyang-blackout-2024.yaml; "
                     "the YAML files there are baotou-fireworks-ban-2024.yaml, guyang-blackout-2023.yaml", id="unknown plan"),
        pytest.param("area: guyang", "area: baotou", "area: baotou", "area",
                     "no area with id 'baotou': looked for {project}/areas/baotou.yaml; the YAML files there are guyang.yaml",
                     id="unknown area"),
        pytest.param("substations: [sub-110-chengnan]", "substations: [sub-110-nowhere]", "sub-110-nowhere",
                     "injects.3.substations.0", "unknown substation 'sub-110-nowhere' in area Guyang County (typed as guyang)",
                     id="unknown substation"),
    ],
)
def test_validate_rejects_what_run_rejects_at_the_referring_key(project, capsys, old, new, key, path, message):
    file, text = scenario_with(project, old, new)
    expected = f"{file}:{line_of(text, key)}:"
    message = message.format(project=project.resolve())
    for argv in (["validate", str(file)], ["run", str(file), "--seed", "1"]):
        status, err = exit_and_err(capsys, *argv)
        assert status == 2
        assert any(line.startswith(expected) and f": {path}: {message}" in line for line in err.splitlines()), err


def test_validate_reports_each_problem_once_when_a_scenario_repeats_its_plan(project, capsys):
    plan = project / "guyang-blackout-2023.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("upper_inclusive: false", "upper_inclusive: maybe"),
                    encoding="utf-8")
    status, err = exit_and_err(capsys, "validate", str(project), str(project / "scenarios" / "winter-ice-storm.yaml"))
    assert status == 2
    assert err.count("bounds.upper_inclusive") == 1, err


def test_a_scenario_outside_the_project_is_told_by_its_content(tmp_path, capsys):
    (tmp_path / "x").mkdir()
    copy = tmp_path / "x" / "my-scenario.yaml"
    shutil.copy(WINTER, copy)
    text = copy.read_text(encoding="utf-8")
    for argv in (["validate", str(copy)], ["run", str(copy), "--seed", "1"]):
        status, err = exit_and_err(capsys, *argv)
        assert status == 2
        assert "kind" not in err
        assert (f"{copy}:{line_of(text, 'area: guyang')}:1: area: no area with id 'guyang': looked for "
                f"{tmp_path.resolve() / 'areas' / 'guyang.yaml'}; a scenario's plans are read from the folder above "
                "its own, and its area from areas/ in that folder") in err
        assert f"plans.0: no plan with id 'guyang-blackout-2023': looked for {tmp_path.resolve()}" in err


def test_a_scenario_beside_a_folder_of_many_files_names_the_first_twenty_and_counts_the_rest(tmp_path, capsys):
    (tmp_path / "scenarios").mkdir()
    for n in range(3000):  # a downloads folder of YAML
        (tmp_path / f"p{n:04}.yaml").write_text("", encoding="utf-8")
    shutil.copy(WINTER, tmp_path / "scenarios" / "mine.yaml")
    status, err = exit_and_err(capsys, "validate", str(tmp_path / "scenarios" / "mine.yaml"))
    assert status == 2
    [line] = [line for line in err.splitlines() if ": plans.0: " in line]
    first = ", ".join(f"p{n:04}.yaml" for n in range(20))
    assert line.endswith(f"the YAML files there are {first} and 2,980 more"), line[-300:]
    assert len(line) < 600


def test_a_scenario_outside_the_project_runs_when_laid_out_like_it(tmp_path, capsys):
    (tmp_path / "mine" / "scenarios").mkdir(parents=True)
    (tmp_path / "mine" / "areas").mkdir()
    shutil.copy(WINTER, tmp_path / "mine" / "scenarios" / "my-scenario.yaml")
    shutil.copy(AREA, tmp_path / "mine" / "areas")
    shutil.copy(PLAN, tmp_path / "mine")
    assert main(["validate", str(tmp_path / "mine" / "scenarios")]) == 0
    assert main(["run", str(tmp_path / "mine" / "scenarios" / "my-scenario.yaml"), "--seed", "1", "--until", "1"]) == 0


def test_an_area_and_a_plan_outside_the_project_are_told_by_their_content(tmp_path, capsys):
    shutil.copy(AREA, tmp_path / "county.yaml")
    shutil.copy(PLAN, tmp_path / "guyang-blackout-2023.yaml")
    assert main(["validate", str(tmp_path / "county.yaml"), str(tmp_path / "guyang-blackout-2023.yaml")]) == 0
    assert "2 个文件有效 · 2 files valid" in capsys.readouterr().out


def test_a_file_of_no_recognisable_kind_says_what_each_kind_has(tmp_path, capsys):
    odd = tmp_path / "odd.yaml"
    odd.write_text("id: odd\nnotes: nothing here\n", encoding="utf-8")
    status, err = exit_and_err(capsys, "validate", str(odd))
    assert status == 2
    assert (f"{odd}:1:1: cannot tell whether this is a plan, a scenario or an area (a plan has `kind:`; a scenario "
            "has `plans:` and `area:`; an area has `substations:` and `feeders:`)") in err


def test_run_on_a_plan_says_it_is_a_plan(capsys):
    status, err = exit_and_err(capsys, "run", str(PLAN), "--seed", "1")
    assert status == 2
    line = line_of(PLAN.read_text(encoding="utf-8"), "\nkind: ") + 1
    assert f"{PLAN}:{line}:1: this is a plan, not a scenario: it has `kind:`" in err
    assert "unknown key" not in err


def test_lint_on_the_scenarios_folder_says_they_are_scenarios(capsys):
    status, err = exit_and_err(capsys, "lint", str(ROOT / "plans" / "scenarios"))
    assert status == 2
    lines = err.splitlines()
    assert len(lines) == len(list((ROOT / "plans" / "scenarios").glob("*.yaml")))
    assert all("this is a scenario, not a plan: it has `plans:`, `area:`" in line for line in lines), err
    assert "kind" not in err.replace("`kind", "")


def test_a_plan_in_the_scenarios_folder_is_refused_as_a_plan(project, capsys):
    shutil.copy(PLAN, project / "scenarios" / "oops.yaml")
    status, err = exit_and_err(capsys, "validate", str(project / "scenarios" / "oops.yaml"))
    assert status == 2 and "this is a plan, not a scenario" in err


@pytest.mark.parametrize("kind", KINDS)
def test_the_telling_keys_belong_to_their_kind_alone(kind):
    assert set(TELLING[kind]) <= signature(kind)
    assert all(not signature(kind) & signature(other) for other in KINDS if other != kind)


@pytest.mark.parametrize(("path", "kind"), [(PLAN, "plan"), (WINTER, "scenario"), (AREA, "area"),
                                            (ROOT / "plans" / "guyang-fire-ban-2023.yaml", "plan")])
def test_the_content_tells_every_shipped_kind(path, kind):
    assert content_kind(parse(path.read_text(encoding="utf-8"), str(path))[0]) == kind


# A plan's id must equal its file name only where plans are found by id (a directory).
VARIANT = ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml"


@pytest.mark.parametrize("argv", [["validate"], ["lint"], ["classify", "--metric", "load_shed_pct=37",
                                                                  "--metric", "customers_out_pct=0"]],
                         ids=lambda argv: argv[0])
def test_an_edited_copy_named_on_its_own_may_have_any_name(capsys, argv):
    status = main([argv[0], str(VARIANT), *argv[1:]])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "file name stem" not in captured.err


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_in_a_directory_a_plan_id_must_equal_its_file_name(tmp_path, capsys, command):
    shutil.copy(VARIANT, tmp_path)
    status, err = exit_and_err(capsys, command, str(tmp_path))
    assert status == 2
    assert (f"{tmp_path / VARIANT.name}:11:1: id: plan id 'guyang-blackout-2023' must equal the file name stem "
            f"'{VARIANT.stem}' in a plans directory") in err


def test_a_scenario_finds_its_plan_by_id_so_there_the_name_must_match(project, capsys):
    text = PLAN.read_text(encoding="utf-8").replace("id: guyang-blackout-2023", "id: guyang-blackout-2024", 1)
    (project / "guyang-blackout-2023.yaml").write_text(text, encoding="utf-8")
    status, err = exit_and_err(capsys, "validate", str(project / "scenarios" / "winter-ice-storm.yaml"))
    assert status == 2 and "plan id 'guyang-blackout-2024' must equal the file name stem" in err


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_a_directory_without_yaml_files_is_an_error(tmp_path, capsys, command):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "hidden.yaml").write_text("id: x\n", encoding="utf-8")
    status = main([command, str(tmp_path)])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    assert captured.err == (f"{tmp_path}: 此目录中没有 *.yaml 文件（不查找子目录） · "
                            "no *.yaml files in this directory (its subdirectories are not searched)\n")


def test_help_speaks_chinese_too(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法 · usage:") and "选项 · options" in out and "显示本帮助并退出" in out


def test_a_loader_error_reads_in_the_chosen_language_with_its_place_unchanged(tmp_path, capsys):
    bad = tmp_path / "x.yaml"
    bad.write_text("id: x\nkind: response_plan\nbogus: 1\n", encoding="utf-8")
    assert main(["validate", str(bad), "--lang", "zh"]) == 2
    assert f"{bad}:3:1: bogus: 未知的键 'bogus'（此处没有这个字段；请检查拼写和缩进）" in capsys.readouterr().err
    assert main(["validate", str(bad)]) == 2
    assert f"{bad}:3:1: bogus: 未知的键 'bogus'（此处没有这个字段；请检查拼写和缩进） · unknown key 'bogus'" in capsys.readouterr().err


def test_in_chinese_the_keys_that_tell_a_scenario_from_a_plan_are_listed_with_the_chinese_list_mark(capsys):
    assert main(["lint", str(ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "这是情景，不是预案：它有 `plans:`、`area:`" in err


@pytest.mark.parametrize("language, said", [
    ("zh", "应为标识（id）：只用拉丁字母、数字和 _ . -，以字母或数字开头；中文名称写在 name: 里（实际为 '红色'）"),
    ("en", "should be an id: Latin letters, digits and _ . - only, starting with a letter or digit; a name in Chinese "
           "goes in name: (got '红色')"),
])
def test_an_id_written_in_chinese_is_told_what_an_id_may_hold_and_where_the_chinese_name_goes(tmp_path, capsys,
                                                                                             language, said):
    text = PLAN.read_text(encoding="utf-8")
    edited = text.replace("  - id: I\n", "  - id: 红色\n", 1)
    assert edited != text
    bad = tmp_path / "x.yaml"
    bad.write_text(edited, encoding="utf-8")
    assert main(["validate", str(bad), "--lang", language]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:{line_of(edited, '- id: 红色')}:5: response_levels.0.id: {said}\n" in err
    assert "[A-Za-z0-9]" not in err


def test_validating_a_library_checks_its_scenarios_and_areas_too(project, capsys):
    """A library's folder holds its plans; its scenarios and areas are in subfolders, and
    a bad scenario there must not pass as \"all files valid\"."""
    shipped = sorted(project.glob("*.yaml")) + sorted((project / "areas").glob("*.yaml")) + \
        sorted((project / "scenarios").glob("*.yaml"))
    assert main(["validate", str(project), "--lang", "en"]) == 0
    assert capsys.readouterr().out == f"{len(shipped)} files valid\n"
    path, text = scenario_with(project, "area: guyang", "area: baotou")
    status, err = exit_and_err(capsys, "validate", str(project))
    assert status == 2 and err.startswith(f"{path}:{line_of(text, 'area: baotou')}:1: area: no area with id 'baotou'")


def test_validate_of_a_folder_reports_each_problem_once_when_a_scenario_finds_the_plan_by_another_path(
        project, capsys, monkeypatch):
    """Run from inside the folder: the plan is named relative, its scenario finds it by an absolute path."""
    plan = project / "guyang-blackout-2023.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("upper_inclusive: false", "upper_inclusive: maybe"),
                    encoding="utf-8")
    monkeypatch.chdir(project)
    status, err = exit_and_err(capsys, "validate", ".")
    assert status == 2
    assert err.count("bounds.upper_inclusive") == 1, err


@pytest.mark.parametrize("language, said", [
    ("zh", "YAML 语法错误：“id”后面是全角冒号“：”，YAML 不把它读作“键: 值”：键后的冒号须为半角“:”（写作“id: ”）"),
    ("en", "YAML syntax error: 'id' is followed by the full-width colon '：', which YAML does not read as 'key: value': "
           "a key's colon must be the half-width ':' (write 'id: ')"),
])
def test_a_key_typed_with_a_full_width_colon_exits_2_at_that_colon_saying_to_type_the_half_width_one(
        tmp_path, capsys, language, said):
    text = (ROOT / "plans" / "guyang-fire-ban-2023.yaml").read_text(encoding="utf-8")
    edited = text.replace("\nid: guyang-fire-ban-2023\n", "\nid： guyang-fire-ban-2023\n", 1)
    assert edited != text
    bad = tmp_path / "guyang-fire-ban-2023.yaml"
    bad.write_text(edited, encoding="utf-8")
    assert main(["validate", str(bad), "--lang", language]) == 2
    assert capsys.readouterr().err == f"{bad}:{line_of(edited, 'id： guyang')}:3: {said}\n"


def test_a_file_that_is_one_key_typed_with_a_full_width_colon_is_told_so_not_that_its_kind_is_unknown(tmp_path, capsys):
    bad = tmp_path / "plan.yaml"
    bad.write_text("# an edited plan\nid： guyang-fire-ban-2023\n", encoding="utf-8")  # valid YAML: one text
    assert main(["validate", str(bad), "--lang", "en"]) == 2
    assert capsys.readouterr().err == (f"{bad}:2:3: 'id' is followed by the full-width colon '：', which YAML does not "
                                       "read as 'key: value': a key's colon must be the half-width ':' (write 'id: ')\n")
