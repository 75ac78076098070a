"""What progress needs from outside, as ports: the settings (:class:`planvakt.bot.config.BotConfig`
has them) and the storage (:class:`planvakt.bot.store.progress.ProgressStore` implements it on
SQLAlchemy). Progress itself imports neither the configuration file's reader nor the store."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Protocol

from planvakt.bot.progress.model import Assignment, DraftVersion, VersionSummary
from planvakt.bot.progress.settings import SectorConfig


class ProgressConfig(Protocol):
    """The settings progress reads (``planvakt.yaml``'s coordinators, sectors, time zone…)."""

    @property
    def coordinators(self) -> tuple[str, ...]: ...

    @property
    def sectors(self) -> tuple[SectorConfig, ...]: ...

    @property
    def timezone(self) -> str: ...

    @property
    def keep_draft_text(self) -> bool: ...


class ProgressStorage(Protocol):
    async def assignments(self) -> dict[str, Assignment]: ...

    async def assign(self, sector_id: str, owner: str, deadline: date | None, by: str, now: datetime) -> None:
        """Set a sector's owner (and deadline, if given: None keeps the one before)."""

    async def record_version(self, sector_id: str | None, user: str, summary: VersionSummary, now: datetime, *,
                             choices: tuple[str, ...] = (), draft_text: str | None = None) -> DraftVersion: ...

    async def choose_sector(self, version_id: str, user: str, sector_id: str) -> DraftVersion | None:
        """File a pending version under ``sector_id``; None if it is not this user's, not pending, or gone."""

    async def discard_pending(self, version_id: str, user: str) -> bool: ...

    async def latest_pending(self, user: str) -> DraftVersion | None: ...

    async def latest_versions(self) -> dict[str, tuple[DraftVersion, int]]:
        """Each sector's newest version, with how many versions it has."""

    async def history(self, sector_id: str, limit: int = 10) -> list[DraftVersion]:
        """The sector's versions, newest first."""

    async def set_priorities(self, version_id: str, priorities: list[dict[str, Any]]) -> None:
        """Keep the text of a version's priorities (and nothing else of the draft)."""

    async def latest_priorities(self) -> dict[str, tuple[DraftVersion, list[dict[str, Any]] | None]]:
        """Each sector's newest version with its stored priorities (None: the version has none stored)."""

    async def owner_update_now(self, sector_id: str, version_id: str, now: datetime, interval: timedelta) -> bool:
        """True: send the owner this version now. False: one went out within ``interval``; this one waits."""
