"""``planvakt rules list|show|validate|schema``: work with rule packs."""

from __future__ import annotations

import argparse
import sys

from planvakt.linting.commands import Command
from planvakt.linting.errors import PlanvaktError
from planvakt.linting.rulepack.loader import DEFAULT_PACK, builtin_dir, builtin_packs, load_pack


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="HANDLING", required=True)
    actions.add_parser("list", help="list opp de innebygde regelpakkene")
    show = actions.add_parser("show", help="vis en regelpakke slik Planvakt leser den (med extends flettet inn)")
    show.add_argument("pack", nargs="?", default=DEFAULT_PACK, metavar="NAVN|FIL")
    validate = actions.add_parser("validate", help="valider regelpakker mot skjemaet")
    validate.add_argument("packs", nargs="+", metavar="NAVN|FIL")
    actions.add_parser("schema", help="skriv ut stien til JSON-skjemaet (for editorer)")


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        for name, path in builtin_packs().items():
            pack = load_pack(str(path))
            print(f"{name:<16} {pack.description}")
        return 0
    if args.action == "schema":
        print(builtin_dir() / "schema" / "rulepack.schema.json")
        return 0
    if args.action == "show":
        import yaml

        pack = load_pack(args.pack)
        print(f"# {pack.path}\n# samfunnsdel: {pack.plan.path}")
        print(yaml.safe_dump(pack.data, allow_unicode=True, sort_keys=False, width=100), end="")
        return 0
    failed = False
    for name in args.packs:
        try:
            pack = load_pack(name)
        except PlanvaktError as error:
            print(f"❌ {error}", file=sys.stderr)
            failed = True
            continue
        goals = sum(len(area.goals) for area in pack.plan.focus_areas)
        areas = len(pack.focus_areas)
        print(f"✅ {name}: gyldig – {len(pack.headings)} overskrifter, {areas} satsingsområde"
              f"{'' if areas == 1 else 'r'}, {goals} mål i «{pack.plan.name}».")
    return 2 if failed else 0


COMMAND = Command("rules", "vis, list opp og valider regelpakker", configure, run)
