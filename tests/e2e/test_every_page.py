"""Every page, in both languages, at desktop, laptop and phone width, in a real browser.

At 1440, 1024 and 390 px wide, in 中文 and in English, each page of the app is visited
(the Run page runs the scenario it opens on, the walk-through steps, every section of the
Plans page is opened for a response plan and a ban notice, the What-if page compares an
edited plan with the shipped one, the Fire-ban check answers for a day, an activity and a
zone) and checked for what a user would meet: an exception, a page wider than the screen
(something cut off), a row whose values, fields or buttons are not level, an id where a
name belongs (``warning.propose``, ``publicity_dept``, ``fire-5@corridor``) in its text,
tables and logs, and in 中文 an English-only message (a chart's toolbar and the skip link included).
Screenshots go to ``artifacts/screenshots/`` (the README's come from here).
"""

from __future__ import annotations

import re

import pytest

from sim.inputs.loader import load_plan, load_scenario
from sim.messages import text
from sim.ui.shell import PAGES
from id_shapes import ids_in
from streamlit_server import CUT_BUTTONS, EXCEPTION, ROOT, SHOTS, browser_of, new_tab, settle, streamlit_app

pytestmark = pytest.mark.e2e

WIDTHS = (1440, 1024, 390)
#: The plans whose every section the Plans page is checked on: a response plan and a ban notice.
SECTIONED = ("guyang-blackout-2023", "guyang-fire-ban-2023")
#: What the What-if page compares: the Level II 35 % variant on the random county blackout.
VARIANT = ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml"
TEMPLATE = ROOT / "plans" / "scenarios" / "random-blackout.yaml"
#: Words a person may read in either language: proper names and units.
PROPER = re.compile(r"Tuiyan|Streamlit|YAML|JSON|CSV|HTML|Markdown|Excel|PostgreSQL|SQLite|\bMW\b|\bkV\b")
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{3,}(?:[ ,'-]+[A-Za-z]{2,}){2,}")
#: Where a person reads: labels, text, alerts, metrics, table headers and cells, chart titles and legends.
TEXTS = """() => [...document.querySelectorAll(
  '[data-testid="stMain"] [data-testid="stMarkdownContainer"], [data-testid="stMain"] [data-testid="stWidgetLabel"],'
  + '[data-testid="stMain"] button, [data-testid="stMetricValue"], [data-testid="stAlert"],'
  + '[data-testid="stMain"] [role="columnheader"], .gtitle, .legendtext, .xtitle, .ytitle, .annotation-text')
].map(e => e.textContent.trim()).filter(Boolean)"""
#: Figures cut off with an ellipsis (a metric's value wider than its column).
CUT = """() => [...document.querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMetricValue"] *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())"""
#: Rows of side-by-side columns whose metric values, fields or buttons are not on one line (each
#: column holding one of them): a label that wraps pushed its value or field below its neighbours'.
UNALIGNED = """() => {
  const kinds = '[data-testid="stMetricValue"], [data-testid="stNumberInput"] input, [data-testid="stTextInput"] input,'
    + '[data-testid="stSelectbox"] [data-baseweb="select"], [data-testid="stDateInput"] input,'
    + '[data-testid="stButton"] button, [data-testid="stDownloadButton"] button, [data-testid="stFormSubmitButton"] button';
  const middle = e => { const box = e.getBoundingClientRect(); return (box.top + box.bottom) / 2; };
  const found = [];
  for (const row of document.querySelectorAll('[data-testid="stMain"] [data-testid="stHorizontalBlock"]')) {
    const columns = [...row.children].filter(c => c.getBoundingClientRect().height > 0);
    if (columns.length < 2 || new Set(columns.map(c => Math.round(c.getBoundingClientRect().top))).size > 1) continue;
    const held = columns.filter(c => !c.querySelector('[data-testid="stHorizontalBlock"]'))
      .map(c => [...c.querySelectorAll(kinds)]).filter(inside => inside.length === 1).map(inside => inside[0]);
    const middles = held.map(middle);
    if (held.length > 1 && Math.max(...middles) - Math.min(...middles) > 4)
      found.push(held.map(e => `${(e.closest('[data-testid="stMetric"]') || e).innerText.replace(/\\s+/g, ' ').slice(0, 30)}`
                               + ` @${Math.round(middle(e))}`).join(' | '));
  }
  return found;
}"""
CELLS = """() => [...document.querySelectorAll('[data-testid="stMain"] [role="gridcell"]')]
  .map(e => e.textContent.trim()).filter(Boolean)"""


def sidebar(page) -> None:
    """Open the sidebar (collapsed at phone width)."""
    button = page.locator('[data-testid="stExpandSidebarButton"]')
    if button.count() and button.first.is_visible():
        button.first.click()
        page.wait_for_timeout(400)


def close_sidebar(page) -> None:
    """At phone width the open sidebar covers the page: close it again."""
    if page.viewport_size["width"] >= 640:
        return
    button = page.locator('[data-testid="stSidebarCollapseButton"] button')
    if button.count() and button.first.is_visible():
        button.first.click()
        page.wait_for_timeout(400)


def go(page, url_path: str) -> None:
    sidebar(page)
    index = [entry[1] for entry in PAGES].index(url_path)
    page.locator('[data-testid="stSidebarNav"] a').nth(index).click()
    if index:
        page.wait_for_url(f"**/{url_path}")
    settle(page)
    close_sidebar(page)


def language(page, name: str) -> None:
    sidebar(page)
    page.locator('[data-testid="stSidebar"]').get_by_text(name, exact=True).click()
    settle(page)
    close_sidebar(page)

#: What Streamlit's file uploader shows on its button and its limit line: the text drawn, or the
#: style sheet's replacement when the page hides Streamlit's own English words.
UPLOADER = """() => [...document.querySelectorAll(
  '[data-testid="stFileUploaderDropzone"] button p, [data-testid="stFileUploaderDropzoneInstructions"] span')
].map(e => getComputedStyle(e).fontSize === '0px' ? getComputedStyle(e, '::after').content : e.textContent)"""

#: What a chart's toolbar buttons show when pointed at (their titles as drawn: Plotly's own in
#: the chart's locale; the one Streamlit adds, replaced by the page's style sheet) and what the
#: link a keyboard reaches first shows (Streamlit's "Skip to main content", replaced too).
TOOL_WORDS = """() => [...document.querySelectorAll('.modebar-btn, [data-testid="stSkipToContent"]')]
  .map(e => getComputedStyle(e, '::after').content)"""


def findings(page, where: str, chinese: bool) -> list[str]:
    found = []
    if page.locator(EXCEPTION).count():
        found.append(f"{where}: an exception is shown")
    wide, screen = page.evaluate("() => [document.querySelector('[data-testid=\"stMain\"]').scrollWidth, innerWidth]")
    if wide > screen + 1:
        found.append(f"{where}: the page is {wide} px wide on a {screen} px screen")
    for text in sorted(set(page.evaluate(CUT) + page.evaluate(CUT_BUTTONS))):
        found.append(f"{where}: cut off: {text!r}")
    for row in page.evaluate(UNALIGNED):
        found.append(f"{where}: a row out of line: {row}")
    texts, cells = page.evaluate(TEXTS), page.evaluate(CELLS)
    for text in texts + cells:
        for match in ids_in(text):
            found.append(f"{where}: id {match!r} in {text[:100]!r}")
    if chinese:
        for text in texts:
            plain = PROPER.sub("", text)
            if not CJK.search(plain) and ENGLISH.search(plain):
                found.append(f"{where}: English only in 中文: {text[:100]!r}")
        for shown in page.evaluate(UPLOADER):
            if not CJK.search(shown):
                found.append(f"{where}: the file uploader shows English only in 中文: {shown!r}")
        for shown in sorted(set(page.evaluate(TOOL_WORDS))):
            if not CJK.search(shown):
                found.append(f"{where}: a chart's toolbar or the skip link shows English only in 中文: {shown!r}")
    return found


def every_section(page, where: str, chinese: bool) -> list[str]:
    """Open every section of the Plans page for each plan of :data:`SECTIONED`: the findings."""
    found = []
    language = "zh" if chinese else "en"
    for plan_id in SECTIONED:
        title = getattr(load_plan(ROOT / "plans" / f"{plan_id}.yaml").title, language)
        box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
        if title not in box.inner_text():
            box.click()
            page.get_by_role("option").filter(has_text=title).first.click()
            settle(page)
        buttons = page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').first.locator("button")
        for i in range(buttons.count()):
            buttons.nth(i).click()
            settle(page)
            found += findings(page, f"{where} {plan_id} section {i + 1} ({buttons.nth(i).inner_text()})", chinese)
    return found


def compare_an_edited_plan(page, language: str) -> None:
    """The What-if page: the edited plan in the YAML editor, compared on the random county blackout."""
    from test_whatif_browser import pick  # it reopens a box a rerun closed

    page.get_by_text(text("whatif.yaml", language), exact=True).click()
    settle(page)
    editor = page.locator('[data-testid="stTextArea"] textarea')
    editor.fill(VARIANT.read_text(encoding="utf-8"))
    editor.press("Control+Enter")
    settle(page)
    pick(page, text("whatif.scenario", language), getattr(load_scenario(TEMPLATE).title, language))
    page.get_by_role("button", name=text("whatif.compare", language), exact=True).click()
    means = max(text("whatif.means", language, n="\0").split("\0"), key=len).strip()
    page.wait_for_selector(f'[data-testid="stMain"] h4:has-text("{means}")')
    settle(page)


def ask_about_a_day_and_a_zone(page) -> None:
    """The Fire-ban check: a day of the 2023 spring lockdown, at a control zone."""
    page.locator('[data-testid="stDateInput"] input').fill("2023-04-05", force=True)
    page.keyboard.press("Enter")
    settle(page)
    zone = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').nth(1)
    zone.scroll_into_view_if_needed()
    zone.click(force=True)
    page.keyboard.type("白彦沟")
    page.keyboard.press("Enter")
    settle(page)


@pytest.fixture(scope="module")
def server():
    with streamlit_app("streamlit-every-page.log") as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_in_both_languages_shows_names_clock_times_and_no_cut_off(server, width):
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, width, 2200)
        page.goto(server)
        settle(page)
        for lang, name in (("zh", "中文"), ("en", "English")):
            if lang == "en":
                language(page, name)
            for _, url_path, _, _ in PAGES:
                go(page, url_path)
                if url_path == "run" and lang == "zh":
                    page.get_by_role("button", name="运行", exact=True).click()
                    page.wait_for_selector('[data-testid="stMetric"]')
                    settle(page)
                if url_path == "walk":
                    page.get_by_role("button", name="下一步" if lang == "zh" else "Next", exact=True).click()
                    settle(page)
                if url_path == "whatif":  # a widget's state does not outlive its label: each language anew
                    compare_an_edited_plan(page, lang)
                if url_path == "bans":
                    ask_about_a_day_and_a_zone(page)
                page.screenshot(path=str(SHOTS / f"{url_path}-{lang}-{width}.png"))
                problems += findings(page, f"{url_path} {lang} {width}px", chinese=lang == "zh")
                if url_path == "plans":
                    problems += every_section(page, f"plans {lang} {width}px", chinese=lang == "zh")
        page.context.close()
        browser.close()
    assert not problems, "\n".join(problems)


def test_a_link_to_the_first_pages_own_path_opens_it_in_the_links_language_without_page_not_found(server):
    """The first page is served at the root; a link to its own path (``/plans``) lands there
    too, in the language the link names, rather than on Streamlit's English "Page not found"."""
    from playwright.sync_api import sync_playwright

    first = PAGES[0][1]
    with sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, 1200, 900)
        for lang in ("zh", "en"):
            page.goto(f"{server}/{first}?lang={lang}")
            settle(page)
            assert page.locator('[data-testid="stMain"] h1').first.inner_text() == text(PAGES[0][2], lang)
            assert not page.get_by_text("Page not found").count() and not page.locator(EXCEPTION).count()
            assert page.url.split("?")[0].rstrip("/") == server  # the root, where the menu marks the page
        browser.close()

