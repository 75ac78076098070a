"""Findings a writer can act on: every finding quotes what it concerns, and repeats of one
cause are one finding with every place, in every output format."""

from __future__ import annotations

import json
from pathlib import Path

from planvakt.bot.core.report_codec import report_from_dict
from planvakt.linting.engine import lint_text
from planvakt.linting.report.collapse import CollapseSpec, collapse, join_values
from planvakt.linting.report.formats import render
from planvakt.linting.report.model import Finding, Report
from planvakt.linting.rulepack.loader import load_pack

CHAPTER = """# Oppvekst og utdanning

## Innledning

Sektoren har ansvar for barnehager og skoler. Prioriteringene bygger på kommuneplanens samfunnsdel.

## Status og utfordringer

{status}

## Prioriteringer

### Godt liv for alle

- Vi styrker tidlig innsats i barnehagene (mål 9.1).
- Alle familier får hjemmebesøk (mål 9.2).
- Flere barn får plass i kulturskolen (mål 9.3).
- Vi utvider fritidstilbudet for barn i familier med lav inntekt (mål 1.3).
- Vi gir leksehjelp på alle skolene.

### Grønt samfunn

- Vi faser ut fossil oppvarming i skolene innen 2027 (mål 2.1).

### Regional vekst

- Flere lærlinger får plass i kommunen (mål 3.3).

## Samarbeid for å nå målene

Vi samarbeider med frivillige lag og foreninger.
""".format(status="Antallet barn går ned. Vi skal bygge to nye barnehager i sentrum i perioden, og vi skal samtidig "
                  "pusse opp de eldste skolebyggene i de ytre bydelene slik at elevene får et bedre inneklima.")


def _lint(text: str = CHAPTER, rules: str = "sektorkapittel"):  # type: ignore[no-untyped-def]
    return lint_text(text, "utkast.md", rules=load_pack(rules), markdown=True)


def _by_rule(report, rule: str) -> list[Finding]:  # type: ignore[no-untyped-def]
    return [f for f in report.findings if f.rule == rule]


def test_a_sentence_finding_quotes_the_start_of_its_sentence() -> None:
    [long] = _by_rule(_lint(), "sentence-length")
    assert long.excerpt == "Vi skal bygge to nye barnehager …"


def test_a_finding_about_a_priority_quotes_it() -> None:
    [unlinked] = _by_rule(_lint(), "priority-unlinked")
    assert unlinked.excerpt == "Vi gir leksehjelp på alle skolene."
    assert unlinked.line == CHAPTER.split("\n").index("- Vi gir leksehjelp på alle skolene.") + 1


def test_unknown_goals_of_one_area_are_one_finding_with_every_place() -> None:
    report = _lint()
    [unknown] = _by_rule(report, "plan-goal-unknown")
    lines = CHAPTER.split("\n")
    expected = [next(i + 1 for i, line in enumerate(lines) if f"mål 9.{n})" in line) for n in (1, 2, 3)]
    assert unknown.message == "Samfunnsdelen har ikke målene 9.1–9.3."
    assert unknown.count == 3 and [place.line for place in unknown.places] == expected
    assert unknown.line == expected[0]
    assert [place.excerpt for place in unknown.places] == [
        "Vi styrker tidlig innsats i barnehagene …", "Alle familier får hjemmebesøk (mål 9.2).",
        "Flere barn får plass i kulturskolen …"]
    assert unknown.places[0].column == lines[expected[0] - 1].index("9.1") + 1

    data = report.to_dict()["findings"]
    [as_json] = [f for f in data if f["rule"] == "plan-goal-unknown"]
    assert as_json["count"] == 3 and [place["line"] for place in as_json["locations"]] == expected
    assert as_json["excerpt"] == "Vi styrker tidlig innsats i barnehagene …"
    assert report_from_dict(report.to_dict()).findings == report.findings   # the bot reads it back whole


def test_every_output_format_has_every_place() -> None:
    report = _lint()
    pack = load_pack()
    unknown_lines = [place.line for f in _by_rule(report, "plan-goal-unknown") for place in f.places]
    sarif = json.loads(render(Report(files=[report]), "sarif", pack=pack))
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "plan-goal-unknown"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == unknown_lines
    assert results[1]["properties"]["excerpt"] == "Alle familier får hjemmebesøk (mål 9.2)."
    github = [line for line in render(Report(files=[report]), "github", pack=pack).split("\n")
              if "plan-goal-unknown" in line]
    assert [int(line.split("line=")[1].split(",")[0]) for line in github] == unknown_lines
    text = render(Report(files=[report]), "text", pack=pack)
    assert f"Også linje {unknown_lines[1]} og {unknown_lines[2]}." in text
    assert "«Vi gir leksehjelp på alle skolene.»" in text


def test_findings_of_different_causes_stay_apart() -> None:
    other_area = CHAPTER.replace("(mål 9.3)", "(mål 2.9)")   # not the plan's either, but a known area's number
    report = _lint(other_area)
    messages = sorted(f.message for f in _by_rule(report, "plan-goal-unknown"))
    assert messages == ["Samfunnsdelen har ikke målene 9.1 og 9.2.", "Samfunnsdelen har ikke noe mål 2.9."]
    assert sum(f.count for f in _by_rule(report, "plan-goal-unknown")) == 3
    single = _lint(CHAPTER.replace("(mål 9.2)", "(mål 1.2)").replace("(mål 9.3)", "(mål 1.1)"))
    [alone] = _by_rule(single, "plan-goal-unknown")
    assert alone.count == 1 and not alone.locations and alone.message == "Samfunnsdelen har ikke noe mål 9.1."


def test_a_rule_collapses_by_its_own_fields(tmp_path: Path) -> None:
    pack = tmp_path / "pakke.yaml"
    pack.write_text("extends: sektorkapittel\nname: test\nrules:\n  vague:\n    collapse:\n      by: [lemma]\n"
                    "      message: «{match}» er et vagt ord, og det står {count} ganger.\n", encoding="utf-8")
    text = CHAPTER.replace("Antallet barn går ned.", "Vi har fokus på barna. Fokus er viktig. Tilbudet er robust.")
    report = _lint(text, str(pack))
    vague = _by_rule(report, "vague")
    assert sorted((f.message, f.count) for f in vague) == [
        ("«fokus» er et vagt ord, og det står 2 ganger.", 2), ("«robust» er et vagt ord.", 1)]


def test_collapse_keeps_order_and_min_count() -> None:
    def finding(rule: str, line: int, **fields: str) -> Finding:
        return Finding(rule=rule, severity="warning", message=f"{rule} {line}", line=line, column=1, section=None,
                       hint="", fields=fields)

    findings = [finding("a", 1, word="x"), finding("b", 2), finding("a", 3, word="y"), finding("a", 4, word="x")]
    specs = {"a": CollapseSpec(by=("word",), message="{word}: {count}")}
    result = collapse(findings, specs.get)
    assert [(f.rule, f.line, f.message, f.count) for f in result] == [("a", 1, "x: 2", 2), ("b", 2, "b 2", 1),
                                                                       ("a", 3, "a 3", 1)]
    assert collapse(findings, {"a": CollapseSpec(by=("word",), min_count=3)}.get) == findings


def test_join_values() -> None:
    assert join_values(["9.1", "9.2", "9.3", "9.4", "9.5"]) == "9.1–9.5"
    assert join_values(["9.1", "9.3", "9.4"]) == "9.1, 9.3 og 9.4"
    assert join_values(["9.1", "9.2"]) == "9.1 og 9.2"
    assert join_values(["robust"]) == "robust"
