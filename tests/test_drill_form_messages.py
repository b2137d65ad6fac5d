"""What the drill pages say about a refused form (AppTest): the field by its label, in the
reader's language, without the command line's location, flags or field ids; the links the
console makes open in its language; inputs are repeated short and plain."""

from __future__ import annotations

import datetime as dt

import pytest

from sim.clock import parse
from sim.drills import control, db
from sim.cli import main
from sim.errors import InputError, Problem
from sim.ui.form_errors import readable
from sim.ui.widgets import plain
from test_drills_app import SCENARIO, drill, page  # noqa: F401  (fixture)

#: What only the command line's rendering of a refusal shows.
CLI_MARKS = ("drill", "--arg", "facilitator:", "roles:", "note:")


def _note(at, typed: str, label: str = "记录内容", submit: str = "提交") -> list[str]:
    at.selectbox(key="act_kind").set_value("note").run()
    next(w for w in at.text_input if w.label == label).set_value(typed)
    next(b for b in at.button if b.label == submit).click().run()
    assert not at.exception
    return [e.value for e in at.error]


@pytest.mark.parametrize(("typed", "said"), [
    ("", "记录内容不能为空"),
    ("长" * 5000, "记录内容最长 4000 个字符，现为 5000 个"),
    ("ab\x07c", "记录内容：第 3 个字符是控制字符 U+0007"),
])
def test_a_refused_note_is_said_by_its_label_without_the_command_lines_location_or_flags(drill, typed, said):
    engine, made = drill
    at = page("participant", drill=str(made.id), role="industry_tech", key=made.keys["industry_tech"])
    errors = _note(at, typed)
    assert errors == [said]
    assert not any(mark in e for e in errors for mark in CLI_MARKS)
    assert [a for a in db.load_drill(engine, made.id).actions if a.kind == "note"] == []


def test_a_refused_note_is_said_in_english_on_the_english_desk(drill):
    _, made = drill
    at = page("participant", drill=str(made.id), role="industry_tech", key=made.keys["industry_tech"], lang="en")
    assert _note(at, "", label="Note", submit="Submit") == ["Note cannot be empty"]


def test_the_command_line_names_the_option_and_the_page_the_label_for_the_same_refusal(drill, capsys):
    engine, made = drill
    with pytest.raises(InputError) as refused:
        control.act(engine, made.id, role="industry_tech", key=made.keys["industry_tech"], kind="note",
                    args={"text": "x" * 5000})
    assert refused.value.render("zh") == "drill: args.text: 长度 5000 个字符，最多 4000 个"  # the domain's own field
    assert readable(refused.value, "zh", {"args.text": "记录内容"}) == "记录内容最长 4000 个字符，现为 5000 个"
    assert readable(refused.value, "zh", {}) == "长度 5000 个字符，最多 4000 个"  # no field: the message alone
    url = engine.url.render_as_string(hide_password=False)
    assert main(["drill", "--db", url, "--lang", "zh", "act", str(made.id), "--role", "industry_tech", "--action", "note",
                 "--arg", "text=" + "x" * 5000, "--key", made.keys["industry_tech"]]) == 2
    assert capsys.readouterr().err == "命令行: --arg text: 长度 5000 个字符，最多 4000 个\n"


@pytest.mark.parametrize("typed", ["[点我](http://example.com)", "**粗**", "$x$"])
def test_a_refused_fork_moment_repeats_what_was_typed_as_typed_never_as_a_link_bold_or_a_formula(drill, typed):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    next(w for w in at.text_input if w.label.startswith("时刻")).set_value(typed)
    next(b for b in at.button if b.label == "重演").click().run()
    assert not at.exception
    [said] = [e.value for e in at.error]
    assert said.startswith("时刻（月-日 时:分）：时间应写作") and typed not in said, said
    shown = said.replace("\\", "").replace("\u2060", "")  # what the reader sees: escapes read, joiners unseen
    assert shown.endswith(f"而不是 '{typed}'"), said  # every mark escaped, nothing dropped
    assert [d["id"] for d in db.list_drills(engine)] == [made.id]


def test_a_field_named_like_a_form_field_in_another_file_is_not_said_by_the_forms_label():
    elsewhere = InputError([Problem("scenario.yaml", 3, 5, "name", "not text")])
    assert readable(elsewhere, "en", {"name": "Drill name"}) == "not text"


