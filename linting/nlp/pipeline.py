"""spaCy pipelines for Bokmål and Nynorsk, built once per process.

``spacy.blank(lang)`` gives the tokenizer; we add the pack's abbreviations as
tokenizer exceptions, a sentence splitter that knows them, and a component that sets
``token.lemma_`` from simplemma. If the pack names a full spaCy model and it is
installed, that model is used instead, with its own lemmas and sentences.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from linting.nlp.lemmas import lemma_table

_TERMINAL = {".", "!", "?", "…", "...", "?!"}
_OPENERS = set("«\"'([–-•")


@Language.component("planvakt_sentences")
def mark_sentences(doc: Doc) -> Doc:
    """Sentence starts after . ! ? (not after an abbreviation) before a capital or digit."""
    for index, token in enumerate(doc):
        if index == 0:
            token.is_sent_start = True
            continue
        previous = doc[index - 1]
        ends = previous.text in _TERMINAL or (
            previous.text.endswith(".") and previous.text[:-1].replace(".", "").isdigit())
        first = token.text[:1]
        token.is_sent_start = ends and (first.isupper() or first.isdigit() or first in _OPENERS)
    return doc


@Language.factory("planvakt_lemmas", default_config={"language": "nb"})
def make_lemmas(nlp: Language, name: str, language: str):  # type: ignore[no-untyped-def]
    table = lemma_table(language)

    def set_lemmas(doc: Doc) -> Doc:
        for token in doc:
            token.lemma_ = table(token.lower_)
        return doc

    return set_lemmas


@lru_cache(maxsize=8)
def get_pipeline(language: str, model: str | None = None,
                 abbreviations: tuple[str, ...] = ()) -> Language:
    """The pipeline for ``language``; a full ``model`` only if it is installed."""
    if model and spacy.util.is_package(model):
        nlp = spacy.load(model, exclude=["ner"])
        if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
            nlp.add_pipe("planvakt_sentences")
        if not nlp.has_pipe("lemmatizer"):
            nlp.add_pipe("planvakt_lemmas", config={"language": language})
        return nlp
    nlp = spacy.blank(language)
    for abbreviation in abbreviations:
        for form in {abbreviation, abbreviation[:1].upper() + abbreviation[1:]}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.add_pipe("planvakt_sentences")
    nlp.add_pipe("planvakt_lemmas", config={"language": language})
    return nlp
