"""Deciding whether a draft is Bokmål or Nynorsk."""

from __future__ import annotations

import re
from collections import Counter

from planvakt.linting.rulepack.model import RulePack

_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str, pack: RulePack, sample_chars: int = 20_000) -> str:
    """The pack's fixed language, or the language whose marker words occur most."""
    if pack.language != "auto":
        return pack.language
    counts = Counter(_WORD.findall(text[:sample_chars].lower()))
    best, best_score = "nb", 0
    for code, spec in pack.languages.items():
        score = sum(counts[marker] for marker in spec.markers)
        if score > best_score:
            best, best_score = code, score
    return best
