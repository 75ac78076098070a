"""planvakt.yaml and the Slack environment: found in order, validated with clear Norwegian errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from planvakt.bot.config import DEFAULT_STORE, BotConfig, ConfigError, load_config
from planvakt.bot.slack.settings import DEFAULT_API_URL, file_origins, settings_from_env


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_file_the_defaults_apply(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLANVAKT_CONFIG", raising=False)
    assert load_config() == BotConfig(rules="sektorkapittel", store=DEFAULT_STORE, path=None)


def test_the_file_comes_from_the_option_then_the_environment_then_the_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "planvakt.yaml", "store: sqlite:///lokal.db\n")
    env_file = write(tmp_path / "env.yaml", "store: sqlite:///env.db\n")
    option_file = write(tmp_path / "option.yaml", "store: sqlite:///option.db\n")
    monkeypatch.delenv("PLANVAKT_CONFIG", raising=False)
    beside = f"sqlite:///{tmp_path.resolve()}/"   # a relative SQLite file lies beside its config file
    assert load_config().store == beside + "lokal.db"
    monkeypatch.setenv("PLANVAKT_CONFIG", str(env_file))
    assert load_config().store == beside + "env.db"
    assert load_config(str(option_file)).store == beside + "option.db"


def test_a_rule_pack_file_is_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    config = load_config(str(write(tmp_path / "conf" / "planvakt.yaml", "rules: pakker/var-kommune.yaml\n")))
    assert config.rules == str(tmp_path / "conf" / "pakker" / "var-kommune.yaml")
    assert load_config(str(write(tmp_path / "b.yaml", "rules: sektorkapittel\n"))).rules == "sektorkapittel"


@pytest.mark.parametrize("text, line, words", [
    ("rules: sektorkapittel\nstroe: sqlite:///x.db\n", 2, ["ukjent nøkkel «stroe»", "Mente du «store»?"]),
    ("sektorer: []\n", 1, ["ukjent nøkkel «sektorer»", "Gyldige nøkler: rules, store"]),
    ("store: mysql://x/y\n", 1, ["«store» skal være en database-URL", "sqlite:///"]),
    ("rules: [a, b]\n", 1, ["«rules» skal være en tekst, ikke en liste"]),
    ("- rules\n", 1, ["YAML-kart"]),
    ("rules: [\n", 2, ["YAML-feil"]),
])
def test_mistakes_name_the_file_line_and_fix(tmp_path: Path, text: str, line: int, words: list[str]) -> None:
    path = write(tmp_path / "planvakt.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(str(path))
    assert caught.value.path == str(path) and caught.value.line == line
    for word in words:
        assert word in caught.value.message


def test_a_missing_named_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="finner ikke konfigurasjonsfilen"):
        load_config(str(tmp_path / "mangler.yaml"))
    monkeypatch.setenv("PLANVAKT_CONFIG", str(tmp_path / "mangler.yaml"))
    with pytest.raises(ConfigError, match="fra PLANVAKT_CONFIG"):
        load_config()


def test_an_empty_file_means_defaults(tmp_path: Path) -> None:
    assert load_config(str(write(tmp_path / "tom.yaml", "# ingenting ennå\n"))).store == DEFAULT_STORE


def test_slack_settings_from_the_environment() -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "http://127.0.0.1:9/api"}
    settings = settings_from_env(env)
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert ("http", "127.0.0.1", 9) in file_origins(settings)
    assert ("https", "files.slack.com", 443) in file_origins(settings)
    assert settings_from_env({"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "s"}).api_url == DEFAULT_API_URL


@pytest.mark.parametrize("env, socket_mode, words", [
    ({}, False, "SLACK_BOT_TOKEN er ikke satt"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, False, "SLACK_SIGNING_SECRET er ikke satt"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, True, "Socket Mode trenger SLACK_APP_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-wrong"}, True, "app-token (xapp-…)"),
    ({"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "slack.com"}, False,
     "SLACK_API_URL må være en http(s)-adresse"),
])
def test_missing_or_wrong_slack_settings_are_explained(env: dict[str, str], socket_mode: bool, words: str) -> None:
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace(")", r"\)")):
        settings_from_env(env, socket_mode=socket_mode)


def test_socket_mode_needs_no_signing_secret() -> None:
    settings = settings_from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, socket_mode=True)
    assert settings.app_token == "xapp-1" and settings.signing_secret is None
