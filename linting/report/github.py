"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

from typing import Any

from planvakt.linting.report.model import Report, Severity


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, **_: Any) -> str:
    lines = []
    for file_report in report.files:
        for finding in file_report.findings:
            for place in finding.places:  # a collapsed finding: one annotation per place
                quoted = f" («{place.excerpt}»)" if place.excerpt else ""
                message = f"{finding.message}{quoted} {finding.hint}".strip()
                lines.append(f"::{Severity(finding.severity).github} file={_property(file_report.path)},line={place.line},"
                             f"col={place.column},title={_property('planvakt ' + finding.rule)}::{_data(message)}")
    for error in report.errors:
        lines.append(f"::error file={_property(error.path)},title=planvakt::{_data(error.message)}")
    return "\n".join(lines)
