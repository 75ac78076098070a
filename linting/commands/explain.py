"""``planvakt explain RULE``: what a rule checks, and how the pack words it."""

from __future__ import annotations

import argparse
import difflib
import os

from planvakt.linting.commands import Command
from planvakt.linting.errors import PlanvaktError
from planvakt.linting.rulepack.loader import DEFAULT_PACK, load_pack

SEVERITY_WORDS = {"error": "feil", "warning": "advarsel", "suggestion": "forslag"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", nargs="?", metavar="REGEL", help="regelens id, f.eks. heading-missing")
    parser.add_argument("--rules", default=os.environ.get("PLANVAKT_RULES", DEFAULT_PACK), metavar="NAVN|FIL")


def run(args: argparse.Namespace) -> int:
    from planvakt.linting.checks import REGISTRY

    pack = load_pack(args.rules)
    if not args.rule:
        width = max(map(len, [*REGISTRY, *(spec.id for spec in pack.rules)])) + 2
        for rule_id, info in REGISTRY.items():
            state = "" if info.enabled_in(pack) else " (slått av)"
            print(f"{rule_id:<{width}}{info.summary}{state}")
        for spec in pack.rules:  # the pack's own rules (`rules:`, e.g. klarspråk)
            state = "" if spec.enabled else " (slått av)"
            print(f"{spec.id:<{width}}{spec.description or spec.message}{state}")
        return 0
    info = REGISTRY.get(args.rule)
    if info is None and pack.rule(args.rule) is not None:
        return _explain_rule(pack, pack.rule(args.rule))
    if info is None:
        close = difflib.get_close_matches(args.rule, [*REGISTRY, *(spec.id for spec in pack.rules)], n=1)
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


def _explain_rule(pack: object, spec: object) -> int:
    """A rule declared in the pack's `rules:` (its type, wording and settings)."""
    from planvakt.linting.rule_types import RULE_TYPES

    rule_type = RULE_TYPES[spec.type]  # type: ignore[attr-defined]
    print(f"{spec.id}: {spec.description or rule_type.summary}\n")  # type: ignore[attr-defined]
    print(f"Regeltype {spec.type}: {rule_type.summary}")  # type: ignore[attr-defined]
    print(f"I regelpakken {pack.name}: {SEVERITY_WORDS.get(spec.level, spec.level)}"  # type: ignore[attr-defined]
          f"{'' if spec.enabled else ', slått av'}; gjelder {_scope_words(spec.scope)}.")  # type: ignore[attr-defined]
    print(f"Melding: {spec.message}\nRåd:     {spec.hint}")  # type: ignore[attr-defined]
    options = ", ".join(f"{key}: {value}" for key, value in spec.options.items()  # type: ignore[attr-defined]
                        if not isinstance(value, (list, dict)))
    if options:
        print(f"Innstillinger: {options}")
    if spec.link:  # type: ignore[attr-defined]
        print(f"Mer: {spec.link}")  # type: ignore[attr-defined]
    return 0


def _scope_words(scope: tuple[str, ...]) -> str:
    names = {"document": "hele kapitlet", "headings": "overskriftene"}
    return ", ".join(names.get(name, f"«{name}»") for name in scope)


COMMAND = Command("explain", "forklar en regel", configure, run)
