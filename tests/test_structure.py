"""The chapter's structure read from real-shaped drafts: tables, lists, Word pastes with
outline numbering, page furniture above the title, near misses of required headings."""

from __future__ import annotations

import pytest

from planvakt.linting.engine import lint_text
from planvakt.linting.golden.extract import read_priorities
from planvakt.linting.outline import build_outline, priorities
from planvakt.linting.readers import read_string

TABLE_UNDER_AREA = """# Oppvekst og utdanning

## Innledning

Sektoren har ansvar for barnehager og skoler, og bygger på kommuneplanens samfunnsdel.

## Status og utfordringer

| Tjeneste | 2021 | 2022 |
|---|---:|---:|
| Barnehage | 120,5 | 118,2 |

## Prioriteringer

### Godt liv for alle

| Tiltak | Mål |
|---|---|
| Tidlig innsats | 1.1 |

- Vi styrker tidlig innsats i barnehagene (mål 1.1).

### Grønt samfunn

| Tiltak | Mål |
|---|---|
| Fossilfri oppvarming | 2.1 |

### Regional vekst

- Flere lærlinger i regionen (mål 3.3).

## Samarbeid for å nå målene

Vi samarbeider med frivillige lag.
"""


def test_tables_are_content_but_never_priorities(pack) -> None:
    document = read_string(TABLE_UNDER_AREA, "x.md")
    outline = build_outline(document, pack, "nb")
    assert [p.block.text for p in priorities(outline.areas["S1"], pack)] == [
        "Vi styrker tidlig innsats i barnehagene (mål 1.1)."]
    assert priorities(outline.areas["S2"], pack) == []
    report = lint_text(TABLE_UNDER_AREA, "x.md", rules=pack)
    assert report.sections["status"] == "ok"          # a table is what stands under the heading
    assert report.focus_areas["S2"] == "empty"         # but a table of measures is no priority
    chapter = read_priorities(document, pack, language="nb")
    assert [(p.area, p.text) for p in chapter.priorities] == [
        ("S1", "Vi styrker tidlig innsats i barnehagene."), ("S3", "Flere lærlinger i regionen.")]


# A chapter copied from Word with outline numbering, as Word puts it on the clipboard:
# no blank lines, the outline number and a tab before each heading, «•\t» and «–\t» bullets,
# no-break spaces in «38 mill.» and «1.–4. trinn». Every heading comes straight after a
# prose line or a bullet.
WORD_PASTE = (
    "3.1\tOppvekst og utdanning\n"
    "3.1.1\tInnledning\n"
    "Sektoren har ansvar for barnehager, skoler og helsestasjon. Prioriteringene bygger på "
    "kommuneplanens samfunnsdel.\n"
    "3.1.2\tStatus og utfordringer\n"
    "Barnetallet gikk ned med 4 prosent fra 2020 til 2022. Sektoren må spare 38\u00a0mill. kr i 2023.\n"
    "3.1.3\tPrioriteringer\n"
    "3.1.3.1\tGodt liv for alle\n"
    "•\tVi styrker tidlig innsats i barnehage og på 1.–4.\u00a0trinn (mål 1.1).\n"
    "3.1.3.2\tGrønt samfunn\n"
    "–\tVi faser ut fossil oppvarming i alle barnehager innen 2025 (mål 2.1).\n"
    "3.1.3.3\tRegional vekst\n"
    "•\tFlere ungdommer får læreplass i regionen gjennom avtaler med næringslivet (mål 3.3).\n"
    "3.1.4\tSamarbeid for å nå målene\n"
    "Vi samarbeider med frivillige lag, nabokommunene og Statsforvalteren.\n"
)
STRUCTURAL = {"heading-missing", "heading-order", "section-empty", "heading-wording", "focus-area-missing",
              "focus-area-empty", "focus-area-misplaced", "plan-link-missing", "plan-goal-unknown",
              "priority-unlinked"}


def test_a_word_paste_with_outline_numbering_and_no_blank_lines_is_complete(pack) -> None:
    assert len(WORD_PASTE.splitlines()) == 14 and "\n\n" not in WORD_PASTE
    report = lint_text(WORD_PASTE, "-", rules=pack)
    progress = report.to_dict()["summary"]["progress"]
    assert (progress["done"], progress["total"]) == (8, 8)
    assert [f.rule for f in report.findings if f.rule in STRUCTURAL] == []
    assert report.title == "Oppvekst og utdanning"
    outline = build_outline(read_string(WORD_PASTE, "-"), pack, "nb")
    assert [(s.id, s.line, s.level) for s in outline.ordered] == [
        ("innledning", 2, 2), ("status", 4, 2), ("prioriteringer", 6, 2), ("S1", 7, 3), ("S2", 9, 3),
        ("S3", 11, 3), ("samarbeid", 13, 2)]


def test_the_same_paste_with_blank_lines_and_spaces_reads_the_same(pack) -> None:
    spaced = WORD_PASTE.replace("\t", " ").replace("\n", "\n\n")
    report = lint_text(spaced, "-", rules=pack)
    assert report.to_dict()["summary"]["progress"]["done"] == 8
    assert [f.rule for f in report.findings if f.rule in STRUCTURAL] == []


