"""The Facilitator and Participant pages (Streamlit AppTest) and the views behind them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import page
from sim.drills import control, db, views
from sim.errors import InputError
from sim.ui.shell import PAGES
from sim.ui.table_layout import FIT_PX

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
ROLES = {"power_company": "Ann", "industry_tech": "Bo"}


@pytest.fixture
def drill(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv(db.URL_ENV, url)
    engine = db.open_database(url)
    drill = control.create(engine, SCENARIO, name="Page drill", roles=ROLES)
    return engine, drill


def link_key(link: str) -> str:
    """The key a drill link carries."""
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(link).query)["key"][0]



def test_the_pages_are_registered():
    assert {("facilitator.py", "facilitator"), ("participant.py", "participant")} <= {(p[0], p[1]) for p in PAGES}


def test_views_of_a_drill_in_progress(drill):
    engine, made = drill
    drill_id = made.id
    control.advance(engine, drill_id, key=made.facilitator_key, hours=4.25)
    state, _, evaluation = control.assess(engine, drill_id)
    rows = views.overview(state, evaluation, "en")
    assert [(r["Unit"][:6], r["Played by"]) for r in rows] == [("County", "Bo"), ("Guyang", "Ann")]
    power = next(r for r in rows if r["Played by"] == "Ann")
    assert power["Missed"] >= 1 and power["Done"] == 0  # nothing done: the proposal is long overdue
    messages = views.inbox(state, "power_company", "en")
    # the question the forecast put to the power company (视情通知, its call) reads above the forecast
    assert [m.source for m in messages] == ["Scenario inject", "Scenario inject", "The plan", "Scenario inject"]
    assert "Alert the important power users as it sees fit (4.2.1)" in messages[2].text
    assert "Out of service: Chengnan 110 kV substation" in messages[0].text  # newest first: the lightning at 4 h
    assert views.inbox(state, "industry_tech", "en") == []
    todo = views.tasks(evaluation, "power_company")
    assert ("warning_step", "warning.propose") in {(i.kind, i.key) for i in todo}
    assert ("report", "report.power_company") in {(i.kind, i.key) for i in todo}
    control.act(engine, drill_id, role="power_company", key=made.keys["power_company"], kind="report", args={"hop": "report.power_company"})
    control.advance(engine, drill_id, key=made.facilitator_key, hours=0.5)
    state, _, evaluation = control.assess(engine, drill_id)
    received = views.inbox(state, "industry_tech", "zh")
    # the sender is the message's source, the text what came by which clause (not the sender again)
    assert (received[0].source, received[0].text, received[0].t_h) == ("包头供电公司固阳县分公司", "收到报告（4.3）", 4.75)
    timeline = views.own_timeline(state, evaluation, "power_company", "en")
    assert [(r["Time"], r["Assessment"]) for r in timeline] == [("07-18 16:15", "on time")]


def test_facilitator_page_runs_the_clock_and_shows_the_overview(drill):
    engine, made = drill
    drill_id = made.id
    at = page("facilitator", drill=str(drill_id), key=made.facilitator_key)
    assert any("Page drill" in str(o) for o in at.selectbox(key="facilitator_drill").options)
    at.button(key="clock_step").click().run()
    assert not at.exception
    assert db.load_drill(engine, drill_id).clock.now() == 0.5  # the step stops at the proposal's deadline
    assert any("时钟前进到 07-18 12:30" in s.value and "facilitator" in s.value for s in at.success)
    at.button(key="clock_step").click().run()
    assert db.load_drill(engine, drill_id).clock.now() == 3.0  # nobody proposed the warning: next is the storm
    at.button(key="clock_end").click().run()
    assert db.load_drill(engine, drill_id).clock.now() == 24.0
    texts = " ".join(m.value for m in at.markdown) + " ".join(str(c.value) for c in at.caption)
    assert "总得分率" in texts
    assert any(d.value is not None for d in at.dataframe)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_deviations_wrap_their_messages_in_a_wide_column_that_a_laptop_shows_whole(drill, language):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key, lang=language)
    time, unit, clause, message = (views.label(name, language)
                                   for name in ("common.time", "common.unit", "common.clause", "message"))
    shown = next(d for d in at.dataframe if list(d.value.columns) == [time, unit, clause, message])
    widths = {column: config["width"] for column, config in json.loads(shown.proto.columns).items()
              if "width" in config}
    assert widths[message] > max(widths[time], widths[unit], widths[clause])
    assert sum(widths.values()) <= FIT_PX[0]  # 1,024 px, sidebar open
    assert shown.proto.row_height > 64  # Streamlit wraps a cell's text only in rows taller than 4 rem


def test_a_new_drill_opens_in_the_console_with_its_roles_picked_by_name(drill):
    engine, first = drill
    at = page("facilitator", drill=str(first.id), key=first.facilitator_key)
    at.selectbox(key="new_scenario").set_value(SCENARIO).run()
    roles = at.multiselect(key="new_roles")
    assert "包头供电公司固阳县分公司" in roles.options and "power_company" not in roles.options  # names, never ids
    roles.set_value(["power_company", "county_government"]).run()
    next(w for w in at.text_input if w.label == "演练名称").set_value("Second")
    next(w for w in at.text_input if w.label == "导调人员").set_value("Dai")
    at.text_input(key="new_person_power_company").set_value("Ann")
    at.text_input(key="new_person_county_government").set_value("Cai")
    next(b for b in at.button if b.label == "创建").click().run()
    assert not at.exception
    created = max(d["id"] for d in db.list_drills(engine))
    assert created != first.id and at.selectbox(key="facilitator_drill").value == created
    assert at.query_params["drill"] == str(created)
    assert {p.role: p.person for p in db.load_drill(engine, created).participants} == {
        "power_company": "Ann", "county_government": "Cai"}


def test_a_new_drill_on_a_template_plays_the_incident_of_the_seed_and_replication_the_form_gives(drill):
    from sim.drills.inputs import of_drill
    from sim.inputs import load_case
    from sim.sweep.words import drawn_facts

    engine, _ = drill
    template = ROOT / "plans" / "scenarios" / "random-blackout.yaml"
    at = page("facilitator")
    at.selectbox(key="new_scenario").set_value(template).run()
    at.number_input(key="new_seed").set_value(2).run()
    at.number_input(key="new_replication").set_value(3).run()
    case = load_case(template, replication=3)  # the papers to download say which incident that is, by name
    told = drawn_facts(case.scenario.template, case.draw(2).facts)["zh"]
    assert f"本次抽取的事件：{told}" in [c.value for c in at.caption] and "春季" in told and "spring" not in told
    next(w for w in at.text_input if w.label == "演练名称").set_value("Drawn")
    next(w for w in at.text_input if w.label == "导调人员").set_value("Dai")
    next(b for b in at.button if b.label == "创建").click().run()
    assert not at.exception
    record = db.load_drill(engine, max(d["id"] for d in db.list_drills(engine)))
    drawn = load_case(template, replication=3).draw(2).scenario
    assert (record.seed, record.replication) == (2, 3) and of_drill(record).scenario.start == drawn.start


def test_a_role_without_a_person_is_refused_and_nothing_is_created(drill):
    engine, _ = drill
    at = page("facilitator")
    at.selectbox(key="new_scenario").set_value(SCENARIO).run()
    at.multiselect(key="new_roles").set_value(["power_company"]).run()
    next(w for w in at.text_input if w.label == "演练名称").set_value("Second")
    next(w for w in at.text_input if w.label == "导调人员").set_value("Dai")
    next(b for b in at.button if b.label == "创建").click().run()
    assert [e.value for e in at.error] == ["包头供电公司固阳县分公司：参演人员不能为空"]  # by the label of its field
    assert len(db.list_drills(engine)) == 1
    at.text_input(key="new_person_power_company").set_value("Cai")
    next(b for b in at.button if b.label == "创建").click().run()
    assert not at.exception and len(db.list_drills(engine)) == 2
    links = [c.value for c in at.code]
    assert links[0].startswith("http://127.0.0.1:8501/facilitator?drill=2&key=")
    assert links[1].startswith("http://127.0.0.1:8501/participant?drill=2&role=power_company&key=")
    assert at.query_params["drill"] == "2" and link_key(links[0]) == at.query_params["key"]
    assert at.button(key="clock_step")  # the page runs the new drill with the key it was just given


def test_facilitator_page_without_the_key_shows_no_console(drill):
    engine, made = drill
    for query in ({}, {"key": made.keys["power_company"]}, {"key": "guess"}):
        at = page("facilitator", drill=str(made.id), **query)
        assert not [b for b in at.button if b.key and b.key.startswith("clock_")]
        assert not at.dataframe and [w for w in at.text_input if w.label == "密钥"]
    at.text_input(key="facilitator_key").set_value(made.facilitator_key).run()
    at.button(key="clock_step").click().run()
    assert not at.exception and db.load_drill(engine, made.id).clock.now() == 0.5


def test_the_facilitator_hands_a_role_on_and_renews_a_link_and_each_old_key_lapses(drill):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    at.selectbox(key="assign_role_unit").set_value("industry_tech")
    at.text_input(key="assign_role_person").set_value("Dai")
    next(b for b in at.button if b.label == "确定").click().run()
    assert not at.exception and db.load_drill(engine, made.id).player("industry_tech") == "Dai"
    dai = at.code[-1].value
    assert dai.startswith("http://127.0.0.1:8501/participant?drill=1&role=industry_tech&key=")
    at.selectbox(key="new_link_role").set_value("power_company")
    next(b for b in at.button if b.label == "生成").click().run()
    ann = at.code[-1].value
    assert ann.startswith("http://127.0.0.1:8501/participant?drill=1&role=power_company&key=")
    for role, old in (("industry_tech", made.keys["industry_tech"]), ("power_company", made.keys["power_company"])):
        with pytest.raises(InputError, match="not that of the present player"):
            control.act(engine, made.id, role=role, key=old, kind="note", args={"text": "x"})
    for role, link in (("industry_tech", dai), ("power_company", ann)):
        control.act(engine, made.id, role=role, key=link_key(link), kind="note", args={"text": "new"})
    logged = [(a.role, a.person, a.kind) for a in db.load_drill(engine, made.id).actions][-4:]
    assert logged == [(None, "facilitator", "assign"), (None, "facilitator", "rekey"),
                      ("industry_tech", "Dai", "note"), ("power_company", "Ann", "note")]


def test_every_roles_new_link_issued_at_one_click_is_confirmed_for_each_role(drill):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    at.selectbox(key="new_link_role").set_value("")  # every role
    next(b for b in at.button if b.label == "生成").click().run()
    assert not at.exception
    said = [s.value for s in at.success]
    assert len(said) == 1 and said[0].count("重发参演链接") == 2, said
    assert "包头供电公司固阳县分公司（Ann）" in said[0] and "（Bo）" in said[0], said
    assert [a.kind for a in db.load_drill(engine, made.id).actions][-2:] == ["rekey", "rekey"]


def test_participant_page_acts_only_for_the_role_of_its_key(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    for query in ({"role": "power_company"}, {"role": "power_company", "key": made.facilitator_key},
                  {"role": "power_company", "key": "guess"}):
        at = page("participant", drill=str(made.id), **query)
        assert not at.button and not at.dataframe  # nothing of the drill, no way to act
        assert at.info or at.warning
    # Bo's link with the role changed to Ann's: the page is Bo's, as his key says.
    at = page("participant", drill=str(made.id), role="power_company", key=made.keys["industry_tech"])
    assert at.query_params["role"] == "industry_tech"
    assert "Bo · " in " ".join(m.value for m in at.markdown)
    assert not [b for b in at.button if b.key and b.key.startswith("do_warning_step")]  # Ann's task is not his


def test_a_wrong_drill_link_says_so_and_opens_no_other_drill(drill):
    _, made = drill
    at = page("facilitator", drill="999")
    assert any("999" in e.value and "不存在" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == "clock_step"]
    desk = page("participant", drill="999", key=made.keys["power_company"])
    assert any("999" in e.value for e in desk.error) and not desk.selectbox and not desk.button


#: What a link's number may be typed or pasted as: another script's digits (``²`` is a digit to
#: ``str.isdigit`` that ``int`` refuses), more digits than Python reads, more than any id
#: holds, and Markdown that would make the error a link.
ODD_NUMBERS = ["²", "١", "1" * 5000, "9" * 30, "[点我](http://example.com)"]


@pytest.mark.parametrize("wanted", ODD_NUMBERS, ids=lambda w: w[:12])
@pytest.mark.parametrize("script", ["facilitator", "participant", "projector"])
def test_a_drill_link_whose_number_is_no_drills_says_so_without_a_traceback_or_a_link(drill, script, wanted):
    _, made = drill
    at = page(script, drill=wanted, key=made.facilitator_key)  # page() asserts no exception
    [said] = [e.value for e in at.error]
    assert said.startswith("链接中的演练 ") and said.endswith(" 不存在，请检查链接。"), said
    assert len(said) < 80 and "[点我](" not in said  # the start of what was typed, as it was typed (never a link)
    assert not [b for b in at.button if b.key == "clock_step"]


@pytest.mark.parametrize("url", ["postgresqlx+psycopg://alice:S3cret@db.example/drills",
                                 "postgresql+psycopg://alice:S3cret@127.0.0.1:1/drills"])  # nothing listens on port 1
@pytest.mark.parametrize("script", ["facilitator", "participant", "projector"])
def test_a_drill_database_that_cannot_be_opened_is_said_on_every_drill_page_without_its_password(monkeypatch, script,
                                                                                                 url):
    monkeypatch.setenv(db.URL_ENV, url)
    at = page(script, drill="1", key="k")  # page() asserts no exception
    [said] = [e.value for e in at.error]
    assert said.startswith("无法打开演练数据库，演练页面暂不能使用：") and f"{db.URL_ENV}: " in said, said
    assert "S3cret" not in said and "alice:***@" in said


def test_a_link_to_a_role_nobody_plays_says_so_and_opens_no_desk(drill):
    _, made = drill
    at = page("participant", drill=str(made.id), role="xyz", key=made.keys["power_company"])
    assert [e.value for e in at.error] == ["链接所指的角色不是演练 1 中的角色，请向导调索取正确的链接。"]  # "xyz" not echoed
    assert not [s for s in at.selectbox if s.key == "participant_role"]
    assert not [b for b in at.button if b.key and b.key.startswith("do_")]


def test_the_advance_button_stops_at_the_next_deadline(drill):
    engine, made = drill
    drill_id = made.id
    at = page("facilitator", drill=str(drill_id), key=made.facilitator_key)
    at.button(key="clock_advance").click().run()  # 1 h asked; the proposal is due by 0.5 h
    assert db.load_drill(engine, drill_id).clock.now() == 0.5
    assert any("12:30" in i.value for i in at.info)


#: The clock's buttons, none of which can work once the drill has ended.
CLOCK_BUTTONS = ("clock_pause", "clock_realtime", "clock_step", "clock_end", "clock_accelerate", "clock_advance")


def test_the_console_of_an_ended_drill_offers_no_control_that_cannot_work_and_says_why_once(drill):
    """After the end every clock move, inject and assignment is refused: offered, they read as
    things still to do, and a click on them teaches only that they do not work."""
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    assert not {b.key for b in at.button} & set(CLOCK_BUTTONS)
    labels = {b.label for b in at.button}
    assert not {"确定", "下达"} & labels and "生成" in labels  # no assigning or sending; a new link still works
    assert not [n for n in at.number_input if n.key in ("clock_rate", "clock_hours")]
    said = [i.value for i in at.info if "07-19 12:00" in i.value]
    assert said == ["演练已于 07-19 12:00 结束：时钟、情景通报和角色分配已停用；"
                    "仍可重发参演链接、编辑目标、下载评估报告、登记改进项和重演。"], [i.value for i in at.info]


@pytest.mark.parametrize("button", CLOCK_BUTTONS)
def test_each_clock_button_of_a_console_drawn_before_the_end_says_it_was_not_done_and_logs_nothing(drill, button):
    """A console drawn before another tab ended the drill still shows its buttons; the run a
    click starts draws them no more, and the click must still be answered, never dropped."""
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)  # from another tab
    logged = len(db.load_drill(engine, made.id).actions)
    clicked = at.button(key=button)
    label = clicked.label
    clicked.click().run()
    assert not at.exception
    assert [w.value for w in at.warning] == [f"“{label}”未执行：演练已于 07-19 12:00 结束。"]
    assert len(db.load_drill(engine, made.id).actions) == logged and not at.success


def test_a_desk_offers_no_action_once_the_drill_has_ended(drill):
    engine, made = drill
    link = {"drill": str(made.id), "role": "power_company", "key": made.keys["power_company"]}
    assert [s for s in page("participant", **link).selectbox if s.key == "act_kind"]  # offered while it runs
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    at = page("participant", **link)
    assert "演练已结束。" in [i.value for i in at.info]
    assert not [s for s in at.selectbox if s.key == "act_kind"] and not [b for b in at.button if b.label == "提交"]


@pytest.mark.parametrize(("language", "said"), [
    ("zh", "供电公司研判可能造成一般大面积停电；研判可能减供负荷比例：20 %；研判可能停电用户比例：40 %"),
    ("en", "judges a general blackout possible; Forecast load shed: 20 %; Forecast customers without power: 40 %"),
])
def test_a_forecasts_figures_in_the_inbox_read_as_clauses_of_its_message_not_run_into_it(drill, language, said):
    _, made = drill
    at = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"], lang=language)
    inbox = at.dataframe[0].value[views.label("message", language)]
    assert any(said in str(cell) for cell in inbox), list(inbox)


def test_participant_page_acts_on_a_task(drill):
    engine, made = drill
    drill_id = made.id
    control.advance(engine, drill_id, key=made.facilitator_key, hours=0.25)
    at = page("participant", drill=str(drill_id), role="power_company", key=made.keys["power_company"])
    assert "Ann · 包头供电公司固阳县分公司" in " ".join(m.value for m in at.markdown)
    do = [b for b in at.button if b.key and b.key.startswith("do_warning_step_warning.propose")]
    assert do, [b.key for b in at.button]
    do[0].click().run()
    assert not at.exception
    logged = [a for a in db.load_drill(engine, drill_id).actions if a.role == "power_company"]
    assert [(a.kind, a.args, a.at_h, a.person) for a in logged] == [
        ("warning_step", {"step": "warning.propose"}, 0.25, "Ann")]


def _click_after_the_end(engine, made, click) -> AppTest:
    """The power company's desk opened at 12:15, the drill then taken to its end from
    elsewhere (the console's To the end), and ``click`` made on the desk as it was drawn."""
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    at = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"])
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    click(at).run()
    assert not at.exception
    return at


def test_a_task_clicked_on_a_desk_drawn_before_the_end_is_said_not_logged_because_the_drill_ended(drill):
    """A tab drawn before the facilitator ended the drill still shows its buttons: a click
    there is too late, and the player must be told so, not left to think it counted."""
    engine, made = drill
    at = _click_after_the_end(engine, made, lambda at: next(
        b for b in at.button if b.key and b.key.startswith("do_warning_step_warning.propose")).click())
    assert not [a for a in db.load_drill(engine, made.id).actions if a.role is not None]  # nothing logged
    assert "演练已结束。" in [i.value for i in at.info]
    assert ("演练已于 07-19 12:00 结束，“预警发布环节：将有关情况报告电力管理部门，提出预警信息发布建议”未记录。"
            in [w.value for w in at.warning])


def test_an_action_sent_from_the_desk_form_after_the_end_is_said_not_logged(drill):
    engine, made = drill
    at = _click_after_the_end(engine, made, lambda at: next(b for b in at.button if b.label == "提交").click())
    assert not [a for a in db.load_drill(engine, made.id).actions if a.role is not None]
    said = [w.value for w in at.warning if w.value.startswith("演练已于 07-19 12:00 结束，“")]
    assert len(said) == 1 and said[0].endswith("”未记录。"), [w.value for w in at.warning]


def _played(tmp_path, monkeypatch, scenario: str, role: str, person: str, hours: float):
    """A drill of ``scenario`` on a database of its own, ``role`` played by ``person``, its
    clock ``hours`` in: the database and the drill."""
    url = f"sqlite:///{tmp_path / 'played.sqlite'}"
    monkeypatch.setenv(db.URL_ENV, url)
    engine = db.open_database(url)
    made = control.create(engine, ROOT / "plans" / "scenarios" / f"{scenario}.yaml", name="Played",
                          roles={role: person})
    control.advance(engine, made.id, key=made.facilitator_key, hours=hours)
    return engine, made


def _town_asked(tmp_path, monkeypatch):
    """The cable strike with the town played by Lin, four hours in: the town has been asked
    whether it starts a response below the lowest level."""
    return _played(tmp_path, monkeypatch, "construction-cable-strike", "town_government", "Lin", 4.0)


def test_participant_page_asks_the_town_whether_it_starts_a_response_below_the_lowest_level(tmp_path, monkeypatch):
    engine, made = _town_asked(tmp_path, monkeypatch)
    at = page("participant", drill=str(made.id), role="town_government", key=made.keys["town_government"])
    assert "未达级别时自行启动应急响应 · 5.1" in " ".join(m.value for m in at.markdown)
    assert at.selectbox(key="act_kind").options[0] == "未达级别时自行启动应急响应"  # in the form as well
    do = [b for b in at.button if b.key and b.key.startswith("do_discretion")]
    assert do, [b.key for b in at.button]
    do[0].click().run()
    assert not at.exception
    logged = [a for a in db.load_drill(engine, made.id).actions if a.role == "town_government"]
    assert [(a.kind, a.args, a.at_h, a.person) for a in logged] == [("discretion", {}, 4.0, "Lin")]


def test_participant_page_lets_the_town_decline_the_response_below_the_lowest_level_under_its_players_name(
        tmp_path, monkeypatch):
    engine, made = _town_asked(tmp_path, monkeypatch)
    at = page("participant", drill=str(made.id), role="town_government", key=made.keys["town_government"])
    options = at.selectbox(key="act_kind").options
    assert options[:2] == ["未达级别时自行启动应急响应", "决定不自行启动应急响应"]  # the form offers both answers
    decline = [b for b in at.button if b.key and b.key.startswith("decline_discretion")]
    assert [b.label for b in decline] == ["不采取"], [b.key for b in at.button]
    # a player may fear a decline costs the unit: the button says it is the unit's call, and by when
    assert decline[0].help.startswith("预案将此交由本单位决定") and "不计为未办" in decline[0].help
    assert all(b.help in (None, "") for b in at.button if b.key and b.key.startswith("do_"))
    decline[0].click().run()
    assert not at.exception
    logged = [a for a in db.load_drill(engine, made.id).actions if a.role == "town_government"]
    assert [(a.kind, a.args, a.at_h, a.person) for a in logged] == [("decline_discretion", {}, 4.0, "Lin")]
    assert not [b for b in at.button if b.key and b.key.startswith(("do_discretion", "decline_discretion"))]
    assert "决定不采取" in at.dataframe[-1].value.to_string()  # the desk's own timeline says how it was judged


def test_every_task_row_on_the_desk_is_split_alike_so_each_do_it_button_stands_under_the_one_above(
        tmp_path, monkeypatch):
    """The county's request to the city has a Decline beside its Do it, its other tasks only a
    Do it: split by their own buttons, that row's Do it stood left of every other row's."""
    engine, made = _played(tmp_path, monkeypatch, "winter-ice-storm", "county_government", "Mei", 14.0)
    control.act(engine, made.id, role="county_government", key=made.keys["county_government"], kind="declare",
                args={"level": "I"})
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.5)
    at = page("participant", drill=str(made.id), key=made.keys["county_government"])
    holding = lambda prefix: [c.weight for c in at.columns  # noqa: E731
                              if any(b.key and b.key.startswith(prefix) for b in c.button)]
    assert len(holding("decline_escalate")) == 1 and len(holding("do_")) > 1
    assert len(set(holding("do_"))) == 1, holding("do_")


