"""A drill on a template scenario plays the incident ``run`` draws for its seed and replication.

A template draws a new incident per replication; a drill keeps its seed and replication
and every face of it — the replay, the answer key, the papers, a fork, the command line —
plays the draw that ``python -m sim run TEMPLATE --seed S --replication I`` runs.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from openpyxl import load_workbook
from sqlalchemy import create_engine, insert, inspect

from drill_fixtures import db_url  # noqa: F401  (fixture)
from sim.cli import main
from sim.drills import control, db, fork, inputs, msel_xlsx, replay, report, script
from sim.engine.run import run_scenario
from sim.inputs import load_case

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "plans" / "scenarios" / "random-blackout.yaml"
STORY = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"


def _run(path: Path, seed: int, replication: int = 0):
    """What ``python -m sim run PATH --seed SEED --replication I`` runs: the Case's draw."""
    case = load_case(path, replication=replication)
    return case, case.draw(seed)


def _drill(tmp_path, path: Path, seed: int, replication: int = 0, name: str = "t") -> db.DrillRecord:
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    made = control.create(engine, path, name=name, roles={"power_company": "Ann"}, seed=seed, replication=replication)
    return db.load_drill(engine, made.id)


def _injects(scenario) -> list[dict]:
    return [inject.model_dump() for inject in scenario.injects]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_drill_on_a_template_starts_at_the_clock_time_and_plays_the_incident_run_draws_for_its_seed(tmp_path, seed):
    record = _drill(tmp_path, TEMPLATE, seed)
    _, draw = _run(TEMPLATE, seed)
    state = replay.replay(record)
    assert state.inputs.scenario.start == draw.scenario.start
    assert _injects(state.inputs.scenario) == _injects(draw.scenario)
    assert state.inputs.seed == draw.seed
    assert [i.key for i in record.injects if i.at_h is not None] == [i.id for i in draw.scenario.injects]
    assert record.scenario == "random-blackout" and record.replication == 0


def test_two_seeds_of_a_template_give_two_drills_two_incidents(tmp_path):
    one, two = (replay.replay(_drill(tmp_path, TEMPLATE, seed, name=f"s{seed}")).inputs.scenario for seed in (1, 2))
    assert one.start != two.start and one.start.isoformat()[:16] == "2024-09-07T05:00"
    assert two.start.isoformat()[:16] == "2024-04-30T04:00"


def test_the_answer_key_of_a_template_drill_is_the_run_of_the_same_seed_and_replication(tmp_path):
    record = _drill(tmp_path, TEMPLATE, 1, replication=3)
    case, draw = _run(TEMPLATE, 1, replication=3)
    run = run_scenario(draw.scenario, case.plans, case.area, draw.seed)
    assert replay.answer_key(record).result["summary"] == run["summary"]


def test_a_replication_other_than_0_plays_the_incident_run_replication_draws(tmp_path):
    record = _drill(tmp_path, TEMPLATE, 1, replication=3)
    _, draw = _run(TEMPLATE, 1, replication=3)
    _, first = _run(TEMPLATE, 1)
    state = replay.replay(record)
    assert record.replication == 3
    assert state.inputs.scenario.start == draw.scenario.start != first.scenario.start
    assert _injects(state.inputs.scenario) == _injects(draw.scenario)
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")  # a fork carries the replication on
    made = control.create(engine, TEMPLATE, name="f", roles={}, seed=1, replication=3)
    forked = db.load_drill(engine, fork.fork(engine, made.id, 0.0, key=made.facilitator_key).id)
    assert forked.replication == 3 and inputs.of_drill(forked).scenario.start == draw.scenario.start


def test_a_storys_replication_runs_the_story_under_the_engine_seed_run_uses(tmp_path):
    record = _drill(tmp_path, STORY, 5, replication=2)
    _, draw = _run(STORY, 5, replication=2)
    state = replay.replay(record)
    assert state.inputs.seed == draw.seed != 5
    assert state.inputs.scenario.start == load_case(STORY).scenario.start


