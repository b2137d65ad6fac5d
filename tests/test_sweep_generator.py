"""The incident generator: determinism by (seed, replication), the template's rules, bad templates."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from sim.errors import InputError
from sim.inputs.generator import FACTS, Generator, replication_keys
from sim.inputs import load_case
from sim.inputs.template import Draw

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "plans" / "scenarios" / "random-blackout.yaml"
ONLY_FOR_THE_TEST = {"zh": "仅供测试的范围。", "en": "A range for the test only."}


@pytest.fixture(scope="module")
def loaded():
    case = load_case(TEMPLATE, template=True)
    return case.scenario, case.plans, case.area


@pytest.fixture(scope="module")
def generator(loaded):
    scenario, _, area = loaded
    return Generator(scenario, area)


def facts(incident) -> dict:
    return dict(zip(FACTS, incident.facts))


def test_a_replication_depends_on_seed_and_replication_only(generator):
    alone = generator.incident(7, 42)
    for i in (0, 41, 43, 500):  # whatever was drawn before
        generator.incident(7, i)
    again = generator.incident(7, 42)
    assert again.scenario.model_dump() == alone.scenario.model_dump()
    assert (again.seed, again.facts) == (alone.seed, alone.facts)
    fresh = Generator(generator.base, generator.area).incident(7, 42)
    assert fresh.scenario.model_dump() == alone.scenario.model_dump()


#: Seed 1's first incidents as drawn when the template and the draw order were fixed. A change
#: here means published sweeps no longer reproduce: intended only with a template change.
GOLDEN = [
    (6379976922186249648, ("maintenance_mode", "autumn", "calm", "2024-09-07T05:00:00", False, 1, 0, 1, 0, None,
                           0.865, 0.650, None, 0, "traffic_jam")),
    (5877990290762078174, ("natural_disaster", "summer", "rainstorm", "2024-07-31T02:00:00", False, 2, 0, 1, 1,
                           1.038, 1.0, 1.0, 20.739, 0, "")),
    (3117371787733150822, ("peak_load", "summer", "heat_wave", "2024-06-26T15:00:00", False, 1, 1, 0, 0, None,
                           1.292, 1.0, 28.463, 0, "")),
]


@pytest.mark.parametrize("replication", range(len(GOLDEN)))
def test_golden_incidents(generator, replication):
    incident = generator.incident(1, replication)
    seed, expected = GOLDEN[replication]
    assert incident.seed == seed
    assert tuple(round(v, 3) if isinstance(v, float) else v for v in incident.facts) == expected


def test_replications_and_seeds_give_different_incidents(generator):
    seeds = {generator.incident(1, i).seed for i in range(50)} | {generator.incident(2, i).seed for i in range(50)}
    assert len(seeds) == 100
    starts = {generator.incident(1, i).facts for i in range(50)}
    assert len(starts) == 50


def test_keys_are_spawned_from_seed_and_replication():
    rng, engine_seed = replication_keys(3, 9)
    expected = np.random.Generator(np.random.PCG64(np.random.SeedSequence(3, spawn_key=(9, 0))))
    assert rng.random() == expected.random()
    assert 0 <= engine_seed < 2**63
    assert engine_seed == replication_keys(3, 9)[1] != replication_keys(3, 10)[1]


def test_drawn_incidents_follow_the_template(generator, loaded):
    scenario, _, area = loaded
    template = scenario.template
    causes = {c.id: c for c in template.causes}
    seasons = {s.id: s for s in template.seasons}
    weather = {w.id: w for w in template.weather}
    seen = Counter()
    for i in range(400):
        incident = generator.incident(11, i)
        f = facts(incident)
        cause, season = causes[f["cause"]], seasons[f["season"]]
        seen[cause.id] += 1
        start = incident.scenario.start
        assert start.month in season.months and start.year == scenario.start.year
        assert cause.weather is None or f["weather"] in cause.weather
        assert weather[f["weather"]].season_weights.get(season.id, 0) > 0
        if cause.season_weights:
            assert cause.season_weights.get(season.id, 0) > 0
        # both sides of the fire period: the condition is set exactly inside it
        in_period = template.fires.period.contains(start.date())
        assert f["fire_period"] is in_period
        assert incident.scenario.conditions.get(template.fires.period.condition, False) is in_period
        kinds = Counter(inject.kind for inject in incident.scenario.injects)
        assert kinds["incident"] >= f["fires"]
        assert (kinds["forecast"] == 1) == (f["forecast_lead_h"] is not None)
        assert (kinds["hazard"] == 1) == (weather[f["weather"]].hazard_h is not None)
        assert f["substations_out"] + f["feeders_out"] >= (1 if cause.damage else 0)
        if cause.damage and cause.damage.max_kv is not None:
            kv = {s.id: s.kv for s in area.substations}
            for inject in incident.scenario.injects:
                for sid in getattr(inject, "substations", []):
                    assert kv[sid] <= cause.damage.max_kv
        assert all(inject.at_h < scenario.horizon_h for inject in incident.scenario.injects)
        assert incident.scenario.template is None
    assert set(seen) == set(causes)  # every cause is drawn
    assert seen.most_common(1)[0][0] == max(causes.values(), key=lambda c: c.weight).id


def test_forecast_metrics_follow_the_drawn_outage(generator):
    for i in range(200):
        incident = generator.incident(5, i)
        forecasts = [j for j in incident.scenario.injects if j.kind == "forecast"]
        if forecasts:
            metrics = forecasts[0].metrics
            assert set(metrics) == {"forecast_load_shed_pct", "forecast_customers_out_pct"}
            assert all(v >= 0 for v in metrics.values())
            outage = min(j.at_h for j in incident.scenario.injects if j.kind != "forecast")
            assert forecasts[0].valid_h > outage == facts(incident)["forecast_lead_h"]
            return
    pytest.fail("no forecast incident in 200 draws")


@pytest.mark.parametrize("spec, low, high", [
    ({"dist": "integers", "min": 1, "max": 4}, 1, 4),
    ({"dist": "uniform", "min": 0.2, "max": 0.8}, 0.2, 0.8),
    ({"dist": "triangular", "min": 4, "mode": 10, "max": 24}, 4, 24),
    ({"dist": "lognormal", "median": 1, "sigma": 2, "max": 3}, 0, 3),
    ({"dist": "fixed", "value": 1}, 1, 1),
])
def test_draws_stay_in_their_range(spec, low, high):
    draw = Draw(**spec, assumption=ONLY_FOR_THE_TEST)
    rng = np.random.default_rng(0)
    values = [draw.sample(rng) for _ in range(500)]
    assert low <= min(values) and max(values) <= high
    if spec["dist"] == "integers":
        assert set(values) == {1.0, 2.0, 3.0, 4.0}


@pytest.mark.parametrize("spec, message", [
    ({"dist": "integers", "min": 1.5, "max": 4}, "whole-number"),
    ({"dist": "uniform", "min": 2, "max": 2}, "min < max"),
    ({"dist": "lognormal", "median": 2, "sigma": 0.1, "max": 1}, "below the median"),
    ({"dist": "poisson"}, "needs mean"),
    ({"dist": "fixed", "value": 1, "min": 0}, "takes no min"),
])
def test_bad_draws_are_rejected(spec, message):
    with pytest.raises(ValidationError, match=message):
        TypeAdapter(Draw).validate_python({**spec, "assumption": ONLY_FOR_THE_TEST})


def _tree(tmp_path: Path, text: str) -> Path:
    """A scenario directory beside copies of the area and the plan, as load_case expects."""
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "areas").mkdir()
    shutil.copy(ROOT / "plans" / "areas" / "guyang.yaml", tmp_path / "areas")
    shutil.copy(ROOT / "plans" / "guyang-blackout-2023.yaml", tmp_path)
    path = tmp_path / "scenarios" / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[nth - 1]


def test_unknown_season_is_reported_at_its_line(tmp_path):
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "season_weights: {winter: 2, summer: 3}", "season_weights: {winter: 2, sumer: 3}")
    path = _tree(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_case(path, template=True)
    (problem,) = caught.value.problems
    assert problem.line == _line_of(text, "sumer: 3")
    assert problem.path == "template.causes.3.season_weights.sumer"
    assert "unknown season 'sumer'" in problem.message


def test_unknown_clearing_duty_is_reported(tmp_path):
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "cleared_by: fire_rescue.firefighting", "cleared_by: fire_rescue.firefightin")
    path = _tree(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_case(path, template=True)
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (_line_of(text, "fire_rescue.firefightin"), "template.fires.cleared_by")


def test_a_cause_whose_weather_never_happens_in_its_season_is_reported(tmp_path):
    text = TEMPLATE.read_text(encoding="utf-8").replace("weather: [heat_wave, cold_snap]", "weather: [heat_wave]")
    path = _tree(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_case(path, template=True)
    (problem,) = caught.value.problems
    assert problem.path == "template.causes.3.weather"
    assert "season Winter (typed as winter)" in problem.message


def test_a_scenario_without_template_is_not_a_template():
    with pytest.raises(InputError, match="not a template"):
        load_case(ROOT / "plans" / "scenarios" / "winter-ice-storm.yaml", template=True)
