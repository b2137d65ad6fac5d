"""A language switch in the same tab relabels every choice a page offers, in a real browser.

Each page with select boxes, radios, multiselects, select sliders or section buttons is
opened in 中文, made to show its choices (the Run page runs, the walk-through steps, is set
to 2 s a step and filtered to one unit, the What-if page compares, the Fire-ban check asks,
the Plans page opens its last section, a drill is open on the drill pages), then switched to
English in the same tab; then each is opened in English the same way and switched to 中文.
What each choice shows after a switch must be what the page shows when opened in that
language: a browser keeps the text it drew for a chosen option unless the server sends the
value again, so a switch that only relabels the options leaves the chosen one in the first
language (``1 秒`` under "Time per step", the Chinese-first scenario title, no place ticked).
One server, one tab, the pages in turn.
"""

from __future__ import annotations

import pytest

from sim.drills import control, db
from sim.messages import text
from sim.ui.i18n import LANGUAGES
from sim.ui.shell import PAGES
from streamlit_server import EXCEPTION, ROOT, browser_of, new_tab, settle, streamlit_app
from test_every_page import ask_about_a_day_and_a_zone, compare_an_edited_plan, language, sidebar
from test_whatif_browser import pick

pytestmark = pytest.mark.e2e

SCENARIO = ROOT / "plans" / "scenarios" / "drill-chengnan-storm.yaml"
ROLES = {"power_company": "Ann"}
#: The unit the walk-through's log is filtered by, by its name in each language.
UNIT = {"zh": "包头供电公司固阳县分公司", "en": "Guyang Branch of the Baotou Power Supply Company"}
#: The pages that offer choices once :func:`_show_the_choices` has run: all but the projector,
#: a screen for the room with no switch.
WITH_CHOICES = [url_path for _, url_path, _, _ in PAGES if url_path != "projector"]
#: What a person reads on each choice in the page's main area: its kind, its label, what it
#: shows as chosen (a select box's or multiselect's text, a radio's ticked option, a select
#: slider's thumb and ends, the section button that is on) and, for radios, every option.
CHOICES = """() => [...document.querySelectorAll(
  '[data-testid="stMain"] :is([data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stRadio"],'
  + ' [data-testid="stSlider"], [data-testid="stButtonGroup"])')].map(e => {
    const label = (e.querySelector('[data-testid="stWidgetLabel"]') || {}).textContent || '';
    const all = sel => [...e.querySelectorAll(sel)].map(x => x.textContent.trim());
    const shown = {
      stSelectbox: () => [...e.querySelectorAll('.react-aria-ComboBox input')].map(i => i.value || i.placeholder),
      stMultiSelect: () => [...all('.react-aria-ComboBox [data-tag] [title]'),
                            ...[...e.querySelectorAll('.react-aria-ComboBox input')].map(i => i.placeholder)],
      stRadio: () => [...all('label:has(input:checked)'), '|', ...all('[role="radiogroup"] label')],
      stSlider: () => [...all('[data-testid="stSliderThumbValue"]'), ...all('[data-testid="stSliderTickBar"] > *')],
      stButtonGroup: () => all('button[aria-checked="true"], button[kind$="Active"]'),
    }[e.dataset.testid]();
    return `${e.dataset.testid} ${label.trim()}: ${shown.join(' / ')}`;
  })"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app on a database holding one drill; its base URL and the drill's keys."""
    url = f"sqlite:///{tmp_path_factory.mktemp('switch-db') / 'drills.sqlite'}"
    made = control.create(db.open_database(url), SCENARIO, name="Switch drill", roles=ROLES)
    with streamlit_app("streamlit-language-switch.log", {db.URL_ENV: url}) as base:
        yield base, made


def _query(url_path: str, made) -> str:
    """The drill pages open drill 1 with its facilitator's or its participant's key."""
    if url_path == "facilitator":
        return f"drill={made.id}&key={made.facilitator_key}"
    if url_path == "participant":
        return f"drill={made.id}&key={made.keys['power_company']}"
    return ""


