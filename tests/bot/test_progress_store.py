"""The progress store on SQLite and on a real PostgreSQL server: versions, assignments, claims, throttling."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from planvakt.bot.store import open_store
from planvakt.bot.store.migrations import MIGRATIONS
from planvakt.bot.store.progress import CLAIM_LEASE, MAX_ATTEMPTS, ProgressStore, VersionSummary

T0 = datetime(2024, 10, 1, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def summary(done: int, errors: int = 0, total: int = 8) -> VersionSummary:
    checklist = [{"id": f"s{n}", "label": f"Punkt {n}", "status": "ok" if n < done else "missing",
                  "done": n < done, "level": 2} for n in range(total)]
    return VersionSummary(errors=errors, warnings=1, suggestions=0, done=done, total=total, checklist=checklist,
                          sections={"innledning": "ok"}, focus_areas={"S1": "covered"}, plan_link="ok",
                          ruleset="sektorkapittel", source="markdown")


async def test_versions_are_recorded_per_sector_with_history_and_latest(db_url: str) -> None:
    store = await open_store(db_url)
    progress = ProgressStore(store.engine)
    try:
        first = await progress.record_version("oppvekst", "U1", summary(2, errors=3), T0)
        await progress.record_version("helse", "U2", summary(5), T0 + HOUR)
        last = await progress.record_version("oppvekst", "U3", summary(6, errors=1), T0 + 2 * HOUR)
        await progress.record_version(None, "U4", summary(1), T0 + 3 * HOUR, choices=("oppvekst", "helse"))
        history = await progress.history("oppvekst")
        assert [v.id for v in history] == [last.id, first.id]
        assert history[0].user == "U3" and history[0].checked_at == T0 + 2 * HOUR
        assert history[0].summary == summary(6, errors=1)               # counts, checklist and progress kept
        latest = await progress.latest_versions()
        assert set(latest) == {"oppvekst", "helse"}                      # the pending one is no sector's
        assert latest["oppvekst"][0].id == last.id and latest["oppvekst"][1] == 2
        assert await progress.versions_since(T0 + HOUR) == {"oppvekst": 1, "helse": 1}
    finally:
        await store.close()


async def test_draft_text_is_kept_only_when_asked_and_priorities_have_a_place(db_url: str) -> None:
    store = await open_store(db_url)
    progress = ProgressStore(store.engine)
    try:
        quiet = await progress.record_version("oppvekst", "U1", summary(2), T0)
        kept = await progress.record_version("oppvekst", "U1", summary(2), T0, draft_text="Hemmelig utkast")
        await progress.set_priorities(quiet.id, [{"focus_area": "S1", "text": "Tidlig innsats"}])
        async with store.engine.connect() as conn:
            rows = {row.id: row for row in (await conn.execute(sa.text(
                "SELECT id, draft_text, priorities FROM draft_versions"))).all()}
        assert rows[quiet.id].draft_text is None and rows[kept.id].draft_text == "Hemmelig utkast"
        priorities = rows[quiet.id].priorities
        assert "Tidlig innsats" in (priorities if isinstance(priorities, str) else str(priorities))
    finally:
        await store.close()


async def test_a_pending_version_is_filed_only_by_its_author_under_an_offered_sector(db_url: str) -> None:
    store = await open_store(db_url)
    progress = ProgressStore(store.engine)
    try:
        pending = await progress.record_version(None, "U1", summary(3), T0, choices=("oppvekst", "helse"))
        assert (await progress.latest_pending("U1")).id == pending.id
        assert await progress.choose_sector(pending.id, "U2", "oppvekst") is None      # not the author
        assert await progress.choose_sector(pending.id, "U1", "kultur") is None        # not offered
        chosen = await progress.choose_sector(pending.id, "U1", "helse")
        assert chosen is not None and chosen.sector_id == "helse"
        assert await progress.choose_sector(pending.id, "U1", "oppvekst") is None      # already filed
        assert await progress.latest_pending("U1") is None
        assert [v.id for v in await progress.history("helse")] == [pending.id]
        other = await progress.record_version(None, "U1", summary(3), T0, choices=("oppvekst",))
        assert not await progress.discard_pending(other.id, "U2")
        assert await progress.discard_pending(other.id, "U1")
        assert await progress.load_version(other.id) is None
    finally:
        await store.close()


async def test_assignments_upsert_and_keep_the_deadline_when_none_is_given(db_url: str) -> None:
    store = await open_store(db_url)
    progress = ProgressStore(store.engine)
    try:
        await progress.assign("oppvekst", "U1", date(2024, 10, 15), "UKOORD", T0)
        await progress.assign("oppvekst", "U2", None, "UKOORD", T0 + HOUR)
        [assignment] = (await progress.assignments()).values()
        assert (assignment.owner, assignment.deadline, assignment.assigned_at) == ("U2", date(2024, 10, 15), T0 + HOUR)
    finally:
        await store.close()


async def test_a_notification_is_claimed_once_even_by_racing_replicas(db_url: str) -> None:
    stores = [await open_store(db_url) for _ in range(4)]      # four replicas, four connection pools
    try:
        claims = await asyncio.gather(*(ProgressStore(s.engine).claim("oppvekst", "reminder", "2024-10-08", T0)
                                        for s in stores for _ in range(3)))
        assert sum(claims) == 1
        progress = ProgressStore(stores[0].engine)
        assert not await progress.claim("oppvekst", "reminder", "2024-10-08", T0 + timedelta(minutes=1))
        assert await progress.claim("oppvekst", "reminder", "2024-10-13", T0)          # another due day
        assert await progress.claim("helse", "reminder", "2024-10-08", T0)             # another sector
    finally:
        for store in stores:
            await store.close()


async def test_a_dead_senders_claim_is_taken_over_and_failures_are_retried_a_few_times(db_url: str) -> None:
    store = await open_store(db_url)
    progress = ProgressStore(store.engine)
    try:
        assert await progress.claim("oppvekst", "reminder", "d1", T0)
        assert not await progress.claim("oppvekst", "reminder", "d1", T0 + CLAIM_LEASE - timedelta(seconds=1))
        assert await progress.claim("oppvekst", "reminder", "d1", T0 + CLAIM_LEASE + timedelta(seconds=1))
        await progress.finish("oppvekst", "reminder", "d1", T0, sent=True)
        assert not await progress.claim("oppvekst", "reminder", "d1", T0 + 10 * CLAIM_LEASE)   # sent: never again
        assert await progress.sent("reminder") == [("oppvekst", "reminder", "d1")]

        assert await progress.claim("helse", "reminder", "d1", T0)
        for _ in range(MAX_ATTEMPTS - 1):
            await progress.finish("helse", "reminder", "d1", T0, sent=False)
            assert await progress.claim("helse", "reminder", "d1", T0)                  # a failure is retried
        await progress.finish("helse", "reminder", "d1", T0, sent=False)
        assert not await progress.claim("helse", "reminder", "d1", T0)                  # …but not forever
    finally:
        await store.close()


async def test_owner_updates_go_out_at_most_once_an_hour_and_the_waiting_one_later(db_url: str) -> None:
    store = await open_store(db_url)
    progress = ProgressStore(store.engine)
    try:
        assert await progress.owner_update_now("oppvekst", "v1", T0, HOUR)
        assert not await progress.owner_update_now("oppvekst", "v2", T0 + timedelta(minutes=10), HOUR)
        assert not await progress.owner_update_now("oppvekst", "v3", T0 + timedelta(minutes=20), HOUR)
        assert await progress.owner_update_now("helse", "h1", T0 + timedelta(minutes=20), HOUR)   # per sector
        assert await progress.due_owner_updates(T0 + timedelta(minutes=59), HOUR) == []
        assert await progress.due_owner_updates(T0 + HOUR, HOUR) == [("oppvekst", "v3")]       # the newest waits
        results = await asyncio.gather(*(progress.claim_owner_update("oppvekst", "v3", T0 + HOUR, HOUR)
                                         for _ in range(3)))
        assert sum(results) == 1
        assert await progress.due_owner_updates(T0 + 3 * HOUR, HOUR) == []
        assert await progress.owner_update_now("oppvekst", "v4", T0 + 2 * HOUR, HOUR)
    finally:
        await store.close()


async def test_migrations_reach_the_latest_version_once(db_url: str) -> None:
    for _ in range(2):
        store = await open_store(db_url)
        async with store.engine.connect() as conn:
            version = (await conn.execute(sa.text("SELECT version FROM planvakt_schema"))).scalar_one()
            tables = await conn.run_sync(lambda sync: set(sa.inspect(sync).get_table_names()))
        await store.close()
        assert version == MIGRATIONS[-1].version == 3
        assert {"draft_versions", "sector_assignments", "notifications", "owner_updates"} <= tables


async def test_racing_replicas_migrate_a_fresh_database_once(db_url: str) -> None:
    stores = await asyncio.gather(*(open_store(db_url) for _ in range(3)))
    try:
        assert all([await s.ping() for s in stores])
    finally:
        for store in stores:
            await store.close()


@pytest.mark.postgres
async def test_the_delivery_store_dedupes_and_keeps_reports_on_postgresql(pg_url: str) -> None:
    store = await open_store(pg_url, clock=lambda: T0)
    try:
        assert await store.claim(["event:Ev1", "message:D1:1.1"])
        assert not await store.claim(["event:Ev1"])
        report_id = await store.save_report("U1", {"title": "A", "summary": {"errors": 1}})
        assert (await store.load_report(report_id)).report == {"title": "A", "summary": {"errors": 1}}
        assert (await store.recent_reports("U1"))[0].created_at == T0
    finally:
        await store.close()
    reopened = await open_store(pg_url)
    try:
        assert not await reopened.claim(["event:Ev1"])           # survives a restart
    finally:
        await reopened.close()
