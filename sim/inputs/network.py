"""The area's power network: which feeders are live, and the metrics the plans' criteria test.

The engine follows this state through a run; a template forecasts with it what an
outage will do (:mod:`sim.inputs.generator`). Both need only the area, so it lives
beside the area model, below the engine.

The network is the area file's tree (substations fed by substations, feeders off
substations). An element is *out* while it is damaged (a crew must repair it) or
tripped (switching brings it back); a feeder is *live* when it is neither out nor shed
and every substation above it is in service. When the demand on the live network
exceeds the upstream capacity, the dispatcher sheds whole feeders in reverse
restoration priority until the rest fits, and brings them back in priority order as
soon as they fit again (有序用电; 5.2.1 合理安排运行方式, 控制停电范围).

Metrics (the names plan criteria use):

``load_shed_pct``            shed demand / total demand × 100 (附件1 减供负荷)
``customers_out_pct``        customers on dead feeders / all customers × 100 (供电用户停电)
``load_restored_pct``        share of the largest shed so far that is back (5.4 (2) 减供负荷恢复)
``key_load_restored_pct``    the same for key load: feeders in key areas or with key users (5.4 (2))
``grid_backbone_restored``   1 when every substation is in service, else 0 (5.4 (1) 主干网架)
``shed_mw``, ``demand_mw``   the absolute numbers behind the percentages
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..memo import cached
from .area import Area


@dataclass(frozen=True)
class Topology:
    """The area's network as index tables, built once per area object."""

    substations: tuple[str, ...]
    sub_index: dict  # substation id -> index
    parent: tuple[int, ...]  # index of the feeding substation, -1 for none; parents come first
    feeders: tuple[str, ...]
    feeder_sub: tuple[int, ...]
    load: tuple[float, ...]
    customers: tuple[int, ...]
    key: tuple[bool, ...]
    priority: tuple[int, ...]  # effective: min of the feeder's and its key users'
    shed_order: tuple[int, ...]  # feeder indexes, first shed first
    below: dict  # substation id -> feeder indexes it supplies (directly or not)
    total_customers: int
    #: how many states :attr:`memo` keeps (see :func:`memo_limit`)
    memo_limit: int
    #: the states of the network :class:`Grid` computed, by their inputs
    memo: dict = field(default_factory=dict, compare=False)
    #: each tuple of live feeders seen, as the one object handed out for it
    lives: dict = field(default_factory=dict, compare=False)


def topology(area: Area) -> Topology:
    return cached(area, _build)


def _build(area: Area) -> Topology:
    parents = {s.id: s.fed_by for s in area.substations}
    ordered: list[str] = []

    def visit(node: str) -> None:
        if node in ordered:
            return
        if parents[node] is not None:
            visit(parents[node])
        ordered.append(node)

    for sub in area.substations:
        visit(sub.id)
    index = {sid: i for i, sid in enumerate(ordered)}
    users_on: dict[str, list] = {}
    for user in area.key_users:
        users_on.setdefault(user.feeder, []).append(user)
    priority = tuple(
        min([f.priority] + [u.priority for u in users_on.get(f.id, [])]) for f in area.feeders
    )
    load = tuple(f.load_mw for f in area.feeders)
    shed_order = tuple(sorted(range(len(area.feeders)), key=lambda i: (-priority[i], -load[i], area.feeders[i].id)))
    feeder_sub = tuple(index[f.substation] for f in area.feeders)
    parent = tuple(index[parents[s]] if parents[s] is not None else -1 for s in ordered)
    below: dict[str, list[int]] = {sid: [] for sid in ordered}
    for i, sub_index in enumerate(feeder_sub):
        node = sub_index
        while node >= 0:
            below[ordered[node]].append(i)
            node = parent[node]
    return Topology(
        substations=tuple(ordered),
        sub_index=index,
        parent=parent,
        feeders=tuple(f.id for f in area.feeders),
        feeder_sub=feeder_sub,
        load=load,
        customers=tuple(f.customers for f in area.feeders),
        key=tuple(f.key_area or f.id in users_on for f in area.feeders),
        priority=priority,
        shed_order=shed_order,
        below={k: tuple(v) for k, v in below.items()},
        total_customers=sum(f.customers for f in area.feeders) or 1,
        memo_limit=memo_limit(len(area.feeders) + len(area.substations)),
    )


#: Answers remembered per area (a run sees a few dozen grid states, a sweep some
#: thousands); the table starts afresh when full.
_MEMO_SIZE = 8192
#: What the remembered answers of one area may hold, counted in network elements: each
#: answer holds a few tuples and sets as long as the area has elements, so a large area
#: keeps fewer answers (at most :data:`~sim.bounds.MAX_ELEMENTS` elements keep about 500,
#: some tens of megabytes, where 8,192 of them would take half a gigabyte).
_MEMO_ELEMENTS = 1 << 20


