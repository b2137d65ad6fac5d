"""The figures a plan's criteria may read, by where their values come from.

A plan names its own metrics (another area may classify on other figures) and says
where each value comes from (``from`` on a metric, :class:`~sim.plan.response_plan.Metric`):

* **engine** — computed as the incident unfolds, for the area's own grid and for each
  grid the area declares within or around it (:data:`FIGURES`, :data:`GRID_FIGURES`);
* **scenario** — given by the scenario, fixed (``figures``) or set and changed over time
  by its ``figure`` injects (a power plant blacks out at 02:00);
* **area** — read from the area's grids (:data:`AREA_FIGURES`): a grid's scope, its load.

A figure that no source gives would never meet its criterion — silently "below every
level" — so the scenario's cross-reference check refuses it up front
(:func:`sim.inputs.scenario.reference_problems`), listing these catalogues.
"""

from __future__ import annotations

#: figure -> what it is (kept equal to the simulation's ``values`` by a test)
FIGURES: dict[str, str] = {
    "load_shed_pct": "load shed, % of the grid's load before the incident",
    "customers_out_pct": "customers without supply, %",
    "load_restored_pct": "shed load restored, %",
    "key_load_restored_pct": "key users' load restored, %",
    "shed_mw": "load shed, MW",
    "demand_mw": "demand before the incident, MW",
    "grid_load_mw": "the grid's load, MW: as the area states it, else the demand of its feeders",
    "generation_tripped_pct": "generating capacity tripped (非计划停运), % of the grid's generating capacity",
    "grid_backbone_restored": "1 when every backbone substation is back, else 0",
    "hazard_cleared": "1 when no hazard is active, else 0",
    "open_secondary_incidents": "secondary incidents still open",
    "key_users_dark": "key users without any supply",
    "key_users_on_backup": "key users on their own backup power",
}

#: The engine's figures computed for every grid an area declares (read as ``figure@scope``).
GRID_FIGURES: tuple[str, ...] = (
    "load_shed_pct", "customers_out_pct", "shed_mw", "demand_mw", "grid_load_mw", "generation_tripped_pct",
)

#: figure -> what it is, for the values read from the area's grids
AREA_FIGURES: dict[str, str] = {
    "grid_scope": "the kind of grid (the area's `grid_scope`, a grid's `scope`)",
    "grid_load_mw": "the grid's load as the area states it (`load_mw`), else the demand of its feeders",
}

#: The area's own grid's figures a face shows of every run beside those its plan grades on
#: (an area always has a grid), each with the catalogue's name for a plan that does not
#: declare it (:mod:`sim.messages`): lines in their own chart, never the headline, when the
#: plan grades on other figures (a flood plan's rainfall).
GRID_SHOWN: dict[str, str] = {"load_shed_pct": "common.load_shed", "customers_out_pct": "common.customers_out"}


def is_grid_figure(key: str) -> bool:
    """Whether a figure key (``figure`` or ``figure@scope``) is one the engine computes for a
    grid (:data:`GRID_FIGURES`), rather than one of the plan's own (a rainfall, a rating)."""
    return key.partition("@")[0] in GRID_FIGURES
