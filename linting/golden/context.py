"""The HØP priorities a business plan or annual report is checked against: run-time data
from other documents, carried in the lint context (``CheckContext.hop_priorities``), never
inside the pack.

The checks that compare a document with the HØP (`unit-priority-unmatched`,
`report-priority-unanswered`, `report-answer-unmatched`) read them from the context:

- the CLI: ``planvakt check --rules arsrapport --chapters hop/ rapport.md``;
- the bot: ``lint_document(document, load_pack("arsrapport"), hop_priorities=stored_chapters)``,
  with the priorities it keeps per sector draft;
- a pack may also declare a fixed set in YAML (`golden.hop_priorities`), used when none
  are given at run time.

Without HØP priorities those checks do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from planvakt.linting.errors import InputError, PlanvaktError
from planvakt.linting.golden.extract import DocumentPriorities, PriorityRecord, read_priorities
from planvakt.linting.rulepack.model import RulePack

HopSource = Iterable[DocumentPriorities | PriorityRecord | Mapping[str, Any]]


def hop_records(chapters: HopSource) -> tuple[PriorityRecord, ...]:
    """The HØP priorities of ``chapters`` (read chapters, records, or their stored dicts), as records."""
    records: list[PriorityRecord] = []
    for item in chapters:
        if isinstance(item, DocumentPriorities):
            records.extend(item.priorities)
        elif isinstance(item, PriorityRecord):
            records.append(item)
        else:
            records.append(PriorityRecord.from_dict(dict(item)))
    return tuple(records)


def hop_priorities(pack: RulePack, given: HopSource | None = None) -> tuple[PriorityRecord, ...] | None:
    """The HØP priorities a document is checked against: ``given`` at run time, else those the
    pack declares (`golden.hop_priorities`), else None."""
    if given is not None:
        return hop_records(given)
    declared = pack.golden.hop_priorities
    return hop_records(declared) if declared is not None else None


def chapter_pack(pack: RulePack) -> RulePack:
    """The pack the HØP chapters follow (`golden.chapter_rules`, by default `sektorkapittel`);
    a path is relative to ``pack``'s file."""
    from planvakt.linting.rulepack.loader import DEFAULT_PACK, load_pack

    name = pack.golden.chapter_rules or DEFAULT_PACK
    if name.endswith((".yaml", ".yml")) and not Path(name).is_absolute():
        name = str(Path(pack.path).parent / name)
    return load_pack(name)


def read_chapters(paths: Iterable[str | Path], pack: RulePack) -> tuple[list[DocumentPriorities], list[PlanvaktError]]:
    """Read HØP chapters; files that cannot be read come back as errors (one line each)."""
    from planvakt.linting.readers import read_path

    chapters, errors = [], []
    for path in paths:
        try:
            chapters.append(read_priorities(read_path(path), pack, kind="chapter"))
        except PlanvaktError as error:
            errors.append(error if error.path else InputError(error.message, path=str(path)))
    return chapters, errors
