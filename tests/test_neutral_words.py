"""No text in the code assumes a county, a town, a clause number or a plan's level names.

Such words come from the plan (its own "no response" wording, its levels' names, its
clauses), so another area's plan reads in its own words. Docstrings, comments and the
schema's descriptions (``Field(description=...)``) may give examples; every other string
in ``sim`` is checked.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SIM = Path(__file__).resolve().parent.parent / "sim"

#: Words of one level of government or one plan's shape, and the example plans' ids and places
#: (they run with no code special to them).
PLAN_WORDS = re.compile(r"县|镇|乡|[Cc]ount(y|ies)|附件|[ⅠⅡⅢⅣ]级|(一般|较大|重大|特别重大)大面积|固阳|Guyang"
                        r"|national-blackout|gansu|mengxi|甘肃|蒙西|兰州|呼和浩特|hohhot")

#: Strings allowed, each with why: module → a part of each.
ALLOWED = {
    # Chinese gazettes append annexes headed 附件N: the clause splitter reads any document's.
    "clauses.py": {"附件"},
    # Plan files written before response_actions still load (an alias, not a text shown).
    "plan/response_plan.py": {"county_actions"},
    # The benchmark plays the shipped drill scenario, whose roles are the shipped plan's units.
    "bench.py": {"county_government"},
    # coverage's help lists the shapes of clause a gazette has, an annex's among them.
    "messages.py": {"1.1、附件…"},
}


def _strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module but its docstrings and the schema's descriptions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skipped.add(id(body[0].value))
        if isinstance(node, ast.keyword) and node.arg == "description":
            skipped.update(id(part) for part in ast.walk(node.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped]


def plan_words_in_code(root: Path = SIM) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        found += [f"{name}:{line}: {value[:80]}" for line, value in _strings(path)
                  if PLAN_WORDS.search(value) and not any(part in value for part in ALLOWED.get(name, ()))]
    return found


def test_no_text_in_the_code_names_a_county_a_town_an_annex_or_a_level():
    assert plan_words_in_code() == []


def test_the_check_sees_a_county_in_a_message_but_not_in_a_docstring(tmp_path):
    package = tmp_path / "sim"
    package.mkdir()
    (package / "words.py").write_text('"""The 县级 docstring."""\nLABEL = ("未启动县级响应", "No county response")\n',
                                      encoding="utf-8")
    assert plan_words_in_code(package) == ["words.py:2: 未启动县级响应", "words.py:2: No county response"]
