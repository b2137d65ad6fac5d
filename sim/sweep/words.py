"""Sweeps and comparisons in words: the names of levels, what a template drew, the
columns of names and clock times in a sweep file, the verdict of a comparison
("200 起中，3 起由Ⅲ级应急响应升为Ⅱ级应急响应…") and what each changed replication changed
("过火面积（公顷）：12.50 → 8.75").

The What-if page and ``python -m sim compare`` show the same comparison
(:func:`sim.sweep.compare.compare_cases`); both say it with these functions, in the
reader's language, so a measure or a level reads the same on either face, and so does
a sweep file opened in Excel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ..clock import clock_of, date_time, duration
from ..inputs.generator import FACTS
from ..messages import LANGUAGES, MESSAGES, joined, pick, text
from ..report import figure_now, figure_titled, level_name, names_from, severity_name
from .compare import LEVEL, in_hours, level_rank, measure_label
from .rows import NAMED, PEAK, TIMED, column_type


def highest_level(plan: Any, level: str | None, language: str) -> str:
    """A replication's highest response level by its name (:func:`sim.report.level_name`);
    none is "no response"."""
    return level_name(plan, level, language, text("common.no_response", language))


#: The drawn facts of a template replication that have names in the template, by group.
DRAWN = {"cause": "causes", "season": "seasons", "weather": "weather"}


def drawn_name(template: Any, fact: str, value: Any, language: str) -> str:
    """What a template drew (``cause``, ``season``, ``weather``) by the name the template
    gives it; anything else as it is."""
    if template is None or fact not in DRAWN or value is None:
        return "" if value is None else str(value)
    names = {item.id: item.name for item in getattr(template, DRAWN[fact])}
    return pick(names[value], language) if value in names else str(value)


def drawn_facts(template: Any, facts: tuple) -> dict[str, str]:
    """What a template drew — cause, season and weather by their names (:func:`drawn_name`),
    then the start as the clock reads it — in both languages: the run summary and a drill's
    papers and report say the drawn incident with it."""
    drawn = dict(zip(FACTS, facts))
    when = date_time(drawn["start"], 0)
    return {language: joined([*(drawn_name(template, fact, drawn[fact], language) for fact in DRAWN), when], language)
            for language in LANGUAGES}


def secondary_names(template: Any, drawn: str | None, language: str) -> str:
    """The other secondary incidents a replication drew (``a;b`` in the row) by the template's texts."""
    if not drawn:
        return ""
    names = {item.incident: item.text for item in getattr(template, "secondary", None) or []}
    return joined((
        pick(names[key], language) if key in names else key for key in drawn.split(";")), language)


def readable_row(header: Sequence[str], template: Any, plan: Any, language: str) -> Callable[[tuple], tuple]:
    """A function that turns a row laid out by ``header`` into the row of
    :func:`sim.sweep.rows.readable` ``(header)``: each id followed by its name in ``language``,
    ``start`` written as the row's clock times (``…_at``, the worker's) are: year first, so
    that a spreadsheet sorts it in time order (``2024-01-15 07:30``, where the row for
    programs has ISO ``2024-01-15T07:30:00``)."""
    def name(column: str, value: Any) -> str:
        if column == "max_level":
            return highest_level(plan, value, language)
        if column == "max_severity":
            return severity_name(plan, value, language, "")  # none reached: empty, as in the id column
        if column == "secondary":
            return secondary_names(template, value, language)
        return drawn_name(template, column, value, language)

    start_at = header.index("start") if "start" in header else None
    added = [(i, column) for i, column in enumerate(header) if column in NAMED]

    def add(row: tuple) -> tuple:
        if start_at is not None:
            row = (*row[:start_at], date_time(row[start_at], 0), *row[start_at + 1:])  # as the …_at columns write a moment
        out, first = [], 0
        for i, column in added:
            out += [*row[first:i + 1], name(column, row[i])]
            first = i + 1
        return (*out, *row[first:])

    return add


def difference(value: float, places: int = 2) -> str:
    """A paired difference or an end of its interval, signed, to ``places`` places: what
    rounds to nothing reads 0.00, neither +0.00 nor -0.00, so a planner is not shown a
    direction where there is none."""
    said = f"{value:+.{places}f}"
    return said[1:] if float(said) == 0 else said


