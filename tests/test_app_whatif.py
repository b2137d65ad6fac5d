"""The What-if page, the in-place YAML edits behind its form, and paired replications."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import app, whatif_page
from sim.errors import InputError
from sim.sweep.compare import MEASURES, in_hours, measure_label
from sim.sweep.words import idle_line, paired
from sim.ui.describe import metric_unit
from sim.ui.i18n import tr
from sim.ui.table_layout import FIT_PX, PAD_PX, text_px
from sim.ui.whatif_edit import editable_fields, neighbours, threshold_rows, unified_diff
from sim.ui.yaml_edit import format_number, set_scalars
from sim.inputs.loader import load_plan
from sim.inputs.yaml_source import parse

ROOT = Path(__file__).resolve().parent.parent
PLAN_ID = "guyang-blackout-2023"
PLAN_FILE = ROOT / "plans" / f"{PLAN_ID}.yaml"
SCENARIO = "winter-ice-storm"


# -- editing numbers in place ---------------------------------------------------------------------


def test_set_scalars_changes_only_the_numbers_and_keeps_comments():
    text = "# a comment\nlevels:\n  - {metric: x, min: 40, max: 60}  # inline\n  - hours: 2   # why two\n"
    edited = set_scalars(text, {("levels", 0, "min"): 35, ("levels", 0, "max"): 62.5, ("levels", 1, "hours"): 0.5})
    assert edited == "# a comment\nlevels:\n  - {metric: x, min: 35, max: 62.5}  # inline\n  - hours: 0.5   # why two\n"


def test_set_scalars_rejects_paths_that_are_not_there():
    with pytest.raises(InputError) as error:
        set_scalars("a: 1\n", {("b",): 2})
    assert "b: no such key to edit" in str(error.value)


def test_format_number():
    assert [format_number(v) for v in (40.0, 0.5, 2, 1e-6)] == ["40", "0.5", "2", "1e-06"]


def test_every_form_field_of_the_shipped_plan_round_trips():
    text = PLAN_FILE.read_text(encoding="utf-8")
    plan = load_plan(PLAN_FILE)
    data, _ = parse(text, "plan")
    fields = editable_fields(data, plan, "zh")
    groups = {f.group for f in fields}
    assert groups == {"thresholds", "reporting"}
    assert sum(f.group == "reporting" for f in fields) >= len(plan.reporting.hops) + 1
    edited = set_scalars(text, {f.path: f.value + 1 for f in fields})
    again = editable_fields(parse(edited, "plan")[0], plan, "zh")
    assert [g.value for g in again] == [f.value + 1 for f in fields]
    assert len(unified_diff(text, edited, "p").splitlines()) > len(fields)


# -- the page -----------------------------------------------------------------------------------


def test_form_edit_shows_in_the_diff_and_the_comparison_runs():
    plan = load_plan(PLAN_FILE)
    at = whatif_page(PLAN_ID)
    assert "尚未修改。" in [c.value for c in at.caption] and not at.code
    key = f"whatif.f.{PLAN_ID}.reporting.decision.hours"
    new = plan.reporting.decision.hours + 6
    at.number_input(key=key).set_value(new)
    next(b for b in at.button if b.label == "应用修改").click().run()
    assert not at.exception and not at.error
    diff = at.code[0].value
    assert f"+    hours: {format_number(new)}" in diff
    assert f"-    hours: {format_number(plan.reporting.decision.hours)}" in diff
    if not (ROOT / "plans" / "scenarios" / f"{SCENARIO}.yaml").exists():
        return
    at.selectbox(key="whatif.scenario").set_value(SCENARIO)
    at.number_input(key="whatif.n").set_value(2)
    at.button(key="whatif.go").click().run()
    assert not at.exception
    counted = [field for field in at.number_input if field.key.startswith(f"whatif.r.{SCENARIO}.")]
    names = {r.id: r.name.zh for r in plan.resources}  # the scenario's own plan names every resource it counts
    assert counted and [field.label for field in counted] == [names[field.key.rpartition(".")[2]] for field in counted]
    means = next(d.value for d in at.dataframe if "差值（修改后 − 原预案）" in d.value.columns)
    assert "响应持续时长" in list(means["指标"])
    report = at.session_state["whatif.compare"]["report"]
    idle = [m for m in report["measures"] if m["idle"]]
    # the level's rank, then every measure; those 0 in every replication of both arms named under the table
    assert len(means) + len(idle) == 1 + len(MEASURES) + len(plan.response_levels)
    assert idle and idle_line(idle, plan, "zh") in [c.value for c in at.caption]
    assert set(means["配对数"]) <= {0, 1, 2}
    for language in ("zh", "en"):  # every header whole, and the whole table in view on a 1,400 px screen
        at.sidebar.radio(key="lang").set_value(language).run()
        shown = next(d for d in at.dataframe if tr("whatif.changed_in", language) in d.value.columns)
        widths = {column: config["width"] for column, config in json.loads(shown.proto.columns).items()
                  if "width" in config}
        assert all(widths[column] >= text_px(column) + 2 * PAD_PX for column in shown.value.columns)
        assert sum(widths.values()) <= FIT_PX[1]


def test_an_edit_that_loads_but_leaves_levels_overlapping_is_flagged():
    """Raising only the serious level's lower bound leaves the general level's upper bound
    where it was: the plan loads, but two levels now claim the same load shed."""
    plan = load_plan(PLAN_FILE)
    at = whatif_page(PLAN_ID)
    assert not at.warning  # the shipped plan is clean
    threshold = plan.severity_levels[1].criteria.any_of[0]
    key = f"whatif.f.{PLAN_ID}.severity_levels.1.criteria.any_of.0.min"
    at.checkbox(key=f"whatif.contiguous.{PLAN_ID}").uncheck()
    at.number_input(key=key).set_value(threshold.min - 5)
    next(b for b in at.button if b.label == "应用修改").click().run()
    assert not at.exception and not at.error
    warning = next(w.value for w in at.warning if w.value.startswith("修改后的预案可以加载"))
    assert f"{PLAN_ID}.yaml:" in warning and "重叠" in warning  # lint findings in the reader's language
    assert plan.severity_levels[1].name.zh in warning and plan.metrics[0].name.zh in warning  # by name, not id
    assert any(b.key == "whatif.go" for b in at.button)  # still comparable: a planner may mean it
    offer = next(w.value for w in at.warning if w.value.startswith("相邻级别的边界未随之修改"))
    assert f"{plan.severity_levels[2].name.zh}" in offer and f"：{threshold.min:g} → {threshold.min - 5:g}" in offer
    at.button(key="whatif.move_neighbours").click().run()
    assert not at.exception and not any(w.value.startswith("修改后的预案可以加载") for w in at.warning)


def test_a_bound_typed_beyond_what_its_figure_can_take_is_refused_under_its_field_and_nothing_is_applied():
    plan = load_plan(PLAN_FILE)
    at = whatif_page(PLAN_ID)
    key = f"whatif.f.{PLAN_ID}.severity_levels.0.criteria.any_of.0.min"  # the most severe level's share, from below
    at.checkbox(key=f"whatif.contiguous.{PLAN_ID}").uncheck()
    at.number_input(key=key).set_value(150.0)
    next(b for b in at.button if b.label == "应用修改").click().run()
    assert not at.exception
    label = at.number_input(key=key).label
    [under] = [e.value for e in at.error if e.value.startswith(label + "：")]
    assert f"{plan.metrics[0].name.zh}" in under and "阈值 150 不在其中" in under
    assert f"{PLAN_ID}.yaml:" not in under and "severity_levels" not in under  # the field by its label, not its path
    assert not at.code and "尚未修改。" in [c.value for c in at.caption]


def _refused_in_the_yaml_editor(path: tuple, value: float, language: str) -> str:
    """What the loader (the YAML editor's check) says of ``value`` typed at ``path`` of the shipped plan."""
    from sim.ui.runs import parse_plan
    from sim.ui.widgets import markdown_plain

    _, problems = parse_plan(set_scalars(PLAN_FILE.read_text(encoding="utf-8"), {path: value}), f"{PLAN_ID}.yaml")
    return markdown_plain(problems[0].message.in_language(language))


@pytest.mark.parametrize("path, value, said", [
    (("severity_levels", 1, "criteria", "any_of", 0, "min"), -3.0, "阈值 -3 不在其中"),
    (("reporting", "decision", "hours"), -1.0, "应大于或等于 0"),
    (("reporting", "decision", "hours"), 1e9, "应小于或等于 10万"),
])
def test_a_number_the_loader_refuses_is_said_under_its_field_by_its_label_in_the_yaml_editors_words(path, value, said):
    """-3 as a level's lower bound, or -1 hours to decide, or a billion: the form says under the
    field what the YAML editor says of the same value, named by the field's label rather than its
    path, in the reader's language, and applies nothing; the same field with a number the loader
    takes is applied."""
    at = whatif_page(PLAN_ID)
    key = f"whatif.f.{PLAN_ID}." + ".".join(map(str, path))
    label = at.number_input(key=key).label
    at.number_input(key=key).set_value(value)
    next(b for b in at.button if b.label == "应用修改").click().run()
    assert not at.exception and not at.code and "尚未修改。" in [c.value for c in at.caption]
    errors = [e.value for e in at.error]
    assert errors == [f"{label}：{_refused_in_the_yaml_editor(path, value, 'zh')}",
                      "未应用修改：有 1 个数值不能采用，原因见各栏下方。"]
    assert said in errors[0] and not any(".".join(map(str, path)) in e for e in errors)
    at.sidebar.radio(key="lang").set_value("en").run()
    english = at.number_input(key=key).label
    assert [e.value for e in at.error][0] == f"{english}: {_refused_in_the_yaml_editor(path, value, 'en')}"
    at.number_input(key=key).set_value(30.0)
    next(b for b in at.button if b.label == "Apply").click().run()
    assert not at.exception and not at.error and at.code


def test_an_emptied_number_of_the_form_is_asked_for_and_nothing_is_applied():
    at = whatif_page(PLAN_ID)
    key = f"whatif.f.{PLAN_ID}.reporting.decision.hours"
    field = at.number_input(key=key)
    assert not field.proto.HasField("default")  # nothing for a browser to fall back to: emptied, it stays empty
    label = field.label
    field.set_value(None)
    next(b for b in at.button if b.label == "应用修改").click().run()
    assert not at.exception and not at.code
    assert [e.value for e in at.error][0] == f"{label}：请填写一个数"


COUNT_KEY = f"whatif.f.{PLAN_ID}.termination.conditions.3.check.max"  # major secondary incidents still open


def test_a_count_of_incidents_is_offered_in_whole_numbers_with_what_its_bound_means_in_the_plans_own_terms():
    at = whatif_page(PLAN_ID)
    field = at.number_input(key=COUNT_KEY)
    assert "未处置完成的重大次生衍生事故数（个数） · 上限" in field.label
    assert field.value == 1 and field.proto.step == 1
    assert field.proto.help == "个数只取整数。本预案的上限不含本数：上限 1 即至多 0 个"


@pytest.mark.parametrize("typed, refused", [(0.5, True), (1.5, True), (2.0, False)])
def test_a_count_typed_as_a_fraction_is_refused_under_its_field_and_a_whole_one_is_applied(typed, refused):
    at = whatif_page(PLAN_ID)
    label = at.number_input(key=COUNT_KEY).label
    at.number_input(key=COUNT_KEY).set_value(typed)
    next(b for b in at.button if b.label == "应用修改").click().run()
    assert not at.exception
    assert (f"{label}：个数须为整数" in [e.value for e in at.error]) == refused
    assert bool(at.code) != refused  # the diff of the edit, shown only once it is applied


@pytest.mark.parametrize("bound, value, upper_inclusive, lower_inclusive, means", [
    ("max", 1, False, True, "an upper bound of 1 means at most 0."),
    ("max", 1, True, True, "an upper bound of 1 means at most 1."),
    ("min", 2, False, True, "a lower bound of 2 means at least 2."),
    ("min", 2, False, False, "a lower bound of 2 means at least 3."),
])
def test_a_counts_bound_says_what_it_means_as_the_plans_bounds_include_the_number_or_not(
        bound, value, upper_inclusive, lower_inclusive, means):
    from types import SimpleNamespace

    from sim.plan.common import Bounds
    from sim.ui.whatif_edit import count_help

    plan = SimpleNamespace(bounds=Bounds.model_construct(upper_inclusive=upper_inclusive, lower_inclusive=lower_inclusive))
    said = count_help(bound, value, plan, "en")
    assert said.startswith("A count, in whole numbers. ") and said.endswith(means)
    assert ("exclude the number itself" in said) == (not (upper_inclusive if bound == "max" else lower_inclusive))


def test_the_numbers_changed_read_as_people_write_them_never_in_exponent_form():
    """A billion hours typed in the YAML editor reads 10亿 小时 (1,000,000,000 h), not 1e+09."""
    at, lines = yaml_editor()
    at_line = next(i for i, line in enumerate(lines) if line == "  decision:") + 2  # its unit, then its hours
    old = lines[at_line].partition("hours: ")[2]
    lines[at_line] = lines[at_line].replace(f"hours: {old}", "hours: 1000000000")
    typed(at, lines)
    changed = next(m.value for m in at.markdown if m.value.startswith("改动的数值："))
    assert f"{old} → 10亿 小时" in changed and "e+" not in changed
    at.sidebar.radio(key="lang").set_value("en").run()
    changed = next(m.value for m in at.markdown if m.value.startswith("Numbers changed:"))
    assert f"{old} → 1,000,000,000 h" in changed and "e+" not in changed


def test_editing_a_level_bound_moves_its_neighbour_so_the_levels_stay_contiguous():
    """较大 (serious) from 40 % load shed: lowering it to 35 % lowers 一般 (general)'s upper
    bound to 35 % too, so no load shed falls between the two levels."""
    plan = load_plan(PLAN_FILE)
    at = whatif_page(PLAN_ID)
    threshold = plan.severity_levels[1].criteria.any_of[0]
    new = threshold.min - 5
    at.number_input(key=f"whatif.f.{PLAN_ID}.severity_levels.1.criteria.any_of.0.min").set_value(new)
    next(b for b in at.button if b.label == "应用修改").click().run()
    assert not at.exception and not at.error
    diff = at.code[0].value
    assert f"+          min: {new:g}" in diff and f"+          max: {new:g}" in diff
    assert f"-          max: {threshold.min:g}" in diff
    assert any(i.value.startswith("为保持级别衔接，相邻边界一同修改") for i in at.info)
    assert not any(w.value.startswith("修改后的预案可以加载") for w in at.warning)  # no gap, no overlap
    # The two numbers are named as the form names them, old → new, above the line-by-line diff.
    changed = next(m.value for m in at.markdown if m.value.startswith("改动的数值："))
    serious, general = plan.severity_levels[1].name.zh, plan.severity_levels[2].name.zh
    assert f"- {serious} · {plan.metrics[0].name.zh}" in changed and f"下限：{threshold.min:g} → {new:g}" in changed
    assert f"- {general} · {plan.metrics[0].name.zh}" in changed and f"上限：{threshold.min:g} → {new:g}" in changed
    assert PLAN_ID not in changed and "severity_levels" not in changed
    assert at.expander[-1].label == "YAML 逐行差异"


def yaml_editor() -> tuple[AppTest, list[str]]:
    """The page with the shipped plan open in its YAML editor, and the plan's lines there."""
    at = whatif_page(PLAN_ID)
    at.button_group(key="whatif.section").set_value("whatif.yaml").run()
    return at, at.text_area(key=f"whatif.editor.{PLAN_ID}").value.splitlines()


def typed(at: AppTest, lines: list[str]) -> None:
    """``lines`` typed into the YAML editor in place of what it holds."""
    at.text_area(key=f"whatif.editor.{PLAN_ID}").set_value("\n".join(lines) + "\n").run()


def test_a_change_made_only_in_the_yaml_editor_shows_as_the_line_by_line_difference():
    at, lines = yaml_editor()
    typed(at, [*lines, "", "# 演练后的备注"])
    assert not at.exception
    assert "改动不在表单的数值中，逐行差异见下。" in [c.value for c in at.caption]
    assert "+# 演练后的备注" in at.code[0].value


def test_the_neighbour_of_a_bound_is_the_opposite_bound_of_another_level_on_the_same_metric():
    from sim.ui.whatif_edit import Field, neighbours

    fields = [Field("thresholds", ("severity_levels", 1, "criteria", "min"), "serious min", 40.0, "load"),
              Field("thresholds", ("severity_levels", 2, "criteria", "max"), "general max", 40.0, "load"),
              Field("thresholds", ("severity_levels", 2, "criteria", "min"), "general min", 10.0, "load"),
              Field("thresholds", ("severity_levels", 0, "criteria", "max"), "other metric", 40.0, "customers"),
              Field("thresholds", ("warning", "trigger", "min"), "warning", 40.0, "load")]
    moved = neighbours(fields, {fields[0].path: 35.0})
    assert {path: value for path, (_, value) in moved.items()} == {fields[1].path: 35.0}
    assert neighbours(fields, {fields[0].path: 35.0, fields[1].path: 38.0}) == {}  # changed by the planner too


def test_yaml_editor_errors_show_the_loaders_lines():
    at, lines = yaml_editor()
    kind_line = next(i for i, line in enumerate(lines) if line.startswith("kind:"))
    lines.insert(kind_line + 1, "bogus: 1")
    typed(at, lines)
    assert not at.exception
    assert f"{PLAN_ID}.yaml:{kind_line + 2}:1: bogus: 未知的键 'bogus'" in at.error[0].value
    assert "+bogus: 1" in at.code[0].value
    # no comparison on an invalid plan
    assert not any(b.key == "whatif.go" for b in at.button)
    at.button(key="whatif.reset").click().run()
    assert not at.error and not at.code
    assert "尚未修改。" in [c.value for c in at.caption]


def download_offered(at: AppTest) -> bool:
    """Whether the page offers the edited plan's file (its download button enabled)."""
    button = next(b for b in at.get("download_button") if "whatif.download" in b.proto.id)
    return not button.proto.disabled


def test_an_edited_plan_with_errors_is_not_offered_for_download_until_it_loads_again():
    at, lines = yaml_editor()
    assert download_offered(at)
    kind_line = next(i for i, line in enumerate(lines) if line.startswith("kind:"))
    typed(at, [*lines[:kind_line + 1], "bogus: 1", *lines[kind_line + 1:]])
    assert not at.exception and at.error
    assert not download_offered(at)
    assert "修改后的预案有错误，修正后才能下载。" in [c.value for c in at.caption]
    at.sidebar.radio(key="lang").set_value("en").run()
    assert "The edited plan has errors: fix them to download it." in [c.value for c in at.caption]
    typed(at, [*lines, "", "# 演练后的备注"])  # fixed: the bogus key gone, a comment added
    assert not at.error and download_offered(at)
    assert "The edited plan has errors: fix them to download it." not in [c.value for c in at.caption]


def test_an_edited_plan_that_takes_another_id_is_refused_at_the_line_of_its_id():
    at, lines = yaml_editor()
    at_id = next(i for i, line in enumerate(lines) if line.startswith("id:"))
    lines[at_id] = "id: something-else"
    typed(at, lines)
    assert not at.exception
    assert (f"{PLAN_ID}.yaml:{at_id + 1}:1: id: 修改后的预案编号 something-else 与原编号 {PLAN_ID} 不同"
            in at.error[0].value)
    assert not any(b.key == "whatif.go" for b in at.button)


def test_an_id_typed_with_a_full_width_colon_in_the_yaml_editor_is_shown_at_that_colon_with_the_half_width_one():
    at, lines = yaml_editor()
    at_id = next(i for i, line in enumerate(lines) if line.startswith("id:"))
    lines[at_id] = lines[at_id].replace("id:", "id：", 1)  # as a Chinese input method types it
    typed(at, lines)
    assert not at.exception
    assert (f"{PLAN_ID}.yaml:{at_id + 1}:3: YAML 语法错误：“id”后面是全角冒号“：”，YAML 不把它读作“键: 值”："
            "键后的冒号须为半角“:”（写作“id: ”）" in at.error[0].value)
    assert not any(b.key == "whatif.go" for b in at.button)


@pytest.mark.parametrize(
    ("insert", "expected"),
    [
        ("bogus: \x07", ":2:8: YAML 中不允许字符 U+0007"),
        ("bogus: &a [*a]", ":2:8: bogus.0: 递归别名"),
        ("bogus: !!int abc", ":2:8: bogus: 无法读取值 'abc'"),
        ("bogus: 'a\u2028b'", ":2:1: bogus: 未知的键 'bogus'"),
    ],
)
def test_hostile_text_in_the_yaml_editor_shows_a_loader_error_at_its_line(insert, expected):
    at, lines = yaml_editor()
    lines.insert(1, insert)
    typed(at, lines)
    assert not at.exception
    assert f"{PLAN_ID}.yaml{expected}" in at.error[0].value


#: A shipped plan's text with one part typed in the wrong shape, as a planner might in the
#: editor: each is the loader's error at its line, and the walk that lists the changed numbers
#: beside it reads past it.
WRONG_SHAPES = [
    ("          min: 60\n", "          min: 1" + "0" * 400 + "\n"),  # more than a float holds
    ("        - metric: load_shed_pct\n          min: 60\n", "        - metric: [load_shed_pct]\n          min: 60\n"),
    ("        - metric: load_shed_pct\n          min: 60\n", "        - metric: {a: 1}\n          min: 60\n"),
    ("    criteria:\n      any_of:\n", "    criteria:\n      grid: [a]\n      any_of:\n"),
    ("  hops:\n    - id: report.power_company", "  hops: 5\n  x:\n    - id: report.power_company"),
    ("      from: power_company\n", "      from: [power_company]\n"),
    ("      to: [industry_tech, town_government, im_energy_bureau, nea_north_china]\n", "      to: 5\n"),
    ("      to: [industry_tech, town_government, im_energy_bureau, nea_north_china]\n", "      to: [{a: 1}]\n"),
]


@pytest.mark.parametrize("old, new", WRONG_SHAPES, ids=lambda s: s.strip()[:24])
def test_a_part_typed_in_the_wrong_shape_leaves_the_other_fields_of_the_form(old, new):
    plan = load_plan(PLAN_FILE)
    text = PLAN_FILE.read_text(encoding="utf-8")
    assert old in text
    fields = editable_fields(parse(text.replace(old, new, 1), PLAN_FILE.name)[0], plan, "zh")
    assert len(fields) >= len(editable_fields(parse(text, PLAN_FILE.name)[0], plan, "zh")) - 4


@pytest.mark.parametrize("data", [[1, 2], "just text", 5, {"severity_levels": 5, "reporting": [1], "adjustment": 3},
                                  {"kind": "ban_notice", "rules": 5, "penalties": [{"id": [1], "fine_yuan": {"min": 1}}]},
                                  {"kind": "ban_notice", "requirements": [{"id": {"a": 1}, "area": {"buffer_m": 10**400}}]}],
                         ids=lambda d: repr(d)[:20])
def test_a_document_of_another_shape_has_no_form_fields_and_raises_nothing(data):
    plan = load_plan(PLAN_FILE) if not isinstance(data, dict) or data.get("kind") != "ban_notice" else \
        load_plan(ROOT / "plans" / "guyang-fire-ban-2023.yaml")
    assert all(f.label for f in editable_fields(data, plan, "en"))


@pytest.mark.parametrize("text", ["- 1\n- 2\n", "just text\n", "severity_levels: 5\n"])
def test_a_yaml_editor_text_of_another_shape_is_the_loaders_error_never_a_traceback(text):
    at, _ = yaml_editor()
    typed(at, text.splitlines())
    assert not at.exception, at.exception
    assert f"{PLAN_ID}.yaml:1:1: " in at.error[0].value
    at.button_group(key="whatif.section").set_value("whatif.form").run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("other", ["plans/scenarios/winter-ice-storm.yaml", "plans/areas/guyang.yaml"])
def test_a_scenario_or_an_area_pasted_into_the_yaml_editor_is_said_to_be_one_as_the_command_line_says(other):
    from sim.ui.runs import parse_plan

    text = (ROOT / other).read_text(encoding="utf-8")
    plan, problems = parse_plan(text, f"{PLAN_ID}.yaml")
    kind = "scenario" if "scenarios" in other else "area"
    assert plan is None and [p.render("en").split(": ", 1)[1].split(":")[0] for p in problems] == [
        f"this is {'a' if kind == 'scenario' else 'an'} {kind}, not a plan"]
    at, _ = yaml_editor()
    typed(at, text.splitlines())
    assert not at.exception
    assert "这是情景，不是预案" in at.error[0].value or "这是区域，不是预案" in at.error[0].value, at.error[0].value


def test_the_adjustment_decision_names_its_decider_in_the_pages_language():
    path = ROOT / "plans" / "examples" / "national-blackout-2015.yaml"  # a plan whose adjustment names who decides
    plan = load_plan(path)
    data = parse(path.read_text(encoding="utf-8"), path.name)[0]
    decider = next(u.name for u in plan.units if u.id == data["adjustment"]["decided_by"])
    for language in ("zh", "en"):
        [field] = [f for f in editable_fields(data, plan, language) if f.path == ("adjustment", "decision_hours")]
        assert field.label.endswith(tr("common.aside", language, text=getattr(decider, language))), field.label


def test_english_labels():
    at = whatif_page(PLAN_ID)
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "What-if"
    assert any(b.label == "Apply" for b in at.button)


def test_ban_notice_copy_form_and_comparison():
    notice_id = "guyang-fire-ban-2023"
    notice = load_plan(ROOT / "plans" / f"{notice_id}.yaml")
    rule = next(r for r in notice.rules if r.area.buffer_m)
    at = whatif_page(notice_id)
    index = notice.rules.index(rule)
    key = f"whatif.f.{notice_id}.rules.{index}.area.buffer_m"
    at.number_input(key=key).set_value(rule.area.buffer_m * 2)
    next(b for b in at.button if b.label == "应用修改").click().run()
    assert not at.exception and not at.error
    assert f"+      buffer_m: {format_number(rule.area.buffer_m * 2)}" in at.code[0].value
    changed = next(m.value for m in at.markdown if m.value.startswith("改动的数值："))
    assert rule.text.zh[:10] in changed and "边缘范围（米）：" in changed and rule.id not in changed
    scenario = ROOT / "plans" / "scenarios" / "qingming-tomb-sweeping.yaml"
    if not scenario.exists():
        return
    at.selectbox(key="whatif.scenario").set_value("qingming-tomb-sweeping")
    at.number_input(key="whatif.n").set_value(1)
    at.button(key="whatif.go").click().run()
    assert not at.exception
    means = next(d.value for d in at.dataframe if "配对数" in d.value.columns)
    assert "火灾次数" in list(means["指标"]) and "过火面积（公顷）" in list(means["指标"])


# -- the page agrees with the command line ------------------------------------------------------------

TEMPLATE = ROOT / "plans" / "scenarios" / "random-blackout.yaml"
VARIANT = ROOT / "tests" / "data" / "guyang-blackout-level2-35-variant.yaml"


def _compare_json(runs: int, seed: int) -> dict:
    import contextlib
    import io
    import json

    from sim.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["compare", str(TEMPLATE), "--variant", str(VARIANT), "--runs", str(runs), "--seed", str(seed),
                     "--json", "--no-progress"]) == 0
    return json.loads(out.getvalue())


