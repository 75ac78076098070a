"""Sectors as they stand: the file overlaid with chat assignments, each with its newest version,
sorted by risk, and the views the status answers, the App Home tab and the digest are made of.

Plain data; :mod:`planvakt.bot.progress.render` turns it into text and :mod:`planvakt.bot.slack.progress`
into Block Kit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from planvakt.bot.progress.settings import SectorConfig

NO_DEADLINE_DAYS = 60        # a sector without a deadline weighs as if it had this many days left
NAME_MIN = 4                 # a title shorter than this never names a sector


# --- what the store keeps (it stores these types; they are not its rows) --------------------


@dataclass(frozen=True, slots=True)
class Assignment:
    sector_id: str
    owner: str
    deadline: date | None
    assigned_by: str
    assigned_at: datetime


@dataclass(frozen=True, slots=True)
class VersionSummary:
    """What a check leaves behind for progress: counts, checklist and progress. No text."""

    errors: int
    warnings: int
    suggestions: int
    done: int
    total: int
    checklist: list[dict[str, Any]]
    sections: dict[str, str] = field(default_factory=dict)
    focus_areas: dict[str, str] = field(default_factory=dict)
    plan_link: str = ""
    ruleset: str = ""
    source: str = ""

    @classmethod
    def from_report(cls, report: dict[str, Any]) -> VersionSummary:
        """From the report's JSON contract (``FileReport.to_dict()``), ignoring findings and title."""
        summary = report.get("summary", {})
        progress = summary.get("progress", {})
        checklist = [{key: item.get(key) for key in ("id", "label", "status", "done", "level")}
                     for item in summary.get("checklist", [])]
        return cls(errors=int(summary.get("errors", 0)), warnings=int(summary.get("warnings", 0)),
                   suggestions=int(summary.get("suggestions", 0)), done=int(progress.get("done", 0)),
                   total=int(progress.get("total", 0)), checklist=checklist,
                   sections=dict(summary.get("sections", {})), focus_areas=dict(summary.get("focus_areas", {})),
                   plan_link=str(summary.get("plan_link", "")), ruleset=str(report.get("ruleset", "")),
                   source=str(report.get("source", "")))


@dataclass(frozen=True, slots=True)
class DraftVersion:
    id: str
    sector_id: str | None
    user: str
    checked_at: datetime
    summary: VersionSummary
    choices: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.summary.total > 0 and self.summary.done == self.summary.total and self.summary.errors == 0



# --- sectors --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sector:
    """A sector as it is now: the file's, with owner and deadline from ``/planvakt tildel`` if set."""

    id: str
    name: str
    owner: str | None
    writers: tuple[str, ...]
    deadline: date | None
    aliases: tuple[str, ...] = ()
    assigned_in_chat: bool = False

    def involves(self, user: str) -> bool:
        return user == self.owner or user in self.writers


def effective_sectors(configured: tuple[SectorConfig, ...], assignments: dict[str, Assignment]) -> list[Sector]:
    sectors = []
    for sector in configured:
        assigned = assignments.get(sector.id)
        sectors.append(Sector(
            id=sector.id, name=sector.name, writers=sector.writers, aliases=sector.aliases,
            owner=assigned.owner if assigned else sector.owner,
            deadline=(assigned.deadline or sector.deadline) if assigned else sector.deadline,
            assigned_in_chat=assigned is not None))
    return sectors


# --- finding sectors by name ---------------------------------------------------------------

_NON_WORD = re.compile(r"[^\wæøå]+")


