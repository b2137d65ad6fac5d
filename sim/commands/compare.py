"""``python -m sim compare SCENARIO --variant FILE --runs N --seed S``: baseline against a variant.

Both arms run on the same drawn incidents and engine seeds (common random numbers), in
the same task, so each replication gives a paired difference. A template scenario draws a
new incident per replication; any other scenario is its one story under a new engine seed
per replication, as the What-if page runs it. The table shows how many replications
change their highest response level, how many change in any outcome (and how many a year
that is at a template's rate), which ones and what changed in each, the paired
differences of every measure (the response's length, the hours at each level, the work,
the unmet duties, fires, area burned, violations, fines…) with 95 % confidence
intervals, and which units carry the extra work. ``--json`` prints the same as JSON.

The variant is an edited plan (``--variant``), other counts of the scenario's resources
(``--resource ID=N``, the edited arm's only, as the What-if page's resource fields), or both;
the table ends its changed replications with the ``run --replication`` command that opens
the first of them under the edited arm, as the page's Open button does.
"""

from __future__ import annotations

import argparse

from ..cli_words import Words
from ..command_line import columns as _width, pad as _pad
from ..messages import BOTH, SEPARATOR, Message, read_in, render
from ..sweep.options import add_resource_option, add_run_options

#: Changed replications listed in the table (--json has all).
TOP_CHANGED = 50


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("compare", help=Message("cli.command.compare"), description=Message("cli.compare.about"))
    add_run_options(parser, plan_help="cli.compare.plan")
    parser.add_argument("--variant", metavar="FILE", help=Message("cli.compare.variant"))
    add_resource_option(parser, "cli.compare.resource")
    parser.add_argument("--json", action="store_true", help=Message("cli.option.json"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from ..errors import InputError, option_problem
    from ..inputs import load_case, plan_files
    from ..sweep.compare import compare_cases
    from ..sweep.options import UNAVAILABLE, execute, resource_counts, unavailable
    from ..sweep.words import report_json

    if args.variant is None and not args.resource:
        raise InputError([option_problem("--variant", Message("cli.compare.nothing"))])
    baseline = load_case(args.scenario, args.plan)
    variant = baseline.changed(plans=plan_files(baseline, [args.variant]) if args.variant is not None else None,
                               resources=resource_counts(baseline, args.resource))
    done = [0]

    def counted(job, sink) -> None:
        def counting(batch) -> None:
            sink(batch)
            done[0] += len(batch)

        execute(job, args, counting)

    try:
        report = compare_cases(baseline, variant, args.seed, counted)
    except UNAVAILABLE as error:
        return unavailable(error, args.lang)
    except KeyboardInterrupt:  # nothing printed is a comparison of fewer replications than asked for
        print(f"\npython -m sim: {render(Message('compare.interrupted', done=done[0], n=args.runs), args.lang)}",
              file=sys.stderr)
        raise
    report["run"]["variant_file"] = None if args.variant is None else str(args.variant)
    if report["changed"]:
        first = report["changed"][0]["replication"]
        report["run"]["open"] = open_command(args, first)
        report["run"]["open_original"] = open_command(args, first, edited=False)
    if args.json:
        print(report_json(report, baseline))
    else:
        print(table(report, baseline, args.lang), end="")
    return 0


def open_command(args: argparse.Namespace, replication: int, edited: bool = True) -> str:
    """The command that runs one arm of ``replication`` alone (its log, its times, its
    after-action report), as the What-if page's Open buttons do: ``run --replication``
    reproduces a compare's replication, row for row. The original arm keeps the plans both
    arms share (``--plan``); the edited arm adds the variant and the resource counts."""
    import shlex

    words = ["python", "-m", "sim", "run", args.scenario, "--seed", str(args.seed), "--replication", str(replication)]
    for plan in [*args.plan, *([args.variant] if edited and args.variant is not None else [])]:
        words += ["--plan", plan]
    for rid, count in args.resource if edited else ():
        words += ["--resource", f"{rid}={count}"]
    return shlex.join(words)


def table(report: dict, case, language: str = BOTH) -> str:
    """The comparison as plain text in ``language`` (``zh``, ``en`` or ``both``): levels,
    measures, units and what each replication drew by their names (:mod:`sim.sweep.words`)."""
    from ..messages import joined, listed, text
    from ..report import name_of, names_from
    from ..sweep.rows import primary
    from ..sweep.compare import measure_label
    from ..sweep.compare import KEPT
    from ..sweep.words import (TOP_UNITS, changes_text, drawn_name, extra_work, happened_lines, highest_level,
                               how_many_changed, idle_line, paired, peak_label, peak_value, responded, shown_peaks,
                               told_measures, verdict)

    w = Words(language)
    languages = read_in(language)
    plans, template = case.plans, case.scenario.template
    plan = primary(plans, case.scenario.plans)

    def both(say) -> str:
        """One text per language, as ``say(language)`` gives it, joined as ``both`` shows names."""
        return " ".join(dict.fromkeys(say(language) for language in languages))

    def level(lid) -> str:
        return both(lambda language: highest_level(plan, lid, language))

    run = report["run"]
    n = report["n"]
    changed = [b["id"] for b, v in zip(run["baseline"], run["variant"]) if b["sha256"] != v["sha256"]]
    lines = [w.head("common.paired_comparison") + w.say("compare.run", scenario=case.scenario.title.model_dump(), n=n,
                                            seed=run["seed"])]
    if run.get("variant_file") is not None:
        said = (w.say("compare.replaces", file=run["variant_file"], plans=listed(plans[pid].title for pid in changed))
                if changed else w.say("compare.no_plan_changed", file=run["variant_file"]))
        lines.append("  " + w.head("compare.variant") + said)
    if run["resources"]:
        names = names_from(plans).of("resource")
        lines.append("  " + w.head("compare.resources") + " ".join(dict.fromkeys(joined(
            (f"{name_of(names, r['resource'], language)}{text('common.colon', language)}{r['baseline']} → {r['variant']}"
             for r in run["resources"]), language) for language in languages)))
    lines += [f"  {line}" for line in (verdict(report, plan, language, case.is_template) for language in languages)]
    arms = (w.label("whatif.original"), w.label("whatif.edited"))
    level_rows = [(level(entry["level"]), entry) for entry in report["levels"]]
    width = max([_width(w.label("measure.max_level"))] + [_width(label) for label, _ in level_rows]) + 2
    if responded(report):  # else every line would read "no response"
        lines += ["", f"{_pad(w.label('measure.max_level'), width)}  {_right(arms[0], 16)}  {_right(arms[1], 16)}"]
        for label, entry in level_rows:
            lines.append(f"  {_pad(label, width - 2)}  {_right(str(entry['baseline']), 16)}  "
                         f"{_right(str(entry['variant']), 16)}")
    lines += ["", w.head("whatif.changed") + SEPARATOR.join(how_many_changed(report, language)
                                                           for language in languages)]
    for move in report["transitions"]:
        lines.append(f"  {level(move['from'])} → {level(move['to'])}{w.colon}{move['count']}")
    if report["changed"]:
        facts = ("cause", "season", "weather") if case.is_template else ()
        shown = report["changed"][:TOP_CHANGED]
        peaks = shown_peaks(shown)
        header = [w.label("common.replication"), *(w.label(f"whatif.{fact}") for fact in facts),
                  *(both(lambda language, peak=peak: peak_label(peak, plan, language)) for peak in peaks)]
        rows = [[str(entry["replication"]),
                 *(both(lambda language, fact=fact: drawn_name(template, fact, entry.get(fact), language)) for fact in facts),
                 *(both(lambda language, peak=peak: peak_value(peak, entry.get(peak), plan, language))
                   for peak in peaks)]
                for entry in shown]
        widths = [max(_width(cell) for cell in column) for column in zip(header, *rows)]
        lines.append("  " + "  ".join(_pad(cell, width) for cell, width in zip(header, widths))
                     + "  " + w.label("whatif.what_changed") + f" ({arms[0]} → {arms[1]})")
        for entry, row in zip(shown, rows):
            start = "  " + "  ".join(_pad(cell, width) for cell, width in zip(row, widths)) + "  "
            said = [changes_text(entry["changes"], plan, language) for language in languages]
            lines.append(start + said[0])  # a second language under the first, where the changes begin
            lines += [" " * _width(start) + line for line in said[1:]]
        if report["changed_count"] > len(shown):
            lines.append("  " + w.say("compare.more", n=report["changed_count"] - len(shown), kept=KEPT))
        if run.get("open"):
            lines.append("  " + w.head("compare.open"))
            lines += [f"    {w.label(f'whatif.{arm}')}{w.colon}{run[key]}"
                      for arm, key in (("original", "open_original"), ("edited", "open"))]
    confidence = round(100 * report["confidence"])
    told, idle = told_measures(report)
    measures = [(both(lambda language, m=m: measure_label(m["measure"], plan, language)), m,
                 paired(m, w.in_line)) for m in told]
    units = [(w.one(name), m, paired(m, w.in_line, hours=True)) for name, m in extra_work(report, plans)]
    width = max(_width(label) for label in [*(row[0] for row in measures), w.label("whatif.measure")]) + 2
    heads = (arms[0], arms[1], w.label("compare.difference"), w.say("compare.interval", confidence=confidence))
    columns = [max([16, _width(head)] + [_width(said[key]) for _, _, said in [*measures, *units]])
               for head, key in zip(heads[:3], ("baseline", "variant", "mean"))]
    columns.append(max([26, _width(heads[3]) + 2] + [_width(said["interval"]) + 2 for _, _, said in [*measures, *units]]))
    head = "  ".join(_right(h, c) for h, c in zip(heads[:3], columns)) + f"  {_pad(heads[3], columns[3])}{'n':>6}  "  # over the rows' " *" too
    lines += ["", w.head("compare.paired") + w.say("compare.paired_about", confidence=confidence),
              f"  {_pad(w.label('whatif.measure'), width)}{head}  {_right(w.label('compare.changed_in'), 8)}"]
    lines += [f"  {_pad(label, width)}{_figures(m, said, columns)}  {m['changed']:>8}" for label, m, said in measures]
    lines += [f"  {line}" for language in languages for line in happened_lines(told, plan, language)]
    lines += [f"  {idle_line(idle, plan, language)}" for language in languages if idle]
    if units:  # a unit's hours are not told as changes (their total is): no column of changes
        lines += ["", w.head("compare.extra_work") + w.say("compare.extra_work_about", top=TOP_UNITS),
                  f"  {head}    {w.label('common.unit')}"]
        lines += [f"  {_figures(m, said, columns)}    {label}" for label, m, said in units]  # names are long: last
    else:
        lines += ["", w.head("compare.extra_work") + w.say("compare.no_extra_work")]
    lines.append("")
    return "\n".join(line.rstrip() for line in lines)


def _right(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` terminal columns."""
    return " " * max(0, width - _width(text)) + text


def _figures(m: dict, said: dict[str, str], columns: list[int]) -> str:
    """A paired measure's row: ``said`` its figures in words (:func:`sim.sweep.words.paired`),
    in ``columns`` as wide as the widest of them."""
    mark = " *" if m["excludes_zero"] else "  "
    return ("  ".join(_right(said[key], c) for key, c in zip(("baseline", "variant", "mean"), columns))
            + f"  {_pad(said['interval'], columns[3])}{m['n']:>6}{mark}")
