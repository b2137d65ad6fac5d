"""How wide a table's columns are and how tall its rows, decided from the text they hold.

Streamlit sizes a column to its longest text and draws every row one line tall, so a table of
long texts runs past the page's edge. Here short columns (a time, a level, a count) keep the
width of their text, long texts wrap in wide columns that fit a laptop's page, and the rows
are as tall as the wrapped text of a typical row needs. A text is as wide as
:func:`sim.ui.text_width.drawn_width` estimates it in the table's 14 px type (a Chinese
character an em, any other by the shape of its letter), the estimate the graphs' labels use too.

Streamlit's table breaks a cell's lines itself, and decides whether a text needs breaking by
measuring as many of its characters as a line should hold, counted from the average width of
every character it has measured in the same font since the browser tab opened. After Chinese
(an em a character) that count is too small for English (about half as wide): the English text
measured fits, so the whole line is drawn unbroken and cut at the cell's edge. Each long text
is therefore drawn in a font named for its kind (:func:`cell_fonts`): the same type under
another name, whose average only texts of about its width make.

The same table breaks a line only at a plain space, or anywhere in a word too long for it: a
number and its unit (``36 分钟``) are joined by a no-break space as they are drawn
(:func:`unbroken`), so "晚 36" never ends a line with "分钟" on the next; the Plans page's
Markdown of durations (duties, decision times) and a desk's tasks are drawn so too. The text itself, as the command
line, a CSV or a report gives it, keeps its plain space.

A table's cells are written as they are drawn once per draw (:func:`shown_text`): its columns'
widths, its rows' height and its cells' fonts are decided from that text, and the table draws it.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from collections.abc import Iterator, Sequence
from itertools import takewhile
from typing import Any

import numpy as np
import pandas as pd

from ..messages import wide
from .text_width import drawn_width

#: The size of a table cell's type, in pixels: a Chinese character is as wide.
FONT_PX = 14
#: The space either side of a cell's text, what a header's sort mark adds, and what a line of
#: wrapped text keeps free for a word a little wider than it is counted, in pixels.
PAD_PX, HEADER_EXTRA_PX, WRAP_SLACK_PX = 8, 6, 6
#: The height of a line of cell text, and what a row adds above and below its lines. Streamlit
#: wraps a cell's text only in rows taller than 4 rem (64 px): two lines take a row of 66.
LINE_PX, ROW_PAD_PX, WRAPPING_ROW_PX = 20, 10, 66
#: Lines a row grows to before its longest texts are cut (a cell opened shows all its text);
#: and the lines a row grows to for the column a table is read for (:func:`column_widths`'s
#: ``whole``): a message of a few hundred characters reads whole on a phone, and one long
#: notice does not make every row (Streamlit's rows are all one height) a screen tall.
MAX_LINES, WHOLE_MAX_LINES = 3, 12
#: The rows a table shows before it scrolls, as Streamlit's own height shows one-line rows; and
#: what its header row and its border above and below add to them, in pixels.
SHOWN_ROWS, HEADER_PX, BORDER_PX = 10, 35, 1
#: The widths a table is fitted to, in turn: its page's on a 1,024 px and on a 1,400 px screen
#: with the sidebar open (the page is the window less 462 px, less the table's border), so
#: that a desktop's table ends in view on a laptop of 1,400 px as on a screen of 1,440 px. A
#: phone's is too narrow for any table of several columns: it scrolls.
FIT_PX = (560, 936)
#: What a phone of 390 px shows of a table before it is scrolled sideways (its page less a rem
#: either side, less the table's border): a column a table is read for (:func:`column_widths`'s
#: ``whole``) ends in it.
PHONE_PX = 356
#: A column whose longest text is wider than this wraps it, and is this wide (7 Chinese
#: characters) unless its typical text is shorter. It is wider when its typical text would take
#: more than :data:`MAX_LINES` lines, up to :data:`WRAP_FLOOR_PX` (12 Chinese characters): a
#: longer text is cut where the rows end. A table of many long columns that would not end in a
#: desktop's view even so has them as narrow as :data:`WRAP_MIN_PX`: more of a cell is cut (its
#: cell opened shows it all), but no column is past the page's edge; a table that would not end
#: in view even so (a dozen long columns, the plan's response levels) has them, and then its
#: short columns too, share the page down to :data:`WRAP_LEAST_PX` (5 Chinese characters) or
#: their header, whichever is wider.
WRAP_MIN_PX, WRAP_FLOOR_PX, WRAP_LEAST_PX = 120, 168, 92
#: The share of a column's cells, and of a table's rows, that its width and its rows' height
#: are made for: a rare long text does not make the column wide or every row tall.
TYPICAL = 0.9
#: The rows a long table's typical texts are read from, evenly spread (a long run's log).
SAMPLE_ROWS = 400
#: The names a long text's font gets by its characters' average width, in pixels: narrower than
#: the first, the first weight; else narrower than the second, the second; else the table's own
#: font. Streamlit gives a cell whose CSS sets a ``font-weight`` the font "weight size family",
#: whose name differs from the table's own ("400 14px family") though its normal type is the
#: same. Streamlit's table counts a line as 1.5 times the characters a name's average width fits
#: and breaks a text only when that many are too wide, so each name holds texts whose narrowest
#: is wider than two thirds of its widest (7.5 × 1.5 > 10.5; 10.5 × 1.5 > 14, a Chinese character).
FONT_NAMES = ((7.5, "normal"), (10.5, "400"))
#: A number and the word or per cent after it, parted by a plain space (``36 分钟``, ``20 %``,
#: ``1 h``), and a clock time's date and hour (``07-18 12:00``); a separator after a number
#: (``4.2.1 · 原文``) and a word after a clock time (``12:30 前``) keep their plain space.
_NUMBER_UNIT = re.compile(r"(?<=\d)(?<!:\d\d) (?=[^\W\d_]|%)|(?<=\d\d-\d\d) (?=\d{1,2}:\d\d)")


#: The hyphen of a clock time's date (``07-18 12:30``), after which a browser would break the
#: line: a word joiner after it keeps the date whole.
_DATE_HYPHEN = re.compile(r"(?<=\b\d\d)-(?=\d\d\u00a0\d{1,2}:\d\d)")


def unbroken(text: str) -> str:
    """``text`` as a table or a page draws it: each number joined to its unit, and a clock time's
    date to its hour, by a no-break space, and the date's month to its day by a word joiner,
    so that a line never ends between them."""
    return _DATE_HYPHEN.sub("-\u2060", _NUMBER_UNIT.sub("\u00a0", text))


def text_px(text: str) -> int:
    """The width ``text`` takes in a table cell, in whole pixels."""
    return math.ceil(drawn_width(text, FONT_PX))


def _fitting(text: str, room: int) -> int:
    """How many of ``text``'s first characters a line ``room`` pixels wide holds: one at least."""
    used = 0.0
    for count, c in enumerate(text):
        used += drawn_width(c, FONT_PX)
        if math.ceil(used) > room:
            return max(count, 1)
    return len(text)


