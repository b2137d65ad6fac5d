"""The drill script (MSEL) as a spreadsheet, and an edited one read back into a scenario.

Controllers like a timeline they can sort, filter and annotate in a spreadsheet. The
workbook has one row per inject × expected action, in the language asked for: its headers
and words in Chinese, in English, or in both — the Chinese with the English beside
(“时间 Time”; in a cell, the English on the line below). The inject's own columns — its
id, clock time and content in both languages — repeat on each of its rows, in every
language, as they are what is read back; the expected actions are read off the plan and
are there to be read, not edited. A template's workbook has a second sheet that says which
incident it is of — the seed, the replication and what was drawn, in the words of the drill
plan's overview (:func:`sim.drills.script.which_draw`) — after the MSEL sheet, which stays
the one that is read back.

An edited sheet comes back with :func:`read_msel`: each inject's time and content are
taken from its rows (the rows of one inject must agree) and written into the scenario's
injects where they stand, every comment of the file kept (:func:`apply`); a row whose
inject id the scenario lacks adds a message inject to the receiving units it names. Columns
are found by their header — the Chinese, the English or both as written here, or a header
that starts with the Chinese one (“内容 Content” of an older sheet) — or by a mapping the
user gives (``{"time": "开始时间"}``) for a sheet whose headers they renamed. A text cell
holding what a drill cannot keep (a NUL, a control or a bidirectional control character:
:func:`sim.drills.text.fault`) is refused. Every error names the cell:
``FILE:ROW:COL: field: message``.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..clock import clock
from ..clock import parse as parse_clock_time
from ..errors import InputError, Problem
from ..messages import BOTH, LANGUAGES, MESSAGES, Message, shown
from ..plan.common import is_id
from .script import Script, msel_rows, which_draw
from .text import TEXT_LIMIT, fault

#: The sheet's columns in order, each headed by its entry ``msel.column.<field>`` in the one
#: catalogue (sim.messages), or, for a column the script and the drill report head too, by
#: that shared entry.
FIELDS = ("no", "inject", "time", "sender", "to", "delivery", "content_zh", "content_en", "details", "expected_by",
          "expected", "clause", "due", "deadline", "objective")
_SHARED = {"time": "common.time", "clause": "common.clause", "due": "drill.due", "deadline": "drill.deadline"}
#: field -> (Chinese header, English header); the fields read back are IMPORTED
COLUMNS: dict[str, tuple[str, str]] = {field: MESSAGES[_SHARED.get(field, f"msel.column.{field}")] for field in FIELDS}
IMPORTED = ("inject", "time", "content_zh", "content_en")
#: Fields read back when their column is there: who a new inject goes to.
OPTIONAL = ("to",)
#: Between the unit names of a receiving-units cell (a line that is one unit's whole name
#: is that unit, commas and all).
NAMES_SPLIT = re.compile(r"[、,，;；]+")


def header(field: str, language: str = BOTH) -> str:
    """A column's header in ``language``; both: the Chinese, then the English."""
    return shown(dict(zip(LANGUAGES, COLUMNS[field])), language, " ")


def sheet_title(language: str = BOTH) -> str:
    """The worksheet's name in ``language``, as :func:`header`."""
    return shown(Message("msel.sheet"), language, " ")


def _cell(zh: str, en: str, language: str) -> str:
    """A cell's words in ``language``; both: the Chinese, and the English on the line below
    (once, where the two are the same, as a clause number is)."""
    if language in LANGUAGES:
        return zh if language == "zh" else en
    return zh if zh == en or not en else en if not zh else f"{zh}\n{en}"


