"""End to end in a real browser: `streamlit run app.py`, headless Chromium, every page.

The app and the browser start as :mod:`streamlit_server` says. Screenshots of every page
go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sim.ui.shell import PAGES
from streamlit_server import EXCEPTION, ROOT, SHOTS, TIMEOUT_MS, browser_of, new_tab, settle, streamlit_app

pytestmark = pytest.mark.e2e

PLOTLY = '[data-testid="stPlotlyChart"]'
#: The scenario whose run fills every chart (levels, queues, backup fuel).
STORM = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"


@pytest.fixture(scope="module")
def server():
    with streamlit_app("streamlit-e2e.log") as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = browser_of(playwright)
        tab = new_tab(browser, 1400, 1800)
        tab.goto(server)
        yield tab
        tab.context.close()
        browser.close()


def heading(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text()


def go(page, url_path: str) -> None:
    """Follow the sidebar link (a new URL would start a new session and lose its state)."""
    index = [entry[1] for entry in PAGES].index(url_path)
    page.locator('[data-testid="stSidebarNav"] a').nth(index).click()
    if index:
        page.wait_for_url(f"**/{url_path}")
    settle(page)


def choose(page, label: str, option: str) -> None:
    """Pick an option of the selectbox labelled ``label``."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).click()
    page.get_by_role("option", name=option).click()
    settle(page)


def no_exception(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.locator(EXCEPTION).count() == 0, f"an exception is shown on {name}"


def test_every_page_runs_a_scenario_and_switches_language(page):
    settle(page)
    assert heading(page) == "预案"
    page.wait_for_selector(PLOTLY)
    no_exception(page, "plans")

    go(page, "run")
    assert heading(page) == "推演运行"
    if STORM.exists():
        from sim.inputs.loader import load_scenario

        choose(page, "情景", load_scenario(STORM).title.zh)
    page.get_by_role("button", name="运行", exact=True).click()
    page.wait_for_selector('[data-testid="stMetric"]')
    settle(page)
    page.wait_for_function(f"document.querySelectorAll('{PLOTLY}').length >= 3")
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    expect(page.get_by_text("事件日志", exact=True)).to_have_count(1, timeout=TIMEOUT_MS)
    page.locator(PLOTLY).first.scroll_into_view_if_needed()
    no_exception(page, "run")

    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    settle(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("Run a scenario", timeout=TIMEOUT_MS)
    # the result survives the switch (a rerun after the switch may still be drawing: wait for it)
    expect(page.get_by_text("Event log", exact=True)).to_have_count(1, timeout=TIMEOUT_MS)
    no_exception(page, "run-en")

    go(page, "walk")
    assert heading(page) == "Walk-through"
    page.wait_for_selector("text=Event 1 of")
    page.get_by_role("button", name="Next", exact=True).click()
    page.wait_for_selector("text=Event 2 of")
    settle(page)
    no_exception(page, "walk")

    go(page, "whatif")
    assert heading(page) == "What-if"
    page.wait_for_selector("text=Thresholds")
    no_exception(page, "whatif")

    go(page, "bans")
    assert heading(page) == "Fire-ban check"
    page.wait_for_selector('[data-testid="stAlert"]')
    no_exception(page, "bans")

    page.locator('[data-testid="stSidebar"]').get_by_text("中文", exact=True).click()
    settle(page)
    assert heading(page) == "禁火查询"
    go(page, "plans")
    assert heading(page) == "预案"
    no_exception(page, "plans-zh")
