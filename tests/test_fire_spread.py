"""The fire-growth model of sim.fire.spread, checked against its docstring by hand, and the
clock hours (shifts, watches, activity hours) the fire model runs on."""

from __future__ import annotations

import math

import pytest

from sim.fire.spread import Front, Fuel, eccentricity, head_rate, perimeter, rate_towards
from sim.fire.weather import angle_from_head

GRASS = Fuel(r0_m_per_min=3.0, wind_coeff=0.25, moisture_extinction_pct=25.0, lb_per_ms=0.3)


def test_head_rate_follows_wind_and_dryness():
    assert head_rate(GRASS, 0.0, 0.0) == pytest.approx(3.0)
    assert head_rate(GRASS, 9.0, 6.0) == pytest.approx(3.0 * math.exp(2.25) * (1 - 6 / 25))
    assert head_rate(GRASS, 10.0, 6.0) > head_rate(GRASS, 9.0, 6.0)
    assert head_rate(GRASS, 9.0, 7.0) < head_rate(GRASS, 9.0, 6.0)


def test_no_spread_at_the_moisture_of_extinction():
    assert head_rate(GRASS, 9.0, 24.99) > 0
    assert head_rate(GRASS, 9.0, 25.0) == 0
    assert head_rate(GRASS, 9.0, 30.0) == 0


def test_focal_ellipse_rates():
    lb, e = eccentricity(GRASS, 10.0)
    assert lb == pytest.approx(4.0)
    assert e == pytest.approx(math.sqrt(1 - 1 / 16))
    assert rate_towards(100.0, e, 0.0) == pytest.approx(100.0)
    assert rate_towards(100.0, e, math.pi) == pytest.approx(100.0 * (1 - e) / (1 + e))
    assert eccentricity(GRASS, 0.0) == (1.0, 0.0)  # no wind: a circle, the same rate every way
    assert rate_towards(100.0, 0.0, 2.0) == pytest.approx(100.0)


def test_perimeter_of_a_circle_and_a_line():
    assert perimeter(100.0, 100.0) == pytest.approx(2 * math.pi * 100.0)
    assert perimeter(100.0, 0.0) == pytest.approx(400.0, rel=5e-3)  # Ramanujan is 0.4 % short at the flat limit


def test_steady_weather_grows_the_focal_ellipse():
    front = Front(GRASS, {"ahead": (1e9, 0.0), "behind": (1e9, math.pi)})
    for _ in range(10):
        front.step(0.1, 9.0, 6.0, 0.0)
    head = head_rate(GRASS, 9.0, 6.0) * 60.0  # m per hour
    lb, e = eccentricity(GRASS, 9.0)
    back = head * (1 - e) / (1 + e)
    assert front.reach["ahead"] == pytest.approx(head)
    assert front.reach["behind"] == pytest.approx(back)
    assert front.a == pytest.approx((head + back) / 2)
    assert front.b == pytest.approx(front.a / lb)
    assert front.area_ha == pytest.approx(math.pi * front.a * front.b / 10_000)


def test_a_target_is_reached_when_the_front_gets_there():
    head_per_step = head_rate(GRASS, 9.0, 6.0) * 60.0 * 0.1
    front = Front(GRASS, {"line": (3 * head_per_step + 1.0, 0.0)})
    assert [front.step(0.1, 9.0, 6.0, 0.0) for _ in range(3)] == [[], [], []]
    assert front.step(0.1, 9.0, 6.0, 0.0) == ["line"]
    assert front.step(0.1, 9.0, 6.0, 0.0) == []  # reached once


def test_upwind_targets_are_reached_later():
    assert angle_from_head(135.0, 315.0) == pytest.approx(0.0)  # wind from NW drives the head SE
    assert angle_from_head(315.0, 315.0) == pytest.approx(math.pi)
    assert angle_from_head(45.0, 315.0) == pytest.approx(math.pi / 2)
    front = Front(GRASS, {"downwind": (2000.0, angle_from_head(135.0, 315.0)),
                          "upwind": (2000.0, angle_from_head(315.0, 315.0))})
    reached = []
    for _ in range(200):
        reached += front.step(0.1, 9.0, 6.0, 0.0)
    assert reached == ["downwind"]


def test_contained_exactly_when_the_line_closes_round_the_fire():
    front = Front(GRASS)
    front.step(1.0, 5.0, 10.0, 0.0)
    size = front.perimeter_m
    short = Front(GRASS)
    short.step(1.0, 5.0, 10.0, 0.0)
    short.step(1e-9, 0.0, 30.0, size * 0.999e9)  # no growth, line just short of the perimeter
    assert not short.contained
    enough = Front(GRASS)
    enough.step(1.0, 5.0, 10.0, 0.0)
    enough.step(1e-9, 0.0, 30.0, size * 1.001e9)
    assert enough.contained
    area = enough.area_ha
    enough.step(1.0, 12.0, 5.0, 0.0)
    assert enough.area_ha == area  # a contained fire grows no more


def test_crews_slower_than_the_perimeter_never_hold_a_steady_fire():
    probe = Front(GRASS)
    probe.step(1.0, 9.0, 6.0, 0.0)
    growth = probe.perimeter_m  # metres of perimeter per hour under steady weather
    slow = Front(GRASS)
    fast = Front(GRASS)
    for _ in range(100):
        slow.step(0.1, 9.0, 6.0, growth * 0.95)
        fast.step(0.1, 9.0, 6.0, growth * 1.05)
    assert not slow.contained
    assert fast.contained


def test_a_fire_that_cannot_spread_is_held_as_soon_as_a_crew_is_on_it():
    front = Front(GRASS)
    front.step(0.1, 9.0, 25.0, 0.0)
    assert front.area_ha == 0 and not front.contained
    front.step(0.1, 9.0, 25.0, 500.0)
    assert front.contained


def test_hours_of_the_clock_past_midnight_and_all_day():
    from sim.inputs.fire_ban import Hours

    evening = Hours(start_h=17, end_h=1)
    assert evening.length_h == 8
    assert [evening.contains(h) for h in (16.99, 17, 23.5, 0.5, 1)] == [False, True, True, True, False]
    day = Hours(start_h=8, end_h=20)
    assert day.length_h == 12 and day.contains(8) and not day.contains(20)
    for whole in (Hours(start_h=0, end_h=24), Hours(start_h=6, end_h=6)):
        assert whole.length_h == 24 and whole.contains(0) and whole.contains(23.99)
