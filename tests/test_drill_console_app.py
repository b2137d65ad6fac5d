"""A console a room can follow (AppTest): role links with QR codes and a printable sheet, the
projector view, toasts and highlights on the desks, every action confirmed, the engine-played
units' feed, the clock modes explained, scenarios picked by name."""

from __future__ import annotations

import json

import pytest

from sim.drills import control, db, views
from sim.inputs.loader import load_scenario
from sim.report import level_name, severity_name
from sim.ui.table_layout import MAX_LINES, PHONE_PX, WHOLE_MAX_LINES, wrapped
from test_drills_app import ROOT, SCENARIO, drill, link_key, page  # noqa: F401  (fixture)


def _create_on_the_page(at, name: str = "Second") -> None:
    at.selectbox(key="new_scenario").set_value(SCENARIO).run()
    at.multiselect(key="new_roles").set_value(["power_company", "county_government"]).run()
    next(w for w in at.text_input if w.label == "演练名称").set_value(name)
    next(w for w in at.text_input if w.label == "导调人员").set_value("Dai")
    at.text_input(key="new_person_power_company").set_value("Ann")
    at.text_input(key="new_person_county_government").set_value("Cai")
    next(b for b in at.button if b.label == "创建").click().run()
    assert not at.exception


def test_the_scenario_picker_shows_scenario_names_not_file_names(drill):
    at = page("facilitator")
    picker = at.selectbox(key="new_scenario")
    assert any(o.startswith("演练：雷暴致城南110千伏变电站停电 · Drill:") for o in picker.options), picker.options
    assert not [o for o in picker.options if o.endswith(".yaml") or o == "drill-chengnan-storm"]
    drills = page("facilitator").selectbox(key="facilitator_drill").options
    assert drills == ["1 · Page drill（演练：雷暴致城南110千伏变电站停电）"]  # Chinese brackets around Chinese
    drills = page("facilitator", lang="en").selectbox(key="facilitator_drill").options
    assert drills == [f"1 · Page drill ({load_scenario(SCENARIO).title.en})"]


def test_a_new_drill_shows_each_role_link_with_a_qr_code_and_a_printable_sheet(drill):
    engine, _ = drill
    at = page("facilitator")
    _create_on_the_page(at)
    links = [c.value for c in at.code]
    assert len(links) == 3 and links[0].startswith("http://127.0.0.1:8501/facilitator?drill=2&key=")
    assert links[1].startswith("http://127.0.0.1:8501/participant?drill=2&role=power_company&key=")
    assert links[2].startswith("http://127.0.0.1:8501/participant?drill=2&role=county_government&key=")
    assert len(at.image) == 2  # a QR code beside each role's link
    names = " ".join(m.value for m in at.markdown)
    assert "**包头供电公司固阳县分公司** · Ann" in names and "**固阳县人民政府** · Cai" in names
    assert "link_sheet_2" in {b.key for b in at.get("download_button")}
    # A new link for Cai replaces hers on the panel and the sheet; the old one stops working.
    at.selectbox(key="new_link_role").set_value("county_government")
    next(b for b in at.button if b.label == "生成").click().run()
    renewed = [c.value for c in at.code]
    assert len(renewed) == 3 and renewed[2] != links[2] and "role=county_government" in renewed[2]
    assert any("为固阳县人民政府（Cai）重发参演链接" in s.value for s in at.success)


def test_the_links_are_shown_only_in_the_facilitators_session_that_made_them(drill):
    _, made = drill
    console = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    assert not console.code and not console.image  # another session, even with the key: no keys to show
    desk = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"])
    assert not desk.code and not [b for b in desk.get("download_button") if b.key and b.key.startswith("link_sheet")]


