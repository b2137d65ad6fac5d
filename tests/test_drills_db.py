"""The drill database: migrations, the clock, injects, and no action lost under concurrency."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from drill_fixtures import db_url, pg_server  # noqa: F401  (fixtures)
from sim.drills import db
from sim.errors import InputError

INJECT = {"key": "s1", "at_h": 2.0, "roles": ["unit_a"], "title": {"zh": "通报", "en": "Notice"},
          "body": {"zh": "正文", "en": "Body"}}


#: The facilitator's key in these tests, and each role's player's: the role's id in capitals.
FAC = "fac-key"


def _new(engine, **kwargs):
    args = dict(name="t", scenario="s.yaml", inputs={"s.yaml": "x: 1\n"}, seed=7, end_h=10.0,
                roles={"unit_a": "Ann"}, scheduled=[INJECT], facilitator="Fac", facilitator_key=FAC)
    args.update(kwargs)
    args["role_keys"] = {role: role.upper() for role in args["roles"]}
    return db.create_drill(engine, **args)


def test_migrations_create_the_tables_once(db_url):
    engine = db.open_database(db_url)
    tables = set(inspect(engine).get_table_names())
    assert {"drills", "drill_participants", "drill_injects", "drill_actions", "drill_objectives", "drill_options",
            "drill_improvements", db.VERSION_TABLE} <= tables
    db.migrate(engine)  # a second run finds head and changes nothing
    with engine.connect() as connection:
        versions = connection.execute(text(f"SELECT version_num FROM {db.VERSION_TABLE}")).scalars().all()
    assert versions == [_head()]


def test_each_migration_is_committed_on_its_own_so_a_drill_waits_for_one_at_most(db_url):
    """The version is stamped once per migration and each stamp is committed before the
    next migration starts: the write lock is let go between two migrations."""
    from sqlalchemy import create_engine, event

    engine = create_engine(db_url)
    if engine.dialect.name == "sqlite":
        db._sqlite_setup(engine)
    trace: list[str] = []

    @event.listens_for(engine, "after_cursor_execute")
    def _stamped(_conn, _cursor, statement, *_args):
        if db.VERSION_TABLE in statement and statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            trace.append("stamp")

    event.listen(engine, "commit", lambda _conn: trace.append("commit"))
    db.migrate(engine)
    stamps = [i for i, what in enumerate(trace) if what == "stamp"]
    assert len(stamps) == len(_order()) and all(trace[i + 1] == "commit" for i in stamps)
    trace.clear()
    db.migrate(engine)  # at head: read, nothing written
    assert "stamp" not in trace
    engine.dispose()


def test_a_migration_that_fails_is_undone_whole_and_leaves_the_ones_before_it_committed(db_url):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError

    order = _order()
    engine = create_engine(db_url)
    if engine.dialect.name == "sqlite":
        db._sqlite_setup(engine)
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    config.set_main_option("version_table", db.VERSION_TABLE)
    with db.writing(engine) as connection:  # two migrations short of head, the last one's column already there
        config.attributes["connection"] = connection
        command.upgrade(config, order[-3])
        connection.execute(text("ALTER TABLE drills ADD COLUMN archived BOOLEAN"))
    with pytest.raises(SQLAlchemyError):
        db.migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(text(f"SELECT version_num FROM {db.VERSION_TABLE}")).scalars().all() == [order[-2]]
    assert "replication" in {c["name"] for c in inspect(engine).get_columns("drills")}  # the one before it stays
    engine.dispose()


def _order() -> list[str]:
    """The migrations, oldest first."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    return [script.revision for script in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))]


