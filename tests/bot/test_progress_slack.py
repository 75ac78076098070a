"""Progress end to end: the real bot on loopback with sectors configured, signed requests, the fake Slack.

A coordinator's status lists every sector while a writer's shows only their own; the
owner gets a DM; the App Home dashboard (validated with slack_sdk's models); the «which
sector?» buttons; export to the coordinator's DM; tildel with a Slack mention; and the
scheduler inside the running bot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from drafts import (
    CLEAN_IN_SLACK,
    HEALTH_CHAPTER,
    SECRET,
    UNTITLED,
    WITH_GAPS,
    docx_sections,
)
from fake_slack import FakeSlack
from progress_fixtures import (
    BOTH,
    COORDINATOR,
    HEALTH_OWNER,
    HEALTH_WRITER,
    NEW_OWNER,
    OUTSIDER,
    OWNER,
    WRITER,
    Clock,
    ProgressBot,
    progress_bot,
)
from slack_requests import dm, mention
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from planvakt.bot.config import BotConfig
from planvakt.bot.slack.blocks import blocks_chars
from planvakt.bot.slack.progress_blocks import CHOOSE_SECTOR_ACTION

DM_OF = {user: "D" + user.lstrip("U") for user in (COORDINATOR, OWNER, WRITER, BOTH, HEALTH_OWNER, HEALTH_WRITER,
                                                   NEW_OWNER, OUTSIDER)}


def validate_blocks(blocks: list[dict[str, Any]]) -> str:
    """Valid Block Kit inside Slack's message limits; returns all the text, for assertions."""
    assert 0 < len(blocks) <= 50
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.validate_json()
    assert blocks_chars(blocks) <= 12_000
    return str(blocks)


def posts_to(fake: FakeSlack, channel: str) -> list[dict[str, Any]]:
    return [call.params for call in fake.calls_to("chat.postMessage") if call.params.get("channel") == channel]


@pytest.fixture
async def bot(fake_slack: FakeSlack, sector_config: BotConfig, clock: Clock) -> AsyncIterator[ProgressBot]:
    async with progress_bot(fake_slack, sector_config, clock) as running:
        yield running


async def command(bot: ProgressBot, fake: FakeSlack, text: str, user: str) -> dict[str, Any]:
    """A slash command; returns what the bot sent to its response URL."""
    before = len(fake.calls_to("response"))
    sent = await bot.sender.command(text, user=user, response_url=fake.response_url())
    assert sent.status == 200
    calls = await fake.wait_for("response", count=before + 1)
    return calls[before].params


async def test_a_coordinators_status_lists_every_sector_while_a_writers_shows_only_their_own(
        bot: ProgressBot, fake_slack: FakeSlack) -> None:
    await bot.sender.event(dm(WITH_GAPS, user=WRITER, channel=DM_OF[WRITER]))
    await fake_slack.wait_for("chat.postMessage", count=2)              # the feedback and the owner's DM
    await bot.settle()

    everyone = await command(bot, fake_slack, "status", COORDINATOR)
    text = validate_blocks(everyone["blocks"])
    for name in ("Oppvekst og utdanning", "Helse og velferd", "Kultur og idrett"):
        assert name in text and name in everyone["text"]
    assert "Status for alle sektorene" in text and "4/8" in text
    assert f"<@{OWNER}>" in text and f"&lt;@{OWNER}&gt;" not in text     # people are mentions, not text
    assert everyone["response_type"] == "ephemeral"

    own = await command(bot, fake_slack, "status", WRITER)
    text = validate_blocks(own["blocks"])
    assert "Oppvekst og utdanning" in text and "4/8" in text
    assert "Helse og velferd" not in text and "Kultur og idrett" not in text
    assert "Helse" not in own["text"]

    await bot.sender.event(dm("status", user=HEALTH_WRITER, channel=DM_OF[HEALTH_WRITER]))   # «status» in a DM
    [answer] = (await fake_slack.wait_for("chat.postMessage", count=3))[2:]
    assert answer.params["channel"] == DM_OF[HEALTH_WRITER]
    text = validate_blocks(answer.params["blocks"])
    assert "Helse og velferd" in text and "Oppvekst" not in text

    await bot.sender.event(mention("status", user=COORDINATOR, channel="C0PLAN"))           # and in a mention:
    [answer] = (await fake_slack.wait_for("chat.postMessage", count=4))[3:]
    assert answer.params["channel"] == DM_OF[COORDINATOR]                                   # in the DM, not the channel
    assert answer.params.get("thread_ts") is None and "Kultur og idrett" in str(answer.params["blocks"])


