"""A sweep or a comparison interrupted (Ctrl-C) says how far it got and that nothing whole was
written: no traceback, no file, exit status 130."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from sim.sweep import executor

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = str(ROOT / "plans" / "scenarios" / "random-blackout.yaml")


@pytest.fixture
def ctrl_c_in_the_third_batch(monkeypatch):
    """The reader presses Ctrl-C while the third batch of replications runs."""
    real = executor.run_batch
    calls = [0]

    def interrupted(job, start, stop):
        calls[0] += 1
        if calls[0] == 3:
            raise KeyboardInterrupt
        return real(job, start, stop)

    monkeypatch.setattr(executor, "run_batch", interrupted)


def test_an_interrupted_sweep_to_a_file_leaves_no_file_and_says_it_was_not_written(
        ctrl_c_in_the_third_batch, capsys, tmp_path):
    out = tmp_path / "rows.csv"
    assert main(["sweep", TEMPLATE, "--runs", "40", "--seed", "1", "--batch", "5", "--out", str(out),
                 "--no-progress", "--lang", "en"]) == 130
    captured = capsys.readouterr()
    assert list(tmp_path.iterdir()) == []  # neither the file nor its partial copy
    assert captured.out == ""
    assert captured.err == (f"\npython -m sim: interrupted after 10 of 40 replications: {out} was not written "
                            "(the file appears only when complete)\n")


def test_an_interrupted_sweep_to_stdout_says_its_rows_are_only_the_first_ones(ctrl_c_in_the_third_batch, capsys):
    assert main(["sweep", TEMPLATE, "--runs", "40", "--seed", "1", "--batch", "5", "--no-progress",
                 "--lang", "zh"]) == 130
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1 + 10  # the header and the rows that were run
    assert captured.err == "\npython -m sim: 已中断：输出只有 40 次重复中的前 10 行，并不完整\n"


def test_an_interrupted_comparison_prints_no_comparison_and_says_how_far_it_got(ctrl_c_in_the_third_batch, capsys):
    assert main(["compare", TEMPLATE, "--resource", "repair_crew=2", "--runs", "40", "--seed", "1", "--batch", "5",
                 "--no-progress", "--lang", "en"]) == 130
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "\npython -m sim: interrupted after 10 of 40 replications: no comparison was made\n"
