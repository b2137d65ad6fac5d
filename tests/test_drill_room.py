"""What a room follows during a drill, without a browser: the link sheet and its QR codes, the
projector's board, what is new on a desk, the engine-played units' feed, confirmations, and
how far Advance and Single step move the clock."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.drills import control, db, link_sheet, pace, projector, views
from sim.report import level_name

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
ROLES = {"power_company": "Ann", "county_government": "Cai"}


@pytest.fixture
def made(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'room.sqlite'}")
    return engine, control.create(engine, SCENARIO, name="Room drill", roles=ROLES)


def _decode_qr_matrix(url: str) -> list[list[bool]]:
    import segno

    return [[bool(v) for v in row] for row in segno.make(url, error=link_sheet.ERROR_LEVEL).matrix]


def test_the_link_sheet_has_one_block_per_role_with_unit_person_url_and_qr_code():
    url = "http://192.168.8.10:8501/participant?drill=3&role=power_company&key=0123456789abcdef0123456789abcdef"
    entries = [link_sheet.Entry({"zh": "供电公司", "en": "Power company"}, "Ann <b>", url),
               link_sheet.Entry({"zh": "县人民政府", "en": "County government"}, "Cai", url.replace("power_company", "x"))]
    sheet = link_sheet.html("雷暴演练", entries, "zh")
    assert sheet.count('<section class="role">') == 2 and sheet.count("<svg") == 2
    assert "供电公司" in sheet and "参演人员：Ann &lt;b&gt;" in sheet and "<b>" not in sheet.split("<body>")[1]
    assert url.replace("&", "&amp;") in sheet
    assert "@page { size: A4" in sheet and "break-inside: avoid" in sheet  # a block never splits across pages
    assert "密钥" in sheet
    english = link_sheet.html("Storm drill", entries, "en")
    assert "Power company" in english and "Played by: Ann" in english and 'lang="en"' in english
    both = link_sheet.html("雷暴演练", entries, "both")  # each block cut from it carries both languages
    assert "供电公司 · Power company" in both and "参演人员：Cai · Played by: Cai" in both and 'lang="zh-CN"' in both
    assert "<h1>演练参演链接单：雷暴演练 · Participant links: 雷暴演练</h1>" in both


def test_a_qr_code_encodes_the_whole_link():
    url = "http://127.0.0.1:8501/participant?drill=1&role=county_government&key=" + "f" * 32
    png = link_sheet.qr_png(url)
    assert png.startswith(b"\x89PNG")
    assert _decode_qr_matrix(url) != _decode_qr_matrix(url[:-1] + "e")  # the key is in the code
    assert re.search(r"<title>.*key=f{32}</title>", link_sheet.qr_svg(url).replace("&amp;", "&"))


def test_the_projector_board_shows_the_clock_the_level_and_every_countdown(made):
    engine, drill = made
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=0.25)
    state, _, evaluation = control.assess(engine, drill.id)
    board = projector.board(state, evaluation, "zh")
    assert (board.time, board.date, board.level, board.mode) == ("12:15", "2024-07-18", "—", "暂停")
    # Ann's two calls on the forecast, both due in half an hour: tell the key users or not, and propose
    assert [(c.unit, c.person, c.task, c.deadline, c.left) for c in board.countdowns] == [
        ("包头供电公司固阳县分公司", "Ann", "视情通知重要电力用户", "07-18 12:30", "15 分钟"),
        ("包头供电公司固阳县分公司", "Ann", "将有关情况报告电力管理部门，提出预警信息发布建议", "07-18 12:30", "15 分钟")]
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=0.5)
    state, _, evaluation = control.assess(engine, drill.id)
    late = projector.board(state, evaluation, "en").countdowns[0]
    assert late.left_h == pytest.approx(-0.25) and late.left == "15 min" and late.unit.startswith("Guyang Branch")


def test_the_projector_shows_the_level_in_force_from_the_moment_it_is_declared(made):
    engine, drill = made
    control.assign(engine, drill.id, "power_company", None, key=drill.facilitator_key)  # it reports as the plan says
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=5.5)
    control.act(engine, drill.id, role="county_government", key=drill.keys["county_government"], kind="declare",
                args={"level": "III"})
    state, _, evaluation = control.assess(engine, drill.id)
    assert projector.board(state, evaluation, "zh").level == level_name(state.inputs.plan, "III", "zh") == "Ⅲ级应急响应"


def test_a_declaration_before_the_report_reaches_the_declarer_is_refused_saying_why_and_logs_nothing(made):
    """5.1 starts a level on the first assessment of the event by the unit that has the report:
    before the report reaches it, the county government is told what it is waiting for, at
    the scenario's clock time; once it has the report its level is on every board at once."""
    from sim.errors import InputError

    engine, drill = made
    control.assign(engine, drill.id, "power_company", None, key=drill.facilitator_key)  # it reports as the plan says
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=1.0)
    logged = len(db.load_drill(engine, drill.id).actions)
    with pytest.raises(InputError) as refused:
        control.act(engine, drill.id, role="county_government", key=drill.keys["county_government"], kind="declare",
                    args={"level": "III"})
    zh, en = refused.value.render("zh"), refused.value.render("en")
    assert "固阳县人民政府尚未接到事件报告，现在（07-18 13:00）还不能启动响应" in zh and "（5.1）" in zh
    assert "the report of the event has not reached Guyang County People's Government yet" in en and "(07-18 13:00)" in en and "Nothing was logged" in en
    assert "县工科局" in zh and "County Bureau of Industry" in en  # who the report comes from, by name
    assert len(db.load_drill(engine, drill.id).actions) == logged
    state, _, evaluation = control.assess(engine, drill.id)
    assert state.policy.runner.level is None and not evaluation.deviations  # nothing held back, nothing scored

    control.advance(engine, drill.id, key=drill.facilitator_key, hours=4.5)
    state, _, _ = control.assess(engine, drill.id)
    assert "county_government" in state.policy.runner.received
    control.act(engine, drill.id, role="county_government", key=drill.keys["county_government"], kind="declare",
                args={"level": "III"})
    state, _, evaluation = control.assess(engine, drill.id)
    level = level_name(state.inputs.plan, "III", "zh")
    assert views.metrics(state)["level"] == "III"  # the console's and the desks' figures
    assert projector.board(state, evaluation, "zh").level == level


