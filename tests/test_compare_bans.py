"""Comparing an edited ban notice: the changed replications and what changed in each.

A ban notice rarely moves the blackout plan's response level; what it moves is fires,
area burned, violations, catches, fines and patrol hours. The variant ends the spring
fire lockdown on 2 April, before the Qingming tomb-sweeping days, so burning paper at the
graves is no longer prohibited there: fewer violations, more fires, the level unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import whatif_page
from sim.cli import main
from sim.inputs import load_case
from sim.sweep.rows import primary
from sim.sweep.words import changes_text, idle_line

ROOT = Path(__file__).resolve().parent.parent
NOTICE = "guyang-fire-ban-2023"
SCENARIO = ROOT / "plans" / "scenarios" / "qingming-tomb-sweeping.yaml"
VARIANT = ROOT / "tests" / "data" / "guyang-fire-ban-lockdown-ends-0402-variant.yaml"
RUNS, SEED = 3, 1


def compare(capsys, *extra: str) -> str:
    assert main(["compare", str(SCENARIO), "--variant", str(VARIANT), "--runs", str(RUNS), "--seed", str(SEED),
                 "--no-progress", *extra]) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def report() -> dict:
    """``compare --json`` on the ban scenario and the variant."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["compare", str(SCENARIO), "--variant", str(VARIANT), "--runs", str(RUNS), "--seed", str(SEED),
                     "--no-progress", "--json"]) == 0
    return json.loads(out.getvalue())


def blackout_plan():
    case = load_case(SCENARIO)
    return primary(case.plans, case.scenario.plans)


def test_the_variant_differs_from_the_shipped_notice_only_in_the_spring_lockdowns_end():
    variant = VARIANT.read_text(encoding="utf-8")
    notice = (ROOT / "plans" / f"{NOTICE}.yaml").read_text(encoding="utf-8")
    body = "\n".join(line for line in variant.splitlines() if not line.startswith("#"))
    expected = "\n".join(line for line in notice.splitlines() if not line.startswith("#"))
    spring = "    dates: {start: 2023-03-15, end: 2023-05-31}"
    assert expected.count(spring) == 1
    assert body == expected.replace(spring, spring.replace("05-31", "04-02"))


def test_compare_json_on_a_ban_scenario_variant_lists_every_replication_whose_fires_changed_with_what_changed(report):
    """No replication changes its level, yet each is listed: the lockdown's end changes its
    violations, and the replications with more fires say so, measure by measure."""
    assert report["transitions"] == [] and report["changed_count"] == len(report["changed"]) == RUNS
    for entry in report["changed"]:
        changes = {change["measure"]: change for change in entry["changes"]}
        assert "max_level" not in changes and entry["baseline"] == entry["variant"]
        assert changes["violations"]["variant"] < changes["violations"]["baseline"]  # burning at graves became legal
        assert changes["patrol_hours"]["variant"] < changes["patrol_hours"]["baseline"]  # lockdown patrols stop
    plan = blackout_plan()
    for entry in report["changed"]:  # in words too, as the table and the page say it
        assert entry["what_changed"] == {language: changes_text(entry["changes"], plan, language)
                                         for language in ("zh", "en")}
        assert "违规用火次数：" in entry["what_changed"]["zh"] and "Violations: " in entry["what_changed"]["en"]
    fires = [entry for entry in report["changed"] if any(c["measure"] == "fires_started" for c in entry["changes"])]
    assert fires, "ending the lockdown before Qingming should start more fires in some replication"
    by_name = {m["measure"]: m for m in report["measures"]}
    assert by_name["max_level_rank"]["changed"] == 0 and by_name["violations"]["changed"] == RUNS
    assert by_name["fires_started"]["changed"] == len(fires)


def test_compare_on_a_ban_scenario_variant_lists_the_changed_replications_with_what_changed_in_chinese(capsys, report):
    text = compare(capsys, "--lang", "zh")
    plan = blackout_plan()
    assert f"结果改变的重复：{RUNS} 次中 {RUNS} 次（100.0%）" in text
    assert f"{RUNS} 次重复中，两种预案下均未启动应急响应。 结果有改变的共 {RUNS} 次重复，改变最多的指标：" in text
    assert "改变了什么 (原预案 → 修改后)" in text
    lines = text.splitlines()
    for entry in report["changed"]:
        said = changes_text(entry["changes"], plan, "zh")
        assert "违规用火次数：" in said and "巡护工时（队·小时）：" in said
        assert any(line.startswith(f"  {entry['replication']} ") and line.endswith(said) for line in lines)
    assert "火灾次数：" in text and "过火面积（公顷）：" in text
    assert "Violations" not in text and "violations" not in text  # no English, no measure ids


def test_compare_on_a_ban_scenario_variant_lists_the_changed_replications_with_what_changed_in_english(capsys, report):
    text = compare(capsys, "--lang", "en")
    plan = blackout_plan()
    assert f"Replications whose outcome changed: {RUNS} of {RUNS} (100.0 %)" in text
    assert f"Of {RUNS} replications, none started an emergency response under either plan. {RUNS} replications changed in some outcome" in text
    for entry in report["changed"]:
        said = changes_text(entry["changes"], plan, "en")
        assert said.startswith(("Incidents: ", "Unit-hours: ", "Violations: ")) and "; Patrol team-hours: " in said
        assert said in text
    assert "Fires: " in text and "Area burned (ha): " in text and "违规" not in text


