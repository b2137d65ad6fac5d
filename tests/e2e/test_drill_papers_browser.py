"""A drill from its generated script to its filed report and improvement items, in three browsers.

The facilitator downloads the scenario's drill script (the MSEL workbook), creates the
drill with two players picked by name, and moves the clock through the whole incident
with Advance (which stops wherever a task falls due); the power company (Ann) and the
county government (Cai), each in a browser of their own, do every task on their desk as
it falls due — what the script expects of their units — until the response has ended and
its after-action is done; the facilitator runs the clock to the end, downloads the
evaluation report and files its findings as improvement items.
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from sim.drills import control, db, improvement, views
from sim.inputs import load_plan
from sim.messages import text
from sim.report import level_name
from streamlit_server import EXCEPTION, ROOT, SHOTS, TIMEOUT_MS, browser_of, new_tab, settle, streamlit_app
from test_drill_browser import _create, _download

pytestmark = pytest.mark.e2e


def _due(engine, role: str) -> list:
    """What the drill, as its database holds it, has due on ``role``'s desk now."""
    _state, _key, evaluation = control.assess(engine, 1)
    return views.tasks(evaluation, role)


def _do_every_task(tab, engine, role: str) -> None:
    """A participant does each task on their desk, one click at a time, until the drill has
    none left for them. The database, not the desk, says when that is: the desk refreshes
    every 2 s, later on a busy machine, and a desk not yet refreshed shows no task although
    one has fallen due. A click that met a refresh is simply made again."""
    for _ in range(20):
        due = _due(engine, role)
        if not due:
            return
        judged = next((item for item in due if item.kind in views.JUDGED), None)
        buttons = tab.get_by_role("button", name="办理")
        if judged is not None:
            _judge(tab, judged)
        elif buttons.count():
            buttons.first.click()
        tab.wait_for_timeout(3000)
    assert not _due(engine, role), f"the {role} desk never showed what fell due on it"


def _judge(tab, item) -> None:
    """A level to declare or adjust to has no button of its own (the player judges it): the
    player picks the action and the level in the desk's form and sends it; this one picks
    the level the figures call for, the answer the drill scores."""
    tab.locator('[data-testid="stSelectbox"]').filter(has_text="行动").click()
    tab.get_by_role("option", name=text(f"drill_action.{item.kind}", "zh"), exact=True).click()
    settle(tab)
    tab.locator('[data-testid="stSelectbox"]').filter(has_text=text("drill_page.argument", "zh")).click()
    plan = load_plan(ROOT / "plans" / "guyang-blackout-2023.yaml")
    tab.get_by_role("option").filter(has_text=level_name(plan, item.key, "zh")).first.click()
    tab.get_by_role("button", name="提交").click()


def test_three_browsers_run_a_drill_from_its_script_to_its_improvement_items(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url = f"sqlite:///{tmp_path / 'drills.sqlite'}"
    with streamlit_app("streamlit-drill-papers-e2e.log", {db.URL_ENV: url}) as base, sync_playwright() as playwright:
        browser = browser_of(playwright)
        tabs = [new_tab(browser, 1400, 2400) for _ in range(3)]
        expect.set_options(timeout=TIMEOUT_MS)
        facilitator, ann, cai = tabs

        # The drill on the thunderstorm scenario, two players picked by name; then the drill
        # script of that scenario, as a workbook.
        links = _create(facilitator, base, "drill-chengnan-storm", "Papers drill",
                        {"power_company": "Ann", "county_government": "Cai"})
        script_button = facilitator.get_by_role("button", name="演练脚本 XLSX")
        if not script_button.is_visible():
            facilitator.get_by_text("新建演练").first.click()  # the form folds away once a drill exists
        with facilitator.expect_download() as download:
            script_button.click()
        saved = tmp_path / "msel.xlsx"
        download.value.save_as(saved)
        rows = list(load_workbook(saved).active.iter_rows(values_only=True))
        assert rows[0][2] == "时间" and rows[1][1:3] == ("storm-forecast", "07-18 12:00")  # the page's language
        facilitator.get_by_text("项达成").first.wait_for()  # each objective, x / y met, live

        # The players' part of the script: what it expects of the two played units.
        expected = {row[9] for row in rows[1:] if row[9] in ("包头供电公司固阳县分公司", "固阳县人民政府")}
        assert expected == {"包头供电公司固阳县分公司", "固阳县人民政府"}

        # The whole incident: each desk does every task as it falls due; Advance stops where
        # the next one does (never past a deadline), until the next day, when the response has
        # ended and its after-action is done.
        ann.goto(links["power_company"])
        ann.get_by_text("待办任务", exact=True).wait_for()
        cai.goto(links["county_government"])
        cai.get_by_text("待办任务", exact=True).wait_for()
        clock = facilitator.locator('[data-testid="stMetricValue"]').filter(has_text="结束）").first
        engine = db.open_database(url)
        for _ in range(40):
            for _ in range(5):  # what one desk does can put a task on the other's
                _do_every_task(ann, engine, "power_company")
                _do_every_task(cai, engine, "county_government")
                if not _due(engine, "power_company") and not _due(engine, "county_government"):
                    break
            if clock.inner_text().startswith("07-19"):
                break
            before = clock.inner_text()
            facilitator.get_by_role("button", name="前进", exact=True).click()
            expect(clock).not_to_have_text(before)
        assert clock.inner_text().startswith("07-19")

        # After: to the end, the report, and its findings filed as improvement items.
        facilitator.get_by_role("button", name="推进到结束").click()
        ann.get_by_text("演练已结束。").wait_for()
        cai.get_by_text("演练已结束。").wait_for()
        report = _download(facilitator, "下载 Markdown")
        facilitator.get_by_role("button", name="将发现的问题登记为改进项").click()
        facilitator.get_by_text("本演练共有").wait_for()
        for tab, name in zip(tabs, ("papers-facilitator", "papers-ann", "papers-cai")):
            tab.screenshot(path=str(SHOTS / f"drill-{name}.png"), full_page=True)
            assert tab.locator(EXCEPTION).count() == 0, f"an exception is shown on {name}"
        browser.close()

    for heading in ("一、基本概要", "二、按目标评定", "五、发现的问题", "六、经验教训", "七、工作建议", "九、事件经过"):
        assert f"## {heading}" in report
    assert "包头供电公司固阳县分公司 · Ann" in report and "固阳县人民政府 · Cai" in report
    items = improvement.listing(engine, drill_id=1)
    assert items and "plan" in {i.attribution for i in items}  # what the plan could not carry out
    acted = [(a.person, a.kind, a.args) for a in db.load_drill(engine, 1).actions if a.role]
    assert ("Ann", "warning_step", {"step": "warning.propose"}) in acted
    assert ("Cai", "warning_step", {"step": "warning.approve"}) in acted
    # the whole chain was played, not skipped: the outage reported, the level declared, the response ended
    assert ("Ann", "report", {"hop": "report.power_company"}) in acted
    assert ("Cai", "declare", {"level": "III"}) in acted and ("Cai", "end", {}) in acted
    overall = re.search(r"总得分率[^0-9]*([0-9.]+) %", report)
    judged = report[report.index("## 二、按目标评定"):report.index("## 五、发现的问题")]
    assert overall and float(overall.group(1)) == 100.0, judged  # every task done as it fell due
