"""What a run is made of: the scenario, its plans and its area, loaded and checked once.

Every face of the product — the command line, the app's pages, sweeps, the bench and
drills — asks this package for a :class:`~sim.inputs.case.Case` and hands it on; none of
them reads a YAML file or knows where a scenario's plans and area are kept.

* :func:`load_case` — a scenario file (with edited plan files or models in place of the
  scenario's plans of their ids, and other resource counts) → a checked, immutable Case;
* :func:`shipped_case` — the same for a shipped scenario by its id;
* :meth:`Case.changed` — the same Case with other plans, resource counts or replication;
* :meth:`Case.draw` — the Case's replication *i* (``load_case(..., replication=i)``) under a
  seed: for a template the incident row *i* of a sweep runs, otherwise the story itself
  under seed + *i*;
* :func:`source_texts` / :func:`stored_case` — a Case's files as texts, and the Case again
  from them (what a drill keeps).
"""

from .case import Case, Draw, load_case, plan_files, shipped_case, source_texts, stored_case

__all__ = ["Case", "Draw", "load_case", "plan_files", "shipped_case", "source_texts", "stored_case"]
