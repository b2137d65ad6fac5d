"""A drill of a run with several incidents judges each incident's declaration and end against its own.

The flood plan of ``flood_fixtures`` meets two storms separated by a dry spell (as in
``test_engine_incidents``); a participant plays the county headquarters, which declares,
and ends, the response. Each storm asks for a declaration and an end of its own: declaring
or ending the first on time says nothing of the second, which is met only when it is
declared (ended) in time too, missed when it never is, and not reached when the drill never
got to the second storm — as each storm's report hops and duties are. A headquarters that keeps
the level in force as the rain falls, or rises, has declined that change where the plan leaves
adjusting the level to it (可视…调整), and missed it where the plan does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_engine_incidents import TWO_STORMS

from flood_fixtures import PLAN, flood_plan, folder
from sim.drills import control, db, report, views
from sim.errors import InputError

HQ = "county_headquarters"
#: a step of the headquarters' once the response starts (the flood plan has none of its own)
STEP = {"id": "county_headquarters.consultation", "unit": HQ, "hours": 1,
        "text": {"zh": "召开会商会", "en": "Hold a consultation"},
        "assumption": {"zh": "测试用的响应步骤。", "en": "A response step of a test plan."}}
#: a step of the headquarters' once the warning is issued, and the forecast that issues it before the first storm
WARNING_STEP = {"id": "county_headquarters.standby", "unit": HQ,
                "text": {"zh": "部署防汛值守", "en": "Put the flood watch on standby"},
                "assumption": {"zh": "测试用的预警步骤。", "en": "A warning step of a test plan."}}
FORECAST = {"id": "forecast", "at_h": 0, "kind": "forecast", "valid_h": 12, "metrics": {"forecast_load_shed_pct": 25},
            "text": {"zh": "气象部门发布暴雨预警", "en": "The weather service warns of heavy rain"}}
STEP_H = 0.1  # how far the clock moves between looks: well within the plan's half hour to declare


class Drill:
    def __init__(self, tmp_path: Path, *, adjusting_left_to_unit: bool = True, rain=TWO_STORMS,
                 also: dict[str, str] | None = None, step: bool = False, warning_step: bool = False):
        """A drill of the two storms (or of ``rain``); ``adjusting_left_to_unit`` False: the plan's
        adjustment is not left to the unit's judgement (the flood plan's, as the shipped plan's,
        is); ``also``: units played beside the headquarters, each by its player; ``step``: the
        headquarters has a step to carry out once the response starts (:data:`STEP`); ``warning_step``:
        a forecast before the first storm issues a warning, and the headquarters has a step to carry
        out once it is issued (:data:`WARNING_STEP`)."""
        self.engine = db.open_database(f"sqlite:///{tmp_path / 'storms.sqlite'}")
        scenario = folder(tmp_path / "plans", rain)
        plan = tmp_path / "plans" / f"{PLAN}.yaml"
        rules = yaml.safe_load(plan.read_text(encoding="utf-8"))
        rules["adjustment"]["left_to_unit"] = adjusting_left_to_unit
        if step:
            rules["response_actions"] = [STEP]
        if warning_step:
            rules["warning"]["actions"] = [WARNING_STEP]
            told = yaml.safe_load(scenario.read_text(encoding="utf-8"))
            told["injects"].insert(0, FORECAST)
            scenario.write_text(yaml.safe_dump(told, allow_unicode=True), encoding="utf-8")
        plan.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
        self.drill = control.create(self.engine, scenario, name="Two storms", roles={HQ: "Ann", **(also or {})})

    def act(self, kind: str, role: str = HQ, **args) -> None:
        control.act(self.engine, self.drill.id, role=role, key=self.drill.keys[role], kind=kind, args=args or None)

    def state(self):
        return control.assess(self.engine, self.drill.id)

    def step(self) -> None:
        control.advance(self.engine, self.drill.id, key=self.drill.facilitator_key, hours=STEP_H)

    def declare_when_asked(self, incident: int) -> None:
        """Run on until the engine asks the headquarters to declare ``incident``, then declare the level asked."""
        while not (asks := [a for a in self.state()[0].policy.asks if a.kind == "declare"
                            and a.extra.get("incident") == incident]):
            self.step()
        self.act("declare", level=asks[0].expected)

    def answer_when_asked(self, kind: str, incident: int, role: str = HQ) -> None:
        """Run on until the engine asks ``role`` a question of ``kind`` (a report hop, a duty) in
        ``incident``, then do what it asks."""
        arg = {"report": "hop", "duty": "duty", "step": "step"}[kind]
        while not (asks := [a for a in self.state()[0].policy.asks if a.kind == kind and a.role == role
                            and a.extra.get("incident") == incident]):
            self.step()
        self.act(kind, role, **{arg: asks[0].key})

    def end_when_asked(self, incident: int = 1) -> None:
        while not any(a.kind == "end" and a.extra.get("incident") == incident for a in self.state()[0].policy.asks):
            self.step()
        self.act("end")

    def to_end(self):
        control.advance(self.engine, self.drill.id, key=self.drill.facilitator_key, to_end=True)
        return self.state()


def declarations(evaluation) -> list[tuple[str, str]]:
    return [(item.key, item.status) for item in evaluation.items if item.kind == "declare"]


def test_a_headquarters_that_declares_both_storms_on_time_meets_both_declarations(tmp_path):
    drill = Drill(tmp_path)
    drill.declare_when_asked(1)
    drill.end_when_asked()
    drill.declare_when_asked(2)
    state, _, evaluation = drill.to_end()
    incidents = state.result["summary"]["incidents"]
    levels = [incident["max_response_level"] for incident in incidents]
    assert [incident["declared_by"] for incident in incidents] == [HQ, HQ]
    assert declarations(evaluation) == [(levels[0], "on_time"), (levels[1], "on_time")]
    assert not [d for d in evaluation.deviations if d.kind in ("not_required", "missed") and "declare" in d.text["en"]]


def test_a_headquarters_that_declares_the_first_storm_and_never_the_second_misses_the_second(tmp_path):
    drill = Drill(tmp_path)
    drill.declare_when_asked(1)
    drill.end_when_asked()
    state, _, evaluation = drill.to_end()
    second = [a for a in state.policy.asks if a.kind == "declare" and a.extra.get("incident") == 2]
    assert len(second) == 1
    assert declarations(evaluation) == [(state.result["summary"]["incidents"][0]["max_response_level"], "on_time"),
                                        (second[0].expected, "missed")]
    # the first storm's level does not declare the second by itself: nobody declared it
    assert state.result["summary"]["incidents"][1]["declared_by"] is None
    missed = next(item for item in evaluation.items if item.kind == "declare" and item.status == "missed")
    assert [d.t_h for d in evaluation.deviations if d.kind == "missed" and "never declared" in d.text["en"]] == [
        missed.due_h]


def test_the_headquarters_may_declare_again_once_the_second_storm_has_begun_but_not_twice_in_one_storm(tmp_path):
    drill = Drill(tmp_path)
    drill.declare_when_asked(1)
    with pytest.raises(InputError):
        drill.act("declare", level="I")  # the first storm is declared already
    drill.end_when_asked()
    drill.declare_when_asked(2)  # the second storm is a new incident: declared anew


def ends(evaluation) -> list[str]:
    return [item.status for item in evaluation.items if item.kind == "end"]


def through_the_second_storm(drill: Drill) -> None:
    """Declare and end the first storm, declare the second, and run on until its rain has eased."""
    drill.declare_when_asked(1)
    drill.end_when_asked()
    drill.declare_when_asked(2)
    while not [a for a in drill.state()[0].policy.asks if a.kind == "end" and a.extra.get("incident") == 2]:
        drill.step()


def test_the_second_storms_response_stays_in_force_until_the_headquarters_orders_its_end(tmp_path):
    drill = Drill(tmp_path)
    through_the_second_storm(drill)
    drill.step()
    state = drill.state()[0]
    assert state.policy.runner.level is not None  # the engine did not end it for the player
    asked = [a for a in state.policy.asks if a.kind == "end" and a.extra.get("incident") == 2]
    assert len(asked) == 1 and not asked[0].answered
    drill.act("end")  # the player's own order is taken
    state, _, evaluation = drill.to_end()
    assert state.result["summary"]["incidents"][1]["ended_by"] == HQ
    assert ends(evaluation) == ["on_time", "on_time"]


def test_a_headquarters_that_never_ends_the_second_storms_response_misses_that_end(tmp_path):
    drill = Drill(tmp_path)
    through_the_second_storm(drill)
    state, _, evaluation = drill.to_end()
    assert state.result["summary"]["incidents"][1]["terminated_at_h"] is None
    assert ends(evaluation) == ["on_time", "missed"]


def test_a_second_storm_the_drill_never_reached_lists_its_declaration_and_end_as_not_reached_not_missed(tmp_path):
    drill = Drill(tmp_path)
    drill.declare_when_asked(1)  # and never ends the first: the second storm never begins as an incident of its own
    state, key, evaluation = drill.to_end()
    assert "incidents" not in state.result["summary"]
    second = [a for a in key.asks if a.kind in ("declare", "end") and a.extra.get("incident") == 2]
    assert sorted(a.kind for a in second) == ["declare", "end"]
    first = state.result["summary"]["max_response_level"]
    assert declarations(evaluation) == [(first, "on_time"), (None, "not_reached")]
    assert ends(evaluation) == ["missed", "not_reached"]


POWER_COMPANY = "power_company"  # sends the report's first hop


def reports_duties_and_steps(evaluation) -> list[tuple[str, str, str, str]]:
    return [(item.role, item.kind, item.key, item.status) for item in evaluation.items
            if item.kind in ("report", "duty", "step")]


def test_a_second_storm_the_drill_never_reached_lists_its_report_hops_duties_and_steps_as_not_reached(tmp_path):
    drill = Drill(tmp_path, also={POWER_COMPANY: "Bo"}, step=True)
    drill.answer_when_asked("report", 1, POWER_COMPANY)
    drill.declare_when_asked(1)
    drill.answer_when_asked("duty", 1)
    drill.answer_when_asked("step", 1)  # and never ends the first: the second storm never begins as an incident
    state, key, evaluation = drill.to_end()
    assert "incidents" not in state.result["summary"]
    second = [(a.role, a.kind, a.key) for a in key.asks if a.kind in ("report", "duty", "step")
              and a.role in (HQ, POWER_COMPANY) and a.extra.get("incident") == 2]
    assert sorted(second) == [(HQ, "duty", "county_headquarters.assessment"), (HQ, "step", STEP["id"]),
                              (POWER_COMPANY, "report", "report.power_company")]
    # the first storm's hop, duty and step do not stand for the second's: each is listed, the second's as not reached
    assert reports_duties_and_steps(evaluation) == [
        (POWER_COMPANY, "report", "report.power_company", "on_time"),
        (HQ, "duty", "county_headquarters.assessment", "on_time"),
        (HQ, "step", STEP["id"], "on_time"),
        (POWER_COMPANY, "report", "report.power_company", "not_reached"),
        (HQ, "duty", "county_headquarters.assessment", "not_reached"),
        (HQ, "step", STEP["id"], "not_reached")]
    unreached = [item for item in evaluation.items if item.status == "not_reached"]
    assert [item.points for item in unreached] == [None] * 5  # with the declaration and the end: none scored
    # the report lists them so, each in its language
    for language in ("zh", "en"):
        said = report.markdown(state, key, evaluation, language)
        assert said.count(report.status_label("not_reached", language)) >= 5


def test_a_second_storm_the_drill_reached_judges_its_report_hops_and_duties_against_its_own(tmp_path):
    drill = Drill(tmp_path, also={POWER_COMPANY: "Bo"})
    drill.answer_when_asked("report", 1, POWER_COMPANY)
    drill.declare_when_asked(1)
    drill.answer_when_asked("duty", 1)
    drill.end_when_asked()
    state, _, evaluation = drill.to_end()  # the second storm's hop and duty asked and never done
    assert len(state.result["summary"]["incidents"]) == 2
    statuses = [(role, kind, status) for role, kind, _, status in reports_duties_and_steps(evaluation)]
    assert statuses == [(POWER_COMPANY, "report", "on_time"), (HQ, "duty", "on_time"),
                        (POWER_COMPANY, "report", "missed")]  # the headquarters, never told, never declared


def keeping_the_first_storms_level(tmp_path: Path, *, left_to_unit: bool):
    """The headquarters declares the first storm and keeps its level in force once the rain has
    dropped below every band (TWO_STORMS: at 12 h), past the plan's hour to decide; the plan's
    adjustment is left to the unit's judgement (可视, as the shipped plan says) or not."""
    drill = Drill(tmp_path, adjusting_left_to_unit=left_to_unit)
    drill.declare_when_asked(1)
    while drill.state()[0].now_h < RAIN_DROPS_H + 2:
        drill.step()
    state, _, evaluation = drill.state()
    assert state.policy.runner.level is not None and state.policy.runner.severity is None  # kept, below every band
    return [item for item in evaluation.items if item.kind == "adjust"], evaluation, state


