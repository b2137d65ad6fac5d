"""A Chinese government document split into its numbered clauses and their sentences.

Gazettes number clauses in a few nested styles — 一、 （一） 1. （1） 1.1 1.1.1 — and
append annexes (附件1). :func:`split` reads any mix of them without knowing the
document: a numbering style seen for the first time opens a level below the current
one, a style already open closes everything below it, and a number only counts as a
heading when it continues its sequence (the first of a new level is 1, the next is
one more than its sibling). That last rule keeps "2. 土右旗…示意图" inside a list of
attachments, or "500米" in a sentence, from posing as clauses. A dotted number (5.2.3)
names itself, so its label drops the levels above it; the others are labelled by
their path (三（一）, 5.4(2)); an annex prefixes its clauses (附件2 三).

Text before the first numbered clause is the preamble (序言). When the last clause of
the body carries its text inline ("七、本通告自发布之日起施行。") whatever follows its
first finished paragraph — a closing formula, the issuer, the date — is the closing (结尾); so is everything
from a line that is only a date. Sentences end at 。；！？; a short line without
sentence punctuation (a title, a signature, a date) is a line, not a sentence, and
needs no rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PREAMBLE = "序言"
CLOSING = "结尾"

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMERAL = "[一二三四五六七八九十]+"
#: (style, pattern) — group 1 is the number, group 2 what follows it on the line.
_HEADINGS = (
    ("dotted", re.compile(r"^(\d+(?:\.\d+)+)(?![\d%])\s*(.*)$")),
    ("cn", re.compile(rf"^({_CN_NUMERAL})、\s*(.*)$")),
    ("cn_paren", re.compile(rf"^[（(]({_CN_NUMERAL})[）)]\s*(.*)$")),
    ("arabic", re.compile(r"^(\d+)[.．、](?![\d%])\s*(.*)$")),
    ("arabic_paren", re.compile(r"^[（(](\d+)[）)]\s*(.*)$")),
)
_ANNEX = re.compile(r"^附件\s*(\d+)\s*[:：]?\s*$")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")
_ENDS_SENTENCE = re.compile(r"[。；;！？!?]$")
_SENTENCE_MARKS = re.compile(r"[。；;，,：:！？!?]")
#: A line this short with no sentence punctuation is a title, a signature or a date.
_TITLE_MAX = 40


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int


@dataclass
class Clause:
    """A numbered clause: its label, its heading's title (empty when the text follows the
    number inline), the line it starts on, its sentences and its other lines."""

    label: str
    title: str
    line: int
    depth: int
    sentences: list[Sentence] = field(default_factory=list)
    lines: list[Sentence] = field(default_factory=list)
    inline: bool = False
    _paragraphs: list[tuple[str, int]] = field(default_factory=list, repr=False)


def cn_number(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23."""
    if "十" not in numeral:
        return _CN_DIGITS.get(numeral, 0)
    tens, _, units = numeral.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)


#: The parts of a clause label that refer (an annex, numbers in any style, 、 between them);
#: what follows is a heading's own title, the document's words.
_REFERENCE = re.compile(r"^((?:附件\s*\d+|[一二三四五六七八九十]+|[（(][一二三四五六七八九十\d]+[）)]"
                        r"|\d+(?:\.\d+)*\.?|[、\s])*)(.*)$")
