"""Restoration: repair crews on damaged equipment, switching, and key users' backup power.

Crews are the scenario's pool of the restoration resource (shared with any plan duty
that uses the same resource). A dispatcher hands each free crew the most urgent
repairable element, in this order (5.2.1): elements whose upstream supply is already
back before those that would stay dead anyway; then the area file's restoration
priority (key users and key areas first); then the larger load. An element damaged by
a secondary incident (a fire in a substation) cannot be repaired until that incident
is closed. Which element is next is a :class:`~sim.engine.policy.Policy` decision.

Repair times come from the scenario's distributions through one uniform draw per
element per damage, taken from the ``repair`` stream in area order when the run is
built — so a plan variant that dispatches crews differently still gets the same
repair time for the same feeder (common random numbers).

Key users whose feeder goes dead start their backup power (5.2.2) and burn fuel until
the feeder is back; if the fuel runs out first the user goes dark, the moment is
logged, and the user's ``outage_conditions`` become present.

While the scenario's ``restoration.supply_duty`` works, each mobile generator it holds
powers one key user without grid power, which then burns none of its own fuel (state
``mobile``). A generator goes to the most urgent user waiting (:meth:`KeyUsers.waiting`:
users with no power at all, then those whose own fuel runs out soonest, then the area's
priority, then the area file's order), as soon as it is free: when the duty takes it,
when the user it powered gets the grid back, or when a user loses supply while the
generator powers nobody.
"""

from __future__ import annotations

from ..inputs.network import topology
from ..messages import bilingual
from .recorder import span_template
from .rules import cached
from .schedule import Timer, call_later, signal

#: Uniform draws kept per element (an element damaged more often reuses them cyclically).
_DRAWS = 4


class Restoration:
    def __init__(self, sim, unit: str, plan_id: str | None, source: str):
        self.sim = sim
        spec = sim.scenario.restoration
        self.spec = spec
        self.unit = unit
        self.plan_id = plan_id
        self.source = source  # the clause repairs, switching and shedding cite
        self.duty = spec.duty or "repair"
        self.pool = sim.pools.get(spec.resource)
        self.kind, self.rank, self.parent_of, self.first_draw = cached(sim.area, _tables)
        # _DRAWS per element, elements in area order, one after the other
        self.draws = sim.streams.uniforms("repair", len(self.kind) * _DRAWS)
        self.repairs_of: dict[str, int] = {}
        self.pending: dict[str, float] = {}
        self.repairing: set[str] = set()
        self._wake = None
        self._no_crews_logged = False
        _Dispatcher(self)

    def release(self) -> None:
        """Drop what ties the restoration to the simulation, and the dispatcher waiting to
        be woken (see :meth:`sim.engine.run.Simulation.close`)."""
        if self._wake is not None:
            self._wake.callbacks = None
        self.sim = self._wake = None

    # --- damage and switching -------------------------------------------------------
    def damage(self, element: str) -> None:
        if element not in self.repairing and element not in self.pending:
            now = self.sim.env.now
            self.pending[element] = now
            if self.sim.observer is not None:
                self.sim.observer.duty(now, self.plan_id, self.unit, self.duty, "queued", element=element)
        self.wake()

    def trip(self, element: str) -> None:
        call_later(self.sim.env, self.spec.switching_h, lambda: self._switched(element))

    def _switched(self, element: str) -> None:
        sim = self.sim
        if element in sim.grid.tripped:
            sim.grid.tripped.discard(element)
            sim.rec.event(sim.env.now, self.unit, "switch_in", None, self.source, self.plan_id, {"element": element})
            sim.changed()

    def wake(self) -> None:
        if self._wake is not None and not self._wake.triggered:
            self._wake.succeed()

    # --- crews ------------------------------------------------------------------------
    def repairable(self) -> bool:
        """Whether a crew could start on anything now (:meth:`candidates` not empty): what
        the dispatcher asks before it waits for a crew, without sorting the candidates."""
        if not self.pending:
            return False  # the dispatcher asks often with nothing to repair
        blocked = self.sim.blocked_elements()
        return not blocked or any(e not in blocked for e in self.pending)

    def candidates(self) -> list[str]:
        if not self.pending:
            return []
        sim = self.sim
        blocked = sim.blocked_elements()
        ready = [e for e in self.pending if e not in blocked]
        if len(ready) < 2:
            return ready  # nothing to order
        sub_live = sim.grid.sub_live
        sub_index = sim.grid.topo.sub_index

        def key(element: str):
            parent = self.parent_of[element]
            upstream_dead = parent is not None and not sub_live[sub_index[parent]]
            return (upstream_dead, self.rank[element], element)

        return sorted(ready, key=key)


