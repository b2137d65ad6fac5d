"""A short drill in real browsers: a facilitator, a participant and someone without a key.

``streamlit run app.py`` runs with ``TUIYAN_DB_URL`` on a fresh SQLite file; Playwright
contexts (separate browser sessions, as separate laptops would be) open the Facilitator
and the Participant pages. The facilitator creates the drill, hands out the participant
link the page shows, and moves the clock; the participant works their task list through
that link; each sees the other's doing through the database, without reloading the
page. The same page opened without the link's key, or with a made-up one, shows no way
to act, and nothing is logged under the role but the participant's own action.
"""

from __future__ import annotations

import time

import pytest

from sim.drills import db
from sim.inputs.loader import load_scenario
from streamlit_server import (CUT_BUTTONS, EXCEPTION, ROOT, SHOTS, TIMEOUT_MS, app_server, browser_of, new_tab, settle,
                              streamlit_app)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def drill_server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('drill-db') / 'drills.sqlite'}"
    with streamlit_app("streamlit-drill-e2e.log", {db.URL_ENV: url}) as base:
        yield base, url


#: The units the drills below play: id -> the name the page lists it by.
UNITS = {"power_company": "包头供电公司固阳县分公司", "county_government": "固阳县人民政府"}


#: A toast shows its whole text and no button of Streamlit's ("view more", in English) to open it.
TOAST_WHOLE = """t => { const more = t.querySelector('[data-testid="stToastViewButton"]');
  const said = t.querySelector('[data-testid="stToastText"]');
  return (!more || more.offsetParent === null) && said.scrollHeight <= said.clientHeight + 1; }"""


def _create(facilitator, base: str, scenario: str, name: str, players: dict[str, str]) -> dict[str, str]:
    """The facilitator creates drill 1 from a shipped scenario on the Facilitator page, the
    played units picked by name (``players``: unit id -> person); returns the participant
    links the page shows (unit id -> link), and checks the facilitator's."""
    from playwright.sync_api import expect

    facilitator.goto(f"{base}/facilitator")
    facilitator.get_by_text("新建演练").first.wait_for()
    facilitator.locator('[data-testid="stSelectbox"]').filter(has_text="情景").first.click()
    title = load_scenario(ROOT / "plans" / "scenarios" / f"{scenario}.yaml").title.zh
    facilitator.get_by_role("option", name=title).click()  # scenarios are listed by name
    for role in players:
        facilitator.locator('[data-testid="stMultiSelect"]').first.click()
        facilitator.keyboard.type(UNITS[role])  # the list is long and drawn only in part: filter it
        facilitator.get_by_role("option", name=UNITS[role], exact=True).click()
        facilitator.keyboard.press("Escape")
    for role, person in players.items():
        facilitator.get_by_label(f"{UNITS[role]}：参演人员").fill(person)
    facilitator.get_by_label("演练名称").fill(name)
    facilitator.get_by_label("导调人员", exact=True).fill("导调")
    facilitator.get_by_role("button", name="创建").click()
    facilitator.get_by_text("已创建演练 1").wait_for()
    codes = facilitator.locator('[data-testid="stCode"]')
    expect(codes).to_have_count(1 + len(players))  # the facilitator's link, then one per role
    texts = codes.all_inner_texts()
    links = {}
    for text in texts:
        text = text.strip()
        if "/participant?" in text:
            links[text.split("role=", 1)[1].split("&", 1)[0]] = text
        elif "/facilitator?" in text:
            links["facilitator"] = text
    assert set(links) == {"facilitator", *players}, texts
    assert links.pop("facilitator").startswith(f"{base}/facilitator?drill=1&key=")
    assert all(link.startswith(f"{base}/participant?drill=1&role=") and "&key=" in link for link in links.values())
    return links


