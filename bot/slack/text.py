"""Slack's message formatting: cleaning what users paste, escaping what the bot sends."""

from __future__ import annotations

import re

_ANGLE = re.compile(r"<([^<>\n]+)>")


def clean_message_text(text: str, bot_user_id: str | None = None, *, keep_user_ids: bool = False) -> str:
    """What a writer pasted, as they wrote it: links as their label, entities unescaped.

    ``<@BOT>`` mentions of the bot are dropped; other mentions, channels and
    ``<!here>`` become readable words. Slack escapes only ``&``, ``<`` and ``>``.
    With ``keep_user_ids`` (slash commands: ``/planvakt tildel … @eier``), a mention
    stays ``<@U123>`` so the core knows who is meant.
    """

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            user = target[1:]
            if bot_user_id and user == bot_user_id:
                return ""
            if keep_user_ids:
                return f"<@{user}>"
            return "@" + (label or user)
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            if label:
                return label
            word = target[1:].split("^", 1)[0]
            return "@" + word
        if label:
            return label
        return target.removeprefix("mailto:")

    text = _ANGLE.sub(replace, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    """Make text safe inside Slack ``mrkdwn`` and ``text`` fields."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
