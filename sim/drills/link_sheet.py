"""The drill's links as a sheet a facilitator prints and hands out: one block per role.

A participant joins a drill by opening their link (``…/participant?drill=ID&role=UNIT&key=…``).
Typing 80 characters from a projector is where drills lose their first ten minutes, so
each link comes as a QR code a phone reads, beside the full URL, the unit's name and the
person who plays it. The sheet is a self-contained HTML page that prints on A4, each
role's block kept whole on one page, to be cut apart and handed to each player.

The links carry secret keys (:mod:`sim.drills.keys`): the sheet exists only where the
keys do — in the facilitator's session right after the drill is created, forked or a
link is issued — and is never stored.

QR codes are made by ``segno`` (pure Python, no image library), as inline SVG for the
sheet and PNG for the page.
"""

from __future__ import annotations

import html as html_lib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import segno

from ..messages import HTML_LANG, read_in, shown, text

#: Error correction M (15 %): a printed code still reads with a crease or a smudge.
ERROR_LEVEL = "m"


@dataclass(frozen=True)
class Entry:
    """One block of the sheet: whose link it is, and the link."""

    unit: Mapping[str, str]  # the unit's name, {zh, en}
    person: str
    url: str


def qr_svg(url: str, scale: int = 4) -> str:
    """The QR code of ``url`` as an inline SVG element (for the printed sheet)."""
    return segno.make(url, error=ERROR_LEVEL).svg_inline(scale=scale, title=url)


def qr_png(url: str, scale: int = 5) -> bytes:
    """The QR code of ``url`` as PNG bytes (for the page)."""
    out = io.BytesIO()
    segno.make(url, error=ERROR_LEVEL).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 48em; color: #222; }
h1 { font-size: 1.4em; border-bottom: 3px solid #c0392b; padding-bottom: .2em; }
.secret { color: #c0392b; font-weight: bold; }
.role { display: grid; grid-template-columns: auto 1fr; gap: 0 1.5em; align-items: center;
        border: 1px dashed #888; padding: 1em; margin: 1em 0; break-inside: avoid; page-break-inside: avoid; }
.unit { font-size: 1.3em; font-weight: bold; }
.person { font-size: 1.1em; margin: .3em 0 .6em; }
.url { font-family: monospace; font-size: .85em; overflow-wrap: anywhere; }
@page { size: A4; margin: 15mm 12mm; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } }
"""


def html(drill_name: str, entries: Sequence[Entry], language: str) -> str:
    """The printable sheet: the drill's name, a warning that the links are secret, and one
    block per role (unit, person, QR code, URL). The facilitator's own link is not on it:
    the sheet is cut apart and handed out. In ``language`` (``zh``, ``en``, or ``both``: each
    line Chinese, then English beside it, so every block cut from the sheet carries both)."""
    esc = html_lib.escape
    title = text("drill_links.title", language, drill=drill_name)
    blocks = []
    for entry in entries:
        blocks.append(
            f'<section class="role">{qr_svg(entry.url)}<div>'
            f'<div class="unit">{esc(shown(entry.unit, language))}</div>'
            f'<div class="person">{esc(text("drill_links.played_by", language, person=entry.person))}</div>'
            f'<div class="url">{esc(entry.url)}</div></div></section>')
    return (f'<!DOCTYPE html>\n<html lang="{HTML_LANG[read_in(language)[0]]}"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>\n<h1>{esc(title)}</h1>\n"
            f'<p class="secret">{esc(text("drill_links.secret", language))}</p>\n' + "\n".join(blocks)
            + "\n</body></html>\n")
