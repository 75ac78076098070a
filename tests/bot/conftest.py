"""Fixtures for the bot's tests: a fake Slack on loopback and the real bot wired to it.

Reusable pieces live beside this file: ``fake_slack.FakeSlack`` (the Web API, file host,
response URLs and Socket Mode, recording every call), ``slack_requests`` (signed
requests and payload builders) and ``bot_harness.running_bot`` (the bot on loopback).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from bot_harness import RunningBot, running_bot
from fake_slack import FakeSlack
from progress_fixtures import clock, db_url, options, pg_url, sector_config  # noqa: F401  (progress tests)

from planvakt.bot.store import SqlStore, open_store


@pytest.fixture
async def store() -> AsyncIterator[SqlStore]:
    """A real store in an in-memory SQLite database, for the core's tests."""
    opened = await open_store("sqlite://")
    yield opened
    await opened.close()


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'planvakt.db'}"


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def bot(fake_slack: FakeSlack, store_url: str) -> AsyncIterator[RunningBot]:
    async with running_bot(fake_slack, store_url) as running:
        yield running