def variant_compared(runs: int, seed: int) -> AppTest:
    """The page after comparing the Level II 35 % variant with the shipped plan on the
    random county blackout, as `compare` does on the command line."""
    at = whatif_page(PLAN_ID)
    at.session_state[f"whatif.text.{PLAN_ID}"] = VARIANT.read_text(encoding="utf-8")
    at.run()
    at.selectbox(key="whatif.scenario").set_value("random-blackout")
    at.number_input(key="whatif.n").set_value(runs)
    at.number_input(key="whatif.seed").set_value(seed)
    at.button(key="whatif.go").click().run()
    return at


@pytest.fixture(scope="module")
def compared_200() -> tuple[dict, AppTest]:
    """`compare --json` and the page on the same 200 replications (seed 1) of the Level II 35 %
    variant, run once for the tests that read both."""
    return _compare_json(200, 1), variant_compared(200, 1)


def test_the_page_shows_the_same_changed_replications_and_intervals_as_compare_json(compared_200):
    """Lowering only the serious (Level II) load-shed bound to 35 % on the random county
    blackout: the page draws a new incident per replication, as `compare` does, and finds
    the same replications changed: three going from Level III to Level II, and two whose
    highest level stays (Level II in one, Level I in the other) but which reach Level II
    sooner under the edited plan, as their load shed passes 35 % on its way to 40 % (more
    hours at Level II, fewer at Level III)."""
    expected, at = compared_200
    assert not at.exception and not at.error
    changed = next(d.value for d in at.dataframe if "抽样编号" in d.value.columns)
    assert list(changed["抽样编号"]) == [entry["replication"] for entry in expected["changed"]]
    assert len(changed) == 5
    # what changed says a highest level that changed first, as compare lists it: no column of each plan's level
    assert not any(column.startswith("最高响应级别") for column in changed.columns)
    raised = changed["改变了什么"].str.startswith("最高响应级别：Ⅲ级应急响应 → Ⅱ级应急响应；")
    assert raised.sum() == 3
    assert sorted(entry["variant"] for entry in expected["changed"] if entry["baseline"] == entry["variant"]) == [
        "I", "II"]  # the one reached Level I, the other Level II, under both plans
    for said in changed[~raised]["改变了什么"]:
        before, after = (hours_said(x) for x in said.split("；")[0].removeprefix("Ⅱ级应急响应持续时长：").split(" → "))
        assert after > before
    means = next(d.value for d in at.dataframe if "配对数" in d.value.columns)
    shown = dict(zip(means["指标"], means[tr("whatif.interval", "zh")]))
    for measure in expected["measures"]:
        if measure["idle"]:  # named under the table, as compare names it under its own
            assert not any(label.startswith(_label(measure["measure"])) for label in shown)
            continue
        if measure["low"] is None:
            continue
        label = next(label for label in shown if label.startswith(_label(measure["measure"])))
        # The JSON keeps 3 decimals and the page shows 2 of the unrounded value, or whole
        # minutes of a length of time: rounding twice may differ by one in the last place
        # shown (0.1349… → 0.135 → "+0.14").
        ends = shown[label].split("]")[0].lstrip("[").split(", ")
        if in_hours(measure["measure"]):
            low, high = (hours_said(x) for x in ends)
            assert (low, high) == pytest.approx((measure["low"], measure["high"]), abs=1 / 60), (
                measure["measure"], shown[label])
        else:
            low, high = (float(x) for x in ends)
            assert (low, high) == pytest.approx((measure["low"], measure["high"]), abs=0.006), (
                measure["measure"], shown[label])
    # the means shown differ by the difference shown, as compare shows them: the highest
    # level's 0.415 → 0.430 beside +0.015, where two places read 0.41 → 0.43 beside +0.01
    for label, *said in zip(means["指标"], *(means[tr(key, "zh")] for key in (
            "whatif.original", "whatif.edited", "whatif.difference"))):
        if any(unit in said[0] for unit in ("小时", "分钟", "秒")):
            base, edited, gap = (round(hours_said(x) * 3600) for x in said)
        else:
            base, edited, gap = (Decimal(x) for x in said)
        assert edited - base == gap, (label, said)
    level = next(m for m in expected["measures"] if m["measure"] == "max_level_rank")
    assert (level["baseline"], level["variant"], level["mean"]) == pytest.approx((0.415, 0.43, 0.015))
    assert [means[tr(key, "zh")][0] for key in ("whatif.original", "whatif.edited", "whatif.difference")] == \
        ["0.415", "0.430", "+0.015"]
    verdict = next(i.value for i in at.info if "起中" in i.value)
    assert verdict.startswith("200 起中，3 起由Ⅲ级应急响应升为Ⅱ级应急响应；其余 197 起最高响应级别不变。")
    # How many changed, and what that makes a year at the template's rate, as compare says it.
    per_year = f"{expected['changed_per_year']:.2f}"
    assert any(m.value.startswith("200 次中 5 次（2.5%）") and f"约每年 {per_year} 起" in m.value for m in at.markdown)


