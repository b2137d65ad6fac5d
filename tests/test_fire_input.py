"""A ``fire_ban`` section with mistakes: every mistake at its line, exit 2, no traceback;
and the drill as a user runs it from the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
NAME = "grassland-fire-line-trip"


@pytest.fixture()
def tree(tmp_path):
    """A copy of plans/ (notices, area, this scenario) to edit."""
    plans = tmp_path / "plans"
    (plans / "scenarios").mkdir(parents=True)
    shutil.copytree(ROOT / "plans" / "areas", plans / "areas")
    for path in (ROOT / "plans").glob("*.yaml"):
        shutil.copy(path, plans / path.name)
    shutil.copy(ROOT / "plans" / "scenarios" / f"{NAME}.yaml", plans / "scenarios" / f"{NAME}.yaml")
    return plans / "scenarios" / f"{NAME}.yaml"


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) and return its 1-based line."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_unknown_names_are_reported_at_their_lines(tree, capsys):
    zone = edit(tree, "zone: ecological_redline", "zone: nowhere")
    corridor = edit(tree, "{corridor: corridor-110-huaishuo,", "{corridor: corridor-999,")
    requirement = edit(tree, "requirement: leaders_on_scene", "requirement: leaders_at_home")
    status = main(["run", str(tree), "--seed", "7"])
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err
    assert f"{tree}:{zone}:" in err and "fire_ban.places.1.zone: 未知的区域 'nowhere'" in err
    assert " · unknown zone 'nowhere' (defined: " in err
    assert f"{tree}:{corridor}:" in err and "unknown corridor of the area 'corridor-999' (defined: " in err
    assert f"{tree}:{requirement}:" in err and "unknown requirement 'leaders_at_home' of plan Notice of the Guyang " in err
    assert "(typed as guyang-fire-ban-2023) (defined: " in err and "(typed as leaders_on_scene)" in err


def test_an_unmapped_penalty_is_reported_rather_than_never_applied(tree, capsys):
    edit(tree, """      - plan: guyang-straw-burning-ban-2023
        penalty: obstruction_crime
        when: [obstruction, serious]
        assumption:
          zh: "情节严重的阻碍视为构成犯罪。"
          en: Obstruction in a serious case is taken to amount to a crime.
""", "")
    assert main(["run", str(tree), "--seed", "7"]) == 2
    err = capsys.readouterr().err
    assert "(typed as obstruction_crime) of Notice of the Guyang County People's Government prohibiting the open " in err
    assert "(typed as no_open_straw_burning)) needs a `when`" in err


def test_bad_values_are_reported_at_their_lines(tree, capsys):
    line = edit(tree, "duration_h: {min: 0.3, max: 1.0}", "duration_h: {min: 1.0, max: 0.3}")
    assert main(["run", str(tree), "--seed", "7"]) == 2
    err = capsys.readouterr().err
    assert f"{tree}:{line}:" in err and "inverted range" in err


def test_dates_outside_the_run_are_reported(tree, capsys):
    line = edit(tree, "  dates: {start: 2023-11-12, end: 2023-11-15}", "  dates: {start: 2023-11-12, end: 2023-11-30}")
    assert main(["run", str(tree), "--seed", "7"]) == 2
    err = capsys.readouterr().err
    assert f"{tree}:{line}:" in err and "must lie within the scenario's run, 2023-11-12–2023-11-16" in err


def test_the_drill_from_the_command_line(capsys):
    status = main(["run", str(ROOT / "plans" / "scenarios" / f"{NAME}.yaml"), "--seed", "7"])
    out = capsys.readouterr().out
    assert status == 0
    lines = out.splitlines()
    order = [next(i for i, line in enumerate(lines) if needle in line) for needle in (
        "寒衣节上午，草原奖补区内群众上坟烧纸引燃枯草",
        "[1] 假设 Assumption · 各镇及森林草原防火相关单位 The towns and the fire-prevention units: 瞭望塔和视频监控发现火情",
        "拨打森林草原火情报警电话（12119）报告火情",
        "命令县森林草原专业扑火队1支",
        "11-13 12:30  假设 Assumption · 推演模型 Simulation model: 火头烧至县城至金山产业园110千伏线路走廊，线路跳闸",
        "[3] 附件1 二 · 推演模型 Simulation model: 较大大面积停电事件",
        "[3] 5.1 · 固阳县人民政府 Guyang County People's Government: Ⅱ级应急响应",
    )]
    assert "    [1] 固阳县人民政府关于对全县重点森林草原实施防火戒严的通告 " in out  # the plans, numbered, by title
    assert order == sorted(order)
    assert "最高响应级别 Highest response level: Ⅱ级应急响应 Level II response" in out
