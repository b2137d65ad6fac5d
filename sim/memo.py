"""Values derived from an immutable model, computed once per model object.

Plans, scenarios and areas are immutable once loaded, so what is derived from one — a
plan compiled for the engine, an area's network tables, a digest — can be kept for as
long as the model lives. The table holds a weak reference to each model and forgets
the entry when the model goes, so a sweep of many edited plans does not pile them up.
"""

from __future__ import annotations

import hashlib
import json
import weakref

_CACHE: dict[tuple, tuple[weakref.ref, object]] = {}


def cached(model, build):
    """``build(model)`` computed once per model object (models are immutable)."""
    key = (id(model), build)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is model:
        return hit[1]
    value = build(model)
    _CACHE[key] = (weakref.ref(model, lambda _ref, key=key, cache=_CACHE: cache.pop(key, None)), value)
    return value


def digest(model) -> str:
    """SHA-256 of a model's canonical JSON, once per model: the same content gives the same
    digest, so a result, a comparison or a page's cache names the exact version it used."""
    return cached(model, _sha256)


def _sha256(model) -> str:
    data = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
