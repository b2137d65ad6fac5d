"""The Fire-ban check page: a date, an activity by name and a place as people know it in;
the whole prohibition, the penalties and whom to call out, as text that wraps."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import page
from sim import bans
from sim.inputs.loader import load_plans
from sim.messages import render
from sim.plan import BanNotice

ROOT = Path(__file__).resolve().parent.parent
NOTICES = {k: p for k, p in load_plans([ROOT / "plans"]).items() if isinstance(p, BanNotice)}


def check_page(language: str = "zh") -> AppTest:
    return page("bans", language, timeout=60)


def ask(at: AppTest, day: dt.date, activity: str, zone: str = "", where=None) -> AppTest:
    at.date_input(key="bans.date").set_value(day)
    at.selectbox(key="bans.activity").set_value(activity)
    at.selectbox(key="bans.zone").set_value(zone)
    at.run()
    if zone and where is not None:
        at.radio(key=f"bans.where.{zone}").set_value(where).run()
    assert not at.exception
    return at


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _buffered_rule():
    """A zone rule with an edge band, the zone it names, a day inside its period, an activity."""
    for notice in NOTICES.values():
        periods = {p.id: p for p in notice.periods}
        kinds = {a.kind_of: a.id for a in notice.activities if a.kind_of}
        for rule in notice.rules:
            if rule.area.zones and rule.area.buffer_m and rule.periods:
                period = periods[rule.periods[0]]
                day = period.dates.start if period.dates else dt.date(2024, int(period.annual.start[:2]),
                                                                         int(period.annual.start[3:]))
                activity = kinds.get(rule.prohibited[0], rule.prohibited[0])
                return notice, rule, rule.area.zones[0], day, activity
    raise AssertionError("no ban rule with zones and an edge band in plans/")


def test_within_the_band_shows_the_whole_prohibition_penalties_and_whom_to_call():
    notice, rule, zone, day, activity = _buffered_rule()
    at = ask(check_page(), day, activity, zone, rule.area.buffer_m)
    expected = bans.check(NOTICES, day, activity, zone, rule.area.buffer_m)
    assert expected.prohibited and at.error[0].value.startswith("**禁止**")
    shown = text(at)
    assert rule.text.zh in shown  # the whole sentence, not a cut-off cell
    for applied in expected.rules:
        for penalty in applied.penalties:
            assert penalty.applies_when.zh in shown and penalty.text.zh in shown
    for _, contact in expected.contacts:
        assert f"[{contact.phone}](tel:{contact.phone})" in shown
    assert not at.dataframe  # nothing important in a table cell


def test_the_band_option_reads_its_width_from_the_notice():
    notice, rule, zone, day, activity = _buffered_rule()
    at = ask(check_page(), day, activity, zone)
    options = at.radio(key=f"bans.where.{zone}").options
    assert f"在区域边缘外 {rule.area.buffer_m:g} 米以内" in options
    assert f"距区域边缘超过 {rule.area.buffer_m:g} 米" in options


def test_farther_than_the_band_is_not_prohibited_by_the_zone_rule():
    notice, rule, zone, day, activity = _buffered_rule()
    at = ask(check_page(), day, activity, zone, "beyond")
    expected = bans.check(NOTICES, day, activity, zone, math.inf)
    assert (notice.id, rule.id) not in {(r.plan, r.rule.id) for r in expected.rules}
    assert bool(at.error) is expected.prohibited


def test_a_known_distance_can_be_typed():
    notice, rule, zone, day, activity = _buffered_rule()
    at = ask(check_page(), day, activity, zone, "distance")
    at.number_input(key="bans.distance").set_value(rule.area.buffer_m + 1).run()
    expected = bans.check(NOTICES, day, activity, zone, rule.area.buffer_m + 1)
    assert bool(at.error) is expected.prohibited


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_day_outside_the_calendar_is_refused_under_the_date_in_the_readers_language_and_no_answer_stands(language):
    """A day the page does not check says which days it does, in the reader's language, and the
    answer of the day before is gone; a day inside the calendar is answered. The field takes every
    day a browser can type, so none is outlined in red in Streamlit's English and left unsent."""
    notice, rule, zone, day, activity = _buffered_rule()
    at = ask(check_page(language), day, activity, zone, "inside")
    assert at.date_input(key="bans.date").min == dt.date.min and at.date_input(key="bans.date").max == dt.date.max
    assert bans.check(NOTICES, day, activity, zone, 0).prohibited and at.error  # the day's answer
    for refused in (dt.date(1899, 12, 31), dt.date(9999, 12, 31)):
        at.date_input(key="bans.date").set_value(refused).run()
        assert not at.exception
        said = render(bans.day_refused(refused), language)
        assert [e.value for e in at.error] == [said] and "1900-01-01" in said and "2199-12-31" in said
        assert not at.success and not at.warning and not any(m.value.startswith("####") for m in at.markdown)
    at.date_input(key="bans.date").set_value(dt.date(1900, 1, 1)).run()
    assert not any("1900-01-01" in e.value for e in at.error) and (at.success or at.error)


