"""One Case: a checked, immutable scenario with the plans and the area it runs on.

A Case is built once, by :func:`load_case`, from a scenario file — with a planner's
edited plans in place of the shipped ones of the same id and other resource counts —
and every cross-reference between the three is checked then, so whatever takes a Case
(a run, a sweep, a comparison, a drill) never meets a dangling id.

A Case is one *replication* of its scenario (``replication``, 0 unless
:func:`load_case` or :meth:`Case.changed` says otherwise), drawn by :meth:`Case.draw`
from a seed:

* for a template scenario (a ``template:`` section) replication *i* under seed *s* is
  the incident the sweep draws for row *i* (:mod:`sim.inputs.generator`), with its own
  engine seed derived from ``(s, i)``; so ``run TEMPLATE --seed S --replication I``
  reproduces row *I* of ``sweep TEMPLATE --seed S``;
* any other scenario tells one story: replication 0 is that story under engine seed *s*
  itself, as ``run STORY --seed S`` has always run it, and replication *i* > 0 the story
  under an engine seed derived from ``(s, i)`` as a template's is (two seeds' sweeps share
  no run); so ``run STORY --seed S --replication I`` reproduces row *I* of ``sweep STORY
  --seed S`` too, and replication *i* of a comparison.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, echoed
from ..findings import IN_AREA, ids
from ..messages import LANGUAGES, Message, figure, typed
from ..plan import PLAN_ADAPTER, ResponsePlan
from .area import Area
from .conditions import condition_problems
from .generator import FACTS, Generator, engine_seed
from .layout import AREAS, SCENARIOS, area_file, library_of, plan_file
from .documents import kind_of, undecided
from .loader import load_area, load_model, load_plan, load_plan_text, load_text, locate
from .scenario import Scenario, reference_problems, unset_figure_problems
from .yaml_source import read_text
from .template import template_problems


class Plans(Mapping):
    """The plans of a Case by id, in the scenario's order; read-only (and picklable, so a
    Case travels to worker processes and Dask workers as it is)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any]):
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Plans({list(self._items)})"


@dataclass(frozen=True)
class Draw:
    """One replication of a Case: the scenario the engine runs, its engine seed, and what
    was drawn (the sweep's fact columns; all empty for a scenario that is not a template)."""

    replication: int
    seed: int
    scenario: Any
    facts: tuple
    #: the seed the replication was drawn under, as the user gave it (``seed`` is the engine's)
    asked: int = 0

    def stamp(self, result: dict) -> dict:
        """``result`` (this draw's run) saying which seed and replication it is, as the user
        gave them (``drawn_from``): the engine's own seed, derived from both, is not one a
        reader can type again."""
        result["drawn_from"] = {"seed": self.asked, "replication": self.replication}
        return result


