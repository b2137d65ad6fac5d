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

Several entries often share an instant (a level declared, then in the same minute the
request that has a higher authority take over). The state shown at an entry is the state
as that entry left it, before the next one changed it, not as the instant ended: each
function that reads a moment takes ``entry``, the entry's number in the log (1-based),
besides its time; without it, the state is read as the instant ``t`` ended.
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
from ..report import criterion_met, published_range
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


def entry_grounds(run: Mapping, event: Mapping, entry: int | None = None) -> list[tuple[str, Explanation]]:
    """What an entry of ``run`` (the ``entry``-th of its log, where known) acted on
    (:func:`sim.event_rules.grounds`), read against the values its plan's severity criteria
    read as of the entry, as the engine recorded them (``observed``): so a level's band comes
    with the parts of it that held. The time to decide a declaration says when the report
    reached the decider (the log's hop that brought it) and, when the scenario spreads
    working times, that the run's time varies."""
    result, plans = run["result"], run["plans"]
    values = classified_on_at(result, event["plan"], event["t_h"], entry) if event.get("plan") else None
    found = grounds(event, plans, values)
    return [(kind, _decision_in_run(run, event, ground, entry) if kind == "decision" else ground)
            for kind, ground in found]


def _decision_in_run(run: Mapping, event: Mapping, ground: Explanation, entry: int | None) -> Explanation:
    """The plan's time to decide, with when this run's report reached the decider and whether
    the run draws that time about the plan's."""
    plan = run["plans"][event["plan"]]
    words = ground.text
    scenario = run.get("scenario")
    if scenario is not None and scenario.stochastic.work_time_sigma > 0:
        words = said("walk.decision_varies", time=words)
    reached = report_reached(run["result"], plan, event["t_h"], entry)
    if reached is not None:
        words = said("walk.decision_reached", reached=clock(run["result"]["start"], reached), time=words)
    return dataclasses.replace(ground, text=words)


def report_reached(result: Mapping, plan: ResponsePlan, until: float, entry: int | None = None) -> float | None:
    """When the report of the incident under way at ``until`` (as of the log's ``entry``-th
    entry, when given) first reached ``plan``'s decider (its ``reporting.decision`` unit) by
    then, as the log recorded the hop that brought it;
    None when no logged hop did (the decider is where the report starts). A run may hold
    several incidents, each reported anew: the incident is the one whose beginning the log
    gave last (``incident_begun``), or the first when it gave none."""
    hops = {hop.id for hop in plan.reporting.hops}
    decider = plan.reporting.decision.unit
    events = [e for e in _logged(result, until, entry) if e.get("plan") == plan.id]
    since = max((e["t_h"] for e in events if e.get("action") == "incident_begun"), default=None)
    return next((e["t_h"] for e in events if (since is None or e["t_h"] >= since)
                 and e.get("action") in hops and decider in (e.get("to") or ())), None)


def ground_lines(kind: str, ground: Explanation, plan: Any, language: str,
                 grid_names: Mapping[str, Any] | None = None, published: Any = None) -> list[tuple[str, str]]:
    """A ground as labelled lines ``(label, words)``: the ground itself (with, for the time
    to decide, the assumption its hours rest on, where it has one); then each part
    of a level's criteria that held then — the figure, its value and the threshold
    (:func:`sim.report.criterion_met`) with the part's own clause and quote, or its
    assumption, where it has one of its own. When the run's ``plan`` is an edited copy of
    ``published`` (:func:`published_of`), a bound the edit moved says so first, with the
    published plan's: the quote beside it is the published plan's words."""
    lines = [(tr(f"walk.grounds.{kind}", language), ground_text(ground, language, assumed=kind == "decision"))]
    for leaf, value in ground.met:
        own = [ground.line(leaf.source, language)] if leaf.source is not None and leaf.source != ground.source else []
        moved = published_range(leaf, plan, published, language)
        if moved is not None:
            own.insert(0, tr("walk.edited_bound", language, range=moved))
        if leaf.assumption is not None:
            own.append(_assumed(leaf.assumption, language))
        lines.append((tr("walk.grounds.met", language),
                      criterion_met(leaf, value, plan, language, grid_names) + _aside(own, language)))
    return lines


def published_of(run: Mapping, plan: Any, published: Mapping[str, Any]) -> Any:
    """The published plan (from ``published``: id → plan) that ``plan`` is an edited copy of in
    ``run`` — an upload or the What-if page's edit, as the run's departures list them
    (:func:`sim.ui.runs.departures`) — or None when the run ran the plan as published."""
    edited = (run.get("departures") or ((), {}))[0]
    if plan is None or not any(copy is plan for copy in edited):
        return None
    return published.get(plan.id)


