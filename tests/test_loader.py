"""Bad input gets a clear error that points at the line: one test per class of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.inputs import yaml_source
from sim.cli import main
from sim.errors import InputError
from sim.inputs.loader import load_plan, load_text
from sim.plan import PLAN_ADAPTER

DATA = Path(__file__).parent / "data"
GOOD = (DATA / "minimal-ban.yaml").read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_text(text, "plan.yaml", PLAN_ADAPTER)
    return [str(p) for p in caught.value.problems]


def test_the_minimal_notice_is_valid():
    assert load_text(GOOD, "plan.yaml", PLAN_ADAPTER).id == "minimal-ban"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("issued: 2023-03-13", "issued: soon",
                     "plan.yaml:8:3: document.issued: should be a valid date (YYYY-MM-DD)", id="wrong type"),
        pytest.param("    dates: {start: 2023-03-15", "    colour: red\n    dates: {start: 2023-03-15",
                     "plan.yaml:20:5: periods.0.colour: unknown key 'colour'", id="unknown key"),
        pytest.param("kind: ban_notice", "kind: ban_notice\nkind: response_plan",
                     "plan.yaml:4:1: kind: duplicate key 'kind' (first defined at line 3)", id="duplicate key"),
        pytest.param("    text: {zh: 严禁焚烧秸秆, en: No straw burning}\n", "",
                     "plan.yaml:23:5: rules.0.text: missing required field 'text'", id="missing field"),
        pytest.param("start: 2023-03-15, end: 2023-05-31", "start: 2023-06-15, end: 2023-05-31",
                     "plan.yaml:20:5: periods.0.dates: inverted range: start 2023-06-15 is after end 2023-05-31",
                     id="inverted range"),
        pytest.param("[spring]", "[spring", "plan.yaml:26:9: YAML syntax error", id="yaml syntax"),
        pytest.param("prohibited: [straw_burning]", "prohibited: [smoking]",
                     "plan.yaml:27:18: rules.0.prohibited.0: unknown activity 'smoking'", id="unknown reference"),
        pytest.param("    source: {clause: 三, quote: 严禁焚烧秸秆}\n", "",
                     "plan.yaml:23:5: rules.0: every rule needs a `source`", id="unsourced rule"),
        pytest.param("kind: ban_notice", "kind: leaflet",
                     "plan.yaml:3:1: kind: unknown kind 'leaflet'", id="unknown kind"),
    ],
)
def test_each_mistake_is_reported_at_its_line(old, new, expected):
    assert old in GOOD
    found = problems(GOOD.replace(old, new))
    assert any(p.startswith(expected) for p in found), found


def test_several_errors_are_reported_at_once():
    text = GOOD.replace("issued: 2023-03-13", "issued: soon").replace("prohibited: [straw_burning]", "prohibited: 7")
    found = problems(text)
    assert [p.split(": ")[1] for p in found] == ["document.issued", "rules.0.prohibited"]


def test_yaml_11_words_stay_words():
    data, _ = yaml_source.parse("on: no\nyes: true\n", "x.yaml")
    assert data == {"on": "no", "yes": True}


def test_an_oversized_file_is_refused_with_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_source, "MAX_BYTES", 1000)
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 2000 + "\n" + GOOD, encoding="utf-8")
    with pytest.raises(InputError, match=r"big\.yaml: file is 2,\d{3} bytes; the limit is 1,000 bytes"):
        load_plan(big)


def test_an_alias_bomb_is_bounded(monkeypatch):
    monkeypatch.setattr(yaml_source, "MAX_NODES", 1000)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    with pytest.raises(InputError, match="more than 1,000 values"):
        yaml_source.parse(bomb, "bomb.yaml")


def test_the_plan_id_must_match_the_file_name(tmp_path):
    path = tmp_path / "other-name.yaml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError, match="other-name.yaml:2:1: id: plan id 'minimal-ban' must equal"):
        load_plan(path)


def test_validate_exits_2_and_prints_every_problem(tmp_path, capsys):
    bad = tmp_path / "minimal-ban.yaml"
    bad.write_text(GOOD.replace("issued: 2023-03-13", "issued: soon"), encoding="utf-8")
    missing = tmp_path / "nowhere.yaml"
    assert main(["validate", str(bad), str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:8:3: document.issued:" in err
    assert f"{missing}: 没有这个文件 · no such file" in err
    assert "Traceback" not in err


def test_validate_accepts_a_good_file(tmp_path, capsys):
    good = tmp_path / "minimal-ban.yaml"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out == "1 个文件有效 · 1 file valid\n"


# A union adds its member's tag to pydantic's error location ('metric', 'any_of', 'fault',
# 'response_plan', …); the reported path and line must still be the offending key's.
ROOT = Path(__file__).parent.parent
BLACKOUT = (ROOT / "plans" / "guyang-blackout-2023.yaml").read_text(encoding="utf-8")
SCENARIO = (ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml").read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the only occurrence of ``fragment`` in ``text``."""
    assert text.count(fragment) == 1, fragment
    return text[: text.index(fragment)].count("\n") + 1