def memo_limit(elements: int) -> int:
    """How many grid states an area of ``elements`` substations and feeders remembers."""
    return max(16, min(_MEMO_SIZE, _MEMO_ELEMENTS // max(1, elements)))


class Grid:
    """The state of the network; ``update()`` recomputes live feeders and metrics.

    Which feeders are connected, which the dispatcher sheds and the sums behind the
    metrics are pure functions of what is out, what was shed, the demand factor and the
    capacity. A run passes through a few dozen such states, and every replication of a
    scenario through much the same ones, so each answer is computed once per area and
    looked up afterwards, all of an update in one look-up (the same code computes it,
    so the numbers are the same). Equal tuples of live feeders are handed out as one
    object, so that whoever follows them can tell "unchanged" by identity.
    """

    def __init__(self, area: Area):
        self.topo = topology(area)
        self.capacity_mw = area.supply.capacity_mw
        self.demand_factor = 1.0
        self.supply_factor = 1.0
        self.generation_mw = 0.0  # the capacity of the area's power plants running now
        self.damaged: dict[str, float] = {}  # element -> repair-time multiplier
        self.tripped: set[str] = set()
        self.shed: frozenset[int] = frozenset()
        self.live: tuple[bool, ...] = ()
        self.sub_live: tuple[bool, ...] = ()
        self.peak_shed = 0.0
        self.peak_key_shed = 0.0
        self.metrics: dict[str, float] = {}
        self._seen: tuple | None = None  # the state and peaks the metrics were computed from
        self._settle(None)  # as the area is: nothing shed yet

    def update(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Recompute after a change; returns (feeders shed, feeders brought back) by the dispatcher."""
        capacity = self.capacity_mw * self.supply_factor
        if self.generation_mw:
            capacity += self.generation_mw
        return self._settle(capacity)

    def _settle(self, capacity: float | None) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The state after the dispatcher balanced the live network against ``capacity``
        (None: not balanced, what was shed stays shed), and the metrics."""
        topo = self.topo
        out = frozenset(self.damaged.keys() | self.tripped)
        factor = self.demand_factor
        key = (out, self.shed, factor, capacity)
        memo = topo.memo
        found = memo.get(key)
        if found is None:
            if len(memo) >= topo.memo_limit:
                memo.clear()
                topo.lives.clear()
            found = memo[key] = _state(topo, out, self.shed, factor, capacity)
        self.shed, shed_now, back, self.sub_live, self.live, demand, shed, key_shed, customers_out, backbone = found
        peak = self.peak_shed
        if shed > peak:
            peak = self.peak_shed = shed
        peak_key = self.peak_key_shed
        if key_shed > peak_key:
            peak_key = self.peak_key_shed = key_shed
        # The metrics follow from the state and the peaks alone: a change elsewhere (a
        # condition, a key user's fuel) keeps the same dictionary, which nobody alters.
        seen = self._seen
        if seen is not None and seen[0] is found and seen[1] == peak and seen[2] == peak_key:
            return shed_now, back
        self._seen = (found, peak, peak_key)
        self.metrics = {
            "demand_mw": demand,
            "shed_mw": shed,
            "load_shed_pct": 100.0 * shed / demand if demand else 0.0,
            "customers_out_pct": 100.0 * customers_out / topo.total_customers,
            "load_restored_pct": 100.0 * (1 - shed / peak) if peak else 100.0,
            "key_load_restored_pct": 100.0 * (1 - key_shed / peak_key) if peak_key else 100.0,
            "grid_backbone_restored": backbone,
        }
        return shed_now, back


def _state(topo: Topology, out: frozenset, shed: frozenset, factor: float, capacity: float | None) -> tuple:
    """(feeders shed, shed now, brought back, substations in service, feeders live,
    demand, shed demand, shed key demand, customers out, backbone whole)."""
    sub_live, connected = _live(topo, out)
    if capacity is None:
        shed_now = back = ()
    else:
        shed, shed_now, back = _balance(topo, connected, shed, factor, capacity)
    live, demand, shed_mw, key_shed, customers_out = _sums(topo, connected, shed, factor)
    live = topo.lives.setdefault(live, live)
    return (shed, shed_now, back, sub_live, live, demand, shed_mw, key_shed, customers_out,
            1.0 if all(sub_live) else 0.0)


def _live(topo: Topology, out: frozenset) -> tuple[tuple[bool, ...], tuple[bool, ...]]:
    """(substations in service, feeders connected) with the elements ``out`` out of service."""
    sub_live = [True] * len(topo.substations)
    for i, sid in enumerate(topo.substations):
        p = topo.parent[i]
        sub_live[i] = sid not in out and (p < 0 or sub_live[p])
    connected = tuple([sub_live[s] and fid not in out for s, fid in zip(topo.feeder_sub, topo.feeders)])
    return tuple(sub_live), connected


def _balance(topo: Topology, connected, shed: frozenset, factor: float, capacity: float):
    """(feeders shed now, those shed in this step, those brought back): shed in reverse
    priority while the connected demand exceeds the capacity, back in priority order
    while it fits."""
    shed = set(shed)
    served = 0.0  # added up in feeder order, as sum() of the served loads adds them
    load = topo.load
    for i, ok in enumerate(connected):
        if ok and i not in shed:
            served += load[i] * factor
    shed_now: list[int] = []
    back: list[int] = []
    if served > capacity + 1e-9:
        for i in topo.shed_order:
            if served <= capacity + 1e-9:
                break
            if connected[i] and i not in shed:
                shed.add(i)
                shed_now.append(i)
                served -= load[i] * factor
    elif shed:
        for i in reversed(topo.shed_order):
            if i in shed and (not connected[i] or served + load[i] * factor <= capacity + 1e-9):
                shed.discard(i)
                back.append(i)
                if connected[i]:
                    served += load[i] * factor
    return frozenset(shed), tuple(shed_now), tuple(back)


def _sums(topo: Topology, connected, shed: frozenset, factor: float):
    """(feeders live, demand, shed demand, shed key demand, customers out)."""
    live = tuple([ok and i not in shed for i, ok in enumerate(connected)])
    demand = shed_mw = key_shed = 0.0
    for mw in topo.load:
        demand += mw * factor
    customers_out = 0
    if False in live:
        load, key, customers = topo.load, topo.key, topo.customers
        for i, ok in enumerate(live):
            if not ok:
                mw = load[i] * factor
                shed_mw += mw
                customers_out += customers[i]
                if key[i]:
                    key_shed += mw
    return live, demand, shed_mw, key_shed, customers_out
