"""The command line: ``python -m sim COMMAND ...``.

Each command lives in its own module under :mod:`sim.commands` and exposes
``register(subparsers)``, which adds its parser and sets ``run`` (a function taking the
parsed arguments and returning the exit status). Commands import their heavy
dependencies inside ``run`` so that ``--help`` and ``validate`` stay fast.

Messages are printed in both languages, Chinese first, or in one with ``--lang zh|en``
(anywhere: before or after the command, or after a drill verb); so is ``--help``, every option's description included
(the words live in the catalogue, :mod:`sim.messages`).

Exit status: 0 success, 1 a check found problems (``lint``, ``coverage``; ``check`` when prohibited is
not an error), 2 bad input (unreadable or invalid files, bad flags). A user never sees
a traceback for bad input: :class:`sim.errors.InputError` is printed as
``FILE:LINE:COL: path: message`` lines.

Output piped into a reader that stops early (``| head``) ends the command quietly with
status 1, as Python's documentation recommends for a closed stdout: the rest of the
output has nowhere to go, and that is not the user's mistake.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from . import commands
from .command_line import Parser
from .errors import InputError
from .messages import BOTH, Message


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m sim", description=Message("cli.description"))
    _language_option(parser, default=BOTH)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{info.name}").register(sub)
    for command in _below(parser):
        if not any("--lang" in action.option_strings for action in command._actions):
            _language_option(command, default=argparse.SUPPRESS)  # before or after the command
    return parser


def _below(parser: argparse.ArgumentParser):
    """Every command's parser and every parser under it (a drill verb): each takes ``--lang``,
    so it may stand anywhere on the command line. Its default is the program's (a verb's own
    default would override what was given before the verb)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield child
                yield from _below(child)


def _language_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--lang", choices=("zh", "en", BOTH), default=default,
                        help=Message("cli.lang"))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status = int(args.run(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return status
    except InputError as error:
        print(error.render(getattr(args, "lang", BOTH)), file=sys.stderr)
        return 2
    except BrokenPipeError:
        _discard_stdout()
        return 1
    except KeyboardInterrupt:
        return 130


def _discard_stdout() -> None:
    """Point stdout at the null device, so that the final flush at exit cannot fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a file (a test's capture): nothing will be flushed to a pipe
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
