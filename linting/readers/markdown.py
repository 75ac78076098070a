"""Markdown drafts, parsed with markdown-it-py (CommonMark)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from planvakt.linting.document import Block, Cell, Document, Heading, table_block
from planvakt.linting.readers.text import MAX_WEAK_HEADING_WORDS, heading_like, list_item

# Only the block structure is needed: inline tokens keep their raw text in .content.
# Pipe tables (GFM) are enabled: a budget table is a table, not a paragraph of pipes.
_PARSER = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
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
    table: list[list[Cell]] | None = None  # the rows of the table being read

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
        elif token.type == "table_open":
            end_item()
            table = []
        elif token.type == "tr_open" and table is not None:
            table.append([])
        elif token.type == "table_close" and table is not None:
            rows = [row for row in table if any(text for text, _, _ in row)]
            if rows:
                (doc.headings[-1].blocks if doc.headings else doc.preamble).append(table_block(rows))
            table = None
        elif token.type == "inline" and table is not None and table and token.map:
            line = token.map[0] + 1
            source = source_lines[line - 1] if line - 1 < len(source_lines) else ""
            after = table[-1][-1][2] - 1 + len(table[-1][-1][0]) if table[-1] else 0
            content = token.content.strip()
            column = (source.find(content, after) + 1 or after + 1) if content else after + 1
            table[-1].append((content, line, column))
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
            # «•», «–», «a)» or «1)» lines after a paragraph line are list items (CommonMark
            # reads them as the paragraph going on): one bullet each, as in pasted text
            groups = _split_items(_lines(content, line, source_lines))
            if list_depth:
                block = _block("bullet", groups[0][1])
                if item:
                    item.append(block)  # a further paragraph or a sub-item of the same item
                else:
                    item.append(block)
                    (doc.headings[-1].blocks if doc.headings else doc.preamble).append(block)
                groups = groups[1:]
                if not groups:
                    continue
            end_item()
            for kind, group in groups:
                (doc.headings[-1].blocks if doc.headings else doc.preamble).append(_block(kind, group))
    end_item()
    return doc


_Line = tuple[str, int, int]  # text, line, column


def _lines(content: str, first_line: int, source_lines: list[str]) -> list[_Line]:
    lines: list[_Line] = []
    for index, part in enumerate(content.split("\n")):
        line = first_line + index
        source = source_lines[line - 1] if line - 1 < len(source_lines) else ""
        column = max(source.find(part), 0) + 1 if part else 1
        lines.append((part, line, column))
    return lines


def _split_items(lines: list[_Line]) -> list[tuple[str, list[_Line]]]:
    """A paragraph's lines as a paragraph and the list items that follow it (each item
    with the lines that continue it)."""
    groups: list[tuple[str, list[_Line]]] = []
    for index, (part, line, column) in enumerate(lines):
        in_list = bool(groups) and groups[-1][0] == "bullet"
        after_colon = index > 0 and lines[index - 1][0].rstrip().endswith(":")
        if match := list_item(part.strip(), in_list, after_colon):
            start = len(part) - len(part.lstrip()) + match.start(2)
            groups.append(("bullet", [(match.group(2), line, column + start)]))
        elif groups:
            stripped = part.lstrip()
            groups[-1][1].append((stripped, line, column + len(part) - len(stripped)))
        else:
            groups.append(("paragraph", [(part, line, column)]))
    return groups


def _block(kind: str, lines: list[_Line]) -> Block:
    anchors: list[tuple[int, int, int]] = []
    parts: list[str] = []
    offset = 0
    for part, line, column in lines:
        anchors.append((offset, line, column))
        parts.append(part)
        offset += len(part) + 1
    return Block(kind=kind, text=" ".join(parts), line=lines[0][1],  # type: ignore[arg-type]
                 column=anchors[0][2], anchors=anchors)
