"""Reading a result event by event: the rule behind an entry, the state at a moment, what is due.

A trainer stepping through an incident asks three things at each entry of the log: *why*
did this happen (the plan rule behind it, its clause and original text, found by
:mod:`sim.event_rules` as every face that cites an entry finds it), *what does the situation
look like* now (metrics, levels, warning, who is at work) and *what should each unit be
doing next* (duties whose trigger holds but that have not started). All three are
answered from the result and the plans alone, without re-running anything: the state the
engine recorded as it ran (``observed``, :mod:`sim.engine.observer`) says which conditions
were present, which duties were due and where each stood (queued, working, between
rounds, done); nothing here re-derives what the engine decided.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Mapping
from typing import Any

from ..clock import clock
from ..event_rules import Explanation, grounds
from ..messages import said
from ..plan import ResponsePlan
from ..report import criterion_met
from .i18n import pick, tr


# -- the rule behind an event (found by sim.event_rules), as the walk-through words it -------------


def ground_text(ground: Explanation, language: str, assumed: bool = False) -> str:
    """A level's band or a condition the entry acted on: its words, then its citation aside
    (and, when ``assumed``, the assumption the plan's number rests on beside it)."""
    cited = [ground.line(ground.source, language)] if ground.source is not None else []
    if assumed and ground.assumption is not None:
        cited.append(_assumed(ground.assumption, language))
    return pick(ground.text, language) + _aside(cited, language)


def _aside(cited: list[str], language: str) -> str:
    return tr("common.aside", language, text=tr("common.clause_sep", language).join(cited)) if cited else ""


def _assumed(assumption, language: str) -> str:
    return tr("common.labelled", language, label=tr("common.assumption", language), text=pick(assumption, language))


def entry_grounds(run: Mapping, event: Mapping) -> list[tuple[str, Explanation]]:
    """What an entry of ``run`` acted on (:func:`sim.event_rules.grounds`), read against the
    values its plan's severity criteria read at the entry's moment, as the engine recorded
    them (``observed``): so a level's band comes with the parts of it that held. The time
    to decide a declaration says when the report reached the decider (the log's hop that
    brought it) and, when the scenario spreads working times, that the run's time varies."""
    result, plans = run["result"], run["plans"]
    values = classified_on_at(result, event["plan"], event["t_h"]) if event.get("plan") else None
    found = grounds(event, plans, values)
    return [(kind, _decision_in_run(run, event, ground) if kind == "decision" else ground) for kind, ground in found]


def _decision_in_run(run: Mapping, event: Mapping, ground: Explanation) -> Explanation:
    """The plan's time to decide, with when this run's report reached the decider and whether
    the run draws that time about the plan's."""
    plan = run["plans"][event["plan"]]
    words = ground.text
    scenario = run.get("scenario")
    if scenario is not None and scenario.stochastic.work_time_sigma > 0:
        words = said("walk.decision_varies", time=words)
    reached = report_reached(run["result"], plan, event["t_h"])
    if reached is not None:
        words = said("walk.decision_reached", reached=clock(run["result"]["start"], reached), time=words)
    return dataclasses.replace(ground, text=words)


def report_reached(result: Mapping, plan: ResponsePlan, until: float) -> float | None:
    """When the report of the incident under way at ``until`` first reached ``plan``'s decider
    (its ``reporting.decision`` unit) by then, as the log recorded the hop that brought it;
    None when no logged hop did (the decider is where the report starts). A run may hold
    several incidents, each reported anew: the incident is the one whose beginning the log
    gave last (``incident_begun``), or the first when it gave none."""
    hops = {hop.id for hop in plan.reporting.hops}
    decider = plan.reporting.decision.unit
    events = [e for e in result.get("events") or () if e["t_h"] <= until and e.get("plan") == plan.id]
    since = max((e["t_h"] for e in events if e.get("action") == "incident_begun"), default=None)
    return next((e["t_h"] for e in events if (since is None or e["t_h"] >= since)
                 and e.get("action") in hops and decider in (e.get("to") or ())), None)


def ground_lines(kind: str, ground: Explanation, plan: Any, language: str,
                 grid_names: Mapping[str, Any] | None = None) -> list[tuple[str, str]]:
    """A ground as labelled lines ``(label, words)``: the ground itself (with, for the time
    to decide, the assumption its hours rest on, where it has one); then each part
    of a level's criteria that held then — the figure, its value and the threshold
    (:func:`sim.report.criterion_met`) with the part's own clause and quote, or its
    assumption, where it has one of its own."""
    lines = [(tr(f"walk.grounds.{kind}", language), ground_text(ground, language, assumed=kind == "decision"))]
    for leaf, value in ground.met:
        own = [ground.line(leaf.source, language)] if leaf.source is not None and leaf.source != ground.source else []
        if leaf.assumption is not None:
            own.append(_assumed(leaf.assumption, language))
        lines.append((tr("walk.grounds.met", language),
                      criterion_met(leaf, value, plan, language, grid_names) + _aside(own, language)))
    return lines


# -- the state at a moment -----------------------------------------------------------------------


def row_at(result: Mapping, t: float) -> Mapping:
    """The time-series row in force at ``t`` (rows hold from their ``t_h`` on)."""
    rows = result.get("timeseries") or []
    if not rows:
        return {}
    times = [row["t_h"] for row in rows]
    return rows[max(bisect.bisect_right(times, t) - 1, 0)]


def incident_at(result: Mapping, t: float) -> int | None:
    """The number of the incident a moment belongs to, when the run held several: the last
    the summary lists as begun by ``t`` (its ``incidents``, as the engine recorded each), the
    first before any; None for a run of one incident, where the number says nothing."""
    incidents = (result.get("summary") or {}).get("incidents")
    if not incidents:
        return None
    found = incidents[0]["number"]
    for incident in incidents:
        if incident["begun_at_h"] > t:
            break
        found = incident["number"]
    return found


def fire_at(result: Mapping, t: float) -> dict[str, float]:
    """The fire bans' figures at ``t``: the fires burning and the hectares burned (the row of
    the ``fire`` series in force), and the fires started, the violations stopped on the spot
    and the penalties imposed so far (the log's entries up to ``t``)."""
    rows = [row for row in result.get("fire") or [] if row["t_h"] <= t]
    last = rows[-1] if rows else {"burned_ha": 0.0, "burning": 0}
    done = [e["action"] for e in result.get("events") or [] if e["t_h"] <= t]
    return {"burning": last.get("burning", 0), "burned_ha": last.get("burned_ha", 0.0),
            "fires_started": done.count("fire_started"), "caught": done.count("stop_violation"),
            "penalties": done.count("penalty")}


def warning_at(result: Mapping, t: float) -> str:
    """The primary plan's warning at ``t`` — ``issued``, ``lifted``, ``ended`` (with the
    response) or ``none`` — as the engine recorded it (``observed``; ``none`` when the
    result was not observed)."""
    plan_id = (result.get("summary") or {}).get("plan")
    return plan_state_at(result, plan_id, t).get("warning", "none") if plan_id else "none"


def busy_at(result: Mapping, t: float) -> list[dict]:
    """Who is at work at ``t``: ``{unit, duty, plan, state, since_h, until_h}`` (and
    ``element``, ``crew`` where the engine recorded them), ``state`` ``working`` or
    ``queued`` (for a resource); ``until_h`` is None when the run ended before that state
    did.

    Every kind of work — duties, plan steps, repairs, fire crews — is read from the states
    the engine recorded as it ran (``observed``), so work still going on, or still waiting,
    when the run ended is there (the spans, written as each piece of work ends, would miss
    it); a result that was not observed shows nobody."""
    return [{**entry, "since_h": entry["t_h"], "until_h": until}
            for entry, until in _duty_states_at(result, t).values()
            if entry["state"] in ("working", "queued") and (until is None or t < until)]


def _observed_at(rows: list, t: float) -> Mapping | None:
    """The entry of an ``observed`` series in force at ``t`` (entries hold from their ``t_h`` on)."""
    if not rows:
        return None
    times = [row["t_h"] for row in rows]
    index = bisect.bisect_right(times, t) - 1
    return rows[index] if index >= 0 else None


def conditions_at(result: Mapping, t: float) -> set[str]:
    """Incident conditions present at ``t``, as the engine recorded them (``observed``)."""
    entry = _observed_at((result.get("observed") or {}).get("conditions") or [], t)
    return set(entry["present"]) if entry else set()


def classified_on_at(result: Mapping, plan_id: str, t: float) -> Mapping | None:
    """The values a plan's severity criteria read at ``t`` (figures, contexts, durations), as
    the engine recorded them (``observed``); None when the result was not observed."""
    rows = ((result.get("observed") or {}).get("classified_on") or {}).get(plan_id) or []
    entry = _observed_at(rows, t)
    return entry["values"] if entry else None


def plan_state_at(result: Mapping, plan_id: str, t: float) -> Mapping:
    """A plan's severity, response level, trigger phases and due duties at ``t``, as the
    engine recorded them (``observed``; empty when the result was not observed)."""
    entry = _observed_at(((result.get("observed") or {}).get("plans") or {}).get(plan_id) or [], t)
    return entry or {}


# -- what is due ------------------------------------------------------------------------------


def _duty_entries(result: Mapping) -> list:
    return (result.get("observed") or {}).get("duties") or []


def _key(entry: Mapping) -> tuple:
    """What one piece of work is known by: its plan, its duty (or step) and, for a repair
    or a fire, the element; for a fire, also which of the crews sent to it."""
    return entry.get("plan"), entry["duty"], entry.get("element"), entry.get("crew")


def _duty_states_at(result: Mapping, t: float) -> dict[tuple, tuple[Mapping, float | None]]:
    """(plan, duty, element, crew) → (the state entry the engine recorded last at or before ``t``, when
    that state ended: its ``until_h`` if it has one, else the duty's next entry's time,
    else None)."""
    entries = _duty_entries(result)
    now = bisect.bisect_right([entry["t_h"] for entry in entries], t)
    states: dict[tuple, tuple[Mapping, float | None]] = {}
    for entry in entries[:now]:
        states[_key(entry)] = (entry, entry.get("until_h"))
    unended = {key for key, (entry, until) in states.items() if until is None}
    for entry in entries[now:]:
        if not unended:
            break
        key = _key(entry)
        if key in unended and entry["t_h"] > t:
            unended.discard(key)
            states[key] = (states[key][0], entry["t_h"])
    return states


#: What a due duty shows for the state the engine last recorded (``done`` ones are not shown;
#: one stopped while its trigger holds again has not started again).
_SHOWN = {"pending": "pending", "queued": "queued", "working": "working", "repeating": "repeating",
          "unmet": "unmet", "stopped": "pending", "declined": "declined"}


def due_duties(plan: ResponsePlan, result: Mapping, t: float) -> list[tuple[Any, Any, str]]:
    """(unit, duty, state) for the duties the engine found due at ``t`` (their trigger held)
    that are not done, ``state`` as the engine recorded it (``pending`` when it has not
    started): ``pending``, ``queued``, ``working``, ``repeating`` (between rounds) or
    ``unmet``; ``unit`` is ``None`` for the headquarters' own duties."""
    due_ids = set(plan_state_at(result, plan.id, t).get("due") or ())
    states = _duty_states_at(result, t)
    due = []
    shown_as = [*plan.units, None]  # the headquarters' own duties are shown as theirs, not a unit's
    for unit, (_, _, duties) in zip(shown_as, plan.duty_lists(), strict=True):
        for duty in duties:
            if duty.id not in due_ids:
                continue
            recorded = states.get((plan.id, duty.id, None, None))
            state = _SHOWN.get(recorded[0]["state"]) if recorded else "pending"
            if state is not None:
                due.append((unit, duty, state))
    return due
