"""A run's fire bans as text, for the terminal (``python -m sim run``), in the reader's language.

Two parts: the figures of ``summary.fire`` (attempts, violations by activity and place,
who caught them, fires, hectares, hours to report and to containment, fines, patrol
hours) and the log of the fire story — every event of a fire, and the response plans'
events it set off: their reports, classifications and levels, the secondary incidents,
the duties that need a condition the fires brought (a fire, burnt trees on the lines,
the fire season) and the repair of what the tripped lines supply. Each line shows the
plan and the clause the step acts on; a penalty's, the fine imposed and its case by name, as
every log says it (:func:`sim.event_text.entry_words`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..cli_words import Words
from ..clock import clock, duration
from ..event_kinds import NOT_CLAUSES, kind_of
from ..event_text import attempt_places, entry_words
from ..messages import BOTH, LANGUAGES
from ..names import Names
from ..plan import ResponsePlan
from ..report import names_from

#: Engine verbs of a response plan that belong in the story of a fire that tripped a line.
_RESPONSE_STEPS = {"classified", "declare_response", "adjust_response", "end_response", "incident_closed",
                   "activate_measure"}


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
            for _, duty in plan.all_duties():
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


def fire_text(result: Mapping, scenario, plans: Mapping, area, language: str = BOTH) -> str:
    """The fire bans' figures and the fire story in ``language`` (``zh``, ``en`` or ``both``):
    names for ids, scenario clock times, each step's plan by its number in the list of
    plans above the log."""
    w = Words(language)
    names = names_from(plans, area, scenario, result)
    units = names.of("unit")
    start = result.get("start")
    s = result["summary"]["fire"]
    v = s["violations"]
    fires = s["fires"]
    lines = ["", w.head("fire.text.title") + f"{s['dates']['start']} – {s['dates']['end']}",
             "  " + w.say("fire.text.attempts", attempts=s["attempts"]["total"], legal=sum(s["legal"].values()),
                          deterred=sum(s["deterred"].values()), turned_back=s["turned_back"]["total"],
                          violations=v["total"], caught=s["caught"]["total"]),
             "  " + w.label("fire.text.by_activity_place")]
    # by place, not by zone: a place beyond a zone's band (farmland outside the control zones)
    # is measured from that zone, and would read as a violation inside it
    for activity, places in v["by_activity_place"].items():
        parts = w.joined(f"{w.name(names.of('place'), p)} {n}" for p, n in places.items())
        lines.append(f"    {w.name(names.of('activity'), activity)}{w.colon}{parts}")
    if not v["by_activity_place"]:
        lines.append("    " + w.label("common.none"))
    fines = s["fines"]
    lines += [
        "  " + w.say("fire.text.fires", started=fires["started"], from_violations=fires["from_violations"],
                     major=fires["major"], hectares=f"{fires['hectares_burned']:.1f}"),
        "  " + w.head("fire.text.to_report") + _mean(s["ignition_to_report_h"], w),
        "  " + w.head("fire.text.to_containment") + _mean(s["ignition_to_containment_h"], w),
        "  " + w.say("fire.text.penalties", count=fines["count"], yuan=f"{fines['total_yuan']:,}",
                     referrals=sum(s["referrals"].values()),
                     patrol={language: duration(s["patrol_hours"]["total"], language) for language in LANGUAGES}),
        "", w.label("fire.text.log"),
    ]
    numbered = {p["id"]: i for i, p in enumerate(result["plans"], 1)}
    lines += [f"    [{i}] {w.name(names.of('plan'), plan)}" for plan, i in numbered.items()]
    places = attempt_places(result["events"])
    for event in story(result, scenario, plans, area):
        text = entry_words(event, names, places)  # a penalty's with the fine imposed and its case
        what = w.one(text, " / ") if text else w.label(f"kind.{kind_of(event, {})}")
        plan = f"[{numbered[event['plan']]}] " if event.get("plan") in numbered else ""
        source = event["source"]
        clause = w.label(NOT_CLAUSES[source]) if source in NOT_CLAUSES else source
        lines.append(f"  {clock(start, event['t_h'])}  {plan}{clause} · {w.name(units, event['unit'])}{w.colon}"
                     f"{what}{_detail(event, names, w)}")
    return "\n".join(lines) + "\n"


def _mean(spread: Mapping, w: Words) -> str:
    if not spread["n"]:
        return "—"
    mean, longest = ({language: duration(spread[key], language) for language in LANGUAGES} for key in ("mean", "max"))
    return w.say("fire.text.mean", mean=mean, max=longest, n=spread["n"])


def _detail(event: Mapping, names: Names, w: Words) -> str:
    """What the log line adds to the event's words: the fire's area, where the tripped
    line's power went, whom a report reached (lists of names as every face joins them)."""
    if "area_ha" in event and event.get("fire"):
        return f"  [{event['area_ha']:.0f} ha]"
    if event["action"] == "line_tripped":
        return f"  [{w.joined(w.name(names.of('element'), e) for e in event['supplies'])}]"
    if "to" in event and isinstance(event["to"], list):
        return f"  [→ {w.joined(w.name(names.of('unit'), u) for u in event['to'])}]"
    return ""
