"""``planvakt chat`` and ``planvakt serve`` as a user runs them: real processes, loopback only."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
from drafts import SECRET, WITH_GAPS
from fake_slack import FakeSlack
from slack_requests import SIGNING_SECRET, SlackSender, dm

PLANVAKT = [sys.executable, "-m", "planvakt.linting.cli"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PLANVAKT_CONFIG"))}
    return {**env, "NO_COLOR": "1", **extra}


def test_chat_shows_the_same_replies_in_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "kapittel.md").write_text(WITH_GAPS, encoding="utf-8")
    session = f"hjelp\n.\n{WITH_GAPS}.\n/alle\n.\n/fil kapittel.md\n.\nstatus\n.\n/planvakt tull\n"
    done = subprocess.run([*PLANVAKT, "chat", "--as", "U123"], input=session, capture_output=True, text=True,
                          cwd=tmp_path, env=clean_env(), timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    replies = out.split("planvakt › ")[1:]
    assert len(replies) == 6
    assert "Slik sender du meg et utkast" in replies[0]
    assert "Oppvekst og utdanning – 4/8 på plass" in replies[1]
    assert "❌ Status og utfordringer – mangler" in replies[1]
    assert "Skriv /alle for å se alle funn." in replies[1]          # the button, in a terminal
    assert replies[2].startswith("Alle funn – Oppvekst og utdanning") and replies[2].count("Linje") == 6
    assert "Avsnitt" not in replies[3] and "fil kapittel.md" in replies[3]
    assert replies[4].count("4/8 på plass") == 2                     # both checks, in status
    assert "Jeg kjenner ikke «/planvakt tull»" in replies[5]
    assert "*" not in replies[1]                                     # Slack's bold markers are gone
    assert "Traceback" not in done.stderr and SECRET not in done.stderr


def test_serve_refuses_to_start_without_its_settings(tmp_path: Path) -> None:
    done = subprocess.run([*PLANVAKT, "serve"], capture_output=True, text=True, cwd=tmp_path,
                          env=clean_env(), timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == ("planvakt: SLACK_BOT_TOKEN er ikke satt. Det er bot-tokenet (xoxb-…) fra "
                                   "«OAuth & Permissions» i Slack-appen.")
    (tmp_path / "planvakt.yaml").write_text("rules: sektorkapittel\nstorе: sqlite:///x.db\n", encoding="utf-8")
    done = subprocess.run([*PLANVAKT, "serve", "--config", "planvakt.yaml"], capture_output=True, text=True,
                          cwd=tmp_path, env=clean_env(SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s"),
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("planvakt: planvakt.yaml:2: ukjent nøkkel «storе».")
    assert "Traceback" not in done.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_serve_answers_signed_events_and_stops_cleanly_on_sigterm(tmp_path: Path,
                                                                        fake_slack: FakeSlack) -> None:
    port = free_port()
    (tmp_path / "planvakt.yaml").write_text(f"store: sqlite:///{tmp_path / 'p.db'}\n", encoding="utf-8")
    env = clean_env(SLACK_BOT_TOKEN=fake_slack.token, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                    SLACK_API_URL=fake_slack.api_url, PLANVAKT_CONFIG=str(tmp_path / "planvakt.yaml"))
    process = await asyncio.create_subprocess_exec(
        *PLANVAKT, "serve", "--host", "127.0.0.1", "--port", str(port), cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(300):
                try:
                    async with session.get(url + "/health") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("planvakt serve did not come up")
            sent = await SlackSender(url + "/slack/events", session).event(dm(WITH_GAPS))
            assert sent.status == 200
            [post] = await fake_slack.wait_for("chat.postMessage", timeout=10)
            assert "4/8 på plass" in post.params["text"]
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0
    log = stderr.decode()
    assert "Planvakt is serving" in log and "checked a draft" in log
    assert SECRET not in log and "Traceback" not in log
