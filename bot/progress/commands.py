"""The progress commands that read their arguments: ``status [sektor]``, ``tildel <sektor> @eier
[frist]``, and the help text's progress part."""

from __future__ import annotations

import re
from datetime import date

from planvakt.bot.core.messages import Reply
from planvakt.bot.progress import render
from planvakt.bot.progress.model import find_sectors
from planvakt.bot.progress.notify import Note, OwnerUpdates
from planvakt.bot.progress.render import answer, mentions
from planvakt.bot.progress.settings import parse_date

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|(?<![\w@])@?([UW][A-Z0-9]{6,})\b")

_LOOSE_MENTION = re.compile(r"(?<!\S)@\S+")

_DAY_MONTH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")



class ProgressCommands(OwnerUpdates):
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
