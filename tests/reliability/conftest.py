"""The reliability suite: real ``planvakt serve`` processes against the fake Slack on loopback.

Each test starts the server as Slack would meet it (its own process group, a config file,
the environment), then kills, floods or feeds it garbage. The helpers of the bot's tests
(the fake Slack, signed requests, the PostgreSQL fixture) are shared from ``tests/bot``.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "bot"))

from fake_slack import FakeSlack  # noqa: E402
from progress_fixtures import pg_database  # noqa: E402


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh store: a SQLite file, or a PostgreSQL database of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'planvakt.db'}"
        return
    yield from pg_database()
