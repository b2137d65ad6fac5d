"""``lint``: shipped plans are clean; each kind of mistake in a broken copy is flagged."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from sim.cli import main
from sim.lint import lint_plan
from sim.inputs.loader import load_plan, plan_paths
from sim.plan import PLAN_ADAPTER
from sim.inputs.yaml_source import parse

ROOT = Path(__file__).resolve().parent.parent
BLACKOUT = ROOT / "plans" / "guyang-blackout-2023.yaml"
SHIPPED = plan_paths([ROOT / "plans"])
RAW, _ = parse(BLACKOUT.read_text(encoding="utf-8"), str(BLACKOUT))


@pytest.mark.parametrize("path", [*SHIPPED, ROOT / "tests" / "data" / "national-style-plan.yaml"],
                         ids=lambda p: p.name)
def test_plans_are_clean(path):
    assert lint_plan(load_plan(path)) == []


def lint_changed(change) -> list[tuple[tuple, str]]:
    data = copy.deepcopy(RAW)
    change(data)
    return lint_plan(PLAN_ADAPTER.validate_python(data))


def both(findings) -> list[tuple[tuple, str, str]]:
    """Each finding in Chinese and in English, as a reader of either sees it."""
    return [(path, message.zh, message.en) for path, message in findings]


def level(data, i):
    return data["severity_levels"][i]["criteria"]


def unit(data, unit_id):
    return next(u for u in data["units"] if u["id"] == unit_id)


def test_gap_between_levels():
    def change(d):
        level(d, 1)["any_of"][0]["max"] = 55  # serious load shed stops at 55, major starts at 60
    assert both(lint_changed(change)) == [
        (("severity_levels", 1, "criteria", "any_of", 0, "max"),
         "缺口：减供负荷比例从 55 到 60 既不属于较大大面积停电事件，也不属于重大大面积停电事件",
         "gap: Load shed (share of the county grid's load) from 55 to 60 meets neither Serious large-area blackout "
         "nor Major large-area blackout"),
    ]


def test_overlap_between_levels():
    def change(d):
        level(d, 2)["any_of"][1]["max"] = 55  # general customers run into serious (from 50)
    assert both(lint_changed(change)) == [
        (("severity_levels", 2, "criteria", "any_of", 1, "max"),
         "重叠：停电供电用户比例从 50 到 55 同时属于一般大面积停电事件和较大大面积停电事件",
         "overlap: Customers without power from 50 to 55 lies in both General large-area blackout and "
         "Serious large-area blackout"),
    ]


def test_gap_above_the_most_severe_band():
    def change(d):
        level(d, 0)["any_of"][0]["max"] = 90
    (finding,) = lint_changed(change)
    assert finding[0] == ("severity_levels", 0, "criteria", "any_of", 0, "max")
    assert finding[1].zh == "缺口：减供负荷比例从 90 起不属于任何级别（最高一级“重大大面积停电事件”的区间止于此）"
    assert finding[1].en == ("gap: Load shed (share of the county grid's load) from 90 up meets no level "
                             "(the most severe band, Major large-area blackout, stops there)")


def test_shadowed_level_is_unreachable():
    def change(d):
        d["severity_levels"][2]["criteria"] = {"metric": "load_shed_pct", "min": 45, "max": 58}
    found = dict(lint_changed(change))[("severity_levels", 2, "criteria")]
    assert found.zh == "事件级别“一般大面积停电事件”永远达不到：它涵盖的每种情况都已达到更严重的级别（重大大面积停电事件、较大大面积停电事件）"
    assert found.en == ("the severity level “General large-area blackout” is unreachable: every case it covers already "
                        "meets a more severe level (Major large-area blackout, Serious large-area blackout)")


def test_level_that_can_never_hold():
    def change(d):
        d["severity_levels"][2]["criteria"] = {
            "all_of": [{"metric": "load_shed_pct", "min": 30}, {"metric": "load_shed_pct", "max": 25}]}
    found = dict(lint_changed(change))[("severity_levels", 2, "criteria")]
    assert found.zh == "事件级别“一般大面积停电事件”永远不会达到：其区间相互矛盾或超出指标可能的取值"
    assert found.en == ("the severity level “General large-area blackout” can never be met: its ranges contradict each "
                        "other or lie outside the metrics' possible values")


def test_threshold_beyond_a_share_can_never_hold():
    def change(d):
        d["severity_levels"][2]["criteria"] = {"metric": "customers_out_pct", "min": 120}
    findings = dict(lint_changed(change))
    assert "can never be met" in findings[("severity_levels", 2, "criteria")]


def test_member_unit_without_duty():
    def change(d):
        unit(d, "finance")["duties"] = []
    assert both(lint_changed(change)) == [(("units", 6, "duties"), "成员单位县财政局没有职责",
                                           "the member unit County Finance Bureau has no duty")]


def test_unit_with_no_part_in_the_plan():
    def change(d):
        d["units"].append({"id": "bystander", "kind": "enterprise", "name": {"zh": "旁观者", "en": "Bystander"}})
    assert both(lint_changed(change)) == [
        (("units", len(RAW["units"]), "id"), "旁观者没有职责，在预案中也没有任何角色",
         "Bystander: no duty, and no part anywhere in the plan")]


def test_measure_no_duty_carries_out():
    def change(d):
        for duty in unit(d, "key_power_users")["duties"]:
            duty.pop("measure")
    measures = [m["id"] for m in RAW["measures"]]
    assert both(lint_changed(change)) == [
        (("measures", measures.index("key_user_response"), "units"),
         "没有职责落实措施“重要电力用户应对措施”：其所列单位都没有 measure: key_user_response 的职责",
         "no duty carries out the measure “Important users' measures”: none of its units has a duty with "
         "measure: key_user_response"),
    ]


def test_duty_for_a_measure_that_does_not_list_its_unit():
    def change(d):
        unit(d, "meteorology")["duties"][0]["measure"] = "power_response"
    ((path, message),) = lint_changed(change)
    assert path[-1] == "measure" and message.endswith("which does not list County Meteorological Bureau")
    assert message.zh.endswith("但该措施未列入县气象局")
    duty = unit(RAW, "meteorology")["duties"][0]["text"]
    assert message.zh.startswith(f"职责“{duty['zh'][:30]}") and "meteorology" not in message.zh  # by its words


def test_listed_unit_without_a_duty_for_the_measure():
    def change(d):
        next(m for m in d["measures"] if m["id"] == "social_stability")["units"].append("water")
    ((path, message),) = lint_changed(change)
    assert message == "County Water Affairs Bureau: listed for the measure “Keeping society stable”, but with no duty for it"
    assert message.zh == "县水务局列入措施“维护社会稳定应对措施”，但没有相应职责"


def test_reporting_chain_to_nowhere():
    def change(d):
        d["reporting"]["hops"][1]["to"] = ["higher_power_authority"]  # the bureau no longer tells the county
    findings = dict(lint_changed(change))
    found = findings[("reporting", "decision", "unit")]
    assert found.en == ("no chain of report hops from Guyang Branch of the Baotou Power Supply Company reaches the "
                        "decision-maker, Guyang County People's Government")
    assert found.zh == "从包头供电公司固阳县分公司出发的报告链到达不了决策单位固阳县人民政府"
    hop = findings[("reporting", "hops", 2, "from")]  # a hop has no name: it reads as who reports to whom
    assert hop.zh == ("报告环节“固阳县人民政府 → 包头市人民政府”始于固阳县人民政府，"
                      "但从包头供电公司固阳县分公司出发的报告到达不了该单位")
    assert hop.en.startswith("the report hop “Guyang County People's Government → Baotou Municipal People's "
                             "Government” starts at Guyang County People's Government, whom no report from")


def test_impossible_termination_condition():
    def change(d):
        d["termination"]["conditions"][1]["check"]["all_of"][0]["min"] = 120  # 120 % of the load restored
    findings = dict(lint_changed(change))
    assert "can never hold" in findings[("termination", "conditions", 1, "check")]
    condition = RAW["termination"]["conditions"][1]
    assert findings[("termination", "conditions", 1, "check")].zh.startswith(f"终止条件“{condition['text']['zh'][:30]}")
    assert condition["id"] not in findings[("termination", "conditions", 1, "check")].zh  # by its words, not its id


def test_zero_open_incidents_written_as_max_0_can_never_hold():
    def change(d):
        d["termination"]["conditions"][3]["check"] = {"metric": "open_secondary_incidents", "max": 0}
    findings = dict(lint_changed(change))
    assert "can never hold" in findings[("termination", "conditions", 3, "check")]


def test_contradictory_termination_conditions():
    def change(d):
        d["termination"]["conditions"][0]["check"] = {"metric": "load_restored_pct", "max": 50}
    findings = dict(lint_changed(change))
    assert findings[("termination", "conditions")] == (
        "the termination conditions contradict each other: they can never all hold at once")


def test_hop_testing_an_unknown_severity():
    def change(d):
        d["reporting"]["hops"][2]["only_if"]["in"] = ["catastrophic"]
    ((path, message),) = lint_changed(change)
    assert path == ("reporting", "hops", 2, "only_if", "in")
    assert "'catastrophic', which is no severity level" in message


def test_severity_level_that_starts_no_response():
    def change(d):
        d["response_levels"].pop()
        for u in d["units"]:
            for duty in u.get("duties", []):
                if duty.get("trigger", {}).get("min_level") == "III":
                    duty["trigger"].pop("min_level")
    found = dict(lint_changed(change))[("severity_levels", 2, "id")]
    assert (found.zh, found.en) == ("事件级别“一般大面积停电事件”不启动任何响应级别",
                                    "the severity level “General large-area blackout” starts no response level")


# ---- the command ------------------------------------------------------------------------

def test_command_is_clean_on_the_shipped_plans(capsys):
    assert main(["lint", str(ROOT / "plans")]) == 0
    n = len(SHIPPED)
    assert capsys.readouterr().out.strip() == f"{n} 个预案未发现问题 · {n} plans clean"


def test_command_speaks_one_language_when_asked(capsys):
    assert main(["lint", str(ROOT / "plans"), "--lang", "zh"]) == 0
    assert capsys.readouterr().out.strip() == f"{len(SHIPPED)} 个预案未发现问题"
    assert main(["--lang", "en", "lint", str(ROOT / "plans")]) == 0
    assert capsys.readouterr().out.strip() == f"{len(SHIPPED)} plans clean"


def test_command_points_at_the_line(tmp_path, capsys):
    text = BLACKOUT.read_text(encoding="utf-8")
    old = "          min: 40\n          max: 60\n"
    assert text.count(old) == 1
    broken = tmp_path / BLACKOUT.name
    broken.write_text(text.replace(old, "          min: 40\n          max: 55\n"), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 2
    assert main(["lint", str(broken), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert out == (f"{broken}:{line}:11: severity_levels.1.criteria.any_of.0.max: "
                   "gap: Load shed (share of the county grid's load) from 55 to 60 meets neither "
                   "Serious large-area blackout nor Major large-area blackout\n")
    assert main(["lint", str(broken), "--lang", "zh"]) == 1
    assert capsys.readouterr().out == (f"{broken}:{line}:11: severity_levels.1.criteria.any_of.0.max: "
                                       "缺口：减供负荷比例从 55 到 60 既不属于较大大面积停电事件，也不属于重大大面积停电事件\n")


def test_command_reports_an_invalid_file_as_bad_input(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nkind: response_plan\n", encoding="utf-8")
    assert main(["lint", str(broken)]) == 2
    assert f"{broken}:" in capsys.readouterr().err


# ---- findings read in Chinese name levels, never ids ------------------------------------

def _lowered_to(value):
    def change(d):
        level(d, 0)["any_of"][0]["min"] = value  # the major load-shed row, as a planner might mistype it
    return change


def _shadowed(d):
    d["severity_levels"][2]["criteria"] = {"metric": "load_shed_pct", "min": 45, "max": 58}


def _contradictory(d):
    d["severity_levels"][2]["criteria"] = {
        "all_of": [{"metric": "load_shed_pct", "min": 30}, {"metric": "load_shed_pct", "max": 25}]}


@pytest.mark.parametrize(("change", "key"), [
    (_contradictory, "lint.level_never_met"),
    (_shadowed, "lint.level_unreachable"),
    (_lowered_to(150), "lint.row_never_met"),
    (_lowered_to(-60), "lint.row_shadowed"),
], ids=["level never met", "level unreachable", "row never met", "row shadowed"])
def test_a_level_or_row_that_can_never_decide_reads_in_chinese_without_an_english_word_or_id(change, key):
    findings = [message for _, message in lint_changed(change) if message.key == key]
    assert findings
    for message in findings:
        assert not re.search(r"[A-Za-z]", message.zh), message.zh
        assert "大面积停电事件" in message.zh
        assert "large-area blackout" in message.en
