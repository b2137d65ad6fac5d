"""Another county's flood plan, for the tests of a plan whose hazard is not the power network.

The flood plan is the example county's blackout plan with its grading replaced by rainfall
bands (so every other section is a real plan's), in a folder of its own: the plan at the
top, the example area under ``areas/`` and a scenario under ``scenarios/`` whose rainfall
the test chooses. Its rainfall, ``rain_mm`` (24-hour rainfall in mm), comes ``from:
scenario``, as a flood plan's does, with the range a rainfall can take.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "plans" / "examples"
PLAN = "liangshan-blackout-2023"
#: rainfall (mm in 24 h) from which each severity level holds, most severe first
BANDS = (250, 100, 50)
ONSET_MM = 25
RAIN = {"id": "rain_mm", "name": {"zh": "24小时降雨量", "en": "Rainfall in 24 hours"}, "unit": "mm",
        "from": "scenario", "range": {"min": 0},
        "assumption": {"zh": "测试用的降雨量数据。", "en": "The rainfall of a test plan."}}
WHY = {"zh": "测试用的洪涝预案分级。", "en": "The grading of a test flood plan."}


def flood_plan(onset: bool = True) -> dict:
    plan = yaml.safe_load((EXAMPLES / f"{PLAN}.yaml").read_text(encoding="utf-8"))
    plan["metrics"].append(RAIN)
    levels = plan["severity_levels"]
    highs = (None, *BANDS)
    for level, low, high in zip(levels, BANDS, highs):
        level["criteria"] = {"metric": "rain_mm", "min": low, **({"max": high} if high else {}), "assumption": WHY}
    del levels[len(BANDS):]
    plan["termination"]["conditions"] = [
        {"id": "termination.rain", "text": {"zh": "降雨减弱", "en": "The rain eases"},
         "check": {"metric": "rain_mm", "max": ONSET_MM}, "assumption": WHY}]
    plan.pop("discretion", None)
    if onset:
        plan["onset"] = {"text": {"zh": "发生暴雨洪涝灾害", "en": "A rainstorm floods the county"},
                         "criteria": {"metric": "rain_mm", "min": ONSET_MM}, "assumption": WHY}
    return plan


def folder(tmp_path: Path, rain: list[tuple[float, float]], *, onset: bool = True, start: float | None = 0.0) -> Path:
    """A folder holding the flood plan, the example area and a scenario whose rainfall takes
    each ``(hour, mm)`` in turn (``start`` the rainfall given under ``figures:``, or none)."""
    (tmp_path / "scenarios").mkdir(parents=True)
    shutil.copytree(EXAMPLES / "areas", tmp_path / "areas")
    (tmp_path / f"{PLAN}.yaml").write_text(yaml.safe_dump(flood_plan(onset), allow_unicode=True), encoding="utf-8")
    scenario = yaml.safe_load((EXAMPLES / "scenarios" / "liangshan-thunderstorm.yaml").read_text(encoding="utf-8"))
    scenario.update(id="flood", horizon_h=60)
    scenario.pop("figures", None)
    if start is not None:
        scenario["figures"] = {"rain_mm": start}
    scenario["injects"] = [
        {"id": f"rain-{i}", "at_h": at, "kind": "figure", "figure": "rain_mm", "value": mm,
         "text": {"zh": f"降雨量{mm}毫米", "en": f"{mm} mm of rain"}}
        for i, (at, mm) in enumerate(rain)]
    path = tmp_path / "scenarios" / "flood.yaml"
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    return path
