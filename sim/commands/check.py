"""``python -m sim check``: is an activity prohibited at a place on a day?

The answer is not a failure either way, so the exit status is 0 whether or not the
activity is prohibited; 2 is bad input (unknown activity or zone, invalid plan files).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re

from ..command_line import columns, pad, refusals_as_options, type_error
from ..errors import QUESTION, echoed
from ..inputs.yaml_words import value_reason
from ..messages import BOTH, LANGUAGES, Message, bilingual, said
from ..cli_words import Words


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help=Message("cli.command.check"), description=Message("cli.check.about"))
    parser.add_argument("--date", required=True, type=_date, metavar="YYYY-MM-DD", help=Message("cli.check.date"))
    parser.add_argument("--activity", required=True, metavar="ACT", help=Message("cli.check.activity"))
    parser.add_argument("--zone", metavar="ZONE", help=Message("cli.check.zone"))
    parser.add_argument("--distance-m", type=float, metavar="M", help=Message("cli.check.distance"))
    parser.add_argument("--plans", nargs="+", metavar="DIR_OR_FILE", help=Message("cli.option.plans"))
    parser.add_argument("--json", action="store_true", help=Message("cli.option.json"))
    parser.set_defaults(run=run)
    refusals_as_options(parser, QUESTION)  # the check's problems with its question name the flags as typed


def _date(value: str) -> dt.date:
    """A day written YYYY-MM-DD; one written so that does not exist (2023-02-30) is refused
    for the day, in the words a date in a plan file is refused with."""
    if not _WRITTEN.fullmatch(value):  # before parsing: Python also reads 20230405 and 2023-W14-3
        raise type_error("cli.date", got=echoed(value))
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise type_error("input.bad_value", value=echoed(value), reason=value_reason(str(error))) from None


#: A date written as the option asks, whether or not the day exists.
_WRITTEN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def run(args: argparse.Namespace) -> int:
    import json

    from ..bans import check, default_plan_paths, load_ban_notices

    notices = load_ban_notices(args.plans or default_plan_paths())
    result = check(notices, args.date, args.activity, args.zone, args.distance_m)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(render(result, args.lang, notices)))
    return 0


def render(result, language: str = "both", notices=()) -> list[str]:
    """The answer as plain text in ``language`` (``zh``, ``en`` or ``both``, Chinese first);
    ``notices`` (the ones checked) give the names of notices and zones a rule refers to, each
    among the names of its kind (:func:`sim.report.names_from`): a zone may be called as a
    notice is."""
    from ..bans import ANSWERS, period_span
    from ..report import names_from

    w = Words(language)
    names = names_from(notices)
    titles = names.of("plan")
    place = w.label("check.no_place")
    if result.place:
        zone = result.place.zone
        place = w.one(zone.name)
        if result.distance_m == float("inf"):
            place += " · " + w.label("check.beyond")
        elif result.distance_m:
            place += " · " + w.say("check.outside_edge", m=f"{result.distance_m:g}")
    answer = ANSWERS[result.answer]
    lines = [
        f"{result.date.isoformat()} · {w.one(result.activity_label)} · {place}",
        w.head("check.answer") + (f"{answer.zh} {answer.en.upper()}" if language == BOTH else w.one(answer)),
    ]
    if result.rules:
        lines += ["", w.head("check.rules_apply", n=len(result.rules)).rstrip()]
    lines += _rules(result.rules, w, titles)
    if result.depends:
        lines += ["", w.head("check.rules_depend", n=len(result.depends)).rstrip()]
    lines += _rules(result.depends, w, titles)
    if result.elsewhere:
        lines += ["", w.head("check.elsewhere").rstrip()]
    for other in result.elsewhere:
        if other.area.zones:
            where = w.joined(w.name(names.of("zone"), zone) for zone in other.area.zones)
            if other.area.buffer_m:
                where += w.inline("common.aside", text=w.say("check.band", m=f"{other.area.buffer_m:g}"))
        else:
            where = w.one(other.jurisdiction_name)
        clause = other.rule.source.at(w.language) if other.rule.source else "—"
        lines.append(f"  • {w.name(titles, other.plan)} · {clause} — {where}")
    if result.periods:
        lines += ["", w.head("check.periods", date=result.date.isoformat()).rstrip()]
    marks = {True: w.label("check.in_force"), False: w.label("check.not_in_force")}
    width = max(columns(m) for m in marks.values())
    for state in result.periods:
        p = state.period
        span = w.one(period_span(p), " / ")
        lines.append(f"  {pad(marks[state.in_force], width)} {w.one(p.name)}{w.inline('common.aside', text=span)}")
    if result.requirements:
        lines += ["", w.head("check.requirements").rstrip()]
    for plan, r in result.requirements:
        clause = w.inline("common.aside", text=r.source.at(w.language)) if r.source else ""
        first, *rest = w.texts(r.text)
        lines += [f"  • {first}{clause}", *(f"    {t}" for t in rest)]
        lines += w.noted("common.assumption", r.assumption, "    ")
    if result.contacts:
        lines += ["", w.head("common.contacts").rstrip()]
    for plan, c in result.contacts:
        lines.append(f"  • {c.phone}  {w.one(c.name)} — {w.one(c.purpose)}")
    for assumption in {bilingual(c.assumption)["zh"]: c.assumption  # several contacts share one: said once
                       for _, c in result.contacts if c.assumption}.values():
        lines += w.noted("common.assumption", assumption, "  ")
    if result.units:
        lines += ["", w.head("common.enforcing").rstrip()]
    for plan, unit in result.units:
        lines.append(f"  • {w.one(unit.name)}")
        for duty in unit.duties:
            first, *rest = w.texts(duty.text)
            lines += [f"    - {first}", *(f"      {t}" for t in rest)]
    if result.notes:
        lines += ["", w.head("check.notes").rstrip()]
    for note in result.notes:
        first, *rest = w.texts(note)
        lines += [f"  • {first}", *(f"    {t}" for t in rest)]
    return lines


def _rules(applied_rules, w: Words, titles) -> list[str]:
    from ..bans import fine_range, referral_text

    lines = []
    for applied in applied_rules:
        rule = applied.rule
        clause = rule.source.at(w.language) if rule.source else "—"
        lines += [f"  • {w.name(titles, applied.plan)} · {clause}", *(f"    {t}" for t in w.texts(rule.text)),
                  f"    {w.head('check.where')}{w.one(applied.where, ' / ')}",
                  f"    {w.head('bans.when')}{w.one(applied.when, ' / ')}"]
        if rule.source:
            lines.append(f"    {w.head('common.quote')}{rule.source.quoted(w.language)}")
        lines += w.noted("common.assumption", rule.assumption, "    ")
        if applied.penalties:
            lines.append("    " + w.head("common.penalties").rstrip())
        for p in applied.penalties:
            penalty = said("common.labelled", label=bilingual(p.applies_when), text=bilingual(p.text))
            lines += [("      - " if i == 0 else "        ") + line for i, line in enumerate(w.texts(penalty))]
            lines.append(f"        {w.head('check.basis')}{w.one(p.legal_basis, ' / ')}")
            if p.id in applied.issuers:
                lines.append(f"        {w.head('check.issued_by')}{w.one(applied.issuers[p.id], ' / ')}")
            if p.source:
                lines.append(f"        {w.head('common.clause')}{p.source.line(w.language)}")
            if p.fine_yuan:
                fine = {language: fine_range(p, language) for language in LANGUAGES}
                lines.append(f"        {w.head('common.fine')}{w.one(fine, ' / ')}")
            if p.restoration_cost_multiple_max:
                lines.append("        " + w.say("bans.penalty_multiple", multiple=p.restoration_cost_multiple_max))
            if p.referral:
                lines.append(f"        {w.head('check.referral')}{w.one(referral_text(p.referral), ' / ')}")
            lines += w.noted("common.assumption", p.assumption, "        ")
        if applied.penalty_note:
            lines.append("    " + w.head("common.penalties").rstrip())
            first, *rest = w.texts(applied.penalty_note)
            lines += [f"      - {first}", *(f"        {t}" for t in rest)]
    return lines

