"""The three kinds of YAML document and how to tell them apart.

Plans live in ``plans/``, scenarios in ``plans/scenarios/`` and areas in
``plans/areas/``; there the folder tells the kind. A file elsewhere (a planner's copy
in a home folder) is told by its content: each kind has top-level keys that it
requires and no other kind has — a plan's ``kind:``, a scenario's ``plans:`` and
``area:``, an area's ``substations:`` and ``feeders:`` — read off the models
themselves (:func:`signature`), so they stay true when a model changes. Each kind has
a committed JSON Schema in ``schema/`` that editors' YAML plugins read through the
``# yaml-language-server: $schema=`` first line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from ..errors import InputError, Problem
from ..messages import LANGUAGES, Message, joined, text
from .layout import FOLDERS, HOMES, SCHEMA_DIR, resolved
from ..plan import PLAN_ADAPTER, BanNotice, ResponsePlan
from .area import Area
from .scenario import Scenario
from .yaml_source import parse, read_text, read_yaml

KINDS = ("plan", "scenario", "area")


@cache
def adapter(kind: str) -> TypeAdapter:
    """The validator for a document kind."""
    if kind == "plan":
        return PLAN_ADAPTER
    if kind == "scenario":
        return TypeAdapter(Scenario)
    if kind == "area":
        return TypeAdapter(Area)
    raise ValueError(f"unknown document kind {kind!r}; expected one of {', '.join(KINDS)}")


def _models(kind: str) -> list[type[BaseModel]]:
    if kind == "plan":
        return [ResponsePlan, BanNotice]
    if kind == "scenario":
        return [Scenario]
    return [Area]


@cache
def signature(kind: str) -> frozenset[str]:
    """Top-level keys that a document of ``kind`` requires and no other kind knows."""
    def keys(model: type[BaseModel], required: bool) -> set[str]:
        return {f.alias or name for name, f in model.model_fields.items() if f.is_required() or not required}

    own = set().union(*(keys(m, True) for m in _models(kind)))
    others = set().union(*(keys(m, False) for other in KINDS if other != kind for m in _models(other)))
    return frozenset(own - others)


def content_kind(data: Any) -> str | None:
    """The kind whose signature keys the data has most of; ``None`` when none or a tie."""
    if not isinstance(data, Mapping):
        return None
    scores = {kind: len(signature(kind) & data.keys()) for kind in KINDS}
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def folder_kind(path: str | Path) -> str | None:
    """The kind the file's folder holds (``plans/``, ``scenarios/``, ``areas/``), if any."""
    return FOLDERS.get(resolved(path).parent.name)


def kind_of(path: str | Path) -> str | None:
    """The kind of a file: its folder's, else its content's (``None``: cannot tell)."""
    kind = folder_kind(path)
    if kind is None:
        kind = content_kind(parse(read_text(path), str(path))[0])
    return kind


#: The keys that tell each kind at a glance (each must be in its :func:`signature`).
TELLING = {"plan": ("kind",), "scenario": ("plans", "area"), "area": ("substations", "feeders")}


def _mentions(kind: str, language: str) -> str:
    return text("input.and", language).join(f"`{key}:`" for key in TELLING[kind])


def undecided(path: str | Path) -> InputError:
    """The error for a file whose folder and content do not tell its kind (or, for a file
    that is one text typed as ``key： value``, that its colon must be the half-width ":")."""
    described = {language: text("common.clause_sep", language).join(
        text("input.kind_has", language, kind=text(f"input.kind.{kind}", language), keys=_mentions(kind, language))
        for kind in KINDS) for language in LANGUAGES}
    problems = [Problem(str(path), 1, 1, "", Message("input.undecided", described=described))]
    try:
        parsed = read_yaml(read_text(path), str(path))
    except InputError:
        return InputError(problems)
    return InputError(parsed.hinted(problems))  # a file that is one line typed `id： …` is a text


def mismatch(data: Any, expected: str, name: str, positions: Mapping[tuple, tuple[int, int]]) -> InputError | None:
    """An error when the content is clearly another kind than ``expected`` (a plan given as a scenario)."""
    found = content_kind(data)
    if found is None or found == expected:
        return None
    keys = sorted((key for key in data if key in signature(found)), key=lambda k: k not in TELLING[found])
    shown = keys[:3]
    line, col = min(positions.get((key,), (1, 1)) for key in shown)
    listed = {language: joined((f"`{key}:`" for key in shown), language) for language in LANGUAGES}
    return InputError([Problem(name, line, col, "", Message(
        "input.other_kind", found=Message(f"input.kind.{found}"), expected=Message(f"input.kind.{expected}"),
        listed=listed, home=HOMES[expected]))])


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
