"""Plain text, and text pasted from Slack or Word.

Pasted drafts have no reliable markup, so headings are recognised by how writers
type them: Markdown ``#``, numbering («3.2 Grønt samfunn»), Slack's ``*bold*`` and
``_italic_`` lines, UPPER CASE, a trailing colon, or a short line on its own. The
last three are *weak*: they only count if the rule pack recognises the heading,
so «TBD» or «KOMMER» under a focus area stays text.
"""

from __future__ import annotations

import re

from planvakt.linting.document import Block, Document, Heading

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD = re.compile(r"^\*{1,2}(?=\S)(.+?)(?<=\S)\*{1,2}\s*:?$")
_ITALIC = re.compile(r"^_{1,2}(?=\S)(.+?)(?<=\S)_{1,2}\s*:?$")
_BULLET = re.compile(r"^([•\-–—*·▪◦‣\uf0b7\uf0a7])\s+(.*)$")
_NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*|[IVXL]{1,6}(?=\.))(\.?)[ \t]+(\S.*)$")
_ORDERED_ITEM = re.compile(r"^(\d{1,3}|[a-zæøå])[.)]\s+(\S.*)$")
_PAREN_ITEM = re.compile(r"^(\d{1,3}|[a-zæøå])\)\s+(\S.*)$")
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


def list_item(line: str, in_list: bool, after_colon: bool = False) -> re.Match[str] | None:
    """The list item ``line`` starts, if any (group 2 is its text).

    «•», «–», «-» and the like, and «a)» or «1)», start an item anywhere, also right after
    a paragraph line. «1.» and «a.» are also how a wrapped sentence can go on («… i\n2.
    kvartal»), so they start one in a list, after a line ending in a colon, or (digits)
    before a capital letter.
    """
    if match := _BULLET.match(line) or _PAREN_ITEM.match(line):
        return match
    match = _ORDERED_ITEM.match(line)
    if match is None:
        return None
    if in_list or after_colon or (match.group(1).isdigit() and match.group(2)[0].isupper()):
        return match
    return None


def _is_upper_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and heading_like(text)


class _Builder:
    """Collects headings and blocks while lines are read."""

    def __init__(self, path: str, source: str) -> None:
        self.doc = Document(path=path, source=source)  # type: ignore[arg-type]
        self.block: Block | None = None
        self.lines: list[Block] = []  # the current block's further lines, joined when it ends

    @property
    def blocks(self) -> list[Block]:
        return self.doc.headings[-1].blocks if self.doc.headings else self.doc.preamble

    def heading(self, text: str, level: int, line: int, raw: str, *, styled: str,
                weak: bool = False, fallback: Block | None = None) -> None:
        self.end_block()
        self.doc.headings.append(Heading(text=text.strip(), level=level, line=line, raw=raw,
                                         weak=weak, styled=styled, fallback=fallback))

    def start(self, kind: str, text: str, line: int, column: int) -> None:
        self.end_block()
        self.block = Block(kind=kind, text=text, line=line, column=column,  # type: ignore[arg-type]
                           anchors=[(0, line, column)])
        self.blocks.append(self.block)

    def extend(self, text: str, line: int, column: int) -> None:
        assert self.block is not None
        self.lines.append(Block(kind=self.block.kind, text=text, line=line, column=column,
                                anchors=[(0, line, column)]))

    def end_block(self) -> None:
        if self.block is not None and self.lines:
            self.block.join(self.lines)
        self.block, self.lines = None, []


def read_text(text: str, path: str = "-") -> Document:
    """Read normalised plain text into a :class:`Document`."""
    builder = _Builder(path, "text")
    lines = text.split("\n")
    builder.doc.line_count = len(lines) - (lines[-1] == "")  # a final newline ends the last line
    previous_blank = True
    for index, raw_line in enumerate(lines):
        number = index + 1
        stripped = raw_line.strip()
        column = len(raw_line) - len(raw_line.lstrip()) + 1
        if not stripped:
            builder.end_block()
            previous_blank = True
            continue
        after_colon = index > 0 and lines[index - 1].rstrip().endswith(":")
        if _read_heading(builder, stripped, number, column, previous_blank, after_colon):
            previous_blank = False
            continue
        in_list = builder.block is None or builder.block.kind == "bullet"
        if match := list_item(stripped, in_list, after_colon):
            item = builder.block
            if item is not None and item.kind == "bullet" and column >= item.column:
                builder.extend(match.group(2), number, column + match.start(2))  # a sub-item is part of its item
            else:
                builder.start("bullet", match.group(2), number, column + match.start(2))
        elif builder.block is not None:
            builder.extend(stripped, number, column)
        else:
            builder.start("paragraph", stripped, number, column)
        previous_blank = False
    builder.end_block()
    return builder.doc


def _read_heading(builder: _Builder, line: str, number: int, column: int, previous_blank: bool,
                  after_colon: bool = False) -> bool:
    """Record ``line`` as a heading if it looks like one; True if it did.

    Weak candidates carry the block the line would otherwise be, so an unrecognised one
    reads exactly as if it had never been taken for a heading.
    """
    if match := _ATX.match(line):
        builder.heading(match.group(2), len(match.group(1)), number, line, styled="atx")
        return True
    if match := _BOLD.match(line):
        builder.heading(match.group(1).rstrip(":"), 2, number, line, styled="bold")
        return True
    if match := _ITALIC.match(line):
        builder.heading(match.group(1).rstrip(":"), 3, number, line, styled="italic")
        return True
    # A numbered heading that starts a block (after a blank line, a heading or a list
    # item) is a heading. Word puts no blank lines on the clipboard, so one straight after
    # a prose line is a weak heading: the outline keeps it if the pack knows it or its
    # number follows the number of the heading before it («3.1.2» after «3.1.1»).
    starts_block = previous_blank or builder.block is None or builder.block.kind == "bullet"
    if match := _NUMBERED.match(line):
        text = match.group(3).rstrip(":").strip()
        if heading_like(text) and not _BULLET.match(text):
            depth = match.group(1).count(".") + 1
            # «1. Text» is also how a numbered list item is typed: a heading only if recognised
            item = _ORDERED_ITEM.match(line) if depth == 1 and match.group(2) else None
            if item is not None and (starts_block or list_item(line, False, after_colon)):
                fallback: Block | None = Block(
                    kind="bullet", text=item.group(2), line=number, column=column + item.start(2),
                    anchors=[(0, number, column + item.start(2))])
            elif starts_block:
                fallback = None
            else:
                fallback = Block(kind="paragraph", text=line, line=number, column=column,
                                 anchors=[(0, number, column)])
            builder.heading(line.rstrip(":"), depth + 1, number, line, styled="numbered",
                            weak=fallback is not None, fallback=fallback)
            return True
    # Weak candidates may stand anywhere: if the pack does not recognise one, it reads as
    # the paragraph line it is.
    paragraph = Block(kind="paragraph", text=line, line=number, column=column, anchors=[(0, number, column)])
    if _is_upper_heading(line.rstrip(":")):
        builder.heading(line.rstrip(":"), 2, number, line, styled="upper", weak=True, fallback=paragraph)
        return True
    if match := _COLON.match(line):
        text = match.group(1).strip()
        if heading_like(text, MAX_WEAK_HEADING_WORDS):
            builder.heading(text, 2, number, line, styled="colon", weak=True, fallback=paragraph)
            return True
    if heading_like(line, MAX_WEAK_HEADING_WORDS) and not _BULLET.match(line):
        builder.heading(line, 2, number, line, styled="plain", weak=True, fallback=paragraph)
        return True
    return False
