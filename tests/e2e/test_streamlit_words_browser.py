"""Streamlit's own words, drawn in English whatever the page's language, read in the reader's.

A select box or multiselect whose typed filter matches nothing says "No results", and a
table's toolbar buttons say "Search", "Download as CSV", … when pointed at; the page's style
sheet writes the catalogue's words in their place (:func:`sim.ui.widgets.streamlit_words`).
"""

from __future__ import annotations

import pytest

from sim.messages import text
from streamlit_server import browser_of, new_tab, settle, streamlit_app

pytestmark = pytest.mark.e2e

#: The empty list's words as drawn: Streamlit's text, or the style sheet's in its place.
EMPTY = """() => [...document.querySelectorAll('[role="listbox"][data-empty="true"] [role="option"] span')]
  .map(e => getComputedStyle(e).fontSize === '0px' ? getComputedStyle(e, '::after').content : e.textContent)"""


@pytest.fixture(scope="module")
def opened():
    """One app and one browser tab for both tests: a function that opens the app's first page
    in a language and gives the tab, at rest."""
    from playwright.sync_api import sync_playwright

    with streamlit_app("streamlit-words.log") as url, sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, 1440, 1000)

        def in_language(language: str):
            page.goto(f"{url}/?lang={language}")
            settle(page)
            return page

        yield in_language
        browser.close()


def test_a_select_box_that_matches_nothing_says_so_in_the_readers_language(opened):
    for language in ("zh", "en"):
        page = opened(language)
        page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
        page.keyboard.type("zzzz")
        page.wait_for_selector('[role="listbox"][data-empty="true"]')
        assert page.evaluate(EMPTY) == [f'"{text("page.no_match", language)}"']
        page.keyboard.press("Escape")


#: The note drawn for the toolbar button pointed at: Streamlit's text, or the style sheet's in its place.
NOTE = """() => [...document.querySelectorAll('[data-testid="stTooltipContent"] [data-testid="stMarkdownContainer"] p')]
  .filter(e => e.getClientRects().length)
  .map(e => getComputedStyle(e).fontSize === '0px' ? getComputedStyle(e, '::after').content : e.textContent)"""


def test_a_tables_toolbar_buttons_say_what_they_do_in_the_readers_language_when_pointed_at(opened):
    for language in ("zh", "en"):
        page = opened(language)
        for key in ("table_tool.columns", "table_tool.download", "table_tool.search", "chart_tool.fullscreen"):
            page.locator('[data-testid="stDataFrame"]').first.hover()  # the toolbar shows over its table
            page.locator(f'[data-testid="stElementToolbar"] button[aria-label="{text(key, "en")}"]').first.hover()
            page.wait_for_function(f"() => ({NOTE})().length === 1", timeout=10_000)
            assert page.evaluate(NOTE) == [f'"{text(key, language)}"'], key
