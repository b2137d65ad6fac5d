"""``python -m sim classify PLAN --metric ID=VALUE ...``: the severity an incident meets.

A first report (初判) gives a few figures; this prints the severity level and response
level they meet under the plan, with the clauses that decided it. Flags that the plan
cannot use (an unknown metric, a grid scope its criteria never test) are errors, not
silently ignored: a typo must not turn a major blackout into "below every level". For
the same reason a figure the criteria test is never read as zero: when a missing
figure could change the answer, the command names it and gives no answer. A figure is typed
by its id or its name, read as ``check`` reads an activity's (:func:`sim.names.named_id`).
"""

from __future__ import annotations

import argparse

from ..cli_words import Words, typed
from ..command_line import type_error
from ..errors import echoed
from ..messages import BOTH, LANGUAGES, Message, bilingual, joined, pick
from ..messages import text as message
from ..names import ids_by_name, named_id
from ..plan.criteria import GRID_SCOPE, HELD_H, figure_key, grid_instance, grids_of, range_text, walk
from ..report import figure_name, figure_value, severity_name
from ..severity import discretion_holds


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("classify", help=Message("cli.command.classify"), description=Message("cli.classify.about"))
    parser.add_argument("plan", metavar="PLAN", help=Message("cli.classify.plan"))
    parser.add_argument("--metric", action="append", default=[], type=_metric, metavar="ID[@SCOPE[:GRID]]=VALUE",
                        help=Message("cli.classify.metric"))
    parser.add_argument("--context", action="append", default=[], type=_context, metavar="ID=VALUE",
                        help=Message("cli.classify.context"))
    parser.add_argument("--grid-scope", metavar="SCOPE", help=Message("cli.classify.grid_scope"))
    parser.add_argument("--grid-load-mw", type=_number, metavar="MW", help=Message("cli.classify.grid_load_mw"))
    parser.add_argument("--held-h", type=_length, metavar="HOURS", help=Message("cli.classify.held_h"))
    parser.add_argument("--json", action="store_true", help=Message("cli.option.json"))
    parser.set_defaults(run=run)


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise type_error("cli.number", got=echoed(text)) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise type_error("cli.finite_number", got=echoed(text))
    return value


def _length(text: str) -> float:
    """How long the figures have held: a number of hours, none below 0."""
    value = _number(text)
    if value < 0:
        raise type_error("cli.at_least", minimum=0, got=echoed(text, quoted=False))
    return value