def _head() -> str:
    """The newest migration: the one no other revises (there is exactly one)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    (head,) = ScriptDirectory.from_config(config).get_heads()
    return head


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'w.sqlite'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS


def test_a_bad_url_is_an_input_error():
    with pytest.raises(InputError, match="cannot use database URL"):
        db.open_database("nosuchdialect://x")


def _refusal(url: str) -> dict[str, str]:
    with pytest.raises(InputError) as refused:
        db.open_database(url)
    return {language: refused.value.problems[0].message.in_language(language) for language in ("zh", "en")}


def test_a_database_that_cannot_be_opened_is_said_in_the_readers_words_and_never_in_the_drivers(tmp_path):
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("not a database\n", encoding="utf-8")
    cases = [
        (f"sqlite:///{tmp_path / 'no-such-folder' / 'd.sqlite'}", "要写入的目录不存在", "the directory to write into does not exist"),
        (f"sqlite:///{tmp_path}", "这是一个目录，不是文件", "this is a directory, not a file"),
        (f"sqlite:///{not_sqlite / 'd.sqlite'}", "路径中有一段是文件而不是目录", "a part of the path is a file, not a directory"),
        (f"sqlite:///{not_sqlite}", "这个文件不是 SQLite 数据库", "this file is not an SQLite database"),
        # nothing listens on port 1: refused at once, whether or not PostgreSQL runs here
        ("postgresql+psycopg://u:p@127.0.0.1:1/x", "对方拒绝连接：该地址和端口上没有服务在运行",
         "connection refused: no service is running at that address and port"),
    ]
    for url, zh, en in cases:
        said = _refusal(url)
        assert said["zh"].endswith("：" + zh) and said["en"].endswith(": " + en), url
        assert "unable to open" not in said["en"] and "Connection refused" not in said["en"]


def test_a_url_that_names_no_usable_database_says_what_to_write_instead():
    assert _refusal("nonsense")["zh"] == \
        "无法使用数据库 URL 'nonsense'：这不是数据库 URL（应为 sqlite:///文件 或 postgresql+psycopg://用户:密码@主机/库名）"
    assert _refusal("nosuchdialect://x")["en"].startswith(
        "cannot use database URL 'nosuchdialect://x': nosuchdialect databases are not supported")


@pytest.mark.parametrize("url, said", [
    ("postgresqlx+psycopg://alice:S3cret@db.example/drills",  # a mistyped kind
     "cannot use database URL 'postgresqlx+psycopg://alice:***@db.example/drills': postgresqlx+psycopg databases"),
    ("postgresql+psycopg://alice:p@ss:S3cret@db.example/drills",  # an @ and a : typed as they are in the password
     "cannot use database URL 'postgresql+psycopg://alice:***@db.example/drills': a part of the URL cannot be read: "
     "an @, : or / in the user name or password is written %40, %3A or %2F"),
])
def test_a_url_that_cannot_be_used_is_repeated_without_its_password_and_says_what_to_fix(url, said):
    refusal = _refusal(url)
    assert refusal["en"].startswith(said), refusal["en"]
    assert "S3cret" not in refusal["en"] and "S3cret" not in refusal["zh"]


def test_a_database_file_whose_name_is_too_long_says_so_and_repeats_only_the_start_of_its_url(tmp_path):
    url = f"sqlite:///{tmp_path}/{'d' * 300}/drills.db"  # SQLAlchemy reads it; no system looks up a name that long
    refusal = _refusal(url)
    assert refusal["en"] == "cannot open database " + repr(url)[:200] + "…: the file name is too long"
    assert refusal["zh"].endswith("…：文件名太长")


def test_the_servers_refusals_are_told_apart_by_sqlstate_or_libpqs_phrase_and_anything_else_in_words():
    from sim.drills.db_reasons import _server

    psycopg = pytest.importorskip("psycopg")
    assert _server(psycopg.errors.InvalidPassword("x")).zh == "数据库服务器拒绝登录：用户名或密码不对"
    assert _server(psycopg.errors.InvalidCatalogName("x")).zh == "数据库服务器上没有这个数据库"
    said = {
        'connection failed: connection to server at "10.0.0.9", port 5432 failed: FATAL:  password authentication '
        'failed for user "u"': "数据库服务器拒绝登录：用户名或密码不对",
        'connection failed: FATAL:  role "u" does not exist': "数据库服务器拒绝登录：用户名或密码不对",
        'connection failed: FATAL:  database "x" does not exist': "数据库服务器上没有这个数据库",
        "failed to resolve host 'db.example': [Errno -2] Name or service not known": "找不到这个主机名",
        "connection failed: timeout expired": "连接超时，对方没有应答",
        "SSL SYSCALL error: EOF detected": "数据库无法使用（请检查 URL、文件或服务器，以及用户名和密码）",
    }
    for english, zh in said.items():
        assert _server(psycopg.OperationalError(english)).zh == zh, english


@pytest.mark.postgres
def test_a_live_server_refusing_the_login_or_lacking_the_database_is_said_in_the_readers_words(pg_server):
    server = make_url(pg_server)
    nobody = _refusal(server.set(username="nobody_plays_here").render_as_string(hide_password=False))
    assert nobody["zh"].endswith("：数据库服务器拒绝登录：用户名或密码不对"), nobody["zh"]
    assert nobody["en"].endswith(": the database server refused the login: wrong user name or password"), nobody["en"]
    missing = _refusal(server.set(database="no_drills_here").render_as_string(hide_password=False))
    assert missing["zh"].endswith("：数据库服务器上没有这个数据库"), missing["zh"]
    assert "FATAL" not in missing["en"] and "does not exist" not in missing["en"]


def test_actions_get_consecutive_sequence_numbers_and_the_clock_time(db_url):
    engine = db.open_database(db_url)
    drill = _new(engine)
    first = db.record_action(engine, drill, role="unit_a", key="UNIT_A", kind="report", args={"hop": "h1"})
    moved = db.set_clock(engine, drill, key=FAC, advance_h=1.5)
    second = db.record_action(engine, drill, role="unit_a", key="UNIT_A", kind="report", args={"hop": "h2"})
    assert (first.seq, moved.seq, second.seq) == (2, 3, 4)  # 1 is the initial assignment
    assert (first.at_h, second.at_h) == (0.0, 1.5)
    record = db.load_drill(engine, drill)
    assert [a.kind for a in record.actions] == ["assign", "report", "clock", "report"]
    assert record.actions[0].args == {"role": "unit_a", "person": "Ann"}
    assert record.actions[3].args == {"hop": "h2"}
    assert record.player("unit_a") == "Ann" and record.roles_of("Ann") == ["unit_a"]


def test_the_clock_never_runs_backwards_and_stops_at_the_end(db_url):
    engine = db.open_database(db_url)
    drill = _new(engine)
    db.set_clock(engine, drill, key=FAC, to_h=4.0)
    db.set_clock(engine, drill, key=FAC, to_h=3.0)
    assert db.load_drill(engine, drill).clock.now() == 4.0
    db.set_clock(engine, drill, key=FAC, advance_h=100.0)
    assert db.load_drill(engine, drill).clock.now() == 10.0


def test_a_clock_at_its_end_is_not_set_running_again_and_the_refusal_logs_nothing(db_url):
    engine = db.open_database(db_url)
    drill = _new(engine)
    db.set_clock(engine, drill, key=FAC, to_h=10.0)
    logged = len(db.load_drill(engine, drill).actions)
    with pytest.raises(InputError, match="drill 1 has ended"):
        db.set_clock(engine, drill, key=FAC, running=True, rate=1.0)
    record = db.load_drill(engine, drill)
    assert not record.clock.running and len(record.actions) == logged
    db.set_clock(engine, drill, key=FAC, running=False)  # pausing it stays allowed
    assert not db.load_drill(engine, drill).clock.running


def test_a_clock_that_ran_into_the_end_or_was_paused_there_reads_ended_not_its_old_speed():
    from sim.drills import views

    ran = db.Clock(at_h=1.0, running=True, rate=60.0, anchor=0.0, end_h=5.0)  # long since run into its end
    paused = db.Clock(at_h=5.0, running=False, rate=1.0, anchor=0.0, end_h=5.0)
    assert [views.clock_mode(c, "zh") for c in (ran, paused)] == ["已结束", "已结束"]
    assert views.clock_mode(ran, "en") == "ended"
    assert views.clock_mode(db.Clock(1.0, False, 1.0, 0.0, 5.0), "en") == "paused"


def test_a_running_clock_is_a_function_of_wall_time():
    clock = db.Clock(at_h=1.0, running=True, rate=60.0, anchor=1000.0, end_h=5.0)
    assert clock.now(1000.0) == 1.0
    assert clock.now(1060.0) == pytest.approx(2.0)  # one wall minute at ×60 is one scenario hour
    assert clock.now(10_000.0) == 5.0
    assert clock.now(900.0) == 1.0  # a wall clock stepping back does not rewind the drill
    assert db.Clock(1.0, False, 60.0, 1000.0, 5.0).now(2000.0) == 1.0
    assert clock.mode == "×60" and db.Clock(0, True, 1.0, 0, 1).mode == "real time"


def test_injects_reach_their_roles_on_schedule_or_when_released(db_url):
    engine = db.open_database(db_url)
    drill = _new(engine)
    inject = db.load_drill(engine, drill).injects[0]
    assert not inject.visible(1.99) and inject.visible(2.0)
    db.set_clock(engine, drill, key=FAC, to_h=0.5)
    db.release_inject(engine, drill, "s1", key=FAC)
    inject = db.load_drill(engine, drill).injects[0]
    assert inject.released_h == 0.5 and inject.visible(0.5)
    with pytest.raises(InputError, match="no inject 'nope'"):
        db.release_inject(engine, drill, "nope", key=FAC)
    with pytest.raises(InputError, match=r"inject Notice of drill 1 was already released at \+0.5 h"):
        db.release_inject(engine, drill, "s1", key=FAC)
    with pytest.raises(InputError, match="'Ann' already plays it"):
        db.assign_role(engine, drill, "unit_a", "Ann", key=FAC, new_key="A2")
    own = db.add_inject(engine, drill, key=FAC, roles=["unit_a"], title={"zh": "加", "en": "Extra"},
                        body={"zh": "正文", "en": "Body"})
    keys = [i.key for i in db.load_drill(engine, drill).injects]
    assert keys == ["s1", own.args["inject"]]


def test_an_unknown_drill_is_an_input_error(db_url):
    engine = db.open_database(db_url)
    with pytest.raises(InputError, match="no drill with id 99"):
        db.record_action(engine, 99, role="unit_a", key="UNIT_A", kind="k", args={})
    with pytest.raises(InputError, match="no drill with id 99"):
        db.load_drill(engine, 99)


PER_PROCESS = 40


def _act_many(url: str, drill: int, role: str, start, done) -> None:
    engine = db.open_database(url)
    start.wait()
    for i in range(PER_PROCESS):
        db.record_action(engine, drill, role=role, key=role.upper(), kind="note", args={"i": i})
    done.put(role)


def _migrate(url: str, start, done) -> None:
    start.wait()
    db.open_database(url)
    done.put("ok")


def test_two_processes_acting_at_once_lose_nothing(db_url):
    engine = db.open_database(db_url)
    drill = _new(engine, roles={"unit_a": "Ann", "unit_b": "Bo"})
    context = multiprocessing.get_context("spawn")
    start, done = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_act_many, args=(db_url, drill, role, start, done)) for role in ("unit_a", "unit_b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert sorted([done.get(timeout=5), done.get(timeout=5)]) == ["unit_a", "unit_b"]
    logged = db.load_drill(engine, drill).actions
    assert [a.seq for a in logged] == list(range(1, 2 * PER_PROCESS + 3))  # 1 and 2 are the initial assignments
    for who in ("Ann", "Bo"):
        assert [a.args["i"] for a in logged if a.person == who and a.kind == "note"] == list(range(PER_PROCESS))


def test_two_processes_migrating_a_fresh_database_at_once(db_url):
    context = multiprocessing.get_context("spawn")
    start, done = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_migrate, args=(db_url, start, done)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert [done.get(timeout=5), done.get(timeout=5)] == ["ok", "ok"]


def test_running_and_pausing_the_clock(db_url):
    from sim.drills import control

    engine = db.open_database(db_url)
    drill = _new(engine)
    with pytest.raises(InputError, match="rate must be positive"):
        control.run_clock(engine, drill, key=FAC, rate=0)
    started = control.run_clock(engine, drill, key=FAC, rate=60.0)
    clock = db.load_drill(engine, drill).clock
    assert (clock.running, clock.rate, clock.mode) == (True, 60.0, "×60")
    assert clock.now(clock.anchor + 6) == pytest.approx(started.args["to_h"] + 0.1)
    paused = control.pause(engine, drill, key=FAC)
    clock = db.load_drill(engine, drill).clock
    assert not clock.running and clock.now() == paused.args["to_h"] >= started.args["to_h"]
    assert [a.kind for a in db.load_drill(engine, drill).actions] == ["assign", "clock", "clock"]


def test_a_running_clock_stands_still_without_a_sign_of_life():
    clock = db.Clock(at_h=1.0, running=True, rate=360.0, anchor=1000.0, end_h=50.0, seen=1000.0)
    assert clock.now(1000.0 + db.STALL_S) == pytest.approx(1.0 + db.STALL_S / 10)  # ×360: 10 s is 1 h
    assert clock.now(1000.0 + 10 * db.STALL_S) == clock.now(1000.0 + db.STALL_S)
    assert not clock.stalled(1000.0 + db.STALL_S) and clock.stalled(1000.0 + db.STALL_S + 0.1)
    assert not db.Clock(1.0, False, 360.0, 1000.0, 50.0, 1000.0).stalled(9999.0)  # paused: nothing to stall
    from sim.drills import views

    assert views.clock_mode(clock, "en") == "×360 (no server is keeping it: standing still)"  # long after 1000 s
    assert views.clock_mode(db.Clock(1.0, True, 1.0, time.time(), 50.0), "zh") == "实时"  # started just now


def test_keeping_the_clocks_resumes_one_whose_server_died(db_url):
    engine = db.open_database(db_url)
    running, paused = _new(engine), _new(engine)
    start = db.set_clock(engine, running, key=FAC, running=True, rate=360.0)
    anchor = db.load_drill(engine, running).clock.anchor
    assert db.keep_clocks(engine, wall=anchor + 5) == []  # a sign of life in time: nothing logged
    clock = db.load_drill(engine, running).clock
    assert (clock.seen, clock.anchor) == (anchor + 5, anchor)

    # The server died; 60 s later another keeps the clock again.
    assert db.load_drill(engine, running).clock.now(anchor + 65) == pytest.approx(start.args["to_h"] + 1.5)
    assert db.keep_clocks(engine, wall=anchor + 65) == [running]
    record = db.load_drill(engine, running)
    entry = record.actions[-1]
    assert (entry.kind, entry.person, entry.args["stood_still_s"]) == ("clock", "server", 50.0)
    assert entry.at_h == pytest.approx(start.args["to_h"] + 1.5)  # where it stood: 5 s + 10 s at ×360
    assert record.clock.now(anchor + 66) == pytest.approx(entry.at_h + 0.1)  # and it runs on from there
    assert [a.kind for a in db.load_drill(engine, paused).actions] == ["assign"]


def test_the_keeper_thread_keeps_its_database(tmp_path):
    from sim.drills import keeper

    engine = db.open_database(f"sqlite:///{tmp_path / 'k.sqlite'}")
    drill = _new(engine)
    db.set_clock(engine, drill, key=FAC, running=True, rate=60.0)
    first = keeper.keep(engine)
    try:
        assert keeper.keep(engine) is first and first.is_alive() and first.daemon
        assert first.tick() == []
        assert db.load_drill(engine, drill).clock.seen is not None
    finally:
        first.stop()
        first.join(timeout=10)
    assert not first.is_alive()



def _files_open(folder) -> list[str]:
    """The files under ``folder`` this process holds open."""
    held = []
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            held.append(os.readlink(fd))
    return [name for name in held if name.startswith(str(folder))]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="open files are read from /proc")
def test_closing_the_databases_stops_their_keepers_and_lets_go_of_their_files(tmp_path):
    from sim.drills import keeper

    engine = db.open_database(f"sqlite:///{tmp_path / 'closed.sqlite'}")
    drill = _new(engine)
    db.set_clock(engine, drill, key=FAC, running=True, rate=60.0)
    watcher = keeper.keep(engine)
    assert watcher.is_alive() and _files_open(tmp_path)
    keeper.stop_all()
    db.close_databases()
    assert not watcher.is_alive() and _files_open(tmp_path) == []
    reopened = db.open_database(f"sqlite:///{tmp_path / 'closed.sqlite'}")
    assert reopened is not engine and db.load_drill(reopened, drill).clock.running

def test_the_keeper_logs_a_failing_database_once_and_goes_on(tmp_path, caplog):
    from sim.drills import keeper

    engine = db.open_database(f"sqlite:///{tmp_path / 'gone.sqlite'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE drill_actions")
        connection.exec_driver_sql("DROP TABLE drill_injects")
        connection.exec_driver_sql("DROP TABLE drill_participants")
        connection.exec_driver_sql("DROP TABLE drills")
    watcher = keeper.ClockKeeper(engine)
    with caplog.at_level("WARNING", logger="sim.drills.keeper"):
        assert watcher.tick() == [] and watcher.tick() == []
    assert len([r for r in caplog.records if "cannot keep the drill clocks" in r.getMessage()]) == 1


def test_the_list_counts_the_players_and_the_actions_they_took(db_url):
    engine = db.open_database(db_url)
    drill = _new(engine, roles={"unit_a": "Ann", "unit_b": "Bo"})
    row = next(r for r in db.list_drills(engine) if r["id"] == drill)
    assert (row["participants"], row["actions"]) == (2, 0)  # assigning the roles is the facilitator's
    db.record_action(engine, drill, role="unit_a", key="UNIT_A", kind="report", args={"hop": "h1"})
    db.set_clock(engine, drill, key=FAC, advance_h=1.0)
    row = next(r for r in db.list_drills(engine) if r["id"] == drill)
    assert (row["participants"], row["actions"]) == (2, 1)