def _do(tab, task: str) -> None:
    """Click 办理 beside the task whose text holds ``task`` and see it in the page's timeline."""
    settle(tab)  # a click while the page redraws (it refreshes to show others' actions) is lost with the old copy
    row = tab.locator('[data-testid="stHorizontalBlock"]').filter(has_text=task)
    row.get_by_role("button", name="办理").first.click()
    tab.locator('[data-testid="stDataFrame"]').filter(has_text=task).first.wait_for()  # the timeline has it


def _step(facilitator) -> None:
    """Click 单步 on the facilitator's console once its redraw is over (see :func:`_do`)."""
    settle(facilitator)
    facilitator.get_by_role("button", name="单步").click()


def _download(tab, button: str) -> str:
    """The text a download button gives, clicked once the page's run is over: a run in progress
    lets go of the page's files until it draws them again, and a download that asks for its
    file in between is cancelled by the browser. Should one be cancelled all the same, it is
    tried again once the page has settled."""
    from playwright.sync_api import Error

    for attempt in range(3):
        settle(tab)
        with tab.expect_download() as download:
            tab.get_by_role("button", name=button).click()
        try:
            return open(download.value.path(), encoding="utf-8").read()
        except Error:
            if attempt == 2:
                raise


def _clean(tab, name: str) -> None:
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert tab.locator(EXCEPTION).count() == 0, f"an exception is shown on {name}"
    assert not tab.evaluate(CUT_BUTTONS), f"buttons cut short on {name}: {tab.evaluate(CUT_BUTTONS)}"


