"""The progress core: which sector a draft belongs to, each sector's status, assignments and export.

Transport-free like :class:`planvakt.bot.core.Conversation`, which it extends
(:func:`attach_progress`): it answers ``status``, ``tildel``, ``eksport``, ``kapittel4`` and
``sektor``, and records every checked draft version (with its priorities, for chapter 4, but
not its text). Messages to other people (the owner's update,
a new owner's welcome) go through a :class:`Notifier` the adapter provides.

Authorization lives here, not in the adapters: only coordinators see every sector,
assign, export and get the digest; everyone else sees only the sectors they own or
write for; only a draft's author files it under a sector.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from planvakt.bot.core.messages import Attachment, Reply, ReplyKind
from planvakt.bot.logs import describe_error
from planvakt.bot.progress import render
from planvakt.bot.progress.model import (
    Overview,
    Sector,
    SectorChoice,
    SectorDetail,
    SectorStatus,
    Text,
    effective_sectors,
    find_sectors,
    matrix_cell,
    matrix_columns,
    sector_status,
    title_names,
)
from planvakt.bot.progress.settings import USER_ID, parse_date
from planvakt.bot.store.progress import DraftVersion, ProgressStore, VersionSummary
from planvakt.linting.golden.extract import DocumentPriorities, PriorityRecord
from planvakt.linting.golden.summary import build_summary, render_docx
from planvakt.linting.report.model import FileReport

if TYPE_CHECKING:
    from planvakt.bot.config import BotConfig
    from planvakt.bot.core.conversation import Conversation
    from planvakt.linting.rulepack.model import RulePack

log = logging.getLogger(__name__)

OWNER_UPDATE_INTERVAL = timedelta(hours=1)
MAX_CHOICES = 20
SKIP = "ingen"
CHOICE_WORDS = ["sektor", "sektoren"]
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|(?<![\w@])@?([UW][A-Z0-9]{6,})\b")
_LOOSE_MENTION = re.compile(r"(?<!\S)@\S+")
_DAY_MONTH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")


@dataclass(frozen=True, slots=True)
class Note:
    """A message to someone other than the asker: text (Slack's syntax), and a view to render richly."""

    text: str
    view: object | None = None


class Notifier(Protocol):
    async def direct(self, user: str, note: Note) -> None:
        """A DM to ``user``."""

    async def post(self, channel: str, note: Note) -> None:
        """A message in ``channel``."""


class NoNotifier:
    """Until an adapter plugs in its own: nothing is sent."""

    async def direct(self, user: str, note: Note) -> None:
        log.info("no notifier: a message to %s was not sent", user)

    async def post(self, channel: str, note: Note) -> None:
        log.info("no notifier: a message to channel %s was not sent", channel)


def answer(text: str, view: object | None = None) -> Reply:
    """A progress answer; without a richer view, the text itself (so Slack keeps its mentions)."""
    return Reply(ReplyKind.ANSWER, text, view=view if view is not None else Text(text))


def mentions(users: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"<@{user}>" for user in users)


class ProgressService:
    def __init__(self, config: BotConfig, store: ProgressStore, *, clock: Callable[[], datetime],
                 pack: RulePack | None = None) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.zone = ZoneInfo(config.timezone)
        self.coordinators = frozenset(config.coordinators)
        self.notifier: Notifier = NoNotifier()
        # Runs a message to someone else without holding up the asker's reply (the adapter's
        # background tasks); None: awaited in place (planvakt chat).
        self.spawn: Callable[[Coroutine[Any, Any, None]], None] | None = None
        self.pack = pack
        self.pack_columns = tuple((area.id, area.name) for area in pack.focus_areas) if pack is not None else ()
        self.fallback_status: Callable[[str, str], Awaitable[list[Reply]]] | None = None

    # --- who is who -----------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return bool(self.config.sectors)

    def is_coordinator(self, user: str) -> bool:
        return user in self.coordinators

    async def sectors(self) -> list[Sector]:
        if not self.config.sectors:
            return []
        return effective_sectors(self.config.sectors, await self.store.assignments())

    def visible(self, user: str, sectors: list[Sector]) -> list[Sector]:
        """The sectors ``user`` may see: all for a coordinator, else those they own or write for."""
        return list(sectors) if self.is_coordinator(user) else [s for s in sectors if s.involves(user)]

    def today(self, now: datetime | None = None) -> date:
        return (now or self.clock()).astimezone(self.zone).date()

    # --- views ----------------------------------------------------------------------------

    async def overview_of(self, sectors: list[Sector], *, everyone: bool, now: datetime | None = None,
                          new_versions: int | None = None) -> Overview:
        now = now or self.clock()
        latest = await self.store.latest_versions()
        today = self.today(now)
        rows = sorted((sector_status(s, latest.get(s.id), today) for s in sectors), key=SectorStatus.risk_key)
        columns = matrix_columns([row.latest for row in rows if row.latest is not None], self.pack_columns)
        return Overview(rows=tuple(rows), everyone=everyone, now=now, zone=self.zone, columns=columns,
                        new_versions=new_versions)

    async def overview(self, user: str) -> Overview | None:
        """What ``user`` may see; None for someone with no sector who is not a coordinator."""
        sectors = await self.sectors()
        visible = self.visible(user, sectors)
        if not visible and not self.is_coordinator(user):
            return None
        return await self.overview_of(visible, everyone=self.is_coordinator(user))

    async def everything(self, now: datetime | None = None) -> Overview:
        """Every sector (the digest, the local ``planvakt status``): callers are trusted."""
        return await self.overview_of(await self.sectors(), everyone=True, now=now)

    async def detail(self, sector: Sector, now: datetime | None = None) -> SectorDetail:
        now = now or self.clock()
        history = tuple(await self.store.history(sector.id, limit=render.HISTORY_LINES))
        latest = await self.store.latest_versions()
        return SectorDetail(status=sector_status(sector, latest.get(sector.id), self.today(now)), history=history,
                            now=now, zone=self.zone)

    # --- answers --------------------------------------------------------------------------

    async def status(self, user: str, rest: str) -> list[Reply]:
        """``status``: the sectors the user may see, sorted by risk; ``status <sektor>``: one, with history."""
        sectors = await self.sectors()
        visible = self.visible(user, sectors)
        if not visible and not self.is_coordinator(user):
            if self.fallback_status is not None:  # not in any sector: their own recent checks
                return await self.fallback_status(user, rest)
            return [answer("Du er ikke satt opp som eier eller skriver for noen sektor.")]
        if not sectors:
            return [answer(render.NO_SECTORS)]
        if not rest.strip():
            overview = await self.overview_of(visible, everyone=self.is_coordinator(user))
            return [answer(render.overview_text(overview), view=overview)]
        found = find_sectors(visible, rest)
        if not found:
            if find_sectors(sectors, rest):
                return [answer("Du kan bare se status for sektorene du eier eller skriver for: "
                               f"{self._names(visible)}. Koordinatorene ser alle.")]
            return [answer(f"Jeg finner ingen sektor som heter «{rest.strip()[:60]}». "
                           f"Du kan velge mellom: {self._names(visible)}.")]
        if len(found) > 1:
            return [answer(f"Mente du {self._names(found, ' eller ')}? Skriv `/planvakt status <id>`.")]
        detail = await self.detail(found[0])
        return [answer(render.detail_text(detail), view=detail)]

    @staticmethod
    def _names(sectors: list[Sector], last: str = ", ") -> str:
        names = [f"{s.name} (`{s.id}`)" for s in sectors]
        if len(names) <= 1:
            return "".join(names) or "ingen"
        return ", ".join(names[:-1]) + last + names[-1]

    async def assign(self, user: str, rest: str) -> list[Reply]:
        """``tildel <sektor> @eier [frist]``, for coordinators."""
        if not self.is_coordinator(user):
            who = f" Spør en av dem: {mentions(sorted(self.coordinators))}." if self.coordinators else ""
            return [answer(f"Bare koordinatorene kan tildele kapitler.{who}")]
        usage = ("Skriv `/planvakt tildel <sektor> @eier [frist]`, f.eks. "
                 "`/planvakt tildel oppvekst @Kari 15.10.2024`.")
        sectors = await self.sectors()
        if not sectors:
            return [answer(render.NO_SECTORS)]
        match = _MENTION.search(rest)
        if match is None:
            if _LOOSE_MENTION.search(rest):
                return [answer("Jeg fant ikke hvem som skal eie kapitlet. Velg personen fra listen Slack foreslår "
                               f"når du skriver @, så får jeg med meg hvem det er. {usage}")]
            return [answer(f"Hvem skal eie kapitlet? {usage}")]
        owner = match.group(1) or match.group(2)
        words, after = rest[:match.start()].strip(), rest[match.end():].strip()
        if not words:
            return [answer(f"Hvilken sektor? Du kan velge mellom: {self._names(sectors)}. {usage}")]
        found = find_sectors(sectors, words)
        if len(found) != 1:
            if found:
                return [answer(f"Mente du {self._names(found, ' eller ')}? Skriv sektorens id.")]
            return [answer(f"Jeg finner ingen sektor som heter «{words[:60]}». "
                           f"Du kan velge mellom: {self._names(sectors)}.")]
        sector = found[0]
        deadline = None
        if after:
            deadline = self._deadline(after)
            if deadline is None:
                return [answer(f"Jeg forstår ikke fristen «{after[:40]}». Skriv den som 15.10.2024 eller 2024-10-15.")]
        now = self.clock()
        await self.store.assign(sector.id, owner, deadline, user, now)
        updated = next(s for s in await self.sectors() if s.id == sector.id)
        today = self.today(now)
        when_text = f", frist {render.day(updated.deadline, today)}" if updated.deadline else ", ingen frist"
        told = ""
        if owner != user:
            await self._later(self._notify(owner, Note(render.assigned_text(sector.name, owner, updated.deadline,
                                                                            user, today))))
            told = f" Jeg har sagt fra til <@{owner}>."
        return [answer(render.sentence(f"✅ *{sector.name}* eies nå av <@{owner}>{when_text}") + told)]

    def _deadline(self, text: str) -> date | None:
        raw = text.split()[0].strip(",.") if text.split() else ""
        parsed = parse_date(raw)
        if parsed is not None:
            return parsed
        short = _DAY_MONTH.match(text.split()[0]) if text.split() else None
        if short:  # «15.10»: the next such day
            today = self.today()
            for year in (today.year, today.year + 1):
                try:
                    candidate = date(year, int(short[2]), int(short[1]))
                except ValueError:
                    return None
                if candidate >= today:
                    return candidate
        return None

    async def export(self, user: str, _rest: str) -> list[Reply]:
        """``eksport``: the status table as CSV, for coordinators (the adapter puts the file in their DM)."""
        if not self.is_coordinator(user):
            return [answer("Bare koordinatorene kan hente ut statustabellen. Skriv `/planvakt status` for å se "
                           "sektoren din.")]
        overview = await self.everything()
        if not overview.rows:
            return [answer(render.NO_SECTORS)]
        stamp = overview.now.astimezone(self.zone)
        content = "\ufeff" + export_csv(overview)  # the mark lets Excel see UTF-8
        return [Reply(ReplyKind.ANSWER,
                      f"Her er statustabellen for alle {len(overview.rows)} sektorene som CSV "
                      "(semikolon-separert, åpnes i Excel). Filen ligger i direktemeldingen vår.",
                      attachment=Attachment(filename=f"planvakt-status-{stamp:%Y-%m-%d}.csv",
                                            title=f"Status for handlingsplanen {stamp:%d.%m.%Y}", content=content))]

    async def chapter4(self, user: str, _rest: str) -> list[Reply]:
        """``kapittel4``: chapter 4 as .docx from each sector's latest draft, for coordinators (to their DM)."""
        if not self.is_coordinator(user):
            return [answer("Bare koordinatorene kan sette sammen kapittel 4. Skriv `/planvakt status` for å se "
                           "hvor langt sektoren din har kommet.")]
        sectors = await self.sectors()
        if not sectors:
            return [answer(render.NO_SECTORS)]
        if self.pack is None or not self.pack.focus_areas:
            return [answer("Regelpakken jeg bruker, har ingen satsingsområder, så jeg kan ikke sette sammen "
                           "kapittel 4 med den.")]
        latest = await self.store.latest_priorities()
        drafts: list[DocumentPriorities] = []
        without, unread = [], []
        for sector in sectors:
            found = latest.get(sector.id)
            if found is None:
                without.append(sector)
            elif found[1] is None:   # checked before priorities were kept, or they could not be read
                unread.append(sector)
            else:
                drafts.append(sector_priorities(sector, found[1]))
        if not drafts:
            text = ("Ingen sektorer har sendt meg utkast ennå, så jeg har ingenting å bygge kapittel 4 av. "
                    "Når skriverne sender kapitlene sine, kan du prøve igjen.")
            if unread:
                text = (f"Jeg har ikke prioriteringene fra siste utkast til {self._names(unread, ' og ')}. "
                        "Be dem sende utkastet på nytt, så kan jeg sette sammen kapittel 4.")
            return [answer(text)]
        pack = self.pack
        chapter = await asyncio.to_thread(build_summary, drafts, pack)
        content = await asyncio.to_thread(render_docx, chapter)
        stamp = self.clock().astimezone(self.zone)
        names = [sector.name for sector in drafts]
        count = len(chapter.priorities)
        lines = [(f"Her er kapittel 4 satt sammen av siste utkast fra {len(names)} "
                  f"{'sektor' if len(names) == 1 else 'sektorer'} ({_join(names)}): "
                  f"{count} {'prioritering' if count == 1 else 'prioriteringer'} fordelt på satsingsområdene. "
                  "Word-filen ligger i direktemeldingen vår.")]
        if chapter.uncovered_goals:
            lines.append(f"{len(chapter.uncovered_goals)} mål i samfunnsdelen har ingen prioritering ennå – "
                         "de står listet bakerst i filen.")
        if without:
            lines.append(f"Ingen utkast ennå fra {self._names(without, ' og ')}.")
        if unread:
            lines.append(f"Siste utkast fra {self._names(unread, ' og ')} er ikke med: jeg har ikke "
                         "prioriteringene fra det. Be dem sende det på nytt.")
        return [Reply(ReplyKind.ANSWER, "\n".join(lines),
                      attachment=Attachment(filename=f"kapittel4-{stamp:%Y-%m-%d}.docx",
                                            title=f"Kapittel 4 – satsingsområder {stamp:%d.%m.%Y}",
                                            content=content))]

    async def hop_priorities(self) -> list[dict[str, Any]]:
        """Every sector's priorities from its latest draft (records for ``with_hop_priorities``):
        what a business plan or the annual report checked in the bot is compared with."""
        latest = await self.store.latest_priorities()
        records: list[dict[str, Any]] = []
        for sector in await self.sectors():
            found = latest.get(sector.id)
            if found is not None and found[1]:
                records.extend(record.to_dict() for record in sector_priorities(sector, found[1]).priorities)
        return records

    async def help_extra(self, user: str) -> str:
        if not self.enabled:
            return ""
        if self.is_coordinator(user):
            return ("\n\n*For koordinatorer*\n• `/planvakt status` – alle sektorene, mest utsatt først\n"
                    "• `/planvakt status <sektor>` – én sektor med historikk\n"
                    "• `/planvakt tildel <sektor> @eier [frist]` – sett eier og frist\n"
                    "• `/planvakt eksport` – statustabellen som CSV i direktemeldingen din\n"
                    "• `/planvakt kapittel4` – kapittel 4 satt sammen av sektorenes siste utkast, "
                    "som Word-fil i direktemeldingen din\n"
                    "Oversikten ligger også i Hjem-fanen min.")
        if self.visible(user, await self.sectors()):
            return ("\n\n*Fremdrift*\nUtkastene du sender, lagres som versjoner av kapitlet til sektoren din. "
                    "«status» viser hvor langt dere har kommet, og `/planvakt status <sektor>` viser historikken. "
                    "Eieren får en kort melding når det kommer en ny versjon.")
        return ""

    # --- recording drafts --------------------------------------------------------------------

    async def after_check(self, user: str, report: FileReport, draft: str | bytes,
                          priorities: dict[str, Any] | None = None) -> list[Reply]:
        """Record the checked version under the writer's sector, or ask which sector; unassigned: nothing.

        ``priorities`` (``DocumentPriorities.to_dict()``, read in the lint worker) are kept with the
        version for chapter 4: the priorities' text and goals, never the rest of the draft."""
        if not self.enabled:
            return []
        sectors = await self.sectors()
        mine = [s for s in sectors if s.involves(user)]
        coordinator = self.is_coordinator(user)
        if not mine and not coordinator:
            return []
        allowed = sectors if coordinator else mine
        named = [s for s in sectors if title_names(s, report.title)]
        named_allowed = [s for s in named if s in allowed]
        title_named: str | None = None
        if len(named_allowed) == 1:
            chosen: Sector | None = named_allowed[0]
            options: list[Sector] = []
        elif named_allowed:
            chosen, options = None, named_allowed
        elif named:  # the title names a sector this writer isn't in
            chosen, options, title_named = None, mine, named[0].name
        elif len(mine) == 1:
            chosen, options = mine[0], []
        else:
            chosen, options = None, mine or sectors
        summary = VersionSummary.from_report(report.to_dict())
        text = await draft_text(draft, report) if self.config.keep_draft_text else None
        now = self.clock()
        if chosen is not None:
            version = await self.store.record_version(chosen.id, user, summary, now, draft_text=text)
            await self._keep_priorities(version.id, priorities)
            await self.owner_update(chosen, version)
            return []
        options = options[:MAX_CHOICES]
        version = await self.store.record_version(None, user, summary, now, choices=tuple(s.id for s in options),
                                                  draft_text=text)
        await self._keep_priorities(version.id, priorities)
        choice = SectorChoice(version_id=version.id, options=tuple((s.id, s.name) for s in options),
                              title_named=title_named)
        return [Reply(ReplyKind.CHOICE, render.choice_text(choice), view=choice)]

    async def _keep_priorities(self, version_id: str, priorities: dict[str, Any] | None) -> None:
        if priorities is None:
            return
        try:
            await self.store.set_priorities(version_id, [stored_priority(p) for p in priorities.get("priorities", ())])
        except Exception as error:  # the version is recorded; only chapter 4 misses this draft
            log.error("could not keep the priorities of version %s: %s", version_id, describe_error(error))

    async def choose(self, user: str, version_id: str, sector_id: str) -> Reply:
        """A writer's answer to «which sector?» (a button, or ``sektor <id>``)."""
        if sector_id in ("", SKIP):
            if await self.store.discard_pending(version_id, user):
                return answer("Greit, jeg lagrer ikke fremdriften for dette utkastet.")
            return answer("Det utkastet er allerede lagret, eller for gammelt til å velge sektor for.")
        version = await self.store.choose_sector(version_id, user, sector_id)
        if version is None:
            return answer("Det utkastet er allerede lagret, eller for gammelt til å velge sektor for. "
                          "Send det på nytt om du vil.")
        sector = next((s for s in await self.sectors() if s.id == sector_id), None)
        if sector is None:
            return answer("Den sektoren finnes ikke lenger i oppsettet.")
        await self.owner_update(sector, version)
        return answer(f"✅ Lagret som ny versjon for *{sector.name}* – "
                      f"{version.summary.done}/{version.summary.total} på plass.")

    async def choose_command(self, user: str, rest: str) -> list[Reply]:
        """``sektor <id>`` (or ``sektor ingen``) for the user's latest draft waiting for a sector."""
        pending = await self.store.latest_pending(user)
        if pending is None:
            return [answer("Jeg har ingen utkast fra deg som venter på at du velger sektor.")]
        words = rest.strip()
        if words.lower() in (SKIP, "ikke", "nei"):
            return [await self.choose(user, pending.id, SKIP)]
        sectors = [s for s in await self.sectors() if s.id in pending.choices]
        found = find_sectors(sectors, words)
        if len(found) != 1:
            return [answer(f"Velg en av disse: {self._names(sectors)} – eller `/planvakt sektor ingen`.")]
        return [await self.choose(user, pending.id, found[0].id)]

    # --- the owner's update ---------------------------------------------------------------

    async def owner_update(self, sector: Sector, version: DraftVersion) -> None:
        """Tell the owner about a new version: now, or (if one went out within the hour) when the hour is up."""
        if not sector.owner or sector.owner == version.user:
            return
        try:
            if await self.store.owner_update_now(sector.id, version.id, self.clock(), OWNER_UPDATE_INTERVAL):
                await self._later(self.send_owner_update(sector, version))
        except Exception as error:  # the writer's feedback matters more than the owner's note
            log.error("owner update for %s failed: %s", sector.id, describe_error(error))

    async def send_owner_update(self, sector: Sector, version: DraftVersion) -> None:
        if not sector.owner:
            return
        now = self.clock()
        history = await self.store.history(sector.id, limit=50)
        position = next((index for index, v in enumerate(history) if v.id == version.id), None)
        previous = history[position + 1] if position is not None and position + 1 < len(history) else None
        status = sector_status(sector, (version, len(history)), self.today(now))
        text = render.owner_update_text(sector.name, version, previous, status, now, self.zone)
        await self._notify(sector.owner, Note(text))

    async def _later(self, job: Coroutine[Any, Any, None]) -> None:
        if self.spawn is not None:
            self.spawn(job)
        else:
            await job

    async def _notify(self, user: str, note: Note) -> None:
        try:
            await self.notifier.direct(user, note)
        except Exception as error:
            log.error("could not send a DM to %s: %s", user, describe_error(error))


# --- drafts' text (only with keep_draft_text) ----------------------------------------------


async def draft_text(draft: str | bytes, report: FileReport) -> str | None:
    if isinstance(draft, str):
        return draft
    return await asyncio.to_thread(_file_text, draft, report.path or "utkast.txt")


def _file_text(data: bytes, name: str) -> str | None:
    from planvakt.linting.errors import PlanvaktError
    from planvakt.linting.readers import read_bytes

    try:
        document = read_bytes(data, name)
    except PlanvaktError:
        return None
    parts = [block.text for block in document.preamble]
    for heading in document.headings:
        parts.append(heading.text)
        parts.extend(block.text for block in heading.blocks)
    return "\n\n".join(parts)


# --- chapter 4 -----------------------------------------------------------------------------

STORED_PRIORITY_KEYS = ("area", "written_under", "text", "goals", "line", "language")


def stored_priority(record: dict[str, Any]) -> dict[str, Any]:
    """What a version keeps of one priority: where it belongs, its text and goals."""
    return {key: record[key] for key in STORED_PRIORITY_KEYS if key in record}


def sector_priorities(sector: Sector, records: list[dict[str, Any]]) -> DocumentPriorities:
    """A sector's stored priorities as chapter 4 reads them, under the sector's configured name."""
    from planvakt.linting.golden.extract import slugify

    slug = slugify(sector.id) or "sektor"
    priorities = [replace(PriorityRecord.from_dict(record), id=f"{slug}-{index}", source=sector.name, path=sector.id)
                  for index, record in enumerate(records, 1)]
    language = priorities[0].language if priorities else "nb"
    return DocumentPriorities(kind="chapter", name=sector.name, path=sector.id, language=language,
                              title=sector.name, priorities=priorities)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]


