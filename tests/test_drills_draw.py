"""A drill on a template scenario plays the incident ``run`` draws for its seed and replication.

A template draws a new incident per replication; a drill keeps its seed and replication
and every face of it — the replay, the answer key, the papers, a fork, the command line —
plays the draw that ``python -m sim run TEMPLATE --seed S --replication I`` runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, insert, inspect

from drill_fixtures import db_url  # noqa: F401  (fixture)
from sim.cli import main
from sim.drills import control, db, fork, inputs, replay, report, script
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
