"""Schema migrations: an ordered list of steps, applied once each, recorded in ``planvakt_schema``.

A feature that needs a table or a column appends a step; steps are never edited after
they ship. Runs at start, inside one transaction (and a PostgreSQL advisory lock, so
replicas starting together don't race).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from planvakt.bot.store import progress_tables, tables

_LOCK_ID = 0x706C616E  # "plan"


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _v1(conn: Connection) -> None:
    tables.processed_events.create(conn)
    tables.reports.create(conn)


def _v2(conn: Connection) -> None:
    for table in (progress_tables.sector_assignments, progress_tables.draft_versions,
                  progress_tables.notifications, progress_tables.owner_updates):
        table.create(conn)


def _v3(conn: Connection) -> None:
    tables.jobs.create(conn)
    tables.job_replies.create(conn)


MIGRATIONS: list[Migration] = [
    Migration(1, "processed deliveries and check results", _v1),
    Migration(2, "progress: sector assignments, draft versions, notification claims, owner updates", _v2),
    Migration(3, "durable jobs for accepted deliveries, and the replies they sent", _v3),
]


async def migrate(engine: AsyncEngine) -> int:
    """Bring the schema up to date; returns the version it is at."""
    async with engine.begin() as conn:
        return await conn.run_sync(_migrate)


def _migrate(conn: Connection) -> int:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
    elif conn.dialect.name == "sqlite":  # the first statement on this connection: no transaction yet
        # pysqlite runs DDL outside a transaction: take the write lock first, so processes
        # starting together on a fresh file migrate it once (the others wait, busy_timeout).
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    tables.schema_version.create(conn, checkfirst=True)
    current = conn.execute(sa.select(tables.schema_version.c.version)).scalar_one_or_none()
    version = current or 0
    for step in MIGRATIONS:
        if step.version > version:
            step.apply(conn)
            version = step.version
    if current is None:
        conn.execute(sa.insert(tables.schema_version).values(id=1, version=version))
    elif version != current:
        conn.execute(sa.update(tables.schema_version).values(version=version))
    return version
