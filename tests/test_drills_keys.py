"""Who may act in a drill: keys, checks inside the write transaction, and text checked at the door."""

from __future__ import annotations

import multiprocessing
import re
import time
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from drill_fixtures import db_url  # noqa: F401  (fixture)
from sim.drills import control, db, keys, report
from sim.drills.text import TEXT_LIMIT, checked
from sim.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"


def test_keys_are_stored_only_as_digests(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'k.sqlite'}")
    made = control.create(engine, SCENARIO, name="Keys", roles={"power_company": "Ann", "industry_tech": "Bo"})
    renewed = control.new_link(engine, made.id, "industry_tech", key=made.facilitator_key).key
    secrets = [made.facilitator_key, *made.keys.values(), renewed]
    assert len(set(secrets)) == 4 and all(len(k) == 32 and k[0] != "-" for k in secrets)
    stored = Path(tmp_path / "k.sqlite").read_bytes() + Path(tmp_path / "k.sqlite-wal").read_bytes()
    assert not any(k.encode() in stored for k in secrets)
    with engine.connect() as connection:
        digests = set(connection.execute(select(db.participants.c.key)).scalars()) | \
            set(connection.execute(select(db.drills.c.facilitator_key)).scalars())
    assert digests == {keys.digest(made.facilitator_key), keys.digest(made.keys["power_company"]), keys.digest(renewed)}
    assert db.key_holder(engine, made.id, made.facilitator_key) == (None, "facilitator")
    assert db.key_holder(engine, made.id, renewed) == ("industry_tech", "Bo")
    assert db.key_holder(engine, made.id, made.keys["industry_tech"]) is None  # replaced by the renewed link
    assert db.key_holder(engine, made.id, "") is None and db.key_holder(engine, made.id + 1, renewed) is None


def test_every_action_is_logged_under_the_person_whose_key_it_carries(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'k.sqlite'}")
    made = control.create(engine, SCENARIO, name="Who", roles={"power_company": "Ann"}, facilitator="Fay")
    handed = control.assign(engine, made.id, "county_government", "Cai", key=made.facilitator_key)
    control.act(engine, made.id, role="county_government", key=handed.key, kind="note", args={"text": "Cai"})
    control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="note", args={"text": "A"})
    control.advance(engine, made.id, key=made.facilitator_key, hours=1)
    logged = [(a.role, a.person, a.kind) for a in db.load_drill(engine, made.id).actions]
    assert logged == [(None, "Fay", "assign"), (None, "Fay", "assign"), ("county_government", "Cai", "note"),
                      ("power_company", "Ann", "note"), (None, "Fay", "clock")]


def test_a_drill_made_before_keys_can_be_read_but_not_run(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'k.sqlite'}")
    made = control.create(engine, SCENARIO, name="Old", roles={"power_company": "Ann"})
    with engine.begin() as connection:  # as migration 0004 leaves a drill made before it
        connection.execute(db.drills.update().values(facilitator_key=None))
        connection.execute(db.participants.update().values(key=None))
    with pytest.raises(InputError, match="made before drills had keys"):
        control.advance(engine, made.id, key=made.facilitator_key, hours=1)
    with pytest.raises(InputError, match="not that of the present player"):
        control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="note",
                    args={"text": "x"})
    assert control.assess(engine, made.id)[2].now_h == 0.0


@pytest.mark.parametrize("text, message", [
    ("bad\udcffbyte", "byte 0xff at character 4 is not UTF-8"),
    ("\ud83d", "lone surrogate U+D83D"),
    ("nul\0", "character 4 is NUL"),
    ("esc\x1b[31m", "control character U+001B"),
    ("a\nb", "control character U+000A"),
    ("x" * 81, "81 characters long, at most 80"),
    (b"bytes", "expected text, not bytes"),
])
def test_text_is_refused_at_the_door(text, message):
    with pytest.raises(InputError, match=re.escape(message)):
        checked(text, "name", limit=80)