def test_the_incidents_a_year_the_page_counts_say_they_are_the_templates_assumption(compared_200):
    from sim.inputs import load_case

    expected, at = compared_200
    rate = load_case(ROOT / "plans" / "scenarios" / "random-blackout.yaml").scenario.template.incidents_per_year
    said = f"按每年 {rate.value:g} 起事件计（情景模板的假设：{rate.assumption.zh}），约每年 {expected['changed_per_year']:.2f} 起"
    assert any(said in m.value for m in at.markdown)
    assert expected["incidents_per_year_basis"]["zh"] == f"情景模板的假设：{rate.assumption.zh}"


def test_the_page_shows_the_incidents_per_replication_as_compare_json_does(compared_200):
    """Replication 153 held two incidents under both plans (the load shed ended and came
    again), every other replication one: 201 incidents in 200, none changed by the edit."""
    expected, at = compared_200
    measure = next(m for m in expected["measures"] if m["measure"] == "incidents")
    assert (measure["baseline"], measure["variant"], measure["changed"], measure["n"]) == (1.005, 1.005, 0, 200)
    means = next(d.value for d in at.dataframe if "配对数" in d.value.columns)
    shown = means[means["指标"] == "事件起数"].iloc[0]
    said = paired(measure, "zh")
    assert [shown[tr(key, "zh")] for key in ("whatif.original", "whatif.edited", "whatif.difference")] == \
        [said["baseline"], said["variant"], said["mean"]]
    assert shown[tr("whatif.interval", "zh")] == said["interval"] == "[0.00, 0.00]"
    assert (shown[tr("whatif.n_pairs", "zh")], shown[tr("whatif.changed_in", "zh")]) == (200, 0)


