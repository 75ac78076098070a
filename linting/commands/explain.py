"""``planvakt explain RULE``: what a rule checks, and how the pack words it."""

from __future__ import annotations

import argparse
import os

from planvakt.linting.commands import Command
from planvakt.linting.errors import PlanvaktError
from planvakt.linting.rule_info import RuleInfo
from planvakt.linting.rulepack.loader import DEFAULT_PACK, load_pack
from planvakt.linting.rulepack.model import RulePack
from planvakt.linting.suggest import did_you_mean

_SCOPE_WORDS = {"document": "hele kapitlet", "headings": "overskriftene"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", nargs="?", metavar="REGEL", help="regelens id, f.eks. heading-missing")
    parser.add_argument("--rules", default=os.environ.get("PLANVAKT_RULES", DEFAULT_PACK), metavar="NAVN|FIL")


def run(args: argparse.Namespace) -> int:
    import planvakt.linting.checks  # noqa: F401  (registers the checks)
    from planvakt.linting.catalogue import catalogue

    pack = load_pack(args.rules)
    rules = catalogue(pack)
    if not args.rule:
        width = max(map(len, rules.ids)) + 2
        for info in rules:
            state = "" if info.enabled else " (slått av)"
            print(f"{info.id:<{width}}{info.summary}{state}")
        return 0
    info = rules.get(args.rule)
    if info is None:
        hint = did_you_mean(args.rule, rules.ids, otherwise=" Se «planvakt explain» for alle regler.")
        raise PlanvaktError(f"ukjent regel «{args.rule}».{hint}")
    print(_explained(info, pack))
    return 0


def _explained(info: RuleInfo, pack: RulePack) -> str:
    """One rule as `explain` shows it: what it checks, then how the pack sets it."""
    from planvakt.linting.rule_types import RULE_TYPES

    lines = [f"{info.id}: {info.summary}", ""]
    if info.is_check:
        lines += [info.explanation.text(), ""]
    else:
        lines += [f"Regeltype {info.kind}: {RULE_TYPES[info.kind].summary}"]
    pack_name = pack.name
    scope = f"; gjelder {', '.join(_SCOPE_WORDS.get(name, f'«{name}»') for name in info.scope)}" if info.scope else ""
    lines.append(f"I regelpakken {pack_name}: {info.severity.label}{'' if info.enabled else ', slått av'}{scope}.")
    if info.message:
        lines.append(f"Melding: {info.message}\nRåd:     {info.hint}")
    if info.fields:
        lines.append(f"Felt i meldingen: {', '.join('{' + name + '}' for name in info.fields)}")
    if info.is_check:
        config = pack.check(info.id)
        lines += [f"  ({name}) {wording.get('message', config.message)}" for name, wording in config.variants.items()]
    if info.variants:
        lines.append(f"Varianter: {', '.join(info.variants)}")
    settings = ", ".join(f"{key}: {value}" for key, value in info.settings.items()
                         if not isinstance(value, (list, dict)) or info.is_check)
    if settings:
        lines.append(f"Innstillinger: {settings}")
    if info.link:
        lines.append(f"Mer: {info.link}")
    return "\n".join(lines)


COMMAND = Command("explain", "forklar en regel", configure, run)