def test_headings_the_pack_does_not_know_are_kept_when_their_number_follows(pack) -> None:
    """«3.1.2.1 Demografi» straight after a prose line, under «3.1.2 Status og utfordringer»."""
    source = (
        "3.1 Oppvekst og utdanning\n"
        "3.1.1 Innledning\n"
        "Vi bygger på kommuneplanens samfunnsdel.\n"
        "3.1.2 Status og utfordringer\n"
        "Barnetallet går ned.\n"
        "3.1.2.1 Demografi\n"
        "Det blir færre barn i ytre bydeler.\n"
        "3.1.2.2 Økonomi\n"
        "Vi må spare penger.\n"
        "3.1.3 Prioriteringer\n"
    )
    outline = build_outline(read_string(source, "-"), pack, "nb")
    assert [(s.heading.text, s.level, s.parent.id) for s in outline.ordered if s.id is None] == [
        ("3.1.2.1 Demografi", 3, "status"), ("3.1.2.2 Økonomi", 3, "status")]
    assert [b.text for b in outline.sections["status"].blocks] == ["Barnetallet går ned."]


def test_numbered_lines_that_are_not_headings_stay_text(pack) -> None:
    source = (
        "3.1 Oppvekst og utdanning\n"
        "3.1.1 Innledning\n"
        "Vi bygger på kommuneplanens samfunnsdel, og vi har tre mål for\n"
        "2024 Vi skal ha flere lærlinger\n"          # a wrapped line: its number does not follow
        "3.1.5 Nye tiltak\n"                           # nor does this one (3.1.1 comes before it)
        "i regionen.\n"
        "3.1.2 Status og utfordringer\n"
        "Vi har disse målene:\n"
        "1. Flere lærlinger i regionen\n"              # a list after a colon
        "2. Grønnere drift (mål 2.1)\n"
    )
    outline = build_outline(read_string(source, "-"), pack, "nb")
    assert [s.id for s in outline.ordered] == ["innledning", "status"]
    assert [(b.kind, b.text) for b in outline.sections["innledning"].blocks] == [
        ("paragraph", "Vi bygger på kommuneplanens samfunnsdel, og vi har tre mål for 2024 Vi skal ha flere "
                      "lærlinger 3.1.5 Nye tiltak i regionen.")]
    assert [(b.kind, b.text) for b in outline.sections["status"].blocks] == [
        ("paragraph", "Vi har disse målene:"), ("bullet", "Flere lærlinger i regionen"),
        ("bullet", "Grønnere drift (mål 2.1)")]


def test_roman_and_dotted_numbers_are_outline_numbers(pack) -> None:
    source = (
        "IV. Helse og velferd\n"
        "1. Innledning\n"
        "Vi bygger på kommuneplanens samfunnsdel.\n"
        "2. Status og utfordringer\n"
        "Flere eldre.\n"
        "3. Prioriteringer\n"
    )
    report = lint_text(source, "-", rules=pack)
    assert report.title == "Helse og velferd"
    assert {key: report.sections[key] for key in ("innledning", "status", "prioriteringer")} == {
        "innledning": "ok", "status": "ok", "prioriteringer": "empty"}
    assert not [f for f in report.findings if f.rule == "heading-wording"]


def test_a_pack_can_still_ask_for_numbering_and_case_suggestions(pack) -> None:
    from dataclasses import replace

    from planvakt.linting.rulepack.model import CheckConfig

    config = pack.check("heading-wording")
    options = {**config.options, "flag": ["alias", "typo", "case", "numbering"]}
    strict = replace(pack, checks={**pack.checks, "heading-wording": replace(config, options=options)})
    report = lint_text(WORD_PASTE, "-", rules=strict)
    wording = [f for f in report.findings if f.rule == "heading-wording"]
    assert len(wording) == 7 and all("nummerert" in f.message for f in wording)
    assert isinstance(config, CheckConfig)


FURNITURE = (
    "Handlings- og økonomiplan 2021–2024 – Fjordvik kommune\n"
    "Rådmannens forslag\n"
    "\n"
    "4 Helse og velferd\n"
    "4.1 Innledning\n"
    "Sektoren har ansvar for sykehjem. Vi bygger på kommuneplanens samfunnsdel.\n"
    "\n"
    "Side 12 av 40\n"
    "\n"
    "4.2 Status og utfordringer\n"
    "Flere eldre.\n"
    "Handlings- og økonomiplan 2021–2024 – Fjordvik kommune\n"
    "Vi må spare.\n"
)


def test_page_furniture_is_neither_title_nor_text(pack) -> None:
    report = lint_text(FURNITURE, "-", rules=pack)
    assert report.title == "Helse og velferd"
    outline = build_outline(read_string(FURNITURE, "-"), pack, "nb")
    assert [b.text for b in outline.blocks()] == [
        "Sektoren har ansvar for sykehjem. Vi bygger på kommuneplanens samfunnsdel.",
        "Flere eldre. Vi må spare."]


