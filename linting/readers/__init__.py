"""Readers turn a draft (Markdown, plain or pasted text, .docx) into a Document."""

from __future__ import annotations

import re
from pathlib import Path

from planvakt.linting.document import Document
from planvakt.linting.errors import InputError
from planvakt.linting.limits import DEFAULT_LIMITS, Limits, human_size
from planvakt.linting.normalize import decode_bytes, normalize_text
from planvakt.linting.readers.markdown import read_markdown
from planvakt.linting.readers.text import read_text

__all__ = ["read_bytes", "read_path", "read_string"]

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
TEXT_SUFFIXES = {".txt", ".text", ""}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx"}
_UNSUPPORTED = {
    ".doc": "det gamle Word-formatet (.doc) støttes ikke. Lagre filen som .docx og prøv igjen",
    ".pdf": "PDF støttes ikke. Send Word-filen (.docx) eller lim inn teksten",
    ".odt": "OpenDocument (.odt) støttes ikke. Lagre filen som .docx og prøv igjen",
    ".rtf": "RTF støttes ikke. Lagre filen som .docx og prøv igjen",
}
_ATX_LINE = re.compile(r"^#{1,6}\s+\S", re.M)
_ZIP_MAGIC = b"PK\x03\x04"


def read_path(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a draft from disk; the file name picks the reader."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise InputError(f"filen er for stor ({human_size(size)}); grensen er "
                             f"{human_size(limits.max_file_bytes)}", path=str(path))
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("er en mappe, ikke en fil", path=str(path)) from None
    except FileNotFoundError:
        raise InputError("finner ikke filen", path=str(path)) from None
    except PermissionError:
        raise InputError("har ikke lov til å lese filen", path=str(path)) from None
    except OSError as error:
        raise InputError(f"kan ikke lese filen ({error.strerror or error})", path=str(path)) from None
    return read_bytes(data, str(path), limits=limits)


def read_bytes(data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a draft from bytes; ``name`` (a file name or «-») picks the reader."""
    suffix = Path(name).suffix.lower() if name != "-" else ""
    if suffix in _UNSUPPORTED:
        raise InputError(_UNSUPPORTED[suffix], path=name)
    if len(data) > limits.max_file_bytes:
        raise InputError(f"filen er for stor ({human_size(len(data))}); grensen er "
                         f"{human_size(limits.max_file_bytes)}", path=name)
    if not data.strip():
        raise InputError("filen er tom", path=name)
    if suffix in DOCX_SUFFIXES or data.startswith(_ZIP_MAGIC):
        if suffix not in DOCX_SUFFIXES and suffix not in TEXT_SUFFIXES:
            raise InputError("er en zip-fil, men ikke et Word-dokument (.docx)", path=name)
        from planvakt.linting.readers.docx import read_docx  # python-docx is only imported when needed

        return read_docx(data, name, limits=limits)
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("ser ut som en binærfil, ikke tekst, Markdown eller .docx", path=name)
    markdown = True if suffix in MARKDOWN_SUFFIXES else False if suffix in TEXT_SUFFIXES - {""} else None
    return read_string(decode_bytes(data), name, markdown=markdown, limits=limits)


def read_string(text: str, name: str = "-", *, markdown: bool | None = None,
                limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a draft given as text. ``markdown=None`` sniffs the format (for pastes)."""
    text = normalize_text(text)
    if not text.strip():
        raise InputError("teksten er tom", path=name)
    if len(text) > limits.max_text_chars:
        raise InputError(f"teksten er for lang ({len(text):,} tegn); Planvakt sjekker opptil "
                         f"{limits.max_text_chars:,} tegn per kapittel".replace(",", " "), path=name)
    if markdown is None:
        markdown = _looks_like_markdown(text)
    return read_markdown(text, name) if markdown else read_text(text, name)


def _looks_like_markdown(text: str) -> bool:
    return bool(_ATX_LINE.search(text))
