"""Characters no text a person reads may hold, whoever wrote it and however it came in.

The bidirectional controls (:data:`BIDI_CONTROLS`) are invisible and change the order text
is drawn in: a right-to-left override in a name turns the rest of its line round, on a page,
in a table and in a printed report, and the marks reorder the digits and punctuation beside
them (a clock time). Chinese and English, which the product is read in, have no use for
them. A plan's, a scenario's or an area's file that holds one is refused at its line, as
YAML's own forbidden characters are (:mod:`sim.inputs.yaml_source`); a drill refuses one in
what is typed into it, naming the field (:mod:`sim.drills.text`).
"""

from __future__ import annotations

#: The embeddings and overrides (U+202A–U+202E), the isolates (U+2066–U+2069) and the marks
#: (U+200E, U+200F, U+061C).
BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                                 0x200E, 0x200F, 0x061C))
