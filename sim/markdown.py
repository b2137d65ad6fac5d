"""Text shown as it was written, inside a line of Markdown: on a page and in a written report.

Pages (Streamlit's ``st.markdown``) and the written reports (``.md`` downloads) both put
text that the product does not control into Markdown: a plan's words, a name or a note a
drill participant typed, an inject's title. Such text must be shown as typed — a
``**李四**`` never bold, a ``[点我](http://…)`` never a link, a ``$`` never a formula — in
every place alike, so there is one function for it: :func:`markdown_plain`.

Escapes are Markdown's own backslashes, so a viewer shows the characters themselves.
HTML is escaped only where a character would start markup (``<`` before a tag's letter,
``&`` before an entity's ``name;``): a report is read as plain text too, where ``Science
& Technology`` must stay as it is. Marks that count only at a line's start (``#``, ``-``,
``1.``, ``>``) are left alone: a text given here follows a label or a number on its line.
"""

from __future__ import annotations

import re

#: The characters Markdown (and Streamlit's own marks: ``:gray[…]``, formulas between ``$``)
#: reads as marks within a line: emphasis, code, links, struck text, formulas, escapes.
_MARKS = re.compile(r"([\\`*_\[\]~$])")
#: What Markdown viewers read as HTML: a tag, a comment or a declaration (``<b>``, ``</b>``,
#: ``<!--``, ``<?``), or an entity (``&amp;``, ``&#38;``).
_MARKUP = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)")
#: Between the letters of an address, so that no viewer reads it as one: invisible, no width.
_JOINER = "\u2060"
#: What the pages turn into a picture: an emoji's or an icon's short name between colons
#: (``:fire:``, ``:+1:``, ``:material/home:``); a clock time's colon (``11:30``) is not one.
_SHORTCODE = re.compile(r":(?=[A-Za-z+\-][\w+\-/]*:)")
#: What Markdown viewers turn into a link without brackets: a link scheme's colon, ``www.``'s dot.
_AUTOLINK = re.compile(r"(?i)\b(?:https?|ftp|mailto|javascript|vbscript|data|file):|\bwww\.")


def markdown_plain(text: str) -> str:
    """``text`` as it is written, within a line of Markdown: no emphasis, code, formula,
    link, web or e-mail address, emoji or HTML made of what a plan says or a person typed."""
    escaped = _MARKUP.sub(lambda m: "\\" + m.group(0), _MARKS.sub(r"\\\1", str(text)))
    # No picture for a short name between colons: the pages (Streamlit) draw ``:fire:`` as 🔥
    # whatever backslashes say, so the word joiner goes after the colon that opens it.
    escaped = _SHORTCODE.sub(":" + _JOINER, escaped)
    # No bare web or e-mail address: a link scheme's colon, ``www.``'s dot and an ``@`` are
    # escaped, each after a word joiner. The backslash alone does not do: the pages' Markdown
    # (GitHub's flavour, as Streamlit draws it) finds addresses in the text once its escapes
    # are read, where ``http\\://x`` is ``http://x`` again; with the joiner the address is no
    # longer written whole, there or in any other viewer.
    return _AUTOLINK.sub(lambda m: m.group(0)[:-1] + _JOINER + "\\" + m.group(0)[-1],
                         escaped.replace("@", _JOINER + "\\@"))