_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def in_english(label: str, parts: dict[str, str]) -> str:
    """A clause label as an English reader reads it, following the usual way English
    translations of Chinese government documents render their numbering: a 一、 heading
    by roman numerals (三 → III), a （一） clause by parenthesised arabic numerals
    (三（一） → III(1)), an annex by its word (附件2 三 → Annex 2, III), 、 between numbers
    by a comma (一、二 → I, II); arabic and dotted numbers (5.2, 3.2(1)) stay as they are.
    A heading's title (一、基本情况 → I 基本情况) stays in the document's words, as a quote
    does; a named part of the document (序言) reads as ``parts`` (Chinese → English) names it,
    and one of several such parts numbered in Chinese by its name and number (问答三, the third
    question of an interpretation → Q&A 3)."""
    if label in parts:
        return parts[label]
    numbered = re.fullmatch(r"(\D+?)\s*([一二三四五六七八九十]+)", label)
    if numbered and numbered.group(1) in parts:
        return f"{parts[numbered.group(1)]} {cn_number(numbered.group(2))}"
    if label.isascii():  # 5.2, 3.2(1): read alike in either language
        return label
    reference, title = _REFERENCE.match(label).groups()
    english = re.sub(r"附件\s*(\d+)\s*", r"Annex \1, ", reference)
    english = re.sub(r"[（(]([一二三四五六七八九十]+)[）)]", lambda m: f"({cn_number(m.group(1))})", english)
    english = re.sub(r"[（(](\d+)[）)]", r"(\1)", english)
    english = re.sub(r"[一二三四五六七八九十]+", lambda m: _roman(cn_number(m.group(0))), english)
    english = re.sub(r"\)(?=\d)", ") ", english)  # 三（六）26: item 26 of III(6)
    english = re.sub(r"\s*、\s*(?=\S)", ", ", english.rstrip("、 ")).rstrip(", ")
    return f"{english} {title}" if english and title else english or title


def _roman(number: int) -> str:
    """1 → I, 4 → IV, 12 → XII (to 39, beyond any document's headings)."""
    written = ""
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        written += numeral * count
    return written


def normal(text: str) -> str:
    """Text as compared with quotes: no whitespace or markup, full-width punctuation as ASCII."""
    text = re.sub(r"[\s#*]+", "", text)
    return text.translate(str.maketrans("，：；（）！？", ",:;()!?"))


def extent(lines: list[str], begins: str, ends: str) -> tuple[int, int] | None:
    """The first and last line (0-based) of the text from ``begins`` to ``ends``; None if absent.

    A gazette repeats a title in its table of contents, so of the places ``begins`` occurs
    the one nearest before an ``ends`` is taken: the shortest text that starts and ends so.
    """
    flat, owner = [], []
    for number, line in enumerate(lines):
        for char in normal(line):
            flat.append(char)
            owner.append(number)
    text, head, tail = "".join(flat), normal(begins), normal(ends)
    best = None
    start = text.find(head)
    while start >= 0:
        stop = text.find(tail, start)
        if stop < 0:
            break
        if best is None or stop - start < best[1] - best[0]:
            best = (start, stop)
        start = text.find(head, start + 1)
    if best is None:
        return None
    return owner[best[0]], owner[best[1] + len(tail) - 1]


def split(lines: list[str], first_line: int = 1) -> list[Clause]:
    """The clauses of a document given as lines; ``first_line`` numbers the first of them."""
    clauses = [Clause(PREAMBLE, "", first_line, 0)]
    stack: list[tuple[str, int, str]] = []  # (style, number, label part) of the open levels
    annex: tuple[int, str] | None = None  # (number, label)
    body_end = None  # index in clauses where the annexes begin
    for offset, raw in enumerate(lines):
        for piece in _pieces(raw):
            number = first_line + offset
            heading = _annex(piece, annex)
            if heading is not None:
                annex = heading
                stack = []
                body_end = len(clauses) if body_end is None else body_end
                clauses.append(Clause(heading[1], "", number, 0))
                continue
            parsed = _heading(piece, stack)
            if parsed is None:
                _add_text(clauses[-1], piece, number)
                continue
            style, value, part, rest = parsed
            open_styles = [s for s, _, _ in stack]
            if style in open_styles:
                del stack[open_styles.index(style):]
            stack.append((style, value, part))
            clause = Clause(_label(stack, annex), "", number, len(stack))
            clauses.append(clause)
            if _is_title(rest):
                clause.title = rest
            else:
                clause.inline = True
                _add_text(clause, rest, number)
    _split_closing(clauses, body_end if body_end is not None else len(clauses))
    for clause in clauses:
        _sentences(clause)
    return [c for c in clauses if c.label != PREAMBLE or c.sentences or c.lines]


def _pieces(raw: str) -> list[str]:
    """A line without markdown heading marks, broken before a bold run that starts a numbered heading
    (OCR often runs an annex's title and its first clause together: "…标准**一、重大…**")."""
    line = raw.strip().lstrip("#").strip()
    if "**" not in line:
        return [line] if line else []
    pieces, current = [], ""
    for run in line.split("**"):
        if run.strip() and any(p.match(run.strip()) for _, p in _HEADINGS) and current.strip():
            pieces.append(current.strip())
            current = ""
        current += run
    pieces.append(current.strip())
    return [p for p in pieces if p]


