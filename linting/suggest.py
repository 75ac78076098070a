"""«Mente du …?»: the one way a misspelt name gets a suggestion, wherever it is typed."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable


def closest(name: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The candidate ``name`` most likely meant, or None when none is close enough."""
    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(name: str, candidates: Iterable[str], *, cutoff: float = 0.6, otherwise: str = "",
                 shown: Callable[[str], str] = str) -> str:
    """« Mente du «heading-missing»?» (with its leading space), else ``otherwise``.

    ``shown`` formats the suggestion, e.g. ``lambda name: "{" + name + "}"`` for a message field.
    """
    match = closest(name, candidates, cutoff=cutoff)
    return f" Mente du «{shown(match)}»?" if match is not None else otherwise
