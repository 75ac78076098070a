"""Bolt listeners: turn Slack payloads into the core's incoming values, and its replies into messages.

Every delivery Planvakt takes is recorded as a durable job before Slack gets its 200 (Bolt
runs with ``process_before_response``), together with its delivery keys: an event's id and
its message's channel and ts, or a command's or click's trigger id and the hash of its
signed body. A retry, a duplicate or a replay finds its keys and is acknowledged without a
second answer. The job then runs at once in :class:`JobRunner`; if the process dies first,
a later start (or another replica) takes it up from the store. Bots, including this one,
are never answered.

What a job keeps (until it is answered, then deleted): ids, channel, ts, a slash command's
own text, never a message's text or file names: a job taken up again fetches its message
from Slack (conversations.history/replies).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
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
from planvakt.bot.slack.blocks import CHOOSE_PACK_PATTERN, SHOW_ALL_ACTION, findings_view, notice_view
from planvakt.bot.slack.delivery import Delivery, Destination, Ledger
from planvakt.bot.slack.files import SlackFiles
from planvakt.bot.slack.jobs import JobRunner
from planvakt.bot.slack.text import clean_message_text
from planvakt.bot.store.jobs import Job

log = logging.getLogger(__name__)

SHORTCUT_ID = "planvakt_sjekk"
SLASH_COMMAND = "/planvakt"
ANSWERED_SUBTYPES = {None, "file_share", "thread_broadcast"}
OWN_MESSAGE = ("Det der er min egen tilbakemelding 🙂 Velg «Sjekk med Planvakt» på meldingen med "
               "utkastet, så sjekker jeg det.")
LOST_MESSAGE = ("Jeg ble avbrutt mens jeg sjekket meldingen din, og nå finner jeg den ikke igjen hos Slack. "
                "Send den gjerne en gang til, så sjekker jeg den.")
TRIGGER_GONE = {"expired_trigger_id", "invalid_trigger_id", "trigger_exchanged"}


def _not_now() -> BoltResponse:
    """The delivery could not be recorded: no 200, so Slack retries it."""
    return BoltResponse(status=503, body="")


def delivery_keys(request: AsyncBoltRequest, trigger_id: str | None) -> list[str]:
    """A command's or click's keys: its trigger id, and the hash of its signed body (a replay's is the same)."""
    keys = [f"body:{hashlib.sha256(request.raw_body.encode('utf-8', 'surrogatepass')).hexdigest()}"]
    if trigger_id:
        keys.insert(0, f"trigger:{trigger_id}")
    return keys


class SlackBot:
    def __init__(self, conversation: Conversation, delivery: Delivery, files: SlackFiles, jobs: JobRunner,
                 client: AsyncWebClient) -> None:
        self.conversation = conversation
        self.delivery = delivery
        self.files = files
        self.jobs = jobs
        self.client = client
        for kind, handler in (("message", self._run_message), ("shortcut", self._run_shortcut),
                              ("command", self._run_command), ("show_all", self._run_show_all),
                              ("choose_pack", self._run_choose_pack)):
            jobs.handle(kind, handler)

    def register(self, app: AsyncApp) -> None:
        app.event("message")(self.on_direct_message)
        app.event("app_mention")(self.on_mention)
        app.message_shortcut(SHORTCUT_ID)(self.on_shortcut)
        app.command(SLASH_COMMAND)(self.on_command)
        app.action(SHOW_ALL_ACTION)(self.on_show_all)
        app.action(CHOOSE_PACK_PATTERN)(self.on_choose_pack)

    async def _accept(self, kind: str, payload: dict[str, Any], keys: list[str], memo: Any = None) -> bool:
        """Record the job before the 200; False if the store could not (the caller answers 503)."""
        try:
            await self.jobs.accept(kind, payload, keys, memo)
        except Exception as error:
            log.error("could not record delivery %s (%s); Slack will retry it", keys[0], describe_error(error))
            return False
        return True

    # --- events ----------------------------------------------------------------------------

    async def on_direct_message(self, body: dict[str, Any], event: dict[str, Any],
                                context: AsyncBoltContext) -> BoltResponse | None:
        if event.get("channel_type") != "im" or self._ignored(event, context):
            return None
        return await self._accept_event("dm", body, event, context)

    async def on_mention(self, body: dict[str, Any], event: dict[str, Any],
                         context: AsyncBoltContext) -> BoltResponse | None:
        if self._ignored(event, context):
            return None
        return await self._accept_event("mention", body, event, context)

    def _ignored(self, event: dict[str, Any], context: AsyncBoltContext) -> bool:
        """Bots (this one too), edits and deletions, and messages without a user."""
        return (bool(event.get("bot_id")) or event.get("subtype") not in ANSWERED_SUBTYPES
                or not event.get("user") or event.get("user") == context.bot_user_id)

    async def _accept_event(self, where: str, body: dict[str, Any], event: dict[str, Any],
                            context: AsyncBoltContext) -> BoltResponse | None:
        keys = [f"event:{body.get('event_id', '')}", f"message:{event['channel']}:{event['ts']}"]
        payload = {"where": where, "user": event["user"], "channel": event["channel"], "ts": event["ts"],
                   "thread_ts": event.get("thread_ts"), "bot_user": context.bot_user_id}
        memo = self._message(event, context.bot_user_id)
        return None if await self._accept("message", payload, keys, memo) else _not_now()

    def _message(self, event: dict[str, Any], bot_user: str | None) -> Message:
        return Message(user=event["user"], text=clean_message_text(event.get("text", ""), bot_user),
                       uploads=self._uploads(event))

    async def _run_message(self, job: Job, memo: Message | None, last: bool) -> None:
        p = job.payload
        if p["where"] == "mention":
            destination = Destination(user=p["user"], channel=p["channel"], thread_ts=p["thread_ts"] or p["ts"],
                                      answers_in_dm=True)
        else:
            destination = Destination(user=p["user"], channel=p["channel"], thread_ts=p["thread_ts"] or p["ts"],
                                      answers_in_thread=bool(p["thread_ts"]))
        incoming: Incoming | None = memo
        if incoming is None:
            event = await self._fetch(p["channel"], p["ts"], p["thread_ts"])
            incoming = None if event is None else self._message({**event, "user": p["user"]}, p.get("bot_user"))
        await self._answer(job, incoming, destination, last)

    async def _answer(self, job: Job, incoming: Incoming | None, destination: Destination, last: bool) -> None:
        replies = [answer(LOST_MESSAGE)] if incoming is None else \
            await self.conversation.handle(incoming, raise_transient=not last)
        await self.delivery.send(replies, destination, Ledger(self.jobs.store, job.id))

    async def _fetch(self, channel: str, ts: str, thread_ts: str | None) -> dict[str, Any] | None:
        """The message as Slack has it now (a job taken up again keeps no text); None if it is gone."""
        try:
            if thread_ts and thread_ts != ts:
                found = await self.client.conversations_replies(channel=channel, ts=thread_ts, oldest=ts, latest=ts,
                                                                inclusive=True, limit=5)
            else:
                found = await self.client.conversations_history(channel=channel, oldest=ts, latest=ts,
                                                                inclusive=True, limit=1)
        except SlackApiError as error:
            log.warning("could not fetch message %s in %s again (%s)", ts, channel, error.response.get("error"))
            return None
        return next((m for m in found.get("messages") or () if m.get("ts") == ts), None)

    def _uploads(self, message: dict[str, Any]) -> tuple[Upload, ...]:
        return tuple(self.files.upload(file) for file in message.get("files") or () if file.get("mode") != "tombstone")

    # --- the message shortcut ------------------------------------------------------------

    async def on_shortcut(self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext,
                          request: AsyncBoltRequest) -> BoltResponse | None:
        message, user = body.get("message") or {}, body["user"]["id"]
        payload = {"user": user, "channel": (body.get("channel") or {}).get("id"), "ts": message.get("ts"),
                   "thread_ts": message.get("thread_ts"), "bot_user": context.bot_user_id,
                   "own": bool(message.get("bot_id") and message.get("bot_id") == context.bot_id)}
        memo = None if payload["own"] else \
            Draft(user=user, text=clean_message_text(message.get("text", ""), context.bot_user_id),
                  uploads=self._uploads(message))
        if not await self._accept("shortcut", payload, delivery_keys(request, body.get("trigger_id")), memo):
            return _not_now()
        await ack()
        return None

    async def _run_shortcut(self, job: Job, memo: Draft | None, last: bool) -> None:
        p = job.payload
        destination = Destination(user=p["user"], channel=p["channel"], thread_ts=p["thread_ts"] or p["ts"],
                                  dm_if_not_there=True)
        if p["own"]:
            await self.delivery.send([answer(OWN_MESSAGE)], destination, Ledger(self.jobs.store, job.id))
            return
        incoming: Incoming | None = memo
        if incoming is None and p["channel"] and p["ts"]:
            message = await self._fetch(p["channel"], p["ts"], p["thread_ts"])
            if message is not None:
                incoming = Draft(user=p["user"], text=clean_message_text(message.get("text", ""), p.get("bot_user")),
                                 uploads=self._uploads(message))
        await self._answer(job, incoming, destination, last)

    # --- the slash command ---------------------------------------------------------------

    async def on_command(self, ack: AsyncAck, command: dict[str, Any], context: AsyncBoltContext,
                         request: AsyncBoltRequest) -> BoltResponse | None:
        payload = {"user": command["user_id"], "response_url": command.get("response_url"),
                   "text": clean_message_text(command.get("text", ""), context.bot_user_id, keep_user_ids=True)}
        if not await self._accept("command", payload, delivery_keys(request, command.get("trigger_id"))):
            return _not_now()
        await ack()
        return None

    async def _run_command(self, job: Job, _memo: None, last: bool) -> None:
        p = job.payload
        destination = Destination(user=p["user"], response_url=p["response_url"])
        await self._answer(job, Command(user=p["user"], text=p["text"]), destination, last)

    # --- buttons ---------------------------------------------------------------------------

    async def on_show_all(self, ack: AsyncAck, body: dict[str, Any], request: AsyncBoltRequest) -> BoltResponse | None:
        action = (body.get("actions") or [{}])[0]
        payload = {"user": body["user"]["id"], "report_id": str(action.get("value", "")),
                   "trigger_id": body.get("trigger_id")}
        if not await self._accept("show_all", payload, delivery_keys(request, body.get("trigger_id"))):
            return _not_now()
        await ack()
        return None

    async def _run_show_all(self, job: Job, _memo: None, _last: bool) -> None:
        p = job.payload
        reply = (await self.conversation.handle(ShowFindings(user=p["user"], report_id=p["report_id"])))[0]
        view = findings_view(reply.findings) if reply.findings is not None else notice_view(reply.text)
        try:
            await self.client.views_open(trigger_id=p["trigger_id"], view=view)
        except SlackApiError as error:
            if error.response.get("error") not in TRIGGER_GONE:
                raise
            log.info("the click on «Vis alle funn» expired before it was answered (%s)", error.response.get("error"))

    async def on_choose_pack(self, ack: AsyncAck, body: dict[str, Any],
                             request: AsyncBoltRequest) -> BoltResponse | None:
        """A button of «which kind of document is this?»: the question is replaced by that check's feedback."""
        action = (body.get("actions") or [{}])[0]
        payload = {"user": body["user"]["id"], "report_id": str(action.get("value", "")),
                   "response_url": body.get("response_url"), "channel": (body.get("channel") or {}).get("id"),
                   "container": body.get("container") or {}}
        if not await self._accept("choose_pack", payload, delivery_keys(request, body.get("trigger_id"))):
            return _not_now()
        await ack()
        return None

    async def _run_choose_pack(self, job: Job, _memo: None, last: bool) -> None:
        p = job.payload
        incoming = ShowReport(user=p["user"], report_id=p["report_id"])
        reply = (await self.conversation.handle(incoming, raise_transient=not last))[0]
        if reply.kind is ReplyKind.FEEDBACK:
            await self.delivery.replace(p, reply)   # replacing twice leaves the same message
            return
        destination = Destination(user=p["user"], response_url=p["response_url"],  # only they see it
                                  channel=p["channel"])
        await self.delivery.send([reply], destination, Ledger(self.jobs.store, job.id))
