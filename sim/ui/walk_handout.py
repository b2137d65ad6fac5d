"""The walk-through's handout: the entries a class goes through, as a printable A4 page.

Each entry has five columns, each saying something the others do not: the clock time, the
unit, what happened in this run (in both languages: a class may read either; a penalty with
the fine imposed and its case, as every log says it), the clause,
and what the plan says — the rule's original words, its assumption, and what the entry
acted on in this run (the severity level whose band the figures met and the figures of it
that held then, or why the lowest level when none is met; the time the plan gives to decide;
the termination conditions that held, each with its own clause), as the Walk-through page
lists them. The
rule's own name is added only where the entry's words do not already say it, so no column
repeats another. Rendered by the reports' HTML renderer.
"""

from __future__ import annotations

from dataclasses import replace

from ..clock import clock, date_time
from ..event_kinds import kind_name, kind_of, plan_kinds
from ..event_rules import entry_clause, explain
from ..event_text import attempt_places, entry_words
from ..report import Section, name_of, plans_said, render_html
from ..messages import joined, text
from . import data
from .i18n import LANGUAGES, bi, pick, tr
from .run_page import drawn_said, grid_names, names_of
from .walk import entry_grounds, entry_incident, ground_lines, incident_at, published_of


#: Shares of an A4 page's width: the time, unit and clause keep room for a word a line
#: ("Government", "Assumption" whole) beside what happened and what the plan says.
STEP_WIDTHS = (9, 13, 29, 11, 38)
#: The same with the incident an entry belongs to beside its time, for a run of several.
INCIDENT_WIDTHS = (9, 8, 12, 26, 11, 34)


def plan_numbers(result: dict, plans: dict) -> dict[int, int]:
    """Each plan of a run of several documents by its title (the object's ``id``, as an
    entry's rule carries it, :attr:`sim.event_rules.Explanation.document`) → its number in the
    run, in the order ``run`` lists them: the Clause column cites a plan as ``5.1 [3]``, as
    ``run``'s log does, rather than repeat a title of some forty characters in every row."""
    return {id(plans[entry["id"]].title): number for number, entry in enumerate(result.get("plans") or (), start=1)
            if entry["id"] in plans}


def clause_cell(event: dict, why, numbers: dict[int, int], language: str) -> str:
    """An entry's clause in the handout's Clause column: the clause, then its plan's number
    (:func:`plan_numbers`) where the run holds several documents, else as every table's Clause
    column gives it (:func:`sim.event_rules.entry_clause`)."""
    if why is not None and id(why.document) in numbers:
        return f"{entry_clause(event, replace(why, document=None), language)} [{numbers[id(why.document)]}]"
    return entry_clause(event, why, language, clause_first=True)


def _labelled(label: str, said: str, language: str) -> str:
    return text("common.labelled", language, label=label, text=said) if said else label


def _readers_order(language: str) -> list[str]:
    """The languages, the reader's first."""
    return sorted(LANGUAGES, key=lambda code: code != language)


def _bare(words: str) -> str:
    """Words without their punctuation and spaces (a paraphrase writes ``，`` where the gazette wrote ``,``)."""
    return "".join(char for char in words if char.isalnum())


def _said(rule: str, words: str, quote: str) -> bool:
    """Whether a rule's text adds nothing: the entry's words carry it, or it is the quote (or the quote is it)."""
    rule, words, quote = _bare(rule), _bare(words), _bare(quote)
    return not rule or rule in words or (bool(quote) and (rule in quote or quote in rule))


def happened(words: dict | None, kind: str, language: str) -> str:
    """What happened in this run: the kind of entry and its ``words``, in ``language`` and then in the other."""
    return "\n".join(_labelled(kind_name(kind, each), pick(words, each) if words else "", each)
                     for each in _readers_order(language))


