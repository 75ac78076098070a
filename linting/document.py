"""The document model every reader produces and every check reads.

A draft is a flat, ordered list of headings, each owning the blocks (paragraphs and
bullet items) that follow it. The title and the heading tree the checks need are
derived from that list by :mod:`planvakt.linting.outline`, because readers can only guess
levels for pasted text, while the rule pack knows which level each heading should have.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "bullet", "table"]
SourceKind = Literal["markdown", "text", "docx"]


@dataclass(slots=True)
class Block:
    """A paragraph or a bullet item, with a map from text offsets to source positions."""

    kind: BlockKind
    text: str
    line: int
    column: int = 1
    # (offset in text, line, column) at the start of each source line the block spans.
    anchors: list[tuple[int, int, int]] = field(default_factory=list)

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column in the source file of a character offset in ``text``."""
        if not self.anchors:
            return self.line, self.column + offset
        index = bisect_right([a[0] for a in self.anchors], offset) - 1
        start, line, column = self.anchors[max(index, 0)]
        return line, column + (offset - start)

    def join(self, more: Iterable[Block]) -> None:
        """Continue this block with ``more`` (its next lines), keeping source positions.

        All at once: joining line by line would copy the growing text every time.
        """
        anchors = self.anchors or [(0, self.line, self.column)]
        parts, offset = [self.text], len(self.text)
        for block in more:
            offset += 1
            anchors.extend((start + offset, line, column)
                           for start, line, column in block.anchors or [(0, block.line, block.column)])
            parts.append(block.text)
            offset += len(block.text)
        self.text, self.anchors = " ".join(parts), anchors


@dataclass(slots=True)
class Heading:
    """A heading as written (numbering included, markup removed), and the blocks up to
    the next heading.

    ``level`` is the reader's guess (Markdown ``#`` count, numbering depth, a Word
    style's level). ``weak`` marks candidates a reader is unsure of (a short plain
    line, a trailing colon, a bold-only Word paragraph): they count as headings only
    when the rule pack recognises them, otherwise they are read as paragraphs.
    ``fallback`` is the block a reader would have made of the line had it not taken it
    for a heading (a paragraph, or a list item for «1. …»); None means a plain paragraph.
    """

    text: str
    level: int
    line: int
    raw: str = ""
    weak: bool = False
    styled: str = ""  # how the reader recognised it: "atx", "bold", "upper", "colon", "style", ...
    blocks: list[Block] = field(default_factory=list)
    fallback: Block | None = None


@dataclass(slots=True)
class Document:
    """One draft, whatever format it came in."""

    path: str
    source: SourceKind
    headings: list[Heading] = field(default_factory=list)
    preamble: list[Block] = field(default_factory=list)  # blocks before the first heading
    comments: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of <!-- -->
    line_count: int = 0

    @property
    def position_label(self) -> str:
        """What ``line`` means for this source: a text line or a Word paragraph."""
        return "avsnitt" if self.source == "docx" else "linje"

    def all_blocks(self) -> list[Block]:
        blocks = list(self.preamble)
        for heading in self.headings:
            blocks.extend(heading.blocks)
        return blocks

