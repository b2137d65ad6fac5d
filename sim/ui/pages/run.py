# Page script run by st.navigation; the page itself is sim/ui/run_page.py.
from sim.ui.run_page import render

render()
