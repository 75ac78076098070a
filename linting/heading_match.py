"""Recognising a written heading as one of the guide's headings or focus areas.

A heading is recognised if, after numbering, a trailing colon and case are set aside,
it is the guide's text, an alias, or close enough to either to be a typo. How it was
recognised is kept, so `heading-wording` can point out where the words differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from planvakt.linting.rulepack.model import Alias, FocusArea, HeadingSpec, RulePack

# Outline numbers as Word and writers type them: «3», «3.1.2», «2.», «5.2.», «IV.».
_NUMBERING = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*|[IVXL]{1,6}(?=\.))\.?\s+")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def outline_number(text: str) -> tuple[int, ...] | None:
    """The outline number a heading starts with, as numbers («3.1.2» → (3, 1, 2), «IV.» → (4,))."""
    match = _NUMBERING.match(text)
    if match is None:
        return None
    written = match.group(1)
    if written[0].isdigit():
        return tuple(int(part) for part in written.split("."))
    values = [_ROMAN[letter] for letter in written]
    return (sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)),)


def without_number(text: str) -> str:
    """``text`` without the outline number it starts with («4 Helse og velferd» → «Helse og velferd»)."""
    return _NUMBERING.sub("", text, count=1).strip() or text.strip()


def follows(previous: tuple[int, ...], number: tuple[int, ...]) -> bool:
    """Whether ``number`` is a heading number that can come right after ``previous``: its
    first child (3.1 → 3.1.1), its next sibling (3.1 → 3.2), or the next sibling of one of
    its parents (3.1.3.1 → 3.1.4, 3.2 → 4)."""
    if number == (*previous, 1):
        return True
    return any(number == (*previous[:depth], previous[depth] + 1) for depth in range(len(previous)))
_MARKUP = re.compile(r"^[*_#\s]+|[*_\s]+$")
_TRAILING = re.compile(r"[\s:.;,–-]+$")
# «Prioriteringer 2022–2025», «Status og utfordringer (2021)»: the period is not part of the name
_PERIOD = re.compile(r"\s*\(?\b(?:19|20)\d\d(?:\s*[–-]\s*(?:19|20)?\d\d)?\)?$")


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    kind: str                      # "heading" or "area"
    spec: HeadingSpec | None
    area: FocusArea | None
    expected: str                  # the guide's words
    differences: frozenset[str] = field(default_factory=frozenset)  # alias, case, typo, numbering
    numbering: str = ""

    @property
    def id(self) -> str:
        return self.spec.id if self.spec else self.area.id  # type: ignore[union-attr]


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: str
    spec: HeadingSpec | None
    area: FocusArea | None
    expected: str
    text: str
    folded: str
    is_alias: bool


class HeadingMatcher:
    def __init__(self, pack: RulePack, language: str) -> None:
        self.similarity = float(pack.check("heading-wording").option("typo_similarity", 85))
        self._candidates: list[_Candidate] = []
        for spec in pack.headings:
            self._add("heading", spec, None, spec.text, spec.aliases, language)
        for area in pack.focus_areas:
            self._add("area", None, area, area.name, area.aliases, language)
            with_id = f"{area.id} {area.name}"  # «S1 Godt liv for alle» names the area too
            self._candidates.append(_Candidate("area", None, area, area.name, with_id, with_id.casefold(), False))

    def _add(self, kind: str, spec: HeadingSpec | None, area: FocusArea | None, expected: str,
             aliases: tuple[Alias, ...], language: str) -> None:
        self._candidates.append(_Candidate(kind, spec, area, expected, expected, expected.casefold(), False))
        for item in aliases:
            # an alias in the draft's own written standard is the guide's words in that standard
            same_standard = item.language is not None and item.language == language
            self._candidates.append(_Candidate(kind, spec, area, item.text if same_standard else expected,
                                               item.text, item.text.casefold(), not same_standard))

    def match(self, written: str) -> HeadingMatch | None:
        differences: set[str] = set()
        text = _MARKUP.sub("", written)
        numbering = ""
        if number := _NUMBERING.match(text):
            numbering = number.group(1)
            text = text[number.end():]
            differences.add("numbering")
        text = _TRAILING.sub("", text).strip()
        without_period = _PERIOD.sub("", text)
        if without_period and without_period != text:
            text = _TRAILING.sub("", without_period).strip()
        text = re.sub(r"\s+", " ", text)
        folded = text.casefold()
        if not folded:
            return None
        for candidate in self._candidates:
            if folded == candidate.folded:
                if text != candidate.text:
                    differences.add("case")
                if candidate.is_alias:
                    differences.add("alias")
                return self._result(candidate, differences, numbering)
        best, best_score = None, 0.0
        for candidate in self._candidates:
            score = fuzz.ratio(folded, candidate.folded)
            if score > best_score:
                best, best_score = candidate, score
        if best is not None and best_score >= self.similarity:
            differences.add("typo")
            if best.is_alias:
                differences.add("alias")
            return self._result(best, differences, numbering)
        return None

    @staticmethod
    def _result(candidate: _Candidate, differences: set[str], numbering: str) -> HeadingMatch:
        return HeadingMatch(candidate.kind, candidate.spec, candidate.area, candidate.expected,
                            frozenset(differences), numbering)
