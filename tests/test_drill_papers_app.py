"""The drill's papers on the pages (AppTest): the script to download, objectives met live,
the improvement plan and its What-if draft, and a fork that opens in the console."""

from __future__ import annotations

import re

import pytest

from sim.drills import control, db, findings, improvement, objectives
from test_drills_app import ODD_NUMBERS, SCENARIO, drill, page  # noqa: F401  (fixture)


def test_the_console_offers_the_scenarios_drill_plan_and_script(drill):
    at = page("facilitator")
    at.selectbox(key="new_scenario").set_value(SCENARIO).run()
    keys = {b.key for b in at.get("download_button")}
    assert {"script_md", "script_html", "script_xlsx"} <= keys


def test_the_console_shows_each_objective_met_so_far(drill):
    engine, made = drill
    control.act(engine, made.id, role="power_company", key=made.keys["power_company"], kind="warning_step",
                args={"step": "warning.propose"})
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    bars = [p.proto.text for p in at.get("progress")]
    assert any("检验预警的提出、研判、审批和发布流程（4.2.1） · 1 / 1 项达成" in b for b in bars), bars


def test_participants_see_the_objectives_only_when_the_facilitator_allows(drill):
    engine, made = drill
    link = {"drill": str(made.id), "role": "power_company", "key": made.keys["power_company"]}
    at = page("participant", **link)
    assert not at.get("progress")
    objectives.share(engine, made.id, True, key=made.facilitator_key)
    at = page("participant", **link)
    assert any("项达成" in p.proto.text for p in at.get("progress"))


def test_the_facilitator_files_the_findings_and_an_item_about_the_plan_opens_a_whatif_draft(drill):
    engine, made = drill
    drill_id = made.id
    control.advance(engine, drill_id, key=made.facilitator_key, to_end=True)
    at = page("facilitator", drill=str(drill_id), key=made.facilitator_key)
    at.button(key=f"file_{drill_id}").click().run()
    assert not at.exception
    items = improvement.listing(engine, drill_id=drill_id)
    assert f"本演练共有 {len(items)} 个改进项（facilitator，07-19 12:00）" in [s.value for s in at.success]
    assert items and any(i.attribution == "plan" for i in items)
    first = items[0]
    at.selectbox(key=f"status_{first.id}").set_value("closed").run()
    at.button(key=f"update_{first.id}").click().run()
    assert improvement.get(engine, first.id).status == "closed"
    assert f"改进项 #{first.id} 已更新（facilitator，07-19 12:00）" in [s.value for s in at.success]
    plan_item = next(i for i in items if i.attribution == "plan")
    assert any(f"whatif?improvement={plan_item.id}" in m.value for m in at.markdown)
    whatif = page("whatif", improvement=str(plan_item.id))
    assert any(f"#{plan_item.id}" in i.value and plan_item.clause in i.value for i in whatif.info)
    assert whatif.selectbox(key="whatif.plan").value == "guyang-blackout-2023"
    bad = page("whatif", improvement="999")
    assert any("999" in e.value for e in bad.error)


def test_a_fork_made_on_the_console_opens_there(drill):
    engine, made = drill
    drill_id = made.id
    control.advance(engine, drill_id, key=made.facilitator_key, hours=5)
    at = page("facilitator", drill=str(drill_id), key=made.facilitator_key)
    form_inputs = [w for w in at.text_input if w.label.startswith("时刻")]
    form_inputs[0].set_value("07-18 14:00")
    next(b for b in at.button if b.label == "重演").click().run()
    assert not at.exception
    forked = max(d["id"] for d in db.list_drills(engine))
    assert forked != drill_id and at.selectbox(key="facilitator_drill").value == forked
    assert db.load_drill(engine, forked).clock.now() == 2.0
    # the fork opens with its own facilitator's key, and its links are shown once
    assert at.query_params["drill"] == str(forked) and db.key_holder(engine, forked, at.query_params["key"])[0] is None
    assert any(f"/participant?drill={forked}&role=power_company&key=" in c.value for c in at.code)