async def test_the_owner_gets_a_short_dm_with_progress_and_what_remains(bot: ProgressBot, fake_slack: FakeSlack) -> None:
    await bot.sender.event(dm(WITH_GAPS, user=WRITER, channel=DM_OF[WRITER]))
    await fake_slack.wait_for("chat.postMessage", count=2)
    await bot.settle()
    assert fake_slack.calls_to("conversations.open")[0].params["users"] == OWNER
    [note] = posts_to(fake_slack, DM_OF[OWNER])
    text = validate_blocks(note["blocks"])
    assert f"nytt utkast fra <@{WRITER}>" in text and "4/8 på plass" in text and "Gjenstår:" in text
    assert SECRET not in str(fake_slack.calls)
    [feedback] = posts_to(fake_slack, DM_OF[WRITER])
    assert feedback["thread_ts"] and "4/8 på plass" in feedback["text"]


async def test_the_app_home_shows_the_dashboard_with_the_matrix(bot: ProgressBot, fake_slack: FakeSlack) -> None:
    await bot.sender.event(dm(WITH_GAPS, user=WRITER, channel=DM_OF[WRITER]))
    await fake_slack.wait_for("chat.postMessage", count=2)
    await bot.settle()
    for user in (COORDINATOR, WRITER, OUTSIDER):
        await bot.sender.event({"type": "app_home_opened", "user": user, "channel": DM_OF[user], "tab": "home",
                                "event_ts": "1.0"})
    published = {call.params["user_id"]: call.params["view"]
                 for call in await fake_slack.wait_for("views.publish", count=3)}
    for view in published.values():
        View(**view).validate_json()
        assert view["type"] == "home" and len(view["blocks"]) <= 100
        for block in view["blocks"]:
            Block.parse(block).validate_json()
    coordinator = str(published[COORDINATOR]["blocks"])
    assert "Sjekklisten per sektor" in coordinator
    assert "_Overskrifter · Godt liv for alle · Grønt samfunn · Regional vekst · Samfunnsdelen_" in coordinator
    assert "⚠️ ✅ ⚠️ ❌ ❌   Oppvekst og utdanning" in coordinator            # sections, S1, S2, S3, plan link
    assert "⚪ ⚪ ⚪ ⚪ ⚪   Helse og velferd" in coordinator
    writer = str(published[WRITER]["blocks"])
    assert "Oppvekst og utdanning" in writer and "Helse og velferd" not in writer
    assert "ikke satt opp som eier eller skriver" in str(published[OUTSIDER]["blocks"])


