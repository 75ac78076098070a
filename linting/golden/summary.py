"""Chapter 4 («Kapittel 4 – Satsingsområder»): every sector's priorities, per focus area.

The guide (§6): chapter 4 sums up what the municipality will work on in the four years –
all the sectors' priorities, gathered per focus area, with the sector and the goals of the
community plan. :func:`build_summary` builds it from the sector chapters (or from the
priorities the bot stored per draft), and flags what a coordinator must look at: goals no
sector works on, near-duplicate priorities across sectors, priorities that stood under
another focus area than their goal's, and sectors with nothing under a focus area.

The bot's `/planvakt kapittel4` calls::

    chapter4 = build_summary(stored_drafts, load_pack("sektorkapittel"))
    data = render_docx(chapter4)        # bytes of a .docx to upload

where ``stored_drafts`` are :class:`DocumentPriorities` (or their ``to_dict()``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planvakt.linting.document import Document
from planvakt.linting.golden.config import golden_config
from planvakt.linting.golden.extract import DocumentPriorities, PriorityRecord, read_priorities
from planvakt.linting.golden.link import duplicates, prepare, unique_ids
from planvakt.linting.golden.matching import Similarity
from planvakt.linting.rulepack.model import FocusArea, Goal, RulePack

SUMMARY_VERSION = 1
DEFAULT_TITLE = "Kapittel 4 – Satsingsområder"

Source = Document | DocumentPriorities | dict | str | Path


@dataclass(slots=True)
class Duplicate:
    first: PriorityRecord
    second: PriorityRecord
    similarity: Similarity


@dataclass(slots=True)
class AreaSummary:
    area: FocusArea
    priorities: list[PriorityRecord] = field(default_factory=list)


@dataclass(slots=True)
class Chapter4:
    title: str
    plan_name: str
    sectors: list[DocumentPriorities]
    areas: list[AreaSummary]
    uncovered_goals: list[Goal]
    near_duplicates: list[Duplicate]

    @property
    def priorities(self) -> list[PriorityRecord]:
        return [record for area in self.areas for record in area.priorities]

    @property
    def moved(self) -> list[PriorityRecord]:
        return [record for record in self.priorities if record.written_under and record.written_under != record.area]

    def empty_areas(self) -> list[tuple[str, list[str]]]:
        """(sector, names of the focus areas where it has no priority), for sectors with gaps."""
        found = []
        for sector in self.sectors:
            have = {record.area for record in self.priorities if record.source == sector.name}
            missing = [area.area.name for area in self.areas if area.area.id not in have]
            if missing:
                found.append((sector.name, missing))
        return found

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON (docs/golden-thread.md)."""
        return {
            "version": SUMMARY_VERSION,
            "title": self.title,
            "plan": self.plan_name,
            "sectors": [{"name": s.name, "path": s.path, "priorities": len(s.priorities)} for s in self.sectors],
            "focus_area_names": {area.area.id: area.area.name for area in self.areas},
            "focus_areas": {area.area.id: [_entry(record) for record in area.priorities] for area in self.areas},
            "uncovered_goals": [goal.id for goal in self.uncovered_goals],
            "near_duplicates": [{"similarity": round(d.similarity.union, 2),
                                 "priorities": [d.first.id, d.second.id]} for d in self.near_duplicates],
        }


def _entry(record: PriorityRecord) -> dict[str, Any]:
    data = {"id": record.id, "sector": record.source, "text": record.text, "goals": list(record.goals),
            "path": record.path, "line": record.line}
    if record.written_under and record.written_under != record.area:
        data["written_under"] = record.written_under
    return data


def load_sources(sources: Iterable[Source], pack: RulePack, kind: str = "chapter") -> list[DocumentPriorities]:
    """Documents, paths, stored records (or their dicts) → :class:`DocumentPriorities`."""
    from planvakt.linting.readers import read_path

    loaded = []
    for source in sources:
        if isinstance(source, DocumentPriorities):
            loaded.append(source)
        elif isinstance(source, dict):
            loaded.append(DocumentPriorities.from_dict(source))
        elif isinstance(source, Document):
            loaded.append(read_priorities(source, pack, kind=kind))
        elif isinstance(source, (str, Path)):
            loaded.append(read_priorities(read_path(source), pack, kind=kind))
        else:  # e.g. a FileReport: it has the findings, not the priorities
            raise TypeError(f"expected a Document, DocumentPriorities, its dict or a path, not {type(source).__name__}")
    return unique_ids(loaded)


def build_summary(sources: Iterable[Source], pack: RulePack, *, title: str = DEFAULT_TITLE) -> Chapter4:
    """Chapter 4 from the sector chapters, read with ``pack`` (the sector-chapter pack).

    ``sources`` may be parsed :class:`~planvakt.linting.document.Document` s, paths, or the priorities
    stored per draft (:class:`DocumentPriorities` or its ``to_dict()``). Every priority
    appears once, under the focus area of the goals it cites (where it stands, if it cites
    none of another area's goals), ordered by goal and then by sector.
    """
    sectors = load_sources(sources, pack)
    records = [record for sector in sectors for record in sector.priorities]
    goal_rank = {goal.id: index for index, goal in enumerate(g for a in pack.plan.focus_areas for g in a.goals)}
    sector_rank = {sector.name: index for index, sector in enumerate(sectors)}
    areas = []
    for area in pack.focus_areas:
        found = [record for record in records if record.area == area.id]
        found.sort(key=lambda r: (min((goal_rank.get(g, 10_000) for g in r.goals), default=10_000),
                                  sector_rank.get(r.source, 0), r.line))
        areas.append(AreaSummary(area, found))
    cited = {goal for record in records for goal in record.goals}
    uncovered = [goal for area in pack.focus_areas if not area.cross_cutting for goal in area.goals
                 if goal.id not in cited]
    matching = golden_config(pack).matching
    pairs = duplicates(prepare(records, pack, matching), matching)
    return Chapter4(title=title, plan_name=pack.plan.name, sectors=sectors, areas=areas, uncovered_goals=uncovered,
                    near_duplicates=[Duplicate(a, b, s) for a, b, s in pairs])


