"""What of its document a plan leaves out, and why: ``not_modelled`` and ``source_text``.

A plan encodes the clauses of its document that change what a simulated response or a
ban check does. The rest — exhortations (大力倡导…), background with nothing to
simulate (编制目的), matters outside the model (预案修订) — is listed in
``not_modelled`` with the clause and the reason, so that ``python -m sim coverage``
can account for every clause of the document: cited by a rule, or listed here.
``source_text`` says where the document's text lies in the gazette that prints it
(its first words and its last), since a gazette prints many documents.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import NonEmpty, StrictModel, Text

#: Why a clause is not modelled.
Reason = Literal["exhortation", "no_simulation_content", "out_of_scope"]


class NotModelled(StrictModel):
    """A clause of the document that no rule encodes, with the reason and a note in both languages;
    with ``quote``, only the sentence of the clause that contains the quote."""

    clause: NonEmpty = Field(description="The clause as `python -m sim coverage` labels it, e.g. '1.1' or '三（二）'.")
    quote: NonEmpty | None = Field(default=None, description="Words of the one sentence meant; omitted: the clause.")
    reason: Reason
    note: Text


class SourceText(StrictModel):
    """Where the document lies in its gazette: the words it begins with and the words it ends with."""

    begins: NonEmpty = Field(description="The document's first words (its title), as printed.")
    ends: NonEmpty = Field(description="The document's last words, as printed.")


class Accounted(StrictModel):
    """The fields every plan kind has for clause coverage."""

    source_text: SourceText | None = Field(
        default=None, description="Where the document's text lies in the gazette; omitted: the whole text given."
    )
    not_modelled: list[NotModelled] = Field(
        default_factory=list, description="Clauses no rule encodes, each with its reason."
    )
