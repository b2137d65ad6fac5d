"""Starting `streamlit run app.py` and Debian's Chromium for the browser tests.

Shared by every end-to-end test: the app runs as a subprocess on a free loopback port
and is ready once ``/_stcore/health`` answers ``ok`` (as Streamlit's own e2e suite
waits). Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright through
``executable_path`` — browsers cannot be downloaded here. Without it a test is skipped,
unless ``TUIYAN_REQUIRE_BROWSER=1`` (set by CI), where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "artifacts" / "screenshots"
#: Flags for a root user on a machine with a closed network (no sandbox, no background calls).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
EXCEPTION = '[data-testid="stException"]'
#: Button labels cut short with an ellipsis: a button narrower than its words (a download row
#: of equal columns, a button in a thin column beside text).
CUT_BUTTONS = """() => [...document.querySelectorAll('[data-testid="stMain"] button [data-testid="stMarkdownContainer"]')]
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())"""
#: The app runs its first script with cold imports and a simulation on 2 shared cores.
TIMEOUT_MS = 90_000
#: How long a server may take to answer its health check: a cold start of Python, Streamlit
#: and the app's imports, on 2 cores shared by several test runs.
START_S = 180


def need_browser() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("TUIYAN_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """``streamlit run app.py`` on one loopback port, which can be killed and started again
    on the same port (the browsers' pages reconnect to it, as they would to a restarted
    server)."""

    def __init__(self, log_name: str, env: dict[str, str] | None = None):
        need_browser()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **(env or {})}
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.log = open(SHOTS.parent / log_name, "w", encoding="utf-8")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, env=self.env,
        )
        deadline = time.monotonic() + START_S
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not become healthy; see {self.log.name}")
            time.sleep(0.3)

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as when the machine loses power."""
        self.process.kill()
        self.process.wait(timeout=15)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@contextlib.contextmanager
def streamlit_app(log_name: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run the app until the block ends; yields its base URL."""
    with app_server(log_name, env) as server:
        yield server.url


@contextlib.contextmanager
def app_server(log_name: str, env: dict[str, str] | None = None) -> Iterator[AppServer]:
    """Run the app until the block ends; yields the server (to kill and restart it)."""
    server = AppServer(log_name, env)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def browser_of(playwright):
    """Debian's chromium, driven by Playwright (browsers cannot be downloaded here)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def new_tab(browser, width: int, height: int):
    """A tab of its own (its own cookies and storage, as another person's browser would have)
    ``width`` × ``height`` px, in a Chinese-reading browser, waiting up to :data:`TIMEOUT_MS`."""
    tab = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN").new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    return tab


#: A page at rest: connected to its server (no connection notice), no script run going or
#: asked for (no running indicator, no rerun prompt), and no element left over from the last run.
IDLE = """() => !document.querySelector('[data-testid="stConnectionStatus"]')
             && !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')
             && !document.querySelector('[data-testid="stStatusWidget"] button')
             && !document.querySelector('[data-stale="true"]')"""


def settle(page) -> None:
    """Wait until the page is drawn and at rest (:data:`IDLE`), then for a moment, then until it is
    at rest again (a run that began in that moment is waited out too), so that the next click lands
    on the page as drawn rather than on a copy being replaced. A page that lost its server is at rest
    only once it has reconnected and redrawn."""
    page.wait_for_selector('[data-testid="stMain"] h1')
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
    page.wait_for_timeout(600)
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
