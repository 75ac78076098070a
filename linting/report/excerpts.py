"""The first words of what a finding concerns, so a writer finds it without line numbers.

Word shows no line or paragraph numbers, so every finding quotes the start of the
sentence it stands in (from the one segmenter, :mod:`planvakt.linting.nlp.segment`), or
the heading on its line. A check that knows better (a priority, a missing heading with
nothing to quote) sets ``excerpt`` itself; ``""`` means «nothing to quote».
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from planvakt.linting.report.model import Finding

if TYPE_CHECKING:  # pragma: no cover
    from planvakt.linting.document import Block
    from planvakt.linting.nlp.analysis import TextAnalysis
    from planvakt.linting.outline import Outline

EXCERPT_WORDS = 6
EXCERPT_CHARS = 60


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """The first ``words`` words of ``text`` (at most about :data:`EXCERPT_CHARS`), «…» if cut."""
    parts = text.split()
    shown = " ".join(parts[:words])
    if len(shown) > EXCERPT_CHARS:
        shown = shown[:EXCERPT_CHARS].rsplit(" ", 1)[0] if " " in shown[:EXCERPT_CHARS] else shown[:EXCERPT_CHARS]
        return shown + " …"
    return shown + " …" if len(parts) > words else shown


class Excerpts:
    """Finds the sentence or heading at a source position of one document."""

    def __init__(self, outline: Outline, analysis: TextAnalysis) -> None:
        self._analysis = analysis
        self._headings: dict[int, str] = {}
        for heading in ([outline.title] if outline.title else []) + [s.heading for s in outline.ordered]:
            if heading is not None:
                self._headings.setdefault(heading.line, heading.text)
        spans = []
        for block in outline.blocks():
            last = block.anchors[-1][1] if block.anchors else block.line
            spans.append((block.line, last, block))
        spans.sort(key=lambda span: span[0])
        self._blocks = spans
        self._firsts = [span[0] for span in spans]
        self._sentence_chars: np.ndarray | None = None
        self._anchor_lines: dict[int, list[int]] = {}

    def at(self, line: int, column: int) -> str | None:
        block = self._block_at(line)
        if block is not None:
            return self._sentence(block, line, column)
        heading = self._headings.get(line)
        return excerpt(heading) if heading else None

    def _block_at(self, line: int) -> Block | None:
        index = bisect_right(self._firsts, line) - 1
        while index >= 0:
            first, last, block = self._blocks[index]
            if first <= line <= last:
                return block
            if last < line and first < line - 10_000:
                break
            index -= 1
        return None

    def _sentence(self, block: Block, line: int, column: int) -> str:
        lines = self._anchor_lines.get(id(block))
        if lines is None:
            lines = self._anchor_lines[id(block)] = [anchor[1] for anchor in block.anchors]
        offset = _offset(block, line, column, lines)
        base = self._analysis.starts.get(id(block))
        if base is None or self._analysis.doc_all is None:
            return excerpt(block.text)
        starts = self._starts()
        position = base + offset
        index = int(np.searchsorted(starts, position, side="right")) - 1
        begin = max(int(starts[index]) if index >= 0 else base, base)
        after = int(np.searchsorted(starts, position, side="right"))
        end = int(starts[after]) if after < len(starts) else base + len(block.text)
        return excerpt(block.text[begin - base:min(end, base + len(block.text)) - base])

    def _starts(self) -> np.ndarray:
        if self._sentence_chars is None:
            doc = self._analysis.doc_all
            assert doc is not None
            columns: Any = doc.user_data.get("planvakt", {}).get("columns")
            if columns is not None and len(columns.sent_start) == len(doc):
                flags = columns.sent_start
            else:
                from spacy.attrs import SENT_START

                flags = doc.to_array([SENT_START]).reshape(-1).astype(np.int64) == 1 if len(doc) else np.zeros(0, bool)
            from spacy.attrs import IDX

            idx = doc.to_array([IDX]).reshape(-1).astype(np.int64) if len(doc) else np.zeros(0, np.int64)
            self._sentence_chars = idx[np.flatnonzero(flags)]
        return self._sentence_chars


def _offset(block: Block, line: int, column: int, lines: list[int]) -> int:
    """The character offset in ``block.text`` of a source position (the inverse of ``Block.position``);
    ``lines`` are the lines of the block's anchors."""
    if not block.anchors:
        return max(column - block.column, 0)
    start, anchor_line, anchor_column = block.anchors[max(bisect_right(lines, line) - 1, 0)]
    return max(start + (column - anchor_column if anchor_line == line else 0), 0)


def with_excerpts(findings: list[Finding], outline: Outline, analysis: TextAnalysis) -> list[Finding]:
    """``findings`` with an excerpt where none was set (``""`` stays: nothing to quote)."""
    if not findings:
        return findings
    finder = Excerpts(outline, analysis)
    result = []
    for finding in findings:
        if finding.excerpt is None:
            finding = replace(finding, excerpt=finder.at(finding.line, finding.column) or "")
        result.append(finding)
    return result
