"""Drills (演练, plan 7.7): people play the plan's units against the clock; the plan is the answer key.

A drill is a scenario, participants each playing one or more units of the plan (role ids
are the plan's unit ids), a scenario clock (paused, real time, ×N, single steps) and
injects. The engine runs the incident; the decisions the plan gives to people go through
:class:`~sim.drills.policy.DrillPolicy`, answered by the participants for the units they
play and as the plan says for the others.

* :mod:`~sim.drills.db` — the database (SQLite or PostgreSQL), Alembic migrations in ``migrations/``;
* :mod:`~sim.drills.inputs` — the scenario, area and plan texts stored with each drill, and the
  incident its seed and replication draw from them (a template's, as ``run`` draws it);
* :mod:`~sim.drills.actions` — what each role may do, read off the plan;
* :mod:`~sim.drills.offer` — what each role may do now: a decision already taken is not taken twice;
* :mod:`~sim.drills.control` — creating a drill, acting, moving the clock, archiving and restoring (the one way in);
* :mod:`~sim.drills.keys` — who may act: the facilitator's key and each player's, stored as digests;
* :mod:`~sim.drills.text` — text typed into a drill, checked at the door;
* :mod:`~sim.drills.refusals` — a refused input, about a field named the domain's way (each face names it its own);
* :mod:`~sim.drills.replay` — the drill's state, rebuilt by replaying the engine over the log
  (or run on from a page's last look);
* :mod:`~sim.drills.evaluate` — every expected action, its outcome, deviations, scores;
* :mod:`~sim.drills.script` and :mod:`~sim.drills.msel_xlsx` — before a drill: its 演练方案 and
  演练脚本 (the MSEL) from the scenario, the MSEL as a workbook and read back into the scenario;
* :mod:`~sim.drills.objectives` — the drill's objectives, “x / y met” and their four-grade rating;
* :mod:`~sim.drills.pace` — how far the console's Advance and Single step may move the clock (never past a deadline);
* :mod:`~sim.drills.link_sheet` — the role links as QR codes and a printable sheet;
* :mod:`~sim.drills.projector` — the projector's board: the clock, the level, every countdown;
* :mod:`~sim.drills.findings` — what the evaluation found, graded and laid at the plan or the players;
* :mod:`~sim.drills.improvement` — the improvement plan: findings as tracked items across drills;
* :mod:`~sim.drills.fork` — a new drill from any moment of another, and the forks made of one (its pages name them);
* :mod:`~sim.drills.dossier` and :mod:`~sim.drills.paper_tables` — what is filed with a drill, and its tables;
* :mod:`~sim.drills.report` — the evaluation report (处置评估报告) as Markdown and HTML;
* :mod:`~sim.drills.views` — what the Facilitator and Participant pages show, as plain rows (what is
  new on a desk, the engine-played units' feed, each action's confirmation among them)
  (the pages themselves are :mod:`sim.ui.drill_pages`; nothing here imports Streamlit).
"""