def normalise(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def _names(sector: Sector) -> list[str]:
    return [normalise(name) for name in (sector.name, *sector.aliases) if normalise(name)]


def title_names(sector: Sector, title: str | None) -> bool:
    """Does a chapter title name this sector? «3.1 Oppvekst og utdanning» names «Oppvekst og utdanning»."""
    wanted = normalise(title or "")
    if len(wanted) < NAME_MIN:
        return False
    padded = f" {wanted} "
    return any(f" {name} " in padded or (len(wanted) >= NAME_MIN and f" {wanted} " in f" {name} ")
               for name in _names(sector))


def find_sectors(sectors: list[Sector], words: str) -> list[Sector]:
    """Sectors a user means by ``words``: the id, the name or an alias; else a unique beginning or part."""
    wanted = normalise(words)
    if not wanted:
        return []
    exact = [s for s in sectors if wanted == normalise(s.id) or wanted in _names(s)]
    if exact:
        return exact
    starts = [s for s in sectors if normalise(s.id).startswith(wanted)
              or any(name.startswith(wanted) for name in _names(s))]
    if starts:
        return starts
    return [s for s in sectors if len(wanted) >= 3 and any(wanted in name for name in _names(s))]


# --- status --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gap:
    label: str
    status: str        # missing, empty, unlinked, …
    level: int


def gaps(version: DraftVersion | None) -> list[Gap]:
    """What remains in a version's checklist (items not done)."""
    if version is None:
        return []
    return [Gap(str(item.get("label") or item.get("id")), str(item.get("status", "")), int(item.get("level") or 2))
            for item in version.summary.checklist if not item.get("done")]


@dataclass(frozen=True, slots=True)
class SectorStatus:
    sector: Sector
    latest: DraftVersion | None
    versions: int
    days_left: int | None          # None: no deadline; negative: overdue

    @property
    def complete(self) -> bool:
        return self.latest is not None and self.latest.complete

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0 and not self.complete

    @property
    def progress(self) -> tuple[int, int] | None:
        return (self.latest.summary.done, self.latest.summary.total) if self.latest else None

    @property
    def errors(self) -> int:
        return self.latest.summary.errors if self.latest else 0

    def risk_key(self) -> tuple[int, float, str]:
        """Overdue first (most overdue first), then the most left to do per day left; complete last."""
        if self.complete:
            return (2, 0.0, self.sector.name.casefold())
        if self.overdue:
            return (0, float(self.days_left or 0), self.sector.name.casefold())
        if self.latest is None or not self.latest.summary.total:
            missing = 1.0
        else:
            missing = 1 - self.latest.summary.done / self.latest.summary.total
        weight = missing + 0.05 * min(self.errors, 10)
        days = NO_DEADLINE_DAYS if self.days_left is None else self.days_left
        return (1, -weight / max(days, 1), self.sector.name.casefold())


def sector_status(sector: Sector, latest: tuple[DraftVersion, int] | None, today: date) -> SectorStatus:
    version, count = latest if latest else (None, 0)
    days = (sector.deadline - today).days if sector.deadline else None
    return SectorStatus(sector=sector, latest=version, versions=count, days_left=days)


@dataclass(frozen=True, slots=True)
class Overview:
    """The status of the sectors a user may see, sorted by risk."""

    rows: tuple[SectorStatus, ...]
    everyone: bool                         # a coordinator's view of every sector
    now: datetime
    zone: ZoneInfo
    columns: tuple[tuple[str, str], ...]   # the matrix: (id, label), sections first, plan link last
    new_versions: int | None = None        # the digest: versions checked in the last week

    @property
    def complete(self) -> int:
        return sum(row.complete for row in self.rows)


@dataclass(frozen=True, slots=True)
class SectorDetail:
    status: SectorStatus
    history: tuple[DraftVersion, ...]      # newest first
    now: datetime
    zone: ZoneInfo


@dataclass(frozen=True, slots=True)
class SectorChoice:
    """«Which sector is this draft for?»: the options as buttons (and a way to say «none»)."""

    version_id: str
    options: tuple[tuple[str, str], ...]   # (sector id, name)
    title_named: str | None = None         # a sector the title names that the writer isn't in


@dataclass(frozen=True, slots=True)
class Text:
    """A progress answer that is just text, naming people as Slack mentions (``<@U123>``)."""

    text: str


SECTIONS_COLUMN = ("sections", "Overskrifter")
PLAN_LINK_COLUMN = ("plan_link", "Samfunnsdelen")


def matrix_columns(versions: list[DraftVersion], fallback: tuple[tuple[str, str], ...] = ()) -> tuple[
        tuple[str, str], ...]:
    """Sections, then each focus area (as the rule pack names them), then the plan link."""
    areas: dict[str, str] = {}
    for version in versions:
        labels = {item.get("id"): item.get("label") for item in version.summary.checklist}
        for area in version.summary.focus_areas:
            areas.setdefault(area, str(labels.get(area) or area))
    if not areas:
        areas = dict(fallback)
    return (SECTIONS_COLUMN, *areas.items(), PLAN_LINK_COLUMN)


NO_DRAFT_CELL = "⚪"


def matrix_cell(version: DraftVersion | None, column: str) -> str:
    """✅ in place, ⚠️ there but not done, ❌ missing, ⚪ no draft yet."""
    if version is None:
        return NO_DRAFT_CELL
    summary = version.summary
    if column == "sections":
        states = list(summary.sections.values())
        if not states:
            return NO_DRAFT_CELL
        if all(state == "ok" for state in states):
            return "✅"
        return "❌" if all(state == "missing" for state in states) else "⚠️"
    if column == "plan_link":
        return "✅" if summary.plan_link == "ok" else "❌"
    state = summary.focus_areas.get(column)
    if state is None:
        return NO_DRAFT_CELL
    return {"covered": "✅", "missing": "❌"}.get(state, "⚠️")