def test_the_facilitator_edits_the_objectives_by_name_and_a_bad_edit_is_refused(drill):
    engine, made = drill
    drill_id = made.id
    at = page("facilitator", drill=str(drill_id), key=made.facilitator_key)
    kinds = at.multiselect(key=f"objective_{drill_id}_0_kinds")
    assert kinds.format_func("warning_step") == "预警发布环节"  # names, never ids
    at.text_input(key=f"objective_{drill_id}_0_zh").set_value("检验预警发布")
    at.text_input(key=f"objective_{drill_id}_4_zh").set_value("首报")
    at.multiselect(key=f"objective_{drill_id}_4_kinds").set_value(["report"])
    at.multiselect(key=f"objective_{drill_id}_4_units").set_value(["power_company"])
    next(b for b in at.button if b.label == "保存目标").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "已保存 5 个目标（facilitator，07-18 12:00）" in [s.value for s in at.success]
    state, _, _ = control.assess(engine, drill_id)
    saved = objectives.of_drill(engine, drill_id, state.inputs.scenario)
    assert [o.key for o in saved] == ["warning", "reporting", "command", "restoration", "objective-5"]
    assert saved[0].text["zh"] == "检验预警发布" and saved[-1].units == ("power_company",)
    at.multiselect(key=f"objective_{drill_id}_1_kinds").set_value([])
    next(b for b in at.button if b.label == "保存目标").click().run()
    assert [e.value for e in at.error] == [f"目标“{saved[1].text['zh']}”未关联任何行动：请至少选择一种行动"]
    assert len(objectives.of_drill(engine, drill_id, state.inputs.scenario)) == 5


def test_the_objectives_editor_shows_no_keys_and_asks_for_at_least_one_action_but_no_unit(drill):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    state, _, _ = control.assess(engine, made.id)
    goals = objectives.of_drill(engine, made.id, state.inputs.scenario)
    shown = [w.value for w in at.text_input if w.key and w.key.startswith(f"objective_{made.id}_")]
    assert not {g.key for g in goals} & set(shown)  # the keys are nowhere to be typed or read
    assert {g.text["zh"] for g in goals} <= set(shown)
    actions = at.multiselect(key=f"objective_{made.id}_0_kinds")
    units = at.multiselect(key=f"objective_{made.id}_0_units")
    assert actions.proto.placeholder == "至少选择一种行动" and units.proto.placeholder == "留空为全部"
    english = page("facilitator", drill=str(made.id), key=made.facilitator_key, lang="en")
    english.multiselect(key=f"objective_{made.id}_0_kinds").set_value([])
    next(b for b in english.button if b.label == "Save the objectives").click().run()
    assert [e.value for e in english.error] == [
        f"objective “{goals[0].text['en']}” is tied to no kind of action: pick at least one"]


def test_the_facilitator_sharing_the_objectives_is_confirmed_with_who_and_when(drill):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    at.toggle(key=f"share_{made.id}").set_value(True).run()
    assert objectives.shared(engine, made.id)
    assert "参演人员现在可见目标达成情况（facilitator，07-18 12:00）" in [s.value for s in at.success]


def test_a_fork_shows_the_open_items_it_carries_from_its_original_and_not_those_found_after_the_fork(drill):
    from sim.drills import fork

    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    state, key, evaluation = control.assess(engine, made.id)
    found = findings.findings(state, key, evaluation)
    items = improvement.file(engine, made.id, found, state.inputs.plan, key=made.facilitator_key)
    when = {f.key: f.t_h for f in found}
    forked = fork.fork(engine, made.id, 2.0, key=made.facilitator_key)
    at = page("facilitator", drill=str(forked.id), key=forked.facilitator_key)
    shown = " ".join(m.value for m in at.markdown)
    reached = [i for i in items if when[i.finding] <= 2.0]
    beyond = [i for i in items if when[i.finding] > 2.0]
    assert reached and beyond
    carried = {int(n) for n in re.findall(r"承接原演练改进项 #(\d+)", shown)}
    assert carried == {i.id for i in reached}  # none of the items found after 07-18 14:00


