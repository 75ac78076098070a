"""Findings and reports: what the checks produce and every output format reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from planvakt.linting.rule_info import RuleInfo, Severity

REPORT_VERSION = 1


SEVERITIES: tuple[str, ...] = tuple(severity.value for severity in Severity)
SEVERITY_ORDER = {severity.value: severity.rank for severity in Severity}


@dataclass(frozen=True, slots=True)
class Location:
    """One place a finding stands, with the first words of what is there."""

    line: int
    column: int
    end_column: int | None = None
    excerpt: str | None = None
    section: str | None = None  # set when the places of one finding lie in different sections

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"line": self.line, "column": self.column}
        if self.end_column is not None:
            data["end_column"] = self.end_column
        if self.excerpt:
            data["excerpt"] = self.excerpt
        if self.section is not None:
            data["section"] = self.section
        return data


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing to fix. ``line``/``column`` are its first place; a finding that stands for
    several findings of one cause (see :mod:`planvakt.linting.report.collapse`) lists every
    place in ``locations``. ``excerpt`` is the first words of the sentence, priority or
    heading it concerns (None: it concerns no text, e.g. a missing heading).
    ``fields`` are the values its message was filled with (not part of the JSON)."""

    rule: str
    severity: str
    message: str
    line: int
    column: int
    section: str | None
    hint: str
    replacement: str | None = None
    end_column: int | None = None
    excerpt: str | None = None
    locations: tuple[Location, ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def count(self) -> int:
        """How many places this finding stands for."""
        return len(self.locations) or 1

    @property
    def places(self) -> tuple[Location, ...]:
        """Every place, the first one included."""
        return self.locations or (Location(self.line, self.column, self.end_column, self.excerpt),)

    def to_dict(self) -> dict[str, Any]:
        data = {"rule": self.rule, "severity": self.severity, "message": self.message,
                "line": self.line, "column": self.column, "section": self.section, "hint": self.hint}
        if self.replacement is not None:
            data["replacement"] = self.replacement
        if self.end_column is not None:
            data["end_column"] = self.end_column
        if self.excerpt:
            data["excerpt"] = self.excerpt
        if self.locations:
            data["count"] = len(self.locations)
            data["locations"] = [location.to_dict() for location in self.locations]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """The inverse of :meth:`to_dict`; keys added to the contract later are ignored."""
        known = {key: data[key] for key in ("rule", "severity", "message", "line", "column", "section", "hint",
                                            "replacement", "end_column", "excerpt") if key in data}
        locations = tuple(Location(**{k: v for k, v in place.items() if k in _LOCATION_KEYS})
                          for place in data.get("locations") or ())
        return cls(**known, locations=locations)


_LOCATION_KEYS = {"line", "column", "end_column", "excerpt", "section"}


@dataclass(slots=True)
class ChecklistItem:
    """One line of the writer's checklist: a heading, a focus area or the plan link."""

    id: str
    label: str
    status: str        # ok|missing|empty (sections), covered|unlinked|empty|missing (areas), ok|missing
    done: bool
    level: int = 2


@dataclass(slots=True)
class FileReport:
    path: str
    ruleset: str
    language: str
    source: str
    stats: dict[str, Any]
    sections: dict[str, str]
    focus_areas: dict[str, str]
    plan_link: str
    checklist: list[ChecklistItem]
    findings: list[Finding] = field(default_factory=list)
    title: str | None = None

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def progress(self) -> tuple[int, int]:
        return sum(item.done for item in self.checklist), len(self.checklist)

    @property
    def position_label(self) -> str:
        return "avsnitt" if self.source == "docx" else "linje"

    def to_dict(self) -> dict[str, Any]:
        done, total = self.progress
        return {
            "path": self.path, "ruleset": self.ruleset, "language": self.language,
            "title": self.title, "source": self.source,
            "stats": dict(self.stats),
            "summary": {
                "errors": self.count("error"), "warnings": self.count("warning"),
                "suggestions": self.count("suggestion"),
                "sections": dict(self.sections), "focus_areas": dict(self.focus_areas),
                "plan_link": self.plan_link,
                "progress": {"done": done, "total": total},
                "checklist": [asdict(item) for item in self.checklist],
            },
            "findings": [finding.to_dict() for finding in self.findings],
        }


def _rule_dict(info: RuleInfo) -> dict[str, Any]:
    """What a tool reading the JSON needs to show a finding's rule: what it is and where it comes from."""
    data = {"kind": info.kind, "summary": info.summary, "severity": info.severity.value, "pack": info.pack}
    if info.link:
        data["link"] = info.link
    return data


@dataclass(slots=True)
class FileError:
    """A file that could not be checked, with the one-line reason."""

    path: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "error": self.message}


@dataclass(slots=True)
class Report:
    files: list[FileReport] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    rules: dict[str, RuleInfo] = field(default_factory=dict)   # the catalogue of the packs used, by id

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": REPORT_VERSION, "files": [f.to_dict() for f in self.files]}
        if self.errors:
            data["errors"] = [error.to_dict() for error in self.errors]
        found = {finding.rule for file in self.files for finding in file.findings}
        described = {rule_id: _rule_dict(info) for rule_id, info in self.rules.items() if rule_id in found}
        if described:
            data["rules"] = described
        return data

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if any(report.errors for report in self.files) else 0
