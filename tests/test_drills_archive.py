"""Archiving a drill: the facilitator tidies it away and restores it; nothing of it is deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from drill_fixtures import db_url  # noqa: F401  (fixture)
from sim.drills import control, db, improvement, objectives, report
from sim.errors import InputError
from sim.messages import BOTH, render

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
ROLES = {"power_company": "Ann", "county_government": "Cai"}
ARCHIVED = "演练 {id} 已归档：可以查看和出报告，恢复后才能更改 · drill {id} is archived: it can be read and reported, and changed only once restored"


@pytest.fixture
def made(db_url):  # noqa: F811  (the fixture imported above)
    engine = db.open_database(db_url)
    return engine, control.create(engine, SCENARIO, name="Storm", roles=ROLES, facilitator="Fay")


def _said(error: pytest.ExceptionInfo) -> str:
    """A refusal's problems as the command line says them, in both languages."""
    return " | ".join(f"{problem.path}: {render(problem.message, BOTH)}" for problem in error.value.problems)


def test_the_facilitator_archives_a_drill_with_their_key_and_the_log_names_them(made):
    engine, drill = made
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=1.5)
    action = control.archive(engine, drill.id, key=drill.facilitator_key)
    record = db.load_drill(engine, drill.id)
    assert record.archived
    assert (action.person, action.kind, action.at_h) == ("Fay", "archive", 1.5)
    assert [(a.person, a.kind) for a in record.actions][-1] == ("Fay", "archive")


def test_a_wrong_key_or_a_players_key_archives_nothing_and_is_told_it_needs_the_facilitators(made):
    engine, drill = made
    for key in ("not-a-key", drill.keys["power_company"], None):
        with pytest.raises(InputError, match="facilitator's key") as refused:
            control.archive(engine, drill.id, key=key)
        assert "需要演练" in _said(refused)
    record = db.load_drill(engine, drill.id)
    assert not record.archived and [a.kind for a in record.actions] == ["assign", "assign"]


def test_an_archived_drill_is_left_out_of_the_list_unless_every_drill_is_asked_for(made):
    engine, drill = made
    other = control.create(engine, SCENARIO, name="Kept", roles={"power_company": "Di"})
    control.archive(engine, drill.id, key=drill.facilitator_key)
    assert [row["id"] for row in db.list_drills(engine)] == [other.id]
    every = db.list_drills(engine, archived=True)
    assert [(row["id"], row["archived"]) for row in every] == [(other.id, False), (drill.id, True)]


def test_an_archived_drill_refuses_every_change_in_both_languages_and_logs_nothing(made):
    engine, drill = made
    fac = drill.facilitator_key
    control.advance(engine, drill.id, key=fac, hours=1.0)  # the power company missed its warning steps: findings
    plan = control.assess(engine, drill.id)[0].inputs.plan
    control.archive(engine, drill.id, key=fac)
    before = db.load_drill(engine, drill.id).actions
    changes = [
        lambda: control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="note",
                            args={"text": "still here"}),
        lambda: control.advance(engine, drill.id, key=fac, hours=1.0),
        lambda: control.step(engine, drill.id, key=fac),
        lambda: control.run_clock(engine, drill.id, key=fac, rate=60.0),
        lambda: control.release(engine, drill.id, "chengnan-lightning", key=fac),
        lambda: control.send_inject(engine, drill.id, key=fac, roles=["power_company"], title={"zh": "通报", "en": "N"},
                                    body={"zh": "正文", "en": "B"}),
        lambda: control.assign(engine, drill.id, "power_company", "Eve", key=fac),
        lambda: control.new_link(engine, drill.id, "power_company", key=fac),
        lambda: objectives.share(engine, drill.id, True, key=fac),
        lambda: objectives.save(engine, drill.id, [objectives.Objective("", {"zh": "按时报告", "en": "Report"},
                                                                        ("report",))], ["power_company"], key=fac),
        lambda: improvement.file(engine, drill.id, _findings(engine, drill.id), plan, key=fac),
    ]
    for change in changes:
        with pytest.raises(InputError) as refused:
            change()
        assert _said(refused) == f"drill: {ARCHIVED.format(id=drill.id)}"
    after = db.load_drill(engine, drill.id)
    assert after.actions == before and after.clock.now() == 1.0 and after.player("power_company") == "Ann"
    assert not objectives.shared(engine, drill.id)
    assert [o.key for o in objectives.of_drill(engine, drill.id, control.assess(engine, drill.id)[0].inputs.scenario)] \
        == ["warning", "reporting", "command", "restoration"]
    assert improvement.listing(engine, drill_id=drill.id) == []


