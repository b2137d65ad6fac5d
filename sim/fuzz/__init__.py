"""Fuzzing the loader: the shipped YAML files, mutated, must load or fail as :class:`InputError`.

A user's file can hold any bytes — a paste from a PDF, a half-saved edit, a file cut short.
The loader promises data or ``FILE:LINE:COL: path: message`` for all of them, and this
package checks the promise by mutating the shipped plans, scenarios and areas and loading
each mutant as the commands and the app do (:func:`outcome`).

A mutant is a seed file plus a short list of :class:`Mutation` s, each a pure function of
its numbers, so the same list always gives the same bytes: the property test in the suite
lets hypothesis choose (and shrink) the lists, and the open-ended campaign
(``python -m sim.fuzz``) draws them from a seeded generator, input ``i`` from seed
``(seed, i)`` alone, so a crash found on any core is found again from its number.
"""

from __future__ import annotations

import random
import traceback
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
#: What a mutation inserts: characters YAML forbids or treats specially, odd line breaks,
#: YAML syntax, tags, anchors and aliases, values that overflow or do not exist.
TOKENS: tuple[bytes, ...] = tuple(
    token if isinstance(token, bytes) else token.encode("utf-8", "surrogatepass")
    for token in (
        "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\t", "\r", "\n", "\r\n",
        b"\xff", b"\xc3", b"\xe4\xb8", b"\xed\xa0\x80",
        "'", '"', ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "? ", "|", ">", "%", "@", "`", "#", "\\", "  ",
        "&a ", "*a", "&a [*a]", "*b", "<<: *a", "!!int ", "!!float ", "!!timestamp ", "!!binary ", "!!bool ",
        "!!map ", "!!seq ", "!!set ", "!!omap ", "!!python/object:os.system ", "!unknown ", "!<tag:x> ", "!!str ",
        "2023-02-30", "2023-13-01", "2023-01-01T24:00:00", "9999-12-31", "0000-01-01", "2023-01-01T00:00:00+99:00",
        "1e999", "-1e999", "-1", "0", "0.0", ".nan", ".inf", "-.inf", "99999999999999999999", "9" * 5000, "1:30",
        "0x", "0b2", "~", "null", "true", "no", "[]", "{}", "''", "%YAML 1.1\n", "---\n", "...\n", "%TAG ! tag:x\n",
    )
)
OPERATIONS = ("flip", "insert", "delete", "splice", "duplicate", "nest", "alias", "truncate")


@dataclass(frozen=True)
class Mutation:
    """One change to a file: ``operation`` at the place ``where`` (a fraction of the
    file, 0 to 1), with ``size`` (a count) and ``token`` (an index into :data:`TOKENS`)."""

    operation: str
    where: float
    size: int
    token: int

    def apply(self, data: bytes) -> bytes:
        at = int(self.where * len(data))
        lines = data.split(b"\n")
        line = int(self.where * len(lines))
        if self.operation == "flip":
            if not data:
                return data
            at = min(at, len(data) - 1)
            return data[:at] + bytes([data[at] ^ (1 << self.size % 8)]) + data[at + 1:]
        if self.operation == "insert":
            return data[:at] + TOKENS[self.token % len(TOKENS)] * (1 + self.size % 3) + data[at:]
        if self.operation == "delete":
            return data[:at] + data[at + 1 + self.size % 64:]
        if self.operation == "splice":  # a line from elsewhere in place of this one
            other = lines[self.token % len(lines)]
            return b"\n".join(lines[:line] + [other] + lines[line + 1:])
        if self.operation == "duplicate":
            return b"\n".join(lines[:line] + lines[line:line + 1] * (2 + self.size % 3) + lines[line:])
        if self.operation == "nest":  # a value wrapped in many brackets, or an indented block cut deep
            depth = 1 + self.size % 400
            if self.token % 2:
                return data[:at] + b"[" * depth + data[at:at + 8] + b"]" * depth + data[at + 8:]
            return data[:at] + b"".join(b"\n" + b" " * i + b"k:" for i in range(depth)) + b" 1\n" + data[at:]
        if self.operation == "alias":  # anchor a value, use it elsewhere (maybe inside itself)
            target = lines[line]
            colon = target.find(b": ")
            if colon < 0:
                return data
            anchored = target[:colon + 2] + b"&a " + target[colon + 2:]
            lines = lines[:line] + [anchored] + lines[line + 1:]
            use = self.token % len(lines)
            user = lines[use]
            colon = user.find(b": ")
            if colon >= 0:
                lines[use] = user[:colon + 2] + (b"[*a, *a]" if self.size % 2 else b"*a")
            return b"\n".join(lines)
        if self.operation == "truncate":
            return data[:at]
        raise ValueError(f"unknown mutation {self.operation!r}")


def mutate(data: bytes, mutations: list[Mutation]) -> bytes:
    for mutation in mutations:
        data = mutation.apply(data)
    return data


def draw(rng: random.Random) -> list[Mutation]:
    """One to four mutations, as the campaign draws them."""
    return [Mutation(rng.choice(OPERATIONS), rng.random(), rng.randrange(1 << 16), rng.randrange(1 << 16))
            for _ in range(rng.randint(1, 4))]


@dataclass(frozen=True)
class Seed:
    """A shipped file to mutate, with the kind of document it is."""

    path: Path
    kind: str

    @property
    def data(self) -> bytes:
        return _bytes(self.path)


@cache
def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def seeds(root: Path = ROOT) -> list[Seed]:
    """Every shipped plan, scenario and area, in a fixed order."""
    from ..inputs.layout import AREAS, PLANS_DIR, SCENARIOS, files_in

    plans = root / PLANS_DIR.name
    return ([Seed(p, "plan") for p in files_in(plans)]
            + [Seed(p, "scenario") for p in files_in(plans / SCENARIOS)]
            + [Seed(p, "area") for p in files_in(plans / AREAS)])


def outcome(data: bytes, seed: Seed) -> str | None:
    """Load a mutant as a user's file is loaded; ``None`` when it loaded or was refused
    with an :class:`InputError`, else the traceback of the crash.

    The bytes are decoded as an upload is, validated as the seed's kind (a document of
    another kind is refused as such), and a scenario is checked against the shipped
    plans and area as ``run`` checks it.
    """
    from ..inputs.documents import adapter
    from ..errors import InputError
    from ..inputs.loader import load_text
    from ..inputs.yaml_source import decode

    name = seed.path.name
    try:
        value = load_text(decode(data, name), name, adapter(seed.kind), seed.kind)
        if seed.kind == "scenario":
            from ..inputs.scenario import reference_problems

            plans, area = _shipped()
            reference_problems(value, plans, area)
    except InputError as error:
        str(error)  # the message itself must render
        return None
    except Exception:  # noqa: BLE001 - any other exception is what the fuzzer looks for
        return traceback.format_exc()
    return None


@cache
def _shipped() -> tuple[dict, object]:
    from ..inputs.loader import load_area
    from ..inputs.layout import AREAS_DIR, PLANS_DIR, files_in
    from ..inputs.loader import load_plans

    return load_plans([PLANS_DIR]), load_area(files_in(AREAS_DIR)[0])