RAIN_DROPS_H = 12.0  # TWO_STORMS: the first storm's rain falls to 10 mm, below every band


def test_keeping_the_level_after_the_rain_drops_is_the_units_call_when_the_plan_leaves_adjusting_to_it(tmp_path):
    adjusts, evaluation, state = keeping_the_first_storms_level(tmp_path, left_to_unit=True)
    assert flood_plan()["adjustment"]["left_to_unit"] is True  # the plan says 可视…调整
    assert [(item.due_h, item.status, item.points) for item in adjusts] == [(RAIN_DROPS_H, "declined", None)]
    assert adjusts[0].person == "Ann"
    note = adjusts[0].note
    assert note["zh"].startswith("保持响应级别未下调——预案将调整响应级别交由本单位视情况决定") and "预案推演：" in note["zh"]
    assert "the plan's own run: " in note["en"]  # what the plan's own run did instead
    assert not [d for d in evaluation.deviations if "adjusted" in d.text["en"]]
    # the console's table of the decisions left to the units lists it, by its note
    assert [row[views.label("assessment", "zh")] for row in views.decisions(state, evaluation, "zh")] == [note["zh"]]


def test_keeping_the_level_after_the_rain_drops_is_missed_when_the_plan_does_not_leave_adjusting_to_the_unit(tmp_path):
    adjusts, evaluation, _ = keeping_the_first_storms_level(tmp_path, left_to_unit=False)
    assert [(item.due_h, item.status) for item in adjusts] == [(RAIN_DROPS_H, "missed")]
    assert [d.t_h for d in evaluation.deviations if d.kind == "missed" and "never adjusted" in d.text["en"]] == [
        RAIN_DROPS_H]


