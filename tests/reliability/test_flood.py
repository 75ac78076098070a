"""Nobody can stall the endpoint without a signature: idle and slow clients, stalled bodies, and
unsigned (or signed but malformed) garbage, against a real ``planvakt serve``."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest
from fake_slack import FakeSlack
from server import serving, write_config
from slack_requests import SIGNING_SECRET, slack_signature

IDLE_CONNECTIONS = 300
HEALTH_LIMIT = 0.100      # seconds
pytestmark = pytest.mark.slow


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


async def health_times(url: str, count: int = 20) -> list[float]:
    times = []
    async with aiohttp.ClientSession() as session:
        for _ in range(count):
            started = time.perf_counter()
            async with session.get(url + "/health", timeout=aiohttp.ClientTimeout(total=5)) as response:
                assert response.status == 200
                await response.read()
            times.append(time.perf_counter() - started)
            await asyncio.sleep(0.05)
    return times


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def open_connections(port: int, count: int, first_bytes: bytes = b"") -> list[Connection]:
    connections = []
    for _ in range(count):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        if first_bytes:
            writer.write(first_bytes)
        connections.append((reader, writer))
    await asyncio.sleep(1.0)    # let the server accept them all: the flood is in place
    return connections


async def closed_by_server(connection: Connection) -> bool:
    """True if the server has closed it (whatever it said first)."""
    try:
        await asyncio.wait_for(connection[0].read(), 0.2)   # reads to EOF
    except TimeoutError:
        return False
    except (ConnectionError, OSError):
        return True
    return True


def close_all(connections: list[Connection]) -> None:
    for _reader, writer in connections:
        with contextlib.suppress(Exception):
            writer.close()


async def test_idle_and_slow_clients_leave_health_answering(fake_slack: FakeSlack, tmp_path: Path) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'planvakt.db'}")
    async with serving(fake_slack, config, tmp_path / "serve.log") as server:
        baseline = await health_times(server.url)
        idle = await open_connections(server.port, IDLE_CONNECTIONS)                  # send nothing
        slow = await open_connections(server.port, IDLE_CONNECTIONS // 2,             # a head never finished
                                      b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")
        flooded = await health_times(server.url)
        rss_before = rss_mb(server.process.pid)
        stalled = await open_connections(server.port, IDLE_CONNECTIONS, (
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"X-Slack-Request-Timestamp: 1\r\nX-Slack-Signature: v0=" + b"0" * 64 +
            b"\r\nContent-Length: 500000\r\n\r\n" + b"{" * 4096))                     # a body that stalls
        stalled_health = await health_times(server.url)
        rss_stalled = rss_mb(server.process.pid)
        flood = idle + slow + stalled
        waited = time.monotonic()
        open_ones = flood
        while open_ones and time.monotonic() - waited < 20:                            # the timeouts: 10 s
            await asyncio.sleep(1.0)
            done = await asyncio.gather(*(closed_by_server(c) for c in open_ones))
            open_ones = [c for c, gone in zip(open_ones, done, strict=True) if not gone]
        waited = time.monotonic() - waited
        closed = len(flood) - len(open_ones)
        close_all(idle + slow + stalled)
        after = await health_times(server.url)
        log = server.log_text()
    print(f"\n/health max: {max(baseline) * 1000:.1f} ms alone, {max(flooded) * 1000:.1f} ms with "
          f"{IDLE_CONNECTIONS} idle + {IDLE_CONNECTIONS // 2} slow-head connections, "
          f"{max(stalled_health) * 1000:.1f} ms with {IDLE_CONNECTIONS} stalled bodies more; "
          f"RSS {rss_before:.0f} → {rss_stalled:.0f} MB; {closed} of {len(idle + slow + stalled)} "
          f"closed by the server within {waited:.0f} s")
    assert max(flooded) < HEALTH_LIMIT and max(stalled_health) < HEALTH_LIMIT
    assert sorted(after)[len(after) // 2] < HEALTH_LIMIT   # the first may wait for 750 closes to be processed
    assert rss_stalled - rss_before < 100
    assert closed == len(idle + slow + stalled)
    assert "Traceback" not in log


def garbage(now: str) -> list[tuple[str, bytes, dict[str, str]]]:
    """(what, body, headers): unsigned, badly signed, and signed but malformed requests."""
    def signed(body: bytes, content_type: str, timestamp: str = now) -> dict[str, str]:
        return {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": slack_signature(SIGNING_SECRET, timestamp, body)}

    deep = b"[" * 50_000 + b"]" * 50_000
    form_bad_payload = urlencode({"payload": "{not json"}).encode()
    cases = [
        ("no signature", b'{"type": "event_callback"}', {"Content-Type": "application/json"}),
        ("timestamp abc", b"{}", {"Content-Type": "application/json", "X-Slack-Request-Timestamp": "abc",
                                  "X-Slack-Signature": "v0=" + "0" * 64}),
        ("timestamp of 5000 digits", b"{}", {"Content-Type": "application/json",
                                             "X-Slack-Request-Timestamp": "9" * 5000,
                                             "X-Slack-Signature": "v0=" + "0" * 64}),
        ("bad signature", b"{}", {"Content-Type": "application/json", "X-Slack-Request-Timestamp": now,
                                  "X-Slack-Signature": "v0=" + "0" * 64}),
        ("signature not hex", b"{}", {"Content-Type": "application/json", "X-Slack-Request-Timestamp": now,
                                      "X-Slack-Signature": "sha1=zz"}),
        ("unsigned invalid JSON", b"{not json", {"Content-Type": "application/json"}),
        ("unsigned invalid UTF-8", b"\xff\xfe{}", {"Content-Type": "application/json"}),
        ("unsigned deep JSON", deep, {"Content-Type": "application/json"}),
    ]
    for what, body, content_type in [("invalid JSON", b"{not json", "application/json"),
                                      ("invalid UTF-8", b'{"a": "\xff"}', "application/json"),
                                      ("JSON 50,000 deep", deep, "application/json"),
                                      ("JSON not an object", b"[1, 2]", "application/json"),
                                      ("form payload not JSON", form_bad_payload, "application/x-www-form-urlencoded"),
                                      ("form invalid UTF-8", b"payload=%ff%fe", "application/x-www-form-urlencoded"),
                                      ("unknown content type", b"x", "text/plain")]:
        cases.append((f"signed {what}", body, signed(body, content_type)))
    return cases


async def test_garbage_gets_4xx_no_tracebacks_and_few_log_lines(fake_slack: FakeSlack, tmp_path: Path) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'planvakt.db'}")
    rounds = 20
    async with serving(fake_slack, config, tmp_path / "serve.log") as server:
        start_lines = len(server.log_text().splitlines())
        statuses: dict[str, set[int]] = {}
        started = time.perf_counter()
        async with aiohttp.ClientSession() as session:
            for _ in range(rounds):
                for what, body, headers in garbage(str(int(time.time()))):
                    async with session.post(server.url + "/slack/events", data=body, headers=headers) as response:
                        statuses.setdefault(what, set()).add(response.status)
                        await response.read()
            seconds = time.perf_counter() - started
            health = await health_times(server.url, 5)
        new_lines = server.log_text().splitlines()[start_lines:]
    sent = rounds * len(statuses)
    codes = sorted({s for v in statuses.values() for s in v})
    print(f"\n{sent} garbage requests in {seconds:.1f} s: statuses {codes}, "
          f"{len(new_lines)} log lines ({sum(len(line) for line in new_lines)} bytes), 0 tracebacks")
    assert all(400 <= status < 500 for values in statuses.values() for status in values), \
        ({what: codes for what, codes in statuses.items() if not all(400 <= c < 500 for c in codes)}, new_lines)
    for what in ("timestamp abc", "timestamp of 5000 digits", "signed invalid JSON", "signed invalid UTF-8",
                 "signed JSON 50,000 deep", "signed form payload not JSON"):
        assert statuses[what] == {400}, (what, statuses[what])
    assert not any("Traceback" in line for line in new_lines)
    assert len(new_lines) <= len(statuses) * 2           # one line per reason per 10 s, rate-limited
    assert max(health) < HEALTH_LIMIT
    assert os.path.getsize(tmp_path / "serve.log") < 64 * 1024
