"""A console a room can follow, in real browsers and in both languages: the role links with
their QR codes and the printable link sheet, the projector view following the clock on its
own, and a new inject raising a toast on the receiving desk."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from sim.drills import db
from streamlit_server import EXCEPTION, SHOTS, TIMEOUT_MS, browser_of, new_tab, settle, streamlit_app
from test_drill_browser import _create, _download
from test_every_page import language

pytestmark = pytest.mark.e2e


def _sheet(browser, text: str, name: str) -> str:
    """Open a downloaded link sheet as a page; print it on A4; return its visible text."""
    page = browser.new_page()
    page.set_content(text)
    assert page.locator("section.role svg").count() == 2  # one QR code per role
    pdf = page.pdf(format="A4", path=str(SHOTS / f"{name}.pdf"))
    assert pdf.startswith(b"%PDF")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    shown = page.inner_text("body")
    page.close()
    return shown


def test_the_link_sheet_and_the_projector_in_both_languages(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url = f"sqlite:///{tmp_path / 'drills.sqlite'}"
    with streamlit_app("streamlit-drill-room-e2e.log", {db.URL_ENV: url}) as base, sync_playwright() as playwright:
        browser = browser_of(playwright)
        tabs = [new_tab(browser, 1400, 2200) for _ in range(3)]
        expect.set_options(timeout=TIMEOUT_MS)
        facilitator, wall, ann = tabs

        # Each role's link with its QR code, and the printable sheet, in Chinese then English.
        links = _create(facilitator, base, "drill-chengnan-storm", "Room drill",
                        {"power_company": "Ann", "county_government": "Cai"})
        expect(facilitator.locator('[data-testid="stImage"] img')).to_have_count(2)
        sheet = _sheet(browser, _download(facilitator, "下载参演链接单（可打印，A4）"), "drill-link-sheet-zh")
        assert "包头供电公司固阳县分公司" in sheet and "参演人员：Ann" in sheet and "参演人员：Cai" in sheet
        assert links["power_company"] in sheet and links["county_government"] in sheet
        key = parse_qs(urlparse(facilitator.url).query)["key"][0]
        assert key not in sheet  # the facilitator's key is not handed out with the sheet
        language(facilitator, "English")
        sheet = _sheet(browser, _download(facilitator, "Download the link sheet (printable, A4)"), "drill-link-sheet-en")
        assert "Guyang Branch of the Baotou Power Supply Company" in sheet and "Played by: Cai" in sheet
        language(facilitator, "中文")

        # The projector view, a kiosk: the board alone (no sidebar, header or navigation), a large
        # clock, the level and each countdown; it follows the clock.
        wall.goto(f"{base}/projector?drill=1&key={key}")
        board = wall.locator(".board")
        expect(board.locator(".clock")).to_have_text("12:00")
        expect(board).to_contain_text("待办倒计时")
        expect(board).to_contain_text("剩余 30 分钟")
        for chrome in ("stSidebar", "stHeader", "stExpandSidebarButton", "stSidebarNav", "stToolbar"):
            shown = wall.locator(f'[data-testid="{chrome}"]')
            assert shown.count() == 0 or not shown.first.is_visible(), chrome
        assert board.locator(".clock").bounding_box()["height"] > 150  # readable from the back of the room
        whole = board.bounding_box()
        assert whole["y"] + whole["height"] <= wall.viewport_size["height"]  # the tasks under it on the one screen
        wall.screenshot(path=str(SHOTS / "drill-projector-zh.png"), full_page=True)
        settle(facilitator)  # a click while the console redraws is lost with the old copy
        facilitator.get_by_role("button", name="单步").click()  # stops at Ann's deadline, 12:30
        expect(board.locator(".clock")).to_have_text("12:30")  # no reload: the board refreshes itself
        wall.goto(f"{base}/projector?drill=1&key={key}&lang=en")  # a wall has no switch: its link names the language
        expect(wall.locator(".board")).to_contain_text("Countdown to each task")
        expect(wall.locator(".board")).to_contain_text("Response level")
        expect(wall.locator('[data-testid="stSidebar"]')).to_be_hidden()
        wall.screenshot(path=str(SHOTS / "drill-projector-en.png"), full_page=True)

        # A new inject raises a toast on Ann's desk; the facilitator's release is confirmed.
        ann.goto(links["power_company"])
        ann.get_by_text("收件箱").wait_for()
        ann.wait_for_timeout(3000)  # the desk's first look: what is there is not news
        facilitator.get_by_role("button", name="立即下达").first.click()
        facilitator.get_by_text("提前下达情景通报").first.wait_for()
        ann.locator('[data-testid="stToast"]').filter(has_text="新消息").first.wait_for()
        ann.get_by_text("条新消息（以黄色标出）").wait_for()
        for tab, name in ((facilitator, "drill-console-room"), (ann, "drill-desk-new-message")):
            tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
            assert tab.locator(EXCEPTION).count() == 0, name
        assert wall.locator(EXCEPTION).count() == 0
        browser.close()
