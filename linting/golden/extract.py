"""The priorities of a document, as plain records that can be stored and compared.

A sector chapter, a business plan and an annual report all put their priorities under
the focus areas: :func:`read_priorities` finds them with the engine's outline (so every
reader, heading variant and placeholder rule applies) and keeps, per priority, only what
the golden thread needs: the text, the goals it cites, where it stands. For an annual
report it also reads the answer: «Oppnådd», «Delvis oppnådd» or «Ikke oppnådd», and the
sentence that follows.

These records are what the Slack bot stores per draft (not the draft's whole text):
``DocumentPriorities.to_dict()`` / ``DocumentPriorities.from_dict()``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from planvakt.linting.document import Document
from planvakt.linting.golden.config import STATUSES, GoldenConfig, golden_config
from planvakt.linting.nlp.language import detect_language
from planvakt.linting.outline import Outline, build_outline, priorities
from planvakt.linting.rulepack.model import RulePack

KINDS = ("chapter", "plan", "report")
_NUMBERING = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*\.?\s+")
_SPACES = re.compile(r"\s+")
_YEARS = re.compile(r"\b(?:19|20)\d\d(?:\s*[–—-]\s*(?:19|20)?\d\d)?\b")
_SEPARATORS = " \t–—-:,.;/|"


@dataclass(frozen=True, slots=True)
class PriorityRecord:
    """One priority (or, in an annual report, one answer)."""

    id: str                  # stable within one build: «oppvekst-og-utdanning-3»
    source: str              # the sector, the unit, or the report's title
    area: str                # the focus area it belongs to (by its goals, see written_under)
    text: str                # as written, without the goal reference at the end
    goals: tuple[str, ...]   # cited goal ids, in order, without repeats
    line: int = 0
    path: str = ""
    language: str = "nb"
    written_under: str = ""  # the focus-area heading it stands under, if not ``area``
    status: str | None = None  # annual report: achieved, partly, not, or None (no answer found)
    answer: str = ""         # annual report: what follows the status

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "sector": self.source, "area": self.area, "text": self.text,
                                "goals": list(self.goals), "path": self.path, "line": self.line,
                                "language": self.language}
        if self.written_under and self.written_under != self.area:
            data["written_under"] = self.written_under
        if self.status is not None or self.answer:
            data["status"] = self.status
            data["answer"] = self.answer
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PriorityRecord:
        return cls(id=str(data.get("id", "")), source=str(data.get("sector") or data.get("source") or ""),
                   area=str(data.get("area", "")), text=str(data.get("text", "")),
                   goals=tuple(str(goal) for goal in data.get("goals", ())), line=int(data.get("line") or 0),
                   path=str(data.get("path", "")), language=str(data.get("language", "nb")),
                   written_under=str(data.get("written_under") or data.get("area", "")), status=data.get("status"),
                   answer=str(data.get("answer", "")))


@dataclass(slots=True)
class DocumentPriorities:
    """The priorities of one document: a sector chapter, a business plan or an annual report."""

    kind: str                 # chapter, plan or report
    name: str                 # the sector, the unit, or the report's title
    path: str
    language: str
    title: str | None = None
    priorities: list[PriorityRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "path": self.path, "language": self.language,
                "title": self.title, "priorities": [p.to_dict() for p in self.priorities]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentPriorities:
        return cls(kind=data.get("kind", "chapter"), name=data.get("name", ""), path=data.get("path", ""),
                   language=data.get("language", "nb"), title=data.get("title"),
                   priorities=[PriorityRecord.from_dict(p) for p in data.get("priorities", ())])


def read_priorities(document: Document, pack: RulePack, *, kind: str | None = None,
                    name: str | None = None, language: str | None = None) -> DocumentPriorities:
    """The priorities of ``document``, read with ``pack``.

    ``kind`` defaults to the pack's `golden.role` (`chapter` for sector chapters); ``name``
    to the document's title (a sector's name), with the pack's `match_title` words and
    years removed for business plans and reports («Virksomhetsplan 2021 – Nordbyen skole»
    → «Nordbyen skole»).
    """
    if language is None:
        sample = "\n".join([h.text for h in document.headings] + [b.text for b in document.all_blocks()[:400]])
        language = detect_language(sample, pack)
    return from_outline(build_outline(document, pack, language), pack, language, kind=kind, name=name)


def from_outline(outline: Outline, pack: RulePack, language: str, *, kind: str | None = None,
                 name: str | None = None) -> DocumentPriorities:
    """:func:`read_priorities` for an outline the engine has already built."""
    config = golden_config(pack)
    kind = kind or config.role
    document = outline.document
    title = outline.title_text
    if name is None:
        name = document_name(title, document.path, pack if kind != "chapter" else None)
    slug = slugify(name) or "dokument"
    records: list[PriorityRecord] = []
    for area in pack.focus_areas:
        section = outline.areas.get(area.id)
        if section is None:
            continue
        for priority in priorities(section, pack):
            goals = tuple(dict.fromkeys(citation.goal for citation in priority.citations))
            status, answer, text = None, "", priority.block.text
            if kind == "report":
                status, answer, text = split_answer(_SPACES.sub(" ", text).strip(), config)
            text = clean_text(text, pack) if text else ""
            records.append(PriorityRecord(
                id=f"{slug}-{len(records) + 1}", source=name, area=home_area(goals, area.id, pack), text=text,
                goals=goals, line=priority.block.line, path=document.path, language=language,
                written_under=area.id, status=status, answer=answer))
    return DocumentPriorities(kind=kind, name=name, path=document.path, language=language, title=title,
                              priorities=records)


def home_area(goals: tuple[str, ...], written_under: str, pack: RulePack) -> str:
    """The focus area a priority belongs to: where it stands, unless every goal it cites
    belongs to another area (the guide: a priority belongs under its goal's area)."""
    areas = []
    for goal_id in goals:
        goal = pack.plan.goal(goal_id)
        area = pack.plan.area(goal.area) if goal else None
        if area is not None and not area.cross_cutting and any(a.id == area.id for a in pack.focus_areas):
            areas.append(area.id)
    if not areas or written_under in areas:
        return written_under
    return areas[0]


def clean_text(text: str, pack: RulePack) -> str:
    """One line, without a goal reference at the very end: «… store (mål 1.1).» and
    «… store, jf. samfunnsdelens mål 1.1.» both become «… store.»."""
    text = _SPACES.sub(" ", text).strip()
    found = list(pack.citation.finditer(text))
    if not found or not re.fullmatch(r"[\s).;,]*", text[found[-1].end():]):
        return text
    start = found[-1].start()
    opening = text.rfind("(", 0, start)
    if opening != -1 and ")" not in text[opening:start]:
        head = text[:opening]                      # «… (HØP Oppvekst og utdanning, mål 1.1).»
    else:
        head = re.sub(r"(?i)(?:\b(?:jf|jfr|sjå|se)\.?\s+(?:\w+\s+){0,2})?$", "", text[:start])
    head = head.rstrip(" ,;:–—-")
    if not head:
        return text
    return head if head.endswith((".", "!", "?")) else head + ("." if text.endswith(".") else "")


def split_answer(text: str, config: GoldenConfig) -> tuple[str | None, str, str]:
    """(status, the sentence after it, the priority before it) of an annual report's item.

    The status is one of the pack's answer words (`golden.answers`), written as a label:
    at the start of the item or of a sentence and followed by «.», «:» or a dash
    («Oppnådd: …», «… (mål 1.1). Delvis oppnådd. …»), or after «Status:» anywhere.
    """
    words = sorted(((word, status) for status in STATUSES for word in config.answers[status].words),
                   key=lambda item: -len(item[0]))
    folded = text.casefold()
    for start in _label_starts(text):
        position = start
        while position < len(text) and text[position] in "*_ ":
            position += 1
        status_prefix = re.match(r"status\s*:\s*[*_]*", folded[position:])
        after_status = bool(status_prefix)
        if status_prefix:
            position += status_prefix.end()
        for word, status in words:
            if not folded.startswith(word, position):
                continue
            end = position + len(word)
            rest = text[end:]
            boundary = re.match(r"[*_]*\s*(?:[.:!–—-]|$)", rest) or (after_status and re.match(r"[*_]*(?:\s|$)", rest))
            if not boundary:
                continue
            answer = rest[boundary.end():].lstrip(" *_.:–—-").rstrip(" *_")
            priority = text[:start].strip(" *_")
            return status, answer, priority
    return None, "", text


def _label_starts(text: str) -> list[int]:
    starts = [0]
    starts += [m.end() for m in re.finditer(r"[.!?:)]\s+", text)]
    starts += [m.start() for m in re.finditer(r"(?i)\bstatus\s*:", text)]
    return sorted(set(starts))


def document_name(title: str | None, path: str, pack: RulePack | None = None) -> str:
    """A sector's or unit's name: the title, numbering (and for plans and reports, the
    pack's `match_title` words and years) removed; else the file name."""
    name = _NUMBERING.sub("", title or "").strip()
    if name and pack is not None:
        stripped = strip_title_words(name, tuple(pack.data.get("match_title", ())))
        name = stripped or name
    if name:
        return name
    stem = Path(path).stem if path and path != "-" else ""
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Uten tittel"


def strip_title_words(title: str, words: tuple[str, ...]) -> str:
    """«Virksomhetsplan 2021 – Nordbyen skole» → «Nordbyen skole»."""
    text = title
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(rf"(?i)\b{re.escape(word)}\w*(?:\s+(?:for|til|frå|fra|i))?", " ", text)
    text = _YEARS.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(_SEPARATORS)
    return text[:1].upper() + text[1:] if text else ""


def slugify(text: str) -> str:
    """«Oppvekst og utdanning» → «oppvekst-og-utdanning» (æ, ø, å kept as ae, o, a)."""
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def with_ids(records: list[PriorityRecord], slug: str) -> list[PriorityRecord]:
    return [replace(record, id=f"{slug}-{index}") for index, record in enumerate(records, 1)]
