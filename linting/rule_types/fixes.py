"""Replacements in the draft itself: ``planvakt check --diff`` and ``--write``.

Findings with a ``replacement`` (a substitution rule's «samt» → «og», a noun-heavy
«foreta en vurdering» → «vurdere») say exactly which characters to replace: line,
column and end column in the source file. They are applied to the file's own text, in
its own encoding and line endings. A replacement is applied only if those columns of
the file still hold what Planvakt read there (normalisation for the linter, e.g. a
dropped soft hyphen, can shift columns: then it is skipped, never guessed). Word files
are never changed.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from planvakt.linting.normalize import normalize_text
from planvakt.linting.readers import DOCX_SUFFIXES
from planvakt.linting.report.model import FileError, FileReport, Finding, Report

_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
DOCX_REFUSED = ("Planvakt endrer ikke Word-filer (.docx). Bruk forslagene i rapporten og rett i Word, "
                "eller lagre kapitlet som Markdown (.md) eller tekst (.txt)")
STDIN_REFUSED = "--diff og --write virker bare på filer, ikke på standard inn"


@dataclass(slots=True)
class Source:
    """A draft file's text as it is on disk."""

    path: Path
    text: str
    encoding: str

    @classmethod
    def read(cls, path: Path) -> Source:
        data = path.read_bytes()
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return cls(path, data.decode("utf-16"), "utf-16")
        if data.startswith(b"\xef\xbb\xbf"):
            return cls(path, data.decode("utf-8-sig"), "utf-8-sig")
        try:
            return cls(path, data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            return cls(path, data.decode("cp1252"), "cp1252")

    def write(self, text: str) -> None:
        self.path.write_bytes(text.encode(self.encoding))


@dataclass(slots=True)
class Fixed:
    """The outcome for one file."""

    path: str
    source: Source
    new: str
    applied: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)

    @property
    def old(self) -> str:
        return self.source.text

    def diff(self) -> str:
        relative = not Path(self.path).is_absolute()
        lines = difflib.unified_diff(self.old.splitlines(keepends=True), self.new.splitlines(keepends=True),
                                     fromfile=f"a/{self.path}" if relative else self.path,
                                     tofile=f"b/{self.path}" if relative else self.path)
        return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                       for line in lines)


def replaceable(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.replacement is not None and f.end_column is not None]


def apply_replacements(text: str, findings: list[Finding]) -> tuple[str, list[Finding], list[Finding]]:
    """``text`` with the findings' replacements; also which were applied and which skipped."""
    parts = _LINE_BREAK.split(text)
    breaks = _LINE_BREAK.findall(text)
    normalized = normalize_text(text).split("\n")
    applied: list[Finding] = []
    skipped: list[Finding] = []
    by_line: dict[int, list[Finding]] = {}
    for finding in replaceable(findings):
        by_line.setdefault(finding.line, []).append(finding)
    for line, found in by_line.items():
        if line - 1 >= len(parts) or line - 1 >= len(normalized):
            skipped.extend(found)
            continue
        raw, read = parts[line - 1], normalized[line - 1]
        taken_from = len(raw) + 1
        for finding in sorted(found, key=lambda f: f.column, reverse=True):
            start, end = finding.column - 1, (finding.end_column or 0) - 1
            if end > taken_from or start >= end or raw[start:end] != read[start:end] or not raw[start:end].strip():
                skipped.append(finding)   # overlaps another replacement, or the columns moved
                continue
            raw = raw[:start] + (finding.replacement or "") + raw[end:]
            taken_from = start
            applied.append(finding)
        parts[line - 1] = raw
    joined = "".join(part + (breaks[index] if index < len(breaks) else "") for index, part in enumerate(parts))
    applied.sort(key=lambda f: (f.line, f.column))
    return joined, applied, skipped


def fix(file_report: FileReport) -> Fixed:
    source = Source.read(Path(file_report.path))
    new, applied, skipped = apply_replacements(source.text, file_report.findings)
    return Fixed(file_report.path, source, new, applied, skipped)


def apply(report: Report, *, diff: bool, write: bool,
          relint: Callable[[str], FileReport] | None = None) -> Report:
    """Print the diff and/or write the files; with ``write``, the report after the change.

    Word files and standard input become file errors (exit code 2); the other files are
    still handled.
    """
    result = Report(errors=list(report.errors))
    written = 0
    for file_report in report.files:
        path = file_report.path
        if path == "-":
            result.errors.append(FileError(path=path, message=STDIN_REFUSED))
            continue
        if file_report.source == "docx" or Path(path).suffix.lower() in DOCX_SUFFIXES:
            result.errors.append(FileError(path=path, message=DOCX_REFUSED))
            continue
        try:
            fixed = fix(file_report)
        except OSError as error:
            result.errors.append(FileError(path=path, message=f"kan ikke lese filen ({error.strerror or error})"))
            continue
        if diff and fixed.new != fixed.old:
            sys.stdout.write(fixed.diff())
        if fixed.skipped:
            print(f"planvakt: {path}: {len(fixed.skipped)} erstatning(er) ble hoppet over fordi teksten der ikke "
                  "er slik Planvakt leste den; rett dem for hånd", file=sys.stderr)
        if write and fixed.new != fixed.old:
            try:
                fixed.source.write(fixed.new)
            except OSError as error:
                result.errors.append(FileError(path=path, message=f"kan ikke skrive filen ({error.strerror or error})"))
                continue
            written += 1
            words = ", ".join(f"«{_original(fixed.old, f)}» → «{f.replacement}»" for f in fixed.applied[:5])
            more = f" og {len(fixed.applied) - 5} til" if len(fixed.applied) > 5 else ""
            print(f"planvakt: {path}: {len(fixed.applied)} erstatning(er) skrevet ({words}{more})", file=sys.stderr)
            result.files.append(relint(path) if relint else file_report)
        else:
            result.files.append(file_report)
    return result


def _original(text: str, finding: Finding) -> str:
    line = _LINE_BREAK.split(text)[finding.line - 1]
    return line[finding.column - 1:(finding.end_column or finding.column) - 1]
