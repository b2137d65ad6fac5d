"""The import structure, read from the sources (ast): arrows go one way.

Every import counts, function-local ones included (a local import hides a cycle, it does
not remove it). An import ``from package import name`` depends on the module
``package.name`` when there is one, else on ``package``. Importing ``a.b.c`` runs the
``__init__`` of ``a.b`` first, so it depends on that package too (unless it is the
importer's own package, which is already loading): a package that re-exports its modules
closes a cycle through it.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sim"

#: The engine's packages and what they must never import: the faces built on the engine.
ENGINE = ("sim.engine", "sim.fire")
FACES = ("sim.ui", "sim.drills", "sim.sweep", "sim.commands", "sim.cli", "sim.bench", "sim.fuzz")
#: What is read from files, and all it must never import: the engine and everything above it.
INPUTS = ("sim.inputs",)
ABOVE_INPUTS = ENGINE + FACES
#: The modules that read YAML: everything else goes through the package ``sim.inputs``.
READING = ("sim.inputs.yaml_source", "sim.inputs.loader")
#: The fuzzing campaign drives the reading stages themselves, one by one.
READING_TESTED_BY = ("sim.fuzz",)
#: Plan models, and the checks of plans that must stay outside them.
PLAN_MODELS = ("sim.plan",)
PLAN_CHECKS = ("sim.references", "sim.lint")


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - (level - 1)]
    return ".".join(parts + ([name] if name else []))


@cache
def import_graph() -> dict[str, frozenset[str]]:
    modules = _modules()
    sources = {module: (path.read_text(encoding="utf-8"), is_package) for module, (path, is_package) in modules.items()}
    return graph_of(sources)


def graph_of(sources: dict[str, tuple[str, bool]]) -> dict[str, frozenset[str]]:
    """Module → the modules it imports, from ``{module: (source, is_package)}``: every
    import statement anywhere in the source (``ast.walk`` enters functions and classes)."""
    graph: dict[str, set[str]] = {name: set() for name in sources}
    for module, (source, is_package) in sources.items():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom):
                base = _absolute(module, is_package, node.level, node.module)
                for alias in node.names:
                    target = f"{base}.{alias.name}"
                    graph[module].add(target if target in sources else base)
            elif isinstance(node, ast.Import):
                graph[module].update(alias.name for alias in node.names)
        graph[module] = frozenset(target for target in graph[module] | _packages_run(module, graph[module])
                                  if target in sources and target != module)
    return graph


def _packages_run(module: str, targets: set[str]) -> set[str]:
    """The packages whose ``__init__`` importing ``targets`` runs, but the importer's own."""
    return {package for target in targets for package in _parents(target) if package not in _parents(module)}


