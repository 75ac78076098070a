"""What every rule type shares: the parsed rule, the per-pack environment, hits.

A *rule* is declared in a pack's ``rules:`` mapping with a ``type`` (existence,
substitution, occurrence, metric, sequence). Each type is one module with a class of
the same shape (:class:`RuleType`): the JSON Schema of its own keys, a load-time
``validate``, a ``prepare`` run once per pack and language (word lookups, matchers),
and a ``run`` over one document's tokens that yields :class:`Hit` objects. The runner
(:mod:`planvakt.linting.rule_types.runner`) turns hits into findings, applies scopes,
exceptions and the pack's vocabulary, and keeps the prepared rules cached per pack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from planvakt.linting.rule_info import Severity
from planvakt.linting.rule_types.names import DOCUMENT, HEADINGS, LEMMA, LOWER, TOKEN_CLASS_NAMES
from planvakt.linting.templates import fill

if TYPE_CHECKING:  # pragma: no cover
    from planvakt.linting.nlp.lemmas import LemmaTable
    from planvakt.linting.rule_types.text import TokenTable
    from planvakt.linting.rule_types.words import WordIndex

__all__ = ["DOCUMENT", "HEADINGS", "LEMMA", "LOWER", "TOKEN_CLASS_NAMES"]  # re-exported from .names

LEVELS = tuple(severity.value for severity in Severity)   # most severe first
LANGUAGES = ("nb", "nn")

# Raised at load time with the YAML key path inside the rule (e.g. ("patterns", 0, 1)).
Fail = Callable[[str, tuple[Any, ...]], NoReturn]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule as the pack declares it, after ``extends`` and ``include`` are merged."""

    id: str
    type: str
    enabled: bool = True
    level: str = "warning"
    message: str = ""
    hint: str = ""
    link: str = ""
    description: str = ""
    scope: tuple[str, ...] = (DOCUMENT,)
    exceptions: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)    # the type's own keys
    forms: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # nb:/nn: additions
    origin: str = ""        # the pack or rule set that declares the rule (its file's stem)

    def content(self, language: str) -> dict[str, Any]:
        """The type's keys for ``language``: the base, with that language's form merged in.

        Mappings merge (the language's entry wins), lists are concatenated, anything
        else is replaced. ``exceptions`` may vary by language too.
        """
        merged: dict[str, Any] = dict(self.options)
        merged["exceptions"] = list(self.exceptions)
        for key, value in self.forms.get(language, {}).items():
            base = merged.get(key)
            if isinstance(value, Mapping) and isinstance(base, Mapping):
                merged[key] = {**base, **value}
            elif isinstance(value, list) and isinstance(base, list):
                merged[key] = [*base, *value]
            else:
                merged[key] = value
        return merged

    def render(self, **fields: Any) -> tuple[str, str]:
        return fill(self.message, fields), fill(self.hint, fields)


@dataclass(slots=True)
class Hit:
    """Something a rule found: a token range, or (for metrics) a unit or a section."""

    start: int                      # first token (index into the table's Doc)
    end: int                        # one past the last token
    fields: dict[str, Any] = field(default_factory=dict)
    replacement: str | None = None
    level: str | None = None        # overrides the rule's level (metrics: by threshold)
    position: tuple[int, int] | None = None   # source position, when not the tokens' own
    section: str | None = None      # with ``position``: the section the finding concerns


@dataclass(slots=True)
class Env:
    """What ``prepare`` may use: the language, its lemmas, and the shared word index."""

    language: str
    lemmas: LemmaTable
    words: WordIndex
    vocab: Any  # the pipeline's spaCy Vocab (for Matchers)


class Scope:
    """Where a rule applies in one table: its units, minus its exceptions and the vocabulary."""

    units: Any  # NumPy bool array: the units (blocks, headings) in the rule's scope

    def keep(self, start: int, end: int) -> bool:
        """Whether a token span is in scope and not an exception or an accepted word."""
        raise NotImplementedError


class RuleType:
    """The shape every rule type module implements."""

    name: ClassVar[str]
    summary: ClassVar[str]               # one Norwegian line, for `planvakt explain`
    keys: ClassVar[dict[str, Any]]       # JSON Schema of the type's own keys
    form_keys: ClassVar[tuple[str, ...]] = ()   # keys that may differ in nb:/nn:
    fields: ClassVar[tuple[str, ...]] = ()      # {placeholders} its messages may use

    def validate(self, spec: RuleSpec, fail: Fail) -> None:
        """Check what the schema cannot (regexes, references); call ``fail`` on error."""

    def prepare(self, spec: RuleSpec, content: dict[str, Any], env: Env) -> Any:
        """Build lookups for one language; the result is cached per pack."""
        raise NotImplementedError

    def run(self, prepared: Any, table: TokenTable, scope: Scope, stats: dict[str, Any]) -> Iterable[Hit]:
        """Hits in ``table``, kept to ``scope``; figures for the report go in ``stats``."""
        raise NotImplementedError


def match_case(replacement: str, original: str) -> str:
    """«Samt» → «Og», «samt» → «og». An all-capitals original is usually an abbreviation
    («SFO» → «skolefritidsordningen»), and a replacement with capitals of its own
    («PP-tjenesten») is kept as the pack writes it."""
    if not replacement or not original or any(c.isupper() for c in replacement):
        return replacement
    if original[0].isupper() and not (original.isupper() and len(original) > 1):
        return replacement[0].upper() + replacement[1:]
    return replacement
