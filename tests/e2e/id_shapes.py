"""What an id looks like, for tests that check people are shown names instead.

Plans, scenarios and results name things by ids: snake_case (``publicity_dept``), dotted
(``warning.propose``), kebab with two or more hyphens (``winter-ice-storm``) and incident
ids with a place (``fire-5@corridor-110-park``). English prose has none of these shapes,
except hyphenated phrases like "day-to-day", which are not ids.
"""

from __future__ import annotations

import re

ID_SHAPED = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z]+_?[a-z]*\.[a-z_]+[a-z]\b"
                       r"|\b[a-z]+(?:-[a-z0-9]+){2,}\b|\b[\w-]+@[\w-]+")
#: Hyphenated English: day-to-day, face-to-face, one-by-one, end-of-life.
PHRASE = re.compile(r"^[a-z]+(?:-(?:to|by|of|in|on|and|the|a)-[a-z]+)+$")


def ids_in(text: str) -> list[str]:
    """The id-shaped words in ``text``, each once, sorted."""
    return sorted({m for m in ID_SHAPED.findall(text) if not PHRASE.match(m)})
