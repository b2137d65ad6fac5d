"""What the engine's own events say, in both languages.

An event the plan causes carries the plan's text (a duty, a step, a level's name). The
engine's own bookkeeping — a crew starting or finishing a repair, load shed and given
back, the figures meeting a lower level than the event reached, a change of level put to
its decision-maker, the response ended, a secondary
incident closed — carries only its action id and its fields, to keep a replication's
result small. A reader is shown these words instead of the bare id; they are the
engine's vocabulary, the same for every plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: action -> (Chinese, English); ``{field}`` is filled from the event
WORDS: dict[str, tuple[str, str]] = {
    "repair_start": ("抢修队伍开始抢修 {element}", "A repair crew starts work on {element}"),
    "repaired": ("{element} 抢修完成", "{element} repaired"),
    "switch_in": ("{element} 恢复送电", "{element} switched back in"),
    "shed_load": ("{element} 有序限电", "Load shed on {element}"),
    "restore_shed_load": ("{element} 恢复限电负荷", "Shed load restored on {element}"),
    "no_crews": ("情景中没有可派的 {resource}", "The scenario has no {resource} to send"),
    "reclassified": ("按当前数据分级为{classification}（事件级别仍为{severity}）",
                     "The figures now meet {classification} (the event remains {severity})"),
    "below_levels": ("按当前数据已低于各级分级标准（事件级别仍为{severity}）",
                     "The figures now meet no severity level (the event remains {severity})"),
    "adjustment_proposed": ("按当前分级提请将响应由{from}调整为{to}", "Put to the decision: change the response from {from} to {to}"),
    "end_response": ("终止应急响应", "The response ends"),
    "incident_closed": ("次生事件处置完毕：{incident}", "Secondary incident dealt with: {incident}"),
    # a scenario's hazard; the event's text is the hazard's name
    "hazard_ends": ("{name}结束", "Over: {name}"),
    # a key user's supply; the event's text is the user's name
    "backup_power_started": ("{name}启动自备应急电源", "{name} starts its own backup power"),
    "backup_out_of_fuel": ("{name}自备电源燃料耗尽", "{name}'s backup power runs out of fuel"),
    "grid_supply_restored": ("{name}恢复电网供电", "{name} is back on the grid"),
    "lost_power": ("{name}失去全部电源", "{name} has no power at all"),
    "mobile_generator_connected": ("应急发电车为{name}供电", "A mobile generator powers {name}"),
    "mobile_generator_left": ("应急发电车撤离{name}", "The mobile generator leaves {name}"),
}


def event_text(event: Mapping, names: Mapping[str, Any] | None = None) -> dict[str, str] | None:
    """The engine's words for the event's action, the event's own text (a name) filling
    their ``{name}``; else the event's own text (the plan's words); else None.

    ``names`` (id → ``{zh, en}``, e.g. :func:`sim.report.names_from`) turns the ids in the
    event's fields — a substation, a feeder, an incident — into names in each language.
    """
    text = event.get("text")
    words = WORDS.get(event.get("action"))
    if words is None or (text and "{name}" not in words[0]):
        return text or None
    out = {}
    for lang, template in zip(("zh", "en"), words):
        fields = _Fields({key: _named(value, names, lang) for key, value in event.items()})
        if text:
            fields["name"] = text[lang]
        out[lang] = template.format_map(fields)
    return out


def _named(value: Any, names: Mapping[str, Any] | None, lang: str) -> Any:
    if not names or not isinstance(value, str) or value not in names:
        return value
    name = names[value]
    return name.get(lang, value) if isinstance(name, Mapping) else getattr(name, lang, value)


class _Fields(dict):
    """An event's fields for ``format_map``; a field the event lacks reads as “—”."""

    def __missing__(self, key: str) -> str:
        return "—"
