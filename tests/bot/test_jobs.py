"""Durable jobs end to end: recorded before the 200, taken up after a restart, replies sent once,
replays of commands and clicks answered once, and «Vis alle funn» only for its author."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from bot_harness import RunningBot, running_bot
from drafts import WITH_GAPS
from fake_slack import FakeSlack
from slack_requests import dm, next_ts

from planvakt.bot.slack.blocks import SHOW_ALL_ACTION
from planvakt.bot.slack.delivery import METADATA_TYPE
from planvakt.bot.store import open_store
from planvakt.bot.store.jobs import JobStore
from planvakt.bot.store.sql import utcnow


async def stale_job(store_url: str, kind: str, payload: dict, *, replies: dict[str, str | None] | None = None) -> str:
    """A job as a worker that died left it: its lease ran out; ``replies``: its ledger (key part → ts)."""
    store = await open_store(store_url)
    try:
        jobs = JobStore(store.engine, utcnow)
        job_id = "0" * 31 + "1"
        assert await jobs.enqueue(job_id, kind, payload, [f"event:Ev{job_id}"], owner="dead:1",
                                  lease=timedelta(seconds=-1))
        for part, ts in (replies or {}).items():
            await jobs.begin_reply(job_id, f"{job_id}:{part}", payload.get("channel"))
            if ts is not None:
                await jobs.reply_sent(f"{job_id}:{part}", ts)
        return job_id
    finally:
        await store.close()


async def jobs_left(store_url: str) -> int:
    store = await open_store(store_url)
    try:
        return await JobStore(store.engine, utcnow).count()
    finally:
        await store.close()


async def wait_until_done(bot: RunningBot, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while await bot.runtime.jobs.store.count():
        assert time.monotonic() < deadline, "jobs still in the store"
        await bot.runtime.jobs.run_due()
        await bot.settle()


def message_payload(event: dict) -> dict:
    return {"where": "dm", "user": event["user"], "channel": event["channel"], "ts": event["ts"],
            "thread_ts": None, "bot_user": "UPLANVAKT"}


# --- taken up again -------------------------------------------------------------------------


async def test_a_job_left_by_a_dead_worker_is_answered_from_the_message_slack_keeps(
        fake_slack: FakeSlack, store_url: str) -> None:
    event = fake_slack.add_message("D0WRITER", dm(WITH_GAPS))
    await stale_job(store_url, "message", message_payload(event))
    async with running_bot(fake_slack, store_url) as bot:
        await wait_until_done(bot)
        [post] = await fake_slack.wait_for("chat.postMessage")
        assert post.params["thread_ts"] == event["ts"] and "4/8 på plass" in post.params["text"]
        assert post.params["metadata"]["event_type"] == METADATA_TYPE
    assert [c.params["latest"] for c in fake_slack.calls_to("conversations.history")] == [event["ts"]]
    assert await jobs_left(store_url) == 0


async def test_a_message_that_is_gone_from_slack_gets_a_friendly_word(fake_slack: FakeSlack, store_url: str) -> None:
    fake_slack.add_message("D0WRITER", dm("hei"))        # the channel exists, the message does not
    await stale_job(store_url, "message", message_payload(dm(WITH_GAPS)))
    async with running_bot(fake_slack, store_url) as bot:
        await wait_until_done(bot)
        [post] = await fake_slack.wait_for("chat.postMessage")
        assert "Send den gjerne en gang til" in post.params["text"]


async def test_a_reply_slack_already_has_is_not_posted_again(fake_slack: FakeSlack, store_url: str) -> None:
    event = fake_slack.add_message("D0WRITER", dm(WITH_GAPS))
    job_id = "0" * 31 + "1"
    # the worker posted reply 0 and died before it could record the ts
    fake_slack.add_message("D0WRITER", {"type": "message", "ts": next_ts(), "thread_ts": event["ts"],
                                        "bot_id": fake_slack.bot_id, "text": "svar",
                                        "metadata": {"event_type": METADATA_TYPE,
                                                     "event_payload": {"key": f"{job_id}:0"}}})
    await stale_job(store_url, "message", message_payload(event), replies={"0": None})
    async with running_bot(fake_slack, store_url) as bot:
        await wait_until_done(bot)
    assert not fake_slack.calls_to("chat.postMessage")
    [lookup] = fake_slack.calls_to("conversations.replies")
    assert lookup.params["ts"] == event["ts"]


async def test_a_reply_begun_but_never_posted_is_posted_once(fake_slack: FakeSlack, store_url: str) -> None:
    event = fake_slack.add_message("D0WRITER", dm(WITH_GAPS))
    await stale_job(store_url, "message", message_payload(event), replies={"0": None})
    async with running_bot(fake_slack, store_url) as bot:
        await wait_until_done(bot)
        assert len(await fake_slack.wait_for("chat.postMessage")) == 1


async def test_a_reply_recorded_as_sent_is_skipped(fake_slack: FakeSlack, store_url: str) -> None:
    event = fake_slack.add_message("D0WRITER", dm(WITH_GAPS))
    await stale_job(store_url, "message", message_payload(event), replies={"0": "1700000000.000001"})
    async with running_bot(fake_slack, store_url) as bot:
        await wait_until_done(bot)
    assert not fake_slack.calls_to("chat.postMessage") and not fake_slack.calls_to("conversations.replies")


async def test_a_delivery_the_store_cannot_record_gets_no_200(fake_slack: FakeSlack, store_url: str) -> None:
    async with running_bot(fake_slack, store_url) as bot:
        async with bot.runtime.store.engine.begin() as conn:
            await conn.execute(sa.text("DROP TABLE jobs"))
        sent = await bot.sender.event(dm(WITH_GAPS))
        assert sent.status == 503          # Slack retries it
        await bot.settle()
    assert not fake_slack.calls_to("chat.postMessage")


async def test_stopping_gives_unfinished_jobs_back(fake_slack: FakeSlack, store_url: str) -> None:
    fake_slack.rate_limit_next("chat.postMessage", retry_after=30)   # the reply hangs past the drain
    async with running_bot(fake_slack, store_url) as bot:
        bot.runtime.drain_seconds = 0.5
        assert (await bot.sender.event(fake_slack.add_message("D0WRITER", dm(WITH_GAPS)))).status == 200
        await fake_slack.wait_for("chat.postMessage")
    store = await open_store(store_url)
    try:
        async with store.engine.connect() as conn:
            [(owner, payload)] = (await conn.execute(sa.text("SELECT owner, payload FROM jobs"))).all()
    finally:
        await store.close()
    assert owner is None                    # any worker may take it up at once
    assert "Oppvekst" not in str(payload)   # the draft's text is not kept, only where it is


# --- replays ---------------------------------------------------------------------------------


async def test_a_replayed_slash_command_is_answered_once(bot: RunningBot, fake_slack: FakeSlack) -> None:
    form = {"token": "legacy", "team_id": "T0KOMMUNE", "channel_id": "C0PLAN", "user_id": "UWRITER",
            "command": "/planvakt", "text": "hjelp", "response_url": fake_slack.response_url(),
            "trigger_id": "trig.replayed"}
    body, timestamp = urlencode(form).encode(), str(int(time.time()))
    first = await bot.sender.post(body, "application/x-www-form-urlencoded", timestamp=timestamp)
    replay = await bot.sender.post(body, "application/x-www-form-urlencoded", timestamp=timestamp)
    assert first.status == replay.status == 200
    await bot.settle()
    assert len(fake_slack.calls_to("response")) == 1


async def test_a_replayed_click_opens_one_modal(bot: RunningBot, fake_slack: FakeSlack) -> None:
    await bot.sender.event(dm(WITH_GAPS))
    [post] = await fake_slack.wait_for("chat.postMessage")
    [button] = [e for b in post.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    payload = {"type": "block_actions", "user": {"id": "UWRITER"}, "trigger_id": "trig.click",
               "team": {"id": "T0KOMMUNE"}, "api_app_id": "A0PLANVAKT", "token": "legacy",
               "actions": [{"action_id": SHOW_ALL_ACTION, "value": button["value"], "type": "button"}]}
    body, timestamp = urlencode({"payload": json.dumps(payload)}).encode(), str(int(time.time()))
    for _ in range(3):
        assert (await bot.sender.post(body, "application/x-www-form-urlencoded", timestamp=timestamp)).status == 200
    await bot.settle()
    assert len(fake_slack.calls_to("views.open")) == 1


# --- «Vis alle funn» --------------------------------------------------------------------------


@pytest.mark.parametrize(("clicker", "opens"), [("UWRITER", True), ("UOTHER", False), ("U0KOORD01", True)])
async def test_vis_alle_funn_opens_only_for_the_author_and_the_coordinators(
        fake_slack: FakeSlack, store_url: str, clicker: str, opens: bool) -> None:
    async with running_bot(fake_slack, store_url, coordinators=("U0KOORD01",)) as bot:
        await bot.sender.event(dm(WITH_GAPS, user="UWRITER"))
        [post] = await fake_slack.wait_for("chat.postMessage")
        [button] = [e for b in post.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
        await bot.sender.click(SHOW_ALL_ACTION, button["value"], user=clicker)
        [opened] = await fake_slack.wait_for("views.open")
    shown = str(opened.params["view"]["blocks"])
    assert (shown.count("*Linje") == 6) is opens
    assert ("hører til utkastet til en annen skribent" in shown) is not opens


# --- the job store on both databases -----------------------------------------------------------


async def test_leases_give_each_job_to_one_worker_until_it_dies_or_gives_it_back(db_url: str) -> None:
    now = [utcnow()]
    store = await open_store(db_url)
    try:
        jobs = JobStore(store.engine, lambda: now[0])
        lease = timedelta(seconds=30)
        assert await jobs.enqueue("a" * 32, "message", {"ts": "1.1"}, ["event:Ev1", "message:D1:1.1"],
                                  owner="w1", lease=lease)
        assert not await jobs.enqueue("b" * 32, "message", {"ts": "1.1"}, ["event:Ev2", "message:D1:1.1"],
                                      owner="w1", lease=lease)         # the same message: not a second job
        assert await jobs.count() == 1
        assert await jobs.claim_due("w2", lease, 10) == []             # w1 holds it
        now[0] += timedelta(seconds=20)
        await jobs.renew("w1", ["a" * 32], lease)
        now[0] += timedelta(seconds=20)
        assert await jobs.claim_due("w2", lease, 10) == []             # renewed: still w1's
        now[0] += timedelta(seconds=31)                                # w1 died
        [taken] = await jobs.claim_due("w2", lease, 10)
        assert taken.attempts == 2 and taken.payload == {"ts": "1.1"}
        assert await jobs.claim_due("w3", lease, 10) == []
        await jobs.release("w2", taken.id)
        [again] = await jobs.claim_due("w3", lease, 10)                # given back: at once
        first = await jobs.begin_reply(again.id, f"{again.id}:0", "D1")
        second = await jobs.begin_reply(again.id, f"{again.id}:0", "D1")
        assert first.fresh and not second.fresh and not second.sent
        await jobs.reply_sent(f"{again.id}:0", "1.2")
        assert (await jobs.begin_reply(again.id, f"{again.id}:0", "D1")).ts == "1.2"
        await jobs.finish(again.id)
        assert await jobs.count() == 0
        async with store.engine.connect() as conn:
            assert (await conn.execute(sa.text("SELECT count(*) FROM job_replies"))).scalar_one() == 0
    finally:
        await store.close()
