"""Text normalisation applied before any reader or matcher sees a draft."""

from __future__ import annotations

import re
import unicodedata

_SPACES = "\u00a0\u202f\u2007\u2009\u200a\u3000\t"
# Control characters mean nothing in a draft, and a NUL crashes the lemma dictionary.
_CONTROLS = "".join(chr(code) for code in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F))
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff" + _CONTROLS
_TRANSLATION = str.maketrans(_SPACES, " " * len(_SPACES), _DROPPED)
_SPECIAL = re.compile(f"[{_SPACES}{_DROPPED}]")
# Surrogate code points are not characters: alone (JSON's "\ud800", a cut UTF-16 string)
# they cannot be encoded, so the draft could not be stored, logged or answered.
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalize_text(text: str) -> str:
    """Unify what Word, Slack and editors put into a draft.

    Drops a BOM, soft hyphens, zero-width and control characters; turns CRLF, lone CR
    and Word's line and page breaks into LF and no-break and other special spaces into
    plain spaces; composes characters (NFC), so a decomposed «å» matches a composed one.
    A surrogate pair written as two code points becomes its character; a lone surrogate,
    which no encoding can write, becomes U+FFFD («�»).
    """
    text = encodable(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    if _SPECIAL.search(text):  # str.translate is slow on long text: only when needed
        text = text.translate(_TRANSLATION)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def encodable(text: str) -> str:
    """``text`` with surrogate pairs joined and lone surrogates replaced by U+FFFD, so it encodes."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def decode_bytes(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252.

    Word's «Save as plain text» on Windows still produces cp1252 files; cp1252 never
    fails on Norwegian letters, so it is the last resort.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
