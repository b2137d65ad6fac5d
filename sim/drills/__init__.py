"""Drills (演练, plan 7.7): people play the plan's units against the clock; the plan is the answer key.

A drill is a scenario, participants each playing one or more units of the plan (role ids
are the plan's unit ids), a scenario clock (paused, real time, ×N, single steps) and
injects. The engine runs the incident; the decisions the plan gives to people go through
:class:`~sim.drills.policy.DrillPolicy`, answered by the participants for the units they
play and as the plan says for the others.

* :mod:`~sim.drills.db` — the database (SQLite or PostgreSQL), Alembic migrations in ``migrations/``;
* :mod:`~sim.drills.inputs` — the scenario, area and plan texts stored with each drill;
* :mod:`~sim.drills.actions` — what each role may do, read off the plan;
* :mod:`~sim.drills.control` — creating a drill, acting, moving the clock (the one way in);
* :mod:`~sim.drills.keys` — who may act: the facilitator's key and each player's, stored as digests;
* :mod:`~sim.drills.text` — text typed into a drill, checked at the door;
* :mod:`~sim.drills.replay` — the drill's state, rebuilt by replaying the engine over the log
  (or run on from a page's last look);
* :mod:`~sim.drills.evaluate` — every expected action, its outcome, deviations, scores;
* :mod:`~sim.drills.report` — the after-action report (6.1) as Markdown and HTML;
* :mod:`~sim.drills.views` — what the Facilitator and Participant pages show, as plain rows
  (the pages themselves are :mod:`sim.ui.drill_pages`; nothing here imports Streamlit).
"""
