"""The figures the engine computes as an incident unfolds: what a plan's criteria can test.

A plan names its own metrics (another county may classify on other figures), but the
engine can only judge a criterion on figures it computes (categorical facts, such as
the grid scope a scenario states in ``context``, are context tests, not figures). A
plan run on the engine that tests any other figure
would never meet that criterion — silently "below every level" — so the scenario's
cross-reference check refuses it up front (:func:`sim.inputs.scenario.reference_problems`),
listing these.
"""

from __future__ import annotations

#: figure -> what it is (kept equal to the simulation's ``values`` by a test)
FIGURES: dict[str, str] = {
    "load_shed_pct": "load shed, % of the demand before the incident",
    "customers_out_pct": "customers without supply, %",
    "load_restored_pct": "shed load restored, %",
    "key_load_restored_pct": "key users' load restored, %",
    "shed_mw": "load shed, MW",
    "demand_mw": "demand before the incident, MW",
    "grid_backbone_restored": "1 when every backbone substation is back, else 0",
    "hazard_cleared": "1 when no hazard is active, else 0",
    "open_secondary_incidents": "secondary incidents still open",
    "key_users_dark": "key users without any supply",
    "key_users_on_backup": "key users on their own backup power",
}
