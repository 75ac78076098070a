"""Block Kit payloads, validated with slack_sdk's models, and kept inside Slack's limits."""

from __future__ import annotations

from typing import Any

import pytest
from drafts import WITH_GAPS
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from planvakt.bot.core import answers
from planvakt.bot.core.feedback import build_all_findings, build_feedback
from planvakt.bot.core.messages import Attachment, Reply, ReplyKind
from planvakt.bot.slack.blocks import (
    MESSAGE_CHARS,
    SHOW_ALL_ACTION,
    blocks_chars,
    fallback_text,
    findings_view,
    message_blocks,
    notice_view,
)
from planvakt.bot.slack.text import clean_message_text, escape
from planvakt.linting.catalogue import catalogue
from planvakt.linting.engine import lint_text
from planvakt.linting.limits import DEFAULT_LIMITS
from planvakt.linting.report.model import ChecklistItem, FileReport, Finding
from planvakt.linting.rulepack.loader import load_pack


def validate_message(blocks: list[dict[str, Any]]) -> None:
    assert 0 < len(blocks) <= 50
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.validate_json()
        assert parsed.to_dict() == block
    assert blocks_chars(blocks) <= MESSAGE_CHARS


def validate_view(view: dict[str, Any]) -> None:
    parsed = View(**view)
    parsed.validate_json()
    assert len(view["blocks"]) <= 100
    for block in view["blocks"]:
        Block.parse(block).validate_json()


def giant_report(findings: int = 400, message_length: int = 2500) -> FileReport:
    checklist = [ChecklistItem(f"s{n}", f"Overskrift nummer {n} " + "x" * 100, "missing", False, 2 + n % 2)
                 for n in range(60)]
    return FileReport(
        path="kapittel.docx", ruleset="sektorkapittel", language="nb", source="docx", stats={},
        sections={}, focus_areas={}, plan_link="missing", checklist=checklist, title="T" * 400,
        findings=[Finding("some-rule", "error", "<&> " + "m" * message_length, n, 1, f"s{n % 60}", "h" * 3000)
                  for n in range(findings)])


def feedback_reply(report: FileReport, report_id: str | None = "abc123") -> Reply:
    feedback = build_feedback(report, report_id=report_id)
    return Reply(ReplyKind.FEEDBACK, "fallback", feedback=feedback)


def test_feedback_has_header_checklist_progress_findings_and_a_button() -> None:
    blocks = message_blocks(feedback_reply(lint_text(WITH_GAPS)))
    validate_message(blocks)
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "emoji": True,
                                                    "text": "Oppvekst og utdanning – 4/8 på plass"}}
    checklist = blocks[1]["text"]["text"]
    assert "❌ Status og utfordringer" in checklist and "✅ Prioriteringer" in checklist
    assert "\u2003\u2003⚠️ Grønt samfunn" in checklist          # focus areas indented under their heading
    findings = [b for b in blocks if b["type"] == "section" and b["text"]["text"].startswith("❌ *Linje")]
    assert len(findings) == 5
    assert all("\n→ _" in b["text"]["text"] for b in findings)  # each with its fix
    [actions] = [b for b in blocks if b["type"] == "actions"]
    button = actions["elements"][0]
    assert button["action_id"] == SHOW_ALL_ACTION and button["value"] == "abc123"
    assert button["text"]["text"] == "Vis alle funn (6)"


def test_a_clean_draft_is_three_short_blocks() -> None:
    report = lint_text(clean_message_text(
        "*Kapittel*\n*Innledning*\nVi bygger på kommuneplanens samfunnsdel.\n*Status og utfordringer*\nTekst.\n"
        "*Prioriteringer*\n_Godt liv for alle_\n• A (mål 1.1).\n_Grønt samfunn_\n• B (mål 2.1).\n"
        "_Regional vekst_\n• C (mål 3.1).\n*Samarbeid for å nå målene*\nVi samarbeider med frivillige."))
    assert not report.findings
    blocks = message_blocks(feedback_reply(report))
    validate_message(blocks)
    assert [b["type"] for b in blocks] == ["header", "section", "context"]
    assert "Godt jobbet" in blocks[1]["text"]["text"]


def test_a_giant_report_stays_inside_slacks_limits() -> None:
    report = giant_report()
    blocks = message_blocks(Reply(ReplyKind.FEEDBACK, "x" * 50_000, feedback=build_feedback(report, report_id="r"),
                                  attachment=Attachment("planvakt-rapport.txt", "Hele rapporten", "…")))
    validate_message(blocks)
    assert len(blocks[0]["text"]["text"]) <= 150
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert "Hele rapporten ligger i filen under." in blocks[-1]["elements"][0]["text"]
    assert "&lt;&amp;&gt;" in str(blocks) and "<&>" not in str(blocks)  # escaped for mrkdwn
    assert len(fallback_text(Reply(ReplyKind.FEEDBACK, "x" * 50_000))) <= 3000


def test_findings_made_of_escaped_characters_still_fit_in_one_message() -> None:
    report = giant_report(findings=10, message_length=0)
    report.findings = [Finding("some-rule", "error", "&" * 500, n, 1, "s1", "<" * 400) for n in range(10)]
    blocks = message_blocks(feedback_reply(report))
    validate_message(blocks)                              # «&» becomes «&amp;»: fewer findings shown, within 12k
    assert "Vis alle funn (10)" in str(blocks)


def test_all_findings_modal_is_valid_and_as_complete_as_fits() -> None:
    view = findings_view(build_all_findings(lint_text(WITH_GAPS)))
    validate_view(view)
    text = str(view["blocks"])
    assert text.count("*Linje") == 6 and "*Status og utfordringer*" in text
    big = findings_view(build_all_findings(giant_report()))
    validate_view(big)
    assert big["blocks"][-1]["type"] == "context"
    assert "funn til" in big["blocks"][-1]["elements"][0]["text"]
    assert blocks_chars(big["blocks"]) <= 30_000


@pytest.mark.parametrize("text", [answers.help_text(DEFAULT_LIMITS), answers.rules_text(load_pack(), catalogue(load_pack()).running()),
                                  answers.SHORT_HELP, "a" * 10_000 + "\n\n" + "b" * 5000])
def test_answers_become_sections_of_at_most_3000_characters(text: str) -> None:
    blocks = message_blocks(Reply(ReplyKind.ANSWER, text))
    validate_message(blocks)
    assert all(b["type"] == "section" for b in blocks)


def test_notice_view_is_valid() -> None:
    validate_view(notice_view(answers.NOT_FOUND))


def test_escape_makes_user_text_inert() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
