"""What an observer of a run reads at any moment, recorded by the engine as it changes.

A trainer's walk-through (and any view that shows a run at a moment) asks what the
engine knew then: which incident conditions were present, each plan's severity and
response level, which trigger phases held (incident, warning, response, termination)
and which duties their triggers made due. The engine has all of it as it runs; taking
it from there — not re-deriving it from the log afterwards — keeps one engine.

Recording is asked for (``Simulation(..., observe=True)``): a sweep's replications and
``run --out`` do not carry it. The result then has ``observed``::

    {"conditions": [{"t_h", "present": [names]}],             # from t_h on
     "plans": {plan id: [{"t_h", "severity", "classification", "response_level",
                          "phases": [names], "due": [duty ids],
                          "warning": "none" | "issued" | "lifted" | "ended"}]},
     "classified_on": {plan id: [{"t_h", "values": {key: value}}]},   # from t_h on
     "duties": [{"t_h", "plan", "unit", "duty", "state", "until_h"?, "element"?, "crew"?}]}

(``severity`` the highest reached so far and ``classification`` the current one, as the
time series has them for the first plan; ``warning`` the plan's warning, ``lifted``
also once the response it came with has ended; ``classified_on`` every value a plan's
severity criteria read — figures, contexts, how long a held-for condition has held —
so that a level's criteria can be read against the figures of the moment they held)

with one entry each time something in it changed (the last entry at or before a time
holds at that time). ``duties`` holds, in the order they happened, where each duty a
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
    def __init__(self):
        self.conditions: list[dict] = []
        self.plans: dict[str, list[dict]] = {}
        self._present: tuple | None = None
        self._state: dict[str, tuple] = {}
        self.classified_on: dict[str, list[dict]] = {}
        #: (t_h, plan, unit, duty, state, until_h, element, crew) as they happened
        self.duties: list[tuple] = []

    def duty(self, t: float, plan: str | None, unit: str, duty: str, state: str, until: float | None = None,
             element: str | None = None, crew: str | None = None) -> None:
        """A duty of ``plan`` (on ``element``, for a repair or a fire; by ``crew``, one of the
        crews sent to a fire) moved to ``state`` at ``t`` (see the module's docstring)."""
        self.duties.append((t, plan, unit, duty, state, until, element, crew))

    def look(self, sim) -> None:
        """Record what changed since the last look (called whenever triggers or rows may have)."""
        now = sim.env.now
        present = tuple(sorted(sim.conditions))
        if present != self._present:
            self._present = present
            self.conditions.append({"t_h": now, "present": list(present)})
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
                    "t_h": now, "severity": state[0], "classification": state[1], "response_level": state[2],
                    "phases": list(phases), "due": list(due), "warning": state[5]})
            read = runner.compiled.classified_on(sim.values)
            seen = self.classified_on.setdefault(runner.id, [])
            if not seen or seen[-1]["values"] != read:
                seen.append({"t_h": now, "values": read})

    def collect(self) -> dict:
        return {"conditions": list(self.conditions), "plans": {pid: list(rows) for pid, rows in self.plans.items()},
                "classified_on": {pid: list(rows) for pid, rows in self.classified_on.items()},
                "duties": [_entry(*entry) for entry in self.duties]}


def _entry(t, plan, unit, duty, state, until, element, crew) -> dict:
    entry = {"t_h": t, "plan": plan, "unit": unit, "duty": duty, "state": state}
    if until is not None:
        entry["until_h"] = until
    if element is not None:
        entry["element"] = element
    if crew is not None:
        entry["crew"] = crew
    return entry
