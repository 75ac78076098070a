"""Opt-outs written in the draft: Markdown comments that silence rules.

```markdown
<!-- planvakt-disable passive chancery -->      the next paragraph, bullet or heading
                                                 (also: planvakt-disable-next-line)
<!-- planvakt-disable-section sentence-length --> this section, wherever in it the comment
                                                 stands (or the next one, when the comment
                                                 stands just before its heading)
<!-- planvakt-disable-file vague -->            the whole draft
<!-- planvakt-disable -->                       no rule ids: every rule
```

Rule ids are separated by spaces or commas. They work for every rule, built-in checks
included. (The Markdown reader collects comments on lines of their own; text and Word
drafts have none.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from planvakt.linting.report.model import Finding

_DIRECTIVE = re.compile(r"^planvakt-disable(?P<kind>-next-line|-next|-line|-section|-file)?(?:\s+(?P<rules>.*))?$", re.S)
_LAST_LINE = 10 ** 9


@dataclass(frozen=True, slots=True)
class Suppression:
    rules: frozenset[str] | None   # None: every rule
    first: int                     # lines, inclusive
    last: int

    def covers(self, finding: Finding) -> bool:
        return self.first <= finding.line <= self.last and (self.rules is None or finding.rule in self.rules)


def named_rules(comment: str) -> list[str] | None:
    """The rule ids an opt-out comment names ([] for all rules), or None if it is no opt-out."""
    match = _DIRECTIVE.match(comment.strip())
    return _names(match) if match is not None else None


def _names(match: re.Match[str]) -> list[str]:
    return [name for name in re.split(r"[\s,]+", match.group("rules") or "") if name]


def suppressions(document: Any, outline: Any) -> list[Suppression]:
    """The opt-outs of ``document`` (its comments), resolved to line ranges."""
    if not document.comments:
        return []
    items = _items(document, outline)
    result = []
    for line, text in document.comments:
        match = _DIRECTIVE.match(text.strip())
        if match is None:
            continue
        names = _names(match)
        rules = frozenset(names) if names else None
        kind = match.group("kind") or "-next"
        if kind in ("-next-line", "-line"):
            kind = "-next"
        if kind == "-file":
            result.append(Suppression(rules, 1, _LAST_LINE))
            continue
        following = next((item for item in items if item[0] > line), None)
        if kind == "-next":
            if following is not None:
                result.append(Suppression(rules, following[0], following[1]))
            continue
        result.append(Suppression(rules, *_section_range(outline, line, following)))
    return result


def _items(document: Any, outline: Any) -> list[tuple[int, int, Any]]:
    """(first line, last line, section or None) of every block and heading, in order."""
    items: list[tuple[int, int, Any]] = []
    for block in document.all_blocks():
        last = block.anchors[-1][1] if block.anchors else block.line
        items.append((block.line, last, None))
    sections = {id(section.heading): section for section in outline.ordered if section.heading is not None}
    for heading in document.headings:
        items.append((heading.line, heading.line, sections.get(id(heading))))
    return sorted(items, key=lambda item: item[0])


def _section_range(outline: Any, line: int, following: tuple[int, int, Any] | None) -> tuple[int, int]:
    """The lines a section opt-out on ``line`` covers: from the comment when it stands just
    before a heading, else from the heading of the section it stands in (whose section-wide
    findings, such as LIX, point at the heading), to the end of that section."""
    ordered = outline.ordered
    if following is not None and following[2] is not None:
        current, first = following[2], line   # the comment stands just before this section's heading
    else:
        before = [section for section in ordered if section.line < line]
        if not before:
            after = [section for section in ordered if section.line > line]
            return line, (after[0].line - 1 if after else _LAST_LINE)
        current = before[-1]
        first = current.line
    index = ordered.index(current)
    for section in ordered[index + 1:]:
        if section.level <= current.level:
            return first, section.line - 1
    return first, _LAST_LINE


def apply(findings: Iterable[Finding], document: Any, outline: Any) -> list[Finding]:
    """``findings`` without those an opt-out comment silences."""
    found = suppressions(document, outline)
    if not found:
        return list(findings)
    return [finding for finding in findings if not any(s.covers(finding) for s in found)]
