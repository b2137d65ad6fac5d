"""Running scenarios from the app: inputs, edited plans, cached results, progress.

A result is cached (``st.cache_data``) under the digests of the scenario, the plans and
the area plus the seed and the replication, so the same run asked for again — by a rerun, another page, the
what-if comparison or another user — is not simulated twice, and an edited plan (a new
digest) never reuses the original's result. The run itself goes in slices of simulated
time so the page can show a progress bar; the cache lookup happens before, outside any
cached function, so progress elements are never replayed from the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from ..errors import InputError, Problem
from ..inputs.layout import app_libraries, scenario_file
from ..messages import Message
from ..plan import PLAN_ADAPTER
from ..sweep.words import drawn_facts
from . import data

#: Progress-bar steps per run (slices of the horizon).
SLICES = 40


class _NotCached(Exception):
    """Raised inside the cached lookup so that a miss is never stored."""


@st.cache_data(show_spinner=False, max_entries=256)
def _stored(key: str, _result: dict | None = None) -> dict:
    if _result is None:
        raise _NotCached
    return _result


def run_key(case: Any, seed: int) -> str:
    """The cache key: digests of exactly what runs (a template's draw depends only on the
    template, the seed and the Case's replication), the seed and the replication."""
    from ..memo import digest

    parts = [digest(case.scenario), digest(case.area)]
    parts += [f"{pid}={digest(case.plans[pid])}" for pid in sorted(case.plans)]
    return "|".join(parts) + f"|seed={int(seed)}|replication={case.replication}"


def run(case: Any, seed: int, progress: Callable[[float], None] | None = None) -> dict:
    """The result of a Case (its replication) under a seed, from the cache or simulated in
    slices (``progress(0..1)``), with what the engine observed as it ran (the Walk-through reads it)."""
    key = run_key(case, seed)
    try:
        return _stored(key)
    except _NotCached:
        pass
    from ..engine.run import Simulation

    draw = case.draw(int(seed))
    simulation = Simulation(draw.scenario, dict(case.plans), case.area, draw.seed, observe=True)
    horizon = draw.scenario.horizon_h
    for step in range(1, SLICES + 1):
        simulation.run(until=horizon * step / SLICES)
        if progress is not None:
            progress(step / SLICES)
    result = draw.stamp(simulation.result())
    simulation.close()  # freed now, not at some later garbage collection
    return _stored(key, _result=result)


def held_run(case: Any, seed: int, result: dict) -> dict:
    """What the Run and Walk-through pages keep of a run: the Case, the replication drawn
    (its scenario is the one that ran), the incident a template drew in both languages
    (:func:`sim.sweep.words.drawn_facts`, as ``run`` says it; ``None`` for a story), the
    result and where the Case departs from the shipped scenario (:func:`departures`)."""
    draw = case.draw(seed)
    return {"key": run_key(case, seed), "case": case, "scenario": draw.scenario,
            "drawn": drawn_facts(case.scenario.template, draw.facts) if case.is_template else None,
            "plans": case.plans, "area": case.area, "seed": seed, "replication": case.replication, "result": result,
            "departures": departures(case)}


def departures(case: Any) -> tuple[tuple[Any, ...], dict[str, tuple[int, int]]]:
    """Where ``case`` departs from what is shipped: the plans that are edited copies of the
    published ones (an upload, the What-if page's edit: :func:`sim.report.edited_copy`, as
    the run's report says it) and the resource counts that differ from its scenario file's
    (id → (shipped, now)). A result made so must say so wherever it is shown — read as the
    published plan's, an edited plan's outcome misleads a class or a planner — and the
    pages read it here, whichever page made the Case."""
    from ..memo import digest
    from ..report import edited_copy

    published = data.plans().items
    plans = tuple(plan for pid, plan in case.plans.items() if edited_copy(digest(plan), published.get(pid)))
    path = Path(case.source)
    base = _shipped(path) if path.is_file() else None
    if base is None or isinstance(base, InputError):
        return plans, {}
    shipped, now = base.scenario.resources, case.scenario.resources
    counts = {rid: (shipped.get(rid, 0), now.get(rid, 0)) for rid in dict.fromkeys([*shipped, *now])
              if shipped.get(rid, 0) != now.get(rid, 0)}
    return plans, counts


@st.cache_resource(show_spinner=False, max_entries=32)
def _shipped_case(path: str, mtime_ns: int, size: int) -> Any:
    """A shipped scenario's Case, built once per file version (``mtime_ns`` and ``size`` are
    only cache keys); a scenario whose files do not load is cached as its problems."""
    from ..inputs import load_case

    try:
        return load_case(path)
    except InputError as error:
        return error


def _shipped(path: Path) -> Any:
    """The shipped Case of the scenario file at ``path`` as it is now (or its problems)."""
    stat = path.stat()
    return _shipped_case(str(path), stat.st_mtime_ns, stat.st_size)


def case(scenario_id: str, overrides: Mapping[str, Any] | None = None,
         resources: Mapping[str, int] | None = None, replication: int = 0) -> Any:
    """The Case of a shipped scenario, with edited plans in place of the shipped ones of
    their ids, other resource counts and a replication; every problem is an :class:`InputError`."""
    path = data.scenarios().paths.get(scenario_id)
    if path is None:
        raise InputError([Problem(str(scenario_file(scenario_id, app_libraries()[0])), 0, 0, "",
                                  Message("input.scenario_not_loaded"))])
    base = _shipped(path)
    if isinstance(base, InputError):
        raise base
    return base.changed(plans=overrides, resources=resources, replication=replication)


@st.cache_resource(show_spinner=False, max_entries=64)
def lint_findings(text: str, name: str, _plan: Any) -> tuple[Problem, ...]:
    """What ``python -m sim lint`` says of a valid edited plan ``_plan``, at the lines of its
    ``text``: an edit can load cleanly and still leave a gap or an overlap between two levels.
    Kept by the text and its name, which the plan is parsed from (the plan itself is not
    hashed)."""
    from ..inputs import locate
    from ..lint import lint_plan

    found = lint_plan(_plan)
    if not found:
        return ()
    return tuple(sorted(locate(found, name, text).problems))


def parse_plan(text: str, name: str) -> tuple[Any, tuple[Problem, ...]]:
    """An uploaded or edited plan: the plan, or the loader's problems.

    Parsed afresh on every rerun of the Run and What-if pages, not cached: a plan of the
    shipped size parses in a few hundredths of a second, while a cache would keep every
    uploaded or edited text's plan (about a megabyte each, far more for a large upload) in
    memory for every session."""
    from ..inputs import load_text

    try:
        # "plan": a scenario or an area given for a plan is said to be one, as the command line says it
        return load_text(text, name, PLAN_ADAPTER, "plan"), ()
    except InputError as error:
        return None, tuple(error.problems)