def problems_in(text: str, model) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_text(text, "f.yaml", model)
    return [str(p) for p in caught.value.problems]


MAJOR_LOAD_SHED = "        - metric: load_shed_pct\n          min: 60\n"
SOCIAL_IMPACT = "      - context: social_impact\n        in: [significant]\n"


@pytest.mark.parametrize(
    ("old", "new", "key", "path", "message"),
    [
        pytest.param(MAJOR_LOAD_SHED, MAJOR_LOAD_SHED.replace("min: 60", "mn: 60"), "mn: 60",
                     "severity_levels.0.criteria.any_of.0.mn", "unknown key 'mn'", id="metric threshold: unknown key"),
        pytest.param(MAJOR_LOAD_SHED, MAJOR_LOAD_SHED.replace("min: 60", "min: sixty"), "min: sixty",
                     "severity_levels.0.criteria.any_of.0.min", "should be a number",
                     id="metric threshold: wrong type"),
        pytest.param(MAJOR_LOAD_SHED, MAJOR_LOAD_SHED.replace("load_shed_pct", "load shed"), "metric: load shed",
                     "severity_levels.0.criteria.any_of.0.metric", "should be an id: Latin letters, digits and _ . - only",
                     id="metric threshold: its own metric key"),
        pytest.param(SOCIAL_IMPACT, SOCIAL_IMPACT.replace("in:", "inn:"), "inn:",
                     "discretion.criteria.all_of.2.inn", "unknown key 'inn'", id="context test: unknown key"),
        pytest.param(SOCIAL_IMPACT, SOCIAL_IMPACT.replace("context:", "context: 7\n        colour:"), "colour:",
                     "discretion.criteria.all_of.2.colour", "unknown key 'colour'", id="context test: beside context"),
        pytest.param(MAJOR_LOAD_SHED,
                     "        - all_of:\n            - metric: load_shed_pct\n              mn: 60\n", "mn: 60",
                     "severity_levels.0.criteria.any_of.0.all_of.0.mn", "unknown key 'mn'",
                     id="all_of inside any_of"),
        pytest.param(MAJOR_LOAD_SHED,
                     "        - any_of:\n            - metric: load_shed_pct\n              min: 60\n"
                     "          any_of_note: x\n", "any_of_note",
                     "severity_levels.0.criteria.any_of.0.any_of_note", "unknown key 'any_of_note'",
                     id="any_of inside any_of"),
        pytest.param("bounds:\n", "titel: x\nbounds:\n", "titel:", "titel", "unknown key 'titel'",
                     id="plan kind: response plan"),
    ],
)
def test_errors_inside_unions_point_at_the_offending_key(old, new, key, path, message):
    assert old in BLACKOUT
    text = BLACKOUT.replace(old, new, 1)
    line = line_of(text, key)
    found = problems_in(text, PLAN_ADAPTER)
    assert any(p.startswith(f"f.yaml:{line}:") and f": {path}: {message}" in p for p in found), found


