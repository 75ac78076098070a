"""A document's tokens as arrays, for the rule types.

The engine has already tokenised, split and lemmatised every block into one spaCy Doc
(:class:`~planvakt.linting.nlp.analysis.TextAnalysis`). A :class:`TokenTable` reads that Doc
once into NumPy columns (lower-case form, lemma, sentence starts),
maps each token to its *unit* (the block it stands in, with its section and scopes),
and answers the questions rules ask: which tokens are in a word set, where sentences
start and end, how many words a span has. Nothing is re-tokenised; headings, which the
engine does not analyse, get their own small Doc only if a rule is scoped to them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import LEMMA, LOWER, SENT_START
from spacy.tokens import Doc

from planvakt.linting.document import Block
from planvakt.linting.nlp.lemmas import LemmaTable
from planvakt.linting.nlp.pipeline import TokenColumns
from planvakt.linting.rule_types.names import DOCUMENT, HEADINGS
from planvakt.linting.rule_types.word_index import WordIndex

if TYPE_CHECKING:  # pragma: no cover
    from planvakt.linting.outline import Section
    from planvakt.linting.rule_types.context import RuleContext

LONG_WORD = 6  # LIX: words of more than six letters are long
PART_BREAKS = frozenset(",;:–—()")  # what splits a sentence into parts (metric: max_part_words)
FIGURE_ROW_MIN = 2  # a «sentence» with at least this many figures, and as many figures as other words, is a table row


_FLAGS: dict[int, int] = {}   # lower-case hash -> 1 word | 2 long word | 4 part break; 8: none
_ALNUM = re.compile(r"\w")


def _flags(key: int, strings: object) -> int:
    text = strings[key]  # type: ignore[index]
    if _ALNUM.search(text) and not text.strip("_"):
        flags = 8
    elif _ALNUM.search(text):
        flags = 1 | (2 if len(text) > LONG_WORD and text.isalpha() else 0)
    else:
        flags = 4 if text in PART_BREAKS else 8
    _FLAGS[key] = flags
    return flags


@dataclass(slots=True)
class Unit:
    """A block (or a heading) of the document, and where it stands."""

    block: Block
    base: int                    # character offset of the block's text in the Doc
    start: int                   # first token
    end: int                     # one past the last token
    section: Section | None    # the section it stands in (None: before any heading)
    section_id: str | None       # the nearest recognised heading or focus area id
    top_id: str | None           # the guide heading (level-2 section) it belongs to
    scopes: frozenset[str]
    heading: bool = False

    def position(self, char: int) -> tuple[int, int]:
        """Source line and column of a character offset in the Doc."""
        return self.block.position(char - self.base)


class TokenTable:
    """Columns of one Doc's tokens, with the units they belong to."""

    def __init__(self, doc: Doc, units: list[Unit], lemmas: LemmaTable, index: WordIndex) -> None:
        self.doc = doc
        self.units = units
        self.lemmas = lemmas
        self.language = lemmas.language
        self.index = index
        self.unit_starts = np.array([u.start for u in units], dtype=np.int64)
        self.unit_ends = np.array([u.end for u in units], dtype=np.int64)
        known: TokenColumns | None = doc.user_data.get("planvakt", {}).get("columns")
        if known is not None and len(known.lower_inverse) == len(doc):  # our annotator's, as it left them
            self.lower = known.unique_lower[known.lower_inverse]
            self.lemma = known.unique_lemma[known.lower_inverse]
            self.sent_start = known.sent_start
            self._unique = (known.unique_lower, known.lower_inverse, known.unique_lemma)
            self._segmented = (known.word, known.number) if known.word is not None else None
        else:  # a full spaCy model's Doc
            columns = doc.to_array([LOWER, LEMMA, SENT_START]) if len(doc) else np.zeros((0, 3), dtype=np.uint64)
            self.lower = np.ascontiguousarray(columns[:, 0])
            self.lemma = np.ascontiguousarray(columns[:, 1])
            self.sent_start = columns[:, 2].astype(np.int64) == 1
            self._segmented = None
        self._sets: dict[int, np.ndarray] | None = None
        self._classes: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.lower)

    # --- distinct words ------------------------------------------------------------

    @cached_property
    def _unique(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        unique, first, inverse = np.unique(self.lower, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        lemmas = self.lemma[first]
        # Our pipeline gives every form one lemma; a full spaCy model may not.
        return unique, inverse, (lemmas if np.array_equal(lemmas[inverse], self.lemma) else None)

    @property
    def unique_lower(self) -> tuple[np.ndarray, np.ndarray]:
        return self._unique[0], self._unique[1]

    @cached_property
    def unique_lemma(self) -> tuple[np.ndarray, np.ndarray]:
        """Each distinct lower-case form's lemma (when that is one lemma per form), or the
        distinct lemmas: either way, the lemma of token i is unique[inverse[i]]."""
        unique, inverse, lemmas = self._unique
        if lemmas is not None:
            return lemmas, inverse
        unique_lemmas, lemma_inverse = np.unique(self.lemma, return_inverse=True)
        return unique_lemmas, lemma_inverse.reshape(-1)

    @cached_property
    def _word_info(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per token: is it a word (has a letter or digit, as ``stats.words`` counts), is it
        long (LIX: more than six letters), does it break a sentence into parts (, ; : – ( ))."""
        unique, inverse = self.unique_lower
        strings = self.doc.vocab.strings
        flags = np.fromiter((_FLAGS.get(key) or _flags(key, strings) for key in unique.tolist()),
                            dtype=np.int8, count=len(unique))[inverse]
        word = (flags & 1).astype(bool)
        if self._segmented is not None:  # the segmenter's: «11 400» is one word
            word &= self._segmented[0]
        return word, (flags & 2).astype(bool), (flags & 4).astype(bool)

    @cached_property
    def number(self) -> np.ndarray:
        """Per token: a figure that counts as a word («2022», «3,5», «11 400» once)."""
        if self._segmented is not None and self._segmented[1] is not None:
            return self._segmented[1]
        from planvakt.linting.nlp.segment import shape

        strings = self.doc.vocab.strings
        unique, inverse = self.unique_lower
        marks = np.fromiter((shape(strings[key]).number for key in unique.tolist()), dtype=bool, count=len(unique))
        return marks[inverse] & self.word

    @property
    def part_break(self) -> np.ndarray:
        return self._word_info[2]

    @property
    def word(self) -> np.ndarray:
        return self._word_info[0]

    @property
    def long(self) -> np.ndarray:
        return self._word_info[1]

    def tokens_in(self, set_id: int) -> np.ndarray:
        """Indices of the tokens whose lemma or lower-case form is in a registered set."""
        if self._sets is None:
            self._sets = self._lookup_sets()
        found = self._sets.get(set_id)
        return found if found is not None else np.zeros(0, dtype=np.int64)

    def _lookup_sets(self) -> dict[int, np.ndarray]:
        members: dict[int, list[np.ndarray]] = {}
        for (unique, inverse), table in ((self.unique_lemma, self.index.by_lemma),
                                         (self.unique_lower, self.index.by_lower)):
            if not table:
                continue
            hits: dict[int, list[int]] = {}
            for position, key in enumerate(unique.tolist()):
                sets = table.get(key)
                if sets:
                    for set_id in sets:
                        hits.setdefault(set_id, []).append(position)
            for set_id, positions in hits.items():
                mark = np.zeros(len(unique), dtype=bool)
                mark[positions] = True
                members.setdefault(set_id, []).append(np.nonzero(mark[inverse])[0])
        return {set_id: np.unique(np.concatenate(parts)) if len(parts) > 1 else parts[0]
                for set_id, parts in members.items()}

    def token_class(self, name: str, build: Callable[[TokenTable], np.ndarray]) -> np.ndarray:
        """Boolean mask of a token class (``is:``; ``build`` computes it), computed once per table."""
        if name not in self._classes:
            self._classes[name] = build(self)
        return self._classes[name]

    # --- units and sentences ---------------------------------------------------------

    def unit_index(self, tokens: np.ndarray | int) -> np.ndarray | int:
        if isinstance(tokens, (int, np.integer)):
            return bisect_right(self._unit_starts, int(tokens)) - 1
        return np.searchsorted(self.unit_starts, tokens, side="right") - 1

    @cached_property
    def _unit_starts(self) -> list[int]:
        return self.unit_starts.tolist()

    def unit_of(self, token: int) -> Unit:
        return self.units[bisect_right(self._unit_starts, token) - 1]

    def unit_start_of(self, token: int) -> int:
        return self.unit_of(token).start

    def unit_end_of(self, token: int) -> int:
        return self.unit_of(token).end

    @cached_property
    def sentences(self) -> tuple[np.ndarray, np.ndarray]:
        """Start and end token of every sentence that has at least one word."""
        if not len(self):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        flags = self.sent_start.copy()
        flags[0] = True
        flags[self.unit_starts[self.unit_starts < len(flags)]] = True  # a block always starts one
        starts = np.nonzero(flags)[0]
        ends = np.append(starts[1:], len(self))
        counts = np.add.reduceat(self.word.astype(np.int64), starts)
        keep = counts > 0
        return starts[keep], ends[keep]

    @cached_property
    def table_units(self) -> np.ndarray:
        """Per unit: a table block (sentence and LIX rules skip it)."""
        return np.array([unit.block.kind == "table" for unit in self.units], dtype=bool)

    @cached_property
    def prose_sentences(self) -> np.ndarray:
        """Per sentence of :attr:`sentences`: prose, not a table or a line of figures.

        A sentence in a table block is not prose, nor is one at least half of whose words
        are figures («Barnehage 120,5 130,2 140,0 Skole 300 310»): a pasted budget table.
        """
        starts, _ = self.sentences
        if not len(starts):
            return np.zeros(0, dtype=bool)
        words = np.add.reduceat(self.word.astype(np.int64), starts)
        figures = np.add.reduceat(self.number.astype(np.int64), starts)
        figure_row = (figures >= FIGURE_ROW_MIN) & (2 * figures >= words)
        return ~figure_row & ~self.table_units[self.unit_index(starts)]

    def sentence_bounds(self, token: int) -> tuple[int, int]:
        starts, ends = self._sentence_lists
        position = bisect_right(starts, token) - 1
        if position < 0:
            return 0, len(self)
        return starts[position], ends[position]

    @cached_property
    def _sentence_lists(self) -> tuple[list[int], list[int]]:
        starts, ends = self.sentences
        return starts.tolist(), ends.tolist()

    def text(self, start: int, end: int) -> str:
        return self.doc[start:end].text

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        last = self.doc[end - 1]
        return self.doc[start].idx, last.idx + len(last.text)


def _scopes(section: Section | None) -> tuple[frozenset[str], str | None, str | None]:
    ids: list[str] = []
    top: str | None = None
    node = section
    while node is not None:
        if node.match is not None:
            ids.append(node.match.id)
            if node.match.kind == "heading" and top is None:
                top = node.match.id
        node = node.parent
    return frozenset([DOCUMENT, *ids]), (ids[0] if ids else None), top


def body_table(context: RuleContext, lemmas: LemmaTable, index: WordIndex) -> TokenTable:
    """The table of every block the engine analysed, in document order."""
    outline, analysis = context.outline, context.analysis
    units: list[Unit] = []
    known: dict[int, tuple[frozenset[str], str | None, str | None]] = {}
    bounds, starts = analysis.bounds, analysis.starts
    for section, block in outline.blocks_with_sections():
        first, end = bounds[id(block)]
        where = known.get(id(section))
        if where is None:
            where = known[id(section)] = _scopes(section)
        units.append(Unit(block, starts[id(block)], first, end, section, where[1], where[2], where[0]))
    doc = analysis.doc_all if analysis.doc_all is not None else analysis.nlp.make_doc("")
    return TokenTable(doc, units, lemmas, index)


def heading_table(context: RuleContext, lemmas: LemmaTable, index: WordIndex) -> TokenTable:
    """A table of the headings (title included), tokenised on demand: the engine does not."""
    from planvakt.linting.nlp.pipeline import BLOCK_SEPARATOR

    outline, analysis = context.outline, context.analysis
    entries = ([(None, outline.title)] if outline.title else []) + [(s, s.heading) for s in outline.ordered]
    texts, bases, position = [], [], 0
    for _, heading in entries:
        texts.append(heading.text)
        bases.append(position)
        position += len(heading.text) + len(BLOCK_SEPARATOR)
    doc = analysis.nlp(BLOCK_SEPARATOR.join(texts))
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    units: list[Unit] = []
    for (section, heading), base, text in zip(entries, bases, texts):
        first = int(np.searchsorted(starts, base, side="left"))
        last = int(np.searchsorted(starts, base + len(text), side="left"))
        column = max(heading.raw.find(heading.text), 0) + 1 if heading.raw else 1
        block = Block(kind="paragraph", text=heading.text, line=heading.line, column=column)
        _, section_id, top = _scopes(section)
        units.append(Unit(block=block, base=base, start=first, end=last, section=section,
                          section_id=section_id, top_id=top, scopes=frozenset([HEADINGS]), heading=True))
    return TokenTable(doc, units, lemmas, index)
