"""What an observer of a run reads at any moment, recorded by the engine as it changes.

A trainer's walk-through (and any view that shows a run at a moment) asks what the
engine knew then: which incident conditions were present, each plan's severity and
response level, which trigger phases held (incident, warning, response, termination)
and which duties their triggers made due. The engine has all of it as it runs; taking
it from there — not re-deriving it from the log afterwards — keeps one engine.

Recording is asked for (``Simulation(..., observe=True)``): a sweep's replications and
``run --out`` do not carry it. The result then has ``observed``::

    {"conditions": [{"t_h", "after", "present": [names]}],
     "plans": {plan id: [{"t_h", "after", "severity", "classification", "response_level",
                          "phases": [names], "due": [duty ids],
                          "warning": "none" | "issued" | "lifted" | "ended"}]},
     "classified_on": {plan id: [{"t_h", "after", "values": {key: value}}]},
     "rows": [{"after", "t_h", ...the time series' columns}],
     "duties": [{"t_h", "after", "plan", "unit", "duty", "state", "until_h"?, "element"?, "crew"?}]}

(``severity`` the highest reached so far and ``classification`` the current one, as the
time series has them for the first plan; ``warning`` the plan's warning, ``lifted``
also once the response it came with has ended; ``classified_on`` every value a plan's
severity criteria read — figures, contexts, how long a held-for condition has held —
so that a level's criteria can be read against the figures of the moment they held)

with one entry each time something in it changed (the last entry at or before a time
holds at the end of that instant).

Several log entries often share an instant — a level declared, then in the same minute
the request that has a higher authority take over — and a view of one entry must not
show what the entries after it did. ``after`` is how many entries the event log held when
the state was seen, and the state as of the log's ``n``-th entry (after it, before the
next) is the last entry with ``after`` at most ``n`` and ``t_h`` at most that log entry's
time. The engine logs an entry and then acts on it; the observer looks each time the run
looks again at its triggers and rows, and also just before each new entry is logged, so
no two entries share one look. ``rows`` are the time series' rows as they were at each
change (the time series keeps only the last of an instant). Their figures, and those
``classified_on`` holds, are what the change the engine was recomputing left, so their
``after`` is the log's length when that recomputing began: the entries logged as it goes
(load shed, key users switching to backup power, supply restored to them) are its
consequences and show the figures they follow from. A row's levels are not: each is
logged, then set, and its plan's entry in ``plans`` says from which entry it holds.

``duties`` holds, in the order they happened, where each duty a
plan's trigger set going stands: ``pending`` (its unit was asked and has not answered),
``queued`` (waiting for its resource), ``working`` (``until_h``: when this round ends),
``repeating`` (resting between rounds, ``until_h`` the next round), ``done``,
``unmet`` (its resource can never suffice), ``stopped`` (its trigger ended before it was
done) or ``declined`` (its unit said no: it stays so while its trigger holds). Work
still going on when the run ends is the last entry of its duty, so it reads as in
progress at the end — which the spans, written when a round ends, cannot say. Plan steps
that take time (working, done), repairs (``element`` the one repaired: queued from its
damage, working, done) and the crews sent
to a fire (``element`` the fire, ``crew`` which of the crews sent: queued when its pool
has none free, working from when it has one — travelling, then on the line, with no
``until_h`` since it lasts until the fire is out — done when it is free again, stopped
when the fire was out before a crew was free) are recorded the same way. A piece of work
is known by its plan, duty, ``element`` and ``crew``.
"""

from __future__ import annotations


