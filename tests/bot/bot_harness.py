"""The real bot on loopback, wired to a :class:`FakeSlack`: what the end-to-end tests and the benchmark run.

    async with running_bot(fake, store_url) as bot:
        await bot.sender.event(dm("hjelp"))
        await fake.wait_for("chat.postMessage")
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
from aiohttp import web
from fake_slack import APP_TOKEN, FakeSlack
from slack_requests import SIGNING_SECRET, SlackSender

from planvakt.bot.config import BotConfig
from planvakt.bot.slack.runtime import BotRuntime
from planvakt.bot.slack.settings import SlackSettings
from planvakt.linting.limits import DEFAULT_LIMITS, Limits


@dataclass
class RunningBot:
    runtime: BotRuntime
    url: str                # the bot's base URL on loopback
    sender: SlackSender     # signed requests to its /slack/events
    session: aiohttp.ClientSession
    runner: web.AppRunner | None = None   # its server has the connections (and the cap)

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every acknowledged delivery has been handled."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self.runtime.pending:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{self.runtime.pending} jobs still running after {timeout} s")
            await asyncio.sleep(0.01)


def settings_for(fake: FakeSlack, *, socket_mode: bool = False) -> SlackSettings:
    return SlackSettings(bot_token=fake.token, signing_secret=SIGNING_SECRET,
                         app_token=APP_TOKEN if socket_mode else None, api_url=fake.api_url)


BotT = TypeVar("BotT", bound=RunningBot)


@contextlib.asynccontextmanager
async def serving(runtime: BotRuntime, fake: FakeSlack, bot_type: type[BotT], **runner_options: Any
                  ) -> AsyncIterator[BotT]:
    """Serve a started runtime on loopback and yield it as `bot_type`, with signed requests to its
    /slack/events; afterwards close the session, stop serving and stop the runtime."""
    runner = runtime.app_runner(**runner_options)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    session = aiohttp.ClientSession()
    try:
        yield bot_type(runtime, url, SlackSender(url + "/slack/events", session, bot_user_id=fake.bot_user_id),
                       session, runner)
    finally:
        await session.close()
        await runner.cleanup()
        await runtime.stop()


@contextlib.asynccontextmanager
async def running_bot(fake: FakeSlack, store_url: str, *, rules: str = "sektorkapittel",
                      limits: Limits = DEFAULT_LIMITS, socket_mode: bool = False, idle_timeout: float | None = None,
                      **config_values: Any) -> AsyncIterator[RunningBot]:
    """``config_values``: more of :class:`BotConfig` (coordinators, job_lease_seconds, …)."""
    config = BotConfig(rules=rules, store=store_url, **config_values)
    runtime = await BotRuntime.start(config, settings_for(fake, socket_mode=socket_mode),
                                     socket_mode=socket_mode, limits=limits)
    options = {} if idle_timeout is None else {"idle_timeout": idle_timeout}
    async with serving(runtime, fake, RunningBot, **options) as bot:
        yield bot
