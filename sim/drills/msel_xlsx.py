"""The drill script (MSEL) as a spreadsheet, and an edited one read back into a scenario.

Controllers like a timeline they can sort, filter and annotate in a spreadsheet. The
workbook has one row per inject × expected action, headers in Chinese with the English
beside (“时间 Time”). The inject's own columns — its id, clock time and content in both
languages — repeat on each of its rows; the expected actions are read off the plan and
are there to be read, not edited.

An edited sheet comes back with :func:`read_msel`: each inject's time and content are
taken from its rows (the rows of one inject must agree) and written into the scenario's
injects (:func:`apply`). Columns are found by their header — the Chinese, the English or
both as written here — or by a mapping the user gives (``{"time": "开始时间"}``) for a
sheet whose headers they renamed. Every error names the cell: ``FILE:ROW:COL: field: message``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..clock import parse as parse_clock_time
from ..errors import InputError, Problem
from ..messages import Message, section
from .script import Script, msel_rows

SHEET = "演练脚本 MSEL"

#: field -> (Chinese header, English header); the fields read back are IMPORTED
COLUMNS: dict[str, tuple[str, str]] = section("msel.column.")  # in the one catalogue, sim.messages
IMPORTED = ("inject", "time", "content_zh", "content_en")


def header(field: str) -> str:
    zh, en = COLUMNS[field]
    return f"{zh} {en}"


def write_msel(script: Script) -> bytes:
    """The script as an XLSX workbook (bytes)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([header(f) for f in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F3F3F3")
    zh_rows = msel_rows(script, "zh")
    en_rows = msel_rows(script, "en")
    n = 0
    for row in script.injects:
        for _ in row.expected or (None,):
            no, time, sender, to, delivery, _content, by, expected, clause, due, deadline, tests = zh_rows[n]
            cells = {
                "no": int(no), "inject": row.key, "time": time, "sender": f"{sender} {en_rows[n][2]}", "to": to,
                "delivery": f"{delivery} {en_rows[n][4]}", "content_zh": row.title["zh"], "content_en": row.title["en"],
                "details": "\n".join(row.body["zh"].splitlines()[1:]), "expected_by": by, "expected": expected,
                "clause": clause, "due": due, "deadline": deadline, "objective": tests,
            }
            n += 1
            sheet.append([cells[field] for field in COLUMNS])
    widths = {"A": 6, "B": 20, "C": 13, "D": 18, "E": 24, "F": 18, "G": 40, "H": 40, "I": 30, "J": 24, "K": 48,
              "L": 10, "M": 13, "N": 13, "O": 36}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class InjectEdit:
    """An inject as the sheet has it: time (hours from the start) and content."""

    key: str
    at_h: float
    text: Mapping[str, str]
    row: int


def _problem(name: str, row: int, col: int, field: str, message: str) -> Problem:
    return Problem(name, row, col, field, message)


def _columns(names: list, name: str, mapping: Mapping[str, str]) -> dict[str, int]:
    """field -> 1-based column, from the headers (or the user's mapping)."""
    unknown = sorted(set(mapping) - set(COLUMNS))
    if unknown:
        raise InputError([_problem("command line", 0, 0, "--column",
                                   Message("msel.no_field", field=repr(unknown[0]), fields=", ".join(IMPORTED)))])
    found: dict[str, int] = {}
    cleaned = [str(h).strip() if h is not None else "" for h in names]
    for field in IMPORTED:
        wanted = [mapping[field]] if field in mapping else [header(field), *COLUMNS[field]]
        for col, text in enumerate(cleaned, start=1):
            if text in wanted:
                found[field] = col
                break
    missing = [f for f in IMPORTED if f not in found]
    if missing:
        field = missing[0]
        wanted = mapping.get(field) or header(field)
        raise InputError([_problem(name, 1, 1, field, Message("msel.no_column", header=repr(wanted), field=field))])
    return found


def read_msel(data: bytes, name: str, start, horizon_h: float,
              mapping: Mapping[str, str] | None = None) -> list[InjectEdit]:
    """The injects of an edited MSEL workbook; every problem found, each at its cell."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError([_problem(name, 0, 0, "", Message("msel.not_a_workbook", error=str(error)))]) from None
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        raise InputError([_problem(name, 1, 1, "", Message("msel.empty"))])
    cols = _columns(list(rows[0]), name, mapping or {})
    problems: list[Problem] = []
    edits: dict[str, InjectEdit] = {}
    for number, values in enumerate(rows[1:], start=2):
        cell = lambda field: values[cols[field] - 1] if cols[field] - 1 < len(values) else None  # noqa: E731
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        key = str(cell("inject") or "").strip()
        if not key:
            problems.append(_problem(name, number, cols["inject"], "inject", Message("msel.no_inject_id")))
            continue
        raw = cell("time")
        try:
            at_h = parse_clock_time(start, raw if raw is not None else "")
        except ValueError as error:
            problems.append(_problem(name, number, cols["time"], "time", error.args[0]))
            continue
        if not 0 <= at_h < horizon_h:
            problems.append(_problem(name, number, cols["time"], "time",
                                     Message("msel.outside", horizon=f"{horizon_h:g}", at=f"{at_h:g}")))
            continue
        zh, en = (str(cell("content_zh") or "").strip(), str(cell("content_en") or "").strip())
        if not zh or not en:
            field = "content_zh" if not zh else "content_en"
            problems.append(_problem(name, number, cols[field], field, Message("msel.empty_content")))
            continue
        edit = InjectEdit(key, at_h, {"zh": zh, "en": en}, number)
        first = edits.get(key)
        if first is None:
            edits[key] = edit
        elif (first.at_h, dict(first.text)) != (edit.at_h, dict(edit.text)):
            field = "time" if first.at_h != edit.at_h else "content_zh" if first.text["zh"] != zh else "content_en"
            problems.append(_problem(name, number, cols[field], field,
                                     Message("msel.disagree", first=first.row, inject=repr(key))))
    if problems:
        raise InputError(problems)
    return list(edits.values())


def apply(scenario_text: str, scenario_name: str, edits: list[InjectEdit], sheet_name: str) -> str:
    """The scenario's YAML with each edited inject's time and content replaced.

    Only injects already in the scenario can be edited: what an inject *does* (a fault's
    substations, a forecast's metrics) is not in the sheet, and a time and a content
    checked by :func:`read_msel` keep the scenario valid. The file is written anew, so
    comments other than the schema line are not kept.
    """
    from ..inputs.yaml_source import parse

    data, _positions = parse(scenario_text, scenario_name)
    injects = data.get("injects") or []
    by_key = {item.get("id"): item for item in injects if isinstance(item, dict)}
    problems = [Problem(sheet_name, e.row, 0, "inject", Message("msel.unknown_inject", inject=repr(e.key),
                                                                known=", ".join(map(str, by_key))))
                for e in edits if e.key not in by_key]
    if problems:
        raise InputError(problems)
    for edit in edits:
        item = by_key[edit.key]
        item["at_h"] = _number(edit.at_h)
        item["text"] = {"zh": edit.text["zh"], "en": edit.text["en"]}
    injects.sort(key=lambda item: float(item.get("at_h", 0)))
    first = scenario_text.splitlines()[0] if scenario_text.startswith("#") else ""
    body = yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False, width=120)
    return (first + "\n" if first else "") + body


def _number(value: float):
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def _plain(value):
    """Parsed YAML as plain dicts, lists and scalars (the parser keeps positions on its own types)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    return str(value)


def import_msel(scenario_path: str | Path, sheet_path: str | Path, mapping: Mapping[str, str] | None = None) -> str:
    """The scenario file's text with the injects of an edited MSEL sheet (checked by the loader)."""
    from ..inputs.loader import load_scenario
    from ..inputs.yaml_source import read_text

    scenario_path, sheet_path = Path(scenario_path), Path(sheet_path)
    scenario = load_scenario(scenario_path)
    try:
        data = sheet_path.read_bytes()
    except OSError as error:
        raise InputError([Problem(str(sheet_path), 0, 0, "", Message("msel.unreadable", error=error.strerror))]) from None
    edits = read_msel(data, str(sheet_path), scenario.start, scenario.horizon_h, mapping)
    return apply(read_text(scenario_path), str(scenario_path), edits, str(sheet_path))
