"""Sweeps: thousands of replications of a Case — plausible incidents drawn from a template,
or one story under new seeds — run through the plans on one machine or a Dask cluster, and
baseline-versus-variant comparisons.

How an incident is drawn is the input package's (:mod:`sim.inputs.template`,
:mod:`sim.inputs.generator`); this package runs many of them:

* :mod:`sim.sweep.rows` — a run's result reduced to one flat row (the outcome measures);
* :mod:`sim.sweep.executor` — batches of replications in-process, on a process pool or on Dask;
* :mod:`sim.sweep.output` — rows to CSV or Parquet;
* :mod:`sim.sweep.compare` — paired differences, confidence intervals, changed outcomes,
  and the one comparison of two Cases that ``compare`` and the What-if page share.
"""
