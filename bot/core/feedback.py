"""A report turned into feedback a writer can act on: checklist, progress, the top findings.

Also the plain-text form of it, which is both Slack's fallback text and what the
terminal shows. Every length is bounded here, so the Slack rendering stays inside
Slack's limits whatever the report holds.
"""

from __future__ import annotations

from collections import Counter

from planvakt.bot.core.messages import AllFindings, ChecklistLine, Feedback, FindingGroup, FindingLine
from planvakt.linting.report.model import SEVERITY_ORDER, FileReport, Finding
from planvakt.linting.report.text import LANGUAGE_WORDS, STATUS_WORDS, plural

TOP_FINDINGS = 5
MAX_CHECKLIST_LINES = 40
MAX_TITLE = 120
MAX_MESSAGE = 500
MAX_HINT = 400
MAX_EXCERPT = 80
SEVERITY_MARKS = {"error": "❌", "warning": "⚠️", "suggestion": "💡"}
SEVERITY_NOUNS = {"error": ("feil", "feil"), "warning": ("advarsel", "advarsler"), "suggestion": ("forslag", "forslag")}
WHOLE_CHAPTER = "Hele kapitlet"


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def join_words(parts: list[str]) -> str:
    """«a», «a og b», «a, b og c»."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " og " + parts[-1]


def count_words(counts: dict[str, int], severities: tuple[str, ...] = ("error", "warning", "suggestion")) -> str:
    """«5 feil og 1 advarsel»: the non-zero counts, in severity order."""
    return join_words([plural(counts[s], *SEVERITY_NOUNS[s]) for s in severities if counts.get(s)])


def counts_phrase(report: FileReport, severities: tuple[str, ...] = ("error", "warning", "suggestion")) -> str:
    return count_words({s: report.count(s) for s in severities}, severities)


def title_of(report: FileReport) -> str:
    if report.title:
        return clip(report.title, MAX_TITLE)
    if report.path and report.path not in ("-", "utkast"):
        return clip(report.path, MAX_TITLE)
    return "Utkastet ditt"


def section_labels(report: FileReport) -> dict[str, str]:
    return {item.id: item.label for item in report.checklist}


def finding_line(report: FileReport, finding: Finding, labels: dict[str, str]) -> FindingLine:
    where = f"{report.position_label.capitalize()} {finding.line}"
    if finding.count > 1:
        where += f" og {plural(finding.count - 1, 'sted', 'steder')} til"
    section = labels.get(finding.section or "", finding.section or WHOLE_CHAPTER)
    return FindingLine(mark=SEVERITY_MARKS.get(finding.severity, "•"), where=where, section=clip(section, 80),
                       message=clip(finding.message, MAX_MESSAGE), hint=clip(finding.hint or "", MAX_HINT),
                       excerpt=clip(finding.excerpt or "", MAX_EXCERPT))


def checklist_lines(report: FileReport) -> tuple[ChecklistLine, ...]:
    """✅ in place; ⚠️ there but needs work (empty, no goal cited, or findings); ❌ missing."""
    per_section: dict[str | None, Counter[str]] = {}
    for finding in report.findings:
        per_section.setdefault(finding.section, Counter())[finding.severity] += 1
    lines: list[ChecklistLine] = []
    for item in report.checklist[:MAX_CHECKLIST_LINES]:
        found = per_section.get(item.id, Counter())
        serious = count_words(found, ("error", "warning"))
        if item.status == "missing":
            mark, note = "❌", STATUS_WORDS["missing"]
        elif not item.done:
            mark, note = "⚠️", STATUS_WORDS.get(item.status, item.status)
        elif serious:
            mark, note = "⚠️", serious
        else:
            mark, note = "✅", ""
        lines.append(ChecklistLine(mark=mark, label=clip(item.label, 80), note=note, level=item.level))
    if len(report.checklist) > MAX_CHECKLIST_LINES:
        rest = len(report.checklist) - MAX_CHECKLIST_LINES
        lines.append(ChecklistLine(mark="…", label=f"og {plural(rest, 'punkt', 'punkter')} til", note="", level=2))
    return tuple(lines)


def ranked(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then suggestions; in reading order within each."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.line, f.column))


def build_feedback(report: FileReport, *, report_id: str | None, display_name: str | None = None) -> Feedback:
    done, total = report.progress
    errors, warnings = report.count("error"), report.count("warning")
    clean = errors == 0 and warnings == 0
    labels = section_labels(report)
    top = tuple(finding_line(report, f, labels) for f in ranked(report.findings)[:TOP_FINDINGS])
    title = title_of(report)
    if clean and not report.findings:
        intro = "Alt er på plass, og jeg fant ingenting å rette. Godt jobbet! 🎉"
    elif clean:
        some = "et lite forslag" if len(report.findings) == 1 else "noen små forslag"
        intro = f"Alt er på plass, og ingen feil. Her er {some} til ordlyden:"
    elif errors:
        intro = f"Jeg fant {counts_phrase(report)}. Dette er det viktigste å rette:"
    else:
        intro = f"Nesten i mål: ingen feil, men {counts_phrase(report, ('warning', 'suggestion'))}:"
    context = [f"Regelpakke {report.ruleset}", LANGUAGE_WORDS.get(report.language, report.language)]
    if display_name:
        context.append(f"fil {clip(display_name, 80)}")
    if report.source == "docx" and report.findings:
        context.append("avsnitt telles som i Word")
    return Feedback(title=title, progress=(done, total), clean=clean, intro=intro,
                    checklist=checklist_lines(report), top=top, total_findings=len(report.findings),
                    context=" · ".join(part for part in context if part), report_id=report_id)


def build_all_findings(report: FileReport) -> AllFindings:
    labels = section_labels(report)
    order = {section: index for index, section in enumerate(labels)}
    groups: dict[str | None, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.section, []).append(finding)
    ordered = sorted(groups.items(), key=lambda item: (item[0] is None, order.get(item[0] or "", len(order))))
    return AllFindings(title=title_of(report), groups=tuple(
        FindingGroup(label=clip(labels.get(section or "", section or WHOLE_CHAPTER), 80),
                     findings=tuple(finding_line(report, f, labels) for f in findings))
        for section, findings in ordered))


# --- plain text -------------------------------------------------------------------


def finding_text(line: FindingLine) -> str:
    text = f"{line.mark} *{line.where}* ({line.section}): {line.message}"
    if line.excerpt:
        text += f"\n      «{line.excerpt}»"
    return f"{text}\n      → {line.hint}" if line.hint else text


def checklist_text(lines: tuple[ChecklistLine, ...]) -> str:
    return "\n".join(f"{'      ' * max(line.level - 2, 0)}{line.mark} {line.label}"
                     f"{' – ' + line.note if line.note else ''}" for line in lines)


def feedback_text(feedback: Feedback, *, more_hint: str = "") -> str:
    done, total = feedback.progress
    parts = [f"*{feedback.title}* – {done}/{total} på plass"]
    if feedback.clean and not feedback.total_findings:
        parts.append(feedback.intro)
        return "\n\n".join(parts)
    parts.append(checklist_text(feedback.checklist))
    parts.append(feedback.intro + "\n" + "\n".join(finding_text(line) for line in feedback.top))
    if feedback.hidden:
        parts.append(f"… og {plural(feedback.hidden, 'funn', 'funn')} til.{more_hint}")
    parts.append(feedback.context)
    return "\n\n".join(parts)


def all_findings_text(findings: AllFindings) -> str:
    parts = [f"*Alle funn – {findings.title}*"]
    for group in findings.groups:
        parts.append(f"*{group.label}*\n" + "\n".join(finding_text(line) for line in group.findings))
    if not findings.groups:
        parts.append("Ingen funn. 🎉")
    return "\n\n".join(parts)
