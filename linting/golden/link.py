"""Linking priorities across documents: which HØP priority does this one follow up?

A business plan's priority (or an annual report's answer) follows up every HØP priority it
matches (:func:`planvakt.linting.golden.matching.is_match`): a unit that writes one priority for
two near-identical HØP priorities from two sectors follows up both. A gap is therefore
only marked when nothing similar enough exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from dataclasses import replace as _replace

from planvakt.linting.golden.config import Matching
from planvakt.linting.golden.extract import DocumentPriorities, PriorityRecord
from planvakt.linting.golden.matching import (
    Bag,
    Similarity,
    bag_of,
    is_duplicate,
    is_match,
    strip_references,
)
from planvakt.linting.rulepack.model import RulePack


@dataclass(frozen=True, slots=True)
class Prepared:
    record: PriorityRecord
    bag: Bag


@dataclass(slots=True)
class Link:
    target: PriorityRecord       # the HØP priority
    source: PriorityRecord       # the unit's priority or the report's answer
    similarity: Similarity


@dataclass(slots=True)
class Links:
    by_target: dict[str, list[Link]] = field(default_factory=dict)  # HØP priority id → links, best first
    unmatched: list[PriorityRecord] = field(default_factory=list)   # sources that follow up nothing


def prepare(records: Iterable[PriorityRecord], pack: RulePack, matching: Matching) -> list[Prepared]:
    return [Prepared(record, bag_of(match_text(record, pack), record.language, matching)) for record in records]


def match_text(record: PriorityRecord, pack: RulePack) -> str:
    """The words a priority is compared on: its text without references (for a report
    answer that starts with its status, the answer)."""
    return strip_references(record.text or record.answer, pack.citation)


def link(targets: list[Prepared], sources: list[Prepared], matching: Matching) -> Links:
    links = Links(by_target={target.record.id: [] for target in targets})
    for source in sources:
        found = False
        for target in targets:
            similarity = is_match(target.record.goals, target.bag, source.record.goals, source.bag, matching)
            if similarity is not None:
                links.by_target[target.record.id].append(Link(target.record, source.record, similarity))
                found = True
        if not found:
            links.unmatched.append(source.record)
    for found_links in links.by_target.values():
        found_links.sort(key=lambda item: -item.similarity.containment)
    return links


def duplicates(prepared: list[Prepared], matching: Matching) -> list[tuple[PriorityRecord, PriorityRecord, Similarity]]:
    """Pairs of near-identical priorities from different sources (sectors)."""
    pairs = []
    for index, first in enumerate(prepared):
        for second in prepared[index + 1:]:
            if first.record.source == second.record.source:
                continue
            similarity = is_duplicate(first.bag, second.bag, matching)
            if similarity is not None:
                pairs.append((first.record, second.record, similarity))
    return pairs


def unique_ids(documents: list[DocumentPriorities]) -> list[DocumentPriorities]:
    """Make priority ids unique across documents (two drafts with the same name)."""
    seen: dict[str, int] = {}
    result = []
    for document in documents:
        records = []
        for record in document.priorities:
            count = seen.get(record.id, 0)
            seen[record.id] = count + 1
            records.append(record if not count else _replace(record, id=f"{record.id}~{count + 1}"))
        result.append(DocumentPriorities(document.kind, document.name, document.path, document.language,
                                         document.title, records))
    return result