@dataclass(frozen=True, eq=False)
class Case:
    """A scenario with its plans (``{id: plan}``, in the scenario's order) and its area,
    checked against each other; ``source`` is the scenario's file, for messages;
    ``replication`` which of the scenario's replications it is (see the module's docstring).

    A Case unpacks as ``scenario, plans, area``, the engine's arguments."""

    scenario: Any
    plans: Plans
    area: Any
    source: str = ""
    replication: int = 0

    def __iter__(self) -> Iterator[Any]:
        return iter((self.scenario, self.plans, self.area))

    @property
    def is_template(self) -> bool:
        return self.scenario.template is not None

    @property
    def plan(self) -> ResponsePlan | None:
        """The scenario's first response plan: the one the engine's summary is about."""
        return next((p for p in self.plans.values() if isinstance(p, ResponsePlan)), None)

    @cached_property
    def _generator(self) -> Generator:
        return Generator(self.scenario, self.area)

    def changed(self, plans: Mapping[str, Any] | None = None, resources: Mapping[str, int] | None = None,
                replication: int | None = None) -> "Case":
        """This Case with edited plans in place of those of their ids, other resource
        counts and another replication, checked again; the same Case when nothing changes.
        The scenario object is kept when only plans change, so two arms of a comparison
        share each draw; another replication alone needs no check and keeps the template's
        generator, so a sweep changes the replication of one Case row by row."""
        counts = {rid: int(n) for rid, n in (resources or {}).items() if self.scenario.resources.get(rid) != int(n)}
        if replication is not None and int(replication) != self.replication:
            if int(replication) < 0:
                raise InputError([Problem(self.source, 0, 0, "replication",
                                          Message("input.negative_replication", replication=replication))])
            other = replace(self, replication=int(replication))
            if "_generator" in self.__dict__:
                other.__dict__["_generator"] = self.__dict__["_generator"]
            return other.changed(plans, resources)
        if not plans and not counts:
            return self
        scenario = self.scenario
        if counts:
            scenario = scenario.model_copy(update={"resources": {**scenario.resources, **counts}})
        chosen = dict(self.plans)
        for plan_id, plan in (plans or {}).items():
            if plan_id not in scenario.plans:
                raise locate([(("plans",), _not_the_scenarios(plan_id, scenario.plans, self.plans.get))],
                             self.source)
            chosen[plan_id] = plan
        return _checked(scenario, chosen, self.area, self.source, self.replication)

    def draw(self, seed: int) -> Draw:
        """This Case's replication under ``seed`` (see the module's docstring)."""
        if self.is_template:
            incident = self._generator.incident(seed, self.replication)
            return Draw(self.replication, incident.seed, incident.scenario, incident.facts, int(seed))
        engine = int(seed) if self.replication == 0 else engine_seed(int(seed), self.replication)
        return Draw(self.replication, engine, self.scenario, NO_FACTS, int(seed))


#: The facts of a replication of a scenario that is not a template: nothing was drawn.
NO_FACTS = (None,) * len(FACTS)


def duty_ids(plans: Mapping[str, Any]) -> set[str]:
    """Every duty id of the response plans (what a template's ``cleared_by`` may name)."""
    ids: set[str] = set()
    for plan in plans.values():
        if isinstance(plan, ResponsePlan):
            ids.update(d.id for _, d in plan.all_duties())
    return ids


def _checked(scenario, plans: Mapping[str, Any], area, source: str, replication: int = 0, *,
             stored: bool = False) -> Case:
    """The Case, once the scenario's (and its template's) references to the plans and the
    area hold: the one place cross-references are checked.

    Inputs ``stored`` with a drill were checked when the drill began. Every condition the
    case sets must have a name (:mod:`sim.inputs.conditions`), and every figure a plan reads
    from the scenario must be set by it, only since later: neither changes what runs, so a
    drill stored before then replays as it ran."""
    findings = reference_problems(scenario, plans, area)
    if scenario.template is not None:
        findings += template_problems(scenario.template, duty_ids(plans))
    if not stored:
        findings += condition_problems(scenario, plans, area) + unset_figure_problems(scenario, plans)
    if findings:
        raise located(findings, source, area_file(library_of(Path(source)), scenario.area))
    return Case(scenario, Plans({pid: plans[pid] for pid in scenario.plans}), area, source, replication)


def located(findings: list, scenario_path: str | Path, area_path: str | Path) -> InputError:
    """Cross-reference findings at their files' lines: those about the area (their path
    starts with :data:`~sim.findings.IN_AREA`) where the area file writes them, the
    others in the scenario file."""
    in_area = [(path[1:], message) for path, message in findings if path[:1] == (IN_AREA,)]
    in_scenario = [(path, message) for path, message in findings if path[:1] != (IN_AREA,)]
    problems = locate(in_scenario, scenario_path).problems if in_scenario else []
    if in_area:
        problems += locate(in_area, area_path).problems
    return InputError(problems)


def load_case(path: str | Path, plan_files=(), *, plans: Mapping[str, Any] | None = None,
              resources: Mapping[str, int] | None = None, replication: int = 0, template: bool = False) -> Case:
    """The Case of a scenario file: the one way into a run, a sweep, a comparison or a drill.

    ``plan_files`` are plan files (a planner's edited copies, any file name) and ``plans``
    plan models (an edited plan already parsed) that replace the scenario's plans of
    their ids; an id the scenario does not use is an error, not ignored (a misspelt id
    would otherwise run the shipped plan and report it as the edited one). ``resources``
    changes resource counts; ``replication`` says which of the scenario's replications
    the Case is (for a template, which drawn incident: :meth:`Case.draw` draws it under a
    seed). ``template`` True refuses a scenario without a ``template:`` section (a sweep
    draws its incidents from one). Every problem is an :class:`InputError` at its file,
    line and column.
    """
    path = Path(path)
    scenario, loaded, area = _read(path, plan_files)
    if template and scenario.template is None:
        raise InputError([Problem(str(path), 1, 1, "template", Message("input.not_a_template"))])
    return _checked(scenario, loaded, area, str(path)).changed(plans, resources, replication)


