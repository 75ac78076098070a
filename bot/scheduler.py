"""Reminders before deadlines, the coordinators' weekly digest, and owner updates that waited.

:meth:`Scheduler.run_once` does one pass: ``planvakt remind`` (for cron) calls it once,
and ``planvakt serve`` every minute. Every message is claimed in the store before it is
sent (a unique ``(target, kind, due date)`` row), so however many replicas, runs or
restarts there are, each goes out once; a claim whose sender died is taken over after
a lease, and a failed send is retried by the next pass.

When: a reminder is due ``N`` days before the deadline (for each ``N`` in
``reminders.days_before_deadline``) from ``reminders.time`` local time. A run that
comes late (the bot was down) sends the latest one that is due, until the deadline;
an owner whose chapter is complete (all in place, no errors) gets none. The digest is
due at ``digest.weekday``/``digest.time`` and is caught up within two days.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from planvakt.bot.logs import describe_error
from planvakt.bot.progress import render
from planvakt.bot.progress.model import Sector, sector_status
from planvakt.bot.progress.service import OWNER_UPDATE_INTERVAL, Note, Notifier, ProgressService

log = logging.getLogger(__name__)

EVERY = 60.0                              # seconds between passes inside planvakt serve
DIGEST_CATCH_UP = timedelta(days=2)
PRUNE_EVERY = timedelta(hours=6)


class ChannelUnreachable(Exception):
    """The notifier cannot post in a channel: the bot is not in it, or it is gone (``reason``: Slack's code)."""

    def __init__(self, channel: str, reason: str) -> None:
        super().__init__(f"{channel}: {reason}")
        self.channel = channel
        self.reason = reason


def unreachable_text(error: ChannelUnreachable) -> str:
    why = "jeg ikke er med i kanalen" if error.reason == "not_in_channel" else \
        "jeg ikke får skrevet der (kanalen finnes ikke eller er arkivert)"
    return (f"Jeg fikk ikke lagt ukeoppsummeringen i <#{error.channel}> fordi {why} (Slack sa «{error.reason}»). "
            "Inviter meg med `/invite @Planvakt` i kanalen, eller endre `digest.channel` i planvakt.yaml, så "
            "kommer den dit neste gang. Her er den som direktemelding i stedet:")


@dataclass
class Pass:
    """What one pass sent."""

    reminders: int = 0
    digests: int = 0
    updates: int = 0
    failed: int = 0


def due_reminder(deadline: date, days_before: tuple[int, ...], now_local: datetime, at) -> date | None:
    """The latest reminder date that is due now, or None (none due, or the deadline has passed)."""
    today = now_local.date()
    if today > deadline:
        return None
    due = [deadline - timedelta(days=n) for n in days_before]
    ready = [d for d in due if d < today or (d == today and now_local.time() >= at)]
    return max(ready) if ready else None


class Scheduler:
    def __init__(self, service: ProgressService, notifier: Notifier) -> None:
        self.service = service
        self.notifier = notifier
        self.store = service.store
        self._last_prune: datetime | None = None

    async def run_once(self, now: datetime | None = None) -> Pass:
        now = now or self.service.clock()
        done = Pass()
        if not self.service.enabled:
            return done
        sectors = await self.service.sectors()
        for step in (self._owner_updates, self._reminders, self._digest):
            try:
                await step(sectors, now, done)
            except Exception as error:  # one failing step never stops the others
                log.error("%s failed: %s", step.__name__.strip("_"), describe_error(error))
        return done

    async def _send(self, target: str, kind: str, key: str, now: datetime, send, done: Pass) -> bool:
        """Claim, send, and record the outcome; False if another run has it, or it failed."""
        if not await self.store.claim(target, kind, key, now):
            return False
        try:
            await send()
        except Exception as error:
            log.warning("%s for %s failed, will retry: %s", kind, target, describe_error(error))
            await self.store.finish(target, kind, key, now, sent=False)
            done.failed += 1
            return False
        await self.store.finish(target, kind, key, now, sent=True)
        log.info("sent %s to %s (due %s)", kind, target, key)
        return True

    # --- the steps ------------------------------------------------------------------------

    async def _owner_updates(self, sectors: list[Sector], now: datetime, done: Pass) -> None:
        by_id = {s.id: s for s in sectors}
        for sector_id, version_id in await self.store.due_owner_updates(now, OWNER_UPDATE_INTERVAL):
            if not await self.store.claim_owner_update(sector_id, version_id, now, OWNER_UPDATE_INTERVAL):
                continue
            sector, version = by_id.get(sector_id), await self.store.load_version(version_id)
            if sector is None or version is None or not sector.owner or sector.owner == version.user:
                continue
            await self.service.send_owner_update(sector, version)
            done.updates += 1

    async def _reminders(self, sectors: list[Sector], now: datetime, done: Pass) -> None:
        settings = self.service.config.reminders
        if not settings.days_before_deadline:
            return
        local = now.astimezone(self.service.zone)
        latest = await self.store.latest_versions()
        for sector in sectors:
            if not sector.owner or sector.deadline is None:
                continue
            due = due_reminder(sector.deadline, settings.days_before_deadline, local, settings.time)
            if due is None:
                continue
            status = sector_status(sector, latest.get(sector.id), local.date())
            if status.complete:
                continue
            note = Note(render.reminder_text(status, now, self.service.zone))
            if await self._send(sector.id, "reminder", due.isoformat(), now,
                                lambda owner=sector.owner, note=note: self.notifier.direct(owner, note), done):
                done.reminders += 1

    async def _digest(self, sectors: list[Sector], now: datetime, done: Pass) -> None:
        settings = self.service.config.digest
        if settings is None:
            return
        zone = self.service.zone
        local = now.astimezone(zone)
        start_of_week = local.date() - timedelta(days=local.weekday())
        moment = datetime.combine(start_of_week + timedelta(days=settings.weekday), settings.time, tzinfo=zone)
        if moment > local:
            moment -= timedelta(days=7)
        if local - moment > DIGEST_CATCH_UP:
            return
        key = moment.date().isoformat()
        week = await self.store.versions_since(now - timedelta(days=7))
        overview = await self.service.overview_of(sectors, everyone=True, now=now, new_versions=sum(week.values()))
        note = Note(render.overview_text(overview), view=overview)
        if settings.channel:
            channel = settings.channel

            async def to_channel() -> None:
                try:
                    await self.notifier.post(channel, note)
                except ChannelUnreachable as error:
                    await self._digest_by_dm(note, key, now, done, error)

            if await self._send(f"channel:{channel}", "digest", key, now, to_channel, done):
                done.digests += 1
            return
        for coordinator in sorted(self.service.coordinators):  # only coordinators get the digest
            if await self._send(f"user:{coordinator}", "digest", key, now,
                                lambda user=coordinator: self.notifier.direct(user, note), done):
                done.digests += 1

    async def _digest_by_dm(self, note: Note, key: str, now: datetime, done: Pass,
                            error: ChannelUnreachable) -> None:
        """The digest's channel can't be reached: each coordinator gets it as a DM, told why. Raises
        if a DM failed, so the channel's digest is tried again (the DMs that went out are not)."""
        log.warning("the digest channel %s is unreachable (%s); sending it to the coordinators by DM",
                    error.channel, error.reason)
        why = Note(unreachable_text(error))
        failed = done.failed
        for coordinator in sorted(self.service.coordinators):
            async def send(user: str = coordinator) -> None:
                await self.notifier.direct(user, why)
                await self.notifier.direct(user, note)

            await self._send(f"user:{coordinator}", "digest", key, now, send, done)
        if done.failed > failed:
            raise RuntimeError("a coordinator's DM with the digest failed")

    # --- inside planvakt serve ----------------------------------------------------------------

    async def run_forever(self, every: float = EVERY) -> None:
        while True:
            now = self.service.clock()
            try:
                await self.run_once(now)
                if self._last_prune is None or now - self._last_prune >= PRUNE_EVERY:
                    await self.store.prune(now)
                    self._last_prune = now
            except Exception as error:
                log.error("scheduler pass failed: %s", describe_error(error))
            await asyncio.sleep(every)

    def start(self, every: float = EVERY) -> asyncio.Task[None]:
        return asyncio.create_task(self.run_forever(every), name="scheduler")


async def stop(task: asyncio.Task[None] | None) -> None:
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
