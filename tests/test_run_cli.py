"""``python -m sim run`` and ``python -m sim bench`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine_fixtures import ROOT, SHIPPED, shipped

from sim.cli import main
from sim.engine.recorder import dumps
from sim.engine.run import run_scenario

WINTER = str(SHIPPED / "winter-ice-storm.yaml")
PLAN = ROOT / "plans" / "guyang-blackout-2023.yaml"


def test_run_prints_a_bilingual_summary(capsys):
    assert main(["run", WINTER, "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "情景 Scenario: 冬季冰冻雨雪灾害致全县大面积停电 Winter ice storm blacks out the county" in out
    assert "响应级别变化 Response level changes" in out
    assert "Ⅰ级应急响应 Level I response" in out and "终止 ended" in out
    assert "  01-15 12:00  县城通信枢纽机楼 County-seat telecom hub" in out  # ran out of fuel
    assert "未完成的职责 Duties not carried out\n  无 none" in out


def test_the_run_summary_gives_scenario_clock_times_and_never_hours_since_the_start():
    """The winter storm starts 01-14 18:00; its response starts 13.8 h later, at 01-15 07:47."""
    out = _run_out("--lang", "zh")
    assert "开始时间：2024-01-14 18:00" in out
    assert "  启动响应：01-15 07:47\n" in out
    assert "  01-15 07:47  — → Ⅰ级应急响应  （固阳县人民政府）" in out
    en = _run_out("--lang", "en")
    assert "  Response started: 01-15 07:47\n" in en
    assert "  01-15 07:47  — → Level I response  (Guyang County People's Government)" in en
    assert "13.8" not in out + en and "第 " not in out


@pytest.mark.parametrize("language, other", [("zh", "Response"), ("en", "响应")])
def test_the_run_summary_speaks_the_language_asked_and_names_what_it_shows(language, other):
    from e2e.id_shapes import ids_in

    out = _run_out("--lang", language)
    assert other not in out
    assert ids_in(out) == []
    fire = _run_out("--lang", language, scenario=str(SHIPPED / "grassland-fire-line-trip.yaml"))
    assert ids_in(fire) == [] and other not in fire


def _run_out(*options: str, scenario: str = WINTER) -> str:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["run", scenario, "--seed", "7", *options]) == 0
    return buffer.getvalue()


def test_run_writes_the_full_result_as_stable_json(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["run", WINTER, "--seed", "7", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    expected = run_scenario(*shipped("winter-ice-storm"), seed=7) | {"drawn_from": {"seed": 7, "replication": 0}}
    assert text == dumps(expected) + "\n"
    result = json.loads(text)
    assert result["seed"] == 7 and result["scenario"]["id"] == "winter-ice-storm"
    assert [p["id"] for p in result["plans"]] == ["guyang-blackout-2023"]
    assert all(len(p["sha256"]) == 64 for p in result["plans"])


def test_the_summary_names_the_plans_without_their_digests_which_the_result_file_keeps(tmp_path, capsys):
    out = tmp_path / "r.json"
    fireworks = str(SHIPPED / "spring-festival-fireworks.yaml")
    assert main(["--lang", "zh", "run", fireworks, "--seed", "7", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    line = next(row for row in printed.splitlines() if row.startswith("预案："))
    assert line == ("预案：包头市人民政府关于划定禁止燃放烟花爆竹、堆燃旺火时段和区域的通告；固阳县人民政府关于对全县重点森林草原"
                    "实施防火戒严的通告；固阳县大面积停电事件应急预案（2023年版）")
    digests = [p["sha256"] for p in json.loads(out.read_text(encoding="utf-8"))["plans"]]
    assert len(digests) == 3 and not any(d[:12] in printed for d in digests)


def test_a_plan_copy_replaces_the_plan_of_its_id(tmp_path, capsys):
    edited = tmp_path / "my-edit.yaml"
    text = PLAN.read_text(encoding="utf-8")
    old = "  decision:\n    unit: county_government\n    hours: 0.5\n"
    assert old in text
    edited.write_text(text.replace(old, old.replace("hours: 0.5", "hours: 8")), encoding="utf-8")
    base, slow = tmp_path / "base.json", tmp_path / "slow.json"
    assert main(["run", WINTER, "--seed", "7", "--out", str(base)]) == 0
    assert main(["run", WINTER, "--seed", "7", "--plan", str(edited), "--out", str(slow)]) == 0
    started = [json.loads(p.read_text())["summary"]["response_started_at_h"] for p in (base, slow)]
    assert started[1] > started[0] + 3


def test_a_plan_the_scenario_does_not_use_is_refused_naming_the_scenarios_plans_by_title(capsys):
    other = str(ROOT / "tests" / "data" / "national-style-plan.yaml")
    assert main(["run", WINTER, "--seed", "7", "--plan", other]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"{other}:11:1: id: 本情景没有 id 为 'national-style-plan' 的预案；本情景的预案：固阳县大面积停电事件应急预案（2023年版）"
        "（键入 guyang-blackout-2023）。修改后的副本须保留它所替换的预案的 id · the scenario has no plan with the id "
        "'national-style-plan'; its plans are Guyang County Large-Area Blackout Emergency Plan (2023 edition) "
        "(typed as guyang-blackout-2023). An edited copy keeps the id of the plan it replaces\n")


def test_two_copies_of_one_plan_are_refused_naming_the_plan_by_title(capsys):
    variant = str(ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml")
    assert main(["--lang", "zh", "run", WINTER, "--seed", "7", "--plan", variant, "--plan", str(PLAN)]) == 2
    assert "预案 固阳县大面积停电事件应急预案（2023年版）（键入 guyang-blackout-2023）由两个文件替换；请只给一个" in capsys.readouterr().err


def test_run_until_stops_early(capsys):
    assert main(["run", WINTER, "--seed", "7", "--until", "20"]) == 0
    assert "推演结束 Run ended: 01-15 14:00    推演时长 Horizon: 240 小时 240 h" in capsys.readouterr().out


def test_the_horizon_reads_as_a_length_of_time_in_the_summary_and_the_report_not_as_bare_hours(capsys):
    from sim import report

    assert main(["--lang", "en", "run", WINTER, "--seed", "7", "--until", "1"]) == 0
    assert "Horizon: 240 h\n" in capsys.readouterr().out
    scenario, plans, area = shipped("winter-ice-storm")
    result = run_scenario(scenario, plans, area, 7, until=1)
    assert "- **推演时长**：240 小时\n" in report.markdown(result, plans=plans, area=area, scenario=scenario, language="zh")
    assert "- **Horizon**: 240 h\n" in report.markdown(result, plans=plans, area=area, scenario=scenario, language="en")


def test_a_bad_scenario_exits_2_with_its_line(tmp_path, capsys):
    (tmp_path / "plans" / "scenarios").mkdir(parents=True)
    bad = tmp_path / "plans" / "scenarios" / "bad.yaml"
    text = Path(WINTER).read_text(encoding="utf-8")
    line = text.splitlines().index("horizon_h: 240") + 1
    bad.write_text(text.replace("horizon_h: 240", "horizon_h: -1"), encoding="utf-8")
    assert main(["run", str(bad), "--seed", "7"]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:{line}:" in err and "horizon_h" in err and "Traceback" not in err


def test_a_missing_scenario_exits_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nothing.yaml"), "--seed", "1"]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize("seed", ["-1", "seven"])
def test_a_bad_seed_is_refused(seed, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["run", WINTER, "--seed", seed])
    assert caught.value.code == 2


def test_bench_reports_its_metrics_as_json(capsys, monkeypatch):
    from sim import bench

    monkeypatch.setattr(bench, "BENCHMARKS", [("replication", bench.replication)])  # the sweep section is heavy
    assert main(["bench", "--runs", "2", "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)["replication"]
    assert metrics["runs"] == 2
    assert {"replication_ms_median", "engine_vs_simpy_ratio", "engine_events_per_s", "bare_simpy_events_per_s",
            "events_per_replication"} <= set(metrics)
    assert metrics["events_per_replication"] > 0


def test_bench_prints_one_section_per_benchmark(capsys, monkeypatch):
    from sim import bench

    monkeypatch.setattr(bench, "BENCHMARKS", [("replication", bench.replication)])
    assert main(["bench", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[replication]\n") and "  replication_ms_median: " in out and "  runs: 1\n" in out


def test_a_template_runs_result_and_report_give_the_seed_and_replication_a_reader_types_again(tmp_path):
    """The engine's seed of a drawn incident is derived from the seed and the replication:
    the file and the report give those two, which ``run --seed S --replication I`` takes."""
    from sim.inputs import load_case
    from sim.report import markdown

    out = tmp_path / "r.json"
    template = str(SHIPPED / "random-blackout.yaml")
    assert main(["run", template, "--seed", "5", "--replication", "3", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["drawn_from"] == {"seed": 5, "replication": 3} and result["seed"] != 5
    case = load_case(template)
    for language, said in (("zh", "**随机种子**：5，第 3 次重复\n"), ("en", "**Seed**: 5, replication 3\n")):
        report = markdown(result, plans=dict(case.plans), area=case.area, scenario=case.scenario, language=language)
        assert said in report and str(result["seed"]) not in report
    first = markdown(result | {"drawn_from": {"seed": 5, "replication": 0}}, language="zh")
    assert "**随机种子**：5\n" in first


@pytest.mark.parametrize("language, said", [("zh", "随机种子：5，第 3 次重复\n"), ("en", "Seed: 5, replication 3\n"),
                                            ("both", "随机种子 Seed: 5，第 3 次重复 5, replication 3\n")])
def test_the_run_summary_gives_the_seed_and_replication_a_reader_types_again_not_the_engine_s(capsys, language, said):
    template = str(SHIPPED / "random-blackout.yaml")
    assert main(["run", template, "--seed", "5", "--replication", "3", "--lang", language]) == 0
    out = capsys.readouterr().out
    assert said in out


def test_the_run_summary_of_the_first_replication_gives_the_seed_as_typed(capsys):
    assert main(["run", str(SHIPPED / "random-blackout.yaml"), "--seed", "5"]) == 0
    assert "随机种子 Seed: 5\n" in capsys.readouterr().out
