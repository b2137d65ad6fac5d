"""The README's drill walkthrough, followed verbatim, runs and scores what it says it scores."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[tuple[list[str], str]]:
    """Every ``python -m sim`` line of the README's Drills section, with its comment."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Drills"):text.index("\n## ", text.index("## Drills") + 1)]
    found = []
    for block in re.findall(r"```bash\n(.*?)```", section, re.S):
        for line in block.splitlines():
            if line.startswith("python -m sim "):
                command, _, comment = line.partition("  #")
                found.append((shlex.split(command)[3:], comment.strip()))
    return found


def test_the_readme_drill_walkthrough_runs_verbatim_and_scores_as_it_says(tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TUIYAN_DB_URL", raising=False)
    commands = _commands()
    assert len(commands) > 30
    for argv, comment in commands:
        assert main(argv) == 0, (argv, capsys.readouterr().err)
        out = capsys.readouterr().out
        if comment.startswith("overall score"):
            assert f"({comment})" in out, (argv, out)
        if comment.startswith("drill 2:"):
            assert "drill 2 created: drill 1 up to 07-18 17:00" in out
    assert (tmp_path / "report.html").exists() and "## 五、发现的问题" in (tmp_path / "report-2.md").read_text("utf-8")
