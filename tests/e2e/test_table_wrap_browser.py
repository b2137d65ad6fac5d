"""Long texts in the app's tables are wrapped, not cut at their column's edge, in a real browser
tab that opens in 中文 and is then switched to English: the Plans page's tables and the Run
page's log, at a laptop's 1,024 px.

Streamlit's table draws on a canvas and decides whether a text needs breaking from the average
width of the characters it has measured in the same font since the tab opened; after Chinese it
judged an English line to fit and drew it whole, clipped at the cell's right edge. A cut text is
therefore ink right against a column's dividing line, where a wrapped or a short text leaves
the cell's padding blank: the screenshot of each table is read for that ink.
"""

from __future__ import annotations

import io

import pytest

from streamlit_server import EXCEPTION, SHOTS, browser_of, new_tab, settle, streamlit_app
from test_every_page import go, language

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
