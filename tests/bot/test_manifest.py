"""manifest.yml declares exactly what the bot listens to and calls."""

from __future__ import annotations

from pathlib import Path

import yaml

from planvakt.bot.slack.listeners import SHORTCUT_ID, SLASH_COMMAND

MANIFEST = Path(__file__).parents[2] / "manifest.yml"

# Each Web API method (or file download) the bot uses, and the scope that allows it.
SCOPES_FOR = {
    "app_mention event": "app_mentions:read",
    # app_home_opened and views.publish (the Home tab) need no scope of their own
    "message.im event": "im:history",
    # a job taken up again fetches its message, and looks up a reply it may have sent (its metadata)
    "conversations.history/replies in channels (mentions, the shortcut)": "channels:history",
    "conversations.history/replies in private channels": "groups:history",
    "chat.postMessage": "chat:write",
    "/planvakt and the message shortcut": "commands",
    "file download, files.info": "files:read",
    "files.getUploadURLExternal, files.completeUploadExternal": "files:write",
    "conversations.open": "im:write",
}


def test_manifest_matches_the_listeners_and_scopes() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    features, settings = manifest["features"], manifest["settings"]
    assert [s["callback_id"] for s in features["shortcuts"]] == [SHORTCUT_ID]
    assert features["shortcuts"][0]["name"] == "Sjekk med Planvakt" and features["shortcuts"][0]["type"] == "message"
    assert [c["command"] for c in features["slash_commands"]] == [SLASH_COMMAND]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened", "app_mention", "message.im"}
    assert features["app_home"]["home_tab_enabled"]
    assert features["slash_commands"][0]["should_escape"]          # mentions arrive as user ids (tildel)
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(set(SCOPES_FOR.values()))
    urls = [settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"],
            features["slash_commands"][0]["url"]]
    assert all(url.endswith("/slack/events") for url in urls)
    assert features["app_home"]["messages_tab_enabled"] and not features["app_home"]["messages_tab_read_only_enabled"]
