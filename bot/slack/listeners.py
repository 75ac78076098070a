"""Bolt listeners: turn Slack payloads into the core's incoming values, and its replies into messages.

Every listener acknowledges at once (Bolt acknowledges events before calling us);
the work runs afterwards in :class:`Background`. Deliveries are claimed in the store
by event id and message ts first, so Slack's retries and duplicate deliveries are
answered once. Bots, including this one, are never answered.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from planvakt.bot.core import (
    Command,
    Conversation,
    Draft,
    Incoming,
    Message,
    ReplyKind,
    ShowFindings,
    ShowReport,
    Upload,
)
from planvakt.bot.core.conversation import answer
from planvakt.bot.logs import describe_error
from planvakt.bot.slack.background import Background
from planvakt.bot.slack.blocks import CHOOSE_PACK_PATTERN, SHOW_ALL_ACTION, findings_view, notice_view
from planvakt.bot.slack.delivery import Delivery, Destination
from planvakt.bot.slack.files import SlackFiles
from planvakt.bot.slack.text import clean_message_text
from planvakt.bot.store.base import Store

log = logging.getLogger(__name__)

SHORTCUT_ID = "planvakt_sjekk"
SLASH_COMMAND = "/planvakt"
ANSWERED_SUBTYPES = {None, "file_share", "thread_broadcast"}
OWN_MESSAGE = ("Det der er min egen tilbakemelding 🙂 Velg «Sjekk med Planvakt» på meldingen med "
               "utkastet, så sjekker jeg det.")


class SlackBot:
    def __init__(self, conversation: Conversation, store: Store, delivery: Delivery, files: SlackFiles,
                 background: Background) -> None:
        self.conversation = conversation
        self.store = store
        self.delivery = delivery
        self.files = files
        self.background = background

    def register(self, app: AsyncApp) -> None:
        app.event("message")(self.on_direct_message)
        app.event("app_mention")(self.on_mention)
        app.message_shortcut(SHORTCUT_ID)(self.on_shortcut)
        app.command(SLASH_COMMAND)(self.on_command)
        app.action(SHOW_ALL_ACTION)(self.on_show_all)
        app.action(CHOOSE_PACK_PATTERN)(self.on_choose_pack)

    # --- events (already acknowledged by Bolt) ----------------------------------------

    async def on_direct_message(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        if event.get("channel_type") != "im" or self._ignored(event, context):
            return
        destination = Destination(user=event["user"], channel=event["channel"],
                                  thread_ts=event.get("thread_ts") or event["ts"],
                                  answers_in_thread=bool(event.get("thread_ts")))
        self._answer_event(body, event, context, destination)

    async def on_mention(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext) -> None:
        if self._ignored(event, context):
            return
        destination = Destination(user=event["user"], channel=event["channel"],
                                  thread_ts=event.get("thread_ts") or event["ts"], answers_in_dm=True)
        self._answer_event(body, event, context, destination)

    def _ignored(self, event: dict[str, Any], context: AsyncBoltContext) -> bool:
        """Bots (this one too), edits and deletions, and messages without a user."""
        return (bool(event.get("bot_id")) or event.get("subtype") not in ANSWERED_SUBTYPES
                or not event.get("user") or event.get("user") == context.bot_user_id)

    def _answer_event(self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext,
                      destination: Destination) -> None:
        keys = [f"event:{body.get('event_id', '')}", f"message:{event['channel']}:{event['ts']}"]
        incoming = Message(user=event["user"], text=clean_message_text(event.get("text", ""), context.bot_user_id),
                           uploads=self._uploads(event))
        self.background.spawn(self._once(keys, incoming, destination), name=f"event {keys[0]}")

    async def _once(self, keys: list[str], incoming: Incoming, destination: Destination) -> None:
        try:
            fresh = await self.store.claim(keys)
        except Exception as error:  # no store: better a rare double answer than none
            log.error("could not record delivery %s (%s); answering anyway", keys[0], describe_error(error))
            fresh = True
        if not fresh:
            log.info("duplicate delivery %s ignored", keys[0])
            return
        await self._answer(incoming, destination)

    async def _answer(self, incoming: Incoming, destination: Destination) -> None:
        replies = await self.conversation.handle(incoming)
        await self.delivery.send(replies, destination)

    def _uploads(self, message: dict[str, Any]) -> tuple[Upload, ...]:
        return tuple(self.files.upload(file) for file in message.get("files") or () if file.get("mode") != "tombstone")

    # --- interactivity and commands (acknowledged here) ---------------------------------

    async def on_shortcut(self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        message, user = body.get("message") or {}, body["user"]["id"]
        channel = (body.get("channel") or {}).get("id")
        destination = Destination(user=user, channel=channel, thread_ts=message.get("thread_ts") or message.get("ts"),
                                  dm_if_not_there=True)
        if message.get("bot_id") and message.get("bot_id") == context.bot_id:
            self.background.spawn(self.delivery.send([answer(OWN_MESSAGE)], destination), name="shortcut")
            return
        incoming = Draft(user=user, text=clean_message_text(message.get("text", ""), context.bot_user_id),
                         uploads=self._uploads(message))
        self.background.spawn(self._answer(incoming, destination), name="shortcut")

    async def on_command(self, ack: AsyncAck, command: dict[str, Any], context: AsyncBoltContext) -> None:
        await ack()
        user = command["user_id"]
        destination = Destination(user=user, response_url=command.get("response_url"))
        incoming = Command(user=user, text=clean_message_text(command.get("text", ""), context.bot_user_id,
                                                              keep_user_ids=True))
        self.background.spawn(self._answer(incoming, destination), name="command")

    async def on_show_all(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        action = (body.get("actions") or [{}])[0]
        replies = await self.conversation.handle(ShowFindings(user=body["user"]["id"],
                                                              report_id=str(action.get("value", ""))))
        reply = replies[0]
        view = findings_view(reply.findings) if reply.findings is not None else notice_view(reply.text)
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def on_choose_pack(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """A button of «which kind of document is this?»: the question is replaced by that check's feedback."""
        await ack()
        action = (body.get("actions") or [{}])[0]
        incoming = ShowReport(user=body["user"]["id"], report_id=str(action.get("value", "")))
        self.background.spawn(self._replace(incoming, body), name="choose pack")

    async def _replace(self, incoming: Incoming, body: dict[str, Any]) -> None:
        reply = (await self.conversation.handle(incoming))[0]
        if reply.kind is ReplyKind.FEEDBACK:
            await self.delivery.replace(body, reply)
            return
        destination = Destination(user=incoming.user, response_url=body.get("response_url"),  # only they see it
                                  channel=(body.get("channel") or {}).get("id"))
        await self.delivery.send([reply], destination)
