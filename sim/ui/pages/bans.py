# Page script run by st.navigation; the page itself is sim/ui/bans_page.py.
from sim.ui.bans_page import render

render()
