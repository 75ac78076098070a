"""``type: substitution``: a word with a better one to use instead.

```yaml
chancery:
  type: substitution
  level: warning
  swap:
    samt: og
    herunder: blant annet
    således: slik / derfor        # alternatives: suggested, never replaced automatically
  nn:
    swap: {herunder: mellom anna}
  message: «{match}» er kansellistil.
  hint: Skriv «{suggestion}».
```

Keys match on the lemma (any inflection) unless ``match: lower``. A finding carries a
``replacement`` (for ``planvakt check --diff/--write``) only when the text is exactly
the key's form and the suggestion is one word or phrase, so an inflected form is never
replaced by an uninflected one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planvakt.linting.rule_types.base import LEMMA, Env, Fail, Hit, RuleSpec, RuleType, Scope, match_case

if TYPE_CHECKING:  # pragma: no cover
    from planvakt.linting.rule_types.text import TokenTable
    from planvakt.linting.rule_types.words import PhraseList

ALTERNATIVES = " / "


@dataclass(slots=True)
class Prepared:
    phrases: PhraseList


class Substitution(RuleType):
    name = "substitution"
    summary = "Foreslår et bedre ord i stedet for et ord fra en liste."
    keys: dict[str, Any] = {
        "swap": {"$ref": "#/$defs/rule-swap",
                 "description": "Word or phrase → what to write instead; «a / b» suggests alternatives."},
        "match": {"$ref": "#/$defs/rule-match", "description": "lemma (default) or lower."},
    }
    form_keys = ("swap",)
    fields = ("match", "suggestion", "replacement", "lemma")

    def validate(self, spec: RuleSpec, fail: Fail) -> None:
        if not spec.options.get("swap") and not any(form.get("swap") for form in spec.forms.values()):
            fail(f"regelen «{spec.id}» mangler «swap» (ord: erstatning)", ())

    def prepare(self, spec: RuleSpec, content: dict[str, Any], env: Env) -> Prepared:
        from planvakt.linting.rule_types.words import PhraseList

        mode = content.get("match", LEMMA)
        items = [(key, mode, (key.lower(), value)) for key, value in (content.get("swap") or {}).items()]
        return Prepared(PhraseList(items, env.lemmas, env.words))

    def run(self, prepared: Prepared, table: TokenTable, scope: Scope,
            stats: dict[str, Any]) -> Iterator[Hit]:
        doc = table.doc
        for start, end, entry in prepared.phrases.find(table):
            if not scope.keep(start, end):
                continue
            text = table.text(start, end)
            key, suggestion = entry.value
            exact = " ".join(text.lower().split()) == key and ALTERNATIVES.strip() not in suggestion
            replacement = match_case(suggestion, text) if exact else None
            yield Hit(start, end, {"match": text, "suggestion": suggestion, "replacement": replacement or "",
                                   "lemma": doc[start].lemma_}, replacement=replacement)


RULE_TYPE = Substitution()
