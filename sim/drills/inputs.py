"""A drill's inputs — scenario, area and plans — stored as text with the drill.

A drill may run for days and is scored at the end; editing a plan file in the
meantime must not change what the participants were playing against. So the texts of
every file the scenario uses are copied into the database when the drill is created,
and every replay rebuilds the models from those copies (validated exactly as the files
were: the same loader, the same cross-reference checks).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..plan import ResponsePlan

#: Parsed inputs kept per content digest (a replay happens on every page refresh).
_PARSED: dict[str, "Inputs"] = {}
_PARSED_LIMIT = 16


@dataclass(frozen=True)
class Inputs:
    scenario: object
    plans: dict
    area: object

    @property
    def plan(self) -> ResponsePlan:
        """The response plan the drill plays: the scenario's first (the engine's primary plan)."""
        return next(p for p in (self.plans[i] for i in self.scenario.plans) if isinstance(p, ResponsePlan))


def snapshot(scenario_path: str | Path) -> dict[str, str]:
    """The texts of a scenario file and of the area and plan files it names (validated first)."""
    from ..scenario import load_inputs

    path = Path(scenario_path)
    if not path.is_file():
        raise InputError([Problem(str(path), 0, 0, "", "no such scenario file")])
    scenario, plans, _area = load_inputs(path)
    if not any(isinstance(p, ResponsePlan) for p in plans.values()):
        raise InputError([Problem(str(path), 0, 0, "plans", "a drill needs a response plan among the scenario's plans")])
    root = path.resolve().parent.parent
    files = {f"scenarios/{path.name}": path, f"areas/{scenario.area}.yaml": root / "areas" / f"{scenario.area}.yaml"}
    files.update({f"{plan_id}.yaml": root / f"{plan_id}.yaml" for plan_id in scenario.plans})
    return {name: file.read_text(encoding="utf-8") for name, file in files.items()}


def rebuild(texts: Mapping[str, str]) -> Inputs:
    """The models from stored texts (cached by content: a replay must not re-parse)."""
    digest = hashlib.sha256(json.dumps(dict(texts), sort_keys=True).encode("utf-8")).hexdigest()
    hit = _PARSED.get(digest)
    if hit is not None:
        return hit
    from ..scenario import load_inputs

    scenario_name = next((name for name in texts if name.startswith("scenarios/")), None)
    if scenario_name is None:
        raise InputError([Problem("drill", 0, 0, "inputs", "the stored drill has no scenario")])
    with tempfile.TemporaryDirectory(prefix="drill-inputs-") as tmp:
        root = Path(tmp)
        for name, text in texts.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        scenario, plans, area = load_inputs(root / scenario_name)
    inputs = Inputs(scenario, plans, area)
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    _PARSED[digest] = inputs
    return inputs
