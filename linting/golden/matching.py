"""Is this the same priority? Goal ids first, then the overlap of content lemmas.

A unit rewords the HØP priority it follows up («Alle skoler tar i bruk det nye programmet
mot mobbing» → «Skolen tar i bruk mobbeprogrammet»), so words are compared as simplemma
lemmas, with function words removed, and a compound also counts as its parts
(«mobbeprogram» → «mobbe», «program»). Each content word of a priority is a set of keys
(its lemma and its parts); two words are shared when their keys meet.

Two priorities match when

- both cite goals and share at least one, and at least ``with_goal`` of the shorter one's
  content words (and at least ``min_shared``) are shared; or
- one of them cites no goal, and at least ``without_goal`` of the shorter one's content
  words (and at least ``min_shared`` + 1) are shared.

Priorities that cite goals, but no goal in common, never match. The thresholds are data:
`golden.matching` in the rule pack.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from planvakt.linting.golden.config import Matching
from planvakt.linting.nlp.lemmas import LemmaTable, lemma_table

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_MIN_PART = 3         # the shortest part a compound is split into
_MIN_KEPT_PART = 4    # shorter parts («tid», «gå») say too little to count as shared words
_MIN_COMPOUND = 8     # shorter words are not split («bedrift» is not «be» + «drift»)
_LINKING = ("s", "e")


@dataclass(frozen=True, slots=True)
class Word:
    lemma: str
    parts: frozenset[str]  # the lemmas of its compound parts, if it is a compound


@dataclass(frozen=True, slots=True)
class Bag:
    """The content words of a priority, each a lemma with its compound parts."""

    words: tuple[Word, ...]
    lemmas: frozenset[str]
    keys: frozenset[str]   # lemmas and parts

    def __len__(self) -> int:
        return len(self.words)

    def hits(self, other: Bag) -> int:
        """Words of this bag that ``other`` has: the same lemma, a part of one of its
        compounds, or a compound with one of its words as a part. Two compounds that
        only share a part («lekeplass», «møteplass») are not the same word."""
        return sum(1 for word in self.words
                   if word.lemma in other.keys or word.parts & other.lemmas
                   or any(_same(word.lemma, key) for key in other.keys)
                   or any(_same(part, lemma) for part in word.parts for lemma in other.lemmas))


def _same(a: str, b: str) -> bool:
    """The same word when simplemma guessed differently: one is the other plus at most two
    letters («læreplass», «læreplasser»)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and len(long) - len(short) <= 2 and long.startswith(short)


@dataclass(frozen=True, slots=True)
class Similarity:
    shared: int          # content words shared (counted on the side that shares fewer)
    containment: float   # shared / words of the shorter priority
    union: float         # shared / words of both together (Jaccard-like)

    @property
    def score(self) -> float:
        return round(self.containment, 3)


def strip_references(text: str, citation: re.Pattern[str], extra: Iterable[re.Pattern[str]] = ()) -> str:
    """``text`` without goal references and parentheticals that hold one («(mål 1.1)»)."""
    def parenthetical(match: re.Match[str]) -> str:
        return " " if citation.search(match.group(0)) or any(p.search(match.group(0)) for p in extra) else match.group(0)

    text = _PARENTHETICAL.sub(parenthetical, text)
    return citation.sub(" ", text)


def bag_of(text: str, language: str, matching: Matching) -> Bag:
    """The content words of ``text`` (already stripped of references) in ``language``."""
    words: dict[str, Word] = {}
    for raw in _WORD.findall(text):
        for token in raw.split("-"):
            lower = token.casefold()
            if len(lower) < 2 or lower in matching.stopwords:
                continue
            lemma = _lemma(lower, language)
            if lemma in matching.stopwords:
                continue
            key = _key(lemma)
            if key in words:
                continue
            parts = frozenset(_key(part) for part in _parts(lemma, language) if len(part) >= _MIN_KEPT_PART)
            words[key] = Word(key, parts - {key} - matching.stopwords)
    lemmas = frozenset(words)
    keys = lemmas.union(*(word.parts for word in words.values()))
    return Bag(tuple(words.values()), lemmas, keys)


def _key(lemma: str) -> str:
    """«samarbeidet» is «samarbeid» (noun) or «samarbeide» (verb) to simplemma: drop a final -e."""
    return lemma[:-1] if len(lemma) > 4 and lemma.endswith("e") else lemma


@lru_cache(maxsize=50_000)
def _lemma(word: str, language: str) -> str:
    """simplemma's lemma; for a compound it does not know, the lemma of its last part
    («læreplasser» → «lære» + «plass»), which is better than simplemma's guess."""
    table = lemma_table(language)
    if table.is_known(word) or len(word) < 2 * _MIN_PART:
        return table(word)
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head, modifier = word[cut:], word[:cut]
        if table.is_known(head) and _modifier(modifier, table, language) is not None:
            return modifier + table(head)
    return table(word)


def similarity(a: Bag, b: Bag) -> Similarity:
    if not len(a) or not len(b):
        return Similarity(0, 0.0, 0.0)
    shared = min(a.hits(b), b.hits(a))
    return Similarity(shared, shared / min(len(a), len(b)), shared / (len(a) + len(b) - shared))


def is_match(a_goals: Iterable[str], a: Bag, b_goals: Iterable[str], b: Bag,
             matching: Matching) -> Similarity | None:
    """The similarity if the two priorities match, else None (see the module's rules)."""
    goals_a, goals_b = set(a_goals), set(b_goals)
    found = similarity(a, b)
    if goals_a and goals_b:
        if not goals_a & goals_b:
            return None
        ok = found.shared >= matching.min_shared and found.containment >= matching.with_goal
    else:
        ok = found.shared >= matching.min_shared + 1 and found.containment >= matching.without_goal
    return found if ok else None


def is_duplicate(a: Bag, b: Bag, matching: Matching) -> Similarity | None:
    """Near-duplicates: much the same words both ways, whatever goals they cite."""
    found = similarity(a, b)
    if found.shared >= matching.min_shared_duplicate and found.union >= matching.duplicate:
        return found
    return None


# --- compounds ---------------------------------------------------------------------


def _parts(lemma: str, language: str) -> tuple[str, ...]:
    return _split(lemma, language) if len(lemma) >= _MIN_COMPOUND else ()


@lru_cache(maxsize=20_000)
def _split(word: str, language: str) -> tuple[str, ...]:
    """The lemmas of a compound's parts («sykkelparkering» → sykkel, parkering), or ()."""
    table = lemma_table(language)
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):  # longest head first
        head, modifier = word[cut:], word[:cut]
        if not table.is_known(head):
            continue
        # «fritidskort» is fritid+s+kort, not fritid+skort: prefer a linking letter
        if head[0] in _LINKING and len(head) > _MIN_PART and table.is_known(head[1:]) \
                and table.is_known(modifier):
            head, modifier = head[1:], modifier + head[0]
        left = _modifier(modifier, table, language)
        if left is not None:
            return (*left, table(head))
    return ()


def _modifier(modifier: str, table: LemmaTable, language: str) -> tuple[str, ...] | None:
    candidates = [modifier] + [modifier[:-1] for link in _LINKING
                               if modifier.endswith(link) and len(modifier) > _MIN_PART]
    for candidate in candidates:
        if table.is_known(candidate):
            return (table(candidate),)
    for candidate in candidates:
        inner = _split(candidate, language) if len(candidate) >= 2 * _MIN_PART else ()
        if inner:
            return inner
    return None
