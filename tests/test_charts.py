"""Charts of plans and results: bands per grid scope, clock-time axes that fit the incident,
whole-number counts, and the walk-through's cursor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim import clock
from sim.engine.run import run_scenario
from sim.inputs import load_case
from sim.inputs.loader import load_plan
from sim.names import Names
from sim.plan.common import Text
from sim.report import figure_name
from sim.ui import charts

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "plans" / "examples" / "gansu-blackout-2016.yaml"
WINTER = ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml"
FIRE = ROOT / "plans" / "scenarios" / "grassland-fire-line-trip.yaml"


@pytest.fixture(scope="module")
def winter():
    case = load_case(WINTER)
    return case, run_scenario(case.scenario, case.plans, case.area, 1)


@pytest.mark.skipif(not NATIONAL.exists(), reason="no plan graded by grid scope shipped")
def test_each_grid_scope_has_its_own_bands_named_by_the_scope():
    plan = load_plan(NATIONAL, require_stem=False)
    bands = charts.threshold_bands(plan)
    provincial = [(low, high) for _, _, low, high in bands["load_shed_pct@provincial"]]
    city = [(low, high) for _, _, low, high in bands["load_shed_pct@capital_city"]]
    assert provincial != city and (60.0, None) in city
    scope = next(v for c in plan.contexts if c.id == "grid_scope" for v in c.values if v.id == "capital_city")
    assert figure_name("load_shed_pct@capital_city", plan, "zh").endswith(f" · {scope.name.zh}")


def test_time_axes_read_on_the_scenario_clock_and_end_with_the_incident(winter):
    case, result = winter
    figure = charts.load_figure(result, case.plan, "zh", case.scenario.context)
    first, last = figure.layout.xaxis.range
    start = dt.datetime.fromisoformat(result["start"])
    assert first == start
    ended = result["summary"]["terminated_at_h"]
    assert start + dt.timedelta(hours=ended) < last < start + dt.timedelta(hours=result["horizon_h"] / 2)
    assert figure.data[0].x[0] == start


def test_a_charts_time_axis_writes_a_moment_as_the_clock_does_and_the_charts_write_no_format_of_their_own(winter):
    case, result = winter
    axis = charts.load_figure(result, case.plan, "zh", case.scenario.context).layout.xaxis
    at, said = clock.moment(result["start"], 7.25), clock.clock(result["start"], 7.25)
    assert at.strftime(axis.hoverformat) == said
    assert at.strftime(axis.tickformat).split("\n") == said.split(" ")  # the day above the time
    assert charts.levels_figure(result, case.plan, "zh").data[0].hovertemplate == f"%{{x|{clock.FORMAT}}}<extra></extra>"
    assert "%m" not in Path(charts.__file__).read_text(encoding="utf-8")


def test_every_result_chart_marks_the_walk_through_step(winter):
    case, result = winter
    at = result["summary"]["response_started_at_h"]
    names = Names()  # none: every id as itself
    for figure in (charts.load_figure(result, case.plan, "en", case.scenario.context, at),
                   charts.levels_figure(result, case.plan, "en", at), charts.gantt_figure(result, names, "en", at),
                   charts.fuel_figure(result, names, "en", at)):
        lines = [s for s in figure.layout.shapes if s.type == "line" and s.line.dash == "dash"]
        assert lines, figure.layout.title
    assert not [s for s in charts.gantt_figure(result, names, "en").layout.shapes if s.type == "line"]


@pytest.mark.skipif(not FIRE.exists(), reason="no fire scenario shipped")
def test_the_count_of_fires_burning_has_whole_number_ticks():
    case = load_case(FIRE)
    result = run_scenario(case.scenario, case.plans, case.area, 1)
    figure = charts.fire_figure(result, "zh")
    axis = figure.layout.yaxis2
    assert axis.tickformat == "d" and axis.dtick >= 1 and float(axis.dtick).is_integer()


@pytest.mark.skipif(not FIRE.exists(), reason="no fire scenario shipped")
def test_the_fires_burning_line_starts_at_the_runs_start_at_zero_and_rises_at_the_first_ignition():
    case = load_case(FIRE)
    result = run_scenario(case.scenario, case.plans, case.area, 1)
    ignition = result["fire"][0]["t_h"]
    assert ignition > 0
    figure = charts.fire_figure(result, "en")
    burned, burning = figure.data
    start = dt.datetime.fromisoformat(result["start"])
    assert burning.x[0] == start and burning.y[0] == 0 and burned.x[0] == start and burned.y[0] == 0
    assert burning.line.shape == "hv"
    assert burning.x[1] == start + dt.timedelta(hours=ignition) and burning.y[1] >= 1


def test_a_fire_series_that_begins_at_the_start_is_drawn_as_it_is():
    rows = [{"t_h": 0.0, "burned_ha": 1.5, "burning": 1}, {"t_h": 2.0, "burned_ha": 4.0, "burning": 0}]
    assert charts.fire_rows({"fire": rows}) == rows


def test_each_of_two_cities_is_drawn_against_its_scope_bands_under_its_own_name():
    plan = load_plan(ROOT / "plans" / "examples" / "national-blackout-2015.yaml", require_stem=False)
    result = {"start": "2025-01-15T06:00:00",
              "timeseries": [{"t_h": 0.0, "load_shed_pct@other_city:baotou": 0.0, "load_shed_pct@other_city:ordos": 0.0},
                             {"t_h": 4.0, "load_shed_pct@other_city:baotou": 65.0, "load_shed_pct@other_city:ordos": 0.0}]}
    columns = charts.metric_columns(result, plan)
    assert columns == ["load_shed_pct@other_city:baotou", "load_shed_pct@other_city:ordos"]
    names = {"baotou": Text(zh="包头市电网", en="Baotou city grid"), "ordos": Text(zh="鄂尔多斯市电网", en="Ordos city grid")}
    assert figure_name(columns[1], plan, "en", names).endswith(" · Ordos city grid")
    figure = charts.load_figure(result, plan, "en", {}, None, names)
    rows = {shape.yref for shape in figure.layout.shapes if shape.type == "rect"}
    assert {"y", "y2"} <= rows  # each city's row carries the bands of the national table's other cities


def test_key_users_whose_fuel_lines_coincide_share_one_line_named_by_all_of_them_and_no_two_lines_look_alike():
    from sim.report import names_from

    case = load_case(WINTER)
    result = run_scenario(case.scenario, case.plans, case.area, 7)
    names = names_from(case.plans, case.area, case.scenario, result)
    users = names.of("unit")
    for language in ("zh", "en"):
        figure = charts.fuel_figure(result, names, language)
        drawn = [(tuple(trace.x), tuple(trace.y)) for trace in figure.data]
        assert len(set(drawn)) == len(drawn)  # no line lies exactly over another
        assert len({(t.line.color, t.line.dash) for t in figure.data}) == len(figure.data)
        legend = " | ".join(trace.name for trace in figure.data)
        for user in result["backup_fuel"]:  # every key user is named, the county offices among them
            assert getattr(users[user], language) in legend, user
        offices = next(t.name for t in figure.data if getattr(users["county-government"], language) in t.name)
        assert offices != getattr(users["county-government"], language)  # it shares its line, and says with whom
        assert figure.layout.yaxis.range[0] < 0  # a tank run dry is drawn above the axis, not under it


def test_the_ninth_line_of_a_chart_is_dashed_rather_than_the_first_ones_twin():
    assert charts.series_line(8)["color"] == charts.series_line(0)["color"]
    assert charts.series_line(8)["dash"] != charts.series_line(0)["dash"]


def test_a_plan_graded_on_many_grids_draws_a_row_for_each_of_its_figures_with_the_same_gap_as_two():
    case = load_case(ROOT / "plans" / "examples" / "scenarios" / "mengxi-ice-storm.yaml")
    result = run_scenario(case.scenario, case.plans, case.area, 7)
    columns = charts.metric_columns(result, case.plan)
    assert len(columns) > 10  # more rows than a fixed gap of a tenth of the height allows
    figure = charts.load_figure(result, case.plan, "zh", case.scenario.context)
    assert len(figure.data) == len(columns)
    top, below = figure.layout.yaxis.domain, figure.layout.yaxis2.domain
    gap_px = (top[0] - below[1]) * figure.layout.height
    two = charts.load_figure(*winter_run(), "zh")
    assert gap_px == pytest.approx((two.layout.yaxis.domain[0] - two.layout.yaxis2.domain[1]) * two.layout.height, rel=0.1)


def winter_run():
    case = load_case(WINTER)
    return run_scenario(case.scenario, case.plans, case.area, 1), case.plan


CRISIS = ROOT / "plans" / "examples" / "scenarios" / "gansu-supply-crisis.yaml"
THUNDERSTORM = ROOT / "plans" / "examples" / "scenarios" / "liangshan-thunderstorm.yaml"


def test_a_plan_that_reads_a_dozen_figures_draws_a_row_for_each_without_refusing_the_spacing():
    case = load_case(CRISIS)
    result = run_scenario(case.scenario, case.plans, case.area, 7)
    figure = charts.load_figure(result, case.plan, "zh", case.scenario.context)
    rows = len(charts.metric_columns(result, case.plan))
    assert rows >= 12 and len(figure.data) == rows
    domains = sorted(figure.layout[f"yaxis{i if i > 1 else ''}"].domain for i in range(1, rows + 1))
    assert all(high - low > 0.05 for low, high in domains)  # every row keeps room to be read


@pytest.mark.parametrize("language, no, yes", [("zh", "否", "是"), ("en", "no", "yes")])
def test_a_yes_or_no_figure_reads_yes_and_no_on_its_axis_not_the_unit_word_or_halves(language, no, yes):
    case = load_case(THUNDERSTORM)
    result = run_scenario(case.scenario, case.plans, case.area, 7)
    figure = charts.load_figure(result, case.plan, language, case.scenario.context)
    row = charts.metric_columns(result, case.plan).index("hq_rates_serious") + 1
    axis = figure.layout[f"yaxis{row if row > 1 else ''}"]
    assert list(axis.tickvals) == [0, 1] and list(axis.ticktext) == [no, yes]
    assert "bool" not in (axis.title.text or "")
    titles = [a.text for a in charts.threshold_band_figure(case.plan, language).layout.annotations]
    assert not any("bool" in title for title in titles)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_plans_threshold_bands_draw_no_row_for_a_yes_or_no_figure_which_has_no_range(language):
    from sim.report import figure_name

    case = load_case(THUNDERSTORM)
    rated = figure_name("hq_rates_serious", case.plan, language)
    titles = [a.text for a in charts.threshold_band_figure(case.plan, language).layout.annotations]
    assert titles and not any(title.startswith(rated) for title in titles)  # a bar from 1 to 1.25 said nothing


def test_a_lone_key_user_s_fuel_line_is_named_in_the_legend_as_each_of_several_is():
    from sim.report import names_from

    case = load_case(ROOT / "plans" / "examples" / "scenarios" / "mengxi-ice-storm.yaml")
    result = run_scenario(case.scenario, case.plans, case.area, 7)
    figure = charts.fuel_figure(result, names_from(case.plans, case.area, case.scenario), "zh")
    assert len(figure.data) == 1
    assert figure.layout.showlegend is True and figure.data[0].name == case.area.key_users[0].name.zh


def test_a_chart_of_many_rows_sets_its_bands_and_cursor_at_once_each_on_its_own_row(monkeypatch):
    """Placed one by one, plotly checks every shape before each new one: the Mengxi ice storm's
    fourteen rows took over two seconds per chart, on every step of the walk-through."""
    case = load_case(ROOT / "plans" / "examples" / "scenarios" / "mengxi-ice-storm.yaml")
    result = run_scenario(case.scenario, case.plans, case.area, 7)

    def one_by_one(*_args, **_kwargs):
        raise AssertionError("a shape placed one by one")

    monkeypatch.setattr(charts.go.Figure, "add_hrect", one_by_one)
    monkeypatch.setattr(charts.go.Figure, "add_vline", one_by_one)
    figure = charts.load_figure(result, case.plan, "zh", case.scenario.context, cursor_h=10.0)
    rows = len(figure.data)
    lines = [s for s in figure.layout.shapes if s.type == "line"]
    assert sorted(s.xref for s in lines) == sorted(["x"] + [f"x{n}" for n in range(2, rows + 1)])
    bands = [s for s in figure.layout.shapes if s.type == "rect"]
    named = [a for a in figure.layout.annotations if a.xref and a.xref.endswith("domain")]
    assert len(bands) >= len(named) > rows  # levels that share an edge share a label
    assert all(any(a.yref == b.yref and a.y >= b.y1 for a in named) for b in bands)
    assert {name for a in named for name in a.text.split("、")} <= {level.name.zh for level in case.plan.severity_levels}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_band_labels_on_a_row_of_the_figures_chart_are_never_drawn_over_each_other(language):
    """The Mengxi plan grades the provincial grid's load for several levels alike: their names
    were written one over another at the same height."""
    case = load_case(ROOT / "plans" / "examples" / "scenarios" / "mengxi-ice-storm.yaml")
    result = run_scenario(case.scenario, case.plans, case.area, 7)
    grids = {grid.id: grid.name for grid in case.area.grids or ()}
    figure = charts.load_figure(result, case.plan, language, case.scenario.context, grid_names=grids)
    rows: dict[str, list[float]] = {}
    for note in figure.layout.annotations:
        if note.xanchor == "left" and note.yref:
            rows.setdefault(note.yref, []).append(note.y)
    assert rows
    for yref, tops in rows.items():
        axis = figure.layout[f"yaxis{yref[1:]}"]
        span = axis.range[1] - axis.range[0] if axis.range else 1.0
        ordered = sorted(tops, reverse=True)
        assert all(a - b >= charts.LABEL_GAP * span for a, b in zip(ordered, ordered[1:])), (yref, ordered)
    merged = [note.text for note in figure.layout.annotations if note.xanchor == "left"]
    assert any(("、" if language == "zh" else ", ") in text for text in merged)  # levels sharing an edge, named together


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_long_unit_name_on_the_task_chart_is_set_on_two_lines_and_a_short_one_on_one(winter, language):
    """The town government listing its six towns took half the chart's width from the timeline."""
    from sim.messages import pick
    from sim.report import names_from
    from sim.ui.text_width import drawn_width

    case, result = winter
    names = names_from(case.plans, case.area, case.scenario)
    rows = list(charts.gantt_figure(result, names, language).layout.yaxis.categoryarray)
    town = pick(names.of("unit")["town_government"], language)
    assert drawn_width(town, 12) > 2 * charts.LABEL_PX
    drawn = next(row for row in rows if row.replace("<br>", "").replace(" ", "") == town.replace(" ", ""))
    assert drawn.count("<br>") == 1
    assert all(drawn_width(line, 12) < 0.6 * drawn_width(town, 12) for line in drawn.split("<br>"))
    assert all("<br>" not in row for row in rows if drawn_width(row, 12) <= charts.LABEL_PX)


