"""How long the store keeps what it keeps: ``retention`` and ``jobs`` in planvakt.yaml.

Stored check results (the JSON report: the draft's title, a file's name, the findings) go
after ``reports_days`` (30). A version's priorities (their text, for chapter 4) go when the
plan period ends: ``plan_period_end`` if set, else 31 December of the fourth year after the
version was checked (a HØP made in 2024 covers 2025–2028). The version's counts and
checklist stay, for the sector's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_REPORT_DAYS = 30
DEFAULT_PLAN_YEARS = 4
DEFAULT_JOB_LEASE = 60.0


@dataclass(frozen=True, slots=True)
class Retention:
    reports_days: int = DEFAULT_REPORT_DAYS
    plan_period_end: date | None = None
    plan_years: int = DEFAULT_PLAN_YEARS

    @property
    def reports(self) -> timedelta:
        return timedelta(days=self.reports_days)

    def priorities_until(self, checked: date) -> date:
        """The last day a version checked on ``checked`` keeps its priorities."""
        return self.plan_period_end or date(checked.year + self.plan_years, 12, 31)

    def priorities_checked_before(self, today: date) -> date | None:
        """Versions checked before this date are past their plan period (None: none are, by the fixed end)."""
        if self.plan_period_end is not None:
            return date.max if today > self.plan_period_end else None
        # checked in year Y: kept through Y + plan_years, so gone from 1 January of Y + plan_years + 1
        return date(today.year - self.plan_years, 1, 1)
DEFAULT_RETENTION = Retention()
