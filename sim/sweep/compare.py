"""Baseline against variant on common random numbers: paired differences and what changed.

Both arms of a replication ran on the same drawn incident and the same engine seed, so
the difference ``variant − baseline`` of a replication is the plan change's effect on
that incident alone. Over ``n`` replications the mean difference has the confidence
interval ``mean ± t(1 − α/2, n − 1) · sd / √n``; the pairing removes the incident-to-
incident spread that dominates unpaired comparisons, so a few hundred replications
resolve effects that thousands of unpaired runs would not.

The statistics stream: :class:`Pairs` folds the replications, a chunk at a time, into
running moments (:class:`Moments`), so a compare's memory does not grow with the number
of replications. :func:`compare_cases` runs a comparison of two Cases and reports it:
the command line's ``compare`` and the app's What-if page both call it, so they show the
same replications and the same intervals. The Student t quantile is computed exactly
(regularized incomplete beta function, then bisection), not approximated by the normal
quantile, so the interval is right for small ``n`` too.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from operator import itemgetter

import numpy as np

from ..messages import LANGUAGES, bilingual, said, text
from ..report import level_name
from .rows import HOURS_SUFFIX, PEAK, TIMED

#: The confidence level of every interval.
CONFIDENCE = 0.95


# --- the Student t distribution -----------------------------------------------------------


def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        for numerator in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                          -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b) for 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (0 < p < 1)."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("t_quantile needs 0 < p < 1 and df > 0")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * max(1.0, hi):
            break
    return 0.5 * (lo + hi)


# --- paired differences ----------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """Mean of ``n`` paired differences and its confidence interval (None when n < 2)."""

    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None

    @property
    def excludes_zero(self) -> bool:
        return self.low is not None and (self.low > 0 or self.high < 0)


class Moments:
    """Count, mean and sum of squared deviations of a stream of numbers, in constant memory.

    Numbers arrive in chunks (numpy arrays); each chunk's own moments are merged into the
    running ones (Chan, Golub & LeVeque's pairwise update), which stays accurate however
    many numbers there are. The same chunks in the same order give the same bits.
    """

    __slots__ = ("n", "mean", "m2")

    def __init__(self):
        self.n = 0
        self.mean = 0.0
        self.m2 = 0.0

    def fold(self, values: np.ndarray) -> None:
        """Merge a chunk: its mean and squared deviations are summed exactly (``fsum``), so
        a stream of one chunk gives the two-pass figures bit for bit."""
        k = len(values)
        if not k:
            return
        mean = math.fsum(values.tolist()) / k
        m2 = math.fsum(((values - mean) ** 2).tolist())
        n = self.n + k
        delta = mean - self.mean
        self.mean = mean if not self.n else self.mean + delta * k / n
        self.m2 += m2 + (delta * delta * self.n * k / n if self.n else 0.0)
        self.n = n

    def interval(self, confidence: float = CONFIDENCE) -> Interval:
        """``mean ± t((1 + confidence) / 2, n − 1) · sd / √n``."""
        n = self.n
        if n == 0:
            return Interval(0, None, None, None, None)
        if n < 2:
            return Interval(n, self.mean, None, None, None)
        sd = math.sqrt(max(self.m2, 0.0) / (n - 1))
        half = t_quantile((1.0 + confidence) / 2.0, n - 1) * sd / math.sqrt(n)
        return Interval(n, self.mean, sd, self.mean - half, self.mean + half)


def interval(differences: Sequence[float], confidence: float = CONFIDENCE) -> Interval:
    """The interval of a sequence of paired differences (see :class:`Moments`)."""
    moments = Moments()
    moments.fold(np.asarray(differences, dtype=float))
    return moments.interval(confidence)


# --- response levels ------------------------------------------------------------------------------


def level_rank(level: str | None, levels: Sequence[str]) -> int:
    """0 for no response, 1 for the lowest level … ``len(levels)`` for the highest
    (``levels`` are listed highest first, as plans list them)."""
    if level is None:
        return 0
    return len(levels) - list(levels).index(level)


#: Measures compared per replication, and what a missing value means in each: 0 (no
#: response means no response hours) or None (the pair is left out: a time that did not
#: happen in one arm has no difference).
MEASURES = (
    ("response_h", 0.0),
    ("level_changes", 0.0),
    ("incidents", 0.0),
    ("unit_hours", 0.0),
    ("unmet_duties", 0.0),
    ("fires_started", 0.0),
    ("hectares_burned", 0.0),
    ("violations", 0.0),
    ("caught", 0.0),
    ("fines_yuan", 0.0),
    ("patrol_hours", 0.0),
    ("warning_issued_at_h", None),
    ("response_started_at_h", None),
    ("terminated_at_h", None),
)


def measure_label(measure: str, plan, language: str) -> str:
    """A compared measure's name in ``language`` (``zh`` or ``en``), as every face shows it;
    the hours at a level carry that level's name in ``plan`` (``None``: its id)."""
    if measure.startswith("hours_at_"):
        level = measure.removeprefix("hours_at_")
        return text("measure.hours_at", language, level=level_name(plan, level, language))
    return text(f"measure.{measure}", language)


#: What a changed replication's list of changes calls its highest response level (the
#: other changes are named by their measures).
LEVEL = "max_level"

#: Row columns of each unit's hours (``unit_hours_<unit>``; the total is ``unit_hours``).
UNIT_PREFIX = "unit_hours_"

#: Measures of work in hours that are not a level's hours, a moment or a unit's own hours.
WORK_HOURS = ("unit_hours", "patrol_hours")


def in_hours(measure: str) -> bool:
    """Whether a compared measure is a length of time in hours — the hours at a level, the
    response's length, the hours from the start to a moment, the work of all units, of one
    (``unit_hours_<unit>``) or of the patrols — so that its faces say it as a length of time
    (``1 小时 15 分钟``), where the JSON keeps the hours a program computes with."""
    return (measure.endswith("_h") or measure.startswith(("hours_at_", UNIT_PREFIX))
            or measure in WORK_HOURS)


#: Row columns that describe a changed replication's incident.
DESCRIBE = ("cause", "season", "weather", "start", "peak_load_shed_pct", "peak_customers_out_pct")


#: Pairs held before they are folded into the running statistics: the pending rows are all
#: the memory a compare's accumulation takes, whatever ``--runs`` is. Folding by count (not
#: by the executor's batches) keeps the results identical for any batch size or executor.
CHUNK = 1024

#: Changed replications kept with their changes (``changed_count`` counts them all): more
#: than anyone reads one by one, and a bound on a compare's memory however many replications
#: change (a thousand replications that change in every measure hold about 4 MB).
KEPT = 1_000


class _Measure:
    """One measure's running statistics: each arm's mean, and the paired differences."""

    __slots__ = ("name", "missing", "baseline", "variant", "differences", "changed", "happened")

    def __init__(self, name: str, missing: float | None):
        self.name = name
        self.missing = missing
        self.baseline, self.variant, self.differences = Moments(), Moments(), Moments()
        self.changed = 0  # replications whose value differs between the arms
        self.happened = [0, 0]  # replications with a value, in each arm (a time that may not happen)

    def value(self, value):
        """A row's value as compared: a missing value as :attr:`missing` says (None: missing)."""
        return self.missing if value is None else value

    def fold(self, base: np.ndarray, variant: np.ndarray) -> None:
        """A chunk of both arms' values, a missing value as NaN.

        Each arm's mean is taken over the replications the difference pairs (both have a
        value), so that the edited mean minus the original is the mean difference: a time
        that happens in 3 replications under one plan and in 10 under the other would
        otherwise show two means of different incidents beside a difference of 0. How often
        it happened in each arm is counted apart (:attr:`happened`)."""
        if self.missing is not None:
            base = np.where(np.isnan(base), self.missing, base)
            variant = np.where(np.isnan(variant), self.missing, variant)
        self.happened[0] += int(np.count_nonzero(~np.isnan(base)))
        self.happened[1] += int(np.count_nonzero(~np.isnan(variant)))
        paired = ~np.isnan(base) & ~np.isnan(variant)
        self.baseline.fold(base[paired])
        self.variant.fold(variant[paired])
        self.differences.fold(variant[paired] - base[paired])

    @property
    def idle(self) -> bool:
        """Whether the measure says nothing of this comparison: it never had a value, or it
        was 0 in every replication of both arms (fires in a blackout, a level never reached)."""
        return self.changed == 0 and all(arm.mean == 0.0 and arm.m2 == 0.0 for arm in (self.baseline, self.variant))

    def report(self, name: str | None = None) -> dict:
        stats = self.differences.interval()
        return {"measure": name or self.name,
                "baseline": self.baseline.mean if self.baseline.n else None,
                "variant": self.variant.mean if self.variant.n else None,
                **asdict(stats), "excludes_zero": stats.excludes_zero, "changed": self.changed, "idle": self.idle,
                **({"happened": {"baseline": self.happened[0], "variant": self.happened[1]}}
                   if self.missing is None else {})}


class Pairs:
    """Both arms' outcomes, folded replication by replication into running statistics.

    A compare of a hundred thousand replications must not hold two hundred thousand
    rows, nor a column of each measure: the compared measures' values wait in a chunk of
    :data:`CHUNK` pairs and are then folded into each measure's :class:`Moments`; the
    highest levels are counted; only the changed replications are kept (the first
    :data:`KEPT` of them), with their incident and what changed. ``extend`` takes the
    executor's batches (one row per arm), so it is a sink, and the memory stays bounded
    whatever the number of replications.

    A replication is changed when any compared outcome differs between the arms: its highest
    level or any measure of the report's ``measures`` (hours at each level, the response's
    length and times, how many incidents it held, work, unmet duties, fires, area burned,
    violations, catches, fines, patrol hours…). The measures come from the rows, so a planner who edits a blackout
    plan's threshold and one who edits a ban notice's period are told, replication by
    replication, what the edit changed in the outcomes the rows record, with no list of
    which outcomes matter to which plan.
    """

    def __init__(self, header: Sequence[str], levels: Sequence[str]):
        self.levels = list(levels)
        self.column = {name: k for k, name in enumerate(header)}
        #: the columns that describe a changed replication: what was drawn, the grid's peaks,
        #: then the peak of each figure the plan grades on that is not the grid's (its rainfall)
        self.describe = [name for name in DESCRIBE if name in self.column] + [
            name for name in header if name.startswith(PEAK) and name not in DESCRIBE]
        missing = {f"hours_at_{level}": 0.0 for level in levels if f"hours_at_{level}" in self.column}
        missing.update((name, value) for name, value in MEASURES if name in self.column)
        missing.update({name: 0.0 for name in header if name.startswith(UNIT_PREFIX)})
        self.rank = _Measure("max_level_rank", 0.0)
        self.measures = [_Measure(name, value) for name, value in missing.items()]
        #: a row's numbers to fold: its replication (not folded), then each measure's value
        self._take = itemgetter(self.column["replication"], *(self.column[name] for name in missing))
        #: the column of each moment's clock time (``terminated_at``), which a change of that
        #: moment carries, so it reads as the minute ``run`` shows for the replication
        self._moments = {name: self.column[name.removesuffix(HOURS_SUFFIX)] for name in missing
                         if name in TIMED and name.removesuffix(HOURS_SUFFIX) in self.column}
        #: the measures a replication's changes are told in: all but each unit's hours (the total speaks for them)
        self._told = [(k, m) for k, m in enumerate(self.measures, start=1) if not m.name.startswith(UNIT_PREFIX)]
        #: each unit's hours, whose replications changed are counted as the others' are
        self._units = [(k, m) for k, m in enumerate(self.measures, start=1) if m.name.startswith(UNIT_PREFIX)]
        self._pending: tuple[list, list] = ([], [])
        self.counts: Counter = Counter()  # (baseline level, variant level) -> replications
        self.n = 0
        self.changed: list[dict] = []
        self.changed_count = 0

    def add(self, base: tuple, variant: tuple) -> None:
        column = self.column
        replication = base[column["replication"]]
        if variant[column["replication"]] != replication:
            raise ValueError("the two arms' rows are not paired replication by replication")
        levels = base[column["max_level"]], variant[column["max_level"]]
        self.counts[levels] += 1
        self.n += 1
        taken = self._take(base), self._take(variant)
        self._pending[0].append((level_rank(levels[0], self.levels), *taken[0]))
        self._pending[1].append((level_rank(levels[1], self.levels), *taken[1]))
        changes = self._changes(levels, *taken)
        for change in changes:
            moment = self._moments.get(change["measure"])
            if moment is not None:
                change.update(baseline_at=base[moment], variant_at=variant[moment])
        if changes:
            self.changed_count += 1
            if len(self.changed) < KEPT:
                self.changed.append({"replication": replication,
                                     **{name: base[column[name]] for name in self.describe},
                                     "baseline": levels[0], "variant": levels[1], "changes": changes})
        if len(self._pending[0]) >= CHUNK:
            self._fold()

    def _changes(self, levels: tuple, base: tuple, variant: tuple) -> list[dict]:
        """What differs between the arms of one replication, in the report's order of measures:
        ``{"measure", "baseline", "variant"}`` each, the highest level (:data:`LEVEL`) by its ids
        (a moment's clock times, ``baseline_at`` and ``variant_at``, are added by :meth:`add`)."""
        changes = []
        if levels[0] != levels[1]:
            self.rank.changed += 1
            changes.append({"measure": LEVEL, "baseline": levels[0], "variant": levels[1]})
        for k, measure in self._told:
            before, after = measure.value(base[k]), measure.value(variant[k])
            if before != after:
                measure.changed += 1
                changes.append({"measure": measure.name, "baseline": before, "variant": after})
        for k, measure in self._units:  # counted too, not told: the total speaks for them
            if measure.value(base[k]) != measure.value(variant[k]):
                measure.changed += 1
        return changes

    def extend(self, batch: Sequence[tuple]) -> None:
        for arms in batch:
            self.add(arms[0], arms[1])

    def _fold(self) -> None:
        if not self._pending[0]:
            return
        base, variant = (np.array(rows, dtype=float) for rows in self._pending)
        self._pending = ([], [])
        self.rank.fold(base[:, 0], variant[:, 0])
        for k, measure in enumerate(self.measures, start=2):
            measure.fold(base[:, k], variant[:, k])

    def report(self, incidents_per_year: float | None = None) -> dict:
        """The comparison as plain data: ``n``; ``levels`` (how many replications ended at
        each highest level in each arm); ``transitions``; ``changed`` (the first :data:`KEPT`
        changed replications, with their incident and ``changes``: what differs, measure by
        measure); ``changed_count`` (all of them); ``changed_share`` and, given
        ``incidents_per_year``, ``changed_per_year``; ``measures`` (the paired interval of
        each measure, the highest level as a rank among them, and in how many replications
        it ``changed``); ``units`` (each unit's extra hours, most extra work first)."""
        self._fold()
        levels, n = self.levels, self.n
        base, variant = Counter(), Counter()
        for (a, b), count in self.counts.items():
            base[a] += count
            variant[b] += count
        report: dict = {
            "n": n,
            "confidence": CONFIDENCE,
            "levels": [{"level": level, "baseline": base[level], "variant": variant[level]}
                       for level in [*levels, None]],
            "transitions": [{"from": a, "to": b, "count": count}
                            for (a, b), count in sorted(self.counts.items(),
                                                        key=lambda item: (-level_rank(item[0][0], levels),
                                                                          -level_rank(item[0][1], levels)))
                            if a != b],
            "changed": list(self.changed),
            "changed_count": self.changed_count,
            "changed_share": self.changed_count / n if n else None,
        }
        if incidents_per_year is not None and n:
            report["incidents_per_year"] = incidents_per_year
            report["changed_per_year"] = self.changed_count / n * incidents_per_year
        report["measures"] = [self.rank.report()] + [m.report() for m in self.measures
                                                     if not m.name.startswith(UNIT_PREFIX)]
        report["units"] = sorted(
            (m.report(m.name.removeprefix(UNIT_PREFIX)) for m in self.measures if m.name.startswith(UNIT_PREFIX)),
            key=lambda m: (-(m["mean"] or 0.0), m["measure"]),
        )
        return report


def rate_basis(rate) -> dict[str, str]:
    """Where a template's incidents a year (its cited ``incidents_per_year``) come from, in
    both languages: the template's assumption, or its source, as the template states it, so
    that a reader of "4 incidents a year" is told whose number it is."""
    if rate.assumption is not None:
        return said("compare.rate_assumed", text=bilingual(rate.assumption))
    return {language: text("compare.rate_cited", language, text=rate.source.line(language)) for language in LANGUAGES}


def compare_cases(baseline, variant, seed: int, execute) -> dict:
    """Baseline against variant (two :class:`~sim.inputs.Case`) on common random numbers.

    ``execute(job, sink)`` runs the job's replications (as many as the caller wants, where
    it wants: in this process, on a local pool, on Dask) and hands each batch of rows to
    ``sink`` in replication order. The report is :meth:`Pairs.report`'s, with ``run``:
    the scenario, seed and the digests of both arms' plans; for a template, with how many
    incidents a year its rate makes, where the rate comes from (``incidents_per_year_basis``:
    :func:`rate_basis`) and how many of them would change.
    """
    from ..memo import digest
    from .executor import Job
    from .rows import columns, primary

    job = Job((baseline, variant), seed, columns([baseline.plans, variant.plans], baseline.scenario.plans,
                                                 baseline.is_template))
    plan = primary(baseline.plans, baseline.scenario.plans)
    pairs = Pairs(job.layout.names, [level.id for level in plan.response_levels] if plan else [])
    execute(job, pairs.extend)
    drawn = baseline.scenario.template
    report = pairs.report(drawn.incidents_per_year.value if drawn is not None else None)
    if "incidents_per_year" in report:
        report["incidents_per_year_basis"] = rate_basis(drawn.incidents_per_year)
    plan_ids = baseline.scenario.plans
    report["run"] = {
        "template": baseline.scenario.id, "runs": report["n"], "seed": seed,
        "baseline": [{"id": pid, "sha256": digest(baseline.plans[pid])} for pid in plan_ids],
        "variant": [{"id": pid, "sha256": digest(variant.plans[pid])} for pid in plan_ids],
        "resources": [{"resource": rid, "baseline": baseline.scenario.resources.get(rid), "variant": count}
                      for rid, count in sorted(variant.scenario.resources.items())
                      if baseline.scenario.resources.get(rid) != count],
    }
    return report