def test_the_projector_view_shows_the_clock_the_level_and_every_countdown(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    console = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    assert any(f"projector?drill={made.id}&key={made.facilitator_key}" in m.value for m in console.markdown)
    at = page("projector", drill=str(made.id), key=made.facilitator_key)
    board = " ".join(h.value for h in at.html)
    assert '<div class="clock">12:15</div>' in board and "响应级别 · —" in board and "事件级别 · —" in board
    assert "包头供电公司固阳县分公司" in board and "07-18 12:30" in board and "剩余 15 分钟" in board
    at.session_state["lang"] = "en"
    at.run()
    board = " ".join(h.value for h in at.html)
    assert "Countdown to each task" in board and "15 min left" in board
    english = page("projector", drill=str(made.id), key=made.facilitator_key, lang="en")  # a wall has no switch
    assert "Countdown to each task" in " ".join(h.value for h in english.html)


def test_the_projector_view_is_a_kiosk_the_board_alone_without_sidebar_or_header(drill):
    from sim.ui.drill_pages import KIOSK_CSS

    _, made = drill
    wall = page("projector", drill=str(made.id), key=made.facilitator_key)
    assert KIOSK_CSS in [h.value for h in wall.html]
    assert '[data-testid="stSidebar"]' in KIOSK_CSS and '[data-testid="stHeader"]' in KIOSK_CSS
    assert [h.value for h in wall.title] == ["Page drill"] and not wall.selectbox and not wall.text_input
    asking = page("projector", drill=str(made.id))  # no key yet: the page keeps its frame to ask for it
    assert KIOSK_CSS not in [h.value for h in asking.html] and asking.text_input


def test_the_projector_view_needs_the_facilitators_key(drill):
    _, made = drill
    for query in ({}, {"key": made.keys["power_company"]}):
        at = page("projector", drill=str(made.id), **query)
        assert not [h for h in at.html if 'class="board"' in h.value] and (at.info or at.warning)
    asked = page("projector", drill=str(made.id)).info[0].value  # the wall shows the drill, it does not run it
    assert asked.startswith("打开本演练的导调或投影需要导调密钥") and "运行" not in asked


def test_a_new_inject_raises_a_toast_and_a_highlight_on_the_receiving_desk_only(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    ann = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"])
    bo = page("participant", drill=str(made.id), role="industry_tech", key=made.keys["industry_tech"])
    assert not ann.toast and not ann.warning  # the first look: what is there is not news
    control.send_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"],
                        title={"zh": "媒体来电", "en": "A journalist calls"},
                        body={"zh": "记者询问停电范围", "en": "Asks about the outage"})
    ann.run()
    bo.run()
    assert [t.value for t in ann.toast] == ["新消息：媒体来电：记者询问停电范围"]  # the notice by its title, then its body
    assert any("1 条新消息" in w.value for w in ann.warning)
    inbox = ann.dataframe[0].value
    inbox = getattr(inbox, "data", inbox)  # a highlighted table is a Styler
    assert list(inbox.iloc[0][["新", "内容"]]) == ["●", "媒体来电：记者询问停电范围"]
    assert list(inbox["新"]).count("●") == 1
    assert not bo.toast  # not sent to the industry bureau
    ann.run()
    assert not ann.toast  # shown once: the next look raises no toast


def test_the_toast_of_a_decision_left_to_the_unit_says_its_english_to_the_last_word(tmp_path, monkeypatch):
    """The county government is asked to approve the ice storm's warning while its desk is open:
    the English message is 121 letters, and the toast cut it at 120, ending on "decline i"."""
    monkeypatch.setenv(db.URL_ENV, f"sqlite:///{tmp_path / 'asked.sqlite'}")
    engine = db.open_database(f"sqlite:///{tmp_path / 'asked.sqlite'}")
    made = control.create(engine, ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml", name="Asked",
                          roles={"county_government": "Mei"})
    control.advance(engine, made.id, key=made.facilitator_key, hours=1.5)
    desk = page("participant", drill=str(made.id), key=made.keys["county_government"], lang="en")
    assert not desk.toast
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.5)
    desk.run()
    assert [t.value for t in desk.toast] == [
        "New message: Yours to decide: The county government approves the warning (4.2.1). "
        "The plan leaves it to your unit: do it or decline it"]


