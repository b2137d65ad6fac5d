"""``python -m sim check``: is an activity prohibited at a place on a day?

The answer is not a failure either way, so the exit status is 0 whether or not the
activity is prohibited; 2 is bad input (unknown activity or zone, invalid plan files).
"""

from __future__ import annotations

import argparse
import datetime as dt

#: The check's inputs (as :func:`sim.bans.check` names them in its problems) and their flags.
FLAGS = {"activity": "--activity", "zone": "--zone", "distance_m": "--distance-m"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="is an activity prohibited at a place on a day? (ban notices)",
        description="Apply every ban notice (kind: ban_notice) to one activity at one place on one day: "
        "the rules that apply with clause, quote and penalties, the periods and requirements in force, "
        "whom to call and who enforces. A place is a zone (see `python -m sim zones`) and the distance outside "
        "its edge; without a zone the answer depends on the place, and each rule says where it holds. "
        "A notice applies from its effective date. Exit 0 whether or not prohibited, 2 for bad input. / "
        "对某日某地的某项活动适用全部禁令通告：适用的规定（条款、原文、处罚）、当日有效的时段和要求、联系电话和执法单位。"
        "地点为区域（见 `python -m sim zones`）及距其边缘的距离；未指定区域时，是否禁止取决于地点。"
        "通告自施行之日起适用。无论是否禁止均返回 0，输入有误返回 2。",
    )
    parser.add_argument("--date", required=True, type=_date, metavar="YYYY-MM-DD", help="the day")
    parser.add_argument("--activity", required=True, metavar="ACT",
                        help="activity id or name, e.g. fireworks, 上坟烧纸, 野外用火活动 (any other outdoor fire) / "
                             "活动的标识或名称")
    parser.add_argument("--zone", metavar="ZONE", help="zone id or name of the place (see `python -m sim zones`) / "
                                                       "地点所在区域的标识或名称")
    parser.add_argument("--distance-m", type=float, metavar="M",
                        help="metres outside the zone's edge (0 or omitted: inside the zone)")
    parser.add_argument("--plans", nargs="+", metavar="DIR_OR_FILE",
                        help="plan files or directories (default: plans/ here, else the shipped plans/)")
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.set_defaults(run=run)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def run(args: argparse.Namespace) -> int:
    import json

    from ..bans import check, default_plan_paths, load_ban_notices
    from ..errors import InputError, option_problem

    notices = load_ban_notices(args.plans or default_plan_paths())
    try:
        result = check(notices, args.date, args.activity, args.zone, args.distance_m)
    except InputError as error:  # about the flags: name them as typed
        raise InputError([option_problem(FLAGS.get(p.path, p.path), p.message) if p.file == "input" else p
                          for p in error.problems]) from None
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(render(result)))
    return 0


def render(result) -> list[str]:
    """The answer as bilingual plain text, Chinese first."""
    from ..bans import ANSWERS

    place = "未指定地点 no place given"
    if result.place:
        zone = result.place.zone
        place = f"{zone.name.zh} {zone.name.en} [{zone.id}]"
        if result.distance_m == float("inf"):
            place += "，在各边缘范围之外 / beyond every band around it"
        elif result.distance_m:
            place += f"，边缘外{result.distance_m:g}米 / {result.distance_m:g} m outside its edge"
    name = result.activity_name
    answer = ANSWERS[result.answer]
    lines = [
        f"{result.date.isoformat()} · {name.zh} {name.en} [{result.activity}] · {place}",
        f"结论 Answer: {answer.zh} {answer.en.upper()}",
    ]
    if result.rules:
        lines += ["", f"适用规定 Rules that apply ({len(result.rules)}):"]
    lines += _rules(result.rules)
    if result.depends:
        lines += ["", f"取决于地点的规定 Rules that depend on the place ({len(result.depends)}):"]
    lines += _rules(result.depends)
    if result.elsewhere:
        lines += ["", "当日在其他区域禁止 Prohibited elsewhere on this day:"]
    for other in result.elsewhere:
        if other.area.zones:
            band = f"（边缘{other.area.buffer_m:g}米内 / within {other.area.buffer_m:g} m）" if other.area.buffer_m else ""
            where = "zones: " + ", ".join(other.area.zones) + band
        else:
            where = f"{other.jurisdiction_name.zh} {other.jurisdiction_name.en}"
        lines.append(f"  • {other.plan} · {other.rule.id} — {where}")
    if result.periods:
        lines += ["", f"时段 Periods on {result.date.isoformat()}:"]
    for state in result.periods:
        p = state.period
        span = f"{p.dates.start}–{p.dates.end}" if p.dates else f"每年 yearly {p.annual.start}–{p.annual.end}"
        mark = "✓ 在期内 in force    " if state.in_force else "✗ 不在期内 not in force"
        lines.append(f"  {mark} {p.name.zh} / {p.name.en} ({span}) [{state.plan}]")
    if result.requirements:
        lines += ["", "须遵守 Requirements in force:"]
    for plan, r in result.requirements:
        clause = f" ({r.source.clause})" if r.source else ""
        lines += [f"  • [{r.kind}] {r.text.zh}{clause}", f"    {r.text.en}"]
        if r.assumption:
            lines.append(f"    假设 Assumption: {r.assumption}")
    if result.contacts:
        lines += ["", "联系 Whom to call:"]
    for plan, c in result.contacts:
        lines.append(f"  • {c.phone}  {c.name.zh} / {c.name.en} — {c.purpose.zh} / {c.purpose.en}")
    if result.units:
        lines += ["", "执法单位 Enforcing units:"]
    for plan, unit in result.units:
        lines.append(f"  • {unit.name.zh} / {unit.name.en}")
        for duty in unit.duties:
            lines += [f"    - {duty.text.zh}", f"      {duty.text.en}"]
    if result.notes:
        lines += ["", "说明 Notes:"]
    for note in result.notes:
        lines += [f"  • {note.zh}", f"    {note.en}"]
    return lines


def _rules(applied_rules) -> list[str]:
    from ..bans import fine_range, referral_text

    lines = []
    for applied in applied_rules:
        rule = applied.rule
        clause = rule.source.clause if rule.source else "—"
        lines += [
            f"  • {applied.plan} · {clause} · {rule.id}",
            f"    {rule.text.zh}",
            f"    {rule.text.en}",
            f"    适用 Where: {applied.where.zh} / {applied.where.en}",
        ]
        if rule.source:
            lines.append(f"    原文 Quote: 「{rule.source.quote}」")
        if rule.assumption:
            lines.append(f"    假设 Assumption: {rule.assumption}")
        if applied.penalties:
            lines.append("    处罚 Penalties:")
        for p in applied.penalties:
            lines += [
                f"      - {p.applies_when.zh}：{p.text.zh}",
                f"        {p.applies_when.en}: {p.text.en}",
                f"        依据 Basis: {p.legal_basis.zh}",
            ]
            if p.fine_yuan:
                lines.append(f"        罚款 Fine: {fine_range(p, 'zh')} / {fine_range(p, 'en')}")
            if p.restoration_cost_multiple_max:
                m = p.restoration_cost_multiple_max
                lines.append(f"        罚款上限 Fine cap: 恢复费用的{m:g}倍 / {m:g}× the restoration cost")
            if p.referral:
                ref = referral_text(p.referral)
                lines.append(f"        移送 Referral: {ref.zh} / {ref.en}")
            if p.assumption:
                lines.append(f"        假设 Assumption: {p.assumption}")
    return lines
