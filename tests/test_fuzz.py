"""Fuzzing the loader: mutants of the shipped files load or end in the loader's own error.

The property test below runs in the normal suite for a bounded number of mutants (a few
seconds); ``python -m sim.fuzz`` runs the same check open-ended on every core.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.fuzz import OPERATIONS, TOKENS, Mutation, mutate, outcome, seeds
from sim.fuzz.__main__ import main, mutant

SEEDS = seeds()

mutations = st.lists(
    st.builds(Mutation, st.sampled_from(OPERATIONS), st.floats(0, 1, exclude_max=True),
              st.integers(0, 1 << 16), st.integers(0, 8 * len(TOKENS))),
    min_size=1, max_size=4,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS), changes=mutations)
def test_any_mutation_of_a_shipped_file_loads_or_is_an_input_error(seed, changes):
    assert outcome(mutate(seed.data, changes), seed) is None


def test_every_kind_of_shipped_file_is_a_seed():
    assert {seed.kind for seed in SEEDS} == {"plan", "scenario", "area"}


def test_every_shipped_file_loads_unchanged():
    assert [outcome(seed.data, seed) for seed in SEEDS] == [None] * len(SEEDS)


def test_a_crash_is_reported_with_its_traceback(monkeypatch):
    import sim.inputs.scenario

    def broken(*args):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(sim.inputs.scenario, "reference_problems", broken)
    scenario = next(seed for seed in SEEDS if seed.kind == "scenario")
    failure = outcome(scenario.data, scenario)
    assert failure.startswith("Traceback") and failure.endswith("OverflowError: date value out of range\n")


def test_an_input_is_the_same_bytes_from_its_number_alone():
    assert mutant(3, 12345)[0] == mutant(3, 12345)[0]
    assert mutant(3, 12345)[0] != mutant(4, 12345)[0]


def test_a_campaign_prints_what_it_tried_and_exits_0_without_crashes(tmp_path, capsys):
    assert main(["--inputs", "30", "--workers", "1", "--crashes", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("inputs tried: 30 (inputs 0 to 29); rate: ") and out.endswith("crashes: 0\n")
    assert not list(tmp_path.iterdir())


def test_a_campaign_saves_each_crashing_input_with_its_traceback(tmp_path, capsys, monkeypatch):
    import sim.fuzz.__main__ as campaign

    monkeypatch.setattr(campaign, "outcome", lambda data, seed: "Traceback: boom\n")
    assert main(["--inputs", "5", "--workers", "1", "--crashes", str(tmp_path)]) == 1
    assert capsys.readouterr().out.endswith("crashes: 5\n")
    saved = sorted(tmp_path.glob("*.txt"))
    assert len(saved) == 5 and all(path.read_text(encoding="utf-8") == "Traceback: boom\n" for path in saved)
    for path in saved:
        data, seed = mutant(0, int(path.name.split("-")[0]))
        assert path.with_suffix("").read_bytes() == data and path.name.endswith(f"-{seed.path.name}.txt")


def test_a_resumed_campaign_tries_the_inputs_after_where_the_last_one_stopped(tmp_path, capsys, monkeypatch):
    import sim.fuzz.__main__ as campaign

    monkeypatch.setattr(campaign, "outcome", lambda data, seed: "Traceback: boom\n")
    assert main(["--start", "561400", "--inputs", "3", "--workers", "1", "--crashes", str(tmp_path)]) == 1
    assert "inputs tried: 3 (inputs 561,400 to 561,402)" in capsys.readouterr().out
    assert sorted(int(path.name.split("-")[0]) for path in tmp_path.glob("*.txt")) == [561400, 561401, 561402]


def test_a_campaign_stopped_by_sigterm_still_prints_its_summary(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    campaign = subprocess.Popen([sys.executable, "-m", "sim.fuzz", "--workers", "1", "--crashes", str(tmp_path)],
                                stdout=subprocess.PIPE, text=True)
    time.sleep(3)
    campaign.send_signal(signal.SIGTERM)
    out, _ = campaign.communicate(timeout=60)
    assert campaign.returncode == 0 and out.startswith("inputs tried: ") and out.endswith("crashes: 0\n")


def test_more_workers_than_cores_is_an_option_error(capsys):
    from sim.command_line import cores

    with pytest.raises(SystemExit) as stop:
        main(["--workers", str(cores() + 1)])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("命令行 · command line: --workers: 至多为 ") and " · at most " in err
