"""``type: occurrence``: too many of something in one sentence, paragraph or section.

```yaml
passive:
  type: occurrence
  is: s-passive                 # or tokens: [...]
  per: paragraph                # sentence | paragraph | section | document
  max: 1                        # allowed per unit, however short
  density: 2                    # and up to 2 per 100 words in longer units
  exceptions: [finnes, synes, lykkes, trives]
  message: «{match}» er passiv, og avsnittet har {count} slike verb.
```

When a unit has more than ``max(max, density × words / 100)`` occurrences, each one is
reported (each is a place to rewrite).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planvakt.linting.rule_types.base import Env, Fail, Hit, RuleSpec, RuleType, Scope
from planvakt.linting.rule_types.existence import WORDS_KEYS, build_words, require_words

if TYPE_CHECKING:  # pragma: no cover
    from planvakt.linting.rule_types.text import TokenTable
    from planvakt.linting.rule_types.words import WordMatcher

UNITS = ("sentence", "paragraph", "section", "document")


@dataclass(slots=True)
class Prepared:
    words: WordMatcher
    per: str
    max: int
    density: float | None


class Occurrence(RuleType):
    name = "occurrence"
    summary = "Finner for mange forekomster av noe i én setning, ett avsnitt eller én del."
    keys: dict[str, Any] = {
        **WORDS_KEYS,
        "per": {"enum": list(UNITS), "description": "The unit counted in (default: paragraph)."},
        "max": {"type": "integer", "minimum": 0, "description": "Occurrences allowed per unit (default 0)."},
        "density": {"type": "number", "exclusiveMinimum": 0,
                    "description": "Occurrences allowed per 100 words, for units long enough to allow more than max."},
    }
    form_keys = ("tokens",)
    fields = ("match", "lemma", "count", "max", "words", "density")

    def validate(self, spec: RuleSpec, fail: Fail) -> None:
        require_words(spec, fail)

    def prepare(self, spec: RuleSpec, content: dict[str, Any], env: Env) -> Prepared:
        return Prepared(build_words(content, env), content.get("per", "paragraph"), int(content.get("max", 0)),
                        content.get("density"))

    def run(self, prepared: Prepared, table: TokenTable, scope: Scope,
            stats: dict[str, Any]) -> Iterator[Hit]:
        spans = [(start, end) for start, end, _ in prepared.words.find(table) if scope.keep(start, end)]
        if not spans:
            return
        import numpy as np

        words = np.concatenate([[0], np.cumsum(table.word)])
        groups: dict[Any, list[tuple[int, int]]] = {}
        bounds: dict[Any, int] = {}
        for start, end in spans:
            key = _unit_key(prepared.per, table, start)
            groups.setdefault(key, []).append((start, end))
            if key not in bounds:
                bounds[key] = _unit_words(prepared.per, table, start, words)
        doc = table.doc
        for key, found in groups.items():
            size = bounds[key]
            allowed = prepared.max
            if prepared.density:
                allowed = max(allowed, int(size * prepared.density / 100))
            if len(found) <= allowed:
                continue
            density = round(100 * len(found) / size, 1) if size else 0.0
            for start, end in found:
                yield Hit(start, end, {"match": table.text(start, end), "lemma": doc[start].lemma_,
                                       "count": len(found), "max": allowed, "words": size, "density": density})


def _unit_key(per: str, table: TokenTable, token: int) -> Any:
    """The unit a token counts in."""
    if per == "sentence":
        return ("sentence", table.sentence_bounds(token)[0])
    if per == "document":
        return "document"
    unit = table.unit_of(token)
    return ("paragraph", unit.start) if per == "paragraph" else ("section", id(unit.section))


def _unit_words(per: str, table: TokenTable, token: int, words: Any) -> int:
    """How many words the unit of ``token`` has (``words``: cumulative word counts)."""
    if per == "sentence":
        start, end = table.sentence_bounds(token)
    elif per == "document":
        start, end = 0, len(table)
    else:
        unit = table.unit_of(token)
        if per == "section":
            return int(sum(words[u.end] - words[u.start] for u in table.units if u.section is unit.section))
        start, end = unit.start, unit.end
    return int(words[end] - words[start])


RULE_TYPE = Occurrence()
