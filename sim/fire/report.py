"""A run's fire bans as bilingual text, for the terminal (``python -m sim run``).

Two parts: the figures of ``summary.fire`` (attempts, violations by activity and zone,
who caught them, fires, hectares, hours to report and to containment, fines, patrol
hours) and the log of the fire story — every event of a fire, and the response plans'
events it set off: their reports, classifications and levels, the secondary incidents,
the duties that need a condition the fires brought (a fire, burnt trees on the lines,
the fire season) and the repair of what the tripped lines supply. Each line shows the
plan and the clause the step acts on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..engine.summary import names
from ..event_text import event_text
from ..plan import BanNotice, ResponsePlan

#: Engine verbs of a response plan that belong in the story of a fire that tripped a line.
_RESPONSE_STEPS = {"classified", "declare_response", "adjust_response", "end_response", "incident_closed",
                   "activate_measure"}


def _names(plans: Mapping, area) -> dict[str, tuple[str, str]]:
    table = names(plans, area)
    for plan in plans.values():
        if isinstance(plan, BanNotice):
            for group in ("units", "contacts", "activities", "zones"):
                for item in getattr(plan, group):
                    table.setdefault(item.id, (item.name.zh, item.name.en))
    for corridor in area.corridors:
        table.setdefault(corridor.id, (corridor.name.zh, corridor.name.en))
    return table


def _story_conditions(scenario, area) -> set[str]:
    section = scenario.fire_ban
    found = {s.condition for s in section.ignition.seasons if s.condition}
    if section.cascade is not None:
        found.add(section.cascade.incident)
    for corridor in area.corridors:
        found.update(corridor.conditions)
    return found


def _story_duties(plans: Mapping, conditions: set[str]) -> set[str]:
    duties = set()
    for plan in plans.values():
        if isinstance(plan, ResponsePlan):
            for unit in plan.units:
                for duty in unit.duties:
                    if duty.trigger is not None and conditions & set(duty.trigger.requires):
                        duties.add(duty.id)
    return duties


def _report_hops(plans: Mapping) -> set[str]:
    return {hop.id for plan in plans.values() if isinstance(plan, ResponsePlan) for hop in plan.reporting.hops}


def story(result: Mapping, scenario, plans: Mapping, area) -> list[dict]:
    """The events of the fire story, in order (see the module docstring)."""
    duties = _story_duties(plans, _story_conditions(scenario, area))
    steps = _RESPONSE_STEPS | _report_hops(plans)
    trips = [e for e in result["events"] if e["action"] == "line_tripped"]
    first_trip = min(e["t_h"] for e in trips) if trips else None
    tripped = {element for e in trips for element in e["supplies"]}
    chosen = []
    for event in result["events"]:
        if event.get("fire") or event["action"] in duties or event.get("element") in tripped:
            chosen.append(event)
        elif first_trip is not None and event["t_h"] >= first_trip and event["action"] in steps:
            chosen.append(event)
    return chosen


def fire_text(result: Mapping, scenario, plans: Mapping, area) -> str:
    table = _names(plans, area)

    def name(key) -> str:
        zh, en = table.get(key, (key, key))
        return f"{zh} {en}" if zh != en else zh

    s = result["summary"]["fire"]
    v = s["violations"]
    fires = s["fires"]
    lines = ["", f"禁火令执行 Fire bans on the ground   {s['dates']['start']} – {s['dates']['end']}",
             f"  尝试用火 Attempts {s['attempts']['total']}    合法 legal {sum(s['legal'].values())}    "
             f"放弃 deterred {sum(s['deterred'].values())}    劝返 turned back {s['turned_back']['total']}    "
             f"违规 violations {v['total']}    制止/查处 caught {s['caught']['total']}",
             "  违规（按活动、区域） Violations by activity and zone"]
    for activity, zones in v["by_activity_zone"].items():
        parts = ", ".join(f"{name(z)} {n}" for z, n in zones.items())
        lines.append(f"    {name(activity)}: {parts}")
    if not v["by_activity_zone"]:
        lines.append("    无 none")
    fines = s["fines"]
    lines += [
        f"  火灾 Fires {fires['started']} (违规引发 from violations {fires['from_violations']}, "
        f"重大 major {fires['major']})    过火面积 Burned {fires['hectares_burned']:.1f} ha",
        f"  起火至报警 Ignition → 12119 call   {_mean(s['ignition_to_report_h'])}",
        f"  起火至控制 Ignition → contained     {_mean(s['ignition_to_containment_h'])}",
        f"  处罚 Penalties {fines['count']}    罚款 fines {fines['total_yuan']:,} 元 yuan    "
        f"移送 referrals {sum(s['referrals'].values())}    巡查 patrol team-hours {s['patrol_hours']['total']:.0f}",
        "", "火灾与停电事件记录 Fire and blackout log  (时间 time · 预案 plan · 条款 clause · 单位 unit)",
    ]
    start = dt.datetime.fromisoformat(result["start"])
    for event in story(result, scenario, plans, area):
        clock = (start + dt.timedelta(hours=event["t_h"])).strftime("%m-%d %H:%M")
        text = event_text(event)
        what = f"{text['zh']} / {text['en']}" if text else event["action"]
        extra = _detail(event, name)
        lines.append(f"  {event['t_h']:6.2f} h {clock}  {event.get('plan') or '—'} · {event['source']} · "
                     f"{name(event['unit'])}: {what}{extra}")
    return "\n".join(lines) + "\n"


def _mean(spread: Mapping) -> str:
    if not spread["n"]:
        return "—"
    return f"{spread['mean']:.2f} h (最长 max {spread['max']:.2f} h, n={spread['n']})"


def _detail(event: Mapping, name) -> str:
    action = event["action"]
    if action in ("classified", "declare_response", "adjust_response", "end_response"):
        return f"  [{action}]"
    if action in ("fire_contained", "fire_out", "major_fire", "crew_arrived") and "area_ha" in event:
        return f"  [{action} {event['fire']}, {event['area_ha']:.0f} ha]"
    if action in ("fire_contained", "fire_out"):
        return f"  [{action} {event['fire']}]"
    if action == "penalty":
        fine = f", {event['fine_yuan']:,} 元" if "fine_yuan" in event else ""
        return f"  [{event['penalty']}{fine}]"
    if action == "line_tripped":
        return f"  [{', '.join(name(e) for e in event['supplies'])}]"
    if "element" in event:
        return f"  [{action} {name(event['element'])}]"
    if "to" in event and isinstance(event["to"], list):
        return f"  [→ {', '.join(name(u) for u in event['to'])}]"
    return ""
