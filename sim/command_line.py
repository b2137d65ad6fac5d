"""The command line's parser: an option error reads ``command line:0:0: --flag: message``.

argparse answers a bad option with its usage and ``prog: error: ...``; every other
mistake a user makes is reported as ``FILE:LINE:COL: path: message`` (:mod:`sim.errors`),
so option errors are too, with the command line as the file and the flag as the path,
and exit status 2 (argparse's, and the project's for bad input). ``--help`` still shows
the usage, in both languages. Also here: the option types several commands share.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import NoReturn

from .errors import InputError, option_problem
from .messages import BOTH, Message, text

#: argparse's wording: "argument --runs: expected ...", "argument -r/--runs: ...".
_ARGUMENT = re.compile(r"^argument (?P<flag>[^:]+?): (?P<message>.*)$", re.S)
_REQUIRED = "the following arguments are required: "
_UNRECOGNIZED = "unrecognized arguments: "
_ONE_OF = re.compile(r"^one of the arguments (?P<flags>.+) is required$")


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are problems of the command line and whose own
    words (usage, the option headings, ``-h``) are in both languages, from the catalogue;
    every command's parser is one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = text("cli.positionals", BOTH)
        self._optionals.title = text("cli.options", BOTH)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=text("cli.help", BOTH))

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", text("cli.usage", BOTH) + " ", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", text("cli.usage", BOTH) + " ", 1)

    #: The whole command line being parsed (a command's parser sees only its own part).
    argv: list[str] = []

    def parse_args(self, args=None, namespace=None):
        Parser.argv = list(sys.argv[1:] if args is None else args)
        return super().parse_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        print(InputError(problems(message)).render(chosen_language(Parser.argv)), file=sys.stderr)
        sys.exit(2)


def chosen_language(argv: list[str]) -> str:
    """The ``--lang`` a command line asks for (its options are not parsed yet when one is wrong)."""
    for i, word in enumerate(argv):
        value = word.partition("=")[2] if word.startswith("--lang=") else argv[i + 1] if word == "--lang" and i + 1 < len(argv) else None
        if value in ("zh", "en", BOTH):
            return value
    return BOTH


#: Messages the option types below raise, by their English text: argparse passes an
#: option type's error on as plain text, and this finds its Chinese again.
_WORDED: dict[str, Message] = {}


def _worded(message: Message) -> argparse.ArgumentTypeError:
    _WORDED[str(message)] = message
    return argparse.ArgumentTypeError(str(message))


def problems(message: str) -> list:
    """argparse's error message as command-line problems, one per flag it names."""
    if message.startswith(_REQUIRED):
        return [option_problem(flag, Message("cli.required")) for flag in message[len(_REQUIRED):].split(", ")]
    if message.startswith(_UNRECOGNIZED):
        return [option_problem(word, Message("cli.not_an_option")) for word in message[len(_UNRECOGNIZED):].split()]
    match = _ONE_OF.match(message)
    if match:
        return [option_problem(match["flags"], Message("cli.one_of_required"))]
    match = _ARGUMENT.match(message)
    if match:
        return [option_problem(match["flag"].split("/")[-1], _WORDED.get(match["message"], match["message"]))]
    return [option_problem("", message)]


def count(minimum: int):
    """An option type: a whole number of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise _worded(Message("cli.whole_number", got=repr(text))) from None
        if value < minimum:
            raise _worded(Message("cli.at_least", minimum=minimum, got=value))
        return value

    return parse


def cores() -> int:
    """The cores this process may run on (a container's or a CPU set's share)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def workers(text: str) -> int:
    """An option type: a number of worker processes, 1 up to the machine's cores (more
    processes than cores only compete for them, and each one costs memory)."""
    value = count(1)(text)
    if value > cores():
        raise _worded(Message("cli.at_most_cores", cores=cores(), got=value))
    return value
