"""The engine, run off the event loop so a big draft never delays an acknowledgement."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from linting.engine import lint_bytes, lint_text
from linting.limits import DEFAULT_LIMITS, Limits
from linting.report.model import FileReport
from linting.rulepack.model import RulePack

WARM_UP_TEXT = "# Kapittel\n\n## Innledning\n\nVi viser til kommuneplanens samfunnsdel.\n"


class Linter:
    """One rule pack, loaded once; checks run in a small thread pool of their own."""

    def __init__(self, pack: RulePack, *, limits: Limits = DEFAULT_LIMITS, workers: int = 2) -> None:
        self.pack = pack
        self.limits = limits
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="planvakt-lint")

    async def check_text(self, text: str, name: str) -> FileReport:
        """Pasted text; Markdown or chat formatting is detected by the engine."""
        return await self._run(partial(lint_text, text, name, rules=self.pack, limits=self.limits))

    async def check_file(self, data: bytes, name: str) -> FileReport:
        """A file's bytes; its name picks the reader (.docx, .md, .txt)."""
        return await self._run(partial(lint_bytes, data, name, rules=self.pack, limits=self.limits))

    async def warm_up(self) -> None:
        """Load the language data now rather than on the first writer's draft."""
        await self.check_text(WARM_UP_TEXT, "oppvarming")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def _run(self, job: partial[FileReport]) -> FileReport:
        return await asyncio.get_running_loop().run_in_executor(self._pool, job)
