"""spaCy pipelines for Bokmål and Nynorsk, built once per process.

``spacy.blank(lang)`` gives the tokenizer; we add the pack's abbreviations as
tokenizer exceptions and one component, ``planvakt_annotator``, that sets sentence
starts and simplemma lemmas for the whole Doc with array operations (per-token Python
setters would cost more than tokenising). If the pack names a full spaCy model and it
is installed, that model is used instead, with its own lemmas and sentences.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable, Iterator

import numpy as np
import spacy
from spacy.attrs import LEMMA, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.symbols import ORTH as ORTH_SYMBOL
from spacy.tokens import Doc

from linting.nlp.lemmas import LemmaTable, lemma_table

BLOCK_SEPARATOR = "\n\n"  # between blocks in the analysed text; always starts a sentence
_TERMINAL = (".", "!", "?", "…", "...", "?!")
_OPENERS = set("«\"'([–-•")


class Annotator:
    """Sets sentence starts and lemmas on a Doc with NumPy, looking up each distinct word once.

    It also leaves the word and sentence counts in ``doc.user_data["planvakt"]``, since it
    already knows which tokens are words.
    """

    def __init__(self, nlp: Language, language: str) -> None:
        strings = nlp.vocab.strings
        self._strings = strings
        self._table: LemmaTable = lemma_table(language)
        self._terminal = np.array([strings.add(t) for t in _TERMINAL], dtype=np.uint64)
        self._separator = np.uint64(strings.add(BLOCK_SEPARATOR))
        self._lexicon: dict[int, tuple[int, bool]] = {}  # lower hash -> (lemma hash, is a word)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc.user_data["planvakt"] = {"words": 0, "sentences": 0}
            return doc
        columns = doc.to_array([ORTH, LOWER])
        orth, lower = columns[:, 0], columns[:, 1]
        unique, inverse = np.unique(lower, return_inverse=True)
        entries = [self._entry(int(h)) for h in unique]
        lemmas = np.fromiter((entry[0] for entry in entries), dtype=np.uint64, count=len(entries))
        is_word = np.fromiter((entry[1] for entry in entries), dtype=bool, count=len(entries))[inverse]
        starts = np.full(len(doc), -1, dtype=np.int64)
        starts[0] = 1
        starts[1:][orth[:-1] == self._separator] = 1
        for index in np.flatnonzero(np.isin(orth[:-1], self._terminal)).tolist():
            first = doc[index + 1].text[:1]
            if first.isupper() or first.isdigit() or first in _OPENERS:
                starts[index + 1] = 1
        doc.from_array([SENT_START, LEMMA], np.stack([starts.astype(np.uint64), lemmas[inverse]], axis=1))
        doc.user_data["planvakt"] = {"words": int(is_word.sum()),
                                     "sentences": int(((starts == 1) & is_word).sum())}
        return doc

    def _entry(self, lower_hash: int) -> tuple[int, bool]:
        found = self._lexicon.get(lower_hash)
        if found is None:
            text = self._strings[lower_hash]
            found = (self._strings.add(self._table(text)), any(c.isalnum() for c in text))
            self._lexicon[lower_hash] = found
        return found


@Language.factory("planvakt_annotator", default_config={"language": "nb"})
def make_annotator(nlp: Language, name: str, language: str) -> Annotator:
    return Annotator(nlp, language)


# spaCy's tokenizer peels prefixes and suffixes off a run without spaces one at a time,
# which is quadratic: 8,000 «[» took a minute, a pasted line of them would hang the bot.
# No word is that long, so such runs are cut into pieces before tokenising: a space
# replaces every _RUN_PIECE-th character, so every offset stays the same.
_LONG_RUN_CHARS = 100
_LONG_RUN = re.compile(r"\S{%d,}" % _LONG_RUN_CHARS)
_RUN_PIECE = 50
_SPACES = np.array([ord(c) for c in " \t\n\r\x0b\x0c\u00a0\u2028\u2029"], dtype=np.uint32)


def _longest_run(text: str) -> int:
    """Length of the longest run without whitespace (an upper bound: rare spaces count as text)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    gaps = np.diff(np.flatnonzero(np.isin(codes, _SPACES)), prepend=-1, append=len(codes))
    return int(gaps.max()) - 1 if len(gaps) else len(text)


def cut_long_runs(text: str) -> str:
    if len(text) < _LONG_RUN_CHARS or _longest_run(text) < _LONG_RUN_CHARS:
        return text  # the common case, found with NumPy instead of a regex scan (4 ms on 20,000 words)

    def cut(match: re.Match[str]) -> str:
        run = match.group()
        return "".join(run[i:i + _RUN_PIECE - 1] + " " for i in range(0, len(run), _RUN_PIECE))[:len(run)]

    return _LONG_RUN.sub(cut, text)


class BoundedTokenizer:
    """A spaCy tokenizer that is fed :func:`cut_long_runs` text; otherwise the same."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        return self.tokenizer(cut_long_runs(text))

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        return (self(text) for text in texts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


@lru_cache(maxsize=8)
def get_pipeline(language: str, model: str | None = None,
                 abbreviations: tuple[str, ...] = ()) -> Language:
    """The pipeline for ``language``; a full ``model`` only if it is installed."""
    if model and spacy.util.is_package(model):
        nlp = spacy.load(model, exclude=["ner"])
        if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
            nlp.add_pipe("sentencizer")
        nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
        return nlp
    nlp = spacy.blank(language)
    for abbreviation in abbreviations:
        for form in {abbreviation, abbreviation[:1].upper() + abbreviation[1:]}:
            nlp.tokenizer.add_special_case(form, [{ORTH_SYMBOL: form}])
    nlp.add_pipe("planvakt_annotator", config={"language": language})
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    return nlp