def hours_said(said: str) -> float:
    """The hours of a length of time as the page says it in Chinese (``-1 小时 15 分钟``, or to
    the second where minutes would not add up: ``1 小时 10 分 36 秒``)."""
    found = re.fullmatch(r"([+-]?)(?:(\d+) 小时)? ?(?:(\d+) 分钟?)? ?(?:(\d+) 秒)?", said)
    assert found and said, said
    sign, hours, minutes, seconds = found.groups()
    return (-1 if sign == "-" else 1) * (int(hours or 0) + int(minutes or 0) / 60 + int(seconds or 0) / 3600)


def _label(measure: str) -> str:
    """The page's label of a measure of `compare --json`."""
    return measure_label(measure, load_plan(PLAN_FILE), "zh")


def raised_replication(at: AppTest) -> int:
    """Choose, among the changed replications offered, the first whose highest level the edit
    raised: opened under the edited plan, it reaches Level II."""
    report = at.session_state["whatif.compare"]["report"]
    first = next(e["replication"] for e in report["changed"] if e["baseline"] != e["variant"])
    at.selectbox(key="whatif.open.replication").set_value(first)
    return first


def test_a_changed_replication_opens_in_the_run_page_under_the_edited_plan():
    at = variant_compared(40, 1)
    assert not at.exception
    first = raised_replication(at)
    at.button(key="whatif.open.run").click().run()
    assert not at.exception
    last = at.session_state["run.last"]
    assert (last["replication"], last["seed"]) == (first, 1)
    assert last["result"]["summary"]["max_response_level"] == "II"
    assert any(f"抽样编号 {first}" in h.value for h in at.subheader)
    # read as the published plan's, the edited plan's Level II would mislead: the page says whose it is
    assert [w.value for w in at.warning] == [EDITED_NOTICE]


