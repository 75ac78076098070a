"""End to end: what must never go wrong. Signatures, retries, bots, bad files, rate limits, logs."""

from __future__ import annotations

import json
import logging
import time

import pytest
from bot_harness import RunningBot, running_bot
from docx_factory import docx_from_markdown
from drafts import SECRET, WITH_GAPS
from fake_slack import FakeSlack
from slack_requests import dm, file_share, mention, message_in_channel, slack_signature

from planvakt.linting.limits import Limits

# --- signatures ----------------------------------------------------------------------


async def test_a_bad_signature_is_refused_and_not_answered(bot: RunningBot, fake_slack: FakeSlack) -> None:
    sent = await bot.sender.event(dm(WITH_GAPS), secret="not-the-signing-secret")
    assert sent.status == 401
    await bot.settle()
    assert not fake_slack.calls_to("chat.postMessage")


async def test_a_stale_timestamp_is_refused(bot: RunningBot, fake_slack: FakeSlack) -> None:
    sent = await bot.sender.event(dm(WITH_GAPS), timestamp=str(int(time.time()) - 6 * 60))
    assert sent.status == 401
    await bot.settle()
    assert not fake_slack.calls_to("chat.postMessage")


async def test_a_body_changed_after_signing_is_refused(bot: RunningBot) -> None:
    body = json.dumps(bot.sender.envelope(dm("hjelp"))).encode()
    timestamp = str(int(time.time()))
    headers = {"X-Slack-Request-Timestamp": timestamp, "Content-Type": "application/json",
               "X-Slack-Signature": slack_signature(bot.sender.secret, timestamp, body)}
    async with bot.session.post(bot.sender.url, data=body.replace(b"hjelp", b"regler"), headers=headers) as response:
        assert response.status == 401


async def test_url_verification_is_answered(bot: RunningBot) -> None:
    body = json.dumps({"token": "legacy", "challenge": "c-123", "type": "url_verification"}).encode()
    sent = await bot.sender.post(body, "application/json")
    assert sent.status == 200 and "c-123" in sent.text


# --- retries and duplicates ------------------------------------------------------------


async def test_slacks_retries_are_not_answered_twice(bot: RunningBot, fake_slack: FakeSlack) -> None:
    event = dm(WITH_GAPS)
    first = await bot.sender.event(event, event_id="Ev0RETRY")
    retries = [await bot.sender.event(event, event_id="Ev0RETRY", retry=n) for n in (1, 2, 3)]
    assert first.status == 200 and all(r.status == 200 for r in retries)  # acknowledged, so Slack stops
    await bot.settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_the_same_message_delivered_twice_is_answered_once(bot: RunningBot, fake_slack: FakeSlack) -> None:
    event = dm(WITH_GAPS)
    await bot.sender.event(event, event_id="Ev0A")
    await bot.sender.event(event, event_id="Ev0B")                 # a duplicate delivery, new event id
    await bot.sender.event(mention(WITH_GAPS, channel=event["channel"], ts=event["ts"]))  # mention in the DM
    await bot.settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_a_restart_does_not_forget_what_was_answered(fake_slack: FakeSlack, store_url: str) -> None:
    event = dm(WITH_GAPS)
    async with running_bot(fake_slack, store_url) as bot:
        await bot.sender.event(event, event_id="Ev0RESTART")
        await fake_slack.wait_for("chat.postMessage")
    async with running_bot(fake_slack, store_url) as bot:
        await bot.sender.event(event, event_id="Ev0RESTART", retry=1)
        await bot.settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


# --- bots and noise ---------------------------------------------------------------------


@pytest.mark.parametrize("event", [
    dm(WITH_GAPS, bot_id="B0OTHER"),                                   # another bot
    dm(WITH_GAPS, subtype="bot_message", bot_id="B0OTHER"),
    dm(WITH_GAPS, user="UPLANVAKT"),                                   # itself
    dm(WITH_GAPS, user="UPLANVAKT", bot_id="BPLANVAKT"),
    dm(WITH_GAPS, subtype="message_changed"),                          # edits and deletions
    dm("", subtype="message_deleted", user=None),
    {**dm(WITH_GAPS), "channel_type": "channel"},                      # not a DM and no mention
    mention(WITH_GAPS, bot_id="B0OTHER"),
])
async def test_bots_itself_and_edits_are_never_answered(bot: RunningBot, fake_slack: FakeSlack,
                                                        event: dict) -> None:
    sent = await bot.sender.event(event)
    assert sent.status == 200
    await bot.settle()
    assert not fake_slack.calls_to("chat.postMessage")


async def test_the_shortcut_on_its_own_feedback_explains_itself(bot: RunningBot, fake_slack: FakeSlack) -> None:
    await bot.sender.shortcut(message_in_channel("Oppvekst – 4/8", user=None, bot_id=fake_slack.bot_id))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "min egen tilbakemelding" in post.params["text"]


# --- bad files --------------------------------------------------------------------------


