"""The Plans page, driven through Streamlit's AppTest: tables show the plan files' own rules."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import app
from sim.inputs import layout
from sim.inputs.loader import load_plans
from sim.plan import BanNotice, ResponsePlan
from sim.ui.describe import criterion_text
from sim.ui.describe import task_text, trigger_text
from sim.ui.plans_page import steps_as_taken, unit_duties
from sim.ui.table_layout import unbroken
from sim.ui.widgets import markdown_plain
from sim.messages import text

ROOT = Path(__file__).resolve().parent.parent
#: Every plan the project ships, the county's and the examples', in the order the page lists them.
PLANS = load_plans([ROOT / "plans", ROOT / "plans" / "examples"])
RESPONSE = [p for p, plan in PLANS.items() if isinstance(plan, ResponsePlan)]
BANS = [p for p, plan in PLANS.items() if isinstance(plan, BanNotice)]


def show(at: AppTest, plan_id: str, section: str) -> AppTest:
    at.selectbox(key="plans.plan").set_value(plan_id).run()
    kind = "response" if isinstance(PLANS[plan_id], ResponsePlan) else "ban"
    at.button_group(key=f"plans.section.{kind}").set_value(section).run()
    assert not at.exception
    return at


def test_default_page_lists_every_shipped_plan_the_examples_of_other_governments_too_response_plans_first():
    at = app(timeout=60)
    assert at.title[0].value == "预案"
    options = at.selectbox(key="plans.plan").options
    assert options == [f"{PLANS[p].title.zh} · {PLANS[p].title.en}" for p in [*RESPONSE, *BANS]]


@pytest.mark.parametrize("plan_id", RESPONSE)
def test_severity_levels_table_has_names_criteria_and_clauses(plan_id):
    plan = PLANS[plan_id]
    at = show(app(timeout=60), plan_id, "plans.levels")
    levels = at.dataframe[0].value
    assert list(levels["级别"]) == [level.name.zh for level in plan.severity_levels]
    assert list(levels["级别（English）"]) == [level.name.en for level in plan.severity_levels]
    assert list(levels["判定条件"]) == [criterion_text(level.criteria, plan, "zh") for level in plan.severity_levels]
    assert list(levels["条款"]) == [level.source.at("zh", clause_first=True) if level.source else ""
                                  for level in plan.severity_levels]  # a table gives the clause before a title
    assert len(at.get("plotly_chart")) == 1  # the threshold bands


def test_language_switch_relabels_the_page_and_puts_english_first():
    plan = PLANS[RESPONSE[0]]
    at = show(app(timeout=60), RESPONSE[0], "plans.levels")
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Plans"
    levels = at.dataframe[0].value
    assert list(levels["Level"]) == [level.name.en for level in plan.severity_levels]
    assert list(levels["Level (中文)"]) == [level.name.zh for level in plan.severity_levels]
    assert "Clause" in levels.columns
    # the section choice survives the switch
    assert at.button_group(key="plans.section.response").value == "plans.levels"


def test_response_levels_name_their_commanders_as_alternatives_and_who_adjusts():
    plan = PLANS[RESPONSE[0]]
    units = {u.id: u.name.zh for u in plan.units}
    at = show(app(timeout=60), RESPONSE[0], "plans.response")
    table = at.dataframe[0].value
    rows = table.to_dict("records")
    for row, level in zip(rows, plan.response_levels):
        assert row["级别"] == level.name.zh
        assert row["指挥"] == "或".join(units[c] for c in level.commanders)
    assert rows[-1]["指挥"] == "固阳县人民政府或" + units["town_government"]  # 县 or 镇, not both
    assert [row["调整级别由"] for row in rows] == [
        units["headquarters"], units["county_government"], "固阳县人民政府或" + units["town_government"]]


def units_shown(at: AppTest) -> list[str]:
    """The Markdown of each unit the duties section shows: its name in bold, then in grey the other
    language's and its kind."""
    return [m.value for m in at.main.markdown if re.match(r"\*\*[^*\n]+\*\* :gray\[", m.value)]


