"""Random streams: one per source of uncertainty, keyed by name, all from the run's seed.

The run's key comes from ``numpy.random.SeedSequence(seed)``; every source of
uncertainty (``damage``, ``repair``, ``report``, ``work:<unit>`` …) is its own stream of
a Philox generator under that key, starting at a counter fixed by a hash of the name
(2^128 apart, so streams never overlap). The same seed and the same name give the same
numbers whatever else the run does, so two variants of a plan run on one seed see the
same incident — the same damaged feeders, the same repair times — and a unit's work
times do not shift because another unit worked more (common random numbers).

Philox is counter-based: a stream is a position in the counter space, not a seeded
object, so a run can afford one stream per unit. (A freshly seeded generator per unit
would cost a fifth of a whole replication.) Work-time multipliers are drawn in blocks
of :data:`_BLOCK`, block ``k`` of a stream starting 2^64 counter steps after block ``k-1``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

#: Multipliers drawn at a time; a scalar numpy call costs more than the arithmetic.
_BLOCK = 32
_MASK = (1 << 64) - 1
#: An empty Philox output buffer (the state setter copies it).
_EMPTY = np.zeros(4, dtype=np.uint64)


@lru_cache(maxsize=4096)
def _origin(name: str) -> int:
    """Where stream ``name`` starts in the counter space."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") << 128


@lru_cache(maxsize=16384)
def _counter(name: str, block: int) -> np.ndarray:
    """The counter (four 64-bit words) where block ``block`` of stream ``name`` starts."""
    value = _origin(name) + (block << 64)
    return np.array([(value >> shift) & _MASK for shift in (0, 64, 128, 192)], dtype=np.uint64)


class Streams:
    def __init__(self, seed: int):
        self.seed = int(seed)
        shared = np.random.Philox(np.random.SeedSequence(self.seed))
        self._key = shared.state["state"]["key"]
        self._shared = shared
        self._normal = np.random.Generator(shared).standard_normal
        self._generators: dict[str, np.random.Generator] = {}
        self._draws: dict[float, dict[str, object]] = {}

    def generator(self, name: str) -> np.random.Generator:
        """The numpy Generator of stream ``name`` (for sources that draw arrays)."""
        rng = self._generators.get(name)
        if rng is None:
            rng = np.random.Generator(np.random.Philox(key=self._key, counter=_counter(name, 0)))
            self._generators[name] = rng
        return rng

    def factor(self, name: str, sigma: float) -> float:
        """The next multiplier of stream ``name`` (see :meth:`factors`)."""
        return self.factors(name, sigma)()

    def factors(self, name: str, sigma: float):
        """The function giving the successive lognormal multipliers (median 1) of stream
        ``name``, one per stream and sigma; it returns exactly 1, drawing nothing, when
        ``sigma`` is 0. Draws come in blocks and are handed out from the block's end."""
        by_name = self._draws.get(sigma)
        if by_name is None:
            by_name = self._draws[sigma] = {}
        draw = by_name.get(name)
        if draw is not None:
            return draw
        if sigma == 0:
            draw = _one
        else:
            block: list[float] = []
            blocks = [0]
            shared, normal = self._shared, self._normal
            state = {"bit_generator": "Philox", "state": {"counter": None, "key": self._key},
                     "buffer": _EMPTY, "buffer_pos": 4, "has_uint32": 0, "uinteger": 0}
            counter = state["state"]

            def draw() -> float:
                if not block:
                    counter["counter"] = _counter(name, blocks[0])
                    shared.state = state
                    blocks[0] += 1
                    block.extend(np.exp(sigma * normal(_BLOCK)).tolist())
                return block.pop()

        by_name[name] = draw
        return draw


def _one() -> float:
    return 1.0