def test_the_drill_papers_of_a_template_describe_the_incident_of_their_seed_and_replication():
    papers = script.build(TEMPLATE, seed=1, replication=3)
    _, draw = _run(TEMPLATE, 1, replication=3)
    assert papers.start == draw.scenario.start
    assert [row.key for row in papers.injects] == [i.id for i in sorted(draw.scenario.injects, key=lambda i: i.at_h)]
    overview = dict(script.plan_sections(papers, "en")[0].pairs)
    assert overview["Scenario start"] == draw.scenario.start.strftime("%Y-%m-%d %H:%M")
    assert overview["Seed"] == "1" and overview["Replication"] == "3"


def test_a_storys_papers_name_no_replication_at_0_and_a_template_drills_report_names_its_own(tmp_path):
    overview = dict(script.plan_sections(script.build(STORY), "en")[0].pairs)
    assert "Replication" not in overview and overview["Seed"] == "1"
    record = _drill(tmp_path, TEMPLATE, 2)
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    state, key, evaluation = control.assess(engine, record.id)
    told = dict(report.sections(state, key, evaluation, "en")[0].pairs)
    assert told["Replication"] == "0" and told["Seed"] == "2"


def test_an_old_record_without_a_replication_still_opens_and_plays_replication_0(db_url):
    old = create_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    config.set_main_option("version_table", db.VERSION_TABLE)
    with old.begin() as connection:  # the schema as it stood before drills kept a replication
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        assert "replication" not in {c["name"] for c in inspect(connection).get_columns("drills")}
        drill_id = connection.execute(insert(db.drills).values(
            name="old", scenario="random-blackout", inputs=inputs.snapshot(TEMPLATE), seed=1, settings={"grace_h": 0.5},
            end_h=240.0, clock_h=0.0, clock_running=False, clock_rate=1.0, clock_anchor=0.0, next_seq=0,
            created=db._now(), facilitator="Fay").returning(db.drills.c.id)).scalar_one()
    old.dispose()
    engine = db.open_database(db_url)  # migrated to head on opening
    record = db.load_drill(engine, drill_id)
    assert record.replication == 0
    state, _, _ = control.assess(engine, drill_id)
    assert state.inputs.scenario.start == _run(TEMPLATE, 1)[1].scenario.start


def test_the_command_line_drill_starts_where_run_starts_and_names_the_option_of_a_bad_replication(tmp_path, capsys):
    base = ["--lang", "en", "drill", "--db", f"sqlite:///{tmp_path / 'cli.sqlite'}", "new", str(TEMPLATE), "--name", "T"]
    assert main([*base, "--seed", "2", "--replication", "3"]) == 0
    start = _run(TEMPLATE, 2, replication=3)[1].scenario.start
    assert f"the clock is paused at {start:%m-%d %H:%M}, the scenario's start" in capsys.readouterr().out
    assert main([*base, "--replication", str(control.MAX_REPLICATION + 1)]) == 2
    assert f"command line: --replication: a replication is an integer from 0 to {control.MAX_REPLICATION}, not" \
        in capsys.readouterr().err


def test_the_papers_and_the_report_of_a_template_drill_say_what_was_drawn_by_name_as_run_prints_it(tmp_path, capsys):
    """Cause, season, weather and start, by the template's names in the reader's language
    (never its ids), the same words the run summary of the same seed and replication prints."""
    case, draw = _run(TEMPLATE, 2, replication=3)
    template = case.scenario.template
    cause, season, weather = draw.facts[:3]
    names = {group: {item.id: item.name for item in getattr(template, group)} for group in ("causes", "seasons", "weather")}
    said = {language: "、" if language == "zh" else ", " for language in ("zh", "en")}
    expected = {language: said[language].join([getattr(names["causes"][cause], language),
                                               getattr(names["seasons"][season], language),
                                               getattr(names["weather"][weather], language),
                                               draw.scenario.start.strftime("%Y-%m-%d %H:%M")])
                for language in ("zh", "en")}
    papers = script.build(TEMPLATE, seed=2, replication=3)
    record = _drill(tmp_path, TEMPLATE, 2, replication=3)
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    state, key, evaluation = control.assess(engine, record.id)
    for language, label in (("zh", "抽取的事件"), ("en", "Drawn incident")):
        assert dict(script.plan_sections(papers, language)[0].pairs)[label] == expected[language]
        assert dict(report.sections(state, key, evaluation, language)[0].pairs)[label] == expected[language]
    assert not {cause, season, weather} & set(expected["en"].replace(",", " ").split())
    assert main(["--lang", "en", "run", str(TEMPLATE), "--seed", "2", "--replication", "3"]) == 0
    assert f"(as row 3 of `sweep --seed 2`): {expected['en']}\n" in capsys.readouterr().out


