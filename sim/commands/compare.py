"""``python -m sim compare TEMPLATE --variant FILE --runs N --seed S``: baseline against a variant.

Both arms run on the same drawn incidents and engine seeds (common random numbers), in
the same task, so each replication gives a paired difference. The table shows how many
incidents change their highest response level (and how many a year that is at the
template's rate), which ones, the paired differences of the response's length, the
hours at each level, the work and the unmet duties with 95 % confidence intervals, and
which units carry the extra work. ``--json`` prints the same as JSON.
"""

from __future__ import annotations

import argparse

from ..sweep.options import add_run_options

from ..messages import Message

#: Units listed under "who carries the extra work" in the table (--json has all).
TOP_UNITS = 10
#: Changed replications listed in the table (--json has all).
TOP_CHANGED = 50


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("compare", help=Message("cli.command.compare"), description=Message("cli.compare.about"))
    add_run_options(parser)
    parser.add_argument("--variant", required=True, metavar="FILE", help=Message("cli.compare.variant"))
    parser.add_argument("--json", action="store_true", help=Message("cli.option.json"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    from ..engine.recorder import rounded
    from ..inputs import load_case, plan_files
    from ..sweep.compare import compare_cases
    from ..sweep.options import UNAVAILABLE, execute, unavailable

    baseline = load_case(args.template, args.plan, template=True)
    variant = baseline.changed(plans=plan_files(baseline, [args.variant]))
    try:
        report = compare_cases(baseline, variant, args.seed, lambda job, sink: execute(job, args, sink),
                               baseline.scenario.template.incidents_per_year.value)
    except UNAVAILABLE as error:
        return unavailable(error, args.lang)
    report["run"]["variant_file"] = str(args.variant)
    if args.json:
        print(json.dumps(rounded(report), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(table(report, baseline.plans, baseline.scenario.plans), end="")
    return 0


def _measure_names(plan, measures: list[dict]) -> dict[str, str]:
    """Each measure as the What-if page names it, then its id."""
    from ..sweep.compare import measure_label

    return {m["measure"]: f"{measure_label(m['measure'], plan, 'zh')} {m['measure']}" for m in measures}


#: Terminal columns of a measure's name: the longest ("发布预警时间（小时） warning_issued_at_h") fits.
LABEL = 44


def _pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (a Chinese character takes two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def _number(value, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.2f}" if signed else f"{value:.2f}"


def table(report: dict, plans: dict, plan_ids: list[str]) -> str:
    """The comparison as bilingual plain text."""
    from ..sweep.rows import primary

    plan = primary(plans, plan_ids)
    unit_names = {u.id: u.name for u in plan.units} if plan else {}
    run = report["run"]
    n = report["n"]
    changed_plans = [b["id"] for b, v in zip(run["baseline"], run["variant"]) if b["sha256"] != v["sha256"]]
    lines = [
        f"推演对比 Comparison — {run['template']}: {n} replications, seed {run['seed']}, common random numbers",
        f"  变体 variant: {run['variant_file']} replaces {', '.join(changed_plans) or '(no plan changed)'}",
        "",
        f"{_pad('最高响应级别 Highest response level', 36)}{'baseline':>14}{'variant':>10}",
    ]
    level_names = {level.id: level.name for level in plan.response_levels} if plan else {}
    for entry in report["levels"]:
        name = level_names.get(entry["level"])
        label = f"{name.zh} {name.en}" if name else entry["level"] or "无 none"
        lines.append(f"  {_pad(label, 34)}{entry['baseline']:>14}{entry['variant']:>10}")
    share = report["changed_share"] or 0.0
    yearly = ""
    if "changed_per_year" in report:
        yearly = f"; ≈ {report['changed_per_year']:.2f} a year at {report['incidents_per_year']:g} incidents a year"
    lines += ["", f"级别改变 Replications whose highest level changed: {len(report['changed'])} of {n} "
                  f"({100 * share:.1f} %){yearly}"]
    for move in report["transitions"]:
        lines.append(f"  {move['from'] or 'none'} → {move['to'] or 'none'}: {move['count']}")
    if report["changed"]:
        lines.append(f"  {'replication':>11}  {'cause':<18}{'season':<8}{'weather':<11}{'load shed %':>12}"
                     f"{'customers out %':>17}  baseline → variant")
        for entry in report["changed"][:TOP_CHANGED]:
            lines.append(
                f"  {entry['replication']:>11}  {entry.get('cause', ''):<18}{entry.get('season', ''):<8}"
                f"{entry.get('weather', ''):<11}{_number(entry.get('peak_load_shed_pct')):>12}"
                f"{_number(entry.get('peak_customers_out_pct')):>17}  "
                f"{entry['baseline'] or 'none'} → {entry['variant'] or 'none'}")
        if len(report["changed"]) > TOP_CHANGED:
            lines.append(f"  … {len(report['changed']) - TOP_CHANGED} more (--json lists all)")
    confidence = round(100 * report["confidence"])
    header = (f"  {_pad('指标 measure', LABEL)}{'baseline':>10}{'variant':>10}{'difference':>12}  {confidence} % CI{'':>13}"
              f"{'n':>6}")
    measure_names = _measure_names(plan, report["measures"])
    lines += ["", f"配对差异 Paired differences (variant − baseline), {confidence} % CI = mean ± t·sd/√n; "
                  "* the interval excludes 0", header]
    for m in report["measures"]:
        lines.append(_measure_line(measure_names.get(m["measure"], m["measure"]), m))
    lines += ["", f"谁承担额外工作 Who carries the extra work (unit-hours per incident; top {TOP_UNITS})",
              header.replace(_pad("指标 measure", LABEL), _pad("单位 unit", LABEL))]
    for m in [m for m in report["units"] if m["mean"]][:TOP_UNITS]:
        name = unit_names.get(m["measure"])
        lines.append(_measure_line(m["measure"], m) + (f"  {name.zh} {name.en}" if name else ""))
    lines.append("")
    return "\n".join(lines)


def _measure_line(label: str, m: dict) -> str:
    ci = f"[{_number(m['low'], True)}, {_number(m['high'], True)}]" if m["low"] is not None else "—"
    mark = " *" if m["excludes_zero"] else "  "
    return (f"  {_pad(label, LABEL)}{_number(m['baseline']):>10}{_number(m['variant']):>10}"
            f"{_number(m['mean'], True):>12}  {ci:<22}{m['n']:>6}{mark}")
