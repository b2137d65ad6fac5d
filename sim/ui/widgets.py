"""Small drawing helpers the pages share: bilingual columns, tables, the section switch."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache
from html import escape
from math import ceil
from typing import Any

import pandas as pd
import streamlit as st

from ..errors import echoed
from ..messages import HTML_LANG, figure, section, text
from ..markdown import markdown_plain
from . import choices
from .i18n import LANGUAGES, lang, pair, t, tr
from .table_layout import (cell_fonts, cell_text, column_widths, cut, cut_text, row_lines, shown_text, table_height,
                           wrapped_row_height)
from .text_width import drawn_width


def other_language(language: str) -> str:
    return next(code for code in LANGUAGES if code != language)


def bicols(label: str, text: Any, language: str) -> dict[str, str]:
    """A ``{zh, en}`` text as two cells: the chosen language under ``label``, the other beside
    it under ``label`` with that language's name aside (``级别（English）``, ``Level (中文)``)."""
    first, second = pair(text, language)
    return {label: first, label + tr("common.aside", language, text=LANGUAGES[other_language(language)]): second}


#: The largest whole number a page's field carries exactly: a browser's numbers are doubles
#: (JavaScript's ``Number.MAX_SAFE_INTEGER``); past it, two typed numbers arrive as one.
EXACT = 2**53 - 1


def whole_number(container: Any, label: str, key: str, low: int, high: int, value: int = 0,
                 help: str | None = None) -> int | None:
    """A whole number between ``low`` and ``high`` typed by a person; anything else is refused
    with a message under the field (``None``), never quietly replaced by the old value.

    The field itself has no bounds on purpose: a bounded Streamlit field ignores an
    out-of-range entry with only a red outline, and the page would go on with the old value.
    It is a field of decimal numbers for the same reason: Streamlit bounds a field of whole
    numbers by :data:`EXACT` all the same, and a larger entry vanished, the field falling back
    to 0 without a word. The page's own upper bound is the lower of ``high`` and :data:`EXACT`,
    and every message under the field states that one bound (a seed, which the command line
    takes up to 2⁶³ − 1, is typed here up to 2⁵³ − 1); a number past :data:`EXACT` is said to
    be one the page cannot read exactly (9007199254740993 arrives as 9007199254740992).
    """
    typed = clearable_number(container, label, key, value, step=1.0, format="%.0f", help=help)
    inexact, high = high > EXACT, min(high, EXACT)  # the page's own limit, the same in every message below
    if typed is None:
        container.error(t("input.number_missing", **_bounds(low, high)))
        return None
    if inexact and typed > EXACT:  # a bound past what the page reads exactly (a seed)
        container.error(t("input.not_exact", value=plain(typed), **_bounds(low, high)))
        return None
    if typed != int(typed):  # 2.5 is no replication, whatever its size
        container.error(t("input.not_whole", value=plain(typed), **_bounds(low, high)))
        return None
    if not low <= typed <= high:
        container.error(t("input.out_of_range", value=plain(typed), **_bounds(low, high)))
        return None
    return int(typed)


def number(container: Any, label: str, key: str, low: float, high: float, value: float, step: float,
           help: str | None = None) -> float | None:
    """A number between ``low`` and ``high`` typed by a person, as :func:`whole_number` does
    for whole numbers: anything else is refused with a message under the field (``None``)."""
    typed = clearable_number(container, label, key, value, step=float(step), format="%g", help=help)
    if typed is None:
        container.error(t("input.number_missing", **_bounds(low, high)))
        return None
    if not low <= typed <= high:
        container.error(t("input.number_out_of_range", value=plain(typed), **_bounds(low, high)))
        return None
    return float(typed)


def clearable_number(container: Any, label: str, key: str, value: float, step: float, format: str,
                     help: str | None = None) -> float | None:
    """A number field that starts at ``value`` (unless the session already holds one: a value
    set by another page stands) and reads ``None`` once a person clears it.

    Streamlit's field given a starting value falls back to it when emptied — or to 0, when the
    value came from the session instead — so a cleared distance or seed went on as 0 without
    a word. Given no value of its own, a field may be empty: the starting value is put in
    the session before the field is drawn, and the field shows it."""
    if key not in st.session_state:
        st.session_state[key] = float(value)
    return container.number_input(label, value=None, step=step, key=key, help=help, format=format)


def _bounds(low: float, high: float) -> dict[str, str]:
    """A field's bounds as a refusal states them: as people write numbers in the page's
    language (``1,000,000``, ``100万``; :func:`sim.messages.figure`), never ``1e+06``."""
    return {"low": figure(low, lang()), "high": figure(high, lang())}


