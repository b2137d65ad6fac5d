"""A planner's resource question on the command line, as the What-if page's resource fields ask it:
`compare --resource ID=N` runs the edited count against the scenario's on common random numbers, and
the replication a comparison names opens with the command it prints."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = str(ROOT / "plans" / "scenarios" / "random-blackout.yaml")
VARIANT = str(ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml")


def status_of(*argv: str) -> int:
    try:
        return main([*argv, "--no-progress"] if argv[0] == "compare" else list(argv))
    except SystemExit as exit_:
        return exit_.code


def compare_json(capsys, *more: str) -> dict:
    assert status_of("compare", TEMPLATE, "--runs", "40", "--seed", "11", "--json", *more) == 0
    return json.loads(capsys.readouterr().out)


def test_a_comparison_of_a_resource_count_alone_runs_the_scenarios_count_against_the_edited_one(capsys):
    report = compare_json(capsys, "--resource", "repair_crew=2")
    assert report["run"]["resources"] == [{"resource": "repair_crew", "baseline": 6, "variant": 2}]
    assert report["run"]["variant_file"] is None
    assert report["changed_count"] > 0  # fewer crews: longer restorations, more unit-hours
    unit_hours = next(m for m in report["measures"] if m["measure"] == "unit_hours")
    assert unit_hours["mean"] > 0


def test_the_comparison_table_names_the_changed_resource_and_its_counts_in_the_readers_language(capsys):
    assert status_of("compare", TEMPLATE, "--runs", "5", "--seed", "11", "--resource", "repair_crew=2",
                     "--lang", "zh") == 0
    out = capsys.readouterr().out
    assert "  资源数量：电力抢修应急专业队伍：6 → 2\n" in out
    assert "repair_crew" not in out.split("打开第一次改变的重复")[0]  # the id only in the command to type


def test_the_command_a_comparison_prints_to_open_a_changed_replication_runs_its_edited_arm(capsys, tmp_path):
    report = compare_json(capsys, "--variant", VARIANT, "--resource", "repair_crew=4")
    first = report["changed"][0]
    words = shlex.split(report["run"]["open"])
    assert words[:4] == ["python", "-m", "sim", "run"]
    assert words[words.index("--replication") + 1] == str(first["replication"])
    out = tmp_path / "opened.json"
    assert status_of(*words[3:], "--out", str(out)) == 0
    capsys.readouterr()
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    assert summary["max_response_level"] == first["variant"]
    for change in first["changes"]:
        if change["measure"] in ("response_h", "terminated_at_h", "response_started_at_h"):
            assert summary[change["measure"]] == pytest.approx(change["variant"], abs=0.002)


def test_the_table_prints_the_command_that_opens_the_first_changed_replication(capsys):
    report = compare_json(capsys, "--variant", VARIANT)
    assert status_of("compare", TEMPLATE, "--runs", "40", "--seed", "11", "--variant", VARIANT, "--lang", "en") == 0
    out = capsys.readouterr().out
    assert ("To open the first changed replication, one command for each arm:\n"
            f"    Original: {report['run']['open_original']}\n"
            f"    Edited: {report['run']['open']}\n") in out
    assert report["run"]["open"].endswith(f"--replication {report['changed'][0]['replication']} --plan {VARIANT}")
    assert report["run"]["open_original"].endswith(f"--replication {report['changed'][0]['replication']}")


def test_the_command_a_comparison_prints_for_the_original_arm_runs_it_with_the_plans_both_arms_share(capsys, tmp_path):
    report = compare_json(capsys, "--variant", VARIANT, "--resource", "repair_crew=4")
    first = report["changed"][0]
    words = shlex.split(report["run"]["open_original"])
    assert "--resource" not in words and str(VARIANT) not in words
    out = tmp_path / "original.json"
    assert status_of(*words[3:], "--out", str(out)) == 0
    capsys.readouterr()
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    assert summary["max_response_level"] == first["baseline"]
    for change in first["changes"]:
        if change["measure"] in ("response_h", "terminated_at_h", "response_started_at_h"):
            assert summary[change["measure"]] == pytest.approx(change["baseline"], abs=0.002)


def test_a_comparison_with_neither_a_variant_nor_a_resource_is_refused_with_exit_2(capsys):
    assert status_of("compare", TEMPLATE, "--runs", "5", "--seed", "1", "--lang", "en") == 2
    assert capsys.readouterr().err == ("command line: --variant: give --variant or --resource, or both: otherwise the "
                                       "two arms are the same and there is nothing to compare\n")


def test_a_resource_the_scenario_does_not_count_is_refused_naming_those_it_counts_by_name(capsys):
    assert status_of("compare", TEMPLATE, "--runs", "5", "--seed", "1", "--resource", "crews=3", "--lang", "en") == 2
    err = capsys.readouterr().err
    assert err.startswith("command line: --resource: the scenario counts no resource 'crews'; it counts ")
    assert "Power repair crews (repair_crew)" in err


@pytest.mark.parametrize("value, said", [("repair_crew", "expected a resource id, =, and a count (ID=N), got"),
                                         ("repair_crew=-1", "must be at least 0, got -1"),
                                         ("repair_crew=100001", "must be at most 100,000, got 100001")])
def test_a_resource_count_that_is_not_a_count_is_refused_on_the_command_line(capsys, value, said):
    assert status_of("run", TEMPLATE, "--seed", "1", "--resource", value, "--lang", "en") == 2
    assert said in capsys.readouterr().err


def test_a_sweep_with_a_resource_count_gives_the_rows_of_the_runs_with_that_count(capsys, tmp_path):
    assert status_of("sweep", TEMPLATE, "--runs", "4", "--seed", "11", "--resource", "repair_crew=1",
                     "--no-progress") == 0
    header, *rows = [line.split(",") for line in capsys.readouterr().out.splitlines()]
    assert status_of("sweep", TEMPLATE, "--runs", "4", "--seed", "11", "--no-progress") == 0
    shipped = [line.split(",") for line in capsys.readouterr().out.splitlines()[1:]]
    assert rows != shipped  # one crew instead of six
    for replication in (1, 3):
        out = tmp_path / f"r{replication}.json"
        assert status_of("run", TEMPLATE, "--seed", "11", "--replication", str(replication),
                         "--resource", "repair_crew=1", "--out", str(out)) == 0
        summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
        row = dict(zip(header, rows[replication]))
        assert (summary["max_response_level"] or "") == row["max_level"]
        assert ("" if summary["terminated_at_h"] is None else float(summary["terminated_at_h"])) == \
            ("" if row["terminated_at_h"] == "" else float(row["terminated_at_h"]))


def test_a_run_with_other_resource_counts_says_so_above_its_result_naming_each_changed_count(capsys):
    assert status_of("run", TEMPLATE, "--seed", "11", "--replication", "3", "--resource", "repair_crew=1",
                     "--resource", "water_truck=4", "--lang", "en") == 0  # four water trucks is the scenario's own
    assert capsys.readouterr().out.startswith(
        "This result ran with other resource counts than the scenario's: Power repair crews 6 → 1.\nScenario: ")
    assert status_of("run", TEMPLATE, "--seed", "11", "--replication", "3", "--lang", "en") == 0
    assert capsys.readouterr().out.startswith("Scenario: ")


@pytest.mark.parametrize("language, changed, unchanged", [
    ("both", "替换 固阳县大面积停电事件应急预案（2023年版） · {file} replaces Guyang County Large-Area Blackout "
             "Emergency Plan (2023 edition)\n",
     "{file} 与原预案相同，没有预案改变 · {file} is the same as the original: no plan changed\n"),
    ("en", "{file} replaces Guyang County Large-Area Blackout Emergency Plan (2023 edition)\n",
     "{file} is the same as the original: no plan changed\n"),
])
def test_the_edited_plan_line_says_what_the_variant_replaces_each_half_in_its_own_language(
        capsys, language, changed, unchanged):
    plan = str(ROOT / "plans" / "guyang-blackout-2023.yaml")
    for variant, said in ((VARIANT, changed), (plan, unchanged)):
        assert status_of("compare", TEMPLATE, "--runs", "3", "--seed", "1", "--variant", variant, "--lang", language) == 0
        line = next(line for line in capsys.readouterr().out.splitlines() if "Edited plan" in line or "修改后的预案" in line)
        assert (line + "\n").endswith(said.format(file=variant))
        if language == "both":
            zh, en = line.split(" · ")
            assert "replaces" not in zh and "no plan changed" not in zh and "替换" not in en and "没有" not in en
