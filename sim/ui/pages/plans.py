# Page script run by st.navigation; the page itself is sim/ui/plans_page.py.
from sim.ui.plans_page import render

render()
