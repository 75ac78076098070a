"""The golden-thread settings of a rule pack (its `golden:` mapping).

They are parsed once, when the pack loads, into :class:`GoldenConfig`
(:mod:`planvakt.linting.rulepack.golden_settings`); :func:`golden_config` hands them out.
"""

from __future__ import annotations

from planvakt.linting.rulepack.golden_settings import (
    DEFAULT_ANSWERS,
    DEFAULT_HOP_NAMES,
    DEFAULT_STOPWORDS,
    ROLES,
    STATUSES,
    Answer,
    GoldenConfig,
    Matching,
    parse_golden,
)
from planvakt.linting.rulepack.model import RulePack

__all__ = ["DEFAULT_ANSWERS", "DEFAULT_HOP_NAMES", "DEFAULT_STOPWORDS", "ROLES", "STATUSES", "Answer",
           "GoldenConfig", "Matching", "golden_config", "parse_golden"]


def golden_config(pack: RulePack) -> GoldenConfig:
    """The pack's `golden:` settings, defaults filled in (parsed when the pack was loaded)."""
    return pack.golden
