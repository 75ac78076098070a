"""The bot's configuration file, ``planvakt.yaml``: found, read and validated at start.

The file is optional. Each top-level key has a parser in :data:`FIELDS`; a key that is
not there is an error that names the file, the line and the closest known key. A later
feature adds its settings by adding a field to :class:`BotConfig` and a parser here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from planvakt.bot.config_reader import ConfigError, ConfigReader, describe
from planvakt.bot.progress.settings import (
    DEFAULT_TIMEZONE,
    DigestSettings,
    ReminderSettings,
    SectorConfig,
    parse_coordinators,
    parse_digest,
    parse_flag,
    parse_reminders,
    parse_sectors,
    parse_timezone,
)
from planvakt.bot.store.retention import DEFAULT_JOB_LEASE, DEFAULT_PLAN_YEARS, DEFAULT_REPORT_DAYS, Retention
from planvakt.bot.store.url import safe_url
from planvakt.linting.errors import RulePackError
from planvakt.linting.rulepack.loader import DEFAULT_PACK
from planvakt.linting.rulepack.yaml_source import load_yaml
from planvakt.linting.suggest import did_you_mean

CONFIG_ENV = "PLANVAKT_CONFIG"
DEFAULT_CONFIG_NAME = "planvakt.yaml"
DEFAULT_STORE = "sqlite:///planvakt.db"
STORE_SCHEMES = ("sqlite", "sqlite+aiosqlite", "postgresql", "postgres", "postgresql+asyncpg")


@dataclass(frozen=True, slots=True)
class BotConfig:
    rules: str = DEFAULT_PACK       # a built-in pack name, or a YAML file (absolute once loaded)
    store: str = DEFAULT_STORE      # a database URL
    path: str | None = None         # the file it came from, if any
    # progress and status (bot/progress): see examples/planvakt.yaml
    coordinators: tuple[str, ...] = ()
    sectors: tuple[SectorConfig, ...] = ()
    reminders: ReminderSettings = ReminderSettings()
    digest: DigestSettings | None = None
    timezone: str = DEFAULT_TIMEZONE
    keep_draft_text: bool = False
    # packs a draft's title may choose instead of `rules` (None: every built-in pack with match_title)
    packs_by_title: tuple[str, ...] | None = None
    retention: Retention = Retention()     # what the store keeps, how long
    job_lease_seconds: float = DEFAULT_JOB_LEASE   # a job whose worker went silent this long is taken up again
    trusted_proxies: tuple[str, ...] = ()  # addresses whose X-Forwarded-For is believed (behind a reverse proxy)


@dataclass(frozen=True, slots=True)
class Field:
    """One top-level key: how to turn its YAML value into the config's value."""

    parse: Callable[[ConfigReader, Any], Any]
    help: str


def _parse_rules(reader: ConfigReader, value: Any) -> str:
    return _pack_reference(reader, reader.string("rules", value))


def _pack_reference(reader: ConfigReader, text: str) -> str:
    if text.endswith((".yaml", ".yml")) or "/" in text:
        return str((reader.folder / text).resolve())  # a file, relative to the config file
    return text


