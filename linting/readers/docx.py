"""Word drafts (.docx, .docm, .dotx), read with python-docx once the archive is vetted.

A block's ``line`` is its paragraph number: 1-based, counting every paragraph of the
body in reading order, table cells and empty paragraphs included, so it matches what
a writer counts in Word. Headings come from styles (any language, any name, as long as
the style or one it is based on is a heading style or has an outline level); a short
paragraph in bold is a weak heading, as a bold line is in the other readers.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from docx.exceptions import PythonDocxError
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.package import Package
from lxml import etree

from planvakt.linting.document import Block, Document, Heading
from planvakt.linting.errors import InputError
from planvakt.linting.limits import DEFAULT_LIMITS, Limits, human_size
from planvakt.linting.normalize import normalize_text
from planvakt.linting.readers.text import (
    _BULLET,
    _NUMBERED,
    MAX_WEAK_HEADING_WORDS,
    heading_like,
)

__all__ = ["read_docx"]

_CORRUPT = "filen er skadet eller ikke et Word-dokument (.docx)"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE: encrypted .docx or old .doc
_CENTRAL_HEADER = b"PK\x01\x02"
_RATIO_FLOOR = 1024 * 1024  # small members may compress well without being bombs
_MAIN_CONTENT_TYPES = {
    CT.WML_DOCUMENT_MAIN,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
# What python-docx and lxml raise on a damaged package: bad zip data, a part the
# relationships name but the archive lacks, malformed XML, an unexpected content type.
_PACKAGE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError,
                   etree.LxmlError, OpcError, PythonDocxError)

_HEADING_NAME = re.compile(r"^(?:heading|overskrift|rubrik)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAME = re.compile(r"^(?:title|tittel)$", re.IGNORECASE)
_LIST_NAME = re.compile(r"list|punkt|bullet", re.IGNORECASE)  # «list» also covers «Liste»
_FALSE = {"0", "false", "off", "none"}
_PIECE = 1 << 16  # bytes inflated at a time while vetting

_DOCUMENT, _BODY = qn("w:document"), qn("w:body")
_P, _R, _T, _TBL = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:tbl")
_SPACE_TAGS = {qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")}
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
# Subtrees whose text is not in the draft as shown: tracked deletions, the moved-from
# copy of moved text, and the fallback duplicate of a text box.
_SKIPPED = {qn("w:del"), qn("w:moveFrom"), qn("w:pPr"), qn("w:rPr"),
            "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}


def read_docx(data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a Word file into a :class:`Document` (``source="docx"``).

    Raises :class:`InputError` for anything that is not a sound, reasonably sized
    Word document, before python-docx has decompressed a byte of it.
    """
    _vet_archive(data, name, limits)
    body, styles = _parse(data, name)
    return _Reader(name, styles, limits).read(body)