def wrapped(text: str, width: int) -> list[str]:
    """``text`` in the lines it takes in a cell ``width`` pixels wide, broken as Streamlit's
    table breaks it: a line holds as many characters as fit, and ends after the last plain space
    among them where there is one (a Chinese text with a space in it too), else anywhere (Chinese
    between any two characters, an English word longer than the line). Each line keeps the spaces
    it ends on, so that the lines joined are ``text``."""
    room = max(width - 2 * PAD_PX - WRAP_SLACK_PX, FONT_PX)
    lines, rest = [], text
    while text_px(rest) > room and len(rest) > 1:
        fit = _fitting(rest, room)
        if rest[fit] != " " and (space := rest.rfind(" ", 0, fit)) > 0:
            fit = space
        while fit < len(rest) and rest[fit] == " ":
            fit += 1
        lines.append(rest[:fit])
        rest = rest[fit:]
    return [*lines, rest] if rest or not lines else lines


#: What a cut text ends on, where the row's lines end: its cell opened shows it whole.
CUT_MARK = "…"
#: The share of a line a cut text is fitted to: the width estimate is up to 3 % under the drawn
#: width, and a cut text that ran one line past its row's would have that line drawn sliced by
#: the row's border.
CUT_SHARE = 0.96


def row_lines(row_height: int | None) -> int:
    """The lines of text a row ``row_height`` pixels tall shows (``None``: Streamlit's one)."""
    return 1 if row_height is None else max(1, (row_height - ROW_PAD_PX) // LINE_PX)


@lru_cache(maxsize=1 << 16)
def cut(text: str, width: int, lines: int) -> str:
    """``text`` as a cell ``width`` pixels wide in a row of ``lines`` lines draws it: whole when it
    takes no more lines, else its start ending on :data:`CUT_MARK` within them. Streamlit's table
    draws every line of a wrapped text from the row's top and clips the one the row's border
    crosses: a text one line too long showed that line sliced in half, over the border."""
    if lines <= 1 or len(wrapped(text, width + WRAP_SLACK_PX)) <= lines:  # within the cell's whole room
        return text
    narrower = int(width * CUT_SHARE)
    kept = "".join(wrapped(text, narrower)[:lines]).rstrip()
    while kept and len(wrapped(kept + CUT_MARK, narrower)) > lines:
        kept = kept[:-1].rstrip()
    return kept + CUT_MARK


def cut_text(text: pd.DataFrame, widths: dict[str, int], row_height: int | None) -> pd.DataFrame:
    """Each cell's shown ``text`` (:func:`shown_text`) as it is drawn in the columns' ``widths``
    and rows ``row_height`` tall (:func:`cut`); a text a column repeats is cut once."""
    lines = row_lines(row_height)
    if lines <= 1:
        return text
    drawn = {}
    for column in text.columns:
        made = {cell: cut(cell, widths[str(column)], lines) for cell in set(text[column])}
        drawn[column] = [made[cell] for cell in text[column]]
    return pd.DataFrame(drawn, index=text.index, columns=text.columns, dtype=object)


def _typical(values: Sequence[Any], key: Any = None) -> Any:
    """The value :data:`TYPICAL` of ``values`` reach, by ``key`` (nearest rank): of a few, the largest."""
    ordered = sorted(values, key=key)
    return ordered[max(0, math.ceil(TYPICAL * len(ordered)) - 1)]


def cell_text(value: Any) -> str:
    """A cell's value as the table draws it: no value, nothing; a number to four decimals at
    most, as Streamlit's table writes one it is given no style for (a ``Styler``'s own default
    writes six, ``1.500000``); any other value's text with each number joined to its unit
    (:func:`unbroken`)."""
    if pd.isna(value):
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return unbroken(str(value))


def shown_text(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` as its table draws it, a :func:`cell_text` for each cell: written once per draw
    and read for the columns' widths (:func:`column_widths`), the rows' height
    (:func:`wrapped_row_height`), the cells' fonts (:func:`cell_fonts`) and the text drawn. Its
    columns hold Python strings: a text column of pandas' own (Arrow) kind is read a cell at a
    time many times slower, and each of those reads every cell."""
    texts = np.frompyfunc(cell_text, 1, 1)(data.to_numpy(dtype=object))
    return pd.DataFrame(texts, index=data.index, columns=data.columns, dtype=object)


def _cells(text: pd.DataFrame) -> dict[str, list[str]]:
    """Each column's shown ``text`` (:func:`shown_text`), of at most :data:`SAMPLE_ROWS` rows
    evenly spread."""
    sample = text.iloc[::-(-len(text) // SAMPLE_ROWS) or 1]
    return {str(column): list(sample[column]) for column in text.columns}


def _cell_px(text: str) -> int:
    """The width of a column that shows ``text`` on one line."""
    return text_px(text) + 2 * PAD_PX + WRAP_SLACK_PX


def _head_px(header: str) -> int:
    """The width of a column that shows its ``header`` whole (a header never wraps)."""
    return text_px(header) + 2 * PAD_PX + HEADER_EXTRA_PX


def _shares(needs: dict[str, int], floors: dict[str, int], room: int) -> dict[str, int] | None:
    """``room`` pixels shared among columns in proportion to what they ``needs``, none below its
    floor; ``None`` when the floors alone take more than ``room``."""
    shares: dict[str, int] = {}
    rest = dict(needs)
    while rest:
        total = sum(rest.values())
        low = {column for column, need in rest.items() if room * need // total < floors[column]}
        if not low:
            return shares | {column: room * need // total for column, need in rest.items()}
        for column in low:
            shares[column] = floors[column]
            room -= floors[column]
            del rest[column]
    return shares if room >= 0 else None


def _floor(header: str, typical: str) -> int:
    """The narrowest a wrapping column gets: its header whole, and its ``typical`` text on one
    line when that is narrower than :data:`WRAP_MIN_PX`, else on :data:`MAX_LINES` lines where
    :data:`WRAP_FLOOR_PX` allows."""
    width = min(WRAP_MIN_PX, _cell_px(typical))
    while width < WRAP_FLOOR_PX and len(wrapped(typical, width)) > MAX_LINES:
        width += PAD_PX // 2
    return max(_head_px(header), min(width, WRAP_FLOOR_PX))


def column_widths(text: pd.DataFrame, whole: str | None = None) -> dict[str, int]:
    """Each column's width in pixels, from its cells' shown ``text`` (:func:`shown_text`). A
    short column (a time, a level, a count) is as wide as its longest text and its header. The
    others wrap their text: when their typical texts (:data:`TYPICAL`) do not all fit on one
    line in what the short ones leave of a laptop's page, else of a desktop's (:data:`FIT_PX`),
    they share it in proportion to those texts, none narrower than its floor (:func:`_floor`),
    or when the floors take more than a desktop's page, none narrower than :data:`WRAP_MIN_PX`
    but the first, where it fits: it names the rows (a unit), and its floor is what each of its
    texts needs, so that "County Bureau of Industry and Science & Technology" reads whole;
    then none narrower than :data:`WRAP_LEAST_PX` or its header, and then the short columns
    too share the page down to that (a unit's name of seven characters wraps); a table too wide
    even so scrolls. The column ``whole`` names, the one a table is read for (a
    message), takes what the columns before it leave of a phone's view (:data:`PHONE_PX`),
    however short or long its texts: sized to short ones, one long text would wrap into a line a
    word."""
    widths: dict[str, int] = {}
    needs: dict[str, int] = {}
    floors: dict[str, int] = {}
    columns = _cells(text)
    for place, (column, cells) in enumerate(columns.items()):
        longest = max(map(_cell_px, cells), default=0)
        if longest <= max(_head_px(column), WRAP_MIN_PX):
            widths[column] = max(_head_px(column), longest)
            continue
        typical = _typical(cells, key=text_px)
        # the first column names its rows (a unit): every name, not a typical one, sets its floor
        floors[column] = max(_floor(column, name) for name in set(cells)) if place == 0 else _floor(column, typical)
        needs[column] = max(floors[column], _cell_px(typical))
    least = {column: max(_head_px(column), min(floor, WRAP_MIN_PX)) for column, floor in floors.items()}
    first = next(iter(columns), None)
    named = least | ({first: floors[first]} if first in floors else {})  # the rows' names whole, where they fit
    headed = {column: max(_head_px(column), min(floor, WRAP_LEAST_PX)) for column, floor in floors.items()}
    wrapping = headed
    for budget, lows in ((FIT_PX[0], floors), (FIT_PX[1], floors), (FIT_PX[1], named), (FIT_PX[1], least),
                         (FIT_PX[1], headed)):
        room = budget - sum(widths.values())
        shared = needs if sum(needs.values()) <= room else _shares(needs, lows, room)
        if shared is not None:
            wrapping = shared
            break
    else:  # the short columns too (a unit's name of 7 characters) wrap, down to their header or WRAP_LEAST_PX
        every = {column: widths.get(column) or needs[column] for column in columns}
        shared = _shares(every, {column: max(_head_px(column), min(need, WRAP_LEAST_PX)) for column, need in every.items()},
                         FIT_PX[1])
        if shared is not None:
            widths, wrapping = {}, shared
    fitted = _in_view({column: widths.get(column) or wrapping[column] for column in columns}, floors)
    if whole in floors:
        start = sum(width for column, width in takewhile(lambda item: item[0] != whole, fitted.items()))
        fitted[whole] = max(PHONE_PX - start, _head_px(whole))
    return fitted


def _in_view(widths: dict[str, int], floors: dict[str, int]) -> dict[str, int]:
    """``widths`` with the wrapping column that a laptop's view (:data:`FIT_PX`) ends in made
    narrower to end in it too, where its floor allows: its lines read without scrolling sideways."""
    start = 0
    for column, width in widths.items():
        if column in floors and start + floors[column] <= FIT_PX[0] < start + width:
            widths[column] = FIT_PX[0] - start
        start += widths[column]
    return widths


def wrapped_row_height(text: pd.DataFrame, widths: dict[str, int], whole: str | None = None) -> int | None:
    """A row height that shows a typical row's longest cell whole, its shown ``text``
    (:func:`shown_text`) wrapped in the columns' ``widths``, up to :data:`MAX_LINES` lines;
    ``None`` (Streamlit's one line) when every typical row fits on one. Every text of the column
    ``whole`` names shows whole up to :data:`WHOLE_MAX_LINES` lines: a table read for it (a
    desk's messages) cuts only a notice longer than that."""
    cells = _cells(text)
    rows = [max((len(wrapped(texts[i], widths[column])) for column, texts in cells.items()), default=1)
            for i in range(len(next(iter(cells.values()), [])))]
    lines = min(MAX_LINES, _typical(rows)) if rows else 1
    if whole is not None:
        lines = max([lines, *(min(WHOLE_MAX_LINES, len(wrapped(cell, widths[whole]))) for cell in text[whole])])
    return None if lines <= 1 else max(WRAPPING_ROW_PX, LINE_PX * lines + ROW_PAD_PX)


def table_height(rows: int, row_height: int | None) -> int | str:
    """The height of a table of ``rows`` rows each ``row_height`` pixels tall (``None``: one line):
    every row up to :data:`SHOWN_ROWS`, then that many and a scroll. Streamlit's own height
    (``"auto"``) is 400 px whatever the rows' height: ten one-line rows, but five rows of
    wrapped text, a short table cut off halfway with nothing to say it goes on."""
    if row_height is None:
        return "auto"
    return min(rows, SHOWN_ROWS) * row_height + HEADER_PX + 2 * BORDER_PX


def _narrow_runs(text: str) -> Iterator[str]:
    """The runs of ``text`` that hold no wide character (an English sentence after a Chinese quote)."""
    run = ""
    for c in text:
        if wide(c):
            if run:
                yield run
            run = ""
        else:
            run += c
    if run:
        yield run


def _font(text: str, width: int) -> str:
    """The CSS that names the font of ``text`` in a column ``width`` pixels wide (:data:`FONT_NAMES`):
    nothing for a text the column holds on one line (whatever part of it is measured fits, and so
    does the whole), or whose characters are about as wide as Chinese. A text of both kinds (a
    Chinese quote, then its English reading) is named by its narrow part when that part alone
    takes a line: Streamlit measures a line from where the last one ended, and a line of English
    measured by Chinese's average would be judged to fit and cut."""
    if _cell_px(text) <= width:
        return ""
    room = width - 2 * PAD_PX - WRAP_SLACK_PX
    narrow = [run for run in _narrow_runs(text) if text_px(run) > room]
    weighed = min(narrow, key=lambda run: text_px(run) / len(run)) if narrow else text
    drawn = text_px(weighed)
    return next((f"font-weight: {name}" for below, name in FONT_NAMES if drawn < below * len(weighed)), "")


def cell_fonts(text: pd.DataFrame, widths: dict[str, int]) -> pd.DataFrame | None:
    """Each cell's CSS naming its font (:func:`_font`) for its shown ``text``
    (:func:`shown_text`), in the columns' ``widths``, for a table's ``Styler``; ``None`` when
    every cell keeps the table's own font. A text a column repeats (a long log's unit) is
    weighed once."""
    fonts = {}
    for column in text.columns:
        named = {cell: _font(cell, widths[str(column)]) for cell in set(text[column])}
        fonts[column] = [named[cell] for cell in text[column]]
    table = pd.DataFrame(fonts, index=text.index)
    return table if table.to_numpy().any() else None
