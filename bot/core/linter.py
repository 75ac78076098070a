"""The engine, run off the event loop so a big draft never delays an acknowledgement.

Two ways to run it:

- ``processes=0`` (``planvakt chat``, tests): a small thread pool in this process.
- ``processes=N`` (``planvakt serve``): N worker processes. The engine is CPU-bound
  Python; in a thread it holds the GIL and slows everything else the bot does (HTTP,
  the database driver's thread) to the pace of Python's thread switching. In worker
  processes it runs on another core, the bot's own process never imports spaCy, and a
  worker that crashes is replaced without taking the bot down.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from planvakt.linting.limits import DEFAULT_LIMITS, Limits
from planvakt.linting.report.model import FileReport
from planvakt.linting.rule_info import RuleInfo
from planvakt.linting.rulepack.model import RulePack
from planvakt.linting.rulepack.select import title_words

if TYPE_CHECKING:
    from planvakt.linting.document import Document

log = logging.getLogger(__name__)

WARM_UP_TEXT = "# Kapittel\n\n## Innledning\n\nVi viser til kommuneplanens samfunnsdel.\n"
THREADS = 2


def default_processes() -> int:
    """One core for the bot's own work, the rest (up to 4) for checking drafts; at least one."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


@dataclass(frozen=True, slots=True)
class Checked:
    """A check's result: the report, and the draft's priorities as plain data for chapter 4
    (``DocumentPriorities.to_dict()``: the priorities' text and goals, nothing else of the
    draft); None when they could not be read, or the draft is not a sector chapter.

    ``alternatives``: the title fits several of the packs chosen by title («Årsrapport og
    virksomhetsplan 2021»), so the draft was checked against each; the writer picks one."""

    report: FileReport
    priorities: dict[str, Any] | None = None
    alternatives: tuple[FileReport, ...] = ()


class LinterCrashed(RuntimeError):
    """A worker process died while checking (e.g. out of memory); it has been replaced."""


class Linter:
    """Rule packs loaded once per worker; drafts checked in a pool of threads or processes.

    ``pack`` is the default (the sector chapter's). ``title_packs`` are the packs a draft's
    title can choose instead (a business plan, the annual report): see
    :mod:`planvakt.linting.rulepack.select`. The default pack is never among them.
    """

    def __init__(self, pack: RulePack, *, limits: Limits = DEFAULT_LIMITS, processes: int = 0,
                 title_packs: tuple[RulePack, ...] = ()) -> None:
        self.pack = pack
        self.limits = limits
        self.processes = processes
        self.title_packs = tuple(p for p in title_packs if p.name != pack.name)
        self._rules: list[RuleInfo] | None = None
        self._pool = self._new_pool()

    def _new_pool(self) -> Executor:
        if self.processes:
            return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_start_worker,
                                       initargs=(self.pack.path, self.limits, [p.path for p in self.title_packs]))
        return ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="planvakt-lint")

    async def check_text(self, text: str, name: str, *, hop: list[dict[str, Any]] | None = None) -> Checked:
        """Pasted text; Markdown or chat formatting is detected by the engine. ``hop``: the HØP
        priorities (stored records) a business plan or report is compared with."""
        return await self._run(partial(_lint_text, text, name, hop or [], *self._local()))

    async def check_file(self, data: bytes, name: str, *, hop: list[dict[str, Any]] | None = None) -> Checked:
        """A file's bytes; its name picks the reader (.docx, .md, .txt)."""
        return await self._run(partial(_lint_bytes, data, name, hop or [], *self._local()))

    async def running_rules(self) -> list[RuleInfo]:
        """The catalogue entries of the rules that run for the default pack (checks, then its
        rules such as klarspråk), without those it switches off."""
        if self._rules is None:
            self._rules = await self._run(partial(_running_rules, *self._local()[:1]))
        return self._rules

    async def warm_up(self) -> None:
        """Start the workers and load the language data now, not on the first writer's draft."""
        await asyncio.gather(*(self.check_text(WARM_UP_TEXT, "oppvarming") for _ in range(max(1, self.processes))))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def label(self, pack_name: str) -> str:
        """What writers call a pack's documents: its first title word («årsrapport»), else its name."""
        for pack in (self.pack, *self.title_packs):
            if pack.name == pack_name:
                return (title_words(pack) or (pack.name,))[0]
        return pack_name

    def _local(self) -> tuple[RulePack, Limits, tuple[RulePack, ...]] | tuple[()]:
        """Threads get the packs and limits with each job; worker processes loaded their own."""
        return () if self.processes else (self.pack, self.limits, self.title_packs)

    async def _run(self, job: Callable[[], Any]) -> Any:
        pool = self._pool
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, job)
        except BrokenProcessPool:
            log.error("a lint worker died; starting a new one")
            if self._pool is pool:
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
            raise LinterCrashed("a lint worker died") from None


