"""The chapter's structure read from real-shaped drafts: tables, lists, Word pastes with
outline numbering, page furniture above the title, near misses of required headings."""

from __future__ import annotations

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