def amount(value: float | None, language: str, hours: bool, signed: bool = False, places: int = 2,
           seconds: bool = False) -> str:
    """A compared figure as the tables show it — an arm's mean, a paired difference or an
    end of its interval (``signed``): a length of time (``hours``) as people say it,
    ``+1 小时 15 分钟`` / ``+1 h 15 min`` (:func:`sim.clock.duration`; to the second with
    ``seconds``), never decimal hours; any other figure to ``places`` places
    (:func:`difference`); ``—`` for none."""
    if value is None:
        return "—"
    if hours:
        return duration(value, language, signed, seconds)
    return difference(value, places) if signed else f"{value:.{places}f}"


#: The decimal places a compared figure other than a length of time may be shown to: the
#: first, or the next ones where fewer would not add up (:func:`precision`).
PLACES = (2, 3, 4, 5, 6)


def _shown(value: float, hours: bool, step: int) -> Decimal | int:
    """A figure as :func:`amount` shows it at ``step`` (decimal places, or for a length of time
    0 for minutes, 1 for seconds), as a number: whole minutes or seconds, or the decimal shown."""
    if hours:
        return round(value * (3600 if step else 60))
    return Decimal(f"{value:.{step}f}")


def precision(m: dict, hours: bool) -> tuple[int, bool]:
    """The precision a paired measure's figures are shown to — ``(step, adds_up)``, ``step``
    the decimal places (:data:`PLACES`), or for a length of time 0 for minutes and 1 for
    seconds — so that the edited mean less the original, as shown, is the difference shown.

    The difference of the paired means is the mean of the paired differences, but each
    rounded on its own may not add up (0.415 → 0.43 would read 0.41 → 0.43 beside +0.01):
    a planner who subtracts the columns must find the difference column. The figures are
    shown to the fewest places (or to the minute) at which they add up, and to more only
    where needed; ``adds_up`` is False when even the finest does not (a gap of a millionth
    or a second), and the difference is then shown as the shown means' gap (:func:`paired`)."""
    steps = (0, 1) if hours else PLACES
    figures = m.get("baseline"), m.get("variant"), m.get("mean")
    if None in figures:
        return steps[0], True
    for step in steps:
        base, variant, mean = (_shown(value, hours, step) for value in figures)
        if variant - base == mean:
            return step, True
    return steps[-1], False


def paired(m: dict, language: str, hours: bool | None = None) -> dict[str, str]:
    """A paired measure's figures (:func:`amount`) as ``compare`` and the What-if page show
    them: each arm's mean (``baseline``, ``variant``) and the mean difference (``mean``), to
    one precision at which the means shown differ by the difference shown
    (:func:`precision`), and the difference's interval (``interval``: ``[low, high]``, ``—``
    without one) to two places or the minute: its ends are estimates, which more places would
    claim a precision for that they do not have. ``hours`` says whether they are lengths of
    time; by default the measure's name says (:func:`sim.sweep.compare.in_hours`)."""
    hours = in_hours(m["measure"]) if hours is None else hours
    step, adds_up = precision(m, hours)
    shown = {"seconds": step == 1} if hours else {"places": step}  # amount's words for the precision
    said = {arm: amount(m[arm], language, hours, **shown) for arm in ("baseline", "variant")}
    mean = m["mean"]
    if not adds_up:  # within a millionth or a second of the mean: the gap of the means shown
        gap = _shown(m["variant"], hours, step) - _shown(m["baseline"], hours, step)
        mean = gap / 3600 if hours else float(gap)
    said["mean"] = amount(mean, language, hours, signed=True, **shown)
    said["interval"] = ("—" if m["low"] is None else
                        f"[{_end(m['low'], m, language, hours)}, {_end(m['high'], m, language, hours)}]")
    return said


def _end(value: float, m: dict, language: str, hours: bool) -> str:
    """An end of a paired interval (:func:`amount`, signed). The faces star an interval that
    excludes 0, and its end nearest 0 may still round to nothing (a few seconds, a
    thousandth): that end reads ``+<1 分钟`` / ``+<1 min`` or ``+<0.01``, so that a planner
    is never shown a 0 beside a star that says the interval leaves 0 out."""
    said = amount(value, language, hours, signed=True)
    if m.get("excludes_zero") and value and said == amount(0.0, language, hours, signed=True):
        least = duration(1 / 60, language) if hours else "0.01"
        return ("+<" if value > 0 else "-<") + least
    return said


