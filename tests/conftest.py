"""Shared paths and fixtures for the engine's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from planvakt.linting.rulepack.loader import load_pack
from planvakt.linting.rulepack.model import RulePack

# CI runs a fresh clone with ../shared beside it.
SAMPLES = Path(__file__).parents[1].parent / "shared" / "samples"


@pytest.fixture(scope="session")
def pack() -> RulePack:
    """The built-in pack, loaded once."""
    return load_pack()


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"the shared samples are not beside the repository (looked in {SAMPLES})")
    return SAMPLES