def test_duty_search_shows_the_units_whose_name_or_duties_hold_the_words_searched_for():
    plan = PLANS[RESPONSE[0]]
    unit = next(u for u in plan.units if u.duties)
    at = show(app(timeout=60), RESPONSE[0], "plans.duties")
    assert len(units_shown(at)) == len(plan.units)
    assert text("plans.n_duties", "zh", n=sum(len(u.duties) for u in plan.units)) in [c.value for c in at.caption]
    at.text_input(key="plans.duties.search").set_value(unit.name.zh).run()
    found = units_shown(at)
    assert 1 < len(found) < len(plan.units)
    (own,) = [block for block in found if block.startswith(f"**{markdown_plain(unit.name.zh)}**")]
    assert [f"**{i}.** {markdown_plain(d.text.zh)}" in own for i, d in enumerate(unit.duties, 1)] == [True] * len(unit.duties)
    # another unit is shown for its duties whose words name the unit searched for
    assert all(markdown_plain(unit.name.zh) in block.partition("\n\n")[2] for block in found if block != own)
    assert [u.id for u, _ in unit_duties(plan, unit.name.zh, "zh")][0] == unit.id


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_duty_is_shown_whole_with_the_other_language_when_it_starts_what_it_takes_and_its_clause(language):
    plan = PLANS["guyang-blackout-2023"]
    at = show(app(timeout=60), "guyang-blackout-2023", "plans.duties")
    if language == "en":
        at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.dataframe  # no table cell cuts a duty short
    page = "\n".join(units_shown(at))
    other = "en" if language == "zh" else "zh"
    for unit in plan.units:
        for duty in unit.duties:
            for words in (getattr(duty.text, language), getattr(duty.text, other), duty.source.at(language), duty.source.quote,
                          trigger_text(duty.trigger, plan, language), task_text(duty.task, plan, language)):
                assert unbroken(markdown_plain(words)) in page, (duty.id, words)  # a number joined to its unit
    bare = next(u for u in plan.units if not u.duties and u.source)
    block = next(b for b in units_shown(at) if b.startswith(f"**{markdown_plain(getattr(bare.name, language))}**"))
    assert markdown_plain(text("plans.no_duties", language)) in block and markdown_plain(bare.source.quote) in block


def test_command_structure_and_reporting_chain_are_drawn():
    plan = PLANS[RESPONSE[0]]
    at = show(app(timeout=60), RESPONSE[0], "plans.command")
    dot = at.get("graphviz_chart")[0].proto.spec
    for member in plan.headquarters.members:
        assert f'"u:{member}"' in dot
    duties = "\n".join(m.value for m in at.markdown)
    assert all(f"**{i}.** {markdown_plain(d.text.zh)}" in duties for i, d in enumerate(plan.headquarters.duties, 1))
    at = show(at, RESPONSE[0], "plans.reporting")
    dot = at.get("graphviz_chart")[0].proto.spec
    for hop in plan.reporting.hops:
        for target in hop.to:
            assert f'"{hop.from_}" -> "{target}"' in dot
    hops = at.dataframe[0].value
    assert list(hops["环节"]) == list(range(1, len(plan.reporting.hops) + 1))  # numbered, not ids
    assert list(hops["报告单位"]) == [next(u.name.zh for u in plan.units if u.id == hop.from_) for hop in plan.reporting.hops]


@pytest.mark.parametrize("plan_id", BANS)
def test_ban_calendar_and_zones(plan_id):
    plan = PLANS[plan_id]
    at = show(app(timeout=60), plan_id, "plans.calendar")
    periods = at.dataframe[0].value if plan.periods else None
    if plan.periods:
        assert list(periods["名称"]) == [p.name.zh for p in plan.periods]
        assert len(at.get("plotly_chart")) == 1
    at = show(at, plan_id, "plans.zones")
    if plan.zones:
        zones = at.dataframe[0].value
        assert list(zones["名称"]) == [z.name.zh for z in plan.zones]
        # the roads traced round a zone, joined as the notice and `zones` join them
        assert list(zones["四至道路"]) == ["——".join(b.zh for b in z.boundary) for z in plan.zones]
    else:
        assert not at.dataframe
        assert at.info[0].value == "本通告不划定具体区域，规定适用于整个辖区。"


def test_rules_carry_clause_and_quote():
    plan_id = next(p for p in BANS if PLANS[p].rules[0].source)
    plan = PLANS[plan_id]
    at = show(app(timeout=60), plan_id, "plans.rules")
    rules = at.dataframe[0].value
    assert list(rules["条款"]) == [r.source.clause for r in plan.rules]
    assert all(r.source.quote in quote for r, quote in zip(plan.rules, rules["原文"]))


