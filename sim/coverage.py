"""Clause coverage: which rules carry each clause of a plan's document, and which clauses none do.

The document's text (cut from its gazette by the plan's ``source_text``) is split into
clauses and sentences (:mod:`sim.clauses`). Every ``source`` in the plan that quotes
this document is placed on the sentences its quote spans — where a quote occurs more
than once, in the clause its ``clause`` names — or, if the quote is not found, on the
clause its ``clause`` names. A clause with sentences is *accounted for* when some
source lies in it or the plan lists it under ``not_modelled``; any other clause is a
finding, and so is a ``not_modelled`` entry naming a clause the document does not have.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .clauses import Clause, extent, normal, split
from .errors import InputError, Problem, echoed
from .event_kinds import clause_label
from .inputs import read_text
from .messages import BOTH, LANGUAGES, MESSAGES, Message, bilingual, pick, render, said, text
from .plan.accounting import NotModelled
from .plan.common import Source, Text
from .plan.response_plan import Hop
from .report import hop_name

#: The reasons a clause is not modelled, in the catalogue's words.
REASONS = {reason: Text(zh=text(f"coverage.reason.{reason}", "zh"), en=text(f"coverage.reason.{reason}", "en"))
           for reason in ("exhortation", "no_simulation_content", "out_of_scope")}


@dataclass(frozen=True)
class Citer:
    """A part of the plan that cites the document: its path of ids, its name as people read
    it (see :func:`_citers`), and the assumption it states beside the quote (how the clause
    was read), if any."""

    path: str
    name: Text | None
    clause: str
    quote: str
    assumption: Text | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "name": bilingual(self.name) if self.name else None,
                "clause": self.clause, "quote": self.quote,
                "assumption": bilingual(self.assumption) if self.assumption else None}


def rule_label(citer: Citer | Mapping[str, Any], language: str) -> str:
    """A rule citing the document as people read it (a :class:`Citer` or its ``to_dict()``):
    its name or words; its path of ids only for a part of a plan nothing names. The
    command line and the app both show rules by this."""
    if isinstance(citer, Citer):
        citer = citer.to_dict()
    return render(citer["name"], language) if citer["name"] else citer["path"]


@dataclass
class ClauseCoverage:
    """A clause with what carries it: the citers of each sentence, and the ``not_modelled``
    entries for the whole clause (``not_modelled``) or for single sentences."""

    clause: Clause
    citers: list[Citer] = field(default_factory=list)
    sentence_citers: list[list[Citer]] = field(default_factory=list)
    not_modelled: NotModelled | None = None
    sentence_entries: list[NotModelled | None] = field(default_factory=list)

    @property
    def needs_account(self) -> bool:
        return bool(self.clause.sentences)

    @property
    def accounted(self) -> bool:
        return (not self.needs_account or bool(self.citers) or self.not_modelled is not None
                or all(self.sentence_entries))

    @property
    def status(self) -> str:
        """``cited``, ``not_modelled``, ``finding`` or ``heading`` (a clause with no text of its own)."""
        if self.citers:
            return "cited"
        if self.not_modelled is not None or (self.needs_account and all(self.sentence_entries)):
            return "not_modelled"
        return "finding" if self.needs_account else "heading"

    @property
    def open_sentences(self) -> int:
        """Sentences of the clause that no rule cites and no entry lists (not findings: the clause is)."""
        if self.not_modelled is not None:
            return 0
        return sum(1 for citers, entry in zip(self.sentence_citers, self.sentence_entries) if not citers and not entry)

    def to_dict(self) -> dict[str, Any]:
        c = self.clause
        return {
            "clause": c.label,
            "title": c.title,
            "line": c.line,
            "status": self.status,
            "stale_not_modelled": bool(self.citers) and self.not_modelled is not None,
            "rules": [x.to_dict() for x in _unique(self.citers)],
            "not_modelled": _entry(self.not_modelled),
            "sentences": [{"line": s.line, "text": s.text, "rules": [x.path for x in _unique(citers)],
                           "not_modelled": _entry(entry)}
                          for s, citers, entry in zip(c.sentences, self.sentence_citers, self.sentence_entries)],
            "lines": [{"line": s.line, "text": s.text} for s in c.lines],
        }


@dataclass(frozen=True)
class Finding:
    """A clause nothing accounts for (``in_plan`` false: its line in the source), a
    ``not_modelled`` entry that names nothing (``in_plan``: its path in the plan), or a
    citation of the document whose quote and clause the text holds nowhere (no line)."""

    message: Message
    clause: str = ""
    line: int = 0
    path: tuple = ()

    @property
    def in_plan(self) -> bool:
        return bool(self.path)

    def __str__(self) -> str:
        return self.text("en")

    def text(self, language: str) -> str:
        """Where, then the message in ``language`` (``zh``, ``en`` or ``both``); a finding
        about the text as a whole (a citation it holds nowhere) is its message alone."""
        if not self.path and not self.line:
            return self.message.in_language(language)
        # a clause of the source text, and its line, in the reader's words (Chinese first for both)
        where = (".".join(map(str, self.path)) if self.path else
                 text("coverage.at_line", "zh" if language == BOTH else language, clause=self.clause, line=self.line))
        return f"{where}: {self.message.in_language(language)}"


@dataclass(frozen=True)
class Coverage:
    plan: str
    title: Text
    source: str
    first_line: int
    last_line: int
    clauses: tuple[ClauseCoverage, ...]
    unplaced: tuple[Citer, ...]
    findings: tuple[Finding, ...]

    @property
    def counted(self) -> int:
        return sum(1 for c in self.clauses if c.needs_account)

    @property
    def accounted(self) -> int:
        return sum(1 for c in self.clauses if c.needs_account and c.accounted)

    @property
    def percent(self) -> float:
        return 100.0 * self.accounted / self.counted if self.counted else 100.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "title": bilingual(self.title),
            "source": self.source,
            "lines": [self.first_line, self.last_line],
            "clauses_with_text": self.counted,
            "open_sentences": sum(c.open_sentences for c in self.clauses),
            "accounted": self.accounted,
            "percent": round(self.percent, 1),
            "findings": [{language: f.text(language) for language in LANGUAGES} for f in self.findings],
            "clauses": [c.to_dict() for c in self.clauses],
            "unplaced": [c.to_dict() for c in self.unplaced],
        }


def coverage(plan: Any, text: str, source_name: str = "source") -> Coverage:
    """The coverage of ``plan``'s document by its rules, against the gazette ``text``.

    Raises :class:`InputError` when the text is empty (said so, rather than that the plan's
    document is missing from it) or does not contain the plan's document.
    """
    if not text.strip():
        raise InputError([Problem(source_name, 0, 0, "", Message("input.empty"))])
    lines = text.splitlines()
    first, last = 0, len(lines) - 1
    bounds = getattr(plan, "source_text", None)
    if bounds is not None:
        found = extent(lines, bounds.begins, bounds.ends)
        if found is None:
            raise InputError([Problem(source_name, 0, 0, "source_text", Message(
                "coverage.not_in_source", begins=repr(bounds.begins), ends=repr(bounds.ends)))])
        first, last = found
    clauses = [ClauseCoverage(c, sentence_citers=[[] for _ in c.sentences], sentence_entries=[None] * len(c.sentences))
               for c in split(lines[first:last + 1], first + 1)]
    by_label = {c.clause.label: c for c in clauses}

    flat, owners = _flatten(clauses)
    unplaced = []
    own_document = plan.document.source.document
    for citer in _citers(plan, own_document):
        if not _place(citer, flat, owners, clauses, by_label):
            unplaced.append(citer)

    findings = []
    for i, entry in enumerate(plan.not_modelled):
        target = by_label.get(entry.clause)
        if target is None:
            findings.append(Finding(Message("coverage.no_such_clause", clause=repr(entry.clause)),
                                    path=("not_modelled", i, "clause")))
        elif entry.quote is None:
            target.not_modelled = entry
        else:
            hits = [j for j, s in enumerate(target.clause.sentences) if normal(entry.quote) in normal(s.text)]
            if not hits:
                findings.append(Finding(Message("coverage.no_such_sentence", clause=entry.clause,
                                                quote=repr(entry.quote)), path=("not_modelled", i, "quote")))
            for j in hits:
                target.sentence_entries[j] = entry
    for c in clauses:
        if not c.accounted:
            findings.append(Finding(Message("coverage.unaccounted"), c.clause.label, c.clause.line))
    for citer in unplaced:  # a citation the text bears out nowhere: a misquote, or not the plan's document
        name = bilingual(citer.name) if citer.name is not None else citer.path
        clause = {language: clause_label(citer.clause, language) for language in LANGUAGES}
        findings.append(Finding(Message("coverage.unplaced", name=name, clause=clause, quote=echoed(citer.quote))))
    return Coverage(plan.id, plan.title, source_name, first + 1, last + 1, tuple(clauses), tuple(unplaced),
                    tuple(findings))


def find_source(plan: Any, folders: list[Path]) -> Path | None:
    """The gazette text (``*.txt``) in ``folders`` that holds the plan's document, if any. Each
    is read as every face reads it (:func:`sim.inputs.read_text`); one that cannot be read (too
    large, not UTF-8) is not the plan's."""
    bounds = getattr(plan, "source_text", None)
    if bounds is None:
        return None
    for folder in folders:
        for file in sorted(Path(folder).glob("*.txt")) if Path(folder).is_dir() else []:
            try:
                lines = read_text(file).splitlines()
            except InputError:
                continue
            if extent(lines, bounds.begins, bounds.ends) is not None:
                return file
    return None


