"""Every page, in both languages, at desktop, laptop and phone width, in a real browser.

At 1440, 1024 and 390 px wide, in 中文 and in English, each page of the app is visited
(the Run page runs the scenario it opens on, the walk-through steps) and checked for what
a user would meet: an exception, a page wider than the screen (something cut off), an id
where a name belongs (``warning.propose``, ``publicity_dept``, ``fire-5@corridor``), and in
中文 an English-only message. Screenshots go to ``artifacts/screenshots/`` (the README's
come from here).
"""

from __future__ import annotations

import re

import pytest

from sim.ui.shell import PAGES
from id_shapes import ids_in
from streamlit_server import ARGS, CHROMIUM, EXCEPTION, SHOTS, TIMEOUT_MS, streamlit_app

pytestmark = pytest.mark.e2e

WIDTHS = (1440, 1024, 390)
#: Words a person may read in either language: proper names and units.
PROPER = re.compile(r"Tuiyan|Streamlit|YAML|JSON|CSV|HTML|Markdown|Excel|PostgreSQL|SQLite|\bMW\b|\bkV\b")
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{3,}(?:[ ,'-]+[A-Za-z]{2,}){2,}")
#: Where a person reads: labels, text, alerts, metrics, table headers and cells, chart titles and legends.
TEXTS = """() => [...document.querySelectorAll(
  '[data-testid="stMain"] [data-testid="stMarkdownContainer"], [data-testid="stMain"] [data-testid="stWidgetLabel"],'
  + '[data-testid="stMain"] button, [data-testid="stMetricValue"], [data-testid="stAlert"],'
  + '[data-testid="stMain"] [role="columnheader"], .gtitle, .legendtext, .xtitle, .ytitle, .annotation-text')
].map(e => e.textContent.trim()).filter(Boolean)"""
#: Figures cut off with an ellipsis (a metric's value wider than its column).
CUT = """() => [...document.querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMetricValue"] *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())"""
CELLS = """() => [...document.querySelectorAll('[data-testid="stMain"] [role="gridcell"]')]
  .map(e => e.textContent.trim()).filter(Boolean)"""


def settle(page) -> None:
    page.wait_for_selector('[data-testid="stMain"] h1')
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')
                 && !document.querySelector('[data-testid="stStatusWidget"] button')""",
        timeout=TIMEOUT_MS,
    )
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=TIMEOUT_MS)
    page.wait_for_timeout(600)


def sidebar(page) -> None:
    """Open the sidebar (collapsed at phone width)."""
    button = page.locator('[data-testid="stExpandSidebarButton"]')
    if button.count() and button.first.is_visible():
        button.first.click()
        page.wait_for_timeout(400)


def close_sidebar(page) -> None:
    """At phone width the open sidebar covers the page: close it again."""
    if page.viewport_size["width"] >= 640:
        return
    button = page.locator('[data-testid="stSidebarCollapseButton"] button')
    if button.count() and button.first.is_visible():
        button.first.click()
        page.wait_for_timeout(400)


def go(page, url_path: str) -> None:
    sidebar(page)
    index = [entry[1] for entry in PAGES].index(url_path)
    page.locator('[data-testid="stSidebarNav"] a').nth(index).click()
    if index:
        page.wait_for_url(f"**/{url_path}")
    settle(page)
    close_sidebar(page)


def language(page, name: str) -> None:
    sidebar(page)
    page.locator('[data-testid="stSidebar"]').get_by_text(name, exact=True).click()
    settle(page)
    close_sidebar(page)


def findings(page, where: str, chinese: bool) -> list[str]:
    found = []
    if page.locator(EXCEPTION).count():
        found.append(f"{where}: an exception is shown")
    wide, screen = page.evaluate("() => [document.querySelector('[data-testid=\"stMain\"]').scrollWidth, innerWidth]")
    if wide > screen + 1:
        found.append(f"{where}: the page is {wide} px wide on a {screen} px screen")
    for text in sorted(set(page.evaluate(CUT))):
        found.append(f"{where}: cut off: {text!r}")
    texts, cells = page.evaluate(TEXTS), page.evaluate(CELLS)
    for text in texts + cells:
        for match in ids_in(text):
            found.append(f"{where}: id {match!r} in {text[:100]!r}")
    if chinese:
        for text in texts:
            plain = PROPER.sub("", text)
            if not CJK.search(plain) and ENGLISH.search(plain):
                found.append(f"{where}: English only in 中文: {text[:100]!r}")
    return found


@pytest.fixture(scope="module")
def server():
    with streamlit_app("streamlit-every-page.log") as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_in_both_languages_shows_names_clock_times_and_no_cut_off(server, width):
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": width, "height": 2200}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(server)
        settle(page)
        for lang, name in (("zh", "中文"), ("en", "English")):
            if lang == "en":
                language(page, name)
            for _, url_path, _, _ in PAGES:
                go(page, url_path)
                if url_path == "run" and lang == "zh":
                    page.get_by_role("button", name="运行", exact=True).click()
                    page.wait_for_selector('[data-testid="stMetric"]')
                    settle(page)
                if url_path == "walk":
                    page.get_by_role("button", name="下一步" if lang == "zh" else "Next", exact=True).click()
                    settle(page)
                page.screenshot(path=str(SHOTS / f"{url_path}-{lang}-{width}.png"))
                problems += findings(page, f"{url_path} {lang} {width}px", chinese=lang == "zh")
        context.close()
        browser.close()
    assert not problems, "\n".join(problems)
