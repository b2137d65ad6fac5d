"""The evaluation report of a drill on a scenario that runs several documents: a fire-ban
notice beside the blackout plan is acted by the engine as written, and the report names it
and lists its key entries in the timeline, unscored."""

from __future__ import annotations

from pathlib import Path

import pytest

from app_pages import page
from sim.drills import control, db, report, views
from sim.drills.report import TIMELINE_VERBS, label
from sim.drills.script import build, plan_sections
from sim.event_kinds import clause_label
from sim.messages import pick, text

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "plans" / "scenarios"


def _ended(tmp_path, scenario: str, seed: int = 1):
    engine = db.open_database(f"sqlite:///{tmp_path / 'drill.sqlite'}")
    made = control.create(engine, SCENARIOS / scenario, name="D", roles={}, seed=seed)
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    return control.assess(engine, made.id)


def _section(sections, key: str, language: str):
    return next(s for s in sections if s.title == label(key, language))


@pytest.fixture(scope="module")
def grassland(tmp_path_factory):
    return _ended(tmp_path_factory.mktemp("grassland"), "grassland-fire-line-trip.yaml")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_grassland_fire_drill_report_names_the_plan_and_both_ban_notices_acted_by_the_engine(grassland, language):
    state, key, evaluation = grassland
    overview = dict(_section(report.sections(state, key, evaluation, language), "overview", language).pairs)
    plans = state.inputs.plans
    assert overview[label("plan", language)] == pick(plans["guyang-blackout-2023"].title, language)
    acted = overview[text("drill.acted", language)]
    for notice in ("guyang-fire-ban-2023", "guyang-straw-burning-ban-2023"):
        assert pick(plans[notice].title, language) in acted
    assert text("drill.acted", language) in report.markdown(state, key, evaluation, language)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_grassland_fire_drill_timeline_has_the_fire_and_the_line_trip_before_the_blackout(grassland, language):
    state, key, evaluation = grassland
    rows = _section(report.sections(state, key, evaluation, language), "timeline", language).rows
    names = state.names()
    words = {k: pick(v, language) for k, v in names.of("unit").items()}
    fire_notice = pick(state.inputs.plans["guyang-fire-ban-2023"].title, language)
    started = next(i for i, r in enumerate(rows) if r[0] == "11-13 09:13")
    seen = next(i for i, r in enumerate(rows) if r[0] == "11-13 09:32")
    relayed = next(i for i, r in enumerate(rows) if r[1] == words["fire_alarm_12119"])
    trip = next(i for i, r in enumerate(rows) if r[0] == "11-13 11:13" and r[1] == clause_label("model", language))
    blackout = next(i for i, r in enumerate(rows) if r[3] and r[3].startswith(("附件1", "Annex 1")))
    assert started < seen < relayed < trip < blackout
    assert rows[blackout][0] == "11-13 11:13"
    # the notice's entries are cited by their clause, then its title, as every table's Clause column; not scored
    assert rows[relayed][3].endswith(f" · {fire_notice}") and rows[relayed][4] == ""
    assert any(r[1] == words["county_fire_hq"] and r[3].endswith(f" · {fire_notice}") for r in rows)
    # the line trip, then the secondary incident it opens in words of its own, then the blackout
    model = [r[2] for r in rows if r[0] == "11-13 11:13" and r[1] == clause_label("model", language)]
    assert len(model) == len(set(model)) == 3
    assert model[0] in model[1] and model[1].startswith(("次生事件", "Secondary incident"))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_grassland_fire_drill_cites_the_played_plans_entries_by_their_clause_alone_in_the_feed_as_in_the_report(
        grassland, language):
    """The console's feed of what unplayed units did, and the report's timeline, cite an entry of
    the plan the drill plays as the drill's own clauses are cited: without the plan's title,
    which the run's log gives since the run holds several documents."""
    state, key, evaluation = grassland
    blackout = pick(state.inputs.plan.title, language)
    column = views.label("common.clause", language)
    feed = [row[column] for row in views.engine_feed(state, language, limit=1000)]
    assert feed and not any(blackout in clause for clause in feed)
    assert clause_label("5.1", language) in feed
    rows = _section(report.sections(state, key, evaluation, language), "timeline", language).rows
    assert not any(blackout in row[3] for row in rows) and clause_label("5.1", language) in [row[3] for row in rows]


def test_the_drill_plan_of_a_grassland_fire_drill_names_the_ban_notices_too():
    script = build(SCENARIOS / "grassland-fire-line-trip.yaml", seed=1)
    pairs = dict(plan_sections(script, "en")[0].pairs)
    assert "fire lockdown" in pairs[text("drill.acted", "en")]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_single_plan_drill_report_names_one_plan_and_lists_only_the_engine_s_own_entries(tmp_path, language):
    state, key, evaluation = _ended(tmp_path, "drill-chengnan-storm.yaml")
    sections = report.sections(state, key, evaluation, language)
    overview = _section(sections, "overview", language).pairs
    assert [k for k, _ in overview if k in (label("plan", language), text("drill.acted", language))] == [label("plan", language)]
    rows = _section(sections, "timeline", language).rows
    released = [i for i in state.record.injects if i.release_h() is not None and i.release_h() <= evaluation.now_h]
    engine = [e for e in state.result["events"] if e["action"] in TIMELINE_VERBS]
    assert len(rows) == len(released) + len(engine)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_console_header_names_the_played_plan_and_the_ban_notices_the_engine_acts(tmp_path, monkeypatch, language):
    url = f"sqlite:///{tmp_path / 'console.sqlite'}"
    monkeypatch.setenv(db.URL_ENV, url)
    made = control.create(db.open_database(url), SCENARIOS / "grassland-fire-line-trip.yaml", name="G", roles={})
    console = page("facilitator", language, drill=str(made.id), key=made.facilitator_key, lang=language)
    shown = " ".join(m.value for m in console.markdown)
    plans = control.assess(db.open_database(url), made.id)[0].inputs.plans
    assert f"**{label('plan', language)}**{text('common.colon', language)}" \
           f"{pick(plans['guyang-blackout-2023'].title, language)}" in shown
    assert text("drill.acted", language) in shown and pick(plans["guyang-fire-ban-2023"].title, language) in shown
