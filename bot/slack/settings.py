"""Slack credentials and endpoints, from the environment, checked at start."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from planvakt.bot.config import ConfigError

DEFAULT_API_URL = "https://slack.com/api/"
SLACK_FILE_HOST = "files.slack.com"


@dataclass(frozen=True, slots=True)
class SlackSettings:
    bot_token: str
    signing_secret: str | None
    app_token: str | None = None
    api_url: str = DEFAULT_API_URL      # the Web API base; SLACK_API_URL (GovSlack, a proxy, a test fake)

    @property
    def custom_api(self) -> bool:
        return self.api_url != DEFAULT_API_URL


def settings_from_env(env: Mapping[str, str] | None = None, *, socket_mode: bool = False) -> SlackSettings:
    env = os.environ if env is None else env
    token = env.get("SLACK_BOT_TOKEN", "").strip()
    if not token:
        raise ConfigError("SLACK_BOT_TOKEN er ikke satt. Det er bot-tokenet (xoxb-…) fra «OAuth & Permissions» "
                          "i Slack-appen.")
    secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    if socket_mode:
        if not app_token or not app_token.startswith("xapp-"):
            raise ConfigError("Socket Mode trenger SLACK_APP_TOKEN, et app-token (xapp-…). Lag det under "
                              "«Basic Information» → «App-Level Tokens» med tilgangen connections:write.")
    elif not secret:
        raise ConfigError("SLACK_SIGNING_SECRET er ikke satt. Du finner den under «Basic Information» → "
                          "«App Credentials» i Slack-appen. (Uten offentlig adresse: bruk --socket-mode.)")
    return SlackSettings(bot_token=token, signing_secret=secret, app_token=app_token,
                         api_url=api_base(env.get("SLACK_API_URL", "")))


def api_base(value: str) -> str:
    value = value.strip()
    if not value:
        return DEFAULT_API_URL
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"SLACK_API_URL må være en http(s)-adresse, f.eks. {DEFAULT_API_URL} (fikk «{value}»)")
    return value if value.endswith("/") else value + "/"


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a URL, with the default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def file_origins(settings: SlackSettings) -> frozenset[tuple[str, str, int]]:
    """Where shared files may be downloaded from with the bot token: Slack's file host, or the API's host."""
    return frozenset({("https", SLACK_FILE_HOST, 443), origin(settings.api_url)})