def _new_drill(at, facilitator: str | None) -> list[str]:
    at.selectbox(key="new_scenario").set_value(SCENARIO).run()
    at.multiselect(key="new_roles").set_value(["power_company"]).run()
    next(w for w in at.text_input if w.label == "演练名称").set_value("Second")
    at.text_input(key="new_person_power_company").set_value("Ann")
    if facilitator is not None:
        next(w for w in at.text_input if w.label == "导调人员").set_value(facilitator)
    next(b for b in at.button if b.label == "创建").click().run()
    assert not at.exception
    return [e.value for e in at.error]


def test_the_facilitator_name_starts_empty_and_a_drill_without_one_is_refused_by_its_label(drill):
    engine, _ = drill
    at = page("facilitator")
    assert next(w for w in at.text_input if w.label == "导调人员").value == ""
    assert _new_drill(at, None) == ["导调人员不能为空"]
    assert len(db.list_drills(engine)) == 1


def test_the_facilitator_name_given_once_is_kept_for_the_next_drill_of_the_session(drill):
    engine, _ = drill
    at = page("facilitator")
    assert _new_drill(at, "  Dai  ") == []
    created = max(d["id"] for d in db.list_drills(engine))
    assert db.load_drill(engine, created).facilitator == "Dai"
    assert next(w for w in at.text_input if w.label == "导调人员").value.strip() == "Dai"  # not reset


def test_an_inject_sent_to_nobody_is_refused_by_the_label_of_its_recipients(drill):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    next(w for w in at.text_input if w.label == "标题（中文）").set_value("停电通报")
    next(b for b in at.button if b.label == "下达").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["发给：情景注入至少要发给一个角色"]


def test_an_inject_once_sent_leaves_its_form_empty_so_a_second_click_sends_nothing_twice(drill):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    at.multiselect(key="own_inject_roles").set_value(["power_company"])
    at.text_input(key="own_inject_title_zh").set_value("停电通报")
    at.text_area(key="own_inject_body_zh").set_value("城南片区停电")
    next(b for b in at.button if b.label == "下达").click().run()
    assert not at.exception and len(db.load_drill(engine, made.id).injects) == 4  # the scenario's three and this
    assert at.text_input(key="own_inject_title_zh").value == "" and at.text_area(key="own_inject_body_zh").value == ""
    assert at.text_input(key="own_inject_title_zh").proto.set_value and at.text_area(key="own_inject_body_zh").proto.set_value
    next(b for b in at.button if b.label == "下达").click().run()  # clicked again
    assert len(db.load_drill(engine, made.id).injects) == 4 and at.error  # refused: nothing to send


def test_an_inject_refused_keeps_what_was_typed_to_put_right(drill):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    at.text_input(key="own_inject_title_zh").set_value("停电通报")
    next(b for b in at.button if b.label == "下达").click().run()  # to nobody: refused
    assert at.error and at.text_input(key="own_inject_title_zh").value == "停电通报"


def test_the_english_console_links_the_projector_and_every_participant_in_english(drill):
    _, made = drill
    at = page("facilitator", lang="en")
    at.selectbox(key="new_scenario").set_value(SCENARIO).run()
    at.multiselect(key="new_roles").set_value(["power_company"]).run()
    next(w for w in at.text_input if w.label == "Drill name").set_value("Second")
    next(w for w in at.text_input if w.label == "Facilitator").set_value("Dai")
    next(w for w in at.text_input if w.label.endswith(": played by")).set_value("Ann")
    next(b for b in at.button if b.label == "Create").click().run()
    assert not at.exception
    links = [c.value for c in at.code]
    assert len(links) == 2 and all(link.endswith("&lang=en") for link in links), links
    assert any("/projector?drill=2&key=" in m.value and "&lang=en)" in m.value for m in at.markdown)


def test_the_chinese_console_links_the_projector_in_chinese_and_the_projector_follows_its_link(drill):
    _, made = drill
    console = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    assert any(f"/projector?drill={made.id}&key={made.facilitator_key}&lang=zh)" in m.value for m in console.markdown)
    wall = page("projector", drill=str(made.id), key=made.facilitator_key, lang="en")
    board = " ".join(h.proto.body for h in wall.get("html"))
    assert "Countdown to each task" in board and "待办倒计时" not in board