async def test_an_ambiguous_draft_asks_with_buttons_and_only_its_author_can_answer(
        bot: ProgressBot, fake_slack: FakeSlack) -> None:
    event = dm(UNTITLED, user=BOTH, channel=DM_OF[BOTH])
    await bot.sender.event(event)
    posts = await fake_slack.wait_for("chat.postMessage", count=2)
    question = posts[1].params
    assert question["thread_ts"] == event["ts"]                         # in the draft's thread
    text = validate_blocks(question["blocks"])
    assert "Hvilken sektor er utkastet til?" in text
    buttons = question["blocks"][-1]["elements"]
    assert [b["text"]["text"] for b in buttons] == ["Oppvekst og utdanning", "Helse og velferd", "Ikke lagre"]
    helse = buttons[1]

    async def click(user: str) -> dict[str, Any]:
        before = len(fake_slack.calls_to("response"))
        sent = await bot.sender.interaction({
            "type": "block_actions", "user": {"id": user}, "trigger_id": f"trig.{user}",
            "container": {"type": "message", "channel_id": DM_OF[BOTH], "message_ts": "1.2"},
            "channel": {"id": DM_OF[BOTH]}, "response_url": fake_slack.response_url(),
            "actions": [{"action_id": helse["action_id"], "block_id": "b", "value": helse["value"],
                         "type": "button", "action_ts": "1.3"}]})
        assert sent.status == 200
        return (await fake_slack.wait_for("response", count=before + 1))[before].params

    assert helse["action_id"].startswith(CHOOSE_SECTOR_ACTION)
    stranger = await click(WRITER)
    assert "allerede lagret, eller for gammelt" in stranger["text"]
    assert await bot.service.store.history("helse") == []
    chosen = await click(BOTH)
    assert chosen["replace_original"] is True
    assert chosen["text"] == "✅ Lagret som ny versjon for *Helse og velferd* – 4/8 på plass."
    await bot.settle()
    assert [v.user for v in await bot.service.store.history("helse")] == [BOTH]
    assert "nytt utkast fra" in posts_to(fake_slack, DM_OF[HEALTH_OWNER])[0]["text"]


async def test_export_goes_to_the_coordinators_dm_and_only_theirs(bot: ProgressBot, fake_slack: FakeSlack) -> None:
    refused = await command(bot, fake_slack, "eksport", WRITER)
    assert "Bare koordinatorene" in refused["text"]
    reply = await command(bot, fake_slack, "eksport", COORDINATOR)
    assert "som CSV" in reply["text"]
    [complete] = await fake_slack.wait_for("files.completeUploadExternal")
    assert complete.params["channel_id"] == DM_OF[COORDINATOR]
    assert [c.params["users"] for c in fake_slack.calls_to("conversations.open")] == [COORDINATOR]
    [upload] = fake_slack.calls_to("upload")
    content = fake_slack.uploads[upload.params["file"]].decode("utf-8-sig")
    assert content.splitlines()[0].startswith("sektor_id;sektor;eier;frist;dager_igjen")
    assert len(content.splitlines()) == 4


async def test_kapittel4_uploads_chapter_4_as_docx_to_the_coordinators_dm(bot: ProgressBot,
                                                                           fake_slack: FakeSlack) -> None:
    nothing = await command(bot, fake_slack, "kapittel4", COORDINATOR)
    assert "Ingen sektorer har sendt meg utkast ennå" in nothing["text"]
    await bot.sender.event(dm(CLEAN_IN_SLACK, user=WRITER, channel=DM_OF[WRITER]))
    await bot.sender.event(dm(HEALTH_CHAPTER, user=HEALTH_WRITER, channel=DM_OF[HEALTH_WRITER]))
    await fake_slack.wait_for("chat.postMessage", count=4)              # two drafts' feedback, two owners' DMs
    await bot.settle()
    refused = await command(bot, fake_slack, "kapittel4", WRITER)
    assert refused["text"].startswith("Bare koordinatorene kan sette sammen kapittel 4")
    assert fake_slack.calls_to("files.completeUploadExternal") == []
    reply = await command(bot, fake_slack, "kapittel4", COORDINATOR)
    assert reply["response_type"] == "ephemeral" and "Word-filen ligger i direktemeldingen vår" in reply["text"]
    [complete] = await fake_slack.wait_for("files.completeUploadExternal")
    assert complete.params["channel_id"] == DM_OF[COORDINATOR]
    assert complete.params["files"][0]["title"] == "Kapittel 4 – satsingsområder 01.10.2024"
    [upload] = fake_slack.calls_to("upload")
    sections = docx_sections(fake_slack.uploads[upload.params["file"]])
    assert "Hverdagsrehabilitering tilbys i alle bydeler. (Helse og velferd – mål 1.2)" in sections["Godt liv for alle"]
    assert ("Vi faser ut fossil oppvarming i alle barnehager innen 2023. (Oppvekst og utdanning – mål 2.1)"
            in sections["Grønt samfunn"])
    assert [line.split()[0] for line in sections["Mål ingen sektor arbeider med"]] == [
        "1.3", "1.4", "1.5", "2.3", "2.4", "3.1", "3.4"]
    assert SECRET not in str(sections)


