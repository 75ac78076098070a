"""The running bot: every part wired together, started and stopped in order.

``planvakt serve``, the tests and the benchmark all use :class:`BotRuntime`:
``await BotRuntime.start(config, settings)``, then serve :meth:`BotRuntime.web_app`
(``POST /slack/events``, ``GET /health``), then ``await runtime.stop()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from planvakt.bot.config import BotConfig, ConfigError
from planvakt.bot.core import Conversation, Linter
from planvakt.bot.logs import quiet_third_party_loggers
from planvakt.bot.progress.wiring import progress_of
from planvakt.bot.slack.background import Background
from planvakt.bot.slack.client import make_client
from planvakt.bot.slack.delivery import Delivery
from planvakt.bot.slack.files import SlackFiles
from planvakt.bot.slack.http import (
    MAX_BODY,
    ClientAddress,
    GuardedRunner,
    RateLimitedLog,
    guard_middleware,
    parse_body,
    read_body,
    verify,
)
from planvakt.bot.slack.jobs import JobRunner
from planvakt.bot.slack.listeners import SlackBot
from planvakt.bot.slack.progress import ProgressSlack
from planvakt.bot.slack.settings import SlackSettings, file_origins
from planvakt.bot.startup import open_conversation
from planvakt.bot.store import SqlStore
from planvakt.bot.store.jobs import JobStore
from planvakt.bot.store.sql import utcnow
from planvakt.linting.limits import DEFAULT_LIMITS, Limits

log = logging.getLogger(__name__)
_http_log = logging.getLogger("planvakt.bot.slack.http")

PRUNE_EVERY = 6 * 3600
DRAIN_SECONDS = 10.0
HEALTH_TIMEOUT = 2.0
TOKEN_REJECTED = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}


class BotRuntime:
    def __init__(self, config: BotConfig, settings: SlackSettings, conversation: Conversation, store: SqlStore,
                 linter: Linter, session: aiohttp.ClientSession, *, socket_mode: bool, limits: Limits) -> None:
        self.config = config
        self.settings = settings
        self.conversation = conversation
        self.store = store
        self.linter = linter
        self.session = session
        self.socket_mode = socket_mode
        self.limits = limits
        self.background = Background()
        self.drain_seconds = DRAIN_SECONDS
        self.jobs = JobRunner(JobStore(store.engine, store.clock), lease=config.job_lease_seconds)
        self.bolt: AsyncApp | None = None
        self._socket_handler = None
        self._prune_task: asyncio.Task[None] | None = None
        self.progress: ProgressSlack | None = None   # App Home, sector buttons, reminders and digest

    @classmethod
    async def start(cls, config: BotConfig, settings: SlackSettings, *, socket_mode: bool = False,
                    limits: Limits = DEFAULT_LIMITS, clock=utcnow, check_token: bool = True,
                    lint_processes: int = 0) -> BotRuntime:
        """Validate and open everything; raises :class:`ConfigError` (or the pack's error) with a clear message."""
        quiet_third_party_loggers()
        conversation, store, linter = await open_conversation(config, limits=limits, processes=lint_processes,
                                                              clock=clock)
        runtime = cls(config, settings, conversation, store, linter, aiohttp.ClientSession(),
                      socket_mode=socket_mode, limits=limits)
        try:
            await runtime._wire(check_token)
        except BaseException:
            await runtime.stop()
            raise
        return runtime

    async def _wire(self, check_token: bool) -> None:
        client = make_client(self.settings, self.session)
        if check_token:
            await _check_token(client)
        await self.linter.warm_up()
        self.bolt = AsyncApp(client=client, signing_secret=self.settings.signing_secret or "",
                             request_verification_enabled=not self.socket_mode,
                             logger=_bolt_logger(), process_before_response=True)  # recorded before the 200
        files = SlackFiles(self.session, client, self.settings.bot_token, file_origins(self.settings),
                           self.limits.max_file_bytes)
        delivery = Delivery(client, self.session)
        SlackBot(self.conversation, delivery, files, self.jobs, client).register(self.bolt)
        service = progress_of(self.conversation)
        if service is not None:
            self.progress = ProgressSlack(service, client, delivery, self.background, self.jobs).register(self.bolt)
            self.progress.start()
        self.jobs.start()
        self._prune_task = asyncio.create_task(self._prune_forever(), name="prune")
        if self.socket_mode:
            from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

            self._socket_handler = AsyncSocketModeHandler(self.bolt, self.settings.app_token, web_client=client,
                                                          logger=_bolt_logger())
            await self._socket_handler.connect_async()

    def web_app(self) -> web.Application:
        """The routes, behind the guard (see :mod:`planvakt.bot.slack.http`)."""
        middleware = guard_middleware(ClientAddress(self.config.trusted_proxies), RateLimitedLog(_http_log))
        app = web.Application(middlewares=[middleware], client_max_size=MAX_BODY)
        app.router.add_get("/health", self.health)
        if not self.socket_mode:
            app.router.add_post("/slack/events", self.slack_events)
        return app

    def app_runner(self, **options) -> GuardedRunner:
        """The runner to serve :meth:`web_app` with: timeouts and the connection cap."""
        return GuardedRunner(self.web_app(), **options)

    async def slack_events(self, request: web.Request) -> web.StreamResponse:
        """Signed by Slack, checked on the raw bytes, parsed only then; Bolt gets only what passed."""
        assert self.bolt is not None
        body = await read_body(request)
        verify(body, request.headers, self.settings.signing_secret or "")
        text = parse_body(body, request.content_type)
        bolt_request = AsyncBoltRequest(body=text, query=request.query_string, headers=request.headers)  # type: ignore[arg-type]
        return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_request))

    async def health(self, _request: web.Request) -> web.Response:
        try:
            ok = await asyncio.wait_for(self.store.ping(), HEALTH_TIMEOUT)
        except TimeoutError:
            ok = False
        body = {"status": "ok" if ok else "database unavailable", "mode": "socket" if self.socket_mode else "http",
                "pending": self.pending}
        return web.json_response(body, status=200 if ok else 503)

    @property
    def pending(self) -> int:
        """Jobs and background work running in this process."""
        return self.jobs.pending + self.background.pending

    async def stop(self) -> None:
        """Finish what was acknowledged (up to 10 s), give back to the store what is left, close everything."""
        if self._socket_handler is not None:
            with contextlib.suppress(Exception):
                await self._socket_handler.close_async()
        if self.progress is not None:
            await self.progress.stop()
        await self.jobs.stop(self.drain_seconds)
        await self.background.drain(self.drain_seconds)
        if self._prune_task is not None:
            self._prune_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._prune_task
        await self.session.close()
        self.linter.close()
        await self.store.close()

    async def _prune_forever(self) -> None:
        while True:
            try:
                await self.store.prune()
            except (SQLAlchemyError, OSError) as error:
                log.warning("pruning the store failed: %s", type(error).__name__)
            await asyncio.sleep(PRUNE_EVERY)


def _bolt_logger() -> logging.Logger:
    """Bolt copies this logger's level into its own: WARNING keeps request bodies out of the logs."""
    logger = logging.getLogger("planvakt.bot.slack.bolt")
    logger.setLevel(logging.WARNING)
    if not any(isinstance(f, _TokenFromEnvironmentNotice) for f in logger.filters):
        logger.addFilter(_TokenFromEnvironmentNotice())
    return logger


class _TokenFromEnvironmentNotice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that our client's token wins; it is the same token."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("As you gave `client` as well")


async def _check_token(client) -> None:
    try:
        await client.auth_test()
    except SlackApiError as error:
        code = error.response.get("error")
        if code in TOKEN_REJECTED:
            raise ConfigError(f"Slack avviste SLACK_BOT_TOKEN ({code}). Sjekk bot-tokenet under "
                              "«OAuth & Permissions» i Slack-appen.") from None
        log.warning("auth.test failed at start (%s); going on", code)
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        log.warning("could not reach Slack at start (%s); going on", type(error).__name__)

