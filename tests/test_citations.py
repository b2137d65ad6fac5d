"""A rule's citation reads the same wherever it is shown: where it stands, its quote, its assumption."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sim.inputs.loader import load_plan
from sim.plan.common import Assumption, Source
from sim.plan.criteria import MetricThreshold
from sim.ui.describe import source_cells, threshold_notes
from sim.event_kinds import clause_label
from sim.engine.run import run_scenario
from sim.event_rules import Explanation, entry_clause, explain
from sim.inputs import load_case
from sim.ui.walk import ground_text

ROOT = Path(__file__).resolve().parent.parent
GUYANG = ROOT / "plans" / "guyang-blackout-2023.yaml"
MINI = ROOT / "tests" / "data" / "engine" / "plans"
OTHER = Source(document="包头市打赢蓝天保卫战三年行动计划实施方案", clause="三（六）26", quote="市城管执法局牵头负责")
ASSUMED = Assumption(zh="原文未给出数值，取常用值。", en="The text gives no number; a usual value is taken.")
LABELLED = {"zh": "假设：", "en": "Assumption: "}


def test_a_citation_of_another_document_names_its_title_before_the_clause():
    assert OTHER.at("zh") == "包头市打赢蓝天保卫战三年行动计划实施方案 三（六）26"
    assert OTHER.line("zh") == "包头市打赢蓝天保卫战三年行动计划实施方案 三（六）26 「市城管执法局牵头负责」"
    assert Source(clause="5.4", quote="启动应急响应").line("en") == "5.4 「启动应急响应」"


def test_a_citation_in_english_reads_the_clause_in_english_and_keeps_a_title_given_only_as_written_and_the_quote():
    assert OTHER.at("zh") == f"{OTHER.document} {OTHER.clause}"  # Chinese reads as the plan writes it
    assert OTHER.line("en") == "包头市打赢蓝天保卫战三年行动计划实施方案 III(6) 26 「市城管执法局牵头负责」"
    assert Source(clause="附件2 三", quote="负责组织协调").line("en") == "Annex 2, III 「负责组织协调」"


def test_an_unchecked_quote_in_both_languages_carries_the_chinese_mark_then_the_english():
    unchecked = Source(clause="4.1", quote="启动Ⅰ级应急响应", checked=False)
    assert unchecked.quoted("both") == "「启动Ⅰ级应急响应」（未经核对公开原文） (not checked against a published copy)"
    assert unchecked.quoted("zh", brackets=False) == "启动Ⅰ级应急响应（未经核对公开原文）"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_thresholds_assumption_follows_its_citation_outside_the_quote_marks(language):
    plan = load_plan(GUYANG)
    leaf = MetricThreshold(metric="load_shed_pct", min=10, source=Source(clause="附件1", quote="减供负荷10%以上"),
                           assumption=ASSUMED)
    (note,) = threshold_notes(leaf, plan, language)
    annex = {"zh": "附件1", "en": "Annex 1"}[language]
    assert note.endswith(f" — {annex} 「减供负荷10%以上」\n{LABELLED[language]}{getattr(ASSUMED, language)}")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_tables_cells_and_the_walk_throughs_grounds_cite_a_rule_by_the_same_words(language):
    class Rule:
        source, assumption, text = OTHER, ASSUMED, {"zh": "查处", "en": "Enforcement"}

    clause, quote = source_cells(Rule, language).values()
    assert clause == OTHER.at(language, clause_first=True)
    assert quote == f"{OTHER.quote}\n{LABELLED[language]}{getattr(ASSUMED, language)}"
    ground = Explanation(clause=OTHER.clause, assumption=None, text=Rule.text, source=OTHER)
    assert OTHER.line(language) in ground_text(ground, language)


def test_a_tables_clause_column_gives_the_clause_before_the_title_of_its_document_and_prose_after_it():
    """A table's Clause column is narrow and its rows show a few lines: the clause comes first,
    so a long title cuts itself, never the clause; the title still names the document."""
    assert OTHER.at("zh", clause_first=True) == "三（六）26 · 包头市打赢蓝天保卫战三年行动计划实施方案"
    assert OTHER.at("en", clause_first=True) == "III(6) 26 · 包头市打赢蓝天保卫战三年行动计划实施方案"
    title = {"zh": "固阳县大面积停电事件应急预案", "en": "Guyang County Blackout Plan"}
    own = Source(clause="附件2 三", quote="负责组织协调")
    assert own.at("en", title, clause_first=True) == "Annex 2, III · Guyang County Blackout Plan"
    assert own.at("zh", title) == "固阳县大面积停电事件应急预案 附件2 三"
    why = Explanation(clause=own.clause, assumption=None, text=None, source=own, document=title)
    assert entry_clause({"source": own.clause}, why, "zh", clause_first=True) == "附件2 三 · 固阳县大面积停电事件应急预案"
    assert Source(clause="5.4", quote="启动").at("zh", clause_first=True) == "5.4"  # the plan's own, in a run of one


def test_a_log_entry_cites_where_its_rule_stands_else_says_in_words_what_it_follows():
    why = Explanation(clause=OTHER.clause, assumption=None, text=None, source=OTHER)
    assert entry_clause({"source": OTHER.clause}, why, "zh") == "包头市打赢蓝天保卫战三年行动计划实施方案 三（六）26"
    assumed = Explanation(clause="", assumption=ASSUMED, text=None)  # a rule that cites nothing
    assert entry_clause({"source": "assumption"}, assumed, "zh") == "假设"
    assert entry_clause({"source": "model"}, None, "en") == "Simulation model"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_after_action_reports_timeline_names_the_other_document_an_entrys_clause_stands_in(language):
    from sim import report

    notice = load_plan(ROOT / "plans" / "baotou-fireworks-ban-2024.yaml")
    unit = next(u for u in notice.units if u.duties and u.duties[0].source and u.duties[0].source.document)
    duty = unit.duties[0]
    entry = {"t_h": 2.0, "unit": unit.id, "action": duty.id, "source": duty.source.clause, "plan": notice.id,
             "text": {"zh": duty.text.zh, "en": duty.text.en}}
    result = {"start": "2024-02-09T18:00:00", "horizon_h": 10, "events": [entry], "summary": {}}
    timeline = report.sections(result, plans=[notice], language=language)[-1]
    assert timeline.title == report.label("timeline", language)
    clause = timeline.rows[0][timeline.header.index(report.label("common.clause", language))]
    title = getattr(duty.source.document, language)  # the title in the reader's language, translated where it is English
    # the clause first, as in every table's Clause column; the title after it
    assert clause == duty.source.at(language, clause_first=True) == f"{clause_label(duty.source.clause, language)} · {title}"
    assert f"| {clause} |" in report.markdown(result, plans=[notice], language=language)


def test_a_measure_and_a_response_level_that_share_their_ids_with_duties_are_each_cited_by_their_own_rule(tmp_path):
    """Ids are unique only within their kind: a duty may be called as a measure or a response
    level is, and every entry of the run still cites the rule it follows, not its namesake."""
    shutil.copytree(MINI, tmp_path / "plans")
    plan_file = tmp_path / "plans" / "mini-plan.yaml"
    text = plan_file.read_text(encoding="utf-8")
    clashing = text.replace("- id: bureau.coordinate\n", "- id: power\n").replace("- id: police.patrol\n", "- id: I\n")
    assert clashing.count("id: power") == clashing.count("id: I\n") == 2  # the measure's and the level's, the duties'
    plan_file.write_text(clashing, encoding="utf-8")
    scenario, plans, area = load_case(tmp_path / "plans" / "scenarios" / "mini-storm.yaml")
    plan = plans["mini-plan"]
    measure, level = _one(plan.measures, "power"), _one(plan.response_levels, "I")
    duties = {duty.id: duty for _, duty in plan.all_duties()}
    events = run_scenario(scenario, plans, area, 7)["events"]

    def cited(action: str, **fields) -> list:
        found = [explain(e, plans) for e in events
                 if e["action"] == action and all(e.get(k) == v for k, v in fields.items())]
        assert found, action
        return [(why.clause, why.quote) for why in found]

    def own(rule) -> tuple[str, str]:
        return rule.source.clause, rule.source.quote

    assert set(cited("activate_measure", measure="power")) == {own(measure)}
    assert set(cited("power")) == {own(duties["power"])} != {own(measure)}
    assert set(cited("declare_response", to="I")) == {own(level)}
    assert set(cited("I")) == {own(duties["I"])} != {own(level)}


def _one(rules, rule_id: str):
    return next(rule for rule in rules if rule.id == rule_id)


def test_a_ban_notices_penalty_sharing_its_id_with_a_rule_is_cited_as_the_penalty_and_the_rule_as_the_rule(tmp_path):
    """A notice's penalties and rules keep ids of their own kind: the entry that issues the
    penalty cites the penalty's clause, the entry that stops the violation the rule's."""
    source = ROOT / "plans" / "guyang-fire-ban-2023.yaml"
    text = source.read_text(encoding="utf-8")
    assert text.count("lockdown_violation_liability") == 2  # the penalty's id and the rule's list of penalties
    file = tmp_path / source.name
    file.write_text(text.replace("lockdown_violation_liability", "lockdown_no_outdoor_fire"), encoding="utf-8")
    notice = load_plan(file)
    plans = {notice.id: notice}
    penalty, rule = _one(notice.penalties, "lockdown_no_outdoor_fire"), _one(notice.rules, "lockdown_no_outdoor_fire")
    assert penalty.source.clause != rule.source.clause
    issued = {"action": "penalty", "plan": notice.id, "source": penalty.source.clause, "penalty": penalty.id}
    stopped = {"action": "stop_violation", "plan": notice.id, "source": rule.source.clause,
               "rules": [f"{notice.id}/{rule.id}"]}
    assert (explain(issued, plans).source, explain(issued, plans).text) == (penalty.source, penalty.text)
    assert (explain(stopped, plans).source, explain(stopped, plans).text) == (rule.source, rule.text)


GRASSLAND = ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml"
WINTER = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"


def _run(path: Path) -> tuple[dict, dict]:
    scenario, plans, area = load_case(path)
    return run_scenario(scenario, plans, area, 7), plans


@pytest.mark.parametrize("language", ["zh", "en"])
def test_in_a_run_of_several_plans_each_entrys_clause_follows_its_plans_title_in_prose_and_comes_first_in_a_table(language):
    from sim import report

    result, plans = _run(GRASSLAND)
    declared = next(e for e in result["events"] if e["action"] == "declare_response")
    blackout = plans[declared["plan"]]
    level = next(level for level in blackout.response_levels if level.id == declared["to"])
    expected = f"{getattr(blackout.title, language)} {clause_label(level.source.clause, language)}"
    assert entry_clause(declared, explain(declared, plans), language) == expected  # prose
    timeline = report.sections(result, plans=plans, language=language)[-1]
    column = timeline.header.index(report.label("common.clause", language))
    in_table = f"{clause_label(level.source.clause, language)} · {getattr(blackout.title, language)}"
    assert in_table in [row[column] for row in timeline.rows]  # the after-action report's table: the clause first
    assert expected not in [row[column] for row in timeline.rows]
    ban = next(e for e in result["events"] if e.get("plan") in plans and e["plan"] != blackout.id
               and e.get("source") and explain(e, plans).source is not None and not explain(e, plans).source.document)
    assert entry_clause(ban, explain(ban, plans), language).startswith(getattr(plans[ban["plan"]].title, language) + " ")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_in_a_run_of_several_plans_the_walk_throughs_grounds_cite_their_plans_title(language):
    from sim.ui.walk import entry_grounds, ground_lines

    result, plans = _run(GRASSLAND)
    declared = next(e for e in result["events"] if e["action"] == "declare_response")
    blackout = plans[declared["plan"]]
    lines = [said for kind, ground in entry_grounds({"result": result, "plans": plans}, declared)
             for _, said in ground_lines(kind, ground, blackout, language)]
    level = next(level for level in blackout.response_levels if level.id == declared["to"])
    assert any(f"{getattr(blackout.title, language)} {level.source.line(language)}" in said for said in lines), lines


@pytest.mark.parametrize("language", ["zh", "en"])
def test_in_a_run_of_one_plan_a_clause_stands_alone_without_the_plans_title(language):
    from sim.ui.walk import entry_grounds, ground_lines

    result, plans = _run(WINTER)
    (plan,) = plans.values()
    declared = next(e for e in result["events"] if e["action"] == "declare_response")
    level = next(level for level in plan.response_levels if level.id == declared["to"])
    assert entry_clause(declared, explain(declared, plans), language) == clause_label(level.source.clause, language)
    lines = [said for kind, ground in entry_grounds({"result": result, "plans": plans}, declared)
             for _, said in ground_lines(kind, ground, plan, language)]
    assert not any(getattr(plan.title, language) in said for said in lines), lines


def test_a_rule_that_names_another_document_is_cited_by_that_document_even_in_a_run_of_several_plans():
    why = Explanation(clause=OTHER.clause, assumption=None, text=None, source=OTHER,
                      document={"zh": "某预案", "en": "A plan"})
    assert why.at("zh") == OTHER.at("zh") == "包头市打赢蓝天保卫战三年行动计划实施方案 三（六）26"
    titled = Explanation(clause="5.1", assumption=None, text=None, document={"zh": "某预案", "en": "A plan"})
    assert (titled.at("zh"), titled.at("en")) == ("某预案 5.1", "A plan 5.1")


def test_a_title_given_with_its_english_translation_reads_in_english_for_an_english_reader_and_as_written_in_chinese():
    cited = Source(document={"zh": OTHER.document, "en": "Baotou blue-skies action plan"}, clause=OTHER.clause,
                   quote=OTHER.quote)
    assert cited.at("zh") == OTHER.at("zh") == "包头市打赢蓝天保卫战三年行动计划实施方案 三（六）26"
    assert cited.line("en") == "Baotou blue-skies action plan III(6) 26 「市城管执法局牵头负责」"  # the quote as written


@pytest.mark.parametrize("path", sorted((ROOT / "plans").rglob("*.yaml")), ids=lambda p: p.name)
def test_every_other_document_a_shipped_file_cites_gives_its_title_in_english_too(path):
    """Read as data, so that a citation written inline (``source: {document: …, clause: …}``)
    counts as one written on lines of its own does."""
    def titles_written_alone(node) -> list[str]:
        if isinstance(node, dict):
            found = [node["document"]] if isinstance(node.get("document"), str) else []
            return found + [title for value in node.values() for title in titles_written_alone(value)]
        if isinstance(node, list):
            return [title for value in node for title in titles_written_alone(value)]
        return []

    assert titles_written_alone(yaml.safe_load(path.read_text(encoding="utf-8"))) == []
