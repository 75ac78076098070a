"""Giving a business-plan or annual-report pack the HØP priorities to check against.

The checks that compare a document with the HØP (`unit-priority-unmatched`,
`report-priority-unanswered`) read the HØP priorities from the pack, under
`golden.hop_priorities`, in the same shape as the entries of `planvakt summary --format
json`. A pack can list them in YAML, but usually they are attached at run time:

- the CLI: ``planvakt check --rules arsrapport --chapters hop/ rapport.md``;
- the bot: ``with_hop_priorities(load_pack("arsrapport"), stored_chapters)``, with the
  priorities it keeps per sector draft.

Without HØP priorities those two checks do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from planvakt.linting.errors import InputError, PlanvaktError
from planvakt.linting.golden.config import golden_config
from planvakt.linting.golden.extract import DocumentPriorities, PriorityRecord, read_priorities
from planvakt.linting.rulepack.model import RulePack


def with_hop_priorities(pack: RulePack, chapters: Iterable[DocumentPriorities | PriorityRecord | dict]) -> RulePack:
    """A copy of ``pack`` that knows the HØP priorities (the loaded pack is not changed)."""
    records: list[dict] = []
    for item in chapters:
        if isinstance(item, DocumentPriorities):
            records.extend(record.to_dict() for record in item.priorities)
        elif isinstance(item, PriorityRecord):
            records.append(item.to_dict())
        else:
            records.append(dict(item))
    golden = dict(pack.data.get("golden") or {})
    golden["hop_priorities"] = records
    return replace(pack, data={**pack.data, "golden": golden})


def hop_priorities(pack: RulePack) -> list[PriorityRecord] | None:
    """The HØP priorities attached to ``pack``, or None if it has none."""
    found = golden_config(pack).hop_priorities
    if found is None:
        return None
    return [PriorityRecord.from_dict(item) for item in found]


def chapter_pack(pack: RulePack) -> RulePack:
    """The pack the HØP chapters follow (`golden.chapter_rules`, by default `sektorkapittel`);
    a path is relative to ``pack``'s file."""
    from planvakt.linting.rulepack.loader import DEFAULT_PACK, load_pack

    name = (pack.data.get("golden") or {}).get("chapter_rules") or DEFAULT_PACK
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
