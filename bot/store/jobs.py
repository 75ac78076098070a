"""Durable jobs: every accepted Slack delivery, from its acknowledgement until it is answered.

:meth:`JobStore.enqueue` records a delivery's keys and its job in one transaction, before
Slack gets its 200: a retry or a replay finds the keys and is not taken again, and a job
recorded is never lost. Workers hold jobs under a lease (:meth:`claim_due`, :meth:`renew`);
a worker that dies leaves a lease that runs out, and another takes the job up. The reply
ledger (:meth:`begin_reply`, :meth:`reply_sent`) records each message before it is sent, so
a job that runs twice posts it once. :meth:`finish` deletes the job and its ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from planvakt.bot.store.progress import as_utc
from planvakt.bot.store.tables import job_replies, jobs, processed_events


@dataclass(frozen=True, slots=True)
class Job:
    id: str
    kind: str
    payload: dict[str, Any]
    attempts: int          # how many times a worker has taken it, this time included


@dataclass(frozen=True, slots=True)
class ReplyState:
    """A reply's row in the ledger: ``fresh`` (just claimed), sent (``ts``), or neither: a send
    was begun at ``started_at`` and never confirmed (the worker was interrupted)."""

    fresh: bool
    channel: str | None
    ts: str | None
    started_at: datetime

    @property
    def sent(self) -> bool:
        return self.ts is not None


def _insert(conn: AsyncConnection, table: sa.Table):
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


class JobStore:
    def __init__(self, engine: AsyncEngine, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.clock = clock

    async def enqueue(self, job_id: str, kind: str, payload: dict[str, Any], keys: Sequence[str], *,
                      owner: str, lease: timedelta) -> bool:
        """Record the delivery's keys and its job, held by ``owner``; False (nothing recorded) if
        any key was recorded before: a retry, a duplicate or a replay."""
        now = as_utc(self.clock())
        try:
            async with self.engine.begin() as conn:
                await conn.execute(sa.insert(processed_events),
                                   [{"key": key[:200], "seen_at": now} for key in dict.fromkeys(keys)])
                await conn.execute(sa.insert(jobs).values(id=job_id, kind=kind, payload=payload, owner=owner,
                                                          lease_until=now + lease, attempts=1, created_at=now))
        except IntegrityError:
            return False
        return True

    async def claim_due(self, owner: str, lease: timedelta, limit: int, *, skip: Sequence[str] = ()) -> list[Job]:
        """Take up to ``limit`` jobs nobody holds (a lease run out, or released), oldest first."""
        now = as_utc(self.clock())
        due = (sa.select(jobs.c.id).where(sa.or_(jobs.c.lease_until.is_(None), jobs.c.lease_until <= now))
               .order_by(jobs.c.created_at).limit(limit + len(skip)))
        taken: list[Job] = []
        async with self.engine.connect() as conn:
            candidates = [row.id for row in (await conn.execute(due)).all() if row.id not in skip][:limit]
        for job_id in candidates:
            async with self.engine.begin() as conn:
                took = await conn.execute(
                    sa.update(jobs).where(jobs.c.id == job_id,
                                          sa.or_(jobs.c.lease_until.is_(None), jobs.c.lease_until <= now))
                    .values(owner=owner, lease_until=now + lease, attempts=jobs.c.attempts + 1))
                if took.rowcount != 1:
                    continue  # another worker was first
                row = (await conn.execute(sa.select(jobs).where(jobs.c.id == job_id))).first()
            if row is not None:
                taken.append(Job(row.id, row.kind, dict(row.payload), row.attempts))
        return taken

    async def renew(self, owner: str, job_ids: Sequence[str], lease: timedelta) -> None:
        if not job_ids:
            return
        async with self.engine.begin() as conn:
            await conn.execute(sa.update(jobs).where(jobs.c.id.in_(list(job_ids)), jobs.c.owner == owner)
                               .values(lease_until=as_utc(self.clock()) + lease))

    async def release(self, owner: str, job_id: str, *, delay: timedelta = timedelta(0)) -> None:
        """Give a job back: any worker may take it up after ``delay``."""
        async with self.engine.begin() as conn:
            await conn.execute(sa.update(jobs).where(jobs.c.id == job_id, jobs.c.owner == owner)
                               .values(owner=None, lease_until=as_utc(self.clock()) + delay))

    async def finish(self, job_id: str) -> None:
        """The job is answered: forget it, its payload and its ledger."""
        async with self.engine.begin() as conn:
            await conn.execute(sa.delete(job_replies).where(job_replies.c.job_id == job_id))
            await conn.execute(sa.delete(jobs).where(jobs.c.id == job_id))

    async def count(self) -> int:
        async with self.engine.connect() as conn:
            return int((await conn.execute(sa.select(sa.func.count()).select_from(jobs))).scalar_one())

    async def payloads(self) -> list[dict[str, Any]]:
        """Every unfinished job's payload (for tests and checks of what is kept)."""
        async with self.engine.connect() as conn:
            return [dict(row.payload) for row in (await conn.execute(sa.select(jobs.c.payload))).all()]

    # --- the reply ledger -----------------------------------------------------------------

    async def begin_reply(self, job_id: str, key: str, channel: str | None) -> ReplyState:
        """Claim the reply ``key`` before sending it; if it was claimed before, how that went."""
        now = as_utc(self.clock())
        async with self.engine.begin() as conn:
            inserted = await conn.execute(
                _insert(conn, job_replies).values(key=key, job_id=job_id, channel=channel, started_at=now)
                .on_conflict_do_nothing(index_elements=["key"]).returning(job_replies.c.key))
            if inserted.first() is not None:
                return ReplyState(True, channel, None, now)
            row = (await conn.execute(sa.select(job_replies).where(job_replies.c.key == key))).one()
        return ReplyState(False, row.channel, row.ts, as_utc(row.started_at))

    async def reply_sent(self, key: str, ts: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(sa.update(job_replies).where(job_replies.c.key == key).values(ts=ts))