def test_the_facilitators_console_shows_the_towns_decline_as_its_call_under_the_decisions_left_to_the_units(
        tmp_path, monkeypatch):
    engine, made = _town_asked(tmp_path, monkeypatch)
    control.act(engine, made.id, role="town_government", key=made.keys["town_government"], kind="decline_discretion")
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key, lang="en")
    assert "Decisions the plan leaves to the units" in [h.value for h in at.subheader]
    decided = next(d.value for d in at.dataframe if "Assessment" in d.value.columns)
    assert decided[["Played by", "Assessment"]].values.tolist() == [
        ["Lin", "declined, 6 min late — the plan leaves this to the unit (5.1); not a miss"]]
    # asked at 12:24, declined at 13:00 (half an hour allowed): one time beside "declined" read as
    # the moment of the decline, and the lateness is said where the facilitator reads the decision
    assert decided[["Due", "Decided"]].values.tolist() == [["06-17 12:24", "06-17 13:00"]]


def test_the_consoles_decisions_table_says_by_when_each_decision_was_due_so_the_lateness_adds_up(
        tmp_path, monkeypatch):
    """Asked at 12:24 and declined at 13:00 beside "6 min late" did not add up: the half hour the
    plan allows ends at 12:54, shown by the column the desk and the projector call By too."""
    engine, made = _town_asked(tmp_path, monkeypatch)
    control.act(engine, made.id, role="town_government", key=made.keys["town_government"], kind="decline_discretion")
    for language, columns in (("en", ["Due", "By", "Decided"]), ("zh", ["应办时间", "办结时限", "决定时间"])):
        at = page("facilitator", drill=str(made.id), key=made.facilitator_key, lang=language)
        decided = next(d.value for d in at.dataframe if columns[0] in d.value.columns and columns[2] in d.value.columns)
        assert list(decided.columns[:3]) == columns
        assert decided[columns].values.tolist() == [["06-17 12:24", "06-17 12:54", "06-17 13:00"]]


