"""May I do this, here, on this day? Answering from ban notices.

A ban notice prohibits activities during periods in an area: named zones (plus a band
beyond their edge) or a whole jurisdiction. :func:`check` applies every given notice to
one activity at one place on one day and reports what applies and why: each rule with
its clause, quote and penalties, the periods in force, the requirements in force there,
and whom to call. Everything specific to a notice (dates, zones, distances, phone
numbers) comes from the plan files; this module only knows the shape of a notice.

A place is a zone plus the distance outside the zone's edge (0 or omitted: inside;
infinite: farther than any band). Zone ids are unique across notices, so
``--zone baiyangou`` needs no plan name; zones and activities are also found by their
Chinese or English names. A place given without a zone is "somewhere unspecified":
every rule that prohibits the activity that day then *depends on the place* — a zone
rule names its zones, a jurisdiction rule its jurisdiction — and the answer is neither
"prohibited" nor "not prohibited".

A notice applies only from its effective date. An activity is prohibited by a rule that
names it or names a category it belongs to (``kind_of``: 等一切野外用火活动), so the
categories live in the notices, not here. Requirements, contacts and enforcing units
shown are those of the notices that apply to the question; the requirements in force at
the place regardless of the activity are kept apart for the fire simulation.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from . import messages
from .bounds import EARLIEST, LATEST
from .errors import QUESTION, InputError, Problem
from .names import ids_by_name, named_id
from .plan import BanNotice, ResponsePlan
from .plan.ban_notice import Activity, Area, Contact, EnforcingUnit, Penalty, Period, Requirement, Rule, Zone
from .plan.common import Cited, Source, Text

def default_plan_paths() -> list[Path]:
    """``plans/`` of the working directory, else the shipped library."""
    from .inputs.layout import default_plan_paths as paths

    return paths()


def load_ban_notices(paths: Iterable[str | Path]) -> list[BanNotice]:
    """Load the ban notices among plan files or directories.

    Files that declare another plan kind (response plans) are skipped before they are
    validated, so a half-edited response plan cannot stop anyone checking a ban. Files
    of kind ``ban_notice`` or of no recognisable kind are loaded, so their mistakes
    are reported rather than silently ignored.
    """
    from .inputs import load_plans, plan_paths

    paths = list(paths)
    notices = [plan for plan in load_plans(plan_paths(paths), skip_kinds=_OTHER_PLAN_KINDS).values()
               if isinstance(plan, BanNotice)]
    if not notices:
        where = ", ".join(str(p) for p in paths)
        raise InputError([Problem(where, 0, 0, "", messages.Message("bans.no_notice"))])
    return notices


_OTHER_PLAN_KINDS = set(get_args(ResponsePlan.model_fields["kind"].annotation))


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class PlacedZone:
    """A zone with the notice that defines it and the jurisdiction it lies in."""

    plan: str
    zone: Zone
    jurisdiction: str
    jurisdiction_name: Text

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.zone.id,
            "plan": self.plan,
            "name": messages.bilingual(self.zone.name),
            "kind": self.zone.kind,
            "jurisdiction": self.jurisdiction,
            "jurisdiction_name": messages.bilingual(self.jurisdiction_name),
            "boundary": [messages.bilingual(t) for t in self.zone.boundary],
            **_citation(self.zone),
        }


@dataclass(frozen=True)
class AppliedRule:
    """A rule that prohibits the activity here today; ``where`` says how the place matched and
    ``when`` why today: the rule's periods in force on the day, or every day since the notice
    took effect when it names none."""

    plan: str
    rule: Rule
    where: Text
    penalties: tuple[Penalty, ...]
    when: Text
    periods: tuple[Period, ...] = ()
    #: what to say instead of penalties when the rule names none (the notice sets none of its own)
    penalty_note: Text | None = None
    #: penalty id → the name of the unit of the notice that imposes it (its ``issued_by``), for
    #: each penalty that names one, so every face says who imposes it by name
    issuers: Mapping[str, Text] = field(default_factory=dict, hash=False)

    def penalty_lines(self) -> tuple[PenaltyLine, ...]:
        """Each penalty as a line says it, naming who imposes it where the notice does."""
        return tuple(penalty_line(p, self.issuers.get(p.id)) for p in self.penalties)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "rule": self.rule.id,
            "text": messages.bilingual(self.rule.text),
            "where": messages.bilingual(self.where),
            "when": messages.bilingual(self.when),
            "periods": [p.id for p in self.periods],
            **_citation(self.rule),
            "penalty": _penalty_summary(self.penalties),
            "penalties": [_penalty_dict(p, self.issuers.get(p.id)) for p in self.penalties],
            "penalty_note": messages.bilingual(self.penalty_note) if self.penalty_note else None,
        }


@dataclass(frozen=True)
class Elsewhere:
    """A rule that prohibits the activity on this day, but in an area the place is not in."""

    plan: str
    rule: Rule
    area: Area
    jurisdiction_name: Text | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "rule": self.rule.id,
            "clause": self.rule.source.clause if self.rule.source else None,
            "zones": list(self.area.zones),
            "buffer_m": self.area.buffer_m,
            "jurisdiction": self.area.jurisdiction,
            "jurisdiction_name": messages.bilingual(self.jurisdiction_name) if self.jurisdiction_name else None,
        }


@dataclass(frozen=True)
class NotYetInForce:
    """A notice that would prohibit the activity but takes effect after the date asked about."""

    plan: str
    title: Text
    effective: dt.date

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "title": messages.bilingual(self.title), "effective": self.effective.isoformat()}


@dataclass(frozen=True)
class PeriodState:
    plan: str
    period: Period
    in_force: bool

    def to_dict(self) -> dict[str, Any]:
        p = self.period
        span = (
            {"start": p.dates.start.isoformat(), "end": p.dates.end.isoformat(), "annual": False}
            if p.dates
            else {"start": p.annual.start, "end": p.annual.end, "annual": True}
        )
        return {"plan": self.plan, "id": p.id, "name": messages.bilingual(p.name), "in_force": self.in_force, **span}


#: The three answers (the place decides only when no place was given), in the catalogue's words.
ANSWERS = {key: Text(zh=messages.text(f"bans.{key}", "zh"), en=messages.text(f"bans.{key}", "en"))
           for key in ("prohibited", "depends_on_place", "not_prohibited")}


@dataclass(frozen=True)
class CheckResult:
    """The answer. ``rules`` prohibit the activity at the place; ``depends`` would, were the
    place in their area (only when no place was given); ``requirements``, ``contacts`` and
    ``units`` are those of the notices behind either; ``requirements_in_force`` are all the
    requirements in force at the place that day, whatever the activity."""

    date: dt.date
    activity: str
    activity_name: Text
    activity_is_category: bool
    place: PlacedZone | None
    distance_m: float | None
    rules: tuple[AppliedRule, ...]
    depends: tuple[AppliedRule, ...]
    elsewhere: tuple[Elsewhere, ...]
    not_yet_in_force: tuple[NotYetInForce, ...]
    periods: tuple[PeriodState, ...]
    requirements: tuple[tuple[str, Requirement], ...]
    requirements_in_force: tuple[tuple[str, Requirement], ...]
    contacts: tuple[tuple[str, Contact], ...]
    units: tuple[tuple[str, EnforcingUnit], ...]
    notes: tuple[Text, ...]

    @property
    def prohibited(self) -> bool:
        return bool(self.rules)

    @property
    def activity_label(self) -> messages.Message | Text:
        """The activity as the list of activities names it (:func:`activity_label`)."""
        return activity_label(self.activity_name, self.activity_is_category)

    @property
    def answer(self) -> str:
        """``prohibited``, ``depends_on_place`` or ``not_prohibited`` (keys of :data:`ANSWERS`)."""
        if self.rules:
            return "prohibited"
        return "depends_on_place" if self.depends else "not_prohibited"

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "activity": self.activity,
            "activity_name": messages.bilingual(self.activity_name),
            "activity_label": messages.bilingual(self.activity_label),
            "zone": self.place.to_dict() if self.place else None,
            "distance_m": self.distance_m if self.distance_m is None or math.isfinite(self.distance_m) else "beyond",
            "answer": self.answer,
            "answer_text": messages.bilingual(ANSWERS[self.answer]),
            "prohibited": self.prohibited,
            "rules": [r.to_dict() for r in self.rules],
            "depends": [r.to_dict() for r in self.depends],
            "elsewhere": [e.to_dict() for e in self.elsewhere],
            "not_yet_in_force": [n.to_dict() for n in self.not_yet_in_force],
            "periods": [p.to_dict() for p in self.periods],
            "requirements": [
                {"plan": plan, "id": r.id, "kind": r.kind, "text": messages.bilingual(r.text), **_citation(r)}
                for plan, r in self.requirements
            ],
            "contacts": [
                {"plan": plan, "id": c.id, "name": messages.bilingual(c.name), "phone": c.phone, "purpose": messages.bilingual(c.purpose)}
                for plan, c in self.contacts
            ],
            "units": [
                {"plan": plan, "id": u.id, "name": messages.bilingual(u.name),
                 "duties": [{"id": d.id, "text": messages.bilingual(d.text), **_citation(d)} for d in u.duties], **_citation(u)}
                for plan, u in self.units
            ],
            "notes": [messages.bilingual(n) for n in self.notes],
        }


# ---------------------------------------------------------------------------- index


class _Index:
    """Zones, jurisdictions and activities of all the notices, checked for clashes.

    Jurisdictions are repeated across notices (each Guyang notice names 固阳县 and its
    city); they merge by id, and two notices that disagree about ``part_of`` are an error
    because the answer would depend on which file was read first. Activities merge by id
    too, and an activity's categories (``kind_of``) are the union of what every notice
    says, so a category one notice defines reaches activities another names.
    """

    def __init__(self, notices: list[BanNotice]):
        self.zones: dict[str, PlacedZone] = {}
        self.parent: dict[str, str | None] = {}
        self.names: dict[str, Text] = {}
        self.activities, self.kind_of = _merged_activities(notices)
        problems: list[Problem] = []
        for notice in notices:
            for i, j in enumerate(notice.jurisdictions):
                if j.id in self.parent and self.parent[j.id] != j.part_of:
                    problems.append(Problem(notice.id, 0, 0, f"jurisdictions.{i}.part_of", messages.Message(
                        "bans.part_of_differs", id=repr(j.id), here=repr(j.part_of), there=repr(self.parent[j.id]))))
                self.parent.setdefault(j.id, j.part_of)
                self.names.setdefault(j.id, j.name)
            own = notice.jurisdictions[0].id
            for i, zone in enumerate(notice.zones):
                if zone.id in self.zones:
                    problems.append(Problem(notice.id, 0, 0, f"zones.{i}.id", messages.Message(
                        "bans.zone_twice", id=repr(zone.id), other=repr(self.zones[zone.id].plan))))
                    continue
                jid = zone.jurisdiction or own
                self.zones[zone.id] = PlacedZone(notice.id, zone, jid, self.jurisdiction_name(jid))
        if problems:
            raise InputError(problems)
        self.activity_ids = ids_by_name({a: [act.name for n in notices for act in n.activities if act.id == a]
                                      for a in self.activities})
        self.zone_ids = ids_by_name({z: [placed.zone.name] for z, placed in self.zones.items()})

    def jurisdiction_name(self, jid: str) -> Text:
        return self.names.get(jid) or Text(zh=jid, en=jid)

    def within(self, jid: str, ancestor: str) -> bool:
        """Whether ``jid`` is ``ancestor`` or lies in it through ``part_of`` links."""
        seen: set[str] = set()
        current: str | None = jid
        while current is not None and current not in seen:
            if current == ancestor:
                return True
            seen.add(current)
            current = self.parent.get(current)
        return False

    def is_category(self, activity: str) -> bool:
        """Whether some activity is ``kind_of`` this one (:func:`_is_category`)."""
        return _is_category(self.kind_of, activity)

    def kinds(self, activity: str) -> set[str]:
        """The activity and every category it belongs to, through ``kind_of`` links."""
        found: set[str] = set()
        todo = [activity]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self.kind_of.get(current, ()))
        return found


def _merged_activities(notices: list[BanNotice]) -> tuple[dict[str, Activity], dict[str, set[str]]]:
    """The notices' activities merged by id (the first notice to name one gives its name),
    and each one's categories: the union of the ``kind_of`` every notice gives it."""
    activities: dict[str, Activity] = {}
    kind_of: dict[str, set[str]] = {}
    for notice in notices:
        for activity in notice.activities:
            activities.setdefault(activity.id, activity)
            if activity.kind_of:
                kind_of.setdefault(activity.id, set()).add(activity.kind_of)
    return activities, kind_of