@pytest.mark.parametrize(("language", "label"), [("zh", "抽取的事件"), ("en", "Drawn incident"),
                                               ("both", "抽取的事件 Drawn incident")])
def test_the_msel_workbook_of_a_template_drill_names_the_cause_and_start_drawn_beside_its_msel_sheet(
        tmp_path, language, label):
    """The workbook says the drawn incident in the drill plan's words, in the workbook's
    language(s); its MSEL sheet stays the one read back, with the drawn incident's injects."""
    case, draw = _run(TEMPLATE, 2, replication=3)
    cause = {item.id: item.name for item in case.scenario.template.causes}[draw.facts[0]]
    papers = script.build(TEMPLATE, seed=2, replication=3)
    book = load_workbook(io.BytesIO(msel_xlsx.write_msel(papers, language)))
    assert book.active.title == msel_xlsx.sheet_title(language) and book.sheetnames[1] == label
    facts = dict(book[label].iter_rows(values_only=True))
    said = facts[label]
    start = draw.scenario.start.strftime("%Y-%m-%d %H:%M")
    for one in ("zh", "en"):
        assert (getattr(cause, one) in said) == (language in (one, "both"))
    assert said.count(start) == (2 if language == "both" else 1) and draw.facts[0] not in said
    assert [facts[key] for key in facts if key != label] == [2, 3]  # the seed and the replication
    sheet = tmp_path / "msel.xlsx"
    sheet.write_bytes(msel_xlsx.write_msel(papers, language))
    edits = msel_xlsx.read_msel(sheet.read_bytes(), str(sheet), draw.scenario.start, draw.scenario.horizon_h)
    assert [edit.key for edit in edits] == [inject.id for inject in draw.scenario.injects]


def test_the_msel_workbook_of_a_story_drill_has_no_drawn_incident_line():
    book = load_workbook(io.BytesIO(msel_xlsx.write_msel(script.build(STORY, seed=5, replication=2))))
    assert book.sheetnames == [msel_xlsx.sheet_title()]
    every = " ".join(str(value) for row in book.active.iter_rows(values_only=True) for value in row if value is not None)
    assert "抽取的事件" not in every and "Drawn incident" not in every


def test_a_storys_papers_and_report_say_nothing_was_drawn(tmp_path):
    overview = dict(script.plan_sections(script.build(STORY, seed=5, replication=2), "zh")[0].pairs)
    assert "抽取的事件" not in overview and overview["抽样编号"] == "2"
    record = _drill(tmp_path, STORY, 5, replication=2)
    engine = db.open_database(f"sqlite:///{tmp_path / 'd.sqlite'}")
    state, key, evaluation = control.assess(engine, record.id)
    assert "Drawn incident" not in dict(report.sections(state, key, evaluation, "en")[0].pairs)


def test_a_templates_own_injects_are_played_by_no_replication_nor_by_its_drill_papers():
    """A file with ``template:`` is always drawn: its ``injects`` are a sample of the shape
    of an incident, and no draw — of ``run``, ``sweep`` or a drill — plays them."""
    case = load_case(TEMPLATE)
    own = {(inject.id, inject.text.zh) for inject in case.scenario.injects}
    assert own
    for replication in range(12):
        drawn = case.changed(replication=replication).draw(1).scenario
        assert not own & {(inject.id, inject.text.zh) for inject in drawn.injects}
        assert drawn.start != case.scenario.start
    assert not {key for key, _ in own} & {row.key for row in script.build(TEMPLATE, seed=1).injects}
    assert "ordinary scenario" not in TEMPLATE.read_text(encoding="utf-8")