def test_a_long_messages_toast_ends_on_a_whole_word_and_an_ellipsis_the_inbox_holding_it_whole_below_its_row(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    ann = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"], lang="en")
    body = " ".join(["The journalist asks which streets are dark"] * 8)
    control.send_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"],
                        title={"zh": "媒体来电", "en": "A journalist calls"}, body={"zh": body, "en": body})
    ann.run()
    said = [t.value for t in ann.toast]
    assert len(said) == 1 and said[0].endswith("…"), said
    whole = said[0].removeprefix("New message: ")[:-1]
    assert f"A journalist calls: {body}".startswith(whole + " ") and len(whole) > 200  # cut between words
    inbox = ann.dataframe[0].value
    assert f"A journalist calls: {body}".startswith(getattr(inbox, "data", inbox).iloc[0]["Message"][:-1])
    assert [m.value for e in ann.expander if e.label.startswith("In full: ") for m in e.markdown] == [
        f"A journalist calls: {body}"]


def test_on_a_phone_the_inbox_shows_each_message_whole_before_who_sent_it(drill):
    """At 390 px a table shows its first 356 px before it is scrolled sideways: the message,
    after who sent it, was cut at the screen's right edge."""
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    body = "记者询问停电范围、恢复供电的时间和重要用户的保障情况，要求在一小时内给出书面答复"
    control.send_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"],
                        title={"zh": "媒体来电", "en": "A journalist calls"}, body={"zh": body, "en": body})
    ann = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"])
    shown = ann.dataframe[0]
    inbox = getattr(shown.value, "data", shown.value)
    assert list(inbox.columns) == ["新", "时间", "内容", "来源"]
    widths = {column: config["width"] for column, config in json.loads(shown.proto.columns).items() if "width" in config}
    assert sum(widths[column] for column in ("新", "时间", "内容")) <= PHONE_PX  # the message ends within a phone's screen
    lines = len(wrapped(f"媒体来电：{body}", widths["内容"]))
    assert lines > MAX_LINES and shown.proto.row_height >= 20 * lines  # and its rows show it whole


def test_one_long_notice_among_short_messages_neither_narrows_the_message_column_nor_makes_every_row_a_screen_tall(
        drill):
    """Sized to the short messages, the message column was 78 px wide, and a 1,500-character
    notice made every row (Streamlit's rows are all one height) 6,070 px tall."""
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    for n in range(6):
        control.send_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"],
                            title={"zh": f"提醒{n}", "en": f"Note {n}"}, body={"zh": "", "en": ""})
    notice = "记者询问停电范围和恢复时间。" * 110
    control.send_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"],
                        title={"zh": "媒体来电", "en": "A journalist calls"}, body={"zh": notice, "en": notice})
    ann = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"])
    shown = ann.dataframe[0]
    widths = {column: config["width"] for column, config in json.loads(shown.proto.columns).items() if "width" in config}
    assert sum(widths[column] for column in ("新", "时间", "内容")) == PHONE_PX  # all a phone shows, short notes or not
    assert shown.proto.row_height <= 20 * WHOLE_MAX_LINES + 10  # the long notice is cut there; the cell opens whole
    assert len(wrapped(f"媒体来电：{notice}", widths["内容"])) > WHOLE_MAX_LINES


@pytest.mark.parametrize("language, columns", [("zh", ["时间", "行动", "参演人员", "条款", "评定"]),
                                               ("en", ["Time", "Action", "Played by", "Clause", "Assessment"])])
def test_on_a_phone_the_timeline_shows_each_action_whole_right_after_its_time(drill, language, columns):
    """At 390 px the player's own timeline cut the action, after the time and who played it,
    at the screen's right edge, and a long one (a report to four recipients) at its row's foot."""
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=4.25)
    control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="report",
                args={"hop": "report.power_company"})
    ann = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"], lang=language)
    shown = ann.dataframe[-1]
    timeline = getattr(shown.value, "data", shown.value)
    assert list(timeline.columns) == columns
    action = columns[1]
    widths = {column: config["width"] for column, config in json.loads(shown.proto.columns).items() if "width" in config}
    assert widths[columns[0]] + widths[action] <= PHONE_PX  # the action ends within a phone's screen
    lines = max(len(wrapped(said, widths[action])) for said in timeline[action])
    assert lines > MAX_LINES and shown.proto.row_height >= 20 * lines  # and its rows show the longest whole


