"""End to end: every route a draft takes into the bot, against the fake Slack on loopback.

Each request is signed as Slack signs it and goes through the real HTTP server; the
replies are what the fake Slack Web API recorded.
"""

from __future__ import annotations

from typing import Any

from bot_harness import RunningBot
from docx_factory import docx_from_markdown
from drafts import CLEAN_IN_SLACK, WITH_GAPS, many_findings_draft
from fake_slack import FakeSlack
from slack_requests import dm, file_share, mention, message_in_channel
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from planvakt.bot.slack.blocks import SHOW_ALL_ACTION


def header(params: dict[str, Any]) -> str:
    return params["blocks"][0]["text"]["text"]


def all_text(params: dict[str, Any]) -> str:
    return str(params.get("blocks")) + params.get("text", "")


def assert_gap_feedback(params: dict[str, Any]) -> None:
    """The engine's verdict on WITH_GAPS, as Block Kit that Slack accepts, with a plain-text fallback."""
    for block in params["blocks"]:
        Block.parse(block).validate_json()
    assert header(params) == "Oppvekst og utdanning – 4/8 på plass"
    assert "❌ Status og utfordringer" in params["blocks"][1]["text"]["text"]
    assert "Vis alle funn (6)" in str(params["blocks"])
    assert "4/8 på plass" in params["text"] and "Status og utfordringer – mangler" in params["text"]


async def test_a_draft_in_a_dm_is_answered_in_its_thread(bot: RunningBot, fake_slack: FakeSlack) -> None:
    event = dm(WITH_GAPS)
    sent = await bot.sender.event(event)
    assert sent.status == 200 and sent.seconds < 3
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "D0WRITER" and post.params["thread_ts"] == event["ts"]
    assert post.headers["Authorization"] == f"Bearer {fake_slack.token}"
    assert_gap_feedback(post.params)


async def test_a_draft_with_a_mention_is_answered_in_the_channel_thread(bot: RunningBot,
                                                                       fake_slack: FakeSlack) -> None:
    event = mention(CLEAN_IN_SLACK, channel="C0HELSE")
    await bot.sender.event(event)
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "C0HELSE" and post.params["thread_ts"] == event["ts"]
    assert header(post.params) == "Oppvekst og utdanning – 8/8 på plass"  # the mention did not confuse the title
    assert "Godt jobbet" in all_text(post.params)


async def test_the_message_shortcut_checks_that_message(bot: RunningBot, fake_slack: FakeSlack) -> None:
    message = message_in_channel(WITH_GAPS, thread_ts="1700000000.000100")
    sent = await bot.sender.shortcut(message, channel="C0PLAN")
    assert sent.status == 200
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "C0PLAN" and post.params["thread_ts"] == "1700000000.000100"
    assert_gap_feedback(post.params)


async def test_the_shortcut_answers_in_a_dm_where_the_bot_is_not_a_member(bot: RunningBot,
                                                                          fake_slack: FakeSlack) -> None:
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")
    await bot.sender.shortcut(message_in_channel(WITH_GAPS), user="UWRITER", channel="C0ANNEN")
    posts = await fake_slack.wait_for("chat.postMessage", 3)
    assert [p.params["channel"] for p in posts] == ["C0ANNEN", "DWRITER", "DWRITER"]
    assert "ikke med i samtalen" in posts[1].params["text"]
    assert_gap_feedback(posts[2].params)


async def test_slash_command_sjekk_answers_only_the_user(bot: RunningBot, fake_slack: FakeSlack) -> None:
    sent = await bot.sender.command("sjekk " + WITH_GAPS, response_url=fake_slack.response_url())
    assert sent.status == 200 and sent.seconds < 3
    [response] = await fake_slack.wait_for("response")
    assert response.params["response_type"] == "ephemeral"
    assert_gap_feedback(response.params)
    assert not fake_slack.calls_to("chat.postMessage")


async def test_slash_command_hjelp_explains_everything(bot: RunningBot, fake_slack: FakeSlack) -> None:
    await bot.sender.command("hjelp", response_url=fake_slack.response_url())
    [response] = await fake_slack.wait_for("response")
    for route in ("direktemelding", "Nevn meg", "Sjekk med Planvakt", "/planvakt sjekk", ".docx", "regler", "status"):
        assert route in response.params["text"]


async def test_a_shared_docx_is_downloaded_with_the_bot_token_and_answered(bot: RunningBot,
                                                                          fake_slack: FakeSlack) -> None:
    file = fake_slack.add_file("Oppvekst og utdanning.docx", docx_from_markdown(WITH_GAPS))
    event = file_share([file], text="Her er utkastet mitt")
    await bot.sender.event(event)
    [post] = await fake_slack.wait_for("chat.postMessage")
    [download] = fake_slack.calls_to("file.download")
    assert download.headers["Authorization"] == f"Bearer {fake_slack.token}"
    assert post.params["thread_ts"] == event["ts"]
    assert_gap_feedback(post.params)
    assert "*Avsnitt" in str(post.params["blocks"])                      # Word paragraphs
    assert "fil Oppvekst og utdanning.docx" in str(post.params["blocks"])


