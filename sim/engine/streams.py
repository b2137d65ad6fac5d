"""Random streams: one numpy Generator per source of uncertainty, keyed by name.

Every stream is ``SeedSequence(seed, spawn_key=(crc32(name),))``: the same seed and the
same name give the same numbers whatever else the run does. So two variants of a plan
run on one seed see the same incident — the same damaged feeders, the same repair
times — and differ only by what the plan changes (common random numbers). Streams are
created on first use, so a run pays only for the sources it has.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

#: Draws are taken in blocks; a scalar numpy call costs more than the arithmetic.
_BLOCK = 64


class Streams:
    def __init__(self, seed: int):
        self.seed = int(seed)
        self._generators: dict[str, np.random.Generator] = {}
        self._normals: dict[str, tuple[list[float], int]] = {}

    def generator(self, name: str) -> np.random.Generator:
        rng = self._generators.get(name)
        if rng is None:
            sequence = np.random.SeedSequence(self.seed, spawn_key=(zlib.crc32(name.encode("utf-8")),))
            rng = self._generators[name] = np.random.Generator(np.random.PCG64(sequence))
        return rng

    def normal(self, name: str) -> float:
        """The next standard normal draw of stream ``name``."""
        block, i = self._normals.get(name, ((), 0))
        if i >= len(block):
            block, i = self.generator(name).standard_normal(_BLOCK).tolist(), 0
        self._normals[name] = (block, i + 1)
        return block[i]

    def factor(self, name: str, sigma: float) -> float:
        """A lognormal multiplier with median 1 (exactly 1 when ``sigma`` is 0, drawing nothing)."""
        if sigma == 0:
            return 1.0
        return math.exp(sigma * self.normal(name))
