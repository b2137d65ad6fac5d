"""A plan's steps (in every list), report hops and duties are one set of ids: the log and a
drill tell them apart by id alone, so an id given twice is refused where it is given again,
naming where it was given first, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from sim.inputs import load_plan
from sim.plan import ResponsePlan

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "plans" / "guyang-blackout-2023.yaml"
#: Every response plan the project ships or tests with.
PLANS = sorted({*ROOT.glob("plans/*.yaml"), *ROOT.glob("plans/examples/*.yaml"), *ROOT.glob("tests/data/*.yaml"),
                *ROOT.glob("tests/data/engine/plans/*.yaml")})


def edited_plan(tmp_path: Path, old: str, new: str) -> tuple[Path, int, int]:
    """The shipped plan with its one line ``old`` replaced by ``new``, and the line and column
    of the ``id`` key on it."""
    text = PLAN.read_text(encoding="utf-8")
    assert text.count(old + "\n") == 1, old
    line = text[: text.index(old + "\n")].count("\n") + 1
    file = tmp_path / PLAN.name
    file.write_text(text.replace(old + "\n", new + "\n", 1), encoding="utf-8")
    return file, line, new.index("id:") + 1


def refused(capsys, file: Path, language: str | None = None) -> list[str]:
    """The lines ``validate`` prints for ``file`` (in ``language``, else in both), having exited 2."""
    status = main(["validate", str(file), *(["--lang", language] if language else [])])
    captured = capsys.readouterr()
    assert status == 2 and "Traceback" not in captured.err, captured.err
    return captured.err.splitlines()


@pytest.mark.parametrize("path", [p for p in PLANS if isinstance(load_plan(p, require_stem=False), ResponsePlan)],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_shipped_and_test_plan_gives_each_step_hop_and_duty_id_once_and_loads(path):
    plan = load_plan(path, require_stem=False)
    ids = [step.id for step in plan.all_steps()] + [hop.id for hop in plan.reporting.hops]
    ids += [duty.id for _, duty in plan.all_duties()]
    assert len(ids) == len(set(ids))


def test_an_after_action_step_given_a_warning_steps_id_is_refused_at_its_line_in_each_language(tmp_path, capsys):
    file, line, col = edited_plan(tmp_path, "  - id: after.assessment", "  - id: warning.publish")
    where = f"{file}:{line}:{col}: after_action.1.id: "
    zh = ("步骤编号 'warning.publish' 已是 warning.issue.3 处步骤的编号：步骤、报告环节和职责在日志和演练中都只凭编号区分，"
          "编号须各不相同")
    en = ("step id 'warning.publish' is already the id of the step at warning.issue.3: the log and a drill tell steps, "
          "report hops and duties apart by their ids alone, so each needs its own")
    assert refused(capsys, file, "zh") == [where + zh]
    assert refused(capsys, file, "en") == [where + en]
    assert refused(capsys, file) == [f"{where}{zh} · {en}"]


@pytest.mark.parametrize(("old", "new", "path", "first"), [
    pytest.param("  - id: county.consultation", "  - id: report.county_to_city", "response_actions.3.id",
                 "the report hop at reporting.hops.2", id="a step given a hop's id"),
    pytest.param("    - id: report.industry_tech", "    - id: warning.assess", "reporting.hops.1.id",
                 "the step at warning.issue.1", id="a hop given a step's id"),
    pytest.param("  - id: after.investigation", "  - id: publicity_dept.press_conference", "after_action.2.id",
                 "the duty at units.0.duties.2", id="a step given a duty's id"),
    pytest.param("    id: warning.lift", "    id: warning.report_region", "warning.lift.id",
                 "the step at warning.escalate.0", id="the warning's lift given another warning list's step's id"),
    pytest.param("    - id: headquarters.termination_decision", "    - id: county.information_release",
                 "termination.confirmations.0.id", "the step at response_actions.9",
                 id="a confirmation given a response action's id"),
    pytest.param("      - id: cyberspace_office.news_release", "      - id: publicity_dept.information_release",
                 "units.1.duties.1.id", "the duty at units.0.duties.0", id="a duty given another unit's duty's id"),
])
def test_an_id_given_again_anywhere_among_steps_hops_and_duties_is_refused_where_the_plan_writes_it_second(
        tmp_path, capsys, old, new, path, first):
    file, line, col = edited_plan(tmp_path, old, new)
    (found,) = refused(capsys, file, "en")
    assert found.startswith(f"{file}:{line}:{col}: {path}: ")
    assert f"is already the id of {first}: " in found


def test_an_id_a_hop_takes_from_a_later_step_is_refused_at_the_step_the_plan_writes_after_the_hops(tmp_path, capsys):
    file, _, _ = edited_plan(tmp_path, "    - id: report.county_to_city", "    - id: county.consultation")
    text = file.read_text(encoding="utf-8")
    line = text[: text.index("\n  - id: county.consultation\n")].count("\n") + 2  # the response action's
    assert refused(capsys, file, "en") == [
        f"{file}:{line}:5: response_actions.3.id: step id 'county.consultation' is already the id of the report hop at "
        "reporting.hops.2: the log and a drill tell steps, report hops and duties apart by their ids alone, "
        "so each needs its own"]


def test_the_same_step_given_an_id_of_its_own_loads(tmp_path, capsys):
    file, _, _ = edited_plan(tmp_path, "  - id: after.assessment", "  - id: after.assessment_of_the_response")
    assert main(["validate", str(file)]) == 0, capsys.readouterr().err


def test_an_id_made_outside_a_file_is_held_to_the_rule_every_model_s_id_field_holds():
    """A drill's MSEL sheet adds injects by id: it checks them by ``is_id``, the rule the
    models' ``Id`` is made of, so a sheet cannot add an id its scenario file would refuse."""
    from pydantic import TypeAdapter, ValidationError

    from sim.plan.common import Id, is_id

    field = TypeAdapter(Id)
    for text in ("press-call", "II", "a" * 80, "a" * 81, "bad id!", "红色", "-lead", "call\n", ""):
        try:
            field.validate_python(text)
            valid = True
        except ValidationError:
            valid = False
        assert is_id(text) is valid, text
