"""The Fire-ban check page: may I do this, here, on this day? (:func:`sim.bans.check`).

Made for the public, on a phone as much as a desk: the activity is picked by its name
(an outdoor fire the notice does not list is its category, "其他野外用火活动"), and the
place as people know it — inside a zone, within the band around it (its width read from
the notice), farther away, or a distance if they know one. The answer shows each
prohibition's whole sentence, the penalties and whom to call (tappable numbers) as
text that wraps, never cut off in a table cell. It is recomputed on every change (well
under a millisecond), so there is no button.
"""

from __future__ import annotations

import datetime as dt
import math

import streamlit as st

from ..errors import InputError
from ..plan import BanNotice
from ..bounds import MAX_METRES
from ..messages import Message, bilingual, joined
from ..report import names_from
from . import choices, data
from .describe import assumption_note
from .i18n import bi, lang, pick, t, tr
from .widgets import markdown_plain, number

NOWHERE = ""
#: How the place lies from the chosen zone: inside, in a band, beyond every band, or a distance.
INSIDE, BEYOND, DISTANCE = "inside", "beyond", "distance"


def render() -> None:
    st.title(t("nav.bans"))
    loaded = data.plans()
    notices = {key: plan for key, plan in loaded.items.items() if isinstance(plan, BanNotice)}
    if not notices:
        data.show_problems(loaded.problems, t("common.load_errors"))
        st.info(t("common.no_plans", folder=data.folders("plan", lang())))
        return
    from .. import bans

    language = lang()
    activities = bans.activity_choices(notices)
    zones = {z.id: z for n in notices.values() for z in n.zones}

    # Every day a browser can type reaches the page, which says which days it checks: given a
    # narrower range, Streamlit outlines a day outside it in red, says why in English only, and
    # keeps the day before, whose answer stayed below as if it were the new day's.
    day = st.date_input(t("bans.date"), value=dt.date.today(), key="bans.date",
                        min_value=dt.date.min, max_value=dt.date.max)
    refused = bans.day_refused(day)
    if refused is not None:
        st.error(markdown_plain(refused.in_language(language)))
    activity = choices.selectbox(st, t("bans.activity"), list(activities), key="bans.activity",
                                 format_func=lambda a: bi(activities[a], language))
    zone = choices.selectbox(
        st, t("bans.zone"), [NOWHERE, *zones], key="bans.zone",
        format_func=lambda z: bi(Message("bans.nowhere") if z == NOWHERE else zones[z].name, language))
    distance = _distance(notices.values(), zone, language) if zone else None
    if refused is not None or (zone and distance is None):
        return  # a day or a distance out of range: its field says so, and no answer stands
    try:
        result = bans.check(notices, day, activity, zone or None, distance)
    except InputError as error:
        data.show_problems(error.problems, t("common.load_errors"))
        return
    show_answer(result, notices, language)


def _distance(notices, zone: str, language: str) -> float | None:
    """The distance outside the zone's edge, asked as people know it."""
    bands = sorted({rule.area.buffer_m for n in notices for rule in n.rules
                    if zone in rule.area.zones and rule.area.buffer_m > 0})
    options = [INSIDE, *bands, BEYOND, DISTANCE]

    def label(option) -> str:
        if option == INSIDE:
            return tr("bans.place_inside", language)
        if option == BEYOND:
            return tr("bans.place_beyond", language, m=f"{bands[-1]:g}") if bands else tr("bans.place_outside", language)
        if option == DISTANCE:
            return tr("bans.place_distance", language)
        return tr("bans.place_band", language, m=f"{option:g}")

    where = choices.radio(st, t("bans.place"), options, format_func=label, key=f"bans.where.{zone}")
    if where == INSIDE:
        return 0.0
    if where == BEYOND:
        return math.inf
    if where == DISTANCE:
        return number(st, t("bans.distance"), "bans.distance", 0.0, MAX_METRES, value=0.0, step=50.0)
    return float(where)