RISING = [(2, 120), (8, 300), (14, 5)]  # one storm whose rain rises from Level II's band into Level I's
RAIN_RISES_H = 8.0


def keeping_the_level_as_the_rain_rises(tmp_path: Path, *, left_to_unit: bool, declared: str | None = None):
    """The headquarters declares the storm (the level asked, or ``declared``) and keeps that level
    in force once the rain has risen into Level I's band, past the plan's hour to decide."""
    drill = Drill(tmp_path, adjusting_left_to_unit=left_to_unit, rain=RISING)
    if declared is None:
        drill.declare_when_asked(1)
    else:
        while not [a for a in drill.state()[0].policy.asks if a.kind == "declare"]:
            drill.step()
        drill.act("declare", level=declared)
    while drill.state()[0].now_h < RAIN_RISES_H + 2:
        drill.step()
    state, key, evaluation = drill.state()
    assert state.policy.runner.severity == flood_plan()["severity_levels"][0]["id"]  # the rain called for Level I
    assert [a.expected for a in key.asks if a.kind == "adjust" and a.t_h == RAIN_RISES_H] == ["I"]  # the plan raised
    return [item for item in evaluation.items if item.kind == "adjust"], evaluation, state, key


def test_not_raising_the_level_as_the_rain_rises_is_the_units_call_when_the_plan_leaves_adjusting_to_it(tmp_path):
    adjusts, evaluation, state, key = keeping_the_level_as_the_rain_rises(tmp_path, left_to_unit=True)
    assert state.policy.runner.level == "II"
    assert [(item.key, item.due_h, item.status, item.points) for item in adjusts] == [
        ("I", RAIN_RISES_H, "declined", None)]
    assert adjusts[0].person == "Ann"
    note = adjusts[0].note
    assert note["zh"].startswith("保持响应级别未上调——预案将调整响应级别交由本单位视情况决定") and "预案推演：" in note["zh"]
    assert note["en"].startswith("kept the level in force without raising it — the plan leaves adjusting it to the unit's")
    assert not [d for d in evaluation.deviations if "adjusted" in d.text["en"]]
    # the report says so in either language, beside the change the plan's own run made
    for language in ("zh", "en"):
        assert note[language] in report.markdown(state, key, evaluation, language)


