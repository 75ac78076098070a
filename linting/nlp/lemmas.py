"""Lemmas from simplemma, for Bokmål and Nynorsk.

simplemma decompresses its whole dictionary on first use (about a second for nb).
We use its trie-backed dictionary instead, which is built once and cached on disk
(``PLANVAKT_CACHE_DIR``, else the user's cache directory), so later runs load it in
milliseconds. Lemmas are memoised per word for the life of the process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from planvakt.linting.cache import cache_dir


@lru_cache(maxsize=1)
def _factory() -> Any:
    from simplemma.strategies.dictionaries import TrieDictionaryFactory

    directory = cache_dir() / "simplemma"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:  # read-only home: build the trie in memory every time
        return TrieDictionaryFactory(use_disk_cache=False)
    return TrieDictionaryFactory(disk_cache_dir=str(directory))


@lru_cache(maxsize=1)
def _lemmatizer() -> Any:
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_factory()))


class LemmaTable:
    """Lower-case lemma per lower-case word, for one language, memoised."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._lemmas: dict[str, str] = {}
        self._known: dict[str, bool] = {}

    def __call__(self, word: str) -> str:
        lemma = self._lemmas.get(word)
        if lemma is None:
            lemma = self._lookup(word)
            self._lemmas[word] = lemma
        return lemma

    def _lookup(self, word: str) -> str:
        if not any(c.isalpha() for c in word):
            return word
        try:
            return _lemmatizer().lemmatize(word, lang=self.language).lower()
        except ValueError:  # a language simplemma does not have
            return word

    def is_known(self, word: str) -> bool:
        """Whether the dictionary has ``word`` as a form of some lemma."""
        known = self._known.get(word)
        if known is None:
            dictionary = _factory().get_dictionary(self.language)
            known = word in dictionary or word.capitalize() in dictionary
            self._known[word] = known
        return known


@lru_cache(maxsize=4)
def lemma_table(language: str) -> LemmaTable:
    """The process-wide table for ``language`` («nb» or «nn»)."""
    return LemmaTable(language)
