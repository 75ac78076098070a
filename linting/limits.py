"""Bounds that keep hostile or accidental input from exhausting memory or time."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    max_text_chars: int = 1_000_000  # about 150,000 words: far beyond any chapter
    max_file_bytes: int = 20 * 1024 * 1024
    max_docx_uncompressed: int = 60 * 1024 * 1024
    max_docx_xml: int = 25 * 1024 * 1024  # parsed XML costs ~18× its size in memory
    max_docx_ratio: int = 200  # uncompressed/compressed per member; zip bombs go far higher
    max_docx_members: int = 2_000
    # YAML aliases may stand for this many values in all, beyond the file's own: a rule
    # pack that reuses a list is fine, a «billion laughs» of nested aliases is not.
    max_yaml_alias_nodes: int = 10_000


DEFAULT_LIMITS = Limits()


def human_size(size: int) -> str:
    """«5,0 MB»: Norwegian decimal comma."""
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
