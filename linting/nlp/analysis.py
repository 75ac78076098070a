"""Running the spaCy pipeline over a document's blocks, once."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from linting.document import Block
from linting.nlp.lemmas import LemmaTable, lemma_table
from linting.nlp.pipeline import get_pipeline
from linting.nlp.terms import TermMatcher
from linting.rulepack.model import RulePack


@dataclass(slots=True)
class TextAnalysis:
    """Tokens, sentences and lemmas of every block of a document."""

    language: str
    nlp: Language
    lemmas: LemmaTable
    docs: dict[int, Doc] = field(default_factory=dict)  # id(block) -> Doc
    words: int = 0
    sentences: int = 0

    def doc(self, block: Block) -> Doc:
        return self.docs[id(block)]

    def matcher(self, terms: tuple[str, ...]) -> TermMatcher:
        return _matcher(terms, self.lemmas)


_MATCHERS: dict[tuple[tuple[str, ...], str], TermMatcher] = {}


def _matcher(terms: tuple[str, ...], lemmas: LemmaTable) -> TermMatcher:
    key = (terms, lemmas.language)
    if key not in _MATCHERS:
        _MATCHERS[key] = TermMatcher(terms, lemmas)
    return _MATCHERS[key]


def analyse(blocks: list[Block], pack: RulePack, language: str) -> TextAnalysis:
    """Tokenise, split and lemmatise ``blocks`` in ``language`` («nb» or «nn»)."""
    spec = pack.languages.get(language) or pack.languages["nb"]
    nlp = get_pipeline(spec.spacy, spec.model, pack.abbreviations)
    analysis = TextAnalysis(language=language, nlp=nlp, lemmas=lemma_table(spec.spacy))
    for block, doc in zip(blocks, nlp.pipe(block.text for block in blocks)):
        analysis.docs[id(block)] = doc
        analysis.words += sum(1 for token in doc if not (token.is_punct or token.is_space))
        analysis.sentences += sum(1 for _ in doc.sents)
    return analysis
