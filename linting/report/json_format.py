"""The JSON report: the contract the bot, CI and other tools rely on (see README)."""

from __future__ import annotations

import json
from typing import Any

from planvakt.linting.report.model import Report


def render(report: Report, **_: Any) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