def test_page_furniture_in_markdown_and_nynorsk(pack) -> None:
    source = ("Handlingsprogram og økonomiplan 2024–2027\n\nKommunedirektøren sitt framlegg\n\n"
              "# Oppvekst og kultur\n\n## Innleiing\n\nVi byggjer på kommuneplanen sin samfunnsdel.\n")
    report = lint_text(source, "x.md", rules=pack)
    assert report.title == "Oppvekst og kultur"


def test_a_sentence_naming_the_plan_and_a_year_is_text(pack) -> None:
    source = "# Helse og velferd\n\n## Innledning\n\nI økonomiplan 2022–2025 er det satt av penger til sykehjem\n"
    outline = build_outline(read_string(source, "x.md"), pack, "nb")
    assert [b.text for b in outline.blocks()] == [
        "I økonomiplan 2022–2025 er det satt av penger til sykehjem"]


def test_a_pack_adds_its_own_furniture(tmp_path, pack) -> None:
    from planvakt.linting.errors import RulePackError
    from planvakt.linting.rulepack.loader import load_pack

    own = tmp_path / "egen.yaml"
    own.write_text("extends: sektorkapittel\nname: egen\ntitle:\n  skip: ['Fjordvik kommune – [a-zæøå ]+']\n",
                   encoding="utf-8")
    source = "Fjordvik kommune – kommunedirektøren\n\n# Helse og velferd\n\n## Innledning\n\nTekst.\n"
    assert lint_text(source, "x.md", rules=pack).title is None
    assert lint_text(source, "x.md", rules=load_pack(str(own))).title == "Helse og velferd"
    broken = tmp_path / "brukket.yaml"
    broken.write_text("extends: sektorkapittel\nname: brukket\ntitle:\n  skip:\n    - 'Fjordvik ('\n",
                      encoding="utf-8")
    with pytest.raises(RulePackError) as error:
        load_pack(str(broken))
    assert error.value.line == 5 and "regulært uttrykk" in str(error.value)


def _missing(report, heading_id: str):
    return [f for f in report.findings if f.rule == "heading-missing" and f.section == heading_id]


def test_a_heading_run_into_its_paragraph_is_pointed_at(pack) -> None:
    source = WORD_PASTE.replace("3.1.2\tStatus og utfordringer\nBarnetallet",
                                "3.1.2 Status og utfordringer Barnetallet")
    report = lint_text(source, "-", rules=pack)
    [finding] = _missing(report, "status")
    assert (finding.line, finding.column) == (4, 1)
    assert "samme avsnitt" in finding.message
    assert "«3.1.2 Status og utfordringer Barnetallet gikk ned med …»" in finding.hint
    assert "Trykk Enter etter «Status og utfordringer»" in finding.hint and "«Overskrift 2»" in finding.hint


def test_a_heading_written_as_a_bullet_or_a_sentence_is_pointed_at(pack) -> None:
    bullet = WORD_PASTE.replace("3.1.2\tStatus og utfordringer\n", "•\tStatus og utfordringer\n")
    [finding] = _missing(lint_text(bullet, "-", rules=pack), "status")
    assert finding.line == 4 and "punkt i en liste" in finding.message
    assert "Fjern punkttegnet foran «Status og utfordringer»" in finding.hint
    sentence = WORD_PASTE.replace("3.1.1\tInnledning\n", "\n\nInnledning.\n\n")
    [finding] = _missing(lint_text(sentence, "-", rules=pack), "innledning")
    assert finding.line == 4 and "vanlig tekst" in finding.message and "«Overskrift 2»" in finding.hint


def test_a_near_miss_in_markdown_says_how_in_markdown(pack) -> None:
    source = TABLE_UNDER_AREA.replace("## Innledning\n\n", "Innledning: Sektoren")
    [finding] = _missing(lint_text(source, "x.md", rules=pack), "innledning")
    assert finding.line == 3 and "«## Innledning»" in finding.hint


def test_a_word_paragraph_in_the_normal_style_is_pointed_at(pack) -> None:
    from docx_factory import DocxBuilder

    from planvakt.linting.engine import lint_bytes

    builder = DocxBuilder().heading("Helse og velferd", 1).heading("Innledning", 2)
    builder.paragraph("Vi bygger på kommuneplanens samfunnsdel.").paragraph("Status og utfordringer")
    builder.paragraph("Flere eldre.")
    [finding] = _missing(lint_bytes(builder.to_bytes(), "x.docx", rules=pack), "status")
    assert finding.line == 4 and "Gi avsnittet stilen «Overskrift 2»" in finding.hint


def test_no_near_miss_for_a_sentence_that_only_starts_like_a_heading(pack) -> None:
    source = "# Helse og velferd\n\n## Innledning\n\nStatus og utfordringer er mange i år.\n"
    [finding] = _missing(lint_text(source, "x.md", rules=pack), "status")
    assert finding.message == "Overskriften «Status og utfordringer» mangler."
