"""Business plans and annual reports in the bot: the title chooses the rule pack, and it asks when unclear.

The core alone (feedback, progress only for sector chapters, «mal <navn>», another user's
choice), then end to end against the fake Slack: the question with buttons in the draft's
thread, and a click that replaces it with the chosen check's feedback.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from bot_harness import RunningBot
from drafts import WITH_GAPS
from fake_slack import FakeSlack
from slack_requests import dm
from slack_sdk.models.blocks import Block

from planvakt.bot.config import BotConfig, ConfigError, read_config
from planvakt.bot.core import Conversation, Linter, Message, ReplyKind, ShowReport
from planvakt.bot.core.messages import PackChoice
from planvakt.bot.progress.wiring import progress_of
from planvakt.bot.slack.blocks import CHOOSE_PACK_ACTION
from planvakt.bot.startup import open_conversation, title_pack_names
from planvakt.bot.store import SqlStore
from planvakt.linting.errors import PlanvaktError
from planvakt.linting.report.model import FileReport
from planvakt.linting.rulepack.loader import load_pack

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BUSINESS_PLAN = (EXAMPLES / "virksomhetsplaner" / "nordbyen-skole.md").read_text(encoding="utf-8")
UNCLEAR = BUSINESS_PLAN.replace("# Virksomhetsplan 2021 – Nordbyen skole",
                                "# Årsrapport og virksomhetsplan 2021 – Nordbyen skole", 1)


@pytest.fixture
async def core(store: SqlStore) -> AsyncIterator[tuple[Conversation, list[str]]]:
    """The core with the default title packs, and the rule sets its progress hook was called for."""
    linter = Linter(load_pack(), title_packs=tuple(load_pack(name) for name in title_pack_names(BotConfig())))
    conversation = Conversation(linter, store)
    recorded: list[str] = []

    async def hook(user: str, report: FileReport, draft: str | bytes, priorities: Any) -> list:
        recorded.append(report.ruleset)
        return []

    conversation.after_check.append(hook)
    yield conversation, recorded
    linter.close()


def test_the_default_title_packs_are_the_built_in_ones_that_name_a_title() -> None:
    assert title_pack_names(BotConfig()) == ("arsrapport", "virksomhetsplan")
    assert title_pack_names(BotConfig(packs_by_title=())) == ()


async def test_a_business_plan_is_checked_as_one_and_not_recorded_as_a_sector_chapter(core) -> None:
    conversation, recorded = core
    [reply] = await conversation.handle(Message(user="U1", text=BUSINESS_PLAN))
    assert reply.kind is ReplyKind.FEEDBACK
    assert "Regelpakke virksomhetsplan" in reply.feedback.context
    assert recorded == []
    await conversation.handle(Message(user="U1", text=WITH_GAPS))
    assert recorded == ["sektorkapittel"]


async def test_an_unclear_title_asks_and_mal_answers_with_that_check(core, store: SqlStore) -> None:
    conversation, recorded = core
    [question] = await conversation.handle(Message(user="U1", text=UNCLEAR))
    assert question.kind is ReplyKind.CHOICE and isinstance(question.view, PackChoice)
    assert [label for label, _ in question.view.options] == ["årsrapport", "virksomhetsplan"]
    assert "passer både for årsrapport og virksomhetsplan" in question.text
    assert "«mal årsrapport» eller «mal virksomhetsplan»" in question.text
    [chosen] = await conversation.handle(Message(user="U1", text="mal virksomhetsplan"))
    assert chosen.kind is ReplyKind.FEEDBACK and "Regelpakke virksomhetsplan" in chosen.feedback.context
    [other] = await conversation.handle(Message(user="U1", text="mal arsrapport"))   # without «å» too
    assert "Regelpakke arsrapport" in other.feedback.context
    assert other.feedback.report_id == question.view.options[0][1]     # «Vis alle funn» works on it
    assert recorded == []
    [unsure] = await conversation.handle(Message(user="U1", text="mal plan"))
    assert unsure.kind is ReplyKind.ANSWER and "Hvilken mal" in unsure.text


async def test_only_the_author_chooses_and_mal_without_a_question_explains(core) -> None:
    conversation, _ = core
    [question] = await conversation.handle(Message(user="U1", text=UNCLEAR))
    report_id = question.view.options[1][1]
    [stranger] = await conversation.handle(ShowReport(user="U2", report_id=report_id))
    assert stranger.kind is ReplyKind.PROBLEM and "den som sendte utkastet" in stranger.text
    [nothing] = await conversation.handle(Message(user="U2", text="mal virksomhetsplan"))
    assert "Jeg har ikke spurt deg" in nothing.text
    [gone] = await conversation.handle(ShowReport(user="U1", report_id="finnes-ikke"))
    assert gone.kind is ReplyKind.PROBLEM and "finner ikke den rapporten" in gone.text


def test_packs_by_title_mistakes_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "planvakt.yaml"
    path.write_text("rules: sektorkapittel\npacks_by_title: virksomhetsplan\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    assert "skal være en liste" in caught.value.message
    path.write_text("packs_by_title: [virksomhetsplan, egen/plan.yaml]\n", encoding="utf-8")
    assert read_config(path).packs_by_title == ("virksomhetsplan", str((tmp_path / "egen/plan.yaml").resolve()))


async def test_an_unknown_pack_in_packs_by_title_stops_the_start_with_its_name(tmp_path: Path) -> None:
    config = BotConfig(store=f"sqlite:///{tmp_path / 'p.db'}", packs_by_title=("virksomhetsplann",))
    with pytest.raises(PlanvaktError) as caught:
        await open_conversation(config)
    assert "virksomhetsplann" in str(caught.value)


# --- end to end ---------------------------------------------------------------------------------


async def test_slack_asks_in_the_thread_and_a_click_replaces_the_question_with_the_feedback(
        bot: RunningBot, fake_slack: FakeSlack) -> None:
    event = dm(UNCLEAR, user="UWRITER", channel="D0WRITER")
    await bot.sender.event(event)
    [post] = await fake_slack.wait_for("chat.postMessage")
    question = post.params
    assert question["thread_ts"] == event["ts"]
    for block in question["blocks"]:
        Block.parse(block).validate_json()
    assert "Hvilken mal skal jeg sjekke utkastet mot?" in str(question["blocks"])
    buttons = question["blocks"][-1]["elements"]
    assert [b["text"]["text"] for b in buttons] == ["Årsrapport", "Virksomhetsplan"]
    assert all(b["action_id"].startswith(CHOOSE_PACK_ACTION) for b in buttons)

    async def click(user: str, button: dict[str, Any]) -> dict[str, Any]:
        before = len(fake_slack.calls_to("response"))
        sent = await bot.sender.interaction({
            "type": "block_actions", "user": {"id": user}, "trigger_id": f"trig.{user}",
            "container": {"type": "message", "channel_id": "D0WRITER", "message_ts": "1.2"},
            "channel": {"id": "D0WRITER"}, "response_url": fake_slack.response_url(),
            "actions": [{"action_id": button["action_id"], "block_id": "b", "value": button["value"],
                         "type": "button", "action_ts": "1.3"}]})
        assert sent.status == 200
        return (await fake_slack.wait_for("response", count=before + 1))[before].params

    stranger = await click("USTRANGER", buttons[1])
    assert stranger.get("replace_original") is False and stranger.get("response_type") == "ephemeral"
    assert "den som sendte utkastet" in stranger["text"]
    chosen = await click("UWRITER", buttons[1])
    assert chosen["replace_original"] is True
    assert "Regelpakke virksomhetsplan" in str(chosen["blocks"])
    for block in chosen["blocks"]:
        Block.parse(block).validate_json()


# --- business plans and reports against the stored HØP -------------------------------------------


async def test_a_report_in_the_bot_is_compared_with_each_sectors_latest_chapter(sector_config: BotConfig,
                                                                               clock) -> None:
    from progress_fixtures import WRITER

    report = (EXAMPLES / "arsrapport-2021.md").read_text(encoding="utf-8")
    bullying = ("- Nytt program mot mobbing på alle skoler (Oppvekst og utdanning, mål 1.5). Delvis oppnådd:\n"
                "  15 av 21 skoler har tatt programmet i bruk, og resten følger i 2022.\n")
    assert bullying in report
    without_bullying = report.replace(bullying, "")
    conversation, store, linter = await open_conversation(sector_config, clock=clock)
    try:
        async def unanswered() -> list[str]:
            [reply] = await conversation.handle(Message(user=WRITER, text=without_bullying))
            assert "Regelpakke arsrapport" in reply.feedback.context
            [latest] = await store.recent_reports(WRITER, limit=1)
            return [f["message"] for f in latest.report["findings"] if f["rule"] == "report-priority-unanswered"]

        assert await unanswered() == []              # no chapter stored yet: nothing to compare with
        chapter = (EXAMPLES / "hop" / "oppvekst-og-utdanning.md").read_text(encoding="utf-8")
        await conversation.handle(Message(user=WRITER, text=chapter))   # filed under Oppvekst, priorities kept
        [missing] = await unanswered()
        assert "mobbing" in missing
        assert len(await progress_of(conversation).store.history("oppvekst")) == 1   # the report is no version
    finally:
        linter.close()
        await store.close()
