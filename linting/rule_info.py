"""The shape every rule has, built-in check or YAML rule: one catalogue entry (:class:`RuleInfo`).

Like ruff's and markdownlint's rule metadata: an id, what kind of rule it is, a one-line
summary, an explanation (what it checks, why, an example, how to fix), its severity,
the ``{fields}`` and variants its messages may use, its options (each with a JSON Schema
and a default), tags, and the pack it comes from. :mod:`planvakt.linting.catalogue` builds
the entries for a pack; ``planvakt explain``, the report formats, the schema, the docs
and the bot all read them. This module is a leaf: it imports nothing of Planvakt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

CHECK = "check"          # RuleInfo.kind of a built-in check; a YAML rule's kind is its type
BUILTIN = "planvakt"     # RuleInfo.pack of a built-in check: it is part of the engine


class Severity(StrEnum):
    """How much a finding matters. A ``str``, so findings and JSON keep plain "error" etc."""

    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def rank(self) -> int:
        """0 for errors, which sort first."""
        return _RANK[self]

    @property
    def label(self) -> str:
        """The Norwegian word writers see: «feil», «advarsel», «forslag»."""
        return _LABELS[self][0]

    @property
    def plural(self) -> str:
        return _LABELS[self][1]

    @property
    def sarif(self) -> str:
        """SARIF 2.1.0 ``level``."""
        return _SARIF[self]

    @property
    def github(self) -> str:
        """The GitHub Actions workflow command (``::notice`` for suggestions)."""
        return _GITHUB[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.SUGGESTION: 2}
_LABELS = {Severity.ERROR: ("feil", "feil"), Severity.WARNING: ("advarsel", "advarsler"),
           Severity.SUGGESTION: ("forslag", "forslag")}
_SARIF = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}
_GITHUB = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}
@dataclass(frozen=True, slots=True)
class Option:
    """A setting a rule takes from the pack, e.g. ``heading-wording``'s ``typo_similarity``."""

    name: str
    schema: Mapping[str, Any]       # JSON Schema of its value
    default: Any = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Explanation:
    """What a rule checks, why, an example, and how to fix what it finds (Norwegian)."""

    what: str
    why: str = ""
    example: str = ""
    fix: str = ""

    def text(self) -> str:
        """The parts that are there, as paragraphs."""
        return "\n\n".join(part for part in (self.what, self.why, self.example, self.fix) if part)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """One rule in the catalogue.

    Unbound (as a check registers itself) the severity, wording and ``enabled`` are the
    engine's defaults; bound to a pack (:func:`planvakt.linting.catalogue.catalogue`) they are
    what that pack says, and ``settings`` holds the option values it sets.
    """

    id: str
    kind: str                                   # CHECK, or a rule type: existence, substitution, …
    summary: str
    explanation: Explanation
    severity: Severity = Severity.WARNING
    fields: tuple[str, ...] = ()                # {placeholders} its messages may use
    variants: tuple[str, ...] = ()              # named alternative wordings (checks: `variants:`)
    options: tuple[Option, ...] = ()
    tags: tuple[str, ...] = ()
    pack: str = BUILTIN                         # where it is declared: BUILTIN, or a pack or rule set
    enabled: bool = True
    message: str = ""
    hint: str = ""
    link: str = ""
    scope: tuple[str, ...] = ()                 # YAML rules: where they apply
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_check(self) -> bool:
        return self.kind == CHECK

    def option(self, name: str) -> Option | None:
        return next((option for option in self.options if option.name == name), None)