def test_the_task_chart_writes_each_units_name_above_its_bars_so_the_timeline_keeps_the_charts_whole_width(winter):
    """At a phone's 400 px the names beside the timeline left it a few dozen pixels and its
    clock times slanted over each other: the names sit inside the chart, over a row's upper
    part, each bar at the row's foot, and the clock times stand upright side by side."""
    from sim.report import names_from

    case, result = winter
    figure = charts.gantt_figure(result, names_from(case.plans, case.area, case.scenario), "en")
    axis = figure.layout.yaxis
    assert axis.ticklabelposition == "inside top" and figure.layout.xaxis.tickangle == 0
    rows = len(axis.categoryarray)
    assert tuple(axis.range) == (-0.5, rows - 0.5)
    for bar in figure.data:  # from the row's foot to below its middle, where its name's line ends
        assert bar.offset == -0.5 and 0 < bar.width < 0.5
    lines = max(row.count("<br>") + 1 for row in axis.categoryarray)
    assert figure.layout.height >= rows * (charts.ROW_LINE_PX * lines + charts.ROW_BAR_PX)


def test_the_task_and_fire_charts_lay_their_legend_in_a_row_under_the_toolbar_so_a_phone_shows_both_apart(winter):
    """At a phone's 390 px Plotly's toolbar spans most of a chart's top and the task chart's
    legend, beside it in a 30 px margin, was drawn over its buttons: the legend now sits just
    above the plot, in a top margin that holds the toolbar's row and the legend's under it."""
    from sim.report import names_from

    case, result = winter
    fire = load_case(FIRE)
    figures = [charts.gantt_figure(result, names_from(case.plans, case.area, case.scenario), "zh"),
               charts.fire_figure(run_scenario(fire.scenario, fire.plans, fire.area, 7), "zh")]
    for figure in figures:
        legend = figure.layout.legend
        assert (legend.orientation, legend.y, legend.yanchor) == ("h", 1, "bottom")  # its foot on the plot's top
        assert figure.layout.margin.t >= charts.TOOLBAR_PX + charts.LEGEND_ROW_PX


