"""Fixtures and helpers for the progress tests: databases (SQLite, and a fresh PostgreSQL database
per test), a config with sectors, a settable clock, and the real bot on loopback with that config.

PostgreSQL: ``PLANVAKT_TEST_PG_URL`` names a server (``.ci/run`` starts one). Unset, the
PostgreSQL tests skip with the reason; with ``PLANVAKT_REQUIRE_PG=1`` (CI) an unreachable
server fails them instead. Each test gets its own database, dropped afterwards.

The fixtures (``db_url``, ``pg_url``, ``clock``, ``options``, ``sector_config``) are imported into
``conftest.py``, so every test module here can ask for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from bot_harness import RunningBot, serving, settings_for
from fake_slack import FakeSlack
from sqlalchemy.engine import make_url

from planvakt.bot.config import BotConfig, load_config
from planvakt.bot.progress.service import ProgressService
from planvakt.bot.progress.wiring import progress_of
from planvakt.bot.slack.runtime import BotRuntime

PG_ENV = "PLANVAKT_TEST_PG_URL"
REQUIRE_PG_ENV = "PLANVAKT_REQUIRE_PG"

COORDINATOR = "U0KOORD01"
OWNER = "U0OPPVEKST"          # head of Oppvekst og utdanning
WRITER = "U0SKRIV01"          # writes for Oppvekst
HEALTH_OWNER = "U0HELSE01"
HEALTH_WRITER = "U0SKRIV03"
BOTH = "U0SKRIV02"            # writes for Oppvekst and Helse
OUTSIDER = "U0UTENFOR"        # in no sector
NEW_OWNER = "U0NYEIER1"


# --- PostgreSQL --------------------------------------------------------------------------------


async def _admin(base: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(base, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def pg_database() -> Iterator[str]:
    base = os.environ.get(PG_ENV, "").strip()
    if not base:
        pytest.skip(f"{PG_ENV} is not set, so there is no PostgreSQL server for this test "
                    "(.ci/run starts one and sets it)")
    name = f"planvakt_t_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_admin(base, f'CREATE DATABASE "{name}"'))
    except Exception as error:
        message = f"PostgreSQL at {make_url(base).render_as_string(hide_password=True)} is unusable: " \
                  f"{type(error).__name__}: {error}"
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail(f"{message} ({REQUIRE_PG_ENV}=1: PostgreSQL tests must run)")
        pytest.skip(message)
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test."""
    yield from pg_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The test runs twice: on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'planvakt.db'}"
    else:
        yield from pg_database()


# --- time ------------------------------------------------------------------------------------


class Clock:
    """A clock tests move: ``clock.now += timedelta(hours=1)``."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


# 2024-10-01 is a Tuesday; 10:00 in Oslo (summer time) is 08:00 UTC.
START = datetime(2024, 10, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


# --- config ----------------------------------------------------------------------------------


def config_text(store: str, *, oppvekst_deadline: date = date(2024, 10, 15),
                helse_deadline: date = date(2024, 10, 20), kultur_deadline: date = date(2024, 11, 1),
                extra: str = "") -> str:
    return f"""\
store: {store}
coordinators: [{COORDINATOR}]
sectors:
  - id: oppvekst
    name: Oppvekst og utdanning
    owner: {OWNER}
    writers: [{WRITER}, {BOTH}]
    deadline: {oppvekst_deadline.isoformat()}
  - id: helse
    name: Helse og velferd
    owner: {HEALTH_OWNER}
    writers: [{HEALTH_WRITER}, {BOTH}]
    deadline: {helse_deadline.isoformat()}
  - id: kultur
    name: Kultur og idrett
    owner: U0KULTUR1
    deadline: {kultur_deadline.isoformat()}
reminders:
  days_before_deadline: [7, 2]
  time: "09:00"
{extra}"""


def write_config(folder: Path, store: str, **options) -> Path:
    path = folder / "planvakt.yaml"
    path.write_text(config_text(store, **options), encoding="utf-8")
    return path


def make_config(folder: Path, store: str, **options) -> BotConfig:
    return load_config(str(write_config(folder, store, **options)))


@pytest.fixture
def options() -> dict:
    """Keyword arguments for :func:`config_text`; a test changes them with
    ``@pytest.mark.parametrize("options", [{...}])``."""
    return {}


@pytest.fixture
def sector_config(tmp_path: Path, options: dict) -> BotConfig:
    """The config with sectors and this test's `options`, storing in a SQLite file in tmp_path."""
    return make_config(tmp_path, f"sqlite:///{tmp_path / 'p.db'}", **options)


# --- the bot on loopback -----------------------------------------------------------------------


@dataclass
class ProgressBot(RunningBot):
    @property
    def service(self) -> ProgressService:
        service = progress_of(self.runtime.conversation)
        assert service is not None
        return service


@contextlib.asynccontextmanager
async def progress_bot(fake: FakeSlack, config: BotConfig, clock: Clock) -> AsyncIterator[ProgressBot]:
    """The real bot (BotRuntime) with this config and clock, serving on loopback, wired to the fake Slack."""
    runtime = await BotRuntime.start(config, settings_for(fake), clock=clock)
    async with serving(runtime, fake, ProgressBot) as bot:
        yield bot