def test_a_note_may_span_lines_up_to_its_limit():
    assert checked("第一行\n\t第二行\r\n", "text", limit=TEXT_LIMIT, multiline=True) == "第一行\n\t第二行\r\n"
    assert checked("长" * TEXT_LIMIT, "text", limit=TEXT_LIMIT, multiline=True) == "长" * TEXT_LIMIT
    with pytest.raises(InputError, match="NUL"):
        checked("a\0", "text", limit=TEXT_LIMIT, multiline=True)


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                                  "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_a_control_that_changes_the_direction_text_is_drawn_in_is_refused_in_both_languages(char):
    with pytest.raises(InputError) as refusal:
        checked(f"停电\n{char}通报", "text", limit=TEXT_LIMIT, multiline=True)
    code = f"{ord(char):04X}"
    assert f"第 4 个字符是改变文字显示方向的不可见控制字符 U+{code}" in refusal.value.render("zh")
    assert f"character 4 is U+{code}, an invisible control that changes the direction" in refusal.value.render("en")


def test_text_with_other_invisible_characters_that_keep_its_order_is_accepted():
    joined = "值班\u200d人员\u00ad · 👩\u200d🚒 · 07-18 13:00"  # a zero-width joiner, a soft hyphen
    assert checked(joined, "name", limit=80) == joined


def test_a_notice_whose_title_reverses_its_line_is_refused_and_nothing_is_sent(db_url):
    engine = db.open_database(db_url)
    made = control.create(engine, SCENARIO, name="Bidi", roles={"power_company": "Ann"})
    with pytest.raises(InputError, match=re.escape("drill: title.zh: character 3 is U+202E, an invisible control")):
        control.send_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"],
                            title={"zh": "通报\u202e甲乙", "en": "notice"}, body={"zh": "正文", "en": "body"})
    record = db.load_drill(engine, made.id)
    assert [i for i in record.injects if i.at_h is None] == [] and [a for a in record.actions if a.kind == "inject"] == []
    sent = control.send_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"],
                               title={"zh": "通报甲乙", "en": "notice"}, body={"zh": "正文", "en": "body"})
    assert sent.kind == "inject"


def test_lengths_are_checked_against_the_columns_the_same_on_both_databases(db_url):
    engine = db.open_database(db_url)
    widest = "演" * 200  # 200 characters, 600 bytes: the column counts characters on both
    made = control.create(engine, SCENARIO, name=widest, roles={"power_company": widest})
    assert db.load_drill(engine, made.id).name == widest
    for name, roles in (("演" * 201, {}), ("x", {"power_company": "演" * 201}), ("x\0", {}),
                        ("x", {"power_company": "A\0"})):
        with pytest.raises(InputError, match="drill: (name|role.power_company): "):
            control.create(engine, SCENARIO, name=name, roles=roles)
    for text in ("\0", "\udcff", "演" * (TEXT_LIMIT + 1)):
        with pytest.raises(InputError, match="args.text: "):
            control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="note",
                        args={"text": text})
        with pytest.raises(InputError, match="(title|body).zh: "):
            control.send_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"],
                                title={"zh": "t" if len(text) > 1 else text, "en": "t"},
                                body={"zh": text, "en": "b"})
    with pytest.raises(InputError, match="'nobody' is not a unit of"):
        control.send_inject(engine, made.id, key=made.facilitator_key, roles=["nobody"], title={"zh": "t"}, body={})
    assert len(db.list_drills(engine)) == 1 and len(db.load_drill(engine, made.id).actions) == 1


def _report_of(tmp_path, name: str, person: str, note: str, language: str) -> str:
    """The Markdown report of a drill named ``name`` whose power company, played by
    ``person``, wrote ``note`` before the clock ran to the end."""
    engine = db.open_database(f"sqlite:///{tmp_path / 'report.sqlite'}")
    made = control.create(engine, SCENARIO, name=name, roles={"power_company": person})
    control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="note", args={"text": note})
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    return report.markdown(*control.assess(engine, made.id), language)


def test_links_and_images_typed_by_participants_are_text_in_the_markdown_report(tmp_path):
    md = _report_of(tmp_path, "[click](javascript:alert(1))", "![x](http://evil/p.png)",
                    "see https://evil.example and www.evil.example or mail a@evil.example", "en")
    assert "\\[click\\](javascript\u2060\\:alert(1))" in md and "!\\[x\\](http\u2060\\://evil/p.png)" in md
    assert "https\u2060\\://evil.example" in md and "www\u2060\\.evil.example" in md and "a\u2060\\@evil.example" in md
    assert not re.search(r"(?<!\\)\]\(", md)  # no bracket left to close a link
    for live in ("javascript:", "http://", "https://", "www.e", "a@"):
        assert live not in md


