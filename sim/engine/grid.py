"""Grid physics: which feeders are live, and the metrics the plans' criteria test.

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

from dataclasses import dataclass

from ..area import Area
from .rules import cached


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
    )


class Grid:
    """The state of the network; ``update()`` recomputes live feeders and metrics."""

    def __init__(self, area: Area):
        self.topo = topology(area)
        self.capacity_mw = area.supply.capacity_mw
        self.demand_factor = 1.0
        self.supply_factor = 1.0
        self.damaged: dict[str, float] = {}  # element -> repair-time multiplier
        self.tripped: set[str] = set()
        self.shed: set[int] = set()
        n = len(self.topo.feeders)
        self.live = [True] * n
        self.sub_live = [True] * len(self.topo.substations)
        self.peak_shed = 0.0
        self.peak_key_shed = 0.0
        self.metrics: dict[str, float] = {}
        self._connected = self._topology_live()
        self._compute()

    def is_out(self, element: str) -> bool:
        return element in self.damaged or element in self.tripped

    def update(self) -> tuple[list[int], list[int]]:
        """Recompute after a change; returns (feeders shed, feeders brought back) by the dispatcher."""
        changes = self._rebalance()
        self._compute()
        return changes

    def _topology_live(self) -> list[bool]:
        topo = self.topo
        sub_live = self.sub_live
        out = self.damaged.keys() | self.tripped
        for i, sid in enumerate(topo.substations):
            p = topo.parent[i]
            sub_live[i] = sid not in out and (p < 0 or sub_live[p])
        return [sub_live[topo.feeder_sub[i]] and fid not in out for i, fid in enumerate(topo.feeders)]

    def _rebalance(self) -> tuple[list[int], list[int]]:
        topo = self.topo
        connected = self._topology_live()
        factor = self.demand_factor
        capacity = self.capacity_mw * self.supply_factor
        served = sum(topo.load[i] * factor for i, ok in enumerate(connected) if ok and i not in self.shed)
        shed_now: list[int] = []
        back: list[int] = []
        if served > capacity + 1e-9:
            for i in topo.shed_order:
                if served <= capacity + 1e-9:
                    break
                if connected[i] and i not in self.shed:
                    self.shed.add(i)
                    shed_now.append(i)
                    served -= topo.load[i] * factor
        elif self.shed:
            for i in reversed(topo.shed_order):
                if i in self.shed and (not connected[i] or served + topo.load[i] * factor <= capacity + 1e-9):
                    self.shed.discard(i)
                    back.append(i)
                    if connected[i]:
                        served += topo.load[i] * factor
        self._connected = connected
        return shed_now, back

    def _compute(self) -> None:
        topo = self.topo
        factor = self.demand_factor
        demand = shed = key_shed = 0.0
        customers_out = 0
        live = self.live
        for i, ok in enumerate(self._connected):
            ok = ok and i not in self.shed
            live[i] = ok
            mw = topo.load[i] * factor
            demand += mw
            if not ok:
                shed += mw
                customers_out += topo.customers[i]
                if topo.key[i]:
                    key_shed += mw
        self.peak_shed = max(self.peak_shed, shed)
        self.peak_key_shed = max(self.peak_key_shed, key_shed)
        self.metrics = {
            "demand_mw": demand,
            "shed_mw": shed,
            "load_shed_pct": 100.0 * shed / demand if demand else 0.0,
            "customers_out_pct": 100.0 * customers_out / topo.total_customers,
            "load_restored_pct": 100.0 * (1 - shed / self.peak_shed) if self.peak_shed else 100.0,
            "key_load_restored_pct": 100.0 * (1 - key_shed / self.peak_key_shed) if self.peak_key_shed else 100.0,
            "grid_backbone_restored": 1.0 if all(self.sub_live) else 0.0,
        }