def plain(value: float) -> str:
    """A number as a person wrote it: ``99999999``, ``0.05`` — never ``1e+08`` — shortened
    when it is long (:func:`sim.errors.echoed`)."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "∞" if value > 0 else "-∞"
    written = format(Decimal(repr(float(value))), "f")  # the shortest digits that are this number
    return echoed(written.rstrip("0").rstrip(".") if "." in written else written, quoted=False)


def upload_mb() -> str:
    """The largest file the app reads, in MB, for an uploader's label: the loader's limit,
    which ``server.maxUploadSize`` in ``.streamlit/config.toml`` repeats for Streamlit's own
    "Limit … per file" (otherwise 200 MB, a promise the loader would break)."""
    from ..inputs import MAX_BYTES

    return f"{MAX_BYTES / 2**20:g}"


def streamlit_words() -> str:
    """A style sheet that writes Streamlit's own words in the chosen language: the file
    uploader's (its button, "Upload", its "… per file" line, and why it refused a file) and
    the title of the button Streamlit adds to every chart's toolbar ("Fullscreen"), and the
    "Skip to main content" link a keyboard's first Tab shows.
    Streamlit draws them in English whatever the page's language and offers no option to
    change them, so the page hides its text and shows the catalogue's in its place (a chart
    button's title is drawn from its ``data-title``, which Streamlit sets in English: the
    title drawn is replaced); the uploader's label already names the file types.

    A file the uploader refuses in the browser (of another type, or too large) never reaches
    the page: Streamlit marks its chip with a red sign and says why, in English, only when
    pointed at. Here the chip says it was not accepted, beside the file's size, and the
    pointer's note says what the uploader takes, in one text for both causes: the style sheet
    cannot tell them apart. Only the note of a refused chip pointed at is rewritten: Streamlit
    draws other widgets' errors in the same kind of note, and a date field's read as the
    uploader's refusal.

    The note a table's toolbar button shows when pointed at (Streamlit's "Search", "Download
    as CSV", …) is drawn apart from the button, which alone names it: the note shown while
    a button is pointed at or focused is written for that button.

    A select box's or multiselect's list when nothing matches what was typed says so in the
    reader's language rather than Streamlit's "No results".

    A toast longer than three lines (a participant's action confirmed, with the duty's words)
    is cut with an English "view more" to open it: a toast here shows its whole text instead,
    without that button."""
    def css(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    button = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    limit = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    refused = '[data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"] + div'
    # A refused chip's note, while the chip is pointed at or focused (the note is drawn apart from it).
    why = ('body:has([data-testid="stTooltipErrorHoverTarget"]:is(:hover, :focus-within) '
           '[data-testid="stFileChip"][aria-invalid="true"]) [data-testid="stTooltipErrorContent"]')
    skip = '[data-testid="stSkipToContent"]'
    toast, more = '[data-testid="stToastText"]', '[data-testid="stToastViewButton"]'
    empty = '[role="listbox"][data-empty="true"] [role="option"] span'
    note = '[data-testid="stTooltipContent"] [data-testid="stMarkdownContainer"] p'
    tools = "".join(
        f"body:has({pointed}) {note} {{ font-size: 0; }}"
        f"body:has({pointed}) {note}::after {{ content: {css(t(key))}; font-size: 0.875rem; }}"
        for key in STREAMLIT_TOOLBAR_BUTTONS
        for pointed in (f'[data-testid="stElementToolbar"] button[aria-label={css(tr(key, "en"))}]:hover',
                        f'[data-testid="stElementToolbar"] button[aria-label={css(tr(key, "en"))}]:focus-visible'))
    charts = "".join(
        f".js-plotly-plot .plotly .modebar-btn[data-title={css(tr(key, 'en'))}]::after {{ content: {css(t(key))}; }}"
        for key in STREAMLIT_CHART_BUTTONS)
    return (
        "<style>"
        f"{button}, {limit} {{ font-size: 0; }}"
        f"{button}::after {{ content: {css(t('upload.button'))}; font-size: 0.875rem; }}"
        f"{limit}::after {{ content: {css(t('upload.limit', mb=upload_mb()))}; font-size: 0.875rem; }}"
        f"{refused}::after {{ content: {css(' · ' + t('upload.refused_mark'))}; color: #ff4b4b; }}"
        f"{why} {{ font-size: 0; }}"
        f"{why}::after {{ content: {css(t('upload.refused', mb=upload_mb()))}; font-size: 0.875rem; }}"
        f"{skip} {{ font-size: 0 !important; }}"  # its own style sets a size of its own
        f"{skip}::after {{ content: {css(t('page.skip_to_main'))}; font-size: 0.875rem; }}"
        f"{toast} {{ display: block !important; -webkit-line-clamp: unset !important; overflow: visible !important; }}"
        f"{more} {{ display: none !important; }}"
        f"{empty} {{ font-size: 0; }}"
        f"{empty}::after {{ content: {css(t('page.no_match'))}; font-size: 0.875rem; }}"
        f"{charts}{tools}"
        "</style>"
    )


#: The buttons Streamlit adds to a chart's toolbar, by their catalogue entries.
STREAMLIT_CHART_BUTTONS = ("chart_tool.fullscreen", "chart_tool.close_fullscreen")
#: The buttons of the toolbar Streamlit draws above a table or a chart, by their catalogue entries.
STREAMLIT_TOOLBAR_BUTTONS = ("table_tool.columns", "table_tool.download", "table_tool.search", *STREAMLIT_CHART_BUTTONS)


def form(key: str, clear_on_submit: bool = False) -> Any:
    """A form submitted by its button alone. Streamlit's own (Enter submits) writes "Press
    Enter to submit form" under each of its text boxes, in English whatever the page's
    language, and sends a form again at each Enter in a box that still holds what was sent."""
    return st.form(key, clear_on_submit=clear_on_submit, enter_to_submit=False)


def metric_row(pairs: Sequence[tuple[str, str]]) -> None:
    """Metrics side by side, ``(label, value)`` each, their values on one line: the columns
    are bottom-aligned, so a label that wraps (a narrow column, a longer English label) grows
    upwards instead of pushing its value below its neighbours'."""
    for column, (label, value) in zip(st.columns(len(pairs), vertical_alignment="bottom"), pairs):
        column.metric(label, value)


