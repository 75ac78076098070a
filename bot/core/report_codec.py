"""A report back from its JSON contract (``FileReport.to_dict()``), as the store keeps it."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from planvakt.linting.report.model import ChecklistItem, FileReport, Finding

_ITEM_FIELDS = {f.name for f in fields(ChecklistItem)}


def report_from_dict(data: dict[str, Any]) -> FileReport:
    """The inverse of ``FileReport.to_dict()``; fields added to the contract later are ignored."""
    summary = data.get("summary", {})
    return FileReport(
        path=data.get("path", ""), ruleset=data.get("ruleset", ""), language=data.get("language", ""),
        source=data.get("source", ""), stats=dict(data.get("stats", {})),
        sections=dict(summary.get("sections", {})), focus_areas=dict(summary.get("focus_areas", {})),
        plan_link=summary.get("plan_link", ""),
        checklist=[ChecklistItem(**{k: v for k, v in item.items() if k in _ITEM_FIELDS})
                   for item in summary.get("checklist", [])],
        findings=[Finding.from_dict(finding) for finding in data.get("findings", [])],
        title=data.get("title"),
    )