# --- rendering ---------------------------------------------------------------------


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" og {items[-1]}" if len(items) > 1 else "".join(items)


def _source_note(record: PriorityRecord) -> str:
    goals = f" – mål {_and(list(record.goals))}" if record.goals else " – viser ikke til mål"
    return f"{record.source}{goals}"


def _notes(chapter: Chapter4) -> list[tuple[str, list[str]]]:
    """The coordinator's notes: (heading, lines)."""
    names = {area.area.id: area.area.name for area in chapter.areas}
    notes: list[tuple[str, list[str]]] = []
    if chapter.uncovered_goals:
        notes.append(("Mål ingen sektor arbeider med", [
            f"{goal.id} {goal.text} ({names.get(goal.area, goal.area)})" for goal in chapter.uncovered_goals]))
    if chapter.near_duplicates:
        notes.append(("Prioriteringer som ligner hverandre", [
            f"«{d.first.text}» ({d.first.source}) og «{d.second.text}» ({d.second.source}). "
            "Vurder å slå dem sammen, eller skriv tydelig hvem som gjør hva." for d in chapter.near_duplicates]))
    if chapter.moved:
        notes.append(("Flyttet til målets satsingsområde", [
            f"«{r.text}» ({r.source}) står under «{names.get(r.written_under, r.written_under)}», men viser til "
            f"mål {_and(list(r.goals))} og er tatt med under «{names.get(r.area, r.area)}»." for r in chapter.moved]))
    empty = chapter.empty_areas()
    if empty:
        notes.append(("Sektorer uten prioriteringer under et satsingsområde", [
            f"{sector}: {_and(areas)}" for sector, areas in empty]))
    return notes


def _intro(chapter: Chapter4) -> str:
    sectors = _and([f"«{sector.name}»" for sector in chapter.sectors])  # names hold «og» themselves
    count = len(chapter.priorities)
    return (f"Kapitlet samler prioriteringene fra sektorkapitlene, per satsingsområde i {chapter.plan_name[:1].lower()}"
            f"{chapter.plan_name[1:]}. Det bygger på {len(chapter.sectors)} "
            f"{'sektorkapittel' if len(chapter.sectors) == 1 else 'sektorkapitler'} ({sectors}) og har "
            f"{count} {'prioritering' if count == 1 else 'prioriteringer'}.")


def _sdgs(area: FocusArea) -> str:
    return f"Bærekraftsmål {_and([str(n) for n in area.sdgs])}." if area.sdgs else ""


def render_markdown(chapter: Chapter4) -> str:
    lines = [f"# {chapter.title}", "", _intro(chapter), ""]
    for area in chapter.areas:
        lines += [f"## {area.area.name}", ""]
        if sdgs := _sdgs(area.area):
            lines += [f"*{sdgs}*", ""]
        if not area.priorities:
            lines += ["Ingen sektor har prioriteringer her ennå.", ""]
        for record in area.priorities:
            lines.append(f"- {record.text} *({_source_note(record)})*")
        lines.append("")
    notes = _notes(chapter)
    if notes:
        lines += ["## Merknader til koordinator", "",
                  "*Denne delen er for den som setter sammen kapitlet, og skal ikke med i planen.*", ""]
        for heading, items in notes:
            lines += [f"### {heading}", ""] + [f"- {item}" for item in items] + [""]
    return "\n".join(lines).rstrip() + "\n"


def render_docx(chapter: Chapter4) -> bytes:
    """Chapter 4 as a Word document (bytes), in the same layout as :func:`render_markdown`."""
    from docx import Document as WordDocument

    word = WordDocument()
    word.core_properties.title = chapter.title
    word.add_heading(chapter.title, level=1)
    word.add_paragraph(_intro(chapter))
    for area in chapter.areas:
        word.add_heading(area.area.name, level=2)
        if sdgs := _sdgs(area.area):
            word.add_paragraph().add_run(sdgs).italic = True
        if not area.priorities:
            word.add_paragraph("Ingen sektor har prioriteringer her ennå.")
        for record in area.priorities:
            paragraph = word.add_paragraph(style="List Bullet")
            paragraph.add_run(record.text + " ")
            paragraph.add_run(f"({_source_note(record)})").italic = True
    notes = _notes(chapter)
    if notes:
        word.add_heading("Merknader til koordinator", level=2)
        word.add_paragraph().add_run("Denne delen er for den som setter sammen kapitlet, "
                                     "og skal ikke med i planen.").italic = True
        for heading, items in notes:
            word.add_heading(heading, level=3)
            for item in items:
                word.add_paragraph(item, style="List Bullet")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
