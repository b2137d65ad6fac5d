"""``python -m sim schema``: print the JSON Schema (draft-07) of plan files."""

from __future__ import annotations

import argparse

from ..inputs.documents import KINDS

from ..messages import Message


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("schema", help=Message("cli.command.schema"), description=Message("cli.schema.about"))
    parser.add_argument("--kind", choices=KINDS, default="plan", help=Message("cli.schema.kind"))
    parser.add_argument("--write", action="store_true", help=Message("cli.schema.write"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..inputs.documents import SCHEMA_DIR, schema_text

    if args.write:
        SCHEMA_DIR.mkdir(exist_ok=True)
        for kind in KINDS:
            (SCHEMA_DIR / f"{kind}.schema.json").write_text(schema_text(kind), encoding="utf-8")
            print(SCHEMA_DIR / f"{kind}.schema.json")
        return 0
    print(schema_text(args.kind), end="")
    return 0
