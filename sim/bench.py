"""Benchmarks of the engine, run by ``python -m sim bench``.

Each benchmark is a function ``(runs: int) -> dict[str, float]`` listed in
:data:`BENCHMARKS` under a name; the command runs them in order and prints each one's
metrics as a section (``--only NAME`` runs one). A new benchmark (a parameter sweep's
parallel efficiency, say) is one more function and one more entry.

``whatif`` times 1,000 paired replications of the random-blackout template as the
What-if page and ``compare`` run them (target: 5 s on 2 cores).

``replication`` runs the shipped winter ice storm end to end ``runs`` times, as
:func:`~sim.engine.run.run_for_row` does for every replication of a sweep (build the
simulation from loaded models, run it to the horizon, take what the sweep's row reads,
close the simulation — loading YAML is not counted) and, in the same process, a bare SimPy
loop that processes the same number of events with nothing else to do.
``engine_vs_simpy_ratio`` is the engine's events per second over the bare loop's: the
share of the time SimPy itself accounts for, i.e. how much the plan logic, the grid and
the recording cost on top. The engine processes its environment's queue with the loop
of its scheduling door (:func:`sim.engine.schedule.run`, which does what SimPy's
``env.run`` does, in the same order); the bare loop is SimPy's own. Both sides count the
events scheduled on their environment,
and both are timed in CPU time of this process (``time.process_time``), so that other
work on a shared machine does not count; the two are interleaved run by run for the
same reason. The loaded inputs are frozen out of the garbage collector's way
(``gc.freeze``), as a process that runs thousands of replications of the same inputs
should do.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import simpy

from .engine.schedule import scheduled as scheduled_events
from .inputs.layout import PLANS_DIR, ROOT, files_in, scenario_file

SCENARIO = scenario_file("winter-ice-storm")
#: The What-if benchmark's variant: the Level II load-shed bound lowered from 40 % to 35 %.
VARIANT = ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml"


def bare_loop(events: int, processes: int = 20) -> tuple[int, float]:
    """A SimPy run of ``processes`` processes that only wait, scheduling about ``events``
    events; returns (events scheduled, seconds)."""
    env = simpy.Environment()
    per_process = max(1, events // processes - 2)  # each process also costs a start and an end event

    def worker(step: float):
        for _ in range(per_process):
            yield env.timeout(step)

    start = time.process_time()
    for i in range(processes):
        env.process(worker(1.0 + i / processes))
    env.run()
    elapsed = time.process_time() - start
    return scheduled_events(env), elapsed


def replication(runs: int) -> dict[str, float]:
    from .engine.run import Simulation
    from .inputs import load_case

    scenario, plans, area = load_case(SCENARIO)
    warm = Simulation(scenario, plans, area, 0)  # warm the caches (compiled plan, topology)
    warm.run().for_row()
    warm.close()
    # The inputs live as long as the process, as in a sweep worker: keep the garbage
    # collector from walking them again and again (both sides below benefit alike).
    gc.collect()
    gc.freeze()
    times: list[float] = []
    counts: list[int] = []
    bare_events = bare_time = 0.0
    for seed in range(runs):
        start = time.process_time()
        sim = Simulation(scenario, plans, area, seed)
        sim.run()
        sim.for_row()
        sim.close()
        times.append(time.process_time() - start)
        counts.append(scheduled_events(sim.env))
        # Interleaved, so that a shared machine's changing load falls on both sides alike.
        n, seconds = bare_loop(counts[-1])
        bare_events += n
        bare_time += seconds
    gc.unfreeze()
    engine_rate = sum(counts) / sum(times)
    bare_rate = bare_events / bare_time
    ordered = sorted(times)
    return {
        "runs": runs,
        "replication_ms_median": 1000 * statistics.median(times),
        "replication_ms_p90": 1000 * ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
        "events_per_replication": statistics.fmean(counts),
        "engine_events_per_s": engine_rate,
        "bare_simpy_events_per_s": bare_rate,
        "engine_vs_simpy_ratio": engine_rate / bare_rate,
    }


def loading(runs: int) -> dict[str, float | str]:
    """Loading the longest shipped plan, as every command and page does (read, parse with
    positions, validate, check references): the median wall time over ``runs`` loads with
    the C-accelerated YAML parser (when installed) and with the pure-Python one, in the
    same process."""
    from .inputs import load_plan, pure_python

    plan = max(files_in(PLANS_DIR), key=lambda file: file.stat().st_size)

    def median_ms() -> float:
        load_plan(plan)  # warm: imports, validators
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            load_plan(plan)
            times.append(time.perf_counter() - start)
        return 1000 * statistics.median(times)

    fast = median_ms()
    with pure_python() as libyaml:
        pure = median_ms()
    return {
        "runs": runs,
        "plan": plan.name,
        "plan_lines": len(plan.read_text(encoding="utf-8").splitlines()),
        "libyaml": float(libyaml),
        "plan_load_ms_median": fast,
        "plan_load_pure_python_ms_median": pure,
        "pure_python_vs_fast_ratio": pure / fast,
    }


def whatif(runs: int) -> dict[str, float]:
    """``runs`` paired replications of the random-blackout template, baseline against the
    Level II load-shed variant, as the What-if page runs them: the comparison function
    of ``compare`` on a local pool of 2 (the pool's start-up counted; wall-clock time)."""
    from .inputs import load_case, plan_files
    from .sweep.bench import TEMPLATE, Background
    from .sweep.compare import compare_cases
    from .sweep.executor import run

    baseline = load_case(TEMPLATE, template=True)
    variant = baseline.changed(plans=plan_files(baseline, [VARIANT]))
    with Background() as background:
        start = time.perf_counter()
        report = compare_cases(baseline, variant, 1, lambda job, sink: run(job, runs, workers=2, sink=sink))
        elapsed = time.perf_counter() - start
    return {"whatif_runs": float(runs), "whatif_pairs_s": elapsed, "whatif_changed": float(report["changed_count"]),
            "others_cpu_cores": background.cores}


def sweep(runs: int) -> dict[str, float]:
    """Parallel efficiency, peak memory and Dask against the pool (see :mod:`sim.sweep.bench`)."""
    from .sweep.bench import sweep as sweep_benchmark

    return sweep_benchmark(runs)


def drill(runs: int) -> dict[str, float]:
    """Assessing a drill as a page does, over the shipped winter ice storm (240 h) played as
    the plan says by six units (a log built first, by doing each task as it falls due and
    stepping the clock when nothing is due).

    The log is then assessed again at every moment it changed (an action, a clock step), as
    a page refreshing the drill does: once as the page does it — the live replay runs on
    from its last look and takes the new actions in through the policy's door, and the
    evaluation kept with it judges only what changed (``drill_assess_ms_q*``) — once by
    judging the whole evaluation again on that replay (``drill_rejudge_ms_q*``), and once
    replaying and judging from hour 0 (``drill_fresh_ms_q*``). The assessments are cut into
    four quarters in order (the drill's clock at the end of each: ``drill_q*_ends_h``); for
    each, the mean CPU milliseconds per assessment and the expected actions judged by its
    end (``drill_q*_items``). An assessment as the page makes it costs what changed since
    the last one: flat as the drill grows (``drill_assess_q4_over_q1`` about 1), so
    assessing a whole drill is linear in its length; judged from scratch it grows with
    the evaluation (``drill_rejudge_q4_over_q1``), from hour 0 with the drill so far.
    ``drill_restarts`` counts the live looks that replayed from hour 0 (the first).
    ``runs`` is unused: the moments are the drill's."""
    import tempfile

    from .drills import control, db, views
    from .drills.evaluate import evaluate
    from .drills.replay import LiveReplay, answer_key, replay

    roles = {"power_company": "A", "county_government": "B", "industry_tech": "C", "headquarters": "D",
             "housing_construction": "E", "public_security": "F"}
    with tempfile.TemporaryDirectory(prefix="drill-bench-") as folder:
        engine = db.open_database(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        made = control.create(engine, SCENARIO, name="bench", roles=roles)
        live = LiveReplay()
        for _ in range(5000):
            state, _, evaluation = control.assess(engine, made.id, live)
            if evaluation.ended:
                break
            todo = [(role, item) for role in roles for item in views.tasks(evaluation, role)]
            for role, item in todo:
                control.act(engine, made.id, role=role, key=made.keys[role], kind=item.kind,
                            args=views.task_args(state, item))
            if not todo:
                control.step(engine, made.id, key=made.facilitator_key)
        record = db.load_drill(engine, made.id)
        engine.dispose()
    key = answer_key(record)
    moments = sorted({a.at_h for a in record.actions})
    live = LiveReplay()
    looks = []  # per moment: (when, CPU seconds as the page, judged again, from hour 0, items judged)
    restarts = 0
    for t in moments:
        seen = record.as_at(t)
        before = live.kept.sim if live.kept else None
        start = time.process_time()
        state = live.replay(seen)
        evaluation = evaluate(state, key, live)
        assessed = time.process_time()
        evaluate(state, key)
        rejudged = time.process_time()
        evaluate(replay(seen), key)
        looks.append((t, assessed - start, rejudged - assessed, time.process_time() - rejudged, len(evaluation.items)))
        restarts += state.sim is not before
    metrics: dict[str, float] = {"drill_actions": float(sum(1 for a in record.actions if a.role is not None)),
                                 "drill_assessments": float(len(looks)), "drill_restarts": float(restarts)}
    quarter = max(len(looks) // 4, 1)
    for q in range(4):
        chosen = looks[q * quarter:(q + 1) * quarter if q < 3 else len(looks)]
        metrics[f"drill_q{q + 1}_ends_h"] = chosen[-1][0]
        metrics[f"drill_q{q + 1}_items"] = float(chosen[-1][4])
        for name, column in (("assess", 1), ("rejudge", 2), ("fresh", 3)):
            metrics[f"drill_{name}_ms_q{q + 1}"] = 1000 * statistics.mean(look[column] for look in chosen)
    for name in ("assess", "rejudge", "fresh"):
        metrics[f"drill_{name}_q4_over_q1"] = metrics[f"drill_{name}_ms_q4"] / metrics[f"drill_{name}_ms_q1"]
    metrics["drill_whole_assess_s"] = sum(look[1] for look in looks)
    metrics["drill_whole_fresh_s"] = sum(look[3] for look in looks)
    return metrics


#: (name, function) in the order they run and print.
BENCHMARKS: list[tuple[str, Callable[[int], dict[str, float]]]] = [
    ("replication", replication),
    ("loading", loading),
    ("whatif", whatif),
    ("drill", drill),
    ("sweep", sweep),
]

#: Benchmarks with their own number of replications (``--sweep-runs``): a sweep's parallel
#: efficiency needs thousands of short replications to be measured at all.
DEFAULT_RUNS = {"sweep": 10_000, "loading": 20, "whatif": 1_000}


def names() -> list[str]:
    """The benchmarks' names, in the order they run."""
    return [name for name, _ in BENCHMARKS]


def run_all(runs: int, overrides: dict[str, int] | None = None, only: str | None = None) -> dict[str, dict[str, float]]:
    """Every benchmark's metrics by name, or only those of benchmark ``only``."""
    counts = {**DEFAULT_RUNS, **(overrides or {})}
    if only is not None and only not in names():
        raise ValueError(f"unknown benchmark {only!r}")
    return {name: function(counts.get(name, runs)) for name, function in BENCHMARKS if only in (None, name)}
