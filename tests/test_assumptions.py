"""Assumptions in both languages: every shipped file writes each one in Chinese and in English,
a plain string is refused where it stands, and every face shows the reader's language."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from streamlit.testing.v1 import AppTest

from app_pages import app, page, walk_page
from e2e.id_shapes import ids_in
from sim.cli import main
from sim.coverage import find_source
from sim.engine.run import run_scenario
from sim.inputs import load_case
from sim.event_kinds import clause_label
from sim.inputs.loader import load_plans
from sim.plan import BanNotice, ResponsePlan
from sim.plan.common import Assumption
from sim.ui.plans_page import BAN_SECTIONS, RESPONSE_SECTIONS
from sim.ui.walk_handout import handout_html

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "plans").rglob("*.yaml"))
PLANS = load_plans([ROOT / "plans"])
SEEDS = Path(os.environ.get("TUIYAN_SEEDS", ROOT.parent / "shared" / "seeds"))
HAN = re.compile(r"[\u4e00-\u9fff]")


def written(node: Any) -> Iterator[Any]:
    """Every value written under an ``assumption`` key of a YAML document, as written."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "assumption":
                yield value
            else:
                yield from written(value)
    elif isinstance(node, list):
        for item in node:
            yield from written(item)


def assumptions(model: Any) -> Iterator[Assumption]:
    """Every assumption a loaded plan carries, however deep."""
    if isinstance(model, Assumption):
        yield model
    elif isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from assumptions(getattr(model, name))
    elif isinstance(model, (list, tuple)):
        for item in model:
            yield from assumptions(item)


