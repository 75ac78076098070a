"""Slack bot load benchmark: 50 concurrent drafts against a running ``planvakt serve``.

The bot runs as its own process, exactly as deployed (``planvakt serve`` over HTTP on
loopback), with ``SLACK_API_URL`` pointing at the fake Slack Web API from the tests,
which runs in this process on loopback too. 50 writers each send a signed draft
event, wait for the feedback to arrive at the fake Slack, and send the next, until
1,000 drafts have been answered. Drafts are 1,500-word chapters from
``bench/corpus.py`` (each one different), some with gaps, and every tenth is a shared
.docx file that the bot downloads from the fake.

Reports:
  ack p99       time until the bot's HTTP 200 (Slack wants it within 3 s)   target < 200 ms
  feedback p95  time from sending the draft to the reply at chat.postMessage target < 2 s
  RSS           resident memory of the bot process and its lint workers together,
                after warm-up, at 500 and at 1,000 drafts, and whether it
                keeps growing                                               target < 300 MB

Run: ``python bench/bot_load.py [--drafts 1000] [--concurrency 50]``. Not a test: it prints
figures and writes ``bench/out/bot_load.json``. Nothing leaves loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests" / "bot"), str(ROOT / "tests")]
from corpus import chapter  # noqa: E402
from docx_factory import docx_from_markdown  # noqa: E402
from fake_slack import Call, FakeSlack  # noqa: E402
from slack_requests import SIGNING_SECRET, SlackSender, dm, file_share  # noqa: E402

TARGETS = {"ack_p99_ms": 200, "feedback_p95_ms": 2000, "rss_mb": 300}
GROWTH_TOLERANCE = 0.10  # RSS from 500 to 1,000 drafts: more than 10 % more counts as growing


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def rss_mb(process: psutil.Process) -> float:
    """Resident memory of the bot and its lint workers together."""
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_drafts(count: int, seed: int = 7) -> list[tuple[str, bytes | None]]:
    """(markdown, docx bytes or None) per draft; every tenth a .docx, a third with a section cut out."""
    rng = random.Random(seed)
    drafts = []
    for index in range(count):
        text = chapter(1500, seed=seed * 10_000 + index)
        if rng.random() < 0.33:  # leave a heading out, as real drafts do
            text = text.replace("## Status og utfordringer", "Status:", 1)
        drafts.append((text, docx_from_markdown(text) if index % 10 == 9 else None))
    return drafts


def engine_alone(texts: list[tuple[str, bytes | None]]) -> float:
    """Baseline in the same run: the same drafts checked by the engine alone, warm, in one process."""
    from planvakt.linting.engine import lint_bytes, lint_text
    from planvakt.linting.rulepack.loader import load_pack

    pack = load_pack()
    lint_text(texts[0][0], rules=pack)
    started = time.perf_counter()
    for index, (text, docx) in enumerate(texts):
        if docx is not None:
            lint_bytes(docx, f"kapittel-{index}.docx", rules=pack)
        else:
            lint_text(text, "utkast", rules=pack)
    return len(texts) / (time.perf_counter() - started)


class Replies:
    """Futures resolved when the fake Slack records the reply in a draft's thread."""

    def __init__(self, fake: FakeSlack) -> None:
        self.waiting: dict[str, asyncio.Future[float]] = {}
        fake.listeners.append(self._seen)

    def expect(self, thread_ts: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[thread_ts] = future
        return future

    def _seen(self, call: Call) -> None:
        if call.method == "chat.postMessage":
            future = self.waiting.pop(str(call.params.get("thread_ts")), None)
            if future is not None and not future.done():
                future.set_result(call.at)


async def start_bot(fake: FakeSlack, workdir: Path) -> tuple[asyncio.subprocess.Process, str]:
    port = free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": fake.token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": fake.api_url, "PLANVAKT_CONFIG": str(workdir / "planvakt.yaml")}
    (workdir / "planvakt.yaml").write_text(f"store: sqlite:///{workdir / 'planvakt.db'}\n", encoding="utf-8")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "planvakt.linting.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "warning", cwd=workdir, env=env, stderr=asyncio.subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as session:
        for _ in range(600):
            try:
                async with session.get(url + "/health") as response:
                    if response.status == 200:
                        return process, url
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
    raise SystemExit("planvakt serve did not come up")


