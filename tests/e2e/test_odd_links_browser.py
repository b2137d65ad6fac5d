"""A link whose parameters are no drill's or no item's, opened in a real browser.

A link is typed, pasted from a chat or cut short; whatever it holds, the page it opens says
in the reader's language that the link names nothing, repeats the start of what it gave as
plain text (never a link), and shows no traceback.
"""

from __future__ import annotations

import pytest

from sim.drills import control, db
from streamlit_server import EXCEPTION, ROOT, browser_of, new_tab, settle, streamlit_app

pytestmark = pytest.mark.e2e

#: What a link's number may hold: another script's digit (a digit to ``str.isdigit`` that
#: ``int`` refuses), more digits than Python reads, and Markdown that would make a link.
ODD = ["%C2%B2", "1" * 5000, "%5B%E7%82%B9%E6%88%91%5D(http%3A%2F%2Fexample.com)"]
#: Each page, the parameter it reads as a number, and the start of its refusal in each language.
PAGES = [
    ("facilitator", "drill", "链接中的演练", "There is no drill"),
    ("participant", "drill", "链接中的演练", "There is no drill"),
    ("projector", "drill", "链接中的演练", "There is no drill"),
    ("whatif", "improvement", "没有编号为", "There is no improvement item"),
]


def test_a_link_that_names_no_drill_or_item_says_so_in_both_languages_without_a_traceback(tmp_path):
    from playwright.sync_api import sync_playwright

    url = f"sqlite:///{tmp_path / 'drills.sqlite'}"
    made = control.create(db.open_database(url), ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml",
                          name="Links", roles={"power_company": "Ann"})
    with streamlit_app("streamlit-odd-links.log", {db.URL_ENV: url}) as base, sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, 1280, 900)
        for path, parameter, zh, en in PAGES:
            for odd in ODD:
                for language, start in (("zh", zh), ("en", en)):
                    page.goto(f"{base}/{path}?{parameter}={odd}&key={made.facilitator_key}&lang={language}")
                    settle(page)
                    assert page.locator(EXCEPTION).count() == 0, (path, odd)
                    said = page.locator('[data-testid="stAlertContentError"]').inner_text()
                    assert said.startswith(start) and len(said) < 120, (path, odd, said)
                    assert page.locator('[data-testid="stAlertContentError"] a').count() == 0, (path, odd, said)
        browser.close()