def _findings(engine, drill_id: int):
    from sim.drills import findings

    return findings.findings(*control.assess(engine, drill_id))


def test_a_wrong_key_on_an_archived_drill_is_told_the_key_is_wrong_not_that_the_drill_is_archived(made):
    engine, drill = made
    control.archive(engine, drill.id, key=drill.facilitator_key)
    with pytest.raises(InputError, match="facilitator's key"):
        control.advance(engine, drill.id, key="guess", hours=1.0)
    with pytest.raises(InputError, match="not that of the present player"):
        control.act(engine, drill.id, role="power_company", key="guess", kind="note", args={"text": "x"})


def test_restoring_lets_the_drill_change_again_and_is_logged_under_the_facilitator(made):
    engine, drill = made
    control.archive(engine, drill.id, key=drill.facilitator_key)
    with pytest.raises(InputError, match="needs the facilitator's key"):
        control.archive(engine, drill.id, key=drill.keys["county_government"], restore=True)
    restored = control.archive(engine, drill.id, key=drill.facilitator_key, restore=True)
    assert (restored.person, restored.kind) == ("Fay", "restore")
    assert not db.load_drill(engine, drill.id).archived
    assert [row["id"] for row in db.list_drills(engine)] == [drill.id]
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=2.0)
    noted = control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="note",
                        args={"text": "back"})
    assert (noted.person, noted.at_h) == ("Ann", 2.0)


def test_archiving_twice_restoring_a_drill_not_archived_or_archiving_a_running_clock_is_refused(made):
    engine, drill = made
    fac = drill.facilitator_key
    with pytest.raises(InputError) as refused:
        control.archive(engine, drill.id, key=fac, restore=True)
    assert _said(refused) == (f"drill: 演练 {drill.id} 没有归档，无需恢复 · drill {drill.id} is not archived: "
                              "there is nothing to restore")
    control.run_clock(engine, drill.id, key=fac, rate=60.0)
    with pytest.raises(InputError, match="pause it before archiving"):
        control.archive(engine, drill.id, key=fac)
    assert not db.load_drill(engine, drill.id).archived
    control.pause(engine, drill.id, key=fac)
    control.archive(engine, drill.id, key=fac)
    with pytest.raises(InputError, match="is already archived"):
        control.archive(engine, drill.id, key=fac)
    assert [a.kind for a in db.load_drill(engine, drill.id).actions].count("archive") == 1


def test_an_archived_drill_is_still_read_reported_and_forked(made):
    from sim.drills import fork

    engine, drill = made
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=4.25)
    control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="report",
                args={"hop": "report.power_company"})
    state, key, evaluation = control.assess(engine, drill.id)
    written = report.markdown(state, key, evaluation, "en")
    control.archive(engine, drill.id, key=drill.facilitator_key)
    state, key, evaluation = control.assess(engine, drill.id)
    assert state.now_h == 4.25 and evaluation.overall.percent is not None
    assert report.markdown(state, key, evaluation, "en") == written  # archiving changes nothing the report reads
    copy = fork.fork(engine, drill.id, 4.0, key=drill.facilitator_key, language="en")
    assert not db.load_drill(engine, copy.id).archived


