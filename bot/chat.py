"""``planvakt chat``: the bot's conversation core in a terminal, without a Slack workspace.

Type a question, or paste a draft: on a terminal a paste is one message (lines that
arrive together), and a line with a single «.» ends a message explicitly. From a pipe,
messages are separated by «.» lines. ``/fil STI`` shares a file, ``/alle`` shows every
finding of the last check, ``/planvakt …`` (or just ``/hjelp``) is the slash command.
"""

from __future__ import annotations

import asyncio
import os
import re
import select
import sys
from pathlib import Path
from typing import TextIO

from planvakt.bot.config import BotConfig
from planvakt.bot.core import Command, Conversation, Message, Reply, ShowFindings, Upload
from planvakt.bot.core.messages import DownloadError, Incoming
from planvakt.bot.progress.terminal import TerminalNotifier, terminal_text
from planvakt.bot.progress.wiring import progress_of
from planvakt.bot.startup import open_conversation

END_OF_MESSAGE = "."
PASTE_GAP = 0.05  # seconds: lines closer together than this are one paste
QUIT_WORDS = {"/avslutt", "/quit", "/exit", "/slutt"}
WELCOME = ("Planvakt i terminalen – som en direktemelding i Slack. Skriv «hjelp», eller lim inn et utkast.\n"
           "/fil STI deler en fil, /alle viser alle funn fra sist, /avslutt (eller Ctrl+D) avslutter.")
_BOLD = re.compile(r"\*([^*\n]+)\*")


class MessageReader:
    """Messages from a file descriptor: pastes stay together, «.» ends a message, EOF ends the last."""

    def __init__(self, stream: TextIO) -> None:
        self.fd = stream.fileno()
        self.interactive = os.isatty(self.fd)
        self._buffer = b""
        self._eof = False

    def _fill(self) -> None:
        chunk = os.read(self.fd, 65536)
        if chunk:
            self._buffer += chunk
        else:
            self._eof = True

    def _line(self) -> str | None:
        while b"\n" not in self._buffer and not self._eof:
            self._fill()
        if not self._buffer:
            return None
        line, sep, rest = self._buffer.partition(b"\n")
        self._buffer = rest
        return line.decode("utf-8", errors="replace")

    def _more_pending(self) -> bool:
        if b"\n" in self._buffer:
            return True
        return not self._eof and bool(select.select([self.fd], [], [], PASTE_GAP)[0])

    def next_message(self) -> str | None:
        """The next message, or None at the end of input."""
        lines: list[str] = []
        while True:
            line = self._line()
            if line is None:
                return "\n".join(lines) if lines else None
            if line.strip() == END_OF_MESSAGE:
                if lines:
                    return "\n".join(lines)
                continue
            lines.append(line)
            if self.interactive and not self._more_pending():
                return "\n".join(lines)


def render(reply: Reply, *, color: bool) -> str:
    """The reply as the terminal shows it: Slack's *bold* as bold (or plain), and the button as a hint."""
    text = terminal_text(reply.text)  # progress answers name people as <@U123>
    feedback = reply.feedback
    if feedback is not None and feedback.hidden and feedback.report_id:
        text += "\n\nSkriv /alle for å se alle funn."
    if reply.attachment is not None:
        text += f"\n\n📎 I Slack legger jeg ved filen «{reply.attachment.title}» ({reply.attachment.filename})."
    return _BOLD.sub(lambda m: f"\033[1m{m.group(1)}\033[0m" if color else m.group(1), text)


class ChatSession:
    """One user talking to the core; keeps the last report for /alle."""

    def __init__(self, conversation: Conversation, user: str) -> None:
        self.conversation = conversation
        self.user = user
        self.last_report: str | None = None

    def incoming(self, text: str) -> Incoming | None:
        """What a typed line means; None for «quit»."""
        stripped = text.strip()
        word, _, rest = stripped.partition(" ")
        lower = word.lower()
        if lower in QUIT_WORDS:
            return None
        if lower == "/fil":
            return Message(self.user, "", uploads=(local_upload(rest.strip()),))
        if lower == "/alle":
            return ShowFindings(self.user, self.last_report or "")
        if lower == "/planvakt":
            return Command(self.user, rest)
        if stripped.startswith("/") and "\n" not in stripped:
            return Command(self.user, stripped[1:])
        return Message(self.user, text)

    async def send(self, incoming: Incoming) -> list[Reply]:
        replies = await self.conversation.handle(incoming)
        for reply in replies:
            if reply.feedback is not None and reply.feedback.report_id:
                self.last_report = reply.feedback.report_id
        return replies


def local_upload(path: str) -> Upload:
    """A file on disk, shared as if in Slack."""
    file = Path(path.strip().strip("'\"")).expanduser()

    async def fetch() -> bytes:
        if not path.strip():
            raise DownloadError("skriv stien etter /fil, for eksempel «/fil kapittel.docx».")
        if not file.is_file():
            raise DownloadError(f"finner ikke filen «{file}».")
        try:
            return await asyncio.to_thread(file.read_bytes)
        except OSError:
            raise DownloadError("har ikke lov til å lese filen.") from None

    size = file.stat().st_size if file.is_file() else None
    return Upload(name=file.name if path.strip() else "fil.txt", size=size, fetch=fetch)


async def run_chat(config: BotConfig, user: str, stdin: TextIO, stdout: TextIO) -> int:
    conversation, store, linter = await open_conversation(config)
    progress = progress_of(conversation)
    if progress is not None:  # owner updates and the like are shown where they would be sent
        progress.notifier = TerminalNotifier(stdout)
    reader = MessageReader(stdin)
    color = reader.interactive and stdout.isatty() and "NO_COLOR" not in os.environ
    session = ChatSession(conversation, user)
    try:
        if reader.interactive:
            print(WELCOME, file=stdout)
        while True:
            if reader.interactive:
                print(f"\n{user} › ", end="", file=stdout, flush=True)
            text = await asyncio.to_thread(reader.next_message)
            if text is None:
                break
            incoming = session.incoming(text)
            if incoming is None:
                break
            if not text.strip():
                continue
            for reply in await session.send(incoming):
                print(f"\nplanvakt › {render(reply, color=color)}", file=stdout, flush=True)
    finally:
        linter.close()
        await store.close()
    return 0


def main(config: BotConfig, user: str) -> int:
    return asyncio.run(run_chat(config, user, sys.stdin, sys.stdout))
