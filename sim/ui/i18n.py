"""The app's language switch, and its labels from the one catalogue (:mod:`sim.messages`).

The language is a single sidebar radio whose value lives in ``st.session_state["lang"]``;
every page asks :func:`t` for its labels, so switching it relabels the whole app. Data
from the plans is already bilingual (``{zh, en}``): :func:`bi` and :func:`pair` show the
chosen language first and the other beside it, because users read Chinese first but
trainers and visitors may not.
"""

from __future__ import annotations

from typing import Any

from .. import messages
from ..messages import pick  # noqa: F401  (the one pick of a language, for the pages)

LANGUAGES = messages.LANGUAGE_NAMES
DEFAULT = "zh"
STATE_KEY = "lang"


def lang() -> str:
    """The language chosen in this browser session (Chinese until the user switches)."""
    import streamlit as st

    value = st.session_state.get(STATE_KEY, DEFAULT)
    return value if value in LANGUAGES else DEFAULT


def tr(key: str, language: str, **fmt: Any) -> str:
    """The catalogue's text ``key`` in ``language``; unknown keys fail loudly in tests, not silently."""
    return messages.text(key, language, **fmt)


def t(key: str, **fmt: Any) -> str:
    """The label ``key`` in the session's language."""
    return tr(key, lang(), **fmt)


def pair(text: Any, language: str | None = None) -> tuple[str, str]:
    """(chosen, other) of a ``{zh, en}`` text (a model or a dict), each as :func:`pick` reads
    it; plain strings pass through."""
    if text is None:
        return "", ""
    if isinstance(text, str) and not isinstance(text, messages.Message):
        return text, ""
    language = language or lang()
    return pick(text, language), pick(text, messages.other_language(language))


def bi(text: Any, language: str | None = None, sep: str = " · ") -> str:
    """The chosen language first, the other beside it: ``指挥部 · Headquarters``."""
    first, second = pair(text, language)
    return f"{first}{sep}{second}" if second and second != first else first
