# Page script run by st.navigation; the page itself is sim/drills/app.py.
from sim.drills.app import render_facilitator

render_facilitator()
