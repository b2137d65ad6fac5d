"""The command line's parser: an option error reads ``command line: --flag: message``.

argparse answers a bad option with its usage and ``prog: error: ...``; every other
mistake a user makes is reported as ``FILE:LINE:COL: path: message`` (:mod:`sim.errors`),
so option errors are too, with the command line as the file and the flag as the path,
and exit status 2 (argparse's, and the project's for bad input); argparse's own sentences
("expected one argument", "invalid choice") are worded again from the catalogue. ``--help``
shows the usage and every option in Chinese and English, or in the one ``--lang`` picks:
commands give their help as catalogue messages, rendered when the help is printed. Also
here: the option types several commands share.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
from collections.abc import Mapping
from typing import NoReturn

from .bounds import MAX_REPLICATION, MAX_SEED
from .errors import ECHO_CHARS, InputError, as_options, echoed, option_problem
from .messages import BOTH, Message, render, shown, text, typed, wide

#: argparse's wording: "argument --runs: expected ...", "argument -r/--runs: ...".
_ARGUMENT = re.compile(r"^argument (?P<flag>[^:]+?): (?P<message>.*)$", re.S)
_REQUIRED = "the following arguments are required: "
_UNRECOGNIZED = "unrecognized arguments: "
_ONE_OF = re.compile(r"^one of the arguments (?P<flags>.+) is required$")
_AMBIGUOUS = re.compile(r"^ambiguous option: (?P<flag>\S+?)(=.*)? could match (?P<matches>.+)$", re.S)
#: argparse's own messages about one argument, worded again from the catalogue.
_ABOUT_ONE = [
    (re.compile(r"^invalid choice: (?P<got>.+) \(choose from (?P<choices>.*)\)$", re.S), "cli.invalid_choice"),
    (re.compile(r"^expected one argument$"), "cli.expected_one"),
    (re.compile(r"^expected at most one argument$"), "cli.expected_at_most_one"),
    (re.compile(r"^expected at least one argument$"), "cli.expected_at_least_one"),
    (re.compile(r"^expected (?P<n>\d+) arguments?$"), "cli.expected_n"),
    (re.compile(r"^invalid (?P<type>\w+) value: (?P<got>.+)$", re.S), "cli.invalid_value"),
    (re.compile(r"^not allowed with argument (?P<other>.+)$"), "cli.not_allowed_with"),
    (re.compile(r"^ignored explicit argument (?P<got>.+)$", re.S), "cli.ignored_argument"),
]
#: What argparse calls a value's type, in the reader's words.
_TYPES = {"int": "cli.type.int", "float": "cli.type.float"}


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are problems of the command line and whose own
    words (usage, the option headings, every option's help) come from the catalogue, in
    the language the command line asks for (``--lang``; both by default); every command's
    parser is one."""

    #: The whole command line being parsed (a command's parser sees only its own part).
    argv: list[str] = []
    #: The language its help and errors are shown in.
    language: str = BOTH

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=Message("cli.help"))

    def _get_formatter(self):
        self._positionals.title = text("cli.positionals", Parser.language)
        self._optionals.title = text("cli.options", Parser.language)
        return super()._get_formatter()

    def parse_args(self, args=None, namespace=None):
        Parser.argv = list(sys.argv[1:] if args is None else args)
        Parser.language = chosen_language(Parser.argv)
        return super().parse_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        _refuse(problems(message))

    def _check_value(self, action, value):
        """A value outside :class:`Named` choices is refused listing each choice by its name
        beside what is typed (``待整改（键入 open）``), as the option's help lists them:
        argparse would list the bare words alone."""
        names = action.choices
        if isinstance(names, Named) and value not in names:
            flag = next((o for o in action.option_strings if o.startswith("--")), None) or action.metavar or action.dest
            got = echoed(repr(value), quoted=False, limit=ECHO_CHARS + 2)
            _refuse([option_problem(flag, Message("cli.invalid_choice", got=got, choices=typed(names.items())))])
        super()._check_value(action, value)


class Named(dict):
    """An option's choices with the names people read: what is typed → its name (``{zh, en}``)."""


def _refuse(found: list) -> NoReturn:
    """Print the command line's problems in the parser's language and exit with status 2."""
    print(InputError(found).render(Parser.language), file=sys.stderr)
    sys.exit(2)