def test_a_broken_plan_file_is_reported_with_its_line_not_raised(tmp_path, monkeypatch):
    good = ROOT / "plans" / f"{BANS[0]}.yaml"
    shutil.copy(good, tmp_path / good.name)
    broken = tmp_path / "broken-plan.yaml"
    broken.write_text("id: broken-plan\nkind: ban_notice\ntitle: {zh: 坏, en: bad}\n  oops: [\n", encoding="utf-8")
    monkeypatch.setenv(layout.LIBRARY_ENV, str(tmp_path))
    at = app(timeout=60)
    assert not at.exception
    assert "broken-plan.yaml:4:" in at.error[0].value
    assert at.selectbox(key="plans.plan").options == [f"{PLANS[BANS[0]].title.zh} · {PLANS[BANS[0]].title.en}"]


SEEDS = Path(os.environ.get("TUIYAN_SEEDS", ROOT.parent / "shared" / "seeds"))


@pytest.mark.parametrize("plan_id, language", [(RESPONSE[0], "zh"), (BANS[0], "en")])
def test_coverage_section_shows_each_clause_with_its_rules_or_why_not_modelled(plan_id, language, monkeypatch):
    if not SEEDS.is_dir():
        pytest.skip("source gazettes not available (set TUIYAN_SEEDS)")
    monkeypatch.setenv("TUIYAN_SOURCES", str(SEEDS))
    at = show(app(timeout=60), plan_id, "plans.coverage")
    if language == "en":
        at.sidebar.radio(key="lang").set_value("en").run()
    clauses = at.dataframe[0].value
    if language == "zh":
        assert any("覆盖率 100.0 %" in m.value for m in at.markdown)
        rows = dict(zip(clauses["条款"], clauses["状态"]))
        assert rows["1.1"] == "未建模" and rows["5.4(4)"] == "有规则引用"
        carried = dict(zip(clauses["条款"], clauses["承载的规则，或未建模的原因"]))
        assert carried["1.1"].startswith("无可模拟的内容：")
    else:
        assert any("Coverage 100.0 %" in m.value for m in at.markdown)
        carried = dict(zip(clauses["Clause"], clauses["Rules that carry it, or why it is not modelled"]))
        assert set(clauses["Status"]) <= {"Cited by rules", "Not modelled", "Heading only"}
        assert all(carried[c] for c, s in zip(clauses["Clause"], clauses["Status"]) if s != "Heading only")
    assert not at.error


def test_coverage_without_a_gazette_says_how_to_give_one(monkeypatch):
    monkeypatch.setenv("TUIYAN_SOURCES", "")
    at = show(app(timeout=60), BANS[0], "plans.coverage")
    assert "TUIYAN_SOURCES" in at.info[0].value


def test_an_uploaded_gazette_that_is_not_utf8_is_said_at_its_line_in_the_readers_language_not_a_traceback(
        monkeypatch):
    monkeypatch.setenv("TUIYAN_SOURCES", "")
    at = show(app(timeout=60), RESPONSE[0], "plans.coverage")
    gazette = "固阳县大面积停电事件应急预案\n1 总则\n1.1 编制目的\n".encode("gbk")
    at.file_uploader(key=f"coverage.upload.{RESPONSE[0]}").set_value(("gazette.txt", gazette, "text/plain")).run()
    assert not at.exception
    (shown,) = [e.value for e in at.error]
    assert shown.startswith("以下文件无法加载：") and "gazette.txt:1:1: 不是 UTF-8 文本（第 0 字节）" in shown
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert "gazette.txt:1:1: not UTF-8 text (byte 0)" in at.error[0].value
    assert not at.dataframe  # no coverage of a text it could not read


def test_an_uploaded_gazette_that_is_empty_is_said_to_be_empty_in_the_readers_language(monkeypatch):
    monkeypatch.setenv("TUIYAN_SOURCES", "")
    at = show(app(timeout=60), RESPONSE[0], "plans.coverage")
    at.file_uploader(key=f"coverage.upload.{RESPONSE[0]}").set_value(("gazette.txt", b"", "text/plain")).run()
    assert not at.exception
    (shown,) = [e.value for e in at.error]
    assert "gazette.txt: 文件是空的" in shown and "文本中没有该预案的文件" not in shown
    at.sidebar.radio(key="lang").set_value("en").run()
    assert "gazette.txt: the file is empty" in at.error[0].value
    assert not at.dataframe


