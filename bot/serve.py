"""``planvakt serve``: the bot over HTTP (``POST /slack/events``) or Socket Mode, until SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiohttp import web

from planvakt.bot.config import BotConfig, ConfigError
from planvakt.bot.core.linter import default_processes
from planvakt.bot.slack.runtime import BotRuntime
from planvakt.bot.slack.settings import SlackSettings

log = logging.getLogger(__name__)


async def serve(config: BotConfig, settings: SlackSettings, *, host: str, port: int, socket_mode: bool) -> int:
    runtime = await BotRuntime.start(config, settings, socket_mode=socket_mode, lint_processes=default_processes())
    runner = runtime.app_runner(shutdown_timeout=5.0)
    try:
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as error:
            raise ConfigError(f"kan ikke lytte på {host}:{port} ({error.strerror or error}). "
                              "Velg en annen port med --port.") from None
        where = "Socket Mode; /health" if socket_mode else "/slack/events and /health"
        log.info("Planvakt is serving on http://%s:%d (%s), rules %s", host, port, where, config.rules)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
        log.info("stopping: finishing %d acknowledged job(s)", runtime.pending)
    finally:
        await runner.cleanup()
        await runtime.stop()
    return 0