def test_a_link_to_a_unit_nobody_plays_names_the_unit(drill):
    _, made = drill
    at = page("participant", drill=str(made.id), role="county_government", key=made.keys["power_company"])
    assert [e.value for e in at.error] == ["演练 1 中没有人扮演“固阳县人民政府”，请向导调索取正确的链接。"]


def test_a_number_out_of_range_is_repeated_as_typed_not_in_exponent_form(drill):
    _, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    at.number_input(key="clock_hours").set_value(99999999.0).run()
    assert any(e.value.startswith("99999999 超出允许范围") for e in at.error), [e.value for e in at.error]
    assert plain(1e8) == "100000000"
    assert plain(0.05) == "0.05" and plain(-3.0) == "-3" and plain(float("inf")) == "∞"
    assert plain(1e300) == "1" + "0" * 39 + "…"



@pytest.mark.parametrize(("typed", "said"), [
    (2**53 - 1, []),
    (2**53, ["9007199254740992 太大，页面无法精确读取：应为 0 到 9,007,199,254,740,991 之间的整数。"]),
    (2**63 - 1, ["9223372036854776000 太大，页面无法精确读取：应为 0 到 9,007,199,254,740,991 之间的整数。"]),
])
def test_a_new_drill_s_seed_past_what_the_page_reads_exactly_is_refused_though_the_drill_takes_it(drill, typed, said):
    at = page("facilitator")
    at.selectbox(key="new_scenario").set_value(SCENARIO).run()
    at.number_input(key="new_seed").set_value(typed).run()
    assert not at.exception
    assert [e.value for e in at.error] == said
    assert typed <= control.MAX_SEED  # the command line takes it exactly

def test_a_long_time_that_is_no_time_is_repeated_only_in_part():
    with pytest.raises(ValueError) as refused:
        parse(dt.datetime(2024, 7, 18, 12), "x" * 5000)
    said = refused.value.args[0].zh
    assert "'" + "x" * 39 + "…" in said and "x" * 40 not in said


def test_a_new_drill_without_a_name_or_a_facilitator_is_refused_for_both_at_once_each_on_its_own_line(drill):
    engine, _ = drill
    at = page("facilitator")
    at.selectbox(key="new_scenario").set_value(SCENARIO).run()
    at.multiselect(key="new_roles").set_value(["power_company"]).run()
    next(b for b in at.button if b.label == "创建").click().run()
    assert not at.exception
    [said] = [e.value for e in at.error]
    # in the form's order: the name, the facilitator, then each role's player
    assert said.split("  \n") == ["演练名称不能为空", "导调人员不能为空", "包头供电公司固阳县分公司：参演人员不能为空"]
    assert len(db.list_drills(engine)) == 1


def test_a_new_drill_s_blank_players_are_listed_in_the_order_the_form_lists_the_roles_not_by_their_ids(drill):
    at = page("facilitator")
    at.selectbox(key="new_scenario").set_value(SCENARIO).run()
    # the power company before the county government, as the facilitator picked them (their ids sort the other way)
    at.multiselect(key="new_roles").set_value(["power_company", "county_government"]).run()
    next(w for w in at.text_input if w.label == "演练名称").set_value("Drill")
    next(w for w in at.text_input if w.label == "导调人员").set_value("Dai")
    next(b for b in at.button if b.label == "创建").click().run()
    [said] = [e.value for e in at.error]
    assert said.split("  \n") == ["包头供电公司固阳县分公司：参演人员不能为空", "固阳县人民政府：参演人员不能为空"]


def test_the_domain_names_every_blank_field_of_a_new_drill_in_one_refusal(drill):
    engine, _ = drill
    with pytest.raises(InputError) as refused:
        control.create(engine, SCENARIO, name=" ", facilitator="", roles={"power_company": "  "})
    assert sorted(problem.path for problem in refused.value.problems) == ["facilitator", "name", "role.power_company"]
    with pytest.raises(InputError) as refused:
        control.create(engine, SCENARIO, name="Drill", facilitator="Dai", roles={"power_company": " ", "nobody": "Ann"})
    assert sorted(problem.path for problem in refused.value.problems) == ["role", "role.power_company"]
    assert len(db.list_drills(engine)) == 1