async def test_a_file_download_slack_rate_limits_is_retried_after_retry_after(bot: RunningBot,
                                                                              fake_slack: FakeSlack) -> None:
    file = fake_slack.add_file("Oppvekst og utdanning.docx", docx_from_markdown(WITH_GAPS))
    fake_slack.rate_limit_next("file.download", retry_after=1)
    await bot.sender.event(file_share([file]))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert len(fake_slack.calls_to("file.download")) == 2               # the 429, then the file
    assert_gap_feedback(post.params)


async def test_a_docx_shared_with_a_mention_is_answered_in_the_channel(bot: RunningBot,
                                                                      fake_slack: FakeSlack) -> None:
    file = fake_slack.add_file("kapittel.docx", docx_from_markdown(WITH_GAPS))
    event = mention("kan du se på denne?", files=[file], channel="C0PLAN")
    await bot.sender.event(event)
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "C0PLAN" and post.params["thread_ts"] == event["ts"]
    assert_gap_feedback(post.params)


async def test_a_file_shown_only_through_files_info_is_fetched(bot: RunningBot, fake_slack: FakeSlack) -> None:
    file = fake_slack.add_file("kapittel.md", WITH_GAPS.encode(), content_type="text/markdown", hide_url=True)
    await bot.sender.event(file_share([file]))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert fake_slack.calls_to("files.info")[0].params["file"] == file["id"]
    assert_gap_feedback(post.params)


async def test_a_long_pasted_snippet_without_a_suffix_is_read_as_text(bot: RunningBot,
                                                                      fake_slack: FakeSlack) -> None:
    file = fake_slack.add_file("Uten tittel", WITH_GAPS.encode(), filetype="text", content_type="text/plain")
    await bot.sender.event(file_share([file]))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert_gap_feedback(post.params)


async def test_questions_in_a_dm_are_answered_in_the_dm(bot: RunningBot, fake_slack: FakeSlack) -> None:
    await bot.sender.event(dm(WITH_GAPS))
    await fake_slack.wait_for("chat.postMessage")
    await bot.sender.event(dm("status"))
    await bot.sender.event(dm("regler"))
    posts = await fake_slack.wait_for("chat.postMessage", 3)
    answers = {p.params["text"].split("\n")[0]: p.params for p in posts[1:]}
    status = next(v for k, v in answers.items() if "siste sjekker" in k)
    assert "«Oppvekst og utdanning» – 4/8 på plass" in status["text"]
    assert all(p.get("thread_ts") is None for p in answers.values())  # in the DM, not in a thread
    assert any("Overskriftene, i denne rekkefølgen" in p["text"] for p in answers.values())


async def test_a_question_in_a_mention_is_answered_in_the_askers_dm(bot: RunningBot, fake_slack: FakeSlack) -> None:
    await bot.sender.event(mention("hjelp", user="UWRITER", channel="C0PLAN"))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "DWRITER" and post.params.get("thread_ts") is None   # not in the channel
    assert "Slik sender du meg et utkast" in post.params["text"]


async def test_show_all_findings_opens_a_modal(bot: RunningBot, fake_slack: FakeSlack) -> None:
    await bot.sender.event(dm(WITH_GAPS))
    [post] = await fake_slack.wait_for("chat.postMessage")
    [button] = [e for b in post.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    sent = await bot.sender.click(SHOW_ALL_ACTION, button["value"])
    assert sent.status == 200
    [opened] = await fake_slack.wait_for("views.open")
    view = opened.params["view"]
    View(**view).validate_json()
    assert opened.params["trigger_id"].startswith("trig.")
    assert str(view["blocks"]).count("*Linje") == 6


async def test_a_long_report_is_summarised_and_uploaded_as_a_file(bot: RunningBot, fake_slack: FakeSlack) -> None:
    event = dm(many_findings_draft(40))
    await bot.sender.event(event)
    [post] = await fake_slack.wait_for("chat.postMessage")
    [complete] = await fake_slack.wait_for("files.completeUploadExternal")
    assert complete.params["channel_id"] == "D0WRITER" and complete.params["thread_ts"] == event["ts"]
    [upload] = fake_slack.calls_to("upload")
    content = fake_slack.uploads[upload.params["file"]].decode()
    assert content.count("Tiltak nummer") >= 40 and "nummer 40:" not in str(post.params["blocks"])
    assert len(post.params["blocks"]) <= 50
    assert "Hele rapporten ligger i filen under." in str(post.params["blocks"])


async def test_a_slash_commands_long_report_goes_to_the_users_dm(bot: RunningBot, fake_slack: FakeSlack) -> None:
    await bot.sender.command("sjekk " + many_findings_draft(30), user="UWRITER", response_url=fake_slack.response_url())
    await fake_slack.wait_for("response")
    [complete] = await fake_slack.wait_for("files.completeUploadExternal")
    assert fake_slack.calls_to("conversations.open")[0].params["users"] == "UWRITER"
    assert complete.params["channel_id"] == "DWRITER"


async def test_health(bot: RunningBot) -> None:
    async with bot.session.get(bot.url + "/health") as response:
        assert response.status == 200
        assert (await response.json())["status"] == "ok"
