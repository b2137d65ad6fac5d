"""End to end in a real browser: `streamlit run app.py`, headless Chromium, every page.

The app is started as a subprocess on a free port; Debian's Chromium (``/usr/bin/chromium``)
is driven by Playwright. Without the browser the test is skipped, unless
``TUIYAN_REQUIRE_BROWSER=1`` (set by CI), where a missing browser is a failure.
Screenshots of every page go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sim.ui.shell import PAGES

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
EXCEPTION = '[data-testid="stException"]'
PLOTLY = '[data-testid="stPlotlyChart"]'
#: The app runs its first script with cold imports and a simulation on 2 shared cores.
TIMEOUT_MS = 90_000
#: The scenario whose run fills every chart (levels, queues, backup fuel).
STORM = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"


def _need_browser() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("TUIYAN_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    _need_browser()
    port = _free_port()
    SHOTS.mkdir(parents=True, exist_ok=True)
    log = open(SHOTS.parent / "streamlit-e2e.log", "w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--client.toolbarMode", "viewer"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            pytest.fail(f"streamlit did not become healthy; see {log.name}")
        time.sleep(0.3)
    yield url
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="zh-CN")
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        tab.goto(server)
        yield tab
        context.close()
        browser.close()


def settle(page) -> None:
    """Wait until the script run is over (the running indicator gone) and the page drawn."""
    page.wait_for_selector('[data-testid="stMain"] h1')
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')
                 && !document.querySelector('[data-testid="stStatusWidget"] button')""",
        timeout=TIMEOUT_MS,
    )
    page.wait_for_timeout(500)


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
        from sim.scenario import load_scenario

        choose(page, "情景", load_scenario(STORM).title.zh)
    page.get_by_role("button", name="运行", exact=True).click()
    page.wait_for_selector('[data-testid="stMetric"]')
    settle(page)
    page.wait_for_function(f"document.querySelectorAll('{PLOTLY}').length >= 3")
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    assert page.get_by_text("事件日志", exact=True).count() == 1
    page.locator(PLOTLY).first.scroll_into_view_if_needed()
    no_exception(page, "run")

    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    settle(page)
    assert heading(page) == "Run a scenario"
    assert page.get_by_text("Event log", exact=True).count() == 1  # the result survived the switch
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