#: What the Run and Walk-through pages say above a result of the edited plan.
EDITED_NOTICE = "此结果按修改后的预案运行，并非发布的版本：《固阳县大面积停电事件应急预案（2023年版）》。"


def opened_edited(replications: int = 40) -> tuple[AppTest, int]:
    """The Run page on the first replication the edit raised to Level II, opened under the
    edited plan from a comparison of ``replications``, and that replication."""
    at = variant_compared(replications, 1)
    first = raised_replication(at)
    at.button(key="whatif.open.run").click().run()
    assert not at.exception
    at.switch_page("sim/ui/pages/run.py")  # where the browser now is: the test's app keeps its own page
    at.run()
    assert not at.exception
    return at, first


#: What the Run page says above Run while it holds the What-if page's edit.
HELD_NOTICE = "本页按修改后的预案运行，并非发布的版本：《固阳县大面积停电事件应急预案（2023年版）》。"


def test_running_an_opened_edited_replication_again_keeps_the_edited_plan_and_says_so_above_run():
    """Run pressed again with the fields unchanged runs the same replication under the edited
    plan, not quietly under the published one: Level II again, the result's notice kept."""
    at, first = opened_edited()
    assert [i.value for i in at.info] == [HELD_NOTICE]
    assert at.button(key="run.use_published").label == "改用已发布的预案"
    at.button(key="run.go").click().run()
    assert not at.exception and not at.error
    last = at.session_state["run.last"]
    assert (last["replication"], last["seed"], last["result"]["summary"]["max_response_level"]) == (first, 1, "II")
    assert any(f"抽样编号 {first}" in h.value for h in at.subheader)
    assert [w.value for w in at.warning] == [EDITED_NOTICE] and [i.value for i in at.info] == [HELD_NOTICE]
    at.sidebar.radio(key="lang").set_value("en").run()
    assert [i.value for i in at.info] == [
        "This page runs an edited plan, not the published one: “Guyang County Large-Area Blackout Emergency Plan "
        "(2023 edition)”."]
    assert at.button(key="run.use_published").label == "Use the published plan"


def test_the_published_plan_button_drops_the_opened_edit_and_the_next_run_is_the_published_plans():
    """The edit goes only when the reader says so: the notice and its button go at once, the
    result shown still says it ran under the edit, and the next run is the published plan's."""
    at, first = opened_edited()
    at.button(key="run.use_published").click().run()
    assert not at.exception and not at.info
    assert not any(b.key == "run.use_published" for b in at.button)
    assert [w.value for w in at.warning] == [EDITED_NOTICE]  # the result shown is still the edited plan's
    at.button(key="run.go").click().run()
    assert not at.exception and not at.warning and not at.info
    last = at.session_state["run.last"]
    assert (last["replication"], last["result"]["summary"]["max_response_level"]) == (first, "III")


def test_a_replication_opened_under_the_original_plan_says_nothing_of_an_edit():
    at = variant_compared(40, 1)
    raised_replication(at)
    at.radio(key="whatif.open.arm").set_value("baseline")
    at.button(key="whatif.open.run").click().run()
    assert not at.exception
    assert at.session_state["run.last"]["result"]["summary"]["max_response_level"] == "III"
    assert not at.warning