def change_text(change: dict, plan: Any, language: str) -> str:
    """One outcome a replication changed, in words: "最高响应级别：Ⅲ级应急响应 → Ⅱ级应急响应",
    "过火面积（公顷）：12.50 → 8.75", "火灾次数：3 → 2"; a moment (the warning, the response's
    start and end) on the clock of the replication's own start, "启动响应：11-18 15:46 → 11-18
    14:02", the minute the Run page shows for that replication (the row's clock time,
    ``baseline_at`` / ``variant_at``; rows without clock times give the hours since the start,
    as a length of time); a time that did not happen in one arm says so."""
    measure = change["measure"]
    label = measure_label(measure, plan, language)
    if measure == LEVEL:
        before, after = (highest_level(plan, change[arm], language) for arm in ("baseline", "variant"))
    elif measure in TIMED and "baseline_at" in change:
        label = text(f"common.{measure.removesuffix('_at_h')}", language)
        before, after = (text("common.did_not_happen", language) if change[arm] is None
                         else clock_of(change[f"{arm}_at"]) for arm in ("baseline", "variant"))
    else:
        before, after = (_figure(measure, change[arm], language) for arm in ("baseline", "variant"))
    return f"{label}{text('common.colon', language)}{before} → {after}"


def _figure(measure: str, value: Any, language: str) -> str:
    """A measure's value as a reader takes it in: a count whole, a length of time as people
    say it (``20 小时 52 分钟``), anything else to two places."""
    if value is None:
        return text("common.did_not_happen", language)
    if in_hours(measure):
        return duration(value, language)
    return f"{value:.0f}" if column_type(measure) == "int64" else f"{value:.2f}"


def changes_text(changes: Sequence[dict], plan: Any, language: str) -> str:
    """Everything a replication changed, in the report's order of measures (see :func:`change_text`)."""
    return text("common.clause_sep", language).join(change_text(change, plan, language) for change in changes)


def told_measures(report: dict) -> tuple[list[dict], list[dict]]:
    """The report's measures a table shows, and the idle ones it leaves to one line (0 or
    absent in every replication of both arms: fires in a blackout, a level in a ban notice's
    run), so a planner reads what the edit could have moved and is told what it could not."""
    return ([m for m in report["measures"] if not m.get("idle")],
            [m for m in report["measures"] if m.get("idle")])


def idle_line(idle: Sequence[dict], plan: Any, language: str) -> str:
    """The one line that names the measures a table leaves out (see :func:`told_measures`)."""
    return text("compare.idle", language, measures=joined((
        measure_label(m["measure"], plan, language) for m in idle), language))


def happened_lines(told: Sequence[dict], plan: Any, language: str) -> list[str]:
    """One line for each time the edit made happen more or less often (a response started in
    7 more incidents): the table's means and difference are over the replications in which
    it happened under both plans, so how often it happened under each is said beside them."""
    return [text("compare.happened", language, measure=measure_label(m["measure"], plan, language),
                 baseline=m["happened"]["baseline"], variant=m["happened"]["variant"], n=m["n"])
            for m in told if "happened" in m and m["happened"]["baseline"] != m["happened"]["variant"]]


def responded(report: dict) -> bool:
    """Whether any replication started a response under either plan: else a table of
    highest levels would read "no response" on every line."""
    return any(not m.get("idle") for m in report["measures"] if m["measure"] == "max_level_rank")


def how_many_changed(report: dict, language: str) -> str:
    """How many replications changed in any measure (and, for a template, about how many
    incidents a year that makes at its rate, with where the rate comes from: the template's
    assumption or source), as ``compare`` and the What-if page say it."""
    share = report["changed_share"] or 0.0
    said = text("compare.changed", language, changed=report["changed_count"], n=report["n"],
                share=f"{100 * share:.1f}")
    if "changed_per_year" in report:
        said += text("compare.per_year", language, per_year=f"{report['changed_per_year']:.2f}",
                     rate=f"{report['incidents_per_year']:g}", basis=pick(report["incidents_per_year_basis"], language))
    return said


def shown_peaks(changed: Sequence[dict]) -> tuple[str, ...]:
    """The peak figures worth a column beside these changed replications — the grid's, then
    those of the figures the plan grades on that are not the grid's (a flood's rainfall), as
    the rows hold them (:class:`~sim.sweep.compare.Pairs`) — that are not 0 in every one of
    them (a fire that trips no line sheds no load)."""
    peaks = [name for name in (changed[0] if changed else ()) if name.startswith(PEAK)]
    return tuple(peak for peak in peaks if any(entry.get(peak) for entry in changed))


def peak_label(peak: str, plan: Any, language: str) -> str:
    """A peak column's heading beside the changed replications: the grid's by the catalogue
    (``最大减供负荷 %``), a figure of the plan's own by its name and unit (``最大24小时降雨量（mm）``)."""
    key = "whatif." + peak.removesuffix("_pct")
    if key in MESSAGES:
        return text(key, language)
    return text("whatif.peak_of", language, figure=figure_titled(peak.removeprefix(PEAK), plan, language))