def _annex(piece: str, annex: tuple[int, str] | None) -> tuple[int, str] | None:
    match = _ANNEX.match(piece)
    if not match:
        return None
    value = int(match.group(1))
    expected = 1 if annex is None else annex[0] + 1
    return (value, f"附件{value}") if value == expected else None


def _heading(piece: str, stack: list[tuple[str, int, str]]) -> tuple[str, int, str, str] | None:
    """(style, number, label part, rest of the line) when the piece is the next clause of a level."""
    for style, pattern in _HEADINGS:
        match = pattern.match(piece)
        if not match:
            continue
        raw, rest = match.group(1), match.group(2).strip()
        if style == "dotted":
            style = f"dotted{raw.count('.')}"
            value = int(raw.rsplit(".", 1)[1])
            part = raw
        elif style.startswith("cn"):
            value = cn_number(raw)
            part = raw if style == "cn" else f"（{raw}）"
        else:
            value = int(raw)
            part = f"{raw}." if style == "arabic" else f"({raw})"
        previous = next((v for s, v, _ in stack if s == style), None)
        expected = 1 if previous is None else previous + 1
        return (style, value, part, rest) if value == expected else None
    return None


def _label(stack: list[tuple[str, int, str]], annex: tuple[int, str] | None) -> str:
    parts: list[str] = []
    for style, _, part in stack:
        parts = [part] if style.startswith("dotted") else [*parts, part]
    label = "".join(parts)
    return f"{annex[1]} {label}" if annex else label


def _is_title(rest: str) -> bool:
    return len(rest) <= _TITLE_MAX and not _SENTENCE_MARKS.search(rest)


def _add_text(clause: Clause, text: str, line: int) -> None:
    if clause.title == "" and not clause.inline and not clause._paragraphs and clause.label != PREAMBLE \
            and _is_title(text):
        clause.title = text  # a heading whose title is on the next line (附件 1: ↵ 分级标准)
        return
    clause._paragraphs.append((text, line))


def _split_closing(clauses: list[Clause], body_end: int) -> None:
    """Move what follows the body's last inline clause, or a date line, to a closing clause."""
    if body_end <= 1:
        return
    last = clauses[body_end - 1]
    paragraphs = last._paragraphs
    cut = next((i for i, (text, _) in enumerate(paragraphs)
                if (last.inline and i >= 1 and _ENDS_SENTENCE.search(paragraphs[i - 1][0]))
                or _DATE_LINE.match(text)), None)
    if cut is None:
        return
    closing = Clause(CLOSING, "", paragraphs[cut][1], 0)
    closing._paragraphs, last._paragraphs = paragraphs[cut:], paragraphs[:cut]
    clauses.insert(body_end, closing)


def _sentences(clause: Clause) -> None:
    """Join the clause's paragraphs (OCR breaks lines mid-sentence) and cut at sentence ends;
    short unpunctuated paragraphs stay lines of their own."""
    pending: list[tuple[str, int]] = []
    for text, line in clause._paragraphs + [("", -1)]:
        if line == -1 or _is_title(text):
            clause.sentences += _cut(pending)
            pending = []
            if line != -1:
                clause.lines.append(Sentence(text, line))
            continue
        pending.append((text, line))


def _cut(paragraphs: list[tuple[str, int]]) -> list[Sentence]:
    """Sentences of consecutive paragraphs, each with the line it starts on."""
    text = "".join(t for t, _ in paragraphs)
    starts, at = [], 0
    for t, line in paragraphs:
        starts.append((at, line))
        at += len(t)
    sentences, at = [], 0
    for piece in _SENTENCE_END.split(text):
        line = max((ln for offset, ln in starts if offset <= at + len(piece) - len(piece.lstrip())), default=0)
        at += len(piece)
        if normal(piece).strip("。;,:!?、"):
            sentences.append(Sentence(piece.strip(), line))
    return sentences
