"""Words for plain command-line output in the reader's language (``--lang zh|en|both``).

Labels come from the catalogue (:mod:`sim.messages`); the plans' own texts are ``{zh,
en}`` pairs. With ``both`` (the default) a label reads ``处罚 Penalties:`` and a
sentence is printed in Chinese, then in English on the next line.
"""

from __future__ import annotations

from .messages import Message


class Words:
    """The catalogue's words and the plans' ``{zh, en}`` texts in the reader's language
    (``both``: Chinese then English, a label as ``处罚 Penalties:``)."""

    def __init__(self, language: str):
        self.language = language

    def label(self, key: str, **values) -> str:
        zh, en = (Message(key, **values).in_language(lang) for lang in ("zh", "en"))
        return {"zh": zh, "en": en}.get(self.language, f"{zh} {en}")

    def head(self, key: str, **values) -> str:
        zh, en = (Message(key, **values).in_language(lang) for lang in ("zh", "en"))
        return {"zh": f"{zh}：", "en": f"{en}: "}.get(self.language, f"{zh} {en}: ")

    def say(self, key: str, **values) -> str:
        return Message(key, **values).in_language(self.language)

    def one(self, text, sep: str = " ") -> str:
        zh, en = (text["zh"], text["en"]) if isinstance(text, dict) else (text.zh, text.en)
        return {"zh": zh, "en": en}.get(self.language, f"{zh}{sep}{en}")

    def texts(self, text) -> list[str]:
        return {"zh": [text.zh], "en": [text.en]}.get(self.language, [text.zh, text.en])

    def noted(self, key: str, text, indent: str) -> list[str]:
        """A ``{zh, en}`` sentence under a label (``假设 Assumption: …``), one line per language,
        the second indented below the first; nothing for no text."""
        if not text:
            return []
        first, *rest = self.texts(text)
        return [f"{indent}{self.head(key)}{first}", *(f"{indent}  {line}" for line in rest)]
