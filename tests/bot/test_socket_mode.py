"""Socket Mode: the bot connects out to Slack (here the fake's WebSocket) instead of taking HTTP."""

from __future__ import annotations

from bot_harness import running_bot
from drafts import WITH_GAPS
from fake_slack import APP_TOKEN, FakeSlack
from slack_requests import dm


async def test_socket_mode_acknowledges_envelopes_and_answers_drafts(fake_slack: FakeSlack, store_url: str) -> None:
    async with running_bot(fake_slack, store_url, socket_mode=True) as bot:
        [opened] = fake_slack.calls_to("apps.connections.open")
        assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
        event = dm(WITH_GAPS)
        envelope = await fake_slack.push_socket_event(bot.sender.envelope(event))
        ack = await fake_slack.wait_for_socket_ack(envelope)
        assert ack["envelope_id"] == envelope
        [post] = await fake_slack.wait_for("chat.postMessage")
        assert post.params["thread_ts"] == event["ts"] and "4/8 på plass" in post.params["text"]
        async with bot.session.post(bot.url + "/slack/events", data=b"{}") as response:
            assert response.status == 404        # no HTTP endpoint in Socket Mode
        async with bot.session.get(bot.url + "/health") as response:
            assert (await response.json())["mode"] == "socket"
