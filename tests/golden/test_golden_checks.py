"""The opt-in checks of the `virksomhetsplan` and `arsrapport` packs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planvakt.linting.checks import REGISTRY
from planvakt.linting.cli import main
from planvakt.linting.engine import lint_text
from planvakt.linting.rulepack.loader import builtin_dir, load_pack

from .conftest import EXAMPLES, HOP, PLANS, REPORT

GOLDEN_RULES = ["hop-link-missing", "unit-priority-unlinked", "unit-priority-unmatched", "report-status-missing",
                "report-explanation-missing", "report-priority-unanswered", "report-answer-unmatched"]


def _rules(report, rule_id: str | None = None) -> list[str]:
    return [f.rule for f in report.findings if rule_id is None or f.rule == rule_id]


def test_the_golden_checks_are_opt_in() -> None:
    assert all(not REGISTRY[rule].default_enabled for rule in GOLDEN_RULES)
    sector = load_pack("sektorkapittel")
    assert not any(REGISTRY[rule].enabled_in(sector) for rule in GOLDEN_RULES)


def test_a_sector_chapter_never_hears_about_statuses() -> None:
    report = lint_text((EXAMPLES / "oppvekst.md").read_text(encoding="utf-8"), "oppvekst.md",
                       rules="sektorkapittel")
    assert not set(_rules(report)) & set(GOLDEN_RULES)


def test_every_check_can_be_configured_in_a_pack() -> None:
    schema = json.loads((builtin_dir() / "schema" / "rulepack.schema.json").read_text(encoding="utf-8"))
    assert set(GOLDEN_RULES) <= set(schema["properties"]["checks"]["properties"])


def test_a_pack_opts_in_and_out(tmp_path: Path) -> None:
    opt_in = tmp_path / "inn.yaml"
    opt_in.write_text("extends: sektorkapittel\nname: inn\nchecks:\n  report-status-missing: {severity: warning}\n",
                      encoding="utf-8")
    opt_out = tmp_path / "ut.yaml"
    opt_out.write_text("extends: arsrapport\nname: ut\nchecks:\n  report-status-missing: {enabled: false}\n",
                       encoding="utf-8")
    text = "# Årsrapport\n\n## Måloppnåelse\n\n### Godt liv for alle\n\n- Tidlig innsats (mål 1.1).\n"
    assert _rules(lint_text(text, "a.md", rules=str(opt_in)), "report-status-missing")
    assert not _rules(lint_text(text, "a.md", rules=str(opt_out)), "report-status-missing")


REPORT_DRAFT = """# Årsrapport 2021

## Innledning

Årsrapporten svarer ut prioriteringene i HØP 2021–2024, som bygger på kommuneplanens samfunnsdel.

## Måloppnåelse

### Godt liv for alle

- Tidlig innsats i barnehage og på 1.–4. trinn (mål 1.1). Oppnådd: 340 barn fikk hjelp tidlig i 2021.
- Nytt program mot mobbing på alle skoler (mål 1.5). Delvis oppnådd.
- Trygt hjemme for flere eldre (mål 1.2).

### Grønt samfunn

- Elbiler i hjemmetjenesten (mål 2.1). Status: oppnådd – hjemmetjenesten kjører nå bare elbiler.

### Regional vekst

- Lærlinger i helsefagarbeiderfaget (mål 3.3). Ikke oppnådd: Vi fikk bare 20 av 30 lærlinger.

## Veien videre

Arbeidet mot mobbing fortsetter i 2022.
"""


def test_report_items_need_a_status_and_a_sentence() -> None:
    report = lint_text(REPORT_DRAFT, "arsrapport.md", rules="arsrapport")
    assert [(f.rule, f.line) for f in report.findings if f.rule.startswith("report-")] == [
        ("report-explanation-missing", 12), ("report-status-missing", 13)]
    missing = next(f for f in report.findings if f.rule == "report-status-missing")
    assert "Oppnådd" in missing.hint and "Delvis oppnådd" in missing.hint


def test_the_report_is_checked_against_the_hop_when_given(chapters) -> None:
    report = lint_text(REPORT.read_text(encoding="utf-8"), "arsrapport-2021.md", rules="arsrapport",
                       hop_priorities=chapters)
    unanswered = [f for f in report.findings if f.rule == "report-priority-unanswered"]
    assert len(unanswered) == 1 and "busstraséer" in unanswered[0].message
    assert unanswered[0].section == "S3" and unanswered[0].severity == "error"
    # without the HØP there is nothing to compare with
    plain = lint_text(REPORT.read_text(encoding="utf-8"), "arsrapport-2021.md", rules="arsrapport")
    assert not _rules(plain, "report-priority-unanswered") and not _rules(plain, "report-answer-unmatched")


def test_an_answer_to_no_hop_priority_is_pointed_out(chapters) -> None:
    draft = REPORT_DRAFT.replace("- Trygt hjemme for flere eldre (mål 1.2).",
                                 "- Ny svømmehall i Nordbyen (mål 1.2). Oppnådd: Hallen åpnet i august.")
    report = lint_text(draft, "arsrapport.md", rules="arsrapport", hop_priorities=chapters)
    assert [f.line for f in report.findings if f.rule == "report-answer-unmatched"] == [13]


PLAN_DRAFT = """# Virksomhetsplan 2021 – Sentrum bo- og aktivitetssenter