def write_msel(script: Script, language: str = BOTH) -> bytes:
    """The script as an XLSX workbook (bytes), in ``language`` (``zh``, ``en`` or ``both``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(language)
    sheet.append([header(f, language) for f in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F3F3F3")
    zh_rows = msel_rows(script, "zh")
    en_rows = msel_rows(script, "en")
    n = 0
    for row in script.injects:
        # one receiving unit a line: an English name may hold a comma
        to = {one: "\n".join(script.unit_name(r, one) for r in row.roles) for one in LANGUAGES}
        details = {one: "\n".join(row.body[one].splitlines()[1:]) for one in LANGUAGES}
        for _ in row.expected or (None,):
            zh, en = zh_rows[n], en_rows[n]
            said = lambda column: _cell(zh[column], en[column], language)  # noqa: E731
            cells = {
                "no": int(zh[0]), "inject": row.key, "time": zh[1], "sender": said(2),
                "to": _cell(to["zh"], to["en"], language), "delivery": said(4),
                "content_zh": row.title["zh"], "content_en": row.title["en"],
                "details": _cell(details["zh"], details["en"], language), "expected_by": said(6), "expected": said(7),
                "clause": said(8), "due": zh[9], "deadline": zh[10], "objective": said(11),
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
    if script.inputs.drawn_told is not None:
        _draw_sheet(book, script, language)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _draw_sheet(book, script: Script, language: str) -> None:
    """The sheet of a template's workbook that says which incident its rows are of: one
    line a fact (seed, replication, what was drawn), its label in the header's words and
    its value in the cell's (:func:`header`, :func:`_cell`; a number as a number, so a
    spreadsheet does not flag it as text). A story draws nothing and has no such sheet."""
    from openpyxl.styles import Alignment, Font

    said = {one: which_draw(script, one) for one in LANGUAGES}
    sheet = book.create_sheet(shown(Message("drill.drawn"), language, " "))
    for (zh_label, zh), (en_label, en) in zip(said["zh"], said["en"]):
        value = _cell(zh, en, language)
        sheet.append([shown({"zh": zh_label, "en": en_label}, language, " "), int(value) if value.isdigit() else value])
    for label, value in sheet.iter_rows():
        label.font = Font(bold=True)
        label.alignment = value.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60


@dataclass(frozen=True)
class InjectEdit:
    """An inject as the sheet has it: time (hours from the start) and content."""

    key: str
    at_h: float
    text: Mapping[str, str]
    row: int
    #: the receiving units as the sheet names them (read for a new inject only)
    to: tuple[str, ...] = ()
    #: field -> 1-based column of the sheet it was read from, so that what is wrong with a
    #: new inject (its id, a receiving unit) is reported at its cell, as the sheet's other
    #: problems are
    columns: Mapping[str, int] = field(default_factory=dict)


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
    for field in (*IMPORTED, *OPTIONAL):
        if field in mapping:
            wanted, chinese = [mapping[field]], None
        else:
            wanted, chinese = [header(field), *COLUMNS[field]], COLUMNS[field][0]
        for col, said in enumerate(cleaned, start=1):
            if said in wanted or (chinese is not None and said.split(" ", 1)[0] == chinese):
                found[field] = col
                break
    missing = [f for f in IMPORTED if f not in found]
    if missing:
        field = missing[0]
        wanted = mapping.get(field) or header(field)
        raise InputError([_problem(name, 1, 1, field, Message("msel.no_column", header=repr(wanted), field=field))])
    return found


def _receivers(cell, names: Collection[str]) -> tuple[str, ...]:
    """The unit names of a receiving-units cell: a line that is one of ``names`` whole, or
    the line's names between the separators (、 , ; …)."""
    found: list[str] = []
    for line in str(cell or "").splitlines():
        line = line.strip()
        found += [line] if line in names else [n.strip() for n in NAMES_SPLIT.split(line) if n.strip()]
    return tuple(found)


#: The cells read back as text, and whether a line break is theirs to hold (content may
#: run over lines, a receiving-units cell has a unit a line; an inject id is one word).
TEXT_CELLS = {"inject": False, "content_zh": True, "content_en": True, "to": True}


def _refused_text(name: str, number: int, cols: Mapping[str, int], cell) -> list[Problem]:
    """The text cells of a row a drill could not keep (NUL, a control or a bidirectional
    control character, too long: :func:`sim.drills.text.fault`), each at its cell; they go
    into the scenario and from there into every drill of it."""
    problems = []
    for field, multiline in TEXT_CELLS.items():
        value = cell(field) if field in cols else None
        if isinstance(value, str):
            found = fault(value, limit=TEXT_LIMIT, multiline=multiline)
            if found is not None:
                problems.append(_problem(name, number, cols[field], field, found))
    return problems


