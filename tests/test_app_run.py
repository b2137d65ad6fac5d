"""The Run page: a scenario runs (in slices, with progress) to the same result as the engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import chart_heading, chart_headings, page, press_run, run_page
from sim.clock import clock
from sim.engine.recorder import dumps
from sim.engine.run import run_scenario
from sim.report import names_from
from sim.inputs import load_case
from sim.ui.run_page import LAST
from sim.messages import pick, text
from sim.ui.table_layout import FIT_PX
from sim.ui.yaml_edit import set_scalars

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "winter-ice-storm"
SCENARIO_FILE = ROOT / "plans" / "scenarios" / f"{SCENARIO}.yaml"

pytestmark = pytest.mark.skipif(not SCENARIO_FILE.exists(), reason="the winter ice storm scenario is not shipped")


def frame(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_run_shows_the_engines_result_charts_and_log():
    scenario, plans, area = load_case(SCENARIO_FILE)
    expected = run_scenario(scenario, plans, area, 3, observe=True)  # the app keeps what the Walk-through reads
    expected["drawn_from"] = {"seed": 3, "replication": 0}  # and the seed and replication a reader types again
    at = run_page(SCENARIO, 3)
    held = at.session_state[LAST]
    assert dumps(held["result"]) == dumps(expected)

    names = names_from(plans, area, scenario)
    summary = expected["summary"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["最高响应级别"] == names.of("response_level")[summary["max_response_level"]].zh
    assert metrics["最高事件级别"] == names.of("severity_level")[summary["max_severity"]].zh
    # the words of `run`'s summary ("备用燃料耗尽的重要用户"), the same list counted
    assert metrics[text("common.out_of_fuel", "zh")] == str(len(summary["key_users_out_of_fuel"]))
    # load, levels and unit tasks, and backup fuel where a key user ran on it
    charts = [chart.key for chart in at.get("plotly_chart")]
    assert {"run.chart.load", "run.chart.levels", "run.chart.gantt"} <= set(charts)
    # key users' backup fuel only where one of them was ever off the grid
    off_grid = any(row["state"] != "grid" for rows in expected["backup_fuel"].values() for row in rows)
    assert ("run.chart.fuel" in charts) == off_grid
    log = frame(at, "条款")
    assert len(log) == len(expected["events"])
    words = {"model": "推演模型", "scenario": "情景", "assumption": "假设"}
    for clause, quote, event in zip(log["条款"], log["原文"], expected["events"]):
        if event["source"] not in words:  # a plan unit's entry: the clause it logged
            assert clause == event["source"]
        elif quote:  # the model acting on a rule (a band met, a duty's incident cleared): that rule's clause
            assert clause not in words.values() and clause[0].isalnum()
        else:  # in words what it follows instead
            assert clause == words[event["source"]]
    # times read on the scenario's clock, never as hours since the start
    first = expected["events"][0]
    assert log["时间"].iloc[0] == clock(expected["start"], first["t_h"])
    assert "已过小时" not in log.columns
    assert [b.label for b in at.get("download_button")] == [
        "结果 JSON", "事件日志 CSV", "总结报告（Markdown）", "总结报告（可打印 HTML）"]


def test_log_filter_by_unit():
    at = run_page(SCENARIO, 1)
    everything = frame(at, "条款")
    last = at.session_state[LAST]
    unit = "power_company"  # the filter holds units by id, each shown by its name
    name = pick(names_from(last["plans"], last["area"], last["scenario"], last["result"]).of("unit")[unit], "zh")
    at.multiselect(key="run.log.units").set_value([unit]).run()
    filtered = frame(at, "条款")
    assert set(filtered["单位"]) == {name}
    assert len(filtered) == (everything["单位"] == name).sum() > 0


def test_language_switch_keeps_the_result_and_relabels():
    at = run_page(SCENARIO, 1)
    before = at.session_state[LAST]["key"]
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.session_state[LAST]["key"] == before
    assert "Highest response level" in [m.label for m in at.metric]
    assert "Clause" in frame(at, "Clause").columns


def test_bad_upload_shows_the_loader_errors_with_lines_in_the_readers_language_and_runs_nothing_new():
    at = page("run")
    bad = b"id: guyang-blackout-2023\nkind: response_plan\ntitle: {zh: x, en: y}\nbogus: 1\n"
    at.file_uploader(key="run.upload").set_value(("edited.yaml", bad, "application/x-yaml")).run()
    assert not at.exception
    message = at.error[0].value
    assert message.startswith("上传的预案有错误")
    assert "edited.yaml:4:1: bogus: 未知的键 'bogus'" in message
    at.sidebar.radio(key="lang").set_value("en").run()
    assert "edited.yaml:4:1: bogus: unknown key 'bogus'" in at.error[0].value


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        pytest.param(b"id: x\nkind: \x1b\n", "hostile.yaml:2:7: YAML 中不允许字符 U+001B", id="control"),
        pytest.param(b"id: x\nkind: \xff\n", "hostile.yaml:2:7: 不是 UTF-8 文本（第 12 字节）", id="not-utf8"),
        pytest.param(b"id: &a [*a]\n", "hostile.yaml:1:5: id.0: 递归别名", id="recursive-alias"),
        pytest.param(b"id: x\nissued: 2023-02-30\n", "hostile.yaml:2:9: issued: 无法读取值 '2023-02-30'",
                     id="no-such-date"),
        pytest.param(b"[" * 5000, "hostile.yaml:1:102: 值的嵌套超过 100 层", id="deep"),
    ],
)
def test_a_hostile_upload_shows_a_loader_error_and_never_a_traceback(upload, expected):
    at = page("run")
    at.file_uploader(key="run.upload").set_value(("hostile.yaml", upload, "application/x-yaml")).run()
    assert not at.exception
    assert expected in at.error[0].value


def test_an_upload_the_scenario_does_not_use_is_refused_as_the_command_line_refuses_it():
    """The page asks the scenario's Case, as `run --plan` does: a valid plan under another id
    is an error naming the scenario's plans, and Run waits until the upload is removed."""
    text = (ROOT / "plans" / "guyang-blackout-2023.yaml").read_text(encoding="utf-8")
    other = text.replace("id: guyang-blackout-2023", "id: guyang-blackout-copy", 1)
    assert other != text
    at = page("run")
    at.file_uploader(key="run.upload").set_value(("copy.yaml", other.encode("utf-8"), "application/x-yaml")).run()
    assert not at.exception and not at.success
    message = at.error[0].value
    assert message.startswith("上传的预案有错误")
    assert "本情景没有 id 为 'guyang-blackout-copy' 的预案" in message and "固阳县大面积停电事件应急预案" in message
    assert at.button(key="run.go").disabled
    at.sidebar.radio(key="lang").set_value("en").run()
    assert "the scenario has no plan with the id 'guyang-blackout-copy'" in at.error[0].value


