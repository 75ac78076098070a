"""Block Kit's building blocks, inside Slack's limits: sections, context, plain text, packing.

Shared by the replies (:mod:`.blocks`) and the progress views (:mod:`.progress_blocks`).
"""

from __future__ import annotations

from typing import Any

from planvakt.bot.core.feedback import clip

SECTION_LIMIT = 3000
HEADER_LIMIT = 150
MESSAGE_BLOCKS = 50

Block = dict[str, Any]


def mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(clip_keep_lines(text, SECTION_LIMIT))}


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(clip_keep_lines(text, 2000))]}


def clip_keep_lines(text: str, limit: int) -> str:
    """Cut at a line break if possible; unlike :func:`clip`, keeps the lines."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip() + "…"


def packed(paragraphs: list[str], *, max_blocks: int) -> list[Block]:
    """Paragraphs (already Slack text) packed into sections of at most 3,000 characters."""
    blocks: list[Block] = []
    current = ""
    for paragraph in paragraphs:
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= SECTION_LIMIT:
            current = candidate
            continue
        if current:
            blocks.append(section(current))
        current = paragraph
    if current:
        blocks.append(section(current))
    return blocks[:max_blocks]
