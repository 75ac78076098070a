"""The Slack side of progress: the App Home dashboard, the «which sector?» buttons, DMs from
the progress core, and the scheduler (reminders, digest) inside ``planvakt serve``.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from planvakt.bot.progress import render
from planvakt.bot.progress.service import ProgressService
from planvakt.bot.scheduler import EVERY, Scheduler, stop
from planvakt.bot.slack.background import Background
from planvakt.bot.slack.delivery import Delivery
from planvakt.bot.slack.jobs import JobRunner
from planvakt.bot.slack.listeners import delivery_keys
from planvakt.bot.slack.notify import SlackNotifier
from planvakt.bot.slack.progress_blocks import CHOOSE_SECTOR_PATTERN, home_view
from planvakt.bot.store.jobs import Job

log = logging.getLogger(__name__)


class ProgressSlack:
    def __init__(self, service: ProgressService, client: AsyncWebClient, delivery: Delivery,
                 background: Background, jobs: JobRunner) -> None:
        self.service = service
        self.jobs = jobs
        jobs.handle("choose_sector", self._run_choose)
        self.client = client
        self.delivery = delivery
        self.background = background
        self.notifier = SlackNotifier(client)
        service.notifier = self.notifier
        service.spawn = lambda job: background.spawn(job, name="progress note")   # never delays a reply
        self.scheduler = Scheduler(service, self.notifier)
        self._task = None

    def register(self, app: AsyncApp) -> ProgressSlack:
        app.event("app_home_opened")(self.on_home_opened)
        app.action(CHOOSE_SECTOR_PATTERN)(self.on_choose_sector)
        return self

    def start(self, every: float = EVERY) -> None:
        self._task = self.scheduler.start(every)

    async def stop(self) -> None:
        await stop(self._task)
        self._task = None

    # --- the App Home tab -------------------------------------------------------------------

    async def on_home_opened(self, event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        self.background.spawn(self.publish_home(event["user"]), name="home")

    async def publish_home(self, user: str) -> None:
        await self.client.views_publish(user_id=user, view=await self.home(user))

    async def home(self, user: str) -> dict[str, Any]:
        overview = await self.service.overview(user)
        now = self.service.clock()
        return home_view(overview, updated=render.when(now, now, self.service.zone))

    # --- «which sector?» -----------------------------------------------------------------------

    async def on_choose_sector(self, ack: AsyncAck, body: dict[str, Any],
                               request: AsyncBoltRequest) -> BoltResponse | None:
        action = (body.get("actions") or [{}])[0]
        payload = {"user": body["user"]["id"], "value": str(action.get("value", "")),
                   "response_url": body.get("response_url"), "container": body.get("container") or {}}
        try:
            await self.jobs.accept("choose_sector", payload, delivery_keys(request, body.get("trigger_id")))
        except Exception as error:
            log.error("could not record a sector choice (%s); Slack will retry it", type(error).__name__)
            return BoltResponse(status=503, body="")
        await ack()
        return None

    async def _run_choose(self, job: Job, _memo: None, _last: bool) -> None:
        p = job.payload
        version_id, _, sector_id = p["value"].partition(":")
        reply = await self.service.choose(p["user"], version_id, sector_id)
        await self.delivery.replace(p, reply)  # the question is replaced by the answer