def test_a_replication_opened_with_other_resource_counts_says_which_counts_it_ran_with():
    at = whatif_page(PLAN_ID)
    at.selectbox(key="whatif.scenario").set_value("random-blackout").run()
    at.number_input(key="whatif.r.random-blackout.repair_crew").set_value(1).run()
    at.number_input(key="whatif.n").set_value(40)
    at.button(key="whatif.go").click().run()
    assert not at.exception
    report = at.session_state["whatif.compare"]["report"]
    assert report["changed"]  # one crew instead of six changes how the response goes
    at.selectbox(key="whatif.open.replication").set_value(report["changed"][0]["replication"])
    at.button(key="whatif.open.run").click().run()
    assert not at.exception
    said = [w.value for w in at.warning]
    assert len(said) == 1 and said[0].startswith("此结果的资源数量与情景设定不同：") and "由 " in said[0]
    # and the page runs again with the same counts, by their names, until the reader takes the scenario's
    at.switch_page("sim/ui/pages/run.py")
    at.run()
    held = [i.value for i in at.info]
    assert held == [said[0].replace("此结果的资源数量与情景设定不同", "本页按与情景设定不同的资源数量运行")]
    assert "repair_crew" not in held[0]
    assert at.button(key="run.use_published").label == "改用情景设定的资源数量"
    at.button(key="run.go").click().run()
    assert [w.value for w in at.warning] == said


def test_a_changed_replication_opens_in_the_walk_through_under_the_edited_plan():
    at = variant_compared(40, 1)
    first = raised_replication(at)
    at.button(key="whatif.open.walk").click().run()
    assert not at.exception and not at.error
    assert (at.session_state["walk.replication"], at.session_state["walk.seed"]) == (first, 1)
    assert at.session_state["walk.scenario"] == "random-blackout"
    walked = at.session_state["run.last"]
    assert walked["replication"] == first and walked["result"]["summary"]["max_response_level"] == "II"
    assert at.title[0].value == tr("nav.walk", "zh")
    assert [w.value for w in at.warning] == [EDITED_NOTICE]


@pytest.mark.parametrize("replications, accepted", [(10_000, True), (10_001, False)])
def test_the_page_accepts_ten_thousand_replications_and_refuses_one_more(replications, accepted):
    at = whatif_page(PLAN_ID)
    at.selectbox(key="whatif.scenario").set_value("random-blackout")
    at.number_input(key="whatif.n").set_value(replications).run()
    assert not at.exception
    assert any(b.key == "whatif.go" for b in at.button) is accepted
    assert any("1万" in e.value for e in at.error) is not accepted  # 10,000 as Chinese readers count


def test_more_replications_than_the_page_runs_are_refused_with_a_message():
    at = whatif_page(PLAN_ID)
    at.selectbox(key="whatif.scenario").set_value("random-blackout")
    at.number_input(key="whatif.n").set_value(100_000).run()
    assert not at.exception
    assert any("到 1万 之间" in e.value for e in at.error), [e.value for e in at.error]  # 10,000 as Chinese readers count
    assert not any(b.key == "whatif.go" for b in at.button)


def test_a_number_past_what_a_browser_carries_exactly_is_refused_with_a_message_instead_of_vanishing():
    at = whatif_page(PLAN_ID)
    at.selectbox(key="whatif.scenario").set_value("random-blackout")
    for key, typed, said in (("whatif.n", 2**53 + 2, "9007199254740994 超出允许范围：应为 1 到 1万 之间的整数"),
                             ("whatif.seed", 10**20, "100000000000000000000 太大，页面无法精确读取：应为 0 到 9,007,199,254,740,991 之间的整数")):
        at.number_input(key=key).set_value(typed).run()
        assert not at.exception
        assert [e.value for e in at.error] == [said + "。"]
        assert not any(b.key == "whatif.go" for b in at.button)
        at.number_input(key=key).set_value(2).run()
    assert not at.error and any(b.key == "whatif.go" for b in at.button)


def test_a_negative_resource_count_is_refused_with_a_message_and_compares_nothing():
    at = whatif_page(PLAN_ID)
    at.selectbox(key="whatif.scenario").set_value("random-blackout").run()
    key = next(n.key for n in at.number_input if n.key.startswith("whatif.r."))
    at.number_input(key=key).set_value(-1).run()
    assert not at.exception
    assert any("-1 超出允许范围" in e.value for e in at.error)
    assert not any(b.key == "whatif.go" for b in at.button)


def test_the_resource_counts_and_their_changes_are_named_in_the_language_chosen_never_by_id():
    at = whatif_page(PLAN_ID)
    at.selectbox(key="whatif.scenario").set_value("random-blackout").run()
    fields = {n.key.rsplit(".", 1)[1]: n for n in at.number_input if n.key.startswith("whatif.r.random-blackout.")}
    assert fields["repair_crew"].label == "电力抢修应急专业队伍"
    assert fields["black_start_source"].label == "“黑启动”电源"
    fields["repair_crew"].set_value(3).run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    changed = next(d.value for d in at.dataframe if "Power repair crews" in d.value.to_string())
    assert "repair_crew" not in changed.to_string() and changed.iloc[0].tolist()[1:] == [6, 3]


def test_a_changed_reporting_time_reads_as_who_reports_to_whom_with_its_hours():
    """The list of changed numbers names a hop as the log does ("A报告B") rather than with an
    arrow that would read as the change's own "old → new", sets the decider of a decision
    aside in brackets, and gives the hours after the new value."""
    plan = load_plan(PLAN_FILE)
    hop = next(h for h in plan.reporting.hops if len(h.to) > 4)
    index = plan.reporting.hops.index(hop)
    at = whatif_page(PLAN_ID)
    at.number_input(key=f"whatif.f.{PLAN_ID}.reporting.hops.{index}.hours").set_value(hop.hours + 1)
    at.number_input(key=f"whatif.f.{PLAN_ID}.reporting.decision.hours").set_value(plan.reporting.decision.hours + 1)
    next(b for b in at.button if b.label == "应用修改").click().run()
    assert not at.exception and not at.error
    changed = next(m.value for m in at.markdown if m.value.startswith("改动的数值："))
    sender = next(u.name.zh for u in plan.units if u.id == hop.from_)
    decider = next(u.name.zh for u in plan.units if u.id == plan.reporting.decision.unit)
    assert f"- {sender}报告" in changed and f"等 {len(hop.to)} 个单位：{hop.hours:g} → {hop.hours + 1:g} 小时" in changed
    assert f"- 决定启动响应（{decider}）：{plan.reporting.decision.hours:g} → {plan.reporting.decision.hours + 1:g} 小时" in changed
    assert ": " not in changed


def test_a_ban_rules_label_keeps_as_much_english_as_chinese_and_ends_on_a_whole_word():
    from sim.ui.whatif_edit import _short

    chinese = "防火戒严期间，防火戒严管制区内及边缘500米内严禁野外吸烟、野炊、焚烧秸秆、烧田埂、上坟烧纸"
    english = ("During the fire lockdown, all outdoor use of fire is banned inside the control zones "
               "and within 500 m of their edges")
    assert _short(chinese).endswith("…") and 38 <= len(_short(chinese)) <= 46
    cut = _short(english)
    assert cut.endswith("…") and 60 <= len(cut) <= 81 and english.startswith(cut[:-1]) and english[len(cut) - 1] == " "
    assert _short("Short rule") == "Short rule"


def test_the_form_knows_each_bounds_metric_so_a_bound_on_another_metric_with_the_same_number_stays():
    text = PLAN_FILE.read_text(encoding="utf-8")
    plan = load_plan(PLAN_FILE)
    fields = [f for f in editable_fields(parse(text, "plan")[0], plan, "zh") if f.group == "thresholds"]
    assert {f.metric for f in fields} <= {m.id for m in plan.metrics} and len({f.metric for f in fields}) > 1
    serious = next(f for f in fields if f.path[:2] == ("severity_levels", 1) and f.path[-1] == "min")
    # the same number on another metric, at the opposite bound of another level
    decoy = next(f for f in fields if f.metric != serious.metric and f.path[-1] == "max" and f.path[1] != 1)
    fields = [f if f is not decoy else replace(decoy, value=serious.value) for f in fields]
    moved = neighbours(fields, {serious.path: serious.value - 5})
    assert moved and all(field.metric == serious.metric for field, _ in moved.values())


