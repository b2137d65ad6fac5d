"""How a grass or forest fire grows, and when the crews' line holds it.

The model is deliberately small: a planner must be able to check it by hand, and a
sweep runs it thousands of times. Every number in it comes from the scenario's
``fire_ban.fuels`` and weather (each marked as an assumption there).

**Spread rate.** The head of the fire advances at

    R = r0 · exp(k · U) · max(0, 1 − M / Mx)        [m/min]

with ``r0`` the fuel's rate on flat ground without wind when fully dry, ``k`` the
fuel's wind coefficient (per m/s), ``U`` the wind speed (m/s), ``M`` the dead-fuel
moisture (%) and ``Mx`` the fuel's moisture of extinction (%): wind drives a grass fire
exponentially, damp fuel slows it and at ``Mx`` it stops spreading.

**Shape.** A wind-driven fire burns an ellipse with the ignition point at its rear
focus (the standard simple model since Anderson 1983). The length-to-breadth ratio is
``LB = 1 + b · U`` (``b`` per fuel), the eccentricity ``e = √(1 − 1/LB²)``, and the
front advances in the direction at angle θ from the head at

    R(θ) = R · (1 − e) / (1 − e · cos θ)

so the back burns at ``R(1−e)/(1+e)``. Each step adds ``(R + R_back)/2 · dt`` to the
semi-major axis ``a`` and ``a``'s increment over ``LB`` to the semi-minor axis ``b``;
the area is ``π a b`` and the perimeter Ramanujan's ``π[3(a+b) − √((3a+b)(a+3b))]``.
Under steady weather this is exactly the focal ellipse; when the wind rises and
falls, the shape accumulates step by step. The wind direction is held for the life of
a fire (the day's direction at ignition).

**Containment.** Crews on the line each build ``line_m_per_h`` of control line. The
fire is contained when the line built equals the perimeter: the line can only close
round the fire when the crews build faster than the perimeter grows, so a
wind-driven fire usually escapes until the wind drops in the evening (Fried & Fried
1996 use the same race in their containment model). A contained fire grows no more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Fuel:
    """The fire-behaviour numbers of one fuel type (see the module docstring)."""

    r0_m_per_min: float
    wind_coeff: float
    moisture_extinction_pct: float
    lb_per_ms: float


def head_rate(fuel: Fuel, wind_ms: float, moisture_pct: float) -> float:
    """Rate of the head fire, m/min."""
    dryness = 1.0 - moisture_pct / fuel.moisture_extinction_pct
    if dryness <= 0:
        return 0.0
    return fuel.r0_m_per_min * math.exp(fuel.wind_coeff * wind_ms) * dryness


def eccentricity(fuel: Fuel, wind_ms: float) -> tuple[float, float]:
    """``(LB, e)``: length-to-breadth ratio and eccentricity of the burn ellipse."""
    lb = 1.0 + fuel.lb_per_ms * max(wind_ms, 0.0)
    return lb, math.sqrt(1.0 - 1.0 / (lb * lb))


def rate_towards(head: float, e: float, angle_rad: float) -> float:
    """Rate of the front at ``angle_rad`` from the direction of the head (focal ellipse)."""
    return head * (1.0 - e) / (1.0 - e * math.cos(angle_rad))


def perimeter(a: float, b: float) -> float:
    """Ramanujan's approximation of an ellipse's perimeter (semi-axes ``a``, ``b``)."""
    return math.pi * (3.0 * (a + b) - math.sqrt((3.0 * a + b) * (a + 3.0 * b)))


class Front:
    """One fire's growing ellipse, its control line and its reach towards targets.

    ``targets`` maps a name (a power-line corridor) to ``(distance_m, angle_rad)``: how
    far the target lies from the ignition point and at what angle from the direction
    the fire's head runs. :meth:`step` returns the targets reached during the step.
    """

    __slots__ = ("fuel", "a", "b", "line_m", "contained", "reach", "targets", "reached")

    def __init__(self, fuel: Fuel, targets: dict[str, tuple[float, float]] | None = None):
        self.fuel = fuel
        self.a = 0.0
        self.b = 0.0
        self.line_m = 0.0
        self.contained = False
        self.targets = dict(targets or {})
        self.reach = {name: 0.0 for name in self.targets}
        self.reached: set[str] = set()

    @property
    def area_ha(self) -> float:
        return math.pi * self.a * self.b / 10_000.0

    @property
    def perimeter_m(self) -> float:
        return perimeter(self.a, self.b)

    def step(self, hours: float, wind_ms: float, moisture_pct: float, line_rate_m_per_h: float) -> list[str]:
        """Grow the fire for ``hours`` at this weather while crews build line at the given rate."""
        if self.contained:
            return []
        head = head_rate(self.fuel, wind_ms, moisture_pct) * 60.0 * hours  # metres this step
        lb, e = eccentricity(self.fuel, wind_ms)
        back = head * (1.0 - e) / (1.0 + e)
        da = (head + back) / 2.0
        self.a += da
        self.b += da / lb
        hit: list[str] = []
        for name, (distance, angle) in self.targets.items():
            if name in self.reached:
                continue
            self.reach[name] += rate_towards(head, e, angle)
            if self.reach[name] >= distance:
                self.reached.add(name)
                hit.append(name)
        self.line_m += line_rate_m_per_h * hours
        if line_rate_m_per_h > 0 and self.line_m >= self.perimeter_m:
            self.contained = True
        return hit
