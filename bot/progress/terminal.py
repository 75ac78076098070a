"""``planvakt chat``: what Planvakt would send other people (owner updates, a new owner's note), shown inline."""

from __future__ import annotations

import re
from typing import TextIO

from planvakt.bot.progress.service import Note

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)>")


_EMPHASIS = re.compile(r"(?<!\w)([*_])(\S(?:[^\n]*?\S)?)\1(?!\w)")


def terminal_text(text: str) -> str:
    """Slack's ``<@U123>`` as ``@U123``."""
    return _MENTION.sub(r"@\1", text)


def plain_text(text: str) -> str:
    """For a plain terminal: mentions as ``@U123``, and Slack's *bold* and _italic_ markers gone."""
    return _EMPHASIS.sub(r"\2", terminal_text(text))


class TerminalNotifier:
    def __init__(self, stdout: TextIO) -> None:
        self.stdout = stdout

    async def direct(self, user: str, note: Note) -> None:
        print(f"\n✉️  (direktemelding til @{user}) {terminal_text(note.text)}", file=self.stdout, flush=True)

    async def post(self, channel: str, note: Note) -> None:
        print(f"\n✉️  (melding i #{channel}) {terminal_text(note.text)}", file=self.stdout, flush=True)
