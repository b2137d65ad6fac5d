"""Where input files live: the one module that knows the folder layout.

A library of inputs is a folder of plans (``<id>.yaml``) with two subfolders, ``scenarios/``
and ``areas/``; a scenario names its plans and its area by id and they are found in the
library the scenario sits in (``plans/scenarios/x.yaml`` → ``plans/<id>.yaml``,
``plans/areas/<id>.yaml``). The project ships two libraries, :data:`LIBRARIES`: the county's,
:data:`PLANS_DIR`, and inside it :data:`EXAMPLES_DIR`, of other governments' plans with their
own scenarios and areas; and the JSON Schemas of the three kinds of file in :data:`SCHEMA_DIR`. The app's
pages read the libraries :data:`LIBRARY_ENV` names — so that a county runs its own plans in the
app with no code change — or else the two shipped ones. Nothing outside this package spells a
folder name.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The project's root (the folder above the ``sim`` package).
ROOT = Path(__file__).resolve().parents[2]
#: The county's shipped library: plans here, scenarios and areas in its subfolders.
PLANS_DIR = ROOT / "plans"
SCENARIOS = "scenarios"
AREAS = "areas"
AREAS_DIR = PLANS_DIR / AREAS
#: The committed JSON Schemas (``<kind>.schema.json``).
SCHEMA_DIR = ROOT / "schema"
#: Where each kind lives within a library (plans at its top): the one table of the layout,
#: from which the two below are read.
WITHIN = {"plan": ".", "scenario": SCENARIOS, "area": AREAS}
#: The shipped library's folders by name and the kind of document each holds.
FOLDERS = {(PLANS_DIR.name if folder == "." else folder): kind for kind, folder in WITHIN.items()}
#: Where each kind lives in the shipped library, as a reader is told (``plans/scenarios/*.yaml``).
HOMES = {kind: (Path(PLANS_DIR.name) / folder / "*.yaml").as_posix() for kind, folder in WITHIN.items()}


#: The example library: other governments' plans, each run by a scenario on an area of its own.
EXAMPLES_DIR = PLANS_DIR / "examples"
#: The libraries the project ships, the county's first: what the pages offer by default.
LIBRARIES = (PLANS_DIR, EXAMPLES_DIR)
#: The environment variable naming the libraries the app's pages read instead of the shipped
#: ones: one folder laid out as ``plans/`` is, or several joined by the system's path
#: separator (``:`` on Linux), listed in that order.
LIBRARY_ENV = "TUIYAN_PLANS"


def app_libraries() -> tuple[Path, ...]:
    """The libraries the app's pages list, show and run: the folders :data:`LIBRARY_ENV`
    names, else the shipped ones. Read at each call, so a page follows the variable it runs
    under."""
    named = [part for part in os.environ.get(LIBRARY_ENV, "").split(os.pathsep) if part]
    return tuple(Path(part) for part in named) if named else LIBRARIES


def kind_folder(kind: str, library: Path) -> Path:
    """The folder of ``library`` holding its files of ``kind`` (``plan``, ``scenario`` or ``area``)."""
    return library / WITHIN[kind]  # a plan's "." adds nothing: pathlib drops it


def library_files(kind: str, libraries: tuple[Path, ...] | None = None) -> list[Path]:
    """The files of ``kind`` in ``libraries`` (the app's, :func:`app_libraries`, when
    omitted): each library's in name order, the libraries in theirs (the county's before the
    examples), so that a page opens on the first; none from a library whose folder is missing."""
    folders = [kind_folder(kind, library) for library in (app_libraries() if libraries is None else libraries)]
    return [path for folder in folders if folder.is_dir() for path in files_in(folder)]


def resolved(path: str | Path) -> Path:
    """``path`` absolute, with its symbolic links followed as far as they lead. A loop of
    links (``a`` → ``b`` → ``a``), on which ``Path.resolve`` raises, is left where it loops:
    reading or writing it is then refused with its reason, at the file's name."""
    return Path(os.path.realpath(path))


def shown_name(path: str | Path) -> str:
    """A file's name as a message shows it: relative to the project for a shipped file
    (``plans/guyang-blackout-2023.yaml``), as given for any other."""
    try:
        return resolved(path).relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def files_in(folder: Path) -> list[Path]:
    """The input files of one folder of a library (``<id>.yaml``), in name order."""
    return sorted(folder.glob("*.yaml"))


def library_of(scenario_path: str | Path) -> Path:
    """The library a scenario file belongs to: the folder above its own."""
    return resolved(scenario_path).parent.parent


def plan_file(library: Path, plan_id: str) -> Path:
    return kind_folder("plan", library) / f"{plan_id}.yaml"


def area_file(library: Path, area_id: str) -> Path:
    return kind_folder("area", library) / f"{area_id}.yaml"


def scenario_file(scenario_id: str, library: Path = PLANS_DIR) -> Path:
    """A scenario of a library (the county's shipped one by default) by its id."""
    return kind_folder("scenario", library) / f"{scenario_id}.yaml"


def default_plan_paths() -> list[Path]:
    """``plans/`` of the working directory, else the shipped library."""
    local = Path(PLANS_DIR.name)
    return [local if local.is_dir() else PLANS_DIR]


def with_parts(folder: Path) -> list[Path]:
    """``folder`` and, when it is a library, the subfolders of its scenarios and areas: what
    checking a library checks (its plans alone would leave the scenarios that run them,
    and the areas they run on, unchecked without a word)."""
    return [folder, *(part for name in (AREAS, SCENARIOS) if (part := folder / name).is_dir())]
