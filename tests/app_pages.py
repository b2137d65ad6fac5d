"""Opening the app's pages under test, written once for every test file that opens one.

Each helper starts the app as a visitor does (its front page first, then a page of the
navigation), in the language chosen, and fails on an exception a page raised on the way, so
a test file names only what it opens (a scenario and a seed, a plan) and what it then checks.
The charts' headings are read from the Run page's own table (``sim.ui.run_page.CHARTS``),
which the Walk-through shares, so a change of a heading needs no test edit.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from sim.messages import text
from sim.ui.i18n import STATE_KEY
from sim.ui.run_page import CHARTS

ROOT = Path(__file__).resolve().parents[1]


def app(language: str = "zh", *, timeout: float = 120) -> AppTest:
    """The app on its front page, switched to ``language`` when it is not the default."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    if language != "zh":
        at.sidebar.radio(key=STATE_KEY).set_value(language).run()
    assert not at.exception
    return at


def page(name: str, language: str = "zh", *, timeout: float = 120, **query: str) -> AppTest:
    """The app opened on ``sim/ui/pages/{name}.py``, with ``query`` as its address's parameters
    (a drill's link), in one run of the page."""
    at = app(language, timeout=timeout)
    at.switch_page(f"sim/ui/pages/{name}.py")
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def press_run(at: AppTest, scenario_id: str | None = None, seed: int | None = None, *,
              replication: int | None = None) -> AppTest:
    """The Run page ``at`` after running ``scenario_id`` (the one chosen, when none) under
    ``seed`` and ``replication`` (each the one set, when none)."""
    if scenario_id is not None:
        at.selectbox(key="run.scenario").set_value(scenario_id)
        if replication is not None:
            at.run()  # the replication field is the chosen scenario's
    if replication is not None:
        at.number_input(key="run.replication").set_value(replication)
    if seed is not None:
        at.number_input(key="run.seed").set_value(seed)
    at.button(key="run.go").click().run()
    assert not at.exception
    return at


def run_page(scenario_id: str | None = None, seed: int | None = None, language: str = "zh", *,
             replication: int | None = None, timeout: float = 120) -> AppTest:
    """The Run page after one run of ``scenario_id`` under ``seed`` (and a ``replication``),
    each the page's own when none."""
    return press_run(page("run", language, timeout=timeout), scenario_id, seed, replication=replication)


def walk_page(scenario_id: str, seed: int | None = None, language: str = "zh", *, replication: int | None = None,
              timeout: float = 120) -> AppTest:
    """The Walk-through of ``scenario_id`` under ``seed`` (and a template's ``replication``),
    each the page's own when none, on its first entry."""
    at = page("walk", language, timeout=timeout)
    at.selectbox(key="walk.scenario").set_value(scenario_id)
    if seed is not None:
        at.number_input(key="walk.seed").set_value(seed)
    if replication is not None:
        at.number_input(key="walk.replication").set_value(replication)
    at.run()
    assert not at.exception
    return at


def whatif_page(plan_id: str, language: str = "zh", *, timeout: float = 180) -> AppTest:
    """The What-if page with ``plan_id`` chosen to edit."""
    at = page("whatif", language, timeout=timeout)
    at.selectbox(key="whatif.plan").set_value(plan_id).run()
    assert not at.exception
    return at


def chart_heading(key: str, language: str = "zh") -> str:
    """The heading of the chart ``key`` of the Run page's table, in ``language``."""
    return text(CHARTS[key], language)


def chart_headings(at: AppTest, language: str = "zh") -> list[str]:
    """The Run page's chart headings, in the order drawn."""
    charts = {chart_heading(key, language) for key in CHARTS}
    return [m.value.removeprefix("#### ") for m in at.markdown
            if m.value.startswith("#### ") and m.value.removeprefix("#### ") in charts]


def chart_tabs(at: AppTest, language: str = "zh") -> list[str]:
    """The Walk-through's chart tabs, in the order shown."""
    charts = {chart_heading(key, language) for key in CHARTS}
    return [tab.label for tab in at.tabs if tab.label in charts]
