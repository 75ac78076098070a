"""Choosing a rule pack from a document's title, when the user names none.

Each pack may list `match_title` words in its YAML: a title matches when one of them
starts a word of the title, in any case and inflection («Virksomhetsplan 2021 – Nordbyen
skole», «Nordbyen skoles virksomhetsplan», «Årsrapporten 2021»). The CLI (`planvakt check`
without `--rules`) and the bot both use :func:`pack_for_title`:

- one pack matches: use it;
- none matches: use the default pack (`sektorkapittel`), as for a sector chapter;
- several match («Årsrapport og virksomhetsplan 2021»): unclear. The CLI uses the default
  and says so; the bot asks the writer (:func:`candidates_for_title` gives the choices).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from planvakt.linting.document import Document
from planvakt.linting.errors import PlanvaktError
from planvakt.linting.rulepack.loader import builtin_packs, load_pack
from planvakt.linting.rulepack.model import RulePack

_MAX_TITLE_WORDS = 14


def title_words(pack: RulePack) -> tuple[str, ...]:
    return tuple(pack.data.get("match_title") or ())


def matches_title(title: str, words: Iterable[str]) -> bool:
    folded = title.casefold()
    return any(re.search(rf"(?<!\w){re.escape(word.casefold())}", folded) for word in words)


def candidates_for_title(title: str | None, packs: Iterable[str | Path | RulePack] | None = None) -> list[str]:
    """Names of the packs whose `match_title` matches ``title`` (built-in packs by default)."""
    if not title or not title.strip():
        return []
    found = []
    for pack in _packs(packs):
        if matches_title(title, title_words(pack)):
            found.append(pack.name)
    return found


def pack_for_title(title: str | None, packs: Iterable[str | Path | RulePack] | None = None) -> str | None:
    """The one pack the title names, or None when none or several match (see the module)."""
    found = candidates_for_title(title, packs)
    return found[0] if len(found) == 1 else None


def document_title(document: Document) -> str | None:
    """The document's title as a reader sees it: its first heading, or a short first line."""
    if document.headings and not document.preamble:
        return document.headings[0].text.strip() or None
    if document.preamble:
        first = document.preamble[0].text.strip()
        if first and len(first.split()) <= _MAX_TITLE_WORDS and not first.endswith((".", "!", "?")):
            return first
    return document.headings[0].text.strip() if document.headings else None


def _packs(packs: Iterable[str | Path | RulePack] | None) -> list[RulePack]:
    chosen = list(builtin_packs().values()) if packs is None else list(packs)
    loaded = []
    for item in chosen:
        if isinstance(item, RulePack):
            loaded.append(item)
            continue
        try:
            loaded.append(load_pack(str(item)))
        except PlanvaktError:  # a broken pack is reported when it is used, not when choosing
            continue
    return loaded
