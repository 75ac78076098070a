"""The store on SQLAlchemy 2 (async): SQLite through aiosqlite by default, PostgreSQL through asyncpg."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from planvakt.bot.core.ports import REPORT_RETENTION, StoredReport, utcnow
from planvakt.bot.store import tables
from planvakt.bot.store.migrations import migrate
from planvakt.bot.store.retention import DEFAULT_RETENTION, Retention
from planvakt.bot.store.url import async_url, is_memory_sqlite

EVENT_RETENTION = timedelta(days=7)      # Slack retries for minutes; a week is ample
__all__ = ["REPORT_RETENTION", "SqlStore", "open_store", "utcnow"]  # the last two re-exported from the core


class SqlStore:
    def __init__(self, engine: AsyncEngine, *, clock: Callable[[], datetime] = utcnow,
                 retention: Retention = DEFAULT_RETENTION) -> None:
        self.engine = engine
        self.clock = clock
        self.retention = retention

    async def claim(self, keys: Sequence[str]) -> bool:
        now = self.clock()
        try:
            async with self.engine.begin() as conn:
                await conn.execute(sa.insert(tables.processed_events),
                                   [{"key": key[:200], "seen_at": now} for key in dict.fromkeys(keys)])
        except IntegrityError:
            return False
        return True

    async def save_report(self, user: str, report: dict[str, Any]) -> str:
        report_id = uuid.uuid4().hex
        async with self.engine.begin() as conn:
            await conn.execute(sa.insert(tables.reports).values(
                id=report_id, user_id=user, created_at=self.clock(), report=report))
        return report_id

    async def load_report(self, report_id: str) -> StoredReport | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(sa.select(tables.reports).where(tables.reports.c.id == report_id))).first()
        return _stored(row) if row is not None else None

    async def recent_reports(self, user: str, limit: int = 3) -> list[StoredReport]:
        query = (sa.select(tables.reports).where(tables.reports.c.user_id == user)
                 .order_by(tables.reports.c.created_at.desc()).limit(limit))
        async with self.engine.connect() as conn:
            return [_stored(row) for row in (await conn.execute(query)).all()]

    async def prune(self) -> None:
        now = self.clock()
        async with self.engine.begin() as conn:
            await conn.execute(sa.delete(tables.processed_events)
                               .where(tables.processed_events.c.seen_at < now - EVENT_RETENTION))
            await conn.execute(sa.delete(tables.reports)
                               .where(tables.reports.c.created_at < now - self.retention.reports))

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(sa.text("SELECT 1"))
        except (SQLAlchemyError, OSError):
            return False
        return True

    async def close(self) -> None:
        await self.engine.dispose()


def _stored(row: sa.Row[Any]) -> StoredReport:
    created = row.created_at
    if created.tzinfo is None:  # SQLite keeps no zone; we always write UTC
        created = created.replace(tzinfo=UTC)
    return StoredReport(id=row.id, user=row.user_id, created_at=created, report=row.report)


async def open_store(url: str, *, clock: Callable[[], datetime] = utcnow) -> SqlStore:
    """Connect and migrate. Raises SQLAlchemy's or the driver's errors if the database is unusable."""
    target = async_url(url)
    options: dict[str, Any] = {}
    if is_memory_sqlite(target):
        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_async_engine(target, **options)
    if target.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    try:
        await migrate(engine)
    except BaseException:
        await engine.dispose()
        raise
    return SqlStore(engine, clock=clock)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()