def download(container: Any, label: str, data: str | bytes, file_name: str, mime: str, key: str | None = None,
             held_back: str | None = None) -> None:
    """A button that hands over a file without running the page again; ``held_back``, why it
    hands over nothing yet (the button disabled, the reason said under it).

    Streamlit's default reruns the page on the click while the browser fetches the file, and
    a rerun first lets go of the page's files: on a busy server, where every other session's
    run ends by deleting the files no page holds, the file can be gone before the browser asks
    for it, and the download fails. Handing over a file changes nothing on the page, so the
    click runs nothing."""
    container.download_button(label, data, file_name, mime, key=key, on_click="ignore", disabled=held_back is not None)
    if held_back is not None:
        container.caption(held_back)


def chart(container: Any, figure: Any, key: str) -> None:
    """A Plotly figure in ``container`` whose toolbar speaks the reader's language.

    Plotly writes its toolbar's tooltips and notices ("Zoom", "Download plot as a PNG")
    in English unless the chart's configuration names a locale and gives that locale's
    dictionary (Plotly's ``locale`` and ``locales`` options), which maps each English text
    to the reader's: the catalogue's ``chart_tool.`` entries."""
    container.plotly_chart(figure, key=key, config=_chart_config(lang()))


@lru_cache(maxsize=None)
def _chart_config(language: str) -> dict[str, Any]:
    """Plotly's configuration for a reader of ``language``: made once per language, not
    for every chart of every rerun (the catalogue is read through for its entries)."""
    locale = HTML_LANG[language]
    words = {text(f"chart_tool.{key}", "en"): text(f"chart_tool.{key}", language) for key in section("chart_tool.")}
    return {"locale": locale, "locales": {locale: {"dictionary": words}}}


def table(rows: Sequence[dict[str, Any]], key: str | None = None, height: int | str = "auto") -> None:
    """Rows as a read-only, index-free dataframe; nothing at all for no rows."""
    if not rows:
        st.caption(t("common.none"))
        return
    frame(pd.DataFrame(rows), key=key, height=height)


def _parted(data: pd.DataFrame, text: pd.DataFrame) -> bool:
    """Whether a text of ``data`` is drawn otherwise than it is written (its drawn ``text``
    joins a number to its unit, or is cut where the row's lines end): only a styled table can
    draw it so."""
    return any(isinstance(value, str) and value != shown
               for value, shown in zip(data.to_numpy().flat, text.to_numpy().flat))


def _drawing(data: pd.DataFrame, widths: dict[str, int], lines: int) -> Any:
    """``data``'s ``Styler`` that draws each cell as its shown text was written
    (:func:`sim.ui.table_layout.cell_text`, the one function :func:`shown_text` writes it by),
    cut where its row's ``lines`` end in its column's width (:func:`sim.ui.table_layout.cut`),
    and a missing value as nothing (a ``Styler``'s own default writes ``nan``). A ``Styler``
    hands its formatter a cell's value alone, so the text is written from the value: looked
    up by value instead, two values that compare equal (``True`` and ``1``, ``0.0`` and
    ``-0.0``) would share one text, and a value that cannot be a key would break the page.
    Only the drawn text is cut: the cell's value, which the cell shows when it is opened, is whole."""
    return data.style.format({column: (lambda value, width=widths[str(column)]: cut(cell_text(value), width, lines))
                              for column in data.columns}, na_rep="")


