"""The rule catalogue: every rule a pack can run, built-in check or YAML rule, as one :class:`RuleInfo`.

Checks register their entry when their module is imported (:func:`register_check`, via
``@check``); a pack's ``rules:`` become entries of the same shape (:func:`rule_info`).
:func:`catalogue` binds both to a pack: its severities, wording, option values and
whether each rule runs. ``planvakt explain``, the SARIF and JSON reports, the generated
schema and docs, opt-out comments and the bot's «regler» all read this, and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from planvakt.linting.rule_info import BUILTIN, Explanation, Option, RuleInfo, Severity
from planvakt.linting.rule_types import COMMON_FIELDS, RULE_TYPES
from planvakt.linting.rule_types.base import RuleSpec
from planvakt.linting.rulepack.model import RulePack

CHECKS: dict[str, RuleInfo] = {}   # unbound entries of the built-in checks, in registration order

_SCOPE_WORDS = {"document": "hele kapitlet", "headings": "overskriftene"}


def register_check(info: RuleInfo) -> None:
    CHECKS[info.id] = info


def builtin_checks() -> dict[str, RuleInfo]:
    """The built-in checks' unbound entries. Importing :mod:`planvakt.linting.checks` registers
    them all (the engine does); this module does not import the checks, which import it."""
    if not CHECKS:
        raise RuntimeError("no checks registered: import planvakt.linting.checks first")
    return CHECKS


def rule_info(spec: RuleSpec) -> RuleInfo:
    """The catalogue entry of a rule declared under ``rules:``."""
    rule_type = RULE_TYPES[spec.type]
    where = ", ".join(_SCOPE_WORDS.get(name, f"«{name}»") for name in spec.scope)
    options = tuple(Option(name=key, schema=schema, default=None, description=schema.get("description", ""))
                    for key, schema in rule_type.keys.items())
    return RuleInfo(
        id=spec.id, kind=spec.type, summary=spec.description or spec.message,
        explanation=Explanation(what=spec.description or rule_type.summary,
                                why=f"Regeltypen {spec.type}: {rule_type.summary} Gjelder {where}.", fix=spec.hint),
        severity=Severity(spec.level), fields=(*rule_type.fields, *COMMON_FIELDS), options=options,
        tags=("språk", spec.type), pack=spec.origin or BUILTIN, enabled=spec.enabled, message=spec.message,
        hint=spec.hint, link=spec.link, scope=spec.scope, settings=dict(spec.options))


def check_in(pack: RulePack, info: RuleInfo) -> RuleInfo:
    """A check's entry as ``pack`` configures it."""
    config = pack.checks.get(info.id)
    if config is None:
        return info
    return replace(info, severity=Severity(config.severity), enabled=config.enabled, message=config.message,
                   hint=config.hint, link=config.link, settings=dict(config.options))


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The rules of one pack, checks first (in registration order), then the pack's rules."""

    pack: str
    entries: tuple[RuleInfo, ...]

    def __iter__(self) -> Iterator[RuleInfo]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, rule_id: object) -> bool:
        return any(info.id == rule_id for info in self.entries)

    def get(self, rule_id: str) -> RuleInfo | None:
        return next((info for info in self.entries if info.id == rule_id), None)

    @property
    def ids(self) -> list[str]:
        return [info.id for info in self.entries]

    def running(self) -> list[RuleInfo]:
        """The rules that run for this pack (not those switched off or opt-in and not chosen)."""
        return [info for info in self.entries if info.enabled]

    def by_id(self) -> Mapping[str, RuleInfo]:
        return {info.id: info for info in self.entries}


def catalogue(pack: RulePack) -> Catalogue:
    """Every rule ``pack`` knows, as it configures them."""
    checks = [check_in(pack, info) for info in builtin_checks().values()]
    return Catalogue(pack.name, (*checks, *(rule_info(spec) for spec in pack.rules)))


def option_values(info: RuleInfo) -> dict[str, Any]:
    """An entry's options with the pack's values where it sets them, else the defaults."""
    return {option.name: info.settings.get(option.name, option.default) for option in info.options}
