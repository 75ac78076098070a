"""Requests as Slack sends them: signed with the signing secret, in Slack's payload shapes.

The signature is computed here from the specification (``v0:<timestamp>:<body>``,
HMAC-SHA256 with the signing secret, hex, prefixed ``v0=``), not with the SDK the bot
uses, so a mistake in either shows.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
UNUSED_URL = "http://127.0.0.1:9/unused"  # loopback, nothing listens: tests never reach out
_ids = itertools.count(1)


def slack_signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def next_ts() -> str:
    return f"{int(time.time())}.{next(_ids):06d}"


@dataclass
class Sent:
    status: int
    text: str
    seconds: float   # until the bot's HTTP response: the acknowledgement


class SlackSender:
    """Posts signed events, slash commands and interactions to the bot's ``/slack/events``."""

    def __init__(self, url: str, session: aiohttp.ClientSession, *, secret: str = SIGNING_SECRET,
                 team_id: str = "T0KOMMUNE", bot_user_id: str = "UPLANVAKT") -> None:
        self.url = url
        self.session = session
        self.secret = secret
        self.team_id = team_id
        self.bot_user_id = bot_user_id

    async def post(self, body: bytes, content_type: str, *, timestamp: str | None = None,
                   secret: str | None = None, headers: dict[str, str] | None = None) -> Sent:
        timestamp = timestamp or str(int(time.time()))
        signed = {"X-Slack-Request-Timestamp": timestamp,
                  "X-Slack-Signature": slack_signature(secret or self.secret, timestamp, body),
                  "Content-Type": content_type, **(headers or {})}
        started = time.perf_counter()
        async with self.session.post(self.url, data=body, headers=signed) as response:
            text = await response.text()
        return Sent(response.status, text, time.perf_counter() - started)

    # --- Events API ------------------------------------------------------------------

    def envelope(self, event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
        return {"token": "legacy", "team_id": self.team_id, "api_app_id": "A0PLANVAKT", "type": "event_callback",
                "event": event, "event_id": event_id or f"Ev{next(_ids):08d}", "event_time": int(time.time()),
                "authorizations": [{"team_id": self.team_id, "user_id": self.bot_user_id, "is_bot": True}]}

    async def event(self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None,
                    **options: Any) -> Sent:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        body = json.dumps(self.envelope(event, event_id)).encode()
        return await self.post(body, "application/json", headers=headers, **options)

    # --- slash commands and interactivity ---------------------------------------------

    async def command(self, text: str, *, user: str = "UWRITER", channel: str = "C0PLAN",
                      response_url: str, **options: Any) -> Sent:
        form = {"token": "legacy", "team_id": self.team_id, "channel_id": channel, "user_id": user,
                "user_name": "skriver", "command": "/planvakt", "text": text, "api_app_id": "A0PLANVAKT",
                "response_url": response_url, "trigger_id": f"trig.{next(_ids)}"}
        return await self.post(urlencode(form).encode(), "application/x-www-form-urlencoded", **options)

    async def interaction(self, payload: dict[str, Any], **options: Any) -> Sent:
        payload = {"team": {"id": self.team_id}, "api_app_id": "A0PLANVAKT", "token": "legacy", **payload}
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return await self.post(body, "application/x-www-form-urlencoded", **options)

    async def shortcut(self, message: dict[str, Any], *, user: str = "UWRITER", channel: str = "C0PLAN",
                       response_url: str = UNUSED_URL) -> Sent:
        return await self.interaction({
            "type": "message_action", "callback_id": "planvakt_sjekk", "trigger_id": f"trig.{next(_ids)}",
            "user": {"id": user, "name": "skriver"}, "channel": {"id": channel, "name": "plan"},
            "message_ts": message["ts"], "message": message, "response_url": response_url})

    async def click(self, action_id: str, value: str, *, user: str = "UWRITER", channel: str = "D0WRITER") -> Sent:
        return await self.interaction({
            "type": "block_actions", "user": {"id": user}, "trigger_id": f"trig.{next(_ids)}",
            "container": {"type": "message", "channel_id": channel, "message_ts": next_ts()},
            "channel": {"id": channel}, "response_url": UNUSED_URL,
            "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button",
                         "action_ts": next_ts()}]})


# --- event payloads ------------------------------------------------------------------


def dm(text: str, *, user: str = "UWRITER", channel: str = "D0WRITER", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text,
            "ts": extra.pop("ts", None) or next_ts(), **extra}


def mention(text: str, *, user: str = "UWRITER", channel: str = "C0PLAN", bot: str = "UPLANVAKT",
            **extra: Any) -> dict[str, Any]:
    return {"type": "app_mention", "channel": channel, "user": user, "text": f"<@{bot}> {text}",
            "ts": extra.pop("ts", None) or next_ts(), **extra}


def file_share(files: list[dict[str, Any]], *, text: str = "", **extra: Any) -> dict[str, Any]:
    return dm(text, subtype="file_share", files=files, **extra)


def message_in_channel(text: str, *, user: str = "UAUTHOR", **extra: Any) -> dict[str, Any]:
    """A message as a shortcut's payload carries it."""
    return {"type": "message", "user": user, "text": text, "ts": extra.pop("ts", None) or next_ts(), **extra}
