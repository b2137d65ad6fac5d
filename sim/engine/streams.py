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
import threading
from functools import lru_cache

import numpy as np
from numpy.random.bit_generator import ISeedSequence

#: Multipliers drawn at a time; a scalar numpy call costs more than the arithmetic.
_BLOCK = 32
#: An empty Philox output buffer. The state setter reads the words of the counter, the
#: key and the buffer one by one, so plain ints serve and cost less than array items.
_EMPTY = (0, 0, 0, 0)
_multiply, _exp = np.multiply, np.exp


@lru_cache(maxsize=4096)
def _origin(name: str) -> int:
    """Where stream ``name`` starts in the counter space."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") << 128


def _counter(name: str, block: int) -> int:
    """The counter where block ``block`` of stream ``name`` starts."""
    return _origin(name) + (block << 64)


def _counter_words(name: str, block: int) -> tuple[int, int, int, int]:
    """:func:`_counter` as its four 64-bit words, lowest first (as Philox's state has it):
    the origin fills the third word alone, the block number the second."""
    return (0, block, _word(name), 0)


@lru_cache(maxsize=4096)
def _word(name: str) -> int:
    """The word of the counter that stream ``name``'s origin fills (see :func:`_counter_words`)."""
    return _origin(name) >> 128


class _Key(ISeedSequence):
    """A run's Philox key, handed to a new bit generator as its seed sequence would hand it.

    ``Philox(key=...)`` first builds a seed sequence from fresh OS entropy only to throw
    it away; a run makes a few generators, and that entropy would cost more than the
    generators themselves. Any object with ``generate_state`` serves as a seed sequence
    (numpy's ``ISeedSequence``), and Philox takes its key from it.
    """

    __slots__ = ("key",)

    def __init__(self, key: np.ndarray):
        self.key = key

    def generate_state(self, n_words: int, dtype=np.uint32) -> np.ndarray:
        if n_words != 2 or np.dtype(dtype) != np.uint64:
            raise ValueError("a run's key is two 64-bit words")
        return self.key.copy()


#: numpy's SeedSequence constants (bit_generator.pyx), for :func:`_seed_key`.
_M32 = 0xFFFFFFFF
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715


def _hash_constants(first: int, multiplier: int, count: int) -> tuple[int, ...]:
    """The successive values of SeedSequence's hash constant: it starts at ``first`` and is
    multiplied by ``multiplier`` at each use, whatever the data — so it is worked out once."""
    values = [first]
    for _ in range(count):
        values.append((values[-1] * multiplier) & _M32)
    return tuple(values)


#: the mixing's constants, in the order it uses them: (value xored, value multiplied) of
#: each of the four words of the pool, then of each of the twelve mixes (source, destination)
_MIX_A = _hash_constants(_INIT_A, _MULT_A, 16)
_POOL_MIX = tuple((_MIX_A[i], _MIX_A[i + 1]) for i in range(4))
_CROSS_MIX = tuple((src, dst, _MIX_A[k], _MIX_A[k + 1]) for k, (src, dst) in
                   enumerate(((s, d) for s in range(4) for d in range(4) if s != d), start=4))
_OUT_MIX = tuple(zip(_hash_constants(_INIT_B, _MULT_B, 4), _hash_constants(_INIT_B, _MULT_B, 4)[1:]))


def _seed_key(seed: int) -> tuple[int, int]:
    """``numpy.random.SeedSequence(seed).generate_state(2, numpy.uint64)``, as two ints:
    the key ``Philox(SeedSequence(seed))`` takes, by numpy's documented algorithm (pool of
    four 32-bit words, hash-mixed; tests/test_engine_streams.py checks it against numpy).

    Every replication has its own seed, and numpy's SeedSequence, cold in the cache
    after a replication's work, cost more than a hundred microseconds per run. The hash
    constant's values do not depend on the seed, so they are taken from tables. The
    shared generator's state takes the key as ints; an array of it is made only for a
    stream's own generator (:meth:`Streams.generator`), which few runs have.
    """
    if seed < 0:
        raise ValueError("expected non-negative integer")
    words = []
    n = seed
    while True:
        words.append(n & _M32)
        n >>= 32
        if not n:
            break
    pool = []
    for i, (xor, times) in enumerate(_POOL_MIX):
        v = (((words[i] if i < len(words) else 0) ^ xor) * times) & _M32
        pool.append(v ^ (v >> 16))
    for src, dst, xor, times in _CROSS_MIX:
        v = ((pool[src] ^ xor) * times) & _M32
        r = (_MIX_L * pool[dst] - _MIX_R * (v ^ (v >> 16))) & _M32
        pool[dst] = r ^ (r >> 16)
    h = _MIX_A[-1]
    for word in words[4:]:  # a seed of more than 128 bits
        for dst in range(4):
            v = word ^ h
            h = (h * _MULT_A) & _M32
            v = (v * h) & _M32
            r = (_MIX_L * pool[dst] - _MIX_R * (v ^ (v >> 16))) & _M32
            pool[dst] = r ^ (r >> 16)
    out = []
    for word, (xor, times) in zip(pool, _OUT_MIX):
        v = ((word ^ xor) * times) & _M32
        out.append(v ^ (v >> 16))
    return out[0] | out[1] << 32, out[2] | out[3] << 32


_LOCAL = threading.local()


def _shared_normal():
    """This thread's Philox, its standard normal draw, a block's buffer and its uniform
    draw: every draw sets the generator's whole state first, so one serves every run of
    the thread, and a block is copied out of the buffer as a list at once."""
    normal = getattr(_LOCAL, "normal", None)
    if normal is None:
        bit_generator = np.random.Philox(_Key(np.zeros(2, dtype=np.uint64)))
        generator = np.random.Generator(bit_generator)
        normal = _LOCAL.normal = (bit_generator, generator.standard_normal, np.empty(_BLOCK), generator.random)
    return normal


@lru_cache(maxsize=256)
def _sigmas(sigma: float) -> np.ndarray:
    """A block's worth of ``sigma``: numpy multiplies an array by an array of the same
    shape faster than by a Python float, which it must first convert (the product is
    the same)."""
    array = np.full(_BLOCK, sigma)
    array.flags.writeable = False
    return array


class Streams:
    def __init__(self, seed: int):
        self.seed = int(seed)
        self._key = _seed_key(self.seed)
        #: the shared generator's state at the start of a block or of a stream's uniforms (the
        #: counter set before each draw)
        self._state = {"bit_generator": "Philox", "state": {"counter": None, "key": self._key},
                       "buffer": _EMPTY, "buffer_pos": 4, "has_uint32": 0, "uinteger": 0}
        self._generators: dict[str, np.random.Generator] = {}
        self._key_array: np.ndarray | None = None  # the key as numpy takes it, made for the first generator()
        self._uniforms: dict[str, int] = {}  # how many uniforms() drew of each stream so far
        self._multipliers: dict[float, _ByName] = {}  # by sigma, then stream

    def generator(self, name: str) -> np.random.Generator:
        """The numpy Generator of stream ``name`` (for sources that draw arrays)."""
        rng = self._generators.get(name)
        if rng is None:
            if self._key_array is None:
                self._key_array = np.array(self._key, dtype=np.uint64)
            rng = np.random.Generator(np.random.Philox(_Key(self._key_array), counter=_counter(name, 0)))
            self._generators[name] = rng
        return rng

    def uniforms(self, name: str, count: int) -> list[float]:
        """The next ``count`` uniform draws in [0, 1) of stream ``name``: what
        ``generator(name).random(count)`` gives, drawn on the thread's shared generator
        (a run draws a handful of these, and a generator of its own costs more to make
        than the draws). A stream is drawn through this or through :meth:`generator`,
        not both.

        A stream drawn again is drawn from its start, what was drawn before skipped (each
        uniform takes the same bits whatever the count): a run draws a stream once or
        twice, and reading the generator's state back after each draw would cost more."""
        bit_generator, _, _, random = _shared_normal()
        before = self._uniforms.get(name, 0)
        self._uniforms[name] = before + count
        self._state["state"]["counter"] = _counter_words(name, 0)
        bit_generator.state = self._state
        return random(before + count)[before:].tolist()

    def factor(self, name: str, sigma: float) -> float:
        """The next multiplier of stream ``name`` (see :meth:`multipliers`)."""
        return self.multipliers(name, sigma).next()

    def multipliers(self, name: str, sigma: float) -> Multipliers:
        """The successive lognormal multipliers (median 1) of stream ``name``, one
        sequence per stream and sigma: ``next()`` gives the next one, exactly 1 without
        drawing anything when ``sigma`` is 0."""
        return self.factors(sigma)[name]

    def factors(self, sigma: float) -> _ByName:
        """Stream name → :meth:`multipliers` of that stream for ``sigma``: a dict for
        whoever looks streams up often (every duty that starts)."""
        found = self._multipliers.get(sigma)
        if found is None:
            found = self._multipliers[sigma] = _ByName(self._state, sigma)
        return found

    def prefetch(self, names, sigma: float) -> None:
        """Draw now, in one go, the next block of each stream in ``names`` that has no
        multiplier left. A block depends only on its stream and its number, not on when it
        is drawn, so this changes no number; it saves numpy calls when many streams start
        at once (a response begins, and with it a hundred duties of thirty units), and a
        numpy call on its own, late in a run, costs several times one among many.
        """
        if sigma == 0:
            return
        by_name = self.factors(sigma)
        empty: dict[str, Multipliers] = {}
        for name in names:
            found = by_name[name]
            if not found:
                empty[name] = found
        if len(empty) > 1:
            _draw(self._state, list(empty.values()), sigma)



class Multipliers(list):
    """One stream's multipliers, drawn in blocks and handed out from the block's end.

    The list itself holds what is left of the block. A plain object rather than a
    closure, and the list rather than an object holding one: a run keeps one per unit,
    and every object more is one more for the garbage collector to walk. It keeps the
    run's block state (key and counter), not the Streams, so that no cycle ties them.
    """

    __slots__ = ("_state", "_word", "_sigma", "_blocks")

    def __init__(self, state: dict, name: str, sigma: float):
        # empty as made: a run makes thirty of these, and list.__init__ would only empty it again
        self._state = state
        self._word = _word(name)  # the stream's word of the counter
        self._sigma = sigma
        self._blocks = 0

    def next(self) -> float:
        if self:
            return self.pop()
        if self._sigma == 0:
            return 1.0
        # Block k of the stream: the shared generator set to the stream's k-th counter.
        state = self._state
        state["state"]["counter"] = (0, self._blocks, self._word, 0)  # _counter_words, at hand
        bit_generator, normal, block, _ = _shared_normal()
        bit_generator.state = state
        normal(out=block)
        _multiply(block, _sigmas(self._sigma), out=block)
        _exp(block, out=block)
        self.extend(block.tolist())
        self._blocks += 1
        return self.pop()


class _ByName(dict):
    """Stream name → its :class:`Multipliers` for one sigma, made when first looked up."""

    __slots__ = ("_state", "_sigma")

    def __init__(self, state: dict, sigma: float):
        super().__init__()
        self._state = state
        self._sigma = sigma

    def __missing__(self, name: str) -> Multipliers:
        found = self[name] = Multipliers(self._state, name, self._sigma)
        return found


def _draw(state: dict, streams: list[Multipliers], sigma: float) -> None:
    """The next block of each of ``streams`` (all of ``sigma``, each with none left), as
    :meth:`Multipliers.next` draws them one by one, the scaling and the exponential done
    for all rows at once."""
    bit_generator, normal, _, _ = _shared_normal()
    z = np.empty((len(streams), _BLOCK))
    counter = state["state"]
    for found, row in zip(streams, z):
        counter["counter"] = (0, found._blocks, found._word, 0)
        bit_generator.state = state
        normal(out=row)
        found._blocks += 1
    _multiply(z, _sigmas(sigma), out=z)
    _exp(z, out=z)
    for found, block in zip(streams, z.tolist()):
        found.extend(block)
