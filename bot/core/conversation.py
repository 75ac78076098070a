"""The conversation core: an incoming message, draft, command or button press in, replies out.

Transport-free: the Slack adapter and ``planvakt chat`` both call :meth:`Conversation.handle`
and render the :class:`Reply` values it returns. It never raises for bad input: a file it
cannot read, a wrong command, an internal failure each become a friendly reply.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from planvakt.bot.core import answers
from planvakt.bot.core.feedback import all_findings_text, build_all_findings, build_feedback, clip, feedback_text
from planvakt.bot.core.intent import classify, split_command
from planvakt.bot.core.linter import Checked, Linter, LinterCrashed
from planvakt.bot.core.messages import (
    Attachment,
    Command,
    DownloadError,
    Draft,
    Incoming,
    Message,
    PackChoice,
    Reply,
    ReplyKind,
    ShowFindings,
    ShowReport,
    Upload,
)
from planvakt.bot.core.ports import Store, utcnow
from planvakt.bot.core.report_codec import report_from_dict
from planvakt.bot.logs import describe_error
from planvakt.linting.errors import InputError
from planvakt.linting.limits import human_size
from planvakt.linting.readers import DOCX_SUFFIXES, MARKDOWN_SUFFIXES
from planvakt.linting.report.model import FileReport, Report
from planvakt.linting.report.text import render as render_text

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = DOCX_SUFFIXES | MARKDOWN_SUFFIXES | {".txt"}
MAX_FILES_PER_MESSAGE = 5
PENDING_PACK_CHOICES = 1000    # writers whose «which kind of document?» can be answered by text
LONG_REPORT_FINDINGS = 20      # more than this: the full report goes along as a file
PASTED_NAME = "utkast"

Handler = Callable[[str, str], Awaitable[list[Reply]]]
# Called after every check with (user, report, the draft: text, or a file's bytes, the draft's priorities
# as plain data or None: see bot.core.linter.Checked); returns extra replies.
AfterCheck = Callable[[str, FileReport, "str | bytes", "dict[str, Any] | None"], Awaitable[list[Reply]]]


NOT_YOUR_REPORT = ("Den rapporten hører til utkastet til en annen skribent, så den kan bare skribenten selv og "
                   "koordinatorene åpne. Send utkastet ditt til meg, så får du din egen.")
# Failures that may pass when tried again (a lint worker died, e.g. when the server was stopped)
TRANSIENT = (LinterCrashed,)


def answer(text: str) -> Reply:
    return Reply(ReplyKind.ANSWER, text)


def problem(text: str) -> Reply:
    return Reply(ReplyKind.PROBLEM, text)


class Conversation:
    """Decides what to do with what a user sends. One instance serves every user."""

    def __init__(self, linter: Linter, store: Store, *, clock: Callable[[], datetime] = utcnow,
                 coordinators: tuple[str, ...] | frozenset[str] = ()) -> None:
        self.linter = linter
        self.store = store
        self.clock = clock
        self.coordinators = frozenset(coordinators)  # may open any writer's report
        self.questions: dict[str, Handler] = {}
        self.commands: dict[str, Handler] = {}
        self.after_check: list[AfterCheck] = []      # e.g. the progress tracker (bot.progress)
        self.extensions: dict[str, object] = {}      # features attached to this core, by name
        self._pack_choices: dict[str, PackChoice] = {}  # user -> the last «which kind?» (for «mal <navn>»)
        # The HØP priorities business plans and annual reports are compared with (bot.progress sets it)
        self.hop_source: Callable[[], Awaitable[list[dict[str, Any]]]] | None = None
        self.register(["hjelp", "help", "?", "hjelpe"], self._help)
        self.register(["regler", "reglene", "regel", "rules"], self._rules)
        self.register(["status"], self._status)
        self.register(["sjekk", "check", "sjekke"], self._check_rest)
        self.register(["mal"], self._choose_pack)

    def register(self, words: list[str], handler: Handler, *, in_messages: bool = True) -> None:
        """Answer ``/planvakt <word>`` (and, if ``in_messages``, a short message starting with it)."""
        for word in words:
            self.commands[word] = handler
            if in_messages:
                self.questions[word] = handler

    async def handle(self, incoming: Incoming, *, raise_transient: bool = False) -> list[Reply]:
        """The replies to ``incoming``. ``raise_transient``: a failure that may pass when tried
        again (:data:`TRANSIENT`) is raised instead of answered, for a caller that retries."""
        try:
            if isinstance(incoming, ShowFindings):
                return [await self._show_findings(incoming.report_id, incoming.user)]
            if isinstance(incoming, ShowReport):
                return [await self._show_report(incoming.report_id, incoming.user)]
            if isinstance(incoming, Command):
                return await self._command(incoming.user, incoming.text)
            if isinstance(incoming, Draft):
                return await self._check(incoming.user, incoming.text, incoming.uploads)
            return await self._message(incoming)
        except TRANSIENT:
            if raise_transient:
                raise
            log.error("could not handle %s: a lint worker died", type(incoming).__name__)
            return [problem(answers.SOMETHING_WENT_WRONG)]
        except Exception as error:  # the bot keeps serving; the writer hears it went wrong
            log.error("could not handle %s: %s", type(incoming).__name__, describe_error(error))
            return [problem(answers.SOMETHING_WENT_WRONG)]

    # --- routing --------------------------------------------------------------------

    async def _message(self, message: Message) -> list[Reply]:
        if message.uploads:
            return await self._check(message.user, "", message.uploads)
        intent = classify(message.text)
        if intent.kind == "draft":
            return await self._check(message.user, message.text, ())
        if intent.kind == "empty":
            return [answer(answers.SHORT_HELP)]
        phrase = " ".join(message.text.lower().split()).strip(" .!?")
        if phrase in answers.GREETINGS:
            return [answer(f"Hei! {answers.SHORT_HELP}")]
        if phrase in answers.THANKS:
            return [answer("Bare hyggelig! Send en ny versjon når du vil, så sjekker jeg den.")]
        handler = self.questions.get(intent.word)
        if handler is None:
            return [answer(answers.unknown_question(message.text.strip()))]
        return await handler(message.user, intent.rest)

    async def _command(self, user: str, text: str) -> list[Reply]:
        word, rest = split_command(text)
        if not word:
            return await self._help(user, "")
        handler = self.commands.get(word)
        if handler is None:
            return [problem(answers.unknown_command(word))]
        return await handler(user, rest)

    # --- questions ------------------------------------------------------------------

    async def _help(self, _user: str, _rest: str) -> list[Reply]:
        return [answer(answers.help_text(self.linter.limits))]

    async def _rules(self, _user: str, _rest: str) -> list[Reply]:
        return [answer(answers.rules_text(self.linter.pack, await self.linter.running_rules()))]

    async def _status(self, user: str, _rest: str) -> list[Reply]:
        return [answer(answers.status_text(await self.store.recent_reports(user), self.clock()))]

    async def _check_rest(self, user: str, rest: str) -> list[Reply]:
        return await self._check(user, rest, ())

    # --- drafts ---------------------------------------------------------------------

    async def _check(self, user: str, text: str, uploads: tuple[Upload, ...]) -> list[Reply]:
        if uploads:
            replies = [reply for upload in uploads[:MAX_FILES_PER_MESSAGE]
                       for reply in await self._check_upload(user, upload)]
            if len(uploads) > MAX_FILES_PER_MESSAGE:
                replies.append(answer(f"Jeg sjekket de {MAX_FILES_PER_MESSAGE} første filene. "
                                      "Send resten i en ny melding."))
            return replies
        if not text.strip():
            return [problem(answers.EMPTY_DRAFT)]
        started = time.perf_counter()
        try:
            checked = await self.linter.check_text(text, PASTED_NAME, hop=await self._hop())
        except InputError as error:
            return [problem(f"Jeg fikk ikke sjekket utkastet: {error.message}.")]
        self._log_check(user, "text", len(text), checked.report, started)
        return await self._checked(user, checked, text, display_name=None)

    async def _check_upload(self, user: str, upload: Upload) -> list[Reply]:
        name = clip(upload.name, 80)
        suffix = Path(upload.name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            return [problem(f"«{name}» er ikke en filtype jeg kan lese. Jeg sjekker Word-filer (.docx), "
                            "Markdown (.md) og tekstfiler (.txt). Lagre filen som .docx, eller lim inn teksten "
                            "i en melding til meg.")]
        limit = self.linter.limits.max_file_bytes
        if upload.size is not None and upload.size > limit:
            return [problem(f"«{name}» er for stor ({human_size(upload.size)}). Jeg tar imot filer opptil "
                            f"{human_size(limit)}. Er det flere kapitler i samme fil? Send ett kapittel om gangen.")]
        started = time.perf_counter()
        try:
            data = await upload.fetch()
            checked = await self.linter.check_file(data, upload.name, hop=await self._hop())
        except DownloadError as error:
            return [problem(f"Jeg fikk ikke hentet «{name}»: {error.message}")]
        except InputError as error:
            return [problem(f"Jeg fikk ikke sjekket «{name}»: {error.message}. Prøv å åpne filen og lagre "
                            "den på nytt, eller lim inn teksten i en melding til meg.")]
        self._log_check(user, suffix.lstrip("."), len(data), checked.report, started)
        return await self._checked(user, checked, data, display_name=upload.name)

    async def _hop(self) -> list[dict[str, Any]]:
        """The stored HØP priorities, if a draft could be a business plan or report; none if unavailable."""
        if self.hop_source is None or not self.linter.title_packs:
            return []
        try:
            return await self.hop_source()
        except Exception as error:  # the draft is still checked, only not against the HØP
            log.error("could not read the HØP priorities: %s", describe_error(error))
            return []

    async def _checked(self, user: str, checked: Checked, draft: str | bytes, *,
                       display_name: str | None) -> list[Reply]:
        """Feedback on a checked draft; progress only for the default pack's documents (sector chapters)."""
        if checked.alternatives:
            return [await self._ask_pack(user, checked.alternatives)]
        report = checked.report
        extra = await self._after_check(user, report, draft, checked.priorities) \
            if report.ruleset == self.linter.pack.name else []
        return [await self._feedback(user, report, display_name=display_name), *extra]

    async def _ask_pack(self, user: str, reports: tuple[FileReport, ...]) -> Reply:
        """The title fits several kinds of document: keep each check and ask which one it is."""
        options: list[tuple[str, str]] = []
        try:
            for report in reports:
                options.append((self.linter.label(report.ruleset), await self.store.save_report(user, report.to_dict())))
        except Exception as error:  # nothing to choose between later: the first fitting pack it is
            log.error("could not keep the reports to choose between: %s", describe_error(error))
            return await self._feedback(user, reports[0], display_name=None)
        choice = PackChoice(title=reports[0].title, options=tuple(options))
        self._pack_choices.pop(user, None)
        self._pack_choices[user] = choice
        while len(self._pack_choices) > PENDING_PACK_CHOICES:
            self._pack_choices.pop(next(iter(self._pack_choices)))
        return Reply(ReplyKind.CHOICE, answers.pack_choice_text(choice), view=choice)

    async def _choose_pack(self, user: str, rest: str) -> list[Reply]:
        """«mal årsrapport»: the text answer to :meth:`_ask_pack` (Slack has buttons)."""
        choice = self._pack_choices.get(user)
        if choice is None:
            return [answer(answers.NO_PACK_CHOICE)]
        wanted = answers.fold(rest)
        found = [report_id for label, report_id in choice.options if wanted and answers.fold(label).startswith(wanted)]
        if len(found) != 1:
            return [answer(answers.pack_choice_text(choice))]
        return [await self._show_report(found[0], user)]

    async def _after_check(self, user: str, report: FileReport, draft: str | bytes,
                           priorities: dict[str, Any] | None) -> list[Reply]:
        """What the ``after_check`` hooks add; a failing hook never costs the writer the feedback."""
        replies: list[Reply] = []
        for hook in self.after_check:
            try:
                replies.extend(await hook(user, report, draft, priorities))
            except Exception as error:
                log.error("after-check hook failed: %s", describe_error(error))
        return replies

    async def _feedback(self, user: str, report: FileReport, *, display_name: str | None) -> Reply:
        report_id: str | None = None
        try:
            report_id = await self.store.save_report(user, report.to_dict())
        except Exception as error:  # feedback still goes out, only the button is lost
            log.error("could not keep a report: %s", describe_error(error))
        return self._render_feedback(report, report_id, display_name=display_name)

    def _render_feedback(self, report: FileReport, report_id: str | None, *, display_name: str | None) -> Reply:
        feedback = build_feedback(report, report_id=report_id, display_name=display_name)
        attachment = None
        if len(report.findings) > LONG_REPORT_FINDINGS:
            attachment = Attachment(filename="planvakt-rapport.txt", title=f"Hele rapporten – {feedback.title}",
                                    content=render_text(Report(files=[report])) + "\n")
        return Reply(ReplyKind.FEEDBACK, feedback_text(feedback), feedback=feedback, attachment=attachment)

    async def _show_report(self, report_id: str, user: str) -> Reply:
        stored = await self.store.load_report(report_id)
        if stored is None:
            return problem(answers.NOT_FOUND)
        if stored.user != user:
            return problem(answers.NOT_YOUR_CHOICE)
        return self._render_feedback(report_from_dict(stored.report), report_id, display_name=None)

    async def _show_findings(self, report_id: str, user: str) -> Reply:
        """Every finding of a report: only for its author and the coordinators."""
        stored = await self.store.load_report(report_id)
        if stored is None:
            return problem(answers.NOT_FOUND)
        if stored.user != user and user not in self.coordinators:
            log.info("user %s asked for another writer's report; refused", user)
            return problem(NOT_YOUR_REPORT)
        findings = build_all_findings(report_from_dict(stored.report))
        return Reply(ReplyKind.FINDINGS, all_findings_text(findings), findings=findings)

    def _log_check(self, user: str, kind: str, size: int, report: FileReport, started: float) -> None:
        done, total = report.progress
        log.info("checked a draft: user=%s kind=%s size=%d findings=%d progress=%d/%d ms=%.0f",
                 user, kind, size, len(report.findings), done, total, (time.perf_counter() - started) * 1000)
