"""Progress as Block Kit: status replies, a sector's history, the «which sector?» buttons, DMs,
the digest and the App Home tab (with the sectors × checklist matrix in emoji).

The core's progress text uses Slack's own syntax for people (``<@U123>``) and *bold*;
everything else is escaped here, and the mentions are let through.
"""

from __future__ import annotations

import re
from typing import Any

from planvakt.bot.progress import render
from planvakt.bot.progress.model import Overview, SectorChoice, SectorDetail, Text
from planvakt.bot.slack.block_kit import (
    HEADER_LIMIT,
    MESSAGE_BLOCKS,
    Block,
    clip_keep_lines,
    context,
    packed,
    plain,
    section,
)
from planvakt.bot.slack.text import escape

CHOOSE_SECTOR_ACTION = "planvakt_sektor"            # action ids: planvakt_sektor_0, _1, … (unique per block)
CHOOSE_SECTOR_PATTERN = re.compile(rf"^{CHOOSE_SECTOR_ACTION}_\d+$")
HOME_BLOCKS = 100
FALLBACK_LIMIT = 3000
_ESCAPED_MENTION = re.compile(r"&lt;@([UW][A-Z0-9]+)&gt;")
SLACK = render.Style(escape=escape, mention=lambda user: f"<@{user}>")
LEGEND = "✅ på plass · ⚠️ ufullstendig · ❌ mangler · ⚪ ingen utkast ennå"


def slack_text(text: str) -> str:
    """The core's text for Slack: escaped, with ``<@U123>`` mentions kept."""
    return _ESCAPED_MENTION.sub(r"<@\1>", escape(text))


def fallback(text: str) -> str:
    return clip_keep_lines(slack_text(text), FALLBACK_LIMIT)


def text_blocks(text: str, *, max_blocks: int = MESSAGE_BLOCKS) -> list[Block]:
    return packed(slack_text(text).split("\n\n"), max_blocks=max_blocks)


def overview_blocks(overview: Overview, *, max_blocks: int = MESSAGE_BLOCKS) -> list[Block]:
    if not overview.rows:
        return text_blocks(render.NO_SECTORS)
    rows = ["\n".join(render.row_lines(row, overview.now, overview.zone, SLACK)) for row in overview.rows]
    blocks = [section(render.overview_heading(overview))]
    blocks += packed(rows, max_blocks=max_blocks - 2)
    blocks.append(context(slack_text(render.overview_footer(overview))))
    return blocks


def detail_blocks(detail: SectorDetail) -> list[Block]:
    return text_blocks(render.detail_text(detail, SLACK))


def choice_blocks(choice: SectorChoice) -> list[Block]:
    question = "*Hvilken sektor er utkastet til?* Da lagrer jeg fremdriften der."
    if choice.title_named:
        question = (f"Tittelen nevner «{escape(choice.title_named)}», som du ikke er satt opp for. "
                    "*Hvilken sektor skal jeg lagre fremdriften under?*")
    buttons = [{"type": "button", "action_id": f"{CHOOSE_SECTOR_ACTION}_{index}",
                "value": f"{choice.version_id}:{sector_id}", "text": plain(name, 75)}
               for index, (sector_id, name) in enumerate(choice.options)]
    buttons.append({"type": "button", "action_id": f"{CHOOSE_SECTOR_ACTION}_{len(choice.options)}",
                    "value": f"{choice.version_id}:", "text": plain("Ikke lagre", 75)})
    return [section(question), {"type": "actions", "elements": buttons[:25]}]


def view_blocks(view: object, *, max_blocks: int = MESSAGE_BLOCKS) -> list[Block] | None:
    """Blocks for a reply's or a note's view; None if it is not a progress view."""
    if isinstance(view, Overview):
        return overview_blocks(view, max_blocks=max_blocks)
    if isinstance(view, SectorDetail):
        return detail_blocks(view)
    if isinstance(view, SectorChoice):
        return choice_blocks(view)
    if isinstance(view, Text):
        return text_blocks(view.text, max_blocks=max_blocks)
    return None


# --- the App Home tab -------------------------------------------------------------------------


def matrix_blocks(overview: Overview) -> list[Block]:
    return [section("*Sjekklisten per sektor*\n" + render.matrix_text(overview, SLACK)), context(LEGEND)]


def home_view(overview: Overview | None, *, updated: str) -> dict[str, Any]:
    """The dashboard: the user's status (all sectors for a coordinator) and the emoji matrix."""
    blocks: list[Block] = [{"type": "header", "text": plain("Planvakt – fremdrift", HEADER_LIMIT)}]
    if overview is None:
        blocks += text_blocks("Du er ikke satt opp som eier eller skriver for noen sektor. Send meg et utkast "
                              "under «Meldinger», så får du tilbakemelding med en gang. Skriv «hjelp» for alt "
                              "jeg kan.")
    elif not overview.rows:
        blocks += text_blocks(render.NO_SECTORS)
    else:
        blocks += overview_blocks(overview, max_blocks=HOME_BLOCKS - 8)
        blocks.append({"type": "divider"})
        blocks += matrix_blocks(overview)
    blocks.append(context(f"Oppdatert {escape(updated)}. Åpne fanen på nytt for å oppdatere."))
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}