def test_a_missing_field_inside_a_union_is_named_at_its_parent():
    text = BLACKOUT.replace(SOCIAL_IMPACT, SOCIAL_IMPACT.replace("in:", "inn:"))
    found = problems_in(text, PLAN_ADAPTER)
    line = line_of(text, "- context: social_impact")
    assert f"f.yaml:{line}:9: discretion.criteria.all_of.2.in: missing required field 'in'" in found


def test_errors_inside_a_ban_notice_point_at_the_offending_key():
    text = GOOD.replace("    dates: {start: 2023-03-15", "    colour: red\n    dates: {start: 2023-03-15")
    assert any(p.startswith(f"f.yaml:{line_of(text, 'colour')}:5: periods.0.colour:") for p in problems_in(text, PLAN_ADAPTER))


TRAFFIC = "    incident: traffic_jam\n"


@pytest.mark.parametrize(
    ("old", "new", "key", "path", "message"),
    [
        pytest.param(TRAFFIC, TRAFFIC + "    duraton_h: 3\n", "duraton_h", "injects.{i}.duraton_h",
                     "unknown key 'duraton_h'", id="incident beside its `incident:` key"),
        pytest.param(TRAFFIC, "    incident: traffic jam\n", "incident: traffic jam", "injects.{i}.incident",
                     "should be an id: Latin letters, digits and _ . - only", id="incident: its own `incident:` key"),
        pytest.param("    kind: incident\n" + TRAFFIC, "    kind: condition\n    condition: traffic_jam\n",
                     "cleared_by: public_security.traffic", "injects.{i}.cleared_by", "unknown key 'cleared_by'",
                     id="condition beside its `condition:` key"),
        pytest.param("    valid_h: 36\n", "    valid_h: 36\n    valid: 1\n", "valid: 1", "injects.{i}.valid",
                     "unknown key 'valid'", id="forecast"),
        pytest.param("metrics: {forecast_load_shed_pct: 70,", "metrics: {forecast_load_shed_pct: [70],",
                     "[70]", "injects.{i}.metrics.forecast_load_shed_pct", "should be a number",
                     id="forecast metric: a plain union"),
    ],
)
def test_errors_inside_scenario_injects_point_at_the_offending_key(old, new, key, path, message):
    from sim.inputs.scenario import Scenario

    assert old in SCENARIO
    text = SCENARIO.replace(old, new, 1)
    line = line_of(text, key)
    index = next(i for i, chunk in enumerate(text.split("\n  - id: ")[1:]) if key in chunk)
    found = problems_in(text, Scenario)
    expected = f": {path.format(i=index)}: {message}"
    assert any(p.startswith(f"f.yaml:{line}:") and expected in p for p in found), found


FIGURE_INJECT = ("  - id: figure-set\n    at_h: 1\n    kind: figure\n    text: {{zh: 数值, en: A figure}}\n"
                 "    figure: some_metric\n    value: {value}\n")


def _with_figures(value: str) -> str:
    """The ice storm with ``some_metric`` given ``value`` at the start and by a figure inject at its end."""
    return SCENARIO.replace("resources:\n", f"figures:\n  some_metric: {value}\nresources:\n", 1) + \
        FIGURE_INJECT.format(value=value)


@pytest.mark.parametrize("written", [".inf", "-.inf", ".nan", ".Inf", "-.INF", ".NaN"])
def test_a_figure_that_is_not_a_finite_number_is_one_error_at_its_line_not_two_that_disagree(written):
    from sim.inputs.scenario import Scenario

    text = _with_figures(written)
    injects = SCENARIO.count("\n  - id: ")
    assert problems_in(text, Scenario) == [
        f"f.yaml:{line_of(text, f'some_metric: {written}')}:3: figures.some_metric: should be a finite number",
        f"f.yaml:{line_of(text, f'value: {written}')}:5: injects.{injects}.value: should be a finite number"]