def test_not_raising_the_level_as_the_rain_rises_is_missed_when_the_plan_does_not_leave_adjusting_to_the_unit(tmp_path):
    adjusts, evaluation, _, _ = keeping_the_level_as_the_rain_rises(tmp_path, left_to_unit=False)
    assert [(item.key, item.due_h, item.status) for item in adjusts] == [("I", RAIN_RISES_H, "missed")]
    assert [d.t_h for d in evaluation.deviations if d.kind == "missed" and "never adjusted" in d.text["en"]] == [
        RAIN_RISES_H]


def test_a_level_declared_too_low_stays_due_to_be_raised_though_the_plan_leaves_adjusting_to_the_unit(tmp_path):
    adjusts, evaluation, state, _ = keeping_the_level_as_the_rain_rises(tmp_path, left_to_unit=True, declared="III")
    # Level II was due when Level III was declared: the figures never called for Level III, so
    # neither raising is a change the plan's 可视 leaves to the unit
    assert [(item.key, item.status) for item in adjusts] == [("II", "missed"), ("I", "missed")]
    assert next(item for item in evaluation.items if item.kind == "declare").status == "wrong"


POWER_AUTHORITY = "power_authority"  # sends the report's second hop, once the power company's has reached it
HOP = "report.power_authority"
SECOND_STORM_H = 30.0  # TWO_STORMS: the second storm's rain


