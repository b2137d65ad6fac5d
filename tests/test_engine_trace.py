"""The whole story of a small scenario, event by event, under a small plan with fixed hours.

The mini storm (tests/data/engine): a gale is forecast (warning), the root substation and
one northern feeder fail, a traffic jam follows; one repair crew, one patrol car, no random
spread. Every time below follows from the plan file by hand: the report reaches the county
at 5.5 h (0.5 + 1), it decides in 0.5 h; when the classification drops, the change is put
to the county, which commands the level in force, and it decides an hour later; the event
stays major (only a rise is "classified"); the response ends when the jam — the last open
condition — is cleared.
"""

from __future__ import annotations

from engine_fixtures import mini, mini_injects

from sim.engine.run import run_scenario

TRACE = [
    (0.0, "scenario", "forecast"),
    (0.5, "grid", "warning.propose"),
    (1.5, "county", "warning.publish"),
    (1.5, "bureau", "bureau.watch"),
    (2.5, "grid", "warning.standby"),
    (3.0, "scenario", "hazard_begins"),
    (4.0, "scenario", "fault"),
    (4.0, "hospital", "backup_power_started"),
    (4.0, "model", "classified"),
    (4.0, "grid", "grid.report"),
    (4.0, "grid", "repair_start"),
    (4.5, "grid", "report.grid"),
    (5.0, "scenario", "incident_opened"),
    (5.5, "bureau", "report.bureau"),
    (6.0, "county", "declare_response"),
    (6.0, "county", "activate_measure"),
    (6.0, "county", "activate_measure"),
    (6.0, "county", "activate_measure"),
    (6.0, "town", "carry_out_measure"),
    (6.0, "bureau", "bureau.coordinate"),
    (6.0, "county", "county.heat"),
    (6.0, "police", "police.patrol"),
    (6.0, "police", "police.traffic"),
    (6.5, "county", "report.city"),
    (7.0, "hospital", "backup_out_of_fuel"),
    (8.0, "grid", "repaired"),
    (8.0, "hospital", "grid_supply_restored"),
    (8.0, "model", "reclassified"),
    (8.0, "county", "county.consult"),
    (8.0, "county", "adjustment_proposed"),
    (8.0, "grid", "repair_start"),
    (9.0, "scenario", "hazard_ends"),
    (9.0, "county", "adjust_response"),
    (10.0, "grid", "repaired"),
    (10.0, "model", "below_levels"),
    (11.0, "police", "incident_closed"),
    (11.0, "county", "end_response"),
    (15.0, "county", "after.review"),
]


def trace(result):
    return [(round(e["t_h"], 6), e["unit"], e["action"]) for e in result["events"]]


def test_the_mini_storm_runs_as_the_plan_says():
    assert trace(run_scenario(*mini(), seed=7)) == TRACE


def test_the_trace_does_not_depend_on_the_seed_without_spread():
    assert trace(run_scenario(*mini(), seed=12345)) == TRACE


def test_levels_repairs_and_measures_of_the_mini_storm():
    result = run_scenario(*mini(), seed=7)
    summary = result["summary"]
    assert summary["level_changes"] == [
        {"t_h": 6.0, "from": None, "to": "I", "by": "county"},
        {"t_h": 9.0, "from": "I", "to": "II", "by": "county"},
        {"t_h": 11.0, "from": "II", "to": None, "by": "county"},
    ]
    assert summary["warning_issued_at_h"] == 1.5 and summary["warning_lifted_at_h"] is None
    assert summary["measures_activated"] == ["power", "heat", "order"]
    repairs = [e["element"] for e in result["events"] if e["action"] == "repaired"]
    assert repairs == ["s-root", "f-b"]
    assert summary["key_users_out_of_fuel"] == [{"user": "hospital", "t_h": 7.0}]
    # The city hears only of a major event (only_if severity major).
    city = next(e for e in result["events"] if e["action"] == "report.city")
    assert city["to"] == ["city"]


def test_a_scarce_resource_shows_as_a_queue():
    spans = run_scenario(*mini(), seed=7)["spans"]
    traffic = next(s for s in spans if s["duty"] == "police.traffic")
    assert (traffic["requested_h"], traffic["start_h"], traffic["end_h"]) == (6.0, 9.0, 11.0)
    queued_repair = next(s for s in spans if s.get("element") == "f-b")
    assert queued_repair["requested_h"] == 4.0 and queued_repair["start_h"] == 8.0


def test_a_forecast_that_passes_quietly_is_lifted_by_its_issuer():
    result = run_scenario(*mini_injects("forecast"), seed=7)
    steps = [(e["t_h"], e["unit"], e["action"]) for e in result["events"] if e["action"].startswith("warning.")]
    # Issued at 1.5 h; the window closes at 12 h; lifting takes the county half an hour.
    assert steps == [(0.5, "grid", "warning.propose"), (1.5, "county", "warning.publish"),
                     (2.5, "grid", "warning.standby"), (12.5, "county", "warning.lift")]
    assert result["summary"]["warning_lifted_at_h"] == 12.5
    assert result["summary"]["response_started_at_h"] is None


def test_a_forecast_below_the_trigger_issues_no_warning():
    low = {"id": "forecast", "at_h": 0, "kind": "forecast", "text": {"zh": "小风", "en": "Breeze"},
           "metrics": {"forecast_load_shed_pct": 19.9}, "valid_h": 12}
    result = run_scenario(*mini_injects(extra=[low]), seed=7)
    assert result["summary"]["warning_issued_at_h"] is None
    assert not any(e["action"].startswith("warning.") for e in result["events"])


def test_the_report_to_the_city_is_skipped_below_major():
    small = {"id": "north-down", "at_h": 1, "kind": "fault", "text": {"zh": "北线故障", "en": "North line fails"},
             "feeders": ["f-b"], "severity": 3}
    result = run_scenario(*mini_injects(extra=[small]), seed=7)
    actions = [e["action"] for e in result["events"]]
    assert "report.bureau" in actions and "report.city" not in actions
    # 30 % of the load: general. Reported by 2.5 h, decided at 3 h; repaired (3 × 2 h) at 7 h.
    assert [(c["t_h"], c["from"], c["to"]) for c in result["summary"]["level_changes"]] == [(3.0, None, "II"),
                                                                                         (7.0, "II", None)]