def test_a_cleared_distance_is_asked_for_and_answers_nothing_until_it_is_typed_again():
    """A browser's field given a starting value falls back to it when emptied (here 0: inside
    the zone, prohibited): the field has none of its own, so emptied it stays empty."""
    notice, rule, zone, day, activity = _buffered_rule()
    for language, words in (("zh", "请填写一个数：0 到 100万。"), ("en", "Enter a number from 0 to 1,000,000.")):
        at = ask(check_page(language), day, activity, zone, "distance")
        field = at.number_input(key="bans.distance")
        assert field.value == 0 and not field.proto.HasField("default")  # shown, yet nothing to fall back to
        field.set_value(None).run()
        assert not at.exception and [e.value for e in at.error] == [words]  # the message, and no answer
        assert not at.success and not at.warning
        at.number_input(key="bans.distance").set_value(rule.area.buffer_m + 1).run()
        assert bool(at.error) is bans.check(NOTICES, day, activity, zone, rule.area.buffer_m + 1).prohibited
        assert not any(words in e.value for e in at.error)


def test_a_negative_distance_is_refused_with_a_message_in_the_readers_language():
    notice, rule, zone, day, activity = _buffered_rule()
    for language, words in (("zh", "-5 超出允许范围"), ("en", "-5 is out of range")):
        at = ask(check_page(language), day, activity, zone, "distance")
        at.number_input(key="bans.distance").set_value(-5).run()
        assert not at.exception and [e.value for e in at.error if words in e.value]


def test_a_refused_distance_states_its_bounds_as_people_write_numbers_never_in_exponent_form():
    notice, rule, zone, day, activity = _buffered_rule()
    for language, words in (("zh", "应为 0 到 100万 之间的数"), ("en", "a number from 0 to 1,000,000")):
        at = ask(check_page(language), day, activity, zone, "distance")
        at.number_input(key="bans.distance").set_value(-5).run()
        refusals = [e.value for e in at.error]
        assert any(words in e for e in refusals) and not any("e+" in e for e in refusals), refusals


def test_an_activity_is_chosen_by_its_chinese_name_and_a_category_stands_for_the_unlisted():
    at = check_page()
    options = at.selectbox(key="bans.activity").options
    assert "上坟烧纸 · Burning paper offerings at graves" in options
    assert any(o.startswith("其他野外用火活动") for o in options)


@pytest.mark.parametrize("language, other", [("zh", "en"), ("en", "zh")])
def test_every_activity_option_the_category_too_reads_in_the_chosen_language_with_the_other_beside_it(
        language, other):
    from sim.messages import text as said

    options = check_page(language).selectbox(key="bans.activity").options
    categories = {a.kind_of for n in NOTICES.values() for a in n.activities if a.kind_of}
    names = {a.id: a.name for n in NOTICES.values() for a in n.activities}
    for category in categories:
        name = names[category]
        label = [said("bans.category", lang, name=getattr(name, lang)) for lang in (language, other)]
        assert " · ".join(label) in options  # 其他野外用火活动（通告未逐一列出的） · Any outdoor use of fire (…)
    assert all(" · " in option for option in options)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_answer_names_the_unlisted_outdoor_fires_as_the_list_it_was_picked_from_names_them(language):
    from sim.messages import text as said

    category = next(a.kind_of for n in NOTICES.values() for a in n.activities if a.kind_of)
    at = ask(check_page(language), dt.date(2023, 4, 5), category)
    name = next(a.name for n in NOTICES.values() for a in n.activities if a.id == category)
    picked = said("bans.category", language, name=getattr(name, language))  # 其他野外用火活动（通告未逐一列出的）
    headline = [m.value for m in (*at.error, *at.warning, *at.success) if m.value.startswith("**")]
    assert len(headline) == 1 and f"— {picked} · 2023-04-05" in headline[0], headline
    assert at.selectbox(key="bans.activity").value == category
    assert any(o.startswith(f"{picked} · ") for o in at.selectbox(key="bans.activity").options)


