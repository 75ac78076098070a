"""Shared fixtures for the golden-thread tests: the example documents and their packs."""

from __future__ import annotations

from pathlib import Path

import pytest

from planvakt.linting.golden.extract import DocumentPriorities, read_priorities
from planvakt.linting.golden.link import unique_ids
from planvakt.linting.readers import read_path
from planvakt.linting.rulepack.loader import load_pack
from planvakt.linting.rulepack.model import RulePack

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
HOP = EXAMPLES / "hop"
PLANS = EXAMPLES / "virksomhetsplaner"
REPORT = EXAMPLES / "arsrapport-2021.md"


@pytest.fixture(scope="session")
def chapter_pack() -> RulePack:
    return load_pack("sektorkapittel")


@pytest.fixture(scope="session")
def plan_pack() -> RulePack:
    return load_pack("virksomhetsplan")


@pytest.fixture(scope="session")
def report_pack() -> RulePack:
    return load_pack("arsrapport")


@pytest.fixture(scope="session")
def chapters(chapter_pack: RulePack) -> list[DocumentPriorities]:
    return unique_ids([read_priorities(read_path(p), chapter_pack) for p in sorted(HOP.glob("*.md"))])


@pytest.fixture(scope="session")
def plans(plan_pack: RulePack) -> list[DocumentPriorities]:
    return [read_priorities(read_path(p), plan_pack) for p in sorted(PLANS.glob("*.md"))]


@pytest.fixture(scope="session")
def report(report_pack: RulePack) -> DocumentPriorities:
    return read_priorities(read_path(REPORT), report_pack)
