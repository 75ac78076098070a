"""Recording checked drafts as versions of a sector's chapter, and the writer's choice of sector."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from planvakt.bot.core.messages import Reply, ReplyKind
from planvakt.bot.logs import describe_error
from planvakt.bot.progress import render
from planvakt.bot.progress.model import Sector, SectorChoice, VersionSummary, find_sectors, title_names
from planvakt.bot.progress.notify import OwnerUpdates
from planvakt.bot.progress.render import answer
from planvakt.linting.report.model import FileReport

log = logging.getLogger(__name__)

MAX_CHOICES = 20

SKIP = "ingen"

STORED_PRIORITY_KEYS = ("area", "written_under", "text", "goals", "line", "language")



class DraftRecording(OwnerUpdates):
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


def stored_priority(record: dict[str, Any]) -> dict[str, Any]:
    """What a version keeps of one priority: where it belongs, its text and goals."""
    return {key: record[key] for key in STORED_PRIORITY_KEYS if key in record}



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
