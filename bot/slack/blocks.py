"""Replies as Block Kit, inside Slack's limits.

Messages: at most 50 blocks, 3,000 characters per section text, 150 per header, and we
keep the whole message under about 12,000 characters. Modals: at most 100 blocks.
The core has already bounded every piece (see :mod:`planvakt.bot.core.feedback`); this module
bounds what it adds, and every text passes through :func:`escape`.
"""

from __future__ import annotations

import re
from typing import Any

from planvakt.bot.core.answers import pack_choice_question
from planvakt.bot.core.feedback import clip
from planvakt.bot.core.messages import AllFindings, Feedback, FindingLine, PackChoice, Reply
from planvakt.bot.slack.block_kit import (  # noqa: F401  (re-exported)
    HEADER_LIMIT,
    MESSAGE_BLOCKS,
    SECTION_LIMIT,
    Block,
    clip_keep_lines,
    context,
    mrkdwn,
    packed,
    plain,
    section,
)
from planvakt.bot.slack.progress_blocks import fallback, view_blocks
from planvakt.bot.slack.text import escape

SHOW_ALL_ACTION = "planvakt_vis_alle"
CHOOSE_PACK_ACTION = "planvakt_velg_mal"
CHOOSE_PACK_PATTERN = re.compile(rf"^{CHOOSE_PACK_ACTION}_\d+$")
FINDINGS_VIEW = "planvakt_alle_funn"
FALLBACK_LIMIT = 3000
MESSAGE_CHARS = 12_000
MODAL_BLOCKS = 100
MODAL_CHARS = 24_000
INDENT = "\u2003\u2003"  # Slack trims leading spaces; em spaces survive

def fallback_text(reply: Reply) -> str:
    """The message's ``text``: notifications, and clients that don't show blocks."""
    if reply.view is not None and not isinstance(reply.view, PackChoice):  # progress answers name people
        return fallback(reply.text)
    return clip_keep_lines(escape(reply.text), FALLBACK_LIMIT)


def message_blocks(reply: Reply) -> list[Block]:
    if isinstance(reply.view, PackChoice):
        return pack_choice_blocks(reply.view)
    if reply.view is not None:  # status, a sector's history, «which sector?» (bot.slack.progress_blocks)
        blocks = view_blocks(reply.view)
        if blocks is not None:
            return blocks
    if reply.feedback is not None:
        return feedback_blocks(reply.feedback, attached=reply.attachment is not None)
    return text_blocks(reply.text)


def pack_choice_blocks(choice: PackChoice) -> list[Block]:
    """«Which kind of document is this?», one button per pack; each button shows that pack's check."""
    buttons = [{"type": "button", "action_id": f"{CHOOSE_PACK_ACTION}_{index}", "value": report_id,
                "text": plain(label[:1].upper() + label[1:], 75)}
               for index, (label, report_id) in enumerate(choice.options[:25])]
    return [section(escape(pack_choice_question(choice))), {"type": "actions", "elements": buttons}]


def text_blocks(text: str, *, max_blocks: int = MESSAGE_BLOCKS) -> list[Block]:
    """Paragraphs packed into sections of at most 3,000 characters."""
    return packed(escape(text).split("\n\n"), max_blocks=max_blocks)


def finding_mrkdwn(line: FindingLine) -> str:
    text = f"{line.mark} *{escape(line.where)}* · {escape(line.section)}\n{escape(line.message)}"
    if line.excerpt:
        text += f"\n«{escape(line.excerpt)}»"
    return f"{text}\n→ _{escape(line.hint)}_" if line.hint else text


def checklist_mrkdwn(feedback: Feedback) -> str:
    return "\n".join(f"{INDENT * max(line.level - 2, 0)}{line.mark} {escape(line.label)}"
                     f"{' – _' + escape(line.note) + '_' if line.note else ''}" for line in feedback.checklist)


def feedback_blocks(feedback: Feedback, *, attached: bool = False) -> list[Block]:
    done, total = feedback.progress
    blocks: list[Block] = [{"type": "header", "text": plain(f"{feedback.title} – {done}/{total} på plass",
                                                            HEADER_LIMIT)}]
    if feedback.clean and not feedback.total_findings:
        return [*blocks, section(escape(feedback.intro)), context(escape(feedback.context))]
    blocks.append(section(checklist_mrkdwn(feedback)))
    blocks.append({"type": "divider"})
    blocks.append(section(f"*{escape(feedback.intro)}*"))
    findings = [section(finding_mrkdwn(line)) for line in feedback.top]
    room = MESSAGE_CHARS - blocks_chars(blocks) - 500  # the button and the context line after them
    while findings and blocks_chars(findings) > room:  # escaping can grow text fourfold («&» → «&amp;»)
        findings.pop()
    blocks.extend(findings)
    if feedback.hidden and feedback.report_id:
        blocks.append({"type": "actions", "elements": [{
            "type": "button", "action_id": SHOW_ALL_ACTION, "value": feedback.report_id,
            "text": plain(f"Vis alle funn ({feedback.total_findings})", 75)}]})
    elif feedback.hidden:
        blocks.append(context(f"… og {feedback.hidden} funn til."))
    notes = [escape(feedback.context)]
    if attached:
        notes.append("Hele rapporten ligger i filen under.")
    blocks.append(context(" · ".join(notes)))
    return blocks


def blocks_chars(blocks: list[Block]) -> int:
    """All the text in blocks: what counts against Slack's message size."""
    total = 0
    for block in blocks:
        if "text" in block:
            total += len(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text")
            total += len(text["text"] if isinstance(text, dict) else text or "")
    return total


def findings_view(findings: AllFindings) -> dict[str, Any]:
    """«Vis alle funn»: every finding, grouped by heading, in a modal (as many as fit)."""
    pieces = [(False, f"*{escape(group.label)}*") if index == 0 else (True, finding_mrkdwn(line))
              for group in findings.groups for index, line in enumerate((None, *group.findings))]
    total = sum(is_finding for is_finding, _ in pieces)
    blocks: list[Block] = [section(f"*{escape(clip(findings.title, 200))}*")]
    chunk, chars, shown = "", 0, 0
    for is_finding, piece in pieces:
        if chars + len(piece) > MODAL_CHARS or len(blocks) >= MODAL_BLOCKS - 2:
            break
        if chunk and (len(chunk) + 2 + len(piece) > SECTION_LIMIT or not is_finding):
            blocks.append(section(chunk))
            chunk = ""
        chunk = f"{chunk}\n\n{piece}" if chunk else piece
        chars += len(piece)
        shown += is_finding
    if chunk:
        blocks.append(section(chunk))
    if not total:
        blocks.append(section("Ingen funn. 🎉"))
    if shown < total:
        blocks.append(context(f"… og {total - shown} funn til. Hele rapporten er lagt ved som fil."))
    return {"type": "modal", "callback_id": FINDINGS_VIEW, "title": plain("Alle funn", 24),
            "close": plain("Lukk", 24), "blocks": blocks}


def notice_view(text: str) -> dict[str, Any]:
    """A modal with one message (e.g. the report is gone)."""
    return {"type": "modal", "callback_id": FINDINGS_VIEW, "title": plain("Planvakt", 24),
            "close": plain("Lukk", 24), "blocks": text_blocks(text, max_blocks=MODAL_BLOCKS)}
