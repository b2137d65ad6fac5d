"""``python -m sim drill script|import-msel|new|list|status|act|assign|rekey|archive|release|advance|report|…``: run an exercise from the shell.

The drill lives in the database (``TUIYAN_DB_URL``, default ``drills.sqlite`` in the
working directory; ``--db`` overrides both), so every command is one short process and
several people may run them at once against the same drill.

``drill new`` prints the facilitator's key and each player's key and link, once (the
database keeps only their digests); ``act`` needs the role's key, and ``assign``,
``rekey``, ``archive``, ``release``, ``advance`` and the other verbs that change the drill the
facilitator's (``--key``).
"""

from __future__ import annotations

import argparse
import os
import sys

from ..command_line import Named, count, refusals_as_options, refuse_suffix, type_error
from ..errors import echoed
from ..drills.refusals import SOURCE
from ..messages import BOTH, LANGUAGES, Message, joined, pick, read_in, render, section, text, typed


#: An improvement item's statuses and their words (``sim.drills.improvement.STATUSES``, read
#: here from the catalogue without loading the database for ``--help``).
_STATUSES = section("drill_improvement_status.")
#: The kinds of action a role may take and their words (``sim.drills.actions.KIND_LABELS``, likewise).
_ACTIONS = section("drill_action.")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("drill", help=Message("cli.command.drill"), description=Message("cli.drill.about"))
    parser.add_argument("--db", metavar="URL", help=Message("cli.drill.db"))
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    script = verbs.add_parser("script", help=Message("cli.drill.script"),
                              description=Message("cli.drill.script.about", drawn=Message("drill.drawn")))
    script.add_argument("scenario", metavar="SCENARIO", help=Message("cli.drill.scenario"))
    script.add_argument("--format", choices=("md", "html", "xlsx"), default="md", help=Message("cli.drill.script.format"))
    script.add_argument("--seed", type=int, default=1, help=Message("cli.drill.seed"))
    _replication_option(script)
    script.add_argument("--out", metavar="FILE", help=Message("cli.drill.out"))
    script.set_defaults(run=run_script)

    msel = verbs.add_parser("import-msel", help=Message("cli.drill.import_msel"),
                            description=Message("cli.drill.import_msel.about"))
    msel.add_argument("scenario", metavar="SCENARIO", help=Message("cli.drill.import_msel.scenario"))
    msel.add_argument("sheet", metavar="MSEL.xlsx", help=Message("cli.drill.import_msel.sheet"))
    msel.add_argument("--column", action="append", default=[], metavar="FIELD=HEADER",
                      help=Message("cli.drill.import_msel.column"))
    msel.add_argument("--out", metavar="FILE", help=Message("cli.drill.import_msel.out"))
    msel.set_defaults(run=run_import_msel)

    new = _verb(verbs, "new")
    new.add_argument("scenario", metavar="SCENARIO", help=Message("cli.drill.scenario"))
    new.add_argument("--name", required=True, help=Message("cli.drill.new.name"))
    new.add_argument("--role", action="append", default=[], metavar="UNIT=PERSON", help=Message("cli.drill.new.role"))
    new.add_argument("--seed", type=int, default=1, help=Message("cli.drill.seed"))
    _replication_option(new)
    new.add_argument("--grace-h", type=float, default=None, metavar="H", help=Message("cli.drill.new.grace_h"))
    new.add_argument("--facilitator", metavar="NAME", help=Message(
        "cli.drill.new.facilitator", zh=text("drill.facilitator", "zh"),
        en=text("drill.facilitator", "en")))
    _url_option(new)
    _export_option(new)
    new.set_defaults(run=run_new)

    listing = _verb(verbs, "list")
    listing.add_argument("--all", action="store_true", help=Message("cli.drill.list.all"))
    listing.set_defaults(run=_in_each_language(run_list))

    act = _verb(verbs, "act")
    _drill_id(act)
    act.add_argument("--role", required=True, metavar="UNIT", help=Message("cli.drill.act.role"))
    act.add_argument("--action", required=True, metavar="ACTION", help=Message(
        "cli.drill.act.action", kinds=typed((kind, dict(zip(LANGUAGES, words))) for kind, words in _ACTIONS.items())))
    act.add_argument("--arg", action="append", default=[], metavar="K=V", help=Message("cli.drill.act.arg"))
    act.add_argument("--key", metavar="KEY", help=Message("cli.drill.act.key"))
    act.set_defaults(run=run_act)

    status = _verb(verbs, "status")
    _drill_id(status)
    status.add_argument("--role", metavar="UNIT", help=Message("cli.drill.status.role"))
    status.set_defaults(run=_in_each_language(run_status))

    assign = _verb(verbs, "assign")
    _drill_id(assign)
    assign.add_argument("--role", required=True, metavar="UNIT", help=Message("cli.drill.unit"))
    assign.add_argument("--person", help=Message("cli.drill.assign.person"))
    _facilitator_key(assign)
    _url_option(assign)
    assign.set_defaults(run=run_assign)

    rekey = _verb(verbs, "rekey")
    _drill_id(rekey)
    which = rekey.add_mutually_exclusive_group(required=True)
    which.add_argument("--role", action="append", metavar="UNIT", help=Message("cli.drill.rekey.role"))
    which.add_argument("--all", action="store_true", help=Message("cli.drill.rekey.all"))
    _facilitator_key(rekey)
    _url_option(rekey)
    rekey.add_argument("--sheet", metavar="FILE", help=Message("cli.drill.rekey.sheet"))
    rekey.set_defaults(run=run_rekey)

    archive = _verb(verbs, "archive")
    _drill_id(archive)
    archive.add_argument("--restore", action="store_true", help=Message("cli.drill.archive.restore"))
    _facilitator_key(archive)
    archive.set_defaults(run=run_archive)

    release = _verb(verbs, "release")
    _drill_id(release)
    release.add_argument("inject", metavar="INJECT", help=Message("cli.drill.release.inject"))
    _facilitator_key(release)
    release.set_defaults(run=run_release)

    advance = _verb(verbs, "advance")
    _drill_id(advance)
    how = advance.add_mutually_exclusive_group(required=True)
    how.add_argument("--hours", type=float, metavar="H", help=Message("cli.drill.advance.hours"))
    how.add_argument("--to", metavar="TIME", help=Message("cli.drill.advance.to"))
    how.add_argument("--to-end", action="store_true", help=Message("cli.drill.advance.to_end"))
    how.add_argument("--step", action="store_true", help=Message("cli.drill.advance.step"))
    _facilitator_key(advance)
    advance.set_defaults(run=run_advance)

    report = _verb(verbs, "report")
    _drill_id(report)
    report.add_argument("--format", choices=("md", "html"), default="md", help=Message("cli.drill.report.format"))
    report.add_argument("--out", metavar="FILE", help=Message("cli.drill.out"))
    report.set_defaults(run=run_report)

    objectives = _verb(verbs, "objectives")
    _drill_id(objectives)
    objectives.add_argument("--share", choices=("yes", "no"), help=Message("cli.drill.objectives.share"))
    objectives.add_argument("--key", metavar="KEY", help=Message("cli.drill.objectives.key"))
    objectives.set_defaults(run=_in_each_language(run_objectives))

    improve = _verb(verbs, "improve")
    _drill_id(improve)
    _facilitator_key(improve)
    improve.set_defaults(run=run_improve)

    items = _verb(verbs, "improvements")
    items.add_argument("--drill", type=int, metavar="DRILL", help=Message("cli.drill.improvements.drill"))
    items.add_argument("--scenario", metavar="ID", help=Message("cli.drill.improvements.scenario"))
    items.set_defaults(run=_in_each_language(run_improvements))

    item = _verb(verbs, "improvement")
    item.add_argument("item", type=int, metavar="ITEM", help=Message("cli.drill.improvement.item"))
    statuses = Named({status: dict(zip(LANGUAGES, words)) for status, words in _STATUSES.items()})
    item.add_argument("--status", choices=statuses, help=Message(
        "cli.drill.improvement.status", statuses=typed(statuses.items())))
    item.add_argument("--unit", metavar="UNIT", help=Message("cli.drill.improvement.unit"))
    item.add_argument("--due", metavar="YYYY-MM-DD", help=Message("cli.drill.improvement.due"))
    _facilitator_key(item)
    item.set_defaults(run=run_improvement)

    fork = _verb(verbs, "fork")
    fork.add_argument("drill", type=int, metavar="DRILL", help=Message("cli.drill.fork.drill"))
    fork.add_argument("--at", required=True, metavar="TIME", help=Message("cli.drill.fork.at"))
    fork.add_argument("--name", help=Message("cli.drill.fork.name"))
    _url_option(fork)
    _export_option(fork)
    _facilitator_key(fork)
    fork.set_defaults(run=run_fork)

    for name, verb in verbs.choices.items():
        if name not in _NO_DATABASE:  # --db before or after the verb, as --lang (given before, it stands)
            verb.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=Message("cli.drill.db"))
        refusals_as_options(verb, SOURCE, _FILLED_BY)  # a refusal names what was typed, by each verb's own options