def test_a_task_on_a_desk_keeps_each_clock_time_whole_on_a_phones_narrow_line(drill):
    """At 390 px the line of a task broke between "By 07-18" and "12:30"."""
    _, made = drill
    ann = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"], lang="en")
    task = next(m.value for m in ann.markdown if "4.2.1" in m.value and "By " in m.value)
    assert "By 07-\u206018\u00a012:30" in task and "Due 07-\u206018\u00a012:00" in task, task  # never split


def test_the_english_inbox_heads_its_columns_in_capitals_like_every_table(drill):
    engine, made = drill
    control.send_inject(engine, made.id, key=made.facilitator_key, roles=["power_company"],
                        title={"zh": "媒体来电", "en": "A journalist calls"},
                        body={"zh": "记者询问停电范围", "en": "Asks about the outage"})
    desk = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"], lang="en")
    inbox = desk.dataframe[0].value
    columns = list(getattr(inbox, "data", inbox).columns)
    assert columns[0] == "New" and all(c[0].isupper() for c in columns), columns


def test_every_action_on_a_desk_is_confirmed_with_what_who_and_clock_time(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    at = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"])
    next(b for b in at.button if b.key and b.key.startswith("do_warning_step")).click().run()
    assert not at.exception
    confirmed = [s.value for s in at.success]
    assert any(s.startswith("已记录：预警发布环节：") and s.endswith("（Ann，07-18 12:15）") for s in confirmed), confirmed
    at.selectbox(key="act_kind").set_value("note").run()
    next(w for w in at.text_input if w.label == "记录内容").set_value("已通知重要用户")
    next(b for b in at.button if b.label == "提交").click().run()
    assert any(s.value == "已记录：记录：已通知重要用户（Ann，07-18 12:15）" for s in at.success), [s.value for s in at.success]


def test_the_facilitators_actions_are_confirmed_and_a_refusal_is_not(drill):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    next(b for b in at.button if b.key == "release_storm-forecast" or (b.key or "").startswith("release_")).click().run()
    assert any("提前下达情景通报" in s.value and "（facilitator，07-18 12:00）" in s.value for s in at.success)
    at.button(key="clock_end").click().run()
    assert any("时钟前进到 07-19 12:00" in s.value for s in at.success)
    assert not [b for b in at.button if b.key == "clock_step"]  # the drill has ended: nothing left to move


def test_the_console_says_a_refusal_in_words_without_the_command_lines_option_or_the_domains_field(drill):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    at.selectbox(key="assign_role_unit").set_value("power_company")
    at.text_input(key="assign_role_person").set_value("Ann")
    next(b for b in at.button if b.label == "确定").click().run()
    assert [e.value for e in at.error] == ["角色（单位）：演练 1 中的包头供电公司固阳县分公司已由 'Ann' 扮演"]
    english = page("facilitator", drill=str(made.id), key=made.facilitator_key, lang="en")
    english.selectbox(key="assign_role_unit").set_value("power_company")
    english.text_input(key="assign_role_person").set_value("Ann")
    next(b for b in english.button if b.label == "Apply").click().run()
    assert [e.value for e in english.error] == [
        "Role (unit): Guyang Branch of the Baotou Power Supply Company in drill 1: 'Ann' already plays it"]


def test_the_console_shows_what_the_engine_played_units_did(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=4.25)
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    assert "引擎所扮单位的行动" in [h.value for h in at.subheader]
    feed = next(d.value for d in at.dataframe if set(d.value.columns) == {"时间", "单位", "行动", "条款"})
    assert "包头供电公司固阳县分公司" not in set(feed["单位"]) and len(feed) > 0  # Ann's unit is hers, not the engine's
    assert all(time.startswith("07-18 ") for time in feed["时间"])


def test_the_clock_modes_are_explained_on_the_console(drill):
    _, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    help_text = " ".join(m.value for m in at.markdown)
    assert "**单步**" in help_text and "不会一次越过时限" in help_text
    at.session_state["lang"] = "en"
    at.run()
    assert "it never jumps a deadline" in " ".join(m.value for m in at.markdown)


def test_advance_stops_where_a_new_task_falls_due_and_says_why(drill):
    engine, _ = drill
    made = control.create(engine, SCENARIO, name="Due", roles={"power_company": "Ann", "county_government": "Cai"})
    control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="warning_step",
                args={"step": "warning.propose"})
    control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="step",
                args={"step": "warning.alert_key_users"})
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    at.number_input(key="clock_hours").set_value(6.0)
    at.button(key="clock_advance").click().run()
    now = db.load_drill(engine, made.id).clock.now()
    assert now == 1.5, now  # the county's approval falls due once the bureau (the engine) has assessed
    assert any("时钟停在 07-18 13:30：新任务到期（固阳县人民政府：" in i.value for i in at.info), [i.value for i in at.info]