class _Dispatcher(Timer):
    """The dispatcher: while there is damage to repair, wait for a free crew and hand
    it the element the policy picks (a :class:`_Repair`); otherwise wait to be woken.

    It runs as callbacks on its own timer (it is woken a dozen times per replication):
    its start at once ahead of ordinary events, then in the pool's line for a crew, or
    waiting for the wake-up event.
    """

    __slots__ = ("restoration",)

    def __init__(self, restoration: Restoration):
        super().__init__(restoration.sim.env)
        self.restoration = restoration
        self.after(0, _Dispatcher._next, urgent=True)

    def _next(self, _event=None) -> None:
        restoration = self.restoration
        if not restoration.repairable():
            self._sleep()
        elif restoration.pool is None:
            if not restoration._no_crews_logged:
                restoration._no_crews_logged = True
                restoration.sim.rec.event(self.env.now, restoration.unit, "no_crews", None, "scenario",
                                          restoration.plan_id, {"resource": restoration.spec.resource})
        else:
            restoration.pool.request(self, 1, _CREW)

    def _crew(self) -> None:
        restoration = self.restoration
        sim = restoration.sim
        choice = sim.policy.next_repair(sim, restoration.candidates())
        if choice is None:
            restoration.pool.put(1)
            self._sleep()
        else:
            _Repair(restoration, choice)
            self._next()

    def _sleep(self) -> None:
        """Wait until the restoration is woken (damage, a repair done, an incident closed)."""
        wake = self.restoration._wake = signal(self.env)
        wake.callbacks.append(self._next)


class _Repair(Timer):
    """A crew repairing one element: start, work the repair time, give the crew back.

    It runs as callbacks on its own timer: its start at once ahead of ordinary events
    (where the dispatcher's hand-over takes effect), then the repair's end.
    """

    __slots__ = ("restoration", "element", "requested", "start")

    def __init__(self, restoration: Restoration, element: str):
        super().__init__(restoration.sim.env)
        self.restoration = restoration
        self.element = element
        self.after(0, _Repair._start, urgent=True)

    def _start(self) -> None:
        restoration, element = self.restoration, self.element
        sim = restoration.sim
        self.requested = restoration.pending.pop(element)
        restoration.repairing.add(element)
        self.start = start = self.env.now
        n = restoration.repairs_of.get(element, 0)
        restoration.repairs_of[element] = n + 1
        spec = restoration.spec
        distribution = getattr(spec.repair_h, restoration.kind[element])
        u = restoration.draws[restoration.first_draw[element] + n % _DRAWS]
        hours = distribution.quantile(u) * sim.grid.damaged.get(element, 1.0)
        if sim.hazards_active:
            hours *= spec.hazard_factor
        sim.rec.event(start, restoration.unit, "repair_start", None, restoration.source, restoration.plan_id,
                      {"element": element, "queued_h": start - self.requested})
        if sim.observer is not None:
            sim.observer.duty(start, restoration.plan_id, restoration.unit, restoration.duty, "working", start + hours,
                              element)
        self.after(hours, _Repair._done)

    def _done(self) -> None:
        restoration, element = self.restoration, self.element
        sim = restoration.sim
        now = self.env.now
        restoration.repairing.discard(element)
        sim.grid.damaged.pop(element, None)
        restoration.pool.put(1)
        sim.rec.spans.append((span_template(restoration.unit, restoration.duty, restoration.spec.resource,
                                            restoration.plan_id, element), self.requested, self.start, now))
        sim.rec.event(now, restoration.unit, "repaired", None, restoration.source, restoration.plan_id,
                      {"element": element})
        if sim.observer is not None:
            sim.observer.duty(now, restoration.plan_id, restoration.unit, restoration.duty, "done", None, element)
        sim.changed()
        restoration.wake()


_CREW = (_Dispatcher._crew,)


def _tables(area) -> tuple[dict, dict, dict, dict]:
    """Per element: its kind, its dispatch rank (priority, then larger load first), the
    substation it hangs off and where its repair draws start — static for an area, so
    built once."""
    topo = topology(area)
    kind = {sid: "substation" for sid in topo.substations} | {fid: "feeder" for fid in topo.feeders}
    rank = {}
    for sid in topo.substations:
        below = topo.below[sid]
        rank[sid] = (min((topo.priority[i] for i in below), default=len(topo.feeders) + 1),
                     -sum(topo.load[i] for i in below))
    for i, fid in enumerate(topo.feeders):
        rank[fid] = (topo.priority[i], -topo.load[i])
    parent_of = {sid: (topo.substations[p] if p >= 0 else None) for sid, p in zip(topo.substations, topo.parent)}
    parent_of.update({fid: topo.substations[topo.feeder_sub[i]] for i, fid in enumerate(topo.feeders)})
    first_draw = {element: k * _DRAWS for k, element in enumerate(kind)}
    return kind, rank, parent_of, first_draw