async def test_a_broken_file_gets_a_friendly_reply_and_the_bot_keeps_serving(bot: RunningBot,
                                                                             fake_slack: FakeSlack) -> None:
    broken = fake_slack.add_file("kapittel.docx", b"PK\x03\x04 this is not a Word file")
    event = file_share([broken])
    await bot.sender.event(event)
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.params["thread_ts"] == event["ts"]
    assert post.params["text"].startswith("Jeg fikk ikke sjekket «kapittel.docx»:")
    assert "Traceback" not in post.params["text"]
    await bot.sender.event(dm(WITH_GAPS))
    posts = await fake_slack.wait_for("chat.postMessage", 2)
    assert "4/8" in posts[1].params["text"]


async def test_an_unsupported_file_is_explained_without_downloading(bot: RunningBot, fake_slack: FakeSlack) -> None:
    pdf = fake_slack.add_file("kapittel.pdf", b"%PDF-1.7", content_type="application/pdf")
    await bot.sender.event(file_share([pdf]))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "«kapittel.pdf» er ikke en filtype jeg kan lese" in post.params["text"]
    assert not fake_slack.calls_to("file.download")


async def test_files_are_only_fetched_from_slack(bot: RunningBot, fake_slack: FakeSlack) -> None:
    elsewhere = await FakeSlack().start()
    try:
        outside = fake_slack.add_file("a.docx", docx_from_markdown(WITH_GAPS),
                                      url=f"{elsewhere.base_url}files/F1/a.docx")
        redirected = fake_slack.add_file("b.docx", docx_from_markdown(WITH_GAPS),
                                         url=fake_slack.redirect(f"{elsewhere.base_url}files/F1/b.docx"))
        await bot.sender.event(file_share([outside, redirected]))
        posts = await fake_slack.wait_for("chat.postMessage", 2)
        assert all("ligger ikke hos Slack" in p.params["text"] for p in posts)
        assert not elsewhere.calls                      # the token never left for another host
    finally:
        await elsewhere.stop()


async def test_a_redirect_within_slack_is_followed(bot: RunningBot, fake_slack: FakeSlack) -> None:
    target = fake_slack.add_file("a.md", WITH_GAPS.encode(), content_type="text/markdown")
    moved = fake_slack.add_file("a.md", b"", url=fake_slack.redirect(target["url_private_download"]))
    await bot.sender.event(file_share([moved]))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "4/8" in post.params["text"]


async def test_slacks_login_page_instead_of_the_file_is_explained(bot: RunningBot, fake_slack: FakeSlack) -> None:
    file = fake_slack.add_file("a.docx", b"<html>Logg inn</html>", content_type="text/html")
    await bot.sender.event(file_share([file]))
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert "ikke tilgang til filen" in post.params["text"]


async def test_a_file_larger_than_it_claimed_is_cut_off(fake_slack: FakeSlack, store_url: str) -> None:
    async with running_bot(fake_slack, store_url, limits=Limits(max_file_bytes=4096)) as bot:
        file = fake_slack.add_file("a.txt", b"x" * 100_000, size=1000, content_type="text/plain")
        await bot.sender.event(file_share([file]))
        [post] = await fake_slack.wait_for("chat.postMessage")
    assert "større enn 4 kB" in post.params["text"]


# --- Slack's rate limits and errors -------------------------------------------------------


async def test_a_429_is_retried_after_retry_after(bot: RunningBot, fake_slack: FakeSlack) -> None:
    fake_slack.rate_limit_next("chat.postMessage", retry_after=1)
    await bot.sender.event(dm(WITH_GAPS))
    first, second = await fake_slack.wait_for("chat.postMessage", 2, timeout=10)
    assert second.at - first.at >= 1.0
    await bot.settle()
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    assert "4/8" in second.params["text"]


async def test_a_failed_post_is_logged_and_the_bot_keeps_serving(bot: RunningBot, fake_slack: FakeSlack,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    fake_slack.fail_next("chat.postMessage", error="channel_not_found")
    await bot.sender.event(dm(WITH_GAPS))
    await fake_slack.wait_for("chat.postMessage")
    await bot.settle()
    assert "SlackApiError" in caplog.text
    await bot.sender.event(dm("hjelp"))
    await fake_slack.wait_for("chat.postMessage", 2)


# --- confidentiality ----------------------------------------------------------------------


async def test_draft_text_never_reaches_the_logs(bot: RunningBot, fake_slack: FakeSlack,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await bot.sender.event(dm(WITH_GAPS))
    await bot.sender.event(dm(WITH_GAPS), secret="wrong")                 # Bolt logs bodies of these at INFO
    docx = fake_slack.add_file(f"{SECRET}.docx", docx_from_markdown(WITH_GAPS))
    broken = fake_slack.add_file(f"{SECRET}-2.docx", b"PK\x03\x04" + SECRET.encode())
    await bot.sender.event(file_share([docx, broken]))
    await bot.sender.command("sjekk " + WITH_GAPS, response_url=fake_slack.response_url())
    await fake_slack.wait_for("chat.postMessage", 3)   # the failure below must hit the last draft's reply
    fake_slack.fail_next("chat.postMessage", error="channel_not_found")
    await bot.sender.event(dm(WITH_GAPS))
    await fake_slack.wait_for("chat.postMessage", 4)
    await fake_slack.wait_for("response")
    await bot.settle()
    assert "checked a draft" in caplog.text                                  # we did log, just not the text
    assert SECRET not in caplog.text
    assert "Sektoren har ansvar" not in caplog.text
