"""``planvakt explain RULE``: what a rule checks, and how the pack words it."""

from __future__ import annotations

import argparse
import difflib
import os

from linting.commands import Command
from linting.errors import PlanvaktError
from linting.rulepack.loader import DEFAULT_PACK, load_pack

SEVERITY_WORDS = {"error": "feil", "warning": "advarsel", "suggestion": "forslag"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", nargs="?", metavar="REGEL", help="regelens id, f.eks. heading-missing")
    parser.add_argument("--rules", default=os.environ.get("PLANVAKT_RULES", DEFAULT_PACK), metavar="NAVN|FIL")


def run(args: argparse.Namespace) -> int:
    from linting.checks import REGISTRY

    pack = load_pack(args.rules)
    if not args.rule:
        width = max(map(len, REGISTRY)) + 2
        for rule_id, info in REGISTRY.items():
            state = "" if info.enabled_in(pack) else " (slått av)"
            print(f"{rule_id:<{width}}{info.summary}{state}")
        return 0
    info = REGISTRY.get(args.rule)
    if info is None:
        close = difflib.get_close_matches(args.rule, REGISTRY, n=1)
        hint = f" Mente du «{close[0]}»?" if close else " Se «planvakt explain» for alle regler."
        raise PlanvaktError(f"ukjent regel «{args.rule}».{hint}")
    config = pack.check(args.rule)
    print(f"{info.id}: {info.summary}\n\n{info.explanation}\n")
    print(f"I regelpakken {pack.name}: {SEVERITY_WORDS.get(config.severity, config.severity)}"
          f"{'' if info.enabled_in(pack) else ', slått av'}.")
    if config.message:
        print(f"Melding: {config.message}\nRåd:     {config.hint}")
    for name, variant in config.variants.items():
        print(f"  ({name}) {variant.get('message', config.message)}")
    options = ", ".join(f"{key}: {value}" for key, value in config.options.items())
    if options:
        print(f"Innstillinger: {options}")
    return 0


COMMAND = Command("explain", "forklar en regel", configure, run)