PLAN_TEXT = (ROOT / "plans" / "guyang-blackout-2023.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("upload", "said", "said_en"), [
    pytest.param(PLAN_TEXT.replace("\nkind:", "\nkind: [", 1), "YAML 语法错误", "YAML syntax error", id="syntax"),
    pytest.param(PLAN_TEXT.replace("\nkind:", "\nbogus: 1\nkind:", 1), "未知的键 'bogus'", "unknown key 'bogus'",
                 id="unknown-key"),
    pytest.param(set_scalars(PLAN_TEXT, {("severity_levels", 1, "criteria", "any_of", 0, "min"): -35}),
                 "阈值 -35 不在其中", "a bound of -35 is outside it", id="negative-threshold"),
])
def test_a_broken_upload_holds_run_back_in_the_readers_language_and_no_result_is_shown(upload, said, said_en):
    """Run anyway, the published plan's result would read as the upload's: Run waits until
    the upload is fixed or removed, as the What-if page's Compare waits for its YAML."""
    at = page("run")
    at.file_uploader(key="run.upload").set_value(("v.yaml", upload.encode("utf-8"), "application/x-yaml")).run()
    assert not at.exception and not at.success
    message = at.error[0].value
    assert message.startswith("上传的预案有错误，修正或移除后才能运行：") and said in message and "v.yaml:" in message
    assert at.button(key="run.go").disabled and LAST not in at.session_state and not at.subheader
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.error[0].value.startswith("The uploaded plan has errors; fix or remove it to run:")
    assert said_en in at.error[0].value and at.button(key="run.go").disabled