def test_a_desk_finds_news_only_after_its_first_look(made):
    engine, drill = made
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=0.25)
    state, _, _ = control.assess(engine, drill.id)
    first = views.inbox(state, "power_company", "zh")
    assert first and views.fresh(first, None) == []  # the first look: nothing is news
    seen = {m.key for m in first}
    control.send_inject(engine, drill.id, key=drill.facilitator_key, roles=["power_company"],
                        title={"zh": "媒体来电", "en": "A journalist calls"}, body={"zh": "询问停电范围", "en": "Asks"})
    state, _, _ = control.assess(engine, drill.id)
    later = views.inbox(state, "power_company", "en")
    assert [m.text for m in views.fresh(later, seen)] == ["A journalist calls: Asks"]  # keys do not depend on the language
    assert views.fresh(views.inbox(state, "county_government", "zh"), set()) == []  # not sent to the county


def test_the_engine_feed_lists_what_unplayed_units_did_by_name_and_clock_time(made):
    engine, drill = made
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=4.25)
    state, _, _ = control.assess(engine, drill.id)
    feed = views.engine_feed(state, "zh")
    units = {row["单位"] for row in feed}
    assert "县工科局（电力管理部门）" in units  # nobody plays it: the engine did
    assert not units & {"包头供电公司固阳县分公司", "固阳县人民政府"}  # the played units are not the engine's
    assert all(re.fullmatch(r"07-18 \d\d:\d\d", row["时间"]) for row in feed)
    assert [row["时间"] for row in feed] == sorted((row["时间"] for row in feed), reverse=True)  # newest first
    assert not any(re.search(r"\b[a-z]+_[a-z_]+\b", str(value)) for row in feed for value in row.values())


