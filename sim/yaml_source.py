"""Reading YAML so that every value remembers where it came from.

PyYAML's ``safe_load`` forgets positions and silently lets a repeated key overwrite the
first one — two things a planner editing a plan by hand cannot afford. Here the file is
*composed* into nodes with the safe loader and converted by hand:

* every mapping key and sequence item records its ``(line, col)`` under its path, so a
  validation error deep inside a plan can point at the right line;
* a repeated key is an error, reported at the second occurrence;
* mapping keys are always strings (``on:`` stays ``"on"``, not YAML 1.1's ``True``), and
  only ``true``/``false`` are booleans (``no`` stays ``"no"``);
* the input size and the number of nodes (alias bombs) are bounded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem

#: Plans are hand-written text; anything larger is a mistake (or an attack).
MAX_BYTES = 2 * 1024 * 1024
#: Aliases can multiply a small file into a huge tree; this bounds the expansion.
MAX_NODES = 500_000

Path_ = tuple[str | int, ...]
Positions = dict[Path_, tuple[int, int]]

_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def read_text(path: str | Path) -> str:
    """Read a user file as UTF-8, with size and encoding problems as :class:`InputError`."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise InputError([Problem(name, 0, 0, "", f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")])
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(name, 0, 0, "", "no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, 0, 0, "", "is a directory, expected a YAML file")]) from None
    except UnicodeDecodeError as error:
        raise InputError([Problem(name, 0, 0, "", f"not UTF-8 text (byte {error.start})")]) from None
    except OSError as error:
        raise InputError([Problem(name, 0, 0, "", f"cannot read: {error.strerror}")]) from None


def parse(text: str, name: str) -> tuple[Any, Positions]:
    """Parse YAML text into plain Python data and a map from path to (line, col)."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError([Problem(name, 0, 0, "", f"input is larger than the limit of {MAX_BYTES:,} bytes")])
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        raise InputError([Problem(name, line, col, "", f"YAML syntax error: {message}")]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(name, 0, 0, "", f"YAML error: {error}")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError([Problem(name, 1, 1, "", "the file is empty")])
    converter = _Converter(name, loader)
    data = converter.convert(node, ())
    if converter.problems:
        raise InputError(converter.problems)
    return data, converter.positions


class _Converter:
    def __init__(self, name: str, loader: yaml.SafeLoader):
        self.name = name
        self.loader = loader
        self.positions: Positions = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            mark = node.start_mark
            raise InputError(
                [Problem(self.name, mark.line + 1, mark.column + 1, dotted(path),
                         f"more than {MAX_NODES:,} values (are aliases expanding?)")]
            )
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self._problem(key_node, path, "mapping keys must be plain text")
                    continue
                key = key_node.value
                child = path + (key,)
                if key in result:
                    first = self.positions.get(child, (0, 0))
                    self._problem(key_node, child, f"duplicate key {key!r} (first defined at line {first[0]})")
                    continue
                self.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.convert(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:bool":
            return _BOOLEANS.get(node.value, node.value)
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as error:
            self._problem(node, path, f"cannot read value {node.value!r}: {getattr(error, 'problem', error)}")
            return None

    def _problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.name, mark.line + 1, mark.column + 1, dotted(path), message))


def dotted(path: Path_) -> str:
    return ".".join(str(part) for part in path)


def position(positions: Positions, path: Path_) -> tuple[int, int]:
    """The position of ``path``, or of its nearest ancestor that has one."""
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return (0, 0)


