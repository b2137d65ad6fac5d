"""The Fire-ban check at phone width (390 px): the answer wraps, nothing runs off the screen.

A member of the public on a phone picks a day in the 2023 spring lockdown, burning paper
at graves, and a control zone; the page must show the whole prohibition sentence, the
period that puts it in force that day, the penalty and the numbers to call without any
element wider than the screen.
"""

from __future__ import annotations

import pytest

from sim.inputs.loader import load_plan
from streamlit_server import EXCEPTION, ROOT, SHOTS, browser_of, new_tab, streamlit_app

pytestmark = pytest.mark.e2e
WIDTH = 390


def test_the_fire_ban_answer_fits_a_phone_screen():
    from playwright.sync_api import expect, sync_playwright

    notice = load_plan(ROOT / "plans" / "guyang-fire-ban-2023.yaml")
    (rule,) = notice.rules
    with streamlit_app("streamlit-bans-phone.log") as url, sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, WIDTH, 2400)
        page.goto(f"{url}/bans")
        page.wait_for_selector('[data-testid="stAlert"]')
        page.locator('[data-testid="stDateInput"] input').fill("2023-04-05", force=True)
        zone = page.locator('[data-testid="stSelectbox"]').nth(1)
        zone.scroll_into_view_if_needed()
        zone.click(force=True)
        page.keyboard.type("白彦沟")
        page.keyboard.press("Enter")
        expect(page.get_by_text(rule.text.zh, exact=True)).to_be_visible()
        # why today: the lockdown window that holds on the day, with its days
        expect(page.get_by_text("时段：2023年春季防火戒严期（2023-03-15至2023-05-31）")).to_be_visible()
        expect(page.get_by_role("link", name="12119")).to_have_attribute("href", "tel:12119")
        assert page.locator(EXCEPTION).count() == 0
        overflow = page.evaluate(
            """(width) => [...document.querySelectorAll('[data-testid="stMain"] *')]
                 .filter(e => e.getBoundingClientRect().right > width + 1 && e.getClientRects().length)
                 .map(e => e.tagName + ' ' + (e.innerText || '').slice(0, 40))""", WIDTH)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "bans-390.png"), full_page=True)
        page.context.close()
        browser.close()
    assert overflow == []