@pytest.mark.parametrize("language, first, second", [("zh", "未指定地点（看各规定适用的范围）", "No particular place"),
                                                     ("en", "No particular place (see where each rule holds)", "未指定地点")])
def test_the_no_place_option_reads_in_the_chosen_language_with_the_other_beside_it_as_the_zones_do(
        language, first, second):
    options = check_page(language).selectbox(key="bans.zone").options
    assert options[0].startswith(f"{first} · {second}")
    assert all(" · " in option for option in options)


def test_with_no_place_the_answer_depends_on_the_place_and_names_where():
    notice, rule, zone, day, activity = _buffered_rule()
    at = ask(check_page(), day, activity)
    assert at.warning[0].value.startswith("**视地点而定**")
    assert "取决于地点" in text(at)


def test_english_answer():
    notice, rule, zone, day, activity = _buffered_rule()
    at = ask(check_page("en"), day, activity, zone, "inside")
    assert at.title[0].value == "Fire-ban check"
    assert at.error[0].value.startswith("**Prohibited**")
    assert rule.text.en in text(at) and "Whom to call" in text(at)


def test_outside_every_period_nothing_is_prohibited():
    notice, rule, zone, day, activity = _buffered_rule()
    quiet = next(dt.date(1999, m, 15) for m in range(1, 13)
                 if not bans.check(NOTICES, dt.date(1999, m, 15), activity, zone, 0).prohibited)
    at = ask(check_page(), quiet, activity, zone, "inside")
    assert not at.error
    assert at.success[0].value.startswith("**未禁止**")


def test_each_prohibition_says_when_it_holds_and_each_penalty_and_requirement_its_clause():
    day = dt.date(2023, 11, 16)
    at = ask(check_page(), day, "tomb_paper_burning", "grassland_subsidy_area", "inside")
    expected = bans.check(NOTICES, day, "tomb_paper_burning", "grassland_subsidy_area", 0.0)
    shown = text(at)
    for applied in expected.rules:
        assert f"**时段**：{applied.when.zh}" in shown
        for penalty in applied.penalties:
            assert f"{penalty.text.zh}（{penalty.source.clause}）" in shown
    for _, requirement in expected.requirements:
        assert f"{requirement.text.zh}（{requirement.source.clause}）" in shown


def test_a_prohibition_whose_notice_sets_no_penalty_says_so_in_english_too():
    day = dt.date(2025, 1, 28)
    at = ask(check_page("en"), day, "fireworks", "baotou_central_districts", "inside")
    (applied,) = bans.check(NOTICES, day, "fireworks", "baotou_central_districts", 0.0).rules
    assert f"**When**: {applied.when.en}" in text(at)
    assert applied.penalty_note.en in text(at)


def test_the_periods_in_force_that_day_are_listed_with_their_days():
    day = dt.date(2023, 11, 13)
    at = ask(check_page(), day, "tomb_paper_burning", "grassland_subsidy_area", "inside")
    expected = bans.check(NOTICES, day, "tomb_paper_burning", "grassland_subsidy_area", 0.0)
    for state in expected.periods:
        if state.in_force:
            assert f"- {bans.period_named(state.period).zh}" in text(at)


def test_a_notices_own_markdown_marks_and_addresses_are_shown_as_written_on_the_check_page(monkeypatch, tmp_path):
    from sim.inputs.layout import LIBRARY_ENV

    source = (ROOT / "plans" / "baotou-fireworks-ban-2024.yaml").read_text(encoding="utf-8")
    marked = "禁止在规定区域内燃放烟花爆竹和堆燃旺火。"
    assert marked in source
    (tmp_path / "baotou-fireworks-ban-2024.yaml").write_text(source.replace(marked, "**禁止** 燃放 _旺火_ 见 www.example.org。", 1),
                                       encoding="utf-8")
    monkeypatch.setenv(LIBRARY_ENV, str(tmp_path))
    notice = next(iter(load_plans([tmp_path / "baotou-fireworks-ban-2024.yaml"]).values()))
    rule = notice.rules[0]
    period = next(p for p in notice.periods if p.id == rule.periods[0])
    at = ask(check_page(), period.dates.start, rule.prohibited[0], rule.area.zones[0], "inside")
    shown = text(at)
    assert "\\*\\*禁止\\*\\* 燃放 \\_旺火\\_ 见 www\u2060\\.example.org" in shown
    assert "**禁止**" not in shown