def test_a_refused_note_stays_on_the_desk_through_its_refreshes_until_it_is_dismissed(drill):
    _, made = drill
    at = page("participant", drill=str(made.id), role="industry_tech", key=made.keys["industry_tech"])
    assert _note(at, "") == ["记录内容不能为空"]
    at.run()  # the desk's refresh
    assert [e.value for e in at.error] == ["记录内容不能为空"]
    next(b for b in at.button if b.label == "知道了").click().run()
    assert not at.exception and not at.error


@pytest.mark.parametrize(("language", "said"), [
    ("zh", "此链接已不能为包头供电公司固阳县分公司行动（角色已转交他人或链接已重发），请向导调索取新的参演链接"),
    ("en", "this link can no longer act for Guyang Branch of the Baotou Power Supply Company (the role was handed "
           "on or its link renewed): ask the facilitator for a new participant link"),
])
def test_an_old_links_refusal_tells_a_page_to_ask_for_a_new_link_and_names_no_command_line_flag(drill, language, said):
    engine, made = drill
    control.assign(engine, made.id, "power_company", "Dai", key=made.facilitator_key)
    with pytest.raises(InputError) as refused:
        control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="note",
                    args={"text": "x"})
    assert readable(refused.value, language, {}) == said
    assert "--key" in refused.value.render(language)  # the command line keeps its own words


def test_a_desk_whose_role_was_handed_on_says_who_plays_it_now_and_offers_no_action(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    at = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"])
    assert [b for b in at.button if b.label == "办理"] and "Ann · " in " ".join(m.value for m in at.markdown)
    control.assign(engine, made.id, "power_company", "Dai", key=made.facilitator_key)
    at.run()  # the desk's refresh
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "此链接已不再扮演包头供电公司固阳县分公司：该角色现由Dai扮演（角色已转交或链接已重发）。如需继续参演，请向导调索取新链接。"]
    assert not at.button and not at.selectbox  # nor another drill to pick: the page lists none
    assert "Ann · " not in " ".join(m.value for m in at.markdown)


def test_a_note_sent_leaves_its_box_empty_and_is_confirmed_by_its_first_words_so_a_second_click_logs_nothing(drill):
    engine, made = drill
    at = page("participant", drill=str(made.id), role="industry_tech", key=made.keys["industry_tech"])
    typed = "电网运行监测正常，" + "各变电站负荷平稳" * 100
    assert _note(at, typed) == []
    box = next(w for w in at.text_input if w.label == "记录内容")
    assert box.value == "" and box.proto.set_value  # the browser is told to empty it: it keeps a box's text otherwise
    said = [s.value for s in at.success]
    assert len(said) == 1 and said[0].startswith("已记录：记录：电网运行监测正常，各变电站") and "…（Bo，" in said[0], said
    assert len(said[0]) < 90
    next(b for b in at.button if b.label == "提交").click().run()  # again, with the box empty
    assert [e.value for e in at.error] == ["记录内容不能为空"]
    notes = [a.args["text"] for a in db.load_drill(engine, made.id).actions if a.kind == "note"]
    assert notes == [typed]


def test_a_confirmation_says_the_first_line_of_a_note_of_several(drill):
    from sim.drills import views

    engine, made = drill
    note = control.act(engine, made.id, role="industry_tech", key=made.keys["industry_tech"], kind="note",
                       args={"text": "第一行\n第二行"})
    state, _, _ = control.assess(engine, made.id)
    assert views.confirmation(state, note, "zh") == "已记录：记录：第一行…（Bo，07-18 12:00）"


def test_a_note_refused_keeps_what_was_typed_to_put_right(drill):
    _, made = drill
    at = page("participant", drill=str(made.id), role="industry_tech", key=made.keys["industry_tech"])
    assert _note(at, "长" * 4001) == ["记录内容最长 4000 个字符，现为 4001 个"]
    assert next(w for w in at.text_input if w.label == "记录内容").value == "长" * 4001


