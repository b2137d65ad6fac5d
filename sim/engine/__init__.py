"""The SimPy engine: a scenario runs end to end through its plans.

``sim.engine.run.run_scenario(scenario, plans, area, seed, *, until=None) -> dict`` runs a scenario
(:class:`sim.inputs.scenario.Scenario`) under its plans (``{id: plan}``) on an area
(:class:`sim.inputs.area.Area`) and returns the result; :class:`Simulation` does the same in
slices (``sim.run(until=t)``) for walk-throughs and drills, with a replaceable
:class:`Policy` for the decisions the plan gives to people, and ``sim.close()`` releases
it once its result is taken (as ``run_scenario`` does). A sweep takes less of each run
(``run_for_row``: the result without ``events`` and ``spans``, and each unit's hours summed
from the spans as recorded), which is all its rows read. ``dumps(result)`` writes it
as byte-stable JSON: the same inputs and seed give the same bytes.

Result format (``format: 1``; times in hours from the scenario start, floats rounded
to 3 decimals by ``dumps``):

``events``
    The ordered log. Every entry has ``t_h``, ``unit`` (a plan unit id, a key user id,
    ``scenario`` for injects or ``model`` for the engine's own readings), ``action`` (an
    id: a plan step, hop or duty id, or an engine verb such as ``declare_response``,
    ``adjustment_proposed``, ``adjust_response``, ``end_response``, ``classified`` (the
    event's severity rises), ``reclassified`` / ``below_levels`` (the figures now meet a
    lower level, or none; the event's severity stays), ``activate_measure``,
    ``repair_start``, ``repaired``, ``shed_load``, ``backup_power_started``,
    ``backup_out_of_fuel``, ``mobile_generator_connected``, ``mobile_generator_left``,
    ``incident_opened``, ``incident_begun`` / ``incident_over`` (a plan's incident begins, by
    its onset — or, for a plan without one, its network shedding load again after an earlier
    incident — and is over; ``number`` counts the run's incidents, ``responded`` marks one
    over after its response ended)), ``source`` (the plan clause, e.g.
    ``"4.3"``, ``"assumption"`` for a rule the document is silent on, ``"scenario"`` or
    ``"model"``) and ``plan`` (the plan id or null); ``text`` ``{zh, en}`` when the entry
    comes from the plan; and fields of its own (``element``, ``to``, ``from``, ``measure``,
    ``duty`` — the duty a mobile generator serves or an incident was closed by…).
``timeseries``
    Rows ``{t_h, load_shed_pct, customers_out_pct, load_restored_pct,
    key_load_restored_pct, grid_backbone_restored, hazard_cleared,
    open_secondary_incidents, key_users_on_backup, key_users_dark, severity,
    classification, response_level}``, one whenever any of them changes (the state from
    ``t_h`` on); ``severity`` (the incident's, the highest it reached: a later incident
    starts afresh), ``classification`` (the
    level the figures meet now) and ``response_level`` are the first response plan's.
``spans``
    Each execution of a duty's task and each plan step that takes time: ``{unit, duty,
    resource, requested_h, start_h, end_h, plan}`` (``duty`` is the duty or step id;
    repairs and fire crews add ``element``, the element repaired or the fire).
    ``start_h > requested_h`` means it queued for its resource.
``backup_fuel``
    Per key user, ``[{t_h, fuel_h, state}]`` at each change of its supply; ``state`` is
    ``grid``, ``backup`` (its own fuel burning from ``t_h`` on), ``mobile`` (served by a
    mobile generator of the scenario's ``restoration.supply_duty``: no fuel of its own
    burnt) or ``dark``.
``summary``
    For the first response plan: ``max_response_level``, ``max_severity`` (the run's
    highest), ``level_changes`` ``[{t_h, from, to, by}]`` (``to: null`` is the end; ``by`` the unit
    that decided it: declared, adjusted or ended the response), the times
    ``warning_issued_at_h``, ``warning_lifted_at_h``, ``incident_started_at_h``,
    ``response_started_at_h``, ``terminated_at_h``, ``discretion_at_h`` (null when it
    did not happen; each the first in the run: ``terminated_at_h`` ends the response
    ``response_started_at_h`` started), ``measures_activated`` (each once), and, when the
    run held several incidents, ``incidents`` ``[{number, begun_at_h, response_started_at_h,
    terminated_at_h, over_at_h, discretion_at_h, max_severity, max_response_level,
    declared_by, ended_by}]``, each incident's own (``declared_by``, ``ended_by``: the units
    that declared and ended its response, null when it had none); for all plans ``unmet_duties``
    ``[{plan, unit, duty, t_h, reason}]`` (``reason`` ``{kind, unit | resource, …}``: see
    :meth:`sim.engine.units.Duties.unmet_duties`), ``key_users_out_of_fuel`` ``[{user, t_h}]``,
    ``end_h``, ``final`` metrics, and ``by_plan`` when the scenario has several
    response plans.
``observed`` (only when asked: ``run_scenario(..., observe=True)``, as the app does)
    What an observer reads at any moment, recorded as it changed: the conditions present,
    each plan's severity, classification, response level, trigger phases and due duties,
    and where each duty, plan step, repair and fire crew stands (pending, queued,
    working, repeating, done, unmet, stopped), work still going on at the end included,
    and the time series' rows as each change left them; each with the number of log
    entries before it, so that a view of one entry shows the state as that entry left it
    and not what later entries of the same instant did (:mod:`sim.engine.observer`).
``seed``, ``scenario`` ``{id, sha256}``, ``area`` ``{id, sha256}``, ``plans`` ``[{id, sha256}]``
    What was run: digests of the models' canonical JSON, so a result names the exact
    plan version it came from; plus ``start``, ``horizon_h`` and ``format``. ``seed`` is
    the engine's; a run started from a Case's draw (``run``, the Run page) also has
    ``drawn_from`` ``{seed, replication}``, the seed and replication as the user gave them
    (:meth:`sim.inputs.case.Draw.stamp`), which is what a reader types to run it again.
"""