def _downloads(monkeypatch) -> dict[str, bytes]:
    """Every file the pages hand to a download button, last bytes by file name (AppTest keeps
    them only while the page runs, so they are caught as they are stored)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored: dict[str, bytes] = {}
    keep = MemoryMediaFileStorage.load_and_get_id

    def catch(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes) and filename:
            stored[filename] = path_or_data
        return keep(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", catch)
    return stored


def _item_row(report: bytes, item_id: int) -> str:
    return next(line for line in report.decode("utf-8").splitlines() if line.startswith(f"| #{item_id} |"))


def test_the_report_downloaded_right_after_an_item_is_updated_shows_the_update(drill, monkeypatch):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    downloads = _downloads(monkeypatch)
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    at.button(key=f"file_{made.id}").click().run()
    first = improvement.listing(engine, drill_id=made.id)[0]
    assert _item_row(downloads[f"drill-{made.id}-report.md"], first.id).endswith("| 待整改 |")
    at.selectbox(key=f"status_{first.id}").set_value("closed").run()
    at.button(key=f"update_{first.id}").click().run()
    assert improvement.get(engine, first.id).status == "closed"
    assert _item_row(downloads[f"drill-{made.id}-report.md"], first.id).endswith("| 已完成 |")
    assert f"#{first.id}" in downloads[f"drill-{made.id}-report.html"].decode("utf-8")


def test_a_fork_made_on_the_console_shows_each_links_holder_on_the_page_and_the_sheet(drill, monkeypatch):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=5)
    downloads = _downloads(monkeypatch)
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    next(w for w in at.text_input if w.label.startswith("时刻")).set_value("07-18 14:00")
    next(b for b in at.button if b.label == "重演").click().run()
    forked = max(d["id"] for d in db.list_drills(engine))
    blocks = [m.value for m in at.markdown if m.value.startswith("**") and " · " in m.value]
    assert any(b.endswith(" · Ann") for b in blocks) and any(b.endswith(" · Bo") for b in blocks), blocks
    sheet = downloads[f"drill-{forked}-links.html"].decode("utf-8")
    assert "参演人员：Ann" in sheet and "参演人员：Bo" in sheet


def test_the_plan_revision_link_opens_the_whatif_draft_in_the_pages_language(drill):
    from urllib.parse import parse_qs, urlparse

    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    state, key, evaluation = control.assess(engine, made.id)
    improvement.file(engine, made.id, findings.findings(state, key, evaluation), state.inputs.plan,
                     key=made.facilitator_key)
    plan_item = next(i for i in improvement.listing(engine, drill_id=made.id) if i.attribution == "plan")
    for language, words in (("zh", "在假设分析页起草预案修订"), ("en", "Draft a plan revision on the What-if page")):
        at = page("facilitator", drill=str(made.id), key=made.facilitator_key, lang=language)
        shown = next(m.value for m in at.markdown if f"[{words}](whatif?" in m.value)
        link = shown.split(f"[{words}](", 1)[1].split(")", 1)[0]
        query = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}
        assert query == {"improvement": str(plan_item.id), "lang": language}
    whatif = page("whatif", **query)
    assert any(i.value.startswith(f"Drafting a plan revision for improvement item #{plan_item.id} ") for i in whatif.info), [i.value for i in whatif.info]


def test_a_fork_made_on_an_english_console_without_a_name_is_named_in_english(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=5)
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key, lang="en")
    next(b for b in at.button if b.label == "Fork").click().run()
    assert not at.exception
    forked = max(d["id"] for d in db.list_drills(engine))
    assert db.load_drill(engine, forked).name == "Page drill (replayed from 07-18 17:00)"


def test_the_msel_workbook_offered_on_the_console_is_in_the_pages_language(drill, monkeypatch):
    import io

    from openpyxl import load_workbook

    downloads = _downloads(monkeypatch)
    for language, head in (("zh", "时间"), ("en", "Time")):
        at = page("facilitator", lang=language)
        at.selectbox(key="new_scenario").set_value(SCENARIO).run()
        book = load_workbook(io.BytesIO(downloads[f"{SCENARIO.stem}-msel.xlsx"]))
        assert book.active["C1"].value == head


def test_a_forks_name_that_turns_right_to_left_is_refused_on_the_console_with_the_form_kept(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=5)
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    moment = next(w for w in at.text_input if w.label.startswith("时刻"))
    moment.set_value("07-18 14:00")
    name = next(w for w in at.text_input if w.label == "新演练名称（可留空）")
    name.set_value("重演\u202e一次")
    next(b for b in at.button if b.label == "重演").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["新演练名称（可留空）：第 3 个字符是改变文字显示方向的不可见控制字符 U+202E，请删除后重新输入"]
    assert [d["id"] for d in db.list_drills(engine)] == [made.id]  # nothing forked
    assert next(w for w in at.text_input if w.label == "新演练名称（可留空）").value == "重演\u202e一次"
    assert next(w for w in at.text_input if w.label.startswith("时刻")).value == "07-18 14:00"


def test_an_objective_with_a_nul_is_refused_by_its_row_and_box_and_the_objectives_stay_as_they_were(drill):
    engine, made = drill
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    state, _, _ = control.assess(engine, made.id)
    before = objectives.of_drill(engine, made.id, state.inputs.scenario)
    at.text_input(key=f"objective_{made.id}_1_zh").set_value("按时\0报告")
    next(b for b in at.button if b.label == "保存目标").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["第 2 行的目标（中文）：第 3 个字符是空字符（NUL）"]
    assert objectives.of_drill(engine, made.id, state.inputs.scenario) == before
    assert at.text_input(key=f"objective_{made.id}_1_zh").value == "按时\0报告"  # the form keeps what was typed


def test_a_fork_moment_that_is_no_time_is_refused_by_its_fields_label_as_every_fork_refusal_is(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, hours=5)
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    said = []
    for typed in ("明天", "07-18 25:00", "07-20 12:00"):
        next(w for w in at.text_input if w.label.startswith("时刻")).set_value(typed)
        next(b for b in at.button if b.label == "重演").click().run()
        assert not at.exception
        said += [e.value for e in at.error]
    assert len(said) == 3 and all(s.startswith("时刻（月-日 时:分）：") for s in said), said
    assert "明天" in said[0] and "07-18 25:00" in said[1]
    assert [d["id"] for d in db.list_drills(engine)] == [made.id]  # nothing forked


def test_each_improvement_item_on_the_console_says_what_was_found_before_what_to_do(drill):
    engine, made = drill
    control.advance(engine, made.id, key=made.facilitator_key, to_end=True)
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key)
    at.button(key=f"file_{made.id}").click().run()
    items = improvement.listing(engine, drill_id=made.id)
    lines = [m.value for m in at.markdown if m.value.startswith("**#")]
    assert len(lines) == len(items) > 1
    for item, line in zip(items, lines):
        assert "发现：" in line and line.index("发现：") < line.rindex(item.action["zh"][:6]), line


@pytest.mark.parametrize("wanted", ODD_NUMBERS, ids=lambda w: w[:12])
def test_a_whatif_link_whose_number_is_no_improvement_items_says_so_without_a_traceback_or_a_link(drill, wanted):
    at = page("whatif", improvement=wanted)  # page() asserts no exception
    [said] = [e.value for e in at.error]
    assert said.startswith("没有编号为 ") and said.endswith(" 的改进项，请检查链接。"), said
    assert len(said) < 80 and "[点我](" not in said


def test_the_console_of_a_drill_stored_with_a_grace_past_every_calendar_still_hands_out_its_report(drill, monkeypatch):
    from sqlalchemy import update

    engine, made = drill
    with engine.begin() as connection:  # as a drill made before grace was bounded keeps it
        connection.execute(update(db.drills).where(db.drills.c.id == made.id).values(settings={"grace_h": 1e308}))
    control.advance(engine, made.id, key=made.facilitator_key, hours=4)
    downloads = _downloads(monkeypatch)
    at = page("facilitator", drill=str(made.id), key=made.facilitator_key, lang="en")
    assert not at.exception
    assert "- **Grace for steps without a time of their own**: 100000 h\n" in (
        downloads[f"drill-{made.id}-report.md"].decode("utf-8"))
