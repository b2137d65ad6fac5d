"""The largest numbers and the calendar the engine takes: bounds every input model states.

A file that validates must run: no overflow (``math.exp`` of a huge lognormal, a date
past year 9999), no array the size of the moon (an attempt rate times a busy-day factor
times the days), no replication that never ends. So every distribution parameter,
duration, rate, count, factor and date of a scenario, area, template or fire-ban
section is bounded here, far beyond any real county's numbers and well inside what the
engine computes with. The JSON Schemas in ``schema/`` carry the same bounds, so an
editor flags a value out of range as it is typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

#: Durations and times after a start, in hours: about eleven years (a run's horizon is at
#: most one year; a repair may outlast it, and is then simply not finished).
MAX_HOURS = 100_000.0
#: Multipliers of a rate, a duration or a load (severity, hazard, demand, busy days).
MAX_FACTOR = 1_000.0
#: The spread (σ of the logarithm) of a lognormal draw: 3 is a factor of 20 for one
#: standard deviation, already far wider than any estimate of a duration.
MAX_SIGMA = 3.0
#: Units, teams, crews, resources, priorities: counts of things a county has.
MAX_COUNT = 100_000
#: Fire crews, patrol teams and the crews sent to one fire: each is a process of the
#: fire engine, so they are counted in the hundreds, not the millions.
MAX_CREWS = 1_000
MAX_PER_FIRE = 100
#: Replications one sweep, comparison or benchmark runs (``--runs``). A million is far more
#: than any estimate needs — a mean's 95 % interval narrows as 1/√N, and at 10,000 it is
#: already about 2 % of a standard deviation wide — and still a run that ends: a shipped
#: blackout takes a few milliseconds a replication (under an hour for a million on one core),
#: the heaviest fire-ban story about 0.2 s (a few days on one core, hours on a cluster). A count
#: past it is far likelier an extra zero or two than a need, and 10¹² would run for centuries.
MAX_RUNS = 1_000_000
#: The largest random seed every face takes (``run``, ``sweep``, ``compare``, a drill, the
#: pages), so that a run one of them makes the others open: numpy's ``SeedSequence`` takes any,
#: and a drill keeps its seed in a signed 64-bit column. A page reads a number exactly up to
#: 2⁵³ − 1 and says so of a larger one (:func:`sim.ui.widgets.whole_number`).
MAX_SEED = 2**63 - 1
#: The largest replication every face takes, as :data:`MAX_SEED`: far past the last row of the
#: largest sweep or comparison (:data:`MAX_RUNS`), and what a drill keeps in a 32-bit column.
MAX_REPLICATION = 2**31 - 1
#: Money, in yuan: a fine or a cost. A trillion is far past any penalty a notice can set and
#: well inside 2**53, so every amount up to it is held and written exactly.
MAX_YUAN = 1_000_000_000_000.0
#: People and customers.
MAX_PEOPLE = 1_000_000_000
#: Power in MW (a province's grid is tens of thousands) and voltage in kV.
MAX_MW = 1_000_000.0
MAX_KV = 2_000.0
#: Distances in metres (a county is tens of kilometres across).
MAX_METRES = 1_000_000.0
#: Attempts of one activity at one place per day, before busy-day factors.
MAX_PER_DAY = 10_000.0
#: Attempts expected over a whole run (the engine simulates each one).
MAX_ATTEMPTS = 20_000
#: Fires a fire-ban run expects at the most: the attempts times their highest chance of
#: starting a fire, plus the scripted attempts. Each fire is a process of the engine, with
#: its own reports, crews and penalties.
MAX_FIRES = 2_000
#: Steps of fire growth in one run: a fire takes one step of work (a few microseconds) per
#: ``step_min`` until its crews contain it, and one that nothing contains burns to the end
#: of the run; so the fires expected times the steps of the run are bounded, which keeps the
#: longest run within about half a minute.
MAX_FIRE_STEPS = 2_000_000
#: Crews sent to fires in one run (fires times the crews sent to each): each is a process.
MAX_CREW_TRIPS = 100_000
#: Attempt cells of a fire-ban run: attempts are drawn for every day, activity and place
#: (each rate entry on each day), so the days times the rate entries are bounded.
MAX_RATE_DAYS = 100_000
#: Entries of one list of a fire-ban section (places, fuels, activities, patrols, crews…):
#: every attempt is checked against them, and each attempt keeps a draw per detector and crew.
MAX_ITEMS = 100
#: Power-line corridors within reach of one place: a fire checks each of them every step.
MAX_REACHES = 10
#: Substations and feeders of an area: at each repair the crews order every damaged element,
#: and each change of the network settles every element.
MAX_ELEMENTS = 2_000
#: Changes of the network in one run: injects plus every element an inject (or a fire
#: reaching a corridor) damages. Each keeps its events, so they are bounded by themselves
#: (memory) and times the area's elements (time).
MAX_NETWORK_CHANGES = 50_000
MAX_NETWORK_WORK = 20_000_000
#: The shortest repeat of a plan's duty: one repeated more often than every six minutes is
#: continuous work, not a repeat; and the repeats of all the plans' duties over a run, each
#: a start the engine logs (a duty repeating every instant would never reach the run's end).
MIN_REPEAT_H = 0.1
MAX_REPEATS = 100_000
#: Wind in m/s (the strongest typhoons stay below 90).
MAX_WIND_MS = 100.0
#: Fuel moisture in percent of dry weight.
MAX_MOISTURE_PCT = 500.0
#: Fire spread in metres per minute, and its exponential wind coefficient per m/s (real
#: fuels: about 0.1; with the strongest wind it stays inside a float's range).
MAX_SPREAD_M_PER_MIN = 1_000.0
MAX_WIND_COEFF = 0.3
#: The calendar: plans and scenarios are dated in these years, which leaves room for every
#: date derived from them (a horizon's end, a season's days).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
EARLIEST_MOMENT = dt.datetime(1900, 1, 1)
LATEST_MOMENT = dt.datetime(2199, 12, 31, 23, 59, 59)

#: Why a field is bounded, by its name: the catalogue keys (``bound.*``) of the reason a value
#: below its lower bound and a value above its upper bound read with (:mod:`sim.validation_text`).
#: A list that is too long reads with ``bound.list``.
REASONS: dict[str, tuple[str | None, str | None]] = {
    "horizon_h": (None, "bound.horizon"),
    "step_min": ("bound.step_min", None),
    "repeat_every_h": ("bound.repeat", None),
    "sigma": (None, "bound.sigma"),
    "work_time_sigma": (None, "bound.sigma"),
    "report_delay_sigma": (None, "bound.sigma"),
    "start": ("bound.calendar", "bound.calendar"),
    "end": ("bound.calendar", "bound.calendar"),
    "per_day": (None, "bound.per_day"),
    "factor": (None, "bound.factor"),
    "severity": (None, "bound.factor"),
    "hazard_factor": (None, "bound.factor"),
}

Hours = Annotated[float, Field(ge=0, le=MAX_HOURS)]
PositiveHours = Annotated[float, Field(gt=0, le=MAX_HOURS)]
Factor = Annotated[float, Field(ge=0, le=MAX_FACTOR)]
PositiveFactor = Annotated[float, Field(gt=0, le=MAX_FACTOR)]
Sigma = Annotated[float, Field(ge=0, le=MAX_SIGMA)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
People = Annotated[int, Field(ge=0, le=MAX_PEOPLE)]
Megawatts = Annotated[float, Field(ge=0, le=MAX_MW)]
PositiveMegawatts = Annotated[float, Field(gt=0, le=MAX_MW)]
Metres = Annotated[float, Field(ge=0, le=MAX_METRES)]
Yuan = Annotated[float, Field(ge=0, le=MAX_YUAN)]
Date = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]
Moment = Annotated[dt.datetime, Field(ge=EARLIEST_MOMENT, le=LATEST_MOMENT)]
