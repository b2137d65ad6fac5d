"""A clause reads in the reader's language: as the document numbers it in Chinese, in English
as English translations of Chinese government documents number it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from sim.event_kinds import clause_label
from sim.inputs.loader import load_plans
from sim.plan.common import Source

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("clause", "english"), [
    ("三", "III"),
    ("三（一）", "III(1)"),
    ("附件2 三", "Annex 2, III"),
    ("附件1", "Annex 1"),
    ("附件2 三（七）", "Annex 2, III(7)"),
    ("3.1 四", "3.1 IV"),
    ("一、二", "I, II"),
    ("十二", "XII"),
    ("三（六）26 责任分工", "III(6) 26 责任分工"),
    ("（四）资源优势", "(4) 资源优势"),
    ("5.2.1", "5.2.1"),
    ("3.2(1)", "3.2(1)"),
    ("序言", "Preamble"),
    ("结尾", "Closing"),
    ("问答三", "Q&A 3"),
])
def test_an_english_reader_reads_a_chinese_clause_number_as_english_translations_write_it(clause, english):
    assert clause_label(clause, "en") == english
    assert clause_label(clause, "zh") == clause


def test_a_reader_of_both_languages_reads_the_chinese_clause_then_the_english_and_a_number_alike_once():
    assert clause_label("附件2 三", "both") == "附件2 三 · Annex 2, III"
    assert clause_label("5.4", "both") == "5.4"


def _sources(model, found: list[Source]) -> list[Source]:
    if isinstance(model, Source):
        found.append(model)
    elif isinstance(model, BaseModel):
        for field in type(model).model_fields:
            _sources(getattr(model, field), found)
    elif isinstance(model, (list, tuple)):
        for item in model:
            _sources(item, found)
    return found


def test_no_clause_a_shipped_plan_cites_keeps_a_chinese_number_or_annex_in_english():
    clauses = {source.clause for plan in load_plans([ROOT / "plans"]).values() for source in _sources(plan, [])}
    assert clauses
    chinese = {clause: clause_label(clause, "en") for clause in clauses
               if re.search(r"[附件（）、一二三四五六七八九十]", clause_label(clause, "en"))}
    assert chinese == {}


def test_the_plans_page_in_english_cites_an_interpretations_questions_as_q_and_a_not_in_chinese():
    """The Liangshan example cites its interpretation's questions (问答一, 问答三): an English
    reader reads them numbered in English after the document's title in English."""
    from app_pages import page

    at = page("plans", "en")
    at.selectbox(key="plans.plan").set_value("liangshan-blackout-2023").run()
    assert not at.exception
    shown = [c.value for c in at.caption] + [str(v) for d in at.dataframe for column in d.value.columns
                                              for v in d.value[column]]
    # in a table's clause column the clause leads, its document's title after it
    assert any(said == "Q&A 3 · The principal official explains the Liangshan County Large-Area Blackout Emergency Plan"
               for said in shown)
    assert any("Emergency Plan Q&A 1 「" in said for said in shown)
    assert not any("问答" in said for said in shown)