def load_any(path: str | Path, in_directory: bool = False) -> Any:
    """Load a plan, scenario or area file, as its folder or its content says.

    A scenario is loaded with its plans and area and checked against them, as ``run``
    does. A plan's id must equal its file name only when it was found in a directory
    (``in_directory``), where plans are found by id; a file named on its own is a
    planner's copy and may have any name.
    """
    kind = kind_of(path)
    if kind is None:
        raise undecided(path)
    if kind == "plan":
        return load_plan(path, require_stem=in_directory)
    if kind == "scenario":
        return load_case(path)
    return load_area(path)


def plan_files(case: Case, files) -> dict:
    """Plan files (a planner's edited copies, any file name) by the id of the scenario's
    plan each replaces, ready for :meth:`Case.changed`; an id the scenario does not use,
    or given twice, is an :class:`InputError` at the file's ``id``."""
    return edited_plans(case.scenario, files, case.plans.get)


def edited_plans(scenario, plan_files, plan_of=lambda plan_id: None) -> dict:
    """Load plan files that replace the scenario's plans of their ids (``--plan FILE``).

    A planner's edited copy may have any file name, so it is matched by its id; an id
    the scenario does not use is an error, not ignored: a misspelt or foreign plan would
    otherwise run the shipped plan silently and report it as the edited one. The error
    names the scenario's plans (``plan_of``: id -> plan, or ``None`` when it cannot be
    read), each with the id an edited copy keeps.
    """
    plans: dict = {}
    problems: list[Problem] = []
    for file in plan_files:
        try:
            plan = load_model(file, PLAN_ADAPTER, "plan")
        except InputError as error:
            problems.extend(error.problems)
            continue
        if plan.id not in scenario.plans:
            message = _not_the_scenarios(plan.id, scenario.plans, plan_of)
        elif plan.id in plans:
            message = Message("input.plan_given_twice", plan=typed([(plan.id, plan.title)]))
        else:
            plans[plan.id] = plan
            continue
        problems.extend(locate([(("id",), message)], file).problems)
    if problems:
        raise InputError(problems)
    return plans


def _not_the_scenarios(plan_id: str, scenario_plans, plan_of) -> Message:
    """An edited plan whose id is none of the scenario's: the scenario's plans by their
    titles, each with the id an edited copy keeps."""
    named = [(known, getattr(plan_of(known), "title", None)) for known in scenario_plans]
    return Message("input.plan_not_in_scenario", id=repr(plan_id), plans=typed(named))


class _Disk:
    """Input files on disk."""

    def text(self, path: Path) -> str:
        return read_text(path)

    def has(self, path: Path) -> bool:
        return path.is_file()

    def names(self, folder: Path) -> list[str]:
        return sorted(p.name for p in folder.glob("*.yaml"))


class _Stored:
    """Input files kept as texts by their names in a library (``scenarios/x.yaml``,
    ``areas/a.yaml``, ``<plan id>.yaml``): a drill's copy of what it was created from."""

    def __init__(self, texts: Mapping[str, str]):
        self.texts = {Path(name): text for name, text in texts.items()}

    def text(self, path: Path) -> str:
        return self.texts[path]

    def has(self, path: Path) -> bool:
        return path in self.texts

    def names(self, folder: Path) -> list[str]:
        return sorted(p.name for p in self.texts if p.parent == folder)


