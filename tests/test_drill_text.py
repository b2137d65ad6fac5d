"""Every text a person types or a file supplies passes the one check before a drill keeps it.

Each way text reaches the drill database — a drill's name and facilitator, a player's
name, a role handed on, a note, a facilitator's notice, a fork's name, the objectives, an
improvement item — refuses a NUL and a right-to-left override, saying the field and the
character's position in both languages and storing nothing; and keeps ordinary Chinese
and English, emoji and zero-width joiners included. The tables themselves refuse text
nobody checked, so a write that skips the door stores nothing either. A file's text (a
scenario's inject) is refused at its line; an MSEL workbook's, at its cell
(``test_drill_script.py``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from drill_fixtures import db_url  # noqa: F401  (fixture)
from sim.cli import main
from sim.drills import control, db, fork, improvement, objectives
from sim.drills.findings import Finding
from sim.drills.paper_tables import improvements, objectives as objectives_table, options
from sim.errors import InputError
from test_drills_keys import SCENARIO

#: Text a drill keeps: Chinese and English, an emoji made of three joined by zero-width joiners.
GOOD = "城南 Chengnan 值班\u200d人员 👩\u200d🚒"
#: What is refused, each put at the third character of a text.
BAD = {"nul": ("\0", "第 3 个字符是空字符（NUL）", "character 3 is NUL"),
       "rlo": ("\u202e", "第 3 个字符是改变文字显示方向的不可见控制字符 U+202E",
               "character 3 is U+202E, an invisible control")}
TABLES = (db.drills, db.participants, db.injects, db.actions, objectives_table, options, improvements)


def _stored(engine) -> dict[str, list]:
    """Every row of every drill table, in the order stored."""
    with engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key))]
                for table in TABLES}


def _texts(engine) -> set[str]:
    """Every string stored, down into the JSON columns."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(list(_stored(engine).values()))
    return found


@pytest.fixture
def drill(db_url):
    engine = db.open_database(db_url)
    made = control.create(engine, SCENARIO, name="文字", roles={"power_company": "Ann"})
    finding = Finding("players:test", "players", "minor", "report", "power_company", "4.3", 0.0,
                      {"zh": "迟报", "en": "late"}, {"zh": "按时报告", "en": "report on time"})
    state, _, _ = control.assess(engine, made.id)
    item = improvement.file(engine, made.id, [finding], state.inputs.plan, key=made.facilitator_key,
                            today=dt.date(2026, 12, 1))[0]
    return engine, made, item.id, [u.id for u in state.inputs.plan.units]


def _create_name(engine, made, item, units, text):
    control.create(engine, SCENARIO, name=text, roles={"power_company": "Ann"})


def _create_facilitator(engine, made, item, units, text):
    control.create(engine, SCENARIO, name="x", roles={"power_company": "Ann"}, facilitator=text)


def _create_player(engine, made, item, units, text):
    control.create(engine, SCENARIO, name="x", roles={"power_company": text})


def _assign(engine, made, item, units, text):
    control.assign(engine, made.id, "county_government", text, key=made.facilitator_key)


def _note(engine, made, item, units, text):
    control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="note",
                args={"text": text})


def _notice(engine, made, item, units, text):
    control.send_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"],
                        title={"zh": "通报", "en": "notice"}, body={"zh": text, "en": "body"})


def _fork(engine, made, item, units, text):
    fork.fork(engine, made.id, 0.0, key=made.facilitator_key, name=text)


def _objective(engine, made, item, units, text):
    objectives.save(engine, made.id, [objectives.Objective("", {"zh": "按时报告", "en": text}, ("report",))], units,
                    key=made.facilitator_key)


def _item_unit(engine, made, item, units, text):  # no list of units to hold it to: only the table checks it
    improvement.update_item(engine, item, key=made.facilitator_key, unit=text)


def _stored_name(engine, made, item, units, text):  # a write that skips every door
    db.create_drill(engine, name=text, scenario="s", inputs={}, seed=1, end_h=1.0, roles={}, scheduled=[],
                    facilitator_key="k", role_keys={})


def _stored_title(engine, made, item, units, text):
    db.add_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"], title={"zh": text, "en": "t"},
                  body={"zh": "b", "en": "b"})