# --- export --------------------------------------------------------------------------------

CELL_WORDS = {"✅": "ok", "⚠️": "ufullstendig", "❌": "mangler", "⚪": ""}
CSV_HEADERS = {
    "sector_id": "sektor_id", "name": "sektor", "owner": "eier", "deadline": "frist", "days_left": "dager_igjen",
    "overdue": "forfalt", "done": "ferdig", "total": "totalt", "errors": "feil", "warnings": "advarsler",
    "suggestions": "forslag", "last_checked_at": "siste_utkast", "last_author": "siste_forfatter",
    "versions": "versjoner", "complete": "i_mål",
}


def export_rows(overview: Overview) -> list[dict[str, Any]]:
    """One row per sector, in risk order; the JSON form of the status table."""
    rows = []
    for row in overview.rows:
        latest = row.latest
        rows.append({
            "sector_id": row.sector.id, "name": row.sector.name, "owner": row.sector.owner,
            "deadline": row.sector.deadline.isoformat() if row.sector.deadline else None,
            "days_left": row.days_left, "overdue": row.overdue,
            "done": latest.summary.done if latest else None, "total": latest.summary.total if latest else None,
            "errors": latest.summary.errors if latest else None,
            "warnings": latest.summary.warnings if latest else None,
            "suggestions": latest.summary.suggestions if latest else None,
            "last_checked_at": latest.checked_at.astimezone(overview.zone).isoformat(timespec="minutes")
            if latest else None,
            "last_author": latest.user if latest else None, "versions": row.versions, "complete": row.complete,
            "matrix": {label: CELL_WORDS[matrix_cell(latest, column)] for column, label in overview.columns},
        })
    return rows


