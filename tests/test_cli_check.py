"""``python -m sim check`` and ``python -m sim zones`` as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ["guyang-fire-ban-2023", "guyang-straw-burning-ban-2023", "baotou-fireworks-ban-2024"]
PLANS = [str(ROOT / "plans" / f"{name}.yaml") for name in NOTICES]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def check_json(capsys, *argv: str) -> dict:
    status, out, err = run(capsys, "check", *argv, "--plans", *PLANS, "--json")
    assert status == 0, err
    return json.loads(out)


def test_prohibited_is_exit_0_with_rules_clause_and_penalty(capsys):
    data = check_json(capsys, "--date", "2023-06-01", "--activity", "straw_burning", "--zone", "maanshan")
    assert data["prohibited"] is True
    (rule,) = data["rules"]
    assert (rule["plan"], rule["clause"]) == ("guyang-straw-burning-ban-2023", "一")
    assert rule["penalty"] is not None
    fines = [p["fine_yuan"] for p in rule["penalties"] if p["fine_yuan"]]
    assert fines == [{"min": 500, "max": 2000}]
    assert [p["restoration_cost_multiple_max"] for p in rule["penalties"] if p["restoration_cost_multiple_max"]] == [3]
    assert {p["referral"] for p in rule["penalties"]} == {None, "judiciary"}
    assert {p["issued_by"] for p in rule["penalties"]} >= {"police", "forestry_authority", "towns_and_departments"}


def test_not_prohibited_is_exit_0_too(capsys):
    data = check_json(capsys, "--date", "2024-12-24", "--activity", "fireworks", "--zone", "baotou_central_districts")
    assert data["prohibited"] is False and data["rules"] == []


@pytest.mark.parametrize("day, prohibited", [("2024-12-24", False), ("2024-12-25", True),
                                             ("2025-02-15", True), ("2025-02-16", False)])
def test_fireworks_zone_days(capsys, day, prohibited):
    data = check_json(capsys, "--date", day, "--activity", "festival_bonfire", "--zone", "tuyou_salaqi_goumen")
    assert data["prohibited"] is prohibited


@pytest.mark.parametrize("metres, prohibited", [("499", True), ("500", True), ("501", False)])
def test_distance_flag(capsys, metres, prohibited):
    data = check_json(capsys, "--date", "2023-05-31", "--activity", "wild_cooking", "--zone", "qifenzi",
                      "--distance-m", metres)
    assert data["prohibited"] is prohibited


def test_periods_requirements_contacts_in_json(capsys):
    data = check_json(capsys, "--date", "2023-04-01", "--activity", "fireworks", "--zone", "baiyangou")
    in_force = {p["id"] for p in data["periods"] if p["in_force"]}
    assert in_force == {"region_fire_period_spring", "county_fire_period", "lockdown_2023_spring"}
    assert "entry_permit" in {r["id"] for r in data["requirements"]}
    assert "12119" in {c["phone"] for c in data["contacts"]}
    assert data["zone"]["plan"] == "guyang-fire-ban-2023"


def test_plain_output_is_bilingual(capsys):
    status, out, _ = run(capsys, "check", "--date", "2023-09-01", "--activity", "straw_burning", "--zone", "qifenzi",
                         "--plans", *PLANS)
    assert status == 0
    for text in ("禁止 PROHIBITED", "500–2000元", "500–2,000 yuan", "恢复费用的3倍", "3× the restoration cost",
                 "移送司法机关", "referred to the judicial authorities", "6111028", "执法单位 Enforcing units",
                 "公安机关 Police"):
        assert text in out


@pytest.mark.parametrize("language, present, absent", [
    ("zh", ["结论：视地点而定", "取决于地点：在固阳县境内禁止", "处罚："], ["Answer", "Penalties"]),
    ("en", ["Answer: Depends on the place", "Depends on the place: prohibited anywhere in Guyang County",
            "Penalties:"], ["结论：", "处罚："]),  # the quotes stay in the notice's words
])
def test_the_plain_answer_reads_in_the_language_asked_for(capsys, language, present, absent):
    status, out, _ = run(capsys, "check", "--date", "2023-09-01", "--activity", "straw_burning", "--plans", *PLANS,
                         "--lang", language)
    assert status == 0
    assert all(text in out for text in present) and not any(text in out for text in absent)


def test_with_no_place_the_plain_answer_depends_on_the_place(capsys):
    status, out, _ = run(capsys, "check", "--date", "2023-09-01", "--activity", "straw_burning", "--plans", *PLANS)
    assert status == 0
    for text in ("视地点而定 DEPENDS ON THE PLACE", "未指定地点", "no place given", "取决于地点：在固阳县境内禁止",
                 "6111028"):
        assert text in out


def test_activities_and_zones_are_accepted_by_their_chinese_names(capsys):
    by_name = check_json(capsys, "--date", "2023-04-05", "--activity", "上坟烧纸", "--zone", "春坤山县级自然保护区")
    by_id = check_json(capsys, "--date", "2023-04-05", "--activity", "tomb_paper_burning", "--zone", "chunkunshan")
    assert by_name == by_id and by_name["prohibited"] is True


@pytest.mark.parametrize("zone, found, error", [
    ("白彦沟", "baiyangou", None),
    ("长城", None, "'长城' could be any of Qin Great Wall national heritage protection area (typed as qin_great_wall); "
               "Zhao Great Wall national heritage protection area (typed as zhao_great_wall); give the full name or the id"),
    ("火星", None, "unknown zone '火星'"),
])
def test_a_zone_is_found_by_the_part_of_its_chinese_name_people_use_when_only_one_zone_has_it(capsys, zone, found,
                                                                                               error):
    status, out, err = run(capsys, "check", "--date", "2023-04-05", "--activity", "上坟烧纸", "--zone", zone,
                           "--plans", *PLANS, "--json", "--lang", "en")
    if found:
        assert status == 0 and json.loads(out)["zone"]["id"] == found
    else:
        assert status == 2 and error in err


def test_an_outdoor_fire_the_list_does_not_name_is_covered_as_any_outdoor_use_of_fire(capsys):
    data = check_json(capsys, "--date", "2023-04-05", "--activity", "野外用火活动", "--zone", "xieheyi",
                      "--distance-m", "200")
    assert data["activity"] == "outdoor_fire_use" and data["prohibited"] is True
    assert [r["rule"] for r in data["rules"]] == ["lockdown_no_outdoor_fire"]


@pytest.mark.parametrize("language, named", [
    ("zh", "· 其他野外用火活动（通告未逐一列出的） ·"),
    ("en", "· Any outdoor use of fire (any the notice does not list) ·"),
    ("both", "· 其他野外用火活动（通告未逐一列出的） Any outdoor use of fire (any the notice does not list) ·"),
])
def test_the_plain_answer_names_the_unlisted_outdoor_fires_as_the_app_s_list_of_activities_does(
        capsys, language, named):
    status, out, _ = run(capsys, "check", "--date", "2023-04-05", "--activity", "野外用火活动", "--plans", *PLANS,
                         "--lang", language)
    assert status == 0 and named in out.splitlines()[0]


def test_a_listed_activity_is_named_by_its_own_name_in_the_plain_answer_and_the_json(capsys):
    status, out, _ = run(capsys, "check", "--date", "2023-04-05", "--activity", "上坟烧纸", "--plans", *PLANS,
                         "--lang", "zh")
    assert status == 0 and out.splitlines()[0] == "2023-04-05 · 上坟烧纸 · 未指定地点"
    data = check_json(capsys, "--date", "2023-04-05", "--activity", "上坟烧纸")
    assert data["activity_label"] == data["activity_name"]
    unlisted = check_json(capsys, "--date", "2023-04-05", "--activity", "野外用火活动")
    assert unlisted["activity_label"]["zh"] == "其他野外用火活动（通告未逐一列出的）"


def test_a_baotou_fireworks_answer_lists_only_the_baotou_notice_contacts_and_units(capsys):
    data = check_json(capsys, "--date", "2025-01-20", "--activity", "燃放烟花爆竹", "--zone", "baotou_central_districts")
    assert data["prohibited"] is True
    assert data["contacts"] == [] and data["requirements"] == []
    assert {u["plan"] for u in data["units"]} == {"baotou-fireworks-ban-2024"}
    assert "city_urban_management" in {u["id"] for u in data["units"]}
    assert all(u["duties"] and u["assumption"] for u in data["units"])
    nowhere = check_json(capsys, "--date", "2025-01-20", "--activity", "fireworks")
    assert nowhere["answer"] == "depends_on_place" and nowhere["contacts"] == []
    assert {u["plan"] for u in nowhere["units"]} == {"baotou-fireworks-ban-2024"}


def test_plain_output_says_when_not_prohibited(capsys):
    status, out, _ = run(capsys, "check", "--date", "2023-10-01", "--activity", "barbecue", "--zone",
                         "daxianshan", "--plans", *PLANS)
    assert status == 0
    assert "未禁止 NOT PROHIBITED" in out
    lines = out.splitlines()
    assert any(line.startswith("  ✓ 在期内 in force ") and "固阳县森林草原防火期" in line for line in lines)
    assert any(line.startswith("  ✗ 不在期内 not in force ") and "2023年秋季防火戒严期" in line for line in lines)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--activity", "kite"], "command line: --activity: unknown activity 'kite'; valid names (ids): Barbecue (typed as barbecue)"),
        (["--activity", "fireworks", "--zone", "atlantis"],
         "command line: --zone: unknown zone 'atlantis'; valid names (ids): Baiyangou, Daqingshan National Nature "
         "Reserve (typed as baiyangou)"),
        (["--activity", "fireworks", "--zone", "maanshan", "--distance-m", "-5"],
         "command line: --distance-m: distance outside the zone's edge must be 0 or more metres, got -5"),
        (["--activity", "fireworks", "--distance-m", "5"],
         "command line: --distance-m: a distance is measured from a zone's edge: give the zone too"),
    ],
)
def test_bad_ids_exit_2_with_a_clear_message(capsys, argv, message):
    status, out, err = run(capsys, "check", "--date", "2023-04-01", *argv, "--plans", *PLANS, "--lang", "en")
    assert status == 2 and out == ""
    assert err.startswith(message) and "Traceback" not in err and "input:" not in err


def test_a_bad_activity_message_reads_in_chinese_and_english(capsys):
    status, out, err = run(capsys, "check", "--date", "2023-04-01", "--activity", "放风筝", "--plans", *PLANS)
    assert status == 2
    assert err.startswith("命令行 · command line: --activity: 未知活动 '放风筝'；可用的名称（标识）：烧烤（键入 barbecue）；篝火晚会（键入 bonfire_party）")
    assert "unknown activity '放风筝'; valid names (ids): Barbecue (typed as barbecue); Bonfire party (typed as bonfire_party)" in err


@pytest.mark.parametrize("typed", ["30.02.2023", "20230405", "2023-W14-3", "２０２３-０４-０５"])
def test_a_date_not_written_yyyy_mm_dd_exits_2_saying_how_a_date_is_written(capsys, typed):
    """Python's own date reader also takes the compact and week forms; the option asks for one form."""
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "en", "check", "--date", typed, "--activity", "fireworks", "--plans", *PLANS])
    assert exit_.value.code == 2
    assert f"command line: --date: expected a date as YYYY-MM-DD, got '{typed}'" in capsys.readouterr().err