class HelpFormatter(argparse.HelpFormatter):
    """``--help`` in the parser's language: catalogue messages rendered, Chinese and English
    each on its own lines when both are shown, and lines wrapped by their width on screen
    (a Chinese character takes two columns, and may end a line anywhere)."""

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = _usage_word(Parser.language)
        super().add_usage(usage, actions, groups, prefix)

    def _format_usage(self, usage, actions, groups, prefix) -> str:
        # argparse measures the prefix in characters; "用法：" takes 6 columns, not 3
        extra = columns(prefix) - len(prefix)
        self._width -= extra
        try:
            text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += extra
        first, *rest = text.split("\n")
        return "\n".join([first, *(" " * extra + line if line.strip() else line for line in rest)])

    def format_help(self) -> str:
        help_text = super().format_help()
        if Parser.language != "zh":
            return help_text
        # argparse ends every section heading with an ASCII colon; Chinese takes the full-width one
        return _HEADING.sub(lambda m: m.group(1) + "：", help_text)

    def _get_help_string(self, action) -> str:
        return _in_language(action.help, "\n").replace("%", "%%")  # argparse fills %(name)s; we use none

    def _format_text(self, text) -> str:
        if callable(text):  # a table drawn for the language (e.g. sweep's columns), kept as it is
            return text(Parser.language) + "\n\n"
        return super()._format_text(_in_language(text, "\n\n"))

    def _split_lines(self, text: str, width: int) -> list[str]:
        return [line for part in text.split("\n") for line in wrap(part, width)]

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n\n".join("\n".join(indent + line for line in wrap(part, width - len(indent)))
                            for part in text.split("\n\n"))


def _usage_word(language: str) -> str:
    """What stands before a synopsis: ``用法：``, ``usage: ``; both: ``用法 · usage: ``."""
    return shown(Message("cli.usage"), language) + ("：" if language == "zh" else " ")


def _in_language(words, between: str) -> str:
    """A catalogue message in the parser's language; both as Chinese, ``between``, English."""
    if isinstance(words, Message) and Parser.language == BOTH:
        return f"{words.zh}{between}{words.en}"
    return render(words, Parser.language)


#: A section heading of ``--help``: a line of its own that ends in a colon after Chinese text.
_HEADING = re.compile(r"(?m)^(\s*[^\s].*[\u2e80-\uffef]):$")
#: Characters that may not begin a line (Chinese closing punctuation stays with its text).
_NO_LINE_START = set("，。、；：！？）》」』”’,.;:!?)")
#: Characters that may not end a line (Chinese opening punctuation goes on with its text).
_NO_LINE_END = set("（《「『“‘")
#: A short aside in full-width brackets (``（键入 warning_step）``) is one token: a line does not
#: break inside it.
_TOKENS = re.compile(r"（[^（）\n]{1,20}）|\s+|[\u2e80-\uffef]|[^\s\u2e80-\uffef]+")


def columns(word: str) -> int:
    """How many terminal columns ``word`` takes: two for a Chinese character, one for any
    other — a character of ambiguous East Asian width (the Roman numerals of Ⅱ级应急响应, ·,
    —, “”) included, as the system's own ``wcwidth`` counts it in every UTF-8 locale, Chinese
    ones too, and as terminals draw it unless set to draw such characters wide. Every table,
    wrap and usage line the command line writes measures its text here."""
    return sum(2 if wide(c) else 1 for c in word)


def pad(word: str, width: int) -> str:
    """``word`` left-aligned in ``width`` terminal columns, for plain-text tables."""
    return word + " " * max(0, width - columns(word))


def wrap(line: str, width: int) -> list[str]:
    """``line`` in lines of at most ``width`` columns, broken at spaces or between Chinese
    characters (textwrap counts characters, so Chinese lines came out twice too wide), and
    never between an opening bracket and what it opens, inside a short bracketed aside, nor
    before closing punctuation."""
    lines: list[str] = []
    current, used = "", 0
    for token in _TOKENS.findall(line):
        if token.isspace():
            if current:
                current, used = current + " ", used + 1
            continue
        size = columns(token)
        if current and used + size > width and token[0] not in _NO_LINE_START:
            carried = current[-1] if current[-1] in _NO_LINE_END and current[:-1].strip() else ""
            lines.append(current[:len(current) - len(carried)].rstrip())
            current, used = carried, columns(carried)
        current, used = current + token, used + size
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


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


def type_error(key: str, **values) -> argparse.ArgumentTypeError:
    """What an option type raises for a value it refuses: the catalogue's message ``key``."""
    return _worded(Message(key, **values))


