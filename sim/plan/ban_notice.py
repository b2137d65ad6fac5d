"""The model of a ban notice (通告): fire lockdowns, straw burning, fireworks.

A notice prohibits *activities* during *periods* in an *area* (named zones with an
optional edge buffer, or a whole jurisdiction), with penalties, requirements (permits,
spark arrestors, duty rosters), contacts and enforcing units. Periods are either fixed
dates or an annual month-day range; an annual range whose start is after its end
crosses the new year (县防火期 9/15 – 次年 5/31).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from ..bounds import Date, Metres, PositiveFactor
from ..messages import Message
from .accounting import Accounted
from .common import Assumption, Cited, Document, Id, NonEmpty, Range, Source, StrictModel, Text


def _month_day(value: str) -> str:
    if not re.fullmatch(r"\d{2}-\d{2}", value):
        raise ValueError(Message("model.month_day", value=repr(value)))
    try:
        dt.date(2024, int(value[:2]), int(value[3:]))  # a leap year admits 02-29
    except ValueError:
        raise ValueError(Message("model.no_such_day", value=repr(value))) from None
    return value


MonthDay = Annotated[str, AfterValidator(_month_day)]


class Jurisdiction(StrictModel):
    """The territory a notice governs; ``part_of`` links a county to its city."""

    id: Id
    name: Text
    part_of: Id | None = None


class Activity(StrictModel):
    """Something people do that a notice may prohibit; ``covers`` lists what the notice counts in it
    (秸秆 含农业废弃物、杂草、落叶…).

    An activity may be a category (一切野外用火活动): a rule that prohibits the category
    prohibits every activity whose ``kind_of`` names it, and the category itself stands
    for the activities of that kind that the notice does not list.
    """

    id: Id
    name: Text
    covers: list[Text] = Field(default_factory=list)
    kind_of: Id | None = Field(default=None, description="The category (another activity) this one belongs to.")
    source: Source | None = Field(default=None, description="Where the notice names the activity or its category.")
    assumption: Assumption | None = Field(
        default=None, description="Why the activity belongs to its category when the notice does not say.")


class DateRange(StrictModel):
    """Fixed dates, both ends included (between 1900 and 2199)."""

    start: Date
    end: Date

    @model_validator(mode="after")
    def _ordered(self):
        if self.start > self.end:
            raise ValueError(Message("model.dates_inverted", start=str(self.start), end=str(self.end)))
        return self


class AnnualRange(StrictModel):
    """Every year from ``start`` to ``end`` (MM-DD, both included); wraps if start > end."""

    start: MonthDay
    end: MonthDay


class Period(Cited):
    id: Id
    name: Text
    dates: DateRange | None = None
    annual: AnnualRange | None = None

    @model_validator(mode="after")
    def _one_kind(self):
        if (self.dates is None) == (self.annual is None):
            raise ValueError(Message("model.period_kind"))
        return self

    def contains(self, day: dt.date) -> bool:
        if self.dates is not None:
            return self.dates.start <= day <= self.dates.end
        md = day.strftime("%m-%d")
        start, end = self.annual.start, self.annual.end
        return start <= md <= end if start <= end else (md >= start or md <= end)


class Zone(Cited):
    """A named area. ``boundary`` lists the roads or features that enclose it, in order."""

    id: Id
    name: Text
    kind: NonEmpty
    jurisdiction: Id | None = Field(default=None, description="Defaults to the notice's jurisdiction.")
    boundary: list[Text] = Field(default_factory=list)


class Area(StrictModel):
    """Where a rule applies: listed zones (plus ``buffer_m`` beyond their edge) or a jurisdiction."""

    zones: list[Id] = Field(default_factory=list)
    buffer_m: Metres = 0
    jurisdiction: Id | None = None

    @model_validator(mode="after")
    def _one_kind(self):
        if bool(self.zones) == (self.jurisdiction is not None):
            raise ValueError(Message("model.area_kind"))
        return self


class Penalty(Cited):
    id: Id
    text: Text
    applies_when: Text
    legal_basis: Text
    issued_by: Id | None = None
    fine_yuan: Range | None = None
    restoration_cost_multiple_max: PositiveFactor | None = None
    referral: Literal["police", "judiciary"] | None = None


class Rule(Cited):
    """A prohibition: these activities, during these periods, in this area."""

    id: Id
    text: Text
    periods: list[Id] = Field(default_factory=list, description="Any of them; empty means all year.")
    area: Area
    prohibited: list[Id] = Field(min_length=1)
    penalties: list[Id] = Field(default_factory=list)


class Requirement(Cited):
    """An obligation that is not a prohibition: permits, spark arrestors, duty rosters.

    ``area`` says where it holds (a permit to enter the control zones); omitted, it holds
    in the notice's own jurisdiction.
    """

    id: Id
    kind: NonEmpty
    text: Text
    periods: list[Id] = Field(default_factory=list)
    area: Area | None = None


class Contact(Cited):
    id: Id
    name: Text
    phone: NonEmpty
    purpose: Text


class EnforcingDuty(Cited):
    id: Id
    text: Text


class EnforcingUnit(Cited):
    id: Id
    name: Text
    duties: list[EnforcingDuty] = Field(min_length=1)


class LegalBasis(StrictModel):
    name: Text
    source: Source


class BanNotice(Accounted):
    """A ban notice: activities, periods, zones, rules, penalties, contacts, units."""

    id: Id
    kind: Literal["ban_notice"]
    title: Text
    document: Document
    jurisdictions: list[Jurisdiction] = Field(min_length=1, description="The first is the notice's own.")
    activities: list[Activity] = Field(min_length=1)
    periods: list[Period] = Field(default_factory=list)
    zones: list[Zone] = Field(default_factory=list)
    rules: list[Rule] = Field(min_length=1)
    penalties: list[Penalty] = Field(default_factory=list)
    requirements: list[Requirement] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    units: list[EnforcingUnit] = Field(default_factory=list)
    legal_bases: list[LegalBasis] = Field(default_factory=list)

    def all_duties(self) -> list[tuple[str, EnforcingDuty]]:
        """Every duty with the unit that carries it out, in notice order (as a response
        plan's :meth:`~sim.plan.response_plan.ResponsePlan.all_duties`)."""
        return [(unit.id, duty) for unit in self.units for duty in unit.duties]

