"""Errors a user can act on: ``FILE:LINE:COL: dotted.path: message``.

Bad input is never a traceback. Everything that reads user files raises
:class:`InputError` carrying one or more :class:`Problem` s, so that a planner who made
three mistakes sees all three at once, each pointing at its line. A problem with a
command-line option names the command line as its file and the flag as its path:
``command line:0:0: --metric: unknown metric 'x'`` (:func:`option_problem`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file; ``line`` and ``col`` are 1-based (0 when unknown)."""

    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InputError(Exception):
    """Raised with every problem found in the input; ``str()`` is one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


#: What problems with the command line's options name as their file.
COMMAND_LINE = "command line"


def option_problem(flag: str, message: str) -> Problem:
    """A problem with a command-line option: ``command line:0:0: --flag: message``."""
    return Problem(COMMAND_LINE, 0, 0, flag, message)
