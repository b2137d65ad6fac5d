"""The Streamlit app's pages and helpers; ``app.py`` only hands over to :mod:`sim.ui.shell`.

Pure helpers (:mod:`sim.ui.i18n`, :mod:`sim.ui.describe`, :mod:`sim.ui.charts`,
:mod:`sim.ui.walk`) take plain values and return text, tables or figures, so tests can
call them without a running app; page modules (``*_page.py``) draw with them.
"""
