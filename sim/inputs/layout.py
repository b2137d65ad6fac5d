"""Where input files live: the one module that knows the folder layout.

A library of inputs is a folder of plans (``<id>.yaml``) with two subfolders, ``scenarios/``
and ``areas/``; a scenario names its plans and its area by id and they are found in the
library the scenario sits in (``plans/scenarios/x.yaml`` → ``plans/<id>.yaml``,
``plans/areas/<id>.yaml``). The project ships one library, :data:`PLANS_DIR`, and the JSON
Schemas of the three kinds of file in :data:`SCHEMA_DIR`. The app's pages read the library
:data:`LIBRARY_ENV` names, so that a county runs its own plans in the app with no code change.
Nothing outside this package spells a folder name.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The project's root (the folder above the ``sim`` package).
ROOT = Path(__file__).resolve().parents[2]
#: The shipped library: plans here, scenarios and areas in its subfolders.
PLANS_DIR = ROOT / "plans"
SCENARIOS = "scenarios"
AREAS = "areas"
SCENARIOS_DIR = PLANS_DIR / SCENARIOS
AREAS_DIR = PLANS_DIR / AREAS
#: The committed JSON Schemas (``<kind>.schema.json``).
SCHEMA_DIR = ROOT / "schema"
#: The library's folders and the kind of document each holds.
FOLDERS = {PLANS_DIR.name: "plan", SCENARIOS: "scenario", AREAS: "area"}
#: Where each kind lives in the library, as a reader is told.
HOMES = {"plan": "plans/*.yaml", "scenario": "plans/scenarios/*.yaml", "area": "plans/areas/*.yaml"}


#: The environment variable naming the library the app's pages read (a folder laid out as
#: ``plans/`` is); unset, they read the shipped one.
LIBRARY_ENV = "TUIYAN_PLANS"
#: Where each kind lives within a library (plans at its top).
WITHIN = {"plan": ".", "scenario": SCENARIOS, "area": AREAS}


def app_library() -> Path:
    """The library the app's pages list, show and run: the folder :data:`LIBRARY_ENV` names,
    else the shipped one. Read at each call, so a page follows the variable it runs under."""
    named = os.environ.get(LIBRARY_ENV, "")
    return Path(named) if named else PLANS_DIR


def kind_folder(kind: str, library: Path) -> Path:
    """The folder of ``library`` holding its files of ``kind`` (``plan``, ``scenario`` or ``area``)."""
    return library / WITHIN[kind] if WITHIN[kind] != "." else library


def library_files(kind: str, library: Path | None = None) -> list[Path]:
    """The files of ``kind`` in ``library`` (the app's, :func:`app_library`, when omitted),
    in name order; none when its folder is missing."""
    folder = kind_folder(kind, app_library() if library is None else library)
    return files_in(folder) if folder.is_dir() else []


def shown_name(path: str | Path) -> str:
    """A file's name as a message shows it: relative to the project for a shipped file
    (``plans/guyang-blackout-2023.yaml``), as given for any other."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def files_in(folder: Path) -> list[Path]:
    """The input files of one folder of a library (``<id>.yaml``), in name order."""
    return sorted(folder.glob("*.yaml"))


def library_of(scenario_path: str | Path) -> Path:
    """The library a scenario file belongs to: the folder above its own."""
    return Path(scenario_path).resolve().parent.parent


def plan_file(library: Path, plan_id: str) -> Path:
    return library / f"{plan_id}.yaml"


def area_file(library: Path, area_id: str) -> Path:
    return library / AREAS / f"{area_id}.yaml"


def scenario_file(scenario_id: str, library: Path = PLANS_DIR) -> Path:
    """A scenario of a library (the shipped one by default) by its id."""
    return library / SCENARIOS / f"{scenario_id}.yaml"


def default_plan_paths() -> list[Path]:
    """``plans/`` of the working directory, else the shipped library."""
    local = Path(PLANS_DIR.name)
    return [local if local.is_dir() else PLANS_DIR]