def _parse_packs_by_title(reader: ConfigReader, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise reader.error(["packs_by_title"], "«packs_by_title» skal være en liste med regelpakker, "
                                               "f.eks. [virksomhetsplan, arsrapport]")
    packs = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise reader.error(["packs_by_title", index], f"«packs_by_title» skal inneholde navn eller filer, "
                                                          f"ikke {describe(item)}")
        packs.append(_pack_reference(reader, item.strip()))
    return tuple(packs)


def _parse_store(reader: ConfigReader, value: Any) -> str:
    url = reader.string("store", value)
    scheme = url.split(":", 1)[0].lower() if "://" in url else ""
    if scheme not in STORE_SCHEMES:
        raise reader.error(["store"], "«store» skal være en database-URL: sqlite:///sti/til/planvakt.db "
                                      "eller postgresql://bruker@vert/database")
    if scheme.startswith("sqlite"):
        return _sqlite_beside_config(reader, url)
    return url


def _sqlite_beside_config(reader: ConfigReader, url: str) -> str:
    """A relative SQLite file lies beside the config file, like a relative `rules` file: so
    `planvakt remind` from cron, in another folder, finds the same database as `serve`."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise reader.error(["store"], f"«store» er ikke en gyldig database-URL: {safe_url(url)}") from None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:") or Path(database).is_absolute():
        return url
    return parsed.set(database=str((reader.folder / database).resolve())).render_as_string(hide_password=False)


def _parse_retention(reader: ConfigReader, value: Any) -> Retention:
    from planvakt.bot.progress.settings import a_date, mapping

    values = mapping(reader, ["retention"], value, ("reports_days", "plan_period_end", "plan_years"))
    days = _whole(reader, ["retention", "reports_days"], values.get("reports_days", DEFAULT_REPORT_DAYS), 1)
    years = _whole(reader, ["retention", "plan_years"], values.get("plan_years", DEFAULT_PLAN_YEARS), 1)
    end = values.get("plan_period_end")
    return Retention(reports_days=days, plan_years=years,
                     plan_period_end=None if end is None else a_date(reader, ["retention", "plan_period_end"], end))


def _parse_jobs(reader: ConfigReader, value: Any) -> float:
    from planvakt.bot.progress.settings import mapping

    values = mapping(reader, ["jobs"], value, ("lease_seconds",))
    return float(_whole(reader, ["jobs", "lease_seconds"], values.get("lease_seconds", DEFAULT_JOB_LEASE), 1))


def _parse_http(reader: ConfigReader, value: Any) -> tuple[str, ...]:
    import ipaddress

    from planvakt.bot.progress.settings import mapping

    values = mapping(reader, ["http"], value, ("trusted_proxies",))
    proxies = values.get("trusted_proxies") or []
    if not isinstance(proxies, list):
        proxies = [proxies]
    found = []
    for index, item in enumerate(proxies):
        try:
            found.append(str(ipaddress.ip_network(str(item).strip(), strict=False)))
        except ValueError:
            raise reader.error(["http", "trusted_proxies", index], f"«{item}» er ikke en IP-adresse eller et "
                                                                   "nett som 10.0.0.0/8") from None
    return tuple(found)


def _whole(reader: ConfigReader, keys: list[str | int], value: Any, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or value < least:
        raise reader.error(keys, f"«{'.'.join(map(str, keys))}» skal være et helt tall, minst {least}")
    return int(value)


FIELDS: dict[str, Field] = {
    "rules": Field(_parse_rules, "regelpakken: et innebygd navn eller en YAML-fil"),
    "store": Field(_parse_store, "databasen: sqlite:///sti eller postgresql://…"),
    "coordinators": Field(parse_coordinators, "koordinatorene: Slack-bruker-id-er"),
    "sectors": Field(parse_sectors, "sektorene: id, name, owner, writers, deadline"),
    "reminders": Field(parse_reminders, "påminnelser: days_before_deadline, time"),
    "digest": Field(parse_digest, "ukentlig oppsummering: weekday, time, channel"),
    "timezone": Field(parse_timezone, "tidssonen, Europe/Oslo om ikke satt"),
    "keep_draft_text": Field(parse_flag("keep_draft_text"), "ta vare på utkastenes tekst (nei om ikke satt)"),
    "packs_by_title": Field(_parse_packs_by_title, "regelpakker som tittelen kan velge (virksomhetsplan, …)"),
    "retention": Field(_parse_retention, "hvor lenge resultater og prioriteringer lagres"),
    "jobs": Field(_parse_jobs, "jobbene: lease_seconds"),
    "http": Field(_parse_http, "HTTP bak en omvendt proxy: trusted_proxies"),
}
# keys whose parsed value goes into another BotConfig field
FIELD_NAMES = {"jobs": "job_lease_seconds", "http": "trusted_proxies"}


def find_config(explicit: str | None) -> Path | None:
    """``--config``, else ``PLANVAKT_CONFIG``, else ``./planvakt.yaml`` if it exists."""
    for where, candidate in (("--config", explicit), (CONFIG_ENV, os.environ.get(CONFIG_ENV))):
        if candidate:
            path = Path(candidate)
            if not path.is_file():
                raise ConfigError(f"finner ikke konfigurasjonsfilen (fra {where})", path=candidate)
            return path
    default = Path(DEFAULT_CONFIG_NAME)
    return default if default.is_file() else None


def load_config(explicit: str | None = None) -> BotConfig:
    """Find and validate the configuration; defaults when there is no file."""
    path = find_config(explicit)
    return BotConfig() if path is None else read_config(path)


def read_config(path: Path) -> BotConfig:
    try:
        source = load_yaml(path)
    except RulePackError as error:  # the YAML loader is shared with rule packs
        raise ConfigError(error.message, path=error.path, line=error.line) from None
    data = source.data
    if data is None:
        return BotConfig(path=str(path))
    reader = ConfigReader(source)
    if not isinstance(data, dict):
        raise reader.error([], "konfigurasjonen skal være et YAML-kart (nøkkel: verdi)")
    values: dict[str, Any] = {}
    for key, value in data.items():
        field = FIELDS.get(str(key))
        if field is None:
            raise ConfigError(_unknown_key(str(key)), path=source.path, line=source.key_line([], str(key)))
        values[FIELD_NAMES.get(str(key), str(key))] = field.parse(reader, value)
    return BotConfig(path=str(path), **values)


def _unknown_key(key: str) -> str:
    hint = did_you_mean(key, FIELDS)
    return f"ukjent nøkkel «{key}».{hint} Gyldige nøkler: {', '.join(FIELDS)}."
