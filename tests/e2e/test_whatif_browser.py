"""The What-if page in a real browser agrees with `python -m sim compare --json`.

Lowering only the serious (Level II) load-shed bound from 40 % to 35 % on the random
county blackout, 200 paired replications with seed 1: the page (on the local process
pool, inside the Streamlit server) states the same verdict, shows the same 95 % intervals
and offers the same changed replications as the command line; their table, in 中文 and in
English, ends in view with what changed cut cleanly where its rows' lines end.
"""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest

from sim.sweep.compare import in_hours
from sim.sweep.words import TOP_UNITS
from streamlit_server import EXCEPTION, ROOT, SHOTS, browser_of, new_tab, streamlit_app
from test_browser import go, settle
from test_every_page import CELLS, language

pytestmark = pytest.mark.e2e

TEMPLATE = ROOT / "plans" / "scenarios" / "random-blackout.yaml"
VARIANT = ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml"


def compare_json() -> dict:
    from sim.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["compare", str(TEMPLATE), "--variant", str(VARIANT), "--runs", "200", "--seed", "1",
                     "--json", "--no-progress"]) == 0
    return json.loads(out.getvalue())


def pick(page, label: str, option: str | None = None) -> list[str]:
    """Open the selectbox labelled ``label`` (again if a rerun closed it) and choose ``option``;
    the options it offered."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    for _ in range(3):
        settle(page)
        box.click()
        try:
            page.wait_for_selector('[role="option"]', timeout=10_000)
            break
        except Exception:  # noqa: BLE001 - a rerun redrew the box while it opened: open it again
            continue
    offered = page.get_by_role("option").all_inner_texts()
    if option is not None:
        page.get_by_role("option", name=option).first.click()
        settle(page)
    return offered


def interval(text: str) -> tuple[float, float]:
    """``[-0.10, +0.25] *`` → (-0.1, 0.25); a length of time, ``[-8 分钟, +2 小时 33 分钟]``, in hours."""
    low, high = text.split("]")[0].lstrip("[").split(", ")
    return amount(low), amount(high)


def amount(said: str) -> float:
    """A figure as the page writes it: a number, or a length of time in Chinese (``-1 小时 15 分钟``) in hours;
    an end of an interval that excludes 0 and rounds to nothing (``+<1 分钟``, ``-<0.01``) as half its bound."""
    if "<" in said:
        sign, bound = said.split("<")
        return (-1 if sign == "-" else 1) * amount(bound) / 2
    found = re.fullmatch(r"([+-]?)(?:(\d+) 小时)? ?(?:(\d+) 分钟)?", said)
    if not found or not said.strip("+-"):
        return float(said)
    sign, hours, minutes = found.groups()
    return (-1 if sign == "-" else 1) * (int(hours or 0) + int(minutes or 0) / 60)


def number(page, label: str, value: int) -> None:
    field = page.locator('[data-testid="stNumberInput"]').filter(has_text=label).locator("input")
    field.fill(str(value))
    field.press("Enter")
    settle(page)


def test_the_what_if_page_finds_the_replications_compare_finds():
    from playwright.sync_api import sync_playwright

    from sim.inputs.loader import load_scenario

    expected = compare_json()
    with streamlit_app("streamlit-whatif.log") as url, sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, 1400, 2400)
        page.goto(url)
        settle(page)
        go(page, "whatif")
        page.get_by_text("YAML 编辑", exact=True).click()
        settle(page)
        editor = page.locator('[data-testid="stTextArea"] textarea')
        editor.fill(VARIANT.read_text(encoding="utf-8"))
        editor.press("Control+Enter")
        settle(page)
        pick(page, "比较所用情景", load_scenario(TEMPLATE).title.zh)
        number(page, "配对重复次数", 200)
        number(page, "随机种子", 1)
        page.get_by_role("button", name="运行并比较", exact=True).click()
        page.wait_for_selector("text=结果改变的重复")
        settle(page)
        page.screenshot(path=str(SHOTS / "whatif-compared.png"), full_page=True)
        assert page.locator(EXCEPTION).count() == 0
        changed = [entry["replication"] for entry in expected["changed"]]
        verdict = page.locator('[data-testid="stAlert"]').filter(has_text="起中").first.inner_text()
        raised = sum(move["count"] for move in expected["transitions"])
        assert verdict.startswith(f"200 起中，{raised} 起由Ⅲ级应急响应升为Ⅱ级应急响应")
        shown = [interval(text) for text in page.evaluate(CELLS) if text.startswith("[")]
        # The JSON keeps 3 decimals and the page shows 2 of the unrounded value, or whole minutes
        # of a length of time.
        intervals = [pytest.approx((m["low"], m["high"]), abs=1 / 60 if in_hours(m["measure"]) else 0.006)
                     for m in expected["measures"] if m["low"] is not None and not m["idle"]]
        # then who carries the extra work, as compare lists it: hours of work each
        intervals += [pytest.approx((m["low"], m["high"]), abs=1 / 60)
                      for m in [u for u in expected["units"] if u["mean"]][:TOP_UNITS] if m["low"] is not None]
        assert shown == intervals
        offered = [int(text) for text in pick(page, "打开第几次重复")]
        assert offered == changed
        page.keyboard.press("Escape")
        for code, name in (("zh", "中文"), ("en", "English")):
            if code == "en":
                language(page, name)
            assert changed_table_faults(page, code) == []
        browser.close()


def changed_table_faults(page, code: str) -> list[str]:
    """What is wrong with the table of changed replications as drawn: it scrolls sideways (what
    changed, the column it is read for, past the page's edge), or a line of what changed is
    sliced by a row's border rather than cut where the row's lines end."""
    from test_table_wrap_browser import SCROLLS, sliced_rows

    table = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').last
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # the canvas draws on the next frames
    png = table.screenshot(path=str(SHOTS / f"whatif-changed-{code}.png"))
    return ([f"{code}: the table runs past the page's edge"] if table.evaluate(SCROLLS) else []) + [
        f"{code}: a line over the row border at y = {y}" for y in sliced_rows(png)]