def test_the_straw_bans_numbers_stand_as_printed_with_one_marked_assumption_naming_the_area_code_in_either_language():
    """The straw-burning notice prints its reporting lines without an area code; the page keeps
    them as printed and says once, as an assumption, that they are 0472 numbers."""
    straw = next(n for n in NOTICES.values() if any(c.phone == "6111028" for c in n.contacts))
    activity = next(a.id for a in straw.activities if a.id in straw.rules[0].prohibited)
    for language, label in (("zh", "假设："), ("en", "Assumption: ")):
        at = ask(check_page(language), dt.date(2023, 9, 1), activity)
        assert "[6111028](tel:6111028)" in text(at)
        notes = [c.value for c in at.caption if "0472" in c.value]
        assert len(notes) == 1 and notes[0].startswith(label), notes
        assert ("先拨 0472" if language == "zh" else "dial 0472 first") in notes[0]


def test_each_penalty_on_the_page_names_the_unit_that_imposes_it_in_the_readers_language():
    straw = next(n for n in NOTICES.values() if any(c.phone == "6111028" for c in n.contacts))
    units = {u.id: u.name for u in straw.units}
    activity = next(a.id for a in straw.activities if a.id in straw.rules[0].prohibited)
    for language, said in (("zh", "实施单位：{}"), ("en", "imposed by: {}")):
        shown = text(ask(check_page(language), dt.date(2023, 9, 1), activity))
        for penalty in (p for p in straw.penalties if p.id in straw.rules[0].penalties):
            text_of = getattr(penalty.text, language)
            line = next(line for line in shown.splitlines() if text_of in line)
            if penalty.issued_by:
                assert said.format(getattr(units[penalty.issued_by], language)) in line, line
            else:
                assert said.format("") not in line, line


def test_a_penalty_fine_reads_on_the_page_as_check_writes_it_with_the_thousands_marked_in_english():
    """One function words a fine for the page and for ``check``: 500–2,000 yuan in English,
    500–2000元 in Chinese, never the bare range with a separate unit the page once had."""
    straw = next(n for n in NOTICES.values() if any(p.fine_yuan for p in n.penalties))
    rule = next(r for r in straw.rules if any(p.fine_yuan for p in straw.penalties if p.id in r.penalties))
    activity = next(a.id for a in straw.activities if a.id in rule.prohibited)
    fined = [p for p in straw.penalties if p.id in rule.penalties and p.fine_yuan]
    for language, said in (("zh", "500–2000元"), ("en", "500–2,000 yuan")):
        shown = text(ask(check_page(language), dt.date(2023, 9, 1), activity))
        assert all(bans.fine_range(p, language) in shown for p in fined) and said in shown
        assert "500–2000 yuan" not in shown and "500–2000 元" not in shown


def test_the_page_shows_each_penalty_as_checks_line_with_its_issuer_and_clause_and_the_condition_in_bold():
    straw = next(n for n in NOTICES.values() if any(p.fine_yuan for p in n.penalties))
    rule = next(r for r in straw.rules if r.penalties)
    activity = next(a.id for a in straw.activities if a.id in rule.prohibited)
    day = dt.date(2023, 9, 1)
    (applied,) = bans.check(NOTICES, day, activity).depends
    lines = applied.penalty_lines()
    for language in ("zh", "en"):
        items = [line[2:] for line in text(ask(check_page(language), day, activity)).splitlines()
                 if line.startswith("- **")][:len(lines)]  # the penalties come before the enforcing units
        assert [item.replace("**", "", 2) for item in items] == [line.render(language) for line in lines], items
        assert all(item.startswith(f"**{getattr(line.when, language)}**") for item, line in zip(items, lines))


def test_the_uploaders_refusal_is_written_only_into_the_note_of_a_refused_file_never_into_a_date_fields_error():
    """Streamlit draws a date field's error in the same kind of note as the uploader's refusal:
    the style sheet rewrites the note only while a refused file's chip is pointed at or focused."""
    import re

    from sim.ui.widgets import streamlit_words

    sheet = streamlit_words()
    rules = re.findall(r"([^{}]*)\{[^{}]*\}", sheet.removeprefix("<style>"))
    notes = [selector for selector in rules if "stTooltipErrorContent" in selector]
    assert notes and all(selector.startswith(
        'body:has([data-testid="stTooltipErrorHoverTarget"]:is(:hover, :focus-within) '
        '[data-testid="stFileChip"][aria-invalid="true"]) ') for selector in notes), notes