def test_a_long_notice_shows_short_in_its_inbox_row_and_whole_in_an_expander_below(drill):
    from sim.drills import views

    engine, made = drill
    body = "\n".join(f"第{i}段：城南片区抢修进展与供电恢复安排，请各单位按职责做好配合。" for i in range(110))
    control.send_inject(engine, made.id, key=made.facilitator_key, roles=["industry_tech"],
                        title={"zh": "导调通报", "en": "Notice"}, body={"zh": body, "en": body})
    at = page("participant", drill=str(made.id), role="industry_tech", key=made.keys["industry_tech"])
    cells = list(at.dataframe[0].value[views.label("message", "zh")])
    notice = next(c for c in cells if c.startswith("导调通报"))
    assert notice.endswith("…") and len(notice) <= 130, notice
    whole = next(e for e in at.expander if e.label.startswith("全文："))
    assert "导调通报" in whole.label
    shown = " ".join(m.value for m in whole.markdown)
    assert "第0段" in shown and "第109段" in shown and shown.count("  \n") == 109  # a line each


def test_a_made_up_key_on_a_played_roles_link_is_not_told_it_played_the_role_before(drill):
    _, made = drill
    at = page("participant", drill=str(made.id), role="power_company", key="0123456789abcdef0123456789abcdef")
    assert [w.value for w in at.warning] == ["该密钥不属于本演练，或已失效（角色已转交他人或链接已重发）。"]
    assert not at.button


def test_a_key_used_on_the_other_page_says_which_page_it_is_for_and_links_there(drill):
    _, made = drill
    desk = page("participant", drill=str(made.id), role="power_company", key=made.facilitator_key)
    assert [w.value for w in desk.warning] == [
        "这是本演练的导调密钥：它打开导调台和投影，不打开参演页。参演页需要导调发给各参演人员的参演链接。"]
    assert any(m.value.startswith("[用此密钥打开导调台](http://127.0.0.1:8501/facilitator?drill=1&key=")
               for m in desk.markdown) and not desk.button
    for script in ("facilitator", "projector"):
        at = page(script, drill=str(made.id), key=made.keys["industry_tech"], lang="en")
        assert [w.value for w in at.warning] == [
            "This is the participant key of County Bureau of Industry and Science & Technology (power authority) (Bo): "
            "it opens only their desk on the participant page, not the console or the projector view, which need the "
            "facilitator's key."]
        assert any("(http://127.0.0.1:8501/participant?drill=1&role=industry_tech&key=" in m.value for m in at.markdown)
        assert not [h for h in at.html if 'class="board"' in h.value] and not [b for b in at.button if b.key == "clock_step"]


def test_a_confirmation_is_green_until_the_clock_moves_on_and_then_says_how_long_ago_it_was(drill):
    engine, made = drill
    at = page("participant", drill=str(made.id), role="industry_tech", key=made.keys["industry_tech"])
    assert _note(at, "电网运行监测正常") == []
    assert [s.value for s in at.success] == ["已记录：记录：电网运行监测正常（Bo，07-18 12:00）"]
    control.advance(engine, made.id, key=made.facilitator_key, hours=3)
    at.run()  # the desk's refresh, at 15:00
    assert not at.success
    assert "3 小时前（演练时间）的上一次操作 · 已记录：记录：电网运行监测正常（Bo，07-18 12:00）" in [c.value for c in at.caption]


def test_a_task_buttons_refusal_stays_on_the_desk_through_its_refreshes_until_the_player_acts_again(drill, monkeypatch):
    """The refusal of a task's button (drawn in the desk's refreshing part) is kept in the
    desk's confirmation spot, where drawn beside the button it went with the next refresh."""
    from sim.drills.refusals import refused
    from sim.messages import Message

    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=0.25)
    at = page("participant", drill=str(made.id), role="power_company", key=made.keys["power_company"])
    act = control.act

    def late(*args, **kwargs):
        raise refused("drill", Message("drill_refusal.no_drill", drill=made.id))

    monkeypatch.setattr(control, "act", late)  # as if refused in the moment between the desk's draw and the click
    next(b for b in at.button if b.label == "办理").click().run()
    assert [e.value for e in at.error] == ["没有编号为 1 的演练"]
    at.run()
    at.run()  # two refreshes
    assert [e.value for e in at.error] == ["没有编号为 1 的演练"]
    monkeypatch.setattr(control, "act", act)
    next(b for b in at.button if b.label == "办理").click().run()  # acting again: done, the refusal gone
    assert not at.exception and not at.error and at.success
