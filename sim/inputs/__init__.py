"""What a run is made of: the scenario, its plans and its area, loaded and checked once.

Every face of the product — the command line, the app's pages, sweeps, the bench and
drills — asks this package for a :class:`~sim.inputs.case.Case` and hands it on; none of
them reads a YAML file or knows where a scenario's plans and area are kept.

* :func:`load_case` — a scenario file (with edited plan files or models in place of the
  scenario's plans of their ids, and other resource counts) → a checked, immutable Case;
* :meth:`Case.changed` — the same Case with other plans, resource counts or replication;
* :meth:`Case.draw` — the Case's replication *i* (``load_case(..., replication=i)``) under a
  seed: for a template the incident row *i* of a sweep runs, otherwise the story itself
  under seed + *i*;
* :func:`source_texts` / :func:`stored_case` — a Case's files as texts, and the Case again
  from them (what a drill keeps).

It is also the one door to YAML for everything else that reads a file — a plan checked
on its own, an uploaded or edited text, ban notices, a drill's MSEL sheet: nothing
outside this package imports PyYAML or the modules below (a test keeps it so).

* :func:`read_text`, :func:`decode` — a file's or an upload's text, bounded and checked;
  :func:`read_bytes` — a file's bytes, bounded alike (a drill's MSEL workbook);
* :func:`parse` — YAML text → data and the ``(line, col)`` of every path; :func:`dotted`
  writes a path; :func:`compose` — the node tree, with where each value stands in the
  text, to edit a file in place;
* :func:`load_plan`, :func:`load_plans`, :func:`load_scenario`, :func:`load_area`,
  :func:`load_text`, :func:`load_document` (a file of a given kind) — validated models;
  :func:`library_files` — a library's files of a kind (the app's by default); :func:`shown_name` — a
  file's name as messages show it; :func:`resolved` — a file's name with its links followed; :func:`expand`, :func:`plan_paths` — the files
  named on a command line;
* :func:`locate` — findings about a file's paths as errors at its lines.
"""

from .case import Case, Draw, load_case, plan_files, source_texts, stored_case
from .layout import library_files, resolved, shown_name
from .loader import expand, load_area, load_document, load_plan, load_plans, load_scenario, load_text, locate, plan_paths
from .yaml_source import MAX_BYTES, Path_, compose, decode, dotted, is_dir, parse, pure_python, read_bytes, read_text

__all__ = [
    "Case", "Draw", "load_case", "plan_files", "source_texts", "stored_case",
    "library_files", "resolved", "shown_name",
    "expand", "load_area", "load_document", "load_plan", "load_plans", "load_scenario", "load_text", "locate",
    "plan_paths",
    "MAX_BYTES", "Path_", "compose", "decode", "dotted", "is_dir", "parse", "pure_python", "read_bytes", "read_text",
]