def _parents(module: str) -> list[str]:
    """``a.b.c`` → ``a``, ``a.b``."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _imports_between(sources: tuple[str, ...], targets: tuple[str, ...]) -> list[tuple[str, str]]:
    graph = import_graph()
    return sorted((module, target) for module, imported in graph.items() if _within(module, sources)
                  for target in imported if _within(target, targets))


def test_no_module_imports_itself_back_through_any_chain_of_imports():
    assert cycles(import_graph()) == []


def test_the_engine_imports_nothing_from_the_app_drills_sweeps_or_commands():
    assert _imports_between(ENGINE, FACES) == []


def test_the_inputs_import_nothing_from_the_engine_or_the_faces_above_it():
    assert _imports_between(INPUTS, ABOVE_INPUTS) == []


def test_only_the_inputs_read_yaml_and_everything_else_asks_the_inputs_package():
    outside = tuple(sorted({module.split(".")[1] for module in import_graph()
                            if module.count(".") and not _within(module, INPUTS + READING_TESTED_BY)}))
    assert _imports_between(tuple(f"sim.{name}" for name in outside), READING) == []
    assert [module for module in sorted(_importers_of("yaml")) if not _within(module, INPUTS)] == []


def test_plan_models_do_not_import_their_checks():
    assert _imports_between(PLAN_MODELS, PLAN_CHECKS) == []


def test_the_checker_sees_a_cycle_hidden_in_a_function_local_import():
    hidden = {
        "pkg": ("", True),
        "pkg.a": ("from . import b\n", False),
        "pkg.b": ("def later():\n    from .a import thing\n    return thing\n", False),
        "pkg.c": ("class Late:\n    def method(self):\n        import pkg.a\n", False),
    }
    graph = graph_of(hidden)
    assert graph["pkg.b"] == {"pkg.a"} and graph["pkg.c"] == {"pkg.a"}
    assert cycles(graph) == [["pkg.a", "pkg.b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    graph = import_graph()
    assert "sim.inputs.case" in graph["sim.inputs"]  # the package re-exports the Case
    assert "sim.inputs.generator" in graph["sim.inputs.case"]


def test_the_checker_sees_a_cycle_closed_by_a_package_that_re_exports_its_modules():
    """``fire.run`` importing ``engine.schedule`` runs ``engine/__init__``; were that to import
    ``engine.run``, which imports ``fire.run``, importing ``fire.run`` first would fail."""
    assert _packages_run("sim.fire.run", {"sim.engine.schedule"}) == {"sim.engine"}
    assert _packages_run("sim.engine.run", {"sim.engine.schedule"}) == set()
    assert "sim.engine" in import_graph()["sim.fire.run"]


#: The one module that reaches into SimPy (its queue, counter and clock, its processes and
#: timeouts), and the benchmark's bare SimPy loop, which is the yardstick.
DOOR = "sim.engine.schedule"
YARDSTICK = "sim.bench"
#: What only the door touches: SimPy's internals, the door's own lanes of entries due now
#: (``firsts``, ``nows``), and SimPy's ways of scheduling.
SIMPY_INTERNALS = {"_queue", "_eid", "_ok", "_value", "_defused", "firsts", "nows"}
SIMPY_SCHEDULING = {"process", "timeout", "event", "schedule", "step", "peek", "run"}


def _reaches_into_simpy(module: str, path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "simpy" for a in node.names):
            found.append(f"{module}:{node.lineno}: import simpy")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "simpy":
            found.append(f"{module}:{node.lineno}: from {node.module} import")
        elif isinstance(node, ast.Attribute):
            owner = node.value
            on_env = (isinstance(owner, ast.Name) and owner.id == "env") or (
                isinstance(owner, ast.Attribute) and owner.attr == "env")
            if node.attr in SIMPY_INTERNALS or (on_env and node.attr in SIMPY_SCHEDULING | {"_now"}):
                found.append(f"{module}:{node.lineno}: .{node.attr}")
    return found


def test_only_the_scheduling_door_reaches_into_simpy():
    """Every wait of the engine, the fire bans and the drills goes through one module."""
    found = [hit for module, (path, _) in sorted(_modules().items()) if module not in (DOOR, YARDSTICK)
             for hit in _reaches_into_simpy(module, path)]
    assert found == []


def test_the_door_check_sees_simpy_imported_a_timeout_and_the_queue(tmp_path):
    source = tmp_path / "waits.py"
    source.write_text("import simpy\n"
                      "def wait(sim, env):\n"
                      "    sim.env.timeout(1)\n"
                      "    env._queue.clear()\n"
                      "    sim.run(until=2)\n"
                      "    env.nows.append(None)\n", encoding="utf-8")
    assert _reaches_into_simpy("waits", source) == ["waits:1: import simpy", "waits:3: .timeout", "waits:4: ._queue",
                                                    "waits:6: .nows"]


def test_only_the_downloads_module_writes_csv():
    """One CSV writer (sim.downloads), so every CSV has the same cells and Excel's byte-order mark."""
    writers = {name for name, (path, _) in _modules().items()
               if any(isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter", "to_csv")
                      and (node.attr == "to_csv" or getattr(node.value, "id", "") == "csv")
                      for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))}
    assert writers == {"sim.downloads"}


