"""What every check shares: the registry and the context it runs in.

A check is a function from a :class:`CheckContext` to findings, registered under a
stable rule id with a short Norwegian explanation. Its severity, wording and options
come from the rule pack, so a check never hard-codes what a municipality may change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from planvakt.linting.document import Document
from planvakt.linting.nlp.analysis import TextAnalysis
from planvakt.linting.outline import Outline
from planvakt.linting.report.model import Finding
from planvakt.linting.rulepack.model import RulePack

CheckFunction = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class CheckInfo:
    id: str
    summary: str
    explanation: str
    run: CheckFunction
    default_enabled: bool = True  # False: runs only for packs that configure it under `checks`

    def enabled_in(self, pack: RulePack) -> bool:
        """Whether this check runs for ``pack``: its `enabled` if configured, else the default."""
        config = pack.checks.get(self.id)
        return config.enabled if config is not None else self.default_enabled


REGISTRY: dict[str, CheckInfo] = {}


def check(rule_id: str, *, summary: str, explanation: str,
          default_enabled: bool = True) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under ``rule_id``.

    With ``default_enabled=False`` the check is opt-in: it runs only for packs that list it
    under `checks` (e.g. the business-plan and annual-report checks, not for sector chapters).
    """

    def register(function: CheckFunction) -> CheckFunction:
        if rule_id in REGISTRY:
            raise ValueError(f"check {rule_id} registered twice")
        REGISTRY[rule_id] = CheckInfo(rule_id, summary, explanation.strip(), function, default_enabled)
        return function

    return register


@dataclass(slots=True)
class CheckContext:
    document: Document
    outline: Outline
    analysis: TextAnalysis
    pack: RulePack

    def finding(self, rule_id: str, *, line: int, column: int = 1, section: str | None = None,
                variant: str | None = None, replacement: str | None = None,
                end_column: int | None = None, **fields: Any) -> Finding:
        config = self.pack.check(rule_id)
        message, hint = config.render(variant, **fields)
        if not message:  # a pack that configures no wording for this check
            message = REGISTRY[rule_id].summary
        return Finding(rule=rule_id, severity=config.severity, message=message, line=line, column=column,
                       section=section, hint=hint, replacement=replacement, end_column=end_column)

    def option(self, rule_id: str, name: str, default: Any) -> Any:
        return self.pack.check(rule_id).option(name, default)
