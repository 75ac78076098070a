"""Workers for the durable jobs: at least once, however the process ends.

A listener calls :meth:`JobRunner.accept` before Slack gets its 200: the job is recorded
(with its delivery keys, see :class:`planvakt.bot.store.jobs.JobStore`) and started here at
once, with what the listener already knows in memory (the message text). Jobs whose worker
died, or that were given back at shutdown, are found by a poll and run from their payload.
While a job runs its lease is renewed; a job that fails is given back for a later attempt,
and given up after :data:`MAX_ATTEMPTS`.

A job's handler gets ``(job, memo, last_attempt)``; ``memo`` is None when the job is taken
up from the store. Handlers make their effects idempotent with the reply ledger.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

from planvakt.bot.logs import describe_error
from planvakt.bot.store.jobs import Job, JobStore

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
DEFAULT_LEASE = 60.0            # seconds; a lease is renewed every third of it
POLL_EVERY = 2.0
PARALLEL = 32

Handler = Callable[[Job, Any, bool], Awaitable[None]]


class JobRunner:
    def __init__(self, store: JobStore, *, lease: float = DEFAULT_LEASE, parallel: int = PARALLEL,
                 poll_every: float = POLL_EVERY) -> None:
        self.store = store
        self.lease = timedelta(seconds=lease)
        self.poll_every = poll_every
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.handlers: dict[str, Handler] = {}
        self._slots = asyncio.Semaphore(parallel)
        self._parallel = parallel
        self._running: dict[str, asyncio.Task[None]] = {}
        self._stopping = False
        self._tasks: list[asyncio.Task[None]] = []

    def handle(self, kind: str, handler: Handler) -> None:
        self.handlers[kind] = handler

    @property
    def pending(self) -> int:
        """Jobs running in this process."""
        return len(self._running)

    async def accept(self, kind: str, payload: dict[str, Any], keys: Sequence[str], memo: Any = None) -> bool:
        """Record a delivery's job and start it; False if the delivery was seen before.
        Raises the store's error if it could not be recorded (Slack then gets no 200 and retries)."""
        job_id = uuid.uuid4().hex
        if not await self.store.enqueue(job_id, kind, payload, keys, owner=self.owner, lease=self.lease):
            log.info("duplicate delivery %s ignored", keys[0] if keys else kind)
            return False
        self._start(Job(job_id, kind, payload, 1), memo)
        return True

    def start(self) -> None:
        """Take up unfinished jobs now and then (after a restart, or another worker's death)."""
        self._tasks = [asyncio.create_task(self._poll_forever(), name="jobs: poll"),
                       asyncio.create_task(self._renew_forever(), name="jobs: leases")]

    async def stop(self, drain: float) -> None:
        """Let running jobs finish (up to ``drain`` s); give the rest back for the next worker."""
        self._stopping = True
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        running = dict(self._running)
        if not running:
            return
        _done, unfinished = await asyncio.wait(set(running.values()), timeout=drain)
        for task in unfinished:
            task.cancel()
        await asyncio.gather(*unfinished, return_exceptions=True)
        left = [job_id for job_id, task in running.items() if task in unfinished]
        for job_id in left:
            with contextlib.suppress(Exception):
                await self.store.release(self.owner, job_id)
        if left:
            log.info("gave back %d unfinished job(s) for the next start", len(left))

    async def run_due(self) -> int:
        """One poll: take up and start what is due; returns how many."""
        free = self._parallel - len(self._running)
        if free <= 0 or self._stopping:
            return 0
        jobs = await self.store.claim_due(self.owner, self.lease, free, skip=list(self._running))
        for job in jobs:
            log.info("taking up job %s (%s, attempt %d)", job.id, job.kind, job.attempts)
            self._start(job, None)
        return len(jobs)

    # --- inside ---------------------------------------------------------------------------

    def _start(self, job: Job, memo: Any) -> None:
        task = asyncio.create_task(self._execute(job, memo), name=f"job {job.kind} {job.id}")
        self._running[job.id] = task
        task.add_done_callback(lambda _t, job_id=job.id: self._running.pop(job_id, None))

    async def _execute(self, job: Job, memo: Any) -> None:
        async with self._slots:
            if self._stopping:  # leave it for the next start
                await self.store.release(self.owner, job.id)
                return
            handler = self.handlers.get(job.kind)
            last = job.attempts >= MAX_ATTEMPTS
            try:
                if handler is None:
                    raise LookupError(f"no handler for job kind {job.kind}")
                await handler(job, memo, last)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if last or handler is None:
                    log.error("job %s (%s) failed %d times, giving up: %s", job.id, job.kind, job.attempts,
                              describe_error(error))
                    await self._finish(job)
                    return
                delay = 0 if self._stopping else min(60, 2 ** job.attempts)
                log.warning("job %s (%s) failed, will retry in %d s: %s", job.id, job.kind, delay,
                            describe_error(error))
                with contextlib.suppress(Exception):
                    await self.store.release(self.owner, job.id, delay=timedelta(seconds=delay))
                return
            await self._finish(job)

    async def _finish(self, job: Job) -> None:
        try:
            await self.store.finish(job.id)
        except Exception as error:  # it runs again after its lease; the ledger keeps replies single
            log.warning("could not finish job %s: %s", job.id, describe_error(error))

    async def _poll_forever(self) -> None:
        while True:
            try:
                await self.run_due()
            except Exception as error:
                log.warning("polling for jobs failed: %s", describe_error(error))
            await asyncio.sleep(self.poll_every)

    async def _renew_forever(self) -> None:
        every = self.lease.total_seconds() / 3
        while True:
            await asyncio.sleep(every)
            try:
                await self.store.renew(self.owner, list(self._running), self.lease)
            except Exception as error:
                log.warning("renewing job leases failed: %s", describe_error(error))
