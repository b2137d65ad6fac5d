"""Loading user files into validated models, with every error pointing at its line.

The pipeline is: read (size-limited, UTF-8) → parse YAML keeping positions
(:mod:`sim.inputs.yaml_source`) → validate with pydantic (all errors at once) → check the
file's internal cross-references (:mod:`sim.references` for plans, the model's own
``reference_problems()`` for scenarios and areas). Each failure becomes a
:class:`~sim.errors.Problem` ``FILE:LINE:COL: dotted.path: message``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import InputError, Problem, echoed
from ..messages import Message
from ..plan import PLAN_ADAPTER, BanNotice, ResponsePlan
from ..references import plan_reference_problems
from ..validation_text import validation_message
from .area import Area
from .documents import mismatch
from .scenario import Scenario
from .yaml_source import Positions, dotted, is_dir, parse, position, read_text, read_yaml

AnyPlan = ResponsePlan | BanNotice


def load_model(path: str | Path, model: type[BaseModel] | TypeAdapter, kind: str | None = None) -> Any:
    """Load and validate a YAML file as ``model`` (a model class or a TypeAdapter).

    With ``kind`` (``"plan"``, ``"scenario"``, ``"area"``), a file that is plainly
    another kind of document is refused as such ("this is a plan, not a scenario")
    instead of with a list of keys the model does not know.
    """
    return load_text(read_text(path), str(path), model, kind)


def load_text(text: str, name: str, model: type[BaseModel] | TypeAdapter, kind: str | None = None) -> Any:
    """Validate YAML text (an upload, an editor's buffer) as ``model``; ``name`` labels errors."""
    return _validate(text, name, model, kind)[0]


def _validate(text: str, name: str, model: type[BaseModel] | TypeAdapter,
              kind: str | None = None) -> tuple[Any, Positions]:
    """The model's value and the positions, or an :class:`InputError`: where a refused value
    is a line typed ``key： value`` (read as a text), the error points at that colon and says so."""
    parsed = read_yaml(text, name)
    try:
        return _validated(parsed.data, parsed.positions, name, model, kind)
    except InputError as error:
        raise InputError(parsed.hinted(error.problems)) from None


def _validated(data: Any, positions: Positions, name: str, model: type[BaseModel] | TypeAdapter,
               kind: str | None) -> tuple[Any, Positions]:
    if kind is not None:
        wrong = mismatch(data, kind, name, positions)
        if wrong is not None:
            raise wrong
    adapter = model if isinstance(model, TypeAdapter) else _adapter(model)
    try:
        value = adapter.validate_python(data)
    except ValidationError as error:
        raise InputError(_pydantic_problems(error, data, positions, name, adapter.core_schema)) from None
    _no_numbers_in_quotes(adapter, data, positions, name)
    findings = _internal_problems(value)
    if findings:
        raise InputError([Problem(name, *position(positions, path), dotted(path), message) for path, message in findings])
    return value, positions


#: The errors of strict validation that say a number was written as text (``min: "10"``).
_QUOTED_NUMBER = frozenset({"float_type", "int_type"})


def _no_numbers_in_quotes(adapter: TypeAdapter, data: Any, positions: Positions, name: str) -> None:
    """A number written in quotes (``min: "10"``) is refused, though pydantic would read it:
    a quoted value is text to YAML and to every editor that checks a file against the
    schema, so a threshold typed as text is a mistake to show, not to mend. Only numbers
    are held to this; a date may be written in quotes or not (YAML reads both)."""
    try:
        adapter.validate_python(data, strict=True)
    except ValidationError as error:
        quoted = [item for item in error.errors(include_url=False)
                  if item["type"] in _QUOTED_NUMBER and isinstance(item.get("input"), str)]
        if quoted:
            raise InputError(_pydantic_problems(quoted, data, positions, name, adapter.core_schema,
                                                lambda item: Message("input.quoted_number", got=echoed(item["input"]))))


@cache
def _adapter(model: type[BaseModel]) -> TypeAdapter:
    """One validator per model: building one walks the whole schema."""
    return TypeAdapter(model)


def _internal_problems(value: Any) -> list[tuple[tuple, str]]:
    """The ids a file mentions but does not define: a plan's by :mod:`sim.references` (the
    plan models do not import their checks), a scenario's or an area's by its model."""
    if isinstance(value, (ResponsePlan, BanNotice)):
        return plan_reference_problems(value)
    check = getattr(value, "reference_problems", None)
    return check() if check is not None else []


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file, including its internal references."""
    return load_model(path, Scenario, "scenario")


def load_area(path: str | Path) -> Area:
    """Load and validate an area file, including its internal references."""
    return load_model(path, Area, "area")


def load_document(path: str | Path, kind: str) -> Any:
    """A file of a known kind (``plan``, ``scenario`` or ``area``), validated as that kind."""
    return {"plan": load_plan, "scenario": load_scenario, "area": load_area}[kind](path)


def locate(findings: list[tuple[tuple, str]], path: str | Path, text: str | None = None) -> InputError:
    """Turn ``(path, message)`` findings about a file (or about ``text``, its edited
    contents) into an :class:`InputError` with positions.

    For checks that need more than the file itself (a scenario against its plans and
    area, a plan's lint), which therefore run after loading.
    """
    name = str(path)
    try:
        _, positions = parse(read_text(path) if text is None else text, name)
    except InputError:
        positions = {}
    return InputError([Problem(name, *position(positions, p), dotted(p), message) for p, message in findings])


def load_plan(path: str | Path, require_stem: bool = True) -> AnyPlan:
    """Load one plan file; with ``require_stem``, its ``id`` must equal the file stem.

    The stem rule matters where a plan is found by its id — the plans directory beside
    a scenario, whose plan ids are resolved to ``<id>.yaml`` there, and a directory
    of plans being validated. A file named on its own (a planner's edited copy) may
    have any name, so commands pass ``require_stem=False`` for it.
    """
    return load_plan_text(read_text(path), str(path), require_stem)


def load_plan_text(text: str, name: str, require_stem: bool = True) -> AnyPlan:
    """:func:`load_plan` of a plan's text; ``name`` is its file's name (for the stem rule)."""
    plan, positions = _validate(text, name, PLAN_ADAPTER, "plan")
    stem = Path(name).stem
    if require_stem and plan.id != stem:
        raise InputError(
            [Problem(name, *position(positions, ("id",)), "id",
                     Message("input.id_not_stem", id=repr(plan.id), stem=repr(stem)))]
        )
    return plan


def expand(paths: Iterable[str | Path], allow_empty: bool = True) -> list[tuple[Path, bool]]:
    """Files named on the command line, with directories expanded to the ``*.yaml`` directly
    inside them (sorted); each with whether it came from a directory (where plans are
    found by id, so a plan's id must equal its file name).

    Without ``allow_empty``, a directory with no ``*.yaml`` is an error: a command that
    checks files must not report "0 files valid" for a mistyped directory.
    """
    files: list[tuple[Path, bool]] = []
    empty: list[Problem] = []
    for entry in map(Path, paths):
        if is_dir(entry):
            found = sorted(entry.glob("*.yaml"))
            files.extend((file, True) for file in found)
            if not found and not allow_empty:
                empty.append(Problem(str(entry), 0, 0, "", Message("input.no_yaml_here")))
        else:
            files.append((entry, False))
    if empty:
        raise InputError(empty)
    return files


def plan_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories to the ``*.yaml`` plan files directly inside them (sorted)."""
    return [file for file, _ in expand(paths)]


def load_plans(paths: Iterable[str | Path], skip_kinds: Collection[str] = ()) -> dict[str, AnyPlan]:
    """Load many plans (files or directories), reporting every file's problems together.

    A file that declares one of ``skip_kinds`` (its ``kind:``) is passed over before it
    is validated, so a half-edited plan of another kind cannot stop anyone checking the
    plans asked for; a file of no recognisable kind is loaded, so its mistakes show."""
    plans: dict[str, AnyPlan] = {}
    problems: list[Problem] = []
    for file, in_directory in expand(paths):
        if skip_kinds and _declared_kind(file) in skip_kinds:
            continue
        try:
            plan = load_plan(file, require_stem=in_directory)
        except InputError as error:
            problems.extend(error.problems)
            continue
        if plan.id in plans:
            problems.append(Problem(str(file), 0, 0, "id", Message("input.loaded_twice", id=repr(plan.id))))
        plans[plan.id] = plan
    if problems:
        raise InputError(problems)
    return plans


def _declared_kind(path: Path) -> str | None:
    """The ``kind:`` a plan file declares, if it says one (a file that does not parse says
    none: loading it reports why)."""
    try:
        data, _ = parse(read_text(path), str(path))
    except InputError:
        return None
    kind = data.get("kind") if isinstance(data, dict) else None
    return kind if isinstance(kind, str) else None


def _pydantic_problems(error: ValidationError | list[dict], data: Any, positions: Positions, name: str,
                       schema: Mapping[str, Any], said: Callable[[dict], Any] = validation_message) -> list[Problem]:
    found = []
    for item in error if isinstance(error, list) else error.errors(include_url=False):
        loc = item["loc"]
        if item["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = loc + (item["ctx"]["discriminator"].strip("'"),)  # point at the `kind:` line
        found.append((_data_path(loc, data, schema), item))
    numbers = {path for path, item in found if item["type"] in _NUMBER_ERRORS}
    told = {path for path, item in found if not _text_for_a_number(item, numbers, path)}
    problems = []
    for path, item in found:
        if _text_for_a_number(item, numbers, path) and path in told:
            continue
        line, col = position(positions, path)
        problems.append(Problem(name, line, col, dotted(path), said(item)))
    return problems


#: What pydantic says of a value that is not the number it should be.
_NUMBER_ERRORS = ("float_type", "float_parsing", "int_type", "int_parsing", "finite_number")


def _text_for_a_number(item: Mapping[str, Any], numbers: Collection[tuple], path: tuple) -> bool:
    """Whether an error says "should be text" of a value that may be a number or an id (a
    figure: ``1.5`` or ``county``) where the number's own error says what is wrong with it:
    the value is written as a number (``.inf``: not a finite number), or it is neither number
    nor text (a list, a mapping) and is told it should be a number. "Should be text" beside
    it would contradict it or say it twice, so it is left out where another error of the same
    value is told; a value where only text is taken is still told it should be text."""
    if item["type"] != "string_type":
        return False
    value = item.get("input")
    return isinstance(value, (int, float)) and not isinstance(value, bool) or path in numbers


#: Core-schema steps that add nothing to an error's location.
_WRAPPERS = ("model", "default", "nullable", "function-after", "function-before", "function-wrap")
_SEQUENCES = ("list", "tuple", "set", "frozenset")


def _data_path(loc: tuple, data: Any, schema: Mapping[str, Any] | None) -> tuple:
    """Map a pydantic error location onto the keys and indexes of the data.

    A location is not a data path: a discriminated union adds its member's tag
    (``kind: fault`` adds ``'fault'``, a criterion adds ``'metric'``, ``'any_of'``, …)
    and a plain union its member's name (``'float'``). A tag may even equal a key of the
    same mapping (a metric criterion's tag ``metric`` beside its ``metric:`` key, an
    incident inject's tag ``incident``), so guessing from the data points at the wrong
    key. The location is therefore read alongside the validator's core schema, which
    says at each step whether the next part is a field, an index, a dict key or a tag.
    Past a plain union (of scalars) the rest is matched against the data.
    """
    definitions: dict[str, Any] = {}
    path: list = []
    node = data
    for i, part in enumerate(loc):
        schema = _resolve(schema, definitions)
        kind = schema.get("type") if schema is not None else None
        if kind == "tagged-union" and part in schema["choices"]:
            schema = schema["choices"][part]
            continue
        if kind == "model-fields" and isinstance(part, str):
            schema = _field(schema, part)  # None for an unknown key
        elif kind in _SEQUENCES and isinstance(part, int):
            schema = schema.get("items_schema")
        elif kind == "dict" and part == "[key]":
            continue  # a bad key: the path already ends in it
        elif kind == "dict":
            schema = schema.get("values_schema")
        elif kind == "union":
            schema = None  # the member's name (``'float'``): never a key, even of a mapping given where none is taken
            continue
        else:
            schema = None
            present = isinstance(node, Mapping) and part in node or isinstance(node, list) and isinstance(part, int)
            missing_key = i == len(loc) - 1 and isinstance(node, Mapping) and isinstance(part, str)
            if not (present or missing_key):
                continue  # a union member's name, not in the data
        path.append(part)
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(path)


def _resolve(schema: Mapping[str, Any] | None, definitions: dict[str, Any]) -> Mapping[str, Any] | None:
    """Step through references and wrappers to the schema the next location part indexes."""
    while schema is not None:
        kind = schema.get("type")
        if kind == "definitions":
            definitions.update((d["ref"], d) for d in schema["definitions"])
            schema = schema["schema"]
        elif kind == "definition-ref":
            schema = definitions.get(schema["schema_ref"])
        elif kind in _WRAPPERS and "schema" in schema:
            schema = schema["schema"]
        else:
            return schema
    return None


def _field(schema: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    """The schema of the model field written ``key`` in the data (its alias, if it has one)."""
    for name, field in schema["fields"].items():
        alias = field.get("validation_alias")
        if (alias if isinstance(alias, str) else name) == key:
            return field["schema"]
    return None
