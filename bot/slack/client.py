"""The Web API client: SLACK_API_URL as base, one shared HTTP session, 429s retried after Retry-After."""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from planvakt.bot.slack.settings import SlackSettings

RATE_LIMIT_RETRIES = 3


def retry_handlers() -> list:
    """Slack's own handlers: connection errors, and 429 «rate limited» after its Retry-After."""
    return [AsyncConnectionErrorRetryHandler(), AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)]


def make_client(settings: SlackSettings, session: aiohttp.ClientSession) -> AsyncWebClient:
    return AsyncWebClient(token=settings.bot_token, base_url=settings.api_url, session=session,
                          retry_handlers=retry_handlers(), logger=logging.getLogger("planvakt.bot.slack.sdk"))