def plan_says(why, words: dict | None, event: dict, plans: dict, language: str, run: dict | None = None,
              entry: int | None = None) -> str:
    """What the plan says for an entry: the rule's name where the entry's ``words`` do not
    carry it, the original quote, the assumption in both languages (the class may read
    either), then what the entry acted on (the band the figures met and, from the ``run``,
    the figures of it that held then; the time the plan gives to decide; the termination
    conditions that held, each with its clause: :func:`sim.ui.walk.ground_lines`, as the
    page lists them), as of the entry (the ``entry``-th of the log, where known)."""
    if why is None:
        return ""
    parts = []
    named = [pick(why.text, code) for code in _readers_order(language)
             if why.text is not None and not _said(pick(why.text, code), pick(words, code) if words else "", why.quote)]
    if named:
        parts.append(" · ".join(dict.fromkeys(named)))
    if why.quote:
        parts.append(why.quoted(language, brackets=False))
    if why.assumption:
        parts.append(_labelled(tr("common.assumption", language), bi(why.assumption, language, sep="\n"), language))
    found = entry_grounds(run or {"result": {}, "plans": plans}, event, entry)
    plan, grids = plans.get(event.get("plan")), grid_names(run) if run else None
    published = published_of(run, plan, data.plans().items) if run else None
    parts += [_labelled(label, said, language) for kind, ground in found
              for label, said in ground_lines(kind, ground, plan, language, grids, published)]
    return "\n".join(parts)


def listed_said(run: dict, key_only: bool, units: tuple, language: str) -> str:
    """Which of a run's entries a handout lists, as the Walk-through's filters chose them:
    every entry, key events only, the entries of some units, or both."""
    said = [tr("walk.key_events", language)] if key_only else []
    if units:
        named = names_of(run).of("unit")
        said.append(tr("walk.handout_units", language, units=joined([name_of(named, u, language, "—") for u in units],
                                                                     language)))
    return text("common.clause_sep", language).join(said) if said else tr("walk.handout_every", language)


def handout_html(run: dict, events: list[dict], language: str, key_only: bool = False, units: tuple = ()) -> str:
    """The handout of ``events`` (the ones shown) of a run, in ``language`` with both texts of
    each entry; its header says which filter chose them (``key_only``: key events only,
    ``units``: the units whose entries alone were kept), so a class knows what it leaves out."""
    result, plans = run["result"], run["plans"]
    names = names_of(run)
    kinds = plan_kinds(plans)
    start = result["start"]
    T = lambda key: tr(key, language)  # noqa: E731
    entries = {id(event): number for number, event in enumerate(result.get("events") or (), start=1)}
    several = incident_at(result, 0.0) is not None  # a run of several incidents: say each entry's
    places = attempt_places(result.get("events") or ())
    numbers = plan_numbers(result, plans)
    rows = []
    for event in events:
        why, words = explain(event, plans), entry_words(event, names, places)
        rows.append([
            clock(start, event["t_h"]),
            *([entry_incident(result, event, language)] if several else []),
            name_of(names.of("unit"), event.get("unit"), language, "—"),
            happened(words, kind_of(event, kinds), language),
            clause_cell(event, why, numbers, language),
            plan_says(why, words, event, plans, language, run, entries.get(id(event))),
        ])
    facts = [(T("common.scenario"), pick(run["scenario"].title, language)),
             (tr("report.plans", language), plans_said(result, plans, data.plans().items, names, language,
                                                           numbered=len(numbers) > 1)),
             (T("common.seed"), str(run["seed"])),
             *([(T("common.replication"), str(run["replication"]))] if run["case"].is_template or run["replication"] else []),
             *([(T("drill.drawn"), drawn)] if (drawn := drawn_said(run, language)) else []),
             (T("walk.handout_listed"), listed_said(run, key_only, units, language)),
             (T("clock.axis"), f"{date_time(start, 0)} – {date_time(start, events[-1]['t_h']) if events else ''}")]
    report = [
        Section(T("walk.handout_run"), pairs=facts),
        Section(T("walk.handout_steps"),
                header=[T("common.time"), *([T("walk.incident")] if several else []), T("common.unit"),
                        T("walk.handout_happened"), T("common.clause"), T("walk.handout_rule")],
                rows=rows, widths=INCIDENT_WIDTHS if several else STEP_WIDTHS),
    ]
    return render_html(f"{T('walk.handout_title')} — {pick(run['scenario'].title, language)}", report, language)