def _is_category(kind_of: Mapping[str, set[str]], activity: str) -> bool:
    """Whether some activity is ``kind_of`` this one: it stands for the outdoor fires the
    notices do not list."""
    return any(activity in kinds for kinds in kind_of.values())


# ---------------------------------------------------------------------------- checking


def activity_choices(plans: Iterable[Any] | Mapping[str, Any]) -> dict[str, messages.Message | Text]:
    """Every activity the ban notices in ``plans`` name, id → how a person picks it
    (:func:`activity_label`), in the order a list offers them: listed activities by their
    Chinese names, then the categories that stand for the fires no notice lists.

    Activities merge and are categories exactly as :func:`check` reads them. Zones and
    jurisdictions are not checked here, so a page can offer the list before :func:`check`
    says what is wrong with the notices."""
    activities, kind_of = _merged_activities(_ban_notices(plans))
    category = {a: _is_category(kind_of, a) for a in activities}
    order = sorted(activities, key=lambda a: (category[a], activities[a].name.zh))
    return {a: activity_label(activities[a].name, category[a]) for a in order}


def zones(plans: Iterable[Any] | Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every zone of every ban notice: id, plan, name, kind, jurisdiction, boundary."""
    index = _Index(_ban_notices(plans))
    return [placed.to_dict() for placed in index.zones.values()]


def check(
    plans: Iterable[Any] | Mapping[str, Any],
    date: dt.date,
    activity: str,
    zone: str | None = None,
    distance_m: float | None = None,
) -> CheckResult:
    """Apply every ban notice in ``plans`` to ``activity`` at a place on ``date``.

    ``activity`` and ``zone`` are ids or names (Chinese or English). ``distance_m`` is the
    distance outside the zone's edge (0 or None: inside; ``math.inf``: beyond every band).
    Unknown names and impossible distances raise :class:`InputError` listing what is valid.
    """
    notices = _ban_notices(plans)
    index = _Index(notices)
    activity, place = _validated_place(index, date, activity, zone, distance_m)
    distance = distance_m or 0.0
    kinds = index.kinds(activity)

    applied: list[AppliedRule] = []
    depends: list[AppliedRule] = []
    elsewhere: list[Elsewhere] = []
    not_yet: list[NotYetInForce] = []
    off_season: list[Text] = []
    plans_here: list[BanNotice] = []
    for notice in notices:
        covering = [rule for rule in notice.rules if kinds & set(rule.prohibited)]
        if date < notice.document.effective:
            if covering:
                not_yet.append(NotYetInForce(notice.id, notice.title, notice.document.effective))
            continue
        matched_any = False
        by_id = {p.id: p for p in notice.penalties}
        unit_names = {u.id: u.name for u in notice.units}
        for rule in notice.rules:
            where = _area_match(index, rule.area, place, distance)
            matched_any |= where is not None
            if rule not in covering:
                continue
            periods = _periods_in_force(notice, rule.periods, date)
            if periods is None:
                named = any(p.id in rule.periods for p in notice.periods)
                if named and where is not None:  # it would hold at this place on another day
                    off_season.append(_say("bans.note_out_of_period", title=_titled(notice.title), date=date.isoformat(),
                                           periods=_spans(notice, rule.periods)))
                continue
            penalties = tuple(by_id[p] for p in rule.penalties if p in by_id)
            when, note = _when(notice, periods), None if penalties else no_penalty(notice)
            issuers = {p.id: unit_names[p.issued_by] for p in penalties if p.issued_by in unit_names}
            if place is None:
                depends.append(AppliedRule(notice.id, rule, _area_text(index, rule.area), penalties, when, periods, note,
                                           issuers))
            elif where is None:
                jname = index.jurisdiction_name(rule.area.jurisdiction) if rule.area.jurisdiction else None
                elsewhere.append(Elsewhere(notice.id, rule, rule.area, jname))
            else:
                applied.append(AppliedRule(notice.id, rule, where, penalties, when, periods, note, issuers))
        if place is None or matched_any or any(_requirement_here(index, notice, r, place, distance)
                                               for r in notice.requirements):
            plans_here.append(notice)

    in_force = tuple(
        (notice.id, r)
        for notice in notices
        if date >= notice.document.effective
        for r in notice.requirements
        if _periods_in_force(notice, r.periods, date) is not None
        and _requirement_here(index, notice, r, place, distance)
    )
    applying = [n for n in notices if n.id in {r.plan for r in (*applied, *depends)}]
    periods = tuple(PeriodState(n.id, p, p.contains(date)) for n in plans_here for p in n.periods)
    return CheckResult(
        date=date,
        activity=activity,
        activity_name=index.activities[activity].name,
        activity_is_category=index.is_category(activity),
        place=place,
        distance_m=distance_m,
        rules=tuple(applied),
        depends=tuple(depends),
        elsewhere=tuple(elsewhere),
        not_yet_in_force=tuple(not_yet),
        periods=periods,
        requirements=tuple((plan, r) for plan, r in in_force if plan in {n.id for n in applying}),
        requirements_in_force=in_force,
        contacts=tuple((n.id, c) for n in applying for c in n.contacts),
        units=tuple((n.id, u) for n in applying for u in n.units),
        notes=_notes(index, applied, depends, not_yet, place, distance, date) + tuple(off_season),
    )


def activity_label(name: Text, category: bool) -> messages.Message | Text:
    """An activity as a person picks it and reads it back: its name, or for a category
    (some activity is ``kind_of`` it) the fires of that kind the notices do not list
    (``其他野外用火活动（通告未逐一列出的）``), since a listed one is picked by its own name.
    The check's answer and the list it was picked from say it alike."""
    return messages.Message("bans.category", name=messages.bilingual(name)) if category else name


def _ban_notices(plans: Iterable[Any] | Mapping[str, Any]) -> list[BanNotice]:
    values = plans.values() if isinstance(plans, Mapping) else plans
    return [plan for plan in values if isinstance(plan, BanNotice)]


def _known(ids: dict[str, str], value: str, field: str, problems: list[Problem],
           unknown: str, none: str, names: Mapping[str, Any]) -> str | None:
    """The id ``value`` names among ``ids`` (by id or name); a problem appended for a name
    several ids share or one nothing has, listing what is valid by name (``names``: id →
    name) beside what to type."""
    found, several = named_id(ids, value)
    if several:
        problems.append(Problem(QUESTION, 0, 0, field, messages.Message(
            "common.several", value=repr(value), ids=messages.typed((key, names.get(key)) for key in several))))
    elif found is None:
        problems.append(Problem(QUESTION, 0, 0, field, messages.Message(
            unknown, value=repr(value), valid=messages.typed(sorted(names.items())) if ids else messages.Message(none))))
    return found


def day_refused(date: dt.date) -> messages.Message | None:
    """Why ``date`` cannot be checked, or None when it can: the days checked are those of the
    calendar plans and scenarios are dated in (:data:`sim.bounds.EARLIEST` to
    :data:`sim.bounds.LATEST`), as the command line and the Fire-ban check page both say."""
    if EARLIEST <= date <= LATEST:
        return None
    return messages.Message("bans.day_outside", low=EARLIEST.isoformat(), high=LATEST.isoformat(),
                            date=date.isoformat())


def _validated_place(index: _Index, date: dt.date, activity: str, zone: str | None,
                     distance_m: float | None) -> tuple[str, PlacedZone | None]:
    """The activity's id and the zone placed, from ids or names; problems for what is not known
    (and for a day outside the calendar, :func:`day_refused`)."""
    problems = []
    if (refused := day_refused(date)) is not None:
        problems.append(Problem(QUESTION, 0, 0, "date", refused))
    activity_id = _known(index.activity_ids, activity, "activity", problems, "bans.unknown_activity",
                         "bans.no_activities", {key: a.name for key, a in index.activities.items()})
    zone_id = None
    if zone is not None:
        zone_id = _known(index.zone_ids, zone, "zone", problems, "bans.unknown_zone", "bans.no_zones",
                         {key: p.zone.name for key, p in index.zones.items()})
    if distance_m is not None:
        if math.isnan(distance_m) or distance_m < 0:
            problems.append(Problem(QUESTION, 0, 0, "distance_m",
                                    messages.Message("bans.bad_distance", value=f"{distance_m:g}")))
        elif zone is None:
            problems.append(Problem(QUESTION, 0, 0, "distance_m", messages.Message("bans.distance_needs_zone")))
    if problems:
        raise InputError(problems)
    return activity_id, index.zones[zone_id] if zone_id is not None else None


def _periods_in_force(notice: BanNotice, period_ids: list[str], date: dt.date) -> tuple[Period, ...] | None:
    """The periods among ``period_ids`` that hold on ``date``, in the rule's order, or None when
    the item does not hold that day (it names periods and none holds); an item naming none holds
    every day, with no period to name (``()``).

    One walk answers both questions a rule asks — does it hold, and which periods say so —
    so the notice's periods are read once per rule, not once per question.
    """
    if not period_ids:
        return ()
    periods = {p.id: p for p in notice.periods}
    held = tuple(periods[pid] for pid in period_ids if pid in periods and periods[pid].contains(date))
    return held or None


def period_span(period: Period) -> Text:
    """A period's days as people write them: ``2023-11-06至2023-11-16``, or every year
    ``每年9月15日至次年5月31日`` when it is annual (and ``次年`` when it crosses the new year)."""
    if period.dates is not None:
        return _say("bans.span_dates", start=period.dates.start.isoformat(), end=period.dates.end.isoformat())
    start, end = period.annual.start, period.annual.end
    key = "bans.span_yearly" if start <= end else "bans.span_yearly_wrap"
    return _say(key, start_month=int(start[:2]), start_day=int(start[3:]), end_month=int(end[:2]), end_day=int(end[3:]))


def period_named(period: Period) -> Text:
    """A period by its name and its days: ``2023年秋季防火戒严期（2023-11-06至2023-11-16）``."""
    return _say("bans.when_period", period=period.name, span=period_span(period))


def _spans(notice: BanNotice, period_ids: list[str]) -> Text:
    """A rule's periods, each by its name and days."""
    periods = {p.id: p for p in notice.periods}
    return Text(**messages.listed(period_named(periods[pid]) for pid in period_ids if pid in periods))


def _when(notice: BanNotice, periods: tuple[Period, ...]) -> Text:
    """Why a rule holds on the day: its periods in force, each with its days, or, for a rule
    that names no period, every day since its notice took effect."""
    if not periods:
        return _say("bans.when_always", effective=notice.document.effective.isoformat())
    return _spans(notice, [p.id for p in periods])


def _area_match(index: _Index, area: Area, place: PlacedZone | None, distance: float) -> Text | None:
    """How the place lies in ``area`` (as text for the user), or None when it does not."""
    if area.zones:
        if place is None or place.zone.id not in area.zones or distance > area.buffer_m:
            return None
        name = place.zone.name
        if distance == 0:
            return _say("bans.where_inside", zone=name)
        return _say("bans.where_band", zone=name, m=f"{distance:g}", band=f"{area.buffer_m:g}")
    jname = index.jurisdiction_name(area.jurisdiction)
    if place is None:
        return None
    if index.within(place.jurisdiction, area.jurisdiction):
        return _say("bans.where_jurisdiction", zone=place.zone.name, jurisdiction=jname)
    return None


def _area_text(index: _Index, area: Area) -> Text:
    """Where a rule holds, for an answer that depends on the place: its zones, or its jurisdiction."""
    if area.zones:
        names = [index.zones[z].zone.name if z in index.zones else Text(zh=z, en=z) for z in area.zones]
        zones = messages.listed(names, "common.list_sep_held")
        if area.buffer_m:
            return _say("bans.depends_zones_band", zones=zones, m=f"{area.buffer_m:g}")
        return _say("bans.depends_zones", zones=zones)
    return _say("bans.depends_jurisdiction", jurisdiction=index.jurisdiction_name(area.jurisdiction))


def no_penalty(notice: BanNotice) -> Text:
    """For a rule with no penalty: that the notice sets none, and the laws it rests on, where
    a reader looks for the consequences (a fireworks notice sets times and places only)."""
    if not notice.legal_bases:
        return _say("bans.no_penalty_no_basis")
    titled = [_titled(basis.name) for basis in notice.legal_bases]
    return _say("bans.no_penalty", bases=Text(**messages.listed(titled)))


def _requirement_here(index: _Index, notice: BanNotice, requirement: Requirement, place: PlacedZone | None,
                      distance: float) -> bool:
    """Whether a requirement holds at the place; with no place given, wherever it holds."""
    if place is None:
        return True
    area = requirement.area or Area(jurisdiction=notice.jurisdictions[0].id)
    return _area_match(index, area, place, distance) is not None


def _notes(index: _Index, applied: list[AppliedRule], depends: list[AppliedRule], not_yet: list[NotYetInForce],
           place: PlacedZone | None, distance: float, date: dt.date) -> tuple[Text, ...]:
    notes: list[Text] = []
    if place is None and depends:
        notes.append(_say("bans.note_no_place"))
    by_jurisdiction = [r for r in applied if r.rule.area.jurisdiction]
    if place is not None and distance > 0 and by_jurisdiction:
        jname = index.jurisdiction_name(place.jurisdiction)
        notes.append(_say("bans.note_same_jurisdiction", zone=place.zone.name, jurisdiction=jname))
    for later in not_yet:
        notes.append(_say("bans.note_not_yet", title=_titled(later.title), effective=later.effective.isoformat(),
                          date=date.isoformat()))
    if not applied and not depends:
        notes.append(_say("bans.note_none"))
    return tuple(notes)


# ---------------------------------------------------------------------------- plain data


def _citation(item: Cited) -> dict[str, Any]:
    source = item.source
    return {
        # a title with its English translation as {zh, en}, one the file gives alone as written
        "document": source.document_data() if source else None,
        "clause": source.clause if source else None,
        "quote": source.quote if source else None,
        "assumption": messages.bilingual(item.assumption) if item.assumption else None,
    }


_REFERRAL = {"police": "bans.referral_police", "judiciary": "bans.referral_judiciary"}


def _penalty_dict(p: Penalty, issuer: Text | None) -> dict[str, Any]:
    return {
        "id": p.id,
        "text": messages.bilingual(p.text),
        "applies_when": messages.bilingual(p.applies_when),
        "legal_basis": messages.bilingual(p.legal_basis),
        "issued_by": p.issued_by,
        "issued_by_name": messages.bilingual(issuer) if issuer else None,
        "fine_yuan": {"min": p.fine_yuan.min, "max": p.fine_yuan.max} if p.fine_yuan else None,
        "restoration_cost_multiple_max": p.restoration_cost_multiple_max,
        "referral": p.referral,
        **_citation(p),
    }


def _penalty_summary(penalties: tuple[Penalty, ...]) -> dict[str, str] | None:
    """One line per language: what happens, with the fine, multiple and referral made explicit
    (who imposes each penalty and its clause are fields of the penalties beside it)."""
    if not penalties:
        return None
    return {language: messages.text("bans.penalty_sep", language).join(penalty_line(p).render(language, cited=False)
                                                                        for p in penalties)
            for language in messages.LANGUAGES}


@dataclass(frozen=True)
class PenaltyLine:
    """What one line about a penalty says, part by part, in both languages: when it applies and
    what it is, then in an aside who imposes it, the fine, the multiple of the restoration cost
    and the referral, then the clause that sets it.

    The parts are assembled once, by :func:`penalty_line`, so that check's summary and the Fire
    bans page say a penalty in the same words and order; a face only renders them
    (:meth:`render`), the page with its Markdown around the same parts.
    """

    when: Text
    what: Text
    aside: tuple[Text, ...]
    source: Source | None

    def render(self, language: str, cited: bool = True, label: Callable[[str], str] = str,
               body: Callable[[str], str] = str) -> str:
        """The line in ``language``: ``when：what（aside）（clause）``. ``cited`` False leaves the
        clause out, for a face that gives it beside the line; ``label`` wraps the condition and
        ``body`` the rest (the page's bold and its escaping of the notice's words)."""
        aside = (messages.text("common.aside", language, text=messages.text("common.clause_sep", language).join(
            messages.pick(part, language) for part in self.aside)) if self.aside else "")
        clause = messages.text("common.aside", language, text=self.source.at(language)) if cited and self.source else ""
        return messages.text("common.labelled", language, label=label(messages.pick(self.when, language)),
                             text=body(messages.pick(self.what, language) + aside + clause))


def penalty_line(p: Penalty, issuer: Text | None = None) -> PenaltyLine:
    """The parts of a line about ``p``; ``issuer`` is the name of its ``issued_by`` unit, which
    only the notice knows, so the caller that holds the notice passes it."""
    aside = [_say("bans.issued_by", name=issuer)] if issuer else []
    if p.fine_yuan:
        aside.append(_say("bans.penalty_fine", fine=Text(**{language: fine_range(p, language)
                                                              for language in messages.LANGUAGES})))
    if p.restoration_cost_multiple_max:
        aside.append(_say("bans.penalty_multiple", multiple=p.restoration_cost_multiple_max))
    if p.referral:
        aside.append(referral_text(p.referral))
    return PenaltyLine(p.applies_when, p.text, tuple(aside), p.source)


def fine_range(p: Penalty, lang: str) -> str:
    """A fine as '500–2000 元' / '500–2,000 yuan'; one open end reads 'up to' / 'at least'."""
    low, high = p.fine_yuan.min, p.fine_yuan.max
    if low is None and high is None:
        key = "bans.fine_not_stated"
    elif low is not None and high is not None:
        key = "bans.fine_range"
    else:
        key = "bans.fine_at_least" if low is not None else "bans.fine_up_to"
    return messages.text(key, lang, low=low, high=high)


def referral_text(referral: str) -> Text:
    return _say(_REFERRAL[referral])


def _titled(title: Text) -> Text:
    """A document's title within a sentence, in each language's marks (《…》, “…”)."""
    return _say("common.titled", title=title)


def _say(key: str, **values: Any) -> Text:
    """A catalogue entry in both languages as a ``Text``; ``Text`` values are filled per language."""
    message = messages.Message(key, **{k: messages.bilingual(v) if isinstance(v, Text) else v for k, v in values.items()})
    return Text(zh=message.zh, en=message.en)
