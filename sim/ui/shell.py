"""The frame around every page: page setup, the language switch, the navigation.

A link may name its language (``…?lang=en``): the page opens in it, and the switch
keeps the link's language in step.

Pages are small scripts under ``sim/ui/pages/`` (what ``st.navigation`` runs and what
``AppTest.switch_page`` addresses); each calls the ``render()`` of its page module.
Their URL paths are fixed English words so links survive a language switch. The first
page is served at the app's root (``/``), as Streamlit serves a default page; its own path
(``/plans``) leads there too rather than to Streamlit's English "Page not found".

A path that names no page at all (``/plan``) still gets Streamlit's own dialog, in English:
``st.navigation`` then runs the default page and tells the browser so itself, and offers
the app no way to know or to word it.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from . import choices
from .i18n import DEFAULT, LANGUAGES, STATE_KEY, t
from .widgets import streamlit_words

PAGES_DIR = Path(__file__).resolve().parent / "pages"
#: (script, url path, title key, icon); the first is the default page.
PAGES = (
    ("plans.py", "plans", "nav.plans", ":material/menu_book:"),
    ("run.py", "run", "nav.run", ":material/play_circle:"),
    ("walk.py", "walk", "nav.walk", ":material/footprint:"),
    ("whatif.py", "whatif", "nav.whatif", ":material/tune:"),
    ("bans.py", "bans", "nav.bans", ":material/local_fire_department:"),
    ("facilitator.py", "facilitator", "nav.facilitator", ":material/co_present:"),
    ("participant.py", "participant", "nav.participant", ":material/badge:"),
    ("projector.py", "projector", "nav.projector", ":material/cast:"),
)

#: What Streamlit is told the first page's path is: it serves that page at the root and at no
#: path of its own, so the page's path in :data:`PAGES` is left free for a link to it.
AT_ROOT = "start"
#: ``st.session_state`` entry: the language last chosen, kept where no widget can drop it.
CHOSEN = "lang.chosen"


#: A metric's value (a level's name, a clock time) and its label ("重要用户：备用电源 / 失电")
#: wrap onto a second line rather than being cut with an ellipsis in a narrow column
#: (laptop and phone widths).
STYLE = """<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] > div {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere;
  font-size: clamp(1.3rem, 2.4vw, 2.1rem); line-height: 1.2;
}
[data-testid="stMetricLabel"] p {
  white-space: normal !important; overflow: visible; text-overflow: clip;
}
</style>"""


def _language_in_link() -> None:
    """A link that names its language follows the switch, so the page stays in the language chosen."""
    if STATE_KEY in st.query_params:
        st.query_params[STATE_KEY] = st.session_state[STATE_KEY]


def _keep_language() -> None:
    """The language of this run: a link's, else the switch's, else the one last chosen.

    Streamlit forgets a widget's value on a page opened by ``st.switch_page`` (a button
    that opens a run on the Run page): the switch would fall back to Chinese there and on
    every page after. The choice is therefore also kept under :data:`CHOSEN`, a key no
    widget owns, and the switch starts from it whenever its own value is gone."""
    if st.query_params.get(STATE_KEY) in LANGUAGES:  # a link in a language (a projector's has no switch)
        st.session_state[STATE_KEY] = st.query_params[STATE_KEY]
    if STATE_KEY not in st.session_state:
        st.session_state[STATE_KEY] = st.session_state.get(CHOSEN, DEFAULT)
    st.session_state[CHOSEN] = st.session_state[STATE_KEY]


def main() -> None:
    st.set_page_config(page_title="Tuiyan 推演", page_icon=":material/emergency:", layout="wide")
    st.html(STYLE)
    _keep_language()
    choices.radio(
        st.sidebar, t("lang.label"), list(LANGUAGES), key=STATE_KEY, format_func=LANGUAGES.get, horizontal=True,
        on_change=_language_in_link,
    )
    st.html(streamlit_words())
    st.sidebar.markdown(f"**{t('app.title')}**")
    st.sidebar.caption(t("app.caption"))
    pages = [
        st.Page(PAGES_DIR / script, title=t(title), url_path=url if i else AT_ROOT, icon=icon, default=i == 0)
        for i, (script, url, title, icon) in enumerate(PAGES)
    ]
    _, url, title, icon = PAGES[0]
    first = pages[0]
    # the first page's own path, hidden from the menu: it sends the browser to the root, where that page is
    pages.append(st.Page(lambda: st.switch_page(first), title=t(title), url_path=url, icon=icon, visibility="hidden"))
    st.navigation(pages).run()
