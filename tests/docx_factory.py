"""Build Word files for tests in memory, so no binary fixtures are committed.

    DocxBuilder().heading("Helse og velferd", 1).heading("Innledning", 2) \\
        .paragraph("Vi viser til samfunnsdelen.").bullet("Ett punkt (mål 2.1)").to_bytes()

    docx_from_markdown("# Helse og velferd\\n## Innledning\\nTekst.\\n- Punkt")

Each builder call adds one Word paragraph (a table adds one per cell), so the
paragraph numbers a reader reports are easy to predict. ``zip_bytes``,
``replace_member`` and ``zip_bomb`` make damaged or hostile archives.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# w:pPr children that must follow w:outlineLvl / w:numPr (schema order), for Word.
_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_NUMPR = ("w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
                "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
                "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", *_AFTER_OUTLINE)


class DocxBuilder:
    """A python-docx document with one-line helpers; ``document`` is there for the rest."""

    def __init__(self) -> None:
        self.document = docx.Document()

    def heading(self, text: str, level: int = 1) -> DocxBuilder:
        """A built-in «Heading N» paragraph (level 0 is «Title»)."""
        self.document.add_heading(text, level)
        return self

    def paragraph(self, text: str = "", *, style: str | None = None, bold: bool = False,
                  runs: list[str] | None = None) -> DocxBuilder:
        """A paragraph; ``runs`` splits the text into several runs."""
        paragraph = self.document.add_paragraph(style=style)
        for part in runs if runs is not None else ([text] if text else []):
            paragraph.add_run(part).bold = bold or None
        return self

    def empty(self, count: int = 1) -> DocxBuilder:
        for _ in range(count):
            self.document.add_paragraph()
        return self

    def bullet(self, text: str) -> DocxBuilder:
        return self.paragraph(text, style="List Bullet")

    def numbered(self, text: str, num_id: int = 1) -> DocxBuilder:
        """A Normal paragraph with direct numbering (``w:numPr``), as Word's list buttons do."""
        paragraph = self.document.add_paragraph(text)
        ppr = paragraph._p.get_or_add_pPr()
        numpr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", "0"), ("w:numId", str(num_id))):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            numpr.append(child)
        ppr.insert_element_before(numpr, *_AFTER_NUMPR)
        return self

    def table(self, rows: list[list[str]]) -> DocxBuilder:
        """A table; each cell holds one paragraph, read row by row."""
        table = self.document.add_table(rows=len(rows), cols=max(map(len, rows)))
        for row, texts in zip(table.rows, rows):
            for cell, text in zip(row.cells, texts):
                cell.text = text
        return self

    def style(self, name: str, *, base: str | None = None, outline_level: int | None = None,
              bold: bool | None = None) -> DocxBuilder:
        """Add a custom paragraph style; ``outline_level`` is Word's 1-based level."""
        style = self.document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base is not None:
            style.base_style = self.document.styles[base]
        if bold is not None:
            style.font.bold = bold
        if outline_level is not None:
            element = OxmlElement("w:outlineLvl")
            element.set(qn("w:val"), str(outline_level - 1))
            style.element.get_or_add_pPr().insert_element_before(element, *_AFTER_OUTLINE)
        return self

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_BULLET = re.compile(r"^[-*]\s+(.*)$")
_MD_BOLD = re.compile(r"^\*\*(.+)\*\*$")


def docx_from_markdown(text: str, *, keep_blank_lines: bool = False) -> bytes:
    """A Word file from a small Markdown subset, one paragraph per non-blank line.

    ``#``–``######`` become Heading 1–6, ``- ``/``* `` List Bullet, a whole line in
    ``**`` a bold paragraph, anything else a Normal paragraph. Blank lines are dropped
    unless ``keep_blank_lines`` makes each an empty paragraph.
    """
    builder = DocxBuilder()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            if keep_blank_lines:
                builder.empty()
        elif match := _MD_HEADING.match(line):
            builder.heading(match.group(2), len(match.group(1)))
        elif match := _MD_BULLET.match(line):
            builder.bullet(match.group(1))
        elif match := _MD_BOLD.match(line):
            builder.paragraph(match.group(1), bold=True)
        else:
            builder.paragraph(line)
    return builder.to_bytes()


def zip_bytes(members: Mapping[str, bytes | str]) -> bytes:
    """A deflated zip with the given members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def replace_member(data: bytes, name: str, content: bytes | str) -> bytes:
    """A copy of the zip ``data`` with member ``name`` replaced (or added)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members: dict[str, bytes | str] = {info.filename: archive.read(info)
                                           for info in archive.infolist()}
    members[name] = content
    return zip_bytes(members)


def zip_bomb(size: int, member: str = "word/document.xml", chunk: bytes = b"<w:p/>" * 1024,
             *, extra: Mapping[str, bytes | str] | None = None) -> bytes:
    """A zip whose ``member`` inflates to about ``size`` bytes of ``chunk`` repeated.

    Written in chunks, so only the compressed result (about size/1000) is held.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        with archive.open(member, "w", force_zip64=True) as handle:
            for _ in range(max(size // len(chunk), 1)):
                handle.write(chunk)
    return buffer.getvalue()


def understate_size(data: bytes, name: str, declared: int) -> bytes:
    """A copy of the zip ``data`` whose member ``name`` claims to inflate to only ``declared``
    bytes, in its local header and in the central directory (as a hostile file would)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
        directory = archive.start_dir
    patched = bytearray(data)
    patched[info.header_offset + 22:info.header_offset + 26] = declared.to_bytes(4, "little")
    entry = patched.index(b"PK\x01\x02", directory)
    while patched[entry + 46:entry + 46 + len(name)] != name.encode():
        entry = patched.index(b"PK\x01\x02", entry + 4)
    patched[entry + 24:entry + 28] = declared.to_bytes(4, "little")
    return bytes(patched)
