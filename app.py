"""Tuiyan's Streamlit app: ``streamlit run app.py``. The pages live in :mod:`sim.ui`.

Streamlit runs this script as ``__main__``. A worker process that multiprocessing starts by
``spawn`` (a Dask local cluster's) imports the parent's main script again as ``__mp_main__``:
it must not build the app's pages there, outside any Streamlit session.
"""

from sim.ui.shell import main

if __name__ == "__main__":
    main()