def show_answer(result, notices: dict[str, BanNotice], language: str) -> None:
    from ..bans import ANSWERS, period_named

    def said(value) -> str:
        """The notice's own words (or the check's about it) in ``language``, shown as written."""
        return markdown_plain(pick(value, language))

    headline = f"**{pick(ANSWERS[result.answer], language)}** — {said(result.activity_label)} · {result.date}"
    {"prohibited": st.error, "depends_on_place": st.warning, "not_prohibited": st.success}[result.answer](headline)
    for note in result.notes:
        st.caption(said(note))

    applied = [*result.rules, *result.depends]
    if applied:
        st.markdown(f"#### {t('bans.why')}")
    for rule in applied:
        with st.container(border=True):
            st.markdown(said(rule.rule.text))
            st.markdown(f"**{t('plans.area')}**{t('common.colon')}{said(rule.where)}  \n"
                        f"**{t('bans.when')}**{t('common.colon')}{said(rule.when)}")
            title = pick(notices[rule.plan].title, language) if rule.plan in notices else rule.plan
            st.caption(markdown_plain(" · ".join([title, *([rule.rule.source.line(language)] if rule.rule.source else [])])))
            if rule.rule.assumption:
                st.caption(markdown_plain(assumption_note(rule.rule.assumption, language)))
            if rule.penalties or rule.penalty_note:
                st.markdown(f"**{t('common.penalties')}**")
            if rule.penalties:
                st.markdown("\n".join(f"- {_penalty(line, language)}" for line in rule.penalty_lines()))
            elif rule.penalty_note:
                st.markdown(f"- {said(rule.penalty_note)}")
    if result.contacts:
        st.markdown(f"#### {t('common.contacts')}")
        st.markdown("\n".join(f"- [{c.phone}](tel:{c.phone}) {said(c.name)} — {said(c.purpose)}"
                              for _, c in result.contacts))
        for assumption in {bilingual(c.assumption)["zh"]: c.assumption  # several contacts share one: said once
                           for _, c in result.contacts if c.assumption}.values():
            st.caption(markdown_plain(assumption_note(assumption, language)))
    if result.requirements:
        st.markdown(f"#### {t('bans.requirements')}")
        st.markdown("\n".join(f"- {said(r.text)}" + markdown_plain(_cited(r, language)) for _, r in result.requirements))
    if result.units:
        st.markdown(f"#### {t('common.enforcing')}")
        sep = tr("common.clause_sep", language)
        st.markdown("\n".join(f"- **{said(u.name)}**{t('common.colon')}{markdown_plain(sep.join(pick(d.text, language) for d in u.duties))}"
                              for _, u in result.units))
    in_force = [p for p in result.periods if p.in_force]
    if result.elsewhere or in_force:
        with st.expander(t("bans.more")):
            if in_force:
                st.markdown(f"**{t('bans.periods')}**")
                st.markdown("\n".join(f"- {said(period_named(p.period))}" for p in in_force))
            if result.elsewhere:
                st.markdown(f"**{t('bans.elsewhere')}**")
                zone_names = names_from(notices.values()).of("zone")
                st.markdown("\n".join(
                    f"- {said(e.rule.text)} — "
                    + markdown_plain(joined((pick(zone_names[z], language) for z in e.area.zones if z in zone_names), language)
                                    if e.area.zones else pick(e.jurisdiction_name, language))
                    for e in result.elsewhere))


def _penalty(line, language: str) -> str:
    """A penalty as check says it (:class:`sim.bans.PenaltyLine`), its condition in bold and the
    notice's words shown as written."""
    return line.render(language, label=lambda when: f"**{markdown_plain(when)}**", body=markdown_plain)


def _cited(item, language: str) -> str:
    """The clause an item of the notice stands in, as an aside after it (``（三（六））``)."""
    return tr("common.aside", language, text=item.source.at(language)) if item.source else ""
