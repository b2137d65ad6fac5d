"""Shared inputs for the engine tests: the small test plan and area, the shipped files, and
the recorded summaries runs are held to."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from sim.engine.recorder import dumps
from sim.inputs import load_case
from sim.inputs.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "data" / "engine" / "plans"
MINI_STORM = MINI / "scenarios" / "mini-storm.yaml"
SHIPPED = ROOT / "plans" / "scenarios"


def mini(**changes):
    """The mini storm's scenario, plans and area; ``changes`` replace top-level scenario keys."""
    scenario, plans, area = load_case(MINI_STORM)
    if changes:
        data = yaml.safe_load(MINI_STORM.read_text(encoding="utf-8"))
        data.update(changes)
        scenario = Scenario.model_validate(data)
    return scenario, plans, area


def mini_injects(*ids: str, extra: list | None = None):
    """The mini storm keeping only the injects ``ids`` (in file order) plus ``extra`` ones."""
    data = yaml.safe_load(MINI_STORM.read_text(encoding="utf-8"))
    injects = [i for i in data["injects"] if i["id"] in ids] + list(extra or [])
    return mini(injects=injects)


def shipped(name: str):
    return load_case(SHIPPED / f"{name}.yaml")


def matches_golden(summary: dict, path: Path) -> None:
    """A run's summary is byte for byte the one recorded at ``path`` (which it rewrites instead
    under ``TUIYAN_UPDATE_GOLDEN``, to accept an intended change)."""
    text = dumps(summary, indent=2) + "\n"
    if os.environ.get("TUIYAN_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
