"""SARIF 2.1.0, for code-scanning tools."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from planvakt.linting.report.model import Report, RuleInfo, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("planvakt")
    except PackageNotFoundError:
        return "0"


def _uri(path: str) -> str:
    return PurePath(path).as_posix()


def _rule(info: RuleInfo | None, rule_id: str) -> dict[str, Any]:
    """A SARIF reportingDescriptor from the rule's catalogue entry."""
    if info is None:  # not in the catalogue the report carries: only its id is known
        return {"id": rule_id, "shortDescription": {"text": rule_id},
                "defaultConfiguration": {"level": Severity.WARNING.sarif, "enabled": True}}
    explanation = info.explanation.text()
    rule: dict[str, Any] = {
        "id": info.id,
        "shortDescription": {"text": info.summary or info.id},
        "fullDescription": {"text": explanation},
        "help": {"text": explanation},
        "defaultConfiguration": {"level": info.severity.sarif, "enabled": info.enabled},
        "properties": {"kind": info.kind, "pack": info.pack, "tags": list(info.tags)},
    }
    if info.link:
        rule["helpUri"] = info.link
    return rule


def render(report: Report, **_: Any) -> str:
    """The report as SARIF; the rules' metadata comes from the catalogue the report carries."""
    rule_ids = list(report.rules)
    for file_report in report.files:
        rule_ids.extend(f.rule for f in file_report.findings if f.rule not in rule_ids)
    rules = [_rule(report.rules.get(rule_id), rule_id) for rule_id in rule_ids]
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    results = []
    for file_report in report.files:
        for finding in file_report.findings:
            for place in finding.places:  # a collapsed finding: one result per place
                region: dict[str, Any] = {"startLine": max(place.line, 1), "startColumn": max(place.column, 1)}
                if place.end_column:
                    region["endColumn"] = place.end_column
                result: dict[str, Any] = {
                    "ruleId": finding.rule, "ruleIndex": index[finding.rule],
                    "level": Severity(finding.severity).sarif,
                    "message": {"text": f"{finding.message} {finding.hint}".strip()},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(file_report.path)},
                                                        "region": region}}],
                }
                properties = {"section": finding.section} if finding.section else {}
                if place.excerpt:
                    properties["excerpt"] = place.excerpt
                if properties:
                    result["properties"] = properties
                results.append(result)
    notifications = [{"level": "error", "message": {"text": error.message},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(error.path)}}}]}
                     for error in report.errors]
    log = {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "planvakt", "version": _version(), "rules": rules}},
            "invocations": [{"executionSuccessful": not report.errors,
                             "toolExecutionNotifications": notifications}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)