def test_participant_page_action_form(drill):
    engine, made = drill
    drill_id = made.id
    at = page("participant", drill=str(drill_id), role="industry_tech", key=made.keys["industry_tech"])
    at.selectbox(key="act_kind").set_value("note").run()
    next(w for w in at.text_input if w.label == "记录内容").set_value("电网运行监测正常")
    next(b for b in at.button if b.label == "提交").click().run()
    assert not at.exception
    notes = [a for a in db.load_drill(engine, drill_id).actions if a.kind == "note"]
    assert [(n.role, n.person, n.args["text"]) for n in notes] == [("industry_tech", "Bo", "电网运行监测正常")]


def test_the_drill_domain_imports_no_streamlit():
    """The drill domain (sim/drills/) is used by the CLI and the pages alike; only the pages
    (sim/ui/) may import Streamlit."""
    import ast

    found = []
    for path in sorted((ROOT / "sim" / "drills").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "streamlit"
                      or (isinstance(node, ast.ImportFrom) and node.level and n.startswith("ui"))]
    assert found == []


@pytest.mark.parametrize(("text", "said"), [("nul\0byte", "记录内容：第 4 个字符是空字符"),
                                           ("长" * 4001, "记录内容最长 4000 个字符，现为 4001 个")])
def test_a_note_the_door_refuses_on_the_participant_page_is_said_and_logs_nothing(drill, text, said):
    engine, made = drill
    at = page("participant", drill=str(made.id), role="industry_tech", key=made.keys["industry_tech"])
    at.selectbox(key="act_kind").set_value("note").run()
    next(w for w in at.text_input if w.label == "记录内容").set_value(text)
    next(b for b in at.button if b.label == "提交").click().run()
    assert not at.exception and any(said in e.value for e in at.error), [e.value for e in at.error]
    assert [a for a in db.load_drill(engine, made.id).actions if a.kind == "note"] == []
    for script, query in (("participant", {"role": "industry_tech", "key": made.keys["industry_tech"]}),
                          ("facilitator", {"key": made.facilitator_key})):
        assert not page(script, drill=str(made.id), **query).exception  # the drill still reads


