"""Random streams draw what numpy would: the run's key, and each stream's blocks.

The engine derives a run's Philox key without numpy's SeedSequence object and draws
every stream's blocks on one shared bit generator per thread; both must give exactly
the numbers of the straightforward numpy construction, or results would change.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from sim.engine.streams import _BLOCK, Streams, _counter, _counter_words, _seed_key

SEEDS = [0, 1, 2, 7, 255, 2**31 - 1, 2**32 - 1, 2**32, 2**63, 2**64 - 1, 2**64, 2**127 + 5, 2**128 + 1, 2**200 + 3]


def test_the_run_key_is_the_seed_sequence_key():
    rng = random.Random(3)
    seeds = SEEDS + list(range(3, 300)) + [rng.getrandbits(bits) for bits in (32, 64, 96, 128, 160) for _ in range(40)]
    for seed in seeds:
        expected = np.random.SeedSequence(seed).generate_state(2, np.uint64)
        assert list(_seed_key(seed)) == expected.tolist(), seed


def test_a_negative_seed_is_refused_as_numpy_refuses_it():
    with pytest.raises(ValueError):
        np.random.SeedSequence(-1)
    with pytest.raises(ValueError):
        _seed_key(-1)


def test_work_multipliers_are_the_lognormal_draws_of_the_stream_own_generator():
    for seed in (0, 11, 2**64 + 9):
        streams = Streams(seed)
        other = Streams(seed + 1)  # interleaved draws of another run in the same thread
        got = []
        for _ in range(_BLOCK + 3):
            got.append(streams.factor("work:police", 0.2))
            other.factor("work:police", 0.2)
        key = np.random.SeedSequence(seed).generate_state(2, np.uint64)
        expected = []
        for block in (0, 1):
            own = np.random.Generator(np.random.Philox(key=key, counter=_counter("work:police", block)))
            expected.extend(reversed(np.exp(0.2 * own.standard_normal(_BLOCK)).tolist()))
        assert got == expected[:_BLOCK + 3]


def test_a_stream_generator_starts_at_its_own_counter():
    streams = Streams(5)
    key = np.random.SeedSequence(5).generate_state(2, np.uint64)
    own = np.random.Generator(np.random.Philox(key=key, counter=_counter("repair", 0)))
    assert streams.generator("repair").random(8).tolist() == own.random(8).tolist()


def test_a_block_counter_is_written_as_its_four_words():
    for name in ("work:police", "report", "repair", "工作:县政府"):
        for block in (0, 1, 7, 2**40):
            value = _counter(name, block)
            assert _counter_words(name, block) == tuple((value >> shift) & (2**64 - 1) for shift in (0, 64, 128, 192))


def test_blocks_drawn_together_are_the_blocks_drawn_one_by_one():
    names = ["work:police", "work:fire", "work:water", "work:police"]
    together, alone = Streams(9), Streams(9)
    alone.factor("work:fire", 0.3)  # one stream already has what is left of its block
    together.factor("work:fire", 0.3)
    together.prefetch(names, 0.3)
    for _ in range(2 * _BLOCK):
        for name in names:
            assert together.factor(name, 0.3) == alone.factor(name, 0.3)


def test_uniform_draws_continue_the_stream_as_its_own_generator_does():
    streams, other = Streams(13), Streams(14)
    got = streams.uniforms("damage", 5)
    other.uniforms("damage", 3)  # another run's draws in between, on the same shared generator
    got += streams.uniforms("damage", 7) + streams.uniforms("repair", 2)
    expected = Streams(13).generator("damage").random(12).tolist() + Streams(13).generator("repair").random(2).tolist()
    assert got == expected
