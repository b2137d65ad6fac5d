"""The Fire-ban check page: may I do this, here, on this day? (:func:`sim.bans.check`).

The answer is recomputed on every change (it takes well under a millisecond), so there
is no button: pick a date, a place and an activity and read what applies, with the
clause and quote of every rule, the penalties, the requirements in force and whom to call.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ..errors import InputError
from ..plan import BanNotice
from . import data
from .i18n import bi, lang, pick, t
from .widgets import table

OUTSIDE = ""


def render() -> None:
    st.title(t("bans.title"))
    loaded = data.plans()
    notices = {key: plan for key, plan in loaded.items.items() if isinstance(plan, BanNotice)}
    if not notices:
        data.show_problems(loaded.problems, t("common.load_errors"))
        st.info(t("common.no_plans"))
        return
    from .. import bans

    language = lang()
    zones = {z.id: z for n in notices.values() for z in n.zones}
    activities = {}
    for notice in notices.values():
        for activity in notice.activities:
            activities.setdefault(activity.id, activity.name)

    left, right = st.columns(2)
    with left:
        day = st.date_input(t("bans.date"), value=dt.date.today(), key="bans.date",
                            min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
        activity = st.selectbox(t("bans.activity"), sorted(activities), key="bans.activity",
                                format_func=lambda a: bi(activities[a], language))
    with right:
        zone = st.selectbox(t("bans.zone"), [OUTSIDE, *zones], key="bans.zone",
                            format_func=lambda z: t("bans.outside") if z == OUTSIDE else bi(zones[z].name, language))
        distance = st.number_input(t("bans.distance"), min_value=0.0, value=0.0, step=50.0, key="bans.distance",
                                   disabled=zone == OUTSIDE)
    try:
        result = bans.check(notices, day, activity, zone or None, distance if zone else None)
    except InputError as error:
        data.show_problems(error.problems, t("common.load_errors"))
        return
    show_result(result.to_dict(), notices, language)


def show_result(result: dict, notices: dict[str, BanNotice], language: str) -> None:
    activity = pick(result["activity_name"], language)
    if result["prohibited"]:
        st.error(f"**{t('bans.prohibited')}** — {activity} · {result['date']}")
    else:
        st.success(f"**{t('bans.allowed')}** — {activity} · {result['date']}")
    for note in result["notes"]:
        st.caption(bi(note, language, sep=" / "))

    if result["rules"]:
        st.markdown(f"#### {t('bans.why')}")
        table([
            {t("plans.rules"): pick(r["text"], language),
             t("plans.area"): pick(r["where"], language),
             t("common.document"): pick(notices[r["plan"]].title, language) if r["plan"] in notices else r["plan"],
             t("common.clause"): r["clause"] or "",
             t("common.quote"): _quote(r, language)}
            for r in result["rules"]
        ], key="bans.rules.table")
        penalties = [p for r in result["rules"] for p in r["penalties"]]
        if penalties:
            st.markdown(f"#### {t('bans.penalties')}")
            table([
                {t("plans.applies_when"): pick(p["applies_when"], language),
                 t("common.text"): pick(p["text"], language),
                 t("plans.fine"): _fine(p["fine_yuan"]),
                 t("plans.legal_basis"): pick(p["legal_basis"], language),
                 t("common.clause"): p["clause"] or "",
                 t("common.quote"): _quote(p, language)}
                for p in penalties
            ], key="bans.penalties.table")
    if result["requirements"]:
        st.markdown(f"#### {t('bans.requirements')}")
        table([
            {t("common.kind"): r["kind"], t("common.text"): pick(r["text"], language),
             t("common.clause"): r["clause"] or "", t("common.quote"): _quote(r, language)}
            for r in result["requirements"]
        ], key="bans.requirements.table")
    if result["contacts"]:
        st.markdown(f"#### {t('bans.contacts')}")
        table([
            {t("common.name"): bi(c["name"], language), t("plans.phone"): c["phone"],
             t("plans.purpose"): pick(c["purpose"], language)}
            for c in result["contacts"]
        ], key="bans.contacts.table")
    if result["elsewhere"]:
        st.markdown(f"#### {t('bans.elsewhere')}")
        zone_names = {z.id: z.name for n in notices.values() for z in n.zones}
        sep = "、" if language == "zh" else ", "
        table([
            {t("plans.rules"): e["rule"],
             t("plans.area"): (sep.join(pick(zone_names[z], language) if z in zone_names else z for z in e["zones"])
                               if e["zones"] else pick(e["jurisdiction_name"], language)),
             t("common.clause"): e["clause"] or ""}
            for e in result["elsewhere"]
        ], key="bans.elsewhere.table")
    in_force = [p for p in result["periods"] if p["in_force"]]
    if in_force:
        st.markdown(f"#### {t('bans.periods')}")
        table([{t("common.name"): bi(p["name"], language), t("plans.dates"): f"{p['start']} – {p['end']}"}
               for p in in_force], key="bans.periods.table")
    enforcing = [(notices[plan], unit) for plan in dict.fromkeys(r["plan"] for r in result["rules"])
                 if plan in notices for unit in notices[plan].units]
    if enforcing:
        st.markdown(f"#### {t('bans.enforcing')}")
        sep = "；" if language == "zh" else "; "
        table([{t("common.unit"): bi(unit.name, language),
                t("plans.duty"): sep.join(pick(d.text, language) for d in unit.duties)}
               for _, unit in enforcing], key="bans.enforcing.table")


def _quote(item: dict, language: str) -> str:
    quote = item.get("quote") or ""
    if item.get("assumption"):
        note = f"{t('common.assumption')}: {item['assumption']}"
        quote = f"{quote}\n{note}" if quote else note
    return quote


def _fine(fine: dict | None) -> str:
    if not fine:
        return ""
    low = "" if fine["min"] is None else f"{fine['min']:g}"
    high = "" if fine["max"] is None else f"{fine['max']:g}"
    return f"{low}–{high}"
