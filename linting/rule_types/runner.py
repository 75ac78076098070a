"""Running a pack's rules over one document: hits → findings, with scopes and opt-outs.

Rules are prepared once per pack and language (word lookups, matchers) and cached,
so a warm process pays only for the document: a :class:`~planvakt.linting.rule_types.text.TokenTable`
per document, then each rule's ``run``.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

import numpy as np

from planvakt.linting.report.model import Finding
from planvakt.linting.rule_types import RULE_TYPES
from planvakt.linting.rule_types.base import HEADINGS, Env, Hit, RuleSpec, RuleType, Scope
from planvakt.linting.rule_types.context import RuleContext
from planvakt.linting.rule_types.text import TokenTable, body_table, heading_table
from planvakt.linting.rule_types.words import LEMMA, PhraseList, WordIndex, word_items
from planvakt.linting.rulepack.model import RulePack
from planvakt.linting.templates import fill


@dataclass(slots=True)
class PreparedRule:
    spec: RuleSpec
    type: RuleType
    prepared: Any
    exceptions: PhraseList


@dataclass(slots=True)
class CompiledPack:
    vocab: Any
    rules: list[PreparedRule]
    words: WordIndex
    vocabulary: PhraseList


# Per pack (it lives as long as the pack does), per language: the prepared rules.
_CACHE: weakref.WeakKeyDictionary[RulePack, dict[str, CompiledPack]] = weakref.WeakKeyDictionary()


def compiled(pack: RulePack, language: str, lemmas: Any, vocab: Any) -> CompiledPack:
    """The pack's enabled rules prepared for ``language``; cached per pack and pipeline."""
    by_language = _CACHE.setdefault(pack, {})
    found = by_language.get(language)
    if found is not None and found.vocab is vocab:
        return found
    words = WordIndex()
    env = Env(language=language, lemmas=lemmas, words=words, vocab=vocab)
    rules = []
    for spec in pack.rules:
        if not spec.enabled:
            continue
        rule_type = RULE_TYPES[spec.type]
        content = spec.content(language)
        prepared = rule_type.prepare(spec, content, env)
        exceptions = PhraseList(word_items(content.get("exceptions"), LEMMA), lemmas, words)
        rules.append(PreparedRule(spec, rule_type, prepared, exceptions))
    vocabulary = PhraseList(word_items(pack.vocabulary, LEMMA), lemmas, words)
    result = CompiledPack(vocab, rules, words, vocabulary)
    by_language[language] = result
    return result


class _RuleScope(Scope):
    def __init__(self, table: TokenTable, units: np.ndarray, blocked: _Blocked) -> None:
        self.units = units
        self._table = table
        self._blocked = blocked

    def keep(self, start: int, end: int) -> bool:
        if not self.units[self._table.unit_index(start)]:
            return False
        return not self._blocked.overlaps(start, end)


class _Blocked:
    """Token spans a rule must not report: its exceptions and the pack's vocabulary."""

    def __init__(self, table: TokenTable, lists: list[PhraseList], shared: dict[int, list[tuple[int, int]]]) -> None:
        self._table, self._lists, self._shared = table, lists, shared
        self._starts: list[int] | None = None
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        if self._starts is None:
            spans: list[tuple[int, int]] = []
            for phrases in self._lists:
                if id(phrases) not in self._shared:
                    self._shared[id(phrases)] = [(s, e) for s, e, _ in phrases.find(self._table)]
                spans.extend(self._shared[id(phrases)])
            spans.sort()
            self._starts = [s for s, _ in spans]
            self._ends = [e for _, e in spans]
        position = bisect_right(self._starts, end - 1) - 1   # the last blocked span starting before `end`
        while position >= 0:
            if self._ends[position] > start:
                return True
            if self._starts[position] < start - 64:
                break
            position -= 1
        return False


def run_rules(context: RuleContext) -> tuple[list[Finding], dict[str, Any]]:
    """Findings and stats of the pack's rules for the document in ``context`` (a CheckContext)."""
    pack = context.pack
    if not any(spec.enabled for spec in pack.rules):
        return [], {}
    analysis = context.analysis
    compiled_pack = compiled(pack, analysis.language, analysis.lemmas, analysis.nlp.vocab)
    findings: list[Finding] = []
    stats: dict[str, Any] = {}
    tables: dict[str, TokenTable] = {}
    unit_masks: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}
    shared: dict[str, dict[int, list[tuple[int, int]]]] = {}
    for rule in compiled_pack.rules:
        scope = frozenset(rule.spec.scope)
        kinds = (["body"] if scope - {HEADINGS} else []) + (["headings"] if HEADINGS in scope else [])
        for kind in kinds:
            if kind not in tables:
                build = body_table if kind == "body" else heading_table
                tables[kind] = build(context, analysis.lemmas, compiled_pack.words)
            table = tables[kind]
            mask_key = (kind, rule.spec.scope)
            if mask_key not in unit_masks:
                unit_masks[mask_key] = np.array([bool(scope & unit.scopes) for unit in table.units], dtype=bool)
            lists = [rule.exceptions, compiled_pack.vocabulary]
            blocked = _Blocked(table, [phrases for phrases in lists if phrases], shared.setdefault(kind, {}))
            rule_scope = _RuleScope(table, unit_masks[mask_key], blocked)
            for hit in rule.type.run(rule.prepared, table, rule_scope, stats):
                findings.append(_finding(rule.spec, table, hit))
    return findings, stats


def _finding(spec: RuleSpec, table: TokenTable, hit: Hit) -> Finding:
    fields = dict(hit.fields)
    message_template = fields.pop("_message", spec.message)
    hint_template = fields.pop("_hint", spec.hint)
    excerpt = fields.pop("_excerpt", None)
    values = {**fields, "rule": spec.id}
    message, hint = fill(message_template, values), fill(hint_template, values)
    end_column = None
    if hit.position is not None:
        (line, column), section = hit.position, hit.section
    else:
        unit = table.units[table.unit_index(hit.start)]
        first, last = table.char_span(hit.start, hit.end)
        line, column = unit.position(first)
        end_line, end = unit.position(last)
        end_column = end if end_line == line else None
        section = unit.section_id
    replacement = hit.replacement if end_column is not None else None
    return Finding(rule=spec.id, severity=hit.level or spec.level, message=message, line=line, column=column,
                   section=section, hint=hint, replacement=replacement, end_column=end_column,
                   excerpt=excerpt, fields=values)