def test_every_logged_action_is_confirmed_with_what_who_and_when(made):
    engine, drill = made
    control.advance(engine, drill.id, key=drill.facilitator_key, hours=0.25)
    done = control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="warning_step",
                       args={"step": "warning.propose"})
    sent = control.send_inject(engine, drill.id, key=drill.facilitator_key, roles=["county_government"],
                               title={"zh": "媒体来电", "en": "A journalist calls"}, body={"zh": "", "en": ""})
    handed = control.new_link(engine, drill.id, "county_government", key=drill.facilitator_key)
    paused = control.pause(engine, drill.id, key=drill.facilitator_key)
    running = control.run_clock(engine, drill.id, key=drill.facilitator_key, rate=60)
    state, _, _ = control.assess(engine, drill.id)
    said = {action.kind: views.confirmation(state, action, "zh") for action in (done, sent, handed.action)}
    assert said["warning_step"] == "已记录：预警发布环节：将有关情况报告电力管理部门，提出预警信息发布建议（Ann，07-18 12:15）"
    assert said["inject"] == "已记录：下达导调通报“媒体来电”（facilitator，07-18 12:15）"
    assert said["rekey"] == "已记录：为固阳县人民政府（Cai）重发参演链接（facilitator，07-18 12:15）"
    assert "the clock paused" in views.confirmation(state, paused, "en")
    assert "the clock runs (×60)" in views.confirmation(state, running, "en")


def test_advance_stops_at_the_first_deadline_new_task_or_inject_before_the_hours_asked(made):
    engine, drill = made
    state, _, evaluation = control.assess(engine, drill.id)
    stop = pace.next_stop(state, evaluation, 1.0)
    assert (stop.to_h, stop.reason) == (0.5, "deadline")  # Ann's proposal is due by 12:30
    assert pace.next_stop(state, evaluation, 0.25) == pace.Stop(0.25)  # sooner than any of them: as asked
    control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="warning_step",
                args={"step": "warning.propose"})
    state, _, evaluation = control.assess(engine, drill.id)
    stop = pace.next_stop(state, evaluation, 6.0)
    assert (stop.to_h, stop.reason) == (0.5, "deadline")  # her call on telling the key users is due by 12:30 too
    control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="step",
                args={"step": "warning.alert_key_users"})
    state, _, evaluation = control.assess(engine, drill.id)
    stop = pace.next_stop(state, evaluation, 6.0)
    assert (stop.to_h, stop.reason) == (1.5, "due")  # the county's approval falls due after the assessment
    assert stop.what["zh"] == "固阳县人民政府：预警发布环节：县人民政府批准发布预警"
    control.act(engine, drill.id, role="power_company", key=drill.keys["power_company"], kind="note",
                args={"text": "x"})
    control.assign(engine, drill.id, "county_government", None, key=drill.facilitator_key)  # nobody due now
    state, _, evaluation = control.assess(engine, drill.id)
    stop = pace.next_stop(state, evaluation, 6.0)
    assert (stop.to_h, stop.reason) == (3.0, "inject")  # the thunderstorm reaches the power company's desk
    assert stop.what["en"].startswith("Severe thunderstorm")


def test_a_single_step_stops_at_an_open_deadline_before_the_next_event(made):
    engine, drill = made
    state, _, evaluation = control.assess(engine, drill.id)
    assert state.next_event_h() == 3.0 and pace.step_stop(state, evaluation).to_h == 0.5
    control.step(engine, drill.id, key=drill.facilitator_key)
    assert db.load_drill(engine, drill.id).clock.now() == 0.5
    control.step(engine, drill.id, key=drill.facilitator_key)
    assert db.load_drill(engine, drill.id).clock.now() == 3.0  # past a missed deadline: on to the next event