@pytest.mark.parametrize(("day", "zh", "en"), [
    ("2023-02-30", "这个月没有这一天", "the month has no such day"),
    ("2023-13-01", "月份应在 1 到 12 之间", "the month must be from 1 to 12"),
])
def test_a_date_written_right_that_does_not_exist_is_refused_for_the_day_as_a_plan_file_s_date_is(
        capsys, day, zh, en):
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "both", "check", "--date", day, "--activity", "fireworks", "--plans", *PLANS])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"--date: 无法读取值 '{day}'：{zh} · cannot read value '{day}': {en}" in err
    assert "YYYY-MM-DD" not in err


def test_zones_json_lists_every_zone_with_its_plan(capsys):
    status, out, _ = run(capsys, "zones", "--plans", *PLANS, "--json")
    assert status == 0
    rows = json.loads(out)
    assert len(rows) == 15
    assert {r["plan"] for r in rows} == {"guyang-fire-ban-2023", "baotou-fireworks-ban-2024"}
    assert all(r["id"] and r["plan"] and r["name"]["zh"] and r["jurisdiction"] for r in rows)


def test_zones_plain_lists_boundaries(capsys):
    status, out, _ = run(capsys, "zones", "--plans", *PLANS)
    assert status == 0
    assert "水涧沟河槽——西环路——南环路——云川路——东二环（旧）——土默特大街——110国道" in out


