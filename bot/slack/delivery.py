"""Replies out to Slack: in the draft's thread, in a DM, or through a slash command's response URL.

With a :class:`Ledger` (a job's), every message is recorded before it is sent and given its
ts after, so a job that runs again sends only what is missing. A message whose send began
but was never confirmed (the process died in between) is looked up in Slack by the
metadata every message carries (``planvakt_reply``: its ledger key) before it is sent again.
Replies through a response URL and file uploads cannot be looked up: those are sent again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from planvakt.bot.core.messages import Reply, ReplyKind
from planvakt.bot.slack.blocks import fallback_text, message_blocks
from planvakt.bot.slack.client import retry_handlers
from planvakt.bot.store.jobs import JobStore

METADATA_TYPE = "planvakt_reply"
LOOKUP_MARGIN = timedelta(seconds=30)   # clocks: ours and Slack's ts

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


class Ledger:
    """One job's record of what it has sent (see :class:`planvakt.bot.store.jobs.JobStore`)."""

    def __init__(self, store: JobStore, job_id: str) -> None:
        self.store = store
        self.job_id = job_id

    def key(self, part: str) -> str:
        return f"{self.job_id}:{part}"

    async def begin(self, part: str, channel: str | None):
        return await self.store.begin_reply(self.job_id, self.key(part), channel)

    async def sent(self, part: str, ts: str) -> None:
        await self.store.reply_sent(self.key(part), ts)


class Delivery:
    def __init__(self, client: AsyncWebClient, session: aiohttp.ClientSession) -> None:
        self.client = client
        self.session = session
        self._dm_channels: dict[str, str] = {}

    async def send(self, replies: list[Reply], destination: Destination, ledger: Ledger | None = None) -> None:
        for index, reply in enumerate(replies):
            part = str(index)
            if destination.response_url:
                if await self._once(ledger, f"{part}:respond", None):
                    await self._respond(destination.response_url, reply)
                    await self._done(ledger, f"{part}:respond", "response_url")
                channel, thread = None, None
            else:
                channel, thread = await self._post(reply, destination, ledger, part)
            if reply.attachment is not None and await self._once(ledger, f"{part}:file", channel):
                await self._attach(reply, destination, channel, thread)
                await self._done(ledger, f"{part}:file", "file")

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

    async def _post(self, reply: Reply, destination: Destination, ledger: Ledger | None,
                    part: str) -> tuple[str, str | None]:
        if reply.kind is ReplyKind.ANSWER and destination.answers_in_dm:  # not for the whole channel to read
            dm = await self.dm_channel(destination.user)
            await self._post_message(dm, None, reply, ledger, part)
            return dm, None
        channel = destination.channel or await self.dm_channel(destination.user)
        in_thread = reply.kind is not ReplyKind.ANSWER or destination.answers_in_thread
        thread = destination.thread_ts if in_thread else None
        try:
            await self._post_message(channel, thread, reply, ledger, part)
            return channel, thread
        except SlackApiError as error:
            if not (destination.dm_if_not_there and error.response.get("error") in NOT_THERE):
                raise
        log.info("cannot post in %s, answering user %s in a DM", channel, destination.user)
        dm = await self.dm_channel(destination.user)
        await self._post_text(dm, MOVED_TO_DM, ledger, f"{part}:moved")
        await self._post_message(dm, None, reply, ledger, f"{part}:dm")
        return dm, None

    async def _post_message(self, channel: str, thread: str | None, reply: Reply, ledger: Ledger | None,
                            part: str) -> None:
        await self._post_once(ledger, part, channel, thread, text=fallback_text(reply), blocks=message_blocks(reply),
                              unfurl_links=False, unfurl_media=False)

    async def _post_text(self, channel: str, text: str, ledger: Ledger | None, part: str) -> None:
        await self._post_once(ledger, part, channel, None, text=text)

    async def _post_once(self, ledger: Ledger | None, part: str, channel: str, thread: str | None,
                         **message: Any) -> None:
        """chat.postMessage, unless the ledger says (or Slack shows) that it went out before."""
        if ledger is None:
            await self.client.chat_postMessage(channel=channel, thread_ts=thread, **message)
            return
        state = await ledger.begin(part, channel)
        if state.sent:
            return
        key = ledger.key(part)
        if not state.fresh:
            found = await self._find_posted(channel, thread, key, state.started_at.timestamp())
            if found is not None:
                log.info("reply %s was posted before the interruption; not posting it again", key)
                await ledger.sent(part, found)
                return
        posted = await self.client.chat_postMessage(
            channel=channel, thread_ts=thread, metadata={"event_type": METADATA_TYPE, "event_payload": {"key": key}},
            **message)
        await ledger.sent(part, str(posted.get("ts") or "?"))

    async def _find_posted(self, channel: str, thread: str | None, key: str, since: float) -> str | None:
        """The ts of the bot's message carrying ``key`` in its metadata, if Slack has it."""
        oldest = f"{since - LOOKUP_MARGIN.total_seconds():.6f}"
        try:
            if thread:
                found = await self.client.conversations_replies(channel=channel, ts=thread, oldest=oldest, limit=200,
                                                                include_all_metadata=True)
            else:
                found = await self.client.conversations_history(channel=channel, oldest=oldest, limit=200,
                                                                include_all_metadata=True)
        except SlackApiError as error:
            log.warning("could not look up an interrupted reply in %s (%s); sending it", channel,
                        error.response.get("error"))
            return None
        for message in found.get("messages") or ():
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") == METADATA_TYPE and (metadata.get("event_payload") or {}).get("key") == key:
                return str(message.get("ts"))
        return None

    @staticmethod
    async def _once(ledger: Ledger | None, part: str, channel: str | None) -> bool:
        """True if this (unverifiable) send is to be made: no ledger, or not recorded as sent."""
        return ledger is None or not (await ledger.begin(part, channel)).sent

    @staticmethod
    async def _done(ledger: Ledger | None, part: str, marker: str) -> None:
        if ledger is not None:
            await ledger.sent(part, marker)

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
