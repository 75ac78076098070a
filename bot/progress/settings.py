"""The progress settings in ``planvakt.yaml``: coordinators, sectors, reminders, digest, time zone.

Each parser takes the :class:`planvakt.bot.config_reader.ConfigReader` and the key's YAML value,
and returns a frozen value for :class:`planvakt.bot.config.BotConfig`. Mistakes become
:class:`planvakt.bot.config_reader.ConfigError` naming the file, the line and (for a misspelt
key) the closest known key. This module does not import :mod:`planvakt.bot.config` (the
registry there imports these parsers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planvakt.bot.config_reader import ConfigError, ConfigReader, describe
from planvakt.linting.suggest import did_you_mean

DEFAULT_TIMEZONE = "Europe/Oslo"
DEFAULT_REMINDER_DAYS = (7, 2)
DEFAULT_REMINDER_TIME = time(9, 0)
DEFAULT_DIGEST_TIME = time(8, 0)

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
SECTOR_ID = re.compile(r"^[\wæøåÆØÅ][\w.\-æøåÆØÅ]*$")
WEEKDAYS = {
    "mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5, "søndag": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
WEEKDAY_NAMES = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]


@dataclass(frozen=True, slots=True)
class SectorConfig:
    """One sector chapter as the file declares it. ``/planvakt tildel`` can override owner and deadline."""

    id: str
    name: str
    owner: str | None = None            # the head of sector (a Slack user id)
    writers: tuple[str, ...] = ()       # who writes drafts for it
    deadline: date | None = None
    aliases: tuple[str, ...] = ()       # other names a chapter title may use for it


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    days_before_deadline: tuple[int, ...] = DEFAULT_REMINDER_DAYS
    time: time = DEFAULT_REMINDER_TIME  # local time of day the reminders go out


@dataclass(frozen=True, slots=True)
class DigestSettings:
    weekday: int                        # 0 = Monday
    time: time = DEFAULT_DIGEST_TIME
    channel: str | None = None          # None: a DM to each coordinator


# --- helpers ----------------------------------------------------------------------------


def _where(keys: list[str | int]) -> str:
    """«sectors[2].owner» for messages."""
    text = ""
    for key in keys:
        text += f"[{key + 1}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


def mapping(reader: ConfigReader, keys: list[str | int], value: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
    """A YAML map whose keys must all be in ``allowed``; a misspelt key is named with a suggestion."""
    if not isinstance(value, dict):
        raise reader.error(keys, f"«{_where(keys)}» skal være et kart (nøkkel: verdi), ikke {describe(value)}")
    for key in value:
        if str(key) not in allowed:
            hint = did_you_mean(str(key), allowed)
            raise _key_error(reader, keys, str(key),
                             f"ukjent nøkkel «{key}» under «{_where(keys)}».{hint} "
                             f"Gyldige nøkler: {', '.join(allowed)}.")
    return {str(k): v for k, v in value.items()}


def _key_error(reader: ConfigReader, keys: list[str | int], key: str, message: str) -> ConfigError:
    return ConfigError(message, path=reader.source.path, line=reader.source.key_line(keys, key))


def text(reader: ConfigReader, keys: list[str | int], value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise reader.error(keys, f"«{_where(keys)}» skal være en tekst, ikke {describe(value)}")
    return value.strip()


def user_id(reader: ConfigReader, keys: list[str | int], value: Any) -> str:
    raw = text(reader, keys, value).lstrip("@").strip("<>").lstrip("@").upper()
    if not USER_ID.match(raw):
        raise reader.error(keys, f"«{_where(keys)}» skal være en Slack-bruker-id som U012AB3CD, ikke «{value}». "
                                 "Du finner id-en i profilen: ⋮ → «Kopier medlems-ID».")
    return raw


def user_ids(reader: ConfigReader, keys: list[str | int], value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise reader.error(keys, f"«{_where(keys)}» skal være en liste med Slack-bruker-id-er, ikke {describe(value)}")
    return tuple(dict.fromkeys(user_id(reader, [*keys, index], item) for index, item in enumerate(value)))


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")


def parse_date(raw: str) -> date | None:
    """«2024-10-15», «15.10.2024» or «15.10.24»; None if it is none of them."""
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(raw.strip(), form).date()
        except ValueError:
            continue
    return None


def a_date(reader: ConfigReader, keys: list[str | int], value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value)) if isinstance(value, str) else None
    if parsed is None:
        raise reader.error(keys, f"«{_where(keys)}» skal være en dato som 2024-10-15 eller 15.10.2024, "
                                 f"ikke {describe(value)}")
    return parsed


def a_time(reader: ConfigReader, keys: list[str | int], value: Any) -> time:
    # YAML 1.1 reads an unquoted 10:30 as the base-60 number 630: read it back as a time.
    # A plain number (time: 9) is not a time: it would silently become 00:09.
    written = reader.source.scalar_text(keys) or ""
    if isinstance(value, int) and not isinstance(value, bool) and ":" in written and 0 <= value < 24 * 60:
        return time(value // 60, value % 60)
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", value.strip()) if isinstance(value, str) else None
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return time(int(match[1]), int(match[2]))
    raise reader.error(keys, f"«{_where(keys)}» skal være et klokkeslett som \"09:00\", ikke {describe(value)}")


# --- the top-level keys -------------------------------------------------------------------


def parse_coordinators(reader: ConfigReader, value: Any) -> tuple[str, ...]:
    return user_ids(reader, ["coordinators"], value)


SECTOR_KEYS = ("id", "name", "owner", "writers", "deadline", "aliases")


def parse_sectors(reader: ConfigReader, value: Any) -> tuple[SectorConfig, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise reader.error(["sectors"], "«sectors» skal være en liste med sektorer (- id: …, name: …)")
    sectors: list[SectorConfig] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        keys: list[str | int] = ["sectors", index]
        data = mapping(reader, keys, item, SECTOR_KEYS)
        for required in ("id", "name"):
            if required not in data:
                raise reader.error(keys, f"sektor nr. {index + 1} mangler «{required}»")
        sector_id = text(reader, [*keys, "id"], data["id"]).lower()
        if not SECTOR_ID.match(sector_id):
            raise reader.error([*keys, "id"], f"sektor-id-en «{sector_id}» skal være ett ord uten mellomrom, "
                                              "f.eks. «oppvekst» eller «helse-velferd»")
        if sector_id in seen:
            raise reader.error([*keys, "id"], f"sektor-id-en «{sector_id}» er brukt to ganger")
        seen.add(sector_id)
        aliases = data.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list):
            raise reader.error([*keys, "aliases"], "«aliases» skal være en liste med navn")
        sectors.append(SectorConfig(
            id=sector_id,
            name=text(reader, [*keys, "name"], data["name"]),
            owner=user_id(reader, [*keys, "owner"], data["owner"]) if data.get("owner") is not None else None,
            writers=user_ids(reader, [*keys, "writers"], data.get("writers")),
            deadline=a_date(reader, [*keys, "deadline"], data["deadline"]) if data.get("deadline") is not None
            else None,
            aliases=tuple(text(reader, [*keys, "aliases", n], alias) for n, alias in enumerate(aliases)),
        ))
    return tuple(sectors)


def parse_reminders(reader: ConfigReader, value: Any) -> ReminderSettings:
    if value is None:
        return ReminderSettings()
    data = mapping(reader, ["reminders"], value, ("days_before_deadline", "time"))
    days = data.get("days_before_deadline", list(DEFAULT_REMINDER_DAYS))
    if isinstance(days, int) and not isinstance(days, bool):
        days = [days]
    if days is None:
        days = []
    if not isinstance(days, list) or not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 365
                                             for d in days):
        raise reader.error(["reminders", "days_before_deadline"],
                           "«reminders.days_before_deadline» skal være en liste med antall dager, f.eks. [7, 2]")
    when = a_time(reader, ["reminders", "time"], data["time"]) if "time" in data else DEFAULT_REMINDER_TIME
    return ReminderSettings(days_before_deadline=tuple(sorted(set(days), reverse=True)), time=when)


def parse_digest(reader: ConfigReader, value: Any) -> DigestSettings | None:
    if value is None or value is False:
        return None
    data = mapping(reader, ["digest"], value, ("weekday", "time", "channel"))
    if "weekday" not in data:
        raise reader.error(["digest"], "«digest» trenger «weekday», f.eks. weekday: mandag")
    raw = data["weekday"]
    if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 7:
        weekday = raw - 1
    elif isinstance(raw, str) and raw.strip().lower() in WEEKDAYS:
        weekday = WEEKDAYS[raw.strip().lower()]
    else:
        raise reader.error(["digest", "weekday"], f"«digest.weekday» skal være en ukedag (mandag … søndag), "
                                                  f"ikke {describe(raw)}")
    channel = None
    if data.get("channel") is not None:
        channel = text(reader, ["digest", "channel"], data["channel"]).lstrip("#").upper()
        if not CHANNEL_ID.match(channel):
            raise reader.error(["digest", "channel"], "«digest.channel» skal være en kanal-id som C012AB3CD "
                                                      "(kanalens detaljer → nederst), ikke kanalnavnet")
    when = a_time(reader, ["digest", "time"], data["time"]) if "time" in data else DEFAULT_DIGEST_TIME
    return DigestSettings(weekday=weekday, time=when, channel=channel)


def parse_timezone(reader: ConfigReader, value: Any) -> str:
    name = text(reader, ["timezone"], value)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise reader.error(["timezone"], f"ukjent tidssone «{name}». Bruk et navn som Europe/Oslo.") from None
    return name


def parse_flag(key: str):
    def parse(reader: ConfigReader, value: Any) -> bool:
        if not isinstance(value, bool):
            raise reader.error([key], f"«{key}» skal være true eller false, ikke {describe(value)}")
        return value
    return parse
