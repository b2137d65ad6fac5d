"""Errors a user can act on: ``FILE:LINE:COL: dotted.path: message``.

Bad input is never a traceback. Everything that reads user files raises
:class:`InputError` carrying one or more :class:`Problem` s, so that a planner who made
three mistakes sees all three at once, each pointing at its line. A problem with a
command-line option names the command line as its file and the flag as its path:
``command line:0:0: --metric: unknown metric 'x'`` (:func:`option_problem`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .messages import render


#: How much of a value from the input an error message repeats: enough to find it in the
#: file, not a whole pasted page (a 200,000-character value is not a message).
ECHO_CHARS = 40


def echoed(value: Any, quoted: bool = True, limit: int = ECHO_CHARS) -> str:
    """A value from the user's input as an error message repeats it (``'abc'``, or as
    written when not ``quoted``): its first ``limit`` characters, then "…"."""
    shown = repr(value) if quoted else str(value)
    return shown if len(shown) <= limit else shown[:limit] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file; ``line`` and ``col`` are 1-based (0 when unknown)."""

    file: str
    line: int
    col: int
    path: str
    message: Any  # a str, or a sim.messages.Message that knows both languages

    def __str__(self) -> str:
        return self.render("en")

    def render(self, language: str) -> str:
        """The problem for a reader of ``language`` (``zh``, ``en`` or ``both``): the
        ``FILE:LINE:COL: path:`` part as it is, the message in that language."""
        where = f"{self.file}:{self.line}:{self.col}"
        message = render(self.message, language)
        return f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}"


class InputError(Exception):
    """Raised with every problem found in the input; ``str()`` is one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def render(self, language: str) -> str:
        """One line per problem, each message in ``language``."""
        return "\n".join(p.render(language) for p in self.problems)


#: What problems with the command line's options name as their file.
COMMAND_LINE = "command line"


def option_problem(flag: str, message: str) -> Problem:
    """A problem with a command-line option: ``command line:0:0: --flag: message``."""
    return Problem(COMMAND_LINE, 0, 0, flag, message)
