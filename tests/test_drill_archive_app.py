"""The pages for an archived drill, a forked one, and a participant page opened without a key (Streamlit AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import page
from sim.drills import control, db, fork

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
ROLES = {"power_company": "Ann", "industry_tech": "Bo"}


@pytest.fixture
def drill(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv(db.URL_ENV, url)
    engine = db.open_database(url)
    return engine, control.create(engine, SCENARIO, name="Page drill", roles=ROLES, facilitator="Fay")



def _shown(at: AppTest) -> str:
    """Every text the page shows, in one string."""
    parts = [*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success, *at.title, *at.subheader]
    return " ".join(str(part.value) for part in parts)


def test_the_participant_page_without_a_key_says_how_to_get_in_and_shows_nothing_of_any_drill(drill):
    engine, made = drill
    control.create(engine, SCENARIO, name="Another drill", roles={"power_company": "Di"})
    for query in ({}, {"drill": str(made.id)}, {"drill": str(made.id), "role": "power_company"}):
        at = page("participant", **query)
        assert [i.value for i in at.info] == [
            "请打开导调发给您的参演链接，或在下方输入导调给您的密钥：密钥决定您参加哪个演练、扮演哪个角色。"]
        assert not at.selectbox and not at.button and [w.label for w in at.text_input] == ["密钥"]
        shown = _shown(at)
        assert "Page drill" not in shown and "Another drill" not in shown and "Ann" not in shown


def test_a_participants_key_typed_on_the_page_opens_the_desk_it_is_for(drill):
    engine, made = drill
    at = page("participant", lang="en")
    at.text_input(key="participant_key").set_value(made.keys["industry_tech"]).run()
    assert not at.exception
    assert (at.query_params["drill"], at.query_params["role"]) == (str(made.id), "industry_tech")
    assert "**My role**: Bo · County Bureau of Industry and Science & Technology" in _shown(at)
    assert at.selectbox(key="act_kind").options  # its actions, to take


def test_a_key_typed_that_belongs_to_no_drill_is_told_so_and_sees_no_drill(drill):
    _, made = drill
    at = page("participant", lang="en")
    at.text_input(key="participant_key").set_value("0123456789abcdef0123456789abcdef").run()
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "This key belongs to no drill, or no longer works (the role changed hands or the link was renewed). "
        "Check the key, or ask the facilitator for a new link."]
    assert "drill" not in at.query_params and not at.selectbox and "Page drill" not in _shown(at)


def test_the_console_archives_a_drill_only_after_a_second_click_and_restores_it(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=1.0)
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key, lang="en")
    at.button(key=f"archive_{made.id}").click().run()
    assert not db.load_drill(engine, made.id).archived  # the first click only asks
    assert "Archive “Page drill”? The players can take no action until it is restored." in _shown(at)
    at.button(key=f"archive_no_{made.id}").click().run()
    assert not db.load_drill(engine, made.id).archived
    assert f"archive_yes_{made.id}" not in {b.key for b in at.button}  # cancelled: asked again from the start
    at.button(key=f"archive_{made.id}").click().run()
    at.button(key=f"archive_yes_{made.id}").click().run()
    assert not at.exception
    record = db.load_drill(engine, made.id)
    assert record.archived and (record.actions[-1].person, record.actions[-1].kind) == ("Fay", "archive")
    assert any(s.value.startswith("Logged: archived the drill (Fay, 07-18 13:00)") for s in at.success)
    assert any(i.value.startswith("This drill is archived: the clock, the injects") for i in at.info)
    drawn = {b.key for b in at.button}
    assert not drawn & {"clock_step", "clock_end", f"archive_{made.id}", f"file_{made.id}"}  # no items to file
    assert f"restore_{made.id}" in drawn
    boxes = {w.key for w in [*at.selectbox, *at.multiselect]}
    assert not boxes & {"assign_role_unit", "new_link_role", "own_inject_roles"}  # no role, link or inject to change
    at.button(key=f"restore_{made.id}").click().run()
    assert not at.exception
    record = db.load_drill(engine, made.id)
    assert not record.archived and record.actions[-1].kind == "restore"
    assert {"clock_step", f"file_{made.id}"} <= {b.key for b in at.button}
    assert {"assign_role_unit", "new_link_role"} <= {w.key for w in at.selectbox}


def test_the_console_lists_an_archived_drill_only_when_asked_to_and_its_link_still_opens_it(drill):
    engine, made = drill
    other = control.create(engine, SCENARIO, name="Kept drill", roles={"power_company": "Di"})
    control.archive(engine, made.id, key=made.facilitator_key)
    at = page("facilitator", lang="en")
    picker = at.selectbox(key="facilitator_drill")
    assert picker.options == [f"{other.id} · Kept drill (Drill: a thunderstorm takes out the Chengnan 110 kV substation)"]
    at.checkbox(key="facilitator_drill.archived").check().run()
    assert not at.exception
    assert [o.split(" · ")[-1] for o in at.selectbox(key="facilitator_drill").options] == [
        "Kept drill (Drill: a thunderstorm takes out the Chengnan 110 kV substation)", "archived"]
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    assert at.selectbox(key="facilitator_drill").value == made.id
    assert any(i.value.startswith("本演练已归档") for i in at.info)


def test_the_desk_of_an_archived_drill_can_be_read_and_offers_no_action(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    at = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"], lang="en")
    assert [b for b in at.button if b.label == "Do it"]
    control.archive(engine, made.id, key=made.facilitator_key)
    at.run()
    assert not at.exception
    assert "The facilitator has archived this drill: it can be read, and no action is taken." in [i.value for i in at.info]
    assert not at.button and not [s for s in at.selectbox if s.key == "act_kind"]
    assert "Tasks" in _shown(at)  # still read: its tasks, inbox and timeline


def test_the_console_and_the_desks_of_a_forked_drill_name_each_fork_and_its_moment(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=6.0)
    fork.fork(engine, made.id, 2.0, key=made.facilitator_key, name="Declare earlier")
    fork.fork(engine, made.id, 5.5, key=made.facilitator_key, language="en")
    said = ["This drill was forked at 07-18 14:00 into “Declare earlier”.",
            "This drill was forked at 07-18 17:30 into “Page drill (replayed from 07-18 17:30)”."]
    console = page("facilitator", drill=str(made.id), key=made.facilitator_key, lang="en")
    assert [i.value for i in console.info if i.value.startswith("This drill was forked")] == said
    desk = page("participant", drill=str(made.id), role="industry_tech", key=made.keys["industry_tech"])
    assert [i.value for i in desk.info if i.value.startswith("本演练已于")] == [
        "本演练已于 07-18 14:00 分出新演练“Declare earlier”。",
        "本演练已于 07-18 17:30 分出新演练“Page drill (replayed from 07-18 17:30)”。"]
    unforked = fork.forks_of(engine, fork.forks_of(engine, made.id)[0].id)
    assert unforked == []  # a fork's own console says nothing until it is forked itself