def test_every_assumption_in_every_shipped_file_has_a_chinese_and_an_english_text():
    count = 0
    for path in SHIPPED:
        for value in written(yaml.safe_load(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}: {str(value)[:60]}"
            assert isinstance(value, dict) and set(value) == {"zh", "en"}, where
            assert HAN.search(value["zh"]) and value["zh"] != value["en"], where
            count += 1
    assert count > 500  # the blackout plan alone carries some 150


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_assumption_names_units_conditions_and_scenarios_by_name_not_by_id(language):
    """The Plans page, the walk-through and its handout show an assumption as written, so
    its text must use the names people read ("The city's headquarters is needed"), never
    the id (``city_escalation``) a rule refers to it by."""
    found = []
    for path in SHIPPED:
        for value in written(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if ids_in(value[language]):
                found.append(f"{path.relative_to(ROOT)}: {ids_in(value[language])}: {value[language][:80]}")
    assert not found, "\n".join(found)


def test_the_id_scan_finds_an_id_written_into_an_assumption():
    assert ids_in("the scenario marks it by the city_escalation condition") == ["city_escalation"]
    assert ids_in("held until report.county_to_city is sent") == ["report.county_to_city"]
    assert ids_in('the scenario marks it by the condition "The city\'s headquarters is needed"') == []


# -- a plain string is refused where it stands -------------------------------------------------


def _plain_string_plan(tmp_path: Path) -> tuple[Path, int]:
    """The straw-burning notice with its first assumption written as one English string."""
    source = ROOT / "plans" / "guyang-straw-burning-ban-2023.yaml"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "assumption:")
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    end = at + 1
    while end < len(lines) and (len(lines[end]) - len(lines[end].lstrip()) > len(indent)):
        end += 1
    lines[at:end] = [f"{indent}assumption: Only the English reason is written here.\n"]
    path = tmp_path / source.name
    path.write_text("".join(lines), encoding="utf-8")
    return path, at + 1


def test_a_plain_string_assumption_is_refused_at_its_line_in_both_languages(tmp_path, capsys):
    path, line = _plain_string_plan(tmp_path)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{line}:" in err and "assumption:" in err
    assert "`assumption` 应有中文和英文两种文字" in err and "written in Chinese and in English" in err
    assert "Traceback" not in err


def test_a_plain_string_assumption_is_refused_in_chinese_only_when_asked(tmp_path, capsys):
    path, line = _plain_string_plan(tmp_path)
    assert main(["validate", "--lang", "zh", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{line}:" in err and "应有中文和英文两种文字" in err and "written in Chinese" not in err


def test_an_assumption_with_its_chinese_text_missing_names_the_missing_field(tmp_path, capsys):
    source = ROOT / "plans" / "guyang-straw-burning-ban-2023.yaml"
    text = source.read_text(encoding="utf-8")
    first_zh = next(line for line in text.splitlines() if line.strip().startswith("zh:")
                    and text.splitlines()[text.splitlines().index(line) - 1].strip() == "assumption:")
    path = tmp_path / source.name
    path.write_text(text.replace(first_zh + "\n", "", 1), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and "assumption.zh: 缺少必填字段 'zh'" in err and "missing required field 'zh'" in err


# -- the command line --------------------------------------------------------------------------


def _rule_with_an_assumption() -> tuple[BanNotice, Any, str, dt.date, str]:
    """A zone rule that states an assumption, one of its zones, a day in its period and an activity."""
    for notice in PLANS.values():
        if not isinstance(notice, BanNotice):
            continue
        periods = {p.id: p for p in notice.periods}
        kinds = {a.kind_of: a.id for a in notice.activities if a.kind_of}
        for rule in notice.rules:
            if rule.assumption and rule.area.zones and rule.periods and periods[rule.periods[0]].dates:
                day = periods[rule.periods[0]].dates.start
                return notice, rule, rule.area.zones[0], day, kinds.get(rule.prohibited[0], rule.prohibited[0])
    raise AssertionError("no ban rule with an assumption, zones and dated periods in plans/")


@pytest.mark.parametrize("language, shown, hidden", [("zh", "zh", "en"), ("en", "en", "zh")])
def test_check_prints_a_rules_assumption_in_the_language_asked(language, shown, hidden, capsys):
    notice, rule, zone, day, activity = _rule_with_an_assumption()
    assert main(["check", "--date", day.isoformat(), "--activity", activity, "--zone", zone,
                 "--lang", language]) == 0
    out = capsys.readouterr().out
    assert getattr(rule.assumption, shown) in out and getattr(rule.assumption, hidden) not in out


def test_check_prints_a_rules_assumption_in_both_languages_by_default(capsys):
    notice, rule, zone, day, activity = _rule_with_an_assumption()
    assert main(["check", "--date", day.isoformat(), "--activity", activity, "--zone", zone]) == 0
    out = capsys.readouterr().out
    assert f"假设 Assumption: {rule.assumption.zh}\n" in out and f"\n      {rule.assumption.en}\n" in out


def test_check_json_gives_an_assumption_in_both_languages(capsys):
    notice, rule, zone, day, activity = _rule_with_an_assumption()
    assert main(["check", "--date", day.isoformat(), "--activity", activity, "--zone", zone, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"zh": rule.assumption.zh, "en": rule.assumption.en} in [r["assumption"] for r in data["rules"]]


def _gazette(plan_id: str) -> Path | None:
    return find_source(PLANS[plan_id], [SEEDS]) if SEEDS.is_dir() else None


@pytest.mark.parametrize("language, shown, hidden", [("zh", "zh", "en"), ("en", "en", "zh")])
def test_coverage_shows_the_assumption_a_citing_rule_states_in_the_language_asked(language, shown, hidden, capsys):
    plan = PLANS["guyang-blackout-2023"]
    source = _gazette(plan.id)
    if source is None:
        pytest.skip("source gazettes not available (set TUIYAN_SEEDS)")
    main(["coverage", str(ROOT / "plans" / f"{plan.id}.yaml"), "--source", str(source), "--lang", language])
    out = capsys.readouterr().out
    step = plan.warning.issue[0]  # cites 4.2.1 and reads 及时 as a number of hours
    assert step.source is not None and step.assumption is not None
    assert getattr(step.assumption, shown) in out and getattr(step.assumption, hidden) not in out


def test_coverage_json_gives_a_citing_rules_assumption_in_both_languages(capsys):
    plan = PLANS["guyang-blackout-2023"]
    source = _gazette(plan.id)
    if source is None:
        pytest.skip("source gazettes not available (set TUIYAN_SEEDS)")
    main(["coverage", str(ROOT / "plans" / f"{plan.id}.yaml"), "--source", str(source), "--json"])
    rules = [r for c in json.loads(capsys.readouterr().out)["clauses"] for r in c["rules"]]
    step = plan.warning.issue[0]
    assert {"zh": step.assumption.zh, "en": step.assumption.en} in [r["assumption"] for r in rules]
    assert all(r["assumption"] is None for r in rules if r["path"] == "units › publicity_dept")


def test_a_step_resting_on_an_assumption_names_it_in_words_not_as_an_id():
    assert clause_label("assumption", "zh") == "假设" and clause_label("assumption", "en") == "Assumption"
    assert clause_label("4.2.1", "zh") == "4.2.1" and clause_label("附件2 三", "zh") == "附件2 三"


# -- the app's pages ----------------------------------------------------------------------------


def rendered(at: AppTest) -> str:
    """Everything a reader sees on the page as text: prose (its marks written with a backslash,
    as drawn), captions, notices and table cells — a number's no-break space to its unit read
    as the space it shows."""
    parts = [re.sub(r"\\(.)", r"\1", e.value) if kind == "markdown" else e.value
             for kind in ("title", "markdown", "caption", "info", "warning", "error", "success") for e in at.get(kind)]
    for frame in at.dataframe:
        parts += [str(cell) for cell in frame.value.to_numpy().ravel()]
    return "\n".join(str(p) for p in parts).replace("\u00a0", " ")


@pytest.mark.parametrize("language, other", [("zh", "en"), ("en", "zh")])
@pytest.mark.parametrize("plan_id", sorted(PLANS))
def test_the_plans_page_shows_assumptions_in_the_readers_language_with_names_not_ids(plan_id, language, other,
                                                                                       monkeypatch):
    from sim.ui import i18n

    # AppTest formats a segmented control's choice outside the script, in the default language
    monkeypatch.setattr(i18n, "DEFAULT", language)
    plan = PLANS[plan_id]
    kind, sections = ("response", RESPONSE_SECTIONS) if isinstance(plan, ResponsePlan) else ("ban", BAN_SECTIONS)
    at = app()
    at.sidebar.radio(key="lang").set_value(language).run()
    at.selectbox(key="plans.plan").set_value(plan_id).run()
    pages = []
    for section in sections:
        if section == "plans.coverage":
            continue  # needs the gazette: see the coverage tests
        at.button_group(key=f"plans.section.{kind}").set_value(section).run()
        assert not at.exception
        pages.append(rendered(at))
    page = "\n".join(pages)
    stated = list(assumptions(plan))
    wrong = [getattr(a, other) for a in stated if getattr(a, other)[:40] in page]
    assert not wrong, wrong[:3]
    assert sum(getattr(a, language) in page for a in stated) >= len(stated) // 2  # the page does show them
    assert ids_in(page) == []


@pytest.mark.parametrize("language, other", [("zh", "en"), ("en", "zh")])
def test_the_duties_give_each_tasks_assumption_in_the_chosen_language(language, other):
    from sim.ui.plans_page import duty_text
    from sim.ui.widgets import markdown_plain

    plan = PLANS["guyang-blackout-2023"]
    shown = "\n".join(duty_text(plan, d, language) for u in plan.units for d in u.duties)
    tasks = [d.task.assumption for u in plan.units for d in u.duties if d.task is not None and d.task.assumption]
    assert tasks and all(markdown_plain(getattr(a, language)) in shown and markdown_plain(getattr(a, other)) not in shown
                         for a in tasks)


def test_the_chinese_walk_through_explains_a_step_by_its_assumption_in_chinese():
    plan = PLANS["guyang-blackout-2023"]
    step = plan.warning.issue[0]
    at = walk_page("winter-ice-storm", 1)
    events = run_scenario(*load_case(ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"), 1)["events"]
    index = next(i for i, e in enumerate(events) if e.get("action") == step.id)
    at.select_slider(key="walk.i").set_value(index + 1).run()
    assert not at.exception
    why = next(m.value for m in at.markdown if m.value.startswith("**条款**"))
    assert f"**假设**：{step.assumption.zh}" in why and step.assumption.en not in why
    handout = handout_html(at.session_state["walk.current"], [events[index]], "zh")
    assert f"{step.assumption.zh}\n{step.assumption.en}" in handout  # the printed handout gives both, a line each


def test_the_chinese_fire_ban_check_shows_a_rules_assumption_in_chinese():
    notice, rule, zone, day, activity = _rule_with_an_assumption()
    at = page("bans")
    at.date_input(key="bans.date").set_value(day)
    at.selectbox(key="bans.activity").set_value(activity)
    at.selectbox(key="bans.zone").set_value(zone)
    at.run()
    shown = rendered(at)
    assert f"假设：{rule.assumption.zh}" in shown and rule.assumption.en not in shown
    at.sidebar.radio(key="lang").set_value("en").run()
    shown = rendered(at)
    assert f"Assumption: {rule.assumption.en}" in shown and rule.assumption.zh not in shown


def test_the_chinese_coverage_section_gives_a_citing_rules_assumption_in_chinese(monkeypatch):
    plan = PLANS["guyang-blackout-2023"]
    if _gazette(plan.id) is None:
        pytest.skip("source gazettes not available (set TUIYAN_SEEDS)")
    monkeypatch.setenv("TUIYAN_SOURCES", str(SEEDS))
    step = plan.warning.issue[0]
    at = app()
    at.selectbox(key="plans.plan").set_value(plan.id).run()
    at.button_group(key="plans.section.response").set_value("plans.coverage").run()
    clause = at.selectbox(key="coverage.clause")
    clause.set_value(next(i for i, label in enumerate(clause.options) if label.startswith(step.source.clause + " ")))
    at.run()
    assert not at.exception
    notes = [c.value for c in at.caption if "假设" in c.value]
    assert any(step.assumption.zh in n for n in notes) and not any(step.assumption.en in n for n in notes)


def _late_twice(clause: str):
    """A drill's state and evaluation in which two actions under ``clause`` were both done late."""
    from types import SimpleNamespace as NS

    items = [NS(points=1, clause=clause, status="late", due_h=h, role="county") for h in (1.0, 2.0)]
    state = NS(inputs=NS(scenario=NS(start=dt.datetime(2024, 1, 15, 6, 0))),
               catalogue=NS(unit_name=lambda role: {"zh": "县人民政府", "en": "County government"}))
    return state, NS(items=items)


def test_a_deadline_no_unit_met_names_its_clause_or_says_the_limit_was_assumed():
    from sim.drills.findings import _deadlines

    (cited,) = _deadlines(*_late_twice("4.3"))
    assert cited.text["zh"].startswith("条款 4.3 的 2 项行动") and "time limit of clause 4.3 can" in cited.advice["en"]
    (assumed,) = _deadlines(*_late_twice("assumption"))
    assert assumed.text["zh"].startswith("依假设设定时限") and "assumption" not in assumed.text["zh"]
    assert "the assumed time limit" in assumed.advice["en"] and "clause assumption" not in assumed.advice["en"]
