"""What the rule types read of the document being checked: a port, so they need not know
the checks' :class:`~planvakt.linting.checks.base.CheckContext` (which satisfies it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from planvakt.linting.nlp.analysis import TextAnalysis
    from planvakt.linting.outline import Outline
    from planvakt.linting.rulepack.model import RulePack


class RuleContext(Protocol):
    """The document's outline, its analysed tokens, and the pack it is checked against."""

    @property
    def outline(self) -> Outline: ...

    @property
    def analysis(self) -> TextAnalysis: ...

    @property
    def pack(self) -> RulePack: ...
