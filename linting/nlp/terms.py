"""Finding terms in text by lemma, also inside Norwegian compounds.

A single-word term matches a token whose lemma is the term, ends with it (the head of
a compound: «klimagassutslippene» → «utslipp»), or starts with it followed by another
known word (a modifier: «klimaregnskap» → «klima»). Terms shorter than four letters
match whole words only, so «rus» does not match «russisk».
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from planvakt.linting.nlp.lemmas import LemmaTable

MIN_COMPOUND_TERM = 4
MIN_COMPOUND_PART = 3
_LINKING = ("s", "e")


@dataclass(frozen=True, slots=True)
class TermHit:
    term: str
    start: int  # character offsets from the start of the searched Doc or Span
    end: int


class TermMatcher:
    """Matches a fixed list of terms (any inflection, inside compounds) in spaCy Docs."""

    def __init__(self, terms: Iterable[str], lemmas: LemmaTable) -> None:
        self._lemmas = lemmas
        self._single: dict[str, str] = {}
        self._multi: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for term in terms:
            words = tuple(lemmas(word.lower()) for word in term.split())
            if len(words) == 1:
                self._single.setdefault(words[0], term)
            elif words:
                self._multi.setdefault(words[0], []).append((term, words))
        self._token_cache: dict[str, str | None] = {}

    def term_for(self, lemma: str) -> str | None:
        """The single-word term this lemma is, or contains as a compound part."""
        if lemma in self._token_cache:
            return self._token_cache[lemma]
        found = self._single.get(lemma)
        if found is None and len(lemma) > MIN_COMPOUND_TERM + MIN_COMPOUND_PART - 1:
            found = self._compound(lemma)
        self._token_cache[lemma] = found
        return found

    def _compound(self, lemma: str) -> str | None:
        for term_lemma, term in self._single.items():
            if len(term_lemma) < MIN_COMPOUND_TERM:
                continue
            if lemma.endswith(term_lemma) and len(lemma) - len(term_lemma) >= MIN_COMPOUND_PART:
                return term
            if lemma.startswith(term_lemma) and self._is_word(lemma[len(term_lemma):]):
                return term
        return None

    def _is_word(self, rest: str) -> bool:
        candidates = [rest] + [rest[1:] for link in _LINKING if rest.startswith(link)]
        return any(len(c) >= MIN_COMPOUND_PART and self._lemmas.is_known(c) for c in candidates)

    def find(self, doc: Doc | Span) -> list[TermHit]:
        hits: list[TermHit] = []
        tokens: Sequence = doc
        base = doc.start_char if isinstance(doc, Span) else 0
        index = 0
        while index < len(tokens):
            token = tokens[index]
            matched = self._match_multi(tokens, index)
            if matched:
                term, length = matched
                end_token = tokens[index + length - 1]
                hits.append(TermHit(term, token.idx - base, end_token.idx + len(end_token.text) - base))
                index += length
                continue
            term = self.term_for(token.lemma_) if token.is_alpha else None
            if term:
                hits.append(TermHit(term, token.idx - base, token.idx + len(token.text) - base))
            index += 1
        return hits

    def _match_multi(self, tokens: Sequence, index: int) -> tuple[str, int] | None:
        for term, words in self._multi.get(tokens[index].lemma_, ()):
            if index + len(words) > len(tokens):
                continue
            inner = all(tokens[index + k].lemma_ == words[k] for k in range(1, len(words) - 1))
            last = tokens[index + len(words) - 1].lemma_
            if inner and (last == words[-1] or (last.endswith(words[-1]) and len(words[-1]) >= MIN_COMPOUND_TERM)):
                return term, len(words)
        return None
