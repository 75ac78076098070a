"""Messages Planvakt starts itself: owner updates, reminders, digests, a new owner's welcome.

Only the Web API client (no Bolt), so ``planvakt remind`` starts fast. Errors propagate:
the scheduler marks a reminder failed and a later run retries it.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from planvakt.bot.progress.service import Note
from planvakt.bot.scheduler import ChannelUnreachable
from planvakt.bot.slack.delivery import NOT_THERE
from planvakt.bot.slack.progress_blocks import fallback, text_blocks, view_blocks


class SlackNotifier:
    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._dm_channels: dict[str, str] = {}

    async def direct(self, user: str, note: Note) -> None:
        await self.post(await self._dm_channel(user), note)

    async def post(self, channel: str, note: Note) -> None:
        blocks = view_blocks(note.view) if note.view is not None else None
        try:
            await self.client.chat_postMessage(channel=channel, text=fallback(note.text),
                                               blocks=blocks or text_blocks(note.text), unfurl_links=False,
                                               unfurl_media=False)
        except SlackApiError as error:
            code = str(error.response.get("error"))
            if code in NOT_THERE:
                raise ChannelUnreachable(channel, code) from None
            raise

    async def _dm_channel(self, user: str) -> str:
        if user not in self._dm_channels:
            opened = await self.client.conversations_open(users=user)
            self._dm_channels[user] = opened["channel"]["id"]
        return self._dm_channels[user]