def test_the_threshold_form_has_a_row_per_level_and_a_column_per_metric_and_bound():
    text = PLAN_FILE.read_text(encoding="utf-8")
    plan = load_plan(PLAN_FILE)
    rows = threshold_rows(editable_fields(parse(text, "plan")[0], plan, "zh"))
    levels = [r for r in rows if any(f is not None and f.path[0] == "severity_levels" for f in r)]
    assert len(levels) == len(plan.severity_levels)
    for row in levels:
        assert len({f.owner for f in row if f is not None}) == 1
    for column in zip(*levels):
        assert len({(f.metric, f.path[-1]) for f in column if f is not None}) == 1
    assert rows[-1][0].path[0] == "warning"  # the trigger's own row, from the left


def test_a_changed_replication_of_a_story_opens_in_the_walk_through_as_that_replication_under_the_edited_plan():
    """A story scenario's replication i is the story under an engine seed of its own: the
    Walk-through opens that run of the edited plan (not the shipped plan's first run), under
    the seed and replication a trainer types again."""
    at = whatif_page(PLAN_ID)
    at.checkbox(key=f"whatif.contiguous.{PLAN_ID}").uncheck()
    for metric in (0, 1):  # the general level from 1 %: the cable strike now calls for Level III
        at.number_input(key=f"whatif.f.{PLAN_ID}.severity_levels.2.criteria.any_of.{metric}.min").set_value(1)
    next(b for b in at.button if b.label == "应用修改").click().run()
    at.selectbox(key="whatif.scenario").set_value("construction-cable-strike")
    at.number_input(key="whatif.n").set_value(3)
    at.number_input(key="whatif.seed").set_value(4)
    at.button(key="whatif.go").click().run()
    at.selectbox(key="whatif.open.replication").set_value(2).run()
    at.button(key="whatif.open.walk").click().run()
    assert not at.exception and not at.error
    walked = at.session_state["run.last"]
    assert (walked["seed"], walked["replication"]) == (4, 2)
    assert (at.session_state["walk.seed"], at.session_state["walk.replication"]) == (4, 2)
    assert walked["result"]["drawn_from"] == {"seed": 4, "replication": 2}
    assert walked["result"]["summary"]["max_response_level"] == "III"
    heading = next(m.value for m in at.markdown if m.value.startswith("### "))
    assert f"/ {len(walked['result']['events'])} " in heading  # the page walks through that very run


def test_a_threshold_label_sets_its_unit_in_the_readers_brackets_and_words():
    text = PLAN_FILE.read_text(encoding="utf-8")
    plan = load_plan(PLAN_FILE)
    data = parse(text, "plan")[0]
    metrics = {m.id: m for m in plan.metrics}
    for language, brackets in (("zh", "（{}）"), ("en", " ({})")):
        labels = [(f.label, metrics[f.metric].unit) for f in editable_fields(data, plan, language)
                  if f.group == "thresholds" and f.metric]
        assert any(unit == "%" for _, unit in labels)  # the shares, and the termination's count of incidents
        assert all(brackets.format(metric_unit(unit, language)) in label for label, unit in labels)
        assert language == "en" or not any(" (" in label for label, _ in labels)


def test_a_yaml_edit_beyond_the_forms_numbers_is_said_and_its_diff_opened_beside_the_numbers_changed():
    """A planner who changes the notice's edge band and a period's first day in the YAML
    editor sees the band in the list of numbers and is told that more changed, with the
    line-by-line difference open; the band alone leaves the difference folded."""
    notice_id = "guyang-fire-ban-2023"
    original = (ROOT / "plans" / f"{notice_id}.yaml").read_text(encoding="utf-8")
    at = whatif_page(PLAN_ID)
    at.selectbox(key="whatif.plan").set_value(notice_id).run()
    at.button_group(key="whatif.section").set_value("whatif.yaml").run()
    band = original.replace("buffer_m: 500", "buffer_m: 800", 1)
    at.text_area(key=f"whatif.editor.{notice_id}").set_value(band).run()
    assert any(m.value.startswith("改动的数值：") and "500 → 800" in m.value for m in at.markdown)
    assert not any(c.value.startswith("另有改动") for c in at.caption) and not at.expander[-1].proto.expanded
    first_day = re.search(r"start: (\d{4}-\d{2})-\d{2}", band)
    moved = band.replace(first_day.group(0), f"start: {first_day.group(1)}-01", 1)
    assert moved != band
    at.text_area(key=f"whatif.editor.{notice_id}").set_value(moved).run()
    assert not at.exception and not at.error
    assert any(m.value.startswith("改动的数值：") and "500 → 800" in m.value for m in at.markdown)
    assert any(c.value.startswith("另有改动不在表单的数值中") for c in at.caption) and at.expander[-1].proto.expanded


def test_the_compare_button_and_each_row_of_fields_sit_on_one_line_however_their_labels_wrap():
    """Bottom-aligned rows: the compare button level with the two fields beside it, and each
    field of the plan's form and of the resource counts level with its neighbours when a long
    name (应急救援装备物资及生活物资, "Relief equipment and living supplies") wraps onto two lines."""
    from streamlit.proto.Block_pb2 import Block

    at = whatif_page(PLAN_ID)
    at.selectbox(key="whatif.scenario").set_value(SCENARIO).run()
    for language in ("zh", "en"):
        at.sidebar.radio(key="lang").set_value(language).run()
        held = {getattr(child, "key", None): column.proto.vertical_alignment
                for column in at.columns for child in column.children.values()}
        rows = [key for key in held if key and key.startswith(("whatif.f.", "whatif.r."))]
        assert rows and {held[key] for key in ["whatif.n", "whatif.seed", "whatif.go", *rows]} == {
            Block.Column.VerticalAlignment.BOTTOM}, language
        assert not at.exception


@pytest.mark.parametrize("language", ["zh", "en"])
def test_compare_calls_the_comparison_and_the_edited_plan_by_the_what_if_pages_words(capsys, language):
    from sim.cli import main
    from sim.messages import text

    assert main(["compare", str(TEMPLATE), "--variant", str(VARIANT), "--runs", "2", "--seed", "1", "--no-progress",
                 "--lang", language]) == 0
    first, second = capsys.readouterr().out.splitlines()[:2]
    colon = text("common.colon", language)
    assert first.startswith(text("common.paired_comparison", language) + colon), first
    edited = {"zh": "修改后的预案", "en": "Edited plan"}[language]  # as the page's "the edited plan has errors:"
    assert edited.lower() in text("whatif.invalid", language).lower()
    assert second.strip().startswith(edited + colon), second


# -- a scenario checked when it is chosen -------------------------------------------------------------

#: The traffic duty renamed: the plan still loads, but the scenarios whose traffic jam it
#: clears (the ice storm's inject, the random blackout's secondary incident) name a duty it
#: no longer has.
RENAMED = ("      - id: public_security.traffic\n", "      - id: public_security.traffic_control\n")


def test_a_scenario_that_cannot_run_with_the_edited_plan_says_why_when_chosen_with_compare_disabled():
    at = whatif_page(PLAN_ID)
    text = PLAN_FILE.read_text(encoding="utf-8")
    assert RENAMED[0] in text
    at.session_state[f"whatif.text.{PLAN_ID}"] = text.replace(*RENAMED)
    at.run()
    at.selectbox(key="whatif.scenario").set_value(SCENARIO).run()
    assert not at.exception
    refused = next(e.value for e in at.error if e.value.startswith("该情景不能与修改后的预案一起运行"))
    assert f"plans/scenarios/{SCENARIO}.yaml:" in refused and "未知的职责 'public_security.traffic'" in refused
    assert at.button(key="whatif.go").disabled and "whatif.compare" not in at.session_state
    at.sidebar.radio(key="lang").set_value("en").run()
    refused = next(e.value for e in at.error if e.value.startswith("This scenario cannot run with the edited plan"))
    assert "unknown duty 'public_security.traffic'" in refused and "未知" not in refused
    at.selectbox(key="whatif.scenario").set_value("construction-cable-strike").run()  # it clears no traffic jam
    assert not at.error and not at.button(key="whatif.go").disabled


