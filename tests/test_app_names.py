"""People read names, not ids: the Run page's log and every download of a run, for each
shipped scenario, hold no id-shaped text (``warning.propose``, ``publicity_dept``,
``winter-ice-storm``, ``fire-5@corridor``). The browser test checks the rendered pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from e2e.id_shapes import ids_in
from sim.ui.run_page import LAST, downloads

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p.stem for p in (ROOT / "plans" / "scenarios").glob("*.yaml"))
def run(scenario: str, language: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    if language == "en":
        at.sidebar.radio(key="lang").set_value("en").run()
    at.switch_page("sim/ui/pages/run.py").run()
    at.selectbox(key="run.scenario").set_value(scenario)
    at.button(key="run.go").click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s != "random-blackout"])
def test_the_event_log_names_every_unit_kind_and_clause(scenario):
    at = run(scenario, "zh")
    log = next(d.value for d in at.dataframe if "条款" in d.value.columns)
    text = "\n".join(str(v) for column in log.columns for v in log[column])
    assert ids_in(text) == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_downloads_name_what_they_show(language):
    at = run("winter-ice-storm", language)
    held = at.session_state[LAST]
    files = downloads(held["key"], language, _last=held)
    for name in ("csv", "md", "html"):
        body = files[name].decode("utf-8-sig") if isinstance(files[name], bytes) else files[name]
        body = re.sub(r"<style>.*?</style>", "", body, flags=re.S)  # the page's CSS is not read
        assert ids_in(body) == [], name