def test_a_declaration_before_the_report_is_refused_on_the_desk_and_once_told_every_board_shows_the_level(drill):
    engine, _ = drill
    made = control.create(engine, SCENARIO, name="Declare", roles={"county_government": "Cai"})
    control.advance(engine, made.id, key=made.facilitator_key, hours=1.0)
    desk = page("participant", drill=str(made.id), role="county_government", key=made.keys["county_government"])
    desk.selectbox(key="act_kind").set_value("declare").run()
    next(b for b in desk.button if b.label == "提交").click().run()
    assert not desk.exception
    assert any("尚未接到事件报告" in e.value and "07-18 13:00" in e.value for e in desk.error)
    assert not [a for a in db.load_drill(engine, made.id).actions if a.role == "county_government"]

    control.advance(engine, made.id, key=made.facilitator_key, hours=4.5)
    desk.run()
    desk.selectbox(key="act_kind").set_value("declare").run()
    next(s for s in desk.selectbox if s.label == "对象").set_value("III")
    next(b for b in desk.button if b.label == "提交").click().run()
    assert not desk.exception and not desk.error
    level = "Ⅲ级应急响应"
    assert any(f"**响应级别**：{level}" in m.value for m in desk.markdown)  # the desk, at once
    console = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    assert any(f"**响应级别**：{level}" in m.value for m in console.markdown)
    wall = page("projector", drill=str(made.id), key=made.facilitator_key)
    assert f"响应级别 · {level}" in " ".join(h.value for h in wall.html)


def test_a_later_session_reissues_a_link_or_the_whole_sheet_shown_with_its_qr_code_and_old_keys_lapse(drill):
    from sim.errors import InputError

    engine, made = drill
    console = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    assert not console.code  # another session: the keys made with the drill are not known here
    console.selectbox(key="new_link_role").set_value("industry_tech")
    next(b for b in console.button if b.label == "生成").click().run()
    assert not console.exception
    [link] = [c.value for c in console.code]
    assert link.startswith(f"http://127.0.0.1:8501/participant?drill={made.id}&role=industry_tech&key=")
    assert len(console.image) == 1 and f"link_sheet_{made.id}" in {b.key for b in console.get("download_button")}
    assert any("为县工科局（电力管理部门）（Bo）重发参演链接" in s.value for s in console.success)
    with pytest.raises(InputError, match="not that of the present player"):
        control.act(engine, made.id, role="industry_tech", key=made.keys["industry_tech"], kind="note", args={"text": "x"})
    console.selectbox(key="new_link_role").set_value("")  # every role: a new sheet for the room
    next(b for b in console.button if b.label == "生成").click().run()
    links = [c.value for c in console.code]
    assert len(links) == 2 and link not in links and len(console.image) == 2
    for url in links:
        role = url.split("role=", 1)[1].split("&", 1)[0]
        control.act(engine, made.id, role=role, key=link_key(url), kind="note", args={"text": "new"})
    rekeyed = [(a.person, a.args["role"]) for a in db.load_drill(engine, made.id).actions if a.kind == "rekey"]
    assert rekeyed[0] == ("facilitator", "industry_tech")
    assert sorted(rekeyed[1:]) == [("facilitator", "industry_tech"), ("facilitator", "power_company")]


