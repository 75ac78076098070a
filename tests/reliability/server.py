"""``planvakt serve`` as a real process: started in its own process group, waited for, killed."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from fake_slack import FakeSlack
from slack_requests import SIGNING_SECRET

START_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(folder: Path, store: str, **extra: str) -> Path:
    """A planvakt.yaml with the store, a short job lease (so a dead worker's jobs come back soon)."""
    lines = [f"store: {store}", "packs_by_title: []", "jobs:", "  lease_seconds: 3",
             *(f"{key}: {value}" for key, value in extra.items())]
    path = folder / "planvakt.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def signal_group(self, signum: int) -> None:
        """What systemd does (SIGTERM to the whole group), or kill -9 of every process in it."""
        os.killpg(self.process.pid, signum)

    async def wait(self, timeout: float = 60.0) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                self.signal_group(signal.SIGKILL)
                raise AssertionError(f"planvakt serve did not stop within {timeout} s")
            await asyncio.sleep(0.05)
        return self.process.returncode

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


async def start_server(fake: FakeSlack, config: Path, log: Path, *, port: int | None = None) -> Server:
    port = port or free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": fake.token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": fake.api_url, "PYTHONUNBUFFERED": "1"}
    env.pop("PLANVAKT_CONFIG", None)
    out = log.open("ab")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "planvakt"), "serve", "--config", str(config), "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "info"],
        env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    out.close()
    server = Server(process, port, log)
    deadline = time.monotonic() + START_TIMEOUT
    async with aiohttp.ClientSession() as session:
        while True:
            if process.poll() is not None:
                raise AssertionError(f"planvakt serve exited with {process.returncode}:\n{server.log_text()[-3000:]}")
            with contextlib.suppress(aiohttp.ClientError, OSError):
                async with session.get(server.url + "/health", timeout=aiohttp.ClientTimeout(total=2)) as response:
                    if response.status == 200:
                        return server
            if time.monotonic() > deadline:
                server.signal_group(signal.SIGKILL)
                raise AssertionError(f"planvakt serve did not answer /health within {START_TIMEOUT} s")
            await asyncio.sleep(0.2)


@contextlib.asynccontextmanager
async def serving(fake: FakeSlack, config: Path, log: Path):
    server = await start_server(fake, config, log)
    try:
        yield server
    finally:
        if server.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                server.signal_group(signal.SIGKILL)
            await server.wait()