def test_the_activities_table_names_the_category_each_listed_activity_belongs_to():
    plan = PLANS["guyang-fire-ban-2023"]
    at = show(app(timeout=60), plan.id, "plans.rules")
    activities = at.dataframe[1].value
    kinds = dict(zip(activities["名称"], activities["所属类别（“等一切……活动”）"]))
    category = next(a for a in plan.activities if a.id == plan.rules[0].prohibited[0])
    paper = next(a for a in plan.activities if a.id == "tomb_paper_burning")
    assert kinds[paper.name.zh] == category.name.zh and kinds[category.name.zh] == ""


def test_a_yes_no_metric_and_a_count_read_in_the_readers_language():
    from sim.ui.describe import metric_unit

    assert metric_unit("bool", "zh") == "是/否（1 或 0）" and metric_unit("bool", "en") == "yes/no (1 or 0)"
    assert metric_unit("count", "zh") == "个数" and metric_unit("%", "zh") == "%"


@pytest.mark.parametrize("language, expected", [("zh", "事件级别为重大大面积停电事件"),
                                                ("en", "Severity is Major large-area blackout")])
def test_a_reporting_hop_held_for_a_severity_names_the_level_not_its_id(language, expected):
    plan = PLANS["guyang-blackout-2023"]
    conditions = [criterion_text(hop.only_if, plan, language) for hop in plan.reporting.hops if hop.only_if]
    assert conditions == [expected]


@pytest.mark.parametrize("language, half_hour, decimal", [("zh", "30 分钟", "0.5 小时"), ("en", "30 min", "0.5 h")])
def test_the_reporting_chain_gives_its_time_limits_in_hours_and_minutes_not_decimal_hours(language, half_hour, decimal):
    from sim.clock import duration
    from sim.ui.plans_page import reporting_dot

    plan = PLANS[RESPONSE[0]]
    decision = plan.reporting.decision
    dot = reporting_dot(plan, language)
    assert decision.hours == 0.5 and half_hour in dot and decimal not in dot
    for hop in plan.reporting.hops:
        assert f'-> "{hop.to[0]}" [label=<' in dot and f">{duration(hop.hours, language)}" in dot
    if language == "zh":  # the page, as drawn
        at = show(app(timeout=60), RESPONSE[0], "plans.reporting")
        said = next(m.value for m in at.markdown if m.value.startswith(f"**{text('part.decision', language)}**"))
        assert said.endswith(f" · **决策用时**：{unbroken(half_hour)}"), said  # the number joined to its unit


@pytest.mark.parametrize("language, labelled", [("zh", "**决策用时**：1 小时"), ("en", "**Time to decide**: 1 h")])
def test_the_time_a_decision_takes_is_said_under_its_label_not_as_a_bare_length_beside_a_name(language, labelled):
    from sim.ui.plans_page import reporting_dot

    plan = PLANS["guyang-blackout-2023"]
    at = show(app(timeout=60), "guyang-blackout-2023", "plans.response")
    if language == "en":
        at.sidebar.radio(key="lang").set_value("en").run()
    decided = next(m.value for m in at.markdown if f"**{text('common.decided_by', language)}**" in m.value)
    assert plan.adjustment.decision_hours == 1 and decided.endswith(f" · {unbroken(labelled)}"), decided
    node = next(line for line in reporting_dot(plan, language).splitlines() if line.startswith("decision "))
    assert text("plans.decision_time", language) in node


@pytest.mark.parametrize("language, half_hour", [("zh", "30 分钟"), ("en", "30 min")])
def test_the_reporting_table_gives_each_time_limit_as_a_duration_under_a_heading_that_does_not_say_hours(
        language, half_hour):
    from sim.clock import duration

    plan = PLANS[RESPONSE[0]]
    at = show(app(timeout=60), RESPONSE[0], "plans.reporting")
    if language == "en":
        at.sidebar.radio(key="lang").set_value("en").run()
    hops = at.dataframe[0].value
    limits = list(hops[text("plans.time_limit", language)])
    assert limits == [duration(hop.hours, language) for hop in plan.reporting.hops]
    assert limits[0] == half_hour
    assert not [c for c in hops.columns if "小时" in c or "hour" in c.lower()]


