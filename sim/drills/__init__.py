"""Drills (演练): people play the plan's units against the clock; the plan is the answer key."""
