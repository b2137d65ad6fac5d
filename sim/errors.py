"""Errors a user can act on: ``FILE:LINE:COL: dotted.path: message``.

Bad input is never a traceback. Everything that reads user files raises
:class:`InputError` carrying one or more :class:`Problem` s, so that a planner who made
three mistakes sees all three at once, each pointing at its line. A problem with the
file as a whole (missing, unreadable, too large) has no line: it reads ``FILE: message``,
as compilers write it, not a made-up ``FILE``. A problem with a command-line option
names the command line as its file and the flag as its path:
``command line: --metric: unknown metric 'x'`` (:func:`option_problem`), said in the
reader's language like the message after it: ``命令行: --metric: …`` for a reader of
Chinese alone, ``命令行 · command line: --metric: …`` for both (the colons of this form
stay ASCII in every language, as a file's ``FILE:LINE:COL:`` do).
"""

from __future__ import annotations

import errno
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .characters import BIDI_CONTROLS
from .messages import Message, render, text


#: How much of a value from the input an error message repeats: enough to find it in the
#: file, not a whole pasted page (a 200,000-character value is not a message).
ECHO_CHARS = 40


def echoed(value: Any, quoted: bool = True, limit: int = ECHO_CHARS) -> str:
    """A value from the user's input as an error message repeats it (``'abc'``, or as
    written when not ``quoted``): its first ``limit`` characters, then "…"."""
    shown = repr(value) if quoted else str(value)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def dotted(path: tuple) -> str:
    """The path as a problem shows it (``severity_levels.0.id``); a key from the file is
    shortened as any value an error repeats. Here beside :class:`Problem` so that a check
    that names another place in the file (where an id was first given) names it the same way."""
    return ".".join(echoed(part, quoted=False) for part in path)


#: What a file's name may hold that a message must not repeat as it is: the control characters,
#: which a terminal obeys (ESC begins a colour or clears the screen, a carriage return
#: overwrites the line), and the invisible direction controls (:data:`sim.characters.BIDI_CONTROLS`).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")


def _printable_name(name: str) -> str:
    """A file's name as a message writes it: each control character as its escape
    (``\\x1b``, ``\\u202e``), so that a name made to move the cursor, colour the rest of the
    line or turn it round is read as the characters it holds; any other name as it is."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group(0))[1:-1], name)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file; ``line`` and ``col`` are 1-based (0 when unknown, or when
    the problem is the file's as a whole)."""

    file: str
    line: int
    col: int
    path: str
    message: Any  # a str, or a sim.messages.Message that knows both languages

    def __str__(self) -> str:
        return self.render("en")

    @property
    def where(self) -> str:
        """``FILE:LINE:COL``, ``FILE:LINE`` when the column is unknown, ``FILE`` alone for
        a problem with the whole file (or with the command line)."""
        name = _printable_name(self.file)
        if not self.line:
            return name
        return f"{name}:{self.line}:{self.col}" if self.col else f"{name}:{self.line}"

    def render(self, language: str) -> str:
        """The problem for a reader of ``language`` (``zh``, ``en`` or ``both``): the
        ``FILE:LINE:COL: path:`` part as it is (without the line and column it does not
        have), the message in that language."""
        where = self.where
        if self.file == COMMAND_LINE:
            where = text("error.command_line", language)  # "command line" is a word, not a file's name
        message = render(self.message, language)
        return f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}"


class InputError(Exception):
    """Raised with every problem found in the input; ``str()`` is one line per problem."""

    def __init__(self, problems: list[Problem]):
        # in the order of where each stands in its file; problems at one place (a form's
        # fields, a command line's options: no line) in the order they were found, which is
        # the order the form or the command lists its fields
        self.problems = sorted(problems, key=lambda problem: (problem.file, problem.line, problem.col))
        super().__init__("\n".join(str(p) for p in self.problems))

    def render(self, language: str) -> str:
        """One line per problem, each message in ``language``."""
        return "\n".join(p.render(language) for p in self.problems)


