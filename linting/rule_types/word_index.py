"""The word sets of one pack and language, keyed by spaCy's string ids (see :mod:`.words`)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.strings import get_string_id


def word_hash(text: str) -> int:
    """The id spaCy gives ``text`` in token arrays: its hash, or a symbol's fixed id («det», «mark»)."""
    return int(get_string_id(text))


class WordIndex:
    """Word sets of one pack and language, looked up per distinct word of a document."""

    def __init__(self) -> None:
        self.by_lemma: dict[int, tuple[int, ...]] = {}
        self.by_lower: dict[int, tuple[int, ...]] = {}
        self.count = 0

    def register(self, lemmas: Iterable[str] = (), lowers: Iterable[str] = ()) -> int:
        """A new set of words (lemmas match a token's lemma, lowers its lower-case form)."""
        set_id = self.count
        self.count += 1
        for target, words in ((self.by_lemma, lemmas), (self.by_lower, lowers)):
            for word in set(words):
                key = word_hash(word)
                target[key] = (*target.get(key, ()), set_id)
        return set_id