def test_the_level_names_on_the_console_and_the_desk_are_lines_not_metrics_that_would_run_into_each_other(drill):
    """A level's name ("General large-area blackout") in a metric's large type runs over the
    next column and hides the response level: the drill pages say both as lines, in either language."""
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=4.5)
    state, _, _ = control.assess(engine, made.id)
    now = views.metrics(state)
    for language, said in (("zh", "**事件级别**：{}  \n**响应级别**：{}"), ("en", "**Severity**: {}  \n**Response level**: {}")):
        line = said.format(severity_name(state.inputs.plan, now["severity"], language),
                           level_name(state.inputs.plan, now["level"], language))
        for at in (page("facilitator", drill=str(made.id), key=made.facilitator_key, lang=language),
                   page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"],
                        lang=language)):
            assert any(m.value == line for m in at.markdown), [m.value for m in at.markdown][:8]
            assert len(at.metric) >= 2 and not any(m.label in ("事件级别", "响应级别", "Severity", "Response level")
                                                   for m in at.metric)


def test_the_projector_keeps_each_deadline_and_time_left_on_one_line_and_cuts_a_unit_or_task_after_two_lines(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=4.5)  # a task long overdue: "已超时 4 小时"
    board = " ".join(h.value for h in page("projector", drill=str(made.id), key=made.facilitator_key).html)
    assert ".board .when { white-space: nowrap; }" in board
    assert '<td class="when">07-18 12:30</td><td class="when late">已超时' in board
    assert '<th class="when">办结时限</th><th class="when">剩余时间</th>' in board
    assert '<td class="unit"><div>包头供电公司固阳县分公司</div></td><td class="task"><div>' in board  # cut after two lines


def test_the_projector_shows_the_most_urgent_tasks_that_fit_one_screen_and_counts_the_rest(tmp_path, monkeypatch):
    """At 16:15 of the storm drill with every role played, 23 tasks are open: the wall shows the
    two overdue and the five due next, and says how many more there are, where it listed all
    23 on a board five screens tall."""
    from sim.drills import projector, script
    from sim.ui.drill_pages import BOARD_ROWS

    url = f"sqlite:///{tmp_path / 'wall.sqlite'}"
    monkeypatch.setenv(db.URL_ENV, url)
    engine = db.open_database(url)
    made = control.create(engine, SCENARIO, name="Wall", roles={r: f"P{i}" for i, r in enumerate(script.roles_of(SCENARIO))})
    control.advance(engine, made.id, key=made.facilitator_key, hours=4.25)
    state, _, evaluation = control.assess(engine, made.id)
    due = projector.board(state, evaluation, "zh").countdowns
    assert len(due) == 23 and BOARD_ROWS == 7
    board = " ".join(h.value for h in page("projector", drill=str(made.id), key=made.facilitator_key).html)
    assert board.count("<tr>") == 1 + BOARD_ROWS  # the head and the seven nearest
    row = lambda c: f'<div>{c.unit}</div></td><td class="task"><div>{c.task}</div></td><td class="when">{c.deadline}'  # noqa: E731
    at = [board.find(row(c)) for c in due[:BOARD_ROWS]]
    assert -1 not in at and at == sorted(at)  # the nearest deadlines, in their order
    assert not [c for c in due[BOARD_ROWS:] if row(c) in board]
    assert board.count("已超时") == 2 and "另有 16 项待办（时限较晚，未显示）" in board


def test_the_clock_buttons_stand_whole_on_one_line_and_each_number_sits_level_beside_its_button(drill):
    """At a laptop's width seven equal columns cut "Run in real time" and "Run accelerated" short
    and left "Advance" under its field: the plain buttons share a row, each as wide as its words,
    and the speed and the hours each stand in a bottom-aligned column beside their button."""
    from streamlit.proto.Block_pb2 import Block

    engine, made = drill
    for language in ("zh", "en"):
        at = page("facilitator", drill=str(made.id), key=made.facilitator_key, lang=language)
        held = {getattr(child, "key", None): column.proto.vertical_alignment
                for column in at.columns for child in column.children.values()}
        assert {held[key] for key in ("clock_rate", "clock_accelerate", "clock_hours", "clock_advance")} == {
            Block.Column.VerticalAlignment.BOTTOM}, language
        assert not {"clock_pause", "clock_realtime", "clock_step", "clock_end"} & held.keys()  # not in columns
        rows = []  # the blocks holding the plain buttons

        def find(node):
            for child in getattr(node, "children", {}).values():
                if getattr(child, "key", None) in ("clock_pause", "clock_realtime", "clock_step", "clock_end"):
                    rows.append(node)
                find(child)

        find(at._tree)
        assert len({id(row) for row in rows}) == 1 and len(rows) == 4  # the four in one block
        assert rows[0].proto.flex_container.direction == Block.FlexContainer.Direction.HORIZONTAL


