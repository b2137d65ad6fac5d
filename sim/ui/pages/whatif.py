# Page script run by st.navigation; the page itself is sim/ui/whatif_page.py.
from sim.ui.whatif_page import render

render()
