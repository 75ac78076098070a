"""The progress store: who owns which sector, every checked draft version, and claims that make
reminders, digests and owner updates go out once however many replicas or runs there are.

Built on the same SQLAlchemy engine as :class:`planvakt.bot.store.sql.SqlStore` (SQLite or
PostgreSQL). All times are written in UTC. Claims use the database's unique keys
(``INSERT … ON CONFLICT DO NOTHING``) and conditional updates, never a read-then-write.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from planvakt.bot.progress.model import Assignment, DraftVersion, VersionSummary
from planvakt.bot.store.progress_tables import (
    draft_versions,
    notifications,
    owner_updates,
    sector_assignments,
)
from planvakt.bot.store.retention import DEFAULT_RETENTION, Retention

CLAIM_LEASE = timedelta(minutes=10)      # a claim older than this, never marked sent, is taken over
MAX_ATTEMPTS = 5                         # a notification that failed this often is given up
PENDING_CHOICE_RETENTION = timedelta(days=14)
NOTIFICATION_RETENTION = timedelta(days=400)
__all__ = ["Assignment", "DraftVersion", "ProgressStore", "VersionSummary"]  # the types: bot.progress.model's


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; SQLite gives back naive datetimes (we always write UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _version(row: Any) -> DraftVersion:
    summary = row.summary or {}
    return DraftVersion(
        id=row.id, sector_id=row.sector_id, user=row.user_id, checked_at=as_utc(row.checked_at),
        choices=tuple(row.choices or ()),
        summary=VersionSummary(errors=row.errors, warnings=row.warnings, suggestions=row.suggestions,
                               done=row.done, total=row.total, checklist=list(row.checklist or []),
                               sections=dict(summary.get("sections", {})),
                               focus_areas=dict(summary.get("focus_areas", {})),
                               plan_link=str(summary.get("plan_link", "")), ruleset=row.ruleset, source=row.source))


_VERSION_COLUMNS = [c for c in draft_versions.c if c.name not in ("draft_text", "priorities")]


def _insert(conn: AsyncConnection, table: sa.Table):
    """The dialect's INSERT, which knows ON CONFLICT."""
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


