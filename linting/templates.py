"""Message templates in rule packs: «{field}» filled in, and template mistakes found when a pack loads."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

_FORMATTER = string.Formatter()


class _Fields(dict):
    """Leaves unknown {placeholders} visible instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, fields: Mapping[str, Any]) -> str:
    """``template`` with its fields filled in; never raises (a broken template stays as written)."""
    try:
        return template.format_map(_Fields(fields))
    except (ValueError, IndexError, AttributeError, KeyError, TypeError):
        return template  # the pack loader refuses such templates; this guards templates made in code


def field_names(template: str) -> list[str]:
    """The ``{field}`` names ``template`` uses; [] if it cannot be parsed (see :func:`template_problem`)."""
    try:
        return [name for _, name, _, _ in _FORMATTER.parse(template) if name]
    except ValueError:
        return []


def template_problem(template: str) -> str | None:
    """What is wrong with ``template``, in Norwegian, or None."""
    try:
        names = [name for _, name, _, _ in _FORMATTER.parse(template) if name is not None]
    except ValueError:
        return ("en krøllparentes står alene; feltnavn skrives {slik}, og en vanlig krøllparentes "
                "skrives dobbelt: {{ eller }}")
    for name in names:
        if not name.isidentifier():
            shown = "{" + name + "}"
            return f"«{shown}» er ikke et feltnavn; skriv et navn i krøllparenteser, f.eks. {{heading}}"
    return None