def test_only_the_widgets_module_draws_a_download_button():
    """One download button (sim.ui.widgets.download), which hands over its file without running
    the page again: a page of its own would bring back the rerun that loses the file under load."""
    drawers = {name for name, (path, _) in _modules().items()
               if any(isinstance(node, ast.Attribute) and node.attr == "download_button"
                      for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))}
    assert drawers == {"sim.ui.widgets"}


def test_only_the_widgets_module_draws_a_plotly_chart():
    """One way to draw a chart (sim.ui.widgets.chart), whose toolbar speaks the reader's
    language: one drawn directly would show Plotly's English tooltips on a Chinese page."""
    drawers = {name for name, (path, _) in _modules().items()
               if any(isinstance(node, ast.Attribute) and node.attr == "plotly_chart"
                      for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))}
    assert drawers == {"sim.ui.widgets"}


#: Streamlit's widgets that show a chosen option by its text.
CHOICE_WIDGETS = {"selectbox", "radio", "multiselect", "select_slider", "segmented_control", "pills"}


def test_only_the_choices_module_draws_a_choice_widget():
    """One way to draw a choice (sim.ui.choices), whose chosen option follows the language switch:
    one drawn directly would go on showing the language it was first drawn in. A call with a
    label draws one (``choices.selectbox(st, …)`` asks that module to); a test's lookup of a
    drawn widget by its key (``at.selectbox(key=…)``) has no label."""
    def draws(node: ast.AST) -> bool:
        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CHOICE_WIDGETS
                and getattr(node.func.value, "id", "") != "choices"
                and bool(node.args or any(k.arg == "label" for k in node.keywords)))

    drawers = {name for name, (path, _) in _modules().items()
               if any(draws(node) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))}
    assert drawers <= {"sim.ui.choices"}  # which draws each kind by its name


def test_only_the_memo_module_keeps_values_per_model_object():
    """One per-model cache (sim.memo): a value derived from a plan, scenario or area is kept
    there, not in a weak-reference table of each module's own."""
    keepers = {name for name, (path, _) in _modules().items()
               if any(isinstance(node, (ast.Import, ast.ImportFrom)) and "weakref" in
                      ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module])
                      for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))}
    assert keepers == {"sim.memo"}


def _importers_of(package: str) -> set[str]:
    """The modules under ``sim`` that import a third-party ``package``, every import counted."""
    found = set()
    for module, (path, _) in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            if any(name == package or name.startswith(package + ".") for name in names):
                found.add(module)
    return found


def test_only_the_pages_import_streamlit_and_the_drill_domain_imports_no_page():
    """The drills' domain (sim.drills) is used headless by the command line and the bench:
    its pages live with the other pages in sim.ui."""
    assert {module for module in _importers_of("streamlit") if not _within(module, ("sim.ui",))} == set()
    assert _imports_between(("sim.drills",), ("sim.ui",)) == []


def test_only_the_inputs_list_the_files_of_a_library_folder():
    """Which files a folder of plans, scenarios or areas holds is the layout's to say."""
    listers = {name for name, (path, _) in _modules().items()
               if any(isinstance(node, ast.Constant) and node.value == "*.yaml"
                      for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))}
    assert {name for name in listers if not _within(name, INPUTS)} == set()


def _local_imports(path: Path) -> list[int]:
    """The lines of the imports made inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sorted({sub.lineno for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                   for sub in ast.walk(node) if isinstance(sub, (ast.Import, ast.ImportFrom))})


def test_the_models_the_inputs_and_the_engine_import_everything_at_the_top():
    """The lower layers load nothing heavy on demand, so an import inside a function there could
    only hide a cycle; the faces may still import a heavy page or extra when it is used."""
    found = [f"{name}:{line}" for name, (path, _) in sorted(_modules().items())
             if _within(name, PLAN_MODELS + INPUTS + ENGINE) for line in _local_imports(path)]
    assert found == []
