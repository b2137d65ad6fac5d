"""Sweeps: thousands of plausible incidents drawn from a scenario template, run through
the plans on one machine or a Dask cluster, and baseline-versus-variant comparisons.

* :mod:`sim.sweep.template` — the ``template:`` section of a scenario file (the model);
* :mod:`sim.sweep.generator` — one incident per replication, from ``(seed, replication)``;
* :mod:`sim.sweep.rows` — a run's result reduced to one flat row;
* :mod:`sim.sweep.executor` — batches of replications in-process, on a process pool or on Dask;
* :mod:`sim.sweep.output` — rows to CSV or Parquet;
* :mod:`sim.sweep.compare` — paired differences, confidence intervals, changed outcomes.

This package is imported by :mod:`sim.scenario` (for the template model), so it imports
nothing heavy at package level.
"""