def _replication_option(verb: argparse.ArgumentParser) -> None:
    """``--replication I``: which replication of the scenario the drill plays, as ``run --replication`` takes it."""
    verb.add_argument("--replication", type=count(0), default=0, metavar="I", help=Message("cli.drill.replication"))


#: The verbs that work on files alone, before any drill is in a database.
_NO_DATABASE = frozenset({"script", "import-msel"})


#: The drill's fields (:mod:`sim.drills.refusals`) filled by an option whose ``dest`` is
#: another name; every other field is filled by the option of its own name.
_FILLED_BY = {"args": "arg", "settings.grace_h": "grace_h", "improvement": "item"}


def _verb(verbs: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser:
    """A drill verb whose one-line help (``cli.drill.<verb>``) is also its description."""
    words = Message(f"cli.drill.{name}")
    return verbs.add_parser(name, help=words, description=words)


def _drill_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("drill", type=int, metavar="DRILL", help=Message("cli.drill.id"))


def _languages(args: argparse.Namespace) -> tuple[str, ...]:
    """The languages ``--lang`` asks for (every verb takes it, as every command does: both
    unless one is asked for; a paper in both is the Chinese paper, then the English one)."""
    language = getattr(args, "lang", BOTH)
    return read_in(language)


def _in_each_language(show):
    """A verb that prints what it reads in one language, run once per language asked for
    (Chinese, then English, by default)."""
    def run(args: argparse.Namespace) -> int:
        for i, language in enumerate(_languages(args)):
            if i:
                print()
            status = show(argparse.Namespace(**{**vars(args), "lang": language}))
            if status:
                return status
        return 0
    run.__doc__ = show.__doc__
    return run


def _paper(write, args: argparse.Namespace, html: bool):
    """A paper (``write(language)``) in the languages asked for; both: the Chinese paper,
    then the English one (in HTML, the English body after a page break)."""
    papers = [write(language) for language in _languages(args)]
    if len(papers) == 1:
        return papers[0]
    zh, en = papers
    if not html:
        return f"{zh}\n\n---\n\n{en}"
    body = en[en.index("<body"):en.rindex("</body>")]
    body = body[body.index(">") + 1:]
    return zh.replace("</body>", f'<div style="break-before: page"></div>{body}</body>', 1)


def _facilitator_key(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--key", metavar="KEY", help=Message("cli.drill.facilitator_key"))


def _url_option(parser: argparse.ArgumentParser) -> None:
    from ..drills.keys import DEFAULT_APP_URL

    parser.add_argument("--url", type=_app_url, default=DEFAULT_APP_URL, metavar="BASE",
                        help=Message("cli.drill.url", default=DEFAULT_APP_URL))


def _app_url(typed: str) -> str:
    """An option type: the app's address the printed links start with (:func:`sim.drills.keys.base_fault`)."""
    from ..drills.keys import base_fault

    fault = base_fault(typed)
    if fault is not None:
        raise type_error(fault.key, **fault.values)
    return typed


def _export_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--export", action="store_true", help=Message("cli.drill.export"))


def _say(args: argparse.Namespace, key: str, **values) -> str:
    """The catalogue's ``drill_cli.<key>`` in the language the command line asks for."""
    return render(Message(f"drill_cli.{key}", **values), getattr(args, "lang", BOTH))


def _shell_name(role: str) -> str:
    """``KEY_<role>`` with what a shell variable cannot hold (``.``, ``-``) as ``_``."""
    return "KEY_" + "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in role)


def _database(args: argparse.Namespace):
    from ..drills.db import open_database

    return open_database(args.db, flag="--db" if args.db else None)


def _moment(engine, drill_id: int, t_h: float) -> str:
    """A moment of the drill as the scenario's clock time."""
    from ..drills import db, views

    return views.moment(db.load_drill(engine, drill_id), t_h)


def _typed_moment(engine, drill_id: int, typed: str, flag: str) -> float:
    """Hours from the drill's scenario start of a clock time typed on the command line."""
    from ..clock import parse
    from ..drills import db
    from ..drills.inputs import of_drill
    from ..errors import InputError, Problem

    start = of_drill(db.load_drill(engine, drill_id)).scenario.start
    try:
        return parse(start, typed)
    except ValueError as error:
        raise InputError([Problem("command line", 0, 0, flag, error.args[0])]) from None


def _pairs(items: list[str], flag: str) -> dict[str, str]:
    from ..errors import InputError, Problem

    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError([Problem("command line", 0, 0, flag, Message("drill_refusal.pair", flag=flag, got=echoed(item)))])
        if not value.strip():  # written as asked, with nothing (or only spaces) to give
            raise InputError([Problem("command line", 0, 0, f"{flag} {key.strip()}", Message("drill_refusal.blank"))])
        if key.strip() in pairs:
            raise InputError([Problem("command line", 0, 0, flag, Message("drill_refusal.twice", key=echoed(key.strip())))])
        pairs[key.strip()] = value.strip()
    return pairs


def run_new(args: argparse.Namespace) -> int:
    from ..drills import control

    roles = _pairs(args.role, "--role")
    settings = {} if args.grace_h is None else {"grace_h": args.grace_h}
    engine = _database(args)
    # no name given: the facilitator is logged by the word for them, in the language asked for (Chinese for both)
    facilitator = args.facilitator if args.facilitator is not None else text(
        "drill.facilitator", "en" if getattr(args, "lang", BOTH) == "en" else "zh")
    made = control.create(engine, args.scenario, name=args.name, roles=roles, seed=args.seed,
                          replication=args.replication, settings=settings, facilitator=facilitator)
    _announce(engine, made, args, _say(args, "created", drill=made.id, name=args.name, n=len(roles),
                                       start=_moment(engine, made.id, 0.0)))
    return 0


def _announce(engine, made, args: argparse.Namespace, line: str) -> None:
    """A new drill (created or forked): ``line``, then its keys and links, shown this once
    (the database keeps only their digests), each role by its unit's name beside the id
    ``--role`` takes; with ``--export`` those go to standard error and standard output gets
    the shell lines."""
    from ..drills import control, db, keys

    out = sys.stderr if args.export else sys.stdout
    words, cat = _words(args), control.catalogue_of(db.load_drill(engine, made.id))
    print(line, file=out)
    print(f"{words.head('drill_cli.facilitator_key')}{made.facilitator_key}\n"
          f"  {keys.facilitator_link(args.url, made.id, made.facilitator_key)}", file=out)
    for role, key in made.keys.items():
        link = keys.participant_link(args.url, made.id, role, key)
        print(f"{_role(words, cat, role)}{words.colon}--key {key}\n  {link}", file=out)
    print(_say(args, "keys_once"), file=out)
    if args.export:
        print(f"export DRILL={made.id}")
        print(f"export FACILITATOR_KEY={made.facilitator_key}")
        for role, key in made.keys.items():
            print(f"export {_shell_name(role)}={key}")


def run_list(args: argparse.Namespace) -> int:
    """Every drill not archived (with ``--all``, every drill, an archived one said so beside
    its clock's mode): its clock, the clock's mode in words, its players and their actions,
    its scenario by name (beside the id ``drill improvements --scenario`` takes) and its name."""
    from ..command_line import columns, pad
    from ..drills import db, views

    engine = _database(args)
    rows = db.list_drills(engine, archived=args.all)
    if not rows:
        print(_say(args, "no_open_drills" if db.list_drills(engine, archived=True) else "no_drills"))
        return 0
    words = _words(args)
    table = [[words.label(f"drill_cli.list.{column}") for column in ("id", "clock", "mode", "people", "actions", "drill")]]
    for row in rows:
        record, clock = db.load_drill(engine, row["id"]), row["clock"]
        mode = views.clock_mode(clock, args.lang)
        if row["archived"]:
            mode += words.inline("common.aside", text=words.label("drill_cli.list.archived"))
        table.append([str(row["id"]), views.moment(record, clock.now()), mode,
                      str(row["participants"]), str(row["actions"]),
                      f"{_scenario(words, record)} / {row['name']}"])
    widths = [max(columns(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        print("  ".join(pad(cell, width) for cell, width in zip(line, widths)).rstrip())
    return 0


def _words(args: argparse.Namespace):
    """The command line's words in the language it asks for (:class:`sim.cli_words.Words`)."""
    from ..cli_words import Words

    return Words(getattr(args, "lang", BOTH))


def _role(words, cat, role: str) -> str:
    """A role as people read it, its unit's name, then the id it is typed as (``--role``)."""
    return words.inline("common.typed_as", name=words.one(cat.unit_name(role)), id=role)


def _heading(words, record) -> str:
    """A drill as a heading: its number, its name and its scenario's (a heading is read, not
    typed from: the scenario's id to type stands in ``drill list``)."""
    return f"{words.head('drill_cli.drill', drill=record.id)}{record.name} · {words.one(_scenario_title(record))}"


def _scenario_title(record):
    from ..drills.inputs import of_drill

    return of_drill(record).scenario.title.model_dump()


def _scenario(words, record) -> str:
    """A drill's scenario by its title, then the id ``drill improvements --scenario`` takes, as typed."""
    return words.inline("common.typed_as", name=words.one(_scenario_title(record)), id=record.scenario)


def run_act(args: argparse.Namespace) -> int:
    from ..drills import control, db, views

    engine = _database(args)
    action = control.act(engine, args.drill, role=args.role, key=args.key, kind=args.action,
                         args=_pairs(args.arg, "--arg"))
    # The unit and what it did as people read them: nothing is left to type, so no id.
    record = db.load_drill(engine, args.drill)
    catalogue = control.catalogue_of(record)
    print(_say(args, "acted", seq=action.seq, at=views.moment(record, action.at_h),
               role=catalogue.unit_name(action.role), person=action.person,
               kind=catalogue.action_label(action.role, action.kind, action.args)))
    return 0


def run_status(args: argparse.Namespace) -> int:
    from ..drills import control, views
    from ..report import level_name, severity_name

    language = args.lang
    state, _key, evaluation = control.assess(_database(args), args.drill)
    record = state.record
    roles = [p.role for p in record.participants]
    cat, words = state.catalogue, _words(args)
    if args.role is not None:
        roles = [cat.role_of(args.role, drill=args.drill)]
    clock = record.clock
    now = views.metrics(state)
    print(_heading(words, record))
    if record.archived:
        print(_say(args, "is_archived", drill=record.id))
    print(_say(args, "clock", now=views.at(state, state.now_h), end=views.at(state, clock.end_h),
               mode=views.clock_mode(clock, language)))
    figures = "".join(f"{name} {value} · " for name, value in views.figures(state, language))
    print(f"{figures}{views.label('common.severity', language)} {severity_name(state.inputs.plan, now['severity'], language)} · "
          f"{views.label('common.response_level', language)} {level_name(state.inputs.plan, now['level'], language)}")
    for role in roles:
        player = record.player(role) or views.label("engine", language)
        print(f"\n{_role(words, cat, role)} · {player}")
        todo = views.tasks(evaluation, role)
        if not todo:
            print("  " + views.label("no_tasks", language))
        for item in todo:
            overdue = f" · {views.label('missed', language)}" if item.status == "missed" else ""
            # a decision the plan leaves to the unit: the command that takes it, then the one that declines it
            answers = cat.answers(item.kind, item.key)
            print(f"  {views.at(state, item.due_h)} – {views.at(state, item.due_h + item.allowed_h)}  "
                  f"{pick(views.task_label(item), language)}{words.inline('common.aside', text=state.inputs.cite(item.clause, language))}{overdue}"
                  + "".join(f"\n      python -m sim drill act {record.id} --role {role} --key … --action {kind}"
                            + "".join(f" --arg {k}={v}" for k, v in views.command_args(state, item, kind).items())
                            for kind in answers))
        for item in (i for i in evaluation.for_role(role) if i.status == "declined"):
            print(f"  {views.at(state, item.done_h)}  {pick(item.label, language)} · {item.person}{words.colon}"
                  f"{pick(item.note, language)}")
        if args.role is not None:  # a player's own look: what has reached the unit, as its desk's inbox has it
            _inbox(state, role, language, words)
    if args.role is None and record.injects:
        print(f"\n{views.label('injects', language)}{words.colon.rstrip()}")  # the list the console heads so
        for inject in record.injects:
            when = (f"{views.label('released', language)} {views.at(state, inject.release_h())}"
                    if inject.visible(state.now_h) else views.label("scheduled", language, t=views.at(state, inject.at_h or 0.0)))
            to = joined((pick(cat.unit_name(r), language) for r in inject.roles), language)
            title = words.inline("common.typed_as", name=pick(inject.title, language), id=inject.key)
            print(f"  {title} → {to} · {when}")
    return 0


def _inbox(state, role: str, language: str, words) -> None:
    """The role's inbox, newest first (:func:`sim.drills.views.inbox`, which the desk shows):
    a player at the command line reads the injects, reports and decisions put to the unit
    here. A message of several lines (a forecast's figures) keeps them, indented under it."""
    from ..drills import views

    messages = views.inbox(state, role, language)
    print(f"  {text('drill_page.inbox', language)}{words.colon.rstrip()}")
    if not messages:
        print("    " + text("common.none", language))
    for message in messages:
        first, *rest = message.text.splitlines() or [""]
        print(f"    {views.at(state, message.t_h)}  {message.source}{words.colon}{first}")
        for line in rest:
            print(f"      {line}")


def run_assign(args: argparse.Namespace) -> int:
    from ..drills import control, db, keys

    from ..errors import InputError, Problem

    if args.person is not None and not args.person.strip():  # an empty shell variable must not unseat a player
        raise InputError([Problem("command line", 0, 0, "--person", Message("drill_refusal.blank_person"))])
    engine = _database(args)
    handed = control.assign(engine, args.drill, args.role, args.person or "", key=args.key)
    action, words = handed.action, _words(args)
    role = action.args["role"]  # its id, however it was typed
    cat = control.catalogue_of(db.load_drill(engine, args.drill))
    who = action.args["person"] or Message("drill.engine")
    print(_say(args, "assigned", seq=action.seq, at=_moment(engine, args.drill, action.at_h),
               role=cat.unit_name(role), who=who))
    if handed.key is not None:
        print(f"{_role(words, cat, role)} · {action.args['person']}{words.colon}--key {handed.key}\n"
              f"  {keys.participant_link(args.url, args.drill, role, handed.key)}")
    return 0


def run_rekey(args: argparse.Namespace) -> int:
    """New keys for the players of some roles (or all): each old key lapses, each change is
    logged under the facilitator; the new links are printed, and with ``--sheet`` written as
    the printable link sheet (the database keeps only the keys' digests, so this is how a
    sheet is made again after the session that created the drill)."""
    from ..drills import control, db, keys, link_sheet

    engine = _database(args)
    record = db.load_drill(engine, args.drill)
    roles = [p.role for p in record.participants] if args.all else list(dict.fromkeys(args.role))
    cat, words = control.catalogue_of(record), _words(args)
    if args.sheet:  # before any key changes: a sheet that cannot be written leaves the old keys working
        _writable(args.sheet, "sheet")
    entries = []
    for typed_role in roles:
        handed = control.new_link(engine, args.drill, typed_role, key=args.key)
        role = handed.action.args["role"]  # its id, however it was typed
        url = keys.participant_link(args.url, args.drill, role, handed.key)
        person = handed.action.args.get("person") or ""
        print(f"{_role(words, cat, role)} · {person}{words.colon}--key {handed.key}\n  {url}")
        entries.append(link_sheet.Entry(cat.unit_name(role), person, url))
    print(_say(args, "old_key"))
    if args.sheet:
        _write(args.sheet, link_sheet.html(record.name, entries, getattr(args, "lang", BOTH)), "sheet")
        print(_say(args, "sheet_written", out=args.sheet, n=len(entries)))
    return 0


def run_archive(args: argparse.Namespace) -> int:
    """Archive the drill, or restore it (``--restore``); the facilitator's, logged under them."""
    from ..drills import control

    engine = _database(args)
    action = control.archive(engine, args.drill, key=args.key, restore=args.restore)
    print(_say(args, "restored" if args.restore else "archived", seq=action.seq, drill=args.drill,
               at=_moment(engine, args.drill, action.at_h), person=action.person))
    return 0


def run_release(args: argparse.Namespace) -> int:
    from ..drills import control, db

    engine = _database(args)
    action = control.release(engine, args.drill, args.inject, key=args.key)
    title = next(i.title for i in db.load_drill(engine, args.drill).injects if i.key == args.inject)
    print(_say(args, "released", seq=action.seq, at=_moment(engine, args.drill, action.at_h), inject=title))
    return 0


def run_advance(args: argparse.Namespace) -> int:
    from ..drills import control, db
    from ..errors import InputError, Problem

    engine = _database(args)
    if args.step:
        action = control.step(engine, args.drill, key=args.key)
    elif args.to is not None:
        clock = db.load_drill(engine, args.drill).clock
        target, now = _typed_moment(engine, args.drill, args.to, "--to"), clock.now()
        if target <= now:
            raise InputError([Problem("command line", 0, 0, "--to", Message(
                "drill_refusal.not_after", target=_moment(engine, args.drill, target), now=_moment(engine, args.drill, now)))])
        # a time at or past the end moves the clock there, as every move stops at the end
        action = control.advance(engine, args.drill, key=args.key, hours=target - now, to_end=target >= clock.end_h)
    else:
        action = control.advance(engine, args.drill, key=args.key, hours=args.hours, to_end=args.to_end)
    print(_say(args, "advanced", drill=args.drill, start=_moment(engine, args.drill, action.args["from_h"]),
               end=_moment(engine, args.drill, action.args["to_h"])))
    return 0


#: The file names each ``--format`` of a paper is written to (``--out``).
_SUFFIXES = {"md": (".md",), "html": (".html", ".htm"), "xlsx": (".xlsx",)}


def run_report(args: argparse.Namespace) -> int:
    from ..drills import control, dossier, report

    if args.out:
        refuse_suffix(args.out, _SUFFIXES[args.format])
    engine = _database(args)
    state, key, evaluation = control.assess(engine, args.drill)
    paper = report.html if args.format == "html" else report.markdown
    filed = dossier.gather(engine, state, key, evaluation)
    text = _paper(lambda language: paper(state, key, evaluation, language, filed), args, args.format == "html")
    if args.out:
        _write(args.out, text, "report")
        overall = evaluation.overall.percent
        print(_say(args, "report_written", drill=args.drill, out=args.out,
                   score=report.percent(overall, getattr(args, "lang", BOTH)), n=len(evaluation.deviations)))
    else:
        sys.stdout.write(text)
    return 0


def _write(path: str, content: str | bytes, what: str) -> None:
    """Write a paper to ``path``; ``what`` names it (``drill_refusal.what.<what>``) if that fails."""
    try:
        if isinstance(content, bytes):
            with open(path, "wb") as out:
                out.write(content)
        else:
            with open(path, "w", encoding="utf-8") as out:
                out.write(content)
    except OSError as error:
        raise _cannot_write(path, what, error) from None


def _writable(path: str, what: str) -> None:
    """Refuse ``path`` now, as :func:`_write` would later, if it cannot be written (a folder, a
    missing directory, no permission), leaving the file as it was."""
    existed = os.path.lexists(path)
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as error:
        raise _cannot_write(path, what, error) from None
    if not existed:
        os.remove(path)


def _cannot_write(path: str, what: str, error: OSError):
    """The refusal of a paper that cannot be written, the same whether it is found before
    anything changes (:func:`_writable`) or when the paper is written (:func:`_write`)."""
    from ..errors import InputError, Problem, system_reason

    return InputError([Problem(path, 0, 0, "", Message("drill_refusal.cannot_write", what=Message(f"drill_refusal.what.{what}"),
                                                       reason=system_reason(error, writing=True)))])


def run_script(args: argparse.Namespace) -> int:
    from ..drills import msel_xlsx, script
    from ..errors import InputError, Problem

    if args.format == "xlsx" and not args.out:
        raise InputError([Problem("command line", 0, 0, "--out", Message("drill_refusal.xlsx_out"))])
    if args.out:
        refuse_suffix(args.out, _SUFFIXES[args.format])
    papers = script.build(args.scenario, seed=args.seed, replication=args.replication)
    if args.format == "xlsx":
        content: str | bytes = msel_xlsx.write_msel(papers, getattr(args, "lang", BOTH))
    else:
        write = script.html if args.format == "html" else script.markdown
        content = _paper(lambda language: write(papers, language), args, args.format == "html")
    if not args.out:
        sys.stdout.write(content)
        return 0
    _write(args.out, content, "script")
    rows = sum(max(1, len(row.expected)) for row in papers.injects)
    print(_say(args, "script_written", out=args.out, injects=len(papers.injects), rows=rows,
               objectives=len(papers.objectives)))
    return 0


def run_import_msel(args: argparse.Namespace) -> int:
    from ..drills import msel_xlsx

    text = msel_xlsx.import_msel(args.scenario, args.sheet, _pairs(args.column, "--column"))
    if not args.out:
        sys.stdout.write(text)
        return 0
    _write(args.out, text, "scenario")
    print(_say(args, "scenario_written", out=args.out, sheet=args.sheet))
    return 0


def run_objectives(args: argparse.Namespace) -> int:
    from ..drills import control, objectives

    engine = _database(args)
    if args.share is not None:
        objectives.share(engine, args.drill, args.share == "yes", key=args.key)
    state, _key, evaluation = control.assess(engine, args.drill)
    goals = objectives.of_drill(engine, args.drill, state.inputs.scenario)
    shared = objectives.shared(engine, args.drill)
    print(_say(args, "objectives_shared" if shared else "objectives_hidden", drill=args.drill, n=len(goals)))
    for entry in objectives.progress(goals, evaluation):
        print(f"  {pick(entry.objective.text, args.lang)} · {objectives.met_line(entry, args.lang)}")
    return 0


def _item_line(item, language: str, name, cite) -> str:
    from ..drills import findings, improvement

    line = text("drill_cli.item", language, id=item.id, grade=findings.grade_label(item.grade, language),
                attribution=findings.attribution_label(item.attribution, language), clause=cite(item.clause),
                unit=name(item.unit), due=item.due.isoformat(), status=improvement.status_label(item.status, language))
    # what was found, then what to do: items alike in clause, unit and action differ in what they are about
    found = text("drill_papers.item_found", language, finding=pick(item.found, language))
    return f"  {line}\n      {found}\n      {pick(item.action, language)}"


def _unit_names(engine, drill_id: int, language: str):
    """A drill's units by name, and its clauses cited where its plan's rules stand."""
    from ..drills import control, db
    from ..event_rules import clause_where

    cat = control.catalogue_of(db.load_drill(engine, drill_id))
    plans = {cat.plan.id: cat.plan}
    return (lambda unit: pick(cat.unit_name(unit), language)), (lambda clause: clause_where(clause, plans, language))


def run_improve(args: argparse.Namespace) -> int:
    from ..drills import control, findings, improvement

    engine = _database(args)
    state, key, evaluation = control.assess(engine, args.drill)
    items = improvement.file(engine, args.drill, findings.findings(state, key, evaluation), state.inputs.plan,
                             key=args.key)
    for i, language in enumerate(_languages(args)):  # filed once, shown in each language asked for
        if i:
            print()
        print(render(Message("drill_cli.improvement_items", drill=args.drill, n=len(items)), language))
        name, cite = _unit_names(engine, args.drill, language)
        for item in items:
            print(_item_line(item, language, name, cite))
    return 0


def run_improvements(args: argparse.Namespace) -> int:
    from ..drills import db, improvement

    engine = _database(args)
    items = improvement.listing(engine, drill_id=args.drill, scenario=args.scenario)
    if not items:
        print(_say(args, "no_improvement_items"))
        return 0
    names: dict[int, object] = {}
    words = _words(args)
    for drill_id in dict.fromkeys(i.drill_id for i in items):
        record = db.load_drill(engine, drill_id)
        print(_heading(words, record))
        names[drill_id] = _unit_names(engine, drill_id, args.lang)
        for item in (i for i in items if i.drill_id == drill_id):
            print(_item_line(item, args.lang, *names[drill_id]))
    return 0


def run_improvement(args: argparse.Namespace) -> int:
    from ..drills import control, db, improvement

    engine = _database(args)
    found = improvement.get(engine, args.item)
    cat = control.catalogue_of(db.load_drill(engine, found.drill_id))
    item = improvement.update_item(engine, args.item, key=args.key, status=args.status, unit=args.unit, due=args.due,
                                   catalogue=cat)
    status = dict(zip(LANGUAGES, improvement.STATUSES[item.status]))
    unit = cat.unit_name(item.unit)
    print(_say(args, "improvement_changed", id=item.id, status=status, unit=unit, due=item.due.isoformat()))
    return 0


def run_fork(args: argparse.Namespace) -> int:
    from ..drills import fork

    engine = _database(args)
    at_h = _typed_moment(engine, args.drill, args.at, "--at")
    made = fork.fork(engine, args.drill, at_h, key=args.key, name=args.name, language=getattr(args, "lang", BOTH))
    _announce(engine, made, args, _say(args, "forked", drill=made.id, original=args.drill,
                                       at=_moment(engine, args.drill, at_h)))
    return 0
