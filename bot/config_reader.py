"""Reading values out of ``planvakt.yaml`` with mistakes that name the file and the line.

Below both :mod:`planvakt.bot.config` (the registry of top-level keys) and the feature
settings it parses (:mod:`planvakt.bot.progress.settings`), so neither imports the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planvakt.linting.errors import PlanvaktError
from planvakt.linting.rulepack.yaml_source import YamlSource


class ConfigError(PlanvaktError):
    """The configuration file is missing, unreadable or has a wrong value."""


class ConfigReader:
    """Reads values out of one YAML file, with errors that name file and line."""

    def __init__(self, source: YamlSource) -> None:
        self.source = source
        self.folder = Path(source.path).parent

    def error(self, keys: list[str | int], message: str) -> ConfigError:
        return ConfigError(message, path=self.source.path, line=self.source.line_of(keys))

    def string(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error([key], f"«{key}» skal være en tekst, ikke {describe(value)}")
        return value.strip()


def describe(value: Any) -> str:
    """A YAML value as a mistake message names it: «ikke et tall», «ikke tom tekst»."""
    if value is None:
        return "tom"
    if isinstance(value, bool):
        return "ja/nei"
    if isinstance(value, (int, float)):
        return "et tall"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "et kart"
    if isinstance(value, str) and not value.strip():
        return "tom tekst"
    return f"«{value}»"
