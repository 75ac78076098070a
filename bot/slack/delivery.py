"""Replies out to Slack: in the draft's thread, in a DM, or through a slash command's response URL."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from planvakt.bot.core.messages import Reply, ReplyKind
from planvakt.bot.slack.blocks import fallback_text, message_blocks
from planvakt.bot.slack.client import retry_handlers

log = logging.getLogger(__name__)

# The bot can't post where it isn't a member (a shortcut on a message in another channel, a group DM).
NOT_THERE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "cannot_reply_to_message"}
MOVED_TO_DM = "Jeg er ikke med i samtalen der meldingen står, så du får svaret mitt her i stedet."


@dataclass(frozen=True, slots=True)
class Destination:
    """Where the replies to one incoming message go."""

    user: str
    channel: str | None = None          # a DM or a channel the bot is in
    thread_ts: str | None = None        # the draft's thread
    answers_in_thread: bool = True      # False: a question asked in a DM is answered in the DM itself
    response_url: str | None = None     # a slash command's: replies only the user sees
    dm_if_not_there: bool = False       # a shortcut: fall back to a DM if the bot can't post there
    answers_in_dm: bool = False         # a mention: answers to questions («status») go to the asker's DM


class Delivery:
    def __init__(self, client: AsyncWebClient, session: aiohttp.ClientSession) -> None:
        self.client = client
        self.session = session
        self._dm_channels: dict[str, str] = {}

    async def send(self, replies: list[Reply], destination: Destination) -> None:
        for reply in replies:
            if destination.response_url:
                await self._respond(destination.response_url, reply)
                channel, thread = None, None
            else:
                channel, thread = await self._post(reply, destination)
            if reply.attachment is not None:
                await self._attach(reply, destination, channel, thread)

    async def replace(self, body: dict[str, Any], reply: Reply) -> None:
        """Replace the message whose button was pressed (``body``: Slack's block_actions payload)."""
        response_url = body.get("response_url")
        if response_url:
            webhook = AsyncWebhookClient(response_url, session=self.session, retry_handlers=retry_handlers(),
                                         logger=logging.getLogger("planvakt.bot.slack.sdk"))
            await webhook.send(text=fallback_text(reply), blocks=message_blocks(reply), replace_original=True)
            return
        container = body.get("container") or {}
        channel, ts = container.get("channel_id"), container.get("message_ts")
        if channel and ts:
            await self.client.chat_update(channel=channel, ts=ts, text=fallback_text(reply),
                                          blocks=message_blocks(reply))

    async def dm_channel(self, user: str) -> str:
        if user not in self._dm_channels:
            opened = await self.client.conversations_open(users=user)
            self._dm_channels[user] = opened["channel"]["id"]
        return self._dm_channels[user]

    async def _post(self, reply: Reply, destination: Destination) -> tuple[str, str | None]:
        if reply.kind is ReplyKind.ANSWER and destination.answers_in_dm:  # not for the whole channel to read
            dm = await self.dm_channel(destination.user)
            await self._post_message(dm, None, reply)
            return dm, None
        channel = destination.channel or await self.dm_channel(destination.user)
        in_thread = reply.kind is not ReplyKind.ANSWER or destination.answers_in_thread
        thread = destination.thread_ts if in_thread else None
        try:
            await self._post_message(channel, thread, reply)
            return channel, thread
        except SlackApiError as error:
            if not (destination.dm_if_not_there and error.response.get("error") in NOT_THERE):
                raise
        log.info("cannot post in %s, answering user %s in a DM", channel, destination.user)
        dm = await self.dm_channel(destination.user)
        await self.client.chat_postMessage(channel=dm, text=MOVED_TO_DM)
        await self._post_message(dm, None, reply)
        return dm, None

    async def _post_message(self, channel: str, thread: str | None, reply: Reply) -> None:
        await self.client.chat_postMessage(channel=channel, thread_ts=thread, text=fallback_text(reply),
                                           blocks=message_blocks(reply), unfurl_links=False, unfurl_media=False)

    async def _respond(self, response_url: str, reply: Reply) -> None:
        webhook = AsyncWebhookClient(response_url, session=self.session, retry_handlers=retry_handlers(),
                                     logger=logging.getLogger("planvakt.bot.slack.sdk"))
        response = await webhook.send(text=fallback_text(reply), blocks=message_blocks(reply),
                                      response_type="ephemeral", replace_original=False)
        if response.status_code != 200:
            log.warning("response_url answered %s", response.status_code)

    async def _attach(self, reply: Reply, destination: Destination, channel: str | None, thread: str | None) -> None:
        attachment = reply.attachment
        assert attachment is not None
        if channel is None:  # a slash command's reply is ephemeral: the file goes to the user's DM
            channel, thread = await self.dm_channel(destination.user), None
        await self.client.files_upload_v2(channel=channel, thread_ts=thread, filename=attachment.filename,
                                          title=attachment.title, content=attachment.content)
