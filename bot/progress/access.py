"""Who may see and do what in progress: coordinators see every sector; everyone else sees only
the sectors they own or write for. The state every part of the progress service shares."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from planvakt.bot.core.messages import Reply
from planvakt.bot.progress import render
from planvakt.bot.progress.model import (
    Overview,
    Sector,
    SectorDetail,
    SectorStatus,
    effective_sectors,
    matrix_columns,
    sector_status,
)
from planvakt.bot.progress.ports import ProgressConfig, ProgressStorage

if TYPE_CHECKING:
    from planvakt.linting.rulepack.model import RulePack


class ProgressAccess:
    """The sectors, who is a coordinator, and the views a user may see."""

    def __init__(self, config: ProgressConfig, store: ProgressStorage, *, clock: Callable[[], datetime],
                 pack: RulePack | None = None) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.zone = ZoneInfo(config.timezone)
        self.coordinators = frozenset(config.coordinators)
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

    @staticmethod
    def _names(sectors: list[Sector], last: str = ", ") -> str:
        names = [f"{s.name} (`{s.id}`)" for s in sectors]
        if len(names) <= 1:
            return "".join(names) or "ingen"
        return ", ".join(names[:-1]) + last + names[-1]
