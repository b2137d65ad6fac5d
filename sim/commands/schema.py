"""``python -m sim schema``: print the JSON Schema (draft-07) of plan files."""

from __future__ import annotations

import argparse

from ..inputs.documents import KINDS

from ..messages import BOTH, text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "schema",
        help=text("cli.command.schema", BOTH),
        description="Print the JSON Schema (draft-07) that editors' YAML plugins read. The committed "
        "copies live in schema/<kind>.schema.json and the YAML files point at them with a first line "
        "'# yaml-language-server: $schema=...'. --write refreshes the committed copies.",
    )
    parser.add_argument("--kind", choices=KINDS, default="plan", help="document kind (default: plan)")
    parser.add_argument("--write", action="store_true", help="write every kind to schema/<kind>.schema.json")
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
