"""What the pages read: the plans, scenarios and areas of the app's libraries (the shipped
ones, or the folders ``TUIYAN_PLANS`` names), parsed once and cached.

Parsed files are cached with ``st.cache_resource`` keyed by path, modification time and
size, so an edit on disk is picked up on the next rerun and an unchanged file is never
parsed twice. A file that fails to load is cached too, as its problems, so a broken
plan costs nothing per rerun and is shown, not raised.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from ..errors import InputError, Problem, echoed

from ..inputs import library_files, load_document, locate, read_text, shown_name
from ..inputs.layout import app_libraries, kind_folder
from ..messages import Message, joined
from ..plan import ResponsePlan


@dataclass(frozen=True)
class Loaded:
    """Files of one kind: the valid ones by id, the problems of the rest, content hashes."""

    items: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@st.cache_resource(show_spinner=False, max_entries=256)
def _load_file(path: str, kind: str, mtime_ns: int, size: int) -> tuple[Any, list[Problem], str]:
    """Parse one file; ``mtime_ns`` and ``size`` are only cache keys (a changed file reloads)."""
    try:
        text = read_text(path)
        value = load_document(path, kind)
    except InputError as error:
        return None, list(error.problems), ""
    return value, [], content_hash(text)


@st.cache_resource(show_spinner=False, max_entries=64)
def _same_id(path: str, mtime_ns: int, size: int, key: str, first: str) -> list[Problem]:
    """The problem of a file whose id ``key`` the file ``first``, of a library listed earlier,
    already has: at the line of its ``id``, found once per version of the file (``mtime_ns``
    and ``size`` are only cache keys), not again at every rerun."""
    same = Message("library.same_id", id=echoed(key), first=shown_name(first))
    return list(locate([(("id",), same)], path).problems)


def _load_kind(kind: str) -> Loaded:
    loaded = Loaded()
    for path in library_files(kind):
        try:
            value, problems, digest = _load_file(str(path), kind, *_stamp(path))
        except FileNotFoundError:  # deleted between glob and stat
            continue
        loaded.problems.extend(problems)
        if value is not None:
            key = getattr(value, "id", path.stem)
            if key in loaded.items:  # the same id in two libraries: the one listed first is read
                loaded.problems.extend(_same_id(str(path), *_stamp(path), key, str(loaded.paths[key])))
                continue
            loaded.items[key] = value
            loaded.hashes[key] = digest
            loaded.paths[key] = path
    return loaded


def plans() -> Loaded:
    """The libraries' plans by id."""
    return _load_kind("plan")


def listed_plans(loaded: Loaded) -> list[str]:
    """The plans' ids in the order the pages offer them: response plans first, each kind in
    the order of :func:`~sim.inputs.library_files` (the libraries as named, each's files by
    name: by default the county's own plans before other governments' examples), so a page
    opens on the first library's response plan."""
    return sorted(loaded.items, key=lambda key: not isinstance(loaded.items[key], ResponsePlan))


def scenarios() -> Loaded:
    """The libraries' scenarios by id."""
    return _load_kind("scenario")


def featured(loaded: Loaded) -> str | None:
    """The scenario every page that picks one opens on: the one marked ``featured`` (one that
    shows the product), else the first listed; ``None`` when there is none."""
    return next((key for key, scenario in loaded.items.items() if scenario.featured), next(iter(loaded.items), None))


def folders(kind: str, language: str) -> str:
    """Where the libraries' files of ``kind`` are looked for, as a message names files: a list
    in ``language``."""
    return joined((shown_name(kind_folder(kind, library)) + "/" for library in app_libraries()), language)


def areas() -> Loaded:
    """The libraries' area models by id."""
    return _load_kind("area")


#: More problems than this are summarised: the first ones are what the user fixes first.
SHOWN_PROBLEMS = 12


def show_problems(problems: list[Problem], heading: str) -> None:
    """Bad input as the loader reports it, ``FILE:LINE:COL: path: message``, never a traceback."""
    if problems:
        st.error(heading + "\n\n" + problem_markdown(problems))


def problem_markdown(problems: list[Problem]) -> str:
    """Problems as Markdown list items, in the reader's language; beyond :data:`SHOWN_PROBLEMS`,
    a count of the rest."""
    from .i18n import lang

    language = lang()
    lines = [f"- `{_relative(p, language)}`" for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"- … (+{len(problems) - SHOWN_PROBLEMS})")
    return "\n".join(lines)


def _relative(problem: Problem, language: str) -> str:
    text = Problem(shown_name(problem.file), problem.line, problem.col, problem.path, problem.message).render(language)
    return text.replace("`", "'")
