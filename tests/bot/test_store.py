"""The store on SQLite: dedupe that survives a restart, reports, retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from planvakt.bot.store import open_store
from planvakt.bot.store.migrations import MIGRATIONS
from planvakt.bot.store.url import async_url, safe_url


async def test_claims_are_atomic_and_survive_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    store = await open_store(url)
    assert await store.claim(["event:Ev1", "message:D1:1.1"])
    assert not await store.claim(["event:Ev1"])                        # a retry
    assert not await store.claim(["event:Ev2", "message:D1:1.1"])      # the same message, another event
    assert await store.claim(["event:Ev2"])                            # …which was not recorded
    await store.close()
    reopened = await open_store(url)
    assert not await reopened.claim(["event:Ev1"])
    await reopened.close()


async def test_reports_are_kept_per_user_newest_first(tmp_path: Path) -> None:
    now = [datetime(2024, 10, 1, 12, tzinfo=UTC)]
    store = await open_store(f"sqlite:///{tmp_path / 'p.db'}", clock=lambda: now[0])
    first = await store.save_report("U1", {"title": "A"})
    now[0] += timedelta(minutes=5)
    second = await store.save_report("U1", {"title": "B"})
    await store.save_report("U2", {"title": "C"})
    recent = await store.recent_reports("U1")
    assert [r.id for r in recent] == [second, first]
    assert recent[0].created_at == now[0] and recent[0].report == {"title": "B"}
    assert await store.load_report("nope") is None
    await store.close()


async def test_prune_forgets_old_deliveries_and_reports(tmp_path: Path) -> None:
    now = [datetime(2024, 1, 1, tzinfo=UTC)]
    store = await open_store(f"sqlite:///{tmp_path / 'p.db'}", clock=lambda: now[0])
    await store.claim(["event:old"])
    old = await store.save_report("U1", {})
    now[0] += timedelta(days=8)
    await store.claim(["event:new"])
    await store.prune()
    assert await store.claim(["event:old"])          # forgotten after a week
    assert not await store.claim(["event:new"])
    assert await store.load_report(old) is not None   # reports are kept for 30 days
    now[0] += timedelta(days=30)
    await store.prune()
    assert await store.load_report(old) is None
    await store.close()


async def test_migrations_run_once_and_record_the_version(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    for _ in range(2):
        store = await open_store(url)
        async with store.engine.connect() as conn:
            version = (await conn.execute(sa.text("SELECT version FROM planvakt_schema"))).scalar_one()
        assert version == MIGRATIONS[-1].version
        assert await store.ping()
        await store.close()


def test_urls_get_async_drivers_and_passwords_are_hidden() -> None:
    assert async_url("sqlite:///planvakt.db").drivername == "sqlite+aiosqlite"
    assert async_url("postgresql://u:p@h/db").drivername == "postgresql+asyncpg"
    assert async_url("postgresql+asyncpg://h/db").drivername == "postgresql+asyncpg"
    assert dict(async_url("postgresql://u@h/db?sslmode=require").query) == {"ssl": "require"}  # libpq's name
    assert "hemmelig" not in safe_url("postgresql://u:hemmelig@h/db")