def test_a_conditional_hops_label_keeps_room_beside_its_line_for_its_text_as_drawn():
    """Graphviz measures a Chinese label narrower than a browser draws it: the label's cell
    is as wide as the drawn text, with a margin, and its lines start at its left edge."""
    from sim.ui.plans_page import EDGE_FONT, reporting_dot
    from sim.ui.widgets import EDGE_LABEL_MARGIN

    plan = PLANS["guyang-blackout-2023"]
    hop = next(hop for hop in plan.reporting.hops if hop.only_if)
    condition = f"仅当：{criterion_text(hop.only_if, plan, 'zh')}"
    edge = next(line for line in reporting_dot(plan, "zh").splitlines() if f'"{hop.from_}" -> "{hop.to[0]}"' in line)
    assert "style=dashed" in edge and condition in edge and f'cellpadding="{EDGE_LABEL_MARGIN}"' in edge
    width = int(edge.split('width="')[1].split('"')[0])
    assert width >= EDGE_FONT * len(condition) * 0.8  # at least most of an em a character
    assert 'align="left" balign="left"' in edge


def test_in_chinese_every_label_on_the_plans_page_is_followed_by_a_full_width_colon():
    at = app(timeout=60)
    for section in ("plans.levels", "plans.response", "plans.command", "plans.duties", "plans.reporting",
                    "kind.warning", "part.termination"):
        at = show(at, RESPONSE[0], section)
        assert at.button_group(key="plans.section.response").value == section
        said = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
        assert not [s for s in said if "**: " in s or "】: " in s], section
        assert any("**：" in s for s in said), section


@pytest.mark.parametrize("language, other, aside, colon", [("zh", "English", "（{}）", "："), ("en", "中文", " ({})", ": ")])
def test_the_plans_page_writes_its_own_asides_and_labels_with_the_brackets_and_colon_of_the_language_shown(
        language, other, aside, colon):
    plan = PLANS["guyang-blackout-2023"]
    level = next(lv for lv in plan.response_levels if lv.escalation and lv.escalation.requires)
    at = show(app(timeout=60), "guyang-blackout-2023", "plans.response")
    if language == "en":
        at.sidebar.radio(key="lang").set_value("en").run()
    table = at.dataframe[0].value
    assert text("common.level", language) + aside.format(other) in table.columns  # 级别（English）
    row = next(r for r in table.to_dict("records") if r[text("common.level", language)] == getattr(level.name, language))
    escalation = row[text("plans.escalation", language)]
    said, _, requires = escalation.rpartition(aside.format("").rstrip(")）"))
    assert f"{colon}{getattr(level.escalation.text, language)}" in said  # 固阳县人民政府 → …：提请…
    assert requires.startswith(text("plans.requires", language) + colon) and escalation.endswith(aside[-1])
    cited = [c.value for c in at.caption if c.value.startswith(text("common.clause", language))]
    assert cited and all(c.startswith(text("common.clause", language) + colon) for c in cited)


def test_the_warning_steps_say_how_long_each_takes_as_a_duration_not_decimal_hours():
    from sim.clock import duration

    steps = steps_as_taken(PLANS[RESPONSE[0]].warning)
    at = show(app(timeout=60), RESPONSE[0], "kind.warning")
    said = list(at.dataframe[0].value[text("common.duration", "zh")])
    assert said == [duration(step.hours, "zh") for step in steps]
    assert all(cell.endswith(("分钟", "小时")) for cell in said)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_warning_steps_table_numbers_a_step_taken_beside_the_proposal_right_after_it_in_either_language(language):
    """Alerting the key users is taken when the forecast is made, beside the proposal: listed
    in the plan's order, after the publication, it read as a step of the published warning."""
    warning = PLANS["guyang-blackout-2023"].warning
    at = show(app(timeout=60), "guyang-blackout-2023", "kind.warning")
    if language == "en":
        at.sidebar.radio(key="lang").set_value("en").run()
    steps = at.dataframe[0].value
    said = [getattr(step.text, language) for step in steps_as_taken(warning)]
    assert list(steps[text("common.text", language)]) == said
    assert list(steps[text("plans.step", language)]) == list(range(1, len(warning.steps()) + 1))
    numbers = dict(zip(steps[text("common.text", language)], steps[text("plans.step", language)]))
    proposal, published = (getattr(step.text, language) for step in (warning.issue[0], warning.issue[-1]))
    (alert,) = (getattr(step.text, language) for step in warning.alongside)
    assert numbers[proposal] == 1 and numbers[alert] == 2 < numbers[published]