def test_a_ban_notices_comparison_leaves_out_the_response_measures_that_no_replication_had_and_names_them(
        capsys, report):
    text = compare(capsys, "--lang", "zh")
    lines = text.splitlines()
    assert not any(line.startswith("最高响应级别 ") for line in lines)  # a table of "no response" only
    assert not any(line.lstrip().startswith(("级别变更次数", "开始至启动响应的时长")) for line in lines)
    idle = next(line for line in lines if line.lstrip().startswith("两种预案下每次重复均为 0 或未发生"))
    assert "级别变更次数" in idle and "开始至启动响应的时长" in idle and "火灾次数" not in idle
    assert {m["measure"] for m in report["measures"] if m["idle"]} >= {"level_changes", "response_started_at_h"}
    assert not any(m["idle"] for m in report["measures"] if m["measure"] in ("fires_started", "violations"))


def test_who_carries_the_extra_work_of_an_edited_ban_notice_counts_the_notices_own_units_by_name(capsys, report):
    """The towns and fire units, a unit of the fire notice and not of the blackout plan, do
    most of the work a lockdown's end adds; the table names them as the notice does."""
    units = {m["measure"]: m for m in report["units"]}
    assert "towns_and_fire_units" in units and units["towns_and_fire_units"]["mean"] > 0
    assert report["units"][0]["measure"] == "towns_and_fire_units"  # the most extra work
    lines = compare(capsys, "--lang", "zh").splitlines()
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("谁承担额外工作")) + 2]
    assert table.endswith("各镇及森林草原防火相关单位")


def test_compare_in_both_languages_puts_each_replications_english_changes_under_its_chinese(capsys, report):
    lines = compare(capsys).splitlines()
    plan = blackout_plan()
    for entry in report["changed"]:
        zh, en = (changes_text(entry["changes"], plan, language) for language in ("zh", "en"))
        at = next(i for i, line in enumerate(lines) if line.startswith(f"  {entry['replication']} ") and line.endswith(zh))
        assert lines[at + 1].strip() == en
        assert lines[at + 1].index(en) == lines[at].index(zh)  # under it, where the changes begin


# -- the What-if page shows the same ------------------------------------------------------------


def notice_compared(language: str) -> AppTest:
    """The What-if page after comparing the variant notice with the shipped one on the Qingming scenario."""
    at = whatif_page(NOTICE, language, timeout=240)
    at.session_state[f"whatif.text.{NOTICE}"] = VARIANT.read_text(encoding="utf-8")
    at.run()
    at.selectbox(key="whatif.scenario").set_value(SCENARIO.stem)
    at.number_input(key="whatif.n").set_value(RUNS)
    at.number_input(key="whatif.seed").set_value(SEED)
    at.button(key="whatif.go").click().run()
    assert not at.exception and not at.error
    return at


@pytest.mark.parametrize("language, replication, what, none", [
    ("zh", "抽样编号", "改变了什么", "所有重复的各项比较指标均未改变。"),
    ("en", "Replication", "What changed", "No replication changed in any compared measure."),
])
def test_the_what_if_page_lists_the_same_changed_replications_of_a_ban_notice_with_what_changed(
        report, language, replication, what, none):
    at = notice_compared(language)
    table = next(d.value for d in at.dataframe if what in d.value.columns)
    assert list(table[replication]) == [entry["replication"] for entry in report["changed"]]
    plan = blackout_plan()
    assert list(table[what]) == [changes_text(entry["changes"], plan, language) for entry in report["changed"]]
    assert none not in [s.value for s in at.success]
    assert at.selectbox(key="whatif.open.replication").options == [str(e["replication"]) for e in report["changed"]]
    means = next(d.value for d in at.dataframe if what not in d.value.columns and len(d.value) > 5)
    counts = dict(zip(means.iloc[:, 0], means.iloc[:, -1]))
    assert counts[("违规用火次数", "Violations")[language == "en"]] == RUNS
    assert ("级别变更次数", "Level changes")[language == "en"] not in counts  # no response under either plan
    assert idle_line([m for m in report["measures"] if m["idle"]], plan, language) in [c.value for c in at.caption]


@pytest.mark.parametrize("language, unit, name", [("zh", "单位", "各镇及森林草原防火相关单位"),
                                                 ("en", "Unit", "The towns and the fire-prevention units")])
def test_the_what_if_page_says_who_carries_the_extra_work_as_compare_does(report, language, unit, name):
    at = notice_compared(language)
    table = next(d.value for d in at.dataframe if unit in d.value.columns)
    assert list(table[unit])[0] == name
    assert len(table) == len([m for m in report["units"] if m["mean"]][:10])


def test_the_what_if_page_says_when_it_lists_only_the_first_changed_replications(monkeypatch):
    import sim.sweep.compare as compare

    monkeypatch.setattr(compare, "KEPT", 2)
    at = notice_compared("zh")
    table = next(d.value for d in at.dataframe if "改变了什么" in d.value.columns)
    assert len(table) == 2
    assert f"共 {RUNS} 次重复的结果改变；下表列出前 2 次。" in [c.value for c in at.caption]


def test_a_difference_that_rounds_to_nothing_reads_zero_without_a_sign_and_any_other_keeps_its_sign():
    from sim.sweep.words import difference

    assert [difference(v) for v in (-0.001, 0.004, -0.0, 0.0)] == ["0.00"] * 4
    assert [difference(v) for v in (0.006, -0.006, 1.234, -2)] == ["+0.01", "-0.01", "+1.23", "-2.00"]
