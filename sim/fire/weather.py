"""The weather a fire meets: one draw per day, shaped by the hour.

Each day of the section's dates draws its wind speed, wind direction and fuel moisture
uniformly within its regime (one row of the ``fire.weather`` stream per day, so every
variant of a plan meets the same weather). The hour pattern then scales the wind and
adds moisture: calm, damp nights and windy, dry afternoons, which is why grass fires
run by day and are caught at night. A fire that burns past the last day keeps the last
day's weather.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from ..inputs.fire_ban import FireBan


class WeatherTable:
    def __init__(self, section: FireBan, rng: np.random.Generator):
        days = section.days()
        draws = rng.random((len(days), 3)).tolist()
        self.first = days[0]
        self.wind: list[float] = []
        self.wind_from: list[float] = []
        self.moisture: list[float] = []
        for day, (u_wind, u_dir, u_moist) in zip(days, draws):
            regime = next(r for r in section.weather.regimes if r.dates.start <= day <= r.dates.end)
            self.wind.append(regime.wind_ms.at(u_wind))
            self.wind_from.append(regime.wind_from_deg.at(u_dir) % 360.0)
            self.moisture.append(regime.fuel_moisture_pct.at(u_moist))
        hours = section.weather.diurnal.hours
        self._starts = [h.from_h for h in hours]
        self._pattern = [(h.wind_factor, h.moisture_add_pct) for h in hours]

    def day_index(self, day: dt.date) -> int:
        return min(max((day - self.first).days, 0), len(self.wind) - 1)

    def at(self, day: dt.date, hour: float) -> tuple[float, float]:
        """``(wind m/s, fuel moisture %)`` at an hour of a day."""
        i = self.day_index(day)
        wind_factor, moisture_add = self._pattern[_last_at_or_before(self._starts, hour)]
        return self.wind[i] * wind_factor, self.moisture[i] + moisture_add

    def wind_from_deg(self, day: dt.date) -> float:
        return self.wind_from[self.day_index(day)]


def _last_at_or_before(starts: list[float], hour: float) -> int:
    k = 0
    for i, start in enumerate(starts):
        if start <= hour:
            k = i
    return k


def angle_from_head(bearing_deg: float, wind_from_deg: float) -> float:
    """Angle (radians) between a bearing and the direction the fire's head runs (downwind)."""
    head = (wind_from_deg + 180.0) % 360.0
    diff = abs(bearing_deg - head) % 360.0
    return math.radians(min(diff, 360.0 - diff))
