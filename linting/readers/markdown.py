"""Markdown drafts, parsed with markdown-it-py (CommonMark)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from planvakt.linting.document import Block, Document, Heading
from planvakt.linting.readers.text import MAX_WEAK_HEADING_WORDS, heading_like

# Only the block structure is needed: inline tokens keep their raw text in .content.
_PARSER = MarkdownIt("commonmark").disable(["inline", "text_join"])
_BOLD_ONLY = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1:?$")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def read_markdown(text: str, path: str = "-") -> Document:
    """Read normalised Markdown into a :class:`Document`."""
    doc = Document(path=path, source="markdown")
    source_lines = text.split("\n")
    doc.line_count = len(source_lines) - (source_lines[-1] == "")  # a final newline ends the last line
    tokens = _PARSER.parse(text)
    in_heading: tuple[int, int] | None = None
    list_depth = 0
    item: list[Block] = []  # the top-level list item being read: one item, one block

    def end_item() -> None:
        if len(item) > 1:
            item[0].join(item[1:])  # its further paragraphs and sub-items
        item.clear()

    for token in tokens:
        if token.type == "heading_open":
            in_heading = (int(token.tag[1]), token.map[0] + 1 if token.map else 0)
        elif token.type == "heading_close":
            in_heading = None
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "list_item_open" and list_depth == 1:
            end_item()
        elif token.type in ("html_block", "html_inline") and token.map:
            for match in _COMMENT.finditer(token.content):
                doc.comments.append((token.map[0] + 1, match.group(1).strip()))
        elif token.type == "inline" and token.map:
            line = token.map[0] + 1
            content = token.content
            if in_heading:
                doc.headings.append(Heading(text=content.strip(), level=in_heading[0], line=line,
                                            raw=source_lines[line - 1].strip(), styled="atx"))
                continue
            bold = _BOLD_ONLY.match(content.strip())
            words = bold.group(2).rstrip(":").strip() if bold else ""  # «**Prioriteringer:**»
            if bold and list_depth == 0 and heading_like(words, MAX_WEAK_HEADING_WORDS):
                doc.headings.append(Heading(text=words, level=2, line=line,
                                            raw=content.strip(), styled="bold", weak=True))
                continue
            block = _block(content, line, source_lines, "bullet" if list_depth else "paragraph")
            if list_depth and item:
                item.append(block)  # a further paragraph or a sub-item of the same item
                continue
            end_item()
            if list_depth:
                item.append(block)
            (doc.headings[-1].blocks if doc.headings else doc.preamble).append(block)
    end_item()
    return doc


def _block(content: str, first_line: int, source_lines: list[str], kind: str) -> Block:
    anchors: list[tuple[int, int, int]] = []
    parts: list[str] = []
    offset = 0
    for index, part in enumerate(content.split("\n")):
        line = first_line + index
        source = source_lines[line - 1] if line - 1 < len(source_lines) else ""
        column = max(source.find(part), 0) + 1 if part else 1
        anchors.append((offset, line, column))
        parts.append(part)
        offset += len(part) + 1
    return Block(kind=kind, text=" ".join(parts), line=first_line,  # type: ignore[arg-type]
                 column=anchors[0][2], anchors=anchors)
