"""Inputs built to be slow: drafts and packs whose cost once grew faster than their size.

Shared by ``bench/hostile.py`` (figures) and the tests in ``tests/reliability/`` (bounds).
Each draft builder takes a size knob ``n`` and returns a draft whose size grows linearly
with ``n``, so the cost of ``n`` and ``4n`` can be compared.
"""

from __future__ import annotations

import io
import zipfile

CHAPTER_HEAD = """# Oppvekst og utdanning

## Innledning

Sektoren har ansvar for barnehager og skoler.

## Status og utfordringer

Barnetallet går ned i de ytre bydelene.

## Prioriteringer

### Godt liv for alle

"""
CHAPTER_TAIL = """
### Grønt samfunn

- Nye skolebygg bygges som lavenergibygg (mål 2.1).

### Regional vekst

- Kulturskolen får nye lokaler i sentrum (mål 3.1).

## Samarbeid for å nå målene

Vi når målene bare sammen med andre.
"""


def citations_draft(n: int) -> str:
    """One priority citing «mål 1.1» ``n`` times (30,000 made a 330 KB draft take 141 s)."""
    return CHAPTER_HEAD + "- Vi styrker tidlig innsats (" + "mål 1.1 " * n + ").\n" + CHAPTER_TAIL


def nesting_draft(n: int) -> str:
    """A list nested ever deeper, then back, ``n`` bullets in all."""
    lines = ["  " * (i % 40) + "- punkt om tidlig innsats (mål 1.1)" for i in range(n)]
    return CHAPTER_HEAD + "\n".join(lines) + "\n" + CHAPTER_TAIL


def long_token_draft(n: int) -> str:
    """A priority that is one «word» of ``n`` × 10 letters with no space in it."""
    return CHAPTER_HEAD + "- Vi " + "styrkerinn" * n + " (mål 1.1).\n" + CHAPTER_TAIL


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="styles.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>
</Relationships>"""


def chained_styles_docx(n: int) -> bytes:
    """A Word file with ``n`` paragraph styles, each based on the one before, and ``n``
    paragraphs, each in a different one of them: resolving every paragraph's style chain
    afresh costs styles × paragraphs (4,000 took 47 s in an 80 KB file)."""
    styles = ['<w:style w:type="paragraph" w:styleId="S0"><w:name w:val="Stil 0"/></w:style>']
    styles += [f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="Stil {i}"/>'
               f'<w:basedOn w:val="S{i - 1}"/></w:style>' for i in range(1, n)]
    paragraphs = [(f"S{n - 1 - i}", f"Vi styrker tidlig innsats i barnehagen {i}.") for i in range(n)]
    return styled_docx(styles, paragraphs)


def styled_docx(styles: list[str], paragraphs: list[tuple[str | None, str]]) -> bytes:
    """A minimal Word file: ``styles`` (``<w:style>`` elements) and one paragraph per
    (style id or None, text)."""
    body = "".join((f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else "<w:p>")
                   + f"<w:r><w:t>{text}</w:t></w:r></w:p>" for style, text in paragraphs)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>'
                + body + "</w:body></w:document>")
    style_part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {_W}>'
                  + "".join(styles) + "</w:styles>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", style_part)
    return buffer.getvalue()


def alias_bomb_pack(levels: int = 9) -> str:
    """A rule pack whose description is a «billion laughs» of YAML aliases: nine levels of
    nine aliases each stand for 9⁹ (387 million) strings once expanded."""
    lines = ["name: bombe", "plan: samfunnsdel-2020", 'a0: &a0 ["ha"]']
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, levels + 1)]
    lines += [f"description: *a{levels}"]
    return "\n".join(lines) + "\n"


BACKTRACKING = "(?P<ids>(\\d+\\.?)+)x"  # Python's re: exponential on a run of digits without the «x»
