"""Running the spaCy pipeline over a document's blocks, once.

All blocks are joined into one text (separated by :data:`BLOCK_SEPARATOR`) and
processed as one Doc: one tokenizer call and one vectorised annotation pass are much
cheaper than a Doc per paragraph. Each block gets its token range, and a
:class:`~spacy.tokens.Span` of it on request.
Token offsets (``token.idx``) count from the start of that joined text; use
:meth:`TextAnalysis.offset` for an offset inside the block's own text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from planvakt.linting.document import Block
from planvakt.linting.nlp.lemmas import LemmaTable, lemma_table
from planvakt.linting.nlp.pipeline import BLOCK_SEPARATOR, get_pipeline
from planvakt.linting.nlp.terms import TermMatcher
from planvakt.linting.rulepack.model import RulePack


@dataclass(slots=True)
class TextAnalysis:
    """Tokens, sentences and lemmas of every block of a document."""

    language: str
    nlp: Language
    lemmas: LemmaTable
    doc_all: Doc | None = None
    bounds: dict[int, tuple[int, int]] = field(default_factory=dict)  # id(block) -> first, end token
    starts: dict[int, int] = field(default_factory=dict)  # id(block) -> char offset in the joined text
    words: int = 0
    sentences: int = 0

    def doc(self, block: Block) -> Span:
        """The block's tokens (a Span of the analysed Doc)."""
        assert self.doc_all is not None
        start, end = self.bounds[id(block)]
        return self.doc_all[start:end]

    def offset(self, block: Block, token: Token) -> int:
        """``token``'s character offset inside ``block.text``."""
        return token.idx - self.starts[id(block)]

    def matcher(self, terms: tuple[str, ...]) -> TermMatcher:
        key = (terms, self.lemmas.language)
        if key not in _MATCHERS:
            _MATCHERS[key] = TermMatcher(terms, self.lemmas)
        return _MATCHERS[key]


_MATCHERS: dict[tuple[tuple[str, ...], str], TermMatcher] = {}


def analyse(blocks: list[Block], pack: RulePack, language: str) -> TextAnalysis:
    """Tokenise, split and lemmatise ``blocks`` in ``language`` («nb» or «nn»)."""
    spec = pack.languages.get(language) or pack.languages["nb"]
    nlp = get_pipeline(spec.spacy, spec.model, pack.abbreviations, pack.final_abbreviations)
    analysis = TextAnalysis(language=language, nlp=nlp, lemmas=lemma_table(spec.spacy))
    offsets, position = [], 0
    for block in blocks:
        offsets.append(position)
        position += len(block.text) + len(BLOCK_SEPARATOR)
    doc = nlp(BLOCK_SEPARATOR.join(block.text for block in blocks))
    analysis.doc_all = doc
    if "planvakt" in doc.user_data:
        analysis.words = doc.user_data["planvakt"]["words"]
        analysis.sentences = doc.user_data["planvakt"]["sentences"]
    else:  # a full spaCy model: count from its own annotation
        analysis.words = sum(1 for token in doc if not (token.is_punct or token.is_space))
        analysis.sentences = sum(1 for sentence in doc.sents if any(not t.is_space for t in sentence))
    token_starts = doc.to_array([IDX]).astype(np.int64) if len(doc) else np.zeros(0, dtype=np.int64)
    first = np.searchsorted(token_starts, offsets, side="left")
    last = np.searchsorted(token_starts, [o + len(b.text) for o, b in zip(offsets, blocks)], side="left")
    keys = [id(block) for block in blocks]
    analysis.bounds = dict(zip(keys, zip(first.tolist(), last.tolist())))
    analysis.starts = dict(zip(keys, offsets))
    return analysis
