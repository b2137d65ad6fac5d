"""Every option error reads ``command line: --flag: message`` and exits 2, no usage text."""

from __future__ import annotations

import pytest

from sim.cli import main
from sim.command_line import cores

W = "plans/scenarios/winter-ice-storm.yaml"
T = "plans/scenarios/random-blackout.yaml"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "COMMAND: required"),
        (["nosuch"], "COMMAND: invalid choice: 'nosuch'"),
        (["run", W], "--seed: required"),
        (["run", W, "--seed", "x"], "--seed: expected a whole number, got 'x'"),
        (["run", W, "--seed", "-1"], "--seed: a seed must not be negative"),
        (["run", W, "--seed", "1", "--until", "-3"], "--until: expected a positive number of hours"),
        (["run", W, "--seed", "1", "--bogus"], "--bogus: not an option of this command"),
        (["run", W, "--seed"], "--seed: expected one argument"),
        (["sweep", T, "--runs", "1", "--seed", "-1"], "--seed: a seed must not be negative, got -1"),
        (["compare", T, "--runs", "1", "--seed", "-1", "--variant", "x"], "--seed: a seed must not be negative, got -1"),
        (["sweep", T, "--seed", "1"], "--runs: required"),
        (["sweep", T, "--runs", "0", "--seed", "1"], "--runs: must be at least 1, got 0"),
        (["sweep", T, "--runs", "1000001", "--seed", "1"], "--runs: must be at most 1,000,000, got 1000001"),
        (["compare", T, "--runs", "1000000000000", "--seed", "1", "--variant", "x"],
         "--runs: must be at most 1,000,000, got 1000000000000"),
        (["bench", "--runs", "1000001"], "--runs: must be at most 1,000,000, got 1000001"),
        (["bench", "--sweep-runs", "1000001"], "--sweep-runs: must be at most 1,000,000, got 1000001"),
        (["sweep", T, "--runs", "1", "--seed", "1", "--workers", "0"], "--workers: must be at least 1, got 0"),
        (["sweep", T, "--runs", "1", "--seed", "1", "--workers", str(cores() + 1)],
         f"--workers: at most {cores()}, the cores of this machine"),
        (["sweep", T, "--runs", "1", "--seed", "1", "--workers", "100000"], "--workers: at most"),
        (["compare", T, "--runs", "1", "--seed", "1", "--variant", "x", "--workers", "100000"], "--workers: at most"),
        (["sweep", T, "--runs", "1", "--seed", "1", "--batch", "x"], "--batch: expected a whole number, got 'x'"),
        (["check", "--date", "30.02.2023", "--activity", "x"], "--date: expected a date as YYYY-MM-DD"),
        (["classify", "plans/guyang-blackout-2023.yaml", "--metric", "x"], "--metric: expected ID=VALUE"),
        (["schema", "--kind", "poem"], "--kind: invalid choice: 'poem'"),
        (["bench", "--runs", "0"], "--runs: must be at least 1"),
        (["bench", "--only", "nosuch"], "--only: unknown benchmark 'nosuch'"),
        (["drill", "advance", "1"], "--hours --to --to-end --step: one of these is required"),
        (["drill", "status", "x"], "DRILL: expected a whole number, got 'x'"),
        (["check", "--date", "2024-03-20", "--activity", "x", "--distance-m", "abc"], "--distance-m: expected a number, got 'abc'"),
        (["drill", "report", "1", "--format", "pdf"], "--format: invalid choice: 'pdf'"),
        (["drill", "new", "plans/scenarios/drill-chengnan-storm.yaml", "--name", "x", "--url", "not a url"],
         "--url: the links' address must be an http or https URL with a host (such as http://127.0.0.1:8501), "
         "not 'not a url'"),
        (["drill", "new", "plans/scenarios/drill-chengnan-storm.yaml", "--name", "x", "--url", "javascript:alert(1)"],
         "--url: the links' address must be an http or https URL with a host (such as http://127.0.0.1:8501), "
         "not 'javascript:alert(1)'"),
        (["drill", "assign", "1", "--role", "power_company", "--url", "http://"], "--url: the links' address must be"),
        (["drill", "rekey", "1", "--all", "--url", "file:///etc"], "--url: the links' address must be"),
        (["drill", "fork", "1", "--at", "1", "--url", "//host"], "--url: the links' address must be"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_an_option_error_names_the_flag_in_the_error_form_and_exits_2(capsys, argv, expected):
    with pytest.raises(SystemExit) as stop:
        main(["--lang", "en", *argv])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"command line: {expected}" in err, err
    assert all(line.startswith("command line: ") for line in err.splitlines()), err
    assert "usage:" not in err


def test_an_option_error_names_the_command_line_in_the_language_its_message_reads_in(capsys):
    for argv, line in ((["run", "x.yaml"], "命令行 · command line: --seed: 必须给出 · required\n"),
                       (["run", "x.yaml", "--lang", "zh"], "命令行: --seed: 必须给出\n"),
                       (["run", "x.yaml", "--lang", "en"], "command line: --seed: required\n"),
                       (["sweep", "x.yaml", "--runs", "0", "--seed", "1", "--lang=zh"],
                        "命令行: --runs: 至少为 1，实际为 0\n")):
        with pytest.raises(SystemExit):
            main(argv)
        assert capsys.readouterr().err == line



@pytest.mark.parametrize("command", [["sweep"], ["compare", "--resource", "repair_crew=2"]], ids=["sweep", "compare"])
def test_a_million_replications_are_taken_and_one_more_is_refused_in_both_languages(capsys, command):
    with pytest.raises(SystemExit) as stop:
        main([*command, T, "--runs", "1000001", "--seed", "1"])
    assert stop.value.code == 2
    assert capsys.readouterr().err == ("命令行 · command line: --runs: 至多为 1,000,000，实际为 1000001 · "
                                       "must be at most 1,000,000, got 1000001\n")
    assert main(["--lang", "en", *command, "nosuch.yaml", "--runs", "1000000", "--seed", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nosuch.yaml: ") and "--runs" not in err, err


def test_help_says_how_many_replications_runs_takes(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "sweep", "--help"])
    assert "number of replications (at most 1,000,000)" in " ".join(capsys.readouterr().out.split())

@pytest.mark.parametrize(("argv", "line"), [
    (["--lang", "xx"], "命令行 · command line: --lang: 无效的取值 'xx'（可选：'zh', 'en', 'both'） · "
                       "invalid choice: 'xx' (choose from 'zh', 'en', 'both')\n"),
    (["--lang", "en", "--lang", "xx"], "command line: --lang: invalid choice: 'xx' (choose from 'zh', 'en', 'both')\n"),
    (["--lang", "zh", "--lang", "xx"], "命令行: --lang: 无效的取值 'xx'（可选：'zh', 'en', 'both'）\n"),
    (["--lang"], "命令行 · command line: --lang: 需要一个值 · expected one argument\n"),
    (["--lang", "en", "--seed", "x"], "command line: --seed: expected a whole number, got 'x'\n"),
    (["--lang", "both", "--seed", "x"], "命令行 · command line: --seed: 应为整数，实际为 'x' · expected a whole number, got 'x'\n"),
])
def test_a_wrong_lang_reads_like_any_other_option_error_in_the_language_that_can_still_be_told(capsys, argv, line):
    with pytest.raises(SystemExit) as stop:
        main(["run", W, *argv])
    assert stop.value.code == 2 and capsys.readouterr().err == line


def test_help_still_shows_the_usage(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["run", "--help"])
    assert stop.value.code == 0 and capsys.readouterr().out.startswith("用法 · usage: python -m sim run")


def test_a_field_is_named_by_its_own_name_else_by_its_heads_with_the_rest_as_typed_after_it():
    from sim.errors import InputError, Problem, as_options, named_field

    names = {"args": "--arg", "args.text": "Note", "role": "--role"}
    assert named_field(Problem("drill", 0, 0, "args.text", "x"), names, "drill") == "Note"
    assert named_field(Problem("drill", 0, 0, "args.level", "x"), names, "drill") == "--arg level"
    assert named_field(Problem("drill", 0, 0, "hours", "x"), names, "drill") is None
    assert named_field(Problem("plan.yaml", 4, 2, "role", "x"), names, "drill") is None  # another file's field
    said = as_options(InputError([Problem("drill", 0, 0, "role", "no"), Problem("plan.yaml", 4, 2, "role", "bad")]),
                      names, "drill")
    assert said.render("en").splitlines() == ["command line: --role: no", "plan.yaml:4:2: role: bad"]


LONG = "Z" * 5000


@pytest.mark.parametrize("argv", [
    ["run", W, "--seed", LONG],
    ["run", W, "--seed", "-" + "9" * 4000],
    ["run", W, "--seed", "1", "--until", LONG],
    ["sweep", T, "--runs", LONG, "--seed", "1"],
    ["schema", "--kind", LONG],
    ["--lang", LONG],
    [LONG],
    ["drill", LONG],
    ["drill", "status", LONG],
    ["drill", "--db", "sqlite://", "act", "1", "--role", "x", "--action", "note", "--arg", LONG],
    ["classify", "plans/guyang-blackout-2023.yaml", "--metric", LONG + "=1"],
    ["classify", "plans/guyang-blackout-2023.yaml", "--metric", "load_shed_pct=" + LONG],
    ["classify", "plans/guyang-blackout-2023.yaml", "--metric", "load_shed_pct@" + LONG + "=1"],
    ["classify", "plans/guyang-blackout-2023.yaml", "--context", LONG + "=1"],
    ["check", "--date", LONG, "--activity", "x"],
    ["bench", "--only", LONG],
], ids=lambda argv: " ".join(word[:12] for word in argv))
def test_an_option_error_repeats_only_the_start_of_a_long_value_pasted_into_it(capsys, argv):
    try:
        status = main(["--lang", "en", *argv])
    except SystemExit as stop:
        status = stop.code
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("command line: ") and "…" in err, err
    assert err.count("Z") + err.count("9") <= 41, err



@pytest.mark.parametrize(("argv", "line"), [
    (["--lang", "zh"], "命令行: --status: 无效的取值 'bogus'（可选：待整改（键入 open）；整改中（键入 in_progress）；"
                       "已完成（键入 closed））\n"),
    (["--lang", "en"], "command line: --status: invalid choice: 'bogus' (choose from open; in progress (typed as "
                       "in_progress); closed)\n"),
])
def test_a_wrong_choice_that_has_names_lists_each_by_its_name_beside_what_is_typed(capsys, argv, line):
    with pytest.raises(SystemExit) as stop:
        main(["drill", "improvement", "1", "--status", "bogus", *argv])
    assert stop.value.code == 2 and capsys.readouterr().err == line