def test_emphasis_code_and_formulas_typed_by_participants_are_shown_as_typed_in_the_markdown_report(tmp_path):
    md = _report_of(tmp_path, "**演练**", "_李四_", "`code` ~~struck~~ $x$ *now*", "zh")
    assert "\\*\\*演练\\*\\*" in md and "\\_李四\\_" in md
    assert "\\`code\\` \\~\\~struck\\~\\~ \\$x\\$ \\*now\\*" in md
    assert "**演练**" not in md and "_李四_" not in md


def test_the_app_listens_on_this_machine_only_unless_started_for_a_room():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"


# --------------------------------------------------------------------------- racing

#: How many times the facilitator hands the power company between Ann and Cai.
HANDOVERS = 25


def _player(url: str, drill: int, role: str, me: str, inbox, start, stop, out) -> None:
    """Act for ``role`` with the latest key ``me`` was given, as fast as the database lets,
    until told to stop; then a few more tries (after the end, all refused)."""
    engine = db.open_database(url)
    key = None
    logged, refused, wrong = [], 0, []
    start.wait()
    extra = 5
    while extra:
        while not inbox.empty():
            key = inbox.get()
        if stop.is_set():
            extra -= 1
        try:
            action = db.record_action(engine, drill, role=role, key=key, kind="note", args={"text": me})
        except InputError:
            refused += 1
            continue
        logged.append(action.seq)
        if action.person != me:
            wrong.append(action.seq)
    out.put((me, logged, refused, wrong))


def _until_acted(engine, drill: int, person: str, after: int, patience_s: float = 10.0) -> None:
    """Wait until ``person`` has acted with the key just handed over, so that every handover
    is raced by both players however busy the machine is (the old holder keeps trying with
    its lapsed key meanwhile)."""
    deadline = time.monotonic() + patience_s
    while time.monotonic() < deadline:
        if any(a.seq > after and a.person == person and a.role is not None
               for a in db.load_drill(engine, drill).actions):
            return
        time.sleep(0.01)


def _facilitator(url: str, drill: int, key: str, inboxes, start, stop, out) -> None:
    engine = db.open_database(url)
    start.wait()
    holder = "Ann"
    for _ in range(HANDOVERS):
        holder = "Cai" if holder == "Ann" else "Ann"
        new_key = keys.new_key()
        handed = db.assign_role(engine, drill, "power_company", holder, key=key, new_key=new_key)
        inboxes[holder].put(new_key)
        _until_acted(engine, drill, holder, after=handed.seq)
    ended = db.set_clock(engine, drill, key=key, to_h=24.0)
    stop.set()
    out.put(("facilitator", [ended.seq], 0, []))


def test_racing_players_never_act_under_someone_else_nor_after_the_end(db_url):
    """Three players and the facilitator in four processes: the power company changes hands
    25 times while Ann and Cai act with whatever key they hold, Bo acts throughout, and the
    facilitator ends the drill in the middle of it all. The log must show every action
    under the role's holder at that moment, and none after the end."""
    engine = db.open_database(db_url)
    made = control.create(engine, SCENARIO, name="Race", roles={"power_company": "Ann", "industry_tech": "Bo"})
    context = multiprocessing.get_context("spawn")
    start, stop, out = context.Barrier(4), context.Event(), context.Queue()
    inboxes = {who: context.Queue() for who in ("Ann", "Cai", "Bo")}
    inboxes["Ann"].put(made.keys["power_company"])
    inboxes["Bo"].put(made.keys["industry_tech"])
    workers = [context.Process(target=_player, args=(db_url, made.id, role, who, inboxes[who], start, stop, out))
               for role, who in (("power_company", "Ann"), ("power_company", "Cai"), ("industry_tech", "Bo"))]
    workers.append(context.Process(target=_facilitator,
                                   args=(db_url, made.id, made.facilitator_key, inboxes, start, stop, out)))
    for worker in workers:
        worker.start()
    reports = {}
    for _ in workers:
        who, logged, refused, wrong = out.get(timeout=300)
        reports[who] = (logged, refused, wrong)
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0

    record = db.load_drill(engine, made.id)
    end_seq = reports["facilitator"][0][0]
    holder, misattributed, after_end = {}, [], []
    for action in record.actions:
        if action.kind == "assign":
            holder[action.args["role"]] = action.args["person"]
        elif action.role is not None:
            if action.person != holder.get(action.role) or action.args["text"] != action.person:
                misattributed.append(action.seq)
            if action.seq > end_seq or action.at_h >= 24.0:
                after_end.append(action.seq)
    played = [a for a in record.actions if a.role is not None]
    assert (misattributed, after_end) == ([], [])
    assert all(wrong == [] for _, _, wrong in reports.values())
    # Every acknowledged action is in the log, and the log holds nothing else.
    acknowledged = sorted(seq for who, (logged, _, _) in reports.items() if who != "facilitator" for seq in logged)
    assert acknowledged == [a.seq for a in played]
    # The race was real: both Ann and Cai acted, and both were refused with lapsed keys.
    assert reports["Ann"][0] and reports["Cai"][0] and reports["Ann"][1] and reports["Cai"][1]
    assert sum(1 for a in record.actions if a.kind == "assign") == HANDOVERS + 2