def test_without_any_drill_each_drill_listing_page_says_where_one_is_made_by_that_pages_name(tmp_path, monkeypatch):
    from sim.messages import text

    monkeypatch.setenv(db.URL_ENV, f"sqlite:///{tmp_path / 'empty.sqlite'}")
    for language in ("zh", "en"):
        facilitator = page("facilitator", lang=language)
        assert [i.value for i in facilitator.info] == [text("drill_page.no_drills_above", language)]
        assert text("drill_page.new", language) in facilitator.info[0].value  # the form right above it
        said = [i.value for i in page("projector", lang=language).info]
        assert said == [text("drill_page.no_drills", language, page=text("nav.facilitator", language))]
        assert text("nav.facilitator", language) in said[0]  # the page as the menu names it
        # a participant is told how to get in, and nothing about drills, whether there are any or not
        said = [i.value for i in page("participant", lang=language).info]
        assert said == [text("drill_page.need_participant_key", language)]


def test_what_people_type_shows_as_typed_on_the_desk_and_the_console_never_as_bold_a_link_or_an_emoji(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'typed.sqlite'}"
    monkeypatch.setenv(db.URL_ENV, url)
    engine = db.open_database(url)
    made = control.create(engine, SCENARIO, name="**Drill** www.drill.example", roles={"power_company": "**李四**"},
                          facilitator="[导调](http://evil.example)")
    control.send_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"],
                        title={"zh": "[点我](http://evil.example) :fire:", "en": "[click](http://evil.example) :fire:"},
                        body={"zh": "正文", "en": "text"})
    desk = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"])
    desk.selectbox(key="act_kind").set_value("note").run()
    next(w for w in desk.text_input if w.label == "记录内容").set_value("*斜体* see www.evil.example :fire: 11:30")
    next(b for b in desk.button if b.label == "提交").click().run()
    assert not desk.exception
    shown = " ".join([m.value for m in desk.markdown] + [s.value for s in desk.success])
    assert r"\*\*李四\*\* · 包头供电公司固阳县分公司" in shown  # the name as typed, not bold
    assert "\\*斜体\\* see www\u2060\\.evil.example :\u2060fire: 11:30" in shown  # as typed: no link, no 🔥
    # (the word joiner after the colon keeps the pages from drawing the short name as a picture;
    # a clock time's colon is left alone)
    console = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    shown = " ".join(m.value for m in console.markdown)
    assert "\\[点我\\](http\u2060\\://evil.example) :\u2060fire:" in shown and "[点我](http" not in shown  # the inject's title
    wall = page("projector", drill=str(made.id), key=made.facilitator_key)
    assert wall.title[0].value == "\\*\\*Drill\\*\\* www\u2060\\.drill.example"


def _forms(node) -> list:
    """Every form under ``node`` of an AppTest's page."""
    found = [node] if getattr(node, "type", None) == "form" else []
    for child in getattr(node, "children", {}).values():
        found += _forms(child)
    return found


def test_no_form_on_the_console_or_the_desk_writes_streamlits_english_press_enter_hint_or_sends_on_enter(drill):
    _, made = drill
    for script, query in (("facilitator", {"key": made.facilitator_key}),
                          ("participant", {"role": "industry_tech", "key": made.keys["industry_tech"]})):
        at = page(script, drill=str(made.id), **query)
        forms = _forms(at._tree)
        assert forms and all(not f.proto.form.enter_to_submit for f in forms), [
            (f.proto.form.form_id, f.proto.form.enter_to_submit) for f in forms]
