"""A run's result reduced to one flat row: what a sweep keeps of each replication.

A full result (events, time series, spans) is a few hundred kilobytes; ten thousand of
them do not fit the memory a sweep may use, and nobody reads them. Each worker turns
its result into a row of plain numbers and ids at once and returns only the rows.

Floats are rounded to the engine's :data:`~sim.engine.recorder.DECIMALS` here, in the
worker, so a row is the same bytes whichever process made it. The columns depend on the
plans (one ``hours_at_<level>`` per response level, one ``unit_hours_<unit>`` per unit,
one ``peak_<figure>`` per figure the plan grades on that is not the grid's — a flood plan's
rainfall, ``peak_rain_mm``) and on the scenario (a template's drawn facts — cause, season, weather, start… — or none
for a story, whose every replication is the same incident and would fill those columns
with blanks), and are fixed for a sweep by :func:`columns`, so every row of a file has them all.

Measures reuse :mod:`sim.report` (hours at each level, unit-hours per unit), the same
functions the app's reports use; a comparison (``compare``, the app's What-if page)
compares these rows, so every face measures an outcome the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..clock import date_time
from ..engine.recorder import rounded
from ..engine.rules import compiled
from ..plan import ResponsePlan
from ..plan.figures import is_grid_figure
from ..report import hours_at_levels, hours_by_unit, incident_count
from ..inputs.generator import FACTS

#: Columns of every row before the plan-dependent ones, after ``replication`` and ``seed``.
#: ``incidents`` is how many incidents the replication held (:func:`~sim.report.incident_count`:
#: each begun by the first response plan's onset or severity levels while none was under way;
#: 0 when nothing rose to one); the times and ``response_h`` are those of the first, and a
#: changed threshold that splits one long event into several, or merges them, shows here.
OUTCOME = (
    "max_severity", "max_level", "level_changes", "incidents", "warning_issued_at_h", "warning_lifted_at_h",
    "incident_started_at_h", "response_started_at_h", "terminated_at_h", "response_h",
    "peak_load_shed_pct", "peak_customers_out_pct", "unit_hours", "unmet_duties", "key_users_out_of_fuel",
    "fires_started", "hectares_burned", "violations", "caught", "fines_yuan", "patrol_hours",
)

#: What the column of a figure's largest value adds to the figure's key (``peak_rain_mm``).
PEAK = "peak_"

#: Columns whose cells are ids; a sweep file follows each with a column of their names
#: (``max_level``, then ``max_level_name``): the ids for programs, the names for people.
NAMED = ("cause", "season", "weather", "secondary", "max_severity", "max_level")
#: What a column of names adds to the name of the column of ids it follows.
NAME_SUFFIX = "_name"
#: Columns of moments as hours from the incident's start (for sums and averages); a row
#: follows each with the moment on the scenario's clock (``terminated_at_h``, then
#: ``terminated_at``), which is what a planner reads and sorts by. The worker writes that
#: moment from the hour the engine gave, before the hour is rounded, so that it is the
#: minute ``run`` and the pages show for the same replication (an hour rounded to a
#: thousandth may cross a minute: 49.6499… h is 01:38, 49.65 h 01:39).
TIMED = tuple(column for column in OUTCOME if column.endswith("_at_h"))
#: What a column of hours has that the column of clock times after it drops.
HOURS_SUFFIX = "_h"
#: The columns of clock times, each after its column of hours.
MOMENTS = frozenset(column.removesuffix(HOURS_SUFFIX) for column in TIMED)

_STRINGS = frozenset({"start", *NAMED, *(column + NAME_SUFFIX for column in NAMED), *MOMENTS})
_INTEGERS = frozenset({"replication", "seed", "towns_hit", "substations_out", "feeders_out", "elements_damaged",
                       "fires", "level_changes", "incidents", "unmet_duties", "key_users_out_of_fuel", "fires_started",
                       "violations", "caught", "fines_yuan"})


def column_type(name: str) -> str:
    """``string``, ``int64``, ``bool`` or ``float64``: one type per column, for typed files."""
    if name in _STRINGS:
        return "string"
    if name in _INTEGERS:
        return "int64"
    return "bool" if name == "fire_period" else "float64"


@dataclass(frozen=True)
class Columns:
    """The row layout of a sweep: response levels and units of the plans it runs, and
    whether its replications are drawn from a template (``drawn``: the rows carry the
    drawn facts, :data:`~sim.inputs.generator.FACTS`) or are one story under new seeds."""

    levels: tuple[str, ...]
    units: tuple[str, ...]
    drawn: bool = True
    #: the figures the plans grade on that are not the grid's, each with the column of its
    #: largest value after the grid's peaks (none for a plan graded on the grid alone)
    peaks: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The columns of a row, each column of hours of a moment followed by its clock time."""
        outcome = tuple(out for column in OUTCOME
                        for out in ((column, column.removesuffix(HOURS_SUFFIX)) if column in TIMED else (column,)))
        return (("replication", "seed") + (FACTS if self.drawn else ()) + outcome
                + tuple(PEAK + figure for figure in self.peaks)
                + tuple(f"hours_at_{level}" for level in self.levels)
                + tuple(f"unit_hours_{unit}" for unit in self.units))


