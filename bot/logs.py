"""Logging that never carries draft text.

Our own log lines name users, sizes and counts, never text, titles or file names.
Exception messages can quote their input, so errors are logged by type and stack
frames only (:func:`describe_error`). Slack's SDK, Bolt and the database drivers log
request bodies and SQL parameters at debug level (Bolt even at info level, for a
request with a bad signature), so their loggers are held at WARNING.
"""

from __future__ import annotations

import logging
import sys
import traceback
from typing import TextIO

QUIET_LOGGERS = ("slack_bolt", "slack_sdk", "aiosqlite", "sqlalchemy", "asyncpg", "planvakt.bot.slack.bolt",
                 "planvakt.bot.slack.sdk")


def describe_error(error: BaseException) -> str:
    """«KeyError at bot/slack/app.py:40 in on_message <- …»: where, never the message."""
    frames = traceback.extract_tb(error.__traceback__)[-4:]
    where = " <- ".join(f"{_short(frame.filename)}:{frame.lineno} in {frame.name}" for frame in reversed(frames))
    return f"{type(error).__module__}.{type(error).__qualname__}" + (f" at {where}" if where else "")


def _short(filename: str) -> str:
    parts = filename.replace("\\", "/").split("/")
    return "/".join(parts[-2:])


def quiet_third_party_loggers() -> None:
    """Hold the libraries that log payloads at WARNING, whatever the root level is."""
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def configure_logging(level: str = "info", stream: TextIO | None = None) -> None:
    """One line per record on standard error; Planvakt's own loggers at ``level``."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("planvakt.bot").setLevel(level.upper())
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    quiet_third_party_loggers()
