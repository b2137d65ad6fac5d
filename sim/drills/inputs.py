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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..messages import Message
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
    from ..inputs import load_case, source_texts

    path = Path(scenario_path)
    try:
        missing = not path.is_file()
    except (OSError, ValueError):  # a name the system refuses (too long, a NUL): the loader says why
        missing = False
    if missing:
        raise InputError([Problem(str(path), 0, 0, "", Message("drill_refusal.no_scenario"))])
    case = load_case(path)
    if case.plan is None:
        raise InputError([Problem(str(path), 0, 0, "plans", Message("drill_refusal.no_response_plan"))])
    return source_texts(case)


def rebuild(texts: Mapping[str, str]) -> Inputs:
    """The models from stored texts (cached by content: a replay must not re-parse)."""
    digest = hashlib.sha256(json.dumps(dict(texts), sort_keys=True).encode("utf-8")).hexdigest()
    hit = _PARSED.get(digest)
    if hit is not None:
        return hit
    from ..inputs import stored_case

    case = stored_case(texts)
    inputs = Inputs(case.scenario, dict(case.plans), case.area)
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    _PARSED[digest] = inputs
    return inputs