def _users(area) -> tuple[tuple[int, ...], tuple[float, ...], tuple[dict, ...]]:
    """Per key user: the index of its feeder, its backup's full fuel hours and its name
    — static for an area, so built once."""
    feeder_index = {fid: i for i, fid in enumerate(topology(area).feeders)}
    users = area.key_users
    return (tuple(feeder_index[u.feeder] for u in users),
            tuple(u.backup.fuel_hours if u.backup else 0.0 for u in users),
            tuple(bilingual(u.name) for u in users))


class KeyUsers:
    """Key power users' supply: ``grid``, ``backup`` (burning its own fuel), ``mobile``
    (powered by a mobile generator of the supply duty, its fuel spared) or ``dark``."""

    def __init__(self, sim, area, grid_source: str, backup_source: str):
        self.sim = sim
        self.users = area.key_users
        #: the clauses a return to the grid and a user's own backup power cite
        self.grid_source, self.backup_source = grid_source, backup_source
        self.feeder, fuel, self.names = cached(area, _users)
        self.fuel = list(fuel)
        self.state = ["grid"] * len(self.users)
        self.since = [0.0] * len(self.users)
        self.episode = [0] * len(self.users)
        self.out_of_fuel: list[dict] = []
        #: the supply duty's works holding generators for key users, in the order they
        #: first connected (a dict, for a deterministic order)
        self.mobile: dict = {}
        #: the work whose generator powers each user in the ``mobile`` state, by index
        self.holder: dict = {}
        self._live: tuple | None = None  # the feeders' state the users last followed
        for u, fuel_h in zip(self.users, fuel):
            sim.rec.fuel[u.id] = [(0.0, fuel_h, "grid")]

    def release(self) -> None:
        """Drop what ties the key users to the simulation (see :meth:`sim.engine.run.Simulation.close`)."""
        self.sim = None

    def counts(self) -> tuple[int, int]:
        return self.state.count("backup"), self.state.count("dark")

    def update(self) -> None:
        """Follow the feeders after a grid change."""
        sim = self.sim
        live = sim.grid.live
        if live is self._live:
            return  # the grid hands out the same tuple while the same feeders are live
        self._live = live
        now = sim.env.now
        states = self.state
        reassign = False
        # Only users whose feeder went dead or came back have anything to do.
        for k in [k for k, f in enumerate(self.feeder) if live[f] is not (states[k] == "grid")]:
            user = self.users[k]
            on_grid = live[self.feeder[k]]
            state = states[k]
            if on_grid and state != "grid":
                if state == "backup":
                    self._burnt(k, now)
                elif state == "dark":
                    self._dark(k, False)
                else:  # mobile: the generator is free for another user
                    self.holder.pop(k).users.remove(k)
                    reassign = True
                self.state[k] = "grid"
                self.episode[k] += 1
                sim.rec.event(now, user.id, "grid_supply_restored", self.names[k], self.grid_source, None)
                sim.rec.fuel[user.id].append((now, self.fuel[k], "grid"))
            elif not on_grid and state == "grid":
                self.since[k] = now
                self.episode[k] += 1
                if self.fuel[k] > 0:
                    self.state[k] = "backup"
                    sim.rec.event(now, user.id, "backup_power_started", self.names[k], self.backup_source, None,
                                  {"fuel_h": self.fuel[k]})
                    self._watch_fuel(k)
                else:
                    self.state[k] = "dark"
                    self._dark(k, True)
                    sim.rec.event(now, user.id, "lost_power", self.names[k], "model", None)
                sim.rec.fuel[user.id].append((now, self.fuel[k], self.state[k]))
                reassign = True
        if reassign and self.mobile:
            self._reassign()  # the caller (``sim.changed``) recomputes what follows

    # --- mobile generators (the scenario's ``restoration.supply_duty``) -------------------
    def connect(self, work) -> None:
        """The supply duty holds its generators (``work.amount`` of them): each powers one
        key user without grid power. The users it powered already keep theirs — if it
        holds fewer generators than it did, those with the least of their own fuel to
        fall back on — and the others go by :meth:`_assign`. A powered user spares its
        own fuel and is not dark."""
        work.connected = True
        if work not in self.mobile:
            self.mobile[work] = None
        if len(work.users) > work.amount:
            fuel, users = self.fuel, self.users
            keep = sorted(work.users, key=lambda k: (fuel[k], users[k].priority, k))[:work.amount]
            self._drop(work, [k for k in work.users if k not in keep])
            self._reassign()  # those let go, to another duty's spare generators if any
            self.sim.changed()
        elif self._assign(work):
            self.sim.changed()

    def disconnect(self, work) -> None:
        """The supply duty gave its generators back: at the end of this instant its users
        fall back on their own fuel (or go dark), unless it took them again at once."""
        call_later(self.sim.env, 0, lambda: self._let_go(work))

    def waiting(self) -> list[int]:
        """The key users without grid power and without a generator, the most urgent first.

        Users with no power at all (``dark``) come first: their outage is already happening
        (their outage conditions are present), and a generator ends it at once. Then the
        users on their own backup, the one whose fuel runs out soonest first: a generator
        there prevents the nearest outage, while a user with a full tank can wait for the
        next generator or the grid. Users equally urgent (all dark, or with fuel running
        out at the same moment) go in the area's restoration priority; then in the area
        file's order, a stable key that makes the order total, so the same run always
        sends the same generator to the same user. A user's fuel runs out at ``since +
        fuel`` (when it started burning it, plus what it had then): ordering by that moment
        is ordering by hours to empty, without a subtraction per user.
        """
        states, users = self.state, self.users
        waiting = [k for k, state in enumerate(states) if state == "dark" or state == "backup"]
        since, fuel = self.since, self.fuel
        waiting.sort(key=lambda k: (0, 0.0, users[k].priority, k) if states[k] == "dark"
                     else (1, since[k] + fuel[k], users[k].priority, k))
        return waiting

    def _assign(self, work) -> bool:
        """Give the generators ``work`` holds and powers nobody with to the most urgent
        users waiting (:meth:`waiting`); whether any was connected. The connection is
        made at once: the supply duty's round includes getting there."""
        spare = work.amount - len(work.users)
        if spare <= 0 or not work.connected:
            return False
        new = self.waiting()[:spare]
        if not new:
            return False
        sim = self.sim
        now = sim.env.now
        states = self.state
        for k in new:
            if states[k] == "backup":
                self._burnt(k, now)
            else:
                self._dark(k, False)
            states[k] = "mobile"
            self.episode[k] += 1
            self.holder[k] = work
            work.users.append(k)
            user = self.users[k]
            sim.rec.event(now, work.unit, "mobile_generator_connected", self.names[k], work.spec.source, work.plan,
                          {"user": user.id, "duty": work.spec.id})
            sim.rec.fuel[user.id].append((now, self.fuel[k], "mobile"))
        return True

    def _reassign(self) -> bool:
        """Every generator a supply duty holds and powers nobody with goes to a user
        waiting for one (a user back on the grid freed it, or a user just lost supply)."""
        assigned = False
        for work in self.mobile:  # in the order the works first connected
            if self._assign(work):
                assigned = True
        return assigned

    def _let_go(self, work) -> None:
        sim = self.sim
        if sim is None or work.connected:
            return
        self.mobile.pop(work, None)
        if self._drop(work, list(work.users)):  # all still on its generators: one back on the grid left the list
            self._reassign()  # another duty's spare generators, if any
            sim.changed()

    def _drop(self, work, let_go: list[int]) -> bool:
        """``work``'s generators leave the users ``let_go``: they fall back on their own
        fuel, or go dark; whether there were any."""
        sim = self.sim
        now = sim.env.now
        states = self.state
        for k in let_go:
            work.users.remove(k)
            del self.holder[k]
            user = self.users[k]
            self.since[k] = now
            self.episode[k] += 1
            sim.rec.event(now, work.unit, "mobile_generator_left", self.names[k], work.spec.source, work.plan,
                          {"user": user.id, "duty": work.spec.id})
            if self.fuel[k] > 0:
                states[k] = "backup"
                self._watch_fuel(k)
            else:
                states[k] = "dark"
                self._dark(k, True)
            sim.rec.fuel[user.id].append((now, self.fuel[k], states[k]))
        return bool(let_go)

    def _burnt(self, k: int, now: float) -> None:
        """User ``k`` stops burning its own fuel at ``now``: what it burnt since is gone."""
        self.fuel[k] = max(0.0, self.fuel[k] - (now - self.since[k]))

    def _watch_fuel(self, k: int) -> None:
        """User ``k`` runs on its own fuel from now: it runs out when the fuel is spent,
        unless the episode it belongs to ends first."""
        episode = self.episode[k]
        call_later(self.sim.env, self.fuel[k], lambda k=k, e=episode: self._fuel_out(k, e))

    def _fuel_out(self, k: int, episode: int) -> None:
        if self.episode[k] != episode or self.state[k] != "backup":
            return
        sim = self.sim
        now = sim.env.now
        user = self.users[k]
        self.fuel[k] = 0.0
        self.state[k] = "dark"
        self.out_of_fuel.append({"user": user.id, "t_h": now})
        sim.rec.event(now, user.id, "backup_out_of_fuel", self.names[k], self.backup_source, None)
        sim.rec.fuel[user.id].append((now, 0.0, "dark"))
        self._dark(k, True)
        sim.changed()

    def _dark(self, k: int, dark: bool) -> None:
        for condition in self.users[k].outage_conditions:
            self.sim.set_condition(condition, dark)
