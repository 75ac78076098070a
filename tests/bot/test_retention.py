"""Retention: stored results after ``retention.reports_days``, a version's priorities when its plan period ends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from planvakt.bot.config import ConfigError, read_config
from planvakt.bot.store import open_store
from planvakt.bot.store.progress import ProgressStore, VersionSummary
from planvakt.bot.store.retention import Retention

SUMMARY = VersionSummary(errors=0, warnings=0, suggestions=0, done=1, total=1, checklist=[])
PRIORITIES = [{"area": "S1", "text": "Tidlig innsats", "goals": ["1.1"], "line": 3, "language": "nb"}]


def test_retention_jobs_and_proxies_are_read_from_the_config(tmp_path: Path) -> None:
    path = tmp_path / "planvakt.yaml"
    path.write_text("retention:\n  reports_days: 7\n  plan_period_end: 2028-12-31\njobs:\n  lease_seconds: 20\n"
                    "http:\n  trusted_proxies: [10.0.0.0/8, 127.0.0.1]\n", encoding="utf-8")
    config = read_config(path)
    assert config.retention == Retention(reports_days=7, plan_period_end=date(2028, 12, 31))
    assert config.job_lease_seconds == 20.0 and config.trusted_proxies == ("10.0.0.0/8", "127.0.0.1/32")


@pytest.mark.parametrize(("text", "line", "says"), [
    ("retention:\n  report_days: 7\n", 2, "Mente du «reports_days»"),
    ("retention:\n  reports_days: 0\n", 2, "minst 1"),
    ("jobs:\n  lease_seconds: fort\n", 2, "helt tall"),
    ("http:\n  trusted_proxies: [proxy.local]\n", 2, "ikke en IP-adresse"),
])
def test_retention_mistakes_name_the_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    path = tmp_path / "planvakt.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        read_config(path)
    assert raised.value.line == line and says in raised.value.message


async def test_reports_go_after_the_configured_days(tmp_path: Path) -> None:
    now = [datetime(2024, 10, 1, 12, tzinfo=UTC)]
    store = await open_store(f"sqlite:///{tmp_path / 'p.db'}", clock=lambda: now[0])
    store.retention = Retention(reports_days=7)
    old = await store.save_report("U1", {"title": "Utkast til kapittel", "source": "kapittel.docx"})
    now[0] += timedelta(days=2)
    recent = await store.save_report("U1", {"title": "B"})
    now[0] += timedelta(days=6)                      # old is 8 days, recent 6
    await store.prune()
    assert await store.load_report(old) is None and await store.load_report(recent) is not None
    await store.close()


@pytest.mark.parametrize(("retention", "today", "kept"), [
    (Retention(), date(2024, 12, 31), {2020, 2021}),                 # checked 2020: HØP 2021–2024
    (Retention(), date(2025, 1, 1), {2021}),
    (Retention(plan_period_end=date(2025, 6, 30)), date(2025, 6, 30), {2020, 2021}),
    (Retention(plan_period_end=date(2025, 6, 30)), date(2025, 7, 1), set()),
])
async def test_priorities_go_when_the_plan_period_ends(tmp_path: Path, retention: Retention, today: date,
                                                       kept: set[int]) -> None:
    store = await open_store(f"sqlite:///{tmp_path / 'p.db'}")
    progress = ProgressStore(store.engine, retention)
    versions = {}
    for year in (2020, 2021):
        version = await progress.record_version(f"s{year}", "U1", SUMMARY, datetime(year, 10, 1, tzinfo=UTC))
        await progress.set_priorities(version.id, PRIORITIES)
        versions[year] = version
    await progress.prune(datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12))
    latest = await progress.latest_priorities()
    assert {year for year in versions if latest[f"s{year}"][1] is not None} == kept
    assert all(latest[f"s{year}"][0].summary.done == 1 for year in versions)   # the version itself stays
    await store.close()
