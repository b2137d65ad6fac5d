"""Words for plain command-line output in the reader's language (``--lang zh|en|both``).

Labels come from the catalogue (:mod:`sim.messages`); the plans' own texts are ``{zh,
en}`` pairs. With ``both`` (the default) a label reads ``处罚 Penalties:`` and a
sentence is printed in Chinese, then in English on the next line.
"""

from __future__ import annotations

from .event_kinds import NOT_CLAUSES
from .messages import LANGUAGES, Message, joined, pick, read_in, shown, typed  # noqa: F401  (typed: the command line's lists of valid values)


class Words:
    """The catalogue's words and the plans' ``{zh, en}`` texts in the reader's language
    (``both``: Chinese then English, a label as ``处罚 Penalties:``)."""

    def __init__(self, language: str):
        self.language = language

    def label(self, key: str, **values) -> str:
        message = Message(key, **values)
        if self.language in LANGUAGES:
            return message.in_language(self.language)
        return f"{message.zh} {message.en}"

    def head(self, key: str, **values) -> str:
        return self.label(key, **values) + self.colon

    @property
    def colon(self) -> str:
        """Between a name and what it says: full-width in Chinese."""
        return self.inline("common.colon")

    @property
    def in_line(self) -> str:
        """The language of what sits inside one line: the reader's, and English when both
        languages share the line."""
        return self.language if self.language in LANGUAGES else "en"

    def inline(self, key: str, **values) -> str:
        """A catalogue text that sits inside one line (a separator, a name with its id), in
        :attr:`in_line`."""
        return Message(key, **values).in_language(self.in_line)

    def joined(self, items) -> str:
        """Texts as one list inside a line (:func:`sim.messages.joined`), in :attr:`in_line`."""
        return joined(items, self.in_line)

    def say(self, key: str, **values) -> str:
        return Message(key, **values).in_language(self.language)

    def one(self, text, sep: str = " ") -> str:
        """A ``{zh, en}`` text on one line (:func:`sim.messages.shown`; both: ``sep`` between)."""
        return shown(text, self.language, sep)

    def name(self, names, key, missing: str | None = None) -> str:
        """An id of a result by the name ``names`` gives it (the names of its kind,
        ``names_from(...).of(kind)``: :func:`sim.report.names_from`);
        the scenario and the model by the catalogue's word for them; for no id, the
        catalogue's ``missing`` text or ``—``."""
        if key is None:
            return self.label(missing) if missing else "—"
        if key in names:
            return self.one(names[key])
        return self.label(NOT_CLAUSES[key]) if key in NOT_CLAUSES else str(key)

    def texts(self, text) -> list[str]:
        """A ``{zh, en}`` text one line per language the reader reads."""
        return [pick(text, language) for language in read_in(self.language)]

    def noted(self, key: str, text, indent: str) -> list[str]:
        """A ``{zh, en}`` sentence under a label (``假设 Assumption: …``), one line per language,
        the second indented below the first; nothing for no text."""
        if not text:
            return []
        first, *rest = self.texts(text)
        return [f"{indent}{self.head(key)}{first}", *(f"{indent}  {line}" for line in rest)]

