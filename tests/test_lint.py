"""``lint``: shipped plans are clean; each kind of mistake in a broken copy is flagged."""

from __future__ import annotations

import copy
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


def level(data, i):
    return data["severity_levels"][i]["criteria"]


def unit(data, unit_id):
    return next(u for u in data["units"] if u["id"] == unit_id)


def test_gap_between_levels():
    def change(d):
        level(d, 1)["any_of"][0]["max"] = 55  # serious load shed stops at 55, major starts at 60
    assert lint_changed(change) == [
        (("severity_levels", 1, "criteria", "any_of", 0, "max"),
         "gap: load_shed_pct from 55 to 60 meets neither serious nor major"),
    ]


def test_overlap_between_levels():
    def change(d):
        level(d, 2)["any_of"][1]["max"] = 55  # general customers run into serious (from 50)
    assert lint_changed(change) == [
        (("severity_levels", 2, "criteria", "any_of", 1, "max"),
         "overlap: customers_out_pct from 50 to 55 lies in both general and serious"),
    ]


def test_gap_above_the_most_severe_band():
    def change(d):
        level(d, 0)["any_of"][0]["max"] = 90
    (finding,) = lint_changed(change)
    assert finding[0] == ("severity_levels", 0, "criteria", "any_of", 0, "max")
    assert finding[1].startswith("gap: load_shed_pct from 90 up meets no level")


def test_shadowed_level_is_unreachable():
    def change(d):
        d["severity_levels"][2]["criteria"] = {"metric": "load_shed_pct", "min": 45, "max": 58}
    findings = dict(lint_changed(change))
    assert findings[("severity_levels", 2, "criteria")] == (
        "level 'general' is unreachable: every case it covers already meets a more severe level ('major', 'serious')")


def test_level_that_can_never_hold():
    def change(d):
        d["severity_levels"][2]["criteria"] = {
            "all_of": [{"metric": "load_shed_pct", "min": 30}, {"metric": "load_shed_pct", "max": 25}]}
    findings = dict(lint_changed(change))
    assert "can never be met" in findings[("severity_levels", 2, "criteria")]


def test_threshold_beyond_a_share_can_never_hold():
    def change(d):
        d["severity_levels"][2]["criteria"] = {"metric": "customers_out_pct", "min": 120}
    findings = dict(lint_changed(change))
    assert "can never be met" in findings[("severity_levels", 2, "criteria")]


def test_member_unit_without_duty():
    def change(d):
        unit(d, "finance")["duties"] = []
    assert lint_changed(change) == [(("units", 6, "duties"), "member unit 'finance' has no duty")]


def test_unit_with_no_part_in_the_plan():
    def change(d):
        d["units"].append({"id": "bystander", "kind": "enterprise", "name": {"zh": "旁观者", "en": "Bystander"}})
    assert lint_changed(change) == [
        (("units", len(RAW["units"]), "id"), "unit 'bystander' has no duty and no part anywhere in the plan")]


def test_measure_no_duty_carries_out():
    def change(d):
        for duty in unit(d, "key_power_users")["duties"]:
            duty.pop("measure")
    measures = [m["id"] for m in RAW["measures"]]
    assert lint_changed(change) == [
        (("measures", measures.index("key_user_response"), "units"),
         "no duty carries out measure 'key_user_response': none of its units has a duty with measure: key_user_response"),
    ]


def test_duty_for_a_measure_that_does_not_list_its_unit():
    def change(d):
        unit(d, "meteorology")["duties"][0]["measure"] = "power_response"
    ((path, message),) = lint_changed(change)
    assert path[-1] == "measure" and "does not list unit 'meteorology'" in message


def test_listed_unit_without_a_duty_for_the_measure():
    def change(d):
        next(m for m in d["measures"] if m["id"] == "social_stability")["units"].append("water")
    ((path, message),) = lint_changed(change)
    assert message == "unit 'water' is listed for measure 'social_stability' but has no duty for it"


def test_reporting_chain_to_nowhere():
    def change(d):
        d["reporting"]["hops"][1]["to"] = ["higher_power_authority"]  # the bureau no longer tells the county
    findings = dict(lint_changed(change))
    assert findings[("reporting", "decision", "unit")] == (
        "no chain of report hops from 'power_company' reaches the decision-maker 'county_government'")
    assert ("reporting", "hops", 2, "from") in findings


def test_impossible_termination_condition():
    def change(d):
        d["termination"]["conditions"][1]["check"]["all_of"][0]["min"] = 120  # 120 % of the load restored
    findings = dict(lint_changed(change))
    assert "can never hold" in findings[("termination", "conditions", 1, "check")]


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
    findings = dict(lint_changed(change))
    assert findings[("severity_levels", 2, "id")] == "severity level 'general' starts no response level"


# ---- the command ------------------------------------------------------------------------

def test_command_is_clean_on_the_shipped_plans(capsys):
    assert main(["lint", str(ROOT / "plans")]) == 0
    n = len(SHIPPED)
    assert capsys.readouterr().out.strip() == f"{n} 个预案未发现问题 · {n} plan(s) clean"


def test_command_speaks_one_language_when_asked(capsys):
    assert main(["lint", str(ROOT / "plans"), "--lang", "zh"]) == 0
    assert capsys.readouterr().out.strip() == f"{len(SHIPPED)} 个预案未发现问题"
    assert main(["--lang", "en", "lint", str(ROOT / "plans")]) == 0
    assert capsys.readouterr().out.strip() == f"{len(SHIPPED)} plan(s) clean"


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
                   "gap: load_shed_pct from 55 to 60 meets neither serious nor major\n")
    assert main(["lint", str(broken), "--lang", "zh"]) == 1
    assert capsys.readouterr().out == (f"{broken}:{line}:11: severity_levels.1.criteria.any_of.0.max: "
                                       "缺口：load_shed_pct 从 55 到 60 既不属于 serious 也不属于 major\n")


def test_command_reports_an_invalid_file_as_bad_input(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nkind: response_plan\n", encoding="utf-8")
    assert main(["lint", str(broken)]) == 2
    assert f"{broken}:" in capsys.readouterr().err
