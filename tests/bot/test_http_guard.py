"""The hardened endpoint in process: size limits, the connection cap, idle timeouts, rate-limited
log lines, and X-Forwarded-For believed only from a configured proxy."""

from __future__ import annotations

import asyncio
import json
import logging
import time

import pytest
from bot_harness import RunningBot, running_bot
from fake_slack import FakeSlack
from slack_requests import dm, slack_signature

from planvakt.bot.slack.http import MAX_BODY, RateLimitedLog


async def raw_request(bot: RunningBot, head: bytes, body: bytes = b"", *, timeout: float = 5.0) -> bytes:
    port = int(bot.url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head + body)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()


async def test_a_body_over_the_limit_is_refused_by_its_content_length_before_it_is_sent(bot: RunningBot) -> None:
    head = (f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {50 * 1024 * 1024}\r\n\r\n").encode()
    started = time.perf_counter()
    answer = await raw_request(bot, head)                 # not one byte of the 50 MB sent
    assert answer.startswith(b"HTTP/1.1 413") and time.perf_counter() - started < 2


async def test_a_streamed_body_is_cut_at_the_limit(bot: RunningBot) -> None:
    async def chunks():
        for _ in range(MAX_BODY // 65536 + 4):
            yield b"x" * 65536

    async with bot.session.post(bot.sender.url, data=chunks(), headers={"Content-Type": "application/json"}) as sent:
        assert sent.status == 413


async def test_signed_garbage_is_400_and_unsigned_401(bot: RunningBot, fake_slack: FakeSlack) -> None:
    now = str(int(time.time()))
    for body, status in ((b"[" * 50_000, 400), (b"\xff{}", 400), (b"{\"a\": 1", 400)):
        signed = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": now,
                  "X-Slack-Signature": slack_signature(bot.sender.secret, now, body)}
        async with bot.session.post(bot.sender.url, data=body, headers=signed) as response:
            assert response.status == status
        async with bot.session.post(bot.sender.url, data=body, headers={"Content-Type": "application/json"}) as r:
            assert r.status == 401
    assert not fake_slack.calls_to("chat.postMessage")


async def test_over_the_connection_cap_the_oldest_idle_connection_goes(fake_slack: FakeSlack, store_url: str) -> None:
    async with running_bot(fake_slack, store_url) as bot:
        runner_server = bot.runner.server
        runner_server.max_connections = 5
        port = int(bot.url.rsplit(":", 1)[1])
        idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(12)]
        await asyncio.sleep(0.2)
        async with bot.session.get(bot.url + "/health") as response:
            assert response.status == 200
        assert len(runner_server.connections) <= 5 + 1 and runner_server.evicted >= 7
        first_reader = idle[0][0]
        assert await asyncio.wait_for(first_reader.read(), 1) == b""     # the oldest was closed
        for _reader, writer in idle:
            writer.close()


async def test_an_idle_connection_is_closed_after_the_idle_timeout(fake_slack: FakeSlack, store_url: str) -> None:
    async with running_bot(fake_slack, store_url, idle_timeout=0.5) as bot:
        port = int(bot.url.rsplit(":", 1)[1])
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")     # a head never finished
        started = time.perf_counter()
        assert await asyncio.wait_for(reader.read(), 5) == b""
        assert time.perf_counter() - started < 3
        writer.close()


def test_refusals_are_logged_one_line_per_reason_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    logged = RateLimitedLog(logging.getLogger("test.guard"), every=10, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="test.guard"):
        for _ in range(100):
            logged.warning("bad signature", "10.0.0.1")
        logged.warning("body over 1 bytes", "10.0.0.1")
        now[0] = 11
        logged.warning("bad signature", "10.0.0.1")
    assert [r.getMessage() for r in caplog.records] == [
        "refused a request from 10.0.0.1: bad signature",
        "refused a request from 10.0.0.1: body over 1 bytes",
        "refused a request from 10.0.0.1: bad signature (and 99 more in the last 10 s)"]


@pytest.mark.parametrize(("trusted", "named"), [((), "127.0.0.1"), (("127.0.0.0/8",), "203.0.113.9")])
async def test_x_forwarded_for_names_the_client_only_behind_a_trusted_proxy(
        fake_slack: FakeSlack, store_url: str, caplog: pytest.LogCaptureFixture, trusted: tuple[str, ...],
        named: str) -> None:
    async with running_bot(fake_slack, store_url, trusted_proxies=trusted) as bot:
        with caplog.at_level(logging.WARNING, logger="planvakt.bot.slack.http"):
            body = json.dumps(bot.sender.envelope(dm("hjelp"))).encode()
            headers = {"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.9"}
            async with bot.session.post(bot.sender.url, data=body, headers=headers) as response:
                assert response.status == 401
    [line] = [r.getMessage() for r in caplog.records if r.name == "planvakt.bot.slack.http"]
    assert line == f"refused a request from {named}: unsigned"
