"""``python -m sim.ui.rerun_timing``: how long a rerun that starts no simulation takes, per page.

A rerun happens on every click, so the app must redraw from its caches fast (the target
is 100 ms on the server). This drives the real ``app.py`` through Streamlit's AppTest —
the same script run the server does, minus the websocket — brings each page into a
typical state (a result on the Run page, a step of the walk-through, the what-if form),
then times repeated reruns that change nothing. "script" is the app's own run on the
server's script thread (``sim.ui.shell.main``, every element built and queued);
"round trip" adds AppTest's polling and message parsing. It prints the median and the
slowest per page; the numbers depend on the machine, so they are reported, not asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def _prepare(scenario: str | None):
    """(page name, AppTest in that page's state) for every page."""
    from streamlit.testing.v1 import AppTest

    from . import data

    scenario = scenario or next(iter(data.scenarios().items), None)

    def fresh(page: str | None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=300)
        at.run()
        if page:
            at.switch_page(f"sim/ui/pages/{page}.py").run()
        return at

    yield "plans", fresh(None)
    if scenario:
        at = fresh("run")
        at.selectbox(key="run.scenario").set_value(scenario)
        at.button(key="run.go").click().run()
        yield "run (with a result)", at
        at = fresh("walk")
        at.selectbox(key="walk.scenario").set_value(scenario).run()
        count = at.slider(key="walk.i").max if at.slider else 1
        if at.slider:
            at.slider(key="walk.i").set_value(max(count // 2, 1)).run()
        yield "walk-through (mid-run)", at
    yield "what-if (form)", fresh("whatif")
    at = fresh("whatif")
    at.button_group(key="whatif.section").set_value("whatif.yaml").run()
    yield "what-if (YAML editor)", at
    yield "fire-ban check", fresh("bans")


def _timed_shell(script_ms: list[float]) -> None:
    """Wrap ``sim.ui.shell.main`` (what ``app.py`` calls) so each script run is timed."""
    from . import shell

    original = shell.main

    def main() -> None:
        start = time.perf_counter()
        try:
            original()
        finally:
            script_ms.append((time.perf_counter() - start) * 1000)

    shell.main = main


def measure(repeats: int, scenario: str | None) -> list[tuple[str, float, float, float, float]]:
    """Per page: script median and max, round-trip median and max (milliseconds)."""
    script_ms: list[float] = []
    _timed_shell(script_ms)
    rows = []
    for name, at in _prepare(scenario):
        if at.exception:
            raise SystemExit(f"{name}: the page raised: {at.exception[0].value}")
        at.run()  # warm: figures and tables built once
        script_ms.clear()
        trips = []
        for _ in range(repeats):
            start = time.perf_counter()
            at.run()
            trips.append((time.perf_counter() - start) * 1000)
        rows.append((name, statistics.median(script_ms), max(script_ms), statistics.median(trips), max(trips)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.ui.rerun_timing", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="reruns timed per page (default 20)")
    parser.add_argument("--scenario", help="scenario id for the Run and Walk-through pages (default: the first)")
    args = parser.parse_args(argv)
    rows = measure(args.repeats, args.scenario)
    print(f"{'page':<26} {'script median':>13} {'max':>7} {'round trip median':>18} {'max':>7}   (ms)")
    for name, median, slowest, trip, trip_max in rows:
        print(f"{name:<26} {median:>13.1f} {slowest:>7.1f} {trip:>18.1f} {trip_max:>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
