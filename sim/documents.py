"""The three kinds of YAML document and how to tell them apart.

Plans live in ``plans/``, scenarios in ``plans/scenarios/`` and areas in
``plans/areas/``; the directory tells the kind, so ``validate`` and ``schema`` treat
every kind alike. Each kind has a committed JSON Schema in ``schema/`` that editors'
YAML plugins read through the ``# yaml-language-server: $schema=`` first line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

KINDS = ("plan", "scenario", "area")
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


def adapter(kind: str) -> TypeAdapter:
    """The validator for a document kind (imported lazily: the engine is heavier)."""
    if kind == "plan":
        from .plan import PLAN_ADAPTER

        return PLAN_ADAPTER
    if kind == "scenario":
        from .scenario import Scenario

        return TypeAdapter(Scenario)
    if kind == "area":
        from .area import Area

        return TypeAdapter(Area)
    raise ValueError(f"unknown document kind {kind!r}; expected one of {', '.join(KINDS)}")


def kind_of(path: str | Path) -> str:
    parent = Path(path).resolve().parent.name
    return {"scenarios": "scenario", "areas": "area"}.get(parent, "plan")


def load_any(path: str | Path) -> Any:
    """Load a plan, scenario or area file, as its directory says."""
    from .loader import load_model, load_plan

    kind = kind_of(path)
    return load_plan(path) if kind == "plan" else load_model(path, adapter(kind))


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft-07, which editors' YAML plugins read) of a document kind."""
    schema = adapter(kind).json_schema(ref_template="#/definitions/{model}", by_alias=True)
    definitions = schema.pop("$defs", {})
    result = {"$schema": "http://json-schema.org/draft-07/schema#", "title": f"Tuiyan {kind}"}
    result.update(schema)
    if definitions:
        result["definitions"] = definitions
    return result


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
