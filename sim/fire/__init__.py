"""Fire bans in the simulation: who breaks them, who catches it, what burns, what trips.

A scenario's ``fire_ban`` section (:mod:`sim.inputs.fire_ban`) sets people attempting
outdoor fire against the ban notices; :mod:`sim.fire.run` plays it out inside the
engine's simulation — violations judged by :func:`sim.bans.check`, patrols, fires that
grow and are fought (:mod:`sim.fire.spread`), and fires that trip power lines, which
hands the incident to the response plans in the same run.
"""
