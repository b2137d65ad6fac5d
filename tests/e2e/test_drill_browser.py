"""A short drill in two real browsers: a facilitator and a participant, one server, one database.

``streamlit run app.py`` runs with ``TUIYAN_DB_URL`` on a fresh SQLite file; two
Playwright contexts (two separate browser sessions, as two laptops would be) open the
Facilitator and the Participant pages. The facilitator creates the drill and moves the
clock; the participant works their task list; each sees the other's doing through the
database, without reloading the page.
"""

from __future__ import annotations

import pytest

from sim.drills import db
from streamlit_server import ARGS, CHROMIUM, EXCEPTION, SHOTS, TIMEOUT_MS, streamlit_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def drill_server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('drill-db') / 'drills.sqlite'}"
    with streamlit_app("streamlit-drill-e2e.log", {db.URL_ENV: url}) as base:
        yield base, url


def _clean(tab, name: str) -> None:
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert tab.locator(EXCEPTION).count() == 0, f"an exception is shown on {name}"


def test_facilitator_and_participant_run_a_short_drill(drill_server):
    from playwright.sync_api import expect, sync_playwright

    base, url = drill_server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        facilitator = browser.new_context(viewport={"width": 1400, "height": 2200}, locale="zh-CN").new_page()
        participant = browser.new_context(viewport={"width": 1400, "height": 2200}, locale="zh-CN").new_page()
        for tab in (facilitator, participant):
            tab.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)

        # The facilitator creates the drill from the short thunderstorm scenario.
        facilitator.goto(f"{base}/facilitator")
        facilitator.get_by_text("新建演练").first.wait_for()
        facilitator.locator('[data-testid="stSelectbox"]').filter(has_text="情景").first.click()
        facilitator.get_by_role("option", name="drill-chengnan-storm").click()
        facilitator.get_by_label("演练名称").fill("Browser drill")
        facilitator.get_by_label("角色分配（每行：单位编号=人员）").fill("power_company=Ann")
        facilitator.get_by_role("button", name="创建").click()
        facilitator.get_by_text("已创建演练 1").wait_for()
        facilitator.get_by_text("0.00 / 24 小时 · 暂停").wait_for()
        _clean(facilitator, "drill-facilitator-created")

        # The participant opens their link and proposes the warning from the task list.
        participant.goto(f"{base}/participant?drill=1&role=power_company")
        participant.get_by_text("待办任务").wait_for()
        do = participant.get_by_role("button", name="办理").first
        do.wait_for()
        do.click()
        participant.get_by_text("当前没有待办任务。").wait_for()  # the proposal is done; nothing else is due
        _clean(participant, "drill-participant-acted")

        # The facilitator steps the clock; the participant's page follows without a reload.
        facilitator.get_by_role("button", name="单步").click()
        facilitator.get_by_text("0.50 / 24 小时 · 暂停").wait_for()
        participant.get_by_text("0.50 / 24 小时 · 暂停").wait_for()

        # The facilitator sees the participant's action scored in the live overview.
        expect(facilitator.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        facilitator.get_by_role("button", name="推进到结束").click()
        facilitator.get_by_text("24.00 / 24 小时 · 暂停").wait_for()
        participant.get_by_text("演练已结束。").wait_for()
        _clean(facilitator, "drill-facilitator-ended")
        _clean(participant, "drill-participant-ended")
        browser.close()

    engine = db.open_database(url)
    record = db.load_drill(engine, 1)
    acted = [(a.role, a.person, a.kind, a.args, a.at_h) for a in record.actions if a.role]
    assert acted == [("power_company", "Ann", "warning_step", {"step": "warning.propose"}, 0.0)]
    assert record.clock.now() == 24.0
