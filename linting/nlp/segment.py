"""Norwegian sentence segmentation and word counting over a Doc's token arrays.

This is the one segmenter every rule sees: the annotator (:mod:`planvakt.linting.nlp.pipeline`)
calls :func:`segment` once per Doc and leaves the sentence starts and word marks in the
Doc, and the rule types read them from there.

What ends a sentence, looking only at the words (space tokens of any length are skipped,
so two spaces or a tab after a full stop are one space):

* a full stop, «!», «?» or «…» (also with a closing quote or parenthesis after it) before
  a word that may open a sentence: a capital letter, a digit or an opening quote;
* a number with its full stop («… i september 2022. Dette …», «… (mål 2.1. Neste …»)
  before a capital letter or an opening quote. An ordinal before a lower-case word
  («1. september», «den 3. mai») does not;
* an abbreviation the pack marks as one that can end a sentence («kr.», «osv.», «m.m.»)
  before a capital letter. Other abbreviations («Meld.», «St.», «jf.», «f.eks.») never do;
* a blank line (the separator between blocks).

A number grouped with spaces («11 400», «1 324 000», also with a no-break or thin space)
is one word: each following group of three digits is not counted again.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np

TERMINALS = frozenset({".", "!", "?", "…", "...", "?!", "!?", "....", "!!", "??"})
OPENERS = frozenset("«\"'“‘([–-•")
CLOSERS = frozenset("»\"'”’)]")
GROUP_SPACES = frozenset("\u00a0\u202f\u2009\u2007\u200a")  # a single one of these joins digit groups

_NUMBER_STOP = re.compile(r"\d[\d.,:–/-]*\.")          # «2022.», «45.», «2.1.», «4.»
_NUMBER = re.compile(r"[-−–+]?\d[\d.,:–/%-]*")         # «2022», «3,5», «2019–2020», «12,5%»
_LEADING_GROUP = re.compile(r"\d{1,3}")                # may be followed by a group: «1», «11», «324»
_GROUP = re.compile(r"\d{3}(?:,\d+)?\.?")              # a group of three: «400», «000», «400,50», «400.»

# What a token's last non-space neighbour needs to be to end a sentence before it.
PLAIN, TERMINAL, NUMBER_STOP, FINAL_ABBREVIATION = 0, 1, 2, 3


class Shape(NamedTuple):
    """What the segmenter needs to know of one distinct token text."""

    kind: int            # PLAIN, TERMINAL, NUMBER_STOP or FINAL_ABBREVIATION
    space: bool          # only whitespace
    blank_line: bool     # whitespace with a blank line in it (always ends a sentence)
    opens: bool          # may start a sentence after a full stop (capital, digit, opening quote)
    capital: bool        # starts with a capital letter or an opening quote (not a digit)
    closer: bool         # a closing quote or parenthesis, which carries a full stop before it
    word: bool           # has a letter or digit (what stats.words counts)
    number: bool         # a figure («2022», «3,5», «12,5 %» without the sign)
    leading_group: bool  # one to three digits, which a group of three may continue
    group: bool          # a group of three digits
    group_space: bool    # a single no-break or thin space
    length: int


def shape(text: str, final_abbreviations: frozenset[str] = frozenset()) -> Shape:
    first = text[:1]
    space = not text.strip()
    if text in TERMINALS:
        kind = TERMINAL
    elif text in final_abbreviations or text.lower() in final_abbreviations:
        kind = FINAL_ABBREVIATION
    elif _NUMBER_STOP.fullmatch(text):
        kind = NUMBER_STOP
    else:
        kind = PLAIN
    return Shape(kind=kind, space=space, blank_line=space and text.count("\n") >= 2,
                 opens=first.isupper() or first.isdigit() or first in OPENERS,
                 capital=first.isupper() or (first in OPENERS and first not in "–-•"),
                 closer=first in CLOSERS and len(text) == 1,
                 word=any(c.isalnum() for c in text),
                 number=bool(_NUMBER.fullmatch(text.rstrip("."))) if first.isdigit() or first in "-−–+" else False,
                 leading_group=bool(_LEADING_GROUP.fullmatch(text)),
                 group=bool(_GROUP.fullmatch(text)),
                 group_space=len(text) == 1 and text in GROUP_SPACES,
                 length=len(text))


class Segmentation(NamedTuple):
    sent_start: np.ndarray   # bool per token: a sentence starts here
    word: np.ndarray         # bool per token: counts as a word
    number: np.ndarray       # bool per token: a figure that counts as a word
    sentences: int           # sentences with at least one word


def segment(shapes: list[Shape], inverse: np.ndarray, idx: np.ndarray, trailing_space: np.ndarray) -> Segmentation:
    """Sentence starts and word marks of a Doc.

    ``shapes[inverse[i]]`` is token i's shape, ``idx`` its character offset and
    ``trailing_space`` whether a plain space follows it.
    """
    def column(name: str, dtype: type = bool) -> np.ndarray:
        return np.fromiter((getattr(s, name) for s in shapes), dtype=dtype, count=len(shapes))[inverse]

    n = len(inverse)
    space, kind = column("space"), column("kind", np.int8)
    word = column("word")
    starts = np.zeros(n, dtype=bool)
    if not n:
        return Segmentation(starts, word, word.copy(), 0)
    starts[0] = True
    solid = np.flatnonzero(~space)
    if len(solid) > 1:
        before, after = solid[:-1], solid[1:]
        blank = np.concatenate([[0], np.cumsum(column("blank_line"))])
        blank_between = blank[after] - blank[before + 1] > 0
        ends_with = kind[before]
        # «… 2030).» is a full stop; «… nei.» » carries the full stop past the quote.
        closer = column("closer")[before]
        carried = np.zeros(len(before), dtype=bool)
        carried[1:] = closer[1:] & (kind[before[:-1]] == TERMINAL)
        ends_with = np.where(carried, TERMINAL, ends_with)
        opens, capital = column("opens")[after], column("capital")[after]
        breaks = (blank_between | ((ends_with == TERMINAL) & opens)
                  | (((ends_with == NUMBER_STOP) | (ends_with == FINAL_ABBREVIATION)) & capital))
        starts[after[breaks]] = True
        starts[solid[0]] = True
        # «11 400»: a group of three right after one to three digits and one space is the same word
        length = column("length", np.int64)
        gap = idx[after] - (idx[before] + length[before])
        single_space = (gap == 1) & (((after == before + 1) & trailing_space[before])
                                      | ((after == before + 2) & column("group_space")[np.minimum(before + 1, n - 1)]))
        grouped = column("group")
        leading = column("leading_group") | grouped
        continues = single_space & grouped[after] & leading[before]
        word[after[continues]] = False
    number = column("number") & word
    counts = np.add.reduceat(column("word").astype(np.int64), np.flatnonzero(starts))
    return Segmentation(starts, word, number, int((counts > 0).sum()))
