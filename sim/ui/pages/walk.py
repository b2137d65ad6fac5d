# Page script run by st.navigation; the page itself is sim/ui/walk_page.py.
from sim.ui.walk_page import render

render()
