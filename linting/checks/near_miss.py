"""Near misses of a required heading: a line of text that is the heading, not read as one.

A writer who is told «Status og utfordringer mangler» when it stands right there stops
trusting the check. So when a required heading is missing, a line that resembles it is
looked for: the heading run into the paragraph after it («3.1.2 Status og utfordringer
Barnetallet går …»), the heading as a list item, or the heading as a plain paragraph (in
Word: in the Normal style, or with a full stop). The finding points at that line and says
how to make it a heading, in Word's terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planvakt.linting.heading_match import HeadingMatcher, without_number

if TYPE_CHECKING:
    from planvakt.linting.checks.base import CheckContext
    from planvakt.linting.rulepack.model import HeadingSpec

NEAR_MISSES = ("run-in", "bullet", "text")
_EXCERPT_WORDS = 8
_LONGEST_LINE_AS_HEADING = 12  # words: a longer line is a sentence, not a heading in disguise


@dataclass(frozen=True, slots=True)
class NearMiss:
    variant: str  # one of NEAR_MISSES
    line: int
    column: int
    read: str     # the line's first words, as written

    def how(self, source: str, heading: str, level: int) -> str:
        """How to make the line a heading, in the words of the writer's tool."""
        if source == "markdown":
            return f"Skriv den på en egen linje som «{'#' * level} {heading}»."
        if self.variant == "run-in":
            return f"Trykk Enter etter «{heading}», og gi den linjen stilen «Overskrift {level}»."
        return f"Gi avsnittet stilen «Overskrift {level}»."


class NearMisses:
    """The lines of a draft's text, searched for the guide's headings."""

    def __init__(self, ctx: CheckContext) -> None:
        self.matcher = HeadingMatcher(ctx.pack, ctx.analysis.language)
        self.lines: list[tuple[str, str, int, int]] = []  # (block kind, text, line, column)
        for block in ctx.outline.blocks():
            if block.kind == "table":
                continue
            anchors = block.anchors or [(0, block.line, block.column)]
            for index, (start, line, column) in enumerate(anchors):
                end = anchors[index + 1][0] if index + 1 < len(anchors) else len(block.text)
                text = block.text[start:end].strip()
                if text:
                    self.lines.append((block.kind, text, line, column))

    def find(self, spec: HeadingSpec) -> NearMiss | None:
        names = [spec.text, *(alias.text for alias in spec.aliases)]
        for kind, text, line, column in self.lines:
            if len(text.split()) <= _LONGEST_LINE_AS_HEADING:
                match = self.matcher.match(text)
                if match is not None and match.kind == "heading" and match.id == spec.id:
                    return NearMiss("bullet" if kind == "bullet" else "text", line, column, text)
            if _runs_in(text, names):
                return NearMiss("run-in", line, column, _excerpt(text))
        return None


def _runs_in(text: str, names: list[str]) -> bool:
    """Whether ``text`` starts with one of ``names`` and a new sentence or a colon follows it."""
    bare = without_number(text)
    folded = bare.casefold()
    for name in names:
        if not folded.startswith(name.casefold()):
            continue
        rest = bare[len(name):]
        if re.match(r"\s*:\s*\S", rest) or re.match(r"\s+[A-ZÆØÅ]", rest):
            return True
    return False


def _excerpt(text: str) -> str:
    words = text.split()
    return " ".join(words[:_EXCERPT_WORDS]) + (" …" if len(words) > _EXCERPT_WORDS else "")
