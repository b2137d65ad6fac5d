"""A short drill in two real browsers: a facilitator and a participant, one server, one database.

``streamlit run app.py`` runs with ``TUIYAN_DB_URL`` on a fresh SQLite file; two
Playwright contexts (two separate browser sessions, as two laptops would be) open the
Facilitator and the Participant pages. The facilitator creates the drill and moves the
clock; the participant works their task list; each sees the other's doing through the
database, without reloading the page.
"""

from __future__ import annotations

import time

import pytest

from sim.drills import db
from streamlit_server import ARGS, CHROMIUM, EXCEPTION, SHOTS, TIMEOUT_MS, app_server, streamlit_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def drill_server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('drill-db') / 'drills.sqlite'}"
    with streamlit_app("streamlit-drill-e2e.log", {db.URL_ENV: url}) as base:
        yield base, url


def _create(facilitator, base: str, scenario: str, name: str, roles: dict[str, str]) -> None:
    """The facilitator creates drill 1 from a shipped scenario on the Facilitator page,
    picking each played unit by its name (``roles``: unit name → person)."""
    facilitator.goto(f"{base}/facilitator")
    facilitator.get_by_text("新建演练").first.wait_for()
    facilitator.locator('[data-testid="stSelectbox"]').filter(has_text="情景").first.click()
    facilitator.get_by_role("option", name=scenario).click()
    for unit in roles:
        facilitator.locator('[data-testid="stMultiSelect"] input').first.fill(unit)  # type to find it in a long list
        facilitator.keyboard.press("Enter")
        facilitator.get_by_label(f"{unit}：参演人员").wait_for()
    facilitator.get_by_label("演练名称").fill(name)
    for unit, person in roles.items():
        facilitator.get_by_label(f"{unit}：参演人员").fill(person)
    facilitator.get_by_role("button", name="创建").click()
    facilitator.get_by_text("已创建演练 1").wait_for()


def _clock_shown(tab, url: str, drill: int = 1) -> str:
    """Wait until ``tab`` shows the drill clock as it stands in the database; the text."""
    from sim.drills import views

    record = db.load_drill(db.open_database(url), drill)
    shown = f"{views.moment(record, record.clock.now())}（{views.moment(record, record.clock.end_h)} 结束）"
    tab.get_by_text(shown).first.wait_for()
    return shown


def _do_every_task(tab) -> None:
    """A participant does each task on their desk, one click at a time, until none is left
    (the desk refreshes every 2 s; a click that met a refresh is simply made again)."""
    for _ in range(12):
        if tab.get_by_text("当前没有待办任务。").is_visible():
            return
        buttons = tab.get_by_role("button", name="办理")
        if buttons.count():
            buttons.first.click()
        tab.wait_for_timeout(3000)
    tab.get_by_text("当前没有待办任务。").wait_for()


