"""The Plans page's coverage section: clause by clause, the rules that carry it or why not.

It shows what ``python -m sim coverage`` prints (:func:`sim.coverage.coverage`), for
the gazette text that holds the plan's document: found among the ``*.txt`` files of the
folders in ``TUIYAN_SOURCES`` (separated like ``PATH``), or uploaded here. A planner sees
which clauses the plan encodes, by which rules, and which it leaves out and why.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from ..coverage import rule_label
from ..errors import InputError
from ..event_kinds import clause_label
from ..inputs import decode, read_text
from . import choices, data
from .describe import assumption_note
from .i18n import pick, t, tr
from .widgets import table, upload_mb

#: Folders holding gazette texts, separated like PATH.
SOURCES_ENV = "TUIYAN_SOURCES"
STATUS_KEYS = {"cited": "coverage.cited", "not_modelled": "coverage.not_modelled",
               "finding": "coverage.finding", "heading": "coverage.heading"}


def coverage_view(plan, language: str) -> None:
    from ..coverage import find_source

    if getattr(plan, "source_text", None) is None:
        st.info(t("coverage.no_extent"))
        return
    folders = [Path(p) for p in os.environ.get(SOURCES_ENV, "").split(os.pathsep) if p]
    found = find_source(plan, folders)
    uploaded = st.file_uploader(t("coverage.upload", mb=upload_mb()), type=["txt"], key=f"coverage.upload.{plan.id}")
    if uploaded is None and found is None:
        st.info(t("coverage.no_source", env=SOURCES_ENV))
        return
    from ..memo import digest

    try:  # read as the command line reads it: bounded, and a text that is not UTF-8 said at its line
        if uploaded is not None:
            name, text = uploaded.name, decode(uploaded.getvalue(), uploaded.name)
        else:
            name, text = found.name, read_text(found)
        result = _coverage(digest(plan), text, name, plan)
    except InputError as error:
        data.show_problems(error.problems, t("common.load_errors"))
        return
    show(result, language)


@st.cache_data(show_spinner=False, max_entries=16)
def _coverage(plan_digest: str, text: str, name: str, _plan) -> dict:
    from ..coverage import coverage

    return coverage(_plan, text, name).to_dict()


def show(result: dict, language: str) -> None:
    st.markdown(t("coverage.summary", percent=f"{result['percent']:.1f}", accounted=result["accounted"],
                  counted=result["clauses_with_text"]))
    st.caption(t("coverage.where", source=result["source"], first=result["lines"][0], last=result["lines"][1]))
    if result["findings"]:
        st.error("\n".join(f"- {pick(f, language)}" for f in result["findings"]))
    table([{t("common.clause"): clause_label(c["clause"], language),
            t("coverage.title"): c["title"],
            t("common.status"): t(STATUS_KEYS[c["status"]]),
            t("coverage.carried_by"): _carried(c, language)}
           for c in result["clauses"]], key="coverage.table")

    clauses = [c for c in result["clauses"] if c["sentences"]]
    if not clauses:
        return
    chosen = choices.selectbox(st, t("coverage.clause"), range(len(clauses)), key="coverage.clause",
                               format_func=lambda i: f"{clause_label(clauses[i]['clause'], language)} {clauses[i]['title']}".rstrip())
    clause = clauses[chosen]
    names = {r["path"]: rule_label(r, language) for r in clause["rules"]}
    assumed = {r["path"]: r["assumption"] for r in clause["rules"] if r.get("assumption")}
    for sentence in clause["sentences"]:
        with st.container(border=True):
            st.markdown(sentence["text"])
            if sentence["rules"]:
                st.caption(t("coverage.sentence_rules", rules=t("common.clause_sep").join(names.get(p, p) for p in sentence["rules"])))
                for path in dict.fromkeys(p for p in sentence["rules"] if p in assumed):
                    st.caption(f"{names.get(path, path)} — {assumption_note(assumed[path], language)}")
            elif sentence["not_modelled"]:
                st.caption(_reason(sentence["not_modelled"], language))
            elif clause["not_modelled"]:
                st.caption(_reason(clause["not_modelled"], language))
            else:
                st.caption(t("coverage.sentence_open"))


def _carried(clause: dict, language: str) -> str:
    if clause["rules"]:
        sep = tr("common.clause_sep", language)
        return sep.join(dict.fromkeys(rule_label(r, language) for r in clause["rules"]))
    if clause["not_modelled"]:
        return _reason(clause["not_modelled"], language)
    entries = [s["not_modelled"] for s in clause["sentences"] if s["not_modelled"]]
    return _reason(entries[0], language) if entries else ""


def _reason(entry: dict, language: str) -> str:
    return tr("common.labelled", language, label=pick(entry["reason_text"], language), text=pick(entry["note"], language))
