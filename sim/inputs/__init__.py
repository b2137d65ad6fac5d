"""What a run is made of: the scenario, its plans and its area, loaded and checked once.

Every face of the product — the command line, the app's pages, sweeps, the bench and
drills — asks this package for a :class:`~sim.inputs.case.Case` and hands it on; none of
them reads a YAML file or knows where a scenario's plans and area are kept.
"""

from .case import Case, Draw, load_case, plan_files, source_texts, stored_case

__all__ = ["Case", "Draw", "load_case", "plan_files", "source_texts", "stored_case"]
