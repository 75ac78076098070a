"""Finding words and phrases from a rule's lists in a document's tokens, fast.

Every list a pack's rules use is registered once per pack and language in one
:class:`WordIndex`: a map from the hash of a word (its lemma or its lower-case form;
spaCy's string hashes, which do not depend on the Doc) to the lists it starts an entry
of. For a document, :class:`~planvakt.linting.rule_types.text.TokenTable` looks up each
*distinct* word once and broadcasts the result to the tokens with NumPy, so a
20,000-word chapter costs a few thousand dictionary look-ups, not a Python loop per
token and list. Multi-word entries are then verified only where their first word
occurs.

Token classes (``is: s-passive``) are computed the same way: once per distinct word,
cached per language for the life of the process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from planvakt.linting.nlp.lemmas import LemmaTable, lemma_table
from planvakt.linting.rule_types.names import LEMMA, LOWER, TOKEN_CLASS_NAMES  # noqa: F401
from planvakt.linting.rule_types.word_index import WordIndex, word_hash  # noqa: F401

if TYPE_CHECKING:  # pragma: no cover
    from planvakt.linting.rule_types.text import TokenTable



@dataclass(frozen=True, slots=True)
class Entry:
    """One word or phrase of a list, with what a match of it stands for (``value``)."""

    text: str
    words: tuple[tuple[int | None, int], ...]  # per word: (lemma hash or None, lower hash)
    value: Any = None
    anchor: int = 0                            # the word looked up first (the longest)


class PhraseList:
    """A list of words and phrases matched on lemma (any inflection) or lower-case form.

    A phrase is looked up by its longest word («i henhold til» by «henhold»), not its
    first: short function words are everywhere, and each hit costs a check in Python.
    """

    def __init__(self, items: Iterable[tuple[str, str, Any]], lemmas: LemmaTable, index: WordIndex) -> None:
        """``items``: (text, mode, value) with mode «lemma» or «lower»."""
        self.entries: dict[int, list[Entry]] = {}
        anchor_lemmas: set[str] = set()
        anchor_lowers: set[str] = set()
        self.size = 0
        for text, mode, value in items:
            parts = text.lower().split()
            if not parts:
                continue
            words = []
            for part in parts:
                lemma = lemmas(part) if mode == LEMMA else None
                words.append((word_hash(lemma) if lemma is not None else None, word_hash(part)))
            anchor = max(range(len(parts)), key=lambda k: (len(parts[k]), k))
            entry = Entry(text, tuple(words), value, anchor)
            keys = {words[anchor][1]} | ({words[anchor][0]} if words[anchor][0] is not None else set())
            for key in keys:
                self.entries.setdefault(key, []).append(entry)
            anchor_lowers.add(parts[anchor])
            if mode == LEMMA:
                anchor_lemmas.add(lemmas(parts[anchor]))
            self.size += 1
        self.set_id = index.register(anchor_lemmas, anchor_lowers)

    def __bool__(self) -> bool:
        return self.size > 0

    def find(self, table: TokenTable) -> list[tuple[int, int, Entry]]:
        """Longest matches, left to right, not overlapping, within one unit (block)."""
        if not self.size:
            return []
        tokens = table.tokens_in(self.set_id)
        if not len(tokens):
            return []
        units = np.searchsorted(table.unit_starts, tokens, side="right") - 1
        lemma, lower = table.lemma, table.lower
        matches: list[tuple[int, int, Entry]] = []
        for token, unit_start, unit_end in zip(tokens.tolist(), table.unit_starts[units].tolist(),
                                               table.unit_ends[units].tolist()):
            for entry in self.entries.get(int(lower[token]), []) + self.entries.get(int(lemma[token]), []):
                start = token - entry.anchor
                end = start + len(entry.words)
                if start < unit_start or end > unit_end:
                    continue
                if len(entry.words) == 1 or all(_same(word, lemma[start + k], lower[start + k])
                                                for k, word in enumerate(entry.words)):
                    matches.append((start, end, entry))
        matches.sort(key=lambda match: (match[0], match[0] - match[1]))
        found: list[tuple[int, int, Entry]] = []
        limit = -1
        for match in matches:
            if match[0] >= limit:
                found.append(match)
                limit = match[1]
        return found


def _same(word: tuple[int | None, int], lemma: np.uint64, lower: np.uint64) -> bool:
    return int(lower) == word[1] or (word[0] is not None and int(lemma) == word[0])


# --- token classes -----------------------------------------------------------------

_VOWELS = frozenset("aeiouyæøå")
_MODALS = frozenset(["skal", "kan", "må", "bør", "vil", "skulle", "kunne", "måtte", "burde", "ville"])
# Words that may follow an s-passive but rarely a genitive (which is followed by a noun).
_AFTER_VERB = frozenset(["av", "i", "på", "til", "med", "for", "fra", "frå", "gjennom", "ved", "etter", "innen", "under", "over", "mot", "om", "hos", "uten", "utan", "mellom", "blant", "og", "eller", "men", "som", "når", "der", "slik", "så", "at", "ikke", "ikkje", "også", "òg", "derfor", "difor", "videre", "vidare", "mer", "meir", "bedre", "betre", "fortsatt", "framover", "fremover", "nå", "no", "ytterligere", "ytterlegare", "særlig", "særleg", "spesielt", "raskt", "best"])

# per language: lower-case hash -> 0 (no), 1 (s-passive), 2 (s-passive or genitive: ask the context)
_PASSIVE_CODES: dict[str, dict[int, int]] = {}


def _passive_code(word: str, lemmas: LemmaTable) -> int:
    if len(word) < 3 or not word.isalpha():
        return 0
    if lemmas.language == "nn" and word.endswith("ast") and len(word) > 6 and not lemmas.is_known(word):
        # a nynorsk -ast form the dictionary lacks («organiserast»): passive if the verb is known,
        # in Nynorsk or, for loan verbs the Nynorsk list lacks («evaluerast»), in Bokmål,
        # unless Bokmål knows the word itself («ballast»)
        stem = word[:-3]
        bokmal = lemma_table("nb")
        for table in (lemmas, bokmal):
            if any(table.is_known(stem + end) and table(stem + end) == stem + end for end in ("e", "a")) \
                    and (table is lemmas or not bokmal.is_known(word)):
                return 1
    lemma = lemmas(word)
    if lemma == word or not lemma or lemma[-1] not in _VOWELS:
        return 0
    if lemmas.language == "nn":
        # nynorsk s-passive: «vurderast», «gjerast» (lemma «vurdere», «gjera»)
        if not (word.endswith("ast") and word[:-3] == lemma[:-1]):
            return 0
        noun_forms = (lemma + "n", lemma + "ne", lemma + "a")
    else:
        # bokmål: «vurderes», «tas», «foretas» = the infinitive + s
        if word != lemma + "s":
            return 0
        noun_forms = (lemma + "n", lemma + "ne")
    if not lemmas.is_known(word):
        return 0   # a form the dictionary does not list, e.g. the genitive «kommunes»
    if any(lemmas.is_known(form) and lemmas(form) == lemma for form in noun_forms):
        return 2   # «styrke», «skole»: also nouns, so «styrkes» may be a genitive
    return 1


def s_passive(table: TokenTable) -> np.ndarray:
    """Tokens that are s-passive verbs («vurderes», «foretas»; nynorsk «vurderast»).

    A word counts if it is its verb's infinitive plus -s (-ast in Nynorsk) and the
    dictionary lists that form. Deponent verbs («finnes», «synes», «lykkes», «trives»)
    have their own lemma and never match; rules list them as exceptions too. Where the
    verb is also a noun («styrkes»: a passive or the genitive of «styrke»), the token
    counts only after a modal verb or before a word a genitive is not followed by.
    """
    codes_cache = _PASSIVE_CODES.setdefault(table.language, {})
    unique, inverse = table.unique_lower
    strings = table.doc.vocab.strings
    lemmas = table.lemmas
    codes = np.zeros(len(unique), dtype=np.int8)
    for position, key in enumerate(unique.tolist()):
        code = codes_cache.get(key)
        if code is None:
            code = _passive_code(strings[key], lemmas) if key in strings else 0
            codes_cache[key] = code
        codes[position] = code
    per_token = codes[inverse]
    mask = per_token == 1
    for token in np.nonzero(per_token == 2)[0].tolist():
        mask[token] = _passive_in_context(table, token)
    return mask


def _passive_in_context(table: TokenTable, token: int) -> bool:
    doc = table.doc
    end = table.unit_end_of(token)
    if token + 1 >= end or not doc[token + 1].is_alpha or doc[token + 1].lower_ in _AFTER_VERB:
        return True
    start = table.unit_start_of(token)
    return any(doc[k].lower_ in _MODALS for k in range(max(start, token - 3), token))


TOKEN_CLASSES: dict[str, Callable[[TokenTable], np.ndarray]] = {"s-passive": s_passive}
assert set(TOKEN_CLASSES) == set(TOKEN_CLASS_NAMES)


def word_items(tokens: Iterable[Any], default_mode: str, value: Any = None) -> list[tuple[str, str, Any]]:
    """A rule's ``tokens`` (strings, or ``{text, match}``) as (text, mode, value) items."""
    items = []
    for token in tokens or ():
        if isinstance(token, str):
            items.append((token, default_mode, value))
        else:
            items.append((token["text"], token.get("match", default_mode), token.get("hint", value)))
    return items


@dataclass(slots=True)
class WordMatcher:
    """What ``tokens``/``match``/``is`` select, shared by existence and occurrence."""

    phrases: PhraseList
    token_class: str | None

    @classmethod
    def build(cls, content: dict[str, Any], lemmas: LemmaTable, index: WordIndex) -> WordMatcher:
        mode = content.get("match", LEMMA)
        return cls(PhraseList(word_items(content.get("tokens"), mode), lemmas, index), content.get("is"))

    def find(self, table: TokenTable) -> list[tuple[int, int, Any]]:
        """(start, end, the entry's own hint or None), in document order."""
        spans = [(start, end, entry.value) for start, end, entry in self.phrases.find(table)]
        if self.token_class:
            taken = {start for start, _, _ in spans}
            spans.extend((t, t + 1, None) for t in np.nonzero(table.token_class(self.token_class, TOKEN_CLASSES[self.token_class]))[0].tolist()
                         if t not in taken)
            spans.sort(key=lambda span: span[0])
        return spans
