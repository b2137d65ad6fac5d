"""``python -m sim coverage PLAN --source TEXT``: is every clause of the document accounted for?

Each numbered clause of the plan's document (cut from the gazette TEXT) is listed with
the rules that cite it, or the plan's ``not_modelled`` entry and its reason. A clause
neither cited nor listed, or an entry naming a clause the document lacks, is a finding:
exit 1 when there is any, 0 when coverage is complete, 2 for bad input.
"""

from __future__ import annotations

import argparse

from ..errors import echoed
from ..messages import LANGUAGES, Message, text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("coverage", help=Message("cli.command.coverage"), description=Message("cli.coverage.about"))
    parser.add_argument("plan", metavar="PLAN", help=Message("cli.coverage.plan"))
    parser.add_argument("--source", required=True, metavar="TEXT", help=Message("cli.coverage.source"))
    parser.add_argument("--json", action="store_true", help=Message("cli.option.json"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    from ..coverage import coverage
    from ..errors import Problem
    from ..inputs import load_plan, locate, read_text

    plan = load_plan(args.plan, require_stem=False)
    result = coverage(plan, read_text(args.source), args.source)
    in_plan = [(f.path, f.message) for f in result.findings if f.in_plan]
    located = iter(locate(in_plan, args.plan).problems if in_plan else ())
    findings = [next(located) if f.in_plan else Problem(args.source, f.line, 1 if f.line else 0, f.clause, f.message)
                for f in result.findings]
    if args.json:
        data = result.to_dict()
        data["findings"] = [p.render(args.lang) for p in findings]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(render(result, args.lang)))
        for problem in findings:
            print(problem.render(args.lang))
    return 1 if findings else 0


def render(result, language: str = "both") -> list[str]:
    """Clause by clause: what carries it, or why it is not modelled."""
    from ..cli_words import Words
    from ..coverage import REASONS, rule_label
    from ..event_kinds import clause_label

    w = Words(language)
    lines = [w.one(result.title, " / "),
             w.say("coverage.cli_lines", source=result.source, first=result.first_line, last=result.last_line), ""]
    for c in result.clauses:
        clause = c.clause
        head = f"{clause_label(clause.label, w.language)} {clause.title}".rstrip()
        if c.status == "cited":
            first, *rest = w.texts(_rules(c.citers))
            lines.append(f"  ✓ {head} — {w.head('coverage.cli_cited')}{first}")
            lines += [f"      {more}" for more in rest]
            if c.not_modelled is not None:
                lines.append("      ! " + w.say("coverage.cli_stale"))
            for citer in dict.fromkeys(x for x in c.citers if x.assumption):
                first, *rest = w.texts({lang: rule_label(citer, lang) for lang in LANGUAGES})
                lines += [f"      · {first}", *(f"        {more}" for more in rest),
                          *w.noted("common.assumption", citer.assumption, "        ")]
        elif c.status == "not_modelled":
            entry = c.not_modelled or next(e for e in c.sentence_entries if e)
            lines.append(f"  – {head} — {w.head('coverage.cli_not_modelled')}"
                         f"{w.one(REASONS[entry.reason], ' / ')}{w.colon}{w.one(entry.note, ' / ')}")
        elif c.status == "finding":
            lines.append(f"  ✗ {head} — {w.say('coverage.cli_finding')}")
        else:
            lines.append(f"    {head}")
        for sentence, citers, entry in zip(clause.sentences, c.sentence_citers, c.sentence_entries):
            if entry is not None and c.not_modelled is None:
                lines.append(f"      – 「{echoed(sentence.text, quoted=False)}」 {w.head('coverage.cli_not_modelled')}"
                             f"{w.one(REASONS[entry.reason], ' / ')}")
            elif not citers and c.status == "cited":
                lines.append(f"      · 「{echoed(sentence.text, quoted=False)}」 {w.say('coverage.cli_open_sentence')}")
    lines += ["", w.say("coverage.cli_total", accounted=result.accounted, counted=result.counted,
                        percent=f"{result.percent:.1f}")]
    return lines


_SHOWN = 6


def _rules(citers) -> dict[str, str]:
    """The first few rules citing a clause, by name, as one list in each language."""
    from ..coverage import rule_label

    names = list(dict.fromkeys(citers))
    shown = {}
    for language in LANGUAGES:
        listed = text("common.clause_sep", language).join(rule_label(x, language) for x in names[:_SHOWN])
        if len(names) > _SHOWN:
            listed += " " + text("coverage.cli_more", language, n=len(names) - _SHOWN)
        shown[language] = listed
    return shown
