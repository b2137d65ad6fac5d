"""``python -m sim zones``: every zone of every ban notice, the ids ``check --zone`` takes."""

from __future__ import annotations

import argparse

from ..cli_words import Words
from ..messages import Message, listed


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("zones", help=Message("cli.command.zones"), description=Message("cli.zones.about"))
    parser.add_argument("--plans", nargs="+", metavar="DIR_OR_FILE", help=Message("cli.option.plans"))
    parser.add_argument("--json", action="store_true", help=Message("cli.option.json"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    from ..bans import default_plan_paths, load_ban_notices, zones

    rows = zones(load_ban_notices(args.plans or default_plan_paths()))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    w = Words(args.lang)
    for row in rows:  # the id is what check --zone takes (a name is taken too)
        print(f"{row['id']}  {w.one(row['name'], ' / ')} — {w.one(row['jurisdiction_name'])}")
        if row["boundary"]:
            print(*w.noted("zones.bounded_by", listed(row["boundary"], "zones.boundary_sep"), "    "), sep="\n")
    return 0
