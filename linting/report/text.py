"""The human report: a checklist, progress, and findings grouped by section."""

from __future__ import annotations

from typing import Any

from planvakt.linting.report.model import FileReport, Finding, Report, Severity

SEVERITY_WORDS = {severity.value: severity.label for severity in Severity}
STATUS_WORDS = {"missing": "mangler", "empty": "tom", "unlinked": "uten mål fra samfunnsdelen"}
LANGUAGE_WORDS = {"nb": "bokmål", "nn": "nynorsk"}
MAX_PLACES = 50  # a collapsed finding's further places shown in the text report
_COLORS = {"error": "31", "warning": "33", "suggestion": "36", "bold": "1", "dim": "2", "ok": "32"}


class _Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        return f"\033[{_COLORS[style]}m{text}\033[0m" if self.enabled else text


def plural(count: int, singular: str, plural_form: str) -> str:
    return f"{count} {singular if count == 1 else plural_form}"


def summary_line(file_report: FileReport) -> str:
    return ", ".join(plural(file_report.count(severity), severity.label, severity.plural) for severity in Severity)


def render(report: Report, *, color: bool = False, **_: Any) -> str:
    style = _Style(color)
    parts = [_render_file(file_report, style) for file_report in report.files]
    if len(report.files) > 1:
        total = sum(f.errors for f in report.files)
        parts.append(style(f"{plural(len(report.files), 'fil', 'filer')} sjekket, "
                           f"{plural(total, 'feil', 'feil')} i alt.", "bold"))
    return "\n\n".join(parts)


def _render_file(file_report: FileReport, style: _Style) -> str:
    done, total = file_report.progress
    title = f" – «{file_report.title}»" if file_report.title else ""
    lines = [style(f"{file_report.path}{title}", "bold"),
             f"Regelpakke {file_report.ruleset}, {LANGUAGE_WORDS.get(file_report.language, file_report.language)}. "
             f"Fremdrift: {style(f'{done}/{total}', 'bold')} på plass.", ""]
    for item in file_report.checklist:
        indent = "  " * max(item.level - 1, 1)
        mark = "✅" if item.done else "❌"
        note = "" if item.done else style(f"  ({STATUS_WORDS.get(item.status, item.status)})", "dim")
        lines.append(f"{indent}{mark} {item.label}{note}")
    if not file_report.findings:
        lines += ["", style("Alt på plass – ingen funn. Godt jobbet!", "ok")]
        return "\n".join(lines)
    labels = {item.id: item.label for item in file_report.checklist}
    position_note = " (linjenummer er avsnittsnummer i Word)" if file_report.source == "docx" else ""
    for section, findings in _grouped(file_report.findings, list(labels)):
        lines += ["", style(labels.get(section or "", section or "Hele kapitlet"), "bold")]
        for finding in findings:
            severity = style(Severity(finding.severity).label, finding.severity)
            lines.append(f"  {file_report.path}:{finding.line}:{finding.column}: {severity}: "
                         f"{finding.message} {style('[' + finding.rule + ']', 'dim')}")
            if finding.excerpt:
                lines.append(f"      «{finding.excerpt}»")
            if finding.locations:
                lines.append(f"      {_more_places(finding, file_report.position_label)}")
            if finding.hint:
                lines.append(f"      → {finding.hint}")
    lines += ["", f"{summary_line(file_report)}.{position_note}"]
    return "\n".join(lines)


def _more_places(finding: Finding, label: str) -> str:
    """«Også linje 14 («Vi skal …») og 20.»: a collapsed finding's other places."""
    others = [str(place.line) for place in finding.locations[1:]]
    shown = others[:MAX_PLACES] + ([f"{len(others) - MAX_PLACES} steder til"] if len(others) > MAX_PLACES else [])
    joined = ", ".join(shown[:-1]) + " og " + shown[-1] if len(shown) > 1 else "".join(shown)
    return f"Også {label} {joined}."


def _grouped(findings: list[Finding], order: list[str]) -> list[tuple[str | None, list[Finding]]]:
    groups: dict[str | None, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.section, []).append(finding)
    rank = {section: index for index, section in enumerate(order)}
    return sorted(groups.items(), key=lambda item: (item[0] is None, rank.get(item[0] or "", len(rank)),
                                                    min(f.line for f in item[1])))
