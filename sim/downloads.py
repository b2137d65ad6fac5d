"""Files a person downloads, in the shape their everyday programs open correctly.

A CSV is written in UTF-8 *with* a byte-order mark: Excel on a Chinese Windows reads a
CSV without one in the local code page (GBK) and shows the Chinese as garbage; with the
mark it reads UTF-8. (Printable pages are A4: see the style of :func:`sim.report.render_html`.)
"""

from __future__ import annotations

import pandas as pd

#: UTF-8 with a byte-order mark, which Excel takes as the sign of UTF-8.
EXCEL_ENCODING = "utf-8-sig"


def excel_csv(frame: pd.DataFrame) -> bytes:
    """A table as CSV bytes that Excel opens with its Chinese intact."""
    return frame.to_csv(index=False).encode(EXCEL_ENCODING)
