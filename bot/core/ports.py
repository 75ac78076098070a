"""The storage the conversation core needs, as ports: the store (:mod:`planvakt.bot.store`)
implements them; the core never imports the store or SQLAlchemy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

REPORT_RETENTION = timedelta(days=30)    # how long a store keeps results («show all findings» keeps working)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class StoredReport:
    """A checked draft's result: the report's JSON contract (``FileReport.to_dict()``), no text."""

    id: str
    user: str
    created_at: datetime
    report: dict[str, Any]


class Store(Protocol):
    async def claim(self, keys: Sequence[str]) -> bool:
        """Record delivery keys; False if any of them was recorded before (a duplicate)."""

    async def save_report(self, user: str, report: dict[str, Any]) -> str:
        """Keep a check's result for the «show all findings» button and status; returns its id."""

    async def load_report(self, report_id: str) -> StoredReport | None: ...

    async def recent_reports(self, user: str, limit: int = 3) -> list[StoredReport]:
        """The user's latest results, newest first."""

    async def prune(self) -> None:
        """Forget delivery keys and results past their retention."""

    async def ping(self) -> bool:
        """True if the database answers."""

    async def close(self) -> None: ...
