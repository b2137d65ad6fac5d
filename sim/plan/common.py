"""Building blocks every plan file shares: bilingual text, citations, assumptions.

Every *rule* in a plan is a :class:`Cited` model: it carries the clause it comes from
(``source``) or, where the document is silent and a number had to be chosen, an
explicit ``assumption`` that says why. A rule with neither is rejected at load time,
so an unsourced threshold can never slip into a simulation.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..bounds import Yuan
from ..event_kinds import clause_label
from ..messages import BOTH, LANGUAGES, Message, bilingual, shown, text

#: Identifiers are ASCII letters, digits, ``_``, ``-`` and ``.``; they are what
#: cross-references, CLI flags and result files use, so they must be typeable. Upper case
#: is allowed because some ids are the plan's own names (response levels ``I``, ``II``).
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
ID_MAX_LENGTH = 80
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
_ID = re.compile(ID_PATTERN)


def is_id(text: str) -> bool:
    """Whether ``text`` is an id as every model's ``Id`` takes it: what makes ids outside a
    file (a drill's MSEL sheet adding injects) checks them here, so the rule is written once."""
    return len(text) <= ID_MAX_LENGTH and _ID.fullmatch(text) is not None
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class StrictModel(BaseModel):
    """Base of every plan model: unknown keys are errors, models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Text(StrictModel):
    """The original Chinese beside an English rendering; users read Chinese first."""

    zh: NonEmpty
    en: NonEmpty


class Source(StrictModel):
    """Where a rule comes from: document (defaults to the plan's own), clause, quote."""

    document: NonEmpty | Text | None = Field(
        default=None, description="Document title, as the document writes it or as {zh, en} with an English "
                                  "translation, which an English reader is shown; omitted means the plan's own document."
    )
    clause: NonEmpty = Field(description="Clause number or heading, e.g. '5.4' or '附件1 一'.")
    quote: Annotated[str, StringConstraints(min_length=2, max_length=400)] = Field(
        description="A short quote of the original Chinese text."
    )
    checked: bool | None = Field(
        default=None,
        description="false: the quote's wording could not be checked against a published copy of the document "
                    "(the file says which copies were consulted); every face then marks it. Omitted: checked.",
    )

    # How a citation reads, for every face (pages, command line, reports): here, once.

    def at(self, language: str, plan: Any = None, clause_first: bool = False) -> str:
        """Where to look, as a reader of ``language`` reads it: the clause as every face cites
        one (:func:`sim.event_kinds.clause_label`: ``Annex 2, III`` in English), after the
        document's title when it is not the plan's own (``5.4``, ``《…》 三（六）26``), or
        after the plan's own title ``plan`` where one is given (a run that holds several
        documents, whose clauses share their numbers); in a table's Clause column
        (``clause_first``), before it (:func:`in_document`)."""
        clause = clause_label(self.clause, language)
        document = self.document or plan
        return in_document(document, clause, language, clause_first) if document else clause

    def document_data(self) -> str | dict[str, str] | None:
        """The document's title as plain data, for JSON (``check``, ``classify``): as the file
        writes it, or ``{zh, en}`` where it gives a translation; None for the plan's own."""
        return bilingual(self.document) if isinstance(self.document, Text) else self.document

    def unchecked_note(self, language: str) -> str:
        """What follows the quote wherever a reader sees it: a mark when its wording stands
        unchecked (see ``checked``), else nothing; in ``both`` languages, the Chinese mark then
        the English."""
        if self.checked is not False:
            return ""
        return "".join(text("common.quote_unchecked", each) for each in (LANGUAGES if language == BOTH else (language,)))

    def quoted(self, language: str, brackets: bool = True) -> str:
        """The original words as a reader sees them: in 「」 (bare in a cell headed "original
        text"), then the unchecked mark."""
        return (f"「{self.quote}」" if brackets else self.quote) + self.unchecked_note(language)

    def line(self, language: str, plan: Any = None) -> str:
        """The citation on one line: ``5.4 「…」``, marked if its quote stands unchecked (``plan``: as :meth:`at`)."""
        return f"{self.at(language, plan)} {self.quoted(language)}"


def in_document(document: object, clause: str, language: str, clause_first: bool = False) -> str:
    """A clause (as :func:`sim.event_kinds.clause_label` words it) after the title of the
    document it stands in, as a reader of ``language`` reads the title: the one wording of a
    citation that names its document, whether a rule names another document
    (:meth:`Source.at`) or a run holds several plans, whose clauses share their numbers.

    A table's Clause column (``clause_first``) gives the clause first and the title after it
    (``附件2 三 · 固阳县…``): the column is narrow and its rows show a few lines, so a title
    of some forty characters before the clause would leave the clause itself cut off."""
    title = shown(document, language)
    return f"{clause} · {title}" if clause_first else f"{title} {clause}"


class Assumption(Text):
    """Why a number or a rule the document leaves open was chosen, in Chinese and in English.

    It is a :class:`Text` like every other bilingual text of a plan, so each face shows it
    in the reader's language; each text is at least a short sentence. A plain string is
    refused rather than taken as one language, because a reader of the other language
    would then meet a rule whose reason they cannot read.
    """

    zh: Annotated[str, StringConstraints(min_length=5, strip_whitespace=True)]
    en: Annotated[str, StringConstraints(min_length=10, strip_whitespace=True)]

    @model_validator(mode="before")
    @classmethod
    def _both_languages(cls, data):
        if isinstance(data, str):
            raise ValueError(Message("model.assumption_bilingual"))
        return data


class Cited(StrictModel):
    """A rule: it must name its ``source``, or state an ``assumption`` and its rationale."""

    source: Source | None = None
    assumption: Assumption | None = Field(
        default=None,
        description="Why a number the document leaves open was chosen, as {zh, en} (each at least a sentence).",
    )

    @model_validator(mode="after")
    def _needs_source_or_assumption(self):
        if self.source is None and self.assumption is None:
            raise ValueError(Message("model.source_or_assumption"))
        return self


class Bounds(Cited):
    """How a plan reads "X以上" / "Y以下": whether each bound includes the number itself.

    Chinese plans usually say so in a closing sentence (附件1: 以上含本数, 以下不含本数);
    it is data, not code, because another plan may say otherwise.
    """

    lower_inclusive: bool = True
    upper_inclusive: bool = False


class Range(StrictModel):
    """A closed numeric interval such as a fine of 500–2000 yuan (以上…以下 both stated)."""

    min: Yuan | None = None
    max: Yuan | None = None

    @model_validator(mode="after")
    def _ordered(self):
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(Message("model.inverted_range", min=f"{self.min:g}", max=f"{self.max:g}"))
        return self


class Document(Cited):
    """The document a plan file encodes: title, issuer, number, dates.

    ``assumption`` records what the dates rest on when the document does not say (a
    notice that names no effective date takes effect when it is signed); a date the
    published text does not state at all may be left out, with an ``assumption`` that
    says so. A notice that applies from a date must state it
    (:class:`~sim.plan.ban_notice.BanNotice`).
    """

    title: Text
    issuer: Text
    number: NonEmpty | None = Field(default=None, description="Document number (文号), if any.")
    issued: dt.date | None = None
    effective: dt.date | None = None
    source: Source
    discrepancies: list[Discrepancy] = Field(
        default_factory=list, description="Where the document and another official text disagree, and which was used."
    )

    @model_validator(mode="after")
    def _dates_stated_or_explained(self):
        missing = [key for key in ("issued", "effective") if getattr(self, key) is None]
        if missing and self.assumption is None:
            raise ValueError(Message("model.date_missing", what=" and ".join(missing)))
        return self


class Discrepancy(StrictModel):
    """Two official texts that disagree (a plan and its policy interpretation), kept on record."""

    text: Text
    source: Source


Document.model_rebuild()


class NamedCondition(StrictModel):
    """An incident condition (``heating_season``) and what people call it (采暖期 / heating season):
    a plan names those its duties, measures and steps require, an area those its key users
    and corridors set (:mod:`sim.inputs.conditions`)."""

    id: Id
    name: Text