## Om enheten

Senteret har 60 beboere. Prioriteringene bygger på kommuneplanens samfunnsdel.

## Prioriteringer

### Godt liv for alle

- Flere eldre skal bo trygt hjemme lenger, med trygghetsalarm og digitalt tilsyn.
- Beboerne får tilbud om trening hver dag (mål 1.2).
- Vi lager en ny aktivitetsplan for beboerne.

### Grønt samfunn

- Vi bytter til elbiler og elsykler (jf. HØP Helse og velferd).

### Regional vekst

- Vi tar imot lærlinger i helsefagarbeiderfaget (mål 3.3).
"""


def test_business_plan_priorities_cite_a_goal_or_the_hop(chapters) -> None:
    report = lint_text(PLAN_DRAFT, "plan.md", rules="virksomhetsplan")
    assert [f.line for f in report.findings if f.rule == "unit-priority-unlinked"] == [11, 13]
    assert not _rules(report, "hop-link-missing")  # a priority's «jf. HØP» names the HØP
    report = lint_text(PLAN_DRAFT, "plan.md", rules="virksomhetsplan", hop_priorities=chapters)
    # the first one words a HØP priority closely enough to count as linked
    assert [f.line for f in report.findings if f.rule == "unit-priority-unlinked"] == [13]
    assert [f.line for f in report.findings if f.rule == "unit-priority-unmatched"] == [12, 13]


def test_hop_link_is_found_by_name() -> None:
    unnamed = PLAN_DRAFT.replace(" (jf. HØP Helse og velferd)", " (mål 2.1)")
    report = lint_text(unnamed, "plan.md", rules="virksomhetsplan")
    assert [(f.rule, f.line, f.section) for f in report.findings if f.rule == "hop-link-missing"] == [
        ("hop-link-missing", 3, "innledning")]
    named = unnamed.replace("bygger på kommuneplanens samfunnsdel.",
                            "følger opp handlings- og økonomiplanen og kommuneplanens samfunnsdel.")
    assert not _rules(lint_text(named, "plan.md", rules="virksomhetsplan"), "hop-link-missing")
    compound = unnamed.replace("bygger på", "bygger på HØP-prioriteringene og")
    assert not _rules(lint_text(compound, "plan.md", rules="virksomhetsplan"), "hop-link-missing")


def test_examples_pass_their_packs(capsys, monkeypatch) -> None:
    monkeypatch.delenv("PLANVAKT_RULES", raising=False)
    paths = [str(EXAMPLES / "oppvekst.md"), str(HOP), str(PLANS), str(REPORT)]
    assert main(["check", "--format", "json", *paths]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    assert all(f["summary"]["errors"] == 0 for f in files)


def test_check_with_chapters_finds_the_unanswered_priority(capsys, monkeypatch) -> None:
    monkeypatch.delenv("PLANVAKT_RULES", raising=False)
    assert main(["check", "--format", "json", "--chapters", str(HOP), str(REPORT)]) == 1
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [f["rule"] for f in findings if f["severity"] == "error"] == ["report-priority-unanswered"]


def test_check_with_unreadable_chapters_says_so(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "mangler.md"
    assert main(["check", "--chapters", str(missing), str(REPORT)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err


@pytest.mark.parametrize("rule", GOLDEN_RULES)
def test_explain_shows_each_rule(rule, capsys) -> None:
    assert main(["explain", "--rules", "arsrapport" if rule.startswith(("report", "hop")) else "virksomhetsplan",
                 rule]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{rule}: ") and "slått av" not in out
