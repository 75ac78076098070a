"""Is a message a question or a draft? Short messages are questions; chapters are long."""

from __future__ import annotations

import re
from dataclasses import dataclass

DRAFT_MIN_WORDS = 15      # fewer words on one or two lines: a question, not a chapter
DRAFT_MIN_LINES = 3       # three or more non-empty lines: a draft, however short
_WORD = re.compile(r"\w+", re.UNICODE)
_TRIM = " \t\n.!?:;,»«\"'*_"


@dataclass(frozen=True, slots=True)
class Intent:
    kind: str          # "empty", "question" or "draft"
    word: str = ""     # the question's first word, lower case («hjelp», «status»)
    rest: str = ""     # what follows it («status oppvekst» → «oppvekst»)


def split_command(text: str) -> tuple[str, str]:
    """«Status  Oppvekst» → («status», «Oppvekst»)."""
    stripped = text.strip()
    if not stripped:
        return "", ""
    first, _, rest = stripped.partition(" ")
    if "\n" in first:
        first, _, more = first.partition("\n")
        rest = more + " " + rest
    return first.strip(_TRIM).lower(), rest.strip()


def classify(text: str) -> Intent:
    stripped = text.strip()
    if not stripped.strip(_TRIM):
        return Intent("empty")
    lines = [line for line in stripped.splitlines() if line.strip()]
    words = _WORD.findall(stripped)
    if len(lines) >= DRAFT_MIN_LINES or len(words) >= DRAFT_MIN_WORDS:
        return Intent("draft")
    word, rest = split_command(stripped)
    return Intent("question", word=word, rest=rest)