# -- the state at a moment -----------------------------------------------------------------------


def _logged(result: Mapping, t: float, entry: int | None) -> list[Mapping]:
    """The log's entries up to ``t`` (and up to its ``entry``-th, when given)."""
    events = result.get("events") or []
    return [e for e in (events[:entry] if entry is not None else events) if e["t_h"] <= t]


def row_at(result: Mapping, t: float, entry: int | None = None) -> Mapping:
    """The time-series row in force at ``t`` (rows hold from their ``t_h`` on); with
    ``entry``, as the log's ``entry``-th entry left it (``observed``: the time series keeps
    only the last row of an instant): its figures as the engine recorded them, its levels
    the primary plan's as of the entry (:func:`plan_state_at`)."""
    seen = (result.get("observed") or {}).get("rows") if entry is not None else None
    row = _observed_at(seen, t, entry) if seen else None
    if row is not None:
        row = {key: value for key, value in row.items() if key != "after"}
        plan_id = (result.get("summary") or {}).get("plan")
        state = plan_state_at(result, plan_id, t, entry) if plan_id else {}
        row.update({key: state[key] for key in ("severity", "classification", "response_level") if key in state})
        return row
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


def entry_incident(result: Mapping, event: Mapping, language: str) -> str | None:
    """The incident a log entry belongs to, by name (第2起事件 / Incident 2), when the run
    held several (:func:`incident_at` of the entry's time): what the Walk-through's state,
    its handout and the Run page's log and its CSV all say; None for a run of one incident,
    where none of them has the column."""
    number = incident_at(result, event["t_h"])
    return None if number is None else tr("incidents.number", language, number=number)


def fire_at(result: Mapping, t: float, entry: int | None = None) -> dict[str, float]:
    """The fire bans' figures at ``t``: the fires burning and the hectares burned (the row of
    the ``fire`` series in force), and the fires started, the violations stopped on the spot
    and the penalties imposed so far (the log's entries up to ``t``, and up to its
    ``entry``-th when given)."""
    rows = [row for row in result.get("fire") or [] if row["t_h"] <= t]
    last = rows[-1] if rows else {"burned_ha": 0.0, "burning": 0}
    done = [e["action"] for e in _logged(result, t, entry)]
    return {"burning": last.get("burning", 0), "burned_ha": last.get("burned_ha", 0.0),
            "fires_started": done.count("fire_started"), "caught": done.count("stop_violation"),
            "penalties": done.count("penalty")}


def warning_at(result: Mapping, t: float, entry: int | None = None) -> str:
    """The primary plan's warning at ``t`` (as of the log's ``entry``-th entry, when given)
    — ``issued``, ``lifted``, ``ended`` (with the response) or ``none`` — as the engine
    recorded it (``observed``; ``none`` when the result was not observed)."""
    plan_id = (result.get("summary") or {}).get("plan")
    return plan_state_at(result, plan_id, t, entry).get("warning", "none") if plan_id else "none"


def busy_at(result: Mapping, t: float, entry: int | None = None) -> list[dict]:
    """Who is at work at ``t``: ``{unit, duty, plan, state, since_h, until_h}`` (and
    ``element``, ``crew`` where the engine recorded them), ``state`` ``working`` or
    ``queued`` (for a resource); ``until_h`` is None when the run ended before that state
    did. With ``entry``, as the log's ``entry``-th entry left them.

    Every kind of work — duties, plan steps, repairs, fire crews — is read from the states
    the engine recorded as it ran (``observed``), so work still going on, or still waiting,
    when the run ended is there (the spans, written as each piece of work ends, would miss
    it); a result that was not observed shows nobody."""
    # a state with its own end (a round of work) holds until then; one the duty's next state
    # ends holds as of the moment read, the next state lying after it
    return [{**state, "since_h": state["t_h"], "until_h": until}
            for state, until in _duty_states_at(result, t, entry).values()
            if state["state"] in ("working", "queued") and (state.get("until_h") is None or t < state["until_h"])]


def _seen_by(rows: list, t: float, entry: int | None) -> int:
    """How many of the entries of an ``observed`` series (in the order recorded) were seen by
    ``t`` and, when ``entry`` is given, by the log's ``entry``-th entry (``after`` at most it)."""
    seen = bisect.bisect_right([row["t_h"] for row in rows], t)
    if entry is not None:
        seen = min(seen, bisect.bisect_right([row.get("after", 0) for row in rows], entry))
    return seen


