"""Reading YAML so that every value remembers where it came from — for any bytes at all.

PyYAML's ``safe_load`` forgets positions and silently lets a repeated key overwrite the
first one — two things a planner editing a plan by hand cannot afford. Here the file is
*composed* into nodes with the safe loader and converted by hand:

* every mapping key and sequence item records its ``(line, col)`` under its path, so a
  validation error deep inside a plan can point at the right line;
* a repeated key is an error, reported at the second occurrence;
* mapping keys are always strings (``on:`` stays ``"on"``, not YAML 1.1's ``True``), and
  only ``true``/``false`` are booleans (``no`` stays ``"no"``);
* the input size, the nesting depth and the number of values (alias bombs) are bounded;
* a key typed with the full-width colon of a Chinese input method (``id： x``) is named as
  such, at that colon: where the parser stops a line or two after it, and where the line
  reads as a text that validation then refuses (:class:`Parsed`).

The loader is *total*: whatever the bytes, the result is data or an :class:`InputError`
(``FILE:LINE:COL: path: message``), never another exception. Control characters, bad
dates (``2023-02-30``), explicit tags that do not fit their value (``!!int abc``),
recursive aliases, nesting deeper than :data:`MAX_DEPTH` and files that are not regular
files (a named pipe, ``/dev/zero``: refused before anything is read) all end that way.

Lines are counted as editors count them: only ``\\n``, ``\\r\\n`` and ``\\r`` end a line.
YAML 1.1 also breaks lines at U+0085, U+2028 and U+2029, which editors show inside a
line, so positions are computed from each node's character offset, not from the
parser's own line count.

Composing uses libyaml's C parser when PyYAML was built with it (about ten times
faster on a long plan), with the same nodes and the same offsets. When the C parser
refuses a text, the pure-Python parser reads it again, so that the error a user sees
(its wording and position) is the same with or without libyaml.
"""

from __future__ import annotations

import os
import re
import stat
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..characters import BIDI_CONTROLS
from ..errors import InputError, Problem, dotted, echoed, system_reason
from ..messages import Message
from .yaml_words import FULL_WIDTH_REACH, full_width_colon, full_width_key, parser_said, syntax_detail, value_reason

#: Plans are hand-written text; anything larger is a mistake (or an attack).
MAX_BYTES = 2 * 1024 * 1024
#: Aliases can multiply a small file into a huge tree; this bounds the expansion.
MAX_NODES = 500_000
#: How deeply values may nest (the shipped plans nest about ten levels); a bound keeps
#: the recursive composer and converter far from Python's recursion limit.
MAX_DEPTH = 100

Path_ = tuple[str | int, ...]
Positions = dict[Path_, tuple[int, int]]
#: A text that starts with a key typed with the full-width colon: the colon's line and
#: column, and the key.
FullWidth = tuple[int, int, str]

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
#: The characters YAML does not allow in a stream (the same set as PyYAML's reader), and
#: those no text a person reads may hold (:data:`sim.characters.BIDI_CONTROLS`).
_NOT_ALLOWED = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|["
                          + "".join(sorted(BIDI_CONTROLS)) + "]")
_LINE_END = re.compile(r"\r\n?|\n")
#: libyaml's C loader when PyYAML was built with it; ``None`` reads with the pure-Python
#: loader only (the tests and the benchmark compare the two).
FAST_LOADER: type | None = getattr(yaml, "CSafeLoader", None)


def read_text(path: str | Path) -> str:
    """Read a user file as UTF-8, with every problem (size, encoding, kind of file, a name
    the system refuses) as an :class:`InputError` (:func:`read_bytes`)."""
    return decode(read_bytes(path), str(path))


def read_bytes(path: str | Path, directory: Message = Message("input.directory"),
               not_regular: Message = Message("input.not_regular")) -> bytes:
    """A user file's bytes, at most :data:`MAX_BYTES` (what the app's uploads take), with
    every problem as an :class:`InputError`: ``directory`` and ``not_regular`` say what was
    expected instead (a YAML file by default; a workbook for a drill's MSEL sheet).

    Only regular files are read: a named pipe would block for ever and a device such as
    ``/dev/zero`` never ends, so they are refused from their status, without reading.
    """
    name = str(path)
    try:
        with open(path, "rb", opener=_open_without_waiting) as file:
            info = os.fstat(file.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):
                raise InputError([Problem(name, 0, 0, "", not_regular)])
            if info.st_size > MAX_BYTES:
                raise InputError([_too_large(name, info.st_size)])
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError([Problem(name, 0, 0, "", Message("input.no_file"))]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, 0, 0, "", directory)]) from None
    except (OSError, ValueError) as error:  # ValueError: a name with a NUL character
        raise InputError([Problem(name, 0, 0, "", Message("input.unreadable", reason=system_reason(error)))]) from None
    if len(data) > MAX_BYTES:  # the file grew after its status was read
        raise InputError([_too_large(name, len(data))])
    return data


