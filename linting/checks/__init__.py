"""The checks, one rule family per module; importing this package registers them all."""

from planvakt.linting.checks import (  # noqa: F401  (registration)
    comments,
    focus_areas,
    golden_thread,  # opt-in business-plan/report checks
    headings,
    plan_link,
)
from planvakt.linting.checks.base import REGISTRY, CheckContext, CheckInfo

__all__ = ["REGISTRY", "CheckContext", "CheckInfo"]