def test_drill_rekey_reissues_links_and_the_sheet_later_and_each_old_key_is_refused(tmp_path, capsys):
    """The keys are stored as digests, so the sheet of a drill made in another session (or by
    another command) is made again by re-issuing: the facilitator's key is needed, the old
    keys stop working, the log shows who re-issued which role's link."""
    from sim.cli import main

    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    engine = db.open_database(url)
    made = control.create(engine, SCENARIO, name="Rekey", roles={"power_company": "Ann", "county_government": "Cai"},
                          facilitator="Fay")
    base = ["drill", "--db", url, "rekey", str(made.id)]
    assert main(base + ["--all", "--key", made.keys["power_company"]]) == 2  # a player's key re-issues nothing
    assert "facilitator's key" in capsys.readouterr().err
    sheet = tmp_path / "sheet.html"
    assert main(base + ["--all", "--key", made.facilitator_key, "--sheet", str(sheet), "--lang", "en",
                        "--url", "http://192.168.8.10:8501"]) == 0
    out = capsys.readouterr().out
    new = dict(re.findall(r"^[^(\n]+ \(typed as (\w+)\) · \w+: --key (\w+)$", out, re.M))  # the unit by name, typed as its id
    assert set(new) == {"power_company", "county_government"} and "the old key no longer works" in out
    text = sheet.read_text(encoding="utf-8")
    assert text.count('<section class="role">') == 2 and text.count("<svg") == 2 and "Played by: Cai" in text
    assert f"http://192.168.8.10:8501/participant?drill={made.id}&amp;role=county_government&amp;key={new['county_government']}" in text
    for role, old in made.keys.items():
        with pytest.raises(InputError, match="not that of the present player"):
            control.act(engine, made.id, role=role, key=old, kind="note", args={"text": "old"})
        control.act(engine, made.id, role=role, key=new[role], kind="note", args={"text": "new"})
    logged = [(a.person, a.kind, dict(a.args)) for a in db.load_drill(engine, made.id).actions if a.kind == "rekey"]
    assert sorted(logged, key=str) == [("Fay", "rekey", {"role": "county_government", "person": "Cai"}),
                                       ("Fay", "rekey", {"role": "power_company", "person": "Ann"})]
    assert main(base + ["--role", "power_company", "--key", made.facilitator_key]) == 0  # one role
    assert re.search(r"^包头供电公司固阳县分公司 Guyang Branch of the Baotou Power Supply Company \(typed as power_company\) · Ann: "
                     r"--key \w{32}$", capsys.readouterr().out, re.M)


@pytest.mark.parametrize("base", ["http://127.0.0.1:8501", "https://drills.example.org/tuiyan/", "HTTP://[::1]:8501",
                                  "http://room-3"])
def test_an_http_or_https_address_with_a_host_starts_the_links(base):
    from sim.drills.keys import base_fault, participant_link

    assert base_fault(base) is None
    assert participant_link(base, 1, "power_company", "k").startswith(base.rstrip("/") + "/participant?drill=1&")


@pytest.mark.parametrize("base", ["not a url", "javascript:alert(1)", "http://", "ftp://host", "//host", "http://[::1",
                                  "http://host/?a=1", "http://host/#top", "http://ho st", "http://host/\n", "",
                                  "http://host:port", "http://host:70000"])
def test_an_address_that_is_not_http_or_https_with_a_host_is_refused_in_both_languages(base):
    from sim.drills.keys import base_fault
    from sim.messages import render

    fault = base_fault(base)
    assert fault is not None and render(fault, "en").startswith("the links' address must be an http or https URL")
    assert render(fault, "zh").startswith("链接的地址应为带主机名的 http 或 https 网址")
