"""What every check shares: the registry and the context it runs in.

A check is a function from a :class:`CheckContext` to findings, registered under a
stable rule id with its catalogue entry (:class:`~planvakt.linting.rule_info.RuleInfo`):
a short Norwegian explanation, the ``{fields}`` and variants its messages may use and
the options it reads. Its severity, wording and option values come from the rule pack,
so a check never hard-codes what a municipality may change, and the pack loader refuses
wording or options the check does not have.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planvakt.linting.catalogue import register_check
from planvakt.linting.document import Document
from planvakt.linting.nlp.analysis import TextAnalysis
from planvakt.linting.outline import Outline
from planvakt.linting.report.model import Finding
from planvakt.linting.rule_info import CHECK, Explanation, Option, RuleInfo
from planvakt.linting.rulepack.model import RulePack

if TYPE_CHECKING:  # pragma: no cover
    from planvakt.linting.golden.extract import PriorityRecord

CheckFunction = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """A registered check: its catalogue entry and the function that runs it."""

    info: RuleInfo
    run: CheckFunction

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def summary(self) -> str:
        return self.info.summary

    @property
    def explanation(self) -> str:
        return self.info.explanation.text()

    @property
    def default_enabled(self) -> bool:  # False: runs only for packs that configure it under `checks`
        return self.info.enabled

    def enabled_in(self, pack: RulePack) -> bool:
        """Whether this check runs for ``pack``: its `enabled` if configured, else the default."""
        config = pack.checks.get(self.id)
        return config.enabled if config is not None else self.default_enabled


REGISTRY: dict[str, CheckInfo] = {}


def check(rule_id: str, *, summary: str, explanation: str, why: str = "", fix: str = "", example: str = "",
          fields: tuple[str, ...] = (), variants: tuple[str, ...] = (), options: tuple[Option, ...] = (),
          tags: tuple[str, ...] = (), default_enabled: bool = True) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under ``rule_id``.

    ``fields`` are the ``{placeholders}`` the check fills in, ``variants`` the names of
    its alternative wordings, ``options`` the settings it reads: a pack that uses any
    other is refused when it loads. With ``default_enabled=False`` the check is opt-in:
    it runs only for packs that list it under `checks` (e.g. the business-plan and
    annual-report checks, not for sector chapters).
    """

    def register(function: CheckFunction) -> CheckFunction:
        if rule_id in REGISTRY:
            raise ValueError(f"check {rule_id} registered twice")
        info = RuleInfo(id=rule_id, kind=CHECK, summary=summary,
                        explanation=Explanation(what=explanation.strip(), why=why.strip(), example=example.strip(),
                                                fix=fix.strip()),
                        fields=fields, variants=variants, options=options, tags=tags, enabled=default_enabled)
        REGISTRY[rule_id] = CheckInfo(info, function)
        register_check(info)
        return function

    return register


@dataclass(slots=True)
class CheckContext:
    """What a check sees: the document, its outline and analysis, the pack, and data from
    other documents (the HØP priorities a business plan or annual report is compared with;
    None when there are none)."""

    document: Document
    outline: Outline
    analysis: TextAnalysis
    pack: RulePack
    hop_priorities: tuple[PriorityRecord, ...] | None = None

    def finding(self, rule_id: str, *, line: int, column: int = 1, section: str | None = None,
                variant: str | None = None, replacement: str | None = None,
                end_column: int | None = None, excerpt: str | None = None, **fields: Any) -> Finding:
        config = self.pack.check(rule_id)
        message, hint = config.render(variant, **fields)
        if not message:  # a pack that configures no wording for this check
            message = REGISTRY[rule_id].summary
        return Finding(rule=rule_id, severity=config.severity, message=message, line=line, column=column,
                       section=section, hint=hint, replacement=replacement, end_column=end_column,
                       excerpt=excerpt, fields={**fields, "variant": variant or ""})

    def option(self, rule_id: str, name: str) -> Any:
        """The pack's value for one of the check's declared options, else the option's default."""
        declared = REGISTRY[rule_id].info.option(name)
        if declared is None:
            raise KeyError(f"{rule_id} declares no option {name}")
        return self.pack.check(rule_id).option(name, declared.default)
