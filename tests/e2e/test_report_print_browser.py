"""A printed report's tables in a real browser: a word is never broken across lines and a short
column (a time, a clause, a grade) is never squeezed onto several lines by long text beside it."""

from __future__ import annotations

import pytest

from sim.report import Section, render_html
from streamlit_server import browser_of, need_browser

pytestmark = pytest.mark.e2e

LONG = ("Guyang Branch of the Baotou Power Supply Company: the duty “Watch key equipment and fuel supply, share "
        "information with the departments concerned, and assess the likely effect on supply” was never started")
FINDINGS = Section("Findings", header=["Grade", "Attributed to", "Time", "Unit", "Clause", "What"], rows=[
    ["deficiency", "the plan", "07-18 18:00", "China Telecom Guyang Branch", "7.3", LONG],
    ["item to rectify", "the players", "07-18 16:00", "Guyang Branch of the Baotou Power Supply Company", "Annex 2, III",
     LONG],
])
#: Each cell whose lines break inside a word (a line ends where no space or hyphen is), and each
#: short cell (no more than two words) drawn on more than one line.
BROKEN = """() => {
  const found = [];
  for (const cell of document.querySelectorAll('td')) {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    const words = cell.textContent.trim().split(/\\s+/);
    for (const word of words) {
      const probe = document.createElement('span');
      probe.textContent = word;
      probe.style.whiteSpace = 'nowrap';
      cell.appendChild(probe);
      const wide = probe.getBoundingClientRect().width;
      probe.remove();
      const style = getComputedStyle(cell);
      const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (wide > room + 0.5) found.push(`word ${word} broken in a column ${Math.round(room)} px wide`);
    }
    if (words.length <= 2 && cell.textContent.length <= 12 && tops.size > 1) found.push(`short cell on ${tops.size} lines: ${cell.textContent}`);
  }
  return found;
}"""


def test_a_printed_tables_words_stay_whole_and_its_short_columns_on_one_line():
    from playwright.sync_api import sync_playwright

    need_browser()
    with sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = browser.new_page(viewport={"width": 800, "height": 1000})  # about an A4 page's text width
        page.set_content(render_html("Drill report", [FINDINGS], "en"))
        found = page.evaluate(BROKEN)
        browser.close()
    assert not found, found


def test_a_name_typed_without_spaces_wraps_within_the_printed_page():
    """A 200-character name with no space (a drill's participant, as typed) in a table, in the
    overview's pairs and in the title made the report 2,600 px wide, past the A4 page."""
    from playwright.sync_api import sync_playwright

    need_browser()
    typed = "Z" * 200
    chinese = "赵" * 200
    people = Section("Participants", header=["Role", "Person", "Time"],
                     rows=[["County government", typed, "07-18 12:00"], ["Power company", chinese, "07-18 12:00"]])
    overview = Section("Overview", pairs=[(typed, chinese), ("Drill", typed)])
    with sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = browser.new_page(viewport={"width": 800, "height": 1000})
        page.set_content(render_html(typed, [overview, people, FINDINGS], "en"))
        width = page.evaluate("() => document.documentElement.scrollWidth")
        found = page.evaluate(BROKEN)
        browser.close()
    assert width <= 800
    assert [f for f in found if typed[:4] not in f and chinese[:4] not in f] == []  # ordinary words stay whole