def test_a_shipped_scenario_whose_case_fails_its_checks_says_why_when_chosen_with_compare_disabled(tmp_path, monkeypatch):
    from sim.inputs import layout

    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    broken = tmp_path / "plans" / "scenarios" / f"{SCENARIO}.yaml"
    text = broken.read_text(encoding="utf-8")
    assert "cleared_by: public_security.traffic\n" in text
    broken.write_text(text.replace("cleared_by: public_security.traffic\n", "cleared_by: public_security.trafic\n"),
                      encoding="utf-8")
    monkeypatch.setenv(layout.LIBRARY_ENV, str(broken.parent.parent))
    at = whatif_page(PLAN_ID)
    at.selectbox(key="whatif.scenario").set_value(SCENARIO).run()
    assert not at.exception
    refused = next(e.value for e in at.error if e.value.startswith("该情景有错误，无法比较"))
    assert f"{broken}:" in refused and "未知的职责 'public_security.trafic'" in refused
    assert at.button(key="whatif.go").disabled


def test_the_what_if_page_opens_on_the_county_s_response_plan_and_lists_plans_as_the_plans_page_does():
    from sim.inputs.loader import load_plans
    from sim.plan import ResponsePlan

    county = load_plans([ROOT / "plans"])
    first = next(p for p, plan in county.items() if isinstance(plan, ResponsePlan))
    at = app(timeout=180)
    listed = at.selectbox(key="plans.plan").options
    at.switch_page("sim/ui/pages/whatif.py").run()
    assert at.selectbox(key="whatif.plan").value == first
    assert at.selectbox(key="whatif.plan").options == listed


NATIONAL_FILE = ROOT / "plans" / "examples" / "national-blackout-2015.yaml"


def national_fields() -> list:
    plan = load_plan(NATIONAL_FILE, require_stem=False)
    return editable_fields(parse(NATIONAL_FILE.read_text(encoding="utf-8"), "plan")[0], plan, "zh")


def test_every_threshold_of_a_plan_graded_by_grid_and_load_bracket_has_a_field_of_its_own_named_by_both():
    text = NATIONAL_FILE.read_text(encoding="utf-8")
    # every bound the file writes in a severity level's criteria
    written = sum(m.count("min:") + m.count("max:") for m in re.findall(
        r"\{metric: [^}]*?(?=, source|, assumption|\})", text.split("\nseverity_levels:")[1].split("\nresponse_levels:")[0]))
    fields = [f for f in national_fields() if f.path[0] == "severity_levels"]
    assert len(fields) == written
    shown = [f for row in threshold_rows(fields) for f in row if f is not None]
    assert sorted(f.path for f in shown) == sorted(f.path for f in fields)  # none hidden behind another
    assert len({f.label for f in fields}) == len(fields)  # and no two read alike
    provincial = [f.label for f in fields if f.label.startswith("重大大面积停电事件 · 减供负荷比例 · 省、自治区电网")]
    assert any("电网负荷 ≥ 20000 MW" in label for label in provincial)


def test_moving_a_bound_moves_only_the_next_level_s_bound_on_the_same_grid_and_load_bracket():
    fields = national_fields()
    bracket = "（电网负荷 ∈ [5000 MW, 20000 MW)）"
    major = next(f for f in fields if f.label == f"重大大面积停电事件 · 减供负荷比例 · 省、自治区电网（%） · 下限{bracket}")
    moved = neighbours(fields, {major.path: major.value + 2})
    assert [(field.label, value) for field, value in moved.values()] == [
        (f"较大大面积停电事件 · 减供负荷比例 · 省、自治区电网（%） · 上限{bracket}", major.value + 2)]


def test_a_plan_of_many_figures_lists_each_row_s_bounds_from_the_left_rather_than_in_columns_too_narrow_to_read():
    path = ROOT / "plans" / "examples" / "gansu-blackout-2016.yaml"
    plan = load_plan(path, require_stem=False)
    fields = [f for f in editable_fields(parse(path.read_text(encoding="utf-8"), "plan")[0], plan, "zh")
              if f.group == "thresholds"]
    rows = threshold_rows(fields)
    assert len({(f.metric, f.path[-1]) for f in fields}) > 6
    assert max(len(row) for row in rows) <= 6 and None not in [f for row in rows for f in row]
    assert sorted(f.path for row in rows for f in row) == sorted(f.path for f in fields)


def test_a_plan_with_no_number_the_form_edits_says_where_to_edit_it_instead_of_offering_a_form_that_does_nothing():
    from sim.inputs.loader import load_plans
    from sim.plan import BanNotice

    shipped = load_plans([ROOT / "plans"])
    bare = [pid for pid, plan in shipped.items() if isinstance(plan, BanNotice)
            and not editable_fields(parse((ROOT / "plans" / f"{pid}.yaml").read_text(encoding="utf-8"), "plan")[0],
                                    plan, "zh")]
    assert bare, "every shipped notice has a number the form edits"
    at = whatif_page(PLAN_ID)
    at.selectbox(key="whatif.plan").set_value(bare[0]).run()
    assert not at.exception
    assert "这份预案没有表单可改的数值；请在“YAML 编辑”中修改。" in [i.value for i in at.info]
    assert not [b for b in at.button if b.label == "应用修改"]
    at.sidebar.radio(key="lang").set_value("en").run()
    assert "This plan has no numbers the form edits; change it in “Edit the YAML”." in [i.value for i in at.info]


def test_the_form_offers_no_number_for_a_yes_or_no_fact_only_the_figures_bounds():
    county = ROOT / "plans" / "examples" / "liangshan-blackout-2023.yaml"
    plan = load_plan(county, require_stem=False)
    fields = [f for f in editable_fields(parse(county.read_text(encoding="utf-8"), "plan")[0], plan, "zh")
              if f.group == "thresholds"]
    yes_or_no = {m.id for m in plan.metrics if m.unit == "bool"}
    assert yes_or_no and fields
    assert not {f.metric for f in fields} & yes_or_no
    assert {"load_shed_pct", "customers_out_pct"} <= {f.metric for f in fields}


def test_the_comparison_the_page_hands_over_is_compare_json_but_for_the_command_lines_own_fields():
    """The page's download is the JSON `compare --json` prints, byte for byte apart from what
    only a command line has: the variant's file name and the commands that open a replication."""
    from sim.sweep.words import report_json

    expected = _compare_json(40, 1)
    at = variant_compared(40, 1)
    assert not at.exception
    buttons = [b for b in at.get("download_button") if "whatif.dl.compare" in b.proto.id]
    assert len(buttons) == 1 and buttons[0].proto.label == "下载比较结果（JSON，与 python -m sim compare --json 输出的相同）"
    held = at.session_state["whatif.compare"]
    handed = json.loads(report_json(held["report"], held["baseline"]))
    assert expected["run"].pop("variant_file") == str(VARIANT)
    assert expected["run"].pop("open").startswith(f"python -m sim run {TEMPLATE} --seed 1 --replication ")
    assert expected["run"].pop("open_original").startswith(f"python -m sim run {TEMPLATE} --seed 1 --replication ")
    assert handed == expected


def test_english_chosen_on_the_what_if_page_stays_english_on_the_run_page_a_replication_opens_in():
    at = whatif_page(PLAN_ID, "en")
    at.session_state[f"whatif.text.{PLAN_ID}"] = VARIANT.read_text(encoding="utf-8")
    at.run()
    at.selectbox(key="whatif.scenario").set_value("random-blackout")
    at.number_input(key="whatif.n").set_value(40)
    at.number_input(key="whatif.seed").set_value(1)
    at.button(key="whatif.go").click().run()
    raised_replication(at)
    at.button(key="whatif.open.run").click().run()
    assert not at.exception
    assert at.title[0].value == tr("nav.run", "en") and at.sidebar.radio(key="lang").value == "en"