def test_every_download_on_the_console_hands_over_its_file_without_running_the_page_again(drill):
    """A click that reran the page would let go of the file while the browser fetches it; on
    a busy server another session's run can delete it first, and the report's download fails."""
    at = page("facilitator")
    _create_on_the_page(at)
    buttons = at.get("download_button")
    labels = {b.proto.label for b in buttons}
    assert {"下载 Markdown", "下载可打印 HTML"} <= labels and "link_sheet_2" in {b.key for b in buttons}
    assert [b.proto.label for b in buttons if not b.proto.ignore_rerun] == []


def test_an_actions_confirmation_is_said_in_the_language_the_page_is_in_now_not_the_one_it_was_made_in(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    at = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"])
    at.selectbox(key="act_kind").set_value("note").run()
    next(w for w in at.text_input if w.label == "记录内容").set_value("已通知重要用户")
    next(b for b in at.button if b.label == "提交").click().run()
    assert [s.value for s in at.success] == ["已记录：记录：已通知重要用户（Ann，07-18 12:15）"]
    at.session_state["lang"] = "en"
    at.run()
    assert [s.value for s in at.success] == ["Logged: Note: 已通知重要用户 (Ann, 07-18 12:15)"]
    at.session_state["lang"] = "zh"
    at.run()
    assert [s.value for s in at.success] == ["已记录：记录：已通知重要用户（Ann，07-18 12:15）"]


def test_the_facilitators_confirmation_follows_the_language_switch_too(drill):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    at.button(key="clock_end").click().run()
    assert any("已记录：时钟前进到 07-19 12:00" in s.value for s in at.success)
    at.session_state["lang"] = "en"
    at.run()
    said = [s.value for s in at.success]
    assert any("Logged: the clock moved on to 07-19 12:00" in s for s in said) and not any("已记录" in s for s in said)


def test_the_desk_offers_a_step_until_it_is_taken_and_then_neither_its_task_button_nor_the_form_offers_it(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    at = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"])
    assert at.selectbox(key="act_kind").value == "warning_step"  # open: the form opens on it
    assert "预警发布环节" in at.selectbox(key="act_kind").options
    assert at.selectbox(key="act_arg_warning_step").options[0].startswith("将有关情况报告电力管理部门")
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("do_warning_step"))).click().run()
    assert not at.exception and not at.error
    assert "预警发布环节" not in at.selectbox(key="act_kind").options  # its one step is taken
    assert at.selectbox(key="act_kind").value != "warning_step"
    assert not [b for b in at.button if b.key and b.key.startswith("do_warning_step")]
    log = db.load_drill(engine, made.id).actions
    assert len([a for a in log if a.kind == "warning_step"]) == 1


def test_the_new_drill_form_lists_scenarios_as_the_run_page_does_and_opens_on_the_same_one(drill):
    from app_pages import run_page

    run = run_page()
    picker = page("facilitator").selectbox(key="new_scenario")
    assert run.selectbox(key="run.scenario").options == picker.options  # the county's first, then the examples
    assert picker.value.stem == run.selectbox(key="run.scenario").value == "winter-ice-storm"  # the featured one


@pytest.mark.parametrize("language, scored", [("zh", "按时"), ("en", "on time")])
def test_the_grace_field_says_what_it_changes_in_the_score(drill, language, scored):
    field = page("facilitator", lang=language).number_input(key="new_grace")
    assert field.help and scored in field.help and field.label in (
        "无时限环节的宽限（小时）", "Grace for steps without a time of their own (h)")
