"""The figures of each grid an area declares, and of its power plants.

An area's own grid is its whole network (:mod:`sim.inputs.network` computes its figures).
An area may also declare grids within or around it (:class:`~sim.inputs.area.GridPart`): a
provincial grid whose load is far larger than the county modelled inside it, a county
seat's grid inside the county. Plans grade each kind of grid by its own figures
("the provincial grid 10 % **and** the capital city 65 %"), so after every change the
engine computes them for each grid from the same live feeders, and publishes them as
``figure@scope`` — or, when the area holds several grids of one scope (two cities of a
province), as ``figure@scope:id`` for each, listed under ``grids_of:scope`` so that a
criterion naming the scope is tested on each of them. Power plants (``generators``) add their capacity to the supply while
they run; the capacity tripped is ``generation_tripped_pct``.
"""

from __future__ import annotations

from collections import Counter

from ..inputs.area import Area
from ..plan.criteria import GRID_SCOPE, figure_key, grid_instance, grids_of
from ..plan.figures import GRID_FIGURES


class GridFigures:
    """What it takes to compute every declared grid's figures, built once per run."""

    def __init__(self, area: Area):
        towns = [f.town for f in area.feeders]
        plants = area.generators or []
        self.capacity = {g.id: g.capacity_mw for g in plants}
        self.total_capacity = sum(self.capacity.values())
        declared = area.grids or ()
        count = Counter([area.grid_scope] if area.grid_scope else [])
        count.update(grid.scope for grid in declared)

        def named(scope: str, grid_id: str) -> str:
            return grid_instance(scope, grid_id) if count[scope] > 1 else scope

        self.area_scope = area.grid_scope
        #: the area's own grid as figure keys name it (its scope, or scope:id), or None
        self.own_scope = named(area.grid_scope, area.id) if area.grid_scope else None
        #: per scope of several grids, those grids as figure keys name them
        self.instances: dict[str, tuple[str, ...]] = {}
        if self.own_scope is not None and count[area.grid_scope] > 1:
            self.instances[area.grid_scope] = (self.own_scope,)
        #: per declared grid: scope, name in figure keys, feeder indexes, stated load, stated customers, its plants
        self.grids = []
        for grid in declared:
            covered = set(grid.towns) if grid.towns is not None else None
            index = tuple(i for i, town in enumerate(towns) if covered is None or town in covered)
            grid_plants = tuple(g.id for g in plants if covered is None or g.town in covered)
            name = named(grid.scope, grid.id)
            if count[grid.scope] > 1:
                self.instances[grid.scope] = self.instances.get(grid.scope, ()) + (name,)
            self.grids.append((grid.scope, name, index, grid.load_mw, grid.customers, grid_plants))
        #: the lists of grids of a scope, as the values carry them
        self.listed = {grids_of(scope): names for scope, names in self.instances.items()}
        #: whether any grid is known by its scope (the area's own, or a declared one)
        self.scoped = bool(self.own_scope or self.grids)
        self.customers = tuple(f.customers for f in area.feeders)
        self.load = tuple(f.load_mw for f in area.feeders)

    def tripped_pct(self, tripped: set) -> float:
        """The share of the area's generating capacity tripped."""
        return self._tripped(tripped, self.capacity)

    def by_scope(self, values: dict, grid, tripped: set) -> dict:
        """Every grid's figures as ``figure@scope``: the area's own (when it states its scope),
        computed from the same values, and each declared grid's."""
        out: dict = dict(self.listed)
        if self.own_scope:
            grid_id, scope = self.own_scope, self.area_scope
            out[GRID_SCOPE] = scope
            for name in GRID_FIGURES:
                out[figure_key(name, grid_id)] = values[name]
            out[figure_key(GRID_SCOPE, grid_id)] = scope
        out.update(self.declared(grid.live, grid.demand_factor, tripped))
        return out

    def columns(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """The time series' columns for figure keys a plan reads: ``figure@scope`` of a scope
        of several grids becomes one column per grid."""
        out: list[str] = []
        for key in keys:
            name, _, scope = key.partition("@")
            if scope in self.instances:
                out.extend(figure_key(name, grid) for grid in self.instances[scope])
            else:
                out.append(key)
        return tuple(out)

    def declared(self, live: tuple[bool, ...], factor: float, tripped: set) -> dict:
        """Every declared grid's figures, as ``figure@scope``."""
        out: dict = {}
        load, customers = self.load, self.customers
        for scope, grid_id, index, stated_load, stated_customers, plants in self.grids:
            demand = shed = 0.0
            total = out_count = 0
            for i in index:
                mw = load[i] * factor
                demand += mw
                total += customers[i]
                if not live[i]:
                    shed += mw
                    out_count += customers[i]
            base = stated_load or demand
            out[figure_key(GRID_SCOPE, grid_id)] = scope
            out[figure_key("grid_load_mw", grid_id)] = base
            out[figure_key("demand_mw", grid_id)] = demand
            out[figure_key("shed_mw", grid_id)] = shed
            out[figure_key("load_shed_pct", grid_id)] = 100.0 * shed / base if base else 0.0
            people = stated_customers or total
            out[figure_key("customers_out_pct", grid_id)] = 100.0 * out_count / people if people else 0.0
            out[figure_key("generation_tripped_pct", grid_id)] = self._tripped(tripped, {g: self.capacity[g] for g in plants})
        return out

    @staticmethod
    def _tripped(tripped: set, capacity: dict) -> float:
        total = sum(capacity.values())
        if not total:
            return 0.0
        return 100.0 * sum(mw for g, mw in capacity.items() if g in tripped) / total
