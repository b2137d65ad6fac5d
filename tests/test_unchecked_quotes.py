"""A quote whose wording could not be checked against a published copy says so wherever it is shown.

The national example plan (国办函〔2015〕134号) quotes a text of which no public copy of the
body was found; its sources carry ``checked: false`` and every face — ``classify``, the
Plans page's tables, the Walk-through's "why", the Run page's log — marks them, while the
quotes that were checked (and every quote of the Guyang plans) are shown as they are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from sim.cli import main
from sim.engine.run import run_scenario
from sim.inputs import load_case
from sim.inputs.loader import load_plan
from sim.plan.common import Source
from sim.ui.describe import source_cells
from sim.event_rules import explain

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "plans" / "examples" / "national-blackout-2015.yaml"
GUYANG = ROOT / "plans" / "guyang-blackout-2023.yaml"
ICE_STORM = ROOT / "plans" / "examples" / "scenarios" / "mengxi-ice-storm.yaml"
MARK = {"zh": "（未经核对公开原文）", "en": " (not checked against a published copy)"}


def sources_of(node):
    """Every Source in a plan model, walked through its fields."""
    if isinstance(node, Source):
        yield node
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from sources_of(item)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from sources_of(getattr(node, name))


def test_the_national_plan_marks_every_quote_but_the_two_checked_against_a_published_copy():
    plan = load_plan(NATIONAL, require_stem=False)
    checked = [(s.clause, s.quote) for s in sources_of(plan) if s.checked is not False]
    assert checked == [("通知", "经国务院同意，现将《国家大面积停电事件应急预案》印发给你们，请认真组织实施。"),
                       ("2.4", "电力企业")]
    assert sum(1 for s in sources_of(plan) if s.checked is False) == 114


def test_no_guyang_quote_is_marked_unchecked():
    assert all(s.checked is None for s in sources_of(load_plan(GUYANG)))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_unchecked_quote_is_marked_in_the_readers_language_and_a_checked_one_is_not(language):
    unchecked = Source(clause="4.1", quote="启动Ⅰ级应急响应", checked=False)
    checked = Source(clause="4.1", quote="启动Ⅰ级应急响应")
    assert unchecked.line(language) == f"4.1 「启动Ⅰ级应急响应」{MARK[language]}"
    assert checked.line(language) == "4.1 「启动Ⅰ级应急响应」"

    class Rule:
        source, assumption = unchecked, None

    assert list(source_cells(Rule, language).values()) == ["4.1", f"启动Ⅰ级应急响应{MARK[language]}"]


def test_classify_json_flags_only_the_unchecked_sources(capsys):
    assert main(["classify", str(NATIONAL), "--grid-scope", "provincial", "--grid-load-mw", "6000",
                 "--metric", "load_shed_pct=45", "--json"]) == 0
    sources = json.loads(capsys.readouterr().out)["sources"]
    assert sources and all(s["checked"] is False for s in sources)
    assert main(["classify", str(GUYANG), "--metric", "load_shed_pct=25", "--metric", "customers_out_pct=72",
                 "--json"]) == 0
    assert all("checked" not in s for s in json.loads(capsys.readouterr().out)["sources"])


@pytest.mark.parametrize("language, mark", [("zh", MARK["zh"]), ("en", MARK["en"]), ("both", MARK["zh"] + MARK["en"])])
def test_classify_text_marks_each_unchecked_source_line(capsys, language, mark):
    assert main(["classify", str(NATIONAL), "--grid-scope", "provincial", "--grid-load-mw", "6000",
                 "--metric", "load_shed_pct=45", "--lang", language]) == 0
    out = capsys.readouterr().out
    assert f"  • 4.1 「初判发生特别重大大面积停电事件，启动Ⅰ级应急响应」{mark}\n" in out


def test_the_walk_through_explains_the_national_runs_declarations_with_their_quotes_marked_unchecked():
    scenario, plans, area = load_case(ICE_STORM)
    events = run_scenario(scenario, plans, area, 7)["events"]
    declared = [e for e in events if e["action"] == "declare_response"]
    assert declared
    for event in declared:
        why = explain(event, plans)
        assert why is not None and why.quote.startswith("初判发生")
        assert (why.quoted("zh"), why.quoted("en")) == (f"「{why.quote}」{MARK['zh']}", f"「{why.quote}」{MARK['en']}")
