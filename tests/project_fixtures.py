"""A copy of the project's plans/ to break on purpose, for the tests that check how a broken
input is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's plans/ with its scenarios and areas."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    return tmp_path / "plans"


def edited(file: Path, old: str, new: str) -> int:
    """``file`` with ``old`` (once) replaced by ``new``; the 1-based line where ``new`` ends."""
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1 + new.rstrip("\n").count("\n")
