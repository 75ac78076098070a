"""``type: existence``: a word or phrase from a list, or a token class, is there.

```yaml
vague:
  type: existence
  level: suggestion
  tokens:
    - fokus
    - robust
    - {text: i forhold til, match: lower, hint: Skriv «om», «for» eller «sammenlignet med».}
  message: «{match}» er et uklart ord.
  hint: Skriv konkret hva du mener.
```

Words match on the lemma by default (every inflection: «robust», «robuste»), or on the
lower-case form with ``match: lower``; an entry may carry its own ``hint``.
``is: s-passive`` matches a class of tokens instead of a list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from planvakt.linting.rule_types.base import TOKEN_CLASS_NAMES, Env, Fail, Hit, RuleSpec, RuleType, Scope

if TYPE_CHECKING:  # pragma: no cover
    from planvakt.linting.rule_types.text import TokenTable
    from planvakt.linting.rule_types.words import WordMatcher

WORDS_KEYS: dict[str, Any] = {
    "tokens": {"$ref": "#/$defs/rule-words",
               "description": "Words and phrases; a string, or {text, match} to match one entry differently."},
    "match": {"$ref": "#/$defs/rule-match", "description": "lemma (default: any inflection) or lower (exact form)."},
    "is": {"enum": list(TOKEN_CLASS_NAMES), "description": "A class of tokens instead of a list, e.g. s-passive."},
}


def require_words(spec: RuleSpec, fail: Fail) -> None:
    has_tokens = bool(spec.options.get("tokens")) or any(form.get("tokens") for form in spec.forms.values())
    if not has_tokens and not spec.options.get("is"):
        fail(f"regelen «{spec.id}» har ingenting å lete etter: gi den «tokens» (en ordliste) eller «is»", ())


def build_words(content: dict[str, Any], env: Env) -> WordMatcher:
    from planvakt.linting.rule_types.words import WordMatcher

    return WordMatcher.build(content, env.lemmas, env.words)


class Existence(RuleType):
    name = "existence"
    summary = "Finner ord og uttrykk fra en liste (eller en klasse ord, som s-passiv)."
    keys = WORDS_KEYS
    form_keys = ("tokens",)
    fields = ("match", "lemma")

    def validate(self, spec: RuleSpec, fail: Fail) -> None:
        require_words(spec, fail)

    def prepare(self, spec: RuleSpec, content: dict[str, Any], env: Env) -> WordMatcher:
        return build_words(content, env)

    def run(self, prepared: WordMatcher, table: TokenTable, scope: Scope,
            stats: dict[str, Any]) -> Iterator[Hit]:
        doc = table.doc
        for start, end, hint in prepared.find(table):
            if scope.keep(start, end):
                fields = {"match": table.text(start, end), "lemma": doc[start].lemma_}
                if hint:
                    fields["_hint"] = hint
                yield Hit(start, end, fields)


RULE_TYPE = Existence()