def _read(path: Path, plan_files, files=_Disk(), library: Path | None = None) -> tuple:
    """The scenario, its plans (files in ``plan_files`` replace those of their ids) and its
    area, each file validated; a file that is not where the layout says is reported at
    the scenario's line that names it, with the path looked at."""
    scenario = load_text(files.text(path), str(path), Scenario, "scenario")
    library = library_of(path) if library is None else library
    plans = edited_plans(scenario, plan_files, lambda plan_id: _plan_if_readable(files, library, plan_id))
    missing = list(_missing_files(scenario, library, plans, files))
    if missing:
        raise locate(missing, path)
    area_path = area_file(library, scenario.area)
    area = load_text(files.text(area_path), str(area_path), Area, "area")
    problems: list[Problem] = []
    for plan_id in scenario.plans:
        if plan_id not in plans:
            plan_path = plan_file(library, plan_id)
            try:
                plans[plan_id] = load_plan_text(files.text(plan_path), str(plan_path))
            except InputError as error:
                problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return scenario, plans, area


def _plan_if_readable(files, library: Path, plan_id: str):
    """The scenario's plan ``plan_id`` for naming it in a message; ``None`` when it does not load."""
    try:
        return load_plan_text(files.text(plan_file(library, plan_id)), str(plan_file(library, plan_id)))
    except (InputError, KeyError):
        return None


def stored_case(texts: Mapping[str, str]) -> Case:
    """The Case of input files kept as texts (see :func:`source_texts`), checked exactly as
    the files were: what a drill replays, whatever has changed on disk since.

    Built once per content (a drill is replayed on every refresh of its pages, and a Case
    is immutable, so the same texts share one)."""
    return _stored_case(tuple(sorted(texts.items())))


@lru_cache(maxsize=16)
def _stored_case(items: tuple[tuple[str, str], ...]) -> Case:
    texts = dict(items)
    names = [Path(name) for name in texts if Path(name).parent == Path(SCENARIOS)]
    if len(names) != 1:
        raise InputError([Problem("drill", 0, 0, "inputs", Message("drill.no_single_scenario"))])
    scenario, plans, area = _read(names[0], (), _Stored(texts), Path("."))
    return _checked(scenario, plans, area, str(names[0]), stored=True)


def source_texts(case: Case) -> dict[str, str]:
    """The texts of a Case's scenario file and of the area and plan files it names, by their
    names in the library (``scenarios/x.yaml``, ``areas/a.yaml``, ``<plan id>.yaml``), for
    :func:`stored_case`."""
    path = Path(case.source)
    library = library_of(path)
    files = {Path(SCENARIOS) / path.name: path, Path(AREAS) / f"{case.scenario.area}.yaml":
             area_file(library, case.scenario.area)}
    files.update({Path(f"{plan_id}.yaml"): plan_file(library, plan_id) for plan_id in case.scenario.plans})
    return {name.as_posix(): read_text(file) for name, file in files.items()}


def _missing_files(scenario, library: Path, plans: Mapping[str, Any], files) -> Iterator[tuple]:
    """The scenario's area and plans that have no file where they are looked for: each with
    the files there are, or, when there is none, where a scenario must be kept for its
    plans and area to be found."""
    file = area_file(library, scenario.area)
    if not files.has(file):
        there = files.names(file.parent)
        yield ("area",), Message("xref.no_area_file", id=echoed(scenario.area), file=str(file),
                                 there=Message("xref.files_there", known=_some(there)) if there else
                                 Message("xref.layout"))
    for i, plan_id in enumerate(scenario.plans):
        file = plan_file(library, plan_id)
        if plan_id not in plans and not files.has(file):
            there = files.names(library)
            yield ("plans", i), Message("xref.no_plan_file", id=echoed(plan_id), file=str(file),
                                        there=Message("xref.files_there", known=_some(there)) if there else
                                        Message("xref.layout"))


#: How many of a folder's files a message names: enough to spot a misspelt id, not a whole
#: downloads folder of YAML on one line.
SHOWN_FILES = 20


def _some(names) -> Any:
    """A folder's file names as a message lists them (names, not ids: a file's name says
    nothing of the id inside it until it is read): the first :data:`SHOWN_FILES` in order,
    then how many more there are."""
    names = sorted(names)
    if len(names) <= SHOWN_FILES:
        return ids(names)
    more = len(names) - SHOWN_FILES
    return Message("xref.and_more", known=ids(names[:SHOWN_FILES]),
                   more={language: figure(more, language) for language in LANGUAGES})
