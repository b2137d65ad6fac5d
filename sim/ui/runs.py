"""Running scenarios from the app: inputs, edited plans, cached results, progress.

A result is cached (``st.cache_data``) under the digests of the scenario, the plans and
the area plus the seed, so the same run asked for again — by a rerun, another page, the
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
from ..plan import PLAN_ADAPTER
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


def run_key(scenario: Any, plans: Mapping[str, Any], area: Any, seed: int) -> str:
    """The cache key: digests of exactly what runs, and the seed."""
    from ..engine.rules import cached, digest

    parts = [cached(scenario, digest), cached(area, digest)]
    parts += [f"{pid}={cached(plans[pid], digest)}" for pid in sorted(plans)]
    return "|".join(parts) + f"|seed={int(seed)}"


def run(scenario: Any, plans: Mapping[str, Any], area: Any, seed: int,
        progress: Callable[[float], None] | None = None) -> dict:
    """The result of one run, from the cache or simulated in slices (``progress(0..1)``)."""
    key = run_key(scenario, plans, area, seed)
    try:
        return _stored(key)
    except _NotCached:
        pass
    from ..engine import Simulation

    simulation = Simulation(scenario, dict(plans), area, int(seed))
    horizon = scenario.horizon_h
    for step in range(1, SLICES + 1):
        simulation.run(until=horizon * step / SLICES)
        if progress is not None:
            progress(step / SLICES)
    result = simulation.result()
    simulation.close()  # freed now, not at some later garbage collection
    return _stored(key, _result=result)


def inputs(scenario_id: str, overrides: Mapping[str, Any] | None = None,
           resources: Mapping[str, int] | None = None) -> tuple[Any, dict, Any]:
    """The scenario (with resource counts overridden), its plans (edited ones replacing the
    shipped ones of the same id) and its area; every missing piece is an :class:`InputError`."""
    from ..scenario import reference_problems

    scenarios, plans, areas = data.scenarios(), data.plans(), data.areas()
    if scenario_id not in scenarios.items:
        raise InputError([Problem(str(data.SCENARIOS_DIR / f"{scenario_id}.yaml"), 0, 0, "", "scenario not loaded")])
    scenario = scenarios.items[scenario_id]
    if resources:
        scenario = _with_resources(scenario, dict(resources))
    available = dict(plans.items)
    available.update(overrides or {})
    area = areas.items.get(scenario.area)
    problems = [problem for problem in plans.problems
                if _stem(problem.file) in scenario.plans and _stem(problem.file) not in (overrides or {})]
    problems += [problem for problem in areas.problems if _stem(problem.file) == scenario.area]
    if problems:
        raise InputError(problems)
    chosen = {pid: available[pid] for pid in scenario.plans if pid in available}
    findings = reference_problems(scenario, chosen, area)
    if area is None:
        findings.append((("area",), f"no area model {scenario.area!r} in {data.AREAS_DIR.name}/"))
    if findings:
        name = str(scenarios.paths.get(scenario_id, scenario_id))
        raise InputError([Problem(name, 0, 0, ".".join(map(str, path)), message) for path, message in findings])
    return scenario, chosen, area


def _stem(file: str) -> str:
    return Path(file).stem


@st.cache_resource(show_spinner=False, max_entries=64)
def _scenario_copy(scenario_digest: str, resources_key: tuple, _scenario: Any) -> Any:
    return _scenario.model_copy(update={"resources": {**_scenario.resources, **dict(resources_key)}})


def _with_resources(scenario: Any, resources: dict[str, int]) -> Any:
    """A copy of the scenario with other resource counts, one object per distinct change
    (so its digest, and with it the cached result, is computed once)."""
    if all(scenario.resources.get(k) == v for k, v in resources.items()):
        return scenario
    from ..engine.rules import cached, digest

    return _scenario_copy(cached(scenario, digest), tuple(sorted(resources.items())), scenario)


@st.cache_resource(show_spinner=False, max_entries=64)
def lint_findings(text: str, name: str, plan: Any) -> tuple[Problem, ...]:
    """What ``python -m sim lint`` says of a valid edited plan, at its lines: an edit can
    load cleanly and still leave a gap or an overlap between two levels."""
    from ..lint import lint_plan
    from ..yaml_source import dotted, parse, position

    found = lint_plan(plan)
    if not found:
        return ()
    _, positions = parse(text, name)
    return tuple(sorted(Problem(name, *position(positions, path), dotted(path), message) for path, message in found))


def parse_plan(text: str, name: str) -> tuple[Any, tuple[Problem, ...]]:
    """An uploaded or edited plan: the plan, or the loader's problems (cached per text)."""
    from ..loader import load_text

    try:
        return load_text(text, name, PLAN_ADAPTER), ()
    except InputError as error:
        return None, tuple(error.problems)
