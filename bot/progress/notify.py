"""Messages to people other than the asker: the notifier port the adapter provides, and the
owner's update about a new version, at most one an hour."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from planvakt.bot.logs import describe_error
from planvakt.bot.progress import render
from planvakt.bot.progress.access import ProgressAccess
from planvakt.bot.progress.model import DraftVersion, Sector, sector_status

log = logging.getLogger(__name__)

OWNER_UPDATE_INTERVAL = timedelta(hours=1)


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


class OwnerUpdates(ProgressAccess):
    """Tells a sector's owner about new versions, without holding up the writer's reply."""

    notifier: Notifier = NoNotifier()
    # Runs a message to someone else without holding up the asker's reply (the adapter's
    # background tasks); None: awaited in place (planvakt chat).
    spawn: Callable[[Coroutine[Any, Any, None]], None] | None = None

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
