"""After a drill: objectives met, findings graded and attributed, the improvement plan, forks.

The scripted Chengnan drill (see ``test_drills_scripted``) is played once per test: the
warning published late, a hop skipped, Level II declared for a general event, the
response ended early, and many duties never started.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from drill_fixtures import db_url  # noqa: F401  (fixture)
from sim.cli import main
from sim.drills import control, db, dossier, findings, fork, improvement, objectives, report, views
from sim.errors import InputError
from sim.report import name_of
from test_drills_scripted import ROLES, SCENARIO, SCRIPT, _to, play


@pytest.fixture
def scripted(db_url):
    engine = db.open_database(db_url)
    drill = play(engine)
    return engine, drill


def test_each_objective_counts_its_expected_actions_met_on_time(scripted):
    engine, drill = scripted
    state, _key, evaluation = control.assess(engine, drill.id)
    goals = objectives.of_drill(engine, drill.id, state.inputs.scenario)
    progress = {p.objective.key: p for p in objectives.progress(goals, evaluation)}
    warning = progress["warning"]  # propose, assess, approve on time; publish late
    assert (warning.met, warning.due) == (3, 4) and warning.percent == 87.5
    assert objectives.rating(warning) == "S"
    command = progress["command"]  # Level II for a general event, ended early
    assert command.met == 0 and objectives.rating(command) == "U"
    assert objectives.met_line(warning, "zh") == "3 / 4 项达成" and objectives.met_line(warning, "en") == "3 / 4 met"


def test_the_four_grades_are_rated_on_both_sides_of_each_floor():
    def rated(points: list[float]):
        items = tuple(type("I", (), {"status": "on_time", "points": p, "kind": "report", "role": "x"})() for p in points)
        return objectives.rating(objectives.Progress(objectives.Objective("o", {}, ("report",)), items))

    assert rated([1.0] * 9 + [0.0]) == "P"  # 90 %
    assert rated([1.0] * 8 + [0.5] + [0.0]) == "S"  # 85 %
    assert rated([1.0] * 7 + [0.0] * 3) == "S"  # 70 %
    assert rated([1.0] * 6 + [0.5] + [0.0] * 3) == "M"  # 65 %
    assert rated([1.0] * 4 + [0.0] * 6) == "M"  # 40 %
    assert rated([1.0] * 3 + [0.5] + [0.0] * 6) == "U"  # 35 %
    assert rated([]) is None


def test_the_facilitator_edits_the_objectives_and_a_bad_edit_changes_nothing(scripted):
    engine, drill = scripted
    state, _key, evaluation = control.assess(engine, drill.id)
    units = [u.id for u in state.inputs.plan.units]
    mine = [objectives.Objective("first-report", {"zh": "首报", "en": "First report"}, ("report",), ("power_company",))]
    objectives.save(engine, drill.id, mine, units, key=drill.facilitator_key)
    (entry,) = objectives.progress(objectives.of_drill(engine, drill.id, state.inputs.scenario), evaluation)
    assert (entry.met, entry.due) == (1, 1)
    bad = [objectives.Objective("x", {"zh": "x", "en": "x"}, ("report",), ("nobody",))]
    with pytest.raises(InputError) as caught:
        objectives.save(engine, drill.id, bad, units, key=drill.facilitator_key)
    assert caught.value.problems[0].message.zh == "'nobody' 不是本演练预案中的单位"
    twice = mine + mine
    with pytest.raises(InputError, match="used twice"):
        objectives.save(engine, drill.id, twice, units, key=drill.facilitator_key)
    assert [o.key for o in objectives.of_drill(engine, drill.id, state.inputs.scenario)] == ["first-report"]
    assert not objectives.shared(engine, drill.id)
    with pytest.raises(InputError, match="facilitator's key"):
        objectives.share(engine, drill.id, True, key=drill.keys["power_company"])  # a player's key will not do
    objectives.share(engine, drill.id, True, key=drill.facilitator_key)
    assert objectives.shared(engine, drill.id)


def test_findings_are_graded_and_laid_at_the_players_or_the_plan(scripted):
    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    found = findings.findings(state, key, evaluation)
    by_kind = {(f.attribution, f.kind, f.role): f for f in found}
    assert by_kind[("players", "wrong_level", "county_government")].grade == "deficiency"
    assert by_kind[("players", "premature_end", "county_government")].clause == "5.4"
    assert by_kind[("players", "skipped", "industry_tech")].grade == "rectify"
    late = by_kind[("players", "late", "industry_tech")]
    assert (late.grade, late.clause) == ("improve", "4.2.1") and "晚 45 分钟" in late.text["zh"]
    plan = [f for f in found if f.attribution == "plan"]
    assert {f.kind for f in plan} >= {"no_means", "held_up"}
    assert all(f.clause for f in found)
    assert [GRADE for GRADE in (f.grade for f in found)] == sorted((f.grade for f in found),
                                                                 key=findings.GRADE_ORDER.get)


def test_a_deadline_only_late_players_met_is_the_plans_and_one_anybody_met_is_not(scripted):
    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    # the unit's call on telling the key users, declined, has no deadline to meet
    warning = [i for i in evaluation.items if i.clause == "4.2.1" and i.status != "declined"]
    assert {i.status for i in warning} == {"on_time", "late"}  # someone met 4.2.1's deadline
    assert not any(f.kind == "deadline" and f.clause == "4.2.1" for f in findings.findings(state, key, evaluation))
    for item in warning:
        item.status = "late"
    (found,) = [f for f in findings.findings(state, key, evaluation) if f.kind == "deadline" and f.clause == "4.2.1"]
    assert found.text["zh"].startswith("条款 4.2.1 的") and "clause 4.2.1 (" in found.text["en"]
    warning[0].status = "missed"
    warning[1].status = "missed"
    warning[2].status = "missed"
    assert not any(f.kind == "deadline" and f.clause == "4.2.1" for f in findings.findings(state, key, evaluation))


def test_a_deadline_most_players_never_acted_on_is_theirs_though_those_who_acted_were_late(scripted):
    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    warning = [i for i in evaluation.items if i.clause == "4.2.1" and i.status != "declined"]
    assert len(warning) >= 4
    for i, item in enumerate(warning):  # two done late, the rest never done
        item.status = "late" if i < 2 else "missed"
    assert 2 * 2 <= len(warning)
    assert not any(f.kind == "deadline" and f.clause == "4.2.1" for f in findings.findings(state, key, evaluation))
    for item in warning[: len(warning) // 2 + 1]:  # more done late than not done: the limit is in question
        item.status = "late"
    assert any(f.kind == "deadline" and f.clause == "4.2.1" for f in findings.findings(state, key, evaluation))


def test_filed_findings_become_tracked_items_listed_across_drills_and_shown_to_the_next_drill(scripted):
    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    items = improvement.file(engine, drill.id, findings.findings(state, key, evaluation), state.inputs.plan,
                             key=drill.facilitator_key, today=dt.date(2026, 12, 1))
    assert items and all(i.status == "open" and i.due == dt.date(2026, 12, 31) for i in items)
    assert len(improvement.file(engine, drill.id, findings.findings(state, key, evaluation), state.inputs.plan,
                                key=drill.facilitator_key)) == len(items)
    wrong = next(i for i in items if i.finding.startswith("players:wrong_level"))
    assert wrong.unit == "county_government"
    plan_item = next(i for i in items if i.attribution == "plan")
    assert plan_item.unit == state.inputs.plan.headquarters.office_unit
    assert improvement.whatif_link(plan_item) == f"whatif?improvement={plan_item.id}"
    assert improvement.whatif_link(plan_item, "en") == f"whatif?improvement={plan_item.id}&lang=en"
    assert improvement.whatif_link(wrong) is None
    improvement.update_item(engine, wrong.id, key=drill.facilitator_key, status="closed",
                            due=(dt.date.today() + dt.timedelta(days=45)).isoformat())  # after the drill, whenever run
    with pytest.raises(InputError, match="no status 'done'"):
        improvement.update_item(engine, wrong.id, key=drill.facilitator_key, status="done")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        improvement.update_item(engine, wrong.id, key=drill.facilitator_key, due="next week")
    nxt = control.create(engine, SCENARIO, name="Next", roles=ROLES)
    earlier = improvement.earlier(engine, nxt.id)
    assert {i.id for i in earlier} == {i.id for i in items}
    assert next(i for i in earlier if i.id == wrong.id).status == "closed"
    state2, key2, evaluation2 = control.assess(engine, nxt.id)
    md = report.markdown(state2, key2, evaluation2, "zh", dossier.gather(engine, state2, key2, evaluation2))
    assert "## 往次演练改进项跟踪" in md and "| 已完成 |" in md and "| 待整改 |" in md
    assert {i.drill_id for i in improvement.listing(engine)} == {drill.id}


def test_an_objective_added_without_a_key_gets_a_fresh_one_and_one_judged_on_no_action_is_refused():
    typed = [objectives.Objective("objective-2", {"zh": "甲", "en": ""}, ("report",)),
             objectives.Objective("", {"zh": "", "en": "B"}, ("declare",))]
    clean = objectives.check(typed, ["power_company"])
    assert [(o.key, o.text["zh"], o.text["en"]) for o in clean] == [("objective-2", "甲", "甲"), ("objective-3", "B", "B")]
    with pytest.raises(InputError) as caught:
        objectives.check([objectives.Objective("", {"zh": "首报", "en": "First report"}, ())], ["power_company"])
    said = caught.value.problems[0].message
    assert said.in_language("zh") == "目标“首报”未关联任何行动：请至少选择一种行动"
    assert said.in_language("en") == "objective “First report” is tied to no kind of action: pick at least one"


def test_a_fork_replays_the_original_up_to_its_moment_and_its_report_compares_the_two(scripted):
    engine, drill = scripted
    forked = fork.fork(engine, drill.id, 5.0, key=drill.facilitator_key)
    original, copy = db.load_drill(engine, drill.id), db.load_drill(engine, forked.id)
    assert copy.seed == original.seed and copy.clock.now() == 5.0 and not copy.clock.running
    assert [(a.at_h, a.role, a.kind, dict(a.args)) for a in copy.actions] == [
        (a.at_h, a.role, a.kind, dict(a.args)) for a in original.actions if a.at_h <= 5.0 and a.kind != "clock"]
    assert copy.name == "Scripted（自 07-18 17:00 重演）"
    state, _, _ = control.assess(engine, forked.id)
    from sim.drills.replay import replay
    assert state.result["events"] == replay(original, until=5.0).result["events"]
    # a different decision after the fork: the right level on time
    assert set(forked.keys) == {p.role for p in copy.participants} and forked.keys != drill.keys
    with pytest.raises(InputError, match="not that of the present player"):  # the original's keys stay with it
        control.act(engine, forked.id, role="county_government", key=drill.keys["county_government"], kind="note",
                    args={"text": "x"})
    control.advance(engine, forked.id, key=forked.facilitator_key, hours=0.5)  # the report reaches the county
    control.act(engine, forked.id, role="county_government", key=forked.keys["county_government"], kind="declare",
                args={"level": "III"})
    control.advance(engine, forked.id, key=forked.facilitator_key, to_end=True)
    state, key, evaluation = control.assess(engine, forked.id)
    md = report.markdown(state, key, evaluation, "en", dossier.gather(engine, state, key, evaluation))
    assert "## Beside the original drill (forked at 07-18 17:00)" in md
    assert "“Scripted” at 07-18 17:00" in md


def test_a_fork_outside_what_was_played_is_refused(scripted, capsys):
    engine, drill = scripted
    with pytest.raises(InputError, match="forks at a moment it has played"):
        fork.fork(engine, drill.id, 30.0, key=drill.facilitator_key)


def test_a_fork_without_a_name_is_named_in_the_language_it_was_made_in(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'named.sqlite'}"
    engine = db.open_database(url)
    drill = play(engine)
    english = fork.fork(engine, drill.id, 5.0, key=drill.facilitator_key, language="en")
    both = fork.fork(engine, drill.id, 5.0, key=drill.facilitator_key, language="both")
    assert db.load_drill(engine, english.id).name == "Scripted (replayed from 07-18 17:00)"
    assert db.load_drill(engine, both.id).name == "Scripted（自 07-18 17:00 重演 · replayed from 07-18 17:00）"
    assert main(["--lang", "en", "drill", "--db", url, "fork", str(drill.id), "--at", "07-18 17:30",
                 "--key", drill.facilitator_key]) == 0
    capsys.readouterr()
    newest = lambda: max(db.list_drills(engine), key=lambda d: d["id"])["name"]  # noqa: E731
    assert newest() == "Scripted (replayed from 07-18 17:30)"
    assert main(["drill", "--db", url, "fork", str(drill.id), "--at", "07-18 17:30", "--name", "  再演一次 ",
                 "--key", drill.facilitator_key]) == 0
    assert newest() == "再演一次"  # a name given is kept as given, whatever the language


def test_the_commands_file_list_update_and_fork(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    engine = db.open_database(url)
    drill = play(engine)
    base = ["drill", "--db", url]
    key = ["--key", drill.facilitator_key]
    assert main(base + ["objectives", str(drill.id), "--share", "yes"]) == 2  # the facilitator's to decide
    assert "需要演练 1 的导调密钥" in capsys.readouterr().err
    assert main(base + ["objectives", str(drill.id), "--share", "yes", "--lang", "en"] + key) == 0
    out = capsys.readouterr().out
    assert "participants see their progress" in out and "3 / 4 met" in out
    assert main(base + ["improve", str(drill.id)]) == 2
    assert main(base + ["improve", str(drill.id)] + key) == 0
    assert "【不足项 · 参演人员】5.1 · 固阳县人民政府" in capsys.readouterr().out
    assert main(base + ["improvement", "1", "--status", "in_progress"] + key) == 0
    assert "#1：整改中 · 县工科局（电力管理部门） · 期限" in capsys.readouterr().out  # names, not ids
    assert main(base + ["improvement", "1", "--unit", "nobody"] + key) == 2
    assert main(base + ["improvement", "1", "--status", "closed"]) == 2
    assert main(base + ["improvements", "--scenario", "drill-chengnan-storm"]) == 0
    assert "整改中" in capsys.readouterr().out
    assert main(base + ["fork", str(drill.id), "--at", "07-18 17:30"]) == 2
    assert main(base + ["fork", str(drill.id), "--at", "07-18 17:30"] + key) == 0
    out = capsys.readouterr().out
    assert "drill 2 created: drill 1 up to 07-18 17:30" in out and "/participant?drill=2&role=power_company&key=" in out
    assert main(base + ["fork", str(drill.id), "--at", "teatime"] + key) == 2
    assert "command line: --at:" in capsys.readouterr().err


def test_a_fork_keeps_the_facilitators_injects_before_it_and_sends_new_ones_after(tmp_path):
    engine = db.open_database(f"sqlite:///{tmp_path / 'f.sqlite'}")
    made = control.create(engine, SCENARIO, name="Injects", roles=ROLES)

    def message(drill, key, word):
        return control.send_inject(engine, drill, key=key, roles=["power_company"],
                                   title={"zh": word, "en": word}, body={"zh": word, "en": word})

    _to(engine, made, 1.0)
    early = message(made.id, made.facilitator_key, "early")
    _to(engine, made, 2.0)
    message(made.id, made.facilitator_key, "late")
    forked = fork.fork(engine, made.id, 1.5, key=made.facilitator_key)
    assert [i.key for i in db.load_drill(engine, forked.id).injects if i.at_h is None] == [early.args["inject"]]
    for _ in range(3):  # new messages in the fork never collide with the ones it kept
        message(forked.id, forked.facilitator_key, "new")
    assert len([i for i in db.load_drill(engine, forked.id).injects if i.at_h is None]) == 4


def test_a_fork_carries_the_originals_open_improvement_items_and_lists_each_once(scripted):
    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    items = improvement.file(engine, drill.id, findings.findings(state, key, evaluation), state.inputs.plan,
                             key=drill.facilitator_key, today=dt.date(2026, 12, 1))
    assert len(items) >= 2
    closed, going = items[0], items[1]
    improvement.update_item(engine, closed.id, key=drill.facilitator_key, status="closed")
    later = dt.date.today() + dt.timedelta(days=60)  # after the drill, whenever the test runs
    improvement.update_item(engine, going.id, key=drill.facilitator_key, status="in_progress", due=later.isoformat())
    forked = fork.fork(engine, drill.id, state.now_h, key=drill.facilitator_key)  # from the end: every finding reached
    carried = improvement.listing(engine, drill_id=forked.id)
    assert [i.carried_from for i in carried] == [i.id for i in items[1:]]  # every item not closed, and only those
    moved = next(i for i in carried if i.carried_from == going.id)
    assert (moved.status, moved.due, moved.unit, moved.finding) == ("in_progress", later, going.unit,
                                                                    going.finding)
    earlier = improvement.earlier(engine, forked.id)
    assert [i.id for i in earlier] == [closed.id]  # the carried ones are the fork's own, not listed twice
    state, key, evaluation = control.assess(engine, forked.id)
    refiled = improvement.file(engine, forked.id, findings.findings(state, key, evaluation), state.inputs.plan,
                               key=forked.facilitator_key)
    assert len([i for i in refiled if i.finding == going.finding]) == 1  # a finding already carried is not filed again


def test_a_fork_carries_only_the_open_items_whose_finding_showed_at_or_before_the_fork(scripted):
    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    shown = {f.key: f.t_h for f in findings.findings(state, key, evaluation)}
    items = improvement.file(engine, drill.id, findings.findings(state, key, evaluation), state.inputs.plan,
                             key=drill.facilitator_key, today=dt.date(2026, 12, 1))
    assert {shown[i.finding] for i in items} >= {4.25, 5.0, 6.0}  # findings on both sides of the fork below
    forked = fork.fork(engine, drill.id, 5.0, key=drill.facilitator_key)
    carried = {i.carried_from for i in improvement.listing(engine, drill_id=forked.id)}
    assert carried == {i.id for i in items if shown[i.finding] <= 5.0}  # 5.0 itself included, 6.0 and later not
    assert any(shown[i.finding] == 5.0 for i in items if i.id in carried)


def test_a_forks_open_item_whose_finding_is_tied_to_no_moment_is_carried(scripted):
    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    items = improvement.file(engine, drill.id, findings.findings(state, key, evaluation), state.inputs.plan,
                             key=drill.facilitator_key, today=dt.date(2026, 12, 1))
    late = next(i for i in items if i.finding.startswith("players:missed:power_company:6.4"))
    from sim.drills.paper_tables import improvements as table

    with engine.begin() as connection:  # a finding the original's evaluation no longer names: no moment known
        connection.execute(table.update().where(table.c.id == late.id).values(finding="players:gone:power_company:x"))
    forked = fork.fork(engine, drill.id, 1.0, key=drill.facilitator_key)
    assert [i.carried_from for i in improvement.listing(engine, drill_id=forked.id)] == [late.id]


def test_the_drill_reports_timeline_names_the_other_document_a_declared_levels_clause_stands_in(scripted):
    """A response level whose clause stands in another document (as a ban notice's enforcing
    duty stands in the city's action plan): the timeline's Clause column cites it with the clause
    first and that document's title after it, as every table does."""
    from sim.plan.common import Source

    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    plan = state.inputs.plan
    other = "某市应急预案实施方案"
    levels = [level.model_copy(update={"source": Source(document=other, clause=level.source.clause,
                                                        quote=level.source.quote)})
              for level in plan.response_levels]
    changed = plan.model_copy(update={"response_levels": levels})  # a copy: the stored inputs are shared
    case = state.inputs.case.changed(plans={plan.id: changed})
    state = dataclasses.replace(state, inputs=dataclasses.replace(state.inputs, case=case))
    declared = next(e for e in state.result["events"] if e["action"] == "declare_response")
    level = next(level for level in levels if level.id == declared["to"])
    timeline = next(s for s in report.sections(state, key, evaluation, "zh") if s.title == report.label("timeline", "zh"))
    clauses = [row[3] for row in timeline.rows]
    assert f"{level.source.clause} · {other}" == level.source.at("zh", clause_first=True) in clauses


def in_other_document(plan, document: str):
    """The plan with every rule's source standing in ``document`` (its clauses unchanged)."""
    def moved(node):
        if isinstance(node, dict):
            out = {key: moved(value) for key, value in node.items()}
            source = out.get("source")
            if isinstance(source, dict) and "clause" in source and not source.get("document"):
                out["source"] = {**source, "document": document}
            return out
        return [moved(value) for value in node] if isinstance(node, list) else node

    return type(plan).model_validate(moved(plan.model_dump(by_alias=True, exclude_none=True)))


def test_the_drill_reports_own_rows_cite_a_clause_in_another_document_with_its_title_as_the_engine_rows_do(scripted):
    """The players' actions, the findings, the expected actions and the improvement items
    (stored with the clause number alone) cite where the rule stands, as the timeline's
    engine rows do: a rule of another document is named with that document's title, after the
    clause in a table's Clause column and before it in a recommendation's sentence."""
    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    improvement.file(engine, drill.id, findings.findings(state, key, evaluation), state.inputs.plan,
                     key=drill.facilitator_key)
    other = "某市应急预案实施方案"
    plan = in_other_document(state.inputs.plan, other)
    state = dataclasses.replace(state, inputs=dataclasses.replace(state.inputs, case=state.inputs.case.changed(
        plans={plan.id: plan})))
    filed = dossier.gather(engine, state, key, evaluation)
    tables = {s.title: s for s in report.sections(state, key, evaluation, "zh", filed)}

    def cited(title: str, column: int, rows=None) -> list[str]:
        return [row[column] for row in (rows if rows is not None else tables[report.label(title, "zh")].rows)
                if row[column] and row[column] != "假设"]

    timeline = tables[report.label("timeline", "zh")].rows
    players = [row for row in timeline if " · " in row[1]]  # a player's own action: "unit · person"
    for title, column, rows in (("timeline", 3, players), ("findings", 4, None), ("expected", 3, None),
                                ("improvement_plan", 4, None)):
        clauses = cited(title, column, rows)
        assert clauses and all(c.endswith(f" · {other}") for c in clauses), (title, clauses)
    assert f"5.4 · {other}" in cited("findings", 4)  # the early end, stored as "5.4"
    advice = [row[0] for row in tables[report.label("recommendations", "zh")].rows]
    assert any(f"{other} " in said for said in advice) and not any(f" · {other}" in said for said in advice)
    assert all(item.clause and not item.clause.startswith(other) for item in filed.filed)  # the records keep the number
    desk = views.label("common.clause", "zh")  # a player's desk and the engine's feed cite the same way
    own = [row[desk] for role in ROLES for row in views.own_timeline(state, evaluation, role, "zh") if row[desk]]
    feed = [row[desk] for row in views.engine_feed(state, "zh")]
    assert own and all(c.endswith(f" · {other}") for c in own)
    assert any(c.endswith(f" · {other}") for c in feed) and not any(c in {"4.2.1", "4.3", "5.4"} for c in feed)


def test_the_drill_plans_script_cites_a_clause_in_another_document_clause_first_and_its_task_list_title_first():
    """The script's Clause column gives the clause, then the other document's title, as every
    table does; the units' task lists, a sentence in a cell, keep the title first."""
    from sim.drills import script as script_mod

    built = script_mod.build(SCENARIO, seed=1)
    other = "某市应急预案实施方案"
    plan = in_other_document(built.inputs.plan, other)
    built = dataclasses.replace(built, inputs=dataclasses.replace(built.inputs, case=built.inputs.case.changed(
        plans={plan.id: plan})))
    column = [row[8] for row in script_mod.msel_rows(built, "zh") if row[8] and row[8] != "假设"]
    assert column and all(c.endswith(f" · {other}") for c in column), column
    units = next(s for s in script_mod.plan_sections(built, "zh") if s.title == script_mod.label("units", "zh"))
    tasks = " ".join(row[2] for row in units.rows)
    assert f"（{other} " in tasks and f" · {other}" not in tasks


def _one_item(engine, drill):
    """The scripted drill's first improvement item, filed today."""
    state, key, evaluation = control.assess(engine, drill.id)
    return improvement.file(engine, drill.id, findings.findings(state, key, evaluation), state.inputs.plan,
                            key=drill.facilitator_key)[0]


@pytest.mark.parametrize("due, said", [
    ("2026-02-30", "due: no such date: '2026-02-30'"),
    ("2026-13-01", "due: no such date: '2026-13-01'"),
    ("30.02.2026", "due: a due date is written YYYY-MM-DD, not '30.02.2026'"),
    ("0001-01-01", "due: the due date 0001-01-01 is before the drill was held, "),
])
def test_a_due_date_that_no_calendar_has_or_before_the_drill_was_held_is_refused_saying_which(scripted, due, said):
    engine, drill = scripted
    item = _one_item(engine, drill)
    with pytest.raises(InputError) as refused:
        improvement.update_item(engine, item.id, key=drill.facilitator_key, due=due)
    assert said in refused.value.render("en")
    assert improvement.get(engine, item.id).due == item.due  # nothing changed


def test_a_due_date_on_the_day_the_drill_was_held_is_taken_and_an_earlier_one_kept_with_a_new_status(scripted):
    engine, drill = scripted
    item = _one_item(engine, drill)
    held = db.load_drill(engine, drill.id).created.astimezone(dt.timezone.utc).date()
    assert improvement.update_item(engine, item.id, key=drill.facilitator_key, due=held.isoformat()).due == held
    # an item whose date stood before its drill's (carried, or filed for a day gone by) takes a
    # new status with its date sent back as it is, as the console's form sends it
    with db.writing(engine) as connection:
        from sqlalchemy import update

        connection.execute(update(improvement.table).where(improvement.table.c.id == item.id)
                           .values(due=dt.date(2020, 1, 1)))
    changed = improvement.update_item(engine, item.id, key=drill.facilitator_key, status="closed", due=dt.date(2020, 1, 1))
    assert (changed.status, changed.due) == ("closed", dt.date(2020, 1, 1))


def test_the_command_line_says_a_due_date_does_not_exist_in_both_languages(scripted, db_url, capsys):
    engine, drill = scripted
    item = _one_item(engine, drill)
    argv = ["drill", "--db", db_url, "improvement", str(item.id), "--due", "2026-02-30", "--key", drill.facilitator_key]
    assert main(argv) == 2
    assert capsys.readouterr().err == ("命令行 · command line: --due: 没有这个日期：'2026-02-30' · "
                                       "no such date: '2026-02-30'\n")


def _timeline(state, key, evaluation, language: str) -> list[list[str]]:
    title = report.label("timeline", language)
    return next(s for s in report.sections(state, key, evaluation, language) if s.title == title).rows


@pytest.mark.parametrize("language, model", [("zh", "推演模型"), ("en", "Simulation model")])
def test_the_timeline_names_the_models_own_entries_as_the_runs_log_does_never_as_the_engine_playing_a_role(
        scripted, language, model):
    """The model's own entry (the event classified at 16:00) is the model's, in the words the run's log
    names it by; the engine that acts for an unplayed role as the plan says is another thing, with its own word."""
    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    rows = _timeline(state, key, evaluation, language)
    assert name_of(state.names().of("unit"), "model", language) == model
    assert [row[1] for row in rows if row[0] == "07-18 16:00" and row[3] in ("附件1 三", "Annex 1, III")] == [model]
    engine_word = views.label("engine", language)
    assert not [row for row in rows if engine_word in row[1] or engine_word.split("（")[0] in row[1]]


@pytest.mark.parametrize("language, said", [
    ("zh", "启动应急响应：Ⅱ级应急响应（预案推演：07-18 18:00 Ⅲ级应急响应）"),
    ("en", "Declare the response: Level II response (the plan's own run: 07-18 18:00 Level III response)")])
def test_a_players_declaration_is_one_line_of_the_timeline_that_says_the_plans_own_run_declared_another_level(
        scripted, language, said):
    """The scripted county declares Level II at 18:00, where the plan's own run declares Level III
    then: one line, the player's, with the plan's answer in it, and no entry of the drill's log beside it."""
    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    at_six = [row for row in _timeline(state, key, evaluation, language) if row[0] == "07-18 18:00"]
    assert [row[2] for row in at_six if "Ⅱ" in row[2] or "Level II" in row[2]] == [said]
    assert at_six[[row[2] for row in at_six].index(said)][1].endswith(" · Cai")


def test_a_players_declaration_as_the_plans_own_run_made_it_is_one_line_saying_nothing_of_the_plan(scripted):
    """A fork whose county declares Level III at 18:00, as the plan's own run does: its line is the
    player's alone; handed back to the engine, the county's end of the response is the engine's entry."""
    engine, drill = scripted
    forked = fork.fork(engine, drill.id, 5.0, key=drill.facilitator_key)
    control.advance(engine, forked.id, key=forked.facilitator_key, hours=1.0)
    control.act(engine, forked.id, role="county_government", key=forked.keys["county_government"], kind="declare",
                args={"level": "III"})
    control.assign(engine, forked.id, role="county_government", person=None, key=forked.facilitator_key)
    control.advance(engine, forked.id, key=forked.facilitator_key, to_end=True)
    state, key, evaluation = control.assess(engine, forked.id)
    rows = _timeline(state, key, evaluation, "zh")
    assert [(row[1], row[2]) for row in rows if "Ⅲ级应急响应" in row[2]] == [
        ("固阳县人民政府 · Cai", "启动应急响应：Ⅲ级应急响应")]
    assert ("07-18 22:00", "固阳县人民政府", "终止应急响应") in [tuple(row[:3]) for row in rows]
    assert not any("预案推演" in row[2] for row in rows)


@pytest.mark.parametrize("language, said", [
    ("zh", "终止应急响应（预案推演：07-18 22:00 终止应急响应）"),
    ("en", "End the response (the plan's own run: 07-18 22:00 The response ends)")])
def test_a_players_early_end_is_one_line_of_the_timeline_that_names_the_plans_own_run_end_time(
        scripted, language, said):
    """The scripted county orders the end at 20:00; it takes effect, in the drill's log, when the
    conditions hold at 22:00, when the plan's own run ends too: one line, the player's at 20:00,
    with the plan's end time in it, and no entry of the drill's log at 22:00 beside it."""
    engine, drill = scripted
    state, key, evaluation = control.assess(engine, drill.id)
    ends = [row for row in _timeline(state, key, evaluation, language)
            if "终止应急响应" in row[2] or "End the response" in row[2]]
    assert [(row[0], row[2]) for row in ends] == [("07-18 20:00", said)]
    assert ends[0][1].endswith(" · Cai")


def test_a_player_who_ends_the_response_when_the_plans_own_run_does_has_one_line_with_no_note(db_url):
    """The county orders the end at 22:00, as the conditions hold and the plan's own run ends."""
    engine = db.open_database(db_url)
    drill = play(engine, SCRIPT[:-1] + [(10.0, "county_government", "end", {})])
    state, key, evaluation = control.assess(engine, drill.id)
    rows = _timeline(state, key, evaluation, "zh")
    assert [tuple(row[:3]) for row in rows if "终止应急响应" in row[2]] == [
        ("07-18 22:00", "固阳县人民政府 · Cai", "终止应急响应")]


def _decision(t_h: float, action: str, to: str | None = None) -> dict:
    return {"t_h": t_h, "unit": "county_government", "action": action, "plan": "plan", "to": to}


def _taken(seq: int, at_h: float, kind: str, level: str | None = None) -> db.Action:
    return db.Action(seq, at_h, dt.datetime(2026, 7, 18, tzinfo=dt.timezone.utc), "county_government", "Cai", kind,
                     {"level": level} if level else {})


def test_a_players_adjustments_are_set_beside_the_plans_nearest_ones_and_one_past_them_beside_none():
    """The plan's own run adjusts at 3 h, 6 h and 9 h; the player skipped the first and adjusts at
    6.25 h, 9.5 h and 12 h: the first two beside 6 h and 9 h (in order they would stand beside
    3 h and 6 h), the third beside none, not beside the 3 h one that came before them."""
    plan = [_decision(1.0, "declare_response", "III"), _decision(3.0, "adjust_response", "II"),
            _decision(6.0, "adjust_response", "I"), _decision(9.0, "adjust_response", "II"),
            _decision(14.0, "end_response")]
    taken = [_taken(1, 1.0, "declare", "III"), _taken(2, 6.25, "adjust", "I"), _taken(3, 9.5, "adjust", "II"),
             _taken(4, 12.0, "adjust", "III"), _taken(5, 13.0, "end")]
    paired = report.counterparts(taken, [], plan)
    assert [(e["action"], e["t_h"]) if e else None for e in paired] == [
        ("declare_response", 1.0), ("adjust_response", 6.0), ("adjust_response", 9.0), None, ("end_response", 14.0)]


def test_a_players_declaration_is_set_beside_the_plans_declaration_of_the_same_incident_though_another_is_nearer():
    """The drill's second incident begins at 10 h, the plan's own run's at 16 h: the player's
    declaration at 10.5 h is set beside the plan's at 17 h, not its first incident's at 6 h."""
    def begun(t_h: float, number: int) -> dict:
        return {"t_h": t_h, "unit": "model", "action": "incident_begun", "plan": "plan", "number": number}

    drill = [begun(0.0, 1), begun(10.0, 2)]
    plan = [begun(0.0, 1), _decision(6.0, "declare_response", "III"), begun(16.0, 2),
            _decision(17.0, "declare_response", "III")]
    paired = report.counterparts([_taken(1, 1.0, "declare", "III"), _taken(2, 10.5, "declare", "III")], drill, plan)
    assert [e["t_h"] for e in paired] == [6.0, 17.0]
