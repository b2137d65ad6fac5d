"""The README's layout section names every package and module of ``sim`` and only paths that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIM = ROOT / "sim"


def layout() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index("## What it is"):text.index("## Command line")]


def named() -> set[str]:
    """Every backticked word of the section that looks like a path or a module file."""
    return {word for word in re.findall(r"`([^`\s]+)`", layout()) if "/" in word or word.endswith(".py")}


def test_the_layout_section_describes_every_package_of_sim():
    packages = {f"sim/{path.parent.name}/" for path in SIM.glob("*/__init__.py")}
    assert packages - named() == set()


def test_the_layout_section_describes_every_module_at_the_top_of_sim():
    modules = {path.name for path in SIM.glob("*.py") if not path.name.startswith("__")}
    assert modules - {word.rsplit("/", 1)[-1] for word in named()} == set()


def test_every_path_the_layout_section_names_exists():
    """A file named alone (``compare.py``) exists somewhere in ``sim``; a path, from the root."""
    missing = []
    for word in named():
        if word.startswith(("plans/", "sim/", "schema/", "tests/", "app.py")) or "/" in word:
            if not (ROOT / word.rstrip("/")).exists() and not any(ROOT.glob(word.rstrip("/"))):
                missing.append(word)
        elif not any(SIM.rglob(word)) and not (ROOT / word).exists():
            missing.append(word)
    assert missing == []
