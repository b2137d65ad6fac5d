"""Every shipped YAML file validates, points its editor at the committed schema, and
the committed schemas match the models (a drift means someone changed a model and
forgot ``python -m sim schema --write``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.inputs.case import load_any
from sim.inputs.documents import KINDS, SCHEMA_DIR, kind_of, schema_text

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "plans").rglob("*.yaml"))


def test_the_four_source_documents_are_shipped():
    names = {p.stem for p in (ROOT / "plans").glob("*.yaml")}
    assert {
        "guyang-blackout-2023",
        "guyang-fire-ban-2023",
        "guyang-straw-burning-ban-2023",
        "baotou-fireworks-ban-2024",
    } <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_file_is_valid(path):
    load_any(path)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_file_names_its_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), f"{path} must start with {prefix}"
    target = (path.parent / first.removeprefix(prefix)).resolve()
    assert target == SCHEMA_DIR / f"{kind_of(path)}.schema.json"


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_matches_the_models(kind):
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), "run `python -m sim schema --write` and commit schema/"