def readable(names: Iterable[str]) -> tuple[str, ...]:
    """A header for people as well as programs (a sweep file): the column of names after
    each column of ids (:data:`NAMED`)."""
    return tuple(out for name in names for out in ((name, name + NAME_SUFFIX) if name in NAMED else (name,)))


def for_programs(names: Sequence[str]) -> tuple[tuple[str, ...], Callable[[tuple], tuple]]:
    """The header for programs (rows on stdout: ids and hours alone, no clock times) and the
    function that cuts a row laid out by ``names`` to it."""
    kept = [i for i, name in enumerate(names) if name not in MOMENTS]
    return tuple(names[i] for i in kept), lambda full: tuple(full[i] for i in kept)


def primary(plans: Mapping, plan_ids: Iterable[str]) -> ResponsePlan | None:
    """The first response plan of a scenario's plans: the one the engine's summary is about."""
    return next((plans[i] for i in plan_ids if isinstance(plans.get(i), ResponsePlan)), None)


def columns(plan_sets: Iterable[Mapping], plan_ids: Iterable[str], drawn: bool = True) -> Columns:
    """The response levels of the first response plan of each arm and the figures it grades
    on that are not the grid's (the compiled plan's ``graded``: a flood plan's rainfall, whose
    peak each row holds), and the units of every plan the scenario runs (a ban notice's towns
    and fire units work too, often the most), in plan order (union over the arms); ``drawn``
    False for a scenario that is not a template (no drawn facts in its rows)."""
    levels: list[str] = []
    units: list[str] = []
    peaks: list[str] = []
    ids = list(plan_ids)
    for plans in plan_sets:
        plan = primary(plans, ids)
        if plan is not None:
            levels.extend(lvl.id for lvl in plan.response_levels)
            peaks.extend(key for key in compiled(plan).graded if not is_grid_figure(key))
        for each in (plans[i] for i in ids if i in plans):
            units.extend(u.id for u in each.units)
            headquarters = getattr(each, "headquarters", None)
            if headquarters is not None:
                units.append(headquarters.duty_owner)
    return Columns(tuple(dict.fromkeys(levels)), tuple(dict.fromkeys(units)), drawn, tuple(dict.fromkeys(peaks)))


def row(replication: int, seed: int, facts: tuple, result: Mapping, layout: Columns,
        work: Mapping[str, float] | None = None) -> tuple:
    """One replication's row, in the order of ``layout.names`` (``facts`` left out when
    the layout has no drawn facts); ``work``: each unit's hours, when the result was taken
    without its spans (:meth:`sim.engine.run.Simulation.for_row`). The total adds the
    units' hours largest first, the order of the report's workload table."""
    summary = result["summary"]
    series = result["timeseries"]
    started = summary.get("response_started_at_h")
    ended = summary.get("terminated_at_h")
    response_h = None if started is None else (ended if ended is not None else summary["end_h"]) - started
    changes = sum(1 for change in summary.get("level_changes") or [] if change["to"] is not None)
    at_level = hours_at_levels(result)
    if work is None:
        work = hours_by_unit((s["unit"], s["start_h"], s["end_h"]) for s in result.get("spans") or [])
    fire = summary.get("fire") or {}
    fires = fire.get("fires") or {}
    start = result.get("start")
    values = (
        replication, seed, *(facts if layout.drawn else ()),
        summary.get("max_severity"), summary.get("max_response_level"), changes, incident_count(summary),
        *(cell for t_h in (summary.get("warning_issued_at_h"), summary.get("warning_lifted_at_h"),
                           summary.get("incident_started_at_h"), started, ended)
          for cell in (t_h, date_time(start, t_h))),
        response_h,
        max((r["load_shed_pct"] for r in series), default=0.0),
        max((r["customers_out_pct"] for r in series), default=0.0),
        sum(sorted(work.values(), reverse=True)), len(summary.get("unmet_duties") or []), len(summary.get("key_users_out_of_fuel") or []),
        fires.get("started", 0), fires.get("hectares_burned", 0.0),
        (fire.get("violations") or {}).get("total", 0), (fire.get("caught") or {}).get("total", 0),
        (fire.get("fines") or {}).get("total_yuan", 0), (fire.get("patrol_hours") or {}).get("total", 0.0),
        *(_peak(series, figure) for figure in layout.peaks),
        *(at_level.get(level, 0.0) for level in layout.levels),
        *(work.get(unit, 0.0) for unit in layout.units),
    )
    return tuple(rounded(v) for v in values)


def _peak(series: list[Mapping], figure: str) -> float | None:
    """A figure's largest value over the time series (``None`` when it never had one)."""
    return max((r[figure] for r in series if isinstance(r.get(figure), (int, float))), default=None)