def test_units_first_asked_at_one_moment_take_their_task_chart_rows_in_the_order_the_plan_lists_them():
    """A plan's start asks many units at one moment, and those tied on their first request
    came out in the order a set of ids iterated in, which differs from process to process:
    they come as the plans list them, an unlisted one after them by id, and a unit asked
    earlier above all of them."""
    listed = ["zeta", "alpha", "mu", "beta", "omega", "kappa", "delta", "gamma"]
    names = Names()
    for unit in listed:
        names.add("unit", unit, unit)
    asked = [*reversed(listed), "unlisted_b", "unlisted_a"]
    spans = [{"unit": unit, "duty": "d", "requested_h": 1.0, "start_h": 1.0, "end_h": 2.0} for unit in asked]
    spans.append({"unit": "mu", "duty": "d", "requested_h": 0.5, "start_h": 3.0, "end_h": 4.0})
    result = {"start": "2024-01-01T00:00:00", "horizon_h": 10.0, "spans": spans}
    rows = list(reversed(charts.gantt_figure(result, names, "en").layout.yaxis.categoryarray))
    assert rows == ["mu", "zeta", "alpha", "beta", "omega", "kappa", "delta", "gamma", "unlisted_a", "unlisted_b"]


def test_one_seed_draws_one_task_chart_whatever_order_the_process_hashes_ids_in():
    """One seed promises byte-identical results; the task chart's rows followed set order,
    so two processes on one seed drew the units first asked together in other orders."""
    import os
    import subprocess
    import sys

    program = ("import sys\n"
               "from sim.inputs import load_case\nfrom sim.engine.run import run_scenario\n"
               "from sim.report import names_from\nfrom sim.ui import charts\n"
               "case = load_case(sys.argv[1]); draw = case.draw(1)\n"
               "result = draw.stamp(run_scenario(draw.scenario, case.plans, case.area, draw.seed))\n"
               "names = names_from(case.plans, case.area, draw.scenario, result)\n"
               "print(charts.gantt_figure(result, names, 'en').to_json())\n")
    scenario = str(ROOT / "plans" / "scenarios" / "construction-cable-strike.yaml")
    drawn = [subprocess.run([sys.executable, "-c", program, scenario], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert drawn[0] and drawn[0] == drawn[1]


def flood_plan_with_range(tmp_path, **stated):
    """The flood plan of the onset tests with its rainfall's ``range`` as ``stated``."""
    import yaml

    from flood_fixtures import PLAN, flood_plan

    plan = flood_plan()
    next(m for m in plan["metrics"] if m["id"] == "rain_mm")["range"] = stated
    path = tmp_path / f"{PLAN}.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return load_plan(path)


RAINS = {"start": "2025-07-21T16:00:00",
         "timeseries": [{"t_h": 0.0, "rain_mm": 10.0}, {"t_h": 2.0, "rain_mm": 380.0}, {"t_h": 9.0, "rain_mm": 5.0}]}


def test_a_figures_axis_stops_at_the_top_of_its_declared_range_and_runs_past_the_peak_without_one(tmp_path):
    bounded = flood_plan_with_range(tmp_path, min=0, max=400)
    assert charts.metric_columns(RAINS, bounded) == ["rain_mm"]
    assert list(charts.load_figure(RAINS, bounded, "zh").layout.yaxis.range) == [0, 400]  # 380 mm is near the top
    unbounded = flood_plan_with_range(tmp_path, min=0)
    assert list(charts.load_figure(RAINS, unbounded, "zh").layout.yaxis.range) == [0, pytest.approx(380 * 1.15)]


def test_a_figures_axis_starts_at_the_bottom_of_its_declared_range_below_zero(tmp_path):
    plan = flood_plan_with_range(tmp_path, min=-20)
    assert charts.load_figure(RAINS, plan, "en").layout.yaxis.range[0] == -20


def test_an_open_band_of_the_plans_chart_runs_to_the_top_of_its_figures_range(tmp_path):
    bounded = flood_plan_with_range(tmp_path, min=0, max=400)
    top = next(bar for bar in charts.threshold_band_figure(bounded, "zh").data if bar.base[0] == 250)
    assert top.base[0] + top.x[0] == 400  # 250 mm and more: to 400, the most the plan says a rainfall can be


def test_a_shares_axis_never_passes_100_percent(winter):
    case, result = winter
    figure = charts.load_figure(result, case.plan, "zh", case.scenario.context)
    assert all(figure.layout[f"yaxis{n if n > 1 else ''}"].range[1] <= 100 for n in (1, 2))
