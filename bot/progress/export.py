"""The coordinators' exports: the status table (CSV, JSON) and chapter 4 (.docx) from each
sector's latest draft, and the same priorities for checking business plans against."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from dataclasses import replace
from typing import Any

from planvakt.bot.core.messages import Attachment, Reply, ReplyKind
from planvakt.bot.progress import render
from planvakt.bot.progress.access import ProgressAccess
from planvakt.bot.progress.model import Overview, Sector, matrix_cell
from planvakt.bot.progress.render import answer
from planvakt.linting.golden.extract import DocumentPriorities, PriorityRecord
from planvakt.linting.golden.summary import build_summary, render_docx


class ProgressExports(ProgressAccess):
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
        """Every sector's priorities from its latest draft (records for ``lint_document(..., hop_priorities=...)``):
        what a business plan or the annual report checked in the bot is compared with."""
        latest = await self.store.latest_priorities()
        records: list[dict[str, Any]] = []
        for sector in await self.sectors():
            found = latest.get(sector.id)
            if found is not None and found[1]:
                records.extend(record.to_dict() for record in sector_priorities(sector, found[1]).priorities)
        return records


# --- chapter 4 -----------------------------------------------------------------------------


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



# --- the status table ----------------------------------------------------------------------

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
