"""Progress as real processes: status survives ``kill -9`` of ``planvakt serve``; ``planvakt remind``
run twice at once sends one reminder; ``planvakt status`` prints the table. Loopback only."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import signal
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from drafts import SECRET, WITH_GAPS
from fake_slack import FakeSlack
from progress_fixtures import COORDINATOR, HEALTH_OWNER, OWNER, WRITER, write_config
from slack_requests import SIGNING_SECRET, SlackSender, dm
from test_cli import PLANVAKT, clean_env, free_port

pytestmark = pytest.mark.slow


def today_in_oslo() -> date:
    return datetime.now(ZoneInfo("Europe/Oslo")).date()


def env_for(fake: FakeSlack, config: Path) -> dict[str, str]:
    return clean_env(SLACK_BOT_TOKEN=fake.token, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.api_url,
                     PLANVAKT_CONFIG=str(config))


async def run(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(*PLANVAKT, *args, cwd=cwd, env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, out.decode(), err.decode()


class Serve:
    """``planvakt serve`` as its own process group (its lint workers too), so ``kill -9`` takes all of it."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env, self.cwd = env, cwd
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, session: aiohttp.ClientSession) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *PLANVAKT, "serve", "--host", "127.0.0.1", "--port", str(self.port), cwd=self.cwd, env=self.env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE, start_new_session=True)
        for _ in range(600):
            try:
                async with session.get(self.url + "/health") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            if self.process.returncode is not None:
                raise AssertionError((await self.process.stderr.read()).decode())
            await asyncio.sleep(0.1)
        raise AssertionError("planvakt serve did not come up")

    async def kill_9(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        await self.process.wait()
        assert self.process.returncode == -signal.SIGKILL

    async def cleanup(self) -> None:
        if self.process is not None and self.process.returncode is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            await self.process.wait()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as opened:
        yield opened


async def status_of(sender: SlackSender, fake: FakeSlack, user: str, text: str = "status") -> dict:
    before = len(fake.calls_to("response"))
    assert (await sender.command(text, user=user, response_url=fake.response_url())).status == 200
    return (await fake.wait_for("response", count=before + 1, timeout=15))[before].params


async def test_the_status_survives_kill_9_and_a_restart(tmp_path: Path, fake_slack: FakeSlack,
                                                        session: aiohttp.ClientSession) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'planvakt.db'}",
                          oppvekst_deadline=today_in_oslo() + timedelta(days=30),
                          helse_deadline=today_in_oslo() + timedelta(days=40))
    serve = Serve(env_for(fake_slack, config), tmp_path)
    try:
        await serve.start(session)
        sender = SlackSender(serve.url + "/slack/events", session)
        await sender.event(dm(WITH_GAPS, user=WRITER, channel="D0SKRIV01"))
        await fake_slack.wait_for("chat.postMessage", count=2, timeout=15)     # feedback and the owner's DM
        before = await status_of(sender, fake_slack, COORDINATOR)
        detail_before = await status_of(sender, fake_slack, COORDINATOR, "status oppvekst")
        assert "4/8" in before["text"] and "Helse og velferd" in before["text"]

        await serve.kill_9()
        await serve.start(session)                                              # same database, new process
        after = await status_of(sender, fake_slack, COORDINATOR)
        assert after["text"] == before["text"] and after["blocks"] == before["blocks"]
        assert (await status_of(sender, fake_slack, COORDINATOR, "status oppvekst"))["text"] == detail_before["text"]
        assert len([c for c in fake_slack.calls_to("chat.postMessage")
                    if c.params["channel"] == "D" + OWNER.lstrip("U")]) == 1   # no owner DM sent twice
    finally:
        await serve.cleanup()
    assert serve.process is not None
    log = (await serve.process.stderr.read()).decode()
    assert SECRET not in log and "Traceback" not in log


async def test_remind_run_twice_at_once_sends_exactly_one_reminder(db_url: str, tmp_path: Path,
                                                                   fake_slack: FakeSlack) -> None:
    today = today_in_oslo()
    config = write_config(tmp_path, db_url, oppvekst_deadline=today + timedelta(days=20),
                          helse_deadline=today + timedelta(days=2),
                          extra="reminders:\n  days_before_deadline: [2]\n  time: '00:00'\n")
    config.write_text(config.read_text().replace('reminders:\n  days_before_deadline: [7, 2]\n  time: "09:00"\n', ""))
    env = env_for(fake_slack, config)
    results = await asyncio.gather(run("remind", env=env, cwd=tmp_path), run("remind", env=env, cwd=tmp_path))
    for code, _, err in results:
        assert code == 0 and "Traceback" not in err, err
    assert sorted(out.strip().split(",")[0] for _, out, _ in results) == ["Påminnelser: 0", "Påminnelser: 1"]
    code, out, _ = await run("remind", env=env, cwd=tmp_path)                   # and once more, later
    assert code == 0 and out.startswith("Påminnelser: 0")

    [reminder] = fake_slack.calls_to("chat.postMessage")
    assert reminder.params["channel"] == "D" + HEALTH_OWNER.lstrip("U")
    assert "⏰ *Helse og velferd*: fristen er om 2 dager" in reminder.params["text"]
    assert [c.params["users"] for c in fake_slack.calls_to("conversations.open")] == [HEALTH_OWNER]


async def test_planvakt_status_prints_the_table_as_text_csv_and_json(tmp_path: Path) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'planvakt.db'}",
                          oppvekst_deadline=today_in_oslo() + timedelta(days=20),
                          helse_deadline=today_in_oslo() - timedelta(days=1),
                          kultur_deadline=today_in_oslo() + timedelta(days=40))
    env = clean_env()
    (code, text, err), (_, table, _), (_, data, _), (bad, _, wrong), (_, one, _) = await asyncio.gather(
        run("status", "--config", str(config), env=env, cwd=tmp_path),
        run("status", "--config", str(config), "--format", "csv", env=env, cwd=tmp_path),
        run("status", "--config", str(config), "--format", "json", env=env, cwd=tmp_path),
        run("status", "--config", str(config), "--format", "csv", "helse", env=env, cwd=tmp_path),
        run("status", "--config", str(config), "helse", env=env, cwd=tmp_path))
    assert one.startswith("Helse og velferd") and "*" not in one           # no Slack bold in a terminal
    assert code == 0, err
    assert text.startswith("Status for alle sektorene – 0 av 3 i mål, mest utsatt først\n\n⚠️ Helse og velferd")
    assert f"Eier @{OWNER}" in text and "⚪ ⚪ ⚪ ⚪ ⚪   Oppvekst og utdanning" in text
    rows = list(csv.DictReader(io.StringIO(table), delimiter=";"))
    assert [row["sektor_id"] for row in rows] == ["helse", "oppvekst", "kultur"] and rows[0]["forfalt"] == "ja"
    parsed = json.loads(data)
    assert parsed["timezone"] == "Europe/Oslo" and parsed["sectors"][0]["overdue"] is True
    assert bad == 2 and wrong.startswith("planvakt: én sektor vises bare som tekst")
