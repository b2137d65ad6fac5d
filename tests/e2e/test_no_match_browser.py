"""A select box whose typed filter matches nothing says so in the reader's language.

Streamlit's select boxes and multiselects say "No results" in English whatever the page's
language; the page's style sheet writes the catalogue's words in its place
(:func:`sim.ui.widgets.streamlit_words`).
"""

from __future__ import annotations

import pytest

from sim.messages import text
from streamlit_server import browser_of, new_tab, settle, streamlit_app

pytestmark = pytest.mark.e2e

#: The empty list's words as drawn: Streamlit's text, or the style sheet's in its place.
EMPTY = """() => [...document.querySelectorAll('[role="listbox"][data-empty="true"] [role="option"] span')]
  .map(e => getComputedStyle(e).fontSize === '0px' ? getComputedStyle(e, '::after').content : e.textContent)"""


def test_a_select_box_that_matches_nothing_says_so_in_the_readers_language():
    from playwright.sync_api import sync_playwright

    with streamlit_app("streamlit-no-match.log") as url, sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, 1440, 1000)
        for language in ("zh", "en"):
            page.goto(f"{url}/?lang={language}")
            settle(page)
            page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
            page.keyboard.type("zzzz")
            page.wait_for_selector('[role="listbox"][data-empty="true"]')
            assert page.evaluate(EMPTY) == [f'"{text("page.no_match", language)}"']
            page.keyboard.press("Escape")
        browser.close()