def test_a_short_drill_where_only_the_participants_own_link_acts(drill_server):
    from playwright.sync_api import expect, sync_playwright

    base, url = drill_server
    with sync_playwright() as playwright:
        browser = browser_of(playwright)
        facilitator = new_tab(browser, 1400, 2200)
        participant = new_tab(browser, 1400, 2200)
        intruder = new_tab(browser, 1400, 2200)
        expect.set_options(timeout=TIMEOUT_MS)

        # The facilitator creates the drill from the short thunderstorm scenario.
        links = _create(facilitator, base, "drill-chengnan-storm", "Browser drill", {"power_company": "Ann"})
        facilitator.get_by_text("07-18 12:00（07-19 12:00 结束）· 暂停").wait_for()
        _clean(facilitator, "drill-facilitator-created")

        # Someone else opens the participant page for Ann's role without her link's key, then
        # with a made-up one: the page shows how to get in (nothing of any drill) and no way to act.
        intruder.goto(f"{base}/participant?drill=1&role=power_company")
        intruder.get_by_text("请打开导调发给您的参演链接").wait_for()
        intruder.goto(f"{base}/participant?drill=1&role=power_company&key=0123456789abcdef0123456789abcdef")
        intruder.get_by_text("该密钥不属于本演练，或已失效").wait_for()
        expect(intruder.get_by_role("button", name="办理")).to_have_count(0)
        expect(intruder.get_by_role("button", name="提交")).to_have_count(0)
        _clean(intruder, "drill-participant-without-key")
        intruder.goto(f"{base}/facilitator?drill=1")  # nor can they run the drill
        intruder.get_by_text("打开本演练的导调或投影需要导调密钥").wait_for()
        expect(intruder.get_by_role("button", name="推进到结束")).to_have_count(0)

        # The participant opens their link, decides not to tell the key users (the plan leaves
        # that to the power company) and proposes the warning from the task list.
        participant.goto(links["power_company"])
        participant.get_by_text("待办任务").wait_for()
        participant.get_by_role("button", name="不采取").click()  # the one decision left to the unit
        expect(participant.get_by_role("button", name="不采取")).to_have_count(0)
        do = participant.get_by_role("button", name="办理").first
        do.wait_for()
        do.click()
        # the toast confirming it shows the duty's words whole, with no English "view more" to open it
        toast = participant.locator('[data-testid="stToast"]').first
        toast.wait_for()
        participant.wait_for_timeout(500)  # Streamlit measures the text and adds its button once it is drawn
        assert toast.evaluate(TOAST_WHOLE), toast.inner_text()
        participant.get_by_text("当前没有待办任务。").wait_for()  # the proposal is done; nothing else is due
        _clean(participant, "drill-participant-acted")

        # The facilitator steps the clock; the participant's page follows without a reload.
        _step(facilitator)
        facilitator.get_by_text("07-18 12:30（07-19 12:00 结束）· 暂停").wait_for()
        participant.get_by_text("07-18 12:30（07-19 12:00 结束）· 暂停").wait_for()

        # The facilitator sees the participant's action scored in the live overview.
        expect(facilitator.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        facilitator.get_by_role("button", name="推进到结束").click()
        facilitator.get_by_text("07-19 12:00（07-19 12:00 结束）· 已结束").wait_for()
        participant.get_by_text("演练已结束。").wait_for()
        expect(participant.get_by_role("button", name="提交")).to_have_count(0)  # the open desk's form goes at the end
        _clean(facilitator, "drill-facilitator-ended")
        _clean(participant, "drill-participant-ended")
        browser.close()

    engine = db.open_database(url)
    record = db.load_drill(engine, 1)
    acted = [(a.role, a.person, a.kind, a.args, a.at_h) for a in record.actions if a.role]
    assert acted == [("power_company", "Ann", "decline_step", {"step": "warning.alert_key_users"}, 0.0),
                     ("power_company", "Ann", "warning_step", {"step": "warning.propose"}, 0.0)]
    assert record.clock.now() == 24.0


def test_after_a_decline_the_action_box_shows_the_action_its_submit_logs(drill_server):
    """The town declines its response below the lowest level from its task row: the form's
    action box, which held that decision, moves on to the first action still open and shows it,
    rather than still showing the decision while its Submit logged another action."""
    from playwright.sync_api import sync_playwright

    from sim.drills import control
    from sim.messages import text

    base, url = drill_server
    engine = db.open_database(url)
    made = control.create(engine, ROOT / "plans" / "scenarios" / "construction-cable-strike.yaml", name="Town",
                          roles={"town_government": "Lin"})
    control.advance(engine, made.id, key=made.facilitator_key, hours=4.0)  # the town was asked at about 3.4 h
    with sync_playwright() as playwright:
        browser = browser_of(playwright)
        desk = new_tab(browser, 1200, 2200)
        desk.goto(f"{base}/participant?drill={made.id}&key={made.keys['town_government']}")
        action = desk.locator('[data-testid="stSelectbox"]').filter(has_text="行动").locator("input")
        desk.get_by_role("button", name="提交").wait_for()
        settle(desk)
        assert action.input_value() == text("drill_action.discretion", "zh")
        desk.get_by_role("button", name="不采取").click()
        desk.locator('[data-testid="stDataFrame"]').filter(has_text=text("drill_action.decline_discretion", "zh")).wait_for()
        settle(desk)
        shown = action.input_value()
        desk.get_by_role("button", name="提交").click()
        _wait_for(lambda: len(db.load_drill(engine, made.id).actions) == 4, "the submitted action")
        browser.close()
    logged = db.load_drill(engine, made.id).actions[-1]
    assert shown == text(f"drill_action.{logged.kind}", "zh") != text("drill_action.discretion", "zh")


def _wait_for(predicate, what: str, seconds: float = 180.0):
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
        browser = browser_of(playwright)
        tabs = [new_tab(browser, 1400, 2200) for _ in range(3)]
        expect.set_options(timeout=TIMEOUT_MS)
        facilitator, ann, cai = tabs

        links = _create(facilitator, server.url, "winter-ice-storm", "Ice storm drill",
                        {"power_company": "Ann", "county_government": "Cai"})
        # The facilitator opens their link again (the page's URL): the keys, shown once, are gone from it.
        facilitator.reload()
        facilitator.get_by_text("01-14 18:00（01-24 18:00 结束）· 暂停").wait_for()
        expect(facilitator.locator('[data-testid="stCode"]')).to_have_count(0)

        # Ann proposes the warning at 0 h; the first step stops at the deadline of her report to
        # the region (18:30, which she lets pass); two more on, the bureau (the engine) has
        # assessed the warning and Cai approves it.
        ann.goto(links["power_company"])
        _do(ann, "提出预警信息发布建议")
        _step(facilitator)
        facilitator.get_by_text("01-14 18:30（01-24 18:00 结束）· 暂停").wait_for()
        _step(facilitator)
        facilitator.get_by_text("01-14 18:38（01-24 18:00 结束）· 暂停").wait_for()
        _step(facilitator)
        facilitator.get_by_text("01-14 19:31（01-24 18:00 结束）· 暂停").wait_for()
        cai.goto(links["county_government"])
        _do(cai, "县人民政府批准发布预警")

        # The clock runs at ×360 (a scenario hour every 10 s) and the server dies. The rate is
        # typed once the console has redrawn after the last step, and the button clicked once
        # the run the typed rate started is over (see :func:`_do`).
        settle(facilitator)
        facilitator.get_by_label("倍速").fill("360")
        facilitator.get_by_label("倍速").press("Enter")
        settle(facilitator)
        facilitator.get_by_role("button", name="加速运行").click()
        facilitator.get_by_text("×360").first.wait_for()
        server.kill()
        at_kill = db.load_drill(engine, 1).clock.now()
        _wait_for(lambda: db.load_drill(engine, 1).clock.stalled(), "the clock to stand still", db.STALL_S + 30)
        stood = db.load_drill(engine, 1).clock.now()
        assert 1.53 <= at_kill <= stood <= at_kill + db.STALL_S * 360 / 3600 + 1e-9

        # A new server on the same port: its keeper resumes the clock where it stood.
        server.start()
        resumed = _wait_for(lambda: [a for a in db.load_drill(engine, 1).actions if a.person == "server"],
                            "the new server to resume the clock")
        assert len(resumed) == 1 and resumed[0].at_h == stood and resumed[0].args["stood_still_s"] > 0

        # The pages reconnect by themselves: the facilitator pauses and runs to the end.
        pause = facilitator.get_by_role("button", name="暂停")
        expect(pause).to_have_count(1)  # the page has redrawn for the new server (its stale copy gone)
        settle(facilitator)  # reconnected, and the redraw for the new server over
        pause.click()
        facilitator.get_by_text("结束）· 暂停").first.wait_for()
        settle(facilitator)  # a click during the redraw after reconnecting is lost with the old copy
        facilitator.get_by_role("button", name="推进到结束").click()
        facilitator.get_by_text("01-24 18:00（01-24 18:00 结束）· 已结束").wait_for()
        ann.get_by_text("演练已结束。").wait_for()
        cai.get_by_text("演练已结束。").wait_for()
        markdown = _download(facilitator, "下载 Markdown")
        for tab, name in zip(tabs, ("restart-facilitator", "restart-ann", "restart-cai")):
            _clean(tab, f"drill-{name}")
        browser.close()

    record = db.load_drill(engine, 1)
    acted = [(a.person, a.kind, a.args, round(a.at_h, 2)) for a in record.actions if a.role]
    assert acted == [("Ann", "warning_step", {"step": "warning.propose"}, 0.0),
                     ("Cai", "warning_step", {"step": "warning.approve"}, 1.53)]
    # Both acted when asked. Ann then never reported the outage (4.3) nor sent a crew or
    # started a duty (附件2 三); the report never reached Cai, so her declaration is not
    # reached rather than missed.
    assert "| 01-14 18:00 | 包头供电公司固阳县分公司 · Ann |" in markdown
    assert "| 01-14 19:31 | 固阳县人民政府 · Cai |" in markdown  # 1.53 h after the start at 18:00
    deviations = markdown.split("## 五、发现的问题", 1)[1].split("## ", 1)[0]
    assert "4.3" in deviations and "附件2 三" in deviations and "迟办" not in deviations and "5.1" not in deviations
