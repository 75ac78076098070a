"""The checks, one rule family per module; importing this package registers them all."""

from planvakt.linting.checks import comments, focus_areas, headings, plan_link  # noqa: F401  (registration)
from planvakt.linting.checks.base import REGISTRY, CheckContext, CheckInfo
from planvakt.linting.golden import checks as _golden  # noqa: F401,E402  (opt-in business-plan/report checks)

__all__ = ["REGISTRY", "CheckContext", "CheckInfo"]
