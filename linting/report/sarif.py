"""SARIF 2.1.0, for code-scanning tools."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from planvakt.linting.checks import REGISTRY
from planvakt.linting.report.model import Report
from planvakt.linting.rulepack.model import RulePack

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("planvakt")
    except PackageNotFoundError:
        return "0"


def _uri(path: str) -> str:
    return PurePath(path).as_posix()


def render(report: Report, *, pack: RulePack, **_: Any) -> str:
    rule_ids = list(REGISTRY)
    for file_report in report.files:
        rule_ids.extend(f.rule for f in file_report.findings if f.rule not in rule_ids)
    rules = []
    for rule_id in rule_ids:
        info = REGISTRY.get(rule_id)
        config = pack.check(rule_id)
        spec = pack.rule(rule_id) if info is None else None  # a rule of the pack's `rules:` (klarspråk)
        rule: dict[str, Any] = {
            "id": rule_id,
            "shortDescription": {"text": info.summary if info else (spec.description or spec.message) if spec
                                 else rule_id},
            "defaultConfiguration": {"level": _LEVELS.get(spec.level if spec else config.severity, "warning"),
                                     "enabled": info.enabled_in(pack) if info else
                                     spec.enabled if spec else config.enabled},
        }
        if info:
            rule["fullDescription"] = {"text": info.explanation}
            rule["help"] = {"text": info.explanation}
        if config.link or (spec and spec.link):
            rule["helpUri"] = config.link or spec.link
        rules.append(rule)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    results = []
    for file_report in report.files:
        for finding in file_report.findings:
            region: dict[str, Any] = {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)}
            if finding.end_column:
                region["endColumn"] = finding.end_column
            result: dict[str, Any] = {
                "ruleId": finding.rule, "ruleIndex": index[finding.rule],
                "level": _LEVELS[finding.severity],
                "message": {"text": f"{finding.message} {finding.hint}".strip()},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(file_report.path)},
                                                    "region": region}}],
            }
            if finding.section:
                result["properties"] = {"section": finding.section}
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