def read_msel(data: bytes, name: str, start, horizon_h: float,
              mapping: Mapping[str, str] | None = None, names: Collection[str] = ()) -> list[InjectEdit]:
    """The injects of an edited MSEL workbook; every problem found, each at its cell
    (``names``: the units' names a receiving-units line may hold whole)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds, in English, for a file that is not a workbook
        raise InputError([_problem(name, 0, 0, "", Message("msel.not_a_workbook"))]) from None
    titles = [sheet_title(one) for one in (BOTH, *LANGUAGES)]
    sheet = next((book[t] for t in titles if t in book.sheetnames), book.worksheets[0])
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
        refused = _refused_text(name, number, cols, cell)
        if refused:
            problems += refused
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
                                     Message("msel.outside", start=clock(start, 0), end=clock(start, horizon_h),
                                             at=clock(start, at_h))))
            continue
        zh, en = (str(cell("content_zh") or "").strip(), str(cell("content_en") or "").strip())
        if not zh or not en:
            field = "content_zh" if not zh else "content_en"
            problems.append(_problem(name, number, cols[field], field, Message("msel.empty_content")))
            continue
        to = _receivers(cell("to"), names) if "to" in cols else ()
        edit = InjectEdit(key, at_h, {"zh": zh, "en": en}, number, to, cols)
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


def apply(scenario_text: str, scenario_name: str, edits: list[InjectEdit], sheet_name: str,
          units: Mapping[str, str] | None = None) -> str:
    """The scenario's YAML with each edited inject's time and content replaced where they
    stand, and an inject added for each id the scenario lacks.

    The text is edited in place, so every comment, blank line and the file's order are
    kept. What an existing inject *does* (a fault's substations, a forecast's metrics)
    is not in the sheet and stays as it is; a new inject can only be a message
    (``kind: message``) to the receiving units of its row (``units``: a unit's name in
    either language, or its id → the id), or — when the row names none — to the unit
    the plan makes the first to report.
    """
    from ..inputs import compose

    root = compose(scenario_text, scenario_name)
    injects = _value(root, "injects")
    items = list(injects.value) if _is(injects, "sequence") else []
    by_key = {}
    for item in items:
        found = _value(item, "id")
        if _is(found, "scalar"):
            by_key[found.value] = item
    problems, added = [], []
    for edit in edits:
        if edit.key in by_key:
            continue
        if not is_id(edit.key):
            problems.append(Problem(sheet_name, edit.row, edit.columns.get("inject", 0), "inject",
                                    Message("msel.bad_id", inject=repr(edit.key))))
        unknown = [name for name in edit.to if name not in (units or {})]
        problems += [Problem(sheet_name, edit.row, edit.columns.get("to", 0), "to", Message("msel.unknown_unit", unit=repr(name)))
                     for name in unknown]
        # a unit named in both languages is one receiver
        added.append((edit, list(dict.fromkeys(units[name] for name in edit.to if name not in unknown)) if units else []))
    if problems:
        raise InputError(problems)
    spans: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original text
    for edit in edits:
        item = by_key.get(edit.key)
        if item is None:
            continue
        at = _value(item, "at_h")
        if _float(at) != round(edit.at_h, 6):  # a value the sheet left alone is left as written
            spans.append(_span(scenario_text, at, _yaml_number(edit.at_h)))
        text = _value(item, "text")
        langs = {k.value: v for k, v in text.value} if _is(text, "mapping") else {}
        if {"zh", "en"} <= set(langs):
            spans += [_span(scenario_text, langs[lang], _quoted(edit.text[lang])) for lang in LANGUAGES
                      if not _is(langs[lang], "scalar") or langs[lang].value != edit.text[lang]]
        else:
            spans.append(_span(scenario_text, text, _flow_text(edit.text)))
    if added:
        spans.append(_addition(scenario_text, root, injects, added))
    out = scenario_text
    for start, end, replacement in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
        out = out[:start] + replacement + out[end:]
    return out


def _is(node, kind: str) -> bool:
    """Whether ``node`` is a node of the tree of that kind (``scalar``, ``sequence``, ``mapping``)."""
    return getattr(node, "id", None) == kind


def _value(node, key: str):
    """The value node of ``key`` in a mapping node (None: not a mapping, or no such key)."""
    if not _is(node, "mapping"):
        return None
    return next((v for k, v in node.value if _is(k, "scalar") and k.value == key), None)


def _span(text: str, node, replacement: str) -> tuple[int, int, str]:
    """Where ``node`` stands in ``text``, to be replaced. A block scalar (``|``, ``>``) ends
    after its line breaks: those are kept, so what follows stays on its own line."""
    start, end = node.start_mark.index, node.end_mark.index
    end = start + len(text[start:end].rstrip())
    return start, end, replacement


def _float(node) -> float | None:
    try:
        return round(float(node.value), 6)
    except (AttributeError, TypeError, ValueError):
        return None


def _quoted(value: str) -> str:
    """A double-quoted YAML scalar (JSON's quoting is YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _yaml_number(value: float) -> str:
    return str(_number(value))


def _flow_text(text: Mapping[str, str]) -> str:
    return f"{{zh: {_quoted(text['zh'])}, en: {_quoted(text['en'])}}}"


def _new_inject(edit: InjectEdit, to: list[str]) -> dict[str, str]:
    """A new message inject's fields as YAML text, in the order the shipped files use."""
    fields = {"id": _quoted(edit.key), "at_h": _yaml_number(edit.at_h), "kind": "message", "text": _flow_text(edit.text)}
    if to:
        fields["to"] = "[" + ", ".join(to) + "]"
    return fields


def _addition(text: str, root, injects, added) -> tuple[int, int, str]:
    """Where and what to write for the new injects: after the last inject of a block list,
    in the same indentation; into a flow list; or a new ``injects:`` list at the end."""
    new = [_new_inject(edit, to) for edit, to in added]
    if _is(injects, "sequence") and injects.value and not injects.flow_style:
        last = injects.value[-1]
        dash = " " * injects.start_mark.column
        inner = " " * (last.start_mark.column - injects.start_mark.column - 1)
        at = _end_of_line(text, _last_index(text, last))
        lines = []
        for fields in new:
            for n, (key, value) in enumerate(fields.items()):
                lines.append(f"{dash}{'-' if n == 0 else ' '}{inner}{key}: {value}\n")
        prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
        return at, at, prefix + "".join(lines)
    flow = ["{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}" for fields in new]
    if _is(injects, "sequence"):
        inside = [text[i.start_mark.index:i.end_mark.index] for i in injects.value]
        return injects.start_mark.index, injects.end_mark.index, "[" + ", ".join(inside + flow) + "]"
    if injects is not None:  # ``injects:`` with nothing after it
        start = injects.start_mark.index
        return start, injects.end_mark.index, ("" if text[start - 1:start] == " " else " ") + "[" + ", ".join(flow) + "]"
    tail = "" if not text or text.endswith("\n") else "\n"
    return len(text), len(text), tail + "injects: [" + ", ".join(flow) + "]\n"


def _last_index(text: str, node) -> int:
    """Where the last value inside ``node`` ends (a block collection's own end, and a block
    scalar's, lie past the blank lines and comments after it)."""
    if _is(node, "scalar") or getattr(node, "flow_style", False):
        return _span(text, node, "")[1]
    children = [v for pair in node.value for v in pair] if _is(node, "mapping") else list(node.value)
    return max((_last_index(text, child) for child in children), default=node.start_mark.index)


def _end_of_line(text: str, index: int) -> int:
    """Just past the line break of the line ``index`` is on (the end of the text on its last line)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _number(value: float):
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def import_msel(scenario_path: str | Path, sheet_path: str | Path, mapping: Mapping[str, str] | None = None) -> str:
    """The scenario file's text with the injects of an edited MSEL sheet (checked by the loader).

    A template scenario is refused: every drill of it plays the incident its ``template:``
    draws, never the file's own injects, so edits written there would change no drill."""
    from ..inputs import load_case, load_text, locate, read_bytes, read_text
    from ..inputs.scenario import Scenario

    scenario_path, sheet_path = Path(scenario_path), Path(sheet_path)
    case = load_case(scenario_path)
    if case.is_template:
        raise locate([(("template",), Message("msel.template"))], scenario_path)
    scenario = case.scenario
    data = read_bytes(sheet_path, Message("msel.directory"), Message("msel.not_regular"))
    units: dict[str, str] = {}
    for unit in case.plan.units:
        units.update({unit.id: unit.id, unit.name.zh: unit.id, unit.name.en: unit.id})
    edits = read_msel(data, str(sheet_path), scenario.start, scenario.horizon_h, mapping, units)
    text = apply(read_text(scenario_path), str(scenario_path), edits, str(sheet_path), units)
    load_text(text, str(scenario_path), Scenario, "scenario")  # what is written is a scenario the loader takes
    return text