@pytest.mark.parametrize("language, shown, hidden", [("zh", "四至：水涧沟河槽", "Bounded by"),
                                                     ("en", "Bounded by: Shuijiangou riverbed", "四至")])
def test_zones_speak_the_language_asked_with_the_id_check_takes(capsys, language, shown, hidden):
    status, out, _ = run(capsys, "zones", "--plans", *PLANS, "--lang", language)
    assert status == 0 and shown in out and hidden not in out
    first = out.splitlines()[0]
    assert first.startswith("baiyangou  ") and "national_nature_reserve" not in out


def test_default_plans_come_from_plans_in_the_working_directory(capsys, tmp_path, monkeypatch):
    (tmp_path / "plans").mkdir()
    shutil.copy(ROOT / "plans" / "baotou-fireworks-ban-2024.yaml", tmp_path / "plans")
    (tmp_path / "plans" / "half-written.yaml").write_text("kind: response_plan\nid: half-written\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, "zones", "--json")
    assert status == 0
    assert {r["id"] for r in json.loads(out)} == {"baotou_central_districts", "tuyou_salaqi_goumen"}
    status, _, err = run(capsys, "check", "--date", "2024-12-25", "--activity", "straw_burning")
    assert status == 2 and "unknown activity 'straw_burning'" in err


def test_default_plans_fall_back_to_the_shipped_ones(capsys, tmp_path, monkeypatch):
    from sim.bans import default_plan_paths

    monkeypatch.chdir(tmp_path)
    assert default_plan_paths() == [ROOT / "plans"]
    status, out, _ = run(capsys, "zones", "--json")
    assert status == 0 and {"baiyangou", "tuyou_salaqi_goumen"} <= {r["id"] for r in json.loads(out)}


def test_module_entry_point(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sim", "check", "--date", "2025-01-01", "--activity", "fireworks", "--zone",
         "baotou_central_districts", "--plans", *PLANS, "--json"],
        capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["prohibited"] is True and data["rules"][0]["plan"] == "baotou-fireworks-ban-2024"


@pytest.mark.parametrize("language", ["zh", "en", "both"])
@pytest.mark.parametrize("argv", [["--date", "2023-04-05", "--activity", "上坟烧纸", "--zone", "baiyangou", "--distance-m", "499"],
                                  ["--date", "2023-04-05", "--activity", "fireworks"]])
def test_the_answer_names_notices_zones_and_requirements_instead_of_ids(capsys, argv, language):
    from e2e.id_shapes import ids_in

    status, out, _ = run(capsys, "check", *argv, "--plans", *PLANS, "--lang", language)
    assert status == 0 and ids_in(out) == []
    if language != "en":
        assert "固阳县人民政府关于对全县重点森林草原实施防火戒严的通告" in out  # the notice, by its title


def test_a_check_in_chinese_sets_its_asides_in_full_width_brackets_and_quotes_the_notice_as_printed(capsys):
    status, out, _ = run(capsys, "check", "--date", "2023-04-01", "--activity", "straw_burning", "--plans", *PLANS,
                         "--lang", "zh")
    assert status == 0
    assert "  ✓ 在期内   固阳县森林草原防火期（每年9月15日至次年5月31日）" in out.splitlines()  # as wide as ✗ 不在期内
    assert "领取防火通行证。（三（四））" in out
    assert "秸秆(含农业废弃物" in out  # the gazette's own brackets, quoted as printed
    outside_quotes = [line for line in out.splitlines() if "原文" not in line]
    assert not any(" (" in line or line.endswith(")") for line in outside_quotes)
    status, out, _ = run(capsys, "check", "--date", "2023-04-01", "--activity", "straw_burning", "--plans", *PLANS,
                         "--lang", "en")
    assert "Guyang County forest and grassland fire period (every year from 09-15 to 05-31 of the next year)" in out


def test_a_prohibition_says_which_period_puts_it_in_force_on_the_day_and_each_penalty_its_clause(capsys):
    status, out, _ = run(capsys, "check", "--date", "2023-11-16", "--activity", "上坟烧纸", "--zone", "草原奖补区",
                         "--plans", *PLANS, "--lang", "zh")
    assert status == 0
    assert "    时段：2023年秋季防火戒严期（2023-11-06至2023-11-16）" in out.splitlines()
    assert "        条款：三（六） 「影响扑救火灾的" in out
    status, out, _ = run(capsys, "check", "--date", "2023-11-16", "--activity", "tomb_paper_burning", "--zone",
                         "grassland_subsidy_area", "--plans", *PLANS, "--lang", "en")
    assert "    When: 2023 autumn fire lockdown (2023-11-06 to 2023-11-16)" in out.splitlines()
    assert "        Clause: III(6) 「影响扑救火灾的" in out


def test_a_fireworks_prohibition_says_the_notice_sets_no_penalty_and_names_the_laws_it_rests_on(capsys):
    status, out, _ = run(capsys, "check", "--date", "2025-01-28", "--activity", "fireworks", "--zone",
                         "baotou_central_districts", "--plans", *PLANS, "--lang", "zh")
    assert status == 0
    lines = out.splitlines()
    at = lines.index("    处罚：")
    assert lines[at + 1].startswith("      - 本通告未规定处罚；通告所依据的法律法规：《中华人民共和国大气污染防治法》")


@pytest.mark.parametrize("language, label", [("zh", "实施单位："), ("en", "Imposed by: ")])
def test_each_penalty_the_check_prints_names_the_unit_that_imposes_it_in_the_readers_language(capsys, language, label):
    from sim.inputs.loader import load_plans

    straw = next(iter(load_plans([ROOT / "plans" / "guyang-straw-burning-ban-2023.yaml"]).values()))
    units = {u.id: u.name for u in straw.units}
    issued = [p for p in straw.penalties if p.issued_by]
    assert issued and len(issued) < len(straw.penalties)  # some name who imposes them, some do not
    status, out, _ = run(capsys, "check", "--date", "2023-06-01", "--activity", "straw_burning", "--zone", "maanshan",
                         "--plans", *PLANS, "--lang", language)
    assert status == 0
    for penalty in issued:
        assert f"        {label}{getattr(units[penalty.issued_by], language)}\n" in out
    assert out.count(label) == len(issued)
    data = check_json(capsys, "--date", "2023-06-01", "--activity", "straw_burning", "--zone", "maanshan")
    said = {p["id"]: p["issued_by_name"] for p in data["rules"][0]["penalties"]}
    assert said == {p.id: units[p.issued_by].model_dump() if p.issued_by else None for p in straw.penalties
                    if p.id in said}


def test_check_words_a_fine_capped_at_a_multiple_of_the_restoration_cost_as_the_fire_bans_page_does(capsys):
    from sim.messages import text

    status, out, _ = run(capsys, "--lang", "both", "check", "--date", "2023-06-01", "--activity", "straw_burning",
                         "--zone", "maanshan")
    assert status == 0
    assert f"{text('bans.penalty_multiple', 'zh', multiple=3)} · {text('bans.penalty_multiple', 'en', multiple=3)}" in out


def test_a_notice_called_as_another_notices_zone_is_named_by_its_title_and_the_zone_by_its_name():
    """Notices' titles and zones' names were one table, a zone's name taking the id a notice
    shared with it: the rules of a notice called as a zone read as that zone."""
    import datetime as dt

    from sim.bans import check, load_ban_notices
    from sim.commands.check import render
    from sim.messages import pick

    notices = load_ban_notices(PLANS)
    fire = next(n for n in notices if n.id == "guyang-fire-ban-2023")
    zone = next(z for z in fire.zones if z.id == "qifenzi")
    notices = [n.model_copy(update={"id": "qifenzi"}) if n.id == "guyang-straw-burning-ban-2023" else n for n in notices]
    straw = next(n for n in notices if n.id == "qifenzi")
    result = check(notices, dt.date(2023, 9, 1), "straw_burning")
    out = "\n".join(render(result, "en", notices))
    assert any(applied.plan == "qifenzi" for applied in [*result.rules, *result.depends])
    assert f"• {pick(straw.title, 'en')} · " in out
    assert f"• {pick(zone.name, 'en')} · " not in out


@pytest.mark.parametrize(("day", "checked"), [
    ("1899-12-31", False), ("1900-01-01", True), ("2199-12-31", True), ("2200-01-01", False), ("9999-12-31", False),
])
def test_a_day_is_checked_within_the_calendar_plans_are_dated_in_and_refused_outside_it_as_the_page_refuses_it(
        capsys, day, checked):
    status, out, err = run(capsys, "--lang", "en", "check", "--date", day, "--activity", "fireworks", "--plans", *PLANS)
    if checked:
        assert status == 0 and day in out and not err
    else:
        assert status == 2 and not out
        assert err == (f"command line: --date: only days from 1900-01-01 to 2199-12-31 can be checked "
                       f"(the calendar plans and scenarios are dated in); {day} is not one of them\n")
