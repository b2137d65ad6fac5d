"""The Plans page's member units and duties in a real browser, at a desktop's 1,440 px with the
sidebar open, in 中文 and in English: every duty's words are drawn whole, nothing runs past the
page's edge and nothing is cut, so a reader reads each duty without scrolling sideways.
"""

from __future__ import annotations

import pytest

from sim.inputs.loader import load_plan
from sim.ui.plans_page import RESPONSE_SECTIONS
from streamlit_server import EXCEPTION, ROOT, SHOTS, browser_of, new_tab, settle, streamlit_app
from test_every_page import language

pytestmark = pytest.mark.e2e

PLAN = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
#: What is past the main area's right edge, and the text elements whose words are cut short.
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const cut = [...main.querySelectorAll('[data-testid="stMarkdownContainer"] *')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
    .map(e => e.textContent.slice(0, 60));
  return {past: main.scrollWidth - main.clientWidth, cut, tables: main.querySelectorAll('[data-testid="stDataFrame"]').length};
}"""


def test_at_1440_px_every_duty_is_drawn_whole_in_both_languages_without_scrolling_sideways():
    from playwright.sync_api import sync_playwright

    with streamlit_app("streamlit-plans.log") as url, sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, 1440, 1100)
        page.goto(url)
        settle(page)
        for code, name in (("zh", "中文"), ("en", "English")):
            if code == "en":
                language(page, name)
            sections = page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').first.locator("button")
            sections.nth(RESPONSE_SECTIONS.index("plans.duties")).click()
            settle(page)
            page.screenshot(path=str(SHOTS / f"plans-duties-{code}-1440.png"))
            assert page.locator(EXCEPTION).count() == 0
            measured = page.evaluate(MEASURE)
            assert measured == {"past": 0, "cut": [], "tables": 0}, measured
            shown = page.locator('[data-testid="stMain"]').inner_text()
            other = "en" if code == "zh" else "zh"
            missing = [duty.id for unit in PLAN.units for duty in unit.duties
                       if getattr(duty.text, code) not in shown or getattr(duty.text, other) not in shown
                       or duty.source.quote not in shown]
            assert missing == []
        browser.close()
