"""Closing a finished run: same result, then freed at once instead of by the collector.

run_scenario closes its simulation once the result is taken, so a sweep does not leave
thousands of cyclic graphs for the garbage collector; closing must change nothing in
the result and must leave nothing that still runs.
"""

from __future__ import annotations

import gc
import weakref

import pytest
from engine_fixtures import mini, shipped

from sim.engine.recorder import dumps
from sim.engine.run import Simulation, run_scenario


@pytest.mark.parametrize("name", ["winter-ice-storm", "grassland-fire-line-trip"])
def test_run_scenario_gives_the_result_of_an_unclosed_simulation(name):
    inputs = shipped(name)
    kept = Simulation(*inputs, 7).run().result()
    assert dumps(run_scenario(*inputs, 7)) == dumps(kept)


def test_a_closed_simulation_neither_runs_nor_reports():
    sim = Simulation(*mini(), 7).run(until=6.0)
    sim.close()
    sim.close()  # closing twice is harmless
    with pytest.raises(RuntimeError):
        sim.run()
    with pytest.raises(RuntimeError):
        sim.result()


def test_a_closed_simulation_is_freed_without_the_garbage_collector():
    sim = Simulation(*shipped("winter-ice-storm"), 7).run()
    sim.result()
    sim.close()
    alive = weakref.ref(sim)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del sim
        assert alive() is None
    finally:
        if was_enabled:
            gc.enable()