#: What problems with the command line's options name as their file.
COMMAND_LINE = "command line"
#: What a problem with a question asked of the plans (the ban check's activity, zone and
#: distance) names as its file; each face says the field as its reader gave it.
QUESTION = "input"


def option_problem(flag: str, message: str) -> Problem:
    """A problem with a command-line option: ``command line: --flag: message``."""
    return Problem(COMMAND_LINE, 0, 0, flag, message)


def named_field(problem: Problem, names: Mapping[str, str], source: str) -> str | None:
    """What a face calls the field a problem of ``source`` is about, from ``names`` (the
    field as ``source`` names it → as the face says it): the field's own name, else its
    head's with the rest as typed after it (``args.level`` → ``--arg level`` when ``args``
    is ``--arg``). None for a problem of another file (a scenario's ``name`` is not the
    drill's) or a field the face does not name."""
    if problem.file != source:
        return None
    if problem.path in names:
        return names[problem.path]
    head, dot, rest = problem.path.partition(".")
    return f"{names[head]} {rest}" if dot and head in names else None


def as_options(error: InputError, options: Mapping[str, str], source: str) -> InputError:
    """``error`` with each problem of ``source`` about a field the command line took as an
    option said as a problem of that option (``command line: --at: …``): the reader finds
    it by what they typed. Other problems (a file's, a field no option fills) stay as they are."""
    return InputError([option_problem(flag, p.message) if (flag := named_field(p, options, source)) else p
                       for p in error.problems])


#: What the operating system said, by its error number, in the catalogue's words: its own
#: text (``strerror``) is English whatever the reader chose.
_SYSTEM_SAYS = {
    errno.ENOENT: "os_error.not_found",
    errno.EACCES: "os_error.permission",
    errno.EPERM: "os_error.permission",
    errno.EISDIR: "os_error.is_directory",
    errno.ENOTDIR: "os_error.not_directory",
    errno.ENOSPC: "os_error.no_space",
    errno.EDQUOT: "os_error.no_space",
    errno.ENAMETOOLONG: "os_error.name_too_long",
    errno.ELOOP: "os_error.link_loop",
    errno.EROFS: "os_error.read_only",
    errno.ECONNREFUSED: "os_error.refused",
    errno.EHOSTUNREACH: "os_error.unreachable",
    errno.ENETUNREACH: "os_error.unreachable",
    errno.ETIMEDOUT: "os_error.timed_out",
    errno.ECONNRESET: "os_error.reset",
}


def system_reason(error: OSError | ValueError, writing: bool = False) -> Message:
    """Why the system refused to read or write a file, in the reader's language.

    ``writing`` says that the file was being written: then a missing name is its
    directory, since the file itself was to be made. A ``ValueError`` is a name the
    system cannot take at all (a NUL character). An error number without an entry is
    named by its number, never by the system's English text.
    """
    if not isinstance(error, OSError):
        return Message("os_error.bad_name")
    if isinstance(error, socket.gaierror):  # its numbers are the resolver's, not errno's
        return Message("os_error.unknown_host")
    number = error.errno
    if number is None and isinstance(error, TimeoutError):
        return Message("os_error.timed_out")
    if number == errno.ENOENT and writing:
        return Message("os_error.no_directory")
    key = _SYSTEM_SAYS.get(number)
    if key is not None:
        return Message(key)
    return Message("os_error.other", number=number) if number else Message("os_error.unknown")


def connection_reason(error: BaseException) -> Message:
    """Why a connection to a server failed, in the reader's language: the most specific
    system refusal among ``error`` and the errors it was raised from (a client library
    wraps "connection refused" in its own English "timed out trying to connect")."""
    seen: list[OSError] = []
    cause: BaseException | None = error
    while cause is not None and len(seen) < 16:
        if isinstance(cause, OSError):
            seen.append(cause)
        cause = cause.__cause__ or cause.__context__
    for candidate in reversed(seen):  # innermost first: the system's own word
        if isinstance(candidate, socket.gaierror) or candidate.errno in _SYSTEM_SAYS:
            return system_reason(candidate)
    return Message("os_error.timed_out") if any(isinstance(c, TimeoutError) for c in seen) else \
        Message("os_error.no_connection")
