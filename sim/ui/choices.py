"""The choice widgets every page draws: select boxes, radios, multiselects, select sliders and
section buttons whose shown text follows the language switch, with the choice kept.

A browser keeps the text it drew for a choice: Streamlit sends a keyed widget's options with
their new labels on every run, but the chosen option's text only when the value itself is
sent again. After 中文 → English the boxes would go on showing ``1 秒`` and the Chinese-first
title, and a radio would show no option ticked, until the person chose again. Streamlit
sends the value again when it was written through ``st.session_state``: so on the first run
in a new language each widget's value is written back as it is, before the widget is drawn,
and the browser receives the choice under its new label. The key stays the widget's own key,
read by the pages and addressed by the tests, and the choice is the same one. (Section
buttons Streamlit already sends again when their labels change; they are drawn here too, so
that every choice is drawn one way.)

(Putting the language into the widget's identity instead would need it in the key — with a
key given, Streamlit counts nothing else that could carry it — and every reader of the key
would have to know that.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from .i18n import lang, t

#: ``st.session_state`` entry: widget key -> the language it was last drawn in.
DRAWN_IN = "choices.drawn_in"
#: The kinds that show a placeholder while nothing is chosen.
ASKS = frozenset({"selectbox", "multiselect"})
#: Each kind's parameter that gives its first value; left out when the value is written back,
#: where Streamlit would warn that a widget has both.
FIRST_VALUE = {"selectbox": "index", "radio": "index", "multiselect": "default", "select_slider": "value",
               "segmented_control": "default"}


def _follow_language(kind: str, key: str, kwargs: dict[str, Any]) -> None:
    """Write the widget's value back when the language changed since it was last drawn
    (``kwargs``: the widget's other arguments, its first value left out then)."""
    drawn = st.session_state.setdefault(DRAWN_IN, {})
    language = lang()
    if drawn.get(key, language) != language and key in st.session_state:
        st.session_state[key] = st.session_state[key]
        if kwargs.get(FIRST_VALUE[kind]) is not None:
            del kwargs[FIRST_VALUE[kind]]
    drawn[key] = language


def _draw(kind: str, container: Any, label: str, options: Sequence[Any], key: str, kwargs: dict[str, Any]) -> Any:
    """``container.<kind>`` with its value written back first when the language changed, and
    a box left empty asking in the reader's language (Streamlit's own words are English)."""
    _follow_language(kind, key, kwargs)
    if kind in ASKS:
        kwargs.setdefault("placeholder", t("common.choose_option"))
    return getattr(container, kind)(label, options, key=key, **kwargs)


def selectbox(container: Any, label: str, options: Sequence[Any], *, key: str, **kwargs: Any) -> Any:
    """``container.selectbox`` whose chosen option's text follows the language (see the module)."""
    return _draw("selectbox", container, label, options, key, kwargs)


def radio(container: Any, label: str, options: Sequence[Any], *, key: str, **kwargs: Any) -> Any:
    """``container.radio`` whose ticked option follows the language (see the module)."""
    return _draw("radio", container, label, options, key, kwargs)


def multiselect(container: Any, label: str, options: Sequence[Any], *, key: str, **kwargs: Any) -> list[Any]:
    """``container.multiselect`` whose chosen options' texts follow the language (see the module)."""
    return _draw("multiselect", container, label, options, key, kwargs)


def select_slider(container: Any, label: str, options: Sequence[Any], *, key: str, **kwargs: Any) -> Any:
    """``container.select_slider`` whose shown value follows the language (see the module)."""
    return _draw("select_slider", container, label, options, key, kwargs)


def segmented_control(container: Any, label: str, options: Sequence[Any], *, key: str, **kwargs: Any) -> Any:
    """``container.segmented_control`` whose chosen button follows the language (see the module)."""
    return _draw("segmented_control", container, label, options, key, kwargs)
