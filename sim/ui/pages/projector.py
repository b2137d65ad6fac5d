# Page script run by st.navigation; the page itself is sim/ui/drill_pages.py.
from sim.ui.drill_pages import render_projector

render_projector()