class Observer:
    def __init__(self, sim):
        self._sim = sim
        self._recorder = sim.rec
        #: the run's event log: how many entries it holds says which entry a state follows
        self._log = sim.rec.events
        self.conditions: list[dict] = []
        self.plans: dict[str, list[dict]] = {}
        self._present: tuple | None = None
        self._state: dict[str, tuple] = {}
        self.classified_on: dict[str, list[dict]] = {}
        #: (log entries so far, time-series row) at each change of the row
        self.rows: list[tuple[int, tuple]] = []
        #: the log's length when the run began recomputing its figures, until they are settled
        self._changing: int | None = None
        #: (t_h, after, plan, unit, duty, state, until_h, element, crew) as they happened
        self.duties: list[tuple] = []
        # Look before each entry is logged: an observed run's log is a list that says so
        # before it grows (an unobserved run's stays a plain list, and costs nothing more).
        self._log.flat = _Log(self._log.flat, self._before_entry)

    def _before_entry(self) -> None:
        """An entry is about to be logged: the state the entries before it left is seen
        (once the run is built and has been looked at, and until it is closed)."""
        if self.rows and self._sim is not None:
            self.look(self._sim)

    def release(self) -> None:
        """Drop the tie to the simulation, which is closed (:meth:`Simulation.close`)."""
        self._sim = None

    def duty(self, t: float, plan: str | None, unit: str, duty: str, state: str, until: float | None = None,
             element: str | None = None, crew: str | None = None) -> None:
        """A duty of ``plan`` (on ``element``, for a repair or a fire; by ``crew``, one of the
        crews sent to a fire) moved to ``state`` at ``t`` (see the module's docstring)."""
        self.duties.append((t, len(self._log), plan, unit, duty, state, until, element, crew))

    def changing(self) -> None:
        """The run begins to recompute its figures after a change (:meth:`Simulation.changed`)."""
        if self._changing is None:
            self._changing = len(self._log)

    def look(self, sim, settled: bool = False) -> None:
        """Record what changed since the last look (called whenever triggers or rows may have);
        ``settled``: the row is recorded, and the figures a change began recomputing are settled."""
        now = sim.env.now
        after = len(self._log)
        present = tuple(sorted(sim.conditions))
        if present != self._present:
            self._present = present
            self.conditions.append({"t_h": now, "after": after, "present": list(present)})
        figured = after if self._changing is None else self._changing  # the figures' entry
        row = sim.row()
        if not self.rows or self.rows[-1][1][1:] != row[1:]:
            self.rows.append((figured, row))
        for runner in getattr(sim, "runners", ()):
            phases = tuple(name for name, on in (
                ("incident", runner.incident_active), ("warning", runner.warning_active),
                ("response", runner.level is not None), ("termination", runner.terminated_at is not None)) if on)
            duties = runner.compiled.duties
            due = tuple(sorted(duties[i].id for i in runner.duties.triggered))
            state = (runner.max_severity, runner.severity, runner.level, phases, due, runner.warning_shown)
            if state != self._state.get(runner.id):
                self._state[runner.id] = state
                self.plans.setdefault(runner.id, []).append({
                    "t_h": now, "after": after, "severity": state[0], "classification": state[1], "response_level": state[2],
                    "phases": list(phases), "due": list(due), "warning": state[5]})
            read = runner.compiled.classified_on(sim.values)
            seen = self.classified_on.setdefault(runner.id, [])
            if not seen or seen[-1]["values"] != read:
                seen.append({"t_h": now, "after": figured, "values": read})
        if settled:
            self._changing = None

    def collect(self) -> dict:
        columns = self._recorder.columns
        return {"conditions": list(self.conditions), "plans": {pid: list(rows) for pid, rows in self.plans.items()},
                "classified_on": {pid: list(rows) for pid, rows in self.classified_on.items()},
                "rows": [{"after": after, **dict(zip(columns, row))} for after, row in self.rows],
                "duties": [_entry(*entry) for entry in self.duties]}


def _entry(t, after, plan, unit, duty, state, until, element, crew) -> dict:
    entry = {"t_h": t, "after": after, "plan": plan, "unit": unit, "duty": duty, "state": state}
    if until is not None:
        entry["until_h"] = until
    if element is not None:
        entry["element"] = element
    if crew is not None:
        entry["crew"] = crew
    return entry


class _Log(list):
    """An observed run's event log (the recorder's flat list of entries' fields): before
    an entry is added, the observer looks (``before``), so the state as each entry left it
    is seen before the next entry changes it."""

    __slots__ = ("before",)

    def __init__(self, fields: list, before):
        super().__init__(fields)
        self.before = before

    def extend(self, fields) -> None:
        self.before()
        list.extend(self, fields)
