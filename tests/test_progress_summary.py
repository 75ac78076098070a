"""The report's summary: checklist items, statuses and progress."""

from __future__ import annotations

from pathlib import Path

from planvakt.linting.engine import lint_text

DRAFT = """# Oppvekst

## Innledning

Prioriteringene bygger på kommuneplanens samfunnsdel.

## Prioriteringer

### Godt liv for alle

- Vi styrker tidlig innsats (mål 1.1).

### Grønt samfunn

- Vi faser ut fossil oppvarming (mål 2.1).

### Regional vekst

- Vi gir flere lærlinger plass (mål 3.3).

## Samarbeid for å nå målene

Vi samarbeider med frivillige.
"""


def _pack(tmp_path: Path, status_required: bool) -> str:
    pack = tmp_path / "valgfri.yaml"
    pack.write_text(f"""extends: sektorkapittel
name: valgfri
headings:
  - {{id: innledning, text: Innledning, level: 2}}
  - {{id: status, text: Status og utfordringer, level: 2, required: {str(status_required).lower()}}}
  - {{id: prioriteringer, text: Prioriteringer, level: 2, focus_areas: true}}
  - {{id: samarbeid, text: Samarbeid for å nå målene, level: 2}}
""", encoding="utf-8")
    return str(pack)


def test_a_missing_optional_heading_is_neither_a_gap_nor_a_finding(tmp_path: Path) -> None:
    report = lint_text(DRAFT, "d.md", rules=_pack(tmp_path, status_required=False))
    assert [item.id for item in report.checklist] == ["innledning", "prioriteringer", "S1", "S2", "S3",
                                                      "samarbeid", "plan_link"]
    assert report.progress == (7, 7)
    assert not [f for f in report.findings if f.rule == "heading-missing"]


def test_a_missing_required_heading_is_a_gap(tmp_path: Path) -> None:
    report = lint_text(DRAFT, "d.md", rules=_pack(tmp_path, status_required=True))
    assert report.progress == (7, 8)
    assert report.sections["status"] == "missing"
    assert [f.section for f in report.findings if f.rule == "heading-missing"] == ["status"]


def test_an_optional_heading_that_is_present_counts(tmp_path: Path) -> None:
    text = DRAFT.replace("## Prioriteringer", "## Status og utfordringer\n\nVi må spare.\n\n## Prioriteringer")
    report = lint_text(text, "d.md", rules=_pack(tmp_path, status_required=False))
    assert "status" in [item.id for item in report.checklist]
    assert report.progress == (8, 8)


def test_a_focus_area_citing_only_an_unknown_goal_is_not_linked() -> None:
    report = lint_text(DRAFT.replace("(mål 2.1)", "(mål 9.9)"), "d.md")
    assert report.focus_areas["S2"] == "unlinked"
    assert report.plan_link == "missing"
    assert [f.rule for f in report.findings if f.section == "S2"] == ["plan-goal-unknown"]


def test_a_heading_with_the_plan_period_is_the_guides_heading() -> None:
    report = lint_text(DRAFT.replace("## Prioriteringer", "## Prioriteringer 2022–2025"), "d.md")
    assert report.sections["prioriteringer"] == "ok"
    assert not [f for f in report.findings if f.section == "prioriteringer" or f.rule == "focus-area-missing"]


def test_a_short_bokmal_draft_is_read_as_bokmal() -> None:
    assert lint_text(DRAFT, "d.md").language == "nb"


def test_edits_to_a_plan_reach_a_cached_pack(tmp_path: Path) -> None:
    from planvakt.linting.rulepack.loader import load_pack

    plan = tmp_path / "plan.yaml"
    plan.write_text("name: Plan\nfocus_areas:\n  - id: A\n    name: Trygg oppvekst\n    goals:\n"
                    "      - {id: '1.1', text: Alle barn}\n", encoding="utf-8")
    pack = tmp_path / "pakke.yaml"
    pack.write_text("extends: sektorkapittel\nname: pakke\nplan: plan.yaml\n", encoding="utf-8")
    assert load_pack(str(pack)).plan.goal("1.2") is None
    plan.write_text(plan.read_text(encoding="utf-8") + "      - {id: '1.2', text: Alle unge}\n", encoding="utf-8")
    import os

    os.utime(plan, ns=(plan.stat().st_atime_ns, plan.stat().st_mtime_ns + 1_000_000))
    assert load_pack(str(pack)).plan.goal("1.2") is not None