def _show_the_choices(page, url_path: str, lang: str) -> None:
    """What makes the page draw its choices, the same in either language."""
    if url_path == "plans":
        page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').first.locator("button").last.click()
        settle(page)
    if url_path == "run":
        page.get_by_role("button", name=text("run.button", lang), exact=True).click()
        page.wait_for_selector('[data-testid="stMetric"]')
        # the event log's unit filter comes last, after the figures: counted before it is drawn,
        # the page opened showed one choice where the switched page showed two
        page.locator('[data-testid="stMultiSelect"]').filter(has_text=text("run.filter_unit", lang)).wait_for()
        settle(page)
    if url_path == "walk":
        page.get_by_role("button", name=text("walk.next", lang), exact=True).click()
        settle(page)
        pick(page, text("walk.speed", lang), text("clock.seconds", lang, s="2"))
        page.locator('[data-testid="stMultiSelect"]').filter(has_text=text("run.filter_unit", lang)).click()
        page.keyboard.type(UNIT[lang])  # the list is long and drawn only in part: filter it
        page.get_by_role("option", name=UNIT[lang], exact=True).click()
        page.keyboard.press("Escape")
        settle(page)
    if url_path == "facilitator":  # the form for a new drill, folded away once there is a drill
        # The console is long and drawn in parts: its last section first, so that the click lands
        # on the folded form as drawn and nothing is counted before the whole page is there.
        page.get_by_role("button", name=text("drill_papers.fork_go", lang), exact=True).wait_for()
        page.locator('[data-testid="stExpander"] summary').first.click()
        page.locator('[data-testid="stExpander"]').first.locator('[data-testid="stMultiSelect"]').wait_for()
        settle(page)
    if url_path == "whatif":
        compare_an_edited_plan(page, lang)
    if url_path == "bans":
        ask_about_a_day_and_a_zone(page)


def test_switching_the_language_in_a_tab_relabels_every_choice_as_a_page_opened_in_that_language(served):
    from playwright.sync_api import sync_playwright

    base, made = served
    fresh: dict[tuple[str, str], list[str]] = {}  # (page, language) -> the choices as the page opens in it
    switched: dict[tuple[str, str], list[str]] = {}  # the same, after a switch to that language
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, 1440, 2200)
        for first, into in (("zh", "en"), ("en", "zh")):  # 中文 first, as its users open it; then English
            for url_path in WITH_CHOICES:
                query = "&".join(q for q in (_query(url_path, made), "lang=en" if first == "en" else "") if q)
                page.goto(f"{base}/{url_path}" + (f"?{query}" if query else ""))
                settle(page)
                _show_the_choices(page, url_path, first)
                fresh[url_path, first] = page.evaluate(CHOICES)
                language(page, LANGUAGES[into])
                if page.locator(EXCEPTION).count():
                    problems.append(f"{url_path}: an exception after switching to {into}")
                switched[url_path, into] = page.evaluate(CHOICES)
        browser.close()
    for (url_path, into), shown in switched.items():
        opened = fresh[url_path, into]
        problems += [f"{url_path} switched to {into}: {got!r}; opened in {into}: {want!r}"
                     for got, want in zip(shown, opened) if got != want]
        if len(shown) != len(opened):
            problems.append(f"{url_path} switched to {into}: {len(shown)} choices; opened in {into}: {len(opened)}")
    assert [url_path for url_path in WITH_CHOICES if not fresh[url_path, "zh"]] == []
    assert not problems, "\n".join(problems)


def test_english_chosen_on_the_walk_through_stays_on_the_run_page_its_button_opens_and_after(served):
    """Streamlit forgets the switch's own value on a page a button opens (``st.switch_page``):
    the Run page and the pages after it stay in the language the trainer chose."""
    from playwright.sync_api import sync_playwright

    base, _ = served
    with sync_playwright() as playwright:
        browser = browser_of(playwright)
        page = new_tab(browser, 1440, 2200)
        page.goto(f"{base}/walk")
        settle(page)
        language(page, LANGUAGES["en"])
        page.get_by_role("button", name=text("walk.open_run", "en"), exact=True).click()
        page.wait_for_selector('[data-testid="stMetric"]')
        settle(page)
        run_title = page.locator("h1").first.text_content()
        sidebar(page)
        page.locator('[data-testid="stSidebarNav"] a').filter(has_text=text("nav.plans", "en")).click()
        settle(page)
        after = page.locator("h1").first.text_content()
        browser.close()
    assert (run_title, after) == (text("nav.run", "en"), text("nav.plans", "en"))
