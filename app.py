"""Tuiyan's Streamlit app: ``streamlit run app.py``. The pages live in :mod:`sim.ui`."""

from sim.ui.shell import main

main()