def test_a_broken_upload_replaced_by_a_plan_that_loads_runs_that_plan():
    at = page("run")
    broken = PLAN_TEXT.replace("\nkind:", "\nbogus: 1\nkind:", 1).encode("utf-8")
    at.file_uploader(key="run.upload").set_value(("v.yaml", broken, "application/x-yaml")).run()
    assert at.button(key="run.go").disabled
    fixed = set_scalars(PLAN_TEXT, {("reporting", "decision", "hours"): 9}).encode("utf-8")
    at.file_uploader(key="run.upload").set_value(("v.yaml", fixed, "application/x-yaml")).run()
    assert not at.error and not at.button(key="run.go").disabled
    at = press_run(at, SCENARIO, 1)
    assert at.session_state[LAST]["departures"][0]  # the upload ran: the result says it is an edited copy
    assert [w.value for w in at.warning] == [
        "此结果按修改后的预案运行，并非发布的版本：《固阳县大面积停电事件应急预案（2023年版）》。"]


def test_a_broken_upload_removed_runs_the_published_plans():
    at = page("run")
    broken = set_scalars(PLAN_TEXT, {("severity_levels", 1, "criteria", "any_of", 0, "min"): -35}).encode("utf-8")
    at.file_uploader(key="run.upload").set_value(("v.yaml", broken, "application/x-yaml")).run()
    assert at.button(key="run.go").disabled
    at.file_uploader(key="run.upload").set_value(None).run()
    assert not at.error and not at.button(key="run.go").disabled
    at = press_run(at, SCENARIO, 1)
    assert at.session_state[LAST]["departures"] == ((), {}) and not at.warning
    assert at.subheader[0].value.startswith("结果摘要")


def test_edited_plan_upload_changes_the_run():
    plan_file = ROOT / "plans" / "guyang-blackout-2023.yaml"
    scenario, plans, area = load_case(SCENARIO_FILE)
    original = run_scenario(scenario, plans, area, 1)["summary"]
    text = plan_file.read_text(encoding="utf-8")
    slower = set_scalars(text, {("reporting", "decision", "hours"): plans["guyang-blackout-2023"].reporting.decision.hours + 5})
    at = page("run")
    at.file_uploader(key="run.upload").set_value(("mine.yaml", slower.encode("utf-8"), "application/x-yaml")).run()
    assert at.success[0].value == "已使用上传的预案《固阳县大面积停电事件应急预案（2023年版）》替换原预案。"
    at = press_run(at, SCENARIO, 1)
    edited = at.session_state[LAST]["result"]["summary"]
    # the county decides 5 h (times the scenario's random work factor) later
    assert edited["response_started_at_h"] > original["response_started_at_h"]
    # and the result says, above it, that it is not the published plan's
    assert [w.value for w in at.warning] == [
        "此结果按修改后的预案运行，并非发布的版本：《固阳县大面积停电事件应急预案（2023年版）》。"]