def _download(tab, button: str) -> str:
    """The text a download button gives, once the page has settled (a rerun that redraws the
    button cancels a download in flight: then it is asked for again)."""
    for attempt in range(3):
        tab.wait_for_timeout(3000)
        with tab.expect_download() as download:
            tab.get_by_role("button", name=button).click()
        try:
            return open(download.value.path(), encoding="utf-8").read()
        except Exception:  # playwright's "canceled"
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


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
        _create(facilitator, base, "drill-chengnan-storm", "Browser drill", {"包头供电公司固阳县分公司": "Ann"})
        facilitator.get_by_text("07-18 12:00（07-19 12:00 结束）· 暂停").wait_for()
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
        facilitator.get_by_text("07-18 12:30（07-19 12:00 结束）· 暂停").wait_for()
        participant.get_by_text("07-18 12:30（07-19 12:00 结束）· 暂停").wait_for()

        # The facilitator sees the participant's action scored in the live overview.
        expect(facilitator.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        facilitator.get_by_role("button", name="推进到结束").click()
        facilitator.get_by_text("07-19 12:00（07-19 12:00 结束）· 暂停").wait_for()
        participant.get_by_text("演练已结束。").wait_for()
        _clean(facilitator, "drill-facilitator-ended")
        _clean(participant, "drill-participant-ended")
        browser.close()

    engine = db.open_database(url)
    record = db.load_drill(engine, 1)
    acted = [(a.role, a.person, a.kind, a.args, a.at_h) for a in record.actions if a.role]
    assert acted == [("power_company", "Ann", "warning_step", {"step": "warning.propose"}, 0.0)]
    assert record.clock.now() == 24.0


def _wait_for(predicate, what: str, seconds: float = 90.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.5)
    pytest.fail(f"gave up waiting for {what}")


def test_three_tabs_run_the_winter_storm_drill_through_a_server_restart(tmp_path):
    """The shipped winter ice storm with a facilitator and two participants; the server is
    killed with the clock running and started again; the pages reconnect, the clock goes
    on from where it stood, nothing logged is lost, and the report's deviations are the plan's."""
    from playwright.sync_api import expect, sync_playwright

    url = f"sqlite:///{tmp_path / 'drills.sqlite'}"
    engine = db.open_database(url)
    with app_server("streamlit-drill-restart-e2e.log", {db.URL_ENV: url}) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tabs = [browser.new_context(viewport={"width": 1400, "height": 2200}, locale="zh-CN").new_page()
                for _ in range(3)]
        for tab in tabs:
            tab.set_default_timeout(TIMEOUT_MS)
        expect.set_options(timeout=TIMEOUT_MS)
        facilitator, ann, cai = tabs

        _create(facilitator, server.url, "winter-ice-storm", "Ice storm drill",
                {"包头供电公司固阳县分公司": "Ann", "固阳县人民政府": "Cai"})

        # Ann proposes the warning at 0 h (and does what else falls due then); some steps on,
        # the bureau (the engine) has assessed it and Cai approves it.
        ann.goto(f"{server.url}/participant?drill=1&role=power_company")
        ann.get_by_role("button", name="办理").first.wait_for()
        _do_every_task(ann)
        cai.goto(f"{server.url}/participant?drill=1&role=county_government")
        cai.get_by_text("待办任务", exact=True).wait_for()
        for _ in range(8):  # step until the approval falls due on Cai's desk
            if cai.get_by_role("button", name="办理").count():
                break
            before = db.load_drill(engine, 1).clock.now()
            facilitator.get_by_role("button", name="单步").click()
            _wait_for(lambda: db.load_drill(engine, 1).clock.now() > before, "a step of the clock")
            _clock_shown(facilitator, url)
            cai.wait_for_timeout(3000)  # the desk refreshes every 2 s
        approved_h = db.load_drill(engine, 1).clock.now()
        _do_every_task(cai)

        # The clock runs at ×360 (a scenario hour every 10 s) and the server dies.
        facilitator.get_by_label("倍速").fill("360")
        facilitator.get_by_label("倍速").press("Enter")
        facilitator.get_by_role("button", name="加速运行").click()
        facilitator.get_by_text("×360").first.wait_for()
        server.kill()
        at_kill = db.load_drill(engine, 1).clock.now()
        _wait_for(lambda: db.load_drill(engine, 1).clock.stalled(), "the clock to stand still", db.STALL_S + 30)
        stood = db.load_drill(engine, 1).clock.now()
        assert approved_h <= at_kill <= stood <= at_kill + db.STALL_S * 360 / 3600 + 1e-9

        # A new server on the same port: its keeper resumes the clock where it stood.
        server.start()
        resumed = _wait_for(lambda: [a for a in db.load_drill(engine, 1).actions if a.person == "server"],
                            "the new server to resume the clock")
        assert len(resumed) == 1 and resumed[0].at_h == stood and resumed[0].args["stood_still_s"] > 0

        # The pages reconnect by themselves: the facilitator pauses and runs to the end.
        facilitator.get_by_role("button", name="暂停").click()
        facilitator.get_by_text("结束）· 暂停").first.wait_for()
        facilitator.get_by_role("button", name="推进到结束").click()
        facilitator.get_by_text("01-24 18:00（01-24 18:00 结束）· 暂停").wait_for()
        ann.get_by_text("演练已结束。").wait_for()
        cai.get_by_text("演练已结束。").wait_for()
        markdown = _download(facilitator, "下载 Markdown")
        for tab, name in zip(tabs, ("restart-facilitator", "restart-ann", "restart-cai")):
            _clean(tab, f"drill-{name}")
        browser.close()

    record = db.load_drill(engine, 1)
    acted = [(a.person, a.kind, a.args, a.at_h) for a in record.actions if a.role]
    assert ("Ann", "warning_step", {"step": "warning.propose"}, 0.0) in acted
    assert ("Cai", "warning_step", {"step": "warning.approve"}, approved_h) in acted
    assert all(person in ("Ann", "Cai") and at_h in (0.0, approved_h) for person, _, _, at_h in acted)
    # Both acted when asked. Ann then never reported the outage (4.3) nor sent a crew or
    # started a duty (附件2 三); the report never reached Cai, so her declaration is not
    # reached rather than missed.
    from sim.drills import views

    approved = views.moment(record, approved_h)
    assert "| 01-14 18:00 | 包头供电公司固阳县分公司 · Ann |" in markdown and f"| {approved} | 固阳县人民政府 · Cai |" in markdown
    found = markdown.split("## 五、发现的问题", 1)[1].split("## ", 1)[0]
    players = "\n".join(line for line in found.splitlines() if "| 参演人员 |" in line)
    assert "4.3" in players and "附件2 三" in players and "迟办" not in players and "| 5.1 |" not in players