def _open_without_waiting(path: str, flags: int) -> int:
    """Open for reading without blocking on a named pipe that has no writer."""
    return os.open(path, flags | os.O_NONBLOCK)


def _too_large(name: str, size: int) -> Problem:
    return Problem(name, 0, 0, "", Message("input.file_too_large", size=f"{size:,}", limit=f"{MAX_BYTES:,}"))


def decode(data: bytes, name: str) -> str:
    """UTF-8 bytes (a file, an upload) as text with ``\\n`` line ends; not UTF-8 is an
    :class:`InputError` at the line and column of the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise InputError([Problem(name, line, col, "", Message("input.not_utf8", byte=error.start))]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_dir(path: str | Path) -> bool:
    """Whether ``path`` is a directory; ``False`` for a name the system refuses."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class Parsed:
    """A document's data, where each path of it starts, and the paths whose value (or key)
    is a plain text starting with a key typed with the full-width colon (``title:`` then
    ``  zh： 固阳…`` on the next line makes ``title`` that text): valid YAML, but where
    validation then refuses such a path, the colon is the reason to give."""

    data: Any
    positions: Positions
    full_width: dict[Path_, FullWidth] = field(default_factory=dict)

    def hinted(self, problems: list[Problem]) -> list[Problem]:
        """``problems`` with each one at a path of :attr:`full_width` pointing at its colon,
        and saying that a key's colon must be the half-width ":"."""
        spots = {dotted(path): spot for path, spot in self.full_width.items()}
        return [Problem(p.file, *spots[p.path][:2], p.path, full_width_colon(spots[p.path][2]))
                if p.path in spots else p for p in problems]


def parse(text: str, name: str) -> tuple[Any, Positions]:
    """Parse YAML text into plain Python data and a map from path to (line, col)."""
    parsed = read_yaml(text, name)
    return parsed.data, parsed.positions


def read_yaml(text: str, name: str) -> Parsed:
    """Parse YAML text into plain Python data, its positions and its keys typed with "：" (:class:`Parsed`)."""
    text = text.removeprefix("\ufeff")
    lines = _allowed(text, name)
    node, loader = _compose(text, name, lines)
    try:
        if node is None:
            raise InputError([Problem(name, 1, 1, "", Message("input.empty"))])
        converter = _Converter(name, loader, lines)
        data = converter.convert(node, ())
    finally:
        loader.dispose()
    if converter.problems:
        raise InputError(converter.problems)
    return Parsed(data, converter.positions, converter.full_width)


def compose(text: str, name: str) -> Any:
    """The document's node tree, for editing a file in place: each node knows where its
    value starts and ends in ``text`` (``start_mark.index``, ``end_mark.index``) and what
    it is (``id``: ``scalar``, ``sequence`` or ``mapping``); ``None`` for an empty text.
    A text :func:`parse` refuses for its bytes, size, depth or syntax is refused the same way."""
    node, loader = _compose(text, name, _allowed(text, name))
    loader.dispose()
    return node


def _allowed(text: str, name: str) -> _Lines:
    """The text's lines, once its size and characters are ones YAML and the loader take."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputError([Problem(name, 0, 0, "", Message("input.text_too_large", limit=f"{MAX_BYTES:,}"))])
    lines = _Lines(text)
    bad = _NOT_ALLOWED.search(text)
    if bad:
        raise InputError([Problem(name, *lines.at(bad.start()), "", _not_allowed(bad.group()))])
    return lines


def _not_allowed(char: str) -> Message:
    code = ord(char)
    if char in BIDI_CONTROLS:
        key = "input.direction_control"
    elif 0xD800 <= code <= 0xDFFF:
        key = "input.surrogate"
    elif code < 0x20 or 0x7F <= code < 0xA0:
        key = "input.control_character"
    else:
        key = "input.non_character"
    return Message(key, code=f"{code:04X}")


def _compose(text: str, name: str, lines: _Lines) -> tuple[yaml.Node | None, Any]:
    """The document's node tree and the loader that composed it (to construct scalars)."""
    if FAST_LOADER is not None:
        loader = None
        try:
            loader = FAST_LOADER(text)
            return loader.get_single_node(), loader
        except yaml.YAMLError:
            if loader is not None:
                loader.dispose()  # the pure-Python parser below says what is wrong, as it always has
    loader = _DepthLimitedLoader(text)
    try:
        return loader.get_single_node(), loader
    except _TooDeep as error:
        problem = Problem(name, *lines.at(error.mark.index), "", Message("input.too_deep", limit=MAX_DEPTH))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = lines.at(mark.index) if mark else (0, 0)
        detail = syntax_detail(error.context, error.problem)
        typed = _full_width_before(lines, line) if mark else None
        if typed is not None:  # the parser stops after it, where the text it began runs on
            line, col, key = typed
            detail = full_width_colon(key)
        problem = Problem(name, line, col, "", Message("input.syntax", detail=detail))
    except yaml.YAMLError as error:
        detail = parser_said(str(error))
        problem = Problem(name, 0, 0, "", Message("input.yaml_error", detail=detail))
    loader.dispose()
    raise InputError([problem])