def test_every_chart_s_toolbar_speaks_the_reader_s_language():
    """Plotly's own tooltips ("Zoom", "Download plot as a PNG") are looked up in the chart's
    locale dictionary: in Chinese they read in Chinese."""
    import json

    at = run_page(SCENARIO, 1)
    for language, zoom, png in (("zh", "框选放大", "下载为 PNG 图片"), ("en", "Zoom", "Download plot as a PNG")):
        at.sidebar.radio(key="lang").set_value(language).run()
        configs = [json.loads(c.proto.config) for c in at.get("plotly_chart")]
        assert len(configs) >= 4
        for config in configs:
            words = config["locales"][config["locale"]]["dictionary"]
            assert (words["Zoom"], words["Download plot as a PNG"]) == (zoom, png)
        assert {c["locale"] for c in configs} == {"zh-CN" if language == "zh" else "en"}


def test_a_run_of_the_shipped_plans_says_nothing_of_an_edit():
    at = run_page(SCENARIO, 1)
    assert not at.exception and not at.warning


def test_the_report_of_a_run_on_an_uploaded_edited_plan_says_it_used_an_edited_copy():
    from sim.ui.run_page import downloads

    text = (ROOT / "plans" / "guyang-blackout-2023.yaml").read_text(encoding="utf-8")
    edited = set_scalars(text, {("reporting", "decision", "hours"): 9})
    at = page("run")
    at.file_uploader(key="run.upload").set_value(("mine.yaml", edited.encode("utf-8"), "application/x-yaml")).run()
    held = press_run(at, SCENARIO, 1).session_state[LAST]
    report = downloads(held["key"], "zh", _last=held)["md"]
    assert "- **预案**：固阳县大面积停电事件应急预案（2023年版）（2023-06-13发布，修改后的副本）" in report
    assert "sha256" not in report and "sha256" in downloads(held["key"], "zh", _last=held)["json"]


def test_fire_ban_scenario_shows_fire_figures_and_the_area_burned():
    fire_file = ROOT / "plans" / "scenarios" / "qingming-tomb-sweeping.yaml"
    if not fire_file.exists():
        pytest.skip("no fire-ban scenario shipped")
    scenario, plans, area = load_case(fire_file)
    fire = run_scenario(scenario, plans, area, 1)["summary"]["fire"]
    at = run_page("qingming-tomb-sweeping")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["起火次数"] == str(fire["fires"]["started"])
    assert metrics["违规用火"] == str(fire["violations"]["total"])
    assert metrics["过火面积（公顷）"] == f"{fire['fires']['hectares_burned']:.1f}"
    assert chart_heading("fire") in chart_headings(at)


def test_a_fire_run_counts_the_penalties_imposed_beside_the_fines_most_of_which_carry_no_fine():
    scenario, plans, area = load_case(ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml")
    fines = run_scenario(scenario, plans, area, 1)["summary"]["fire"]["fines"]
    assert fines["count"] > 0 and fines["total_yuan"] == 0  # the lockdown's liability sets no fine
    at = run_page("grassland-fire-line-trip")
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["处罚（次）"], metrics["罚款（元）"]) == (str(fines["count"]), "0")


def test_the_run_page_opens_on_the_featured_scenario():
    at = page("run")
    assert at.selectbox(key="run.scenario").value == SCENARIO


def test_the_event_log_download_opens_in_excel_with_its_chinese_intact():
    from sim.ui.run_page import downloads

    at = run_page(SCENARIO, 3)
    held = at.session_state[LAST]
    csv = downloads(held["key"], "zh", _last=held)["csv"]
    assert csv.startswith(b"\xef\xbb\xbf")
    assert "条款" in csv.decode("utf-8-sig").splitlines()[0]


def test_an_out_of_range_seed_is_refused_with_a_message_and_runs_nothing():
    at = page("run")
    at.number_input(key="run.seed").set_value(-5).run()
    assert "-5 超出允许范围" in at.error[0].value
    assert at.button(key="run.go").disabled
    at.number_input(key="run.seed").set_value(3).run()
    assert not at.error and not at.button(key="run.go").disabled