def _observed_at(rows: list, t: float, entry: int | None = None) -> Mapping | None:
    """The entry of an ``observed`` series in force at ``t`` (entries hold from their ``t_h``
    on), or as the log's ``entry``-th entry left it (:mod:`sim.engine.observer`)."""
    index = _seen_by(rows, t, entry) - 1 if rows else -1
    return rows[index] if index >= 0 else None


def _conditions(result: Mapping) -> list:
    return (result.get("observed") or {}).get("conditions") or []


def conditions_at(result: Mapping, t: float, entry: int | None = None) -> set[str]:
    """Incident conditions present at ``t`` (as of the log's ``entry``-th entry, when given),
    as the engine recorded them (``observed``)."""
    state = _observed_at(_conditions(result), t, entry)
    return set(state["present"]) if state else set()


def given_conditions(result: Mapping, t: float, entry: int | None = None) -> set[str]:
    """Of the conditions present at ``t`` (as of the log's ``entry``-th entry, when given),
    those the scenario gives rather than an entry of the run: present as the run began,
    before the log's first entry (the scenario's own, the season its date falls in), and
    ever since."""
    rows = _conditions(result)
    seen = _seen_by(rows, t, entry) if rows else 0
    began = 0  # the last state seen at the start, before any entry
    while began + 1 < seen and rows[began + 1].get("after", 0) == 0 and rows[began + 1]["t_h"] == rows[0]["t_h"]:
        began += 1
    if not seen or rows[began].get("after", 0) != 0:
        return set()
    given = set(rows[began]["present"])
    for row in rows[began + 1:seen]:
        given &= set(row["present"])
    return given


def classified_on_at(result: Mapping, plan_id: str, t: float, entry: int | None = None) -> Mapping | None:
    """The values a plan's severity criteria read at ``t`` (as of the log's ``entry``-th entry,
    when given: figures, contexts, durations), as the engine recorded them (``observed``);
    None when the result was not observed."""
    rows = ((result.get("observed") or {}).get("classified_on") or {}).get(plan_id) or []
    state = _observed_at(rows, t, entry)
    return state["values"] if state else None


def plan_state_at(result: Mapping, plan_id: str, t: float, entry: int | None = None) -> Mapping:
    """A plan's severity, response level, trigger phases and due duties at ``t`` (as of the
    log's ``entry``-th entry, when given), as the engine recorded them (``observed``; empty
    when the result was not observed)."""
    state = _observed_at(((result.get("observed") or {}).get("plans") or {}).get(plan_id) or [], t, entry)
    return state or {}


# -- what is due ------------------------------------------------------------------------------


def _duty_entries(result: Mapping) -> list:
    return (result.get("observed") or {}).get("duties") or []


def _key(entry: Mapping) -> tuple:
    """What one piece of work is known by: its plan, its duty (or step) and, for a repair
    or a fire, the element; for a fire, also which of the crews sent to it."""
    return entry.get("plan"), entry["duty"], entry.get("element"), entry.get("crew")


def _duty_states_at(result: Mapping, t: float, entry: int | None = None) -> dict[tuple, tuple[Mapping, float | None]]:
    """(plan, duty, element, crew) → (the state the engine recorded last at or before ``t``
    (and by the log's ``entry``-th entry, when given), when that state ended: its
    ``until_h`` if it has one, else the duty's next state's time, else None)."""
    states_seen = _duty_entries(result)
    now = _seen_by(states_seen, t, entry) if states_seen else 0
    states: dict[tuple, tuple[Mapping, float | None]] = {}
    for state in states_seen[:now]:
        states[_key(state)] = (state, state.get("until_h"))
    unended = {key for key, (state, until) in states.items() if until is None}
    for state in states_seen[now:]:
        if not unended:
            break
        key = _key(state)
        if key in unended:
            unended.discard(key)
            states[key] = (states[key][0], state["t_h"])
    return states


#: What a due duty shows for the state the engine last recorded (``done`` ones are not shown;
#: one stopped while its trigger holds again has not started again).
_SHOWN = {"pending": "pending", "queued": "queued", "working": "working", "repeating": "repeating",
          "unmet": "unmet", "stopped": "pending", "declined": "declined"}


def due_duties(plan: ResponsePlan, result: Mapping, t: float, entry: int | None = None) -> list[tuple[Any, Any, str]]:
    """(unit, duty, state) for the duties the engine found due at ``t`` (as of the log's
    ``entry``-th entry, when given: their trigger held) that are not done, ``state`` as the
    engine recorded it (``pending`` when it has not started): ``pending``, ``queued``,
    ``working``, ``repeating`` (between rounds) or ``unmet``; ``unit`` is ``None`` for the
    headquarters' own duties."""
    due_ids = set(plan_state_at(result, plan.id, t, entry).get("due") or ())
    states = _duty_states_at(result, t, entry)
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