def _full_width_before(lines: _Lines, line: int) -> FullWidth | None:
    """A key typed with the full-width colon on a syntax error's line or on one of the
    :data:`~sim.inputs.yaml_words.FULL_WIDTH_REACH` lines before it, the nearest first."""
    for number in range(line, max(line - FULL_WIDTH_REACH, 1) - 1, -1):
        found = full_width_key(lines.text(number))
        if found is not None:
            return number, found[0] + 1, found[1]
    return None


class _TooDeep(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark):
        super().__init__(f"values nest deeper than {MAX_DEPTH} levels")
        self.mark = mark


class _DepthLimitedLoader(yaml.SafeLoader):
    """The pure-Python safe loader, refusing to nest deeper than :data:`MAX_DEPTH`
    (its composer recurses, and would otherwise hit Python's recursion limit)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:  # the root is at depth 1 and path length 0
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Lines:
    """Character offsets to 1-based (line, column), counting lines as editors do."""

    def __init__(self, text: str):
        self.source = text
        self.starts = [0] + [match.end() for match in _LINE_END.finditer(text)]

    def text(self, line: int) -> str:
        """The text of a 1-based line, without its end."""
        if not 1 <= line <= len(self.starts):
            return ""
        end = self.starts[line] if line < len(self.starts) else len(self.source)
        return _LINE_END.sub("", self.source[self.starts[line - 1]:end])

    def at(self, index: int) -> tuple[int, int]:
        line = bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


class _Converter:
    def __init__(self, name: str, loader: Any, lines: _Lines):
        self.name = name
        self.loader = loader
        self.lines = lines
        self.positions: Positions = {}
        self.full_width: dict[Path_, FullWidth] = {}
        self.problems: list[Problem] = []
        self.nodes = 0
        self.open: set[int] = set()  # the collections being converted (an alias to one recurses)

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._refuse(node, path, Message("input.too_many_values", limit=f"{MAX_NODES:,}"))
        if len(path) > MAX_DEPTH:
            self._too_deep(node)
        if path not in self.positions:  # a mapping value has its key's position
            self.positions[path] = self.lines.at(node.start_mark.index)
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self.open:
                self._refuse(node, path, Message("input.recursive_alias"))
            self.open.add(id(node))
            try:
                return self._collection(node, path)
            finally:
                self.open.discard(id(node))
        if node.tag == _STR:
            self._full_width(node, path)
            return node.value  # most values: no constructor needed
        if node.tag == _BOOL:
            return _BOOLEANS.get(node.value, node.value)
        try:
            return self.loader.construct_object(node, deep=True)
        except Exception as error:  # noqa: BLE001 - any constructor's complaint is the value's problem
            reason = getattr(error, "problem", None) or str(error) or type(error).__name__
            message = Message("input.bad_value", value=echoed(node.value), reason=value_reason(reason))
            self._problem(node, path, message)
            return None

    def _collection(self, node: yaml.CollectionNode, path: Path_) -> Any:
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, path, Message("input.key_not_text"))
                continue
            key = key_node.value
            child = path + (key,)
            if len(child) > MAX_DEPTH:
                self._too_deep(key_node)  # where the pure-Python composer stops too
            if key in result:
                first = self.positions.get(child, (0, 0))
                self._problem(key_node, child, Message("input.duplicate_key", key=echoed(key), line=first[0]))
                continue
            self.positions[child] = self.lines.at(key_node.start_mark.index)
            self._full_width(key_node, child)
            result[key] = self.convert(value_node, child)
        return result

    def _full_width(self, node: yaml.ScalarNode, path: Path_) -> None:
        """Note a plain text that starts with a key typed with the full-width colon."""
        found = None if node.style else full_width_key(node.value)
        if found is not None:
            line, col = self.lines.at(node.start_mark.index + found[0])
            self.full_width[path] = (line, col, found[1])

    def _problem(self, node: yaml.Node, path: Path_, message: Message) -> None:
        self.problems.append(Problem(self.name, *self.lines.at(node.start_mark.index), dotted(path), message))

    def _too_deep(self, node: yaml.Node) -> None:
        raise InputError([Problem(self.name, *self.lines.at(node.start_mark.index), "",
                                  Message("input.too_deep", limit=MAX_DEPTH))])

    def _refuse(self, node: yaml.Node, path: Path_, message: Message) -> None:
        """Stop converting: the rest of the tree would repeat the same problem."""
        raise InputError([Problem(self.name, *self.lines.at(node.start_mark.index), dotted(path), message)])


@contextmanager
def pure_python() -> Iterator[bool]:
    """Parse with the pure-Python parser only while the block runs (the benchmark compares
    the two); yields whether libyaml's C parser is installed."""
    global FAST_LOADER
    fast = FAST_LOADER
    FAST_LOADER = None
    try:
        yield fast is not None
    finally:
        FAST_LOADER = fast


def position(positions: Positions, path: Path_) -> tuple[int, int]:
    """The position of ``path``, or of its nearest ancestor that has one."""
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return (0, 0)