# --- what runs in the worker (a process, or a thread of this one) ----------------------

_WORKER: dict[str, Any] = {}


def _start_worker(pack_path: str, limits: Limits, title_pack_paths: list[str]) -> None:
    import signal

    from planvakt.linting.engine import lint_text

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the bot, which stops its workers
    from planvakt.linting.rulepack.loader import load_pack

    _WORKER.update(pack=load_pack(pack_path), limits=limits,
                   title_packs=tuple(load_pack(path) for path in title_pack_paths))
    lint_text(WARM_UP_TEXT, "oppvarming", rules=_WORKER["pack"], limits=limits)


def _lint_text(text: str, name: str, hop: list[dict[str, Any]], pack: RulePack | None = None,
               limits: Limits | None = None, title_packs: tuple[RulePack, ...] | None = None) -> Checked:
    from planvakt.linting.readers import read_string

    document = read_string(text, name, limits=limits or _WORKER["limits"])
    return _lint(document, pack or _WORKER["pack"], _WORKER["title_packs"] if title_packs is None else title_packs,
                 hop)


def _lint_bytes(data: bytes, name: str, hop: list[dict[str, Any]], pack: RulePack | None = None,
                limits: Limits | None = None, title_packs: tuple[RulePack, ...] | None = None) -> Checked:
    from planvakt.linting.readers import read_bytes

    document = read_bytes(data, name, limits=limits or _WORKER["limits"])
    return _lint(document, pack or _WORKER["pack"], _WORKER["title_packs"] if title_packs is None else title_packs,
                 hop)


def _lint(document: Document, default: RulePack, title_packs: tuple[RulePack, ...],
          hop: list[dict[str, Any]]) -> Checked:
    """The report against the pack the title chooses (else ``default``); for a sector chapter also
    the priorities, read from the same parsed document (for chapter 4). A business plan or
    report is compared with the ``hop`` priorities, when there are any."""
    from planvakt.linting.engine import lint_document
    from planvakt.linting.golden.extract import read_priorities
    from planvakt.linting.rulepack.select import candidates_for_title, document_title

    names = candidates_for_title(document_title(document), title_packs) if title_packs else []
    chosen = [pack for pack in title_packs if pack.name in names]
    given = hop or None  # the HØP priorities travel in the lint context, not in the pack
    if len(chosen) > 1:
        reports = tuple(lint_document(document, pack, hop_priorities=given) for pack in chosen)
        return Checked(reports[0], alternatives=reports)
    pack = chosen[0] if chosen else default
    report = lint_document(document, pack, hop_priorities=given if chosen else None)
    if pack is not default:
        return Checked(report)
    try:
        priorities: dict[str, Any] | None = read_priorities(document, pack, language=report.language).to_dict()
    except Exception as error:  # the writer's feedback never depends on chapter 4
        log.error("could not read the priorities of a draft: %s", type(error).__name__)
        priorities = None
    return Checked(report, priorities)


def _running_rules(pack: RulePack | None = None) -> list[RuleInfo]:
    import planvakt.linting.checks  # noqa: F401  (registers the checks)
    from planvakt.linting.catalogue import catalogue

    return catalogue(pack or _WORKER["pack"]).running()