async def run(drafts: int, concurrency: int) -> dict[str, object]:
    texts = make_drafts(drafts)
    engine_per_second = engine_alone(texts)  # before the fake Slack's records fill this process
    fake = await FakeSlack().start()
    replies = Replies(fake)
    workdir = Path(tempfile.mkdtemp(prefix="planvakt-bench-"))
    process, url = await start_bot(fake, workdir)
    bot = psutil.Process(process.pid)
    acks: list[float] = []
    feedback: list[float] = []
    rss: dict[str, float] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency * 2)) as session:
        sender = SlackSender(url + "/slack/events", session, bot_user_id=fake.bot_user_id)

        async def send(index: int, record: bool) -> None:
            text, docx = texts[index % len(texts)]
            if docx is not None:
                event = file_share([fake.add_file(f"kapittel-{index}.docx", docx)], user=f"U{index % 97:04d}")
            else:
                event = dm(text, user=f"U{index % 97:04d}")
            reply = replies.expect(event["ts"])
            started = time.perf_counter()
            sent = await sender.event(event)
            if sent.status != 200:
                raise SystemExit(f"the bot answered {sent.status}")
            arrived = await asyncio.wait_for(reply, 30)
            if record:
                acks.append(sent.seconds)
                feedback.append(arrived - started)

        for index in range(20):  # warm-up: connections, caches, the first .docx
            await send(drafts + index, record=False)
        rss["after_warm_up"] = rss_mb(bot)
        for index in range(drafts):
            queue.put_nowait(index)

        async def writer() -> None:
            while not queue.empty():
                index = queue.get_nowait()
                await send(index, record=True)
                if len(feedback) == drafts // 2:
                    rss["after_half"] = rss_mb(bot)

        started = time.perf_counter()
        await asyncio.gather(*(writer() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
        rss["after_all"] = rss_mb(bot)

    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.communicate(), 30)
    await fake.stop()
    grows = rss["after_all"] > rss.get("after_half", rss["after_all"]) * (1 + GROWTH_TOLERANCE)
    return {
        "drafts": drafts, "concurrency": concurrency, "seconds": round(elapsed, 1),
        "drafts_per_second": round(drafts / elapsed, 1),
        "engine_alone_per_second": round(engine_per_second, 1),
        "throughput_vs_engine_alone": round(drafts / elapsed / engine_per_second, 2),
        "ack_ms": {"p50": round(statistics.median(acks) * 1000, 1), "p99": round(percentile(acks, 0.99) * 1000, 1),
                   "max": round(max(acks) * 1000, 1)},
        "feedback_ms": {"p50": round(statistics.median(feedback) * 1000), "p95": round(percentile(feedback, 0.95) * 1000),
                        "max": round(max(feedback) * 1000)},
        "rss_mb": {key: round(value, 1) for key, value in rss.items()},
        "rss_grows": grows,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drafts", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    result = asyncio.run(run(args.drafts, args.concurrency))
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "bot_load.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    ack, fb, rss = result["ack_ms"], result["feedback_ms"], result["rss_mb"]
    checks = [
        ("ack p99", f"{ack['p99']} ms", ack["p99"] < TARGETS["ack_p99_ms"], "< 200 ms"),
        ("feedback p95", f"{fb['p95']} ms", fb["p95"] < TARGETS["feedback_p95_ms"], "< 2000 ms"),
        ("RSS after all drafts", f"{rss['after_all']} MB", rss["after_all"] < TARGETS["rss_mb"], "< 300 MB"),
        ("RSS growing", "yes" if result["rss_grows"] else "no", not result["rss_grows"], "no"),
    ]
    print(f"{result['drafts']} drafts, {result['concurrency']} at a time, in {result['seconds']} s "
          f"({result['drafts_per_second']}/s) on {result['machine']['cpus']} CPUs; the engine alone, same drafts, "
          f"{result['engine_alone_per_second']}/s (ratio {result['throughput_vs_engine_alone']})")
    print(f"ack ms p50/p99/max: {ack['p50']}/{ack['p99']}/{ack['max']}; "
          f"feedback ms p50/p95/max: {fb['p50']}/{fb['p95']}/{fb['max']}")
    print(f"RSS MB after warm-up/half/all: {rss['after_warm_up']}/{rss.get('after_half')}/{rss['after_all']}")
    for name, value, ok, target in checks:
        print(f"  {'✅' if ok else '❌'} {name}: {value} (target {target})")
    return 0 if all(ok for *_, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