def refusal_of(drill: Drill, kind: str, role: str, **args) -> str:
    """The catalogue's key of the reason the drill refuses this action."""
    with pytest.raises(InputError) as refused:
        drill.act(kind, role, **args)
    return refused.value.problems[0].message.key


def the_second_storm_before_its_hop_is_asked(drill: Drill) -> None:
    """Send the first storm's hop when asked, declare and end it, and run on into the second
    storm, to before its report has reached the power authority (the power company's hop takes
    half an hour): the second storm's hop is not asked yet."""
    drill.answer_when_asked("report", 1, POWER_AUTHORITY)
    drill.declare_when_asked(1)
    drill.end_when_asked()
    while drill.state()[0].policy.runner.incidents < 2:
        drill.step()
    assert not [a for a in drill.state()[0].policy.asks if a.key == HOP and a.extra.get("incident") == 2]


def test_a_hop_sent_in_the_second_storm_is_taken_although_the_first_storms_was_sent(tmp_path):
    drill = Drill(tmp_path, also={POWER_AUTHORITY: "Cy"})
    the_second_storm_before_its_hop_is_asked(drill)
    drill.act("report", POWER_AUTHORITY, hop=HOP)  # not refused as done in the first storm
    sent = drill.state()[0].record.actions[-1]
    state, _, evaluation = drill.to_end()
    second = [a for a in state.policy.asks if a.key == HOP and a.extra.get("incident") == 2]
    assert [a.seq for a in second] == [sent.seq]  # the second storm's question took it
    hops = [item for item in evaluation.items if item.kind == "report" and item.role == POWER_AUTHORITY]
    # judged in the second storm, against its own report: sent before that report had reached the authority
    assert [(item.status, item.due_h >= SECOND_STORM_H) for item in hops] == [("on_time", False), ("out_of_order", True)]


def test_a_hop_sent_twice_in_one_storm_is_refused_the_second_time(tmp_path):
    drill = Drill(tmp_path, also={POWER_AUTHORITY: "Cy"})
    the_second_storm_before_its_hop_is_asked(drill)
    drill.act("report", POWER_AUTHORITY, hop=HOP)
    assert refusal_of(drill, "report", POWER_AUTHORITY, hop=HOP) == "drill_refusal.standing"  # not taken up yet
    while not [a for a in drill.state()[0].policy.asks if a.key == HOP and a.extra.get("incident") == 2]:
        drill.step()
    assert refusal_of(drill, "report", POWER_AUTHORITY, hop=HOP) == "drill_refusal.done_already"


def test_a_warning_step_taken_before_the_first_storm_is_not_asked_again_in_either_storm(tmp_path):
    drill = Drill(tmp_path, warning_step=True)
    drill.answer_when_asked("step", 0)  # put before any incident, by the warning
    assert drill.state()[0].policy.runner.incidents == 0
    drill.declare_when_asked(1)
    assert refusal_of(drill, "step", HQ, step=WARNING_STEP["id"]) == "drill_refusal.done_already"
    drill.end_when_asked()
    while drill.state()[0].policy.runner.incidents < 2:
        drill.step()
    assert refusal_of(drill, "step", HQ, step=WARNING_STEP["id"]) == "drill_refusal.done_already"
    state, _, evaluation = drill.to_end()
    asked = [a.extra.get("incident") for a in state.policy.asks if a.key == WARNING_STEP["id"]]
    assert asked == [0]  # the warning's step, asked once: neither storm asks it anew
    assert [item.status for item in evaluation.items if item.key == WARNING_STEP["id"]] == ["on_time"]