def problems(message: str) -> list:
    """argparse's error message as command-line problems, one per flag it names, each
    worded from the catalogue."""
    if message.startswith(_REQUIRED):
        return [option_problem(flag, Message("cli.required")) for flag in message[len(_REQUIRED):].split(", ")]
    if message.startswith(_UNRECOGNIZED):
        return [option_problem(word, Message("cli.not_an_option")) for word in message[len(_UNRECOGNIZED):].split()]
    match = _ONE_OF.match(message)
    if match:
        return [option_problem(match["flags"], Message("cli.one_of_required"))]
    match = _AMBIGUOUS.match(message)
    if match:
        return [option_problem(match["flag"], Message("cli.ambiguous", matches=match["matches"]))]
    match = _ARGUMENT.match(message)
    if match:
        return [option_problem(match["flag"].split("/")[-1], _argument_message(match["message"]))]
    return [option_problem("", message)]


def refusals_as_options(parser: argparse.ArgumentParser, source: str, filled_by: Mapping[str, str] | None = None) -> None:
    """Make the refusals of ``source`` under ``parser``'s command name what was typed: a
    refusal of a field an option fills is said as a problem of that option (``command
    line: --zone: …``, ``command line: --arg level: …``, ``command line: INJECT: …``;
    :func:`sim.errors.as_options`), read off the parser's own options, so every command,
    and every option added later, is covered alike. A field is filled by the option of its
    own name (``distance_m`` by ``--distance-m``), or as ``filled_by`` says (field → the
    option's ``dest``)."""
    said_as = {action.dest: next((o for o in action.option_strings if o.startswith("--")), None)
               or action.metavar or action.dest for action in parser._actions if action.dest not in {"help", "lang"}}
    options = {field: said_as[dest] for field, dest in {**{d: d for d in said_as}, **(filled_by or {})}.items()
               if dest in said_as}
    run = parser.get_default("run")

    @functools.wraps(run)
    def named(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except InputError as error:
            raise as_options(error, options, source) from None

    parser.set_defaults(run=named)


def _argument_message(message: str) -> Message | str:
    """What argparse says of one argument, from the catalogue where it is one of its own
    sentences or an option type's (English kept only for a wording this does not know)."""
    if message in _WORDED:
        return _WORDED[message]
    for pattern, key in _ABOUT_ONE:
        match = pattern.match(message)
        if match:
            values = match.groupdict()
            if "got" in values:  # argparse quotes the value whole; a message repeats its start
                values["got"] = echoed(values["got"], quoted=False, limit=ECHO_CHARS + 2)
            if "type" in values:
                values["type"] = Message(_TYPES[values["type"]]) if values["type"] in _TYPES else values["type"]
            return Message(key, **values)
    return message


def count(minimum: int, below: str = "cli.at_least", maximum: int | None = None):
    """An option type: a whole number of at least ``minimum``; one below it is refused with the
    message ``below`` (given ``minimum`` and ``got``), one above ``maximum`` (when given: the
    bound of :mod:`sim.bounds` the count feeds) in the catalogue's "at most" words."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise _worded(Message("cli.whole_number", got=echoed(text))) from None
        if value < minimum:
            raise _worded(Message(below, minimum=minimum, got=echoed(text, quoted=False)))
        if maximum is not None and value > maximum:
            raise _worded(Message("cli.at_most", maximum=f"{maximum:,}", got=echoed(text, quoted=False)))
        return value

    return parse


def refuse_suffix(path: str, suffixes: tuple[str, ...], flag: str = "--out") -> None:
    """Refuse a file to write whose name does not end in one of ``suffixes`` (any case),
    before anything is run or written: a file named for another kind (a workbook called
    ``x.md``, rows called ``rows.txt``) opens in the wrong program, or in none."""
    if os.path.splitext(path)[1].lower() not in suffixes:
        raise InputError([option_problem(flag, Message("output.suffix", path=repr(str(path)),
                                                       suffixes=" / ".join(suffixes)))])


#: An option type: a random seed. Every command that takes one reads it here, so a wrong seed
#: is refused in the same words everywhere, and up to the bound the pages keep too.
random_seed = count(0, below="cli.seed_negative", maximum=MAX_SEED)
#: An option type: which replication (row of a sweep) a command runs, up to the bound the pages keep too.
replication = count(0, maximum=MAX_REPLICATION)


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
