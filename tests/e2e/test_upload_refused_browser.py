"""A file the uploader refuses in the browser says so in the reader's language.

Streamlit's uploader refuses a file of another type, or one larger than the limit, before it
reaches the page, and says why only in English, when the red sign is pointed at. The page's
style sheet writes "not accepted" beside the file's size and its own note in the pointer's
place, in 中文 and in English (:func:`sim.ui.widgets.streamlit_words`).
"""

from __future__ import annotations

import pytest

from sim.messages import text
from sim.ui.widgets import upload_mb
from streamlit_server import EXCEPTION, browser_of, new_tab, settle, streamlit_app

pytestmark = pytest.mark.e2e

#: What the style sheet writes after the refused file's size, and in its pointer's note.
MARK = """() => [...document.querySelectorAll(
  '[data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"] + div')]
  .map(e => getComputedStyle(e, '::after').content)"""
NOTE = """() => [...document.querySelectorAll('[data-testid="stTooltipErrorContent"]')]
  .filter(e => e.getClientRects().length).map(e => getComputedStyle(e, '::after').content)"""


@pytest.mark.parametrize("name, size", [("plan.json", 2), ("plan.yaml", 3 * 2**20)])
def test_a_refused_upload_says_it_was_not_accepted_and_why_in_both_languages(tmp_path, name, size):
    from playwright.sync_api import sync_playwright

    refused = tmp_path / name
    refused.write_text("a: 1\n" * (size // 5 + 1), encoding="utf-8")
    with streamlit_app("streamlit-upload-refused.log") as url, sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, 1440, 1000)
        for language, switch in (("zh", None), ("en", "English")):
            page.goto(f"{url}/run")
            settle(page)
            if switch:
                page.locator('[data-testid="stSidebar"]').get_by_text(switch, exact=True).click()
                settle(page)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(refused))
            page.wait_for_selector('[data-testid="stFileChip"][aria-invalid="true"]')
            assert page.evaluate(MARK) == [f'" · {text("upload.refused_mark", language)}"']
            page.locator('[data-testid="stFileChip"]').hover()
            page.wait_for_function(f"({NOTE})().length > 0")
            assert page.evaluate(NOTE) == [f'"{text("upload.refused", language, mb=upload_mb())}"']
            assert page.locator(EXCEPTION).count() == 0
        browser.close()