def export_csv(overview: Overview, delimiter: str = ";") -> str:
    buffer = io.StringIO()
    labels = [label for _, label in overview.columns]
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([*CSV_HEADERS.values(), *labels])
    for row in export_rows(overview):
        values = ["ja" if v is True else "nei" if v is False else "" if v is None else v
                  for key, v in row.items() if key in CSV_HEADERS]
        writer.writerow([*values, *(row["matrix"][label] for label in labels)])
    return buffer.getvalue()


def export_json(overview: Overview) -> str:
    return json.dumps({"generated_at": overview.now.astimezone(overview.zone).isoformat(timespec="seconds"),
                       "timezone": str(overview.zone), "sectors": export_rows(overview)},
                      ensure_ascii=False, indent=2)


# --- wiring into the conversation core --------------------------------------------------------


def attach_progress(conversation: Conversation, config: BotConfig, store: ProgressStore) -> ProgressService:
    """Give the core its progress answers and the after-check hook; returns the service."""
    service = ProgressService(config, store, clock=conversation.clock, pack=conversation.linter.pack)
    service.fallback_status = conversation.commands.get("status")
    help_handler = conversation.commands.get("hjelp")
    conversation.register(["status"], service.status)
    conversation.register(["tildel", "tildele"], service.assign)
    conversation.register(["eksport", "eksporter", "export"], service.export, in_messages=False)
    conversation.register(["kapittel4", "kapittel-4"], service.chapter4, in_messages=False)
    conversation.register(CHOICE_WORDS, service.choose_command)
    if help_handler is not None:
        async def help_with_progress(user: str, rest: str) -> list[Reply]:
            replies = await help_handler(user, rest)
            extra = await service.help_extra(user)
            return [replace(replies[0], text=replies[0].text + extra), *replies[1:]] if replies and extra else replies

        for table in (conversation.commands, conversation.questions):
            for word, handler in list(table.items()):
                if handler == help_handler:
                    table[word] = help_with_progress
    conversation.after_check.append(service.after_check)
    conversation.hop_source = service.hop_priorities
    conversation.extensions["progress"] = service
    return service


def progress_of(conversation: Conversation) -> ProgressService | None:
    service = conversation.extensions.get("progress")
    return service if isinstance(service, ProgressService) else None


def is_user_id(text: str) -> bool:
    return bool(USER_ID.match(text))