def test_a_plans_own_markdown_marks_are_written_to_be_shown_as_they_are():
    said = r"*注意* 罚款 $500 至 $1000 [见附件_2] <b> ~x~ `y` a\b"
    written = markdown_plain(said)
    assert re.sub(r"\\(.)", r"\1", written) == said  # the reader sees every character as written
    assert not re.search(r"(?<!\\)[*_$\[\]<~`]", written.replace("\\\\", ""))  # none of them read as a mark
    assert "\\<b>" in written  # a tag's ``<`` escaped, its ``>`` is no mark: no HTML
    assert markdown_plain("1. 第一条（见 4.2）- 30 分钟") == "1. 第一条（见 4.2）- 30 分钟"  # marks of a line's start stay


#: How GitHub-flavoured Markdown, as the pages draw it, finds addresses in a text once its
#: backslash escapes are read (mdast-util-gfm-autolink-literal's two patterns).
GFM_ADDRESS = re.compile(r"(https?://|www(?=\.))([-.\w]+)|(?<![-.\w+])[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.I)


@pytest.mark.parametrize("typed", ["see https://evil.example/x", "www.evil.example", "mail a@evil.example",
                                   "[点我](http://evil.example)", "HTTP://EVIL.EXAMPLE"])
def test_an_address_a_person_typed_is_no_address_once_the_pages_markdown_reads_its_escapes(typed):
    written = markdown_plain(typed)
    read = re.sub(r"\\(.)", r"\1", written)  # what the Markdown reads after its escapes
    assert not GFM_ADDRESS.search(read), read
    assert read.replace("\u2060", "") == typed  # and still shows every character as typed


def test_the_headquarters_duties_include_those_written_under_the_unit_it_acts_as():
    from sim.inputs.loader import load_plan

    county = load_plan(ROOT / "plans" / "examples" / "liangshan-blackout-2023.yaml", require_stem=False)
    assert [d.id for d in county.headquarters_duties()] == ["county_headquarters.assessment"]
    for plan in (PLANS[p] for p in RESPONSE):
        assert [d.id for d in plan.headquarters_duties()][:len(plan.headquarters.duties)] == [
            d.id for d in plan.headquarters.duties]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_plan_that_does_not_say_where_its_document_lies_says_so_in_words_without_the_key_it_lacks(language):
    plan_id = next(p for p in RESPONSE if PLANS[p].source_text is None)
    at = show(app(timeout=60), plan_id, "plans.coverage")
    if language == "en":
        at.sidebar.radio(key="lang").set_value("en").run()
    said = [i.value for i in at.info]
    assert said == [text("coverage.no_extent", language)] and "source_text" not in said[0]


def test_a_ban_rule_whose_notice_sets_no_penalty_and_a_rule_with_no_period_say_so_on_the_plans_page():
    fireworks, straw = PLANS["baotou-fireworks-ban-2024"], PLANS["guyang-straw-burning-ban-2023"]
    at = show(app(timeout=60), fireworks.id, "plans.rules")
    rows = at.dataframe[0].value.to_dict("records")
    assert rows[0]["处罚"].startswith("本通告未规定处罚") and "《中华人民共和国大气污染防治法》" in rows[0]["处罚"]
    assert any(fireworks.document.assumption.zh in c.value for c in at.caption)  # what its dates rest on
    at = show(at, straw.id, "plans.rules")
    rows = at.dataframe[0].value.to_dict("records")
    assert rows[0]["时段"] == "每天（通告未规定时段）"
    assert any(straw.document.assumption.zh in c.value for c in at.caption)


@pytest.mark.parametrize("language, label", [("zh", "说明："), ("en", "Note: ")])
def test_how_a_plan_reads_its_own_words_as_criteria_is_shown_beside_them_in_the_readers_language(language, label):
    """A group of criteria carries a note in both languages (“可能造成大面积停电事件” read as
    a forecast reaching the general level): the warning's trigger, the discretion and the
    levels table show it under its label, in the language chosen."""
    def shown(plan_id: str, section: str) -> AppTest:
        at = show(app(timeout=60), plan_id, section)
        if language == "en":  # the section chosen first: it survives the switch
            at.sidebar.radio(key="lang").set_value("en").run()
        return at

    plan = PLANS["guyang-blackout-2023"]
    captions = [c.value for c in shown("guyang-blackout-2023", "kind.warning").caption]
    for note in (plan.warning.trigger.note, plan.warning.escalate_if.note):
        assert f"{label}{getattr(note, language)}" in captions
    captions = [c.value for c in shown("guyang-blackout-2023", "plans.response").caption]
    assert f"{label}{getattr(plan.discretion.criteria.note, language)}" in captions
    at = shown("gansu-blackout-2016", "plans.levels")
    levels = next(d.value for d in at.dataframe if label.rstrip("：: ") in d.value.columns)
    noted = [said for said in levels[label.rstrip("：: ")] if said]
    assert len(noted) == 1 and noted[0].startswith(label) and ("重要发电厂" in noted[0]) == (language == "zh")


def test_what_the_plan_leaves_to_the_unit_is_said_beside_the_duty_and_in_the_steps_tables():
    at = show(app(timeout=60), "guyang-blackout-2023", "plans.duties")
    blocks = units_shown(at)
    said = markdown_plain(text("plans.left_to_unit", "zh"))
    conference = next(b for b in blocks if "必要时召开新闻发布会" in b)
    assert conference.count(said) == 1  # the publicity department's one duty left to it
    cyberspace = next(b for b in blocks if b.startswith("**县委网信办**"))
    assert said not in cyberspace  # none of the cyberspace office's duties is
    at = show(app(timeout=60), "guyang-blackout-2023", "kind.warning")
    table = at.dataframe[0].value
    calls = dict(zip(table[text("common.text", "zh")], table[text("plans.requires", "zh")]))
    left = ("县人民政府批准发布预警", "视情通知重要电力用户")
    assert [calls[step] for step in left] == [text("plans.may_decline", "zh")] * 2
    assert not any(text("plans.may_decline", "zh") in call for step, call in calls.items() if step not in left)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_steps_table_says_the_units_call_first_among_what_a_step_requires_and_opens_the_original_text_with_its_clause(
        language):
    at = show(app(timeout=60), "guyang-blackout-2023", "plans.measures")
    if language == "en":
        at.sidebar.radio(key="lang").set_value("en").run()
    steps = at.dataframe[1].value
    assert list(steps.columns) == [text(key, language) for key in ("plans.step", "common.unit", "common.text")] + [
        text("common.text", language) + text("common.aside", language, text="English" if language == "zh" else "中文")] + [
        text(key, language) for key in ("common.duration", "plans.notify", "plans.requires", "common.clause_quote")]
    rows = {step.id: row for step, (_, row) in zip(PLANS["guyang-blackout-2023"].response_actions, steps.iterrows())}
    requires, cited = text("plans.requires", language), text("common.clause_quote", language)
    # 5.3.2: "where needed" set up an on-scene headquarters, when the scene needs one
    assert rows["county.onsite_headquarters"][requires] == text("plans.may_decline", language) + text(
        "common.clause_sep", language) + ("现场需要统一指挥" if language == "zh" else "The scene needs a command of its own")
    assert rows["county.working_groups"][requires] == text("plans.may_decline", language)
    assert rows["county.consultation"][requires] == ""  # the plan's to do: nothing said
    assert rows["county.working_groups"][cited].startswith(
        text("common.labelled", language, label="5.3.2", text="视情况成立工作组"))


def test_a_steps_table_of_many_long_columns_ends_in_a_desktops_view_in_either_language():
    from sim.ui.table_layout import FIT_PX, column_widths, shown_text

    for language in ("zh", "en"):
        at = show(app(timeout=60), "guyang-blackout-2023", "plans.measures")
        if language == "en":
            at.sidebar.radio(key="lang").set_value("en").run()
        steps = at.dataframe[1].value
        assert sum(column_widths(shown_text(steps)).values()) <= FIT_PX[1]


@pytest.mark.parametrize("language, values, any_number", [("zh", "取值范围", "任意数值"), ("en", "Values it can take", "any number")])
def test_the_metrics_table_lists_the_values_each_figure_can_take_from_its_plan_or_its_unit(language, values,
                                                                                          any_number):
    from sim.ui.describe import metric_values

    plan_id = "national-blackout-2015"
    at = show(app(timeout=60), plan_id, "plans.levels")
    at.sidebar.radio(key="lang").set_value(language).run()
    metrics = at.dataframe[-1].value
    by_id = dict(zip((m.id for m in PLANS[plan_id].metrics), metrics[values]))
    assert (by_id["load_shed_pct"], by_id["grid_load_mw"], by_id["open_secondary_incidents"]) == ("0–100", "≥ 0", "≥ 0")
    unbounded = PLANS[plan_id].metrics[0].model_copy(update={"unit": "mm"})
    assert metric_values(unbounded, language) == any_number