@pytest.mark.parametrize("typed, said", [
    (-5, "-5 超出允许范围"),
    (2**53, "9007199254740992 太大，页面无法精确读取"),
    (2**63, "太大，页面无法精确读取"),  # past the command line's 2⁶³ − 1 too
])
def test_every_refused_seed_states_the_one_upper_limit_the_page_reads_exactly(typed, said):
    """The command line takes seeds up to 2⁶³ − 1; a page reads numbers as a browser does, exactly
    up to 2⁵³ − 1, and says that limit in each message, whether the seed is too small or too large."""
    at = page("run")
    at.number_input(key="run.seed").set_value(typed).run()
    [refused] = [e.value for e in at.error]
    assert said in refused and refused.endswith("：应为 0 到 9,007,199,254,740,991 之间的整数。")
    assert at.button(key="run.go").disabled
    at.number_input(key="run.seed").set_value(2**53 - 1).run()
    assert not at.error and not at.button(key="run.go").disabled


def test_a_cleared_seed_is_asked_for_and_runs_nothing_until_it_is_typed_again():
    """The seed field has no value of its own for a browser to fall back to: emptied, it stays
    empty and says so, where it ran under seed 0."""
    at = page("run")
    field = at.number_input(key="run.seed")
    assert field.value == 1 and not field.proto.HasField("default")
    field.set_value(None).run()
    assert [e.value for e in at.error] == ["请填写一个数：0 到 9,007,199,254,740,991。"]
    assert at.button(key="run.go").disabled
    at.number_input(key="run.seed").set_value(0).run()
    assert not at.error and not at.button(key="run.go").disabled


def test_a_run_with_only_a_local_response_at_discretion_says_when_it_began():
    cable = ROOT / "plans" / "scenarios" / "construction-cable-strike.yaml"
    scenario, plans, area = load_case(cable)
    summary = run_scenario(scenario, plans, area, 1)["summary"]
    assert summary["response_started_at_h"] is None and summary["discretion_at_h"] is not None
    at = run_page("construction-cable-strike")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["事发地政府自主响应"] == clock(str(scenario.start.isoformat()), summary["discretion_at_h"])
    assert "启动响应" not in metrics


def test_a_row_of_metrics_keeps_its_values_on_one_line_however_their_labels_wrap():
    """Every metric of the Run page and of the Walk-through stands in a bottom-aligned column:
    a label that wraps ("Key users: on backup / dark") grows upwards, its value stays level
    with its neighbours'."""
    from streamlit.proto.Block_pb2 import Block
    from streamlit.testing.v1.element_tree import Metric

    at = run_page(SCENARIO, 1)
    for language in ("zh", "en"):
        at.switch_page("sim/ui/pages/run.py").run()
        at.sidebar.radio(key="lang").set_value(language).run()  # switched on the page without a speed box
        for shown in ("run", "walk"):
            at.switch_page(f"sim/ui/pages/{shown}.py").run()
            holding = [column.proto.vertical_alignment for column in at.columns
                       if any(isinstance(child, Metric) for child in column.children.values())]
            assert len(holding) == len(at.metric) >= 3, (shown, language)
            assert set(holding) == {Block.Column.VerticalAlignment.BOTTOM}, (shown, language)
            assert not at.exception


def test_a_story_runs_any_replication_as_its_sweep_row_and_the_summary_names_it():
    """The winter ice storm tells one story; its replication 2 under seed 3 is row 2 of
    `sweep --seed 3`, run under that row's engine seed and named in the summary."""
    scenario, plans, area = load_case(SCENARIO_FILE)
    at = run_page(SCENARIO, 3, replication=2)
    held = at.session_state[LAST]
    assert held["result"]["drawn_from"] == {"seed": 3, "replication": 2}
    assert held["result"]["seed"] == load_case(SCENARIO_FILE, replication=2).draw(3).seed not in (3, 5)
    assert any(h.value.endswith("· 随机种子 3 · 抽样编号 2") for h in at.subheader), [h.value for h in at.subheader]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_event_log_wraps_its_descriptions_in_a_wide_column_that_a_laptop_shows_whole(language):
    at = run_page(SCENARIO, 3)
    at.sidebar.radio(key="lang").set_value(language).run()
    time, unit, kind, said = (text(key, language)
                              for key in ("common.time", "common.unit", "common.event", "common.description"))
    log = next(d for d in at.dataframe if said in d.value.columns)
    widths = {column: config["width"] for column, config in json.loads(log.proto.columns).items() if "width" in config}
    assert widths[time] < widths[said] and widths[kind] < widths[said]
    assert widths[time] + widths[unit] + widths[kind] + widths[said] <= FIT_PX[0]  # 1,024 px, sidebar open
    assert log.proto.row_height > 64  # Streamlit wraps a cell's text only in rows taller than 4 rem


