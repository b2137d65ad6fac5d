"""Long texts in the app's tables are wrapped, not cut at their column's edge, in a real browser
tab that opens in 中文 and is then switched to English: the Plans page's tables and the Run
page's log, at a laptop's 1,024 px; and at a desktop's 1,440 px, every column of a table of many
long columns is in view, and a text longer than its row's lines is cut cleanly where they end.

Streamlit's table draws on a canvas and decides whether a text needs breaking from the average
width of the characters it has measured in the same font since the tab opened; after Chinese it
judged an English line to fit and drew it whole, clipped at the cell's right edge. A cut text is
therefore ink right against a column's dividing line, where a wrapped or a short text leaves
the cell's padding blank: the screenshot of each table is read for that ink.
"""

from __future__ import annotations

import io

import pytest

from sim.inputs.loader import load_plan
from sim.messages import text
from sim.ui.plans_page import BAN_SECTIONS, RESPONSE_SECTIONS
from streamlit_server import EXCEPTION, ROOT, SHOTS, browser_of, new_tab, settle, streamlit_app
from test_every_page import go, language
from test_whatif_browser import pick

pytestmark = pytest.mark.e2e

#: The part of a table's header row, in pixels, left out of the search for dividing lines and ink.
HEADER_PX = 40
#: Pixels left of a dividing line that a cell's text never reaches unless it is cut (a cell's
#: padding is 8).
EDGE_PX = 5
#: Grey levels: a dividing line is lighter than ink and darker than the page; ink is darker.
LINE, INK = (200, 250), 150


def cut_columns(png: bytes) -> list[int]:
    """The x of each column line in a table's screenshot with ink right against its left side."""
    import numpy as np
    from PIL import Image

    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=int)[HEADER_PX:-3]
    lines = [x for x in range(EDGE_PX + 1, grey.shape[1] - 1)
             if ((grey[:, x] >= LINE[0]) & (grey[:, x] < LINE[1])).mean() > 0.9]
    return [x for x in lines if (grey[:, x - EDGE_PX:x] < INK).any()]


def sliced_rows(png: bytes) -> list[int]:
    """The y of each row line in a table's screenshot with ink right above it: a text's line
    that the row's border crosses (Streamlit draws a text's lines from the row's top and clips
    the one that runs past its foot), where a text cut within the row's lines leaves its foot blank."""
    import numpy as np
    from PIL import Image

    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=int)[HEADER_PX:, 3:-3]
    lines = [y for y in range(EDGE_PX, grey.shape[0])
             if ((grey[y] >= LINE[0]) & (grey[y] < LINE[1])).mean() > 0.9]
    return [y + HEADER_PX for y in lines if (grey[y - 2:y] < INK).any()]


#: Whether a table scrolls sideways: its grid is wider than the box that shows it.
SCROLLS = "e => { const s = e.querySelector('.dvn-scroller'); return !!s && s.scrollWidth > s.clientWidth + 1; }"


def desktop_faults(page, where: str) -> list[str]:
    """Each table on the page that scrolls sideways or draws a line sliced by a row's border,
    its screenshot kept."""
    found = []
    tables = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]')
    for i in range(tables.count()):
        tables.nth(i).scroll_into_view_if_needed()
        page.wait_for_timeout(500)  # the canvas draws on the next frames
        png = tables.nth(i).screenshot(path=str(SHOTS / f"desk-{where}-{i}.png"))
        if tables.nth(i).evaluate(SCROLLS):
            found.append(f"{where}: table {i + 1} runs past the page's edge")
        if sliced := sliced_rows(png):
            found.append(f"{where}: table {i + 1} draws a line over the row border at y = {sliced}")
    return found


def cut_tables(page, where: str) -> list[str]:
    """Each table on the page whose texts are cut at a column's edge, its screenshot kept."""
    found = []
    tables = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]')
    for i in range(tables.count()):
        tables.nth(i).scroll_into_view_if_needed()
        page.wait_for_timeout(500)  # the canvas draws on the next frames
        png = tables.nth(i).screenshot(path=str(SHOTS / f"wrap-{where}-{i}.png"))
        if cut := cut_columns(png):
            found.append(f"{where}: table {i + 1} cuts text at the column line at x = {cut}")
    return found


def test_long_texts_wrap_in_both_languages_in_a_tab_that_opened_in_chinese():
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with streamlit_app("streamlit-table-wrap.log") as url, sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, 1024, 1400)
        page.goto(url)
        settle(page)
        for lang, name in (("zh", "中文"), ("en", "English")):
            if lang == "en":
                language(page, name)
            go(page, "plans")
            problems += cut_tables(page, f"plans-{lang}")
            go(page, "run")
            if lang == "zh":
                page.get_by_role("button", name="运行", exact=True).click()
                page.wait_for_selector('[data-testid="stMetric"]')
                settle(page)
            problems += cut_tables(page, f"run-{lang}")
            assert not page.locator(EXCEPTION).count()
        browser.close()
    assert not problems, "\n".join(problems)


BAN = load_plan(ROOT / "plans" / "guyang-fire-ban-2023.yaml")


def section(page, index: int) -> None:
    page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').first.locator("button").nth(index).click()
    settle(page)


def test_at_1440_px_a_table_of_many_long_columns_is_in_view_and_a_long_text_ends_cleanly_in_both_languages():
    """The Plans page's response levels (ten columns) end in a desktop's view rather than past
    its edge, and the fire ban's penalties and the Run log cut a long text at their rows' three
    lines (its cell opened shows it whole) rather than draw a fourth line sliced by the border."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with streamlit_app("streamlit-table-desktop.log") as url, sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, 1440, 900)
        page.goto(url)
        settle(page)
        for lang, name in (("zh", "中文"), ("en", "English")):
            if lang == "en":
                language(page, name)
            go(page, "plans")
            section(page, RESPONSE_SECTIONS.index("plans.response"))
            problems += desktop_faults(page, f"plans-response-{lang}")
            pick(page, text("plans.pick", lang), getattr(BAN.title, lang))
            section(page, BAN_SECTIONS.index("common.penalties"))
            problems += desktop_faults(page, f"plans-penalties-{lang}")
            go(page, "run")
            if lang == "zh":
                page.get_by_role("button", name="运行", exact=True).click()
                page.wait_for_selector('[data-testid="stMetric"]')
                settle(page)
            problems += desktop_faults(page, f"run-{lang}")
            assert not page.locator(EXCEPTION).count()
        browser.close()
    assert not problems, "\n".join(problems)