def test_the_command_line_archives_lists_every_drill_with_all_reports_and_restores(made, capsys, tmp_path):
    from sim.cli import main

    engine, drill = made
    url = engine.url.render_as_string(hide_password=False)
    base = ["--lang", "en", "drill", "--db", url]
    assert main([*base, "archive", str(drill.id), "--key", drill.keys["power_company"]]) == 2
    assert "--key: this needs the facilitator's key" in capsys.readouterr().err
    assert main([*base, "archive", str(drill.id), "--key", drill.facilitator_key]) == 0
    assert capsys.readouterr().out == (f"#3 at 07-18 12:00: drill {drill.id} archived (Fay); "
                                       f"drill archive {drill.id} --restore brings it back\n")
    assert main([*base, "list"]) == 0
    assert capsys.readouterr().out == "no drills but archived ones (drill list --all lists them)\n"
    assert main([*base, "list", "--all"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[1].startswith(f"{drill.id}   07-18 12:00  paused (archived)") and listed[1].endswith("/ Storm")
    assert main([*base, "status", str(drill.id)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        f"archived: read and reported; changed only once drill archive {drill.id} --restore brings it back")
    assert main([*base, "advance", str(drill.id), "--hours", "1", "--key", drill.facilitator_key]) == 2
    assert f"DRILL: drill {drill.id} is archived" in capsys.readouterr().err
    out = tmp_path / "report.md"
    assert main([*base, "report", str(drill.id), "--out", str(out)]) == 0 and out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main([*base, "archive", str(drill.id), "--restore", "--key", drill.facilitator_key]) == 0
    assert capsys.readouterr().out == f"#4 at 07-18 12:00: drill {drill.id} restored (Fay)\n"
    assert main([*base, "list"]) == 0 and "paused" in capsys.readouterr().out


def test_an_archived_drills_items_filed_before_are_still_followed_up_and_filing_comes_back_on_restore(made):
    engine, drill = made
    fac = drill.facilitator_key
    control.advance(engine, drill.id, key=fac, hours=1.0)
    plan = control.assess(engine, drill.id)[0].inputs.plan
    (first, *_) = improvement.file(engine, drill.id, _findings(engine, drill.id), plan, key=fac)
    control.advance(engine, drill.id, key=fac, hours=5.0)  # more findings, not filed yet
    control.archive(engine, drill.id, key=fac)
    assert improvement.update_item(engine, first.id, key=fac, status="closed").status == "closed"
    filed = len(improvement.listing(engine, drill_id=drill.id))
    with pytest.raises(InputError) as refused:
        improvement.file(engine, drill.id, _findings(engine, drill.id), plan, key=fac)
    assert _said(refused) == f"drill: {ARCHIVED.format(id=drill.id)}"
    assert len(improvement.listing(engine, drill_id=drill.id)) == filed
    control.archive(engine, drill.id, key=fac, restore=True)
    assert len(improvement.file(engine, drill.id, _findings(engine, drill.id), plan, key=fac)) > filed


def test_forking_an_archived_drill_makes_a_new_drill_and_leaves_the_archived_one_as_it_was(made):
    """A fork is new work from an old drill: it carries the open items, and the archive keeps
    its log, its clock, its items and its flag."""
    from sim.drills import fork

    engine, drill = made
    fac = drill.facilitator_key
    control.advance(engine, drill.id, key=fac, hours=1.0)
    improvement.file(engine, drill.id, _findings(engine, drill.id), control.assess(engine, drill.id)[0].inputs.plan,
                     key=fac)
    control.archive(engine, drill.id, key=fac)
    before, items = db.load_drill(engine, drill.id), improvement.listing(engine, drill_id=drill.id)
    copy = fork.fork(engine, drill.id, 1.0, key=fac, language="en")
    after = db.load_drill(engine, drill.id)
    assert (after.archived, after.actions, after.clock.now()) == (True, before.actions, 1.0)
    assert improvement.listing(engine, drill_id=drill.id) == items
    forked = db.load_drill(engine, copy.id)
    assert not forked.archived and [i.carried_from for i in improvement.listing(engine, drill_id=copy.id)] == \
        [i.id for i in items]


def test_an_archive_committed_while_objectives_are_saved_is_seen_by_the_save_which_is_refused(made):
    """The archived flag is read in the transaction that writes the objectives, after the
    drill's row is locked: an archive that commits while the save waits for the lock
    refuses the save, where a look before the transaction would have let it through."""
    import threading

    from sqlalchemy import update

    engine, drill = made
    fac = drill.facilitator_key
    mine = [objectives.Objective("", {"zh": "按时报告", "en": "Report on time"}, ("report",))]
    outcome: list = []

    def save() -> None:
        try:
            objectives.save(engine, drill.id, mine, ["power_company"], key=fac)
            outcome.append("saved")
        except InputError as error:
            outcome.append(" | ".join(render(p.message, BOTH) for p in error.problems))

    with db.writing(engine) as connection:  # an archive under way: the drill's row is written, not yet committed
        connection.execute(update(db.drills).where(db.drills.c.id == drill.id).values(archived=True))
        saving = threading.Thread(target=save)
        saving.start()
        saving.join(1.0)
        assert saving.is_alive(), "the save waits for the archive's transaction"
    saving.join(30)
    assert outcome == [ARCHIVED.format(id=drill.id)]
    scenario = control.assess(engine, drill.id)[0].inputs.scenario
    assert [o.key for o in objectives.of_drill(engine, drill.id, scenario)] == ["warning", "reporting", "command",
                                                                                 "restoration"]


def test_the_command_line_refuses_to_file_improvement_items_on_an_archived_drill_in_both_languages(made, capsys):
    from sim.cli import main

    engine, drill = made
    url = engine.url.render_as_string(hide_password=False)
    control.archive(engine, drill.id, key=drill.facilitator_key)
    assert main(["drill", "--db", url, "improve", str(drill.id), "--key", drill.facilitator_key]) == 2
    err = capsys.readouterr().err
    assert ARCHIVED.format(id=drill.id) in err and "Traceback" not in err
