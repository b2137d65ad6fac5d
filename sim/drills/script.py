"""Before a drill: its 演练方案 (drill plan) and 演练脚本 (drill script, an MSEL), from the scenario.

An emergency office writes two papers before an exercise. The 演练方案 gives its purpose
and objectives, the participating units and their tasks under the plan, the roles to
fill and the schedule. The 演练脚本 is the timeline the controllers follow — in English
practice a Master Scenario Events List (MSEL): every inject with its clock time, who
sends it, which units receive it, its content, and what each receiving role is then
expected to do, with the clause that asks it, the deadline and the objective it tests.

Both are read off the scenario and the plan, not written by hand: the expected actions
are the questions the engine puts to each unit in the plan's own run of the scenario
(everyone acting at once, as the answer key of a drill does), each with the hours the
plan allows (:func:`~sim.drills.evaluate.allowance`). An action belongs to the inject
that led to it: the latest one at or before it falls due.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..clock import clock as clock_time
from ..clock import date_time, duration
from ..errors import InputError
from ..messages import joined, own, pick, text
from ..report import Section, render_html, render_markdown
from . import objectives as objectives_mod
from .actions import Catalogue
from .control import DEFAULT_SETTINGS, draw_refusals, scheduled_injects
from .evaluate import Item, allowance
from .inputs import Inputs, drawn, snapshot
from .replay import drill_catalogue, simulate

Text = Mapping[str, str]



def label(key: str, language: str, **fmt) -> str:
    """The script's label ``key`` (``drill_script.`` in the one catalogue, sim.messages; a
    whole key such as ``msel.column.sender`` for a word other faces show too)."""
    return own("drill_script.", key, language, **fmt)


@dataclass(frozen=True)
class InjectRow:
    """A scenario inject as the script lists it, with the actions expected after it."""

    key: str
    at_h: float
    roles: tuple[str, ...]
    title: Text
    body: Text
    #: the plan's expected actions after it (nobody has played them yet: each is ``open``)
    expected: tuple[Item, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Script:
    inputs: Inputs
    texts: Mapping[str, str]
    catalogue: Catalogue
    seed: int
    grace_h: float
    objectives: tuple[objectives_mod.Objective, ...]
    injects: tuple[InjectRow, ...]

    @property
    def start(self):
        return self.inputs.scenario.start

    def clock(self, t_h: float | None) -> str:
        return clock_time(self.start, t_h)

    def unit_name(self, unit: str, language: str) -> str:
        return pick(self.catalogue.unit_name(unit), language)

    def expected(self) -> list[Item]:
        return [e for row in self.injects for e in row.expected]


def roles_of(scenario_path: str | Path) -> dict[str, Text]:
    """The roles a drill on the scenario can give out — the plan's units that take a
    decision — by id, with their names (a facilitator picks them by name)."""
    inputs = drawn(snapshot(scenario_path), 1)
    sim, _ = simulate(inputs, (), 0.0)
    cat = drill_catalogue(inputs, sim)
    return {role: cat.unit_name(role) for role in cat.roles}


def build(scenario_path: str | Path, *, seed: int = 1, replication: int = 0, grace_h: float | None = None) -> Script:
    """The drill's papers for a scenario file (checked by the same loader as a drill's
    inputs), on the incident a drill with ``seed`` and ``replication`` plays (refused, as a
    drill refuses them, when no drill could play it)."""
    if problems := draw_refusals(seed, replication):
        raise InputError(problems)
    texts = snapshot(scenario_path)
    inputs = drawn(texts, seed, replication)
    scenario, plan = inputs.scenario, inputs.plan
    grace = DEFAULT_SETTINGS["grace_h"] if grace_h is None else float(grace_h)
    sim, policy = simulate(inputs, (), scenario.horizon_h)
    cat = drill_catalogue(inputs, sim)
    goals = tuple(objectives_mod.of_scenario(scenario))
    injects = sorted(scheduled_injects(inputs), key=lambda i: i["at_h"])
    found: dict[str, list[Item]] = {i["key"]: [] for i in injects}
    for ask in policy.asks:
        key = ask.key
        if ask.kind in ("declare", "adjust", "dispatch"):
            key = ask.expected
            if key is None:
                continue
        spec = next((s for s in cat.for_role(ask.role) if s.kind == ask.kind), None)
        args = {spec.arg: key} if spec is not None and spec.arg and key is not None else {}
        expected = Item(ask.role, ask.kind, key, cat.action_label(ask.role, ask.kind, args),
                        cat.clause_of(ask.role, ask.kind, key), ask.t_h, allowance(plan, ask.kind, key, grace))
        owner = next((i["key"] for i in reversed(injects) if i["at_h"] <= ask.t_h), injects[0]["key"] if injects else None)
        if owner is not None:
            found[owner].append(expected)
    rows = tuple(InjectRow(i["key"], i["at_h"], tuple(i["roles"]), i["title"], i["body"],
                           tuple(sorted(found[i["key"]], key=lambda e: (e.due_h, _unit_order(cat, e.role)))))
                 for i in injects)
    return Script(inputs, texts, cat, seed, grace, goals, rows)


def _unit_order(cat: Catalogue, role: str) -> int:
    ids = [u.id for u in cat.plan.units]
    return ids.index(role) if role in ids else len(ids)


# ------------------------------------------------------------------------------ sections


def which_draw(script: Script, language: str) -> list[tuple[str, str]]:
    """Which incident the papers are of, as (label, value) pairs: the seed, the replication
    where it is told (:attr:`~sim.drills.inputs.Inputs.replication_told`) and, for a
    template, what it drew (:attr:`~sim.drills.inputs.Inputs.drawn_told`). The drill plan's
    overview and the MSEL workbook say it with these pairs, so the two read the same."""
    told, drawn = script.inputs.replication_told, script.inputs.drawn_told
    return [(label("common.seed", language), str(script.seed)),
            *([] if told is None else [(label("common.replication", language), str(told))]),
            *([] if drawn is None else [(label("drill.drawn", language), pick(drawn, language))])]


def plan_sections(script: Script, language: str) -> list[Section]:
    """The 演练方案: overview, objectives, units and their tasks, roles, schedule."""
    L = lambda k, **f: label(k, language, **f)  # noqa: E731
    scenario = script.inputs.scenario
    expected = script.expected()
    out = [Section(L("overview"), pairs=[
        (L("common.scenario"), pick(scenario.title, language)),
        (L("description"), pick(scenario.description, language)),
        *script.inputs.documents_said(L("plan"), language),
        (L("area"), pick(script.inputs.area.name, language)),  # a drill's inputs are a Case: it has its area
        (L("drill.start"), date_time(script.start, 0)),
        (L("end"), script.clock(scenario.horizon_h)),
        (L("length"), duration(scenario.horizon_h, language)),
        *which_draw(script, language),
        (L("drill.grace"), duration(script.grace_h, language)),
    ])]
    out.append(Section(L("drill.objectives"), header=[L("drill.objective"), L("tied")], rows=[
        [pick(o.text, language), str(sum(1 for e in expected if o.covers(e)))] for o in script.objectives
    ]))
    by_role: dict[str, list[Item]] = {}
    for e in expected:
        by_role.setdefault(e.role, []).append(e)
    roles = sorted(by_role, key=lambda r: _unit_order(script.catalogue, r))
    out.append(Section(L("units"), header=[L("common.unit"), L("count"), L("tasks")], rows=[
        [script.unit_name(role, language), str(len(by_role[role])),
         L("common.clause_sep").join(dict.fromkeys(L("task", task=pick(e.label, language),
                                              clause=script.inputs.cite(e.clause, language)) for e in by_role[role]))]
        for role in roles
    ]))
    out.append(Section(L("roles"), header=[L("drill.role"), L("person"), L("may")], rows=[
        [script.unit_name(role, language), "",
         joined((pick(s.label, language) for s in script.catalogue.for_role(role) if s.kind != "note"), language)]
        for role in script.catalogue.roles
    ]))
    schedule = [["—", L("briefing")], [script.clock(0), L("begin")]]
    schedule += [[script.clock(row.at_h), L("inject", title=pick(row.title, language))] for row in script.injects]
    schedule.append([script.clock(scenario.horizon_h), L("finish")])
    out.append(Section(L("schedule"), header=[L("common.time"), L("drill.what")], rows=schedule))
    return out


def msel_rows(script: Script, language: str) -> list[list[str]]:
    """One row per inject × expected action (an inject nobody need answer: one row)."""
    rows = []
    for n, row in enumerate(script.injects, start=1):
        head = [str(n), script.clock(row.at_h), label("control", language),
                joined((script.unit_name(r, language) for r in row.roles), language), label("desk", language),
                pick(row.body, language)]
        for e in row.expected or (None,):
            if e is None:
                rows.append(head + ["", "", "", "", "", ""])
                continue
            expected = pick(e.label, language)
            if script.catalogue.left_to_unit(e.kind, e.key):  # the plan's answer, and the unit may decline it
                expected = label("may_decline", language, task=expected)
            rows.append(head + [
                script.unit_name(e.role, language), expected, script.inputs.cite(e.clause, language, clause_first=True),
                script.clock(e.due_h),
                script.clock(e.due_h + e.allowed_h),
                text("common.clause_sep", language).join(pick(o.text, language) for o in script.objectives if o.covers(e))])
    return rows


def script_sections(script: Script, language: str) -> list[Section]:
    L = lambda k: label(k, language)  # noqa: E731
    return [Section(L("msel"), header=[L(k) for k in (
        "msel.column.no", "common.time", "msel.column.sender", "msel.column.to", "msel.column.delivery", "content",
        "msel.column.expected_by", "msel.column.expected", "common.clause", "drill.due", "drill.deadline",
        "msel.column.objective")],
                    rows=msel_rows(script, language))]


def title(script: Script, language: str) -> str:
    return f"{label('plan_title', language)} · {label('script_title', language)} — {pick(script.inputs.scenario.title, language)}"


def markdown(script: Script, language: str = "zh") -> str:
    return render_markdown(title(script, language), plan_sections(script, language) + script_sections(script, language),
                           language)


def html(script: Script, language: str = "zh") -> str:
    return render_html(title(script, language), plan_sections(script, language) + script_sections(script, language),
                       language)

