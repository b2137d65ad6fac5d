"""``python -m sim coverage PLAN --source TEXT``: is every clause of the document accounted for?

Each numbered clause of the plan's document (cut from the gazette TEXT) is listed with
the rules that cite it, or the plan's ``not_modelled`` entry and its reason. A clause
neither cited nor listed, or an entry naming a clause the document lacks, is a finding:
exit 1 when there is any, 0 when coverage is complete, 2 for bad input.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "coverage",
        help="which rules carry each clause of a plan's document, and which clauses none do / 条款覆盖",
        description="Split the plan's source document (found in the gazette TEXT by the plan's `source_text`) "
        "into its numbered clauses (一、（一）、1.、(1)、1.1、附件…) and sentences, and list for each clause the "
        "rules that cite it or the plan's `not_modelled` entry (exhortation, no simulation content, out of "
        "scope). A clause neither cited nor listed is a finding. Exit 0 complete, 1 findings, 2 bad input. / "
        "将预案所依据的文件按条款（一、（一）、1.、(1)、1.1、附件…）和句子拆分，逐条列出引用它的规则，"
        "或预案中 `not_modelled` 所列的未建模原因；既无引用又未列出的条款即为问题。",
    )
    parser.add_argument("plan", metavar="PLAN", help="the plan file / 预案文件")
    parser.add_argument("--source", required=True, metavar="TEXT",
                        help="the gazette text (UTF-8) that prints the plan's document / 刊载该文件的公报文本")
    parser.add_argument("--json", action="store_true", help="print the coverage as JSON / 以 JSON 输出")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    from ..coverage import coverage
    from ..inputs.loader import load_plan
    from ..inputs.yaml_source import parse, position, read_text

    plan = load_plan(args.plan, require_stem=False)
    result = coverage(plan, read_text(args.source), args.source)
    _, positions = parse(read_text(args.plan), args.plan)
    findings = [f"{args.plan}:{':'.join(map(str, position(positions, problem.path)))}: {'.'.join(map(str, problem.path))}: "
                f"{problem.message}" if problem.in_plan else
                f"{args.source}:{problem.line}:1: {problem.clause}: {problem.message}"
                for problem in result.findings]
    if args.json:
        data = result.to_dict()
        data["findings"] = findings
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(render(result)))
        for finding in findings:
            print(finding)
    return 1 if findings else 0


def render(result) -> list[str]:
    """Clause by clause, Chinese first: what carries it, or why it is not modelled."""
    from ..coverage import REASONS

    lines = [f"{result.title.zh} / {result.title.en}",
             f"{result.source} 第{result.first_line}–{result.last_line}行 / lines {result.first_line}–{result.last_line}",
             ""]
    for c in result.clauses:
        clause = c.clause
        head = f"{clause.label} {clause.title}".rstrip()
        if c.status == "cited":
            paths = list(dict.fromkeys(x.path for x in c.citers))
            shown = ", ".join(paths[:_SHOWN]) + (f" …（另 {len(paths) - _SHOWN} 项 / {len(paths) - _SHOWN} more）"
                                                 if len(paths) > _SHOWN else "")
            lines.append(f"  ✓ {head} — 引用 cited by: {shown}")
            if c.not_modelled is not None:
                lines.append("      ! 同时列为未建模，该条目已过时 also listed under not_modelled: the entry is stale")
        elif c.status == "not_modelled":
            entry = c.not_modelled or next(e for e in c.sentence_entries if e)
            reason = REASONS[entry.reason]
            lines.append(f"  – {head} — 未建模 not modelled: {reason.zh} / {reason.en}: {entry.note.zh} / {entry.note.en}")
        elif c.status == "finding":
            lines.append(f"  ✗ {head} — 未引用也未列出 neither cited nor listed")
        else:
            lines.append(f"    {head}")
        for sentence, citers, entry in zip(clause.sentences, c.sentence_citers, c.sentence_entries):
            if entry is not None and c.not_modelled is None:
                reason = REASONS[entry.reason]
                lines.append(f"      – 「{_short(sentence.text)}」 未建模 not modelled: {reason.zh} / {reason.en}")
            elif not citers and c.status == "cited":
                lines.append(f"      · 「{_short(sentence.text)}」 无规则引用 no rule cites this sentence")
    lines += ["", f"覆盖 Coverage: {result.accounted}/{result.counted} 条款 clauses ({result.percent:.1f} %)"]
    return lines


_SHOWN = 6


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
