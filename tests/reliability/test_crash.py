"""Nothing acknowledged is lost: kill -9, or SIGTERM to the process group, in the middle of a burst
of 200 drafts, on SQLite and on PostgreSQL. After a restart (and Slack's retries of what was never
acknowledged) every draft has exactly one answer, and no job kept a draft's text."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
from collections import Counter
from pathlib import Path

import aiohttp
import pytest
import sqlalchemy as sa
from drafts import SECRET, WITH_GAPS
from fake_slack import FakeSlack
from server import start_server, write_config
from slack_requests import SlackSender, dm

from planvakt.bot.store import open_store

DRAFTS = 200
KILL_AFTER = 60          # acknowledged deliveries before the kill: in the middle of the burst
PARALLEL = 8             # deliveries in flight, as Slack sends them
ANSWER_TIMEOUT = 240.0

pytestmark = pytest.mark.slow


def burst(fake: FakeSlack) -> list[tuple[str, dict]]:
    """200 writers, each with a draft in their DM to the bot (as Slack keeps it), and its event id."""
    drafts = []
    for n in range(DRAFTS):
        event = fake.add_message(f"D{n:04d}", dm(WITH_GAPS, user=f"U{n:04d}", channel=f"D{n:04d}"))
        drafts.append((f"EvBURST{n:04d}", event))
    return drafts


async def send_all(sender: SlackSender, drafts: list[tuple[str, dict]], acked: set[str],
                   enough: asyncio.Event | None, *, retry: int | None = None) -> None:
    """Deliver each draft once (as Slack does); note which got a 200. Refused connections are not acks."""
    queue: asyncio.Queue[tuple[str, dict]] = asyncio.Queue()
    for item in drafts:
        queue.put_nowait(item)

    async def worker() -> None:
        while not queue.empty():
            event_id, event = queue.get_nowait()
            with contextlib.suppress(aiohttp.ClientError, OSError, asyncio.TimeoutError):
                sent = await sender.event(event, event_id=event_id, retry=retry)
                if sent.status == 200:
                    acked.add(event_id)
                    if enough is not None and len(acked) >= KILL_AFTER:
                        enough.set()

    await asyncio.gather(*(worker() for _ in range(PARALLEL)))


def answers_per_draft(fake: FakeSlack, drafts: list[tuple[str, dict]]) -> Counter[str]:
    by_thread = Counter(call.params.get("thread_ts") for call in fake.calls_to("chat.postMessage"))
    return Counter({event_id: by_thread[event["ts"]] for event_id, event in drafts})


async def job_payloads(store_url: str) -> list[str]:
    store = await open_store(store_url)
    try:
        async with store.engine.connect() as conn:
            return [json.dumps(row.payload) for row in (await conn.execute(sa.text("SELECT payload FROM jobs")))]
    finally:
        await store.close()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm-group"])
async def test_every_acknowledged_draft_is_answered_exactly_once(
        how: signal.Signals, database: str, fake_slack: FakeSlack, tmp_path: Path) -> None:
    config = write_config(tmp_path, database)
    log = tmp_path / "serve.log"
    drafts = burst(fake_slack)
    acked: set[str] = set()
    enough = asyncio.Event()

    server = await start_server(fake_slack, config, log)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        sender = SlackSender(server.url + "/slack/events", session)
        sending = asyncio.create_task(send_all(sender, drafts, acked, enough))
        await asyncio.wait_for(enough.wait(), 120)
        server.signal_group(how)                       # mid-burst: deliveries still arriving
        await sending
        await server.wait()
        acknowledged_before = len(acked)
        answered_before = sum(1 for n in answers_per_draft(fake_slack, drafts).values() if n)
        kept = await job_payloads(database)
        assert not any(SECRET in payload or "Oppvekst" in payload for payload in kept)

        server = await start_server(fake_slack, config, log, port=server.port)
        try:
            missed = [(event_id, event) for event_id, event in drafts if event_id not in acked]
            await send_all(sender, missed, acked, None, retry=1)   # Slack retries what got no 200
            assert acked == {event_id for event_id, _ in drafts}

            async def all_answered() -> None:
                while not all(answers_per_draft(fake_slack, drafts).values()) or await job_count(session, server):
                    await asyncio.sleep(0.5)

            await asyncio.wait_for(all_answered(), ANSWER_TIMEOUT)
            await asyncio.sleep(1.0)                    # time for a second answer, if one were coming
        finally:
            server.signal_group(signal.SIGTERM)
            await server.wait()

    counts = answers_per_draft(fake_slack, drafts)
    assert sorted(set(counts.values())) == [1], {k: v for k, v in counts.items() if v != 1}
    assert all("på plass" in call.params["text"] for call in fake_slack.calls_to("chat.postMessage"))
    assert await job_payloads(database) == []
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")
    print(f"\n{how.name} on {database.split(':')[0]}: {acknowledged_before} acknowledged before the kill, "
          f"{answered_before} answered before it, {DRAFTS - answered_before} answered after the restart; "
          f"{sum(counts.values())} answers to {DRAFTS} drafts")


async def job_count(session: aiohttp.ClientSession, server) -> int:
    async with session.get(server.url + "/health") as response:
        return int((await response.json())["pending"])