def _vet_archive(data: bytes, name: str, limits: Limits) -> None:
    if data.startswith(_CFB_MAGIC):
        raise InputError("filen er passordbeskyttet eller i det gamle Word-formatet; lagre den "
                         "som .docx uten passord og prøv igjen", path=name)
    # Every member costs a ZipInfo before we could count them: count headers first.
    if (headers := data.count(_CENTRAL_HEADER)) > limits.max_docx_members:
        raise _too_many_members(headers, name, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise InputError(_CORRUPT, path=name) from None
    if len(members) > limits.max_docx_members:
        raise _too_many_members(len(members), name, limits)
    # The declared sizes bound what python-docx decompresses once _inflate_each has
    # checked that every member keeps to its own.
    total = sum(member.file_size for member in members)
    if total > limits.max_docx_uncompressed:
        raise InputError(f"Word-filen pakker ut til {human_size(total)}; grensen er "
                         f"{human_size(limits.max_docx_uncompressed)}", path=name)
    xml = sum(member.file_size for member in members if member.filename.endswith((".xml", ".rels")))
    if xml > limits.max_docx_xml:
        raise InputError(f"Word-filen har {human_size(xml)} XML; grensen er {human_size(limits.max_docx_xml)}",
                         path=name)
    for member in members:
        if member.file_size > _RATIO_FLOOR and \
                member.file_size > limits.max_docx_ratio * max(member.compress_size, 1):
            raise InputError(f"Word-filen er mistenkelig sterkt komprimert (over "
                             f"{limits.max_docx_ratio}:1) og blir ikke pakket ut", path=name)
        if member.flag_bits & 0x1 or member.compress_type not in (zipfile.ZIP_STORED,
                                                                   zipfile.ZIP_DEFLATED):
            raise InputError("Word-filen bruker kryptering eller komprimering som ikke støttes",
                             path=name)
    if "word/document.xml" not in {member.filename for member in members}:
        raise InputError("filen mangler hoveddokumentet (word/document.xml) og er ikke et "
                         "Word-dokument", path=name)
    _inflate_each(archive_data=data, members=members, name=name)


def _inflate_each(archive_data: bytes, members: list[zipfile.ZipInfo], name: str) -> None:
    """Inflate every member in small pieces, as far as its declared size.

    python-docx reads each member whole, and zipfile then inflates all of its compressed
    bytes at once (up to 2 GB) before cutting to the declared size: a member that lies
    about its size would exhaust memory there. Read in pieces, zipfile stops at the
    declared size, and a lying member fails its CRC check.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(archive_data)) as archive:
            for member in members:
                with archive.open(member) as stream:
                    while stream.read(_PIECE):
                        pass
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        raise InputError(_CORRUPT, path=name) from None


def _too_many_members(count: int, name: str, limits: Limits) -> InputError:
    return InputError(f"Word-filen har for mange deler ({count}); grensen er "
                      f"{limits.max_docx_members}", path=name)


def _parse(data: bytes, name: str) -> tuple[etree._Element, etree._Element | None]:
    """The body and the styles element, as parsed by python-docx.

    python-docx parses with ``resolve_entities=False``, and libxml2 also refuses
    excessive entity amplification, so a «billion laughs» part cannot expand: it
    either fails to parse or keeps its entity references unexpanded (we drop them).
    """
    try:
        package = Package.open(io.BytesIO(data))
        main = package.main_document_part
        if main.content_type not in _MAIN_CONTENT_TYPES:
            raise InputError(_CORRUPT, path=name)
        root = _element(main)
        try:
            styles_part = main.part_related_by(RT.STYLES)
        except KeyError:
            styles = None
        else:
            styles = _element(styles_part)
    except _PACKAGE_ERRORS:
        raise InputError(_CORRUPT, path=name) from None
    body = root.find(_BODY) if root.tag == _DOCUMENT else None
    if body is None:
        raise InputError(_CORRUPT, path=name)
    return body, styles


def _element(part: Part) -> etree._Element:
    # .docm and .dotx main parts are not registered with python-docx, so it keeps
    # them as bytes; parse them with its (entity-safe) parser.
    return part.element if isinstance(part, XmlPart) else parse_xml(part.blob)


@dataclass(slots=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # w:outlineLvl as written: 0 is level 1, 9 is body text
    numbered: bool | None  # w:numPr present (numId 0 switches numbering off)
    bold: bool | None


@dataclass(frozen=True, slots=True)
class _Resolved:
    """What a paragraph or character style means once the styles it is based on are folded in.

    Every field is a «nearest style that says so» (or «any style in the chain») fold, so
    resolving a style from the already resolved style it is based on gives the same answer
    as walking its whole chain: each style is resolved once, however long the chains.
    """

    named_level: int | None  # a heading level from a style's name, before any style sets an outline level
    outline: int | None      # the nearest w:outlineLvl
    numbered: bool | None    # the nearest w:numPr
    list_named: bool         # some style in the chain is named like a list style
    bold: bool | None        # the nearest w:b


_UNSTYLED = _Resolved(named_level=None, outline=None, numbered=None, list_named=False, bold=None)


class _Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self._resolved: dict[str, _Resolved] = {}
        for element in root.iterfind(qn("w:style")) if root is not None else ():
            style_id = element.get(qn("w:styleId"))
            if not style_id:
                continue
            ppr, rpr = element.find(qn("w:pPr")), element.find(qn("w:rPr"))
            self.by_id[style_id] = _Style(
                name=_val(element.find(qn("w:name"))) or style_id,
                based_on=_val(element.find(qn("w:basedOn"))),
                outline=_outline(ppr), numbered=_numbered(ppr), bold=_bold(rpr))
            if element.get(qn("w:type")) == "paragraph" and element.get(qn("w:default")) in ("1", "true", "on"):
                self.default_paragraph = style_id

    def resolve(self, style_id: str | None) -> _Resolved | None:
        """The style folded with the styles it is based on (cycles cut); None if there is no such style."""
        if not style_id or style_id not in self.by_id:
            return None
        walk: list[str] = []
        seen: set[str] = set()
        current: str | None = style_id
        while current and current in self.by_id and current not in self._resolved and current not in seen:
            seen.add(current)
            walk.append(current)
            current = self.by_id[current].based_on
        # A cycle or a chain that reaches a resolved style: the folds are the same whether
        # a style is seen once or twice, so the resolved tail can be reused as it is.
        tail = self._resolved.get(current, _UNSTYLED) if current else _UNSTYLED
        for sid in reversed(walk):
            tail = self._resolved[sid] = _fold(sid, self.by_id[sid], tail)
        return self._resolved[style_id]


def _fold(style_id: str, style: _Style, tail: _Resolved) -> _Resolved:
    named: int | None = None
    for label in (style.name.strip(), style_id):
        if match := _HEADING_NAME.match(label):
            named = int(match.group(1))
            break
        if _TITLE_NAME.match(label):
            named = 1
            break
    if named is None:
        named = None if style.outline is not None else tail.named_level
    return _Resolved(
        named_level=named,
        outline=style.outline if style.outline is not None else tail.outline,
        numbered=style.numbered if style.numbered is not None else tail.numbered,
        list_named=tail.list_named or bool(_LIST_NAME.search(style.name)),
        bold=style.bold if style.bold is not None else tail.bold)


def _val(element: etree._Element | None) -> str | None:
    return None if element is None else element.get(qn("w:val"))


def _on(value: str | None) -> bool:
    """ST_OnOff: a missing value means on."""
    return value is None or value.strip().lower() not in _FALSE


def _outline(ppr: etree._Element | None) -> int | None:
    value = _val(ppr.find(qn("w:outlineLvl"))) if ppr is not None else None
    return int(value) if value is not None and value.strip().isdigit() else None


def _numbered(ppr: etree._Element | None) -> bool | None:
    numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if numpr is None:
        return None
    return _val(numpr.find(qn("w:numId"))) != "0"


def _bold(rpr: etree._Element | None) -> bool | None:
    bold = rpr.find(qn("w:b")) if rpr is not None else None
    return None if bold is None else _on(bold.get(qn("w:val")))


class _Reader:
    def __init__(self, name: str, styles: etree._Element | None, limits: Limits) -> None:
        self.doc = Document(path=name, source="docx")
        self.styles = _Styles(styles)
        self.limits = limits
        self.chars = 0

    def read(self, body: etree._Element) -> Document:
        number = 0
        for number, (paragraph, in_table) in enumerate(_paragraphs(body, False), start=1):
            self._paragraph(paragraph, number, in_table)
        self.doc.line_count = number
        if self.chars == 0:
            raise InputError("dokumentet inneholder ingen tekst", path=self.doc.path)
        return self.doc

    def _paragraph(self, paragraph: etree._Element, number: int, in_table: bool) -> None:
        runs = [(run, _run_text(run)) for run in _runs(paragraph)]
        text = normalize_text("".join(text for _, text in runs)).replace("\n", " ")
        stripped = text.strip()
        if not stripped:
            return
        self.chars += len(stripped)
        if self.chars > self.limits.max_text_chars:
            raise InputError(f"teksten er for lang (over {self.limits.max_text_chars:,} tegn); "
                             f"Planvakt sjekker opptil {self.limits.max_text_chars:,} tegn per "
                             f"kapittel".replace(",", " "), path=self.doc.path)
        column = 1 + len(text) - len(text.lstrip())
        ppr = paragraph.find(qn("w:pPr"))
        chain = self.styles.resolve(_val(ppr.find(qn("w:pStyle"))) if ppr is not None else None) \
            or self.styles.resolve(self.styles.default_paragraph) or _UNSTYLED
        if level := _heading_level(ppr, chain):
            self.doc.headings.append(Heading(text=stripped, level=level, line=number,
                                             raw=stripped, styled="style"))
            return
        glyph = _BULLET.match(stripped)
        if glyph or _is_list(ppr, chain):
            if glyph:
                column += glyph.start(2)
                stripped = glyph.group(2)
            self._block("bullet", stripped, number, column)
            return
        weak = stripped.removesuffix(":").rstrip()
        numbered = _NUMBERED.match(weak)  # «3.2 Grønt samfunn»: text kept as written
        if not in_table and heading_like(numbered.group(3) if numbered else weak,
                                         MAX_WEAK_HEADING_WORDS) \
                and all(self._run_bold(run, chain) for run, text in runs if text.strip()):
            self.doc.headings.append(Heading(text=weak, level=2, line=number, raw=stripped,
                                             weak=True, styled="bold"))
            return
        self._block("paragraph", stripped, number, column)

    def _block(self, kind: str, text: str, line: int, column: int) -> None:
        blocks = self.doc.headings[-1].blocks if self.doc.headings else self.doc.preamble
        blocks.append(Block(kind=kind, text=text, line=line, column=column,  # type: ignore[arg-type]
                            anchors=[(0, line, column)]))

    def _run_bold(self, run: etree._Element, chain: _Resolved) -> bool:
        rpr = run.find(qn("w:rPr"))
        if (direct := _bold(rpr)) is not None:
            return direct
        character = self.styles.resolve(_val(rpr.find(qn("w:rStyle"))) if rpr is not None else None)
        if character is not None and character.bold is not None:
            return character.bold
        return bool(chain.bold)


def _heading_level(ppr: etree._Element | None, chain: _Resolved) -> int:
    """The heading level the style names or outline level give, 0 for body text.

    Nearest style first: a heading style's name decides, unless a style nearer the
    paragraph sets its own outline level («TOC Heading» is based on Heading 1 but is
    body text, level 9). Direct outline levels apply to paragraphs of other styles.
    """
    if chain.named_level is not None:
        return chain.named_level
    outline = _outline(ppr)
    if outline is None:
        outline = chain.outline
    return outline + 1 if outline is not None and outline < 9 else 0


def _is_list(ppr: etree._Element | None, chain: _Resolved) -> bool:
    numbered = _numbered(ppr)
    if numbered is None:
        numbered = chain.numbered
    return bool(numbered) or chain.list_named


def _paragraphs(element: etree._Element, in_table: bool) -> Iterator[tuple[etree._Element, bool]]:
    """Paragraphs in reading order, with whether each is inside a table.

    Recursion depth is bounded: libxml2 refuses documents nested deeper than 256.
    A text box's paragraphs follow the paragraph that anchors it.
    """
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == _P:
            yield child, in_table
        yield from _paragraphs(child, in_table or tag == _TBL)


def _runs(element: etree._Element) -> Iterator[etree._Element]:
    """The paragraph's own runs (in hyperlinks, insertions, fields, content controls)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED or tag == _P:
            continue
        if tag == _R:
            yield child
        else:
            yield from _runs(child)


def _run_text(run: etree._Element) -> str:
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
            # Unresolved entity references are children; keep only the text around them.
            parts.extend(grandchild.tail or "" for grandchild in child)
        elif tag in _SPACE_TAGS:
            parts.append(" ")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
    return "".join(parts)