class ProgressStore:
    def __init__(self, engine: AsyncEngine, retention: Retention = DEFAULT_RETENTION) -> None:
        self.engine = engine
        self.retention = retention

    # --- assignments --------------------------------------------------------------------

    async def assignments(self) -> dict[str, Assignment]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(sa.select(sector_assignments))).all()
        return {row.sector_id: Assignment(row.sector_id, row.owner, row.deadline, row.assigned_by,
                                          as_utc(row.assigned_at)) for row in rows}

    async def assign(self, sector_id: str, owner: str, deadline: date | None, by: str, now: datetime) -> None:
        """Set a sector's owner (and deadline, if given: None keeps the one before)."""
        values = {"sector_id": sector_id, "owner": owner, "deadline": deadline, "assigned_by": by,
                  "assigned_at": as_utc(now)}
        async with self.engine.begin() as conn:
            if deadline is None:
                current = (await conn.execute(sa.select(sector_assignments.c.deadline)
                                              .where(sector_assignments.c.sector_id == sector_id))).scalar()
                values["deadline"] = current
            insert = _insert(conn, sector_assignments).values(**values)
            update = {key: insert.excluded[key] for key in ("owner", "deadline", "assigned_by", "assigned_at")}
            await conn.execute(insert.on_conflict_do_update(index_elements=["sector_id"], set_=update))

    # --- draft versions -----------------------------------------------------------------

    async def record_version(self, sector_id: str | None, user: str, summary: VersionSummary, now: datetime, *,
                             choices: tuple[str, ...] = (), draft_text: str | None = None) -> DraftVersion:
        version = DraftVersion(id=uuid.uuid4().hex, sector_id=sector_id, user=user, checked_at=as_utc(now),
                               summary=summary, choices=choices)
        async with self.engine.begin() as conn:
            await conn.execute(sa.insert(draft_versions).values(
                id=version.id, sector_id=sector_id, choices=list(choices) if choices else None, user_id=user,
                checked_at=version.checked_at, ruleset=summary.ruleset[:100], source=summary.source[:16],
                errors=summary.errors, warnings=summary.warnings, suggestions=summary.suggestions,
                done=summary.done, total=summary.total, checklist=summary.checklist,
                summary={"sections": summary.sections, "focus_areas": summary.focus_areas,
                         "plan_link": summary.plan_link},
                draft_text=draft_text))
        return version

    async def choose_sector(self, version_id: str, user: str, sector_id: str) -> DraftVersion | None:
        """File a pending version under ``sector_id``; None if it is not this user's, not pending, or gone."""
        async with self.engine.begin() as conn:
            row = (await conn.execute(sa.select(*_VERSION_COLUMNS).where(
                draft_versions.c.id == version_id, draft_versions.c.user_id == user,
                draft_versions.c.sector_id.is_(None)))).first()
            if row is None or sector_id not in (row.choices or ()):
                return None
            done = await conn.execute(sa.update(draft_versions).where(
                draft_versions.c.id == version_id, draft_versions.c.sector_id.is_(None))
                .values(sector_id=sector_id, choices=None))
            if done.rowcount != 1:
                return None
        return replace(_version(row), sector_id=sector_id, choices=())

    async def discard_pending(self, version_id: str, user: str) -> bool:
        async with self.engine.begin() as conn:
            done = await conn.execute(sa.delete(draft_versions).where(
                draft_versions.c.id == version_id, draft_versions.c.user_id == user,
                draft_versions.c.sector_id.is_(None)))
        return done.rowcount == 1

    async def load_version(self, version_id: str) -> DraftVersion | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(sa.select(*_VERSION_COLUMNS)
                                      .where(draft_versions.c.id == version_id))).first()
        return _version(row) if row is not None else None

    async def latest_pending(self, user: str) -> DraftVersion | None:
        query = (sa.select(*_VERSION_COLUMNS)
                 .where(draft_versions.c.user_id == user, draft_versions.c.sector_id.is_(None))
                 .order_by(draft_versions.c.checked_at.desc()).limit(1))
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return _version(row) if row is not None else None

    async def latest_versions(self) -> dict[str, tuple[DraftVersion, int]]:
        """Each sector's newest version, with how many versions it has."""
        ranked = sa.select(
            *_VERSION_COLUMNS,
            sa.func.row_number().over(partition_by=draft_versions.c.sector_id,
                                      order_by=(draft_versions.c.checked_at.desc(), draft_versions.c.id.desc()))
            .label("rank"),
            sa.func.count().over(partition_by=draft_versions.c.sector_id).label("versions"),
        ).where(draft_versions.c.sector_id.is_not(None)).subquery()
        async with self.engine.connect() as conn:
            rows = (await conn.execute(sa.select(ranked).where(ranked.c.rank == 1))).all()
        return {row.sector_id: (_version(row), row.versions) for row in rows}

    async def history(self, sector_id: str, limit: int = 10) -> list[DraftVersion]:
        """The sector's versions, newest first."""
        query = (sa.select(*_VERSION_COLUMNS).where(draft_versions.c.sector_id == sector_id)
                 .order_by(draft_versions.c.checked_at.desc(), draft_versions.c.id.desc()).limit(limit))
        async with self.engine.connect() as conn:
            return [_version(row) for row in (await conn.execute(query)).all()]

    async def versions_since(self, since: datetime) -> dict[str, int]:
        query = (sa.select(draft_versions.c.sector_id, sa.func.count())
                 .where(draft_versions.c.sector_id.is_not(None), draft_versions.c.checked_at >= as_utc(since))
                 .group_by(draft_versions.c.sector_id))
        async with self.engine.connect() as conn:
            return {sector: count for sector, count in (await conn.execute(query)).all()}

    async def set_priorities(self, version_id: str, priorities: list[dict[str, Any]]) -> None:
        """For chapter 4 (issue 6): keep the text of a version's priorities (and nothing else of the draft)."""
        async with self.engine.begin() as conn:
            await conn.execute(sa.update(draft_versions).where(draft_versions.c.id == version_id)
                               .values(priorities=priorities))

    async def latest_priorities(self) -> dict[str, tuple[DraftVersion, list[dict[str, Any]] | None]]:
        """Each sector's newest version with its stored priorities (None: the version has none stored)."""
        ranked = sa.select(
            *_VERSION_COLUMNS, draft_versions.c.priorities,
            sa.func.row_number().over(partition_by=draft_versions.c.sector_id,
                                      order_by=(draft_versions.c.checked_at.desc(), draft_versions.c.id.desc()))
            .label("rank"),
        ).where(draft_versions.c.sector_id.is_not(None)).subquery()
        async with self.engine.connect() as conn:
            rows = (await conn.execute(sa.select(ranked).where(ranked.c.rank == 1))).all()
        return {row.sector_id: (_version(row), list(row.priorities) if row.priorities is not None else None)
                for row in rows}

    # --- notifications: claimed before they are sent ---------------------------------------

    async def claim(self, target: str, kind: str, due_key: str, now: datetime) -> bool:
        """True if this caller is the one to send it: a fresh claim, or one whose sender died or failed."""
        now = as_utc(now)
        key = (notifications.c.target == target[:100], notifications.c.kind == kind,
               notifications.c.due_key == due_key)
        async with self.engine.begin() as conn:
            insert = (_insert(conn, notifications)
                      .values(target=target[:100], kind=kind, due_key=due_key, status="claimed", attempts=1,
                              claimed_at=now)
                      .on_conflict_do_nothing(index_elements=["target", "kind", "due_key"])
                      .returning(notifications.c.target))
            if (await conn.execute(insert)).first() is not None:
                return True
            retake = (sa.update(notifications).where(*key, notifications.c.attempts < MAX_ATTEMPTS, sa.or_(
                notifications.c.status == "failed",
                sa.and_(notifications.c.status == "claimed", notifications.c.claimed_at < now - CLAIM_LEASE)))
                .values(status="claimed", claimed_at=now, attempts=notifications.c.attempts + 1))
            return (await conn.execute(retake)).rowcount == 1

    async def finish(self, target: str, kind: str, due_key: str, now: datetime, *, sent: bool) -> None:
        """Mark a claimed notification sent, or failed (to be retried by the next run)."""
        async with self.engine.begin() as conn:
            await conn.execute(sa.update(notifications).where(
                notifications.c.target == target[:100], notifications.c.kind == kind,
                notifications.c.due_key == due_key)
                .values(status="sent" if sent else "failed", sent_at=as_utc(now) if sent else None))

    async def sent(self, kind: str | None = None) -> list[tuple[str, str, str]]:
        """(target, kind, due_key) of what went out; for status and tests."""
        query = sa.select(notifications.c.target, notifications.c.kind, notifications.c.due_key).where(
            notifications.c.status == "sent")
        if kind is not None:
            query = query.where(notifications.c.kind == kind)
        async with self.engine.connect() as conn:
            return [tuple(row) for row in (await conn.execute(query.order_by(notifications.c.claimed_at))).all()]

    # --- owner updates: at most one per sector per interval ---------------------------------

    async def owner_update_now(self, sector_id: str, version_id: str, now: datetime, interval: timedelta) -> bool:
        """True: send the owner this version now. False: one went out within ``interval``; this one waits."""
        now = as_utc(now)
        async with self.engine.begin() as conn:
            insert = (_insert(conn, owner_updates).values(sector_id=sector_id, last_sent_at=now,
                                                          pending_version_id=None)
                      .on_conflict_do_nothing(index_elements=["sector_id"]).returning(owner_updates.c.sector_id))
            if (await conn.execute(insert)).first() is not None:
                return True
            took = await conn.execute(sa.update(owner_updates).where(
                owner_updates.c.sector_id == sector_id,
                sa.or_(owner_updates.c.last_sent_at.is_(None), owner_updates.c.last_sent_at <= now - interval))
                .values(last_sent_at=now, pending_version_id=None))
            if took.rowcount == 1:
                return True
            await conn.execute(sa.update(owner_updates).where(owner_updates.c.sector_id == sector_id)
                               .values(pending_version_id=version_id))
            return False

    async def due_owner_updates(self, now: datetime, interval: timedelta) -> list[tuple[str, str]]:
        """(sector, version) updates that waited and whose interval is up."""
        query = sa.select(owner_updates.c.sector_id, owner_updates.c.pending_version_id).where(
            owner_updates.c.pending_version_id.is_not(None), owner_updates.c.last_sent_at <= as_utc(now) - interval)
        async with self.engine.connect() as conn:
            return [(row.sector_id, row.pending_version_id) for row in (await conn.execute(query)).all()]

    async def claim_owner_update(self, sector_id: str, version_id: str, now: datetime, interval: timedelta) -> bool:
        now = as_utc(now)
        async with self.engine.begin() as conn:
            took = await conn.execute(sa.update(owner_updates).where(
                owner_updates.c.sector_id == sector_id, owner_updates.c.pending_version_id == version_id,
                owner_updates.c.last_sent_at <= now - interval).values(last_sent_at=now, pending_version_id=None))
        return took.rowcount == 1

    # --- housekeeping -------------------------------------------------------------------

    async def prune(self, now: datetime) -> None:
        """Forget unanswered sector questions, old notification claims, and the priorities of versions
        whose plan period has ended; versions themselves are kept (history)."""
        now = as_utc(now)
        before = self.retention.priorities_checked_before(now.date())
        async with self.engine.begin() as conn:
            if before is not None:
                cutoff = datetime.combine(before, datetime.min.time(), tzinfo=UTC) if before != date.max else now
                await conn.execute(sa.update(draft_versions).where(
                    draft_versions.c.priorities.is_not(None), draft_versions.c.checked_at < cutoff)
                    .values(priorities=sa.null()))
            await conn.execute(sa.delete(draft_versions).where(
                draft_versions.c.sector_id.is_(None), draft_versions.c.checked_at < now - PENDING_CHOICE_RETENTION))
            await conn.execute(sa.delete(notifications).where(
                notifications.c.claimed_at < now - NOTIFICATION_RETENTION))