def _pair(text: str, example: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name or not value:
        raise type_error("cli.id_value", example=example, got=echoed(text))
    return name, value


def _metric(text: str) -> tuple[str, float]:
    name, value = _pair(text, "load_shed_pct=25")
    return name, _number(value)


def _context(text: str) -> tuple[str, str]:
    return _pair(text, "grid_scope=provincial")


def run(args: argparse.Namespace) -> int:
    import json

    from ..inputs import load_plan, locate
    from ..plan import ResponsePlan
    from ..severity import classify

    plan = load_plan(args.plan, require_stem=False)  # an edited copy may have any name
    if not isinstance(plan, ResponsePlan):
        raise locate([(("kind",), Message("cli.classify.not_a_response_plan", kind=plan.kind))], args.plan)
    values = _values(args, plan)
    _require_deciding_figures(plan, values)
    result = classify(plan, values)
    if args.json:
        print(json.dumps(to_dict(plan, values, result), ensure_ascii=False, indent=2))
    else:
        print("\n".join(render(plan, values, result, args.lang)))
    return 0


def _values(args: argparse.Namespace, plan) -> dict:
    """The command line as the values classification reads, checked against the plan."""
    from ..errors import InputError, option_problem
    from ..severity import metric_range, range_words

    metrics = {m.id: m for m in plan.metrics}
    given = [("--metric", name, value) for name, value in args.metric]
    if args.grid_load_mw is not None:
        given.append(("--grid-load-mw", "grid_load_mw", args.grid_load_mw))
    values: dict = {}
    problems = []
    scopes = _grid_scopes(plan)
    named: dict[str, list[str]] = {}  # scope -> the grids of it given by name, then "" when one is given without
    ids = ids_by_name({m.id: [m.name] for m in plan.metrics})  # a figure by its id or its name, as check takes its words
    for flag, typed_key, value in given:
        written, at, grid = typed_key.partition("@")
        scope, colon, grid_id = grid.partition(":")
        name, several = named_id(ids, written)
        key = (name or written) + at + grid  # the figure by its id from here on, however it was typed
        low, high = metric_range(metrics[name]) if name is not None else (0, 0)
        if several:
            problems.append(option_problem(flag, Message("common.several", value=echoed(written),
                                                         ids=typed((m, metrics[m].name) for m in several))))
        elif name is None:
            problems.append(option_problem(flag, Message("classify.unknown_metric", name=echoed(written), plan=_title(plan),
                                                         known=typed((m.id, m.name) for m in plan.metrics))))
        elif at and not scope:
            problems.append(option_problem(flag, Message("classify.no_scope", key=echoed(typed_key), name=name,
                                                         known=_scopes_typed(plan, scopes))))
        elif colon and not grid_id:
            problems.append(option_problem(flag, Message("classify.no_grid_name", key=echoed(typed_key), after=echoed(scope + ":"),
                                                         name=name, scope=scope)))
        elif scope and scope not in scopes:
            problems.append(option_problem(flag, Message("classify.unknown_scope", scope=echoed(scope), plan=_title(plan),
                                                         known=_scopes_typed(plan, scopes))))
        elif key in values:
            problems.append(option_problem(flag, Message("classify.metric_twice", key=echoed(key))))
        elif not low <= value <= high:
            metric = metrics[name]  # the value as the plan's unit says it (a count bare), a yes/no one as typed
            said = {language: f"{value:g}" if metric.unit == "bool" else figure_value(metric, value, language)
                    for language in LANGUAGES}
            problems.append(option_problem(flag, Message("classify.out_of_range", key=typed([(key, metric.name)]),
                                                         value=said, range=range_words(metric))))
        else:
            values[key] = value
            if scope:
                known = named.setdefault(scope, [])
                if grid_id not in known:
                    known.append(grid_id)
    for scope, grids in named.items():
        if "" in grids and len(grids) > 1:
            problems.append(option_problem("--metric", Message("classify.named_and_not", scope=scope)))
        elif "" not in grids:
            values[grids_of(scope)] = tuple(grid_instance(scope, grid) for grid in grids)
    contexts = _contexts(plan)
    given = [("--context", name, value) for name, value in args.context]
    if args.grid_scope is not None:
        given.append(("--grid-scope", "grid_scope", args.grid_scope))
    for flag, name, value in given:
        label = Message("classify.the_grid_scope") if name == "grid_scope" else Message("classify.the_context",
                                                                                         name=echoed(name))
        if name not in contexts:
            problems.append(option_problem(flag, Message("classify.no_levels_on", plan=_title(plan), label=label)))
        elif name in values:
            problems.append(option_problem(flag, Message("classify.given_twice", label=label)))
        elif value not in contexts[name]:
            problems.append(option_problem(flag, Message("classify.unknown_value", value=echoed(value), label=label,
                                                         plan=_title(plan),
                                                         known=_values_typed(plan, name, contexts[name]))))
        else:
            values[name] = value
    if getattr(args, "held_h", None) is not None:
        values[HELD_H] = args.held_h
    if problems:
        raise InputError(problems)
    scope = values.get(GRID_SCOPE)
    if scope in scopes:  # the grid the bare figures describe is the grid of that scope, as an area's own is
        scenario_facts = {m.id for m in plan.metrics if m.origin == "scenario"}  # of the incident, not a grid
        for key, value in list(values.items()):
            if "@" not in key and key not in scenario_facts:
                values.setdefault(figure_key(key, scope), value)
    return values


def _title(plan) -> dict[str, str]:
    return plan.title.model_dump()


def _figure_typed(plan, *keys: str) -> dict[str, str]:
    """Figures the command line asks for (a metric, maybe of a grid, or a context), each beside its name."""
    names = {m.id: m.name for m in plan.metrics} | {c.id: c.name for c in plan.contexts or ()}
    return typed([(key, names.get(key.partition("@")[0])) for key in keys])


def _scopes_typed(plan, scopes: list[str]) -> dict[str, str] | Message:
    """The grid scopes the plan's rows read, as typed after a figure's ``@``: what a
    ``--metric`` that names none, or one the plan lacks, is told to choose from."""
    return _values_typed(plan, GRID_SCOPE, scopes) if scopes else Message("classify.no_scopes")


def _values_typed(plan, context: str, values: list[str]) -> dict[str, str]:
    """The values a context may take, as typed on the command line, each beside its name."""
    figure = next((c for c in plan.contexts or () if c.id == context), None)
    names = {v.id: v.name for v in figure.values} if figure is not None else {}
    return typed((value, names.get(value)) for value in values)


def _either(plan, levels: list[str]) -> dict[str, str]:
    """Severity levels by name, ``a, b or c``, in each language."""
    def said(language: str) -> list[str]:
        return [severity_name(plan, level, language) for level in levels]

    return {language: message("common.or", language).join(
                filter(None, [joined(said(language)[:-1], language), said(language)[-1]]))
            for language in LANGUAGES}


def _grid_scopes(plan) -> list[str]:
    """The grid scopes a plan's levels read figures of (``grid:``), in order of appearance."""
    found: list[str] = []
    for level in plan.severity_levels:
        for _, part, grid in walk(level.criteria):
            if grid is not None and grid not in found:
                found.append(grid)
    return found


def _require_deciding_figures(plan, values: dict) -> None:
    """Refuse to answer while a missing figure could change the answer (see :func:`sim.severity.undecided`)."""
    from ..errors import InputError, option_problem
    from ..severity import undecided

    contexts = _contexts(plan)
    problems = []
    given_scopes = {key.partition("@")[2] for key in values if "@" in key}
    given_scopes |= {scope.partition(":")[0] for scope in given_scopes}  # a grid given by name is its scope's
    missing = undecided(plan, values)
    if _grid_scopes(plan) and not given_scopes and all("@" in key for key in missing):
        raise InputError([option_problem("--metric", Message("classify.which_grid", plan=_title(plan),
                                                             scopes=_values_typed(plan, GRID_SCOPE, _grid_scopes(plan))))])
    for key, levels in missing.items():
        if "@" in key and key.partition("@")[2] not in given_scopes:
            continue  # a grid of which nothing is given is not part of the incident
        if key == HELD_H:
            problems.append(option_problem("--held-h", Message("classify.held_missing", could=_either(plan, levels))))
            continue
        if key in contexts:
            flag, give = ("--grid-scope", "--grid-scope SCOPE") if key == "grid_scope" else ("--context", f"--context {key}=VALUE")
            give = Message("classify.give_one_of", give=give, known=_values_typed(plan, key, contexts[key]))
        else:
            flag, give = "--metric", f"--metric {key}=VALUE"
        problems.append(option_problem(flag, Message("classify.missing", key=_figure_typed(plan, key),
                                                     could=_either(plan, levels), give=give)))
    if problems:
        raise InputError(problems)


def _contexts(plan) -> dict[str, list[str]]:
    """Every context the severity criteria test (and the grid scope, when rows name grids by it),
    with the values it may take: the plan's declared values, else those the tests accept."""
    from ..plan.criteria import AllOf, AnyOf, ContextTest

    declared = {c.id: [v.id for v in c.values] for c in plan.contexts or ()}
    found: dict[str, list[str]] = {}
    if _grid_scopes(plan):
        found[GRID_SCOPE] = declared.get(GRID_SCOPE) or _grid_scopes(plan)

    def visit(criterion) -> None:
        if isinstance(criterion, ContextTest):
            known = found.setdefault(criterion.context, [])
            known.extend(v for v in criterion.in_ if v not in known)
        elif isinstance(criterion, (AnyOf, AllOf)):
            for child in criterion.any_of if isinstance(criterion, AnyOf) else criterion.all_of:
                visit(child)

    for level in plan.severity_levels:
        visit(level.criteria)
    if plan.discretion is not None and plan.discretion.criteria is not None:
        visit(plan.discretion.criteria)  # below the levels, a context may put the choice to a unit
    return {key: declared.get(key, known) for key, known in found.items()}


def _source_dict(plan, source) -> dict:
    found = {"document": source.document_data() or plan.document.title.zh, "clause": source.clause,
             "quote": source.quote}
    if source.checked is False:
        found["checked"] = False  # its wording stands unchecked against a published copy
    return found


def _leaf_dict(leaf, values) -> dict:
    if leaf.is_context:
        return {"context": leaf.key, "value": values.get(leaf.key), "in": list(leaf.allowed)}
    return {"metric": leaf.key, "value": values.get(leaf.key), "min": leaf.min, "max": leaf.max}


def to_dict(plan, values: dict, result) -> dict:
    """The answer as JSON-ready data; ids are the plan's (``response_level`` e.g. ``"II"``)."""
    levels = {level.id: level for level in plan.severity_levels}
    responses = {level.id: level for level in plan.response_levels}
    units = {unit.id: unit for unit in plan.units}
    severity = levels.get(result.severity)
    response = responses.get(result.response_level)
    answer = {
        "plan": plan.id,
        "values": values,
        "severity": result.severity,
        "severity_name": severity.name.model_dump() if severity else None,
        "response_level": result.response_level,
        "response_level_name": response.name.model_dump() if response else None,
        "commanders": [
            {"id": unit_id, "name": units[unit_id].name.model_dump()} for unit_id in (response.commanders if response else [])
        ],
        "sources": [_source_dict(plan, s) for s in result.sources],
        "assumptions": [bilingual(a) for a in _assumed(result)],
        "matched": [_leaf_dict(leaf, values) for leaf in result.matched],
    }
    if result.severity is None and plan.discretion is not None:
        holds, missing = discretion_holds(plan, values)
        answer["discretion"] = {"unit": plan.discretion.unit, "unit_name": units[plan.discretion.unit].name.model_dump(),
                                "text": plan.discretion.text.model_dump(), "criteria_met": holds, "missing": missing,
                                "source": _source_dict(plan, plan.discretion.source)}
    return answer


def _leaf_text(leaf, plan, values, bounds, w: Words) -> str:
    """A criterion met: the figure by its name (a grid's within the area's with that grid's
    name, as the charts title it) with the id it was typed as, its value and bounds."""
    metric = next((m for m in plan.metrics if m.id == leaf.key.partition("@")[0]), None)
    name = {language: figure_name(leaf.key, plan, language) for language in LANGUAGES} if metric else None
    label = w.inline("common.typed_as", name=w.one(name), id=leaf.key) if name else leaf.key
    if leaf.is_context:
        return f"{label} = {values.get(leaf.key)} ∈ {{{', '.join(leaf.allowed)}}}"
    if metric is not None and metric.unit == "bool":  # a fact: it holds, as typed (=1), or not
        said = {language: figure_value(metric, values.get(leaf.key), language) for language in LANGUAGES}
        return f"{label} = {values.get(leaf.key):g}{w.inline('common.aside', text=w.one(said))}"
    return f"{label} = {values.get(leaf.key):g} {range_text(leaf.min, leaf.max, bounds)}"


def _discretion_lines(plan, found: dict, w: Words) -> list[str]:
    """Below every level: whether the figures put the plan's discretionary response to its unit
    (a choice that unit makes, never an automatic start), what the plan says, and its clause."""
    unit = found["unit_name"]
    if found["criteria_met"]:
        said = w.label("classify.discretion_met", unit=unit)
    elif found["criteria_met"] is False:
        said = w.label("classify.discretion_not_met", unit=unit)
    else:
        said = w.label("classify.discretion_open", unit=unit, keys=_figure_typed(plan, *found["missing"]))
    return [w.head("classify.discretion") + said, *w.noted("common.note", plan.discretion.text, "  "),
            f"  • {plan.discretion.source.line(w.language)}"]


def render(plan, values: dict, result, language: str = BOTH) -> list[str]:
    """The answer as plain text in ``language`` (``zh``, ``en`` or ``both``): levels and units
    by name, the figures as they were typed."""
    w = Words(language)
    data = to_dict(plan, values, result)
    scope = values.get(GRID_SCOPE)
    shown = {k: v for k, v in values.items()  # not the copies --grid-scope made of the figures given, nor the lists of grids
             if not (scope and k.endswith(f"@{scope}") and k.partition("@")[0] in values) and not isinstance(v, tuple)}
    given = " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in shown.items())
    lines = [w.one(plan.title), w.head("classify.input") + (given or w.label("common.none"))]
    if result.severity is None:
        lines.append(w.head("common.severity") + w.label("classify.below"))
        if "discretion" in data:
            lines += _discretion_lines(plan, data["discretion"], w)
        return lines
    lines.append(w.head("common.severity") + w.one(data["severity_name"]))
    if data["response_level_name"]:
        # several commanders are alternatives (one of them commands, by the event's extent)
        command = {language: message("common.or", language).join(pick(c["name"], language) for c in data["commanders"])
                   for language in LANGUAGES}
        lines += [w.head("common.response_level") + w.one(data["response_level_name"]),
                  w.head("classify.command") + w.one(command, " / ")]
    else:
        lines.append(w.head("common.response_level") + w.label("classify.no_response"))
    lines.append(w.head("classify.met").rstrip())
    lines += [f"  • {_leaf_text(leaf, plan, values, plan.bounds, w)}" for leaf in result.matched]
    lines.append(w.head("classify.sources").rstrip())
    lines += [f"  • {source.line(language)}" for source in result.sources]
    # a part that met the level on an assumption where the plan is silent says so, as a cited one says its clause
    lines += [f"  • {w.head('common.assumption')}{w.one(assumption, ' / ')}" for assumption in _assumed(result)]
    return lines


def _assumed(result) -> list:
    """The assumptions of the parts that met the level and cite no clause (a plan that
    graded on its own figures where its text is silent), each once."""
    found: list = []
    for leaf in result.matched:
        if leaf.source is None and leaf.assumption is not None and all(leaf.assumption is not a for a in found):
            found.append(leaf.assumption)
    return found
