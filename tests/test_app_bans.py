"""The Fire-ban check page: date, place and activity in; what applies, with sources, out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from sim import bans
from sim.inputs.loader import load_plans
from sim.plan import BanNotice

ROOT = Path(__file__).resolve().parent.parent
NOTICES = {k: p for k, p in load_plans([ROOT / "plans"]).items() if isinstance(p, BanNotice)}


def check_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("sim/ui/pages/bans.py").run()
    assert not at.exception
    return at


def ask(at: AppTest, day: dt.date, activity: str, zone: str = "", distance: float = 0.0) -> AppTest:
    at.date_input(key="bans.date").set_value(day)
    at.selectbox(key="bans.activity").set_value(activity)
    at.selectbox(key="bans.zone").set_value(zone)
    at.run()
    if zone:
        at.number_input(key="bans.distance").set_value(distance).run()
    assert not at.exception
    return at


def frame(at: AppTest, column: str):
    """The first table on the page that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _buffered_rule():
    """A zone rule with an edge band, the zone it names, a day inside its period, an activity."""
    for notice in NOTICES.values():
        periods = {p.id: p for p in notice.periods}
        for rule in notice.rules:
            if rule.area.zones and rule.area.buffer_m and rule.periods:
                period = periods[rule.periods[0]]
                day = period.dates.start if period.dates else dt.date(2024, int(period.annual.start[:2]),
                                                                         int(period.annual.start[3:]))
                return notice, rule, rule.area.zones[0], day, rule.prohibited[0]
    raise AssertionError("no ban rule with zones and an edge band in plans/")


def test_inside_the_band_is_prohibited_with_clause_penalty_and_contacts():
    notice, rule, zone, day, activity = _buffered_rule()
    at = ask(check_page(), day, activity, zone, rule.area.buffer_m)
    expected = bans.check(NOTICES, day, activity, zone, rule.area.buffer_m)
    assert expected.prohibited
    assert at.error[0].value.startswith("**禁止**")
    why = frame(at, "禁止规定")
    assert list(why["条款"]) == [r.rule.source.clause for r in expected.rules]
    assert rule.text.zh in list(why["禁止规定"])
    contacts = frame(at, "电话")
    assert list(contacts["电话"]) == [c.phone for _, c in expected.contacts]


def test_just_beyond_the_band_is_not_prohibited_there():
    notice, rule, zone, day, activity = _buffered_rule()
    at = ask(check_page(), day, activity, zone, rule.area.buffer_m + 1)
    expected = bans.check(NOTICES, day, activity, zone, rule.area.buffer_m + 1)
    assert expected.prohibited is bool(at.error)
    if not expected.prohibited:
        assert at.success[0].value.startswith("**未被禁止**")
        # still shown: the rule holds elsewhere on that day
        assert rule.id in list(frame(at, "禁止规定")["禁止规定"])


def test_english_answer():
    notice, rule, zone, day, activity = _buffered_rule()
    at = check_page()
    at.sidebar.radio(key="lang").set_value("en").run()
    at = ask(at, day, activity, zone, 0.0)
    assert at.title[0].value == "Fire-ban check"
    assert at.error[0].value.startswith("**Prohibited**")
    assert "Clause" in frame(at, "Prohibitions").columns


def test_outside_every_period_nothing_is_prohibited():
    notice, rule, zone, day, activity = _buffered_rule()
    quiet = next(dt.date(1999, m, 15) for m in range(1, 13)
                 if not bans.check(NOTICES, dt.date(1999, m, 15), activity, zone, 0).prohibited)
    at = ask(check_page(), quiet, activity, zone, 0.0)
    assert not at.error
    assert at.success[0].value.startswith("**未被禁止**")
