"""Tuiyan (推演): an emergency-plan response simulator.

Plans are data (``plans/*.yaml``, each rule cited to its clause); the code in this
package interprets any plan of that shape: it loads and validates them, classifies
incidents, checks bans, and runs scenarios through them on a SimPy engine.
"""

__version__ = "0.1.0"
