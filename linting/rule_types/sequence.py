"""``type: sequence``: token patterns on lemma, form, shape or word lists (spaCy's Matcher).

```yaml
noun-heavy:
  type: sequence
  lists:
    empty-verbs: [foreta, gjennomføre, utføre]
    determiners: [en, et, ei]
  swap: {vurdering: vurdere, kartlegging: kartlegge}   # the key token's lemma → a verb
  inflect: true            # «foretar en vurdering» → «vurderer»
  patterns:
    - [{lemma: "@empty-verbs"}, {lower: "@determiners", op: "?"}, {lemma: "@swap", key: true}]
    - tokens: [{lemma: "@swap", key: true}, {lemma: skje}]
      replace: false
      hint: Si hvem som gjør det, med et verb.
  message: «{match}» er substantivsyke.
  hint: Skriv «{verb}».
```

A token is a mapping of ``lemma``, ``lower``, ``text`` (exact), ``shape`` (spaCy's
«Xxxx», «dd»), ``regex``/``not_regex`` (RE2, on the lower-case form), ``not_lemma``/``not_lower``,
``alpha``/``punct``/``digit`` and ``op`` (``?``, ``*``, ``+``, ``!``, ``{n,m}``).
Values are a word, a list, or ``@name`` for one of the rule's ``lists`` (``@swap``: the
keys of ``swap``). Patterns match inside one sentence.

Matching runs spaCy's Matcher only on short windows around each pattern's *anchor*
(its most specific required token, found with the shared word index), not on the
whole document: on a 20,000-word chapter that is the difference between milliseconds
and a fifth of a second.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planvakt.linting.rule_types.base import Env, Fail, Hit, RuleSpec, RuleType, Scope, match_case
from planvakt.linting.rulepack.patterns import PatternError, compile_pattern

if TYPE_CHECKING:  # pragma: no cover
    from spacy.matcher import Matcher

    from planvakt.linting.rule_types.text import TokenTable

_VALUE_KEYS = {"lemma": "LEMMA", "lower": "LOWER", "text": "ORTH", "shape": "SHAPE"}
_NEGATED_KEYS = {"not_lemma": "LEMMA", "not_lower": "LOWER"}
_FLAG_KEYS = {"alpha": "IS_ALPHA", "punct": "IS_PUNCT", "digit": "IS_DIGIT"}
_OP = re.compile(r"^(?:[?*+!]|\{(\d*),?(\d*)\})$")
_INFLECTIONS = {"nb": ("", "r"), "nn": ("",)}  # endings of the first token carried over


@dataclass(slots=True)
class Pattern:
    tokens: list[dict[str, Any]]
    key: int | None
    replace: bool
    message: str | None
    hint: str | None
    anchor: int | None = None           # a WordIndex set id
    before: int | None = None           # tokens the pattern can have before/after its anchor (None: any)
    after: int | None = None
    required: list[int] = field(default_factory=list)  # set ids of the other tokens that must be there


@dataclass(slots=True)
class Prepared:
    patterns: list[Pattern]
    matchers: list[Matcher | None]     # one per anchored pattern: a window runs only its own
    unanchored: Matcher | None
    swap: dict[str, str]
    inflect: tuple[str, ...]
    names: dict[int, int] = field(default_factory=dict)  # match_id hash -> pattern index


def _patterns(content: dict[str, Any]) -> list[tuple[list[dict[str, Any]], dict[str, Any]]]:
    result = []
    for item in content.get("patterns") or ():
        if isinstance(item, list):
            result.append((item, {}))
        else:
            result.append((item["tokens"], item))
    return result


def _op_span(op: str | None) -> tuple[int, int | None]:
    """Minimum and maximum tokens a pattern token with ``op`` consumes."""
    if op is None:
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "!":
        return 0, 0
    if op == "*":
        return 0, None
    if op == "+":
        return 1, None
    match = _OP.match(op)
    assert match is not None
    low, high = match.group(1), match.group(2)
    if "," not in op:
        return int(low), int(low)
    return int(low or 0), (int(high) if high else None)


class Sequence(RuleType):
    name = "sequence"
    summary = "Finner mønstre av ord (lemma, form, ordlister, form på ordet) i samme setning."
    keys: dict[str, Any] = {
        "patterns": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/rule-pattern"},
                     "description": "Token patterns; a list of tokens, or {tokens, replace, message, hint}."},
        "lists": {"$ref": "#/$defs/rule-lists", "description": "Named word lists, used in tokens as @name."},
        "swap": {"$ref": "#/$defs/rule-swap",
                 "description": "The key token's lemma → the replacement for the whole match."},
        "inflect": {"type": "boolean",
                    "description": "Give the replacement the first token's ending (-r: «foretar» → «vurderer»)."},
    }
    form_keys = ("patterns", "lists", "swap")
    fields = ("match", "replacement", "verb", "key", "lemma")

    def validate(self, spec: RuleSpec, fail: Fail) -> None:
        forms = spec.forms
        if not _patterns(spec.options) and not any(_patterns(form) for form in forms.values()):
            fail(f"regelen «{spec.id}» har ingen «patterns»", ())
        base_lists = set(spec.options.get("lists") or {}) | {"swap"}
        every_list = base_lists.union(*(set(form.get("lists") or {}) for form in forms.values()))
        for prefix, source, names in [((), spec.options, every_list)] + [
                ((language,), form, base_lists | set(form.get("lists") or {})) for language, form in forms.items()]:
            for index, item in enumerate(source.get("patterns") or ()):
                nested = not isinstance(item, list)
                tokens = item["tokens"] if nested else item
                where = (*prefix, "patterns", index, *(("tokens",) if nested else ()))
                _validate_pattern(tokens, names, fail, where)

    def prepare(self, spec: RuleSpec, content: dict[str, Any], env: Env) -> Prepared:
        from spacy.matcher import Matcher

        lists = {name: [str(v) for v in values] for name, values in (content.get("lists") or {}).items()}
        swap_map = {str(k): str(v) for k, v in (content.get("swap") or {}).items()}
        lists["swap"] = list(swap_map)
        swap: dict[str, str] = {}
        for key, value in swap_map.items():
            swap.setdefault(key.lower(), value)
            swap.setdefault(env.lemmas(key.lower()), value)
        matchers: list[Matcher | None] = []
        unanchored = Matcher(env.vocab)
        patterns: list[Pattern] = []
        names: dict[int, int] = {}
        for index, (tokens, options) in enumerate(_patterns(content)):
            compiled = [_spacy_token(token, lists, env) for token in tokens]
            key = next((position for position, token in enumerate(tokens) if token.get("key")), None)
            pattern = Pattern(compiled, key, bool(options.get("replace", True)) and key is not None and bool(swap),
                              options.get("message"), options.get("hint"))
            _anchor(pattern, tokens, lists, env)
            name = f"{spec.id}#{index}"
            if pattern.anchor is not None:
                matchers.append(Matcher(env.vocab))
                matchers[-1].add(name, [compiled])
            else:
                matchers.append(None)
                unanchored.add(name, [compiled])
            names[int(env.vocab.strings.add(name))] = index
            patterns.append(pattern)
        inflect = _INFLECTIONS.get(env.language, ("",)) if content.get("inflect") else ("",)
        has_unanchored = any(p.anchor is None for p in patterns)
        return Prepared(patterns, matchers, unanchored if has_unanchored else None, swap, inflect, names)

    def run(self, prepared: Prepared, table: TokenTable, scope: Scope, stats: dict[str, Any]) -> Iterator[Hit]:
        doc = table.doc
        matches: list[tuple[int, int, int, list[int]]] = []
        for low, high, owners in _windows(prepared, table):
            window = doc[low:high]
            for index in owners:
                for match_id, start, end, alignment in prepared.matchers[index](window, with_alignments=True):
                    if table.sentence_bounds(low + start)[1] >= low + end:  # merged windows may span sentences
                        matches.append((low + start, low + end, index, alignment))
        if prepared.unanchored is not None:
            for match_id, start, end, alignment in prepared.unanchored(doc, with_alignments=True):
                if table.sentence_bounds(start)[1] >= end:
                    matches.append((start, end, prepared.names[match_id], alignment))
        chosen: list[tuple[int, int, int, list[int]]] = []
        taken = bytearray(len(doc))  # tokens already inside a chosen (longer or earlier) match
        for match in sorted(set((s, e, p, tuple(a)) for s, e, p, a in matches), key=lambda m: (m[0] - m[1], m[0])):
            start, end = match[0], match[1]
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            chosen.append((start, end, match[2], list(match[3])))
        for start, end, index, alignment in sorted(chosen):
            if not scope.keep(start, end):
                continue
            yield self._hit(prepared, prepared.patterns[index], table, start, end, alignment)

    def _hit(self, prepared: Prepared, pattern: Pattern, table: TokenTable, start: int, end: int,
             alignment: list[int]) -> Hit:
        doc = table.doc
        text = table.text(start, end)
        key_token = None
        if pattern.key is not None and pattern.key in alignment:
            key_token = doc[start + alignment.index(pattern.key)]
        verb = ""
        if key_token is not None:
            verb = prepared.swap.get(key_token.lemma_, prepared.swap.get(key_token.lower_, ""))
        replacement = None
        if pattern.replace and verb:
            first = doc[start]
            ending = first.lower_[len(first.lemma_):] if first.lower_.startswith(first.lemma_) else None
            if ending is not None and ending in prepared.inflect:
                head, _, rest = verb.partition(" ")
                replacement = match_case(head + ending + (" " + rest if rest else ""), text)
        fields = {"match": text, "replacement": replacement or "", "verb": verb,
                  "key": key_token.text if key_token is not None else "",
                  "lemma": key_token.lemma_ if key_token is not None else doc[start].lemma_}
        if pattern.message is not None:
            fields["_message"] = pattern.message
        if pattern.hint is not None:
            fields["_hint"] = pattern.hint
        return Hit(start, end, fields, replacement=replacement)


def _validate_pattern(tokens: list[dict[str, Any]], names: set[str], fail: Fail, prefix: tuple[Any, ...]) -> None:
    keys = 0
    for position, token in enumerate(tokens):
        at = (*prefix, position)
        for name in (*_VALUE_KEYS, *_NEGATED_KEYS):
            values = token.get(name)
            for value in ([values] if isinstance(values, str) else values or []):
                if value.startswith("@") and value[1:] not in names:
                    known = ", ".join("@" + n for n in sorted(names))
                    fail(f"listen «{value}» finnes ikke i regelens «lists»; kjente lister: {known}", (*at, name))
        for name in ("regex", "not_regex"):
            if name in token:
                try:
                    compile_pattern(token[name])
                except PatternError as error:
                    fail(str(error), (*at, name))
        if "op" in token and not _OP.match(token["op"]):
            fail(f"«{token['op']}» er ikke en gyldig op; bruk ?, *, +, ! eller {{n,m}}", (*at, "op"))
        keys += bool(token.get("key"))
    if keys > 1:
        fail("et mønster kan ha bare én token med «key: true»", prefix)


def _expand(values: Any, lists: dict[str, list[str]]) -> list[str]:
    result: list[str] = []
    for value in [values] if isinstance(values, str) else values or []:
        result.extend(lists.get(value[1:], []) if value.startswith("@") else [value])
    return result


def _spacy_token(token: dict[str, Any], lists: dict[str, list[str]], env: Env) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    for name, attribute in _VALUE_KEYS.items():
        if name in token:
            values = _expand(token[name], lists)
            if name == "lemma":
                values = sorted({v.lower() for v in values} | {env.lemmas(v.lower()) for v in values})
            elif name == "lower":
                values = sorted({v.lower() for v in values})
            spec.setdefault(attribute, {})["IN"] = values
    for name, attribute in _NEGATED_KEYS.items():
        if name in token:
            values = [v.lower() for v in _expand(token[name], lists)]
            if name == "not_lemma":
                values = sorted(set(values) | {env.lemmas(v) for v in values})
            spec.setdefault(attribute, {})["NOT_IN"] = values
    for name, wanted in (("regex", True), ("not_regex", False)):
        if name in token:  # on RE2, not spaCy's REGEX (Python's re: a pack's pattern could backtrack for ever)
            spec.setdefault("_", {})[_regex_extension(token[name])] = wanted
    for name, attribute in _FLAG_KEYS.items():
        if name in token:
            spec[attribute] = bool(token[name])
    if "op" in token:
        spec["OP"] = token["op"]
    return spec


def _regex_extension(pattern: str) -> str:
    """A boolean token extension that says whether the lower-case form matches ``pattern``."""
    from spacy.tokens import Token

    name = "planvakt_re_" + hashlib.sha1(pattern.encode("utf-8")).hexdigest()[:16]
    if not Token.has_extension(name):
        compiled = compile_pattern(pattern)
        Token.set_extension(name, getter=lambda token: compiled.search(token.lower_) is not None)
    return name


def _anchor(pattern: Pattern, tokens: list[dict[str, Any]], lists: dict[str, list[str]], env: Env) -> None:
    """Pick the pattern's anchor: the required token likely to be rarest in text.

    Short words are the common ones («ta», «gi», «med»), so the token whose shortest
    value is longest wins; among equals, the one with fewer values.
    """
    best: tuple[tuple[int, int], int, list[str], list[str]] | None = None
    candidates: list[tuple[int, list[str], list[str]]] = []
    for position, token in enumerate(tokens):
        low, _ = _op_span(token.get("op"))
        if low < 1:
            continue
        lemmas = [v.lower() for v in _expand(token.get("lemma"), lists)]
        lowers = [v.lower() for v in _expand(token.get("lower"), lists) + _expand(token.get("text"), lists)]
        if "lemma" in token and ("lower" in token or "text" in token):
            lowers = []   # both must hold: the lemma alone is a sound prefilter
        if not lemmas and not lowers:
            continue
        values = lemmas + lowers
        candidates.append((position, lemmas, lowers))
        rank = (-min(len(value) for value in values), len(values))
        if best is None or rank < best[0]:
            best = (rank, position, lemmas, lowers)
    if best is None:
        return
    _, position, lemmas, lowers = best
    pattern.anchor = _register(lemmas, lowers, env)
    pattern.before = _reach(tokens[:position])
    pattern.after = _reach(tokens[position + 1:])
    pattern.required = [_register(other_lemmas, other_lowers, env)
                        for other, other_lemmas, other_lowers in candidates if other != position]


def _register(lemmas: list[str], lowers: list[str], env: Env) -> int:
    return env.words.register(sorted(set(lemmas) | {env.lemmas(v) for v in lemmas}), lowers)


def _reach(tokens: list[dict[str, Any]]) -> int | None:
    total = 0
    for token in tokens:
        _, high = _op_span(token.get("op"))
        if high is None:
            return None
        total += high
    return total


def _windows(prepared: Prepared, table: TokenTable) -> list[tuple[int, int, set[int]]]:
    """Token ranges to run the Matcher on: around each anchor, within its sentence, where
    every other required token of the pattern occurs too. Overlapping ranges merge."""
    import numpy as np

    sentence_starts, sentence_ends = table.sentences
    lows: list[np.ndarray] = []
    highs: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    for index, pattern in enumerate(prepared.patterns):
        if pattern.anchor is None:
            continue
        anchors = table.tokens_in(pattern.anchor)
        if not len(anchors) or not len(sentence_starts):
            continue
        sentence = np.clip(np.searchsorted(sentence_starts, anchors, side="right") - 1, 0, None)
        low, high = sentence_starts[sentence], sentence_ends[sentence]
        if pattern.before is not None:
            low = np.maximum(low, anchors - pattern.before)
        if pattern.after is not None:
            high = np.minimum(high, anchors + pattern.after + 1)
        keep = np.ones(len(anchors), dtype=bool)
        for set_id in pattern.required:
            found = table.tokens_in(set_id)
            if not len(found):
                keep[:] = False
                break
            first = np.searchsorted(found, low, side="left")
            keep &= (first < len(found)) & (found[np.minimum(first, len(found) - 1)] < high)
        lows.append(low[keep])
        highs.append(high[keep])
        owners.append(np.full(int(keep.sum()), index))
    if not lows:
        return []
    low_all, high_all, owner_all = np.concatenate(lows), np.concatenate(highs), np.concatenate(owners)
    order = np.argsort(low_all, kind="stable")
    merged: list[tuple[int, int, set[int]]] = []
    for low, high, owner in zip(low_all[order].tolist(), high_all[order].tolist(), owner_all[order].tolist()):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high), merged[-1][2] | {owner})
        else:
            merged.append((low, high, {owner}))
    return merged


RULE_TYPE = Sequence()
