"""The README's drill walkthrough, followed verbatim in bash, runs and scores what it says it scores."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script() -> tuple[str, list[str]]:
    """The bash blocks of the README's Drills section, and the scores their comments promise."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Drills")
    section = text[start:text.index("\n## ", start + 1)]
    lines = [line for block in re.findall(r"```bash\n(.*?)```", section, re.S) for line in block.splitlines()
             if line.startswith(("python -m sim ", 'eval "$(python -m sim '))]  # not how to start a server
    promised = re.findall(r"#\s*(总得分 [^，\n]*，偏差 \d+ 处)", "\n".join(lines))  # as `drill report` prints it (zh)
    return "set -euo pipefail\n" + "\n".join(lines) + "\n", promised


def test_the_readme_drill_walkthrough_runs_verbatim_and_scores_as_it_says(tmp_path):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    script, promised = _script()
    assert len(promised) == 2 and script.count("python -m sim ") > 30
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(ROOT)}
    env.pop("TUIYAN_DB_URL", None)
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    for score in promised:
        assert f"（{score}）" in done.stdout, (score, done.stdout[-2000:])
    assert (tmp_path / "report.html").exists() and "## 五、发现的问题" in (tmp_path / "report-2.md").read_text("utf-8")