@pytest.mark.parametrize("language, aside", [("zh", "说明（English）"), ("en", "Description (中文)")])
def test_the_event_logs_other_language_column_is_headed_in_the_brackets_of_the_language_shown(language, aside):
    at = run_page(SCENARIO, 3)
    at.sidebar.radio(key="lang").set_value(language).run()
    log = next(d for d in at.dataframe if text("common.description", language) in d.value.columns)
    assert aside in log.value.columns and log.value[aside].str.len().gt(0).all()  # as the Plans page's tables


EXAMPLES = sorted((ROOT / "plans" / "examples" / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_scenario_of_another_government_is_offered_and_runs_to_the_levels_run_reports(path):
    case = load_case(path)
    result = run_scenario(case.scenario, case.plans, case.area, 7)
    summary = result["summary"]
    at = page("run")
    title = case.scenario.title
    assert f"{title.zh} · {title.en}" in at.selectbox(key="run.scenario").options
    at.selectbox(key="run.scenario").set_value(case.scenario.id)
    at.number_input(key="run.seed").set_value(7)
    at.button(key="run.go").click().run()
    assert not at.exception
    names = names_from(case.plans, case.area, case.scenario)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["最高响应级别"] == names.of("response_level")[summary["max_response_level"]].zh
    charts = [chart.key for chart in at.get("plotly_chart")]
    assert {"run.chart.load", "run.chart.levels", "run.chart.gantt"} <= set(charts)
    # key users' backup fuel only where one of them was ever off the grid
    off_grid = any(row["state"] != "grid" for rows in result["backup_fuel"].values() for row in rows)
    assert ("run.chart.fuel" in charts) == off_grid


@pytest.mark.parametrize("scenario_id", ["construction-cable-strike", "qingming-tomb-sweeping"])
def test_a_run_that_reaches_no_level_says_so_in_the_words_of_run_and_the_report(scenario_id):
    from sim.engine.summary import summary_text

    case = load_case(ROOT / "plans" / "scenarios" / f"{scenario_id}.yaml")
    result = run_scenario(case.scenario, case.plans, case.area, 1)
    assert result["summary"]["max_response_level"] is None
    said = summary_text(result, case.scenario, case.plans, case.area, language="zh")
    at = run_page(scenario_id)
    metrics = {m.label: m.value for m in at.metric}
    for label in ("最高响应级别", "最高事件级别"):
        assert f"{label}：{metrics[label]}\n" in said  # not a bare dash where `run` names it


def test_the_logs_unit_filter_offers_units_of_one_name_in_the_order_the_log_first_names_them():
    """The filter's units were sorted by name from a set of ids, so two of one name came in
    the order the set iterated in, which differs from process to process."""
    from sim.ui.run_page import logged_units

    alike = ["u7", "u3", "u5", "u1", "u8", "u2", "u6", "u4"]
    entries = ["b", *alike, "", "b", *reversed(alike), "a"]
    named = lambda unit: {"a": "A", "b": "B", "": "—"}.get(unit, "M")  # noqa: E731
    assert logged_units(entries, named) == ["a", "b", *alike, ""]


def _cli_run(*argv: str) -> str:
    """What ``python -m sim run …`` prints."""
    import contextlib
    import io

    from sim.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["run", *argv]) == 0
    return out.getvalue()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_templates_replication_names_on_the_run_page_the_incident_drawn_as_the_command_line_does(language):
    """Replication 3 of the random county blackout under seed 7 is a peak-load outage on a
    winter's cold snap at 2024-01-05 17:00: the page says so in its reader's language, with
    the words `run` prints, not the replication's number alone."""
    printed = _cli_run(str(ROOT / "plans" / "scenarios" / "random-blackout.yaml"), "--seed", "7", "--replication", "3",
                       "--lang", language)
    facts = {"zh": "高峰负荷、冬季、寒潮、2024-01-05 17:00", "en": "Peak load, Winter, Cold snap, 2024-01-05 17:00"}[language]
    assert facts in printed
    at = run_page("random-blackout", 7, language, replication=3)
    said = [m.value for m in at.markdown if text("drill.drawn", language) in m.value]
    assert said == [f"**{text('drill.drawn', language)}**{text('common.colon', language)}{facts}"]
    from sim.ui.run_page import downloads

    held = at.session_state[LAST]
    files = downloads(held["key"], language, _last=held)  # the after-action report names it as the page does
    assert f"- **{text('drill.drawn', language)}**{text('common.colon', language)}{facts}\n" in files["md"]
    assert facts in files["html"]


def test_a_story_names_no_drawn_incident_on_the_run_page_nor_in_its_report():
    from sim.ui.run_page import downloads

    at = run_page(SCENARIO, 1)
    assert not [m.value for m in at.markdown if "抽取的事件" in m.value]
    held = at.session_state[LAST]
    assert "抽取的事件" not in downloads(held["key"], "zh", _last=held)["md"]


def test_the_run_page_opens_any_seed_and_replication_the_command_line_runs():
    """``run --seed 4294967295 --replication 150000`` runs: so does the page, to the same result."""
    from sim.bounds import MAX_REPLICATION, MAX_SEED

    assert _cli_run(str(ROOT / "plans" / "scenarios" / "random-blackout.yaml"), "--seed", "4294967295",
                    "--replication", "150000", "--lang", "en")
    at = page("run")
    at.selectbox(key="run.scenario").set_value("random-blackout").run()
    at.number_input(key="run.replication").set_value(150_000)
    at.number_input(key="run.seed").set_value(4_294_967_295)
    at.button(key="run.go").click().run()
    assert not at.exception and not at.error
    assert at.session_state[LAST]["result"]["drawn_from"] == {"seed": 4_294_967_295, "replication": 150_000}
    at.number_input(key="run.replication").set_value(MAX_REPLICATION + 1).run()
    assert [e.value for e in at.error] == [f"{MAX_REPLICATION + 1} 超出允许范围：应为 0 到 {MAX_REPLICATION:,} 之间的整数。"]
    assert MAX_SEED >= 2**53  # every seed a page reads exactly, the command line takes


def test_a_replication_with_a_fraction_is_refused_as_not_a_whole_number():
    at = page("run")
    at.number_input(key="run.replication").set_value(2.5).run()
    assert [e.value for e in at.error] == [f"2.5 不是整数：应为 0 到 {2**31 - 1:,} 之间的整数。"]
    assert at.button(key="run.go").disabled


def test_the_run_pages_files_are_named_for_the_replication_as_the_walk_throughs_handout_is(monkeypatch):
    import sim.ui.run_page as run_module

    names: list[str] = []
    monkeypatch.setattr(run_module, "download", lambda container, label, data, file_name, mime, key=None: names.append(file_name))
    run_page("random-blackout", 7, replication=3)
    assert set(names) == {"random-blackout-seed7-replication3.json", "random-blackout-seed7-replication3-events.csv",
                          "random-blackout-seed7-replication3-report.md", "random-blackout-seed7-replication3-report.html"}
