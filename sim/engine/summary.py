"""A run's summary as bilingual text, for the terminal (``python -m sim run``).

Chinese first, English beside it, as the users read. Ids in the result are turned back
into the names the plan and the area give them.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..event_text import unmet_reason


#: What a run's summary says when no response started, unless the plan says it in its own words.
NO_RESPONSE = ("未启动应急响应", "No response started")


def names(plans: Mapping, area) -> dict[str, tuple[str, str]]:
    """Id → (zh, en) for the levels, units, duties and key users of a run. Severity levels
    are under ``("severity", id)``: a plan may give a severity level and a response level
    the same id (Ⅰ级 for both), and each must read as what it is."""
    table: dict = {}
    for plan in plans.values():
        for group in ("response_levels", "units", "resources"):
            for item in getattr(plan, group, None) or []:
                table.setdefault(item.id, (item.name.zh, item.name.en))
        for item in getattr(plan, "severity_levels", None) or []:
            table.setdefault(("severity", item.id), (item.name.zh, item.name.en))
        for unit in getattr(plan, "units", None) or []:
            for duty in unit.duties:
                table.setdefault(duty.id, (duty.text.zh, duty.text.en))
    for user in area.key_users:
        table.setdefault(user.id, (user.name.zh, user.name.en))
    return table


def _hours(value) -> str:
    return "—" if value is None else f"{value:.1f} h"


def summary_text(result: Mapping, scenario, plans: Mapping, area, drawn: str = "") -> str:
    """The bilingual summary; ``drawn`` names the replication of a template that ran."""
    table = names(plans, area)

    def name(key) -> str:
        if key is None:
            return "—"
        zh, en = table.get(key, (key, key))
        return f"{zh} {en}" if zh != en else zh

    s = result["summary"]
    lines = [
        f"情景 Scenario   {scenario.id}  {scenario.title.zh} / {scenario.title.en}",
        "预案 Plans      " + ", ".join(f"{p['id']} ({p['sha256'][:12]})" for p in result["plans"]),
        f"区域 Area       {result['area']['id']}    种子 Seed {result['seed']}    "
        f"推演至 Ran to {_hours(s['end_h'])} / {_hours(result['horizon_h'])}",
        *([drawn] if drawn else []),
        "",
        "关键时间 Key times",
        f"  发布预警 Warning issued       {_hours(s.get('warning_issued_at_h'))}",
        f"  解除预警 Warning lifted       {_hours(s.get('warning_lifted_at_h'))}",
        f"  停电开始 Outage began         {_hours(s.get('incident_started_at_h'))}",
        f"  启动响应 Response started     {_hours(s.get('response_started_at_h'))}",
        f"  响应终止 Response ended       {_hours(s.get('terminated_at_h'))}",
    ]
    if s.get("discretion_at_h") is not None:
        lines.append(f"  事发地政府自主响应 Local response at discretion  {_hours(s['discretion_at_h'])}")
    severity = s.get("max_severity")
    lines += ["", f"最高事件级别 Highest severity: {name(('severity', severity) if severity else None)}",
              f"最高响应级别 Highest response level: {name(s.get('max_response_level'))}",
              "", "响应级别变化 Response level changes"]
    changes = s.get("level_changes") or []
    if not changes:
        own = next((p.no_response for p in plans.values() if getattr(p, "no_response", None)), None)
        zh, en = (own.zh, own.en) if own else NO_RESPONSE
        lines.append(f"  {zh} {en}")
    for change in changes:
        to = name(change["to"]) if change["to"] is not None else "终止 ended"
        by = f"  （{name(change['by'])}）" if change.get("by") else ""
        lines.append(f"  {change['t_h']:7.1f} h  {name(change['from'])} → {to}{by}")
    lines += ["", "自备电源耗尽 Backup power out of fuel"]
    fuel = s.get("key_users_out_of_fuel") or []
    lines += [f"  {item['t_h']:7.1f} h  {name(item['user'])}" for item in fuel] or ["  无 none"]
    lines += ["", "未履行职责 Unmet duties"]
    unmet = s.get("unmet_duties") or []
    by_name = {key: {"zh": zh, "en": en} for key, (zh, en) in table.items() if isinstance(key, str)}

    def why(reason) -> str:
        said = unmet_reason(reason, by_name)
        return said["zh"] if said["zh"] == said["en"] else f"{said['zh']} {said['en']}"

    lines += [f"  {item['t_h']:7.1f} h  {name(item['unit'])}: {name(item['duty'])} — {why(item['reason'])}"
              for item in unmet] or ["  无 none"]
    return "\n".join(lines) + "\n"
