"""A run's summary as text, for the terminal (``python -m sim run``).

Chinese first, English beside it, as the users read, or one language with ``--lang``.
Every word comes from the catalogue (the after-action report's labels, :mod:`sim.report`),
every id in the result reads as the name the plans, area and scenario give it (the
report's :func:`~sim.report.names_from`), and every moment as scenario clock time
(:mod:`sim.clock`). A run of several incidents lists each after the key times (the run's
first), as the Run page and the report do (:func:`~sim.report.incident_lines`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..cli_words import Words
from ..clock import clock, date_time, duration
from ..event_text import unmet_reason
from ..messages import BOTH, LANGUAGES
from ..names import Names
from ..report import incident_lines, level_name, names_from, seed_said, severity_name


def plan_line(result: Mapping, names: Names, w: Words) -> str:
    """The plans of a run by their titles. Which copy of each ran is its digest, which
    people do not read: ``--out`` writes it (``plans[].sha256``)."""
    titles = names.of("plan")
    return w.inline("common.clause_sep").join(w.one(titles[p["id"]]) if p["id"] in titles else p["id"]
                                              for p in result["plans"])


def summary_text(result: Mapping, scenario, plans: Mapping, area, drawn: str = "", language: str = BOTH) -> str:
    """The summary in ``language`` (``zh``, ``en`` or ``both``); ``drawn`` names the
    replication of a template that ran."""
    w = Words(language)
    names = names_from(plans, area, scenario, result)
    units = names.of("unit")
    start = result.get("start")
    s = result["summary"]

    def at(t_h) -> str:
        return clock(start, t_h)

    def level(name, key: str | None, missing: str | None = None) -> str:
        """A level by its plan's name (:func:`~sim.report.level_name` or :func:`~sim.report.severity_name`)
        in the reader's languages; no level as the catalogue's ``missing``, or ``—``."""
        if key is None:
            return w.label(missing) if missing else "—"
        return w.one({language: name(plans, key, language) for language in LANGUAGES})

    lines = [
        w.head("common.scenario") + w.one(scenario.title),
        w.head("report.plans") + plan_line(result, names, w),
        # the seed the reader typed (with the replication), as the report says it: not the
        # engine's, derived from both, which `--seed` would not run again
        w.head("report.area") + w.one(area.name) + "    " + w.head("common.seed")
        + w.one({language: seed_said(result, language) for language in LANGUAGES}),
        w.head("report.start") + (date_time(start, 0) or "—") + "    "
        + w.head("report.end") + at(s["end_h"]) + "    " + w.head("report.horizon")
        + w.one({language: duration(result["horizon_h"], language) for language in LANGUAGES}),
        *([drawn] if drawn else []),
        "",
        w.label("summary.key_times"),
    ]
    for key, field in (("common.warning_issued", "warning_issued_at_h"), ("report.warning_lifted", "warning_lifted_at_h"),
                       ("report.incident_started", "incident_started_at_h"),
                       ("common.response_started", "response_started_at_h"), ("common.terminated", "terminated_at_h"),
                       *((("summary.discretion", "discretion_at_h"),) if s.get("discretion_at_h") is not None else ())):
        lines.append("  " + w.head(key) + at(s.get(field)))
    each = incident_lines(result, plans, names)  # only a run of several incidents has them
    if each:
        lines += ["", w.label("incidents.title"), *("  " + line for item in each for line in w.texts(item))]
    lines += ["", w.head("common.max_severity") + level(severity_name, s.get("max_severity"), "common.none"),
              w.head("measure.max_level") + level(level_name, s.get("max_response_level"), "common.no_response"),
              "", w.label("report.levels")]
    changes = s.get("level_changes") or []
    if not changes:
        own = next((p.no_response for p in plans.values() if getattr(p, "no_response", None)), None)
        lines.append("  " + (w.one(own) if own else w.label("common.no_response")))
    for change in changes:
        to = level(level_name, change["to"], "summary.ended")
        by = w.name(units, change.get("by")) if change.get("by") else ""
        by = "  " + w.inline("common.aside", text=by).lstrip() if by else ""
        lines.append(f"  {at(change['t_h'])}  {level(level_name, change['from'])} → {to}{by}")
    lines += ["", w.label("common.out_of_fuel")]
    fuel = s.get("key_users_out_of_fuel") or []
    lines += [f"  {at(item['t_h'])}  {w.name(units, item['user'])}" for item in fuel] or ["  " + w.label("common.none")]
    lines += ["", w.label("report.unmet")]
    duties = names.of("duty")
    lines += [f"  {at(item['t_h'])}  {w.name(units, item['unit'])}{w.colon}{w.name(duties, item['duty'])} — "
              f"{w.one(unmet_reason(item['reason'], names))}"
              for item in s.get("unmet_duties") or []] or ["  " + w.label("common.none")]
    return "\n".join(lines) + "\n"
