"""The walk-through's handout: the entries a class goes through, as a printable A4 page.

Each entry with its clock time, the unit, what happened and the plan rule behind it —
the clause, the original words and the rule's text in Chinese and in English — so a
trainee can read the plan beside the incident. Rendered by the reports' HTML renderer.
"""

from __future__ import annotations

from ..clock import clock
from ..event_kinds import clause_label, kind_name, kind_of, plan_kinds
from ..event_text import event_text
from ..report import Section, plans_said, render_html
from ..messages import text
from . import data
from .i18n import LANGUAGES, bi, pair, pick, tr
from .run_page import _name, names_of
from .walk import explain, ground_text, grounds


#: Shares of an A4 page's width: the time, unit and clause keep room for a word a line
#: beside the long quotes and rule texts.
STEP_WIDTHS = (9, 12, 17, 7, 23, 16, 16)


def _grounds(why, event: dict, plans: dict, language: str) -> str:
    """The rule's quote and, where it states one, its assumption in both languages (the handout is printed
    for a class that may read either); then what the entry acted on (the severity level whose band the
    figures met, the termination conditions that held)."""
    if why is None:
        return ""
    parts = [why.quote + why.unchecked_note(language)] if why.quote else []
    if why.assumption:
        parts.append(text("common.labelled", language).format(label=tr("common.assumption", language),
                                                              text=bi(why.assumption, language, sep="\n")))
    parts += [text("common.labelled", language).format(label=tr(f"walk.grounds.{kind}", language),
                                                        text=ground_text(ground, language))
              for kind, ground in grounds(event, plans)]
    return "\n".join(parts)


def handout_html(run: dict, events: list[dict], language: str) -> str:
    """The handout of ``events`` (the ones shown) of a run, in ``language`` with both texts of each rule."""
    result, plans = run["result"], run["plans"]
    names = names_of(run)
    kinds = plan_kinds(plans)
    start = result["start"]
    T = lambda key: tr(key, language)  # noqa: E731
    rows = []
    for event in events:
        why = explain(event, plans)
        happened = pick(event_text(event, names), language) if event_text(event, names) else ""
        rule_zh, rule_en = pair(why.text, "zh") if why is not None else ("", "")
        clause = clause_label(event.get("source", ""), language) if why is None else f"{why.document} {why.clause}".strip()
        rows.append([
            clock(start, event["t_h"]),
            _name(names, event.get("unit"), language),
            text("common.labelled", language).format(label=kind_name(kind_of(event, kinds), language), text=happened) if happened else kind_name(kind_of(event, kinds), language),
            clause,
            _grounds(why, event, plans, language),
            rule_zh,
            rule_en,
        ])
    facts = [(T("common.scenario"), pick(run["scenario"].title, language)),
             (tr("report.plans", language), plans_said(result, plans, data.plans().items, names, language)),
             (T("common.seed"), str(run["seed"])),
             *([(T("run.replication"), str(run["replication"]))] if run["case"].is_template else []),
             (T("clock.axis"), f"{clock(start, 0)} – {clock(start, events[-1]['t_h']) if events else ''}")]
    report = [
        Section(T("walk.handout_run"), pairs=facts),
        Section(T("walk.handout_steps"),
                header=[T("log.time"), T("log.unit"), T("log.text"), T("log.clause"), T("log.quote"), *LANGUAGES.values()],
                rows=rows, widths=STEP_WIDTHS),
    ]
    return render_html(f"{T('walk.handout_title')} — {pick(run['scenario'].title, language)}", report, language)
