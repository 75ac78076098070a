"""Work that runs after Slack has its acknowledgement: tracked, bounded, and drained at shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from planvakt.bot.logs import describe_error

log = logging.getLogger(__name__)


class Background:
    def __init__(self, parallel: int = 32) -> None:
        self._slots = asyncio.Semaphore(parallel)
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, job: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(self._run(job, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: Coroutine[Any, Any, None], name: str) -> None:
        async with self._slots:
            try:
                await job
            except asyncio.CancelledError:
                raise
            except Exception as error:  # one failed job never stops the others
                log.error("%s failed: %s", name, describe_error(error))

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float) -> None:
        """Let running jobs finish (up to ``timeout`` seconds), then cancel the rest."""
        if not self._tasks:
            return
        _done, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