#: each way in -> the field a refusal names
ENTRIES = {
    _create_name: "name", _create_facilitator: "facilitator", _create_player: "role.power_company",
    _assign: "person", _note: "args.text", _notice: "body.zh", _fork: "name", _objective: "objectives.1.en",
    _item_unit: "unit", _stored_name: "name", _stored_title: "title.zh",
}


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.__name__.strip("_"))
def test_every_way_in_refuses_a_nul_and_a_right_to_left_override_by_field_and_position_and_stores_nothing(
        drill, entry, bad):
    engine, made, item, units = drill
    char, zh, en = BAD[bad]
    before = _stored(engine)
    with pytest.raises(InputError) as refusal:
        entry(engine, made, item, units, f"演练{char}文字")
    said_zh, said_en = refusal.value.render("zh"), refusal.value.render("en")
    assert f"drill: {ENTRIES[entry]}: {zh}" in said_zh, said_zh
    assert f"drill: {ENTRIES[entry]}: {en}" in said_en, said_en
    assert _stored(engine) == before


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.__name__.strip("_"))
def test_every_way_in_keeps_chinese_and_english_with_emoji_and_zero_width_joiners_as_typed(drill, entry):
    engine, made, item, units = drill
    entry(engine, made, item, units, GOOD)
    assert GOOD in _texts(engine)


def test_the_scenarios_files_are_kept_word_for_word_and_the_only_text_column_left_unchecked():
    from sqlalchemy import JSON, String

    from sim.drills.text import CheckedJSON, CheckedString

    unchecked = [f"{table.name}.{column.name}" for table in TABLES for column in table.columns
                 if isinstance(column.type, (String, JSON)) and not isinstance(column.type, (CheckedString, CheckedJSON))]
    assert unchecked == ["drills.inputs"]


@pytest.mark.parametrize("argv, flag", [
    (["new", str(SCENARIO), "--name", "演练\u202e文字", "--role", "power_company=Ann"], "--name"),
    (["new", str(SCENARIO), "--name", "x", "--role", "power_company=演练\u202e文字"], "--role"),
])
def test_the_command_line_refuses_a_new_drill_with_a_right_to_left_override_with_exit_2(tmp_path, capsys, argv, flag):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert main(["drill", "--db", url, *argv]) == 2
    said = capsys.readouterr().err
    assert flag in said and "第 3 个字符是改变文字显示方向的不可见控制字符 U+202E" in said and "Traceback" not in said, said
    assert db.list_drills(db.open_database(url)) == []


def test_the_command_line_refuses_a_forks_name_with_a_nul_with_exit_2_and_forks_nothing(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    engine = db.open_database(url)
    made = control.create(engine, SCENARIO, name="x", roles={"power_company": "Ann"})
    argv = ["drill", "--db", url, "fork", str(made.id), "--at", "07-18 12:00", "--key", made.facilitator_key]
    assert main([*argv, "--name", "演练\0文字"]) == 2
    said = capsys.readouterr().err
    assert "--name" in said and "第 3 个字符是空字符（NUL）" in said, said
    assert [d["id"] for d in db.list_drills(engine)] == [made.id]
    assert main([*argv, "--name", GOOD]) == 0
    assert db.list_drills(engine)[0]["name"] == GOOD


def test_the_command_line_refuses_a_note_with_a_right_to_left_override_with_exit_2(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    engine = db.open_database(url)
    made = control.create(engine, SCENARIO, name="x", roles={"power_company": "Ann"})
    argv = ["drill", "--db", url, "act", str(made.id), "--role", "power_company", "--action", "note",
            "--key", made.keys["power_company"]]
    assert main([*argv, "--arg", "text=演练\u202e文字"]) == 2
    said = capsys.readouterr().err
    assert "--arg text" in said and "U+202E" in said, said
    assert [a.kind for a in db.load_drill(engine, made.id).actions] == ["assign"]


def test_a_scenarios_inject_that_turns_right_to_left_is_refused_at_its_line_and_no_drill_is_made(tmp_path, capsys):
    import shutil

    shutil.copytree(SCENARIO.parent.parent, tmp_path / "plans")
    scenario = tmp_path / "plans" / "scenarios" / SCENARIO.name
    written = scenario.read_text(encoding="utf-8")
    said = "text: {zh: 气象局预报午后强雷暴，供电公司研判"  # the first inject's Chinese text
    assert written.count(said) == 1
    scenario.write_text(written.replace(said, said.replace("供电公司", "供电\u202e公司")), encoding="utf-8")
    line = next(n for n, text in enumerate(scenario.read_text(encoding="utf-8").splitlines(), start=1) if "\u202e" in text)
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert main(["drill", "--db", url, "new", str(scenario), "--name", "x", "--role", "power_company=Ann"]) == 2
    said = capsys.readouterr().err
    # refused where every file is read, as YAML's own forbidden characters are
    assert f"{scenario}:{line}:" in said and "U+202E" in said and "显示方向" in said, said
    assert db.list_drills(db.open_database(url)) == []
