"""After-action reports: pure functions of a result; every section agrees with the result."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.engine.run import run_scenario
from sim.report import hours_at_levels, html, label, markdown, sections, unit_hours, workloads
from sim.inputs import load_case

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_FILE = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"

pytestmark = pytest.mark.skipif(not SCENARIO_FILE.exists(), reason="the winter ice storm scenario is not shipped")


@pytest.fixture(scope="module")
def run():
    scenario, plans, area = load_case(SCENARIO_FILE)
    return scenario, plans, area, run_scenario(scenario, plans, area, 2)


def test_measures_add_up(run):
    *_, result = run
    hours = hours_at_levels(result)
    summary = result["summary"]
    assert sum(hours.values()) == pytest.approx(summary["terminated_at_h"] - summary["response_started_at_h"])
    loads = workloads(result)
    assert sum(w.unit_hours for w in loads) == pytest.approx(unit_hours(result))
    assert sum(w.tasks for w in loads) == len(result["spans"])
    assert [w.unit_hours for w in loads] == sorted((w.unit_hours for w in loads), reverse=True)


def test_each_units_hours_a_sweep_row_reads_agree_to_the_bit_with_the_reports_workloads(run):
    from sim.engine.run import Simulation
    from sim.report import hours_by_unit
    from sim.sweep.rows import columns, row

    scenario, plans, area, result = run
    by_report = {w.unit: w.unit_hours for w in workloads(result)}
    simulation = Simulation(scenario, plans, area, 2)
    taken, hours = simulation.run().for_row()
    simulation.close()
    assert hours == by_report  # exact: summed in the same order
    assert hours_by_unit((s["unit"], s["start_h"], s["end_h"]) for s in result["spans"]) == by_report
    layout = columns([plans], list(plans), drawn=False)
    assert row(0, 2, (), taken, layout, hours) == row(0, 2, (), result, layout)


def test_sections_follow_the_result(run):
    scenario, plans, area, result = run
    by_title = {s.title: s for s in sections(result, plans=plans, area=area, scenario=scenario, language="en")}
    changes = by_title[label("levels", "en")].rows
    assert len(changes) == len(result["summary"]["level_changes"])
    names = {r.id: r.name.en for r in plans["guyang-blackout-2023"].response_levels}
    assert changes[0][2] == names[result["summary"]["level_changes"][0]["to"]]
    outcome = dict(by_title[label("outcome", "en")].pairs)
    assert outcome[label("measure.max_level", "en")] == names[result["summary"]["max_response_level"]]
    fuel = by_title[label("common.out_of_fuel", "en")].rows
    assert len(fuel) == len(result["summary"]["key_users_out_of_fuel"])


def test_markdown_and_html(run):
    scenario, plans, area, result = run
    md = markdown(result, plans=plans, area=area, scenario=scenario, language="zh")
    assert md.startswith("# 推演总结报告\n")
    assert f"- **随机种子**：{result['seed']}" in md
    assert "## 响应级别变化" in md and "## 单位工作量" in md
    page = html(result, plans=plans, area=area, scenario=scenario, language="en")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<h2>Response level changes</h2>" in page and "@media print" in page
    assert "<script" not in page


def test_the_report_names_each_plan_by_its_title_number_and_issue_date_and_shows_no_digest(run):
    scenario, plans, area, result = run
    for language, line in (("zh", "固阳县大面积停电事件应急预案（2023年版）（2023-06-13发布）"),
                           ("en", "Guyang County Large-Area Blackout Emergency Plan (2023 edition) (issued 2023-06-13)")):
        facts = dict(sections(result, plans=plans, area=area, scenario=scenario, shipped=plans, language=language)[0].pairs)
        assert facts[label("plans", language)] == line
        assert "sha256" not in markdown(result, plans=plans, area=area, scenario=scenario, language=language)
    assert all(len(p["sha256"]) == 64 for p in result["plans"])  # the result keeps the proof


def test_the_report_says_a_plan_was_an_edited_copy_only_when_it_differs_from_the_published_plan(run):
    scenario, plans, area, result = run
    published = plans["guyang-blackout-2023"]
    other = published.model_copy(update={"after_action": []})
    said = lambda shipped, language: dict(sections(  # noqa: E731
        result, plans=plans, shipped=shipped, language=language)[0].pairs)[label("plans", language)]
    assert said({published.id: other}, "zh").endswith("（2023-06-13发布，修改后的副本）")
    assert said({published.id: other}, "en").endswith("(issued 2023-06-13, an edited copy)")
    assert "修改后的副本" not in said({published.id: published}, "zh")
    assert "修改后的副本" not in said(None, "zh")


def test_the_report_names_the_scenario_and_area_and_leaves_them_out_rather_than_show_their_ids(run):
    scenario, plans, area, result = run
    facts = dict(sections(result, plans=plans, area=area, scenario=scenario, language="zh")[0].pairs)
    assert facts[label("common.scenario", "zh")].startswith("冬季冰冻雨雪灾害") and facts[label("area", "zh")].startswith("固阳县")
    bare = dict(sections(result, plans=plans, language="zh")[0].pairs)
    assert label("common.scenario", "zh") not in bare and label("area", "zh") not in bare
    assert not {"winter-ice-storm", "guyang"} & set(bare.values())
    assert label("plans", "zh") in bare


def test_a_plan_with_a_document_number_is_filed_under_it():
    from sim.inputs import load_plans

    notice = load_plans([ROOT / "plans" / "baotou-fireworks-ban-2024.yaml"])
    result = {"plans": [{"id": "baotou-fireworks-ban-2024", "sha256": "0" * 64}]}
    facts = dict(sections(result, plans=notice, language="zh")[0].pairs)
    assert facts[label("plans", "zh")].endswith("（包府发〔2024〕60号，2024-12-24发布）")


def test_markdown_keeps_an_ampersand_as_typed_and_escapes_only_what_would_be_markup():
    from sim.markdown import markdown_plain

    assert markdown_plain("County Bureau of Industry and Science & Technology") == \
        "County Bureau of Industry and Science & Technology"
    assert markdown_plain("<b>x</b> & &amp; 5 < 6") == "\\<b>x\\</b> & \\&amp; 5 < 6"


def test_the_english_drill_script_in_markdown_reads_science_and_technology_with_a_plain_ampersand(capsys):
    from sim.cli import main

    scenario = Path(__file__).resolve().parent.parent / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
    assert main(["drill", "script", str(scenario), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Science & Technology" in out and "&amp;" not in out


def test_report_without_plans_uses_ids_and_escapes_html():
    result = {"events": [{"t_h": 1.0, "unit": "u<1>", "action": "end_response", "source": "5.4", "plan": "p"}],
              "timeseries": [{"t_h": 0.0, "response_level": "I"}], "spans": [], "backup_fuel": {},
              "seed": 7, "summary": {"end_h": 2.0, "max_response_level": "I", "level_changes": []}}
    page = html(result, language="en")
    assert "u&lt;1&gt;" in page and "u<1>" not in page
    md = markdown(result, language="en")
    assert "| +1.0 h | u<1> | Response ended | 5.4 | The response ends (终止应急响应) |" in md  # not a tag: as typed
    assert "- **Highest response level**: I" in md


def test_fire_section_when_the_run_has_fire_bans():
    scenario_file = ROOT / "plans" / "scenarios" / "qingming-tomb-sweeping.yaml"
    if not scenario_file.exists():
        pytest.skip("no fire-ban scenario shipped")
    scenario, plans, area = load_case(scenario_file)
    result = run_scenario(scenario, plans, area, 1)
    fire = result["summary"]["fire"]
    facts = dict(next(s for s in sections(result, plans=plans, language="en") if s.title == label("fire", "en")).pairs)
    assert facts[label("common.fires_started", "en")] == str(fire["fires"]["started"])
    assert facts[label("common.violations", "en")] == str(fire["violations"]["total"])
    assert facts[label("measure.hectares_burned", "en")] == f"{fire['fires']['hectares_burned']:.1f}"


@pytest.mark.parametrize("language, backbone, shed", [("zh", "电网主干网架基本恢复正常 = 是", " = 0 %"),
                                                      ("en", " = yes", " = 0 %")])
def test_the_metrics_at_the_end_say_yes_or_no_and_carry_their_units(run, language, backbone, shed):
    scenario, plans, area, result = run
    assert result["summary"]["final"]["grid_backbone_restored"] == 1 and result["summary"]["final"]["load_shed_pct"] == 0
    by_title = {s.title: s for s in sections(result, plans=plans, area=area, scenario=scenario, language=language)}
    final = dict(by_title[label("outcome", language)].pairs)[label("final", language)]
    assert backbone in final and shed in final and " = 1," not in final and not final.endswith(" = 1")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_lengths_of_time_in_the_report_read_as_hours_and_minutes_not_decimal_hours(run, language):
    from sim.clock import duration

    scenario, plans, area, result = run
    by_title = {s.title: s for s in sections(result, plans=plans, area=area, scenario=scenario, language=language)}
    at_levels = by_title[label("hours_at", language)].rows
    assert at_levels and all(row[1] == duration(hours_at_levels(result)[level], language)
                             for row, level in zip(at_levels, hours_at_levels(result)))
    worked = by_title[label("workload", language)].rows
    assert [row[3] for row in worked] == [duration(w.waited_h, language) for w in workloads(result)]
    assert [row[4] for row in worked] == [duration(w.max_wait_h, language) for w in workloads(result)]
    minutes = "分钟" if language == "zh" else "min"
    assert any(minutes in row[1] or minutes in row[3] for row in at_levels + worked)


@pytest.mark.parametrize("language, hours", [("zh", "小时"), ("en", " h")])
def test_each_units_hours_of_work_in_the_report_read_as_hours_and_minutes_as_compare_says_them_not_decimal_hours(
        run, language, hours):
    from sim.clock import duration

    scenario, plans, area, result = run
    by_title = {s.title: s for s in sections(result, plans=plans, area=area, scenario=scenario, language=language)}
    worked = by_title[label("workload", language)].rows
    assert [row[2] for row in worked] == [duration(w.unit_hours, language) for w in workloads(result)]
    assert any(hours in row[2] for row in worked)
    assert not any("." in row[2] for row in worked)


def test_the_fire_section_says_mean_times_to_report_and_to_contain_in_hours_and_minutes():
    from sim.clock import duration

    scenario, plans, area = load_case(ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml")
    result = run_scenario(scenario, plans, area, 7)
    fire = result["summary"]["fire"]
    facts = dict(next(s for s in sections(result, plans=plans, language="zh") if s.title == label("fire", "zh")).pairs)
    assert facts[label("to_report", "zh")] == duration(fire["ignition_to_report_h"]["mean"], "zh") == "21 分钟"
    assert facts[label("to_containment", "zh")] == "6 小时 54 分钟"


@pytest.mark.parametrize("language, colon, aside, between", [("zh", "：", "（", "；"), ("en", ": ", " (", "; ")])
def test_the_markdown_report_punctuates_each_label_and_aside_as_its_language_writes_them(run, language, colon, aside,
                                                                                          between):
    scenario, plans, area, result = run
    md = markdown(result, plans=plans, area=area, scenario=scenario, language=language)
    facts = [line for line in md.splitlines() if line.startswith("- **")]
    assert facts and all(line.split("**", 2)[2].startswith(colon) for line in facts), facts
    scene = next(line for line in facts if line.startswith(f"- **{label('common.scenario', language)}**"))
    assert aside + (scenario.title.en if language == "zh" else scenario.title.zh) in scene  # the other language, aside
    final = next(line for line in facts if line.startswith(f"- **{label('final', language)}**"))
    assert final.count(between) == len([v for v in result["summary"]["final"].values() if v is not None]) - 1
    if language == "zh":  # no half-width colon, bracket or comma after Chinese text
        import re
        half_width = re.compile(r".{0,20}[\u4e00-\u9fff）](?:: |, | \().{0,20}")
        assert not half_width.search(md), half_width.findall(md)[:3]


@pytest.mark.parametrize("language, names_in", [("zh", ("县供电公司", "推演模型", "情景")), ("en", ("Power", "Simulation model", "Scenario"))])
def test_an_id_reads_as_its_name_the_model_and_scenario_in_words_an_unnamed_id_as_itself_and_none_as_asked(language,
                                                                                                        names_in):
    from sim.report import name_of

    names = {"power": {"zh": "县供电公司", "en": "Power"}}
    assert [name_of(names, key, language) for key in ("power", "model", "scenario")] == list(names_in)
    assert name_of(names, "not_named", language) == "not_named"
    assert name_of(names, None, language) == "" and name_of(names, None, language, "—") == "—"


def test_the_report_names_each_plan_by_its_title_even_where_another_plan_gives_a_unit_the_plans_id():
    from sim.inputs import load_plans

    loaded = load_plans([ROOT / "plans" / "guyang-blackout-2023.yaml", ROOT / "plans" / "baotou-fireworks-ban-2024.yaml"])
    blackout, notice = loaded["guyang-blackout-2023"], loaded["baotou-fireworks-ban-2024"]
    namesake = blackout.units[0].model_copy(update={"id": notice.id})  # listed first, as the plans are
    plans = [blackout.model_copy(update={"units": [namesake, *blackout.units[1:]]}), notice]
    result = {"plans": [{"id": plan.id, "sha256": "0" * 64} for plan in plans]}
    for language in ("zh", "en"):
        line = dict(sections(result, plans=plans, language=language)[0].pairs)[label("plans", language)]
        assert getattr(notice.title, language) in line and getattr(blackout.title, language) in line
        assert getattr(namesake.name, language) not in line and notice.id not in line


@pytest.mark.parametrize("language, read", [("zh", "抢修（Repair）"), ("en", "Repair (抢修)")])
def test_a_measure_or_duty_of_the_report_reads_by_its_name_with_the_other_language_aside_and_an_unnamed_one_as_its_id(
        language, read):
    from sim.report import name_of

    names = {"repair": {"zh": "抢修", "en": "Repair"}}
    assert name_of(names, "repair", language, aside=True) == read
    assert name_of(names, "repair", language) == read.split("（")[0].split(" (")[0]
    assert name_of(names, "not_named", language, aside=True) == "not_named"


def test_the_winter_reports_measures_and_unmet_duties_read_by_their_names_in_both_languages(run):
    scenario, plans, area, result = run
    plan = plans["guyang-blackout-2023"]
    measures = result["summary"]["measures_activated"]
    assert measures
    for language in ("zh", "en"):
        rows = {s.title: s.rows for s in sections(result, plans=plans, area=area, scenario=scenario, language=language)}
        shown = [row[0] for row in rows[label("measures", language)]]
        named = {m.id: m.name for m in plan.measures}
        assert shown == [_with_aside(named[m], language) for m in measures]
        assert not set(measures) & set(shown)


def _with_aside(name, language: str) -> str:
    other = "en" if language == "zh" else "zh"
    aside = "（{}）" if language == "zh" else " ({})"
    return getattr(name, language) + aside.format(getattr(name, other))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_report_s_last_level_change_says_the_response_ended_as_run_does_not_a_bare_dash(run, language):
    from sim.engine.summary import summary_text

    scenario, plans, area, result = run
    by_title = {s.title: s for s in sections(result, plans=plans, area=area, scenario=scenario, language=language)}
    last = by_title[label("levels", language)].rows[-1]
    assert result["summary"]["level_changes"][-1]["to"] is None
    said = summary_text(result, scenario, plans, area, language=language)
    assert f"{last[1]} → {last[2]}" in said and last[2] != "—"


def test_a_printed_table_keeps_its_short_columns_on_one_line_beside_a_long_text():
    """A time, a clause or a grade beside a long text is not squeezed to a character a line."""
    from sim.report import Section, render_html

    long = "包头供电公司固阳县分公司：职责“加强对重要电力设施设备运行、发电燃料供应等情况的监测”始终未开展"
    findings = Section("发现的问题", header=["等级", "时间", "条款", "事项"],
                       rows=[["不足项", "07-18 18:00", "4.2.1", long], ["整改项", "07-18 16:00", "附件2 三", long]])
    page = render_html("报告", [findings], "zh")
    assert "th.short, td.short { white-space: nowrap; }" in page
    for cell in ("不足项", "07-18 18:00", "4.2.1", "附件2 三"):
        assert f'<td class="short">{cell}</td>' in page
    assert f"<td>{long}</td>" in page and '<th class="short">等级</th>' in page