def _flatten(clauses: list[ClauseCoverage]) -> tuple[str, list[tuple[int, int]]]:
    """All sentences' normal text in one string, and for each character its (clause, sentence)."""
    chars, owners = [], []
    for ci, c in enumerate(clauses):
        for si, sentence in enumerate(c.clause.sentences):
            text = normal(sentence.text)
            chars.append(text)
            owners.extend([(ci, si)] * len(text))
    return "".join(chars), owners


def _place(citer: Citer, flat: str, owners: list[tuple[int, int]], clauses: list[ClauseCoverage],
           by_label: dict[str, ClauseCoverage]) -> bool:
    quote = normal(citer.quote)
    hits = []
    start = flat.find(quote) if quote else -1
    while start >= 0:
        hits.append(start)
        start = flat.find(quote, start + 1)
    if hits:
        named = [h for h in hits if clauses[owners[h][0]].clause.label == citer.clause]
        start = (named or hits)[0]
        for ci, si in dict.fromkeys(owners[start:start + len(quote)]):
            clauses[ci].sentence_citers[si].append(citer)
            clauses[ci].citers.append(citer)
        return True
    target = by_label.get(citer.clause)
    if target is None:
        return False
    target.citers.append(citer)
    return True


def _citers(plan: BaseModel, own_document: str | Text | None) -> Iterator[Citer]:
    """Every source in the plan that cites its own document, with its path (list items by id)
    and its name as people read it.

    A part with a name, a text or a title is called by it (a level, a unit, a duty's
    words); a report hop by who reports to whom. A part with none (a level's criteria, the
    decision to respond) is called by the nearest named part above it and what it is there,
    in the catalogue's words (``重大大面积停电事件 › 判定条件 1``)."""
    units = {unit.id: unit.name for unit in getattr(plan, "units", None) or []}

    def walk(node: Any, path: tuple[str, ...], owner: BaseModel, trail: tuple) -> Iterator[Citer]:
        if isinstance(node, Source):
            if node.document is None or pick(node.document, "zh") == pick(own_document, "zh"):  # as written
                name = _name(owner, units) or _joined(trail)
                yield Citer(" › ".join(path), name, node.clause, node.quote, getattr(owner, "assumption", None))
        elif isinstance(node, BaseModel):
            own = _name(node, units) if node is not plan else None
            trail = (bilingual(own),) if own else trail
            for name in type(node).model_fields:
                if name in _NOT_CITING:
                    continue
                if name == "source":
                    yield from walk(node.source, path, node, trail)
                else:
                    part = f"part.{name}"
                    more = (said(part),) if part in MESSAGES else ()
                    yield from walk(getattr(node, name), path + (name,), node, trail + more)
        elif isinstance(node, (list, tuple)):
            for i, item in enumerate(node):
                ident = getattr(item, "id", None)
                numbered = trail[:-1] + (_numbered(trail[-1], i + 1),) if trail and len(node) > 1 else trail
                yield from walk(item, path + (ident if isinstance(ident, str) else str(i),), owner, numbered)

    yield from walk(plan, (), plan, ())


_NOT_CITING = {"not_modelled", "source_text"}


def _name(node: BaseModel | None, units: dict[str, Text]) -> Text | None:
    for key in ("name", "text", "title"):
        value = getattr(node, key, None)
        if isinstance(value, Text):
            return value
    if isinstance(node, Hop):
        return Text(**hop_name(node, units))
    return None


def _numbered(crumb: dict[str, str], n: int) -> dict[str, str]:
    return {language: f"{words} {n}" for language, words in crumb.items()}


def _joined(trail: tuple) -> Text | None:
    """Crumbs from the nearest named part down, as one name (``None`` when nothing is named)."""
    if not trail:
        return None
    return Text(**{language: " › ".join(pick(crumb, language) for crumb in trail) for language in LANGUAGES})


def _entry(entry: NotModelled | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {"reason": entry.reason, "reason_text": bilingual(REASONS[entry.reason]), "note": bilingual(entry.note)}


def _unique(citers: list[Citer]) -> list[Citer]:
    return list(dict.fromkeys(citers))
