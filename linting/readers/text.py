"""Plain text, and text pasted from Slack or Word.

Pasted drafts have no reliable markup, so headings are recognised by how writers
type them: Markdown ``#``, numbering («3.2 Grønt samfunn»), Slack's ``*bold*`` and
``_italic_`` lines, UPPER CASE, a trailing colon, or a short line on its own. The
last three are *weak*: they only count if the rule pack recognises the heading,
so «TBD» or «KOMMER» under a focus area stays text.
"""

from __future__ import annotations

import re

from linting.document import Block, Document, Heading

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD = re.compile(r"^\*{1,2}(?=\S)(.+?)(?<=\S)\*{1,2}\s*:?$")
_ITALIC = re.compile(r"^_{1,2}(?=\S)(.+?)(?<=\S)_{1,2}\s*:?$")
_BULLET = re.compile(r"^([•\-–—*·▪◦‣\uf0b7\uf0a7])\s+(.*)$")
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)(\.?)[ \t]+(\S.*)$")
_ORDERED_ITEM = re.compile(r"^(\d{1,3}|[a-zæøå])[.)]\s+(\S.*)$")
_COLON = re.compile(r"^([^:]{1,80}):$")
_SENTENCE_END = (".", "!", "?", ";", ",", ":")

MAX_HEADING_WORDS = 10
MAX_WEAK_HEADING_WORDS = 8


def heading_like(text: str, max_words: int = MAX_HEADING_WORDS) -> bool:
    words = text.split()
    return (
        0 < len(words) <= max_words
        and not text.endswith(_SENTENCE_END)
        and text[0].isupper()
    )


def _is_upper_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and heading_like(text)


class _Builder:
    """Collects headings and blocks while lines are read."""

    def __init__(self, path: str, source: str) -> None:
        self.doc = Document(path=path, source=source)  # type: ignore[arg-type]
        self.block: Block | None = None

    @property
    def blocks(self) -> list[Block]:
        return self.doc.headings[-1].blocks if self.doc.headings else self.doc.preamble

    def heading(self, text: str, level: int, line: int, raw: str, *, styled: str,
                weak: bool = False) -> None:
        self.block = None
        self.doc.headings.append(Heading(text=text.strip(), level=level, line=line, raw=raw,
                                         weak=weak, styled=styled))

    def start(self, kind: str, text: str, line: int, column: int) -> None:
        self.block = Block(kind=kind, text=text, line=line, column=column,  # type: ignore[arg-type]
                           anchors=[(0, line, column)])
        self.blocks.append(self.block)

    def extend(self, text: str, line: int, column: int) -> None:
        assert self.block is not None
        self.block.text += " "
        self.block.anchors.append((len(self.block.text), line, column))
        self.block.text += text

    def end_block(self) -> None:
        self.block = None


def read_text(text: str, path: str = "-") -> Document:
    """Read normalised plain text into a :class:`Document`."""
    builder = _Builder(path, "text")
    lines = text.split("\n")
    builder.doc.line_count = len(lines)
    previous_blank = True
    for index, raw_line in enumerate(lines):
        number = index + 1
        stripped = raw_line.strip()
        column = len(raw_line) - len(raw_line.lstrip()) + 1
        if not stripped:
            builder.end_block()
            previous_blank = True
            continue
        next_line = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if _read_heading(builder, stripped, number, previous_blank, next_line):
            previous_blank = False
            continue
        if match := _BULLET.match(stripped):
            builder.start("bullet", match.group(2), number, column + match.start(2))
        elif (match := _ORDERED_ITEM.match(stripped)) and builder.block is None:
            builder.start("bullet", match.group(2), number, column + match.start(2))
        elif builder.block is not None:
            builder.extend(stripped, number, column)
        else:
            builder.start("paragraph", stripped, number, column)
        previous_blank = False
    return builder.doc


def _read_heading(builder: _Builder, line: str, number: int, previous_blank: bool,
                  next_line: str) -> bool:
    """Record ``line`` as a heading if it looks like one; True if it did."""
    if match := _ATX.match(line):
        builder.heading(match.group(2), len(match.group(1)), number, line, styled="atx")
        return True
    if match := _BOLD.match(line):
        builder.heading(match.group(1).rstrip(":"), 2, number, line, styled="bold")
        return True
    if match := _ITALIC.match(line):
        builder.heading(match.group(1).rstrip(":"), 3, number, line, styled="italic")
        return True
    starts_block = previous_blank or builder.block is None
    if (match := _NUMBERED.match(line)) and starts_block:
        text = match.group(3).rstrip(":").strip()
        if heading_like(text) and not _BULLET.match(text):
            depth = match.group(1).count(".") + 1
            builder.heading(line.rstrip(":"), depth + 1, number, line, styled="numbered")
            return True
    if _is_upper_heading(line.rstrip(":")) and starts_block:
        builder.heading(line.rstrip(":"), 2, number, line, styled="upper", weak=True)
        return True
    if (match := _COLON.match(line)) and starts_block and not _BULLET.match(next_line):
        text = match.group(1).strip()
        if heading_like(text, MAX_WEAK_HEADING_WORDS):
            builder.heading(text, 2, number, line, styled="colon", weak=True)
            return True
    if previous_blank and heading_like(line, MAX_WEAK_HEADING_WORDS) and not _BULLET.match(line):
        builder.heading(line, 2, number, line, styled="plain", weak=True)
        return True
    return False