async def test_tildel_with_a_slack_mention_assigns_and_tells_the_new_owner(bot: ProgressBot,
                                                                          fake_slack: FakeSlack) -> None:
    refused = await command(bot, fake_slack, f"tildel kultur <@{NEW_OWNER}|kari> 1.11.2024", WRITER)
    assert refused["text"].startswith("Bare koordinatorene kan tildele kapitler.")
    done = await command(bot, fake_slack, f"tildel kultur <@{NEW_OWNER}|kari> 1.11.2024", COORDINATOR)
    assert done["text"] == (f"✅ *Kultur og idrett* eies nå av <@{NEW_OWNER}>, frist 1. nov. "
                            f"Jeg har sagt fra til <@{NEW_OWNER}>.")
    await bot.settle()
    [welcome] = posts_to(fake_slack, DM_OF[NEW_OWNER])
    assert "har satt deg som eier av kapitlet *Kultur og idrett*" in welcome["text"]
    status = await command(bot, fake_slack, "status kultur", NEW_OWNER)
    assert f"Eier <@{NEW_OWNER}>" in status["text"]


@pytest.mark.parametrize("options", [{"helse_deadline": date(2024, 10, 3)}])
async def test_the_running_bot_sends_due_reminders_by_itself_once(bot: ProgressBot, fake_slack: FakeSlack) -> None:
    [reminder] = await fake_slack.wait_for("chat.postMessage")          # the scheduler's first pass, at start
    assert reminder.params["channel"] == DM_OF[HEALTH_OWNER]
    assert "fristen er om 2 dager" in reminder.params["text"]
    done = await bot.runtime.progress.scheduler.run_once()              # the next pass: nothing new
    assert done.reminders == 0 and len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_a_failing_owner_dm_never_costs_the_writer_the_feedback(bot: ProgressBot, fake_slack: FakeSlack,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    fake_slack.fail_next("conversations.open", error="user_not_found")     # the owner's DM can't be opened
    await bot.sender.event(dm(WITH_GAPS, user=WRITER, channel=DM_OF[WRITER]))
    [feedback] = await fake_slack.wait_for("chat.postMessage")
    assert feedback.params["channel"] == DM_OF[WRITER] and "4/8 på plass" in feedback.params["text"]
    await bot.settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert [v.user for v in await bot.service.store.history("oppvekst")] == [WRITER]   # still recorded
    assert "could not send a DM" in caplog.text and SECRET not in caplog.text


@pytest.mark.parametrize("options", [{"extra": "digest:\n  weekday: tirsdag\n  channel: C0UTENFOR\n"}])
async def test_a_digest_channel_the_bot_is_not_in_falls_back_to_dms_that_say_why(
        fake_slack: FakeSlack, sector_config: BotConfig, clock: Clock) -> None:
    fake_slack.not_member.add("C0UTENFOR")
    async with progress_bot(fake_slack, sector_config, clock) as bot:   # its first pass is due for the digest
        why, digest = (await fake_slack.wait_for("chat.postMessage", count=3))[1:]
        assert why.params["channel"] == digest.params["channel"] == DM_OF[COORDINATOR]
        assert "fordi jeg ikke er med i kanalen" in why.params["text"] and "/invite @Planvakt" in why.params["text"]
        assert digest.params["text"].startswith("*Ukens status for handlingsplanen*")
        assert (await bot.runtime.progress.scheduler.run_once()).digests == 0      # once, not five times
    assert len(fake_slack.calls_to("chat.postMessage")) == 3
    assert [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")][0] == "C0UTENFOR"
