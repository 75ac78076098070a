"""spaCy pipelines for Bokmål and Nynorsk, built once per process.

``spacy.blank(lang)`` gives the tokenizer; we add the pack's abbreviations as
tokenizer exceptions and one component, ``planvakt_annotator``, that sets sentence
starts and simplemma lemmas for the whole Doc with array operations (per-token Python
setters would cost more than tokenising). If the pack names a full spaCy model and it
is installed, that model is used instead, with its own lemmas and sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import spacy
from spacy.attrs import IDX, LEMMA, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.symbols import ORTH as ORTH_SYMBOL
from spacy.tokens import Doc

from planvakt.linting.nlp.lemmas import LemmaTable, lemma_table
from planvakt.linting.nlp.segment import Shape, segment, shape

BLOCK_SEPARATOR = "\n\n"  # between blocks in the analysed text; always starts a sentence


@dataclass(frozen=True, slots=True)
class TokenColumns:
    """What the annotator already knows of every token, as arrays, for the rule types.

    ``unique_lower[lower_inverse]`` is each token's lower-case hash and
    ``unique_lemma[lower_inverse]`` its lemma hash (one lemma per lower-case form).
    ``word`` and ``number`` are the segmenter's word marks (a digit group continuing
    «11 400» is no word of its own).
    """

    unique_lower: np.ndarray
    unique_lemma: np.ndarray
    lower_inverse: np.ndarray
    sent_start: np.ndarray  # bool
    word: np.ndarray | None = None    # bool
    number: np.ndarray | None = None  # bool


class Annotator:
    """Sets sentence starts and lemmas on a Doc with NumPy, looking up each distinct word once.

    Sentences come from :func:`planvakt.linting.nlp.segment.segment`. It also leaves the
    word and sentence counts, and the :class:`TokenColumns`, in
    ``doc.user_data["planvakt"]``, since it already has them.
    """

    def __init__(self, nlp: Language, language: str, final_abbreviations: tuple[str, ...] = ()) -> None:
        strings = nlp.vocab.strings
        self._strings = strings
        self._table: LemmaTable = lemma_table(language)
        self._final = frozenset(final_abbreviations)
        self._lexicon: dict[int, _Entry] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc.user_data["planvakt"] = {"words": 0, "sentences": 0}
            return doc
        arrays = doc.to_array([ORTH, IDX, SPACY])
        orth = arrays[:, 0]
        unique, inverse = np.unique(orth, return_inverse=True)
        inverse = inverse.reshape(-1)
        entries = [self._entry(h) for h in unique.tolist()]
        lemmas = np.fromiter((entry.lemma for entry in entries), dtype=np.uint64, count=len(entries))
        lowers = np.fromiter((entry.lower for entry in entries), dtype=np.uint64, count=len(entries))
        found = segment([entry.shape for entry in entries], inverse, arrays[:, 1].astype(np.int64),
                        arrays[:, 2].astype(bool))
        starts = np.where(found.sent_start, 1, -1).astype(np.uint64)
        doc.from_array([SENT_START, LEMMA], np.stack([starts, lemmas[inverse]], axis=1))
        unique_lower, orth_to_lower = np.unique(lowers, return_inverse=True)
        unique_lemma = np.empty(len(unique_lower), dtype=np.uint64)
        unique_lemma[orth_to_lower.reshape(-1)] = lemmas
        columns = TokenColumns(unique_lower, unique_lemma, orth_to_lower.reshape(-1)[inverse], found.sent_start,
                               found.word, found.number)
        doc.user_data["planvakt"] = {"words": int(found.word.sum()), "sentences": found.sentences,
                                     "columns": columns}
        return doc

    def _entry(self, orth_hash: int) -> _Entry:
        found = self._lexicon.get(orth_hash)
        if found is None:
            text = self._strings[orth_hash]
            lower = text.lower()
            found = _Entry(self._strings.add(self._table(lower)), self._strings.add(lower), shape(text, self._final))
            self._lexicon[orth_hash] = found
        return found


class _Entry(NamedTuple):
    lemma: int
    lower: int
    shape: Shape


@Language.factory("planvakt_annotator", default_config={"language": "nb", "final_abbreviations": []})
def make_annotator(nlp: Language, name: str, language: str, final_abbreviations: list[str]) -> Annotator:
    return Annotator(nlp, language, tuple(final_abbreviations))


# spaCy's tokenizer peels prefixes and suffixes off a run without spaces one at a time,
# which is quadratic: 8,000 «[» took a minute, a pasted line of them would hang the bot.
# No word is that long, so such runs are cut into pieces before tokenising: a space
# replaces every _RUN_PIECE-th character, so every offset stays the same.
_LONG_RUN_CHARS = 100
_LONG_RUN = re.compile(r"\S{%d,}" % _LONG_RUN_CHARS)
_RUN_PIECE = 50


def _longest_run(text: str) -> int:
    """Length of the longest run without whitespace (an upper bound: rare spaces count as text)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    space = ((codes == 32) | ((codes >= 9) & (codes <= 13)) | (codes == 0xA0)
             | (codes == 0x2028) | (codes == 0x2029))
    gaps = np.diff(np.flatnonzero(space), prepend=-1, append=len(codes))
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
                 abbreviations: tuple[str, ...] = (), final_abbreviations: tuple[str, ...] = ()) -> Language:
    """The pipeline for ``language``; a full ``model`` only if it is installed.

    ``abbreviations`` stay one token with their full stop; of those, ``final_abbreviations``
    may end a sentence («… 3 mill. kr. Vi …»), the others never do («Meld. St. 6»).
    """
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
    nlp.add_pipe("planvakt_annotator", config={"language": language,
                                               "final_abbreviations": list(final_abbreviations)})
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    return nlp
