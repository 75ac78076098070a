"""The three shared samples get exactly what ../shared/samples/README.md says a writer
should hear. Lines are looked up in the sample text, so an edited sample still tests
the same thing."""

from __future__ import annotations

from pathlib import Path

import pytest

from planvakt.linting.engine import lint_path
from planvakt.linting.report.model import FileReport

STRUCTURAL_RULES = frozenset({
    "heading-missing", "heading-order", "section-empty", "heading-wording",
    "focus-area-missing", "focus-area-empty", "focus-area-misplaced",
    "plan-link-missing", "plan-goal-unknown", "priority-unlinked",
})


def line_of(path: Path, needle: str) -> int:
    """1-based line of the only line containing ``needle``."""
    hits = [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if needle in line]
    assert len(hits) == 1, f"{needle!r} occurs {len(hits)} times in {path.name}"
    return hits[0]


def structural(report: FileReport) -> list[tuple[str, int, str | None]]:
    return sorted((f.rule, f.line, f.section) for f in report.findings if f.rule in STRUCTURAL_RULES)


def test_complete_chapter_has_nothing_to_fix(samples_dir: Path, pack) -> None:
    report = lint_path(samples_dir / "oppvekst-komplett.md", rules=pack)
    assert report.findings == []
    assert report.sections == {"innledning": "ok", "status": "ok", "prioriteringer": "ok", "samarbeid": "ok"}
    assert report.focus_areas == {"S1": "covered", "S2": "covered", "S3": "covered"}
    assert report.plan_link == "ok"
    assert report.progress == (8, 8)
    assert report.title == "Oppvekst og utdanning"


def test_slack_paste_has_nothing_to_fix(samples_dir: Path, pack) -> None:
    report = lint_path(samples_dir / "slack-lim-inn.txt", rules=pack)
    assert report.findings == []
    assert report.source == "text"
    assert report.sections == {"innledning": "ok", "status": "ok", "prioriteringer": "ok", "samarbeid": "ok"}
    assert report.focus_areas == {"S1": "covered", "S2": "covered", "S3": "covered"}
    assert report.plan_link == "ok"
    assert report.title == "Oppvekst og utdanning"


def test_draft_gets_exactly_the_structural_findings_the_readme_lists(samples_dir: Path, pack) -> None:
    path = samples_dir / "oppvekst-utkast.md"
    report = lint_path(path, rules=pack)
    innledning = line_of(path, "## Innledning")
    prioriteringer = line_of(path, "## Prioriteringer")
    climate = line_of(path, "mål 2.1")
    gronn = line_of(path, "### Grønt samfunn")
    samarbeid_goal = line_of(path, "mål 9.4")

    assert structural(report) == sorted([
        ("heading-missing", prioriteringer, "status"),          # «Status og utfordringer» is missing
        ("focus-area-missing", prioriteringer, "S3"),           # «Regional vekst» is missing
        ("focus-area-empty", gronn, "S2"),                      # only «Kommer.»
        ("focus-area-misplaced", climate, "S1"),                # mål 2.1 under «Godt liv for alle»
        ("plan-goal-unknown", samarbeid_goal, "samarbeid"),     # mål 9.4 does not exist
        ("plan-link-missing", innledning, "innledning"),        # never names the plan
    ])
    by_rule = {f.rule: f for f in report.findings}
    assert "«Status og utfordringer»" in by_rule["heading-missing"].message
    assert "«Regional vekst»" in by_rule["focus-area-missing"].message
    assert "Kommer" in by_rule["focus-area-empty"].message
    misplaced = by_rule["focus-area-misplaced"]
    assert "2.1" in misplaced.message and "«Grønt samfunn»" in misplaced.hint
    line = path.read_text(encoding="utf-8").splitlines()[climate - 1]
    assert misplaced.column == line.index("2.1") + 1
    unknown = by_rule["plan-goal-unknown"]
    assert "9.4" in unknown.message
    assert unknown.column == path.read_text(encoding="utf-8").splitlines()[samarbeid_goal - 1].index("9.4") + 1

    assert report.sections == {"innledning": "ok", "status": "missing", "prioriteringer": "ok", "samarbeid": "ok"}
    assert report.focus_areas == {"S1": "covered", "S2": "empty", "S3": "missing"}
    assert report.plan_link == "missing"
    assert report.errors >= 5  # all but the misplaced priority are errors


@pytest.mark.parametrize("name", ["oppvekst-komplett.md", "oppvekst-utkast.md", "slack-lim-inn.txt"])
def test_samples_read_the_same_from_bytes_and_from_disk(samples_dir: Path, pack, name: str) -> None:
    """What the bot gets (bytes of an upload) and what the CLI reads give one verdict."""
    from planvakt.linting.engine import lint_bytes

    path = samples_dir / name
    assert lint_bytes(path.read_bytes(), name, rules=pack).findings == lint_path(path, rules=pack).findings


@pytest.mark.parametrize("name", ["oppvekst-komplett.md", "oppvekst-utkast.md", "slack-lim-inn.txt"])
def test_samples_pasted_into_chat_give_the_same_verdict(samples_dir: Path, pack, name: str) -> None:
    """A paste has no file name: Markdown or text is sniffed from the content."""
    from planvakt.linting.engine import lint_text

    path = samples_dir / name
    pasted = lint_text(path.read_text(encoding="utf-8"), "-", rules=pack)
    assert pasted.source == ("markdown" if name.endswith(".md") else "text")
    assert pasted.findings == lint_path(path, rules=pack).findings