def frame(data: pd.DataFrame, key: str | None = None, height: int | str = "auto",
          style: Callable[[pd.Series], list[str]] | None = None, whole: str | None = None) -> None:
    """A dataframe whose long text cells wrap in wide columns and short ones sit in narrow
    columns, instead of every column as wide as its longest text and the table cut at the
    page's edge; ``style`` gives each row's cells their CSS (``Styler.apply``). A long text's
    font is named for its kind, so that English wraps after Chinese too (:mod:`sim.ui.table_layout`).
    Unless ``height`` says otherwise, up to ten rows show however tall they are; the column
    ``whole`` names, the one the table is read for, shows every text whole, within a phone's view.
    A text longer than its row's lines ends on "…" where they end, and shows whole when its cell
    is opened. The table shows a number joined to its unit; its data, as a download or a test
    reads it, keeps the text as it was given."""
    text = shown_text(data)
    widths = column_widths(text, whole)
    row_height = wrapped_row_height(text, widths, whole)
    if height == "auto":
        height = table_height(len(data), row_height)
    drawn = cut_text(text, widths, row_height)
    fonts = cell_fonts(drawn, widths)
    shown: Any = data
    if style or fonts is not None or _parted(data, drawn):
        shown = _drawing(data, widths, row_lines(row_height))
        if style:
            shown = shown.apply(style, axis=1)
        if fonts is not None:
            shown = shown.apply(lambda _: fonts, axis=None)
    st.dataframe(shown, hide_index=True, key=key, height=height, row_height=row_height,
                 column_config={column: st.column_config.Column(width=width) for column, width in widths.items()})


#: The most digits a number in a link may have to name anything (a drill, an improvement
#: item): more is no id the database holds (and Python refuses to read 4,300 of them).
LINK_DIGITS = 18


def link_number(value: str | None) -> int | None:
    """The whole number a link's parameter gives (``?drill=3``), or None for anything else.
    Only the digits 0-9 count: ``str.isdigit`` also takes ``²`` and other scripts' digits,
    some of which ``int`` then refuses with a traceback."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > LINK_DIGITS:
        return None
    return int(value)


def said_back(value: str) -> str:
    """What a person typed, or a link's parameter, as a message repeats it: its start
    (:func:`sim.errors.echoed`), shown as it is written (:func:`markdown_plain`), never a link
    or bold text of its own."""
    return markdown_plain(echoed(value, quoted=False))


def sections(key: str, options: Sequence[str], label_key: str | None = None) -> str:
    """A row of section buttons; only the chosen section is drawn, which keeps reruns fast.

    Options are label keys of :mod:`sim.ui.i18n`, so the choice survives a language switch.
    """
    choice = choices.segmented_control(
        st, t(label_key) if label_key else " ", list(options), format_func=t, key=key,
        default=options[0], required=True,
        label_visibility="visible" if label_key else "collapsed",
    )
    return choice or options[0]


def dot_label(text: Any, language: str | None = None) -> str:
    """A ``{zh, en}`` text as a two-line graphviz label (chosen language on top)."""
    first, second = pair(text, language or lang())
    label = f"{first}\\n{second}" if second else first
    return label.replace('"', '\\"')


def dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


#: Space kept around an edge's label, in points: its line runs beside the label, not through it.
EDGE_LABEL_MARGIN = 4


#: The size Streamlit draws every graph's text at, in the graph's points: its own style sheet
#: sets it (0.8 of its 12 px type) over whatever size the DOT gives.
GRAPH_TEXT_SIZE = 9.6


def dot_edge_label(lines: Sequence[str]) -> str:
    """An edge's label as a graphviz HTML-like label: its lines in a borderless cell as wide
    as they are drawn (:func:`drawn_width` at :data:`GRAPH_TEXT_SIZE`) with
    :data:`EDGE_LABEL_MARGIN` around them, so the layout keeps the label clear of its own line,
    of the other edges and of the nodes beside it. Graphviz itself measures text by a Latin
    font's widths at the DOT's size: the room it would keep for a Chinese label is narrower
    than the label as drawn.

    The lines start at the cell's left edge: graphviz centres a line by the width it measured,
    so a centred line drawn wider would run out of the cell on the right, onto the arrowhead."""
    width = max((drawn_width(line, GRAPH_TEXT_SIZE) for line in lines), default=0.0)
    body = "<br/>".join(escape(line) for line in lines)
    return (f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="{EDGE_LABEL_MARGIN}">'
            f'<tr><td width="{ceil(width)}" align="left" balign="left">{body}</td></tr></table>>')
