"""People read names, not ids: the Run page's log and every download of a run, for each
shipped scenario, the Walk-through's handout, and a drill's papers (script, MSEL) and
evaluation report hold no id-shaped text (``warning.propose``, ``publicity_dept``,
``winter-ice-storm``, ``fire-5@corridor``). The browser test checks the rendered pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app_pages import page, run_page, walk_page
from e2e.id_shapes import ids_in
from sim.ui.run_page import LAST, downloads

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p.stem for p in (ROOT / "plans" / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s != "random-blackout"])
def test_the_event_log_names_every_unit_kind_and_clause(scenario):
    at = run_page(scenario, timeout=300)
    log = next(d.value for d in at.dataframe if "条款" in d.value.columns)
    text = "\n".join(str(v) for column in log.columns for v in log[column])
    assert ids_in(text) == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_downloads_name_what_they_show(language):
    at = run_page("winter-ice-storm", language=language, timeout=300)
    held = at.session_state[LAST]
    files = downloads(held["key"], language, _last=held)
    for name in ("csv", "md", "html"):
        body = files[name].decode("utf-8-sig") if isinstance(files[name], bytes) else files[name]
        body = re.sub(r"<style>.*?</style>", "", body, flags=re.S)  # the page's CSS is not read
        assert ids_in(body) == [], name


def _read(body) -> str:
    body = body.decode("utf-8-sig") if isinstance(body, bytes) else body
    return re.sub(r"<style>.*?</style>", "", body, flags=re.S)  # a page's CSS is not read


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_walk_through_handout_names_what_it_shows(language):
    from sim.ui.walk_handout import handout_html

    at = walk_page("winter-ice-storm", timeout=300)
    held = at.session_state["walk.current"]
    found = ids_in(_read(handout_html(held, held["result"]["events"], language)))
    assert found == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_drills_papers_and_report_name_what_they_show(tmp_path, language):
    """The drill script (演练方案 and MSEL) and the evaluation report of a drill whose players
    did nothing, so that it is full of deviations and findings."""
    from sim.drills import control, db, dossier, report, script

    scenario = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
    papers = script.build(scenario, seed=1)
    assert ids_in(_read(script.markdown(papers, language))) == []
    assert ids_in(_read(script.html(papers, language))) == []
    engine = db.open_database(f"sqlite:///{tmp_path / 'names.sqlite'}")
    made = control.create(engine, scenario, name="Names", roles={"power_company": "Ann", "county_government": "Bo"})
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    state, key, evaluation = control.assess(engine, made.id)
    assert len(evaluation.deviations) > 5
    filed = dossier.gather(engine, state, key, evaluation)
    assert ids_in(_read(report.markdown(state, key, evaluation, language, filed))) == []
    assert ids_in(_read(report.html(state, key, evaluation, language, filed))) == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_drill_consoles_logs_and_desks_name_what_they_show(tmp_path, monkeypatch, language):
    """The Facilitator's console (overview, live feed of the engine's units, the drill's log) and a
    participant's desk, in a drill where a player acted and the clock ran to the end."""
    from sim.drills import control, db

    url = f"sqlite:///{tmp_path / 'console.sqlite'}"
    monkeypatch.setenv(db.URL_ENV, url)
    engine = db.open_database(url)
    scenario = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
    made = control.create(engine, scenario, name="Names", roles={"power_company": "Ann"})
    control.advance(engine, made.id, key=made.facilitator_key, hours=4.25)
    control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="report",
                args={"hop": "report.power_company"})
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    for script, query in (("facilitator", {"drill": str(made.id), "key": made.facilitator_key}),
                          ("participant", {"drill": str(made.id), "role": "power_company",
                                           "key": made.keys["power_company"]})):
        at = page(script, language, timeout=300, **query)
        shown = [m.value for m in at.markdown] + [str(c.value) for c in at.caption] + [
            str(v) for frame in at.dataframe for column in frame.value.columns for v in frame.value[column]]
        assert len(shown) > 10
        assert ids_in("\n".join(shown)) == [], script


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s != "random-blackout"])
def test_the_after_action_report_of_every_scenario_names_what_it_shows(scenario):
    """Both languages, Markdown and HTML: units, levels, the line corridors a fire reached."""
    from sim import report
    from sim.engine.run import run_scenario
    from sim.inputs import load_case

    case = load_case(ROOT / "plans" / "scenarios" / f"{scenario}.yaml")
    result = run_scenario(case.scenario, case.plans, case.area, 7)
    for language in ("zh", "en"):
        for write in (report.markdown, report.html):
            page = write(result, plans=case.plans, area=case.area, scenario=case.scenario, language=language)
            assert ids_in(_read(page)) == [], (write.__name__, language)