@pytest.mark.parametrize("written", ["1.0e+308", "-1.0e+308", "0", "county"])
def test_a_figure_that_is_a_finite_number_or_an_id_loads(written):
    from sim.inputs.loader import load_text
    from sim.inputs.scenario import Scenario

    scenario = load_text(_with_figures(written), "f.yaml", Scenario)
    expected = written if written == "county" else float(written)
    assert scenario.figures["some_metric"] == scenario.injects[-1].value == expected


FORECAST = "metrics: {forecast_load_shed_pct: 70, forecast_customers_out_pct: 80}"


def _with_forecast(value: str) -> str:
    """:func:`_with_figures`, and the storm's forecast giving its load shed as ``value`` too."""
    text = _with_figures(value)
    assert text.count(FORECAST) == 1
    return text.replace(FORECAST, FORECAST.replace(": 70,", f": {value},"))


@pytest.mark.parametrize("written", ["[1]", "{a: 1}", "[]"])
@pytest.mark.parametrize("language, said", [("zh", "应为数字"), ("en", "should be a number")])
def test_a_figure_that_is_neither_a_number_nor_text_is_told_once_that_it_should_be_a_number(written, language, said):
    from sim.inputs.scenario import Scenario

    text = _with_forecast(written)
    injects = SCENARIO.count("\n  - id: ")
    forecast = next(i for i, inject in enumerate(SCENARIO.split("\n  - id: ")[1:]) if FORECAST in inject)
    with pytest.raises(InputError) as caught:
        load_text(text, "f.yaml", Scenario)
    assert [p.render(language) for p in caught.value.problems] == [
        f"f.yaml:{line_of(text, f'some_metric: {written}')}:3: figures.some_metric: {said}",
        f"f.yaml:{line_of(text, 'metrics: {forecast_load_shed_pct')}:15: "
        f"injects.{forecast}.metrics.forecast_load_shed_pct: {said}",
        f"f.yaml:{line_of(text, f'value: {written}')}:5: injects.{injects}.value: {said}"]


@pytest.mark.parametrize("written", ["2.5", "county"])
def test_a_figure_that_is_a_number_or_text_in_a_forecast_loads_as_written(written):
    from sim.inputs.scenario import Scenario

    scenario = load_text(_with_forecast(written), "f.yaml", Scenario)
    expected = written if written == "county" else float(written)
    forecast = next(i for i in scenario.injects if getattr(i, "metrics", None))
    assert scenario.figures["some_metric"] == forecast.metrics["forecast_load_shed_pct"] == expected


def test_a_number_where_only_text_is_taken_is_still_told_it_should_be_text():
    from sim.inputs.scenario import Scenario

    text = SCENARIO.replace("resources:\n", "context:\n  grid_scope: .inf\nresources:\n", 1)
    assert problems_in(text, Scenario) == [
        f"f.yaml:{line_of(text, 'grid_scope: .inf')}:3: context.grid_scope: should be text (got inf)"]


def test_a_bad_key_of_a_mapping_is_reported_at_the_key():
    from sim.inputs.scenario import Scenario

    text = SCENARIO.replace("resources:\n", "resources:\n  bad key: 1\n", 1)
    found = problems_in(text, Scenario)
    assert any(p.startswith(f"f.yaml:{line_of(text, 'bad key')}:3: resources.bad key: should be an id: Latin letters, digits and _ . - only")
               for p in found), found


def test_a_threshold_written_in_quotes_is_refused_at_its_line_and_told_to_drop_the_quotes():
    quoted = 'min: "60"'
    text = BLACKOUT.replace(MAJOR_LOAD_SHED, MAJOR_LOAD_SHED.replace("min: 60", quoted), 1)
    assert problems_in(text, PLAN_ADAPTER) == [
        f"f.yaml:{line_of(text, quoted)}:11: severity_levels.0.criteria.any_of.0.min: "
        "should be a number, written without quotes (got the text '60')"]


def test_a_date_in_quotes_is_read_as_the_date_it_names():
    assert load_text(GOOD.replace("issued: 2023-03-13", 'issued: "2023-03-13"'), "plan.yaml",
                     PLAN_ADAPTER).document.issued.isoformat() == "2023-03-13"