def peak_value(peak: str, value: Any, plan: Any, language: str) -> str:
    """A peak beside a changed replication: the grid's to two places, as before; a figure of
    the plan's own in its unit (``120 mm``; a yes-or-no fact as yes or no); ``—`` for none."""
    if value is None or "whatif." + peak.removesuffix("_pct") in MESSAGES:
        return amount(value, language, hours=False)
    return figure_now(peak.removeprefix(PEAK), plan, value, language)


#: Units the table of who carries the extra work lists.
TOP_UNITS = 10


def extra_work(report: dict, plans: Any) -> list[tuple[Any, dict]]:
    """Who carries the extra work: the units whose hours the edit changed, most extra
    unit-hours first (at most :data:`TOP_UNITS`), each with its ``{zh, en}`` name as the
    plans that ran (a Case's ``plans``) give it (:func:`sim.report.names_from`; a unit no
    plan names, its id in both languages)."""
    names = names_from(plans).of("unit")
    return [(names.get(m["measure"]) or {"zh": m["measure"], "en": m["measure"]}, m)
            for m in report["units"] if m["mean"]][:TOP_UNITS]


#: Measures the verdict names among those that changed most often.
TOP_MEASURES = 3


def verdict(report: dict, plan: Any, language: str, template: bool) -> str:
    """The comparison in a few sentences: how many of the replications changed their highest
    response level, from which level to which (e.g. "200 起中 3 起由Ⅲ级应急响应升为Ⅱ级…");
    when more replications changed than their level says, how many changed in any measure
    and in which measures most often; and the measures whose interval excludes no change."""
    levels = [r.id for r in plan.response_levels] if plan is not None else []
    n = report["n"]
    def unit(count: int) -> str:
        """What is counted, in the number ``count`` asks for (English has a singular)."""
        kind = "incident" if template else "run"
        return text(f"whatif.verdict.{kind}" if count == 1 else f"whatif.verdict.{kind}s", language)

    moves = []
    for move in report["transitions"]:
        up = level_rank(move["to"], levels) > level_rank(move["from"], levels)
        moves.append(text("whatif.verdict.up" if up else "whatif.verdict.down", language, count=move["count"],
                          what=unit(move["count"]), start=highest_level(plan, move["from"], language),
                          end=highest_level(plan, move["to"], language)))
    level_moved = sum(move["count"] for move in report["transitions"])
    if not moves:
        said = text("whatif.verdict.none" if responded(report) else "whatif.verdict.no_response", language,
                    n=n, what=unit(n))
    else:
        rest = n - level_moved
        level_moves = text("common.clause_sep", language).join(moves)
        said = (text("whatif.verdict.some", language, n=n, what=unit(n), moves=level_moves, rest=rest, rest_what=unit(rest))
                if rest else text("whatif.verdict.all", language, n=n, what=unit(n), moves=level_moves))  # no "the other 0"
    changed = report["changed_count"]
    if changed > level_moved:
        most = sorted((m for m in report["measures"] if m.get("changed") and m["measure"] != "max_level_rank"),
                      key=lambda m: -m["changed"])[:TOP_MEASURES]
        said += " " + text("whatif.verdict.outcomes", language, changed=changed, what=unit(changed),
                           measures=joined((
                               text("whatif.verdict.in_how_many", language, measure=measure_label(
                                   m["measure"], plan, language), count=m["changed"]) for m in most), language))
    clear = [m for m in report["measures"] if m["excludes_zero"] and m["measure"] != "max_level_rank"]
    if clear:
        said += " " + text("whatif.verdict.measures", language, measures=joined((
            measure_label(m["measure"], plan, language) for m in clear), language))
    return said


def report_json(report: dict, case: Any) -> str:
    """A comparison as the JSON ``compare --json`` prints and the What-if page hands over:
    each changed replication with ``what_changed`` in both languages, as the table and the
    page say it, for a reader of the JSON as well as a program; numbers to 3 decimals."""
    import copy
    import json

    from ..engine.recorder import rounded
    from ..messages import LANGUAGES
    from .rows import primary

    report = copy.deepcopy(report)
    plan = primary(case.plans, case.scenario.plans)
    for entry in report["changed"]:
        entry["what_changed"] = {language: changes_text(entry["changes"], plan, language)
                                 for language in LANGUAGES}
    return json.dumps(rounded(report), ensure_ascii=False, indent=2, sort_keys=True)
